//! The provenance report: for each source, every value it is cited for, by the part of
//! the source (the whole text, the infobox, a footnote) that supports it.
//!
//! A reviewer reads one source's list against the source itself: each line is a record
//! and one of its values, so a value credited to a footnote that does not give it stands
//! out. A record's own citations support only its existence, English label, description
//! and note; every claimed value (a date, a title, a Russian name) lists the citations of
//! its own claim.
//!
//! ```
//! let data = cpsu_kg::data::check::load(None)?;
//! let mut report = Vec::new();
//! cpsu_kg::output::provenance::write_report(&data, &mut report)?;
//! let report = String::from_utf8(report)?;
//! assert!(report.contains("person:stalin  died  1953-03-05"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::PartialDate;
use crate::data::model::{Citation, Claim, Dataset, Entity, Locator};
use std::collections::BTreeMap;
use std::fmt::Display;
use std::io::{self, Write};

/// One value a citation supports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Support {
    /// The record, as `kind:id`.
    pub record: String,
    /// The field the value is in: `record` for the record itself, else the field's name.
    pub field: &'static str,
    /// The value as written, with the claim's note where it has one.
    pub value: String,
}

/// Collects every value of the data under the citations that support it.
#[derive(Default)]
struct Collector {
    supports: BTreeMap<Citation, Vec<Support>>,
}

impl Collector {
    fn add(&mut self, cite: &[Citation], record: &str, field: &'static str, value: String) {
        for citation in cite {
            self.supports
                .entry(citation.clone())
                .or_default()
                .push(Support {
                    record: record.to_owned(),
                    field,
                    value: value.clone(),
                });
        }
    }

    fn entity(&mut self, kind: &str, entity: &Entity) -> String {
        let record = format!("{kind}:{}", entity.id);
        let label = if entity.label_en.is_empty() {
            String::new()
        } else {
            format!("\"{}\": ", entity.label_en)
        };
        self.add(
            &entity.cite,
            &record,
            "record",
            format!("{label}{}", entity.description),
        );
        if let Some(note) = &entity.note {
            self.add(&entity.cite, &record, "note", note.clone());
        }
        if let Some(ru) = &entity.label_ru {
            self.add(&entity.label_ru_cite, &record, "label_ru", ru.clone());
        }
        for alt in &entity.alt_labels {
            self.add(&alt.cite, &record, "alt_labels", alt.value.clone());
        }
        record
    }

    fn claims<T: Display>(&mut self, record: &str, field: &'static str, claims: &[Claim<T>]) {
        for claim in claims {
            let mut value = claim.value.to_string();
            if let Some(julian) = &claim.julian {
                value.push_str(&format!(" (Old Style {julian})"));
            }
            if let Some(note) = &claim.note {
                value.push_str(&format!(" ({note})"));
            }
            self.add(&claim.cite, record, field, value);
        }
    }

    fn dates(&mut self, record: &str, fields: [(&'static str, &[Claim<PartialDate>]); 2]) {
        for (field, claims) in fields {
            self.claims(record, field, claims);
        }
    }
}

/// Every citation of the data with the values it supports, each list sorted by record.
pub fn supports(data: &Dataset) -> BTreeMap<Citation, Vec<Support>> {
    let mut c = Collector::default();
    for person in data.persons.values() {
        let r = c.entity("person", &person.entity);
        c.dates(&r, [("born", &person.born), ("died", &person.died)]);
    }
    for organization in data.organizations.values() {
        let r = c.entity("organization", &organization.entity);
        c.dates(
            &r,
            [
                ("founded", &organization.founded),
                ("dissolved", &organization.dissolved),
            ],
        );
    }
    for office in data.offices.values() {
        let r = c.entity("office", &office.entity);
        c.dates(
            &r,
            [("formed", &office.formed), ("abolished", &office.abolished)],
        );
        c.claims(&r, "style", &office.style);
        c.claims(&r, "status", &office.status);
        c.claims(
            &r,
            "constituting_instrument",
            &office.constituting_instrument,
        );
    }
    for tenure in data.tenures.values() {
        let r = c.entity("tenure", &tenure.entity);
        c.claims(&r, "title", &tenure.title);
        c.dates(&r, [("start", &tenure.start), ("end", &tenure.end)]);
    }
    for congress in data.congresses.values() {
        let r = c.entity("congress", &congress.entity);
        c.dates(&r, [("start", &congress.start), ("end", &congress.end)]);
    }
    for event in data.events.values() {
        let r = c.entity("event", &event.entity);
        c.dates(&r, [("date", &event.date), ("end", &event.end)]);
    }
    for place in data.places.values() {
        c.entity("place", &place.entity);
    }
    for list in c.supports.values_mut() {
        list.sort();
    }
    c.supports
}

/// Writes the report: each source (the primary article first) with its title and
/// address, then each part of it that is cited, then one line per value it supports.
pub fn write_report(data: &Dataset, out: &mut impl Write) -> io::Result<()> {
    let supports = supports(data);
    let mut sources: Vec<_> = data.sources.values().collect();
    sources.sort_by_key(|s| (s.footnotes == 0, s.entity.id.clone()));
    for (i, source) in sources.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}: {}", source.entity.id, source.entity.label_en)?;
        writeln!(out, "  {}", source.url)?;
        let parts: Vec<_> = supports
            .iter()
            .filter(|(citation, _)| citation.source == source.entity.id)
            .collect();
        if parts.is_empty() {
            writeln!(out, "  (cited for nothing)")?;
        }
        for (citation, values) in parts {
            let part = match citation.locator {
                Locator::Whole => "the text as a whole".to_owned(),
                Locator::Infobox => "infobox".to_owned(),
                Locator::Footnote(n) => format!("footnote {n}"),
            };
            writeln!(out, "  {part}")?;
            for support in values {
                writeln!(
                    out,
                    "    {}  {}  {}",
                    support.record, support.field, support.value
                )?;
            }
        }
    }
    Ok(())
}
