//! `tests/vectors/kubelet.json` (the kubelet's keyring tests and the rules derived from them)
//! as WIT calls. `kubectl_dockerconfigjson` vectors are the payloads of the kubectl goldens of
//! the same name; the `kubectl` suite compares those manifests whole (see `kubectl.rs`).

use pullsecret_guest::go::base64;
use serde_json::{Value, json};

use super::{Case, bytes_json, config_arg, read_json, text, vectors_dir};

const SUITE: &str = "kubelet";

/// The vectors, each mapped as `tests/e2e/kubelet_vectors.rs` interprets it.
pub fn cases() -> Vec<Case> {
    let all = read_json(&vectors_dir().join("kubelet.json"));
    let all = all.as_array().expect("kubelet.json is a list");
    let mut cases = Vec::new();
    for v in all {
        let name = format!("{SUITE}/{}", text(v, "name"));
        match text(v, "kind").as_str() {
            "lookup" => cases.extend(lookup(&name, v)),
            "parse_error" | "parse_ok" => cases.push(parse(&name, v)),
            "normalize_image" => cases.push(Case::new(
                name,
                "keyring.normalize-image",
                vec![v["image"].clone()],
                if v["expect_error"] == true {
                    invalid_input()
                } else {
                    json!({"ok": v["expect_lookup"]})
                },
            )),
            "urls_match" => cases.push(Case::new(
                name,
                "keyring.keys",
                vec![json!([v["glob"]]), v["target"].clone()],
                json!({"keys": [{"key": v["glob"], "matches": v["expect"]}]}),
            )),
            "is_default_registry" => cases.push(Case::new(
                name,
                "keyring.keys",
                vec![json!([]), v["input"].clone()],
                json!({"target": v["input"], "default-registry": v["expect"]}),
            )),
            "kubectl_dockerconfigjson" => {} // in the kubectl suite
            other => panic!("kubelet.json: vector kind {other} is not mapped"),
        }
    }
    cases
}

/// `{"err": invalid-input}`, whatever the diagnostic.
pub fn invalid_input() -> Value {
    json!({"err": {"tag": "invalid-input"}})
}

/// The bytes of a single-config vector: `config_raw`, `input`, or `config` compact.
fn config_bytes(v: &Value) -> Vec<u8> {
    match (&v["config_raw"], &v["input"]) {
        (Value::String(raw), _) | (_, Value::String(raw)) => raw.clone().into_bytes(),
        _ => v["config"].to_string().into_bytes(),
    }
}

/// A Secret manifest holding one secret of a `secrets` vector.
fn secret_manifest(i: usize, s: &Value) -> Vec<u8> {
    let secret_type = text(s, "type");
    let data_key = s["data_key"].as_str().map_or_else(
        || {
            if secret_type == "kubernetes.io/dockercfg" {
                ".dockercfg".to_owned()
            } else {
                ".dockerconfigjson".to_owned()
            }
        },
        str::to_owned,
    );
    json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": format!("secret-{i}")},
        "type": secret_type,
        "data": {data_key: base64::encode(s["data"].to_string().as_bytes())},
    })
    .to_string()
    .into_bytes()
}

fn is_pull_secret_type(secret_type: &str) -> bool {
    matches!(
        secret_type,
        "kubernetes.io/dockerconfigjson" | "kubernetes.io/dockercfg"
    )
}

/// A `lookup` vector: `keyring.match-images` under kubelet semantics, the credentials
/// compared by index key (`normalized`), user name, password and email, in order. A Secret
/// of another type is no pull secret: `config.parse` of it must give no config.
fn lookup(name: &str, v: &Value) -> Vec<Case> {
    let mut cases = Vec::new();
    let secrets: Vec<Value> = match v["secrets"].as_array() {
        Some(secrets) => {
            let mut args = Vec::new();
            for (i, s) in secrets.iter().enumerate() {
                let source = format!("secret-{i}.json");
                let manifest = secret_manifest(i, s);
                if is_pull_secret_type(&text(s, "type")) {
                    args.push(config_arg(&source, &manifest, None));
                } else {
                    cases.push(Case::new(
                        format!("{name} (config.parse: {source} is no pull secret)"),
                        "config.parse",
                        vec![json!(source), bytes_json(&manifest), Value::Null],
                        json!({"ok": {"configs": []}}),
                    ));
                }
            }
            if args.is_empty() {
                return cases;
            }
            args
        }
        None => vec![config_arg(
            "config.json",
            &config_bytes(v),
            v["format"].as_str(),
        )],
    };
    let (image, raw) = match v["image"].as_str() {
        Some(image) => (image.to_owned(), false),
        None => (text(v, "lookup"), true),
    };
    let expect = v["expect"].as_array().expect("lookup vector with expect");
    let unordered = v["expect_order"] == "unspecified";
    let credentials: Vec<Value> = expect
        .iter()
        .map(|c| {
            if unordered {
                json!({"normalized": c["key"]})
            } else {
                json!({
                    "normalized": c["key"],
                    "username": c["username"],
                    "password": c["password"],
                    "email": c["email"],
                })
            }
        })
        .collect();
    let name = if unordered {
        format!("{name} (order unspecified upstream: keys only)")
    } else {
        name.to_owned()
    };
    cases.push(Case::new(
        name,
        "keyring.match-images",
        vec![
            json!("kubelet"),
            json!({"secrets": secrets, "node": [], "images": [image], "raw": raw}),
        ],
        json!({"ok": {"results": [{
            "image": image,
            "answer": {"semantics": "kubelet", "lookup": v["lookup"], "credentials": credentials},
        }]}}),
    ));
    cases
}

/// `parse_error` / `parse_ok`: `config.parse` with the format forced. Bytes that are not
/// JSON fail the call; JSON the kubelet cannot decode gives a config whose `entries` fail
/// (the kubelet rejects the config, rules P1-P4). A config it decodes has the entries of the
/// members it holds, in file order.
fn parse(name: &str, v: &Value) -> Case {
    let bytes = config_bytes(v);
    let format = text(v, "format");
    let json: Option<Value> = serde_json::from_slice(&bytes).ok();
    let expect = match (v["expect_error"] == true, json) {
        (true, None) => invalid_input(),
        (true, Some(_)) => json!({"ok": {"configs": [{"entries": invalid_input()}]}}),
        (false, Some(root)) => {
            let members = if format == "dockercfg" {
                &root
            } else {
                &root["auths"]
            };
            let keys: Vec<Value> = members
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .map(|k| json!({"key": k}))
                .collect();
            json!({"ok": {"configs": [{"format": format, "entries": {"ok": keys}}]}})
        }
        (false, None) => panic!("{name}: a parse_ok vector that is not JSON"),
    };
    Case::new(
        name,
        "config.parse",
        vec![json!("config.json"), bytes_json(&bytes), json!(format)],
        expect,
    )
}
