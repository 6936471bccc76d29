//! `boardpack new`: files that pass `check`, for a secretariat to fill in.
//!
//! The texts a user reads are the templates in `src/scaffold/`; this module
//! fills in their `{{name}}` placeholders, parses every file it is about to
//! write with the same front matter types that `check` uses, and writes
//! nothing unless all of it can be written. It never overwrites a file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use chrono::{Days, NaiveDate, NaiveTime};
use serde::de::DeserializeOwned;

use crate::cli::NewCommand;
use crate::config::{CONFIG_FILE, Config};
use crate::content::yaml::{self, FieldMap};
use crate::content::{CONTENT_DIR, frontmatter};
use crate::diagnostics::Diagnostic;
use crate::model::meeting::MeetingFront;
use crate::model::news::{NewsFront, PageFront};
use crate::model::paper::{PaperFront, PaperKind, natural_key};
use crate::model::values::Date;

const SITE_YAML: &str = include_str!("scaffold/site.yaml");
const ABOUT: &str = include_str!("scaffold/about.md");
const WELCOME: &str = include_str!("scaffold/welcome.md");
const MEETING: &str = include_str!("scaffold/meeting.md");
const APOLOGIES: &str = include_str!("scaffold/apologies.md");
const ITEM: &str = include_str!("scaffold/item.md");
const NEWS: &str = include_str!("scaffold/news.md");
const GITIGNORE: &str = include_str!("scaffold/gitignore");

/// The title of a new site when `--title` is not given.
const DEFAULT_SITE_TITLE: &str = "Board papers";
/// The board of a new site.
const FIRST_BOARD: &str = "board";
/// The longest slug made from a title, in bytes.
const MAX_SLUG: usize = 60;

/// Creates what `what` asks for and returns the files created.
pub fn run(what: &NewCommand) -> Result<Vec<PathBuf>, String> {
    match what {
        NewCommand::Site { dir, title } => new_site(dir, title.as_deref(), today()),
        NewCommand::Meeting {
            root,
            board,
            date,
            time,
        } => new_meeting(root, board, date, time.as_deref()),
        NewCommand::Item {
            root,
            meeting,
            number,
            title,
        } => new_item(root, meeting, number, title),
        NewCommand::News { root, title, date } => new_news(root, title, date.as_deref(), today()),
    }
}

/// The date on the user's clock: a scaffold is dated when it is made.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// What a file holds, so that it is parsed as `check` would parse it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Config,
    Meeting,
    Item,
    News,
    Page,
    Other,
}

/// A file to create: its path relative to the site, its text and its kind.
#[derive(Debug)]
struct Planned {
    path: PathBuf,
    text: String,
    kind: Kind,
}

impl Planned {
    fn new(path: PathBuf, text: String, kind: Kind) -> Self {
        Planned { path, text, kind }
    }
}

fn new_site(dir: &Path, title: Option<&str>, today: NaiveDate) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!(
                "{} exists and is not a folder\n  help: give the name of a new folder for the site",
                dir.display()
            ));
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty, and `new site` does not write into a folder that holds files\n  help: give the name of a new folder, for example `boardpack new site my-board`",
                dir.display()
            ));
        }
    }
    let title = one_line(title.unwrap_or(DEFAULT_SITE_TITLE), "--title", "the site")?;
    let date = today.format("%Y-%m-%d").to_string();
    let folder = format!("{date}-{FIRST_BOARD}");
    let content = Path::new(CONTENT_DIR);
    let meeting_dir = content.join("meetings").join(&folder);
    let files = vec![
        Planned::new(
            CONFIG_FILE.into(),
            template(SITE_YAML, &[("title", &yaml_scalar(title))]),
            Kind::Config,
        ),
        Planned::new(content.join("about.md"), template(ABOUT, &[]), Kind::Page),
        Planned::new(
            content.join("news").join(format!("{date}-welcome.md")),
            template(
                WELCOME,
                &[
                    ("title", &yaml_scalar(&format!("Welcome to {title}"))),
                    ("date", &date),
                ],
            ),
            Kind::News,
        ),
        Planned::new(
            meeting_dir.join("_meeting.md"),
            meeting_text(FIRST_BOARD, today, Some(ten_o_clock()), &folder),
            Kind::Meeting,
        ),
        Planned::new(
            meeting_dir.join("01-apologies-and-declarations.md"),
            template(APOLOGIES, &[]),
            Kind::Item,
        ),
        Planned::new(".gitignore".into(), template(GITIGNORE, &[]), Kind::Other),
    ];
    write_all(dir, files)
}

