//! Who held an office when: the holders of an office lineage in order, and honest answers
//! to "who held it on this date", with partial and disputed dates taken at their word.
//!
//! Every bound of a tenure is a range of days: the start of a tenure that began "1917-04"
//! lies somewhere in April 1917; a start that sources give as 1985-03-10 and 1985-03-11 lies
//! in those two days. A vaguer claim that a precise claim refines is set aside
//! ([`crate::data::model::unrefined`]). A date is then covered *certainly* when it lies after every
//! possible start and before every possible end, and *possibly* when some reading of the
//! sources puts it inside.
//!
//! ```
//! use cpsu_kg::data::holders::{holders_between, Coverage};
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let day = "1918-06-01".parse()?;
//! let answer = holders_between(&data, "general-secretary", day, day);
//! // Stasova's term as Technical Secretary ended in "1918": maybe before June, maybe after.
//! assert!(answer.iter().any(|(h, c)| h.person.entity.id == "stasova" && matches!(c, Coverage::Possibly(_))));
//! assert!(answer.iter().any(|(h, c)| h.person.entity.id == "sverdlov" && *c == Coverage::Throughout));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::{DatePrecision, Day, PartialDate};
use crate::data::model::{
    Citation, Claim, Dataset, Event, Locator, Nature, Office, Person, Tenure, unrefined,
};

/// One bound of a tenure (its start or its end) as a range of possible days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The first day the bound may be.
    pub earliest: Day,
    /// The last day the bound may be.
    pub latest: Day,
    /// The claimed values, as written: `1985-03-10 | 1985-03-11`.
    pub shown: String,
    /// Why the bound is not one known day, if it is not.
    pub vagueness: Option<String>,
}

impl Bound {
    /// The bound of a date field, or `None` when nothing is claimed.
    pub fn of(field: &str, claims: &[Claim<PartialDate>]) -> Option<Self> {
        let mut values: Vec<PartialDate> = unrefined(claims).map(|c| c.value).collect();
        values.sort_by_key(|v| (v.earliest_day(), v.latest_day()));
        let earliest = values.iter().map(PartialDate::earliest_day).min()?;
        let latest = values.iter().map(PartialDate::latest_day).max()?;
        let shown = values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
        let vagueness = if values.len() > 1 {
            Some(format!("sources disagree on the {field} ({shown})"))
        } else {
            match values[0].precision() {
                DatePrecision::Day => None,
                DatePrecision::Month => Some(format!(
                    "the {field} date is known only to the month ({shown})"
                )),
                DatePrecision::Year => Some(format!(
                    "the {field} date is known only to the year ({shown})"
                )),
            }
        };
        Some(Self {
            earliest,
            latest,
            shown,
            vagueness,
        })
    }
}

/// A tenure with everything needed to place it in time and say where it comes from.
#[derive(Debug, Clone)]
pub struct Holding<'a> {
    /// The tenure.
    pub tenure: &'a Tenure,
    /// Its holder.
    pub person: &'a Person,
    /// The office held.
    pub office: &'a Office,
    /// The title as held: every claimed title, `a | b` where sources disagree, else the
    /// office's name.
    pub title: String,
    /// When it began, if known.
    pub start: Option<Bound>,
    /// When it ended, if known.
    pub end: Option<Bound>,
    /// The days the sources say it was in force, where they give no start or no end.
    pub held: Option<Bound>,
    /// Whether this is a de facto holding of the office asked about: the role filled in
    /// fact, under another post (`de_facto_of`).
    pub in_fact: bool,
    /// The first day the holder may have been born and the last day they may have died:
    /// the outer limits of a tenure whose start or end no source gives.
    pub life: (Option<Day>, Option<Day>),
}

