//! The Atom feeds of the news and of the papers and the iCalendar feeds of
//! the meetings, read back with real parsers (`atom_syndication`, `ical`):
//! what they hold, that their links are absolute, that they are the same
//! bytes for the same `SOURCE_DATE_EPOCH`, and that nothing withheld
//! reaches them.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atom_syndication::Feed;
use common::*;

const BASE_URL: &str = "https://papers.testshire.example/";
const MEETING: &str = "2008-09-12-members-board";
const ARTICLE: &str = "2008-09-fund-agreed";
const FEED: &str = "news/atom.xml";
const PAPERS: &str = "papers.xml";
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
    read_feed(out, FEED)
}

fn read_feed(out: &Path, path: &str) -> Feed {
    let bytes = std::fs::read(out.join(path)).unwrap();
    Feed::read_from(&bytes[..]).unwrap_or_else(|e| panic!("{path} is not Atom: {e}"))
}

/// Adds `lines` to the top of the front matter of the Markdown file `path`.
fn add_front_matter(path: &Path, lines: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text.strip_prefix("---\n").expect("front matter");
    std::fs::write(path, format!("---\n{lines}{rest}")).unwrap();
}

/// The ids of a feed's entries, in order.
fn entry_ids(feed: &Feed) -> Vec<&str> {
    feed.entries().iter().map(|e| e.id()).collect()
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
    let files = [FEED, PAPERS, CALENDAR, BOARD_CALENDAR];
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
    assert_eq!(
        read_feed(&first, PAPERS).updated().to_rfc3339(),
        "2008-09-12T00:00:00+00:00"
    );
}

