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
use oxigraph::sparql::{CancellationToken, QueryResults};
use std::io::Read;
use std::time::Instant;

impl Endpoint {
    /// A query by GET, by POST form or by POST `application/sparql-query`; updates refused.
    pub(super) fn sparql(&self, request: &mut Request<Body>, query_string: &str) -> Response<Body> {
        let mut parameters = parse_form(query_string.as_bytes());
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
                "application/x-www-form-urlencoded" => parameters.extend(parse_form(&body)),
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
        if let Err(e) = crate::store::query::check_nesting(&text) {
            return error(StatusCode::BAD_REQUEST, &e.to_string());
        }
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
        self.deadlines
            .cancel_at(Instant::now() + self.timeout, token.clone());
        let accept = header(request, ACCEPT.as_str());
        let evaluate = || -> Result<Response<Body>, String> {
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
                    let Some(format) = graph_format(&accept) else {
                        return Ok(not_acceptable(&graph_media_types()));
                    };
                    let mut quads = Vec::new();
                    for triple in triples {
                        quads.push(
                            triple
                                .map_err(|e| e.to_string())?
                                .in_graph(GraphName::DefaultGraph),
                        );
                    }
                    Ok(ok(
                        &content_type(format),
                        self.serialize(&mut quads, format),
                    ))
                }
            }
        };
        // A panic inside the engine (a bug upstream, such as an ORDER BY over terms it cannot
        // order) answers 500 for this query and leaves the server running.
        let outcome = crate::store::query::catching_panics(|| Ok(evaluate()))
            .unwrap_or_else(|panic| Err(panic.to_string()));
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

    /// Quads as a document: sorted and written as `export` writes them.
    pub(super) fn serialize(&self, quads: &mut [Quad], format: ExportFormat) -> Vec<u8> {
        export::sort_quads(quads);
        let mut out = Vec::new();
        // Writing to memory cannot fail; a serializer error would leave a truncated body.
        let _ = export::write_graph(quads, format, &self.base, &mut out);
        out
    }

    /// The Graph Store Protocol's read side: `?default` or `?graph=IRI`.
    pub(super) fn graph_store(&self, request: &Request<Body>, query: &str) -> Response<Body> {
        let parameters = parse_form(query.as_bytes());
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
        let Some(format) = graph_format(&header(request, ACCEPT.as_str())) else {
            return not_acceptable(&graph_media_types());
        };
        let mut quads: Vec<Quad> = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref()))
            .filter_map(Result::ok)
            .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
            .collect();
        ok(&content_type(format), self.serialize(&mut quads, format))
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
