//! Small value types of the front matter: dates, times, moments and money.
//!
//! Each parses itself from YAML and, when the text is wrong, says how to
//! write it, so the message reaches the author with the value's position.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A calendar date written `2008-09-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn parse(text: &str) -> Result<Self, String> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("`{text}` is not a date\nwrite dates as YYYY-MM-DD"))
    }

    /// ISO 8601, as in data files and `datetime` attributes.
    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed_scalar(deserializer, Date::parse)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// A clock time written `"10:00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub NaiveTime);

impl Time {
    pub fn hhmm(&self) -> String {
        self.0.format("%H:%M").to_string()
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parsed inside the deserializer, so a mistake is reported at the
        // time itself and the rest of the mapping is still read.
        parsed_scalar(deserializer, |text| {
            NaiveTime::parse_from_str(text.trim(), "%H:%M")
                .map(Time)
                .map_err(|_| {
                    format!(
                        "`{text}` is not a time\nwrite a 24-hour time in quotes, for example \"10:00\""
                    )
                })
        })
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hhmm())
    }
}

/// A moment such as an embargo: a date (midnight), a date and time in the
/// site's time zone, or an RFC 3339 time with its own offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    Local(NaiveDateTime),
    Absolute(DateTime<Utc>),
}

impl Moment {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(absolute) = DateTime::parse_from_rfc3339(text) {
            return Ok(Moment::Absolute(absolute.with_timezone(&Utc)));
        }
        for format in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(Moment::Local(local));
            }
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Moment::Local(date.and_time(NaiveTime::MIN)));
        }
        Err(format!(
            "`{text}` is not a date and time\nwrite \"2008-09-05 09:00\" (in the site's time zone), \"2008-09-05\" or \"2008-09-05T09:00:00+01:00\""
        ))
    }

    /// The instant this moment names, reading local times in `zone`. A
    /// local time that happens twice (when clocks go back) is read as the
    /// later one: an embargo never lifts early.
    pub fn to_utc(self, zone: Tz) -> DateTime<Utc> {
        self.resolve(zone, true)
    }

    /// [`Moment::to_utc`], reading a repeated local time as the earlier one:
    /// the build's clock never runs ahead of what its author wrote.
    pub fn to_utc_earliest(self, zone: Tz) -> DateTime<Utc> {
        self.resolve(zone, false)
    }

    fn resolve(self, zone: Tz, latest: bool) -> DateTime<Utc> {
        let pick = |local: &NaiveDateTime| {
            let found = zone.from_local_datetime(local);
            if latest {
                found.latest()
            } else {
                found.earliest()
            }
        };
        match self {
            Moment::Absolute(at) => at,
            Moment::Local(local) => pick(&local)
                // A time skipped by a clock change: take the hour after.
                .or_else(|| pick(&(local + chrono::Duration::hours(1))))
                .map_or_else(
                    || Utc.from_utc_datetime(&local),
                    |at| at.with_timezone(&Utc),
                ),
        }
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed_scalar(deserializer, Moment::parse)
    }
}

/// Reports every id of `ids` (the id and the path of its value) used
/// before, at the repeat, saying where the first one is: `what` names the
/// entries ("recommendation") and `hint` how to number them.
pub fn check_unique_ids<'a>(
    ids: impl IntoIterator<Item = (&'a str, String)>,
    fields: &crate::content::yaml::FieldMap,
    what: &str,
    hint: &str,
    out: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    let mut first: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (id, path) in ids {
        match first.get(id) {
            Some(earlier) => out.push(
                fields
                    .error(
                        &path,
                        format!(
                            "the {what} id `{id}` is used twice: first on line {}",
                            fields.at(earlier).line
                        ),
                    )
                    .with_hint(hint),
            ),
            None => {
                first.insert(id, path);
            }
        }
    }
}

/// Reads a YAML scalar as text, whatever type YAML gave it.
pub fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    parsed_scalar(deserializer, |text| Ok(text.to_owned()))
}

/// Reads a YAML scalar as text and parses it inside the deserializer, so a
/// parse error carries the value's position.
pub fn parsed_scalar<'de, D, T>(
    deserializer: D,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct Text<F>(F);
    impl<T, F: Fn(&str) -> Result<T, String>> Visitor<'_> for Text<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a text value")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
    }
    deserializer.deserialize_any(Text(parse))
}

