//! `boardpack build` on the `minimal` fixture: the pages it publishes and
//! what they say, Markdown links and sanitising, determinism, the command
//! line's usage errors and the safety of the output directory.

use std::collections::BTreeMap;
mod common;

use std::path::Path;

use common::*;

const MEETING: &str = "meetings/2008-09-12-members-board";
const BASE_URL: &str = "https://papers.testshire.example/";

/// Builds `minimal` once per test into a fresh directory.
fn minimal() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("minimal"), &out, &[]);
    (dir, out)
}

#[test]
fn minimal_publishes_every_page() {
    let (_dir, out) = minimal();
    let files = snapshot(&out);
    for expected in [
        ".boardpack",
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "style.css",
        "about/index.html",
        "boards/index.html",
        "boards/members-board/index.html",
        "documents/index.html",
        "documents/improvement-strategy/index.html",
        "meetings/index.html",
        "meetings/2008-09-12-members-board/index.html",
        "meetings/2008-09-12-members-board/a-capacity-fund/index.html",
        "meetings/2008-09-12-members-board/b-work-programme/index.html",
        "meetings/2008-09-12-members-board/c-minutes/index.html",
        "meetings/2008-09-12-members-board/d-matters-arising/index.html",
        "news/index.html",
        "news/2008-09-fund-agreed/index.html",
    ] {
        assert!(
            files.contains_key(expected),
            "{expected} is missing from {:?}",
            files.keys()
        );
    }
    // Nothing of the sources is copied as it is.
    assert!(
        files.keys().all(|f| !f.ends_with(".md")),
        "{:?}",
        files.keys()
    );
}

#[test]
fn the_agenda_lists_items_in_natural_order() {
    let (_dir, out) = minimal();
    let html = page(&out, &format!("{MEETING}/index.html"));
    // The files sort as 10, 2, 7, 7a by name; the agenda must not.
    let numbers = between(&html, "<span class=\"item-number\">", "</span>");
    assert_eq!(numbers, ["2", "7", "7a", "10"], "{html}");
    let titles = positions(
        &html,
        &[
            "Capacity building fund 2008/09</a>",
            "Minutes of the last meeting</a>",
            "Matters arising</a>",
            "Work programme for 2008/09</a>",
        ],
    );
    assert!(titles.is_sorted(), "titles out of order: {titles:?}");
    assert_contains_all(
        &html,
        &[
            "<h1>Members Board, 12 September 2008</h1>",
            "Friday 12 September 2008",
            "10:30 to 12:30",
            "Council Chamber, Testshire County Hall",
            "For decision · Report of: Director",
            "For noting · Report of: The Chief Executive",
            &format!("href=\"/{MEETING}/a-capacity-fund/\""),
            "Dr Carla Ngata",
        ],
        "the meeting page",
    );
    assert!(!html.contains("Report of the"), "{html}");
}

/// `report_of` is shown as written, the same way on the agenda, the item
/// page and the pack: "Report of the The Chief Executive" was a bug.
#[test]
fn report_of_is_shown_as_written_everywhere() {
    let (_dir, out) = minimal();
    let agenda = page(&out, &format!("{MEETING}/index.html"));
    let pack = page(&out, &format!("{MEETING}/pack/index.html"));
    let item = page(&out, &format!("{MEETING}/b-work-programme/index.html"));
    for (what, html) in [("agenda", &agenda), ("pack", &pack)] {
        assert_contains_all(html, &["Report of: The Chief Executive"], what);
        assert!(!html.contains("Report of the"), "{what}: {html}");
    }
    for (what, html) in [("item", &item), ("pack", &pack)] {
        assert_contains_all(
            html,
            &["<dt>Report of</dt><dd>The Chief Executive</dd>"],
            what,
        );
    }
}

