//! Property tests (issue 12): no input makes the readers panic, hang or take
//! super-linear time; every rejection is a diagnostic at a position inside
//! the text; every accepted generated site builds twice to the same bytes.
//!
//! Each property runs a bounded number of cases in the normal suite
//! ([`cases`]); `PROPTEST_CASES` overrides that for a longer run:
//! `PROPTEST_CASES=100000 cargo test --release --test props`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use boardpack::config::Config;
use boardpack::content::markdown::{self, Destination, LinkTable, Origin};
use boardpack::content::{frontmatter, yaml};
use boardpack::diagnostics::Diagnostic;
use boardpack::model::meeting::MeetingFront;
use boardpack::model::news::{NewsFront, PageFront};
use boardpack::model::paper::PaperFront;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

/// `default` cases, or as many as `PROPTEST_CASES` says.
fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Asserts that `diagnostic` points inside `text`, whose first line is line
/// `first_line` of the file: at a line of the text, and at a column at most
/// one past the end of that line; or at the end of the input, the start of
/// the line after the last. YAML also breaks lines at a lone `\r`.
#[track_caller]
fn assert_inside(diagnostic: &Diagnostic, text: &str, first_line: usize, yaml: bool) {
    let position = diagnostic.position;
    assert!(position.line >= 1 && position.column >= 1, "{diagnostic:?}");
    // A block's "missing field" errors point at the fence above it.
    if position.line + 1 == first_line && position.column == 1 {
        return;
    }
    let lines: Vec<&str> = if yaml {
        text.split("\r\n")
            .flat_map(|l| l.split(['\r', '\n']))
            .collect()
    } else {
        text.split('\n').collect()
    };
    let index = position.line.checked_sub(first_line);
    if index == Some(lines.len()) && position.column == 1 {
        return;
    }
    let line = index.and_then(|i| lines.get(i)).unwrap_or_else(|| {
        panic!(
            "line {} is outside the text of {} lines from line {first_line}: {diagnostic:?}\n{text:?}",
            position.line,
            lines.len()
        )
    });
    assert!(
        position.column <= line.chars().count() + 1,
        "column {} is past the end of line {:?}: {diagnostic:?}\n{text:?}",
        position.column,
        line
    );
}

/// Parses `text` as `T`, checking every diagnostic's position.
fn parse_checked<T: serde::de::DeserializeOwned>(text: &str, first_line: usize) -> bool {
    match yaml::parse::<T>(
        Path::new("content/x.md"),
        text,
        first_line,
        yaml::Reading::default(),
    ) {
        Ok(_) => true,
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "a rejection without diagnostics");
            for d in &diagnostics {
                assert_inside(d, text, first_line, true);
            }
            false
        }
    }
}

fn parse_every_kind(text: &str) {
    parse_checked::<PaperFront>(text, 2);
    parse_checked::<MeetingFront>(text, 2);
    parse_checked::<NewsFront>(text, 1);
    parse_checked::<PageFront>(text, 1);
}

// ---------------------------------------------------------------- inputs

