//! `explain`: for each consumer, its answer and its verdict on every entry of every source,
//! built from the same code that answers `match`, so the two cannot disagree.

use crate::authfile::{self, Consumer, Verdict};
use crate::diagnostic::{Diagnostic, Error};
use crate::document::DockerConfig;
use crate::keyring::{self, Credential, Keyring};

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

/// Explains `lookup` (an image name after rule N1) for every consumer.
pub fn explain(configs: &[&DockerConfig], lookup: &str) -> Vec<Explanation> {
    let mut explanations = vec![kubelet(configs, lookup)];
    for (semantics, consumer) in [
        (Semantics::Containers, Consumer::Containers),
        (Semantics::Docker, Consumer::Docker),
    ] {
        let mut explanation = Explanation {
            semantics,
            lookup: lookup.to_owned(),
            answer: Vec::new(),
            helper: None,
            error: None,
            verdicts: Vec::new(),
            notes: Vec::new(),
        };
        match authfile::select(consumer, configs, lookup) {
            Ok(selection) => {
                explanation.answer = selection.credential.into_iter().collect();
                explanation.helper = selection.helper;
                explanation.verdicts = selection.verdicts;
                explanation.notes = selection.notes;
            }
            Err(d) => explanation.error = Some(d),
        }
        explanations.push(explanation);
    }
    explanations
}

fn kubelet(configs: &[&DockerConfig], lookup: &str) -> Explanation {
    let mut explanation = Explanation {
        semantics: Semantics::Kubelet,
        lookup: lookup.to_owned(),
        answer: Vec::new(),
        helper: None,
        error: None,
        verdicts: Vec::new(),
        notes: Vec::new(),
    };
    let mut keyring = Keyring::default();
    for config in configs {
        if let Err(Error::InvalidInput(d)) = keyring.add(config) {
            explanation.error = Some(d);
            return explanation;
        }
    }
    let result = keyring.lookup(lookup);
    let mut ranked = vec![false; result.credentials.len()];
    for config in configs {
        let Ok(entries) = &config.entries else {
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
        for e in explain(&configs, "quay.io/other/app") {
            assert_eq!(e.verdicts.len(), 3, "{:?}", e.semantics);
            assert_eq!(e.answer.len(), 1);
            assert_eq!(e.answer[0].key, "quay.io");
        }
        let kubelet = &explain(&configs, "quay.io/other/app")[0];
        let reasons: Vec<&str> = kubelet.verdicts.iter().map(|v| v.reason.as_str()).collect();
        assert!(
            reasons[1].contains("path /repository-main is not a prefix of /other/app"),
            "{reasons:?}"
        );
    }
}
