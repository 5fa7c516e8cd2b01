//! Content negotiation: which format an `Accept` header asks for. Graph formats come from
//! the export's own table ([`ExportFormat`]), so the server and `export` name and label
//! each format the same way.

use crate::output::export::ExportFormat;
use oxigraph::sparql::results::QueryResultsFormat;

/// The RDF formats the server writes, best default first: every format `export` writes.
pub(super) const GRAPH_FORMATS: [ExportFormat; 6] = [
    ExportFormat::Turtle,
    ExportFormat::NTriples,
    ExportFormat::RdfXml,
    ExportFormat::JsonLd,
    ExportFormat::NQuads,
    ExportFormat::TriG,
];

/// The SPARQL results formats the server writes, with the media type each answers with;
/// JSON, the default, first.
pub(super) const RESULTS_FORMATS: [(QueryResultsFormat, &str); 4] = [
    (QueryResultsFormat::Json, "application/sparql-results+json"),
    (QueryResultsFormat::Xml, "application/sparql-results+xml"),
    (QueryResultsFormat::Csv, "text/csv; charset=utf-8"),
    (
        QueryResultsFormat::Tsv,
        "text/tab-separated-values; charset=utf-8",
    ),
];

/// The media types of an `Accept` header, best first (by q-value, then order).
pub(super) fn accepted(accept: &str) -> Vec<String> {
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

/// The `Content-Type` of a format's responses: text formats say their charset.
pub(super) fn content_type(format: ExportFormat) -> String {
    let media = format.media_type();
    if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    }
}

/// The media types of the graph formats, for a 406's message.
pub(super) fn graph_media_types() -> String {
    let names: Vec<&str> = GRAPH_FORMATS.iter().map(|f| f.media_type()).collect();
    names.join(", ")
}

/// The media types of the results formats, for a 406's message.
pub(super) fn results_media_types() -> String {
    let names: Vec<&str> = RESULTS_FORMATS
        .iter()
        .map(|(_, m)| m.split(';').next().unwrap_or(m))
        .collect();
    names.join(", ")
}

/// The SPARQL results format an `Accept` header asks for, with its `Content-Type`; JSON
/// when it asks for nothing in particular.
pub(super) fn results_format(accept: &str) -> Option<(QueryResultsFormat, &'static str)> {
    let choices = [
        ("application/sparql-results+json", QueryResultsFormat::Json),
        ("application/json", QueryResultsFormat::Json),
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
        ("application/xml", QueryResultsFormat::Xml),
        ("text/xml", QueryResultsFormat::Xml),
        ("text/csv", QueryResultsFormat::Csv),
        ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ];
    let media = |f: QueryResultsFormat| {
        RESULTS_FORMATS
            .iter()
            .find(|(g, _)| *g == f)
            .map_or(RESULTS_FORMATS[0].1, |(_, m)| m)
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

/// The `Accept` a `format=` parameter stands for: a results format and a graph format of the
/// same name (`json` is SPARQL JSON for a SELECT and JSON-LD for a CONSTRUCT), or a media
/// type. `None` for a name the server does not write.
pub(super) fn format_parameter(name: &str) -> Option<String> {
    let name = name.trim().to_ascii_lowercase();
    let results = match name.as_str() {
        "json" | "srj" => Some("application/sparql-results+json"),
        "xml" | "srx" => Some("application/sparql-results+xml"),
        "csv" => Some("text/csv"),
        "tsv" => Some("text/tab-separated-values"),
        _ => None,
    };
    let graph = named_graph_format(&name).map(ExportFormat::media_type);
    let media = (name.contains('/')
        && (results_format(&name).is_some() || graph_format(&name).is_some()))
    .then_some(name.as_str());
    let accept: Vec<&str> = [results, graph, media].into_iter().flatten().collect();
    (!accept.is_empty()).then(|| accept.join(", "))
}

/// The graph format an `Accept` header asks for; Turtle when it asks for nothing in
/// particular. `application/json` is taken as JSON-LD.
pub(super) fn graph_format(accept: &str) -> Option<ExportFormat> {
    let wanted = accepted(accept);
    if wanted.is_empty() {
        return Some(ExportFormat::Turtle);
    }
    for want in wanted {
        if want == "*/*" || want == "text/*" {
            return Some(ExportFormat::Turtle);
        }
        if want == "application/json" {
            return Some(ExportFormat::JsonLd);
        }
        if want == "application/xml" || want == "text/xml" {
            return Some(ExportFormat::RdfXml);
        }
        if let Some(format) = GRAPH_FORMATS.iter().find(|f| f.media_type() == want) {
            return Some(*format);
        }
    }
    None
}

/// The format a `?format=` parameter names, by the export's own names (`ttl`, `nt`,
/// `jsonld` …), when it is one the server writes.
pub(super) fn named_graph_format(name: &str) -> Option<ExportFormat> {
    ExportFormat::from_name(name).filter(|f| GRAPH_FORMATS.contains(f))
}

/// Whether a browser's `Accept` prefers HTML to every RDF format it also accepts.
pub(super) fn prefers_html(accept: &str) -> bool {
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
            graph_format("application/n-triples"),
            Some(ExportFormat::NTriples)
        );
        assert_eq!(graph_format("application/json"), Some(ExportFormat::JsonLd));
        assert_eq!(graph_format("image/png"), None);
        assert_eq!(
            content_type(ExportFormat::Turtle),
            "text/turtle; charset=utf-8"
        );
        assert_eq!(named_graph_format("jsonld"), Some(ExportFormat::JsonLd));
        assert_eq!(named_graph_format("rdf"), Some(ExportFormat::RdfXml));
        assert_eq!(named_graph_format("png"), None);
        assert_eq!(graph_format("application/xml"), Some(ExportFormat::RdfXml));
        assert_eq!(
            format_parameter("json").as_deref(),
            Some("application/sparql-results+json, application/ld+json")
        );
        assert_eq!(
            format_parameter("xml").as_deref(),
            Some("application/sparql-results+xml, application/rdf+xml")
        );
        assert_eq!(format_parameter("ttl").as_deref(), Some("text/turtle"));
        assert_eq!(format_parameter("text/csv").as_deref(), Some("text/csv"));
        assert_eq!(format_parameter("png"), None);
        assert_eq!(
            results_format("text/csv").map(|f| f.0),
            Some(QueryResultsFormat::Csv)
        );
        assert!(results_format("image/png").is_none());
    }
}
