//! The Wikidata profile: golden outputs, the Wikibase RDF rules, QuickStatements read back
//! by an independent parser, and the WDQS-style queries run unchanged by the Oxigraph CLI
//! from PyPI (installed by `scripts/test.sh`; the test fails when it is missing).

mod common;

use common::{check_golden, python, root, run, run_ok, temp_dir, term_text};
use cpsu_kg::graph::profile::Profile;
use cpsu_kg::graph::vocab::BaseIri;
use cpsu_kg::store::build_profile;
use cpsu_kg::store::query::{Outcome, run as run_query};
use oxigraph::model::Term;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::sync::OnceLock;

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let data = cpsu_kg::data::check::load(None).expect("data");
        build_profile(&data, &BaseIri::default(), Profile::Wikidata).expect("store")
    })
}

fn select(query: &str) -> Vec<Vec<Option<Term>>> {
    match run_query(store(), &BaseIri::default(), query, &[]).expect("query runs") {
        Outcome::Solutions { rows, .. } => rows,
        other => panic!("not a SELECT: {other:?}"),
    }
}

#[test]
fn wikidata_outputs_match_golden_files() {
    // On the small fixture tree, so that an edit of the real data does not churn them.
    let fixture = ["--data", "tests/fixture-data", "export"];
    let with = |extra: &[&str]| {
        let mut args = fixture.to_vec();
        args.extend(extra);
        run_ok(&args)
    };
    check_golden(
        "tests/golden/fixture/wikidata.ttl",
        &with(&["--profile", "wikidata"]),
    );
    check_golden(
        "tests/golden/fixture/quickstatements.txt",
        &with(&["--format", "quickstatements"]),
    );
    check_golden(
        "tests/golden/fixture/quickstatements-create.txt",
        &with(&["--format", "qs", "--create"]),
    );
    let report = temp_dir("qs-golden").join("report.tsv");
    with(&["--format", "qs", "--report", report.to_str().expect("path")]);
    check_golden(
        "tests/golden/fixture/quickstatements-report.tsv",
        &std::fs::read_to_string(&report).expect("the report"),
    );
}

#[test]
fn wikidata_every_statement_is_referenced_and_every_truthy_triple_has_its_statement() {
    let unreferenced = select(
        "SELECT ?st { ?st a wikibase:Statement FILTER NOT EXISTS { ?st prov:wasDerivedFrom ?r . ?r a wikibase:Reference } }",
    );
    assert!(unreferenced.is_empty(), "{unreferenced:?}");
    let orphans = select(
        "SELECT ?s ?wdt ?o { ?s ?wdt ?o FILTER(STRSTARTS(STR(?wdt), 'http://www.wikidata.org/prop/direct/'))
           BIND(IRI(REPLACE(STR(?wdt), '/direct/', '/')) AS ?p)
           BIND(IRI(REPLACE(STR(?wdt), '/direct/', '/statement/')) AS ?ps)
           FILTER NOT EXISTS { ?s ?p ?st . ?st ?ps ?o ; a wikibase:BestRank } }",
    );
    assert!(orphans.is_empty(), "{orphans:?}");
    let no_truthy = select(
        "SELECT ?st { ?s ?p ?st . ?st a wikibase:BestRank FILTER NOT EXISTS { ?s ?wdt ?o FILTER(STRSTARTS(STR(?wdt), 'http://www.wikidata.org/prop/direct/')) } }",
    );
    assert!(no_truthy.is_empty(), "{no_truthy:?}");
    let references_without_source = select(
        "SELECT ?r { ?r a wikibase:Reference FILTER NOT EXISTS { ?r pr:P4656|pr:P854 ?url } }",
    );
    assert!(
        references_without_source.is_empty(),
        "{references_without_source:?}"
    );
}

#[test]
fn wikidata_nodes_are_named_in_the_project_namespace() {
    let nt = run_ok(&["export", "--profile", "wikidata", "--format", "nt"]);
    assert!(!nt.contains("_:"), "a blank node");
    assert!(
        !nt.contains("http://www.wikidata.org/entity/statement/"),
        "a wds: node"
    );
    assert!(
        !nt.contains("http://www.wikidata.org/reference/"),
        "a wdref: node"
    );
    for line in nt.lines().filter(|l| l.contains("#Statement>")) {
        assert!(
            line.starts_with("<https://w3id.org/cpsu-kg/statement/"),
            "{line}"
        );
    }
}