/// A list says each fact once: a meeting titled with its board and date is
/// not followed by them again, nor a decision by its meeting's date.
#[test]
fn lists_say_each_fact_once() {
    let (_dir, out) = minimal();
    let title = "Members Board, 12 September 2008</a>";
    for path in [
        "index.html",
        "meetings/index.html",
        "news/2008/09/index.html",
    ] {
        let html = page(&out, path);
        let after = &html[html.find(title).unwrap_or_else(|| panic!("{path}: {html}"))..];
        let rest = &after[title.len()..after.find("</li>").unwrap()];
        assert!(
            rest.contains("Friday</time>, 10:30") || rest.contains("Friday, 10:30</time>"),
            "{path}: {rest}"
        );
        assert!(!rest.contains("September"), "{path}: {rest}");
        assert!(!rest.contains("Members Board"), "{path}: {rest}");
    }
    let decisions = page(&out, "decisions/index.html");
    assert!(
        decisions.contains("<p class=\"meta\">Members Board, 12 September 2008 · item 2</p>"),
        "{decisions}"
    );
}

#[test]
fn the_item_page_shows_recommendations_and_outcomes() {
    let (_dir, out) = minimal();
    let html = page(&out, &format!("{MEETING}/a-capacity-fund/index.html"));
    assert_contains_all(
        &html,
        &[
            "<h1>Capacity building fund 2008/09</h1>",
            "<strong>capacity building fund</strong> for councils in difficulty",
            "The capacity building fund of £905k for 2008/09 be established.",
            "<strong>Outcome:</strong> Agreed</p>",
            "<strong>Outcome:</strong> Deferred</p>",
            "<strong>Outcome:</strong> Not agreed</p>",
            "<strong>Resolution:</strong> Agreed, with a review at the end of the year.",
            "<strong>Resolution:</strong> Deferred to the next meeting.",
            "<td>Review use of the fund</td><td>Director</td>",
            "31 March 2009</time></td><td>Done</td>",
            // Open and due before the build's clock: overdue.
            "1 October 2008</time></td><td><strong class=\"overdue\">Overdue</strong>",
            "Pat Ridley",
        ],
        "the item page",
    );
}

#[test]
fn the_item_page_shows_the_budget_with_total_and_shares() {
    let (_dir, out) = minimal();
    let html = page(&out, &format!("{MEETING}/a-capacity-fund/index.html"));
    assert_contains_all(
        &html,
        &[
            "Capacity building fund 2008/09 (£'000)</caption>",
            "<th scope=\"row\">Interim management support</th><td class=\"num\">130</td>",
            "<th scope=\"row\">Peer challenge and mentoring</th><td class=\"num\">390</td>",
            // 520 of 905 is 57.46%, 385 of 905 is 42.54%.
            "<th scope=\"row\">Total Support for councils</th><td class=\"num\">520</td><td class=\"num\">57.5%</td>",
            "<th scope=\"row\">Contingency</th><td class=\"num\">385</td><td class=\"num\">42.5%</td>",
            "<th scope=\"row\">Total</th><td class=\"num\">905</td>",
            "<th scope=\"row\">Available</th><td class=\"num\">1,000</td>",
            "<th scope=\"row\">Balance remaining</th><td class=\"num\">95</td>",
        ],
        "the budget",
    );
}

#[test]
fn the_item_page_shows_risk_bands_in_words() {
    let (_dir, out) = minimal();
    let html = page(&out, &format!("{MEETING}/a-capacity-fund/index.html"));
    assert_contains_all(
        &html,
        &[
            "<caption>Risks to the fund</caption>",
            "Demand for the fund exceeds what is available",
            // {likelihood: Likely, impact: Major} = 16, High.
            ">16 High</span>",
            "Likely likelihood, Major impact",
            // {likelihood: 2, impact: 2} = 4, Low.
            ">4 Low</span>",
            "Unlikely likelihood, Minor impact",
            // A bare 25 and 9 each fit one cell of the 5x5 matrix.
            ">25 Very high</span>",
            "Almost certain likelihood, Severe impact",
            ">9 Medium</span>",
            "Possible likelihood, Moderate impact",
            "Prioritise councils in intervention",
        ],
        "the risk register",
    );
}

#[test]
fn the_item_page_shows_target_statuses_in_words() {
    let (_dir, out) = minimal();
    let html = page(&out, &format!("{MEETING}/a-capacity-fund/index.html"));
    assert_contains_all(
        &html,
        &[
            "<h3>Fund targets</h3>",
            "On track: 1",
            "At risk: 1",
            "Achieved: 1",
            "<caption>Capacity</caption>",
            "<caption>Efficiency</caption>",
            "Councils supported within four weeks",
            "<span class=\"status status-on-track\">On track</span>",
            "<span class=\"status status-at-risk\">At risk</span>",
            "<span class=\"status status-achieved\">Achieved</span>",
            // The financial year 2010/11 ends on 31 March 2011.
            "31 March 2011",
        ],
        "the target table",
    );
}

