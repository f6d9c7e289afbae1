//! The one credential that containers/image (CRI-O, podman, skopeo) or the docker CLI picks
//! from auth files (`specs/containers.md`). Unlike the kubelet these consumers decode only the
//! fields they know, pick a single entry, and search the files in order.

use crate::base64::{self, Padding};
use crate::diagnostic::{Code, Diagnostic};
use crate::dockercfg::Format;
use crate::document::DockerConfig;
use crate::json::{Kind, Value};
use crate::keyring::Credential;
use crate::lint;
use crate::reference;

/// Which auth-file consumer answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consumer {
    /// containers/image `pkg/docker/config` (CRI-O, podman, skopeo, buildah).
    Containers,
    /// The docker CLI's file store (`cli/config/configfile`), as docker 28 behaves.
    Docker,
}

/// What a consumer picks for one image.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub credential: Option<Credential>,
    /// A credential helper the consumer would run (we run none); with `Containers` its answer
    /// is final for that file, with `Docker` the file entry below is still sent if it fails.
    pub helper: Option<String>,
    /// Why an entry or a file was passed over (never quoting a secret).
    pub notes: Vec<Diagnostic>,
    /// Every entry of every file with the consumer's verdict on it, in file order.
    pub verdicts: Vec<Verdict>,
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

impl Selection {
    fn verdict(&mut self, config: &DockerConfig, key: &str, rank: Option<u32>, reason: String) {
        self.verdicts.push(Verdict {
            key: key.to_owned(),
            source: config.source.clone(),
            rank,
            reason,
        });
    }

    /// Every entry of a file that the search never reached.
    fn not_reached(&mut self, config: &DockerConfig, file: &AuthFile, why: &str) {
        for (key, _) in &file.auths {
            self.verdict(config, key, None, why.to_owned());
        }
    }
}

fn has_glob(key: &str) -> bool {
    key.contains(['*', '?', '['])
}

/// The fields containers/image and docker read from one entry.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawEntry {
    pub(crate) auth: String,
    pub(crate) identity_token: String,
    pub(crate) username: String,
    pub(crate) password: String,
    pub(crate) email: String,
}

/// An auth file as these consumers decode it: Go `encoding/json` into their own structs,
/// so a wrong type anywhere fails the file, but only the fields they know are checked.
#[derive(Debug, Default)]
pub(crate) struct AuthFile {
    /// Entries in file order, a repeated key keeping its last value.
    pub(crate) auths: Vec<(String, RawEntry)>,
    pub(crate) cred_helpers: Vec<(String, String)>,
    pub(crate) creds_store: String,
}

impl AuthFile {
    fn entry(&self, key: &str) -> Option<&RawEntry> {
        self.auths.iter().find(|(k, _)| k == key).map(|(_, e)| e)
    }

    fn helper(&self, registry: &str) -> Option<&str> {
        self.cred_helpers
            .iter()
            .rev()
            .find(|(r, _)| r == registry)
            .map(|(_, h)| h.as_str())
    }
}

fn type_error(config: &DockerConfig, value: &Value, what: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(
        Code::WrongJsonType,
        format!("{what} must be {expected}, not {}", value.kind.type_name()),
    )
    .at(config.locate(value.offset))
}

fn string_field(
    config: &DockerConfig,
    object: &Value,
    name: &str,
    what: &str,
) -> Result<Option<String>, Diagnostic> {
    let mut found = None;
    for member in object.members_named(name) {
        match &member.value.kind {
            Kind::Null => {}
            Kind::String(s) => found = Some(s.clone()),
            _ => {
                let what = format!("{what}: field {name:?}");
                return Err(type_error(config, &member.value, &what, "a string"));
            }
        }
    }
    Ok(found)
}

