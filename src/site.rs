//! The assembled site: what will be published, and nothing else.
//!
//! This is the one place that decides what is public. Drafts (unless asked
//! for), embargoed papers and meetings, and everything of an exempt item but
//! its number, title and reason are dropped here, before any renderer runs,
//! so no renderer can leak them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Board, Config};
use crate::content::markdown::{self, Destination, Heading, LinkTable};
use crate::content::yaml::FieldMap;
use crate::content::{Content, MeetingSource, Parsed, Source, check_slug};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::model::budget::Budget;
use crate::model::call_in::CallIn;
use crate::model::meeting::{Declaration, MeetingFront, MeetingStatus, MinutesStatus};
use crate::model::paper::{
    AppendixFront, DocumentStatus, ItemKind, PaperFront, Revision, item_anchor, natural_key,
};
use crate::model::recommendation::Recommendation;
use crate::model::risk::RiskRegister;
use crate::model::target::TargetTable;
use crate::model::values::Date;
use crate::people::{MeetingPeople, MemberRecord, SeatView};
use crate::publication::{Plan, Verdict, Withheld, sibling};
use crate::routes::{Routes, Section, published_file};
use crate::slug::segment;

pub use crate::publication::Visibility;

/// The public site.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// The build's date in the site's time zone.
    pub today: Date,
    /// `SOURCE_DATE_EPOCH`, when set: the only clock time that may be
    /// written into output (feeds' and calendars' stamps).
    pub source_date: Option<DateTime<Utc>>,
    pub boards: Vec<BoardInfo>,
    /// In date order, oldest first.
    pub meetings: Vec<Meeting>,
    pub documents: Vec<Document>,
    /// Newest first.
    pub news: Vec<NewsArticle>,
    pub pages: Vec<Page>,
    /// Each site member's seats, attendance and declarations, in the order
    /// `members` gives them.
    pub members: Vec<MemberRecord>,
    /// Every address of the site.
    pub routes: Routes,
    /// Content-relative paths of the non-Markdown files that public pages use.
    pub files: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BoardInfo {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub members: Vec<SeatView>,
    pub url: String,
    /// The board's own iCalendar feed.
    pub calendar_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    pub slug: String,
    pub url: String,
    /// The printable agenda pack.
    pub pack_url: String,
    pub board: String,
    pub board_name: String,
    pub board_url: String,
    pub title: String,
    /// Whether the title already says the board's name or the date, so a
    /// list need not say it again.
    pub title_names_board: bool,
    pub title_names_date: bool,
    pub date: Date,
    pub date_text: String,
    /// `Friday`, for lists whose title already gives the date.
    pub weekday: String,
    pub time: Option<String>,
    pub end_time: Option<String>,
    pub venue: Option<String>,
    pub status: MeetingStatus,
    pub status_label: &'static str,
    pub chair: Option<String>,
    #[serde(flatten)]
    pub people: MeetingPeople,
    /// Whether the minutes in the body are draft or approved.
    pub minutes: MinutesStatus,
    /// The later meeting that approved the minutes.
    pub minutes_approved_at: Option<RelatedLink>,
    pub webcast: Option<String>,
    pub body_html: String,
    pub upcoming: bool,
    /// The agenda in order: public items and the lines of exempt ones.
    pub agenda: Vec<AgendaLine>,
    /// The public items in agenda order; templates get them separately.
    #[serde(skip)]
    pub items: Vec<Item>,
}

/// One line of an agenda. For an exempt item only its number, title and
/// reason exist here.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaLine {
    pub number: String,
    /// The item's id in the agenda pack: see [`item_anchor`].
    pub anchor: String,
    pub title: String,
    pub url: Option<String>,
    pub kind_label: Option<&'static str>,
    pub report_of: Option<String>,
    pub supplement: bool,
    pub exempt_reason: Option<String>,
    /// The agenda heading the item sits under; never an exempt item's.
    pub section: Option<String>,
    pub key_decision: bool,
}