/// Text made of the pieces that matter to a front matter reader.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("\0".to_string()),
        Just(": ".to_string()),
        Just("- ".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just("#".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("<<: *a".to_string()),
        Just("!!str ".to_string()),
        Just("|\n".to_string()),
        Just(">-\n".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(", ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("? ".to_string()),
        Just("%YAML 1.2\n".to_string()),
        Just("...".to_string()),
        prop::sample::select(KEYS).prop_map(str::to_string),
        scalar(),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Field names of the front matter types and site.yaml, so that generated
/// YAML reaches past "unknown field".
const KEYS: &[&str] = &[
    "title",
    "item",
    "minute",
    "date",
    "board",
    "time",
    "end_time",
    "status",
    "budget",
    "risks",
    "targets",
    "recommendations",
    "appendices",
    "tags",
    "draft",
    "publish_after",
    "access",
    "kind",
    "summary",
    "purpose",
    "attendees",
    "declarations",
    "columns",
    "lines",
    "groups",
    "total",
    "amount",
    "label",
    "id",
    "likelihood",
    "impact",
    "current",
    "target",
    "measure",
    "actual",
    "period",
    "due",
    "base_url",
    "language",
    "currency",
    "timezone",
    "boards",
    "members",
    "name",
    "risk_matrices",
    "markdown",
    "unsafe_html",
    "description",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2008-09-12".to_string()),
        Just("2008-02-30".to_string()),
        Just("12/11/2018".to_string()),
        Just("2008-09-12T18:00:00+01:00".to_string()),
        Just("true".to_string()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just(".nan".to_string()),
        Just("-.inf".to_string()),
        Just("1e400".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("0x1F".to_string()),
        Just("\"a: b\"".to_string()),
        Just("'it''s'".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        "[a-zA-Z][a-zA-Z0-9 _-]{0,12}",
        "\"[^\"\\\\]{0,10}\"",
    ]
}

/// A YAML value, written out in block or flow style.
#[derive(Debug, Clone)]
enum Value {
    Scalar(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

fn value(depth: u32) -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "[a-z]{1,6}",
    ];
    scalar()
        .prop_map(Value::Scalar)
        .prop_recursive(depth, 256, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::List),
                prop::collection::vec((key.clone(), inner), 0..5).prop_map(Value::Map),
            ]
        })
}

fn flow(value: &Value, out: &mut String) {
    match value {
        Value::Scalar(s) => out.push_str(s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
    }
}

fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let nested = |v: &Value| {
        matches!(v, Value::List(x) if !x.is_empty()) || matches!(v, Value::Map(x) if !x.is_empty())
    };
    match value {
        Value::Scalar(_) | Value::List(_) | Value::Map(_) if !nested(value) => {
            out.push_str(&pad);
            flow(value, out);
            out.push('\n');
        }
        Value::List(items) => {
            for item in items {
                if nested(item) {
                    out.push_str(&format!("{pad}-\n"));
                    block(item, indent + 2, out);
                } else {
                    out.push_str(&format!("{pad}- "));
                    flow(item, out);
                    out.push('\n');
                }
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                if nested(v) {
                    out.push_str(&format!("{pad}{k}:\n"));
                    block(v, indent + 2, out);
                } else {
                    out.push_str(&format!("{pad}{k}: "));
                    flow(v, out);
                    out.push('\n');
                }
            }
        }
        Value::Scalar(_) => unreachable!(),
    }
}

fn written(value: &Value, as_flow: bool) -> String {
    let mut out = String::new();
    if as_flow {
        flow(value, &mut out);
        out.push('\n');
    } else {
        block(value, 0, &mut out);
    }
    out
}

// ------------------------------------------------------ front matter, YAML

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn split_never_panics_and_cuts_at_char_boundaries(text in yamlish()) {
        if let Ok(split) = frontmatter::split(&text) {
            prop_assert!(split.yaml_line >= 1);
            prop_assert!(text.is_char_boundary(split.body_offset));
            prop_assert_eq!(&text[split.body_offset..], split.body);
        }
    }

    #[test]
    fn split_never_panics_on_any_string(text in any::<String>()) {
        let _ = frontmatter::split(&text);
    }

    #[test]
    fn yamlish_text_reads_or_is_located(text in yamlish()) {
        parse_every_kind(&text);
    }

    #[test]
    fn any_string_reads_or_is_located(text in any::<String>()) {
        parse_every_kind(&text);
    }

    #[test]
    fn structured_yaml_reads_or_is_located(value in value(50), as_flow in any::<bool>()) {
        let text = written(&value, as_flow);
        parse_every_kind(&text);
    }

    #[test]
    fn site_yaml_loads_or_is_located(value in value(8), as_flow in any::<bool>(), raw in yamlish(), use_raw in any::<bool>()) {
        let text = if use_raw { raw } else { written(&value, as_flow) };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), &text).unwrap();
        if let Err(diagnostics) = Config::load(dir.path()) {
            prop_assert!(!diagnostics.is_empty());
            for d in &diagnostics {
                assert_inside(d, &text, 1, true);
            }
        }
    }
}