#[test]
fn wikidata_every_time_keeps_the_precision_of_the_data() {
    let data = cpsu_kg::data::check::load(None).expect("data");
    let entities = cpsu_kg::graph::wikidata::entities(&data, &BaseIri::default());
    let mut dates = BTreeSet::new();
    for statement in entities.iter().flat_map(|e| &e.statements) {
        let values =
            std::iter::once(&statement.value).chain(statement.qualifiers.iter().map(|(_, v)| v));
        for value in values {
            if let cpsu_kg::graph::wikidata::Value::Time(date) = value {
                dates.insert(*date);
            }
        }
    }
    assert!(dates.len() > 40, "{} dates", dates.len());
    let nodes: BTreeMap<String, (String, String)> = select(
        "SELECT ?v ?time ?precision { ?v a wikibase:TimeValue ; wikibase:timeValue ?time ; wikibase:timePrecision ?precision ; wikibase:timeTimezone 0 ; wikibase:timeCalendarModel wd:Q1985727 }",
    )
    .into_iter()
    .map(|r| (term_text(r[1].as_ref()), (term_text(r[2].as_ref()), term_text(r[0].as_ref()))))
    .fold(BTreeMap::new(), |mut map, (time, (precision, node))| {
        map.insert(format!("{time} {precision}"), (node, String::new()));
        map
    });
    for date in &dates {
        let day = date.earliest_day();
        let precision = match date.precision() {
            cpsu_kg::data::date::DatePrecision::Year => 9,
            cpsu_kg::data::date::DatePrecision::Month => 10,
            cpsu_kg::data::date::DatePrecision::Day => 11,
        };
        let key = format!(
            "{:04}-{:02}-{:02}T00:00:00Z {precision}",
            day.year, day.month, day.day
        );
        assert!(nodes.contains_key(&key), "no value node {key} for {date}");
    }
    assert_eq!(
        nodes.len(),
        dates.len(),
        "one value node per distinct date and precision"
    );
    // Stasova took office in April 1917 (month) and left in 1918 (year), as Technical
    // Secretary: an office of its own in the profile, since no source says Wikidata's
    // General Secretary item covers it.
    let stasova = select(
        "SELECT ?sp ?ep { ?x p:P39 ?st . ?st ps:P39 <https://w3id.org/cpsu-kg/office/technical-secretary> ;
           pqv:P580/wikibase:timePrecision ?sp ; pqv:P582/wikibase:timePrecision ?ep }",
    );
    let folded = select(
        "SELECT ?st { ?st ps:P39 wd:Q1048744 ; pq:P1932 ?title FILTER(?title IN ('Technical Secretary', 'Responsible Secretary', 'Chairman of the Secretariat')) }",
    );
    assert!(
        folded.is_empty(),
        "precursors filed under Q1048744: {folded:?}"
    );
    assert_eq!(
        stasova
            .iter()
            .map(|r| (term_text(r[0].as_ref()), term_text(r[1].as_ref())))
            .collect::<Vec<_>>(),
        vec![("10".into(), "9".into())]
    );
}

#[test]
fn wikidata_first_secretary_is_modelled_as_wikidata_does() {
    let rows = select(
        "SELECT ?who { ?who p:P39 ?st . ?st ps:P39 wd:Q1048744 ; pq:P1932 'First Secretary' } ORDER BY ?who",
    );
    let who: BTreeSet<String> = rows.iter().map(|r| term_text(r[0].as_ref())).collect();
    assert_eq!(
        who,
        [
            "http://www.wikidata.org/entity/Q35314",
            "http://www.wikidata.org/entity/Q765165"
        ]
        .into_iter()
        .map(str::to_owned)
        .collect()
    );
    let acting = select("SELECT ?st { ?st ps:P39 wd:Q1048744 ; pq:P5102 wd:Q4676846 }");
    assert_eq!(acting.len(), 1);
}

#[test]
fn wikidata_profile_all_needs_a_dataset_format() {
    let trig = run_ok(&["export", "--profile", "all", "--format", "trig"]);
    assert!(
        trig.contains("\ngraph:core {\n"),
        "the core profile's named graph"
    );
    assert!(
        trig.contains("\ngraph:wikidata {\n"),
        "the Wikidata profile's named graph"
    );
    let nq = run_ok(&["export", "--profile", "all", "--format", "nq"]);
    assert!(
        nq.lines()
            .all(|l| l.ends_with("<https://w3id.org/cpsu-kg/graph/core> .")
                || l.ends_with("<https://w3id.org/cpsu-kg/graph/wikidata> ."))
    );
    let ttl = run(&["export", "--profile", "all"]);
    assert_eq!(ttl.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&ttl.stderr).contains("needs a dataset format"));
}

/// One statement as QuickStatements V1 can express it: subject, property, value,
/// qualifiers and reference groups, all in V1 notation.
type QsStatement = (
    String,
    String,
    String,
    BTreeSet<(String, String)>,
    BTreeSet<BTreeSet<(String, String)>>,
);

