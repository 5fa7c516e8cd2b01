//! The input records as the data files write them: one strict serde type per kind of
//! record, with the spans later checks point at. [`crate::data::check`] turns them into the
//! domain model.

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

/// A citation as written: `{ source = "enwiki-gensec", footnotes = [9, 10] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CiteInput {
    /// The id of the cited source.
    pub source: Spanned<String>,
    /// The footnote numbers, if the source gives any for the fact.
    #[serde(default)]
    pub footnotes: Vec<u32>,
    /// Whether the fact is in the source's infobox.
    #[serde(default)]
    pub infobox: bool,
}

/// One claimed value with its own citations: `{ value = "1985-03-11", cite = [...] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimInput {
    /// The value, a date or a text depending on the field.
    pub value: Spanned<String>,
    /// The citations for this value. Every claim needs its own: a value never takes its
    /// record's citations.
    #[serde(default)]
    pub cite: Vec<CiteInput>,
    /// A remark on this claim.
    pub note: Option<Spanned<String>>,
    /// The same date in the Julian calendar, where the source gives it.
    pub julian: Option<Spanned<String>>,
    /// On a tenure's title: the post this reading of the title names, where the sources
    /// disagree on which post the holding was.
    pub office: Option<Spanned<String>>,
}

/// A claimed field: a list of claims, each with its own citations.
///
/// A bare value (`start = "1922-04-03"`) is read too, so that the check can refuse it with
/// a message that shows how to cite it, rather than a type error.
#[derive(Debug, Clone)]
pub enum ClaimsInput {
    /// `start = "1922-04-03"`: a value without citations of its own, which is refused.
    Plain(String),
    /// `start = [{ value = …, cite = … }, …]`: one entry per claim.
    Claims(Vec<Spanned<ClaimInput>>),
}

impl<'de> Deserialize<'de> for ClaimsInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ClaimsVisitor;
        impl<'de> Visitor<'de> for ClaimsVisitor {
            type Value = ClaimsInput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, or an array of `{ value = …, cite = […] }` tables")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ClaimsInput, E> {
                Ok(ClaimsInput::Plain(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ClaimsInput, A::Error> {
                let mut claims = Vec::new();
                while let Some(claim) = seq.next_element()? {
                    claims.push(claim);
                }
                Ok(ClaimsInput::Claims(claims))
            }
        }
        deserializer.deserialize_any(ClaimsVisitor)
    }
}

/// An alternative name with its own support: `{ value = "CPSU", cite = [...] }`, or
/// `{ value = "USSR", by = "cpsu-kg editors" }` for a name that no cited source gives.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AltLabelTable {
    /// The name.
    pub value: Spanned<String>,
    /// The citations of a source that gives this name.
    #[serde(default)]
    pub cite: Vec<CiteInput>,
    /// Who wrote the name, where no cited source gives it.
    pub by: Option<Spanned<String>>,
}

/// An alternative name as written. A bare string is read too, so that the check can refuse
/// it with a message that shows how to support it, rather than a type error.
#[derive(Debug, Clone)]
pub enum AltLabelInput {
    /// `alt_labels = ["CPSU"]`: a name without support of its own, which is refused.
    Plain(String),
    /// `alt_labels = [{ value = "CPSU", cite = [...] }]`.
    Table(AltLabelTable),
}

impl<'de> Deserialize<'de> for AltLabelInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AltLabelVisitor;
        impl<'de> Visitor<'de> for AltLabelVisitor {
            type Value = AltLabelInput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a `{ value = …, cite = […] }` or `{ value = …, by = … }` table")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AltLabelInput, E> {
                Ok(AltLabelInput::Plain(v.to_owned()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<AltLabelInput, A::Error> {
                AltLabelTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(AltLabelInput::Table)
            }
        }
        deserializer.deserialize_any(AltLabelVisitor)
    }
}

