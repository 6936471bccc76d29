//! Recommendations put to a board, their outcomes and follow-up actions.

use serde::{Deserialize, Serialize};

use super::values::{Date, scalar_text};

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
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pending => "Pending",
            Outcome::Agreed => "Agreed",
            Outcome::Amended => "Agreed as amended",
            Outcome::NotAgreed => "Not agreed",
            Outcome::Deferred => "Deferred",
            Outcome::Withdrawn => "Withdrawn",
            Outcome::Noted => "Noted",
        }
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
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub actions: Vec<Action>,
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
