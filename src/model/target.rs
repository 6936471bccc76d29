//! Performance targets and indicators (KPIs): their figures, status and
//! direction of travel.
//!
//! A target table holds the targets of a strategy ("£182m of savings by
//! 2010/11") and the indicators of a performance report ("31.5 days in
//! 2018/19 Q2, down from 34"). Figures are numbers where the paper gives
//! numbers, so that they can be compared and charted, and text otherwise.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::period::{self, Period, Unreadable};
use super::values::{Date, parsed_scalar, scalar_text};
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
    Green,
    Amber,
    Red,
    /// Tracked for information, with no target: never overdue.
    DataOnly,
}

impl TargetStatus {
    pub const ALL: [TargetStatus; 11] = [
        TargetStatus::NotStarted,
        TargetStatus::OnTrack,
        TargetStatus::AtRisk,
        TargetStatus::OffTrack,
        TargetStatus::Achieved,
        TargetStatus::Missed,
        TargetStatus::NoData,
        TargetStatus::Green,
        TargetStatus::Amber,
        TargetStatus::Red,
        TargetStatus::DataOnly,
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
            TargetStatus::Green => "Green",
            TargetStatus::Amber => "Amber",
            TargetStatus::Red => "Red",
            TargetStatus::DataOnly => "Data only",
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
            TargetStatus::Green => "green",
            TargetStatus::Amber => "amber",
            TargetStatus::Red => "red",
            TargetStatus::DataOnly => "data-only",
        }
    }

    /// Whether a target in this status can still fall overdue: not once it
    /// is achieved or missed, and never when there is no target to meet.
    fn can_fall_overdue(self) -> bool {
        !matches!(
            self,
            TargetStatus::Achieved | TargetStatus::Missed | TargetStatus::DataOnly
        )
    }
}

/// Which way a figure should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Better {
    Higher,
    Lower,
}

impl Better {
    pub fn key(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }

    /// "Higher is better", for the reader beside the measure.
    pub fn label(self) -> &'static str {
        match self {
            Better::Higher => "Higher is better",
            Better::Lower => "Lower is better",
        }
    }
}

/// The direction of travel since the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trend {
    Improving,
    NoChange,
    Worsening,
}

impl Trend {
    /// The trend from `previous` to `now` when `better` says which way is
    /// good.
    pub fn between(previous: f64, now: f64, better: Better) -> Self {
        if now == previous {
            return Trend::NoChange;
        }
        match (now > previous, better) {
            (true, Better::Higher) | (false, Better::Lower) => Trend::Improving,
            _ => Trend::Worsening,
        }
    }

    /// The name used in data files and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::NoChange => "no-change",
            Trend::Worsening => "worsening",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Trend::Improving => "Improving",
            Trend::NoChange => "No change",
            Trend::Worsening => "Worsening",
        }
    }

    /// The arrow of council reports' "direction of travel": up for better
    /// performance whichever way the figure moved, so that an arrow means
    /// the same on every row.
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Improving => "↑",
            Trend::NoChange => "→",
            Trend::Worsening => "↓",
        }
    }
}

/// A figure as the paper gives it: a number, which can be compared,
/// charted and shown with the target's unit, or text (`"£280m"`, `"4 of
/// 5"`), shown as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Number(f64),
    Text(String),
}

impl Figure {
    pub fn number(&self) -> Option<f64> {
        match self {
            Figure::Number(n) => Some(*n),
            Figure::Text(_) => None,
        }
    }

    /// The same figure written as a plain number, when text holds one:
    /// `"1,234"` or `"85%"` with the unit `%`. Such text is likely meant as
    /// a number, which the author is told how to write.
    fn number_in_text(&self, unit: Option<&str>) -> Option<String> {
        let Figure::Text(text) = self else {
            return None;
        };
        let bare = unit
            .and_then(|u| text.trim().strip_suffix(u.trim()))
            .unwrap_or(text)
            .trim()
            .replace(',', "");
        bare.parse::<f64>()
            .is_ok_and(f64::is_finite)
            .then_some(bare)
    }
}

