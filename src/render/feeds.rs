//! `news/atom.xml`: an Atom feed (RFC 4287) of the public news.
//!
//! Written by hand: every text and attribute is escaped, and characters
//! XML 1.0 does not allow are dropped. Every date comes from the content
//! (or, for a feed without entries, from `SOURCE_DATE_EPOCH`), never from
//! the clock, so the same sources give the same bytes.

use crate::routes::Section;
use std::fmt::Write as _;

use super::{Page, Renderer, output_path};
use crate::diagnostics::Diagnostic;
use crate::model::values::Date;
use crate::site::{NewsArticle, Site};

/// Where the feed is published, under the base path.
pub const ATOM_PATH: &str = "news/atom.xml";

/// The Atom feed of the news.
pub fn atom(site: &Site, _: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let base = site.config.base_path();
    let url = format!("{base}{ATOM_PATH}");
    Ok(vec![Page {
        path: output_path(&url, base),
        bytes: atom_xml(site).into_bytes(),
    }])
}

/// The feed's text.
fn atom_xml(site: &Site) -> String {
    let config = &site.config;
    let base = config.base_path();
    let feed_url = site.config.absolute_url(&format!("{base}{ATOM_PATH}"));
    let news_url = site.config.absolute_url(&Section::News.url(base));
    // The newest article's date; for no articles, SOURCE_DATE_EPOCH, else
    // the epoch: anything but the clock.
    let updated = site.news.iter().map(|a| a.date).max().map_or_else(
        || {
            site.source_date.map_or_else(
                || "1970-01-01T00:00:00Z".to_string(),
                |at| at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            )
        },
        timestamp,
    );

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
    format!("{}T00:00:00Z", date.iso())
}

/// Whether XML 1.0 allows `c` in a document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Character data: `&`, `<` and `>` escaped, disallowed characters dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars().filter(|c| allowed(*c)) {
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
    fn dates_are_midnight_utc() {
        assert_eq!(
            timestamp(Date::parse("2008-09-15").unwrap()),
            "2008-09-15T00:00:00Z"
        );
    }
}
