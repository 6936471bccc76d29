//! Sites with one mistake each (`tests/sites/broken/<case>/`). A build
//! over a previous good build must fail with exit status 1, name the file,
//! line and column, say what is wrong and how to fix it, not panic, and
//! leave the previous output exactly as it was; `check` must fail too.
//!
//! The whole of what `check` prints for every case is kept as an insta
//! snapshot named after the case (`tests/snapshots/broken__<case>.snap`),
//! so a change to any message, pointer or hint shows as a diff. Accept an
//! intended change with `INSTA_UPDATE=always cargo test --test broken` and
//! read every changed snapshot before committing it.

mod common;

use std::path::Path;

use common::*;

const ITEM: &str = "content/meetings/2008-09-12-members-board/04-report.md";
const MEETING_FILE: &str = "content/meetings/2008-09-12-members-board/_meeting.md";

struct Case {
    /// The folder under `tests/sites/broken/`.
    name: &'static str,
    /// The file named in the error, relative to the site root.
    file: &'static str,
    /// `(line, column)` of the error; `None` where a bug puts it elsewhere
    /// (a separate ignored test asserts the right place).
    at: Option<(usize, usize)>,
    /// What is wrong.
    message: &'static str,
    /// How to fix it: the `help:` note, or the message's own advice where
    /// the message says how to write the value.
    hint: &'static str,
}

