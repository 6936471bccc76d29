//! Helpers shared by the integration tests: run the compiled `boardpack`
//! binary on the fixture sites in `tests/sites/` and look at what it wrote.
#![allow(dead_code)]

pub mod preview;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The clock every test build uses unless it says otherwise.
pub const NOW: &str = "2026-01-01";

/// A fixture site under `tests/sites/`, such as `minimal` or `broken/bad-date`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("sites")
        .join(name)
}

/// `boardpack` with `args`, with no `SOURCE_DATE_EPOCH` from the caller's
/// environment so that only `--now` sets the clock.
pub fn command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_boardpack"));
    command.args(args).env_remove("SOURCE_DATE_EPOCH");
    command
}

pub fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    command(args).output().expect("cannot run boardpack")
}

/// `boardpack build --root ROOT --output OUT` with `extra` arguments.
pub fn build(root: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<std::ffi::OsString> = vec![
        "build".into(),
        "--root".into(),
        root.into(),
        "--output".into(),
        output.into(),
    ];
    args.extend(extra.iter().map(Into::into));
    run(args)
}

/// `boardpack check --root ROOT --now NOW`: deadlines are judged on the
/// tests' fixed date.
pub fn check(root: &Path) -> Output {
    run([
        std::ffi::OsStr::new("check"),
        "--root".as_ref(),
        root.as_os_str(),
        "--now".as_ref(),
        NOW.as_ref(),
    ])
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the exit status, showing what boardpack printed when it differs.
#[track_caller]
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit status {code}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
    assert!(
        !stderr(output).contains("panicked"),
        "boardpack panicked:\n{}",
        stderr(output)
    );
}

/// Builds `root` into `output` with `--now NOW` and asserts success.
#[track_caller]
pub fn build_ok(root: &Path, output: &Path, extra: &[&str]) {
    let mut args = vec!["--now", NOW];
    args.extend_from_slice(extra);
    let result = build(root, output, &args);
    assert_exit(&result, 0);
}

/// Every file under `dir` (hidden ones included) by its path relative to
/// `dir` with `/` separators, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.expect("cannot read a directory entry"))
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let kind = entry.file_type().expect("cannot read a file type");
            if kind.is_dir() {
                walk(base, &path, into);
            } else {
                let relative = path
                    .strip_prefix(base)
                    .expect("a path under the base")
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                into.insert(relative, bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// Asserts that two snapshots hold the same files with the same bytes,
/// naming the first differences.
#[track_caller]
pub fn assert_same_tree(
    left: &BTreeMap<String, Vec<u8>>,
    right: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let only_left: Vec<&String> = left.keys().filter(|k| !right.contains_key(*k)).collect();
    let only_right: Vec<&String> = right.keys().filter(|k| !left.contains_key(*k)).collect();
    let differ: Vec<&String> = left
        .iter()
        .filter(|(k, v)| right.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        only_left.is_empty() && only_right.is_empty() && differ.is_empty(),
        "{what}: the trees differ\n  only in the first: {only_left:?}\n  only in the second: {only_right:?}\n  different bytes: {differ:?}"
    );
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fixture copied into a fresh temporary directory, for tests that change
/// it. The site is at `dir.path()/site`.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture(name), &root);
    (dir, root)
}

/// A page of the output as text, with the entities the templates use for
/// `/`, `'`, `"` and `&` decoded so assertions can be written plainly.
#[track_caller]
pub fn page(output: &Path, path: &str) -> String {
    let file = output.join(path);
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    decode(&text)
}

pub fn decode(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Asserts that `haystack` contains every needle, naming the missing ones.
#[track_caller]
pub fn assert_contains_all(haystack: &str, needles: &[&str], what: &str) {
    let missing: Vec<&&str> = needles.iter().filter(|n| !haystack.contains(**n)).collect();
    assert!(
        missing.is_empty(),
        "{what} lacks {missing:?}\n--- {what}\n{haystack}"
    );
}

/// The positions of `needles` in `haystack`, asserting each occurs.
#[track_caller]
pub fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("`{n}` does not occur in\n{haystack}"))
        })
        .collect()
}

/// The texts between every `open` and the next `close`.
pub fn between<'a>(haystack: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = haystack;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(close) else { break };
        found.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    found
}

/// Every occurrence of a `LEAK-…` marker in a snapshot, as `file: marker`.
pub fn leaks(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        let mut i = 0;
        while let Some(offset) = find_bytes(&bytes[i..], b"LEAK-") {
            let start = i + offset;
            let end = bytes[start..]
                .iter()
                .position(|b| !(b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'-'))
                .map_or(bytes.len(), |n| start + n);
            found.push(format!(
                "{path}: {}",
                String::from_utf8_lossy(&bytes[start..end])
            ));
            i = end;
        }
    }
    found
}

pub fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The files of a snapshot that contain `needle` anywhere in their bytes.
pub fn files_containing(files: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(_, bytes)| find_bytes(bytes, needle.as_bytes()).is_some())
        .map(|(path, _)| path.clone())
        .collect()
}

/// The names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
