//! Budgets, risk registers and target tables as a reader sees them: the
//! charts on an item page, and the site-wide registers of decisions, risks,
//! budgets and targets with the histories of risks and targets that papers
//! share by `ref`.
//!
//! `minimal` has one paper with a budget, a register and a target table.
//! `registers` has two meetings of two boards whose risk registers (on two
//! different matrices) and target tables share a `ref`, with an action and
//! two targets overdue at [`NOW`].
//!
//! `risks` has registers scored as councils and NHS boards score them:
//! current and target with an appetite and directions of travel (six risks
//! sharing one cell), a matrix numbered 4 to 1, initial/current/target, and
//! one rated red, amber or green, three of them sharing a `ref`.
//!
//! `decisions` has one held meeting whose items use every fact the minutes
//! record of a decision: minute numbers, agenda sections, a key decision
//! with a call-in period, a recommendation to Council with a recorded
//! vote, proposer and seconder, an item numbered 7(a), and an exempt item
//! whose facts (marked `LEAK-`) must stay withheld.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

/// The clock of the `registers` builds: after every due date in it but
/// one action's.
const NOW: &str = "2009-01-01";
const JULY: &str = "meetings/2008-07-10-officer-board/03-programme";
const DECEMBER: &str = "meetings/2008-12-04-members-board/05-governance";
const FUND: &str = "meetings/2008-09-12-members-board/a-capacity-fund";

fn build_minimal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("minimal"), &out, &[]);
    (dir, out)
}

fn build_at(root: &Path, now: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_exit(&build(root, &out, &["--now", now]), 0);
    (dir, out)
}

fn build_registers() -> (tempfile::TempDir, PathBuf) {
    build_at(&fixture("registers"), NOW)
}

/// `path/index.html` of the output, decoded.
fn read_page(out: &Path, path: &str) -> String {
    page(out, &format!("{path}/index.html"))
}

// --- a small SVG reader -------------------------------------------------------

/// Every inline `<svg …>…</svg>` of a page.
fn svgs(html: &str) -> Vec<String> {
    between(html, "<svg", "</svg>")
        .into_iter()
        .map(|inner| format!("<svg{inner}</svg>"))
        .collect()
}

/// The one SVG inside the first element that opens with `open`.
#[track_caller]
fn svg_in(html: &str, open: &str) -> String {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no `{open}` in\n{html}"));
    svgs(&html[start..])
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no SVG after `{open}`"))
}

/// The attributes of every `<name …>` element of an SVG.
fn elements(svg: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    between(svg, &format!("<{name} "), ">")
        .into_iter()
        .map(|tag| {
            let mut attributes = BTreeMap::new();
            let mut rest = tag;
            while let Some(eq) = rest.find("=\"") {
                let key = rest[..eq].trim().to_string();
                let after = &rest[eq + 2..];
                let end = after.find('"').unwrap_or(after.len());
                attributes.insert(key, after[..end].to_string());
                rest = &after[(end + 1).min(after.len())..];
            }
            attributes
        })
        .collect()
}

fn number(element: &BTreeMap<String, String>, attribute: &str) -> f64 {
    element
        .get(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no numeric `{attribute}` in {element:?}"))
}

/// Every `<text>` of an SVG as (x, y, text).
fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    between(svg, "<text ", "</text>")
        .into_iter()
        .map(|inner| {
            let (tag, text) = inner.split_once('>').unwrap();
            let attributes = &elements(&format!("<text {tag}>"), "text")[0];
            (
                number(attributes, "x"),
                number(attributes, "y"),
                text.trim().to_string(),
            )
        })
        .collect()
}

/// The position of the text `label`, asserting it is drawn once.
#[track_caller]
fn label_at(svg: &str, label: &str) -> Point {
    let found: Vec<(f64, f64)> = texts(svg)
        .into_iter()
        .filter(|(_, _, t)| t == label)
        .map(|(x, y, _)| (x, y))
        .collect();
    assert_eq!(found.len(), 1, "`{label}` is drawn {} times", found.len());
    found[0]
}

/// A point of an SVG's user space.
type Point = (f64, f64);

/// A filled rectangle of a chart: (x, y, width, height, fill).
#[derive(Debug, Clone, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    fill: String,
}

impl Rect {
    fn contains(&self, (x, y): Point) -> bool {
        x > self.x && x < self.x + self.width && y > self.y && y < self.y + self.height
    }
}

fn filled_rects(svg: &str) -> Vec<Rect> {
    elements(svg, "rect")
        .into_iter()
        .filter(|r| r.get("fill").is_some_and(|f| f != "none"))
        .map(|r| Rect {
            x: number(&r, "x"),
            y: number(&r, "y"),
            width: number(&r, "width"),
            height: number(&r, "height"),
            fill: r["fill"].to_ascii_lowercase(),
        })
        .collect()
}

/// The coloured cells of a risk matrix: the filled rectangles that are
/// neither white nor the background.
fn matrix_cells(svg: &str) -> Vec<Rect> {
    filled_rects(svg)
        .into_iter()
        .filter(|r| r.fill != "#ffffff")
        .collect()
}

/// The cell that holds `point`, asserting there is exactly one.
#[track_caller]
fn cell_at(cells: &[Rect], point: Point) -> Rect {
    let found: Vec<&Rect> = cells.iter().filter(|c| c.contains(point)).collect();
    assert_eq!(found.len(), 1, "{point:?} is in {found:?}");
    found[0].clone()
}

/// The centres of a matrix's inherent markers (circles, each drawn as a
/// fill and an outline) and of its residual markers (white squares).
fn markers(svg: &str) -> (Vec<Point>, Vec<Point>) {
    let mut circles: Vec<Point> = elements(svg, "circle")
        .iter()
        .map(|c| (number(c, "cx"), number(c, "cy")))
        .collect();
    circles.dedup();
    let mut squares: Vec<Point> = filled_rects(svg)
        .into_iter()
        .filter(|r| r.fill == "#ffffff" && r.width == r.height && r.width < 40.0)
        .map(|r| (r.x + r.width / 2.0, r.y + r.height / 2.0))
        .collect();
    squares.dedup();
    (circles, squares)
}

/// Asserts that a chart is an accessible image: `role="img"`, labelled by
/// its own `<title>` and `<desc>`, and that it loads nothing.
#[track_caller]
fn assert_accessible(svg: &str, title: &str, desc: &[&str]) {
    let open = &elements(svg, "svg")[0];
    assert_eq!(open.get("role").map(String::as_str), Some("img"), "{svg}");
    let labels = open.get("aria-labelledby").expect("aria-labelledby");
    let ids: Vec<&str> = labels.split(' ').collect();
    assert_eq!(ids.len(), 2, "{labels}");
    let titles = between(svg, &format!("<title id=\"{}\">", ids[0]), "</title>");
    assert_eq!(titles, [title], "the chart's title");
    let descs = between(svg, &format!("<desc id=\"{}\">", ids[1]), "</desc>");
    assert_eq!(
        descs.len(),
        1,
        "the chart has no <desc id={}>: {svg}",
        ids[1]
    );
    assert_contains_all(descs[0], desc, "the chart's description");
    for remote in ["href=", "url(", "@font-face", "@import"] {
        assert!(!svg.contains(remote), "the chart loads something: {remote}");
    }
}

/// The articles of the decisions register, in page order.
fn decisions(html: &str) -> Vec<&str> {
    between(html, "<article class=\"decision\">", "</article>")
}

/// The recommendation texts of a decisions page, in page order.
fn decision_texts(html: &str) -> Vec<String> {
    decisions(html)
        .iter()
        .map(|d| between(d, "<p>", "</p>")[0].to_string())
        .collect()
}

// --- the item page ------------------------------------------------------------

