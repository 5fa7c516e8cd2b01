//! A read-only SPARQL endpoint over the embedded graph, with Linked Data pages.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol (GET, POST form, POST `application/sparql-query`),
//!   with `default-graph-uri` and `named-graph-uri`; results in JSON, XML, CSV or TSV,
//!   graphs in every format `export` writes, chosen by `Accept` or `format=`. Without a
//!   query, a GET answers the SPARQL 1.1 Service Description. Updates are refused (403).
//!   Queries are cancelled at the timeout (503).
//! - `/store?default`, `/store?graph=IRI`: the Graph Store Protocol's read side.
//! - Every entity IRI under the base IRI dereferences (answered directly, no 303): RDF by
//!   `Accept`, or an HTML page for browsers.
//! - `/`: a page with a query box, the named queries as examples and results as a table.
//! - `/.well-known/void`: a VoID and DCAT description of the dataset.
//! - `/context.jsonld`: the JSON-LD context of the core export (`ontology/context.jsonld`).
//!
//! Every GET answer carries an ETag and `Last-Modified` (304 when the client holds it) and
//! is gzipped when `Accept-Encoding` asks ([`conditional`]).
//!
//! The core profile is the default graph; the named graphs `graph/core` and
//! `graph/wikidata` under the base IRI hold each profile as its export does
//! ([`crate::store::build_served`]). The module is cut by concern: this file routes and
//! holds the [`Limits`], [`protocol`] speaks SPARQL and the Graph Store Protocol,
//! [`negotiation`] reads `Accept`, [`pages`] draws HTML from template files, [`void`]
//! describes the dataset and the service once at start-up, [`deadlines`] is the one timer that cancels
//! queries and stops their budgets, [`server`] is the HTTP/1.1 server (connections,
//! deadlines, streaming, the in-place restart) and [`pool`] the workers for heavy requests.
//! [`Endpoint::handle`] is a plain function from request to response, tested in process;
//! `tests/interop.rs`, `tests/protocol.rs` and `tests/hostile.rs` cover the wire.

mod conditional;
mod deadlines;
mod negotiation;
mod pages;
mod pool;
mod protocol;
mod server;
mod void;

pub use server::run;

use crate::graph::vocab::{BaseIri, Prefixes};
use deadlines::Deadlines;
use negotiation::{content_type, graph_format, graph_media_types};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::model::Quad;
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The largest request body accepted.
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;
/// The longest URL accepted.
pub const MAX_URL_BYTES: usize = 64 * 1024;

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Another program listens on the port.
    #[error(
        "cannot listen on {address}: another program uses the port; pick another with --bind {}, or --bind {} for any free one",
        std::net::SocketAddr::new(address.ip(), address.port().checked_add(1).unwrap_or(1024)),
        std::net::SocketAddr::new(address.ip(), 0)
    )]
    InUse {
        /// The address asked for.
        address: std::net::SocketAddr,
    },
    /// The address could not be bound.
    #[error("cannot listen on {address}")]
    Listen {
        /// The address asked for.
        address: std::net::SocketAddr,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A thread the server needs could not start.
    #[error("cannot start the server's threads")]
    Threads(#[source] std::io::Error),
    /// The Ctrl-C handler could not be installed.
    #[error("cannot install the Ctrl-C handler")]
    Signal(#[from] ctrlc::Error),
    /// The server's threads stopped with an error.
    #[error("the server stopped")]
    Stopped(#[source] std::io::Error),
}

/// The limits the server keeps: on time, work, memory and connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A query or graph answer is cancelled after this long (503), counted from its arrival.
    pub timeout: Duration,
    /// Worker threads for queries and whole graphs.
    pub workers: usize,
    /// Worker threads at most, added while long queries hold the others.
    pub max_workers: usize,
    /// Queries and graphs waiting for a worker, at most; more are answered 503.
    pub queue: usize,
    /// Bytes one query may hold at once; past it the query is stopped (503).
    pub memory_bytes: usize,
    /// Bytes all queries together may hold, abandoned ones included.
    pub memory_total_bytes: usize,
    /// Open connections, at most; more are answered 503 and closed.
    pub max_connections: usize,
    /// A request's head must arrive within this long of its first byte (else 408).
    pub header_timeout: Duration,
    /// A kept-alive connection with no new request for this long is closed.
    pub idle_timeout: Duration,
    /// Abandoned queries (stopped past their deadline but not ended) kept, at most,
    /// before the server restarts itself to let go of them.
    pub max_abandoned: usize,
    /// Bytes abandoned queries hold, at most, before the server restarts itself.
    pub max_abandoned_bytes: usize,
}

/// The stack of a worker thread: queries are parsed and evaluated there. The depth limit
/// ([`crate::store::depth::MAX_DEPTH`]) keeps evaluation well within 8 MiB; the rest is for
/// dropping the parsed algebra of a refused query, which recurses once per level (a 1 MiB
/// chain of `1&&` has 350,000). It is address space: only the pages used take memory.
pub const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

impl Limits {
    /// The defaults, with `timeout`: a worker per core and up to 64 while long queries
    /// hold them, a queue of 256, 128 MiB per query and 512 MiB for all, 1,024 connections,
    /// 10 s for a request head, 5 s of keep-alive idling, and at most 256 abandoned queries
    /// holding 512 MiB (the total; small queries still run).
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            workers: std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            max_workers: 64,
            queue: 256,
            memory_bytes: 128 * 1024 * 1024,
            memory_total_bytes: 512 * 1024 * 1024,
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            max_abandoned: 256,
            max_abandoned_bytes: 512 * 1024 * 1024,
        }
    }
}

