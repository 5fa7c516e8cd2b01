//! The SPARQL 1.1 Protocol at `/sparql`, the Graph Store Protocol's read side at `/store`,
//! and the RDF of an entity: what the server answers machines.

use super::negotiation::{
    content_type, graph_format, graph_media_types, named_graph_format, prefers_html, results_format,
};
use super::{Endpoint, MAX_BODY_BYTES, error, header, html, not_acceptable, ok, parse_form};
use crate::output::export::{self, ExportFormat};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, Quad};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use std::io::{Read, Write};

/// A query asked for, read and checked but not yet parsed: what a worker needs.
pub(super) struct QueryRequest {
    /// The query's text.
    pub text: String,
    /// The request's `Accept` header.
    pub accept: String,
}

/// Whether the engine refused something the query asks for and this endpoint does not
/// offer (a custom function, a `SERVICE`): the query's fault, so 400, not 500.
fn not_offered(e: &QueryEvaluationError) -> bool {
    matches!(
        e,
        QueryEvaluationError::UnsupportedCustomFunction(_)
            | QueryEvaluationError::UnsupportedCustomFunctionArity { .. }
            | QueryEvaluationError::UnsupportedService(_)
            | QueryEvaluationError::UnboundService
            | QueryEvaluationError::InvalidServiceName(_)
    )
}

fn cannot_answer(e: &QueryEvaluationError) -> Response<Body> {
    error(
        StatusCode::BAD_REQUEST,
        &format!("this endpoint cannot answer the query: {e}"),
    )
}

/// Why a query failed: the engine panicked, or anything else (with its message).
enum Failed {
    Panic(String),
    Other(String),
}

/// A graph asked for at `/store`, negotiated.
pub(super) struct GraphRequest {
    graph: GraphName,
    format: ExportFormat,
}

/// Where a streamed answer goes: [`Sink::start`] fixes the media type of a 200 answer and
/// gives the writer for its body.
pub(super) trait Sink {
    /// Starts the body of a 200 answer of type `media`.
    fn start(&mut self, media: &str) -> std::io::Result<&mut dyn Write>;

    /// Drops what was written so far, to answer again from the start; `false` when part of
    /// the answer has already left.
    fn restart(&mut self) -> bool;
}

/// Collects a streamed answer in memory: for [`Endpoint::handle`], which answers whole.
#[derive(Default)]
pub(super) struct Collected {
    pub media: String,
    pub body: Vec<u8>,
}

impl Sink for Collected {
    fn start(&mut self, media: &str) -> std::io::Result<&mut dyn Write> {
        media.clone_into(&mut self.media);
        Ok(&mut self.body)
    }

    fn restart(&mut self) -> bool {
        self.media.clear();
        self.body.clear();
        true
    }
}

