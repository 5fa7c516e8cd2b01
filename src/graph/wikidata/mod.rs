//! The Wikidata profile: the dataset as Wikibase statements, written in the RDF model the
//! Wikidata Query Service indexes, so that WDQS-style queries run on it unchanged.
//!
//! [`entities`] turns the dataset into [`WikiEntity`]s, each with full [`Statement`]s
//! (value, qualifiers, references, rank). [`to_quads`] writes them in the Wikibase RDF
//! model, and [`crate::output::quickstatements`] writes the same statements as QuickStatements, so
//! both outputs come from one source.
//!
//! Entities with a verified Wikidata id are `wd:Q…`; the others keep their project IRI.
//! Statement, value and reference nodes get deterministic project IRIs, never `wds:` or
//! `wdref:` and never blank nodes. Where sources disagree, each claim becomes its own
//! statement with its own references; all are normal rank, so every one is best rank.
//!
//! ```
//! use cpsu_kg::graph::vocab::BaseIri;
//! use cpsu_kg::graph::wikidata::{entities, Item, Value};
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let gorbachev = entities(&data, &BaseIri::default())
//!     .into_iter()
//!     .find(|e| e.id == "gorbachev")
//!     .expect("Gorbachev is in the graph");
//! let p39: Vec<_> = gorbachev.statements.iter().filter(|s| s.property == 39).collect();
//! // Two sources disagree on his first day as General Secretary: two P39 statements.
//! assert_eq!(p39.iter().filter(|s| s.value == Value::Item(Item::Wikidata("Q1048744".into()))).count(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::PartialDate;
use crate::data::model::{
    Citation, Claim, CongressKind, Dataset, Entity, Nature, Tenure, unrefined,
};
mod rdf;

pub use rdf::{insert_into, precision_number, time_string, to_quads};

use crate::graph::vocab::BaseIri;
use crate::graph::vocab::{EntityKind, cpsu, wd};
use oxigraph::model::{NamedNode, NamedNodeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The Wikidata properties the profile uses.
pub mod property {
    /// instance of
    pub const INSTANCE_OF: u32 = 31;
    /// position held
    pub const POSITION_HELD: u32 = 39;
    /// founded by
    pub const FOUNDED_BY: u32 = 112;
    /// imported from Wikimedia project
    pub const IMPORTED_FROM: u32 = 143;
    /// stated in
    pub const STATED_IN: u32 = 248;
    /// location
    pub const LOCATION: u32 = 276;
    /// part of
    pub const PART_OF: u32 = 361;
    /// member of
    pub const MEMBER_OF: u32 = 463;
    /// has part(s)
    pub const HAS_PARTS: u32 = 527;
    /// official residence (of a position; P551 is a person's residence)
    pub const OFFICIAL_RESIDENCE: u32 = 263;
    /// date of birth
    pub const DATE_OF_BIRTH: u32 = 569;
    /// date of death
    pub const DATE_OF_DEATH: u32 = 570;
    /// inception
    pub const INCEPTION: u32 = 571;
    /// dissolved, abolished or demolished date
    pub const DISSOLVED: u32 = 576;
    /// start time
    pub const START_TIME: u32 = 580;
    /// end time
    pub const END_TIME: u32 = 582;
    /// point in time
    pub const POINT_IN_TIME: u32 = 585;
    /// participant
    pub const PARTICIPANT: u32 = 710;
    /// appointed by
    pub const APPOINTED_BY: u32 = 748;
    /// significant event
    pub const SIGNIFICANT_EVENT: u32 = 793;
    /// retrieved
    pub const RETRIEVED: u32 = 813;
    /// reference URL
    pub const REFERENCE_URL: u32 = 854;
    /// applies to jurisdiction
    pub const JURISDICTION: u32 = 1001;
    /// officeholder
    pub const OFFICEHOLDER: u32 = 1308;
    /// replaces
    pub const REPLACES: u32 = 1365;
    /// replaced by
    pub const REPLACED_BY: u32 = 1366;
    /// series ordinal
    pub const SERIES_ORDINAL: u32 = 1545;
    /// native label
    pub const NATIVE_LABEL: u32 = 1705;
    /// object named as
    pub const OBJECT_NAMED_AS: u32 = 1932;
    /// substitute/deputy/replacement of office/officeholder
    pub const DEPUTY: u32 = 2098;
    /// organization directed by the office or position
    pub const ORGANIZATION_DIRECTED: u32 = 2389;
    /// Wikimedia import URL
    pub const WIKIMEDIA_IMPORT_URL: u32 = 4656;
    /// nature of statement
    pub const NATURE_OF_STATEMENT: u32 = 5102;
}

/// The English label of a property the profile uses, as Wikidata gives it.
pub fn property_label(number: u32) -> Option<&'static str> {
    Some(match number {
        31 => "instance of",
        39 => "position held",
        112 => "founded by",
        143 => "imported from Wikimedia project",
        248 => "stated in",
        263 => "official residence",
        276 => "location",
        361 => "part of",
        463 => "member of",
        527 => "has part(s)",
        569 => "date of birth",
        570 => "date of death",
        571 => "inception",
        576 => "dissolved, abolished or demolished date",
        580 => "start time",
        582 => "end time",
        585 => "point in time",
        710 => "participant",
        748 => "appointed by",
        793 => "significant event",
        813 => "retrieved",
        854 => "reference URL",
        1001 => "applies to jurisdiction",
        1308 => "officeholder",
        1365 => "replaces",
        1366 => "replaced by",
        1545 => "series ordinal",
        1705 => "native label",
        1932 => "object named as",
        2098 => "substitute/deputy/replacement of office/officeholder",
        2389 => "organization directed by the office or position",
        4656 => "Wikimedia import URL",
        5102 => "nature of statement",
        _ => return None,
    })
}

