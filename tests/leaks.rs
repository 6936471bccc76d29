//! Nine ways withheld content once reached the output, each closed and kept
//! closed here. Every test copies the `confidential` fixture, adds the files
//! its case needs (marked `LEAK-…` where they must stay withheld), builds it,
//! and searches every byte and every path of every output file. Each also
//! checks that the public content beside the withheld one is published, so
//! that a search which finds nothing has searched something.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::preview::*;
use common::*;
use serde_json::Value;

const MEETING: &str = "meetings/2008-09-12-members-board";

type Files = BTreeMap<String, Vec<u8>>;

/// Writes `content/<path>` of the site at `root`, making its folder.
fn write(root: &Path, path: &str, text: &str) {
    let file = root.join("content").join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

/// Adds `text` to the end of `content/<path>`.
fn append(root: &Path, path: &str, text: &str) {
    let file = root.join("content").join(path);
    let mut old = std::fs::read_to_string(&file).unwrap();
    old.push_str(text);
    std::fs::write(file, old).unwrap();
}

/// Replaces `from`, which must occur once, in `content/<path>`.
#[track_caller]
fn replace(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join("content").join(path);
    let old = std::fs::read_to_string(&file).unwrap();
    assert_eq!(old.matches(from).count(), 1, "`{from}` once in {path}");
    std::fs::write(file, old.replacen(from, to, 1)).unwrap();
}

/// A successful build into a fresh folder.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    files: Files,
    stderr: String,
}

impl Built {
    fn page(&self, path: &str) -> String {
        page(&self.out, path)
    }

    fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

#[track_caller]
fn build_site(root: &Path, extra: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = build(root, &out, extra);
    assert_exit(&result, 0);
    Built {
        files: snapshot(&out),
        stderr: stderr(&result),
        _dir: dir,
        out,
    }
}

/// No output file holds a `LEAK-…` marker.
#[track_caller]
fn assert_no_leaks(files: &Files) {
    let found = leaks(files);
    assert!(
        found.is_empty(),
        "withheld text was published:\n{}",
        found.join("\n")
    );
}

/// No output file is named by, or contains, any of `needles`.
#[track_caller]
fn assert_nowhere(files: &Files, needles: &[&str]) {
    for needle in needles {
        let named: Vec<&String> = files.keys().filter(|f| f.contains(needle)).collect();
        assert!(named.is_empty(), "`{needle}` names output files {named:?}");
        let found = files_containing(files, needle);
        assert!(found.is_empty(), "`{needle}` is in {found:?}");
    }
}

/// Whether `stderr` holds a warning that says `message` about `source`.
fn warns(stderr: &str, message: &str, source: &str) -> bool {
    stderr
        .split("\nwarning: ")
        .any(|w| w.contains(message) && w.contains(&format!("┌─ {source}:")))
}

/// The agenda lines of a meeting page or pack, by item number.
fn agenda_lines(html: &str) -> BTreeMap<String, String> {
    between(html, "<span class=\"item-number\">", "</li>")
        .into_iter()
        .filter_map(|line| {
            let (number, rest) = line.split_once("</span>")?;
            Some((number.to_string(), rest.to_string()))
        })
        .collect()
}

/// The rows of `data/items.json` for the fixture's held meeting, by number.
fn items_json(files: &Files) -> BTreeMap<String, serde_json::Map<String, Value>> {
    let rows: Vec<Value> = serde_json::from_slice(&files["data/items.json"]).unwrap();
    rows.into_iter()
        .filter_map(|row| match row {
            Value::Object(row) => Some(row),
            _ => None,
        })
        .filter(|row| row["meeting"] == "2008-09-12-members-board")
        .map(|row| (row["item"].as_str().unwrap().to_string(), row))
        .collect()
}

/// The rows of `data/items.csv` for the fixture's held meeting, by number.
fn items_csv(files: &Files) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(files["data/items.csv"].as_slice());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            row
        })
        .filter(|row| row["meeting"] == "2008-09-12-members-board")
        .map(|row| (row["item"].clone(), row))
        .collect()
}

// 1. Files attached to withheld documents.

