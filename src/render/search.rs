//! The search index: `search/index.json`, a compact static index over every
//! public HTML page that `search.js` fetches once and searches in the
//! browser, and `search/index.html`, the page with the form.
//!
//! The index is one JSON object, written without spaces:
//!
//! ```json
//! {"version":1,"pages":[{"t":"title","u":"meetings/x/","k":"meeting","m":"meeting title","d":"2008-09-12","x":"plain text"}]}
//! ```
//!
//! `u` is relative to the site's base path, so the index works wherever the
//! site is served; `m` and `d` are left out when they do not apply. `x` is
//! the page's text with tags stripped, entities decoded and whitespace
//! collapsed, cut at a word boundary after [`TEXT_LIMIT`] characters.

use crate::routes::Section;
use serde::Serialize;
use tera::Context;

use super::{Page, Renderer};
use crate::diagnostics::{Diagnostic, Position};
use crate::site::{Item, Meeting, Paper, Site};

/// The most characters of a page's text the index keeps. Titles are always
/// kept whole; the text is for matching and snippets, and the start of a
/// paper (its purpose, recommendations and opening paragraphs) says most.
pub const TEXT_LIMIT: usize = 1500;

/// The index format's version, for scripts that read it.
const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
struct Index<'a> {
    version: u32,
    pages: &'a [Entry],
}

/// One page of the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The page's title.
    #[serde(rename = "t")]
    pub title: String,
    /// The page's URL relative to the base path: `meetings/x/`.
    #[serde(rename = "u")]
    pub url: String,
    /// `meeting`, `item`, `document`, `news` or `page`.
    #[serde(rename = "k")]
    pub kind: &'static str,
    /// The meeting's title, for a meeting's pages.
    #[serde(rename = "m", skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// The meeting's, document's or article's date, ISO 8601.
    #[serde(rename = "d", skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The page's plain text, normalised and cut at [`TEXT_LIMIT`].
    #[serde(rename = "x")]
    pub text: String,
}

/// Writes `search/index.json` and `search/index.html`.
pub fn search_index(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let entries = entries(site);
    let json = serde_json::to_vec(&Index {
        version: VERSION,
        pages: &entries,
    })
    .map_err(|e| {
        Diagnostic::error(
            "search/index.json",
            Position::new(1, 1),
            format!("cannot write the search index: {e}"),
        )
    })?;
    let mut context = Context::new();
    context.insert("index_url", &site.routes.search_index());
    context.insert("pages", &entries.len());
    context.insert("host", &host(&site.config.base_url));
    let html = renderer.page(
        site,
        "search.html",
        &site.routes.section(Section::Search),
        context,
    )?;
    Ok(vec![
        Page {
            path: "search/index.json".into(),
            bytes: json,
        },
        html,
    ])
}

/// The host a search engine's `site:` operator takes: `papers.example.org`
/// or `example.org/papers`.
fn host(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    rest.trim_end_matches('/').to_string()
}

