//! `explain`: for each consumer, its answer and its verdict on every entry of every source,
//! built from the same code that answers `match`, so the two cannot disagree.

use crate::authfile::{self, Consumer, Verdict};
use crate::diagnostic::{Diagnostic, Error};
use crate::document::DockerConfig;
use crate::keyring::{self, Credential};
use crate::node;

/// The consumers of pull secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Semantics {
    Kubelet,
    Containers,
    Docker,
}

/// One consumer's view of a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub semantics: Semantics,
    pub lookup: String,
    /// What it sends, in order (at most one for containers and docker).
    pub answer: Vec<Credential>,
    pub helper: Option<String>,
    /// Why this consumer fails the lookup altogether, if it does.
    pub error: Option<Diagnostic>,
    pub verdicts: Vec<Verdict>,
    pub notes: Vec<Diagnostic>,
}

/// Who ends up answering on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answerer {
    /// The kubelet sends credentials; CRI-O pulls with them.
    Kubelet,
    /// The kubelet sends nothing; CRI-O picks from its auth file (the node config).
    Crio,
    /// Nobody has a credential: the pull is anonymous.
    Nobody,
}

/// Every consumer's view, and who answers when a node file was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationSet {
    pub consumers: Vec<Explanation>,
    pub answered_by: Option<Answerer>,
}

fn empty(semantics: Semantics, lookup: &str) -> Explanation {
    Explanation {
        semantics,
        lookup: lookup.to_owned(),
        answer: Vec::new(),
        helper: None,
        error: None,
        verdicts: Vec::new(),
        notes: Vec::new(),
    }
}

fn auth_files(
    consumer: Consumer,
    semantics: Semantics,
    files: &[&DockerConfig],
    lookup: &str,
) -> Explanation {
    let mut explanation = empty(semantics, lookup);
    match authfile::select(consumer, files, lookup) {
        Ok(selection) => {
            explanation.answer = selection.credential.into_iter().collect();
            explanation.helper = selection.helper;
            explanation.verdicts = selection.verdicts;
            explanation.notes = selection.notes;
        }
        Err(d) => explanation.error = Some(d),
    }
    explanation
}

/// Explains `lookup` (an image name after rule N1) for every consumer. `secrets` are the pod's
/// pull secrets; `node` the node's `config.json`, which CRI-O reads as its auth file.
pub fn explain(secrets: &[&DockerConfig], node: &[&DockerConfig], lookup: &str) -> ExplanationSet {
    let all: Vec<&DockerConfig> = secrets.iter().chain(node).copied().collect();
    let kubelet = kubelet(secrets, node, lookup);
    let containers = if node.is_empty() {
        auth_files(Consumer::Containers, Semantics::Containers, secrets, lookup)
    } else {
        let mut e = auth_files(Consumer::Containers, Semantics::Containers, node, lookup);
        let not_read = "not read: CRI-O searches only its auth file (the node config); pull secrets reach it through the kubelet";
        let mut verdicts: Vec<Verdict> = secrets
            .iter()
            .flat_map(|c| {
                json_keys(c).into_iter().map(|key| Verdict {
                    key,
                    source: c.source.clone(),
                    rank: None,
                    reason: not_read.to_owned(),
                })
            })
            .collect();
        verdicts.append(&mut e.verdicts);
        e.verdicts = verdicts;
        e
    };
    let docker = auth_files(Consumer::Docker, Semantics::Docker, &all, lookup);
    let answered_by = if node.is_empty() {
        None
    } else if !kubelet.answer.is_empty() {
        Some(Answerer::Kubelet)
    } else if !containers.answer.is_empty() || containers.helper.is_some() {
        Some(Answerer::Crio)
    } else {
        Some(Answerer::Nobody)
    };
    ExplanationSet {
        consumers: vec![kubelet, containers, docker],
        answered_by,
    }
}