use property as p;

/// An item a statement is about or points to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A Wikidata item with a verified id, such as `Q855`.
    Wikidata(String),
    /// An entity with no verified Wikidata id, or a project class, by its IRI.
    Project(NamedNode),
}

impl Item {
    /// The item's IRI.
    pub fn iri(&self) -> NamedNode {
        match self {
            Self::Wikidata(q) => NamedNode::new_unchecked(format!("{}{q}", wd::NAMESPACE)),
            Self::Project(iri) => iri.clone(),
        }
    }
}

/// A statement's value, a qualifier's value, or a reference's value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// An item.
    Item(Item),
    /// A point in time at the precision of the data, Gregorian.
    Time(PartialDate),
    /// A plain string.
    Text(String),
    /// A text in one language.
    Monolingual(String, String),
    /// A URL.
    Url(String),
}

/// The rank of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// Known to be wrong.
    Deprecated,
    /// The ordinary rank.
    Normal,
    /// Preferred over the others.
    Preferred,
}

/// One Wikibase statement with its qualifiers and references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The local name of the statement node.
    pub node: String,
    /// The property number, 39 for P39.
    pub property: u32,
    /// The main value.
    pub value: Value,
    /// The qualifiers, in a fixed order.
    pub qualifiers: Vec<(u32, Value)>,
    /// The citations that support the whole statement, each written as one reference.
    pub references: Vec<Citation>,
    /// Where no source supports the whole statement: each citation with the properties of
    /// the values it does support (39 for a P39 statement's main value, 580 for its start…),
    /// written as a reference that says so with `cpsu:referenceSupports`.
    pub partial_references: Vec<(Citation, Vec<u32>)>,
    /// The rank.
    pub rank: Rank,
}

/// An entity of the profile with its terms and statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiEntity {
    /// The record id in the data.
    pub id: String,
    /// The item.
    pub item: Item,
    /// The English label.
    pub label_en: String,
    /// The Russian label.
    pub label_ru: Option<String>,
    /// The English description.
    pub description: String,
    /// Other English names.
    pub alt_labels: Vec<String>,
    /// The statements.
    pub statements: Vec<Statement>,
}

/// The values of a field that no other claim refines, each with its own citations only: a
/// vaguer claim it refines (1964 against 1964-10-14) does not lend it its sources, since
/// they do not give the day.
///
/// A claim cited only to an older copy of a page (a source with a `version`) is left out:
/// a Wikidata reference would point at the live page, which says otherwise. `withheld`
/// lists those claims for the editor.
fn date_variants(
    data: &Dataset,
    claims: &[Claim<PartialDate>],
) -> Vec<(PartialDate, Vec<Citation>)> {
    unrefined(claims)
        .filter(|c| !data.only_older_copies(&c.cite))
        .map(|c| (c.value, c.cite.clone()))
        .collect()
}

/// A value the Wikidata profile leaves out because only an older copy of a page gives it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Withheld {
    /// The record, by id.
    pub record: String,
    /// The field of the data the value is in.
    pub field: &'static str,
    /// The value as written.
    pub value: String,
    /// The sources it is cited to, each with the copy it means.
    pub sources: Vec<String>,
}

/// Every value the Wikidata profile leaves out because it is cited only to older copies,
/// in record order: QuickStatements reports them instead of uploading them.
pub fn withheld(data: &Dataset) -> Vec<Withheld> {
    let mut out = Vec::new();
    let mut take = |record: &str, field: &'static str, claims: &[Claim<PartialDate>]| {
        for claim in unrefined(claims).filter(|c| data.only_older_copies(&c.cite)) {
            out.push(Withheld {
                record: record.to_owned(),
                field,
                value: claim.value.to_string(),
                sources: claim
                    .cite
                    .iter()
                    .filter_map(|c| data.sources.get(&c.source))
                    .map(|s| format!("{} ({})", s.entity.id, s.version.as_deref().unwrap_or("")))
                    .collect(),
            });
        }
    };
    for (id, person) in &data.persons {
        take(id, "born", &person.born);
        take(id, "died", &person.died);
    }
    for (id, tenure) in &data.tenures {
        take(id, "start", &tenure.start);
        take(id, "end", &tenure.end);
    }
    for (id, congress) in &data.congresses {
        take(id, "start", &congress.start);
        take(id, "end", &congress.end);
    }
    for (id, event) in &data.events {
        take(id, "date", &event.date);
        take(id, "end", &event.end);
    }
    for (id, office) in &data.offices {
        take(id, "formed", &office.formed);
        take(id, "abolished", &office.abolished);
    }
    for (id, organization) in &data.organizations {
        take(id, "founded", &organization.founded);
        take(id, "dissolved", &organization.dissolved);
    }
    out.sort();
    out
}

