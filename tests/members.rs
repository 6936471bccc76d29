//! Members, attendance and declarations (`tests/sites/members/`), judged
//! on NOW, 1 January 2026, from what the build writes: `/members/`, each
//! member's page, `/declarations/`, the meeting pages and the `members`,
//! `attendance` and `declarations` open data.
//!
//! The fixture's Members Board met, held and published, on 12 March, 18 June
//! and 15 October 2025; its 10 September meeting was cancelled and the one
//! on 11 February 2026 is still to come. It also met on 20 November 2025
//! (a draft) and 10 December 2025 (embargoed until February 2026): those
//! two are withheld, and everything in them is marked `LEAK-…`. The
//! Scrutiny Committee met once, on 9 July 2025.
//!
//! | member | seat on the Members Board | 12 Mar | 18 Jun | 15 Oct |
//! | --- | --- | --- | --- | --- |
//! | Ada Quill | Chair, from 1 January 2025 | present | present | present |
//! | Basil Fenwick | Vice-Chair, no term | present | apologies | absent |
//! | Carla Ngata | from 1 June 2025 | – | present | apologies |
//! | Dev Okafor | 2025 | present | substituted by Eve Lunn | present |
//! | Finn Hale | until 30 April 2025 | present | – | in attendance |
//!
//! Eve Lunn chairs the Scrutiny Committee (present on 9 July) and has no
//! seat on the Members Board: her substitution is "in attendance".

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const MARCH: &str = "2025-03-12-members-board";
const JUNE: &str = "2025-06-18-members-board";
const SEPTEMBER: &str = "2025-09-10-members-board";
const JULY_SCRUTINY: &str = "2025-07-09-scrutiny-board";
const OCTOBER: &str = "2025-10-15-members-board";
const DRAFT: &str = "2025-11-20-members-board";
const EMBARGOED: &str = "2025-12-10-members-board";
const NEXT: &str = "2026-02-11-members-board";

const BASE: &str = "https://papers.testshire.example/";

/// The fixture built once for every test of this file.
fn out() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("members-site");
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        build_ok(&fixture("members"), &out, &[]);
        out
    })
}

/// A page of the build, entities decoded, from `<main` on: the header's
/// navigation and the footer are left out, so that an assertion about a
/// link means the content's link.
fn main_of(path: &str) -> String {
    let html = page(out(), path);
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("{path} has no <main>"));
    let end = html.find("</main>").unwrap_or(html.len());
    html[start..end].to_string()
}

fn member_page(id: &str) -> String {
    main_of(&format!("members/{id}/index.html"))
}

fn meeting_page(folder: &str) -> String {
    main_of(&format!("meetings/{folder}/index.html"))
}

