//! The W3C SHACL test suite (`tests/w3c-shacl/`, an unchanged copy; see its `SOURCE.md`),
//! run from its manifests the way implementation reports are made: each test's data graph
//! and shapes graph go to `cpsu-kg validate --graph F --shapes F --report ttl`, and the
//! report is compared with the manifest's expected one on `sh:conforms` and on the
//! multiset of results (focus node, path, component, severity, value and source shape).
//! A test whose expected result is `sht:Failure` must make `validate` fail with an error.
//!
//! Blank nodes cannot be matched across two parses, so a blank node in a focus node,
//! value or source shape matches any blank node; a path is compared by its structure
//! (the report names its path nodes with IRIs, the manifest uses blank nodes).
//!
//! `KNOWN_FAILURES` lists the tests the engine does not pass yet, each with its reason;
//! the test fails when a listed test passes or an unlisted one fails.

mod common;

use common::{root, run};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Graph, NamedNodeRef, NamedOrBlankNode, Term, TermRef};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SH: &str = "http://www.w3.org/ns/shacl#";
const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// Tests not passed yet, with the reason. Empty: the whole suite passes.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn iri(namespace: &str, local: &str) -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(Box::leak(format!("{namespace}{local}").into_boxed_str()))
}

fn file_url(path: &Path) -> String {
    cpsu_kg::store::shacl::file_url(path)
}

fn parse(path: &Path) -> Graph {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut graph = Graph::new();
    for triple in RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(file_url(path))
        .expect("a base IRI")
        .for_slice(&text)
    {
        graph.insert(&triple.expect("the suite parses").into());
    }
    graph
}

fn parse_text(text: &str) -> Graph {
    let mut graph = Graph::new();
    for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
        graph.insert(&triple.expect("the report parses").into());
    }
    graph
}

fn subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        Term::Literal(_) => None,
    }
}

fn object(graph: &Graph, node: &Term, predicate: NamedNodeRef<'_>) -> Option<Term> {
    let s = subject(node)?;
    graph
        .object_for_subject_predicate(&s, predicate)
        .map(TermRef::into_owned)
}

fn objects(graph: &Graph, node: &Term, predicate: NamedNodeRef<'_>) -> Vec<Term> {
    let Some(s) = subject(node) else {
        return Vec::new();
    };
    graph
        .objects_for_subject_predicate(&s, predicate)
        .map(TermRef::into_owned)
        .collect()
}

fn list(graph: &Graph, head: &Term) -> Vec<Term> {
    let mut items = Vec::new();
    let mut node = head.clone();
    while let Some(first) = object(graph, &node, iri(RDF, "first")) {
        items.push(first);
        match object(graph, &node, iri(RDF, "rest")) {
            Some(rest) => node = rest,
            None => break,
        }
    }
    items
}

/// A term as compared: blank nodes match each other.
fn term(t: &Term) -> String {
    match t {
        Term::BlankNode(_) => "_:".to_owned(),
        other => other.to_string(),
    }
}

/// A path as SPARQL-like text, read from its RDF form in `graph`.
fn path(graph: &Graph, node: &Term) -> String {
    if let Term::NamedNode(n) = node
        && n.as_str() != format!("{RDF}nil")
        && object(graph, node, iri(RDF, "first")).is_none()
    {
        return n.to_string();
    }
    if object(graph, node, iri(RDF, "first")).is_some() {
        let members: Vec<String> = list(graph, node).iter().map(|m| path(graph, m)).collect();
        return format!("({})", members.join(" / "));
    }
    for (local, symbol) in [
        ("inversePath", "^"),
        ("zeroOrMorePath", "*"),
        ("oneOrMorePath", "+"),
        ("zeroOrOnePath", "?"),
    ] {
        if let Some(inner) = object(graph, node, iri(SH, local)) {
            return format!("{symbol}{}", path(graph, &inner));
        }
    }
    if let Some(members) = object(graph, node, iri(SH, "alternativePath")) {
        let members: Vec<String> = list(graph, &members)
            .iter()
            .map(|m| path(graph, m))
            .collect();
        return format!("({})", members.join(" | "));
    }
    format!("unknown path {node}")
}

