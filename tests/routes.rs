//! No source may publish on an address the build generates: such a page
//! would vanish behind the generated one, or replace it.

mod common;

use common::*;

const MEETING: &str = "content/meetings/2008-09-12-members-board";

/// Writes `files` into a copy of the minimal site and returns `check`'s
/// stderr, which must be a refusal.
fn refused(files: &[(&str, &str)]) -> String {
    let (_dir, root) = copy_fixture("minimal");
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let result = check(&root);
    assert_exit(&result, 1);
    stderr(&result)
}

#[test]
fn a_page_on_a_generated_register_is_an_error_at_that_file() {
    let err = refused(&[
        (
            "content/withheld.md",
            "---\ntitle: Withheld\n---\n\nMine.\n",
        ),
        ("content/changes.md", "---\ntitle: Changes\n---\n\nMine.\n"),
        (
            "content/risks/new.md",
            "---\ntitle: New risks\n---\n\nMine.\n",
        ),
    ]);
    assert_contains_all(
        &err,
        &[
            "error: this would be published at /withheld/, the register of withheld papers, which the build generates\n  ┌─ content/withheld.md:1:1",
            "error: this would be published at /changes/, the record of changes to published papers, which the build generates\n  ┌─ content/changes.md:1:1",
            "error: this would be published at /risks/, the risk register, which the build generates\n  ┌─ content/risks/new.md:1:1",
            "help: rename or move the file; the addresses of generated pages are reserved",
            "3 errors, ",
        ],
        "stderr",
    );
}

#[test]
fn pages_for_registers_to_come_are_reserved_too() {
    for section in ["members", "actions", "declarations", "search", "data"] {
        let err = refused(&[(
            &format!("content/{section}.md"),
            "---\ntitle: Mine\n---\n\nMine.\n",
        )]);
        assert!(
            err.contains(&format!("published at /{section}/, the ")),
            "{section}: {err}"
        );
    }
}

#[test]
fn a_published_file_on_a_generated_file_is_an_error() {
    let err = refused(&[
        ("content/robots.txt", "User-agent: *\n"),
        (
            "content/about.md",
            "---\ntitle: About\n---\n\nSee [robots](robots.txt).\n",
        ),
    ]);
    assert_contains_all(
        &err,
        &[
            "error: this would be published at /robots.txt, the robots file, which the build generates\n  ┌─ content/robots.txt:1:1",
            "1 error, ",
        ],
        "stderr",
    );
}

#[test]
fn an_agenda_item_named_pack_would_hide_the_agenda_pack() {
    let err = refused(&[(
        &format!("{MEETING}/pack.md"),
        "---\nitem: \"9\"\ntitle: Pack\n---\n\nMine.\n",
    )]);
    assert_contains_all(
        &err,
        &[
            &format!(
                "error: this would be published at /meetings/2008-09-12-members-board/pack/, the meeting's printable agenda pack, which the build generates\n  ┌─ {MEETING}/pack.md:1:1"
            ),
            "1 error, ",
        ],
        "stderr",
    );
}

#[test]
fn a_file_beside_the_news_may_not_take_a_months_email() {
    for file in ["email.html", "email.txt"] {
        let err = refused(&[
            (&format!("content/news/2008/09/{file}"), "Mine.\n"),
            (
                "content/news/2008-09-fund-agreed.md",
                &format!("---\ntitle: Fund\ndate: 2008-09-15\n---\n\nSee [it](2008/09/{file}).\n"),
            ),
        ]);
        assert_contains_all(
            &err,
            &[
                &format!(
                    "error: this would be published at /news/2008/09/{file}, the bulletin of the month, which the build generates\n  ┌─ content/news/2008/09/{file}:1:1"
                ),
                "1 error, ",
            ],
            "stderr",
        );
    }
}

#[test]
fn a_page_beside_the_generated_ones_is_fine() {
    let (dir, root) = copy_fixture("minimal");
    std::fs::write(
        root.join("content/withholding.md"),
        "---\ntitle: How we withhold papers\n---\n\nOurs.\n",
    )
    .unwrap();
    build_ok(&root, &dir.path().join("out"), &[]);
    assert!(dir.path().join("out/withholding/index.html").exists());
}
