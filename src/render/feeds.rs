//! The Atom feeds (RFC 4287): `news/atom.xml`, the public news, and
//! `papers.xml`, the public papers as they are published.
//!
//! The news feed is written by hand: every text and attribute is escaped,
//! and characters XML 1.0 does not allow are dropped. The papers feed is the
//! theme's `papers.xml` template, so its words can be changed like any
//! page's; its values reach the template with those characters dropped
//! already, and the template's autoescaping does the rest. Every date comes
//! from the content (or, for a feed without entries, from
//! `SOURCE_DATE_EPOCH`), never from the clock, so the same sources give the
//! same bytes.

use crate::routes::Section;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tera::Context;

use super::{Page, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::paper::Revision;
use crate::model::values::Date;
use crate::routes::PAPERS_FEED_FILE;
use crate::site::{NewsArticle, Site};

/// The Atom feed of the news.
pub fn atom(site: &Site, _: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    Ok(vec![Page {
        path: site.routes.output_path(&site.routes.news_feed()),
        bytes: atom_xml(site).into_bytes(),
    }])
}

/// The feed's text.
fn atom_xml(site: &Site) -> String {
    let config = &site.config;
    let feed_url = config.absolute_url(&site.routes.news_feed());
    let news_url = config.absolute_url(&site.routes.section(Section::News));
    let updated = site
        .news
        .iter()
        .map(|a| a.date)
        .max()
        .map_or_else(|| empty_feed_stamp(site), timestamp);

    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\" xml:base=\"{}\">",
        attr(&config.language),
        attr(&config.base_url)
    );
    let _ = writeln!(xml, "  <id>{}</id>", text(&feed_url));
    let _ = writeln!(xml, "  <title>{} – News</title>", text(&config.title));
    if let Some(description) = &config.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", text(description));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        attr(&feed_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        attr(&news_url)
    );
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    if let Some(licence) = &config.licence {
        let _ = writeln!(xml, "  <rights>{}</rights>", text(licence));
    }
    xml.push_str("  <generator>boardpack</generator>\n");
    for article in &site.news {
        entry(site, article, &mut xml);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(site: &Site, article: &NewsArticle, xml: &mut String) {
    let url = site.config.absolute_url(&article.url);
    let date = timestamp(article.date);
    let author = article.author.as_deref().unwrap_or(&site.config.title);
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <id>{}</id>", text(&url));
    let _ = writeln!(xml, "    <title>{}</title>", text(&article.title));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        attr(&url)
    );
    let _ = writeln!(xml, "    <published>{date}</published>");
    let _ = writeln!(xml, "    <updated>{date}</updated>");
    let _ = writeln!(xml, "    <author><name>{}</name></author>", text(author));
    for tag in &article.tags {
        let _ = writeln!(xml, "    <category term=\"{}\"/>", attr(tag));
    }
    if let Some(summary) = &article.summary {
        let _ = writeln!(xml, "    <summary>{}</summary>", text(summary));
    }
    let _ = writeln!(
        xml,
        "    <content type=\"html\">{}</content>",
        // The entry's title heads it: the body's headings sit below.
        text(&crate::content::markdown::place(&article.body_html, 2))
    );
    xml.push_str("  </entry>\n");
}

/// An RFC 3339 time for a date: its midnight in UTC.
fn timestamp(date: Date) -> String {
    instant(midnight(date))
}

/// A date's midnight in UTC, to order dates among publication times.
fn midnight(date: Date) -> DateTime<Utc> {
    date.0.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// An RFC 3339 time in UTC, to the second.
fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The `updated` of a feed without entries: `SOURCE_DATE_EPOCH`, else the
/// epoch; anything but the clock, so two builds give the same bytes.
fn empty_feed_stamp(site: &Site) -> String {
    site.source_date
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), instant)
}