#[test]
fn the_budget_chart_is_an_accessible_image_beside_its_table() {
    let (_dir, out) = build_minimal();
    let html = read_page(&out, FUND);
    let block = between(&html, "<div class=\"budget-block\">", "</table>");
    assert_eq!(block.len(), 1, "one budget block: {html}");
    let block = block[0];
    let svg = svg_in(block, "<figure");
    assert_accessible(
        &svg,
        "Capacity building fund 2008/09: £905k in total",
        &[
            "Support for councils £520k (57.5%)",
            "Contingency £385k (42.5%)",
        ],
    );
    // The table with the same figures follows the chart in the same block.
    let at = positions(
        block,
        &[
            "<svg",
            "</svg>",
            "<table class=\"budget\">",
            "<th scope=\"row\">Total Support for councils</th><td class=\"num\">520</td><td class=\"num\">57.5%</td>",
            "<th scope=\"row\">Contingency</th><td class=\"num\">385</td><td class=\"num\">42.5%</td>",
        ],
    );
    assert!(at.is_sorted(), "the table is not beside the chart: {at:?}");
    // One bar per group, as long as its amount.
    let bars: Vec<Rect> = filled_rects(&svg)
        .into_iter()
        .filter(|r| r.fill != "#ffffff")
        .collect();
    assert_eq!(bars.len(), 2, "{bars:?}");
    let ratio = bars[1].width / bars[0].width;
    assert!(
        (ratio - 385.0 / 520.0).abs() < 0.01,
        "bars of 520 and 385 are {} and {} long",
        bars[0].width,
        bars[1].width
    );
    for label in ["Support for councils", "Contingency", "£520k (57.5%)"] {
        label_at(&svg, label);
    }
}

#[test]
fn the_risk_matrix_marks_each_risk_inherent_by_a_circle_and_residual_by_a_square() {
    let (_dir, out) = build_minimal();
    let html = read_page(&out, FUND);
    let svg = svg_in(&html, "<div class=\"risk-block\">");
    assert_accessible(
        &svg,
        "Risks to the fund: risk matrix",
        &[
            "risk 1: inherent 16 (Likely likelihood, Major impact, High), residual 4 (Unlikely likelihood, Minor impact, Low)",
            "risk 2: inherent 25 (Almost certain likelihood, Severe impact, Very high), residual 9 (Possible likelihood, Moderate impact, Medium)",
        ],
    );
    let cells = matrix_cells(&svg);
    assert_eq!(cells.len(), 25, "a 5x5 matrix: {cells:?}");
    let (circles, squares) = markers(&svg);
    assert_eq!(
        circles.len(),
        2,
        "one circle per inherent position: {circles:?}"
    );
    assert_eq!(
        squares.len(),
        2,
        "one square per residual position: {squares:?}"
    );
    // Each marker sits in the cell under its likelihood label and beside
    // its impact label, coloured by its band.
    let expected = [
        (circles[0], "Likely", "Major", "#ef6c00"),
        (squares[0], "Unlikely", "Minor", "#2e7d32"),
        (circles[1], "Almost certain", "Severe", "#c62828"),
        (squares[1], "Possible", "Moderate", "#f9a825"),
    ];
    for (marker, likelihood, impact, colour) in expected {
        let cell = cell_at(&cells, marker);
        let (column, _) = label_at(&svg, likelihood);
        let (_, row) = label_at(&svg, impact);
        assert!(
            column > cell.x && column < cell.x + cell.width,
            "{marker:?} is not in the {likelihood} column: {cell:?}"
        );
        assert!(
            row > cell.y && row < cell.y + cell.height,
            "{marker:?} is not in the {impact} row: {cell:?}"
        );
        assert_eq!(cell.fill, colour, "the cell of {marker:?}");
    }
    // The markers carry the risk's id, and the table gives the bands in words.
    let ids: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|(x, y, _)| circles.contains(&(*x, *y)) || squares.contains(&(*x, *y)))
        .map(|(_, _, t)| t)
        .collect();
    assert_eq!(ids, ["1", "1", "2", "2"]);
    assert!(
        html.contains(">16 High</span>") && html.contains(">9 Medium</span>"),
        "{html}"
    );
}

#[test]
fn the_same_sources_give_byte_identical_svg() {
    for (site, now) in [("minimal", common::NOW), ("registers", NOW)] {
        let (_one, first) = build_at(&fixture(site), now);
        let (_two, second) = build_at(&fixture(site), now);
        let mut charts = 0;
        for (path, bytes) in snapshot(&first) {
            if !path.ends_with(".html") {
                continue;
            }
            let one = svgs(&String::from_utf8_lossy(&bytes));
            let other = std::fs::read(second.join(&path)).unwrap();
            let two = svgs(&String::from_utf8_lossy(&other));
            assert_eq!(one, two, "{site}: the charts of {path} differ");
            charts += one.len();
        }
        assert!(charts >= 4, "{site}: only {charts} charts were compared");
    }
}

// --- /decisions/ ----------------------------------------------------------------

#[test]
fn decisions_lists_every_recommendation_newest_meeting_first() {
    let (_dir, out) = build_registers();
    let html = read_page(&out, "decisions");
    assert_eq!(
        decision_texts(&html),
        [
            "The December governance recommendation be agreed as amended.",
            "The December boundary recommendation be withdrawn.",
            "The July programme recommendation be agreed.",
            "The July pilot recommendation be deferred.",
        ],
        "{html}"
    );
    let all = decisions(&html);
    let expect = [
        (
            DECEMBER,
            "<strong>Outcome:</strong> Agreed as amended",
            Some("<strong>Resolution:</strong> The December resolution as minuted."),
        ),
        (DECEMBER, "<strong>Outcome:</strong> Withdrawn", None),
        (
            JULY,
            "<strong>Outcome:</strong> Agreed",
            Some("<strong>Resolution:</strong> The July resolution as minuted."),
        ),
        (JULY, "<strong>Outcome:</strong> Deferred", None),
    ];
    for (decision, (item, outcome, resolution)) in all.iter().zip(expect) {
        let link = format!("<a href=\"/{item}/\">");
        assert_contains_all(decision, &[&link, outcome], "a decision");
        match resolution {
            Some(resolution) => assert!(decision.contains(resolution), "{decision}"),
            None => assert!(!decision.contains("Resolution:"), "{decision}"),
        }
    }
    assert!(html.contains("<p>4 recommendations.</p>"), "{html}");
    assert!(
        all[0].contains("Members Board, 4 December 2008 · item 5")
            && all[2].contains("Officer Steering Group, 10 July 2008 · item 3"),
        "{html}"
    );
}

#[test]
fn decisions_have_a_page_per_board_and_per_outcome() {
    let (_dir, out) = build_registers();
    let index = read_page(&out, "decisions");
    let pages = [
        (
            "decisions/board/members-board",
            "Members Board",
            &[
                "The December governance recommendation be agreed as amended.",
                "The December boundary recommendation be withdrawn.",
            ][..],
        ),
        (
            "decisions/board/officer-board",
            "Officer Steering Group",
            &[
                "The July programme recommendation be agreed.",
                "The July pilot recommendation be deferred.",
            ][..],
        ),
        (
            "decisions/outcome/agreed",
            "Agreed",
            &["The July programme recommendation be agreed."][..],
        ),
        (
            "decisions/outcome/amended",
            "Agreed as amended",
            &["The December governance recommendation be agreed as amended."][..],
        ),
        (
            "decisions/outcome/deferred",
            "Deferred",
            &["The July pilot recommendation be deferred."][..],
        ),
        (
            "decisions/outcome/withdrawn",
            "Withdrawn",
            &["The December boundary recommendation be withdrawn."][..],
        ),
    ];
    for (path, label, texts) in pages {
        let html = read_page(&out, path);
        assert_eq!(decision_texts(&html), texts, "{path}");
        // Each filter is linked from the register with its count, and marks
        // itself as the current page.
        let link = format!("<a href=\"/{path}/\">{label}</a> ({})", texts.len());
        assert!(index.contains(&link), "/decisions/ lacks `{link}`");
        let current = format!("<a href=\"/{path}/\" aria-current=\"page\">{label}</a>");
        assert!(html.contains(&current), "{path} lacks `{current}`");
    }
    // No page for an outcome nothing has.
    for outcome in ["pending", "noted", "not-agreed"] {
        assert!(!out.join(format!("decisions/outcome/{outcome}")).exists());
    }
}

