//! Snapshots of what the `minimal` fixture's item page draws and tabulates:
//! the budget chart, the risk matrix and the budget table, byte for byte;
//! and the chart of the `budgets` fixture's one-line budget of £11,668,288,
//! whose value label is the longest a chart has to fit.
//!
//! A change to any of them shows as a diff under `tests/snapshots/`. When the
//! change is intended, accept it with `INSTA_UPDATE=always cargo test --test
//! snapshots` (or `cargo insta review`) and commit the updated `.snap` files.
//! On CI (`CI` set) insta never writes: a difference fails the test.

mod common;

use common::*;

const ITEM: &str = "meetings/2008-09-12-members-board/a-capacity-fund/index.html";

const GRANT: &str = "meetings/2009-03-13-members-board/04-grant/index.html";

/// The page `path` of the fixture `site`, built with the fixed clock
/// [`NOW`], as written (not decoded: the snapshot holds the exact bytes).
fn built_page(site: &str, path: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture(site), &out, &[]);
    std::fs::read_to_string(out.join(path)).unwrap()
}

/// The item page of `minimal`.
fn item_page() -> String {
    built_page("minimal", ITEM)
}

/// The first `<open…>…</close>` after `after`, both tags included.
#[track_caller]
fn element_after(html: &str, after: &str, open: &str, close: &str) -> String {
    let from = html
        .find(after)
        .unwrap_or_else(|| panic!("no `{after}` in\n{html}"));
    let rest = &html[from..];
    let start = rest
        .find(open)
        .unwrap_or_else(|| panic!("no `{open}` after `{after}`"));
    let end = rest[start..]
        .find(close)
        .unwrap_or_else(|| panic!("`{open}` is never closed"))
        + start
        + close.len();
    rest[start..end].to_string()
}

#[test]
fn budget_chart_svg() {
    let svg = element_after(
        &item_page(),
        "<div class=\"budget-block\">",
        "<svg",
        "</svg>",
    );
    insta::assert_snapshot!("budget_chart", svg);
}

#[test]
fn budget_chart_of_seven_digits_svg() {
    let svg = element_after(
        &built_page("budgets", GRANT),
        "<div class=\"budget-block\">",
        "<svg",
        "</svg>",
    );
    insta::assert_snapshot!("budget_chart_seven_digits", svg);
}

#[test]
fn risk_matrix_svg() {
    let svg = element_after(&item_page(), "<div class=\"risk-block\">", "<svg", "</svg>");
    insta::assert_snapshot!("risk_matrix", svg);
}

#[test]
fn budget_table_html() {
    let table = element_after(
        &item_page(),
        "<div class=\"budget-block\">",
        "<table class=\"budget\">",
        "</table>",
    );
    insta::assert_snapshot!("budget_table", table);
}
