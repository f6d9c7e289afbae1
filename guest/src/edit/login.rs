//! `login --to`: adding or replacing one registry entry, either preserving every other byte of
//! the file, or exactly as current `oc registry login --to` rewrites it (rules O1, O2).

use crate::checks::pitfalls;
use crate::diagnostic::{Code, Diagnostic, Error, Severity};
use crate::go::base64;
use crate::go::json::{self, Kind, Member, Style as JsonStyle, Value, object, string};
use crate::go::sort;
use crate::input::authfile::{AuthFile, Reader};
use crate::input::document;
use crate::input::key::validate_key;
use crate::input::place::Place;
use crate::input::registry_map::Format;

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

/// oc's message when no registry is named (it would ask the cluster for the integrated
/// registry's public host name).
const NO_REGISTRY: &str = "The public hostname of the integrated registry could not be determined. Please specify one with --registry.";

/// The new bytes of `target` after the login (`existing` is `None` when the file is
/// missing), and what `validate` would say about the entry written. What the kubelet would
/// reject is refused, and so is a legacy `.dockercfg` in preserve style (the edit would mix
/// the two formats); a credential helper named for the registry is refused in oc style (oc
/// would run it instead of writing the file) and reported in preserve style.
pub fn login(
    target: &str,
    existing: Option<&[u8]>,
    login: &Login<'_>,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Error> {
    if login.registry.is_empty() {
        return Err(Diagnostic::new(Code::InvalidRegistryKey, NO_REGISTRY).into());
    }
    validate_key(login.registry)?;
    let auth = base64::encode(format!("{}:{}", login.username, login.password).as_bytes());
    if let Some(bytes) = existing
        && bytes.iter().all(u8::is_ascii_whitespace)
    {
        let message = match login.style {
            Style::Oc => format!(
                "reading JSON file {target:?}: unmarshaling JSON at {target:?}: unexpected end of JSON input"
            ),
            Style::Preserve => {
                format!("{target} exists but is empty; remove it or give a pull secret")
            }
        };
        return Err(Diagnostic::new(Code::EmptyFile, message).into());
    }
    let (bytes, mut warnings) = match login.style {
        Style::Oc => login_oc(target, existing.unwrap_or(b"{\"auths\":{}}"), login, &auth)?,
        Style::Preserve => {
            let bytes = existing.unwrap_or(b"{\"auths\":{}}\n");
            let warnings = check_preserved(target, bytes, login)?;
            (login_preserve(target, bytes, login, &auth)?, warnings)
        }
    };
    // What `validate` says about the entry written, read from the new file.
    let written = document::parse_one(target, &bytes, Some(Format::DockerConfigJson))?;
    warnings.extend(
        pitfalls::find(&written)
            .into_iter()
            .filter(|d| d.key.as_deref() == Some(login.registry)),
    );
    Ok((bytes, warnings))
}

/// Preserve style: refuses a legacy file and a file the kubelet rejects (unless the entry
/// being replaced is the problem), and says when a credential helper shadows the entry.
fn check_preserved(
    target: &str,
    bytes: &[u8],
    login: &Login<'_>,
) -> Result<Vec<Diagnostic>, Error> {
    // The file is the login's target, not a pull secret a consumer reads: no rule cited.
    let config = document::parse_one(target, bytes, None)
        .map_err(|Error::InvalidInput(d)| Error::from(d.without_rule()))?;
    if config.format == Format::DockerCfg {
        return Err(Diagnostic::new(
            Code::LegacyTarget,
            format!(
                "{target} is a legacy .dockercfg (entries at the top level, no \"auths\"): adding an \"auths\" entry would mix the two formats, and the kubelet would read only one of them"
            ),
        )
        .without_rule()
        .into());
    }
    if let Some(rejected) = pitfalls::find(&config)
        .into_iter()
        .find(|d| d.severity == Severity::Error && d.key.as_deref() != Some(login.registry))
    {
        return Err(rejected.into());
    }
    let mut warnings = Vec::new();
    if let Ok(file) = AuthFile::decode(&config, Reader::Containers)
        && let Some(helper) = file.helper(login.registry)
    {
        warnings.push(
            Diagnostic::new(
                Code::CredentialHelper,
                format!(
                    "\"credHelpers\" names {helper:?} for this registry: CRI-O and podman ask docker-credential-{helper} and never read the entry written here"
                ),
            )
            .key(login.registry)
            .at_source(target),
        );
    }
    Ok(warnings)
}

