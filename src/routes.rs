//! Every address the build produces — the pages of sources, registers,
//! feeds, calendars, open data, search — and the rule that no source may
//! take a generated one.
//!
//! [`Routes`] builds every URL and output path from the site's base path;
//! sources, renderers, templates (through `urls`) and the sitemap ask it,
//! so an address is spelt in one place.
//!
//! A source page that landed on a generated address would be overwritten
//! by it, or overwrite it, depending on which finished last; so every
//! section and root file the build writes is named here once, the render
//! code takes its addresses from here, and validation refuses a source
//! that would land on one.

use crate::slug::{file_name, segment};

/// A part of the site the build generates: its listing page and, below it,
/// pages and files made from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Meetings,
    Boards,
    Documents,
    News,
    Decisions,
    Risks,
    Budgets,
    Targets,
    Data,
    Search,
    Withheld,
    Changes,
    Members,
    Actions,
    Declarations,
}

impl Section {
    pub const ALL: [Section; 15] = [
        Section::Meetings,
        Section::Boards,
        Section::Documents,
        Section::News,
        Section::Decisions,
        Section::Risks,
        Section::Budgets,
        Section::Targets,
        Section::Data,
        Section::Search,
        Section::Withheld,
        Section::Changes,
        Section::Members,
        Section::Actions,
        Section::Declarations,
    ];

    /// The section's folder, relative to the site's base path.
    pub fn path(self) -> &'static str {
        match self {
            Section::Meetings => "meetings/",
            Section::Boards => "boards/",
            Section::Documents => "documents/",
            Section::News => "news/",
            Section::Decisions => "decisions/",
            Section::Risks => "risks/",
            Section::Budgets => "budgets/",
            Section::Targets => "targets/",
            Section::Data => "data/",
            Section::Search => "search/",
            Section::Withheld => "withheld/",
            Section::Changes => "changes/",
            Section::Members => "members/",
            Section::Actions => "actions/",
            Section::Declarations => "declarations/",
        }
    }

    /// The section's name in templates' `urls`: `meetings`, `decisions`.
    pub fn key(self) -> &'static str {
        self.path().trim_end_matches('/')
    }

    /// What the build publishes there, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Section::Meetings => "the list of meetings and each meeting's pages",
            Section::Boards => "the list of boards and each board's page",
            Section::Documents => "the list of documents and each document",
            Section::News => {
                "the news bulletin, its monthly issues with their email copies, and feed"
            }
            Section::Decisions => "the register of decisions",
            Section::Risks => "the risk register",
            Section::Budgets => "the budget register",
            Section::Targets => "the register of targets",
            Section::Data => "the open data files",
            Section::Search => "the search page and its index",
            Section::Withheld => "the register of withheld papers",
            Section::Changes => "the record of changes to published papers",
            Section::Members => "the register of members",
            Section::Actions => "the register of actions",
            Section::Declarations => "the register of declarations of interest",
        }
    }

    /// The section's address under `base` (the site's base path, `/` or
    /// `/papers/`).
    pub fn url(self, base: &str) -> String {
        format!("{base}{}", self.path())
    }
}

/// Files the build writes at the root of the output, with what they are
/// (the theme's own files besides, see [`crate::render::theme::STATIC`]).
pub const ROOT_FILES: [(&str, &str); 6] = [
    ("index.html", "the home page"),
    ("404.html", "the page-not-found page"),
    ("robots.txt", "the robots file"),
    ("sitemap.xml", "the sitemap"),
    (CALENDAR_FILE, "the meetings calendar"),
    (PAPERS_FEED_FILE, "the feed of papers"),
];

/// The calendar of all meetings at the root, and of each board's meetings
/// in its folder.
pub const CALENDAR_FILE: &str = "meetings.ics";

/// The Atom feed of papers as they are published.
pub const PAPERS_FEED_FILE: &str = "papers.xml";

/// The Atom feed of the news, in the news section.
pub const NEWS_FEED_FILE: &str = "atom.xml";

/// The search index, in the search section.
pub const SEARCH_INDEX_FILE: &str = "index.json";

/// The description of every open data table, in the data section.
pub const DATA_PACKAGE_FILE: &str = "datapackage.json";

/// The folder inside each meeting that holds its printable agenda pack.
pub const PACK: &str = "pack";

/// The bulletin of a month as an email, in the month's folder of the news
/// (`news/YYYY/MM/`), beside its archive page.
pub const BULLETIN_EMAIL: &str = "email.html";

/// The plain-text twin of [`BULLETIN_EMAIL`], for mail tools and readers
/// that show no HTML.
pub const BULLETIN_TEXT: &str = "email.txt";

/// Every address of the site under its base path (`/` or `/papers/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routes {
    base: String,
}

impl Default for Routes {
    /// The addresses of a site published at the root of its host.
    fn default() -> Routes {
        Routes::new("/")
    }
}

impl Routes {
    /// `base` is the path every internal URL starts with; it ends with `/`.
    pub fn new(base: &str) -> Routes {
        Routes {
            base: base.to_string(),
        }
    }

