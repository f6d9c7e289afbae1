//! One pod's pulls, as its node makes them: the pod's pull secrets as admission left them
//! (rule A1) in the kubelet's keyring, then the node's file (M1), then CRI-O's pick from that
//! file (C1); and for every image nobody answers, the reason, found in the pod's
//! ServiceAccount and namespace.

use std::collections::BTreeMap;

use crate::checks::pitfalls;
use crate::consumers::answer::{Answerer, Credential};
use crate::consumers::kubelet::Keyring;
use crate::consumers::node::Node;
use crate::diagnostic::{Code, Diagnostic, Error, Rule};
use crate::input::config::DockerConfig;
use crate::input::reference;

use super::access::{self, Account as Subject};
use super::cluster::{Account, Cluster, Pod, Secret, qualified, registry_of_key};
use super::fixes::Fixes;
use super::{ContainerReport, CredentialRef, PodReport};

/// Registries that serve nothing anonymously.
const REDHAT_REGISTRIES: [&str; 2] = ["registry.redhat.io", "registry.connect.redhat.com"];

/// What the audit keeps between pods: keyrings are built once per distinct set of pull
/// secrets, and each namespace's registries once.
pub struct Auditor<'c> {
    cluster: &'c Cluster,
    node_configs: &'c [&'c DockerConfig],
    nodes: BTreeMap<(&'c str, Vec<&'c str>), Node<'c>>,
    /// Per namespace, the registry and path of each key of its pull secrets, with the secret.
    namespace_registries: BTreeMap<&'c str, Vec<(Scope, &'c str)>>,
    /// The registries and paths the node's file has keys for.
    node_registries: Vec<Scope>,
    node_notes: Option<Vec<Diagnostic>>,
    /// One keyring per pull secret, for the secrets a pod does not list.
    keyrings: BTreeMap<(&'c str, &'c str), Option<Keyring>>,
    fixes: Fixes,
}

/// A key's registry (`host[:port]`) and path.
type Scope = (String, String);

/// Why nobody answering is a problem: the registry evidently needs a credential.
enum Needed<'c> {
    IntegratedRegistry,
    RedHat,
    SecretHasKey(&'c str),
    NodeHasKey,
}

