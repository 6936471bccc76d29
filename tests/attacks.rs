//! Confidentiality under attack (issue 12): a matrix of every way a public
//! page can point at something withheld, from every kind of public source,
//! at every kind of withheld target.
//!
//! The site is written by the test. Every withheld target carries a
//! `LEAK-…` marker in its file name and in every field the spec does not
//! publish (an exempt item's and an exempt appendix's title and reason are
//! published, so they carry none). Every output file — its path and every
//! byte — is searched for `leak-` without regard to case, as addresses are
//! lower-cased. The build writes no compressed file; a test fails if it
//! ever does, so that such files get unpacked and searched too.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

type Files = BTreeMap<String, Vec<u8>>;

/// The held meeting: the public report and the withheld items sit here.
const MEETING: &str = "meetings/2025-06-02-board";
/// A meeting under embargo, with its one item.
const LATER: &str = "meetings/2026-03-02-LEAK-EMBARGO-MEETING";

/// The public sources that attack, one of each kind the spec has.
const SOURCES: [&str; 4] = [
    "meetings/2025-06-02-board/01-public-report.md",
    "documents/public-strategy.md",
    "news/2025-07-public-news.md",
    "public-page.md",
];

/// A withheld target: its content path and the words `check` uses for why
/// it is withheld.
struct Target {
    path: String,
    why: &'static str,
}

fn target(path: String, why: &'static str) -> Target {
    Target { path, why }
}

/// Every withheld Markdown source and file of the site.
fn targets() -> Vec<Target> {
    const EXEMPT: &str = "exempt";
    const DRAFT: &str = "a draft";
    const EMBARGO: &str = "under embargo";
    vec![
        target(format!("{MEETING}/09-LEAK-EXEMPT-ITEM.md"), EXEMPT),
        target(format!("{MEETING}/09-LEAK-EXEMPT-ITEM-APPX.md"), EXEMPT),
        target(format!("{MEETING}/09-LEAK-EXEMPT-ITEM-ANNEX.pdf"), EXEMPT),
        target(format!("{MEETING}/09-LEAK-EXEMPT-ITEM-IMG.png"), EXEMPT),
        target(format!("{MEETING}/01-LEAK-PART2-APPX.md"), EXEMPT),
        target(format!("{MEETING}/01-LEAK-PART2-ANNEX.pdf"), EXEMPT),
        target(format!("{MEETING}/05-LEAK-DRAFT-ITEM.md"), DRAFT),
        target(format!("{MEETING}/05-LEAK-DRAFT-ITEM-ANNEX.pdf"), DRAFT),
        target(format!("{MEETING}/06-LEAK-EMBARGO-ITEM.md"), EMBARGO),
        target(format!("{MEETING}/06-LEAK-EMBARGO-ITEM-ANNEX.pdf"), EMBARGO),
        target(format!("{LATER}/_meeting.md"), EMBARGO),
        target(format!("{LATER}/01-LEAK-EMBARGO-MEETING-ITEM.md"), EMBARGO),
        target("documents/LEAK-DRAFT-DOC.md".into(), DRAFT),
        target("documents/LEAK-DRAFT-DOC-ANNEX.pdf".into(), DRAFT),
        target("documents/LEAK-EMBARGO-DOC.md".into(), EMBARGO),
        target("news/LEAK-DRAFT-NEWS.md".into(), DRAFT),
        target("news/LEAK-EMBARGO-NEWS.md".into(), EMBARGO),
        target("LEAK-DRAFT-PAGE.md".into(), DRAFT),
        target("LEAK-EMBARGO-PAGE.md".into(), EMBARGO),
    ]
}

/// The ways a Markdown body can point at `path` (written relative to the
/// source as `rel`): first [`MARKDOWN_VECTORS`] Markdown ones, then raw HTML.
fn vectors(path: &str, rel: &str) -> Vec<String> {
    let encoded = match rel.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/%{:02X}{}", name.as_bytes()[0], &name[1..]),
        None => format!("%{:02X}{}", rel.as_bytes()[0], &rel[1..]),
    };
    vec![
        format!("[site path](@/{path})"),
        format!("[relative]({rel})"),
        format!("![embedded]({rel})"),
        format!("[disguised](./{encoded}?download=1#part)"),
        format!("<a href=\"{rel}\">raw link</a>"),
        format!("<a href=\"@/{path}\">raw site path</a>"),
        format!("<img src=\"{rel}\" alt=\"raw image\">"),
        format!("<iframe src=\"{rel}\" title=\"frame\"></iframe>"),
        format!("<object data=\"{rel}\">object</object>"),
        format!("<embed src=\"{rel}\">"),
    ]
}

