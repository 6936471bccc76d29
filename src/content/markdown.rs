//! Markdown to HTML: GitHub extensions, heading anchors, links between
//! sources rewritten to page URLs and checked, and unsafe HTML removed.
//!
//! A body does not know where it will be shown, so its headings keep
//! relative levels: the top level the author used is `h1` and no level is
//! skipped (`#` then `####` become `h1` then `h2`). Whoever shows a body says
//! the level its top heading takes there, through [`place`] (the templates'
//! `outline` filter), so every page keeps one `h1` and an unbroken outline.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, LineStarts, Position};
use crate::publication::Withheld;

/// Where a link to a content path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A published page, with its URL and title.
    Page { url: String, title: String },
    /// A source that exists but is not published, and why.
    Withheld(Withheld),
}

/// What links may point at: every Markdown source and every other file.
#[derive(Debug, Default)]
pub struct LinkTable {
    /// Content-relative `.md` path to where it leads.
    pub sources: BTreeMap<String, Destination>,
    /// Content-relative paths of files that are not Markdown.
    pub files: BTreeSet<String>,
    /// Files that withheld content uses, and why they are withheld: a link
    /// from a public page must not publish them.
    pub withheld_files: BTreeMap<String, Withheld>,
    /// Where published files live.
    pub routes: crate::routes::Routes,
    pub unsafe_html: bool,
}

/// One heading of a page, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The level relative to the text's top heading, which is 1.
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A rendered Markdown text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML, its headings at relative levels (see [`place`]).
    pub html: String,
    pub headings: Vec<Heading>,
    /// Content-relative paths of the files this text links to or embeds.
    pub files: BTreeSet<String>,
    /// Content-relative paths of the sources it links to.
    pub links: BTreeSet<String>,
}

/// The place of a Markdown text in its file, for error positions.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// Site-root-relative file name, for diagnostics.
    pub file: &'a Path,
    /// Content-relative path of the file, to resolve relative links.
    pub content_path: &'a str,
    /// The whole file and the offset of this text within it.
    pub file_text: &'a str,
    pub offset: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How deeply lists, quotes, emphasis and other Markdown may sit inside
/// one another. Real papers need a dozen levels; the limit keeps a
/// hostile file from making pages no browser can lay out.
pub const MAX_NESTING: usize = 100;

/// Renders `text`, resolving its links through `table`. Broken links are
/// pushed to `out` at their position in the file.
pub fn render(
    text: &str,
    origin: Origin,
    table: &LinkTable,
    out: &mut Vec<Diagnostic>,
) -> Rendered {
    let mut rendered = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut has_raw_html = false;
    // For each open link or image: whether it was withheld and so became a span.
    let mut open: Vec<bool> = Vec::new();
    let lines = OnceCell::new();
    let mut depth = 0usize;
    for (mut event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let at = || {
            lines
                .get_or_init(|| LineStarts::new(origin.file_text))
                .position(origin.offset + range.start)
        };
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == MAX_NESTING + 1 && matches!(event, Event::Start(_)) {
            out.push(too_deep(origin.file, at()));
        }
        let mut withhold = false;
        let opens = matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. }));
        if let Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                ..
            },
        ) = &mut event
        {
            match resolve(dest_url, *link_type, origin, &at, table, &mut rendered, out) {
                Resolved::Keep => {}
                Resolved::Url(url) => *dest_url = url.into(),
                // A link to a withheld page or file becomes plain text, and
                // an image of one becomes its description.
                Resolved::Withheld => withhold = true,
            }
        }
        if opens {
            open.push(withhold);
        }
        if withhold {
            event = Event::Html(CowStr::Borrowed("<span class=\"withheld-link\">"));
        }
        let event = match event {
            Event::End(TagEnd::Link | TagEnd::Image) if open.pop() == Some(true) => {
                Event::Html(CowStr::Borrowed("</span>"))
            }
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(CowStr::Borrowed("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">")));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed("</div>"))
            }
            Event::TaskListMarker(done) => Event::Html(CowStr::Borrowed(if done {
                "<span class=\"task\" aria-hidden=\"true\">☑</span><span class=\"visually-hidden\">Done: </span>"
            } else {
                "<span class=\"task\" aria-hidden=\"true\">☐</span><span class=\"visually-hidden\">Not done: </span>"
            })),
            // Raw HTML from the author (not the span boardpack put in above).
            Event::Html(html) if !withhold => {
                has_raw_html = true;
                Event::Html(withhold_addresses(html, origin, &at, table, out))
            }
            Event::InlineHtml(html) if !withhold => {
                has_raw_html = true;
                Event::InlineHtml(withhold_addresses(html, origin, &at, table, out))
            }
            other => other,
        };
        events.push(event);
    }
    relative_levels(&mut events);
    rendered.headings = anchor_headings(&mut events);
    html::push_html(&mut rendered.html, events.into_iter());
    if has_raw_html && !table.unsafe_html {
        rendered.html = sanitise(&rendered.html);
    }
    if let Cow::Owned(html) = crate::format::markup_text(&rendered.html) {
        rendered.html = html;
    }
    rendered
}

