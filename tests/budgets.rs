//! Budgets as a reader sees them: money written as money on `/budgets/` and
//! in prose, and charts whose labels stay inside the picture however long
//! the amounts are.
//!
//! `budgets` has one meeting with five budgets: a one-line budget of
//! £11,668,288 in pounds with funds to spare, one in thousands (£610k)
//! over-allocated by £10k, one in millions (£11.7m) with £0.3m to spare,
//! a quarter's revenue monitoring (revised budget, actual to date and
//! forecast outturn, income negative, a forecast variance of £31,405
//! under budget), and a capital programme of three years in thousands.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const GRANT: &str = "meetings/2009-03-13-members-board/04-grant/index.html";
const PROGRAMME: &str = "meetings/2009-03-13-members-board/05-programme/index.html";
const MONITORING: &str = "meetings/2009-03-13-members-board/06-monitoring/index.html";
const CAPITAL: &str = "meetings/2009-03-13-members-board/07-capital/index.html";

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
    assert_eq!(rows.len(), 5, "{rows:#?}");
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

// --- budgets of several columns ------------------------------------------------

/// Every chart of a page, whole.
fn svgs(html: &str) -> Vec<String> {
    between(html, "<svg", "</svg>")
        .into_iter()
        .map(|inner| format!("<svg{inner}</svg>"))
        .collect()
}

/// The budget table of a page, as written.
fn table(html: &str) -> String {
    between(html, "<table class=\"budget", "</table>")[0].to_string()
}

#[test]
fn a_monitoring_table_has_a_column_per_budget_column_and_the_variance() {
    let (_dir, out) = build_budgets();
    let html = page(&out, MONITORING);
    assert_contains_all(
        &table(&html),
        &[
            "<caption>Revenue budget monitoring to 31 December 2008 (£)</caption>",
            "<th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">Revised budget</th><th scope=\"col\" class=\"num\">Actual to date</th><th scope=\"col\" class=\"num\">Forecast outturn</th><th scope=\"col\" class=\"num\">Forecast variance</th>",
            "<th scope=\"rowgroup\" colspan=\"5\">Income</th>",
            "<th scope=\"row\">Employees</th><td class=\"num\">5,200,000</td><td class=\"num\">3,880,000</td><td class=\"num\">5,130,250</td><td class=\"num\">\u{2212}69,750</td>",
            "<th scope=\"row\">Fees and charges</th><td class=\"num\">\u{2212}1,800,000</td><td class=\"num\">\u{2212}1,310,000</td><td class=\"num\">\u{2212}1,773,655</td><td class=\"num\">26,345</td>",
            "<th scope=\"row\">Total Expenditure</th><td class=\"num\">5,840,000</td><td class=\"num\">4,392,000</td><td class=\"num\">5,782,250</td><td class=\"num\">\u{2212}57,750</td>",
            "<th scope=\"row\">Total</th><td class=\"num\">4,040,000</td><td class=\"num\">3,082,000</td><td class=\"num\">4,008,595</td><td class=\"num\">\u{2212}31,405</td>",
        ],
        "the monitoring table",
    );
    assert!(
        html.contains("<strong>Forecast variance</strong> (Forecast outturn against Revised budget): £31,405 under budget."),
        "the variance in words"
    );
    assert!(
        !html.contains("Share of total"),
        "no shares of several columns"
    );
}

/// A negative figure reads "minus": U+2212 in the table, the charts and
/// their descriptions, never a hyphen beside a digit.
#[test]
fn negative_figures_are_written_with_a_minus_sign() {
    let (_dir, out) = build_budgets();
    let html = page(&out, MONITORING);
    for text in [table(&html), svgs(&html).concat()] {
        assert!(text.contains('\u{2212}'), "{text}");
        for hyphen in [">-", " -£", "(-", ">\n-"] {
            assert!(!text.contains(hyphen), "`{hyphen}` in {text}");
        }
    }
}

#[test]
fn a_capital_programme_shows_its_years_side_by_side() {
    let (_dir, out) = build_budgets();
    let html = page(&out, CAPITAL);
    assert_contains_all(
        &table(&html),
        &[
            "<caption>Capital programme 2009/10 to 2011/12 (£'000)</caption>",
            "<th scope=\"col\" class=\"num\">2009/10</th><th scope=\"col\" class=\"num\">2010/11</th><th scope=\"col\" class=\"num\">2011/12</th></tr>",
            "<th scope=\"row\">Customer contact centre</th><td class=\"num\">490</td><td class=\"num\">550</td><td class=\"num\">415</td></tr>",
            "<th scope=\"row\">Total</th><td class=\"num\">1,230</td><td class=\"num\">860</td><td class=\"num\">415</td></tr>",
        ],
        "the capital table",
    );
    let charts = svgs(&html);
    assert_eq!(charts.len(), 1, "no variance, no variance chart");
    assert!(charts[0].contains(
        "Capital programme 2009/10 to 2011/12: totals 2009/10 £1,230k, 2010/11 £860k, 2011/12 £415k"
    ));
}

