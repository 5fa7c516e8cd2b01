//! Triple-store interop with real components: `push` into the Oxigraph server from PyPI and
//! the same answers there as here; `serve` queried at the HTTP level for every content type
//! and error, and by SPARQLWrapper, a real SPARQL client. Servers bind to loopback on free
//! ports and are stopped when the test ends, even when it fails. The programs come from
//! `scripts/test.sh`; the tests fail, never skip, when one is missing.

mod common;

use common::{Running, free_port, python, python_check, run, run_ok, temp_dir, wait_for};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Method, Request};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `(status, content type, body)` of one HTTP request.
fn http(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut builder = Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = oxhttp::Client::new()
        .with_global_timeout(Duration::from_secs(30))
        .request(builder.body(body.to_vec()).expect("a request"))
        .expect("the server answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        content_type,
        response.into_body().to_vec().expect("a body"),
    )
}

/// The Oxigraph server from PyPI on a free loopback port, its store in `dir`.
fn oxigraph_server(oxigraph: &std::path::Path, dir: &std::path::Path) -> (Running, u16) {
    let port = free_port();
    let server = Running(
        Command::new(oxigraph)
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--location",
            ])
            .arg(dir.join("store"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the Oxigraph server starts"),
    );
    wait_for(port);
    (server, port)
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

#[test]
fn interop_push_into_the_oxigraph_server_and_query_it_there() {
    let oxigraph = python().parent().expect("venv bin").join("oxigraph");
    assert!(
        oxigraph.exists(),
        "the Oxigraph server is missing: run scripts/test.sh"
    );
    let dir = temp_dir("oxigraph-server");
    let (_server, port) = oxigraph_server(&oxigraph, &dir);
    let store = format!("http://127.0.0.1:{port}/store");
    let named = "https://w3id.org/cpsu-kg/graph/core";
    // PUT into the default graph, POST into a named graph twice (a merge), PUT again
    // (a replacement), and SPARQL Update in batches for a store without the protocol.
    run_ok(&["push", "--store-url", &store, "--default", "--replace"]);
    run_ok(&[
        "push",
        "--store-url",
        &store,
        "--graph",
        named,
        "--format",
        "ttl",
    ]);
    run_ok(&["push", "--store-url", &store, "--graph", named]);
    run_ok(&["push", "--store-url", &store, "--graph", named, "--replace"]);
    // The count afterwards is a SPARQL query to `--query-url`, not a Graph Store read.
    let update = format!("http://127.0.0.1:{port}/update");
    let query_url = format!("http://127.0.0.1:{port}/query");
    let pushed = run(&[
        "push",
        "--graph",
        "https://w3id.org/cpsu-kg/graph/wikidata",
        "--profile",
        "wikidata",
        "--update-url",
        &update,
        "--query-url",
        &query_url,
        "--replace",
        "--batch",
        "700",
    ]);
    let said = String::from_utf8_lossy(&pushed.stderr);
    assert_eq!(pushed.status.code(), Some(0), "{said}");
    let wikidata_triples = run_ok(&["export", "--profile", "wikidata", "--format", "nt"])
        .lines()
        .count();
    let batches = wikidata_triples.div_ceil(700);
    assert_eq!(
        said,
        format!(
            "cpsu-kg: pushed {wikidata_triples} triples in {} requests; the target graph holds {wikidata_triples}\n",
            batches + 2
        ),
        "a CLEAR, the batches and one count"
    );
    // Without --query-url the count goes to the update URL, which Oxigraph's server keeps
    // for updates: its refusal is the store's answer (exit 3), named as such.
    let refused = run(&[
        "push",
        "--default",
        "--update-url",
        &update,
        "--batch",
        "100000",
    ]);
    assert_eq!(refused.status.code(), Some(3));
    // The server's default graph now answers every named query as cpsu-kg does.
    let base = cpsu_kg::graph::vocab::BaseIri::default();
    // Parameterized queries get their value through an inline VALUES clause there, and
    // through typed binding here.
    let params: &[(&str, &str, &str)] = &[
        (
            "holder-on-date",
            "date=1964-06-01",
            "VALUES ?date { \"1964-06-01\"^^<http://www.w3.org/2001/XMLSchema#date> }",
        ),
        (
            "person-profile",
            "person=gorbachev",
            "VALUES ?person { <https://w3id.org/cpsu-kg/person/gorbachev> }",
        ),
    ];
    for query in cpsu_kg::store::query::named_queries() {
        if query.name.starts_with("wikidata/") {
            continue;
        }
        let (mut text, mut args) = (
            query.full_text(&base),
            vec![
                "query".to_owned(),
                query.name.clone(),
                "--results".to_owned(),
                "tsv".to_owned(),
            ],
        );
        if !query.params.is_empty() {
            let (_, param, values) = params
                .iter()
                .find(|(n, _, _)| *n == query.name)
                .expect("a value for every parameter");
            // At the top of the WHERE clause, so the filters inside see the value, as a
            // pre-binding does (a trailing VALUES would join only after them).
            text = text.replacen("WHERE {", &format!("WHERE {{\n  {values}"), 1);
            args.extend(["--param".to_owned(), (*param).to_owned()]);
        }
        let (status, _, body) = http(
            Method::POST,
            &format!("http://127.0.0.1:{port}/query"),
            &[
                ("Content-Type", "application/sparql-query"),
                ("Accept", "text/tab-separated-values"),
            ],
            text.as_bytes(),
        );
        assert_eq!(
            status,
            200,
            "{}: {}",
            query.name,
            String::from_utf8_lossy(&body)
        );
        let theirs = String::from_utf8(body).expect("UTF-8");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let ours = run_ok(&args);
        assert_eq!(
            sorted_lines(&theirs),
            sorted_lines(&ours),
            "{}: the server and cpsu-kg disagree",
            query.name
        );
    }
    // The named graph holds exactly the export after the replacement.
    let (_, _, body) = http(
        Method::GET,
        &format!(
            "{store}?graph={}",
            "https%3A%2F%2Fw3id.org%2Fcpsu-kg%2Fgraph%2Fcore"
        ),
        &[("Accept", "application/n-triples")],
        &[],
    );
    let local = run_ok(&["export", "--format", "nt"]);
    assert_eq!(
        sorted_lines(&String::from_utf8(body).expect("UTF-8")),
        sorted_lines(&local)
    );
    // A 4xx is not retried and names the status; an unreachable store exits 4.
    let refused = run(&[
        "push",
        "--store-url",
        &format!("http://127.0.0.1:{port}/nothing"),
        "--default",
    ]);
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refused the request: 404"));
    let unreachable = run(&[
        "push",
        "--store-url",
        &format!("http://127.0.0.1:{}/store", free_port()),
        "--default",
    ]);
    assert_eq!(unreachable.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&unreachable.stderr).contains("after 5 attempts"));
}

