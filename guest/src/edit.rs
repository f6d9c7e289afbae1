//! Editing pull secrets without losing anything (`specs/openshift.md` §a): adding or
//! replacing one registry entry, either preserving every other byte of the file, or exactly
//! as current `oc registry login --to` rewrites it.

use crate::authfile;
use crate::base64;
use crate::diagnostic::{Code, Diagnostic, Error};
use crate::dockercfg::Format;
use crate::document;
use crate::json::{self, Kind, Value};

/// How the edited file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Only the edited entry changes; other entries, their `email`, unknown members, key order
    /// and formatting stay as they were.
    Preserve,
    /// Current oc (4.14+): containers/image's typed re-encode — tab indent, sorted keys, only
    /// `auth`/`identitytoken` kept, unknown members dropped, no trailing newline.
    Oc,
}

/// One `login --to` edit.
#[derive(Debug, Clone, Copy)]
pub struct Login<'a> {
    pub registry: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    /// Written beside `auth` in preserve style when given.
    pub email: Option<&'a str>,
    pub style: Style,
}

/// containers/image `validateKey`, with oc's messages.
pub fn validate_key(key: &str) -> Result<(), Diagnostic> {
    let invalid = |why: &str| {
        Diagnostic::error(Code::InvalidRegistryKey, format!("key {key} {why}")).key(key)
    };
    if key.starts_with("http://") || key.starts_with("https://") {
        return Err(invalid("contains http[s]:// prefix"));
    }
    if key.contains('@') {
        return Err(invalid("contains a '@' character"));
    }
    if let Some((_, path)) = key.split_once('/')
        && path.contains(':')
    {
        return Err(invalid("contains a ':' character after host[:port]"));
    }
    Ok(())
}

/// The new bytes of `target` after the login; `existing` is `None` when the file is missing.
pub fn login(target: &str, existing: Option<&[u8]>, login: &Login<'_>) -> Result<Vec<u8>, Error> {
    validate_key(login.registry)?;
    let auth = base64::encode(format!("{}:{}", login.username, login.password).as_bytes());
    match existing {
        Some(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => {
            let message = match login.style {
                Style::Oc => format!(
                    "reading JSON file {target:?}: unmarshaling JSON at {target:?}: unexpected end of JSON input"
                ),
                Style::Preserve => {
                    format!("{target} exists but is empty; remove it or give a pull secret")
                }
            };
            Err(Diagnostic::error(Code::EmptyFile, message).into())
        }
        _ => match login.style {
            Style::Oc => login_oc(target, existing.unwrap_or(b"{\"auths\":{}}"), login, &auth),
            Style::Preserve => {
                login_preserve(existing.unwrap_or(b"{\"auths\":{}}\n"), login, &auth)
            }
        },
    }
}

fn login_oc(target: &str, bytes: &[u8], login: &Login<'_>, auth: &str) -> Result<Vec<u8>, Error> {
    let unmarshal = |message: &str| {
        Diagnostic::error(
            Code::InvalidJson,
            format!("reading JSON file {target:?}: unmarshaling JSON at {target:?}: {message}"),
        )
    };
    let doc = document::parse(target, bytes, Some(Format::DockerConfigJson)).map_err(
        |Error::InvalidInput(d)| unmarshal(d.message.trim_start_matches("not valid JSON: ")),
    )?;
    let config = doc
        .configs
        .first()
        .ok_or_else(|| unmarshal("not a config"))?;
    let mut file = authfile::decode_auth_file(config, authfile::Consumer::Docker)
        .map_err(|d| unmarshal(&d.message))?;
    file.auths.retain(|(k, _)| k != login.registry);
    file.auths.push((
        login.registry.to_owned(),
        authfile::RawEntry {
            auth: auth.to_owned(),
            ..Default::default()
        },
    ));
    file.auths.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from("{\n\t\"auths\": {");
    for (i, (key, entry)) in file.auths.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!("\t\t{}: ", json::quote(key)));
        let mut fields = Vec::new();
        if !entry.auth.is_empty() {
            fields.push(format!("\t\t\t\"auth\": {}", json::quote(&entry.auth)));
        }
        if !entry.identity_token.is_empty() {
            fields.push(format!(
                "\t\t\t\"identitytoken\": {}",
                json::quote(&entry.identity_token)
            ));
        }
        if fields.is_empty() {
            out.push_str("{}");
        } else {
            out.push_str(&format!("{{\n{}\n\t\t}}", fields.join(",\n")));
        }
    }
    out.push_str(if file.auths.is_empty() { "}" } else { "\n\t}" });
    // Go marshals a map with sorted keys; a repeated key keeps its last value.
    let mut helpers: Vec<(String, String)> = Vec::new();
    for (registry, helper) in &file.cred_helpers {
        helpers.retain(|(r, _)| r != registry);
        helpers.push((registry.clone(), helper.clone()));
    }
    helpers.sort();
    if !helpers.is_empty() {
        out.push_str(",\n\t\"credHelpers\": {\n");
        let lines: Vec<String> = helpers
            .iter()
            .map(|(r, h)| format!("\t\t{}: {}", json::quote(r), json::quote(h)))
            .collect();
        out.push_str(&lines.join(",\n"));
        out.push_str("\n\t}");
    }
    out.push_str("\n}");
    Ok(out.into_bytes())
}