/// 5,000 levels of flow and block nesting read without overflowing the
/// stack. Block mappings nest by indentation, so their text grows with the
/// square of the depth: 1,000 levels are half a megabyte. Each text is read
/// as one kind only: `- - - …` takes time quadratic in its depth (about
/// 0.4 s for 2,000 levels in a debug build), a known cost.
#[test]
fn deep_nesting_is_no_stack_overflow() {
    const DEPTH: usize = 5000;
    let flow_lists = format!("title: x\nx: {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let flow_maps = format!(
        "title: x\nx: {}{}\n",
        "{a: ".repeat(DEPTH),
        "}".repeat(DEPTH)
    );
    let mut block_maps = String::from("title: x\n");
    for i in 0..1000 {
        block_maps.push_str(&format!("{}a:\n", " ".repeat(i)));
    }
    let block_lists = format!("x:\n{}1\n", "- ".repeat(DEPTH));
    for text in [flow_lists, flow_maps, block_maps, block_lists] {
        parse_checked::<PaperFront>(&text, 2);
    }
}

// -------------------------------------------------------------- Markdown

fn destination() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("javascript:alert(1)".to_string()),
        Just("JaVaScRiPt:alert(1)".to_string()),
        Just(" javascript:alert(1)".to_string()),
        Just("java\tscript:alert(1)".to_string()),
        Just("javascript&#58;alert(1)".to_string()),
        Just("&#106;avascript:alert(1)".to_string()),
        Just("%6Aavascript:alert(1)".to_string()),
        Just("vbscript:x".to_string()),
        Just("data:text/html,<script>alert(1)</script>".to_string()),
        Just("data:image/png;base64,AAAA".to_string()),
        Just("@/meetings/2008-09-12-members-board/a-capacity-fund.md".to_string()),
        Just("@/meetings/2008-09-12-members-board/a-capacity-fund.md#top".to_string()),
        Just("a-capacity-fund.md".to_string()),
        Just("../../documents/strategy.md".to_string()),
        Just("../../../../etc/passwd".to_string()),
        Just("@/../x.md".to_string()),
        Just("files/plan.pdf".to_string()),
        Just("#fragment".to_string()),
        Just("?query".to_string()),
        Just("//example.org/x".to_string()),
        Just("/@/x.md".to_string()),
        Just("https://example.org/a?b#c".to_string()),
        Just("mailto:a@example.org".to_string()),
        Just("<>".to_string()),
        "[a-z./@#%:-]{0,20}",
        any::<String>().prop_map(|s| s.replace([')', '\n'], "")),
    ]
}

fn markdown_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z ]{0,10}",
        "[a-zA-Z ]{0,10}",
        (destination(), "[a-z ]{0,5}").prop_map(|(d, t)| format!("[{t}]({d})")),
        (destination(), "[a-z ]{0,5}").prop_map(|(d, t)| format!("![{t}]({d})")),
        destination().prop_map(|d| format!("[x]: {d}\n[x]")),
        destination().prop_map(|d| format!("<{d}>")),
        destination().prop_map(|d| format!("<a href=\"{d}\">x</a>")),
        destination().prop_map(|d| format!("<img src=\"{d}\">")),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n# Heading {#id}\n".to_string()),
        Just("\n#### Deep\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        Just("`code`".to_string()),
        Just("```\nfence\n".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("* ".to_string()),
        Just("> ".to_string()),
        Just("- [ ] ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("(".to_string()),
        Just("\u{feff}\0\u{202e}".to_string()),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|p| p.concat())
}

fn link_table() -> LinkTable {
    let mut table = LinkTable::default();
    table.sources.insert(
        "meetings/2008-09-12-members-board/a-capacity-fund.md".into(),
        Destination::Page {
            url: "/meetings/2008-09-12-members-board/#item-2".into(),
            title: "Capacity".into(),
        },
    );
    table.sources.insert(
        "meetings/2008-09-12-members-board/b-work-programme.md".into(),
        Destination::Withheld(boardpack::publication::Withheld::Draft),
    );
    table.files.insert("files/plan.pdf".into());
    table
}

/// Every `href`, `src` and similar attribute value in `html`, as a browser
/// would read its scheme: entities for `:` decoded, lower case, and without
/// the whitespace and control characters browsers skip.
fn urls(html: &str) -> Vec<String> {
    let lower = html.to_lowercase();
    let mut found = Vec::new();
    for attribute in [
        " href=",
        " src=",
        " action=",
        " formaction=",
        " xlink:href=",
    ] {
        for (at, _) in lower.match_indices(attribute) {
            // Only attributes of tags: text shows a `<` as `&lt;`.
            let before = &lower[..at];
            if before.rfind('<') <= before.rfind('>') {
                continue;
            }
            let rest = &lower[at + attribute.len()..];
            let value: String = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].chars().take_while(|c| *c != q).collect(),
                _ => rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '>')
                    .collect(),
            };
            let value = value
                .replace("&#58;", ":")
                .replace("&#x3a;", ":")
                .replace("&colon;", ":");
            found.push(
                value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect(),
            );
        }
    }
    found
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn markdown_renders_safely_with_located_diagnostics(
        body in markdown_text(),
        unsafe_html in any::<bool>(),
    ) {
        let front = "---\ntitle: A paper\n---\n";
        let file_text = format!("{front}{body}");
        let mut table = link_table();
        table.unsafe_html = unsafe_html;
        let origin = Origin {
            file: Path::new("content/meetings/2008-09-12-members-board/c-minutes.md"),
            content_path: "meetings/2008-09-12-members-board/c-minutes.md",
            file_text: &file_text,
            offset: front.len(),
        };
        let mut out = Vec::new();
        let rendered = markdown::render(&body, origin, &table, &mut out);
        let raw = body.to_lowercase();
        for url in urls(&rendered.html) {
            // A site that allows raw HTML keeps what its authors wrote in it.
            if unsafe_html && (raw.contains("href=") || raw.contains("src=")) {
                continue;
            }
            prop_assert!(
                !url.starts_with("javascript:") && !url.starts_with("vbscript:") && !url.starts_with("data:text"),
                "a script URL {url:?} in {:?}", rendered.html
            );
        }
        for d in &out {
            assert_inside(d, &file_text, 1, false);
            prop_assert!(d.position.line >= 4, "a body diagnostic above the body: {d:?}");
        }
    }
}

