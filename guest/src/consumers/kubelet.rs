//! The kubelet's credential keyring (kubernetes `pkg/credentialprovider/keyring.go`): how
//! registry keys are indexed (rules K1, K2, K8), matched (K3, K4), ordered (K7), and how
//! Docker Hub falls back (K6).

use std::collections::BTreeMap;
use std::collections::btree_map;

use crate::checks::pitfalls;
use crate::diagnostic::{Diagnostic, Error, Rule};
use crate::input::config::DockerConfig;
use crate::input::key::{DEFAULT_REGISTRY_HOST, MatchUrl, is_default_registry, parse_key};

use super::answer::{Answer, Credential, Semantics};
use super::host_index::HostIndex;

/// `BasicDockerKeyring`: every config added to one keyring, as the kubelet does for a pod's
/// pull secrets (M1).
#[derive(Debug, Default, Clone)]
pub struct Keyring {
    /// Index key → credentials in the order added (K8). Each index key is parsed once, here,
    /// not once per lookup; one that does not parse (`None`) never matches.
    index: BTreeMap<String, (Option<MatchUrl>, Vec<Credential>)>,
    /// The index keys that parse, by the end of their host: a lookup tries only those that
    /// can match it.
    hosts: HostIndex,
    /// Warnings about the added configs, shown when an answer uses one of their entries.
    pitfalls: Warnings,
}

/// Warnings about configs, filed by the key they are about: an answer shows those of the
/// entries it uses, found without reading the others (a large keyring has one for each glob
/// key, say).
#[derive(Debug, Default, Clone)]
struct Warnings {
    all: Vec<Diagnostic>,
    /// Which of `all` are about a whole config.
    whole: Vec<usize>,
    /// Key → which of `all` are about an entry with that key.
    by_key: BTreeMap<String, Vec<usize>>,
}

impl Warnings {
    fn extend(&mut self, found: &[Diagnostic]) {
        for d in found {
            let filed = match &d.key {
                None => &mut self.whole,
                Some(key) => self.by_key.entry(key.clone()).or_default(),
            };
            filed.push(self.all.len());
            self.all.push(d.clone());
        }
    }

    /// `pitfalls::about` all of them, given only those it can pick.
    fn about(&self, used: &[(&str, &str)]) -> Vec<Diagnostic> {
        let mut picked: Vec<usize> = used
            .iter()
            .filter_map(|(key, _)| self.by_key.get(*key))
            .flatten()
            .chain(&self.whole)
            .copied()
            .collect();
        picked.sort_unstable();
        picked.dedup();
        let candidates: Vec<Diagnostic> = picked.iter().map(|&i| self.all[i].clone()).collect();
        pitfalls::about(&candidates, used)
    }
}

impl Keyring {
    /// The keyring of a pod's pull secrets: one that cannot be decoded fails them all (M2),
    /// and the error says so.
    pub fn of_pull_secrets(configs: &[&DockerConfig]) -> Result<Keyring, Error> {
        let mut keyring = Keyring::default();
        for config in configs {
            keyring.add(config).map_err(|Error::InvalidInput(d)| {
                // Only a config the kubelet itself cannot decode fails the lookup (M2); a
                // problem that is not the kubelet's (a limit of this tool) stays as it is.
                if d.rule.is_none_or(|r| r.consumer() != "kubelet") {
                    return Error::InvalidInput(d);
                }
                // What fails the lookup is M2; what is wrong with the entry keeps its rule in
                // the text.
                let cause = d.rule.map(|r| format!(" ({r})")).unwrap_or_default();
                let message = format!(
                    "{}{cause}, and one pull secret the kubelet cannot decode fails every pull of the pod",
                    d.message
                );
                Error::InvalidInput(Diagnostic {
                    message,
                    ..d.rule(Rule::M2)
                })
            })?;
        }
        Ok(keyring)
    }