/// Builds `minimal` into an output folder, then the broken case over it.
/// Returns boardpack's stderr.
fn build_over_good_output(name: &str) -> String {
    let root = fixture(&format!("broken/{name}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("minimal"), &out, &[]);
    let before = snapshot(&out);
    let result = build(&root, &out, &["--now", NOW]);
    assert_exit(&result, 1);
    assert_same_tree(&before, &snapshot(&out), "the previous output");
    assert_eq!(
        names_in(dir.path()),
        ["out"],
        "a failed build left something beside the output"
    );
    assert!(
        !root.join("output").exists(),
        "the build wrote into the fixture"
    );
    stderr(&result)
}

#[track_caller]
fn assert_reported(err: &str, case: &Case) {
    let location = match case.at {
        Some((line, column)) => format!("┌─ {}:{line}:{column}\n", case.file),
        None => format!("┌─ {}:", case.file),
    };
    assert!(
        err.contains(&location),
        "{}: stderr does not point at `{location}`:\n{err}",
        case.name
    );
    assert!(
        err.contains(&format!("error: {}", case.message))
            || err.contains(&format!(": {}", case.message)),
        "{}: stderr does not say `{}`:\n{err}",
        case.name,
        case.message
    );
    assert!(
        err.contains(case.hint),
        "{}: stderr does not advise `{}`:\n{err}",
        case.name,
        case.hint
    );
    assert!(
        err.contains("\n1 error, "),
        "{}: exactly one error is expected:\n{err}",
        case.name
    );
}

/// Runs `check` on the broken case `name`, asserts that it fails, and
/// snapshots everything it printed. Returns the output.
#[track_caller]
fn check_snapshot(name: &str) -> String {
    let result = check(&fixture(&format!("broken/{name}")));
    assert_exit(&result, 1);
    let err = stderr(&result);
    assert!(
        !err.contains('\u{1b}'),
        "{name}: check printed colour codes to a pipe:\n{err}"
    );
    insta::assert_snapshot!(name, err);
    err
}

fn run_case(case: &Case) {
    let err = build_over_good_output(case.name);
    assert_reported(&err, case);
    assert!(err.contains("; nothing was written"), "{err}");
    let root = fixture(&format!("broken/{}", case.name));
    assert_reported(&check_snapshot(case.name), case);
    assert!(
        !root.join("output").exists(),
        "check wrote into the fixture"
    );
}

macro_rules! broken {
    ($($test:ident: $name:literal, $file:expr, $at:expr, $message:literal, $hint:literal;)*) => {$(
        #[test]
        fn $test() {
            run_case(&Case {
                name: $name,
                file: $file,
                at: $at,
                message: $message,
                hint: $hint,
            });
        }
    )*};
}

broken! {
    unknown_field: "unknown-field", ITEM, Some((3, 1)),
        "unknown field `titel`",
        "help: did you mean `title`?";
    yaml_syntax_error: "yaml-syntax", ITEM, Some((3, 22)),
        "invalid YAML: mapping values are not allowed in this context",
        "help: a value that holds `: ` must be in quotes: `title: \"Work programme: the next steps\"`";
    bad_date: "bad-date", MEETING_FILE, None,
        "`12/09/2008` is not a date",
        "help: if you mean 12 September 2008, write 2008-09-12";
    bad_outcome: "bad-enum", ITEM, Some((7, 14)),
        "unknown value `agred`",
        "help: did you mean `agreed`?";
    unknown_board: "unknown-board", MEETING_FILE, Some((2, 8)),
        "there is no board `member-board` in site.yaml",
        "help: did you mean `members-board`?";
    duplicate_item_number: "duplicate-item",
        "content/meetings/2008-09-12-members-board/05-other-report.md", Some((3, 7)),
        "item number 4 is already used by content/meetings/2008-09-12-members-board/04-report.md",
        "help: give each item of a meeting its own number";
    exempt_without_reason: "exempt-without-reason",
        "content/meetings/2008-09-12-members-board/09-depot.md", Some((4, 9)),
        "an exempt item needs an `exempt_reason`",
        "help: add the reason it is withheld";
    broken_link: "broken-link", ITEM, Some((8, 21)),
        "the link `05-capacity-fnd.md` points at `content/meetings/2008-09-12-members-board/05-capacity-fnd.md`, which does not exist",
        "help: did you mean `@/meetings/2008-09-12-members-board/05-capacity-fund.md`?";
    missing_appendix: "missing-appendix", ITEM, Some((5, 38)),
        "the appendix `letter-to-leaders.pdf` does not exist in meetings/2008-09-12-members-board/",
        "help: check the file name, or add the file beside the paper";
    names_that_make_one_address: "slug-clash",
        "content/meetings/2008-09-12-members-board/a-b.md", Some((1, 1)),
        "this item and content/meetings/2008-09-12-members-board/a b.md would both be published at /meetings/2008-09-12-members-board/a-b/",
        "help: rename one of them";
    appendix_outside_the_folder: "appendix-outside", ITEM, Some((6, 11)),
        "the appendix `../x.pdf` is not in this paper's folder",
        "help: put the file beside the paper and give its name only";
    budget_total_does_not_add_up: "budget-total", ITEM, Some((6, 10)),
        "the budget's total is declared as 1,000 but its amounts add up to 905 (a difference of 95)",
        "help: correct the amounts, or declare `total: 905`";
    amount_written_as_text: "amount-string", ITEM, Some((7, 15)),
        "the amount \"£130\" is text",
        "write a plain number without currency signs, commas or quotes, for example 130";
    risk_bands_with_a_gap: "band-gap", "site.yaml", Some((14, 16)),
        "scores 21 to 25 fall in no band",
        "help: make the last band `upto: 25`";
    ambiguous_bare_score: "ambiguous-score", ITEM, Some((8, 17)),
        "the score 4 could be any of 3 cells",
        "help: write the cell instead: {likelihood: Likely, impact: Negligible}, {likelihood: Unlikely, impact: Minor} or {likelihood: Rare, impact: Major}";
    unknown_target_status: "unknown-target-status", ITEM, Some((8, 15)),
        "unknown value `on-trak`",
        "help: did you mean `on-track`?";
    malformed_financial_year: "financial-year", ITEM, None,
        "`2010/12` is not a financial year: the second year must follow the first",
        "help: write \"2010/11\" for April 2010 to March 2011";
    target_period_quarter_outside_the_year: "target-period", ITEM, Some((8, 15)),
        "`2018/19 Q5` is not a quarter: a year has quarters Q1 to Q4",
        "help: Q1 is April to June and Q4 January to March, as in \"2018/19 Q2\"";
    target_due_quarter_before_the_year: "target-due-quarter", ITEM, Some((8, 12)),
        "`Q2 2018/19` puts the quarter before the year",
        "help: write the year first: \"2018/19 Q2\"";
    target_period_of_a_calendar_year: "target-calendar-quarter", ITEM, Some((8, 15)),
        "`2018 Q3` is a quarter of a calendar year",
        "help: quarters are of the financial year, April to March: July to September 2018 is \"2018/19 Q2\"";
    target_better_neither_higher_nor_lower: "target-better", ITEM, Some((8, 15)),
        "unknown value `down` for `better`",
        "help: allowed values: higher, lower";
    unclosed_front_matter: "unclosed-front-matter", ITEM, Some((1, 1)),
        "the front matter opened with `---` is never closed",
        "help: close the front matter with a line holding only `---`";
    related_to_a_missing_file: "related-missing", ITEM, Some((5, 5)),
        "`../2008-07-10-officer-board/06-support.md` is not a source file",
        "help: give the path of another paper";
    // --- budgets -------------------------------------------------------------
    amount_with_three_decimal_places: "budget-decimals", ITEM, Some((7, 15)),
        "the amount 12.345 has more than two decimal places",
        "round it to two decimal places, for example 12.35";
    // Negative amounts are income and savings; negative funds are not.
    negative_funds_available: "budget-negative", ITEM, Some((5, 14)),
        "`available` is -20, but the funds available cannot be negative",
        "help: write the funds available, 0 or more; the page shows an overspend as the balance";
    budget_line_missing_a_column: "budget-column-missing", ITEM, Some((11, 7)),
        "the line `Fees and charges` has no figure for `forecast` (Forecast outturn): every line gives one for each column, `budget`, `actual` and `forecast`",
        "help: add `forecast:` with its figure, 0 if there is none";
    budget_line_with_an_unknown_column: "budget-column-unknown", ITEM, Some((10, 60)),
        "`forcast` is not a column of this budget: its columns are `budget`, `actual` and `forecast`",
        "help: did you mean `forecast`?";
    budget_column_total_does_not_add_up: "budget-column-total", ITEM, Some((9, 38)),
        "the budget's `forecast` total is declared as 3,356,600 but its figures add up to 3,356,595 (a difference of 5)",
        "help: correct the figures, or declare `forecast: 3356595` in `total`";
    available_in_a_budget_of_several_columns: "budget-available-columns", ITEM, Some((9, 14)),
        "`available` belongs to a budget of one column, and this one has 3: `budget`, `actual` and `forecast`",
        "help: drop `available`; to compare with the funds approved, make them a column and add `variance: {of: …, against: …}`";
    variance_against_an_unknown_column: "budget-variance-column", ITEM, Some((9, 37)),
        "there is no column `buget`: the columns of this budget are `budget`, `actual` and `forecast`",
        "help: did you mean `budget`?";
    // The right place is the group (9:7); see the ignored test below.
    empty_budget_group: "budget-empty-group", ITEM, None,
        "the group `Contingency` is empty",
        "help: give it `amount: 100` or `lines:` with `{label, amount}` entries";
    group_total_does_not_add_up: "budget-group-total", ITEM, Some((8, 14)),
        "the total of `Support for councils` is declared as 1,520 but its amounts add up to 520 (a difference of 1,000)",
        "help: correct the amounts, or declare `total: 520`";
    budget_with_groups_and_lines: "budget-groups-and-lines", ITEM, Some((9, 5)),
        "a budget has either `groups` or `lines`, not both",
        "help: move these lines into a group, or drop `groups`";
    // The right place is the budget's mapping (5:3); see the ignored test.
    budget_with_neither_groups_nor_lines: "budget-empty", ITEM, None,
        "this budget has neither `groups` nor `lines`",
        "help: add `lines:` with `{label, amount}` entries, or `groups:` of lines";
    group_with_amount_and_lines: "budget-group-amount-and-lines", ITEM, Some((7, 15)),
        "the group `Support for councils` has both `amount` and `lines`",
        "help: keep the lines and declare their sum as `total`, or drop the lines";
    invalid_currency_code: "budget-currency", ITEM, Some((5, 13)),
        "`pounds` is not an ISO 4217 currency code",
        "help: write three capital letters, for example GBP or EUR";
    unknown_scale: "budget-scale", ITEM, Some((5, 10)),
        "unknown value `thousand`",
        "help: did you mean `thousands`?";
    // --- risks ---------------------------------------------------------------
    unknown_risk_matrix: "risk-unknown-matrix", ITEM, Some((5, 11)),
        "there is no risk matrix `three-by-tree`",
        "help: did you mean `three-by-three`?";
    // The right place is the label (8:30); see the ignored test below.
    likelihood_label_outside_the_matrix: "risk-label-outside", ITEM, None,
        "`Very likely` is not a likelihood of this matrix",
        "help: allowed likelihood values: Rare, Unlikely, Possible, Likely, Almost certain or 1 to 5";
    // The right place is the index (10:17); see the ignored test below.
    impact_index_outside_the_matrix: "risk-index-outside", ITEM, None,
        "impact 6 is outside the matrix",
        "help: allowed impact values: Negligible, Minor, Moderate, Major, Severe or 1 to 5";
    bare_score_no_cell_has: "risk-score-no-cell", ITEM, Some((8, 17)),
        "no cell of the matrix has the score 7",
        "help: scores on this matrix are 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25";
    scoring_table_with_too_few_rows: "matrix-rows", "site.yaml", Some((11, 7)),
        "the scoring table has 2 rows but the matrix has 3 impact levels",
        "help: write one row per impact level, lowest first";
    risk_bands_out_of_order: "bands-descending", "site.yaml", Some((14, 16)),
        "bands must ascend: `upto: 9` is not above the previous band's 16",
        "help: list bands from the lowest scores to the highest";
    band_colour_not_hex: "band-colour", "site.yaml", Some((13, 42)),
        "`amber` is not a colour",
        "help: write a hex colour in quotes, for example \"#2e7d32\"";
    duplicate_risk_id: "risk-duplicate-id", ITEM, Some((9, 11)),
        "the risk id `1` is used twice: first on line 6",
        "help: give each risk of the register its own id";
    risk_ref_not_url_safe: "risk-ref", ITEM, Some((7, 12)),
        "the ref `Regional Governance` cannot be used in a URL",
        "help: use lower-case letters, digits and hyphens";
    risk_rating_as_text: "risk-rating-text", ITEM, Some((8, 17)),
        "`high` is not a rating",
        "write a score of the register's matrix as a number, or the cell as {likelihood: …, impact: …} with the matrix's labels";
    digits_that_are_no_label: "risk-digits-not-label", ITEM, Some((9, 40)),
        "\"5\" is not an impact label of this matrix",
        "help: the impact labels of this matrix are \"4\", \"3\", \"2\", \"1\", in quotes";
    risks_scored_at_different_stages: "risk-mixed-stages", ITEM, Some((8, 42)),
        "the risk `C3` is scored as `inherent` and `residual`, but 2 other risks of this register are scored as `current` and `target`",
        "help: score every risk of a register at the same stages: drop `inherent:`; rename `residual:` to `current:`; add `target:`";
    score_in_a_register_without_a_matrix: "risk-rag-score", ITEM, Some((8, 69)),
        "`current` is a score on a matrix, but this register has `matrix: none`",
        "help: rate the risk with `rating: red`, `amber` or `green`";
    appetite_above_every_score: "risk-appetite-outside", ITEM, Some((5, 13)),
        "no score of this matrix is above an appetite of 30: the highest is 25",
        "help: write the highest score the board accepts without escalation, from 1 to 24";
    inherent_and_initial_together: "risk-both-names", ITEM, Some((9, 7)),
        "`inherent` and `initial` are two names for the same score",
        "help: keep one of them: `inherent` or `initial`";
    matrix_named_none: "matrix-named-none", "site.yaml", Some((7, 3)),
        "`none` cannot name a matrix",
        "help: give the matrix another name";
    // --- targets and actions -------------------------------------------------
    duplicate_target_id: "target-duplicate-id", ITEM, Some((8, 11)),
        "the target id `T1` is used twice: first on line 6",
        "help: give each target of the table its own id";
    target_ref_not_url_safe: "target-ref", ITEM, Some((7, 12)),
        "the ref `NI 179` cannot be used in a URL",
        "help: use lower-case letters, digits and hyphens";
    unknown_action_status: "unknown-action-status", ITEM, Some((11, 17)),
        "unknown value `finished`",
        "help: allowed values: open, done, overdue, dropped";
    declaration_on_a_missing_item: "declaration-item", MEETING_FILE, Some((7, 11)),
        "there is no item 99 on this meeting's agenda",
        "help: the items of this meeting are \"4\", \"5\"";
    // --- members and minutes ------------------------------------------------
    seat_of_an_unknown_member: "member-unknown", "site.yaml", Some((11, 18)),
        "there is no member with the id `cllr-basil-fenwik` in `members`",
        "help: did you mean Cllr Basil Fenwick (`cllr-basil-fenwick`)?";
    seat_naming_a_member_by_name: "seat-member-by-name", "site.yaml", Some((11, 18)),
        "there is no member with the id `Cllr Basil Fenwick` in `members`",
        "help: `member` takes the member's id: write `member: cllr-basil-fenwick`";
    seat_with_member_and_name: "seat-member-and-name", "site.yaml", Some((10, 40)),
        "a seat takes a `member` or a `name`, not both",
        "help: keep `member` (the id of a member in `members`); the name comes from there";
    term_ending_before_it_starts: "term-until-before-from", "site.yaml", Some((10, 72)),
        "the term ends on 1 May 2007 but starts on 1 May 2008",
        "help: give an `until` date on or after `from`";
    member_id_used_twice: "member-duplicate-id", "site.yaml", Some((6, 10)),
        "the member id `cllr-ada-quill` is used twice",
        "help: the first is on line 4; give every member their own id";
    minutes_approved_at_a_missing_meeting: "minutes-approved-missing", MEETING_FILE, Some((6, 22)),
        "there is no meeting folder `2008-12-05-members-bord`",
        "help: did you mean `2008-12-05-members-board`?";
    minutes_approved_at_an_earlier_meeting: "minutes-approved-earlier", MEETING_FILE, Some((6, 22)),
        "`2008-07-10-members-board` is on 10 July 2008, not after this meeting on 12 September 2008",
        "help: name the folder of the meeting after this one that approved the minutes";
    draft_minutes_with_an_approving_meeting: "minutes-draft-approved", MEETING_FILE, Some((5, 10)),
        "the minutes are `draft` but `minutes_approved_at` names the meeting that approved them",
        "help: write `minutes: approved`, or remove `minutes_approved_at`";
    webcast_that_is_not_a_web_address: "webcast-javascript", MEETING_FILE, Some((5, 10)),
        "`javascript:alert(1)` is not a web address",
        "help: write the full address, starting `https://` or `http://`";
    unknown_kind_of_interest: "declaration-kind", MEETING_FILE, Some((8, 11)),
        "unknown value `pecunary` for `kind`",
        "help: did you mean `pecuniary`?";
    // --- themes --------------------------------------------------------------
    broken_template_override: "template-override", "templates/meeting.html", Some((3, 35)),
        "this template cannot be parsed: expected a value that can be negated",
        "help: fix the template, or remove the site's override to use the theme's";
}

#[test]
fn declaration_on_a_missing_item_is_reported_in_full() {
    assert_check_prints(
        "declaration-item",
        r#"error: there is no item 99 on this meeting's agenda
  ┌─ content/meetings/2008-09-12-members-board/_meeting.md:7:11
  │
7 │     item: "99"
  │           ^^^^
  │
  = help: the items of this meeting are "4", "5"

1 error, 0 warnings
"#,
    );
}

/// An appendix's `file:` and the file's name differ by a typo: the file
/// reads as an agenda item without a number. Each error points at the
/// other name rather than suggesting an `item` number, which would publish
/// the appendix as an agenda item of its own.
#[test]
fn appendix_listed_under_a_mistyped_name() {
    let expected = r#"error: the appendix `appendix-b.md` does not exist in meetings/2008-09-12-members-board/
  ┌─ content/meetings/2008-09-12-members-board/05-capacity-fund.md:5:38
  │
5 │   - {title: Letter of support, file: appendix-b.md}
  │                                      ^^^^^^^^^^^^^
  │
  = help: did you mean `appendix-2.md`?

error: this file has no `item` number, and no item lists it as an appendix
  ┌─ content/meetings/2008-09-12-members-board/appendix-2.md:1:1
  │
1 │ ---
  │ ^^^
  │
  = help: did you mean to list it as an appendix of item 5? the `file:` there is `appendix-b.md`

2 errors, 0 warnings
"#;
    assert_check_prints("stray-appendix", expected);
    check_snapshot("stray-appendix");
    let err = build_over_good_output("stray-appendix");
    assert!(err.starts_with(expected.trim_end()), "{err}");
    assert!(err.contains("; nothing was written"), "{err}");
    assert!(!err.contains("add `item"), "{err}");
}

/// Asserts the whole of what `check` prints for a broken case.
#[track_caller]
fn assert_check_prints(name: &str, expected: &str) {
    let result = check(&fixture(&format!("broken/{name}")));
    assert_exit(&result, 1);
    assert_eq!(stderr(&result), expected);
}

#[test]
fn broken_template_override_is_reported_in_full() {
    assert_check_prints(
        "template-override",
        "\
error: this template cannot be parsed: expected a value that can be negated
  ┌─ templates/meeting.html:3:35
  │
3 │ <h1>{{ meeting.title }}</h1>{% if %}cancelled{% endif %}
  │                                   ^
  │
  = help: fix the template, or remove the site's override to use the theme's

1 error, 0 warnings
",
    );
}

/// Asserts that building a broken case reports its error at `file:line:col`.
fn assert_position(name: &str, file: &str, line: usize, column: usize) {
    let err = build_over_good_output(name);
    let location = format!("┌─ {file}:{line}:{column}\n");
    assert!(err.contains(&location), "expected `{location}` in:\n{err}");
}

#[test]
fn bad_date_is_reported_at_the_date() {
    assert_position("bad-date", MEETING_FILE, 3, 7);
}

#[test]
fn malformed_financial_year_is_reported_at_the_due_date() {
    assert_position("financial-year", ITEM, 8, 12);
}

#[test]
fn budget_with_neither_groups_nor_lines_is_reported_at_the_budget() {
    assert_position("budget-empty", ITEM, 5, 3);
}

#[test]
fn empty_budget_group_is_reported_at_the_group() {
    assert_position("budget-empty-group", ITEM, 9, 7);
}

#[test]
fn likelihood_label_outside_the_matrix_is_reported_at_the_label() {
    assert_position("risk-label-outside", ITEM, 8, 30);
}

#[test]
fn impact_index_outside_the_matrix_is_reported_at_the_index() {
    assert_position("risk-index-outside", ITEM, 10, 17);
}

#[test]
fn errors_in_two_files_are_reported_together_sorted_by_file() {
    let err = build_over_good_output("two-errors");
    let at = positions(
        &err,
        &[
            &format!("┌─ {ITEM}:7:14\n"),
            "unknown value `agred`",
            "help: did you mean `agreed`?",
            "┌─ content/news/2008-09-news.md:2:1\n",
            "unknown field `titel`",
            "help: did you mean `title`?",
            "2 errors, 0 warnings; nothing was written",
        ],
    );
    // The messages come before their locations in codespan's layout, so
    // check the order of the two files and of each file's hint.
    assert!(at[0] < at[3], "errors are not sorted by file:\n{err}");
    assert!(at[1] < at[3] && at[2] < at[3], "{err}");
    assert!(at[0] < at[2] && at[3] < at[5] && at[5] < at[6], "{err}");
    let err = check_snapshot("two-errors");
    assert!(err.contains("2 errors, "), "{err}");
}

#[test]
fn a_link_to_a_file_with_an_error_is_not_reported_as_missing() {
    let (dir, root) = copy_fixture("broken/unknown-field");
    std::fs::write(
        root.join("content/meetings/2008-09-12-members-board/05-next.md"),
        "---\nitem: \"5\"\ntitle: Next steps\n---\n\nSee [the programme](04-report.md).\n",
    )
    .unwrap();
    let result = build(&root, &dir.path().join("out"), &["--now", NOW]);
    assert_exit(&result, 1);
    let err = stderr(&result);
    assert!(err.contains("unknown field `titel`"), "{err}");
    assert!(!err.contains("does not exist"), "{err}");
    assert!(err.contains("\n1 error, "), "{err}");
}

// --- several mistakes at once ------------------------------------------------

/// One diagnostic as printed: where, what, and the `help:` note.
#[derive(Debug, PartialEq, Eq)]
struct Reported {
    /// `file:line:column`.
    at: String,
    /// The first line, severity included: `error: …`.
    message: String,
    help: Option<String>,
}

/// The diagnostics in boardpack's output, in the order printed.
fn reported(err: &str) -> Vec<Reported> {
    let mut all: Vec<Reported> = Vec::new();
    for line in err.lines() {
        let trimmed = line.trim_start();
        if line.starts_with("error: ") || line.starts_with("warning: ") {
            all.push(Reported {
                at: String::new(),
                message: line.to_string(),
                help: None,
            });
        } else if let Some(last) = all.last_mut() {
            if let Some(at) = trimmed.strip_prefix("┌─ ") {
                last.at = at.to_string();
            } else if let Some(help) = trimmed.strip_prefix("= help: ") {
                last.help = Some(help.to_string());
            }
        }
    }
    all
}

/// Asserts that `err` reports exactly `expected` errors, in this order:
/// `(file:line:column, message, help)`.
#[track_caller]
fn assert_errors(err: &str, expected: &[(&str, &str, Option<&str>)]) {
    let expected: Vec<Reported> = expected
        .iter()
        .map(|(at, message, help)| Reported {
            at: (*at).to_string(),
            message: format!("error: {message}"),
            help: help.map(str::to_string),
        })
        .collect();
    assert_eq!(reported(err), expected, "\n{err}");
    let count = match expected.len() {
        1 => "\n1 error, 0 warnings".to_string(),
        n => format!("\n{n} errors, 0 warnings"),
    };
    assert!(err.contains(&count), "expected `{count}` in:\n{err}");
}

/// Builds the case over a good build and checks it: both report exactly
/// `expected`, the build leaves the previous output as it was, and what
/// `check` prints is snapshotted.
#[track_caller]
fn run_errors_case(name: &str, expected: &[(&str, &str, Option<&str>)]) {
    let err = build_over_good_output(name);
    assert_errors(&err, expected);
    assert!(err.contains("; nothing was written"), "{err}");
    assert_errors(&check_snapshot(name), expected);
}

const REPORT: &str = "content/meetings/2008-09-12-members-board/04-report.md";
const OTHER_REPORT: &str = "content/meetings/2008-09-12-members-board/05-other-report.md";

fn at(file: &str, line: usize, column: usize) -> String {
    format!("{file}:{line}:{column}")
}

/// An unknown field, a bad enum value and a wrong type in one front
/// matter: three errors, in the order of the file, not grouped by kind.
#[test]
fn three_mistakes_in_one_front_matter_are_three_errors_in_file_order() {
    run_errors_case(
        "three-mistakes",
        &[
            (
                &at(REPORT, 4, 7),
                "unknown value `decison` for `kind`",
                Some("did you mean `decision`?"),
            ),
            (
                &at(REPORT, 5, 1),
                "unknown field `auther`",
                Some("did you mean `author`?"),
            ),
            (
                &at(REPORT, 6, 13),
                "`supplement` must be `true` or `false`, not `sometimes`",
                Some("write true or false"),
            ),
        ],
    );
}

/// A duplicate recommendation id, a budget whose `total` is not the sum
/// of its lines, and a `related` path to no file, in one front matter.
const THREE_CHECKS: [(usize, usize, &str, &str); 3] = [
    (
        6,
        10,
        "the recommendation id `a` is used twice: first on line 5",
        "letter them a, b, c… once each",
    ),
    (
        8,
        10,
        "the budget's total is declared as 1,000 but its amounts add up to 905 (a difference of 95)",
        "correct the amounts, or declare `total: 905`",
    ),
    (
        13,
        5,
        "`../2008-07-10-officer-board/06-support.md` is not a source file",
        "give the path of another paper, relative to this file or as `@/meetings/<folder>/<file>.md`",
    ),
];

/// What boardpack reports today: the duplicate id at least. The snapshot
/// shows the budget and `related` mistakes missing; see the ignored test.
#[test]
fn duplicate_recommendation_id_beside_other_mistakes_is_reported() {
    let err = build_over_good_output("three-checks");
    let (line, column, message, help) = THREE_CHECKS[0];
    for err in [err, check_snapshot("three-checks")] {
        let found = reported(&err);
        let expected = Reported {
            at: at(REPORT, line, column),
            message: format!("error: {message}"),
            help: Some(help.to_string()),
        };
        assert!(found.contains(&expected), "{expected:?} not in\n{err}");
    }
}

#[test]
fn duplicate_recommendation_id_budget_total_and_related_are_all_reported() {
    let expected: Vec<(String, &str, Option<&str>)> = THREE_CHECKS
        .iter()
        .map(|&(line, column, message, help)| (at(REPORT, line, column), message, Some(help)))
        .collect();
    let expected: Vec<(&str, &str, Option<&str>)> = expected
        .iter()
        .map(|(at, message, help)| (at.as_str(), *message, *help))
        .collect();
    run_errors_case("three-checks", &expected);
}

/// A vote of 7 for beside a recorded vote naming six, and a
/// recommendation `recommended` without the body it goes to: each is
/// reported at the value to change, quoting what was written.
#[test]
fn a_vote_that_disagrees_with_its_names_and_recommended_without_a_body() {
    const EXPECTED: &str = r#"error: the vote says 7 for but `recorded.for` names 6: Cllr Ada Quill, Cllr Ben Moss, Cllr Cai Rhys, Cllr Dee Holt, Cllr Eve Lunn, Cllr Fay Orme
  ┌─ content/meetings/2008-09-12-members-board/04-report.md:8:17
  │
8 │     vote: {for: 7, against: 1}
  │                 ^
  │
  = help: write `for: 6` in `vote`, or add the missing name to `recorded.for`

error: the outcome `recommended` needs `recommended_to`: the body that takes the decision
   ┌─ content/meetings/2008-09-12-members-board/04-report.md:14:14
   │
14 │     outcome: recommended
   │              ^^^^^^^^^^^
   │
   = help: add `recommended_to: Council` (or the name of the body) beside `outcome`

2 errors, 0 warnings
"#;
    run_errors_case(
        "vote-and-recommended",
        &[
            (
                &at(REPORT, 8, 17),
                "the vote says 7 for but `recorded.for` names 6: Cllr Ada Quill, Cllr Ben Moss, Cllr Cai Rhys, Cllr Dee Holt, Cllr Eve Lunn, Cllr Fay Orme",
                Some("write `for: 6` in `vote`, or add the missing name to `recorded.for`"),
            ),
            (
                &at(REPORT, 14, 14),
                "the outcome `recommended` needs `recommended_to`: the body that takes the decision",
                Some("add `recommended_to: Council` (or the name of the body) beside `outcome`"),
            ),
        ],
    );
    assert_check_prints("vote-and-recommended", EXPECTED);
    assert_no_rust_words(EXPECTED, "vote-and-recommended");
}

/// `{member: Cllr B, interest: Lobbied on Heather House, no disclosable
/// interest}`: the comma ends `interest`, and what follows reads as a key.
/// The hint says so and gives the line with the value in quotes. The
/// declaration has no `item`, which is a mistake of its own.
#[test]
fn a_declaration_cut_by_a_comma_gets_the_quoted_line() {
    const MEETING: &str = "content/meetings/2008-09-12-members-board/_meeting.md";
    run_errors_case(
        "declaration-comma",
        &[
            (
                &at(MEETING, 5, 5),
                "missing field `item`",
                Some("add `item: ...` beside the other fields here"),
            ),
            (
                &at(MEETING, 5, 58),
                "unknown field `no disclosable interest`",
                Some(
                    "a comma ends a value in `{…}`, so the value of `interest` was cut in two; put it in quotes: `interest: \"Lobbied on Heather House, no disclosable interest\"`",
                ),
            ),
        ],
    );
}

#[test]
fn an_amount_cut_by_a_comma_in_a_flow_mapping_is_given_back_whole() {
    run_errors_case(
        "amount-comma-flow",
        &[(
            &at(REPORT, 7, 34),
            "the comma in `-£3,192` ends the value of `amount` inside `{…}`",
            Some("write the amount as a plain number: `amount: -3192`"),
        )],
    );
}

#[test]
fn an_amount_cut_by_a_comma_is_underlined_whole() {
    let err = check_snapshot("amount-comma-flow");
    assert!(
        err.contains("\n  │                                  ^^^^^^^\n"),
        "`-£3,192` is not underlined whole:\n{err}"
    );
}

#[test]
fn an_amount_with_a_currency_sign_and_a_comma_in_block_style_gets_the_number() {
    run_errors_case(
        "amount-comma-block",
        &[(
            &at(REPORT, 9, 15),
            "the amount \"-£3,192\" is text",
            Some(
                "write a plain number without currency signs, commas or quotes, for example -3192",
            ),
        )],
    );
}

/// Doing what the hint for `-£3,192` says must give a good site, not a
/// new error: negative amounts are income and savings.
#[test]
fn the_number_the_amount_hint_gives_is_accepted() {
    for case in ["amount-comma-flow", "amount-comma-block"] {
        let (_dir, root) = copy_fixture(&format!("broken/{case}"));
        let file = root.join(REPORT);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("-£3,192", "-3192")).unwrap();
        let result = check(&root);
        assert_exit(&result, 0);
    }
}

/// `date: 11/12/2018` reads day first in en-GB and month first in en-US;
/// the hint gives the ISO date of the site's language.
#[test]
fn a_hand_written_date_gets_the_iso_date_of_the_site_language() {
    const MEETING: &str = "content/meetings/2008-09-12-members-board/_meeting.md";
    let message = "`11/12/2018` is not a date";
    run_errors_case(
        "date-by-hand",
        &[(
            &at(MEETING, 3, 7),
            message,
            Some("if you mean 11 December 2018, write 2018-12-11"),
        )],
    );
    let (_dir, root) = copy_fixture("broken/date-by-hand");
    let site = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(root.join("site.yaml"), site + "language: en-US\n").unwrap();
    let result = check(&root);
    assert_exit(&result, 1);
    assert_errors(
        &stderr(&result),
        &[(
            &at(MEETING, 3, 7),
            message,
            Some("if you mean 12 November 2018, write 2018-11-12"),
        )],
    );
}

/// Words a message must not use: Rust's names for types.
const RUST_WORDS: [&str; 27] = [
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "bool",
    "char",
    "str",
    "String",
    "Vec",
    "Option",
    "struct",
    "enum",
    "tuple",
    "Money",
    "OneOrMany",
    "PaperFront",
    "MeetingFront",
];

#[track_caller]
fn assert_no_rust_words(err: &str, what: &str) {
    let used: Vec<&str> = err
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|word| RUST_WORDS.contains(word))
        .collect();
    assert!(used.is_empty(), "{what} names Rust types {used:?}:\n{err}");
}