#[test]
fn the_all_decisions_link_is_current_on_the_decisions_page() {
    let (_dir, out) = build_registers();
    let html = read_page(&out, "decisions");
    assert!(
        html.contains("<a href=\"/decisions/\" aria-current=\"page\">All decisions</a>"),
        "{html}"
    );
    let filtered = page(&out, "decisions/outcome/agreed/index.html");
    assert!(
        filtered.contains("<a href=\"/decisions/\">All decisions</a>"),
        "{filtered}"
    );
}

#[test]
fn overdue_actions_are_marked_overdue() {
    let (_dir, out) = build_registers();
    let register = read_page(&out, "decisions");
    assert_contains_all(
        &register,
        &[
            // Open and due on 1 August 2008, before the build's clock.
            "Publish the July programme (Programme Manager, due <time datetime=\"2008-08-01\">1 August 2008</time>): <strong class=\"overdue\">Overdue</strong>",
            // Open and due after it.
            "Consult the July partners (Director, due <time datetime=\"2009-06-30\">30 June 2009</time>): Open",
            // Done before its date.
            "Sign the December agreement (Chair, due <time datetime=\"2008-12-20\">20 December 2008</time>): Done",
        ],
        "/decisions/",
    );
    assert_eq!(
        register.matches("class=\"overdue\"").count(),
        1,
        "{register}"
    );
    let item = read_page(&out, JULY);
    assert_contains_all(
        &item,
        &[
            "1 August 2008</time></td><td><strong class=\"overdue\">Overdue</strong>",
            "30 June 2009</time></td><td>Open</td>",
        ],
        "the July item",
    );
    // A build before the due date shows the action as open.
    let (_early, early) = build_at(&fixture("registers"), "2008-07-31");
    let register = read_page(&early, "decisions");
    assert!(
        register.contains("1 August 2008</time>): Open"),
        "{register}"
    );
    assert!(!register.contains("Overdue"), "{register}");
}

// --- /risks/ ------------------------------------------------------------------

#[test]
fn risks_lists_every_register_with_its_matrix() {
    let (_dir, out) = build_registers();
    let html = read_page(&out, "risks");
    let entries = between(&html, "<section class=\"register-entry\"", "</section>");
    assert_eq!(entries.len(), 2, "{html}");
    let expect = [
        (DECEMBER, "December governance risks", 25, "G1"),
        (JULY, "July programme risks", 9, "R1"),
    ];
    for (entry, (item, title, cells, id)) in entries.iter().zip(expect) {
        assert_contains_all(
            entry,
            &[
                &format!("<a href=\"/{item}/\">"),
                &format!("<h3>{title}</h3>"),
                &format!("<caption>{title}</caption>"),
                &format!("<th scope=\"row\">{id}</th>"),
            ],
            "a register entry",
        );
        let svg = svg_in(entry, "<figure");
        assert_eq!(matrix_cells(&svg).len(), cells, "{title}");
        let (circles, squares) = markers(&svg);
        assert_eq!((circles.len(), squares.len()), (1, 1), "{title}");
    }
    assert_contains_all(
        entries[1],
        &[">9 Immediate action</span>", ">5 Monitor</span>"],
        "the July register on the three-by-three matrix",
    );
    assert_contains_all(
        entries[0],
        &[">20 Very high</span>", ">6 Medium</span>"],
        "the December register on the default matrix",
    );
    assert!(
        html.contains(
            "<a href=\"/risks/regional-governance/\">Failure to agree regional governance (December)</a> (2 papers)"
        ),
        "{html}"
    );
}

#[test]
fn a_shared_risk_ref_has_a_history_in_date_order() {
    let (_dir, out) = build_registers();
    let html = read_page(&out, "risks/regional-governance");
    assert!(
        html.contains("<h1>Failure to agree regional governance (December)</h1>"),
        "{html}"
    );
    let rows = between(&html, "<tr>\n", "</tr>");
    let rows: Vec<&str> = rows.into_iter().filter(|r| r.contains("<td>")).collect();
    assert_eq!(rows.len(), 2, "one row per appearance: {html}");
    assert_contains_all(
        rows[0],
        &[
            &format!("<a href=\"/{JULY}/\">Regional improvement programme</a>"),
            "<time datetime=\"2008-07-10\">10 July 2008</time>",
            "R1: Failure to agree regional governance (July)",
            ">9 Immediate action</span>",
            ">5 Monitor</span>",
        ],
        "the July appearance",
    );
    assert_contains_all(
        rows[1],
        &[
            &format!("<a href=\"/{DECEMBER}/\">Regional governance arrangements</a>"),
            "<time datetime=\"2008-12-04\">4 December 2008</time>",
            "G1: Failure to agree regional governance (December)",
            ">20 Very high</span>",
            ">6 Medium</span>",
        ],
        "the December appearance",
    );
    let svg = svg_in(&html, "<figure");
    assert_accessible(
        &svg,
        "Failure to agree regional governance (December): scores over time",
        &["Jul 2008: inherent 9, residual 5; Dec 2008: inherent 20, residual 6"],
    );
    let svg_end = html.find("</svg>").unwrap();
    assert!(
        svg_end < html.find("<table").unwrap(),
        "the table follows the chart"
    );
    // A risk without a ref has no history page.
    let pages = names_in(&out.join("risks"));
    assert_eq!(pages, ["index.html", "regional-governance"]);
}

// --- registers as they are scored (the `risks` fixture) -----------------------

const CORPORATE: &str = "meetings/2009-03-13-members-board/04-corporate";
const NUMBERED: &str = "meetings/2009-03-13-members-board/05-numbered";
const ASSURANCE: &str = "meetings/2009-03-13-members-board/06-assurance";
const RAG: &str = "meetings/2009-03-13-members-board/07-rag";

fn build_risks() -> (tempfile::TempDir, PathBuf) {
    build_at(&fixture("risks"), common::NOW)
}

/// The risk block of an item page.
fn risk_block(html: &str) -> &str {
    let blocks = between(html, "<div class=\"risk-block\">", "</table>");
    assert_eq!(blocks.len(), 1, "one risk block: {html}");
    blocks[0]
}

/// The column headings of a block's table.
fn headings(block: &str) -> Vec<&str> {
    between(block, "<th scope=\"col\">", "</th>")
}

#[test]
fn a_quoted_number_is_the_label_it_names() {
    let (_dir, out) = build_risks();
    let html = read_page(&out, NUMBERED);
    let svg = svg_in(&html, "<div class=\"risk-block\">");
    // `impact: "1"` on a matrix labelled 4, 3, 2, 1 is the worst impact:
    // with likelihood D, the worst cell.
    assert_accessible(
        &svg,
        "Numbered risks: risk matrix",
        &[
            "risk N1: current 16 (D likelihood, 1 impact, High), target 1 (A likelihood, 4 impact, Low)",
        ],
    );
    let (_, squares) = markers(&svg);
    assert_eq!(squares.len(), 1, "{svg}");
    let cell = cell_at(&matrix_cells(&svg), squares[0]);
    let (column, _) = label_at(&svg, "D");
    let (_, row) = label_at(&svg, "1");
    assert!(column > cell.x && column < cell.x + cell.width, "{cell:?}");
    assert!(row > cell.y && row < cell.y + cell.height, "{cell:?}");
    assert_eq!(cell.fill, "#c62828", "the worst cell is in the High band");
    assert!(html.contains(">16 High</span><br><span class=\"cell\">D likelihood, 1 impact</span>"));
}

