//! The kubelet tries every key of its keyring on every lookup (rule K3). A key matches only a
//! host with as many labels, each label matched on its own (K4), and a label without a glob
//! matches only itself: so a key can only match hosts that end in the labels after its last
//! glob label. Filed by those labels, the keys a lookup could match are found with one map read
//! per label of its host, however many keys the keyring holds.

use std::collections::BTreeMap;

use crate::input::key::{MatchUrl, is_glob};

/// Index keys, by the number of literal labels that end their host, then by those labels.
#[derive(Debug, Default, Clone)]
pub struct HostIndex {
    keys: Vec<String>,
    /// Which of `keys`.
    by_count: Vec<BTreeMap<String, Vec<usize>>>,
}

impl HostIndex {
    /// Files the index key `key`, whose host is `url`'s.
    pub fn insert(&mut self, key: &str, url: &MatchUrl) {
        let (count, end) = literal_end(url.host());
        if self.by_count.len() <= count {
            self.by_count.resize_with(count + 1, BTreeMap::new);
        }
        self.by_count[count]
            .entry(end.to_owned())
            .or_default()
            .push(self.keys.len());
        self.keys.push(key.to_owned());
    }

    /// Every index key that may match `target` (a superset: each still has to be tried), in
    /// the kubelet's order, reverse byte order (K7).
    pub fn candidates(&self, target: &MatchUrl) -> Vec<&str> {
        let mut keys: Vec<&str> = ends(target.host())
            .filter_map(|(count, end)| self.by_count.get(count)?.get(end))
            .flatten()
            .map(|&i| self.keys[i].as_str())
            .collect();
        keys.sort_unstable_by(|a, b| b.cmp(a));
        keys
    }
}

/// Each end of `host` in whole labels, with its number of labels, shortest first: none, the
/// last label, ..., the whole host.
fn ends(host: &str) -> impl Iterator<Item = (usize, &str)> {
    let after_dots = host.rmatch_indices('.').map(|(i, _)| &host[i + 1..]);
    std::iter::once("")
        .chain(after_dots)
        .chain(std::iter::once(host))
        .enumerate()
}

/// The longest end of a key's host without a glob label.
fn literal_end(host: &str) -> (usize, &str) {
    ends(host)
        .take_while(|(_, end)| !end.split('.').next().is_some_and(is_glob))
        .last()
        .unwrap_or((0, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_filed_under_the_labels_after_its_last_glob() {
        let cases = [
            ("registry.example.com", (3, "registry.example.com")),
            ("*.apps.example.com", (3, "apps.example.com")),
            ("r*.example.com", (2, "example.com")),
            ("a.*.com", (1, "com")),
            ("example.*", (0, "")),
            ("*", (0, "")),
            ("localhost", (1, "localhost")),
            ("", (1, "")),
            ("a..b", (3, "a..b")),
            ("[a-z].io", (1, "io")),
        ];
        for (host, expected) in cases {
            assert_eq!(literal_end(host), expected, "{host:?}");
        }
        assert_eq!(
            ends("a.b.c").collect::<Vec<_>>(),
            [(0, ""), (1, "c"), (2, "b.c"), (3, "a.b.c")]
        );
    }

    /// The index finds exactly the keys that trying every key finds, in the same order.
    #[test]
    fn candidates_keep_every_match_in_kubelet_order() {
        let keys = [
            "quay.io",
            "quay.io/org",
            "quay.io/org/",
            "quay.io:5000",
            "*.io",
            "*.*",
            "*",
            "q*.io",
            "quay.*",
            "[q]uay.io",
            "quay.i[",
            "qu\\ay.io",
            "r*.example.com/team/app",
            "registry.example.com",
            "*.example.com",
            "a.*.example.com",
            "example.com",
            "",
            "localhost",
            "localhost:5000/app",
            "docker.io",
            "index.docker.io",
        ];
        let lookups = [
            "quay.io/org/app",
            "quay.io/organization/app",
            "quay.io:5000/app",
            "registry.example.com/team/app",
            "a.b.example.com/x",
            "example.com/x",
            "localhost/app",
            "localhost:5000/app/x",
            "docker.io/library/busybox",
            "busybox",
            "",
            "qu.io/x",
        ];
        let mut index = HostIndex::default();
        let parsed: Vec<(&str, MatchUrl)> = keys
            .iter()
            .filter_map(|k| Some((*k, MatchUrl::parse(k)?)))
            .collect();
        for (key, url) in &parsed {
            index.insert(key, url);
        }
        let mut by_order = parsed.clone();
        by_order.sort_by(|a, b| b.0.cmp(a.0));
        let mut found = 0;
        for lookup in lookups {
            let Some(target) = MatchUrl::parse(lookup) else {
                panic!("{lookup:?} parses")
            };
            let tried: Vec<&str> = by_order
                .iter()
                .filter(|(_, url)| url.matches(&target))
                .map(|(key, _)| *key)
                .collect();
            let indexed: Vec<&str> = index
                .candidates(&target)
                .into_iter()
                .filter(|key| {
                    parsed
                        .iter()
                        .any(|(k, url)| k == key && url.matches(&target))
                })
                .collect();
            assert_eq!(indexed, tried, "{lookup:?}");
            found += tried.len();
        }
        assert!(found > 20, "the lookups match many keys: {found}");
    }
}