/// Text where a flag, a list, a budget or text goes, and a likelihood
/// that is not a label: the messages say what the field takes in words.
#[test]
fn type_errors_say_what_the_field_takes_in_words() {
    const MEETING: &str = "content/meetings/2008-09-12-members-board/_meeting.md";
    run_errors_case(
        "type-errors",
        &[
            (
                &at(REPORT, 4, 13),
                "`supplement` must be `true` or `false`, not `sometimes`",
                Some("write true or false"),
            ),
            (
                &at(REPORT, 5, 7),
                "`tags` must be a list, not `finance`",
                Some("write a list, one `- entry` per line, or `[a, b]`"),
            ),
            (
                &at(REPORT, 6, 9),
                "`budget` must be a set of fields, not `5`",
                Some("write `name: value` lines indented under it, or `{name: value}`"),
            ),
            (
                &at(REPORT, 9, 11),
                "`text` must be text, not a list",
                Some("write the text after the colon, in quotes if it contains `: `"),
            ),
            (
                &at(
                    "content/meetings/2008-09-12-members-board/05-risks.md",
                    8,
                    30,
                ),
                "`D4` is not a likelihood of this matrix",
                Some(
                    "allowed likelihood values: Rare, Unlikely, Possible, Likely, Almost certain or 1 to 5",
                ),
            ),
            (
                &at(MEETING, 4, 12),
                "`attendees` must be a list, not `Cllr Ada Quill`",
                Some("write a list, one `- entry` per line, or `[a, b]`"),
            ),
        ],
    );
    assert_no_rust_words(&check_snapshot("type-errors"), "type-errors");
}

