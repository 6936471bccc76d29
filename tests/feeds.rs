//! The Atom feed of the news and the iCalendar feeds of the meetings, read
//! back with real parsers (`atom_syndication`, `ical`): what they hold, that
//! their links are absolute, that they are the same bytes for the same
//! `SOURCE_DATE_EPOCH`, and that nothing withheld reaches them.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atom_syndication::Feed;
use common::*;

const BASE_URL: &str = "https://papers.testshire.example/";
const MEETING: &str = "2008-09-12-members-board";
const ARTICLE: &str = "2008-09-fund-agreed";
const FEED: &str = "news/atom.xml";
const CALENDAR: &str = "meetings.ics";
const BOARD_CALENDAR: &str = "boards/members-board/meetings.ics";

/// Builds `root` at `NOW` with `SOURCE_DATE_EPOCH` set to `epoch`, if any.
fn build_site(root: &Path, epoch: Option<&str>, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args: Vec<std::ffi::OsString> = vec![
        "build".into(),
        "--root".into(),
        root.into(),
        "--output".into(),
        out.clone().into(),
        "--now".into(),
        NOW.into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let mut cmd = command(args);
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    assert_exit(&cmd.output().expect("cannot run boardpack"), 0);
    (dir, out)
}

fn feed(out: &Path) -> Feed {
    let bytes = std::fs::read(out.join(FEED)).unwrap();
    Feed::read_from(&bytes[..]).unwrap_or_else(|e| panic!("{FEED} is not Atom: {e}"))
}

/// A parsed event: its properties by name, text values unescaped, and the
/// parameters of each.
struct Event {
    props: BTreeMap<String, String>,
    params: BTreeMap<String, Vec<(String, Vec<String>)>>,
}

impl Event {
    #[track_caller]
    fn get(&self, name: &str) -> &str {
        self.props
            .get(name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.props))
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads an iCalendar file with the `ical` parser, after checking its
/// physical lines: CRLF endings and at most 75 octets each.
#[track_caller]
fn calendar(out: &Path, path: &str) -> (BTreeMap<String, String>, Vec<Event>) {
    let bytes = std::fs::read(out.join(path)).unwrap();
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.ends_with("\r\n"), "{path} does not end with CRLF");
    for line in text.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(!line.contains('\n'), "{path} has a bare LF in {line:?}");
        assert!(
            line.len() <= 75,
            "{path}: {} octets in {line:?}",
            line.len()
        );
    }
    let mut calendars: Vec<_> = ical::IcalParser::new(&bytes[..])
        .map(|c| c.unwrap_or_else(|e| panic!("{path} is not iCalendar: {e}")))
        .collect();
    assert_eq!(calendars.len(), 1, "{path} holds one VCALENDAR");
    let calendar = calendars.remove(0);
    let props = calendar
        .properties
        .iter()
        .map(|p| (p.name.clone(), unescape(p.value.as_deref().unwrap_or(""))))
        .collect();
    let events = calendar
        .events
        .iter()
        .map(|e| Event {
            props: e
                .properties
                .iter()
                .map(|p| (p.name.clone(), unescape(p.value.as_deref().unwrap_or(""))))
                .collect(),
            params: e
                .properties
                .iter()
                .map(|p| (p.name.clone(), p.params.clone().unwrap_or_default()))
                .collect(),
        })
        .collect();
    (props, events)
}

