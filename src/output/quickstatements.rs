//! QuickStatements V1: the Wikidata profile's statements as commands an editor can review
//! and upload, written so that both classic QuickStatements and QuickStatements 3.0 leave
//! on Wikidata exactly the statements the profile states.
//!
//! One command per line, tab-separated, in a fixed order: the statements on items that
//! already have a Wikidata id, then, only with [`Options::create`], a `CREATE` block for
//! each entity without one, whose terms and statements follow on `LAST` lines. Times carry
//! their precision (`+1917-04-00T00:00:00Z/10`), Russian names are monolingual text
//! (`ru:"…"`).
//!
//! Both tools merge a line into the statement that already has its subject, property and
//! value, so the writer follows their rules rather than fight them: each reference is a
//! line of its own that repeats the statement and its qualifiers (the way both add a
//! second reference to a statement), and a second statement with the same value as
//! another (a disputed start date, a second tenure of one office) is not written, since it
//! would be merged into the first. The file holds commands only: what was left out, and
//! why, goes to the review report ([`Note`]), never into the upload.
//!
//! ```
//! use cpsu_kg::graph::vocab::BaseIri;
//! use cpsu_kg::output::quickstatements::{Options, write};
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let mut out = Vec::new();
//! let notes = write(&data, &BaseIri::default(), Options::default(), &mut out)?;
//! let text = String::from_utf8(out)?;
//! assert!(text.lines().any(|l| l.starts_with("Q855\tP39\tQ1048744\tP580\t+1922-04-03T00:00:00Z/11")));
//! assert!(!text.lines().any(|l| l == "CREATE" || l.starts_with("/*")));
//! assert!(!notes.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::PartialDate;
use crate::data::model::Dataset;
use crate::graph::vocab::BaseIri;
use crate::graph::wikidata::{
    Item, Value, entities, precision_number, reference_values, time_string,
};
use crate::output::live::{Live, LiveStatement};
use std::io::{self, Write};

/// A value as V1 writes it, or why it cannot be written.
fn value(value: &Value) -> Result<String, String> {
    Ok(match value {
        Value::Item(Item::Wikidata(q)) => q.clone(),
        Value::Item(Item::Project(iri)) => {
            return Err(format!("<{}> has no Wikidata id", iri.as_str()));
        }
        Value::Time(date) => time(date),
        Value::Text(text) | Value::Url(text) => quoted(text)?,
        Value::Monolingual(text, language) => format!("{language}:{}", quoted(text)?),
    })
}

/// `+1922-04-03T00:00:00Z/11`.
pub fn time(date: &PartialDate) -> String {
    format!(
        "{}/{}",
        time_string(date),
        precision_number(date.precision())
    )
}

/// A string in V1 quotes. V1 takes everything between the first and the last quote, so
/// inner quotes need no escape; tabs and line breaks cannot be written at all.
fn quoted(text: &str) -> Result<String, String> {
    if text.contains(['\t', '\n', '\r']) {
        return Err(format!(
            "the text {text:?} has a tab or a line break, which V1 cannot carry"
        ));
    }
    Ok(format!("\"{text}\""))
}

/// What the batch writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options<'a> {
    /// Write a `CREATE` block for each entity without a Wikidata id that can be created
    /// whole (a Wikidata class as P31, labels in both languages, an English description).
    /// Without it, nothing is created and statements that need such an item are noted.
    pub create: bool,
    /// What Wikidata already holds: with it, the batch holds only what is missing there
    /// (statements, qualifiers, references), and a value that conflicts with Wikidata's
    /// is noted, never uploaded.
    pub against: Option<&'a Live>,
}

/// One row of the review report: something the batch does not upload, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The record id in the data.
    pub entity: String,
    /// `P39`, a term code such as `Lru`, or `CREATE`.
    pub property: String,
    /// The value concerned, in V1 notation where it has one.
    pub value: String,
    /// Why it was left out.
    pub reason: String,
}

