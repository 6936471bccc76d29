//! Meetings of a board.

use serde::{Deserialize, Serialize};

use super::values::{Date, Moment, Time};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingStatus {
    #[default]
    Scheduled,
    Held,
    Cancelled,
    Postponed,
}

impl MeetingStatus {
    pub fn label(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "Scheduled",
            MeetingStatus::Held => "Held",
            MeetingStatus::Cancelled => "Cancelled",
            MeetingStatus::Postponed => "Postponed",
        }
    }
}

/// The front matter of `_meeting.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    pub board: String,
    pub date: Date,
    #[serde(default)]
    pub time: Option<Time>,
    #[serde(default)]
    pub end_time: Option<Time>,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub status: MeetingStatus,
    #[serde(default)]
    pub chair: Option<String>,
    #[serde(default)]
    pub attendees: Vec<String>,
    #[serde(default)]
    pub apologies: Vec<String>,
    #[serde(default)]
    pub declarations: Vec<Declaration>,
    #[serde(default)]
    pub publish_after: Option<Moment>,
    #[serde(default)]
    pub draft: bool,
}

/// A member's declaration of interest in an item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub member: String,
    #[serde(deserialize_with = "super::values::scalar_text")]
    pub item: String,
    pub interest: String,
}
