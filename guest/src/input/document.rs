//! Pull-secret documents as users have them: a raw docker config file, or Kubernetes Secret
//! manifests (JSON, YAML, a `List`, a multi-document stream). For Secrets only the `type`
//! decides the format, as in the kubelet (rules S1, S2).

use crate::diagnostic::{Code, Diagnostic, Error, Rule};
use crate::go::base64::{self, Padding};
use crate::go::json::{self, Keep, Kind, Member, Value};
use crate::input::kube;

use super::config::{DockerConfig, SecretOrigin};
use super::place::Place;
use super::registry_map::Format;
use super::yaml;

/// One document as the host gives it: its label (usually the file path) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub source: &'a str,
    pub bytes: &'a [u8],
}

/// Everything read from one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub configs: Vec<DockerConfig>,
    pub notes: Vec<Diagnostic>,
}

const DOCKERCONFIGJSON_TYPE: &str = "kubernetes.io/dockerconfigjson";
const DOCKERCFG_TYPE: &str = "kubernetes.io/dockercfg";

/// S1: the Secret types the kubelet reads pull credentials from, with the format and data
/// key of each; `None` for every other type.
pub fn pull_secret_format(secret_type: &str) -> Option<(Format, &'static str)> {
    match secret_type {
        DOCKERCONFIGJSON_TYPE => Some((Format::DockerConfigJson, ".dockerconfigjson")),
        DOCKERCFG_TYPE => Some((Format::DockerCfg, ".dockercfg")),
        _ => None,
    }
}

/// Reads one input. JSON with `kind` or `apiVersion`, and any YAML, are manifests, whose
/// Secrets' `type` picks the format (S1). Other JSON is a raw config: in the `forced` format
/// if given (no sniffing, like a Secret of that type, S2), else in the detected one.
pub fn parse(source: &str, bytes: &[u8], forced: Option<Format>) -> Result<Document, Error> {
    let mut document = read(source, bytes, forced)
        .map_err(|Error::InvalidInput(d)| Error::from(d.at_source(source)))?;
    for note in &mut document.notes {
        note.source = Some(source.to_owned());
    }
    Ok(document)
}

/// The UTF-8 byte order mark some editors put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn read(source: &str, bytes: &[u8], forced: Option<Format>) -> Result<Document, Error> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    // Go's JSON decoder, which every consumer of a pull secret uses, stops at a byte order
    // mark; kubectl's YAML reader skips it, so a YAML manifest is read without it.
    if let Some(rest) = bytes.strip_prefix(BOM) {
        let json = matches!(
            rest.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        );
        if json || forced.is_some() {
            return Err(Diagnostic::new(
                Code::InvalidJson,
                "the file starts with a UTF-8 byte order mark (bytes EF BB BF): Go's JSON decoder, which the kubelet, CRI-O and oc use, rejects it (\"invalid character 'ï' looking for beginning of value\"); save the file without it",
            )
            .at("1:1")
            .rule(Rule::P1)
            .into());
        }
        return manifests(source, yaml::load(rest)?);
    }
    match json::parse(bytes) {
        Ok(root) if root.get("kind").is_some() || root.get("apiVersion").is_some() => {
            manifests(source, vec![root])
        }
        Ok(root) => {
            let format = forced.unwrap_or_else(|| detect_format(&root));
            Ok(Document {
                configs: vec![DockerConfig::new(
                    format,
                    source,
                    None,
                    root,
                    bytes.to_vec(),
                    String::new(),
                )],
                notes: Vec::new(),
            })
        }
        Err(e) if forced.is_some() || matches!(first, Some(b'{' | b'[') | None) => {
            Err(Place::file(bytes).invalid_pull_secret(&e).into())
        }
        Err(_) => manifests(source, yaml::load(bytes)?),
    }
}

/// Reads an input that must hold exactly one pull secret (`node-config`, `merge`, `diff`).
pub fn parse_one(
    source: &str,
    bytes: &[u8],
    forced: Option<Format>,
) -> Result<DockerConfig, Error> {
    let document = parse(source, bytes, forced)?;
    let found = document.configs.len();
    match <[DockerConfig; 1]>::try_from(document.configs) {
        Ok([config]) => Ok(config),
        Err(configs) => Err(not_one(source, found, &configs).into()),
    }
}

