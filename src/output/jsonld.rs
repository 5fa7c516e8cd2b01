//! Compacted JSON-LD: one object per entity under `@graph`, with a context that names every
//! property the graph uses by a short term, so that a reader of plain JSON finds a person's
//! English name at `label.en`.
//!
//! The context is derived from the graph itself, the same way every time: a term is the
//! property's local name (`startDate`), or `prefix_local` where two namespaces share a local
//! name (`foaf_name` beside `schema_name`); a property whose every value is an IRI is typed
//! `@id`; one whose every value is a language-tagged string is a language map; one whose
//! every value has one datatype carries it. Classes are compact IRIs in `@type`. Literal
//! values stay strings, so nothing is lost to JSON numbers. Keys are sorted, so the same
//! graph gives the same bytes. `ontology/context.jsonld` is the context of the default
//! data's core export.

use crate::graph::vocab::{BaseIri, Prefixes};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

/// What every value of a property is, which decides its term definition.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Iri,
    Language,
    Typed(String),
    Mixed,
}

/// The local name of an IRI, after its last `#` or `/`.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// The compact form of an IRI under the prefixes, or the IRI.
fn compact(prefixes: &[(String, String)], iri: &str) -> String {
    prefixes
        .iter()
        .filter(|(_, namespace)| iri.starts_with(namespace.as_str()))
        .max_by_key(|(_, namespace)| namespace.len())
        .map(|(prefix, namespace)| format!("{prefix}:{}", &iri[namespace.len()..]))
        .filter(|c| !c.contains(['/', '#']))
        .unwrap_or_else(|| iri.to_owned())
}

/// The context for these quads: the prefixes they use and one term per property.
pub fn context(quads: &[Quad], base: &BaseIri) -> Map<String, Value> {
    let prefixes: Vec<(String, String)> = Prefixes::new(base).pairs().to_vec();
    let mut kinds: BTreeMap<&str, Kind> = BTreeMap::new();
    for quad in quads {
        let predicate = quad.predicate.as_str();
        if predicate == oxigraph::model::vocab::rdf::TYPE.as_str() {
            continue;
        }
        let kind = match &quad.object {
            Term::NamedNode(_) => Kind::Iri,
            Term::Literal(l) if l.language().is_some() => Kind::Language,
            Term::Literal(l) => Kind::Typed(l.datatype().as_str().to_owned()),
            _ => Kind::Mixed,
        };
        kinds
            .entry(predicate)
            .and_modify(|k| {
                if *k != kind {
                    *k = Kind::Mixed;
                }
            })
            .or_insert(kind);
    }
    let mut by_local: BTreeMap<&str, usize> = BTreeMap::new();
    for predicate in kinds.keys() {
        *by_local.entry(local_name(predicate)).or_default() += 1;
    }
    let mut context = Map::new();
    let mut used_prefixes = BTreeSet::new();
    for (predicate, kind) in &kinds {
        let compacted = compact(&prefixes, predicate);
        let local = local_name(predicate);
        let is_prefix = prefixes.iter().any(|(p, _)| p == local);
        let term = if by_local[local] == 1 && !local.is_empty() && !is_prefix {
            local.to_owned()
        } else {
            compacted.replace(':', "_")
        };
        if let Some((prefix, _)) = compacted.split_once(':') {
            used_prefixes.insert(prefix.to_owned());
        }
        let mut definition = Map::new();
        definition.insert("@id".into(), Value::String(compacted));
        match kind {
            Kind::Iri => {
                definition.insert("@type".into(), json!("@id"));
            }
            Kind::Language => {
                definition.insert("@container".into(), json!("@language"));
            }
            // A plain string needs no type: a JSON string is one.
            Kind::Typed(datatype) if datatype == XSD_STRING => {}
            Kind::Typed(datatype) => {
                let datatype = compact(&prefixes, datatype);
                if let Some((prefix, _)) = datatype.split_once(':') {
                    used_prefixes.insert(prefix.to_owned());
                }
                definition.insert("@type".into(), Value::String(datatype));
            }
            Kind::Mixed => {}
        }
        context.insert(term, Value::Object(definition));
    }
    // Prefixes for the classes and IRI values too.
    for quad in quads {
        let subject = match &quad.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
            _ => None,
        };
        let object = match &quad.object {
            Term::NamedNode(n) => Some(n.as_str()),
            _ => None,
        };
        for iri in [subject, object].into_iter().flatten() {
            if let Some((prefix, _)) = compact(&prefixes, iri).split_once(':')
                && prefixes.iter().any(|(p, _)| p == prefix)
            {
                used_prefixes.insert(prefix.to_owned());
            }
        }
    }
    for (prefix, namespace) in &prefixes {
        if used_prefixes.contains(prefix) {
            context.insert(prefix.clone(), Value::String(namespace.clone()));
        }
    }
    context
}

