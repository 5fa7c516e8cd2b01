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
//! - `/context.jsonld`: the JSON-LD context of the core export (`ontology/context.jsonld`).
//!
//! The core profile is the default graph; the Wikidata profile is the named graph
//! `graph/wikidata` under the base IRI. The module is cut by concern: this file routes and
//! enforces the limits, [`protocol`] speaks SPARQL and the Graph Store Protocol,
//! [`negotiation`] reads `Accept`, [`pages`] draws HTML from template files, [`void`]
//! describes the dataset once at start-up, and [`deadlines`] is the one timer that cancels
//! queries. [`Endpoint::handle`] is a plain function from request to response, tested in
//! process; `tests/interop.rs` covers the wire.

mod deadlines;
mod negotiation;
mod pages;
mod protocol;
mod void;

use crate::graph::vocab::{BaseIri, Prefixes};
use deadlines::Deadlines;
use negotiation::{content_type, graph_format, graph_media_types};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::model::Quad;
use oxigraph::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The largest request body accepted.
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;
/// The longest URL accepted.
pub const MAX_URL_BYTES: usize = 64 * 1024;

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

/// The endpoint's state, shared by every request.
pub struct Endpoint {
    store: Store,
    base: BaseIri,
    prefixes: Prefixes,
    timeout: Duration,
    deadlines: Deadlines,
    /// The dataset's description, counted once at start-up.
    void: Vec<Quad>,
    /// Requests being answered, so a shutdown can wait for them.
    pub in_flight: AtomicUsize,
}

impl Endpoint {
    /// An endpoint over `store` (the core profile in the default graph). Describes the
    /// dataset and starts the query timer.
    pub fn new(store: Store, base: BaseIri, timeout: Duration) -> std::io::Result<Self> {
        Ok(Self {
            void: void::describe(&store, &base),
            deadlines: Deadlines::start()?,
            prefixes: Prefixes::new(&base),
            store,
            base,
            timeout,
            in_flight: AtomicUsize::new(0),
        })
    }

    /// Answers one request and logs it to standard error.
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

    /// The dataset's description, in the format `Accept` asks for.
    fn void(&self, request: &Request<Body>) -> Response<Body> {
        let Some(format) = graph_format(&header(request, ACCEPT.as_str())) else {
            return not_acceptable(&graph_media_types());
        };
        let mut quads = self.void.clone();
        ok(&content_type(format), self.serialize(&mut quads, format))
    }
}

/// Serves `store` at `address` until Ctrl-C: starts the server, then on Ctrl-C waits up to
/// ten seconds for the requests being answered and exits the process.
pub fn run(
    store: Store,
    base: BaseIri,
    address: std::net::SocketAddr,
    timeout: Duration,
) -> Result<(), ServeError> {
    let endpoint = Arc::new(Endpoint::new(store, base, timeout).map_err(ServeError::Threads)?);
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

#[cfg(test)]
mod tests;