/// `data/<name>.csv` as rows of column to value.
fn csv(name: &str) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(out().join(format!("data/{name}.csv"))).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            header
                .iter()
                .cloned()
                .zip(record.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// `data/attendance.csv` for one member: (meeting, status, counted, note).
fn attendance_of(id: &str) -> Vec<(String, String, String, String)> {
    csv("attendance")
        .into_iter()
        .filter(|row| row["member"] == id)
        .map(|row| {
            (
                row["meeting"].clone(),
                row["status"].clone(),
                row["counted"].clone(),
                row["note"].clone(),
            )
        })
        .collect()
}

fn row(meeting: &str, status: &str, counted: bool, note: &str) -> (String, String, String, String) {
    (
        meeting.to_string(),
        status.to_string(),
        counted.to_string(),
        note.to_string(),
    )
}

/// `data/members.csv`'s row for one member.
fn member_row(id: &str) -> BTreeMap<String, String> {
    let rows: Vec<_> = csv("members")
        .into_iter()
        .filter(|row| row["member"] == id)
        .collect();
    assert_eq!(rows.len(), 1, "one row for {id} in members.csv");
    rows.into_iter().next().unwrap()
}

/// The counts of `members.csv` in the order of its columns: expected,
/// present, substituted, apologies, absent and the rate.
fn counts(id: &str) -> [String; 6] {
    let row = member_row(id);
    [
        "expected",
        "present",
        "substituted",
        "apologies",
        "absent",
        "attendance_rate",
    ]
    .map(|column| row[column].clone())
}

/// The rows of the attendance table of a member page: (meeting link text,
/// attendance cell).
fn attendance_table(html: &str) -> Vec<(String, String)> {
    let section = between(html, "<h2 id=\"attendance-heading\">", "</section>")
        .into_iter()
        .next()
        .expect("an attendance section");
    between(section, "<tr><td><time", "</tr>")
        .into_iter()
        .map(|cells| {
            let title = between(cells, "/\">", "</a>")
                .into_iter()
                .next()
                .unwrap_or_default()
                .to_string();
            let status = cells
                .rsplit("<td>")
                .next()
                .unwrap_or_default()
                .trim_end_matches("</td>")
                .to_string();
            (title, status)
        })
        .collect()
}

fn pair(title: &str, status: &str) -> (String, String) {
    (title.to_string(), status.to_string())
}

#[test]
fn a_member_whose_term_starts_mid_year_counts_only_the_meetings_in_it() {
    // Carla Ngata's seat starts on 1 June 2025: not the March meeting.
    assert_eq!(counts("cllr-carla-ngata"), ["2", "1", "0", "1", "0", "50"]);
    assert_eq!(
        attendance_of("cllr-carla-ngata"),
        [
            row(JUNE, "present", true, ""),
            row(OCTOBER, "apologies", true, ""),
        ]
    );
    let html = member_page("cllr-carla-ngata");
    assert_eq!(
        attendance_table(&html),
        [
            pair("Members Board, 15 October 2025", "Apologies"),
            pair("Members Board, 18 June 2025", "Present"),
        ]
    );
    assert!(!html.contains(MARCH), "{html}");
    assert_contains_all(
        &html,
        &[
            "<dt>Attendance</dt><dd>1 of 2 meetings (50%)</dd>",
            "<a href=\"/boards/members-board/\">Members Board</a> <span class=\"meta\">(Since 1 June 2025)</span>",
        ],
        "Carla Ngata's page",
    );
}

#[test]
fn a_member_whose_term_has_ended_is_in_attendance_and_not_counted() {
    // Finn Hale's seat ended on 30 April 2025; he came to the October
    // meeting all the same.
    assert_eq!(counts("cllr-finn-hale"), ["1", "1", "0", "0", "0", "100"]);
    assert_eq!(
        attendance_of("cllr-finn-hale"),
        [
            row(MARCH, "present", true, ""),
            row(OCTOBER, "in-attendance", false, ""),
        ]
    );
    let html = member_page("cllr-finn-hale");
    assert_eq!(
        attendance_table(&html),
        [
            pair("Members Board, 15 October 2025", "In attendance"),
            pair("Members Board, 12 March 2025", "Present"),
        ]
    );
    assert_contains_all(
        &html,
        &[
            "<dt>Attendance</dt><dd>1 of 1 meeting (100%)</dd>",
            "(From 1 January 2025 to 30 April 2025)",
            "<li>Other meetings attended: 1</li>",
        ],
        "Finn Hale's page",
    );
}

#[test]
fn a_substitute_is_in_attendance_and_the_member_replaced_is_substituted() {
    assert_eq!(
        attendance_of("cllr-dev-okafor"),
        [
            row(MARCH, "present", true, ""),
            row(
                JUNE,
                "substituted",
                true,
                "Cllr Eve Lunn attended in their place"
            ),
            row(OCTOBER, "present", true, ""),
        ]
    );
    // Eve Lunn sits on the Scrutiny Committee only: substituting on the
    // Members Board is not in her rate.
    assert_eq!(
        attendance_of("cllr-eve-lunn"),
        [
            row(JUNE, "in-attendance", false, "In place of Cllr Dev Okafor"),
            row(JULY_SCRUTINY, "present", true, ""),
        ]
    );
    assert_eq!(counts("cllr-dev-okafor"), ["3", "2", "1", "0", "0", "67"]);
    assert_eq!(counts("cllr-eve-lunn"), ["1", "1", "0", "0", "0", "100"]);

    let dev = member_page("cllr-dev-okafor");
    assert_eq!(
        attendance_table(&dev),
        [
            pair("Members Board, 15 October 2025", "Present"),
            pair(
                "Members Board, 18 June 2025",
                "Substituted <span class=\"meta\">(Cllr Eve Lunn attended in their place)</span>"
            ),
            pair("Members Board, 12 March 2025", "Present"),
        ]
    );
    assert!(dev.contains("<li>Substituted: 1</li>"), "{dev}");
    let eve = member_page("cllr-eve-lunn");
    assert_eq!(
        attendance_table(&eve),
        [
            pair("Scrutiny Committee, 9 July 2025", "Present"),
            pair(
                "Members Board, 18 June 2025",
                "In attendance <span class=\"meta\">(In place of Cllr Dev Okafor)</span>"
            ),
        ]
    );
    assert_contains_all(
        &eve,
        &[
            "<dt>Attendance</dt><dd>1 of 1 meeting (100%)</dd>",
            "<li>Other meetings attended: 1</li>",
        ],
        "Eve Lunn's page",
    );
    assert!(
        meeting_page(JUNE).contains(
            "<h3>Substitutes</h3><ul><li><a href=\"/members/cllr-eve-lunn/\">Cllr Eve Lunn</a>, in place of <a href=\"/members/cllr-dev-okafor/\">Cllr Dev Okafor</a></li></ul>"
        ),
        "{}",
        meeting_page(JUNE)
    );
}

#[test]
fn present_apologies_and_absent_make_the_rate() {
    // Expected, present, substituted, apologies, absent, rate.
    assert_eq!(counts("cllr-ada-quill"), ["3", "3", "0", "0", "0", "100"]);
    assert_eq!(
        counts("cllr-basil-fenwick"),
        ["3", "1", "0", "1", "1", "33"]
    );
    assert_eq!(
        attendance_of("cllr-basil-fenwick"),
        [
            row(MARCH, "present", true, ""),
            row(JUNE, "apologies", true, ""),
            row(OCTOBER, "absent", true, ""),
        ]
    );
    let basil = member_page("cllr-basil-fenwick");
    assert_contains_all(
        &basil,
        &[
            "<dt>Party or group</dt><dd>Labour</dd>",
            "<dt>Attendance</dt><dd>1 of 3 meetings (33%)</dd>",
            "<li>Present: 1</li>",
            "<li>Substituted: 0</li>",
            "<li>Apologies: 1</li>",
            "<li>Absent: 1</li>",
        ],
        "Basil Fenwick's page",
    );
    assert!(!basil.contains("Other meetings attended"), "{basil}");
    assert_eq!(
        attendance_table(&basil),
        [
            pair("Members Board, 15 October 2025", "Absent"),
            pair("Members Board, 18 June 2025", "Apologies"),
            pair("Members Board, 12 March 2025", "Present"),
        ]
    );

    // /members/: name, boards, organisation, expected, attended, rate.
    let index = main_of("members/index.html");
    let rows = between(&index, "<tr><td><a href=\"/members/", "</tr>");
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|row| {
            between(row, "<td class=\"num\">", "</td>")
                .into_iter()
                .collect()
        })
        .collect();
    assert_eq!(
        cells,
        [
            ["3", "3", "100%"],
            ["3", "1", "33%"],
            ["2", "1", "50%"],
            ["3", "2", "67%"],
            ["1", "1", "100%"],
            ["1", "1", "100%"],
        ],
        "{index}"
    );
    assert!(
        positions(
            &index,
            &[
                ">Cllr Ada Quill</a>",
                ">Cllr Basil Fenwick</a>",
                ">Cllr Carla Ngata</a>",
                ">Cllr Dev Okafor</a>",
                ">Cllr Eve Lunn</a>",
                ">Cllr Finn Hale</a>",
            ]
        )
        .windows(2)
        .all(|w| w[0] < w[1]),
        "members are listed in the order site.yaml gives them"
    );
    assert_contains_all(
        &index,
        &[
            "<a href=\"/members/cllr-basil-fenwick/\">Cllr Basil Fenwick</a><br><span class=\"meta\">Labour</span></td>\n    <td>Members Board (Vice-Chair)</td>\n    <td>Testford Borough Council</td>",
            "<td>Scrutiny Committee (Chair)</td>",
            "<a href=\"/declarations/\">",
        ],
        "/members/",
    );
    // The co-opted member by name has no page of their own.
    assert!(!index.contains("Gus Grant"), "{index}");
    assert!(!out().join("members/mr-gus-grant").exists());
    let members = csv("members");
    assert_eq!(
        members
            .iter()
            .map(|r| r["url"].as_str())
            .collect::<Vec<_>>(),
        [
            "cllr-ada-quill",
            "cllr-basil-fenwick",
            "cllr-carla-ngata",
            "cllr-dev-okafor",
            "cllr-eve-lunn",
            "cllr-finn-hale",
        ]
        .map(|id| format!("{BASE}members/{id}/"))
    );
}

