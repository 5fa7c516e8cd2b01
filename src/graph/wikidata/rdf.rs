//! The Wikidata profile written in the Wikibase RDF model: statement, value and reference
//! nodes with deterministic project IRIs, ranks, truthy triples, and the references of each
//! statement (scoped ones marked with the values they support).

use super::{Item, Rank, Value, entities, property_label, reference_values};
use crate::data::date::{DatePrecision, PartialDate};
use crate::data::model::{Citation, Dataset, Locator};
use crate::graph::rdf::{Inserter, Quads, Sink};
use crate::graph::vocab::{
    BaseIri, EntityKind, PropertyUse, cpsu, prov, rdf, rdfs, schema, skos, wd, wikibase, xsd,
};
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::collections::{BTreeMap, BTreeSet};

/// The local name of a reference that supports only some values of its statement:
/// `enwiki-alexei-kosygin-for-p39-p580-p582`.
fn scoped_slug((citation, properties): &(Citation, Vec<u32>)) -> String {
    let mut slug = format!("{}-for", citation.slug());
    for property in properties {
        slug.push_str(&format!("-p{property}"));
    }
    slug
}

/// The Wikidata time string of a date: `+1917-04-00T00:00:00Z` for April 1917.
pub fn time_string(date: &PartialDate) -> String {
    format!(
        "+{:04}-{:02}-{:02}T00:00:00Z",
        date.year_number(),
        date.month_number().unwrap_or(0),
        date.day_number().unwrap_or(0)
    )
}

/// Wikidata's precision number: 9 year, 10 month, 11 day.
pub fn precision_number(precision: DatePrecision) -> i64 {
    match precision {
        DatePrecision::Year => 9,
        DatePrecision::Month => 10,
        DatePrecision::Day => 11,
    }
}

/// The simple RDF value: `YYYY-MM-DDT00:00:00Z` with missing parts as 01.
pub(super) fn simple_time(date: &PartialDate) -> Literal {
    let day = date.earliest_day();
    Literal::new_typed_literal(
        format!("{:04}-{:02}-{:02}T00:00:00Z", day.year, day.month, day.day),
        xsd::DATE_TIME,
    )
}

fn simple(value: &Value) -> Term {
    match value {
        Value::Item(item) => item.iri().into(),
        Value::Time(date) => simple_time(date).into(),
        Value::Text(text) => Literal::new_simple_literal(text).into(),
        Value::Monolingual(text, language) => {
            Literal::new_language_tagged_literal_unchecked(text, language).into()
        }
        Value::Url(url) => NamedNode::new_unchecked(url).into(),
    }
}

struct Writer<'a, S> {
    base: &'a BaseIri,
    /// Where the statements go.
    sink: S,
    values: BTreeSet<PartialDate>,
    /// The references written, each the citations of one source that one statement carries.
    references: BTreeSet<Vec<Citation>>,
    /// References that support only some values of their statement, with the properties
    /// of those values.
    scoped_references: BTreeSet<(Citation, Vec<u32>)>,
    /// Every property written, with the type of its values.
    properties: BTreeMap<u32, NamedNodeRef<'static>>,
}

impl<S: Sink> Writer<'_, S> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.sink.add(s, p, o.into());
    }

    fn value_node(&mut self, date: &PartialDate) -> NamedNode {
        self.values.insert(*date);
        self.base.entity(
            EntityKind::Value,
            &format!("time-{date}-p{}", precision_number(date.precision())),
        )
    }

    /// Writes `use:Pn value`, and the full value node where the value has one.
    fn value(
        &mut self,
        node: &NamedNode,
        simple_use: PropertyUse,
        value_use: PropertyUse,
        property: u32,
        value: &Value,
    ) {
        self.add(node, simple_use.iri(property).as_ref(), simple(value));
        self.properties
            .entry(property)
            .or_insert_with(|| property_type(value));
        if let Value::Time(date) = value {
            let value_node = self.value_node(date);
            self.add(node, value_use.iri(property).as_ref(), value_node);
        }
    }
}

/// The profile's quads in `graph`: terms, statements, value nodes and reference nodes.
pub fn to_quads(data: &Dataset, base: &BaseIri, graph: &GraphName) -> Vec<Quad> {
    let quads = Quads {
        graph: graph.clone(),
        quads: Vec::new(),
    };
    write(data, base, quads).quads
}

/// Writes the profile straight into a store's transaction, in `graph`, with no owned copy of
/// any subject or predicate.
pub fn insert_into(
    transaction: &mut oxigraph::store::Transaction<'_>,
    data: &Dataset,
    base: &BaseIri,
    graph: GraphNameRef<'_>,
) {
    write(data, base, Inserter { transaction, graph });
}

