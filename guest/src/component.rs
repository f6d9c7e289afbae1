//! The WIT boundary, the one door between the library and every host: conversions between
//! the library's types and the generated ones, and nothing else.

use std::borrow::Cow;
use std::cell::RefCell;

use crate::audit;
use crate::checks::{policy, validate};
use crate::consumers::answer::{self, Answerer, Semantics};
use crate::consumers::kubelet::Keyring;
use crate::consumers::lookup::{self, Request};
use crate::diagnostic::{self, Code, Rule, Severity};
use crate::edit::{diff, login, merge, node_config};
use crate::input::config::DockerConfig;
use crate::input::document::{self, Input};
use crate::input::entries::CredentialForm;
use crate::input::registry_map::Format;
use crate::input::{key, reference};
use crate::manifests::{self, rbac, recipe, secret, service_account, set_data, sources};

wit_bindgen::generate!({
    world: "pullsecret",
    path: "../wit",
});

use exports::pullsecret::core::audit as wit_audit;
use exports::pullsecret::core::catalogue as wit_catalogue;
use exports::pullsecret::core::config as wit_config;
use exports::pullsecret::core::edit as wit_edit;
use exports::pullsecret::core::keyring as wit_keyring;
use exports::pullsecret::core::manifests as wit_manifests;
use exports::pullsecret::core::policy as wit_policy;
use exports::pullsecret::core::types as wit_types;

struct Component;

// Native builds cannot link exports whose names contain `:`; native tests use the library.
// Only the component build asks for the export (feature `component`): the Kubewarden policy
// is a wasm32 module too, and exports waPC functions instead.
#[cfg(all(target_arch = "wasm32", feature = "component"))]
export!(Component);

impl From<Severity> for wit_types::Severity {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Error => wit_types::Severity::Error,
            Severity::Warning => wit_types::Severity::Warning,
            Severity::Info => wit_types::Severity::Info,
        }
    }
}

impl From<diagnostic::Diagnostic> for wit_types::Diagnostic {
    fn from(d: diagnostic::Diagnostic) -> Self {
        wit_types::Diagnostic {
            code: d.code.as_str().to_owned(),
            severity: d.severity.into(),
            message: d.message,
            key: d.key,
            location: d.location,
            rule: d.rule.map(|r| r.id().to_owned()),
            rule_doc: d.rule.map(Rule::doc),
            fix: d.fix.map(Cow::into_owned),
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

fn wit_list<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(U::from).collect()
}

impl From<Format> for wit_types::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::DockerConfigJson => wit_types::Format::Dockerconfigjson,
            Format::DockerCfg => wit_types::Format::Dockercfg,
        }
    }
}

impl From<wit_types::Format> for Format {
    fn from(f: wit_types::Format) -> Self {
        match f {
            wit_types::Format::Dockerconfigjson => Format::DockerConfigJson,
            wit_types::Format::Dockercfg => Format::DockerCfg,
        }
    }
}

impl From<Semantics> for wit_types::Semantics {
    fn from(s: Semantics) -> Self {
        match s {
            Semantics::Kubelet => wit_types::Semantics::Kubelet,
            Semantics::Containers => wit_types::Semantics::Containers,
            Semantics::Docker => wit_types::Semantics::Docker,
        }
    }
}

impl From<wit_types::Semantics> for Semantics {
    fn from(s: wit_types::Semantics) -> Self {
        match s {
            wit_types::Semantics::Kubelet => Semantics::Kubelet,
            wit_types::Semantics::Containers => Semantics::Containers,
            wit_types::Semantics::Docker => Semantics::Docker,
        }
    }
}

impl wit_catalogue::Guest for Component {
    fn codes() -> Vec<wit_catalogue::CodeInfo> {
        Code::ALL
            .iter()
            .map(|code| wit_catalogue::CodeInfo {
                code: code.as_str().to_owned(),
                severity: code.severity().into(),
                rule: code.rule().map(|r| r.id().to_owned()),
                adjustable: code.adjustable(),
                fix: code.fix().map(str::to_owned),
                doc: format!("docs/diagnostics.md#{}", code.as_str()),
            })
            .collect()
    }

