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
    pub substitutes: Vec<Substitute>,
    #[serde(default)]
    pub officers: Vec<String>,
    #[serde(default)]
    pub declarations: Vec<Declaration>,
    #[serde(default)]
    pub minutes: Option<MinutesStatus>,
    #[serde(default)]
    pub minutes_approved_at: Option<String>,
    #[serde(default)]
    pub webcast: Option<String>,
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
    #[serde(default)]
    pub kind: InterestKind,
    /// Whether the member left the room while the item was considered.
    #[serde(default)]
    pub left_room: bool,
}

/// The kinds of interest the model code of conduct distinguishes, and the
/// disclosures of lobbying many councils minute too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterestKind {
    Pecuniary,
    OtherRegistrable,
    NonRegistrable,
    Lobbying,
    #[default]
    Other,
}

impl InterestKind {
    pub fn label(self) -> &'static str {
        match self {
            InterestKind::Pecuniary => "Disclosable pecuniary interest",
            InterestKind::OtherRegistrable => "Other registrable interest",
            InterestKind::NonRegistrable => "Non-registrable interest",
            InterestKind::Lobbying => "Lobbying",
            InterestKind::Other => "Other interest",
        }
    }
}

/// Who attended in whose place.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Substitute {
    pub member: String,
    #[serde(rename = "for")]
    pub for_member: String,
}

/// Whether the minutes in a meeting's body are approved as a correct record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MinutesStatus {
    #[default]
    Draft,
    Approved,
}

impl MeetingFront {
    /// The minutes' status: as written, else approved when a later meeting
    /// is named as approving them, else draft.
    pub fn minutes_status(&self) -> MinutesStatus {
        self.minutes
            .unwrap_or(if self.minutes_approved_at.is_some() {
                MinutesStatus::Approved
            } else {
                MinutesStatus::Draft
            })
    }
}
