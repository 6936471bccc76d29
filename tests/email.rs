//! The monthly bulletin as an email: `news/YYYY/MM/email.html`, laid out the
//! way email clients render it, and its plain-text twin `email.txt`. Both
//! are read as written and then as a mail tool reads them: sent together as
//! one multipart/alternative message built by `mail-builder` and parsed back
//! by `mail-parser` (the parser of the Stalwart mail server).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use mail_builder::MessageBuilder;
use mail_parser::{Message, MessageParser, MimeHeaders};

const BASE_URL: &str = "https://papers.testshire.example/";
const EMAIL: &str = "news/2008/09/email.html";
const TEXT: &str = "news/2008/09/email.txt";
const MONTH_PAGE: &str = "news/2008/09/index.html";
const PREHEADER_STYLE: &str = "display:none;max-height:0;overflow:hidden;mso-hide:all;";
const PREHEADER: &str = "Testshire Improvement Partnership in September 2008: \
                         1 news article, 1 meeting and 3 decisions.";
const ARTICLE: &str = "Members Board sets up a capacity building fund";

/// The minimal site built with `extra` arguments: its output folder (kept
/// while the first value lives), the email and its text twin.
fn built(root: &Path, extra: &[&str]) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(root, &out, extra);
    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let (html, text) = (read(EMAIL), read(TEXT));
    (dir, html, text)
}

fn minimal() -> (tempfile::TempDir, String, String) {
    built(&fixture("minimal"), &[])
}

/// Every value of `attribute` in `html`, exactly as written.
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    html.split(needle.as_str())
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// The text of every link in `html` with the address it points at, its
/// entities decoded.
fn links(html: &str) -> Vec<(String, String)> {
    html.split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let href = &rest[..rest.find('"').unwrap()];
            let text_start = rest.find('>').unwrap() + 1;
            let text = &rest[text_start..rest.find("</a>").unwrap()];
            (decode(text), decode(href))
        })
        .collect()
}

