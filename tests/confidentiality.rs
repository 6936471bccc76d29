//! What must never be published: exempt items (all but their number, title
//! and reason), drafts, embargoed papers and meetings, and files nothing
//! public references. The `confidential` fixture holds a distinct
//! `LEAK-…` marker in every field of everything withheld; every byte of
//! every output file is searched for them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

const MEETING: &str = "meetings/2008-09-12-members-board";

/// The file names and folders of withheld sources: no output file may name
/// them, since even a link or a path would reveal them.
const WITHHELD_SLUGS: &[&str] = &[
    "09-depot-disposal",
    "09-valuation",
    "secret-appendix",
    "confidential.pdf",
    "05-draft-paper",
    "06-embargoed-paper",
    "2008-10-16-members-board",
    "03-draft-meeting-item",
    "2008-11-20-members-board",
    "03-embargoed-meeting-item",
    "2008-10-draft-news",
    "2008-11-embargoed-news",
    "draft-plan",
    "guidance/",
];

fn build_confidential(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = build(&fixture("confidential"), &out, extra);
    assert_exit(&result, 0);
    (dir, out)
}

fn markers_with(leaks: &[String], prefix: &str) -> Vec<String> {
    leaks
        .iter()
        .filter(|l| l.split(": ").nth(1).is_some_and(|m| m.starts_with(prefix)))
        .cloned()
        .collect()
}

fn distinct_markers(leaks: &[String]) -> Vec<String> {
    let mut markers: Vec<String> = leaks
        .iter()
        .filter_map(|l| l.split(": ").nth(1))
        .map(String::from)
        .collect();
    markers.sort();
    markers.dedup();
    markers
}

#[track_caller]
fn assert_no_pdfs(files: &BTreeMap<String, Vec<u8>>) {
    let pdfs: Vec<&String> = files.keys().filter(|f| f.ends_with(".pdf")).collect();
    assert!(pdfs.is_empty(), "PDFs were published: {pdfs:?}");
    for name in ["secret-appendix.pdf", "confidential.pdf"] {
        assert!(
            files.keys().all(|f| !f.contains(name)),
            "{name} was published"
        );
    }
    for bytes in ["LEAK-PDF", "LEAK-STRAY-PDF", "%PDF"] {
        let found = files_containing(files, bytes);
        assert!(found.is_empty(), "`{bytes}` is in {found:?}");
    }
}

#[test]
fn nothing_withheld_reaches_any_output_file() {
    let (_dir, out) = build_confidential(&["--now", NOW]);
    let files = snapshot(&out);
    // The public parts are there, so the search below searched something.
    for public in [
        "index.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "404.html",
        "about/index.html",
        &format!("{MEETING}/index.html"),
        &format!("{MEETING}/04-public-report/index.html"),
        "news/2008-09-public-news/index.html",
    ] {
        assert!(files.contains_key(public), "{public} is missing");
    }
    let leaks = leaks(&files);
    assert!(
        leaks.is_empty(),
        "withheld text was published:\n{}",
        leaks.join("\n")
    );
    assert_no_pdfs(&files);
    for slug in WITHHELD_SLUGS {
        let named: Vec<&String> = files.keys().filter(|f| f.contains(slug)).collect();
        assert!(named.is_empty(), "{slug} names output files {named:?}");
        let found = files_containing(&files, slug);
        assert!(found.is_empty(), "`{slug}` is named in {found:?}");
    }
}

#[test]
fn an_exempt_item_shows_only_its_number_title_and_reason() {
    let (_dir, out) = build_confidential(&["--now", NOW]);
    let html = page(&out, &format!("{MEETING}/index.html"));
    assert_contains_all(
        &html,
        &[
            "<span class=\"item-number\">9</span>",
            "<span class=\"item-title\">Disposal of the former highways depot</span>",
            "Information relating to the financial or business affairs of any particular person (paragraph 3)",
        ],
        "the meeting page",
    );
    // The agenda line of item 9 links nowhere.
    let lines = between(&html, "<li>", "</li>");
    let line = lines
        .iter()
        .find(|l| l.contains("<span class=\"item-number\">9</span>"))
        .expect("an agenda line for item 9");
    assert!(!line.contains("href"), "the exempt item is linked: {line}");
    assert!(!line.contains("<a "), "the exempt item is linked: {line}");
    // The public item is linked as usual.
    assert!(
        html.contains(&format!(
            "<a href=\"/{MEETING}/04-public-report/\">Regional work programme</a>"
        )),
        "{html}"
    );
    // Nor is there a page for it.
    assert!(!out.join(MEETING).join("09-depot-disposal").exists());
}