/// containers/image's structs hold only `auth`, `identitytoken` and `credHelpers` (§1.4), so
/// other members are never type-checked; docker's hold every field.
pub(crate) fn decode_auth_file(
    config: &DockerConfig,
    consumer: Consumer,
) -> Result<AuthFile, Diagnostic> {
    let reads =
        |name: &str| consumer == Consumer::Docker || matches!(name, "auth" | "identitytoken");
    let root = &config.root;
    let mut file = AuthFile::default();
    match &root.kind {
        Kind::Null => return Ok(file),
        Kind::Object(_) => {}
        _ => return Err(type_error(config, root, "the auth file", "a JSON object")),
    }
    let mut maps: Vec<&Value> = Vec::new();
    match config.format {
        Format::DockerCfg => maps.push(root),
        Format::DockerConfigJson => {
            for member in root.members_named("auths") {
                if member.value.kind == Kind::Null {
                    maps.clear();
                } else {
                    maps.push(&member.value);
                }
            }
            for member in root.members_named("credHelpers") {
                match &member.value.kind {
                    Kind::Null => file.cred_helpers.clear(),
                    Kind::Object(helpers) => {
                        for h in helpers {
                            match &h.value.kind {
                                Kind::String(s) => {
                                    file.cred_helpers.push((h.name.clone(), s.clone()))
                                }
                                Kind::Null => {}
                                _ => {
                                    let what = format!("credHelpers {:?}", h.name);
                                    return Err(type_error(config, &h.value, &what, "a string"));
                                }
                            }
                        }
                    }
                    _ => {
                        return Err(type_error(
                            config,
                            &member.value,
                            "\"credHelpers\"",
                            "an object",
                        ));
                    }
                }
            }
            if reads("credsStore") {
                file.creds_store =
                    string_field(config, root, "credsStore", "the auth file")?.unwrap_or_default();
            }
        }
    }
    for map in maps {
        let Kind::Object(members) = &map.kind else {
            return Err(type_error(config, map, "\"auths\"", "a JSON object"));
        };
        for member in members {
            let what = format!("entry {:?}", member.name);
            let entry = match &member.value.kind {
                Kind::Null => RawEntry::default(),
                Kind::Object(_) => {
                    let v = &member.value;
                    let field = |name: &str| {
                        if !reads(name) {
                            return Ok(String::new());
                        }
                        string_field(config, v, name, &what).map(Option::unwrap_or_default)
                    };
                    RawEntry {
                        auth: field("auth")?,
                        identity_token: field("identitytoken")?,
                        username: field("username")?,
                        password: field("password")?,
                        email: field("email")?,
                    }
                }
                _ => return Err(type_error(config, &member.value, &what, "a JSON object")),
            };
            file.auths.retain(|(k, _)| k != &member.name);
            file.auths.push((member.name.clone(), entry));
        }
    }
    Ok(file)
}

/// `normalizeRegistry`: Docker Hub's aliases.
pub(crate) fn normalize_registry(registry: &str) -> &str {
    match registry {
        "docker.io" | "registry-1.docker.io" => "index.docker.io",
        other => other,
    }
}