fn too_deep(file: &Path, at: Position) -> Diagnostic {
    Diagnostic::error(
        file,
        at,
        format!("Markdown nested more than {MAX_NESTING} levels deep"),
    )
    .with_hint(
        "lists, quotes and emphasis this deep are a mistake; take some of the `>`, `-` or `*` out",
    )
}

enum Resolved {
    Keep,
    Url(String),
    Withheld,
}

/// `at` gives the position of the link in its file.
fn resolve(
    dest: &str,
    link_type: LinkType,
    origin: Origin,
    at: &dyn Fn() -> Position,
    table: &LinkTable,
    rendered: &mut Rendered,
    out: &mut Vec<Diagnostic>,
) -> Resolved {
    let dest = dest.trim();
    if link_type == LinkType::Email || dest.starts_with('#') {
        return Resolved::Keep;
    }
    if let Some(scheme) = scheme_of(dest) {
        return if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
            Resolved::Keep
        } else {
            let position = at();
            out.push(
                Diagnostic::error(
                    origin.file,
                    position,
                    format!("links with the `{scheme}:` scheme are not allowed"),
                )
                .with_hint("link to an http(s) address or to another page of the site"),
            );
            Resolved::Url("#".into())
        };
    }
    if dest.starts_with("//") || dest.starts_with('/') && !dest.starts_with("/@") {
        return Resolved::Keep;
    }
    let (path_part, fragment) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let Some(target) = content_target(path_part, origin.content_path) else {
        let position = at();
        out.push(
            Diagnostic::error(
                origin.file,
                position,
                format!("the link `{dest}` leads outside content/"),
            )
            .with_hint(
                "link to a file inside content/, for example `@/meetings/2008-07-10/06-support.md`",
            ),
        );
        return Resolved::Keep;
    };
    if let Some(destination) = table.sources.get(&target) {
        rendered.links.insert(target.clone());
        return match destination {
            Destination::Page { url, .. } => Resolved::Url(format!("{url}{fragment}")),
            Destination::Withheld(why) => {
                warn_withheld(origin, at, table, &target, *why, out);
                Resolved::Withheld
            }
        };
    }
    let target = target.trim_end_matches('/').to_string();
    if let Some(why) = table.withheld_files.get(&target) {
        warn_withheld(origin, at, table, &target, *why, out);
        return Resolved::Withheld;
    }
    if table.files.contains(&target) {
        let url = format!("{}{fragment}", table.routes.content_file(&target));
        rendered.files.insert(target);
        return Resolved::Url(url);
    }
    let position = at();
    let known: Vec<&str> = table
        .sources
        .keys()
        .map(String::as_str)
        .chain(table.files.iter().map(String::as_str))
        .collect();
    out.push(
        Diagnostic::error(
            origin.file,
            position,
            format!("the link `{dest}` points at `content/{target}`, which does not exist"),
        )
        .with_hint(nearest_path(&target, &known)),
    );
    Resolved::Keep
}