/// A sum of money in hundredths of the unit the budget is written in
/// (pence, or hundredths of £'000): exact, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl Money {
    /// The amount as written, without trailing zero decimals: `130`, `12.5`.
    pub fn plain(&self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        match cents {
            0 => format!("{sign}{whole}"),
            c if c % 10 == 0 => format!("{sign}{whole}.{}", c / 10),
            c => format!("{sign}{whole}.{c:02}"),
        }
    }

    /// The amount with thousands separators and two decimals when it has
    /// pence: `1,234` or `1,234.50`.
    pub fn grouped(&self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut out = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(digit);
        }
        match abs % 100 {
            0 => format!("{sign}{out}"),
            cents => format!("{sign}{out}.{cents:02}"),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Amount;
        impl Visitor<'_> for Amount {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount such as 130 or 12.50")
            }
            // Negative amounts are income, savings and reductions: a
            // budget of net expenditure needs them.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                v.checked_mul(100)
                    .map(Money)
                    .ok_or_else(|| E::custom(format!("the amount {v} is too large")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                i64::try_from(v)
                    .map_err(|_| E::custom(format!("the amount {v} is too large")))
                    .and_then(|v| self.visit_i64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                if !v.is_finite() || v.abs() > 9e15 {
                    return Err(E::custom(format!("the amount {v} is not a usable number")));
                }
                let hundredths = (v * 100.0).round();
                if ((v * 100.0) - hundredths).abs() > 1e-6 {
                    return Err(E::custom(format!(
                        "the amount {v} has more than two decimal places: round it to two decimal places, for example {:.2}",
                        v
                    )));
                }
                Ok(Money(hundredths as i64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                // Keep the sign and every digit: `-£3,192` means -3192.
                let digits: String = v
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                let sign = if v.trim_start().starts_with('-') {
                    "-"
                } else {
                    ""
                };
                let example = if digits.is_empty() {
                    "130".to_string()
                } else {
                    format!("{sign}{digits}")
                };
                Err(E::custom(format!(
                    "the amount \"{v}\" is text\nwrite a plain number without currency signs, commas or quotes, for example {example}"
                )))
            }
        }
        deserializer.deserialize_any(Amount)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.plain())
    }
}

/// A link to another website (a paper published elsewhere, a webcast)
/// must be an absolute http or https address.
pub fn check_web_address(
    text: &str,
    at: &str,
    fields: &crate::content::yaml::FieldMap,
    out: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    let web = url::Url::parse(text.trim())
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
    if !web {
        out.push(
            fields
                .error(at, format!("`{text}` is not a web address"))
                .with_hint("write the full address, starting `https://` or `http://`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(yaml: &str) -> Result<Money, String> {
        crate::content::yaml::from_str::<Money>(yaml)
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(money("130").unwrap(), Money(13000));
        assert_eq!(money("12.5").unwrap(), Money(1250));
        assert_eq!(money("0.1").unwrap(), Money(10));
        assert_eq!(Money(123456750).grouped(), "1,234,567.50");
        assert_eq!(Money(1250).plain(), "12.5");
    }

    #[test]
    fn money_rejects_text_and_decimals() {
        assert!(money("\"£130\"").unwrap_err().contains("for example 130"));
        assert!(money("\"1,000\"").unwrap_err().contains("for example 1000"));
        assert!(money("-£3,192").unwrap_err().contains("for example -3192"));
        assert!(
            money("1.234")
                .unwrap_err()
                .contains("more than two decimal places")
        );
    }

    #[test]
    fn money_takes_negative_amounts_exactly() {
        assert_eq!(money("-5").unwrap(), Money(-500));
        assert_eq!(money("-3192").unwrap(), Money(-319200));
        assert_eq!(money("-12.05").unwrap(), Money(-1205));
        assert_eq!(Money(-1205).plain(), "-12.05");
        assert_eq!(Money(-123456750).grouped(), "-1,234,567.50");
    }

    #[test]
    fn dates_and_moments_parse_or_explain() {
        assert_eq!(Date::parse("2008-09-12").unwrap().iso(), "2008-09-12");
        assert!(
            Date::parse("12/09/2008")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        let london: Tz = "Europe/London".parse().unwrap();
        let summer = Moment::parse("2008-09-05 09:00").unwrap().to_utc(london);
        assert_eq!(summer.to_rfc3339(), "2008-09-05T08:00:00+00:00");
        let absolute = Moment::parse("2008-09-05T09:00:00Z")
            .unwrap()
            .to_utc(london);
        assert_eq!(absolute.to_rfc3339(), "2008-09-05T09:00:00+00:00");
        assert!(Moment::parse("soon").is_err());
        // 01:30 happens twice when British clocks go back: an embargo waits
        // for the second, the build's clock takes the first.
        let twice = Moment::parse("2008-10-26 01:30").unwrap();
        assert_eq!(
            twice.to_utc(london).to_rfc3339(),
            "2008-10-26T01:30:00+00:00"
        );
        assert_eq!(
            twice.to_utc_earliest(london).to_rfc3339(),
            "2008-10-26T00:30:00+00:00"
        );
    }
}

/// Reads an optional scalar as text, so `id: 1` and `id: "1"` mean the same.
pub fn optional_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    scalar_text(deserializer).map(Some)
}

/// One value or a list of them: `budget:` may hold one budget or several.
#[derive(Debug, Clone, PartialEq)]
/// The flag says whether the front matter wrote a list, so errors can name
/// `budget.1` or plain `budget`.
pub struct OneOrMany<T>(pub Vec<T>, pub bool);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new(), false)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Either<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping or a list of mappings")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut all = Vec::new();
                while let Some(one) = seq.next_element()? {
                    all.push(one);
                }
                Ok(OneOrMany(all, true))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|one| OneOrMany(vec![one], false))
            }
        }
        deserializer.deserialize_any(Either(std::marker::PhantomData))
    }
}
