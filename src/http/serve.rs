//! A read-only SPARQL endpoint over the embedded graph, with Linked Data pages.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol (GET, POST form, POST `application/sparql-query`),
//!   results in JSON, XML, CSV or TSV, graphs in Turtle, N-Triples or JSON-LD, chosen by
//!   `Accept`. Updates are refused (403). Queries are cancelled at the timeout (503).
//! - `/store?default`, `/store?graph=IRI`: the Graph Store Protocol's read side.
//! - Every entity IRI under the base IRI dereferences (answered directly, no 303): RDF by
//!   `Accept`, or an HTML page for browsers.
//! - `/`: a page with a query box, the named queries as examples and results as a table.
//! - `/.well-known/void`: a VoID and DCAT description of the dataset.
//!
//! The core profile is the default graph; the Wikidata profile is the named graph
//! `graph/wikidata` under the base IRI.

use crate::graph::vocab::BaseIri;
use crate::graph::vocab::{EntityKind, Prefixes, rdf, rdfs, schema};
use crate::output::export::ExportFormat;
use crate::output::timeline::xml;
use crate::store::query::named_queries;
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {address}")]
    Listen {
        /// The address asked for.
        address: std::net::SocketAddr,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The Ctrl-C handler could not be installed.
    #[error("cannot install the Ctrl-C handler")]
    Signal(#[from] ctrlc::Error),
    /// The server's threads stopped with an error.
    #[error("the server stopped")]
    Stopped(#[source] std::io::Error),
}

/// Serves `store` at `address` until Ctrl-C: starts the server, then on Ctrl-C waits up to
/// ten seconds for the requests being answered and exits the process.
pub fn run(
    store: Store,
    base: BaseIri,
    address: std::net::SocketAddr,
    timeout: Duration,
) -> Result<(), ServeError> {
    let endpoint = Arc::new(Endpoint::new(store, base, timeout));
    let handler = Arc::clone(&endpoint);
    let server = oxhttp::Server::new(move |request| handler.handle(request))
        .bind(address)
        .with_global_timeout(timeout + Duration::from_secs(50))
        .with_max_concurrent_connections(64)
        .spawn()
        .map_err(|source| ServeError::Listen { address, source })?;
    let shutdown = Arc::clone(&endpoint);
    ctrlc::set_handler(move || {
        eprintln!("cpsu-kg: shutting down; waiting for running requests");
        let deadline = Instant::now() + Duration::from_secs(10);
        while shutdown.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("cpsu-kg: stopped");
        std::process::exit(0);
    })?;
    eprintln!("cpsu-kg: serving http://{address}/ (SPARQL at /sparql; Ctrl-C stops)");
    server.join().map_err(ServeError::Stopped)
}

/// The largest request body accepted.
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;
/// The longest URL accepted.
pub const MAX_URL_BYTES: usize = 64 * 1024;

/// The endpoint's state, shared by every request.
pub struct Endpoint {
    store: Store,
    base: BaseIri,
    prefixes: Prefixes,
    timeout: Duration,
    /// Requests being answered, so a shutdown can wait for them.
    pub in_flight: AtomicUsize,
}

impl Endpoint {
    /// An endpoint over `store` (the core profile in the default graph).
    pub fn new(store: Store, base: BaseIri, timeout: Duration) -> Self {
        Self {
            store,
            prefixes: Prefixes::new(&base),
            base,
            timeout,
            in_flight: AtomicUsize::new(0),
        }
    }

    /// Answers one request and logs it to standard error.
    pub fn handle(self: &Arc<Self>, request: &mut Request<Body>) -> Response<Body> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let started = Instant::now();
        let mut response = self.route(request);
        let headers = response.headers_mut();
        headers.insert("Access-Control-Allow-Origin", HeaderValue::from_static("*"));
        headers.insert(
            "Access-Control-Expose-Headers",
            HeaderValue::from_static("Content-Type"),
        );
        eprintln!(
            "{} {} {} {}ms",
            request.method(),
            request.uri().path(),
            response.status().as_u16(),
            started.elapsed().as_millis()
        );
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Response<Body> {
        if request.uri().to_string().len() > MAX_URL_BYTES {
            return error(
                StatusCode::URI_TOO_LONG,
                "the URL is longer than 64 KiB; send the query in a POST body",
            );
        }
        if request.method() == Method::OPTIONS {
            return Response::builder()
                .status(StatusCode::NO_CONTENT)
                .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .header("Access-Control-Allow-Headers", "Content-Type, Accept")
                .header("Access-Control-Max-Age", "86400")
                .body(Body::empty())
                .unwrap_or_else(|_| {
                    error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "cannot build the response",
                    )
                });
        }
        let path = request.uri().path().to_owned();
        let query = request.uri().query().unwrap_or_default().to_owned();
        match (request.method().clone(), path.as_str()) {
            (Method::GET | Method::HEAD, "/") => html(self.home()),
            (Method::GET | Method::POST, "/sparql" | "/query") => self.sparql(request, &query),
            (_, "/update") => error(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: updates are refused",
            ),
            (Method::GET | Method::HEAD, "/store") => self.graph_store(request, &query),
            (_, "/store") => error(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: the Graph Store Protocol's write side is refused",
            ),
            (Method::GET | Method::HEAD, "/.well-known/void") => self.void(request),
            (Method::GET | Method::HEAD, _) => self.entity(request, &path),
            _ => error(
                StatusCode::METHOD_NOT_ALLOWED,
                "only GET, POST (for /sparql) and OPTIONS are served",
            ),
        }
    }

    fn sparql(&self, request: &mut Request<Body>, query_string: &str) -> Response<Body> {
        let mut parameters = parse_form(query_string);
        if request.method() == Method::POST {
            let content_type = header(request, CONTENT_TYPE.as_str());
            let mut body = Vec::new();
            let read = request
                .body_mut()
                .take(MAX_BODY_BYTES + 1)
                .read_to_end(&mut body);
            if read.is_err() {
                return error(StatusCode::BAD_REQUEST, "cannot read the request body");
            }
            if body.len() as u64 > MAX_BODY_BYTES {
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the request body is larger than 1 MiB",
                );
            }
            let media = content_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            match media.as_str() {
                "application/sparql-query" => {
                    parameters.push((
                        "query".to_owned(),
                        String::from_utf8_lossy(&body).into_owned(),
                    ));
                }
                "application/x-www-form-urlencoded" => {
                    parameters.extend(parse_form(&String::from_utf8_lossy(&body)))
                }
                "application/sparql-update" => {
                    return error(
                        StatusCode::FORBIDDEN,
                        "this endpoint is read-only: SPARQL Update is refused",
                    );
                }
                _ => {
                    return error(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "send the query as application/sparql-query or application/x-www-form-urlencoded",
                    );
                }
            }
        }
        if parameters.iter().any(|(k, _)| k == "update") {
            return error(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: SPARQL Update is refused",
            );
        }
        let Some(text) = parameters
            .iter()
            .find(|(k, _)| k == "query")
            .map(|(_, v)| v.clone())
        else {
            return error(
                StatusCode::BAD_REQUEST,
                "no query: pass it as the `query` parameter",
            );
        };
        let token = CancellationToken::new();
        let prepared = match self
            .prefixes
            .evaluator()
            .with_cancellation_token(token.clone())
            .parse_query(&text)
        {
            Ok(prepared) => prepared,
            Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid SPARQL: {e}")),
        };
        // The timer cancels the query at the timeout; a query that ends first just leaves
        // the timer to fire on nothing.
        let timeout = self.timeout;
        let timer = token.clone();
        std::thread::spawn(move || {
            std::thread::sleep(timeout);
            timer.cancel();
        });
        let accept = header(request, ACCEPT.as_str());
        let outcome = (|| -> Result<Response<Body>, String> {
            match prepared
                .on_store(&self.store)
                .execute()
                .map_err(|e| e.to_string())?
            {
                QueryResults::Solutions(solutions) => {
                    let Some((format, media)) = results_format(&accept) else {
                        return Ok(not_acceptable(
                            "application/sparql-results+json, application/sparql-results+xml, text/csv or text/tab-separated-values",
                        ));
                    };
                    let mut out = Vec::new();
                    let mut serializer = QueryResultsSerializer::from_format(format)
                        .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                        .map_err(|e| e.to_string())?;
                    for solution in solutions {
                        serializer
                            .serialize(&solution.map_err(|e| e.to_string())?)
                            .map_err(|e| e.to_string())?;
                    }
                    serializer.finish().map_err(|e| e.to_string())?;
                    Ok(ok(media, out))
                }
                QueryResults::Boolean(value) => {
                    let Some((format, media)) = results_format(&accept) else {
                        return Ok(not_acceptable(
                            "application/sparql-results+json or application/sparql-results+xml",
                        ));
                    };
                    let out = QueryResultsSerializer::from_format(format)
                        .serialize_boolean_to_writer(Vec::new(), value)
                        .map_err(|e| e.to_string())?;
                    Ok(ok(media, out))
                }
                QueryResults::Graph(triples) => {
                    let Some((format, media)) = graph_format(&accept) else {
                        return Ok(not_acceptable(
                            "text/turtle, application/n-triples or application/ld+json",
                        ));
                    };
                    let mut quads = Vec::new();
                    for triple in triples {
                        quads.push(
                            triple
                                .map_err(|e| e.to_string())?
                                .in_graph(GraphName::DefaultGraph),
                        );
                    }
                    Ok(ok(media, self.serialize(&mut quads, format)))
                }
            }
        })();
        match outcome {
            Ok(response) => response,
            Err(_) if token.is_cancelled() => error(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!(
                    "the query was cancelled after the {} s timeout",
                    self.timeout.as_secs()
                ),
            ),
            Err(e) => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("query evaluation failed: {e}"),
            ),
        }
    }

    fn serialize(&self, quads: &mut [Quad], format: RdfFormat) -> Vec<u8> {
        crate::output::export::sort_quads(quads);
        let format = match format {
            RdfFormat::NTriples => ExportFormat::NTriples,
            RdfFormat::JsonLd { .. } => ExportFormat::JsonLd,
            _ => ExportFormat::Turtle,
        };
        let mut out = Vec::new();
        // Writing to memory cannot fail; a serializer error would leave a truncated body.
        let _ = crate::output::export::write_graph(quads, format, &self.base, &mut out);
        out
    }

    fn graph_store(&self, request: &Request<Body>, query: &str) -> Response<Body> {
        let parameters = parse_form(query);
        let graph: GraphName = if parameters.iter().any(|(k, _)| k == "default") {
            GraphName::DefaultGraph
        } else if let Some((_, iri)) = parameters.iter().find(|(k, _)| k == "graph") {
            match NamedNode::new(iri) {
                Ok(node) => node.into(),
                Err(_) => return error(StatusCode::BAD_REQUEST, "`graph` is not an IRI"),
            }
        } else {
            return error(
                StatusCode::BAD_REQUEST,
                "name a graph: `?default` or `?graph=IRI`",
            );
        };
        if let GraphName::NamedNode(node) = &graph
            && !self.store.contains_named_graph(node).unwrap_or(false)
        {
            return error(StatusCode::NOT_FOUND, "no such graph");
        }
        let Some((format, media)) = graph_format(&header(request, ACCEPT.as_str())) else {
            return not_acceptable("text/turtle, application/n-triples or application/ld+json");
        };
        let mut quads: Vec<Quad> = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref()))
            .filter_map(Result::ok)
            .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
            .collect();
        ok(media, self.serialize(&mut quads, format))
    }

    /// The default graph's triples about `subject`.
    fn about(&self, subject: NamedNodeRef<'_>) -> Vec<Quad> {
        self.store
            .quads_for_pattern(
                Some(subject.into()),
                None,
                None,
                Some(GraphNameRef::DefaultGraph),
            )
            .filter_map(Result::ok)
            .collect()
    }

    /// Everything said about an entity in the default graph, and the claims about it.
    fn description(&self, iri: &NamedNode) -> Vec<Quad> {
        let mut quads = self.about(iri.as_ref());
        let claims: Vec<Quad> = self
            .store
            .quads_for_pattern(
                None,
                Some(crate::graph::vocab::cpsu::CLAIM_SUBJECT),
                Some(iri.into()),
                Some(GraphNameRef::DefaultGraph),
            )
            .filter_map(Result::ok)
            .flat_map(|q| {
                self.store
                    .quads_for_pattern(
                        Some(q.subject.as_ref()),
                        None,
                        None,
                        Some(GraphNameRef::DefaultGraph),
                    )
                    .filter_map(Result::ok)
                    .collect::<Vec<_>>()
            })
            .collect();
        quads.extend(claims);
        quads
    }

    fn entity(&self, request: &Request<Body>, path: &str) -> Response<Body> {
        let iri = format!("{}{}", self.base.as_str().trim_end_matches('/'), path);
        let Ok(iri) = NamedNode::new(&iri) else {
            return error(StatusCode::NOT_FOUND, "not found");
        };
        let mut quads = self.description(&iri);
        if quads.is_empty() {
            return error(
                StatusCode::NOT_FOUND,
                &format!("nothing is known about <{}>", iri.as_str()),
            );
        }
        // `?format=ttl|nt|jsonld` overrides `Accept`, so a browser can follow a link to the RDF.
        let format = parse_form(request.uri().query().unwrap_or_default())
            .into_iter()
            .find(|(k, _)| k == "format")
            .map(|(_, v)| v);
        let accept = match format.as_deref() {
            Some("ttl" | "turtle") => "text/turtle".to_owned(),
            Some("nt" | "ntriples") => "application/n-triples".to_owned(),
            Some("jsonld" | "json-ld") => "application/ld+json".to_owned(),
            _ => header(request, ACCEPT.as_str()),
        };
        if prefers_html(&accept) {
            return html(self.entity_page(&iri));
        }
        let Some((format, media)) = graph_format(&accept) else {
            return not_acceptable(
                "text/html, text/turtle, application/n-triples or application/ld+json",
            );
        };
        ok(media, self.serialize(&mut quads, format))
    }

    fn label(&self, term: &Term) -> String {
        if let Term::NamedNode(node) = term {
            for quad in self
                .store
                .quads_for_pattern(
                    Some(node.into()),
                    Some(rdfs::LABEL),
                    None,
                    Some(GraphNameRef::DefaultGraph),
                )
                .filter_map(Result::ok)
            {
                if let Term::Literal(l) = &quad.object
                    && l.language() == Some("en")
                {
                    return l.value().to_owned();
                }
            }
        }
        self.prefixes.display(term)
    }

    fn link(&self, term: &Term) -> String {
        match term {
            Term::NamedNode(node) => {
                let href = self.local_href(node.as_ref());
                format!("<a href=\"{}\">{}</a>", xml(&href), xml(&self.label(term)))
            }
            Term::Literal(l) => {
                let language = l
                    .language()
                    .map_or_else(String::new, |t| format!(" <small>@{t}</small>"));
                format!("{}{language}", xml(l.value()))
            }
            other => xml(&other.to_string()),
        }
    }

    /// Links to entities stay on this server; other IRIs link out.
    fn local_href(&self, node: NamedNodeRef<'_>) -> String {
        node.as_str()
            .strip_prefix(self.base.as_str().trim_end_matches('/'))
            .filter(|rest| rest.starts_with('/'))
            .map_or_else(|| node.as_str().to_owned(), str::to_owned)
    }

    fn entity_page(&self, iri: &NamedNode) -> String {
        let subject: Term = iri.clone().into();
        let mut labels = String::new();
        let mut description = String::new();
        let mut facts: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut citations = Vec::new();
        for quad in self.about(iri.as_ref()) {
            if quad.predicate == rdfs::LABEL {
                if let Term::Literal(l) = &quad.object {
                    let _ = write!(
                        labels,
                        "<li lang=\"{}\">{} <small>({})</small></li>",
                        xml(l.language().unwrap_or("")),
                        xml(l.value()),
                        xml(l.language().unwrap_or(""))
                    );
                }
            } else if quad.predicate == schema::DESCRIPTION {
                if let Term::Literal(l) = &quad.object {
                    description = xml(l.value());
                }
            } else if quad.predicate == crate::graph::vocab::prov::WAS_DERIVED_FROM {
                citations.push(quad.object.clone());
            } else {
                let predicate = self.prefixes.display(&quad.predicate.clone().into());
                let predicate = if quad.predicate == rdf::TYPE {
                    "a (type)".to_owned()
                } else {
                    predicate
                };
                facts
                    .entry(predicate)
                    .or_default()
                    .push(self.link(&quad.object));
            }
        }
        let mut rows = String::new();
        for (predicate, values) in &mut facts {
            values.sort();
            let _ = write!(
                rows,
                "<tr><th>{}</th><td>{}</td></tr>",
                xml(predicate),
                values.join("<br>")
            );
        }
        let mut sources = String::new();
        citations.sort_by_key(ToString::to_string);
        for citation in &citations {
            let Term::NamedNode(node) = citation else {
                continue;
            };
            let url = self
                .store
                .quads_for_pattern(
                    Some(node.into()),
                    Some(crate::graph::vocab::dcterms::SOURCE),
                    None,
                    Some(GraphNameRef::DefaultGraph),
                )
                .filter_map(Result::ok)
                .find_map(|q| match q.object {
                    Term::NamedNode(source) => self
                        .store
                        .quads_for_pattern(
                            Some(source.as_ref().into()),
                            Some(schema::URL),
                            None,
                            Some(GraphNameRef::DefaultGraph),
                        )
                        .filter_map(Result::ok)
                        .find_map(|u| match u.object {
                            Term::NamedNode(url) => Some(url.into_string()),
                            _ => None,
                        }),
                    _ => None,
                });
            let text = xml(&self.label(citation));
            let _ = write!(
                sources,
                "<li>{}</li>",
                url.map_or_else(
                    || text.clone(),
                    |u| format!("<a href=\"{}\">{text}</a>", xml(&u))
                )
            );
        }
        let title = self.label(&subject);
        page(
            &title,
            &format!(
                "<p class=\"iri\"><code>{}</code></p><ul class=\"labels\">{labels}</ul><p>{description}</p>\n<h2>Facts</h2><table>{rows}</table>\n<h2>Sources</h2><ol>{sources}</ol>\n<p><a href=\"/\">Query the graph</a> · <a href=\"{path}?format=ttl\">Turtle</a> · <a href=\"{path}?format=nt\">N-Triples</a> · <a href=\"{path}?format=jsonld\">JSON-LD</a></p>",
                xml(iri.as_str()),
                path = xml(&self.local_href(iri.as_ref()))
            ),
        )
    }

    fn home(&self) -> String {
        let mut examples = String::new();
        for query in named_queries()
            .into_iter()
            .filter(|q| q.params.is_empty() && !q.name.starts_with("wikidata/"))
        {
            let _ = write!(
                examples,
                "<li><button type=\"button\" data-query=\"{}\">{}</button> <small>{}</small></li>",
                xml(&query.full_text(&self.base)),
                xml(&query.title),
                xml(&query.description)
            );
        }
        page(
            "cpsu-kg SPARQL endpoint",
            &format!(
                r#"<p>A read-only SPARQL 1.1 endpoint at <code>/sparql</code> over the knowledge graph of the office of General Secretary of the CPSU. Every entity IRI under <code>{base}</code> has a page here; <a href="/.well-known/void">/.well-known/void</a> describes the dataset.</p>
<form id="form"><textarea id="query" name="query" rows="12" spellcheck="false">SELECT ?holder ?start WHERE {{
  ?tenure cpsu:office/cpsu:incarnationOf office:general-secretary ;
    org:member/rdfs:label ?holder ; schema:startDate ?start .
  FILTER(LANG(?holder) = "en")
}} ORDER BY ?start</textarea><br><button type="submit">Run</button> <span id="status"></span></form>
<div id="results"></div>
<h2>Examples</h2><ul class="examples">{examples}</ul>
<script>
"use strict";
(function () {{
  var prefixes = {prefixes};
  var form = document.getElementById("form"), box = document.getElementById("query");
  var status = document.getElementById("status"), results = document.getElementById("results");
  function cell(term) {{
    if (!term) {{ return document.createElement("td"); }}
    var td = document.createElement("td");
    if (term.type === "uri") {{
      var a = document.createElement("a");
      a.href = term.value.indexOf(location.origin) === 0 ? term.value.slice(location.origin.length) : term.value;
      a.textContent = term.value; td.appendChild(a);
    }} else {{ td.textContent = term.value; }}
    return td;
  }}
  function run() {{
    status.textContent = "running…"; results.textContent = "";
    var text = /^\s*PREFIX/i.test(box.value) ? box.value : prefixes + box.value;
    fetch("/sparql", {{ method: "POST", headers: {{ "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" }}, body: text }})
      .then(function (r) {{ return r.ok ? r.json() : r.text().then(function (t) {{ throw new Error(t); }}); }})
      .then(function (json) {{
        if (typeof json.boolean === "boolean") {{ status.textContent = String(json.boolean); return; }}
        var table = document.createElement("table"), head = table.insertRow();
        json.head.vars.forEach(function (v) {{ var th = document.createElement("th"); th.textContent = v; head.appendChild(th); }});
        json.results.bindings.forEach(function (b) {{ var row = table.insertRow(); json.head.vars.forEach(function (v) {{ row.appendChild(cell(b[v])); }}); }});
        results.appendChild(table);
        status.textContent = json.results.bindings.length + " rows";
      }})
      .catch(function (e) {{ status.textContent = "error"; var pre = document.createElement("pre"); pre.textContent = e.message; results.appendChild(pre); }});
  }}
  form.addEventListener("submit", function (e) {{ e.preventDefault(); run(); }});
  document.querySelectorAll("[data-query]").forEach(function (b) {{
    b.addEventListener("click", function () {{ box.value = b.getAttribute("data-query"); run(); }});
  }});
  run();
  document.body.dataset.ready = "ok";
}})();
</script>"#,
                base = xml(self.base.as_str()),
                prefixes = js_string(&self.prefixes.sparql_prologue()),
            ),
        )
    }

    fn void(&self, request: &Request<Body>) -> Response<Body> {
        let dataset = self.base.entity(EntityKind::Graph, "dataset");
        let count = |query: &str| -> u64 {
            match SparqlEvaluator::new()
                .parse_query(query)
                .ok()
                .and_then(|q| q.on_store(&self.store).execute().ok())
            {
                Some(QueryResults::Solutions(mut s)) => s
                    .next()
                    .and_then(Result::ok)
                    .and_then(|row| row.get("n").cloned())
                    .and_then(|t| match t {
                        Term::Literal(l) => l.value().parse().ok(),
                        _ => None,
                    })
                    .unwrap_or(0),
                _ => 0,
            }
        };
        let mut turtle = format!(
            "@prefix void: <http://rdfs.org/ns/void#> .\n@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
<{d}> a void:Dataset , dcat:Dataset ;\n  dcterms:title \"The office of General Secretary of the CPSU: a knowledge graph\"@en ;\n  dcterms:description \"Holders, offices, congresses, events, organizations and places around the office of General Secretary of the Communist Party of the Soviet Union, every fact cited to its source.\"@en ;\n  dcterms:license <https://creativecommons.org/licenses/by-sa/4.0/> ;\n  dcterms:source <https://en.wikipedia.org/wiki/General_Secretary_of_the_Communist_Party_of_the_Soviet_Union> ;\n  void:uriSpace \"{base}\" ;\n  void:sparqlEndpoint <{base}sparql> ;\n  dcat:accessURL <{base}sparql> ;\n  void:triples {triples} ;\n  void:entities {entities} ;\n  void:distinctSubjects {subjects} ;\n  void:properties {properties} ;\n",
            d = dataset.as_str(),
            base = self.base.as_str(),
            triples = count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
            entities = count("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c }"),
            subjects = count("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }"),
            properties = count("SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }"),
        );
        for (prefix, namespace) in crate::graph::vocab::STANDARD_PREFIXES {
            if count(&format!(
                "SELECT (COUNT(*) AS ?n) {{ {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), \"{namespace}\")) }} UNION {{ ?s a ?o FILTER(STRSTARTS(STR(?o), \"{namespace}\")) }} }}"
            )) > 0
            {
                let _ = writeln!(turtle, "  void:vocabulary <{namespace}> ; # {prefix}");
            }
        }
        // Class partitions are named nodes too, as every node the project writes.
        let mut partitions = Vec::new();
        for class in crate::graph::vocab::COUNTED_CLASSES {
            let class = class.as_str();
            let n = count(&format!(
                "SELECT (COUNT(DISTINCT ?x) AS ?n) {{ ?x a <{class}> }}"
            ));
            let local = class
                .trim_start_matches(crate::graph::vocab::cpsu::NAMESPACE)
                .to_lowercase();
            let partition = self
                .base
                .entity(EntityKind::Graph, &format!("dataset-{local}"));
            let description = format!(
                "<{}> void:class <{class}> ; void:entities {n} .",
                partition.as_str()
            );
            partitions.push((partition, description));
        }
        let _ = writeln!(
            turtle,
            "  void:classPartition {} .",
            partitions
                .iter()
                .map(|(p, _)| format!("<{}>", p.as_str()))
                .collect::<Vec<_>>()
                .join(" ,\n    ")
        );
        for (_, description) in &partitions {
            let _ = writeln!(turtle, "{description}");
        }
        // The description is written as Turtle text, then parsed, so it can be served in any
        // RDF format.
        let accept = header(request, ACCEPT.as_str());
        let Some((format, media)) = graph_format(&accept) else {
            return not_acceptable("text/turtle, application/n-triples or application/ld+json");
        };
        if format == RdfFormat::Turtle {
            return ok(media, turtle.into_bytes());
        }
        let mut quads: Vec<Quad> = oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(turtle.as_bytes())
            .filter_map(Result::ok)
            .collect();
        ok(media, self.serialize(&mut quads, format))
    }
}

