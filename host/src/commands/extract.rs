//! `pullsecret extract SECRET_MANIFEST`: the decoded pull secret of a Secret, byte for byte.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::ExtractArgs;

pub fn run(ctx: &mut Context, args: &ExtractArgs) -> Result<ExitCode> {
    let source = args.manifest.display().to_string();
    let bytes = ctx.input.read(&args.manifest)?;
    let payload = ctx
        .guest
        .extract(&source, &bytes)?
        .map_err(|e| ctx.fail(e))?;
    print(payload)?;
    Ok(ExitCode::SUCCESS)
}
