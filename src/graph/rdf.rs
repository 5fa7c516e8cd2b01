//! Mapping the domain model to RDF triples.
//!
//! The mapping follows the interop contract in `docs/data-format.md`: standard terms
//! (schema.org, FOAF, ORG, OWL-Time, PROV-O) carry every fact, and the project's own
//! `cpsu:` terms are added beside them. Every node gets an IRI under the [`BaseIri`]; there
//! are no blank nodes.
//!
//! Every dated or titled field becomes one claim node per value, carrying the value, its
//! precision, the first and last day it may stand for, and the citations behind it. Where
//! sources disagree, each value is its own claim, marked `cpsu:disputed true`.
//!
//! ```
//! use cpsu_kg::graph::rdf::to_triples;
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let base = BaseIri::default();
//! let triples = to_triples(&data, &base);
//! assert!(triples.iter().any(|t| t.subject.to_string() == "<https://w3id.org/cpsu-kg/person/stalin>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::{DatePrecision, PartialDate};
use crate::data::model::{Citation, Claim, CongressKind, Dataset, Entity, Locator, Nature, Source};
use crate::graph::vocab::{
    BaseIri, EntityKind, cpsu, dcterms, foaf, org, owl, prov, rdf, rdfs, schema, skos, time, wd,
    xsd,
};
use crate::parallel::Thresholds;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term, Triple,
};
use std::collections::BTreeSet;

/// The literal for a partial date: `xsd:date`, `xsd:gYearMonth` or `xsd:gYear`.
pub fn date_literal(date: &PartialDate) -> Literal {
    let datatype = match date.precision() {
        DatePrecision::Day => xsd::DATE,
        DatePrecision::Month => xsd::G_YEAR_MONTH,
        DatePrecision::Year => xsd::G_YEAR,
    };
    Literal::new_typed_literal(date.to_string(), datatype)
}

fn day_literal(day: crate::data::date::Day) -> Literal {
    Literal::new_typed_literal(day.to_string(), xsd::DATE)
}

fn en(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

/// Maps the dataset to triples, in no particular order.
pub fn to_triples(data: &Dataset, base: &BaseIri) -> Vec<Triple> {
    to_quads(data, base, &GraphName::DefaultGraph)
        .into_iter()
        .map(Triple::from)
        .collect()
}

/// Maps the dataset to quads in `graph`, in no particular order: what a store or an export
/// takes, without building every triple first and moving it into a quad after. Runs on
/// two threads past [`Thresholds::MEASURED`]; see [`to_quads_with`].
pub fn to_quads(data: &Dataset, base: &BaseIri, graph: &GraphName) -> Vec<Quad> {
    to_quads_with(data, base, graph, &Thresholds::MEASURED)
}

/// [`to_quads`] with the parallel threshold given. The mapping itself is one plain pass
/// over the records; for a large data set this wrapper runs its two halves (persons to
/// offices, tenures to places) on two threads, since records of one kind do not depend on
/// another kind's triples and most of the time goes into allocating terms. The quads are
/// the same either way, in the same order.
pub fn to_quads_with(
    data: &Dataset,
    base: &BaseIri,
    graph: &GraphName,
    thresholds: &Thresholds,
) -> Vec<Quad> {
    let new_graph = || Graph {
        base,
        data,
        sink: Quads {
            graph: graph.clone(),
            quads: Vec::new(),
        },
        citations: BTreeSet::new(),
    };
    // Half the records are tenures, congresses, events and places.
    let large = is_large(data, thresholds);
    let (second, mut first) = crate::parallel::join(
        large,
        || {
            let mut part = new_graph();
            part.second_half();
            part
        },
        || {
            let mut part = new_graph();
            part.first_half();
            part
        },
    );
    first.sink.quads.extend(second.sink.quads);
    first.citations.extend(second.citations);
    first.citations();
    first.sink.quads
}

/// Whether a data set is large enough to map on two threads.
pub fn is_large(data: &Dataset, thresholds: &Thresholds) -> bool {
    data.tenures.len() + data.events.len() > thresholds.map_records
}

/// Maps the dataset straight into a store's transaction, in `graph`: no owned copy of any
/// subject or predicate is made, which is most of the mapping's work on a small data set.
pub fn insert_into(
    transaction: &mut oxigraph::store::Transaction<'_>,
    data: &Dataset,
    base: &BaseIri,
    graph: GraphNameRef<'_>,
) {
    let mut all = Graph {
        base,
        data,
        sink: Inserter { transaction, graph },
        citations: BTreeSet::new(),
    };
    all.first_half();
    all.second_half();
    all.citations();
}

/// Where mapped statements go.
pub(crate) trait Sink {
    /// Takes one statement.
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: Term);
}