    fn rules() -> Vec<wit_catalogue::RuleInfo> {
        Rule::ALL
            .iter()
            .map(|rule| wit_catalogue::RuleInfo {
                id: rule.id().to_owned(),
                consumer: rule.consumer().to_owned(),
                title: rule.title().to_owned(),
                doc: rule.doc(),
            })
            .collect()
    }
}

impl wit_config::Guest for Component {
    type DockerConfig = DockerConfig;

    fn parse(
        source: String,
        bytes: Vec<u8>,
        forced: Option<wit_types::Format>,
    ) -> Result<wit_config::Document, wit_types::Error> {
        let document = document::parse(&source, &bytes, forced.map(Format::from))?;
        Ok(wit_config::Document {
            configs: document
                .configs
                .into_iter()
                .map(wit_config::DockerConfig::new)
                .collect(),
            notes: wit_list(document.notes),
        })
    }

    fn parse_one(
        source: String,
        bytes: Vec<u8>,
        forced: Option<wit_types::Format>,
    ) -> Result<wit_config::DockerConfig, wit_types::Error> {
        let config = document::parse_one(&source, &bytes, forced.map(Format::from))?;
        Ok(wit_config::DockerConfig::new(config))
    }

    fn extract(source: String, bytes: Vec<u8>) -> Result<Vec<u8>, wit_types::Error> {
        Ok(document::extract(&source, &bytes)?)
    }
}