/// Reads QuickStatements V1 back the way classic QuickStatements and QuickStatements 3.0
/// apply it, as an independent model of their documented rules: a file of commands only (a
/// comment line is an error in 3.0), `CREATE` then terms and `LAST` statements, and a line
/// whose subject, property and value match a statement already written is merged into it:
/// its qualifiers are added, and its reference group becomes one more reference. Returns
/// the statements the batch leaves on Wikidata.
fn parse_quickstatements(text: &str) -> BTreeSet<QsStatement> {
    type Key = (String, String, String);
    type Snaks = BTreeSet<(String, String)>;
    let mut merged: BTreeMap<Key, (Snaks, BTreeSet<Snaks>)> = BTreeMap::new();
    let mut last: Option<String> = None;
    let mut pending_create = false;
    for line in text.lines() {
        assert!(
            !line.starts_with("/*") && !line.starts_with('#') && !line.trim().is_empty(),
            "not a command (QuickStatements 3.0 rejects it): {line:?}"
        );
        if line == "CREATE" {
            pending_create = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 3, "too few columns: {line}");
        let subject = cols[0];
        assert!(
            subject == "LAST"
                || (subject.starts_with('Q') && subject[1..].bytes().all(|b| b.is_ascii_digit())),
            "bad subject: {line}"
        );
        if let Some(code) = cols[1]
            .strip_prefix('L')
            .or_else(|| cols[1].strip_prefix('D'))
            .or_else(|| cols[1].strip_prefix('A'))
        {
            assert_eq!(subject, "LAST", "terms only on created items: {line}");
            assert!(["en", "ru"].contains(&code), "{line}");
            assert!(cols[2].starts_with('"') && cols[2].ends_with('"'), "{line}");
            if cols[1] == "Len" && pending_create {
                last = Some(cols[2].trim_matches('"').to_owned());
                pending_create = false;
            }
            continue;
        }
        assert!(
            !pending_create,
            "a CREATE block must name its item first: {line}"
        );
        let subject = if subject == "LAST" {
            last.clone().expect("LAST after CREATE")
        } else {
            subject.to_owned()
        };
        let property = cols[1];
        assert!(
            property.starts_with('P') && property[1..].bytes().all(|b| b.is_ascii_digit()),
            "{line}"
        );
        check_value(cols[2], line);
        let mut qualifiers = BTreeSet::new();
        let mut group: BTreeSet<(String, String)> = BTreeSet::new();
        assert!(cols.len() % 2 == 1, "unpaired qualifier or source: {line}");
        for pair in cols[3..].chunks(2) {
            let (key, value) = (pair[0], pair[1]);
            check_value(value, line);
            // Classic QuickStatements drops a `!S` group on an existing item: one group a line.
            assert!(
                !key.starts_with("!S"),
                "a second reference group on one line: {line}"
            );
            if let Some(number) = key.strip_prefix('S') {
                group.insert((format!("P{number}"), value.to_owned()));
            } else {
                assert!(
                    key.starts_with('P') && group.is_empty(),
                    "qualifiers come before sources: {line}"
                );
                qualifiers.insert((key.to_owned(), value.to_owned()));
            }
        }
        let entry = merged
            .entry((subject, property.to_owned(), cols[2].to_owned()))
            .or_default();
        entry.0.extend(qualifiers);
        if !group.is_empty() {
            entry.1.insert(group);
        }
    }
    merged
        .into_iter()
        .map(|((s, p, v), (q, r))| (s, p, v, q, r))
        .collect()
}

fn check_value(value: &str, line: &str) {
    let item = value.starts_with('Q') && value[1..].bytes().all(|b| b.is_ascii_digit());
    let string = value.len() >= 2 && value.starts_with('"') && value.ends_with('"');
    let monolingual = value.starts_with("ru:\"") && value.ends_with('"');
    let time = value.starts_with('+')
        && [
            ("/9", "-00-00T00:00:00Z"),
            ("/10", "-00T00:00:00Z"),
            ("/11", "T00:00:00Z"),
        ]
        .iter()
        .any(|(precision, tail)| {
            value.ends_with(precision) && value[..value.len() - precision.len()].ends_with(tail)
        });
    assert!(
        item || string || monolingual || time,
        "not a V1 value: {value} in {line}"
    );
}

/// The same statements, read from the RDF profile through SPARQL.
fn statements_from_rdf() -> BTreeSet<QsStatement> {
    let qs_value = |term: &Option<Term>, precision: &Option<Term>| -> Option<String> {
        match term {
            Some(Term::NamedNode(n)) => n
                .as_str()
                .strip_prefix("http://www.wikidata.org/entity/")
                .map(str::to_owned)
                .or_else(|| {
                    n.as_str()
                        .starts_with("http")
                        .then(|| format!("\"{}\"", n.as_str()))
                        .filter(|_| !n.as_str().starts_with("https://w3id.org/"))
                }),
            Some(Term::Literal(l)) if l.datatype().as_str().ends_with("#dateTime") => {
                let p = term_text(precision.as_ref());
                let v = l.value();
                let (date, _) = v.split_once('T').expect("a dateTime");
                let mut parts: Vec<&str> = date.split('-').collect();
                if p == "9" {
                    parts[1] = "00";
                    parts[2] = "00";
                } else if p == "10" {
                    parts[2] = "00";
                }
                Some(format!("+{}T00:00:00Z/{p}", parts.join("-")))
            }
            Some(Term::Literal(l)) => Some(match l.language() {
                Some(language) => format!("{language}:\"{}\"", l.value()),
                None => format!("\"{}\"", l.value()),
            }),
            _ => None,
        }
    };
    let label = |s: &str| -> String {
        s.strip_prefix("http://www.wikidata.org/entity/")
            .map_or_else(
                || {
                    let rows = select(&format!(
                        "SELECT ?l {{ <{s}> rdfs:label ?l FILTER(LANG(?l) = 'en') }}"
                    ));
                    format!("\"{}\"", term_text(rows[0][0].as_ref()))
                },
                str::to_owned,
            )
    };
    let mut statements = BTreeSet::new();
    for row in select(
        "SELECT ?s ?claim ?st ?v ?precision { ?s ?claim ?st . ?st a wikibase:Statement .
           BIND(IRI(REPLACE(STR(?claim), '/prop/', '/prop/statement/')) AS ?ps)
           BIND(IRI(REPLACE(STR(?claim), '/prop/', '/prop/statement/value/')) AS ?psv)
           ?st ?ps ?v . OPTIONAL { ?st ?psv ?node . ?node wikibase:timePrecision ?precision } }",
    ) {
        let Some(value) = qs_value(&row[3], &row[4]) else {
            continue;
        };
        let subject = label(&term_text(row[0].as_ref()));
        let subject = subject.trim_matches('"').to_owned();
        let property = term_text(row[1].as_ref())
            .rsplit('/')
            .next()
            .expect("a property")
            .to_owned();
        let st = term_text(row[2].as_ref());
        let mut qualifiers = BTreeSet::new();
        for q in select(&format!(
            "SELECT ?pq ?v ?precision {{ <{st}> ?pq ?v FILTER(STRSTARTS(STR(?pq), 'http://www.wikidata.org/prop/qualifier/P'))
               BIND(IRI(REPLACE(STR(?pq), '/qualifier/', '/qualifier/value/')) AS ?pqv)
               OPTIONAL {{ <{st}> ?pqv ?node . ?node wikibase:timePrecision ?precision }} }}"
        )) {
            if let Some(v) = qs_value(&q[1], &q[2]) {
                qualifiers.insert((term_text(q[0].as_ref()).rsplit('/').next().expect("P").to_owned(), v));
            }
        }
        let mut groups = BTreeSet::new();
        for r in select(&format!(
            // References that support only some values are left out of V1 on purpose
            // (each with a comment), since V1 would credit them with the whole statement.
            "SELECT DISTINCT ?r {{ <{st}> prov:wasDerivedFrom ?r FILTER NOT EXISTS {{ ?r cpsu:referenceSupports ?p }} }}"
        )) {
            let reference = term_text(r[0].as_ref());
            let group: BTreeSet<(String, String)> = select(&format!(
                "SELECT ?pr ?v {{ <{reference}> ?pr ?v FILTER(STRSTARTS(STR(?pr), 'http://www.wikidata.org/prop/reference/P')) }}"
            ))
            .iter()
            .filter_map(|g| qs_value(&g[1], &None).map(|v| (term_text(g[0].as_ref()).rsplit('/').next().expect("P").to_owned(), v)))
            .collect();
            groups.insert(group);
        }
        statements.insert((subject, property, value, qualifiers, groups));
    }
    statements
}

