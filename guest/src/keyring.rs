//! The kubelet's credential keyring (`pkg/credentialprovider/keyring.go`): how registry keys
//! are indexed (K1, K2, K8), matched (K3–K5), ordered (K7) and how Docker Hub falls back (K6).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Error};
use crate::document::DockerConfig;
use crate::glob;
use crate::gourl::{self, UrlError};
use crate::lint;

const DEFAULT_REGISTRY_HOST: &str = "index.docker.io";

/// How the kubelet reads one registry key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedKey {
    pub key: String,
    /// The index key, or the reason the kubelet skips this key (K1: only logged).
    pub normalized: Result<String, UrlError>,
    pub host: String,
    pub port: String,
    pub path: String,
}

/// K1 and K2: `https://` is added unless the key starts with `https://` or `http://`
/// (case-sensitive), the URL is parsed by Go's rules, and `/v1/` or `/v2/` is cut.
pub fn parse_key(key: &str) -> ParsedKey {
    let mut parsed = ParsedKey {
        key: key.to_owned(),
        normalized: Err(UrlError::MissingScheme),
        host: String::new(),
        port: String::new(),
        path: String::new(),
    };
    match parse_schemeless(key) {
        Err(e) => parsed.normalized = Err(e),
        Ok(url) => {
            let path = match url.path.get(..4) {
                Some("/v1/" | "/v2/") => &url.path[3..],
                _ => url.path.as_str(),
            };
            let normalized = if path.is_empty() || path == "/" {
                url.host.clone()
            } else {
                format!("{}{path}", url.host)
            };
            let (host, port) = gourl::split_host_port(&url.host);
            parsed.host = host.to_owned();
            parsed.port = port.to_owned();
            parsed.path = if normalized == url.host {
                String::new()
            } else {
                path.to_owned()
            };
            parsed.normalized = Ok(normalized);
        }
    }
    parsed
}

/// `ParseSchemelessURL`.
fn parse_schemeless(s: &str) -> Result<gourl::Url, UrlError> {
    if s.starts_with("https://") || s.starts_with("http://") {
        gourl::parse(s)
    } else {
        gourl::parse(&format!("https://{s}"))
    }
}

/// Why a key does not match a lookup string (rule K4), in the order the kubelet checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    Unparseable,
    Port { key: String, target: String },
    Host { key: String, target: String },
    LabelCount { key: usize, target: usize },
    PathNotPrefix { key: String, target: String },
    Label { key: String, target: String },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let port = |p: &str| {
            if p.is_empty() {
                "none".to_owned()
            } else {
                p.to_owned()
            }
        };
        match self {
            Mismatch::Unparseable => write!(f, "the key or the lookup string does not parse"),
            Mismatch::Port { key, target } => {
                write!(
                    f,
                    "port differs ({} vs {}; no default-port logic)",
                    port(key),
                    port(target)
                )
            }
            Mismatch::Host { key, target } => write!(f, "host {key} is not {target}"),
            Mismatch::LabelCount { key, target } => {
                write!(
                    f,
                    "host has {key} labels, the image's host {target} (a glob matches one label each)"
                )
            }
            Mismatch::PathNotPrefix { key, target } => {
                write!(f, "path {key} is not a prefix of {target}")
            }
            Mismatch::Label { key, target } => {
                write!(f, "host label {key:?} does not match {target:?}")
            }
        }
    }
}

/// `URLsMatchStr(glob, target)` (K4): equal ports, equal label counts, the target path starts
/// with the key path (a raw, case-sensitive string prefix), each host label glob-matches.
/// Any parse error is no match, as in `Lookup`.
pub fn explain_match(glob: &str, target: &str) -> Result<(), Mismatch> {
    let (Ok(glob), Ok(target)) = (parse_schemeless(glob), parse_schemeless(target)) else {
        return Err(Mismatch::Unparseable);
    };
    let (glob_host, glob_port) = gourl::split_host_port(&glob.host);
    let (target_host, target_port) = gourl::split_host_port(&target.host);
    if glob_port != target_port {
        return Err(Mismatch::Port {
            key: glob_port.to_owned(),
            target: target_port.to_owned(),
        });
    }
    // Without wildcards the label checks below reduce to host equality: say it that way.
    if !glob_host.contains(['*', '?', '[', '\\']) && glob_host != target_host {
        return Err(Mismatch::Host {
            key: glob_host.to_owned(),
            target: target_host.to_owned(),
        });
    }
    let glob_labels: Vec<&str> = glob_host.split('.').collect();
    let target_labels: Vec<&str> = target_host.split('.').collect();
    if glob_labels.len() != target_labels.len() {
        return Err(Mismatch::LabelCount {
            key: glob_labels.len(),
            target: target_labels.len(),
        });
    }
    if !target.path.starts_with(&glob.path) {
        return Err(Mismatch::PathNotPrefix {
            key: glob.path,
            target: target.path,
        });
    }
    match glob_labels
        .iter()
        .zip(&target_labels)
        .find(|(g, t)| glob::matches(g, t) != Some(true))
    {
        Some((g, t)) => Err(Mismatch::Label {
            key: (*g).to_owned(),
            target: (*t).to_owned(),
        }),
        None => Ok(()),
    }
}

