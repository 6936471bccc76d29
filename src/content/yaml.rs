//! Typed front matter with positions.
//!
//! serde_yaml turns the YAML into typed structs and reports syntax and type
//! errors with a location. Checks made after parsing (an unknown board, a
//! duplicate item number) need positions too, so a second, event-level pass
//! with yaml-rust2 records where every value sits, keyed by its path such as
//! `recommendations.0.outcome`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, Position};

/// Where each value of a front matter block sits in its file. The positions
/// are found only when first asked for: most files have no errors, and
/// reading the YAML a second time for them would double the cost of loading.
#[derive(Debug, Clone, Default)]
pub struct FieldMap {
    file: PathBuf,
    start: Position,
    yaml: String,
    first_line: usize,
    values: OnceLock<HashMap<String, Position>>,
}

impl FieldMap {
    /// The file these positions belong to.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The position of the value at `path` (`a.0.b`), or of its nearest
    /// enclosing value when the path is absent (a missing field is reported
    /// at the mapping that should hold it).
    pub fn at(&self, path: &str) -> Position {
        let values = self.values();
        let mut path = path;
        loop {
            if let Some(position) = values.get(path) {
                return *position;
            }
            match path.rfind('.') {
                Some(dot) => path = &path[..dot],
                None => return values.get("").copied().unwrap_or(self.start),
            }
        }
    }

    /// Whether the front matter spelled out this field.
    pub fn has(&self, path: &str) -> bool {
        self.values().contains_key(path)
    }

    fn values(&self) -> &HashMap<String, Position> {
        self.values.get_or_init(|| {
            let mut values: HashMap<String, Position> = record(&self.yaml)
                .unwrap_or_default()
                .into_iter()
                .map(|(path, (line, col))| (path, shift(self.first_line, line, col + 1)))
                .collect();
            values.entry(String::new()).or_insert(self.start);
            values
        })
    }

    /// An error at the value of `path`.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file, self.at(path), message)
    }

    /// A warning at the value of `path`.
    pub fn warning(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(&self.file, self.at(path), message)
    }
}

/// A position in the YAML block as a position in the file.
fn shift(first_line: usize, line: usize, column: usize) -> Position {
    Position::new(line + first_line - 1, column)
}

/// A value's path and its line and column (0-based) in the YAML block.
type Recorded = (String, (usize, usize));

/// The position of every value by path, or the syntax error.
fn record(yaml: &str) -> Result<Vec<Recorded>, yaml_rust2::ScanError> {
    let mut recorder = Recorder::default();
    Parser::new_from_str(yaml).load(&mut recorder, false)?;
    Ok(recorder.values)
}

/// Parses `yaml`, which starts on line `first_line` of `file`, into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    yaml: &str,
    first_line: usize,
) -> Result<(T, FieldMap), Diagnostic> {
    let start = Position::new(first_line.saturating_sub(1).max(1), 1);
    let fields = FieldMap {
        file: file.to_path_buf(),
        start,
        yaml: yaml.to_string(),
        first_line,
        values: OnceLock::new(),
    };
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    match serde_yaml::from_str::<T>(source) {
        Ok(value) => Ok((value, fields)),
        Err(err) => {
            // yaml-rust2 words syntax errors more plainly than libyaml.
            if let Err(syntax) = record(yaml) {
                let mark = syntax.marker();
                return Err(Diagnostic::error(file, shift(first_line, mark.line(), mark.col() + 1), format!("invalid YAML: {}", syntax.info()))
                    .with_hint("check the indentation and quote values that contain `: ` or start with a special character"));
            }
            let position = err
                .location()
                .map_or(start, |l| shift(first_line, l.line(), l.column()));
            Err(describe_serde_error(file, position, &err.to_string()))
        }
    }
}

/// Turns a serde message into a diagnostic with a hint on what to write.
fn describe_serde_error(file: &Path, position: Position, message: &str) -> Diagnostic {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let message = message.strip_prefix(".: ").unwrap_or(message).trim();
    let diagnostic = Diagnostic::error(file, position, message);
    if let Some(hint) = hint_for(message) {
        diagnostic.with_hint(hint)
    } else {
        diagnostic
    }
}

fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = after(message, "unknown field `") {
        let (name, allowed) = name_and_choices(rest);
        return Some(suggest(name, &allowed, "field"));
    }
    if let Some(rest) = after(message, "unknown variant `") {
        let (name, allowed) = name_and_choices(rest);
        return Some(suggest(name, &allowed, "value"));
    }
    if let Some(rest) = after(message, "missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return Some(format!("add `{name}: ...` to this mapping"));
    }
    if message.contains("invalid type: string") && message.contains("expected a sequence") {
        return Some("write a list, one `- entry` per line, or `[a, b]`".into());
    }
    None
}