/// What the batch leaves on Wikidata, by the model of the tools' rules, equals what the RDF
/// profile states, less what the review report lists: statements V1 cannot name, and the
/// second of two statements with one value, which the tools would merge.
fn check_batch_against_rdf(args: &[&str], created: bool) {
    let dir = temp_dir("qs-report");
    let report = dir.join("report.tsv");
    let mut full = vec!["export", "--format", "quickstatements", "--report"];
    full.push(report.to_str().expect("path"));
    full.extend(args);
    let qs = run_ok(&full);
    let report = std::fs::read_to_string(&report).expect("the review report");
    assert!(
        report.starts_with("entity\tproperty\tvalue\treason\n"),
        "{report}"
    );
    let merge_notes = report
        .lines()
        .filter(|l| l.contains("QuickStatements would merge"))
        .count();
    let not_created: BTreeSet<String> = report
        .lines()
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[1] == "CREATE").then(|| cols[2].to_owned())
        })
        .collect();
    let parsed = parse_quickstatements(&qs);
    // A second reader, independent of this file's: Python, from QuickStatements 3.0's
    // documented command syntax and its merge rule. Both must leave the same statements.
    let file = dir.join("batch.qs");
    std::fs::write(&file, &qs).expect("write the batch");
    let theirs: BTreeSet<QsStatement> = common::python_check("qs3_check.py", [file.as_os_str()])
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let pairs = |v: &serde_json::Value| -> BTreeSet<(String, String)> {
                v.as_array()
                    .expect("pairs")
                    .iter()
                    .map(|p| {
                        (
                            p[0].as_str().expect("key").to_owned(),
                            p[1].as_str().expect("value").to_owned(),
                        )
                    })
                    .collect()
            };
            (
                v["subject"].as_str().expect("subject").to_owned(),
                v["property"].as_str().expect("property").to_owned(),
                v["value"].as_str().expect("value").to_owned(),
                pairs(&v["qualifiers"]),
                v["references"]
                    .as_array()
                    .expect("references")
                    .iter()
                    .map(pairs)
                    .collect(),
            )
        })
        .collect();
    assert_eq!(theirs, parsed, "the two readers disagree");
    let is_q = |s: &str| s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit());
    // Created items are named by their English label in the parsed set; the RDF side names
    // them the same way, and drops what V1 cannot say (values without a Q-id).
    let expected: BTreeSet<QsStatement> = statements_from_rdf()
        .into_iter()
        .map(|(s, p, v, q, r)| {
            let s = if is_q(&s) {
                s
            } else {
                s.trim_matches('"').to_owned()
            };
            (s, p, v, q, r)
        })
        .filter(|(s, ..)| is_q(s) || (created && !not_created.contains(s)))
        .collect();
    let mut by_key: BTreeMap<(String, String, String), Vec<&QsStatement>> = BTreeMap::new();
    for statement in &expected {
        by_key
            .entry((
                statement.0.clone(),
                statement.1.clone(),
                statement.2.clone(),
            ))
            .or_default()
            .push(statement);
    }
    let keys_in_batch: BTreeSet<_> = parsed
        .iter()
        .map(|(s, p, v, ..)| (s.clone(), p.clone(), v.clone()))
        .collect();
    // Every statement on Wikidata after the upload is one the profile states, whole.
    for statement in &parsed {
        let key = (
            statement.0.clone(),
            statement.1.clone(),
            statement.2.clone(),
        );
        let candidates = by_key.get(&key).map(Vec::as_slice).unwrap_or_default();
        assert!(
            candidates.contains(&statement),
            "the batch would leave {statement:#?}\nwhere the profile states {candidates:#?}"
        );
    }
    // Every statement the profile states is uploaded, or its twin is and it is reported.
    let mut twins = 0;
    for (key, statements) in &by_key {
        assert!(
            keys_in_batch.contains(key),
            "missing from the batch: {statements:#?}"
        );
        twins += statements.len() - 1;
    }
    assert_eq!(twins, merge_notes, "{report}");
    assert!(
        parsed.len() > 30,
        "only {} statements read back",
        parsed.len()
    );
}