/// `likelihood: D4` in an item of a meeting whose `_meeting.md` has a
/// mistake of its own.
#[test]
fn an_item_of_a_meeting_with_a_mistake_is_still_checked() {
    let err = stderr(&check(&fixture("broken/type-errors")));
    let found = reported(&err);
    let expected = Reported {
        at: at(
            "content/meetings/2008-09-12-members-board/05-risks.md",
            8,
            30,
        ),
        message: "error: `D4` is not a likelihood of this matrix".into(),
        help: Some(
            "allowed likelihood values: Rare, Unlikely, Possible, Likely, Almost certain or 1 to 5"
                .into(),
        ),
    };
    assert!(found.contains(&expected), "{expected:?} not in\n{err}");
}

/// `likelihood: D4` on its own: a label the matrix does not have.
#[test]
fn a_likelihood_that_is_not_a_label_lists_the_labels() {
    let (_dir, root) = copy_fixture("broken/type-errors");
    let meeting = root.join("content/meetings/2008-09-12-members-board/_meeting.md");
    std::fs::write(
        &meeting,
        "---\nboard: members-board\ndate: 2008-09-12\nstatus: held\n---\n",
    )
    .unwrap();
    std::fs::remove_file(root.join(REPORT)).unwrap();
    let result = check(&root);
    assert_exit(&result, 1);
    let err = stderr(&result);
    assert_errors(
        &err,
        &[(
            &at(
                "content/meetings/2008-09-12-members-board/05-risks.md",
                8,
                30,
            ),
            "`D4` is not a likelihood of this matrix",
            Some(
                "allowed likelihood values: Rare, Unlikely, Possible, Likely, Almost certain or 1 to 5",
            ),
        )],
    );
    assert_no_rust_words(&err, "D4 as a likelihood");
}