#[test]
fn cancelled_and_scheduled_meetings_count_for_nobody() {
    let rows = csv("attendance");
    let meetings: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["meeting"].as_str()).collect();
    assert_eq!(
        meetings.into_iter().collect::<Vec<_>>(),
        [MARCH, JUNE, JULY_SCRUTINY, OCTOBER],
        "only the published, held meetings have attendance"
    );
    // Both are published, and on no member's page.
    for folder in [SEPTEMBER, NEXT] {
        assert!(
            out()
                .join(format!("meetings/{folder}/index.html"))
                .is_file()
        );
        for member in ["cllr-ada-quill", "cllr-basil-fenwick", "cllr-dev-okafor"] {
            let html = member_page(member);
            assert!(!html.contains(folder), "{member}'s page lists {folder}");
        }
    }
    assert_eq!(rows.len(), 15);
}

#[test]
fn a_withheld_meeting_counts_for_nobody_and_leaks_nothing() {
    // The markers are there to be found: the search below searches
    // something.
    for folder in [DRAFT, EMBARGOED] {
        let source = std::fs::read_to_string(
            fixture("members").join(format!("content/meetings/{folder}/_meeting.md")),
        )
        .unwrap();
        assert!(source.contains("LEAK-") && source.contains("attendees:"));
        assert!(source.contains("declarations:"));
    }
    let files = snapshot(out());
    assert!(files.contains_key("members/cllr-ada-quill/index.html"));
    let leaked = leaks(&files);
    assert!(
        leaked.is_empty(),
        "withheld content reached the output: {leaked:#?}"
    );
    for withheld in [DRAFT, EMBARGOED, "20 November 2025", "10 December 2025"] {
        assert_eq!(
            files_containing(&files, withheld),
            Vec::<String>::new(),
            "{withheld} is named in the output"
        );
    }
    // Ada Quill attended both withheld meetings; Basil Fenwick sent
    // apologies to the draft one and declared at the embargoed one; Dev
    // Okafor sent apologies to the embargoed one.
    assert_eq!(counts("cllr-ada-quill")[0], "3");
    assert_eq!(counts("cllr-basil-fenwick")[3], "1");
    assert_eq!(counts("cllr-dev-okafor")[3], "0");
    // Recorded votes of the withheld meetings and of the draft item name
    // Basil Fenwick and Carla Ngata: neither has a named vote.
    for id in ["cllr-basil-fenwick", "cllr-carla-ngata"] {
        assert!(
            member_page(id).contains("<p>No recorded vote names this member.</p>"),
            "{id}"
        );
    }
}

