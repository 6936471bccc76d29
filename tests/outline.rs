//! The `outline` fixture: bodies and appendices whose headings start at `#`,
//! at `###`, and jump from `#` to `####`. Wherever a body lands, its page
//! keeps one `h1` and never skips a heading level, and the headings keep
//! the anchors their text gives them. The agenda pack, which is printed,
//! links with absolute addresses.

mod common;

use std::collections::BTreeMap;

use common::*;

const BASE_URL: &str = "https://papers.testshire.example/";
const MEETING: &str = "meetings/2008-09-12-members-board/";

/// Every HTML page the `outline` fixture builds, by output path.
fn pages() -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("outline"), &out, &[]);
    snapshot(&out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// The headings of `html` in order: level and id (empty when it has none).
fn headings(html: &str) -> Vec<(u8, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        let bytes = rest.as_bytes();
        let (Some(digit @ b'1'..=b'6'), Some(after)) = (bytes.first(), bytes.get(1)) else {
            continue;
        };
        if !(*after == b'>' || after.is_ascii_whitespace()) {
            continue;
        }
        let tag = &rest[..rest.find('>').unwrap()];
        let id = tag
            .split_once(" id=\"")
            .and_then(|(_, id)| id.split('"').next())
            .unwrap_or_default();
        found.push((digit - b'0', id.to_string()));
    }
    found
}

fn levels(headings: &[(u8, String)]) -> Vec<u8> {
    headings.iter().map(|(level, _)| *level).collect()
}

/// The headings whose id starts with `prefix`, as (level, id without it).
fn with_prefix(headings: &[(u8, String)], prefix: &str) -> Vec<(u8, String)> {
    headings
        .iter()
        .filter_map(|(level, id)| Some((*level, id.strip_prefix(prefix)?.to_string())))
        .collect()
}

fn ids(headings: &[(u8, String)]) -> Vec<&str> {
    headings.iter().map(|(_, id)| id.as_str()).collect()
}

fn page<'a>(pages: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    pages
        .get(path)
        .unwrap_or_else(|| panic!("no page {path} among {:?}", pages.keys()))
}

