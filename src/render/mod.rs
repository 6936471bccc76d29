//! Rendering: the public [`Site`] becomes pages. Pure functions of the site:
//! no file is read or written here.

pub mod actions;
pub mod bulletin;
pub mod calendar;
pub mod charts;
pub mod data;
pub mod datapackage;
pub mod feeds;
pub mod members;
mod people_data;
pub mod record;
pub mod registers;
pub mod search;
pub mod theme;
pub mod trend_chart;
pub mod views;

use crate::routes::Section;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use crate::config;
use crate::content::markdown;

use crate::diagnostics::{Diagnostic, Position};
use crate::site::{Appendix, Item, Meeting, Site};
use theme::Template;
use views::PaperView;

/// One output file: its path under the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The templates, parsed once per build.
pub struct Renderer {
    tera: Tera,
    /// The file each template was read from, to name in diagnostics.
    files: BTreeMap<String, PathBuf>,
}

impl Renderer {
    pub fn new(templates: BTreeMap<String, Template>) -> Result<Self, Diagnostic> {
        let files: BTreeMap<String, PathBuf> = templates
            .iter()
            .map(|(name, t)| (name.clone(), t.file_for_diagnostics(name)))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_markup);
        tera.register_filter("outline", outline_filter);
        tera.register_filter("absolute_links", absolute_links_filter);
        tera.register_filter("wrap", wrap_filter);
        if let Err(error) =
            tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.text.as_str())))
        {
            return Err(load_error(&templates, &files, &error));
        }
        Ok(Renderer { tera, files })
    }

    fn html(&self, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        self.tera
            .render(template, context)
            .map(String::into_bytes)
            .map_err(|e| {
                let file = self
                    .files
                    .get(template)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from("templates").join(template));
                template_error(file, Position::new(1, 1), chain(&e))
            })
    }
}

/// What autoescaping writes for a value: Tera's HTML escaping, after the
/// characters that neither HTML nor XML can hold are dropped.
fn escape_markup(text: &str) -> String {
    tera::escape_html(&crate::format::markup_text(text))
}

/// `{{ body_html | outline(top=2) }}`: a Markdown body with its top
/// heading at `h2`, for a body shown under the page's `h1`.
fn outline_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let html = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`outline` applies to the HTML of a Markdown body"))?;
    let top = args
        .get("top")
        .and_then(Value::as_u64)
        .filter(|top| (1..=6).contains(top))
        .ok_or_else(|| {
            tera::Error::msg("`outline` needs `top`, the level of the body's top heading: 1 to 6")
        })?;
    Ok(Value::String(markdown::place(html, top as u8)))
}

/// `{% filter absolute_links(base_url=site.base_url) %}`: every link to a
/// page of the site made absolute, for a page that is printed and read away
/// from the site.
fn absolute_links_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let html = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`absolute_links` applies to HTML"))?;
    let base_url = args
        .get("base_url")
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg("`absolute_links` needs `base_url`, the site's address"))?;
    Ok(Value::String(absolute_links(html, base_url)))
}

/// The width of a line of a plain-text email: short enough to be quoted
/// in a reply without being wrapped again.
pub const TEXT_WIDTH: usize = 72;

/// `{{ summary | wrap(first="* ", rest="  ") }}`: text wrapped for a
/// plain-text email at `width` (72 unless given) characters, the first
/// line begun by `first` and the others by `rest` (`first` unless given).
fn wrap_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`wrap` applies to text"))?;
    let prefix = |name: &str| -> tera::Result<Option<&str>> {
        args.get(name)
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| tera::Error::msg(format!("`wrap`: `{name}` is text")))
            })
            .transpose()
    };
    let first = prefix("first")?.unwrap_or("");
    let rest = prefix("rest")?.unwrap_or(first);
    let width = match args.get("width") {
        None => TEXT_WIDTH,
        Some(width) => width
            .as_u64()
            .filter(|&w| w > 0)
            .ok_or_else(|| tera::Error::msg("`wrap`: `width` is a number of characters"))?
            as usize,
    };
    Ok(Value::String(crate::format::wrap(text, width, first, rest)))
}

