//! Docker config bytes decoded exactly as the kubelet decodes them
//! (`pkg/credentialprovider/config.go`, rules P1–P9 and S2–S3 of `specs/kubelet.md`).

use crate::base64::{self, Padding};
use crate::diagnostic::{Code, Diagnostic, Error};
use crate::json::{self, Kind, Value};

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

/// How an entry's credential was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialForm {
    Auth,
    Plain,
    TokenOnly,
    Empty,
}

/// One registry entry after the kubelet's decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub username: String,
    pub password: String,
    pub email: String,
    pub form: CredentialForm,
    /// Where the key is, in the same shape as diagnostic locations.
    pub location: String,
}

/// Where config bytes sit, so locations can point into them.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub bytes: &'a [u8],
    /// Empty for a raw file; otherwise names the Secret and data key the bytes came from.
    pub prefix: &'a str,
}

impl Place<'_> {
    pub fn locate(&self, offset: usize) -> String {
        let (line, column) = json::line_column(self.bytes, offset);
        if self.prefix.is_empty() {
            format!("{line}:{column}")
        } else {
            format!("{} {line}:{column}", self.prefix)
        }
    }
}

/// Decodes config bytes in the given format (no sniffing, rule S2).
pub fn decode(place: Place<'_>, format: Format) -> Result<Vec<Entry>, Error> {
    let root = json::parse(place.bytes).map_err(|e| {
        Diagnostic::error(Code::InvalidJson, format!("not valid JSON: {}", e.message))
            .at(place.locate(e.offset))
            .rule("P1")
    })?;
    decode_value(place, &root, format)
}

/// Decodes an already parsed config; `place` holds the bytes it was parsed from.
pub fn decode_value(place: Place<'_>, root: &Value, format: Format) -> Result<Vec<Entry>, Error> {
    let mut decoder = Decoder {
        place,
        entries: Vec::new(),
    };
    match format {
        Format::DockerConfigJson => decoder.config_json(root)?,
        Format::DockerCfg => decoder.registry_map(root, "the config")?,
    }
    Ok(decoder.entries)
}

struct Decoder<'a> {
    place: Place<'a>,
    entries: Vec<Entry>,
}

impl Decoder<'_> {
    fn type_error(&self, value: &Value, what: &str, expected: &str) -> Diagnostic {
        Diagnostic::error(
            Code::WrongJsonType,
            format!("{what} must be {expected}, not {}", value.kind.type_name()),
        )
        .at(self.place.locate(value.offset))
        .rule("P1")
    }

    /// `DockerConfigJSON`: only `auths` (any case, rule P7) and the typed `HttpHeaders` are
    /// read; every other top-level member is ignored (P1).
    fn config_json(&mut self, root: &Value) -> Result<(), Diagnostic> {
        match &root.kind {
            Kind::Null => return Ok(()), // P9
            Kind::Object(_) => {}
            _ => return Err(self.type_error(root, "the config", "a JSON object")),
        }
        for member in root.members_named("auths") {
            if member.value.kind == Kind::Null {
                // Go sets the map to nil: entries from an earlier `auths` are dropped.
                self.entries.clear();
            } else {
                self.registry_map(&member.value, "\"auths\"")?;
            }
        }
        for member in root.members_named("HttpHeaders") {
            match &member.value.kind {
                Kind::Null => {}
                Kind::Object(headers) => {
                    for header in headers {
                        if !matches!(header.value.kind, Kind::String(_) | Kind::Null) {
                            return Err(self.type_error(
                                &header.value,
                                &format!("header {:?}", header.name),
                                "a string",
                            ));
                        }
                    }
                }
                _ => {
                    return Err(self.type_error(&member.value, "\"HttpHeaders\"", "an object"));
                }
            }
        }
        Ok(())
    }

    /// A map of registry key to entry. Go decodes a repeated key into a fresh entry, so the
    /// last one wins (P8); the map itself is reused across repeated `auths` members.
    fn registry_map(&mut self, map: &Value, what: &str) -> Result<(), Diagnostic> {
        let members = match &map.kind {
            Kind::Null => return Ok(()),
            Kind::Object(members) => members,
            _ => return Err(self.type_error(map, what, "a JSON object")),
        };
        for member in members {
            let entry = self.entry(&member.name, member.offset, &member.value)?;
            self.entries.retain(|e| e.key != entry.key);
            self.entries.push(entry);
        }
        Ok(())
    }

    /// `DockerConfigEntry.UnmarshalJSON`: string fields matched in any case, `null` leaves a
    /// field as it was (P9), a non-empty `auth` replaces username and password (P2).
    fn entry(&self, key: &str, key_offset: usize, value: &Value) -> Result<Entry, Diagnostic> {
        let members = match &value.kind {
            Kind::Null => &[][..],
            Kind::Object(members) => members.as_slice(),
            _ => {
                return Err(self
                    .type_error(value, &format!("entry {key:?}"), "a JSON object")
                    .key(key));
            }
        };
        let mut fields: [(&str, String, usize); 4] = [
            ("username", String::new(), 0),
            ("password", String::new(), 0),
            ("email", String::new(), 0),
            ("auth", String::new(), 0),
        ];
        let mut has_token = false;
        for member in members {
            if ["identitytoken", "registrytoken"]
                .iter()
                .any(|t| member.name.eq_ignore_ascii_case(t))
            {
                has_token |= match &member.value.kind {
                    Kind::String(s) => !s.is_empty(),
                    _ => false,
                };
                continue;
            }
            let Some(field) = fields
                .iter_mut()
                .find(|(name, _, _)| member.name.eq_ignore_ascii_case(name))
            else {
                continue; // P6: other members are ignored
            };
            match &member.value.kind {
                Kind::Null => {}
                Kind::String(s) => {
                    field.1 = s.clone();
                    field.2 = member.value.offset;
                }
                _ => {
                    let what = format!("entry {key:?}: field {:?}", field.0);
                    return Err(self.type_error(&member.value, &what, "a string").key(key));
                }
            }
        }
        let [
            (_, username, _),
            (_, password, _),
            (_, email, _),
            (_, auth, auth_offset),
        ] = fields;
        let (username, password, form) = if !auth.is_empty() {
            let (u, p) = self.decode_auth(key, &auth, auth_offset)?;
            (u, p, CredentialForm::Auth)
        } else if !username.is_empty() || !password.is_empty() {
            (username, password, CredentialForm::Plain)
        } else if has_token {
            (username, password, CredentialForm::TokenOnly)
        } else {
            (username, password, CredentialForm::Empty)
        };
        Ok(Entry {
            key: key.to_owned(),
            username,
            password,
            email,
            form,
            location: self.place.locate(key_offset),
        })
    }

    /// `decodeDockerConfigFieldAuth` (P3, P4) as a diagnostic. Errors never quote the value.
    fn decode_auth(
        &self,
        key: &str,
        auth: &str,
        offset: usize,
    ) -> Result<(String, String), Diagnostic> {
        decode_auth(auth).map_err(|code| {
            let (what, rule) = match code {
                Code::AuthNoColon => ("does not decode to user:password (no colon)", "P4"),
                _ => ("is not valid base64", "P3"),
            };
            Diagnostic::error(code, format!("entry {key:?}: field \"auth\" {what}"))
                .key(key)
                .at(self.place.locate(offset))
                .rule(rule)
        })
    }
}