/// Text where site.yaml takes a flag, a whole number and a score.
#[test]
fn type_errors_in_site_yaml_say_what_the_field_takes_in_words() {
    run_errors_case(
        "type-errors-site",
        &[
            (
                "site.yaml:4:16",
                "`unsafe_html` must be `true` or `false`, not `sometimes`",
                Some("write true or false"),
            ),
            (
                "site.yaml:14:16",
                "`upto` must be a whole number, not `D4`",
                Some("write digits only, for example 3"),
            ),
            (
                "site.yaml:21:13",
                "this entry must be a whole number, not `D4`",
                Some("write digits only, for example 3"),
            ),
        ],
    );
    assert_no_rust_words(&check_snapshot("type-errors-site"), "type-errors-site");
}

/// No message of any broken case names a Rust type.
#[test]
fn no_snapshot_names_a_rust_type() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for name in names_in(&snapshots) {
        if name.starts_with("broken__") {
            let text = std::fs::read_to_string(snapshots.join(&name)).unwrap();
            // The header names the test file and the expression.
            let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
            assert_no_rust_words(body, &name);
        }
    }
}

/// A range of scores is written in words, not as Rust's `21..=25`.
#[test]
fn no_snapshot_writes_a_rust_range() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for name in names_in(&snapshots) {
        if name.starts_with("broken__") {
            let text = std::fs::read_to_string(snapshots.join(&name)).unwrap();
            assert!(!text.contains("..="), "{name} writes a Rust range:\n{text}");
        }
    }
}