/// `html` with every root-relative link (`href="/…"`, however its slashes
/// are escaped, but not `//host`) made absolute against `base_url`.
pub fn absolute_links(html: &str, base_url: &str) -> String {
    const HREF: &str = " href=\"";
    let base_path = config::base_path(base_url);
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let start = at + HREF.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        // Tera escapes `/` in what it writes into a template.
        let url = rest[..end].replace("&#x2F;", "/");
        if url.starts_with('/') && !url.starts_with("//") {
            let absolute = config::absolute_url(base_url, base_path, &url);
            out.push_str(&absolute.replace('"', "&quot;"));
        } else {
            out.push_str(&rest[..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Why the templates could not be loaded, at the file (and, for a syntax
/// error, the line and column) where it went wrong.
fn load_error(
    templates: &BTreeMap<String, Template>,
    files: &BTreeMap<String, PathBuf>,
    error: &tera::Error,
) -> Diagnostic {
    // Tera says only "Failed to parse": parse each template alone to find
    // the one that fails and where.
    for (name, template) in templates {
        if let Err(e) = tera::Template::new(name, None, &template.text) {
            let text = chain(&e);
            let (position, message) = parse_error_position(&text);
            return template_error(
                files[name].clone(),
                position,
                format!("this template cannot be parsed: {message}"),
            );
        }
    }
    let file = match error.kind {
        tera::ErrorKind::MissingParent { ref current, .. }
        | tera::ErrorKind::CircularExtend {
            tpl: ref current, ..
        } => files.get(current).cloned(),
        _ => None,
    };
    template_error(
        file.unwrap_or_else(|| PathBuf::from("templates")),
        Position::new(1, 1),
        chain(error),
    )
}

/// An error with its causes, one after another.
fn chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The position and the gist of a pest parse error as Tera words it:
/// ` --> 3:35`, the source line with a pointer, then `= expected …`.
fn parse_error_position(text: &str) -> (Position, String) {
    let position = text
        .split_once("--> ")
        .and_then(|(_, rest)| {
            let end = rest
                .find(|c: char| !c.is_ascii_digit() && c != ':')
                .unwrap_or(rest.len());
            let (line, column) = rest[..end].split_once(':')?;
            Some(Position::new(line.parse().ok()?, column.parse().ok()?))
        })
        .unwrap_or_default();
    let message = text
        .lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("= "))
        .unwrap_or(text)
        .trim()
        .to_string();
    (Position::new(position.line, position.column), message)
}

fn template_error(file: PathBuf, position: Position, message: String) -> Diagnostic {
    Diagnostic::error(file, position, message)
        .with_hint("fix the template, or remove the site's override to use the theme's")
}

/// A page to render: what and where.
pub enum Job<'a> {
    Home,
    Meetings,
    Meeting(&'a Meeting),
    Item(&'a Meeting, &'a Item),
    /// A Markdown appendix's own page, at its address.
    Appendix(&'a Meeting, &'a Item, &'a Appendix, &'a str),
    /// The printable agenda pack of a meeting.
    Pack(&'a Meeting),
    Boards,
    Board(usize),
    Documents,
    Document(usize),
    Article(usize),
    Page(usize),
    NotFound,
    Robots,
    /// Files made by one of the [`GENERATORS`].
    Generated(Generator),
}

/// A renderer of a family of files (feeds, calendars, data, search): a pure
/// function of the site that may use the templates.
pub type Generator = fn(&Site, &Renderer) -> Result<Vec<Page>, Diagnostic>;

/// Every generator, in output order. Each adds its files to the site.
pub const GENERATORS: &[Generator] = &[
    registers::decision_pages,
    actions::pages,
    registers::risk_pages,
    registers::budget_pages,
    registers::target_pages,
    feeds::atom,
    feeds::papers,
    calendar::calendars,
    data::open_data,
    search::search_index,
    bulletin::pages,
    record::pages,
    members::pages,
];

/// Every page of the site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job<'_>> {
    let mut jobs = vec![
        Job::Home,
        Job::Meetings,
        Job::Boards,
        Job::Documents,
        Job::NotFound,
        Job::Robots,
    ];
    for meeting in &site.meetings {
        jobs.push(Job::Meeting(meeting));
        if !meeting.agenda.is_empty() {
            jobs.push(Job::Pack(meeting));
        }
        for item in &meeting.items {
            jobs.push(Job::Item(meeting, item));
            for appendix in &item.paper.appendices {
                if let (Some(_), Some(url)) = (&appendix.body_html, &appendix.url) {
                    jobs.push(Job::Appendix(meeting, item, appendix, url));
                }
            }
        }
    }
    jobs.extend((0..site.boards.len()).map(Job::Board));
    jobs.extend((0..site.documents.len()).map(Job::Document));
    jobs.extend((0..site.news.len()).map(Job::Article));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend(GENERATORS.iter().copied().map(Job::Generated));
    jobs
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    licence: Option<&'a str>,
    /// The addresses of the sections and site-wide files, by name (see
    /// [`crate::routes::Routes::for_templates`]).
    urls: std::collections::BTreeMap<&'static str, String>,
}

impl Renderer {
    /// Renders one page.
    /// Renders `template` as the page at `url`: `context` plus the site-wide
    /// values every template may use (`site`, `page_url`).
    pub fn page(
        &self,
        site: &Site,
        template: &str,
        url: &str,
        mut context: Context,
    ) -> Result<Page, Diagnostic> {
        let base = site.config.base_path();
        context.insert(
            "site",
            &SiteView {
                title: &site.config.title,
                description: site.config.description.as_deref(),
                base_url: &site.config.base_url,
                base_path: base,
                language: &site.config.language,
                licence: site.config.licence.as_deref(),
                urls: site.routes.for_templates(),
            },
        );
        context.insert("page_url", url);
        let bytes = self.html(template, &context)?;
        Ok(Page {
            path: site.routes.output_path(url),
            bytes,
        })
    }

    /// Renders the files of one job.
    pub fn render(&self, site: &Site, job: &Job) -> Result<Vec<Page>, Diagnostic> {
        let mut context = Context::new();
        let (url, template) = match job {
            Job::Home => {
                let upcoming: Vec<&Meeting> = site
                    .boards
                    .iter()
                    .filter_map(|b| site.meetings.iter().find(|m| m.upcoming && m.board == b.id))
                    .collect();
                let mut recent: Vec<&Meeting> =
                    site.meetings.iter().filter(|m| !m.upcoming).collect();
                recent.reverse();
                recent.truncate(4);
                context.insert("upcoming", &upcoming);
                context.insert("recent", &recent);
                context.insert("news", &site.news.iter().take(3).collect::<Vec<_>>());
                context.insert("boards", &site.boards);
                context.insert("decisions", &registers::latest_decisions(site, 5));
                (site.routes.home().to_string(), "home.html")
            }
            Job::Meetings => {
                context.insert(
                    "years",
                    &meetings_by_year(&site.meetings.iter().collect::<Vec<_>>()),
                );
                context.insert(
                    "upcoming",
                    &site
                        .meetings
                        .iter()
                        .filter(|m| m.upcoming)
                        .collect::<Vec<_>>(),
                );
                context.insert("boards", &site.boards);
                (site.routes.section(Section::Meetings), "meetings.html")
            }
            Job::Meeting(meeting) => {
                context.insert("meeting", meeting);
                context.insert("agenda", &meeting.agenda);
                context.insert("agenda_groups", &views::agenda_groups(&meeting.agenda));
                (meeting.url.clone(), "meeting.html")
            }
            Job::Item(meeting, item) => {
                context.insert("meeting", meeting);
                context.insert("item", item);
                context.insert(
                    "paper",
                    &PaperView::new(&item.paper, &site.config, site.today, ""),
                );
                (item.url.clone(), "item.html")
            }
            Job::Pack(meeting) => {
                let papers: Vec<PackPaper> = meeting
                    .items
                    .iter()
                    .enumerate()
                    .map(|(n, item)| PackPaper::new(item, site, &format!("i{n}-")))
                    .collect();
                context.insert("meeting", meeting);
                context.insert("agenda", &meeting.agenda);
                context.insert("agenda_groups", &views::agenda_groups(&meeting.agenda));
                context.insert("papers", &papers);
                (meeting.pack_url.clone(), "pack.html")
            }
            Job::Appendix(meeting, item, appendix, url) => {
                context.insert("meeting", meeting);
                context.insert("item", item);
                context.insert("appendix", appendix);
                (url.to_string(), "appendix.html")
            }
            Job::Boards => {
                context.insert("boards", &site.boards);
                (site.routes.section(Section::Boards), "boards.html")
            }
            Job::Board(index) => {
                let board = &site.boards[*index];
                let meetings: Vec<&Meeting> = site
                    .meetings
                    .iter()
                    .filter(|m| m.board == board.id)
                    .collect();
                context.insert("board", board);
                context.insert("years", &meetings_by_year(&meetings));
                context.insert(
                    "upcoming",
                    &meetings.iter().filter(|m| m.upcoming).collect::<Vec<_>>(),
                );
                (board.url.clone(), "board.html")
            }
            Job::Documents => {
                context.insert("documents", &site.documents);
                (site.routes.section(Section::Documents), "documents.html")
            }
            Job::Document(index) => {
                let document = &site.documents[*index];
                context.insert("document", document);
                context.insert(
                    "paper",
                    &PaperView::new(&document.paper, &site.config, site.today, ""),
                );
                (document.url.clone(), "document.html")
            }
            Job::Article(index) => {
                context.insert("article", &site.news[*index]);
                (site.news[*index].url.clone(), "article.html")
            }
            Job::Page(index) => {
                context.insert("page", &site.pages[*index]);
                (site.pages[*index].url.clone(), "page.html")
            }
            Job::NotFound => (site.routes.root_file("404.html"), "404.html"),
            Job::Generated(generate) => return generate(site, self),
            Job::Robots => {
                return Ok(vec![Page {
                    path: "robots.txt".into(),
                    bytes: robots(site).into_bytes(),
                }]);
            }
        };
        self.page(site, template, &url, context)
            .map(|page| vec![page])
    }
}

/// Where a page of a long list sits among its siblings.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub number: usize,
    pub count: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

/// Splits a long list into pages of `per_page`: the first at `url`, the
/// others at `url` + `page/2/` and so on. An empty list still has a page.
pub fn paginate<'a, T>(
    items: &'a [T],
    per_page: usize,
    url: &str,
) -> Vec<(String, &'a [T], Pager)> {
    let chunks: Vec<&[T]> = if items.is_empty() {
        vec![items]
    } else {
        items.chunks(per_page.max(1)).collect()
    };
    let count = chunks.len();
    let page_url = |n: usize| {
        if n == 1 {
            url.to_string()
        } else {
            crate::routes::Routes::numbered_page(url, n)
        }
    };
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let number = i + 1;
            let pager = Pager {
                number,
                count,
                previous_url: (number > 1).then(|| page_url(number - 1)),
                next_url: (number < count).then(|| page_url(number + 1)),
            };
            (page_url(number), chunk, pager)
        })
        .collect()
}

/// An item of an agenda pack with its paper's view. Many papers share one
/// page, so every id in a paper's HTML is given the paper's prefix.
#[derive(Serialize)]
struct PackPaper<'a> {
    item: &'a Item,
    prefix: String,
    paper: PaperView<'a>,
    body_html: String,
    appendices: Vec<PackAppendix<'a>>,
}

