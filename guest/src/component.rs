//! The WIT boundary: converts the library's types to the generated ones. No logic lives here.

use std::cell::RefCell;

use crate::authfile;
use crate::diagnostic::{self, Severity};
use crate::dockercfg::{self, CredentialForm};
use crate::document;
use crate::edit;
use crate::explain;
use crate::grant;
use crate::keyring;
use crate::manifest;
use crate::merge;
use crate::node;
use crate::policy;
use crate::recipe;
use crate::reference;
use crate::validate;

wit_bindgen::generate!({
    world: "pullsecret",
    path: "../wit",
});

use exports::pullsecret::core::config as wit_config;
use exports::pullsecret::core::edit as wit_edit;
use exports::pullsecret::core::keyring as wit_keyring;
use exports::pullsecret::core::manifests as wit_manifests;
use exports::pullsecret::core::policy as wit_policy;
use exports::pullsecret::core::types as wit_types;

struct Component;

// Native builds cannot link exports whose names contain `:`; native tests use the library.
#[cfg(target_arch = "wasm32")]
export!(Component);

impl From<diagnostic::Diagnostic> for wit_types::Diagnostic {
    fn from(d: diagnostic::Diagnostic) -> Self {
        wit_types::Diagnostic {
            code: d.code.as_str().to_owned(),
            severity: match d.severity {
                Severity::Error => wit_types::Severity::Error,
                Severity::Warning => wit_types::Severity::Warning,
                Severity::Info => wit_types::Severity::Info,
            },
            message: d.message,
            key: d.key,
            location: d.location,
            rule: d.rule.map(str::to_owned),
            fix: d.fix.map(str::to_owned),
            source: d.source,
        }
    }
}

impl From<diagnostic::Error> for wit_types::Error {
    fn from(e: diagnostic::Error) -> Self {
        match e {
            diagnostic::Error::InvalidInput(d) => wit_types::Error::InvalidInput(d.into()),
        }
    }
}

fn format_to_wit(format: dockercfg::Format) -> wit_types::Format {
    match format {
        dockercfg::Format::DockerConfigJson => wit_types::Format::Dockerconfigjson,
        dockercfg::Format::DockerCfg => wit_types::Format::Dockercfg,
    }
}

impl wit_config::Guest for Component {
    type DockerConfig = document::DockerConfig;

    fn parse(
        source: String,
        bytes: Vec<u8>,
        forced: Option<wit_types::Format>,
    ) -> Result<wit_config::Document, wit_types::Error> {
        let forced = forced.map(|f| match f {
            wit_types::Format::Dockerconfigjson => dockercfg::Format::DockerConfigJson,
            wit_types::Format::Dockercfg => dockercfg::Format::DockerCfg,
        });
        let document = document::parse(&source, &bytes, forced)?;
        Ok(wit_config::Document {
            configs: document
                .configs
                .into_iter()
                .map(wit_config::DockerConfig::new)
                .collect(),
            notes: document.notes.into_iter().map(Into::into).collect(),
        })
    }
}

impl wit_config::GuestDockerConfig for document::DockerConfig {
    fn format(&self) -> wit_types::Format {
        format_to_wit(self.format)
    }

    fn source(&self) -> String {
        self.source.clone()
    }

    fn secret(&self) -> Option<wit_config::SecretOrigin> {
        self.secret.as_ref().map(|s| wit_config::SecretOrigin {
            name: s.name.clone(),
            namespace: s.namespace.clone(),
            secret_type: s.secret_type.clone(),
            data_key: s.data_key.clone(),
        })
    }

    fn payload(&self) -> Vec<u8> {
        document::DockerConfig::payload(self).to_vec()
    }

    fn entries(&self) -> Result<Vec<wit_config::Entry>, wit_types::Error> {
        let entries = self.entries.as_ref().map_err(|e| e.clone())?;
        Ok(entries
            .iter()
            .map(|e| wit_config::Entry {
                key: e.key.clone(),
                username: e.username.clone(),
                password: e.password.clone(),
                email: e.email.clone(),
                form: match e.form {
                    CredentialForm::Auth => wit_config::CredentialForm::Auth,
                    CredentialForm::Plain => wit_config::CredentialForm::Plain,
                    CredentialForm::TokenOnly => wit_config::CredentialForm::TokenOnly,
                    CredentialForm::Empty => wit_config::CredentialForm::Empty,
                },
                location: e.location.clone(),
            })
            .collect())
    }
}

