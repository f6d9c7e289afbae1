//! One pod's pulls, as its node makes them: the pod's pull secrets as admission left them
//! (rule A1) in the kubelet's keyring, then the node's file (M1), then CRI-O's pick from that
//! file (C1); and for every image nobody answers, the reason, found in the pod's
//! ServiceAccount and namespace.

use std::rc::Rc;

use crate::checks::pitfalls;
use crate::consumers::answer::{Answerer, Credential};
use crate::consumers::kubelet::Keyring;
use crate::consumers::node::{Node, NodeFiles};
use crate::diagnostic::{Code, Diagnostic, Error, Rule};
use crate::input::config::DockerConfig;
use crate::input::key::MatchUrl;
use crate::input::reference;

use super::access::{self, Account as Subject};
use super::cluster::{Account, Cluster, Pod, Secret, qualified, registry_of_key};
use super::fixes::Fixes;
use super::hashing::FastMap;
use super::{ContainerReport, CredentialRef, PodReport};

/// Registries that serve nothing anonymously.
const REDHAT_REGISTRIES: [&str; 2] = ["registry.redhat.io", "registry.connect.redhat.com"];

/// What the audit keeps between pods: the node's files are read once, keyrings are built
/// once per distinct set of pull secrets, each image is parsed once, a node answers each image
/// once, and each namespace's registries are found once. Replicas of a workload cost little.
pub struct Auditor<'c> {
    cluster: &'c Cluster,
    files: &'c NodeFiles<'c>,
    /// Which of `nodes` serves a namespace's set of usable pull secrets.
    node_ids: FastMap<(&'c str, Vec<&'c str>), usize>,
    /// A node, and the labels of the pull secrets in front of its files.
    nodes: Vec<(Node<'c>, Vec<&'c str>)>,
    /// Which of `images` an image reference is.
    image_ids: FastMap<&'c str, usize>,
    images: Vec<Result<Rc<Image>, Diagnostic>>,
    /// What node `.0` sends for image `.1`.
    sent: FastMap<(usize, usize), Result<Sent, Diagnostic>>,
    /// Per namespace, the registry and path of each key of its pull secrets, with the secret.
    namespace_registries: FastMap<&'c str, Vec<(Scope, &'c str)>>,
    /// The registries and paths the node's file has keys for.
    node_registries: Vec<Scope>,
    /// One keyring per pull secret, for the secrets a pod does not list.
    keyrings: FastMap<(&'c str, &'c str), Option<Keyring>>,
    fixes: Fixes,
}

/// An image reference as every lookup reads it.
struct Image {
    /// The lookup string (N1).
    lookup: String,
    /// The lookup parsed as the kubelet matches it against keys (K4).
    target: Option<MatchUrl>,
}

