//! `cpsu-kg validate`: the real graph conforms to the project's shapes, and a corpus of
//! graphs (one per kind of constraint, in `tests/shacl/`) gets the same verdict and the
//! same results (focus node, path, constraint component and value) from cpsu-kg, from
//! pySHACL and from Jena SHACL (both installed by `scripts/test.sh`).

mod common;

use common::{entries, jena_shacl, python_check, root, run, run_ok, temp_dir};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Graph, NamedNode, NamedOrBlankNode, Term, TermRef, Triple};
use std::collections::BTreeSet;

const SH: &str = "http://www.w3.org/ns/shacl#";

/// The verdict as `conforms<TAB>bool` and sorted `focus<TAB>path<TAB>component<TAB>value`
/// lines.
fn ours(graph: &str) -> Vec<String> {
    ours_with(graph, None)
}

fn ours_with(graph: &str, shapes: Option<&str>) -> Vec<String> {
    let mut args = vec!["validate", "--graph", graph, "--report", "ttl"];
    if let Some(shapes) = shapes {
        args.extend(["--shapes", shapes]);
    }
    let output = run(&args);
    let turtle = String::from_utf8(output.stdout).expect("UTF-8");
    let lines = summary(&turtle);
    assert_eq!(
        output.status.code(),
        Some(if lines[0] == "conforms\ttrue" { 0 } else { 1 }),
        "{graph}: exit code"
    );
    lines
}

/// The summary lines of a `sh:ValidationReport` written in Turtle, in the form of
/// `tests/python/shacl_check.py`: a blank node is `_:`, a path that is not one IRI is
/// written out from its structure.
fn summary(turtle: &str) -> Vec<String> {
    let mut graph = Graph::new();
    for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
        graph.insert(&Triple::from(triple.expect("the report parses")));
    }
    let report: Term = graph
        .subjects_for_predicate_object(rdf::TYPE, &sh("ValidationReport"))
        .next()
        .expect("a sh:ValidationReport")
        .into_owned()
        .into();
    let conforms = object(&graph, &report, sh("conforms")).map_or_else(String::new, |t| text(&t));
    let mut lines: BTreeSet<String> = BTreeSet::new();
    for result in objects(&graph, &report, sh("result")) {
        let field =
            |local: &str| object(&graph, &result, sh(local)).map_or_else(String::new, |t| text(&t));
        let path = object(&graph, &result, sh("resultPath"))
            .map_or_else(String::new, |p| path(&graph, &p));
        lines.insert(format!(
            "{}\t{path}\t{}\t{}",
            field("focusNode"),
            field("sourceConstraintComponent"),
            field("value")
        ));
    }
    std::iter::once(format!("conforms\t{conforms}"))
        .chain(lines)
        .collect()
}

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

fn text(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        Term::BlankNode(_) => "_:".to_owned(),
    }
}

fn objects(graph: &Graph, node: &Term, predicate: NamedNode) -> Vec<Term> {
    let subject = match node {
        Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
        Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
        Term::Literal(_) => return Vec::new(),
    };
    graph
        .objects_for_subject_predicate(&subject, &predicate)
        .map(TermRef::into_owned)
        .collect()
}

fn object(graph: &Graph, node: &Term, predicate: NamedNode) -> Option<Term> {
    objects(graph, node, predicate).into_iter().next()
}