    /// The home page.
    pub fn home(&self) -> &str {
        &self.base
    }

    /// A section's listing page: `/meetings/`.
    pub fn section(&self, section: Section) -> String {
        section.url(&self.base)
    }

    /// A file at the root of the output: `/robots.txt`.
    pub fn root_file(&self, name: &str) -> String {
        format!("{}{name}", self.base)
    }

    /// A meeting's agenda: `/meetings/<folder>/`, the folder's name as a
    /// URL segment (see [`segment`]).
    pub fn meeting(&self, folder: &str) -> String {
        format!("{}{}/", self.section(Section::Meetings), segment(folder))
    }

    /// An agenda item's report: `/meetings/<folder>/<item>/`, `item` being
    /// the item's file name without `.md`, as a URL segment:
    /// `Item 7 - Budget.md` → `item-7-budget/`.
    pub fn item(&self, folder: &str, item: &str) -> String {
        format!("{}{}/", self.meeting(folder), segment(item))
    }

    /// A Markdown appendix's page under the item that publishes it.
    pub fn appendix(&self, folder: &str, item: &str, appendix: &str) -> String {
        format!("{}{}/", self.item(folder, item), segment(appendix))
    }

    /// A meeting's printable agenda pack.
    pub fn pack(&self, folder: &str) -> String {
        format!("{}{PACK}/", self.meeting(folder))
    }

    pub fn board(&self, id: &str) -> String {
        format!("{}{id}/", self.section(Section::Boards))
    }

    /// A board's own calendar, in its folder.
    pub fn board_calendar(&self, id: &str) -> String {
        format!("{}{CALENDAR_FILE}", self.board(id))
    }

    /// A document, by its file name without `.md` (or its folder's name).
    pub fn document(&self, name: &str) -> String {
        format!("{}{}/", self.section(Section::Documents), segment(name))
    }

    /// A news article, by its file name without `.md`.
    pub fn article(&self, name: &str) -> String {
        format!("{}{}/", self.section(Section::News), segment(name))
    }

    /// A month of the bulletin: `/news/2008/09/`.
    pub fn news_month(&self, year: i32, month: u32) -> String {
        format!("{}{year}/{month:02}/", self.section(Section::News))
    }

    pub fn news_feed(&self) -> String {
        format!("{}{NEWS_FEED_FILE}", self.section(Section::News))
    }

    pub fn member(&self, id: &str) -> String {
        format!("{}{id}/", self.section(Section::Members))
    }

    /// A plain page from `content/`: `about.md` → `/about/`.
    pub fn page(&self, content_path: &str) -> String {
        format!("{}{}", self.base, page_folder(content_path))
    }

    /// A file from `content/` published as it is: at its own path, its
    /// folders as URL segments and its name made safe for a URL (see
    /// [`published_file`]).
    pub fn content_file(&self, content_path: &str) -> String {
        format!("{}{}", self.base, published_file(content_path))
    }

    /// A page of a register that lists one thing (`/risks/<ref>/`), or a
    /// filtered view (`/decisions/outcome/agreed/`): `parts` joined by `/`.
    pub fn register_page(&self, section: Section, parts: &[&str]) -> String {
        let mut url = self.section(section);
        for part in parts {
            url.push_str(part);
            url.push('/');
        }
        url
    }

    /// Page `n` (from 2) of a list whose first page is at `first`.
    pub fn numbered_page(first: &str, n: usize) -> String {
        format!("{first}page/{n}/")
    }

    /// An open data file: `/data/<name>.<format>`.
    pub fn data_file(&self, name: &str, format: &str) -> String {
        format!("{}{name}.{format}", self.section(Section::Data))
    }

    pub fn data_package(&self) -> String {
        format!("{}{DATA_PACKAGE_FILE}", self.section(Section::Data))
    }

    pub fn search_index(&self) -> String {
        format!("{}{SEARCH_INDEX_FILE}", self.section(Section::Search))
    }

    /// A site URL relative to the base path: `/papers/meetings/x/` →
    /// `meetings/x/`, for an index that works wherever the site is.
    pub fn relative<'a>(&self, url: &'a str) -> &'a str {
        url.strip_prefix(self.base.as_str()).unwrap_or(url)
    }

    /// The output path of a URL: `/meetings/x/` → `meetings/x/index.html`.
    pub fn output_path(&self, url: &str) -> String {
        let relative = url
            .strip_prefix(self.base.as_str())
            .unwrap_or(url.trim_start_matches('/'));
        if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative.to_string()
        }
    }

    /// The addresses templates link to, by name: every section (`meetings`,
    /// `decisions`, …) and the site-wide files (`papers_feed`,
    /// `news_feed`, `calendar`, `sitemap`, `search_index`, `data_package`).
    pub fn for_templates(&self) -> std::collections::BTreeMap<&'static str, String> {
        let mut urls: std::collections::BTreeMap<&'static str, String> = Section::ALL
            .iter()
            .map(|&section| (section.key(), self.section(section)))
            .collect();
        urls.insert("home", self.base.clone());
        urls.insert("papers_feed", self.root_file(PAPERS_FEED_FILE));
        urls.insert("news_feed", self.news_feed());
        urls.insert("calendar", self.root_file(CALENDAR_FILE));
        urls.insert("sitemap", self.root_file("sitemap.xml"));
        urls.insert("search_index", self.search_index());
        urls.insert("data_package", self.data_package());
        urls
    }
}