#[test]
fn files_attached_to_withheld_documents_stay_unpublished_whoever_links_them() {
    let (_dir, root) = copy_fixture("confidential");
    replace(
        &root,
        "documents/draft-plan.md",
        "draft: true\n",
        "draft: true\nappendices:\n  - {title: LEAK-DRAFT-DOCUMENT-APPENDIX-TITLE, file: draft-annex.pdf}\n  - {title: Shared annex, file: shared-annex.pdf}\n",
    );
    write(
        &root,
        "documents/draft-annex.pdf",
        "LEAK-DRAFT-DOCUMENT-ANNEX-BYTES",
    );
    write(
        &root,
        "documents/shared-annex.pdf",
        "LEAK-SHARED-ANNEX-BYTES",
    );
    write(
        &root,
        "documents/embargoed-plan.md",
        "---\ntitle: LEAK-EMBARGO-DOCUMENT-TITLE\npublish_after: \"2099-01-01 09:00\"\nappendices:\n  - {title: Annex, file: embargoed-annex.pdf}\n---\n\nLEAK-EMBARGO-DOCUMENT-BODY\n",
    );
    write(
        &root,
        "documents/embargoed-annex.pdf",
        "LEAK-EMBARGO-DOCUMENT-ANNEX-BYTES",
    );
    write(
        &root,
        "documents/folder-plan/index.md",
        "---\ntitle: LEAK-DRAFT-FOLDER-DOCUMENT-TITLE\ndraft: true\nappendices:\n  - {title: Annex, file: folder-annex.pdf}\n---\n\nLEAK-DRAFT-FOLDER-DOCUMENT-BODY\n",
    );
    write(
        &root,
        "documents/folder-plan/folder-annex.pdf",
        "LEAK-DRAFT-FOLDER-ANNEX-BYTES",
    );
    // A public document attaches the draft's file as well as its own.
    write(
        &root,
        "documents/public-plan.md",
        "---\ntitle: Public plan\nappendices:\n  - {title: Shared annex, file: shared-annex.pdf}\n  - {title: Public annex, file: public-annex.pdf}\n---\n\nThe public plan.\n",
    );
    write(&root, "documents/public-annex.pdf", "PUBLIC-ANNEX-BYTES");
    append(
        &root,
        "about.md",
        "\nSee [the draft annex](documents/draft-annex.pdf), [the embargoed annex](documents/embargoed-annex.pdf), [the folder annex](documents/folder-plan/folder-annex.pdf), [the shared annex](documents/shared-annex.pdf) and [the public annex](documents/public-annex.pdf).\n",
    );

    let built = build_site(&root, &["--now", NOW]);
    assert_eq!(
        built
            .files
            .get("documents/public-annex.pdf")
            .map(Vec::as_slice),
        Some(&b"PUBLIC-ANNEX-BYTES"[..]),
        "the public document's own file is not published"
    );
    assert_contains_all(
        &built.page("documents/public-plan/index.html"),
        &[
            "The public plan.",
            "<a href=\"/documents/public-annex.pdf\">Public annex</a>",
        ],
        "the public document",
    );
    assert_contains_all(
        &built.page("about/index.html"),
        &[
            "<span class=\"withheld-link\">the draft annex</span>",
            "<span class=\"withheld-link\">the embargoed annex</span>",
            "<span class=\"withheld-link\">the folder annex</span>",
            "<span class=\"withheld-link\">the shared annex</span>",
            "<a href=\"/documents/public-annex.pdf\">the public annex</a>",
        ],
        "the about page",
    );
    assert_no_leaks(&built.files);
    assert_nowhere(
        &built.files,
        &[
            "draft-annex",
            "embargoed-annex",
            "embargoed-plan",
            "folder-annex",
            "folder-plan",
            "shared-annex",
            "Shared annex",
        ],
    );
    for file in [
        "draft-annex.pdf",
        "embargoed-annex.pdf",
        "folder-plan/folder-annex.pdf",
        "shared-annex.pdf",
    ] {
        assert!(
            warns(
                &built.stderr,
                &format!("`content/documents/{file}` is not published: content that uses it is"),
                "content/about.md"
            ),
            "no warning about the link to {file}:\n{}",
            built.stderr
        );
    }

    // The files are withheld because of the papers that attach them.
    let drafts = build_site(&root, &["--now", NOW, "--drafts"]);
    for file in [
        "documents/draft-annex.pdf",
        "documents/shared-annex.pdf",
        "documents/folder-plan/folder-annex.pdf",
    ] {
        assert!(drafts.has(file), "{file} is not published with --drafts");
    }
    assert!(!drafts.has("documents/embargoed-annex.pdf"));
    let later = build_site(&root, &["--now", "2100-01-01"]);
    assert!(
        later.has("documents/embargoed-annex.pdf"),
        "the embargoed document's file is not published after its embargo"
    );
    assert!(!later.has("documents/draft-annex.pdf"));
    assert!(!later.has("documents/shared-annex.pdf"));
}