/// The example of a URL-safe ref is the ref the author wrote, made safe.
#[test]
fn a_ref_that_is_not_url_safe_gets_its_own_safe_form() {
    let err = check_snapshot("target-ref");
    assert!(err.contains("for example ni-179"), "{err}");
}

/// `time: 7pm` is reported, at least.
#[test]
fn a_meeting_time_as_text_is_reported() {
    let err = check_snapshot("meeting-time");
    assert!(err.contains("error: `7pm` is not a time\n"), "{err}");
}

#[test]
fn a_meeting_time_as_text_is_reported_at_the_time_with_the_mistakes_after_it() {
    const MEETING: &str = "content/meetings/2008-09-12-members-board/_meeting.md";
    run_errors_case(
        "meeting-time",
        &[
            (
                &at(MEETING, 4, 7),
                "`7pm` is not a time",
                Some("write a 24-hour time in quotes, for example \"10:00\""),
            ),
            (
                &at(MEETING, 5, 12),
                "`attendees` must be a list, not `Cllr Ada Quill`",
                Some("write a list, one `- entry` per line, or `[a, b]`"),
            ),
        ],
    );
}

/// A YAML syntax error in one file does not hide a type error in another.
#[test]
fn a_syntax_error_and_a_type_error_in_two_files_are_both_reported() {
    run_errors_case(
        "syntax-and-type",
        &[
            (
                &at(REPORT, 3, 22),
                "invalid YAML: mapping values are not allowed in this context",
                Some(
                    "a value that holds `: ` must be in quotes: `title: \"Work programme: the next steps\"`",
                ),
            ),
            (
                &at(OTHER_REPORT, 4, 13),
                "`supplement` must be `true` or `false`, not `sometimes`",
                Some("write true or false"),
            ),
        ],
    );
}