/// What agenda items and documents share: the text and the structured blocks.
///
/// Every `*_html` rendered from Markdown here keeps its headings at relative
/// levels (its top heading is `h1`): the template that shows it places them
/// with the `outline` filter (see [`markdown::place`]).
#[derive(Debug, Clone, Serialize)]
pub struct Paper {
    /// The day the paper speaks as of: its meeting's date, or its
    /// document's own. What it reports (a target overdue or not) is judged
    /// on this day, not on the day the site is built.
    pub date: Option<Date>,
    pub purpose_html: Option<String>,
    pub body_html: String,
    pub headings: Vec<Heading>,
    pub author: Option<String>,
    pub recommendations: Vec<Recommendation>,
    pub budgets: Vec<Budget>,
    pub risks: Vec<RiskRegister>,
    pub targets: Vec<TargetTable>,
    pub appendices: Vec<Appendix>,
    pub related: Vec<RelatedLink>,
    pub revisions: Vec<Revision>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub slug: String,
    pub url: String,
    pub number: String,
    pub title: String,
    pub report_of: Option<String>,
    pub kind: ItemKind,
    pub kind_label: &'static str,
    pub supplement: bool,
    /// The item's id in the agenda pack: see [`item_anchor`].
    pub anchor: String,
    pub minute: Option<String>,
    pub section: Option<String>,
    pub key_decision: bool,
    /// The call-in period of the item's decisions, as of the build's date.
    pub call_in: Option<CallIn>,
    pub paper: Paper,
    /// When it was published: its `publish_after`, else its meeting's. The
    /// feed of papers dates it by this; `None` when neither gives a time.
    #[serde(skip)]
    pub published: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    pub title: String,
    /// Where to read it; none for an exempt appendix.
    pub url: Option<String>,
    /// Published on another site (`url:` in the front matter).
    pub elsewhere: bool,
    /// For an attached file: its size and type in words.
    pub size_text: Option<String>,
    pub type_text: Option<&'static str>,
    /// For a Markdown appendix: its page.
    pub body_html: Option<String>,
    /// For an exempt ("Part II") appendix: why it is withheld. Its title
    /// and this reason are all that is published of it.
    pub exempt_reason: Option<String>,
    /// Its place in the paper's list.
    #[serde(skip)]
    pub position: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedLink {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub summary: Option<String>,
    pub status: Option<DocumentStatus>,
    pub paper: Paper,
    /// When it was published, from its `publish_after`: the feed of papers
    /// dates it by this, and by `date` when there is none.
    #[serde(skip)]
    pub published: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewsArticle {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub date: Date,
    pub date_text: String,
    pub summary: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub body_html: String,
}

/// Checks the parsed content against the configuration and assembles the
/// public site. Problems are returned together with the site; the caller
/// stops on errors.
pub fn assemble(
    config: Config,
    content: Content,
    visibility: Visibility,
) -> (Site, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let today = Date(visibility.now.with_timezone(&config.timezone).date_naive());
    let routes = Routes::new(config.base_path());
    let plan = Plan::new(&config, &content, visibility);
    let table = link_table(&config, &content, &plan, &routes);

    let results: Vec<(Option<Meeting>, Vec<Diagnostic>, BTreeSet<String>)> = content
        .meetings
        .par_iter()
        .map(|source| {
            let mut problems = Vec::new();
            let mut files = BTreeSet::new();
            let meeting = build_meeting(
                source,
                &config,
                &content,
                &plan,
                &table,
                today,
                &mut files,
                &mut problems,
            );
            (meeting, problems, files)
        })
        .collect();
    let mut files = BTreeSet::new();
    let mut meetings = Vec::new();
    for (meeting, problems, used) in results {
        out.extend(problems);
        files.extend(used);
        meetings.extend(meeting);
    }
    meetings.sort_by(|a, b| {
        (a.date, &a.time, &a.board, &a.slug).cmp(&(b.date, &b.time, &b.board, &b.slug))
    });

    // Papers of a meeting that could not be read: checked, never published.
    for item in &content.unmet_items {
        check_slug(item.source.stem(), &item.source.file, &mut out);
        build_paper(
            item,
            &config,
            &content,
            &plan,
            &table,
            &mut BTreeSet::new(),
            &mut out,
        );
    }

    let documents = collect(
        &content.documents,
        &mut out,
        &mut files,
        |doc, problems, used| {
            let name = document_slug(&doc.source);
            check_slug(&name, &doc.source.file, problems);
            check_appendices(doc, None, &content, problems);
            let paper = build_paper(doc, &config, &content, &plan, &table, used, problems);
            let visible = plan.source(&doc.source.content_path).is_public();
            visible.then(|| Document {
                url: routes.document(&name),
                slug: segment(&name),
                title: doc.front.title.clone(),
                date: doc.front.date,
                date_text: doc.front.date.map(format::long_date),
                summary: doc.front.summary.clone(),
                status: doc.front.status,
                paper,
                published: doc.front.publish_after.map(|at| at.to_utc(config.timezone)),
            })
        },
    );
    let mut news = collect(
        &content.news,
        &mut out,
        &mut files,
        |article, problems, used| {
            let name = article.source.stem();
            check_slug(name, &article.source.file, problems);
            let body = markdown::render(
                article.source.body(),
                article.source.origin(),
                &table,
                problems,
            );
            used.extend(body.files);
            let front = &article.front;
            plan.source(&article.source.content_path)
                .is_public()
                .then(|| NewsArticle {
                    url: routes.article(name),
                    slug: segment(name),
                    title: front.title.clone(),
                    date: front.date,
                    date_text: format::long_date(front.date),
                    summary: front.summary.clone(),
                    author: front.author.clone(),
                    tags: front.tags.clone(),
                    body_html: body.html,
                })
        },
    );
    news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let pages = collect(
        &content.pages,
        &mut out,
        &mut files,
        |page, problems, used| {
            let path = &page.source.content_path;
            let path = path.strip_suffix(".md").unwrap_or(path);
            for name in path
                .split('/')
                .filter(|n| !matches!(*n, "index" | "_index"))
            {
                check_slug(name, &page.source.file, problems);
            }
            let body = markdown::render(page.source.body(), page.source.origin(), &table, problems);
            used.extend(body.files);
            let front = &page.front;
            plan.source(&page.source.content_path)
                .is_public()
                .then(|| Page {
                    url: routes.page(&page.source.content_path),
                    title: front.title.clone(),
                    description: front.description.clone(),
                    body_html: body.html,
                })
        },
    );
    // A file attached to a withheld paper is never published, whoever links
    // to it. That is as meant, so only a file nothing uses is warned about.
    files.retain(|file| plan.file(file).is_none());
    check_url_clashes(&content, &plan, &files, &mut out);
    let unused = content
        .files
        .difference(&files)
        .filter(|file| plan.file(file).is_none());
    for path in unused {
        out.push(
            Diagnostic::warning(
                std::path::Path::new(crate::content::CONTENT_DIR).join(path),
                crate::diagnostics::Position::new(1, 1),
                "this file is not published: no public page links to it or attaches it",
            )
            .with_hint("link to it from a public page or list it under `appendices` to publish it"),
        );
    }

    let boards: Vec<BoardInfo> = config
        .boards
        .iter()
        .map(|board: &Board| BoardInfo {
            id: board.id.clone(),
            name: board.name.clone(),
            description: board.description.clone(),
            members: board
                .members
                .iter()
                .map(|seat| SeatView::new(seat, board, &config.roll, &routes))
                .collect(),
            url: routes.board(&board.id),
            calendar_url: routes.board_calendar(&board.id),
        })
        .collect();
    let members = crate::people::records(&config, &routes, &boards, &meetings);
    let site = Site {
        config,
        today,
        source_date: None,
        boards,
        meetings,
        documents,
        news,
        pages,
        members,
        routes,
        files,
    };
    (site, out)
}

/// Builds each source in parallel; keeps the visible results in order.
fn collect<T: Sync, R: Send>(
    sources: &[T],
    out: &mut Vec<Diagnostic>,
    files: &mut BTreeSet<String>,
    build: impl Fn(&T, &mut Vec<Diagnostic>, &mut BTreeSet<String>) -> Option<R> + Sync,
) -> Vec<R> {
    let results: Vec<(Option<R>, Vec<Diagnostic>, BTreeSet<String>)> = sources
        .par_iter()
        .map(|source| {
            let mut problems = Vec::new();
            let mut used = BTreeSet::new();
            let built = build(source, &mut problems, &mut used);
            if built.is_none() {
                // Files used only by a withheld page stay unpublished.
                used.clear();
            }
            (built, problems, used)
        })
        .collect();
    let mut built = Vec::new();
    for (result, problems, used) in results {
        out.extend(problems);
        files.extend(used);
        built.extend(result);
    }
    built
}

fn document_slug(source: &Source) -> String {
    let path = &source.content_path;
    match path.strip_suffix("/index.md") {
        Some(dir) => dir.rsplit('/').next().unwrap_or(dir).to_string(),
        None => source.stem().to_string(),
    }
}

/// Two sources must not publish to the same URL, and none may take the
/// address of a generated page or file (see [`crate::routes`]).
fn check_url_clashes(
    content: &Content,
    plan: &Plan,
    published: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let taken = |file: &Path, owner: String| {
        Diagnostic::error(
            file,
            crate::diagnostics::Position::new(1, 1),
            format!("this would be published at {owner}, which the build generates"),
        )
        .with_hint("rename or move the file; the addresses of generated pages are reserved")
    };
    let mut seen: BTreeMap<String, &Source> = BTreeMap::new();
    for page in &content.pages {
        let path = crate::routes::page_folder(&page.source.content_path);
        let owner = match path.as_str() {
            "index/" | "_index/" => Some("/, the home page".to_string()),
            _ => crate::routes::generated_owner(&format!("{path}index.html")),
        };
        if let Some(owner) = owner {
            out.push(taken(&page.source.file, owner));
        }
        if let Some(first) = seen.insert(path.clone(), &page.source) {
            out.push(
                Diagnostic::error(
                    &page.source.file,
                    crate::diagnostics::Position::new(1, 1),
                    format!(
                        "this page and {} both publish to /{path}",
                        first.file.display()
                    ),
                )
                .with_hint("rename one of them"),
            );
        }
    }
    for meeting in &content.meetings {
        for item in &meeting.items {
            if segment(item.source.stem()) == crate::routes::PACK {
                let owner = format!(
                    "{}, the meeting's printable agenda pack",
                    Routes::default().pack(&meeting.slug)
                );
                out.push(taken(&item.source.file, owner));
            }
        }
    }
    // Files beside meetings, news and documents belong to them, but for
    // those the build writes among them; anywhere else, a file may not sit
    // on a generated address.
    let sources = [Section::Meetings, Section::News, Section::Documents];
    for path in published {
        let output = published_file(path);
        let owner = if sources.iter().any(|s| output.starts_with(s.path())) {
            crate::routes::generated_among_sources(&output)
        } else {
            crate::routes::generated_owner(&output)
        };
        if let Some(owner) = owner {
            out.push(taken(
                &Path::new(crate::content::CONTENT_DIR).join(path),
                owner,
            ));
        }
    }
    let routes = Routes::default();
    let mut addresses = Addresses::default();
    for meeting in &content.meetings {
        let source = &meeting.meeting.source;
        addresses.claim("meeting", routes.meeting(&meeting.slug), &source.file, out);
        for item in &meeting.items {
            let url = routes.item(&meeting.slug, item.source.stem());
            addresses.claim("item", url, &item.source.file, out);
        }
        for (name, appendix) in &meeting.appendices {
            if let Some(url) = appendix_url(&routes, plan, &meeting.slug, name, appendix) {
                addresses.claim("appendix", url, &appendix.source.file, out);
            }
        }
    }
    for doc in &content.documents {
        let url = routes.document(&document_slug(&doc.source));
        addresses.claim("document", url, &doc.source.file, out);
    }
    for article in &content.news {
        let url = routes.article(article.source.stem());
        addresses.claim("article", url, &article.source.file, out);
    }
    // Published files are compared without regard to case, as the disks of
    // many hosts compare them.
    let mut files: BTreeMap<String, &str> = BTreeMap::new();
    for path in published {
        let file = Path::new(crate::content::CONTENT_DIR).join(path);
        let output = published_file(path);
        if output.ends_with('/') || output.is_empty() {
            out.push(
                Diagnostic::error(
                    &file,
                    crate::diagnostics::Position::new(1, 1),
                    "this file's name leaves nothing for its address",
                )
                .with_hint("its address is made from the letters and digits of its name that have an ASCII form: rename it with some"),
            );
            continue;
        }
        if let Some(first) = files.insert(output.to_lowercase(), path) {
            out.push(
                Diagnostic::error(
                    &file,
                    crate::diagnostics::Position::new(1, 1),
                    format!(
                        "this file and {} would both be published as /{output}",
                        Path::new(crate::content::CONTENT_DIR).join(first).display()
                    ),
                )
                .with_hint("rename one of them: names that differ only in capitals, accents, spaces or punctuation make the same address"),
            );
        }
    }
}

/// The address of a Markdown appendix, under the public item that lists it
/// first; none when no public item does.
fn appendix_url(
    routes: &Routes,
    plan: &Plan,
    meeting: &str,
    name: &str,
    appendix: &Parsed<AppendixFront>,
) -> Option<String> {
    let home = plan.appendix_home(&appendix.source.content_path)?;
    let item = home.rsplit('/').next().unwrap_or(home);
    Some(routes.appendix(
        meeting,
        item.trim_end_matches(".md"),
        name.trim_end_matches(".md"),
    ))
}

/// The addresses sources have taken, to find two that take the same one.
#[derive(Default)]
struct Addresses<'a> {
    taken: BTreeMap<String, &'a Path>,
}

impl<'a> Addresses<'a> {
    /// `file`, a `kind` of source, is published at `url`: an error when
    /// another source is already.
    fn claim(&mut self, kind: &str, url: String, file: &'a Path, out: &mut Vec<Diagnostic>) {
        if let Some(first) = self.taken.get(&url) {
            out.push(
                Diagnostic::error(
                    file,
                    crate::diagnostics::Position::new(1, 1),
                    format!(
                        "this {kind} and {} would both be published at {url}",
                        first.display()
                    ),
                )
                .with_hint("rename one of them: names that differ only in capitals, accents, spaces or punctuation make the same address"),
            );
        } else {
            self.taken.insert(url, file);
        }
    }
}

/// Where every Markdown source leads, so links can be rewritten and checked.
/// What is published is the plan's to say; this table adds the addresses.
fn link_table(config: &Config, content: &Content, plan: &Plan, routes: &Routes) -> LinkTable {
    let mut table = LinkTable {
        routes: routes.clone(),
        unsafe_html: config.markdown.unsafe_html,
        files: content.files.clone(),
        withheld_files: plan.withheld_files(),
        ..LinkTable::default()
    };
    let mut add = |source: &Source, url: String, title: &str| {
        let destination = match plan.source(&source.content_path) {
            Verdict::Public => Destination::Page {
                url,
                title: title.to_string(),
            },
            Verdict::Withheld(why) => Destination::Withheld(why),
        };
        table
            .sources
            .insert(source.content_path.clone(), destination);
    };
    for meeting in &content.meetings {
        let front = &meeting.meeting.front;
        add(
            &meeting.meeting.source,
            routes.meeting(&meeting.slug),
            &meeting_title(front, config),
        );
        for item in &meeting.items {
            let url = routes.item(&meeting.slug, item.source.stem());
            add(&item.source, url, &item.front.title);
        }
        for (name, appendix) in &meeting.appendices {
            let url =
                appendix_url(routes, plan, &meeting.slug, name, appendix).unwrap_or_else(|| {
                    routes.appendix(&meeting.slug, "", name.trim_end_matches(".md"))
                });
            add(&appendix.source, url, &appendix_title(appendix, name));
        }
    }
    for doc in &content.documents {
        let url = routes.document(&document_slug(&doc.source));
        add(&doc.source, url, &doc.front.title);
    }
    for article in &content.news {
        let url = routes.article(article.source.stem());
        add(&article.source, url, &article.front.title);
    }
    for page in &content.pages {
        let url = routes.page(&page.source.content_path);
        add(&page.source, url, &page.front.title);
    }
    for path in &content.markdown_paths {
        table
            .sources
            .entry(path.clone())
            .or_insert(Destination::Withheld(Withheld::Unlisted));
    }
    table
}

fn appendix_title(appendix: &Parsed<AppendixFront>, name: &str) -> String {
    appendix
        .front
        .title
        .clone()
        .unwrap_or_else(|| name.trim_end_matches(".md").to_string())
}

fn meeting_title(front: &MeetingFront, config: &Config) -> String {
    front.title.clone().unwrap_or_else(|| {
        let board = config
            .board(&front.board)
            .map_or(front.board.as_str(), |b| b.name.as_str());
        format!("{board}, {}", format::long_date(front.date))
    })
}

#[allow(clippy::too_many_arguments)]
fn build_meeting(
    source: &MeetingSource,
    config: &Config,
    content: &Content,
    plan: &Plan,
    table: &LinkTable,
    today: Date,
    files: &mut BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<Meeting> {
    let front = &source.meeting.front;
    let fields = &source.meeting.fields;
    let routes = &table.routes;
    let board = config.board(&front.board);
    if board.is_none() {
        let ids: Vec<&str> = config.boards.iter().map(|b| b.id.as_str()).collect();
        out.push(
            fields
                .error(
                    "board",
                    format!("there is no board `{}` in site.yaml", front.board),
                )
                .with_hint(crate::content::yaml::suggest(
                    &front.board,
                    &ids,
                    "board id",
                )),
        );
    }
    check_times(front, fields, out);
    check_minutes(source, content, out);
    if let Some(webcast) = &front.webcast {
        crate::model::values::check_web_address(webcast, "webcast", fields, out);
    }
    check_item_numbers(source, out);
    check_declarations(source, content, out);
    let meeting_visible = plan.source(&source.meeting.source.content_path).is_public();
    let url = routes.meeting(&source.slug);
    let mut items = Vec::new();
    let mut agenda = Vec::new();
    let mut ordered: Vec<&Parsed<PaperFront>> = source.items.iter().collect();
    ordered.sort_by_key(|item| {
        (
            natural_key(item.front.item.as_deref().unwrap_or("")),
            item.source.content_path.clone(),
        )
    });
    for item in ordered {
        let mut used = BTreeSet::new();
        check_slug(item.source.stem(), &item.source.file, out);
        check_appendices(item, Some(source), content, out);
        let mut paper = build_paper(item, config, content, plan, table, &mut used, out);
        paper.date = Some(source.meeting.front.date);
        let front = &item.front;
        front.check_call_in_after(source.meeting.front.date, &item.fields, out);
        let number = front.item.clone().unwrap_or_default();
        match plan.source(&item.source.content_path) {
            Verdict::Public => {}
            // Only number, title and reason of an exempt item are public.
            Verdict::Withheld(Withheld::Exempt) => {
                agenda.push(AgendaLine {
                    anchor: item_anchor(&number),
                    number,
                    title: front.title.clone(),
                    url: None,
                    kind_label: None,
                    report_of: None,
                    supplement: false,
                    exempt_reason: front.exempt_reason.clone(),
                    section: None,
                    key_decision: false,
                });
                continue;
            }
            Verdict::Withheld(_) => continue,
        }
        files.extend(used);
        let item_url = routes.item(&source.slug, item.source.stem());
        let paper = with_markdown_appendices(paper, item, source, table, files, out);
        let kind = front.effective_kind();
        agenda.push(AgendaLine {
            number: number.clone(),
            anchor: item_anchor(&number),
            title: front.title.clone(),
            url: Some(item_url.clone()),
            kind_label: Some(kind.label()),
            report_of: front.report_of.clone(),
            supplement: front.supplement,
            exempt_reason: None,
            section: front.section.clone(),
            key_decision: front.key_decision,
        });
        items.push(Item {
            slug: segment(item.source.stem()),
            url: item_url,
            anchor: item_anchor(&number),
            number,
            title: front.title.clone(),
            report_of: front.report_of.clone(),
            kind,
            kind_label: kind.label(),
            supplement: front.supplement,
            minute: front.minute.clone(),
            section: front.section.clone(),
            key_decision: front.key_decision,
            call_in: front.call_in_until.map(|until| CallIn::new(until, today)),
            paper,
            published: front
                .publish_after
                .or(source.meeting.front.publish_after)
                .map(|at| at.to_utc(config.timezone)),
        });
    }
    let body = markdown::render(
        source.meeting.source.body(),
        source.meeting.source.origin(),
        table,
        out,
    );
    if !meeting_visible {
        return None;
    }
    files.extend(body.files);
    let board = board?;
    let title = meeting_title(front, config);
    Some(Meeting {
        slug: source.slug.clone(),
        pack_url: routes.pack(&source.slug),
        url,
        board: board.id.clone(),
        board_name: board.name.clone(),
        board_url: routes.board(&board.id),
        title_names_board: title.contains(&board.name),
        title_names_date: title.contains(&format::long_date(front.date)),
        title,
        date: front.date,
        date_text: format::weekday_date(front.date),
        weekday: format::weekday(front.date),
        time: front.time.map(|t| t.hhmm()),
        end_time: front.end_time.map(|t| t.hhmm()),
        venue: front.venue.clone(),
        status: front.status,
        status_label: front.status.label(),
        chair: front.chair.clone(),
        people: MeetingPeople::new(
            front,
            published_declarations(source, &agenda),
            &config.roll,
            routes,
        ),
        minutes: front.minutes_status(),
        minutes_approved_at: approving_meeting(source, table),
        webcast: front.webcast.clone(),
        body_html: body.html,
        upcoming: front.date >= today && front.status == MeetingStatus::Scheduled,
        agenda,
        items,
    })
}

/// Declarations of interest on items of the published agenda; those on
/// items withheld from it (drafts, embargoed items) would reveal them, and
/// one on an item that does not exist is an error (`check_declarations`).
fn published_declarations(source: &MeetingSource, agenda: &[AgendaLine]) -> Vec<Declaration> {
    let key = |number: &str| natural_key(number.trim());
    let on_agenda: BTreeSet<_> = agenda.iter().map(|line| key(&line.number)).collect();
    source
        .meeting
        .front
        .declarations
        .iter()
        .filter(|d| on_agenda.contains(&key(&d.item)))
        .cloned()
        .collect()
}

fn check_times(front: &MeetingFront, fields: &FieldMap, out: &mut Vec<Diagnostic>) {
    if let (Some(start), Some(end)) = (front.time, front.end_time) {
        if end <= start {
            out.push(
                fields
                    .error(
                        "end_time",
                        format!(
                            "the meeting ends at {} but starts at {}",
                            end.hhmm(),
                            start.hhmm()
                        ),
                    )
                    .with_hint("give an end time after the start time"),
            );
        }
    }
    if front.end_time.is_some() && front.time.is_none() {
        out.push(
            fields
                .error("end_time", "`end_time` is set but `time` is not")
                .with_hint("add `time: \"10:00\"` for the start"),
        );
    }
}

/// The later meeting that approved these minutes, when it is published.
fn approving_meeting(source: &MeetingSource, table: &LinkTable) -> Option<RelatedLink> {
    let folder = source.meeting.front.minutes_approved_at.as_deref()?;
    let path = format!("{}{}/_meeting.md", Section::Meetings.path(), folder.trim());
    match table.sources.get(&path)? {
        Destination::Page { url, title } => Some(RelatedLink {
            title: title.clone(),
            url: url.clone(),
        }),
        Destination::Withheld(_) => None,
    }
}

/// `minutes_approved_at` names a later meeting of the site, and goes with
/// approved minutes only.
fn check_minutes(source: &MeetingSource, content: &Content, out: &mut Vec<Diagnostic>) {
    let front = &source.meeting.front;
    let fields = &source.meeting.fields;
    let Some(folder) = front.minutes_approved_at.as_deref().map(str::trim) else {
        return;
    };
    if front.minutes == Some(MinutesStatus::Draft) {
        out.push(
            fields
                .error("minutes", "the minutes are `draft` but `minutes_approved_at` names the meeting that approved them")
                .with_hint("write `minutes: approved`, or remove `minutes_approved_at`"),
        );
    }
    let Some(later) = content.meetings.iter().find(|m| m.slug == folder) else {
        let folders: Vec<&str> = content.meetings.iter().map(|m| m.slug.as_str()).collect();
        out.push(
            fields
                .error(
                    "minutes_approved_at",
                    format!("there is no meeting folder `{folder}`"),
                )
                .with_hint(crate::content::yaml::suggest(
                    folder,
                    &folders,
                    "meeting folder",
                )),
        );
        return;
    };
    if later.meeting.front.date <= front.date {
        out.push(
            fields
                .error(
                    "minutes_approved_at",
                    format!(
                        "`{folder}` is on {}, not after this meeting on {}: minutes are approved at a later meeting",
                        format::long_date(later.meeting.front.date),
                        format::long_date(front.date)
                    ),
                )
                .with_hint(
                    "name the folder of the meeting after this one that approved the minutes",
                ),
        );
    }
}

/// A declaration of interest names an item on its meeting's agenda.
fn check_declarations(source: &MeetingSource, content: &Content, out: &mut Vec<Diagnostic>) {
    let declarations = &source.meeting.front.declarations;
    if declarations.is_empty() {
        return;
    }
    // An item that failed to load was reported already, and its number is
    // unknown: do not also report the declarations that may name it.
    let folder = format!("meetings/{}/", source.slug);
    let sources = content
        .markdown_paths
        .iter()
        .filter(|p| {
            p.strip_prefix(&folder)
                .is_some_and(|name| !name.contains('/'))
        })
        .count();
    if sources != 1 + source.items.len() + source.appendices.len() {
        return;
    }
    let mut numbers: Vec<&str> = source
        .items
        .iter()
        .filter_map(|item| item.front.item.as_deref())
        .collect();
    numbers.sort_by_key(|n| natural_key(n));
    let known: BTreeSet<_> = numbers.iter().map(|n| natural_key(n)).collect();
    for (i, declaration) in declarations.iter().enumerate() {
        let number = declaration.item.trim();
        if known.contains(&natural_key(number)) {
            continue;
        }
        let hint = if numbers.is_empty() {
            "this meeting has no agenda items yet: add the item, or remove the declaration"
                .to_string()
        } else {
            format!(
                "the items of this meeting are {}",
                numbers
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(
            source
                .meeting
                .fields
                .error(
                    &format!("declarations.{i}.item"),
                    format!("there is no item {number} on this meeting's agenda"),
                )
                .with_hint(hint),
        );
    }
}

/// Item numbers must be unique in a meeting, compared as agenda positions:
/// "7" and "07" are the same item.
fn check_item_numbers(source: &MeetingSource, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<Vec<(u64, String)>, &Source> = BTreeMap::new();
    let mut items: Vec<&Parsed<PaperFront>> = source.items.iter().collect();
    items.sort_by(|a, b| a.source.content_path.cmp(&b.source.content_path));
    for item in items {
        let Some(number) = item.front.item.as_deref() else {
            continue;
        };
        if let Some(first) = seen.insert(natural_key(number), &item.source) {
            out.push(
                item.fields
                    .error(
                        "item",
                        format!(
                            "item number {number} is already used by {}",
                            first.file.display()
                        ),
                    )
                    .with_hint("give each item of a meeting its own number, for example \"7a\""),
            );
        }
    }
}

/// Appendix files must exist in the paper's own folder. A Markdown appendix
/// is a page under an agenda item (`meeting` holds the item's folder); a
/// document takes files only.
fn check_appendices(
    paper: &Parsed<PaperFront>,
    meeting: Option<&MeetingSource>,
    content: &Content,
    out: &mut Vec<Diagnostic>,
) {
    let dir = paper
        .source
        .content_path
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir);
    for (i, appendix) in paper.front.appendices.iter().enumerate() {
        let path = format!("appendices.{i}.file");
        let Some(file) = appendix.file() else {
            continue;
        };
        if file.contains('/') || file.contains('\\') || file == ".." || file.is_empty() {
            out.push(paper.fields.error(&path, format!("the appendix `{file}` is not in this paper's folder")).with_hint("put the file beside the paper and give its name only, for example `appendix-1.pdf`"));
            continue;
        }
        let exists = match (file.ends_with(".md"), meeting) {
            (true, Some(meeting)) => meeting.appendices.contains_key(file),
            (true, None) => {
                out.push(paper.fields.error(&path, format!("the appendix `{file}` is Markdown, which only agenda items take as appendices")).with_hint("put its text in the document itself, or attach it as a PDF"));
                continue;
            }
            (false, _) => content.files.contains(&format!("{dir}/{file}")),
        };
        if !exists {
            let hint = match nearest_appendix(file, dir, meeting, content) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "check the file name, or add the file beside the paper".to_string(),
            };
            out.push(
                paper
                    .fields
                    .error(
                        &path,
                        format!("the appendix `{file}` does not exist in {dir}/"),
                    )
                    .with_hint(hint),
            );
        }
    }
}

/// The file in `dir` whose name is closest to the missing appendix `file`:
/// any file but an agenda item or the meeting's own `_meeting.md`.
fn nearest_appendix<'a>(
    file: &str,
    dir: &str,
    meeting: Option<&MeetingSource>,
    content: &'a Content,
) -> Option<&'a str> {
    let items: BTreeSet<&str> = meeting
        .iter()
        .flat_map(|m| m.items.iter().map(|item| item.source.content_path.as_str()))
        .collect();
    let markdown = content
        .markdown_paths
        .iter()
        .filter(|_| meeting.is_some())
        .filter(|path| !items.contains(path.as_str()));
    content
        .files
        .iter()
        .chain(markdown)
        .filter_map(|path| {
            let name = path.strip_prefix(dir)?.strip_prefix('/')?;
            (!name.contains('/') && name != "_meeting.md").then_some(name)
        })
        .filter_map(|name| Some((crate::content::similar(file, name)?, name)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// Renders the text of a paper and gathers its structured blocks, checking
/// each against the configuration.
fn build_paper(
    parsed: &Parsed<PaperFront>,
    config: &Config,
    content: &Content,
    plan: &Plan,
    table: &LinkTable,
    used: &mut BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) -> Paper {
    let front = &parsed.front;
    let fields = &parsed.fields;
    for (i, budget) in front.budget.0.iter().enumerate() {
        budget.validate(fields, &block_path("budget", i, front.budget.1), out);
    }
    for (i, register) in front.risks.0.iter().enumerate() {
        register.validate(
            &config.risk_matrices,
            &config.default_risk_matrix,
            fields,
            &block_path("risks", i, front.risks.1),
            out,
        );
    }
    for (i, table) in front.targets.0.iter().enumerate() {
        table.validate(fields, &block_path("targets", i, front.targets.1), out);
    }
    let purpose_html = front.purpose.as_ref().map(|purpose| {
        // The purpose sits in the front matter: report its links at its line.
        let origin = crate::content::markdown::Origin {
            offset: 0,
            file_text: "",
            ..parsed.source.origin()
        };
        let mut problems = Vec::new();
        let html = markdown::render(purpose, origin, table, &mut problems).html;
        if !problems.is_empty() {
            let at = fields.at("purpose");
            out.extend(problems.into_iter().map(|mut d| {
                d.position = at;
                d
            }));
        }
        html
    });
    let body = markdown::render(parsed.source.body(), parsed.source.origin(), table, out);
    used.extend(body.files);
    let mut related = Vec::new();
    for (i, link) in front.related.iter().enumerate() {
        let target = markdown::content_target(link, &parsed.source.content_path);
        match target.as_ref().and_then(|t| table.sources.get(t)) {
            Some(Destination::Page { url, title }) => related.push(RelatedLink { title: title.clone(), url: url.clone() }),
            Some(Destination::Withheld(_)) => {}
            None => out.push(fields.error(&format!("related.{i}"), format!("`{link}` is not a source file")).with_hint("give the path of another paper, relative to this file or as `@/meetings/<folder>/<file>.md`")),
        }
    }
    let appendices = listed_appendices(parsed, content, plan, &table.routes, used);
    Paper {
        date: front.date,
        purpose_html,
        body_html: body.html,
        headings: body.headings,
        author: front.author.clone(),
        recommendations: front.recommendations.clone(),
        budgets: front.budget.0.clone(),
        risks: front.risks.0.clone(),
        targets: front.targets.0.clone(),
        appendices,
        related,
        revisions: front.revisions.clone(),
        tags: front.tags.clone(),
    }
}

/// `budget` when the front matter holds one block, `budget.2` in a list.
fn block_path(field: &str, index: usize, listed: bool) -> String {
    if listed {
        format!("{field}.{index}")
    } else {
        field.to_string()
    }
}

/// The appendices a paper lists, but Markdown ones (see
/// [`with_markdown_appendices`]): attached files with their size and type,
/// papers published elsewhere, and exempt appendices by title and reason.
/// An attached file is published because this paper uses it.
fn listed_appendices(
    parsed: &Parsed<PaperFront>,
    content: &Content,
    plan: &Plan,
    routes: &Routes,
    used: &mut BTreeSet<String>,
) -> Vec<Appendix> {
    let paper = &parsed.source.content_path;
    let mut appendices = Vec::new();
    for (position, reference) in parsed.front.appendices.iter().enumerate() {
        let listed = Appendix {
            title: reference.title.clone(),
            url: None,
            elsewhere: false,
            size_text: None,
            type_text: None,
            body_html: None,
            exempt_reason: None,
            position,
        };
        match plan.appendix(paper, position) {
            Verdict::Withheld(Withheld::Exempt) if reference.is_exempt() => {
                appendices.push(Appendix {
                    exempt_reason: reference.exempt_reason.clone(),
                    ..listed
                })
            }
            Verdict::Withheld(_) => {}
            Verdict::Public => match (reference.file(), &reference.url) {
                (_, Some(url)) => appendices.push(Appendix {
                    url: Some(url.trim().to_string()),
                    elsewhere: true,
                    ..listed
                }),
                (Some(file), None) if !file.ends_with(".md") && !file.contains('/') => {
                    let path = sibling(paper, file);
                    let Some(size) = content.file_sizes.get(&path) else {
                        continue;
                    };
                    // A file that withheld content also uses stays withheld.
                    if plan.file(&path).is_some() {
                        continue;
                    }
                    used.insert(path.clone());
                    appendices.push(Appendix {
                        url: Some(routes.content_file(&path)),
                        size_text: Some(format::file_size(*size)),
                        type_text: Some(format::file_type(file)),
                        ..listed
                    });
                }
                _ => {}
            },
        }
    }
    appendices
}

/// Adds the Markdown appendices of a public item as pages under it, in the
/// order in which the item lists its appendices.
fn with_markdown_appendices(
    mut paper: Paper,
    item: &Parsed<PaperFront>,
    meeting: &MeetingSource,
    table: &LinkTable,
    files: &mut BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) -> Paper {
    for (position, reference) in item.front.appendices.iter().enumerate() {
        let Some(parsed) = reference.file().and_then(|f| meeting.appendices.get(f)) else {
            continue;
        };
        // The plan withholds an appendix that a withheld item also names,
        // and an exempt one, whose title and reason are listed already.
        if !matches!(
            table.sources.get(&parsed.source.content_path),
            Some(Destination::Page { .. })
        ) || reference.is_exempt()
        {
            continue;
        }
        check_slug(parsed.source.stem(), &parsed.source.file, out);
        let body = markdown::render(parsed.source.body(), parsed.source.origin(), table, out);
        files.extend(body.files);
        paper.appendices.push(Appendix {
            title: reference.title.clone(),
            url: Some(table.routes.appendix(
                &meeting.slug,
                item.source.stem(),
                parsed.source.stem(),
            )),
            elsewhere: false,
            size_text: None,
            type_text: None,
            body_html: Some(body.html),
            exempt_reason: None,
            position,
        });
    }
    paper.appendices.sort_by_key(|a| a.position);
    paper
}