/// The payload of the one pull secret of a Secret manifest, byte for byte (`extract`: what
/// `oc get secret --template='{{index .data ".dockerconfigjson" | base64decode}}'` prints).
pub fn extract(source: &str, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let document = parse(source, bytes, None)?;
    if let [config] = document.configs.as_slice()
        && config.secret.is_none()
    {
        return Err(Diagnostic::new(
            Code::NotASecret,
            "this is a docker config file already, not a Secret manifest: there is nothing to extract",
        )
        .severity(crate::diagnostic::Severity::Error)
        .without_rule()
        .at_source(source)
        .into());
    }
    match document.configs.as_slice() {
        [config] => Ok(config.payload().to_vec()),
        configs => Err(not_one(source, configs.len(), configs).into()),
    }
}

/// The one pull secret of a JSON text, for unit tests.
#[cfg(test)]
pub(crate) fn config(source: &str, json: &str) -> DockerConfig {
    parse_one(source, json.as_bytes(), None).expect("a pull secret")
}

fn not_one(source: &str, found: usize, configs: &[DockerConfig]) -> Diagnostic {
    let names: Vec<String> = configs
        .iter()
        .filter_map(|c| c.secret.as_ref())
        .map(|s| s.name.clone())
        .collect();
    let named = if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    };
    Diagnostic::new(
        Code::NotOnePullSecret,
        format!("expected exactly one pull secret, found {found}{named}"),
    )
    .at_source(source)
}

/// The objects of a manifest file (JSON, YAML or a YAML stream), `List` items flattened;
/// an error names the file.
pub fn load_objects(input: Input<'_>) -> Result<Vec<Value>, Error> {
    let roots = load_documents(input, &Keep::All)?;
    Ok(roots.iter().flat_map(list_items).cloned().collect())
}

/// The documents of a manifest file (JSON, YAML or a YAML stream), as written, of JSON only
/// what `keep` asks for; an error names the file.
pub fn load_documents(input: Input<'_>, keep: &Keep) -> Result<Vec<Value>, Error> {
    documents(input.bytes, keep, None)
        .map_err(|Error::InvalidInput(d)| Error::from(d.at_source(input.source)))
}

/// [`load_documents`], with the items of a JSON document's top-level `items` handed to
/// `on_item` as they are read instead of kept ([`json::parse_items`]): a large `List` is never
/// held whole. Whether they are a `List`'s items is known from the document afterwards
/// ([`is_list`]); YAML documents come whole.
pub fn load_documents_streaming(
    input: Input<'_>,
    keep: &Keep,
    on_item: &mut dyn FnMut(usize, Value),
) -> Result<Vec<Value>, Error> {
    documents(input.bytes, keep, Some(on_item))
        .map_err(|Error::InvalidInput(d)| Error::from(d.at_source(input.source)))
}

fn documents(
    bytes: &[u8],
    keep: &Keep,
    on_item: Option<&mut dyn FnMut(usize, Value)>,
) -> Result<Vec<Value>, Error> {
    let json = match on_item {
        Some(on_item) => json::parse_items(bytes, keep, on_item),
        None => json::parse_pruned(bytes, keep),
    };
    match json {
        Ok(root) => Ok(vec![root]),
        Err(e) if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => {
            Err(Place::file(bytes).invalid_json(&e).into())
        }
        Err(_) => yaml::load(bytes),
    }
}

/// The objects of one document: a `List`'s items, nothing for an empty document, else the
/// document itself.
pub fn list_items(root: &Value) -> &[Value] {
    match root.get("items").map(|v| &v.kind) {
        Some(Kind::Array(items)) if is_list(root) => items,
        _ if root.kind == Kind::Null => &[],
        _ => std::slice::from_ref(root),
    }
}

/// Whether a document is a `List` (`List`, `PodList`, ...), whose `items` are its objects.
pub fn is_list(root: &Value) -> bool {
    root.get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| k.ends_with("List"))
}

/// A raw file is `.dockerconfigjson`-shaped when it has an `auths` member (any case, as the
/// kubelet would read it) or is a `config.json` with only helper settings; otherwise legacy.
fn detect_format(root: &Value) -> Format {
    let config_json_members = ["auths", "credHelpers", "credsStore", "HttpHeaders"];
    match &root.kind {
        Kind::Object(members) if !members.is_empty() => {
            if config_json_members
                .iter()
                .any(|name| root.members_named(name).next().is_some())
            {
                Format::DockerConfigJson
            } else {
                Format::DockerCfg
            }
        }
        _ => Format::DockerConfigJson,
    }
}