// ---------------------------------------- budgets, risk registers, targets

/// An amount in hundredths, and how to write it.
fn amount() -> impl Strategy<Value = (i64, String)> {
    prop_oneof![
        4 => (-1_000_000i64..1_000_000).prop_map(|n| (n * 100, n.to_string())),
        2 => (-100_000_000i64..100_000_000).prop_map(|h| {
            let sign = if h < 0 { "-" } else { "" };
            (h, format!("{sign}{}.{:02}", h.unsigned_abs() / 100, h.unsigned_abs() % 100))
        }),
        1 => (i64::MIN / 100..=i64::MAX / 100).prop_map(|n| (n * 100, n.to_string())),
    ]
}

/// A line's figure: its hundredths and how it is written; `None` leaves it
/// out.
type Figure = Option<(i64, String)>;

#[derive(Debug, Clone)]
struct BudgetCase {
    columns: Vec<String>,
    /// Per line: its label and its figure in each column.
    lines: Vec<(String, Vec<Figure>)>,
    grouped: bool,
    declared_total: Option<Vec<(i64, String)>>,
}

fn budget_case() -> impl Strategy<Value = BudgetCase> {
    let column = prop::sample::select(vec![
        "budget", "actual", "forecast", "amount", "Bad Id", "label",
    ]);
    (prop::collection::vec(column, 0..4), any::<bool>())
        .prop_flat_map(|(columns, grouped)| {
            let width = columns.len().max(1);
            let figure = prop::option::weighted(0.95, amount());
            let line = (
                "[A-Za-z][a-z ]{0,8}",
                prop::collection::vec(figure, width..=width),
            );
            let lines = prop::collection::vec(line, 0..6);
            let total = prop::collection::vec(amount(), width..=width);
            (Just(columns), lines, Just(grouped), prop::option::of(total))
        })
        .prop_map(|(columns, lines, grouped, declared_total)| BudgetCase {
            columns: columns.into_iter().map(str::to_string).collect(),
            lines,
            grouped,
            declared_total,
        })
}

impl BudgetCase {
    fn ids(&self) -> Vec<String> {
        if self.columns.is_empty() {
            vec!["amount".into()]
        } else {
            self.columns.clone()
        }
    }