/// How many of [`vectors`] are Markdown links or images.
const MARKDOWN_VECTORS: usize = 4;

/// `to` written relative to the folder of `from` (both content paths).
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// The attacking body of `source`: for each target, a paragraph of the
/// Markdown vectors, one of the raw HTML ones inline, and each raw HTML one
/// as a block.
fn attack_body(source: &str) -> String {
    let mut body = String::from("Public text of the source.\n\n");
    for target in targets() {
        let rel = relative(source, &target.path);
        let all = vectors(&target.path, &rel);
        body.push_str(&all[..MARKDOWN_VECTORS].join(" "));
        body.push_str("\n\n");
        // Raw HTML both inline and as blocks of their own.
        body.push_str(&format!(
            "Inline: {}\n\n",
            all[MARKDOWN_VECTORS..].join(" ")
        ));
        for html in &all[MARKDOWN_VECTORS..] {
            body.push_str(&format!("<div>\n{html}\n</div>\n\n"));
        }
    }
    body
}

/// `related:` to every withheld Markdown source, as papers may write it.
fn related_to_targets(source: &str) -> String {
    let mut yaml = String::from("related:\n");
    for target in targets().iter().filter(|t| t.path.ends_with(".md")) {
        yaml.push_str(&format!("  - {}\n", relative(source, &target.path)));
        yaml.push_str(&format!("  - \"@/{}\"\n", target.path));
    }
    yaml
}

