//! The manifests that resolve an audit's findings, as one YAML stream for `oc apply -f -`:
//! skeletons of missing pull secrets, ServiceAccounts with the secrets linked for pulls (rule
//! O3), and RoleBindings that grant cross-project pulls (O4, O10). Each is collected once,
//! however many pods need it.

use std::collections::{BTreeMap, BTreeSet};

use crate::go::json::{self, Kind, Style, Value, object, string};
use crate::manifests::rbac::{self, Subject};
use crate::manifests::service_account::{self, LinkFor};
use crate::manifests::{self, Output, Shape};

use super::cluster::Cluster;

/// The role `oc policy add-role-to-user` grants for pulls across projects (O10).
const PULLER_ROLE: &str = "system:image-puller";

const HEADER: &str = "# Manifests that resolve the findings of `pullsecret audit`, for `oc apply -f -`.\n\
# Secret skeletons hold the placeholders REGISTRY, USERNAME and PASSWORD: replace them first.\n\
# Pods get a ServiceAccount's pull secrets only when they are created: recreate them after.\n";

#[derive(Debug, Default)]
pub struct Fixes {
    /// Missing pull secrets, by namespace and name.
    secrets: BTreeSet<(String, String)>,
    /// Secrets to link for pulls, by namespace and ServiceAccount.
    links: BTreeMap<(String, String), BTreeSet<String>>,
    /// ServiceAccounts (namespace, name) to grant pulls, by the project of the images.
    grants: BTreeMap<String, BTreeSet<(String, String)>>,
}

impl Fixes {
    pub fn secret(&mut self, namespace: &str, name: &str) {
        self.secrets.insert((namespace.to_owned(), name.to_owned()));
    }

    pub fn link(&mut self, namespace: &str, account: &str, secret: &str) {
        self.links
            .entry((namespace.to_owned(), account.to_owned()))
            .or_default()
            .insert(secret.to_owned());
    }

    pub fn grant(&mut self, project: &str, namespace: &str, account: &str) {
        self.grants
            .entry(project.to_owned())
            .or_default()
            .insert((namespace.to_owned(), account.to_owned()));
    }

    /// Secrets first (a link names them), then ServiceAccounts, then RoleBindings; empty
    /// when nothing is to be applied.
    pub fn render(&self, cluster: &Cluster) -> String {
        let mut docs: Vec<Value> = self
            .secrets
            .iter()
            .map(|(ns, name)| skeleton(ns, name))
            .collect();
        for ((ns, sa), secrets) in &self.links {
            let current = cluster.accounts.get(ns, sa);
            let listed = current
                .map(|a| a.pull_secrets.as_slice())
                .unwrap_or_default();
            let account = object(vec![
                ("apiVersion", string("v1")),
                ("kind", string("ServiceAccount")),
                (
                    "metadata",
                    object(vec![("name", string(sa)), ("namespace", string(ns))]),
                ),
                ("imagePullSecrets", references(listed)),
            ]);
            let secrets: Vec<String> = secrets.iter().cloned().collect();
            let link_for = LinkFor {
                pull: true,
                mount: false,
            };
            let linked = service_account::link_into(account, true, &secrets, link_for);
            docs.push(linked.account);
        }
        for (project, accounts) in &self.grants {
            let taken: Vec<String> = cluster
                .bindings
                .iter()
                .filter(|b| b.namespace.as_deref() == Some(project.as_str()))
                .map(|b| b.name.clone())
                .collect();
            let subjects: Vec<Subject> = accounts
                .iter()
                .map(|(namespace, name)| Subject::ServiceAccount {
                    namespace: namespace.clone(),
                    name: name.clone(),
                })
                .collect();
            let name = rbac::free_name(PULLER_ROLE, &taken);
            docs.push(rbac::rolebinding(
                &name,
                project,
                &subjects,
                "ClusterRole",
                PULLER_ROLE,
                Shape::Current,
            ));
        }
        if docs.is_empty() {
            return String::new();
        }
        format!("{HEADER}{}", manifests::render_all(&docs, Output::Yaml))
    }
}

fn references(names: &[String]) -> Value {
    let items = names.iter().map(|n| object(vec![("name", string(n))]));
    Value::new(Kind::Array(items.collect()))
}

/// A `kubernetes.io/dockerconfigjson` Secret to fill in: `stringData`, so that the
/// placeholders are edited as text, with `username` and `password`, which the kubelet reads
/// when there is no `auth` (rule P2).
fn skeleton(namespace: &str, name: &str) -> Value {
    let entry = object(vec![
        ("username", string("USERNAME")),
        ("password", string("PASSWORD")),
    ]);
    let config = object(vec![("auths", object(vec![("REGISTRY", entry)]))]);
    object(vec![
        ("apiVersion", string("v1")),
        ("kind", string("Secret")),
        (
            "metadata",
            object(vec![
                ("name", string(name)),
                ("namespace", string(namespace)),
            ]),
        ),
        ("type", string("kubernetes.io/dockerconfigjson")),
        (
            "stringData",
            object(vec![(
                ".dockerconfigjson",
                string(&json::write(&config, Style::COMPACT)),
            )]),
        ),
    ])
}