    fn yaml(&self) -> String {
        let ids = self.ids();
        let mut out = String::from("title: A budget paper\nbudget:\n");
        if !self.columns.is_empty() {
            out.push_str("  columns:\n");
            for id in &self.columns {
                out.push_str(&format!("    - {{id: {id}, label: The {id}}}\n"));
            }
        }
        let figures = |values: &[Option<(i64, String)>]| {
            ids.iter()
                .zip(values)
                .filter_map(|(id, v)| v.as_ref().map(|(_, text)| format!(", {id}: {text}")))
                .collect::<String>()
        };
        if let Some(total) = &self.declared_total {
            let values: Vec<_> = total.iter().cloned().map(Some).collect();
            if self.columns.is_empty() {
                out.push_str(&format!("  total: {}\n", total[0].1));
            } else {
                out.push_str(&format!("  total: {{{}}}\n", &figures(&values)[2..]));
            }
        }
        let indent = if self.grouped {
            out.push_str("  groups:\n    - name: Only group\n      lines:\n");
            "        "
        } else {
            out.push_str("  lines:\n");
            "    "
        };
        for (label, values) in &self.lines {
            out.push_str(&format!(
                "{indent}- {{label: {label}{}}}\n",
                figures(values)
            ));
        }
        out
    }
}

fn rating() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..7, 0u32..7).prop_map(|(l, i)| format!("{{likelihood: {l}, impact: {i}}}")),
        (
            prop::sample::select(vec![
                "Rare",
                "Unlikely",
                "Possible",
                "Likely",
                "Almost certain",
                "Often"
            ]),
            prop::sample::select(vec!["Minor", "Moderate", "Major", "Severe", "Huge"]),
        )
            .prop_map(|(l, i)| format!("{{likelihood: {l}, impact: {i}}}")),
        (0u32..40).prop_map(|n| n.to_string()),
        Just("red".to_string()),
    ]
}

fn risk_register() -> impl Strategy<Value = String> {
    let risk = (
        prop::sample::select(vec!["R1", "R2", "R3", "1", "r 4"]),
        prop::option::of(rating()),
        prop::option::of(rating()),
        prop::option::of(prop::sample::select(vec!["red", "amber", "green", "blue"])),
        prop::option::of(prop::sample::select(vec![
            "improving",
            "stable",
            "worsening",
            "up",
        ])),
    )
        .prop_map(|(id, current, target, rag, direction)| {
            let mut line = format!("    - id: {id}\n      title: Risk {id}\n");
            for (key, v) in [("current", current), ("target", target)] {
                if let Some(v) = v {
                    line.push_str(&format!("      {key}: {v}\n"));
                }
            }
            if let Some(rag) = rag {
                line.push_str(&format!("      rating: {rag}\n"));
            }
            if let Some(d) = direction {
                line.push_str(&format!("      direction: {d}\n"));
            }
            line
        });
    (
        prop::option::of(prop::sample::select(vec![
            "none",
            "five-by-five",
            "default",
            "unknown",
        ])),
        prop::option::of(0u32..30),
        prop::collection::vec(risk, 0..5),
    )
        .prop_map(|(matrix, appetite, risks)| {
            let mut out = String::from("title: Risks\nrisks:\n");
            if let Some(m) = matrix {
                out.push_str(&format!("  matrix: {m}\n"));
            }
            if let Some(a) = appetite {
                out.push_str(&format!("  appetite: {a}\n"));
            }
            out.push_str("  risks:\n");
            if risks.is_empty() {
                out.push_str("    []\n");
            }
            out.extend(risks);
            out
        })
}

