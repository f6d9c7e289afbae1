//! `oc set data secret/NAME --from-file=KEY=FILE` (rule O5): the updated Secret with
//! everything else in it kept, and the API server's check of pull-secret data.

use crate::diagnostic::{Code, Diagnostic, Error, Severity};
use crate::go::base64;
use crate::go::json::{Kind, Member, Value, object, string};
use crate::input::document::{self, Input};
use crate::input::kube;

use super::secret;
use super::sources::{self, Sources};

/// One `oc set data secret/NAME --from-file=[KEY=]FILE`.
#[derive(Debug, Clone, Copy)]
pub struct SetData<'a> {
    /// `secret/NAME` or `secrets/NAME`, as oc takes it.
    pub target: &'a str,
    pub namespace: Option<&'a str>,
    /// `--from-file` and what the host found at its path.
    pub sources: Sources<'a>,
    /// The Secret as it is now (`oc get secret -o yaml`), if known.
    pub current: Option<Input<'a>>,
    /// Skip the API server's validation of the value for the Secret's type.
    pub force: bool,
}

/// The updated Secret, and whether anything changed (oc: `info: NAME was not changed`). The
/// current Secret is decoded and printed as oc holds it (`kube::round_trip`): what oc drops
/// (unknown members, `status`, `managedFields`) is dropped here too.
pub fn set_data(request: &SetData<'_>) -> Result<(Value, bool), Error> {
    let name = target_name(request.target)?;
    let (key, value) = sources::one_file(&request.sources)?;
    let (key, value) = (key.as_str(), value.as_slice());
    let mut secret = match request.current {
        Some(current) => {
            let found = document::load_objects(current)?
                .into_iter()
                .find(|o| {
                    o.get("kind").and_then(Value::as_str) == Some("Secret")
                        && o.get("metadata")
                            .and_then(|m| m.get("name"))
                            .and_then(Value::as_str)
                            == Some(name)
                })
                .ok_or_else(|| {
                    Diagnostic::new(
                        Code::SecretNotFound,
                        format!("secret {name:?} is not in the current manifest"),
                    )
                })?;
            let decoded = kube::round_trip(&found, &kube::SECRET).map_err(|d| {
                let message = format!("unable to decode {:?}: {}", current.source, d.message);
                Diagnostic {
                    message,
                    key: None,
                    ..d
                }
            })?;
            check_namespace(&decoded, request.namespace)?;
            decoded
        }
        None => {
            let secret_type = match key {
                ".dockerconfigjson" => "kubernetes.io/dockerconfigjson",
                ".dockercfg" => "kubernetes.io/dockercfg",
                _ => "Opaque",
            };
            let mut metadata = vec![("name", string(name))];
            if let Some(ns) = request.namespace {
                metadata.push(("namespace", string(ns)));
            }
            object(vec![
                ("kind", string("Secret")),
                ("apiVersion", string("v1")),
                ("metadata", object(metadata)),
                ("data", object(vec![])),
                ("type", string(secret_type)),
            ])
        }
    };
    let secret_type = secret
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("Opaque")
        .to_owned();
    if !request.force {
        secret::api_server_check(&secret_type, key, value)?;
    }
    let encoded = base64::encode(value);
    let Kind::Object(members) = &mut secret.kind else {
        unreachable!("the round trip gives an object")
    };
    // `stringData` would override `data` on the server: the new value must not be shadowed.
    for m in members.iter_mut().filter(|m| m.name == "stringData") {
        if let Kind::Object(entries) = &mut m.value.kind {
            entries.retain(|e| e.name != key);
        }
    }
    members.retain(|m| !(m.name == "stringData" && m.value.kind == Kind::Object(Vec::new())));
    // `data` goes where the Go struct has it: after `immutable`, before `stringData` and `type`.
    if !members.iter().any(|m| m.name == "data") {
        let at = members
            .iter()
            .position(|m| m.name == "stringData" || m.name == "type")
            .unwrap_or(members.len());
        members.insert(
            at,
            Member {
                name: "data".into(),
                offset: 0,
                value: object(vec![]),
            },
        );
    }
    let data = members
        .iter_mut()
        .find(|m| m.name == "data")
        .map(|m| &mut m.value.kind);
    let Some(Kind::Object(entries)) = data else {
        unreachable!("data is an object after the round trip");
    };
    let changed = match entries.iter_mut().find(|e| e.name == key) {
        Some(existing) => {
            let same = existing.value.as_str() == Some(encoded.as_str());
            existing.value = string(&encoded);
            !same
        }
        None => {
            // A Go map: keys sorted.
            let at = entries.partition_point(|e| e.name.as_str() < key);
            entries.insert(
                at,
                Member {
                    name: key.to_owned(),
                    offset: 0,
                    value: string(&encoded),
                },
            );
            true
        }
    };
    Ok((secret, changed))
}

/// oc refuses `-n` that differs from the namespace the manifest names.
fn check_namespace(secret: &Value, namespace: Option<&str>) -> Result<(), Diagnostic> {
    let written = secret
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    match namespace {
        Some(given) if !written.is_empty() && given != written => Err(Diagnostic::new(
            Code::NamespaceMismatch,
            format!(
                "the namespace from the provided object {written:?} does not match the namespace {given:?}. You must pass '--namespace={written}' to perform this operation."
            ),
        )),
        _ => Ok(()),
    }
}

/// The Secret's name in oc's `secret/NAME` (or `secrets/NAME`) argument.
fn target_name(target: &str) -> Result<&str, Diagnostic> {
    match target.split_once('/') {
        Some(("secret" | "secrets", name)) if !name.is_empty() => Ok(name),
        _ => Err(Diagnostic::new(
            Code::NotASecret,
            format!("the target must be secret/NAME, not {target:?}"),
        )
        .severity(Severity::Error)
        .without_rule()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifests::sources::InMemory;

    fn file(bytes: &[u8]) -> InMemory {
        InMemory::new(".dockerconfigjson=f", "f", bytes)
    }

    #[test]
    fn set_data_keeps_everything_else() {
        let current = br#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"pull-secret","namespace":"openshift-config","labels":{"a":"b"}},"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e30=","other":"eA=="}}"#;
        let source = file(br#"{"auths":{}}"#);
        let request = SetData {
            target: "secret/pull-secret",
            namespace: None,
            sources: source.sources(),
            current: Some(Input {
                source: "current.json",
                bytes: current,
            }),
            force: false,
        };
        let (secret, changed) = set_data(&request).unwrap();
        assert!(changed);
        let yaml = crate::go::yaml::to_yaml(&secret);
        assert_eq!(
            yaml,
            "apiVersion: v1\ndata:\n  .dockerconfigjson: eyJhdXRocyI6e319\n  other: eA==\nkind: Secret\nmetadata:\n  labels:\n    a: b\n  name: pull-secret\n  namespace: openshift-config\ntype: kubernetes.io/dockerconfigjson\n"
        );
    }

    #[test]
    fn invalid_payload_is_rejected_like_the_api_server() {
        let source = file(b"not json");
        let request = SetData {
            target: "secrets/p",
            namespace: None,
            sources: source.sources(),
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
