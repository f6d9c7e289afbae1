//! The one answer type every consumer gives: what it sends for a lookup, and, when asked to
//! explain, its verdict on every entry it saw.

use crate::checks::pitfalls;
use crate::diagnostic::Diagnostic;
use crate::input::authfile::{AuthFile, RawEntry, Reader};
use crate::input::config::DockerConfig;

/// The consumers of pull secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Semantics {
    /// The kubelet's keyring: every matching credential, tried in order.
    Kubelet,
    /// containers/image (CRI-O, podman, skopeo): one entry from auth files.
    Containers,
    /// The docker CLI: one entry, by registry host.
    Docker,
}

/// One credential a consumer would send, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The registry key as written.
    pub key: String,
    /// The key as the consumer reads it (the kubelet's index key; the registry a
    /// containers/image fallback or the docker CLI looked up).
    pub normalized: String,
    pub username: String,
    pub password: String,
    pub email: String,
    /// Sent by containers/image and docker; the kubelet never sends one (rule P6).
    pub identity_token: String,
    pub source: String,
}

impl Credential {
    /// A credential from an auth-file entry, as containers/image and the docker CLI send it.
    pub fn new(
        config: &DockerConfig,
        key: &str,
        normalized: &str,
        username: String,
        password: String,
        entry: &RawEntry,
        identity_token: String,
    ) -> Self {
        Credential {
            key: key.to_owned(),
            normalized: normalized.to_owned(),
            username,
            password,
            email: entry.email.clone(),
            identity_token,
            source: config.source.clone(),
        }
    }

    /// Sends nothing: containers/image and the docker CLI treat such an entry as absent.
    pub fn is_empty(&self) -> bool {
        self.username.is_empty() && self.password.is_empty() && self.identity_token.is_empty()
    }
}

/// What a consumer made of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub key: String,
    pub source: String,
    /// Position in the consumer's answer (1-based), when it is part of it.
    pub rank: Option<u32>,
    /// Short and exact: why it is or is not used.
    pub reason: String,
}

/// One consumer's answer for one lookup string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub semantics: Semantics,
    pub lookup: String,
    /// What it sends, in order; at most one for containers/image and docker; empty for an
    /// anonymous pull.
    pub credentials: Vec<Credential>,
    /// The kubelet answered through its Docker Hub fallback (rule K6).
    pub docker_hub_fallback: bool,
    /// A credential helper it would run first (pullsecret runs none).
    pub helper: Option<String>,
    /// Why it fails the lookup altogether, when `explain` reports that instead of failing.
    pub failure: Option<Diagnostic>,
    /// Its verdict on every entry of every source, in order; filled when explaining.
    pub verdicts: Vec<Verdict>,
    /// Pitfalls of the entries used, and entries or files passed over.
    pub notes: Vec<Diagnostic>,
}

impl Answer {
    pub fn new(semantics: Semantics, lookup: &str) -> Self {
        Answer {
            semantics,
            lookup: lookup.to_owned(),
            credentials: Vec::new(),
            docker_hub_fallback: false,
            helper: None,
            failure: None,
            verdicts: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// An answer that is only a failure, for `explain`.
    pub fn failed(semantics: Semantics, lookup: &str, failure: Diagnostic) -> Self {
        Answer {
            failure: Some(failure),
            ..Answer::new(semantics, lookup)
        }
    }

    pub fn verdict(&mut self, source: &str, key: &str, rank: Option<u32>, reason: String) {
        self.verdicts.push(Verdict {
            key: key.to_owned(),
            source: source.to_owned(),
            rank,
            reason,
        });
    }

    /// The same verdict for every entry of `config`, e.g. a file the search never reached.
    pub fn verdict_all(&mut self, config: &DockerConfig, reason: &str) {
        for w in config.registry_map().live() {
            self.verdict(&config.source, w.key(), None, reason.to_owned());
        }
    }

    /// Adds the pitfalls of the entries the answer uses, and those about any of the configs
    /// read as a whole (a legacy layout that reads as zero entries, say).
    pub fn note_pitfalls(&mut self, configs: &[&DockerConfig]) {
        let found: Vec<Diagnostic> = configs
            .iter()
            .flat_map(|c| pitfalls::warnings(c).iter().cloned())
            .collect();
        let about = pitfalls::about(&found, &self.used());
        self.notes.extend(about);
    }

    /// The entries the answer sends, as `(key, source)`.
    pub fn used(&self) -> Vec<(&str, &str)> {
        self.credentials
            .iter()
            .map(|c| (c.key.as_str(), c.source.as_str()))
            .collect()
    }
}

/// How containers/image and the docker CLI search auth files (rule C2): in order, the first
/// file that answers ends the search, and the files after it are never read, so a broken one
/// there fails nothing. `in_file` searches one file and says who answered, if anyone did.
pub fn search_files(
    semantics: Semantics,
    reader: Reader,
    configs: &[&DockerConfig],
    lookup: &str,
    mut in_file: impl FnMut(&mut Answer, &DockerConfig, &AuthFile) -> Result<Option<String>, Diagnostic>,
) -> Result<Answer, Diagnostic> {
    let mut answer = Answer::new(semantics, lookup);
    let mut answered: Option<String> = None;
    for config in configs {
        if let Some(by) = &answered {
            answer.verdict_all(config, &format!("not reached: {by} answered first"));
            continue;
        }
        let file = AuthFile::decode(config, reader).map_err(|d| d.at_source(&config.source))?;
        answered = in_file(&mut answer, config, &file)?;
    }
    answer.note_pitfalls(configs);
    Ok(answer)
}

/// Who ends up answering a pull on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answerer {
    /// The kubelet sends credentials; CRI-O pulls with them.
    Kubelet,
    /// The kubelet sends nothing; CRI-O picks from its auth file (the node config).
    Crio,
    /// Nobody has a credential: the pull is anonymous.
    Nobody,
}
