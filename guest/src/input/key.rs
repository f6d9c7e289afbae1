//! Registry keys as each consumer reads them: the kubelet parses a key as a URL and matches it
//! label by label with globs (rules K1, K2, K4, K6); containers/image compares exact strings
//! and normalizes URL-style keys to their host (C5, C6); the docker CLI reduces every key to
//! its host (D1, D2). One module, so that the differences sit side by side.

use crate::diagnostic::{Code, Diagnostic};
use crate::go::glob;
use crate::go::url::{self, UrlError};

/// Docker Hub's index host, the one key the kubelet's Hub fallback reads (K6).
pub const DEFAULT_REGISTRY_HOST: &str = "index.docker.io";

/// The Docker Hub key the docker CLI looks up: the only one it uses for Hub (D1).
pub const DOCKER_CLI_HUB_KEY: &str = "https://index.docker.io/v1/";

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
    // A bare host name, the usual key, is its own index key: no URL to build and parse for
    // each of 100,000 entries. `parse_url_key` answers the same (tested below).
    let bare = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    if !key.is_empty() && key.bytes().all(bare) {
        return ParsedKey {
            key: key.to_owned(),
            normalized: Ok(key.to_owned()),
            host: key.to_owned(),
            port: String::new(),
            path: String::new(),
        };
    }
    parse_url_key(key)
}

fn parse_url_key(key: &str) -> ParsedKey {
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
            let (host, port) = url::split_host_port(&url.host);
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
fn parse_schemeless(s: &str) -> Result<url::Url, UrlError> {
    if s.starts_with("https://") || s.starts_with("http://") {
        url::parse(s)
    } else {
        url::parse(&format!("https://{s}"))
    }
}

/// A key or a lookup string as `URLsMatchStr` parses it: `ParseSchemelessURL`, then host
/// and port split. Parsed once, so that a lookup against many keys parses each key once
/// rather than once per lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchUrl {
    host: String,
    port: String,
    path: String,
}

impl MatchUrl {
    /// `None` when it does not parse, which never matches anything (as in `Lookup`).
    pub fn parse(s: &str) -> Option<MatchUrl> {
        let url = parse_schemeless(s).ok()?;
        let (host, port) = url::split_host_port(&url.host);
        Some(MatchUrl {
            host: host.to_owned(),
            port: port.to_owned(),
            path: url.path,
        })
    }

    /// Whether this key matches the lookup (K4).
    pub fn matches(&self, target: &MatchUrl) -> bool {
        check(self, target).is_ok()
    }

    /// The host without its port: what K4 cuts into labels.
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// Whether a key's host label (or host) holds a pattern (K4); one without matches only itself.
pub fn is_glob(label: &str) -> bool {
    label.contains(['*', '?', '[', '\\'])
}

/// Why a key does not match a lookup string (rule K4), in the order the kubelet checks.
/// Borrowed from the two parsed strings: a lookup against many keys allocates nothing for
/// the keys that do not match.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mismatch<'a> {
    Port { key: &'a str, target: &'a str },
    Host { key: &'a str, target: &'a str },
    LabelCount { key: usize, target: usize },
    PathNotPrefix { key: &'a str, target: &'a str },
    Label { key: &'a str, target: &'a str },
}