/// Declares an input record type with the fields every described record shares.
macro_rules! record_input {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The stable id.
            pub id: Spanned<String>,
            /// The English label.
            pub label_en: Option<Spanned<String>>,
            /// The Russian label.
            pub label_ru: Option<Spanned<String>>,
            /// The citations of a source that gives the Russian label.
            #[serde(default)]
            pub label_ru_cite: Vec<CiteInput>,
            /// Who wrote the Russian label, where no cited source gives it.
            pub label_ru_by: Option<Spanned<String>>,
            /// Other English names.
            pub alt_labels: Option<Spanned<Vec<AltLabelInput>>>,
            /// A short description.
            pub description: Option<Spanned<String>>,
            /// The description in Wikidata's style, where the derived one will not do.
            pub description_wikidata: Option<Spanned<String>>,
            /// The Wikidata item id.
            pub wikidata: Option<Spanned<String>>,
            /// How the Wikidata id was matched.
            pub wikidata_source: Option<Spanned<String>>,
            /// The verified Wikidata class of the record, for P31.
            pub wikidata_class: Option<Spanned<String>>,
            /// Wikidata ids the reference notes looked at for the record but could not
            /// verify: an item surely exists, so it is reconciled, never created.
            #[serde(default)]
            pub wikidata_candidates: Vec<Spanned<String>>,
            /// What the reference notes say of the candidates (doubtful, sources disagree).
            pub wikidata_candidates_note: Option<Spanned<String>>,
            /// A remark for historians.
            pub note: Option<Spanned<String>>,
            /// The citations of the record.
            #[serde(default)]
            pub cite: Vec<CiteInput>,
            $($(#[$fdoc])* pub $field: $ty,)*
        }

        impl $name {
            /// The fields every described record shares.
            pub fn common(&self) -> CommonInput<'_> {
                CommonInput {
                    id: &self.id,
                    label_en: self.label_en.as_ref(),
                    label_ru: self.label_ru.as_ref(),
                    label_ru_cite: &self.label_ru_cite,
                    label_ru_by: self.label_ru_by.as_ref(),
                    alt_labels: self.alt_labels.as_ref(),
                    description: self.description.as_ref(),
                    description_wikidata: self.description_wikidata.as_ref(),
                    wikidata: self.wikidata.as_ref(),
                    wikidata_source: self.wikidata_source.as_ref(),
                    wikidata_class: self.wikidata_class.as_ref(),
                    wikidata_candidates: &self.wikidata_candidates,
                    wikidata_candidates_note: self.wikidata_candidates_note.as_ref(),
                    note: self.note.as_ref(),
                    cite: &self.cite,
                }
            }
        }
    };
}

/// The fields every input record shares, borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct CommonInput<'a> {
    /// The stable id.
    pub id: &'a Spanned<String>,
    /// The English label.
    pub label_en: Option<&'a Spanned<String>>,
    /// The Russian label.
    pub label_ru: Option<&'a Spanned<String>>,
    /// The citations of a source that gives the Russian label.
    pub label_ru_cite: &'a [CiteInput],
    /// Who wrote the Russian label, where no cited source gives it.
    pub label_ru_by: Option<&'a Spanned<String>>,
    /// Other English names.
    pub alt_labels: Option<&'a Spanned<Vec<AltLabelInput>>>,
    /// A short description.
    pub description: Option<&'a Spanned<String>>,
    /// The description in Wikidata's style.
    pub description_wikidata: Option<&'a Spanned<String>>,
    /// The Wikidata item id.
    pub wikidata: Option<&'a Spanned<String>>,
    /// How the Wikidata id was matched.
    pub wikidata_source: Option<&'a Spanned<String>>,
    /// The verified Wikidata class of the record.
    pub wikidata_class: Option<&'a Spanned<String>>,
    /// Unverified Wikidata ids the reference notes list for the record.
    pub wikidata_candidates: &'a [Spanned<String>],
    /// What the reference notes say of the candidates.
    pub wikidata_candidates_note: Option<&'a Spanned<String>>,
    /// A remark for historians.
    pub note: Option<&'a Spanned<String>>,
    /// The citations of the record.
    pub cite: &'a [CiteInput],
}

record_input!(
    /// A `[[source]]` table.
    SourceInput {
        /// Where the source can be read.
        url: Spanned<String>,
        /// The language tag of the source.
        language: Option<Spanned<String>>,
        /// How many footnotes the source has.
        #[serde(default)]
        footnotes: u32,
        /// Whether the source has an infobox.
        #[serde(default)]
        infobox: bool,
        /// The record an encyclopedia article is about, for its Wikidata sitelink.
        about: Option<Spanned<String>>,
        /// The day the project's copy was retrieved, `YYYY-MM-DD`.
        retrieved: Option<Spanned<String>>,
        /// Which copy of the page the values come from, where it is not the current one:
        /// values cited only to it are reported, never uploaded to Wikidata.
        version: Option<Spanned<String>>,
    }
);

record_input!(
    /// A `[[person]]` table.
    PersonInput {
        /// The date of birth.
        born: Option<Spanned<ClaimsInput>>,
        /// The date of death.
        died: Option<Spanned<ClaimsInput>>,
    }
);

record_input!(
    /// An `[[organization]]` table.
    OrganizationInput {
        /// The organizations it is part of.
        #[serde(default)]
        part_of: Vec<Spanned<String>>,
        /// The organizations it replaced.
        #[serde(default)]
        replaces: Vec<Spanned<String>>,
        /// Its founders.
        #[serde(default)]
        founders: Vec<Spanned<String>>,
        /// When it was founded.
        founded: Option<Spanned<ClaimsInput>>,
        /// When it was dissolved.
        dissolved: Option<Spanned<ClaimsInput>>,
        /// Whether it is a sovereign state.
        #[serde(default)]
        country: bool,
    }
);

