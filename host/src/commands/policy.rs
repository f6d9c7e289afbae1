//! `pullsecret policy add-role-to-user|add-role-to-group`: the RoleBinding oc would apply.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::PolicyCommand;
use crate::component::{AddRoleRequest, BindingAction, SubjectKind};

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
    let result = ctx.guest.add_role(&request)?.map_err(|e| ctx.fail(e))?;
    if result.action == BindingAction::Unchanged {
        let _ = writeln!(
            io::stderr(),
            "info: rolebinding {} already grants the role to every subject",
            crate::output::shown(&result.name)
        );
    }
    print(result.manifest)?;
    Ok(ExitCode::SUCCESS)
}