impl Note {
    fn new(
        entity: &str,
        property: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Note {
            entity: entity.to_owned(),
            property: property.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }
}

/// Writes the review report as TSV with a header: entity, property, value, reason. Tabs
/// and line breaks inside a field become spaces.
pub fn write_report(notes: &[Note], out: &mut (impl Write + ?Sized)) -> io::Result<()> {
    let clean = |text: &str| text.replace(['\t', '\n', '\r'], " ");
    writeln!(out, "entity\tproperty\tvalue\treason")?;
    for note in notes {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            clean(&note.entity),
            clean(&note.property),
            clean(&note.value),
            clean(&note.reason)
        )?;
    }
    Ok(())
}

/// Writes the commands and returns the review report.
pub fn write(
    data: &Dataset,
    base: &BaseIri,
    options: Options,
    out: &mut (impl Write + ?Sized),
) -> io::Result<Vec<Note>> {
    let entities = entities(data, base);
    let (existing, new): (Vec<_>, Vec<_>) = entities
        .iter()
        .partition(|e| matches!(e.item, Item::Wikidata(_)));
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    for entity in &existing {
        let Item::Wikidata(q) = &entity.item else {
            continue;
        };
        if let Some(live) = options.against
            && !live.has(q)
        {
            notes.push(Note::new(
                &entity.id,
                "",
                q,
                "not in the --against files: written whole, not compared with Wikidata",
            ));
        }
        statements(data, q, entity, options.against, &mut lines, &mut notes);
    }
    for entity in &new {
        if data
            .offices
            .get(&entity.id)
            .is_some_and(|o| o.wikidata_folded.is_some())
        {
            notes.push(Note::new(
                &entity.id,
                "CREATE",
                &entity.label_en,
                "an incarnation filed under its lineage's Wikidata item: nothing to create",
            ));
            continue;
        }
        // An entity with a Wikipedia article, or one the reference notes list candidate ids
        // for, has an item already: creating one would make a duplicate.
        if let Some(url) = data.english_article(&entity.id) {
            notes.push(Note::new(
                &entity.id,
                "CREATE",
                &entity.label_en,
                format!("reconcile first: it has an English Wikipedia article, {url}, so Wikidata has an item for it; nothing is created"),
            ));
            continue;
        }
        if let Some(candidates) = candidates(data, &entity.id) {
            notes.push(Note::new(
                &entity.id,
                "CREATE",
                &entity.label_en,
                format!("reconcile first: the reference notes name unverified items for it ({candidates}); nothing is created"),
            ));
            continue;
        }
        if !options.create {
            notes.push(Note::new(
                &entity.id,
                "CREATE",
                &entity.label_en,
                "no Wikidata id: reconcile it, or pass --create; its statements are not written",
            ));
            continue;
        }
        if let Some(missing) = incomplete(entity) {
            notes.push(Note::new(
                &entity.id,
                "CREATE",
                &entity.label_en,
                format!("not created: {missing}"),
            ));
            continue;
        }
        lines.push("CREATE".to_owned());
        for (code, text) in std::iter::once(("Len", &entity.label_en))
            .chain(entity.label_ru.iter().map(|ru| ("Lru", ru)))
            .chain(std::iter::once(("Den", &entity.description)))
            .chain(entity.alt_labels.iter().map(|a| ("Aen", a)))
        {
            match quoted(text) {
                Ok(text) => lines.push(format!("LAST\t{code}\t{text}")),
                Err(reason) => notes.push(Note::new(&entity.id, code, text, reason)),
            }
        }
        notes.push(Note::new(
            &entity.id,
            "Dru",
            "",
            "created without a Russian description: the data has none",
        ));
        statements(data, "LAST", entity, None, &mut lines, &mut notes);
    }
    for value in crate::graph::wikidata::withheld(data) {
        notes.push(Note::new(
            &value.record,
            value.field,
            &value.value,
            format!(
                "cited only to {}: a reference would point at the page as it stands, which says otherwise; reported, not uploaded",
                value.sources.join(", ")
            ),
        ));
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(notes)
}

/// The unverified Wikidata ids the data lists for a record, if any.
fn candidates(data: &Dataset, id: &str) -> Option<String> {
    let entity = data.item_entities().find(|e| e.id == id)?;
    if entity.wikidata_candidates.is_empty() {
        return None;
    }
    let ids = entity.wikidata_candidates.join(", ");
    Some(match &entity.wikidata_candidates_note {
        Some(note) => format!("{ids}; {note}"),
        None => ids,
    })
}

/// Why an entity cannot be created whole, if it cannot.
fn incomplete(entity: &crate::graph::wikidata::WikiEntity) -> Option<&'static str> {
    let class = entity.statements.iter().any(|s| {
        s.property == crate::graph::wikidata::property::INSTANCE_OF
            && matches!(s.value, Value::Item(Item::Wikidata(_)))
    });
    if !class {
        Some("no instance of (P31) with a Wikidata class")
    } else if entity.label_ru.is_none() {
        Some("no Russian label")
    } else if quoted(&entity.label_en).is_err() || quoted(&entity.description).is_err() {
        Some("its English label or description cannot be written in V1")
    } else {
        None
    }
}

