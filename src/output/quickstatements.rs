//! QuickStatements V1: the Wikidata profile's statements as commands an editor can review
//! and upload.
//!
//! One command per line, tab-separated, in a fixed order: first the statements on items
//! that already have a Wikidata id, then a `CREATE` block for each entity without one,
//! whose terms and statements follow on `LAST` lines. Times carry their precision
//! (`+1917-04-00T00:00:00Z/10`), Russian names are monolingual text (`ru:"…"`), and each
//! citation is one reference group (`S…` for the first, `!S…` for the next).
//!
//! V1 cannot point at an item that has no id yet from anywhere but its own block. A
//! statement whose value is such an item is written as a `/* … */` comment line with the
//! reason, which QuickStatements skips, and so is a qualifier it had to leave out: nothing
//! is dropped silently.
//!
//! ```
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let mut out = Vec::new();
//! cpsu_kg::output::quickstatements::write(&data, &BaseIri::default(), false, &mut out)?;
//! let text = String::from_utf8(out)?;
//! assert!(text.lines().any(|l| l.starts_with("Q855\tP39\tQ1048744\tP580\t+1922-04-03T00:00:00Z/11")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::PartialDate;
use crate::data::model::Dataset;
use crate::graph::vocab::BaseIri;
use crate::graph::wikidata::{
    Item, Value, entities, precision_number, reference_values, time_string,
};
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
/// inner quotes need no escape; tabs, line breaks and `*/` (which would end a comment)
/// cannot be written at all.
fn quoted(text: &str) -> Result<String, String> {
    if text.contains(['\t', '\n', '\r']) || text.contains("*/") {
        return Err(format!(
            "the text {text:?} has a tab, a line break or `*/`, which V1 cannot carry"
        ));
    }
    Ok(format!("\"{text}\""))
}

/// A comment line QuickStatements skips.
fn comment(text: &str) -> String {
    format!("/* {} */", text.replace("*/", "* /"))
}

/// Writes the commands. With `only_existing`, entities without a Wikidata id are left
/// out, and so is every statement that would need one.
pub fn write(
    data: &Dataset,
    base: &BaseIri,
    only_existing: bool,
    out: &mut (impl Write + ?Sized),
) -> io::Result<()> {
    let entities = entities(data, base);
    let (existing, new): (Vec<_>, Vec<_>) = entities
        .iter()
        .partition(|e| matches!(e.item, Item::Wikidata(_)));
    let mut lines = Vec::new();
    for entity in &existing {
        let Item::Wikidata(q) = &entity.item else {
            continue;
        };
        statements(data, q, entity, &mut lines);
    }
    if !only_existing {
        for entity in &new {
            lines.push("CREATE".to_owned());
            for (code, text) in std::iter::once(("Len", &entity.label_en))
                .chain(entity.label_ru.iter().map(|ru| ("Lru", ru)))
                .chain(std::iter::once(("Den", &entity.description)))
                .chain(entity.alt_labels.iter().map(|a| ("Aen", a)))
            {
                match quoted(text) {
                    Ok(text) => lines.push(format!("LAST\t{code}\t{text}")),
                    Err(reason) => lines.push(comment(&format!(
                        "{}: {code} left out: {reason}",
                        entity.id
                    ))),
                }
            }
            statements(data, "LAST", entity, &mut lines);
        }
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn statements(
    data: &Dataset,
    subject: &str,
    entity: &crate::graph::wikidata::WikiEntity,
    lines: &mut Vec<String>,
) {
    for statement in &entity.statements {
        let main = match value(&statement.value) {
            Ok(main) => main,
            Err(reason) => {
                lines.push(comment(&format!(
                    "{} ({}) P{}: statement left out: {reason}",
                    entity.id, subject, statement.property
                )));
                continue;
            }
        };
        let mut line = format!("{subject}\tP{}\t{main}", statement.property);
        for (property, qualifier) in &statement.qualifiers {
            match value(qualifier) {
                Ok(v) => line.push_str(&format!("\tP{property}\t{v}")),
                Err(reason) => lines.push(comment(&format!(
                    "{} ({}) P{} {main}: qualifier P{property} left out: {reason}",
                    entity.id, subject, statement.property
                ))),
            }
        }
        // Footnotes of one article make the same V1 reference; write each group once.
        let mut groups: Vec<Vec<(u32, String)>> = Vec::new();
        for citation in &statement.references {
            let group: Vec<(u32, String)> = reference_values(data, citation)
                .iter()
                .filter_map(|(property, reference)| value(reference).ok().map(|v| (*property, v)))
                .collect();
            if !group.is_empty() && !groups.contains(&group) {
                groups.push(group);
            }
        }
        for (index, group) in groups.iter().enumerate() {
            for (position, (property, v)) in group.iter().enumerate() {
                let bang = if index > 0 && position == 0 { "!" } else { "" };
                line.push_str(&format!("\t{bang}S{property}\t{v}"));
            }
        }
        // A reference that supports only some of the values would, in V1, vouch for the
        // whole statement: it is left out and said so.
        for (citation, properties) in &statement.partial_references {
            let scope: Vec<String> = properties.iter().map(|p| format!("P{p}")).collect();
            lines.push(comment(&format!(
                "{} ({}) P{} {main}: reference {} supports only {}; left out",
                entity.id,
                subject,
                statement.property,
                citation.slug(),
                scope.join(", ")
            )));
        }
        lines.push(line);
    }
}