#[test]
fn grouped_and_variance_charts_keep_their_labels_inside() {
    let (_dir, out) = build_budgets();
    let monitoring = svgs(&page(&out, MONITORING));
    assert_eq!(monitoring.len(), 2, "a grouped chart and a variance chart");
    for svg in monitoring.iter().chain(&svgs(&page(&out, CAPITAL))) {
        assert_labels_inside(svg);
        assert!(
            !svg.contains("font-face") && !svg.contains("url(http"),
            "a chart loads nothing"
        );
    }
    let ids: Vec<&str> = monitoring
        .iter()
        .map(|svg| attribute(svg, "aria-labelledby").unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "budget-1-title budget-1-desc",
            "budget-1-variance-title budget-1-variance-desc"
        ]
    );
}

#[test]
fn grouped_chart_svg() {
    let (_dir, out) = build_budgets();
    let svg = svgs(&page(&out, MONITORING)).remove(0);
    insta::assert_snapshot!("grouped_chart", svg);
}

#[test]
fn variance_chart_svg() {
    let (_dir, out) = build_budgets();
    let svg = svgs(&page(&out, MONITORING)).remove(1);
    insta::assert_snapshot!("variance_chart", svg);
}

#[test]
fn the_register_shows_each_columns_total_and_the_variance() {
    let (_dir, out) = build_budgets();
    let rows = budget_rows(&out);
    assert_contains_all(
        &row_for(&rows, "Revenue budget monitoring to 31 December 2008"),
        &[
            "<li>Revised budget: <span class=\"figure\">£4,040,000</span></li><li>Actual to date: <span class=\"figure\">£3,082,000</span></li><li>Forecast outturn: <span class=\"figure\">£4,008,595</span></li>",
            "<td>Forecast variance: £31,405 under budget</td>",
        ],
        "the monitoring budget's row",
    );
    assert_contains_all(
        &row_for(&rows, "Capital programme 2009/10 to 2011/12"),
        &[
            "<li>2009/10: <span class=\"figure\">£1,230k</span></li>",
            "<li>2011/12: <span class=\"figure\">£415k</span></li>",
        ],
        "the capital programme's row",
    );
}

#[test]
fn open_data_has_a_column_for_every_budget_column() {
    let (_dir, out) = build_budgets();
    let csv = std::fs::read_to_string(out.join("data/budget-lines.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",label,amount,note,columns,variance,variance_label,amount_budget,amount_actual,amount_forecast,amount_y2009,amount_y2010,amount_y2011"),
        "{header}"
    );
    let fees = csv
        .lines()
        .find(|l| l.contains("Fees and charges"))
        .unwrap();
    assert!(
        fees.ends_with(",Income,3,Fees and charges,,,budget: Revised budget; actual: Actual to date; forecast: Forecast outturn,26345,Forecast variance: forecast minus budget,-1800000,-1310000,-1773655,,,"),
        "{fees}"
    );
    let grant = csv
        .lines()
        .find(|l| l.contains(",Regional efficiency grant,"))
        .unwrap();
    assert!(
        grant.ends_with(",Regional efficiency grant,11668288,,,,,,,,,,"),
        "{grant}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/budget-lines.json")).unwrap())
            .unwrap();
    let fees = json
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["label"] == "Fees and charges")
        .unwrap();
    assert_eq!(fees["amount_forecast"], serde_json::json!(-1773655));
    assert_eq!(fees["variance"], serde_json::json!(26345));
    assert_eq!(fees["amount"], serde_json::Value::Null);
    assert_eq!(fees["amount_y2009"], serde_json::Value::Null);
}

#[test]
fn the_data_page_documents_the_budget_columns() {
    let (_dir, out) = build_budgets();
    let html = page(&out, "data/index.html");
    for column in [
        "columns",
        "variance",
        "variance_label",
        "amount_forecast",
        "amount_y2011",
    ] {
        assert!(
            html.contains(&format!("<th scope=\"row\"><code>{column}</code></th><td>")),
            "{column} is not documented"
        );
    }
    assert!(html.contains("The line's figure in the budget column <code>forecast</code>"));
}

#[test]
fn two_builds_of_the_same_budgets_are_byte_identical() {
    let (_one, first) = build_budgets();
    let (_two, second) = build_budgets();
    assert_same_tree(&snapshot(&first), &snapshot(&second), "two builds");
}