#[test]
fn files_used_by_other_withheld_sources_stay_unpublished() {
    // The same rule for news, pages, meetings and items: a file a withheld
    // source links to, in its body or purpose, is not published.
    let (_dir, root) = copy_fixture("confidential");
    let uses = [
        ("news/2008-10-draft-news.md", "news/draft-news.png"),
        ("news/2008-11-embargoed-news.md", "news/embargoed-news.pdf"),
        ("guidance.md", "guidance.pdf"),
        (
            "meetings/2008-10-16-members-board/_meeting.md",
            "meetings/2008-10-16-members-board/draft-meeting.pdf",
        ),
        (
            "meetings/2008-10-16-members-board/03-draft-meeting-item.md",
            "meetings/2008-10-16-members-board/draft-meeting-item.pdf",
        ),
        (
            "meetings/2008-11-20-members-board/03-embargoed-meeting-item.md",
            "meetings/2008-11-20-members-board/embargoed-meeting-item.pdf",
        ),
        (
            "meetings/2008-09-12-members-board/05-draft-paper.md",
            "meetings/2008-09-12-members-board/draft-item.pdf",
        ),
    ];
    let mut links = String::from("\n");
    for (i, (source, file)) in uses.iter().enumerate() {
        let name = file.rsplit('/').next().unwrap();
        write(&root, file, &format!("LEAK-USED-FILE-{i}-BYTES"));
        append(&root, source, &format!("\n[the file]({name})\n"));
        links.push_str(&format!("[withheld {i}]({file}) "));
    }
    // An embargoed item's purpose.
    replace(
        &root,
        &format!("{MEETING}/06-embargoed-paper.md"),
        "purpose: LEAK-EMBARGO-ITEM-PURPOSE\n",
        "purpose: LEAK-EMBARGO-ITEM-PURPOSE, see [the file](embargoed-purpose.pdf)\n",
    );
    write(
        &root,
        &format!("{MEETING}/embargoed-purpose.pdf"),
        "LEAK-EMBARGO-PURPOSE-BYTES",
    );
    links.push_str(&format!(
        "[withheld purpose]({MEETING}/embargoed-purpose.pdf) "
    ));
    write(&root, "public-note.pdf", "PUBLIC-NOTE-BYTES");
    links.push_str("[the public note](public-note.pdf)\n");
    append(&root, "about.md", &links);

    let built = build_site(&root, &["--now", NOW]);
    let about = built.page("about/index.html");
    for (i, (_, file)) in uses.iter().enumerate() {
        assert!(
            about.contains(&format!(
                "<span class=\"withheld-link\">withheld {i}</span>"
            )),
            "link {i} to {file} is not text:\n{about}"
        );
    }
    assert_contains_all(
        &about,
        &[
            "<span class=\"withheld-link\">withheld purpose</span>",
            "<a href=\"/public-note.pdf\">the public note</a>",
        ],
        "the about page",
    );
    assert!(built.has("public-note.pdf"));
    assert_no_leaks(&built.files);
    let names: Vec<&str> = uses
        .iter()
        .map(|(_, file)| file.rsplit('/').next().unwrap())
        .chain(["embargoed-purpose.pdf"])
        .collect();
    assert_nowhere(&built.files, &names);
}

// 2. Documents take no Markdown appendices, and their files must exist.

#[test]
fn a_documents_markdown_appendix_is_an_error_at_its_line() {
    // (document, its text if new, the Markdown appendix, the appendix's line)
    for (document, front, appendix, line) in [
        (
            "documents/draft-plan.md",
            None,
            "documents/draft-plan-annex.md",
            7,
        ),
        (
            "documents/folder-plan/index.md",
            Some(
                "---\ntitle: LEAK-FOLDER-DOCUMENT-TITLE\ndraft: true\nappendices:\n  - {title: Annex, file: annex.md}\n---\n\nLEAK-FOLDER-DOCUMENT-BODY\n",
            ),
            "documents/folder-plan/annex.md",
            5,
        ),
    ] {
        let (dir, root) = copy_fixture("confidential");
        let name = appendix.rsplit('/').next().unwrap();
        match front {
            Some(text) => write(&root, document, text),
            None => replace(
                &root,
                document,
                "draft: true\n",
                &format!("draft: true\nappendices:\n  - {{title: Annex, file: {name}}}\n"),
            ),
        }
        write(
            &root,
            appendix,
            "---\ntitle: LEAK-DOCUMENT-ANNEX-TITLE\n---\n\nLEAK-DOCUMENT-ANNEX-BODY\n",
        );
        let out = dir.path().join("out");
        let result = build(&root, &out, &["--now", NOW]);
        assert_exit(&result, 1);
        let err = stderr(&result);
        assert_contains_all(
            &err,
            &[
                &format!(
                    "the appendix `{name}` is Markdown, which only agenda items take as appendices"
                ),
                &format!("┌─ content/{document}:{line}:"),
                "; nothing was written",
            ],
            "stderr",
        );
        assert!(!out.exists(), "a failed build wrote {}", out.display());
        let result = check(&root);
        assert_exit(&result, 1);
        assert!(
            stderr(&result).contains("which only agenda items take as appendices"),
            "{}",
            stderr(&result)
        );
        // Nor with --drafts, where the document itself would be published.
        let result = build(&root, &out, &["--now", NOW, "--drafts"]);
        assert_exit(&result, 1);
        assert!(!out.exists());
    }
}

#[test]
fn a_documents_missing_appendix_is_an_error_at_its_line() {
    for (document, text) in [
        ("documents/draft-plan.md", None),
        (
            "documents/public-plan.md",
            Some(
                "---\ntitle: Public plan\nappendices:\n  - {title: Annex, file: nowhere.pdf}\n---\n\nThe public plan.\n",
            ),
        ),
    ] {
        let (dir, root) = copy_fixture("confidential");
        match text {
            Some(text) => write(&root, document, text),
            None => replace(
                &root,
                document,
                "draft: true\n",
                "draft: true\nappendices:\n  - {title: Annex, file: nowhere.pdf}\n",
            ),
        }
        let line = if text.is_some() { 4 } else { 7 };
        let out = dir.path().join("out");
        let result = build(&root, &out, &["--now", NOW]);
        assert_exit(&result, 1);
        assert_contains_all(
            &stderr(&result),
            &[
                "the appendix `nowhere.pdf` does not exist in documents/",
                &format!("┌─ content/{document}:{line}:"),
                "help: check the file name, or add the file beside the paper",
            ],
            "stderr",
        );
        assert!(!out.exists());
    }
}

// 3. A Markdown appendix that a public and a withheld item both name.