/// The pull secret that would have answered, and why the pod does not use it.
enum Cause<'c> {
    /// The ServiceAccount lists it now; the pod was created before (A1).
    LinkedAfterCreation(&'c str),
    /// The ServiceAccount lists it, but the pod lists pull secrets of its own (A1).
    PodListsItsOwn(&'c str),
    /// The pod lists its ServiceAccount's integrated-registry pull secret, which is not
    /// filled yet (O9).
    Unfilled(&'c str),
    /// Linked with `--for=mount` only (O3).
    MountOnly(&'c str),
    /// In the namespace, linked to nothing the pod uses.
    Unlinked(&'c str),
}

impl<'c> Auditor<'c> {
    pub fn new(cluster: &'c Cluster, node_configs: &'c [&'c DockerConfig]) -> Self {
        let node_registries = node_configs.iter().flat_map(|c| registries(c)).collect();
        Auditor {
            cluster,
            node_configs,
            nodes: BTreeMap::new(),
            namespace_registries: BTreeMap::new(),
            node_registries,
            node_notes: None,
            keyrings: BTreeMap::new(),
            fixes: Fixes::default(),
        }
    }

    /// What the kubelet says about the node's file (one it cannot decode is skipped, M1).
    pub fn node_notes(&mut self) -> Vec<Diagnostic> {
        match self.node_notes.take() {
            Some(notes) => notes,
            None => Node::new(&[], self.node_configs)
                .map(|n| n.notes)
                .unwrap_or_default(),
        }
    }

    /// The manifests that resolve what was found, as one YAML stream.
    pub fn fixes(&self) -> String {
        self.fixes.render(self.cluster)
    }

    pub fn pod(&mut self, pod: &'c Pod) -> PodReport {
        let cluster = self.cluster;
        let mut pod_findings = Vec::new();
        let mut everywhere = Vec::new();
        let mut usable: Vec<(&'c str, &'c DockerConfig)> = Vec::new();
        let mut undecodable = false;
        for name in &pod.pull_secrets {
            match cluster.secrets.get(&pod.namespace, name) {
                None => {
                    everywhere.push(not_found(pod, name));
                    self.fixes.secret(&pod.namespace, name);
                }
                Some(Secret::Ignored(note)) => everywhere.push(note.clone()),
                Some(Secret::Undecodable(d)) => {
                    undecodable = true;
                    everywhere.push(undecodable_secret(pod, name, d));
                }
                Some(Secret::Usable(config)) => {
                    usable.push((name, config));
                    let key = (pod.namespace.clone(), name.clone());
                    if !cluster.registry_secrets.contains(&key) {
                        pod_findings.extend(pitfalls::warnings(config).iter().cloned());
                    }
                }
            }
        }
        pod_findings.extend(everywhere.iter().cloned());
        let account = cluster.accounts.get(&pod.namespace, &pod.service_account);
        let mut on_registry = Vec::new();
        let mut containers = Vec::new();
        for container in &pod.containers {
            let mut report = ContainerReport {
                name: container.name.clone(),
                kind: container.kind,
                image: container.image.clone(),
                answered_by: Answerer::Nobody,
                credential: None,
                findings: everywhere.clone(),
            };
            match reference::normalize(&container.image) {
                Err(d) => report.findings.push(d),
                Ok(lookup) => {
                    let integrated = cluster.registry_repository(&lookup).is_some();
                    if integrated {
                        on_registry.push(containers.len());
                    }
                    if !undecodable {
                        self.answer(pod, account, &usable, &lookup, &mut report);
                    }
                }
            }
            containers.push(report);
        }
        if let Some(d) = self.provisioning(pod, account, !on_registry.is_empty()) {
            for &i in &on_registry {
                containers[i].findings.insert(0, d.clone());
            }
            pod_findings.push(d);
        }
        for d in pod_findings
            .iter_mut()
            .chain(containers.iter_mut().flat_map(|c| c.findings.iter_mut()))
        {
            d.source = Some(pod.source.clone());
        }
        PodReport {
            namespace: pod.namespace.clone(),
            name: pod.name.clone(),
            service_account: pod.service_account.clone(),
            containers,
            findings: pod_findings,
        }
    }

    /// Who answers, with what, and what is wrong when nobody does.
    fn answer(
        &mut self,
        pod: &'c Pod,
        account: Option<&'c Account>,
        usable: &[(&'c str, &'c DockerConfig)],
        lookup: &str,
        report: &mut ContainerReport,
    ) {
        let node = self.node(&pod.namespace, usable);
        let mut from_pod = false;
        match node.answer(lookup) {
            Err(Error::InvalidInput(d)) => report.findings.push(d),
            Ok(answer) => {
                report.answered_by = answer.answered_by;
                let sent = match answer.answered_by {
                    Answerer::Kubelet => Some(&answer.kubelet),
                    Answerer::Crio => answer.crio.as_ref(),
                    Answerer::Nobody => None,
                };
                if let Some(sent) = sent {
                    report.credential = sent.credentials.first().map(|c| self.credential(c));
                    report.findings.extend(sent.notes.iter().cloned());
                }
                from_pod = answer
                    .kubelet
                    .credentials
                    .iter()
                    .any(|c| usable.iter().any(|(_, config)| config.source == c.source));
            }
        }
        let cluster = self.cluster;
        // Why nobody answers; when someone else than the pod's secrets does, only a secret
        // linked for mounting instead of pulling is worth saying.
        let cause = if report.answered_by == Answerer::Nobody {
            self.cause(pod, account, lookup)
        } else if !from_pod {
            self.mount_only(pod, account, lookup).map(Cause::MountOnly)
        } else {
            None
        };
        if let Some(Cause::MountOnly(secret)) = cause {
            report.findings.push(mount_only(pod, secret));
        }
        if report.answered_by == Answerer::Nobody
            && let Some(needed) = self.needed(&pod.namespace, lookup)
        {
            report
                .findings
                .push(self.no_credential(pod, lookup, needed, cause.as_ref()));
        }
        if let Some((project, stream)) = cluster.registry_repository(lookup)
            && project != pod.namespace
        {
            let subject = Subject {
                namespace: &pod.namespace,
                name: &pod.service_account,
            };
            if access::pull_granted(cluster, subject, project, stream).is_none() {
                report.findings.push(not_granted(pod, project, stream));
                self.fixes
                    .grant(project, &pod.namespace, &pod.service_account);
            }
        }
    }

    /// The node of a namespace's set of usable pull secrets, built the first time.
    fn node(&mut self, namespace: &'c str, usable: &[(&'c str, &'c DockerConfig)]) -> &Node<'c> {
        let names: Vec<&'c str> = usable.iter().map(|(name, _)| *name).collect();
        let node_configs = self.node_configs;
        let notes = &mut self.node_notes;
        self.nodes.entry((namespace, names)).or_insert_with(|| {
            let configs: Vec<&DockerConfig> = usable.iter().map(|(_, c)| *c).collect();
            // Usable secrets decode (the kubelet's M2 failure is `Secret::Undecodable`).
            let node = Node::new(&configs, node_configs).expect("usable pull secrets decode");
            notes.get_or_insert_with(|| node.notes.clone());
            node
        })
    }

    fn credential(&self, credential: &Credential) -> CredentialRef {
        let data_key = match credential.source.split_once('/') {
            _ if self
                .node_configs
                .iter()
                .any(|c| c.source == credential.source) =>
            {
                self.node_configs
                    .iter()
                    .find(|c| c.source == credential.source)
                    .and_then(|c| c.secret.as_ref())
                    .map(|s| s.data_key.clone())
            }
            Some((namespace, name)) => match self.cluster.secrets.get(namespace, name) {
                Some(Secret::Usable(config)) => config.secret.as_ref().map(|s| s.data_key.clone()),
                _ => None,
            },
            None => None,
        };
        CredentialRef {
            secret: credential.source.clone(),
            data_key: data_key.unwrap_or_default(),
            registry_key: credential.key.clone(),
            username: credential.username.clone(),
        }
    }

    /// Whether the image's registry evidently needs a credential.
    /// A key scoped to a path is evidence for the images under that path only: a key for
    /// `quay.io/acme` says nothing about `quay.io/other`.
    fn needed(&mut self, namespace: &'c str, lookup: &str) -> Option<Needed<'c>> {
        let (registry, path) = lookup.split_once('/').unwrap_or((lookup, ""));
        if self.cluster.registry_repository(lookup).is_some() {
            return Some(Needed::IntegratedRegistry);
        }
        if REDHAT_REGISTRIES.contains(&registry) {
            return Some(Needed::RedHat);
        }
        let covers = |(r, p): &Scope| {
            r == registry
                && (p.is_empty()
                    || path
                        .strip_prefix(p.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
        };
        let in_namespace = self.namespace_registries(namespace);
        if let Some((_, secret)) = in_namespace.iter().find(|(scope, _)| covers(scope)) {
            return Some(Needed::SecretHasKey(secret));
        }
        self.node_registries
            .iter()
            .any(covers)
            .then_some(Needed::NodeHasKey)
    }

    fn namespace_registries(&mut self, namespace: &'c str) -> &[(Scope, &'c str)] {
        let cluster = self.cluster;
        self.namespace_registries
            .entry(namespace)
            .or_insert_with(|| {
                let mut found = Vec::new();
                for (name, secret) in cluster.secrets.in_namespace(namespace) {
                    if let Secret::Usable(config) = secret {
                        found.extend(registries(config).into_iter().map(|s| (s, name.as_str())));
                    }
                }
                found
            })
    }

    /// The namespace's pull secret that has a credential for the image, and why the pod does
    /// not have it: the ServiceAccount's pull secrets, its mount-only secrets, then the rest.
    fn cause(
        &mut self,
        pod: &'c Pod,
        account: Option<&'c Account>,
        lookup: &str,
    ) -> Option<Cause<'c>> {
        let cluster = self.cluster;
        let ns = pod.namespace.as_str();
        if cluster.registry_repository(lookup).is_some()
            && let Some(name) = pod.pull_secrets.iter().find(|n| {
                let key = (pod.namespace.clone(), (*n).clone());
                cluster.registry_secrets.contains(&key) && !self.filled(ns, n)
            })
        {
            return Some(Cause::Unfilled(name));
        }
        if let Some(account) = account {
            for name in &account.pull_secrets {
                if !pod.pull_secrets.contains(name) && self.answers(ns, name, lookup) {
                    return Some(if admitted_from(pod, account) {
                        Cause::LinkedAfterCreation(name)
                    } else {
                        Cause::PodListsItsOwn(name)
                    });
                }
            }
        }
        if let Some(name) = self.mount_only(pod, account, lookup) {
            return Some(Cause::MountOnly(name));
        }
        for (name, _) in cluster.secrets.in_namespace(ns) {
            if !pod.pull_secrets.contains(name) && self.answers(ns, name, lookup) {
                return Some(Cause::Unlinked(name));
            }
        }
        None
    }

    /// A secret with a credential for the image that the ServiceAccount lists under `secrets`
    /// only, which the pod does not list (O3).
    fn mount_only(
        &mut self,
        pod: &'c Pod,
        account: Option<&'c Account>,
        lookup: &str,
    ) -> Option<&'c str> {
        let account = account?;
        account
            .mount_secrets
            .iter()
            .filter(|n| !pod.pull_secrets.contains(n) && !account.pull_secrets.contains(n))
            .find(|n| self.answers(&pod.namespace, n, lookup))
            .map(String::as_str)
    }

    /// Whether the kubelet finds a credential for the lookup in this one secret; each
    /// secret's keyring is built once.
    fn answers(&mut self, namespace: &'c str, name: &'c str, lookup: &str) -> bool {
        let cluster = self.cluster;
        let keyring = self.keyrings.entry((namespace, name)).or_insert_with(|| {
            match cluster.secrets.get(namespace, name) {
                Some(Secret::Usable(config)) => Keyring::of_pull_secrets(&[config]).ok(),
                _ => None,
            }
        });
        keyring
            .as_ref()
            .is_some_and(|k| !k.lookup(lookup).credentials.is_empty())
    }

    /// `service-account-not-provisioned`: the pod pulls from the integrated registry and
    /// lacks its ServiceAccount's pull secret for it (O9), because admission copied the
    /// ServiceAccount's list before the secret was there (A1), or it is not there yet.
    fn provisioning(
        &self,
        pod: &Pod,
        account: Option<&Account>,
        pulls_from_registry: bool,
    ) -> Option<Diagnostic> {
        let account = account?;
        if !pulls_from_registry || !admitted_from(pod, account) {
            return None;
        }
        let sa = qualified(&pod.namespace, &pod.service_account);
        let prefix = format!("{}-dockercfg-", pod.service_account);
        let name = account.registry_secret.as_deref().or_else(|| {
            account
                .pull_secrets
                .iter()
                .map(String::as_str)
                .find(|n| n.starts_with(&prefix))
        });
        let filled = |name: &str| self.filled(&pod.namespace, name);
        let recreate = format!(
            "recreate the pod: `oc delete pod {} -n {}` (its controller creates it again)",
            pod.name, pod.namespace
        );
        let wait = format!(
            "wait until `oc get serviceaccount {} -n {} -o yaml` lists a {prefix}... secret under imagePullSecrets, then {recreate}",
            pod.service_account, pod.namespace
        );
        let (message, fix, rule) = match name {
            Some(name) if pod.pull_secrets.iter().any(|n| n == name) => {
                if filled(name) {
                    return None;
                }
                (
                    format!(
                        "the pod lists {name}, ServiceAccount {sa}'s pull secret for the integrated registry, but the secret holds no credential yet: pulls from the integrated registry fail until the controller fills it"
                    ),
                    "wait until the controller fills it: the kubelet reads the secret again at the next pull attempt".to_owned(),
                    Rule::O9,
                )
            }
            Some(name) if account.pull_secrets.iter().any(|n| n == name) && filled(name) => (
                format!(
                    "the pod was created before ServiceAccount {sa} listed its integrated-registry pull secret {name}, so the pod lacks it: a ServiceAccount's pull secrets reach a pod only when it is created"
                ),
                recreate,
                Rule::A1,
            ),
            _ => (
                format!(
                    "ServiceAccount {sa} has no integrated-registry pull secret yet (no `{prefix}` secret with credentials in its imagePullSecrets), so the pod has none: pods created before it is provisioned lack it"
                ),
                wait,
                Rule::O9,
            ),
        };
        Some(
            Diagnostic::new(Code::ServiceAccountNotProvisioned, message)
                .rule(rule)
                .fix(fix),
        )
    }

    /// Whether a pull secret has any entry: an integrated-registry secret starts as `{}` (O9).
    fn filled(&self, namespace: &str, name: &str) -> bool {
        match self.cluster.secrets.get(namespace, name) {
            Some(Secret::Usable(config)) => config.registry_map().live().next().is_some(),
            _ => false,
        }
    }

    fn no_credential(
        &mut self,
        pod: &Pod,
        lookup: &str,
        needed: Needed<'_>,
        cause: Option<&Cause<'_>>,
    ) -> Diagnostic {
        let registry = lookup.split('/').next().unwrap_or(lookup);
        let (ns, sa, name) = (&pod.namespace, &pod.service_account, &pod.name);
        let why = match needed {
            Needed::IntegratedRegistry => {
                "the integrated registry serves no anonymous pulls".to_owned()
            }
            Needed::RedHat => format!("{registry} serves no anonymous pulls"),
            Needed::SecretHasKey(secret) => {
                format!("pull secret {} has a key for it", qualified(ns, secret))
            }
            Needed::NodeHasKey => "the node's config.json has a key for it".to_owned(),
        };
        let recreate = format!("recreate the pod: `oc delete pod {name} -n {ns}`");
        let link = |secret: &str| {
            format!("`oc secrets link {sa} {secret} --for=pull -n {ns}`, then {recreate}")
        };
        let (cause, fix) = match cause {
            Some(Cause::LinkedAfterCreation(secret)) => (
                format!("ServiceAccount {ns}/{sa} lists pull secret {secret}, which has one, but the pod was created before it was linked"),
                format!("{recreate} (its controller creates it again with the ServiceAccount's pull secrets)"),
            ),
            Some(Cause::Unfilled(secret)) => (
                format!("the pod lists {secret}, the ServiceAccount's pull secret for it, but the secret holds no credential yet"),
                "wait until the controller fills it: the kubelet reads the secret again at the next pull attempt".to_owned(),
            ),
            Some(Cause::PodListsItsOwn(secret)) => (
                format!("ServiceAccount {ns}/{sa} lists pull secret {secret}, which has one, but the pod lists pull secrets of its own, so it got none of the ServiceAccount's"),
                format!("add {secret} to the pod template's imagePullSecrets"),
            ),
            Some(Cause::MountOnly(secret)) => {
                self.fixes.link(ns, sa, secret);
                (
                    format!("pull secret {secret} has one, but it is linked to ServiceAccount {ns}/{sa} for mounting only"),
                    link(secret),
                )
            }
            Some(Cause::Unlinked(secret)) => {
                self.fixes.link(ns, sa, secret);
                (
                    format!("pull secret {secret} in the namespace has one, but neither the pod nor ServiceAccount {ns}/{sa} lists it"),
                    link(secret),
                )
            }
            None => match needed {
                Needed::IntegratedRegistry => (
                    format!("the pod has no pull secret of ServiceAccount {ns}/{sa} for it"),
                    format!("link the ServiceAccount's integrated-registry pull secret (`oc get serviceaccount {sa} -n {ns} -o yaml` names it), then {recreate}"),
                ),
                Needed::RedHat | Needed::NodeHasKey => (
                    "neither the pod's pull secrets nor the node's config.json has a key that matches".to_owned(),
                    format!("add the registry to the global pull secret: `pullsecret login --registry {registry} --auth-basic USER:PASSWORD --to pull-secret.json` on the file `oc get secret/pull-secret -n openshift-config --template='{{{{index .data \".dockerconfigjson\" | base64decode}}}}'` prints, then `oc set data secret/pull-secret -n openshift-config --from-file=.dockerconfigjson=pull-secret.json`"),
                ),
                Needed::SecretHasKey(_) => (
                    "its key does not match the image".to_owned(),
                    "correct the key (`pullsecret explain IMAGE --secret FILE` shows why it does not match)".to_owned(),
                ),
            },
        };
        Diagnostic::new(
            Code::NoCredentialForRegistry,
            format!("nobody sends a credential for {registry}, and it needs one ({why}): {cause}"),
        )
        .fix(fix)
    }
}

/// Whether the pod's pull secrets are what admission copied from the ServiceAccount at some
/// point (A1): none, or names the ServiceAccount lists. Otherwise the pod named its own.
fn admitted_from(pod: &Pod, account: &Account) -> bool {
    pod.pull_secrets
        .iter()
        .all(|n| account.pull_secrets.contains(n))
}

/// The registries and paths a config has keys for.
fn registries(config: &DockerConfig) -> Vec<Scope> {
    config
        .registry_map()
        .live()
        .filter_map(|w| registry_of_key(w.key()))
        .collect()
}

fn not_found(pod: &Pod, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PullSecretNotFound,
        format!(
            "the pod lists pull secret {name}, which does not exist in namespace {}: the kubelet skips it and pulls with the others",
            pod.namespace
        ),
    )
    .fix(format!(
        "create it: `pullsecret create secret docker-registry {name} -n {} --docker-server=REGISTRY --docker-username=USER --docker-password=PASSWORD -o yaml | oc apply -f -`",
        pod.namespace
    ))
}

fn undecodable_secret(pod: &Pod, name: &str, d: &Diagnostic) -> Diagnostic {
    let message = format!(
        "pull secret {} cannot be decoded ({}): the kubelet fails every pull of the pod",
        qualified(&pod.namespace, name),
        d.message
    );
    Diagnostic {
        key: d.key.clone(),
        location: d.location.clone(),
        ..Diagnostic::new(Code::PullSecretUndecodable, message).fix(format!(
            "correct the secret (`oc get secret {name} -n {} -o yaml | pullsecret validate -` shows where), or remove it from the pod's imagePullSecrets",
            pod.namespace
        ))
    }
}

fn mount_only(pod: &Pod, secret: &str) -> Diagnostic {
    let (ns, sa) = (&pod.namespace, &pod.service_account);
    Diagnostic::new(
        Code::SecretLinkedForMountOnly,
        format!(
            "pull secret {secret} has a credential for the image, but ServiceAccount {ns}/{sa} lists it under `secrets` (linked for mounting), not `imagePullSecrets`"
        ),
    )
    .fix(format!(
        "`oc secrets link {sa} {secret} --for=pull -n {ns}`, then recreate the pod: `oc delete pod {} -n {ns}`",
        pod.name
    ))
}

fn not_granted(pod: &Pod, project: &str, stream: &str) -> Diagnostic {
    let (ns, sa) = (&pod.namespace, &pod.service_account);
    Diagnostic::new(
        Code::ImagePullNotGranted,
        format!(
            "ServiceAccount {ns}/{sa} may not pull image stream {project}/{stream}: no role that allows `get imagestreams/layers` in project {project} is bound to it, its user or its groups"
        ),
    )
    .fix(format!(
        "`oc policy add-role-to-user system:image-puller system:serviceaccount:{ns}:{sa} -n {project}`"
    ))
}
