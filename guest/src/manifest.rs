//! Kubernetes manifests the tool prints: the writers (JSON as kubectl indents it, YAML with
//! sorted keys as `-o yaml` prints it) and `oc set data` (`specs/openshift.md` §d).

use crate::base64;
use crate::diagnostic::{Code, Diagnostic, Error};
use crate::document;
use crate::json::{self, Kind, Member, Value, object, string};

/// How a manifest is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Yaml,
    Json,
}

/// JSON with 4-space indent and a final newline, members in order (kubectl's `-o json`).
pub fn to_json(value: &Value) -> String {
    fn write(value: &Value, depth: usize, out: &mut String) {
        let pad = "    ".repeat(depth + 1);
        let close = "    ".repeat(depth);
        match &value.kind {
            Kind::Null => out.push_str("null"),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Number(n) => out.push_str(n),
            Kind::String(s) => out.push_str(&json::quote(s)),
            Kind::Array(items) if items.is_empty() => out.push_str("[]"),
            Kind::Object(members) if members.is_empty() => out.push_str("{}"),
            Kind::Array(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad);
                    write(item, depth + 1, out);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&close);
                out.push(']');
            }
            Kind::Object(members) => {
                out.push_str("{\n");
                for (i, m) in members.iter().enumerate() {
                    out.push_str(&format!("{pad}{}: ", json::quote(&m.name)));
                    write(&m.value, depth + 1, out);
                    out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
                }
                out.push_str(&close);
                out.push('}');
            }
        }
    }
    let mut out = String::new();
    write(value, 0, &mut out);
    out.push('\n');
    out
}

/// Non-ASCII that go-yaml writes unquoted: printable, not a space or line break.
fn printable_non_ascii(c: char) -> bool {
    !c.is_ascii()
        && !c.is_whitespace()
        && !c.is_control()
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// A YAML scalar: plain when YAML would read it back as the same string, else double-quoted.
fn yaml_scalar(s: &str) -> String {
    let reserved = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "no", "on", "off", "y", "n",
    ];
    // `:` is plain unless it could start a mapping value (`: ` or a trailing colon).
    let plain = !reserved.contains(&s)
        && s.parse::<f64>().is_err()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-+=@:".contains(c) || printable_non_ascii(c))
        && !s.starts_with(['-', '@', '=', ':'])
        && !s.ends_with(':');
    if plain { s.to_owned() } else { json::quote(s) }
}