/// Writes every statement of the profile into `sink`, and returns it.
fn write<S: Sink>(data: &Dataset, base: &BaseIri, sink: S) -> S {
    let mut writer = Writer {
        base,
        sink,
        values: BTreeSet::new(),
        references: BTreeSet::new(),
        scoped_references: BTreeSet::new(),
        properties: BTreeMap::new(),
    };
    let entities = entities(data, base);
    let items: BTreeMap<&str, &Item> = entities.iter().map(|e| (e.id.as_str(), &e.item)).collect();
    sitelinks(data, &items, &mut writer);
    for entity in &entities {
        let s = entity.item.iri();
        writer.add(&s, rdf::TYPE, wikibase::ITEM);
        for (text, language) in std::iter::once((&entity.label_en, "en"))
            .chain(entity.label_ru.iter().map(|ru| (ru, "ru")))
        {
            let label = Literal::new_language_tagged_literal_unchecked(text, language);
            for predicate in [rdfs::LABEL, schema::NAME, skos::PREF_LABEL] {
                writer.add(&s, predicate, label.clone());
            }
        }
        writer.add(
            &s,
            schema::DESCRIPTION,
            Literal::new_language_tagged_literal_unchecked(&entity.description, "en"),
        );
        for alt in &entity.alt_labels {
            writer.add(
                &s,
                skos::ALT_LABEL,
                Literal::new_language_tagged_literal_unchecked(alt, "en"),
            );
        }
        for statement in &entity.statements {
            let best = statement.rank
                == entity
                    .statements
                    .iter()
                    .filter(|o| o.property == statement.property && o.rank != Rank::Deprecated)
                    .map(|o| o.rank)
                    .max()
                    .unwrap_or(Rank::Normal);
            let node = base.entity(EntityKind::Statement, &statement.node);
            writer.add(
                &s,
                PropertyUse::Claim.iri(statement.property).as_ref(),
                node.clone(),
            );
            writer.add(&node, rdf::TYPE, wikibase::STATEMENT);
            if best && statement.rank != Rank::Deprecated {
                writer.add(&node, rdf::TYPE, wikibase::BEST_RANK);
                writer.add(
                    &s,
                    PropertyUse::Direct.iri(statement.property).as_ref(),
                    simple(&statement.value),
                );
            }
            let rank = match statement.rank {
                Rank::Deprecated => wikibase::DEPRECATED_RANK,
                Rank::Normal => wikibase::NORMAL_RANK,
                Rank::Preferred => wikibase::PREFERRED_RANK,
            };
            writer.add(&node, wikibase::RANK, rank);
            writer.value(
                &node,
                PropertyUse::Statement,
                PropertyUse::StatementValue,
                statement.property,
                &statement.value,
            );
            for (property, value) in &statement.qualifiers {
                writer.value(
                    &node,
                    PropertyUse::Qualifier,
                    PropertyUse::QualifierValue,
                    *property,
                    value,
                );
            }
            // One reference per source: the footnotes of one article that support a
            // statement are one Wikidata reference (the same P143/P4656), with each
            // footnote on it, not several identical references.
            for group in by_source(&statement.references) {
                let reference = base.entity(EntityKind::Reference, &group_slug(&group));
                writer.add(&node, prov::WAS_DERIVED_FROM, reference);
                writer.references.insert(group);
            }
            for scoped in &statement.partial_references {
                let reference = base.entity(EntityKind::Reference, &scoped_slug(scoped));
                writer.scoped_references.insert(scoped.clone());
                writer.add(&node, prov::WAS_DERIVED_FROM, reference);
            }
        }
    }
    for date in std::mem::take(&mut writer.values) {
        let node = writer.value_node(&date);
        writer.add(&node, rdf::TYPE, wikibase::TIME_VALUE);
        writer.add(&node, wikibase::TIME_VALUE_PROPERTY, simple_time(&date));
        writer.add(
            &node,
            wikibase::TIME_PRECISION,
            Literal::from(precision_number(date.precision())),
        );
        writer.add(&node, wikibase::TIME_TIMEZONE, Literal::from(0_i64));
        writer.add(&node, wikibase::TIME_CALENDAR_MODEL, wd::GREGORIAN);
    }
    let scoped = std::mem::take(&mut writer.scoped_references);
    let references = std::mem::take(&mut writer.references)
        .into_iter()
        .map(|group| (group, Vec::new()))
        .chain(scoped.into_iter().map(|(c, p)| (vec![c], p)));
    for (group, properties) in references {
        let Some(citation) = group.first().cloned() else {
            continue;
        };
        let node = if properties.is_empty() {
            base.entity(EntityKind::Reference, &group_slug(&group))
        } else {
            base.entity(
                EntityKind::Reference,
                &scoped_slug(&(citation.clone(), properties.clone())),
            )
        };
        for property in &properties {
            writer.add(
                &node,
                cpsu::REFERENCE_SUPPORTS,
                NamedNode::new_unchecked(format!("{}P{property}", wd::NAMESPACE)),
            );
        }
        writer.add(&node, rdf::TYPE, wikibase::REFERENCE);
        for (property, value) in reference_values(data, &citation) {
            writer.value(
                &node,
                PropertyUse::Reference,
                PropertyUse::ReferenceValue,
                property,
                &value,
            );
        }
        for cited in &group {
            match cited.locator {
                Locator::Footnote(n) => {
                    writer.add(&node, cpsu::REFERENCE_FOOTNOTE, Literal::from(i64::from(n)))
                }
                Locator::Infobox => writer.add(
                    &node,
                    cpsu::REFERENCE_SECTION,
                    Literal::new_simple_literal("infobox"),
                ),
                Locator::Whole => {}
            }
        }
    }
    for (property, kind) in std::mem::take(&mut writer.properties) {
        property_entity(&mut writer, property, kind);
    }
    writer.sink
}

