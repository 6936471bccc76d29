//! Hostile and broken input: it is refused with a message, never crashes
//! the build, never leaks and never writes where it should not.

mod common;

use common::*;

/// `--base-url` is every link's start: only an http or https address with
/// a host may be one, and a refused one writes nothing.
#[test]
fn a_hostile_base_url_flag_is_a_usage_error() {
    for hostile in [
        "javascript:alert(1)//",
        "data:text/html,x",
        "/papers/",
        "https://papers.example.org/?q=1",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let result = build(&fixture("minimal"), &out, &["--base-url", hostile]);
        assert_exit(&result, 2);
        assert_contains_all(
            &stderr(&result),
            &[
                "--base-url",
                &format!("`{hostile}`"),
                "help: write the address the site is published at",
            ],
            hostile,
        );
        assert!(!out.exists(), "{hostile}: the output was created");
    }
}

#[test]
fn a_hostile_base_url_in_site_yaml_is_an_error_at_the_value() {
    let (dir, root) = copy_fixture("minimal");
    let config = root.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let line = text.lines().find(|l| l.starts_with("base_url:")).unwrap();
    let text = text.replacen(line, "base_url: \"javascript:alert(1)//\"", 1);
    std::fs::write(&config, text).unwrap();
    let out = dir.path().join("out");
    let result = build(&root, &out, &[]);
    assert_exit(&result, 1);
    assert_contains_all(
        &stderr(&result),
        &[
            "error: `javascript:alert(1)//` is not a web address",
            "┌─ site.yaml:",
        ],
        "stderr",
    );
    assert!(!out.exists());
}

/// `--output new/..` is the site root: refused, and `new` is never made.
#[test]
fn an_output_folder_given_with_dot_dot_is_judged_before_anything_is_made() {
    let (dir, root) = copy_fixture("minimal");
    let new = root.join("newdir");
    let result = build(&root, &new.join(".."), &[]);
    assert_exit(&result, 1);
    assert!(
        stderr(&result).contains("it is the site itself or holds it"),
        "{}",
        stderr(&result)
    );
    assert!(!new.exists(), "newdir was created");
    let outside = dir.path().join("sub");
    let result = build(&root, &outside.join("..").join(".."), &[]);
    assert_exit(&result, 1);
    assert!(!outside.exists(), "sub was created");
}

/// A folder where `_meeting.md` should be is an error naming it, not a
/// meeting that silently vanishes.
#[test]
fn a_folder_named_like_a_source_is_an_error() {
    let (dir, root) = copy_fixture("minimal");
    let folder = root.join("content/meetings/2027-01-01-members-board/_meeting.md");
    std::fs::create_dir_all(&folder).unwrap();
    let out = dir.path().join("out");
    let result = build(&root, &out, &[]);
    assert_exit(&result, 1);
    assert_contains_all(
        &stderr(&result),
        &[
            "error: content/meetings/2027-01-01-members-board/_meeting.md is a folder, but a name ending in `.md` is a Markdown source",
            "help: make it a file, or rename the folder without `.md`",
        ],
        "stderr",
    );
}

/// Two builds never write one output at once: a lock beside the output
/// held by a running build refuses the second; one left by a build that
/// was killed is taken over; a finished build leaves none.
#[test]
fn a_second_build_into_one_output_is_refused_while_the_first_runs() {
    let (dir, root) = copy_fixture("minimal");
    let out = dir.path().join("out");
    let lock = dir.path().join(".out.lock");
    build_ok(&root, &out, &[]);
    assert!(!lock.exists(), "a finished build left its lock");
    let before = snapshot(&out);

    // This test's own process is running: its id holds the lock.
    std::fs::write(&lock, std::process::id().to_string()).unwrap();
    let result = build(&root, &out, &[]);
    assert_exit(&result, 1);
    assert_contains_all(
        &stderr(&result),
        &[
            &format!(
                "another build (process {}) is writing to",
                std::process::id()
            ),
            "if no build is running, delete",
        ],
        "stderr",
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the refused build changed the output"
    );

    // No process has this id: the lock was left by a killed build.
    std::fs::write(&lock, "4000000000").unwrap();
    build_ok(&root, &out, &[]);
    assert!(!lock.exists());
    assert_eq!(snapshot(&out), before);
}