/// The feed of papers: agenda items, supplements, documents and their
/// revisions as they are published, newest first.
pub fn papers(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let papers_url = site.routes.root_file(PAPERS_FEED_FILE);
    let entries = paper_entries(site);
    let updated = entries
        .first()
        .map_or_else(|| empty_feed_stamp(site), |e| e.updated.clone());
    let mut context = Context::new();
    context.insert(
        "feed",
        &FeedView {
            url: site.config.absolute_url(&papers_url),
            meetings_url: site
                .config
                .absolute_url(&site.routes.section(Section::Meetings)),
            updated,
            title: clean(&site.config.title),
            description: site.config.description.as_deref().map(clean),
            licence: site.config.licence.as_deref().map(clean),
        },
    );
    context.insert("entries", &entries);
    Ok(vec![renderer.page(
        site,
        "papers.xml",
        &papers_url,
        context,
    )?])
}

/// What the `papers.xml` template is told of the feed itself. The site's
/// words are repeated here with what XML forbids dropped.
#[derive(Debug, Serialize)]
struct FeedView {
    url: String,
    /// The page the feed stands for: the list of meetings.
    meetings_url: String,
    updated: String,
    title: String,
    description: Option<String>,
    licence: Option<String>,
}

/// What a paper's entry is: the template words its title by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum EntryKind {
    Item,
    Supplement,
    Document,
    Revision,
}

/// One entry of the feed of papers. Every text has the characters XML
/// forbids dropped; addresses are absolute.
#[derive(Debug, Serialize)]
struct PaperEntry {
    kind: EntryKind,
    /// Unique and stable: the paper's address, and for a revision that
    /// address with a fragment naming the revision's date.
    id: String,
    url: String,
    /// The paper's title; the template says what kind of entry it is.
    title: String,
    /// The item's purpose or the document's summary as text; for a
    /// revision, its note.
    summary: Option<String>,
    author: Option<String>,
    /// The board that met, for an agenda item: its id and name.
    board: Option<String>,
    board_name: Option<String>,
    updated: String,
    #[serde(skip)]
    at: DateTime<Utc>,
}

/// A paper to list, before it becomes entries.
struct FeedPaper<'a> {
    kind: EntryKind,
    url: String,
    title: &'a str,
    summary: Option<String>,
    paper: &'a crate::site::Paper,
    board: Option<(&'a str, &'a str)>,
    /// When it was published, to the second.
    at: DateTime<Utc>,
}

/// Every entry, newest first. Entries published at the same moment keep
/// the order of the newest meetings first and their agenda.
fn paper_entries(site: &Site) -> Vec<PaperEntry> {
    let mut entries: Vec<PaperEntry> = feed_papers(site)
        .iter()
        .flat_map(|paper| std::iter::once(publication_entry(paper)).chain(revision_entries(paper)))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.at));
    entries
}

/// The public papers the feed lists, each dated by its publication: its
/// `publish_after` when it has one, else its meeting's date (an item) or
/// its own date (a document). A document with neither cannot be placed in
/// time and is left out.
fn feed_papers(site: &Site) -> Vec<FeedPaper<'_>> {
    let mut papers = Vec::new();
    for meeting in site.meetings.iter().rev() {
        for item in &meeting.items {
            papers.push(FeedPaper {
                kind: if item.supplement {
                    EntryKind::Supplement
                } else {
                    EntryKind::Item
                },
                url: site.config.absolute_url(&item.url),
                title: &item.title,
                summary: item
                    .paper
                    .purpose_html
                    .as_deref()
                    .map(super::search::plain_text),
                paper: &item.paper,
                board: Some((&meeting.board, &meeting.board_name)),
                at: item.published.unwrap_or_else(|| midnight(meeting.date)),
            });
        }
    }
    for document in &site.documents {
        let Some(at) = document.published.or(document.date.map(midnight)) else {
            continue;
        };
        papers.push(FeedPaper {
            kind: EntryKind::Document,
            url: site.config.absolute_url(&document.url),
            title: &document.title,
            summary: document.summary.clone(),
            paper: &document.paper,
            board: None,
            at,
        });
    }
    papers
}

