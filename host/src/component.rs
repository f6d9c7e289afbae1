//! The embedded component and a thin facade over its generated bindings. Guest-visible
//! errors (the WIT `error` variant) stay values; traps and host failures are `anyhow` errors.

use anyhow::{Context, Result};
use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::{Engine, Store, StoreLimits, StoreLimitsBuilder};

use crate::engine;

wasmtime::component::bindgen!({
    world: "pullsecret",
    path: "../wit",
});

pub use exports::pullsecret::core::audit::{
    ContainerKind, ContainerReport, CredentialRef, PodReport, Report as AuditReport,
    Request as AuditRequest, Summary as AuditSummary,
};
pub use exports::pullsecret::core::catalogue::RuleInfo;
pub use exports::pullsecret::core::config::{CredentialForm, Entry, SecretOrigin};
pub use exports::pullsecret::core::edit::{
    Change, ChangeKind, LoggedIn, LoginRequest, LoginStyle, Merged, Prefer,
};
pub use exports::pullsecret::core::keyring::{
    Answer, Answerer, Credential, Explained, KeyReport, Matches,
};
pub use exports::pullsecret::core::manifests::{
    AddRoleRequest, AddRoleResult, Created, CrossProjectRequest, DirectoryFile,
    DockerRegistrySecret, Found, FoundPath, GenericSecret, LinkRequest, LinkResult,
    Output as ManifestOutput, Recipe, RecipeResult, RegistriesRequest, RegistrySecret, RoleKind,
    RolebindingRequest, SetDataRequest, SetDataResult, Shape, Sources, SubjectKind,
};
pub use exports::pullsecret::core::policy::Context as PolicyContext;
pub use exports::pullsecret::core::types::{
    Diagnostic, Error as GuestError, Format, Input, Semantics, Severity,
};

use exports::pullsecret::core::keyring::Request;

/// The component as built by `build.rs`, for embedders that want the very same bytes.
pub const COMPONENT_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pullsecret.wasm"));
const PRECOMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pullsecret.cwasm"));

/// A parsed docker config living in the guest.
#[derive(Debug, Clone, Copy)]
pub struct ConfigHandle(ResourceAny);

/// A checked policy living in the guest.
#[derive(Debug, Clone, Copy)]
pub struct PolicyHandle(ResourceAny);

/// What one input held.
#[derive(Debug)]
pub struct Document {
    pub configs: Vec<ConfigHandle>,
    pub notes: Vec<Diagnostic>,
}

/// One instance of the component with its store.
pub struct Guest {
    store: Store<StoreLimits>,
    bindings: Pullsecret,
    limits: engine::Limits,
}

impl Guest {
    pub fn new() -> Result<Self> {
        Self::with_limits(engine::LIMITS)
    }

    pub fn with_limits(limits: engine::Limits) -> Result<Self> {
        let engine = Engine::new(&engine::config())?;
        let component = load(&engine).context("loading the embedded component")?;
        let store_limits = StoreLimitsBuilder::new()
            .memory_size(limits.memory_bytes)
            .trap_on_grow_failure(true)
            .build();
        let mut store = Store::new(&engine, store_limits);
        store.limiter(|limits| limits);
        // The guest traps at its next epoch check once the epoch reaches the deadline, one
        // tick away, which a sleeping thread makes when the time is up (zero time: at once).
        store.epoch_deadline_trap();
        store.set_epoch_deadline(1);
        let linker = Linker::new(&engine);
        let bindings = Pullsecret::instantiate(&mut store, &component, &linker)
            .map_err(anyhow::Error::from)
            .context("instantiating the component")?;
        if limits.time.is_zero() {
            store.set_epoch_deadline(0);
        } else {
            std::thread::Builder::new()
                .name("guest-deadline".into())
                .spawn(move || {
                    std::thread::sleep(limits.time);
                    engine.increment_epoch();
                })
                .context("starting the guest's deadline")?;
        }
        Ok(Guest {
            store,
            bindings,
            limits,
        })
    }