/// Statements collected as owned quads in one graph.
pub(crate) struct Quads {
    pub(crate) graph: GraphName,
    pub(crate) quads: Vec<Quad>,
}

impl Sink for Quads {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: Term) {
        self.quads
            .push(Quad::new(s.clone(), p.into_owned(), o, self.graph.clone()));
    }
}

/// Statements inserted into a store as they are made.
pub(crate) struct Inserter<'a, 'b> {
    pub(crate) transaction: &'a mut oxigraph::store::Transaction<'b>,
    pub(crate) graph: GraphNameRef<'a>,
}

impl Sink for Inserter<'_, '_> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: Term) {
        self.transaction
            .insert(QuadRef::new(s, p, o.as_ref(), self.graph));
    }
}

/// How to write one kind of claimed value.
trait ClaimValue {
    fn literal(&self) -> Literal;
    fn disagrees(&self, other: &Self) -> bool;
    /// Whether this value is a more precise form of `coarser` (1964-10-14 of 1964).
    fn refines(&self, coarser: &Self) -> bool;
    fn describe<S: Sink>(&self, graph: &mut Graph<'_, S>, claim: &NamedNode);
}

impl ClaimValue for PartialDate {
    fn literal(&self) -> Literal {
        date_literal(self)
    }
    fn disagrees(&self, other: &Self) -> bool {
        PartialDate::disagrees(self, other)
    }
    fn refines(&self, coarser: &Self) -> bool {
        PartialDate::refines(self, coarser)
    }
    fn describe<S: Sink>(&self, graph: &mut Graph<'_, S>, claim: &NamedNode) {
        graph.add(claim, rdf::TYPE, cpsu::DATE_CLAIM);
        graph.add(claim, rdf::TYPE, time::INSTANT);
        let in_xsd = match self.precision() {
            DatePrecision::Day => time::IN_XSD_DATE,
            DatePrecision::Month => time::IN_XSD_G_YEAR_MONTH,
            DatePrecision::Year => time::IN_XSD_G_YEAR,
        };
        graph.add(claim, in_xsd, self.literal());
        graph.add(
            claim,
            cpsu::PRECISION,
            Literal::new_simple_literal(self.precision().as_str()),
        );
        graph.add(claim, cpsu::EARLIEST_DAY, day_literal(self.earliest_day()));
        graph.add(claim, cpsu::LATEST_DAY, day_literal(self.latest_day()));
    }
}

impl ClaimValue for String {
    fn literal(&self) -> Literal {
        en(self)
    }
    fn disagrees(&self, other: &Self) -> bool {
        self != other
    }
    fn refines(&self, _: &Self) -> bool {
        false
    }
    fn describe<S: Sink>(&self, _: &mut Graph<'_, S>, _: &NamedNode) {}
}

struct Graph<'a, S> {
    base: &'a BaseIri,
    data: &'a Dataset,
    /// Where the statements go.
    sink: S,
    /// Every citation used, so each gets its node once.
    citations: BTreeSet<Citation>,
}

impl<S: Sink> Graph<'_, S> {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.sink.add(s, p, o.into());
    }

    /// Sources, persons, organizations and offices.
    fn first_half(&mut self) {
        self.sources();
        self.persons();
        self.organizations();
        self.offices();
    }

    /// Tenures, congresses, events and places.
    fn second_half(&mut self) {
        self.tenures();
        self.congresses();
        self.events();
        self.places();
    }

    fn node(&self, kind: EntityKind, id: &str) -> NamedNode {
        self.base.entity(kind, id)
    }

    fn cite(&mut self, subject: &NamedNode, cite: &[Citation]) {
        for citation in cite {
            let node = self.node(EntityKind::Citation, &citation.slug());
            self.add(subject, prov::WAS_DERIVED_FROM, node);
            self.citations.insert(citation.clone());
        }
    }

    fn entity(&mut self, subject: &NamedNode, entity: &Entity, types: &[NamedNodeRef<'_>]) {
        for class in types {
            self.add(subject, rdf::TYPE, *class);
        }
        if !entity.label_en.is_empty() {
            self.add(subject, rdfs::LABEL, en(&entity.label_en));
        }
        if let Some(ru) = &entity.label_ru {
            let label = Literal::new_language_tagged_literal_unchecked(ru, "ru");
            self.add(subject, rdfs::LABEL, label.clone());
            // The Russian name carries its own support: a claim with the citations of a
            // source that gives it, or who wrote it. The record's citations are for the
            // record, and most of its sources give no Russian name.
            if !entity.label_ru_cite.is_empty() {
                let node = self.node(EntityKind::Claim, &format!("{}-label-ru", entity.id));
                self.add(&node, rdf::TYPE, cpsu::CLAIM);
                self.add(&node, cpsu::CLAIM_SUBJECT, subject.clone());
                self.add(&node, cpsu::CLAIM_PROPERTY, rdfs::LABEL.into_owned());
                self.add(&node, cpsu::CLAIMED_VALUE, label);
                self.add(&node, cpsu::DISPUTED, Literal::from(false));
                self.cite(&node, &entity.label_ru_cite);
            }
            if let Some(by) = &entity.label_ru_by {
                self.add(subject, cpsu::RUSSIAN_LABEL_AUTHOR, en(by));
            }
        }
        for alt in &entity.alt_labels {
            self.add(subject, skos::ALT_LABEL, en(&alt.value));
            // Like the Russian name, each other name carries its own support: a claim with
            // the citations of a source that gives it, or who wrote it.
            let node = self.node(
                EntityKind::Claim,
                &format!("{}-alt-label-{}", entity.id, alt.slug()),
            );
            self.add(&node, rdf::TYPE, cpsu::CLAIM);
            self.add(&node, cpsu::CLAIM_SUBJECT, subject.clone());
            self.add(&node, cpsu::CLAIM_PROPERTY, skos::ALT_LABEL.into_owned());
            self.add(&node, cpsu::CLAIMED_VALUE, en(&alt.value));
            self.add(&node, cpsu::DISPUTED, Literal::from(false));
            self.cite(&node, &alt.cite);
            if let Some(by) = &alt.by {
                self.add(&node, cpsu::VALUE_AUTHOR, en(by));
            }
        }
        self.add(subject, schema::DESCRIPTION, en(&entity.description));
        if let Some(q) = &entity.wikidata {
            self.add(
                subject,
                owl::SAME_AS,
                NamedNode::new_unchecked(format!("{}{q}", wd::NAMESPACE)),
            );
            if let Some(how) = &entity.wikidata_source {
                self.add(subject, cpsu::IDENTIFIER_MATCHED_BY, en(how));
            }
        }
        if let Some(note) = &entity.note {
            self.add(subject, cpsu::NOTE, en(note));
        }
        self.cite(subject, &entity.cite);
    }

    fn link(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        kind: EntityKind,
        ids: &[String],
    ) {
        for id in ids {
            let object = self.node(kind, id);
            self.add(subject, predicate, object);
        }
    }

    fn link_one(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        kind: EntityKind,
        id: Option<&String>,
    ) {
        if let Some(id) = id {
            let object = self.node(kind, id);
            self.add(subject, predicate, object);
        }
    }

    /// Writes a claimed field: one claim node per value, and the plain triple for each value
    /// that no other claim of the field refines, so that a simple query finds one value per
    /// fact (1964-10-14, not also 1964) and disputed values side by side. A refined claim
    /// keeps its node and citation, with `cpsu:refinedBy` the claim that refines it.
    /// Returns the claim nodes, for intervals that point at them.
    fn claims<T: ClaimValue>(
        &mut self,
        subject: &NamedNode,
        record: &str,
        role: &str,
        predicate: NamedNodeRef<'_>,
        claims: &[Claim<T>],
    ) -> Vec<NamedNode> {
        let name = |index: usize| {
            if claims.len() == 1 {
                format!("{record}-{role}")
            } else {
                format!("{record}-{role}-{}", index + 1)
            }
        };
        let mut nodes = Vec::new();
        for (index, claim) in claims.iter().enumerate() {
            let node = self.node(EntityKind::Claim, &name(index));
            let finer: Vec<usize> = (0..claims.len())
                .filter(|&other| {
                    claims[other].same_reading(claim) && claims[other].value.refines(&claim.value)
                })
                .collect();
            if finer.is_empty() {
                self.add(subject, predicate, claim.value.literal());
            }
            for other in finer {
                let finer_node = self.node(EntityKind::Claim, &name(other));
                self.add(&node, cpsu::REFINED_BY, finer_node);
            }
            self.add(&node, rdf::TYPE, cpsu::CLAIM);
            self.add(&node, cpsu::CLAIM_SUBJECT, subject.clone());
            self.add(&node, cpsu::CLAIM_PROPERTY, predicate.into_owned());
            self.add(&node, cpsu::CLAIMED_VALUE, claim.value.literal());
            claim.value.describe(self, &node);
            let disputed = claims
                .iter()
                .any(|other| other.value.disagrees(&claim.value));
            self.add(&node, cpsu::DISPUTED, Literal::from(disputed));
            if let Some(julian) = &claim.julian {
                self.add(
                    &node,
                    cpsu::JULIAN_DATE,
                    Literal::new_simple_literal(julian.to_string()),
                );
            }
            if let Some(note) = &claim.note {
                self.add(&node, cpsu::NOTE, en(note));
            }
            if let Some(office) = &claim.names_office {
                let office = self.node(EntityKind::Office, office);
                self.add(&node, cpsu::NAMES_OFFICE, office);
            }
            self.cite(&node, &claim.cite);
            nodes.push(node);
        }
        nodes
    }

    fn sources(&mut self) {
        for source in self.data.sources.values() {
            let s = self.node(EntityKind::Source, &source.entity.id);
            self.entity(&s, &source.entity, &[cpsu::SOURCE, schema::CREATIVE_WORK]);
            self.add(&s, schema::URL, NamedNode::new_unchecked(&source.url));
            self.add(
                &s,
                schema::IN_LANGUAGE,
                Literal::new_simple_literal(&source.language),
            );
            if let Some(version) = &source.version {
                self.add(&s, schema::VERSION, en(version));
            }
            if source.footnotes > 0 {
                self.add(
                    &s,
                    cpsu::FOOTNOTE_COUNT,
                    Literal::from(i64::from(source.footnotes)),
                );
            }
        }
    }

    fn persons(&mut self) {
        for person in self.data.persons.values() {
            let id = &person.entity.id;
            let s = self.node(EntityKind::Person, id);
            self.entity(
                &s,
                &person.entity,
                &[cpsu::PERSON, schema::PERSON, foaf::PERSON],
            );
            self.claims(&s, id, "born", schema::BIRTH_DATE, &person.born);
            self.claims(&s, id, "died", schema::DEATH_DATE, &person.died);
        }
    }

    fn organizations(&mut self) {
        for organization in self.data.organizations.values() {
            let id = &organization.entity.id;
            let s = self.node(EntityKind::Organization, id);
            let mut types = vec![cpsu::ORGANIZATION, org::ORGANIZATION];
            if organization.country {
                types.push(schema::COUNTRY);
            }
            self.entity(&s, &organization.entity, &types);
            self.link(
                &s,
                org::SUB_ORGANIZATION_OF,
                EntityKind::Organization,
                &organization.part_of,
            );
            self.link(
                &s,
                cpsu::REPLACES,
                EntityKind::Organization,
                &organization.replaces,
            );
            for replaced in &organization.replaces {
                let r = self.node(EntityKind::Organization, replaced);
                self.add(&r, cpsu::REPLACED_BY, s.clone());
            }
            self.link(
                &s,
                schema::FOUNDER,
                EntityKind::Person,
                &organization.founders,
            );
            self.claims(
                &s,
                id,
                "founded",
                schema::FOUNDING_DATE,
                &organization.founded,
            );
            self.claims(
                &s,
                id,
                "dissolved",
                schema::DISSOLUTION_DATE,
                &organization.dissolved,
            );
        }
    }

    fn offices(&mut self) {
        for office in self.data.offices.values() {
            let id = &office.entity.id;
            let s = self.node(EntityKind::Office, id);
            self.entity(&s, &office.entity, &[cpsu::OFFICE, org::POST]);
            self.link_one(
                &s,
                org::POST_IN,
                EntityKind::Organization,
                Some(&office.organization),
            );
            self.link_one(
                &s,
                cpsu::INCARNATION_OF,
                EntityKind::Office,
                office.lineage.as_ref(),
            );
            self.claims(&s, id, "formed", cpsu::FORMED, &office.formed);
            self.claims(&s, id, "abolished", cpsu::ABOLISHED, &office.abolished);
            for (predecessors, forward, backward) in [
                (&office.replaces, cpsu::REPLACES, cpsu::REPLACED_BY),
                (&office.renamed_from, cpsu::RENAMED_FROM, cpsu::RENAMED_TO),
            ] {
                for previous in predecessors {
                    let p = self.node(EntityKind::Office, previous);
                    self.add(&s, forward, p.clone());
                    self.add(&p, backward, s.clone());
                }
            }
            self.link_one(
                &s,
                cpsu::APPOINTED_BY,
                EntityKind::Organization,
                office.appointed_by.as_ref(),
            );
            self.link_one(
                &s,
                cpsu::DEPUTY_OFFICE,
                EntityKind::Office,
                office.deputy.as_ref(),
            );
            self.link(
                &s,
                cpsu::MEMBER_OF,
                EntityKind::Organization,
                &office.member_of,
            );
            self.link_one(
                &s,
                cpsu::RESIDENCE,
                EntityKind::Place,
                office.residence.as_ref(),
            );
            self.link_one(&s, cpsu::SEAT, EntityKind::Place, office.seat.as_ref());
            self.link_one(
                &s,
                cpsu::JURISDICTION,
                EntityKind::Organization,
                office.jurisdiction.as_ref(),
            );
            self.claims(&s, id, "style", cpsu::STYLE, &office.style);
            self.claims(&s, id, "status", cpsu::STATUS, &office.status);
            self.claims(
                &s,
                id,
                "constituting-instrument",
                cpsu::CONSTITUTING_INSTRUMENT,
                &office.constituting_instrument,
            );
            self.link(
                &s,
                cpsu::FIRST_HOLDER,
                EntityKind::Person,
                &office.first_holders,
            );
            self.link(
                &s,
                cpsu::FINAL_HOLDER,
                EntityKind::Person,
                &office.final_holders,
            );
            // Holders of an incarnation also held the office as a whole.
            let holders: BTreeSet<&String> = self
                .data
                .tenures
                .values()
                .filter(|t| {
                    t.office == *id
                        || self
                            .data
                            .offices
                            .get(&t.office)
                            .and_then(|o| o.lineage.as_ref())
                            == Some(id)
                })
                .map(|t| &t.person)
                .collect();
            for person in holders {
                let p = self.node(EntityKind::Person, person);
                self.add(&s, org::HELD_BY, p);
            }
        }
    }

    fn tenures(&mut self) {
        for tenure in self.data.tenures.values() {
            let id = &tenure.entity.id;
            let s = self.node(EntityKind::Tenure, id);
            let office = self.data.offices.get(&tenure.office);
            let mut entity = tenure.entity.clone();
            if entity.label_en.is_empty() {
                let person = self
                    .data
                    .persons
                    .get(&tenure.person)
                    .map_or(tenure.person.as_str(), |p| p.entity.label_en.as_str());
                let title = tenure
                    .title
                    .first()
                    .map(|c| c.value.as_str())
                    .or(office.map(|o| o.entity.label_en.as_str()))
                    .unwrap_or(tenure.office.as_str());
                entity.label_en = format!("{person} as {title}");
            }
            self.entity(&s, &entity, &[cpsu::TENURE, org::MEMBERSHIP]);
            let person = self.node(EntityKind::Person, &tenure.person);
            let office_node = self.node(EntityKind::Office, &tenure.office);
            self.add(&s, org::MEMBER, person.clone());
            self.add(&s, cpsu::OFFICE_PROPERTY, office_node.clone());
            self.add(&person, org::HOLDS, office_node);
            if let Some(office) = office {
                let organization = self.node(EntityKind::Organization, &office.organization);
                self.add(&s, org::ORGANIZATION_PROPERTY, organization);
            }
            self.add(
                &s,
                cpsu::ACTING,
                Literal::from(tenure.nature == Nature::Acting),
            );
            self.add(
                &s,
                cpsu::DE_FACTO,
                Literal::from(tenure.nature == Nature::DeFacto),
            );
            self.claims(&s, id, "title", cpsu::TITLE_HELD, &tenure.title);
            let starts = self.claims(&s, id, "start", schema::START_DATE, &tenure.start);
            let ends = self.claims(&s, id, "end", schema::END_DATE, &tenure.end);
            self.claims(&s, id, "held", cpsu::HELD_ON, &tenure.held);
            self.link_one(
                &s,
                cpsu::DE_FACTO_OF,
                EntityKind::Office,
                tenure.de_facto_of.as_ref(),
            );
            let interval = self.node(EntityKind::Interval, id);
            self.add(&s, org::MEMBER_DURING, interval.clone());
            self.add(&interval, rdf::TYPE, time::INTERVAL);
            for start in starts {
                self.add(&interval, time::HAS_BEGINNING, start);
            }
            for end in ends {
                self.add(&interval, time::HAS_END, end);
            }
            self.link_one(
                &s,
                cpsu::PREDECESSOR,
                EntityKind::Tenure,
                tenure.predecessor.as_ref(),
            );
            self.link_one(
                &s,
                cpsu::SUCCESSOR,
                EntityKind::Tenure,
                tenure.successor.as_ref(),
            );
        }
    }

    fn congresses(&mut self) {
        for congress in self.data.congresses.values() {
            let id = &congress.entity.id;
            let s = self.node(EntityKind::Congress, id);
            let class = match congress.kind {
                CongressKind::Congress => cpsu::CONGRESS,
                CongressKind::Plenum => cpsu::PLENUM,
            };
            self.entity(&s, &congress.entity, &[class, schema::EVENT]);
            if let Some(ordinal) = congress.ordinal {
                self.add(&s, cpsu::ORDINAL, Literal::from(i64::from(ordinal)));
            }
            self.link_one(
                &s,
                schema::ORGANIZER,
                EntityKind::Organization,
                Some(&congress.organizer),
            );
            self.claims(&s, id, "start", schema::START_DATE, &congress.start);
            self.claims(&s, id, "end", schema::END_DATE, &congress.end);
            self.link_one(
                &s,
                schema::LOCATION,
                EntityKind::Place,
                congress.location.as_ref(),
            );
        }
    }

    fn events(&mut self) {
        for event in self.data.events.values() {
            let id = &event.entity.id;
            let s = self.node(EntityKind::Event, id);
            self.entity(&s, &event.entity, &[cpsu::HISTORICAL_EVENT, schema::EVENT]);
            self.claims(&s, id, "date", schema::START_DATE, &event.date);
            self.claims(&s, id, "end", schema::END_DATE, &event.end);
            if let Some(period) = &event.period {
                self.add(&s, cpsu::DATE_DESCRIPTION, en(period));
            }
            self.link(
                &s,
                cpsu::PARTICIPANT,
                EntityKind::Person,
                &event.participants,
            );
            self.link(&s, cpsu::AFFECTS_OFFICE, EntityKind::Office, &event.offices);
            self.link(
                &s,
                cpsu::AFFECTS_ORGANIZATION,
                EntityKind::Organization,
                &event.organizations,
            );
            self.link_one(
                &s,
                schema::SUPER_EVENT,
                EntityKind::Congress,
                event.congress.as_ref(),
            );
            self.link_one(
                &s,
                schema::LOCATION,
                EntityKind::Place,
                event.location.as_ref(),
            );
            self.link(&s, cpsu::STARTS_TENURE, EntityKind::Tenure, &event.starts);
            self.link(&s, cpsu::ENDS_TENURE, EntityKind::Tenure, &event.ends);
        }
    }

    fn places(&mut self) {
        for place in self.data.places.values() {
            let s = self.node(EntityKind::Place, &place.entity.id);
            self.entity(&s, &place.entity, &[cpsu::PLACE, schema::PLACE]);
            self.link_one(
                &s,
                schema::CONTAINED_IN_PLACE,
                EntityKind::Place,
                place.contained_in.as_ref(),
            );
        }
    }

    fn citations(&mut self) {
        let citations = std::mem::take(&mut self.citations);
        for citation in &citations {
            let s = self.node(EntityKind::Citation, &citation.slug());
            let source = self.data.sources.get(&citation.source);
            let title = source.map_or(citation.source.as_str(), |s: &Source| {
                s.entity.label_en.as_str()
            });
            let label = match citation.locator {
                Locator::Whole => title.to_owned(),
                Locator::Infobox => format!("{title}, infobox"),
                Locator::Footnote(n) => format!("{title}, footnote {n}"),
            };
            self.add(&s, rdf::TYPE, cpsu::CITATION);
            self.add(&s, rdf::TYPE, prov::ENTITY);
            self.add(&s, rdfs::LABEL, en(&label));
            let source_node = self.node(EntityKind::Source, &citation.source);
            self.add(&s, dcterms::SOURCE, source_node);
            match citation.locator {
                Locator::Whole => {}
                Locator::Infobox => {
                    self.add(&s, cpsu::SECTION, Literal::new_simple_literal("infobox"));
                }
                Locator::Footnote(n) => {
                    self.add(&s, cpsu::FOOTNOTE, Literal::from(i64::from(n)));
                }
            }
        }
    }
}