/// Warns that a public page's link to `target`, withheld for `why`, is
/// shown as text. A withheld page's own links are never shown, so they are
/// not worth a warning.
fn warn_withheld(
    origin: Origin,
    at: &dyn Fn() -> Position,
    table: &LinkTable,
    target: &str,
    why: Withheld,
    out: &mut Vec<Diagnostic>,
) {
    let from_public = matches!(
        table.sources.get(origin.content_path),
        Some(Destination::Page { .. })
    );
    if !from_public || why == Withheld::Unlisted {
        return;
    }
    let paper = target.ends_with(".md");
    let what = if paper {
        "it is"
    } else {
        "content that uses it is"
    };
    let hint = match (why, paper) {
        (Withheld::Embargoed, _) => {
            "the link becomes live in the first build after the embargo ends"
        }
        (Withheld::Draft, true) => "publish the paper (remove `draft: true`) or remove the link",
        (_, true) => "remove the link: an exempt paper or appendix is never published",
        (_, false) => "give the public page its own copy of the file if it is meant to be public",
    };
    let message = format!(
        "`content/{target}` is not published: {what} {}, so this link is shown as text",
        why.words()
    );
    out.push(Diagnostic::warning(origin.file, at(), message).with_hint(hint));
}

/// Raw HTML without the addresses that point at a withheld page or file:
/// each goes, attribute and all, so a link becomes its text and an image
/// its `alt`, and a public page is warned as for a Markdown link.
fn withhold_addresses<'a>(
    html: CowStr<'a>,
    origin: Origin,
    at: &dyn Fn() -> Position,
    table: &LinkTable,
    out: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    let mut kept = String::new();
    let mut from = 0;
    for address in address_attributes(&html) {
        let found = address
            .candidates(&html)
            .filter_map(|candidate| content_address(candidate, origin.content_path))
            .find_map(|target| Some((withheld(table, &target)?, target)));
        let Some((why, target)) = found else {
            continue;
        };
        warn_withheld(origin, at, table, &target, why, out);
        kept.push_str(&html[from..address.whole.start]);
        from = address.whole.end;
    }
    if from == 0 {
        return html;
    }
    kept.push_str(&html[from..]);
    kept.into()
}

/// Why the page or file at `target` is not published, if it is not.
fn withheld(table: &LinkTable, target: &str) -> Option<Withheld> {
    match table.sources.get(target) {
        Some(Destination::Withheld(why)) => Some(*why),
        Some(Destination::Page { .. }) => None,
        None => table.withheld_files.get(target).copied(),
    }
}

fn nearest_path(target: &str, known: &[&str]) -> String {
    known
        .iter()
        .filter_map(|k| Some((super::similar_at_least(target, k, 0.6)?, *k)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(
            || {
                "link to an existing file, relative to this one or as `@/path/from/content.md`"
                    .to_string()
            },
            |(_, path)| format!("did you mean `@/{path}`?"),
        )
}

/// The content paths a Markdown text links to or embeds, found without
/// rendering it: what a withheld paper uses must stay unpublished.
pub fn linked_paths(text: &str, from: &str) -> Vec<String> {
    let mut destinations: Vec<String> = Vec::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                destinations.push(dest_url.to_string())
            }
            // Raw HTML may link or embed too: `src="…"`, `href='…'`.
            Event::Html(html) | Event::InlineHtml(html) => {
                destinations.extend(html_addresses(&html))
            }
            _ => {}
        }
    }
    destinations
        .into_iter()
        .filter_map(|dest| content_address(&dest, from))
        .collect()
}

