//! Open data under `data/` and the search index under `search/`: every file
//! parses with the `csv` crate and serde_json, matches the fixture, and the
//! JSON and CSV of each dataset agree.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const DATASETS: [&str; 7] = [
    "meetings",
    "items",
    "decisions",
    "actions",
    "budget-lines",
    "risks",
    "targets",
];

const BASE: &str = "https://papers.testshire.example/";
const MEETING: &str = "2008-09-12-members-board";

fn build_minimal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("minimal"), &out, &[]);
    (dir, out)
}

/// A dataset read both ways: the CSV's header and rows, and the JSON rows.
struct Data {
    header: Vec<String>,
    csv: Vec<BTreeMap<String, String>>,
    json: Vec<serde_json::Map<String, Value>>,
}

impl Data {
    /// The CSV rows whose `column` is `value`.
    fn rows_where(&self, column: &str, value: &str) -> Vec<&BTreeMap<String, String>> {
        self.csv.iter().filter(|r| r[column] == value).collect()
    }

    fn one(&self, column: &str, value: &str) -> &BTreeMap<String, String> {
        let rows = self.rows_where(column, value);
        assert_eq!(rows.len(), 1, "one row with {column} = {value}");
        rows[0]
    }
}

fn read(out: &Path, name: &str) -> Data {
    let csv_path = out.join("data").join(format!("{name}.csv"));
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_ok(),
        "{name}.csv is not UTF-8"
    );
    assert!(
        bytes.ends_with(b"\r\n"),
        "{name}.csv does not end its records with CRLF"
    );
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let csv: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|record| {
            let record = record.unwrap_or_else(|e| panic!("{name}.csv: {e}"));
            assert_eq!(record.len(), header.len(), "{name}.csv: a short row");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(String::from))
                .collect()
        })
        .collect();
    let text = std::fs::read_to_string(out.join("data").join(format!("{name}.json"))).unwrap();
    let json: Vec<serde_json::Map<String, Value>> = serde_json::from_str::<Vec<Value>>(&text)
        .unwrap_or_else(|e| panic!("{name}.json: {e}"))
        .into_iter()
        .map(|v| match v {
            Value::Object(map) => map,
            other => panic!("{name}.json holds {other}, not an object"),
        })
        .collect();
    // The JSON's keys come in the CSV's column order.
    if let Some(first) = text.find('{') {
        let mut at = first;
        for column in &header {
            let key = format!("\"{column}\":");
            let found = text[at..]
                .find(&key)
                .unwrap_or_else(|| panic!("{name}.json: `{column}` is missing or out of order"));
            at += found + key.len();
        }
    }
    Data { header, csv, json }
}

/// A JSON value as the CSV writes it.
fn as_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => boardpack::render::data::spreadsheet_safe(s),
        other => other.to_string(),
    }
}

#[track_caller]
fn assert_agree(name: &str, data: &Data) {
    assert_eq!(data.csv.len(), data.json.len(), "{name}: row counts differ");
    for (i, (row, object)) in data.csv.iter().zip(&data.json).enumerate() {
        let keys: Vec<&String> = object.keys().collect();
        let mut columns: Vec<&String> = data.header.iter().collect();
        columns.sort();
        assert_eq!(keys, columns, "{name} row {i}: JSON keys and CSV columns");
        for column in &data.header {
            assert_eq!(
                as_cell(&object[column]),
                row[column],
                "{name} row {i}, column {column}"
            );
        }
    }
}

const TRACE: [&str; 8] = [
    "source",
    "meeting",
    "meeting_date",
    "board",
    "item",
    "document",
    "paper_title",
    "url",
];

fn with_trace(columns: &[&str]) -> Vec<String> {
    TRACE.iter().chain(columns).map(|c| c.to_string()).collect()
}

