//! A config decoded exactly as the kubelet decodes it (kubernetes
//! `pkg/credentialprovider/config.go`, rules P1–P9, S2, S3), and the reading of an entry's
//! fields that every consumer shares.

use crate::diagnostic::{Code, Diagnostic, Error, Rule};
use crate::go::base64::{self, Padding};
use crate::go::json::{Kind, Member, Value};

use super::place::Place;
use super::registry_map::{Format, Holder, RegistryMap};

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

/// The string fields a decoder reads from one entry, as Go fills a struct: for each name,
/// the last member whose name folds to it (P7, P8), a `null` member changing nothing (P9);
/// and the first member of one of those names that is neither a string nor `null`, which
/// fails the decoding (P1). The fields are read whatever that member, for checks that report
/// every problem.
pub fn string_fields<'a, const N: usize>(
    entry: &'a Value,
    names: [&str; N],
) -> ([Option<&'a Value>; N], Option<&'a Member>) {
    let mut fields = [None; N];
    let mut misfit = None;
    let Kind::Object(members) = &entry.kind else {
        return (fields, misfit);
    };
    for member in members {
        let Some(i) = names
            .iter()
            .position(|name| crate::go::json::folds_to(&member.name, name))
        else {
            continue;
        };
        match member.value.kind {
            Kind::String(_) => fields[i] = Some(&member.value),
            Kind::Null => {}
            _ => {
                misfit.get_or_insert(member);
            }
        }
    }
    (fields, misfit)
}

/// The text of a field read by `string_fields`, empty when absent.
pub fn text(field: Option<&Value>) -> &str {
    field.and_then(Value::as_str).unwrap_or_default()
}

/// `P1`'s type error, worded the way our other readers word theirs.
pub fn type_error(place: &Place<'_>, value: &Value, what: &str, expected: &str) -> Diagnostic {
    Diagnostic::new(
        Code::WrongJsonType,
        format!("{what} must be {expected}, not {}", value.kind.type_name()),
    )
    .at(place.locate(value.offset))
}

/// What `Holder` a misfit sits in, in words.
pub fn holder_name(holder: Holder) -> &'static str {
    match holder {
        Holder::Root => "the config",
        Holder::Auths => "\"auths\"",
    }
}

/// Decodes an already parsed config, `map` being its walk; `place` holds the bytes it was
/// parsed from. Every entry Go decodes is checked, including those a later `"auths": null`
/// drops (Go decoded them first); only the entries Go ends up with are returned.
pub fn decode(
    place: Place<'_>,
    map: &RegistryMap<'_>,
    root: &Value,
    format: Format,
) -> Result<Vec<Entry>, Error> {
    let mut entries = Vec::new();
    for w in &map.written {
        let entry = decode_entry(&place, w.member)?;
        if w.live() {
            entries.push(entry);
        }
    }
    if let Some(misfit) = map.misfit {
        let what = holder_name(misfit.holder);
        return Err(type_error(&place, misfit.value, what, "a JSON object").into());
    }
    if format == Format::DockerConfigJson {
        http_headers(&place, root)?;
    }
    Ok(entries)
}

/// `DockerConfigJSON` reads `auths` and the typed `HttpHeaders`; every other top-level
/// member is ignored (P1).
fn http_headers(place: &Place<'_>, root: &Value) -> Result<(), Diagnostic> {
    for member in root.members_named("HttpHeaders") {
        match &member.value.kind {
            Kind::Null => {}
            Kind::Object(headers) => {
                for header in headers {
                    if !matches!(header.value.kind, Kind::String(_) | Kind::Null) {
                        let what = format!("header {:?}", header.name);
                        return Err(type_error(place, &header.value, &what, "a string"));
                    }
                }
            }
            _ => {
                return Err(type_error(
                    place,
                    &member.value,
                    "\"HttpHeaders\"",
                    "an object",
                ));
            }
        }
    }
    Ok(())
}

/// `DockerConfigEntry.UnmarshalJSON`: a non-empty `auth` replaces username and password
/// (P2); tokens and other members are ignored (P6), but a non-empty token makes the entry a
/// token-only one rather than an empty one.
fn decode_entry(place: &Place<'_>, member: &Member) -> Result<Entry, Diagnostic> {
    let key = member.name.as_str();
    let value = &member.value;
    if !matches!(value.kind, Kind::Object(_) | Kind::Null) {
        return Err(type_error(place, value, "the entry", "a JSON object").key(key));
    }
    let ([username, password, email, auth], misfit) =
        string_fields(value, ["username", "password", "email", "auth"]);
    if let Some(m) = misfit {
        let what = format!("field {:?}", m.name);
        return Err(type_error(place, &m.value, &what, "a string").key(key));
    }
    let ([identity, registry], _) = string_fields(value, ["identitytoken", "registrytoken"]);
    let has_token = !text(identity).is_empty() || !text(registry).is_empty();
    let (username, password) = (text(username).to_owned(), text(password).to_owned());
    let (username, password, form) = match auth.filter(|a| !text(Some(a)).is_empty()) {
        Some(auth) => {
            let (u, p) = decode_auth(text(Some(auth))).map_err(|code| {
                let (what, rule) = match code {
                    Code::AuthNoColon => ("does not decode to user:password (no colon)", Rule::P4),
                    _ => ("is not valid base64", Rule::P3),
                };
                Diagnostic::new(code, format!("field \"auth\" {what}"))
                    .key(key)
                    .at(place.locate(auth.offset))
                    .rule(rule)
            })?;
            (u, p, CredentialForm::Auth)
        }
        None if !username.is_empty() || !password.is_empty() => {
            (username, password, CredentialForm::Plain)
        }
        None if has_token => (username, password, CredentialForm::TokenOnly),
        None => (username, password, CredentialForm::Empty),
    };
    Ok(Entry {
        key: key.to_owned(),
        username,
        password,
        email: text(email).to_owned(),
        form,
        location: place.locate(member.offset),
    })
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
    let mut user = String::from_utf8(decoded)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let colon = user.find(':').ok_or(Code::AuthNoColon)?;
    // The user name keeps the decoded buffer: one allocation fewer per entry.
    let password = user[colon + 1..].to_owned();
    user.truncate(colon);
    Ok((user, password))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(input: &str, format: Format) -> Result<Vec<Entry>, Error> {
        let root = crate::go::json::parse(input.as_bytes()).unwrap();
        let map = RegistryMap::walk(&root, format);
        decode(Place::file(input.as_bytes()), &map, &root, format)
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
    fn an_entry_dropped_by_null_auths_still_fails_the_config() {
        let err = raw(
            r#"{"auths":{"q":{"auth":"!!"}},"Auths":null}"#,
            Format::DockerConfigJson,
        );
        assert!(err.is_err());
    }

    #[test]
    fn http_headers_are_typed() {
        assert!(raw(r#"{"HttpHeaders":{"X":1}}"#, Format::DockerConfigJson).is_err());
        assert!(raw(r#"{"HttpHeaders":{"X":"y"}}"#, Format::DockerConfigJson).is_ok());
    }
}
