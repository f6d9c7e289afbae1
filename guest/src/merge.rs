//! Merging and comparing pull secrets entry by entry (`specs/openshift.md` §h). Entries are
//! kept or replaced whole, never deep-merged: a deep merge would leave a stale
//! `identitytoken` beside a new `auth`.

use crate::authfile::{self, AuthFile, RawEntry};
use crate::diagnostic::{Code, Diagnostic, Error};
use crate::document::DockerConfig;
use crate::json::{self, Kind};

/// Which side wins a key present in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    /// The base wins: HyperShift's global pull secret (the HostedCluster's original wins).
    Base,
    /// The overlay wins, later overlays over earlier ones.
    Overlay,
}

/// A key present on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: String,
    pub winner: Prefer,
    /// Whether the two entries send different credentials (not only another email).
    pub credentials_differ: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub bytes: Vec<u8>,
    pub conflicts: Vec<Conflict>,
    pub notes: Vec<Diagnostic>,
}

/// An entry's raw JSON, compacted as Go's `json.Marshal` writes a `RawMessage`.
struct RawJson(String);

/// Go's `json.Compact` (`escape_html: false`) or the compaction `json.Marshal` applies to a
/// `RawMessage` (`escape_html: true`).
fn compact(bytes: &[u8], escape_html: bool) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            match c {
                '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if escape_html => {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                }
                _ => out.push(c),
            }
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The registry entries of a config as raw JSON, a repeated key keeping its last value.
fn raw_entries(config: &DockerConfig) -> Vec<(String, RawJson)> {
    let map = config.root.members_named("auths").last().map(|m| &m.value);
    let mut entries: Vec<(String, RawJson)> = Vec::new();
    if let Some(Kind::Object(members)) = map.map(|m| &m.kind) {
        for m in members {
            entries.retain(|(k, _)| k != &m.name);
            let raw = compact(&config.payload()[m.value.offset..m.value.end], true);
            entries.push((m.name.clone(), RawJson(raw)));
        }
    }
    entries
}

/// What a consumer sends for an entry: `auth` decoded when it decodes, else the plain fields.
fn credential(entry: &RawEntry) -> (String, String, String) {
    let decoded = crate::base64::decode(entry.auth.as_bytes(), crate::base64::Padding::Required)
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

fn decoded(config: &DockerConfig) -> Result<AuthFile, Error> {
    authfile::decode_auth_file(config, authfile::Consumer::Docker)
        .map_err(|d| Error::from(d.at_source(&config.source)))
}

fn entry<'a>(file: &'a AuthFile, key: &str) -> Option<&'a RawEntry> {
    file.auths
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, e)| e)
}

/// Merges `overlays` into `base`. The output is `{"auths": ...}` compact with sorted keys and
/// entries as written, as HyperShift writes its global pull secret; other top-level members
/// are dropped and reported.
pub fn merge(
    base: &DockerConfig,
    overlays: &[&DockerConfig],
    prefer: Prefer,
) -> Result<Merged, Error> {
    let mut merged = raw_entries(base);
    let mut files = vec![decoded(base)?];
    let mut conflicts = Vec::new();
    let mut notes = Vec::new();
    for config in std::iter::once(&base).chain(overlays) {
        if let Kind::Object(members) = &config.root.kind {
            for m in members
                .iter()
                .filter(|m| !m.name.eq_ignore_ascii_case("auths"))
            {
                notes.push(
                    Diagnostic::warning(
                        Code::MemberDropped,
                        format!(
                            "top-level member {:?} is not kept in the merged file",
                            m.name
                        ),
                    )
                    .at_source(&config.source),
                );
            }
        }
    }
    for overlay in overlays {
        let file = decoded(overlay)?;
        for (key, raw) in raw_entries(overlay) {
            match merged.iter().position(|(k, _)| *k == key) {
                None => merged.push((key, raw)),
                Some(i) => {
                    let theirs = entry(&file, &key).map(credential);
                    let ours = files
                        .iter()
                        .rev()
                        .find_map(|f| entry(f, &key))
                        .map(credential);
                    conflicts.push(Conflict {
                        key: key.clone(),
                        winner: prefer,
                        credentials_differ: theirs != ours,
                    });
                    if prefer == Prefer::Overlay {
                        merged[i] = (key, raw);
                    }
                }
            }
        }
        files.push(file);
    }
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    let body: Vec<String> = merged
        .iter()
        .map(|(k, RawJson(raw))| format!("{}:{raw}", json::quote(k)))
        .collect();
    Ok(Merged {
        bytes: format!("{{\"auths\":{{{}}}}}", body.join(",")).into_bytes(),
        conflicts,
        notes,
    })
}