/// The references of a statement that carries several values, each with its own
/// citations: only the sources that support every one of them, so that no reference
/// vouches for a value its source does not give. `holding` supports the statement's main
/// value; `qualifiers` hold the citations of each qualifier value. The citations kept are
/// those of a common source that point at the qualifier values (or, without qualifier
/// values, at the main value). When no source supports every value the statement has no
/// reference.
fn common_support(holding: &[Citation], qualifiers: &[&[Citation]]) -> Vec<Citation> {
    let mut common = sources(holding);
    for cite in qualifiers {
        let theirs = sources(cite);
        common.retain(|s| theirs.contains(s));
    }
    let pool: Vec<&Citation> = if qualifiers.is_empty() {
        holding.iter().collect()
    } else {
        qualifiers.iter().flat_map(|c| c.iter()).collect()
    };
    let kept: BTreeSet<Citation> = pool
        .into_iter()
        .filter(|c| common.contains(&c.source))
        .cloned()
        .collect();
    kept.into_iter().collect()
}

fn sources(cite: &[Citation]) -> BTreeSet<String> {
    cite.iter().map(|c| c.source.clone()).collect()
}

/// The citations that support a succession between two tenures: those of the sources cited
/// for both, or, where no source documents both holdings, every citation of either, since
/// together they give it.
fn succession_support(this: &[Citation], other: &[Citation]) -> Vec<Citation> {
    let shared: BTreeSet<String> = sources(this)
        .intersection(&sources(other))
        .cloned()
        .collect();
    let mut cite: Vec<Citation> = this
        .iter()
        .chain(other)
        .filter(|c| shared.is_empty() || shared.contains(&c.source))
        .cloned()
        .collect();
    cite.sort();
    cite.dedup();
    cite
}

/// The references of a statement no single source supports whole: each citation with the
/// properties of the values its source supports, so that no reference claims the rest.
fn partial_support(values: &[(u32, &[Citation])]) -> Vec<(Citation, Vec<u32>)> {
    let mut scoped: BTreeMap<Citation, BTreeSet<u32>> = BTreeMap::new();
    for (_, cite) in values {
        for citation in *cite {
            let properties = values
                .iter()
                .filter(|(_, other)| other.iter().any(|o| o.source == citation.source))
                .map(|(property, _)| *property);
            scoped
                .entry(citation.clone())
                .or_default()
                .extend(properties);
        }
    }
    scoped
        .into_iter()
        .map(|(citation, properties)| (citation, properties.into_iter().collect()))
        .collect()
}

/// The Wikidata office item an incarnation is filed under: its lineage's, where the data
/// says (`wikidata_folded`) that item covers it and the lineage has a Q-id.
fn filed_under<'a>(
    data: &'a Dataset,
    office: &crate::data::model::Office,
) -> Option<&'a crate::data::model::Office> {
    office.wikidata_folded.as_ref()?;
    office
        .lineage
        .as_ref()
        .and_then(|l| data.offices.get(l))
        .filter(|l| l.entity.wikidata.is_some())
}

/// The offices each office replaces (P1365), as Wikidata sees them: an office that is
/// filed under its lineage's item is that item to the offices outside the lineage, so a
/// precursor is replaced by the lineage's item, and the lineage's item replaces the
/// precursors its incarnations replaced. Within a lineage, incarnations keep their own
/// links, and no office replaces itself.
fn office_predecessors(data: &Dataset) -> BTreeMap<String, Vec<String>> {
    let filed_as = |id: &str| -> String {
        data.offices
            .get(id)
            .and_then(|o| filed_under(data, o))
            .map_or_else(|| id.to_owned(), |l| l.entity.id.clone())
    };
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for office in data.offices.values() {
        let id = &office.entity.id;
        let home = filed_as(id);
        for target in office.replaces.iter().chain(&office.renamed_from) {
            let target_home = filed_as(target);
            let seen_as = if target_home == home {
                target.clone()
            } else {
                target_home.clone()
            };
            if seen_as != *id {
                map.entry(id.clone()).or_default().insert(seen_as);
            }
            // The lineage's item replaces what its incarnations replaced outside it.
            if home != *id && target_home != home {
                map.entry(home.clone()).or_default().insert(target_home);
            }
        }
    }
    map.into_iter()
        .map(|(id, before)| (id, before.into_iter().collect()))
        .collect()
}

struct Builder<'a> {
    data: &'a Dataset,
    /// What counts as a name when a description starts with it (see [`Names`]).
    names: Names,
    base: &'a BaseIri,
    entities: Vec<WikiEntity>,
    index: BTreeMap<String, usize>,
}

