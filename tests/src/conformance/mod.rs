//! The conformance suite (`tests/conformance/`): WIT calls of the component and patterns for
//! the values they must return, generated from the vectors recorded from upstream
//! (`tests/vectors/`, `tests/snapshots/`), and a runner that makes the calls through
//! wasmtime's dynamic component API. `tests/conformance/README.md` specifies the format every
//! host reads.

mod containers;
pub mod kubectl;
mod kubelet;
pub mod oc;
mod openshift;
pub mod pattern;
pub mod runner;
mod validate;

use std::path::{Path, PathBuf};

use pullsecret_guest::go::base64;
use serde_json::{Map, Value, json};

/// The suites, in the order they are written and run.
pub const SUITES: &[&str] = &[
    "kubelet",
    "containers",
    "kubectl",
    "oc",
    "openshift",
    "validate",
];

/// `tests/` of the workspace.
fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/conformance/`, where the suites are committed.
pub fn suite_dir() -> PathBuf {
    tests_dir().join("conformance")
}

/// `tests/vectors/`.
fn vectors_dir() -> PathBuf {
    tests_dir().join("vectors")
}

/// One case of a suite, built up before it is encoded.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub call: String,
    pub args: Vec<Value>,
    pub expect: Value,
    pub known_failure: Option<String>,
}

impl Case {
    pub fn new(name: impl Into<String>, call: &str, args: Vec<Value>, expect: Value) -> Self {
        Case {
            name: name.into(),
            call: call.to_owned(),
            args,
            expect,
            known_failure: None,
        }
    }

    /// The case as the README encodes it.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("name".into(), self.name.clone().into());
        object.insert("call".into(), self.call.clone().into());
        object.insert("args".into(), Value::Array(self.args.clone()));
        object.insert("expect".into(), self.expect.clone());
        if let Some(reason) = &self.known_failure {
            object.insert("known-failure".into(), reason.clone().into());
        }
        Value::Object(object)
    }

    /// Reads a case of a suite file.
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let text = |key: &str| {
            value[key]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("case without {key}: {value}"))
        };
        Ok(Case {
            name: text("name")?,
            call: text("call")?,
            args: value["args"]
                .as_array()
                .cloned()
                .ok_or_else(|| format!("case without args: {value}"))?,
            expect: value
                .get("expect")
                .cloned()
                .ok_or_else(|| format!("case without expect: {value}"))?,
            known_failure: value["known-failure"].as_str().map(str::to_owned),
        })
    }
}

/// `list<u8>` as the README encodes it: `{"utf8": TEXT}` when the bytes are UTF-8, else
/// `{"base64": ...}`.
pub fn bytes_json(bytes: &[u8]) -> Value {
    match std::str::from_utf8(bytes) {
        Ok(text) => json!({ "utf8": text }),
        Err(_) => json!({ "base64": base64::encode(bytes) }),
    }
}

/// The bytes of a `{"utf8"}` / `{"base64"}` value.
pub fn json_bytes(value: &Value) -> Result<Vec<u8>, String> {
    if let Some(text) = value["utf8"].as_str() {
        return Ok(text.as_bytes().to_vec());
    }
    if let Some(encoded) = value["base64"].as_str() {
        return base64::decode(encoded.as_bytes(), base64::Padding::Required)
            .map_err(|e| format!("bad base64 in {value}: {e:?}"));
    }
    Err(format!("not a list<u8> encoding: {value}"))
}

/// The `$config` argument: the docker config `config.parse-one(source, bytes, forced)` makes.
pub fn config_arg(source: &str, bytes: &[u8], forced: Option<&str>) -> Value {
    json!({"$config": {"source": source, "bytes": bytes_json(bytes), "forced": forced}})
}

/// A suite file's text: 2-space pretty JSON and a newline.
pub fn render(suite: &str, cases: &[Case]) -> String {
    let value = json!({
        "suite": suite,
        "cases": cases.iter().map(Case::to_json).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).expect("JSON values serialize");
    text.push('\n');
    text
}

/// Every suite, generated from the vectors: (suite, cases).
pub fn generate() -> Vec<(&'static str, Vec<Case>)> {
    let cases = |suite: &str| -> Vec<Case> {
        let cases = match suite {
            "kubelet" => kubelet::cases(),
            "containers" => containers::cases(),
            "kubectl" => kubectl::cases(),
            "oc" => oc::cases(),
            "openshift" => openshift::cases(),
            "validate" => validate::cases(),
            other => unreachable!("suite {other}"),
        };
        let mut seen = std::collections::BTreeSet::new();
        for case in &cases {
            assert!(
                seen.insert(case.name.clone()),
                "two cases named {}",
                case.name
            );
        }
        cases
    };
    SUITES.iter().map(|s| (*s, cases(s))).collect()
}

/// The path of a suite's file.
pub fn suite_path(suite: &str) -> PathBuf {
    suite_dir().join(format!("{suite}.json"))
}

/// Reads a committed suite file.
pub fn load_suite(path: &Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    value["cases"]
        .as_array()
        .ok_or_else(|| format!("{}: no cases", path.display()))?
        .iter()
        .map(Case::from_json)
        .collect()
}

/// A file of a vector folder, as text.
fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A vector file's JSON.
fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read_text(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A string member of a vector, empty when absent.
fn text(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_owned()
}
