//! Loading: walk `content/`, read every file once, tell each file's kind
//! from its place, and parse front matter into the domain's types.

pub mod frontmatter;
pub mod markdown;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Position};
use crate::model::meeting::MeetingFront;
use crate::model::news::{NewsFront, PageFront};
use crate::model::paper::{AppendixFront, PaperFront, PaperKind};
use yaml::FieldMap;

pub const CONTENT_DIR: &str = "content";

/// A Markdown source read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to `content/`, with `/` separators.
    pub content_path: String,
    /// Path relative to the site root, for diagnostics.
    pub file: PathBuf,
    pub text: String,
    /// Where the body starts in `text`.
    pub body_offset: usize,
}

impl Source {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    pub fn origin(&self) -> markdown::Origin<'_> {
        markdown::Origin {
            file: &self.file,
            content_path: &self.content_path,
            file_text: &self.text,
            offset: self.body_offset,
        }
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> &str {
        let name = self
            .content_path
            .rsplit('/')
            .next()
            .unwrap_or(&self.content_path);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// A source with its parsed front matter.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub source: Source,
    pub front: T,
    pub fields: FieldMap,
}

/// A meeting folder: its `_meeting.md`, items and Markdown appendices.
#[derive(Debug, Clone)]
pub struct MeetingSource {
    /// The folder name, which is the meeting's URL segment.
    pub slug: String,
    pub meeting: Parsed<MeetingFront>,
    pub items: Vec<Parsed<PaperFront>>,
    /// Markdown appendices by file name.
    pub appendices: BTreeMap<String, Parsed<AppendixFront>>,
}

/// Everything under `content/`, parsed.
#[derive(Debug, Default)]
pub struct Content {
    pub meetings: Vec<MeetingSource>,
    pub documents: Vec<Parsed<PaperFront>>,
    pub news: Vec<Parsed<NewsFront>>,
    pub pages: Vec<Parsed<PageFront>>,
    /// Content-relative paths of every file that is not Markdown.
    pub files: BTreeSet<String>,
    /// Sizes of those files in bytes.
    pub file_sizes: BTreeMap<String, u64>,
    /// Every Markdown file read, including those that failed to parse, so
    /// a link to a broken file is not also reported as missing.
    pub markdown_paths: BTreeSet<String>,
    /// Agenda items of folders whose `_meeting.md` could not be read: they
    /// are never published, but their own checks still run so that one
    /// mistake in a meeting does not hide the mistakes in its papers.
    pub unmet_items: Vec<Parsed<PaperFront>>,
}

/// The kind of a Markdown file, from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Meeting(String),
    MeetingFile(String),
    Document,
    News,
    Page,
}

fn place_of(content_path: &str) -> Place {
    let parts: Vec<&str> = content_path.split('/').collect();
    match parts.as_slice() {
        ["meetings", dir, "_meeting.md"] => Place::Meeting(dir.to_string()),
        ["meetings", dir, _] => Place::MeetingFile(dir.to_string()),
        ["documents", _] | ["documents", _, "index.md"] => Place::Document,
        ["news", _] => Place::News,
        _ => Place::Page,
    }
}

