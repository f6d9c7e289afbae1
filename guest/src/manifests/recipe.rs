//! One-step recipes for the OpenShift docs' pull scenarios, each a stream of manifests ready
//! for `oc apply -f -`, built from the same generators as the single commands.

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::go::json::Value;
use crate::input::document::Input;

use super::Shape;
use super::names;
use super::rbac::{self, AddRole, Binding, Subject};
use super::secret::{self, DockerRegistrySecret};
use super::service_account::{self, LinkFor};
use super::sources::Sources;

/// One registry Secret of a recipe.
#[derive(Debug, Clone)]
pub struct RegistrySecret {
    pub name: String,
    pub server: String,
}

/// Registry credentials shared by a recipe's Secrets.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    pub email: String,
}

/// The docs' scenarios.
#[derive(Debug, Clone)]
pub enum Recipe {
    /// Pods of `from` pull images of `to`: `system:image-puller` in `to` for one ServiceAccount
    /// of `from`, or for all of them (`system:serviceaccounts:FROM`).
    CrossProject {
        from: String,
        to: String,
        service_account: Option<String>,
    },
    /// Secrets for registries (one for a secured registry; the auth server's and the
    /// registry's for delegated authentication), linked for pull to a ServiceAccount.
    Registries {
        namespace: String,
        secrets: Vec<RegistrySecret>,
        credentials: Credentials,
        service_account: String,
        /// The ServiceAccount as it is now (its label and bytes); without it the link is left
        /// to `oc secrets link`.
        current_service_account: Option<(String, Vec<u8>)>,
    },
}

/// The manifests of a recipe, and notes on what is left to do.
pub fn build(recipe: &Recipe, shape: Shape) -> Result<(Vec<Value>, Vec<Diagnostic>), Error> {
    match recipe {
        Recipe::CrossProject {
            from,
            to,
            service_account,
        } => {
            let names = [("--from", from), ("--to", to)]
                .into_iter()
                .chain(service_account.iter().map(|sa| ("--service-account", sa)));
            for (flag, name) in names {
                let errors = names::dns1123_subdomain_errors(name);
                if !errors.is_empty() {
                    return Err(Diagnostic::new(
                        Code::InvalidArgument,
                        format!(
                            "{flag}: {name:?} is not a valid name: {}",
                            errors.join("; ")
                        ),
                    )
                    .into());
                }
            }
            let subject = match service_account {
                Some(sa) => Subject::ServiceAccount {
                    namespace: from.clone(),
                    name: sa.clone(),
                },
                None => Subject::Group(format!("system:serviceaccounts:{from}")),
            };
            let binding = rbac::add_role(&AddRole {
                role: "system:image-puller",
                namespace: to,
                subjects: vec![subject],
                rolebinding_name: None,
                existing: None,
                shape,
            })?;
            match binding {
                Binding::Create(v) | Binding::Update(v) | Binding::Unchanged(v) => {
                    Ok((vec![v], Vec::new()))
                }
            }
        }
        Recipe::Registries {
            namespace,
            secrets,
            credentials,
            service_account,
            current_service_account,
        } => {
            let mut docs = Vec::new();
            let mut notes = Vec::new();
            // kubectl's own message names --from-file, which the recipes do not have.
            let server_missing = secrets.iter().any(|s| s.server.is_empty());
            if credentials.username.is_empty() || credentials.password.is_empty() || server_missing
            {
                return Err(Diagnostic::new(
                    Code::MissingCredentials,
                    "the registry server, --docker-username and the password (--docker-password or --password-stdin) must not be empty",
                )
                .into());
            }
            for secret in secrets {
                let (manifest, warnings) = secret::docker_registry_secret(&DockerRegistrySecret {
                    name: &secret.name,
                    namespace: Some(namespace),
                    server: Some(&secret.server),
                    username: &credentials.username,
                    password: &credentials.password,
                    email: &credentials.email,
                    sources: Sources::default(),
                    append_hash: false,
                    shape,
                })?;
                docs.push(manifest);
                notes.extend(warnings);
            }
            let names: Vec<String> = secrets.iter().map(|s| s.name.clone()).collect();
            match current_service_account {
                Some((source, bytes)) => {
                    let link_for = LinkFor { pull: true, mount: false };
                    let current = Input { source, bytes };
                    let linked = service_account::link(
                        Some(current),
                        service_account,
                        Some(namespace),
                        &names,
                        link_for,
                    )?;
                    docs.push(linked.account);
                }
                None => notes.push(Diagnostic::new(
                    Code::LinkLeftToOc,
                    format!(
                        "then link the secrets for pull: oc secrets link {service_account} {} --for=pull -n {namespace} (or give --sa-file with the current ServiceAccount)",
                        names.join(" ")
                    ),
                )),
            }
            Ok((docs, notes))
        }
    }
}
