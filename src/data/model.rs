//! The domain model: checked records with resolved dates and the place they came from.
//!
//! A [`Dataset`] only exists once every check in [`crate::data::check`] has passed, so code
//! downstream may rely on its invariants: ids are unique slugs, every reference resolves,
//! every date is a real date, every citation names a known source and footnote.

use crate::data::date::PartialDate;
use std::collections::BTreeMap;
use std::fmt;

/// Where a record or a value was written: the data file and the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The data file, as the user named it (or `data/…` for the embedded data).
    pub file: String,
    /// The line, counting from 1.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0 stands for the file or folder as a whole.
        if self.line == 0 {
            f.write_str(&self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One place in one source that supports a fact: a footnote, the infobox, or the whole work.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Citation {
    /// The id of the cited [`Source`].
    pub source: String,
    /// Where in the source.
    pub locator: Locator,
}

/// The part of a source a [`Citation`] points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Locator {
    /// The source as a whole.
    Whole,
    /// The infobox of an encyclopedia article.
    Infobox,
    /// A numbered footnote (the article's `[6]` is footnote 6).
    Footnote(u32),
}

impl Citation {
    /// The local name of the citation's node: the source id, then `infobox` or `fn-N`.
    pub fn slug(&self) -> String {
        match self.locator {
            Locator::Whole => self.source.clone(),
            Locator::Infobox => format!("{}-infobox", self.source),
            Locator::Footnote(n) => format!("{}-fn-{n}", self.source),
        }
    }
}

/// One value of a field with the citations that support it.
///
/// A field holds several claims where sources disagree; each keeps its own citations and
/// none is silently preferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim<T> {
    /// The claimed value.
    pub value: T,
    /// The citations that support this value.
    pub cite: Vec<Citation>,
    /// A remark on the claim, in English.
    pub note: Option<String>,
    /// The same day in the Julian calendar (Old Style), where the source gives it.
    pub julian: Option<PartialDate>,
    /// On a tenure's title: the post this reading names, where the sources disagree on
    /// which post the holding was (Stasova in 1919: Chairwoman of the Secretariat in one
    /// source, responsible secretary in another). The tenure's `office` is the other reading.
    pub names_office: Option<String>,
    /// Where the claim was written.
    pub origin: Origin,
}

/// The claims of a date field that no other claim of the field refines: the values a
/// reader has to weigh. `1964` is set aside when `1964-10-14` is also claimed; two days
/// that differ both stay. A claim refines only claims of its own reading (`names_office`):
/// a date that belongs to a reading naming another post does not narrow this one's.
pub fn unrefined(claims: &[Claim<PartialDate>]) -> impl Iterator<Item = &Claim<PartialDate>> {
    claims
        .iter()
        .filter(|c| !claims.iter().any(|o| o.refines(c)))
}

impl<T> Claim<T> {
    /// Whether this claim and `other` are of one reading of their record: both of the
    /// record's own, or both of the reading that names the same other post.
    pub fn same_reading<U>(&self, other: &Claim<U>) -> bool {
        self.names_office == other.names_office
    }
}

impl Claim<PartialDate> {
    /// Whether this claim is a more precise form of `coarser`, of the same reading.
    pub fn refines(&self, coarser: &Self) -> bool {
        self.same_reading(coarser) && self.value.refines(&coarser.value)
    }
}

/// An alternative English name and what supports it: the citations of a source that gives
/// it, or who wrote it. A record's own citations never vouch for its other names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AltLabel {
    /// The name.
    pub value: String,
    /// The citations of the sources that give the name.
    pub cite: Vec<Citation>,
    /// Who wrote the name, where no cited source gives it (the project's editors, say).
    pub by: Option<String>,
}

impl AltLabel {
    /// The part of a claim IRI that names this label within its record: the name in
    /// lower case, with every run of other characters as one `-`.
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for c in self.value.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.trim_end_matches('-').to_owned()
    }
}

