//! Risk matrices and the registers scored on them.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::values::{optional_text, scalar_text};
use crate::content::yaml::FieldMap;
use crate::diagnostics::Diagnostic;

/// A matrix as written in site.yaml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiskMatrix {
    pub likelihood: Vec<String>,
    pub impact: Vec<String>,
    pub scoring: Scoring,
    pub bands: Vec<Band>,
}

/// How a cell's score is found: likelihood x impact, or a table of scores
/// with one row per impact (lowest first) and one column per likelihood.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Scoring {
    Product,
    Table(Vec<Vec<u32>>),
}

impl<'de> Deserialize<'de> for Scoring {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScoringVisitor;
        impl<'de> Visitor<'de> for ScoringVisitor {
            type Value = Scoring;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`product` or a list of rows of scores")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scoring, E> {
                if v == "product" {
                    Ok(Scoring::Product)
                } else {
                    Err(E::custom(format!(
                        "unknown scoring `{v}`\nwrite `product` or a list of rows of scores, one row per impact"
                    )))
                }
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Scoring, A::Error> {
                Vec::<Vec<u32>>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Scoring::Table)
            }
        }
        deserializer.deserialize_any(ScoringVisitor)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub upto: u32,
    pub label: String,
    pub colour: String,
}

impl RiskMatrix {
    /// The built-in 5x5 matrix with product scoring.
    pub fn default_five_by_five() -> Self {
        let labels = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        let band = |upto, label: &str, colour: &str| Band {
            upto,
            label: label.into(),
            colour: colour.into(),
        };
        RiskMatrix {
            likelihood: labels(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
            impact: labels(&["Negligible", "Minor", "Moderate", "Major", "Severe"]),
            scoring: Scoring::Product,
            bands: vec![
                band(4, "Low", "#2e7d32"),
                band(9, "Medium", "#f9a825"),
                band(16, "High", "#ef6c00"),
                band(25, "Very high", "#c62828"),
            ],
        }
    }

    /// The score of a cell; both indexes are 1-based.
    pub fn score(&self, likelihood: usize, impact: usize) -> u32 {
        match &self.scoring {
            Scoring::Product => (likelihood * impact) as u32,
            Scoring::Table(rows) => rows
                .get(impact - 1)
                .and_then(|row| row.get(likelihood - 1))
                .copied()
                .unwrap_or(0),
        }
    }

    /// Every cell as (likelihood, impact, score), 1-based.
    pub fn cells(&self) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
        (1..=self.impact.len())
            .flat_map(move |i| (1..=self.likelihood.len()).map(move |l| (l, i, self.score(l, i))))
    }

    pub fn band(&self, score: u32) -> Option<&Band> {
        self.bands.iter().find(|band| score <= band.upto)
    }

    /// Checks the matrix's shape and that its bands cover every score once.
    pub fn validate(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        for axis in ["likelihood", "impact"] {
            let labels = if axis == "likelihood" {
                &self.likelihood
            } else {
                &self.impact
            };
            if labels.is_empty() {
                out.push(
                    fields
                        .error(
                            &format!("{path}.{axis}"),
                            format!("the {axis} axis has no labels"),
                        )
                        .with_hint(
                            "list them from lowest to highest, for example [Low, Medium, High]",
                        ),
                );
            }
            let mut seen = BTreeMap::new();
            for (i, label) in labels.iter().enumerate() {
                if seen.insert(label.to_lowercase(), i).is_some() {
                    out.push(
                        fields
                            .error(
                                &format!("{path}.{axis}.{i}"),
                                format!("the {axis} label `{label}` appears twice"),
                            )
                            .with_hint("give every label its own name"),
                    );
                }
            }
        }
        if let Scoring::Table(rows) = &self.scoring {
            if rows.len() != self.impact.len() {
                out.push(
                    fields
                        .error(
                            &format!("{path}.scoring"),
                            format!(
                                "the scoring table has {} rows but the matrix has {} impact levels",
                                rows.len(),
                                self.impact.len()
                            ),
                        )
                        .with_hint("write one row per impact level, lowest first"),
                );
            }
            for (i, row) in rows.iter().enumerate() {
                if row.len() != self.likelihood.len() {
                    out.push(fields.error(&format!("{path}.scoring.{i}"), format!("this row has {} scores but the matrix has {} likelihood levels", row.len(), self.likelihood.len())).with_hint("write one score per likelihood level, lowest first"));
                }
            }
            if rows.iter().flatten().any(|&s| s == 0) {
                out.push(
                    fields
                        .error(
                            &format!("{path}.scoring"),
                            "a score of 0 cannot be placed in a band",
                        )
                        .with_hint("scores start at 1"),
                );
            }
        }
        self.validate_bands(fields, path, out);
    }

