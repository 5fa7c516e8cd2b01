//! The handler in process, as oxigraph's server tests do: a request in, a response out, no
//! socket. `tests/interop.rs` covers the wire and real clients.

use super::*;
use std::io::Read as _;

fn endpoint() -> Endpoint {
    let data = crate::data::check::load(Some(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixture-data"
    ))))
    .expect("the fixture loads");
    let base = BaseIri::new("http://127.0.0.1:7878/").expect("a base");
    let store = crate::store::build_served(&data, &base).expect("a store");
    Endpoint::new(store, base, super::Limits::new(Duration::from_secs(5)))
        .expect("the endpoint starts")
}

/// `(status, content type, body)` of one request.
fn call(
    endpoint: &Endpoint,
    method: Method,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("http://127.0.0.1:7878{target}"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder
        .body(Body::from(body.as_bytes().to_vec()))
        .expect("a request");
    let response = endpoint.handle(&mut request);
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut text = String::new();
    response
        .into_body()
        .read_to_string(&mut text)
        .expect("a UTF-8 body");
    (status, media, text)
}

fn get(endpoint: &Endpoint, target: &str, accept: &str) -> (u16, String, String) {
    call(endpoint, Method::GET, target, &[("Accept", accept)], "")
}

#[test]
fn sparql_by_get_and_by_post_in_every_results_format() {
    let endpoint = endpoint();
    let ask = "/sparql?query=ASK%20%7B%20person%3Aanna%20a%20cpsu%3APerson%20%7D";
    let (status, media, body) = get(&endpoint, ask, "application/sparql-results+json");
    assert_eq!(
        (status, media.as_str()),
        (200, "application/sparql-results+json")
    );
    assert!(body.contains("\"boolean\":true"), "{body}");
    let (status, media, body) = call(
        &endpoint,
        Method::POST,
        "/sparql",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "text/csv"),
        ],
        "query=SELECT+%3Fname+%7B+person%3Aboris+rdfs%3Alabel+%3Fname+FILTER(LANG(%3Fname)%3D%22ru%22)+%7D",
    );
    assert_eq!((status, media.as_str()), (200, "text/csv; charset=utf-8"));
    assert_eq!(body, "name\r\nБорис Фикстура\r\n");
    let (status, media, body) = call(
        &endpoint,
        Method::POST,
        "/sparql",
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "text/turtle"),
        ],
        "CONSTRUCT { person:anna rdfs:label ?l } WHERE { person:anna rdfs:label ?l }",
    );
    assert_eq!(
        (status, media.as_str()),
        (200, "text/turtle; charset=utf-8")
    );
    assert!(body.contains("\"Anna Fixture\"@en"), "{body}");
}

#[test]
fn writes_and_bad_requests_are_refused_with_their_status() {
    let endpoint = endpoint();
    for (method, target, headers, body, status) in [
        (
            Method::POST,
            "/sparql",
            vec![("Content-Type", "application/sparql-update")],
            "INSERT DATA {}",
            403,
        ),
        (Method::GET, "/sparql?update=DROP%20ALL", vec![], "", 403),
        (Method::POST, "/update", vec![], "", 403),
        (Method::PUT, "/store?default", vec![], "", 403),
        (Method::DELETE, "/", vec![], "", 405),
        (
            Method::POST,
            "/sparql",
            vec![("Content-Type", "application/sparql-query")],
            "",
            400,
        ),
        (
            Method::GET,
            "/sparql?query=ASK%7B%7D&format=png",
            vec![],
            "",
            400,
        ),
        (
            Method::GET,
            "/sparql?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fexample.org%2Fnone",
            vec![],
            "",
            400,
        ),
        (
            Method::GET,
            "/sparql?query=ASK%7B%7D&named-graph-uri=not%20an%20iri",
            vec![],
            "",
            400,
        ),
        (
            Method::GET,
            "/sparql?query=SELECT%20*%7B%7D",
            vec![("Accept", "image/png")],
            "",
            406,
        ),
        (Method::GET, "/sparql?query=SELECT", vec![], "", 400),
        (
            Method::POST,
            "/sparql",
            vec![("Content-Type", "text/plain")],
            "ASK {}",
            415,
        ),
        (Method::GET, "/store", vec![], "", 400),
        (
            Method::GET,
            "/store?graph=http%3A%2F%2Fexample.org%2Fnone",
            vec![],
            "",
            404,
        ),
        (Method::GET, "/person/nobody", vec![], "", 404),
        (Method::GET, "/person/anna?format=png", vec![], "", 400),
        (Method::GET, "/store?default&format=png", vec![], "", 400),
        (Method::GET, "/sparql?format=png", vec![], "", 400),
        (
            Method::GET,
            "/store?default",
            vec![("Accept", "image/png")],
            "",
            406,
        ),
    ] {
        let (got, media, text) = call(&endpoint, method.clone(), target, &headers, body);
        assert_eq!(got, status, "{method} {target}: {text}");
        assert_eq!(media, "text/plain; charset=utf-8", "{method} {target}");
    }
}

