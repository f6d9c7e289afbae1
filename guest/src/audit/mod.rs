//! A whole cluster audited offline from one dump: for every pod and every image, who answers
//! the pull on the node (the kubelet with the pod's pull secrets and the node's file, CRI-O
//! with the node's file, or nobody), with which credential, and what is broken: pull secrets
//! missing or undecodable, ServiceAccounts provisioned after their pods, secrets linked for
//! mounting only, registries nobody has a credential for, cross-project pulls not granted.

mod access;
mod cluster;
mod fixes;
mod hashing;
mod pod;

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::consumers::answer::Answerer;
use crate::consumers::node::NodeFiles;
use crate::diagnostic::{Code, Diagnostic, Error, Severity};
use crate::input::config::DockerConfig;
use crate::input::document::{self, Input};

pub use cluster::Cluster;
pub use cluster::ContainerKind;
use cluster::Secret;

/// The Secret the Machine Config Operator renders into every node's `config.json` (rule O6).
const GLOBAL_PULL_SECRET: (&str, &str) = ("openshift-config", "pull-secret");

#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub dumps: &'a [Input<'a>],
    /// The node's file, instead of the dump's global pull secret.
    pub node_config: Option<Input<'a>>,
    /// Also write the manifests that resolve the findings.
    pub fix: bool,
}

/// Where the first credential sent comes from; never the credential itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRef {
    /// `NAMESPACE/NAME`, or the node file's label.
    pub secret: String,
    pub data_key: String,
    pub registry_key: String,
    pub username: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerReport {
    pub name: String,
    pub kind: ContainerKind,
    pub image: String,
    pub answered_by: Answerer,
    pub credential: Option<CredentialRef>,
    pub findings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodReport {
    pub namespace: String,
    pub name: String,
    pub service_account: String,
    pub containers: Vec<ContainerReport>,
    /// Pod-wide findings, each also on the containers it affects.
    pub findings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCount {
    pub code: Code,
    pub severity: Severity,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub pods: u32,
    pub containers: u32,
    pub kubelet: u32,
    pub crio: u32,
    pub nobody: u32,
    /// Errors first, then warnings and notes; by code within each.
    pub findings: Vec<CodeCount>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub pods: Vec<PodReport>,
    pub summary: Summary,
    /// A YAML stream for `oc apply -f -`, when asked for and when any finding has one.
    pub fixes: String,
    /// About the dump: the node file's entries the kubelet skips, a global pull secret that
    /// cannot be read.
    pub notes: Vec<Diagnostic>,
}

/// Audits the dumps: one that cannot be read fails, naming it; everything inside is a finding.
pub fn audit(request: &Request<'_>) -> Result<Report, Error> {
    let cluster = read(request.dumps)?;
    report(&cluster, request.node_config, request.fix)
}

/// The first half of [`audit`]: what the dumps hold. Afterwards their bytes are no longer
/// needed, and a host short of memory may free them before the second half.
pub fn read(dumps: &[Input<'_>]) -> Result<Cluster, Error> {
    Cluster::read(dumps)
}

/// The second half of [`audit`]: every pod of the cluster, with the node's file `node_config`
/// instead of the dump's global pull secret when given.
pub fn report(
    cluster: &Cluster,
    node_config: Option<Input<'_>>,
    fix: bool,
) -> Result<Report, Error> {
    let mut notes = Vec::new();
    let given = match node_config {
        Some(input) => Some(document::parse_one(input.source, input.bytes, None)?),
        None => None,
    };
    let node_config: Option<&DockerConfig> = match &given {
        Some(config) => Some(config),
        None => match cluster
            .secrets
            .get(GLOBAL_PULL_SECRET.0, GLOBAL_PULL_SECRET.1)
        {
            Some(Secret::Usable(config)) => Some(config),
            Some(Secret::Undecodable(d) | Secret::Ignored(d)) => {
                let message = format!(
                    "the global pull secret is not used as the nodes' config.json: {}",
                    d.message
                );
                notes.push(Diagnostic {
                    message,
                    severity: Severity::Warning,
                    ..d.clone()
                });
                None
            }
            None => None,
        },
    };
    let node_configs: Vec<&DockerConfig> = node_config.into_iter().collect();
    let files = NodeFiles::new(&node_configs);
    let mut auditor = pod::Auditor::new(cluster, &files);
    let pods: Vec<PodReport> = cluster.pods.iter().map(|p| auditor.pod(p)).collect();
    notes.extend(files.notes.iter().cloned());
    let fixes = if fix { auditor.fixes() } else { String::new() };
    Ok(Report {
        summary: summarize(&pods),
        pods,
        fixes,
        notes,
    })
}

/// Each finding once: a pod-wide one once per pod, however many containers it is listed on.
fn summarize(pods: &[PodReport]) -> Summary {
    let mut summary = Summary::default();
    let mut counts: BTreeMap<(Reverse<Severity>, Code), u32> = BTreeMap::new();
    for pod in pods {
        summary.pods += 1;
        let mut count =
            |d: &Diagnostic| *counts.entry((Reverse(d.severity), d.code)).or_default() += 1;
        pod.findings.iter().for_each(&mut count);
        for container in &pod.containers {
            summary.containers += 1;
            match container.answered_by {
                Answerer::Kubelet => summary.kubelet += 1,
                Answerer::Crio => summary.crio += 1,
                Answerer::Nobody => summary.nobody += 1,
            }
            container
                .findings
                .iter()
                .filter(|d| !pod.findings.contains(d))
                .for_each(&mut count);
        }
    }
    summary.findings = counts
        .into_iter()
        .map(|((Reverse(severity), code), count)| CodeCount {
            code,
            severity,
            count,
        })
        .collect();
    summary
}