    fn validate_bands(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        if self.bands.is_empty() {
            out.push(
                fields
                    .error(&format!("{path}.bands"), "the matrix has no bands")
                    .with_hint("add bands such as `- {upto: 4, label: Low, colour: \"#2e7d32\"}`"),
            );
            return;
        }
        let scores: Vec<u32> = self.cells().map(|(_, _, s)| s).collect();
        let mut floor = 0;
        for (i, band) in self.bands.iter().enumerate() {
            let at = format!("{path}.bands.{i}");
            if !is_hex_colour(&band.colour) {
                out.push(
                    fields
                        .error(
                            &format!("{at}.colour"),
                            format!("`{}` is not a colour", band.colour),
                        )
                        .with_hint("write a hex colour in quotes, for example \"#2e7d32\""),
                );
            }
            if i > 0 && band.upto <= floor {
                out.push(fields.error(&format!("{at}.upto"), format!("bands must ascend: `upto: {}` is not above the previous band's {floor}", band.upto)).with_hint("list bands from the lowest scores to the highest"));
                continue;
            }
            if !scores.iter().any(|&s| s > floor && s <= band.upto) {
                out.push(
                    fields
                        .error(
                            &format!("{at}.upto"),
                            format!(
                                "the band `{}` covers scores {} to {} but no cell has such a score",
                                band.label,
                                floor + 1,
                                band.upto
                            ),
                        )
                        .with_hint("remove the band or change its `upto`"),
                );
            }
            floor = band.upto;
        }
        if let Some(max) = scores.iter().copied().max() {
            if max > floor {
                out.push(
                    fields
                        .error(
                            // The fix is the last band's `upto`: point there.
                            &format!("{path}.bands.{}.upto", self.bands.len().saturating_sub(1)),
                            if floor + 1 == max {
                                format!("the score {max} falls in no band")
                            } else {
                                format!("scores {} to {max} fall in no band", floor + 1)
                            },
                        )
                        .with_hint(format!("make the last band `upto: {max}`")),
                );
            }
        }
    }
}

fn is_hex_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `matrix` of a register rated red, amber or green instead of scored.
pub const NO_MATRIX: &str = "none";

/// A register of risks, scored on one matrix, or rated red, amber or green
/// when its matrix is [`NO_MATRIX`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRegister {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub matrix: Option<String>,
    /// The score above which a risk needs escalating.
    #[serde(default)]
    pub appetite: Option<u32>,
    pub risks: Vec<Risk>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    #[serde(deserialize_with = "scalar_text")]
    pub id: String,
    #[serde(default, rename = "ref")]
    pub key: Option<String>,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    // The stages are separate fields, not serde aliases, so that pages can
    // name each one as the register wrote it.
    #[serde(default)]
    pub inherent: Option<Rating>,
    #[serde(default)]
    pub initial: Option<Rating>,
    #[serde(default)]
    pub residual: Option<Rating>,
    #[serde(default)]
    pub current: Option<Rating>,
    #[serde(default)]
    pub target: Option<Rating>,
    /// The rating of a register with `matrix: none`.
    #[serde(default)]
    pub rating: Option<Rag>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub response: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub controls: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub indicators: Option<String>,
}

/// A point in a risk's course at which it is scored, by the name the
/// register wrote: `inherent` and `initial` are one point, and so are
/// `residual` and `current`. The order is the course's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Inherent,
    Initial,
    Residual,
    Current,
    Target,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Inherent,
        Stage::Initial,
        Stage::Residual,
        Stage::Current,
        Stage::Target,
    ];

    /// The front matter field, which is also how the stage is named in
    /// running text and data.
    pub fn field(self) -> &'static str {
        match self {
            Stage::Inherent => "inherent",
            Stage::Initial => "initial",
            Stage::Residual => "residual",
            Stage::Current => "current",
            Stage::Target => "target",
        }
    }

    /// The name as a heading: `Current`.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Inherent => "Inherent",
            Stage::Initial => "Initial",
            Stage::Residual => "Residual",
            Stage::Current => "Current",
            Stage::Target => "Target",
        }
    }

    /// Which point of the course the stage is: 0 before controls, 1 with
    /// the controls in place now, 2 where the controls aim. Charts draw a
    /// point with one shape whatever the register calls it.
    pub fn point(self) -> usize {
        match self {
            Stage::Inherent | Stage::Initial => 0,
            Stage::Residual | Stage::Current => 1,
            Stage::Target => 2,
        }
    }
}

/// A rating in words for a register without a matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }

    /// The colour of the badge; the word is always shown on it.
    pub fn colour(self) -> &'static str {
        match self {
            Rag::Red => "#c62828",
            Rag::Amber => "#f9a825",
            Rag::Green => "#2e7d32",
        }
    }
}

/// Which way a risk has moved since the last report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Improving,
    Stable,
    Worsening,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Improving => "Improving",
            Direction::Stable => "Stable",
            Direction::Worsening => "Worsening",
        }
    }

    /// The way the risk itself moves: an improving risk falls.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Improving => "↓",
            Direction::Stable => "→",
            Direction::Worsening => "↑",
        }
    }
}

impl Risk {
    /// The rating given at `stage`, if any.
    pub fn at(&self, stage: Stage) -> Option<&Rating> {
        match stage {
            Stage::Inherent => self.inherent.as_ref(),
            Stage::Initial => self.initial.as_ref(),
            Stage::Residual => self.residual.as_ref(),
            Stage::Current => self.current.as_ref(),
            Stage::Target => self.target.as_ref(),
        }
    }

