//! `pullsecret grant cross-project|registry|delegated`: the docs' recipes as one manifest
//! stream for `oc apply -f -`.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, print};
use crate::cli::{GrantCommand, NewObjectArgs, RecipeCredentials};
use crate::component::{CrossProjectRequest, Recipe, RegistriesRequest, RegistrySecret};

pub fn run(ctx: &mut Context, command: &GrantCommand) -> Result<ExitCode> {
    let (recipe, print_args) = match command {
        GrantCommand::CrossProject(args) => (
            Recipe::CrossProject(CrossProjectRequest {
                from: args.from.clone(),
                to: args.to.clone(),
                service_account: (!args.all_service_accounts).then(|| args.service_account.clone()),
            }),
            &args.print,
        ),
        GrantCommand::Registry(args) => {
            let secrets = vec![RegistrySecret {
                name: args.secret_name.clone(),
                server: args.docker_server.clone(),
            }];
            registries(ctx, &args.credentials, secrets)?
        }
        GrantCommand::Delegated(args) => {
            let secrets = vec![
                RegistrySecret {
                    name: args.auth_secret_name.clone(),
                    server: args.auth_server.clone(),
                },
                RegistrySecret {
                    name: args.registry_secret_name.clone(),
                    server: args.registry_server.clone(),
                },
            ];
            registries(ctx, &args.credentials, secrets)?
        }
    };
    let result = ctx
        .guest
        .grant(&recipe, print_args.shape(), print_args.output())?
        .map_err(|e| ctx.fail(e))?;
    ctx.report_all(&result.notes)?;
    print(result.manifests)?;
    Ok(ExitCode::SUCCESS)
}

/// The registry recipes' request: the password from the flag or standard input.
fn registries<'a>(
    ctx: &mut Context,
    args: &'a RecipeCredentials,
    secrets: Vec<RegistrySecret>,
) -> Result<(Recipe, &'a NewObjectArgs)> {
    let password = match &args.docker_password {
        Some(p) => p.clone(),
        None => ctx.input.password()?,
    };
    let recipe = Recipe::Registries(RegistriesRequest {
        namespace: args.namespace.clone(),
        secrets,
        username: args.docker_username.clone(),
        password,
        email: args.docker_email.clone(),
        service_account: args.service_account.clone(),
        current_service_account: ctx.read_optional(args.sa_file.as_deref())?,
    });
    Ok((recipe, &args.print))
}