/// The content path that an address in a text written at `from` refers
/// to: none for a URL with a scheme, an anchor or another host's address.
fn content_address(dest: &str, from: &str) -> Option<String> {
    let dest = dest.trim();
    if scheme_of(dest).is_some() || dest.starts_with('#') || dest.starts_with("//") {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    content_target(path, from).map(|target| target.trim_end_matches('/').to_string())
}

/// The values of the address attributes in a piece of HTML.
fn html_addresses(html: &str) -> Vec<String> {
    address_attributes(html)
        .iter()
        .flat_map(|address| address.candidates(html))
        .map(str::to_string)
        .collect()
}

/// Where an attribute that holds an address sits in a piece of HTML: the
/// whole attribute (`href="x"`) and its value (`x`).
struct Address {
    whole: Range<usize>,
    value: Range<usize>,
    /// A `srcset`: addresses, each with a size, separated by commas.
    list: bool,
}

impl Address {
    /// The addresses the value holds: itself, or each of a `srcset`.
    fn candidates<'h>(&self, html: &'h str) -> impl Iterator<Item = &'h str> {
        let value = &html[self.value.clone()];
        let list = self.list;
        value
            .split(move |c| list && c == ',')
            .filter_map(move |candidate| {
                // A candidate of a `srcset` is its address and then its size.
                if list {
                    candidate.split_whitespace().next()
                } else {
                    Some(candidate)
                }
            })
    }
}

/// The attributes of raw HTML that hold an address.
const ADDRESS_ATTRIBUTES: [&str; 5] = ["srcset", "src", "href", "data", "poster"];

/// The address attributes in a piece of HTML, in order.
fn address_attributes(html: &str) -> Vec<Address> {
    let lower = html.to_ascii_lowercase();
    let mut found: Vec<Address> = ADDRESS_ATTRIBUTES
        .iter()
        .flat_map(|name| {
            lower
                .match_indices(name)
                .filter_map(|(start, _)| attribute_at(html, start, name.len()))
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort_by_key(|address| address.whole.start);
    found
}

/// The attribute whose name, `len` bytes long, starts at `start`: when the
/// name stands alone and `=` and a value follow, as browsers read them
/// (`href="x"`, `href = 'x'`, `href=x`, `<img/src=x>`).
fn attribute_at(html: &str, start: usize, len: usize) -> Option<Address> {
    let before = html[..start].chars().next_back();
    if before.is_some_and(|c| !c.is_whitespace() && !matches!(c, '/' | '"' | '\'')) {
        return None;
    }
    let text = html[start + len..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let at = html.len() - text.len();
    let (value, end) = match text.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let close = text[1..].find(quote).map_or(text.len(), |i| i + 1);
            (at + 1..at + close, (at + close + 1).min(html.len()))
        }
        _ => {
            let len = text
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(text.len());
            (at..at + len, at + len)
        }
    };
    Some(Address {
        whole: start..end,
        value,
        list: html[start..start + len].eq_ignore_ascii_case("srcset"),
    })
}

/// The URL scheme of `dest`, lower-cased, if it has one.
fn scheme_of(dest: &str) -> Option<String> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `@/x:y` or `a/b:c` are paths, not schemes.
    (valid && !dest[..colon].contains('/')).then(|| scheme.to_ascii_lowercase())
}

/// The content-relative path a link refers to, or None when it escapes
/// `content/`.
pub fn content_target(link: &str, from: &str) -> Option<String> {
    let link = percent_decode(link);
    let (base, rest) = match link.strip_prefix("@/") {
        Some(rest) => ("", rest.to_string()),
        None => (
            from.rsplit_once('/').map_or("", |(dir, _)| dir),
            link.clone(),
        ),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%20` and the like in a URL path.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // The two bytes after `%` may be part of a longer character.
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Renumbers the headings so the top level used is 1 and no level is
/// skipped below the heading a section sits in: `#`, `####`, `##` become 1,
/// 2, 2, and a text whose headings start at `###` starts at 1.
fn relative_levels(events: &mut [Event]) {
    // The open sections: the level the author wrote and the level given.
    let mut open: Vec<(HeadingLevel, u8)> = Vec::new();
    let mut current = HeadingLevel::H1;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                while open.last().is_some_and(|(written, _)| *written >= *level) {
                    open.pop();
                }
                let given = open.last().map_or(1, |(_, given)| given + 1);
                open.push((*level, given));
                current = heading_level(given);
                *level = current;
            }
            Event::End(TagEnd::Heading(level)) => *level = current,
            _ => {}
        }
    }
}