impl Builder<'_> {
    fn item(&self, kind: EntityKind, entity: &Entity) -> Item {
        entity.wikidata.as_ref().map_or_else(
            || Item::Project(self.base.entity(kind, &entity.id)),
            |q| Item::Wikidata(q.clone()),
        )
    }

    fn item_of(&self, id: &str) -> Option<Item> {
        self.index.get(id).map(|&i| self.entities[i].item.clone())
    }

    fn add_entity(&mut self, kind: EntityKind, entity: &Entity) {
        let item = self.item(kind, entity);
        self.index.insert(entity.id.clone(), self.entities.len());
        self.entities.push(WikiEntity {
            id: entity.id.clone(),
            item,
            label_en: entity.label_en.clone(),
            label_ru: entity.label_ru.clone(),
            description: entity
                .description_wikidata
                .clone()
                .unwrap_or_else(|| derived_description(&entity.description, &self.names)),
            alt_labels: entity
                .alt_labels
                .iter()
                .map(|alt| alt.value.clone())
                .collect(),
            statements: Vec::new(),
        });
    }

    fn push(
        &mut self,
        subject: &str,
        property: u32,
        value: Value,
        qualifiers: Vec<(u32, Value)>,
        references: Vec<Citation>,
    ) {
        let Some(&i) = self.index.get(subject) else {
            return;
        };
        let entity = &mut self.entities[i];
        let n = entity
            .statements
            .iter()
            .filter(|s| s.property == property)
            .count()
            + 1;
        entity.statements.push(Statement {
            node: format!("{subject}-p{property}-{n}"),
            property,
            value,
            qualifiers,
            references,
            partial_references: Vec::new(),
            rank: Rank::Normal,
        });
    }

    /// Gives the statement pushed last on `subject` its partial references.
    fn scope_last(&mut self, subject: &str, partial: &[(Citation, Vec<u32>)]) {
        if let Some(statement) = self
            .index
            .get(subject)
            .and_then(|&i| self.entities[i].statements.last_mut())
        {
            statement.partial_references = partial.to_vec();
        }
    }

    fn links(&mut self, subject: &str, property: u32, targets: &[String], cite: &[Citation]) {
        for target in targets {
            if let Some(item) = self.item_of(target) {
                self.push(
                    subject,
                    property,
                    Value::Item(item),
                    Vec::new(),
                    cite.to_vec(),
                );
            }
        }
    }

    fn dates(&mut self, subject: &str, property: u32, claims: &[Claim<PartialDate>]) {
        for (date, cite) in date_variants(self.data, claims) {
            self.push(subject, property, Value::Time(date), Vec::new(), cite);
        }
    }

    fn instance_of(&mut self, subject: &str, class: Item, cite: &[Citation]) {
        self.push(
            subject,
            p::INSTANCE_OF,
            Value::Item(class),
            Vec::new(),
            cite.to_vec(),
        );
    }

    fn class(class: NamedNodeRef<'_>) -> Item {
        Item::Project(class.into_owned())
    }

    /// The record's verified Wikidata class where the data gives one, else the project's.
    fn class_of(entity: &Entity, project: NamedNodeRef<'_>) -> Item {
        entity
            .wikidata_class
            .clone()
            .map_or_else(|| Self::class(project), Item::Wikidata)
    }

    fn build(mut self) -> Vec<WikiEntity> {
        let data = self.data;
        for person in data.persons.values() {
            self.add_entity(EntityKind::Person, &person.entity);
        }
        for organization in data.organizations.values() {
            self.add_entity(EntityKind::Organization, &organization.entity);
        }
        for office in data.offices.values() {
            self.add_entity(EntityKind::Office, &office.entity);
        }
        for congress in data.congresses.values() {
            self.add_entity(EntityKind::Congress, &congress.entity);
        }
        for event in data.events.values() {
            self.add_entity(EntityKind::Event, &event.entity);
        }
        for place in data.places.values() {
            self.add_entity(EntityKind::Place, &place.entity);
        }

        for person in data.persons.values() {
            let (id, cite) = (&person.entity.id, &person.entity.cite);
            self.instance_of(id, Item::Wikidata(local(wd::HUMAN)), cite);
            self.dates(id, p::DATE_OF_BIRTH, &person.born);
            self.dates(id, p::DATE_OF_DEATH, &person.died);
        }
        for run in holding_runs(data) {
            self.tenure(&run);
        }
        for organization in data.organizations.values() {
            let (id, cite) = (&organization.entity.id, &organization.entity.cite);
            let class = Self::class_of(&organization.entity, cpsu::ORGANIZATION);
            self.instance_of(id, class, cite);
            self.links(id, p::PART_OF, &organization.part_of, cite);
            let parts: Vec<String> = data
                .organizations
                .values()
                .filter(|o| o.part_of.contains(id))
                .map(|o| o.entity.id.clone())
                .collect();
            self.links(id, p::HAS_PARTS, &parts, cite);
            self.links(id, p::REPLACES, &organization.replaces, cite);
            let successors: Vec<String> = data
                .organizations
                .values()
                .filter(|o| o.replaces.contains(id))
                .map(|o| o.entity.id.clone())
                .collect();
            self.links(id, p::REPLACED_BY, &successors, cite);
            self.links(id, p::FOUNDED_BY, &organization.founders, cite);
            self.dates(id, p::INCEPTION, &organization.founded);
            self.dates(id, p::DISSOLVED, &organization.dissolved);
        }
        let predecessors = office_predecessors(data);
        for office in data.offices.values() {
            let (id, cite) = (&office.entity.id, &office.entity.cite);
            // An office is a position (Q4164871), the class Wikidata gives its office items.
            self.instance_of(id, Item::Wikidata(local(wd::POSITION)), cite);
            self.dates(id, p::INCEPTION, &office.formed);
            self.dates(id, p::DISSOLVED, &office.abolished);
            let before = predecessors.get(id).cloned().unwrap_or_default();
            self.links(id, p::REPLACES, &before, cite);
            let after: Vec<String> = predecessors
                .iter()
                .filter(|(_, before)| before.contains(id))
                .map(|(other, _)| other.clone())
                .collect();
            self.links(id, p::REPLACED_BY, &after, cite);
            self.links(id, p::APPOINTED_BY, office.appointed_by.as_slice(), cite);
            self.links(id, p::DEPUTY, office.deputy.as_slice(), cite);
            // A post that heads its organization directs it (P2389); one that only belongs
            // to a body is part of it (P361).
            let belongs = if office.heads {
                p::ORGANIZATION_DIRECTED
            } else {
                p::PART_OF
            };
            self.links(
                id,
                belongs,
                std::slice::from_ref(&office.organization),
                cite,
            );
            self.links(id, p::JURISDICTION, office.jurisdiction.as_slice(), cite);
            self.links(id, p::OFFICIAL_RESIDENCE, office.residence.as_slice(), cite);
            self.links(id, p::MEMBER_OF, &office.member_of, cite);
            // A native label goes out only with a source that gives it, never on the
            // word of the project's editors alone.
            if let Some(ru) = &office.entity.label_ru
                && !office.entity.label_ru_cite.is_empty()
            {
                let value = Value::Monolingual(ru.clone(), "ru".to_owned());
                let references = office.entity.label_ru_cite.clone();
                self.push(id, p::NATIVE_LABEL, value, Vec::new(), references);
            }
            // Wikidata folds the incarnations into the office's item, so the item also
            // gathers the events of its incarnations.
            let incarnations: Vec<&String> = data
                .offices
                .values()
                .filter(|o| filed_under(data, o).is_some_and(|l| l.entity.id == *id))
                .map(|o| &o.entity.id)
                .collect();
            for event in data.events.values().filter(|e| {
                e.offices
                    .iter()
                    .any(|o| o == id || incarnations.contains(&o))
            }) {
                let value = Value::Item(
                    self.item_of(&event.entity.id)
                        .expect("every event is an entity"),
                );
                self.push(
                    id,
                    p::SIGNIFICANT_EVENT,
                    value,
                    Vec::new(),
                    event.entity.cite.clone(),
                );
            }
        }
        for congress in data.congresses.values() {
            let (id, cite) = (&congress.entity.id, &congress.entity.cite);
            let class = match congress.kind {
                CongressKind::Congress => cpsu::CONGRESS,
                CongressKind::Plenum => cpsu::PLENUM,
            };
            self.instance_of(id, Self::class_of(&congress.entity, class), cite);
            self.when(id, &congress.start, &congress.end);
            if let Some(ordinal) = congress.ordinal {
                self.push(
                    id,
                    p::SERIES_ORDINAL,
                    Value::Text(ordinal.to_string()),
                    Vec::new(),
                    cite.clone(),
                );
            }
            self.links(id, p::LOCATION, congress.location.as_slice(), cite);
        }
        for event in data.events.values() {
            let (id, cite) = (&event.entity.id, &event.entity.cite);
            let class = Self::class_of(&event.entity, cpsu::HISTORICAL_EVENT);
            self.instance_of(id, class, cite);
            self.when(id, &event.date, &event.end);
            self.links(id, p::PARTICIPANT, &event.participants, cite);
            self.links(id, p::LOCATION, event.location.as_slice(), cite);
            self.links(id, p::PART_OF, event.congress.as_slice(), cite);
        }
        for place in data.places.values() {
            let (id, cite) = (&place.entity.id, &place.entity.cite);
            self.instance_of(id, Self::class_of(&place.entity, cpsu::PLACE), cite);
            self.links(id, p::PART_OF, place.contained_in.as_slice(), cite);
        }
        self.entities
    }

    /// A point in time, or a start and an end for something that lasted.
    fn when(&mut self, id: &str, start: &[Claim<PartialDate>], end: &[Claim<PartialDate>]) {
        if end.is_empty() {
            self.dates(id, p::POINT_IN_TIME, start);
        } else {
            self.dates(id, p::START_TIME, start);
            self.dates(id, p::END_TIME, end);
        }
    }

    /// P39 on the holder and P1308 on the office, one pair per combination of claims, for
    /// a run of tenures that Wikidata sees as one holding: a tenure and the ones that
    /// continue it under a new name of the same office (see [`continuation`]). The run's
    /// statement starts with the first, ends with the last, names the first's predecessor
    /// and the last's successor, and carries every title held as P1932.
    /// The statements of a run of tenures: one set per reading of the sources, the
    /// records' own and each that names another post (a title, start or end with
    /// `names_office`), so that a disagreement on the post stays one in Wikidata.
    fn tenure(&mut self, run: &[&Tenure]) {
        let readings: BTreeSet<Option<&str>> = std::iter::once(None)
            .chain(run.iter().flat_map(|held| {
                let dates = held
                    .start
                    .iter()
                    .chain(&held.end)
                    .map(|c| c.names_office.as_deref());
                held.title
                    .iter()
                    .map(|c| c.names_office.as_deref())
                    .chain(dates)
            }))
            .collect();
        for reading in readings {
            self.tenure_reading(run, reading);
        }
    }

    /// One reading's statements of a run of tenures: `None` is the records' own, with
    /// their offices and succession; `Some(office)` the reading that names another post,
    /// supported by its own claims' sources alone.
    fn tenure_reading(&mut self, run: &[&Tenure], reading: Option<&str>) {
        let data = self.data;
        let (Some(tenure), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        let Some(office) = data.offices.get(reading.unwrap_or(&tenure.office)) else {
            return;
        };
        let of_reading = |claims: &[Claim<PartialDate>]| -> Vec<Claim<PartialDate>> {
            claims
                .iter()
                .filter(|c| c.names_office.as_deref() == reading)
                .cloned()
                .collect()
        };
        // Wikidata folds the incarnations of an office into the office's own item, and
        // records the title held with P1932 (the First Secretary period under Q1048744).
        let lineage = filed_under(data, office);
        let position = lineage.unwrap_or(office);
        let Some(position_item) = self.item_of(&position.entity.id) else {
            return;
        };
        let Some(person_item) = self.item_of(&tenure.person) else {
            return;
        };
        let starts = date_variants(data, &of_reading(&tenure.start));
        let ends = date_variants(data, &of_reading(&last.end));
        // Per tenure of the run, its claimed titles (or the office's name, where the
        // lineage folds it and no title is claimed).
        let titles: Vec<Vec<(String, Vec<Citation>)>> = run
            .iter()
            .map(|held| {
                let mut titles: Vec<(String, Vec<Citation>)> = held
                    .title
                    .iter()
                    .filter(|c| c.names_office.as_deref() == reading)
                    .map(|c| (c.value.clone(), c.cite.clone()))
                    .collect();
                if titles.is_empty()
                    && reading.is_none()
                    && lineage.is_some()
                    && let Some(office) = data.offices.get(&held.office)
                {
                    titles.push((office.entity.label_en.clone(), Vec::new()));
                }
                titles
            })
            .collect();
        // The run's records together support the holding; another reading's holding, the
        // sources of its own claims.
        let holding: Vec<Citation> = run
            .iter()
            .flat_map(|t| match reading {
                None => t.entity.cite.clone(),
                Some(_) => t
                    .title
                    .iter()
                    .map(|c| (c.names_office.as_deref(), &c.cite))
                    .chain(
                        t.start
                            .iter()
                            .chain(&t.end)
                            .map(|c| (c.names_office.as_deref(), &c.cite)),
                    )
                    .filter(|(r, _)| *r == reading)
                    .flat_map(|(_, cite)| cite.iter().cloned())
                    .collect(),
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // A holder who follows himself (a renamed office held on) is no predecessor: a
        // statement never names its own subject as P1365 or P1366.
        // A succession qualifier is supported by what gives both holdings: a source cited
        // for both tenures, else the two tenures' sources together (each reference then
        // says which values it supports).
        // Another reading's sources give no succession.
        let neighbour = |id: &Option<String>, this: &Tenure| {
            reading.is_none().then_some(())?;
            let other = id
                .as_ref()
                .and_then(|t| data.tenures.get(t))
                .filter(|t| t.person != tenure.person)?;
            let item = self.item_of(&other.person)?;
            Some((
                item,
                succession_support(&this.entity.cite, &other.entity.cite),
            ))
        };
        let (predecessor, successor) = (
            neighbour(&tenure.predecessor, tenure),
            neighbour(&last.successor, last),
        );
        type Part<'a, T> = Option<&'a (T, Vec<Citation>)>;
        let qualifiers = |start: Option<&PartialDate>,
                          end: Option<&PartialDate>,
                          titles: &[Part<'_, String>]| {
            let mut q = Vec::new();
            if let Some(start) = start {
                q.push((p::START_TIME, Value::Time(*start)));
            }
            if let Some(end) = end {
                q.push((p::END_TIME, Value::Time(*end)));
            }
            if let Some((item, _)) = &predecessor {
                q.push((p::REPLACES, Value::Item(item.clone())));
            }
            if let Some((item, _)) = &successor {
                q.push((p::REPLACED_BY, Value::Item(item.clone())));
            }
            match tenure.nature {
                Nature::Acting => q.push((
                    p::NATURE_OF_STATEMENT,
                    Value::Item(Item::Wikidata(local(wd::ACTING))),
                )),
                Nature::DeFacto => q.push((
                    p::NATURE_OF_STATEMENT,
                    Value::Item(Item::Wikidata(local(wd::DE_FACTO))),
                )),
                Nature::Regular => {}
            }
            let mut named: Vec<&String> = titles.iter().flatten().map(|t| &t.0).collect();
            named.dedup();
            for title in named {
                q.push((p::OBJECT_NAMED_AS, Value::Text(title.clone())));
            }
            q
        };
        let first_start = starts.first();
        let first_end = ends.first();
        let first_titles: Vec<Part<'_, String>> = titles.iter().map(|t| t.first()).collect();
        // Each variant is one statement: its start, end and titles, with the citations of
        // each, so that its references are the sources that support all of them.
        let variant = |start: Part<'_, PartialDate>,
                       end: Part<'_, PartialDate>,
                       titles: &[Part<'_, String>]| {
            let mut values: Vec<(u32, &[Citation])> = [
                (p::START_TIME, start.map(|s| s.1.as_slice())),
                (p::END_TIME, end.map(|e| e.1.as_slice())),
            ]
            .into_iter()
            .filter_map(|(property, cite)| cite.map(|c| (property, c)))
            .collect();
            for (property, link) in [(p::REPLACES, &predecessor), (p::REPLACED_BY, &successor)] {
                if let Some((_, cite)) = link {
                    values.push((property, cite.as_slice()));
                }
            }
            // A title taken from the office's own label is not a claim of its own.
            for title in titles.iter().flatten() {
                if !title.1.is_empty() {
                    values.push((p::OBJECT_NAMED_AS, title.1.as_slice()));
                }
            }
            let supports: Vec<&[Citation]> = values.iter().map(|(_, c)| *c).collect();
            let references = common_support(&holding, &supports);
            let partial = if references.is_empty() {
                let mut all = vec![(p::POSITION_HELD, holding.as_slice())];
                all.extend(values.iter().copied());
                partial_support(&all)
            } else {
                Vec::new()
            };
            (
                qualifiers(start.map(|s| &s.0), end.map(|e| &e.0), titles),
                references,
                partial,
            )
        };
        let mut variants = vec![variant(first_start, first_end, &first_titles)];
        for start in starts.iter().skip(1) {
            variants.push(variant(Some(start), first_end, &first_titles));
        }
        for end in ends.iter().skip(1) {
            variants.push(variant(first_start, Some(end), &first_titles));
        }
        for (index, held) in titles.iter().enumerate() {
            for title in held.iter().skip(1) {
                let mut these = first_titles.clone();
                these[index] = Some(title);
                variants.push(variant(first_start, first_end, &these));
            }
        }
        for (qualifiers, references, partial) in variants {
            self.push(
                &tenure.person,
                p::POSITION_HELD,
                Value::Item(position_item.clone()),
                qualifiers.clone(),
                references.clone(),
            );
            self.scope_last(&tenure.person, &partial);
            self.push(
                &position.entity.id,
                p::OFFICEHOLDER,
                Value::Item(person_item.clone()),
                qualifiers,
                references,
            );
            self.scope_last(&position.entity.id, &partial);
        }
    }
}

/// The tenure that continues this one in Wikidata's eyes: the same holder's next tenure,
/// of the same nature, in an office renamed from this one, where both are filed under the
/// same Wikidata office item (Brezhnev's First Secretary tenure, then his General
/// Secretary tenure once the title changed in 1966).
fn continuation<'a>(data: &'a Dataset, tenure: &Tenure) -> Option<&'a Tenure> {
    let next = data.tenures.get(tenure.successor.as_ref()?)?;
    let (office, next_office) = (
        data.offices.get(&tenure.office)?,
        data.offices.get(&next.office)?,
    );
    let same_item = match (filed_under(data, office), filed_under(data, next_office)) {
        (Some(a), Some(b)) => a.entity.id == b.entity.id,
        _ => false,
    };
    (next.person == tenure.person
        && next.nature == tenure.nature
        && next_office.renamed_from.contains(&tenure.office)
        && same_item)
        .then_some(next)
}