    pub fn parse(
        &mut self,
        source: &str,
        bytes: &[u8],
        forced: Option<Format>,
    ) -> Result<Result<Document, GuestError>> {
        let result = self
            .bindings
            .pullsecret_core_config()
            .call_parse(&mut self.store, source, bytes, forced)
            .map_err(trap)?;
        Ok(result.map(|doc| Document {
            configs: doc.configs.into_iter().map(ConfigHandle).collect(),
            notes: doc.notes,
        }))
    }

    /// Like `parse`, for an input that must hold exactly one pull secret.
    pub fn parse_one(
        &mut self,
        source: &str,
        bytes: &[u8],
        forced: Option<Format>,
    ) -> Result<Result<ConfigHandle, GuestError>> {
        let result = self
            .bindings
            .pullsecret_core_config()
            .call_parse_one(&mut self.store, source, bytes, forced)
            .map_err(trap)?;
        Ok(result.map(ConfigHandle))
    }

    /// The payload of the one pull secret of a Secret manifest.
    pub fn extract(&mut self, source: &str, bytes: &[u8]) -> Result<Result<Vec<u8>, GuestError>> {
        self.bindings
            .pullsecret_core_config()
            .call_extract(&mut self.store, source, bytes)
            .map_err(trap)
    }

    /// What `semantics` sends for each image (`keyring.match-images`).
    pub fn match_images(
        &mut self,
        semantics: Semantics,
        secrets: &[ConfigHandle],
        node: &[ConfigHandle],
        images: &[String],
        raw: bool,
    ) -> Result<Result<Matches, GuestError>> {
        let request = request(secrets, node, images, raw);
        self.bindings
            .pullsecret_core_keyring()
            .call_match_images(&mut self.store, semantics, &request)
            .map_err(trap)
    }

    /// Every consumer's answer and verdicts for each image (`keyring.explain`).
    pub fn explain(
        &mut self,
        secrets: &[ConfigHandle],
        node: &[ConfigHandle],
        images: &[String],
        raw: bool,
        only: Option<Semantics>,
    ) -> Result<Result<Vec<Explained>, GuestError>> {
        let request = request(secrets, node, images, raw);
        self.bindings
            .pullsecret_core_keyring()
            .call_explain(&mut self.store, &request, only)
            .map_err(trap)
    }

    /// How the kubelet reads keys, and matches them against `target` (`keyring.keys`).
    pub fn keys(&mut self, keys: &[String], target: Option<&str>) -> Result<KeyReport> {
        self.bindings
            .pullsecret_core_keyring()
            .call_keys(&mut self.store, keys, target)
            .map_err(trap)
    }

    /// Every rule that findings cite (`catalogue.rules`).
    pub fn rules(&mut self) -> Result<Vec<RuleInfo>> {
        self.bindings
            .pullsecret_core_catalogue()
            .call_rules(&mut self.store)
            .map_err(trap)
    }

    pub fn format(&mut self, config: ConfigHandle) -> Result<Format> {
        let api = self.bindings.pullsecret_core_config().docker_config();
        api.call_format(&mut self.store, config.0).map_err(trap)
    }

    pub fn secret(&mut self, config: ConfigHandle) -> Result<Option<SecretOrigin>> {
        let api = self.bindings.pullsecret_core_config().docker_config();
        api.call_secret(&mut self.store, config.0).map_err(trap)
    }

    /// The label the config was parsed with (its file).
    pub fn source(&mut self, config: ConfigHandle) -> Result<String> {
        let api = self.bindings.pullsecret_core_config().docker_config();
        api.call_source(&mut self.store, config.0).map_err(trap)
    }

    /// A file after `login --to` (`edit.login` in the WIT).
    pub fn login(
        &mut self,
        target: &str,
        existing: Option<&[u8]>,
        request: &LoginRequest,
    ) -> Result<Result<LoggedIn, GuestError>> {
        self.bindings
            .pullsecret_core_edit()
            .call_login(&mut self.store, target, existing, request)
            .map_err(trap)
    }