/// `normalizeAuthFileKey`: a URL-style (or legacy) key becomes registry-wide.
pub(crate) fn normalize_auth_file_key(key: &str, legacy: bool) -> &str {
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

/// `authKeyLookupOrder`: the repository, then each parent namespace, then the registry.
fn lookup_order(lookup: &str, registry: &str, legacy: bool) -> Vec<String> {
    if legacy {
        return vec![registry.to_owned()];
    }
    reference::parents(lookup)
}

fn credential(
    config: &DockerConfig,
    key: &str,
    normalized: &str,
    user: String,
    password: String,
    entry: &RawEntry,
    token: String,
) -> Credential {
    Credential {
        key: key.to_owned(),
        normalized: normalized.to_owned(),
        username: user,
        password,
        email: entry.email.clone(),
        identity_token: token,
        source: config.source.clone(),
    }
}

/// `decodeDockerAuth`: padded standard base64; no colon gives empty credentials and drops
/// the identity token; `\0` is trimmed from the password.
fn decode_containers_auth(
    config: &DockerConfig,
    key: &str,
    normalized: &str,
    entry: &RawEntry,
) -> Result<Credential, Diagnostic> {
    let decoded = base64::decode(entry.auth.as_bytes(), Padding::Required).map_err(|e| {
        Diagnostic::error(
            Code::AuthNotBase64,
            format!("entry {key:?}: field \"auth\" is not valid base64 (illegal data at input byte {}); containers/image fails the lookup", e.offset),
        )
        .key(key)
    })?;
    let decoded = String::from_utf8_lossy(&decoded);
    Ok(match decoded.split_once(':') {
        Some((user, password)) => credential(
            config,
            key,
            normalized,
            user.to_owned(),
            password.trim_matches('\0').to_owned(),
            entry,
            entry.identity_token.clone(),
        ),
        None => credential(
            config,
            key,
            normalized,
            String::new(),
            String::new(),
            entry,
            String::new(),
        ),
    })
}

fn is_empty(c: &Credential) -> bool {
    c.username.is_empty() && c.password.is_empty() && c.identity_token.is_empty()
}

/// `GetCredentialsForRef` with the default `containers-auth.json` helper: the first file that
/// yields a non-empty credential wins; an error (or a helper) ends the search.
fn select_containers(configs: &[&DockerConfig], lookup: &str) -> Result<Selection, Diagnostic> {
    let registry = lookup.split('/').next().unwrap_or(lookup);
    let wanted = normalize_registry(registry);
    let mut selection = Selection::default();
    let mut answered: Option<String> = None;
    for config in configs {
        // A broken file fails the search only if the search reaches it (spec §1.3).
        if let Some(by) = &answered {
            if let Ok(file) = decode_auth_file(config, Consumer::Containers) {
                selection.not_reached(config, &file, &format!("not reached: {by} answered first"));
            }
            continue;
        }
        let file = decode_auth_file(config, Consumer::Containers)
            .map_err(|d| d.at_source(&config.source))?;
        if let Some(helper) = file.helper(registry) {
            selection.helper = Some(helper.to_owned());
            let why =
                format!("not consulted: credHelpers sends {registry} to helper {helper:?} first");
            selection.not_reached(config, &file, &why);
            answered = Some(format!("credential helper {helper:?}"));
            continue;
        }
        let legacy = config.format == Format::DockerCfg;
        let order = lookup_order(lookup, registry, legacy);
        let exact = order.iter().find(|key| file.entry(key).is_some()).cloned();
        // Go iterates a map for the fallback, so with two candidates the winner is random;
        // we take the first in file order.
        let fallback = match exact {
            Some(_) => None,
            None => file
                .auths
                .iter()
                .find(|(k, _)| normalize_auth_file_key(k, legacy) == wanted)
                .map(|(k, _)| k.clone()),
        };
        let chosen = exact.clone().or(fallback.clone());
        let looked_up = order.join(", ");
        for (key, entry) in &file.auths {
            if Some(key) == chosen.as_ref() {
                let normalized = if exact.is_some() {
                    key.as_str()
                } else {
                    wanted
                };
                let found = decode_containers_auth(config, key, normalized, entry)
                    .map_err(|d| d.at_source(&config.source))?;
                let how = if exact.is_some() {
                    format!("exact key, the first that exists of {looked_up}")
                } else {
                    format!("no exact key exists; this key normalizes to {wanted}")
                };
                if is_empty(&found) {
                    selection.verdict(config, key, None, format!("blocks: {how}, but it decodes to no credential, so less specific keys in this file are never used"));
                    selection.notes.push(
                        Diagnostic::warning(
                            Code::EmptyEntryBlocks,
                            format!("entry {key:?} decodes to no credential and hides less specific keys in its file"),
                        )
                        .key(key.clone())
                        .at_source(&config.source),
                    );
                } else {
                    selection.verdict(config, key, Some(1), format!("yes: {how}"));
                    answered = Some(config.source.clone());
                    selection.credential = Some(found);
                }
                continue;
            }
            let reason = if let (true, Some(winner)) = (order.contains(key), &exact) {
                format!("no: shadowed by the more specific key {winner:?}")
            } else if normalize_auth_file_key(key, legacy) == wanted {
                match &chosen {
                    Some(winner) if exact.is_some() => format!(
                        "no: normalizes to {wanted}, but that fallback applies only when no exact key exists ({winner:?} does)"
                    ),
                    Some(winner) => format!(
                        "no: {winner:?} also normalizes to {wanted} and came first (containers/image picks one at random)"
                    ),
                    None => format!("no: normalizes to {wanted}"),
                }
            } else if has_glob(key) {
                "no: containers/image has no wildcards in auth files".to_owned()
            } else {
                format!(
                    "no: not one of the keys looked up ({looked_up}) and does not normalize to {wanted}"
                )
            };
            selection.verdict(config, key, None, reason);
        }
    }
    Ok(selection)
}

/// `ConvertToHostname`: strip a scheme, keep what is before the first `/`.
pub(crate) fn convert_to_hostname(key: &str) -> &str {
    let stripped = key
        .strip_prefix("http://")
        .or_else(|| key.strip_prefix("https://"))
        .unwrap_or(key);
    stripped.split('/').next().unwrap_or(stripped)
}

/// The docker CLI decodes every entry when it loads the file; one bad entry makes the load
/// fail, and the CLI goes on with nothing decoded.
fn decode_docker_entry(key: &str, entry: &RawEntry) -> Result<(String, String), Diagnostic> {
    if entry.auth.is_empty() {
        return Ok((entry.username.clone(), entry.password.clone()));
    }
    let bad = |why: &str| {
        Diagnostic::warning(
            Code::DockerConfigUnloadable,
            format!("entry {key:?}: field \"auth\" {why}; the docker CLI then ignores every entry of the file"),
        )
        .key(key)
    };
    let decoded = base64::decode(entry.auth.as_bytes(), Padding::Required)
        .map_err(|_| bad("is not valid base64"))?;
    let decoded = String::from_utf8_lossy(&decoded);
    let (user, password) = decoded
        .split_once(':')
        .ok_or_else(|| bad("does not decode to user:password"))?;
    if user.is_empty() {
        return Err(bad("decodes to an empty user name"));
    }
    Ok((user.to_owned(), password.trim_matches('\0').to_owned()))
}

/// The docker CLI: the registry host only (Hub as `https://index.docker.io/v1/`), exact key
/// first, else the first key whose host is that registry; helpers are named but the file
/// entry is still what a failing helper leaves.
fn select_docker(configs: &[&DockerConfig], lookup: &str) -> Result<Selection, Diagnostic> {
    let registry = lookup.split('/').next().unwrap_or(lookup);
    let server = match registry {
        "docker.io" | "index.docker.io" => "https://index.docker.io/v1/",
        other => other,
    };
    let mut selection = Selection::default();
    let mut answered: Option<String> = None;
    for config in configs {
        // A broken file fails the search only if the search reaches it (spec §1.3).
        if let Some(by) = &answered {
            if let Ok(file) = decode_auth_file(config, Consumer::Docker) {
                selection.not_reached(config, &file, &format!("not reached: {by} answered first"));
            }
            continue;
        }
        let file =
            decode_auth_file(config, Consumer::Docker).map_err(|d| d.at_source(&config.source))?;
        if selection.helper.is_none() {
            let store = Some(file.creds_store.as_str()).filter(|s| !s.is_empty());
            selection.helper = file.helper(server).or(store).map(str::to_owned);
        }
        let decoded: Result<Vec<_>, Diagnostic> = file
            .auths
            .iter()
            .map(|(key, entry)| decode_docker_entry(key, entry).map(|pair| (key, entry, pair)))
            .collect();
        let decoded = match decoded {
            Ok(decoded) => decoded,
            Err(d) => {
                let why = format!(
                    "no: the file does not load ({}), so the docker CLI uses none of its entries",
                    d.message
                );
                selection.not_reached(config, &file, &why);
                selection.notes.push(d.at_source(&config.source));
                continue;
            }
        };
        let chosen = decoded
            .iter()
            .find(|(k, _, _)| k.as_str() == server)
            .or_else(|| {
                decoded
                    .iter()
                    .find(|(k, _, _)| convert_to_hostname(k) == server)
            });
        let mut winner = None;
        if let Some((key, entry, (user, password))) = chosen {
            let c = credential(
                config,
                key,
                server,
                user.clone(),
                password.clone(),
                entry,
                entry.identity_token.clone(),
            );
            if !is_empty(&c) {
                winner = Some(key.as_str());
                answered = Some(config.source.clone());
                selection.credential = Some(c);
            }
        }
        for (key, _, _) in &decoded {
            let host = convert_to_hostname(key);
            let (rank, reason) = if Some(key.as_str()) == winner {
                let how = if key.as_str() == server {
                    "exact key"
                } else {
                    "its host is the registry's"
                };
                (
                    Some(1),
                    format!("yes: {how}; the docker CLI looks up {server} only, never a namespace"),
                )
            } else if Some(*key) == chosen.map(|(k, _, _)| *k) {
                (None, "no: selected, but it holds no credential".to_owned())
            } else if host == server {
                (
                    None,
                    format!(
                        "no: {:?} came first for host {server}",
                        winner.unwrap_or_default()
                    ),
                )
            } else if server.starts_with("https://")
                && normalize_registry(host) == "index.docker.io"
            {
                (
                    None,
                    format!("no: for Docker Hub the docker CLI uses only the exact key {server}"),
                )
            } else {
                (None, format!("no: host {host} is not {server}"))
            };
            selection.verdict(config, key, rank, reason);
        }
    }
    Ok(selection)
}

/// The credential `consumer` picks for `lookup` (an image name after rule N1), searching
/// `configs` in order.
pub fn select(
    consumer: Consumer,
    configs: &[&DockerConfig],
    lookup: &str,
) -> Result<Selection, Diagnostic> {
    let mut selection = match consumer {
        Consumer::Containers => select_containers(configs, lookup),
        Consumer::Docker => select_docker(configs, lookup),
    }?;
    if let Some(credential) = &selection.credential {
        let pitfalls: Vec<Diagnostic> = configs
            .iter()
            .filter(|c| c.source == credential.source)
            .flat_map(|c| lint::warnings(c).iter().cloned())
            .collect();
        let about = lint::about(&pitfalls, std::slice::from_ref(credential));
        selection.notes.extend(about);
    }
    Ok(selection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_order_goes_from_repository_to_registry() {
        assert_eq!(
            lookup_order("quay.io/a/b/img", "quay.io", false),
            ["quay.io/a/b/img", "quay.io/a/b", "quay.io/a", "quay.io"]
        );
        assert_eq!(lookup_order("quay.io/a", "quay.io", true), ["quay.io"]);
    }

    #[test]
    fn containers_image_never_reads_the_docker_only_fields() {
        let config = crate::document::parse(
            "a",
            br#"{"auths":{"quay.io":{"auth":"dTpw","email":false,"username":1}},"credsStore":7}"#,
            None,
        )
        .unwrap()
        .configs
        .remove(0);
        let picked = select(Consumer::Containers, &[&config], "quay.io/x").unwrap();
        assert_eq!(picked.credential.unwrap().username, "u");
        assert!(select(Consumer::Docker, &[&config], "quay.io/x").is_err());
    }

    #[test]
    fn a_broken_file_after_the_answer_is_never_read() {
        let parse = |source: &str, json: &str| {
            crate::document::parse(source, json.as_bytes(), None)
                .unwrap()
                .configs
                .remove(0)
        };
        let good = parse("a", r#"{"auths":{"quay.io":{"auth":"dTpw"}}}"#);
        let broken = parse("b", r#"{"auths":{"quay.io":{"auth":123}}}"#);
        for consumer in [Consumer::Containers, Consumer::Docker] {
            let s = select(consumer, &[&good, &broken], "quay.io/x").unwrap();
            assert_eq!(s.credential.unwrap().username, "u");
            assert!(select(consumer, &[&broken, &good], "quay.io/x").is_err());
        }
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
}