fn header(request: &Request<Body>, name: &str) -> String {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The media types of an `Accept` header, best first (by q-value, then order).
fn accepted(accept: &str) -> Vec<String> {
    let mut types: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty() && q > 0.0).then_some((q, i, media))
        })
        .collect();
    types.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    types.into_iter().map(|(_, _, m)| m).collect()
}

fn results_format(accept: &str) -> Option<(QueryResultsFormat, &'static str)> {
    let choices = [
        ("application/sparql-results+json", QueryResultsFormat::Json),
        ("application/json", QueryResultsFormat::Json),
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
        ("application/xml", QueryResultsFormat::Xml),
        ("text/csv", QueryResultsFormat::Csv),
        ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ];
    let media = |f: QueryResultsFormat| match f {
        QueryResultsFormat::Json => "application/sparql-results+json",
        QueryResultsFormat::Xml => "application/sparql-results+xml",
        QueryResultsFormat::Csv => "text/csv; charset=utf-8",
        _ => "text/tab-separated-values; charset=utf-8",
    };
    let wanted = accepted(accept);
    if wanted.is_empty() {
        return Some((QueryResultsFormat::Json, media(QueryResultsFormat::Json)));
    }
    for want in wanted {
        if want == "*/*" || want == "application/*" {
            return Some((QueryResultsFormat::Json, media(QueryResultsFormat::Json)));
        }
        if let Some((_, format)) = choices.iter().find(|(m, _)| *m == want) {
            return Some((*format, media(*format)));
        }
    }
    None
}