/// YAML with keys sorted, as `kubectl -o yaml` prints objects.
pub fn to_yaml(value: &Value) -> String {
    fn write(value: &Value, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        match &value.kind {
            Kind::Object(members) => {
                let mut members: Vec<&Member> = members.iter().collect();
                members.sort_by(|a, b| a.name.cmp(&b.name));
                for m in members {
                    out.push_str(&format!("{pad}{}:", yaml_scalar(&m.name)));
                    match &m.value.kind {
                        Kind::Object(inner) if !inner.is_empty() => {
                            out.push('\n');
                            write(&m.value, indent + 1, out);
                        }
                        Kind::Array(items) if !items.is_empty() => {
                            out.push('\n');
                            write(&m.value, indent, out);
                        }
                        _ => {
                            out.push(' ');
                            write(&m.value, 0, out);
                            out.push('\n');
                        }
                    }
                }
            }
            Kind::Array(items) if !items.is_empty() => {
                for item in items {
                    out.push_str(&format!("{pad}- "));
                    let mut inner = String::new();
                    write(item, indent + 1, &mut inner);
                    out.push_str(inner.trim_start());
                    if !inner.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
            Kind::Array(_) => out.push_str("[]"),
            Kind::Null => out.push_str("null"),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Number(n) => out.push_str(n),
            Kind::String(s) => out.push_str(&yaml_scalar(s)),
        }
    }
    let mut out = String::new();
    write(value, 0, &mut out);
    if value.kind == Kind::Object(Vec::new()) {
        out.push_str("{}\n");
    }
    out
}

pub fn render(value: &Value, output: Output) -> String {
    match output {
        Output::Json => to_json(value),
        Output::Yaml => to_yaml(value),
    }
}

/// kubectl's default `--docker-server` (`create_secret_docker.go`).
pub const DEFAULT_DOCKER_SERVER: &str = "https://index.docker.io/v1/";

/// `kubectl create secret docker-registry` (rules E1–E6).
#[derive(Debug, Clone)]
pub struct DockerRegistrySecret<'a> {
    pub name: &'a str,
    pub namespace: Option<&'a str>,
    /// `None` when the flag is absent (kubectl's default applies); `Some("")` is an error.
    pub server: Option<&'a str>,
    pub username: &'a str,
    pub password: &'a str,
    pub email: &'a str,
    /// `--from-file` sources (key, bytes); they replace the generated payload.
    pub files: Vec<(String, Vec<u8>)>,
    pub append_hash: bool,
}

/// The Secret skeleton kubectl prints: kind, apiVersion, metadata (name, namespace,
/// creationTimestamp: null), data (keys sorted: a Go map), type.
fn secret_manifest(
    name: &str,
    namespace: Option<&str>,
    data: &[(String, Vec<u8>)],
    secret_type: &str,
    append_hash: bool,
) -> Value {
    let mut data: Vec<(String, String)> = data
        .iter()
        .map(|(k, v)| (k.clone(), base64::encode(v)))
        .collect();
    data.sort();
    data.dedup_by(|a, b| a.0 == b.0);
    let name = if append_hash {
        format!("{name}-{}", secret_hash(name, &data, secret_type))
    } else {
        name.to_owned()
    };
    let mut metadata = vec![("name", string(&name))];
    if let Some(ns) = namespace {
        metadata.push(("namespace", string(ns)));
    }
    metadata.push(("creationTimestamp", Value::new(Kind::Null)));
    object(vec![
        ("kind", string("Secret")),
        ("apiVersion", string("v1")),
        ("metadata", object(metadata)),
        (
            "data",
            Value::new(Kind::Object(
                data.iter()
                    .map(|(k, v)| Member {
                        name: k.clone(),
                        offset: 0,
                        value: string(v),
                    })
                    .collect(),
            )),
        ),
        ("type", string(secret_type)),
    ])
}

/// kubectl `hash.SecretHash` (E6): sha256 of the compact JSON of
/// `{"data", "kind", "name", "type"}`, first 10 hex digits with 0/1/3/a/e made letters.
fn secret_hash(name: &str, data: &[(String, String)], secret_type: &str) -> String {
    use sha2::{Digest, Sha256};
    let data: Vec<String> = data
        .iter()
        .map(|(k, v)| format!("{}:{}", json::quote(k), json::quote(v)))
        .collect();
    let encoded = format!(
        "{{\"data\":{{{}}},\"kind\":\"Secret\",\"name\":{},\"type\":{}}}",
        data.join(","),
        json::quote(name),
        json::quote(secret_type)
    );
    let digest = Sha256::digest(encoded.as_bytes());
    digest
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(10)
        .map(|n| match n {
            0 => 'g',
            1 => 'h',
            3 => 'k',
            0xa => 'm',
            0xe => 't',
            n => char::from_digit(u32::from(n), 16).unwrap_or('?'),
        })
        .collect()
}

/// The Secret kubectl would create, and warnings where the kubelet will read it otherwise
/// than meant.
pub fn docker_registry_secret(
    request: &DockerRegistrySecret<'_>,
) -> Result<(Value, Vec<Diagnostic>), Error> {
    let mut warnings = Vec::new();
    let data = if request.files.is_empty() {
        let server = request.server.unwrap_or(DEFAULT_DOCKER_SERVER);
        if request.username.is_empty() || request.password.is_empty() || server.is_empty() {
            return Err(Diagnostic::error(
                Code::MissingCredentials,
                "either --from-file or the combination of --docker-username, --docker-password and --docker-server is required",
            )
            .into());
        }
        let auth = base64::encode(format!("{}:{}", request.username, request.password).as_bytes());
        let mut fields = Vec::new();
        for (name, value) in [
            ("username", request.username),
            ("password", request.password),
            ("email", request.email),
            ("auth", auth.as_str()),
        ] {
            if !value.is_empty() {
                fields.push(format!("{}:{}", json::quote(name), json::quote(value)));
            }
        }
        let payload = format!(
            "{{\"auths\":{{{}:{{{}}}}}}}",
            json::quote(server),
            fields.join(",")
        );
        if request.username.contains(':') {
            warnings.push(
                Diagnostic::warning(Code::ColonInUsername, "the user name contains ':': the kubelet splits auth at the first colon, so it will send a different user and password").rule("E8"),
            );
        }
        let parsed = crate::keyring::parse_key(server);
        let versioned = server.contains("/v1/") || server.contains("/v2/");
        if server != DEFAULT_DOCKER_SERVER && (server.to_lowercase() != server || versioned) {
            warnings.push(
                Diagnostic::warning(Code::ServerKeyNotNormalized, format!("the server key {server:?} is used verbatim; the kubelet matches hosts case-sensitively and reads it as {:?}", parsed.normalized.unwrap_or_default())).rule("E3"),
            );
        }
        vec![(".dockerconfigjson".to_owned(), payload.into_bytes())]
    } else {
        request.files.clone()
    };
    for (key, bytes) in &data {
        if key == ".dockerconfigjson" {
            warn_if_legacy(bytes, &mut warnings);
        }
    }
    Ok((
        secret_manifest(
            request.name,
            request.namespace,
            &data,
            "kubernetes.io/dockerconfigjson",
            request.append_hash,
        ),
        warnings,
    ))
}

/// A legacy `.dockercfg` payload given as `.dockerconfigjson` parses to nothing (rule S2).
fn warn_if_legacy(bytes: &[u8], warnings: &mut Vec<Diagnostic>) {
    if let Ok(root) = json::parse(bytes)
        && let Kind::Object(members) = &root.kind
        && !members.is_empty()
        && root.members_named("auths").next().is_none()
    {
        warnings.push(Diagnostic::warning(
            Code::LegacyFormatAsDockerconfigjson,
            "the .dockerconfigjson value has no \"auths\" member (legacy .dockercfg format?): the kubelet reads it as zero credentials",
        ).rule("S2"));
    }
}

/// `kubectl create secret generic NAME --from-file=KEY=FILE... --type=T`.
pub fn generic_secret(
    name: &str,
    namespace: Option<&str>,
    secret_type: Option<&str>,
    files: &[(String, Vec<u8>)],
    append_hash: bool,
) -> (Value, Vec<Diagnostic>) {
    let secret_type = secret_type.unwrap_or("Opaque");
    let mut warnings = Vec::new();
    if secret_type == "kubernetes.io/dockerconfigjson" {
        for (_, bytes) in files.iter().filter(|(k, _)| k == ".dockerconfigjson") {
            warn_if_legacy(bytes, &mut warnings);
        }
    }
    (
        secret_manifest(name, namespace, files, secret_type, append_hash),
        warnings,
    )
}

/// One `oc set data secret/NAME --from-file=KEY=FILE`.
#[derive(Debug, Clone, Copy)]
pub struct SetData<'a> {
    pub name: &'a str,
    pub namespace: Option<&'a str>,
    pub key: &'a str,
    pub value: &'a [u8],
    /// The Secret as it is now (`oc get secret -o yaml`), if known.
    pub current: Option<&'a [u8]>,
    /// Skip the API server's validation of the value for the Secret's type.
    pub force: bool,
}

