//! `boardpack new`: a new site passes `check` and builds, so do the meetings,
//! items and news articles added to it, and every refusal exits non-zero
//! with a clear message and writes nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

/// `boardpack new ARGS...`.
fn new(args: &[&str]) -> Output {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    run(all)
}

/// `boardpack new WHAT --root ROOT ARGS...`.
fn new_in(root: &Path, what: &str, args: &[&str]) -> Output {
    let mut all: Vec<std::ffi::OsString> = vec!["new".into(), what.into(), "--root".into()];
    all.push(root.into());
    all.extend(args.iter().map(Into::into));
    run(all)
}

/// A new site at `dir.path()/site`, made with `new site`.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let result = new(&[
        "site",
        root.to_str().unwrap(),
        "--title",
        "Testshire: Board papers",
    ]);
    assert_exit(&result, 0);
    (dir, root)
}

/// The single folder of `content/meetings/` of a new site.
fn first_meeting(root: &Path) -> String {
    let names = names_in(&root.join("content/meetings"));
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].clone()
}

#[track_caller]
fn assert_check_passes(root: &Path) {
    let result = check(root);
    assert_exit(&result, 0);
    assert!(
        stderr(&result).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&result)
    );
    assert!(!stderr(&result).contains("warning:"), "{}", stderr(&result));
}

/// Asserts that a refusal exits 1, says `message` and leaves `root` as it was.
#[track_caller]
fn assert_refused(root: &Path, args: (&str, &[&str]), message: &str) {
    let before = snapshot(root);
    let result = new_in(root, args.0, args.1);
    assert_exit(&result, 1);
    let said = stderr(&result);
    assert!(said.contains(message), "expected `{message}` in\n{said}");
    assert!(!said.contains("created"), "{said}");
    assert_same_tree(&before, &snapshot(root), "the site after a refusal");
}

#[track_caller]
fn assert_written_well(files: &std::collections::BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let text = std::str::from_utf8(bytes).unwrap();
        assert!(!text.contains('\r'), "{path} has a carriage return");
        assert!(
            text.ends_with('\n') && !text.ends_with("\n\n"),
            "{path} does not end with one newline"
        );
        assert!(
            !text.contains("{{"),
            "{path} has an unfilled placeholder:\n{text}"
        );
    }
}

#[test]
fn a_new_site_has_its_files_passes_check_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let result = new(&[
        "site",
        root.to_str().unwrap(),
        "--title",
        "Testshire: Board papers",
    ]);
    assert_exit(&result, 0);

    let meeting = first_meeting(&root);
    let date = meeting
        .strip_suffix("-board")
        .expect("the meeting is the board's");
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "{meeting}"
    );
    let files = snapshot(&root);
    let expected = [
        ".gitignore".to_string(),
        "content/about.md".into(),
        format!("content/meetings/{meeting}/01-apologies-and-declarations.md"),
        format!("content/meetings/{meeting}/_meeting.md"),
        format!("content/news/{date}-welcome.md"),
        "site.yaml".into(),
    ];
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);
    assert_written_well(&files);
    let said = stderr(&result);
    for file in &expected {
        assert!(
            said.contains(&format!("created {}", root.join(file).display())),
            "{said}"
        );
    }

    let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    // The starter text fits any public body, not one kind of it.
    for (path, bytes) in &files {
        let words = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(
            !words.contains("the partnership"),
            "{path} speaks of one kind of body"
        );
    }
    assert_contains_all(
        &text("site.yaml"),
        &[
            "title: \"Testshire: Board papers\"\n",
            "base_url: https://papers.example.org/\n",
            "Change it before you publish",
            "language: en-GB\n",
            "theme: default\n",
            "currency: GBP",
            "timezone: Europe/London",
            "licence: Open Government Licence v3.0\n",
            "markdown: {unsafe_html: false}",
            "  - id: board\n    name: Board\n",
            "members:\n      - {name: A. Person,",
            "# risk_matrices:\n",
            "# default_risk_matrix: default\n",
        ],
        "site.yaml",
    );
    assert!(
        !text("site.yaml").contains("\nrisk_matrices:"),
        "the built-in matrix is used"
    );
    assert_contains_all(
        &text(&format!("content/meetings/{meeting}/_meeting.md")),
        &[
            "board: board\n",
            &format!("date: {date}\n"),
            "time: \"10:00\"",
            "status: scheduled",
        ],
        "the meeting",
    );
    assert_contains_all(
        &text(&format!(
            "content/meetings/{meeting}/01-apologies-and-declarations.md"
        )),
        &["item: \"1\"\n", "kind: noting\n"],
        "the first item",
    );
    assert_contains_all(
        &text(&format!("content/news/{date}-welcome.md")),
        &[
            "title: \"Welcome to Testshire: Board papers\"\n",
            &format!("date: {date}\n"),
        ],
        "the welcome article",
    );
    assert!(text(".gitignore").lines().any(|l| l == "/output"));

    assert_check_passes(&root);
    let out = dir.path().join("out");
    assert_exit(&build(&root, &out, &[]), 0);
    let built = snapshot(&out);
    for page in [
        "index.html".to_string(),
        "about/index.html".into(),
        "boards/board/index.html".into(),
        format!("meetings/{meeting}/index.html"),
        format!("meetings/{meeting}/01-apologies-and-declarations/index.html"),
        format!("news/{date}-welcome/index.html"),
        "news/atom.xml".into(),
    ] {
        assert!(
            built.contains_key(&page),
            "{page} is missing from {:?}",
            built.keys()
        );
    }
    assert!(page(&out, "index.html").contains("Testshire: Board papers"));
}