#[test]
fn a_document_gets_a_table_of_contents() {
    let (_dir, out) = minimal();
    let html = page(&out, "documents/improvement-strategy/index.html");
    assert_contains_all(
        &html,
        &[
            "<h1>Testshire Improvement Strategy</h1>",
            "<h2 id=\"toc-heading\">Contents</h2>",
            "<li><a href=\"#introduction\">Introduction</a></li>",
            "<li><a href=\"#priorities\">Priorities</a></li>",
            "<li><a href=\"#delivery-and-governance\">Delivery and governance</a></li>",
            "<li><a href=\"#monitoring\">Monitoring</a></li>",
            "<h2 id=\"introduction\">Introduction</h2>",
            "<h2 id=\"priorities\">Priorities</h2>",
            "<h2 id=\"delivery-and-governance\">Delivery and governance</h2>",
            "<h2 id=\"monitoring\">Monitoring</h2>",
            "1 June 2008",
            "Adopted",
        ],
        "the document",
    );
    let contents = positions(&html, &["Contents</h2>", "<h2 id=\"introduction\">"]);
    assert!(contents.is_sorted(), "the contents come after the text");
    let list = page(&out, "documents/index.html");
    assert!(
        list.contains("href=\"/documents/improvement-strategy/\""),
        "{list}"
    );
}

#[test]
fn news_is_listed_and_published() {
    let (_dir, out) = minimal();
    let list = page(&out, "news/index.html");
    assert_contains_all(
        &list,
        &[
            "<a href=\"/news/2008-09-fund-agreed/\">Members Board sets up a capacity building fund</a>",
            "15 September 2008",
            "The fund will help councils in difficulty.",
        ],
        "the news page",
    );
    let article = page(&out, "news/2008-09-fund-agreed/index.html");
    assert_contains_all(
        &article,
        &[
            "<h1>Members Board sets up a capacity building fund</h1>",
            "<strong>£905k capacity\nbuilding fund</strong>",
            "Partnership support team",
        ],
        "the article",
    );
}

#[test]
fn the_board_page_lists_members_and_meetings() {
    let (_dir, out) = minimal();
    let html = page(&out, "boards/members-board/index.html");
    assert_contains_all(
        &html,
        &[
            "<h1>Members Board</h1>",
            "Where policy and investment decisions are taken.",
            "<td>Cllr Ada Quill</td><td>Chair</td><td>Testshire County Council</td>",
            "<td>Cllr Basil Fenwick</td><td>Vice-Chair</td><td>Testford Borough Council</td>",
            "<td>Dr Carla Ngata</td>",
            &format!("href=\"/{MEETING}/\""),
        ],
        "the board page",
    );
    let boards = page(&out, "boards/index.html");
    assert!(
        boards.contains("href=\"/boards/members-board/\""),
        "{boards}"
    );
}

#[test]
fn the_about_page_is_published_at_its_path() {
    let (_dir, out) = minimal();
    let html = page(&out, "about/index.html");
    assert_contains_all(
        &html,
        &[
            "<h1>About the partnership</h1>",
            "<h2 id=\"who-we-are\">Who we are</h2>",
            "Papers are published a week before each meeting.",
        ],
        "the about page",
    );
}

#[test]
fn the_sitemap_lists_pages_with_absolute_urls() {
    let (_dir, out) = minimal();
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    let locs = between(&xml, "<loc>", "</loc>");
    assert!(!locs.is_empty(), "{xml}");
    for loc in &locs {
        assert!(loc.starts_with(BASE_URL), "{loc} is not under {BASE_URL}");
    }
    for path in [
        "",
        "meetings/",
        &format!("{MEETING}/"),
        &format!("{MEETING}/a-capacity-fund/"),
        &format!("{MEETING}/b-work-programme/"),
        &format!("{MEETING}/c-minutes/"),
        &format!("{MEETING}/d-matters-arising/"),
        "boards/members-board/",
        "documents/improvement-strategy/",
        "news/",
        "news/2008-09-fund-agreed/",
        "about/",
    ] {
        let url = format!("{BASE_URL}{path}");
        assert!(locs.contains(&url.as_str()), "{url} is not in\n{xml}");
    }
    // Every listed page exists.
    for loc in &locs {
        let path = &loc[BASE_URL.len()..];
        assert!(
            out.join(path).join("index.html").is_file(),
            "{loc} is listed but not written"
        );
    }
}

