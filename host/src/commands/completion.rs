//! `pullsecret completion SHELL` and `pullsecret man`: generated from the one clap
//! definition, so they never disagree with `--help`.

use std::io;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli;

pub fn run(args: &cli::CompletionArgs) -> Result<ExitCode> {
    // Plugins complete through kubectl's and oc's own mechanism; the script is for the binary.
    let mut command = cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "pullsecret",
        &mut io::stdout().lock(),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    clap_mangen::Man::new(cli::command()).render(&mut io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