#[test]
fn the_graph_store_serves_both_graphs() {
    let endpoint = endpoint();
    let (status, media, body) = get(&endpoint, "/store?default", "application/n-triples");
    assert_eq!((status, media.as_str()), (200, "application/n-triples"));
    assert!(body.contains("<http://127.0.0.1:7878/person/anna>"));
    let (status, media, _) = get(&endpoint, "/store?default&format=trig", "text/turtle");
    assert_eq!((status, media.as_str()), (200, "application/trig"));
    let (status, media, _) = get(&endpoint, "/person/anna?format=rdf", "text/html");
    assert_eq!((status, media.as_str()), (200, "application/rdf+xml"));
    let core = "/store?graph=http%3A%2F%2F127.0.0.1%3A7878%2Fgraph%2Fcore";
    assert_eq!(get(&endpoint, core, "text/turtle").0, 200);
    let wikidata = "/store?graph=http%3A%2F%2F127.0.0.1%3A7878%2Fgraph%2Fwikidata";
    let (status, _, body) = get(&endpoint, wikidata, "text/turtle");
    assert_eq!(status, 200);
    assert!(
        body.contains("wikibase:"),
        "{}",
        &body[..body.len().min(400)]
    );
}

#[test]
fn entities_dereference_to_a_page_or_to_rdf() {
    let endpoint = endpoint();
    let (status, media, page) = get(&endpoint, "/person/anna", "text/html,*/*;q=0.8");
    assert_eq!((status, media.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("<title>Anna Fixture</title>"), "{page}");
    assert!(page.contains("Анна Фикстура"));
    assert!(
        page.contains(
            "<a href=\"https://en.wikipedia.org/wiki/Fixture_article\">The article, infobox</a>"
        ),
        "{page}"
    );
    let (status, media, turtle) = get(&endpoint, "/person/anna", "text/turtle");
    assert_eq!(
        (status, media.as_str()),
        (200, "text/turtle; charset=utf-8")
    );
    assert!(turtle.contains("person:anna a "), "{turtle}");
    let (status, media, _) = get(&endpoint, "/person/anna?format=jsonld", "text/html");
    assert_eq!((status, media.as_str()), (200, "application/ld+json"));
}

#[test]
fn the_dataset_description_is_served_in_any_graph_format() {
    let endpoint = endpoint();
    let (status, _, turtle) = get(&endpoint, "/.well-known/void", "text/turtle");
    assert_eq!(status, 200);
    assert!(turtle.contains("void:Dataset"), "{turtle}");
    assert!(turtle.contains("<https://creativecommons.org/licenses/by-sa/4.0/>"));
    let (_, _, lines) = get(&endpoint, "/.well-known/void", "application/n-triples");
    let triples = lines
        .lines()
        .find(|l| l.contains("<http://rdfs.org/ns/void#triples>"))
        .expect("a void:triples line");
    let count: u64 = triples
        .split('"')
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a count");
    // The default graph's statements, less the description's own.
    let described = endpoint
        .store
        .quads_for_pattern(
            None,
            None,
            None,
            Some(oxigraph::model::GraphNameRef::DefaultGraph),
        )
        .filter_map(Result::ok)
        .filter(|q| !q.subject.to_string().contains("/graph/dataset"))
        .count();
    assert_eq!(count, described as u64);
    assert!(
        lines.contains("<http://rdfs.org/ns/void#sparqlEndpoint> <http://127.0.0.1:7878/sparql>")
    );
}

#[test]
fn the_query_page_carries_the_prefixes_and_the_examples() {
    let endpoint = endpoint();
    let (status, _, page) = get(&endpoint, "/", "text/html");
    assert_eq!(status, 200);
    assert!(page.contains(
        "var prefixes = \"PREFIX rdf: \\u003chttp://www.w3.org/1999/02/22-rdf-syntax-ns#>\\n"
    ));
    assert!(
        page.contains("data-query=\"# title: ")
            && page.contains("PREFIX cpsu: &lt;https://w3id.org/cpsu-kg/ontology#&gt;"),
        "the examples run as written"
    );
    assert!(!page.contains("{{"), "no slot left unfilled");
}

#[test]
fn hostile_queries_get_an_error_and_the_server_answers_the_next_one() {
    let endpoint = endpoint();
    // Nested 10 000 deep: refused before the parser can overflow its stack.
    let deep = format!(
        "ASK {{ FILTER({}1{}) }}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let (status, _, body) = call(
        &endpoint,
        Method::POST,
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        &deep,
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("at most 100 are accepted"), "{body}");
    // An ORDER BY the engine cannot order panics inside it (upstream): 500, not a crash.
    let mixed: String = (1..=50).map(|i| format!("{i} \"{}\" ", i * 7)).collect();
    let (status, _, body) = call(
        &endpoint,
        Method::POST,
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        &format!("SELECT ?x {{ VALUES ?x {{ {mixed} }} }} ORDER BY ?x"),
    );
    assert!(status == 500 || status == 200, "{status}: {body}");
    let ask = "/sparql?query=ASK%20%7B%7D";
    assert_eq!(
        get(&endpoint, ask, "application/sparql-results+json").0,
        200
    );
}

#[test]
fn an_entity_page_shows_the_facts_that_point_at_it() {
    let endpoint = endpoint();
    let (status, _, page) = get(&endpoint, "/person/boris", "text/html");
    assert_eq!(status, 200);
    // His tenure, with its title, both claimed starts (disputed), end, neighbours, sources.
    assert!(page.contains("<h2>Offices held</h2>"), "{page}");
    assert!(page.contains("First of the Party"), "{page}");
    assert!(
        page.contains("<td class=\"start\">1953-09-07 | 1953-09-14</td>"),
        "{page}"
    );
    assert!(page.contains("<td class=\"end\">1991-08-24</td>"), "{page}");
    assert!(
        page.contains(">Anna Fixture</a>") && page.contains(">Vera Fixture</a>"),
        "{page}"
    );
    // The event he took part in, with its date.
    assert!(page.contains("<h2>Events taken part in</h2>"), "{page}");
    assert!(page.contains(">Boris is elected</a>"), "{page}");
    // An office's page lists its holders in order, its incarnations' too.
    let (_, _, office) = get(&endpoint, "/office/general-secretary", "text/html");
    let holders = office
        .split_once("<h2>Holders</h2>")
        .map(|(_, rest)| rest)
        .expect("a Holders section");
    let order: Vec<usize> = ["Anna Fixture", "Boris Fixture", "Vera Fixture"]
        .iter()
        .map(|name| holders.find(&format!(">{name}</a>")).expect(name))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{office}");
    assert!(office.contains("<h2>Named by</h2>"), "{office}");
}

#[test]
fn the_jsonld_context_is_served_at_a_stable_path() {
    let endpoint = endpoint();
    let (status, media, body) = get(&endpoint, "/context.jsonld", "application/ld+json");
    assert_eq!(status, 200);
    assert!(media.starts_with("application/ld+json"), "{media}");
    assert_eq!(body, include_str!("../../../ontology/context.jsonld"));
}

#[test]
fn what_the_endpoint_does_not_offer_is_the_querys_fault() {
    let endpoint = endpoint();
    for query in [
        "SELECT%20(%3Chttp%3A%2F%2Fx%2Ff%3E(1)%20AS%20%3Fx)%20%7B%7D",
        "SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fexample.org%2Fsparql%3E%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D",
    ] {
        let (status, _, body) = get(
            &endpoint,
            &format!("/sparql?query={query}"),
            "application/sparql-results+json",
        );
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("cannot answer"), "{body}");
    }
}

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The number of rows a SELECT answers as CSV, less the header.
fn rows(endpoint: &Endpoint, query: &str, extra: &str) -> usize {
    let (status, _, body) = get(
        endpoint,
        &format!("/sparql?query={}{extra}", encoded(query)),
        "text/csv",
    );
    assert_eq!(status, 200, "{body}");
    body.lines().count() - 1
}

