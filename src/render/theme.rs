//! The theme: templates and static files, built in and overridable.
//!
//! The default theme is compiled into the binary so a site needs nothing but
//! its content. A site may override any template by name in
//! `themes/<theme>/templates/` or `templates/`, and add files in `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Position};

macro_rules! embed {
    ($kind:literal, $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $kind, "/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates.
const TEMPLATES: &[(&str, &[u8])] = embed!(
    "templates",
    "base.html",
    "macros.html",
    "home.html",
    "meetings.html",
    "meeting.html",
    "item.html",
    "appendix.html",
    "boards.html",
    "board.html",
    "documents.html",
    "document.html",
    "news.html",
    "article.html",
    "page.html",
    "404.html",
    "pack.html",
    "news_month.html",
    "email.html",
    "email.txt",
    "withheld.html",
    "members.html",
    "member.html",
    "declarations.html",
    "changes.html",
    "decisions.html",
    "risks.html",
    "risk_history.html",
    "budgets.html",
    "targets.html",
    "target_history.html",
    "data.html",
    "search.html",
    "papers.xml",
    "actions.html",
);

/// The default theme's static files, published at the site's root.
/// The theme's own files, written at the root of every site.
pub(crate) const STATIC: &[(&str, &[u8])] = embed!("static", "style.css", "search.js");

/// A template's text and where it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub text: String,
    /// The file, relative to the site root with `/` separators; `None` for
    /// a template of the built-in default theme.
    pub file: Option<PathBuf>,
}

impl Template {
    /// The file to name in a diagnostic about this template.
    pub fn file_for_diagnostics(&self, name: &str) -> PathBuf {
        self.file
            .clone()
            .unwrap_or_else(|| Path::new("themes/default/templates").join(name))
    }
}

/// Templates by name, with the site's overrides applied.
pub fn templates(root: &Path, theme: &str) -> Result<BTreeMap<String, Template>, Diagnostic> {
    let mut all: BTreeMap<String, Template> = BTreeMap::new();
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(Diagnostic::error(
            "site.yaml",
            Position::new(1, 1),
            format!("there is no theme `{theme}` in themes/"),
        )
        .with_hint("write `theme: default`, or add the theme's folder under themes/"));
    }
    for (name, bytes) in TEMPLATES {
        all.insert(
            name.to_string(),
            Template {
                text: String::from_utf8_lossy(bytes).into_owned(),
                file: None,
            },
        );
    }
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        read_dir_into(&dir, &mut all, |path, bytes| Template {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            file: Some(relative_to(root, path)),
        })?;
    }
    Ok(all)
}

/// Static files by output path: the theme's, then the site's `static/`.
pub fn static_files(root: &Path, theme: &str) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    let mut all: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    for dir in [
        root.join("themes").join(theme).join("static"),
        root.join("static"),
    ] {
        read_dir_into(&dir, &mut all, |_, bytes| bytes)?;
    }
    Ok(all)
}

fn read_dir_into<T>(
    dir: &Path,
    into: &mut BTreeMap<String, T>,
    convert: impl Fn(&Path, Vec<u8>) -> T,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(dir, Position::new(1, 1), format!("cannot read: {e}"))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(
                entry.path(),
                Position::new(1, 1),
                format!("cannot read: {e}"),
            )
        })?;
        into.insert(
            relative.to_string_lossy().replace('\\', "/"),
            convert(entry.path(), bytes),
        );
    }
    Ok(())
}

/// `path` relative to `root` with `/` separators, as diagnostics name files.
fn relative_to(root: &Path, path: &Path) -> PathBuf {
    let relative = path.strip_prefix(root).unwrap_or(path);
    PathBuf::from(relative.to_string_lossy().replace('\\', "/"))
}