/// Reads and parses `root/content`. Every problem is returned together.
pub fn load(root: &Path, reading: yaml::Reading) -> (Content, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let (sources, files, file_sizes) = read_tree(root, &mut out);
    let mentions = appendix_mentions(&sources);
    let markdown_paths: BTreeSet<String> = sources.iter().map(|s| s.content_path.clone()).collect();

    enum Loaded {
        Meeting(String, Parsed<MeetingFront>),
        Item(String, Parsed<PaperFront>),
        Appendix(String, String, Parsed<AppendixFront>),
        Document(Parsed<PaperFront>),
        News(Parsed<NewsFront>),
        Page(Parsed<PageFront>),
    }
    let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = sources
        .into_par_iter()
        .map(|source| {
            let mut problems = Vec::new();
            let loaded = match place_of(&source.content_path) {
                Place::Meeting(dir) => parse(source, reading).map(|p| Loaded::Meeting(dir, p)),
                Place::MeetingFile(dir) => {
                    let name = source
                        .content_path
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    let listed = mentions.get(&dir).map_or(&[][..], Vec::as_slice);
                    if listed.iter().any(|m| m.file == name) {
                        parse(source, reading).map(|p| Loaded::Appendix(dir, name, p))
                    } else if let Some(stray) =
                        stray_appendix(&source, &name, listed, &markdown_paths, &dir)
                    {
                        Err(vec![stray])
                    } else {
                        parse::<PaperFront>(source, reading).map(|p| {
                            p.front
                                .check_kind(PaperKind::Item, &p.fields, &mut problems);
                            Loaded::Item(dir, p)
                        })
                    }
                }
                Place::Document => parse::<PaperFront>(source, reading).map(|p| {
                    p.front
                        .check_kind(PaperKind::Document, &p.fields, &mut problems);
                    Loaded::Document(p)
                }),
                Place::News => parse(source, reading).map(Loaded::News),
                Place::Page => parse(source, reading).map(Loaded::Page),
            };
            // A paper with a mistake of its kind is still kept, so the
            // checks of its other parts (budgets, links) run too.
            match loaded {
                Ok(loaded) => (Some(loaded), problems),
                Err(d) => (None, d),
            }
        })
        .collect();

    let mut content = Content {
        files,
        file_sizes,
        markdown_paths,
        ..Content::default()
    };
    let mut meetings: BTreeMap<String, FolderParts> = BTreeMap::new();
    let mut orphans: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (loaded, problems) in results {
        out.extend(problems);
        let Some(loaded) = loaded else { continue };
        match loaded {
            Loaded::Meeting(dir, p) => meetings.entry(dir).or_default().0 = Some(p),
            Loaded::Item(dir, p) => {
                orphans
                    .entry(dir.clone())
                    .or_insert_with(|| p.source.file.clone());
                meetings.entry(dir).or_default().1.push(p);
            }
            Loaded::Appendix(dir, name, p) => {
                meetings.entry(dir).or_default().2.insert(name, p);
            }
            Loaded::Document(p) => content.documents.push(p),
            Loaded::News(p) => content.news.push(p),
            Loaded::Page(p) => content.pages.push(p),
        }
    }
    for (slug, (meeting, items, appendices)) in meetings {
        match meeting {
            Some(meeting) => content.meetings.push(MeetingSource {
                slug,
                meeting,
                items,
                appendices,
            }),
            None => {
                let meeting_file = Path::new(CONTENT_DIR)
                    .join("meetings")
                    .join(&slug)
                    .join("_meeting.md");
                if root.join(&meeting_file).exists() {
                    // Its mistakes are reported; its items are still checked.
                    content.unmet_items.extend(items);
                } else {
                    if let Some(file) = orphans.get(&slug) {
                        out.push(
                            Diagnostic::error(
                                file,
                                Position::new(1, 1),
                                format!("the folder meetings/{slug} has no _meeting.md"),
                            )
                            .with_hint(format!(
                                "add {} with `board:` and `date:`",
                                meeting_file.display()
                            )),
                        );
                    }
                }
            }
        }
    }
    for meeting in &content.meetings {
        check_slug(&meeting.slug, &meeting.meeting.source.file, &mut out);
    }
    (content, out)
}

/// A meeting folder's files while they are gathered.
type FolderParts = (
    Option<Parsed<MeetingFront>>,
    Vec<Parsed<PaperFront>>,
    BTreeMap<String, Parsed<AppendixFront>>,
);

