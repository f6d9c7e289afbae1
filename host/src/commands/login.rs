//! `pullsecret login --registry R ... --to FILE`: one entry added or replaced, the file
//! written atomically under a lock.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::{Context, print};
use crate::cli::{CompatArg, LoginArgs};
use crate::component::{LoginRequest, LoginStyle};
use crate::files;

pub fn run(ctx: &mut Context, args: &LoginArgs) -> Result<ExitCode> {
    let (username, password) = match &args.auth_basic {
        // Split at the first colon, as oc splits it, with oc's message.
        Some(pair) => pair
            .split_once(':')
            .map(|(user, password)| (user.to_owned(), password.to_owned()))
            .context("--auth-basic must be in the form user:password")?,
        None => {
            let username = args
                .username
                .clone()
                .context("give --auth-basic, or --username with --password-stdin")?;
            (username, ctx.input.password()?)
        }
    };
    let target = args.to.display().to_string();
    let _lock = files::lock_dir_of(&args.to)?;
    let existing = files::read_if_exists(&args.to)?;
    let request = LoginRequest {
        registry: args.registry.clone(),
        username,
        password,
        email: args.email.clone(),
        style: match args.compat {
            Some(CompatArg::Oc) => LoginStyle::Oc,
            None => LoginStyle::Preserve,
        },
    };
    let bytes = ctx.guest.login(&target, existing.as_deref(), &request)?;
    let bytes = bytes.map_err(|e| ctx.fail(e))?;
    files::write_atomically(&args.to, &bytes)?;
    print(format!(
        "Saved credentials for {} into {target}\n",
        args.registry
    ))?;
    Ok(ExitCode::SUCCESS)
}
