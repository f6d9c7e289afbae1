//! The objects of a cluster dump that decide a pull: pods, ServiceAccounts, Secrets and RBAC,
//! read once and indexed by namespace and name; everything after only looks things up.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Error};
use crate::go::json::{Keep, Kind, Value};
use crate::input::config::DockerConfig;
use crate::input::document::{self, Input};
use crate::input::key;
use crate::manifests::str_at;

/// The ServiceAccount annotation naming its integrated-registry pull secret (rule O9).
pub const REGISTRY_SECRET_REF: &str = "openshift.io/internal-registry-pull-secret-ref";
/// The annotation on that Secret naming its ServiceAccount (O9).
const REGISTRY_SECRET_OWNER: &str = "openshift.io/internal-registry-auth-token.service-account";
/// The names of the integrated registry's Service (O9), with and without the cluster domain.
const REGISTRY_SERVICES: [&str; 2] = [
    "image-registry.openshift-image-registry.svc",
    "image-registry.openshift-image-registry.svc.cluster.local",
];

/// What the audit reads of each object of a JSON dump; the rest (a pod's status, its volumes,
/// managed fields) is checked and dropped as it is read.
static OBJECT: Keep = Keep::Members(&[
    ("kind", &Keep::All),
    ("apiVersion", &Keep::All),
    ("items", &OBJECT),
    ("metadata", &METADATA),
    ("spec", &POD_SPEC),
    // Secrets.
    ("type", &Keep::All),
    ("data", &Keep::All),
    ("stringData", &Keep::All),
    // ServiceAccounts.
    ("secrets", &Keep::All),
    ("imagePullSecrets", &Keep::All),
    // RBAC.
    ("roleRef", &Keep::All),
    ("subjects", &Keep::All),
    ("rules", &Keep::All),
]);
static METADATA: Keep = Keep::Members(&[
    ("name", &Keep::All),
    ("namespace", &Keep::All),
    ("annotations", &Keep::All),
]);
static POD_SPEC: Keep = Keep::Members(&[
    ("serviceAccountName", &Keep::All),
    ("serviceAccount", &Keep::All),
    ("imagePullSecrets", &Keep::All),
    ("initContainers", &CONTAINER),
    ("containers", &CONTAINER),
    ("ephemeralContainers", &CONTAINER),
]);
static CONTAINER: Keep = Keep::Members(&[("name", &Keep::All), ("image", &Keep::All)]);

/// The three lists of a pod spec that hold images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Container,
    Init,
    Ephemeral,
}

#[derive(Debug, Clone)]
pub struct Container {
    pub name: String,
    pub kind: ContainerKind,
    pub image: String,
}

#[derive(Debug, Clone)]
pub struct Pod {
    pub namespace: String,
    pub name: String,
    /// Defaulted to `default` as admission does (A1).
    pub service_account: String,
    /// `spec.imagePullSecrets`, as admission left them (A1).
    pub pull_secrets: Vec<String>,
    /// Init containers, containers, then ephemeral containers.
    pub containers: Vec<Container>,
    /// The label of the dump it came from.
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct Account {
    /// `imagePullSecrets`: copied into pods created while they are listed (A1).
    pub pull_secrets: Vec<String>,
    /// `secrets`: what `oc secrets link --for=mount` adds (O3); never used for pulls.
    pub mount_secrets: Vec<String>,
    /// The integrated-registry pull secret its annotation names (O9).
    pub registry_secret: Option<String>,
}

/// A Secret as the kubelet reads it when a pod lists it (S1, M2).
#[derive(Debug)]
pub enum Secret {
    Usable(Box<DockerConfig>),
    /// Listing it fails every pull of the pod (M2).
    Undecodable(Diagnostic),
    /// Another type, or no data: the kubelet ignores it (S1).
    Ignored(Diagnostic),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

#[derive(Debug, Clone)]
pub struct Binding {
    /// `None` for a ClusterRoleBinding.
    pub namespace: Option<String>,
    pub name: String,
    /// `Role` or `ClusterRole`.
    pub role_kind: String,
    pub role: String,
    pub subjects: Vec<Subject>,
}

/// One RBAC policy rule (A2).
#[derive(Debug, Clone, Default)]
pub struct PolicyRule {
    pub verbs: Vec<String>,
    pub api_groups: Vec<String>,
    pub resources: Vec<String>,
    pub resource_names: Vec<String>,
}

/// Objects by namespace, then name; the last object of a name wins, as in the API.
#[derive(Debug)]
pub struct Namespaced<T>(BTreeMap<String, BTreeMap<String, T>>);

impl<T> Default for Namespaced<T> {
    fn default() -> Self {
        Namespaced(BTreeMap::new())
    }
}

impl<T> Namespaced<T> {
    pub fn get(&self, namespace: &str, name: &str) -> Option<&T> {
        self.0.get(namespace)?.get(name)
    }

