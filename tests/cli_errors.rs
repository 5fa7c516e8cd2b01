//! The mistakes a newcomer makes in the first hour (issue 22), each with the exact message
//! it must get: one that names the fix. Every case exits non-zero and prints no panic.

mod common;

use common::{cpsu_kg, run, run_ok, temp_dir};

/// Runs `args` and checks the exit code and that standard error holds `expected` (a whole
/// line when it ends in `\n`), and no panic.
fn check(args: &[&str], code: i32, expected: &str) {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(
        stderr.contains(expected),
        "{args:?}:\n  expected: {expected:?}\n  stderr:   {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[test]
fn cli_errors_point_at_the_fix() {
    let out = temp_dir("cli-errors");
    let svg = out.join("t.svg");
    let svg = svg.to_str().expect("a path");
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["query", "missing.rq"],
            1,
            "cpsu-kg: no such query file: missing.rq\n",
        ),
        (
            &["query", "queries/missing.sparql"],
            1,
            "cpsu-kg: no such query file: queries/missing.sparql\n",
        ),
        (
            &["query", "queries"],
            1,
            "cpsu-kg: queries is a directory: give a query file in it, such as queries/query.rq\n",
        ),
        (
            &["query", "holder-on-dat"],
            1,
            "cpsu-kg: `holder-on-dat` is not a named query: did you mean `holder-on-date`?\n",
        ),
        (
            &["query", "person-profil", "--param", "person=gorbachev"],
            1,
            "cpsu-kg: `person-profil` is not a named query: did you mean `person-profile`?\n",
        ),
        (
            &["query", "wikidata/holdrs"],
            1,
            "cpsu-kg: `wikidata/holdrs` is not a named query: did you mean `wikidata/holders`?\n",
        ),
        (
            &["query", "zzzz"],
            1,
            "cpsu-kg: `zzzz` is not a named query: `cpsu-kg queries` lists them\n",
        ),
        (
            &["queries", "--show", "ofice-holders"],
            1,
            "cpsu-kg: `ofice-holders` is not a named query: did you mean `office-holders`?\n",
        ),
        (
            &["query", "person-profile", "--param", "person=gorbachov"],
            1,
            "cpsu-kg: parameter `person` (person): no person has the id `gorbachov`: did you mean `gorbachev`?\n",
        ),
        (
            &["query", "person-profile", "--param", "person=nobody"],
            1,
            "cpsu-kg: parameter `person` (person): no person has the id `nobody`: the ids are in persons.toml\n",
        ),
        (
            &["query", "holder-on-date", "--param", "dat=1953-06-01"],
            1,
            "cpsu-kg: query `holder-on-date` has no parameter `dat`: did you mean `date`?\n",
        ),
        (
            &["holders", "--office", "general-secretry"],
            1,
            "cpsu-kg: unknown office `general-secretry`: did you mean `general-secretary`?\n",
        ),
        (
            &["holders", "--office", "tsar"],
            1,
            "cpsu-kg: unknown office `tsar`: see `cpsu-kg query office-names` or offices.toml for the ids\n",
        ),
        (
            &["timeline", "-o", svg, "--office", "first-secretry"],
            1,
            "cpsu-kg: unknown office `first-secretry`: did you mean `first-secretary`?\n",
        ),
        (
            &["export", "--format", "dot", "--focus", "stalinn"],
            1,
            "cpsu-kg: no entity has the id `stalinn`: did you mean `stalin`?\n",
        ),
        (
            &["query", "SELECT * { ?s ?p ?o } LIMIT 1", "--param", "x=1"],
            1,
            "cpsu-kg: parameter ?x does not occur in the query: --param binds a variable the query uses, by its name\n",
        ),
        (
            &[
                "query",
                "SELECT ?l { ?x rdfs:label ?l } LIMIT 1",
                "--param",
                "x=1",
            ],
            1,
            "cpsu-kg: parameter ?x must be projected: oxigraph binds parameters through the SELECT clause, so add ?x to it or use SELECT *\n",
        ),
        (
            &["query", "holder-on-date", "--param", "date=June 1953"],
            1,
            "cpsu-kg: parameter `date` (date): `June 1953` is not a date: write the day as YYYY-MM-DD, such as 1953-06-01\n",
        ),
        (
            &["query", "holder-on-date", "--param", "date=1953-06"],
            1,
            "cpsu-kg: parameter `date` (date): `1953-06` is not a full day: write YYYY-MM-DD, such as 1953-06-01\n",
        ),
        (
            &["push", "--store-url", "http://127.0.0.1:9/store"],
            2,
            "<--graph <IRI>|--default>",
        ),
        (
            &["push", "--default"],
            2,
            "<--store-url <URL>|--update-url <URL>>",
        ),
        (
            &["push", "--store-url", "localhost:7878/store", "--default"],
            2,
            "cpsu-kg: invalid request: `localhost:7878/store` has no scheme: write http://localhost:7878/store (or https:// for TLS)\n",
        ),
        (
            &[
                "push",
                "--store-url",
                "http://x/",
                "--update-url",
                "http://x/u",
                "--default",
            ],
            2,
            "cannot be used with",
        ),
        (
            &[
                "push",
                "--store-url",
                "http://x/",
                "--query-url",
                "http://x/q",
                "--default",
            ],
            2,
            "cpsu-kg: invalid request: --query-url counts what --update-url wrote; a Graph Store Protocol push is read back from --store-url\n",
        ),
        (
            &["--data", "/nonexistent", "stats"],
            1,
            "cpsu-kg: no such directory: /nonexistent (--data takes a directory of data files laid out like data/; leave it out for the data compiled in)\n",
        ),
        (
            &["check", "--data", "Cargo.toml"],
            1,
            "cpsu-kg: not a directory: Cargo.toml (--data takes a directory of data files laid out like data/, not one file)\n",
        ),
        (
            &[
                "--data",
                "data",
                "generate",
                "--scale",
                "1",
                "-o",
                "/nonexistent/x",
            ],
            2,
            "--data does nothing for `cpsu-kg generate`: leave it out",
        ),
        (
            &["--base-iri", "http://x/", "holders"],
            2,
            "--base-iri does nothing for `cpsu-kg holders`: leave it out",
        ),
        (
            &[
                "generate",
                "--scale",
                "1",
                "-o",
                "/nonexistent/x",
                "--data",
                "data",
            ],
            2,
            "unexpected argument '--data'",
        ),
    ];
    for (args, code, expected) in cases {
        check(args, *code, expected);
    }
    // A missing directory is not counted as a problem in the data.
    let missing = run(&["--data", "/nonexistent", "stats"]);
    assert!(!String::from_utf8_lossy(&missing.stderr).contains("found in the data"));
}

