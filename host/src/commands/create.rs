//! `pullsecret create secret docker-registry|generic`, `create rolebinding`,
//! `create serviceaccount`: what kubectl prints with `--dry-run=client`.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::{CreateSecretCommand, RolebindingArgs, ServiceaccountArgs};
use crate::component::{DockerRegistrySecret, GenericSecret, RoleKind, RolebindingRequest};

pub fn secret(ctx: &mut Context, command: &CreateSecretCommand) -> Result<ExitCode> {
    let created = match command {
        CreateSecretCommand::DockerRegistry(args) => {
            let sources = ctx.sources(&args.from_file, &[], &[])?;
            let request = DockerRegistrySecret {
                name: args.common.name.clone(),
                namespace: args.common.namespace.clone(),
                server: args.docker_server.clone(),
                username: args.docker_username.clone(),
                password: args.docker_password.clone(),
                email: args.docker_email.clone(),
                sources,
                append_hash: args.common.append_hash,
                shape: args.common.print.shape(),
                output: args.common.print.output(),
            };
            let created = ctx.guest.create_docker_registry_secret(&request)?;
            created.map_err(|e| ctx.fail(e))?
        }
        CreateSecretCommand::Generic(args) => {
            let sources = ctx.sources(&args.from_file, &args.from_literal, &args.from_env_file)?;
            let request = GenericSecret {
                name: args.common.name.clone(),
                namespace: args.common.namespace.clone(),
                secret_type: args.secret_type.clone(),
                sources,
                append_hash: args.common.append_hash,
                shape: args.common.print.shape(),
                output: args.common.print.output(),
            };
            let created = ctx.guest.create_generic_secret(&request)?;
            created.map_err(|e| ctx.fail(e))?
        }
    };
    ctx.report_all(&created.warnings)?;
    print(created.manifest)?;
    Ok(ExitCode::SUCCESS)
}

pub fn rolebinding(ctx: &mut Context, args: &RolebindingArgs) -> Result<ExitCode> {
    let (role_kind, role) = match (&args.clusterrole, &args.role) {
        (Some(role), _) => (RoleKind::ClusterRole, role.clone()),
        (None, role) => (RoleKind::Role, role.clone().unwrap_or_default()),
    };
    let request = RolebindingRequest {
        name: args.name.clone(),
        namespace: args.namespace.clone(),
        role_kind,
        role,
        users: args.user.clone(),
        groups: args.group.clone(),
        service_accounts: args.serviceaccount.clone(),
        shape: args.print.shape(),
        output: args.print.output(),
    };
    let manifest = ctx.guest.create_rolebinding(&request)?;
    print(manifest.map_err(|e| ctx.fail(e))?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn serviceaccount(ctx: &mut Context, args: &ServiceaccountArgs) -> Result<ExitCode> {
    let manifest = ctx.guest.create_serviceaccount(
        &args.name,
        &args.namespace,
        args.print.shape(),
        args.print.output(),
    )?;
    print(manifest)?;
    Ok(ExitCode::SUCCESS)
}