#[test]
fn every_dataset_parses_and_its_json_and_csv_agree() {
    let (_dir, out) = build_minimal();
    let counts: BTreeMap<&str, usize> = DATASETS
        .iter()
        .map(|name| {
            let data = read(&out, name);
            assert_agree(name, &data);
            (*name, data.csv.len())
        })
        .collect();
    let expected: BTreeMap<&str, usize> = [
        ("meetings", 1),
        ("items", 4),
        ("decisions", 3),
        ("actions", 2),
        ("budget-lines", 3),
        ("risks", 2),
        ("targets", 3),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected);
}

#[test]
fn headers_name_every_column() {
    let (_dir, out) = build_minimal();
    let header = |name| read(&out, name).header;
    assert_eq!(
        header("meetings"),
        [
            "meeting",
            "date",
            "time",
            "end_time",
            "board",
            "board_name",
            "title",
            "status",
            "venue",
            "chair",
            "attendees",
            "apologies",
            "agenda_items",
            "public_items",
            "url"
        ]
    );
    assert_eq!(
        header("decisions"),
        with_trace(&[
            "id",
            "text",
            "outcome",
            "resolution",
            "actions",
            "recommended_to",
            "proposer",
            "seconder",
            "vote_for",
            "vote_against",
            "vote_abstain",
            "recorded_for",
            "recorded_against",
            "recorded_abstain",
            "minute",
            "key_decision",
            "call_in_until"
        ])
    );
    assert_eq!(
        header("actions"),
        with_trace(&[
            "recommendation",
            "position",
            "text",
            "owner",
            "due",
            "status",
            "overdue"
        ])
    );
    assert_eq!(
        header("budget-lines"),
        with_trace(&[
            "budget",
            "budget_title",
            "currency",
            "scale",
            "available",
            "budget_total",
            "group",
            "position",
            "label",
            "amount",
            "note",
            // A site whose budgets have `columns` adds `amount_<id>` ones.
            "columns",
            "variance",
            "variance_label"
        ])
    );
    assert_eq!(
        header("risks"),
        with_trace(&[
            "register",
            "register_title",
            "matrix",
            "id",
            "ref",
            "title",
            "owner",
            "inherent_score",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_band",
            "residual_score",
            "residual_likelihood",
            "residual_impact",
            "residual_band",
            "response",
            "controls",
            "indicators",
            "inherent_name",
            "residual_name",
            "target_score",
            "target_likelihood",
            "target_impact",
            "target_band",
            "appetite",
            "above_appetite",
            "direction",
            "rating"
        ])
    );
    assert_eq!(
        header("targets"),
        with_trace(&[
            "table",
            "table_title",
            "id",
            "ref",
            "theme",
            "measure",
            "baseline",
            "target",
            "actual",
            "due",
            "due_as_written",
            "status",
            "owner",
            "unit",
            "better",
            "baseline_number",
            "target_number",
            "actual_number",
            "previous",
            "previous_number",
            "period",
            "period_start",
            "period_end",
            "trend"
        ])
    );
    let items = header("items");
    for column in [
        "meeting",
        "meeting_date",
        "board",
        "item",
        "title",
        "access",
        "url",
        "section",
        "minute",
        "key_decision",
        "call_in_until",
    ] {
        assert!(items.iter().any(|c| c == column), "items lacks {column}");
    }
}

#[test]
fn meetings_and_items_trace_to_their_pages() {
    let (_dir, out) = build_minimal();
    let meetings = read(&out, "meetings");
    let m = &meetings.csv[0];
    assert_eq!(m["meeting"], MEETING);
    assert_eq!(m["date"], "2008-09-12");
    assert_eq!(m["time"], "10:30");
    assert_eq!(m["status"], "held");
    assert_eq!(m["attendees"], "Cllr Ada Quill; Cllr Basil Fenwick");
    assert_eq!(m["url"], format!("{BASE}meetings/{MEETING}/"));

    let items = read(&out, "items");
    let numbers: Vec<&str> = items.csv.iter().map(|r| r["item"].as_str()).collect();
    assert_eq!(numbers, ["2", "7", "7a", "10"], "agenda order");
    let fund = items.one("item", "2");
    assert_eq!(fund["access"], "public");
    assert_eq!(fund["kind"], "decision");
    assert_eq!(
        fund["purpose"],
        "To set up a capacity building fund for councils in difficulty."
    );
    assert_eq!(fund["recommendations"], "3");
    assert_eq!(fund["tags"], "capacity; fund");
    assert_eq!(
        fund["url"],
        format!("{BASE}meetings/{MEETING}/a-capacity-fund/")
    );
    assert_eq!(items.one("item", "10")["kind"], "noting");
    assert_eq!(items.json[0]["supplement"], Value::Bool(false));
    assert_eq!(items.json[0]["recommendations"], serde_json::json!(3));
    // Every page named exists.
    for row in items.csv.iter().chain(&meetings.csv) {
        let path = row["url"].strip_prefix(BASE).unwrap();
        assert!(
            out.join(path).join("index.html").is_file(),
            "{} is not a page",
            row["url"]
        );
    }
}

