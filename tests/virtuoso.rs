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

    let names = common::queries::write_cases(&dir.join("cases"), |name| {
        // `cpsu-kg query` runs `wikidata/` queries on the Wikidata profile, the others on
        // the core one; each runs on Virtuoso against the graph of the same profile.
        if name.starts_with("wikidata/") {
            graphs[1].1
        } else {
            graphs[0].1
        }
        .to_owned()
    });
    let mut cases: Vec<std::ffi::OsString> = vec![format!("http://127.0.0.1:{port}/sparql").into()];
    cases.extend(names.iter().map(|(_, case)| case.clone().into_os_string()));
    let names: Vec<&str> = names.iter().map(|(name, _)| name.as_str()).collect();
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
