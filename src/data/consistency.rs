//! Consistency checks in the style of Wikidata's position-history tools, run on the domain
//! model before any RDF is made: missing dates and neighbours in an office's lineage,
//! successions out of order, overlapping terms, gaps with their size, dates too imprecise to
//! order, office held before birth or after death (claim by claim), Old Style dates that
//! are not the day of their Gregorian twin, events that disagree with the tenures they
//! begin or end, congress numbers out of date order, and cycles in part-of relations.
//!
//! Each check is a small function that pushes [`Finding`]s with the data file and line.
//! Errors are contradictions; warnings are what a careful editor should look at (a gap may
//! be history, as the months after Stalin's death were).
//!
//! ```
//! use cpsu_kg::data::consistency::{findings, Severity};
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let found = findings(&data);
//! assert!(found.iter().all(|f| f.severity == Severity::Warning));
//! assert!(found.iter().any(|f| f.message.contains("gap of")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::{DatePrecision, Day, PartialDate};
use crate::data::diagnostic::plural;
use crate::data::holders::{Bound, Holding, lineage};
use crate::data::model::{Claim, Dataset, Nature, Origin};
use std::collections::BTreeMap;
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A contradiction in the data: `check` exits 1.
    Error,
    /// Something to look at: `check` exits 0 unless `--strict`.
    Warning,
}

/// One finding of a consistency check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// Where the record that the finding is about starts.
    pub origin: Origin,
    /// Error or warning.
    pub severity: Severity,
    /// What was found, with the sizes and dates involved.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {severity}: {}", self.origin, self.message)
    }
}

struct Findings(Vec<Finding>);

impl Findings {
    fn error(&mut self, origin: &Origin, message: String) {
        self.0.push(Finding {
            origin: origin.clone(),
            severity: Severity::Error,
            message,
        });
    }

    fn warning(&mut self, origin: &Origin, message: String) {
        self.0.push(Finding {
            origin: origin.clone(),
            severity: Severity::Warning,
            message,
        });
    }
}

/// Two records may not name one Wikidata item: the Wikidata profile would merge them, and
/// an upload would give the item both records' statements (a folded incarnation names
/// its lineage's item with `wikidata_folded`, not with `wikidata`).
fn shared_wikidata_ids(data: &Dataset, found: &mut Findings) {
    let mut first: std::collections::BTreeMap<&str, &crate::data::model::Entity> =
        std::collections::BTreeMap::new();
    let mut all: Vec<&crate::data::model::Entity> = data.item_entities().collect();
    all.sort_by(|a, b| a.origin.cmp(&b.origin));
    for entity in all {
        let Some(q) = entity.wikidata.as_deref() else {
            continue;
        };
        match first.get(q) {
            Some(other) => found.error(
                &entity.origin,
                format!(
                    "`{}` has the Wikidata id {q} of `{}` ({}): one item is one record",
                    entity.id, other.id, other.origin
                ),
            ),
            None => {
                first.insert(q, entity);
            }
        }
    }
}

/// Runs every check and returns the findings sorted by file and line.
pub fn findings(data: &Dataset) -> Vec<Finding> {
    let mut found = Findings(Vec::new());
    for root in lineage_roots(data) {
        let holdings = lineage(data, &root);
        lineage_completeness(data, &root, &holdings, &mut found);
        overlaps(&holdings, &mut found);
    }
    succession_order(data, &mut found);
    succession_gaps(data, &mut found);
    lifetimes(data, &mut found);
    julian_dates(data, &mut found);
    event_tenure_dates(data, &mut found);
    congress_order(data, &mut found);
    cycles(data, &mut found);
    shared_wikidata_ids(data, &mut found);
    found.0.sort();
    found.0.dedup();
    found.0
}

/// The offices that stand for a whole lineage: those others name as `lineage`, and those
/// that are neither a lineage nor part of one (each is its own).
fn lineage_roots(data: &Dataset) -> Vec<String> {
    data.offices
        .values()
        .filter(|o| o.lineage.is_none())
        .map(|o| o.entity.id.clone())
        .collect()
}

fn days(a: Day, b: Day) -> i64 {
    b.days_since_epoch() - a.days_since_epoch()
}

