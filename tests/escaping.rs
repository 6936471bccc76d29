//! Every output format escapes what it embeds (issue 12). One site whose
//! every author-written text field carries markup, quotes, CDATA ends,
//! entities, iCalendar line breaks and separators, spreadsheet formulas,
//! control characters and long unbroken lines is built once; each format
//! is then read back with a real parser — HTML with `scraper`, SVG, Atom
//! and the sitemap with `roxmltree` (and Atom with `atom_syndication`),
//! iCalendar by hand and with `ical`, JSON with `serde_json` and CSV with
//! `csv` — and every value must come back whole, as text, and nothing of
//! it may become markup, a property or a formula.

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

const BASE_URL: &str = "https://papers.escaping.example/";
const MEETING: &str = "2008-09-12-board";

/// What every hostile value carries after its marker: markup for text and
/// for attributes, a CDATA end, an entity and a bare `&`, the end of the
/// `<title>`, line breaks that would start iCalendar properties, TEXT
/// separators, control characters that YAML lets through, and a long
/// unbroken run of multi-byte characters (iCalendar folds at 75 octets).
const HOSTILE: &str = concat!(
    "<script>alert(1)</script> \"><img src=x onerror=alert(1)> ",
    "' onmouseover='x ]]> &amp; & </title> back\\slash, comma; semi",
    "\r\nBEGIN:VEVENT\r\nSUMMARY:evil\nDTSTART:19700101 ",
    "bell\u{7}vt\u{b}esc\u{1b}nul\u{0}del\u{7f}nel\u{85}end café £5 ",
    "éééééééééééééééééééé🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂éééééééééééééééééééé🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
);

/// What a value starts with: spreadsheets run cells that start with `=`,
/// `+`, `-` or `@` as formulas.
const LEADS: [&str; 5] = ["=1+1 ", "+SUM(A1:A9) ", "-2+3 ", "@cmd ", ""];

/// The marker that starts a field's value after its lead: `[[item.title]]`.
fn marker(tag: &str) -> String {
    format!("[[{tag}]]")
}

/// The value of the field `tag`: a lead, its marker and [`HOSTILE`].
fn value(tag: &str) -> String {
    let lead = LEADS[tag.bytes().map(usize::from).sum::<usize>() % LEADS.len()];
    format!("{lead}{} {HOSTILE}", marker(tag))
}

/// `text` as a YAML double-quoted scalar, control characters escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ------------------------------------------------------------- the site

/// Writes the fixture and remembers every field it made hostile.
#[derive(Default)]
struct Fixture {
    tags: RefCell<BTreeSet<String>>,
}

impl Fixture {
    /// The YAML of the hostile value of `tag`.
    fn q(&self, tag: &str) -> String {
        assert!(
            self.tags.borrow_mut().insert(tag.to_string()),
            "{tag} twice"
        );
        quoted(&value(tag))
    }

    fn write(&self, root: &Path) {
        let file = |path: &str, text: String| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        file("site.yaml", self.site_yaml());
        let meeting = format!("content/meetings/{MEETING}");
        file(&format!("{meeting}/_meeting.md"), self.meeting());
        file(&format!("{meeting}/a-report.md"), self.report());
        file(&format!("{meeting}/b-exempt.md"), self.exempt());
        file(&format!("{meeting}/appendix.md"), "Appendix text.\n".into());
        file(&format!("{meeting}/secret.md"), "Withheld text.\n".into());
        file("content/documents/kpis-q1.md", self.document(1, 34));
        file("content/documents/kpis-q2.md", self.document(2, 31));
        file("content/news/2008-09-bulletin.md", self.news());
        file("content/about.md", self.page());
    }