#[test]
fn wikidata_quickstatements_leave_on_wikidata_what_the_rdf_profile_states() {
    check_batch_against_rdf(&[], false);
    check_batch_against_rdf(&["--create"], true);
    let qs = run_ok(&["export", "--format", "quickstatements"]);
    assert!(!qs.lines().any(|l| l == "CREATE" || l.starts_with("LAST")));
    assert!(
        qs.lines()
            .any(|l| l.contains("\tP1705\tru:\"Генеральный секретарь ЦК КПСС\""))
    );
    assert!(qs.lines().any(|l| l.contains("+1922-04-03T00:00:00Z/11")));
    // No statement names its own subject as predecessor or successor.
    for line in qs.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        for pair in cols[3..].chunks(2) {
            if pair[0] == "P1365" || pair[0] == "P1366" {
                assert_ne!(pair[1], cols[0], "{line}");
            }
        }
    }
    // Brezhnev's First Secretary and General Secretary tenures are one holding of Q1048744
    // (the office was renamed under him): one statement with both titles, not two that
    // the tools would merge into one with two starts and two ends.
    let brezhnev: Vec<&str> = qs
        .lines()
        .filter(|l| l.starts_with("Q765165\tP39\tQ1048744\t"))
        .collect();
    assert!(!brezhnev.is_empty(), "{qs}");
    for line in &brezhnev {
        assert!(
            line.contains("\tP580\t+1964-10-14T00:00:00Z/11\tP582\t+1982-11-10T00:00:00Z/11\t")
                && line.contains("\tP1932\t\"First Secretary\"\tP1932\t\"General Secretary\""),
            "{line}"
        );
    }
    let old = run_ok(&["export", "--format", "qs", "--qs-only-existing"]);
    assert_eq!(old, qs, "--qs-only-existing is the default now");
}

#[test]
fn wikidata_queries_run_unchanged_in_the_oxigraph_cli() {
    let python = python();
    let oxigraph = python.parent().expect("venv bin").join("oxigraph");
    assert!(
        oxigraph.exists(),
        "the Oxigraph CLI is missing: run scripts/test.sh"
    );
    let dir = temp_dir("oxigraph-cli");
    let export = dir.join("wikidata.ttl");
    run_ok(&[
        "export",
        "--profile",
        "wikidata",
        "-o",
        export.to_str().expect("path"),
    ]);
    let location = dir.join("store");
    let load = Command::new(&oxigraph)
        .args(["load", "--location"])
        .arg(&location)
        .arg("--file")
        .arg(&export)
        .output()
        .expect("oxigraph runs");
    assert!(
        load.status.success(),
        "{}",
        String::from_utf8_lossy(&load.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(root().join("queries/wikidata"))
        .expect("queries/wikidata")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".rq")
                .to_owned()
        })
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let file = root().join(format!("queries/wikidata/{name}.rq"));
        let theirs = Command::new(&oxigraph)
            .args(["query", "--results-format", "tsv", "--location"])
            .arg(&location)
            .arg("--query-file")
            .arg(&file)
            .output()
            .expect("oxigraph runs");
        assert!(
            theirs.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&theirs.stderr)
        );
        let ours = run_ok(&["query", &format!("wikidata/{name}"), "--results", "tsv"]);
        let sorted = |text: &str| {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            lines.sort();
            lines
        };
        let theirs = String::from_utf8(theirs.stdout).expect("UTF-8");
        assert!(
            theirs.lines().count() > 1,
            "{name} has no answer in the CLI"
        );
        assert_eq!(
            sorted(&theirs),
            sorted(&ours),
            "{name}: the CLI and cpsu-kg disagree"
        );
        check_golden(&format!("tests/golden/queries/wikidata/{name}.tsv"), &ours);
    }
}