/// What the Machine Config Operator writes to `/var/lib/kubelet/config.json` from the global
/// pull secret (`specs/openshift.md` §h): `json.Compact` of the payload plus a newline, key
/// order and every entry field kept.
pub fn node_config(config: &DockerConfig) -> Result<Vec<u8>, Error> {
    if let Some(secret) = &config.secret
        && secret.secret_type != "kubernetes.io/dockerconfigjson"
    {
        let message = format!(
            "expected secret type kubernetes.io/dockerconfigjson found {}",
            secret.secret_type
        );
        return Err(Diagnostic::error(Code::WrongSecretType, message).into());
    }
    let mut out = compact(config.payload(), false);
    out.push('\n');
    Ok(out.into_bytes())
}

/// How an entry changed between two versions of a pull secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    /// The fields that changed: `user`, `password`, `token`, `email`, `other`.
    Changed(Vec<&'static str>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub kind: ChangeKind,
}

/// The registry Telemetry and Insights authenticate with.
const TELEMETRY_KEY: &str = "cloud.openshift.com";

/// Entry-by-entry differences, in old file order then new additions, and warnings about the
/// changes that silently stop cluster features.
pub fn diff(
    old: &DockerConfig,
    new: &DockerConfig,
) -> Result<(Vec<Change>, Vec<Diagnostic>), Error> {
    let (old_file, new_file) = (decoded(old)?, decoded(new)?);
    let (old_raw, new_raw) = (raw_entries(old), raw_entries(new));
    let mut changes = Vec::new();
    for (key, RawJson(before)) in &old_raw {
        match new_raw.iter().find(|(k, _)| k == key) {
            None => changes.push(Change {
                key: key.clone(),
                kind: ChangeKind::Removed,
            }),
            Some((_, RawJson(after))) if after != before => {
                let (a, b) = (entry(&old_file, key), entry(&new_file, key));
                let (ca, cb) = (a.map(credential), b.map(credential));
                let mut fields = Vec::new();
                if ca.as_ref().map(|c| &c.0) != cb.as_ref().map(|c| &c.0) {
                    fields.push("user");
                }
                if ca.as_ref().map(|c| &c.1) != cb.as_ref().map(|c| &c.1) {
                    fields.push("password");
                }
                if ca.as_ref().map(|c| &c.2) != cb.as_ref().map(|c| &c.2) {
                    fields.push("token");
                }
                if a.map(|e| &e.email) != b.map(|e| &e.email) {
                    fields.push("email");
                }
                if fields.is_empty() {
                    fields.push("other");
                }
                changes.push(Change {
                    key: key.clone(),
                    kind: ChangeKind::Changed(fields),
                });
            }
            Some(_) => {}
        }
    }
    for (key, _) in &new_raw {
        if !old_raw.iter().any(|(k, _)| k == key) {
            changes.push(Change {
                key: key.clone(),
                kind: ChangeKind::Added,
            });
        }
    }
    let mut warnings = Vec::new();
    for change in changes.iter().filter(|c| c.key == TELEMETRY_KEY) {
        let message = match &change.kind {
            ChangeKind::Removed => {
                "the cloud.openshift.com entry is removed: the cluster stops reporting Telemetry and Insights (this opts out of remote health reporting)"
            }
            ChangeKind::Changed(f)
                if f.iter()
                    .any(|f| matches!(*f, "user" | "password" | "token")) =>
            {
                "the cloud.openshift.com credential changes: unless the cluster's ownership transfer was started in OpenShift Cluster Manager first, Telemetry stops for this cluster"
            }
            _ => continue,
        };
        warnings.push(Diagnostic::warning(Code::TelemetryEntryChanged, message).key(TELEMETRY_KEY));
    }
    Ok((changes, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    fn config(source: &str, json: &str) -> DockerConfig {
        document::parse(source, json.as_bytes(), None)
            .unwrap()
            .configs
            .remove(0)
    }

    #[test]
    fn compaction_escapes_html_like_go() {
        assert_eq!(
            compact(b"{ \"a\" : \"<x> & y\\\" z\" }", true),
            r#"{"a":"\u003cx\u003e \u0026 y\" z"}"#
        );
    }

    #[test]
    fn overlay_wins_whole_entries() {
        let base = config(
            "b",
            r#"{"auths":{"q.io":{"auth":"YTpi","identitytoken":"old"}}}"#,
        );
        let overlay = config("o", r#"{"auths":{"q.io":{"auth":"Yzpk"}}}"#);
        let m = merge(&base, &[&overlay], Prefer::Overlay).unwrap();
        assert_eq!(
            String::from_utf8(m.bytes).unwrap(),
            r#"{"auths":{"q.io":{"auth":"Yzpk"}}}"#
        );
        assert!(m.conflicts[0].credentials_differ);
    }

    #[test]
    fn email_only_change_is_not_a_credential_change() {
        let old = config(
            "o",
            r#"{"auths":{"cloud.openshift.com":{"auth":"YTpi","email":"a@b"}}}"#,
        );
        let new = config(
            "n",
            r#"{"auths":{"cloud.openshift.com":{"auth":"YTpi","email":"c@d"}}}"#,
        );
        let (changes, warnings) = diff(&old, &new).unwrap();
        assert_eq!(changes[0].kind, ChangeKind::Changed(vec!["email"]));
        assert!(warnings.is_empty());
    }
}