/// The fields every described record shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The stable id: lowercase ASCII letters, digits and `-`.
    pub id: String,
    /// The English label.
    pub label_en: String,
    /// The Russian label, in Cyrillic, where it is known.
    pub label_ru: Option<String>,
    /// The citations of the sources that give the Russian label.
    pub label_ru_cite: Vec<Citation>,
    /// Who wrote the Russian label, where no cited source gives it (a translation or
    /// transliteration by the project's editors, say).
    pub label_ru_by: Option<String>,
    /// Other English names, each with its own support.
    pub alt_labels: Vec<AltLabel>,
    /// A short description in the project's own words.
    pub description: String,
    /// The description in Wikidata's style (a short lower-case phrase, no final full stop),
    /// where the one derived from `description` will not do.
    pub description_wikidata: Option<String>,
    /// The verified Wikidata item id (`Q…`).
    pub wikidata: Option<String>,
    /// How the Wikidata id was matched: the reference notes that verify it, or an
    /// editor's reconciliation (the tool and the evidence).
    pub wikidata_source: Option<String>,
    /// Wikidata ids the reference notes list for the record without verifying them: an
    /// item exists, so the record is reconciled before an upload and never created.
    pub wikidata_candidates: Vec<String>,
    /// What the reference notes say of the candidates: "doubtful", "sources disagree".
    pub wikidata_candidates_note: Option<String>,
    /// The Wikidata class the record is an instance of (P31), one the reference notes
    /// verify, where one fits; otherwise the Wikidata profile uses the project's class.
    pub wikidata_class: Option<String>,
    /// A remark for historians, in English.
    pub note: Option<String>,
    /// The citations that support the record: its existence, its labels (but a Russian
    /// label, which carries its own) and its description. Claimed values carry their own.
    pub cite: Vec<Citation>,
    /// Where the record starts.
    pub origin: Origin,
}

/// A source document that facts are cited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The id, label and description of the source.
    pub entity: Entity,
    /// Where the source can be read.
    pub url: String,
    /// The language of the source, a BCP 47 tag.
    pub language: String,
    /// How many numbered footnotes the source has.
    pub footnotes: u32,
    /// Whether the source has an infobox that can be cited.
    pub infobox: bool,
    /// The record the source is the encyclopedia article about, if it is one: with a
    /// Wikidata id, the article becomes the item's sitelink in the Wikidata profile.
    pub about: Option<String>,
    /// The day the project's copy was retrieved, where it is recorded: P813 in Wikidata
    /// references.
    pub retrieved: Option<crate::data::date::PartialDate>,
    /// Which copy of the page the values come from, where it is not the page at `url` as it
    /// stands (an older copy that no revision identifies): a reference to `url` would point
    /// at a page that says otherwise, so values cited only to it stay out of Wikidata.
    pub version: Option<String>,
}

impl Dataset {
    /// Whether every citation of a claim is to a copy other than the live page, so that no
    /// Wikidata reference could point at what supports it.
    pub fn only_older_copies(&self, cite: &[Citation]) -> bool {
        !cite.is_empty()
            && cite.iter().all(|c| {
                self.sources
                    .get(&c.source)
                    .is_some_and(|s| s.version.is_some())
            })
    }
}

/// A person who held an office or took part in an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The id, names and description.
    pub entity: Entity,
    /// The date of birth, one claim per source that disagrees.
    pub born: Vec<Claim<PartialDate>>,
    /// The date of death, one claim per source that disagrees.
    pub died: Vec<Claim<PartialDate>>,
}

/// A party organ, a party, a state or a government body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// The id, names and description.
    pub entity: Entity,
    /// The organizations this one is part of.
    pub part_of: Vec<String>,
    /// The organizations this one replaced.
    pub replaces: Vec<String>,
    /// The persons who founded it.
    pub founders: Vec<String>,
    /// When it was founded.
    pub founded: Vec<Claim<PartialDate>>,
    /// When it was dissolved.
    pub dissolved: Vec<Claim<PartialDate>>,
    /// Whether it is a sovereign state.
    pub country: bool,
}