#[test]
fn robots_404_and_style_are_written() {
    let (_dir, out) = minimal();
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("User-agent: *"), "{robots}");
    assert!(
        robots.contains(&format!("Sitemap: {BASE_URL}sitemap.xml")),
        "{robots}"
    );
    let not_found = page(&out, "404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"), "{not_found}");
    let style = std::fs::read(out.join("style.css")).unwrap();
    let theme = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    assert_eq!(style, theme, "style.css is the theme's");
    let home = page(&out, "index.html");
    assert!(home.contains("href=\"/style.css\""), "{home}");
}

#[test]
fn links_to_sources_become_page_urls() {
    let (_dir, out) = minimal();
    let programme = page(&out, &format!("{MEETING}/b-work-programme/index.html"));
    assert_contains_all(
        &programme,
        &[
            // `a-capacity-fund.md`, relative to the item.
            &format!("<a href=\"/{MEETING}/a-capacity-fund/\">capacity building fund</a>"),
            // `../../documents/improvement-strategy.md`.
            "<a href=\"/documents/improvement-strategy/\">partnership strategy</a>",
        ],
        "the work programme item",
    );
    // `@/documents/improvement-strategy.md#priorities` keeps its fragment.
    let fund = page(&out, &format!("{MEETING}/a-capacity-fund/index.html"));
    assert!(
        fund.contains("<a href=\"/documents/improvement-strategy/#priorities\">strategy</a>"),
        "{fund}"
    );
    // The meeting's own notes link to the item too.
    let meeting = page(&out, &format!("{MEETING}/index.html"));
    assert!(
        meeting.contains(&format!(
            "<a href=\"/{MEETING}/a-capacity-fund/\">capacity fund</a>"
        )),
        "{meeting}"
    );
    // No page links to a Markdown source.
    for (path, bytes) in snapshot(&out) {
        let text = decode(&String::from_utf8_lossy(&bytes));
        assert!(!text.contains(".md\""), "{path} links to a .md file");
        assert!(!text.contains(".md#"), "{path} links to a .md file");
    }
}

