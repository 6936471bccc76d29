//! Recommendations put to a board, their outcomes and follow-up actions,
//! and the facts the minutes record about each: who proposed and seconded
//! it, how the vote went and, in a recorded vote, who voted which way.

use serde::{Deserialize, Serialize};

use super::values::{Date, optional_text, parsed_scalar, scalar_text};
use crate::content::yaml::FieldMap;
use crate::diagnostics::Diagnostic;

/// What the board decided on a recommendation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    #[default]
    Pending,
    Agreed,
    Amended,
    NotAgreed,
    Deferred,
    Withdrawn,
    Noted,
    /// Passed on to another body (full Council, Cabinet), which decides.
    Recommended,
}

impl Outcome {
    /// The outcome in words. A recommendation to another body reads better
    /// with the body's name: see [`Recommendation::outcome_label`].
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pending => "Pending",
            Outcome::Agreed => "Agreed",
            Outcome::Amended => "Agreed as amended",
            Outcome::NotAgreed => "Not agreed",
            Outcome::Deferred => "Deferred",
            Outcome::Withdrawn => "Withdrawn",
            Outcome::Noted => "Noted",
            Outcome::Recommended => "Recommended to another body",
        }
    }

    /// The outcome as the front matter writes it: `not-agreed`.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Agreed => "agreed",
            Outcome::Amended => "amended",
            Outcome::NotAgreed => "not-agreed",
            Outcome::Deferred => "deferred",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Noted => "noted",
            Outcome::Recommended => "recommended",
        }
    }

    /// Whether the board itself has settled the matter. A pending
    /// recommendation is not settled yet, and one recommended to another
    /// body is settled by that body, not by this board: neither is a
    /// decision taken, so lists of decisions taken leave both out.
    pub fn is_decision_taken(self) -> bool {
        !matches!(self, Outcome::Pending | Outcome::Recommended)
    }
}

/// Progress of an action arising from a decision.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    #[default]
    Open,
    Done,
    Overdue,
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    #[serde(deserialize_with = "scalar_text")]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub outcome: Outcome,
    /// The body a `recommended` outcome goes to: `Council`.
    #[serde(default, deserialize_with = "optional_text")]
    pub recommended_to: Option<String>,
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub proposer: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub seconder: Option<String>,
    #[serde(default)]
    pub vote: Option<Vote>,
    #[serde(default)]
    pub recorded: Option<Recorded>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// The sides of a vote, in the order minutes give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    For,
    Against,
    Abstain,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::For, Side::Against, Side::Abstain];

    /// The field's name in `vote` and `recorded`.
    pub fn key(self) -> &'static str {
        match self {
            Side::For => "for",
            Side::Against => "against",
            Side::Abstain => "abstain",
        }
    }

    /// How a member on this side voted, for messages: "voting for".
    fn doing(self) -> &'static str {
        match self {
            Side::For => "voting for",
            Side::Against => "voting against",
            Side::Abstain => "abstaining",
        }
    }

    /// The count in words: "7 for", "1 abstention".
    pub fn count_text(self, count: u32) -> String {
        match (self, count) {
            (Side::Abstain, 1) => "1 abstention".into(),
            (Side::Abstain, n) => format!("{n} abstentions"),
            (side, n) => format!("{n} {}", side.key()),
        }
    }
}

/// The counts of a vote as minuted. A count left out is 0: minutes often
/// say only "7 for, 2 against".
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    #[serde(rename = "for", default, deserialize_with = "optional_count")]
    pub for_: Option<u32>,
    #[serde(default, deserialize_with = "optional_count")]
    pub against: Option<u32>,
    #[serde(default, deserialize_with = "optional_count")]
    pub abstain: Option<u32>,
}

impl Vote {
    /// The count of one side as written, `None` when left out.
    pub fn written(&self, side: Side) -> Option<u32> {
        match side {
            Side::For => self.for_,
            Side::Against => self.against,
            Side::Abstain => self.abstain,
        }
    }
}