#[test]
fn the_protocol_dataset_replaces_the_querys() {
    let endpoint = endpoint();
    let wikidata = encoded("http://127.0.0.1:7878/graph/wikidata");
    let core = encoded("http://127.0.0.1:7878/graph/core");
    let humans = "SELECT ?s { ?s <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q5> }";
    // The default graph is the core profile, which has no Wikibase statements.
    assert_eq!(rows(&endpoint, humans, ""), 0);
    let in_wikidata = rows(&endpoint, humans, &format!("&default-graph-uri={wikidata}"));
    assert!(in_wikidata > 0);
    // Named twice, merged once; the core graph adds nothing to this pattern.
    assert_eq!(
        rows(
            &endpoint,
            humans,
            &format!(
                "&default-graph-uri={wikidata}&default-graph-uri={wikidata}&default-graph-uri={core}"
            )
        ),
        in_wikidata
    );
    // Only the named graphs given are named; the default graph is then empty.
    let graphs = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }";
    assert_eq!(rows(&endpoint, graphs, ""), 2);
    assert_eq!(
        rows(&endpoint, graphs, &format!("&named-graph-uri={core}")),
        1
    );
    assert_eq!(
        rows(
            &endpoint,
            "SELECT * { ?s ?p ?o }",
            &format!("&named-graph-uri={core}")
        ),
        0
    );
    // The protocol wins over the query's FROM.
    let from = format!(
        "SELECT ?s FROM <http://127.0.0.1:7878/graph/core> {{ {} }}",
        &humans[10..]
    );
    assert_eq!(rows(&endpoint, &from, ""), 0);
    assert_eq!(
        rows(&endpoint, &from, &format!("&default-graph-uri={wikidata}")),
        in_wikidata
    );
    // POSTed as a query body, the dataset comes in the URL.
    let (status, _, body) = call(
        &endpoint,
        Method::POST,
        &format!("/sparql?default-graph-uri={wikidata}"),
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "text/csv"),
        ],
        humans,
    );
    assert_eq!(status, 200);
    assert_eq!(body.lines().count() - 1, in_wikidata);
}

