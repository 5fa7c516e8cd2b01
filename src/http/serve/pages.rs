//! The HTML pages: the query page at `/` and a page per entity, from the template files
//! beside this module, with every value escaped by the one escaper the timeline uses too.

use super::Endpoint;
use crate::graph::vocab::{cpsu, dcterms, org, prov, rdf, rdfs, schema};
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

    /// The objects of `subject`'s `predicate` in the default graph.
    fn objects(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        let Term::NamedNode(subject) = subject else {
            return Vec::new();
        };
        let mut objects: Vec<Term> = self
            .store
            .quads_for_pattern(
                Some(subject.into()),
                Some(predicate),
                None,
                Some(GraphNameRef::DefaultGraph),
            )
            .filter_map(Result::ok)
            .map(|q| q.object)
            .collect();
        objects.sort_by_key(ToString::to_string);
        objects
    }

    /// The subjects whose `predicate` is `object`, in the default graph.
    fn subjects(&self, predicate: NamedNodeRef<'_>, object: &Term) -> Vec<Term> {
        let mut subjects: Vec<Term> = self
            .store
            .quads_for_pattern(
                None,
                Some(predicate),
                Some(object.as_ref()),
                Some(GraphNameRef::DefaultGraph),
            )
            .filter_map(Result::ok)
            .map(|q| q.subject.into())
            .collect();
        subjects.sort_by_key(ToString::to_string);
        subjects.dedup();
        subjects
    }

    /// Dates as the sources give them, at their precision: `a | b` where they disagree.
    fn dates(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> String {
        let values: Vec<String> = self
            .objects(subject, predicate)
            .iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .collect();
        values.join(" | ")
    }

    /// The footnotes behind a record and its claims of `predicates`, as short links.
    fn footnotes(&self, subject: &Term, predicates: &[NamedNodeRef<'_>]) -> String {
        let mut citations = self.objects(subject, prov::WAS_DERIVED_FROM);
        for claim in self.subjects(cpsu::CLAIM_SUBJECT, subject) {
            let property = self.objects(&claim, cpsu::CLAIM_PROPERTY);
            if property
                .iter()
                .any(|p| predicates.iter().any(|q| *p == Term::from(q.into_owned())))
            {
                citations.extend(self.objects(&claim, prov::WAS_DERIVED_FROM));
            }
        }
        citations.sort_by_key(ToString::to_string);
        citations.dedup();
        citations
            .iter()
            .map(|c| self.link(c))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// A table of tenures: title, holder or office, start, end, acting, neighbours, sources.
    fn tenure_rows(&self, tenures: &[Term], who: NamedNodeRef<'_>) -> String {
        let mut rows: Vec<(String, String)> = tenures
            .iter()
            .map(|tenure| {
                // A date no source gives is said to be so, not left blank.
                let given = |dates: String| {
                    if dates.is_empty() {
                        "not given".to_owned()
                    } else {
                        dates
                    }
                };
                let start = given(self.dates(tenure, schema::START_DATE));
                let end = given(self.dates(tenure, schema::END_DATE));
                let titles: Vec<String> = self
                    .objects(tenure, cpsu::TITLE_HELD)
                    .iter()
                    .map(|t| self.label(t))
                    .collect();
                let office = self.objects(tenure, cpsu::OFFICE_PROPERTY);
                let title = if titles.is_empty() {
                    office.iter().map(|o| self.label(o)).collect::<Vec<_>>().join(", ")
                } else {
                    titles.join(" | ")
                };
                let party = self
                    .objects(tenure, who)
                    .iter()
                    .map(|p| self.link(p))
                    .collect::<Vec<_>>()
                    .join(", ");
                let acting = self.objects(tenure, cpsu::ACTING) == vec![Term::from(oxigraph::model::Literal::from(true))];
                let neighbour = |predicate| {
                    self.objects(tenure, predicate)
                        .iter()
                        .flat_map(|t| self.objects(t, org::MEMBER))
                        .map(|p| self.link(&p))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let row = format!(
                    "<tr class=\"tenure\"><td>{}</td><td>{party}</td><td class=\"start\">{}</td><td class=\"end\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"sources\">{}</td></tr>",
                    self.link_text(tenure, &title),
                    escape(&start),
                    escape(&end),
                    if acting { "acting" } else { "" },
                    neighbour(cpsu::PREDECESSOR),
                    neighbour(cpsu::SUCCESSOR),
                    self.footnotes(tenure, &[schema::START_DATE, schema::END_DATE, cpsu::TITLE_HELD]),
                );
                (start, row)
            })
            .collect();
        rows.sort();
        let header = if who == org::MEMBER {
            "holder"
        } else {
            "office"
        };
        format!(
            "<table class=\"tenures\"><tr><th>title</th><th>{header}</th><th>start</th><th>end</th><th>acting</th><th>after</th><th>before</th><th>sources</th></tr>{}</table>",
            rows.into_iter().map(|(_, r)| r).collect::<String>()
        )
    }

    /// A link to `node` with `text` as its words.
    fn link_text(&self, node: &Term, text: &str) -> String {
        match node {
            Term::NamedNode(n) => format!(
                "<a href=\"{}\">{}</a>",
                escape(&self.local_href(n.as_ref())),
                escape(text)
            ),
            _ => escape(text),
        }
    }

    /// The facts that point at an entity: a person's tenures and events, an office's
    /// holders (its incarnations' too), and anything else that names it.
    fn incoming(&self, subject: &Term) -> String {
        let mut html = String::new();
        let held = self.subjects(org::MEMBER, subject);
        if !held.is_empty() {
            let _ = write!(
                html,
                "<h2>Offices held</h2>{}",
                self.tenure_rows(&held, cpsu::OFFICE_PROPERTY)
            );
        }
        let mut holdings = self.subjects(cpsu::OFFICE_PROPERTY, subject);
        for incarnation in self.subjects(cpsu::INCARNATION_OF, subject) {
            holdings.extend(self.subjects(cpsu::OFFICE_PROPERTY, &incarnation));
        }
        holdings.dedup();
        if !holdings.is_empty() {
            let _ = write!(
                html,
                "<h2>Holders</h2>{}",
                self.tenure_rows(&holdings, org::MEMBER)
            );
        }
        let events = self.subjects(cpsu::PARTICIPANT, subject);
        if !events.is_empty() {
            let mut rows: Vec<(String, String)> = events
                .iter()
                .map(|event| {
                    let date = self.dates(event, schema::START_DATE);
                    let shown = if date.is_empty() {
                        self.objects(event, cpsu::DATE_DESCRIPTION)
                            .iter()
                            .map(|t| self.label(t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    } else {
                        date.clone()
                    };
                    let row = format!(
                        "<tr class=\"event\"><td class=\"date\">{}</td><td>{}</td><td class=\"sources\">{}</td></tr>",
                        escape(&shown),
                        self.link(event),
                        self.footnotes(event, &[schema::START_DATE]),
                    );
                    (if date.is_empty() { "~".to_owned() } else { date }, row)
                })
                .collect();
            rows.sort();
            let _ = write!(
                html,
                "<h2>Events taken part in</h2><table class=\"events\"><tr><th>date</th><th>event</th><th>sources</th></tr>{}</table>",
                rows.into_iter().map(|(_, r)| r).collect::<String>()
            );
        }
        // Anything else that names the entity, by the relation that does.
        let Term::NamedNode(node) = subject else {
            return html;
        };
        let shown = [
            org::MEMBER,
            cpsu::OFFICE_PROPERTY,
            cpsu::PARTICIPANT,
            cpsu::CLAIM_SUBJECT,
            org::HELD_BY,
            org::HOLDS,
        ];
        let mut others: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for quad in self
            .store
            .quads_for_pattern(
                None,
                None,
                Some(node.into()),
                Some(GraphNameRef::DefaultGraph),
            )
            .filter_map(Result::ok)
        {
            if shown.contains(&quad.predicate.as_ref()) {
                continue;
            }
            let predicate = self.prefixes.display(&quad.predicate.clone().into());
            others
                .entry(predicate)
                .or_default()
                .push(self.link(&quad.subject.into()));
        }
        if !others.is_empty() {
            let mut rows = String::new();
            for (predicate, mut subjects) in others {
                subjects.sort();
                subjects.dedup();
                let _ = write!(
                    rows,
                    "<tr><th>{}</th><td>{}</td></tr>",
                    escape(&predicate),
                    subjects.join("<br>")
                );
            }
            let _ = write!(
                html,
                "<h2>Named by</h2><table class=\"incoming\">{rows}</table>"
            );
        }
        html
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
                    ("incoming", &self.incoming(&subject)),
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
                &[
                    "iri",
                    "labels",
                    "description",
                    "facts",
                    "incoming",
                    "sources",
                    "path",
                ],
            ),
        ] {
            let values: Vec<(&str, &str)> = slots.iter().map(|s| (*s, "x")).collect();
            let filled = fill(template, &values);
            assert!(!filled.contains("{{"), "{filled}");
        }
    }
}