#[test]
fn a_site_in_an_empty_folder_without_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let result = new(&["site", dir.path().to_str().unwrap()]);
    assert_exit(&result, 0);
    let config = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    assert!(config.contains("\ntitle: Board papers\n"), "{config}");
    assert_check_passes(dir.path());
}

#[test]
fn meetings_items_and_news_added_to_a_new_site_pass_check_and_build() {
    let (dir, root) = new_site();
    let first = first_meeting(&root);

    let result = new_in(
        &root,
        "meeting",
        &[
            "--board",
            "board",
            "--date",
            "2030-03-12",
            "--time",
            "14:00",
        ],
    );
    assert_exit(&result, 0);
    let meeting_file = root.join("content/meetings/2030-03-12-board/_meeting.md");
    assert!(
        stderr(&result).contains(&format!("created {}", meeting_file.display())),
        "{}",
        stderr(&result)
    );
    let meeting = std::fs::read_to_string(&meeting_file).unwrap();
    assert_contains_all(
        &meeting,
        &[
            "board: board\n",
            "date: 2030-03-12\n",
            "time: \"14:00\"",
            "status: scheduled",
        ],
        "the meeting",
    );

    let result = new_in(
        &root,
        "item",
        &[
            "--meeting",
            "2030-03-12-board",
            "--number",
            "7a",
            "--title",
            "Budget 2030/31: an update",
        ],
    );
    assert_exit(&result, 0);
    let item_file = root.join("content/meetings/2030-03-12-board/07a-budget-2030-31-an-update.md");
    let item = std::fs::read_to_string(&item_file)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", item_file.display(), stderr(&result)));
    assert_contains_all(
        &item,
        &[
            "item: \"7a\"\n",
            "title: \"Budget 2030/31: an update\"\n",
            "report_of: ",
            "purpose: ",
            "kind: information",
            "# recommendations:\n",
            "\n## Purpose\n",
            "\n## Background\n",
            "\n## Recommendations\n",
        ],
        "the item",
    );

    // An item of the site's own meeting, named by its path.
    let result = new_in(
        &root,
        "item",
        &[
            "--meeting",
            &format!("content/meetings/{first}/"),
            "--number",
            "2",
            "--title",
            "Minutes",
        ],
    );
    assert_exit(&result, 0);
    assert!(
        root.join(format!("content/meetings/{first}/02-minutes.md"))
            .is_file()
    );
    let result = new_in(
        &root,
        "item",
        &[
            "--meeting",
            &first,
            "--number",
            "10.2",
            "--title",
            "Any other business",
        ],
    );
    assert_exit(&result, 0);
    assert!(
        root.join(format!(
            "content/meetings/{first}/10.2-any-other-business.md"
        ))
        .is_file()
    );

    let result = new_in(
        &root,
        "news",
        &["--title", "Fund agreed for 2030/31", "--date", "2030-03-15"],
    );
    assert_exit(&result, 0);
    let news =
        std::fs::read_to_string(root.join("content/news/2030-03-15-fund-agreed-for-2030-31.md"))
            .unwrap();
    assert_contains_all(
        &news,
        &[
            "title: Fund agreed for 2030/31\n",
            "date: 2030-03-15\n",
            "summary: ",
            "author: ",
        ],
        "the article",
    );

    assert_written_well(&snapshot(&root));
    assert_check_passes(&root);
    let out = dir.path().join("out");
    assert_exit(&build(&root, &out, &[]), 0);
    for page in [
        "meetings/2030-03-12-board/index.html".to_string(),
        "meetings/2030-03-12-board/07a-budget-2030-31-an-update/index.html".into(),
        format!("meetings/{first}/02-minutes/index.html"),
        format!("meetings/{first}/10.2-any-other-business/index.html"),
        "news/2030-03-15-fund-agreed-for-2030-31/index.html".into(),
    ] {
        assert!(out.join(&page).is_file(), "{page} is missing");
    }
    let agenda = page(&out, "meetings/2030-03-12-board/index.html");
    assert!(agenda.contains("Budget 2030/31: an update"), "{agenda}");
}