#[test]
fn every_page_has_one_h1_and_skips_no_level() {
    let pages = pages();
    assert!(pages.len() > 20, "{:?}", pages.keys());
    let mut problems = Vec::new();
    for (path, html) in &pages {
        let found = levels(&headings(html));
        let h1 = found.iter().filter(|level| **level == 1).count();
        if h1 != 1 {
            problems.push(format!("{path}: {h1} h1 elements in {found:?}"));
        }
        for pair in found.windows(2) {
            if pair[1] > pair[0] + 1 {
                problems.push(format!(
                    "{path}: h{} follows h{} in {found:?}",
                    pair[1], pair[0]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn bodies_start_below_the_heading_they_sit_under() {
    let pages = pages();
    let item = headings(page(
        &pages,
        &format!("{MEETING}a-starts-at-one/index.html"),
    ));
    // `#`, `####`, `##`, `#`, `###` under the page's h1.
    let body: Vec<_> = item
        .iter()
        .filter(|(_, id)| {
            [
                "background",
                "detail-four-levels-down",
                "options",
                "background-1",
                "money",
            ]
            .contains(&id.as_str())
        })
        .cloned()
        .collect();
    assert_eq!(levels(&body), [2, 3, 3, 2, 3], "{item:?}");
    let appendix = headings(page(
        &pages,
        &format!("{MEETING}a-starts-at-one/a-appendix-starts-at-one/index.html"),
    ));
    assert_eq!(levels(&appendix), [1, 2, 3, 4], "{appendix:?}");
    let third = headings(page(
        &pages,
        &format!("{MEETING}b-starts-at-three/index.html"),
    ));
    assert_eq!(
        &levels(&third)[..4],
        [1, 2, 3, 2],
        "`###`, `####`, `###` under the h1: {third:?}"
    );
    let pack = headings(page(&pages, &format!("{MEETING}pack/index.html")));
    // Each paper sits under its h2 title, each appendix under its h3 title.
    assert_eq!(levels(&with_prefix(&pack, "i0-a0-")), [4, 5, 6], "{pack:?}");
    assert_eq!(levels(&with_prefix(&pack, "i1-a0-")), [4, 5], "{pack:?}");
    assert_eq!(levels(&with_prefix(&pack, "i2-")), [3, 4, 3], "{pack:?}");
    let meeting = headings(page(&pages, &format!("{MEETING}index.html")));
    let notes: Vec<_> = meeting
        .iter()
        .skip_while(|(_, id)| id != "notes-heading")
        .map(|(level, _)| *level)
        .collect();
    assert_eq!(notes, [2, 3, 4], "{meeting:?}");
}

#[test]
fn heading_anchors_do_not_change() {
    let pages = pages();
    let item = headings(page(
        &pages,
        &format!("{MEETING}a-starts-at-one/index.html"),
    ));
    let paper = [
        "background",
        "detail-four-levels-down",
        "options",
        "background-1",
        "money",
    ];
    for id in paper {
        assert!(ids(&item).contains(&id), "no #{id} in {item:?}");
    }
    let pack = headings(page(&pages, &format!("{MEETING}pack/index.html")));
    assert_eq!(ids(&with_prefix(&pack, "i0-"))[..5], paper, "{pack:?}");
    assert_eq!(
        ids(&with_prefix(&pack, "i0-a0-")),
        ["its-title", "method", "deep"]
    );
    let appendix = headings(page(
        &pages,
        &format!("{MEETING}a-starts-at-one/a-appendix-starts-at-one/index.html"),
    ));
    assert_eq!(ids(&appendix)[1..], ["its-title", "method", "deep"]);
    let document = page(&pages, "documents/strategy/index.html");
    for id in [
        "introduction",
        "detail",
        "priorities",
        "delivery",
        "monitoring",
    ] {
        assert!(
            ids(&headings(document)).contains(&id),
            "no #{id} in {document}"
        );
    }
    // The table of contents lists the document's top headings.
    for id in ["introduction", "priorities", "delivery", "monitoring"] {
        assert!(
            document.contains(&format!("<li><a href=\"#{id}\">")),
            "no contents line for #{id}"
        );
    }
    assert!(!document.contains("<li><a href=\"#detail\">"));
}

/// The `<main>` element of a page: what is printed.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

/// The `href` values in `html`, with Tera's escaped slashes read back.
fn hrefs(html: &str) -> Vec<String> {
    html.split(" href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&#x2F;", "/"))
        .collect()
}

#[test]
fn the_printed_pack_links_to_absolute_addresses() {
    let pages = pages();
    let pack = main_of(page(&pages, &format!("{MEETING}pack/index.html")));
    let links = hrefs(pack);
    let relative: Vec<_> = links.iter().filter(|href| href.starts_with('/')).collect();
    assert!(relative.is_empty(), "root-relative links: {relative:?}");
    // In print each link shows its `href`: every target but an in-page one
    // must be an address a reader can type.
    for href in &links {
        assert!(
            href.starts_with('#') || href.starts_with(BASE_URL),
            "{href} is not absolute"
        );
    }
    for target in [
        "documents/strategy/#priorities",
        "meetings/2008-09-12-members-board/b-starts-at-three/",
        "meetings/2008-09-12-members-board/a-starts-at-one/a-appendix-starts-at-one/",
    ] {
        assert!(
            links.contains(&format!("{BASE_URL}{target}")),
            "no link to {target} in {links:?}"
        );
    }
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    assert!(css.contains(".pack a[href]::after { content: \" (\" attr(href) \")\""));
    // The item's own page keeps site-relative links, so a preview works.
    let item = main_of(page(
        &pages,
        &format!("{MEETING}a-starts-at-one/index.html"),
    ));
    assert!(
        hrefs(item).contains(&"/documents/strategy/#priorities".to_string()),
        "{item}"
    );
}