    fn site_yaml(&self) -> String {
        let q = |tag| self.q(tag);
        format!(
            "title: {}\ndescription: {}\nbase_url: {BASE_URL}\nlicence: {}
members:
  - {{id: cllr-one, name: {}, organisation: {}, party: {}}}
boards:
  - id: board
    name: {}
    description: {}
    members:
      - {{member: cllr-one, role: {}}}
      - {{name: {}, role: {}, organisation: {}}}
risk_matrices:
  hostile:
    likelihood: [{}, {}, {}]
    impact: [{}, {}, {}]
    scoring: product
    bands:
      - {{upto: 2, label: {}, colour: \"#2e7d32\"}}
      - {{upto: 4, label: {}, colour: \"#f9a825\"}}
      - {{upto: 9, label: {}, colour: \"#c62828\"}}
",
            q("site.title"),
            q("site.description"),
            q("site.licence"),
            q("member.name"),
            q("member.organisation"),
            q("member.party"),
            q("board.name"),
            q("board.description"),
            q("seat.role"),
            q("seat.name"),
            q("seat.guest_role"),
            q("seat.organisation"),
            q("matrix.likelihood.1"),
            q("matrix.likelihood.2"),
            q("matrix.likelihood.3"),
            q("matrix.impact.1"),
            q("matrix.impact.2"),
            q("matrix.impact.3"),
            q("band.low"),
            q("band.medium"),
            q("band.high"),
        )
    }

    fn meeting(&self) -> String {
        let q = |tag| self.q(tag);
        format!(
            "---
board: board
date: 2008-09-12
time: \"10:30\"
end_time: \"12:30\"
title: {}
venue: {}
status: held
chair: {}
attendees: [cllr-one, {}]
apologies: [{}]
officers: [{}]
declarations:
  - {{member: cllr-one, item: \"2\", interest: {}, kind: other}}
---

The minutes.
",
            q("meeting.title"),
            q("meeting.venue"),
            q("meeting.chair"),
            q("meeting.attendee"),
            q("meeting.apology"),
            q("meeting.officer"),
            q("declaration.interest"),
        )
    }

    fn report(&self) -> String {
        format!(
            "---
item: \"2\"
title: {}
minute: {}
section: {}
report_of: {}
author: {}
purpose: \"To agree the fund. Purpose bell \\a nul \\0 esc \\e end.\"
tags: [{}]
{}{}{}{}{}
revisions:
  - {{date: 2008-09-10, note: {}}}
---

The report, with a bell \u{7} and an escape \u{1b} in its body.
",
            self.q("item.title"),
            self.q("item.minute"),
            self.q("item.section"),
            self.q("item.report_of"),
            self.q("item.author"),
            self.q("item.tag"),
            self.recommendations(),
            self.budgets(),
            self.risks(),
            self.targets(),
            self.appendices(),
            self.q("revision.note"),
        )
    }

    fn recommendations(&self) -> String {
        let q = |tag| self.q(tag);
        format!(
            "recommendations:
  - id: a
    text: {}
    outcome: agreed
    resolution: {}
    proposer: {}
    seconder: {}
    actions:
      - {{text: {}, owner: {}, due: 2009-03-31, status: done}}
  - id: b
    text: {}
    outcome: recommended
    recommended_to: {}
",
            q("recommendation.text"),
            q("recommendation.resolution"),
            q("recommendation.proposer"),
            q("recommendation.seconder"),
            q("action.text"),
            q("action.owner"),
            q("recommendation.b.text"),
            q("recommendation.recommended_to"),
        )
    }

    fn budgets(&self) -> String {
        let q = |tag| self.q(tag);
        format!(
            "budget:
  - title: {}
    groups:
      - name: {}
        lines:
          - {{label: {}, amount: 130}}
          - {{label: {}, amount: 390}}
  - title: {}
    columns:
      - {{id: budget, label: {}}}
      - {{id: forecast, label: {}}}
    variance: {{of: forecast, against: budget, label: {}}}
    lines:
      - {{label: {}, budget: 5200, forecast: 5130}}
      - {{label: {}, budget: -1800, forecast: -1700}}
",
            q("budget.title"),
            q("budget.group"),
            q("budget.line"),
            q("budget.line.2"),
            q("monitoring.title"),
            q("monitoring.column.budget"),
            q("monitoring.column.forecast"),
            q("monitoring.variance"),
            q("monitoring.line"),
            q("monitoring.income"),
        )
    }

    fn risks(&self) -> String {
        let q = |tag| self.q(tag);
        format!(
            "risks:
  title: {}
  matrix: hostile
  risks:
    - id: \"1\"
      title: {}
      owner: {}
      inherent: {{likelihood: 3, impact: 3}}
      residual: {{likelihood: 1, impact: 2}}
      response: {}
      controls: {}
      indicators: {}
    - id: \"2\"
      title: {}
      inherent: {{likelihood: 2, impact: 1}}
      residual: {{likelihood: 2, impact: 1}}
",
            q("risks.title"),
            q("risk.title"),
            q("risk.owner"),
            q("risk.response"),
            q("risk.controls"),
            q("risk.indicators"),
            q("risk.2.title"),
        )
    }

    fn targets(&self) -> String {
        let q = |tag| self.q(tag);
        format!(
            "targets:
  title: {}
  targets:
    - id: T1
      theme: {}
      measure: {}
      baseline: {}
      target: {}
      actual: {}
      due: 2010-03-31
      status: on-track
      owner: {}
",
            q("targets.title"),
            q("target.theme"),
            q("target.measure"),
            q("target.baseline"),
            q("target.target"),
            q("target.actual"),
            q("target.owner"),
        )
    }

    /// A Markdown appendix, an exempt one and one published elsewhere.
    fn appendices(&self) -> String {
        let q = |tag| self.q(tag);
        format!(
            "appendices:
  - {{title: {}, file: appendix.md}}
  - {{title: {}, file: secret.md, access: exempt, exempt_reason: {}}}
  - {{title: {}, url: \"https://elsewhere.example/paper.pdf\"}}
",
            q("appendix.title"),
            q("appendix.exempt.title"),
            q("appendix.exempt.reason"),
            q("appendix.link.title"),
        )
    }

    fn exempt(&self) -> String {
        format!(
            "---\nitem: \"3\"\ntitle: {}\naccess: exempt\nexempt_reason: {}\n---\n\nWithheld.\n",
            self.q("exempt.title"),
            self.q("exempt.reason"),
        )
    }

    /// A KPI report: two of them give the target's history a chart.
    fn document(&self, quarter: u32, actual: u32) -> String {
        let shared = |tag: &str| {
            if quarter == 1 {
                self.q(tag)
            } else {
                quoted(&value(tag))
            }
        };
        format!(
            "---
title: {}
date: 2008-0{}-20
author: {}
summary: {}
status: adopted
targets:
  title: {}
  targets:
    - id: K1
      ref: relets
      theme: Housing
      measure: {}
      unit: {}
      better: lower
      target: 28
      actual: {actual}
      period: 2008/09 Q{quarter}
      status: amber
---

The figures.
",
            self.q(&format!("document.{quarter}.title")),
            quarter + 6,
            shared("document.author"),
            shared("document.summary"),
            shared("kpis.title"),
            shared("kpi.measure"),
            shared("kpi.unit"),
        )
    }

    fn news(&self) -> String {
        format!(
            "---\ntitle: {}\ndate: 2008-09-15\nsummary: {}\nauthor: {}\ntags: [{}]\n---\n\nThe news.\n",
            self.q("news.title"),
            self.q("news.summary"),
            self.q("news.author"),
            self.q("news.tag"),
        )
    }

    fn page(&self) -> String {
        format!(
            "---\ntitle: {}\ndescription: {}\n---\n\nAbout us.\n",
            self.q("page.title"),
            self.q("page.description"),
        )
    }
}

/// The hostile site, built once for every test: its output and the fields
/// it made hostile.
struct Built {
    out: PathBuf,
    tags: BTreeSet<String>,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("escaping");
        let _ = std::fs::remove_dir_all(&dir);
        let root = dir.join("site");
        let fixture = Fixture::default();
        fixture.write(&root);
        let out = dir.join("out");
        build_ok(&root, &out, &[]);
        Built {
            out,
            tags: fixture.tags.into_inner(),
        }
    })
}

/// The output files whose names end with `suffix`, by relative path.
fn files(suffix: &str) -> Vec<(String, String)> {
    let out = &built().out;
    snapshot(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(suffix))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            (path, text)
        })
        .collect()
}

/// The tags whose markers occur in `text`.
fn tags_in(text: &str) -> Vec<&'static str> {
    built()
        .tags
        .iter()
        .filter(|tag| text.contains(&marker(tag)))
        .map(String::as_str)
        .collect()
}

// ------------------------------------------------------- what survives

/// Whether HTML and XML both allow `c` in a document: no control
/// character but tab, line feed and carriage return, and no U+FFFE/FFFF.
fn markup_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// `text` as HTML shows it: what markup cannot hold dropped and
/// whitespace collapsed.
fn words(text: &str) -> String {
    let kept: String = text.chars().filter(|c| markup_char(*c)).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as an XML parser reads it back: what XML cannot hold dropped and
/// line ends normalised.
fn xml_text(text: &str) -> String {
    let kept: String = text.chars().filter(|c| markup_char(*c)).collect();
    kept.replace("\r\n", "\n").replace('\r', "\n")
}

/// `text` as an iCalendar TEXT value can carry it: line breaks as `\n`,
/// the other control characters but tab dropped.
fn ics_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| matches!(c, '\n' | '\t') || !c.is_control())
        .collect()
}

/// Asserts that wherever a marker occurs in `text` (already normalised by
/// `norm`), the rest of its value follows it whole.
#[track_caller]
fn assert_whole(text: &str, norm: fn(&str) -> String, what: &str) {
    for tag in tags_in(text) {
        let rest = norm(&format!("{} {HOSTILE}", marker(tag)));
        for (at, _) in text.match_indices(&marker(tag)) {
            assert!(
                text[at..].starts_with(&rest),
                "{what}: {tag} is not whole:\n{}",
                text[at..]
                    .chars()
                    .take(rest.chars().count() + 40)
                    .collect::<String>()
            );
        }
    }
}

// ------------------------------------------------------------------ HTML

/// The text of a page outside its charts, one string per text node.
fn texts(document: &Html) -> Vec<String> {
    document
        .tree
        .root()
        .descendants()
        .filter_map(|node| match node.value() {
            Node::Text(text) => Some((node, text.to_string())),
            _ => None,
        })
        .filter(|(node, _)| {
            !node
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
        })
        .map(|(_, text)| text)
        .collect()
}

fn elements(document: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    document
        .tree
        .root()
        .descendants()
        .filter_map(ElementRef::wrap)
}

/// Every page, parsed: no script but the theme's search script, no event
/// handler attribute, one `<title>`, and no character HTML forbids.
#[test]
fn pages_hold_no_markup_from_the_content() {
    let pages = files(".html");
    assert!(pages.len() > 20, "{} pages", pages.len());
    for (path, html) in &pages {
        let forbidden: Vec<char> = html.chars().filter(|c| !markup_char(*c)).collect();
        assert!(forbidden.is_empty(), "{path} holds {forbidden:?}");
        let document = Html::parse_document(html);
        for element in elements(&document) {
            let e = element.value();
            if e.name() == "script" {
                assert_eq!(e.attr("src"), Some("/search.js"), "{path}: a script");
                assert_eq!(element.text().count(), 0, "{path}: an inline script");
            }
            for (name, _) in e.attrs() {
                assert!(!name.starts_with("on"), "{path}: <{} {name}>", e.name());
            }
            assert_ne!(e.name(), "img", "{path}: an image");
        }
        let titles = elements(&document)
            .filter(|e| e.value().name() == "title")
            .filter(|e| {
                e.parent()
                    .and_then(ElementRef::wrap)
                    .map(|p| p.value().name())
                    == Some("head")
            })
            .count();
        assert_eq!(titles, 1, "{path}: <title> elements in <head>");
    }
}

/// Wherever a field shows on a page, in its text or an attribute, it shows
/// whole and as text; and every field shows on some page.
#[test]
fn every_field_shows_on_the_pages_as_text() {
    let mut shown = String::new();
    for (path, html) in files(".html") {
        let document = Html::parse_document(&html);
        let text = words(&texts(&document).join(" "));
        assert_whole(&text.to_lowercase(), |t| words(t).to_lowercase(), &path);
        for element in elements(&document) {
            for (name, value) in element.value().attrs() {
                let what = format!("{path}: <{} {name}>", element.value().name());
                assert_whole(&words(value), words, &what);
                shown.push_str(&words(value));
            }
        }
        shown.push_str(&text);
    }
    let missing: Vec<&String> = built()
        .tags
        .iter()
        .filter(|tag| !shown.contains(&words(&value(tag))))
        .collect();
    assert!(missing.is_empty(), "never shown whole: {missing:?}");
}

// ------------------------------------------------------------------- SVG

/// The inline charts of a page, as they stand in its source.
fn svgs(html: &str) -> Vec<&str> {
    between(html, "<svg ", "</svg>")
}

/// Every chart is well-formed XML with no script or event handler; its
/// title and description carry the fields whole, and its labels carry
/// them whole or shortened with an ellipsis.
#[test]
fn charts_are_well_formed_svg_with_the_fields_as_text() {
    let mut titles = String::new();
    let mut charts = 0;
    for (path, html) in files(".html") {
        for body in svgs(&html) {
            charts += 1;
            let svg = format!("<svg {body}</svg>");
            let document = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("{path}: a chart is not XML: {e}\n{svg}"));
            for node in document.descendants().filter(|n| n.is_element()) {
                let name = node.tag_name().name();
                assert!(
                    !["script", "foreignObject", "a"].contains(&name),
                    "{path}: <{name}>"
                );
                for attribute in node.attributes() {
                    assert!(!attribute.name().starts_with("on"), "{path}: {attribute:?}");
                }
                let text = node.text().map(words).unwrap_or_default();
                match name {
                    "title" | "desc" => {
                        // A description may say a label in lower case.
                        assert_whole(&text.to_lowercase(), |t| words(t).to_lowercase(), &path);
                        titles.push_str(&text);
                    }
                    "text" => assert_clipped(&text, &path),
                    _ => {}
                }
            }
        }
    }
    assert!(charts >= 5, "{charts} charts");
    for tag in ["budget.title", "risks.title", "kpi.measure"] {
        assert!(
            titles.contains(&words(&value(tag))),
            "no chart is titled {tag}"
        );
    }
}

/// A chart label holding a marker is its value, whole or cut short with an
/// ellipsis.
#[track_caller]
fn assert_clipped(text: &str, path: &str) {
    for tag in tags_in(text) {
        let shown = text.trim_end_matches('…').trim_end();
        let whole = words(&value(tag));
        assert!(
            whole.contains(shown),
            "{path}: the label {shown:?} is not part of {tag}"
        );
    }
}

// ------------------------------------------------------ Atom and sitemap

/// Parses `path` strictly: an XML declaration anywhere but at the start, a
/// stray character or an unescaped `<` fails.
fn xml(path: &str) -> String {
    let text = std::fs::read_to_string(built().out.join(path)).unwrap();
    assert!(
        text.starts_with("<?xml "),
        "{path} does not start with its XML declaration"
    );
    roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path} is not XML: {e}"));
    text
}

fn feed(path: &str) -> atom_syndication::Feed {
    let text = xml(path);
    atom_syndication::Feed::read_from(text.as_bytes())
        .unwrap_or_else(|e| panic!("{path} is not Atom: {e}"))
}

#[test]
fn the_news_feed_carries_the_fields_as_text() {
    let feed = feed("news/atom.xml");
    assert_eq!(
        xml_text(&feed.title().value),
        xml_text(&format!("{} – News", value("site.title")))
    );
    assert_eq!(
        feed.subtitle().map(|s| xml_text(&s.value)),
        Some(xml_text(&value("site.description")))
    );
    assert_eq!(
        feed.rights().map(|s| xml_text(&s.value)),
        Some(xml_text(&value("site.licence")))
    );
    let [entry] = feed.entries() else {
        panic!("{} entries", feed.entries().len())
    };
    assert_eq!(
        xml_text(&entry.title().value),
        xml_text(&value("news.title"))
    );
    assert_eq!(
        entry.summary().map(|s| xml_text(&s.value)),
        Some(xml_text(&value("news.summary")))
    );
    let authors: Vec<String> = entry.authors().iter().map(|a| xml_text(a.name())).collect();
    assert_eq!(authors, [xml_text(&value("news.author"))]);
    let terms: Vec<String> = entry
        .categories()
        .iter()
        .map(|c| xml_text(c.term()))
        .collect();
    assert_eq!(terms, [xml_text(&value("news.tag"))]);
}

#[test]
fn the_papers_feed_carries_the_fields_as_text() {
    let feed = feed("papers.xml");
    assert_eq!(
        xml_text(&feed.title().value),
        xml_text(&format!("{} – Papers", value("site.title")))
    );
    let titles: Vec<String> = feed
        .entries()
        .iter()
        .map(|e| xml_text(&e.title().value))
        .collect();
    for tag in ["item.title", "document.1.title", "document.2.title"] {
        let title = xml_text(&value(tag));
        assert!(
            titles.iter().any(|t| t.contains(&title)),
            "no entry is titled {tag}: {titles:#?}"
        );
    }
    let labels: Vec<String> = feed
        .entries()
        .iter()
        .flat_map(|e| e.categories())
        .filter_map(|c| c.label().map(words))
        .collect();
    // An attribute's line breaks are read back as spaces.
    assert!(labels.contains(&words(&value("board.name"))), "{labels:#?}");
    let summaries: Vec<String> = feed
        .entries()
        .iter()
        .filter_map(|e| e.summary().map(|s| xml_text(&s.value)))
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.contains(&xml_text(&value("revision.note")))),
        "{summaries:#?}"
    );
}