#[test]
fn a_markdown_appendix_shared_with_a_withheld_item_is_withheld() {
    let (_dir, root) = copy_fixture("confidential");
    // Item 4 names the exempt item's appendix and one of its own, and
    // links to the shared one.
    replace(
        &root,
        &format!("{MEETING}/04-public-report.md"),
        "related:\n",
        "appendices:\n  - {title: Shared valuation, file: 09-valuation.md}\n  - {title: Public annex, file: 04-annex.md}\nrelated:\n",
    );
    append(
        &root,
        &format!("{MEETING}/04-public-report.md"),
        "\nThe figures are in [the valuation](09-valuation.md).\n",
    );
    write(
        &root,
        &format!("{MEETING}/04-annex.md"),
        "---\ntitle: Public annex title\n---\n\nPUBLIC-ANNEX-BODY: the programme's milestones.\n",
    );
    // Item 10, after the exempt item, names it too, and an appendix a
    // draft item names.
    write(
        &root,
        &format!("{MEETING}/10-later.md"),
        "---\nitem: \"10\"\ntitle: Later public item\nappendices:\n  - {title: Shared valuation again, file: 09-valuation.md}\n  - {title: Shared draft annex, file: 05-shared.md}\n---\n\nLATER-ITEM-BODY\n",
    );
    replace(
        &root,
        &format!("{MEETING}/05-draft-paper.md"),
        "draft: true\n",
        "draft: true\nappendices:\n  - {title: LEAK-SHARED-DRAFT-APPENDIX, file: 05-shared.md}\n",
    );
    write(
        &root,
        &format!("{MEETING}/05-shared.md"),
        "---\ntitle: LEAK-SHARED-DRAFT-TITLE\n---\n\nLEAK-SHARED-DRAFT-BODY: the draft's workings.\n",
    );

    let built = build_site(&root, &["--now", NOW]);
    // The public item, its own appendix and the later item are published.
    let report = built.page(&format!("{MEETING}/04-public-report/index.html"));
    assert_contains_all(
        &report,
        &[
            "Public annex",
            &format!("/{MEETING}/04-public-report/04-annex/"),
            "<span class=\"withheld-link\">the valuation</span>",
        ],
        "the public item",
    );
    assert!(
        built
            .page(&format!("{MEETING}/04-public-report/04-annex/index.html"))
            .contains("PUBLIC-ANNEX-BODY")
    );
    assert!(
        built
            .page(&format!("{MEETING}/10-later/index.html"))
            .contains("LATER-ITEM-BODY")
    );
    let pack = built.page(&format!("{MEETING}/pack/index.html"));
    assert_contains_all(&pack, &["PUBLIC-ANNEX-BODY", "LATER-ITEM-BODY"], "the pack");
    let search = String::from_utf8_lossy(&built.files["search/index.json"]).into_owned();
    assert!(search.contains("PUBLIC-ANNEX-BODY"), "{search}");
    let items = items_json(&built.files);
    assert_eq!(items["4"]["appendices"], 1, "{:?}", items["4"]);
    assert_eq!(items["10"]["appendices"], 0, "{:?}", items["10"]);

    // The shared ones are nowhere: no page, not in the pack or the index.
    for page in [
        "04-public-report/09-valuation",
        "10-later/09-valuation",
        "10-later/05-shared",
    ] {
        assert!(
            !built.out.join(MEETING).join(page).exists(),
            "{page} was published"
        );
    }
    for text in [&pack, &search] {
        assert!(!text.contains("district valuer"), "{text}");
        assert!(!text.contains("the draft's workings"), "{text}");
    }
    assert_no_leaks(&built.files);
    assert_nowhere(
        &built.files,
        &[
            "09-valuation",
            "05-shared",
            "Shared valuation",
            "Shared draft annex",
            "district valuer",
            "the draft's workings",
        ],
    );

    // With drafts the draft item is public, and so is what it shares.
    let drafts = build_site(&root, &["--now", NOW, "--drafts"]);
    assert!(
        !files_containing(&drafts.files, "LEAK-SHARED-DRAFT-BODY").is_empty(),
        "the draft's appendix is not published with --drafts"
    );
    assert!(files_containing(&drafts.files, "district valuer").is_empty());
}

// 4. An exempt item's `supplement` flag.

#[test]
fn an_exempt_item_is_never_marked_as_a_supplement() {
    let (_dir, root) = copy_fixture("confidential");
    replace(
        &root,
        &format!("{MEETING}/09-depot-disposal.md"),
        "access: exempt\n",
        "access: exempt\nsupplement: true\n",
    );
    replace(
        &root,
        &format!("{MEETING}/04-public-report.md"),
        "report_of: Director\n",
        "report_of: Director\nsupplement: true\n",
    );

    let built = build_site(&root, &["--now", NOW]);
    for path in [
        format!("{MEETING}/index.html"),
        format!("{MEETING}/pack/index.html"),
    ] {
        let lines = agenda_lines(&built.page(&path));
        let public = lines
            .get("4")
            .unwrap_or_else(|| panic!("no item 4 in {path}"));
        let exempt = lines
            .get("9")
            .unwrap_or_else(|| panic!("no item 9 in {path}"));
        assert!(
            public.contains("<span class=\"tag\">Supplement</span>"),
            "{path}: the public supplement is not tagged: {public}"
        );
        assert!(
            exempt.contains("Disposal of the former highways depot"),
            "{path}: {exempt}"
        );
        assert!(
            !exempt.contains("Supplement"),
            "{path}: the exempt item is tagged: {exempt}"
        );
    }
    assert!(
        built
            .page(&format!("{MEETING}/04-public-report/index.html"))
            .contains("Agenda item 4 · Supplement")
    );
    let json = items_json(&built.files);
    assert_eq!(json["4"]["supplement"], true, "{:?}", json["4"]);
    assert_eq!(json["9"]["supplement"], false, "{:?}", json["9"]);
    assert_eq!(json["9"]["access"], "exempt");
    let csv = items_csv(&built.files);
    assert_eq!(csv["4"]["supplement"], "true", "{:?}", csv["4"]);
    assert_eq!(csv["9"]["supplement"], "false", "{:?}", csv["9"]);
    assert_no_leaks(&built.files);
    assert!(!built.out.join(MEETING).join("09-depot-disposal").exists());
}