/// The updated Secret, and whether anything changed (oc: `info: NAME was not changed`).
pub fn set_data(request: &SetData<'_>) -> Result<(Value, bool), Error> {
    let mut secret = match request.current {
        Some(bytes) => document::load_objects(bytes)?
            .into_iter()
            .find(|o| {
                o.get("kind").and_then(Value::as_str) == Some("Secret")
                    && o.get("metadata")
                        .and_then(|m| m.get("name"))
                        .and_then(Value::as_str)
                        == Some(request.name)
            })
            .ok_or_else(|| {
                Diagnostic::error(
                    Code::SecretNotFound,
                    format!("secret {:?} is not in the current manifest", request.name),
                )
            })?,
        None => {
            let secret_type = match request.key {
                ".dockerconfigjson" => "kubernetes.io/dockerconfigjson",
                ".dockercfg" => "kubernetes.io/dockercfg",
                _ => "Opaque",
            };
            let mut metadata = vec![("name", string(request.name))];
            if let Some(ns) = request.namespace {
                metadata.push(("namespace", string(ns)));
            }
            object(vec![
                ("apiVersion", string("v1")),
                ("kind", string("Secret")),
                ("metadata", object(metadata)),
                ("type", string(secret_type)),
                ("data", object(vec![])),
            ])
        }
    };
    let secret_type = secret
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("Opaque")
        .to_owned();
    if !request.force {
        validate(&secret_type, request.key, request.value)?;
    }
    let encoded = base64::encode(request.value);
    let Kind::Object(members) = &mut secret.kind else {
        return Err(
            Diagnostic::error(Code::NotASecret, "the current manifest is not an object").into(),
        );
    };
    // `stringData` would override `data` on the server: the new value must not be shadowed.
    for m in members.iter_mut().filter(|m| m.name == "stringData") {
        if let Kind::Object(entries) = &mut m.value.kind {
            entries.retain(|e| e.name != request.key);
        }
    }
    if !members
        .iter()
        .any(|m| m.name == "data" && matches!(m.value.kind, Kind::Object(_)))
    {
        members.retain(|m| m.name != "data");
        members.push(Member {
            name: "data".into(),
            offset: 0,
            value: object(vec![]),
        });
    }
    let data = members
        .iter_mut()
        .find(|m| m.name == "data")
        .map(|m| &mut m.value.kind);
    let Some(Kind::Object(entries)) = data else {
        unreachable!("data was made an object above");
    };
    let changed = match entries.iter_mut().find(|e| e.name == request.key) {
        Some(existing) => {
            let same = existing.value.as_str() == Some(encoded.as_str());
            existing.value = string(&encoded);
            !same
        }
        None => {
            entries.push(Member {
                name: request.key.to_owned(),
                offset: 0,
                value: string(&encoded),
            });
            true
        }
    };
    Ok((secret, changed))
}

