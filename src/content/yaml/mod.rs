//! Typed front matter with positions: the one YAML reader of boardpack.
//!
//! The YAML is parsed once, by saphyr-parser, into a [`tree::Tree`] whose
//! nodes keep their exact byte spans. serde's derived types are read from
//! that tree ([`de`]), which reports every mistake of a file rather than
//! the first, and the same tree answers later checks that need to point at
//! a value (an unknown board, a duplicate item number) through
//! [`FieldMap`]. [`words`] turns each mistake into a message that quotes
//! what the author wrote and says what to write instead.

mod de;
pub mod tree;
mod words;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};

pub use de::as_text;
pub use words::{likeness, suggest};

/// Where each value of a front matter block sits in its file.
#[derive(Debug, Clone, Default)]
pub struct FieldMap {
    file: PathBuf,
    /// Where the block starts, for a field that is absent altogether.
    start: Position,
    first_line: usize,
    tree: Option<Arc<tree::Tree>>,
}

impl FieldMap {
    /// The file these positions belong to.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The node at `path` (`a.0.b`), or its nearest enclosing node when the
    /// path is absent: a missing field is reported at the mapping that
    /// should hold it.
    fn node(&self, path: &str) -> Option<&tree::Node> {
        let root = &self.tree.as_ref()?.root;
        let mut path = path;
        loop {
            if let Some(node) = root.at_path(path) {
                return Some(node);
            }
            match path.rfind('.') {
                Some(dot) => path = &path[..dot],
                None => return Some(root),
            }
        }
    }

    /// The position of the value at `path`, or of its nearest enclosing value.
    pub fn at(&self, path: &str) -> Position {
        self.node(path)
            .map_or(self.start, |node| self.position(node))
    }

    fn position(&self, node: &tree::Node) -> Position {
        if self
            .tree
            .as_ref()
            .is_some_and(|t| t.root.span.is_empty() && t.root.id == node.id)
        {
            return self.start;
        }
        Position::new(node.line + self.first_line - 1, node.column)
    }

    /// Whether the front matter spelled out this field.
    pub fn has(&self, path: &str) -> bool {
        self.tree
            .as_ref()
            .is_some_and(|t| t.root.at_path(path).is_some())
    }

    /// A diagnostic underlining exactly the value at `path`.
    fn pointing(&self, path: &str, diagnostic: Diagnostic) -> Diagnostic {
        match self.node(path) {
            Some(node) if !node.span.is_empty() => Diagnostic {
                position: self.position(node),
                length: Some(node.span.len()),
                ..diagnostic
            },
            _ => diagnostic,
        }
    }

    /// An error at the value of `path`.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.pointing(path, Diagnostic::error(&self.file, self.at(path), message))
    }

    /// An error at the key of the entry at `path` rather than at its value,
    /// for a mistake in the name itself (a misspelt budget column): the
    /// pointer underlines what the author has to retype.
    pub fn key_error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let key = self.tree.as_ref().and_then(|tree| {
            let value = tree.root.at_path(path)?;
            tree.key_of(value.id)
        });
        match key {
            Some(key) => Diagnostic {
                length: (!key.span.is_empty()).then_some(key.span.len()),
                ..Diagnostic::error(&self.file, self.position(key), message)
            },
            None => self.error(path, message),
        }
    }

    /// A warning at the value of `path`.
    pub fn warning(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.pointing(
            path,
            Diagnostic::warning(&self.file, self.at(path), message),
        )
    }
}

/// What reading needs to know about the site to word its hints.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    /// The site's language (`en-GB`), which decides how `11/12/2018` reads.
    pub language: &'a str,
}

impl Default for Reading<'_> {
    fn default() -> Self {
        Reading { language: "en-GB" }
    }
}

/// The most YAML one block may hold: a budget of twenty thousand lines is a
/// quarter of it, and the tree of a block takes several times its size.
pub const MAX_BYTES: usize = 4 << 20;

/// Parses `yaml`, which starts on line `first_line` of `file`, into `T`;
/// or every mistake in it. A block that is not YAML at all gets its one
/// syntax error.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    yaml: &str,
    first_line: usize,
    reading: Reading,
) -> Result<(T, FieldMap), Vec<Diagnostic>> {
    let start = Position::new(first_line.saturating_sub(1).max(1), 1);
    if yaml.len() > MAX_BYTES {
        return Err(vec![
            Diagnostic::error(
                file,
                Position::new(first_line, 1),
                format!(
                    "this YAML is {}; at most {} is read",
                    crate::format::file_size(yaml.len() as u64),
                    crate::format::file_size(MAX_BYTES as u64)
                ),
            )
            .with_hint("split the data between papers, or publish it as an appendix file"),
        ]);
    }
    let tree = tree::read(yaml).map_err(|e| {
        vec![
            Diagnostic::error(
                file,
                Position::new(e.line + first_line - 1, e.column),
                match e.help {
                    Some(_) => format!("front matter {}", e.message),
                    None => format!("invalid YAML: {}", e.message),
                },
            )
            .with_length(e.span.len())
            .with_hint(syntax_hint(yaml, &e)),
        ]
    })?;
    let fields = FieldMap {
        file: file.to_path_buf(),
        start,
        first_line,
        tree: Some(Arc::new(tree)),
    };
    let tree = fields.tree.as_deref().expect("just set");
    match de::read::<T>(tree) {
        Ok(value) => Ok((value, fields)),
        Err(mistakes) => Err(words::describe(&fields, tree, yaml, &mistakes, reading)),
    }
}