/// The tenures as runs that Wikidata sees as one holding each, in the data's order.
fn holding_runs(data: &Dataset) -> Vec<Vec<&Tenure>> {
    let continued: BTreeSet<&str> = data
        .tenures
        .values()
        .filter_map(|t| continuation(data, t))
        .map(|t| t.entity.id.as_str())
        .collect();
    let mut runs = Vec::new();
    for tenure in data.tenures.values() {
        if continued.contains(tenure.entity.id.as_str()) {
            continue;
        }
        let mut run = vec![tenure];
        while let Some(next) = continuation(data, run[run.len() - 1]) {
            if run.iter().any(|t| t.entity.id == next.entity.id) {
                break;
            }
            run.push(next);
        }
        runs.push(run);
    }
    runs
}

/// The words and openings that make a description's first word a name, to be kept
/// capitalized: every word of a person's name, every capitalized word inside a label (not
/// its first, which any label capitalizes), the months, and the first two words of every
/// label and alternative label ("First Secretary", "President of").
struct Names {
    words: BTreeSet<String>,
    openings: BTreeSet<String>,
}

impl Names {
    fn new(data: &Dataset) -> Self {
        let mut words = BTreeSet::new();
        let mut openings = BTreeSet::new();
        let split = |text: &str| -> Vec<String> {
            text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        for person in data.persons.values() {
            words.extend(split(&person.entity.label_en));
        }
        for entity in data.item_entities() {
            for label in std::iter::once(&entity.label_en)
                .chain(entity.alt_labels.iter().map(|alt| &alt.value))
            {
                let parts = split(label);
                words.extend(
                    parts
                        .iter()
                        .skip(1)
                        .filter(|w| w.starts_with(char::is_uppercase))
                        .cloned(),
                );
                if parts.len() >= 2 {
                    openings.insert(format!("{} {}", parts[0], parts[1]));
                }
            }
        }
        words.extend(crate::data::date::MONTH_NAMES.map(str::to_owned));
        Names { words, openings }
    }

    fn starts_with_name(&self, text: &str) -> bool {
        let mut parts = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty());
        let first = parts.next().unwrap_or("");
        let second = parts.next().unwrap_or("");
        self.words.contains(first)
            || self.openings.contains(&format!("{first} {second}"))
            || first.chars().filter(|c| c.is_uppercase()).count() > 1
    }
}

