//! `tests/vectors/containers.json` as WIT calls: `expect` is what containers/image answered
//! (semantics `containers`), `oracle.docker28` what the docker 28 CLI answered (semantics
//! `docker`), interpreted as `tests/e2e/containers_vectors.rs` does.

use serde_json::{Value, json};

use super::kubelet::invalid_input;
use super::{Case, config_arg, read_json, text, vectors_dir};

const SUITE: &str = "containers";

pub fn cases() -> Vec<Case> {
    let all = read_json(&vectors_dir().join("containers.json"));
    let all = all.as_array().expect("containers.json is a list");
    let mut cases = Vec::new();
    for v in all {
        cases.push(containers(v));
        cases.push(docker(v));
    }
    cases
}

/// `keyring.match-images` of the vector's image with its config as the one pull secret.
fn call(v: &Value, semantics: &str) -> (String, Vec<Value>) {
    let image = text(v, "image");
    let args = vec![
        json!(semantics),
        json!({
            "secrets": [config_arg(
                "auth.json",
                v["config"].to_string().as_bytes(),
                Some("dockerconfigjson"),
            )],
            "node": [],
            "images": [image],
            "raw": false,
        }),
    ];
    (image, args)
}

/// One answer as the expected value of the call.
fn answer(image: &str, answer: Value) -> Value {
    json!({"ok": {"results": [{"image": image, "answer": answer}]}})
}

fn containers(v: &Value) -> Case {
    let (image, args) = call(v, "containers");
    let mut name = format!("{SUITE}/{} [containers]", text(v, "name"));
    let expect = &v["expect"];
    let expect = if expect.is_null() {
        answer(
            &image,
            json!({"semantics": "containers", "credentials": [], "credential-helper": null}),
        )
    } else if expect["error"] == true {
        // The oracle's error names the helper it tried to run: pullsecret runs none and names
        // it instead; any other error fails the call.
        let go = text(&v["oracle"], "go");
        match go.split_once("docker-credential-") {
            Some((_, rest)) => {
                let helper: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != ',')
                    .collect();
                answer(
                    &image,
                    json!({"semantics": "containers", "credentials": [], "credential-helper": helper}),
                )
            }
            None => invalid_input(),
        }
    } else if expect["username_any_of"].is_array() {
        name.push_str(" (upstream picks either entry: one credential, fields not compared)");
        answer(
            &image,
            json!({"semantics": "containers", "credentials": [{}]}),
        )
    } else {
        let mut credential = serde_json::Map::new();
        for (field, member) in [
            ("key", "key"),
            ("username", "username"),
            ("password", "password"),
            ("identitytoken", "identity-token"),
        ] {
            if !expect[field].is_null() {
                credential.insert(member.into(), expect[field].clone());
            }
        }
        answer(
            &image,
            json!({"semantics": "containers", "credentials": [credential]}),
        )
    };
    Case::new(name, "keyring.match-images", args, expect)
}

/// The docker 28 CLI's answer: `none`, `<identitytoken>` (an empty user name and the entry's
/// identity token), or the user name it sent.
fn docker(v: &Value) -> Case {
    let (image, args) = call(v, "docker");
    let oracle = text(&v["oracle"], "docker28");
    let credentials = match oracle.as_str() {
        "none" => json!([]),
        "<identitytoken>" => {
            let mut tokens: Vec<&Value> = v["config"]["auths"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
                .filter_map(|e| e.get("identitytoken"))
                .collect();
            tokens.dedup();
            match tokens.as_slice() {
                [token] => json!([{"username": "", "identity-token": token}]),
                _ => json!([{"username": ""}]),
            }
        }
        user => json!([{"username": user}]),
    };
    Case::new(
        format!("{SUITE}/{} [docker]", text(v, "name")),
        "keyring.match-images",
        args,
        answer(
            &image,
            json!({"semantics": "docker", "credentials": credentials}),
        ),
    )
}
