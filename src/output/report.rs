//! The text reports of the command line, for people: the holders of an office, who held it
//! in a period, the consistency findings with their count, and the list of named queries.
//! They live here, not in the binary, so that unit tests reach them.

use crate::data::consistency::{Finding, Severity};
use crate::data::date::PartialDate;
use crate::data::diagnostic::plural;
use crate::data::holders::{self, Coverage};
use crate::data::model::Dataset;
use crate::store::query::NamedQuery;
use std::io::{self, Write};

/// Every holding of `office` and of its incarnations, in order, as an aligned table.
pub fn holders_table(data: &Dataset, office: &str, out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<Vec<String>> = holders::lineage(data, office)
        .iter()
        .map(|h| {
            vec![
                h.title.clone(),
                h.person.entity.label_en.clone(),
                // An unknown bound shows what the sources do give: a day it was in force.
                h.start.as_ref().map_or_else(
                    || {
                        h.held
                            .as_ref()
                            .map_or("?".to_owned(), |d| format!("by {}", d.shown))
                    },
                    |b| b.shown.clone(),
                ),
                h.end.as_ref().map_or_else(
                    || {
                        h.held
                            .as_ref()
                            .map_or("?".to_owned(), |d| format!("after {}", d.shown))
                    },
                    |b| b.shown.clone(),
                ),
                h.length(),
                if h.acting() {
                    "acting".to_owned()
                } else {
                    String::new()
                },
                h.citations(),
            ]
        })
        .collect();
    crate::table::write(
        &[
            "title",
            "holder",
            "start",
            "end",
            "length",
            "acting",
            "citations",
        ],
        &rows,
        out,
    )
}

/// Who held `office` from `first` to `last` (one date for both asks about one day, month
/// or year): each holder, surely or possibly and why; or, when nobody did, the holdings
/// around the gap and the events in it.
pub fn holders_between(
    data: &Dataset,
    office: &str,
    first: PartialDate,
    last: PartialDate,
    out: &mut impl Write,
) -> io::Result<()> {
    let period = if first == last {
        format!("On {first}")
    } else {
        format!("From {first} to {last}")
    };
    let name = data
        .offices
        .get(office)
        .map_or(office, |o| o.entity.label_en.as_str());
    let (from, to) = (first.earliest_day(), last.latest_day());
    let answer = holders::holders_between(data, office, from, to);
    if answer.iter().all(|(h, _)| h.in_fact) && !answer.is_empty() {
        writeln!(
            out,
            "{period} nobody held the office of {name} in name; in fact its role was filled by:"
        )?;
    } else if answer.is_empty() {
        writeln!(out, "{period} nobody held the office of {name}.")?;
        let gap = holders::explain_gap(data, office, from, to);
        if let Some(before) = &gap.before {
            let end = before.end.as_ref().map_or("?", |e| e.shown.as_str());
            writeln!(
                out,
                "  Before: {}, {}, until {end}.",
                before.person.entity.label_en, before.title
            )?;
        }
        if let Some(after) = &gap.after {
            let start = after.start.as_ref().map_or("?", |s| s.shown.as_str());
            writeln!(
                out,
                "  After: {}, {}, from {start}.",
                after.person.entity.label_en, after.title
            )?;
        }
        if !gap.events.is_empty() {
            writeln!(out, "  In between:")?;
            let width = gap.events.iter().map(|(_, d)| d.len()).max().unwrap_or(0);
            for (event, date) in &gap.events {
                writeln!(out, "    {date:<width$}  {}", event.entity.label_en)?;
            }
        }
        return Ok(());
    } else {
        writeln!(out, "{period} the office of {name} was held by:")?;
    }
    for (holding, coverage) in &answer {
        let dates = format!(
            "{} to {}",
            holding.start.as_ref().map_or("?", |s| s.shown.as_str()),
            holding.end.as_ref().map_or("?", |e| e.shown.as_str())
        );
        let acting = if holding.in_fact {
            format!(" (de facto, as {})", holding.office.entity.label_en)
        } else if holding.acting() && !holding.title.to_lowercase().contains("acting") {
            " (acting)".to_owned()
        } else {
            String::new()
        };
        let how = match coverage {
            Coverage::Throughout => "certainly".to_owned(),
            Coverage::Partly => "certainly, for part of the period".to_owned(),
            Coverage::Possibly(reason) => format!("possibly: {reason}"),
        };
        writeln!(
            out,
            "  {}, {}{acting}, {dates}: {how} [{}]",
            holding.person.entity.label_en,
            holding.title,
            holding.citations()
        )?;
    }
    Ok(())
}

/// The consistency findings, one per line, and the closing count. Returns the number of
/// errors and of warnings.
pub fn check_summary(
    findings: &[Finding],
    records: usize,
    out: &mut impl Write,
) -> io::Result<(usize, usize)> {
    for finding in findings {
        writeln!(out, "{finding}")?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    writeln!(
        out,
        "cpsu-kg: {} and {} in {records} records",
        plural(errors, "error"),
        plural(warnings, "warning"),
    )?;
    Ok((errors, warnings))
}

/// The named queries, each with its title, description and parameters.
pub fn query_listing(queries: &[NamedQuery], out: &mut impl Write) -> io::Result<()> {
    for named in queries {
        writeln!(
            out,
            "{}\n    {}\n    {}",
            named.name, named.title, named.description
        )?;
        for param in &named.params {
            writeln!(
                out,
                "    --param {}=<{}>  {}",
                param.name, param.kind, param.description
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn the_holders_table_lists_every_title_claimed() {
        let data = crate::data::check::load(None).expect("the embedded data loads");
        let table = text(|out| holders_table(&data, "general-secretary", out));
        let mut lines = table.lines();
        assert!(lines.next().is_some_and(|l| l.starts_with("title ")));
        assert!(lines.next().is_some_and(|l| l.starts_with("-----")));
        assert!(
            table.contains("Chairwoman of the Secretariat | Responsible Secretary  Elena Stasova"),
            "{table}"
        );
        assert_eq!(table.lines().count(), 2 + 13, "{table}");
    }

    #[test]
    fn a_gap_is_explained_by_what_lies_around_it() {
        let data = crate::data::check::load(None).expect("the embedded data loads");
        let day: PartialDate = "1953-06-01".parse().expect("a date");
        let gap = text(|out| holders_between(&data, "general-secretary", day, day, out));
        assert!(gap.starts_with("On 1953-06-01 nobody held the office of General Secretary"));
        assert!(gap.contains("  Before: Joseph Stalin, General Secretary, until 1952-10-16.\n"));
        let year: PartialDate = "1985".parse().expect("a date");
        let held = text(|out| holders_between(&data, "general-secretary", year, year, out));
        assert!(held.starts_with("On 1985 the office of"), "{held}");
        assert!(
            held.contains("Konstantin Chernenko, General Secretary"),
            "{held}"
        );
    }

    #[test]
    fn the_check_summary_counts_errors_and_warnings() {
        let finding = |severity| Finding {
            origin: crate::data::model::Origin {
                file: "data/x.toml".to_owned(),
                line: 3,
            },
            severity,
            message: "something".to_owned(),
        };
        let mut out = Vec::new();
        let counts = check_summary(
            &[
                finding(Severity::Error),
                finding(Severity::Warning),
                finding(Severity::Warning),
            ],
            7,
            &mut out,
        )
        .expect("written");
        assert_eq!(counts, (1, 2));
        assert!(
            String::from_utf8(out)
                .expect("UTF-8")
                .ends_with("cpsu-kg: 1 error and 2 warnings in 7 records\n")
        );
    }
}
