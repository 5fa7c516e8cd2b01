//! The SPARQL 1.1 Protocol at `/sparql`, the Graph Store Protocol's read side at `/store`,
//! and the RDF of an entity: what the server answers machines.

use super::conditional::wants_gzip;
use super::negotiation::{
    content_type, format_parameter, graph_format, graph_media_types, named_graph_format,
    prefers_html, results_format, results_media_types,
};
use super::{Endpoint, MAX_BODY_BYTES, error, header, html, not_acceptable, ok, parse_form};
use crate::output::export::{self, ExportFormat};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderMap, Method, Request, Response, StatusCode};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use std::io::{Read, Write};

/// A query asked for, read and checked but not yet parsed: what a worker needs.
pub(super) struct QueryRequest {
    /// The query's text.
    pub text: String,
    /// The request's `Accept` header, or what its `format=` parameter stands for.
    pub accept: String,
    /// The dataset the protocol's `default-graph-uri` and `named-graph-uri` give, if any:
    /// it replaces the query's own (`FROM`, `FROM NAMED`), as the protocol says.
    pub dataset: Option<ProtocolDataset>,
    /// Whether the answer is gzipped.
    pub gzip: bool,
    /// The header fields of a 200 answer beyond its type: validators and encoding.
    pub headers: HeaderMap,
}

/// A query's dataset named by the protocol: the graphs merged into its default graph, and
/// its named graphs. Either list may be empty.
pub(super) struct ProtocolDataset {
    default: Vec<GraphName>,
    named: Vec<NamedOrBlankNode>,
}

/// The names `format=` takes, for a 400's message.
const FORMAT_NAMES: &str = "json, xml, csv, tsv, ttl, nt, rdf, jsonld, nq, trig, or a media type";

/// The graph format a request's `format=` parameter names, if it has one.
pub(super) fn format_asked(
    request: &Request<Body>,
) -> Result<Option<ExportFormat>, Box<Response<Body>>> {
    let parameters = parse_form(request.uri().query().unwrap_or_default().as_bytes());
    let Some((_, name)) = parameters.iter().find(|(k, _)| k == "format") else {
        return Ok(None);
    };
    named_graph_format(name)
        .or_else(|| name.contains('/').then(|| graph_format(name)).flatten())
        .map(Some)
        .ok_or_else(|| {
            Box::new(error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "`format={name}` names no graph format this endpoint writes; it writes {}",
                    graph_media_types()
                ),
            ))
        })
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
    gzip: bool,
    /// The header fields of a 200 answer beyond its type: validators and encoding.
    pub headers: HeaderMap,
}

