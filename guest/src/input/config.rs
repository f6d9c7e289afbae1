//! One parsed docker config: the JSON as read (each consumer decodes it its own way), where
//! its bytes came from, and the kubelet's decoding of it, whose error only matters to the
//! kubelet (rule M2).

use std::cell::OnceCell;

use crate::diagnostic::{Diagnostic, Error};
use crate::go::json::{LineIndex, Value};

use super::entries::{self, Entry};
use super::place::Place;
use super::registry_map::{Format, RegistryMap};

/// The Secret a config came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretOrigin {
    pub name: String,
    pub namespace: String,
    pub secret_type: String,
    pub data_key: String,
}

/// One usable docker config: its JSON as read (each consumer decodes it its own way) and the
/// kubelet's decoding of it, whose error only matters to the kubelet (rule M2).
#[derive(Debug, Clone, PartialEq)]
pub struct DockerConfig {
    pub format: Format,
    /// The host's label for the input, usually the file path.
    pub source: String,
    pub secret: Option<SecretOrigin>,
    pub root: Value,
    /// The bytes `root` was parsed from, and where they sit, for locations.
    bytes: Vec<u8>,
    prefix: String,
    lines: LineIndex,
    /// Where the registry map's repeated keys are (`RegistryMap::superseded`), found once.
    superseded: Vec<usize>,
    pub entries: Result<Vec<Entry>, Error>,
    /// The pitfalls worth a warning, found once per config by `checks::pitfalls` (which
    /// fills this slot): every lookup that answers from the config shows them.
    pub pitfalls: OnceCell<Vec<Diagnostic>>,
}

impl DockerConfig {
    pub fn new(
        format: Format,
        source: &str,
        secret: Option<SecretOrigin>,
        root: Value,
        bytes: Vec<u8>,
        prefix: String,
    ) -> Self {
        let lines = LineIndex::new(&bytes);
        let place = Place {
            bytes: &bytes,
            prefix: &prefix,
            lines: Some(&lines),
        };
        let map = RegistryMap::walk(&root, format);
        let superseded = map.superseded();
        let entries = entries::decode(place, &map, &root, format)
            .map_err(|Error::InvalidInput(d)| Error::InvalidInput(d.at_source(source)));
        DockerConfig {
            format,
            source: source.to_owned(),
            secret,
            root,
            bytes,
            prefix,
            lines,
            superseded,
            entries,
            pitfalls: OnceCell::new(),
        }
    }

    /// The config bytes as stored.
    pub fn payload(&self) -> &[u8] {
        &self.bytes
    }

    /// The config bytes and where they sit, for checks that read the bytes themselves.
    pub fn place(&self) -> Place<'_> {
        Place {
            bytes: &self.bytes,
            prefix: &self.prefix,
            lines: Some(&self.lines),
        }
    }

    /// `line:column` of a byte offset in the config, prefixed as diagnostics are.
    pub fn locate(&self, offset: usize) -> String {
        self.place().locate(offset)
    }
}

impl DockerConfig {
    /// The registry map, walked once per question (it borrows the parsed JSON, no copy).
    pub fn registry_map(&self) -> RegistryMap<'_> {
        RegistryMap::rewalk(&self.root, self.format, &self.superseded)
    }
}