/// What `ValidateSecret` checks for the pull-secret types, with the API server's wording.
fn validate(secret_type: &str, key: &str, value: &[u8]) -> Result<(), Diagnostic> {
    let wanted = match secret_type {
        "kubernetes.io/dockerconfigjson" => ".dockerconfigjson",
        "kubernetes.io/dockercfg" => ".dockercfg",
        _ => return Ok(()),
    };
    let invalid = |why: String| {
        Diagnostic::error(
            Code::InvalidSecretData,
            format!(
                "data[{wanted}]: Invalid value: \"<secret contents redacted>\": {why} (the API server rejects this; --force to write it anyway)"
            ),
        )
    };
    if key != wanted {
        return Err(Diagnostic::error(
            Code::InvalidSecretData,
            format!(
                "data[{wanted}]: Required value: a {secret_type} secret needs the key {wanted}, not {key} (--force to write it anyway)"
            ),
        ));
    }
    match json::parse(value) {
        Ok(v) if matches!(v.kind, Kind::Object(_)) => Ok(()),
        Ok(v) => Err(invalid(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            v.kind.type_name()
        ))),
        Err(e) => Err(invalid(e.message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_data_keeps_everything_else() {
        let current = br#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"pull-secret","namespace":"openshift-config","labels":{"a":"b"}},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30=","other":"eA=="}}"#;
        let request = SetData {
            name: "pull-secret",
            namespace: None,
            key: ".dockerconfigjson",
            value: br#"{"auths":{}}"#,
            current: Some(current),
            force: false,
        };
        let (secret, changed) = set_data(&request).unwrap();
        assert!(changed);
        let yaml = to_yaml(&secret);
        assert_eq!(
            yaml,
            "apiVersion: v1\ndata:\n  .dockerconfigjson: eyJhdXRocyI6e319\n  other: eA==\nkind: Secret\nmetadata:\n  labels:\n    a: b\n  name: pull-secret\n  namespace: openshift-config\ntype: kubernetes.io/dockerconfigjson\n"
        );
    }

    #[test]
    fn invalid_payload_is_rejected_like_the_api_server() {
        let request = SetData {
            name: "p",
            namespace: None,
            key: ".dockerconfigjson",
            value: b"not json",
            current: None,
            force: false,
        };
        let Error::InvalidInput(d) = set_data(&request).unwrap_err();
        assert!(
            d.message.starts_with(
                "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\""
            )
        );
        assert!(
            set_data(&SetData {
                force: true,
                ..request
            })
            .is_ok()
        );
    }
}
