//! Hash maps for the audit's caches, keyed by strings that share long prefixes (image
//! references, namespaces): an ordered map compares those prefixes again at every level,
//! and wasm has no vectorized `memcmp`. The hash is rustc's FxHash, a word at a time, with no
//! random seed: the guest has no randomness, and nothing iterates these maps. A dump crafted
//! to collide costs time, which the host's deadline bounds.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in words.by_ref() {
            self.add(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        let mut rest = [0; 8];
        let tail = words.remainder();
        rest[..tail.len()].copy_from_slice(tail);
        self.add(u64::from_le_bytes(rest) ^ tail.len() as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys that differ only after a long shared prefix, or only in length, land apart.
    #[test]
    fn tells_apart_what_a_cache_holds() {
        let mut map: FastMap<String, usize> = FastMap::default();
        let prefix = "image-registry.openshift-image-registry.svc:5000/team-00001/app-";
        let keys: Vec<String> = (0..1000)
            .map(|i| format!("{prefix}{i}"))
            .chain(["", "\0", "\0\0", "a", "a\0"].map(str::to_owned))
            .collect();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(
                map.insert(key.clone(), i),
                None,
                "{key:?} collides in the map"
            );
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(key), Some(&i));
        }
        let hash = |s: &str| {
            let mut h = FxHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash(""), hash("\0"));
        assert_ne!(hash("a"), hash("a\0"));
    }
}