/// The entry of a paper's publication.
fn publication_entry(paper: &FeedPaper) -> PaperEntry {
    PaperEntry {
        kind: paper.kind,
        id: paper.url.clone(),
        url: paper.url.clone(),
        title: clean(paper.title),
        summary: paper.summary.as_deref().map(clean),
        author: paper.paper.author.as_deref().map(clean),
        board: paper.board.map(|(id, _)| clean(id)),
        board_name: paper.board.map(|(_, name)| clean(name)),
        updated: instant(paper.at),
        at: paper.at,
    }
}

/// An entry for each revision of a paper, dated by the revision and
/// linked to the paper's list of revisions.
fn revision_entries(paper: &FeedPaper) -> Vec<PaperEntry> {
    paper
        .paper
        .revisions
        .iter()
        .enumerate()
        .map(|(i, revision)| {
            let at = midnight(revision.date);
            PaperEntry {
                kind: EntryKind::Revision,
                id: format!(
                    "{}#{}",
                    paper.url,
                    revision_fragment(&paper.paper.revisions, i)
                ),
                url: format!("{}#revisions-heading", paper.url),
                summary: Some(clean(&revision.note)),
                updated: instant(at),
                at,
                ..publication_entry(paper)
            }
        })
        .collect()
}

/// The fragment that tells a paper's revisions apart in their entries' ids:
/// `revised-2008-09-10`, and `revised-2008-09-10-2` for a second revision
/// on one day. Dates, not positions, so that a revision added to the list
/// leaves the ids of the others as they were.
fn revision_fragment(revisions: &[Revision], index: usize) -> String {
    let date = revisions[index].date;
    let same_day_before = revisions[..index].iter().filter(|r| r.date == date).count();
    match same_day_before {
        0 => format!("revised-{}", date.iso()),
        n => format!("revised-{}-{}", date.iso(), n + 1),
    }
}

/// Text with the characters XML cannot hold dropped, for a value a
/// template writes into XML: autoescaping drops them too, but a site's own
/// template may write a value `| safe`.
fn clean(text: &str) -> String {
    crate::format::markup_text(text).into_owned()
}

/// Character data: `&`, `<` and `>` escaped, disallowed characters dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in crate::format::markup_text(value).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A bare CR would be read back as a newline.
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// An attribute value in double quotes: as [`text`], and quotes and
/// whitespace escaped too so they survive attribute normalisation.
fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in text(value).chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            text("<p>Fish & chips</p>\u{0}\u{1b}\u{FFFE}ok\r"),
            "&lt;p&gt;Fish &amp; chips&lt;/p&gt;ok&#13;"
        );
        assert_eq!(text("£349k – “quoted” 🙂"), "£349k – “quoted” 🙂");
    }

    #[test]
    fn attributes_escape_quotes_and_whitespace() {
        assert_eq!(
            attr("a\"b&c<d>\te\nf'"),
            "a&quot;b&amp;c&lt;d&gt;&#9;e&#10;f'"
        );
    }

    #[test]
    fn revisions_of_one_day_have_their_own_fragments() {
        let revision = |date: &str| Revision {
            date: Date::parse(date).unwrap(),
            note: String::new(),
        };
        let revisions = [
            revision("2008-09-10"),
            revision("2008-09-11"),
            revision("2008-09-10"),
        ];
        let fragments: Vec<String> = (0..revisions.len())
            .map(|i| revision_fragment(&revisions, i))
            .collect();
        assert_eq!(
            fragments,
            [
                "revised-2008-09-10",
                "revised-2008-09-11",
                "revised-2008-09-10-2"
            ]
        );
    }

    #[test]
    fn clean_text_keeps_what_xml_allows() {
        assert_eq!(clean("a\u{0}b\u{1b}c\tü🙂\u{FFFE}"), "abc\tü🙂");
    }

    #[test]
    fn dates_are_midnight_utc() {
        assert_eq!(
            timestamp(Date::parse("2008-09-15").unwrap()),
            "2008-09-15T00:00:00Z"
        );
    }
}
