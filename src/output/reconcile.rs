//! The entities without a Wikidata id, as a CSV for OpenRefine's Wikidata reconciliation:
//! the step an editor takes before an upload, so that QuickStatements adds to the items
//! Wikidata already has instead of creating duplicates.
//!
//! One row per entity, sorted by kind and id, with the columns OpenRefine matches on: the
//! English and Russian names, the type to reconcile against (a verified Wikidata class, or
//! empty where none is verified), the years that tell namesakes apart, the English
//! Wikipedia article where a source of the data is one, and the unverified ids the
//! reference notes name. The editor puts
//! each match back in `data/` as `wikidata = "Q…"` with a `wikidata_source` saying how it was
//! matched. Tenures are not items (they become P39 statements), and sources are not
//! reconciled.
//!
//! ```
//! let data = cpsu_kg::data::check::load(None)?;
//! let mut out = Vec::new();
//! cpsu_kg::output::reconcile::write_csv(&data, &mut out)?;
//! let csv = String::from_utf8(out)?;
//! assert!(csv.starts_with("id,kind,label_en,label_ru,type,type_label,born,died,start,end,description,article,candidates,candidates_note\n"));
//! assert!(csv.lines().any(|l| l.starts_with("andropov,person,Yuri Andropov,Юрий Андропов,Q5,human,1914,1984,")
//!     && l.ends_with(",https://en.wikipedia.org/wiki/Yuri_Andropov,Q44071,")));
//! assert!(!csv.lines().any(|l| l.starts_with("stalin,")), "Stalin has a Q-id already");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::PartialDate;
use crate::data::model::{Claim, CongressKind, Dataset, Entity, unrefined};
use std::io::{self, Write};

/// The header of the CSV.
pub const COLUMNS: [&str; 14] = [
    "id",
    "kind",
    "label_en",
    "label_ru",
    "type",
    "type_label",
    "born",
    "died",
    "start",
    "end",
    "description",
    "article",
    "candidates",
    "candidates_note",
];

/// One entity to reconcile.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    /// The kind of record: person, office, organization, congress, plenum, event or place.
    pub kind: &'static str,
    /// The record id.
    pub id: String,
    /// The English label.
    pub label_en: String,
    /// The Russian label, if any.
    pub label_ru: String,
    /// The verified Wikidata class to match against, `Q5` for a person, or empty.
    pub class: &'static str,
    /// The class's English label.
    pub class_label: &'static str,
    /// Birth years (several where sources disagree), for persons.
    pub born: String,
    /// Death years, for persons.
    pub died: String,
    /// The year it began (formed, founded, opened, happened).
    pub start: String,
    /// The year it ended.
    pub end: String,
    /// The English description.
    pub description: String,
    /// The English Wikipedia article about the entity, where a source of the data is one
    /// (OpenRefine matches on its sitelink).
    pub article: String,
    /// The unverified Wikidata ids the reference notes list for it, `|`-separated.
    pub candidates: String,
    /// What the reference notes say of those ids.
    pub candidates_note: String,
}

/// The years of a field's claims, `1878|1879` where sources disagree.
fn years(claims: &[Claim<PartialDate>]) -> String {
    let mut years: Vec<i32> = unrefined(claims).map(|c| c.value.year_number()).collect();
    years.sort_unstable();
    years.dedup();
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("|")
}

/// The verified Wikidata class a record names for itself, with its label.
fn verified_class(entity: &Entity) -> Option<(&'static str, &'static str)> {
    let class = entity.wikidata_class.as_deref()?;
    crate::data::check::VERIFIED_CLASSES
        .iter()
        .find(|(q, _)| *q == class)
        .copied()
}

/// Every entity of the data without a Wikidata id.
pub fn rows(data: &Dataset) -> Vec<Row> {
    let row = |kind: &'static str, entity: &Entity, class: (&'static str, &'static str)| Row {
        kind,
        id: entity.id.clone(),
        label_en: entity.label_en.clone(),
        label_ru: entity.label_ru.clone().unwrap_or_default(),
        // The record's own verified class wins over its kind's.
        class: verified_class(entity).map_or(class.0, |c| c.0),
        class_label: verified_class(entity).map_or(class.1, |c| c.1),
        article: data
            .english_article(&entity.id)
            .unwrap_or_default()
            .to_owned(),
        candidates: entity.wikidata_candidates.join("|"),
        candidates_note: entity.wikidata_candidates_note.clone().unwrap_or_default(),
        born: String::new(),
        died: String::new(),
        start: String::new(),
        end: String::new(),
        description: entity.description.clone(),
    };
    // Only the classes the reference notes verify; other kinds are matched without a type.
    const HUMAN: (&str, &str) = ("Q5", "human");
    const POSITION: (&str, &str) = ("Q4164871", "position");
    const NONE: (&str, &str) = ("", "");
    let mut rows = Vec::new();
    let unmatched = |entity: &Entity| entity.wikidata.is_none();
    for person in data.persons.values().filter(|p| unmatched(&p.entity)) {
        rows.push(Row {
            born: years(&person.born),
            died: years(&person.died),
            ..row("person", &person.entity, HUMAN)
        });
    }
    // An incarnation filed under its lineage's item is that item, not one to match.
    for office in data
        .offices
        .values()
        .filter(|o| unmatched(&o.entity) && o.wikidata_folded.is_none())
    {
        rows.push(Row {
            start: years(&office.formed),
            end: years(&office.abolished),
            ..row("office", &office.entity, POSITION)
        });
    }
    for organization in data.organizations.values().filter(|o| unmatched(&o.entity)) {
        rows.push(Row {
            start: years(&organization.founded),
            end: years(&organization.dissolved),
            ..row("organization", &organization.entity, NONE)
        });
    }
    for congress in data.congresses.values().filter(|c| unmatched(&c.entity)) {
        rows.push(Row {
            start: years(&congress.start),
            end: years(&congress.end),
            ..row(
                match congress.kind {
                    CongressKind::Congress => "congress",
                    CongressKind::Plenum => "plenum",
                },
                &congress.entity,
                NONE,
            )
        });
    }
    for event in data.events.values().filter(|e| unmatched(&e.entity)) {
        rows.push(Row {
            start: years(&event.date),
            end: years(&event.end),
            ..row("event", &event.entity, NONE)
        });
    }
    for place in data.places.values().filter(|p| unmatched(&p.entity)) {
        rows.push(row("place", &place.entity, NONE));
    }
    rows.sort();
    rows
}

/// A CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break,
/// with inner quotes doubled.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Writes the CSV: a header, then one row per entity without a Wikidata id.
pub fn write_csv(data: &Dataset, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
    writeln!(out, "{}", COLUMNS.join(","))?;
    for row in rows(data) {
        let fields = [
            row.id.as_str(),
            row.kind,
            &row.label_en,
            &row.label_ru,
            row.class,
            row.class_label,
            &row.born,
            &row.died,
            &row.start,
            &row.end,
            &row.description,
            &row.article,
            &row.candidates,
            &row.candidates_note,
        ];
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("Stalin"), "Stalin");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("the \"Troika\""), "\"the \"\"Troika\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
