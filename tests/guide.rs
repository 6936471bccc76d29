//! The user guide in `docs/` is itself a boardpack site, and its examples
//! are checked against the real binary so that the guide cannot drift from
//! the code.
//!
//! The convention, in the guide's Markdown:
//!
//! - A fenced block whose info string names a file is an example of that
//!   file: ```` ```yaml file="content/news/2026-01-16-fund.md" ````. A
//!   `.md` file's block is its front matter (the `---` lines are added when
//!   the block leaves them out) or the whole file. Every such block is
//!   written into a copy of `tests/sites/minimal`, together with the first
//!   example of every other file the guide shows (the guide's examples
//!   make up one site), and `boardpack check` must pass.
//! - The line right above such a block is ``File: `content/…` ``, so the
//!   reader sees which file the test wrote.
//! - `needs="letter.pdf"` names files (beside the example) that the test
//!   creates empty first, for examples that attach them.
//! - ```` ```yaml broken file="…" ```` shows a mistake: `check` must fail,
//!   and the ```` ```text ```` block right after it must appear in what
//!   `check` printed.
//! - ```` ```yaml warns file="…" ```` shows a loose end: `check` must pass,
//!   and the ```` ```text ```` block right after it (the warning) must
//!   appear in what `check` printed. Like a broken example, it is not part
//!   of the example site.
//! - ```` ```yaml excerpt file="site.yaml" ```` shows part of a file: its
//!   lines must appear together, in order, in the example site's file (the
//!   first whole example of it), and the line above it is
//!   ``Part of: `site.yaml` ``.
//! - Every ```` ```yaml ```` block names a file, so no YAML in the guide
//!   goes unchecked; every ```` ```text ```` block on the common-mistakes
//!   page follows a broken example, so no pasted output goes unchecked.
//!
//! `GUIDE_SHOW=1 cargo test --test guide -- --nocapture` prints what `check` says about
//! each broken example, to paste into the guide.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

/// The guide's site, at the root of the repository.
fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

/// The page whose every output block must be a checked one.
const MISTAKES_PAGE: &str = "guide/mistakes.md";

/// A fenced block of the guide.
#[derive(Debug, Clone)]
struct Block {
    /// The page, relative to `docs/content/`.
    page: String,
    /// The line of the opening fence, 1-based.
    line: usize,
    lang: String,
    file: Option<String>,
    needs: Vec<String>,
    broken: bool,
    /// An example that passes `check` with the warning shown after it.
    warns: bool,
    /// A part of the example site's file, not a whole file.
    excerpt: bool,
    /// The line above the opening fence.
    caption: String,
    text: String,
}

impl Block {
    /// A whole file that passes `check` without being a loose end: one of
    /// the files the example site is made of.
    fn is_whole_example(&self) -> bool {
        self.file.is_some() && !self.broken && !self.warns && !self.excerpt
    }

    fn at(&self) -> String {
        format!("docs/content/{}:{}", self.page, self.line)
    }

    /// The line above the block: the file it belongs to.
    fn caption_for(&self, file: &str) -> String {
        if self.excerpt {
            format!("Part of: `{file}`")
        } else {
            format!("File: `{file}`")
        }
    }