/// An office (a post), such as one incarnation of the General Secretary's office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// The id, names and description.
    pub entity: Entity,
    /// The whole office this is one incarnation of, if any.
    pub lineage: Option<String>,
    /// Where a source or a reconciliation says the lineage's Wikidata item covers this
    /// incarnation, what says so. Only then is a tenure of it filed under that item in the
    /// Wikidata profile; otherwise the incarnation is an office of its own there.
    pub wikidata_folded: Option<String>,
    /// The organization the post is in.
    pub organization: String,
    /// Whether the post heads its organization (a leader's post), rather than only
    /// belonging to it (a secretary among others, a deputy).
    pub heads: bool,
    /// When the office was created.
    pub formed: Vec<Claim<PartialDate>>,
    /// When the office was abolished.
    pub abolished: Vec<Claim<PartialDate>>,
    /// The offices this one replaced.
    pub replaces: Vec<String>,
    /// The offices this one is a renaming of.
    pub renamed_from: Vec<String>,
    /// The organization that appoints the holder.
    pub appointed_by: Option<String>,
    /// The office of the holder's deputy.
    pub deputy: Option<String>,
    /// The organizations the holder is a member of by virtue of the office.
    pub member_of: Vec<String>,
    /// The official residence.
    pub residence: Option<String>,
    /// The seat.
    pub seat: Option<String>,
    /// The form of address.
    pub style: Vec<Claim<String>>,
    /// The status of the office.
    pub status: Vec<Claim<String>>,
    /// The document that constitutes the office.
    pub constituting_instrument: Vec<Claim<String>>,
    /// The state the office has power over.
    pub jurisdiction: Option<String>,
    /// The persons the sources name as the first holders.
    pub first_holders: Vec<String>,
    /// The persons the sources name as the final holders.
    pub final_holders: Vec<String>,
}

/// Whether a tenure was a full holding, an acting one, or a de facto role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nature {
    /// The office was held in full.
    #[default]
    Regular,
    /// The office was held in an acting capacity.
    Acting,
    /// The role was held in fact, not in name.
    DeFacto,
}

/// One person's holding of one office, from a start to an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenure {
    /// The id, label and description.
    pub entity: Entity,
    /// The person who held the office.
    pub person: String,
    /// The office held.
    pub office: String,
    /// The title as held, where it differs from the office's label or is disputed.
    pub title: Vec<Claim<String>>,
    /// When the tenure started.
    pub start: Vec<Claim<PartialDate>>,
    /// When the tenure ended.
    pub end: Vec<Claim<PartialDate>>,
    /// Dates on which a source says the tenure was in force, where it gives no start or no
    /// end: Stalin "remained" a party secretary when the 19th Congress sat, though no source
    /// says when he became one.
    pub held: Vec<Claim<PartialDate>>,
    /// For a de facto tenure, the office whose role it filled in fact (Malenkov's seniority
    /// in the Secretariat after Stalin's death, in the General Secretary's place).
    pub de_facto_of: Option<String>,
    /// Regular, acting or de facto.
    pub nature: Nature,
    /// The tenure this one followed.
    pub predecessor: Option<String>,
    /// The tenure that followed this one.
    pub successor: Option<String>,
}

/// Whether a gathering is a party congress or a Central Committee plenum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CongressKind {
    /// A party congress.
    Congress,
    /// A plenary session of the Central Committee.
    Plenum,
}

/// A party congress or a Central Committee plenum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Congress {
    /// The id, names and description.
    pub entity: Entity,
    /// Congress or plenum.
    pub kind: CongressKind,
    /// The congress number, such as 19 for the 19th Congress.
    pub ordinal: Option<u32>,
    /// The organization that held it.
    pub organizer: String,
    /// When it opened.
    pub start: Vec<Claim<PartialDate>>,
    /// When it closed, for one that sat several days.
    pub end: Vec<Claim<PartialDate>>,
    /// Where it sat.
    pub location: Option<String>,
}