/// A number as plain text, as a data file gives it: `28`, `31.5`.
pub fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

impl fmt::Display for Figure {
    /// The figure as written, without its unit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Number(n) => f.write_str(&plain_number(*n)),
            Figure::Text(text) => f.write_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl Visitor<'_> for Either {
            type Value = Figure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or text")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Figure, E> {
                if v.is_finite() {
                    Ok(Figure::Number(v))
                } else {
                    Err(E::custom(format!(
                        "`{v}` is not a figure\nwrite a number such as 31.5, or text in quotes"
                    )))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Figure, E> {
                Ok(Figure::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Figure, E> {
                Ok(Figure::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Number(n) => serializer.serialize_f64(*n),
            Figure::Text(text) => serializer.serialize_str(text),
        }
    }
}

/// When a target falls due: the last day of the period written, so a date,
/// the end of a financial year (`"2010/11"`: 31 March 2011) or of a quarter
/// (`2018/19 Q2`: 30 September 2018).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub written: String,
    pub date: Date,
}

impl Due {
    pub fn parse(text: &str) -> Result<Self, Unreadable> {
        match period::read(text) {
            Some(Ok(period)) => Ok(Due {
                written: period.written,
                date: period.end,
            }),
            Some(Err(mistake)) => Err(mistake),
            None => Err(Unreadable {
                message: format!("`{}` is not a due date", text.trim()),
                hint: "write a date such as 2011-03-31, a financial year such as \"2010/11\" (due on 31 March at its end) or a quarter such as \"2010/11 Q4\"".into(),
            }),
        }
    }
}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed_scalar(deserializer, |text| {
            Due::parse(text).map_err(|e| e.to_string())
        })
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
    /// What the numbers count: `days`, `%`, `£m`.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub better: Option<Better>,
    #[serde(default)]
    pub baseline: Option<Figure>,
    #[serde(default)]
    pub target: Option<Figure>,
    #[serde(default)]
    pub actual: Option<Figure>,
    /// The figure of the period before `period`.
    #[serde(default)]
    pub previous: Option<Figure>,
    /// What `actual` covers.
    #[serde(default)]
    pub period: Option<Period>,
    #[serde(default)]
    pub due: Option<Due>,
    #[serde(default)]
    pub status: TargetStatus,
    #[serde(default)]
    pub owner: Option<String>,
}

impl TargetTable {
    /// Checks that ids are unique and refs are URL-safe, and warns about
    /// figures that will not be read as the author likely meant.
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
            target.check_data_only(fields, &at, out);
            target.check_numbers_as_text(fields, &at, out);
        }
    }
}

impl Target {
    /// Overdue as of `day`: due before it, and neither settled (achieved,
    /// missed) nor a data-only measure, which has no target to meet.
    pub fn is_overdue(&self, day: Date) -> bool {
        self.status.can_fall_overdue() && self.due.as_ref().is_some_and(|due| due.date < day)
    }

    /// The direction of travel, when both figures are numbers and the
    /// target says which way is better.
    pub fn trend(&self) -> Option<Trend> {
        let now = self.actual.as_ref()?.number()?;
        let previous = self.previous.as_ref()?.number()?;
        Some(Trend::between(previous, now, self.better?))
    }

    /// Whether the target reads as an indicator of a performance report,
    /// whose figures are meant as numbers.
    fn is_indicator(&self) -> bool {
        self.unit.is_some() || self.better.is_some()
    }

    /// A data-only measure is tracked without a target: a target given to
    /// one is never judged, so the author is told.
    fn check_data_only(&self, fields: &FieldMap, at: &str, out: &mut Vec<Diagnostic>) {
        if self.status == TargetStatus::DataOnly && self.target.is_some() {
            out.push(
                fields
                    .warning(
                        &format!("{at}.target"),
                        "a data-only measure has a target, which is never judged",
                    )
                    .with_hint(
                        "remove `target`, or give the measure a status such as green, amber or red",
                    ),
            );
        }
    }

