//! `diff`: what changed between two versions of a pull secret, entry by entry and field by
//! field, never the secrets themselves, with warnings about changes that silently stop
//! cluster features (rule O8).

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::input::config::DockerConfig;

use super::entries::{credential, decoded, first_by_key, raw_entries};

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
    let (old_keys, new_keys) = (first_by_key(&old_raw), first_by_key(&new_raw));
    let (old_entries, new_entries) = (first_by_key(&old_file.auths), first_by_key(&new_file.auths));
    let mut changes = Vec::new();
    for (key, before) in &old_raw {
        match new_keys.get(key.as_str()) {
            None => changes.push(Change {
                key: key.clone(),
                kind: ChangeKind::Removed,
            }),
            Some(after) if after != before => {
                let (a, b) = (old_entries.get(key.as_str()), new_entries.get(key.as_str()));
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
        if !old_keys.contains_key(key.as_str()) {
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
                "the entry is removed: the cluster stops reporting Telemetry and Insights (this opts out of remote health reporting)"
            }
            ChangeKind::Changed(f)
                if f.iter()
                    .any(|f| matches!(*f, "user" | "password" | "token")) =>
            {
                "its credential changes: unless the cluster's ownership transfer was started in OpenShift Cluster Manager first, Telemetry stops for this cluster"
            }
            _ => continue,
        };
        warnings.push(Diagnostic::new(Code::TelemetryEntryChanged, message).key(TELEMETRY_KEY));
    }
    Ok((changes, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document::config;

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

    #[test]
    fn entries_of_every_auths_map_are_compared() {
        let old = config(
            "o",
            r#"{"auths":{"quay.io":{"auth":"YTpi"}},"Auths":{"docker.io":{"auth":"YTpi"}}}"#,
        );
        let new = config("n", r#"{"auths":{"docker.io":{"auth":"YTpi"}}}"#);
        let (changes, _) = diff(&old, &new).unwrap();
        assert_eq!(
            changes,
            [Change {
                key: "quay.io".into(),
                kind: ChangeKind::Removed
            }]
        );
    }
}