// --- N mistakes, N errors ----------------------------------------------------

/// A mistake an author makes on one line of an agenda item's front matter:
/// the line, and what the error about it says.
struct Mistake {
    line: &'static str,
    says: &'static str,
}

/// Mistakes in different fields, so that any of them can be made together.
const MISTAKES: [Mistake; 14] = [
    Mistake {
        line: "auther: Head of Finance",
        says: "error: unknown field `auther`",
    },
    Mistake {
        line: "purpse: To agree the fund",
        says: "error: unknown field `purpse`",
    },
    Mistake {
        line: "kind: decison",
        says: "error: unknown value `decison` for `kind`",
    },
    Mistake {
        line: "access: exmpt",
        says: "error: unknown value `exmpt` for `access`",
    },
    Mistake {
        line: "supplement: sometimes",
        says: "error: `supplement` must be `true` or `false`, not `sometimes`",
    },
    Mistake {
        line: "draft: perhaps",
        says: "error: `draft` must be `true` or `false`, not `perhaps`",
    },
    Mistake {
        line: "tags: finance",
        says: "error: `tags` must be a list, not `finance`",
    },
    Mistake {
        line: "report_of: [Head of Finance]",
        says: "error: `report_of` must be text, not a list",
    },
    Mistake {
        line: "publish_after: soon",
        says: "error: `soon` is not a date and time",
    },
    Mistake {
        line: "revisions: [{date: 12/09/2008, note: Corrected}]",
        says: "error: `12/09/2008` is not a date",
    },
    Mistake {
        line: "budget: {lines: [{label: Fund, amount: lots}]}",
        says: "error: the amount \"lots\" is text",
    },
    Mistake {
        line: "recommendations: [{id: a, text: Agree, outcome: agred}]",
        says: "error: unknown value `agred` for `outcome`",
    },
    Mistake {
        line: "appendices: [{title: Letter, fil: letter.pdf}]",
        says: "error: unknown field `fil`",
    },
    Mistake {
        line: "risks: {risks: [{id: \"1\", title: Demand, inherent: high}]}",
        says: "error: `high` is not a rating",
    },
];