/// The front matter every withheld paper shares, each value marked with
/// `tag` (`EXEMPT-ITEM`, `DRAFT-DOC`, …): data blocks, shared and own refs,
/// a shared and an own tag.
fn marked_blocks(tag: &str) -> String {
    let low = tag.to_ascii_lowercase();
    format!(
        "purpose: LEAK-{tag}-PURPOSE
author: LEAK-{tag}-AUTHOR
recommendations:
  - id: a
    text: LEAK-{tag}-RECOMMENDATION
    outcome: agreed
    resolution: LEAK-{tag}-RESOLUTION
    proposer: LEAK-{tag}-PROPOSER
    actions:
      - {{text: LEAK-{tag}-ACTION, owner: LEAK-{tag}-ACTION-OWNER, due: 2025-12-31, status: open}}
budget:
  title: LEAK-{tag}-BUDGET-TITLE
  lines:
    - {{label: LEAK-{tag}-BUDGET-LABEL, amount: 250000}}
risks:
  title: LEAK-{tag}-RISK-REGISTER
  risks:
    - {{id: \"1\", ref: shared-risk, title: LEAK-{tag}-SHARED-RISK-TITLE, owner: LEAK-{tag}-RISK-OWNER, inherent: 25, residual: 9}}
    - {{id: \"2\", ref: leak-{low}-only-risk, title: LEAK-{tag}-ONLY-RISK-TITLE, inherent: 16, residual: 1}}
targets:
  title: LEAK-{tag}-TARGET-TABLE
  targets:
    - {{id: X1, ref: shared-target, theme: LEAK-{tag}-THEME, measure: LEAK-{tag}-SHARED-TARGET-MEASURE, target: \"100\", actual: 87, period: 2025/26 Q1, status: on-track}}
    - {{id: X2, ref: leak-{low}-only-target, measure: LEAK-{tag}-ONLY-TARGET-MEASURE, status: no-data}}
revisions:
  - {{date: 2025-06-01, note: LEAK-{tag}-REVISION}}
tags: [shared-tag, LEAK-{tag}-TAG]
"
    )
}

/// The body every withheld source shares: a heading and text.
fn marked_body(tag: &str) -> String {
    format!("## LEAK-{tag}-HEADING\n\nLEAK-{tag}-BODY\n")
}

/// Writes `content/<path>`, making its folder.
fn write(root: &Path, path: &str, text: &str) {
    let file = root.join("content").join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

fn front(yaml: &str, body: &str) -> String {
    format!("---\n{yaml}---\n\n{body}")
}

fn write_site_yaml(root: &Path, unsafe_html: bool) {
    std::fs::write(
        root.join("site.yaml"),
        format!(
            "title: Attack Matrix Partnership
base_url: https://papers.attacks.example/
markdown: {{unsafe_html: {unsafe_html}}}
boards:
  - id: board
    name: Attack Board
"
        ),
    )
    .unwrap();
}

/// The held meeting, its public report with exempt appendices, and the
/// exempt, draft and embargoed items beside it.
fn write_meeting(root: &Path) {
    write(
        root,
        &format!("{MEETING}/_meeting.md"),
        &front(
            "board: board\ndate: 2025-06-02\ntime: \"10:00\"\nstatus: held\nminutes: approved\n",
            "The Board met in public, then in private for item 9.\n",
        ),
    );
    let report = SOURCES[0];
    write(
        root,
        report,
        &front(
            &format!(
                "item: \"1\"
title: Public work programme
report_of: Director
purpose: To agree the public programme.
recommendations:
  - {{id: a, text: The public programme be agreed., outcome: agreed}}
risks:
  risks:
    - {{id: \"1\", ref: shared-risk, title: Public shared risk, inherent: 9, residual: 1}}
targets:
  targets:
    - {{id: P1, ref: shared-target, measure: Public shared measure, target: \"100\", actual: 90, period: 2024/25 Q4, status: on-track}}
appendices:
  - {{title: Appendix A - Public annex, file: 01-public-annex.pdf}}
  - {{title: Appendix B - Tender prices, file: 01-LEAK-PART2-ANNEX.pdf, access: exempt, exempt_reason: Paragraph 3 tender prices}}
  - {{title: Appendix C - Site valuation, file: 01-LEAK-PART2-APPX.md, access: exempt, exempt_reason: Paragraph 3 valuation}}
  - {{title: Appendix D - Borrowed exempt annex, file: 09-LEAK-EXEMPT-ITEM-ANNEX.pdf}}
  - {{title: Appendix E - Borrowed draft annex, file: 05-LEAK-DRAFT-ITEM-ANNEX.pdf}}
  - {{title: Appendix F - Borrowed embargoed annex, file: 06-LEAK-EMBARGO-ITEM-ANNEX.pdf}}
  - {{title: Appendix G - Borrowed exempt appendix, file: 09-LEAK-EXEMPT-ITEM-APPX.md}}
tags: [shared-tag]
{}",
                related_to_targets(report)
            ),
            &attack_body(report),
        ),
    );
    write(
        root,
        &format!("{MEETING}/01-public-annex.pdf"),
        "PUBLIC-ANNEX-BYTES",
    );
    write(
        root,
        &format!("{MEETING}/01-LEAK-PART2-ANNEX.pdf"),
        "LEAK-PART2-ANNEX-BYTES",
    );
    write(
        root,
        &format!("{MEETING}/01-LEAK-PART2-APPX.md"),
        &front("title: LEAK-PART2-APPX-TITLE\n", "LEAK-PART2-APPX-BODY\n"),
    );
    write_exempt_item(root);
    write_withheld_item(root, "05-LEAK-DRAFT-ITEM", "DRAFT-ITEM", "draft: true\n");
    write_withheld_item(
        root,
        "06-LEAK-EMBARGO-ITEM",
        "EMBARGO-ITEM",
        "publish_after: \"2099-01-01 09:00\"\n",
    );
}

/// Item 9: exempt. Its title and reason are published; nothing else.
fn write_exempt_item(root: &Path) {
    let tag = "EXEMPT-ITEM";
    write(
        root,
        &format!("{MEETING}/09-LEAK-EXEMPT-ITEM.md"),
        &front(
            &format!(
                "item: \"9\"
title: Disposal of the former depot
access: exempt
exempt_reason: Paragraph 3 business affairs
report_of: LEAK-{tag}-REPORT-OF
minute: LEAK-{tag}-MINUTE
key_decision: true
call_in_until: 2025-06-20
{}appendices:
  - {{title: LEAK-{tag}-ANNEX-TITLE, file: 09-LEAK-EXEMPT-ITEM-ANNEX.pdf}}
  - {{title: LEAK-{tag}-APPX-TITLE, file: 09-LEAK-EXEMPT-ITEM-APPX.md}}
  - {{title: LEAK-{tag}-URL-TITLE, url: \"https://leak-{}-url.example/x.pdf\"}}
related: [01-public-report.md]
",
                marked_blocks(tag),
                tag.to_ascii_lowercase()
            ),
            &format!(
                "{}\n![LEAK-{tag}-ALT](09-LEAK-EXEMPT-ITEM-IMG.png)\n",
                marked_body(tag)
            ),
        ),
    );
    write(
        root,
        &format!("{MEETING}/09-LEAK-EXEMPT-ITEM-ANNEX.pdf"),
        "LEAK-EXEMPT-ITEM-ANNEX-BYTES",
    );
    write(
        root,
        &format!("{MEETING}/09-LEAK-EXEMPT-ITEM-IMG.png"),
        "LEAK-EXEMPT-ITEM-IMG-BYTES",
    );
    write(
        root,
        &format!("{MEETING}/09-LEAK-EXEMPT-ITEM-APPX.md"),
        &front(
            "title: LEAK-EXEMPT-ITEM-APPX-FRONT-TITLE\n",
            "LEAK-EXEMPT-ITEM-APPX-BODY\n",
        ),
    );
}

/// A draft or embargoed item (`name` without `.md`) with an attached file.
fn write_withheld_item(root: &Path, name: &str, tag: &str, withheld: &str) {
    let number = &name[1..2];
    write(
        root,
        &format!("{MEETING}/{name}.md"),
        &front(
            &format!(
                "item: \"{number}\"
title: LEAK-{tag}-TITLE
{withheld}report_of: LEAK-{tag}-REPORT-OF
{}appendices:
  - {{title: LEAK-{tag}-ANNEX-TITLE, file: {name}-ANNEX.pdf}}
",
                marked_blocks(tag)
            ),
            &marked_body(tag),
        ),
    );
    write(
        root,
        &format!("{MEETING}/{name}-ANNEX.pdf"),
        &format!("LEAK-{tag}-ANNEX-BYTES"),
    );
}

/// A meeting under embargo, with an item.
fn write_later_meeting(root: &Path) {
    write(
        root,
        &format!("{LATER}/_meeting.md"),
        &front(
            "board: board
date: 2026-03-02
title: LEAK-EMBARGO-MEETING-TITLE
venue: LEAK-EMBARGO-MEETING-VENUE
publish_after: \"2099-01-01 09:00\"
",
            "LEAK-EMBARGO-MEETING-BODY\n",
        ),
    );
    let tag = "EMBARGO-MEETING-ITEM";
    write(
        root,
        &format!("{LATER}/01-LEAK-EMBARGO-MEETING-ITEM.md"),
        &front(
            &format!(
                "item: \"1\"\ntitle: LEAK-{tag}-TITLE\n{}",
                marked_blocks(tag)
            ),
            &marked_body(tag),
        ),
    );
}

/// The public strategy, and a draft and an embargoed document.
fn write_documents(root: &Path) {
    let public = SOURCES[1];
    write(
        root,
        public,
        &front(
            &format!(
                "title: Public strategy
date: 2025-05-01
summary: The public strategy.
appendices:
  - {{title: Borrowed draft annex, file: LEAK-DRAFT-DOC-ANNEX.pdf}}
tags: [shared-tag]
{}",
                related_to_targets(public)
            ),
            &attack_body(public),
        ),
    );
    for (name, withheld) in [
        ("DRAFT-DOC", "draft: true\nstatus: draft\n"),
        ("EMBARGO-DOC", "publish_after: \"2099-01-01 09:00\"\n"),
    ] {
        let annex = if name == "DRAFT-DOC" {
            "appendices:\n  - {title: LEAK-DRAFT-DOC-ANNEX-TITLE, file: LEAK-DRAFT-DOC-ANNEX.pdf}\n"
        } else {
            ""
        };
        write(
            root,
            &format!("documents/LEAK-{name}.md"),
            &front(
                &format!(
                    "title: LEAK-{name}-TITLE
date: 2025-05-02
summary: LEAK-{name}-SUMMARY
{withheld}{annex}{}",
                    marked_blocks(name)
                ),
                &marked_body(name),
            ),
        );
    }
    write(
        root,
        "documents/LEAK-DRAFT-DOC-ANNEX.pdf",
        "LEAK-DRAFT-DOC-ANNEX-BYTES",
    );
}

/// The public article and page, and a draft and an embargoed one of each.
fn write_news_and_pages(root: &Path) {
    write(
        root,
        SOURCES[2],
        &front(
            "title: Public news\ndate: 2025-07-01\nsummary: Public news.\ntags: [shared-tag]\n",
            &attack_body(SOURCES[2]),
        ),
    );
    write(
        root,
        SOURCES[3],
        &front(
            "title: Public page\ndescription: A public page.\n",
            &attack_body(SOURCES[3]),
        ),
    );
    for (name, withheld) in [
        ("DRAFT-NEWS", "draft: true\n"),
        ("EMBARGO-NEWS", "publish_after: \"2099-01-01 09:00\"\n"),
    ] {
        write(
            root,
            &format!("news/LEAK-{name}.md"),
            &front(
                &format!(
                    "title: LEAK-{name}-TITLE
date: 2025-08-01
summary: LEAK-{name}-SUMMARY
author: LEAK-{name}-AUTHOR
tags: [shared-tag, LEAK-{name}-TAG]
{withheld}"
                ),
                &marked_body(name),
            ),
        );
    }
    for (name, withheld) in [
        ("DRAFT-PAGE", "draft: true\n"),
        ("EMBARGO-PAGE", "publish_after: \"2099-01-01 09:00\"\n"),
    ] {
        write(
            root,
            &format!("LEAK-{name}.md"),
            &front(
                &format!(
                    "title: LEAK-{name}-TITLE\ndescription: LEAK-{name}-DESCRIPTION\n{withheld}"
                ),
                &marked_body(name),
            ),
        );
    }
}

/// The whole attack site in a fresh folder: `dir/site`.
fn attack_site(unsafe_html: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    write_site_yaml(&root, unsafe_html);
    write_meeting(&root);
    write_later_meeting(&root);
    write_documents(&root);
    write_news_and_pages(&root);
    (dir, root)
}

/// A finished build: its output files (compressed ones unpacked too) and
/// what it printed.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    files: Files,
    stderr: String,
}

#[track_caller]
fn build_attacks(root: &Path, extra: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = extra.to_vec();
    if !extra.contains(&"--now") {
        args.extend(["--now", NOW]);
    }
    let result = build(root, &out, &args);
    assert_exit(&result, 0);
    Built {
        files: snapshot(&out),
        stderr: stderr(&result),
        _dir: dir,
        out,
    }
}

/// Every `leak-` marker, without regard to case, in the paths and bytes of
/// `files`, as `path: marker`.
fn markers(files: &Files) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        for marker in markers_in(path.as_bytes()) {
            found.push(format!("{path} (its name): {marker}"));
        }
        for marker in markers_in(bytes) {
            found.push(format!("{path}: {marker}"));
        }
    }
    found
}

fn markers_in(bytes: &[u8]) -> Vec<String> {
    let lower = bytes.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find_bytes(&lower[from..], b"leak-") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
            .map_or(lower.len(), |n| start + n);
        found.push(String::from_utf8_lossy(&bytes[start..end]).into_owned());
        from = end;
    }
    found
}

#[track_caller]
fn assert_no_markers(files: &Files) {
    let found = markers(files);
    assert!(
        found.is_empty(),
        "withheld content was published:\n{}",
        found.join("\n")
    );
}

/// No output is compressed: if one ever is (`.gz`, `.br`, `.zip`, `.zst`
/// or the like), it must be unpacked here and searched too.
#[track_caller]
fn assert_nothing_compressed(files: &Files) {
    const EXTENSIONS: [&str; 7] = [".gz", ".br", ".zip", ".zst", ".bz2", ".xz", ".7z"];
    const MAGIC: [&[u8]; 5] = [
        b"\x1f\x8b",
        b"PK\x03\x04",
        b"\x28\xb5\x2f\xfd",
        b"BZh",
        b"\xfd7zXZ\x00",
    ];
    let packed: Vec<&String> = files
        .iter()
        .filter(|(path, bytes)| {
            EXTENSIONS.iter().any(|e| path.ends_with(e))
                || MAGIC.iter().any(|m| bytes.starts_with(m))
        })
        .map(|(path, _)| path)
        .collect();
    assert!(
        packed.is_empty(),
        "compressed outputs {packed:?}: unpack them and search them for markers"
    );
}

/// Every output a withheld paper could reach exists, so that a search
/// that finds no marker has searched them.
#[track_caller]
fn assert_public_outputs(built: &Built) {
    for path in [
        "index.html",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "news/atom.xml",
        "papers.xml",
        "meetings.ics",
        "boards/board/meetings.ics",
        "search/index.json",
        "data/datapackage.json",
        "data/items.json",
        "data/items.csv",
        "data/decisions.csv",
        "data/actions.json",
        "data/budget-lines.csv",
        "data/risks.json",
        "data/targets.csv",
        "decisions/index.html",
        "actions/index.html",
        "budgets/index.html",
        "changes/index.html",
        "withheld/index.html",
        "risks/shared-risk/index.html",
        "targets/shared-target/index.html",
        "news/2025/07/email.txt",
        &format!("{MEETING}/index.html"),
        &format!("{MEETING}/pack/index.html"),
    ] {
        assert!(built.files.contains_key(path), "{path} is missing");
    }
    assert_eq!(
        built.files.get(&format!("{MEETING}/01-public-annex.pdf")),
        Some(&b"PUBLIC-ANNEX-BYTES".to_vec()),
        "the public annex is published as it is"
    );
    for source in SOURCES {
        let html = page(&built.out, &source_page(source));
        assert!(html.contains("Public text of the source."), "{source}");
    }
    let index = String::from_utf8_lossy(&built.files["search/index.json"]).into_owned();
    assert!(index.contains("Public text of the source."), "{index}");
}

/// The output page of a public source.
fn source_page(source: &str) -> String {
    let stem = source.strip_suffix(".md").unwrap();
    format!("{stem}/index.html")
}

#[test]
fn no_attack_publishes_anything_withheld() {
    let (_dir, root) = attack_site(false);
    let built = build_attacks(&root, &[]);
    assert_public_outputs(&built);
    assert_nothing_compressed(&built.files);
    assert_no_markers(&built.files);
    // The sanitiser drops frames and objects whatever they point at.
    let html = page(&built.out, &source_page(SOURCES[3]));
    for tag in ["<iframe", "<object", "<embed"] {
        assert!(!html.contains(tag), "{tag} survived:\n{html}");
    }
}

#[test]
fn no_attack_publishes_anything_withheld_with_unsafe_html() {
    let (_dir, root) = attack_site(true);
    let built = build_attacks(&root, &[]);
    assert_public_outputs(&built);
    assert_nothing_compressed(&built.files);
    assert_no_markers(&built.files);
    // Raw HTML reached the pages unsanitised, only without its addresses.
    let html = page(&built.out, &source_page(SOURCES[3]));
    for tag in ["<iframe", "<object", "<embed"] {
        assert!(html.contains(tag), "{tag} is missing:\n{html}");
    }
}

/// Whether a warning says that `target` is withheld for `why` and is about
/// a line of `source`.
fn warns_about(warning: &str, source: &str, target: &Target) -> bool {
    let subject = if target.path.ends_with(".md") {
        "it is"
    } else {
        "content that uses it is"
    };
    warning.contains(&format!(
        "`content/{}` is not published: {subject} {}, so this link is shown as text",
        target.path, target.why
    )) && warning.contains(&format!("┌─ content/{source}:"))
}

/// How many warnings of `stderr` say that `target` is withheld and are
/// about a line of `source`.
fn warnings_about(stderr: &str, source: &str, target: &Target) -> usize {
    stderr
        .split("\nwarning: ")
        .skip(1)
        .filter(|w| warns_about(w, source, target))
        .count()
}

#[test]
fn every_attack_is_shown_as_text_and_warned_about() {
    let (_dir, root) = attack_site(false);
    let built = build_attacks(&root, &[]);
    // `check` publishes drafts, so only a build warns about links to them.
    let checked = check(&root);
    assert_exit(&checked, 0);
    let checked = stderr(&checked);
    // Every vector warns: the Markdown ones once, the raw HTML ones inline
    // and as blocks.
    let all = vectors("x", "x").len();
    let per_target = MARKDOWN_VECTORS + 2 * (all - MARKDOWN_VECTORS);
    let mut cases = 0;
    for source in SOURCES {
        for target in targets() {
            let by_check = if target.why == "a draft" {
                0
            } else {
                per_target
            };
            for (what, stderr, expected) in [
                ("build", &built.stderr, per_target),
                ("check", &checked, by_check),
            ] {
                assert_eq!(
                    warnings_about(stderr, source, &target),
                    expected,
                    "{what}: warnings from {source} about {}:\n{stderr}",
                    target.path
                );
            }
            cases += all;
        }
    }
    assert_eq!(cases, SOURCES.len() * targets().len() * all);

    let count = targets().len();
    for source in SOURCES {
        let html = page(&built.out, &source_page(source));
        for (text, times) in [
            ("<span class=\"withheld-link\">site path</span>", count),
            ("<span class=\"withheld-link\">relative</span>", count),
            ("<span class=\"withheld-link\">embedded</span>", count),
            ("<span class=\"withheld-link\">disguised</span>", count),
            ("<a rel=\"noopener noreferrer\">raw link</a>", 2 * count),
            (
                "<a rel=\"noopener noreferrer\">raw site path</a>",
                2 * count,
            ),
            ("<img alt=\"raw image\">", 2 * count),
        ] {
            assert_eq!(html.matches(text).count(), times, "{text} in {source}");
        }
    }
}

#[test]
fn related_papers_and_borrowed_appendices_list_nothing_withheld() {
    let (_dir, root) = attack_site(false);
    let built = build_attacks(&root, &[]);
    let report = page(&built.out, &source_page(SOURCES[0]));
    let strategy = page(&built.out, &source_page(SOURCES[1]));
    for (what, html) in [("report", &report), ("strategy", &strategy)] {
        assert!(!html.contains("Related papers"), "{what}:\n{html}");
    }
    // Appendix A is published; B and C are listed by title and reason; the
    // report's borrowed appendices D to G are other papers' withheld files.
    let appendices = between(&report, "<ul class=\"appendices\">", "</ul>").join("");
    assert_contains_all(
        &appendices,
        &[
            &format!("<a href=\"/{MEETING}/01-public-annex.pdf\">Appendix A - Public annex</a>"),
            "Appendix B - Tender prices <span class=\"meta\">(not for publication: Paragraph 3 tender prices)</span>",
            "Appendix C - Site valuation <span class=\"meta\">(not for publication: Paragraph 3 valuation)</span>",
        ],
        "the report's appendices",
    );
    assert_eq!(appendices.matches("<li").count(), 3, "{appendices}");
    assert!(!strategy.contains("Borrowed"), "{strategy}");
    // The withheld register: the exempt item and appendices, by title and
    // reason only.
    let register = page(&built.out, "withheld/index.html");
    assert_contains_all(
        &register,
        &[
            "<td>9</td><td>Disposal of the former depot</td><td>Paragraph 3 business affairs</td>",
            "<td>Appendix B - Tender prices</td><td>Paragraph 3 tender prices</td>",
            "<td>Appendix C - Site valuation</td><td>Paragraph 3 valuation</td>",
        ],
        "the withheld register",
    );
}

#[test]
fn shared_refs_and_tags_show_only_public_appearances() {
    let (_dir, root) = attack_site(false);
    let built = build_attacks(&root, &[]);
    // A ref that only withheld papers use has no history page.
    assert_eq!(
        names_in(&built.out.join("risks")),
        ["index.html", "shared-risk"]
    );
    assert_eq!(
        names_in(&built.out.join("targets")),
        ["index.html", "shared-target"]
    );
    let risk = page(&built.out, "risks/shared-risk/index.html");
    let target = page(&built.out, "targets/shared-target/index.html");
    assert!(risk.contains("Public shared risk"), "{risk}");
    assert!(target.contains("Public shared measure"), "{target}");
    for (what, html) in [("risk", &risk), ("target", &target)] {
        assert!(
            !html.contains("Disposal"),
            "{what} history names the exempt item"
        );
    }
    // Tags have no pages; the shared one shows on public papers only.
    assert!(built.files.keys().all(|f| !f.contains("tag")), "a tag page");
    let report = page(&built.out, &source_page(SOURCES[0]));
    assert!(
        report.contains("<span class=\"tag\">shared-tag</span>"),
        "{report}"
    );
    assert_no_markers(&built.files);
}

/// The markers found, upper-cased and without repeats.
fn distinct(found: &[String]) -> Vec<String> {
    let mut markers: Vec<String> = found
        .iter()
        .filter_map(|l| l.rsplit(": ").next())
        .map(str::to_ascii_uppercase)
        .collect();
    markers.sort();
    markers.dedup();
    markers
}

#[test]
fn drafts_and_ended_embargoes_show_the_search_finds_markers() {
    let (_dir, root) = attack_site(false);
    for (flags, shown, tags) in [
        (
            &["--drafts"][..],
            "LEAK-DRAFT-",
            ["DRAFT-ITEM", "DRAFT-DOC", "DRAFT-NEWS", "DRAFT-PAGE"],
        ),
        (
            &["--now", "2100-01-01"][..],
            "LEAK-EMBARGO-",
            [
                "EMBARGO-ITEM",
                "EMBARGO-DOC",
                "EMBARGO-NEWS",
                "EMBARGO-PAGE",
            ],
        ),
    ] {
        let built = build_attacks(&root, flags);
        let markers = distinct(&markers(&built.files));
        for tag in tags {
            let body = format!("LEAK-{tag}-BODY");
            assert!(
                markers.contains(&body),
                "{flags:?}: no {body} in {markers:?}"
            );
        }
        let wrong: Vec<&String> = markers.iter().filter(|m| !m.starts_with(shown)).collect();
        assert!(wrong.is_empty(), "{flags:?} published {wrong:?}");
    }
    let built = build_attacks(&root, &["--drafts"]);
    assert!(
        built
            .files
            .contains_key(&format!("{MEETING}/05-LEAK-DRAFT-ITEM-ANNEX.pdf"))
    );
}

/// Symbolic links in `content/` to an exempt item, its file, a withheld
/// appendix and a whole meeting folder.
fn add_symlinks(root: &Path) {
    let content = root.join("content");
    let meeting = content.join(MEETING);
    for (link, to) in [
        (
            content.join("LEAK-SYMLINK-ANNEX.pdf"),
            meeting.join("09-LEAK-EXEMPT-ITEM-ANNEX.pdf"),
        ),
        (content.join("LEAK-SYMLINK-DIR"), meeting.clone()),
        (
            meeting.join("02-LEAK-SYMLINK-ITEM.md"),
            PathBuf::from("09-LEAK-EXEMPT-ITEM.md"),
        ),
        (
            meeting.join("LEAK-SYMLINK-PART2.pdf"),
            PathBuf::from("01-LEAK-PART2-ANNEX.pdf"),
        ),
        (
            content.join("news/LEAK-SYMLINK-NEWS.md"),
            meeting.join("01-LEAK-PART2-APPX.md"),
        ),
    ] {
        std::os::unix::fs::symlink(to, link).unwrap();
    }
}

#[test]
fn symlinks_into_withheld_content_publish_nothing() {
    let (_dir, root) = attack_site(false);
    let plain = build_attacks(&root, &[]);
    add_symlinks(&root);
    // Links are not followed: unreferenced, they change nothing but a
    // warning at each.
    let linked = build_attacks(&root, &[]);
    assert_same_tree(&plain.files, &linked.files, "with symlinks");
    assert_no_markers(&linked.files);
    for link in [
        "LEAK-SYMLINK-ANNEX.pdf".to_string(),
        "LEAK-SYMLINK-DIR".to_string(),
        format!("{MEETING}/02-LEAK-SYMLINK-ITEM.md"),
        format!("{MEETING}/LEAK-SYMLINK-PART2.pdf"),
        "news/LEAK-SYMLINK-NEWS.md".to_string(),
    ] {
        let warning =
            format!("warning: content/{link} is a symbolic link, which boardpack does not follow");
        assert!(
            linked.stderr.contains(&warning),
            "{warning}:\n{}",
            linked.stderr
        );
    }

    // A public page that links to one fails to build, naming the link.
    let page = root.join("content").join(SOURCES[3]);
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str(&format!(
        "\n[annex](LEAK-SYMLINK-ANNEX.pdf) [folder](LEAK-SYMLINK-DIR/09-LEAK-EXEMPT-ITEM-ANNEX.pdf) [item]({MEETING}/02-LEAK-SYMLINK-ITEM.md) [part 2]({MEETING}/LEAK-SYMLINK-PART2.pdf) [news](news/LEAK-SYMLINK-NEWS.md)\n"
    ));
    std::fs::write(&page, text).unwrap();
    let out = root.parent().unwrap().join("out");
    let result = build(&root, &out, &["--now", NOW]);
    assert_exit(&result, 1);
    let stderr = stderr(&result);
    for link in [
        "LEAK-SYMLINK-ANNEX.pdf".to_string(),
        "LEAK-SYMLINK-DIR/09-LEAK-EXEMPT-ITEM-ANNEX.pdf".to_string(),
        format!("{MEETING}/02-LEAK-SYMLINK-ITEM.md"),
        format!("{MEETING}/LEAK-SYMLINK-PART2.pdf"),
        "news/LEAK-SYMLINK-NEWS.md".to_string(),
    ] {
        assert!(
            stderr.contains(&format!("points at `content/{link}`, which does not exist")),
            "no error names {link}:\n{stderr}"
        );
    }
    assert!(!out.exists(), "a failed build wrote {}", out.display());
}