impl Endpoint {
    /// Reads a query from GET, a POST form or a POST `application/sparql-query`, and checks
    /// it can be run: updates are refused, and so is nesting deeper than the parser allows.
    pub(super) fn query_request(
        &self,
        request: &mut Request<Body>,
        query_string: &str,
    ) -> Result<QueryRequest, Box<Response<Body>>> {
        let mut parameters = parse_form(query_string.as_bytes());
        if request.method() == Method::POST {
            let content_type = header(request, CONTENT_TYPE.as_str());
            let mut body = Vec::new();
            let read = request
                .body_mut()
                .take(MAX_BODY_BYTES + 1)
                .read_to_end(&mut body);
            if read.is_err() {
                return Err(Box::new(error(
                    StatusCode::BAD_REQUEST,
                    "cannot read the request body",
                )));
            }
            if body.len() as u64 > MAX_BODY_BYTES {
                return Err(Box::new(error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the request body is larger than 1 MiB",
                )));
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
                "application/x-www-form-urlencoded" => parameters.extend(parse_form(&body)),
                "application/sparql-update" => {
                    return Err(Box::new(error(
                        StatusCode::FORBIDDEN,
                        "this endpoint is read-only: SPARQL Update is refused",
                    )));
                }
                _ => {
                    return Err(Box::new(error(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "send the query as application/sparql-query or application/x-www-form-urlencoded",
                    )));
                }
            }
        }
        if parameters.iter().any(|(k, _)| k == "update") {
            return Err(Box::new(error(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: SPARQL Update is refused",
            )));
        }
        let Some(text) = parameters
            .iter()
            .find(|(k, _)| k == "query")
            .map(|(_, v)| v.clone())
        else {
            return Err(Box::new(error(
                StatusCode::BAD_REQUEST,
                "no query: pass it as the `query` parameter",
            )));
        };
        if let Err(e) = crate::store::query::check_nesting(&text) {
            return Err(Box::new(error(StatusCode::BAD_REQUEST, &e.to_string())));
        }
        Ok(QueryRequest {
            text,
            accept: header(request, ACCEPT.as_str()),
        })
    }

    /// Parses and runs a query, streaming solutions into `sink`. Returns the whole answer
    /// instead when there is no stream: an error, a boolean, a graph (which is sorted). An
    /// error after the stream started is returned too; the sink's owner must then cut the
    /// stream short. `token` is cancelled at the deadline.
    pub(super) fn answer_query(
        &self,
        query: &QueryRequest,
        token: &CancellationToken,
        sink: &mut dyn Sink,
    ) -> Option<Response<Body>> {
        let prepared = match crate::store::query::parse(&query.text, &self.prefixes) {
            Ok(parsed) => self
                .prefixes
                .evaluator()
                .with_cancellation_token(token.clone())
                .for_query(parsed),
            Err(e) => return Some(error(StatusCode::BAD_REQUEST, &e.to_string())),
        };
        match self.evaluate_query(prepared, &query.accept, sink) {
            // The sort bug of the engine: run again with a total order (`store::order`), if
            // nothing of the answer has left yet.
            Err(Failed::Panic(panic)) => {
                let retry = sink.restart().then(|| {
                    crate::store::order::totally_ordered(&query.text, self.prefixes.pairs())
                });
                match retry.flatten() {
                    Some(algebra) => {
                        let prepared = self
                            .prefixes
                            .evaluator()
                            .with_cancellation_token(token.clone())
                            .for_query(algebra);
                        self.evaluate_query(prepared, &query.accept, sink)
                            .unwrap_or_else(|_| Some(self.failed(&panic, token)))
                    }
                    None => Some(self.failed(&panic, token)),
                }
            }
            Ok(answer) => answer,
            Err(Failed::Other(message)) => Some(self.failed(&message, token)),
        }
    }

    /// The answer to a query that failed: 503 if the deadline cancelled it, else 500.
    fn failed(&self, message: &str, token: &CancellationToken) -> Response<Body> {
        if token.is_cancelled() {
            super::timed_out(self.limits.timeout)
        } else {
            error(StatusCode::INTERNAL_SERVER_ERROR, message)
        }
    }

    /// Runs a prepared query into `sink`; see [`Endpoint::answer_query`].
    fn evaluate_query(
        &self,
        prepared: oxigraph::sparql::PreparedSparqlQuery,
        accept: &str,
        sink: &mut dyn Sink,
    ) -> Result<Option<Response<Body>>, Failed> {
        let evaluate = || -> Result<Option<Response<Body>>, String> {
            let results = match prepared.on_store(&self.store).execute() {
                Ok(results) => results,
                // What the query asks for and this endpoint does not offer is the query's
                // fault, not the server's.
                Err(e) if not_offered(&e) => return Ok(Some(cannot_answer(&e))),
                Err(e) => return Err(e.to_string()),
            };
            match results {
                QueryResults::Solutions(solutions) => {
                    let Some((format, media)) = results_format(accept) else {
                        return Ok(Some(not_acceptable(
                            "application/sparql-results+json, application/sparql-results+xml, text/csv or text/tab-separated-values",
                        )));
                    };
                    let out = sink.start(media).map_err(|e| e.to_string())?;
                    let mut serializer = QueryResultsSerializer::from_format(format)
                        .serialize_solutions_to_writer(out, solutions.variables().to_vec())
                        .map_err(|e| e.to_string())?;
                    for solution in solutions {
                        let solution = match solution {
                            Ok(solution) => solution,
                            Err(e) if not_offered(&e) => return Ok(Some(cannot_answer(&e))),
                            Err(e) => return Err(e.to_string()),
                        };
                        serializer.serialize(&solution).map_err(|e| e.to_string())?;
                    }
                    serializer.finish().map_err(|e| e.to_string())?;
                    Ok(None)
                }
                QueryResults::Boolean(value) => {
                    let Some((format, media)) = results_format(accept) else {
                        return Ok(Some(not_acceptable(
                            "application/sparql-results+json or application/sparql-results+xml",
                        )));
                    };
                    let out = QueryResultsSerializer::from_format(format)
                        .serialize_boolean_to_writer(Vec::new(), value)
                        .map_err(|e| e.to_string())?;
                    Ok(Some(ok(media, out)))
                }
                QueryResults::Graph(triples) => {
                    let Some(format) = graph_format(accept) else {
                        return Ok(Some(not_acceptable(&graph_media_types())));
                    };
                    let mut quads = Vec::new();
                    for triple in triples {
                        quads.push(
                            triple
                                .map_err(|e| e.to_string())?
                                .in_graph(GraphName::DefaultGraph),
                        );
                    }
                    Ok(Some(ok(
                        &content_type(format),
                        self.serialize(&mut quads, format),
                    )))
                }
            }
        };
        // A panic inside the engine (a bug upstream, such as an ORDER BY over terms it cannot
        // order) fails this query only; the server goes on.
        match crate::store::query::catching_panics(|| Ok(evaluate())) {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(message)) => Err(Failed::Other(format!("query evaluation failed: {message}"))),
            Err(panic) => Err(Failed::Panic(panic.to_string())),
        }
    }

    /// Quads as a document: sorted and written as `export` writes them.
    pub(super) fn serialize(&self, quads: &mut [Quad], format: ExportFormat) -> Vec<u8> {
        export::sort_quads(quads);
        let mut out = Vec::new();
        // Writing to memory cannot fail; a serializer error would leave a truncated body.
        let _ = export::write_graph(quads, format, &self.base, &mut out);
        out
    }

    /// The Graph Store Protocol's read side: `?default` or `?graph=IRI`, negotiated.
    pub(super) fn graph_request(
        &self,
        request: &Request<Body>,
        query: &str,
    ) -> Result<GraphRequest, Box<Response<Body>>> {
        let parameters = parse_form(query.as_bytes());
        let graph: GraphName = if parameters.iter().any(|(k, _)| k == "default") {
            GraphName::DefaultGraph
        } else if let Some((_, iri)) = parameters.iter().find(|(k, _)| k == "graph") {
            match NamedNode::new(iri) {
                Ok(node) => node.into(),
                Err(_) => {
                    return Err(Box::new(error(
                        StatusCode::BAD_REQUEST,
                        "`graph` is not an IRI",
                    )));
                }
            }
        } else {
            return Err(Box::new(error(
                StatusCode::BAD_REQUEST,
                "name a graph: `?default` or `?graph=IRI`",
            )));
        };
        if let GraphName::NamedNode(node) = &graph
            && !self.store.contains_named_graph(node).unwrap_or(false)
        {
            return Err(Box::new(error(StatusCode::NOT_FOUND, "no such graph")));
        }
        let Some(format) = graph_format(&header(request, ACCEPT.as_str())) else {
            return Err(Box::new(not_acceptable(&graph_media_types())));
        };
        Ok(GraphRequest { graph, format })
    }

    /// Streams a graph into `sink` as the store holds it, without sorting or collecting it
    /// (JSON-LD aside). Returns an error answer if the stream fails.
    pub(super) fn answer_graph(
        &self,
        asked: &GraphRequest,
        sink: &mut dyn Sink,
    ) -> Option<Response<Body>> {
        let quads = self
            .store
            .quads_for_pattern(None, None, None, Some(asked.graph.as_ref()))
            .filter_map(Result::ok)
            .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph));
        let written = sink
            .start(&content_type(asked.format))
            .and_then(|out| export::stream_graph(quads, asked.format, &self.base, out));
        match written {
            Ok(()) => None,
            Err(e) => Some(error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("cannot write the graph: {e}"),
            )),
        }
    }

    /// The default graph's triples about `subject`.
    pub(super) fn about(&self, subject: NamedNodeRef<'_>) -> Vec<Quad> {
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
            .flat_map(|q| match q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(claim) => self.about(claim.as_ref()),
                oxigraph::model::NamedOrBlankNode::BlankNode(_) => Vec::new(),
            })
            .collect();
        quads.extend(claims);
        quads
    }

    /// An entity IRI under the base: its page for a browser, else its RDF by `Accept` (or by
    /// `?format=ttl|nt|jsonld`, so that a browser can follow a link to the RDF).
    pub(super) fn entity(&self, request: &Request<Body>, path: &str) -> Response<Body> {
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
        let named = parse_form(request.uri().query().unwrap_or_default().as_bytes())
            .into_iter()
            .find(|(k, _)| k == "format")
            .and_then(|(_, v)| named_graph_format(&v));
        let format = match named {
            Some(format) => Some(format),
            None => {
                let accept = header(request, ACCEPT.as_str());
                if prefers_html(&accept) {
                    return html(self.entity_page(&iri));
                }
                graph_format(&accept)
            }
        };
        let Some(format) = format else {
            return not_acceptable(&format!("text/html, {}", graph_media_types()));
        };
        ok(&content_type(format), self.serialize(&mut quads, format))
    }
}