/// Every public HTML page the index covers, in the site's order: the home
/// page and the section pages, then each meeting with its items and their
/// appendices, boards, documents, news and pages. The pages that list or
/// filter these (decisions by board, a risk's history across papers, a
/// month of news) repeat their text, so only each section's first page is
/// an entry; a risk or target is found through the papers that hold it.
pub fn entries(site: &Site) -> Vec<Entry> {
    let relative = |url: &str| site.routes.relative(url).to_string();
    let page = |url: &str, title: &str, text: String| Entry {
        title: title.to_string(),
        url: relative(url),
        kind: "page",
        meeting: None,
        date: None,
        text: cut(&text, TEXT_LIMIT),
    };
    let mut all = vec![
        page(
            site.routes.home(),
            &site.config.title,
            site.config.description.clone().unwrap_or_default(),
        ),
        page(
            &site.routes.section(Section::Meetings),
            "Meetings",
            "Every meeting of every board, upcoming and past, by year.".into(),
        ),
        page(
            &site.routes.section(Section::Boards),
            "Boards",
            "The boards, their members and their meetings.".into(),
        ),
        page(
            &site.routes.section(Section::Documents),
            "Documents",
            "Standalone reports and strategies.".into(),
        ),
        page(
            &site.routes.section(Section::News),
            "News",
            "News bulletins, newest first.".into(),
        ),
        page(
            &site.routes.section(Section::Decisions),
            "Decisions",
            "Every recommendation put to a board, with its outcome and actions, newest first.".into(),
        ),
        page(
            &site.routes.section(Section::Risks),
            "Risks",
            "Every risk register, and the history of each risk across papers.".into(),
        ),
        page(
            &site.routes.section(Section::Budgets),
            "Budgets",
            "Every budget, with its totals.".into(),
        ),
        page(
            &site.routes.section(Section::Targets),
            "Targets",
            "Every performance target, and the history of each across papers.".into(),
        ),
        page(
            &site.routes.section(Section::Data),
            "Open data",
            "Meetings, agenda items, decisions, actions, budget lines, risks and targets as JSON and CSV files, documented column by column.".into(),
        ),
    ];
    for meeting in &site.meetings {
        all.push(meeting_entry(meeting, &relative));
        for item in &meeting.items {
            all.push(item_entry(meeting, item, &relative));
            for appendix in &item.paper.appendices {
                let (Some(body), Some(url)) = (&appendix.body_html, &appendix.url) else {
                    continue;
                };
                all.push(Entry {
                    title: appendix.title.clone(),
                    url: relative(url),
                    kind: "item",
                    meeting: Some(meeting.title.clone()),
                    date: Some(meeting.date.iso()),
                    text: cut(&plain_text(body), TEXT_LIMIT),
                });
            }
        }
    }
    for board in &site.boards {
        let mut text = board.description.clone().unwrap_or_default();
        for member in &board.members {
            text.push(' ');
            text.push_str(&member.name);
            for extra in [&member.role, &member.organisation].into_iter().flatten() {
                text.push_str(", ");
                text.push_str(extra);
            }
            text.push('.');
        }
        all.push(page(&board.url, &board.name, normalise(&text)));
    }
    for document in &site.documents {
        let mut text = document.summary.clone().unwrap_or_default();
        text.push(' ');
        text.push_str(&paper_text(&document.paper));
        all.push(Entry {
            title: document.title.clone(),
            url: relative(&document.url),
            kind: "document",
            meeting: None,
            date: document.date.map(|d| d.iso()),
            text: cut(&normalise(&text), TEXT_LIMIT),
        });
    }
    for article in &site.news {
        let mut text = article.summary.clone().unwrap_or_default();
        text.push(' ');
        text.push_str(&plain_text(&article.body_html));
        all.push(Entry {
            title: article.title.clone(),
            url: relative(&article.url),
            kind: "news",
            meeting: None,
            date: Some(article.date.iso()),
            text: cut(&normalise(&text), TEXT_LIMIT),
        });
    }
    for p in &site.pages {
        let mut text = p.description.clone().unwrap_or_default();
        text.push(' ');
        text.push_str(&plain_text(&p.body_html));
        all.push(page(&p.url, &p.title, normalise(&text)));
    }
    all
}

fn meeting_entry(meeting: &Meeting, relative: &dyn Fn(&str) -> String) -> Entry {
    let mut text = format!("{}. {}.", meeting.board_name, meeting.date_text);
    if let Some(venue) = &meeting.venue {
        text.push_str(&format!(" {venue}."));
    }
    for line in &meeting.agenda {
        text.push_str(&format!(" {} {}.", line.number, line.title));
    }
    text.push(' ');
    text.push_str(&plain_text(&meeting.body_html));
    Entry {
        title: meeting.title.clone(),
        url: relative(&meeting.url),
        kind: "meeting",
        meeting: None,
        date: Some(meeting.date.iso()),
        text: cut(&normalise(&text), TEXT_LIMIT),
    }
}

fn item_entry(meeting: &Meeting, item: &Item, relative: &dyn Fn(&str) -> String) -> Entry {
    Entry {
        title: item.title.clone(),
        url: relative(&item.url),
        kind: "item",
        meeting: Some(meeting.title.clone()),
        date: Some(meeting.date.iso()),
        text: cut(&paper_text(&item.paper), TEXT_LIMIT),
    }
}

