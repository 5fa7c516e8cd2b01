//! Cross-check with rdflib: every export format, parsed by an independent implementation,
//! gives the same graph as our store, and every named query (core and Wikidata profile), run
//! verbatim by rdflib's SPARQL engine, gives the same rows as `cpsu-kg query`. Needs the venv that `scripts/test.sh` installs; the
//! test fails, never skips, when it is missing.

mod common;

use common::{python, python_check, root, run_ok, temp_dir};
use cpsu_kg::output::export::ExportFormat;
use std::process::Command;

#[test]
fn rdflib_parses_every_export_format_to_the_same_graph() {
    let python = python();
    let dir = temp_dir("rdflib");
    let mut files = Vec::new();
    for format in ExportFormat::ALL {
        let path = dir.join(format!("graph.{}", format.extension()));
        run_ok(&["export", "-o", path.to_str().expect("path")]);
        files.push(path.to_string_lossy().into_owned());
    }
    let base = cpsu_kg::graph::vocab::BaseIri::default();
    let store = cpsu_kg::store::build(&cpsu_kg::data::check::load(None).expect("data"), &base)
        .expect("store");
    let expected = store.len().expect("count").to_string();
    let output = Command::new(python)
        .arg(root().join("tests/python/rdflib_check.py"))
        .arg(&expected)
        .args(&files)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "rdflib disagrees:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.ends_with(", ok")).count(),
        ExportFormat::ALL.len(),
        "{stdout}"
    );
}

