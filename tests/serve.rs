//! `boardpack serve`: the preview answers over HTTP, adds the reload script,
//! rebuilds when a source changes and shows build errors in the browser.

mod common;

use common::preview::*;
use common::*;

#[test]
fn the_preview_serves_rebuilds_and_reports_errors() {
    let (_dir, root) = copy_fixture("minimal");
    let (_preview, port) = start(&root, None);

    let (status, home) = wait_for("the home page", || {
        get(port, "/").filter(|(s, _)| *s == 200)
    });
    assert_eq!(status, 200);
    assert!(home.contains("Testshire Improvement Partnership"), "{home}");
    assert!(
        home.contains("/__boardpack/version"),
        "the reload script is missing"
    );
    // Absolute addresses point at the preview, not the published site.
    let (_, sitemap) = get(port, "/sitemap.xml").unwrap();
    assert!(
        sitemap.contains(&format!("http://127.0.0.1:{port}/about/")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("__boardpack"));
    assert_eq!(get(port, "/no/such/page/").unwrap().0, 404);
    assert_eq!(get(port, "/../../etc/passwd").unwrap().0, 404);
    let (_, first) = get(port, "/__boardpack/version").unwrap();

    // A change is rebuilt and the version moves on.
    edit_about_and_wait(&root, port, &first);
    let about = root.join("content/about.md");

    // A broken source shows its error in the browser until it is fixed.
    std::fs::write(&about, "---\ntitel: Oops\n---\n").unwrap();
    let (_, page) = wait_for("the error page", || {
        get(port, "/about/").filter(|(_, page)| page.contains("The site did not build"))
    });
    // Only the count: messages may quote withheld papers.
    assert!(page.contains("found 1 error"), "{page}");
    assert!(!page.contains("titel"), "{page}");
}

/// The version the open pages poll.
fn version(port: u16) -> String {
    get(port, "/__boardpack/version").unwrap().1
}

/// Edits the about page's title and waits until the preview serves it with
/// a version other than `before`, which it returns.
fn edit_about_and_wait(root: &std::path::Path, port: u16, before: &str) -> String {
    let about = root.join("content/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        text.replace("About the partnership", "About the Testshire partnership"),
    )
    .unwrap();
    let after = wait_for("a rebuild", || Some(version(port)).filter(|v| v != before));
    wait_for("the new title", || {
        get(port, "/about/").filter(|(_, page)| page.contains("About the Testshire partnership"))
    });
    after
}

#[test]
fn only_a_change_of_content_rebuilds() {
    let (dir, root) = copy_fixture("minimal");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let (preview, port) = start(&root, Some(&tmp));
    wait_for("the home page", || {
        get(port, "/").filter(|(s, _)| *s == 200)
    });
    let first = version(port);

    // Left alone, with a page open and polling, the site is built once:
    // the build's own reads of the sources are not changes.
    for _ in 0..6 {
        std::thread::sleep(std::time::Duration::from_secs(1));
        assert_eq!(version(port), first, "{:#?}", preview.stderr());
        let _ = get(port, "/about/");
    }
    assert_eq!(preview.builds(), 1, "{:#?}", preview.stderr());

    // One edit, one more build, and a new version for the pages.
    let second = edit_about_and_wait(&root, port, &first);
    std::thread::sleep(std::time::Duration::from_secs(4));
    assert_eq!(version(port), second, "{:#?}", preview.stderr());
    assert_eq!(preview.builds(), 2, "{:#?}", preview.stderr());
}

#[cfg(unix)]
#[test]
fn stopping_the_preview_removes_its_temporary_folder() {
    for signal in ["TERM", "INT"] {
        let (dir, root) = copy_fixture("minimal");
        let tmp = dir.path().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let (mut preview, port) = start(&root, Some(&tmp));
        wait_for("the home page", || {
            get(port, "/").filter(|(s, _)| *s == 200)
        });
        let names = names_in(&tmp);
        assert!(
            names.len() == 1 && names[0].starts_with("boardpack-serve-"),
            "the preview builds elsewhere: {names:?}"
        );

        let status = preview.signal(signal);
        assert!(
            status.success(),
            "SIG{signal}: {status}\n{:#?}",
            preview.stderr()
        );
        assert_eq!(names_in(&tmp), Vec::<String>::new(), "after SIG{signal}");
    }
}
