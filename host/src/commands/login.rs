//! `pullsecret login --registry R ... --to FILE`: one entry added or replaced, the file
//! written atomically under a lock.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::{Context, print};
use crate::cli::{CompatArg, LoginArgs};
use crate::component::{LoginRequest, LoginStyle};
use crate::files;
use crate::output::shown;

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
    // `--to -`: a new file, written to standard output like every other command's `-`.
    if args.to == Path::new("-") {
        let logged_in = ctx.guest.login("-", None, &request)?;
        let logged_in = logged_in.map_err(|e| ctx.fail(e))?;
        ctx.report_all(&logged_in.warnings)?;
        print(&logged_in.bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    let target = args.to.display().to_string();
    let _lock = files::lock_dir_of(&args.to)?;
    let existing = files::read_if_exists(&args.to)?;
    let logged_in = ctx
        .guest
        .login(&target, existing.as_deref(), &request)
        .context(target.clone())?;
    let logged_in = logged_in.map_err(|e| ctx.fail(e))?;
    ctx.report_all(&logged_in.warnings)?;
    files::write_atomically(&args.to, &logged_in.bytes)?;
    print(format!(
        "Saved credentials for {} into {}\n",
        shown(&args.registry),
        shown(&target)
    ))?;
    Ok(ExitCode::SUCCESS)
}