#[derive(Serialize)]
struct PackAppendix<'a> {
    title: &'a str,
    body_html: String,
}

impl<'a> PackPaper<'a> {
    fn new(item: &'a Item, site: &Site, prefix: &str) -> Self {
        PackPaper {
            item,
            prefix: prefix.to_string(),
            paper: PaperView::new(&item.paper, &site.config, site.today, prefix),
            body_html: prefix_ids(&item.paper.body_html, prefix),
            appendices: item
                .paper
                .appendices
                .iter()
                .enumerate()
                .filter_map(|(n, a)| {
                    a.body_html.as_deref().map(|body| PackAppendix {
                        title: &a.title,
                        body_html: prefix_ids(body, &format!("{prefix}a{n}-")),
                    })
                })
                .collect(),
        }
    }
}

/// Prefixes every `id` and same-page `#` link in HTML that boardpack wrote,
/// so papers can share a page without their anchors colliding.
fn prefix_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace(" href=\"#", &format!(" href=\"#{prefix}"))
}

#[derive(Serialize)]
struct Year<'a> {
    year: i32,
    meetings: Vec<&'a Meeting>,
}

/// Past and upcoming meetings grouped by year, newest year first.
fn meetings_by_year<'a>(meetings: &[&'a Meeting]) -> Vec<Year<'a>> {
    let mut years: BTreeMap<i32, Vec<&Meeting>> = BTreeMap::new();
    for meeting in meetings {
        years
            .entry(chrono::Datelike::year(&meeting.date.0))
            .or_default()
            .push(meeting);
    }
    years
        .into_iter()
        .rev()
        .map(|(year, meetings)| Year {
            year,
            meetings: meetings.into_iter().rev().collect(),
        })
        .collect()
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config
            .absolute_url(&site.routes.root_file("sitemap.xml"))
    )
}