/// A recorded (named) vote: who voted for, against and abstained, by member
/// id or name as the minutes give them.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    #[serde(rename = "for", default)]
    pub for_: Vec<String>,
    #[serde(default)]
    pub against: Vec<String>,
    #[serde(default)]
    pub abstain: Vec<String>,
}

impl Recorded {
    pub fn names(&self, side: Side) -> &[String] {
        match side {
            Side::For => &self.for_,
            Side::Against => &self.against,
            Side::Abstain => &self.abstain,
        }
    }
}

/// The counts of a vote on each side, whichever way the minutes gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub for_: u32,
    pub against: u32,
    pub abstain: u32,
}

impl Tally {
    pub fn count(&self, side: Side) -> u32 {
        match side {
            Side::For => self.for_,
            Side::Against => self.against,
            Side::Abstain => self.abstain,
        }
    }

    /// "7 for, 2 against, 1 abstention".
    pub fn text(&self) -> String {
        Side::ALL
            .iter()
            .map(|side| side.count_text(self.count(*side)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Reads a count of votes: a whole number, 0 or more, at the value itself
/// when it is anything else.
fn optional_count<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u32>, D::Error> {
    parsed_scalar(deserializer, |text| {
        text.trim().parse::<u32>().map(Some).map_err(|_| {
            format!(
                "`{text}` is not a number of votes\nwrite a whole number, 0 or more, for example 7"
            )
        })
    })
}

impl Recommendation {
    /// The outcome in words, naming the body a recommendation goes to:
    /// "Recommended to Council".
    pub fn outcome_label(&self) -> String {
        match (self.outcome, self.recommended_body()) {
            (Outcome::Recommended, Some(body)) => format!("Recommended to {body}"),
            (outcome, _) => outcome.label().to_string(),
        }
    }

    /// `recommended_to`, unless it is blank.
    fn recommended_body(&self) -> Option<&str> {
        self.recommended_to
            .as_deref()
            .map(str::trim)
            .filter(|body| !body.is_empty())
    }

    /// The counts of the vote: as `vote` gives them, else as the names of
    /// a recorded vote count them; `None` when the minutes give neither.
    pub fn tally(&self) -> Option<Tally> {
        let count = |side: Side| match (&self.vote, &self.recorded) {
            (Some(vote), _) => vote.written(side).unwrap_or(0),
            (None, Some(recorded)) => recorded.names(side).len() as u32,
            (None, None) => 0,
        };
        (self.vote.is_some() || self.recorded.is_some()).then(|| Tally {
            for_: count(Side::For),
            against: count(Side::Against),
            abstain: count(Side::Abstain),
        })
    }

    /// Checks the rules that tie this recommendation's fields together;
    /// `path` is where it sits (`recommendations.0`).
    pub fn validate(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        self.check_recommended_to(fields, path, out);
        if let (Some(vote), Some(recorded)) = (&self.vote, &self.recorded) {
            for side in Side::ALL {
                out.extend(count_against_names(vote, recorded, side, fields, path));
            }
        }
        if let Some(recorded) = &self.recorded {
            out.extend(names_given_twice(recorded, fields, path));
        }
    }

    /// `recommended_to` comes with the outcome `recommended`, and only with it.
    fn check_recommended_to(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        match (self.outcome, self.recommended_body()) {
            (Outcome::Recommended, None) => out.push(
                fields
                    .error(
                        &join(path, "outcome"),
                        "the outcome `recommended` needs `recommended_to`: the body that takes the decision",
                    )
                    .with_hint("add `recommended_to: Council` (or the name of the body) beside `outcome`"),
            ),
            (Outcome::Recommended, Some(_)) | (_, None) => {}
            (outcome, Some(body)) => {
                let written = if fields.has(&join(path, "outcome")) {
                    format!("`{}`", outcome.key())
                } else {
                    "`pending`, as no `outcome` is given".to_string()
                };
                out.push(
                    fields
                        .error(
                            &join(path, "recommended_to"),
                            format!("`recommended_to: {body}` goes with the outcome `recommended`, but the outcome is {written}"),
                        )
                        .with_hint(format!("write `outcome: recommended` if the board recommended this to {body}, or remove `recommended_to`")),
                );
            }
        }
    }
}

/// `path.field`, or `field` at the top.
fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// A count of `vote` that differs from the number of names `recorded`
/// gives for the same side, reported at the count.
fn count_against_names(
    vote: &Vote,
    recorded: &Recorded,
    side: Side,
    fields: &FieldMap,
    path: &str,
) -> Option<Diagnostic> {
    let key = side.key();
    let written = vote.written(side);
    let count = written.unwrap_or(0) as usize;
    let names = recorded.names(side);
    if count == names.len() {
        return None;
    }
    let says = match written {
        Some(n) => format!("the vote says {}", side.count_text(n)),
        None => format!("the vote gives no `{key}` count (so 0)"),
    };
    let listed = match names.len() {
        0 => format!("`recorded` names no one {}", side.doing()),
        n => format!(
            "`recorded.{key}` names {n}: {}",
            names
                .iter()
                .map(|n| n.trim())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let hint = if names.len() > count {
        format!(
            "write `{key}: {}` in `vote`, or remove from `recorded.{key}` whoever was not {}",
            names.len(),
            side.doing()
        )
    } else {
        format!(
            "write `{key}: {}` in `vote`, or add the {} to `recorded.{key}`",
            names.len(),
            match count - names.len() {
                1 => "missing name".to_string(),
                n => format!("{n} missing names"),
            }
        )
    };
    Some(
        fields
            .error(
                &join(path, &format!("vote.{key}")),
                format!("{says} but {listed}"),
            )
            .with_hint(hint),
    )
}

/// Every name that a recorded vote gives a second time, on any side,
/// reported at the repeat. Names compare without regard to case or spacing.
fn names_given_twice(recorded: &Recorded, fields: &FieldMap, path: &str) -> Vec<Diagnostic> {
    let mut first: std::collections::HashMap<String, (Side, String)> = Default::default();
    let mut out = Vec::new();
    for side in Side::ALL {
        for (i, name) in recorded.names(side).iter().enumerate() {
            let at = join(path, &format!("recorded.{}.{i}", side.key()));
            let key = name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            match first.get(&key) {
                Some((earlier, earlier_at)) => out.push(
                    fields
                        .error(
                            &at,
                            format!(
                                "`{}` is named twice in the recorded vote: first as {}, on line {}",
                                name.trim(),
                                earlier.doing(),
                                fields.at(earlier_at).line
                            ),
                        )
                        .with_hint(
                            "a member votes once: keep the name only on the side they voted",
                        ),
                ),
                None => {
                    first.insert(key, (side, at));
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub text: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub status: ActionStatus,
}

impl Action {
    /// An open action past its due date is overdue whatever its status says.
    pub fn is_overdue(&self, today: Date) -> bool {
        match self.status {
            ActionStatus::Overdue => true,
            ActionStatus::Open => self.due.is_some_and(|due| due < today),
            ActionStatus::Done | ActionStatus::Dropped => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml;
    use std::path::Path;

    /// Reads one recommendation (its YAML starts on line 2) and checks it.
    fn check(text: &str) -> Vec<Diagnostic> {
        let (recommendation, fields) =
            yaml::parse::<Recommendation>(Path::new("r.md"), text, 2, yaml::Reading::default())
                .unwrap();
        let mut out = Vec::new();
        recommendation.validate(&fields, "", &mut out);
        out
    }

    fn read(text: &str) -> Recommendation {
        yaml::from_str(text).unwrap()
    }

    #[test]
    fn a_recorded_vote_that_agrees_with_its_counts_passes() {
        let text = "id: a\ntext: T\noutcome: agreed\nproposer: Cllr A\nseconder: Cllr B\nvote: {for: 2, against: 1}\nrecorded: {for: [Cllr A, Cllr B], against: [Cllr C]}\n";
        assert_eq!(check(text), []);
    }

    #[test]
    fn a_count_that_differs_from_its_names_is_reported_at_the_count() {
        let text = "id: a\ntext: T\nvote: {for: 3, against: 1}\nrecorded:\n  for: [Cllr A, Cllr B]\n  against: [Cllr C]\n";
        let out = check(text);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "the vote says 3 for but `recorded.for` names 2: Cllr A, Cllr B"
        );
        assert_eq!((out[0].position.line, out[0].position.column), (4, 13));
        assert_eq!(
            out[0].hint.as_deref(),
            Some("write `for: 2` in `vote`, or add the missing name to `recorded.for`")
        );
    }

    #[test]
    fn a_count_left_out_is_zero_against_the_names() {
        let out = check("id: a\ntext: T\nvote: {for: 1}\nrecorded: {for: [A], abstain: [B]}\n");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "the vote gives no `abstain` count (so 0) but `recorded.abstain` names 1: B"
        );
        assert!(
            out[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("whoever was not abstaining")
        );
    }

    #[test]
    fn a_name_given_twice_is_an_error_at_the_repeat() {
        let out = check("id: a\ntext: T\nrecorded:\n  for: [Cllr A]\n  against: [cllr  a]\n");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "`cllr  a` is named twice in the recorded vote: first as voting for, on line 5"
        );
        assert_eq!(out[0].position.line, 6);
    }

    #[test]
    fn recommended_needs_the_body_it_goes_to() {
        let out = check("id: a\ntext: T\noutcome: recommended\n");
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].message.contains("needs `recommended_to`"), "{out:?}");
        assert_eq!(out[0].position.line, 4);
        assert!(
            out[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("recommended_to: Council")
        );
        assert_eq!(
            check("id: a\ntext: T\noutcome: recommended\nrecommended_to: Council\n"),
            []
        );
    }

    #[test]
    fn recommended_to_with_another_outcome_is_an_error() {
        let out = check("id: a\ntext: T\noutcome: agreed\nrecommended_to: Council\n");
        assert_eq!(
            out[0].message,
            "`recommended_to: Council` goes with the outcome `recommended`, but the outcome is `agreed`"
        );
        let out = check("id: a\ntext: T\nrecommended_to: Council\n");
        assert!(
            out[0]
                .message
                .ends_with("`pending`, as no `outcome` is given")
        );
    }

    #[test]
    fn a_negative_count_is_not_a_number_of_votes() {
        let err =
            yaml::from_str::<Recommendation>("id: a\ntext: T\nvote: {for: -1}\n").unwrap_err();
        assert!(err.contains("`-1` is not a number of votes"), "{err}");
    }

    #[test]
    fn recommended_to_another_body_is_not_a_decision_taken() {
        let r = read("id: a\ntext: T\noutcome: recommended\nrecommended_to: Council\n");
        assert_eq!(r.outcome_label(), "Recommended to Council");
        assert!(!r.outcome.is_decision_taken());
        assert!(!Outcome::Pending.is_decision_taken());
        assert!(Outcome::NotAgreed.is_decision_taken());
    }

    #[test]
    fn the_tally_comes_from_the_counts_or_else_the_names() {
        let counted = read("id: a\ntext: T\nvote: {for: 7, against: 2}\n");
        assert_eq!(
            counted.tally().unwrap().text(),
            "7 for, 2 against, 0 abstentions"
        );
        let named = read("id: a\ntext: T\nrecorded: {for: [A, B], abstain: [C]}\n");
        assert_eq!(
            named.tally().unwrap().text(),
            "2 for, 0 against, 1 abstention"
        );
        assert_eq!(read("id: a\ntext: T\n").tally(), None);
    }

    #[test]
    fn every_outcome_key_is_what_serde_reads() {
        for outcome in [
            Outcome::Pending,
            Outcome::Agreed,
            Outcome::Amended,
            Outcome::NotAgreed,
            Outcome::Deferred,
            Outcome::Withdrawn,
            Outcome::Noted,
            Outcome::Recommended,
        ] {
            assert_eq!(
                serde_json::to_value(outcome).unwrap(),
                serde_json::json!(outcome.key())
            );
        }
    }
}