    /// `Add`: keys that do not parse are skipped (K1). Within one config the kubelet's order
    /// is Go's random map order; ours is file order (K8). A config the kubelet cannot decode
    /// is refused (M2).
    pub fn add(&mut self, config: &DockerConfig) -> Result<(), Error> {
        let entries = config.entries.as_ref().map_err(Clone::clone)?;
        self.pitfalls.extend(pitfalls::warnings(config));
        for entry in entries {
            let Ok(normalized) = parse_key(&entry.key).normalized else {
                continue;
            };
            let credentials = match self.index.entry(normalized.clone()) {
                btree_map::Entry::Occupied(known) => &mut known.into_mut().1,
                btree_map::Entry::Vacant(new) => {
                    let url = MatchUrl::parse(new.key());
                    if let Some(url) = &url {
                        self.hosts.insert(new.key(), url);
                    }
                    &mut new.insert((url, Vec::new())).1
                }
            };
            credentials.push(Credential {
                key: entry.key.clone(),
                normalized,
                username: entry.username.clone(),
                password: entry.password.clone(),
                email: entry.email.clone(),
                identity_token: String::new(),
                source: config.source.clone(),
            });
        }
        Ok(())
    }

    /// `Lookup`: the credentials of every matching key, most reverse-sorted key first; the
    /// `index.docker.io` credentials only when nothing matched and the lookup is Hub's (K6).
    pub fn lookup(&self, lookup: &str) -> Answer {
        self.lookup_at(lookup, MatchUrl::parse(lookup).as_ref())
    }

    /// [`Keyring::lookup`] of a lookup string already parsed as keys match it (`None`: it
    /// does not parse, and only the Docker Hub fallback can answer).
    pub fn lookup_at(&self, lookup: &str, target: Option<&MatchUrl>) -> Answer {
        let mut answer = Answer::new(Semantics::Kubelet, lookup);
        if let Some(target) = target {
            answer.credentials = self
                .matching(target)
                .flat_map(|creds| creds.iter().cloned())
                .collect();
        }
        if answer.credentials.is_empty()
            && let Some(hub) = self.hub_fallback(lookup)
        {
            answer.credentials = hub.to_vec();
            answer.docker_hub_fallback = true;
        }
        answer.notes = self.pitfalls.about(&answer.used());
        answer
    }

    /// Whether [`Keyring::lookup_at`] sends anything, without building the answer.
    pub fn sends_any(&self, lookup: &str, target: Option<&MatchUrl>) -> bool {
        let matched = target.is_some_and(|t| self.matching(t).any(|creds| !creds.is_empty()));
        matched || self.hub_fallback(lookup).is_some()
    }

    /// What a lookup that matched nothing falls back to: the `index.docker.io` credentials,
    /// when the lookup is Docker Hub's (K6).
    fn hub_fallback(&self, lookup: &str) -> Option<&[Credential]> {
        if !is_default_registry(lookup) {
            return None;
        }
        let (_, hub) = self.index.get(DEFAULT_REGISTRY_HOST)?;
        Some(hub)
    }

    /// The credentials of each matching index key, in the kubelet's order (K7).
    fn matching<'k>(&'k self, target: &'k MatchUrl) -> impl Iterator<Item = &'k [Credential]> {
        self.hosts
            .candidates(target)
            .into_iter()
            .filter_map(|key| self.index.get(key))
            .filter(|(key, _)| key.as_ref().is_some_and(|key| key.matches(target)))
            .map(|(_, creds)| creds.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::input::document;

    fn config() -> DockerConfig {
        let doc = document::parse("f.json", br#"{"auths":{"quay.io":{"auth":"dTpw"}}}"#, None);
        doc.unwrap().configs.remove(0)
    }

    /// M2 is the kubelet's: it is cited when the kubelet's own rule fails the config, and not
    /// when the cause is something else (a limit of this tool).
    #[test]
    fn m2_only_for_the_kubelets_causes() {
        let mut kubelet = config();
        kubelet.entries = Err(Diagnostic::new(Code::AuthNotBase64, "bad auth").into());
        let Err(Error::InvalidInput(d)) = Keyring::of_pull_secrets(&[&kubelet]) else {
            panic!("the config fails the lookup")
        };
        assert_eq!(d.rule, Some(Rule::M2));
        assert!(
            d.message.contains("fails every pull of the pod"),
            "{}",
            d.message
        );

        let mut limit = config();
        limit.entries = Err(Diagnostic::new(Code::InvalidJson, "too deep").into());
        let Err(Error::InvalidInput(d)) = Keyring::of_pull_secrets(&[&limit]) else {
            panic!("the config fails the lookup")
        };
        assert_eq!((d.rule, d.message.as_str()), (None, "too deep"));
    }
}