/// Reads every file under `content/` in sorted order: Markdown as text,
/// other files by name and size only.
fn read_tree(
    root: &Path,
    out: &mut Vec<Diagnostic>,
) -> (Vec<Source>, BTreeSet<String>, BTreeMap<String, u64>) {
    let content_dir = root.join(CONTENT_DIR);
    let mut markdown_paths = Vec::new();
    let mut files = BTreeSet::new();
    let mut sizes = BTreeMap::new();
    if !content_dir.is_dir() {
        out.push(
            Diagnostic::error(
                CONTENT_DIR,
                Position::new(1, 1),
                format!("there is no content/ folder in {}", root.display()),
            )
            .with_hint("create content/ beside site.yaml, or pass `--root` to point at the site"),
        );
        return (Vec::new(), files, sizes);
    }
    let walker = walkdir::WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                out.push(Diagnostic::error(
                    CONTENT_DIR,
                    Position::new(1, 1),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if let Some(problem) = unreadable_entry(&entry, &content_dir) {
            out.push(problem);
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&content_dir) else {
            continue;
        };
        let content_path = relative.to_string_lossy().replace('\\', "/");
        if content_path.ends_with(".md") {
            markdown_paths.push(content_path);
        } else {
            sizes.insert(
                content_path.clone(),
                entry.metadata().map_or(0, |m| m.len()),
            );
            files.insert(content_path);
        }
    }
    let read: Vec<Result<Source, Diagnostic>> = markdown_paths
        .into_par_iter()
        .map(|content_path| read_source(root, content_path))
        .collect();
    let mut sources = Vec::new();
    for result in read {
        match result {
            Ok(source) => sources.push(source),
            Err(d) => out.push(d),
        }
    }
    (sources, files, sizes)
}

/// The largest Markdown source read: five times the longest paper a
/// council publishes, and small enough that a stray export cannot take the
/// build's memory.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// What is wrong with a folder entry that looks like content but cannot be
/// read as such: a folder named like a source (`_meeting.md/`) would
/// silently drop the meeting and its items, and a symbolic link is never
/// followed, because it could publish something from outside the site.
fn unreadable_entry(entry: &walkdir::DirEntry, content_dir: &Path) -> Option<Diagnostic> {
    let shown = Path::new(CONTENT_DIR).join(
        entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path()),
    );
    let at = Position::new(1, 1);
    if entry.file_type().is_symlink() {
        let message = format!(
            "{} is a symbolic link, which boardpack does not follow",
            shown.display()
        );
        Some(
            Diagnostic::warning(&shown, at, message)
                .with_hint("copy the file or folder into content/ instead"),
        )
    } else if entry.file_type().is_dir() && entry.file_name().to_string_lossy().ends_with(".md") {
        let message = format!(
            "{} is a folder, but a name ending in `.md` is a Markdown source",
            shown.display()
        );
        Some(
            Diagnostic::error(&shown, at, message)
                .with_hint("make it a file, or rename the folder without `.md`"),
        )
    } else {
        None
    }
}

/// Reads one Markdown source, which must be UTF-8 and at most
/// [`MAX_SOURCE_BYTES`] long.
fn read_source(root: &Path, content_path: String) -> Result<Source, Diagnostic> {
    let file = Path::new(CONTENT_DIR).join(&content_path);
    let cannot = |err: std::io::Error| {
        Diagnostic::error(&file, Position::new(1, 1), format!("cannot read: {err}"))
    };
    let size = std::fs::metadata(root.join(&file)).map_err(cannot)?.len();
    if size > MAX_SOURCE_BYTES {
        return Err(Diagnostic::error(
            &file,
            Position::new(1, 1),
            format!(
                "this file is {}; a Markdown source may be at most {}",
                crate::format::file_size(size),
                crate::format::file_size(MAX_SOURCE_BYTES)
            ),
        )
        .with_hint("split it into papers and appendices, or publish it as a PDF appendix"));
    }
    let text = std::fs::read(root.join(&file)).map_err(cannot)?;
    let text = String::from_utf8(text).map_err(|err| {
        let at = Position::of_offset(
            &String::from_utf8_lossy(err.as_bytes()),
            err.utf8_error().valid_up_to(),
        );
        Diagnostic::error(&file, at, "this file is not valid UTF-8")
            .with_hint("save the file as UTF-8")
    })?;
    Ok(Source {
        content_path,
        file,
        text,
        body_offset: 0,
    })
}

/// A Markdown file that an item of a meeting folder lists as an appendix.
#[derive(Debug, Clone)]
struct AppendixMention {
    /// The listing item's number, as written.
    item: Option<String>,
    /// The listing item's file name.
    paper: String,
    /// The `file:` as written.
    file: String,
}

