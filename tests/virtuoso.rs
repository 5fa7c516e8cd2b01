//! OpenLink Virtuoso as a second engine: `cpsu-kg push` loads both profiles into a throwaway
//! Virtuoso over the Graph Store Protocol, the graphs read back are exactly the exports, and
//! every named query, run verbatim on Virtuoso's SPARQL endpoint, gives the same rows as
//! `cpsu-kg query`. Virtuoso (`virtuoso-t`, `isql-vt`) comes from Debian's
//! `virtuoso-opensource`, which `scripts/test.sh` installs; the test fails, never skips, when
//! it is missing.

mod common;

use common::{Running, free_port, run_ok, temp_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn program(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    path.unwrap_or_else(|| {
        panic!(
            "{name} is missing: scripts/test.sh installs Debian's virtuoso-opensource with apt-get"
        )
    })
}

/// `(status, body)` of a GET.
fn get(url: &str, accept: &str) -> Option<(u16, Vec<u8>)> {
    let request = oxhttp::model::Request::builder()
        .uri(url)
        .header("Accept", accept)
        .body(Vec::new())
        .expect("a request");
    let response = oxhttp::Client::new()
        .with_global_timeout(Duration::from_secs(30))
        .request(request)
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.into_body().to_vec().ok()?))
}

/// A Virtuoso server with a fresh database in `dir`, on loopback, its SPARQL endpoint open
/// to anonymous updates (as a test store may be; never a real one).
struct Virtuoso {
    _server: Running,
    http: u16,
}

impl Virtuoso {
    fn start(dir: &Path) -> Self {
        let virtuoso = program("virtuoso-t");
        let isql = program("isql-vt");
        let (sql, http) = (free_port(), free_port());
        let d = dir.display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
             LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
             xa_persistent_file = {d}/virtuoso.pxa\nTempStorage = TempDatabase\n\n\
             [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\n\
             TransactionFile = {d}/virtuoso-temp.trx\n\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql}\nDisableUnixSocket = 1\nDirsAllowed = .\n\
             NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\n\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{http}\nServerRoot = {d}\nServerThreads = 4\n\n\
             [SPARQL]\nResultSetMaxRows = 100000\nMaxQueryExecutionTime = 60\n"
        );
        let config = dir.join("virtuoso.ini");
        std::fs::write(&config, ini).expect("write virtuoso.ini");
        let mut server = Running(
            Command::new(virtuoso)
                .args(["+foreground", "+configfile"])
                .arg(&config)
                .current_dir(dir)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("virtuoso-t starts"),
        );
        let ask = format!("http://127.0.0.1:{http}/sparql?query=ASK%7B%7D");
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            if let Some(status) = server.0.try_wait().expect("Virtuoso's status") {
                panic!(
                    "virtuoso-t exited with {status}: {}",
                    std::fs::read_to_string(dir.join("virtuoso.log")).unwrap_or_default()
                );
            }
            if get(&ask, "application/sparql-results+json").is_some_and(|(s, _)| s == 200) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "Virtuoso did not answer within 40 s: {}",
                std::fs::read_to_string(dir.join("virtuoso.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        // The fresh database's dba password is dba.
        let output = Command::new(isql)
            .arg(format!("127.0.0.1:{sql}"))
            .args(["dba", "dba"])
            .arg(
                "exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; \
                 DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
            )
            .stdin(Stdio::null())
            .output()
            .expect("isql-vt runs");
        let said = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && !said.contains("Error"),
            "granting writes failed: {said}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Self {
            _server: server,
            http,
        }
    }
}

fn triples(nt: &[u8]) -> std::collections::BTreeSet<String> {
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_slice(nt)
        .map(|q| q.expect("valid N-Triples").to_string())
        .collect()
}

/// The parameterized queries, with the value `--param` takes and the N-Triples term that
/// stands for it in the text sent to Virtuoso.
const PARAMS: &[(&str, &str, &str, &str)] = &[
    (
        "holder-on-date",
        "date",
        "1985-03-10",
        "\"1985-03-10\"^^<http://www.w3.org/2001/XMLSchema#date>",
    ),
    (
        "person-profile",
        "person",
        "gorbachev",
        "<https://w3id.org/cpsu-kg/person/gorbachev>",
    ),
];