impl wit_config::GuestDockerConfig for DockerConfig {
    fn format(&self) -> wit_types::Format {
        self.format.into()
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
        DockerConfig::payload(self).to_vec()
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

impl From<answer::Credential> for wit_keyring::Credential {
    fn from(c: answer::Credential) -> Self {
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
}

impl From<answer::Verdict> for wit_keyring::Verdict {
    fn from(v: answer::Verdict) -> Self {
        wit_keyring::Verdict {
            key: v.key,
            source: v.source,
            rank: v.rank,
            reason: v.reason,
        }
    }
}

impl From<answer::Answer> for wit_keyring::Answer {
    fn from(a: answer::Answer) -> Self {
        wit_keyring::Answer {
            semantics: a.semantics.into(),
            lookup: a.lookup,
            credentials: wit_list(a.credentials),
            docker_hub_fallback: a.docker_hub_fallback,
            credential_helper: a.helper,
            failure: a.failure.map(Into::into),
            verdicts: wit_list(a.verdicts),
            notes: wit_list(a.notes),
        }
    }
}

impl From<Answerer> for wit_keyring::Answerer {
    fn from(a: Answerer) -> Self {
        match a {
            Answerer::Kubelet => wit_keyring::Answerer::Kubelet,
            Answerer::Crio => wit_keyring::Answerer::Crio,
            Answerer::Nobody => wit_keyring::Answerer::Nobody,
        }
    }
}

/// The configs a WIT request borrows, held while the library reads them.
struct Borrowed<'a> {
    secrets: Vec<&'a DockerConfig>,
    node: Vec<&'a DockerConfig>,
}

impl<'a> Borrowed<'a> {
    fn of(request: &'a wit_keyring::Request<'a>) -> Self {
        Borrowed {
            secrets: request.secrets.iter().map(|c| c.get()).collect(),
            node: request.node.iter().map(|c| c.get()).collect(),
        }
    }
}

/// The kubelet's keyring behind a `RefCell`: WIT resource methods take `&self`.
struct KeyringResource(RefCell<Keyring>);

impl wit_keyring::Guest for Component {
    type Keyring = KeyringResource;

    fn match_images(
        semantics: wit_types::Semantics,
        request: wit_keyring::Request<'_>,
    ) -> Result<wit_keyring::Matches, wit_types::Error> {
        let borrowed = Borrowed::of(&request);
        let request = Request {
            secrets: &borrowed.secrets,
            node: &borrowed.node,
            images: &request.images,
            raw: request.raw,
        };
        let matches = lookup::matches(semantics.into(), &request)?;
        Ok(wit_keyring::Matches {
            results: matches
                .results
                .into_iter()
                .map(|m| wit_keyring::Matched {
                    image: m.image,
                    answer: m.answer.into(),
                    answered_by: m.answered_by.map(Into::into),
                    crio: m.crio.map(Into::into),
                })
                .collect(),
            notes: wit_list(matches.notes),
        })
    }

    fn explain(
        request: wit_keyring::Request<'_>,
        only: Option<wit_types::Semantics>,
    ) -> Result<Vec<wit_keyring::Explained>, wit_types::Error> {
        let borrowed = Borrowed::of(&request);
        let request = Request {
            secrets: &borrowed.secrets,
            node: &borrowed.node,
            images: &request.images,
            raw: request.raw,
        };
        let explained = lookup::explanations(&request, only.map(Semantics::from))?;
        Ok(explained
            .into_iter()
            .map(|e| wit_keyring::Explained {
                image: e.image,
                lookup: e.lookup,
                consumers: wit_list(e.explanation.consumers),
                answered_by: e.explanation.answered_by.map(Into::into),
            })
            .collect())
    }

    fn keys(keys: Vec<String>, target: Option<String>) -> wit_keyring::KeyReport {
        let report = key::report(&keys, target.as_deref());
        wit_keyring::KeyReport {
            default_registry: report.default_registry,
            target,
            keys: report
                .keys
                .into_iter()
                .map(|(parsed, matches)| wit_keyring::ParsedKey {
                    key: parsed.key,
                    normalized: parsed.normalized.ok(),
                    host: parsed.host,
                    port: parsed.port,
                    path: parsed.path,
                    matches,
                })
                .collect(),
        }
    }

    fn normalize_image(image: String) -> Result<String, wit_types::Error> {
        reference::normalize(&image).map_err(|d| diagnostic::Error::from(d).into())
    }
}

impl wit_keyring::GuestKeyring for KeyringResource {
    fn new() -> Self {
        KeyringResource(RefCell::new(Keyring::default()))
    }

    fn add(&self, config: wit_config::DockerConfigBorrow<'_>) -> Result<(), wit_types::Error> {
        Ok(self.0.borrow_mut().add(config.get::<DockerConfig>())?)
    }

    fn lookup_image(&self, image: String) -> Result<wit_keyring::Answer, wit_types::Error> {
        let lookup = reference::normalize(&image).map_err(diagnostic::Error::from)?;
        Ok(self.0.borrow().lookup(&lookup).into())
    }

    fn lookup_raw(&self, lookup: String) -> wit_keyring::Answer {
        self.0.borrow().lookup(&lookup).into()
    }
}

impl From<merge::Prefer> for wit_edit::Prefer {
    fn from(p: merge::Prefer) -> Self {
        match p {
            merge::Prefer::Base => wit_edit::Prefer::Base,
            merge::Prefer::Overlay => wit_edit::Prefer::Overlay,
        }
    }
}

impl From<wit_edit::Prefer> for merge::Prefer {
    fn from(p: wit_edit::Prefer) -> Self {
        match p {
            wit_edit::Prefer::Base => merge::Prefer::Base,
            wit_edit::Prefer::Overlay => merge::Prefer::Overlay,
        }
    }
}

impl wit_edit::Guest for Component {
    fn login(
        target: String,
        existing: Option<Vec<u8>>,
        request: wit_edit::LoginRequest,
    ) -> Result<wit_edit::LoggedIn, wit_types::Error> {
        let request = login::Login {
            registry: &request.registry,
            username: &request.username,
            password: &request.password,
            email: request.email.as_deref(),
            style: match request.style {
                wit_edit::LoginStyle::Preserve => login::Style::Preserve,
                wit_edit::LoginStyle::Oc => login::Style::Oc,
            },
        };
        let (bytes, warnings) = login::login(&target, existing.as_deref(), &request)?;
        Ok(wit_edit::LoggedIn {
            bytes,
            warnings: wit_list(warnings),
        })
    }

    fn node_config(
        config: wit_config::DockerConfigBorrow<'_>,
    ) -> Result<Vec<u8>, wit_types::Error> {
        Ok(node_config::node_config(config.get())?)
    }

    fn merge(
        base: wit_config::DockerConfigBorrow<'_>,
        overlays: Vec<wit_config::DockerConfigBorrow<'_>>,
        prefer: wit_edit::Prefer,
    ) -> Result<wit_edit::Merged, wit_types::Error> {
        let overlays: Vec<&DockerConfig> = overlays.iter().map(|c| c.get()).collect();
        let merged = merge::merge(base.get(), &overlays, prefer.into())?;
        Ok(wit_edit::Merged {
            bytes: merged.bytes,
            conflicts: merged
                .conflicts
                .into_iter()
                .map(|c| wit_edit::Conflict {
                    key: c.key,
                    winner: c.winner.into(),
                    credentials_differ: c.credentials_differ,
                })
                .collect(),
            notes: wit_list(merged.notes),
        })
    }

    fn diff(
        old: wit_config::DockerConfigBorrow<'_>,
        new: wit_config::DockerConfigBorrow<'_>,
    ) -> Result<(Vec<wit_edit::Change>, Vec<wit_types::Diagnostic>), wit_types::Error> {
        let (changes, warnings) = diff::diff(old.get(), new.get())?;
        let changes = changes
            .into_iter()
            .map(|c| wit_edit::Change {
                key: c.key,
                kind: match c.kind {
                    diff::ChangeKind::Added => wit_edit::ChangeKind::Added,
                    diff::ChangeKind::Removed => wit_edit::ChangeKind::Removed,
                    diff::ChangeKind::Changed(fields) => wit_edit::ChangeKind::Changed(
                        fields.into_iter().map(str::to_owned).collect(),
                    ),
                },
            })
            .collect();
        Ok((changes, wit_list(warnings)))
    }
}

impl From<wit_manifests::Output> for manifests::Output {
    fn from(output: wit_manifests::Output) -> Self {
        match output {
            wit_manifests::Output::Yaml => manifests::Output::Yaml,
            wit_manifests::Output::Json => manifests::Output::Json,
        }
    }
}

impl From<wit_manifests::Shape> for manifests::Shape {
    fn from(shape: wit_manifests::Shape) -> Self {
        match shape {
            wit_manifests::Shape::Current => manifests::Shape::Current,
            wit_manifests::Shape::Kubectl133 => manifests::Shape::Kubectl133,
        }
    }
}

/// A WIT input, borrowed as the library reads it.
fn input(input: &wit_types::Input) -> Input<'_> {
    Input {
        source: &input.source,
        bytes: &input.bytes,
    }
}

impl From<wit_manifests::FoundPath> for (String, sources::Found) {
    fn from(f: wit_manifests::FoundPath) -> Self {
        let found = match f.found {
            wit_manifests::Found::File(bytes) => sources::Found::File(bytes),
            wit_manifests::Found::Directory(files) => {
                sources::Found::Directory(files.into_iter().map(|d| (d.name, d.content)).collect())
            }
            wit_manifests::Found::Missing(why) => sources::Found::Missing(why),
            wit_manifests::Found::Unreadable(why) => sources::Found::Unreadable(why),
            wit_manifests::Found::Unlistable(why) => sources::Found::Unlistable(why),
        };
        (f.path, found)
    }
}

/// The sources as the library takes them, borrowing from `request`.
fn with_sources<T>(
    request: wit_manifests::Sources,
    then: impl FnOnce(sources::Sources<'_>) -> T,
) -> T {
    let found: Vec<(String, sources::Found)> = wit_list(request.found);
    then(sources::Sources {
        from_file: &request.from_file,
        from_literal: &request.from_literal,
        from_env_file: &request.from_env_file,
        found: &found,
        environment: &request.environment,
    })
}

impl wit_manifests::Guest for Component {
    fn grant(
        recipe: wit_manifests::Recipe,
        shape: wit_manifests::Shape,
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
                current_service_account: r.current_service_account.map(|i| (i.source, i.bytes)),
            },
        };
        let (docs, notes) = recipe::build(&recipe, shape.into())?;
        Ok(wit_manifests::RecipeResult {
            manifests: manifests::render_all(&docs, output.into()),
            notes: wit_list(notes),
        })
    }

