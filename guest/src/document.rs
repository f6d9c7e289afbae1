//! Pull-secret documents as users have them: a raw docker config file, or Kubernetes Secret
//! manifests (JSON, YAML, a `List`, a multi-document stream). For Secrets only the `type`
//! decides the format, as in the kubelet (rules S1, S2).

use crate::base64::{self, Padding};
use crate::diagnostic::{Code, Diagnostic, Error};
use crate::dockercfg::{self, Entry, Format, Place};
use crate::json::{self, Kind, Member, Value};

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
    pub entries: Result<Vec<Entry>, Error>,
    /// The pitfalls worth a warning (`lint::warnings`), found once per config: every lookup
    /// that answers from it shows them.
    pub(crate) warnings: std::cell::OnceCell<Vec<Diagnostic>>,
}

impl DockerConfig {
    fn new(
        format: Format,
        source: &str,
        secret: Option<SecretOrigin>,
        root: Value,
        bytes: Vec<u8>,
        prefix: String,
    ) -> Self {
        let place = Place {
            bytes: &bytes,
            prefix: &prefix,
        };
        let entries = dockercfg::decode_value(place, &root, format)
            .map_err(|Error::InvalidInput(d)| Error::InvalidInput(d.at_source(source)));
        DockerConfig {
            format,
            source: source.to_owned(),
            secret,
            root,
            bytes,
            prefix,
            entries,
            warnings: std::cell::OnceCell::new(),
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
        }
    }

    /// `line:column` of a byte offset in the config, prefixed as diagnostics are.
    pub fn locate(&self, offset: usize) -> String {
        self.place().locate(offset)
    }
}

/// Everything read from one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub configs: Vec<DockerConfig>,
    pub notes: Vec<Diagnostic>,
}

const DOCKERCONFIGJSON_TYPE: &str = "kubernetes.io/dockerconfigjson";
const DOCKERCFG_TYPE: &str = "kubernetes.io/dockercfg";

/// Reads one input. JSON with `kind` or `apiVersion`, and any YAML, are manifests, whose
/// Secrets' `type` picks the format (S1). Other JSON is a raw config: in the `forced` format
/// if given (no sniffing, like a Secret of that type, S2), else in the detected one.
pub fn parse(source: &str, bytes: &[u8], forced: Option<Format>) -> Result<Document, Error> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
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
        Err(e) if forced.is_some() || matches!(first, Some(b'{' | b'[') | None) => Err(
            Diagnostic::error(Code::InvalidJson, format!("not valid JSON: {}", e.message))
                .at(Place { bytes, prefix: "" }.locate(e.offset))
                .rule("P1")
                .into(),
        ),
        Err(_) => manifests(source, yaml::load(bytes)?),
    }
}