/// `conforms` and the sorted results of a report node in `graph`.
fn summary(graph: &Graph, report: &Term) -> Vec<String> {
    let conforms = object(graph, report, iri(SH, "conforms"))
        .map(|c| match c {
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| "missing".to_owned());
    let mut results: Vec<String> = objects(graph, report, iri(SH, "result"))
        .iter()
        .map(|r| {
            let field = |local: &str| {
                object(graph, r, iri(SH, local)).map_or_else(String::new, |t| term(&t))
            };
            format!(
                "focus {} | path {} | component {} | severity {} | value {} | shape {}",
                field("focusNode"),
                object(graph, r, iri(SH, "resultPath"))
                    .map_or_else(String::new, |p| path(graph, &p)),
                field("sourceConstraintComponent"),
                field("resultSeverity"),
                field("value"),
                field("sourceShape"),
            )
        })
        .collect();
    results.sort();
    std::iter::once(format!("conforms {conforms}"))
        .chain(results)
        .collect()
}

/// One test of a manifest.
struct Case {
    name: String,
    data: PathBuf,
    shapes: PathBuf,
    /// The expected summary, or `None` for `sht:Failure`.
    expected: Option<Vec<String>>,
}

fn url_to_path(url: &Term) -> PathBuf {
    let Term::NamedNode(n) = url else {
        panic!("a graph that is not a file: {url}")
    };
    let encoded = n.as_str().strip_prefix("file://").expect("a file URL");
    let mut bytes = Vec::new();
    let mut rest = encoded.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        match (byte, tail) {
            (b'%', [high, low, more @ ..]) => {
                let hex = std::str::from_utf8(&[*high, *low]).expect("hex").to_owned();
                bytes.push(u8::from_str_radix(&hex, 16).expect("a percent escape"));
                rest = more;
            }
            _ => {
                bytes.push(byte);
                rest = tail;
            }
        }
    }
    PathBuf::from(String::from_utf8(bytes).expect("a UTF-8 path"))
}

/// Every test of the manifest at `path` and of those it includes.
fn cases(path: &Path, out: &mut Vec<Case>, visited: &mut BTreeSet<PathBuf>) {
    if !visited.insert(path.to_path_buf()) {
        return;
    }
    let graph = parse(path);
    let manifest: Term = oxigraph::model::NamedNode::new_unchecked(file_url(path)).into();
    for include in objects(&graph, &manifest, iri(MF, "include")) {
        cases(&url_to_path(&include), out, visited);
    }
    for entries in objects(&graph, &manifest, iri(MF, "entries")) {
        for entry in list(&graph, &entries) {
            let action = object(&graph, &entry, iri(MF, "action")).expect("mf:action");
            let result = object(&graph, &entry, iri(MF, "result")).expect("mf:result");
            let expected = match &result {
                Term::NamedNode(n) if n.as_str() == format!("{SHT}Failure") => None,
                report => Some(summary(&graph, report)),
            };
            let name = match &entry {
                Term::NamedNode(n) => n
                    .as_str()
                    .strip_prefix(&file_url(&root().join("tests/w3c-shacl/tests/")))
                    .unwrap_or(n.as_str())
                    .trim_start_matches('/')
                    .to_owned(),
                other => other.to_string(),
            };
            out.push(Case {
                name,
                data: url_to_path(&object(&graph, &action, iri(SHT, "dataGraph")).expect("data")),
                shapes: url_to_path(
                    &object(&graph, &action, iri(SHT, "shapesGraph")).expect("shapes"),
                ),
                expected,
            });
        }
    }
}

