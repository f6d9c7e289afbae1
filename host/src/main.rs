//! `pullsecret`: arguments, files and streams. Every pull-secret decision is made by the
//! embedded component; this binary parses arguments, dispatches to one command, and maps the
//! outcome to an exit code (0 ok, 1 findings at error severity, 2 usage, input or I/O error).

mod cli;
mod commands;
mod component;
mod engine;
mod files;
mod input;
mod output;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    let matches = cli::command().get_matches();
    let cli = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match commands::run(cli.command) {
        Ok(code) => code,
        // A reader that stopped reading (`| head -1`) is not an error.
        Err(error) if broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Messages come from the component's diagnostics or I/O; none carries a secret.
            let _ = writeln!(io::stderr(), "error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