    pub fn in_namespace(&self, namespace: &str) -> impl Iterator<Item = (&String, &T)> {
        self.0.get(namespace).into_iter().flatten()
    }

    fn insert(&mut self, namespace: &str, name: &str, value: T) {
        self.0
            .entry(namespace.to_owned())
            .or_default()
            .insert(name.to_owned(), value);
    }
}

/// Everything the audit reads from the dumps.
#[derive(Debug, Default)]
pub struct Cluster {
    pub pods: Vec<Pod>,
    pub accounts: Namespaced<Account>,
    pub secrets: Namespaced<Secret>,
    /// RoleBindings and ClusterRoleBindings, in dump order.
    pub bindings: Vec<Binding>,
    /// Roles by namespace; ClusterRoles under the empty namespace.
    pub roles: Namespaced<Vec<PolicyRule>>,
    /// The integrated registry's hosts (`host[:port]`): its Service names, and the keys of
    /// every integrated-registry pull secret (O9), which list its other names.
    pub registry_hosts: BTreeSet<String>,
    /// The integrated-registry pull secrets (O9), by namespace and name: written by a
    /// controller, so their pitfalls are nobody's to fix.
    pub registry_secrets: Namespaced<()>,
}

/// What one object of a dump contributes, read on its own (the items of a list are read as
/// they are parsed, before the list is known to be one).
enum Object {
    Pod(Pod),
    Account(String, String, Account),
    /// Namespace, name, the Secret, and whether it is an integrated-registry pull secret (O9).
    Secret(String, String, Secret, bool),
    Binding(Binding),
    /// A Role by namespace, or a ClusterRole under the empty namespace.
    Role(String, String, Vec<PolicyRule>),
}

impl Extend<Object> for Cluster {
    fn extend<I: IntoIterator<Item = Object>>(&mut self, objects: I) {
        objects.into_iter().for_each(|o| self.add(o));
    }
}

impl Object {
    /// `None` for kinds that decide nothing about a pull (Namespaces, Deployments, ...).
    fn read(source: &str, object: &Value) -> Option<Object> {
        let kind = str_at(object, &["kind"]).unwrap_or_default();
        let name = str_at(object, &["metadata", "name"]).unwrap_or_default();
        let namespace = str_at(object, &["metadata", "namespace"]).unwrap_or_default();
        Some(match kind {
            "Pod" => Object::Pod(pod(source, object, namespace, name)),
            "ServiceAccount" => {
                Object::Account(namespace.to_owned(), name.to_owned(), account(object))
            }
            "Secret" => Object::Secret(
                namespace.to_owned(),
                name.to_owned(),
                secret(object, &qualified(namespace, name)),
                str_at(object, &["metadata", "annotations", REGISTRY_SECRET_OWNER]).is_some(),
            ),
            "RoleBinding" | "ClusterRoleBinding" => Object::Binding(Binding {
                namespace: (kind == "RoleBinding").then(|| namespace.to_owned()),
                name: name.to_owned(),
                role_kind: str_at(object, &["roleRef", "kind"])
                    .unwrap_or_default()
                    .to_owned(),
                role: str_at(object, &["roleRef", "name"])
                    .unwrap_or_default()
                    .to_owned(),
                subjects: items(object.get("subjects"))
                    .iter()
                    .map(|s| Subject {
                        kind: str_at(s, &["kind"]).unwrap_or_default().to_owned(),
                        name: str_at(s, &["name"]).unwrap_or_default().to_owned(),
                        namespace: str_at(s, &["namespace"]).unwrap_or_default().to_owned(),
                    })
                    .collect(),
            }),
            "Role" | "ClusterRole" => {
                let namespace = if kind == "Role" { namespace } else { "" };
                let rules = items(object.get("rules")).iter().map(policy_rule).collect();
                Object::Role(namespace.to_owned(), name.to_owned(), rules)
            }
            _ => return None,
        })
    }
}

/// `NAMESPACE/NAME`, how `oc` and the kubelet's events name an object.
pub fn qualified(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

impl Cluster {
    /// Reads every dump; one that is not JSON or YAML fails the audit, naming it.
    pub fn read(dumps: &[Input<'_>]) -> Result<Cluster, Error> {
        let mut cluster = Cluster::default();
        for dump in dumps {
            // A JSON list's items, each made an `Object` as it is read; of duplicate `items`
            // arrays, only the last one's.
            let mut items: Vec<Object> = Vec::new();
            let mut last = 0;
            let mut on_item = |array: usize, item: Value| {
                if array != last {
                    items.clear();
                    last = array;
                }
                items.extend(Object::read(dump.source, &item));
            };
            let roots = document::load_documents_streaming(*dump, &OBJECT, &mut on_item)?;
            for root in &roots {
                if document::is_list(root) {
                    items.drain(..).for_each(|o| cluster.add(o));
                }
                for object in document::list_items(root) {
                    cluster.extend(Object::read(dump.source, object));
                }
            }
        }
        let registry_secrets = cluster.registry_secrets.0.iter();
        for (namespace, names) in registry_secrets {
            for name in names.keys() {
                let Some(Secret::Usable(config)) = cluster.secrets.get(namespace, name) else {
                    continue;
                };
                let keys = config.registry_map();
                let hosts = keys.live().filter_map(|w| registry_of_key(w.key()));
                cluster.registry_hosts.extend(hosts.map(|(host, _)| host));
            }
        }
        Ok(cluster)
    }

    fn add(&mut self, object: Object) {
        match object {
            Object::Pod(pod) => self.pods.push(pod),
            Object::Account(namespace, name, account) => {
                if let Some(secret) = &account.registry_secret {
                    self.registry_secrets.insert(&namespace, secret, ());
                }
                self.accounts.insert(&namespace, &name, account);
            }
            Object::Secret(namespace, name, secret, for_registry) => {
                if for_registry {
                    self.registry_secrets.insert(&namespace, &name, ());
                }
                self.secrets.insert(&namespace, &name, secret);
            }
            Object::Binding(binding) => self.bindings.push(binding),
            Object::Role(namespace, name, rules) => self.roles.insert(&namespace, &name, rules),
        }
    }

    /// The integrated registry's project and image stream of an image whose lookup string
    /// (N1) is `host/project/stream[/...]`, when it is on that registry.
    pub fn registry_repository<'a>(&self, lookup: &'a str) -> Option<(&'a str, &'a str)> {
        let (host, path) = lookup.split_once('/')?;
        let host_only = host.split(':').next().unwrap_or(host);
        let ours = self.registry_hosts.contains(host) || REGISTRY_SERVICES.contains(&host_only);
        if !ours {
            return None;
        }
        let (project, rest) = path.split_once('/')?;
        Some((project, rest.split('/').next().unwrap_or(rest)))
    }
}

fn items(value: Option<&Value>) -> &[Value] {
    match value.map(|v| &v.kind) {
        Some(Kind::Array(items)) => items,
        _ => &[],
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    items(value)
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The `name` of each `LocalObjectReference` in a list.
fn names(value: Option<&Value>) -> Vec<String> {
    items(value)
        .iter()
        .filter_map(|r| str_at(r, &["name"]))
        .map(str::to_owned)
        .collect()
}

fn pod(source: &str, object: &Value, namespace: &str, name: &str) -> Pod {
    let spec = object.get("spec");
    let field = |name: &str| spec.and_then(|s| s.get(name));
    let service_account = [field("serviceAccountName"), field("serviceAccount")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|s| !s.is_empty())
        .unwrap_or("default");
    let mut containers = Vec::new();
    for (list, kind) in [
        ("initContainers", ContainerKind::Init),
        ("containers", ContainerKind::Container),
        ("ephemeralContainers", ContainerKind::Ephemeral),
    ] {
        containers.extend(items(field(list)).iter().map(|c| Container {
            name: str_at(c, &["name"]).unwrap_or_default().to_owned(),
            kind,
            image: str_at(c, &["image"]).unwrap_or_default().to_owned(),
        }));
    }
    Pod {
        namespace: namespace.to_owned(),
        name: name.to_owned(),
        service_account: service_account.to_owned(),
        pull_secrets: names(field("imagePullSecrets")),
        containers,
        source: source.to_owned(),
    }
}

fn account(object: &Value) -> Account {
    Account {
        pull_secrets: names(object.get("imagePullSecrets")),
        mount_secrets: names(object.get("secrets")),
        registry_secret: str_at(object, &["metadata", "annotations", REGISTRY_SECRET_REF])
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    }
}

fn secret(object: &Value, label: &str) -> Secret {
    match document::read_secret(label, object) {
        Err(Error::InvalidInput(d)) => Secret::Undecodable(d),
        Ok(mut document) => match document.configs.pop() {
            Some(config) => match &config.entries {
                Err(Error::InvalidInput(d)) => Secret::Undecodable(d.clone()),
                Ok(_) => Secret::Usable(Box::new(config)),
            },
            None => match document.notes.pop() {
                Some(note) => Secret::Ignored(note),
                None => unreachable!("a Secret read gives a config or says why not"),
            },
        },
    }
}

fn policy_rule(rule: &Value) -> PolicyRule {
    PolicyRule {
        verbs: strings(rule.get("verbs")),
        api_groups: strings(rule.get("apiGroups")),
        resources: strings(rule.get("resources")),
        resource_names: strings(rule.get("resourceNames")),
    }
}

/// The registry (`host[:port]`, Docker Hub's keys as `docker.io`) and the path a kubelet key
/// is for; `None` for a key the kubelet skips (K1).
pub fn registry_of_key(registry_key: &str) -> Option<(String, String)> {
    let parsed = key::parse_key(registry_key);
    parsed.normalized.ok()?;
    let host = match parsed.host.as_str() {
        "index.docker.io" | "registry-1.docker.io" => "docker.io",
        host => host,
    };
    let registry = if parsed.port.is_empty() {
        host.to_owned()
    } else {
        format!("{host}:{}", parsed.port)
    };
    Some((registry, parsed.path.trim_matches('/').to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pods(json: &str) -> Vec<String> {
        let dumps = [Input {
            source: "dump.json",
            bytes: json.as_bytes(),
        }];
        let cluster = Cluster::read(&dumps).expect("the dump reads");
        cluster.pods.into_iter().map(|p| p.name).collect()
    }

    /// A list's items count only when the document is a list, and of duplicate `items`, the
    /// last (P8), as when the document is read whole.
    #[test]
    fn reads_a_lists_items_as_a_whole_read_would() {
        let pod = |name: &str| format!(r#"{{"kind": "Pod", "metadata": {{"name": "{name}"}}}}"#);
        let (a, b, c) = (pod("a"), pod("b"), pod("c"));
        assert_eq!(
            pods(&format!(r#"{{"items": [{a}, {b}], "kind": "List"}}"#)),
            ["a", "b"]
        );
        assert_eq!(
            pods(&format!(
                r#"{{"kind": "PodList", "items": [{a}], "items": [{c}]}}"#
            )),
            ["c"]
        );
        assert!(pods(&format!(r#"{{"items": [{a}], "kind": "Secret"}}"#)).is_empty());
        assert_eq!(
            pods(&format!(
                r#"{{"items": [{a}], "kind": "Pod", "metadata": {{"name": "p"}}}}"#
            )),
            ["p"]
        );
        assert_eq!(pods(&format!("kind: List\nitems:\n- {b}\n")), ["b"]);
    }
}
