//! `boardpack serve`: build, serve the site on a local port, rebuild when a
//! source changes and reload the open pages.
//!
//! The preview is built into a temporary folder with the local address as
//! its base URL, so `output/` is left alone. The reload script is added to
//! pages as they are served; it is never written into a build.
//!
//! Only a change of content rebuilds: a source created, written, removed or
//! renamed. The watcher also reports every time a build opens and reads the
//! sources; those events, and changes of permissions or times alone, are
//! ignored, or each build would start the next.

use std::collections::BTreeSet;
use std::io::{Cursor, IsTerminal};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use tiny_http::{Header, Response, Server};

use crate::diagnostics::emit;

/// The address pages poll to learn that the site was rebuilt.
const VERSION_PATH: &str = "/__boardpack/version";

/// Polls the build version and reloads the page when it changes.
const RELOAD_SCRIPT: &str = "<script>(function(){var v=null;function poll(){fetch('/__boardpack/version',{cache:'no-store'}).then(function(r){return r.text();}).then(function(t){if(v!==null&&t!==v){location.reload();}v=t;}).catch(function(){}).finally(function(){setTimeout(poll,1000);});}poll();})();</script>";

/// What a build reads, relative to the site root. Nothing else there is
/// watched, so writing `output/` or editing the README rebuilds nothing.
const SOURCES: [&str; 5] = [
    crate::content::CONTENT_DIR,
    crate::config::CONFIG_FILE,
    "templates",
    "static",
    "themes",
];

/// How long the sources must stay unchanged before a rebuild starts, so that
/// one save (truncate, write, rename…) is one rebuild.
const QUIET: Duration = Duration::from_millis(200);

/// The longest a rebuild waits for the sources to go quiet.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// The state shared by the server and the rebuilds.
struct Preview {
    root: PathBuf,
    output: PathBuf,
    base_url: String,
    drafts: bool,
    /// Bumped after every rebuild, successful or not.
    version: AtomicU64,
    /// How many errors the last build had, when it failed. Only the count
    /// reaches the browser: messages may quote withheld papers, and the
    /// preview may be reachable from other machines.
    errors: Mutex<Option<usize>>,
    /// Held while a build runs, and by the signal handler from the moment it
    /// removes the temporary folder, so that no build writes into it again.
    building: Mutex<()>,
}

impl Preview {
    fn rebuild(&self) {
        let _building = self.building.lock().unwrap_or_else(|e| e.into_inner());
        let options = crate::Options {
            root: self.root.clone(),
            output: self.output.clone(),
            drafts: self.drafts,
            now: match crate::clock(None) {
                Ok(now) => now,
                Err(message) => {
                    eprintln!("error: {message}");
                    self.fail(1);
                    return;
                }
            },
            base_url: Some(self.base_url.clone()),
        };
        let started = std::time::Instant::now();
        match crate::build(&options) {
            Ok(report) => {
                eprintln!(
                    "rebuilt {} pages in {:.2?}",
                    report.pages,
                    started.elapsed()
                );
                *self.errors.lock().unwrap_or_else(|e| e.into_inner()) = None;
            }
            Err(errors) => {
                eprint!(
                    "{}",
                    emit(&errors, &self.root, std::io::stderr().is_terminal())
                );
                self.fail(errors.error_count());
            }
        }
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    fn fail(&self, count: usize) {
        *self.errors.lock().unwrap_or_else(|e| e.into_inner()) = Some(count);
    }
}

/// Runs the preview until the process is stopped. Ctrl-C, SIGTERM and
/// SIGHUP remove the temporary folder and end it with status 0.
pub fn run(root: &Path, bind: &str, port: u16, drafts: bool) -> ExitCode {
    let server = match Server::http((bind, port)) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot listen on {bind}:{port}: {err}");
            return ExitCode::from(2);
        }
    };
    let folder =
        TempFolder(std::env::temp_dir().join(format!("boardpack-serve-{}", std::process::id())));
    let preview = Arc::new(Preview {
        root: root.to_path_buf(),
        output: folder.0.join("site"),
        base_url: format!("http://{bind}:{port}/"),
        drafts,
        version: AtomicU64::new(0),
        errors: Mutex::new(None),
        building: Mutex::new(()),
    });
    let stopping = Arc::clone(&preview);
    let removed = folder.0.clone();
    if let Err(err) = ctrlc::set_handler(move || {
        // Wait for a build in progress, and start none after this.
        let _building = stopping.building.lock().unwrap_or_else(|e| e.into_inner());
        let _ = std::fs::remove_dir_all(&removed);
        std::process::exit(0);
    }) {
        eprintln!("warning: cannot remove the temporary folder on Ctrl-C: {err}");
    }
    let _ = std::fs::create_dir_all(&folder.0);
    preview.rebuild();

    let watch = Watch::new(root, &folder.0);
    let (sender, changes) = channel();
    let handler = {
        let watch = watch.clone();
        move |event: notify::Result<Event>| {
            for path in event.map(|e| watch.changed(&e)).unwrap_or_default() {
                let _ = sender.send(path);
            }
        }
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(watcher) => watcher,
        Err(err) => {
            eprintln!("error: cannot watch {}: {err}", root.display());
            return ExitCode::from(1);
        }
    };
    // The root itself not recursively: for `site.yaml`, which editors may
    // replace rather than write, and for source folders added or removed.
    let mut watched = vec![(watch.root.clone(), RecursiveMode::NonRecursive)];
    for name in SOURCES {
        let path = watch.root.join(name);
        if path.is_dir() {
            watched.push((path, RecursiveMode::Recursive));
        }
    }
    for (path, mode) in watched {
        if let Err(err) = watcher.watch(&path, mode) {
            eprintln!("warning: cannot watch {}: {err}", path.display());
        }
    }
    let rebuilding = Arc::clone(&preview);
    let root_shown = watch.root.clone();
    std::thread::spawn(move || rebuild_on_change(&rebuilding, &root_shown, &changes));

    eprintln!(
        "serving {} at {} (press Ctrl-C to stop)",
        root.display(),
        preview.base_url
    );
    for request in server.incoming_requests() {
        let response = respond(&preview, request.url());
        let _ = request.respond(response);
    }
    ExitCode::SUCCESS
}