/// Writes the quads' default graph as compacted JSON-LD with its context inline.
pub fn write(quads: &[Quad], base: &BaseIri, mut out: impl Write) -> io::Result<()> {
    let prefixes: Vec<(String, String)> = Prefixes::new(base).pairs().to_vec();
    let context = context(quads, base);
    // The term, container and type of each property, read back from the context.
    let mut terms: BTreeMap<String, (String, Option<String>, Option<String>)> = BTreeMap::new();
    for (term, definition) in &context {
        let Value::Object(definition) = definition else {
            continue;
        };
        let Some(id) = definition.get("@id").and_then(Value::as_str) else {
            continue;
        };
        let iri = expand(&prefixes, id);
        let container = definition
            .get("@container")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let kind = definition
            .get("@type")
            .and_then(Value::as_str)
            .map(str::to_owned);
        terms.insert(iri, (term.clone(), container, kind));
    }
    let mut nodes: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for quad in quads {
        let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
            continue;
        };
        let node = nodes.entry(subject.as_str().to_owned()).or_insert_with(|| {
            let mut node = Map::new();
            node.insert(
                "@id".into(),
                Value::String(compact(&prefixes, subject.as_str())),
            );
            node
        });
        if quad.predicate.as_str() == oxigraph::model::vocab::rdf::TYPE.as_str() {
            if let Term::NamedNode(class) = &quad.object {
                push(
                    node,
                    "@type",
                    Value::String(compact(&prefixes, class.as_str())),
                );
            }
            continue;
        }
        let Some((term, container, kind)) = terms.get(quad.predicate.as_str()) else {
            continue;
        };
        match (&quad.object, container.as_deref(), kind.as_deref()) {
            (Term::Literal(l), Some("@language"), _) => {
                let map = node
                    .entry(term.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let (Value::Object(map), Some(language)) = (map, l.language()) {
                    push(map, language, Value::String(l.value().to_owned()));
                }
            }
            (Term::NamedNode(n), _, Some("@id")) => {
                push(node, term, Value::String(compact(&prefixes, n.as_str())));
            }
            (Term::Literal(l), _, Some(_)) => {
                push(node, term, Value::String(l.value().to_owned()));
            }
            (Term::Literal(l), None, None)
                if l.language().is_none() && l.datatype().as_str() == XSD_STRING =>
            {
                push(node, term, Value::String(l.value().to_owned()));
            }
            (object, _, _) => push(node, term, full_value(&prefixes, object)),
        }
    }
    let document = json!({
        "@context": Value::Object(context),
        "@graph": nodes.into_values().map(Value::Object).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut out, &document)?;
    writeln!(out)
}

/// A value in its full form, for a property whose values are of several kinds.
fn full_value(prefixes: &[(String, String)], object: &Term) -> Value {
    match object {
        Term::NamedNode(n) => json!({ "@id": compact(prefixes, n.as_str()) }),
        Term::Literal(l) => match l.language() {
            Some(language) => json!({ "@value": l.value(), "@language": language }),
            None => {
                json!({ "@value": l.value(), "@type": compact(prefixes, l.datatype().as_str()) })
            }
        },
        other => Value::String(other.to_string()),
    }
}

/// Adds a value under a key: the value alone, or an array once there are several.
fn push(node: &mut Map<String, Value>, key: &str, value: Value) {
    match node.get_mut(key) {
        None => {
            node.insert(key.to_owned(), value);
        }
        Some(Value::Array(values)) => values.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
    }
}

/// A compact IRI expanded under the prefixes.
fn expand(prefixes: &[(String, String)], compact: &str) -> String {
    compact
        .split_once(':')
        .and_then(|(prefix, local)| {
            prefixes
                .iter()
                .find(|(p, _)| p == prefix)
                .map(|(_, namespace)| format!("{namespace}{local}"))
        })
        .unwrap_or_else(|| compact.to_owned())
}

/// The context as the file `ontology/context.jsonld` holds it.
pub fn context_document(quads: &[Quad], base: &BaseIri) -> String {
    let mut text =
        serde_json::to_string_pretty(&json!({ "@context": Value::Object(context(quads, base)) }))
            .unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compact_and_expand() {
        let prefixes = vec![("schema".to_owned(), "http://schema.org/".to_owned())];
        assert_eq!(compact(&prefixes, "http://schema.org/name"), "schema:name");
        assert_eq!(expand(&prefixes, "schema:name"), "http://schema.org/name");
        assert_eq!(
            compact(&prefixes, "http://example.org/x"),
            "http://example.org/x"
        );
    }
}