#[test]
fn the_root_defaults_to_the_current_folder() {
    let (_dir, root) = new_site();
    let result = command([
        "new",
        "news",
        "--title",
        "Café opens",
        "--date",
        "2030-01-05",
    ])
    .current_dir(&root)
    .output()
    .unwrap();
    assert_exit(&result, 0);
    assert!(
        stderr(&result).contains("created content/news/2030-01-05-cafe-opens.md"),
        "{}",
        stderr(&result)
    );
    assert_check_passes(&root);
}

#[test]
fn news_without_a_date_is_dated_today() {
    let (_dir, root) = new_site();
    let before = chrono::Local::now().date_naive();
    assert_exit(&new_in(&root, "news", &["--title", "Hello"]), 0);
    let after = chrono::Local::now().date_naive();
    let names = names_in(&root.join("content/news"));
    let hello: Vec<&String> = names.iter().filter(|n| n.ends_with("-hello.md")).collect();
    assert_eq!(hello.len(), 1, "{names:?}");
    assert!(
        [before, after]
            .iter()
            .any(|d| *hello[0] == format!("{}-hello.md", d.format("%Y-%m-%d"))),
        "{names:?}"
    );
}

#[test]
fn a_site_is_not_made_in_a_folder_that_holds_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine\n").unwrap();
    let before = snapshot(dir.path());
    let result = new(&["site", dir.path().to_str().unwrap()]);
    assert_exit(&result, 1);
    assert!(
        stderr(&result).contains("is not empty"),
        "{}",
        stderr(&result)
    );
    assert_same_tree(&before, &snapshot(dir.path()), "the folder");

    let file = dir.path().join("notes.txt");
    let result = new(&["site", file.to_str().unwrap()]);
    assert_exit(&result, 1);
    assert!(
        stderr(&result).contains("is not a folder"),
        "{}",
        stderr(&result)
    );
    assert_same_tree(&before, &snapshot(dir.path()), "the folder");
}

#[test]
fn an_unknown_board_is_refused_with_a_suggestion() {
    let (_dir, root) = new_site();
    assert_refused(
        &root,
        ("meeting", &["--board", "bord", "--date", "2030-03-12"]),
        "there is no board `bord` in site.yaml\n  help: did you mean `board`?",
    );
    assert_refused(
        &root,
        (
            "meeting",
            &["--board", "finance-committee", "--date", "2030-03-12"],
        ),
        "help: allowed boards: board",
    );
}

#[test]
fn bad_dates_and_times_are_refused() {
    let (_dir, root) = new_site();
    for date in ["2030-02-30", "12/03/2030", "tomorrow"] {
        assert_refused(
            &root,
            ("meeting", &["--board", "board", "--date", date]),
            &format!("--date: `{date}` is not a date\n  help: write dates as YYYY-MM-DD"),
        );
    }
    for time in ["25:00", "10.00", "10am", "10:00:00"] {
        assert_refused(
            &root,
            (
                "meeting",
                &["--board", "board", "--date", "2030-03-12", "--time", time],
            ),
            &format!("--time: `{time}` is not a time\n  help: write a 24-hour time as HH:MM"),
        );
    }
    assert_refused(
        &root,
        ("news", &["--title", "Hello", "--date", "2030-13-01"]),
        "--date: `2030-13-01` is not a date",
    );
}