#[test]
fn raw_scripts_and_event_handlers_are_removed() {
    let (_dir, out) = minimal();
    let html = page(&out, "about/index.html");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("minimal-script-marker"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(
        html.contains("Papers are published a week before each meeting."),
        "the paragraph itself stays: {html}"
    );
}

#[test]
fn unsafe_html_lets_raw_html_through() {
    let (dir, root) = copy_fixture("minimal");
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{config}markdown: {{unsafe_html: true}}\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    build_ok(&root, &out, &[]);
    let html = page(&out, "about/index.html");
    assert!(
        html.contains("<script>alert(\"minimal-script-marker\")</script>"),
        "{html}"
    );
    assert!(html.contains("onclick="), "{html}");
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let (dir, root) = copy_fixture("minimal");
    std::fs::write(
        root.join("content/about.md"),
        "---\ntitle: About\n---\n\n## Hello {onclick=alert(1) .x}\n\n## World {#w onmouseover=\"alert(2)\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    build_ok(&root, &out, &[]);
    let html = page(&out, "about/index.html");
    assert!(!html.contains("onclick"), "{html}");
    assert!(!html.contains("onmouseover"), "{html}");
}

#[test]
fn building_twice_gives_identical_output() {
    for (site, args) in [
        ("minimal", &["--now", NOW][..]),
        ("confidential", &["--drafts", "--now", "2100-01-01"][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        assert_exit(&build(&fixture(site), &one, args), 0);
        assert_exit(&build(&fixture(site), &two, args), 0);
        let first = snapshot(&one);
        assert!(first.len() > 10, "{site}: {:?}", first.keys());
        assert_same_tree(&first, &snapshot(&two), site);
    }
}

#[test]
fn source_date_epoch_sets_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture("minimal");
    let epoch = |out: &Path| {
        let mut command = command(["build".as_ref(), "--root".as_ref(), root.as_os_str()]);
        command.arg("--output").arg(out);
        // 2009-01-01T00:00:00Z
        let result = command
            .env("SOURCE_DATE_EPOCH", "1230768000")
            .output()
            .unwrap();
        assert_exit(&result, 0);
        snapshot(out)
    };
    let (one, two, now) = (
        dir.path().join("one"),
        dir.path().join("two"),
        dir.path().join("now"),
    );
    let first = epoch(&one);
    assert_same_tree(&first, &epoch(&two), "two SOURCE_DATE_EPOCH builds");
    assert_exit(&build(&root, &now, &["--now", "2009-01-01T00:00:00Z"]), 0);
    // Calendars stamp DTSTAMP with SOURCE_DATE_EPOCH when it is set, and
    // with each meeting's date otherwise: every other file is the same.
    let without_calendars = |tree: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        tree.into_iter()
            .filter(|(path, _)| !path.ends_with(".ics"))
            .collect()
    };
    assert_same_tree(
        &without_calendars(first.clone()),
        &without_calendars(snapshot(&now)),
        "SOURCE_DATE_EPOCH and --now",
    );
    // On 1 January 2009 the action due on 1 October 2008 is overdue and the
    // one due on 31 March 2009 is not.
    let html = page(&one, &format!("{MEETING}/a-capacity-fund/index.html"));
    assert!(
        html.contains("<strong class=\"overdue\">Overdue</strong>"),
        "{html}"
    );
}

#[test]
fn base_url_option_changes_absolute_and_internal_urls() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(
        &fixture("minimal"),
        &out,
        &["--base-url", "https://other.example/papers"],
    );
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for loc in between(&xml, "<loc>", "</loc>") {
        assert!(loc.starts_with("https://other.example/papers/"), "{loc}");
    }
    // Files stay at the output's root; links carry the path.
    let html = page(&out, &format!("{MEETING}/b-work-programme/index.html"));
    assert!(
        html.contains(&format!("href=\"/papers/{MEETING}/a-capacity-fund/\"")),
        "{html}"
    );
    assert!(html.contains("href=\"/papers/style.css\""), "{html}");
}

#[test]
fn check_accepts_a_good_site_and_writes_nothing() {
    let (dir, root) = copy_fixture("minimal");
    let before = snapshot(dir.path());
    let result = check(&root);
    assert_exit(&result, 0);
    // The fixture keeps one action open past its due date, which is a
    // warning, not an error.
    assert!(
        stderr(&result).ends_with("0 errors, 1 warning\n"),
        "{}",
        stderr(&result)
    );
    assert_same_tree(&before, &snapshot(dir.path()), "check");
}

// --- usage errors -----------------------------------------------------------

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = build(&fixture("minimal"), &out, &["--bogus"]);
    assert_exit(&result, 2);
    assert!(stderr(&result).contains("--bogus"), "{}", stderr(&result));
    assert!(!out.exists());
    assert_exit(&run(["check", "--root", ".", "--drafts"]), 2);
    assert_exit(&run(["publish"]), 2);
    assert_exit(&run(Vec::<&str>::new()), 2);
}

#[test]
fn a_bad_now_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for bad in ["yesterday", "12/09/2008", "2008-13-01"] {
        let result = build(&fixture("minimal"), &out, &["--now", bad]);
        assert_exit(&result, 2);
        let err = stderr(&result);
        assert!(err.contains("--now"), "{err}");
        assert!(err.contains(bad), "{err}");
        assert!(!out.exists(), "nothing is written for --now {bad}");
    }
}

#[test]
fn now_is_read_in_the_site_time_zone() {
    let (dir, root) = copy_fixture("minimal");
    let item = root.join("content/meetings/2008-09-12-members-board/c-minutes.md");
    let text = std::fs::read_to_string(&item).unwrap();
    std::fs::write(
        &item,
        text.replacen("---\n", "---\npublish_after: \"2008-09-05 09:30\"\n", 1),
    )
    .unwrap();
    let out = dir.path().join("out");
    assert_exit(&build(&root, &out, &["--now", "2008-09-05 09:00"]), 0);
    assert!(
        !out.join(MEETING).join("c-minutes").exists(),
        "a paper embargoed until 09:30 is published at 09:00"
    );
    let late = dir.path().join("late");
    assert_exit(&build(&root, &late, &["--now", "2008-09-05 09:30"]), 0);
    assert!(late.join(MEETING).join("c-minutes").exists());
}