/// A paper's text: purpose, recommendations, the titles in its budgets,
/// risk registers and target tables, then the body.
fn paper_text(paper: &Paper) -> String {
    let mut text = String::new();
    if let Some(purpose) = &paper.purpose_html {
        text.push_str(&plain_text(purpose));
        text.push(' ');
    }
    for recommendation in &paper.recommendations {
        text.push_str(&recommendation.text);
        text.push(' ');
        if let Some(resolution) = &recommendation.resolution {
            text.push_str(resolution);
            text.push(' ');
        }
    }
    let titles = paper
        .budgets
        .iter()
        .filter_map(|b| b.title.as_ref())
        .chain(
            paper
                .risks
                .iter()
                .flat_map(|r| r.title.iter().chain(r.risks.iter().map(|risk| &risk.title))),
        )
        .chain(paper.targets.iter().flat_map(|t| {
            t.title
                .iter()
                .chain(t.targets.iter().map(|target| &target.measure))
        }));
    for title in titles {
        text.push_str(title);
        text.push_str(". ");
    }
    text.push_str(&plain_text(&paper.body_html));
    normalise(&text)
}

/// Elements whose content is not text a reader sees.
const SKIPPED: [&str; 4] = ["script", "style", "svg", "template"];

/// Inline elements: their tags do not separate words.
const INLINE: [&str; 20] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "small", "span", "strong",
];

/// The text of an HTML fragment: tags dropped (block tags become spaces),
/// the content of scripts, styles and SVG dropped, entities decoded and
/// whitespace collapsed to single spaces.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skipping: Option<&str> = None;
    while let Some(open) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&decode_entities(&rest[..open]));
        }
        let after = &rest[open + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(close) = after.find('>') else {
            // A lone `<` is text.
            if skipping.is_none() {
                out.push('<');
            }
            rest = after;
            continue;
        };
        let tag = &after[..close];
        rest = &after[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match skipping {
            Some(skipped) => {
                if closing && name == skipped {
                    skipping = None;
                    out.push(' ');
                }
            }
            None => {
                if let Some(skipped) = SKIPPED.iter().find(|s| **s == name) {
                    if !closing && !tag.ends_with('/') {
                        skipping = Some(skipped);
                    }
                } else if !INLINE.contains(&name.as_str()) {
                    out.push(' ');
                }
            }
        }
    }
    if skipping.is_none() {
        out.push_str(&decode_entities(rest));
    }
    normalise(&out)
}

/// Decodes the entities HTML renderers write: the named ones for markup
/// characters and spaces, and every numeric one.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collapses every run of whitespace to one space and trims the ends.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `text` cut to at most `limit` characters, at the last space before the
/// limit when there is one, so no word is cut in half.
fn cut(text: &str, limit: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(limit) else {
        return text.to_string();
    };
    let head = &text[..end];
    let at_word = if text[end..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or(head, |space| &head[..space])
    };
    at_word.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        let html = "<h2 id=\"a\">Background</h2>\n<p>Councils &amp; <strong>boards</strong>’ papers&#x27; cost &lt;£1m&gt;&#160;now.</p><p>Next</p>";
        assert_eq!(
            plain_text(html),
            "Background Councils & boards’ papers' cost <£1m> now. Next"
        );
    }

    #[test]
    fn plain_text_skips_scripts_styles_svg_and_comments() {
        let html = "<p>One</p><script>alert('x')</script><style>p{}</style><svg><title>Chart</title></svg><!-- note --><p>Two</p>";
        assert_eq!(plain_text(html), "One Two");
    }

    #[test]
    fn plain_text_keeps_inline_words_whole_and_stray_brackets() {
        assert_eq!(plain_text("£<strong>905</strong>k"), "£905k");
        assert_eq!(plain_text("a < b & c"), "a < b & c");
        assert_eq!(plain_text("<td>1</td><td>2</td>"), "1 2");
    }

    #[test]
    fn cut_stops_at_a_word_boundary() {
        assert_eq!(cut("alpha beta gamma", 100), "alpha beta gamma");
        assert_eq!(cut("alpha beta gamma", 8), "alpha");
        assert_eq!(cut("alpha beta gamma", 10), "alpha beta");
        assert_eq!(cut("alphabetagamma", 5), "alpha");
        assert_eq!(cut("ééé ééé", 5), "ééé");
    }

    #[test]
    fn hosts_for_site_searches() {
        assert_eq!(host("https://papers.example.org/"), "papers.example.org");
        assert_eq!(host("https://example.org/papers/"), "example.org/papers");
    }

    #[test]
    fn entries_serialise_with_short_keys_and_no_empty_fields() {
        let entry = Entry {
            title: "News".into(),
            url: "news/".into(),
            kind: "page",
            meeting: None,
            date: None,
            text: "Bulletins".into(),
        };
        assert_eq!(
            serde_json::to_string(&entry).unwrap(),
            r#"{"t":"News","u":"news/","k":"page","x":"Bulletins"}"#
        );
    }
}
