//! Who was where: the people a meeting names, matched to the site's
//! members, and each member's record built from the published meetings —
//! seats and terms, attendance, declarations of interest.
//!
//! Everything here is derived from the assembled site, so it holds only
//! what is public: a withheld meeting counts for nobody's attendance, and a
//! declaration on an item withheld from the agenda is not here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::config::Config;
use crate::format;
use crate::model::meeting::{Declaration, InterestKind, MeetingFront, MeetingStatus};
use crate::model::member::{Member, Roll, Seat};
use crate::model::recommendation::Side;
use crate::model::values::Date;
use crate::routes::Routes;
use crate::site::{BoardInfo, Meeting};

/// A person as a meeting names them: the text as written, and their
/// member page when they are a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: String,
    pub member: Option<String>,
    pub url: Option<String>,
}

impl Person {
    pub fn new(roll: &Roll, written: &str, routes: &Routes) -> Person {
        let member = roll.find(written);
        // An id reads as the member's name; a name stays as written.
        let name = match member {
            Some(m) if m.id == written.trim() => m.name.clone(),
            _ => written.trim().to_string(),
        };
        Person {
            name,
            member: member.map(|m| m.id.clone()),
            url: member.map(|m| routes.member(&m.id)),
        }
    }
}

/// Who attended in whose place.
#[derive(Debug, Clone, Serialize)]
pub struct Substitution {
    pub person: Person,
    pub in_place_of: Person,
}

/// A declaration of interest as published.
#[derive(Debug, Clone, Serialize)]
pub struct DeclarationView {
    pub member: Person,
    pub item: String,
    pub interest: String,
    pub kind: InterestKind,
    pub kind_label: &'static str,
    pub left_room: bool,
}

/// The people of one meeting.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeetingPeople {
    pub attendees: Vec<Person>,
    pub apologies: Vec<Person>,
    pub substitutes: Vec<Substitution>,
    pub officers: Vec<String>,
    /// Only those on items of the published agenda.
    pub declarations: Vec<DeclarationView>,
}

impl MeetingPeople {
    pub fn new(
        front: &MeetingFront,
        declarations: Vec<Declaration>,
        roll: &Roll,
        routes: &Routes,
    ) -> Self {
        let person = |written: &String| Person::new(roll, written, routes);
        MeetingPeople {
            attendees: front.attendees.iter().map(person).collect(),
            apologies: front.apologies.iter().map(person).collect(),
            substitutes: front
                .substitutes
                .iter()
                .map(|s| Substitution {
                    person: person(&s.member),
                    in_place_of: person(&s.for_member),
                })
                .collect(),
            officers: front.officers.clone(),
            declarations: declarations
                .into_iter()
                .map(|d| DeclarationView {
                    member: person(&d.member),
                    item: d.item,
                    interest: d.interest,
                    kind: d.kind,
                    kind_label: d.kind.label(),
                    left_room: d.left_room,
                })
                .collect(),
        }
    }
}

/// How a member stood at one meeting they were expected at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    Present,
    /// Someone attended in their place.
    Substituted,
    Apologies,
    Absent,
    /// At a meeting of a board they do not sit on (then), or as a
    /// substitute: not counted in their attendance rate.
    InAttendance,
}

impl Presence {
    pub fn label(self) -> &'static str {
        match self {
            Presence::Present => "Present",
            Presence::Substituted => "Substituted",
            Presence::Apologies => "Apologies",
            Presence::Absent => "Absent",
            Presence::InAttendance => "In attendance",
        }
    }
}

/// One line of a member's attendance.
#[derive(Debug, Clone, Serialize)]
pub struct Attendance {
    pub member: String,
    pub meeting_title: String,
    pub meeting_url: String,
    pub meeting: String,
    pub board: String,
    pub board_name: String,
    pub date: Date,
    pub date_text: String,
    pub presence: Presence,
    pub label: &'static str,
    /// For a substitution: the other person ("in place of …", "… attended").
    pub note: Option<String>,
}

/// A member's seat on a board, for their page and the board's.
#[derive(Debug, Clone, Serialize)]
pub struct SeatView {
    /// The member's id, for a seat held by a site member.
    pub member: Option<String>,
    pub name: String,
    pub url: Option<String>,
    pub board: String,
    pub board_name: String,
    pub board_url: String,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub party: Option<String>,
    /// "From 1 May 2008 to 1 May 2012", or none for a seat without a term.
    pub term_text: Option<String>,
}

impl SeatView {
    pub fn new(
        seat: &Seat,
        board: &crate::config::Board,
        roll: &Roll,
        routes: &Routes,
    ) -> SeatView {
        let member = seat.member.as_deref().and_then(|id| roll.by_id(id));
        SeatView {
            member: member.map(|m| m.id.clone()),
            name: member
                .map(|m| m.name.clone())
                .or_else(|| seat.name.clone())
                .unwrap_or_default(),
            url: member.map(|m| routes.member(&m.id)),
            board: board.id.clone(),
            board_name: board.name.clone(),
            board_url: routes.board(&board.id),
            role: seat.role.clone(),
            organisation: seat
                .organisation
                .clone()
                .or_else(|| member.and_then(|m| m.organisation.clone())),
            party: member.and_then(|m| m.party.clone()),
            term_text: term_text(seat),
        }
    }
}