// --- the output directory ------------------------------------------------------

/// Runs a build into `output` and asserts that it is refused and that
/// nothing in `watched` changed.
#[track_caller]
fn assert_refused(root: &Path, output: &Path, watched: &Path, why: &str) {
    let before = snapshot(watched);
    let result = build(root, output, &["--now", NOW]);
    assert_exit(&result, 1);
    let err = stderr(&result);
    assert!(err.contains("refusing to write the site"), "{err}");
    assert!(err.contains(why), "{err}");
    assert_same_tree(&before, &snapshot(watched), "the watched folder");
}

#[test]
fn the_site_root_is_refused_as_output() {
    let (dir, root) = copy_fixture("minimal");
    assert_refused(
        &root,
        &root,
        dir.path(),
        "it is the site itself or holds it",
    );
    // …however it is spelt.
    assert_refused(
        &root,
        &root.join("content").join(".."),
        dir.path(),
        "it is the site itself or holds it",
    );
    // A folder that holds the site is refused too.
    assert_refused(
        &root,
        dir.path(),
        dir.path(),
        "it is the site itself or holds it",
    );
    assert_eq!(names_in(dir.path()), ["site"], "no staging folder is left");
}

#[test]
fn a_folder_inside_content_is_refused_as_output() {
    let (dir, root) = copy_fixture("minimal");
    let inside = root.join("content").join("out");
    assert_refused(&root, &inside, dir.path(), "it lies inside content/");
    assert!(!inside.exists());
    assert_refused(
        &root,
        &root.join("content"),
        dir.path(),
        "it lies inside content/",
    );
    assert_refused(
        &root,
        &root.join("content/meetings"),
        dir.path(),
        "it lies inside content/",
    );
}

#[test]
fn a_folder_boardpack_did_not_write_is_refused_as_output() {
    let (dir, root) = copy_fixture("minimal");
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    assert_refused(
        &root,
        &mine,
        dir.path(),
        "it holds files that boardpack did not write",
    );
    assert_eq!(std::fs::read(mine.join("notes.txt")).unwrap(), b"keep me");
    // Another site's folder is refused for holding sources.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("site.yaml"), "title: x\n").unwrap();
    assert_refused(&root, &other, dir.path(), "it holds a site's sources");
}

#[test]
fn an_empty_folder_or_a_previous_build_is_replaced_whole() {
    let (dir, root) = copy_fixture("minimal");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    build_ok(&root, &out, &[]);
    let first = snapshot(&out);
    // A file left in the output from before is gone after the next build.
    std::fs::write(out.join("stale.html"), "old").unwrap();
    std::fs::remove_file(root.join("content/about.md")).unwrap();
    build_ok(&root, &out, &[]);
    let second = snapshot(&out);
    assert!(!second.contains_key("stale.html"));
    assert!(!second.contains_key("about/index.html"));
    assert_eq!(first.len(), second.len() + 1);
    assert_eq!(
        names_in(dir.path()),
        ["out", "site"],
        "no staging folder is left"
    );
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_previous_output() {
    let (dir, root) = copy_fixture("minimal");
    let out = dir.path().join("out");
    build_ok(&root, &out, &[]);
    let before = snapshot(&out);
    // A site template that fails only when pages are rendered, after the
    // staging folder has been started.
    std::fs::create_dir(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/meeting.html"),
        "{% extends \"base.html\" %}{% block content %}{{ meeting.nosuch.field }}{% endblock content %}",
    )
    .unwrap();
    let result = build(&root, &out, &["--now", NOW]);
    assert_exit(&result, 1);
    let err = stderr(&result);
    assert!(err.contains("templates/meeting.html"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_same_tree(&before, &snapshot(&out), "the previous output");
    assert_eq!(
        names_in(dir.path()),
        ["out", "site"],
        "no staging folder is left"
    );
}