/// The Wikidata-style description derived from the project's: its first clause (up to the
/// first `; ` or `. `), without a leading article or a final full stop, lower-case unless it
/// starts with a name, and at most 250 characters (cut at a word). It says less than the
/// project's description, never more.
fn derived_description(description: &str, names: &Names) -> String {
    let end = ["; ", ". "]
        .iter()
        .filter_map(|sep| description.find(sep))
        .min()
        .unwrap_or(description.len());
    let mut text = description[..end].trim().trim_end_matches('.').to_owned();
    for article in ["The ", "A ", "An "] {
        if let Some(rest) = text.strip_prefix(article) {
            text = rest.to_owned();
            break;
        }
    }
    if !names.starts_with_name(&text) {
        let mut chars = text.chars();
        if let Some(first) = chars.next() {
            text = first.to_lowercase().chain(chars).collect();
        }
    }
    if text.chars().count() > 250 {
        let cut: String = text.chars().take(250).collect();
        text = cut.rsplit_once(' ').map_or(cut.clone(), |(head, _)| {
            head.trim_end_matches([',', ';']).to_owned()
        });
    }
    text
}

/// The local name of a Wikidata entity constant, `Q5` for `wd:Q5`.
pub(crate) fn local(entity: NamedNodeRef<'_>) -> String {
    entity.as_str()[wd::NAMESPACE.len()..].to_owned()
}