fn after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    text.find(marker).map(|i| &text[i + marker.len()..])
}

/// Splits "`name`, expected one of `a`, `b`" into the name and the choices.
fn name_and_choices(rest: &str) -> (&str, Vec<&str>) {
    let name = rest.split('`').next().unwrap_or(rest);
    let choices = rest
        .split_once("expected")
        .map(|(_, list)| {
            list.split('`')
                .skip(1)
                .step_by(2)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    (name, choices)
}

/// "did you mean" when a choice is close, else the list of choices.
pub fn suggest(name: &str, allowed: &[&str], what: &str) -> String {
    let best = allowed
        .iter()
        .map(|choice| (strsim::jaro_winkler(name, choice), *choice))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, choice)) => format!("did you mean `{choice}`?"),
        None if allowed.is_empty() => format!("remove this {what}"),
        None => format!("allowed {what}s: {}", allowed.join(", ")),
    }
}

/// Records the position of every value by its path while the YAML is read.
#[derive(Default)]
struct Recorder {
    frames: Vec<Frame>,
    values: Vec<Recorded>,
    /// A mapping just opened: the parser marks a block mapping after its
    /// first key, so its position is taken from that key instead.
    pending: Option<String>,
}

enum Frame {
    Mapping { key: Option<String> },
    Sequence { index: usize },
}

impl Recorder {
    fn path(&self) -> String {
        let mut path = String::new();
        for frame in &self.frames {
            let segment = match frame {
                Frame::Mapping { key: Some(key) } => key.clone(),
                Frame::Mapping { key: None } => continue,
                Frame::Sequence { index } => index.to_string(),
            };
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
        path
    }

    fn record_value(&mut self, mark: Marker) {
        let path = self.path();
        self.values.push((path, (mark.line(), mark.col())));
    }

    /// After a value ends, the enclosing mapping waits for its next key and
    /// the enclosing sequence moves to its next entry.
    fn advance(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Mapping { key }) => *key = None,
            Some(Frame::Sequence { index }) => *index += 1,
            None => {}
        }
    }

    fn expects_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Mapping { key: None }))
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) if self.expects_key() => {
                if let Some(path) = self.pending.take() {
                    self.values.push((path, (mark.line(), mark.col())));
                }
                if let Some(Frame::Mapping { key }) = self.frames.last_mut() {
                    *key = Some(value);
                }
            }
            Event::Scalar(..) | Event::Alias(_) => {
                self.record_value(mark);
                self.advance();
            }
            Event::MappingStart(..) => {
                if !self.expects_key() {
                    self.pending = Some(self.path());
                }
                self.frames.push(Frame::Mapping { key: None });
            }
            Event::SequenceStart(..) => {
                self.record_value(mark);
                self.frames.push(Frame::Sequence { index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(path) = self.pending.take() {
                    // An empty mapping: it is where it ends.
                    self.values.push((path, (mark.line(), mark.col())));
                }
                self.frames.pop();
                self.advance();
            }
            _ => {}
        }
    }
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

    #[test]
    fn records_positions_of_nested_values() {
        let (_, fields) = parse::<Front>(Path::new("x.md"), YAML, 2).unwrap();
        assert_eq!(fields.at("title"), Position::new(2, 8));
        assert_eq!(fields.at("recommendations.1.outcome"), Position::new(7, 14));
        assert_eq!(fields.at("recommendations.1.id"), Position::new(6, 9));
        // A missing path falls back to its parent.
        assert_eq!(
            fields.at("recommendations.1.nothing"),
            fields.at("recommendations.1")
        );
    }

    #[test]
    fn unknown_fields_suggest_the_right_name() {
        let err = parse::<Front>(Path::new("x.md"), "titel: A\n", 2).unwrap_err();
        assert_eq!(err.position, Position::new(2, 1));
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unknown_variants_are_located_and_suggested() {
        let yaml = "title: A\nrecommendations:\n  - id: a\n    outcome: agred\n";
        let err = parse::<Front>(Path::new("x.md"), yaml, 2).unwrap_err();
        assert_eq!(err.position.line, 5);
        assert_eq!(err.hint.as_deref(), Some("did you mean `agreed`?"));
    }

    #[test]
    fn syntax_errors_name_the_line_in_the_file() {
        let err = parse::<Front>(Path::new("x.md"), "title: [A\n", 2).unwrap_err();
        assert!(err.message.starts_with("invalid YAML"));
        assert!(err.position.line >= 2);
    }

    #[test]
    fn missing_fields_ask_for_them() {
        let err = parse::<Front>(Path::new("x.md"), "", 2).unwrap_err();
        assert_eq!(
            err.hint.as_deref(),
            Some("add `title: ...` to this mapping")
        );
    }
}
