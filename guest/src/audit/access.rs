//! Whether a ServiceAccount may pull an image stream of a project from the integrated
//! registry: `get` on `imagestreams/layers` there (rule O10), through RBAC as the API server
//! evaluates it (A2).

use super::cluster::{Binding, Cluster, PolicyRule, Subject};

/// The ClusterRoles that allow the pull out of the box (O10), for dumps without roles.
const BOOTSTRAP_PULLERS: [&str; 8] = [
    "system:image-puller",
    "system:image-pusher",
    "system:image-builder",
    "system:image-signer",
    "system:registry",
    "edit",
    "admin",
    "cluster-admin",
];

/// What the registry asks the API server (O10).
const VERB: &str = "get";
const API_GROUPS: [&str; 2] = ["image.openshift.io", ""];
const RESOURCE: &str = "imagestreams";
const SUBRESOURCE: &str = "layers";

/// The ServiceAccount a pod runs as.
#[derive(Debug, Clone, Copy)]
pub struct Account<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
}

impl Account<'_> {
    /// A2: the ServiceAccount itself (a subject without a namespace means the binding's),
    /// its user name, or one of its groups.
    fn is(&self, subject: &Subject, binding_namespace: Option<&str>) -> bool {
        match subject.kind.as_str() {
            "ServiceAccount" => {
                let namespace = match (subject.namespace.as_str(), binding_namespace) {
                    ("", Some(ns)) => ns,
                    (ns, _) => ns,
                };
                subject.name == self.name && namespace == self.namespace
            }
            "User" => {
                subject.name == format!("system:serviceaccount:{}:{}", self.namespace, self.name)
            }
            "Group" => {
                matches!(
                    subject.name.as_str(),
                    "system:serviceaccounts" | "system:authenticated"
                ) || subject
                    .name
                    .strip_prefix("system:serviceaccounts:")
                    .is_some_and(|ns| ns == self.namespace)
            }
            _ => false,
        }
    }
}

/// The binding that lets `account` pull `project/stream`, if any.
pub fn pull_granted<'c>(
    cluster: &'c Cluster,
    account: Account<'_>,
    project: &str,
    stream: &str,
) -> Option<&'c Binding> {
    cluster.bindings.iter().find(|b| {
        let applies = match &b.namespace {
            Some(ns) => ns == project,
            None => b.role_kind == "ClusterRole",
        };
        applies
            && b.subjects
                .iter()
                .any(|s| account.is(s, b.namespace.as_deref()))
            && role_allows(cluster, b, stream)
    })
}

/// The role's rules from the dump when it has them, else OpenShift's bootstrap roles.
fn role_allows(cluster: &Cluster, binding: &Binding, stream: &str) -> bool {
    let namespace = match binding.role_kind.as_str() {
        "ClusterRole" => "",
        "Role" => binding.namespace.as_deref().unwrap_or_default(),
        _ => return false,
    };
    match cluster.roles.get(namespace, &binding.role) {
        Some(rules) => rules.iter().any(|r| allows(r, stream)),
        None => namespace.is_empty() && BOOTSTRAP_PULLERS.contains(&binding.role.as_str()),
    }
}

/// A2: verbs, API groups and resources each match or are `*`; `*/layers` matches the
/// subresource of any resource; resource names, when listed, must include the stream.
fn allows(rule: &PolicyRule, stream: &str) -> bool {
    let has = |list: &[String], wanted: &str| list.iter().any(|v| v == "*" || v == wanted);
    has(&rule.verbs, VERB)
        && API_GROUPS.iter().any(|g| has(&rule.api_groups, g))
        && rule.resources.iter().any(|r| {
            r == "*"
                || *r == format!("{RESOURCE}/{SUBRESOURCE}")
                || *r == format!("*/{SUBRESOURCE}")
        })
        && (rule.resource_names.is_empty() || rule.resource_names.iter().any(|n| n == stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(verbs: &[&str], groups: &[&str], resources: &[&str], names: &[&str]) -> PolicyRule {
        let own = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect();
        PolicyRule {
            verbs: own(verbs),
            api_groups: own(groups),
            resources: own(resources),
            resource_names: own(names),
        }
    }

    #[test]
    fn rules_match_as_rbac_matches_them() {
        let cases = [
            (
                rule(
                    &["get"],
                    &["image.openshift.io"],
                    &["imagestreams/layers"],
                    &[],
                ),
                true,
            ),
            (rule(&["get"], &[""], &["imagestreams/layers"], &[]), true),
            (rule(&["*"], &["*"], &["*"], &[]), true),
            (rule(&["get"], &["*"], &["*/layers"], &[]), true),
            (
                rule(
                    &["get"],
                    &["image.openshift.io"],
                    &["imagestreams/layers"],
                    &["app"],
                ),
                true,
            ),
            (
                rule(
                    &["get"],
                    &["image.openshift.io"],
                    &["imagestreams/layers"],
                    &["other"],
                ),
                false,
            ),
            (
                rule(
                    &["list", "watch"],
                    &["image.openshift.io"],
                    &["imagestreams/layers"],
                    &[],
                ),
                false,
            ),
            (
                rule(&["get"], &["image.openshift.io"], &["imagestreams"], &[]),
                false,
            ),
            (
                rule(&["get"], &["apps"], &["imagestreams/layers"], &[]),
                false,
            ),
        ];
        for (rule, expected) in cases {
            assert_eq!(allows(&rule, "app"), expected, "{rule:?}");
        }
    }

    #[test]
    fn subjects_name_the_account_in_every_form() {
        let account = Account {
            namespace: "project-a",
            name: "default",
        };
        let subject = |kind: &str, name: &str, namespace: &str| Subject {
            kind: kind.into(),
            name: name.into(),
            namespace: namespace.into(),
        };
        let cases = [
            (
                subject("ServiceAccount", "default", "project-a"),
                None,
                true,
            ),
            (
                subject("ServiceAccount", "default", ""),
                Some("project-a"),
                true,
            ),
            (
                subject("ServiceAccount", "default", ""),
                Some("project-b"),
                false,
            ),
            (
                subject("ServiceAccount", "builder", "project-a"),
                None,
                false,
            ),
            (
                subject("User", "system:serviceaccount:project-a:default", ""),
                None,
                true,
            ),
            (
                subject("User", "system:serviceaccount:project-b:default", ""),
                None,
                false,
            ),
            (
                subject("Group", "system:serviceaccounts:project-a", ""),
                None,
                true,
            ),
            (
                subject("Group", "system:serviceaccounts:project-b", ""),
                None,
                false,
            ),
            (subject("Group", "system:serviceaccounts", ""), None, true),
            (subject("Group", "system:authenticated", ""), None, true),
            (subject("Group", "system:unauthenticated", ""), None, false),
        ];
        for (subject, binding_namespace, expected) in cases {
            assert_eq!(
                account.is(&subject, binding_namespace),
                expected,
                "{subject:?}"
            );
        }
    }
}
