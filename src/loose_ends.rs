//! Warnings about deadlines and loose ends: nothing here stops a build,
//! but a democratic-services officer wants to know before publishing.
//!
//! - an agenda paper of a meeting to come published fewer than
//!   `notice_days` clear days before it;
//! - a meeting in the past still `scheduled`;
//! - a recommendation still `pending` at a `held` meeting (one recommended
//!   to another body is not pending: the board has done its part);
//! - an action still open past its due date;
//! - a person in a meeting who matches no member (when `members` is set);
//! - draft minutes of a meeting whose board has met since.

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::yaml::FieldMap;
use crate::content::{Content, MeetingSource, Parsed};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::model::meeting::MeetingStatus;
use crate::model::member::Roll;
use crate::model::paper::PaperFront;
use crate::model::recommendation::{ActionStatus, Outcome, Side};
use crate::model::values::Date;

/// Every warning of this kind in `content`, judged on `today` (the build
/// clock's date in the site's time zone).
pub fn check(config: &Config, content: &Content, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for meeting in &content.meetings {
        let front = &meeting.meeting.front;
        if front.status == MeetingStatus::Scheduled && front.date < today {
            out.push(not_marked_held(meeting, today));
        }
        out.extend(unknown_people(config, meeting));
        out.extend(draft_minutes(content, meeting, today));
        for item in &meeting.items {
            // Notice is a deadline still to meet only for meetings to come.
            if front.date >= today {
                out.extend(short_notice(config, meeting, item));
            }
            if front.status == MeetingStatus::Held {
                out.extend(pending_at_held_meeting(item));
            }
            out.extend(overdue_actions(item, today));
        }
    }
    for document in &content.documents {
        out.extend(overdue_actions(document, today));
    }
    out
}

fn not_marked_held(meeting: &MeetingSource, today: Date) -> Diagnostic {
    let front = &meeting.meeting.front;
    let fields = &meeting.meeting.fields;
    let at = if fields.has("status") {
        "status"
    } else {
        "date"
    };
    fields
        .warning(
            at,
            format!(
                "this meeting on {} is in the past (today is {}) but is still `scheduled`",
                format::long_date(front.date),
                format::long_date(today)
            ),
        )
        .with_hint("write `status: held` once it has met, or `cancelled` or `postponed`")
}

/// Each attendee, apology, substitute and declaring member who matches no
/// site member. Guests attend too, so this is a warning, not an error.
fn unknown_people(config: &Config, meeting: &MeetingSource) -> Vec<Diagnostic> {
    let roll = &config.roll;
    if roll.is_empty() {
        return Vec::new();
    }
    let front = &meeting.meeting.front;
    let listed = |field: &str, names: &[String]| -> Vec<(String, String)> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| (format!("{field}.{i}"), name.clone()))
            .collect()
    };
    let mut named = listed("attendees", &front.attendees);
    named.extend(listed("apologies", &front.apologies));
    for (i, substitute) in front.substitutes.iter().enumerate() {
        named.push((format!("substitutes.{i}.member"), substitute.member.clone()));
        named.push((
            format!("substitutes.{i}.for"),
            substitute.for_member.clone(),
        ));
    }
    for (i, declaration) in front.declarations.iter().enumerate() {
        named.push((
            format!("declarations.{i}.member"),
            declaration.member.clone(),
        ));
    }
    let mut out = unmatched(roll, &meeting.meeting.fields, named);
    for item in &meeting.items {
        let mut voters = Vec::new();
        for (i, recommendation) in item.front.recommendations.iter().enumerate() {
            let Some(recorded) = &recommendation.recorded else {
                continue;
            };
            for side in Side::ALL {
                let field = format!("recommendations.{i}.recorded.{}", side.key());
                voters.extend(listed(&field, recorded.names(side)));
            }
        }
        out.extend(unmatched(roll, &item.fields, voters));
    }
    out
}

/// A warning for each name, at its path, that matches no member.
fn unmatched(roll: &Roll, fields: &FieldMap, named: Vec<(String, String)>) -> Vec<Diagnostic> {
    named
        .into_iter()
        .filter(|(_, name)| roll.find(name).is_none())
        .map(|(path, name)| {
            let hint = roll.did_you_mean(&name).unwrap_or_else(|| {
                let present = path.starts_with("attendees.") || path.starts_with("apologies.");
                if present {
                    "write a member's id or name as `members` in site.yaml gives it; list a guest who is not a member under `officers`, or leave them as written".to_string()
                } else {
                    "write a member's id or name as `members` in site.yaml gives it, or add them to `members`".to_string()
                }
            });
            fields
                .warning(&path, format!("`{}` matches no member in site.yaml", name.trim()))
                .with_hint(hint)
        })
        .collect()
}

