//! The one walk of a config's registry map. Every feature reads entries through it, so every
//! feature sees the same entries: Go decodes each member whose name folds to `auths` into the
//! same map (P7), so `{"auths": {...}, "Auths": {...}}` holds both maps' entries; an `auths`
//! that is `null` empties the map (P9); a repeated key keeps its last value (P8). What a
//! consumer decodes from each entry, and how it words a wrong type, is its own business.

use crate::go::json::{Kind, Member, Value};

/// The two docker config layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `{"auths": {REGISTRY: ENTRY}}`.
    DockerConfigJson,
    /// The legacy bare map `{REGISTRY: ENTRY}`.
    DockerCfg,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::DockerConfigJson => "dockerconfigjson",
            Format::DockerCfg => "dockercfg",
        }
    }
}

/// What should have been a JSON object and is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// The document itself.
    Root,
    /// An `auths` member.
    Auths,
}

/// A value of the wrong JSON type where the walk needed an object; consumers word it.
#[derive(Debug, Clone, Copy)]
pub struct Misfit<'a> {
    pub value: &'a Value,
    pub holder: Holder,
}

/// One registry entry as written.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    pub member: &'a Member,
    /// Dropped by a later `"auths": null`: Go decoded it (its type errors count) but the map
    /// was then emptied.
    pub dropped: bool,
    /// A later entry has the same key, and Go keeps only the last.
    pub superseded: bool,
}

impl<'a> Written<'a> {
    pub fn key(&self) -> &'a str {
        &self.member.name
    }

    pub fn value(&self) -> &'a Value {
        &self.member.value
    }

    /// Whether the entry is in the map Go ends up with.
    pub fn live(&self) -> bool {
        !self.dropped && !self.superseded
    }
}

/// Every entry as written, in file order, and the misfit that stopped the walk, if any.
#[derive(Debug, Clone, Default)]
pub struct RegistryMap<'a> {
    pub written: Vec<Written<'a>>,
    pub misfit: Option<Misfit<'a>>,
}

impl<'a> RegistryMap<'a> {
    /// Walks `root` read in `format` (no sniffing, S2). Entries before a misfit are kept, so
    /// that errors come out in file order.
    pub fn walk(root: &'a Value, format: Format) -> Self {
        let mut map = RegistryMap::unmarked(root, format);
        map.mark_superseded();
        map
    }

    /// `walk` again over a root walked before, `superseded` being what that walk's
    /// `superseded()` answered: no key is compared, so a config asked many questions pays
    /// for finding its repeated keys once.
    pub fn rewalk(root: &'a Value, format: Format, superseded: &[usize]) -> Self {
        let mut map = RegistryMap::unmarked(root, format);
        for &i in superseded {
            map.written[i].superseded = true;
        }
        map
    }

    /// Where the superseded entries are in `written`, for `rewalk`.
    pub fn superseded(&self) -> Vec<usize> {
        (0..self.written.len())
            .filter(|&i| self.written[i].superseded)
            .collect()
    }

    fn unmarked(root: &'a Value, format: Format) -> Self {
        let mut map = RegistryMap::default();
        match (&root.kind, format) {
            (Kind::Null, _) => {}
            (Kind::Object(members), Format::DockerCfg) => map.extend(members),
            (Kind::Object(_), Format::DockerConfigJson) => {
                for auths in root.members_named("auths") {
                    match &auths.value.kind {
                        Kind::Null => map.written.iter_mut().for_each(|w| w.dropped = true),
                        Kind::Object(members) => map.extend(members),
                        _ => {
                            map.misfit = Some(Misfit {
                                value: &auths.value,
                                holder: Holder::Auths,
                            });
                            break;
                        }
                    }
                }
            }
            _ => {
                map.misfit = Some(Misfit {
                    value: root,
                    holder: Holder::Root,
                });
            }
        }
        map
    }

    fn extend(&mut self, members: &'a [Member]) {
        self.written.extend(members.iter().map(|member| Written {
            member,
            dropped: false,
            superseded: false,
        }));
    }

    /// Go decodes a repeated key into a fresh entry: only the last one counts. The keys are
    /// sorted once, each beside its place, rather than inserted one by one into a set.
    fn mark_superseded(&mut self) {
        let mut order: Vec<(&str, usize)> = (self.written.iter().enumerate())
            .filter(|(_, w)| !w.dropped)
            .map(|(i, w)| (w.key(), i))
            .collect();
        order.sort_unstable();
        for pair in order.windows(2) {
            if pair[0].0 == pair[1].0 {
                self.written[pair[0].1].superseded = true;
            }
        }
    }

    /// The entries Go ends up with, each at its last occurrence, in file order.
    pub fn live(&self) -> impl Iterator<Item = Written<'a>> + '_ {
        self.written.iter().copied().filter(Written::live)
    }

    /// The entry Go ends up with for `key`.
    pub fn get(&self, key: &str) -> Option<Written<'a>> {
        self.live().find(|w| w.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::json::parse;

    fn keys(json: &str, format: Format) -> (Vec<(String, bool)>, Option<Holder>) {
        let root = parse(json.as_bytes()).unwrap();
        let map = RegistryMap::walk(&root, format);
        let written = map
            .written
            .iter()
            .map(|w| (w.key().to_owned(), w.live()))
            .collect();
        (written, map.misfit.map(|m| m.holder))
    }

    #[test]
    fn every_member_folding_to_auths_is_read() {
        let (written, misfit) = keys(
            r#"{"auths":{"quay.io":{}},"Auths":{"docker.io":{}},"AUTHſ":{"quay.io":{}}}"#,
            Format::DockerConfigJson,
        );
        assert_eq!(
            written,
            [
                ("quay.io".into(), false),
                ("docker.io".into(), true),
                ("quay.io".into(), true)
            ]
        );
        assert_eq!(misfit, None);
    }

    #[test]
    fn null_auths_drops_what_came_before() {
        let (written, _) = keys(
            r#"{"auths":{"a":{}},"Auths":null,"auths":{"b":{}}}"#,
            Format::DockerConfigJson,
        );
        assert_eq!(written, [("a".into(), false), ("b".into(), true)]);
    }

    #[test]
    fn misfits_stop_the_walk_after_the_entries_before_them() {
        let (written, misfit) = keys(r#"{"auths":{"a":{}},"Auths":[]}"#, Format::DockerConfigJson);
        assert_eq!(written, [("a".into(), true)]);
        assert_eq!(misfit, Some(Holder::Auths));
        assert_eq!(keys("[]", Format::DockerCfg).1, Some(Holder::Root));
        assert_eq!(keys("null", Format::DockerCfg), (vec![], None));
    }

    #[test]
    fn legacy_layout_is_the_map_itself() {
        let (written, _) = keys(r#"{"auths":{},"q.io":{}}"#, Format::DockerCfg);
        assert_eq!(written, [("auths".into(), true), ("q.io".into(), true)]);
    }
}
