//! The one credential containers/image (CRI-O, podman, skopeo, buildah) picks from auth
//! files (containers/image `pkg/docker/config/config.go`): files in order (rule C2), a
//! credential helper first (C4), then the most specific exact key (C5), then keys that
//! normalize to the registry (C6), no wildcards (C7).

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::go::base64::{self, Padding};
use crate::input::authfile::{AuthFile, RawEntry, Reader};
use crate::input::config::DockerConfig;
use crate::input::key::{normalize_auth_file_key, normalize_registry};
use crate::input::reference;
use crate::input::registry_map::Format;

use super::answer::{Answer, Credential, Semantics, search_files};

const SEMANTICS: Semantics = Semantics::Containers;

/// `authKeyLookupOrder`: the repository, then each parent namespace, then the registry.
fn lookup_order(lookup: &str, registry: &str, legacy: bool) -> Vec<String> {
    if legacy {
        return vec![registry.to_owned()];
    }
    reference::parents(lookup)
}

/// `decodeDockerAuth` (C8): padded standard base64; no colon gives empty credentials and
/// drops the identity token; `\0` is trimmed from the password.
fn decode_containers_auth(
    config: &DockerConfig,
    key: &str,
    normalized: &str,
    entry: &RawEntry,
) -> Result<Credential, Diagnostic> {
    let decoded = base64::decode(entry.auth.as_bytes(), Padding::Required).map_err(|e| {
        Diagnostic::new(
            Code::AuthNotBase64,
            format!("field \"auth\" is not valid base64 (illegal data at input byte {}); containers/image fails the lookup", e.offset),
        )
        .key(key)
        .rule(Rule::C8)
    })?;
    let decoded = String::from_utf8_lossy(&decoded);
    Ok(match decoded.split_once(':') {
        Some((user, password)) => Credential::new(
            config,
            key,
            normalized,
            user.to_owned(),
            password.trim_matches('\0').to_owned(),
            entry,
            entry.identity_token.clone(),
        ),
        None => Credential::new(
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

/// `GetCredentialsForRef` with the default `containers-auth.json` helper, for `lookup` (an
/// image name after rule N1, C1): the first file that yields a non-empty credential wins; an
/// error (or a helper) ends the search.
pub fn select(configs: &[&DockerConfig], lookup: &str) -> Result<Answer, Diagnostic> {
    search_files(
        SEMANTICS,
        Reader::Containers,
        configs,
        lookup,
        |answer, config, file| in_file(answer, config, file, lookup),
    )
}

/// One file of the search (C4–C8): who answered, if anyone did.
fn in_file(
    answer: &mut Answer,
    config: &DockerConfig,
    file: &AuthFile,
    lookup: &str,
) -> Result<Option<String>, Diagnostic> {
    let registry = lookup.split('/').next().unwrap_or(lookup);
    let wanted = normalize_registry(registry);
    let mut answered = None;
    if let Some(helper) = file.helper(registry) {
        answer.helper = Some(helper.to_owned());
        let why = format!("not consulted: credHelpers sends {registry} to helper {helper:?} first");
        answer.verdict_all(config, &why);
        return Ok(Some(format!("credential helper {helper:?}")));
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
            if found.is_empty() {
                answer.verdict(&config.source, key, None, format!("blocks: {how}, but it decodes to no credential, so less specific keys in this file are never used"));
                answer.notes.push(
                    Diagnostic::new(
                        Code::EmptyEntryBlocks,
                        "decodes to no credential and hides less specific keys in its file",
                    )
                    .key(key.clone())
                    .at_source(&config.source),
                );
            } else {
                answer.verdict(&config.source, key, Some(1), format!("yes: {how}"));
                answered = Some(config.source.clone());
                answer.credentials = vec![found];
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
        } else if key.contains(['*', '?', '[']) {
            "no: containers/image has no wildcards in auth files".to_owned()
        } else {
            format!(
                "no: not one of the keys looked up ({looked_up}) and does not normalize to {wanted}"
            )
        };
        answer.verdict(&config.source, key, None, reason);
    }
    Ok(answered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document::config;

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
        let config = config(
            "a",
            r#"{"auths":{"quay.io":{"auth":"dTpw","email":false,"username":1}},"credsStore":7}"#,
        );
        let picked = select(&[&config], "quay.io/x").unwrap();
        assert_eq!(picked.credentials[0].username, "u");
        assert!(super::super::docker::select(&[&config], "quay.io/x").is_err());
    }

    #[test]
    fn a_broken_file_after_the_answer_is_never_read() {
        let good = config("a", r#"{"auths":{"quay.io":{"auth":"dTpw"}}}"#);
        let broken = config("b", r#"{"auths":{"quay.io":{"auth":123}}}"#);
        type Select = fn(&[&DockerConfig], &str) -> Result<Answer, Diagnostic>;
        for select in [select as Select, super::super::docker::select] {
            let s = select(&[&good, &broken], "quay.io/x").unwrap();
            assert_eq!(s.credentials[0].username, "u");
            assert!(select(&[&broken, &good], "quay.io/x").is_err());
        }
    }

    #[test]
    fn every_auths_map_is_searched() {
        let both = config(
            "a",
            r#"{"auths":{"quay.io":{"auth":"dTpw"}},"Auths":{"docker.io":{"auth":"eDp5"}}}"#,
        );
        assert_eq!(
            select(&[&both], "quay.io/x").unwrap().credentials[0].username,
            "u"
        );
        let hub = select(&[&both], "docker.io/library/x").unwrap();
        assert_eq!(hub.credentials[0].username, "x");
    }
}
