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
                        "unknown scoring `{v}`: write `product` or a list of rows of scores, one row per impact"
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

/// A register of risks, scored on one matrix.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRegister {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub matrix: Option<String>,
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
    pub inherent: Rating,
    #[serde(default)]
    pub residual: Option<Rating>,
    #[serde(default)]
    pub response: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub controls: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub indicators: Option<String>,
}

/// A risk's rating as written: a bare score or a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Rating {
    Score(u32),
    Cell { likelihood: Level, impact: Level },
}

/// A level on an axis, by label or 1-based index.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Level {
    Index(usize),
    Label(String),
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = scalar_text(deserializer)?;
        Ok(match text.parse::<usize>() {
            Ok(index) => Level::Index(index),
            Err(_) => Level::Label(text),
        })
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
                f.write_str("a score such as 9, or {likelihood: High, impact: High}")
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
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rating, E> {
                Err(E::custom(format!(
                    "`{v}` is not a rating: write a score such as 9, or {{likelihood: High, impact: High}}"
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
            Rating::Score(score) => {
                let cells: Vec<_> = matrix.cells().filter(|c| c.2 == *score).collect();
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
                            None,
                            format!("no cell of the matrix has the score {score}"),
                            format!("scores on this matrix are {}", all.join(", ")),
                        ))
                    }
                    several => {
                        let names: Vec<String> = several
                            .iter()
                            .map(|(l, i, _)| {
                                format!("{} x {}", matrix.likelihood[l - 1], matrix.impact[i - 1])
                            })
                            .collect();
                        Err((
                            None,
                            format!("the score {score} could be any of {} cells ({})", several.len(), names.join("; ")),
                            "write the cell instead, for example {likelihood: Possible, impact: Major}".to_string(),
                        ))
                    }
                }
            }
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
}

fn level_index(level: &Level, labels: &[String], axis: &str) -> Result<usize, (String, String)> {
    let allowed = || {
        format!(
            "allowed {axis} values: {} or 1 to {}",
            labels.join(", "),
            labels.len()
        )
    };
    match level {
        Level::Index(i) if (1..=labels.len()).contains(i) => Ok(*i),
        Level::Index(i) => Err((format!("{axis} {i} is outside the matrix"), allowed())),
        Level::Label(label) => labels
            .iter()
            .position(|l| l.eq_ignore_ascii_case(label))
            .map(|i| i + 1)
            .ok_or_else(|| {
                (
                    format!("`{label}` is not a {axis} of this matrix"),
                    allowed(),
                )
            }),
    }
}

impl RiskRegister {
    /// The name of the matrix this register is scored on.
    pub fn matrix_name<'a>(&'a self, default: &'a str) -> &'a str {
        self.matrix.as_deref().unwrap_or(default)
    }

    /// Checks that the matrix exists, ids are unique and every rating fits.
    pub fn validate(
        &self,
        matrices: &BTreeMap<String, RiskMatrix>,
        default: &str,
        fields: &FieldMap,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let name = self.matrix_name(default);
        let Some(matrix) = matrices.get(name) else {
            let names: Vec<&str> = matrices.keys().map(String::as_str).collect();
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
            let at = format!("{path}.risks.{i}");
            if let Some(key) = &risk.key {
                check_key(key, fields, &format!("{at}.ref"), out);
            }
            let ratings = [
                ("inherent", Some(&risk.inherent)),
                ("residual", risk.residual.as_ref()),
            ];
            for (field, rating) in ratings {
                if let Some(Err((part, message, hint))) = rating.map(|r| r.place_or_locate(matrix))
                {
                    let path = match part {
                        Some(axis) => format!("{at}.{field}.{axis}"),
                        None => format!("{at}.{field}"),
                    };
                    out.push(fields.error(&path, message).with_hint(hint));
                }
            }
        }
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
        assert!(hint.contains("likelihood"));
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
}
