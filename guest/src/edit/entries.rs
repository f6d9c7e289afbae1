//! The entries of a config compared as wholes: their raw JSON, and the credential each
//! sends. `merge` and `diff` share them, so they never disagree on what changed.

use std::collections::BTreeMap;

use crate::diagnostic::{Error, Rule};
use crate::go::base64::{self, Padding};
use crate::go::json;
use crate::input::authfile::{AuthFile, RawEntry, Reader};
use crate::input::config::DockerConfig;

/// Each key's value, the first where a key repeats (as a search in file order finds it):
/// looked up instead of searched, so large files stay linear.
pub fn first_by_key<T>(pairs: &[(String, T)]) -> FirstByKey<'_, T> {
    let mut at = BTreeMap::new();
    for (i, (key, _)) in pairs.iter().enumerate() {
        at.entry(key.as_str()).or_insert(i);
    }
    FirstByKey { pairs, at }
}

/// [`first_by_key`]'s index: positions rather than values, so that every value type shares
/// one map type (each adds some 4 KB to the component).
pub struct FirstByKey<'a, T> {
    pairs: &'a [(String, T)],
    at: BTreeMap<&'a str, usize>,
}

impl<'a, T> FirstByKey<'a, T> {
    pub fn get(&self, key: &str) -> Option<&'a T> {
        self.at.get(key).map(|&i| &self.pairs[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.at.contains_key(key)
    }
}

/// The entries Go ends up with (every `auths` map, a repeated key keeping its last value),
/// each as its raw JSON compacted as Go's `json.Marshal` writes a `json.RawMessage`.
pub fn raw_entries(config: &DockerConfig) -> Vec<(String, String)> {
    config
        .registry_map()
        .live()
        .map(|w| {
            let value = w.value();
            let raw = json::compact(&config.payload()[value.offset..value.end], true);
            (w.key().to_owned(), raw)
        })
        .collect()
}

/// What a consumer sends for an entry: `auth` decoded when it decodes, else the plain fields.
pub fn credential(entry: &RawEntry) -> (String, String, String) {
    let decoded = base64::decode(entry.auth.as_bytes(), Padding::Required)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let (user, password) = match decoded.as_deref().and_then(|d| d.split_once(':')) {
        Some((u, p)) => (u.to_owned(), p.to_owned()),
        None if entry.auth.is_empty() => (entry.username.clone(), entry.password.clone()),
        // Undecodable: compare the raw value.
        None => (entry.auth.clone(), String::new()),
    };
    (user, password, entry.identity_token.clone())
}

/// The config with every field of every entry, as the docker CLI decodes it; a wrong type
/// is the kubelet's P1 as much as the docker CLI's, and the kubelet is who pulls.
pub fn decoded(config: &DockerConfig) -> Result<AuthFile, Error> {
    AuthFile::decode(config, Reader::Docker)
        .map_err(|d| Error::from(d.rule(Rule::P1).at_source(&config.source)))
}