#[test]
fn the_sitemap_is_well_formed_and_lists_only_addresses() {
    let text = xml("sitemap.xml");
    let document = roxmltree::Document::parse(&text).unwrap();
    let locs: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() > 20, "{locs:?}");
    for loc in locs {
        assert!(loc.starts_with(BASE_URL), "{loc}");
        assert!(!loc.contains(['<', '>', '"', ' ', '[']), "{loc}");
    }
}

// ------------------------------------------------------------ iCalendar

/// The properties an event or calendar of boardpack's may hold.
const PROPERTIES: [&str; 15] = [
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "X-WR-CALNAME",
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "LOCATION",
    "URL",
    "DESCRIPTION",
    "STATUS",
];

/// The content lines of an iCalendar file, unfolded, after checking its
/// physical lines: CRLF endings, no other CR or LF, at most 75 octets.
fn content_lines(path: &str, text: &str) -> Vec<String> {
    let body = text
        .strip_suffix("\r\n")
        .unwrap_or_else(|| panic!("{path} does not end with CRLF"));
    let mut lines: Vec<String> = Vec::new();
    for physical in body.split("\r\n") {
        assert!(
            !physical.contains(['\r', '\n']),
            "{path}: a bare line break in {physical:?}"
        );
        assert!(
            physical.len() <= 75,
            "{path}: {} octets in {physical:?}",
            physical.len()
        );
        match physical.strip_prefix([' ', '\t']) {
            Some(rest) => lines
                .last_mut()
                .expect("a continuation first")
                .push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

/// A TEXT value read back; asserts that every `,` and `;` in it was escaped.
fn unescape_text(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c @ ('\\' | ',' | ';')) => out.push(c),
                other => panic!("`\\{other:?}` is not a TEXT escape in {value:?}"),
            },
            ',' | ';' => panic!("an unescaped `{c}` in {value:?}"),
            c => out.push(c),
        }
    }
    out
}