fn manifests(source: &str, roots: Vec<Value>) -> Result<Document, Error> {
    let mut document = Document {
        configs: Vec::new(),
        notes: Vec::new(),
    };
    for (index, root) in roots.iter().enumerate() {
        let what = if roots.len() > 1 {
            format!("document {}", index + 1)
        } else {
            "the manifest".to_owned()
        };
        object(source, root, &what, &mut document)?;
    }
    Ok(document)
}

fn object(source: &str, value: &Value, what: &str, document: &mut Document) -> Result<(), Error> {
    let kind = value
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if let Some(Kind::Array(items)) = value.get("items").map(|v| &v.kind)
        && kind.ends_with("List")
    {
        for (i, item) in items.iter().enumerate() {
            object(source, item, &format!("{what}, item {}", i + 1), document)?;
        }
        return Ok(());
    }
    if let Some(items) = value.get("items")
        && kind.ends_with("List")
        && items.kind != Kind::Null
    {
        // kubectl decodes a List's items as an array, and stops here.
        let message = format!(
            "{what} ({kind}): json: cannot unmarshal {} into Go struct field List.items of type []runtime.RawExtension",
            items.kind.type_name()
        );
        return Err(Diagnostic::new(Code::InvalidManifest, message).into());
    }
    if !matches!(value.kind, Kind::Object(_)) {
        if value.kind == Kind::Null {
            return Ok(()); // an empty YAML document
        }
        return Err(Diagnostic::new(
            Code::NotAPullSecretDocument,
            format!(
                "{what} is {} {}, not a docker config or a Kubernetes manifest",
                if matches!(value.kind, Kind::Array(_)) {
                    "an"
                } else {
                    "a"
                },
                value.kind.type_name()
            ),
        )
        .into());
    }
    match kind {
        "Secret" => secret(source, value, document),
        _ => {
            let shown = if kind.is_empty() { "no kind" } else { kind };
            document.notes.push(Diagnostic::new(
                Code::NotASecret,
                format!("{what} ({shown}) is not a Secret; skipped"),
            ));
            Ok(())
        }
    }
}

fn string_at<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .try_fold(value, |v, name| v.get(name))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// One Secret object read as the kubelet reads a pod's pull secret (S1): a config, a note
/// saying why the kubelet ignores it, or the error that fails every pull of a pod listing it
/// (M2). `source` labels the config and its errors.
pub fn read_secret(source: &str, value: &Value) -> Result<Document, Error> {
    let mut document = Document {
        configs: Vec::new(),
        notes: Vec::new(),
    };
    secret(source, value, &mut document)?;
    Ok(document)
}

/// S1: `kubernetes.io/dockerconfigjson` with a non-empty `.dockerconfigjson`, else
/// `kubernetes.io/dockercfg` with a non-empty `.dockercfg`; anything else is ignored.
fn secret(source: &str, value: &Value, document: &mut Document) -> Result<(), Error> {
    let name = string_at(value, &["metadata", "name"]);
    let namespace = string_at(value, &["metadata", "namespace"]);
    let label = if namespace.is_empty() {
        format!("secret {name:?}")
    } else {
        format!("secret \"{namespace}/{name}\"")
    };
    // kubectl decodes the manifest into the Secret type first: a member of the wrong type
    // fails it (`data` that is a string, `type` that is a number). A problem with the
    // pull-secret value itself is reported below, in the words of the consumer that reads it.
    if let Err(d) = kube::round_trip(value, &kube::SECRET) {
        let about_payload = matches!(d.key.as_deref(), Some(".dockerconfigjson" | ".dockercfg"));
        if !about_payload {
            let message = format!("{label}: {}", d.message);
            return Err(Diagnostic {
                message,
                key: None,
                ..d
            }
            .into());
        }
    }
    let secret_type = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("Opaque");
    let Some((format, data_key)) = pull_secret_format(secret_type) else {
        document.notes.push(Diagnostic::new(
            Code::SecretNotAPullSecret,
            format!("{label} has type {secret_type:?}; the kubelet does not use it for pulls"),
        ));
        return Ok(());
    };
    let payload = secret_payload(value, data_key, &label)?;
    if payload.is_empty() {
        document.notes.push(Diagnostic::new(
            Code::SecretEmptyData,
            format!("{label} has no {data_key:?} data; the kubelet ignores it"),
        ));
        return Ok(());
    }
    let prefix = format!("{label} {data_key}");
    let root = json::parse(&payload).map_err(|e| {
        let place = Place {
            bytes: &payload,
            prefix: &prefix,
            lines: None,
        };
        place.invalid_pull_secret(&e)
    })?;
    let origin = SecretOrigin {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
        secret_type: secret_type.to_owned(),
        data_key: data_key.to_owned(),
    };
    document.configs.push(DockerConfig::new(
        format,
        source,
        Some(origin),
        root,
        payload,
        prefix,
    ));
    Ok(())
}