    /// The file's contents as the example means them.
    fn contents(&self) -> String {
        let file = self.file.as_deref().unwrap_or_default();
        if file.ends_with(".md") && !self.text.starts_with("---\n") {
            format!("---\n{}---\n", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// Every Markdown page under `dir`, relative to it, sorted.
fn pages(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, into: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, into);
            } else if path.extension().is_some_and(|e| e == "md") {
                let relative = path.strip_prefix(base).unwrap();
                into.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut all = Vec::new();
    walk(dir, dir, &mut all);
    all.sort();
    all
}

/// The value of `key="…"` in an info string.
fn attribute(info: &str, key: &str) -> Option<String> {
    let start = info.find(&format!("{key}=\""))? + key.len() + 2;
    let end = info[start..].find('"')? + start;
    Some(info[start..end].to_string())
}

/// Every fenced block of every page of the guide, in page order.
fn blocks() -> Vec<Block> {
    let content = docs().join("content");
    let mut all = Vec::new();
    for page in pages(&content) {
        let text = std::fs::read_to_string(content.join(&page)).unwrap();
        let mut open: Option<Block> = None;
        for (i, line) in text.lines().enumerate() {
            match open.take() {
                None => {
                    if let Some(info) = line.strip_prefix("```") {
                        let info = info.trim();
                        let lang = info.split_whitespace().next().unwrap_or_default();
                        open = Some(Block {
                            page: page.clone(),
                            line: i + 1,
                            lang: lang.to_string(),
                            file: attribute(info, "file"),
                            needs: attribute(info, "needs")
                                .map(|n| n.split_whitespace().map(String::from).collect())
                                .unwrap_or_default(),
                            broken: info.split_whitespace().any(|w| w == "broken"),
                            warns: info.split_whitespace().any(|w| w == "warns"),
                            excerpt: info.split_whitespace().any(|w| w == "excerpt"),
                            caption: i
                                .checked_sub(1)
                                .and_then(|above| text.lines().nth(above))
                                .unwrap_or_default()
                                .to_string(),
                            text: String::new(),
                        });
                    }
                }
                Some(mut block) => {
                    if line == "```" {
                        all.push(block);
                    } else {
                        block.text.push_str(line);
                        block.text.push('\n');
                        open = Some(block);
                    }
                }
            }
        }
        assert!(
            open.is_none(),
            "docs/content/{page}: a fence is never closed"
        );
    }
    all
}

/// The first working example of each file: the site the guide describes.
fn example_site(blocks: &[Block]) -> BTreeMap<String, String> {
    let mut site = BTreeMap::new();
    for block in blocks.iter().filter(|b| b.is_whole_example()) {
        if let Some(file) = &block.file {
            if site.contains_key(file) {
                continue;
            }
            site.insert(file.clone(), block.contents());
            for (need, contents) in needs(block) {
                site.entry(need).or_insert(contents);
            }
        }
    }
    site
}

/// The files a block needs beside it, by path, each empty.
fn needs(block: &Block) -> Vec<(String, String)> {
    let file = block.file.as_deref().unwrap_or_default();
    let folder = file.rsplit_once('/').map_or("", |(folder, _)| folder);
    block
        .needs
        .iter()
        .map(|need| (format!("{folder}/{need}"), String::new()))
        .collect()
}

/// A copy of the minimal fixture with the guide's example site written into
/// it, then `block` (which replaces the example of the same file).
fn site_with(block: &Block, examples: &BTreeMap<String, String>) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_fixture("minimal");
    // The fixture keeps one action open past its due date on purpose; the
    // guide shows what `check` says about a site without loose ends.
    let tidy = root.join("content/meetings/2008-09-12-members-board/a-capacity-fund.md");
    let text = std::fs::read_to_string(&tidy).unwrap();
    std::fs::write(
        &tidy,
        text.replace(
            "due: 2008-10-01, status: open",
            "due: 2008-10-01, status: done",
        ),
    )
    .unwrap();
    let file = block.file.as_deref().expect("an example names its file");
    let write = |path: &str, contents: &str| {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, contents).unwrap();
    };
    for (path, contents) in examples.iter().filter(|(path, _)| *path != file) {
        write(path, contents);
    }
    write(file, &block.contents());
    for (need, contents) in needs(block) {
        write(&need, &contents);
    }
    (dir, root)
}

/// Trailing spaces dropped from every line, and blank lines from both ends.
fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

#[test]
fn the_guide_builds_and_publishes_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("output");
    let checked = check(&docs());
    assert_exit(&checked, 0);
    assert!(
        stderr(&checked).contains("0 errors, 0 warnings"),
        "the guide's site has warnings:\n{}",
        stderr(&checked)
    );
    build_ok(&docs(), &output, &[]);
    let home = page(&output, "index.html");
    let pages = pages(&docs().join("content"));
    assert!(pages.len() >= 11, "the guide has only {pages:?}");
    for source in &pages {
        let stem = source.strip_suffix(".md").unwrap();
        let html = page(&output, &format!("{stem}/index.html"));
        assert!(html.contains("<h1>"), "{stem} has no heading");
        assert!(
            home.contains(&format!("href=\"/{stem}/\"")),
            "the guide's home page does not link to {stem}"
        );
    }
}

#[test]
fn every_yaml_block_names_the_file_it_belongs_to() {
    let unnamed: Vec<String> = blocks()
        .iter()
        .filter(|b| b.lang == "yaml" && b.file.is_none())
        .map(Block::at)
        .collect();
    assert!(
        unnamed.is_empty(),
        "these yaml blocks name no file (write ```yaml file=\"content/…\"): {unnamed:?}"
    );
}

