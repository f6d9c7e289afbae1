//! `pullsecret node-config FILE`: what the Machine Config Operator writes to a node's
//! `/var/lib/kubelet/config.json` from the global pull secret.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::NodeConfigArgs;

pub fn run(ctx: &mut Context, args: &NodeConfigArgs) -> Result<ExitCode> {
    let config = ctx.load_one(&args.file)?;
    let bytes = ctx.guest.node_config(config)?.map_err(|e| ctx.fail(e))?;
    print(bytes)?;
    Ok(ExitCode::SUCCESS)
}