/// Heavy work, run on the worker pool: a query, or a whole graph.
enum Heavy {
    /// A SPARQL query.
    Query(protocol::QueryRequest),
    /// A graph of the Graph Store Protocol's read side.
    Graph(protocol::GraphRequest),
}

impl Heavy {
    /// The header fields of a 200 answer beyond its type: validators and encoding.
    fn headers(&self) -> &oxhttp::model::HeaderMap {
        match self {
            Self::Query(query) => &query.headers,
            Self::Graph(graph) => &graph.headers,
        }
    }
}

/// The endpoint's state, shared by every request.
pub struct Endpoint {
    store: Store,
    base: BaseIri,
    prefixes: Prefixes,
    limits: Limits,
    deadlines: Deadlines,
    /// The dataset's description, counted once at start-up.
    void: Vec<Quad>,
    /// The SPARQL 1.1 Service Description, made once at start-up.
    service: Vec<Quad>,
    /// The named graphs served, which `default-graph-uri` and `named-graph-uri` may name.
    graphs: Vec<oxigraph::model::NamedNode>,
    /// What every GET answer's ETag and `Last-Modified` are made of.
    validators: conditional::Validators,
    /// Requests being answered, so a shutdown can wait for them.
    pub in_flight: AtomicUsize,
}

impl Endpoint {
    /// An endpoint over `store` (the core profile in the default graph). Describes the
    /// dataset and starts the query timer.
    pub fn new(store: Store, base: BaseIri, limits: Limits) -> std::io::Result<Self> {
        let graphs = void::named_graphs(&store);
        Ok(Self {
            void: void::describe(&store, &base),
            service: void::service_description(&graphs, &base),
            validators: conditional::Validators::new(&store),
            graphs,
            deadlines: Deadlines::start()?,
            prefixes: Prefixes::new(&base),
            store,
            base,
            limits,
            in_flight: AtomicUsize::new(0),
        })
    }

    /// The heavy requests: a query at `/sparql` (or `/query`) and a graph at `/store`, read
    /// and checked, or the answer that refuses them. `None` for every other request.
    fn heavy(&self, request: &mut Request<Body>) -> Option<Result<Heavy, Box<Response<Body>>>> {
        if request.uri().to_string().len() > MAX_URL_BYTES {
            return None;
        }
        let query = request.uri().query().unwrap_or_default().to_owned();
        let heavy = match (request.method().clone(), request.uri().path()) {
            // Without a query, a GET is asked for the service description (light).
            (Method::GET | Method::HEAD, "/sparql" | "/query")
                if !parse_form(query.as_bytes())
                    .iter()
                    .any(|(k, _)| k == "query" || k == "update") =>
            {
                return None;
            }
            (Method::GET | Method::HEAD | Method::POST, "/sparql" | "/query") => {
                self.query_request(request, &query).map(Heavy::Query)
            }
            (Method::GET | Method::HEAD, "/store") => {
                self.graph_request(request, &query).map(Heavy::Graph)
            }
            _ => return None,
        };
        // A GET the client holds the answer to is answered 304 before any work.
        Some(heavy.and_then(|heavy| {
            let gzip = heavy.headers().contains_key("content-encoding");
            match self.validators.not_modified(request, gzip) {
                Some(unchanged) => Err(Box::new(unchanged)),
                None => Ok(heavy),
            }
        }))
    }

    /// Answers heavy work into `sink`, or whole (see [`Endpoint::answer_query`]).
    fn answer(
        &self,
        heavy: &Heavy,
        token: &CancellationToken,
        sink: &mut dyn protocol::Sink,
    ) -> Option<Response<Body>> {
        match heavy {
            Heavy::Query(query) => self.answer_query(query, token, sink),
            Heavy::Graph(graph) => self.answer_graph(graph, sink),
        }
    }

    /// Answers heavy work whole, on this thread, cancelled at the timeout: for [`Endpoint::handle`].
    fn answer_whole(&self, heavy: &Heavy) -> Response<Body> {
        let token = CancellationToken::new();
        self.deadlines
            .cancel_at(Instant::now() + self.limits.timeout, token.clone());
        let mut collected = protocol::Collected::default();
        match self.answer(heavy, &token, &mut collected) {
            Some(response) => response,
            None => {
                let mut response = ok(&collected.media, collected.body);
                for (name, value) in heavy.headers() {
                    response.headers_mut().insert(name.clone(), value.clone());
                }
                response
            }
        }
    }