impl std::fmt::Display for Mismatch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let port = |p: &str| {
            if p.is_empty() {
                "none".to_owned()
            } else {
                p.to_owned()
            }
        };
        match self {
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

/// `URLsMatch(glob, target)` (K4): equal ports, equal label counts, the target path starts
/// with the key path (a raw, case-sensitive string prefix), each host label glob-matches.
fn check<'a>(glob: &'a MatchUrl, target: &'a MatchUrl) -> Result<(), Mismatch<'a>> {
    if glob.port != target.port {
        return Err(Mismatch::Port {
            key: &glob.port,
            target: &target.port,
        });
    }
    // Without wildcards the label checks below reduce to host equality: say it that way.
    if !is_glob(&glob.host) && glob.host != target.host {
        return Err(Mismatch::Host {
            key: &glob.host,
            target: &target.host,
        });
    }
    let labels = |host: &'a str| host.split('.');
    let (key_count, target_count) = (labels(&glob.host).count(), labels(&target.host).count());
    if key_count != target_count {
        return Err(Mismatch::LabelCount {
            key: key_count,
            target: target_count,
        });
    }
    if !target.path.starts_with(&glob.path) {
        return Err(Mismatch::PathNotPrefix {
            key: &glob.path,
            target: &target.path,
        });
    }
    match labels(&glob.host)
        .zip(labels(&target.host))
        .find(|(g, t)| glob::matches(g, t) != Some(true))
    {
        Some((key, target)) => Err(Mismatch::Label { key, target }),
        None => Ok(()),
    }
}

/// `URLsMatchStr(glob, target)` with the reason it fails, in words; a key or lookup string
/// that does not parse never matches, as in `Lookup`.
pub fn explain_match(glob: &str, target: &str) -> Result<(), String> {
    match (MatchUrl::parse(glob), MatchUrl::parse(target)) {
        (Some(glob), Some(target)) => check(&glob, &target).map_err(|m| m.to_string()),
        _ => Err("the key or the lookup string does not parse".to_owned()),
    }
}

pub fn urls_match(glob: &str, target: &str) -> bool {
    match (MatchUrl::parse(glob), MatchUrl::parse(target)) {
        (Some(glob), Some(target)) => glob.matches(&target),
        _ => false,
    }
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

/// How the kubelet reads several keys and, against a lookup string, which ones it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyReport {
    /// Whether the Docker Hub fallback (K6) applies to the target, when there is one.
    pub default_registry: Option<bool>,
    /// Each key, and whether it matches the target: a key that does not parse never does (K1).
    pub keys: Vec<(ParsedKey, Option<bool>)>,
}

pub fn report(keys: &[String], target: Option<&str>) -> KeyReport {
    KeyReport {
        default_registry: target.map(is_default_registry),
        keys: keys
            .iter()
            .map(|key| {
                let parsed = parse_key(key);
                let matches = target.map(|target| match &parsed.normalized {
                    Ok(index) => urls_match(index, target),
                    Err(_) => false,
                });
                (parsed, matches)
            })
            .collect(),
    }
}

/// `normalizeRegistry`: Docker Hub's aliases.
pub fn normalize_registry(registry: &str) -> &str {
    match registry {
        "docker.io" | "registry-1.docker.io" => "index.docker.io",
        other => other,
    }
}

/// `normalizeAuthFileKey`: a URL-style (or legacy) key becomes registry-wide.
pub fn normalize_auth_file_key(key: &str, legacy: bool) -> &str {
    let stripped = key
        .strip_prefix("http://")
        .or_else(|| key.strip_prefix("https://"));
    let key = match stripped {
        Some(rest) => rest.split('/').next().unwrap_or(rest),
        None if legacy => key.split('/').next().unwrap_or(key),
        None => key,
    };
    normalize_registry(key)
}

/// `ConvertToHostname`: strip a scheme, keep what is before the first `/`.
pub fn convert_to_hostname(key: &str) -> &str {
    let stripped = key
        .strip_prefix("http://")
        .or_else(|| key.strip_prefix("https://"))
        .unwrap_or(key);
    stripped.split('/').next().unwrap_or(stripped)
}

/// containers/image `validateKey`, which `oc registry login` applies to `--registry` (O1),
/// with oc's messages.
pub fn validate_key(key: &str) -> Result<(), Diagnostic> {
    // oc's messages name the key themselves, and it is the argument, not an entry.
    let invalid = |why: &str| Diagnostic::new(Code::InvalidRegistryKey, format!("key {key} {why}"));
    if key.starts_with("http://") || key.starts_with("https://") {
        return Err(invalid("contains http[s]:// prefix"));
    }
    if key.contains('@') {
        return Err(invalid("contains a '@' character"));
    }
    if let Some((_, path)) = key.split_once('/')
        && path.contains(':')
    {
        return Err(invalid("contains a ':' character after host[:port]"));
    }
    Ok(())
}

/// A registry name as policies and `--mirrors` take it: a host, an optional port and path, no
/// scheme, no glob.
pub fn is_registry_name(name: &str) -> bool {
    let parsed = parse_key(name);
    parsed.normalized.is_ok()
        && !parsed.host.is_empty()
        && !name.contains("://")
        && !name.contains(['*', '?', '[', '#', '@'])
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
    fn a_bare_host_name_parses_as_its_url_would() {
        for key in [
            "quay.io",
            "a",
            "Registry-1.Example.COM",
            "1.2.3.4",
            "-.",
            "https",
            "x..y",
        ] {
            assert_eq!(parse_key(key), parse_url_key(key), "{key:?}");
        }
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

    #[test]
    fn url_keys_become_registry_wide() {
        assert_eq!(
            normalize_auth_file_key("https://index.docker.io/v1/", false),
            "index.docker.io"
        );
        assert_eq!(
            normalize_auth_file_key("http://quay.io/ns", false),
            "quay.io"
        );
        assert_eq!(normalize_auth_file_key("quay.io/ns", false), "quay.io/ns");
        assert_eq!(normalize_auth_file_key("quay.io/ns", true), "quay.io");
        assert_eq!(
            normalize_auth_file_key("registry-1.docker.io", false),
            "index.docker.io"
        );
    }

    #[test]
    fn oc_key_validation_messages() {
        assert_eq!(
            validate_key("https://r.io").unwrap_err().message,
            "key https://r.io contains http[s]:// prefix"
        );
        assert_eq!(
            validate_key("q.io/ns/r@sha256:a").unwrap_err().message,
            "key q.io/ns/r@sha256:a contains a '@' character"
        );
        assert_eq!(
            validate_key("q.io/ns/r:tag").unwrap_err().message,
            "key q.io/ns/r:tag contains a ':' character after host[:port]"
        );
        assert!(validate_key("localhost:5000/foo").is_ok());
    }
}