/// Replaces every `?name` (and not `?names`) in `text` by `with`.
fn replace_variable(text: &str, name: &str, with: &str) -> String {
    let pattern = format!("?{name}");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&pattern) {
        let after = &rest[at + pattern.len()..];
        out.push_str(&rest[..at]);
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            out.push_str(&pattern);
        } else {
            out.push_str(with);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Virtuoso cannot pre-bind a variable, so a parameter's term is written into the text: the
/// only change made to the text `cpsu-kg queries --show` prints. In the SELECT clause `?date`
/// becomes `(TERM AS ?date)`, so the column is still answered; everywhere after it, `?date`
/// becomes the term itself.
fn with_parameter(text: &str, name: &str, term: &str) -> String {
    let select = text.find("\nSELECT ").expect("a SELECT clause") + 1;
    let body = select
        + text[select..]
            .find('\n')
            .expect("the end of the SELECT line");
    format!(
        "{}{}{}",
        &text[..select],
        replace_variable(&text[select..body], name, &format!("({term} AS ?{name})")),
        replace_variable(&text[body..], name, term)
    )
}

#[test]
fn virtuoso_holds_the_pushed_graphs_and_answers_every_named_query_alike() {
    let dir = temp_dir("virtuoso");
    let virtuoso = Virtuoso::start(&dir);
    let port = virtuoso.http;
    let store = format!("http://127.0.0.1:{port}/sparql-graph-crud");
    let graphs = [
        ("core", "https://w3id.org/cpsu-kg/graph/core"),
        ("wikidata", "https://w3id.org/cpsu-kg/graph/wikidata"),
    ];
    for (profile, graph) in graphs {
        // Pushed twice: the second PUT replaces the first, it does not add to it.
        for _ in 0..2 {
            let said = common::run(&[
                "push",
                "--store-url",
                &store,
                "--graph",
                graph,
                "--profile",
                profile,
                "--replace",
            ]);
            let stderr = String::from_utf8_lossy(&said.stderr);
            assert!(said.status.success(), "push {profile}: {stderr}");
            let local =
                triples(run_ok(&["export", "--profile", profile, "--format", "nt"]).as_bytes());
            assert!(
                stderr.contains(&format!(
                    "pushed {n} triples in 2 requests; the target graph holds {n}",
                    n = local.len()
                )),
                "push {profile}: {stderr}"
            );
        }
        // The graph read back is the export, term for term.
        let encoded: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
        let (status, body) = get(&format!("{store}?graph={encoded}"), "application/n-triples")
            .expect("Virtuoso answers");
        assert_eq!(status, 200);
        let local = triples(run_ok(&["export", "--profile", profile, "--format", "nt"]).as_bytes());
        assert!(
            triples(&body) == local,
            "{profile}: Virtuoso holds another graph"
        );
    }

    let listed = run_ok(&["queries"]);
    let names: Vec<&str> = listed.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(names.len() >= 23, "{listed}");
    let queries = cpsu_kg::store::query::named_queries();
    let mut cases = vec![format!("http://127.0.0.1:{port}/sparql").into()];
    for name in &names {
        let query = queries
            .iter()
            .find(|q| q.name == *name)
            .expect("a listed query is a named query");
        // A parameter every query takes has a value here, so a new one cannot be missed.
        for param in &query.params {
            assert!(
                PARAMS
                    .iter()
                    .any(|(q, p, _, _)| q == name && *p == param.name),
                "{name}: give `--param {}` a value in PARAMS",
                param.name
            );
        }
        let shown = run_ok(&["queries", "--show", name]);
        let mut text = shown.clone();
        let mut args = vec![
            "query".to_owned(),
            (*name).to_owned(),
            "--results".to_owned(),
            "tsv".to_owned(),
        ];
        for (_, param, value, term) in PARAMS.iter().filter(|(q, ..)| q == name) {
            text = with_parameter(&text, param, term);
            args.extend(["--param".to_owned(), format!("{param}={value}")]);
        }
        if query.params.is_empty() {
            assert_eq!(text, shown, "{name}: sent verbatim");
        }
        // `cpsu-kg query` runs `wikidata/` queries on the Wikidata profile, the others on
        // the core one; each runs on Virtuoso against the graph of the same profile.
        let graph = if name.starts_with("wikidata/") {
            graphs[1].1
        } else {
            graphs[0].1
        };
        let case = dir.join("cases").join(name.replace('/', "-"));
        std::fs::create_dir_all(&case).expect("a case folder");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        std::fs::write(case.join("ours.tsv"), run_ok(&args)).expect("write");
        std::fs::write(case.join("query.rq"), text).expect("write");
        std::fs::write(case.join("graph.txt"), graph).expect("write");
        std::fs::write(case.join("name.txt"), name).expect("write");
        cases.push(case.into_os_string());
    }
    let output = Command::new(common::python())
        .arg(common::root().join("tests/python/virtuoso_queries.py"))
        .args(&cases)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    for name in &names {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{name}: no answer\n{stdout}"));
        assert!(
            line.ends_with(", same"),
            "{name}: Virtuoso and cpsu-kg disagree\n{stdout}"
        );
    }
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