#[test]
fn an_existing_meeting_is_not_overwritten() {
    let (_dir, root) = new_site();
    assert_exit(
        &new_in(
            &root,
            "meeting",
            &["--board", "board", "--date", "2030-03-12"],
        ),
        0,
    );
    assert_refused(
        &root,
        (
            "meeting",
            &[
                "--board",
                "board",
                "--date",
                "2030-03-12",
                "--time",
                "09:00",
            ],
        ),
        "2030-03-12-board/_meeting.md already exists",
    );
}

#[test]
fn item_numbers_are_checked_and_never_used_twice() {
    let (_dir, root) = new_site();
    let first = first_meeting(&root);
    assert_refused(
        &root,
        (
            "item",
            &["--meeting", &first, "--number", "1", "--title", "Minutes"],
        ),
        "item number 1 is already used by",
    );
    assert_refused(
        &root,
        (
            "item",
            &["--meeting", &first, "--number", "01", "--title", "Minutes"],
        ),
        "item number 01 is already used (written \"1\") by",
    );
    assert_refused(
        &root,
        (
            "item",
            &["--meeting", &first, "--number", "7-", "--title", "Minutes"],
        ),
        "--number: `7-` is not an item number\n  help: write digits",
    );
    assert_refused(
        &root,
        (
            "item",
            &["--meeting", &first, "--number", "2", "--title", "  "],
        ),
        "--title is empty",
    );
}

#[test]
fn an_item_needs_an_existing_meeting() {
    let (_dir, root) = new_site();
    let first = first_meeting(&root);
    let typo = first.replace("board", "bord");
    assert_refused(
        &root,
        (
            "item",
            &["--meeting", &typo, "--number", "2", "--title", "Minutes"],
        ),
        &format!(
            "there is no meeting {}",
            root.join("content/meetings").join(&typo).display()
        ),
    );
    assert_refused(
        &root,
        (
            "item",
            &["--meeting", &typo, "--number", "2", "--title", "Minutes"],
        ),
        &format!("did you mean `{first}`?"),
    );
    assert_refused(
        &root,
        (
            "item",
            &[
                "--meeting",
                "../../elsewhere",
                "--number",
                "2",
                "--title",
                "Minutes",
            ],
        ),
        "is not the name of a folder",
    );
}

#[test]
fn an_existing_article_is_not_overwritten() {
    let (_dir, root) = new_site();
    assert_exit(
        &new_in(
            &root,
            "news",
            &["--title", "Fund agreed", "--date", "2030-03-15"],
        ),
        0,
    );
    assert_refused(
        &root,
        ("news", &["--title", "Fund agreed", "--date", "2030-03-15"]),
        "2030-03-15-fund-agreed.md already exists",
    );
}

#[test]
fn a_folder_without_site_yaml_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    for (what, args) in [
        ("meeting", &["--board", "board", "--date", "2030-03-12"][..]),
        (
            "item",
            &["--meeting", "x", "--number", "1", "--title", "T"][..],
        ),
        ("news", &["--title", "T"][..]),
    ] {
        let result = new_in(dir.path(), what, args);
        assert_exit(&result, 1);
        assert!(
            stderr(&result).contains("has no site.yaml"),
            "{}",
            stderr(&result)
        );
    }
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn errors_in_site_yaml_are_reported_in_plain_text() {
    let (_dir, root) = new_site();
    let config = root.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("timezone: Europe/London", "timezone: Mars/Base"),
    )
    .unwrap();
    let before = snapshot(&root);
    let result = new_in(
        &root,
        "meeting",
        &["--board", "board", "--date", "2030-03-12"],
    );
    assert_exit(&result, 1);
    let said = stderr(&result);
    assert_contains_all(
        &said,
        &[
            "site.yaml has 1 error; fix it first:",
            "`Mars/Base` is not an IANA time zone",
            "help: write a zone such as Europe/London",
        ],
        "the message",
    );
    assert!(!said.contains('\u{1b}'), "{said:?}");
    assert_same_tree(&before, &snapshot(&root), "the site");
}

#[test]
fn missing_options_are_usage_errors() {
    let (_dir, root) = new_site();
    let result = new_in(&root, "meeting", &["--date", "2030-03-12"]);
    assert_exit(&result, 2);
    let result = new_in(&root, "item", &["--meeting", "x", "--title", "T"]);
    assert_exit(&result, 2);
}
