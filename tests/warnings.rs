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

// --- people and minutes (`tests/sites/warnings-members/`) ------------------

/// The Members Board's meeting whose people are misspelt and whose draft
/// minutes the board has met since.
const OCTOBER: &str = "content/meetings/2025-10-15-members-board";

fn member_warnings() -> String {
    let result = check(&fixture("warnings-members"));
    assert_exit(&result, 0);
    stderr(&result)
}

#[test]
fn the_whole_report_about_people_and_minutes_reads_as_expected() {
    insta::assert_snapshot!("warnings-members", member_warnings());
}

#[test]
fn a_name_near_a_member_gets_the_member_it_resembles() {
    assert_contains_all(
        &member_warnings(),
        &[
            "warning: `Cllr Ada Quil` matches no member in site.yaml",
            &format!("┌─ {OCTOBER}/_meeting.md:7:5"),
            "help: did you mean Cllr Ada Quill (`cllr-ada-quill`)?",
        ],
        "stderr",
    );
}

#[test]
fn a_name_near_no_member_gets_the_guest_hint() {
    let err = member_warnings();
    assert_contains_all(
        &err,
        &[
            "warning: `Professor Zed Xu` matches no member in site.yaml",
            &format!("┌─ {OCTOBER}/_meeting.md:8:5"),
            "help: write a member's id or name as `members` in site.yaml gives it; list a guest who is not a member under `officers`, or leave them as written",
        ],
        "stderr",
    );
    let guest = between(&err, "`Professor Zed Xu` matches no member", "\n\n")[0];
    assert!(!guest.contains("did you mean"), "{guest}");
}

#[test]
fn substitutes_and_declaring_members_are_matched_too() {
    assert_contains_all(
        &member_warnings(),
        &[
            "warning: `Cllr Basil Fenwik` matches no member in site.yaml",
            &format!("┌─ {OCTOBER}/_meeting.md:12:37"),
            "help: did you mean Cllr Basil Fenwick (`cllr-basil-fenwick`)?",
            "warning: `Cllr Carla Ngatta` matches no member in site.yaml",
            &format!("┌─ {OCTOBER}/_meeting.md:14:13"),
            "help: did you mean Cllr Carla Ngata (`cllr-carla-ngata`)?",
        ],
        "stderr",
    );
}

#[test]
fn names_by_id_in_another_case_or_with_a_note_do_not_warn() {
    let err = member_warnings();
    for written in [
        "Cllr Ada Quill (Chair)",
        "cllr-basil-fenwick",
        "CLLR CARLA NGATA",
        "Cllr Carla Ngata",
        "Hana Price",
    ] {
        let warning = format!("`{written}` matches no member");
        assert!(!err.contains(&warning), "`{written}` warned:\n{err}");
    }
    assert_eq!(err.matches("matches no member").count(), 5, "{err}");
}

#[test]
fn a_recorded_vote_naming_no_member() {
    assert_contains_all(
        &member_warnings(),
        &[
            "warning: `Cllr Basil Fenwik` matches no member in site.yaml",
            &format!("┌─ {OCTOBER}/04-library-hours.md:10:17"),
            "10 │       against: [Cllr Basil Fenwik]",
            "help: did you mean Cllr Basil Fenwick (`cllr-basil-fenwick`)?",
        ],
        "stderr",
    );
}

#[test]
fn draft_minutes_of_a_meeting_the_board_has_met_since() {
    let err = member_warnings();
    assert_contains_all(
        &err,
        &[
            "warning: the minutes of this meeting are still draft, but the board met again on 19 November 2025",
            // No `minutes` written: draft, pointed at the status.
            &format!("┌─ {OCTOBER}/_meeting.md:5:9"),
            "help: once a meeting approves them, write `minutes: approved` and `minutes_approved_at: <that meeting's folder>`",
        ],
        "stderr",
    );
    // September's are approved; November's board has not met since (its
    // December meeting was cancelled, the officers' meeting is another
    // board's and January's is still to come).
    assert_eq!(err.matches("still draft").count(), 1, "{err}");
}

#[test]
fn the_draft_minutes_warning_points_at_minutes_and_goes_once_they_are_approved() {
    let (_dir, root) = copy_fixture("warnings-members");
    let meeting = root.join(OCTOBER).join("_meeting.md");
    let text = std::fs::read_to_string(&meeting).unwrap();
    let with =
        |minutes: &str| text.replacen("status: held\n", &format!("status: held\n{minutes}"), 1);
    std::fs::write(&meeting, with("minutes: draft\n")).unwrap();
    let err = stderr(&check(&root));
    assert_contains_all(
        &err,
        &[
            "the board met again on 19 November 2025",
            &format!("┌─ {OCTOBER}/_meeting.md:6:10"),
            "6 │ minutes: draft",
        ],
        "stderr",
    );
    std::fs::write(
        &meeting,
        with("minutes: approved\nminutes_approved_at: 2025-11-19-members-board\n"),
    )
    .unwrap();
    let err = stderr(&check(&root));
    assert!(!err.contains("still draft"), "{err}");
    // Naming the approving meeting is enough: the minutes are approved.
    std::fs::write(
        &meeting,
        with("minutes_approved_at: 2025-11-19-members-board\n"),
    )
    .unwrap();
    let err = stderr(&check(&root));
    assert!(!err.contains("still draft"), "{err}");
}

#[test]
fn without_members_in_site_yaml_no_name_warns() {
    let (_dir, root) = copy_fixture("warnings-members");
    std::fs::write(
        root.join("site.yaml"),
        "title: Testshire Council\nbase_url: https://papers.testshire.example/\nboards:\n  - id: members-board\n    name: Members Board\n    members:\n      - {name: Cllr Ada Quill, role: Chair}\n  - id: officer-board\n    name: Officer Steering Group\n",
    )
    .unwrap();
    let result = check(&root);
    assert_exit(&result, 0);
    let err = stderr(&result);
    assert!(!err.contains("matches no member"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
    // Draft minutes are a loose end with or without members.
    assert!(
        err.contains("the board met again on 19 November 2025"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().last(), Some("0 errors, 1 warning"));
    // The first fixture has no members and names people: none warns.
    assert!(!warnings().contains("matches no member"));
}