#[test]
fn names_written_with_a_note_by_id_or_in_another_case_all_match() {
    let march = meeting_page(MARCH);
    assert!(
        march.contains(
            "<h3>Present</h3><ul><li><a href=\"/members/cllr-ada-quill/\">Cllr Ada Quill (Chair)</a></li><li><a href=\"/members/cllr-basil-fenwick/\">Cllr Basil Fenwick</a></li><li><a href=\"/members/cllr-dev-okafor/\">cllr  dev   OKAFOR</a></li><li><a href=\"/members/cllr-finn-hale/\">Cllr Finn Hale</a></li><li>Mr Gus Grant</li></ul>"
        ),
        "a note, an id (shown as the name), another case and spacing, and a guest:\n{march}"
    );
    // Officers are people, not members: listed as written.
    assert!(
        march.contains(
            "<h3>Officers in attendance</h3><ul><li>Hana Price (Monitoring Officer)</li></ul>"
        ),
        "{march}"
    );
    let june = meeting_page(JUNE);
    assert_contains_all(
        &june,
        &[
            "<li><a href=\"/members/cllr-ada-quill/\">CLLR ADA QUILL</a></li>",
            "<h3>Apologies</h3><ul><li><a href=\"/members/cllr-basil-fenwick/\">Cllr Basil Fenwick (Vice-Chair)</a></li></ul>",
        ],
        "the June meeting",
    );
    // Each of those counted where it belongs.
    assert_eq!(
        attendance_of("cllr-ada-quill")[1],
        row(JUNE, "present", true, "")
    );
    assert_eq!(
        attendance_of("cllr-dev-okafor")[0],
        row(MARCH, "present", true, "")
    );
    // The October meeting names Ada Quill by id.
    assert!(
        meeting_page(OCTOBER)
            .contains("<li><a href=\"/members/cllr-ada-quill/\">Cllr Ada Quill</a></li>")
    );
}