#[test]
fn decisions_and_actions_carry_outcomes() {
    let (_dir, out) = build_minimal();
    let decisions = read(&out, "decisions");
    let ids: Vec<&str> = decisions.csv.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let a = decisions.one("id", "a");
    assert_eq!(a["source"], "meeting-item");
    assert_eq!(a["meeting"], MEETING);
    assert_eq!(a["meeting_date"], "2008-09-12");
    assert_eq!(a["board"], "members-board");
    assert_eq!(a["item"], "2");
    assert_eq!(a["document"], "");
    assert_eq!(a["paper_title"], "Capacity building fund 2008/09");
    assert_eq!(a["outcome"], "agreed");
    assert_eq!(
        a["resolution"],
        "Agreed, with a review at the end of the year."
    );
    assert_eq!(a["actions"], "2");
    assert_eq!(
        a["url"],
        format!("{BASE}meetings/{MEETING}/a-capacity-fund/")
    );
    assert_eq!(decisions.one("id", "b")["outcome"], "deferred");
    let c = decisions.one("id", "c");
    assert_eq!(c["outcome"], "not-agreed");
    assert_eq!(c["resolution"], "");
    assert_eq!(decisions.json[2]["resolution"], Value::Null);

    let actions = read(&out, "actions");
    let review = actions.one("position", "1");
    assert_eq!(review["recommendation"], "a");
    assert_eq!(review["text"], "Review use of the fund");
    assert_eq!(review["owner"], "Director");
    assert_eq!(review["due"], "2009-03-31");
    assert_eq!(review["status"], "done");
    assert_eq!(actions.one("position", "2")["status"], "open");
    // Open and due on 1 October 2008: overdue on the build's day, 2026.
    assert_eq!(actions.one("position", "2")["overdue"], "true");
    assert_eq!(review["overdue"], "false");
    assert_eq!(actions.json[1]["overdue"], Value::Bool(true));
}

