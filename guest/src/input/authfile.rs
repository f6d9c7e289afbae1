//! An auth file as containers/image (CRI-O, podman, skopeo) and the docker CLI decode it: Go
//! `encoding/json` into their own structs, so a wrong type in a field they hold fails the
//! whole file, while members they do not hold are never checked (rules C3, D4).

use crate::diagnostic::{Diagnostic, Rule};
use crate::go::json::{Kind, Value};

use super::config::DockerConfig;
use super::entries::{holder_name, string_fields, text, type_error};
use super::registry_map::Format;

/// Which consumer's structs decode the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// containers/image: only `auth` and `identitytoken` in entries, and `credHelpers` (C3).
    Containers,
    /// The docker CLI: every entry field, `credHelpers` and `credsStore` (D4, D5).
    Docker,
}

/// The fields these consumers read from one entry (only `auth` and `identitytoken` for
/// containers/image).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RawEntry {
    pub auth: String,
    pub identity_token: String,
    pub username: String,
    pub password: String,
    pub email: String,
}

/// Why a file does not decode: our finding, and Go's own `json: cannot unmarshal ...` text
/// with containers/image's struct names, which oc quotes.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    pub diagnostic: Diagnostic,
    pub go: String,
}

/// An auth file as one of these consumers decodes it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AuthFile {
    /// The entries Go ends up with, in file order (`RegistryMap::live`).
    pub auths: Vec<(String, RawEntry)>,
    /// `credHelpers`, in file order; a repeated registry keeps its last helper.
    pub cred_helpers: Vec<(String, String)>,
    pub creds_store: String,
}

impl AuthFile {
    pub fn entry(&self, key: &str) -> Option<&RawEntry> {
        self.auths.iter().find(|(k, _)| k == key).map(|(_, e)| e)
    }

    pub fn helper(&self, registry: &str) -> Option<&str> {
        self.cred_helpers
            .iter()
            .rev()
            .find(|(r, _)| r == registry)
            .map(|(_, h)| h.as_str())
    }

    /// Decodes `config` as `reader` does. Go reports the earliest wrong type in the document,
    /// so of the problems found, the one at the smallest offset is returned.
    pub fn decode(config: &DockerConfig, reader: Reader) -> Result<AuthFile, Diagnostic> {
        Self::decode_go(config, reader).map_err(|e| e.diagnostic)
    }

    /// `decode`, with Go's own error text beside the finding.
    pub fn decode_go(config: &DockerConfig, reader: Reader) -> Result<AuthFile, DecodeError> {
        let rule = match reader {
            Reader::Containers => Rule::C3,
            Reader::Docker => Rule::D4,
        };
        let place = config.place();
        let mut problems: Vec<(usize, DecodeError)> = Vec::new();
        let mut problem = |value: &Value, d: Diagnostic, field: String, go_type: &str| {
            let go = match field.as_str() {
                "" => format!(
                    "json: cannot unmarshal {} into Go value of type {go_type}",
                    value.kind.type_name()
                ),
                field => format!(
                    "json: cannot unmarshal {} into Go struct field {field} of type {go_type}",
                    value.kind.type_name()
                ),
            };
            let diagnostic = d.rule(rule);
            problems.push((value.offset, DecodeError { diagnostic, go }));
        };
        let mut file = AuthFile::default();
        let map = config.registry_map();
        if let Some(misfit) = map.misfit {
            let (what, field, go_type) = match misfit.holder {
                super::registry_map::Holder::Root => {
                    ("the auth file", String::new(), "config.dockerConfigFile")
                }
                holder => (
                    holder_name(holder),
                    "dockerConfigFile.auths".to_owned(),
                    "map[string]config.dockerAuthConfig",
                ),
            };
            problem(
                misfit.value,
                type_error(&place, misfit.value, what, "a JSON object"),
                field,
                go_type,
            );
        }
        for w in &map.written {
            let value = w.value();
            if !matches!(value.kind, Kind::Object(_) | Kind::Null) {
                let d = type_error(&place, value, "the entry", "a JSON object").key(w.key());
                let field = format!("dockerConfigFile.auths.{}", w.key());
                problem(value, d, field, "config.dockerAuthConfig");
                continue;
            }
            let ([auth, token], misfit) = string_fields(value, ["auth", "identitytoken"]);
            let mut entry = RawEntry {
                auth: text(auth).to_owned(),
                identity_token: text(token).to_owned(),
                ..RawEntry::default()
            };
            let mut misfits = vec![misfit];
            if reader == Reader::Docker {
                let ([user, password, email], misfit) =
                    string_fields(value, ["username", "password", "email"]);
                entry.username = text(user).to_owned();
                entry.password = text(password).to_owned();
                entry.email = text(email).to_owned();
                misfits.push(misfit);
            }
            if let Some(m) = misfits.into_iter().flatten().min_by_key(|m| m.value.offset) {
                let what = format!("field {:?}", m.name);
                problem(
                    &m.value,
                    type_error(&place, &m.value, &what, "a string").key(w.key()),
                    format!("dockerAuthConfig.auths.{}.{}", w.key(), m.name),
                    "string",
                );
            }
            if w.live() {
                file.auths.push((w.key().to_owned(), entry));
            }
        }
        if config.format == Format::DockerConfigJson {
            for member in config.root.members_named("credHelpers") {
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
                                    problem(
                                        &h.value,
                                        type_error(&place, &h.value, &what, "a string"),
                                        format!("dockerConfigFile.credHelpers.{}", h.name),
                                        "string",
                                    );
                                }
                            }
                        }
                    }
                    _ => problem(
                        &member.value,
                        type_error(&place, &member.value, "\"credHelpers\"", "an object"),
                        "dockerConfigFile.credHelpers".to_owned(),
                        "map[string]string",
                    ),
                }
            }
            if reader == Reader::Docker {
                let ([store], misfit) = string_fields(&config.root, ["credsStore"]);
                file.creds_store = text(store).to_owned();
                if let Some(m) = misfit {
                    problem(
                        &m.value,
                        type_error(&place, &m.value, "\"credsStore\"", "a string"),
                        "ConfigFile.credsStore".to_owned(),
                        "string",
                    );
                }
            }
        }
        match problems.into_iter().min_by_key(|(offset, _)| *offset) {
            Some((_, e)) => Err(e),
            None => Ok(file),
        }
    }
}