#[test]
fn current_and_target_are_named_as_written() {
    let (_dir, out) = build_risks();
    let html = read_page(&out, CORPORATE);
    let block = risk_block(&html);
    assert_eq!(
        headings(block),
        [
            "Ref",
            "Risk",
            "Owner",
            "Current score",
            "Target score",
            "Direction of travel",
            "Response",
            "Controls",
            "Indicators"
        ]
    );
    assert_contains_all(
        block,
        &[
            "□ Squares mark each risk's current score and ◇ diamonds mark its target score, joined by a line in that order.",
            "squares mark current scores, diamonds mark target scores; a line joins each risk's scores in that order",
        ],
        "the corporate register",
    );
    for word in ["esidual", "nherent", "after controls"] {
        assert!(!block.contains(word), "the register says `{word}`: {block}");
    }
    // The initial stage of an assurance framework keeps its name too.
    let assurance = read_page(&out, ASSURANCE);
    let block = risk_block(&assurance);
    assert_eq!(
        &headings(block)[3..6],
        ["Initial score", "Current score", "Target score"]
    );
    assert!(
        block.contains("risk BAF1: initial 25 (Almost certain likelihood, Severe impact, Very high), current 16 (Likely likelihood, Major impact, High), target 9 (Possible likelihood, Moderate impact, Medium)"),
        "{block}"
    );
    assert_eq!(block.matches("<polygon").count(), 1, "one diamond: {block}");
}

#[test]
fn risks_above_the_appetite_are_flagged_in_words() {
    let (_dir, out) = build_risks();
    let html = read_page(&out, CORPORATE);
    let block = risk_block(&html);
    assert!(
        block.contains("<p class=\"appetite\">Risk appetite: a current score of 9 (Medium) or less.\n<strong>6 risks are above appetite:</strong> C1, C2, C3, C4, C5, C6.</p>"),
        "{block}"
    );
    let rows = between(block, "<tr>\n", "</tr>");
    let flagged: Vec<bool> = rows
        .iter()
        .filter(|r| r.contains("<td>"))
        .map(|r| r.contains("<strong class=\"above-appetite\">Above appetite</strong>"))
        .collect();
    assert_eq!(flagged, [true, true, true, true, true, true, false]);
    // The flag sits under the current score, not the target.
    assert!(
        rows[1].contains("Major impact</span><br><strong class=\"above-appetite\">"),
        "{}",
        rows[1]
    );
    let svg = svg_in(block, "<figure");
    assert!(svg.contains(
        "a thick line parts the cells within the risk appetite of 9 from those above it"
    ));
    assert!(svg.contains("risk C6: current 16 (Likely likelihood, Major impact, High), target 1 (Rare likelihood, Negligible impact, Low), above appetite; risk C7: current 9"));
    // The line: black over white, on cell edges only.
    let lines: Vec<BTreeMap<String, String>> = elements(&svg, "polyline")
        .into_iter()
        .filter(|l| l.get("stroke-width").map(String::as_str) == Some("4"))
        .collect();
    assert_eq!(
        lines.len(),
        8,
        "eight edges part 9 from 10 on a 5x5: {lines:?}"
    );
}

#[test]
fn the_direction_of_travel_is_a_word_with_an_arrow() {
    let (_dir, out) = build_risks();
    let block = read_page(&out, CORPORATE);
    assert_contains_all(
        &block,
        &[
            "<span class=\"direction direction-improving\"><span aria-hidden=\"true\">↓</span> Improving</span>",
            "<span class=\"direction direction-stable\"><span aria-hidden=\"true\">→</span> Stable</span>",
            "<span class=\"direction direction-worsening\"><span aria-hidden=\"true\">↑</span> Worsening</span>",
            "Direction of travel since the last report: ↓ improving (the risk is falling), → stable, ↑ worsening (the risk is rising).",
        ],
        "the corporate register",
    );
    // Registers without directions have no column for them.
    let numbered = read_page(&out, NUMBERED);
    assert!(!numbered.contains("Direction of travel"), "{numbered}");
}

#[test]
fn a_register_without_a_matrix_is_a_table_of_ratings_in_words() {
    let (_dir, out) = build_risks();
    let html = read_page(&out, RAG);
    let block = risk_block(&html);
    assert!(svgs(block).is_empty(), "no chart: {block}");
    assert_eq!(
        headings(block),
        [
            "Ref",
            "Risk",
            "Owner",
            "Rating",
            "Direction of travel",
            "Response",
            "Controls",
            "Indicators"
        ]
    );
    assert_contains_all(
        block,
        &[
            "<caption>Programme risks <span class=\"meta\">(rated red, amber or green)</span></caption>",
            "<span class=\"score rag\" style=\"background: #f9a825; color: #000000\">Amber</span>",
            "<span class=\"score rag\" style=\"background: #c62828; color: #ffffff\">Red</span>",
            "<span class=\"score rag\" style=\"background: #2e7d32; color: #ffffff\">Green</span>",
        ],
        "the RAG register",
    );
    // On /risks/ too, without a chart.
    let risks = read_page(&out, "risks");
    let entries = between(&risks, "<section class=\"register-entry\"", "</section>");
    let rag: Vec<&&str> = entries
        .iter()
        .filter(|e| e.contains("Programme risks"))
        .collect();
    assert_eq!(rag.len(), 1);
    assert!(svgs(rag[0]).is_empty() && rag[0].contains(">Amber</span>"));
}

#[test]
fn six_risks_on_one_cell_stay_legible() {
    let (_dir, out) = build_risks();
    let html = read_page(&out, CORPORATE);
    let svg = svg_in(&html, "<div class=\"risk-block\">");
    let (_, squares) = markers(&svg);
    assert_eq!(squares.len(), 7, "{svg}");
    let cells = matrix_cells(&svg);
    let crowded = cell_at(&cells, squares[0]);
    let inside: Vec<&Point> = squares.iter().filter(|s| crowded.contains(**s)).collect();
    assert_eq!(inside.len(), 6, "six current scores share Likely x Major");
    for (i, a) in inside.iter().enumerate() {
        // Each square wholly inside the cell, none covering another.
        assert!(
            a.0 - 11.0 >= crowded.x && a.0 + 11.0 <= crowded.x + crowded.width,
            "{a:?} crosses the edge of {crowded:?}"
        );
        assert!(a.1 - 11.0 >= crowded.y && a.1 + 11.0 <= crowded.y + crowded.height);
        for b in &inside[i + 1..] {
            let apart = (a.0 - b.0).abs().max((a.1 - b.1).abs());
            assert!(apart >= 24.0, "{a:?} and {b:?} overlap");
        }
    }
    // Each marker's id is on it, once per marker.
    let ids: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|(x, y, _)| inside.contains(&&(*x, *y)))
        .map(|(_, _, t)| t)
        .collect();
    assert_eq!(ids, ["C1", "C2", "C3", "C4", "C5", "C6"]);
    insta::assert_snapshot!("crowded_risk_matrix", svg);
}

#[test]
fn a_risk_history_names_the_stages_each_paper_used() {
    let (_dir, out) = build_risks();
    let html = read_page(&out, "risks/regional-governance");
    let rows: Vec<&str> = between(&html, "<tr>\n", "</tr>")
        .into_iter()
        .filter(|r| r.contains("<td>"))
        .collect();
    assert_eq!(rows.len(), 3, "{html}");
    assert_contains_all(
        rows[0],
        &[
            "<dt>Inherent</dt><dd><span class=\"score\"",
            ">20 Very high</span>",
            "<dt>Residual</dt><dd><span class=\"score\"",
            ">6 Medium</span>",
        ],
        "the December register",
    );
    let corporate = rows
        .iter()
        .find(|r| r.contains("Governance not agreed (March)"))
        .unwrap();
    assert_contains_all(
        corporate,
        &[
            "<dt>Current</dt>",
            ">16 High</span>",
            "<strong class=\"above-appetite\">Above appetite</strong>",
            "<dt>Target</dt>",
            "Improving</span>",
        ],
        "the corporate register",
    );
    assert!(!corporate.contains("Residual"), "{corporate}");
    let rag = rows.iter().find(|r| r.contains("(RAG)")).unwrap();
    assert_contains_all(
        rag,
        &[
            "None: rated red, amber or green",
            "Rating: <span class=\"score rag\"",
            ">Amber</span>",
        ],
        "the RAG register",
    );
    let svg = svg_in(&html, "<figure");
    assert_accessible(
        &svg,
        "Governance not agreed (March): scores over time",
        &[
            "inherent score in black with circles, residual or current score in blue with squares, target score in purple with diamonds",
            "Dec 2008: inherent 20, residual 6, target not given; ",
            "Mar 2009: inherent not given, current 16, target 6",
            "Mar 2009: rated amber",
        ],
    );
    assert!(html.contains("<figcaption>The inherent score in black with circles, residual or current score in blue with squares, target score in purple with diamonds."));
}