// 5. Images of withheld files and pages.

#[test]
fn an_image_of_a_withheld_file_or_page_is_its_description() {
    let (_dir, root) = copy_fixture("confidential");
    append(
        &root,
        &format!("{MEETING}/04-public-report.md"),
        "\n![the valuation scan](secret-appendix.pdf) ![the depot](09-depot-disposal.md \"Depot\") ![the draft chart](05-draft-paper.md) ![the embargoed chart](@/meetings/2008-09-12-members-board/06-embargoed-paper.md) ![the draft news](../../news/2008-10-draft-news.md) ![the scan again][scan] [![the linked scan](secret-appendix.pdf#page=2)](../../about.md) ![the public chart](public-chart.png)\n\n[scan]: ./secret-appendix.pdf\n",
    );
    write(
        &root,
        &format!("{MEETING}/public-chart.png"),
        "PUBLIC-CHART-BYTES",
    );

    let built = build_site(&root, &["--now", NOW]);
    assert!(built.has(&format!("{MEETING}/public-chart.png")));
    // The printed pack links to absolute addresses; other pages to the site's.
    for (path, site) in [
        (format!("{MEETING}/04-public-report/index.html"), ""),
        (
            format!("{MEETING}/pack/index.html"),
            "https://papers.confidential.example",
        ),
    ] {
        let html = built.page(&path);
        let linked_scan = format!(
            "<a href=\"{site}/about/\"><span class=\"withheld-link\">the linked scan</span></a>"
        );
        assert_contains_all(
            &html,
            &[
                "<span class=\"withheld-link\">the valuation scan</span>",
                "<span class=\"withheld-link\">the depot</span>",
                "<span class=\"withheld-link\">the draft chart</span>",
                "<span class=\"withheld-link\">the embargoed chart</span>",
                "<span class=\"withheld-link\">the draft news</span>",
                "<span class=\"withheld-link\">the scan again</span>",
                &linked_scan,
                &format!("<img src=\"/{MEETING}/public-chart.png\" alt=\"the public chart\""),
            ],
            &path,
        );
        let sources = between(&html, "src=\"", "\"");
        assert!(
            sources.contains(&format!("/{MEETING}/public-chart.png").as_str()),
            "{sources:?}"
        );
        for src in sources {
            for slug in [
                "secret-appendix",
                "depot",
                "05-draft-paper",
                "06-embargoed-paper",
                "draft-news",
            ] {
                assert!(!src.contains(slug), "{path}: an image keeps `{src}`");
            }
        }
    }
    assert_no_leaks(&built.files);
    assert_nowhere(
        &built.files,
        &[
            "secret-appendix",
            "09-depot-disposal",
            "05-draft-paper",
            "06-embargoed-paper",
            "2008-10-draft-news",
            "%PDF",
        ],
    );
}

// 6. Files an exempt item embeds or links in its text.

