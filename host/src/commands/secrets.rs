//! `pullsecret secrets link SA SECRET...`: the ServiceAccount after `oc secrets link`.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::LinkArgs;
use crate::component::LinkRequest;

pub fn link(ctx: &mut Context, args: &LinkArgs) -> Result<ExitCode> {
    let request = LinkRequest {
        service_account: args.service_account.clone(),
        namespace: args.namespace.clone(),
        secrets: args.secrets.clone(),
        for_values: args.for_values.clone(),
        current: ctx.read_optional(args.sa_file.as_deref())?,
        patch: args.patch,
        output: args.output.into(),
    };
    let result = ctx.guest.secrets_link(&request)?.map_err(|e| ctx.fail(e))?;
    if !result.changed {
        let _ = writeln!(io::stderr(), "info: every secret is already linked");
    } else if args.patch {
        let _ = writeln!(
            io::stderr(),
            "info: a JSON patch that appends, so no linked name is lost; apply it with \
             oc patch serviceaccount {} --type=json --patch-file FILE",
            crate::output::shown(&args.service_account)
        );
    }
    print(result.manifest)?;
    Ok(ExitCode::SUCCESS)
}