fn statements(
    data: &Dataset,
    subject: &str,
    entity: &crate::graph::wikidata::WikiEntity,
    against: Option<&Live>,
    lines: &mut Vec<String>,
    notes: &mut Vec<Note>,
) {
    let live = against.filter(|live| live.has(subject));
    // Both tools merge a line into the statement with the same property and value.
    let mut written: Vec<(u32, String)> = Vec::new();
    for statement in &entity.statements {
        let property = format!("P{}", statement.property);
        let main = match value(&statement.value) {
            Ok(main) => main,
            Err(reason) => {
                notes.push(Note::new(&entity.id, property, "", reason));
                continue;
            }
        };
        if written.contains(&(statement.property, main.clone())) {
            notes.push(Note::new(
                &entity.id,
                property,
                &main,
                "another statement with this value is in the batch, and QuickStatements would merge the two: review this one by hand",
            ));
            continue;
        }
        let mut qualifiers: Vec<(u32, String)> = Vec::new();
        for (number, qualifier) in &statement.qualifiers {
            match value(qualifier) {
                Ok(v) => qualifiers.push((*number, v)),
                Err(reason) => notes.push(Note::new(
                    &entity.id,
                    &property,
                    &main,
                    format!("qualifier P{number} left out: {reason}"),
                )),
            }
        }
        // Footnotes of one article make the same V1 reference; write each group once,
        // each on a line of its own (a second `!S` group is lost on an existing item).
        let mut groups: Vec<Vec<(u32, String)>> = Vec::new();
        for citation in &statement.references {
            let group: Vec<(u32, String)> = reference_values(data, citation)
                .iter()
                .filter_map(|(number, reference)| value(reference).ok().map(|v| (*number, v)))
                .collect();
            if !group.is_empty() && !groups.contains(&group) {
                groups.push(group);
            }
        }
        // A reference that supports only some of the values would, in V1, vouch for the
        // whole statement: it is left out and noted.
        for (citation, properties) in &statement.partial_references {
            let scope: Vec<String> = properties.iter().map(|p| format!("P{p}")).collect();
            notes.push(Note::new(
                &entity.id,
                &property,
                &main,
                format!(
                    "reference {} supports only {}; left out",
                    citation.slug(),
                    scope.join(", ")
                ),
            ));
        }
        if let Some(live) = live {
            match missing(
                live,
                subject,
                statement.property,
                &main,
                &qualifiers,
                &groups,
            ) {
                Ok(None) => continue,
                Ok(Some((q, g))) => (qualifiers, groups) = (q, g),
                Err(reason) => {
                    notes.push(Note::new(&entity.id, &property, &main, reason));
                    continue;
                }
            }
        }
        // Only what is written can be merged with: a twin that was not written (a conflict,
        // or already on Wikidata) leaves the way open.
        written.push((statement.property, main.clone()));
        let mut line = format!("{subject}\t{property}\t{main}");
        for (number, v) in &qualifiers {
            line.push_str(&format!("\tP{number}\t{v}"));
        }
        if groups.is_empty() {
            lines.push(line.clone());
        }
        for group in groups {
            let mut referenced = line.clone();
            for (number, v) in group {
                referenced.push_str(&format!("\tS{number}\t{v}"));
            }
            lines.push(referenced);
        }
    }
}

/// Property–value pairs in V1 notation: a statement's qualifiers, or one reference.
type Snaks = Vec<(u32, String)>;