#[test]
fn budget_lines_carry_amounts_currency_and_scale() {
    let (_dir, out) = build_minimal();
    let lines = read(&out, "budget-lines");
    let amounts: Vec<(&str, &str, &str)> = lines
        .csv
        .iter()
        .map(|r| {
            (
                r["group"].as_str(),
                r["label"].as_str(),
                r["amount"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        amounts,
        [
            ("Support for councils", "Interim management support", "130"),
            (
                "Support for councils",
                "Peer challenge and mentoring",
                "390"
            ),
            ("Contingency", "Contingency", "385"),
        ]
    );
    for row in &lines.csv {
        assert_eq!(row["currency"], "GBP");
        assert_eq!(row["scale"], "thousands");
        assert_eq!(row["available"], "1000");
        assert_eq!(row["budget_total"], "905");
        assert_eq!(row["budget_title"], "Capacity building fund 2008/09");
    }
    let sum: f64 = lines
        .csv
        .iter()
        .map(|r| r["amount"].parse::<f64>().unwrap())
        .sum();
    assert_eq!(sum, 905.0, "the lines add up to the total");
    assert_eq!(lines.json[0]["amount"], serde_json::json!(130));
    assert!(lines.json[0]["amount"].is_u64(), "amounts are JSON numbers");
}

#[test]
fn risks_are_placed_on_their_matrix() {
    let (_dir, out) = build_minimal();
    let risks = read(&out, "risks");
    let demand = risks.one("id", "1");
    assert_eq!(demand["ref"], "fund-demand");
    assert_eq!(demand["matrix"], "default");
    assert_eq!(demand["register_title"], "Risks to the fund");
    assert_eq!(demand["owner"], "Director");
    assert_eq!(demand["inherent_score"], "16");
    assert_eq!(demand["inherent_likelihood"], "Likely");
    assert_eq!(demand["inherent_impact"], "Major");
    assert_eq!(demand["inherent_band"], "High");
    assert_eq!(demand["residual_score"], "4");
    assert_eq!(demand["residual_likelihood"], "Unlikely");
    assert_eq!(demand["residual_impact"], "Minor");
    assert_eq!(demand["residual_band"], "Low");
    assert_eq!(demand["response"], "Prioritise councils in intervention");
    assert_eq!(demand["controls"], "Monthly monitoring");
    assert_eq!(demand["indicators"], "Number of requests");
    let silent = risks.one("id", "2");
    assert_eq!(silent["ref"], "");
    assert_eq!(silent["inherent_score"], "25");
    assert_eq!(silent["inherent_likelihood"], "Almost certain");
    assert_eq!(silent["inherent_band"], "Very high");
    assert_eq!(silent["residual_score"], "9");
    assert_eq!(silent["residual_band"], "Medium");
    assert_eq!(risks.json[0]["inherent_score"], serde_json::json!(16));
}

/// The `risks` fixture's registers as the open data gives them: each
/// stage named as its paper wrote it, the appetite and the flag typed, and
/// the RAG register's ratings in words.
#[test]
fn scored_risks_carry_their_stages_appetite_and_direction() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("risks"), &out, &[]);
    let risks = read(&out, "risks");
    let governance = risks.one("id", "C1");
    for (column, value) in [
        ("inherent_name", ""),
        ("inherent_score", ""),
        ("residual_name", "current"),
        ("residual_score", "16"),
        ("residual_band", "High"),
        ("target_score", "6"),
        ("target_likelihood", "Unlikely"),
        ("target_impact", "Moderate"),
        ("target_band", "Medium"),
        ("appetite", "9"),
        ("above_appetite", "true"),
        ("direction", "improving"),
        ("rating", ""),
    ] {
        assert_eq!(governance[column], value, "C1 {column}");
    }
    assert_eq!(risks.one("id", "C7")["above_appetite"], "false");
    assert_eq!(risks.one("id", "BAF1")["inherent_name"], "initial");
    assert_eq!(risks.one("id", "BAF1")["above_appetite"], "");
    // `impact: "1"` is the label 1, the worst of a 4, 3, 2, 1 axis.
    let numbered = risks.one("id", "N1");
    assert_eq!(numbered["residual_impact"], "1");
    assert_eq!(numbered["residual_score"], "16");
    let rag = risks.one("id", "P1");
    assert_eq!(rag["matrix"], "none");
    assert_eq!(rag["rating"], "amber");
    assert_eq!(rag["residual_score"], "");
    let c1 = risks
        .json
        .iter()
        .find(|r| r["id"] == "C1")
        .expect("C1 in the JSON");
    assert_eq!(c1["above_appetite"], serde_json::json!(true));
    assert_eq!(c1["appetite"], serde_json::json!(9));
    assert_eq!(c1["target_score"], serde_json::json!(6));
}

#[test]
fn targets_have_iso_due_dates_and_status_keys() {
    let (_dir, out) = build_minimal();
    let targets = read(&out, "targets");
    let t1 = targets.one("id", "T1");
    assert_eq!(t1["theme"], "Capacity");
    assert_eq!(t1["measure"], "Councils supported within four weeks");
    assert_eq!(t1["baseline"], "0 (2007/08)");
    assert_eq!(t1["target"], "10");
    assert_eq!(t1["actual"], "6");
    assert_eq!(t1["due"], "2011-03-31");
    assert_eq!(t1["due_as_written"], "2010/11");
    assert_eq!(t1["status"], "on-track");
    assert_eq!(t1["owner"], "Director");
    assert_eq!(t1["table_title"], "Fund targets");
    assert_eq!(targets.one("id", "T2")["status"], "at-risk");
    let t3 = targets.one("id", "T3");
    assert_eq!(t3["status"], "achieved");
    assert_eq!(t3["due"], "");
}

#[test]
fn target_indicators_carry_typed_figures_periods_and_trends() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("kpis"), &out, &[]);
    let targets = read(&out, "targets");
    let relets = targets
        .csv
        .iter()
        .find(|r| r["ref"] == "relets" && r["period"] == "2008/09 Q2")
        .expect("the second quarter's relets");
    for (column, value) in [
        ("unit", "days"),
        ("better", "lower"),
        ("target", "28"),
        ("target_number", "28"),
        ("actual", "31.5"),
        ("actual_number", "31.5"),
        ("previous", "34"),
        ("previous_number", "34"),
        ("period_start", "2008-07-01"),
        ("period_end", "2008-09-30"),
        ("trend", "improving"),
        ("status", "amber"),
    ] {
        assert_eq!(relets[column], value, "{column}");
    }
    // A figure in words keeps its text and has no number.
    let words = targets
        .csv
        .iter()
        .find(|r| r["actual"] == "Not yet audited")
        .unwrap();
    assert_eq!(words["actual_number"], "");
    assert_eq!(words["trend"], "");
    // In JSON the numbers are numbers.
    let json = targets
        .json
        .iter()
        .find(|r| r["ref"] == "relets" && r["period"] == "2008/09 Q2")
        .unwrap();
    assert_eq!(json["actual_number"], serde_json::json!(31.5));
    assert_eq!(json["target_number"], serde_json::json!(28));
    assert_eq!(json["actual"], serde_json::json!("31.5"));
    // A month, and a due date written as a quarter: its last day.
    let enquiries = targets.one("period", "2008-09");
    assert_eq!(enquiries["status"], "data-only");
    assert_eq!(enquiries["period_start"], "2008-09-01");
    assert_eq!(enquiries["period_end"], "2008-09-30");
    assert_eq!(enquiries["due_as_written"], "2008/09 Q1");
    assert_eq!(enquiries["due"], "2008-06-30");
}

