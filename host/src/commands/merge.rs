//! `pullsecret merge BASE OVERLAY... -o FILE`: whole entries merged, every conflict reported.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::MergeArgs;
use crate::component::Prefer;
use crate::files;

pub fn run(ctx: &mut Context, args: &MergeArgs) -> Result<ExitCode> {
    let base = ctx.load_one(&args.base)?;
    let overlays = args
        .overlays
        .iter()
        .map(|path| ctx.load_one(path))
        .collect::<Result<Vec<_>>>()?;
    let merged = ctx.guest.merge(base, &overlays, args.prefer.into())?;
    let merged = merged.map_err(|e| ctx.fail(e))?;
    ctx.report_all(&merged.notes)?;
    for c in &merged.conflicts {
        let winner = match c.winner {
            Prefer::Base => "base",
            Prefer::Overlay => "overlay",
        };
        let what = if c.credentials_differ {
            "credentials differ"
        } else {
            "same credentials"
        };
        let key = crate::output::shown(&c.key);
        let _ = writeln!(io::stderr(), "conflict: {key}: {winner} wins ({what})");
    }
    if args.output == Path::new("-") {
        print(&merged.bytes)?;
    } else {
        let _lock = files::lock_dir_of(&args.output)?;
        files::write_atomically(&args.output, &merged.bytes)?;
    }
    Ok(ExitCode::SUCCESS)
}