/// The preview's temporary folder, removed when the preview ends.
struct TempFolder(PathBuf);

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Decides which watcher events are changes to the sources.
#[derive(Clone)]
struct Watch {
    /// The site root, as the watcher names paths under it.
    root: PathBuf,
    /// Never a source: the preview's temporary folder, in case it lies
    /// under the root.
    ignored: PathBuf,
}

impl Watch {
    fn new(root: &Path, ignored: &Path) -> Self {
        Watch {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            ignored: ignored
                .canonicalize()
                .unwrap_or_else(|_| ignored.to_path_buf()),
        }
    }

    /// The sources an event changes, if it changes content at all.
    fn changed(&self, event: &Event) -> Vec<PathBuf> {
        if !changes_content(&event.kind) {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter(|path| !path.starts_with(&self.ignored) && is_source(&self.root, path))
            .cloned()
            .collect()
    }
}

/// Whether an event changes what a build would read: something created,
/// written, removed or renamed. Opening and reading a file (which every
/// build does), and changes of permissions or times alone, are not.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Whether `path` is a source: under one of [`SOURCES`], and neither hidden
/// nor under a hidden folder (editors' swap files, `.git`).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    relative
        .components()
        .next()
        .is_some_and(|first| SOURCES.iter().any(|s| first.as_os_str() == *s))
        && !relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Rebuilds once the sources have gone quiet after a change, for as long as
/// the watcher runs.
fn rebuild_on_change(preview: &Preview, root: &Path, changes: &Receiver<PathBuf>) {
    while let Ok(first) = changes.recv() {
        let mut changed = BTreeSet::from([first]);
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            match changes.recv_timeout(QUIET) {
                Ok(path) => {
                    changed.insert(path);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let mut names = changed
            .iter()
            .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string());
        let first = names.next().unwrap_or_default();
        match changed.len() {
            1 => eprintln!("changed: {first}"),
            n => eprintln!("changed: {first} and {} more", n - 1),
        }
        preview.rebuild();
    }
}

fn respond(preview: &Preview, url: &str) -> Response<Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == VERSION_PATH {
        let version = preview.version.load(Ordering::SeqCst).to_string();
        return with_type(
            Response::from_data(version.into_bytes()),
            "text/plain; charset=utf-8",
        );
    }
    let errors = *preview.errors.lock().unwrap_or_else(|e| e.into_inner());
    let Some(file) = file_for(&preview.output, path) else {
        return not_found(preview);
    };
    if let Some(errors) = errors.filter(|_| is_html(&file)) {
        return with_type(
            Response::from_data(error_page(errors).into_bytes()),
            "text/html; charset=utf-8",
        );
    }
    match std::fs::read(&file) {
        Ok(bytes) if is_html(&file) => {
            with_type(Response::from_data(with_reload(bytes)), content_type(&file))
        }
        Ok(bytes) => with_type(Response::from_data(bytes), content_type(&file)),
        Err(_) => not_found(preview),
    }
}

fn not_found(preview: &Preview) -> Response<Cursor<Vec<u8>>> {
    let page =
        std::fs::read(preview.output.join("404.html")).unwrap_or_else(|_| b"Not found".to_vec());
    with_type(
        Response::from_data(with_reload(page)),
        "text/html; charset=utf-8",
    )
    .with_status_code(404)
}

/// The file a URL path names in the built site: `/x/` is `x/index.html`.
/// Paths that would leave the site are refused.
fn file_for(output: &Path, path: &str) -> Option<PathBuf> {
    let decoded = crate::content::markdown::percent_decode(path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = output.join(relative);
    if file.is_dir() {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

fn is_html(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "html")
}

/// Adds the reload script before `</body>`.
fn with_reload(bytes: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&bytes);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

/// Says in the browser that the build failed, until it is fixed. The
/// errors themselves are in the terminal.
fn error_page(count: usize) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body style=\"font-family:sans-serif;margin:2rem\"><h1>The site did not build</h1><p>The build found {count} error{plural}. The terminal running <code>boardpack serve</code> shows each with its file and line. Fix them and save: this page reloads by itself.</p>{RELOAD_SCRIPT}</body></html>"
    )
}

fn with_type(response: Response<Cursor<Vec<u8>>>, content_type: &str) -> Response<Cursor<Vec<u8>>> {
    match Header::from_bytes("Content-Type", content_type) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_inside_the_site_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("meetings/x")).unwrap();
        assert_eq!(
            file_for(dir.path(), "/meetings/x/"),
            Some(dir.path().join("meetings/x/index.html"))
        );
        assert_eq!(
            file_for(dir.path(), "/style.css"),
            Some(dir.path().join("style.css"))
        );
        assert_eq!(file_for(dir.path(), "/../etc/passwd"), None);
        assert_eq!(file_for(dir.path(), "/%2e%2e/etc/passwd"), None);
    }

    #[test]
    fn pages_get_the_reload_script_before_the_body_ends() {
        let page =
            String::from_utf8(with_reload(b"<html><body><p>x</p></body></html>".to_vec())).unwrap();
        assert!(page.ends_with(&format!("<p>x</p>{RELOAD_SCRIPT}</body></html>")));
    }

    #[test]
    fn the_error_page_gives_only_the_count() {
        assert!(error_page(2).contains("found 2 errors"));
        assert!(error_page(1).contains("found 1 error."));
    }

    #[test]
    fn only_sources_trigger_rebuilds() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/a.md")));
        assert!(is_source(root, Path::new("/site/site.yaml")));
        assert!(is_source(
            root,
            Path::new("/site/themes/x/templates/a.html")
        ));
        assert!(!is_source(root, Path::new("/site/output/index.html")));
        assert!(!is_source(root, Path::new("/site/README.md")));
        assert!(!is_source(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_source(root, Path::new("/elsewhere/content/a.md")));
    }

    #[test]
    fn reading_a_source_is_not_a_change() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode,
        };
        let watch = Watch {
            root: PathBuf::from("/site"),
            ignored: PathBuf::from("/site/content/tmp/boardpack-serve-1"),
        };
        let event = |kind| Event::new(kind).add_path(PathBuf::from("/site/content/a.md"));
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Read),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
            EventKind::Other,
        ] {
            assert!(watch.changed(&event(kind)).is_empty(), "{kind:?}");
        }
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Remove(RemoveKind::File),
        ] {
            assert_eq!(
                watch.changed(&event(kind)),
                vec![PathBuf::from("/site/content/a.md")],
                "{kind:?}"
            );
        }
        let built = Event::new(EventKind::Create(CreateKind::File)).add_path(PathBuf::from(
            "/site/content/tmp/boardpack-serve-1/site/index.html",
        ));
        assert!(watch.changed(&built).is_empty());
    }
}
