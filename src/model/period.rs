//! The period a figure covers, as performance reports write it: a day, a
//! month, a financial year or a quarter of one.
//!
//! Financial years are those of English councils and the NHS: 1 April to
//! 31 March, written `2018/19`. Their quarters are written `2018/19 Q2`:
//! Q1 is April to June, Q4 January to March. A target's `due` may be written
//! the same ways, and falls due on the last day of what it names.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

use super::values::{Date, parsed_scalar};

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    Day,
    Month,
    /// A financial year.
    Year,
    /// A quarter (1 to 4) of a financial year.
    Quarter(u8),
}

/// A period with its first and last days.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    pub written: String,
    pub span: Span,
    pub start: Date,
    pub end: Date,
}

/// Why a text cannot be read, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub message: String,
    pub hint: String,
}

impl Unreadable {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Unreadable {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Unreadable {
    /// The message, then the hint on a line of its own: the YAML reader
    /// shows a message's second line as the diagnostic's help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.message, self.hint)
    }
}

/// What every kind of period looks like, for hints.
const SHAPES: &str = "write a date (2018-09-30), a month (2018-09), a financial year (\"2018/19\") or a quarter of one (\"2018/19 Q2\")";

impl Period {
    /// Reads a period, or says what is wrong with it and how to write it.
    pub fn parse(text: &str) -> Result<Self, Unreadable> {
        read(text).unwrap_or_else(|| {
            Err(Unreadable::new(
                format!("`{}` is not a period", text.trim()),
                SHAPES,
            ))
        })
    }

    /// A short label, for a table cell or a chart's axis: `30 Sep 2018`,
    /// `Sep 2018`, `2018/19`, `2018/19 Q2`.
    pub fn short(&self) -> String {
        let year = financial_year(self.start);
        match self.span {
            Span::Day => self.start.0.format("%-d %b %Y").to_string(),
            Span::Month => self.start.0.format("%b %Y").to_string(),
            Span::Year => year,
            Span::Quarter(q) => format!("{year} Q{q}"),
        }
    }
}

/// `2018/19` for any day from 1 April 2018 to 31 March 2019.
fn financial_year(day: Date) -> String {
    let first = if day.0.month() >= 4 {
        day.0.year()
    } else {
        day.0.year() - 1
    };
    format!("{first}/{:02}", (first + 1).rem_euclid(100))
}

/// The period `text` names; `None` when it has none of the shapes of one,
/// an error when it has a shape but not a usable value.
pub(super) fn read(text: &str) -> Option<Result<Period, Unreadable>> {
    let text = text.trim();
    let found = if let Some((year, quarter)) = text.split_once(' ') {
        read_quarter(text, year.trim(), quarter.trim())?
    } else if text.contains('/') {
        read_year(text, text)?
    } else {
        read_day_or_month(text)?
    };
    Some(found.map(|(span, start, end)| Period {
        written: text.to_string(),
        span,
        start: Date(start),
        end: Date(end),
    }))
}

type Found = Result<(Span, NaiveDate, NaiveDate), Unreadable>;

/// `2018-09-30` or `2018-09`.
fn read_day_or_month(text: &str) -> Option<Found> {
    let parts: Vec<&str> = text.split('-').collect();
    let year = four_digits(parts.first()?)?;
    let number = |part: &str| -> Option<u32> {
        (1..=2)
            .contains(&part.len())
            .then(|| part.parse().ok())
            .flatten()
    };
    match parts[1..] {
        [month] => {
            let month = number(month)?;
            Some(month_of(year, month).map(|start| (Span::Month, start, last_day(start))))
        }
        [month, day] => {
            let (month, day) = (number(month)?, number(day)?);
            Some(match NaiveDate::from_ymd_opt(year, month, day) {
                Some(date) => Ok((Span::Day, date, date)),
                None => Err(Unreadable::new(
                    format!("`{text}` is not a date: that day does not exist"),
                    "write dates as YYYY-MM-DD, for example 2018-09-30",
                )),
            })
        }
        _ => None,
    }
}

/// The first day of `month` of `year`, or why there is none.
fn month_of(year: i32, month: u32) -> Result<NaiveDate, Unreadable> {
    NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
        Unreadable::new(
            format!("`{year}-{month:02}` is not a month: months are numbered 01 to 12"),
            format!(
                "write the year and the month's number, for example {year}-09 for September {year}"
            ),
        )
    })
}

