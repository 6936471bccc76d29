//! `data/datapackage.json`, the Frictionless description of the open data:
//! it lists every CSV file at a path that resolves, with the CSV's columns
//! in order, a type for each that every JSON value of the column has, the
//! column's meaning and the table's key; and the real validator,
//! `frictionless validate`, finds the package and every file valid.
//!
//! The validator is a Python program. `scripts/test.sh` installs it into
//! `target/frictionless/` and sets `BOARDPACK_REQUIRE_FRICTIONLESS`, so CI
//! always runs it; elsewhere a test without it is skipped with a notice.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

const TABLES: [&str; 10] = [
    "meetings",
    "items",
    "decisions",
    "actions",
    "budget-lines",
    "risks",
    "targets",
    "members",
    "attendance",
    "declarations",
];

fn build_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture(name), &out, &[]);
    (dir, out)
}

/// The example site in the repository's own `content/`: it has members,
/// attendance and declarations, which the fixtures leave out.
const EXAMPLE: &str = "the example site";

/// A fixture by name, or the example site.
fn build_site(name: &str) -> (tempfile::TempDir, PathBuf) {
    if name != EXAMPLE {
        return build_fixture(name);
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
    (dir, out)
}

fn package(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("data/datapackage.json")).unwrap();
    serde_json::from_str(&text).expect("datapackage.json is JSON")
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is not a list"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// Whether a JSON value of the open data fits a Table Schema type. Null is
/// a missing value, which fits any.
fn fits(value: &Value, kind: &str) -> bool {
    let is_date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
    match (kind, value) {
        (_, Value::Null) => true,
        ("string", Value::String(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
        ("number", Value::Number(_)) => true,
        ("boolean", Value::Bool(_)) => true,
        ("date", Value::String(s)) => s.len() == 10 && is_date(s),
        _ => false,
    }
}

#[test]
fn the_package_describes_every_table() {
    let (_dir, out) = build_fixture("minimal");
    let package = package(&out);
    assert_eq!(package["profile"], "tabular-data-package");
    assert_eq!(package["name"], "papers.testshire.example");
    assert_eq!(package["title"], "Testshire Improvement Partnership");
    assert_eq!(
        package["homepage"],
        "https://papers.testshire.example/data/"
    );
    assert_eq!(
        package["licenses"][0]["title"],
        "Open Government Licence v3.0"
    );
    let resources = package["resources"].as_array().unwrap();
    let names: Vec<&str> = resources
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, TABLES);
    for resource in resources {
        let name = resource["name"].as_str().unwrap();
        assert_eq!(resource["profile"], "tabular-data-resource", "{name}");
        // The path resolves beside the package.
        let path = resource["path"].as_str().unwrap();
        assert_eq!(path, format!("{name}.csv"));
        let csv = std::fs::read(out.join("data").join(path)).unwrap();
        assert_eq!(resource["bytes"], csv.len(), "{name}");
        let schema = &resource["schema"];
        let fields = schema["fields"].as_array().unwrap();
        // The fields are the CSV's columns, in order.
        let header = csv::Reader::from_reader(csv.as_slice())
            .headers()
            .unwrap()
            .clone();
        let field_names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(field_names, header.iter().collect::<Vec<_>>(), "{name}");
        for field in fields {
            let description = field["description"].as_str().unwrap();
            assert!(description.ends_with('.'), "{name}: {field}");
        }
        // Every table has a key of its own columns.
        let key = strings(&schema["primaryKey"]);
        assert!(!key.is_empty(), "{name} has no primary key");
        for column in key {
            assert!(field_names.contains(&column), "{name}: key {column}");
        }
    }
}

#[test]
fn columns_have_the_types_their_values_have() {
    // Sites that between them have rows in every table.
    for site in ["minimal", "registers", "budgets", "kpis", EXAMPLE] {
        let (_dir, out) = build_site(site);
        let package = package(&out);
        for resource in package["resources"].as_array().unwrap() {
            let name = resource["name"].as_str().unwrap();
            let text =
                std::fs::read_to_string(out.join("data").join(format!("{name}.json"))).unwrap();
            let rows: Vec<serde_json::Map<String, Value>> = serde_json::from_str(&text).unwrap();
            for field in resource["schema"]["fields"].as_array().unwrap() {
                let column = field["name"].as_str().unwrap();
                let kind = field["type"].as_str().unwrap();
                for row in &rows {
                    assert!(
                        fits(&row[column], kind),
                        "{site}: {name}.{column} is declared {kind} but holds {}",
                        row[column]
                    );
                }
                // A column of text that only ever holds numbers or flags
                // wants its type declared.
                if kind == "string" {
                    assert!(
                        rows.iter()
                            .all(|r| !r[column].is_number() && !r[column].is_boolean()),
                        "{site}: {name}.{column} holds numbers or flags but is declared text"
                    );
                }
            }
        }
    }
    let (_dir, out) = build_fixture("minimal");
    let package = package(&out);
    let kind = |table: usize, column: &str| {
        package["resources"][table]["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == column)
            .map(|f| f["type"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(kind(0, "date"), "date");
    assert_eq!(kind(1, "supplement"), "boolean");
    assert_eq!(kind(1, "item"), "string");
    assert_eq!(kind(3, "overdue"), "boolean");
    assert_eq!(kind(4, "amount"), "number");
    assert_eq!(kind(5, "inherent_score"), "integer");
}

#[test]
fn the_data_page_links_the_package_and_gives_each_columns_type() {
    let (_dir, out) = build_fixture("minimal");
    let html = page(&out, "data/index.html");
    assert_contains_all(
        &html,
        &[
            "<a href=\"/data/datapackage.json\" type=\"application/json\">datapackage.json</a>",
            "<th scope=\"col\">Type</th>",
            "<th scope=\"row\"><code>amount</code></th><td>Number</td>",
            "<th scope=\"row\"><code>overdue</code></th><td>True or false</td>",
            "<th scope=\"row\"><code>meeting_date</code></th><td>Date</td>",
        ],
        "data/index.html",
    );
}

#[test]
fn a_site_without_a_licence_states_none_in_its_package() {
    let (_dir, out) = build_fixture("confidential");
    let package = package(&out);
    assert!(package.get("licenses").is_none(), "{package}");
    assert_eq!(package["name"], "papers.confidential.example");
}

/// The `frictionless` command: `FRICTIONLESS` if set, else the one
/// `scripts/test.sh` installs under `target/`, else one on the `PATH`.
fn frictionless() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FRICTIONLESS") {
        return Some(PathBuf::from(path));
    }
    let installed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/frictionless/bin/frictionless");
    if installed.is_file() {
        return Some(installed);
    }
    let on_path = Command::new("frictionless").arg("--version").output();
    on_path
        .is_ok_and(|o| o.status.success())
        .then(|| PathBuf::from("frictionless"))
}

#[test]
fn the_frictionless_validator_finds_every_package_valid() {
    let Some(validator) = frictionless() else {
        assert!(
            std::env::var_os("BOARDPACK_REQUIRE_FRICTIONLESS").is_none(),
            "BOARDPACK_REQUIRE_FRICTIONLESS is set but the frictionless validator is not installed"
        );
        eprintln!(
            "NOTICE: skipped: the frictionless validator is not installed (scripts/test.sh installs it)"
        );
        return;
    };
    let validate = |out: &Path| {
        let result = Command::new(&validator)
            .arg("validate")
            .arg(out.join("data/datapackage.json"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.display()));
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
        (result.status.success(), report)
    };
    for site in [
        "minimal",
        "registers",
        "budgets",
        "kpis",
        "confidential",
        EXAMPLE,
    ] {
        let (_dir, out) = build_site(site);
        let (valid, report) = validate(&out);
        assert!(
            valid,
            "{site}: frictionless finds the package invalid\n{report}"
        );
    }
    // It reads the files against the schemas: a flag that is not one, of
    // the same length so the file's size still matches, is found.
    let (_dir, out) = build_fixture("minimal");
    let actions = out.join("data/actions.csv");
    let text = std::fs::read_to_string(&actions).unwrap();
    assert!(text.contains(",false\r\n"));
    std::fs::write(&actions, text.replacen(",false\r\n", ",fals3\r\n", 1)).unwrap();
    let (valid, report) = validate(&out);
    assert!(!valid && report.contains("type-error"), "{report}");
}