/// The value the API server would store: `stringData` wins over base64 `data`.
fn secret_payload(value: &Value, data_key: &str, label: &str) -> Result<Vec<u8>, Error> {
    let member = |field: &str| -> Option<&Member> {
        match &value.get(field)?.kind {
            Kind::Object(members) => members.iter().rev().find(|m| m.name == data_key),
            _ => None,
        }
    };
    let not_string = |field: &str| {
        Diagnostic::new(
            Code::SecretDataNotString,
            format!("{label}: {field}[{data_key:?}] must be a string"),
        )
    };
    if let Some(m) = member("stringData") {
        return match &m.value.kind {
            Kind::String(s) => Ok(s.clone().into_bytes()),
            _ => Err(not_string("stringData").into()),
        };
    }
    let Some(m) = member("data") else {
        return Ok(Vec::new());
    };
    let Kind::String(encoded) = &m.value.kind else {
        return Err(not_string("data").into());
    };
    base64::decode(encoded.as_bytes(), Padding::Required).map_err(|_| {
        Diagnostic::new(
            Code::SecretDataNotBase64,
            format!("{label}: data[{data_key:?}] is not valid base64 (the API server rejects it)"),
        )
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_raw_formats() {
        let doc = parse("f", br#"{"quay.io":{"auth":"dTpw"}}"#, None).unwrap();
        assert_eq!(doc.configs[0].format, Format::DockerCfg);
        let doc = parse("f", br#"{"Auths":{}}"#, None).unwrap();
        assert_eq!(doc.configs[0].format, Format::DockerConfigJson);
    }

    #[test]
    fn yaml_secret_list_in_order_skipping_opaque() {
        let yaml = br#"
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  metadata: {name: a, namespace: ns}
  type: kubernetes.io/dockerconfigjson
  data:
    .dockerconfigjson: eyJhdXRocyI6eyJxdWF5LmlvIjp7ImF1dGgiOiJkVHB3In19fQ==
- kind: Secret
  metadata: {name: b}
  type: Opaque
  stringData: {x: "y"}
---
kind: Secret
metadata: {name: c}
type: kubernetes.io/dockercfg
stringData:
  .dockercfg: '{"r.io":{"username":"u","password":"p"}}'
"#;
        let doc = parse("s.yaml", yaml, None).unwrap();
        let names: Vec<_> = doc
            .configs
            .iter()
            .map(|c| c.secret.as_ref().unwrap().name.as_str())
            .collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(doc.configs[0].entries.as_ref().unwrap()[0].username, "u");
        assert_eq!(doc.notes[0].code, Code::SecretNotAPullSecret);
    }

    #[test]
    fn forced_format_applies_to_raw_files_only() {
        let json = br#"{"kind":"Secret","type":"kubernetes.io/dockercfg","stringData":{".dockercfg":"{}"}}"#;
        let doc = parse("s", json, Some(Format::DockerConfigJson)).unwrap();
        assert_eq!(doc.configs[0].format, Format::DockerCfg);
        let doc = parse("f", br#"{"quay.io":{}}"#, Some(Format::DockerConfigJson)).unwrap();
        assert!(doc.configs[0].entries.as_ref().unwrap().is_empty()); // S2: legacy bytes read as JSON format
    }

    #[test]
    fn plain_text_is_not_a_document() {
        let Error::InvalidInput(d) = parse("f", b"hello world", None).unwrap_err();
        assert_eq!(d.code, Code::NotAPullSecretDocument);
        let Error::InvalidInput(d) = parse("f", b"", None).unwrap_err();
        assert_eq!(d.code, Code::InvalidJson);
    }

    #[test]
    fn error_inside_a_secret_names_it() {
        let json = br#"{"kind":"Secret","metadata":{"name":"p"},"type":"kubernetes.io/dockercfg","stringData":{".dockercfg":"{\"q\":{\"auth\":\"!!\"}}"}}"#;
        let doc = parse("s.json", json, None).unwrap();
        let Err(Error::InvalidInput(d)) = &doc.configs[0].entries else {
            panic!("expected an error")
        };
        assert_eq!(d.location.as_deref(), Some("secret \"p\" .dockercfg 1:14"));
        assert_eq!(d.source.as_deref(), Some("s.json"));
    }
}