pub fn urls_match(glob: &str, target: &str) -> bool {
    explain_match(glob, target).is_ok()
}

/// `isDefaultRegistryMatch` (K6): no `/`, or a first part that is Docker Hub or has no `.`
/// or `:`. Note `localhost/app` counts too; that is the kubelet's rule.
pub fn is_default_registry(lookup: &str) -> bool {
    let (first, rest) = match lookup.split_once('/') {
        Some((first, rest)) => (first, Some(rest)),
        None => (lookup, None),
    };
    if first.is_empty() {
        return false;
    }
    rest.is_none()
        || first == "docker.io"
        || first == DEFAULT_REGISTRY_HOST
        || !first.contains(['.', ':'])
}

/// One credential in the keyring, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub key: String,
    pub normalized: String,
    pub username: String,
    pub password: String,
    pub email: String,
    /// Sent by containers/image and docker; the kubelet never sends one (rule P6).
    pub identity_token: String,
    pub source: String,
}

/// The answer to one lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub lookup: String,
    pub credentials: Vec<Credential>,
    pub docker_hub_fallback: bool,
    /// Pitfalls (`lint`) of the entries in the answer.
    pub notes: Vec<Diagnostic>,
}

/// `BasicDockerKeyring`: every config added to one keyring, as the kubelet does for a pod's
/// pull secrets (M1).
#[derive(Debug, Default, Clone)]
pub struct Keyring {
    /// Index key → credentials in the order added (K8). A `BTreeMap` iterated backwards is
    /// the kubelet's reverse byte order (K7), deterministic with no hasher.
    index: BTreeMap<String, Vec<Credential>>,
    /// Warnings about the added entries, shown when an answer uses one of them.
    pitfalls: Vec<Diagnostic>,
}

impl Keyring {
    /// `Add`: keys that do not parse are skipped (K1). Within one config the kubelet's order
    /// is Go's random map order; ours is file order (K8). A config the kubelet cannot decode
    /// fails the whole keyring (M2).
    pub fn add(&mut self, config: &DockerConfig) -> Result<(), Error> {
        let entries = config.entries.as_ref().map_err(Clone::clone)?;
        self.pitfalls.extend_from_slice(lint::warnings(config));
        for entry in entries {
            let Ok(normalized) = parse_key(&entry.key).normalized else {
                continue;
            };
            self.index
                .entry(normalized.clone())
                .or_default()
                .push(Credential {
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
    pub fn lookup(&self, lookup: &str) -> Lookup {
        let credentials: Vec<Credential> = self
            .index
            .iter()
            .rev()
            .filter(|(key, _)| urls_match(key, lookup))
            .flat_map(|(_, creds)| creds.iter().cloned())
            .collect();
        if credentials.is_empty()
            && is_default_registry(lookup)
            && let Some(hub) = self.index.get(DEFAULT_REGISTRY_HOST)
        {
            return Lookup {
                lookup: lookup.to_owned(),
                notes: lint::about(&self.pitfalls, hub),
                credentials: hub.clone(),
                docker_hub_fallback: true,
            };
        }
        Lookup {
            lookup: lookup.to_owned(),
            notes: lint::about(&self.pitfalls, &credentials),
            credentials,
            docker_hub_fallback: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_parsing_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("https://index.docker.io/v1/", Some("index.docker.io")),
            ("index.docker.io/v1/", Some("index.docker.io")),
            ("http://index.docker.io", Some("index.docker.io")),
            ("https://quay.io/v2/org", Some("quay.io/org")),
            ("quay.io/org/", Some("quay.io/org/")),
            ("quay.io/v1", Some("quay.io/v1")),
            ("registry.example.com:abc", None),
            ("", Some("")),
        ];
        for &(key, expected) in cases {
            assert_eq!(
                parse_key(key).normalized.ok().as_deref(),
                expected,
                "{key:?}"
            );
        }
        let parsed = parse_key("https://reg.io:5000/v2/team");
        assert_eq!(
            (
                parsed.host.as_str(),
                parsed.port.as_str(),
                parsed.path.as_str()
            ),
            ("reg.io", "5000", "/team")
        );
    }

    #[test]
    fn kubelet_glob_matches_exactly_one_label() {
        assert!(urls_match("*.example.com", "registry.example.com/app"));
        assert!(!urls_match("*.example.com", "example.com/app"));
        assert!(!urls_match("*.example.com", "a.b.example.com/app"));
    }

    #[test]
    fn path_prefix_is_a_raw_string_prefix() {
        assert!(urls_match("quay.io/org", "quay.io/organization/app"));
        assert!(!urls_match("quay.io/org/", "quay.io/organization/app"));
    }
}