#[test]
fn the_atom_feed_lists_the_news_with_absolute_links() {
    let (_dir, out) = build_site(&fixture("minimal"), None, &[]);
    let feed = feed(&out);
    assert_eq!(feed.id(), format!("{BASE_URL}{FEED}"));
    assert_eq!(
        feed.title().value,
        "Testshire Improvement Partnership – News"
    );
    let link = |rel: &str| {
        feed.links()
            .iter()
            .find(|l| l.rel() == rel)
            .unwrap_or_else(|| panic!("no rel={rel} link"))
            .href()
            .to_string()
    };
    assert_eq!(link("self"), format!("{BASE_URL}{FEED}"));
    assert_eq!(link("alternate"), format!("{BASE_URL}news/"));
    assert_eq!(feed.updated().to_rfc3339(), "2008-09-15T00:00:00+00:00");

    assert_eq!(feed.entries().len(), 1);
    let entry = &feed.entries()[0];
    let url = format!("{BASE_URL}news/{ARTICLE}/");
    assert_eq!(entry.id(), url);
    assert_eq!(
        entry.title().value,
        "Members Board sets up a capacity building fund"
    );
    assert_eq!(entry.links().len(), 1);
    assert_eq!(entry.links()[0].href(), url);
    assert_eq!(entry.links()[0].rel(), "alternate");
    assert_eq!(entry.updated().to_rfc3339(), "2008-09-15T00:00:00+00:00");
    assert_eq!(
        entry.published().map(|d| d.to_rfc3339()).as_deref(),
        Some("2008-09-15T00:00:00+00:00")
    );
    let authors: Vec<&str> = entry.authors().iter().map(|a| a.name()).collect();
    assert_eq!(authors, ["Partnership support team"]);
    assert_eq!(
        entry.summary().map(|s| s.value.as_str()),
        Some("The fund will help councils in difficulty.")
    );
    let terms: Vec<&str> = entry.categories().iter().map(|c| c.term()).collect();
    assert_eq!(terms, ["fund"]);
    let content = entry.content().expect("content");
    assert_eq!(content.content_type(), Some("html"));
    // The body's HTML, read back unescaped.
    let html = content.value().expect("content value");
    assert!(
        html.contains("<strong>£905k capacity\nbuilding fund</strong>"),
        "{html}"
    );
    // The HTML was escaped, not embedded as markup.
    let raw = std::fs::read_to_string(out.join(FEED)).unwrap();
    assert!(raw.contains("&lt;strong&gt;"), "{raw}");
}

#[test]
fn the_calendars_hold_the_public_meetings() {
    let (_dir, out) = build_site(&fixture("minimal"), None, &[]);
    for path in [CALENDAR, BOARD_CALENDAR] {
        let (props, events) = calendar(&out, path);
        assert_eq!(props["VERSION"], "2.0", "{path}");
        assert_eq!(props["CALSCALE"], "GREGORIAN", "{path}");
        assert!(props["PRODID"].contains("boardpack"), "{path}");
        assert!(
            props["X-WR-CALNAME"].starts_with("Testshire Improvement Partnership"),
            "{path}: {}",
            props["X-WR-CALNAME"]
        );
        assert_eq!(events.len(), 1, "{path}");
        let event = &events[0];
        assert_eq!(
            event.get("UID"),
            format!("{MEETING}@papers.testshire.example")
        );
        // 10:30 to 12:30 British Summer Time.
        assert_eq!(event.get("DTSTART"), "20080912T093000Z");
        assert_eq!(event.get("DTEND"), "20080912T113000Z");
        // No SOURCE_DATE_EPOCH: the stamp is the meeting's date.
        assert_eq!(event.get("DTSTAMP"), "20080912T000000Z");
        assert_eq!(
            event.get("LOCATION"),
            "Council Chamber, Testshire County Hall"
        );
        let url = format!("{BASE_URL}meetings/{MEETING}/");
        assert_eq!(event.get("URL"), url);
        assert_eq!(event.get("STATUS"), "CONFIRMED");
        assert!(event.get("SUMMARY").contains("Members Board"));
        let description = event.get("DESCRIPTION");
        for part in ["Members", "Board", "Held", url.as_str()] {
            assert!(description.contains(part), "{part} in {description:?}");
        }
    }
    let (props, _) = calendar(&out, BOARD_CALENDAR);
    assert!(props["X-WR-CALNAME"].contains("Members Board"));
}

#[test]
fn all_day_and_cancelled_meetings_and_long_lines() {
    let (_tmp, root) = copy_fixture("minimal");
    let folder = root.join("content/meetings/2008-12-05-members-board");
    std::fs::create_dir_all(&folder).unwrap();
    let venue = "Salle de réunion « Œuvre », Hôtel de Ville; 1 Place de l'Église, \
                 Testford — 東京 🙂, second floor, by the lifts";
    std::fs::write(
        folder.join("_meeting.md"),
        format!("---\nboard: members-board\ndate: 2008-12-05\nvenue: \"{venue}\"\nstatus: cancelled\n---\n"),
    )
    .unwrap();
    let (_dir, out) = build_site(&root, Some("1230000000"), &[]);
    let (_, events) = calendar(&out, CALENDAR);
    assert_eq!(events.len(), 2);
    let event = events
        .iter()
        .find(|e| e.get("UID").starts_with("2008-12-05-members-board@"))
        .expect("the cancelled meeting");
    assert_eq!(event.get("DTSTART"), "20081205");
    assert_eq!(event.get("DTEND"), "20081206");
    assert_eq!(
        event.params["DTSTART"],
        [("VALUE".to_string(), vec!["DATE".to_string()])]
    );
    assert_eq!(event.get("STATUS"), "CANCELLED");
    assert_eq!(event.get("DTSTAMP"), "20081223T024000Z");
    // The venue is longer than a line; read back whole, byte for byte.
    assert!(venue.len() > 75);
    assert_eq!(event.get("LOCATION"), venue);
}