/// `auth` as the kubelet decodes it: P3, the padded decoder is chosen on the trimmed value but
/// runs on the untrimmed one; P4, split at the first colon, so a colon in the user name cannot
/// survive. The error is `AuthNotBase64` or `AuthNoColon`.
pub fn decode_auth(auth: &str) -> Result<(String, String), Code> {
    let padding = if auth.trim().ends_with('=') {
        Padding::Required
    } else {
        Padding::Forbidden
    };
    let decoded = base64::decode(auth.as_bytes(), padding).map_err(|_| Code::AuthNotBase64)?;
    let decoded = String::from_utf8_lossy(&decoded);
    let (user, password) = decoded.split_once(':').ok_or(Code::AuthNoColon)?;
    Ok((user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(input: &str, format: Format) -> Result<Vec<Entry>, Error> {
        decode(
            Place {
                bytes: input.as_bytes(),
                prefix: "",
            },
            format,
        )
    }

    fn creds(input: &str, format: Format) -> Vec<(String, String, String, CredentialForm)> {
        raw(input, format)
            .unwrap()
            .into_iter()
            .map(|e| (e.key, e.username, e.password, e.form))
            .collect()
    }

    #[test]
    fn auth_wins_over_plain_fields() {
        let got = creds(
            r#"{"auths":{"q":{"username":"x","password":"y","auth":"dTpwOnE="}}}"#,
            Format::DockerConfigJson,
        );
        assert_eq!(
            got,
            vec![("q".into(), "u".into(), "p:q".into(), CredentialForm::Auth)]
        );
    }

    #[test]
    fn token_only_entry_is_an_empty_credential() {
        let got = creds(r#"{"q":{"identitytoken":"t"}}"#, Format::DockerCfg);
        assert_eq!(
            got,
            vec![("q".into(), "".into(), "".into(), CredentialForm::TokenOnly)]
        );
    }

    #[test]
    fn null_auths_after_auths_drops_entries() {
        let got = creds(
            r#"{"auths":{"q":{"username":"a"}},"Auths":null}"#,
            Format::DockerConfigJson,
        );
        assert!(got.is_empty());
    }

    #[test]
    fn repeated_auths_members_merge() {
        let got = creds(
            r#"{"auths":{"a":{"username":"1"}},"AUTHS":{"b":{"username":"2"}}}"#,
            Format::DockerConfigJson,
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn null_field_keeps_earlier_value() {
        let got = creds(
            r#"{"q":{"username":"a","Username":null}}"#,
            Format::DockerCfg,
        );
        assert_eq!(got[0].1, "a");
    }

    #[test]
    fn errors_point_at_the_value_and_hide_it() {
        let err = raw(
            "{\"auths\":{\n \"quay.io\":{\"auth\":\"secret!!\"}}}",
            Format::DockerConfigJson,
        )
        .unwrap_err();
        let Error::InvalidInput(d) = err;
        assert_eq!(d.code, Code::AuthNotBase64);
        assert_eq!(d.location.as_deref(), Some("2:20"));
        assert!(!d.to_string().contains("secret!!"));
    }

    #[test]
    fn http_headers_are_typed() {
        assert!(raw(r#"{"HttpHeaders":{"X":1}}"#, Format::DockerConfigJson).is_err());
        assert!(raw(r#"{"HttpHeaders":{"X":"y"}}"#, Format::DockerConfigJson).is_ok());
    }
}