#[test]
fn a_base_url_with_a_path_makes_every_link_absolute_under_it() {
    let base = "https://example.org/papers/";
    let (_dir, out) = build_site(&fixture("minimal"), None, &["--base-url", base]);
    let feed = feed(&out);
    assert_eq!(feed.id(), format!("{base}{FEED}"));
    assert_eq!(feed.entries()[0].id(), format!("{base}news/{ARTICLE}/"));
    let papers = read_feed(&out, PAPERS);
    assert_eq!(papers.id(), format!("{base}{PAPERS}"));
    for link in [&feed, &papers].into_iter().flat_map(|feed| {
        feed.links()
            .iter()
            .chain(feed.entries().iter().flat_map(|e| e.links()))
    }) {
        assert!(link.href().starts_with(base), "{}", link.href());
    }
    for id in entry_ids(&papers) {
        assert!(id.starts_with(base), "{id}");
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
        assert!(
            page(&out, file).contains(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Testshire Improvement Partnership: papers\" href=\"/papers.xml\">"
            ),
            "{file} lacks the papers feed's link"
        );
    }
    assert!(page(&out, "news/index.html").contains("<a href=\"/news/atom.xml\""));
    let meetings = page(&out, "meetings/index.html");
    assert_contains_all(
        &meetings,
        &[
            "<a href=\"/meetings.ics\"",
            "<a href=\"/boards/members-board/meetings.ics\"",
            "<a href=\"/papers.xml\" type=\"application/atom+xml\">",
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
    for path in [FEED, PAPERS, CALENDAR, BOARD_CALENDAR] {
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
    // The papers: only the public report. Not the exempt item (nor its
    // revision), the draft or the embargoed one, nor the items of the
    // draft and the embargoed meeting, nor the draft document.
    let papers = read_feed(&out, PAPERS);
    assert_eq!(
        entry_ids(&papers),
        [format!(
            "https://papers.confidential.example/meetings/{MEETING}/04-public-report/"
        )]
    );
    let raw = String::from_utf8(ours[PAPERS].clone()).unwrap();
    for withheld in [
        "09-depot-disposal",
        "Disposal of the former highways depot",
        "05-draft-paper",
        "06-embargoed-paper",
        "2008-10-16-members-board",
        "2008-11-20-members-board",
        "draft-plan",
        "Revised",
    ] {
        assert!(!raw.contains(withheld), "{PAPERS} names `{withheld}`");
    }
}

#[test]
fn the_papers_feed_lists_papers_newest_first_as_published() {
    let (_tmp, root) = copy_fixture("minimal");
    let meeting = root.join("content/meetings").join(MEETING);
    // Published a week early, then revised twice after the meeting.
    add_front_matter(
        &meeting.join("a-capacity-fund.md"),
        "publish_after: \"2008-09-05 09:00\"\nrevisions:\n  - {date: 2008-09-15, note: Corrected the table of lines.}\n  - {date: 2008-09-15, note: Added the appendix.}\n",
    );
    std::fs::write(
        meeting.join("e-late-report.md"),
        "---\nitem: \"11\"\ntitle: Late report\nsupplement: true\npurpose: To note a late report.\n---\n\nLate.\n",
    )
    .unwrap();
    // A document dated by its publication, not its date.
    std::fs::write(
        root.join("content/documents/annual-report.md"),
        "---\ntitle: Annual report\ndate: 2008-04-01\npublish_after: \"2008-10-01T12:00:00Z\"\n---\n\nThe year.\n",
    )
    .unwrap();
    let (_dir, out) = build_site(&root, None, &[]);
    let feed = read_feed(&out, PAPERS);
    assert_eq!(feed.id(), format!("{BASE_URL}{PAPERS}"));
    assert_eq!(
        feed.title().value,
        "Testshire Improvement Partnership – Papers"
    );
    // The newest entry's date, not the clock's.
    assert_eq!(feed.updated().to_rfc3339(), "2008-10-01T12:00:00+00:00");
    let item = |slug: &str| format!("{BASE_URL}meetings/{MEETING}/{slug}/");
    let fund = item("a-capacity-fund");
    assert_eq!(
        entry_ids(&feed),
        [
            format!("{BASE_URL}documents/annual-report/"),
            format!("{fund}#revised-2008-09-15"),
            format!("{fund}#revised-2008-09-15-2"),
            item("c-minutes"),
            item("d-matters-arising"),
            item("b-work-programme"),
            item("e-late-report"),
            // 09:00 in London in September is 08:00 UTC.
            fund.clone(),
            format!("{BASE_URL}documents/improvement-strategy/"),
        ]
    );
    let entry = |id: &str| {
        feed.entries()
            .iter()
            .find(|e| e.id() == id)
            .unwrap_or_else(|| panic!("no entry {id}"))
    };
    let stamp = |id: &str| entry(id).updated().to_rfc3339();
    assert_eq!(stamp(&fund), "2008-09-05T08:00:00+00:00");
    assert_eq!(stamp(&item("c-minutes")), "2008-09-12T00:00:00+00:00");
    assert_eq!(
        stamp(&format!("{BASE_URL}documents/improvement-strategy/")),
        "2008-06-01T00:00:00+00:00"
    );

    let published = entry(&fund);
    assert_eq!(published.title().value, "Capacity building fund 2008/09");
    assert_eq!(
        published.summary().map(|s| s.value.as_str()),
        Some("To set up a capacity building fund for councils in difficulty.")
    );
    assert_eq!(
        published.published().map(|d| d.to_rfc3339()).as_deref(),
        Some("2008-09-05T08:00:00+00:00")
    );
    assert_eq!(published.links()[0].href(), fund);
    let terms: Vec<&str> = published.categories().iter().map(|c| c.term()).collect();
    assert_eq!(terms, ["item", "members-board"]);
    let authors: Vec<&str> = published.authors().iter().map(|a| a.name()).collect();
    assert_eq!(authors, ["Pat Ridley"]);

    let revised = entry(&format!("{fund}#revised-2008-09-15"));
    assert_eq!(
        revised.title().value,
        "Revised: Capacity building fund 2008/09"
    );
    assert_eq!(
        revised.summary().map(|s| s.value.as_str()),
        Some("Corrected the table of lines.")
    );
    assert_eq!(
        revised.links()[0].href(),
        format!("{fund}#revisions-heading")
    );
    assert_eq!(revised.updated().to_rfc3339(), "2008-09-15T00:00:00+00:00");
    assert_eq!(revised.categories()[0].term(), "revision");

    let late = entry(&item("e-late-report"));
    assert_eq!(late.title().value, "Supplement: Late report");
    assert_eq!(late.categories()[0].term(), "supplement");
    let document = entry(&format!("{BASE_URL}documents/improvement-strategy/"));
    assert_eq!(
        document.summary().map(|s| s.value.as_str()),
        Some("How the councils of Testshire will improve together.")
    );
    assert_eq!(document.categories()[0].term(), "document");
}

#[test]
fn a_feed_of_no_papers_is_dated_by_the_source_date() {
    let (_tmp, root) = copy_fixture("minimal");
    std::fs::remove_dir_all(root.join("content/meetings")).unwrap();
    std::fs::remove_dir_all(root.join("content/documents")).unwrap();
    // The news links to the meeting that is gone.
    std::fs::remove_dir_all(root.join("content/news")).unwrap();
    let (_dir, out) = build_site(&root, Some("1700000000"), &[]);
    let feed = read_feed(&out, PAPERS);
    assert!(feed.entries().is_empty());
    assert_eq!(feed.updated().to_rfc3339(), "2023-11-14T22:13:20+00:00");
}