/// A path as `shacl_check.py` writes it. A sequence inside a sequence is flattened, since
/// Jena writes `(a b c)` as `((a b) c)`.
fn path(graph: &Graph, node: &Term) -> String {
    let is_list = |n: &Term| object(graph, n, rdf::FIRST.into_owned()).is_some();
    if let Term::NamedNode(n) = node
        && n.as_ref() != rdf::NIL
        && !is_list(node)
    {
        return n.as_str().to_owned();
    }
    let members = |head: &Term| {
        let mut items = Vec::new();
        let mut cell = head.clone();
        while let Some(item) = object(graph, &cell, rdf::FIRST.into_owned()) {
            items.push(item);
            match object(graph, &cell, rdf::REST.into_owned()) {
                Some(rest) => cell = rest,
                None => break,
            }
        }
        items
    };
    if is_list(node) {
        let mut flat = Vec::new();
        let mut todo: Vec<Term> = members(node).into_iter().rev().collect();
        while let Some(item) = todo.pop() {
            if is_list(&item) {
                todo.extend(members(&item).into_iter().rev());
            } else {
                flat.push(path(graph, &item));
            }
        }
        return format!("({})", flat.join(" / "));
    }
    for (local, symbol) in [
        ("inversePath", "^"),
        ("zeroOrMorePath", "*"),
        ("oneOrMorePath", "+"),
        ("zeroOrOnePath", "?"),
    ] {
        if let Some(inner) = object(graph, node, sh(local)) {
            return format!("{symbol}{}", path(graph, &inner));
        }
    }
    match object(graph, node, sh("alternativePath")) {
        Some(list) => {
            let texts: Vec<String> = members(&list).iter().map(|m| path(graph, m)).collect();
            format!("({})", texts.join(" | "))
        }
        None => format!("unknown path {node}"),
    }
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

/// Results an outside engine does not give where cpsu-kg and the other one agree, by
/// engine and case, each with its reason.
///
/// Jena 4.5 stops a recursive shape when the shape is re-entered on *any* node (it takes
/// the inner check for a success), so a chain `alice -> bob -> dave` where dave fails
/// `KnownShape` passes; cpsu-kg and pySHACL follow the chain (cpsu-kg stops only when a
/// shape comes back to the same node, a cycle, and reports that as an error).
///
/// pySHACL reads literals through rdflib, which takes `"TRUE"` and `"yes"` for booleans,
/// `"1e3"` for a decimal, `"53"` and `"1953-03"` for years, `"1953-13"` for a year and
/// month and a date for a `dateTime`; XSD's lexical spaces (and Jena) do not.
const LACKS: &[(&str, &str, &[&str])] = &[
    (
        "Jena",
        "recursion-or",
        &[
            "http://example.org/alice\thttp://example.org/knows\thttp://www.w3.org/ns/shacl#OrConstraintComponent\thttp://example.org/bob",
            "http://example.org/frank\thttp://example.org/knows\thttp://www.w3.org/ns/shacl#OrConstraintComponent\t_:",
        ],
    ),
    (
        "pySHACL",
        "xsd-literals",
        &[
            "http://example.org/sample\thttp://example.org/boolean\thttp://www.w3.org/ns/shacl#DatatypeConstraintComponent\tTRUE",
            "http://example.org/sample\thttp://example.org/boolean\thttp://www.w3.org/ns/shacl#DatatypeConstraintComponent\tyes",
            "http://example.org/sample\thttp://example.org/dateTime\thttp://www.w3.org/ns/shacl#DatatypeConstraintComponent\t1953-03-05",
            "http://example.org/sample\thttp://example.org/decimal\thttp://www.w3.org/ns/shacl#DatatypeConstraintComponent\t1e3",
            "http://example.org/sample\thttp://example.org/gYear\thttp://www.w3.org/ns/shacl#DatatypeConstraintComponent\t1953-03",
            "http://example.org/sample\thttp://example.org/gYear\thttp://www.w3.org/ns/shacl#DatatypeConstraintComponent\t53",
            "http://example.org/sample\thttp://example.org/gYearMonth\thttp://www.w3.org/ns/shacl#DatatypeConstraintComponent\t1953-13",
        ],
    ),
];

/// `ours` without the lines `engine` is known not to give on `case`.
fn without_known_gaps(ours: &[String], engine: &str, case: &str) -> Vec<String> {
    let lacks: &[&str] = LACKS
        .iter()
        .find(|(e, c, _)| *e == engine && *c == case)
        .map_or(&[], |(_, _, lines)| lines);
    for line in lacks {
        assert!(
            ours.iter().any(|l| l == line),
            "{case}: cpsu-kg no longer finds {line}"
        );
    }
    ours.iter()
        .filter(|l| !lacks.contains(&l.as_str()))
        .cloned()
        .collect()
}

/// Shapes of other kinds than the project's (`tests/shacl-shapes/CASE/{data,shapes}.ttl`):
/// recursion through `sh:or`, paths through blank nodes, literals of many XSD datatypes,
/// well-formed and ill-formed.
#[test]
fn shacl_other_shapes_get_the_same_verdict_from_pyshacl_and_jena() {
    let cases = entries(&root().join("tests/shacl-shapes"));
    assert!(cases.len() >= 3, "{cases:?}");
    for case in cases {
        let data = format!("tests/shacl-shapes/{case}/data.ttl");
        let shapes = format!("tests/shacl-shapes/{case}/shapes.ttl");
        let ours = ours_with(&data, Some(&shapes));
        let pyshacl: Vec<String> =
            python_check("shacl_check.py", [root().join(&data), root().join(&shapes)])
                .lines()
                .map(str::to_owned)
                .collect();
        assert_eq!(
            without_known_gaps(&ours, "pySHACL", &case),
            pyshacl,
            "{case}: cpsu-kg and pySHACL disagree"
        );
        let jena = jena(&root().join(&data), &root().join(&shapes));
        assert_eq!(
            without_known_gaps(&ours, "Jena", &case),
            jena,
            "{case}: cpsu-kg and Jena SHACL disagree"
        );
        assert!(ours.len() > 1, "{case}: no result");
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

#[test]
fn validate_resolves_relative_iris_against_the_files() {
    let dir = temp_dir("shacl-relative");
    std::fs::write(dir.join("data.ttl"), "<#alice> a <#Person> .\n").expect("write");
    std::fs::write(
        dir.join("shapes.ttl"),
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<#S> sh:targetClass <data.ttl#Person> ; sh:property [ sh:path <data.ttl#name> ; sh:minCount 1 ] .\n",
    )
    .expect("write");
    let output = run(&[
        "validate",
        "--graph",
        dir.join("data.ttl").to_str().expect("path"),
        "--shapes",
        dir.join("shapes.ttl").to_str().expect("path"),
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let alice = format!("<file://{}#alice>", dir.join("data.ttl").display());
    assert!(
        text.starts_with(&format!("violation: {alice} <file://")),
        "{text}"
    );
    assert!(text.contains("[MinCountConstraintComponent]"), "{text}");
}

#[test]
fn validate_report_is_the_same_from_run_to_run() {
    // Blank nodes in the data and the shapes get labels from the order of the files.
    let args = [
        "validate",
        "--graph",
        "tests/shacl-shapes/blank-node-paths/data.ttl",
        "--shapes",
        "tests/shacl-shapes/blank-node-paths/shapes.ttl",
        "--report",
        "ttl",
    ];
    let first = run(&args);
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, run(&args).stdout);
}

#[test]
fn validate_checks_each_graph_of_a_dataset_on_its_own() {
    // Both profiles in their named graphs: each conforms, as `validate` finds them.
    let dir = temp_dir("shacl-dataset");
    let file = dir.join("all.trig");
    let path = file.to_str().expect("path");
    run_ok(&["export", "--profile", "all", "--format", "trig", "-o", path]);
    let text = run_ok(&["validate", "--graph", path]);
    assert!(text.contains("the graph conforms to the shapes"), "{text}");
}