#[test]
fn every_example_shows_its_file_name_above_it() {
    let wrong: Vec<String> = blocks()
        .iter()
        .filter_map(|b| Some((b, b.file.as_ref()?)))
        .filter(|(b, file)| b.caption != b.caption_for(file))
        .map(|(b, file)| {
            format!(
                "{}: write {} on the line above",
                b.at(),
                b.caption_for(file)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_example_passes_check() {
    let blocks = blocks();
    let examples = example_site(&blocks);
    assert!(examples.len() >= 10, "too few examples: {examples:?}");
    let mut failures = Vec::new();
    let working: Vec<&Block> = blocks.iter().filter(|b| b.is_whole_example()).collect();
    for block in &working {
        let (_dir, root) = site_with(block, &examples);
        let result = check(&root);
        if result.status.code() != Some(0) {
            failures.push(format!("{}\n{}", block.at(), stderr(&result)));
        }
    }
    assert!(
        failures.is_empty(),
        "these examples fail `check`:\n\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_broken_example_fails_with_the_message_shown_after_it() {
    let blocks = blocks();
    let examples = example_site(&blocks);
    let show = std::env::var_os("GUIDE_SHOW").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for (i, block) in blocks.iter().enumerate().filter(|(_, b)| b.broken) {
        count += 1;
        assert!(
            block.file.is_some(),
            "{}: a broken example names no file",
            block.at()
        );
        let (_dir, root) = site_with(block, &examples);
        let result = check(&root);
        let printed = normalise(&stderr(&result));
        if show {
            eprintln!("=== {}\n{printed}\n", block.at());
        }
        if result.status.code() != Some(1) {
            failures.push(format!("{}: check did not fail:\n{printed}", block.at()));
            continue;
        }
        let shown = blocks
            .get(i + 1)
            .filter(|next| next.page == block.page && next.lang == "text");
        match shown {
            None => failures.push(format!(
                "{}: no ```text block with the message follows",
                block.at()
            )),
            Some(shown) if !printed.contains(&normalise(&shown.text)) => failures.push(format!(
                "{}: check printed\n{printed}\n\nbut the guide shows\n{}",
                shown.at(),
                normalise(&shown.text)
            )),
            Some(_) => {}
        }
    }
    assert!(count >= 10, "only {count} broken examples");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_output_on_the_mistakes_page_follows_a_broken_example() {
    let blocks = blocks();
    let page: Vec<&Block> = blocks.iter().filter(|b| b.page == MISTAKES_PAGE).collect();
    assert!(
        !page.is_empty(),
        "docs/content/{MISTAKES_PAGE} has no examples"
    );
    for (i, block) in page.iter().enumerate().filter(|(_, b)| b.lang == "text") {
        assert!(
            i > 0 && page[i - 1].broken,
            "{}: this output follows no broken example, so nothing checks it",
            block.at()
        );
    }
}

#[test]
fn every_warning_example_passes_with_the_warning_shown_after_it() {
    let blocks = blocks();
    let examples = example_site(&blocks);
    let mut failures = Vec::new();
    let mut count = 0;
    for (i, block) in blocks.iter().enumerate().filter(|(_, b)| b.warns) {
        count += 1;
        let (_dir, root) = site_with(block, &examples);
        let result = check(&root);
        let printed = normalise(&stderr(&result));
        if result.status.code() != Some(0) {
            failures.push(format!("{}: check did not pass:\n{printed}", block.at()));
            continue;
        }
        let shown = blocks
            .get(i + 1)
            .filter(|next| next.page == block.page && next.lang == "text");
        match shown {
            None => failures.push(format!(
                "{}: no ```text block with the warning follows",
                block.at()
            )),
            Some(shown) if !printed.contains(&normalise(&shown.text)) => failures.push(format!(
                "{}: check printed\n{printed}\n\nbut the guide shows\n{}",
                shown.at(),
                normalise(&shown.text)
            )),
            Some(_) => {}
        }
    }
    assert!(count >= 2, "only {count} warning examples");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_excerpt_is_part_of_the_example_site() {
    let blocks = blocks();
    let examples = example_site(&blocks);
    let mut failures = Vec::new();
    for block in blocks.iter().filter(|b| b.excerpt) {
        let file = block.file.as_deref().expect("an excerpt names its file");
        let Some(whole) = examples.get(file) else {
            failures.push(format!(
                "{}: the guide has no whole example of {file}",
                block.at()
            ));
            continue;
        };
        if !normalise(whole).contains(&normalise(&block.text)) {
            failures.push(format!(
                "{}: these lines are not in the example of {file}:\n{}",
                block.at(),
                block.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