// --- /targets/ ----------------------------------------------------------------

#[test]
fn targets_lists_every_table_and_marks_overdue_targets() {
    let (_dir, out) = build_registers();
    let html = read_page(&out, "targets");
    let entries = between(&html, "<section class=\"register-entry\"", "</section>");
    assert_eq!(entries.len(), 2, "{html}");
    assert_contains_all(
        entries[0],
        &[
            &format!("<a href=\"/{DECEMBER}/\">"),
            "<h3>December targets</h3>",
            "Off track: 1",
            "Achieved: 1",
            // Off track and due before the clock: overdue.
            "<td>30 November 2008 <strong class=\"overdue\">Overdue</strong></td>",
        ],
        "the December table",
    );
    // Achieved and due on the same date as the overdue July target: not
    // overdue.
    let achieved: Vec<&str> = between(entries[0], "<tr>\n", "</tr>")
        .into_iter()
        .filter(|row| row.contains("status-achieved"))
        .collect();
    assert_eq!(achieved.len(), 1, "{}", entries[0]);
    assert!(achieved[0].contains("30 September 2008"), "{}", achieved[0]);
    assert!(!achieved[0].contains("Overdue"), "{}", achieved[0]);
    assert_contains_all(
        entries[1],
        &[
            &format!("<a href=\"/{JULY}/\">"),
            "<h3>July targets</h3>",
            "On track: 1",
            // On track and past its date, but December reports it again:
            // July's report is shown as it stood on 10 July 2008.
            "<td>30 September 2008</td>",
        ],
        "the July table",
    );
    assert_eq!(html.matches(">Overdue</strong>").count(), 1, "{html}");
    assert!(
        html.contains(
            "<a href=\"/targets/ni-179/\">Cash-releasing efficiency savings (December)</a>: achieved (2 papers)"
        ),
        "{html}"
    );
    let item = read_page(&out, DECEMBER);
    assert!(
        item.contains("30 November 2008 <strong class=\"overdue\">Overdue</strong>"),
        "{item}"
    );
}

#[test]
fn a_shared_target_ref_has_a_history_in_date_order() {
    let (_dir, out) = build_registers();
    let html = read_page(&out, "targets/ni-179");
    assert!(
        html.contains("<h1>Cash-releasing efficiency savings (December)</h1>"),
        "{html}"
    );
    let rows: Vec<&str> = between(&html, "<tr>\n", "</tr>")
        .into_iter()
        .filter(|r| r.contains("<td>"))
        .collect();
    assert_eq!(rows.len(), 2, "{html}");
    assert_contains_all(
        rows[0],
        &[
            &format!("<a href=\"/{JULY}/\">Regional improvement programme</a>"),
            "<time datetime=\"2008-07-10\">10 July 2008</time>",
            "<td>£280m</td>",
            // Not yet due on 10 July 2008, and superseded since.
            "<td>30 September 2008</td>",
            "<span class=\"status status-on-track\">On track</span>",
        ],
        "the July report",
    );
    assert!(!rows[0].contains("Overdue"), "{}", rows[0]);
    assert_contains_all(
        rows[1],
        &[
            &format!("<a href=\"/{DECEMBER}/\">Regional governance arrangements</a>"),
            "<time datetime=\"2008-12-04\">4 December 2008</time>",
            "<td>£305m</td>",
            "<span class=\"status status-achieved\">Achieved</span>",
        ],
        "the December report",
    );
    assert!(!rows[1].contains("Overdue"), "{}", rows[1]);
    assert_eq!(names_in(&out.join("targets")), ["index.html", "ni-179"]);
}

// --- performance indicators (`kpis`) ------------------------------------------
//
// `kpis` has three quarterly documents of housing indicators: `relets`
// reported in every quarter, `rent-collected` with one numeric figure,
// `enquiries` data-only and due (as if it could be) before every paper's
// date, and `new-homes`, reported once in August 2008 and due on 30
// September 2009.

/// The clock of the `kpis` builds: long after every due date.
const KPI_NOW: &str = "2026-01-01";
const Q1: &str = "documents/kpis-q1";
const Q2: &str = "documents/kpis-q2";

fn build_kpis() -> (tempfile::TempDir, PathBuf) {
    build_at(&fixture("kpis"), KPI_NOW)
}

/// The body row of the target `id` in `html`.
#[track_caller]
fn target_row<'a>(html: &'a str, id: &str) -> &'a str {
    between(html, "<tr>\n", "</tr>")
        .into_iter()
        .find(|row| row.contains(&format!("<th scope=\"row\">{id}</th>")))
        .unwrap_or_else(|| panic!("no row {id} in\n{html}"))
}

#[test]
fn a_kpi_table_gives_units_periods_trends_and_rag_in_words() {
    let (_dir, out) = build_kpis();
    let html = read_page(&out, Q2);
    assert_contains_all(
        &html,
        &[
            "<th scope=\"col\">Period</th>",
            "<th scope=\"col\">Previous</th>",
            "<th scope=\"col\">Trend</th>",
            "<li class=\"status-amber\">Amber: 2</li>",
            "<li class=\"status-data-only\">Data only: 1</li>",
        ],
        "the second quarter's table",
    );
    // Lower is better and the figure went down: improving, with the arrow
    // hidden from screen readers, which read the word.
    assert_contains_all(
        target_row(&html, "H1"),
        &[
            "Average days to re-let council homes<br><span class=\"meta\">Lower is better</span>",
            "<td>2008/09\u{a0}Q2</td>",
            "<td>28\u{a0}days</td><td>34\u{a0}days</td><td>31.5\u{a0}days</td>",
            "<span class=\"trend trend-improving\"><span aria-hidden=\"true\">↑</span> Improving</span>",
            "<span class=\"status status-amber\">Amber</span>",
        ],
        "relets",
    );
    // No previous figure: no trend.
    let rent = target_row(&html, "H2");
    assert_contains_all(
        rent,
        &["<td>97%</td>", "<td>96.5%</td>", "<td>–</td>"],
        "rent",
    );
    assert!(!rent.contains("trend-"), "{rent}");
    // A month, and no `better`: no trend even with two figures.
    let enquiries = target_row(&html, "H3");
    assert_contains_all(
        enquiries,
        &[
            "<td>Sep\u{a0}2008</td>",
            "<td>1,530\u{a0}enquiries</td>",
            "<span class=\"status status-data-only\">Data only</span>",
        ],
        "enquiries",
    );
    assert!(!enquiries.contains("trend-"), "{enquiries}");
}

#[test]
fn a_papers_target_is_judged_on_its_date_and_the_registers_latest_today() {
    let (_dir, out) = build_kpis();
    let overdue = "30 September 2009 <strong class=\"overdue\">Overdue</strong>";
    // Due a year after the paper: the paper says what it said then.
    let paper = read_page(&out, Q1);
    let row = target_row(&paper, "H4");
    assert!(row.contains("<td>30 September 2009</td>"), "{row}");
    assert!(!paper.contains("Overdue"), "{paper}");
    // No later paper reports it: the register and its history judge it
    // against the build's clock.
    let register = read_page(&out, "targets");
    assert!(target_row(&register, "H4").contains(overdue), "{register}");
    assert!(
        register.contains(
            "<a href=\"/targets/new-homes/\">Affordable homes completed</a>: amber, <strong class=\"overdue\">overdue</strong> (1 paper)"
        ),
        "{register}"
    );
    let history = read_page(&out, "targets/new-homes");
    assert!(history.contains(overdue), "{history}");
}

