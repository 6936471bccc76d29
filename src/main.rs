use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    boardpack::cli::run(boardpack::cli::Cli::parse())
}
