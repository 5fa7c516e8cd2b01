//! Partial calendar dates: a year, a month or a day, never more precise than the source.
//!
//! Historical sources often give only a year ("1918") or a month ("April 1917"). A
//! [`PartialDate`] keeps exactly that precision, so nothing downstream can invent a day.
//! It knows the first and last day it may stand for, which is what ordering and
//! "who held office on …" questions need.
//!
//! ```
//! use cpsu_kg::data::date::{DatePrecision, PartialDate};
//!
//! let end: PartialDate = "1918".parse()?;
//! assert_eq!(end.precision(), DatePrecision::Year);
//! assert_eq!(end.earliest_day().to_string(), "1918-01-01");
//! assert_eq!(end.latest_day().to_string(), "1918-12-31");
//! assert!("1953-02-30".parse::<PartialDate>().is_err());
//! # Ok::<(), cpsu_kg::data::date::DateError>(())
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// How precise a [`PartialDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    /// Only the year is known (`YYYY`).
    Year,
    /// The year and month are known (`YYYY-MM`).
    Month,
    /// The exact day is known (`YYYY-MM-DD`).
    Day,
}

impl DatePrecision {
    /// A short English word for the precision, as used in messages and the graph.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
        }
    }
}

/// A Gregorian date known to the year, the month or the day.
///
/// The derived order (year, then month, then day, a missing part first) is a total order
/// for sorting and sets; it is not "earlier than", which [`PartialDate::definite_cmp`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// A complete Gregorian day, the bound of a [`PartialDate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// The year, 1 or later.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

/// Why a text is not a valid date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("malformed date `{0}`: expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`")]
    Malformed(String),
    /// The year is 0; the Gregorian calendar has no year 0.
    #[error("impossible date `{0}`: there is no year 0")]
    YearZero(String),
    /// The month is outside 1 to 12.
    #[error("impossible date `{0}`: month {1} does not exist")]
    Month(String, u8),
    /// The day does not exist in that month.
    #[error("impossible date `{text}`: {month_name} {year} has {days} days")]
    Day {
        /// The text as written.
        text: String,
        /// The English name of the month.
        month_name: &'static str,
        /// The year.
        year: i32,
        /// How many days the month has.
        days: u8,
    },
}