record_input!(
    /// An `[[office]]` table.
    OfficeInput {
        /// The whole office this is an incarnation of.
        lineage: Option<Spanned<String>>,
        /// How it is known that the lineage's Wikidata item covers this incarnation.
        wikidata_folded: Option<Spanned<String>>,
        /// The organization the post is in.
        organization: Option<Spanned<String>>,
        /// Whether the post heads that organization, rather than only belonging to it.
        #[serde(default)]
        heads: bool,
        /// When it was created.
        formed: Option<Spanned<ClaimsInput>>,
        /// When it was abolished.
        abolished: Option<Spanned<ClaimsInput>>,
        /// The offices it replaced.
        #[serde(default)]
        replaces: Vec<Spanned<String>>,
        /// The offices it renamed.
        #[serde(default)]
        renamed_from: Vec<Spanned<String>>,
        /// The organization that appoints the holder.
        appointed_by: Option<Spanned<String>>,
        /// The deputy's office.
        deputy: Option<Spanned<String>>,
        /// Organizations the holder sits in.
        #[serde(default)]
        member_of: Vec<Spanned<String>>,
        /// The official residence.
        residence: Option<Spanned<String>>,
        /// The seat.
        seat: Option<Spanned<String>>,
        /// The form of address.
        style: Option<Spanned<ClaimsInput>>,
        /// The status.
        status: Option<Spanned<ClaimsInput>>,
        /// The constituting instrument.
        constituting_instrument: Option<Spanned<ClaimsInput>>,
        /// The jurisdiction.
        jurisdiction: Option<Spanned<String>>,
        /// The first holders the sources name.
        #[serde(default)]
        first_holders: Vec<Spanned<String>>,
        /// The final holders the sources name.
        #[serde(default)]
        final_holders: Vec<Spanned<String>>,
    }
);

record_input!(
    /// A `[[tenure]]` table.
    TenureInput {
        /// The holder.
        person: Spanned<String>,
        /// The office.
        office: Spanned<String>,
        /// The title as held.
        title: Option<Spanned<ClaimsInput>>,
        /// The start.
        start: Option<Spanned<ClaimsInput>>,
        /// The end.
        end: Option<Spanned<ClaimsInput>>,
        /// Dates on which a source says the tenure was in force, where it gives no start
        /// or no end.
        held: Option<Spanned<ClaimsInput>>,
        /// For a de facto tenure, the office whose role it filled in fact.
        de_facto_of: Option<Spanned<String>>,
        /// Whether the holding was acting.
        #[serde(default)]
        acting: bool,
        /// Whether the role was de facto.
        #[serde(default)]
        de_facto: bool,
        /// The tenure before.
        predecessor: Option<Spanned<String>>,
        /// The tenure after.
        successor: Option<Spanned<String>>,
    }
);

record_input!(
    /// A `[[congress]]` table.
    CongressInput {
        /// `congress` or `plenum`.
        kind: Spanned<String>,
        /// The congress number.
        ordinal: Option<Spanned<u32>>,
        /// The organization that held it.
        organizer: Spanned<String>,
        /// When it opened.
        start: Option<Spanned<ClaimsInput>>,
        /// When it closed.
        end: Option<Spanned<ClaimsInput>>,
        /// Where it sat.
        location: Option<Spanned<String>>,
    }
);

record_input!(
    /// An `[[event]]` table.
    EventInput {
        /// When it happened.
        date: Option<Spanned<ClaimsInput>>,
        /// When it ended.
        end: Option<Spanned<ClaimsInput>>,
        /// The time in words, where there is no calendar date.
        period: Option<Spanned<String>>,
        /// The participants.
        #[serde(default)]
        participants: Vec<Spanned<String>>,
        /// The offices it changed.
        #[serde(default)]
        offices: Vec<Spanned<String>>,
        /// The organizations it changed.
        #[serde(default)]
        organizations: Vec<Spanned<String>>,
        /// The congress it happened at.
        congress: Option<Spanned<String>>,
        /// Where it happened.
        location: Option<Spanned<String>>,
        /// The tenures it began.
        #[serde(default)]
        starts: Vec<Spanned<String>>,
        /// The tenures it ended.
        #[serde(default)]
        ends: Vec<Spanned<String>>,
    }
);

record_input!(
    /// A `[[place]]` table.
    PlaceInput {
        /// The place it lies in.
        contained_in: Option<Spanned<String>>,
    }
);
