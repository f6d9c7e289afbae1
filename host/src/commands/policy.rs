//! `pullsecret policy add-role-to-user|add-role-to-group`: the RoleBinding oc would apply.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::PolicyCommand;
use crate::component::{AddRoleRequest, SubjectKind};

pub fn run(ctx: &mut Context, command: &PolicyCommand) -> Result<ExitCode> {
    let (args, kind, service_accounts) = match command {
        PolicyCommand::AddRoleToUser(args) => (
            &args.common,
            SubjectKind::User,
            args.service_accounts.clone(),
        ),
        PolicyCommand::AddRoleToGroup(args) => (args, SubjectKind::Group, Vec::new()),
    };
    let request = AddRoleRequest {
        kind,
        args: args.args.clone(),
        namespace: args.namespace.clone(),
        service_accounts,
        rolebinding_name: args.rolebinding_name.clone(),
        existing: ctx.read_optional(args.existing.as_deref())?,
        shape: args.print.shape(),
        output: args.print.output(),
    };
    // Already granted: like oc, the binding that grants it is printed and nothing is said.
    let result = ctx.guest.add_role(&request)?.map_err(|e| ctx.fail(e))?;
    print(result.manifest)?;
    Ok(ExitCode::SUCCESS)
}