fn graph_format(accept: &str) -> Option<(RdfFormat, &'static str)> {
    let jsonld = RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    };
    let choices = [
        (
            "text/turtle",
            RdfFormat::Turtle,
            "text/turtle; charset=utf-8",
        ),
        (
            "application/n-triples",
            RdfFormat::NTriples,
            "application/n-triples",
        ),
        ("application/ld+json", jsonld, "application/ld+json"),
        ("application/json", jsonld, "application/ld+json"),
    ];
    let wanted = accepted(accept);
    if wanted.is_empty() {
        return Some((RdfFormat::Turtle, "text/turtle; charset=utf-8"));
    }
    for want in wanted {
        if want == "*/*" || want == "text/*" {
            return Some((RdfFormat::Turtle, "text/turtle; charset=utf-8"));
        }
        if let Some((_, format, media)) = choices.iter().find(|(m, _, _)| *m == want) {
            return Some((*format, media));
        }
    }
    None
}

fn prefers_html(accept: &str) -> bool {
    let wanted = accepted(accept);
    let html = wanted
        .iter()
        .position(|m| m == "text/html" || m == "application/xhtml+xml");
    let rdf = wanted
        .iter()
        .position(|m| graph_format(m).is_some() && m != "*/*");
    match (html, rdf) {
        (Some(h), Some(r)) => h < r,
        (Some(_), None) => true,
        _ => false,
    }
}

fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn js_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn ok(media: &str, body: Vec<u8>) -> Response<Body> {
    Response::builder()
        .status(StatusCode::OK)
        .header(CONTENT_TYPE, media)
        .header("Vary", "Accept")
        .body(Body::from(body))
        .unwrap_or_else(|_| {
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "cannot build the response",
            )
        })
}

fn html(text: String) -> Response<Body> {
    ok("text/html; charset=utf-8", text.into_bytes())
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(format!("{message}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn not_acceptable(offered: &str) -> Response<Body> {
    error(
        StatusCode::NOT_ACCEPTABLE,
        &format!(
            "none of the accepted media types can be served; this resource is offered as {offered}"
        ),
    )
}

fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; background: #fffdf8; padding: 0 1em; }}
h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.2em; margin-top: 1.6em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.92em; }}
th, td {{ border-bottom: 1px solid #ddd6c8; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f4f1ea; white-space: nowrap; }}
textarea {{ width: 100%; font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }}
a {{ color: #2166ac; }} code {{ font-size: 0.9em; }} .iri {{ color: #555; }}
ul.examples button {{ margin: 2px 0; }}
</style></head>
<body><h1>{title}</h1>
{body}
</body></html>
"#,
        title = xml(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(
            accepted("text/html;q=0.5, text/turtle"),
            vec!["text/turtle", "text/html"]
        );
        assert!(prefers_html("text/html,application/xhtml+xml,*/*;q=0.8"));
        assert!(!prefers_html("text/turtle"));
        assert!(!prefers_html(""));
        assert_eq!(
            graph_format("application/n-triples").map(|f| f.1),
            Some("application/n-triples")
        );
        assert_eq!(
            results_format("text/csv").map(|f| f.0),
            Some(QueryResultsFormat::Csv)
        );
        assert!(results_format("image/png").is_none());
    }

    #[test]
    fn decodes_forms() {
        assert_eq!(
            parse_form("query=SELECT+%3Fs%20%7B%7D&x"),
            vec![
                ("query".to_owned(), "SELECT ?s {}".to_owned()),
                ("x".to_owned(), String::new())
            ]
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%e2%9c%93"), "✓");
    }
}