#[test]
fn the_data_page_documents_every_file() {
    let (_dir, out) = build_minimal();
    let html = page(&out, "data/index.html");
    assert_contains_all(
        &html,
        &[
            "<h1>Open data</h1>",
            "Open Government Licence v3.0",
            "<code>budget_total</code>",
            "<code>inherent_band</code>",
            "<code>due_as_written</code>",
        ],
        "data/index.html",
    );
    for name in DATASETS {
        let data = read(&out, name);
        assert_contains_all(
            &html,
            &[
                &format!("href=\"/data/{name}.csv\""),
                &format!("href=\"/data/{name}.json\""),
                &format!("<h2 id=\"{name}\">"),
            ],
            "data/index.html",
        );
        for column in &data.header {
            assert!(
                html.contains(&format!("<code>{column}</code>")),
                "data/index.html does not document {name}'s `{column}`"
            );
        }
        let rows = data.csv.len();
        let count = if rows == 1 {
            "1 row.".to_string()
        } else {
            format!("{rows} rows.")
        };
        let section = between(&html, &format!("<h2 id=\"{name}\">"), "</section>");
        assert!(
            section[0].contains(&count),
            "data/index.html does not give {name}'s row count {rows}"
        );
    }
}

#[derive(serde::Deserialize)]
struct Index {
    version: u32,
    pages: Vec<Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    t: String,
    u: String,
    k: String,
    m: Option<String>,
    d: Option<String>,
    x: String,
}