/// `--data` and `--base-iri` are listed only by the commands that use them.
#[test]
fn cli_errors_help_lists_only_the_options_a_command_uses() {
    for (command, data, base) in [
        ("generate", false, false),
        ("export", true, true),
        ("holders", true, false),
        ("queries", false, true),
        ("stats", true, false),
    ] {
        let help = run_ok(&[command, "--help"]);
        assert_eq!(help.contains("--data"), data, "{command}:\n{help}");
        assert_eq!(help.contains("--base-iri"), base, "{command}:\n{help}");
    }
}

/// A port in use gets the address to try instead.
#[test]
fn cli_errors_serve_on_a_busy_port_suggests_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("an address").port();
    let bind = format!("127.0.0.1:{port}");
    check(
        &["serve", "--bind", &bind],
        1,
        &format!(
            "cpsu-kg: cannot listen on {bind}: another program uses the port; pick another with --bind 127.0.0.1:{}, or --bind 127.0.0.1:0 for any free one\n",
            port + 1
        ),
    );
}

/// The engine's sort panic on mixed ORDER BY keys is caught and worked around (see
/// `store::order`): the answer comes with exit 0 and nothing on standard error, not even
/// with backtraces asked for.
#[test]
fn cli_errors_a_caught_engine_panic_prints_nothing() {
    let values: String = (1..=50).map(|i| format!("{i} \"{}\" ", i * 7)).collect();
    let query = format!("SELECT ?x {{ VALUES ?x {{ {values}}} }} ORDER BY ?x");
    let output = cpsu_kg(&["query", &query, "--results", "csv"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 100);
    assert_eq!(
        (rows[0], rows[49], rows[50]),
        ("1", "50", "105"),
        "numbers first, then strings"
    );
}
