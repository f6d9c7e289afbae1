//! `tests/vectors/openshift-golden/` where a golden is one WIT call with an exact answer:
//! `registry-login/` (`oc registry login --to`, checked against the real oc) as `edit.login`,
//! and `global-pull-secret/` as `edit.node-config` (what the Machine Config Operator writes)
//! and `edit.merge` (HyperShift's global pull secret, the original winning).

use serde_json::{Value, json};

use super::kubectl::error_with_message;
use super::{Case, bytes_json, config_arg, read_json, vectors_dir};

const SUITE: &str = "openshift";

/// (case id, reason): registry-login goldens with no WIT call of their own.
const NOT_MAPPED: &[(&str, &str)] = &[(
    "e1",
    "`--auth-basic=nocolon` is refused while the CLI reads its flags: no WIT call is made",
)];

pub fn cases() -> Vec<Case> {
    let mut cases = registry_login();
    cases.extend(global_pull_secret());
    cases
}

fn read(path: &str) -> Vec<u8> {
    let path = vectors_dir().join("openshift-golden").join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `--name=value` of a case's argument list.
fn flag(args: &[Value], name: &str) -> Option<String> {
    args.iter()
        .filter_map(Value::as_str)
        .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_owned))
}

/// Each case as the CLI's `login --compat oc` makes it: the file written, or oc's message.
fn registry_login() -> Vec<Case> {
    let all = read_json(&vectors_dir().join("openshift-golden/registry-login/cases.json"));
    let mut cases = Vec::new();
    for case in all["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().expect("id");
        if NOT_MAPPED.iter().any(|(n, _)| *n == id) {
            continue;
        }
        let args = case["args"].as_array().expect("args");
        let to = flag(args, "to").expect("--to");
        let existing = match (
            case["input_file"].as_str(),
            case["input_file_contents"].as_str(),
        ) {
            (Some(file), _) => bytes_json(&read(&format!("registry-login/{file}"))),
            (None, Some(contents)) => bytes_json(contents.as_bytes()),
            (None, None) => Value::Null,
        };
        let pair = flag(args, "auth-basic").expect("--auth-basic");
        let (username, password) = pair.split_once(':').expect("user:password");
        let (expect, compared) = match case["stderr"].as_str() {
            Some(stderr) => (error_with_message(stderr), "message"),
            None => {
                let file = case["expected_file"].as_str().expect("expected_file");
                (
                    json!({"ok": {"bytes": bytes_json(&read(&format!("registry-login/{file}")))}}),
                    "file written",
                )
            }
        };
        cases.push(Case::new(
            format!("{SUITE}/registry-login {id} [{compared}]"),
            "edit.login",
            vec![
                json!(to),
                existing,
                json!({
                    "registry": flag(args, "registry").unwrap_or_default(),
                    "username": username,
                    "password": password,
                    "email": null,
                    "style": "oc",
                }),
            ],
            expect,
        ));
    }
    cases
}

fn global_pull_secret() -> Vec<Case> {
    let file = |name: &str| read(&format!("global-pull-secret/{name}"));
    let config = |name: &str| config_arg(name, &file(name), None);
    vec![
        Case::new(
            format!("{SUITE}/global-pull-secret mco node config [bytes]"),
            "edit.node-config",
            vec![config("mco.pull-secret.in.json")],
            json!({"ok": bytes_json(&file("mco.var-lib-kubelet-config.json"))}),
        ),
        Case::new(
            format!("{SUITE}/global-pull-secret hypershift merge, original wins [bytes]"),
            "edit.merge",
            vec![
                config("hypershift.original.json"),
                json!([config("hypershift.additional.json")]),
                json!("base"),
            ],
            json!({"ok": {"bytes": bytes_json(&file("hypershift.global-pull-secret.json"))}}),
        ),
    ]
}