    fn create_rolebinding(
        request: wit_manifests::RolebindingRequest,
    ) -> Result<String, wit_types::Error> {
        let kind = match request.role_kind {
            wit_manifests::RoleKind::ClusterRole => "ClusterRole",
            wit_manifests::RoleKind::Role => "Role",
        };
        let binding = rbac::create_rolebinding(
            &request.name,
            &request.namespace,
            rbac::RoleRef {
                kind,
                name: &request.role,
            },
            &request.users,
            &request.groups,
            &request.service_accounts,
            request.shape.into(),
        )?;
        Ok(manifests::render(&binding, request.output.into()))
    }

    fn create_serviceaccount(
        name: String,
        namespace: String,
        shape: wit_manifests::Shape,
        output: wit_manifests::Output,
    ) -> String {
        manifests::render(
            &service_account::serviceaccount(&name, &namespace, shape.into()),
            output.into(),
        )
    }

    fn secrets_link(
        request: wit_manifests::LinkRequest,
    ) -> Result<wit_manifests::LinkResult, wit_types::Error> {
        let link_for = service_account::parse_link_for(&request.for_values)?;
        let secrets = request
            .secrets
            .iter()
            .map(|s| service_account::secret_name(s).map(str::to_owned))
            .collect::<Result<Vec<_>, _>>()?;
        let linked = service_account::link(
            request.current.as_ref().map(input),
            &request.service_account,
            request.namespace.as_deref(),
            &secrets,
            link_for,
        )?;
        let shown = if request.patch {
            linked.patch
        } else {
            linked.account
        };
        Ok(wit_manifests::LinkResult {
            manifest: manifests::render(&shown, request.output.into()),
            changed: linked.changed,
        })
    }

