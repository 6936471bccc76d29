//! Mistakes found while reading front matter, put into words an author can
//! act on: each message quotes what was written (never a Rust type or a
//! path like `budget[0].lines[1]`), and each hint says what to write.

use super::de::{Kind, Mistake};
use super::tree::{Node, Style, Tree, Value};
use super::{FieldMap, Reading};
use crate::diagnostics::Diagnostic;

/// One diagnostic per mistake, in the order they appear in the file. A
/// missing field that an unknown one beside it misspells is not reported
/// twice: the unknown field's hint names it.
pub fn describe(
    fields: &FieldMap,
    tree: &Tree,
    yaml: &str,
    mistakes: &[Mistake],
    reading: Reading,
) -> Vec<Diagnostic> {
    // A value cut short by a comma is reported once, at the value.
    let cuts: Vec<Cut> = mistakes
        .iter()
        .filter_map(|m| comma_cut(tree, yaml, tree.node(m.node)?))
        .filter(|cut| mistakes.iter().any(|m| m.node == cut.value.id))
        .collect();
    let mut out: Vec<(usize, Diagnostic)> = mistakes
        .iter()
        .filter(|m| !misspelt_elsewhere(tree, mistakes, m))
        .filter(|m| !cuts.iter().any(|cut| cut.rest.id == m.node))
        .filter_map(|m| {
            let node = tree.node(m.node)?;
            let cut = cuts.iter().find(|cut| cut.value.id == m.node);
            let diagnostic = match cut {
                Some(cut) => cut_value(cut),
                None => describe_one(tree, yaml, node, &m.kind, reading),
            };
            let length = cut.map_or(node.span.len(), |cut| cut.whole.len());
            let at = Diagnostic {
                position: fields.position(node),
                length: (length > 0).then_some(length),
                ..diagnostic
            };
            Some((node.span.start, at))
        })
        .collect();
    out.sort_by_key(|(start, d)| (*start, d.position));
    out.into_iter()
        .map(|(_, d)| Diagnostic {
            file: fields.file().to_path_buf(),
            ..d
        })
        .collect()
}

/// Whether `mistake` is a missing field that an unknown field in the same
/// mapping is a misspelling of.
fn misspelt_elsewhere(tree: &Tree, mistakes: &[Mistake], mistake: &Mistake) -> bool {
    let Kind::MissingField(field) = mistake.kind else {
        return false;
    };
    mistakes.iter().any(|other| match &other.kind {
        Kind::UnknownField { name, .. } => {
            tree.parent(other.node) == Some(mistake.node) && close(name, field)
        }
        _ => false,
    })
}

fn describe_one(tree: &Tree, yaml: &str, node: &Node, kind: &Kind, reading: Reading) -> Diagnostic {
    let error = |message: String| Diagnostic::error("", Default::default(), message);
    let field = tree.key_of(node.id).and_then(scalar_text);
    match kind {
        Kind::UnknownField { name, fields } => {
            let error = error(format!("unknown field `{name}`"));
            match comma_cut(tree, yaml, node) {
                Some(cut) if cut.rest.id == node.id => error.with_hint(split_hint(&cut)),
                _ => error.with_hint(suggest(name, fields, "field")),
            }
        }
        Kind::WrongType { expected } => {
            let (what, example) = expected_in_words(expected);
            let subject = match &field {
                Some(name) => format!("`{name}`"),
                None => "this entry".into(),
            };
            error(format!(
                "{subject} must be {what}, not {}",
                written(yaml, node)
            ))
            .with_hint(example)
        }
        Kind::UnknownValue { value, allowed } => {
            let of = field.map(|f| format!(" for `{f}`")).unwrap_or_default();
            error(format!("unknown value `{value}`{of}"))
                .with_hint(suggest(value, allowed, "value"))
        }
        Kind::MissingField(name) => error(format!("missing field `{name}`"))
            .with_hint(format!("add `{name}: ...` beside the other fields here")),
        Kind::DuplicateField(name) => {
            error(format!("the field `{name}` is given twice")).with_hint("keep one of them")
        }
        Kind::WrongLength { expected, found } => error(format!(
            "expected {}, found {found} entries",
            expected_in_words(expected).0
        )),
        Kind::Message(message) => {
            // A value's own check says what is wrong on its first line and
            // what to write on a second: the advice goes on the help line.
            let (what, advice) = match message.split_once('\n') {
                Some((what, advice)) => (what.to_string(), Some(advice.to_string())),
                None => (message.clone(), None),
            };
            let advice = advice.map(|advice| {
                if advice.ends_with("YYYY-MM-DD") {
                    format!("{advice}, for example 2008-09-12")
                } else {
                    advice
                }
            });
            let error = error(what);
            match date_hint(node, message, reading).or(advice) {
                Some(hint) => error.with_hint(hint),
                None => error,
            }
        }
    }
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// The author's own text of `node`, quoted, or what kind of thing it is.
fn written(yaml: &str, node: &Node) -> String {
    match &node.value {
        Value::Sequence(_) => "a list".into(),
        Value::Mapping { .. } => "a set of fields".into(),
        Value::Scalar { .. } if node.is_null() => "empty".into(),
        Value::Scalar { text, .. } => {
            let text = yaml.get(node.span.clone()).unwrap_or(text).trim();
            let text = match text.char_indices().nth(60) {
                Some((cut, _)) => format!("{}…", &text[..cut]),
                None => text.to_string(),
            };
            format!("`{text}`")
        }
    }
}

/// What serde said it expected, in words, with an example for the hint.
fn expected_in_words(expected: &str) -> (String, String) {
    let (what, example) = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
            ("a whole number", "write digits only, for example 3")
        }
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => {
            ("a whole number", "write digits only, for example 3 or -2")
        }
        "f32" | "f64" => ("a number", "write digits only, for example 2.5"),
        "a boolean" => ("`true` or `false`", "write true or false"),
        "a string" | "a borrowed string" | "a text value" | "a character" | "a char" => (
            "text",
            "write the text after the colon, in quotes if it contains `: `",
        ),
        e if e.starts_with("a sequence") || e.starts_with("tuple") => (
            "a list",
            "write a list, one `- entry` per line, or `[a, b]`",
        ),
        e if e.starts_with("struct ") || e.starts_with("a map") || e == "map" => (
            "a set of fields",
            "write `name: value` lines indented under it, or `{name: value}`",
        ),
        e if e.starts_with("enum ") => (
            "one of the allowed values",
            "see the user guide for this field",
        ),
        other => return (other.to_string(), format!("write {other}")),
    };
    (what.to_string(), example.to_string())
}