/// `text` with its lines unwrapped and the list marks dropped, so that a
/// title wrapped over two lines reads as one.
fn unwrapped(text: &str) -> String {
    text.lines()
        .map(|line| line.trim_start_matches("* ").trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The addresses the text twin gives, each alone on its line in `<…>`.
fn text_addresses(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix('<')?.strip_suffix('>'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_email_is_a_centred_table_600_pixels_wide_with_inline_styles() {
    let (_dir, html, _) = minimal();
    assert_contains_all(
        &html,
        &[
            "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" align=\"center\" style=\"width:100%;max-width:600px;",
            // Outlook on Windows ignores max-width: a table only it reads.
            "<!--[if mso]><table role=\"presentation\" width=\"600\"",
            "<h1 style=\"",
            "<h2 style=\"",
        ],
        EMAIL,
    );
    for tag in [
        "<main", "<nav", "<header", "<footer", "<section", "<style", "<link", "<script",
    ] {
        assert!(!html.contains(tag), "{EMAIL} has {tag}");
    }
    // Every style is inline: nothing refers to a style sheet.
    assert!(!html.contains(" class=\""), "{EMAIL} uses a class");
    assert!(
        attribute_values(&html, "style").len() > 20,
        "{EMAIL} has too few inline styles"
    );
}

#[test]
fn the_preheader_comes_first_and_is_hidden() {
    let (_dir, html, _) = minimal();
    let body = &html[html.find("<body").unwrap()..];
    let first = &body[body.find('>').unwrap() + 1..];
    assert!(
        first.trim_start().starts_with(&format!(
            "<div style=\"{PREHEADER_STYLE}\">{PREHEADER}</div>"
        )),
        "{EMAIL} does not open with the hidden preheader:\n{body}"
    );
    // Only the preheader is hidden.
    assert_eq!(html.matches("display:none").count(), 1, "{html}");
}

#[test]
fn every_link_is_absolute_and_written_plainly() {
    let (_dir, html, _) = minimal();
    let hrefs = attribute_values(&html, "href");
    assert!(hrefs.len() >= 6, "{hrefs:?}");
    for href in &hrefs {
        assert!(href.starts_with(BASE_URL), "{href} is not absolute");
        assert!(!href.contains("&#"), "{href} is entity-escaped");
    }
    assert!(hrefs.contains(&format!("{BASE_URL}news/2008-09-fund-agreed/")));
    assert!(hrefs.contains(&format!("{BASE_URL}news/2008/09/")));
    // Text is still escaped.
    assert!(
        html.contains("Capacity building fund 2008&#x2F;09"),
        "{html}"
    );
}

#[test]
fn a_base_url_with_a_path_is_kept_in_every_link() {
    let base = "https://example.org/papers/";
    let (_dir, html, text) = built(&fixture("minimal"), &["--base-url", base]);
    for href in attribute_values(&html, "href") {
        assert!(href.starts_with(base), "{href}");
    }
    for address in text_addresses(&text) {
        assert!(address.starts_with(base), "{address}");
    }
    assert!(html.contains(&format!("href=\"{base}news/2008/09/\"")));
}

#[test]
fn the_text_twin_has_the_same_titles_and_addresses() {
    let (_dir, html, text) = minimal();
    let links = links(&html);
    let unwrapped = unwrapped(&text);
    for (title, _) in &links {
        if title != "Read this bulletin on the website" {
            assert!(unwrapped.contains(title), "{TEXT} lacks {title:?}\n{text}");
        }
    }
    let hrefs: BTreeSet<String> = links.into_iter().map(|(_, href)| href).collect();
    assert_eq!(text_addresses(&text), hrefs, "{text}");
    assert!(text.starts_with("Testshire Improvement Partnership\nBulletin for September 2008\n===========================\n"), "{text}");
    assert!(unwrapped.contains(PREHEADER), "{text}");
    assert!(
        text.contains(&format!("\n* {ARTICLE}\n  15 September 2008\n  The fund will help councils in difficulty.\n  <{BASE_URL}news/2008-09-fund-agreed/>\n")),
        "{text}"
    );
    // Not HTML, and not escaped as HTML.
    for html_only in ["<a ", "<br", "&#x2F;", "&amp;"] {
        assert!(!text.contains(html_only), "{TEXT} has {html_only}");
    }
    assert!(text.contains("2008/09"), "{text}");
}

#[test]
fn the_text_twin_wraps_at_72_columns_but_never_inside_an_address() {
    let (_tmp, root) = copy_fixture("minimal");
    let article = root.join("content/news/2008-09-fund-agreed.md");
    let long = "The fund will help councils in difficulty. ".repeat(5);
    let source = std::fs::read_to_string(&article).unwrap().replacen(
        "summary: The fund will help councils in difficulty.",
        &format!("summary: {}", long.trim()),
        1,
    );
    assert!(source.contains(long.trim()), "the fixture's summary moved");
    std::fs::write(&article, source).unwrap();
    let (_dir, _, text) = built(&root, &[]);
    for line in text.lines() {
        let address = line.trim().starts_with('<') && line.ends_with('>');
        assert!(
            address || line.chars().count() <= 72,
            "{} characters in {line:?}",
            line.chars().count()
        );
    }
    assert!(unwrapped(&text).contains(long.trim()), "{text}");
}

/// The two files sent as one message, the way a mailing tool sends them,
/// and parsed back.
fn as_message(html: &str, text: &str) -> Vec<u8> {
    MessageBuilder::new()
        .from((
            "Testshire Improvement Partnership",
            "news@testshire.example",
        ))
        .to("members@testshire.example")
        .subject("Bulletin for September 2008")
        .text_body(text)
        .html_body(html)
        .write_to_vec()
        .unwrap()
}

fn parse(raw: &[u8]) -> Message<'_> {
    MessageParser::default()
        .parse(raw)
        .expect("mail-parser reads the message")
}

#[test]
fn a_mail_tool_reads_both_as_one_message() {
    let (_dir, html, text) = minimal();
    let raw = as_message(&html, &text);
    let message = parse(&raw);
    let root = message.root_part().content_type().unwrap();
    assert_eq!(
        (root.ctype(), root.subtype()),
        ("multipart", Some("alternative"))
    );
    assert_eq!(message.subject(), Some("Bulletin for September 2008"));
    assert_eq!(
        (message.text_body_count(), message.html_body_count()),
        (1, 1)
    );
    let crlf = |s: &str| s.replace("\r\n", "\n");
    assert_eq!(crlf(&message.body_text(0).unwrap()), text);
    assert_eq!(crlf(&message.body_html(0).unwrap()), html);
    let part = message.html_part(0).unwrap().content_type().unwrap();
    assert_eq!((part.ctype(), part.subtype()), ("text", Some("html")));
    let part = message.text_part(0).unwrap().content_type().unwrap();
    assert_eq!((part.ctype(), part.subtype()), ("text", Some("plain")));
}

#[test]
fn an_inbox_previews_the_preheader_and_reads_the_html_as_text() {
    let (_dir, html, _) = minimal();
    let raw = MessageBuilder::new()
        .from("news@testshire.example")
        .subject("Bulletin for September 2008")
        .html_body(html.as_str())
        .write_to_vec()
        .unwrap();
    let message = parse(&raw);
    // The preview an inbox lists under the subject: the preheader first.
    let preview = message.body_preview(200).unwrap();
    assert!(preview.starts_with(PREHEADER), "{preview:?}");
    // A client that shows text only reads every title, entities decoded.
    let as_text = message.body_text(0).unwrap();
    for title in [
        ARTICLE,
        "Bulletin for September 2008",
        "Capacity building fund 2008/09 (item 2, recommendation a)",
        "Members Board, 12 September 2008",
        "No meetings are scheduled.",
    ] {
        assert!(as_text.contains(title), "{title:?} in {as_text}");
    }
    assert!(!as_text.contains('<'), "a tag is left in {as_text}");
}

#[test]
fn the_months_page_links_to_both_copies() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("minimal"), &out, &[]);
    let month = page(&out, MONTH_PAGE);
    assert_contains_all(
        &month,
        &[
            "<a href=\"/news/2008/09/email.html\">",
            "<a href=\"/news/2008/09/email.txt\">",
        ],
        MONTH_PAGE,
    );
}

#[test]
fn a_site_may_override_the_text_twin() {
    let (_tmp, root) = copy_fixture("minimal");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/email.txt"),
        "Our bulletin, {{ digest.name }} & more: <{{ digest.absolute_url }}>\n",
    )
    .unwrap();
    let (_dir, _, text) = built(&root, &[]);
    assert_eq!(
        text,
        format!("Our bulletin, September 2008 & more: <{BASE_URL}news/2008/09/>\n")
    );
}