/// `push` speaks HTTPS: into the Oxigraph server behind a TLS front (a Python proxy with a
/// self-signed certificate made by `openssl`), trusted with `--ca-cert`; without it the
/// certificate is refused at once (exit 2, no retries), naming the option.
#[test]
fn interop_push_over_https_with_a_private_certificate() {
    let oxigraph = python().parent().expect("venv bin").join("oxigraph");
    let dir = temp_dir("https-push");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl runs: scripts/test.sh installs it");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let (_server, port) = oxigraph_server(&oxigraph, &dir);
    let tls_port = free_port();
    let _proxy = Running(
        Command::new(python())
            .arg(common::root().join("tests/python/tls_proxy.py"))
            .args([&cert, &key])
            .args([tls_port.to_string(), port.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .expect("the TLS front starts"),
    );
    wait_for(tls_port);
    let store = format!("https://localhost:{tls_port}/store");
    let graph = "https://w3id.org/cpsu-kg/graph/core";
    let cert_arg = cert.to_str().expect("path");
    let pushed = run(&[
        "push",
        "--store-url",
        &store,
        "--graph",
        graph,
        "--replace",
        "--ca-cert",
        cert_arg,
    ]);
    let said = String::from_utf8_lossy(&pushed.stderr);
    assert!(pushed.status.success(), "{said}");
    let expected = run_ok(&["export", "--format", "nt"]).lines().count();
    assert!(
        said.contains(&format!("the target graph holds {expected}")),
        "{said}"
    );
    let untrusted = run(&["push", "--store-url", &store, "--graph", graph, "--replace"]);
    let said = String::from_utf8_lossy(&untrusted.stderr);
    assert_eq!(untrusted.status.code(), Some(2), "{said}");
    assert!(
        said.contains("--ca-cert") && !said.contains("attempts"),
        "{said}"
    );
}

fn start_serve(timeout: &str) -> (Running, String) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/");
    let child = common::cpsu_kg(&[
        "serve",
        "--bind",
        &format!("127.0.0.1:{port}"),
        "--base-iri",
        &base,
        "--timeout-s",
        timeout,
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("cpsu-kg serve starts");
    let mut running = Running(child);
    wait_for(port);
    assert!(
        running.0.try_wait().expect("the server's status").is_none(),
        "cpsu-kg serve exited"
    );
    (running, base)
}

#[test]
fn interop_serve_speaks_the_sparql_protocol() {
    let (_server, base) = start_serve("1");
    let sparql = format!("{base}sparql");
    let select = "SELECT ?label WHERE { person:stalin rdfs:label ?label } ORDER BY ?label";
    let encoded: String = select
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    for (accept, media, marker) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "\"bindings\"",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        ("text/csv", "text/csv", "label\r\n"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?label\n",
        ),
    ] {
        let (status, content_type, body) = http(
            Method::GET,
            &format!("{sparql}?query={encoded}"),
            &[("Accept", accept)],
            &[],
        );
        let body = String::from_utf8(body).expect("UTF-8");
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(content_type.starts_with(media), "{accept}: {content_type}");
        assert!(
            body.contains(marker) && body.contains("Joseph Stalin"),
            "{accept}: {body}"
        );
    }
    // POST as a form and as a query body.
    let (status, _, body) = http(
        Method::POST,
        &sparql,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("query={encoded}").as_bytes(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let construct =
        "CONSTRUCT { person:stalin rdfs:label ?l } WHERE { person:stalin rdfs:label ?l }";
    for (accept, media) in [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
    ] {
        let (status, content_type, body) = http(
            Method::POST,
            &sparql,
            &[
                ("Content-Type", "application/sparql-query"),
                ("Accept", accept),
            ],
            construct.as_bytes(),
        );
        assert_eq!(status, 200);
        assert!(content_type.starts_with(media), "{accept}: {content_type}");
        assert!(
            String::from_utf8_lossy(&body).contains("Иосиф Сталин"),
            "{accept}"
        );
    }
    // Updates are refused; a query past the timeout is cancelled; oversized bodies and
    // unacceptable types are refused with clear statuses.
    let (status, _, body) = http(
        Method::POST,
        &sparql,
        &[("Content-Type", "application/sparql-update")],
        b"INSERT DATA { <a:b> <a:b> <a:b> }",
    );
    assert_eq!(status, 403);
    assert!(String::from_utf8_lossy(&body).contains("read-only"));
    let (status, _, _) = http(
        Method::POST,
        &sparql,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"update=CLEAR+ALL",
    );
    assert_eq!(status, 403);
    let heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let started = Instant::now();
    let (status, _, body) = http(
        Method::POST,
        &sparql,
        &[("Content-Type", "application/sparql-query")],
        heavy.as_bytes(),
    );
    assert_eq!(status, 503, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("timeout"));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the query was not cancelled in time"
    );
    let big = vec![b'#'; 2 * 1024 * 1024];
    let (status, _, _) = http(
        Method::POST,
        &sparql,
        &[("Content-Type", "application/sparql-query")],
        &big,
    );
    assert_eq!(status, 413);
    let (status, _, _) = http(
        Method::GET,
        &format!("{sparql}?query={encoded}"),
        &[("Accept", "image/png")],
        &[],
    );
    assert_eq!(status, 406);
    let (status, _, body) = http(Method::GET, &format!("{sparql}?query=SELECT"), &[], &[]);
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("invalid SPARQL"));
    // CORS, for browser clients.
    let response = oxhttp::Client::new()
        .request(
            Request::builder()
                .method(Method::OPTIONS)
                .uri(&sparql)
                .body(Vec::new())
                .expect("a request"),
        )
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        response
            .headers()
            .get("Access-Control-Allow-Origin")
            .and_then(|v| v.to_str().ok()),
        Some("*")
    );
}

#[test]
fn interop_serve_dereferences_entities_and_describes_the_dataset() {
    let (_server, base) = start_serve("10");
    let stalin = format!("{base}person/stalin");
    for (accept, media, marker) in [
        (
            "text/turtle",
            "text/turtle",
            "person:stalin a schema:Person",
        ),
        (
            "application/n-triples",
            "application/n-triples",
            &format!("<{stalin}> "),
        ),
        ("application/ld+json", "application/ld+json", "\"@id\""),
        (
            "text/html,application/xhtml+xml,*/*;q=0.8",
            "text/html",
            "<h2>Sources</h2>",
        ),
    ] {
        let (status, content_type, body) =
            http(Method::GET, &stalin, &[(ACCEPT.as_str(), accept)], &[]);
        let body = String::from_utf8(body).expect("UTF-8");
        assert_eq!(status, 200, "{accept}");
        assert!(content_type.starts_with(media), "{accept}: {content_type}");
        assert!(
            body.contains(marker),
            "{accept}: {marker} not in {body:.300}"
        );
    }
    let (_, _, page) = http(Method::GET, &stalin, &[("Accept", "text/html")], &[]);
    let page = String::from_utf8(page).expect("UTF-8");
    assert!(
        page.contains("Иосиф Сталин")
            && page.contains("footnote 4")
            && page.contains("href=\"/office/general-secretary-1922\"")
    );
    let (status, _, _) = http(Method::GET, &format!("{base}person/nobody"), &[], &[]);
    assert_eq!(status, 404);
    // The Graph Store Protocol's read side.
    let (status, _, body) = http(
        Method::GET,
        &format!("{base}store?default"),
        &[("Accept", "application/n-triples")],
        &[],
    );
    assert_eq!(status, 200);
    let nt = run_ok(&["export", "--format", "nt", "--base-iri", &base]);
    assert_eq!(
        sorted_lines(&String::from_utf8(body).expect("UTF-8")),
        sorted_lines(&nt)
    );
    let wikidata = format!(
        "{base}store?graph={}",
        format!("{base}graph/wikidata")
            .replace(':', "%3A")
            .replace('/', "%2F")
    );
    let (status, _, body) = http(
        Method::GET,
        &wikidata,
        &[("Accept", "application/n-triples")],
        &[],
    );
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("<http://wikiba.se/ontology#Statement>"));
    let (status, _, _) = http(
        Method::GET,
        &format!("{base}store?graph=http%3A%2F%2Fexample.org%2Fnone"),
        &[],
        &[],
    );
    assert_eq!(status, 404);
    let (status, _, _) = http(Method::PUT, &format!("{base}store?default"), &[], b"");
    assert_eq!(status, 403);
    // VoID and DCAT.
    let (status, _, body) = http(Method::GET, &format!("{base}.well-known/void"), &[], &[]);
    let void = String::from_utf8(body).expect("UTF-8");
    assert_eq!(status, 200);
    for marker in [
        "void:Dataset",
        "dcat:Dataset",
        "void:triples",
        "void:classPartition",
        &format!("void:sparqlEndpoint <{base}sparql>"),
        "dcterms:license",
    ] {
        assert!(void.contains(marker), "{marker} missing from VoID");
    }
    // Every partition is a named node, so the description parses without
    // blank nodes and each counted class gets its own partition.
    let void_quads: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(void.as_bytes())
        .collect::<Result<_, _>>()
        .expect("VoID is valid Turtle");
    assert!(
        void_quads
            .iter()
            .all(|q| !q.subject.is_blank_node() && !q.object.is_blank_node())
    );
    let partitions = void_quads
        .iter()
        .filter(|q| q.predicate.as_str() == "http://rdfs.org/ns/void#classPartition")
        .count();
    assert_eq!(partitions, cpsu_kg::graph::vocab::COUNTED_CLASSES.len());
    let (status, content_type, body) = http(Method::GET, &base, &[], &[]);
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("<textarea"));
}

#[test]
fn interop_sparqlwrapper_queries_the_endpoint() {
    let (_server, base) = start_serve("10");
    let stdout = python_check("sparqlwrapper_check.py", [format!("{base}sparql")]);
    assert!(stdout.contains("select Joseph Stalin"), "{stdout}");
    assert!(stdout.contains("ask True"), "{stdout}");
    assert!(stdout.contains("construct 2"), "{stdout}");
}