#[test]
fn wikidata_generic_wdqs_queries_over_sitelinks_classes_and_property_metadata_work() {
    // Sitelinks, written as the query service writes them: one English article per item
    // with a Q-id that the data cites an article about.
    let sitelinks: BTreeSet<(String, String)> = select(
        "SELECT ?item ?article { ?article schema:about ?item ; a schema:Article ;
           schema:isPartOf <https://en.wikipedia.org/> ; schema:inLanguage 'en' ; schema:name ?title }",
    )
    .iter()
    .map(|r| (term_text(r[0].as_ref()), term_text(r[1].as_ref())))
    .collect();
    assert!(sitelinks.contains(&(
        "http://www.wikidata.org/entity/Q855".to_owned(),
        "https://en.wikipedia.org/wiki/Joseph_Stalin".to_owned()
    )));
    assert!(sitelinks.contains(&(
        "http://www.wikidata.org/entity/Q1048744".to_owned(),
        "https://en.wikipedia.org/wiki/General_Secretary_of_the_Communist_Party_of_the_Soviet_Union".to_owned()
    )));
    assert!(
        sitelinks
            .iter()
            .all(|(item, _)| item.starts_with("http://www.wikidata.org/entity/Q")),
        "{sitelinks:?}"
    );
    assert_eq!(sitelinks.len(), 8, "{sitelinks:?}");
    // Classes: the office item is a position, reached by the usual P31/P279* path.
    let positions: Vec<String> = select("SELECT ?x { ?x wdt:P31/wdt:P279* wd:Q4164871 }")
        .iter()
        .map(|r| term_text(r[0].as_ref()))
        .collect();
    assert!(positions.contains(&"http://www.wikidata.org/entity/Q1048744".to_owned()));
    // Property metadata: a query that finds its predicates through the property entity.
    let held = select(
        "SELECT ?label ?person ?office { ?property wikibase:directClaim wdt:P39 ;
           wikibase:propertyType wikibase:WikibaseItem ; rdfs:label ?label ;
           wikibase:claim ?claim ; wikibase:statementProperty ?ps .
           ?person ?claim ?st . ?st ?ps ?office }",
    );
    assert!(held.len() > 10, "{held:?}");
    assert!(
        held.iter()
            .all(|r| term_text(r[0].as_ref()) == "position held")
    );
    // Every property used has its entity, with a type and all its predicate forms.
    let incomplete = select(
        "SELECT DISTINCT ?p { ?s ?wdt ?o FILTER(STRSTARTS(STR(?wdt), 'http://www.wikidata.org/prop/direct/'))
           BIND(IRI(REPLACE(STR(?wdt), '/prop/direct/', '/entity/')) AS ?p)
           FILTER NOT EXISTS { ?p a wikibase:Property ; wikibase:propertyType ?t ; wikibase:directClaim ?wdt ;
             wikibase:claim ?c ; wikibase:statementProperty ?sp ; wikibase:qualifier ?q ;
             wikibase:reference ?r ; wikibase:novalue ?n ; rdfs:label ?l } }",
    );
    assert!(incomplete.is_empty(), "{incomplete:?}");
}

#[test]
fn wikidata_reconcile_csv_reads_in_a_real_csv_parser_and_round_trips() {
    let dir = temp_dir("reconcile");
    let csv = dir.join("reconcile.csv");
    run_ok(&["wikidata", "reconcile", "-o", csv.to_str().expect("path")]);
    let columns = cpsu_kg::output::reconcile::COLUMNS.join(",");
    let rows = common::python_check("csv_check.py", [csv.as_os_str(), columns.as_ref()]);
    let rows: Vec<Vec<&str>> = rows.lines().map(|l| l.split('\t').collect()).collect();
    let data = cpsu_kg::data::check::load(None).expect("the data loads");
    // An incarnation filed under its lineage's item is not reconciled on its own.
    let folded = data
        .offices
        .values()
        .filter(|o| o.wikidata_folded.is_some() && o.entity.wikidata.is_none())
        .count();
    let unmatched = data
        .item_entities()
        .filter(|e| e.wikidata.is_none())
        .count()
        - folded;
    assert_eq!(rows.len(), unmatched, "one row per entity without a Q-id");
    let andropov = rows
        .iter()
        .find(|r| r[0] == "andropov")
        .expect("Andropov has no verified id");
    assert_eq!(andropov[1..4], ["person", "Q5", "Юрий Андропов"]);
    assert!(
        rows.iter()
            .all(|r| r[0] != "stalin" && r[0] != "first-secretary")
    );
    assert!(
        rows.iter().any(|r| r[4].contains(',')),
        "a description with a comma survives quoting"
    );
    // The round trip: an editor matches an entity and records how; it leaves the CSV and
    // QuickStatements now writes its statements instead of reporting it.
    let data_dir = dir.join("data");
    std::fs::create_dir_all(&data_dir).expect("data folder");
    for entry in std::fs::read_dir(root().join("tests/fixture-data")).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), data_dir.join(entry.file_name())).expect("copy");
    }
    let with = |args: &[&str]| {
        let mut all = vec!["--data", data_dir.to_str().expect("path")];
        all.extend(args);
        run_ok(&all)
    };
    let before = with(&["wikidata", "reconcile"]);
    assert!(
        before.lines().any(|l| l.starts_with("boris,person,")),
        "{before}"
    );
    assert!(!with(&["export", "--format", "qs"]).contains("\"Boris Fixture\""));
    let persons = data_dir.join("persons.toml");
    let text = std::fs::read_to_string(&persons).expect("persons");
    let text = text.replacen(
        "id = \"boris\"\n",
        "id = \"boris\"\nwikidata = \"Q999\"\nwikidata_source = \"OpenRefine reconciliation against Q5, birth year matched\"\n",
        1,
    );
    std::fs::write(&persons, text).expect("write persons");
    let after = with(&["wikidata", "reconcile"]);
    assert!(!after.lines().any(|l| l.starts_with("boris,")), "{after}");
    let qs = with(&["export", "--format", "qs"]);
    assert!(
        qs.lines().any(|l| l.starts_with("Q999\tP39\tQ200\t")),
        "{qs}"
    );
}