/// The dataset as Wikibase entities with their statements.
pub fn entities(data: &Dataset, base: &BaseIri) -> Vec<WikiEntity> {
    Builder {
        data,
        names: Names::new(data),
        base,
        entities: Vec::new(),
        index: BTreeMap::new(),
    }
    .build()
}

/// The reference values that stand for one citation: an English Wikipedia article, the
/// primary one or another, is an import from a Wikimedia project (P143 = Q328 with the
/// article's URL as P4656), since Wikidata does not take a Wikipedia URL as a reliable
/// source of its own (P854); any other source is cited by its URL (P854).
pub fn reference_values(data: &Dataset, citation: &Citation) -> Vec<(u32, Value)> {
    let Some(source) = data.sources.get(&citation.source) else {
        return Vec::new();
    };
    let english_wikipedia = source.url.starts_with("https://en.wikipedia.org/");
    let mut values = Vec::new();
    if english_wikipedia {
        values.push((
            p::IMPORTED_FROM,
            Value::Item(Item::Wikidata(local(wd::ENGLISH_WIKIPEDIA))),
        ));
    }
    if english_wikipedia {
        values.push((p::WIKIMEDIA_IMPORT_URL, Value::Url(source.url.clone())));
    } else {
        values.push((p::REFERENCE_URL, Value::Url(source.url.clone())));
    }
    if let Some(day) = source.retrieved {
        values.push((p::RETRIEVED, Value::Time(day)));
    }
    values
}