    fn add_role(
        request: wit_manifests::AddRoleRequest,
    ) -> Result<wit_manifests::AddRoleResult, wit_types::Error> {
        let to_groups = request.kind == wit_manifests::SubjectKind::Group;
        let (role, names) = rbac::positional(&request.args, to_groups, &request.service_accounts)?;
        let (users, groups): (&[String], &[String]) = if to_groups {
            (&[], names)
        } else {
            (names, &[])
        };
        let subjects =
            rbac::subjects(users, groups, &request.service_accounts, &request.namespace)?;
        let binding = rbac::add_role(&rbac::AddRole {
            role,
            namespace: &request.namespace,
            subjects,
            rolebinding_name: request.rolebinding_name.as_deref(),
            existing: request.existing.as_ref().map(input),
            shape: request.shape.into(),
        })?;
        let output = request.output.into();
        Ok(match binding {
            rbac::Binding::Create(v) => wit_manifests::AddRoleResult {
                action: wit_manifests::BindingAction::Created,
                name: rbac::name_of(&v),
                manifest: manifests::render(&v, output),
            },
            rbac::Binding::Update(v) => wit_manifests::AddRoleResult {
                action: wit_manifests::BindingAction::Updated,
                name: rbac::name_of(&v),
                manifest: manifests::render(&v, output),
            },
            rbac::Binding::Unchanged(v) => wit_manifests::AddRoleResult {
                action: wit_manifests::BindingAction::Unchanged,
                name: rbac::name_of(&v),
                manifest: manifests::render(&v, output),
            },
        })
    }

    fn create_docker_registry_secret(
        request: wit_manifests::DockerRegistrySecret,
    ) -> Result<wit_manifests::Created, wit_types::Error> {
        let (secret, warnings) = with_sources(request.sources, |sources| {
            secret::docker_registry_secret(&secret::DockerRegistrySecret {
                name: &request.name,
                namespace: request.namespace.as_deref(),
                server: request.server.as_deref(),
                username: &request.username,
                password: &request.password,
                email: &request.email,
                sources,
                append_hash: request.append_hash,
                shape: request.shape.into(),
            })
        })?;
        Ok(wit_manifests::Created {
            manifest: manifests::render(&secret, request.output.into()),
            warnings: wit_list(warnings),
        })
    }

    fn create_generic_secret(
        request: wit_manifests::GenericSecret,
    ) -> Result<wit_manifests::Created, wit_types::Error> {
        let (secret, warnings) = with_sources(request.sources, |sources| {
            secret::generic_secret(
                &request.name,
                request.namespace.as_deref(),
                request.secret_type.as_deref(),
                &sources,
                request.append_hash,
                request.shape.into(),
            )
        })?;
        Ok(wit_manifests::Created {
            manifest: manifests::render(&secret, request.output.into()),
            warnings: wit_list(warnings),
        })
    }

    fn source_paths(from_file: Vec<String>, from_env_file: Vec<String>) -> Vec<String> {
        sources::paths(&from_file, &from_env_file)
    }