#[test]
fn declarations_by_meeting_and_by_member() {
    let html = main_of("declarations/index.html");
    let by_meeting = between(&html, "<tbody>", "</tbody>")[0];
    let rows: Vec<&str> = between(by_meeting, "<tr>", "</tr>");
    assert_eq!(
        rows,
        [
            "<td><a href=\"/meetings/2025-10-15-members-board/\">Members Board, 15 October 2025</a></td><td>4</td><td><a href=\"/members/cllr-dev-okafor/\">cllr dev okafor (Testford Borough Council)</a></td><td>Non-registrable interest</td><td>His daughter uses the youth service.</td><td>No</td>",
            "<td><a href=\"/meetings/2025-06-18-members-board/\">Members Board, 18 June 2025</a></td><td>3</td><td><a href=\"/members/cllr-carla-ngata/\">Cllr Carla Ngata</a></td><td>Lobbying</td><td>Lobbied by the Friends of Testford Library about its opening hours.</td><td>No</td>",
            "<td><a href=\"/meetings/2025-03-12-members-board/\">Members Board, 12 March 2025</a></td><td>4</td><td><a href=\"/members/cllr-basil-fenwick/\">Cllr Basil Fenwick</a></td><td>Disclosable pecuniary interest</td><td>Director of Testford Leisure Ltd, which bids for the contract.</td><td>Yes</td>",
        ],
        "newest meeting first"
    );
    let by_member = between(
        &html,
        "<h2 id=\"by-member-heading\">By member</h2>",
        "</section>",
    )[0];
    // Dev Okafor's declaration was minuted as "cllr dev okafor (Testford
    // Borough Council)": his group bears his name.
    assert_eq!(
        between(by_member, "<h3>", "</h3>"),
        [
            "<a href=\"/members/cllr-basil-fenwick/\">Cllr Basil Fenwick</a>",
            "<a href=\"/members/cllr-carla-ngata/\">Cllr Carla Ngata</a>",
            "<a href=\"/members/cllr-dev-okafor/\">Cllr Dev Okafor</a>",
        ]
    );
    assert!(
        by_member.contains("<li><a href=\"/meetings/2025-03-12-members-board/\">Members Board, 12 March 2025</a>, item 4: Disclosable pecuniary interest. Director of Testford Leisure Ltd, which bids for the contract. <span class=\"meta\">(left the room)</span></li>"),
        "{by_member}"
    );
    assert_eq!(by_member.matches("(left the room)").count(), 1);

    // The meeting page, written by id, shows the member's name.
    assert!(meeting_page(MARCH).contains(
        "<tbody><tr><td><a href=\"/members/cllr-basil-fenwick/\">Cllr Basil Fenwick</a></td><td>4</td><td>Disclosable pecuniary interest</td><td>Director of Testford Leisure Ltd, which bids for the contract.</td><td>Yes</td></tr></tbody>"
    ));
    // Each member's page has their own.
    assert!(member_page("cllr-carla-ngata").contains(
        "<td>3</td><td>Lobbying</td><td>Lobbied by the Friends of Testford Library about its opening hours.</td><td>No</td>"
    ));
    // Ada Quill's declaration is on item 5 of October, a draft: nowhere.
    let ada = member_page("cllr-ada-quill");
    assert!(
        ada.contains("<p>No declarations of interest are recorded.</p>"),
        "{ada}"
    );
    assert!(!meeting_page(OCTOBER).contains("<td>5</td>"));

    let data = csv("declarations");
    let columns = |row: &BTreeMap<String, String>| -> Vec<String> {
        [
            "meeting",
            "date",
            "position",
            "item",
            "member",
            "name",
            "kind",
            "left_room",
        ]
        .iter()
        .map(|c| row[*c].clone())
        .collect()
    };
    assert_eq!(
        data.iter().map(columns).collect::<Vec<_>>(),
        [
            [
                MARCH,
                "2025-03-12",
                "1",
                "4",
                "cllr-basil-fenwick",
                "Cllr Basil Fenwick",
                "pecuniary",
                "true"
            ],
            [
                JUNE,
                "2025-06-18",
                "1",
                "3",
                "cllr-carla-ngata",
                "Cllr Carla Ngata",
                "lobbying",
                "false"
            ],
            [
                OCTOBER,
                "2025-10-15",
                "1",
                "4",
                "cllr-dev-okafor",
                "cllr dev okafor (Testford Borough Council)",
                "non-registrable",
                "false"
            ],
        ]
    );
    assert_eq!(
        data[0]["interest"],
        "Director of Testford Leisure Ltd, which bids for the contract."
    );
    assert_eq!(
        data[0]["member_url"],
        format!("{BASE}members/cllr-basil-fenwick/")
    );
    assert_eq!(data[0]["meeting_url"], format!("{BASE}meetings/{MARCH}/"));
}