#[test]
fn every_format_by_accept_and_by_name() {
    let endpoint = endpoint();
    let construct =
        encoded("CONSTRUCT { person:anna rdfs:label ?l } WHERE { person:anna rdfs:label ?l }");
    let select = encoded("SELECT ?l { person:anna rdfs:label ?l }");
    for (query, accept, named, media) in [
        (
            &construct,
            "application/rdf+xml",
            "rdf",
            "application/rdf+xml",
        ),
        (
            &construct,
            "application/n-quads",
            "nq",
            "application/n-quads",
        ),
        (&construct, "application/trig", "trig", "application/trig"),
        (
            &construct,
            "application/ld+json",
            "jsonld",
            "application/ld+json",
        ),
        (
            &construct,
            "application/n-triples",
            "nt",
            "application/n-triples",
        ),
        (
            &construct,
            "text/turtle",
            "ttl",
            "text/turtle; charset=utf-8",
        ),
        (
            &select,
            "application/sparql-results+xml",
            "xml",
            "application/sparql-results+xml",
        ),
        (
            &select,
            "application/sparql-results+json",
            "json",
            "application/sparql-results+json",
        ),
        (&select, "text/csv", "csv", "text/csv; charset=utf-8"),
        (
            &select,
            "text/tab-separated-values",
            "tsv",
            "text/tab-separated-values; charset=utf-8",
        ),
    ] {
        let by_accept = get(&endpoint, &format!("/sparql?query={query}"), accept);
        assert_eq!(
            (by_accept.0, by_accept.1.as_str()),
            (200, media),
            "{accept}"
        );
        assert!(
            by_accept.2.contains("Anna Fixture"),
            "{accept}: {}",
            by_accept.2
        );
        // `format=` wins over `Accept`.
        let by_name = get(
            &endpoint,
            &format!("/sparql?query={query}&format={named}"),
            "image/png",
        );
        assert_eq!(by_name, by_accept, "format={named}");
    }
    // SPARQLWrapper's and rdflib's defaults for a CONSTRUCT.
    let (status, media, _) = get(
        &endpoint,
        &format!("/sparql?query={construct}"),
        "application/rdf+xml, application/xml;q=0.9",
    );
    assert_eq!((status, media.as_str()), (200, "application/rdf+xml"));
    let (status, _, message) = get(&endpoint, &format!("/sparql?query={select}"), "image/png");
    assert_eq!(status, 406);
    assert!(message.contains("text/tab-separated-values"), "{message}");
    let (status, _, message) = get(
        &endpoint,
        &format!("/sparql?query={construct}"),
        "image/png",
    );
    assert_eq!(status, 406);
    assert!(message.contains("application/trig"), "{message}");
}