/// The tests of a folder of the suite: those its manifests list, then those of any test
/// file they leave out (`sparql/component/nodeValidator-001.ttl`, still "proposed").
fn all_cases(folder: &str) -> Vec<Case> {
    let top = root().join(format!("tests/w3c-shacl/tests/{folder}"));
    let mut all = Vec::new();
    let mut visited = BTreeSet::new();
    cases(&top.join("manifest.ttl"), &mut all, &mut visited);
    let mut files = Vec::new();
    let mut dirs = vec![top];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a suite folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "ttl") {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a test file");
        if text.contains("mf:entries") && !visited.contains(&file) {
            cases(&file, &mut all, &mut visited);
        }
    }
    all
}

/// What `cpsu-kg validate` made of a test: its summary, or the error it stopped with.
fn ours(case: &Case) -> Result<Vec<String>, String> {
    let output = run(&[
        "validate",
        "--graph",
        case.data.to_str().expect("a path"),
        "--shapes",
        case.shapes.to_str().expect("a path"),
        "--report",
        "ttl",
    ]);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    if stdout.is_empty() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    let graph = parse_text(&stdout);
    let report = graph
        .subjects_for_predicate_object(iri(RDF, "type"), iri(SH, "ValidationReport"))
        .next()
        .expect("a sh:ValidationReport")
        .into_owned();
    let summary = summary(&graph, &report.into());
    let conforms = summary[0] == "conforms true";
    assert_eq!(
        output.status.code(),
        Some(if conforms { 0 } else { 1 }),
        "{}: the exit code says the opposite of sh:conforms",
        case.name
    );
    Ok(summary)
}

/// Runs one folder of the suite and returns the names of the tests that fail, printing
/// the counts and every difference.
fn suite(folder: &str) -> BTreeMap<String, String> {
    let all = all_cases(folder);
    let (mut wrong, mut refused) = (0, 0);
    let mut failures = BTreeMap::new();
    for case in &all {
        let outcome = ours(case);
        let problem = match (&case.expected, outcome) {
            (Some(expected), Ok(actual)) if *expected == actual => None,
            (None, Err(_)) => None,
            (Some(expected), Ok(actual)) => {
                wrong += 1;
                let missing: Vec<_> = expected.iter().filter(|e| !actual.contains(e)).collect();
                let extra: Vec<_> = actual.iter().filter(|a| !expected.contains(a)).collect();
                Some(format!(
                    "wrong: missing {missing:#?}, unexpected {extra:#?}"
                ))
            }
            (Some(_), Err(error)) => {
                refused += 1;
                Some(format!("refused: {error}"))
            }
            (None, Ok(actual)) => {
                wrong += 1;
                Some(format!("expected a failure, got {actual:?}"))
            }
        };
        if let Some(problem) = problem {
            failures.insert(case.name.clone(), problem);
        }
    }
    let passed = all.len() - failures.len();
    println!(
        "W3C SHACL {folder}: {passed} of {} pass, {wrong} wrong, {refused} refused",
        all.len()
    );
    for (name, problem) in &failures {
        println!("  {name}: {problem}");
    }
    failures
}

fn check(folder: &str, minimum: usize) {
    let failures = suite(folder);
    let failing: BTreeSet<&str> = failures.keys().map(String::as_str).collect();
    let known: BTreeSet<&str> = KNOWN_FAILURES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| name.starts_with(folder))
        .collect();
    let fixed: Vec<_> = known.difference(&failing).collect();
    let new: Vec<_> = failing.difference(&known).collect();
    assert!(
        fixed.is_empty() && new.is_empty(),
        "{folder}: newly failing {new:?}, now passing (take them off KNOWN_FAILURES) {fixed:?}; details above"
    );
    let all = all_cases(folder);
    assert!(
        all.len() >= minimum,
        "{folder}: only {} tests found",
        all.len()
    );
}

#[test]
fn w3c_shacl_core_suite_passes() {
    check("core", 98);
}

#[test]
fn w3c_shacl_sparql_suite_passes() {
    check("sparql", 23);
}