/// xorshift64*: a fixed sequence of numbers, so a failure can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// An agenda item with `mistakes` (indices into [`MISTAKES`]) in this
/// order, a comment line before some of them; and the line of each.
fn item_with(number: usize, mistakes: &[usize], rng: &mut Rng) -> (String, Vec<usize>) {
    let mut text = format!("---\nitem: \"{number}\"\ntitle: Capacity fund\n");
    let mut line = 4;
    let mut lines = Vec::new();
    for &m in mistakes {
        if rng.below(3) == 0 {
            text.push_str("# a note to the clerk\n");
            line += 1;
        }
        text.push_str(MISTAKES[m].line);
        text.push('\n');
        lines.push(line);
        line += 1;
    }
    text.push_str("---\n\nBody.\n");
    (text, lines)
}

/// For agenda items with N independent mistakes, each on its own line,
/// `check` reports at least N errors for the file, one at the line of each
/// mistake saying what is wrong there. The items are every mistake alone,
/// all of them together, and 24 random choices in random orders; all sit
/// in one meeting, checked at once.
#[test]
fn n_mistakes_in_an_item_are_at_least_n_errors_at_their_lines() {
    let (_dir, root) = copy_fixture("minimal");
    let meeting = root.join("content/meetings/2030-01-10-n-mistakes");
    std::fs::create_dir_all(&meeting).unwrap();
    let board = std::fs::read_to_string(root.join("site.yaml"))
        .unwrap()
        .lines()
        .find_map(|l| l.trim().strip_prefix("- id: ").map(str::to_string))
        .expect("a board in minimal's site.yaml");
    std::fs::write(
        meeting.join("_meeting.md"),
        format!("---\nboard: {board}\ndate: 2030-01-10\n---\n"),
    )
    .unwrap();
    let mut rng = Rng(0x5eed_b0a7_d9a9_e5c1);
    let mut choices: Vec<Vec<usize>> = (0..MISTAKES.len()).map(|m| vec![m]).collect();
    choices.push((0..MISTAKES.len()).collect());
    for _ in 0..24 {
        let mut pool: Vec<usize> = (0..MISTAKES.len()).collect();
        let n = 2 + rng.below(MISTAKES.len() - 1);
        let chosen: Vec<usize> = (0..n).map(|_| pool.remove(rng.below(pool.len()))).collect();
        choices.push(chosen);
    }
    let mut items = Vec::new();
    for (i, chosen) in choices.iter().enumerate() {
        let number = i + 1;
        let (text, lines) = item_with(number, chosen, &mut rng);
        let file = format!("content/meetings/2030-01-10-n-mistakes/{number:02}-item.md");
        std::fs::write(root.join(&file), &text).unwrap();
        items.push((file, text, chosen, lines));
    }
    let result = check(&root);
    assert_exit(&result, 1);
    let err = stderr(&result);
    let found = reported(&err);
    for (file, text, chosen, lines) in &items {
        let in_file: Vec<&Reported> = found
            .iter()
            .filter(|r| r.at.starts_with(&format!("{file}:")))
            .collect();
        assert!(
            in_file.len() >= chosen.len(),
            "{file} has {} mistakes but {} errors:\n{text}\n{in_file:#?}",
            chosen.len(),
            in_file.len()
        );
        for (&m, line) in chosen.iter().zip(lines) {
            let at_line = format!("{file}:{line}:");
            assert!(
                in_file
                    .iter()
                    .any(|r| r.at.starts_with(&at_line) && r.message.starts_with(MISTAKES[m].says)),
                "no `{}` at line {line} of {file}:\n{text}\n{in_file:#?}",
                MISTAKES[m].says
            );
        }
    }
    let mistakes: usize = items.iter().map(|(_, _, chosen, _)| chosen.len()).sum();
    let errors = found
        .iter()
        .filter(|r| r.message.starts_with("error: "))
        .count();
    assert!(errors >= mistakes, "{mistakes} mistakes, {errors} errors");
    assert!(err.contains(&format!("\n{errors} errors, ")), "{err}");
}

#[test]
fn every_broken_fixture_has_a_test() {
    let listed = [
        "ambiguous-score",
        "amount-comma-block",
        "amount-comma-flow",
        "amount-string",
        "appendix-outside",
        "bad-date",
        "bad-enum",
        "band-colour",
        "band-gap",
        "bands-descending",
        "broken-link",
        "budget-available-columns",
        "budget-column-missing",
        "budget-column-total",
        "budget-column-unknown",
        "budget-currency",
        "budget-decimals",
        "budget-empty",
        "budget-empty-group",
        "budget-group-amount-and-lines",
        "budget-group-total",
        "budget-groups-and-lines",
        "budget-negative",
        "budget-scale",
        "budget-total",
        "budget-variance-column",
        "date-by-hand",
        "declaration-comma",
        "declaration-item",
        "declaration-kind",
        "duplicate-item",
        "exempt-without-reason",
        "financial-year",
        "matrix-named-none",
        "matrix-rows",
        "meeting-time",
        "member-duplicate-id",
        "member-unknown",
        "minutes-approved-earlier",
        "minutes-approved-missing",
        "minutes-draft-approved",
        "missing-appendix",
        "related-missing",
        "risk-appetite-outside",
        "risk-both-names",
        "risk-digits-not-label",
        "risk-duplicate-id",
        "risk-index-outside",
        "risk-label-outside",
        "risk-mixed-stages",
        "risk-rag-score",
        "risk-rating-text",
        "risk-ref",
        "risk-score-no-cell",
        "risk-unknown-matrix",
        "seat-member-and-name",
        "seat-member-by-name",
        "slug-clash",
        "stray-appendix",
        "syntax-and-type",
        "target-better",
        "target-calendar-quarter",
        "target-due-quarter",
        "target-duplicate-id",
        "target-period",
        "target-ref",
        "template-override",
        "term-until-before-from",
        "three-checks",
        "three-mistakes",
        "two-errors",
        "type-errors",
        "type-errors-site",
        "unclosed-front-matter",
        "unknown-action-status",
        "unknown-board",
        "unknown-field",
        "unknown-target-status",
        "vote-and-recommended",
        "webcast-javascript",
        "yaml-syntax",
    ];
    let on_disk = names_in(&fixture("broken"));
    assert_eq!(on_disk, listed, "tests/sites/broken/ and this list differ");
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let missing: Vec<&str> = listed
        .iter()
        .copied()
        .filter(|name| !snapshots.join(format!("broken__{name}.snap")).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "these cases have no snapshot of what `check` prints: {missing:?}"
    );
    for name in listed {
        assert!(
            Path::new(&fixture(&format!("broken/{name}")))
                .join("site.yaml")
                .is_file()
        );
    }
}
