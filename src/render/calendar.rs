//! `meetings.ics` and `boards/<board>/meetings.ics`: iCalendar feeds
//! (RFC 5545) of the public meetings, written by hand.
//!
//! Times are converted from the site's time zone to UTC (`Z`), so no
//! VTIMEZONE is needed; a meeting without a time is an all-day event. Lines
//! end with CRLF and are folded at 75 octets without splitting a character.
//! No stamp comes from the clock: DTSTAMP is `SOURCE_DATE_EPOCH` when it is
//! set, else the meeting's date.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{Page, Renderer};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::meeting::MeetingStatus;
use crate::model::values::Moment;
use crate::routes::CALENDAR_FILE;
use crate::site::{Meeting, Site};

const PRODID: &str = "-//boardpack//boardpack//EN";

/// The calendar of all public meetings and one for each board.
pub fn calendars(site: &Site, _: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let routes = &site.routes;
    let context = Context::of(site);
    let title = &site.config.title;
    let mut pages = vec![Page {
        path: routes.output_path(&routes.root_file(CALENDAR_FILE)),
        bytes: calendar(
            &context,
            &format!("{title}: meetings"),
            site.meetings.iter(),
        )?
        .into_bytes(),
    }];
    for board in &site.boards {
        let meetings = site.meetings.iter().filter(|m| m.board == board.id);
        pages.push(Page {
            path: routes.output_path(&board.calendar_url),
            bytes: calendar(
                &context,
                &format!("{title}: {} meetings", board.name),
                meetings,
            )?
            .into_bytes(),
        });
    }
    Ok(pages)
}

/// What every event of a build shares.
struct Context<'a> {
    base_url: &'a str,
    base_path: &'a str,
    /// The host of `base_url`: the domain part of every UID.
    host: &'a str,
    timezone: Tz,
    source_date: Option<DateTime<Utc>>,
}

impl<'a> Context<'a> {
    fn of(site: &'a Site) -> Self {
        let base_url = site.config.base_url.as_str();
        let after_scheme = base_url
            .split_once("://")
            .map_or(base_url, |(_, rest)| rest);
        let authority = after_scheme.split('/').next().unwrap_or(after_scheme);
        let host = authority.rsplit('@').next().unwrap_or(authority);
        Context {
            base_url,
            base_path: site.config.base_path(),
            host,
            timezone: site.config.timezone,
            source_date: site.source_date,
        }
    }
}

/// One VCALENDAR holding an event for each meeting.
fn calendar<'m>(
    context: &Context,
    name: &str,
    meetings: impl Iterator<Item = &'m Meeting>,
) -> Result<String, Diagnostic> {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, &format!("PRODID:{PRODID}"));
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for meeting in meetings {
        event(context, meeting, &mut out)?;
    }
    line(&mut out, "END:VCALENDAR");
    Ok(out)
}

/// The VEVENT of one meeting.
fn event(context: &Context, meeting: &Meeting, out: &mut String) -> Result<(), Diagnostic> {
    let date = meeting.date.0;
    let url = crate::config::absolute_url(context.base_url, context.base_path, &meeting.url);
    let stamp = context
        .source_date
        .unwrap_or_else(|| date.and_time(NaiveTime::MIN).and_utc());

    line(out, "BEGIN:VEVENT");
    line(
        out,
        &format!("UID:{}@{}", escape(&meeting.slug), context.host),
    );
    line(out, &format!("DTSTAMP:{}", utc(stamp)));
    match &meeting.time {
        None => {
            let next = date.succ_opt().unwrap_or(date);
            line(out, &format!("DTSTART;VALUE=DATE:{}", day(date)));
            line(out, &format!("DTEND;VALUE=DATE:{}", day(next)));
        }
        Some(time) => {
            let start = instant(context, meeting, date, time)?;
            let end = match &meeting.end_time {
                Some(time) => instant(context, meeting, date, time)?,
                None => start + Duration::hours(2),
            };
            line(out, &format!("DTSTART:{}", utc(start)));
            line(out, &format!("DTEND:{}", utc(end)));
        }
    }
    line(out, &format!("SUMMARY:{}", escape(&meeting.title)));
    if let Some(venue) = &meeting.venue {
        line(out, &format!("LOCATION:{}", escape(venue)));
    }
    line(out, &format!("URL:{url}"));
    let description = format!(
        "{}\nStatus: {}\nAgenda and papers: {url}",
        meeting.board_name, meeting.status_label
    );
    line(out, &format!("DESCRIPTION:{}", escape(&description)));
    line(out, &format!("STATUS:{}", status(meeting.status)));
    line(out, "END:VEVENT");
    Ok(())
}

