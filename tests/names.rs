//! File names with spaces, capitals and accents: each source is published
//! at the slug of its name, attached files under a name that works in a
//! URL, and two names that make the same address are an error naming both.

mod common;

use common::*;

const MEETING: &str = "content/meetings/2008-09-12-members-board";

/// A copy of the minimal site with `files` written into it.
fn site_with(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = copy_fixture("minimal");
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (dir, root)
}

/// `check`'s stderr for the minimal site with `files`: a refusal.
fn refused(files: &[(&str, &str)]) -> String {
    let (_dir, root) = site_with(files);
    let result = check(&root);
    assert_exit(&result, 1);
    stderr(&result)
}

fn item(number: &str, title: &str) -> String {
    format!("---\nitem: \"{number}\"\ntitle: {title}\n---\n\nText.\n")
}

const DOCUMENT: &str = "---\ntitle: A strategy\ndate: 2008-06-01\n---\n\nText.\n";

#[test]
fn sources_named_as_secretariats_name_them_are_published_at_their_slugs() {
    let item_path = format!("{MEETING}/Item 7 - Budget Monitoring Q1.md");
    let (dir, root) = site_with(&[
        (&item_path, &item("17", "Budget monitoring")),
        ("content/documents/Café strategy.md", DOCUMENT),
    ]);
    let output = dir.path().join("public");
    build_ok(&root, &output, &[]);
    let report = page(
        &output,
        "meetings/2008-09-12-members-board/item-7-budget-monitoring-q1/index.html",
    );
    assert!(report.contains("Budget monitoring"), "{report}");
    let agenda = page(&output, "meetings/2008-09-12-members-board/index.html");
    assert!(
        agenda.contains("/meetings/2008-09-12-members-board/item-7-budget-monitoring-q1/"),
        "{agenda}"
    );
    let document = page(&output, "documents/cafe-strategy/index.html");
    assert!(document.contains("A strategy"), "{document}");
}

#[test]
fn a_name_with_no_ascii_form_is_an_error_with_a_hint_to_rename() {
    let err = refused(&[("content/documents/会议.md", DOCUMENT)]);
    assert_contains_all(
        &err,
        &[
            "error: the name `会议` leaves nothing for its address\n  ┌─ content/documents/会议.md:1:1",
            "rename it",
        ],
        "stderr",
    );
}

#[test]
fn two_items_whose_names_make_one_address_are_an_error_naming_both() {
    for (first, second) in [
        ("Report.md", "report.md"),
        ("a b.md", "a-b.md"),
        ("café.md", "cafe.md"),
    ] {
        let err = refused(&[
            (&format!("{MEETING}/{first}"), &item("18", "One")),
            (&format!("{MEETING}/{second}"), &item("19", "Other")),
        ]);
        assert!(
            err.contains("would both be published at /meetings/2008-09-12-members-board/")
                && err.contains(first)
                && err.contains(second),
            "{first} and {second}: {err}"
        );
    }
}

#[test]
fn two_documents_whose_names_make_one_address_are_an_error_naming_both() {
    let err = refused(&[
        ("content/documents/Café.md", DOCUMENT),
        ("content/documents/cafe.md", DOCUMENT),
    ]);
    assert_contains_all(
        &err,
        &[
            "error: this document and content/documents/Café.md would both be published at /documents/cafe/\n  ┌─ content/documents/cafe.md:1:1",
            "help: rename one of them",
        ],
        "stderr",
    );
}

/// Markdown appendices are pages under their item: two whose names make one
/// address are an error naming both, as two items are.
#[test]
fn two_markdown_appendices_of_one_item_whose_names_clash_are_an_error() {
    let paper = "---\nitem: \"20\"\ntitle: Appendices\nappendices:\n  - {title: One, file: Appendix A.md}\n  - {title: Two, file: appendix-a.md}\n---\n\nText.\n";
    let appendix = "---\ntitle: An appendix\n---\n\nText.\n";
    let err = refused(&[
        (&format!("{MEETING}/e-appendices.md"), paper),
        (&format!("{MEETING}/Appendix A.md"), appendix),
        (&format!("{MEETING}/appendix-a.md"), appendix),
    ]);
    assert!(
        err.contains("would both be published at /meetings/2008-09-12-members-board/")
            && err.contains("Appendix A.md")
            && err.contains("appendix-a.md"),
        "{err}"
    );
}