/// What to do about a syntax error: for a value with a second `: ` in it,
/// the line with the value in quotes.
fn syntax_hint(yaml: &str, error: &tree::SyntaxError) -> String {
    if let Some(help) = &error.help {
        return help.clone();
    }
    let line = yaml.lines().nth(error.line.saturating_sub(1)).unwrap_or("");
    let quoted = line.split_once(": ").and_then(|(key, value)| {
        let value = value.trim();
        let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>']);
        (error.message.contains("mapping values") && plain && value.contains(": "))
            .then(|| format!("{key}: {}", words::quoted(value)))
    });
    match quoted {
        Some(line) => format!("a value that holds `: ` must be in quotes: `{}`", line.trim_start()),
        None => "check the indentation, and put in quotes a value that contains `: ` or ` #` or starts with a special character".into(),
    }
}

/// Reads YAML text that is not front matter (a test's or a scaffold's),
/// with the first mistake as plain text: its message and its help.
pub fn from_str<T: DeserializeOwned>(yaml: &str) -> Result<T, String> {
    parse::<T>(Path::new("<text>"), yaml, 1, Reading::default())
        .map(|(value, _)| value)
        .map_err(|mistakes| {
            mistakes
                .first()
                .map(|d| match &d.hint {
                    Some(hint) => format!("{}\n  help: {hint}", d.message),
                    None => d.message.clone(),
                })
                .unwrap_or_default()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        #[serde(default)]
        recommendations: Vec<Rec>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rec {
        id: String,
        outcome: Outcome,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Outcome {
        Agreed,
        Deferred,
    }

    const YAML: &str = "title: Support\nrecommendations:\n  - id: a\n    outcome: agreed\n  - id: b\n    outcome: deferred\n";

    fn parse_front(yaml: &str) -> Result<(Front, FieldMap), Vec<Diagnostic>> {
        parse::<Front>(Path::new("x.md"), yaml, 2, Reading::default())
    }

    #[test]
    fn records_positions_of_nested_values() {
        let (_, fields) = parse_front(YAML).unwrap();
        assert_eq!(fields.at("title"), Position::new(2, 8));
        assert_eq!(fields.at("recommendations.1.outcome"), Position::new(7, 14));
        assert_eq!(fields.at("recommendations.1.id"), Position::new(6, 9));
        // A missing path falls back to its parent.
        assert_eq!(
            fields.at("recommendations.1.nothing"),
            fields.at("recommendations.1")
        );
        assert!(fields.has("recommendations.1.id"));
        assert!(!fields.has("recommendations.2"));
        let error = fields.error("recommendations.1.outcome", "x");
        assert_eq!(error.length, Some("deferred".len()));
    }

    #[test]
    fn unknown_fields_suggest_the_right_name() {
        let err = parse_front("titel: A\n").unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(err[0].position, Position::new(2, 1));
        assert_eq!(err[0].message, "unknown field `titel`");
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unknown_values_are_located_and_suggested() {
        let yaml = "title: A\nrecommendations:\n  - id: a\n    outcome: agred\n";
        let err = parse_front(yaml).unwrap_err();
        assert_eq!(err[0].position, Position::new(5, 14));
        assert_eq!(err[0].length, Some(5));
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `agreed`?"));
    }

    #[test]
    fn syntax_errors_name_the_line_in_the_file() {
        let err = parse_front("title: [A\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(err[0].message.starts_with("invalid YAML"));
        assert!(err[0].position.line >= 2);
    }

    #[test]
    fn a_colon_in_a_value_gets_the_quoted_line() {
        let err = parse_front("title: Work programme: the next steps\n").unwrap_err();
        assert_eq!(
            err[0].hint.as_deref(),
            Some(
                "a value that holds `: ` must be in quotes: `title: \"Work programme: the next steps\"`"
            )
        );
    }

    #[test]
    fn missing_fields_ask_for_them() {
        let err = parse_front("").unwrap_err();
        assert_eq!(
            err[0].hint.as_deref(),
            Some("add `title: ...` beside the other fields here")
        );
    }

    #[test]
    fn three_mistakes_are_three_errors_in_order() {
        let yaml = "titel: A\nrecommendations:\n  - id: a\n    outcome: agred\n  - id: [b]\n    outcome: deferred\n";
        let err = parse_front(yaml).unwrap_err();
        let lines: Vec<usize> = err.iter().map(|d| d.position.line).collect();
        assert_eq!(lines, [2, 5, 6], "{err:#?}");
    }
}