/// `html` (a body rendered here) with its headings placed at `top`: the
/// body's top heading becomes `h{top}` and the rest follow it, never beyond
/// `h6`. Headings written as raw HTML move by the same amount.
pub fn place(html: &str, top: u8) -> String {
    let shift = top.clamp(1, 6) - 1;
    if shift == 0 {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let name_at = if rest[1..].starts_with('/') { 2 } else { 1 };
        let name = rest.as_bytes().get(name_at..name_at + 3);
        match name {
            Some([h, digit @ b'1'..=b'6', after])
                if h.eq_ignore_ascii_case(&b'h')
                    && (after.is_ascii_whitespace() || matches!(*after, b'>' | b'/')) =>
            {
                let level = (digit - b'0' + shift).min(6);
                out.push_str(&rest[..name_at + 1]);
                out.push(char::from(b'0' + level));
                rest = &rest[name_at + 2..];
            }
            _ => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Gives every heading an id (its own `{#id}` or one made from its text,
/// unique within the page) and returns the headings in order.
fn anchor_headings(events: &mut [Event]) -> Vec<Heading> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_number(*level);
            let explicit = id.as_ref().map(|id| id.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = crate::slug::anchor(&explicit.unwrap_or(text.clone()));
            let base = if base.is_empty() {
                "section".to_string()
            } else {
                base
            };
            let count = used.entry(base.clone()).or_insert(0);
            let unique = if *count == 0 {
                base.clone()
            } else {
                format!("{base}-{count}")
            };
            *count += 1;
            if let Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) = &mut events[i]
            {
                // Only the id survives: `{onclick=...}` must not reach the page.
                *id = Some(CowStr::from(unique.clone()));
                classes.clear();
                attrs.clear();
            }
            headings.push(Heading {
                level,
                id: unique,
                text,
            });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_level(number: u8) -> HeadingLevel {
    match number {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Removes scripts, event handlers and dangerous URLs from raw HTML while
/// keeping what Markdown itself produces (ids, classes, task checkboxes).
fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class"])
        .add_tags(["section"])
        .add_generic_attributes(["role", "tabindex", "aria-label", "aria-hidden"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the property tests: `[](%𞥐)` sliced inside the character
    /// after the `%` and panicked.
    #[test]
    fn percent_decode_leaves_a_percent_before_a_wide_character() {
        assert_eq!(percent_decode("%\u{1e950}"), "%\u{1e950}");
        assert_eq!(percent_decode("a%2Fb%\u{e9}%4"), "a/b%\u{e9}%4");
    }

    fn table() -> LinkTable {
        let mut table = LinkTable {
            routes: crate::routes::Routes::new("/"),
            ..Default::default()
        };
        table.sources.insert(
            "meetings/m1/06-support.md".into(),
            Destination::Page {
                url: "/meetings/m1/06-support/".into(),
                title: "Support".into(),
            },
        );
        table.sources.insert(
            "meetings/m1/09-secret.md".into(),
            Destination::Withheld(Withheld::Exempt),
        );
        table.files.insert("meetings/m1/brief.pdf".into());
        table
    }

    fn go(text: &str) -> (Rendered, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let origin = Origin {
            file: Path::new("content/meetings/m2/07.md"),
            content_path: "meetings/m2/07.md",
            file_text: text,
            offset: 0,
        };
        let rendered = render(text, origin, &table(), &mut out);
        (rendered, out)
    }

    #[test]
    fn links_to_sources_become_page_urls() {
        let (r, out) =
            go("See [item 6](../m1/06-support.md#b) and [again](@/meetings/m1/06-support.md).");
        assert!(out.is_empty(), "{out:?}");
        assert!(
            r.html.contains("href=\"/meetings/m1/06-support/#b\""),
            "{}",
            r.html
        );
        assert!(r.links.contains("meetings/m1/06-support.md"));
    }

    #[test]
    fn links_to_withheld_sources_lose_their_href() {
        let (r, out) = go("[secret](../m1/09-secret.md)");
        assert!(out.is_empty());
        assert!(!r.html.contains("09-secret"), "{}", r.html);
        assert!(
            r.html
                .contains("<span class=\"withheld-link\">secret</span>")
        );
    }

    #[test]
    fn broken_links_are_errors_at_their_line() {
        let (_, out) = go("Intro\n\nSee [x](../m1/06-suport.md).");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].position, Position::new(3, 5));
        assert_eq!(
            out[0].hint.as_deref(),
            Some("did you mean `@/meetings/m1/06-support.md`?")
        );
    }

    #[test]
    fn nesting_past_the_limit_is_one_error_where_it_goes_too_deep() {
        let (_, out) = go(&"> ".repeat(MAX_NESTING - 1));
        assert!(out.is_empty(), "{out:?}");
        let (_, out) = go(&format!("Intro\n\n{}deep\n", "> ".repeat(100_000)));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].message, "Markdown nested more than 100 levels deep");
        assert_eq!(out[0].position, Position::new(3, 201));
        let list: String = (0..200)
            .map(|i| format!("{}- a\n", "  ".repeat(i)))
            .collect();
        assert_eq!(go(&list).1.len(), 1);
    }

    #[test]
    fn images_of_withheld_files_become_their_description() {
        let mut t = table();
        t.withheld_files
            .insert("meetings/m1/secret.png".into(), Withheld::Exempt);
        let mut out = Vec::new();
        let text = "[![plan](../m1/secret.png)](../m1/06-support.md) and ![chart](../m1/brief.pdf)";
        let origin = Origin {
            file: Path::new("content/meetings/m2/07.md"),
            content_path: "meetings/m2/07.md",
            file_text: text,
            offset: 0,
        };
        let r = render(text, origin, &t, &mut out);
        assert!(!r.html.contains("secret"), "{}", r.html);
        assert!(
            r.html.contains(
                "<a href=\"/meetings/m1/06-support/\"><span class=\"withheld-link\">plan</span></a>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<img src=\"/meetings/m1/brief.pdf\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn linked_paths_are_found_without_rendering() {
        let paths = linked_paths(
            "[a](x.pdf) ![b](@/news/c.png) [c](https://x.org/) [d](#top)",
            "meetings/m1/07.md",
        );
        assert_eq!(paths, ["meetings/m1/x.pdf", "news/c.png"]);
        let paths = linked_paths(
            "<div><img src = 'a.png'><object\ndata=b.pdf></object><a title=\"t\"href=\"c.pdf\" data-x=\"d.pdf\"></div>",
            "meetings/m1/07.md",
        );
        assert_eq!(
            paths,
            [
                "meetings/m1/a.png",
                "meetings/m1/b.pdf",
                "meetings/m1/c.pdf"
            ]
        );
    }

    #[test]
    fn raw_html_addresses_of_withheld_pages_and_files_are_dropped() {
        let mut t = table();
        t.withheld_files
            .insert("meetings/m1/secret.png".into(), Withheld::Exempt);
        t.sources.insert(
            "meetings/m2/07.md".into(),
            Destination::Page {
                url: "/meetings/m2/07/".into(),
                title: "Seven".into(),
            },
        );
        let text = "<p><a href = \"../m1/09-secret.md#x\">the report</a> <img/src=../m1/secret.png alt=plan> <a title='b'href='../m1/brief.pdf'>brief</a></p>\n";
        let mut out = Vec::new();
        let origin = Origin {
            file: Path::new("content/meetings/m2/07.md"),
            content_path: "meetings/m2/07.md",
            file_text: text,
            offset: 0,
        };
        let r = render(text, origin, &t, &mut out);
        assert!(!r.html.contains("secret"), "{}", r.html);
        assert!(
            r.html
                .contains("<a rel=\"noopener noreferrer\">the report</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<img alt=\"plan\">"), "{}", r.html);
        assert!(r.html.contains("href=\"../m1/brief.pdf\""), "{}", r.html);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("`content/meetings/m1/09-secret.md` is not published"));
        assert!(messages[1].starts_with("`content/meetings/m1/secret.png` is not published"));
    }

    #[test]
    fn every_address_of_a_srcset_is_checked() {
        let mut t = table();
        t.unsafe_html = true;
        t.withheld_files
            .insert("meetings/m1/secret.png".into(), Withheld::Exempt);
        let page = Destination::Page {
            url: "/meetings/m2/07/".into(),
            title: "Seven".into(),
        };
        t.sources.insert("meetings/m2/07.md".into(), page);
        let text = "<img srcset=\"../m1/open.png 1x, ../m1/secret.png 2x\" alt=plan>\n";
        let origin = Origin {
            file: Path::new("content/meetings/m2/07.md"),
            content_path: "meetings/m2/07.md",
            file_text: text,
            offset: 0,
        };
        let mut out = Vec::new();
        let r = render(text, origin, &t, &mut out);
        assert_eq!(r.html, "<img  alt=plan>\n");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            linked_paths(text, "meetings/m2/07.md"),
            ["meetings/m1/open.png", "meetings/m1/secret.png"]
        );
    }

    #[test]
    fn files_are_recorded_for_publishing() {
        let (r, _) = go("![brief](../m1/brief.pdf)");
        assert!(r.files.contains("meetings/m1/brief.pdf"));
        assert!(r.html.contains("/meetings/m1/brief.pdf"));
    }

    #[test]
    fn scripts_and_javascript_urls_are_removed() {
        let (r, out) = go(
            "<script>alert(1)</script>\n\n<a href=\"javascript:x()\" onclick=\"y()\">a</a> [b](javascript:z())",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("javascript:"));
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn headings_get_unique_anchors() {
        let (r, _) = go("## Background\n\n## Background\n\n### 3. Money {#money}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["background", "background-1", "money"]);
        assert!(r.html.contains("<h1 id=\"background-1\">"), "{}", r.html);
    }

    fn levels(r: &Rendered) -> Vec<u8> {
        r.headings.iter().map(|h| h.level).collect()
    }

    #[test]
    fn headings_take_relative_levels_without_gaps() {
        let (r, _) = go("# A\n\n#### B\n\n## C\n\n### D\n\n# E\n\n###### F\n");
        assert_eq!(levels(&r), [1, 2, 2, 3, 1, 2]);
        assert!(r.html.contains("<h1 id=\"a\">A</h1>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"b\">B</h2>"), "{}", r.html);
        let (r, _) = go("### A\n\n#### B\n\n### C\n");
        assert_eq!(levels(&r), [1, 2, 1]);
        // A heading above the first one found is a top heading too.
        let (r, _) = go("### A\n\n# B\n\n## C\n");
        assert_eq!(levels(&r), [1, 1, 2]);
    }

    #[test]
    fn placing_a_body_shifts_its_headings() {
        let (r, _) = go("# A\n\n#### B {#b}\n\ntext\n");
        let placed = place(&r.html, 3);
        assert!(placed.contains("<h3 id=\"a\">A</h3>"), "{placed}");
        assert!(placed.contains("<h4 id=\"b\">B</h4>"), "{placed}");
        assert_eq!(place(&r.html, 1), r.html);
        assert_eq!(
            place("<H1 class=x>a</H1><h5>b</h5><hr><h6/><p>&lt;h1&gt;", 3),
            "<H3 class=x>a</H3><h6>b</h6><hr><h6/><p>&lt;h1&gt;"
        );
    }

    #[test]
    fn paths_that_leave_content_are_refused() {
        assert_eq!(content_target("../../../etc/passwd", "news/a.md"), None);
        assert_eq!(
            content_target("@/about.md", "news/a.md").as_deref(),
            Some("about.md")
        );
        assert_eq!(
            content_target("b%20c.pdf", "news/a.md").as_deref(),
            Some("news/b c.pdf")
        );
    }
}
