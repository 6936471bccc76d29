//! Performance targets and their status.

use std::fmt;

use chrono::NaiveDate;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

use super::values::{Date, optional_text, parsed_scalar, scalar_text};
use crate::content::yaml::FieldMap;
use crate::diagnostics::Diagnostic;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum TargetStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Achieved,
    Missed,
    #[default]
    NoData,
}

impl TargetStatus {
    pub const ALL: [TargetStatus; 7] = [
        TargetStatus::NotStarted,
        TargetStatus::OnTrack,
        TargetStatus::AtRisk,
        TargetStatus::OffTrack,
        TargetStatus::Achieved,
        TargetStatus::Missed,
        TargetStatus::NoData,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TargetStatus::NotStarted => "Not started",
            TargetStatus::OnTrack => "On track",
            TargetStatus::AtRisk => "At risk",
            TargetStatus::OffTrack => "Off track",
            TargetStatus::Achieved => "Achieved",
            TargetStatus::Missed => "Missed",
            TargetStatus::NoData => "No data",
        }
    }

    /// The kebab-case name used in data files and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            TargetStatus::NotStarted => "not-started",
            TargetStatus::OnTrack => "on-track",
            TargetStatus::AtRisk => "at-risk",
            TargetStatus::OffTrack => "off-track",
            TargetStatus::Achieved => "achieved",
            TargetStatus::Missed => "missed",
            TargetStatus::NoData => "no-data",
        }
    }
}

/// When a target falls due: a date, or the end of a financial year written
/// `2010/11` (31 March 2011).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub written: String,
    pub date: Date,
}

impl Due {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(date) = Date::parse(text) {
            return Ok(Due {
                written: text.into(),
                date,
            });
        }
        let bad = || {
            format!(
                "`{text}` is not a due date: write a date such as 2011-03-31 or a financial year such as \"2010/11\""
            )
        };
        let (start, end) = text.split_once('/').ok_or_else(bad)?;
        let start: i32 = start.parse().map_err(|_| bad())?;
        let end: i32 = end.parse().map_err(|_| bad())?;
        if start.to_string().len() != 4 || (end != (start + 1) % 100 && end != start + 1) {
            return Err(format!(
                "`{text}` is not a financial year: the second year must follow the first, as in \"2010/11\""
            ));
        }
        let date = NaiveDate::from_ymd_opt(start + 1, 3, 31).ok_or_else(bad)?;
        Ok(Due {
            written: text.into(),
            date: Date(date),
        })
    }
}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed_scalar(deserializer, Due::parse)
    }
}

impl Serialize for Due {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.date.serialize(serializer)
    }
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetTable {
    #[serde(default)]
    pub title: Option<String>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[serde(deserialize_with = "scalar_text")]
    pub id: String,
    #[serde(default, rename = "ref")]
    pub key: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    pub measure: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub baseline: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub target: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub actual: Option<String>,
    #[serde(default)]
    pub due: Option<Due>,
    #[serde(default)]
    pub status: TargetStatus,
    #[serde(default)]
    pub owner: Option<String>,
}

impl TargetTable {
    /// Checks that ids are unique and refs are URL-safe.
    pub fn validate(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        super::values::check_unique_ids(
            self.targets
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id.as_str(), format!("{path}.targets.{i}.id"))),
            fields,
            "target",
            "give each target of the table its own id",
            out,
        );
        for (i, target) in self.targets.iter().enumerate() {
            let at = format!("{path}.targets.{i}");
            if let Some(key) = &target.key {
                super::risk::check_key(key, fields, &format!("{at}.ref"), out);
            }
        }
    }
}

impl Target {
    /// Due before `today` and not achieved.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.due.as_ref().is_some_and(|due| due.date < today)
            && !matches!(self.status, TargetStatus::Achieved | TargetStatus::Missed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn financial_years_end_in_march() {
        assert_eq!(Due::parse("2010/11").unwrap().date.iso(), "2011-03-31");
        assert_eq!(Due::parse("1999/2000").unwrap().date.iso(), "2000-03-31");
        assert_eq!(Due::parse("2011-03-31").unwrap().date.iso(), "2011-03-31");
        assert!(Due::parse("2010/12").unwrap_err().contains("must follow"));
        assert!(Due::parse("next year").unwrap_err().contains("2010/11"));
    }
}