#[test]
fn a_file_an_exempt_item_embeds_or_links_is_not_published() {
    let (_dir, root) = copy_fixture("confidential");
    let exempt = format!("{MEETING}/09-depot-disposal.md");
    append(
        &root,
        &exempt,
        "\n![the site plan](LEAK-EXEMPT-EMBED.png)\n\nSee [the bids](exempt-bids.pdf) and [the heads of terms][terms].\n\n[terms]: @/meetings/2008-09-12-members-board/exempt-terms.pdf\n",
    );
    replace(
        &root,
        &exempt,
        "purpose: To agree LEAK-EXEMPT-PURPOSE.\n",
        "purpose: To agree LEAK-EXEMPT-PURPOSE, see [the survey](exempt-survey.pdf).\n",
    );
    // The exempt item's Markdown appendix links to a file as well.
    append(
        &root,
        &format!("{MEETING}/09-valuation.md"),
        "\n[The valuer's letter](exempt-letter.pdf)\n",
    );
    let files = [
        "LEAK-EXEMPT-EMBED.png",
        "exempt-bids.pdf",
        "exempt-terms.pdf",
        "exempt-survey.pdf",
        "exempt-letter.pdf",
    ];
    let mut links = String::from("\n");
    for (i, file) in files.iter().enumerate() {
        write(
            &root,
            &format!("{MEETING}/{file}"),
            &format!("LEAK-EXEMPT-FILE-{i}-BYTES"),
        );
        links.push_str(&format!("[exempt {i}]({MEETING}/{file}) "));
    }
    write(
        &root,
        &format!("{MEETING}/public-map.pdf"),
        "PUBLIC-MAP-BYTES",
    );
    links.push_str(&format!(
        "[the public map]({MEETING}/public-map.pdf) ![the site]({MEETING}/LEAK-EXEMPT-EMBED.png)\n"
    ));
    append(&root, "about.md", &links);

    let built = build_site(&root, &["--now", NOW]);
    assert_eq!(
        built
            .files
            .get(&format!("{MEETING}/public-map.pdf"))
            .map(Vec::as_slice),
        Some(&b"PUBLIC-MAP-BYTES"[..])
    );
    let about = built.page("about/index.html");
    assert!(
        about.contains(&format!(
            "<a href=\"/{MEETING}/public-map.pdf\">the public map</a>"
        )),
        "{about}"
    );
    assert!(
        about.contains("<span class=\"withheld-link\">the site</span>"),
        "{about}"
    );
    for (i, file) in files.iter().enumerate() {
        assert!(
            about.contains(&format!("<span class=\"withheld-link\">exempt {i}</span>")),
            "the link to {file} is not text:\n{about}"
        );
        assert!(
            warns(
                &built.stderr,
                &format!("`content/{MEETING}/{file}` is not published: content that uses it is"),
                "content/about.md"
            ),
            "no warning names {file}:\n{}",
            built.stderr
        );
    }
    // The exempt item's agenda line is still there.
    assert!(
        built
            .page(&format!("{MEETING}/index.html"))
            .contains("Disposal of the former highways depot")
    );
    assert_no_leaks(&built.files);
    assert_nowhere(
        &built.files,
        &[
            "EMBED",
            "exempt-bids",
            "exempt-terms",
            "exempt-survey",
            "exempt-letter",
        ],
    );
}

#[test]
fn a_file_an_exempt_item_embeds_in_raw_html_is_not_published() {
    let (_dir, root) = copy_fixture("confidential");
    append(
        &root,
        &format!("{MEETING}/09-depot-disposal.md"),
        "\n<img src=\"exempt-raw.png\" alt=\"the site plan\">\n\n<p><a href=\"exempt-raw.pdf\">the bids</a></p>\n",
    );
    write(
        &root,
        &format!("{MEETING}/exempt-raw.png"),
        "LEAK-EXEMPT-RAW-PNG-BYTES",
    );
    write(
        &root,
        &format!("{MEETING}/exempt-raw.pdf"),
        "LEAK-EXEMPT-RAW-PDF-BYTES",
    );
    write(
        &root,
        &format!("{MEETING}/public-map.pdf"),
        "PUBLIC-MAP-BYTES",
    );
    append(
        &root,
        "about.md",
        &format!(
            "\n![the plan]({MEETING}/exempt-raw.png) [the bids]({MEETING}/exempt-raw.pdf) [the public map]({MEETING}/public-map.pdf)\n"
        ),
    );

    let built = build_site(&root, &["--now", NOW]);
    assert!(built.has(&format!("{MEETING}/public-map.pdf")));
    assert_contains_all(
        &built.page("about/index.html"),
        &[
            "<span class=\"withheld-link\">the plan</span>",
            "<span class=\"withheld-link\">the bids</span>",
        ],
        "the about page",
    );
    assert_no_leaks(&built.files);
    assert_nowhere(&built.files, &["exempt-raw"]);
}

// 7. Declarations of interest on items that are not published.

#[test]
fn declarations_on_unpublished_items_are_not_shown() {
    let (_dir, root) = copy_fixture("confidential");
    replace(
        &root,
        &format!("{MEETING}/_meeting.md"),
        "status: held\n",
        "status: held\ndeclarations:\n  - {member: Cllr Ada Quill, item: \"4\", interest: Interest in the public item}\n  - {member: Cllr Ada Quill, item: \"5\", interest: LEAK-DECLARATION-DRAFT-5}\n  - {member: Cllr Ada Quill, item: \"6\", interest: LEAK-DECLARATION-EMBARGO-6}\n  - {member: Cllr Ada Quill, item: \"06\", interest: LEAK-DECLARATION-EMBARGO-06}\n  - {member: Cllr Ada Quill, item: \" 6 \", interest: LEAK-DECLARATION-EMBARGO-SPACED}\n  - {member: Cllr Ada Quill, item: \"9\", interest: Interest in the exempt item}\n",
    );
    let meeting = format!("{MEETING}/index.html");

    let built = build_site(&root, &["--now", NOW]);
    let html = built.page(&meeting);
    assert_contains_all(
        &html,
        &[
            "Declarations of interest",
            "<td>4</td><td>Other interest</td><td>Interest in the public item</td>",
            "<td>9</td><td>Other interest</td><td>Interest in the exempt item</td>",
        ],
        "the meeting page",
    );
    assert_no_leaks(&built.files);

    // The draft's declaration is shown once drafts are, the embargoed
    // item's once its embargo ends.
    let drafts = build_site(&root, &["--now", NOW, "--drafts"]);
    let html = drafts.page(&meeting);
    assert!(html.contains("LEAK-DECLARATION-DRAFT-5"), "{html}");
    assert!(!html.contains("LEAK-DECLARATION-EMBARGO"), "{html}");
    let later = build_site(&root, &["--now", "2100-01-01"]);
    let html = later.page(&meeting);
    assert_contains_all(
        &html,
        &[
            "LEAK-DECLARATION-EMBARGO-6",
            "LEAK-DECLARATION-EMBARGO-06",
            "LEAK-DECLARATION-EMBARGO-SPACED",
        ],
        "the meeting page after the embargo",
    );
    assert!(!html.contains("LEAK-DECLARATION-DRAFT-5"), "{html}");
}