#[test]
fn a_data_only_measure_is_never_overdue() {
    let (_dir, out) = build_kpis();
    for page in [Q1, Q2, "targets", "targets/enquiries"] {
        let html = read_page(&out, page);
        let rows: Vec<&str> = between(&html, "<tr>\n", "</tr>")
            .into_iter()
            .filter(|row| row.contains("Housing enquiries") || row.contains("status-data-only"))
            .collect();
        assert!(!rows.is_empty(), "{page}: no enquiries row");
        for row in rows {
            assert!(row.contains("30 June 2008"), "{page}: {row}");
            assert!(!row.contains("Overdue"), "{page}: {row}");
        }
    }
    assert!(
        read_page(&out, "targets")
            .contains(">Housing enquiries received</a>: data only (2 papers)")
    );
}

#[test]
fn a_kpi_history_is_a_line_by_period_beside_its_table() {
    let (_dir, out) = build_kpis();
    let html = read_page(&out, "targets/relets");
    let svg = svg_in(&html, "<figure class=\"chart-figure\">");
    assert!(
        svg.contains("2008/09 Q1: 34 days (target 28 days); 2008/09 Q2: 31.5 days (target 28 days); 2008/09 Q3: 27 days (target 28 days).</desc>"),
        "{svg}"
    );
    assert!(!svg.contains("font-face") && !svg.contains("url("), "{svg}");
    let table = &html[html.find("<table").unwrap()..];
    let cells = [
        "<td>34\u{a0}days</td>",
        "<td>31.5\u{a0}days</td>",
        "<td>27\u{a0}days</td>",
    ];
    let at = positions(table, &cells);
    assert!(at.windows(2).all(|w| w[0] < w[1]), "oldest first: {table}");
    insta::assert_snapshot!("target_history_chart", svg);
}

#[test]
fn a_kpi_history_with_one_number_has_only_its_table() {
    let (_dir, out) = build_kpis();
    let html = read_page(&out, "targets/rent-collected");
    assert!(!html.contains("<svg"), "{html}");
    assert!(
        html.contains("There is no chart: fewer than two reports give this figure as a number."),
        "{html}"
    );
    let start = html.find("<table").unwrap();
    let end = html[start..].find("</table>").unwrap() + start + "</table>".len();
    insta::assert_snapshot!("target_history_without_chart", &html[start..end]);
}

// --- /budgets/ ----------------------------------------------------------------

#[test]
fn budgets_lists_each_budget_with_its_total() {
    let (_dir, out) = build_registers();
    let html = read_page(&out, "budgets");
    let rows: Vec<&str> = between(&html, "<tr>\n", "</tr>")
        .into_iter()
        .filter(|r| r.contains("<td"))
        .collect();
    assert_eq!(rows.len(), 2, "{html}");
    assert_contains_all(
        rows[0],
        &[
            "<th scope=\"row\">December governance budget</th>",
            &format!("<a href=\"/{DECEMBER}/\">Regional governance arrangements</a>"),
            "4 December 2008",
            // Its own currency and scale.
            "<td class=\"num\">€12.75m</td>",
        ],
        "the December budget",
    );
    assert_contains_all(
        rows[1],
        &[
            "<th scope=\"row\">July programme budget</th>",
            &format!("<a href=\"/{JULY}/\">Regional improvement programme</a>"),
            "10 July 2008",
            "<td class=\"num\">£400.5k</td>",
            "<td class=\"num\">£500k</td>",
            "<td class=\"num\">£99.5k</td>",
        ],
        "the July budget",
    );
    // The item pages chart the same budgets.
    let july = read_page(&out, JULY);
    let svg = svg_in(&july, "<div class=\"budget-block\">");
    assert_accessible(
        &svg,
        "July programme budget: £400.5k in total",
        &["July programme staff £250k (62.4%); July programme events £150.5k (37.6%)"],
    );
    let december = read_page(&out, DECEMBER);
    let svg = svg_in(&december, "<div class=\"budget-block\">");
    assert_accessible(
        &svg,
        "December governance budget: €12.75m in total",
        &["December secretariat €10.25m (80.4%); December contingency €2.5m (19.6%)"],
    );
}

// --- documents among meetings ---------------------------------------------------

/// `registers` with a document dated between its two meetings that shares
/// both refs and has a recommendation and a budget.
fn registers_with_a_document() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_fixture("registers");
    std::fs::create_dir_all(root.join("content/documents")).unwrap();
    std::fs::write(
        root.join("content/documents/october-review.md"),
        "---\ntitle: October governance review\ndate: 2008-10-01\n\
         recommendations:\n  - {id: a, text: The October review recommendation be noted., outcome: noted}\n\
         budget:\n  title: October review budget\n  lines:\n    - {label: October review, amount: 40}\n\
         risks:\n  risks:\n    - id: D1\n      ref: regional-governance\n      title: Failure to agree regional governance (October)\n      inherent: {likelihood: Possible, impact: Major}\n\
         targets:\n  targets:\n    - {id: E1, ref: ni-179, measure: Cash-releasing efficiency savings (October), due: 2008-09-30, status: at-risk}\n---\n\nThe October review.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    assert_exit(&build(&root, &out, &["--now", NOW]), 0);
    (dir, out)
}

#[test]
fn a_document_appears_in_the_registers() {
    let (_dir, out) = registers_with_a_document();
    let decisions = read_page(&out, "decisions");
    assert!(
        decision_texts(&decisions)
            .contains(&"The October review recommendation be noted.".to_string()),
        "{decisions}"
    );
    assert!(
        decisions.contains("<a href=\"/documents/october-review/\">"),
        "{decisions}"
    );
    let history = read_page(&out, "risks/regional-governance");
    assert!(
        history.contains("D1: Failure to agree regional governance (October)"),
        "{history}"
    );
    assert!(
        read_page(&out, "budgets").contains("October review budget"),
        "/budgets/"
    );
    assert!(
        read_page(&out, "targets/ni-179").contains("/documents/october-review/"),
        "/targets/ni-179/"
    );
}

#[test]
fn documents_take_their_place_by_date_in_the_registers() {
    let (_dir, out) = registers_with_a_document();
    // Newest first: December meeting, October document, July meeting.
    let decisions = read_page(&out, "decisions");
    let texts = decision_texts(&decisions);
    assert_eq!(
        texts,
        [
            "The December governance recommendation be agreed as amended.",
            "The December boundary recommendation be withdrawn.",
            "The October review recommendation be noted.",
            "The July programme recommendation be agreed.",
            "The July pilot recommendation be deferred.",
        ]
    );
    for (path, needles) in [
        (
            "budgets",
            [
                "December governance budget",
                "October review budget",
                "July programme budget",
            ],
        ),
        (
            "risks",
            [
                "December governance risks",
                "(October)",
                "July programme risks",
            ],
        ),
        ("targets", ["December targets", "(October)", "July targets"]),
    ] {
        let html = read_page(&out, path);
        let at = positions(&html, &needles);
        assert!(at.is_sorted(), "/{path}/ is not newest first: {needles:?}");
    }
    // Histories oldest first: July, October, December.
    for path in ["risks/regional-governance", "targets/ni-179"] {
        let html = read_page(&out, path);
        let at = positions(
            &html,
            &[
                "<time datetime=\"2008-07-10\">",
                "<time datetime=\"2008-10-01\">",
                "<time datetime=\"2008-12-04\">",
            ],
        );
        assert!(at.is_sorted(), "/{path}/ is not in date order: {at:?}");
    }
}

// --- what is withheld ---------------------------------------------------------

const REGISTERS: [&str; 4] = ["decisions", "risks", "budgets", "targets"];

/// Every file under the registers' folders, as `path: marker` for each
/// `LEAK-…` marker in it.
fn register_leaks(out: &Path) -> Vec<String> {
    let files = snapshot(out);
    let registers: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .filter(|(path, _)| REGISTERS.iter().any(|r| path.starts_with(&format!("{r}/"))))
        .collect();
    assert!(registers.len() >= 4, "{:?}", registers.keys());
    leaks(&registers)
}

