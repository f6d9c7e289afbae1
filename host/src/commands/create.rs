//! `pullsecret create secret docker-registry|generic`, `create rolebinding`,
//! `create serviceaccount`: what kubectl prints with `--dry-run=client`.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::{CreateSecretCommand, RolebindingArgs, ServiceaccountArgs};
use crate::component::{
    DockerRegistrySecret, GenericSecret, RoleKind, RolebindingRequest, Sources,
};
use crate::input;

pub fn secret(ctx: &mut Context, command: &CreateSecretCommand) -> Result<ExitCode> {
    let created = match command {
        CreateSecretCommand::DockerRegistry(args) => {
            let sources = sources(ctx, &args.from_file, &[], &[])?;
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
            let sources = sources(
                ctx,
                &args.from_file,
                &args.from_literal,
                &args.from_env_file,
            )?;
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

/// The flags as given, and what is at the paths they name; the environment only for env
/// files, whose lines without `=` kubectl fills from it.
fn sources(
    ctx: &mut Context,
    from_file: &[String],
    from_literal: &[String],
    from_env_file: &[String],
) -> Result<Sources> {
    let paths = ctx.guest.source_paths(from_file, from_env_file)?;
    let environment = if from_env_file.is_empty() {
        Vec::new()
    } else {
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect()
    };
    Ok(Sources {
        from_file: from_file.to_vec(),
        from_literal: from_literal.to_vec(),
        from_env_file: from_env_file.to_vec(),
        found: paths.iter().map(|p| input::examine(p)).collect(),
        environment,
    })
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