/// The sitemap of the pages a build wrote (output paths such as
/// `meetings/x/index.html`), every URL absolute, in sorted order. Only pages
/// at a folder's address are listed: `404.html` and the email copies of
/// bulletins are not pages to find.
pub fn sitemap(site: &Site, mut html_pages: Vec<String>) -> Page {
    html_pages.retain(|path| path == "index.html" || path.ends_with("/index.html"));
    html_pages.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in html_pages {
        let page = path.strip_suffix("index.html").unwrap_or(&path);
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            escape_xml(&site.config.base_url),
            escape_xml(page)
        ));
    }
    xml.push_str("</urlset>\n");
    Page {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_links_become_absolute() {
        let html = "<a href=\"/meetings/x/#a\">x</a> <a href=\"&#x2F;news&#x2F;\">n</a> \
                    <a href=\"#top\">t</a> <a href=\"//cdn.example/\">c</a> \
                    <a href=\"https://other.example/\">o</a> <link href=\"/style.css\">";
        assert_eq!(
            absolute_links(html, "https://papers.example/"),
            "<a href=\"https://papers.example/meetings/x/#a\">x</a> \
             <a href=\"https://papers.example/news/\">n</a> \
             <a href=\"#top\">t</a> <a href=\"//cdn.example/\">c</a> \
             <a href=\"https://other.example/\">o</a> \
             <link href=\"https://papers.example/style.css\">"
        );
    }

    #[test]
    fn links_under_a_base_path_keep_it_once() {
        assert_eq!(
            absolute_links(
                "<a href=\"/papers/meetings/\">m</a>",
                "https://x.example/papers/"
            ),
            "<a href=\"https://x.example/papers/meetings/\">m</a>"
        );
    }
}