#[test]
fn withheld_papers_never_reach_the_registers() {
    let (_dir, out) = build_at(&fixture("confidential"), common::NOW);
    let leaks = register_leaks(&out);
    assert!(
        leaks.is_empty(),
        "withheld text in the registers:\n{}",
        leaks.join("\n")
    );
    let decisions = read_page(&out, "decisions");
    assert!(
        !decisions.contains("LEAK-EXEMPT-RECOMMENDATION"),
        "the exempt item's recommendation is in /decisions/"
    );
    assert!(!decisions.contains("Disposal of the former highways depot"));
    // Only the public report's recommendation is counted.
    assert_eq!(
        decision_texts(&decisions),
        ["The regional work programme be agreed."]
    );
    assert!(decisions.contains("Agreed</a> (1)"), "{decisions}");
    // The exempt risk's ref gets no history page.
    assert_eq!(names_in(&out.join("risks")), ["index.html"]);
    assert_eq!(names_in(&out.join("targets")), ["index.html"]);
    assert!(read_page(&out, "budgets").contains("No budgets have been published."));
}

#[test]
fn drafts_and_embargoes_lifted_reach_the_registers_but_exempt_items_never() {
    let (_dir, out) = {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let result = build(
            &fixture("confidential"),
            &out,
            &["--drafts", "--now", "2100-01-01"],
        );
        assert_exit(&result, 0);
        (dir, out)
    };
    let decisions = read_page(&out, "decisions");
    // The registers do show withheld papers once they may be published…
    for marker in [
        "LEAK-DRAFT-ITEM-RECOMMENDATION",
        "LEAK-EMBARGO-ITEM-RECOMMENDATION",
    ] {
        assert!(decisions.contains(marker), "{marker} is not in /decisions/");
    }
    assert!(
        read_page(&out, "budgets").contains("LEAK-DRAFT-ITEM-TITLE"),
        "the draft item's budget is not in /budgets/"
    );
    assert!(
        read_page(&out, "risks").contains("LEAK-EMBARGO-ITEM-RISK-TITLE"),
        "the embargoed item's risks are not in /risks/"
    );
    // …but never an exempt one.
    let exempt: Vec<String> = register_leaks(&out)
        .into_iter()
        .filter(|l| l.contains("LEAK-EXEMPT"))
        .collect();
    assert!(
        exempt.is_empty(),
        "exempt text in the registers:\n{}",
        exempt.join("\n")
    );
    assert!(!out.join("risks/leak-exempt-risk-ref").exists());
}

// --- the facts of decisions ------------------------------------------------------

const ALLOCATIONS: &str = "meetings/2008-12-05-members-board/04-allocations";
const ACCOUNTABLE_BODY: &str = "meetings/2008-12-05-members-board/07-accountable-body";
const DECISIONS_MEETING: &str = "meetings/2008-12-05-members-board";
/// Within the call-in period of item 4, which ends on 12 December 2008.
const DURING_CALL_IN: &str = "2008-12-10";
/// After it.
const AFTER_CALL_IN: &str = "2009-01-01";

/// The decisions register's article for the recommendation of `item`.
#[track_caller]
fn decision_of<'a>(html: &'a str, item: &str) -> &'a str {
    let context = format!("· item {item}</p>");
    decisions(html)
        .into_iter()
        .find(|d| d.contains(&context))
        .unwrap_or_else(|| panic!("no decision of item {item} in\n{html}"))
}

#[test]
fn the_register_gives_each_decision_its_minute_mover_and_vote() {
    let (_dir, out) = build_at(&fixture("decisions"), DURING_CALL_IN);
    let html = read_page(&out, "decisions");
    assert_contains_all(
        decision_of(&html, "4"),
        &[
            "<span class=\"minute\">Minute MB 08/41</span>",
            "<strong class=\"key-decision\">Key decision</strong>",
            "Takes effect on 13 December 2008, unless called in",
            "<strong>Outcome:</strong> Agreed",
            "Proposed by Cllr Rajesh Mehta, seconded by Cllr Jean Pattinson.",
            // `abstain` is left out of the vote: it counts as 0.
            "<strong>Vote:</strong> 5 for, 1 against, 0 abstentions</p>",
        ],
        "item 4's decision",
    );
    assert_contains_all(
        decision_of(&html, "7"),
        &[
            "Minute MB 08/44",
            "<strong>Outcome:</strong> Recommended to Council <span class=\"note\">(Council takes the decision)</span>",
            "Proposed by Cllr Margaret Ellwood, seconded by Cllr Owen Radley.",
            "<strong>Vote:</strong> 4 for, 1 against, 1 abstention (recorded)",
            "<dt>For</dt><dd>Cllr Margaret Ellwood, Cllr Rajesh Mehta, Cllr Jean Pattinson, Cllr Owen Radley</dd>",
            "<dt>Against</dt><dd>Cllr Thomas Whitlock</dd>",
            "<dt>Abstained</dt><dd>Cllr Helen Brayfield</dd>",
        ],
        "item 7's recommendation to Council",
    );
    // Only names: the counts come from them. Only a seconder: said so.
    assert_contains_all(
        decision_of(&html, "7(a)"),
        &[
            "Minute MB 08/45",
            "<p class=\"mover\">Seconded by Cllr Jean Pattinson.</p>",
            "3 for, 1 against, 0 abstentions (recorded)",
        ],
        "item 7(a)'s decision",
    );
    for item in ["5", "7", "7(a)"] {
        let decision = decision_of(&html, item);
        assert!(!decision.contains("Key decision"), "{decision}");
        assert!(!decision.contains("call"), "{decision}");
    }
    // Items in natural order: 7 before 7(a), newest meeting first.
    assert_eq!(
        decision_texts(&html),
        [
            "The sub-regional allocations of £4.367m be approved.",
            "The regional programmes of £1.219m be approved.",
            "Northwold County Council continue as accountable body for the partnership's grant in 2009/10.",
            "The £385k contingency be held in an earmarked reserve.",
        ]
    );
}

#[test]
fn the_call_in_notice_follows_the_build_date() {
    let (_during, during) = build_at(&fixture("decisions"), DURING_CALL_IN);
    let (_on, on_the_last_day) = build_at(&fixture("decisions"), "2008-12-12");
    let (_after, after) = build_at(&fixture("decisions"), AFTER_CALL_IN);
    let open = "Takes effect on 13 December 2008, unless called in";
    let ended = "Call-in period ended 12 December 2008";
    for out in [&during, &on_the_last_day] {
        for path in ["decisions", ALLOCATIONS] {
            let html = read_page(out, path);
            assert!(
                html.contains(open) && !html.contains(ended),
                "{path}: {html}"
            );
        }
    }
    for path in ["decisions", ALLOCATIONS] {
        let html = read_page(&after, path);
        assert!(
            html.contains(ended) && !html.contains(open),
            "{path}: {html}"
        );
    }
}

#[test]
fn a_recommendation_to_council_has_its_outcome_page_but_is_no_decision_taken() {
    let (_dir, out) = build_at(&fixture("decisions"), AFTER_CALL_IN);
    let index = read_page(&out, "decisions");
    let link = "<a href=\"/decisions/outcome/recommended/\">Recommended to another body</a> (1)";
    assert!(index.contains(link), "{index}");
    let filtered = read_page(&out, "decisions/outcome/recommended");
    assert_eq!(
        decision_texts(&filtered),
        [
            "Northwold County Council continue as accountable body for the partnership's grant in 2009/10."
        ]
    );
    assert!(
        filtered.contains("<h1>Decisions: recommended to another body</h1>"),
        "{filtered}"
    );
    // The home page's latest decisions and the month's bulletin list the
    // decisions taken: the recommendation to Council is not one yet.
    for path in ["index.html", "news/2008/12/index.html"] {
        let html = page(&out, path);
        assert!(
            html.contains("The sub-regional allocations of £4.367m be approved."),
            "{path}: {html}"
        );
        assert!(!html.contains("accountable body"), "{path}: {html}");
    }
}