fn ten_o_clock() -> NaiveTime {
    NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default()
}

fn new_meeting(
    root: &Path,
    board: &str,
    date: &str,
    time: Option<&str>,
) -> Result<Vec<PathBuf>, String> {
    require_site(root)?;
    let date = parse_date(date)?;
    let time = time.map(parse_time).transpose()?;
    let config = load_config(root)?;
    if config.board(board).is_none() {
        return Err(unknown_board(board, &config));
    }
    let folder = format!("{}-{board}", date.format("%Y-%m-%d"));
    let path = Path::new(CONTENT_DIR)
        .join("meetings")
        .join(&folder)
        .join("_meeting.md");
    if root.join(&path).exists() {
        return Err(format!(
            "the meeting {} already exists\n  help: edit that file, or give another --date or --board",
            shown(root, &path).display()
        ));
    }
    let text = meeting_text(board, date, time, &folder);
    write_all(root, vec![Planned::new(path, text, Kind::Meeting)])
}

fn meeting_text(board: &str, date: NaiveDate, time: Option<NaiveTime>, folder: &str) -> String {
    let time_line = match time {
        Some(time) => format!(
            "{:<33}# 24-hour, in quotes",
            format!("time: \"{}\"", time.format("%H:%M"))
        ),
        None => format!(
            "{:<33}# the start time: 24-hour, in quotes",
            "# time: \"10:00\""
        ),
    };
    let embargo = date.checked_sub_days(Days::new(7)).unwrap_or(date);
    template(
        MEETING,
        &[
            ("board", board),
            ("date", &date.format("%Y-%m-%d").to_string()),
            ("time", &time_line),
            ("embargo", &embargo.format("%Y-%m-%d").to_string()),
            ("folder", folder),
        ],
    )
}

fn new_item(root: &Path, meeting: &str, number: &str, title: &str) -> Result<Vec<PathBuf>, String> {
    require_site(root)?;
    let title = one_line(title, "--title", "the item")?;
    let number = number.trim();
    check_item_number(number)?;
    let folder = meeting_folder(root, meeting)?;
    let meeting_dir = Path::new(CONTENT_DIR).join("meetings").join(&folder);
    if let Some((file, other_number)) = item_using(&root.join(&meeting_dir), number) {
        let other = shown(root, &meeting_dir.join(file));
        let written = if other_number == number {
            String::new()
        } else {
            format!(" (written \"{other_number}\")")
        };
        let example = if number.bytes().all(|b| b.is_ascii_digit()) {
            format!("give another number, for example \"{number}a\"")
        } else {
            "give another number".to_string()
        };
        return Err(format!(
            "item number {number} is already used{written} by {}\n  help: {example}",
            other.display()
        ));
    }
    let path = meeting_dir.join(item_file_name(number, title));
    if root.join(&path).exists() {
        return Err(format!(
            "{} already exists\n  help: give another number or title",
            shown(root, &path).display()
        ));
    }
    let text = item_text(number, title);
    write_all(root, vec![Planned::new(path, text, Kind::Item)])
}

fn item_text(number: &str, title: &str) -> String {
    template(
        ITEM,
        &[("number", &quoted(number)), ("title", &yaml_scalar(title))],
    )
}