    fn set_data(
        request: wit_manifests::SetDataRequest,
    ) -> Result<wit_manifests::SetDataResult, wit_types::Error> {
        let (secret, changed) = with_sources(request.sources, |sources| {
            set_data::set_data(&set_data::SetData {
                target: &request.target,
                namespace: request.namespace.as_deref(),
                sources,
                current: request.current.as_ref().map(input),
                force: request.force,
            })
        })?;
        Ok(wit_manifests::SetDataResult {
            manifest: manifests::render(&secret, request.output.into()),
            name: rbac::name_of(&secret),
            changed,
        })
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

    fn check_context(context: wit_policy::Context) -> Vec<wit_types::Diagnostic> {
        wit_list(validate::check_context(&context.into()))
    }

    fn validate(
        inputs: Vec<wit_types::Input>,
        policies: Vec<wit_policy::PolicyBorrow<'_>>,
        context: wit_policy::Context,
    ) -> Vec<wit_types::Diagnostic> {
        let inputs: Vec<Input<'_>> = inputs.iter().map(input).collect();
        let policies: Vec<&policy::Policy> = policies.iter().map(|p| p.get()).collect();
        wit_list(validate::validate(&inputs, &policies, &context.into()))
    }
}

impl From<wit_policy::Context> for validate::Context {
    fn from(context: wit_policy::Context) -> Self {
        validate::Context {
            mirrors: context.mirrors,
            images: context.images,
        }
    }
}

impl wit_policy::GuestPolicy for policy::Policy {
    fn parse(
        source: String,
        bytes: Vec<u8>,
    ) -> Result<wit_policy::Policy, Vec<wit_types::Diagnostic>> {
        policy::parse(&source, &bytes)
            .map(wit_policy::Policy::new)
            .map_err(wit_list)
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

impl wit_audit::Guest for Component {
    fn audit(request: wit_audit::Request) -> Result<wit_audit::Report, wit_types::Error> {
        let wit_audit::Request {
            dumps,
            node_config,
            fix,
        } = request;
        let cluster = audit::read(&dumps.iter().map(input).collect::<Vec<_>>())?;
        // The dumps can be hundreds of megabytes: their memory is reused for the report.
        drop(dumps);
        Ok(audit::report(&cluster, node_config.as_ref().map(input), fix)?.into())
    }
}

impl From<audit::Report> for wit_audit::Report {
    fn from(report: audit::Report) -> Self {
        let summary = report.summary;
        wit_audit::Report {
            pods: wit_list(report.pods),
            summary: wit_audit::Summary {
                pods: summary.pods,
                containers: summary.containers,
                kubelet: summary.kubelet,
                crio: summary.crio,
                nobody: summary.nobody,
                findings: summary
                    .findings
                    .into_iter()
                    .map(|c| wit_audit::CodeCount {
                        code: c.code.as_str().to_owned(),
                        severity: c.severity.into(),
                        count: c.count,
                    })
                    .collect(),
            },
            fixes: report.fixes,
            notes: wit_list(report.notes),
        }
    }
}

impl From<audit::PodReport> for wit_audit::PodReport {
    fn from(pod: audit::PodReport) -> Self {
        wit_audit::PodReport {
            namespace: pod.namespace,
            name: pod.name,
            service_account: pod.service_account,
            containers: wit_list(pod.containers),
            findings: wit_list(pod.findings),
        }
    }
}

impl From<audit::ContainerReport> for wit_audit::ContainerReport {
    fn from(c: audit::ContainerReport) -> Self {
        wit_audit::ContainerReport {
            name: c.name,
            kind: match c.kind {
                audit::ContainerKind::Container => wit_audit::ContainerKind::Container,
                audit::ContainerKind::Init => wit_audit::ContainerKind::Init,
                audit::ContainerKind::Ephemeral => wit_audit::ContainerKind::Ephemeral,
            },
            image: c.image,
            answered_by: c.answered_by.into(),
            credential: c.credential.map(|r| wit_audit::CredentialRef {
                secret: r.secret,
                data_key: r.data_key,
                registry_key: r.registry_key,
                username: r.username,
            }),
            findings: wit_list(c.findings),
        }
    }
}