/// The content lines of a calendar by name, value unescaped, checking
/// that each is a known property and that one event stands between one
/// BEGIN and END.
fn calendar(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(built().out.join(path)).unwrap();
    let mut properties = Vec::new();
    for line in content_lines(path, &text) {
        let end = line
            .find([':', ';'])
            .unwrap_or_else(|| panic!("{path}: {line:?}"));
        let name = &line[..end];
        assert!(
            PROPERTIES.contains(&name),
            "{path}: the property {name:?} in {line:?}"
        );
        let value = &line[line.find(':').unwrap() + 1..];
        let text = match name {
            "SUMMARY" | "LOCATION" | "DESCRIPTION" | "X-WR-CALNAME" => unescape_text(value),
            _ => value.to_string(),
        };
        properties.push((name.to_string(), text));
    }
    let begins: Vec<&str> = properties
        .iter()
        .filter(|(n, _)| n == "BEGIN" || n == "END")
        .map(|(n, v)| if n == "BEGIN" { v.as_str() } else { "/" })
        .collect();
    assert_eq!(begins, ["VCALENDAR", "VEVENT", "/", "/"], "{path}");
    properties
}

#[track_caller]
fn property<'a>(properties: &'a [(String, String)], name: &str) -> &'a str {
    let found: Vec<&str> = properties
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(found.len(), 1, "{name}: {found:?}");
    found[0]
}