/// Checks an item number with the rule `check` applies, by checking a
/// front matter that holds only it.
fn check_item_number(number: &str) -> Result<(), String> {
    let text = format!("---\nitem: {}\ntitle: Item\n---\n", quoted(number));
    match problems(Path::new("item.md"), &text, Kind::Item).first() {
        None => Ok(()),
        Some(problem) => Err(format!(
            "--number: {}{}",
            problem.message,
            problem
                .hint
                .as_deref()
                .map(|hint| format!("\n  help: {hint}"))
                .unwrap_or_default()
        )),
    }
}

/// The file name of an item: its number with the leading digits padded to
/// two (`07a`), then the slug of its title.
fn item_file_name(number: &str, title: &str) -> String {
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    let (lead, rest) = number.split_at(digits);
    let slug = slug(title);
    let slug = if slug.is_empty() { "item" } else { &slug };
    format!("{lead:0>2}{rest}-{slug}.md")
}

/// The folder under `content/meetings/` that `meeting` names: its name, or
/// a path ending in it such as `content/meetings/2008-09-12-members-board/`.
fn meeting_folder(root: &Path, meeting: &str) -> Result<String, String> {
    let name = meeting.trim().trim_end_matches(['/', '\\']);
    let name = name
        .strip_prefix("content/meetings/")
        .or_else(|| name.strip_prefix("meetings/"))
        .unwrap_or(name);
    let meetings = Path::new(CONTENT_DIR).join("meetings");
    let simple = matches!(
        Path::new(name).components().collect::<Vec<_>>().as_slice(),
        [Component::Normal(_)]
    ) && !name.contains(['/', '\\']);
    if !simple {
        return Err(format!(
            "--meeting: `{meeting}` is not the name of a folder in {}\n  help: give the meeting folder's name, for example 2008-09-12-members-board",
            shown(root, &meetings).display()
        ));
    }
    let folder = meetings.join(name);
    if !root.join(&folder).is_dir() {
        let names = meeting_names(&root.join(&meetings));
        let help = if names.is_empty() {
            "there are no meetings yet: create one with `boardpack new meeting --board BOARD --date YYYY-MM-DD`".to_string()
        } else {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            yaml::suggest(name, &names, "meeting")
        };
        return Err(format!(
            "there is no meeting {}\n  help: {help}",
            shown(root, &folder).display()
        ));
    }
    if !root.join(&folder).join("_meeting.md").is_file() {
        return Err(format!(
            "the folder {} has no _meeting.md\n  help: create the meeting first with `boardpack new meeting`",
            shown(root, &folder).display()
        ));
    }
    Ok(name.to_string())
}

/// The meeting folders under `dir`, sorted.
fn meeting_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The name and number of the Markdown file in `meeting_dir` whose `item:`
/// is the same number as `number` (`7` and `07` are the same), if any.
fn item_using(meeting_dir: &Path, number: &str) -> Option<(String, String)> {
    let key = natural_key(number);
    let mut names: Vec<String> = std::fs::read_dir(meeting_dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "_meeting.md" && !name.starts_with('.'))
        .collect();
    names.sort();
    names.into_iter().find_map(|name| {
        let text = std::fs::read_to_string(meeting_dir.join(&name)).ok()?;
        let other = item_number_of(&text)?;
        (natural_key(&other) == key).then_some((name, other))
    })
}

/// The value of the `item:` line of a file's front matter.
fn item_number_of(text: &str) -> Option<String> {
    let yaml = frontmatter::split(text).ok()?.yaml;
    let value = yaml
        .lines()
        .find_map(|line| line.strip_prefix("item:"))?
        .trim();
    let number = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split(" #").next()?.trim(),
    };
    (!number.is_empty()).then(|| number.to_string())
}