/// The named queries and the parameters each runs with (N-Triples terms, as rdflib binds
/// them, beside the `--param` value cpsu-kg takes).
/// One parameter: the variable, the value `--param` takes, and the term rdflib binds.
type Param = (&'static str, &'static str, &'static str);

const NAMED: &[(&str, &[Param])] = &[
    ("acting-holders", &[]),
    ("congresses", &[]),
    ("deputies", &[]),
    ("disputed-claims", &[]),
    ("events", &[]),
    ("facts-with-sources", &[]),
    (
        "holder-on-date",
        &[(
            "date",
            "1985-03-10",
            "\"1985-03-10\"^^<http://www.w3.org/2001/XMLSchema#date>",
        )],
    ),
    ("office-holders", &[]),
    ("office-infobox", &[]),
    ("office-names", &[]),
    ("organizations", &[]),
    ("person-offices", &[]),
    (
        "person-profile",
        &[(
            "person",
            "gorbachev",
            "<https://w3id.org/cpsu-kg/person/gorbachev>",
        )],
    ),
    ("successions", &[]),
];

#[test]
fn rdflib_runs_every_named_query_verbatim_with_the_same_rows() {
    let listed = run_ok(&["queries"]);
    let names: Vec<&str> = listed.lines().filter(|l| !l.starts_with(' ')).collect();
    let core: Vec<&str> = names
        .iter()
        .copied()
        .filter(|l| !l.starts_with("wikidata/"))
        .collect();
    assert_eq!(
        core,
        NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "every core named query has a case here"
    );
    // The Wikidata profile's queries take no parameters; they run on its own export.
    let wikidata: Vec<(&str, &[Param])> = names
        .iter()
        .copied()
        .filter(|l| l.starts_with("wikidata/"))
        .map(|n| (n, &[][..]))
        .collect();
    assert!(wikidata.len() >= 9, "{listed}");
    for (profile, cases) in [("core", NAMED.to_vec()), ("wikidata", wikidata)] {
        let dir = temp_dir(&format!("rdflib-queries-{profile}"));
        let graph = dir.join("graph.ttl");
        run_ok(&[
            "export",
            "--profile",
            profile,
            "-o",
            graph.to_str().expect("path"),
        ]);
        let mut arguments = vec![graph.into_os_string()];
        for (name, params) in &cases {
            let case = dir.join(name.replace('/', "-"));
            std::fs::create_dir_all(&case).expect("a case folder");
            std::fs::write(case.join("query.rq"), run_ok(&["queries", "--show", name]))
                .expect("write");
            let params_given: Vec<String> = params
                .iter()
                .map(|(variable, value, _)| format!("{variable}={value}"))
                .collect();
            let mut args = vec!["query", name, "--results", "tsv"];
            for given in &params_given {
                args.extend(["--param", given.as_str()]);
            }
            let bindings: String = params
                .iter()
                .map(|(variable, _, term)| format!("{variable}\t{term}\n"))
                .collect();
            std::fs::write(case.join("ours.tsv"), run_ok(&args)).expect("write");
            std::fs::write(case.join("bindings.txt"), bindings).expect("write");
            arguments.push(case.into_os_string());
        }
        let stdout = python_check("rdflib_queries.py", arguments);
        assert_eq!(
            stdout.lines().filter(|l| l.ends_with(", same")).count(),
            cases.len(),
            "{profile}: {stdout}"
        );
    }
}

/// JSON-LD is compacted with the graph's own context: pyld (an independent JSON-LD
/// processor) expands it back to exactly the N-Triples, for both profiles, and a reader of
/// plain JSON finds each person's English name at `label.en`.
#[test]
fn jsonld_is_compacted_and_expands_to_the_ntriples() {
    let dir = temp_dir("jsonld");
    for profile in ["core", "wikidata"] {
        let jsonld = dir.join(format!("{profile}.jsonld"));
        let nt = dir.join(format!("{profile}.nt"));
        run_ok(&[
            "export",
            "--profile",
            profile,
            "-o",
            jsonld.to_str().expect("path"),
        ]);
        run_ok(&[
            "export",
            "--profile",
            profile,
            "-o",
            nt.to_str().expect("path"),
        ]);
        let count = python_check("jsonld_check.py", [jsonld.as_os_str(), nt.as_os_str()]);
        assert!(
            count.trim().parse::<usize>().expect("a count") > 1000,
            "{count}"
        );
    }
    let text = std::fs::read_to_string(dir.join("core.jsonld")).expect("read");
    let document: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(document["@context"].is_object(), "a context inline");
    let nodes = document["@graph"]
        .as_array()
        .expect("one object per entity");
    let stalin = nodes
        .iter()
        .find(|n| n["@id"] == "person:stalin")
        .expect("Stalin's object");
    assert_eq!(stalin["label"]["en"], "Joseph Stalin");
    assert_eq!(stalin["label"]["ru"], "Иосиф Сталин");
    assert!(
        stalin["@type"]
            .as_array()
            .expect("types")
            .contains(&"schema:Person".into())
    );
    let persons = nodes
        .iter()
        .filter(|n| {
            n["@type"]
                .as_array()
                .is_some_and(|t| t.contains(&"cpsu:Person".into()))
        })
        .count();
    assert!(persons >= 17, "{persons}");
    assert!(
        nodes
            .iter()
            .filter(|n| n["@type"]
                .as_array()
                .is_some_and(|t| t.contains(&"cpsu:Person".into())))
            .all(|n| n["label"]["en"].is_string())
    );
    // The same data gives the same bytes.
    let again = dir.join("again.jsonld");
    run_ok(&["export", "-o", again.to_str().expect("path")]);
    assert_eq!(std::fs::read_to_string(again).expect("read"), text);
}

/// `ontology/context.jsonld` is the context of the default data's core export, kept in step
/// (`BLESS=1` rewrites it).
#[test]
fn the_published_context_is_the_core_exports() {
    let data = cpsu_kg::data::check::load(None).expect("the data loads");
    let base = cpsu_kg::graph::vocab::BaseIri::default();
    let quads = cpsu_kg::output::export::profile_quads(
        &data,
        &base,
        cpsu_kg::graph::profile::Profile::Core,
    );
    common::check_golden(
        "ontology/context.jsonld",
        &cpsu_kg::output::jsonld::context_document(&quads, &base),
    );
}
