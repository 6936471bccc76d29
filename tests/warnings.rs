//! `check` warns about deadlines and loose ends without failing, unless
//! `--deny-warnings` is given (`tests/sites/warnings/`, judged on NOW,
//! 1 January 2026).

mod common;

use common::*;

const HELD: &str = "content/meetings/2025-10-15-members-board";
const PAST: &str = "content/meetings/2025-11-20-members-board";
const NEXT: &str = "content/meetings/2026-01-12-members-board";

fn warnings() -> String {
    let result = check(&fixture("warnings"));
    assert_exit(&result, 0);
    stderr(&result)
}

#[test]
fn the_whole_report_reads_as_expected() {
    insta::assert_snapshot!("warnings", warnings());
}

#[test]
fn a_paper_published_with_short_notice() {
    assert_contains_all(
        &warnings(),
        &[
            "warning: this paper is published on 8 January 2026 for the meeting on 12 January 2026: 3 clear days, fewer than the 5 that `notice_days` asks",
            &format!("┌─ {NEXT}/05-budget-monitoring.md:5:16"),
            "help: clear days leave out the day of publication and the day of the meeting",
        ],
        "stderr",
    );
    assert!(
        !warnings().contains("06-fees.md"),
        "six clear days are enough"
    );
}

#[test]
fn notice_days_is_a_setting() {
    let (_dir, root) = copy_fixture("warnings");
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("{config}notice_days: 3\n")).unwrap();
    let err = stderr(&check(&root));
    assert!(!err.contains("05-budget-monitoring.md"), "{err}");
    std::fs::write(root.join("site.yaml"), format!("{config}notice_days: 10\n")).unwrap();
    let err = stderr(&check(&root));
    assert!(err.contains("fewer than the 10 that"), "{err}");
    assert!(err.contains("06-fees.md"), "{err}");
}

#[test]
fn a_past_meeting_still_scheduled() {
    assert_contains_all(
        &warnings(),
        &[
            "warning: this meeting on 20 November 2025 is in the past (today is 1 January 2026) but is still `scheduled`",
            &format!("┌─ {PAST}/_meeting.md:3:7"),
            "help: write `status: held` once it has met",
        ],
        "stderr",
    );
}

#[test]
fn a_recommendation_still_pending_at_a_held_meeting() {
    assert_contains_all(
        &warnings(),
        &[
            "warning: recommendation (b) of item 4 is still `pending`, but its meeting has been held",
            &format!("┌─ {HELD}/04-library-review.md:15:9"),
            "help: record what was decided",
        ],
        "stderr",
    );
}

#[test]
fn an_action_open_past_its_due_date() {
    let err = warnings();
    assert_contains_all(
        &err,
        &[
            "warning: this action was due on 1 December 2025 and is still open",
            &format!("┌─ {HELD}/04-library-review.md:12:14"),
        ],
        "stderr",
    );
    assert!(
        !err.contains("1 November 2025"),
        "a done action is not overdue"
    );
}

#[test]
fn the_summary_counts_them_and_deny_warnings_fails() {
    let err = warnings();
    assert_eq!(err.trim_end().lines().last(), Some("0 errors, 4 warnings"));
    let result = run([
        "check",
        "--root",
        fixture("warnings").to_str().unwrap(),
        "--now",
        NOW,
        "--deny-warnings",
    ]);
    assert_exit(&result, 1);
    let denied = stderr(&result);
    assert!(
        denied
            .trim_end()
            .ends_with("0 errors, 4 warnings; --deny-warnings makes warnings fail"),
        "{denied}"
    );
}

#[test]
fn check_help_lists_every_option_with_an_example() {
    let help = String::from_utf8(run(["check", "--help"]).stdout).unwrap();
    for option in ["--root", "--deny-warnings", "--now"] {
        assert!(help.contains(option), "{help}");
        assert!(
            help.contains(&format!("boardpack check {option}")),
            "no example of {option}:\n{help}"
        );
    }
}