fn new_news(
    root: &Path,
    title: &str,
    date: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, String> {
    require_site(root)?;
    let title = one_line(title, "--title", "the article")?;
    let date = date.map(parse_date).transpose()?.unwrap_or(today);
    let date = date.format("%Y-%m-%d").to_string();
    let slug = slug(title);
    let slug = if slug.is_empty() { "article" } else { &slug };
    let path = Path::new(CONTENT_DIR)
        .join("news")
        .join(format!("{date}-{slug}.md"));
    if root.join(&path).exists() {
        return Err(format!(
            "{} already exists\n  help: edit that article, or give another --title or --date",
            shown(root, &path).display()
        ));
    }
    let text = template(NEWS, &[("title", &yaml_scalar(title)), ("date", &date)]);
    write_all(root, vec![Planned::new(path, text, Kind::News)])
}

/// Refuses a root that holds no `site.yaml`.
fn require_site(root: &Path) -> Result<(), String> {
    if root.join(CONFIG_FILE).is_file() {
        Ok(())
    } else {
        Err(format!(
            "{} is not a boardpack site: it has no {CONFIG_FILE}\n  help: pass `--root` with the site's folder, or start a site with `boardpack new site DIR`",
            root.display()
        ))
    }
}

/// Loads `site.yaml`, its errors as plain text.
fn load_config(root: &Path) -> Result<Config, String> {
    Config::load(root).map_err(|mut errors| {
        errors.sort_by_key(|e| (e.file.clone(), e.position));
        let count = errors.len();
        let mut message = format!(
            "{} has {count} error{}; fix {} first:",
            shown(root, Path::new(CONFIG_FILE)).display(),
            if count == 1 { "" } else { "s" },
            if count == 1 { "it" } else { "them" }
        );
        for error in errors {
            message.push_str(&format!(
                "\n  {}:{}:{}: {}",
                shown(root, &error.file).display(),
                error.position.line,
                error.position.column,
                error.message
            ));
            if let Some(hint) = &error.hint {
                message.push_str(&format!("\n    help: {hint}"));
            }
        }
        message
    })
}

fn unknown_board(board: &str, config: &Config) -> String {
    let ids: Vec<&str> = config.boards.iter().map(|b| b.id.as_str()).collect();
    let help = if ids.is_empty() {
        format!("{CONFIG_FILE} lists no boards: add one under `boards:` with an `id` and a `name`")
    } else {
        yaml::suggest(board, &ids, "board")
    };
    format!("--board: there is no board `{board}` in {CONFIG_FILE}\n  help: {help}")
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    Date::parse(text)
        .map(|date| date.0)
        .map_err(|message| format!("--date: {}", message.replace('\n', "\n  help: ")))
}

fn parse_time(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        format!("--time: `{text}` is not a time\n  help: write a 24-hour time as HH:MM, for example 10:00")
    })
}

/// A title: one line of text, not empty.
fn one_line<'a>(text: &'a str, option: &str, what: &str) -> Result<&'a str, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!(
            "{option} is empty\n  help: give {what} a title, for example {option} \"Annual report\""
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(format!(
            "{option} holds a line break or another control character\n  help: give {what} a title of one line"
        ));
    }
    Ok(text)
}