fn index(out: &Path) -> Index {
    let text = std::fs::read_to_string(out.join("search/index.json")).unwrap();
    assert!(!text.contains("\n "), "the index is not compact");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_search_index_lists_every_public_page() {
    let (_dir, out) = build_minimal();
    let index = index(&out);
    assert_eq!(index.version, 1);
    let urls: Vec<&str> = index.pages.iter().map(|p| p.u.as_str()).collect();
    let mut unique = urls.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), urls.len(), "a page is listed twice: {urls:?}");
    for url in [
        "",
        "meetings/",
        "boards/",
        "documents/",
        "news/",
        "data/",
        "decisions/",
        &format!("meetings/{MEETING}/"),
        &format!("meetings/{MEETING}/a-capacity-fund/"),
        &format!("meetings/{MEETING}/b-work-programme/"),
        &format!("meetings/{MEETING}/c-minutes/"),
        &format!("meetings/{MEETING}/d-matters-arising/"),
        "boards/members-board/",
        "documents/improvement-strategy/",
        "news/2008-09-fund-agreed/",
        "about/",
    ] {
        assert!(urls.contains(&url), "the index lacks `{url}`: {urls:?}");
    }
    // Every paper, meeting, board, document and article of the sitemap is
    // in the index. Pages that list or filter them (registers by board or
    // ref, news by month, a meeting's agenda pack) repeat their text and
    // are left out; their sections' first pages are asserted above.
    let sitemap = page(&out, "sitemap.xml");
    let locs = between(&sitemap, "<loc>", "</loc>");
    assert!(locs.len() > 10, "the sitemap lists too few pages: {locs:?}");
    for loc in locs {
        let url = loc.strip_prefix(BASE).unwrap();
        let parts: Vec<&str> = url.trim_end_matches('/').split('/').collect();
        let content = match parts.as_slice() {
            ["meetings", _] | ["meetings", _, _] | ["meetings", _, _, _] => {
                parts.last() != Some(&"pack")
            }
            ["boards", _] | ["documents", _] => true,
            ["news", slug] => !slug.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        };
        assert!(
            !content || urls.contains(&url),
            "the index lacks `{url}` of the sitemap"
        );
    }
    for url in &urls {
        assert!(
            out.join(url).join("index.html").is_file(),
            "`{url}` in the index is not a page"
        );
    }
    let fund = index
        .pages
        .iter()
        .find(|p| p.u.ends_with("a-capacity-fund/"))
        .unwrap();
    assert_eq!(fund.t, "Capacity building fund 2008/09");
    assert_eq!(fund.k, "item");
    assert_eq!(fund.m.as_deref(), Some("Members Board, 12 September 2008"));
    assert_eq!(fund.d.as_deref(), Some("2008-09-12"));
    assert!(
        fund.x.starts_with("To set up a capacity building fund"),
        "{}",
        fund.x
    );
    assert!(fund.x.contains("Councils in difficulty asked for help"));
    assert!(
        fund.x
            .contains("Demand for the fund exceeds what is available")
    );
    assert!(fund.x.contains("Councils supported within four weeks"));
    assert!(!fund.x.contains('<') && !fund.x.contains("  "));
    let kinds: Vec<(&str, &str)> = index
        .pages
        .iter()
        .map(|p| (p.u.as_str(), p.k.as_str()))
        .collect();
    for (url, kind) in [
        (format!("meetings/{MEETING}/"), "meeting"),
        ("documents/improvement-strategy/".into(), "document"),
        ("news/2008-09-fund-agreed/".into(), "news"),
        ("about/".into(), "page"),
    ] {
        assert!(
            kinds.contains(&(url.as_str(), kind)),
            "{url} is not a {kind}"
        );
    }
    let about = index.pages.iter().find(|p| p.u == "about/").unwrap();
    assert!(
        about
            .x
            .contains("Papers are published a week before each meeting.")
    );
    assert!(!about.x.contains("minimal-script-marker"));
}