#[test]
fn an_appendix_with_spaces_and_ampersands_is_published_under_a_safe_name() {
    let item_path = format!("{MEETING}/e-appendices.md");
    let text = "---\nitem: \"20\"\ntitle: Appendices\nappendices:\n  - title: Appendices B and C\n    file: Appendix B & C (final).pdf\n---\n\nSee [the appendices](<Appendix B & C (final).pdf>).\n";
    let pdf = format!("{MEETING}/Appendix B & C (final).pdf");
    let (dir, root) = site_with(&[(&item_path, text), (&pdf, "%PDF-1.4\n")]);
    let output = dir.path().join("public");
    build_ok(&root, &output, &[]);
    let url = "/meetings/2008-09-12-members-board/appendix-b-and-c-final.pdf";
    assert!(output.join(&url[1..]).is_file(), "{url} is not written");
    let report = page(
        &output,
        "meetings/2008-09-12-members-board/e-appendices/index.html",
    );
    assert_eq!(
        report.matches(&format!("href=\"{url}\"")).count(),
        2,
        "{report}"
    );
    assert!(
        !report.contains("Appendix B &amp; C (final).pdf\""),
        "{report}"
    );
}

#[test]
fn two_files_whose_names_make_one_address_are_an_error_naming_both() {
    let item_path = format!("{MEETING}/e-appendices.md");
    let text = "---\nitem: \"20\"\ntitle: Appendices\nappendices:\n  - title: One\n    file: Plan A.pdf\n  - title: Two\n    file: plan-a.pdf\n---\n\nText.\n";
    let err = refused(&[
        (&item_path, text),
        (&format!("{MEETING}/Plan A.pdf"), "%PDF-1.4\n"),
        (&format!("{MEETING}/plan-a.pdf"), "%PDF-1.4\n"),
    ]);
    assert!(
        err.contains("would both be published as /meetings/2008-09-12-members-board/plan-a.pdf")
            && err.contains("Plan A.pdf")
            && err.contains("content/meetings/2008-09-12-members-board/plan-a.pdf"),
        "{err}"
    );
}

#[test]
fn a_meeting_folder_with_spaces_and_capitals_is_published_at_its_slug() {
    let (dir, root) = copy_fixture("minimal");
    let meetings = root.join("content/meetings");
    std::fs::rename(
        meetings.join("2008-09-12-members-board"),
        meetings.join("2008-09-12 Members Board"),
    )
    .unwrap();
    let output = dir.path().join("public");
    build_ok(&root, &output, &[]);
    let agenda = page(&output, "meetings/2008-09-12-members-board/index.html");
    assert!(
        agenda.contains("/meetings/2008-09-12-members-board/a-capacity-fund/"),
        "{agenda}"
    );
    page(
        &output,
        "meetings/2008-09-12-members-board/a-capacity-fund/index.html",
    );
}

#[test]
fn two_meeting_folders_whose_names_make_one_address_are_an_error_naming_both() {
    let (_dir, root) = copy_fixture("minimal");
    let meetings = root.join("content/meetings");
    let copy = meetings.join("2008-09-12 Members Board");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(
        meetings.join("2008-09-12-members-board/_meeting.md"),
        copy.join("_meeting.md"),
    )
    .unwrap();
    let result = check(&root);
    assert_exit(&result, 1);
    let err = stderr(&result);
    assert!(
        err.contains("error: this meeting and content/meetings/2008-09-12 Members Board/_meeting.md would both be published at /meetings/2008-09-12-members-board/")
            || err.contains("error: this meeting and content/meetings/2008-09-12-members-board/_meeting.md would both be published at /meetings/2008-09-12-members-board/"),
        "{err}"
    );
}

#[test]
fn a_page_and_an_image_with_spaces_in_their_names_are_published_at_slugs() {
    let (dir, root) = site_with(&[
        (
            "content/Annual Report.md",
            "---\ntitle: Annual report\n---\n\n![The chamber](<Photos/Council Chamber.JPG>)\n",
        ),
        ("content/Photos/Council Chamber.JPG", "not really a photo"),
    ]);
    let output = dir.path().join("public");
    build_ok(&root, &output, &[]);
    let report = page(&output, "annual-report/index.html");
    assert!(
        report.contains("src=\"/photos/council-chamber.jpg\""),
        "{report}"
    );
    assert!(output.join("photos/council-chamber.jpg").is_file());
}

#[test]
fn a_page_named_with_no_ascii_form_is_an_error() {
    let err = refused(&[("content/会议.md", "---\ntitle: Meeting\n---\n\nText.\n")]);
    assert!(
        err.contains("error: the name `会议` leaves nothing for its address"),
        "{err}"
    );
}
