//! Budgets as a reader sees them: money written as money on `/budgets/` and
//! in prose, and charts whose labels stay inside the picture however long
//! the amounts are.
//!
//! `budgets` has one meeting with three budgets: a one-line budget of
//! £11,668,288 in pounds with funds to spare, one in thousands (£610k)
//! over-allocated by £10k, and one in millions (£11.7m) with £0.3m to spare.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const GRANT: &str = "meetings/2009-03-13-members-board/04-grant/index.html";
const PROGRAMME: &str = "meetings/2009-03-13-members-board/05-programme/index.html";

fn build_budgets() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("budgets"), &out, &[]);
    (dir, out)
}

/// The rows of `/budgets/` that hold figures, in page order.
fn budget_rows(out: &Path) -> Vec<String> {
    let html = page(out, "budgets/index.html");
    between(&html, "<tr>\n", "</tr>")
        .into_iter()
        .filter(|r| r.contains("<td"))
        .map(String::from)
        .collect()
}

/// The row of `/budgets/` for the budget titled `title`.
#[track_caller]
fn row_for(rows: &[String], title: &str) -> String {
    let heading = format!("<th scope=\"row\">{title}</th>");
    let found: Vec<&String> = rows.iter().filter(|r| r.contains(&heading)).collect();
    assert_eq!(found.len(), 1, "one row for {title}: {rows:#?}");
    found[0].clone()
}

#[test]
fn the_budgets_register_shows_pounds_as_money() {
    let (_dir, out) = build_budgets();
    let rows = budget_rows(&out);
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert_contains_all(
        &row_for(&rows, "Regional efficiency grant 2009/10"),
        &[
            "<td class=\"num\">£11,668,288</td>",
            "<td class=\"num\">£12,000,000</td>",
            "<td class=\"num\">£331,712</td>",
        ],
        "the grant's row",
    );
}

#[test]
fn the_budgets_register_shows_scaled_money_with_its_scale() {
    let (_dir, out) = build_budgets();
    let rows = budget_rows(&out);
    assert_contains_all(
        &row_for(&rows, "Business process improvement"),
        &[
            "<td class=\"num\">£610k</td>",
            "<td class=\"num\">£600k</td>",
            "<strong class=\"overdue\">Over by £10k</strong>",
        ],
        "the thousands budget's row",
    );
    assert_contains_all(
        &row_for(&rows, "Capital programme"),
        &[
            "<td class=\"num\">£11.7m</td>",
            "<td class=\"num\">£12m</td>",
            "<td class=\"num\">£0.3m</td>",
        ],
        "the millions budget's row",
    );
}

#[test]
fn the_budgets_register_never_puts_the_unit_after_a_figure() {
    let (_dir, out) = build_budgets();
    let html = page(&out, "budgets/index.html");
    for unit in ["(£)", "(£'000)", "(£m)"] {
        assert!(!html.contains(unit), "`{unit}` on /budgets/:\n{html}");
    }
}

#[test]
fn item_pages_say_the_balance_as_money_and_keep_the_table_in_its_unit() {
    let (_dir, out) = build_budgets();
    let grant = page(&out, GRANT);
    assert_contains_all(
        &grant,
        &[
            "£331,712 of £12,000,000 remains unallocated.</figcaption>",
            // The table gives the unit once, in its caption and heading.
            "Regional efficiency grant 2009/10 (£)</caption>",
            "<th scope=\"row\">Regional efficiency grant</th><td class=\"num\">11,668,288</td>",
        ],
        "the grant's page",
    );
    let programme = page(&out, PROGRAMME);
    assert_contains_all(
        &programme,
        &[
            "over-allocated by £10k.</figcaption>",
            "£0.3m of £12m remains unallocated.</figcaption>",
            "<th scope=\"row\">Schools</th><td class=\"num\">7.20</td>",
        ],
        "the programme's page",
    );
    for html in [&grant, &programme] {
        for unit in ["remains unallocated (", ") (£"] {
            assert!(!html.contains(unit), "`{unit}` in\n{html}");
        }
    }
}