/// The batch against what Wikidata holds, from entity JSON in the real format
/// (tests/wikidata-json: Stalin as `Special:EntityData` writes him, Khrushchev as
/// `wbgetentities` does): nothing Wikidata has is uploaded again, what it lacks is, and
/// every conflict is in the report and not in the upload.
fn check_against(qs: &str, report: &str) {
    let lines =
        |prefix: &str| -> Vec<&str> { qs.lines().filter(|l| l.starts_with(prefix)).collect() };
    // Stalin: P31, P569 and one P570 reference are on Wikidata already.
    assert!(lines("Q855\tP31\t").is_empty(), "{qs}");
    assert!(lines("Q855\tP569\t").is_empty(), "{qs}");
    let p570 = lines("Q855\tP570\t");
    assert_eq!(p570.len(), 1, "{p570:?}");
    assert!(
        p570[0].ends_with("General_Secretary_of_the_Communist_Party_of_the_Soviet_Union\""),
        "{p570:?}"
    );
    // His P39 exists with its dates and reference: only the missing qualifiers go up.
    assert_eq!(
        lines("Q855\tP39\tQ1048744\t"),
        vec!["Q855\tP39\tQ1048744\tP1366\tQ35314\tP1932\t\"General Secretary\""]
    );
    // Khrushchev: another birth date and another start on Wikidata are conflicts.
    assert!(lines("Q35314\tP569\t").is_empty(), "{qs}");
    // Wikidata holds a 7 September start, which the data has only from some copies of
    // Khrushchev's article: such a value is reported, never uploaded, since a reference
    // would point at the page as it stands. The 14 September statement is a conflict. So
    // nothing goes up for his P39.
    assert!(lines("Q35314\tP39\tQ1048744").is_empty(), "{qs}");
    assert!(
        report.lines().any(
            |l| l.starts_with("khrushchev-first-secretary\tstart\t1953-09-07\t")
                && l.contains("enwiki-nikita-khrushchev-some-copies")
                && l.contains("reported, not uploaded")
        ),
        "{report}"
    );
    let conflicts: Vec<&str> = report
        .lines()
        .filter(|l| l.contains("conflicts with Wikidata"))
        .collect();
    assert!(
        conflicts.iter().any(|l| l.starts_with("khrushchev\tP569\t")
            && l.contains("+1894-04-17T00:00:00Z/11")
            && l.contains("+1894-04-15T00:00:00Z/11")
            && l.contains("https://example.org/another-biography")
            && l.contains("Nikita_Khrushchev")),
        "{report}"
    );
    assert!(
        conflicts
            .iter()
            .any(|l| l.starts_with("khrushchev\tP39\tQ1048744\t")
                && l.contains("P580 = +1953-09-07T00:00:00Z/11")
                && l.contains("+1953-09-14T00:00:00Z/11")),
        "{report}"
    );
    // What Wikidata lacks entirely is uploaded whole.
    assert!(
        !lines("Q35314\tP570\t").is_empty() && !lines("Q35314\tP31\t").is_empty(),
        "{qs}"
    );
}

#[test]
fn wikidata_quickstatements_against_live_json_upload_only_what_is_missing() {
    let dir = temp_dir("against");
    let report = dir.join("report.tsv");
    let qs = run_ok(&[
        "export",
        "--format",
        "qs",
        "--against",
        "tests/wikidata-json/Q855.json",
        "--against",
        "tests/wikidata-json/wbgetentities-Q35314.json",
        "--report",
        report.to_str().expect("path"),
    ]);
    let report = std::fs::read_to_string(&report).expect("report");
    check_against(&qs, &report);
    // Items not in the files are written whole, and the report says they were not compared.
    assert!(qs.lines().any(|l| l.starts_with("Q765165\tP39\t")), "{qs}");
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("brezhnev\t\tQ765165\tnot in the --against files")),
        "{report}"
    );
    // A file that is not entity JSON is refused, naming it.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"entities\": 3}").expect("write");
    let refused = run(&[
        "export",
        "--format",
        "qs",
        "--against",
        bad.to_str().expect("path"),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("bad.json: line 1, column"), "{stderr}");
}

/// A local stand-in for `Special:EntityData`: `/Q855.json` and `/Q35314.json` from the
/// fixtures, any other item as an item with no statements. Returns its base URL.
fn entity_data_server() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}/", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Drain the headers.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let q = path.trim_start_matches('/').trim_end_matches(".json");
            let body = match q {
                "Q855" => std::fs::read_to_string(root().join("tests/wikidata-json/Q855.json"))
                    .expect("fixture"),
                "Q35314" => std::fs::read_to_string(
                    root().join("tests/wikidata-json/wbgetentities-Q35314.json"),
                )
                .expect("fixture"),
                _ => format!(
                    "{{\"entities\": {{\"{q}\": {{\"type\": \"item\", \"id\": \"{q}\", \"claims\": {{}}}}}}}}"
                ),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn wikidata_quickstatements_fetch_what_wikidata_holds_over_http() {
    let base = entity_data_server();
    let dir = temp_dir("fetch");
    let report = dir.join("report.tsv");
    let qs = run_ok(&[
        "export",
        "--format",
        "qs",
        "--fetch",
        "--wikidata-url",
        &base,
        "--report",
        report.to_str().expect("path"),
    ]);
    let report = std::fs::read_to_string(&report).expect("report");
    check_against(&qs, &report);
    assert!(
        !report.contains("not in the --against files"),
        "every item was fetched: {report}"
    );
    // Offline: a clear error naming the URL, and no batch.
    let offline = run(&[
        "export",
        "--format",
        "qs",
        "--fetch",
        "--wikidata-url",
        "http://127.0.0.1:9/",
    ]);
    assert_eq!(offline.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&offline.stderr);
    assert!(
        stderr.contains("http://127.0.0.1:9/Q")
            && stderr.contains("cannot fetch")
            && stderr.contains("--against"),
        "{stderr}"
    );
    assert!(offline.stdout.is_empty());
}

#[test]
fn wikidata_no_statement_carries_two_references_with_the_same_snaks() {
    // Two reference nodes of one statement whose Wikidata snaks are equal are one
    // reference to Wikidata; the footnotes of one article go on a single reference.
    let duplicates = select(
        "SELECT ?st ?r1 ?r2 { ?st prov:wasDerivedFrom ?r1 , ?r2 FILTER(STR(?r1) < STR(?r2))
           FILTER NOT EXISTS { ?r1 cpsu:referenceSupports ?any1 }
           FILTER NOT EXISTS { ?r2 cpsu:referenceSupports ?any2 }
           FILTER NOT EXISTS { ?r1 ?p ?v FILTER(STRSTARTS(STR(?p), 'http://www.wikidata.org/prop/reference/'))
                               FILTER NOT EXISTS { ?r2 ?p ?v } }
           FILTER NOT EXISTS { ?r2 ?p ?v FILTER(STRSTARTS(STR(?p), 'http://www.wikidata.org/prop/reference/'))
                               FILTER NOT EXISTS { ?r1 ?p ?v } } }",
    );
    assert!(
        duplicates.is_empty(),
        "{} duplicates, such as {:?}",
        duplicates.len(),
        duplicates.first()
    );
    let footnotes = select(
        "SELECT ?r (COUNT(?n) AS ?count) { ?r cpsu:referenceFootnote ?n } GROUP BY ?r HAVING (COUNT(?n) > 1)",
    );
    assert!(
        !footnotes.is_empty(),
        "some reference carries several footnotes of the article"
    );
}