// 8. An embargo at a local time that happens twice.

#[test]
fn an_embargo_at_a_repeated_local_time_waits_for_the_second() {
    // British clocks go back at 02:00 BST on 26 October 2008: 01:30 is
    // 00:30 UTC, then 01:30 UTC.
    let (_dir, root) = copy_fixture("confidential");
    write(
        &root,
        &format!("{MEETING}/07-clocks-back.md"),
        "---\nitem: \"7\"\ntitle: LEAK-CLOCKS-BACK-TITLE\npublish_after: \"2008-10-26 01:30\"\n---\n\nLEAK-CLOCKS-BACK-BODY\n",
    );
    for (now, published) in [
        ("2008-10-26T00:45:00Z", false),
        // Read as the earlier 01:30, 00:30 UTC.
        ("2008-10-26 01:30", false),
        ("2008-10-26T01:29:00Z", false),
        ("2008-10-26T01:30:00Z", true),
    ] {
        let built = build_site(&root, &["--now", now]);
        assert!(
            built
                .page(&format!("{MEETING}/04-public-report/index.html"))
                .contains("Regional work programme"),
            "--now {now}"
        );
        let found = leaks(&built.files);
        if published {
            assert!(
                built.has(&format!("{MEETING}/07-clocks-back/index.html")),
                "--now {now}: the item is not published"
            );
            assert!(
                found.iter().any(|l| l.ends_with(": LEAK-CLOCKS-BACK-BODY")),
                "--now {now}: {found:?}"
            );
            let others: Vec<&String> = found
                .iter()
                .filter(|l| !l.contains(": LEAK-CLOCKS-BACK-"))
                .collect();
            assert!(others.is_empty(), "--now {now}: {others:?}");
        } else {
            assert!(found.is_empty(), "--now {now}: published {found:?}");
            assert_nowhere(&built.files, &["07-clocks-back"]);
        }
    }
}

// 9. The preview's error page.

#[test]
fn the_preview_error_page_quotes_nothing_from_a_withheld_paper() {
    let (dir, root) = copy_fixture("confidential");
    // The preview builds under the temporary folder; keep it in ours.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let (_preview, port) = start(&root, Some(&tmp));
    let meeting = format!("/{MEETING}/");

    let (_, page) = wait_for("the meeting page", || {
        get(port, &meeting).filter(|(s, _)| *s == 200)
    });
    assert!(page.contains("Regional work programme"), "{page}");
    assert!(!page.contains("LEAK-"), "{page}");

    // A draft item breaks, with a marker on the broken line.
    replace(
        &root,
        &format!("{MEETING}/05-draft-paper.md"),
        "draft: true\n",
        "draft: true\nsummary_typo: LEAK-SERVE-DRAFT-ERROR\n",
    );
    let (_, page) = wait_for("the error page", || {
        get(port, &meeting).filter(|(_, page)| page.contains("The site did not build"))
    });
    assert!(page.contains("found 1 error."), "{page}");
    for withheld in ["LEAK-", "summary_typo", "05-draft-paper", "unknown field"] {
        assert!(!page.contains(withheld), "`{withheld}` is shown:\n{page}");
    }

    // And an exempt item, whose message would quote its figures.
    replace(
        &root,
        &format!("{MEETING}/09-depot-disposal.md"),
        "  title: LEAK-EXEMPT-BUDGET-TITLE\n",
        "  title: LEAK-EXEMPT-BUDGET-TITLE\n  total: 1\n",
    );
    let (_, page) = wait_for("the error page with two errors", || {
        get(port, &meeting).filter(|(_, page)| page.contains("found 2 errors"))
    });
    for withheld in [
        "LEAK-",
        "250,000",
        "249,999",
        "09-depot-disposal",
        "05-draft-paper",
        "total",
    ] {
        assert!(!page.contains(withheld), "`{withheld}` is shown:\n{page}");
    }
    for path in [
        "/",
        "/about/",
        &format!("/{MEETING}/04-public-report/"),
        "/search/index.json",
        "/data/items.csv",
        "/no/such/page/",
    ] {
        let (_, body) = get(port, path).unwrap();
        assert!(!body.contains("LEAK-"), "{path}:\n{body}");
    }
    // Nor did any build write the markers into the preview's folder.
    let files = snapshot(&tmp);
    assert!(
        files
            .keys()
            .any(|f| f.ends_with("04-public-report/index.html")),
        "the preview wrote nowhere under {}: {:?}",
        tmp.display(),
        files.keys().collect::<Vec<_>>()
    );
    assert_no_leaks(&files);
}

// 10. An exempt ("Part II") appendix of a public report. Listing it under
// `appendices` once published its text on the report, in the pack and in
// the search index.

const PART_TWO_REASON: &str =
    "Paragraph 3 of Schedule 12A: the financial or business affairs of any particular person";