/// A build killed at any point leaves the previous output exactly as it
/// was, and the next build goes ahead.
#[test]
fn a_build_killed_at_any_point_leaves_the_previous_output() {
    let (dir, root) = copy_fixture("minimal");
    let folder = root.join("content/meetings/2008-09-12-members-board");
    for n in 0..400 {
        std::fs::write(
            folder.join(format!("p{n:03}.md")),
            format!(
                "---\nitem: \"{}\"\ntitle: Paper {n}\nrecommendations:\n  - {{id: a, text: Paper {n} be noted., outcome: noted}}\n---\n\n## Summary\n\nThe text of paper {n}, with a [link](a-capacity-fund.md).\n",
                100 + n
            ),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    build_ok(&root, &out, &[]);
    let before = snapshot(&out);
    assert!(before.len() > 400, "{} files", before.len());
    let started = std::time::Instant::now();
    build_ok(&root, &dir.path().join("timing"), &[]);
    let whole = started.elapsed();
    for step in 1..=8u32 {
        let mut child = command([
            std::ffi::OsStr::new("build"),
            "--root".as_ref(),
            root.as_os_str(),
            "--output".as_ref(),
            out.as_os_str(),
            "--now".as_ref(),
            NOW.as_ref(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
        std::thread::sleep(whole * step / 9);
        let _ = child.kill();
        let _ = child.wait();
        // Killed before it swapped the new output in, or after: either way
        // the output is a whole site, the same as before.
        assert_eq!(snapshot(&out), before, "killed at {step}/9 of a build");
    }
    build_ok(&root, &out, &[]);
    assert_eq!(snapshot(&out), before);
    // Nothing of the killed builds is left beside the output.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".out."))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The minimal site's first item, for tests that rewrite it.
const ITEM: &str = "content/meetings/2008-09-12-members-board/a-capacity-fund.md";

/// Puts `front` at the top of the item's front matter and `body` after it.
fn rewrite_item(root: &std::path::Path, front: &str, body: &str) {
    let path = root.join(ITEM);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("---\n", &format!("---\n{front}"), 1) + body;
    std::fs::write(path, text).unwrap();
}

/// Nesting past the limits and aliases of aliases are errors at their
/// place, never a stack overflow or a machine out of memory.
#[test]
fn nesting_and_alias_bombs_are_errors_at_their_place() {
    let bomb: String = (1..10)
        .map(|i| {
            format!(
                "a{i}: &a{i} [{}]\n",
                vec![format!("*a{}", i - 1); 9].join(", ")
            )
        })
        .collect();
    let cases = [
        (
            format!("x: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            String::new(),
            ":2:",
            "error: front matter nested more than 64 levels deep",
        ),
        (
            format!("x:\n {}1\n", "- ".repeat(100_000)),
            String::new(),
            ":3:",
            "error: front matter nested more than 64 levels deep",
        ),
        (
            format!("a0: &a0 [x, x, x, x, x, x, x, x, x]\n{bomb}"),
            String::new(),
            ":",
            "error: front matter aliases repeat more than 10000 values",
        ),
        (
            String::new(),
            format!("\n{}deep\n", "> ".repeat(200_000)),
            ":",
            "error: Markdown nested more than 100 levels deep",
        ),
    ];
    for (front, body, at, message) in cases {
        let (dir, root) = copy_fixture("minimal");
        rewrite_item(&root, &front, &body);
        let result = build(&root, &dir.path().join("out"), &[]);
        assert_exit(&result, 1);
        // A line too long to quote is placed in words (`= at file:line`).
        let location = format!("{ITEM}{at}");
        assert_contains_all(&stderr(&result), &[message, &location, "help: "], message);
    }
}

/// A long paper builds; a file too large to be a paper, or front matter too
/// large to be front matter, is refused before it is parsed.
#[test]
fn size_limits_refuse_what_no_paper_needs_and_a_20_mb_body_builds() {
    let (dir, root) = copy_fixture("minimal");
    let paragraph =
        "A paragraph of a long report, with *emphasis* and a [link](https://example.org/).\n\n";
    let body = paragraph.repeat(20 * 1024 * 1024 / paragraph.len() + 1);
    rewrite_item(&root, "", &body);
    build_ok(&root, &dir.path().join("out"), &[]);

    let (dir, root) = copy_fixture("minimal");
    let lines: String = (0..120_000)
        .map(|i| format!("  - {{label: Line number {i}, amount: {i}}}\n"))
        .collect();
    rewrite_item(&root, &format!("x:\n{lines}"), "");
    let result = build(&root, &dir.path().join("out"), &[]);
    assert_exit(&result, 1);
    assert_contains_all(
        &stderr(&result),
        &[
            &format!("┌─ {ITEM}:2:1"),
            "MB; at most 4.0 MB is read",
            "help: split the data",
        ],
        "front matter",
    );

    let (dir, root) = copy_fixture("minimal");
    rewrite_item(&root, "", &"x".repeat(65 << 20));
    let result = build(&root, &dir.path().join("out"), &[]);
    assert_exit(&result, 1);
    assert_contains_all(
        &stderr(&result),
        &[
            "error: this file is 65.0 MB; a Markdown source may be at most 64.0 MB",
            &format!("┌─ {ITEM}:1:1"),
        ],
        "file",
    );
}
