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
pub mod loose_ends;
pub mod model;
pub mod output;
pub mod people;
pub mod publication;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;

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
    let (content, problems) = content::load(
        &options.root,
        content::yaml::Reading {
            language: &config.language,
        },
    );
    diagnostics.extend(problems);
    let visibility = Visibility {
        now: options.now.to_utc_earliest(config.timezone),
        drafts: options.drafts,
    };
    let today = model::values::Date(visibility.now.with_timezone(&config.timezone).date_naive());
    diagnostics.extend(loose_ends::check(&config, &content, today));
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
        let mut all = warnings;
        all.extend(failures);
        return Err(all);
    }
    Ok(warnings)
}

fn renderer(root: &Path, site: &Site) -> Result<render::Renderer, Diagnostic> {
    render::Renderer::new(render::theme::templates(root, &site.config.theme)?)
}

/// Builds the site into `options.output`, replacing it only on success.
pub fn build(options: &Options) -> Result<BuildReport, Diagnostics> {
    build_with_progress(options, &|_, _| {}, &|| {})
}

/// [`build`], telling `start` how many files the build writes (and how many
/// are already written) once that is known, and calling `wrote` after each
/// file, so a terminal can show progress that ends at the total it announced.
pub fn build_with_progress(
    options: &Options,
    start: &dyn Fn(usize, usize),
    wrote: &(dyn Fn() + Sync),
) -> Result<BuildReport, Diagnostics> {
    let (site, warnings) = load_site(options)?;
    // Every failure is reported with the warnings found before it.
    let failed = |errors: Diagnostics| {
        let mut all = warnings.clone();
        all.extend(errors);
        all
    };
    let one = |d: Diagnostic| failed(Diagnostics::from_iter([d]));
    let renderer = renderer(&options.root, &site).map_err(one)?;
    let statics = render::theme::static_files(&options.root, &site.config.theme).map_err(one)?;
    let staging = output::Staging::begin(&options.root, &options.output).map_err(one)?;
    let write = |path: &str, bytes: &[u8]| {
        staging.write(path, bytes).map_err(|e| {
            Diagnostic::error(
                &options.output,
                Position::new(1, 1),
                format!("cannot write {path}: {e}"),
            )
        })?;
        wrote();
        Ok::<(), Diagnostic>(())
    };
    let render_and_write = |job: &render::Job| -> Result<Vec<String>, Diagnostic> {
        let mut html = Vec::new();
        for page in renderer.render(&site, job)? {
            write(&page.path, &page.bytes)?;
            if page.path.ends_with(".html") {
                html.push(page.path);
            }
        }
        Ok(html)
    };

    // The generators run first: how many files they make is known only once
    // they have run, and every other job writes exactly one file.
    let (generated, single): (Vec<_>, Vec<_>) = render::jobs(&site)
        .into_iter()
        .partition(|job| matches!(job, render::Job::Generated(_)));
    let mut html_pages = Vec::new();
    let mut failures = Diagnostics::new();
    let mut collect = |results: Vec<Result<Vec<String>, Diagnostic>>| {
        for result in results {
            match result {
                Ok(paths) => html_pages.extend(paths),
                Err(d) => failures.push(d),
            }
        }
    };
    collect(generated.par_iter().map(render_and_write).collect());
    let already = staging.written_count();
    start(
        already + single.len() + 1 + site.files.len() + statics.len(),
        already,
    );
    collect(single.par_iter().map(render_and_write).collect());
    if failures.has_errors() {
        return Err(failed(failures));
    }
    let html_pages_count = html_pages.len();
    let sitemap = render::sitemap(&site, html_pages);
    write(&sitemap.path, &sitemap.bytes).map_err(one)?;
    let copied: Diagnostics = site
        .files
        .par_iter()
        .filter_map(|path| {
            let source = options.root.join(content::CONTENT_DIR).join(path);
            match std::fs::read(&source) {
                Ok(bytes) => write(&routes::published_file(path), &bytes).err(),
                Err(e) => Some(Diagnostic::error(
                    &source,
                    Position::new(1, 1),
                    format!("cannot read {path}: {e}"),
                )),
            }
        })
        .chain(
            statics
                .par_iter()
                .filter_map(|(path, bytes)| write(path, bytes).err()),
        )
        .collect();
    if copied.has_errors() {
        return Err(failed(copied));
    }
    let output = staging.commit().map_err(|e| {
        one(Diagnostic::error(
            &options.output,
            Position::new(1, 1),
            format!("cannot replace the output directory: {e}"),
        ))
    })?;
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
        return Moment::parse(text)
            .map_err(|e| format!("--now: {}", e.replace('\n', "\n  help: ")));
    }
    Ok(Moment::Absolute(
        source_date_epoch()?.unwrap_or_else(Utc::now),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The bar ends where it said it would: the announced total is the
    /// number of files written, and every one of them is counted.
    #[test]
    fn progress_counts_every_file_written() {
        let out = std::env::temp_dir().join(format!("boardpack-progress-{}", std::process::id()));
        let options = Options {
            root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
            output: out.clone(),
            drafts: false,
            now: Moment::parse("2026-01-01").unwrap(),
            base_url: None,
        };
        let announced = AtomicUsize::new(0);
        let before = AtomicUsize::new(0);
        let wrote = AtomicUsize::new(0);
        let start = |total: usize, already: usize| {
            announced.store(total, Ordering::SeqCst);
            before.store(already, Ordering::SeqCst);
            assert_eq!(wrote.load(Ordering::SeqCst), already);
        };
        build_with_progress(&options, &start, &|| {
            wrote.fetch_add(1, Ordering::SeqCst);
        })
        .expect("the example site builds");
        let on_disk = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() != output::MARKER)
            .count();
        std::fs::remove_dir_all(&out).unwrap();
        assert!(
            before.load(Ordering::SeqCst) > 0,
            "the generators wrote first"
        );
        assert_eq!(
            announced.load(Ordering::SeqCst),
            wrote.load(Ordering::SeqCst)
        );
        assert_eq!(wrote.load(Ordering::SeqCst), on_disk);
    }
}