/// The registry keys of a config as written, in file order, whatever their decoding.
fn json_keys(config: &DockerConfig) -> Vec<String> {
    let map = match config.format {
        crate::dockercfg::Format::DockerCfg => Some(&config.root),
        crate::dockercfg::Format::DockerConfigJson => {
            config.root.members_named("auths").last().map(|m| &m.value)
        }
    };
    match map.map(|m| &m.kind) {
        Some(crate::json::Kind::Object(members)) => {
            let mut keys: Vec<String> = Vec::new();
            for m in members {
                keys.retain(|k| k != &m.name);
                keys.push(m.name.clone());
            }
            keys
        }
        _ => Vec::new(),
    }
}

fn kubelet(secrets: &[&DockerConfig], node: &[&DockerConfig], lookup: &str) -> Explanation {
    let mut explanation = empty(Semantics::Kubelet, lookup);
    let (result, notes) = match node::kubelet_lookup(secrets, node, lookup) {
        Ok(answer) => answer,
        Err(Error::InvalidInput(d)) => {
            explanation.error = Some(d);
            return explanation;
        }
    };
    explanation.notes = notes;
    explanation.notes.extend(result.notes.iter().cloned());
    let mut ranked = vec![false; result.credentials.len()];
    for config in secrets.iter().chain(node) {
        let Ok(entries) = &config.entries else {
            // Only a node file gets here (a bad pull secret fails the lookup): it is skipped.
            for key in json_keys(config) {
                explanation.verdicts.push(Verdict {
                    key,
                    source: config.source.clone(),
                    rank: None,
                    reason:
                        "skipped: the kubelet cannot decode this node config, so it uses none of it"
                            .to_owned(),
                });
            }
            continue;
        };
        for entry in entries {
            let parsed = keyring::parse_key(&entry.key);
            let (rank, reason) = match parsed.normalized {
                Err(e) => (None, format!("skipped: the key {} (rule K1)", e.message())),
                Ok(normalized) => {
                    let position = result.credentials.iter().enumerate().position(|(i, c)| {
                        !ranked[i] && c.key == entry.key && c.source == config.source
                    });
                    match position {
                        Some(i) => {
                            ranked[i] = true;
                            let why = if result.docker_hub_fallback {
                                "Docker Hub fallback: no key matches and the image is Docker Hub's (rule K6)".to_owned()
                            } else {
                                format!(
                                    "{normalized} matches: port, label count, path prefix and each host label (rule K4)"
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
            explanation.verdicts.push(Verdict {
                key: entry.key.clone(),
                source: config.source.clone(),
                rank,
                reason,
            });
        }
    }
    explanation.answer = result.credentials;
    explanation
}

fn kubelet_miss(normalized: &str, lookup: &str) -> String {
    match keyring::explain_match(normalized, lookup) {
        Err(m) if normalized == "index.docker.io" && keyring::is_default_registry(lookup) => {
            format!("no: {m}; the Docker Hub fallback applies only when no key matches (rule K6)")
        }
        Err(m) => format!("no: {m} (rule K4)"),
        // Only reachable for a key that matched but was not ranked, which the keyring rules out.
        Ok(()) => format!("no: {normalized} matches but is not in the answer"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    #[test]
    fn every_entry_gets_a_verdict_from_every_consumer() {
        let doc = document::parse(
            "ps.json",
            br#"{"auths":{"quay.io":{"auth":"dTpw"},"quay.io/repository-main":{"auth":"cjpw"},"cloud.openshift.com":{"auth":"Yzpw"}}}"#,
            None,
        )
        .unwrap();
        let configs: Vec<&DockerConfig> = doc.configs.iter().collect();
        for e in explain(&configs, &[], "quay.io/other/app").consumers {
            assert_eq!(e.verdicts.len(), 3, "{:?}", e.semantics);
            assert_eq!(e.answer.len(), 1);
            assert_eq!(e.answer[0].key, "quay.io");
        }
        let kubelet = &explain(&configs, &[], "quay.io/other/app").consumers[0];
        let reasons: Vec<&str> = kubelet.verdicts.iter().map(|v| v.reason.as_str()).collect();
        assert!(
            reasons[1].contains("path /repository-main is not a prefix of /other/app"),
            "{reasons:?}"
        );
    }
}