/// Splices the new entry into the original bytes: replaces the entry's value when the key
/// exists in `auths`, else appends it there (or adds `auths`).
fn login_preserve(bytes: &[u8], login: &Login<'_>, auth: &str) -> Result<Vec<u8>, Error> {
    let root = json::parse(bytes).map_err(|e| {
        let (line, column) = json::line_column(bytes, e.offset);
        Diagnostic::error(Code::InvalidJson, format!("not valid JSON: {}", e.message))
            .at(format!("{line}:{column}"))
    })?;
    let Kind::Object(members) = &root.kind else {
        return Err(Diagnostic::error(
            Code::WrongJsonType,
            format!(
                "the file must be a JSON object, not {}",
                root.kind.type_name()
            ),
        )
        .into());
    };
    let mut entry = format!("{{\"auth\":{}", json::quote(auth));
    if let Some(email) = login.email {
        entry.push_str(&format!(",\"email\":{}", json::quote(email)));
    }
    entry.push('}');
    let key = json::quote(login.registry);
    let splice = |at: usize, end: usize, text: &str| {
        let mut out = bytes[..at].to_vec();
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(&bytes[end..]);
        out
    };
    let Some(auths) = root.members_named("auths").last().map(|m| &m.value) else {
        let comma = if members.is_empty() { "" } else { "," };
        return Ok(splice(
            root.offset + 1,
            root.offset + 1,
            &format!("\"auths\":{{{key}:{entry}}}{comma}"),
        ));
    };
    match &auths.kind {
        Kind::Object(entries) => match entries.iter().rev().find(|m| m.name == login.registry) {
            Some(existing) => Ok(splice(existing.value.offset, existing.value.end, &entry)),
            None => Ok(insert_member(bytes, auths, entries, &key, &entry)),
        },
        Kind::Null => Ok(splice(
            auths.offset,
            auths.end,
            &format!("{{{key}:{entry}}}"),
        )),
        other => Err(Diagnostic::error(
            Code::WrongJsonType,
            format!("\"auths\" must be an object, not {}", other.type_name()),
        )
        .into()),
    }
}

/// Appends `key: entry` after the last member of an object, copying the separator and
/// colon spacing the file already uses.
fn insert_member(
    bytes: &[u8],
    object: &Value,
    members: &[json::Member],
    key: &str,
    entry: &str,
) -> Vec<u8> {
    let Some(last) = members.last() else {
        let mut out = bytes[..object.offset + 1].to_vec();
        out.extend_from_slice(format!("{key}:{entry}").as_bytes());
        out.extend_from_slice(&bytes[object.offset + 1..]);
        return out;
    };
    let first = &members[0];
    let indent = String::from_utf8_lossy(&bytes[object.offset + 1..first.offset]).into_owned();
    // The first member's name ends at the last quote before its value.
    let before_value = &bytes[first.offset..first.value.offset];
    let name_end = first.offset
        + before_value
            .iter()
            .rposition(|&b| b == b'"')
            .map_or(0, |i| i + 1);
    let colon = String::from_utf8_lossy(&bytes[name_end..first.value.offset]).into_owned();
    let mut out = bytes[..last.value.end].to_vec();
    out.extend_from_slice(format!(",{indent}{key}{colon}{entry}").as_bytes());
    out.extend_from_slice(&bytes[last.value.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preserve(input: &str, registry: &str) -> String {
        let login = Login {
            registry,
            username: "u",
            password: "p",
            email: None,
            style: Style::Preserve,
        };
        String::from_utf8(super::login("f", Some(input.as_bytes()), &login).unwrap()).unwrap()
    }

    #[test]
    fn preserve_replaces_only_the_entry() {
        let input = r#"{"auths":{"quay.io":{"auth":"YTpi","email":"x@y","identitytoken":"t"},"b.io":{"auth":"YTpi","email":"e"}},"HttpHeaders":{"X":"y"}}"#;
        assert_eq!(
            preserve(input, "quay.io"),
            r#"{"auths":{"quay.io":{"auth":"dTpw"},"b.io":{"auth":"YTpi","email":"e"}},"HttpHeaders":{"X":"y"}}"#
        );
    }

    #[test]
    fn preserve_appends_with_the_file_layout() {
        let input = "{\n  \"auths\": {\n    \"a.io\": {\"auth\": \"YTpi\"}\n  }\n}\n";
        assert_eq!(
            preserve(input, "n.io"),
            "{\n  \"auths\": {\n    \"a.io\": {\"auth\": \"YTpi\"},\n    \"n.io\": {\"auth\":\"dTpw\"}\n  }\n}\n"
        );
        assert_eq!(
            preserve(r#"{"auths":{}}"#, "n.io"),
            r#"{"auths":{"n.io":{"auth":"dTpw"}}}"#
        );
        assert_eq!(
            preserve(r#"{"credHelpers":{}}"#, "n.io"),
            r#"{"auths":{"n.io":{"auth":"dTpw"}},"credHelpers":{}}"#
        );
    }

    #[test]
    fn oc_key_validation_messages() {
        assert_eq!(
            validate_key("https://r.io").unwrap_err().message,
            "key https://r.io contains http[s]:// prefix"
        );
        assert_eq!(
            validate_key("q.io/ns/r@sha256:a").unwrap_err().message,
            "key q.io/ns/r@sha256:a contains a '@' character"
        );
        assert_eq!(
            validate_key("q.io/ns/r:tag").unwrap_err().message,
            "key q.io/ns/r:tag contains a ':' character after host[:port]"
        );
        assert!(validate_key("localhost:5000/foo").is_ok());
    }
}