fn lineage_completeness(
    data: &Dataset,
    root: &str,
    holdings: &[Holding<'_>],
    found: &mut Findings,
) {
    // Only lineages with incarnations are position histories; a one-off post is not.
    if !data
        .offices
        .values()
        .any(|o| o.lineage.as_deref() == Some(root))
    {
        return;
    }
    let abolished = data
        .offices
        .get(root)
        .is_some_and(|o| !o.abolished.is_empty());
    for (index, holding) in holdings.iter().enumerate() {
        let id = &holding.tenure.entity.id;
        let origin = &holding.tenure.entity.origin;
        if holding.start.is_none() {
            found.error(
                origin,
                format!("tenure `{id}` of the `{root}` lineage has no start"),
            );
        }
        let last = index + 1 == holdings.len();
        if holding.end.is_none() && (abolished || !last) {
            found.error(
                origin,
                format!("tenure `{id}` of the `{root}` lineage has no end, and it is not the current holding of a living office"),
            );
        }
        if holding.tenure.predecessor.is_none() && index > 0 {
            found.error(
                origin,
                format!(
                    "tenure `{id}` has no predecessor, but `{}` held the `{root}` lineage before it",
                    holdings[index - 1].tenure.entity.id
                ),
            );
        }
        if holding.tenure.successor.is_none() && !last {
            found.error(
                origin,
                format!(
                    "tenure `{id}` has no successor, but `{}` held the `{root}` lineage after it",
                    holdings[index + 1].tenure.entity.id
                ),
            );
        }
    }
}

/// Two regular holdings of one lineage may not surely overlap; acting holdings may.
fn overlaps(holdings: &[Holding<'_>], found: &mut Findings) {
    for (i, a) in holdings.iter().enumerate() {
        for b in &holdings[i + 1..] {
            if a.tenure.nature == Nature::Acting || b.tenure.nature == Nature::Acting {
                continue;
            }
            let (Some(a_end), Some(b_start)) = (&a.end, &b.start) else {
                continue;
            };
            // Handing over on one day is not an overlap: the end day and the start day meet.
            let overlap = days(b_start.latest, a_end.earliest);
            if overlap > 0 {
                found.error(
                    &b.tenure.entity.origin,
                    format!(
                        "tenure `{}` overlaps `{}` by at least {overlap} days: it began by {} and `{}` ended no earlier than {}",
                        b.tenure.entity.id, a.tenure.entity.id, b_start.latest, a.tenure.entity.id, a_end.earliest
                    ),
                );
            }
        }
    }
}

/// A predecessor must not begin after the tenure it precedes, nor a successor before.
fn succession_order(data: &Dataset, found: &mut Findings) {
    for tenure in data.tenures.values() {
        let Some(start) = Bound::of("start", &tenure.start) else {
            continue;
        };
        for (field, other, wrong) in [
            ("predecessor", &tenure.predecessor, true),
            ("successor", &tenure.successor, false),
        ] {
            let Some(other) = other.as_ref().and_then(|o| data.tenures.get(o)) else {
                continue;
            };
            let Some(other_start) = Bound::of("start", &other.start) else {
                continue;
            };
            let out_of_order = if wrong {
                other_start.earliest > start.latest
            } else {
                other_start.latest < start.earliest
            };
            if out_of_order {
                found.error(
                    &tenure.entity.origin,
                    format!(
                        "the {field} `{}` began {} but `{}` began {}: the order of the succession disagrees with the dates",
                        other.entity.id, other_start.shown, tenure.entity.id, start.shown
                    ),
                );
            }
        }
    }
}

/// Between a holder's end and the successor's start: a gap (with its size), or dates too
/// imprecise to tell.
fn succession_gaps(data: &Dataset, found: &mut Findings) {
    for tenure in data.tenures.values() {
        let Some(next) = tenure.successor.as_ref().and_then(|s| data.tenures.get(s)) else {
            continue;
        };
        let (Some(end), Some(start)) = (
            Bound::of("end", &tenure.end),
            Bound::of("start", &next.start),
        ) else {
            continue;
        };
        let (a, b) = (&tenure.entity.id, &next.entity.id);
        let shortest = days(end.latest, start.earliest) - 1;
        let longest = days(end.earliest, start.latest) - 1;
        if shortest > 0 {
            let size = if shortest == longest {
                plural(usize::try_from(shortest).unwrap_or(0), "day")
            } else {
                format!("{shortest} to {longest} days")
            };
            found.warning(
                &next.entity.origin,
                format!(
                    "gap of {size} between `{a}` (ended {}) and `{b}` (began {})",
                    end.shown, start.shown
                ),
            );
        } else if (end.earliest != end.latest || start.earliest != start.latest)
            // A sure overlap (the end surely after the start) is the overlap check's to report.
            && end.latest >= start.earliest
            && end.earliest <= start.latest
        {
            let why: Vec<String> = end
                .vagueness
                .iter()
                .chain(&start.vagueness)
                .cloned()
                .collect();
            found.warning(
                &next.entity.origin,
                format!(
                    "`{a}` ended {} and `{b}` began {}, which cannot be put in order: {}",
                    end.shown,
                    start.shown,
                    why.join("; ")
                ),
            );
        }
    }
}

/// Nobody holds office before birth or after death. Each claimed start and end is
/// checked on its own, so one wrong claim beside a right one is still caught: an error
/// when the claim is undisputed, a warning naming it when sources disagree on the date.
/// Birth and death are taken at their widest, so that a finding is never an artefact of a
/// disputed birth or death date.
fn lifetimes(data: &Dataset, found: &mut Findings) {
    for tenure in data.tenures.values() {
        let Some(person) = data.persons.get(&tenure.person) else {
            continue;
        };
        let born = Bound::of("birth", &person.born);
        let died = Bound::of("death", &person.died);
        for (verb, claims) in [("began", &tenure.start), ("ended", &tenure.end)] {
            for claim in claims {
                let outside =
                    match (&born, &died) {
                        (Some(born), _) if claim.value.latest_day() < born.earliest => Some(
                            format!("before `{}` was born ({})", person.entity.id, born.shown),
                        ),
                        (_, Some(died)) if claim.value.earliest_day() > died.latest => Some(
                            format!("after `{}` died ({})", person.entity.id, died.shown),
                        ),
                        _ => None,
                    };
                let Some(outside) = outside else { continue };
                let disputed = claims.iter().any(|c| c.value.disagrees(&claim.value));
                let message = format!("`{}` {verb} {}, {outside}", tenure.entity.id, claim.value);
                if disputed {
                    found.warning(
                        &claim.origin,
                        format!(
                            "{message}, by the claim written here; other sources give another date"
                        ),
                    );
                } else {
                    found.error(&claim.origin, message);
                }
            }
        }
    }
}

/// Every date claimed anywhere in the data, with the name of its field.
fn date_claims(data: &Dataset) -> Vec<(&'static str, &Claim<PartialDate>)> {
    let mut all = Vec::new();
    for person in data.persons.values() {
        all.extend(person.born.iter().map(|c| ("born", c)));
        all.extend(person.died.iter().map(|c| ("died", c)));
    }
    for organization in data.organizations.values() {
        all.extend(organization.founded.iter().map(|c| ("founded", c)));
        all.extend(organization.dissolved.iter().map(|c| ("dissolved", c)));
    }
    for office in data.offices.values() {
        all.extend(office.formed.iter().map(|c| ("formed", c)));
        all.extend(office.abolished.iter().map(|c| ("abolished", c)));
    }
    for tenure in data.tenures.values() {
        all.extend(tenure.start.iter().map(|c| ("start", c)));
        all.extend(tenure.end.iter().map(|c| ("end", c)));
    }
    for congress in data.congresses.values() {
        all.extend(congress.start.iter().map(|c| ("start", c)));
        all.extend(congress.end.iter().map(|c| ("end", c)));
    }
    for event in data.events.values() {
        all.extend(event.date.iter().map(|c| ("date", c)));
        all.extend(event.end.iter().map(|c| ("end", c)));
    }
    all
}

/// An Old Style date and its Gregorian twin are the same day: the Gregorian date is the
/// Julian one plus the calendar offset of its time (12 days in the 19th century, 13 from
/// 1 March 1900 Old Style on). Both must be known to the day to be compared.
fn julian_dates(data: &Dataset, found: &mut Findings) {
    for (field, claim) in date_claims(data) {
        let Some(julian) = &claim.julian else {
            continue;
        };
        let (Some(month), Some(day)) = (julian.month_number(), julian.day_number()) else {
            found.error(
                &claim.origin,
                format!("`{field}` gives the Old Style date {julian} without a day: give the day, as the source does, or drop `julian`"),
            );
            continue;
        };
        let twin = Day::from_julian(julian.year_number(), month, day);
        let stated = claim.value.earliest_day();
        if claim.value.precision() != DatePrecision::Day || twin != stated {
            found.error(
                &claim.origin,
                format!(
                    "`{field}` pairs Old Style {julian} with {}, but Old Style {julian} is {twin} in the Gregorian calendar: one of the two is wrong, so keep the date the source gives and drop the other",
                    claim.value
                ),
            );
        }
    }
}

/// An event that begins or ends a tenure agrees with it on the date: every date the one
/// claims is matched by a compatible date of the other (the same day, or one that a vaguer
/// or more precise claim allows), both ways. Where sources disagree, both sides carry every
/// claim, so that neither silently drops one.
fn event_tenure_dates(data: &Dataset, found: &mut Findings) {
    fn shown(claims: &[Claim<PartialDate>]) -> String {
        claims
            .iter()
            .map(|c| c.value.to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    }
    fn covered(these: &[Claim<PartialDate>], those: &[Claim<PartialDate>]) -> bool {
        these
            .iter()
            .all(|c| those.iter().any(|o| !o.value.disagrees(&c.value)))
    }
    for event in data.events.values() {
        for (ids, verb, field) in [
            (&event.starts, "began", "start"),
            (&event.ends, "ended", "end"),
        ] {
            for id in ids {
                let Some(tenure) = data.tenures.get(id) else {
                    continue;
                };
                let tenure_dates = if field == "start" {
                    &tenure.start
                } else {
                    &tenure.end
                };
                // An event dated only in words, or a tenure without the date, cannot
                // disagree; the other checks report a missing date where one is due.
                if event.date.is_empty() || tenure_dates.is_empty() {
                    continue;
                }
                if !covered(&event.date, tenure_dates) || !covered(tenure_dates, &event.date) {
                    found.warning(
                        &event.entity.origin,
                        format!(
                            "event `{}` ({}) says `{id}` {verb} then, but the tenure's {field} is {}: give both the same claims, each with its source",
                            event.entity.id,
                            shown(&event.date),
                            shown(tenure_dates)
                        ),
                    );
                }
            }
        }
    }
}

/// Congress numbers follow the order of their dates.
fn congress_order(data: &Dataset, found: &mut Findings) {
    let mut numbered: Vec<(u32, Bound, &crate::data::model::Congress)> = data
        .congresses
        .values()
        .filter_map(|c| Some((c.ordinal?, Bound::of("start", &c.start)?, c)))
        .collect();
    numbered.sort_by_key(|(n, _, _)| *n);
    for pair in numbered.windows(2) {
        let ((n1, b1, c1), (n2, b2, c2)) = (&pair[0], &pair[1]);
        if b2.latest < b1.earliest {
            found.error(
                &c2.entity.origin,
                format!(
                    "congress `{}` is number {n2} but met {}, before number {n1} (`{}`, {})",
                    c2.entity.id, b2.shown, c1.entity.id, b1.shown
                ),
            );
        }
    }
}

/// Part-of relations (organizations, places, office lineages) must not loop.
fn cycles(data: &Dataset, found: &mut Findings) {
    let mut graphs: Vec<(&str, Links<'_>)> = Vec::new();
    graphs.push((
        "part_of",
        data.organizations
            .values()
            .map(|o| {
                (
                    o.entity.id.as_str(),
                    (
                        o.part_of.iter().map(String::as_str).collect(),
                        &o.entity.origin,
                    ),
                )
            })
            .collect(),
    ));
    graphs.push((
        "contained_in",
        data.places
            .values()
            .map(|p| {
                (
                    p.entity.id.as_str(),
                    (
                        p.contained_in.iter().map(String::as_str).collect(),
                        &p.entity.origin,
                    ),
                )
            })
            .collect(),
    ));
    graphs.push((
        "lineage",
        data.offices
            .values()
            .map(|o| {
                (
                    o.entity.id.as_str(),
                    (
                        o.lineage.iter().map(String::as_str).collect(),
                        &o.entity.origin,
                    ),
                )
            })
            .collect(),
    ));
    for (field, graph) in graphs {
        for (&start, (_, origin)) in &graph {
            let mut loops = Vec::new();
            walk(&graph, start, start, &mut vec![start], &mut loops);
            // Each loop is reported once, at its alphabetically first member.
            for path in loops.into_iter().filter(|p| p.iter().all(|n| *n >= start)) {
                found.error(
                    origin,
                    format!("`{field}` forms a cycle: {} → {start}", path.join(" → ")),
                );
            }
        }
    }
}

type Links<'a> = BTreeMap<&'a str, (Vec<&'a str>, &'a Origin)>;

/// Collects every simple path from `node` back to `start`.
fn walk<'a>(
    graph: &Links<'a>,
    start: &'a str,
    node: &'a str,
    path: &mut Vec<&'a str>,
    loops: &mut Vec<Vec<&'a str>>,
) {
    for &target in graph.get(node).map_or(&[][..], |(t, _)| t.as_slice()) {
        if target == start {
            loops.push(path.clone());
        } else if !path.contains(&target) {
            path.push(target);
            walk(graph, start, target, path, loops);
            path.pop();
        }
    }
}