    /// An indicator's figure written as text that holds a number (`"1,234"`,
    /// `"85%"`) is shown as written, without the unit, and left out of the
    /// trend and the chart: the author likely meant a number.
    fn check_numbers_as_text(&self, fields: &FieldMap, at: &str, out: &mut Vec<Diagnostic>) {
        if !self.is_indicator() {
            return;
        }
        let figures = [
            ("baseline", &self.baseline),
            ("target", &self.target),
            ("actual", &self.actual),
            ("previous", &self.previous),
        ];
        for (name, figure) in figures {
            let Some(number) = figure
                .as_ref()
                .and_then(|f| f.number_in_text(self.unit.as_deref()))
            else {
                continue;
            };
            let unit = match &self.unit {
                Some(unit) => format!(" (the unit `{unit}` is added when it is shown)"),
                None => String::new(),
            };
            out.push(
                fields
                    .warning(
                        &format!("{at}.{name}"),
                        format!("the {name} is text, so it is shown as written and left out of the trend and the chart"),
                    )
                    .with_hint(format!("write the number alone, without quotes or commas: `{name}: {number}`{unit}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(yaml: &str) -> Target {
        crate::content::yaml::from_str::<Target>(yaml).unwrap()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn target_due_is_the_end_of_what_it_names() {
        let due = |text: &str| Due::parse(text).unwrap().date.iso();
        assert_eq!(due("2010/11"), "2011-03-31");
        assert_eq!(due("1999/2000"), "2000-03-31");
        assert_eq!(due("2011-03-31"), "2011-03-31");
        assert_eq!(due("2018/19 Q2"), "2018-09-30");
        assert_eq!(due("2018-09"), "2018-09-30");
        let wrong = Due::parse("2010/12").unwrap_err();
        assert!(wrong.message.contains("must follow"), "{wrong}");
        assert_eq!(wrong.hint, "write \"2010/11\" for April 2010 to March 2011");
        let wrong = Due::parse("next year").unwrap_err();
        assert_eq!(wrong.message, "`next year` is not a due date");
        assert!(wrong.hint.contains("\"2010/11 Q4\""), "{wrong}");
    }

    #[test]
    fn target_figures_are_numbers_or_text() {
        let t = target(
            "{id: A, measure: M, target: 28, actual: 31.5, previous: \"34\", baseline: £253m}",
        );
        assert_eq!(t.target, Some(Figure::Number(28.0)));
        assert_eq!(t.actual, Some(Figure::Number(31.5)));
        assert_eq!(t.previous, Some(Figure::Text("34".into())));
        assert_eq!(t.baseline.as_ref().unwrap().to_string(), "£253m");
        assert_eq!(t.actual.as_ref().unwrap().to_string(), "31.5");
        assert_eq!(t.target.as_ref().unwrap().to_string(), "28");
        let wrong = crate::content::yaml::from_str::<Target>("{id: A, measure: M, actual: .nan}");
        assert!(wrong.unwrap_err().contains("is not a figure"));
    }

    #[test]
    fn target_trend_follows_which_way_is_better() {
        let trend = |better: &str, previous: &str, actual: &str| {
            target(&format!(
                "{{id: A, measure: M, better: {better}, previous: {previous}, actual: {actual}}}"
            ))
            .trend()
        };
        assert_eq!(trend("higher", "34", "36"), Some(Trend::Improving));
        assert_eq!(trend("higher", "34", "31.5"), Some(Trend::Worsening));
        assert_eq!(trend("lower", "34", "31.5"), Some(Trend::Improving));
        assert_eq!(trend("lower", "31.5", "34"), Some(Trend::Worsening));
        assert_eq!(trend("lower", "34", "34.0"), Some(Trend::NoChange));
        assert_eq!(trend("higher", "34", "34"), Some(Trend::NoChange));
        // Text, or no `better`: no trend.
        assert_eq!(trend("lower", "34", "\"31 days\""), None);
        let unsaid = target("{id: A, measure: M, previous: 34, actual: 31}");
        assert_eq!(unsaid.trend(), None);
        assert_eq!(Trend::Improving.arrow(), "↑");
        assert_eq!(Trend::Worsening.label(), "Worsening");
    }

    #[test]
    fn target_overdue_is_judged_on_the_day_given() {
        let t = target("{id: A, measure: M, due: 2011-03-31, status: amber}");
        assert!(!t.is_overdue(date("2009-06-30")), "a 2009 paper");
        assert!(!t.is_overdue(date("2011-03-31")), "due that day");
        assert!(t.is_overdue(date("2011-04-01")));
        let settled = target("{id: A, measure: M, due: 2011-03-31, status: missed}");
        assert!(!settled.is_overdue(date("2026-01-01")));
    }

    #[test]
    fn data_only_targets_are_never_overdue() {
        let t = target("{id: A, measure: M, due: 2008/09 Q1, status: data-only}");
        assert!(!t.is_overdue(date("2026-01-01")));
        assert_eq!(TargetStatus::DataOnly.label(), "Data only");
        assert_eq!(TargetStatus::DataOnly.key(), "data-only");
    }

    /// What `validate` says about the table `yaml`, the `targets:` of a
    /// front matter: each warning's line, message and hint.
    fn warnings(yaml: &str) -> Vec<(usize, String, String)> {
        #[derive(Deserialize)]
        struct Front {
            targets: TargetTable,
        }
        let (front, fields) = crate::content::yaml::parse::<Front>(
            std::path::Path::new("x.md"),
            &format!("targets:\n{yaml}"),
            1,
            Default::default(),
        )
        .unwrap();
        let mut out = Vec::new();
        front.targets.validate(&fields, "targets", &mut out);
        out.into_iter()
            .map(|d| (d.position.line, d.message, d.hint.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn target_figures_meant_as_numbers_are_warned_about() {
        let found = warnings(
            "  targets:\n    - id: A\n      measure: M\n      unit: \"%\"\n      target: \"85%\"\n      actual: 1,234\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 6);
        assert_eq!(
            found[0].1,
            "the target is text, so it is shown as written and left out of the trend and the chart"
        );
        assert_eq!(
            found[0].2,
            "write the number alone, without quotes or commas: `target: 85` (the unit `%` is added when it is shown)"
        );
        assert!(found[1].2.contains("`actual: 1234`"), "{found:?}");
        // Without a unit or `better`, text is the paper's own wording.
        assert!(warnings("  targets:\n    - {id: A, measure: M, target: \"4\"}\n").is_empty());
    }

    #[test]
    fn a_data_only_target_with_a_target_is_warned_about() {
        let found =
            warnings("  targets:\n    - {id: A, measure: M, target: 5, status: data-only}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.starts_with("a data-only measure has a target"));
    }

    #[test]
    fn target_numbers_written_as_text_are_found() {
        let text = |t: &str| Figure::Text(t.into());
        assert_eq!(text("1,234").number_in_text(None).as_deref(), Some("1234"));
        assert_eq!(text("85%").number_in_text(Some("%")).as_deref(), Some("85"));
        assert_eq!(
            text("31 days").number_in_text(Some("days")).as_deref(),
            Some("31")
        );
        assert_eq!(text("£280m").number_in_text(Some("£m")), None);
        assert_eq!(text("4 of 5").number_in_text(None), None);
        assert_eq!(Figure::Number(3.0).number_in_text(None), None);
        assert_eq!(plain_number(28.0), "28");
        assert_eq!(plain_number(-3.25), "-3.25");
    }
}