/// The folder a plain page is published at, relative to the base, each
/// part a URL segment: `about.md` → `about/`, `guide/index.md` → `guide/`,
/// `Annual Report.md` → `annual-report/`.
pub fn page_folder(content_path: &str) -> String {
    let without = content_path.strip_suffix(".md").unwrap_or(content_path);
    let without = without
        .strip_suffix("/index")
        .or_else(|| without.strip_suffix("/_index"))
        .unwrap_or(without);
    match without {
        "index" | "_index" => format!("{without}/"),
        _ => {
            let parts: Vec<String> = without.split('/').map(segment).collect();
            format!("{}/", parts.join("/"))
        }
    }
}

/// Where a file from `content/` that is not Markdown is published,
/// relative to the base: its folders as URL segments, as their pages are,
/// and its name made safe for a URL (see [`file_name`]):
/// `meetings/2008-09-12-board/Appendix B & C.pdf` →
/// `meetings/2008-09-12-board/appendix-b-and-c.pdf`.
pub fn published_file(content_path: &str) -> String {
    let (folders, name) = content_path
        .rsplit_once('/')
        .map_or(("", content_path), |(folders, name)| (folders, name));
    let mut path: Vec<String> = if folders.is_empty() {
        Vec::new()
    } else {
        folders.split('/').map(segment).collect()
    };
    path.push(file_name(name));
    path.join("/")
}

/// What generated page or file already owns the output path `path`
/// (relative to the output folder, such as `withheld/index.html` or
/// `risks/new/index.html`), if any.
pub fn generated_owner(path: &str) -> Option<String> {
    if let Some((_, what)) = ROOT_FILES.iter().find(|(file, _)| *file == path) {
        return Some(format!("/{path}, {what}"));
    }
    if crate::render::theme::STATIC
        .iter()
        .any(|(file, _)| *file == path)
    {
        return Some(format!("/{path}, a file of the theme"));
    }
    Section::ALL
        .iter()
        .find(|section| path.starts_with(section.path()))
        .map(|section| format!("/{}, {}", section.path(), section.describe()))
}

/// What generated file owns `path` inside a section whose folders also
/// hold sources (meetings, news, documents), if any: a file of a month's
/// bulletin, `news/YYYY/MM/` with its page, email and text twin. A file
/// beside the news there would clash with it.
pub fn generated_among_sources(path: &str) -> Option<String> {
    let under_news = path.strip_prefix(Section::News.path())?;
    let (folder, file) = under_news.rsplit_once('/')?;
    let is_month = folder.split_once('/').is_some_and(|(year, month)| {
        year.len() == 4
            && month.len() == 2
            && folder.bytes().all(|b| b.is_ascii_digit() || b == b'/')
    });
    let is_bulletin_file = ["index.html", BULLETIN_EMAIL, BULLETIN_TEXT].contains(&file);
    (is_month && is_bulletin_file).then(|| {
        format!(
            "/{}{folder}/{file}, the bulletin of the month",
            Section::News.path()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_root_files_are_reserved() {
        assert_eq!(
            generated_owner("withheld/index.html").unwrap(),
            "/withheld/, the register of withheld papers"
        );
        assert!(generated_owner("changes/index.html").is_some());
        assert!(generated_owner("risks/mine/index.html").is_some());
        assert_eq!(
            generated_owner("papers.xml").unwrap(),
            "/papers.xml, the feed of papers"
        );
        assert_eq!(
            generated_owner("robots.txt").unwrap(),
            "/robots.txt, the robots file"
        );
        assert_eq!(
            generated_owner("style.css").unwrap(),
            "/style.css, a file of the theme"
        );
        assert_eq!(generated_owner("about/index.html"), None);
        assert!(generated_owner("news/2008/09/email.html").is_some());
        assert!(generated_owner("news/2008/09/email.txt").is_some());
        assert_eq!(generated_owner("newsletter/index.html"), None);
    }

    #[test]
    fn every_section_has_its_own_folder() {
        let mut paths: Vec<_> = Section::ALL.iter().map(|s| s.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Section::ALL.len());
        assert!(paths.iter().all(|p| p.ends_with('/') && !p.contains('.')));
    }

    #[test]
    fn the_files_of_a_months_bulletin_are_reserved_beside_the_news() {
        for file in ["index.html", BULLETIN_EMAIL, BULLETIN_TEXT] {
            assert_eq!(
                generated_among_sources(&format!("news/2008/09/{file}")).unwrap(),
                format!("/news/2008/09/{file}, the bulletin of the month")
            );
        }
        assert_eq!(generated_among_sources("news/2008/09/photo.jpg"), None);
        assert_eq!(generated_among_sources("news/fund/email.txt"), None);
        assert_eq!(generated_among_sources("meetings/2008/09/email.txt"), None);
    }
}