#[test]
fn wikidata_descriptions_are_in_wikidata_style() {
    let descriptions = select("SELECT ?item ?d { ?item a wikibase:Item ; schema:description ?d }");
    assert!(descriptions.len() > 60, "{}", descriptions.len());
    for row in &descriptions {
        let text = term_text(row[1].as_ref());
        assert_eq!(cpsu_kg::data::model::style_problem(&text), None, "{text}");
        assert!(
            !text.starts_with("The ") && !text.starts_with("A "),
            "{text}"
        );
    }
    let of = |q: &str| -> String {
        descriptions
            .iter()
            .find(|r| term_text(r[0].as_ref()) == format!("http://www.wikidata.org/entity/{q}"))
            .map(|r| term_text(r[1].as_ref()))
            .expect(q)
    };
    // A common noun is lower-cased; a name keeps its capital.
    assert!(
        of("Q30487").starts_with("last holder of the office"),
        "{}",
        of("Q30487")
    );
    assert!(
        of("Q765165").starts_with("Khrushchev's successor"),
        "{}",
        of("Q765165")
    );
}

/// `--create` never creates an item that Wikidata surely has: an entity whose English
/// Wikipedia article `data/sources.toml` cites, or one the reference notes list candidate
/// ids for. Each is reported "reconcile first", with the article's URL where there is one;
/// the reconciliation CSV carries the same article and candidates.
#[test]
fn wikidata_create_never_duplicates_an_item_that_exists() {
    let dir = temp_dir("qs-create");
    let report_path = dir.join("report.tsv");
    let qs = run_ok(&[
        "export",
        "--format",
        "qs",
        "--create",
        "--report",
        report_path.to_str().expect("path"),
    ]);
    let report = std::fs::read_to_string(&report_path).expect("the review report");
    let data = cpsu_kg::data::check::load(None).expect("the data loads");
    // The labels of the items the batch creates, as QuickStatements reads them: a CREATE
    // line, then `LAST	Len	"…"`.
    let lines: Vec<&str> = qs.lines().collect();
    let created: BTreeSet<String> = lines
        .windows(2)
        .filter(|w| w[0] == "CREATE")
        .filter_map(|w| w[1].strip_prefix("LAST\tLen\t"))
        .map(|label| label.trim_matches('"').to_owned())
        .collect();
    let mut refused = 0;
    for entity in data.item_entities().filter(|e| e.wikidata.is_none()) {
        let article = data.english_article(&entity.id);
        if article.is_none() && entity.wikidata_candidates.is_empty() {
            continue;
        }
        refused += 1;
        assert!(
            !created.contains(&entity.label_en),
            "{} has an item already and is created: {created:?}",
            entity.id
        );
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("{}\tCREATE\t", entity.id)))
            .unwrap_or_else(|| panic!("{} not in the report:\n{report}", entity.id));
        assert!(line.contains("reconcile first"), "{line}");
        if let Some(url) = article {
            assert!(line.contains(url), "{line}");
        }
    }
    // The ten people with their own article, and the party, the presidency, the
    // premiership and the Kremlin Senate among others.
    for id in [
        "andropov",
        "chernenko",
        "molotov",
        "malenkov",
        "kosygin",
        "sverdlov",
        "stasova",
        "krestinsky",
        "ivashko",
        "shenin",
        "cpsu",
        "president-of-the-soviet-union",
        "chairman-of-the-council-of-ministers",
        "kremlin-senate",
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(&format!("{id}\tCREATE\t")) && l.contains("reconcile first")),
            "{id} is not refused:\n{report}"
        );
    }
    assert!(refused >= 14, "only {refused} refused");
    let csv = run_ok(&["wikidata", "reconcile", "-o", "-"]);
    assert!(csv.lines().any(|l| l.starts_with("andropov,")
        && l.ends_with(",https://en.wikipedia.org/wiki/Yuri_Andropov,Q44071,")));
    assert!(csv.lines().any(|l| l.starts_with("cpsu,organization,")
        && l.contains(",Q7278,political party,")
        && l.ends_with(",,Q79854,")));
}