fn status(status: MeetingStatus) -> &'static str {
    match status {
        MeetingStatus::Cancelled => "CANCELLED",
        MeetingStatus::Postponed => "TENTATIVE",
        MeetingStatus::Scheduled | MeetingStatus::Held => "CONFIRMED",
    }
}

/// The instant of a meeting's `HH:MM` time on its date, in the site's zone.
fn instant(
    context: &Context,
    meeting: &Meeting,
    date: NaiveDate,
    time: &str,
) -> Result<DateTime<Utc>, Diagnostic> {
    let time = NaiveTime::parse_from_str(time, "%H:%M").map_err(|_| {
        Diagnostic::error(
            format!(
                "{}/meetings/{}/_meeting.md",
                crate::content::CONTENT_DIR,
                meeting.slug
            ),
            Position::new(1, 1),
            format!("`{time}` is not a time the calendar can read"),
        )
        .with_hint("write a 24-hour time in quotes, for example \"10:00\"")
    })?;
    Ok(Moment::Local(date.and_time(time)).to_utc(context.timezone))
}

/// A UTC DATE-TIME: `20080912T093000Z`.
fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A DATE: `20080912`.
fn day(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// A TEXT value: backslashes, semicolons, commas and line breaks escaped,
/// and the control characters TEXT does not allow dropped.
fn escape(value: &str) -> String {
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75
/// octets (the CRLF not counted): a continuation line starts with a space,
/// and a character is never split.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::Date;

    fn context(source_date: Option<DateTime<Utc>>) -> Context<'static> {
        Context {
            base_url: "https://papers.example.org/sub/",
            base_path: "/sub/",
            host: "papers.example.org",
            timezone: chrono_tz::Europe::London,
            source_date,
        }
    }

    fn meeting(date: &str, time: Option<&str>, end: Option<&str>) -> Meeting {
        Meeting {
            slug: format!("{date}-members-board"),
            url: format!("/sub/meetings/{date}-members-board/"),
            pack_url: format!("/sub/meetings/{date}-members-board/pack/"),
            board: "members-board".into(),
            board_name: "Members Board".into(),
            board_url: "/sub/boards/members-board/".into(),
            title: "Members Board, 12 September 2008".into(),
            title_names_board: true,
            title_names_date: true,
            date: Date::parse(date).unwrap(),
            date_text: date.into(),
            weekday: "Friday".into(),
            time: time.map(String::from),
            end_time: end.map(String::from),
            venue: Some("County Hall; Room 1, Testford".into()),
            status: MeetingStatus::Scheduled,
            status_label: MeetingStatus::Scheduled.label(),
            chair: None,
            people: Default::default(),
            minutes: Default::default(),
            minutes_approved_at: None,
            webcast: None,
            body_html: String::new(),
            upcoming: false,
            agenda: vec![],
            items: vec![],
        }
    }

    fn event_text(context: &Context, meeting: &Meeting) -> String {
        let mut out = String::new();
        event(context, meeting, &mut out).unwrap();
        out
    }

    /// The unfolded lines of `ics`, checking every physical line on the way.
    fn unfold(ics: &str) -> Vec<String> {
        assert!(ics.ends_with("\r\n"), "{ics:?}");
        let mut lines: Vec<String> = Vec::new();
        for physical in ics.strip_suffix("\r\n").unwrap().split("\r\n") {
            assert!(!physical.contains('\n') && !physical.contains('\r'));
            assert!(
                physical.len() <= 75,
                "{} octets: {physical:?}",
                physical.len()
            );
            match physical.strip_prefix(' ') {
                Some(rest) => lines.last_mut().unwrap().push_str(rest),
                None => lines.push(physical.to_string()),
            }
        }
        lines
    }

    #[test]
    fn a_line_of_75_octets_is_not_folded_and_one_of_76_is() {
        let mut out = String::new();
        line(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
        let mut out = String::new();
        line(&mut out, &"a".repeat(76));
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));
        // A continuation holds 74 octets after its space.
        let mut out = String::new();
        line(&mut out, &"a".repeat(75 + 74 + 1));
        assert_eq!(
            out,
            format!("{}\r\n {}\r\n a\r\n", "a".repeat(75), "a".repeat(74))
        );
    }

    #[test]
    fn folding_never_splits_a_character() {
        // 74 octets, then a 2-byte character that would straddle octet 75.
        let text = format!("{}é{}", "a".repeat(74), "b".repeat(10));
        let mut out = String::new();
        line(&mut out, &text);
        assert_eq!(
            out,
            format!("{}\r\n é{}\r\n", "a".repeat(74), "b".repeat(10))
        );
        // Exactly 75 octets ending in a 2-byte character stays whole.
        let mut out = String::new();
        line(&mut out, &format!("{}é", "a".repeat(73)));
        assert_eq!(out, format!("{}é\r\n", "a".repeat(73)));
        // 2-, 3- and 4-byte characters at every offset.
        for prefix in 0..8 {
            let text = format!("SUMMARY:{}{}", "x".repeat(prefix), "é€🙂".repeat(30));
            let mut out = String::new();
            line(&mut out, &text);
            for physical in out.split("\r\n") {
                assert!(physical.len() <= 75, "{physical:?}");
            }
            assert_eq!(unfold(&out), [text]);
        }
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(
            escape("a\\b;c,d\ne\r\nf\rg\th\u{7}i"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng\thi"
        );
        assert_eq!(escape("Café – £5"), "Café – £5");
    }

    #[test]
    fn a_timed_meeting_is_converted_to_utc() {
        // 12 September 2008 is in British Summer Time (UTC+1).
        let lines = unfold(&event_text(
            &context(None),
            &meeting("2008-09-12", Some("10:30"), Some("12:30")),
        ));
        for expected in [
            "UID:2008-09-12-members-board@papers.example.org",
            "DTSTART:20080912T093000Z",
            "DTEND:20080912T113000Z",
            "SUMMARY:Members Board\\, 12 September 2008",
            "LOCATION:County Hall\\; Room 1\\, Testford",
            "URL:https://papers.example.org/sub/meetings/2008-09-12-members-board/",
            "DESCRIPTION:Members Board\\nStatus: Scheduled\\nAgenda and papers: https://papers.example.org/sub/meetings/2008-09-12-members-board/",
            "STATUS:CONFIRMED",
        ] {
            assert!(
                lines.iter().any(|l| l == expected),
                "{expected} in {lines:#?}"
            );
        }
        // In winter the site's zone is UTC; without an end, two hours.
        let lines = unfold(&event_text(
            &context(None),
            &meeting("2008-12-05", Some("14:00"), None),
        ));
        assert!(lines.contains(&"DTSTART:20081205T140000Z".to_string()));
        assert!(lines.contains(&"DTEND:20081205T160000Z".to_string()));
    }

    #[test]
    fn a_meeting_without_a_time_is_all_day() {
        let lines = unfold(&event_text(
            &context(None),
            &meeting("2008-12-31", None, None),
        ));
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20081231".to_string()));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20090101".to_string()));
    }

    #[test]
    fn status_follows_the_meeting() {
        for (status, expected) in [
            (MeetingStatus::Scheduled, "STATUS:CONFIRMED"),
            (MeetingStatus::Held, "STATUS:CONFIRMED"),
            (MeetingStatus::Cancelled, "STATUS:CANCELLED"),
            (MeetingStatus::Postponed, "STATUS:TENTATIVE"),
        ] {
            let mut m = meeting("2008-09-12", Some("10:30"), None);
            m.status = status;
            m.status_label = status.label();
            let lines = unfold(&event_text(&context(None), &m));
            assert!(lines.contains(&expected.to_string()), "{lines:#?}");
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(&format!("Status: {}", status.label())))
            );
        }
    }

    #[test]
    fn dtstamp_comes_from_source_date_else_the_meeting_date() {
        let m = meeting("2008-09-12", Some("10:30"), None);
        let lines = unfold(&event_text(&context(None), &m));
        assert!(lines.contains(&"DTSTAMP:20080912T000000Z".to_string()));
        let epoch = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let lines = unfold(&event_text(&context(Some(epoch)), &m));
        assert!(lines.contains(&"DTSTAMP:20231114T221320Z".to_string()));
    }

    #[test]
    fn a_calendar_has_its_header_and_crlf_lines() {
        let meetings = [
            meeting("2008-09-12", Some("10:30"), None),
            meeting("2008-12-05", None, None),
        ];
        let ics = calendar(&context(None), "Partnership, meetings", meetings.iter()).unwrap();
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        let lines = unfold(&ics);
        assert_eq!(
            lines[..5],
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                &format!("PRODID:{PRODID}"),
                "CALSCALE:GREGORIAN",
                "X-WR-CALNAME:Partnership\\, meetings",
            ]
        );
        assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
    }
}