/// The fixture's public report with a public, an exempt PDF, an exempt
/// Markdown and an elsewhere appendix, and links to the exempt two.
fn site_with_part_two_appendices() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_fixture("confidential");
    let report = format!("{MEETING}/04-public-report.md");
    replace(
        &root,
        &report,
        "related:\n",
        &format!(
            "appendices:
  - {{title: Appendix A - Programme milestones, file: 04-milestones.pdf}}
  - title: Appendix B - Tender prices
    file: 04-tender-prices.pdf
    access: exempt
    exempt_reason: \"{PART_TWO_REASON}\"
  - {{title: Appendix C - Site valuation, file: 04-site-valuation.md, access: exempt, exempt_reason: Paragraph 3 of Schedule 12A}}
  - {{title: Appendix D - Council budget book, url: \"https://council.example/budget-book.pdf\"}}
related:\n"
        ),
    );
    append(
        &root,
        &report,
        "\nThe prices are in [Appendix B](04-tender-prices.pdf) and the valuation in [Appendix C](04-site-valuation.md).\n",
    );
    write(
        &root,
        &format!("{MEETING}/04-milestones.pdf"),
        "%PDF-1.4 PUBLIC-MILESTONES",
    );
    write(
        &root,
        &format!("{MEETING}/04-tender-prices.pdf"),
        "%PDF-1.4 LEAK-PART2-PDF",
    );
    write(
        &root,
        &format!("{MEETING}/04-site-valuation.md"),
        "---\ntitle: LEAK-PART2-MD-TITLE\n---\n\nLEAK-PART2-MD-BODY ![the site](04-LEAK-PART2-EMBED.png) and [the bids](04-LEAK-PART2-BIDS.pdf).\n",
    );
    write(
        &root,
        &format!("{MEETING}/04-LEAK-PART2-EMBED.png"),
        "LEAK-PART2-PNG",
    );
    write(
        &root,
        &format!("{MEETING}/04-LEAK-PART2-BIDS.pdf"),
        "%PDF-1.4 LEAK-PART2-BIDS",
    );
    (dir, root)
}

#[test]
fn an_exempt_appendix_is_listed_by_title_and_reason_and_nothing_else() {
    let (_dir, root) = site_with_part_two_appendices();
    let built = build_site(&root, &["--now", NOW]);
    assert_no_leaks(&built.files);
    assert_nowhere(
        &built.files,
        &["04-tender-prices", "04-site-valuation", "LEAK-PART2"],
    );

    // Title and reason on the report, in the pack and on /withheld/.
    let report = decode(&built.page(&format!("{MEETING}/04-public-report/index.html")));
    let pack = decode(&built.page(&format!("{MEETING}/pack/index.html")));
    let withheld = decode(&built.page("withheld/index.html"));
    for (what, page) in [
        ("report", &report),
        ("pack", &pack),
        ("register", &withheld),
    ] {
        assert_contains_all(
            page,
            &[
                "Appendix B - Tender prices",
                PART_TWO_REASON,
                "Appendix C - Site valuation",
            ],
            what,
        );
    }
    assert_contains_all(
        &withheld,
        &[
            "Regional work programme",
            "Exempt appendices of public reports",
        ],
        "the register",
    );
    // The public appendix and the one published elsewhere are links.
    assert!(built.has(&format!("{MEETING}/04-milestones.pdf")));
    assert_contains_all(
        &report,
        &[
            &format!("href=\"/{MEETING}/04-milestones.pdf\""),
            "href=\"https://council.example/budget-book.pdf\"",
            "<span class=\"withheld-link\">Appendix B</span>",
            "<span class=\"withheld-link\">Appendix C</span>",
        ],
        "the report",
    );
    // The public links to them are text, and `check` says so.
    for target in ["04-tender-prices.pdf", "04-site-valuation.md"] {
        assert!(
            warns(
                &built.stderr,
                &format!("`content/{MEETING}/{target}` is not published"),
                &format!("content/{MEETING}/04-public-report.md")
            ),
            "no warning about the link to {target}:\n{}",
            built.stderr
        );
    }
    let items = items_json(&built.files);
    assert_eq!(items["4"]["appendices"], 2, "{:?}", items["4"]);
    assert_eq!(items["4"]["exempt_appendices"], 2, "{:?}", items["4"]);
}

#[test]
fn appendix_fields_that_do_not_go_together_are_errors() {
    let (dir, root) = copy_fixture("confidential");
    replace(
        &root,
        &format!("{MEETING}/04-public-report.md"),
        "related:\n",
        "appendices:
  - {title: No reason, file: confidential.pdf, access: exempt}
  - {title: Both, file: confidential.pdf, url: \"https://council.example/a.pdf\"}
  - {title: Neither}
  - {title: Script, url: \"javascript:alert(1)\"}
  - {title: Reason only, file: confidential.pdf, exempt_reason: Paragraph 3}
related:\n",
    );
    let out = dir.path().join("out");
    let result = build(&root, &out, &["--now", NOW]);
    assert_exit(&result, 1);
    assert_contains_all(
        &stderr(&result),
        &[
            "an exempt appendix needs an `exempt_reason`",
            "an appendix takes a `file` or a `url`, not both",
            "this appendix has no `file` and no `url`",
            "`javascript:alert(1)` is not a web address",
            "`exempt_reason` is set but the appendix is public",
        ],
        "stderr",
    );
    assert!(!out.exists());
}
