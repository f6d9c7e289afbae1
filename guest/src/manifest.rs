//! Kubernetes manifests the tool prints: the writers (JSON as kubectl indents it, YAML with
//! sorted keys as `-o yaml` prints it) and `oc set data` (`specs/openshift.md` §d).

use crate::base64;
use crate::diagnostic::{Diagnostic, Error};
use crate::document;
use crate::json::{self, Kind, Member, Value};

/// How a manifest is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Yaml,
    Json,
}

fn object(members: Vec<(&str, Value)>) -> Value {
    Value::new(Kind::Object(
        members
            .into_iter()
            .map(|(name, value)| Member {
                name: name.to_owned(),
                offset: 0,
                value,
            })
            .collect(),
    ))
}

fn string(s: &str) -> Value {
    Value::new(Kind::String(s.to_owned()))
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

/// A YAML scalar: plain when YAML would read it back as the same string, else double-quoted.
fn yaml_scalar(s: &str) -> String {
    let reserved = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "no", "on", "off", "y", "n",
    ];
    let plain = !reserved.contains(&s)
        && s.parse::<f64>().is_err()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-+=@".contains(c))
        && !s.starts_with(['-', '@', '=']);
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
                    "secret-not-found",
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
            Diagnostic::error("not-a-secret", "the current manifest is not an object").into(),
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
            "invalid-secret-data",
            format!(
                "data[{wanted}]: Invalid value: \"<secret contents redacted>\": {why} (the API server rejects this; --force to write it anyway)"
            ),
        )
    };
    if key != wanted {
        return Err(Diagnostic::error(
            "invalid-secret-data",
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