#[test]
fn a_get_without_a_query_is_answered_with_the_service_description() {
    let endpoint = endpoint();
    let (status, media, turtle) = get(&endpoint, "/sparql", "");
    assert_eq!(
        (status, media.as_str()),
        (200, "text/turtle; charset=utf-8")
    );
    let (status, _, lines) = get(&endpoint, "/sparql", "application/n-triples");
    assert_eq!(status, 200);
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    for expected in [
        format!(
            "<http://127.0.0.1:7878/graph/service> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{sd}Service> ."
        ),
        format!(
            "<http://127.0.0.1:7878/graph/service> <{sd}endpoint> <http://127.0.0.1:7878/sparql> ."
        ),
        format!(
            "<http://127.0.0.1:7878/graph/service> <{sd}supportedLanguage> <{sd}SPARQL11Query> ."
        ),
        format!(
            "<http://127.0.0.1:7878/graph/service> <{sd}resultFormat> <http://www.w3.org/ns/formats/RDF_XML> ."
        ),
        format!(
            "<http://127.0.0.1:7878/graph/service-dataset> <{sd}defaultGraph> <http://127.0.0.1:7878/graph/dataset> ."
        ),
        format!(
            "<http://127.0.0.1:7878/graph/service-named-wikidata> <{sd}name> <http://127.0.0.1:7878/graph/wikidata> ."
        ),
        format!(
            "<http://127.0.0.1:7878/graph/service-named-core> <{sd}name> <http://127.0.0.1:7878/graph/core> ."
        ),
    ] {
        assert!(lines.lines().any(|l| l == expected), "{expected}\n{lines}");
    }
    assert_eq!(
        lines.lines().filter(|l| l.contains("resultFormat")).count(),
        10
    );
    assert!(!lines.contains("_:"), "no blank node: {lines}");
    assert!(
        turtle.contains("<http://127.0.0.1:7878/sparql>"),
        "{turtle}"
    );
    let (status, media, _) = get(&endpoint, "/sparql?format=jsonld", "");
    assert_eq!((status, media.as_str()), (200, "application/ld+json"));
}