/// The English month names, January first.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    /// The precision the date was given with.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The year of the date.
    pub fn year_number(&self) -> i32 {
        self.year
    }

    /// The month, when the date is known at least to the month.
    pub fn month_number(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when the date is known to the day.
    pub fn day_number(&self) -> Option<u8> {
        self.day
    }

    /// The first day the date may stand for.
    pub fn earliest_day(&self) -> Day {
        Day {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day the date may stand for.
    pub fn latest_day(&self) -> Day {
        let month = self.month.unwrap_or(12);
        Day {
            year: self.year,
            month,
            day: self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        }
    }

    /// Whether this date is a more precise form of `coarser`: different, and within it
    /// (`1964-10-14` refines `1964`).
    pub fn refines(&self, coarser: &Self) -> bool {
        self != coarser
            && self.earliest_day() >= coarser.earliest_day()
            && self.latest_day() <= coarser.latest_day()
    }

    /// Whether two dates cannot stand for the same day: `1985-03-10` and `1985-03-11`
    /// disagree, `1964` and `1964-10-14` do not.
    pub fn disagrees(&self, other: &Self) -> bool {
        self.latest_day() < other.earliest_day() || other.latest_day() < self.earliest_day()
    }

    /// Orders two dates when their precision allows it; `None` when they overlap
    /// (for example `1964` and `1964-10-14`), since then neither is surely first.
    pub fn definite_cmp(&self, other: &Self) -> Option<Ordering> {
        if self.latest_day() < other.earliest_day() {
            Some(Ordering::Less)
        } else if self.earliest_day() > other.latest_day() {
            Some(Ordering::Greater)
        } else if self == other && self.precision() == DatePrecision::Day {
            Some(Ordering::Equal)
        } else {
            None
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let malformed = || DateError::Malformed(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let widths = [4, 2, 2];
        if parts.is_empty()
            || parts.len() > 3
            || parts.iter().zip(widths).any(|(part, width)| {
                part.len() != width || !part.bytes().all(|b| b.is_ascii_digit())
            })
        {
            return Err(malformed());
        }
        let year: i32 = parts[0].parse().map_err(|_| malformed())?;
        if year == 0 {
            return Err(DateError::YearZero(text.to_owned()));
        }
        let month = parts
            .get(1)
            .map(|m| m.parse::<u8>().map_err(|_| malformed()))
            .transpose()?;
        if let Some(month) = month
            && !(1..=12).contains(&month)
        {
            return Err(DateError::Month(text.to_owned(), month));
        }
        let day = parts
            .get(2)
            .map(|d| d.parse::<u8>().map_err(|_| malformed()))
            .transpose()?;
        if let (Some(month), Some(day)) = (month, day) {
            let days = days_in_month(year, month);
            if day == 0 || day > days {
                return Err(DateError::Day {
                    text: text.to_owned(),
                    month_name: MONTH_NAMES[usize::from(month - 1)],
                    year,
                    days,
                });
            }
        }
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Day {
    /// The number of days since 1970-01-01 (negative before), for differences.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil, on the proleptic Gregorian calendar.
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

impl Day {
    /// The day that is `days` after 1970-01-01 (before it when negative).
    pub fn from_days_since_epoch(days: i64) -> Self {
        // Howard Hinnant's civil_from_days, the inverse of `days_since_epoch`.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// The Gregorian day of a date written in the Julian calendar (Old Style), as
    /// `1902-01-08` O.S. is `1902-01-21`: 12 days later in the 19th century, 13 from
    /// 1 March 1900 Old Style on.
    pub fn from_julian(year: i32, month: u8, day: u8) -> Self {
        // The Julian Day Number of a Julian calendar date; 2 440 588 is 1970-01-01's.
        let (year, month, day) = (i64::from(year), i64::from(month), i64::from(day));
        let a = (14 - month) / 12;
        let y = year + 4800 - a;
        let m = month + 12 * a - 3;
        let julian_day_number = day + (153 * m + 2) / 5 + 365 * y + y.div_euclid(4) - 32_083;
        Self::from_days_since_epoch(julian_day_number - 2_440_588)
    }
}

impl FromStr for Day {
    type Err = DateError;

    /// Parses a full day, `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Self, DateError> {
        let date: PartialDate = text.parse()?;
        if date.precision() != DatePrecision::Day {
            return Err(DateError::Malformed(text.to_owned()));
        }
        Ok(date.earliest_day())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<(&str, DatePrecision), &str>) {
        let actual = text
            .parse::<PartialDate>()
            .map(|d| (d.to_string(), d.precision()))
            .map_err(|e| e.to_string());
        let expected = expected
            .map(|(s, p)| (s.to_owned(), p))
            .map_err(str::to_owned);
        assert_eq!(actual, expected, "parsing {text:?}");
    }

    #[test]
    fn parses_each_precision() {
        check("1917", Ok(("1917", DatePrecision::Year)));
        check("1917-04", Ok(("1917-04", DatePrecision::Month)));
        check("1922-04-03", Ok(("1922-04-03", DatePrecision::Day)));
        check("2000-02-29", Ok(("2000-02-29", DatePrecision::Day)));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        check(
            "1953-02-30",
            Err("impossible date `1953-02-30`: February 1953 has 28 days"),
        );
        check(
            "1900-02-29",
            Err("impossible date `1900-02-29`: February 1900 has 28 days"),
        );
        check(
            "1953-13",
            Err("impossible date `1953-13`: month 13 does not exist"),
        );
        check(
            "1953-00-10",
            Err("impossible date `1953-00-10`: month 0 does not exist"),
        );
        check("0000", Err("impossible date `0000`: there is no year 0"));
        check(
            "1953-04-00",
            Err("impossible date `1953-04-00`: April 1953 has 30 days"),
        );
        for bad in [
            "14/09/1953",
            "53",
            "1953-9-14",
            "",
            "1953-",
            "+1953",
            "1953-09-14T00",
        ] {
            check(
                bad,
                Err(&format!(
                    "malformed date `{bad}`: expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"
                )),
            );
        }
    }

    #[test]
    fn bounds_follow_precision() {
        let date: PartialDate = "1952-02".parse().expect("valid");
        assert_eq!(date.earliest_day().to_string(), "1952-02-01");
        assert_eq!(date.latest_day().to_string(), "1952-02-29");
    }

    #[test]
    fn counts_days_across_leap_years() {
        let d = |s: &str| s.parse::<Day>().expect("a day").days_since_epoch();
        assert_eq!(d("1970-01-01"), 0);
        assert_eq!(d("1991-08-29") - d("1991-08-24"), 5);
        assert_eq!(d("1953-03-01") - d("1952-02-28"), 367);
        assert_eq!(d("1917-04-01"), -19268);
    }

    #[test]
    fn orders_only_when_precision_allows() {
        let d = |s: &str| s.parse::<PartialDate>().expect("valid");
        assert_eq!(d("1964").definite_cmp(&d("1964-10-14")), None);
        assert_eq!(d("1964").definite_cmp(&d("1965-01")), Some(Ordering::Less));
        assert_eq!(
            d("1964-10-15").definite_cmp(&d("1964-10-14")),
            Some(Ordering::Greater)
        );
        assert_eq!(
            d("1964-10-14").definite_cmp(&d("1964-10-14")),
            Some(Ordering::Equal)
        );
        assert_eq!(d("1964-10").definite_cmp(&d("1964-10")), None);
    }

    #[test]
    fn days_since_epoch_round_trips() {
        for text in [
            "1970-01-01",
            "1902-01-21",
            "1900-02-28",
            "1900-03-01",
            "2000-02-29",
            "0001-01-01",
        ] {
            let day: Day = text.parse().expect("a day");
            assert_eq!(
                Day::from_days_since_epoch(day.days_since_epoch()),
                day,
                "{text}"
            );
        }
    }

    #[test]
    fn old_style_dates_convert_with_the_offset_of_their_time() {
        let gregorian = |y, m, d| Day::from_julian(y, m, d).to_string();
        // 12 days in the 19th century.
        assert_eq!(gregorian(1878, 12, 6), "1878-12-18");
        assert_eq!(gregorian(1890, 2, 25), "1890-03-09");
        // Julian 1900 is a leap year, Gregorian 1900 is not: 12 days until 29 February
        // Old Style, 13 from 1 March 1900 Old Style on.
        assert_eq!(gregorian(1900, 2, 28), "1900-03-12");
        assert_eq!(gregorian(1900, 2, 29), "1900-03-13");
        assert_eq!(gregorian(1900, 3, 1), "1900-03-14");
        assert_eq!(gregorian(1902, 1, 8), "1902-01-21");
        assert_eq!(gregorian(1918, 1, 31), "1918-02-13");
    }
}