/// The last day of the month that starts on `first`.
fn last_day(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(first)
}

/// A financial year `2018/19` (or `2018/2019`) within `whole`, the text
/// being read, which errors quote.
fn read_year(whole: &str, year: &str) -> Option<Found> {
    let (first, second) = year.split_once('/')?;
    let first = four_digits(first)?;
    let follows = match second.len() {
        2 => second.parse::<i32>().ok()? == (first + 1).rem_euclid(100),
        4 => second.parse::<i32>().ok()? == first + 1,
        _ => return None,
    };
    if !follows {
        return Some(Err(Unreadable::new(
            format!("`{whole}` is not a financial year: the second year must follow the first"),
            format!(
                "write \"{first}/{:02}\" for April {first} to March {}",
                (first + 1).rem_euclid(100),
                first + 1
            ),
        )));
    }
    let start = NaiveDate::from_ymd_opt(first, 4, 1)?;
    let end = NaiveDate::from_ymd_opt(first + 1, 3, 31)?;
    Some(Ok((Span::Year, start, end)))
}

/// A quarter `2018/19 Q2`; and the ways people write one that is not
/// read, each with its own hint: the quarter first (`Q2 2018/19`), or a
/// quarter of a calendar year (`2018 Q3`).
fn read_quarter(whole: &str, year: &str, quarter: &str) -> Option<Found> {
    let number = |q: &str| -> Option<u32> {
        q.strip_prefix(['Q', 'q'])
            .filter(|n| n.len() == 1)
            .and_then(|n| n.parse().ok())
    };
    if number(year).is_some() && quarter.contains('/') {
        return Some(Err(Unreadable::new(
            format!("`{whole}` puts the quarter before the year"),
            format!(
                "write the year first: \"{quarter} {}\"",
                year.to_uppercase()
            ),
        )));
    }
    let n = number(quarter)?;
    if let Some(calendar) = four_digits(year) {
        return Some(Err(calendar_quarter(whole, calendar, n)));
    }
    let (_, start, _) = match read_year(whole, year)? {
        Ok(found) => found,
        Err(mistake) => return Some(Err(mistake)),
    };
    if !(1..=4).contains(&n) {
        return Some(Err(Unreadable::new(
            format!("`{whole}` is not a quarter: a year has quarters Q1 to Q4"),
            format!("Q1 is April to June and Q4 January to March, as in \"{year} Q2\""),
        )));
    }
    let first = start
        .checked_add_months(chrono::Months::new(3 * (n - 1)))
        .unwrap_or(start);
    let last = last_day(
        first
            .checked_add_months(chrono::Months::new(2))
            .unwrap_or(first),
    );
    Some(Ok((Span::Quarter(n as u8), first, last)))
}

/// The mistake of a quarter of a calendar year, `2018 Q3`, with the
/// financial quarter that covers the same months.
fn calendar_quarter(whole: &str, year: i32, n: u32) -> Unreadable {
    let message = format!("`{whole}` is a quarter of a calendar year");
    if !(1..=4).contains(&n) {
        return Unreadable::new(message, SHAPES);
    }
    // Calendar Q1 (January to March) is the last quarter of the financial
    // year before; Q2 to Q4 are Q1 to Q3 of the year starting in April.
    let (first, fq) = if n == 1 { (year - 1, 4) } else { (year, n - 1) };
    let months = [
        "January to March",
        "April to June",
        "July to September",
        "October to December",
    ];
    Unreadable::new(
        message,
        format!(
            "quarters are of the financial year, April to March: {} {year} is \"{first}/{:02} Q{fq}\"",
            months[n as usize - 1],
            (first + 1).rem_euclid(100)
        ),
    )
}