/// A slug for a file name (see [`crate::slug::slug`]), at most
/// [`MAX_SLUG`] bytes, cut between words. Empty when nothing is left.
fn slug(text: &str) -> String {
    let mut slug = crate::slug::slug(text);
    if slug.len() > MAX_SLUG {
        let cut = slug[..=MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    slug.trim_matches('-').to_string()
}

/// `text` as a YAML value on one line: plain when YAML reads it back as the
/// same string, else double-quoted.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.chars().any(char::is_control)
        && yaml::tree::read(&format!("value: {text}\n"))
            .ok()
            .and_then(|t| {
                t.root
                    .get("value")
                    .and_then(yaml::as_text)
                    .map(str::to_owned)
            })
            .is_some_and(|read| read == text);
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// `text` as a double-quoted YAML string (a JSON string is one).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.escape_default()))
}

/// Fills a template's `{{name}}` placeholders in one pass (so a value that
/// holds braces is left as it is) and makes its line ends `\n`, ending the
/// text with one.
fn template(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let found = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value, end))
        });
        match found {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let mut out = out.replace("\r\n", "\n");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What `check` would say about a file's front matter.
fn problems(path: &Path, text: &str, kind: Kind) -> Vec<Diagnostic> {
    fn front<T: DeserializeOwned>(
        path: &Path,
        text: &str,
    ) -> Result<(T, FieldMap), Vec<Diagnostic>> {
        let split = frontmatter::split(text)
            .map_err(|(at, message)| vec![Diagnostic::error(path, at, message)])?;
        yaml::parse::<T>(path, split.yaml, split.yaml_line, yaml::Reading::default())
    }
    let result = match kind {
        Kind::Meeting => front::<MeetingFront>(path, text).map(|_| Vec::new()),
        Kind::News => front::<NewsFront>(path, text).map(|_| Vec::new()),
        Kind::Page => front::<PageFront>(path, text).map(|_| Vec::new()),
        Kind::Item => front::<PaperFront>(path, text).map(|(paper, fields)| {
            let mut out = Vec::new();
            paper.check_kind(PaperKind::Item, &fields, &mut out);
            out
        }),
        Kind::Config => match yaml::tree::read(text) {
            Ok(tree) if tree.root.get("title").and_then(yaml::as_text).is_some() => Ok(Vec::new()),
            _ => Err(vec![Diagnostic::error(
                path,
                crate::diagnostics::Position::new(1, 1),
                "the title is not a string",
            )]),
        },
        Kind::Other => Ok(Vec::new()),
    };
    result.unwrap_or_else(|problems| problems)
}

/// `path` (relative to `root`) as the user will recognise it.
fn shown(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

/// Checks every planned file, then creates them (and the folders they need)
/// without overwriting anything. When a write fails, what was created is
/// removed again.
fn write_all(root: &Path, files: Vec<Planned>) -> Result<Vec<PathBuf>, String> {
    for file in &files {
        if let Some(problem) = problems(&file.path, &file.text, file.kind).first() {
            return Err(format!(
                "boardpack would write {} with an error (a bug in boardpack; please report it): {}:{}: {}",
                shown(root, &file.path).display(),
                problem.position.line,
                problem.position.column,
                problem.message
            ));
        }
        let target = root.join(&file.path);
        if target.exists() {
            return Err(format!(
                "{} already exists; boardpack never overwrites a file",
                shown(root, &file.path).display()
            ));
        }
    }
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut made_files: Vec<PathBuf> = Vec::new();
    let result: Result<(), String> = (|| {
        for file in &files {
            let target = root.join(&file.path);
            if let Some(parent) = target.parent() {
                create_dirs(parent, &mut made_dirs)?;
            }
            let mut out = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
                .map_err(|e| format!("cannot create {}: {e}", shown(root, &file.path).display()))?;
            made_files.push(target.clone());
            out.write_all(file.text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", shown(root, &file.path).display()))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(files.iter().map(|f| shown(root, &f.path)).collect()),
        Err(message) => {
            for file in made_files.iter().rev() {
                let _ = std::fs::remove_file(file);
            }
            for dir in made_dirs.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            Err(format!("{message}; nothing was written"))
        }
    }
}

/// Creates `dir` and its missing parents, recording each one created.
fn create_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> Result<(), String> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent, made)?;
    }
    std::fs::create_dir(dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    made.push(dir.to_path_buf());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::is_slug;

    #[test]
    fn slugs_are_lower_case_ascii_words() {
        for (title, expected) in [
            (
                "Capacity building fund 2008/09",
                "capacity-building-fund-2008-09",
            ),
            ("Finance & Audit", "finance-and-audit"),
            ("Finance&Audit", "finance-and-audit"),
            ("Children's services", "childrens-services"),
            ("Children\u{2019}s services", "childrens-services"),
            (
                "  Minutes -- of the   last meeting. ",
                "minutes-of-the-last-meeting",
            ),
            ("Café in Ŵyn Ystrad", "cafe-in-wyn-ystrad"),
            ("Straße", "strasse"),
            ("£349k fund", "349k-fund"),
            ("AGM", "agm"),
            ("会议", ""),
            ("--", ""),
        ] {
            assert_eq!(slug(title), expected, "{title}");
        }
    }

    #[test]
    fn long_slugs_are_cut_between_words() {
        let title =
            "Regional improvement and efficiency strategy refresh and consultation response 2009";
        let slug = slug(title);
        assert!(slug.len() <= MAX_SLUG, "{slug}");
        assert_eq!(
            slug,
            "regional-improvement-and-efficiency-strategy-refresh-and"
        );
        let unbroken = "a".repeat(100);
        assert_eq!(super::slug(&unbroken).len(), MAX_SLUG);
    }

    #[test]
    fn every_slug_is_a_url_segment() {
        for title in [
            "x",
            "A: b",
            "Ärger & Öl!",
            "7. Any other business",
            "'quoted'",
        ] {
            let slug = slug(title);
            assert!(
                is_slug(&slug) && !slug.ends_with('-') && !slug.contains("--"),
                "{title} → {slug}"
            );
        }
    }

    #[test]
    fn item_file_names_pad_the_number() {
        assert_eq!(item_file_name("7", "Budget"), "07-budget.md");
        assert_eq!(
            item_file_name("7a", "Budget 2008/09"),
            "07a-budget-2008-09.md"
        );
        assert_eq!(item_file_name("1", "Apologies"), "01-apologies.md");
        assert_eq!(
            item_file_name("10.2", "Any other business"),
            "10.2-any-other-business.md"
        );
        assert_eq!(item_file_name("123", "X"), "123-x.md");
        assert_eq!(item_file_name("4", "会议"), "04-item.md");
    }

    #[test]
    fn item_numbers_follow_the_check_rule() {
        for good in ["7", "7a", "10.2", "07"] {
            assert!(check_item_number(good).is_ok(), "{good}");
        }
        for bad in ["", "a7", "7-", "seven", "7A", "7 a"] {
            let message = check_item_number(bad).unwrap_err();
            assert!(message.starts_with("--number: "), "{message}");
        }
        assert!(
            check_item_number("7-")
                .unwrap_err()
                .contains("help: write digits")
        );
    }

    #[test]
    fn item_lines_are_read_however_they_are_quoted() {
        for (text, number) in [
            ("---\nitem: \"7\"\ntitle: T\n---\n", Some("7")),
            ("---\ntitle: T\nitem: '7a'   # note\n---\n", Some("7a")),
            ("---\nitem: 10 # ten\n---\nbody\n", Some("10")),
            ("---\nitem:\n---\n", None),
            ("---\ntitle: T\n---\nitem: 3\n", None),
            ("no front matter\nitem: 3\n", None),
        ] {
            assert_eq!(item_number_of(text).as_deref(), number, "{text}");
        }
    }

    #[test]
    fn yaml_scalars_read_back_as_written() {
        for text in [
            "Budget 2008/09",
            "Budget: an update",
            "10",
            "#1 priority",
            "yes",
            "null",
            "'quoted'",
            "\"double\"",
            "a # b",
            "[list]",
            "{map}",
            "- dash",
            "Café & co.",
            "ends with colon:",
            "back\\slash",
            "*alias",
            "&anchor",
            "!tag",
            "% directive",
            "@at",
            "`tick`",
            "{{title}}",
        ] {
            let yaml = format!("value: {}\n", yaml_scalar(text));
            let read = yaml::tree::read(&yaml).unwrap();
            assert_eq!(
                read.root.get("value").and_then(yaml::as_text),
                Some(text),
                "{yaml}"
            );
            let (front, _) = yaml::parse::<NewsFront>(
                Path::new("x.md"),
                &format!("title: {}\ndate: 2008-09-12\n", yaml_scalar(text)),
                2,
                yaml::Reading::default(),
            )
            .unwrap();
            assert_eq!(front.title, text);
        }
        assert_eq!(yaml_scalar("Budget 2008/09"), "Budget 2008/09");
        assert_eq!(yaml_scalar("Budget: an update"), "\"Budget: an update\"");
    }

    #[test]
    fn templates_fill_in_one_pass() {
        assert_eq!(
            template("a {{x}} {{y}} {{z", &[("x", "{{y}}"), ("y", "2")]),
            "a {{y}} 2 {{z\n"
        );
        assert_eq!(template("a\r\nb\n", &[]), "a\nb\n");
    }

    fn date(text: &str) -> NaiveDate {
        Date::parse(text).unwrap().0
    }

    #[test]
    fn every_template_passes_the_front_matter_checks() {
        let day = date("2008-09-12");
        let files = [
            (template(ABOUT, &[]), Kind::Page),
            (
                template(WELCOME, &[("title", "Welcome"), ("date", "2008-09-12")]),
                Kind::News,
            ),
            (
                template(NEWS, &[("title", "News"), ("date", "2008-09-12")]),
                Kind::News,
            ),
            (
                meeting_text("board", day, Some(ten_o_clock()), "2008-09-12-board"),
                Kind::Meeting,
            ),
            (
                meeting_text("board", day, None, "2008-09-12-board"),
                Kind::Meeting,
            ),
            (template(APOLOGIES, &[]), Kind::Item),
            (item_text("7a", "A title: with a colon"), Kind::Item),
        ];
        for (text, kind) in files {
            assert_eq!(problems(Path::new("x.md"), &text, kind), [], "{text}");
            assert!(
                !text.contains("{{") && !text.contains('\r') && text.ends_with('\n'),
                "{text}"
            );
        }
        let meeting = meeting_text("board", day, None, "2008-09-12-board");
        assert!(
            meeting.contains("# publish_after: \"2008-09-05 09:00\""),
            "{meeting}"
        );
        assert!(meeting.contains("\n# time: \"10:00\""), "{meeting}");
        let meeting = meeting_text("board", day, Some(ten_o_clock()), "2008-09-12-board");
        assert!(meeting.contains("\ntime: \"10:00\""), "{meeting}");
    }

    /// Uncomments the lines of `text` from the one starting `# first` to the
    /// one starting `# last`.
    fn uncomment(text: &str, first: &str, last: &str) -> String {
        let mut inside = false;
        let mut out = String::new();
        for line in text.lines() {
            if line.starts_with(&format!("# {first}")) {
                inside = true;
            }
            if inside {
                out.push_str(line.strip_prefix("# ").unwrap_or(line));
            } else {
                out.push_str(line);
            }
            out.push('\n');
            if line.starts_with(&format!("# {last}")) {
                inside = false;
            }
        }
        out
    }

    fn load_config_text(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        Config::load(dir.path())
    }

    #[test]
    fn the_site_yaml_loads_and_its_commented_example_is_valid() {
        let text = template(
            SITE_YAML,
            &[("title", &yaml_scalar("Testshire: Board papers"))],
        );
        let config = load_config_text(&text).unwrap();
        assert_eq!(config.title, "Testshire: Board papers");
        assert_eq!(config.boards.len(), 1);
        assert_eq!(config.boards[0].id, FIRST_BOARD);
        assert_eq!(config.default_risk_matrix, "default");
        assert_eq!(
            config.licence.as_deref(),
            Some("Open Government Licence v3.0")
        );
        let uncommented = uncomment(&text, "risk_matrices:", "default_risk_matrix:");
        assert!(uncommented.contains("\nrisk_matrices:\n"), "{uncommented}");
        let config = load_config_text(&uncommented).unwrap();
        assert!(config.risk_matrices.contains_key("three-by-three"));
    }

    #[test]
    fn the_commented_recommendations_are_valid() {
        let text = uncomment(&item_text("7", "T"), "recommendations:", "    outcome:");
        assert!(text.contains("\nrecommendations:\n"), "{text}");
        assert_eq!(problems(Path::new("x.md"), &text, Kind::Item), []);
    }
}