#[test]
fn links_to_withheld_papers_render_as_text() {
    let (_dir, out) = build_confidential(&["--now", NOW]);
    let html = page(&out, &format!("{MEETING}/04-public-report/index.html"));
    assert_contains_all(
        &html,
        &[
            "<span class=\"withheld-link\">the private report</span>",
            "<span class=\"withheld-link\">in preparation</span>",
            "<span class=\"withheld-link\">under embargo</span>",
        ],
        "the public report",
    );
    for slug in ["09-depot-disposal", "05-draft-paper", "06-embargoed-paper"] {
        assert!(!html.contains(slug), "{slug} is named: {html}");
    }
    for href in between(&html, "href=\"", "\"") {
        assert!(
            !href.contains("depot") && !href.ends_with(".md"),
            "a link to a withheld paper kept its href: {href}"
        );
    }
    // `related` to withheld papers lists nothing.
    assert!(!html.contains("Related papers"), "{html}");
    let news = page(&out, "news/2008-09-public-news/index.html");
    assert_contains_all(
        &news,
        &[
            &format!("<a href=\"/{MEETING}/04-public-report/\">work programme</a>"),
            "<span class=\"withheld-link\">will follow</span>",
            "<span class=\"withheld-link\">soon</span>",
        ],
        "the public article",
    );
}

#[test]
fn drafts_are_published_with_drafts_but_exempt_and_embargoed_are_not() {
    let (_dir, out) = build_confidential(&["--now", NOW, "--drafts"]);
    let files = snapshot(&out);
    let leaks = leaks(&files);
    let markers = distinct_markers(&leaks);
    // Every kind of draft shows, proving the search can find markers.
    for expected in [
        "LEAK-DRAFT-ITEM-TITLE",
        "LEAK-DRAFT-ITEM-BODY",
        "LEAK-DRAFT-ITEM-PURPOSE",
        "LEAK-DRAFT-ITEM-RECOMMENDATION",
        "LEAK-DRAFT-ITEM-RESOLUTION",
        "LEAK-DRAFT-ITEM-BUDGET-LINE",
        "LEAK-DRAFT-ITEM-RISK-TITLE",
        "LEAK-DRAFT-ITEM-TARGET-MEASURE",
        "LEAK-DRAFT-MEETING-TITLE",
        "LEAK-DRAFT-MEETING-BODY",
        "LEAK-DRAFT-MEETING-ITEM-TITLE",
        "LEAK-DRAFT-MEETING-ITEM-BODY",
        "LEAK-DRAFT-NEWS-TITLE",
        "LEAK-DRAFT-NEWS-BODY",
        "LEAK-DRAFT-DOCUMENT-TITLE",
        "LEAK-DRAFT-DOCUMENT-BODY",
        "LEAK-DRAFT-DOCUMENT-BUDGET-LINE",
        "LEAK-DRAFT-PAGE-TITLE",
        "LEAK-DRAFT-PAGE-BODY",
    ] {
        assert!(
            markers.iter().any(|m| m == expected),
            "{expected} is not published with --drafts; found {markers:?}"
        );
    }
    let wrong: Vec<String> = leaks
        .iter()
        .filter(|l| {
            !l.split(": ")
                .nth(1)
                .is_some_and(|m| m.starts_with("LEAK-DRAFT-"))
        })
        .cloned()
        .collect();
    assert!(
        wrong.is_empty(),
        "published with --drafts:\n{}",
        wrong.join("\n")
    );
    assert_no_pdfs(&files);
    // The draft item is linked now; the exempt one still is not.
    let html = page(&out, &format!("{MEETING}/04-public-report/index.html"));
    assert!(
        html.contains(&format!(
            "<a href=\"/{MEETING}/05-draft-paper/\">in preparation</a>"
        )),
        "{html}"
    );
    assert!(html.contains("<span class=\"withheld-link\">the private report</span>"));
    assert!(
        out.join("meetings/2008-10-16-members-board/index.html")
            .is_file()
    );
    assert!(out.join("documents/draft-plan/index.html").is_file());
    assert!(out.join("guidance/index.html").is_file());
    assert!(out.join("news/2008-10-draft-news/index.html").is_file());
}