fn target_table() -> impl Strategy<Value = String> {
    let figure = prop_oneof![
        any::<i32>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        Just("Not yet audited".to_string()),
        Just("\"97%\"".to_string()),
    ];
    let target = (
        prop::sample::select(vec!["H1", "H2", "3", "H 4"]),
        prop::option::of(prop::sample::select(vec!["higher", "lower", "sideways"])),
        prop::option::of(figure.clone()),
        prop::option::of(figure.clone()),
        prop::option::of(figure),
        prop::option::of(prop::sample::select(vec![
            "2008/09 Q1",
            "2008-09",
            "Q5 2008",
            "2008",
            "2009/10",
        ])),
        prop::option::of(prop::sample::select(vec![
            "2009-03-31",
            "2008/09 Q4",
            "never",
        ])),
        prop::option::of(prop::sample::select(vec![
            "red", "amber", "green", "no-data", "met", "purple",
        ])),
    )
        .prop_map(
            |(id, better, baseline, target, actual, period, due, status)| {
                let mut out = format!("    - id: {id}\n      measure: Measure {id}\n");
                let fields = [
                    ("better", better.map(str::to_string)),
                    ("baseline", baseline),
                    ("target", target),
                    ("actual", actual),
                    ("period", period.map(str::to_string)),
                    ("due", due.map(str::to_string)),
                    ("status", status.map(str::to_string)),
                ];
                for (key, value) in fields {
                    if let Some(value) = value {
                        out.push_str(&format!("      {key}: {value}\n"));
                    }
                }
                out
            },
        );
    prop::collection::vec(target, 1..5).prop_map(|targets| {
        format!(
            "title: Targets\ndate: 2008-08-01\ntargets:\n  targets:\n{}",
            targets.concat()
        )
    })
}