fn term_text(seat: &Seat) -> Option<String> {
    match (seat.from, seat.until) {
        (Some(from), Some(until)) => Some(format!(
            "From {} to {}",
            format::long_date(from),
            format::long_date(until)
        )),
        (Some(from), None) => Some(format!("Since {}", format::long_date(from))),
        (None, Some(until)) => Some(format!("Until {}", format::long_date(until))),
        (None, None) => None,
    }
}

/// A declaration with its meeting, for registers.
#[derive(Debug, Clone, Serialize)]
pub struct DeclarationEntry {
    pub meeting_title: String,
    pub meeting_url: String,
    pub meeting: String,
    pub date: Date,
    pub date_text: String,
    #[serde(flatten)]
    pub declaration: DeclarationView,
}

/// A member's page: who they are, where they sit, and their record.
#[derive(Debug, Clone, Serialize)]
pub struct MemberRecord {
    pub id: String,
    pub name: String,
    pub organisation: Option<String>,
    pub party: Option<String>,
    pub url: String,
    pub seats: Vec<SeatView>,
    /// Newest first.
    pub attendance: Vec<Attendance>,
    pub counts: Counts,
    pub declarations: Vec<DeclarationEntry>,
    /// Recorded votes naming them, newest first.
    pub votes: Vec<VoteEntry>,
}

/// How a member voted on a recommendation, from a recorded vote.
#[derive(Debug, Clone, Serialize)]
pub struct VoteEntry {
    pub meeting_title: String,
    pub meeting_url: String,
    pub date: Date,
    pub date_text: String,
    pub item: String,
    pub item_title: String,
    pub item_url: String,
    pub recommendation: String,
    pub outcome_label: String,
    /// "For", "Against" or "Abstained".
    pub vote: &'static str,
}

/// Attendance counted over the meetings a member was expected at.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub expected: usize,
    pub present: usize,
    pub substituted: usize,
    pub apologies: usize,
    pub absent: usize,
    /// Present at or substituting: meetings not counted in `expected`.
    pub in_attendance: usize,
    /// Present as a whole percentage of expected, when any were expected.
    pub rate: Option<u32>,
}

impl Counts {
    fn of(rows: &[Attendance]) -> Counts {
        let count = |p: Presence| rows.iter().filter(|r| r.presence == p).count();
        let mut counts = Counts {
            present: count(Presence::Present),
            substituted: count(Presence::Substituted),
            apologies: count(Presence::Apologies),
            absent: count(Presence::Absent),
            in_attendance: count(Presence::InAttendance),
            ..Counts::default()
        };
        counts.expected = counts.present + counts.substituted + counts.apologies + counts.absent;
        counts.rate = (counts.expected > 0)
            .then(|| (counts.present * 100 + counts.expected / 2) / counts.expected)
            .map(|rate| rate as u32);
        counts
    }
}

/// Every member's record, in the order `members` gives them, from the
/// published meetings (oldest first, as the site holds them).
pub fn records(
    config: &Config,
    routes: &Routes,
    boards: &[BoardInfo],
    meetings: &[Meeting],
) -> Vec<MemberRecord> {
    let mut attendance: BTreeMap<&str, Vec<Attendance>> = BTreeMap::new();
    for meeting in meetings.iter().filter(|m| m.status == MeetingStatus::Held) {
        let Some(board) = config.board(&meeting.board) else {
            continue;
        };
        for (id, presence, note) in roll_call(meeting, &board.members, &config.roll) {
            attendance.entry(id).or_default().push(Attendance {
                member: id.to_string(),
                meeting_title: meeting.title.clone(),
                meeting_url: meeting.url.clone(),
                meeting: meeting.slug.clone(),
                board: meeting.board.clone(),
                board_name: meeting.board_name.clone(),
                date: meeting.date,
                date_text: format::long_date(meeting.date),
                presence,
                label: presence.label(),
                note,
            });
        }
    }
    let mut votes = named_votes(meetings, &config.roll);
    let mut declarations: BTreeMap<String, Vec<DeclarationEntry>> = BTreeMap::new();
    for entry in declaration_entries(meetings) {
        if let Some(id) = &entry.declaration.member.member {
            declarations.entry(id.clone()).or_default().push(entry);
        }
    }
    config
        .roll
        .members()
        .iter()
        .map(|member| {
            let mut rows = attendance.remove(member.id.as_str()).unwrap_or_default();
            rows.reverse();
            let mut declared = declarations.remove(&member.id).unwrap_or_default();
            declared.reverse();
            let mut voted = votes.remove(member.id.as_str()).unwrap_or_default();
            voted.reverse();
            MemberRecord {
                id: member.id.clone(),
                name: member.name.clone(),
                organisation: member.organisation.clone(),
                party: member.party.clone(),
                url: routes.member(&member.id),
                seats: seats_of(member, boards),
                counts: Counts::of(&rows),
                attendance: rows,
                declarations: declared,
                votes: voted,
            }
        })
        .collect()
}