    pub fn node_config(&mut self, config: ConfigHandle) -> Result<Result<Vec<u8>, GuestError>> {
        self.bindings
            .pullsecret_core_edit()
            .call_node_config(&mut self.store, config.0)
            .map_err(trap)
    }

    pub fn merge(
        &mut self,
        base: ConfigHandle,
        overlays: &[ConfigHandle],
        prefer: Prefer,
    ) -> Result<Result<Merged, GuestError>> {
        let overlays: Vec<ResourceAny> = overlays.iter().map(|c| c.0).collect();
        self.bindings
            .pullsecret_core_edit()
            .call_merge(&mut self.store, base.0, &overlays, prefer)
            .map_err(trap)
    }

    #[expect(
        clippy::type_complexity,
        reason = "the WIT result of a tuple, unwrapped once"
    )]
    pub fn diff(
        &mut self,
        old: ConfigHandle,
        new: ConfigHandle,
    ) -> Result<Result<(Vec<Change>, Vec<Diagnostic>), GuestError>> {
        self.bindings
            .pullsecret_core_edit()
            .call_diff(&mut self.store, old.0, new.0)
            .map_err(trap)
    }

    pub fn create_docker_registry_secret(
        &mut self,
        request: &DockerRegistrySecret,
    ) -> Result<Result<Created, GuestError>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_create_docker_registry_secret(&mut self.store, request)
            .map_err(trap)
    }

    pub fn source_paths(
        &mut self,
        from_file: &[String],
        from_env_file: &[String],
    ) -> Result<Vec<String>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_source_paths(&mut self.store, from_file, from_env_file)
            .map_err(trap)
    }

    pub fn create_generic_secret(
        &mut self,
        request: &GenericSecret,
    ) -> Result<Result<Created, GuestError>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_create_generic_secret(&mut self.store, request)
            .map_err(trap)
    }

    pub fn grant(
        &mut self,
        recipe: &Recipe,
        shape: Shape,
        output: ManifestOutput,
    ) -> Result<Result<RecipeResult, GuestError>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_grant(&mut self.store, recipe, shape, output)
            .map_err(trap)
    }

    pub fn create_rolebinding(
        &mut self,
        request: &RolebindingRequest,
    ) -> Result<Result<String, GuestError>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_create_rolebinding(&mut self.store, request)
            .map_err(trap)
    }

    pub fn create_serviceaccount(
        &mut self,
        name: &str,
        namespace: &str,
        shape: Shape,
        output: ManifestOutput,
    ) -> Result<String> {
        self.bindings
            .pullsecret_core_manifests()
            .call_create_serviceaccount(&mut self.store, name, namespace, shape, output)
            .map_err(trap)
    }

    pub fn secrets_link(
        &mut self,
        request: &LinkRequest,
    ) -> Result<Result<LinkResult, GuestError>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_secrets_link(&mut self.store, request)
            .map_err(trap)
    }

    pub fn add_role(
        &mut self,
        request: &AddRoleRequest,
    ) -> Result<Result<AddRoleResult, GuestError>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_add_role(&mut self.store, request)
            .map_err(trap)
    }

    /// `oc set data` (`manifests.set-data` in the WIT).
    pub fn set_data(
        &mut self,
        request: &SetDataRequest,
    ) -> Result<Result<SetDataResult, GuestError>> {
        self.bindings
            .pullsecret_core_manifests()
            .call_set_data(&mut self.store, request)
            .map_err(trap)
    }

    pub fn entries(&mut self, config: ConfigHandle) -> Result<Result<Vec<Entry>, GuestError>> {
        let api = self.bindings.pullsecret_core_config().docker_config();
        api.call_entries(&mut self.store, config.0).map_err(trap)
    }

    /// A policy document checked by the guest, or every problem in it.
    pub fn parse_policy(
        &mut self,
        source: &str,
        bytes: &[u8],
    ) -> Result<Result<PolicyHandle, Vec<Diagnostic>>> {
        let api = self.bindings.pullsecret_core_policy().policy();
        let result = api
            .call_parse(&mut self.store, source, bytes)
            .map_err(trap)?;
        Ok(result.map(PolicyHandle))
    }

    pub fn builtin_policy(&mut self, name: &str) -> Result<Option<PolicyHandle>> {
        let api = self.bindings.pullsecret_core_policy().policy();
        let found = api.call_builtin(&mut self.store, name).map_err(trap)?;
        Ok(found.map(PolicyHandle))
    }

    pub fn builtin_policy_names(&mut self) -> Result<Vec<String>> {
        self.bindings
            .pullsecret_core_policy()
            .call_builtin_names(&mut self.store)
            .map_err(trap)
    }

    pub fn check_context(&mut self, context: &PolicyContext) -> Result<Vec<Diagnostic>> {
        self.bindings
            .pullsecret_core_policy()
            .call_check_context(&mut self.store, context)
            .map_err(trap)
    }

    /// Audits a cluster dump (`audit.audit`), within this guest's limits.
    pub fn audit(&mut self, request: &AuditRequest) -> Result<Result<AuditReport, GuestError>> {
        let limits = self.limits;
        self.bindings
            .pullsecret_core_audit()
            .call_audit(&mut self.store, request)
            .map_err(|e| trap_within(e, limits))
    }

    pub fn validate(
        &mut self,
        inputs: &[Input],
        policies: &[PolicyHandle],
        context: &PolicyContext,
    ) -> Result<Vec<Diagnostic>> {
        let policies: Vec<ResourceAny> = policies.iter().map(|p| p.0).collect();
        self.bindings
            .pullsecret_core_policy()
            .call_validate(&mut self.store, inputs, &policies, context)
            .map_err(trap)
    }
}