impl Holding<'_> {
    /// Whether the holding was acting.
    pub fn acting(&self) -> bool {
        self.tenure.nature == Nature::Acting
    }

    /// The shortest and longest the tenure may have lasted, in days.
    pub fn length_days(&self) -> Option<(i64, i64)> {
        let (start, end) = (self.start.as_ref()?, self.end.as_ref()?);
        let shortest = end.earliest.days_since_epoch() - start.latest.days_since_epoch();
        let longest = end.latest.days_since_epoch() - start.earliest.days_since_epoch();
        Some((shortest.max(0), longest))
    }

    /// The tenure's length in words: exact where both bounds are known days.
    pub fn length(&self) -> String {
        let years = |days: i64| days as f64 / 365.2425;
        match self.length_days() {
            None => "unknown".to_owned(),
            Some((a, b)) if a == b && a < 365 => format!("{a} days"),
            Some((a, b)) if a == b => format!("{a} days ({:.1} years)", years(a)),
            Some((a, b)) if b < 365 => format!("{a} to {b} days"),
            Some((a, b)) if format!("{:.1}", years(a)) == format!("{:.1}", years(b)) => {
                format!("{a} to {b} days ({:.1} years)", years(b))
            }
            Some((a, b)) => format!("{:.1} to {:.1} years", years(a), years(b)),
        }
    }

    /// The tenure's citations, grouped by source: `enwiki-gensec (infobox, 19); …`.
    pub fn citations(&self) -> String {
        let mut all: Vec<&Citation> = self
            .tenure
            .entity
            .cite
            .iter()
            .chain(self.tenure.title.iter().flat_map(|c| &c.cite))
            .chain(self.tenure.start.iter().flat_map(|c| &c.cite))
            .chain(self.tenure.end.iter().flat_map(|c| &c.cite))
            .chain(self.tenure.held.iter().flat_map(|c| &c.cite))
            .collect();
        all.sort();
        all.dedup();
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for citation in all {
            let locator = match citation.locator {
                Locator::Whole => None,
                Locator::Infobox => Some("infobox".to_owned()),
                Locator::Footnote(n) => Some(n.to_string()),
            };
            match groups.iter_mut().find(|(s, _)| *s == citation.source) {
                Some((_, locators)) => locators.extend(locator),
                None => groups.push((citation.source.clone(), locator.into_iter().collect())),
            }
        }
        groups
            .into_iter()
            .map(|(source, locators)| {
                if locators.is_empty() {
                    source
                } else {
                    format!("{source} ({})", locators.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Whether `id` is the office `office` or one of its incarnations.
fn within(data: &Dataset, office: &str, id: &str) -> bool {
    id == office
        || data
            .offices
            .get(id)
            .is_some_and(|o| o.lineage.as_deref() == Some(office))
}

/// Every holding of an office and of its incarnations, ordered by their earliest start.
pub fn lineage<'a>(data: &'a Dataset, office: &str) -> Vec<Holding<'a>> {
    holdings(data, |tenure| within(data, office, &tenure.office), false)
}

/// The de facto holdings of an office: tenures of other posts that filled its role in fact
/// (`de_facto_of` the office or one of its incarnations), ordered by their earliest start.
pub fn in_fact<'a>(data: &'a Dataset, office: &str) -> Vec<Holding<'a>> {
    holdings(
        data,
        |tenure| {
            tenure
                .de_facto_of
                .as_deref()
                .is_some_and(|of| within(data, office, of))
        },
        true,
    )
}

fn holdings<'a>(
    data: &'a Dataset,
    wanted: impl Fn(&Tenure) -> bool,
    in_fact: bool,
) -> Vec<Holding<'a>> {
    let mut holdings: Vec<Holding<'a>> = data
        .tenures
        .values()
        .filter(|tenure| wanted(tenure))
        .filter_map(|tenure| {
            let held = data.offices.get(&tenure.office)?;
            let person = data.persons.get(&tenure.person)?;
            Some(Holding {
                tenure,
                person,
                office: held,
                title: if tenure.title.is_empty() {
                    held.entity.label_en.clone()
                } else {
                    // Every claimed title, as dates show every claimed day: `a | b` marks
                    // titles the sources disagree on.
                    tenure
                        .title
                        .iter()
                        .map(|t| t.value.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                },
                start: Bound::of("start", &tenure.start),
                end: Bound::of("end", &tenure.end),
                held: Bound::of("held", &tenure.held),
                in_fact,
                life: (
                    Bound::of("birth", &person.born).map(|b| b.earliest),
                    Bound::of("death", &person.died).map(|b| b.latest),
                ),
            })
        })
        .collect();
    holdings.sort_by_key(|h| {
        (
            h.start.as_ref().map(|s| s.earliest),
            h.tenure.entity.id.clone(),
        )
    });
    holdings
}

