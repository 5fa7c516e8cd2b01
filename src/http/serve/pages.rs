//! The HTML pages: the query page at `/` and a page per entity, from the template files
//! beside this module, with every value escaped by the one escaper the timeline uses too.

use super::Endpoint;
use crate::graph::vocab::{dcterms, prov, rdf, rdfs, schema};
use crate::markup::{escape, fill, js_string};
use crate::store::query::named_queries;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Term};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const PAGE: &str = include_str!("page.html");
const HOME: &str = include_str!("home.html");
const ENTITY: &str = include_str!("entity.html");

/// A whole page: `body` is HTML already, `title` is text.
pub(super) fn page(title: &str, body: &str) -> String {
    fill(PAGE, &[("title", &escape(title)), ("body", body)])
}

impl Endpoint {
    /// The query page, with the named queries as examples.
    pub(super) fn home(&self) -> String {
        let mut examples = String::new();
        for query in named_queries()
            .into_iter()
            .filter(|q| q.params.is_empty() && !q.name.starts_with("wikidata/"))
        {
            let _ = write!(
                examples,
                "<li><button type=\"button\" data-query=\"{}\">{}</button> <small>{}</small></li>",
                escape(&query.full_text(&self.base)),
                escape(&query.title),
                escape(&query.description)
            );
        }
        page(
            "cpsu-kg SPARQL endpoint",
            &fill(
                HOME,
                &[
                    ("base", &escape(self.base.as_str())),
                    ("examples", &examples),
                    ("prefixes", &js_string(&self.prefixes.sparql_prologue())),
                ],
            ),
        )
    }

    /// The English label of an IRI, else its prefixed name.
    pub(super) fn label(&self, term: &Term) -> String {
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
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&href),
                    escape(&self.label(term))
                )
            }
            Term::Literal(l) => {
                let language = l
                    .language()
                    .map_or_else(String::new, |t| format!(" <small>@{}</small>", escape(t)));
                format!("{}{language}", escape(l.value()))
            }
            other => escape(&other.to_string()),
        }
    }

    /// Links to entities stay on this server; other IRIs link out.
    pub(super) fn local_href(&self, node: NamedNodeRef<'_>) -> String {
        node.as_str()
            .strip_prefix(self.base.as_str().trim_end_matches('/'))
            .filter(|rest| rest.starts_with('/'))
            .map_or_else(|| node.as_str().to_owned(), str::to_owned)
    }

    /// The address of a citation's source, where the store has one.
    fn source_url(&self, citation: &NamedNode) -> Option<String> {
        let in_default = Some(GraphNameRef::DefaultGraph);
        self.store
            .quads_for_pattern(
                Some(citation.into()),
                Some(dcterms::SOURCE),
                None,
                in_default,
            )
            .filter_map(Result::ok)
            .find_map(|q| match q.object {
                Term::NamedNode(source) => self
                    .store
                    .quads_for_pattern(
                        Some(source.as_ref().into()),
                        Some(schema::URL),
                        None,
                        in_default,
                    )
                    .filter_map(Result::ok)
                    .find_map(|u| match u.object {
                        Term::NamedNode(url) => Some(url.into_string()),
                        _ => None,
                    }),
                _ => None,
            })
    }

    /// The page of one entity: its labels, description, facts and sources.
    pub(super) fn entity_page(&self, iri: &NamedNode) -> String {
        let subject: Term = iri.clone().into();
        let mut labels = String::new();
        let mut description = String::new();
        let mut facts: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut citations = Vec::new();
        for quad in self.about(iri.as_ref()) {
            if quad.predicate == rdfs::LABEL {
                if let Term::Literal(l) = &quad.object {
                    let language = escape(l.language().unwrap_or(""));
                    let _ = write!(
                        labels,
                        "<li lang=\"{language}\">{} <small>({language})</small></li>",
                        escape(l.value()),
                    );
                }
            } else if quad.predicate == schema::DESCRIPTION {
                if let Term::Literal(l) = &quad.object {
                    description = escape(l.value());
                }
            } else if quad.predicate == prov::WAS_DERIVED_FROM {
                citations.push(quad.object.clone());
            } else {
                let predicate = if quad.predicate == rdf::TYPE {
                    "a (type)".to_owned()
                } else {
                    self.prefixes.display(&quad.predicate.clone().into())
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
                escape(predicate),
                values.join("<br>")
            );
        }
        let mut sources = String::new();
        citations.sort_by_key(ToString::to_string);
        for citation in &citations {
            let Term::NamedNode(node) = citation else {
                continue;
            };
            let text = escape(&self.label(citation));
            let _ = write!(
                sources,
                "<li>{}</li>",
                self.source_url(node).map_or_else(
                    || text.clone(),
                    |u| format!("<a href=\"{}\">{text}</a>", escape(&u))
                )
            );
        }
        page(
            &self.label(&subject),
            &fill(
                ENTITY,
                &[
                    ("iri", &escape(iri.as_str())),
                    ("labels", &labels),
                    ("description", &description),
                    ("facts", &rows),
                    ("sources", &sources),
                    ("path", &escape(&self.local_href(iri.as_ref()))),
                ],
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_have_no_slot_left_unfilled() {
        let page = page("A <title>", "<p>body</p>");
        assert!(page.contains("<title>A &lt;title&gt;</title>"));
        assert!(!page.contains("{{"), "{page}");
        for (template, slots) in [
            (HOME, &["base", "examples", "prefixes"][..]),
            (
                ENTITY,
                &["iri", "labels", "description", "facts", "sources", "path"],
            ),
        ] {
            let values: Vec<(&str, &str)> = slots.iter().map(|s| (*s, "x")).collect();
            let filled = fill(template, &values);
            assert!(!filled.contains("{{"), "{filled}");
        }
    }
}