fn request(
    secrets: &[ConfigHandle],
    node: &[ConfigHandle],
    images: &[String],
    raw: bool,
) -> Request {
    Request {
        secrets: secrets.iter().map(|c| c.0).collect(),
        node: node.iter().map(|c| c.0).collect(),
        images: images.to_vec(),
        raw,
    }
}

#[expect(
    unsafe_code,
    reason = "wasmtime requires unsafe to deserialize precompiled code"
)]
fn load_precompiled(engine: &Engine) -> Result<Component> {
    // SAFETY: the bytes are embedded at build time by our build.rs from
    // `Engine::precompile_component` with the same `engine::config()`; they are not
    // attacker-controlled, and wasmtime still checks version and configuration compatibility.
    Ok(unsafe { Component::deserialize(engine, PRECOMPILED) }?)
}

/// The precompiled component; with the `jit` feature, compiled here when wasmtime rejects it
/// (a CPU without the build machine's features).
#[cfg(feature = "jit")]
fn load(engine: &Engine) -> Result<Component> {
    load_precompiled(engine)
        .or_else(|_| Component::new(engine, COMPONENT_WASM).map_err(anyhow::Error::from))
}

/// The precompiled component; a binary without a compiler cannot do anything else.
#[cfg(not(feature = "jit"))]
fn load(engine: &Engine) -> Result<Component> {
    load_precompiled(engine).context(
        "the precompiled component does not run on this machine; rebuild pullsecret here \
         (or with `--features jit`)",
    )
}

/// Turns a guest trap into a message a user can act on.
fn trap(error: wasmtime::Error) -> anyhow::Error {
    trap_within(error, engine::LIMITS)
}

/// A trap as the user should read it: the budgets of `limits` were exhausted, or a bug.
fn trap_within(error: wasmtime::Error, limits: engine::Limits) -> anyhow::Error {
    if let Some(wasmtime::Trap::Interrupt) = error.downcast_ref::<wasmtime::Trap>() {
        return anyhow::anyhow!(
            "the input is too large or too complex: the component ran out of its time budget of {} s",
            limits.time.as_secs()
        );
    }
    let error = anyhow::Error::from(error);
    if format!("{error:#}").contains("forcing trap when growing memory") {
        return anyhow::anyhow!(
            "the input is too large: the component reached its memory limit of {} MiB",
            limits.memory_bytes >> 20
        );
    }
    error.context("the component failed (this is a bug in pullsecret)")
}
