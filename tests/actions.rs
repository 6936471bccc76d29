//! The register of actions, `/actions/`: a section per owner in alphabetical
//! order with "No owner" last; within each, overdue then open then done and
//! dropped; overdue judged against the build's clock; every status in words;
//! counts at the top and per owner; links to the decision and paper; linked
//! from the navigation and the decisions register; nothing withheld.

mod common;

use common::*;

const MEETING: &str = "2008-09-12-members-board";

/// A paper whose actions have every standing, for owners whose names sort
/// differently with and without regard to case. The build's clock is
/// [`NOW`], 1 January 2026.
const PROGRAMMES: &str = r#"---
item: "12"
title: Regional programmes
recommendations:
  - id: a
    text: The regional programmes be agreed.
    outcome: agreed
    actions:
      - {text: Appoint a programme lead, owner: alex, due: 2025-12-01, status: open}
      - {text: Publish the programme, owner: Chair, due: 2026-06-30}
      - {text: Close the old scheme, owner: Chair, status: dropped}
      - {text: Report back to the Board, due: 2026-03-01}
      - {text: Tell the press, status: overdue}
  - id: b
    text: Letters be sent to every council.
    outcome: amended
    actions:
      - {text: Write the letters, owner: Chair, due: 2008-10-15, status: done}
---

Programmes.
"#;

fn build_with_programmes() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = copy_fixture("minimal");
    std::fs::write(
        root.join("content/meetings")
            .join(MEETING)
            .join("e-programmes.md"),
        PROGRAMMES,
    )
    .unwrap();
    let out = tmp.path().join("out");
    build_ok(&root, &out, &[]);
    (tmp, out)
}

/// The text of HTML with its tags dropped and its spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A row of an owner's table as text: (action, due, status).
type Row = (String, String, String);

/// An owner's section as text: its heading, its counts line and its rows.
type OwnerSection = (String, String, Vec<Row>);

fn sections(html: &str) -> Vec<OwnerSection> {
    between(html, "<section aria-labelledby=\"owner-", "</section>")
        .into_iter()
        .map(|section| {
            let heading = text(
                between(section, "<h2", "</h2>")[0]
                    .split_once('>')
                    .unwrap()
                    .1,
            );
            let counts = text(between(section, "<p>", "</p>")[0]);
            let rows = between(section, "<tr class=\"action-", "</tr>")
                .into_iter()
                .map(|row| {
                    let cells: Vec<String> = between(row, "<td>", "</td>")
                        .into_iter()
                        .map(text)
                        .collect();
                    (cells[0].clone(), cells[1].clone(), cells[2].clone())
                })
                .collect();
            (heading, counts, rows)
        })
        .collect()
}

fn row(action: &str, due: &str, status: &str) -> Row {
    (action.into(), due.into(), status.into())
}

#[test]
fn actions_are_grouped_by_owner_with_what_is_late_first() {
    let (_tmp, out) = build_with_programmes();
    let html = page(&out, "actions/index.html");
    assert!(
        text(&html).contains("5 open actions, 3 overdue; 3 done or dropped."),
        "{}",
        text(&html)
    );
    let sections = sections(&html);
    let headings: Vec<&str> = sections.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(headings, ["alex", "Chair", "Director", "No owner"]);
    let rows = |owner: &str| {
        sections
            .iter()
            .find(|s| s.0 == owner)
            .map(|s| (s.1.as_str(), s.2.clone()))
            .unwrap()
    };
    assert_eq!(
        rows("alex"),
        (
            "1 open, 1 overdue.",
            vec![row(
                "Appoint a programme lead",
                "1 December 2025",
                "Overdue"
            )]
        )
    );
    assert_eq!(
        rows("Chair"),
        (
            "2 open, 1 overdue, 2 done or dropped.",
            vec![
                row(
                    "Write to every council about the fund",
                    "1 October 2008",
                    "Overdue"
                ),
                row("Publish the programme", "30 June 2026", "Open"),
                row("Write the letters", "15 October 2008", "Done"),
                row("Close the old scheme", "No date", "Dropped"),
            ]
        )
    );
    assert_eq!(
        rows("Director"),
        (
            "0 open, 1 done or dropped.",
            vec![row("Review use of the fund", "31 March 2009", "Done")]
        )
    );
    assert_eq!(
        rows("No owner"),
        (
            "2 open, 1 overdue.",
            vec![
                row("Tell the press", "No date", "Overdue"),
                row("Report back to the Board", "1 March 2026", "Open"),
            ]
        )
    );
    // The list of owners at the top links to each section.
    for (i, owner) in headings.iter().enumerate() {
        assert!(
            html.contains(&format!("<a href=\"#owner-{}\">{owner}</a>", i + 1)),
            "no link to {owner}'s section"
        );
    }
}

#[test]
fn overdue_is_judged_on_the_builds_clock() {
    let (tmp, root) = copy_fixture("minimal");
    let out = tmp.path().join("out");
    // On 20 September 2008 nothing of the fund was due yet.
    let built = build(&root, &out, &["--now", "2008-09-20"]);
    assert_exit(&built, 0);
    let html = page(&out, "actions/index.html");
    assert!(
        text(&html).contains("1 open action, 0 overdue; 1 done or dropped."),
        "{}",
        text(&html)
    );
    assert!(!html.contains("class=\"overdue\""));
}

#[test]
fn each_action_links_to_its_decision_and_paper() {
    let (_tmp, out) = build_with_programmes();
    let html = page(&out, "actions/index.html");
    let item = format!("/meetings/{MEETING}/e-programmes/");
    assert_contains_all(
        &html,
        &[
            &format!(
                "<a href=\"{item}#recommendations-heading\">Recommendation (b)</a>, agreed as amended, of <a href=\"{item}\">Regional programmes</a>"
            ),
            "Members Board, 12 September 2008 · item 12",
            "<strong class=\"overdue\">Overdue</strong>",
        ],
        "actions/index.html",
    );
    // The fragment names an element of the paper's page.
    let paper = format!("{}index.html", item.trim_start_matches('/'));
    assert!(page(&out, &paper).contains("id=\"recommendations-heading\""));
}

#[test]
fn the_register_is_linked_from_the_navigation_and_the_decisions() {
    let (_tmp, out) = build_with_programmes();
    for file in ["index.html", "decisions/index.html", "meetings/index.html"] {
        assert!(
            page(&out, file).contains("href=\"/actions/\""),
            "{file} does not link to the register of actions"
        );
    }
    assert!(page(&out, "actions/index.html").contains("aria-current=\"page\">Actions</a>"));
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://papers.testshire.example/actions/</loc>"));
}

#[test]
fn no_withheld_action_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(&fixture("confidential"), &out, &[]);
    let html = page(&out, "actions/index.html");
    assert!(!html.contains("LEAK"), "{html}");
    assert!(text(&html).contains("0 open actions, 0 overdue."));
    assert!(html.contains("No actions have been recorded in the public papers."));
}