    /// Every rating given, in the course's order.
    pub fn scores(&self) -> Vec<(Stage, &Rating)> {
        Stage::ALL
            .into_iter()
            .filter_map(|stage| Some((stage, self.at(stage)?)))
            .collect()
    }

    /// The stages this risk is scored at, in order.
    pub fn stages(&self) -> Vec<Stage> {
        self.scores().into_iter().map(|(stage, _)| stage).collect()
    }

    /// The score with the controls in place now (`residual` or
    /// `current`), which is what an appetite is compared with.
    pub fn present(&self) -> Option<&Rating> {
        self.residual.as_ref().or(self.current.as_ref())
    }
}

/// A rating as written: a bare score or a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Rating {
    Score(u32),
    Cell { likelihood: Level, impact: Level },
}

/// A level on an axis, by label or 1-based index. Which one was meant
/// follows from how it was written: text (quoted, or words) is a label,
/// and a YAML integer is an index, so `impact: "1"` finds the label `1`
/// wherever it sits on the axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Level {
    Index(usize),
    Label(String),
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LevelVisitor;
        impl Visitor<'_> for LevelVisitor {
            type Value = Level;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a label of the matrix, or a level counted from 1")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Level, E> {
                Ok(Level::Index(usize::try_from(v).unwrap_or(usize::MAX)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Level, E> {
                Err(E::custom(format!(
                    "the level {v} is below 1: levels are counted from 1, the lowest"
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Level, E> {
                Err(E::custom(format!(
                    "the level {v} is not a whole number\nwrite a label of the matrix, or a level counted from 1"
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Level, E> {
                Ok(Level::Label(v.to_string()))
            }
        }
        deserializer.deserialize_any(LevelVisitor)
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Cell {
            likelihood: Level,
            impact: Level,
        }
        struct RatingVisitor;
        impl<'de> Visitor<'de> for RatingVisitor {
            type Value = Rating;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a score, or a cell as {likelihood: …, impact: …}")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rating, E> {
                u32::try_from(v)
                    .map(Rating::Score)
                    .map_err(|_| E::custom(format!("the score {v} is too large")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rating, E> {
                Err(E::custom(format!(
                    "the score {v} is below 1: scores start at 1"
                )))
            }
            // The register's matrix is not known while reading, so the
            // advice names no labels rather than labels of another matrix.
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rating, E> {
                Err(E::custom(format!(
                    "`{v}` is not a rating\nwrite a score of the register's matrix as a number, or the cell as {{likelihood: …, impact: …}} with the matrix's labels"
                )))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Rating, A::Error> {
                let cell = Cell::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Rating::Cell {
                    likelihood: cell.likelihood,
                    impact: cell.impact,
                })
            }
        }
        deserializer.deserialize_any(RatingVisitor)
    }
}

/// A rating placed on its matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub likelihood: usize,
    pub impact: usize,
    pub score: u32,
}

impl Rating {
    /// Finds the rating's cell, or says why it cannot.
    pub fn place(&self, matrix: &RiskMatrix) -> Result<Placement, (String, String)> {
        self.place_or_locate(matrix)
            .map_err(|(_, message, hint)| (message, hint))
    }

    /// [`Rating::place`], saying which part of the rating is wrong:
    /// `likelihood`, `impact`, or `None` for the rating as a whole.
    pub fn place_or_locate(
        &self,
        matrix: &RiskMatrix,
    ) -> Result<Placement, (Option<&'static str>, String, String)> {
        match self {
            Rating::Score(score) => place_score(*score, matrix).map_err(|(m, h)| (None, m, h)),
            Rating::Cell { likelihood, impact } => {
                let l = level_index(likelihood, &matrix.likelihood, "likelihood")
                    .map_err(|(message, hint)| (Some("likelihood"), message, hint))?;
                let i = level_index(impact, &matrix.impact, "impact")
                    .map_err(|(message, hint)| (Some("impact"), message, hint))?;
                Ok(Placement {
                    likelihood: l,
                    impact: i,
                    score: matrix.score(l, i),
                })
            }
        }
    }

    /// Levels given by number on an axis labelled with numbers, where the
    /// number is another level's label (`impact: 1` on `["4", "3", "2",
    /// "1"]` is the level labelled `4`): the axis and what to say.
    pub fn misleading_indexes(&self, matrix: &RiskMatrix) -> Vec<(&'static str, String, String)> {
        let Rating::Cell { likelihood, impact } = self else {
            return Vec::new();
        };
        [
            ("likelihood", likelihood, &matrix.likelihood),
            ("impact", impact, &matrix.impact),
        ]
        .into_iter()
        .filter_map(|(axis, level, labels)| {
            let (message, hint) = misleading_index(level, labels, axis)?;
            Some((axis, message, hint))
        })
        .collect()
    }
}

/// A bare score on its one cell; when several cells share it, advice that
/// offers those very cells.
fn place_score(score: u32, matrix: &RiskMatrix) -> Result<Placement, (String, String)> {
    let cells: Vec<_> = matrix.cells().filter(|c| c.2 == score).collect();
    match cells.as_slice() {
        [(l, i, s)] => Ok(Placement {
            likelihood: *l,
            impact: *i,
            score: *s,
        }),
        [] => {
            let mut all: Vec<u32> = matrix.cells().map(|c| c.2).collect();
            all.sort_unstable();
            all.dedup();
            let all: Vec<String> = all.iter().map(u32::to_string).collect();
            Err((
                format!("no cell of the matrix has the score {score}"),
                format!("scores on this matrix are {}", all.join(", ")),
            ))
        }
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|(l, i, _)| format!("{} x {}", matrix.likelihood[l - 1], matrix.impact[i - 1]))
                .collect();
            // Three are enough to show how; the message names them all.
            let mut examples: Vec<String> = several
                .iter()
                .take(3)
                .map(|(l, i, _)| cell_example(matrix, *l, *i))
                .collect();
            if several.len() > 3 {
                examples.push("another of the cells above".into());
            }
            Err((
                format!(
                    "the score {score} could be any of {} cells ({})",
                    several.len(),
                    names.join("; ")
                ),
                format!("write the cell instead: {}", or_list(&examples)),
            ))
        }
    }
}

/// A cell of `matrix` as it is written in front matter.
fn cell_example(matrix: &RiskMatrix, likelihood: usize, impact: usize) -> String {
    format!(
        "{{likelihood: {}, impact: {}}}",
        flow_scalar(&matrix.likelihood[likelihood - 1]),
        flow_scalar(&matrix.impact[impact - 1])
    )
}

/// `label` as it must be written inside `{…}` to be read back as that
/// label: in quotes when it would otherwise be a number, a boolean,
/// nothing, or break the mapping.
fn flow_scalar(label: &str) -> String {
    let plain_text = !label.is_empty()
        && !label.starts_with(|c: char| c.is_ascii_digit() || "-+.~!&*?|>'\"%@`#[]{},".contains(c))
        && !label.contains([':', ',', '#', '[', ']', '{', '}'])
        && !matches!(
            label.to_ascii_lowercase().as_str(),
            "true" | "false" | "null"
        )
        && label.trim() == label;
    if plain_text {
        label.to_string()
    } else {
        format!("\"{}\"", label.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    joined(items, "or")
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    joined(items, "and")
}

fn joined(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

/// Whether every label of an axis is a number, so that a reader could
/// take a level's number for its label.
fn numeric_labels(labels: &[String]) -> bool {
    !labels.is_empty()
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
}

/// An axis's labels for a hint, each as it must be written.
fn written_labels(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| flow_scalar(l))
        .collect::<Vec<_>>()
        .join(", ")
}

fn level_index(level: &Level, labels: &[String], axis: &str) -> Result<usize, (String, String)> {
    let allowed = || {
        if numeric_labels(labels) {
            format!(
                "the {axis} labels of this matrix are {}, in quotes; a number without quotes counts levels from the lowest, 1 to {}",
                written_labels(labels),
                labels.len()
            )
        } else {
            format!(
                "allowed {axis} values: {} or 1 to {}",
                written_labels(labels),
                labels.len()
            )
        }
    };
    match level {
        Level::Index(i) if (1..=labels.len()).contains(i) => Ok(*i),
        Level::Index(i) => Err((format!("{axis} {i} is outside the matrix"), allowed())),
        Level::Label(label) => labels
            .iter()
            .position(|l| l.eq_ignore_ascii_case(label))
            .map(|i| i + 1)
            .ok_or_else(|| {
                let message = if !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()) {
                    format!("\"{label}\" is not an {axis} label of this matrix")
                } else {
                    format!("`{label}` is not a {axis} of this matrix")
                };
                (message, allowed())
            }),
    }
}

/// The warning for a level given by number where the number is also the
/// label of a different level.
fn misleading_index(level: &Level, labels: &[String], axis: &str) -> Option<(String, String)> {
    let Level::Index(index) = level else {
        return None;
    };
    let at = labels.get(index.checked_sub(1)?)?;
    let same = labels.iter().position(|l| *l == index.to_string())?;
    (same + 1 != *index).then(|| {
        (
            format!(
                "{axis} {index} is read as level {index} from the lowest, labelled `{at}`; the level labelled `{index}` is level {}",
                same + 1
            ),
            format!(
                "write the label in quotes: `{axis}: \"{at}\"` for the level read now, or `{axis}: \"{index}\"` for the level labelled {index}"
            ),
        )
    })
}

impl RiskRegister {
    /// The name of the matrix this register is scored on, or
    /// [`NO_MATRIX`].
    pub fn matrix_name<'a>(&'a self, default: &'a str) -> &'a str {
        self.matrix.as_deref().unwrap_or(default)
    }

    /// Whether the register is rated red, amber or green, not scored.
    pub fn is_rag(&self) -> bool {
        self.matrix.as_deref() == Some(NO_MATRIX)
    }

    /// The stages the register scores its risks at: those most of its
    /// risks use (the first risk's on a tie), in order.
    pub fn stages(&self) -> Vec<Stage> {
        let mut counts: Vec<(Vec<Stage>, usize)> = Vec::new();
        for stages in self.risks.iter().map(Risk::stages) {
            if stages.is_empty() {
                continue;
            }
            match counts.iter_mut().find(|(s, _)| *s == stages) {
                Some((_, n)) => *n += 1,
                None => counts.push((stages, 1)),
            }
        }
        // `max_by_key` keeps the last of equals; reversing keeps the first.
        counts
            .into_iter()
            .rev()
            .max_by_key(|(_, n)| *n)
            .map(|(stages, _)| stages)
            .unwrap_or_default()
    }

    /// Checks ids and refs, that every risk is rated as the register says
    /// (on its matrix at the same stages as the others, or red, amber or
    /// green), and that every rating and the appetite fit the matrix.
    pub fn validate(
        &self,
        matrices: &BTreeMap<String, RiskMatrix>,
        default: &str,
        fields: &FieldMap,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        super::values::check_unique_ids(
            self.risks
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), format!("{path}.risks.{i}.id"))),
            fields,
            "risk",
            "give each risk of the register its own id",
            out,
        );
        for (i, risk) in self.risks.iter().enumerate() {
            if let Some(key) = &risk.key {
                check_key(key, fields, &format!("{path}.risks.{i}.ref"), out);
            }
        }
        if self.is_rag() {
            self.validate_rag(fields, path, out);
            return;
        }
        self.validate_stages(fields, path, out);
        let name = self.matrix_name(default);
        let Some(matrix) = matrices.get(name) else {
            let mut names: Vec<&str> = matrices.keys().map(String::as_str).collect();
            names.push(NO_MATRIX);
            out.push(
                fields
                    .error(
                        &format!("{path}.matrix"),
                        format!("there is no risk matrix `{name}`"),
                    )
                    .with_hint(crate::content::yaml::suggest(name, &names, "matrix")),
            );
            return;
        };
        for (i, risk) in self.risks.iter().enumerate() {
            check_scores(risk, matrix, fields, &format!("{path}.risks.{i}"), out);
        }
        self.validate_appetite(matrix, fields, path, out);
    }

    /// A register with `matrix: none`: every risk has a `rating` and no
    /// scores, and there is no appetite to compare scores with.
    fn validate_rag(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        for (i, risk) in self.risks.iter().enumerate() {
            let at = format!("{path}.risks.{i}");
            if risk.rating.is_none() {
                out.push(
                    fields
                        .error(&at, format!("the risk `{}` has no rating", risk.id))
                        .with_hint("a register with `matrix: none` gives each risk `rating: red`, `rating: amber` or `rating: green`"),
                );
            }
            for stage in risk.stages() {
                out.push(
                    fields
                        .key_error(
                            &format!("{at}.{}", stage.field()),
                            format!("`{}` is a score on a matrix, but this register has `matrix: none`", stage.field()),
                        )
                        .with_hint("rate the risk with `rating: red`, `amber` or `green`, or name a matrix from site.yaml to score the register on"),
                );
            }
        }
        if self.appetite.is_some() {
            out.push(
                fields
                    .error(
                        &format!("{path}.appetite"),
                        "an appetite is a score, but this register has `matrix: none` and no scores",
                    )
                    .with_hint("remove `appetite`, or score the register on a matrix from site.yaml"),
            );
        }
    }

    /// Every risk of a scored register gives one name per stage, no
    /// `rating`, and the same stages as the register's other risks.
    fn validate_stages(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        let usual = self.stages();
        let followers = self.risks.iter().filter(|r| r.stages() == usual).count();
        for (i, risk) in self.risks.iter().enumerate() {
            let at = format!("{path}.risks.{i}");
            if risk.rating.is_some() {
                out.push(
                    fields
                        .error(
                            &format!("{at}.rating"),
                            "`rating` is for registers rated red, amber or green, with `matrix: none`",
                        )
                        .with_hint(format!(
                            "score this risk on the matrix with {}, or give the register `matrix: none`",
                            and_list(&stage_fields(&usual_or_default(&usual)))
                        )),
                );
            }
            if both_names(risk, fields, &at, out) {
                continue;
            }
            let mine = risk.stages();
            if mine.is_empty() {
                out.push(
                    fields
                        .error(&at, format!("the risk `{}` has no score", risk.id))
                        .with_hint(format!(
                            "give it {}",
                            and_list(&stage_fields(&usual_or_default(&usual)))
                        )),
                );
            } else if mine != usual {
                out.push(mixed_stages(risk, &usual, followers, fields, &at));
            }
        }
    }

    /// The appetite must leave some cells of the matrix within it and some
    /// above, or it marks nothing.
    fn validate_appetite(
        &self,
        matrix: &RiskMatrix,
        fields: &FieldMap,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(appetite) = self.appetite else {
            return;
        };
        let scores: Vec<u32> = matrix.cells().map(|c| c.2).collect();
        let (Some(&low), Some(&high)) = (scores.iter().min(), scores.iter().max()) else {
            return;
        };
        let problem = if appetite >= high {
            Some(format!(
                "no score of this matrix is above an appetite of {appetite}: the highest is {high}"
            ))
        } else if appetite < low {
            Some(format!(
                "every score of this matrix is above an appetite of {appetite}: the lowest is {low}"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            out.push(
                fields
                    .error(&format!("{path}.appetite"), message)
                    .with_hint(format!(
                        "write the highest score the board accepts without escalation, from {low} to {}",
                        high - 1
                    )),
            );
        }
    }
}

/// The stages to suggest: the register's, or inherent and residual.
fn usual_or_default(usual: &[Stage]) -> Vec<Stage> {
    if usual.is_empty() {
        vec![Stage::Inherent, Stage::Residual]
    } else {
        usual.to_vec()
    }
}

/// `inherent:` and `residual:`, as written in front matter.
fn stage_fields(stages: &[Stage]) -> Vec<String> {
    stages.iter().map(|s| format!("`{}:`", s.field())).collect()
}

/// Reports a risk that names one stage twice (`inherent` and `initial`);
/// true if it did.
fn both_names(risk: &Risk, fields: &FieldMap, at: &str, out: &mut Vec<Diagnostic>) -> bool {
    let mut found = false;
    for (first, second) in [
        (Stage::Inherent, Stage::Initial),
        (Stage::Residual, Stage::Current),
    ] {
        if risk.at(first).is_some() && risk.at(second).is_some() {
            out.push(
                fields
                    .key_error(
                        &format!("{at}.{}", second.field()),
                        format!(
                            "`{}` and `{}` are two names for the same score",
                            first.field(),
                            second.field()
                        ),
                    )
                    .with_hint(format!(
                        "keep one of them: `{}` or `{}`",
                        first.field(),
                        second.field()
                    )),
            );
            found = true;
        }
    }
    found
}

/// The error for a risk scored at other stages than the register's, at
/// the first field that differs, saying what the others use and what to
/// change.
fn mixed_stages(
    risk: &Risk,
    usual: &[Stage],
    followers: usize,
    fields: &FieldMap,
    at: &str,
) -> Diagnostic {
    let names = |stages: &[Stage]| {
        and_list(
            &stages
                .iter()
                .map(|s| format!("`{}`", s.field()))
                .collect::<Vec<_>>(),
        )
    };
    let mine = risk.stages();
    let others = if followers == 1 {
        "another risk of this register is".to_string()
    } else {
        format!("{followers} other risks of this register are")
    };
    let mut changes = Vec::new();
    for point in 0..3 {
        let have = mine.iter().find(|s| s.point() == point);
        let want = usual.iter().find(|s| s.point() == point);
        match (have, want) {
            (Some(h), Some(w)) if h != w => {
                changes.push(format!("rename `{}:` to `{}:`", h.field(), w.field()))
            }
            (Some(h), None) => changes.push(format!("drop `{}:`", h.field())),
            (None, Some(w)) => changes.push(format!("add `{}:`", w.field())),
            _ => {}
        }
    }
    let odd = mine.iter().find(|s| !usual.contains(s));
    let path = match odd {
        Some(stage) => format!("{at}.{}", stage.field()),
        None => at.to_string(),
    };
    fields
        .key_error(
            &path,
            format!(
                "the risk `{}` is scored as {}, but {others} scored as {}",
                risk.id,
                names(&mine),
                names(usual)
            ),
        )
        .with_hint(format!(
            "score every risk of a register at the same stages: {}",
            changes.join("; ")
        ))
}

/// Places each of a risk's ratings on the matrix, reporting those that do
/// not fit and warning about numbers that read as another level's label.
fn check_scores(
    risk: &Risk,
    matrix: &RiskMatrix,
    fields: &FieldMap,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (stage, rating) in risk.scores() {
        let field = format!("{at}.{}", stage.field());
        match rating.place_or_locate(matrix) {
            Err((part, message, hint)) => {
                let path = match part {
                    Some(axis) => format!("{field}.{axis}"),
                    None => field.clone(),
                };
                out.push(fields.error(&path, message).with_hint(hint));
            }
            Ok(_) => {
                for (axis, message, hint) in rating.misleading_indexes(matrix) {
                    out.push(
                        fields
                            .warning(&format!("{field}.{axis}"), message)
                            .with_hint(hint),
                    );
                }
            }
        }
    }
}

/// `none` names registers without a matrix, so no matrix may take it.
pub fn check_matrix_name(name: &str, fields: &FieldMap, out: &mut Vec<Diagnostic>) {
    if name == NO_MATRIX {
        out.push(
            fields
                .key_error(
                    &format!("risk_matrices.{name}"),
                    "`none` cannot name a matrix: registers write `matrix: none` to be rated red, amber or green",
                )
                .with_hint("give the matrix another name"),
        );
    }
}

/// The ref the author wrote made URL-safe (`NI 179` → `ni-179`), for the
/// hint.
fn safe_key(key: &str) -> String {
    let safe = crate::slug::slug(key);
    if crate::config::is_slug(&safe) {
        safe
    } else {
        "regional-governance".into()
    }
}

/// A `ref` names a history page (`/risks/<ref>/`), so it must be URL-safe.
pub fn check_key(key: &str, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
    if !crate::config::is_slug(key) {
        out.push(
            fields
                .error(path, format!("the ref `{key}` cannot be used in a URL"))
                .with_hint(format!(
                    "use lower-case letters, digits and hyphens, for example {}",
                    safe_key(key)
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    /// A 4x4 matrix lettered for likelihood and numbered for impact with
    /// 1 the worst, as some councils draw theirs.
    fn numbered() -> RiskMatrix {
        let labels = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        let band = |upto, label: &str| Band {
            upto,
            label: label.into(),
            colour: "#2e7d32".into(),
        };
        RiskMatrix {
            likelihood: labels(&["A", "B", "C", "D"]),
            impact: labels(&["4", "3", "2", "1"]),
            scoring: Scoring::Product,
            bands: vec![band(4, "Low"), band(8, "Medium"), band(16, "High")],
        }
    }

    fn matrices() -> BTreeMap<String, RiskMatrix> {
        BTreeMap::from([
            ("default".to_string(), RiskMatrix::default_five_by_five()),
            ("numbered".to_string(), numbered()),
        ])
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Front {
        risks: RiskRegister,
    }

    /// What `check` says about the register written in `yaml` (under
    /// `risks:`), as (severity, message, hint).
    fn check(yaml: &str) -> Vec<(Severity, String, String)> {
        let (front, fields) = crate::content::yaml::parse::<Front>(
            std::path::Path::new("x.md"),
            yaml,
            1,
            crate::content::yaml::Reading::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let mut out = Vec::new();
        front
            .risks
            .validate(&matrices(), "default", &fields, "risks", &mut out);
        out.into_iter()
            .map(|d| (d.severity, d.message, d.hint.unwrap_or_default()))
            .collect()
    }

    fn read(yaml: &str) -> RiskRegister {
        crate::content::yaml::from_str::<Front>(yaml).unwrap().risks
    }

    #[test]
    fn bare_scores_are_placed_only_when_unique() {
        let matrix = RiskMatrix::default_five_by_five();
        assert_eq!(
            Rating::Score(25).place(&matrix).unwrap(),
            Placement {
                likelihood: 5,
                impact: 5,
                score: 25
            }
        );
        let (message, hint) = Rating::Score(4).place(&matrix).unwrap_err();
        assert!(message.contains("could be any of 3 cells"), "{message}");
        assert_eq!(
            hint,
            "write the cell instead: {likelihood: Likely, impact: Negligible}, {likelihood: Unlikely, impact: Minor} or {likelihood: Rare, impact: Major}"
        );
        assert!(
            Rating::Score(7)
                .place(&matrix)
                .unwrap_err()
                .0
                .contains("no cell")
        );
    }

    #[test]
    fn cells_are_placed_by_label_or_index() {
        let matrix = RiskMatrix::default_five_by_five();
        let cell = Rating::Cell {
            likelihood: Level::Label("likely".into()),
            impact: Level::Index(3),
        };
        assert_eq!(cell.place(&matrix).unwrap().score, 12);
        let wrong = Rating::Cell {
            likelihood: Level::Index(6),
            impact: Level::Index(1),
        };
        assert!(wrong.place(&matrix).unwrap_err().1.contains("Rare"));
    }

    #[test]
    fn a_quoted_number_is_a_label_and_a_plain_one_an_index() {
        let register = read(
            "risks:\n  matrix: numbered\n  risks:\n    - {id: a, title: T, current: {likelihood: D, impact: \"1\"}}\n    - {id: b, title: T, current: {likelihood: 4, impact: 1}}\n",
        );
        let matrix = numbered();
        let label = register.risks[0].current.as_ref().unwrap();
        let index = register.risks[1].current.as_ref().unwrap();
        // The label `1` is the worst impact, the fourth level: the worst cell.
        assert_eq!(
            label.place(&matrix).unwrap(),
            Placement {
                likelihood: 4,
                impact: 4,
                score: 16
            }
        );
        assert_eq!(index.place(&matrix).unwrap().impact, 1);
    }

    #[test]
    fn the_worst_cell_by_its_labels_checks_clean() {
        let found = check(
            "risks:\n  matrix: numbered\n  risks:\n    - {id: a, title: T, current: {likelihood: D, impact: \"1\"}, target: {likelihood: A, impact: \"4\"}}\n",
        );
        assert_eq!(found, []);
    }

    #[test]
    fn digits_that_are_no_label_list_the_labels() {
        let found = check(
            "risks:\n  matrix: numbered\n  risks:\n    - {id: a, title: T, current: {likelihood: A, impact: \"5\"}}\n",
        );
        assert_eq!(
            found,
            [(
                Severity::Error,
                "\"5\" is not an impact label of this matrix".to_string(),
                "the impact labels of this matrix are \"4\", \"3\", \"2\", \"1\", in quotes; a number without quotes counts levels from the lowest, 1 to 4".to_string()
            )]
        );
    }

    #[test]
    fn a_number_that_is_another_level_s_label_is_a_warning() {
        let found = check(
            "risks:\n  matrix: numbered\n  risks:\n    - {id: a, title: T, current: {likelihood: A, impact: 1}}\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Warning);
        assert_eq!(
            found[0].1,
            "impact 1 is read as level 1 from the lowest, labelled `4`; the level labelled `1` is level 4"
        );
        assert!(found[0].2.contains("`impact: \"1\"`"), "{}", found[0].2);
        // A number that is its own level's label reads the same either way.
        let fine = check(
            "risks:\n  risks:\n    - {id: a, title: T, current: {likelihood: 2, impact: 3}}\n",
        );
        assert_eq!(fine, []);
    }

    #[test]
    fn hints_name_only_labels_of_the_matrix_in_force() {
        // 4 on the numbered matrix is A x "1", B x "3" and D x "4".
        let found = check(
            "risks:\n  matrix: numbered\n  risks:\n    - {id: a, title: T, residual: 4}\n    - {id: b, title: T, residual: {likelihood: Possible, impact: \"2\"}}\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        let (_, message, hint) = &found[0];
        assert!(
            message.starts_with("the score 4 could be any of 3 cells"),
            "{message}"
        );
        assert_eq!(
            hint,
            "write the cell instead: {likelihood: D, impact: \"4\"}, {likelihood: B, impact: \"3\"} or {likelihood: A, impact: \"1\"}"
        );
        assert_eq!(found[1].1, "`Possible` is not a likelihood of this matrix");
        assert_eq!(
            found[1].2,
            "allowed likelihood values: A, B, C, D or 1 to 4"
        );
        for (_, message, hint) in &found {
            for foreign in ["Possible, impact", "Major", "High"] {
                assert!(!hint.contains(foreign), "{message}: {hint}");
            }
        }
    }

    #[test]
    fn every_risk_is_scored_at_the_same_stages() {
        let found = check(
            "risks:\n  risks:\n    - {id: C1, title: T, current: 16, target: 9}\n    - {id: C2, title: T, current: 25, target: 9}\n    - {id: C3, title: T, inherent: 25, residual: 16}\n",
        );
        assert_eq!(
            found,
            [(
                Severity::Error,
                "the risk `C3` is scored as `inherent` and `residual`, but 2 other risks of this register are scored as `current` and `target`".to_string(),
                "score every risk of a register at the same stages: drop `inherent:`; rename `residual:` to `current:`; add `target:`".to_string()
            )]
        );
    }

    #[test]
    fn initial_names_the_inherent_stage() {
        let register = read(
            "risks:\n  risks:\n    - {id: a, title: T, initial: 25, current: 16, target: 9}\n",
        );
        assert_eq!(
            register.stages(),
            [Stage::Initial, Stage::Current, Stage::Target]
        );
        assert_eq!(
            register.risks[0].at(Stage::Initial),
            Some(&Rating::Score(25))
        );
        assert_eq!(Stage::Initial.point(), Stage::Inherent.point());
        assert_eq!(
            check(
                "risks:\n  risks:\n    - {id: a, title: T, initial: 25, current: 16, target: 9}\n"
            ),
            []
        );
        let both = check("risks:\n  risks:\n    - {id: a, title: T, inherent: 25, initial: 25}\n");
        assert_eq!(both.len(), 1, "{both:?}");
        assert_eq!(
            both[0].1,
            "`inherent` and `initial` are two names for the same score"
        );
    }

    #[test]
    fn the_appetite_must_part_the_matrix() {
        assert_eq!(
            check("risks:\n  appetite: 9\n  risks:\n    - {id: a, title: T, current: 16}\n"),
            []
        );
        let found =
            check("risks:\n  appetite: 25\n  risks:\n    - {id: a, title: T, current: 16}\n");
        assert_eq!(
            found[0].1,
            "no score of this matrix is above an appetite of 25: the highest is 25"
        );
        assert_eq!(
            found[0].2,
            "write the highest score the board accepts without escalation, from 1 to 24"
        );
    }

    #[test]
    fn a_register_without_a_matrix_is_rated_in_words() {
        let yaml = "risks:\n  matrix: none\n  risks:\n    - {id: a, title: T, rating: amber, direction: improving}\n";
        assert_eq!(check(yaml), []);
        let register = read(yaml);
        assert!(register.is_rag());
        assert_eq!(register.risks[0].rating, Some(Rag::Amber));
        assert_eq!(register.risks[0].direction, Some(Direction::Improving));
        let found = check(
            "risks:\n  matrix: none\n  appetite: 9\n  risks:\n    - {id: a, title: T, current: 9}\n",
        );
        let messages: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the risk `a` has no rating",
                "`current` is a score on a matrix, but this register has `matrix: none`",
                "an appetite is a score, but this register has `matrix: none` and no scores",
            ]
        );
        let scored = check("risks:\n  risks:\n    - {id: a, title: T, current: 9, rating: red}\n");
        assert_eq!(
            scored[0].1,
            "`rating` is for registers rated red, amber or green, with `matrix: none`"
        );
    }

    #[test]
    fn a_risk_without_a_score_is_told_what_the_others_use() {
        let found = check(
            "risks:\n  risks:\n    - {id: a, title: T, current: 9, target: 4}\n    - {id: b, title: T}\n",
        );
        assert_eq!(found[0].1, "the risk `b` has no score");
        assert_eq!(found[0].2, "give it `current:` and `target:`");
    }
}
