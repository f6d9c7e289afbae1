//! `explain`: for each consumer, its answer and its verdict on every entry of every source,
//! built from the same code that answers `match`, so the two cannot disagree.

use crate::diagnostic::{Diagnostic, Error, Rule};
use crate::input::config::DockerConfig;
use crate::input::key::{self, explain_match, is_default_registry};

use super::answer::{Answer, Answerer, Semantics};
use super::node::{self, Node};
use super::{containers, docker};

/// Every consumer's view of one lookup, and who answers on the node when node configs were
/// given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// kubelet, containers/image, docker CLI, in that order.
    pub consumers: Vec<Answer>,
    pub answered_by: Option<Answerer>,
}

/// Explains `lookup` (an image name after rule N1) for every consumer. `secrets` are the
/// pod's pull secrets and `node` (built once per request) holds them with the node's
/// `config.json` files, which CRI-O reads as its auth file; without node files CRI-O/podman
/// read `secrets`, and the docker CLI reads them all, node files last.
pub fn explain(
    secrets: &[&DockerConfig],
    node: &Result<Node<'_>, Diagnostic>,
    lookup: &str,
) -> Explanation {
    let node_configs = node.as_ref().map(Node::node_configs).unwrap_or_default();
    let kubelet = match node {
        Ok(node) => kubelet(secrets, node, lookup),
        Err(d) => Answer::failed(Semantics::Kubelet, lookup, d.clone()),
    };
    let containers = if node_configs.is_empty() {
        auth_files(containers::select, Semantics::Containers, secrets, lookup)
    } else {
        let mut answer = auth_files(
            containers::select,
            Semantics::Containers,
            node_configs,
            lookup,
        );
        let mut not_read = Answer::new(Semantics::Containers, lookup);
        for config in secrets {
            not_read.verdict_all(
                config,
                "not read: CRI-O searches only its auth file (the node config); pull secrets reach it through the kubelet",
            );
        }
        not_read.verdicts.append(&mut answer.verdicts);
        answer.verdicts = not_read.verdicts;
        answer
    };
    let all: Vec<&DockerConfig> = secrets.iter().chain(node_configs).copied().collect();
    let docker = auth_files(docker::select, Semantics::Docker, &all, lookup);
    let answered_by = (!node_configs.is_empty()).then(|| {
        let crio =
            (kubelet.credentials.is_empty() && containers.failure.is_none()).then_some(&containers);
        node::answered_by(&kubelet, crio)
    });
    Explanation {
        consumers: vec![kubelet, containers, docker],
        answered_by,
    }
}

type Select = fn(&[&DockerConfig], &str) -> Result<Answer, Diagnostic>;

/// An auth-file consumer's answer, or its failure.
fn auth_files(
    select: Select,
    semantics: Semantics,
    files: &[&DockerConfig],
    lookup: &str,
) -> Answer {
    select(files, lookup).unwrap_or_else(|d| Answer::failed(semantics, lookup, d))
}

/// The kubelet's answer with a verdict for every entry of the pull secrets and node files.
fn kubelet(secrets: &[&DockerConfig], node: &Node<'_>, lookup: &str) -> Answer {
    let mut answer = node.kubelet(lookup);
    let mut notes = node.notes().to_vec();
    notes.append(&mut answer.notes);
    answer.notes = notes;
    let mut ranked = vec![false; answer.credentials.len()];
    for config in secrets.iter().chain(node.node_configs()) {
        let Ok(entries) = &config.entries else {
            // Only a node file gets here (a bad pull secret fails the lookup): it is skipped.
            answer.verdict_all(
                config,
                "skipped: the kubelet cannot decode this node config, so it uses none of it",
            );
            continue;
        };
        for entry in entries {
            let (rank, reason) = match key::parse_key(&entry.key).normalized {
                Err(e) => (
                    None,
                    format!("skipped: the key {} ({})", e.message(), Rule::K1),
                ),
                Ok(normalized) => {
                    let position = answer.credentials.iter().enumerate().position(|(i, c)| {
                        !ranked[i] && c.key == entry.key && c.source == config.source
                    });
                    match position {
                        Some(i) => {
                            ranked[i] = true;
                            let why = if answer.docker_hub_fallback {
                                format!(
                                    "Docker Hub fallback: no key matches and the image is Docker Hub's ({})",
                                    Rule::K6
                                )
                            } else {
                                format!(
                                    "{normalized} matches: port, label count, path prefix and each host label ({})",
                                    Rule::K4
                                )
                            };
                            (
                                Some(u32::try_from(i + 1).unwrap_or(u32::MAX)),
                                format!("yes: {why}"),
                            )
                        }
                        None => (None, kubelet_miss(&normalized, lookup)),
                    }
                }
            };
            answer.verdict(&config.source, &entry.key, rank, reason);
        }
    }
    answer
}

fn kubelet_miss(normalized: &str, lookup: &str) -> String {
    match explain_match(normalized, lookup) {
        Err(m) if normalized == key::DEFAULT_REGISTRY_HOST && is_default_registry(lookup) => {
            format!(
                "no: {m}; the Docker Hub fallback applies only when no key matches ({})",
                Rule::K6
            )
        }
        Err(m) => format!("no: {m} ({})", Rule::K4),
        // Only reachable for a key that matched but was not ranked, which the keyring rules out.
        Ok(()) => format!("no: {normalized} matches but is not in the answer"),
    }
}

/// `Node::new` for `explain`, which reports a bad pull secret as the kubelet's failure.
pub fn node<'a>(
    secrets: &[&DockerConfig],
    node: &'a [&'a DockerConfig],
) -> Result<Node<'a>, Diagnostic> {
    Node::new(secrets, node).map_err(|Error::InvalidInput(d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document;

    #[test]
    fn every_entry_gets_a_verdict_from_every_consumer() {
        let doc = document::parse(
            "ps.json",
            br#"{"auths":{"quay.io":{"auth":"dTpw"},"quay.io/repository-main":{"auth":"cjpw"},"cloud.openshift.com":{"auth":"Yzpw"}}}"#,
            None,
        )
        .unwrap();
        let configs: Vec<&DockerConfig> = doc.configs.iter().collect();
        let explained = explain(&configs, &node(&configs, &[]), "quay.io/other/app");
        for e in &explained.consumers {
            assert_eq!(e.verdicts.len(), 3, "{:?}", e.semantics);
            assert_eq!(e.credentials.len(), 1);
            assert_eq!(e.credentials[0].key, "quay.io");
        }
        let reasons: Vec<&str> = explained.consumers[0]
            .verdicts
            .iter()
            .map(|v| v.reason.as_str())
            .collect();
        assert!(
            reasons[1].contains("path /repository-main is not a prefix of /other/app"),
            "{reasons:?}"
        );
    }

    #[test]
    fn crio_verdicts_cover_every_auths_map() {
        let secret = document::parse_one(
            "s",
            br#"{"auths":{"quay.io":{"auth":"dTpw"}},"Auths":{"docker.io":{"auth":"dTpw"}}}"#,
            None,
        )
        .unwrap();
        let node_file = document::parse_one("n", br#"{"auths":{}}"#, None).unwrap();
        let nodes = [&node_file];
        let explained = explain(&[&secret], &node(&[&secret], &nodes), "quay.io/x");
        let keys: Vec<&str> = explained.consumers[1]
            .verdicts
            .iter()
            .map(|v| v.key.as_str())
            .collect();
        assert_eq!(keys, ["quay.io", "docker.io"]);
    }
}
