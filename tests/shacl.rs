//! `cpsu-kg validate`: the real graph conforms to the project's shapes, and a corpus of
//! graphs (one per kind of constraint, in `tests/shacl/`) gets the same verdict and the
//! same results (focus node, path, constraint component and value) from cpsu-kg, from
//! pySHACL and from Jena SHACL (both installed by `scripts/test.sh`).

mod common;

use common::{entries, jena_shacl, python_check, root, run, run_ok, temp_dir};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term};
use std::collections::BTreeSet;

const SH: &str = "http://www.w3.org/ns/shacl#";

/// The verdict as `conforms<TAB>bool` and sorted `focus<TAB>path<TAB>component<TAB>value`
/// lines.
fn ours(graph: &str) -> Vec<String> {
    let output = run(&["validate", "--graph", graph, "--report", "ttl"]);
    let turtle = String::from_utf8(output.stdout).expect("UTF-8");
    let lines = summary(&turtle);
    assert_eq!(
        output.status.code(),
        Some(if lines[0] == "conforms\ttrue" { 0 } else { 1 }),
        "{graph}: exit code"
    );
    lines
}

/// The summary lines of a `sh:ValidationReport` written in Turtle.
fn summary(turtle: &str) -> Vec<String> {
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .map(|q| q.expect("the report parses"))
        .collect();
    let value = |t: &Term| match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        Term::BlankNode(b) => b.to_string(),
    };
    let object = |subject: &str, predicate: &str| {
        quads
            .iter()
            .find(|q| {
                q.subject.to_string() == subject
                    && q.predicate.as_str() == format!("{SH}{predicate}")
            })
            .map(|q| value(&q.object))
    };
    let report = quads
        .iter()
        .find(|q| q.object.to_string() == format!("<{SH}ValidationReport>"))
        .expect("a sh:ValidationReport")
        .subject
        .to_string();
    let conforms = object(&report, "conforms").expect("sh:conforms");
    let mut lines: BTreeSet<String> = BTreeSet::new();
    for result in quads
        .iter()
        .filter(|q| q.predicate.as_str() == format!("{SH}result"))
    {
        let node = result.object.to_string();
        let focus = object(&node, "focusNode").expect("sh:focusNode");
        let path = object(&node, "resultPath").unwrap_or_default();
        let component = object(&node, "sourceConstraintComponent").expect("a component");
        let value = object(&node, "value").unwrap_or_default();
        lines.insert(format!("{focus}\t{path}\t{component}\t{value}"));
    }
    std::iter::once(format!("conforms\t{conforms}"))
        .chain(lines)
        .collect()
}

/// Jena SHACL's verdict on `graph` (relative to the crate root) against `shapes`.
fn jena(graph: &std::path::Path, shapes: &std::path::Path) -> Vec<String> {
    summary(&jena_shacl(graph, shapes))
}

fn theirs(graph: &str) -> Vec<String> {
    python_check(
        "shacl_check.py",
        [root().join(graph), root().join("ontology/shapes.ttl")],
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

#[test]
fn shacl_broken_graphs_get_the_same_verdict_from_pyshacl_and_jena() {
    let cases = entries(&root().join("tests/shacl"));
    assert!(
        cases.len() >= 16,
        "at least 15 broken graphs and a conforming one: {cases:?}"
    );
    for case in cases {
        let graph = format!("tests/shacl/{case}");
        let ours = ours(&graph);
        let theirs = theirs(&graph);
        assert_eq!(ours, theirs, "{case}: cpsu-kg and pySHACL disagree");
        let jena = jena(&root().join(&graph), &root().join("ontology/shapes.ttl"));
        assert_eq!(ours, jena, "{case}: cpsu-kg and Jena SHACL disagree");
        let conforms = case == "conforms.ttl";
        assert_eq!(ours[0], format!("conforms\t{conforms}"), "{case}");
        if !conforms {
            assert!(ours.len() > 1, "{case}: no result");
        }
    }
}

#[test]
fn shacl_real_graph_conforms_in_every_engine() {
    let text = run_ok(&["validate"]);
    assert!(text.contains("the graph conforms to the shapes"), "{text}");
    let dir = temp_dir("shacl-real");
    for profile in ["core", "wikidata"] {
        let file = dir.join(format!("{profile}.ttl"));
        run_ok(&[
            "export",
            "--profile",
            profile,
            "-o",
            file.to_str().expect("path"),
        ]);
        let stdout = python_check(
            "shacl_check.py",
            [file.clone(), root().join("ontology/shapes.ttl")],
        );
        assert_eq!(
            stdout.trim(),
            "conforms\ttrue",
            "pySHACL on the {profile} profile: {stdout}"
        );
        let jena = jena(&file, &root().join("ontology/shapes.ttl"));
        assert_eq!(
            jena,
            ["conforms\ttrue"],
            "Jena SHACL on the {profile} profile"
        );
    }
}

#[test]
fn validate_takes_the_users_shapes() {
    let dir = temp_dir("shacl-user");
    let shapes = dir.join("shapes.ttl");
    let prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix schema: <http://schema.org/> .\n@prefix cpsu: <https://w3id.org/cpsu-kg/ontology#> .\n";
    std::fs::write(
        &shapes,
        format!("{prefixes}[] a sh:NodeShape ; sh:targetClass cpsu:Person ; sh:property [ sh:path schema:birthPlace ; sh:minCount 1 ] .\n"),
    )
    .expect("write");
    let output = run(&["validate", "--shapes", shapes.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("violation: person:"))
            .count(),
        17,
        "{text}"
    );
    assert!(text.contains("does not conform"));
    // A construct the engine does not evaluate (a SHACL Advanced Features rule) is
    // refused, never half-checked.
    let rule = dir.join("rule.ttl");
    std::fs::write(
        &rule,
        format!("{prefixes}cpsu:PersonShape a sh:NodeShape ; sh:targetClass cpsu:Person ; sh:rule [ ] .\n"),
    )
    .expect("write");
    let output = run(&["validate", "--shapes", rule.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("shape <https://w3id.org/cpsu-kg/ontology#PersonShape> uses sh:rule (SHACL Advanced Features), which this SHACL engine does not evaluate"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no report for refused shapes");
    let broken = dir.join("broken.ttl");
    std::fs::write(&broken, "this is not turtle").expect("write");
    let output = run(&["validate", "--shapes", broken.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the shapes do not parse"));
}