#[test]
fn the_agenda_groups_items_under_their_sections() {
    let (_dir, out) = build_at(&fixture("decisions"), AFTER_CALL_IN);
    for path in [
        DECISIONS_MEETING.to_string(),
        format!("{DECISIONS_MEETING}/pack"),
    ] {
        let html = read_page(&out, &path);
        let agenda = &html[html.find("<h2").unwrap()..];
        // One heading per run of items, under the agenda's h2; the exempt
        // item 4(b) sits between two items of its neighbours' section.
        let order = positions(
            agenda,
            &[
                "<h3 class=\"agenda-section\">Matters for decision</h3>",
                "<span class=\"item-number\">4</span>",
                "<span class=\"item-number\">4(b)</span>",
                "<span class=\"item-number\">5</span>",
                "<h3 class=\"agenda-section\">Matters for recommendation to Council</h3>",
                "<span class=\"item-number\">7</span>",
                "<span class=\"item-number\">7(a)</span>",
                "<span class=\"item-number\">10</span>",
            ],
        );
        assert!(order.is_sorted(), "{path}: {order:?}");
        assert_eq!(
            html.matches("class=\"agenda-section\"").count(),
            2,
            "{path}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{path}");
        // Item 10 has no section: it is not under the section before it.
        let last_list = &agenda[agenda.rfind("<ol class=\"agenda\">").unwrap()..];
        assert!(
            last_list.contains("<span class=\"item-number\">10</span>"),
            "{path}"
        );
        assert!(!last_list.contains("item-number\">7"), "{path}");
        // The key decision is marked on its agenda line only.
        assert_eq!(
            agenda
                .matches("<span class=\"tag key-decision\">Key decision</span>")
                .count(),
            1,
            "{path}"
        );
    }
}

#[test]
fn the_pack_links_each_item_by_a_url_safe_anchor() {
    let (_dir, out) = build_at(&fixture("decisions"), DURING_CALL_IN);
    let pack = read_page(&out, &format!("{DECISIONS_MEETING}/pack"));
    assert_contains_all(
        &pack,
        &[
            "<a href=\"#item-7a\">Contingency reserve</a>",
            "<article class=\"pack-paper\" id=\"item-7a\" aria-labelledby=\"item-7a-title\">",
            "<h2 id=\"item-7a-title\" class=\"pack-paper-title\">7(a). Contingency reserve</h2>",
            "Members Board, 5 December 2008 · Matters for decision · Agenda item 4 · Key decision</p>",
            "<span class=\"minute\">Minute MB 08/41</span> · <strong class=\"key-decision\">Key decision</strong> · <span class=\"call-in call-in-open\">Takes effect on 13 December 2008, unless called in</span>",
            "Recommended to Council",
            // Item 10 has a minute but no recommendations.
            "<dt>Minute</dt><dd>MB 08/46</dd>",
        ],
        "the pack",
    );
    for id in between(&pack, " id=\"", "\"") {
        assert!(
            id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "the id `{id}` is not URL-safe"
        );
    }
    let item = read_page(&out, ALLOCATIONS);
    assert_contains_all(
        &item,
        &[
            "Members Board, 5 December 2008 · Matters for decision · Agenda item 4 · Key decision</p>",
            "<p class=\"decision-record\"><span class=\"minute\">Minute MB 08/41</span>",
        ],
        "item 4's page",
    );
    assert!(read_page(&out, ACCOUNTABLE_BODY).contains("Recommended to Council"));
}

/// The rows of `data/<name>.json`, one map per row.
fn data_rows(out: &Path, name: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let bytes = std::fs::read(out.join(format!("data/{name}.json"))).unwrap();
    serde_json::from_slice::<Vec<serde_json::Value>>(&bytes)
        .unwrap()
        .into_iter()
        .map(|row| row.as_object().unwrap().clone())
        .collect()
}

#[test]
fn the_data_carries_the_facts_of_each_decision() {
    use serde_json::json;
    let (_dir, out) = build_at(&fixture("decisions"), AFTER_CALL_IN);
    let decisions = data_rows(&out, "decisions");
    let row = |item: &str| {
        decisions
            .iter()
            .find(|r| r["item"] == json!(item))
            .unwrap_or_else(|| panic!("no decision of item {item}"))
    };
    let expect = |item: &str, facts: &[(&str, serde_json::Value)]| {
        for (column, value) in facts {
            assert_eq!(&row(item)[*column], value, "item {item}, {column}");
        }
    };
    expect(
        "4",
        &[
            ("outcome", json!("agreed")),
            ("recommended_to", json!(null)),
            ("proposer", json!("Cllr Rajesh Mehta")),
            ("seconder", json!("Cllr Jean Pattinson")),
            ("vote_for", json!(5)),
            ("vote_against", json!(1)),
            ("vote_abstain", json!(0)),
            ("recorded_for", json!(null)),
            ("minute", json!("MB 08/41")),
            ("key_decision", json!(true)),
            ("call_in_until", json!("2008-12-12")),
        ],
    );
    expect(
        "7",
        &[
            ("outcome", json!("recommended")),
            ("recommended_to", json!("Council")),
            ("vote_for", json!(4)),
            ("vote_abstain", json!(1)),
            (
                "recorded_for",
                json!(
                    "Cllr Margaret Ellwood; Cllr Rajesh Mehta; Cllr Jean Pattinson; Cllr Owen Radley"
                ),
            ),
            ("recorded_against", json!("Cllr Thomas Whitlock")),
            ("recorded_abstain", json!("Cllr Helen Brayfield")),
            ("key_decision", json!(false)),
            ("call_in_until", json!(null)),
        ],
    );
    expect(
        "7(a)",
        &[
            ("proposer", json!(null)),
            ("vote_for", json!(3)),
            ("vote_against", json!(1)),
            ("recorded_abstain", json!(null)),
        ],
    );
    let items = data_rows(&out, "items");
    let numbers: Vec<&serde_json::Value> = items.iter().map(|r| &r["item"]).collect();
    assert_eq!(
        numbers,
        [
            &json!("4"),
            &json!("4(b)"),
            &json!("5"),
            &json!("7"),
            &json!("7(a)"),
            &json!("10")
        ]
    );
    let facts = |row: &serde_json::Map<String, serde_json::Value>| {
        ["section", "minute", "key_decision", "call_in_until"].map(|c| row[c].clone())
    };
    assert_eq!(
        facts(&items[0]),
        [
            json!("Matters for decision"),
            json!("MB 08/41"),
            json!(true),
            json!("2008-12-12")
        ]
    );
    // The exempt item's facts are withheld with the rest of it.
    assert_eq!(
        facts(&items[1]),
        [json!(null), json!(null), json!(null), json!(null)]
    );
    assert_eq!(
        facts(&items[5]),
        [json!(null), json!("MB 08/46"), json!(false), json!(null)]
    );
    // The CSV says the same, and the data page documents every new column.
    let csv = std::fs::read_to_string(out.join("data/decisions.csv")).unwrap();
    assert!(
        csv.contains(",recommended,,0,Council,Cllr Margaret Ellwood,Cllr Owen Radley,4,1,1,"),
        "{csv}"
    );
    let documented = read_page(&out, "data");
    for column in [
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
        "call_in_until",
        "section",
    ] {
        let row = format!("<th scope=\"row\"><code>{column}</code></th>");
        assert!(
            documented.contains(&row),
            "/data/ does not document {column}"
        );
    }
}

#[test]
fn nothing_of_the_exempt_item_reaches_the_output() {
    let (_dir, out) = build_at(&fixture("decisions"), AFTER_CALL_IN);
    let found = leaks(&snapshot(&out));
    assert!(found.is_empty(), "{}", found.join("\n"));
    let agenda = read_page(&out, DECISIONS_MEETING);
    assert!(
        agenda.contains("Interim support for a district council"),
        "{agenda}"
    );
}