#[test]
fn the_search_page_has_a_form_a_live_region_and_a_fallback() {
    let (_dir, out) = build_minimal();
    let html = page(&out, "search/index.html");
    assert_contains_all(
        &html,
        &[
            "<label for=\"search-input\"",
            "<input id=\"search-input\" class=\"search-input\" name=\"q\" type=\"search\"",
            "<button type=\"submit\" class=\"search-button\"",
            "aria-live=\"polite\"",
            "<noscript>",
            "site:papers.testshire.example",
            "data-base=\"/\"",
            "data-index=\"/search/index.json\"",
            "<script src=\"/search.js\" defer></script>",
        ],
        "search/index.html",
    );
    let script = std::fs::read_to_string(out.join("search.js")).unwrap();
    assert!(!script.contains("http://") && !script.contains("https://"));
    // The nav links to search from every page.
    assert!(page(&out, "index.html").contains("href=\"/search/\""));
}

#[test]
fn a_base_path_reaches_the_index_and_the_script() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(
        &fixture("minimal"),
        &out,
        &["--base-url", "https://example.org/papers/"],
    );
    let html = page(&out, "search/index.html");
    assert_contains_all(
        &html,
        &[
            "data-base=\"/papers/\"",
            "data-index=\"/papers/search/index.json\"",
            "src=\"/papers/search.js\"",
            "site:example.org/papers",
        ],
        "search/index.html",
    );
    // Entries are relative to the base path; data rows carry full addresses.
    let index = index(&out);
    assert!(index.pages.iter().all(|p| !p.u.starts_with('/')));
    let decisions = read(&out, "decisions");
    assert!(
        decisions.csv[0]["url"].starts_with("https://example.org/papers/meetings/"),
        "{}",
        decisions.csv[0]["url"]
    );
}

#[test]
fn withheld_content_reaches_neither_data_nor_search() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("confidential"), &out, &[]);
    let files = snapshot(&out);
    let ours: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .filter(|(path, _)| path.starts_with("data/") || path.starts_with("search/"))
        .collect();
    for name in DATASETS {
        for format in ["json", "csv"] {
            let path = format!("data/{name}.{format}");
            assert!(ours.contains_key(&path), "{path} is missing");
        }
    }
    for path in ["data/index.html", "search/index.json", "search/index.html"] {
        assert!(ours.contains_key(path), "{path} is missing");
    }
    let found = leaks(&ours);
    assert!(
        found.is_empty(),
        "withheld text was published:\n{}",
        found.join("\n")
    );
    for slug in [
        "09-depot-disposal",
        "09-valuation",
        "05-draft-paper",
        "06-embargoed-paper",
        "2008-10-16-members-board",
        "2008-11-20-members-board",
        "2008-10-draft-news",
        "2008-11-embargoed-news",
        "draft-plan",
        "guidance/",
    ] {
        let named = files_containing(&ours, slug);
        assert!(named.is_empty(), "`{slug}` is named in {named:?}");
    }
    // The exempt item is listed as the agenda lists it, and no more.
    let items = read(&out, "items");
    let exempt = items.rows_where("access", "exempt");
    assert!(!exempt.is_empty());
    for row in exempt {
        assert_eq!(row["kind"], "");
        assert_eq!(row["purpose"], "");
        assert!(!row["exempt_reason"].is_empty());
        assert_eq!(
            row["url"],
            format!("https://papers.confidential.example/meetings/{MEETING}/")
        );
    }
    let html = page(&out, "data/index.html");
    assert!(html.contains("The data carries no stated licence"));
}

/// A title or recommendation that a spreadsheet would run as a formula is
/// written to the CSV as text; the JSON keeps it exactly.
#[test]
fn csv_cells_never_run_as_formulas() {
    let (dir, root) = copy_fixture("minimal");
    let paper = root.join("content/meetings/2008-09-12-members-board/b-work-programme.md");
    let text = std::fs::read_to_string(&paper).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    std::fs::write(
        &paper,
        text.replacen(
            &title,
            "title: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"",
            1,
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    build_ok(&root, &out, &[]);
    let csv = std::fs::read_to_string(out.join("data/items.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(!csv.contains(",=HYPERLINK("), "{csv}");
    let json = std::fs::read_to_string(out.join("data/items.json")).unwrap();
    assert!(json.contains("\"=HYPERLINK("), "{json}");
    assert_agree("items", &read(&out, "items"));
}