#[cfg(test)]
mod tests {
    use super::rdf::simple_time;
    use super::*;
    use crate::data::model::{Locator, Origin};

    fn claim(value: &str, source: &str) -> Claim<PartialDate> {
        Claim {
            value: value.parse().expect("a date"),
            cite: vec![Citation {
                source: source.to_owned(),
                locator: Locator::Whole,
            }],
            note: None,
            julian: None,
            names_office: None,
            origin: Origin {
                file: String::new(),
                line: 1,
            },
        }
    }

    #[test]
    fn a_precise_claim_refines_a_vague_one_but_keeps_only_its_own_citation() {
        let variants = date_variants(
            &Dataset::default(),
            &[claim("1964", "a"), claim("1964-10-14", "b")],
        );
        assert_eq!(variants.len(), 1);
        assert_eq!(variants[0].0.to_string(), "1964-10-14");
        assert_eq!(variants[0].1, claim("1964-10-14", "b").cite);
    }

    fn cite(source: &str, locator: Locator) -> Citation {
        Citation {
            source: source.to_owned(),
            locator,
        }
    }

    #[test]
    fn a_statement_cites_only_the_sources_that_support_every_value() {
        let article_infobox = cite("article", Locator::Infobox);
        let article_19 = cite("article", Locator::Footnote(19));
        let article_18 = cite("article", Locator::Footnote(18));
        let bio = cite("bio", Locator::Whole);
        let holding = [article_infobox.clone(), article_18.clone(), bio.clone()];
        // The start is in the article only, the end in both: only the article supports
        // both, and only through the citations that give the dates.
        let start = [article_infobox.clone()];
        let end = [article_infobox.clone(), article_19.clone(), bio.clone()];
        assert_eq!(
            common_support(&holding, &[&start, &end]),
            vec![article_infobox.clone(), article_19]
        );
        // A start in the biography only: the article drops out.
        let other_start = [bio.clone()];
        assert_eq!(
            common_support(&holding, &[&other_start, &end]),
            vec![bio.clone()]
        );
        // No source gives both values: no reference at all.
        assert!(common_support(&holding, &[&start, &other_start]).is_empty());
        // Without qualifiers the holding's own citations stand.
        assert_eq!(common_support(&holding, &[]), holding.to_vec());
    }

    #[test]
    fn disputed_claims_stay_apart() {
        let variants = date_variants(
            &Dataset::default(),
            &[claim("1985-03-10", "a"), claim("1985-03-11", "b")],
        );
        assert_eq!(variants.len(), 2);
        assert!(variants.iter().all(|(_, cite)| cite.len() == 1));
    }

    #[test]
    fn time_strings_keep_precision() {
        let t = |s: &str| time_string(&s.parse().expect("a date"));
        assert_eq!(t("1922-04-03"), "+1922-04-03T00:00:00Z");
        assert_eq!(t("1917-04"), "+1917-04-00T00:00:00Z");
        assert_eq!(t("1918"), "+1918-00-00T00:00:00Z");
        assert_eq!(
            simple_time(&"1918".parse().expect("a date")).value(),
            "1918-01-01T00:00:00Z"
        );
    }
}