#[test]
fn embargoed_papers_are_published_once_the_embargo_ends() {
    let (_dir, out) = build_confidential(&["--now", "2100-01-01"]);
    let files = snapshot(&out);
    let leaks = leaks(&files);
    let markers = distinct_markers(&leaks);
    for expected in [
        "LEAK-EMBARGO-ITEM-TITLE",
        "LEAK-EMBARGO-ITEM-BODY",
        "LEAK-EMBARGO-ITEM-PURPOSE",
        "LEAK-EMBARGO-ITEM-RECOMMENDATION",
        "LEAK-EMBARGO-ITEM-BUDGET-LINE",
        "LEAK-EMBARGO-ITEM-RISK-TITLE",
        "LEAK-EMBARGO-ITEM-TARGET-MEASURE",
        "LEAK-EMBARGO-MEETING-TITLE",
        "LEAK-EMBARGO-MEETING-BODY",
        "LEAK-EMBARGO-MEETING-ITEM-TITLE",
        "LEAK-EMBARGO-MEETING-ITEM-BODY",
        "LEAK-EMBARGO-NEWS-TITLE",
        "LEAK-EMBARGO-NEWS-BODY",
    ] {
        assert!(
            markers.iter().any(|m| m == expected),
            "{expected} is not published after the embargo; found {markers:?}"
        );
    }
    let wrong: Vec<String> = leaks
        .iter()
        .filter(|l| {
            !l.split(": ")
                .nth(1)
                .is_some_and(|m| m.starts_with("LEAK-EMBARGO-"))
        })
        .cloned()
        .collect();
    assert!(
        wrong.is_empty(),
        "published after the embargo:\n{}",
        wrong.join("\n")
    );
    assert!(markers_with(&leaks, "LEAK-EXEMPT-").is_empty());
    assert_no_pdfs(&files);
    assert!(
        out.join("meetings/2008-11-20-members-board/index.html")
            .is_file()
    );
    assert!(out.join("news/2008-11-embargoed-news/index.html").is_file());
}

#[test]
fn an_embargo_holds_until_its_minute() {
    // "2099-01-01 09:00" in Europe/London is 09:00 UTC in winter.
    for (now, published) in [
        ("2099-01-01T08:59:00Z", false),
        ("2099-01-01T09:00:00Z", true),
    ] {
        let (_dir, out) = build_confidential(&["--now", now]);
        let leaks = leaks(&snapshot(&out));
        assert_eq!(
            !markers_with(&leaks, "LEAK-EMBARGO-ITEM-").is_empty(),
            published,
            "--now {now}: {leaks:?}"
        );
    }
}

#[test]
fn check_warns_about_files_nothing_public_uses() {
    let root = fixture("confidential");
    let result = check(&root);
    assert_exit(&result, 0);
    // `secret-appendix.pdf` is the appendix of the exempt item 9: withheld
    // with it, as meant, so neither a warning nor a hint to publish it.
    let err = stderr(&result);
    let expected = format!(
        "\
warning: this file is not published: no public page links to it or attaches it
  ┌─ content/{MEETING}/confidential.pdf:1:1
  │
1 │ %PDF-1.4
  │ ^^^^^^^^
  │
  = help: link to it from a public page or list it under `appendices` to publish it
"
    );
    assert!(err.contains(&expected), "{err}");
    assert!(!err.contains("secret-appendix.pdf"), "{err}");
    // The public report's link to the exempt item is warned about too.
    assert!(
        err.contains(
            "09-depot-disposal.md` is not published: it is exempt, so this link is shown as text"
        ),
        "{err}"
    );
    assert!(err.ends_with("0 errors, 4 warnings\n"), "{err}");
    assert!(!Path::new(&root).join("output").exists());
}

