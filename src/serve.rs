//! `boardpack serve`: build, serve the site on a local port, rebuild when a
//! source changes and reload the open pages.
//!
//! The preview is built into a temporary folder with the local address as
//! its base URL, so `output/` is left alone. The reload script is added to
//! pages as they are served; it is never written into a build.

use std::io::{Cursor, IsTerminal};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
use tiny_http::{Header, Response, Server};

use crate::diagnostics::emit;

/// The address pages poll to learn that the site was rebuilt.
const VERSION_PATH: &str = "/__boardpack/version";

/// Polls the build version and reloads the page when it changes.
const RELOAD_SCRIPT: &str = "<script>(function(){var v=null;function poll(){fetch('/__boardpack/version',{cache:'no-store'}).then(function(r){return r.text();}).then(function(t){if(v!==null&&t!==v){location.reload();}v=t;}).catch(function(){}).finally(function(){setTimeout(poll,1000);});}poll();})();</script>";

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
}

impl Preview {
    fn rebuild(&self) {
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

/// Runs the preview until the process is stopped.
pub fn run(root: &Path, bind: &str, port: u16, drafts: bool) -> ExitCode {
    let server = match Server::http((bind, port)) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot listen on {bind}:{port}: {err}");
            return ExitCode::from(2);
        }
    };
    let output = std::env::temp_dir()
        .join(format!("boardpack-serve-{}", std::process::id()))
        .join("site");
    if let Some(parent) = output.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let preview = Arc::new(Preview {
        root: root.to_path_buf(),
        output,
        base_url: format!("http://{bind}:{port}/"),
        drafts,
        version: AtomicU64::new(0),
        errors: Mutex::new(None),
    });
    preview.rebuild();

    let watched = Arc::clone(&preview);
    let debouncer = new_debouncer(
        Duration::from_millis(250),
        move |events: notify_debouncer_mini::DebounceEventResult| {
            if events.is_ok_and(|events| events.iter().any(|e| is_source(&watched.root, &e.path))) {
                watched.rebuild();
            }
        },
    );
    let mut debouncer = match debouncer {
        Ok(debouncer) => debouncer,
        Err(err) => {
            eprintln!("error: cannot watch {}: {err}", root.display());
            return ExitCode::from(1);
        }
    };
    for path in ["content", "site.yaml", "templates", "static", "themes"].map(|p| root.join(p)) {
        if path.exists() {
            if let Err(err) = debouncer.watcher().watch(&path, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch {}: {err}", path.display());
            }
        }
    }
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

/// Changes under the output or hidden files do not trigger a rebuild.
fn is_source(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    !relative.starts_with("output")
        && !relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
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
    fn output_changes_do_not_trigger_rebuilds() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/a.md")));
        assert!(!is_source(root, Path::new("/site/output/index.html")));
        assert!(!is_source(root, Path::new("/site/content/.a.md.swp")));
    }
}