/// How a holding covers a period asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// Held on every day of the period, whatever reading of the sources.
    Throughout,
    /// Surely held on some days of the period, but not all (a period longer than a day).
    Partly,
    /// Perhaps held: only an imprecise or disputed bound allows it; the reason says which.
    Possibly(String),
}

/// The holdings of `office` (and its incarnations) that cover any day from `from` to `to`,
/// with how surely they do, in order.
pub fn holders_between<'a>(
    data: &'a Dataset,
    office: &str,
    from: Day,
    to: Day,
) -> Vec<(Holding<'a>, Coverage)> {
    lineage(data, office)
        .into_iter()
        .chain(in_fact(data, office))
        .filter_map(|holding| {
            let coverage = coverage(&holding, from, to)?;
            Some((holding, coverage))
        })
        .collect()
}

fn coverage(holding: &Holding<'_>, from: Day, to: Day) -> Option<Coverage> {
    // The days the sources say the tenure was in force: it had begun by the last day of
    // each, and had not ended before the first day of each.
    let in_force: Vec<(Day, Day)> = unrefined(&holding.tenure.held)
        .map(|c| (c.value.earliest_day(), c.value.latest_day()))
        .collect();
    let begun_by = in_force.iter().map(|d| d.1).min();
    let still_on = in_force.iter().map(|d| d.0).max();
    let mut reasons = Vec::new();
    // A bound no source gives is answered from what they do give: the days in force, and
    // the holder's life as the outer limit.
    let (start_earliest, start_latest) = match &holding.start {
        Some(start) => {
            let latest = begun_by.map_or(start.latest, |d| d.min(start.latest));
            if latest > from {
                reasons.extend(start.vagueness.clone());
            }
            (Some(start.earliest), Some(latest))
        }
        None => {
            reasons.push(match &holding.held {
                Some(held) => format!(
                    "no start date is recorded; the sources place it in force in {}",
                    held.shown
                ),
                None => "no start date is recorded".to_owned(),
            });
            (holding.life.0, begun_by)
        }
    };
    let (end_earliest, end_latest) = match &holding.end {
        Some(end) => {
            let earliest = still_on.map_or(end.earliest, |d| d.max(end.earliest));
            if earliest < to {
                reasons.extend(end.vagueness.clone());
            }
            (Some(earliest), Some(end.latest))
        }
        None => {
            reasons.push("no end date is recorded".to_owned());
            (still_on, holding.life.1)
        }
    };
    if start_earliest.is_some_and(|s| s > to) || end_latest.is_some_and(|e| e < from) {
        return None;
    }
    let certain = match (start_latest, end_earliest) {
        (Some(a), Some(b)) if a <= b => Some((a, b)),
        _ => None,
    };
    match certain {
        Some((a, b)) if a <= from && to <= b => Some(Coverage::Throughout),
        Some((a, b)) if a <= to && from <= b => Some(Coverage::Partly),
        _ => Some(Coverage::Possibly(reasons.join("; "))),
    }
}

/// What the data says about a period when nobody held the office.
#[derive(Debug, Clone)]
pub struct Gap<'a> {
    /// The last holding that surely ended before the period.
    pub before: Option<Holding<'a>>,
    /// The first holding that surely began after it.
    pub after: Option<Holding<'a>>,
    /// The dated events between the two, in order.
    pub events: Vec<(&'a Event, String)>,
}

