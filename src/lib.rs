//! boardpack: a static site generator for board papers and reports.
//!
//! A build runs one pass through five phases, each in its own module:
//! load ([`content`]) → validate (the [`model`] types) → model ([`site`]) →
//! render ([`render`]) → write ([`output`]).

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod format;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use model::values::Moment;
use rayon::prelude::*;

use config::Config;
use diagnostics::{Diagnostic, Diagnostics, Position};
use site::{Site, Visibility};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    /// The build's clock: embargoes later than this are withheld. A time
    /// without an offset is read in the site's time zone, as embargoes are.
    pub now: Moment,
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
    pub output: PathBuf,
}

/// Loads, checks and assembles the site without writing anything.
pub fn load_site(options: &Options) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let mut config = Config::load(&options.root).map_err(Diagnostics::from_iter)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url);
    }
    let (content, problems) = content::load(&options.root);
    diagnostics.extend(problems);
    let visibility = Visibility {
        now: options.now.to_utc_earliest(config.timezone),
        drafts: options.drafts,
    };
    let (mut site, problems) = site::assemble(config, content, visibility);
    diagnostics.extend(problems);
    site.source_date = source_date_epoch().ok().flatten();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((site, diagnostics))
}

/// Validates everything, as `boardpack check` does: the same checks as a
/// build, drafts and embargoed papers included, and no output.
pub fn check(root: &Path, now: Moment) -> Result<Diagnostics, Diagnostics> {
    let options = Options {
        root: root.to_path_buf(),
        output: PathBuf::new(),
        drafts: true,
        now,
        base_url: None,
    };
    let (site, warnings) = load_site(&options)?;
    let renderer = renderer(&options.root, &site).map_err(|d| Diagnostics::from_iter([d]))?;
    let jobs = render::jobs(&site);
    let failures: Diagnostics = jobs
        .par_iter()
        .filter_map(|job| renderer.render(&site, job).err())
        .collect();
    if failures.has_errors() {
        return Err(failures);
    }
    Ok(warnings)
}

fn renderer(root: &Path, site: &Site) -> Result<render::Renderer, Diagnostic> {
    render::Renderer::new(render::theme::templates(root, &site.config.theme)?)
}

/// Builds the site into `options.output`, replacing it only on success.
pub fn build(options: &Options) -> Result<BuildReport, Diagnostics> {
    build_with_progress(options, &|_| {}, &|| {})
}

/// [`build`], telling `start` how many pages there are and calling `page`
/// as each is written, so a terminal can show progress.
pub fn build_with_progress(
    options: &Options,
    start: &dyn Fn(usize),
    page: &(dyn Fn() + Sync),
) -> Result<BuildReport, Diagnostics> {
    let (site, warnings) = load_site(options)?;
    let one = |d: Diagnostic| Diagnostics::from_iter([d]);
    let renderer = renderer(&options.root, &site).map_err(one)?;
    let statics = render::theme::static_files(&options.root, &site.config.theme).map_err(one)?;
    let staging = output::Staging::begin(&options.root, &options.output).map_err(one)?;
    let write_error = |path: &str, e: std::io::Error| {
        Diagnostic::error(
            &options.output,
            Position::new(1, 1),
            format!("cannot write {path}: {e}"),
        )
    };

    let jobs = render::jobs(&site);
    start(jobs.len());
    // Each job's written HTML pages (for the sitemap) or its errors.
    let written: Vec<Result<Vec<String>, Diagnostic>> = jobs
        .par_iter()
        .inspect(|_| page())
        .map(|job| {
            let mut html = Vec::new();
            for page in renderer.render(&site, job)? {
                staging
                    .write(&page.path, &page.bytes)
                    .map_err(|e| write_error(&page.path, e))?;
                if page.path.ends_with(".html") {
                    html.push(page.path);
                }
            }
            Ok(html)
        })
        .collect();
    let mut html_pages = Vec::new();
    let mut failures = Diagnostics::new();
    for result in written {
        match result {
            Ok(paths) => html_pages.extend(paths),
            Err(d) => failures.push(d),
        }
    }
    if failures.has_errors() {
        return Err(failures);
    }
    let html_pages_count = html_pages.len();
    let sitemap = render::sitemap(&site, html_pages);
    staging
        .write(&sitemap.path, &sitemap.bytes)
        .map_err(|e| one(write_error(&sitemap.path, e)))?;
    let copied: Diagnostics = site
        .files
        .par_iter()
        .filter_map(|path| {
            let source = options.root.join(content::CONTENT_DIR).join(path);
            std::fs::read(&source)
                .and_then(|bytes| staging.write(path, &bytes))
                .err()
                .map(|e| write_error(path, e))
        })
        .chain(statics.par_iter().filter_map(|(path, bytes)| {
            staging
                .write(path, bytes)
                .err()
                .map(|e| write_error(path, e))
        }))
        .collect();
    if copied.has_errors() {
        return Err(copied);
    }
    let output = staging
        .commit()
        .map_err(|e| one(write_error("the output directory", e)))?;
    Ok(BuildReport {
        pages: html_pages_count,
        files: site.files.len() + statics.len(),
        warnings,
        output,
    })
}

/// `SOURCE_DATE_EPOCH` as a time, if it is set.
fn source_date_epoch() -> Result<Option<DateTime<Utc>>, String> {
    let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let seconds: i64 = epoch
        .trim()
        .parse()
        .map_err(|_| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"))?;
    DateTime::from_timestamp(seconds, 0)
        .map(Some)
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"))
}

/// The build's clock: `--now`, else `SOURCE_DATE_EPOCH`, else the time.
pub fn clock(now: Option<&str>) -> Result<Moment, String> {
    if let Some(text) = now {
        return Moment::parse(text).map_err(|e| format!("--now: {e}"));
    }
    Ok(Moment::Absolute(
        source_date_epoch()?.unwrap_or_else(Utc::now),
    ))
}
