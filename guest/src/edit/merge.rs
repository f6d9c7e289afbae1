//! `merge`: pull secrets merged entry by entry. Entries are kept or replaced whole, never
//! deep-merged: a deep merge would leave a stale `identitytoken` beside a new `auth`.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::go::json::{self, Kind, folds_to};
use crate::go::sort;
use crate::input::authfile::{AuthFile, RawEntry};
use crate::input::config::DockerConfig;
use crate::input::registry_map::Format;

use super::entries::{FirstByKey, credential, decoded, first_by_key, raw_entries};

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

/// Merges `overlays` into `base`. The output is `{"auths": ...}` compact with sorted keys and
/// entries as written, as HyperShift writes its global pull secret (rule O7): its raw
/// entries re-joined, since Go marshals them as `json.RawMessage`; other top-level members
/// are dropped and reported.
pub fn merge(
    base: &DockerConfig,
    overlays: &[&DockerConfig],
    prefer: Prefer,
) -> Result<Merged, Error> {
    let mut merged = raw_entries(base);
    // Where each key sits in `merged`, and each file's entries by key.
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (key, _)) in merged.iter().enumerate() {
        at.entry(key.clone()).or_insert(i);
    }
    let files = std::iter::once(&base)
        .chain(overlays)
        .map(|c| decoded(c))
        .collect::<Result<Vec<AuthFile>, Error>>()?;
    let keyed: Vec<FirstByKey<'_, RawEntry>> =
        files.iter().map(|f| first_by_key(&f.auths)).collect();
    let mut conflicts = Vec::new();
    let mut notes = Vec::new();
    for config in std::iter::once(&base).chain(overlays) {
        if config.format == Format::DockerCfg {
            notes.push(
                Diagnostic::new(
                    Code::LegacyConverted,
                    "a legacy .dockercfg: its entries are under \"auths\" in the merged file, a .dockerconfigjson",
                )
                .at_source(&config.source),
            );
        }
        if let (Kind::Object(members), Format::DockerConfigJson) =
            (&config.root.kind, config.format)
        {
            for m in members.iter().filter(|m| !folds_to(&m.name, "auths")) {
                notes.push(
                    Diagnostic::new(
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
    for (n, overlay) in overlays.iter().enumerate() {
        for (key, raw) in raw_entries(overlay) {
            match at.get(&key).copied() {
                None => {
                    at.insert(key.clone(), merged.len());
                    merged.push((key, raw));
                }
                Some(i) => {
                    let theirs = keyed[n + 1].get(key.as_str()).map(credential);
                    let ours = keyed[..=n]
                        .iter()
                        .rev()
                        .find_map(|f| f.get(key.as_str()))
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
    }
    sort::stable(&mut merged, |a, b| a.0 < b.0);
    let entries: Vec<(&str, &str)> = merged
        .iter()
        .map(|(k, raw)| (k.as_str(), raw.as_str()))
        .collect();
    let auths = json::raw_object(&entries, true);
    Ok(Merged {
        bytes: json::raw_object(&[("auths", &auths)], true).into_bytes(),
        conflicts,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document::config;

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
    fn every_auths_map_is_merged() {
        let base = config(
            "b",
            r#"{"auths":{"quay.io":{"auth":"YTpi"}},"Auths":{"docker.io":{"auth":"YTpi"}}}"#,
        );
        let overlay = config("o", r#"{"auths":{"r.io":{"auth":"Yzpk"}}}"#);
        let m = merge(&base, &[&overlay], Prefer::Overlay).unwrap();
        assert_eq!(
            String::from_utf8(m.bytes).unwrap(),
            r#"{"auths":{"docker.io":{"auth":"YTpi"},"quay.io":{"auth":"YTpi"},"r.io":{"auth":"Yzpk"}}}"#
        );
        assert!(m.notes.is_empty(), "{:?}", m.notes);
    }
}
