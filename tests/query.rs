//! `cpsu-kg query` and `cpsu-kg queries`: every named query's expected answer, parameters,
//! result formats, and malformed SPARQL.

mod common;

use common::{check_golden, root, run, run_ok};

/// The small data tree the named queries' golden answers are computed on, so that an edit
/// of the real data does not churn them.
const FIXTURE: &str = "tests/fixture-data";

/// The parameters each parameterized named query is checked with on the fixture.
const PARAMS: &[(&str, &[&str])] = &[
    (
        "holder-on-date",
        &["date=1953-06-01", "date=1991-08-24", "date=1922-04-03"],
    ),
    ("person-profile", &["person=boris", "person=anna"]),
];

/// The end-to-end answers kept on the real data: the questions a historian asks first.
const REAL: &[(&str, Option<&str>)] = &[
    ("office-holders", None),
    ("disputed-claims", None),
    ("holder-on-date", Some("date=1985-03-10")),
    ("holder-on-date", Some("date=1953-06-01")),
    ("person-profile", Some("person=gorbachev")),
];

fn named_queries() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("queries"))
        .expect("queries/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| {
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn query_every_named_query_matches_its_expected_result() {
    let names = named_queries();
    assert!(
        names.len() >= 12,
        "at least 12 named queries, found {}",
        names.len()
    );
    for name in names {
        let base = ["--data", FIXTURE, "query", &name, "--results", "tsv"];
        match PARAMS.iter().find(|(n, _)| *n == name) {
            None => {
                let out = run_ok(&base);
                check_golden(&format!("tests/golden/fixture/queries/{name}.tsv"), &out);
            }
            Some((_, values)) => {
                for value in *values {
                    let mut args = base.to_vec();
                    args.extend(["--param", value]);
                    let out = run_ok(&args);
                    let suffix = value.split_once('=').expect("NAME=VALUE").1;
                    check_golden(
                        &format!("tests/golden/fixture/queries/{name}-{suffix}.tsv"),
                        &out,
                    );
                }
            }
        }
    }
}

#[test]
fn query_the_first_questions_on_the_real_data_match_their_answers() {
    for (name, param) in REAL {
        let mut args = vec!["query", name, "--results", "tsv"];
        let mut golden = format!("tests/golden/queries/{name}");
        if let Some(value) = param {
            args.extend(["--param", value]);
            golden.push('-');
            golden.push_str(value.split_once('=').expect("NAME=VALUE").1);
        }
        check_golden(&format!("{golden}.tsv"), &run_ok(&args));
    }
}

#[test]
fn queries_lists_every_file_in_the_queries_folder() {
    let listing = run_ok(&["queries"]);
    let listed: Vec<&str> = listing.lines().filter(|l| !l.starts_with(' ')).collect();
    let mut files = named_queries();
    let mut wikidata: Vec<String> = std::fs::read_dir(root().join("queries/wikidata"))
        .expect("queries/wikidata exists")
        .map(|e| {
            format!(
                "wikidata/{}",
                e.expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .trim_end_matches(".rq")
            )
        })
        .collect();
    wikidata.sort();
    files.extend(wikidata);
    assert_eq!(listed, files);
    assert!(listing.contains("--param date=<date>"));
    for query in cpsu_kg::store::query::named_queries() {
        assert!(
            !query.title.is_empty() && !query.description.is_empty(),
            "{}",
            query.name
        );
    }
}

#[test]
fn query_answers_who_held_office_on_a_date() {
    let out = run_ok(&[
        "query",
        "holder-on-date",
        "-r",
        "csv",
        "-p",
        "date=1960-01-01",
    ]);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(
        rows[0].contains("Nikita Khrushchev") && rows[0].contains("certain"),
        "{out}"
    );
    // 1964 (the article) is refined by 1964-10-14 (Khrushchev's own article): in June 1964
    // Khrushchev surely held the office and Brezhnev did not yet.
    let refined = run_ok(&[
        "query",
        "holder-on-date",
        "-r",
        "csv",
        "-p",
        "date=1964-06-01",
    ]);
    assert_eq!(refined.lines().count(), 2, "{refined}");
    assert!(
        refined.contains("Nikita Khrushchev") && refined.contains(",certain,"),
        "{refined}"
    );
    let gap = run_ok(&[
        "query",
        "holder-on-date",
        "-r",
        "csv",
        "-p",
        "date=1953-06-01",
    ]);
    assert_eq!(
        gap.lines().count(),
        1,
        "nobody held the office in mid-1953: {gap}"
    );
}

#[test]
fn query_profile_shows_both_sides_of_a_dispute() {
    let out = run_ok(&[
        "query",
        "person-profile",
        "-r",
        "tsv",
        "-p",
        "person=gorbachev",
    ]);
    let starts: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("(1966–1991): start"))
        .collect();
    assert_eq!(starts.len(), 2, "{out}");
    assert!(
        starts
            .iter()
            .any(|l| l.contains("1985-03-10") && l.contains("true") && l.contains("infobox"))
    );
    assert!(starts.iter().any(|l| l.contains("1985-03-11")
        && l.contains("true")
        && l.contains("Mikhail Gorbachev (English Wikipedia)")));
}

