//! The open data of the people: members with their attendance counts, one
//! row per member and meeting they were expected at or attended, and every
//! published declaration of interest.

use serde_json::Value;

use super::data::{Column, Dataset, boolean, col, count, date, integer, key, opt, text};
use crate::people::declaration_entries;
use crate::site::Site;

const MEMBERS: [Column; 12] = [
    col(
        "member",
        "The member's identifier, as in their address (`members/<member>/`).",
    ),
    col("name", "The member's name."),
    col(
        "organisation",
        "The organisation the member represents, if given.",
    ),
    col("party", "The member's political party or group, if given."),
    col(
        "boards",
        "The boards the member sits or sat on, with their roles, separated by `; `.",
    ),
    integer(
        "expected",
        "How many published, held meetings of their boards fell within their terms.",
    ),
    integer("present", "Of those, how many they attended."),
    integer(
        "substituted",
        "Of those, how many another member attended in their place.",
    ),
    integer("apologies", "Of those, how many they sent apologies for."),
    integer(
        "absent",
        "Of those, how many they missed without apologies or a substitute.",
    ),
    integer(
        "attendance_rate",
        "`present` as a whole percentage of `expected`; empty when none were expected.",
    ),
    col("url", "The full address of the member's page."),
];

const ATTENDANCE: [Column; 8] = [
    col("member", "The member's identifier."),
    col(
        "meeting",
        "The meeting's identifier, as in its address (`meetings/<meeting>/`).",
    ),
    date("date", "The meeting's date (YYYY-MM-DD)."),
    col("board", "The identifier of the board that met."),
    col(
        "status",
        "`present`, `substituted` (another member attended in their place), `apologies` or `absent` for a meeting within a term on the board; `in-attendance` for one attended without a seat then, or as a substitute, which the rate does not count.",
    ),
    boolean(
        "counted",
        "`true` when the meeting counts towards the member's attendance rate.",
    ),
    col(
        "note",
        "Who attended in their place, or in whose place they attended.",
    ),
    col("meeting_url", "The full address of the meeting's page."),
];

const DECLARATIONS: [Column; 11] = [
    col("meeting", "The meeting's identifier."),
    date("date", "The meeting's date (YYYY-MM-DD)."),
    integer(
        "position",
        "The declaration's place in the meeting's published list, from 1.",
    ),
    col(
        "item",
        "The number of the agenda item the interest was declared on.",
    ),
    col(
        "member",
        "The member's identifier, when the name matches a member; else empty.",
    ),
    col("name", "The name as the minutes give it."),
    col(
        "kind",
        "`pecuniary` (a disclosable pecuniary interest), `other-registrable`, `non-registrable`, `lobbying` or `other`.",
    ),
    col("interest", "The interest declared, as minuted."),
    boolean(
        "left_room",
        "`true` when the member left the room while the item was considered.",
    ),
    col(
        "member_url",
        "The full address of the member's page, when they are a member.",
    ),
    col("meeting_url", "The full address of the meeting's page."),
];

pub fn members(site: &Site) -> Dataset {
    let mut data = Dataset::new(
        "members",
        "Members",
        "A member of the site's boards, with their attendance counted over the published meetings.",
        &MEMBERS,
    );
    for member in &site.members {
        let boards: Vec<String> = member
            .seats
            .iter()
            .map(|seat| match &seat.role {
                Some(role) => format!("{} ({role})", seat.board_name),
                None => seat.board_name.clone(),
            })
            .collect();
        let counts = member.counts;
        data.push(vec![
            ("member", text(&member.id)),
            ("name", text(&member.name)),
            ("organisation", opt(member.organisation.as_ref())),
            ("party", opt(member.party.as_ref())),
            ("boards", super::data::list(&boards)),
            ("expected", count(counts.expected)),
            ("present", count(counts.present)),
            ("substituted", count(counts.substituted)),
            ("apologies", count(counts.apologies)),
            ("absent", count(counts.absent)),
            (
                "attendance_rate",
                counts.rate.map_or(Value::Null, Value::from),
            ),
            ("url", text(site.config.absolute_url(&member.url))),
        ]);
    }
    data
}

pub fn attendance(site: &Site) -> Dataset {
    let mut data = Dataset::new(
        "attendance",
        "Attendance",
        "A member at a published, held meeting: of a board they sat on then, or one they attended.",
        &ATTENDANCE,
    );
    let mut rows: Vec<&crate::people::Attendance> =
        site.members.iter().flat_map(|m| &m.attendance).collect();
    rows.sort_by(|a, b| (a.date, &a.meeting, &a.member).cmp(&(b.date, &b.meeting, &b.member)));
    for row in rows {
        let counted = row.presence != crate::people::Presence::InAttendance;
        data.push(vec![
            ("member", text(&row.member)),
            ("meeting", text(&row.meeting)),
            ("date", text(row.date.iso())),
            ("board", text(&row.board)),
            ("status", key(row.presence)),
            ("counted", Value::Bool(counted)),
            ("note", opt(row.note.as_ref())),
            (
                "meeting_url",
                text(site.config.absolute_url(&row.meeting_url)),
            ),
        ]);
    }
    data
}

pub fn declarations(site: &Site) -> Dataset {
    let mut data = Dataset::new(
        "declarations",
        "Declarations of interest",
        "An interest declared by a member on an item of a published agenda.",
        &DECLARATIONS,
    );
    let mut previous: Option<String> = None;
    let mut position = 0;
    for entry in declaration_entries(&site.meetings) {
        let d = &entry.declaration;
        position = if previous.as_ref() == Some(&entry.meeting) {
            position + 1
        } else {
            1
        };
        previous = Some(entry.meeting.clone());
        data.push(vec![
            ("meeting", text(&entry.meeting)),
            ("date", text(entry.date.iso())),
            ("position", count(position)),
            ("item", text(&d.item)),
            ("member", opt(d.member.member.as_ref())),
            ("name", text(&d.member.name)),
            ("kind", key(d.kind)),
            ("interest", text(&d.interest)),
            ("left_room", Value::Bool(d.left_room)),
            (
                "member_url",
                opt(d
                    .member
                    .url
                    .as_ref()
                    .map(|url| site.config.absolute_url(url))),
            ),
            (
                "meeting_url",
                text(site.config.absolute_url(&entry.meeting_url)),
            ),
        ]);
    }
    data
}