#[test]
fn calendars_carry_line_breaks_and_separators_as_escaped_text() {
    for path in ["meetings.ics", "boards/board/meetings.ics"] {
        let properties = calendar(path);
        assert_eq!(
            property(&properties, "SUMMARY"),
            ics_text(&value("meeting.title"))
        );
        assert_eq!(
            property(&properties, "LOCATION"),
            ics_text(&value("meeting.venue"))
        );
        assert!(
            property(&properties, "DESCRIPTION").starts_with(&ics_text(&value("board.name"))),
            "{path}"
        );
        assert!(
            property(&properties, "X-WR-CALNAME").starts_with(&ics_text(&value("site.title"))),
            "{path}"
        );
        assert_eq!(property(&properties, "DTSTART"), "20080912T093000Z");
        // The `ical` parser agrees: one event, with the summary unescaped.
        let bytes = std::fs::read(built().out.join(path)).unwrap();
        let calendars: Vec<_> = ical::IcalParser::new(&bytes[..])
            .map(|c| c.unwrap_or_else(|e| panic!("{path}: {e}")))
            .collect();
        let [calendar] = &calendars[..] else {
            panic!("{path}: {} calendars", calendars.len())
        };
        let [event] = &calendar.events[..] else {
            panic!("{path}: {} events", calendar.events.len())
        };
        let names: Vec<&str> = event.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names.iter().filter(|n| **n == "SUMMARY").count(),
            1,
            "{names:?}"
        );
        assert_eq!(
            names.iter().filter(|n| **n == "DTSTART").count(),
            1,
            "{names:?}"
        );
    }
}