/// A statement's citations grouped by source, each group sorted.
fn by_source(citations: &[Citation]) -> Vec<Vec<Citation>> {
    let mut groups: BTreeMap<&str, BTreeSet<Citation>> = BTreeMap::new();
    for citation in citations {
        groups
            .entry(citation.source.as_str())
            .or_default()
            .insert(citation.clone());
    }
    groups
        .into_values()
        .map(|g| g.into_iter().collect())
        .collect()
}

/// The local name of a reference node for one source's citations: the citation's own slug
/// when there is one (`enwiki-gensec-fn-2`), else the source and each locator
/// (`enwiki-gensec-infobox-fn-2`).
fn group_slug(group: &[Citation]) -> String {
    match group {
        [one] => one.slug(),
        _ => {
            let mut slug = group.first().map(|c| c.source.clone()).unwrap_or_default();
            for citation in group {
                match citation.locator {
                    Locator::Footnote(n) => slug.push_str(&format!("-fn-{n}")),
                    Locator::Infobox => slug.push_str("-infobox"),
                    Locator::Whole => slug.push_str("-whole"),
                }
            }
            slug
        }
    }
}

/// The Wikibase type of a property, from a value it takes.
fn property_type(value: &Value) -> NamedNodeRef<'static> {
    match value {
        Value::Item(_) => wikibase::WIKIBASE_ITEM,
        Value::Time(_) => wikibase::TIME,
        Value::Text(_) => wikibase::STRING,
        Value::Monolingual(..) => wikibase::MONOLINGUALTEXT,
        Value::Url(_) => wikibase::URL,
    }
}

/// A property entity as the query service holds it: its type, label and the predicate of
/// each use, so that queries over property metadata (`?p wikibase:directClaim ?wdt`) work.
fn property_entity<S: Sink>(
    writer: &mut Writer<'_, S>,
    property: u32,
    kind: NamedNodeRef<'static>,
) {
    let entity = NamedNode::new_unchecked(format!("{}P{property}", wd::NAMESPACE));
    writer.add(&entity, rdf::TYPE, wikibase::PROPERTY);
    writer.add(&entity, wikibase::PROPERTY_TYPE, kind);
    if let Some(label) = property_label(property) {
        let label = Literal::new_language_tagged_literal_unchecked(label, "en");
        for predicate in [rdfs::LABEL, schema::NAME] {
            writer.add(&entity, predicate, label.clone());
        }
    }
    for (predicate, using) in [
        (wikibase::DIRECT_CLAIM, PropertyUse::Direct),
        (wikibase::CLAIM, PropertyUse::Claim),
        (wikibase::STATEMENT_PROPERTY, PropertyUse::Statement),
        (wikibase::STATEMENT_VALUE, PropertyUse::StatementValue),
        (wikibase::QUALIFIER, PropertyUse::Qualifier),
        (wikibase::QUALIFIER_VALUE, PropertyUse::QualifierValue),
        (wikibase::REFERENCE_PROPERTY, PropertyUse::Reference),
        (wikibase::REFERENCE_VALUE, PropertyUse::ReferenceValue),
    ] {
        writer.add(&entity, predicate, using.iri(property));
    }
    writer.add(
        &entity,
        wikibase::NOVALUE,
        NamedNode::new_unchecked(format!("http://www.wikidata.org/prop/novalue/P{property}")),
    );
}

/// The sitelinks: each English Wikipedia article the data cites that is about an item
/// with a Wikidata id, as the query service writes it.
fn sitelinks<S: Sink>(data: &Dataset, items: &BTreeMap<&str, &Item>, writer: &mut Writer<'_, S>) {
    const WIKI: &str = "https://en.wikipedia.org/";
    for source in data.sources.values() {
        let Some(Item::Wikidata(q)) = source.about.as_deref().and_then(|a| items.get(a).copied())
        else {
            continue;
        };
        let Some(title) = source.url.strip_prefix("https://en.wikipedia.org/wiki/") else {
            continue;
        };
        let article = NamedNode::new_unchecked(&source.url);
        writer.add(&article, rdf::TYPE, schema::ARTICLE);
        writer.add(
            &article,
            schema::ABOUT,
            NamedNode::new_unchecked(format!("{}{q}", wd::NAMESPACE)),
        );
        writer.add(&article, schema::IS_PART_OF, NamedNode::new_unchecked(WIKI));
        writer.add(
            &article,
            schema::IN_LANGUAGE,
            Literal::new_simple_literal("en"),
        );
        if !title.contains('%') {
            writer.add(
                &article,
                schema::NAME,
                Literal::new_language_tagged_literal_unchecked(title.replace('_', " "), "en"),
            );
        }
    }
}