fn login_oc(
    target: &str,
    bytes: &[u8],
    login: &Login<'_>,
    auth: &str,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Error> {
    let unmarshal = |message: &str| {
        Diagnostic::new(
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
    let mut file = AuthFile::decode_go(config, Reader::Containers).map_err(|e| unmarshal(&e.go))?;
    if let Some(helper) = file.helper(login.registry) {
        return Err(Diagnostic::new(
            Code::CredentialHelper,
            format!(
                "updating {target:?}: \"credHelpers\" names {helper:?} for {}: oc would store the credentials with docker-credential-{helper}, not in the file; pullsecret runs no credential helper",
                login.registry
            ),
        )
        .severity(Severity::Error)
        .without_rule()
        .into());
    }
    let mut warnings = Vec::new();
    if config.format == Format::DockerCfg && !file.auths.is_empty() {
        warnings.push(
            Diagnostic::new(
                Code::MemberDropped,
                format!(
                    "{target} is a legacy .dockercfg: its {} entries are dropped, as oc drops them",
                    file.auths.len()
                ),
            )
            .at_source(target),
        );
    }
    file.auths.retain(|(k, _)| k != login.registry);
    file.auths.push((
        login.registry.to_owned(),
        crate::input::authfile::RawEntry {
            auth: auth.to_owned(),
            ..Default::default()
        },
    ));
    // Go marshals maps with sorted keys; a repeated helper registry keeps its last helper.
    sort::stable(&mut file.auths, |a, b| a.0 < b.0);
    let mut helpers: Vec<(String, String)> = Vec::new();
    for (registry, helper) in &file.cred_helpers {
        helpers.retain(|(r, _)| r != registry);
        helpers.push((registry.clone(), helper.clone()));
    }
    sort::stable(&mut helpers, |a, b| a < b);
    let auths = file
        .auths
        .iter()
        .map(|(key, entry)| {
            let mut fields = Vec::new();
            if !entry.auth.is_empty() {
                fields.push(("auth", string(&entry.auth)));
            }
            if !entry.identity_token.is_empty() {
                fields.push(("identitytoken", string(&entry.identity_token)));
            }
            (key.as_str(), object(fields))
        })
        .collect();
    let mut members = vec![("auths", object(auths))];
    if !helpers.is_empty() {
        let helpers = helpers
            .iter()
            .map(|(r, h)| (r.as_str(), string(h)))
            .collect();
        members.push(("credHelpers", object(helpers)));
    }
    Ok((
        json::write(&object(members), JsonStyle::TABS).into_bytes(),
        warnings,
    ))
}

/// Splices the new entry into the original bytes: replaces the entry's value when the key
/// exists in `auths`, else appends it there (or adds `auths`).
fn login_preserve(
    target: &str,
    bytes: &[u8],
    login: &Login<'_>,
    auth: &str,
) -> Result<Vec<u8>, Error> {
    let root =
        json::parse(bytes).map_err(|e| Place::file(bytes).invalid_json(&e).at_source(target))?;
    let Kind::Object(members) = &root.kind else {
        return Err(Diagnostic::new(
            Code::WrongJsonType,
            format!(
                "the file must be a JSON object, not {}",
                root.kind.type_name()
            ),
        )
        .without_rule()
        .into());
    };
    let mut fields = vec![("auth", string(auth))];
    if let Some(email) = login.email {
        fields.push(("email", string(email)));
    }
    let entry = json::write(&object(fields), JsonStyle::COMPACT);
    let key = json::quote(login.registry, true);
    let splice = |at: usize, end: usize, text: &str| {
        let mut out = bytes[..at].to_vec();
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(&bytes[end..]);
        out
    };
    // The entry Go would end up with for the key is replaced where it is written.
    let map = crate::input::registry_map::RegistryMap::walk(&root, Format::DockerConfigJson);
    if let Some(existing) = map.get(login.registry) {
        let value = existing.value();
        return Ok(splice(value.offset, value.end, &entry));
    }
    let Some(auths) = root.members_named("auths").last().map(|m| &m.value) else {
        let comma = if members.is_empty() { "" } else { "," };
        return Ok(splice(
            root.offset + 1,
            root.offset + 1,
            &format!("\"auths\":{{{key}:{entry}}}{comma}"),
        ));
    };
    match &auths.kind {
        Kind::Object(entries) => Ok(insert_member(bytes, auths, entries, &key, &entry)),
        Kind::Null => Ok(splice(
            auths.offset,
            auths.end,
            &format!("{{{key}:{entry}}}"),
        )),
        other => Err(Diagnostic::new(
            Code::WrongJsonType,
            format!("\"auths\" must be an object, not {}", other.type_name()),
        )
        .without_rule()
        .into()),
    }
}

/// Appends `key: entry` after the last member of an object, copying the separator and
/// colon spacing the file already uses.
fn insert_member(
    bytes: &[u8],
    object: &Value,
    members: &[Member],
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
        String::from_utf8(super::login("f", Some(input.as_bytes()), &login).unwrap().0).unwrap()
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
    fn preserve_replaces_the_entry_in_whichever_auths_holds_it() {
        let input = r#"{"auths":{"quay.io":{"auth":"YTpi"}},"Auths":{"b.io":{"auth":"YTpi"}}}"#;
        assert_eq!(
            preserve(input, "quay.io"),
            r#"{"auths":{"quay.io":{"auth":"dTpw"}},"Auths":{"b.io":{"auth":"YTpi"}}}"#
        );
    }
}