/// The Markdown appendices that the items of each meeting folder list.
fn appendix_mentions(sources: &[Source]) -> BTreeMap<String, Vec<AppendixMention>> {
    let found: Vec<(String, AppendixMention)> = sources
        .par_iter()
        .filter_map(|source| match place_of(&source.content_path) {
            Place::MeetingFile(dir) => Some((dir, source)),
            _ => None,
        })
        .flat_map_iter(|(dir, source)| {
            let yaml = frontmatter::split(&source.text)
                .map(|s| s.yaml)
                .unwrap_or("");
            // Most items have no appendices: skip the parse for them.
            if !yaml.contains("appendices") {
                return Vec::new();
            }
            // Only the names are wanted here; mistakes are reported when
            // the item itself is read.
            let Ok(tree) = yaml::tree::read(yaml) else {
                return Vec::new();
            };
            let item = tree.root.get("item").and_then(scalar);
            let files: Vec<String> = match tree.root.get("appendices").map(|l| &l.value) {
                Some(yaml::tree::Value::Sequence(entries)) => entries
                    .iter()
                    .filter_map(|e| scalar(e.get("file")?))
                    .collect(),
                _ => Vec::new(),
            };
            let paper = source.content_path.rsplit('/').next().unwrap_or_default();
            files
                .into_iter()
                .filter(|file| file.ends_with(".md") && !file.contains('/'))
                .map(|file| {
                    let mention = AppendixMention {
                        item: item.clone(),
                        paper: paper.to_string(),
                        file,
                    };
                    (dir.clone(), mention)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut by_folder: BTreeMap<String, Vec<AppendixMention>> = BTreeMap::new();
    for (dir, mention) in found {
        by_folder.entry(dir).or_default().push(mention);
    }
    by_folder
}

/// A YAML scalar as text, as an item number may be written either way.
fn scalar(node: &yaml::tree::Node) -> Option<String> {
    match &node.value {
        yaml::tree::Value::Scalar { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// A Markdown file in a meeting folder that no item lists, that has no
/// `item` number and whose name is close to an appendix an item of the
/// folder does list: most likely that appendix, with a typo in the file
/// name or in the `file:`. Adding an `item` number would publish it as an
/// agenda item, so the error says which appendix it resembles instead.
fn stray_appendix(
    source: &Source,
    name: &str,
    mentions: &[AppendixMention],
    markdown_paths: &BTreeSet<String>,
    dir: &str,
) -> Option<Diagnostic> {
    // Prefer an appendix whose file is missing: that is the likely typo.
    // The names are compared first: most items resemble no appendix, and
    // need not have their front matter read twice.
    let listed =
        |m: &AppendixMention| markdown_paths.contains(&format!("meetings/{dir}/{}", m.file));
    let (_, mention) = mentions
        .iter()
        .filter_map(|m| Some(((!listed(m), similar(name, &m.file)?), m)))
        .max_by(|a, b| a.0.0.cmp(&b.0.0).then(a.0.1.total_cmp(&b.0.1)))?;
    let yaml = frontmatter::split(&source.text).ok()?.yaml;
    if !yaml.trim().is_empty() {
        // A front matter that does not read, or names an item, is an item's.
        let tree = yaml::tree::read(yaml).ok()?;
        if tree.root.get("item").is_some_and(|n| !n.is_null()) {
            return None;
        }
    }
    let of = match &mention.item {
        Some(number) => format!("item {number}"),
        None => format!("`{}`", mention.paper),
    };
    Some(
        Diagnostic::error(
            &source.file,
            Position::new(1, 1),
            "this file has no `item` number, and no item lists it as an appendix",
        )
        .with_hint(format!(
            "did you mean to list it as an appendix of {of}? the `file:` there is `{}`",
            mention.file
        )),
    )
}

/// How alike two file names are (0 to 1), when they are alike enough to
/// be one name mistyped.
pub fn similar(a: &str, b: &str) -> Option<f64> {
    similar_at_least(a, b, 0.7)
}

/// [`similar`] with its own bar: a whole path (`meetings/x/report.md`)
/// shares more with a wrong one than a file name does, so paths are
/// compared more loosely.
pub fn similar_at_least(a: &str, b: &str, bar: f64) -> Option<f64> {
    let score = strsim::normalized_levenshtein(a, b);
    (score >= bar && a != b).then_some(score)
}

/// Splits the front matter off `source` and parses it as `T`.
fn parse<T: serde::de::DeserializeOwned>(
    mut source: Source,
    reading: yaml::Reading,
) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let split = frontmatter::split(&source.text).map_err(|(at, message)| {
        vec![
            Diagnostic::error(&source.file, at, message)
                .with_hint("close the front matter with a line holding only `---`"),
        ]
    })?;
    let (front, fields) = yaml::parse::<T>(&source.file, split.yaml, split.yaml_line, reading)?;
    source.body_offset = split.body_offset;
    Ok(Parsed {
        source,
        front,
        fields,
    })
}

/// URL segments come from file and folder names (see
/// [`crate::slug::segment`]): refuse a name with nothing a URL can carry,
/// such as one written wholly in a script with no ASCII form.
pub fn check_slug(name: &str, file: &Path, out: &mut Vec<Diagnostic>) {
    if crate::slug::segment(name).is_empty() {
        out.push(
            Diagnostic::error(
                file,
                Position::new(1, 1),
                format!("the name `{name}` leaves nothing for its address"),
            )
            .with_hint("its address is made from the letters and digits of its name that have an ASCII form: rename it with some, for example 2008-07-10-officer-board"),
        );
    }
}
