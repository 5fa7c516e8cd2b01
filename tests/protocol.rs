//! `cpsu-kg serve` through real SPARQL clients with their default settings: SPARQLWrapper,
//! rdflib's `SPARQLStore` and Jena's `rsparql` run every named query (core, and `wikidata/`
//! with the Wikidata export named as the default graph) and must answer the rows
//! `cpsu-kg query` answers (`tests/python/protocol_clients.py`).

mod common;

use common::{Served, python, root, temp_dir};
use std::process::Command;

/// The class path that starts Debian's Jena: `CPSU_KG_JENA_CLASSPATH` (which
/// `scripts/test.sh` sets), else what `scripts/jena-classpath.sh` prints. Fails, never
/// skips, when Java or Jena is missing.
fn jena_classpath() -> String {
    common::program("JAVA", "/usr/bin/java");
    common::program("JENA_JAR", "/usr/share/java/jena-arq.jar");
    if let Some(path) = std::env::var_os("CPSU_KG_JENA_CLASSPATH") {
        return path.to_string_lossy().into_owned();
    }
    let printed = Command::new(root().join("scripts/jena-classpath.sh"))
        .arg(temp_dir("jena-classpath"))
        .output()
        .expect("scripts/jena-classpath.sh runs");
    assert!(printed.status.success(), "{printed:?}");
    String::from_utf8_lossy(&printed.stdout).trim().to_owned()
}

#[test]
fn protocol_real_clients_answer_every_named_query_as_cpsu_kg_query_does() {
    let served = Served::start(&[]);
    let wikidata = "https://w3id.org/cpsu-kg/graph/wikidata";
    let cases = common::queries::write_cases(&temp_dir("protocol-clients"), |name| {
        // The graph a `wikidata/` query runs on, as `cpsu-kg query` runs it on that profile.
        if name.starts_with("wikidata/") {
            wikidata.to_owned()
        } else {
            String::new()
        }
    });
    let output = Command::new(python())
        .arg(root().join("tests/python/protocol_clients.py"))
        .arg(format!("http://127.0.0.1:{}/sparql", served.port))
        .arg("--jena")
        .arg(jena_classpath())
        .args(cases.iter().map(|(_, case)| case))
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    for line in [
        "defaults SPARQLWrapper: ",
        "defaults SPARQLStore: ",
        "gzip: ",
        "conditional: ",
        "service description turtle: ",
        "service description xml: ",
    ] {
        let said = stdout.lines().find(|l| l.starts_with(line));
        assert!(
            said.is_some_and(|l| l.ends_with(", same")),
            "{line}\n{stdout}"
        );
    }
    for (name, _) in &cases {
        for client in ["SPARQLWrapper", "SPARQLStore", "rsparql"] {
            let said = stdout
                .lines()
                .find(|l| l.starts_with(&format!("{name} {client}: ")))
                .unwrap_or_else(|| panic!("{name} {client}: no answer\n{stdout}"));
            assert!(said.ends_with(", same"), "{name} {client}\n{stdout}");
            // A `wikidata/` query that answered no rows would prove nothing.
            assert!(
                !said.contains(": 0 rows"),
                "{name} {client}: no rows\n{stdout}"
            );
        }
    }
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