impl wit_edit::Guest for Component {
    fn login(
        target: String,
        existing: Option<Vec<u8>>,
        request: wit_edit::LoginRequest,
    ) -> Result<Vec<u8>, wit_types::Error> {
        let login = edit::Login {
            registry: &request.registry,
            username: &request.username,
            password: &request.password,
            email: request.email.as_deref(),
            style: match request.style {
                wit_edit::LoginStyle::Preserve => edit::Style::Preserve,
                wit_edit::LoginStyle::Oc => edit::Style::Oc,
            },
        };
        Ok(edit::login(&target, existing.as_deref(), &login)?)
    }

    fn node_config(
        config: wit_config::DockerConfigBorrow<'_>,
    ) -> Result<Vec<u8>, wit_types::Error> {
        Ok(merge::node_config(config.get())?)
    }

    fn merge(
        base: wit_config::DockerConfigBorrow<'_>,
        overlays: Vec<wit_config::DockerConfigBorrow<'_>>,
        prefer: wit_edit::Prefer,
    ) -> Result<wit_edit::Merged, wit_types::Error> {
        let overlays: Vec<&document::DockerConfig> = overlays.iter().map(|c| c.get()).collect();
        let prefer = match prefer {
            wit_edit::Prefer::Base => merge::Prefer::Base,
            wit_edit::Prefer::Overlay => merge::Prefer::Overlay,
        };
        let merged = merge::merge(base.get(), &overlays, prefer)?;
        Ok(wit_edit::Merged {
            bytes: merged.bytes,
            conflicts: merged
                .conflicts
                .into_iter()
                .map(|c| wit_edit::Conflict {
                    key: c.key,
                    winner: match c.winner {
                        merge::Prefer::Base => wit_edit::Prefer::Base,
                        merge::Prefer::Overlay => wit_edit::Prefer::Overlay,
                    },
                    credentials_differ: c.credentials_differ,
                })
                .collect(),
            notes: merged.notes.into_iter().map(Into::into).collect(),
        })
    }

    fn diff(
        old: wit_config::DockerConfigBorrow<'_>,
        new: wit_config::DockerConfigBorrow<'_>,
    ) -> Result<(Vec<wit_edit::Change>, Vec<wit_types::Diagnostic>), wit_types::Error> {
        let (changes, warnings) = merge::diff(old.get(), new.get())?;
        let changes = changes
            .into_iter()
            .map(|c| wit_edit::Change {
                key: c.key,
                kind: match c.kind {
                    merge::ChangeKind::Added => wit_edit::ChangeKind::Added,
                    merge::ChangeKind::Removed => wit_edit::ChangeKind::Removed,
                    merge::ChangeKind::Changed(fields) => wit_edit::ChangeKind::Changed(
                        fields.into_iter().map(str::to_owned).collect(),
                    ),
                },
            })
            .collect();
        Ok((changes, warnings.into_iter().map(Into::into).collect()))
    }
}

fn manifest_output(output: wit_manifests::Output) -> manifest::Output {
    match output {
        wit_manifests::Output::Yaml => manifest::Output::Yaml,
        wit_manifests::Output::Json => manifest::Output::Json,
    }
}

impl wit_manifests::Guest for Component {
    fn grant(
        recipe: wit_manifests::Recipe,
        output: wit_manifests::Output,
    ) -> Result<wit_manifests::RecipeResult, wit_types::Error> {
        let recipe = match recipe {
            wit_manifests::Recipe::CrossProject(r) => recipe::Recipe::CrossProject {
                from: r.from,
                to: r.to,
                service_account: r.service_account,
            },
            wit_manifests::Recipe::Registries(r) => recipe::Recipe::Registries {
                namespace: r.namespace,
                secrets: r
                    .secrets
                    .into_iter()
                    .map(|s| recipe::RegistrySecret {
                        name: s.name,
                        server: s.server,
                    })
                    .collect(),
                credentials: recipe::Credentials {
                    username: r.username,
                    password: r.password,
                    email: r.email,
                },
                service_account: r.service_account,
                current_service_account: r.current_service_account,
            },
        };
        let (docs, notes) = recipe::build(&recipe)?;
        Ok(wit_manifests::RecipeResult {
            manifests: recipe::render(&docs, manifest_output(output)),
            notes: notes.into_iter().map(Into::into).collect(),
        })
    }