#[test]
fn open_data_keeps_plain_numbers() {
    let (_dir, out) = build_budgets();
    let csv = std::fs::read_to_string(out.join("data/budget-lines.csv")).unwrap();
    let json = std::fs::read_to_string(out.join("data/budget-lines.json")).unwrap();
    for text in [&csv, &json] {
        assert!(text.contains("11668288"), "{text}");
        assert!(
            !text.contains('£') && !text.contains("11,668,288"),
            "{text}"
        );
    }
}

// --- chart labels stay inside the chart ----------------------------------------

/// A generous width for sans-serif text: every character as wide as 0.7 em,
/// wider than the digits, `£` and most letters of common sans-serif faces.
const EM_PER_CHAR: f64 = 0.7;

/// An attribute of an SVG tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    tag[start..].split('"').next()
}

#[track_caller]
fn number(tag: &str, name: &str) -> f64 {
    attribute(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no numeric `{name}` in {tag}"))
}

/// Every `<text>` of an SVG as (estimated left edge, estimated right edge, text).
fn text_extents(svg: &str) -> Vec<(f64, f64, String)> {
    between(svg, "<text ", "</text>")
        .into_iter()
        .map(|inner| {
            let (tag, text) = inner.split_once('>').unwrap();
            let tag = format!(" {tag}");
            let text = text.trim().to_string();
            let width = text.chars().count() as f64 * number(&tag, "font-size") * EM_PER_CHAR;
            let x = number(&tag, "x");
            let left = match attribute(&tag, "text-anchor").unwrap_or("start") {
                "middle" => x - width / 2.0,
                "end" => x - width,
                _ => x,
            };
            (left, left + width, text)
        })
        .collect()
}

/// Asserts that every text of `svg` lies inside its width, by estimate.
#[track_caller]
fn assert_labels_inside(svg: &str) {
    let open = &svg[..svg.find('>').unwrap()];
    let width = number(open, "width");
    assert_eq!(
        attribute(open, "viewBox"),
        Some(format!("0 0 {width} {}", number(open, "height")).as_str()),
        "the viewBox is the drawing's size"
    );
    let extents = text_extents(svg);
    assert!(!extents.is_empty(), "no text in {svg}");
    for (left, right, text) in extents {
        assert!(
            left >= 0.0 && right <= width,
            "`{text}` runs from {left:.0} to {right:.0}, outside the chart's width {width}"
        );
    }
}

/// The budget charts of a page.
fn budget_charts(html: &str) -> Vec<String> {
    between(html, "<div class=\"budget-block\">", "</figure>")
        .into_iter()
        .map(|block| {
            let start = block.find("<svg").expect("a chart in the budget block");
            block[start..].to_string()
        })
        .collect()
}

#[test]
fn a_seven_digit_label_fits_inside_the_chart() {
    let (_dir, out) = build_budgets();
    let charts = budget_charts(&page(&out, GRANT));
    assert_eq!(charts.len(), 1);
    let labels: Vec<String> = text_extents(&charts[0])
        .into_iter()
        .map(|(_, _, t)| t)
        .collect();
    assert!(
        labels.iter().any(|l| l == "£11,668,288 (100.0%)"),
        "{labels:?}"
    );
    assert_labels_inside(&charts[0]);
}

#[test]
fn every_budget_chart_keeps_its_labels_inside() {
    let (_dir, out) = build_budgets();
    let mut count = 0;
    for path in [GRANT, PROGRAMME] {
        for svg in budget_charts(&page(&out, path)) {
            assert_labels_inside(&svg);
            count += 1;
        }
    }
    assert_eq!(count, 3);
    let dir = tempfile::tempdir().unwrap();
    let minimal = dir.path().join("out");
    build_ok(&fixture("minimal"), &minimal, &[]);
    let fund = page(
        &minimal,
        "meetings/2008-09-12-members-board/a-capacity-fund/index.html",
    );
    for svg in budget_charts(&fund) {
        assert_labels_inside(&svg);
    }
}
