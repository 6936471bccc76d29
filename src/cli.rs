//! The command line: `build`, `check`, `serve` and `new`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::{Diagnostics, emit};

#[derive(Debug, Parser)]
#[command(
    name = "boardpack",
    version,
    about = "Publish board papers, decisions and reports as a static website",
    after_help = "Examples:\n  boardpack build                      build ./content into ./output\n  boardpack build --now 2008-09-05     build as of a date (embargoes)\n  boardpack build --drafts --output /tmp/preview\n  boardpack check --root ../my-board   validate without writing\n  boardpack serve                      preview at http://127.0.0.1:1111, rebuilt on change\n  boardpack new site my-board          start a new site\n  boardpack new meeting --board members-board --date 2026-12-10"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the site and write it to the output directory.
    Build {
        /// The site: the folder that holds site.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish drafts too.
        #[arg(long)]
        drafts: bool,
        /// The build's clock for embargoes, e.g. "2008-09-05 09:00"
        /// [default: SOURCE_DATE_EPOCH, else now].
        #[arg(long)]
        now: Option<String>,
        /// Publish under another address than site.yaml's base_url.
        #[arg(long, value_parser = base_url)]
        base_url: Option<String>,
    },
    /// Validate everything, drafts and embargoed papers included; write nothing.
    #[command(
        after_help = "Examples:\n  boardpack check                          check the site in this folder\n  boardpack check --root ../my-board       check another site\n  boardpack check --deny-warnings          fail on warnings too, e.g. in CI\n  boardpack check --now 2026-03-09         judge deadlines as of 9 March 2026\n\nBesides errors, check warns about papers published with less than notice_days\nclear days of notice, past meetings still scheduled, recommendations still\npending at a held meeting, actions open past their due date, files nothing\npublic uses, and public links to withheld papers."
    )]
    Check {
        /// The site: the folder that holds site.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit status 1) when there are warnings, not only errors.
        #[arg(long)]
        deny_warnings: bool,
        /// The date deadlines are judged on, e.g. "2026-03-09"
        /// [default: SOURCE_DATE_EPOCH, else now].
        #[arg(long)]
        now: Option<String>,
    },
    /// Build, serve the site locally, rebuild on change and reload the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Show drafts too.
        #[arg(long)]
        drafts: bool,
    },
    /// Create files that pass `check`: a site, a meeting, an item or a news article.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

/// What `boardpack new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A new site in DIR: site.yaml, a board, a first meeting, an about page.
    Site {
        /// The folder to create (it must not exist or be empty).
        dir: PathBuf,
        /// The site's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// A meeting folder with its _meeting.md.
    Meeting {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A board id from site.yaml.
        #[arg(long)]
        board: String,
        /// The meeting's date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// The start time, HH:MM.
        #[arg(long)]
        time: Option<String>,
    },
    /// An agenda item in a meeting folder.
    Item {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The meeting folder under content/meetings/.
        #[arg(long)]
        meeting: String,
        /// The item number, such as 7 or 7a.
        #[arg(long)]
        number: String,
        #[arg(long)]
        title: String,
    },
    /// A news article.
    News {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        title: String,
        /// The article's date, YYYY-MM-DD [default: today].
        #[arg(long)]
        date: Option<String>,
    },
}

/// Runs a parsed command and returns the process's exit code: 0 when it
/// succeeded, 1 when the content has errors, 2 for usage errors.
pub fn run(cli: Cli) -> ExitCode {
    let colour = std::io::stderr().is_terminal();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            now,
            base_url,
        } => {
            let now = match crate::clock(now.as_deref()) {
                Ok(now) => now,
                Err(message) => return usage(&message),
            };
            let output = output.unwrap_or_else(|| root.join("output"));
            let options = crate::Options {
                root: root.clone(),
                output,
                drafts,
                now,
                base_url,
            };
            let started = std::time::Instant::now();
            let bar = indicatif::ProgressBar::hidden();
            let start = |files: usize, written: usize| {
                // Only long builds on a terminal show a bar; pipes stay quiet.
                if colour && files >= 500 {
                    bar.set_length(files as u64);
                    bar.set_position(written as u64);
                    bar.set_message("writing files");
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
            };
            let result = crate::build_with_progress(&options, &start, &|| bar.inc(1));
            bar.finish_and_clear();
            match result {
                Ok(report) => {
                    print_diagnostics(&report.warnings, &root, colour);
                    eprintln!(
                        "{}; built {} pages and {} files into {} in {:.2?}",
                        report.warnings.summary(),
                        report.pages,
                        report.files,
                        report.output.display(),
                        started.elapsed()
                    );
                    ExitCode::SUCCESS
                }
                Err(errors) => failed(&errors, &root, colour, "; nothing was written"),
            }
        }
        Command::New { what } => run_new(&what),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => crate::serve::run(&root, &bind, port, drafts),
        Command::Check {
            root,
            deny_warnings,
            now,
        } => {
            let now = match crate::clock(now.as_deref()) {
                Ok(now) => now,
                Err(message) => return usage(&message),
            };
            match crate::check(&root, now) {
                Ok(warnings) if deny_warnings && !warnings.is_empty() => failed(
                    &warnings,
                    &root,
                    colour,
                    "; --deny-warnings makes warnings fail",
                ),
                Ok(warnings) => {
                    print_diagnostics(&warnings, &root, colour);
                    eprintln!("{}", warnings.summary());
                    ExitCode::SUCCESS
                }
                Err(errors) => failed(&errors, &root, colour, ""),
            }
        }
    }
}

fn run_new(what: &NewCommand) -> ExitCode {
    match crate::scaffold::run(what) {
        Ok(created) => {
            for path in created {
                eprintln!("created {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diagnostics: &Diagnostics, root: &std::path::Path, colour: bool) {
    if !diagnostics.is_empty() {
        eprint!("{}", emit(diagnostics, root, colour));
    }
}

/// Prints the errors and warnings and the summary line; `after` says what
/// became of the output.
fn failed(errors: &Diagnostics, root: &std::path::Path, colour: bool, after: &str) -> ExitCode {
    print_diagnostics(errors, root, colour);
    eprintln!("{}{after}", errors.summary());
    ExitCode::from(1)
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// `--base-url` is checked as site.yaml's `base_url` is.
fn base_url(text: &str) -> Result<String, String> {
    crate::config::check_base_url(text)
        .map(|()| text.to_string())
        .map_err(|problem| format!("{problem}\n  help: {}", crate::config::BASE_URL_HINT))
}