/// A plain value in a `{…}` mapping that a comma cut short: the rest of it
/// became a key with no value (`{amount: -£3,192}` reads as `amount: -£3`
/// and a key `192`).
struct Cut<'t> {
    field: String,
    value: &'t Node,
    rest: &'t Node,
    /// The whole text the author meant as the value.
    whole: String,
}

/// The cut that `node` (the cut value, or the key its rest became) is part
/// of, if any.
fn comma_cut<'t>(tree: &'t Tree, yaml: &str, node: &Node) -> Option<Cut<'t>> {
    let mapping = tree.node(tree.parent(node.id)?)?;
    let Value::Mapping {
        entries,
        flow: true,
    } = &mapping.value
    else {
        return None;
    };
    let at = entries
        .iter()
        .position(|(k, v)| k.id == node.id || v.id == node.id)?;
    let at = if entries[at].0.id == node.id {
        at.checked_sub(1)?
    } else {
        at
    };
    let (key, value) = &entries[at];
    let (rest, rest_value) = entries.get(at + 1)?;
    let plain = matches!(
        &value.value,
        Value::Scalar {
            style: Style::Plain,
            ..
        }
    );
    if !plain || !rest_value.is_null() {
        return None;
    }
    Some(Cut {
        field: scalar_text(key)?,
        value,
        rest,
        whole: yaml.get(value.span.start..rest.span.end)?.to_string(),
    })
}

/// `text` as a double-quoted YAML scalar.
pub(super) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The hint for the key a cut value's rest became.
fn split_hint(cut: &Cut) -> String {
    match amount_meant(&cut.whole) {
        Some(number) => format!(
            "a comma ends a value in `{{…}}`, so `{}` was cut in two; write the amount as a plain number: `{}: {number}`",
            cut.whole, cut.field
        ),
        None => format!(
            "a comma ends a value in `{{…}}`, so the value of `{}` was cut in two; put it in quotes: `{}: {}`",
            cut.field,
            cut.field,
            quoted(&cut.whole)
        ),
    }
}

/// The number an amount written with signs and separators (`-£3,192`)
/// means (`-3192`), keeping its sign and every digit.
fn amount_meant(whole: &str) -> Option<String> {
    let number: String = whole
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | '-'))
        .collect();
    let is_amount = !number.is_empty()
        && number.parse::<f64>().is_ok()
        && whole
            .chars()
            .all(|c| c.is_ascii_digit() || ",.-+£$€ ".contains(c));
    is_amount.then_some(number)
}

/// The message for a value that a comma cut short: an amount is given as
/// the number meant, any other value in quotes.
fn cut_value(cut: &Cut) -> Diagnostic {
    let (field, whole) = (&cut.field, &cut.whole);
    let hint = match amount_meant(whole) {
        Some(number) => format!("write the amount as a plain number: `{field}: {number}`"),
        None => format!("put the value in quotes: `{field}: {}`", quoted(whole)),
    };
    Diagnostic::error(
        "",
        Default::default(),
        format!("the comma in `{whole}` ends the value of `{field}` inside `{{…}}`"),
    )
    .with_hint(hint)
}