fn read_paper(text: &str) -> Result<(PaperFront, yaml::FieldMap), ()> {
    match yaml::parse::<PaperFront>(Path::new("content/x.md"), text, 2, yaml::Reading::default()) {
        Ok(read) => Ok(read),
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for d in &diagnostics {
                assert_inside(d, text, 2, true);
            }
            Err(())
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn budgets_total_their_lines_exactly(case in budget_case()) {
        let text = case.yaml();
        let Ok((front, fields)) = read_paper(&text) else { return Ok(()) };
        let mut out = Vec::new();
        for budget in &front.budget.0 {
            budget.validate(&fields, "budget", &mut out);
        }
        for d in &out {
            assert_inside(d, &text, 2, true);
        }
        if out.iter().any(|d| d.severity == boardpack::diagnostics::Severity::Error) {
            return Ok(());
        }
        let budget = &front.budget.0[0];
        for (column, id) in case.ids().iter().enumerate() {
            let expected: i128 = case
                .lines
                .iter()
                .map(|(_, values)| values[column].as_ref().map_or(0, |(h, _)| i128::from(*h)))
                .sum();
            prop_assert_eq!(i128::from(budget.sum_of(id).0), expected, "column {} of\n{}", id, text);
        }
    }

    #[test]
    fn risk_registers_read_or_are_located(text in risk_register()) {
        let Ok((front, fields)) = read_paper(&text) else { return Ok(()) };
        let mut matrices = BTreeMap::new();
        matrices.insert("default".to_string(), boardpack::model::risk::RiskMatrix::default_five_by_five());
        let mut out = Vec::new();
        for register in &front.risks.0 {
            register.validate(&matrices, "default", &fields, "risks", &mut out);
        }
        for d in &out {
            assert_inside(d, &text, 2, true);
        }
    }

    #[test]
    fn target_tables_read_or_are_located(text in target_table()) {
        let Ok((front, fields)) = read_paper(&text) else { return Ok(()) };
        let mut out = Vec::new();
        for table in &front.targets.0 {
            table.validate(&fields, "targets", &mut out);
        }
        for d in &out {
            assert_inside(d, &text, 2, true);
        }
    }
}

// ------------------------------------------------------------ linear time

/// The best of three timings of `f`.
fn best_of_three(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Asserts that reading 10× the input takes under 20× the time.
#[track_caller]
fn assert_linear(what: &str, make: impl Fn(usize) -> String, read: impl Fn(&str)) {
    let small = make(200);
    let large = make(2000);
    read(&small); // warm up
    let small_time = best_of_three(|| read(&small)).max(Duration::from_micros(200));
    let large_time = best_of_three(|| read(&large));
    assert!(
        large_time < small_time * 20,
        "{what}: 10x the input took {large_time:?} against {small_time:?}"
    );
}

#[test]
fn reading_takes_linear_time() {
    let paper = |n: usize| {
        let mut text = String::from("---\ntitle: A\nbudget:\n  lines:\n");
        for i in 0..n {
            text.push_str(&format!("    - {{label: Line {i}, amount: {i}.50}}\n"));
        }
        text.push_str("---\n");
        for i in 0..n {
            text.push_str(&format!(
                "Para [link {i}](@/missing/{i}.md) and [x](javascript:{i}) *em* `c`\n\n"
            ));
        }
        text
    };
    assert_linear("split", paper, |text| {
        frontmatter::split(text).unwrap();
    });
    assert_linear("front matter", paper, |text| {
        let split = frontmatter::split(text).unwrap();
        let (front, fields) =
            yaml::parse::<PaperFront>(Path::new("x.md"), split.yaml, 2, yaml::Reading::default())
                .unwrap();
        let mut out = Vec::new();
        front.budget.0[0].validate(&fields, "budget", &mut out);
    });
    assert_linear("markdown", paper, |text| {
        let split = frontmatter::split(text).unwrap();
        let table = link_table();
        let origin = Origin {
            file: Path::new("content/x.md"),
            content_path: "x.md",
            file_text: text,
            offset: split.body_offset,
        };
        let mut out = Vec::new();
        markdown::render(split.body, origin, &table, &mut out);
    });
    assert_linear(
        "nesting",
        |n| format!("title: x\nx: {}{}\n", "[".repeat(n), "]".repeat(n)),
        |text| {
            let _ = yaml::parse::<PaperFront>(Path::new("x.md"), text, 2, yaml::Reading::default());
        },
    );
}

/// Each mistake looks its node up by number, which costs the node's depth,
/// not a walk of the whole tree.
#[test]
fn many_mistakes_take_linear_time() {
    assert_linear(
        "unknown fields",
        |n| (0..n).map(|i| format!("field{i}: {i}\n")).collect(),
        |text| {
            let _ = yaml::parse::<PaperFront>(Path::new("x.md"), text, 2, yaml::Reading::default());
        },
    );
}

// ------------------------------------------------ whole sites, the binary

/// A paper of the minimal site's meeting: its file name, title, item number
/// and body.
fn paper() -> impl Strategy<Value = (String, String, u32, String)> {
    let body = prop::collection::vec(
        prop_oneof![
            "[a-zA-Z ,.]{0,30}",
            Just("\n\n".to_string()),
            Just("\n## A heading\n".to_string()),
            destination()
                .prop_filter("one line", |d| !d.contains(['\n', '\r', ')']))
                .prop_map(|d| format!("[a link]({d})")),
        ],
        0..8,
    )
    .prop_map(|pieces| pieces.concat());
    (
        "[a-z0-9][a-z0-9-]{0,11}",
        "[A-Za-z0-9 :'\"&<>#-]{1,30}",
        1u32..40,
        body,
    )
}

/// Asserts that every location `boardpack` printed names a file and a
/// line and column, and that there is at least one.
fn assert_located(stderr: &str) {
    let locations: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("┌─ "))
        .collect();
    assert!(
        !locations.is_empty(),
        "a failed build with no location:\n{stderr}"
    );
    for location in locations {
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next().and_then(|c| c.parse::<usize>().ok());
        let line = parts.next().and_then(|l| l.parse::<usize>().ok());
        let file = parts.next().unwrap_or("");
        assert!(
            !file.is_empty() && line >= Some(1) && column >= Some(1),
            "`{location}` is no file:line:column:\n{stderr}"
        );
    }
}

proptest! {
    #![proptest_config(cases(8))]

    #[test]
    fn generated_sites_build_twice_the_same_or_are_located(
        papers in prop::collection::vec(paper(), 1..=3),
    ) {
        let (dir, root) = common::copy_fixture("minimal");
        let meeting = root.join("content/meetings/2008-09-12-members-board");
        for (name, title, item, body) in &papers {
            let text = format!(
                "---\nitem: \"{item}\"\ntitle: {}\n---\n{body}\n",
                serde_json::to_string(title).unwrap()
            );
            std::fs::write(meeting.join(format!("{name}.md")), text).unwrap();
        }
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        let first = common::build(&root, &one, &["--now", common::NOW]);
        let second = common::build(&root, &two, &["--now", common::NOW]);
        let stderr = common::stderr(&first);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
        prop_assert_eq!(first.status.code(), second.status.code());
        match first.status.code() {
            Some(0) => common::assert_same_tree(&common::snapshot(&one), &common::snapshot(&two), "two builds"),
            Some(1) => assert_located(&stderr),
            code => prop_assert!(false, "exit status {:?}:\n{}", code, stderr),
        }
    }
}