/// The objects of a manifest file (JSON, YAML or a YAML stream), `List` items flattened.
pub fn load_objects(bytes: &[u8]) -> Result<Vec<Value>, Error> {
    let roots = match json::parse(bytes) {
        Ok(root) => vec![root],
        Err(e) if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => {
            return Err(Diagnostic::error(
                Code::InvalidJson,
                format!("not valid JSON: {}", e.message),
            )
            .at(Place { bytes, prefix: "" }.locate(e.offset))
            .into());
        }
        Err(_) => yaml::load(bytes)?,
    };
    let mut objects = Vec::new();
    for root in roots {
        let is_list = root
            .get("kind")
            .and_then(Value::as_str)
            .is_some_and(|k| k.ends_with("List"));
        match root.get("items").map(|v| &v.kind) {
            Some(Kind::Array(items)) if is_list => objects.extend(items.iter().cloned()),
            _ if root.kind == Kind::Null => {}
            _ => objects.push(root),
        }
    }
    Ok(objects)
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
    if !matches!(value.kind, Kind::Object(_)) {
        if value.kind == Kind::Null {
            return Ok(()); // an empty YAML document
        }
        return Err(Diagnostic::error(
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
            document.notes.push(
                Diagnostic::info(
                    Code::NotASecret,
                    format!("{what} ({shown}) is not a Secret; skipped"),
                )
                .rule("S1"),
            );
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

/// S1: `kubernetes.io/dockerconfigjson` with a non-empty `.dockerconfigjson`, else
/// `kubernetes.io/dockercfg` with a non-empty `.dockercfg`; anything else is ignored.
fn secret(source: &str, value: &Value, document: &mut Document) -> Result<(), Error> {
    let name = string_at(value, &["metadata", "name"]);
    let namespace = string_at(value, &["metadata", "namespace"]);
    let secret_type = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("Opaque");
    let label = if namespace.is_empty() {
        format!("secret {name:?}")
    } else {
        format!("secret \"{namespace}/{name}\"")
    };
    let (format, data_key) = match secret_type {
        DOCKERCONFIGJSON_TYPE => (Format::DockerConfigJson, ".dockerconfigjson"),
        DOCKERCFG_TYPE => (Format::DockerCfg, ".dockercfg"),
        other => {
            document.notes.push(
                Diagnostic::info(
                    Code::SecretNotAPullSecret,
                    format!("{label} has type {other:?}; the kubelet does not use it for pulls"),
                )
                .rule("S1"),
            );
            return Ok(());
        }
    };
    let payload = secret_payload(value, data_key, &label)?;
    if payload.is_empty() {
        document.notes.push(
            Diagnostic::info(
                Code::SecretEmptyData,
                format!("{label} has no {data_key:?} data; the kubelet ignores it"),
            )
            .rule("S1"),
        );
        return Ok(());
    }
    let prefix = format!("{label} {data_key}");
    let root = json::parse(&payload).map_err(|e| {
        let place = Place {
            bytes: &payload,
            prefix: &prefix,
        };
        Diagnostic::error(Code::InvalidJson, format!("not valid JSON: {}", e.message))
            .at(place.locate(e.offset))
            .rule("P1")
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
        Diagnostic::error(
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
        Diagnostic::error(
            Code::SecretDataNotBase64,
            format!("{label}: data[{data_key:?}] is not valid base64 (the API server rejects it)"),
        )
        .into()
    })
}

/// YAML manifests, converted to the JSON model (positions are not kept).
mod yaml {
    use yaml_rust2::{Yaml, YamlLoader};

    use super::{Code, Diagnostic, Error, Kind, Member, Value};

    pub fn load(bytes: &[u8]) -> Result<Vec<Value>, Error> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(
                Code::InvalidYaml,
                format!("not UTF-8 at byte {}", e.valid_up_to()),
            )
        })?;
        let docs = YamlLoader::load_from_str(text).map_err(|e| {
            let mark = e.marker();
            Diagnostic::error(
                Code::InvalidYaml,
                format!("neither JSON nor valid YAML: {}", e.info()),
            )
            .at(format!("{}:{}", mark.line(), mark.col() + 1))
        })?;
        docs.iter().map(|d| convert(d, 0)).collect()
    }

    fn convert(yaml: &Yaml, depth: usize) -> Result<Value, Error> {
        if depth > 256 {
            return Err(Diagnostic::error(Code::InvalidYaml, "nesting is too deep").into());
        }
        let kind = match yaml {
            Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Kind::Null,
            Yaml::Boolean(b) => Kind::Bool(*b),
            Yaml::Integer(i) => Kind::Number(i.to_string()),
            Yaml::Real(r) => Kind::Number(r.clone()),
            Yaml::String(s) => Kind::String(s.clone()),
            Yaml::Array(items) => Kind::Array(
                items
                    .iter()
                    .map(|i| convert(i, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Yaml::Hash(map) => Kind::Object(
                map.iter()
                    .map(|(k, v)| {
                        let name = match k {
                            Yaml::String(s) | Yaml::Real(s) => s.clone(),
                            Yaml::Integer(i) => i.to_string(),
                            Yaml::Boolean(b) => b.to_string(),
                            _ => String::new(),
                        };
                        Ok(Member {
                            name,
                            offset: 0,
                            value: convert(v, depth + 1)?,
                        })
                    })
                    .collect::<Result<_, Error>>()?,
            ),
        };
        Ok(Value::new(kind))
    }
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
  stringData: {x: y}
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