    fn create_rolebinding(
        request: wit_manifests::RolebindingRequest,
    ) -> Result<String, wit_types::Error> {
        let binding = grant::create_rolebinding(
            &request.name,
            &request.namespace,
            &request.role_kind,
            &request.role,
            &request.users,
            &request.groups,
            &request.service_accounts,
        )?;
        Ok(manifest::render(&binding, manifest_output(request.output)))
    }

    fn create_serviceaccount(
        name: String,
        namespace: String,
        output: wit_manifests::Output,
    ) -> String {
        manifest::render(
            &grant::serviceaccount(&name, &namespace),
            manifest_output(output),
        )
    }

    fn secrets_link(
        request: wit_manifests::LinkRequest,
    ) -> Result<wit_manifests::LinkResult, wit_types::Error> {
        let link_for = grant::parse_link_for(&request.for_values)?;
        let secrets = request
            .secrets
            .iter()
            .map(|s| grant::secret_name(s).map(str::to_owned))
            .collect::<Result<Vec<_>, _>>()?;
        let (account, patch, changed) = grant::link(
            request.current.as_deref(),
            &request.service_account,
            request.namespace.as_deref(),
            &secrets,
            link_for,
        )?;
        let shown = if request.patch { patch } else { account };
        Ok(wit_manifests::LinkResult {
            manifest: manifest::render(&shown, manifest_output(request.output)),
            changed,
        })
    }