/// For a date written the way people write it by hand (`11/12/2018`), the
/// ISO date it most likely means in the site's language.
fn date_hint(node: &Node, message: &str, reading: Reading) -> Option<String> {
    if !message.contains("YYYY-MM-DD") {
        return None;
    }
    let text = scalar_text(node)?;
    let parts: Vec<&str> = text.trim().split(['/', '.', '-']).collect();
    let [a, b, year] = parts.as_slice() else {
        return None;
    };
    let (a, b, year): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, year.parse().ok()?);
    if year < 1000 {
        return None;
    }
    let month_first = reading.language.eq_ignore_ascii_case("en-US");
    let (day, month) = if month_first { (b, a) } else { (a, b) };
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(format!(
        "if you mean {}, write {}",
        date.format("%-d %B %Y"),
        date.format("%Y-%m-%d")
    ))
}

/// How alike a name is to a choice (0 to 1), when close enough to be the
/// choice mistyped.
pub fn likeness(name: &str, choice: &str) -> Option<f64> {
    let score = strsim::jaro_winkler(name, choice);
    (score > 0.8).then_some(score)
}

fn close(a: &str, b: &str) -> bool {
    likeness(a, b).is_some()
}

/// "did you mean" when a choice is close, else the list of choices.
pub fn suggest(name: &str, allowed: &[&str], what: &str) -> String {
    let best = allowed
        .iter()
        .filter_map(|choice| Some((likeness(name, choice)?, *choice)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, choice)) => format!("did you mean `{choice}`?"),
        None if allowed.is_empty() => format!("remove this {what}"),
        None => format!("allowed {what}s: {}", allowed.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Reading, parse};
    use serde::Deserialize;
    use std::path::Path;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Declaration {
        member: String,
        #[serde(default)]
        interest: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        #[serde(default)]
        declarations: Vec<Declaration>,
        #[serde(default)]
        likelihood: Option<u32>,
        #[serde(default)]
        date: Option<crate::model::values::Date>,
    }

    fn first(yaml: &str, language: &str) -> crate::diagnostics::Diagnostic {
        parse::<Front>(Path::new("x.md"), yaml, 2, Reading { language })
            .unwrap_err()
            .remove(0)
    }

    #[test]
    fn a_comma_in_a_flow_mapping_gets_the_quoted_line() {
        let d = first(
            "declarations:\n  - {member: Cllr B, interest: Lobbied on Heather House, no disclosable interest}\n",
            "en-GB",
        );
        assert_eq!(d.message, "unknown field `no disclosable interest`");
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "a comma ends a value in `{…}`, so the value of `interest` was cut in two; put it in quotes: `interest: \"Lobbied on Heather House, no disclosable interest\"`"
            )
        );
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Line {
        label: String,
        amount: crate::model::values::Money,
    }

    #[test]
    fn an_amount_cut_by_a_comma_is_given_back_whole() {
        let err = parse::<Line>(
            Path::new("x.md"),
            "{label: Overspend, amount: -£3,192}\n",
            2,
            Reading::default(),
        )
        .unwrap_err();
        assert_eq!(err.len(), 1, "{err:#?}");
        assert_eq!(
            err[0].message,
            "the comma in `-£3,192` ends the value of `amount` inside `{…}`"
        );
        assert_eq!(
            err[0].hint.as_deref(),
            Some("write the amount as a plain number: `amount: -3192`")
        );
    }

    #[test]
    fn an_amount_split_by_a_comma_is_given_back_as_a_number() {
        let err = parse::<Line>(
            Path::new("x.md"),
            "{label: Staff, amount: 12,500}\n",
            2,
            Reading::default(),
        )
        .unwrap_err();
        assert_eq!(err.len(), 1, "{err:#?}");
        assert_eq!(err[0].message, "unknown field `500`");
        assert_eq!(
            err[0].hint.as_deref(),
            Some(
                "a comma ends a value in `{…}`, so `12,500` was cut in two; write the amount as a plain number: `amount: 12500`"
            )
        );
    }

    #[test]
    fn type_errors_say_what_the_field_takes_in_words() {
        let d = first("likelihood: D4\n", "en-GB");
        assert_eq!(d.message, "`likelihood` must be a whole number, not `D4`");
        assert_eq!(d.hint.as_deref(), Some("write digits only, for example 3"));
        assert!(!d.message.contains("u32"));
    }

    #[test]
    fn hand_written_dates_get_the_iso_date_of_the_site_language() {
        let d = first("date: 11/12/2018\n", "en-GB");
        assert_eq!(
            d.hint.as_deref(),
            Some("if you mean 11 December 2018, write 2018-12-11")
        );
        let d = first("date: 11/12/2018\n", "en-US");
        assert_eq!(
            d.hint.as_deref(),
            Some("if you mean 12 November 2018, write 2018-11-12")
        );
    }
}