// ------------------------------------------------------------------ JSON

/// Every string of a JSON value.
fn strings(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(s) => into.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, into)),
        Value::Object(map) => map.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

fn json_strings(path: &str, text: &str) -> Vec<String> {
    let value: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
    let mut found = Vec::new();
    strings(&value, &mut found);
    found
}

/// The open data keeps every value exactly, control characters and all.
#[test]
fn open_data_json_keeps_every_value_exactly() {
    let mut all = Vec::new();
    for (path, text) in files(".json") {
        if path.starts_with("search/") {
            continue;
        }
        for string in json_strings(&path, &text) {
            assert_whole(&string, str::to_string, &path);
            all.push(string);
        }
    }
    for tag in [
        "meeting.title",
        "meeting.venue",
        "item.title",
        "item.minute",
        "recommendation.text",
        "recommendation.resolution",
        "action.text",
        "action.owner",
        "budget.line",
        "monitoring.line",
        "risk.title",
        "risk.owner",
        "target.measure",
        "member.name",
        "member.party",
        "declaration.interest",
        "exempt.title",
        "exempt.reason",
    ] {
        let whole = value(tag);
        assert!(
            all.iter().any(|s| s.contains(&whole)),
            "no data holds {tag} whole"
        );
    }
}

/// The search index is JSON, and its titles are the fields whole.
#[test]
fn the_search_index_is_json_with_the_titles_whole() {
    let text = std::fs::read_to_string(built().out.join("search/index.json")).unwrap();
    let index: Value = serde_json::from_str(&text).expect("JSON");
    let titles: Vec<&str> = index["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p["t"].as_str())
        .collect();
    for tag in [
        "site.title",
        "meeting.title",
        "item.title",
        "news.title",
        "page.title",
    ] {
        let whole = words(&value(tag));
        assert!(
            titles.iter().any(|t| words(t).contains(&whole)),
            "no entry is titled {tag}"
        );
    }
}

// ------------------------------------------------------------------- CSV

/// Every CSV parses with one field per column in every row; a cell that a
/// spreadsheet would run starts with an apostrophe, and without it holds
/// the value exactly.
#[test]
fn open_data_csv_parses_and_defuses_formulas() {
    let mut all = Vec::new();
    let tables = files(".csv");
    assert!(tables.len() >= 8, "{} tables", tables.len());
    for (path, text) in tables {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let width = reader
            .headers()
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .len();
        for (n, record) in reader.records().enumerate() {
            let record = record.unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(record.len(), width, "{path}: row {}", n + 1);
            for cell in &record {
                all.push(cell_text(&path, cell));
            }
        }
    }
    for tag in [
        "meeting.title",
        "item.title",
        "budget.line",
        "risk.owner",
        "action.owner",
    ] {
        let whole = value(tag);
        assert!(
            all.iter().any(|s| s.contains(&whole)),
            "no table holds {tag} whole"
        );
    }
}

/// The text of a cell without the apostrophe that keeps a spreadsheet from
/// running it, asserting that it has one when it needs it.
#[track_caller]
fn cell_text(path: &str, cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let digits = cell.trim_start_matches(['-', '+']);
    let number = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    assert!(!risky || number, "{path}: a spreadsheet would run {cell:?}");
    let text = match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    };
    assert_whole(text, str::to_string, path);
    text.to_string()
}

// ----------------------------------------------------------------- email

/// `text` as a plain-text email wraps it: whitespace (a vertical tab too)
/// breaks words, other control characters aside.
fn plain_words(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain-text bulletin is not HTML: the fields stand in it as written,
/// not as entities.
#[test]
fn the_plain_text_bulletin_carries_the_fields_unescaped() {
    let (path, text) = files("email.txt").pop().expect("a bulletin");
    for tag in ["site.title", "news.title", "news.summary", "meeting.title"] {
        assert!(
            plain_words(&text).contains(&plain_words(&value(tag))),
            "{path} lacks {tag}:\n{text}"
        );
    }
    assert!(
        !text.contains("&lt;") && !text.contains("&#x"),
        "{path}:\n{text}"
    );
}
