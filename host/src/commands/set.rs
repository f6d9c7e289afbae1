//! `pullsecret set data secret/NAME --from-file=KEY=FILE`: the updated Secret for
//! `oc apply -f -`.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::{Context, print};
use crate::cli::SetDataArgs;
use crate::component::SetDataRequest;

pub fn data(ctx: &mut Context, args: &SetDataArgs) -> Result<ExitCode> {
    let request = SetDataRequest {
        target: args.target.clone(),
        namespace: args.namespace.clone(),
        sources: ctx.sources(std::slice::from_ref(&args.from_file), &[], &[])?,
        current: ctx.read_optional(args.secret_file.as_deref())?,
        force: args.force,
        output: args.output.into(),
    };
    let about = request
        .current
        .as_ref()
        .map_or("set data", |c| c.source.as_str());
    let result = ctx.guest.set_data(&request).context(about.to_owned())?;
    let result = result.map_err(|e| ctx.fail(e))?;
    if !result.changed {
        let name = crate::output::shown(&result.name);
        let _ = writeln!(io::stderr(), "info: {name} was not changed");
    }
    print(result.manifest)?;
    Ok(ExitCode::SUCCESS)
}
