//! How a node answers a pull: the kubelet looks up the pod's pull secrets and then the
//! node's `config.json` (rule M1); when it finds nothing, CRI-O searches its own auth file,
//! which on OpenShift is that same node file (the global pull secret), with containers/image
//! rules (C1).

use std::borrow::Cow;

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::input::config::DockerConfig;
use crate::input::key::MatchUrl;

use super::answer::{Answer, Answerer};
use super::containers;
use super::kubelet::Keyring;

/// A pod's pull secrets and its node's config files, read once for any number of lookups.
#[derive(Debug)]
pub struct Node<'a> {
    pod: Keyring,
    files: Cow<'a, NodeFiles<'a>>,
}

/// A node's config files as the kubelet reads them: one keyring however many pods' pull
/// secrets go in front of it.
#[derive(Debug, Clone)]
pub struct NodeFiles<'a> {
    keyring: Keyring,
    configs: &'a [&'a DockerConfig],
    /// Node files the kubelet skips because it cannot decode them.
    pub notes: Vec<Diagnostic>,
}

impl<'a> NodeFiles<'a> {
    pub fn configs(&self) -> &'a [&'a DockerConfig] {
        self.configs
    }

    /// A node file that cannot be decoded is skipped, as `ReadDockerConfigFile` skips
    /// unreadable paths, and noted.
    pub fn new(configs: &'a [&'a DockerConfig]) -> Self {
        let mut keyring = Keyring::default();
        let mut notes = Vec::new();
        for config in configs {
            if let Err(Error::InvalidInput(d)) = keyring.add(config) {
                // The note keeps where the problem is and how to fix it.
                let message = format!("the kubelet skips this node config: {}", d.message);
                notes.push(Diagnostic {
                    key: d.key,
                    location: d.location,
                    fix: d.fix,
                    ..Diagnostic::new(Code::NodeConfigSkipped, message).at_source(&config.source)
                });
            }
        }
        NodeFiles {
            keyring,
            configs,
            notes,
        }
    }
}

/// The node's answer for one lookup string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeAnswer {
    /// What the kubelet sends: pull-secret credentials first, then node ones.
    pub kubelet: Answer,
    /// What CRI-O picks from the node files when the kubelet sends nothing.
    pub crio: Option<Answer>,
    pub answered_by: Answerer,
}

impl<'a> Node<'a> {
    /// `secrets` fail every lookup when one cannot be decoded (M2); node files are read as
    /// [`NodeFiles::new`] reads them.
    pub fn new(
        secrets: &[&DockerConfig],
        node_configs: &'a [&'a DockerConfig],
    ) -> Result<Self, Error> {
        Ok(Node {
            pod: Keyring::of_pull_secrets(secrets)?,
            files: Cow::Owned(NodeFiles::new(node_configs)),
        })
    }

    /// The node whose files are already read, with `secrets` in front of them: what pods
    /// with different pull secrets on the same nodes share.
    pub fn with_files(files: &'a NodeFiles<'a>, secrets: &[&DockerConfig]) -> Result<Self, Error> {
        Ok(Node {
            pod: Keyring::of_pull_secrets(secrets)?,
            files: Cow::Borrowed(files),
        })
    }

    /// Node files the kubelet skips because it cannot decode them.
    pub fn notes(&self) -> &[Diagnostic] {
        &self.files.notes
    }

    /// The kubelet's answer: a union of two keyrings, each sorting and falling back on its
    /// own (M1), so node credentials always come after pull-secret ones.
    pub fn kubelet(&self, lookup: &str) -> Answer {
        self.kubelet_at(lookup, MatchUrl::parse(lookup).as_ref())
    }

    /// [`Node::kubelet`] with the lookup already parsed as the keyrings match it.
    fn kubelet_at(&self, lookup: &str, target: Option<&MatchUrl>) -> Answer {
        let mut answer = self.pod.lookup_at(lookup, target);
        let from_node = self.files.keyring.lookup_at(lookup, target);
        answer.docker_hub_fallback |= from_node.docker_hub_fallback;
        answer.credentials.extend(from_node.credentials);
        answer.notes.extend(from_node.notes);
        answer
    }

    /// The kubelet's answer, and CRI-O's pick from the node files when the kubelet sends
    /// nothing; a broken entry CRI-O selects fails the pull.
    pub fn answer(&self, lookup: &str) -> Result<NodeAnswer, Error> {
        self.answer_at(lookup, MatchUrl::parse(lookup).as_ref())
    }

    /// [`Node::answer`] with the lookup already parsed as the keyrings match it.
    pub fn answer_at(&self, lookup: &str, target: Option<&MatchUrl>) -> Result<NodeAnswer, Error> {
        let kubelet = self.kubelet_at(lookup, target);
        if !kubelet.credentials.is_empty() {
            return Ok(NodeAnswer {
                kubelet,
                crio: None,
                answered_by: Answerer::Kubelet,
            });
        }
        let crio = match self.files.configs {
            [] => None,
            files => Some(containers::select(files, lookup)?),
        };
        Ok(NodeAnswer {
            answered_by: answered_by(&kubelet, crio.as_ref()),
            kubelet,
            crio,
        })
    }

    pub fn node_configs(&self) -> &[&'a DockerConfig] {
        self.files.configs
    }
}

/// Who answers: the kubelet when it sends anything, else CRI-O when its search finds a
/// credential or a helper, else nobody.
pub fn answered_by(kubelet: &Answer, crio: Option<&Answer>) -> Answerer {
    if !kubelet.credentials.is_empty() {
        Answerer::Kubelet
    } else if crio.is_some_and(|c| !c.credentials.is_empty() || c.helper.is_some()) {
        Answerer::Crio
    } else {
        Answerer::Nobody
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document::config;

    #[test]
    fn node_credentials_follow_pull_secret_ones() {
        let secret = config("secret", r#"{"auths":{"quay.io":{"auth":"YTox"}}}"#);
        let node = config("node", r#"{"auths":{"quay.io/org":{"auth":"Yjoy"}}}"#);
        let nodes = [&node];
        let a = Node::new(&[&secret], &nodes)
            .unwrap()
            .answer("quay.io/org/app")
            .unwrap();
        let users: Vec<_> = a
            .kubelet
            .credentials
            .iter()
            .map(|c| c.username.as_str())
            .collect();
        assert_eq!(users, ["a", "b"]); // not re-sorted across keyrings
        assert!(a.crio.is_none());
        assert_eq!(a.answered_by, Answerer::Kubelet);
    }

    #[test]
    fn crio_answers_from_the_node_file_when_the_kubelet_sends_nothing() {
        let node = config(
            "node",
            r#"{"auths":{"https://quay.io/v2/":{"auth":"Yjoy"},"other.io":{"auth":"!"}}}"#,
        );
        let nodes = [&node];
        let node = Node::new(&[], &nodes).unwrap();
        // The kubelet skips the whole node file (bad auth elsewhere); CRI-O only reads the
        // entry it selects, a URL-style key that normalizes to quay.io.
        assert_eq!(node.notes()[0].code, Code::NodeConfigSkipped);
        let a = node.answer("quay.io/org/app").unwrap();
        assert!(a.kubelet.credentials.is_empty());
        assert_eq!(a.crio.unwrap().credentials[0].username, "b");
        assert_eq!(a.answered_by, Answerer::Crio);
    }
}