/// A year of exactly four digits.
fn four_digits(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed_scalar(deserializer, |text| {
            Period::parse(text).map_err(|e| e.to_string())
        })
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str) -> (String, String) {
        let period = Period::parse(text).unwrap();
        (period.start.iso(), period.end.iso())
    }

    fn mistake(text: &str) -> Unreadable {
        Period::parse(text).unwrap_err()
    }

    #[test]
    fn target_periods_read_every_shape() {
        assert_eq!(
            days("2018-09-30"),
            ("2018-09-30".into(), "2018-09-30".into())
        );
        assert_eq!(days("2018-09"), ("2018-09-01".into(), "2018-09-30".into()));
        assert_eq!(days("2019-02"), ("2019-02-01".into(), "2019-02-28".into()));
        assert_eq!(days("2018-12"), ("2018-12-01".into(), "2018-12-31".into()));
        assert_eq!(days("2018/19"), ("2018-04-01".into(), "2019-03-31".into()));
        assert_eq!(
            days("1999/2000"),
            ("1999-04-01".into(), "2000-03-31".into())
        );
        assert_eq!(days("2099/00"), ("2099-04-01".into(), "2100-03-31".into()));
    }

    #[test]
    fn target_quarters_are_of_the_financial_year() {
        assert_eq!(
            days("2018/19 Q1"),
            ("2018-04-01".into(), "2018-06-30".into())
        );
        // The example: the second quarter ends on 30 September.
        assert_eq!(
            days("2018/19 Q2"),
            ("2018-07-01".into(), "2018-09-30".into())
        );
        assert_eq!(
            days("2018/19 Q3"),
            ("2018-10-01".into(), "2018-12-31".into())
        );
        assert_eq!(
            days("2018/19 q4"),
            ("2019-01-01".into(), "2019-03-31".into())
        );
        assert_eq!(Period::parse("2018/19 Q2").unwrap().span, Span::Quarter(2));
    }

    #[test]
    fn target_periods_read_as_people_read_them() {
        let short = |t: &str| Period::parse(t).unwrap().short();
        assert_eq!(short("2018-09-30"), "30 Sep 2018");
        assert_eq!(short("2018-09"), "Sep 2018");
        assert_eq!(short("1999/2000"), "1999/00");
        assert_eq!(short("2018/19 q2"), "2018/19 Q2");
    }

    #[test]
    fn target_period_mistakes_say_what_to_write() {
        let wrong = mistake("2018/20 Q2");
        assert_eq!(
            wrong.message,
            "`2018/20 Q2` is not a financial year: the second year must follow the first"
        );
        assert_eq!(wrong.hint, "write \"2018/19\" for April 2018 to March 2019");
        let wrong = mistake("2018/19 Q5");
        assert!(wrong.message.contains("quarters Q1 to Q4"), "{wrong}");
        assert!(wrong.hint.contains("\"2018/19 Q2\""), "{wrong}");
        assert_eq!(
            mistake("Q2 2018/19").hint,
            "write the year first: \"2018/19 Q2\""
        );
        assert_eq!(
            mistake("2018 Q3").hint,
            "quarters are of the financial year, April to March: July to September 2018 is \"2018/19 Q2\""
        );
        assert!(mistake("2019 Q1").hint.ends_with("\"2018/19 Q4\""));
        assert!(
            mistake("2018-13")
                .message
                .contains("months are numbered 01 to 12")
        );
        assert!(mistake("2018-02-30").message.contains("does not exist"));
        let wrong = mistake("Sept 2018");
        assert_eq!(wrong.message, "`Sept 2018` is not a period");
        assert_eq!(wrong.hint, SHAPES);
        for text in [
            "2018",
            "next quarter",
            "18/19",
            "2018/19 Q",
            "",
            "2018-9-1x",
        ] {
            assert!(Period::parse(text).is_err(), "{text}");
        }
        // Shown as a message and, on its own line, the hint.
        assert_eq!(
            mistake("2018").to_string(),
            format!("`2018` is not a period\n{SHAPES}")
        );
    }
}