/// Explains a period with no holder from the holdings around it and the events between.
pub fn explain_gap<'a>(data: &'a Dataset, office: &str, from: Day, to: Day) -> Gap<'a> {
    let holdings = lineage(data, office);
    let before = holdings
        .iter()
        .filter(|h| h.end.as_ref().is_some_and(|e| e.latest < from))
        .max_by_key(|h| h.end.as_ref().map(|e| e.latest))
        .cloned();
    let after = holdings
        .iter()
        .filter(|h| h.start.as_ref().is_some_and(|s| s.earliest > to))
        .min_by_key(|h| h.start.as_ref().map(|s| s.earliest))
        .cloned();
    let window_start = before
        .as_ref()
        .and_then(|h| h.end.as_ref())
        .map(|e| e.earliest);
    let window_end = after
        .as_ref()
        .and_then(|h| h.start.as_ref())
        .map(|s| s.latest);
    let mut events: Vec<(&Event, String, Day)> = data
        .events
        .values()
        .filter_map(|event| {
            let bound = Bound::of("date", &event.date)?;
            let inside = window_start.is_none_or(|w| bound.latest >= w)
                && window_end.is_none_or(|w| bound.earliest <= w);
            inside.then(|| (event, bound.shown.clone(), bound.earliest))
        })
        .collect();
    events.sort_by_key(|(event, _, day)| (*day, event.entity.id.clone()));
    Gap {
        before,
        after,
        events: events.into_iter().map(|(e, shown, _)| (e, shown)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn data() -> &'static Dataset {
        static DATA: OnceLock<Dataset> = OnceLock::new();
        DATA.get_or_init(|| crate::data::check::load(None).expect("the embedded data loads"))
    }

    /// Asks who held the General Secretary's lineage over `period` (`YYYY`, `YYYY-MM` or a
    /// day) and compares with `expected`: person ids with `=` (throughout), `~` (partly)
    /// or `?` (possibly).
    fn check(period: &str, expected: &[&str]) {
        check_office("general-secretary", period, expected);
    }

    #[test]
    fn first_and_last_days_of_tenures() {
        check("1922-04-03", &["molotov=", "stalin="]);
        check("1922-04-04", &["stalin="]);
        check("1918-03-08", &["stasova?", "sverdlov="]);
        // Stasova's second term began in March 1919 (her article) or, as responsible
        // secretary, on 1919-03-25 (archontology): readings of two posts, so the day does
        // not narrow the month, and all of March is possible.
        check("1919-03-16", &["sverdlov=", "stasova?"]);
        check("1919-03-25", &["stasova?"]);
        check("1919-04-01", &["stasova="]);
        check("1966-04-08", &["brezhnev=", "brezhnev="]);
        check("1982-11-10", &["brezhnev="]);
        check("1982-11-11", &[]);
        check("1982-11-12", &["andropov="]);
        check("1984-02-13", &["chernenko="]);
    }

    #[test]
    fn gaps_between_holders() {
        check("1953-06-01", &[]);
        check("1952-12", &[]);
        check("1984-02-11", &[]);
        let gap = explain_gap(
            data(),
            "general-secretary",
            "1953-06-01".parse().expect("a day"),
            "1953-06-01".parse().expect("a day"),
        );
        assert_eq!(
            gap.before.expect("Stalin before").person.entity.id,
            "stalin"
        );
        assert_eq!(
            gap.after.expect("Khrushchev after").person.entity.id,
            "khrushchev"
        );
        let events: Vec<&str> = gap
            .events
            .iter()
            .map(|(e, _)| e.entity.id.as_str())
            .collect();
        assert!(
            events.contains(&"stalin-death") && events.contains(&"troika"),
            "{events:?}"
        );
    }

    /// Asks who held `office` over `day` (`YYYY`, `YYYY-MM` or a day) and compares with
    /// `expected`: person ids with `=` (throughout), `~` (partly) or `?` (possibly), and
    /// ` in fact` for a de facto holder.
    fn check_office(office: &str, day: &str, expected: &[&str]) {
        let day: PartialDate = day.parse().expect("a date");
        let actual: Vec<String> =
            holders_between(data(), office, day.earliest_day(), day.latest_day())
                .iter()
                .map(|(h, c)| {
                    let mark = match c {
                        Coverage::Throughout => "=",
                        Coverage::Partly => "~",
                        Coverage::Possibly(_) => "?",
                    };
                    format!(
                        "{}{mark}{}",
                        h.person.entity.id,
                        if h.in_fact { " in fact" } else { "" }
                    )
                })
                .collect();
        assert_eq!(actual, expected, "{office} on {day}");
    }

    #[test]
    fn a_tenure_without_a_start_is_answered_from_what_the_sources_give() {
        let secretary = "secretary-of-the-central-committee";
        // Stalin was a secretary from his election as General Secretary (1922) and remained
        // one when the 19th Congress sat (October 1952), until his death. Khrushchev sat in
        // the Secretariat from Stalin's death to Malenkov's resignation at least; before and
        // after, possibly, saying why; never before either was born.
        check_office(secretary, "1952-12-01", &["khrushchev?", "stalin="]);
        check_office(
            secretary,
            "1953-03-05",
            &["khrushchev=", "stalin=", "malenkov="],
        );
        check_office(secretary, "1940-01-01", &["khrushchev?", "stalin="]);
        check_office(secretary, "1870-01-01", &[]);
        check_office(secretary, "1953-03-06", &["khrushchev=", "malenkov="]);
        check_office(secretary, "1953-03-20", &["khrushchev?"]);
    }

    #[test]
    fn de_facto_holders_fill_the_role_in_fact() {
        // Malenkov was the Secretariat's most important member from Stalin's death until he
        // was forced out on 14 March 1953, in the abolished General Secretary's place.
        check_office("general-secretary", "1953-03-10", &["malenkov= in fact"]);
        check_office("general-secretary", "1953-03-15", &[]);
        check_office("general-secretary", "1952-12-01", &[]);
    }

    #[test]
    fn the_acting_days_of_august_1991() {
        check("1991-08-23", &["gorbachev="]);
        check("1991-08-24", &["gorbachev=", "ivashko="]);
        for day in [
            "1991-08-25",
            "1991-08-26",
            "1991-08-27",
            "1991-08-28",
            "1991-08-29",
        ] {
            check(day, &["ivashko="]);
        }
        check("1991-08-30", &[]);
        let ivashko = lineage(data(), "general-secretary")
            .into_iter()
            .find(|h| h.person.entity.id == "ivashko")
            .expect("Ivashko held the office");
        assert!(ivashko.acting());
        assert_eq!(ivashko.length(), "5 days");
    }

    #[test]
    fn every_precision_combination() {
        // A year-precision end against a day: possibly.
        check("1918-06-01", &["stasova?", "sverdlov="]);
        // A month-precision start against a day inside that month: possibly.
        check("1917-04-15", &["stasova?"]);
        // A day after a month-precision start's whole month: certainly.
        check("1917-05-01", &["stasova="]);
        // A disputed start: the first disputed day is possible, the second certain.
        check("1985-03-10", &["chernenko=", "gorbachev?"]);
        check("1985-03-11", &["gorbachev="]);
        // A vague claim refined by a precise one is set aside.
        check("1964-06-01", &["khrushchev="]);
        // A partial period asked about: the year 1964 saw two holders, each for part of it.
        check("1964", &["khrushchev~", "brezhnev~"]);
        // A month asked about, against a month-precision bound.
        // Stasova surely held it on 1 December, Krestinsky surely on the 31st.
        check("1919-12", &["stasova~", "krestinsky~"]);
        check("1919-12-15", &["stasova?", "krestinsky?"]);
        check("1953-09", &["khrushchev~"]);
    }

    #[test]
    fn lengths_and_citations_read_well() {
        let holdings = lineage(data(), "general-secretary");
        let find = |id: &str| {
            holdings
                .iter()
                .find(|h| h.tenure.entity.id == id)
                .expect("a tenure")
        };
        assert_eq!(
            find("andropov-general-secretary").length(),
            "454 days (1.2 years)"
        );
        assert_eq!(
            find("stasova-technical-secretary").length(),
            "0.7 to 1.7 years"
        );
        assert_eq!(
            find("gorbachev-general-secretary").citations(),
            "enwiki-gensec (infobox, 19); enwiki-mikhail-gorbachev"
        );
    }
}