#[test]
fn draft_minutes_say_so_and_approved_ones_link_the_approving_meeting() {
    let october = meeting_page(OCTOBER);
    assert!(
        october.contains("<p class=\"notice\"><strong>Draft minutes:</strong> these minutes are not yet approved."),
        "{october}"
    );
    assert!(!october.contains("approved as a correct record"));
    let march = meeting_page(MARCH);
    assert!(
        march.contains("<p class=\"notice\">These minutes were approved as a correct record at the <a href=\"/meetings/2025-06-18-members-board/\">Members Board, 18 June 2025</a>.</p>"),
        "{march}"
    );
    assert!(!march.contains("Draft minutes"));
    // Approved with no approving meeting named.
    let june = meeting_page(JUNE);
    assert!(
        june.contains("<p class=\"notice\">These minutes were approved as a correct record.</p>"),
        "{june}"
    );
    // A meeting that is not held has no minutes to approve.
    let september = meeting_page(SEPTEMBER);
    assert!(!september.contains("Draft minutes"), "{september}");
    assert!(!september.contains("correct record"), "{september}");
}

#[test]
fn the_webcast_is_linked_from_the_meeting_page() {
    assert!(meeting_page(MARCH).contains(
        "<dt>Webcast</dt><dd><a href=\"https://webcasts.testshire.example/2025-03-12\">Watch the meeting</a> <span class=\"meta\">(on another website)</span></dd>"
    ));
    assert!(!meeting_page(JUNE).contains("<dt>Webcast</dt>"));
}

#[test]
fn named_votes_appear_on_the_members_pages() {
    let vote = |id: &str| {
        let html = member_page(id);
        let section = between(&html, "<h2 id=\"votes-heading\">", "</section>")[0].to_string();
        between(&section, "<tr><td>", "</tr>")
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let row = |how: &str| {
        format!(
            "<a href=\"/meetings/{OCTOBER}/\">Members Board, 15 October 2025</a></td><td><a href=\"/meetings/{OCTOBER}/04-youth-service/\">4. Youth service budget</a></td><td>The youth service budget for 2026/27 be agreed.</td><td>{how}</td><td>Agreed</td>"
        )
    };
    // Written "Cllr Ada Quill (Chair)" and "cllr-dev-okafor".
    assert_eq!(vote("cllr-ada-quill"), [row("For")]);
    assert_eq!(vote("cllr-dev-okafor"), [row("Against")]);
    assert!(vote("cllr-eve-lunn").is_empty());
}

#[test]
fn the_json_holds_the_same_rows_as_the_csv_with_types() {
    let json = |name: &str| -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(out().join(format!("data/{name}.json"))).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    for name in ["members", "attendance", "declarations"] {
        assert_eq!(json(name).len(), csv(name).len(), "{name}");
    }
    let members = json("members");
    assert_eq!(members[3]["member"], "cllr-dev-okafor");
    assert_eq!(members[3]["attendance_rate"], 67);
    assert_eq!(members[3]["expected"], 3);
    assert_eq!(members[3]["party"], serde_json::Value::Null);
    let attendance = json("attendance");
    let eve = attendance
        .iter()
        .find(|r| r["member"] == "cllr-eve-lunn" && r["meeting"] == JUNE)
        .unwrap();
    assert_eq!(eve["status"], "in-attendance");
    assert_eq!(eve["counted"], false);
    let declarations = json("declarations");
    assert_eq!(declarations[0]["left_room"], true);
    assert_eq!(declarations[0]["kind"], "pecuniary");
}
