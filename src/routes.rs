//! The addresses the build generates itself, and the rule that no source
//! may take one.
//!
//! A source page that landed on a generated address would be overwritten
//! by it, or overwrite it, depending on which finished last; so every
//! section and root file the build writes is named here once, the render
//! code takes its addresses from here, and validation refuses a source
//! that would land on one.

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
    (
        crate::render::calendar::CALENDAR_FILE,
        "the meetings calendar",
    ),
    (crate::render::feeds::PAPERS_FEED_FILE, "the feed of papers"),
];

/// The folder inside each meeting that holds its printable agenda pack.
pub const PACK: &str = "pack";

/// The bulletin of a month as an email, in the month's folder of the news
/// (`news/YYYY/MM/`), beside its archive page.
pub const BULLETIN_EMAIL: &str = "email.html";

/// The plain-text twin of [`BULLETIN_EMAIL`], for mail tools and readers
/// that show no HTML.
pub const BULLETIN_TEXT: &str = "email.txt";

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