/// Qualifiers whose value is one per statement: where Wikidata has another, the statements
/// disagree (another start date, another title, another predecessor).
const DECIDING_QUALIFIERS: [u32; 6] = [580, 582, 1932, 1365, 1366, 5102];

/// Properties an item has one value of: where Wikidata has another, the values conflict.
const ONE_VALUE: [u32; 4] = [569, 570, 571, 576];

/// The URLs and items a statement's references name, for the review report.
fn cited(groups: &[Vec<(u32, String)>]) -> String {
    let mut named: Vec<&str> = groups
        .iter()
        .flatten()
        .filter(|(p, _)| [854, 4656, 248].contains(p))
        .chain(
            // A reference with no URL or work is at least an import from a project.
            groups
                .iter()
                .filter(|g| !g.iter().any(|(p, _)| [854, 4656, 248].contains(p)))
                .flatten()
                .filter(|(p, _)| *p == 143),
        )
        .map(|(_, v)| v.trim_matches('"'))
        .collect();
    named.dedup();
    if named.is_empty() {
        "no source".to_owned()
    } else {
        named.join(", ")
    }
}

/// What of a statement Wikidata lacks: `Ok(None)` if it has it all, the qualifiers and
/// reference groups to add otherwise, or why it must not be uploaded (a conflict, or a
/// statement QuickStatements could not aim at).
fn missing(
    live: &Live,
    subject: &str,
    property: u32,
    main: &str,
    qualifiers: &[(u32, String)],
    groups: &[Snaks],
) -> Result<Option<(Snaks, Vec<Snaks>)>, String> {
    let theirs = live.statements(subject, property);
    let ours = cited(groups);
    let deprecated: Vec<Vec<(u32, String)>> = theirs
        .iter()
        .filter(|t| t.deprecated && t.value.as_deref() == Some(main))
        .flat_map(|t| t.references.clone())
        .collect();
    if theirs
        .iter()
        .any(|t| t.deprecated && t.value.as_deref() == Some(main))
    {
        return Err(format!(
            "Wikidata holds this value with deprecated rank (sources: {}); here it is claimed (sources: {ours}): review by hand",
            cited(&deprecated)
        ));
    }
    let same: Vec<&LiveStatement> = theirs
        .iter()
        .filter(|t| !t.deprecated && t.value.as_deref() == Some(main))
        .collect();
    let Some(existing) = same.first() else {
        if ONE_VALUE.contains(&property)
            && let Some(other) = theirs
                .iter()
                .filter(|t| !t.deprecated)
                .find_map(|t| t.value.as_ref().map(|v| (v, t)))
        {
            return Err(format!(
                "conflicts with Wikidata: there P{property} = {} (sources: {}); here {main} (sources: {ours})",
                other.0,
                cited(&other.1.references)
            ));
        }
        return Ok(Some((qualifiers.to_vec(), groups.to_vec())));
    };
    if same.len() > 1 {
        return Err(format!(
            "Wikidata has {} statements with this value, and QuickStatements would add to the first: review by hand",
            same.len()
        ));
    }
    for number in DECIDING_QUALIFIERS {
        let here: Vec<&String> = qualifiers
            .iter()
            .filter(|(p, _)| *p == number)
            .map(|(_, v)| v)
            .collect();
        let there = existing.qualifiers.get(&number);
        if let Some(there) = there
            && !here.is_empty()
            && !here.iter().any(|v| there.contains(v))
        {
            return Err(format!(
                "conflicts with Wikidata: there P{number} = {} (sources: {}); here {} (sources: {ours})",
                there.join(" | "),
                cited(&existing.references),
                here.iter()
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
    }
    let new_qualifiers: Vec<(u32, String)> = qualifiers
        .iter()
        .filter(|(p, v)| {
            !existing
                .qualifiers
                .get(p)
                .is_some_and(|there| there.contains(v))
        })
        .cloned()
        .collect();
    let new_groups: Vec<Vec<(u32, String)>> = groups
        .iter()
        .filter(|group| {
            !existing
                .references
                .iter()
                .any(|reference| group.iter().all(|snak| reference.contains(snak)))
        })
        .cloned()
        .collect();
    if new_qualifiers.is_empty() && new_groups.is_empty() {
        Ok(None)
    } else {
        Ok(Some((new_qualifiers, new_groups)))
    }
}