/// Something that happened: a creation, an election, a death, a coup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The id, names and description.
    pub entity: Entity,
    /// When it happened or began.
    pub date: Vec<Claim<PartialDate>>,
    /// When it ended, for a span.
    pub end: Vec<Claim<PartialDate>>,
    /// The time as the source words it, where it gives no calendar date ("in the 1950s").
    pub period: Option<String>,
    /// The persons who took part.
    pub participants: Vec<String>,
    /// The offices it changed.
    pub offices: Vec<String>,
    /// The organizations it changed.
    pub organizations: Vec<String>,
    /// The congress or plenum it happened at.
    pub congress: Option<String>,
    /// Where it happened.
    pub location: Option<String>,
    /// The tenures it began, such as an election.
    pub starts: Vec<String>,
    /// The tenures it ended, such as a death or a removal.
    pub ends: Vec<String>,
}

/// A place: a building, a fortress, a city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The id, names and description.
    pub entity: Entity,
    /// The place this one lies in.
    pub contained_in: Option<String>,
}

/// The whole checked data set, each kind keyed and sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    /// Sources, by id.
    pub sources: BTreeMap<String, Source>,
    /// Persons, by id.
    pub persons: BTreeMap<String, Person>,
    /// Organizations, by id.
    pub organizations: BTreeMap<String, Organization>,
    /// Offices, by id.
    pub offices: BTreeMap<String, Office>,
    /// Tenures, by id.
    pub tenures: BTreeMap<String, Tenure>,
    /// Congresses and plenums, by id.
    pub congresses: BTreeMap<String, Congress>,
    /// Events, by id.
    pub events: BTreeMap<String, Event>,
    /// Places, by id.
    pub places: BTreeMap<String, Place>,
}

impl Dataset {
    /// The number of records of every kind together.
    pub fn record_count(&self) -> usize {
        self.sources.len()
            + self.persons.len()
            + self.organizations.len()
            + self.offices.len()
            + self.tenures.len()
            + self.congresses.len()
            + self.events.len()
            + self.places.len()
    }

    /// The records that are items of their own (persons, offices, organizations,
    /// congresses, events, places), in that order: what gets a Wikidata id, a label and a
    /// description. Sources and tenures are not among them.
    /// The English Wikipedia article about a record, where a source of the data is one: an
    /// entity with such an article has a Wikidata item, whether or not the data knows its id.
    pub fn english_article(&self, id: &str) -> Option<&str> {
        self.sources
            .values()
            .find(|s| {
                s.about.as_deref() == Some(id)
                    && s.url.starts_with("https://en.wikipedia.org/wiki/")
            })
            .map(|s| s.url.as_str())
    }

    /// Every record that can be a Wikidata item.
    pub fn item_entities(&self) -> impl Iterator<Item = &Entity> {
        self.persons
            .values()
            .map(|p| &p.entity)
            .chain(self.offices.values().map(|o| &o.entity))
            .chain(self.organizations.values().map(|o| &o.entity))
            .chain(self.congresses.values().map(|c| &c.entity))
            .chain(self.events.values().map(|e| &e.entity))
            .chain(self.places.values().map(|p| &p.entity))
    }
}

/// Why a text is not a description in Wikidata's style (`description_wikidata`), if it
/// is not.
pub fn style_problem(text: &str) -> Option<&'static str> {
    if text.trim().is_empty() {
        Some("is empty")
    } else if text.ends_with('.') {
        Some("ends with a full stop, which Wikidata descriptions do not")
    } else if text.chars().count() > 250 {
        Some("is longer than Wikidata's 250 characters")
    } else if text.trim() != text {
        Some("has spaces at its ends")
    } else {
        None
    }
}