/// A GET with its request header fields, as a whole response.
fn respond(endpoint: &Endpoint, target: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut builder = Request::builder()
        .method(Method::GET)
        .uri(format!("http://127.0.0.1:7878{target}"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    endpoint.handle(&mut builder.body(Body::empty()).expect("a request"))
}

fn field(response: &Response<Body>, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn every_get_has_validators_and_takes_gzip() {
    let endpoint = endpoint();
    let query = format!(
        "/sparql?query={}",
        encoded("SELECT ?l { person:anna rdfs:label ?l }")
    );
    for target in [
        query.as_str(),
        "/sparql",
        "/store?default",
        "/person/anna",
        "/.well-known/void",
        "/",
    ] {
        let first = respond(&endpoint, target, &[("Accept", "text/turtle, text/csv")]);
        assert_eq!(first.status(), 200, "{target}");
        let etag = field(&first, "etag");
        let modified = field(&first, "last-modified");
        assert!(etag.starts_with('"') && etag.len() > 10, "{target}: {etag}");
        assert!(modified.ends_with(" GMT"), "{target}: {modified}");
        // The same request, the same tag: the data cannot change while serving.
        let again = respond(&endpoint, target, &[("Accept", "text/turtle, text/csv")]);
        assert_eq!(field(&again, "etag"), etag, "{target}");
        let other = respond(&endpoint, target, &[("Accept", "application/n-triples")]);
        assert_ne!(
            field(&other, "etag"),
            etag,
            "{target}: another representation"
        );
        for condition in [
            ("If-None-Match", etag.as_str()),
            ("If-None-Match", "\"other\", *"),
            ("If-Modified-Since", modified.as_str()),
        ] {
            let cached = respond(
                &endpoint,
                target,
                &[("Accept", "text/turtle, text/csv"), condition],
            );
            assert_eq!(cached.status(), 304, "{target} {condition:?}");
            assert_eq!(field(&cached, "etag"), etag);
        }
        let stale = respond(
            &endpoint,
            target,
            &[
                ("Accept", "text/turtle, text/csv"),
                ("If-None-Match", "\"other\""),
            ],
        );
        assert_eq!(stale.status(), 200, "{target}");
        let past = respond(
            &endpoint,
            target,
            &[
                ("Accept", "text/turtle, text/csv"),
                ("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"),
            ],
        );
        assert_eq!(past.status(), 200, "{target}");
        // Gzipped on request, with a tag of its own; the same bytes once decoded.
        let mut plain = String::new();
        first.into_body().read_to_string(&mut plain).expect("UTF-8");
        let zipped = respond(
            &endpoint,
            target,
            &[
                ("Accept", "text/turtle, text/csv"),
                ("Accept-Encoding", "gzip, deflate"),
            ],
        );
        assert_eq!(field(&zipped, "content-encoding"), "gzip", "{target}");
        assert_ne!(field(&zipped, "etag"), etag);
        assert!(field(&zipped, "vary").contains("Accept-Encoding"));
        let mut bytes = Vec::new();
        zipped.into_body().read_to_end(&mut bytes).expect("a body");
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut unzipped)
            .expect("gzip");
        assert_eq!(unzipped, plain, "{target}");
    }
    // A POST is not cached.
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("http://127.0.0.1:7878/sparql")
        .header("Content-Type", "application/sparql-query")
        .body(Body::from("ASK {}"))
        .expect("a request");
    assert_eq!(field(&endpoint.handle(&mut request), "etag"), "");
}