#[test]
fn the_same_source_date_gives_the_same_bytes() {
    let files = [FEED, CALENDAR, BOARD_CALENDAR];
    let read = |out: &Path| -> Vec<Vec<u8>> {
        files
            .iter()
            .map(|f| std::fs::read(out.join(f)).unwrap())
            .collect()
    };
    let (_a, first) = build_site(&fixture("minimal"), Some("1700000000"), &[]);
    let (_b, second) = build_site(&fixture("minimal"), Some("1700000000"), &[]);
    assert!(read(&first) == read(&second), "two builds differ");
    let (_, events) = calendar(&first, CALENDAR);
    assert_eq!(events[0].get("DTSTAMP"), "20231114T221320Z");
    // The feed's date is the content's, whatever the epoch.
    assert_eq!(
        feed(&first).updated().to_rfc3339(),
        "2008-09-15T00:00:00+00:00"
    );
}

#[test]
fn a_base_url_with_a_path_makes_every_link_absolute_under_it() {
    let base = "https://example.org/papers/";
    let (_dir, out) = build_site(&fixture("minimal"), None, &["--base-url", base]);
    let feed = feed(&out);
    assert_eq!(feed.id(), format!("{base}{FEED}"));
    assert_eq!(feed.entries()[0].id(), format!("{base}news/{ARTICLE}/"));
    for link in feed
        .links()
        .iter()
        .chain(feed.entries().iter().flat_map(|e| e.links()))
    {
        assert!(link.href().starts_with(base), "{}", link.href());
    }
    let (_, events) = calendar(&out, CALENDAR);
    assert_eq!(events[0].get("URL"), format!("{base}meetings/{MEETING}/"));
    assert_eq!(events[0].get("UID"), format!("{MEETING}@example.org"));
}

#[test]
fn pages_link_to_the_feeds() {
    let (_dir, out) = build_site(&fixture("minimal"), None, &[]);
    for file in ["index.html", "news/index.html", "meetings/index.html"] {
        assert!(
            page(&out, file).contains(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Testshire Improvement Partnership: news\" href=\"/news/atom.xml\">"
            ),
            "{file} lacks the feed's link"
        );
    }
    assert!(page(&out, "news/index.html").contains("<a href=\"/news/atom.xml\""));
    let meetings = page(&out, "meetings/index.html");
    assert_contains_all(
        &meetings,
        &[
            "<a href=\"/meetings.ics\"",
            "<a href=\"/boards/members-board/meetings.ics\"",
        ],
        "meetings/index.html",
    );
    assert!(
        page(&out, "boards/members-board/index.html")
            .contains("<a href=\"/boards/members-board/meetings.ics\"")
    );
}

#[test]
fn nothing_withheld_reaches_the_feeds() {
    let (_dir, out) = build_site(&fixture("confidential"), None, &[]);
    let files = snapshot(&out);
    let ours: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .filter(|(path, _)| path.ends_with(".ics") || path.ends_with(".xml"))
        .collect();
    for path in [FEED, CALENDAR, BOARD_CALENDAR] {
        assert!(ours.contains_key(path), "{path} is missing");
    }
    let leaks = leaks(&ours);
    assert!(leaks.is_empty(), "withheld text:\n{}", leaks.join("\n"));
    // Only the public article and meeting.
    let feed = feed(&out);
    assert_eq!(feed.entries().len(), 1);
    assert_eq!(
        feed.entries()[0].id(),
        "https://papers.confidential.example/news/2008-09-public-news/"
    );
    // An article without an author is the site's.
    let authors: Vec<&str> = feed.entries()[0]
        .authors()
        .iter()
        .map(|a| a.name())
        .collect();
    assert_eq!(authors, ["Confidentiality Test Partnership"]);
    for path in [CALENDAR, BOARD_CALENDAR] {
        let (_, events) = calendar(&out, path);
        let uids: Vec<&str> = events.iter().map(|e| e.get("UID")).collect();
        assert_eq!(uids.len(), 1, "{path}: {uids:?}");
        assert!(uids[0].starts_with("2008-09-12-members-board@"), "{uids:?}");
    }
}
