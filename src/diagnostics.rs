//! Errors and warnings about a site's sources.
//!
//! Every problem boardpack finds is a [`Diagnostic`] that points at a file,
//! line and column, says what is wrong and, where it can, what to write
//! instead. A build gathers all of them before it stops, so an author fixes a
//! whole batch in one pass rather than one error per run.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term::{self, termcolor};

/// How serious a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file; both numbers count from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }

    /// The position of a byte offset within `text`.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// Where the lines of a text start, to place many offsets in it without
/// rescanning the text for each: [`Position::of_offset`] for each of a
/// file's broken links made the file's check quadratic in its length.
#[derive(Debug)]
pub struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    pub fn new(text: &'a str) -> Self {
        let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        LineStarts {
            text,
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    /// The same position as [`Position::of_offset`] gives.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: PathBuf,
    pub position: Position,
    /// How many bytes from `position` the pointer underlines, when the
    /// reader knows the exact span; otherwise the token there is guessed.
    pub length: Option<usize>,
    pub message: String,
    /// What to write instead.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position,
            length: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    /// Underlines exactly `length` bytes from the position.
    pub fn with_length(mut self, length: usize) -> Self {
        self.length = Some(length);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn sort_key(&self) -> (&Path, Position, Severity, &str) {
        (&self.file, self.position, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{kind}: {}:{}:{}: {}",
            self.file.display(),
            self.position.line,
            self.position.column,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// All the diagnostics of one build, kept in file and line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many distinct errors there are (a repeated one counts once, as
    /// it is printed once).
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.clone()
            .sorted()
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The line that ends every run: `2 errors, 1 warning`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, then line and column, without repeats.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.sorted().into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

impl rayon::iter::FromParallelIterator<Diagnostic> for Diagnostics {
    fn from_par_iter<I: rayon::iter::IntoParallelIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: rayon::iter::ParallelIterator::collect(iter.into_par_iter()),
        }
    }
}

/// Writes diagnostics the way cargo does: the location, the source line with
/// a pointer under the problem, and the hint. `root` is where the relative
/// file names in the diagnostics are read from to show their lines.
pub fn emit(diagnostics: &Diagnostics, root: &Path, colour: bool) -> String {
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<PathBuf, Option<usize>> = BTreeMap::new();
    let mut buffer = if colour {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    for d in diagnostics.clone().sorted() {
        let id = *ids.entry(d.file.clone()).or_insert_with(|| {
            std::fs::read_to_string(root.join(&d.file))
                .ok()
                .map(|text| files.add(d.file.display().to_string(), terminal_safe(&text)))
        });
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(terminal_safe(&d.message));
        let line = id.and_then(|id| {
            let range = files.line_range(id, d.position.line.checked_sub(1)?).ok()?;
            Some((id, range))
        });
        let report = match line {
            Some((id, line)) if line.len() <= MAX_SHOWN_LINE => {
                let source = files.get(id).expect("added above").source();
                report.with_labels(vec![Label::primary(id, label_range(source, line, &d))])
            }
            _ => report.with_notes(where_noted(
                &d,
                line.map(|(id, line)| {
                    let source = files.get(id).expect("added above").source();
                    &source[line]
                }),
            )),
        };
        let report = match &d.hint {
            Some(hint) => report.with_notes(vec![format!("help: {}", terminal_safe(hint))]),
            None => report,
        };
        // Writing into an in-memory buffer cannot fail.
        let _ = term::emit_to_write_style(&mut buffer, &config, &files, &report);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// `text` with every control character a terminal would act on (an escape
/// sequence from a hostile file could rewrite the screen) shown as `?`, or
/// `·` for the two-byte ones, so byte offsets into it stay true. Line
/// breaks and tabs stay.
fn terminal_safe(text: &str) -> String {
    let mut chars = text.chars().peekable();
    let mut safe = String::with_capacity(text.len());
    while let Some(c) = chars.next() {
        safe.push(match c {
            '\n' | '\t' => c,
            '\r' if chars.peek() == Some(&'\n') => c,
            '\u{80}'..='\u{9f}' => '·',
            c if c.is_control() => '?',
            c => c,
        });
    }
    safe
}

/// Lines longer than this (a long paragraph written on one line) are not
/// quoted under a diagnostic, as a hostile file may hold a line of
/// megabytes: their place is given in words with the text around it.
const MAX_SHOWN_LINE: usize = 1000;

/// The bytes of `source` the pointer of `d` underlines, within `line`.
fn label_range(source: &str, line: Range<usize>, d: &Diagnostic) -> Range<usize> {
    let text = &source[line.clone()];
    let start = line.start + column_offset(text, d.position.column);
    match d.length {
        Some(length) => start..(start + length).min(source.len()),
        None => {
            let token = token_at(text, start - line.start);
            line.start + token.start..line.start + token.end
        }
    }
}

/// The byte offset of a 1-based character column in a line; the end of
/// the line (without its break) if the line is shorter.
fn column_offset(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.trim_end_matches(['\n', '\r']).len(), |(i, _)| i)
}

/// The range of the token that starts at byte `start` of `line`: a value
/// runs to the end of the line, or to what ends it in flow style; a key
/// runs to its `: `.
fn token_at(line: &str, start: usize) -> Range<usize> {
    let rest = &line[start..];
    let end = rest
        .find([',', '}', ']', '#', '\n', '\r'])
        .unwrap_or(rest.len())
        .min(rest.find(": ").unwrap_or(usize::MAX));
    let len = rest[..end].trim_end().len().max(1).min(rest.len());
    start..start + len
}

/// The notes that place a diagnostic whose line cannot be shown: where,
/// and the text around the column when the line is known.
fn where_noted(d: &Diagnostic, line: Option<&str>) -> Vec<String> {
    let mut notes = vec![format!(
        "at {}:{}:{}",
        d.file.display(),
        d.position.line,
        d.position.column
    )];
    if let Some(line) = line {
        let at = column_offset(line, d.position.column);
        let before: String = line[..at]
            .chars()
            .rev()
            .take(30)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = line[at..].chars().take(50).collect();
        let clipped = |shown: &str, whole: &str| if shown.len() < whole.len() { "…" } else { "" };
        notes.push(format!(
            "near: {}{before}{after}{}",
            clipped(&before, &line[..at]),
            clipped(&after, line[at..].trim_end_matches(['\n', '\r'])),
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_place_offsets_as_of_offset_does() {
        let text = "ab\n\u{e9}t\u{e9}\r\n\n\u{1f600}x\nlast";
        let lines = LineStarts::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                lines.position(offset),
                Position::of_offset(text, offset),
                "at {offset}"
            );
        }
        assert_eq!(LineStarts::new("").position(5), Position::new(1, 1));
    }

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 4), Position::new(2, 2));
        assert_eq!(Position::of_offset(text, 8), Position::new(3, 1));
    }

    #[test]
    fn diagnostics_sort_by_file_then_line() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("b.md", Position::new(1, 1), "x"));
        all.push(Diagnostic::error("a.md", Position::new(9, 1), "y"));
        all.push(Diagnostic::error("a.md", Position::new(2, 1), "z"));
        let order: Vec<_> = all.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["z", "y", "x"]);
    }

    #[test]
    fn span_points_at_the_token() {
        let line = "title: Hello world\n";
        assert_eq!(&line[token_at(line, column_offset(line, 8))], "Hello world");
        assert_eq!(&line[token_at(line, column_offset(line, 1))], "title");
        let flow = "risk: {likelihood: Very likely, impact: 6}\n";
        assert_eq!(
            &flow[token_at(flow, column_offset(flow, 20))],
            "Very likely"
        );
        assert_eq!(column_offset("é1\n", 2), 2);
        assert_eq!(column_offset("ab\r\n", 9), 2);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text = "a\u{1b}[2J\rb\r\n\u{9b}c\td\u{7f}";
        let safe = terminal_safe(text);
        assert_eq!(safe, "a?[2J?b\r\n·c\td?");
        assert_eq!(safe.len(), text.len());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "title: \u{1b}]0;owned\u{7}\n").unwrap();
        let mut all = Diagnostics::new();
        let d =
            Diagnostic::error("a.md", Position::new(1, 8), "bad \u{1b}[31m").with_hint("\u{1b}c");
        all.push(d);
        let shown = emit(&all, dir.path(), false);
        assert!(
            !shown.contains(|c: char| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(shown.contains("title: ?]0;owned?"), "{shown}");
    }

    #[test]
    fn a_long_line_is_placed_in_words_with_the_text_around_it() {
        let dir = tempfile::tempdir().unwrap();
        let line = format!("x: {}\n", "[".repeat(5000));
        std::fs::write(dir.path().join("a.md"), format!("---\n{line}---\n")).unwrap();
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("a.md", Position::new(2, 68), "too deep").with_hint("less"));
        let text = emit(&all, dir.path(), false);
        let near = format!("near: …{}…", "[".repeat(80));
        assert_eq!(
            text,
            format!("error: too deep\n = at a.md:2:68\n = {near}\n = help: less\n\n")
        );
    }
}