/// Each member's recorded votes on the published agenda items, oldest
/// first, by member id.
fn named_votes<'a>(meetings: &[Meeting], roll: &'a Roll) -> BTreeMap<&'a str, Vec<VoteEntry>> {
    let mut votes: BTreeMap<&str, Vec<VoteEntry>> = BTreeMap::new();
    for meeting in meetings {
        for item in &meeting.items {
            for recommendation in &item.paper.recommendations {
                let Some(recorded) = &recommendation.recorded else {
                    continue;
                };
                for side in Side::ALL {
                    for name in recorded.names(side) {
                        let Some(member) = roll.find(name) else {
                            continue;
                        };
                        votes
                            .entry(member.id.as_str())
                            .or_default()
                            .push(VoteEntry {
                                meeting_title: meeting.title.clone(),
                                meeting_url: meeting.url.clone(),
                                date: meeting.date,
                                date_text: format::long_date(meeting.date),
                                item: item.number.clone(),
                                item_title: item.title.clone(),
                                item_url: item.url.clone(),
                                recommendation: recommendation.text.clone(),
                                outcome_label: recommendation.outcome_label(),
                                vote: vote_label(side),
                            });
                    }
                }
            }
        }
    }
    votes
}

fn vote_label(side: Side) -> &'static str {
    match side {
        Side::For => "For",
        Side::Against => "Against",
        Side::Abstain => "Abstained",
    }
}

fn seats_of(member: &Member, boards: &[BoardInfo]) -> Vec<SeatView> {
    boards
        .iter()
        .flat_map(|board| board.members.iter())
        .filter(|seat| seat.member.as_deref() == Some(member.id.as_str()))
        .cloned()
        .collect()
}

/// Each member's standing at one held meeting: those with a seat on its
/// board during their term are expected (present, substituted, apologies
/// or absent); members present or substituting without such a seat are in
/// attendance.
fn roll_call<'a>(
    meeting: &Meeting,
    seats: &'a [Seat],
    roll: &'a Roll,
) -> Vec<(&'a str, Presence, Option<String>)> {
    let ids = |people: &[Person]| -> BTreeSet<String> {
        people.iter().filter_map(|p| p.member.clone()).collect()
    };
    let people = &meeting.people;
    let present = ids(&people.attendees);
    let apologies = ids(&people.apologies);
    let replaced: BTreeMap<String, &Substitution> = people
        .substitutes
        .iter()
        .filter_map(|s| Some((s.in_place_of.member.clone()?, s)))
        .collect();
    let mut expected = BTreeSet::new();
    let mut rows = Vec::new();
    for seat in seats.iter().filter(|s| s.covers(meeting.date)) {
        let Some(member) = seat.member.as_deref().and_then(|id| roll.by_id(id)) else {
            continue;
        };
        if !expected.insert(member.id.as_str()) {
            continue;
        }
        let id = member.id.as_str();
        let (presence, note) = if present.contains(id) {
            (Presence::Present, None)
        } else if let Some(substitution) = replaced.get(id) {
            let note = format!("{} attended in their place", substitution.person.name);
            (Presence::Substituted, Some(note))
        } else if apologies.contains(id) {
            (Presence::Apologies, None)
        } else {
            (Presence::Absent, None)
        };
        rows.push((id, presence, note));
    }
    // One row per member and meeting: the first reason they were there.
    let mut seen = expected;
    let substitutes = people.substitutes.iter().map(|s| {
        let note = format!("In place of {}", s.in_place_of.name);
        (&s.person, Some(note))
    });
    let attending = people
        .attendees
        .iter()
        .map(|p| (p, None))
        .chain(substitutes);
    for (person, note) in attending {
        let Some(member) = person.member.as_deref().and_then(|id| roll.by_id(id)) else {
            continue;
        };
        if seen.insert(member.id.as_str()) {
            rows.push((member.id.as_str(), Presence::InAttendance, note));
        }
    }
    rows
}

/// Every published declaration, oldest meeting first.
pub fn declaration_entries(meetings: &[Meeting]) -> Vec<DeclarationEntry> {
    meetings
        .iter()
        .flat_map(|meeting| {
            meeting
                .people
                .declarations
                .iter()
                .map(|d| DeclarationEntry {
                    meeting_title: meeting.title.clone(),
                    meeting_url: meeting.url.clone(),
                    meeting: meeting.slug.clone(),
                    date: meeting.date,
                    date_text: format::long_date(meeting.date),
                    declaration: d.clone(),
                })
        })
        .collect()
}
