//! How an OpenShift/Kubernetes node answers a pull: the kubelet looks up the pod's pull
//! secrets and then the node's `config.json` (rule M1); when it finds nothing, CRI-O searches
//! its own auth file, which on OpenShift is that same node file (the global pull secret),
//! with containers/image rules (`specs/containers.md` §1.1).

use crate::authfile::{self, Consumer, Selection};
use crate::diagnostic::{Code, Diagnostic, Error};
use crate::document::DockerConfig;
use crate::keyring::{Keyring, Lookup};

/// The node's answer for one lookup string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeAnswer {
    /// What the kubelet sends: pull-secret credentials first, then node ones.
    pub kubelet: Lookup,
    /// What CRI-O picks from the node file when the kubelet sends nothing.
    pub crio: Option<Selection>,
    /// Node files the kubelet skips because it cannot decode them.
    pub notes: Vec<Diagnostic>,
}

/// What the kubelet sends: `secrets` fail the whole lookup when one cannot be decoded (M2);
/// a node file that cannot be decoded is skipped, as `ReadDockerConfigFile` skips unreadable
/// paths, and reported in the returned notes.
pub fn kubelet_lookup(
    secrets: &[&DockerConfig],
    node: &[&DockerConfig],
    lookup: &str,
) -> Result<(Lookup, Vec<Diagnostic>), Error> {
    let mut pod = Keyring::default();
    for config in secrets {
        pod.add(config)?;
    }
    let mut node_keyring = Keyring::default();
    let mut notes = Vec::new();
    for config in node {
        if let Err(Error::InvalidInput(d)) = node_keyring.add(config) {
            notes.push(Diagnostic {
                severity: crate::Severity::Warning,
                code: Code::NodeConfigSkipped,
                message: format!("the kubelet skips this node config: {}", d.message),
                ..d
            });
        }
    }
    // A union of two keyrings: each sorts and falls back on its own (M1).
    let mut kubelet = pod.lookup(lookup);
    let from_node = node_keyring.lookup(lookup);
    kubelet.docker_hub_fallback |= from_node.docker_hub_fallback;
    kubelet.credentials.extend(from_node.credentials);
    kubelet.notes.extend(from_node.notes);
    Ok((kubelet, notes))
}

/// The kubelet's answer, and CRI-O's pick from the node file when the kubelet sends nothing.
pub fn answer(
    secrets: &[&DockerConfig],
    node: &[&DockerConfig],
    lookup: &str,
) -> Result<NodeAnswer, Error> {
    let (kubelet, notes) = kubelet_lookup(secrets, node, lookup)?;
    let crio = if kubelet.credentials.is_empty() && !node.is_empty() {
        Some(authfile::select(Consumer::Containers, node, lookup).map_err(Error::from)?)
    } else {
        None
    };
    Ok(NodeAnswer {
        kubelet,
        crio,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    fn config(source: &str, json: &str) -> DockerConfig {
        document::parse(source, json.as_bytes(), None)
            .unwrap()
            .configs
            .remove(0)
    }

    #[test]
    fn node_credentials_follow_pull_secret_ones() {
        let secret = config("secret", r#"{"auths":{"quay.io":{"auth":"YTox"}}}"#);
        let node = config("node", r#"{"auths":{"quay.io/org":{"auth":"Yjoy"}}}"#);
        let a = answer(&[&secret], &[&node], "quay.io/org/app").unwrap();
        let users: Vec<_> = a
            .kubelet
            .credentials
            .iter()
            .map(|c| c.username.as_str())
            .collect();
        assert_eq!(users, ["a", "b"]); // not re-sorted across keyrings
        assert!(a.crio.is_none());
    }

    #[test]
    fn crio_answers_from_the_node_file_when_the_kubelet_sends_nothing() {
        let node = config(
            "node",
            r#"{"auths":{"https://quay.io/v2/":{"auth":"Yjoy"},"other.io":{"auth":"!"}}}"#,
        );
        let a = answer(&[], &[&node], "quay.io/org/app").unwrap();
        // The kubelet skips the whole node file (bad auth elsewhere); CRI-O only reads the
        // entry it selects, a URL-style key that normalizes to quay.io.
        assert!(a.kubelet.credentials.is_empty());
        assert_eq!(a.notes[0].code, Code::NodeConfigSkipped);
        let crio = a.crio.unwrap().credential.unwrap();
        assert_eq!(crio.username, "b");
    }
}
