//! Cross-check with rdflib: every export format, parsed by an independent implementation,
//! gives the same graph as our store, and every named query, run verbatim by rdflib's SPARQL
//! engine, gives the same rows as `cpsu-kg query`. Needs the venv that `scripts/test.sh` installs; the
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
    let dir = temp_dir("rdflib-queries");
    let graph = dir.join("graph.ttl");
    run_ok(&["export", "-o", graph.to_str().expect("path")]);
    let listed = run_ok(&["queries"]);
    let core: Vec<&str> = listed
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with("wikidata/"))
        .collect();
    assert_eq!(
        core,
        NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "every core named query has a case here"
    );
    let mut cases = vec![graph.into_os_string()];
    for (name, params) in NAMED {
        let case = dir.join(name);
        std::fs::create_dir_all(&case).expect("a case folder");
        std::fs::write(case.join("query.rq"), run_ok(&["queries", "--show", name])).expect("write");
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
        cases.push(case.into_os_string());
    }
    let stdout = python_check("rdflib_queries.py", cases);
    assert_eq!(
        stdout.lines().filter(|l| l.ends_with(", same")).count(),
        NAMED.len(),
        "{stdout}"
    );
}