    /// Answers one request whole and logs it to standard error. The server runs heavy
    /// requests on its pool and streams them instead; the answers are the same.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let started = Instant::now();
        // Any other panic while answering is this request's failure, not the server's.
        let mut response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.route(request)))
                .unwrap_or_else(|_| {
                    error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the server failed on this request",
                    )
                });
        if response.status() == StatusCode::OK && !response.headers().contains_key("etag") {
            response = self.validated(request, response);
        }
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

    /// Routing and limits: every path and method, and what is refused.
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
        if let Some(heavy) = self.heavy(request) {
            return match heavy {
                Ok(heavy) => self.answer_whole(&heavy),
                Err(refusal) => *refusal,
            };
        }
        let path = request.uri().path().to_owned();
        match (request.method().clone(), path.as_str()) {
            (Method::GET | Method::HEAD, "/") => html(self.home()),
            (Method::GET | Method::HEAD, "/sparql" | "/query") => self.service_description(request),
            (_, "/update") => error(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: updates are refused",
            ),
            (_, "/store") => error(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: the Graph Store Protocol's write side is refused",
            ),
            (Method::GET | Method::HEAD, "/.well-known/void") => self.void(request),
            // The context the project publishes for its compacted JSON-LD.
            (Method::GET | Method::HEAD, "/context.jsonld") => ok(
                "application/ld+json",
                include_str!("../../../ontology/context.jsonld")
                    .as_bytes()
                    .to_vec(),
            ),
            (Method::GET | Method::HEAD, _) => self.entity(request, &path),
            _ => error(
                StatusCode::METHOD_NOT_ALLOWED,
                "only GET, POST (for /sparql) and OPTIONS are served",
            ),
        }
    }

    /// A light 200 answer with its validators (304 if the client holds it), gzipped when
    /// the client takes it.
    fn validated(&self, request: &Request<Body>, response: Response<Body>) -> Response<Body> {
        let gzip = conditional::wants_gzip(request);
        if let Some(unchanged) = self.validators.not_modified(request, gzip) {
            return unchanged;
        }
        let (mut parts, mut body) = response.into_parts();
        let mut bytes = Vec::new();
        if std::io::Read::read_to_end(&mut body, &mut bytes).is_err() {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "cannot build the response",
            );
        }
        if gzip {
            bytes = conditional::gzip(&bytes);
        }
        for (name, value) in &self.validators.headers(request, gzip) {
            parts.headers.insert(name.clone(), value.clone());
        }
        Response::from_parts(parts, Body::from(bytes))
    }

    /// The dataset's description, in the format `Accept` (or `format=`) asks for.
    fn void(&self, request: &Request<Body>) -> Response<Body> {
        self.described(request, &self.void, &[])
    }

    /// The service description at `GET /sparql` without a query: Turtle unless `Accept`
    /// (or `format=`) asks for another graph format.
    fn service_description(&self, request: &Request<Body>) -> Response<Body> {
        use crate::graph::vocab::{formats, sd};
        let prefixes = [
            (sd::PREFIX, sd::NAMESPACE),
            (formats::PREFIX, formats::NAMESPACE),
        ];
        self.described(request, &self.service, &prefixes)
    }

    /// Quads made at start-up, as a document in the format asked for, declaring `extra`
    /// prefixes beside the project's.
    fn described(
        &self,
        request: &Request<Body>,
        quads: &[Quad],
        extra: &[(&str, &str)],
    ) -> Response<Body> {
        let format = match protocol::format_asked(request) {
            Ok(Some(format)) => Some(format),
            Ok(None) => graph_format(&header(request, ACCEPT.as_str())),
            Err(refusal) => return *refusal,
        };
        let Some(format) = format else {
            return not_acceptable(&graph_media_types());
        };
        let mut quads = quads.to_vec();
        crate::output::export::sort_quads(&mut quads);
        let mut out = Vec::new();
        // Writing to memory cannot fail; a serializer error would leave a truncated body.
        let _ = crate::output::export::write_graph_with_prefixes(
            &quads, format, &self.base, extra, &mut out,
        );
        ok(&content_type(format), out)
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

/// The pairs of a query string or form body, decoded as `application/x-www-form-urlencoded`.
fn parse_form(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn ok(media: &str, body: Vec<u8>) -> Response<Body> {
    Response::builder()
        .status(StatusCode::OK)
        .header(CONTENT_TYPE, media)
        .header("Vary", "Accept, Accept-Encoding")
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

/// 503 for a query cancelled at the timeout.
fn timed_out(timeout: Duration) -> Response<Body> {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        &format!(
            "the query was cancelled after the {} s timeout",
            timeout.as_secs()
        ),
    )
}

fn not_acceptable(offered: &str) -> Response<Body> {
    error(
        StatusCode::NOT_ACCEPTABLE,
        &format!(
            "none of the accepted media types can be served; this resource is offered as {offered}"
        ),
    )
}

#[cfg(test)]
mod tests;
