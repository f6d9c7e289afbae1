//! `pullsecret component -o FILE`: the embedded component, for other hosts.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::print;
use crate::cli::ComponentArgs;
use crate::component::COMPONENT_WASM;

pub fn run(args: &ComponentArgs) -> Result<ExitCode> {
    if args.output == Path::new("-") {
        print(COMPONENT_WASM)?;
    } else {
        std::fs::write(&args.output, COMPONENT_WASM)
            .with_context(|| format!("{}: cannot write", args.output.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