    fn add_role(
        request: wit_manifests::AddRoleRequest,
    ) -> Result<wit_manifests::AddRoleResult, wit_types::Error> {
        let subjects = grant::subjects(
            &request.users,
            &request.groups,
            &request.service_accounts,
            &request.namespace,
        )?;
        let binding = grant::add_role(&grant::AddRole {
            role: &request.role,
            namespace: &request.namespace,
            subjects,
            rolebinding_name: request.rolebinding_name.as_deref(),
            existing: request.existing.as_deref(),
            creation_timestamp: request.compat_oc_4_20,
        })?;
        let output = manifest_output(request.output);
        let name_of = |v: &crate::json::Value| {
            v.get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(crate::json::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Ok(match binding {
            grant::Binding::Create(v) => wit_manifests::AddRoleResult {
                action: wit_manifests::BindingAction::Created,
                name: name_of(&v),
                manifest: manifest::render(&v, output),
            },
            grant::Binding::Update(v) => wit_manifests::AddRoleResult {
                action: wit_manifests::BindingAction::Updated,
                name: name_of(&v),
                manifest: manifest::render(&v, output),
            },
            grant::Binding::Unchanged(name) => wit_manifests::AddRoleResult {
                action: wit_manifests::BindingAction::Unchanged,
                name,
                manifest: String::new(),
            },
        })
    }

    fn create_docker_registry_secret(
        request: wit_manifests::DockerRegistrySecret,
    ) -> Result<wit_manifests::Created, wit_types::Error> {
        let (secret, warnings) =
            manifest::docker_registry_secret(&manifest::DockerRegistrySecret {
                name: &request.name,
                namespace: request.namespace.as_deref(),
                server: request.server.as_deref(),
                username: &request.username,
                password: &request.password,
                email: &request.email,
                files: request.files,
                append_hash: request.append_hash,
            })?;
        Ok(wit_manifests::Created {
            manifest: manifest::render(&secret, manifest_output(request.output)),
            warnings: warnings.into_iter().map(Into::into).collect(),
        })
    }

    fn create_generic_secret(request: wit_manifests::GenericSecret) -> wit_manifests::Created {
        let (secret, warnings) = manifest::generic_secret(
            &request.name,
            request.namespace.as_deref(),
            request.secret_type.as_deref(),
            &request.files,
            request.append_hash,
        );
        wit_manifests::Created {
            manifest: manifest::render(&secret, manifest_output(request.output)),
            warnings: warnings.into_iter().map(Into::into).collect(),
        }
    }

    fn set_data(
        request: wit_manifests::SetDataRequest,
    ) -> Result<wit_manifests::SetDataResult, wit_types::Error> {
        let (secret, changed) = manifest::set_data(&manifest::SetData {
            name: &request.name,
            namespace: request.namespace.as_deref(),
            key: &request.key,
            value: &request.value,
            current: request.current.as_deref(),
            force: request.force,
        })?;
        Ok(wit_manifests::SetDataResult {
            manifest: manifest::render(&secret, manifest_output(request.output)),
            changed,
        })
    }
}

/// The kubelet's keyring behind a `RefCell`: WIT resource methods take `&self`.
struct KeyringResource(RefCell<keyring::Keyring>);

fn credential_to_wit(c: keyring::Credential) -> wit_keyring::Credential {
    wit_keyring::Credential {
        key: c.key,
        normalized: c.normalized,
        username: c.username,
        password: c.password,
        email: c.email,
        identity_token: c.identity_token,
        source: c.source,
    }
}

fn lookup_to_wit(lookup: keyring::Lookup) -> wit_keyring::LookupResult {
    wit_keyring::LookupResult {
        lookup: lookup.lookup,
        semantics: wit_types::Semantics::Kubelet,
        credentials: lookup
            .credentials
            .into_iter()
            .map(credential_to_wit)
            .collect(),
        docker_hub_fallback: lookup.docker_hub_fallback,
        credential_helper: None,
        notes: lookup.notes.into_iter().map(Into::into).collect(),
    }
}

fn explanation_to_wit(e: explain::Explanation) -> wit_keyring::Explanation {
    wit_keyring::Explanation {
        semantics: match e.semantics {
            explain::Semantics::Kubelet => wit_types::Semantics::Kubelet,
            explain::Semantics::Containers => wit_types::Semantics::Containers,
            explain::Semantics::Docker => wit_types::Semantics::Docker,
        },
        lookup: e.lookup,
        answer: e.answer.into_iter().map(credential_to_wit).collect(),
        credential_helper: e.helper,
        error: e.error.map(Into::into),
        verdicts: e
            .verdicts
            .into_iter()
            .map(|v| wit_keyring::Verdict {
                key: v.key,
                source: v.source,
                rank: v.rank,
                reason: v.reason,
            })
            .collect(),
        notes: e.notes.into_iter().map(Into::into).collect(),
    }
}

fn selection_to_wit(
    lookup: String,
    semantics: wit_types::Semantics,
    selection: authfile::Selection,
) -> wit_keyring::LookupResult {
    wit_keyring::LookupResult {
        lookup,
        semantics,
        credentials: selection
            .credential
            .into_iter()
            .map(credential_to_wit)
            .collect(),
        docker_hub_fallback: false,
        credential_helper: selection.helper,
        notes: selection.notes.into_iter().map(Into::into).collect(),
    }
}

fn lookup_string(image: &str, raw: bool) -> Result<String, diagnostic::Error> {
    if raw {
        Ok(image.to_owned())
    } else {
        Ok(reference::normalize(image)?)
    }
}

impl wit_keyring::Guest for Component {
    type Keyring = KeyringResource;

    fn normalize_image(image: String) -> Result<String, wit_types::Error> {
        reference::normalize(&image).map_err(|d| diagnostic::Error::from(d).into())
    }

    fn parse_key(key: String) -> wit_keyring::ParsedKey {
        let parsed = keyring::parse_key(&key);
        wit_keyring::ParsedKey {
            key: parsed.key,
            normalized: parsed.normalized.ok(),
            host: parsed.host,
            port: parsed.port,
            path: parsed.path,
        }
    }

    fn urls_match(glob: String, target: String) -> bool {
        keyring::urls_match(&glob, &target)
    }

    fn is_default_registry(lookup: String) -> bool {
        keyring::is_default_registry(&lookup)
    }

    fn explain(
        secrets: Vec<wit_config::DockerConfigBorrow<'_>>,
        node: Vec<wit_config::DockerConfigBorrow<'_>>,
        image: String,
        raw: bool,
    ) -> Result<wit_keyring::ExplanationSet, wit_types::Error> {
        let secrets: Vec<&document::DockerConfig> = secrets.iter().map(|c| c.get()).collect();
        let node: Vec<&document::DockerConfig> = node.iter().map(|c| c.get()).collect();
        let lookup = lookup_string(&image, raw)?;
        let set = explain::explain(&secrets, &node, &lookup);
        Ok(wit_keyring::ExplanationSet {
            consumers: set.consumers.into_iter().map(explanation_to_wit).collect(),
            answered_by: set.answered_by.map(|a| match a {
                explain::Answerer::Kubelet => wit_keyring::Answerer::Kubelet,
                explain::Answerer::Crio => wit_keyring::Answerer::Crio,
                explain::Answerer::Nobody => wit_keyring::Answerer::Nobody,
            }),
        })
    }

    fn select(
        semantics: wit_types::Semantics,
        configs: Vec<wit_config::DockerConfigBorrow<'_>>,
        image: String,
        raw: bool,
    ) -> Result<wit_keyring::LookupResult, wit_types::Error> {
        let configs: Vec<&document::DockerConfig> = configs.iter().map(|c| c.get()).collect();
        let lookup = lookup_string(&image, raw)?;
        let consumer = match semantics {
            wit_types::Semantics::Kubelet => {
                let mut keyring = keyring::Keyring::default();
                for config in configs {
                    keyring.add(config)?;
                }
                return Ok(lookup_to_wit(keyring.lookup(&lookup)));
            }
            wit_types::Semantics::Containers => authfile::Consumer::Containers,
            wit_types::Semantics::Docker => authfile::Consumer::Docker,
        };
        let selection =
            authfile::select(consumer, &configs, &lookup).map_err(diagnostic::Error::from)?;
        Ok(selection_to_wit(lookup, semantics, selection))
    }

    fn answer(
        secrets: Vec<wit_config::DockerConfigBorrow<'_>>,
        node: Vec<wit_config::DockerConfigBorrow<'_>>,
        image: String,
        raw: bool,
    ) -> Result<wit_keyring::NodeAnswer, wit_types::Error> {
        let secrets: Vec<&document::DockerConfig> = secrets.iter().map(|c| c.get()).collect();
        let node: Vec<&document::DockerConfig> = node.iter().map(|c| c.get()).collect();
        let lookup = lookup_string(&image, raw)?;
        let answer = node::answer(&secrets, &node, &lookup)?;
        Ok(wit_keyring::NodeAnswer {
            kubelet: lookup_to_wit(answer.kubelet),
            crio: answer
                .crio
                .map(|s| selection_to_wit(lookup, wit_types::Semantics::Containers, s)),
            notes: answer.notes.into_iter().map(Into::into).collect(),
        })
    }
}

impl wit_keyring::GuestKeyring for KeyringResource {
    fn new() -> Self {
        KeyringResource(RefCell::new(keyring::Keyring::default()))
    }

    fn add(&self, config: wit_config::DockerConfigBorrow<'_>) -> Result<(), wit_types::Error> {
        Ok(self
            .0
            .borrow_mut()
            .add(config.get::<document::DockerConfig>())?)
    }

    fn lookup_image(&self, image: String) -> Result<wit_keyring::LookupResult, wit_types::Error> {
        let lookup = lookup_string(&image, false)?;
        Ok(lookup_to_wit(self.0.borrow().lookup(&lookup)))
    }

    fn lookup_raw(&self, lookup: String) -> wit_keyring::LookupResult {
        lookup_to_wit(self.0.borrow().lookup(&lookup))
    }
}

impl wit_policy::Guest for Component {
    type Policy = policy::Policy;

    fn builtin_names() -> Vec<String> {
        policy::builtin_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    fn validate(
        inputs: Vec<wit_policy::Input>,
        policies: Vec<wit_policy::PolicyBorrow<'_>>,
        context: wit_policy::Context,
    ) -> Vec<wit_types::Diagnostic> {
        let inputs: Vec<validate::Input<'_>> = inputs
            .iter()
            .map(|i| validate::Input {
                source: &i.source,
                bytes: &i.bytes,
            })
            .collect();
        let policies: Vec<&policy::Policy> = policies.iter().map(|p| p.get()).collect();
        let context = validate::Context {
            mirrors: context.mirrors,
            images: context.images,
        };
        validate::validate(&inputs, &policies, &context)
            .into_iter()
            .map(Into::into)
            .collect()
    }
}

impl wit_policy::GuestPolicy for policy::Policy {
    fn parse(
        source: String,
        bytes: Vec<u8>,
    ) -> Result<wit_policy::Policy, Vec<wit_types::Diagnostic>> {
        policy::parse(&source, &bytes)
            .map(wit_policy::Policy::new)
            .map_err(|problems| problems.into_iter().map(Into::into).collect())
    }

    fn builtin(name: String) -> Option<wit_policy::Policy> {
        policy::builtin(&name).map(wit_policy::Policy::new)
    }

    fn name(&self) -> String {
        self.name.clone()
    }

    fn description(&self) -> String {
        self.description.clone()
    }
}