#[test]
fn a_file_only_a_withheld_paper_uses_is_withheld_without_a_warning() {
    let (dir, root) = copy_fixture("confidential");
    // A draft links to a file; an embargoed paper attaches another.
    let folder = root.join("content").join(MEETING);
    let edit = |name: &str, from: &str, to: &str| {
        let file = folder.join(name);
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text.matches(from).count(), 1, "`{from}` once in {name}");
        std::fs::write(file, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "05-draft-paper.md",
        "LEAK-DRAFT-ITEM-BODY",
        "LEAK-DRAFT-ITEM-BODY [the draft plan](draft-plan.pdf)",
    );
    edit(
        "06-embargoed-paper.md",
        "---\n\n",
        "appendices:\n  - {title: Embargoed annex, file: embargoed-annex.pdf}\n---\n\n",
    );
    for name in ["draft-plan.pdf", "embargoed-annex.pdf"] {
        std::fs::write(
            root.join("content").join(MEETING).join(name),
            "%PDF-1.4 LEAK-PDF",
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let result = build(&root, &out, &["--now", NOW]);
    assert_exit(&result, 0);
    let err = stderr(&result);
    for name in [
        "secret-appendix.pdf",
        "draft-plan.pdf",
        "embargoed-annex.pdf",
    ] {
        assert!(!err.contains(name), "{name} is warned about:\n{err}");
    }
    assert!(err.contains("confidential.pdf"), "{err}");
    assert!(err.contains("0 errors, "), "{err}");
    assert_no_pdfs(&snapshot(&out));
}

#[test]
fn a_link_cannot_publish_an_exempt_items_appendix() {
    let (dir, root) = copy_fixture("confidential");
    let item = root
        .join("content")
        .join(MEETING)
        .join("04-public-report.md");
    let mut text = std::fs::read_to_string(&item).unwrap();
    text.push_str("\nThe valuation is [attached](secret-appendix.pdf).\n");
    std::fs::write(&item, text).unwrap();
    let out = dir.path().join("out");
    let result = build(&root, &out, &["--now", NOW]);
    // Refusing the build is as good as withholding the link.
    if result.status.code() == Some(1) {
        assert!(!out.exists());
        return;
    }
    assert_exit(&result, 0);
    let files = snapshot(&out);
    assert!(
        !files.contains_key(&format!("{MEETING}/secret-appendix.pdf")),
        "the exempt item's appendix was published"
    );
    assert!(files_containing(&files, "LEAK-PDF").is_empty());
}

/// `check` and `build` end with one line that counts what they printed,
/// never "no errors found" after a list of warnings.
#[test]
fn check_and_build_end_with_one_summary_line() {
    let root = fixture("confidential");
    let err = stderr(&check(&root));
    let warnings = err.matches("\nwarning: ").count() + usize::from(err.starts_with("warning: "));
    assert!(warnings > 0, "{err}");
    let last = err.trim_end().lines().last().unwrap();
    let counted = match warnings {
        1 => "1 warning".to_string(),
        n => format!("{n} warnings"),
    };
    assert_eq!(last, format!("0 errors, {counted}"), "{err}");
    assert!(!err.contains("no errors"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let err = stderr(&build(&root, &dir.path().join("out"), &["--now", NOW]));
    // The build withholds drafts and embargoed papers, so it also warns
    // about the public links to them.
    let warnings = err.matches("\nwarning: ").count() + usize::from(err.starts_with("warning: "));
    assert!(warnings > 0, "{err}");
    let last = err.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with(&format!("0 errors, {warnings} warnings; built ")),
        "{err}"
    );
}