/// Minutes stay draft until the next meeting approves them: once the board
/// has met again, draft minutes are probably approved and not yet marked.
fn draft_minutes(content: &Content, meeting: &MeetingSource, today: Date) -> Option<Diagnostic> {
    let front = &meeting.meeting.front;
    let has_minutes = !meeting.meeting.source.body().trim().is_empty();
    if front.status != MeetingStatus::Held
        || !has_minutes
        || front.minutes_status() != crate::model::meeting::MinutesStatus::Draft
    {
        return None;
    }
    let since = content
        .meetings
        .iter()
        .map(|m| &m.meeting.front)
        .filter(|m| m.board == front.board && m.status == MeetingStatus::Held)
        .filter(|m| m.date > front.date && m.date <= today)
        .min_by_key(|m| m.date)?;
    let fields = &meeting.meeting.fields;
    let at = if fields.has("minutes") {
        "minutes"
    } else {
        "status"
    };
    Some(
        fields
            .warning(
                at,
                format!(
                    "the minutes of this meeting are still draft, but the board met again on {}",
                    format::long_date(since.date)
                ),
            )
            .with_hint("once a meeting approves them, write `minutes: approved` and `minutes_approved_at: <that meeting's folder>`"),
    )
}

/// The paper's publication, counted in clear days before its meeting.
fn short_notice(
    config: &Config,
    meeting: &MeetingSource,
    item: &Parsed<PaperFront>,
) -> Option<Diagnostic> {
    let front = &meeting.meeting.front;
    // A supplement is late by design, and says so on the agenda.
    let listed = matches!(front.status, MeetingStatus::Scheduled | MeetingStatus::Held);
    if item.front.draft || item.front.supplement || !listed {
        return None;
    }
    let (published, fields, path) = match (item.front.publish_after, front.publish_after) {
        (Some(at), _) => (at, &item.fields, "publish_after"),
        (None, Some(at)) => (at, &meeting.meeting.fields, "publish_after"),
        (None, None) => return None,
    };
    let day = published
        .to_utc(config.timezone)
        .with_timezone(&config.timezone)
        .date_naive();
    let clear = clear_days(day, front.date.0);
    if clear >= i64::from(config.notice_days) {
        return None;
    }
    let warning = fields.warning(
        path,
        format!(
            "this paper is published on {} for the meeting on {}: {}, fewer than the {} that `notice_days` asks",
            format::long_date(Date(day)),
            format::long_date(front.date),
            clear_days_in_words(clear),
            config.notice_days,
        ),
    );
    Some(warning.with_hint(
        "clear days leave out the day of publication and the day of the meeting, and count weekends and holidays; publish earlier, or, for a paper that cannot wait for the next meeting, mark it `supplement: true` and say why it is urgent",
    ))
}

/// Days strictly between publication and the meeting.
fn clear_days(published: NaiveDate, meeting: NaiveDate) -> i64 {
    ((meeting - published).num_days() - 1).max(0)
}

fn clear_days_in_words(days: i64) -> String {
    match days {
        0 => "no clear days".into(),
        1 => "1 clear day".into(),
        n => format!("{n} clear days"),
    }
}

fn pending_at_held_meeting(item: &Parsed<PaperFront>) -> Vec<Diagnostic> {
    let number = item.front.item.as_deref().unwrap_or("?");
    item.front
        .recommendations
        .iter()
        .enumerate()
        .filter(|(_, r)| r.outcome == Outcome::Pending)
        .map(|(i, r)| {
            let path = format!("recommendations.{i}.outcome");
            let path = if item.fields.has(&path) {
                path
            } else {
                format!("recommendations.{i}.id")
            };
            item.fields
                .warning(
                    &path,
                    format!(
                        "recommendation ({}) of item {number} is still `pending`, but its meeting has been held",
                        r.id
                    ),
                )
                .with_hint("record what was decided: `outcome: agreed` (or `amended`, `not-agreed`, `deferred`, `withdrawn`, `noted`, or `recommended` with `recommended_to: Council` when the board passed it to another body)")
        })
        .collect()
}

fn overdue_actions(paper: &Parsed<PaperFront>, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, recommendation) in paper.front.recommendations.iter().enumerate() {
        for (j, action) in recommendation.actions.iter().enumerate() {
            let Some(due) = action.due else { continue };
            if action.status != ActionStatus::Open || due >= today {
                continue;
            }
            out.push(
                paper
                    .fields
                    .warning(
                        &format!("recommendations.{i}.actions.{j}.due"),
                        format!(
                            "this action was due on {} and is still open",
                            format::long_date(due)
                        ),
                    )
                    .with_hint("write `status: done` or `dropped` when it is, or move `due` to the new date"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn clear_days_leave_out_both_ends() {
        // Published Monday 7th for Friday 11th: 8, 9 and 10 are clear.
        assert_eq!(clear_days(day("2008-07-07"), day("2008-07-11")), 3);
        assert_eq!(clear_days(day("2008-07-10"), day("2008-07-11")), 0);
        assert_eq!(clear_days(day("2008-07-11"), day("2008-07-11")), 0);
        assert_eq!(clear_days(day("2008-07-04"), day("2008-07-11")), 6);
    }
}