#[test]
fn query_parameters_are_typed_and_checked() {
    for (args, message) in [
        (&["query", "holder-on-date"][..], "needs `--param date=…`"),
        (
            &["query", "holder-on-date", "-p", "date=1953"],
            "is not a full day",
        ),
        (
            &["query", "holder-on-date", "-p", "date=1953-02-30"],
            "February 1953 has 28 days",
        ),
        (
            &["query", "holder-on-date", "-p", "day=1953-01-01"],
            "has no parameter `day`",
        ),
        (
            &["query", "person-profile", "-p", "person=Stalin\" } #"],
            "is not an id",
        ),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn query_accepts_text_files_and_raw_parameters() {
    assert_eq!(
        run_ok(&[
            "query",
            "ASK { person:stalin org:holds office:general-secretary-1922 }"
        ]),
        "true\n"
    );
    let out = run_ok(&[
        "query",
        "SELECT ?p ?l { ?p rdfs:label ?l FILTER(LANG(?l) = 'en') }",
        "-r",
        "csv",
        "-p",
        "p=<https://w3id.org/cpsu-kg/person/lenin>",
    ]);
    assert_eq!(
        out,
        "p,l\r\nhttps://w3id.org/cpsu-kg/person/lenin,Vladimir Lenin\r\n"
    );
    let unprojected = run(&[
        "query",
        "SELECT ?l { ?p rdfs:label ?l }",
        "-p",
        "p=<https://w3id.org/cpsu-kg/person/lenin>",
    ]);
    assert!(
        String::from_utf8_lossy(&unprojected.stderr).contains("parameter ?p must be projected")
    );
    let dir = common::temp_dir("query-file");
    let file = dir.join("q.rq");
    std::fs::write(&file, "SELECT (COUNT(*) AS ?n) { ?t a cpsu:Tenure }").expect("write");
    assert_eq!(
        run_ok(&["query", file.to_str().expect("path"), "-r", "csv"]),
        "n\r\n25\r\n"
    );
    let json = run_ok(&["query", "acting-holders", "-r", "json"]);
    assert!(
        json.starts_with("{\"head\":{\"vars\":[\"person\""),
        "{json}"
    );
    let xml = run_ok(&["query", "acting-holders", "-r", "xml"]);
    assert!(xml.starts_with("<?xml"), "{xml}");
}

#[test]
fn query_construct_prints_turtle() {
    let out = run_ok(&[
        "query",
        "CONSTRUCT { ?p a schema:Person } WHERE { ?p a cpsu:Person }",
    ]);
    assert!(
        out.starts_with("@prefix person: <https://w3id.org/cpsu-kg/person/> .\n@prefix schema:"),
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("a schema:Person"))
            .count(),
        17
    );
}

#[test]
fn query_malformed_sparql_shows_the_parser_position() {
    let output = run(&["query", "SELECT ?x WHERE { ?x ?p }"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("cpsu-kg: invalid SPARQL: error at 1:"),
        "{stderr}"
    );
    let unknown = run(&["query", "no-such-query"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("`cpsu-kg queries` lists"));
}
