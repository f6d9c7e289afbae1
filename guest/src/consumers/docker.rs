//! The one credential the docker CLI picks from its config file (docker/cli
//! `cli/config/configfile`, `cli/config/credentials`), as docker 28 behaves: the registry
//! host only (rule D1), the exact key else the first key with that host (D2), helpers
//! (D3), every entry decoded when the file loads (D4).

use crate::diagnostic::{Code, Diagnostic};
use crate::go::base64::{self, Padding};
use crate::input::authfile::{AuthFile, RawEntry, Reader};
use crate::input::config::DockerConfig;
use crate::input::key::{DOCKER_CLI_HUB_KEY, convert_to_hostname, normalize_registry};

use super::answer::{Answer, Credential, Semantics, search_files};

const SEMANTICS: Semantics = Semantics::Docker;

/// The docker CLI decodes every entry when it loads the file; one bad entry makes the load
/// fail, and the CLI goes on with nothing decoded.
fn decode_docker_entry(key: &str, entry: &RawEntry) -> Result<(String, String), Diagnostic> {
    if entry.auth.is_empty() {
        return Ok((entry.username.clone(), entry.password.clone()));
    }
    let bad = |why: &str| {
        Diagnostic::new(
            Code::DockerConfigUnloadable,
            format!("field \"auth\" {why}; the docker CLI then ignores every entry of the file"),
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
pub fn select(configs: &[&DockerConfig], lookup: &str) -> Result<Answer, Diagnostic> {
    search_files(
        SEMANTICS,
        Reader::Docker,
        configs,
        lookup,
        |answer, config, file| Ok(in_file(answer, config, file, lookup)),
    )
}

/// One file of the search: who answered, if anyone did.
fn in_file(
    answer: &mut Answer,
    config: &DockerConfig,
    file: &AuthFile,
    lookup: &str,
) -> Option<String> {
    let registry = lookup.split('/').next().unwrap_or(lookup);
    let server = match registry {
        "docker.io" | "index.docker.io" => DOCKER_CLI_HUB_KEY,
        other => other,
    };
    let mut answered = None;
    if answer.helper.is_none() {
        let store = Some(file.creds_store.as_str()).filter(|s| !s.is_empty());
        answer.helper = file.helper(server).or(store).map(str::to_owned);
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
            answer.verdict_all(config, &why);
            answer.notes.push(d.at_source(&config.source));
            return None;
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
        let c = Credential::new(
            config,
            key,
            server,
            user.clone(),
            password.clone(),
            entry,
            entry.identity_token.clone(),
        );
        if !c.is_empty() {
            winner = Some(key.as_str());
            answered = Some(config.source.clone());
            answer.credentials = vec![c];
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
        } else if server.starts_with("https://") && normalize_registry(host) == "index.docker.io" {
            (
                None,
                format!("no: for Docker Hub the docker CLI uses only the exact key {server}"),
            )
        } else {
            (None, format!("no: host {host} is not {server}"))
        };
        answer.verdict(&config.source, key, rank, reason);
    }
    answered
}