/// What a node sends for an image: who answers, where the first credential comes from, and
/// whether it is one of the pod's pull secrets'.
struct Sent {
    answered_by: Answerer,
    credential: Option<CredentialRef>,
    notes: Vec<Diagnostic>,
    from_pod: bool,
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
    pub fn new(cluster: &'c Cluster, files: &'c NodeFiles<'c>) -> Self {
        let node_registries = files.configs().iter().flat_map(|c| registries(c)).collect();
        Auditor {
            cluster,
            files,
            node_ids: FastMap::default(),
            nodes: Vec::new(),
            image_ids: FastMap::default(),
            images: Vec::new(),
            sent: FastMap::default(),
            namespace_registries: FastMap::default(),
            node_registries,
            keyrings: FastMap::default(),
            fixes: Fixes::default(),
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
                    if cluster.registry_secrets.get(&pod.namespace, name).is_none() {
                        pod_findings.extend(pitfalls::warnings(config).iter().cloned());
                    }
                }
            }
        }
        pod_findings.extend(everywhere.iter().cloned());
        let account = cluster.accounts.get(&pod.namespace, &pod.service_account);
        let node = (!undecodable).then(|| self.node(&pod.namespace, &usable));
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
            let id = self.image(&container.image);
            match &self.images[id] {
                Err(d) => report.findings.push(d.clone()),
                Ok(image) => {
                    let image = Rc::clone(image);
                    if cluster.registry_repository(&image.lookup).is_some() {
                        on_registry.push(containers.len());
                    }
                    if let Some(node) = node {
                        self.answer(pod, account, node, (id, &image), &mut report);
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
        node: usize,
        (id, image): (usize, &Image),
        report: &mut ContainerReport,
    ) {
        let mut from_pod = false;
        match self.sent(node, id, image) {
            Err(d) => report.findings.push(d.clone()),
            Ok(sent) => {
                report.answered_by = sent.answered_by;
                report.credential.clone_from(&sent.credential);
                report.findings.extend(sent.notes.iter().cloned());
                from_pod = sent.from_pod;
            }
        }
        let cluster = self.cluster;
        let lookup = image.lookup.as_str();
        // Why nobody answers; when someone else than the pod's secrets does, only a secret
        // linked for mounting instead of pulling is worth saying.
        let cause = if report.answered_by == Answerer::Nobody {
            self.cause(pod, account, image)
        } else if !from_pod {
            self.mount_only(pod, account, image).map(Cause::MountOnly)
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

    /// Which node serves a namespace's set of usable pull secrets, built the first time.
    fn node(&mut self, namespace: &'c str, usable: &[(&'c str, &'c DockerConfig)]) -> usize {
        let names: Vec<&'c str> = usable.iter().map(|(name, _)| *name).collect();
        let (nodes, files) = (&mut self.nodes, self.files);
        *self.node_ids.entry((namespace, names)).or_insert_with(|| {
            let configs: Vec<&DockerConfig> = usable.iter().map(|(_, c)| *c).collect();
            // Usable secrets decode (the kubelet's M2 failure is `Secret::Undecodable`).
            let node = Node::with_files(files, &configs).expect("usable pull secrets decode");
            nodes.push((node, configs.iter().map(|c| c.source.as_str()).collect()));
            nodes.len() - 1
        })
    }

    /// Which of `images` an image reference is, read the first time.
    fn image(&mut self, reference: &'c str) -> usize {
        let images = &mut self.images;
        *self.image_ids.entry(reference).or_insert_with(|| {
            images.push(reference::normalize(reference).map(|lookup| {
                let target = MatchUrl::parse(&lookup);
                Rc::new(Image { lookup, target })
            }));
            images.len() - 1
        })
    }

    /// What node `node` sends for `image`, asked the first time.
    fn sent(&mut self, node: usize, id: usize, image: &Image) -> &Result<Sent, Diagnostic> {
        if !self.sent.contains_key(&(node, id)) {
            let (node_of, sources) = &self.nodes[node];
            let sent = self.ask(node_of, sources, image);
            self.sent.insert((node, id), sent);
        }
        &self.sent[&(node, id)]
    }

    fn ask(
        &self,
        node: &Node<'c>,
        pod_sources: &[&str],
        image: &Image,
    ) -> Result<Sent, Diagnostic> {
        let answer = node
            .answer_at(&image.lookup, image.target.as_ref())
            .map_err(|Error::InvalidInput(d)| d)?;
        let sent = match answer.answered_by {
            Answerer::Kubelet => Some(&answer.kubelet),
            Answerer::Crio => answer.crio.as_ref(),
            Answerer::Nobody => None,
        };
        Ok(Sent {
            answered_by: answer.answered_by,
            credential: sent.and_then(|s| s.credentials.first().map(|c| self.credential(c))),
            notes: sent.map(|s| s.notes.clone()).unwrap_or_default(),
            from_pod: answer
                .kubelet
                .credentials
                .iter()
                .any(|c| pod_sources.contains(&c.source.as_str())),
        })
    }

    fn credential(&self, credential: &Credential) -> CredentialRef {
        let node_configs = self.files.configs();
        let data_key = match credential.source.split_once('/') {
            _ if node_configs.iter().any(|c| c.source == credential.source) => node_configs
                .iter()
                .find(|c| c.source == credential.source)
                .and_then(|c| c.secret.as_ref())
                .map(|s| s.data_key.clone()),
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
        image: &Image,
    ) -> Option<Cause<'c>> {
        let cluster = self.cluster;
        let ns = pod.namespace.as_str();
        if cluster.registry_repository(&image.lookup).is_some()
            && let Some(name) = pod
                .pull_secrets
                .iter()
                .find(|n| cluster.registry_secrets.get(ns, n).is_some() && !self.filled(ns, n))
        {
            return Some(Cause::Unfilled(name));
        }
        if let Some(account) = account {
            for name in &account.pull_secrets {
                if !pod.pull_secrets.contains(name) && self.answers(ns, name, image) {
                    return Some(if admitted_from(pod, account) {
                        Cause::LinkedAfterCreation(name)
                    } else {
                        Cause::PodListsItsOwn(name)
                    });
                }
            }
        }
        if let Some(name) = self.mount_only(pod, account, image) {
            return Some(Cause::MountOnly(name));
        }
        for (name, _) in cluster.secrets.in_namespace(ns) {
            if !pod.pull_secrets.contains(name) && self.answers(ns, name, image) {
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
        image: &Image,
    ) -> Option<&'c str> {
        let account = account?;
        account
            .mount_secrets
            .iter()
            .filter(|n| !pod.pull_secrets.contains(n) && !account.pull_secrets.contains(n))
            .find(|n| self.answers(&pod.namespace, n, image))
            .map(String::as_str)
    }

    /// Whether the kubelet finds a credential for the lookup in this one secret; each
    /// secret's keyring is built once.
    fn answers(&mut self, namespace: &'c str, name: &'c str, image: &Image) -> bool {
        let cluster = self.cluster;
        let keyring = self.keyrings.entry((namespace, name)).or_insert_with(|| {
            match cluster.secrets.get(namespace, name) {
                Some(Secret::Usable(config)) => Keyring::of_pull_secrets(&[config]).ok(),
                _ => None,
            }
        });
        keyring
            .as_ref()
            .is_some_and(|k| k.sends_any(&image.lookup, image.target.as_ref()))
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
        // Most pods list their ServiceAccount's filled secret: nothing is formatted for them.
        let dockercfg = |n: &&str| {
            n.strip_prefix(pod.service_account.as_str())
                .is_some_and(|rest| rest.starts_with("-dockercfg-"))
        };
        let name = account.registry_secret.as_deref().or_else(|| {
            account
                .pull_secrets
                .iter()
                .map(String::as_str)
                .find(dockercfg)
        });
        let filled = |name: &str| self.filled(&pod.namespace, name);
        let listed = name.is_some_and(|name| pod.pull_secrets.iter().any(|n| n == name));
        if listed && name.is_some_and(filled) {
            return None;
        }
        let sa = qualified(&pod.namespace, &pod.service_account);
        let prefix = format!("{}-dockercfg-", pod.service_account);
        let recreate = format!(
            "recreate the pod: `oc delete pod {} -n {}` (its controller creates it again)",
            pod.name, pod.namespace
        );
        let (message, fix, rule) = match name {
            Some(name) if listed => {
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
                format!(
                    "wait until `oc get serviceaccount {} -n {} -o yaml` lists a {prefix}... secret under imagePullSecrets, then {recreate}",
                    pod.service_account, pod.namespace
                ),
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
