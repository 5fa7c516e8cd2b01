//! `cpsu-kg export`: the golden Turtle, byte-identical reruns, round trips through
//! oxigraph's parsers, format selection and atomic writing.

mod common;

use common::{check_golden, entries, run, run_ok, temp_dir};
use cpsu_kg::output::export::ExportFormat;
use oxigraph::io::RdfParser;
use oxigraph::model::Quad;
use std::collections::HashSet;

fn store_quads() -> HashSet<Quad> {
    let base = cpsu_kg::graph::vocab::BaseIri::default();
    let data = cpsu_kg::data::check::load(None).expect("the embedded data loads");
    let store = cpsu_kg::store::build(&data, &base).expect("the store builds");
    store.iter().map(|q| q.expect("a quad")).collect()
}

#[test]
fn export_turtle_matches_golden_file() {
    // On the small fixture tree, so that an edit of the real data does not churn it.
    check_golden(
        "tests/golden/fixture/export.ttl",
        &run_ok(&["--data", "tests/fixture-data", "export"]),
    );
}

#[test]
fn export_twice_is_byte_identical() {
    for format in ExportFormat::ALL {
        let first = run_ok(&["export", "--format", format.extension()]);
        let second = run_ok(&["export", "--format", format.extension()]);
        assert_eq!(first, second, "{format:?} output differs between runs");
    }
}

#[test]
fn export_round_trips_in_every_format() {
    let expected = store_quads();
    for format in ExportFormat::ALL {
        let text = run_ok(&["export", "--format", format.extension()]);
        let parsed: HashSet<Quad> = RdfParser::from_format(format.rdf_format())
            .for_slice(text.as_bytes())
            .map(|q| q.unwrap_or_else(|e| panic!("{format:?} does not parse: {e}")))
            .collect();
        assert_eq!(
            parsed.len(),
            expected.len(),
            "{format:?} has another number of quads"
        );
        assert_eq!(parsed, expected, "{format:?} parses to another graph");
    }
}

#[test]
fn export_has_no_blank_nodes_and_only_used_prefixes() {
    let turtle = run_ok(&["export"]);
    let nt = run_ok(&["export", "--format", "nt"]);
    assert!(!nt.contains("_:"), "the N-Triples export has a blank node");
    for line in turtle.lines().filter(|l| l.starts_with("@prefix")) {
        let prefix = line.split_whitespace().nth(1).expect("a prefix name");
        let used = turtle
            .lines()
            .filter(|l| !l.starts_with("@prefix"))
            .any(|l| l.contains(prefix));
        assert!(used, "{prefix} is declared but not used");
    }
    let body_start = turtle
        .lines()
        .position(|l| !l.starts_with("@prefix"))
        .expect("a body");
    assert!(
        turtle
            .lines()
            .skip(body_start)
            .all(|l| !l.starts_with("@prefix")),
        "all prefixes must be in one block at the top"
    );
}

#[test]
fn export_format_follows_extension_unless_format_is_given() {
    let dir = temp_dir("export-format");
    for format in ExportFormat::ALL {
        let path = dir.join(format!("graph.{}", format.extension()));
        run_ok(&["export", "-o", path.to_str().expect("UTF-8 path")]);
        let expected = run_ok(&["export", "--format", format.extension()]);
        assert_eq!(
            std::fs::read_to_string(&path).expect("written"),
            expected,
            "{format:?}"
        );
    }
    let forced = dir.join("forced.txt");
    run_ok(&[
        "export",
        "--format",
        "application/n-triples",
        "-o",
        forced.to_str().expect("path"),
    ]);
    assert_eq!(
        std::fs::read_to_string(&forced).expect("written"),
        run_ok(&["export", "--format", "nt"])
    );
    let unknown = run(&[
        "export",
        "-o",
        dir.join("graph.xyz").to_str().expect("path"),
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("cannot tell the format"));
    assert!(!dir.join("graph.xyz").exists());
}

#[test]
fn export_to_a_missing_folder_leaves_nothing_behind() {
    let dir = temp_dir("export-missing");
    let target = dir.join("no-such-folder").join("graph.ttl");
    let output = run(&["export", "-o", target.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("cpsu-kg: cannot write"));
    assert_eq!(entries(&dir), Vec::<String>::new());
}

#[test]
fn export_of_bad_data_does_not_touch_an_existing_file() {
    let dir = temp_dir("export-keep");
    let target = dir.join("graph.ttl");
    std::fs::write(&target, "previous content").expect("write");
    let output = run(&[
        "export",
        "--data",
        "tests/bad-data/impossible-date",
        "-o",
        target.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "previous content"
    );
    assert_eq!(entries(&dir), vec!["graph.ttl".to_owned()]);
}

#[test]
fn export_base_iri_moves_entity_iris_but_not_the_ontology() {
    let turtle = run_ok(&[
        "export",
        "--base-iri",
        "http://127.0.0.1:7878/",
        "--format",
        "nt",
    ]);
    assert!(turtle.contains("<http://127.0.0.1:7878/person/stalin>"));
    assert!(!turtle.contains("https://w3id.org/cpsu-kg/person/"));
    assert!(turtle.contains("<https://w3id.org/cpsu-kg/ontology#Person>"));
    // A bad option value is a usage error, as every other one: exit 2 with clap's message.
    let bad = run(&["export", "--base-iri", "not an iri"]);
    assert_eq!(bad.status.code(), Some(2));
    let no_slash = run(&["export", "--base-iri", "http://example.org/kg"]);
    assert!(String::from_utf8_lossy(&no_slash.stderr).contains("must end with `/` or `#`"));
}

#[test]
fn export_gzip_for_bulk_loaders() {
    let dir = temp_dir("export-gzip");
    for (name, format) in [
        ("graph.nt.gz", "nt"),
        ("graph.nq.gz", "nq"),
        ("graph.ttl.gz", "ttl"),
    ] {
        let path = dir.join(name);
        run_ok(&["export", "-o", path.to_str().expect("path")]);
        let bytes = std::fs::read(&path).expect("written");
        assert_eq!(&bytes[..2], &[0x1f, 0x8b], "{name} is gzip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .expect("gunzip");
        assert_eq!(text, run_ok(&["export", "--format", format]), "{name}");
        run_ok(&["export", "-o", path.to_str().expect("path")]);
        assert_eq!(
            std::fs::read(&path).expect("written"),
            bytes,
            "{name} is byte-identical on a rerun"
        );
    }
}

#[test]
fn export_turtle_loads_in_a_line_based_parallel_parser() {
    // QLever's parallel Turtle parser needs all prefixes in one block at the top, every
    // statement ending in ` .` and a newline, and no raw line break inside a literal.
    for args in [&["export"][..], &["export", "--profile", "wikidata"]] {
        let turtle = run_ok(args);
        let mut lines = turtle.lines();
        let mut in_prefixes = true;
        for line in lines.by_ref() {
            if in_prefixes && line.starts_with("@prefix ") {
                assert!(line.ends_with(" ."), "{line}");
                continue;
            }
            in_prefixes = false;
            assert!(
                !line.starts_with("@prefix"),
                "a prefix after the block: {line}"
            );
            assert!(
                line.ends_with(" .") || line.ends_with(" ;") || line.ends_with(" ,"),
                "a line that does not end a statement, a predicate or an object: {line:?}"
            );
        }
        assert!(turtle.ends_with(" .\n"));
    }
}