/// Writes a 200 answer of type `media` into `sink` with `write`, gzipped when asked.
fn write_answer<T>(
    sink: &mut dyn Sink,
    media: &str,
    gzip: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<T, String>,
) -> Result<T, String> {
    let out = sink.start(media).map_err(|e| e.to_string())?;
    if gzip {
        let mut encoder = export::gzip_writer(out);
        let value = write(&mut encoder)?;
        encoder.finish().map_err(|e| e.to_string())?;
        Ok(value)
    } else {
        write(out)
    }
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
        let accept = match parameters.iter().find(|(k, _)| k == "format") {
            Some((_, name)) => format_parameter(name).ok_or_else(|| {
                Box::new(error(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "`format={name}` names no format this endpoint writes; use {FORMAT_NAMES}"
                    ),
                ))
            })?,
            None => header(request, ACCEPT.as_str()),
        };
        let gzip = wants_gzip(request);
        Ok(QueryRequest {
            text,
            accept,
            dataset: self.protocol_dataset(&parameters)?,
            gzip,
            headers: self.validators.headers(request, gzip),
        })
    }

    /// The dataset `default-graph-uri` and `named-graph-uri` name, if any. Each must be a
    /// graph this endpoint serves: an IRI that names none is refused (400) with the list,
    /// rather than answered from an empty graph, so that a mistyped IRI is not read as
    /// "no results".
    fn protocol_dataset(
        &self,
        parameters: &[(String, String)],
    ) -> Result<Option<ProtocolDataset>, Box<Response<Body>>> {
        let served = |key: &str| -> Result<Vec<NamedNode>, Box<Response<Body>>> {
            let mut graphs = Vec::new();
            for (_, iri) in parameters.iter().filter(|(k, _)| k == key) {
                match NamedNode::new(iri) {
                    Ok(graph) if self.graphs.contains(&graph) => {
                        if !graphs.contains(&graph) {
                            graphs.push(graph);
                        }
                    }
                    _ => {
                        let names: Vec<String> =
                            self.graphs.iter().map(ToString::to_string).collect();
                        return Err(Box::new(error(
                            StatusCode::BAD_REQUEST,
                            &format!(
                                "`{key}` <{iri}> names no graph this endpoint serves; it serves {}",
                                names.join(", ")
                            ),
                        )));
                    }
                }
            }
            Ok(graphs)
        };
        let default = served("default-graph-uri")?;
        let named = served("named-graph-uri")?;
        if default.is_empty() && named.is_empty() {
            return Ok(None);
        }
        Ok(Some(ProtocolDataset {
            default: default.into_iter().map(Into::into).collect(),
            named: named.into_iter().map(Into::into).collect(),
        }))
    }

    /// A query ready to run: the project's prefixes, the token, and the protocol's dataset.
    fn prepare(
        &self,
        query: spargebra::Query,
        asked: &QueryRequest,
        token: &CancellationToken,
    ) -> oxigraph::sparql::PreparedSparqlQuery {
        let mut prepared = self
            .prefixes
            .evaluator()
            .with_cancellation_token(token.clone())
            .for_query(query);
        if let Some(dataset) = &asked.dataset {
            prepared
                .dataset_mut()
                .set_default_graph(dataset.default.clone());
            prepared
                .dataset_mut()
                .set_available_named_graphs(dataset.named.clone());
        }
        prepared
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
            Ok(parsed) => self.prepare(parsed, query, token),
            Err(e) => return Some(error(StatusCode::BAD_REQUEST, &e.to_string())),
        };
        match self.evaluate_query(prepared, query, sink) {
            // The sort bug of the engine: run again with a total order (`store::order`), if
            // nothing of the answer has left yet.
            Err(Failed::Panic(panic)) => {
                let retry = sink.restart().then(|| {
                    crate::store::order::totally_ordered(&query.text, self.prefixes.pairs())
                });
                match retry.flatten() {
                    Some(algebra) => {
                        let prepared = self.prepare(algebra, query, token);
                        self.evaluate_query(prepared, query, sink)
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
        asked: &QueryRequest,
        sink: &mut dyn Sink,
    ) -> Result<Option<Response<Body>>, Failed> {
        let accept = asked.accept.as_str();
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
                        return Ok(Some(not_acceptable(&results_media_types())));
                    };
                    write_answer(sink, media, asked.gzip, |out| {
                        let mut serializer = QueryResultsSerializer::from_format(format)
                            .serialize_solutions_to_writer(out, solutions.variables().to_vec())
                            .map_err(|e| e.to_string())?;
                        for solution in solutions {
                            let solution = match solution {
                                Ok(solution) => solution,
                                Err(e) if not_offered(&e) => {
                                    return Ok(Some(cannot_answer(&e)));
                                }
                                Err(e) => return Err(e.to_string()),
                            };
                            serializer.serialize(&solution).map_err(|e| e.to_string())?;
                        }
                        serializer.finish().map_err(|e| e.to_string())?;
                        Ok(None)
                    })
                }
                QueryResults::Boolean(value) => {
                    let Some((format, media)) = results_format(accept) else {
                        return Ok(Some(not_acceptable(&results_media_types())));
                    };
                    write_answer(sink, media, asked.gzip, |out| {
                        QueryResultsSerializer::from_format(format)
                            .serialize_boolean_to_writer(out, value)
                            .map(drop)
                            .map_err(|e| e.to_string())
                    })?;
                    Ok(None)
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
                    let body = self.serialize(&mut quads, format);
                    write_answer(sink, &content_type(format), asked.gzip, |out| {
                        out.write_all(&body).map_err(|e| e.to_string())
                    })?;
                    Ok(None)
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
        let format = match format_asked(request)? {
            Some(format) => format,
            None => graph_format(&header(request, ACCEPT.as_str()))
                .ok_or_else(|| Box::new(not_acceptable(&graph_media_types())))?,
        };
        let gzip = wants_gzip(request);
        Ok(GraphRequest {
            graph,
            format,
            gzip,
            headers: self.validators.headers(request, gzip),
        })
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
        let written = write_answer(sink, &content_type(asked.format), asked.gzip, |out| {
            export::stream_graph(quads, asked.format, &self.base, out).map_err(|e| e.to_string())
        });
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
        let named = match format_asked(request) {
            Ok(named) => named,
            Err(refusal) => return *refusal,
        };
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
