//! Every vector of `tests/vectors/kubelet.json` (copied from `../shared/vectors/`), run
//! through the built CLI and so through the component. Vectors we cannot pass yet are listed
//! in `KNOWN_FAILURES` with the reason; the test fails if one of them starts passing, so the
//! list stays true.

use std::collections::BTreeMap;

use pullsecret_tests::{Run, Scratch, run, vectors};
use serde_json::{Value, json};

use pullsecret_guest::go::base64;

use crate::BIN;

/// (vector name prefix, reason).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn cli(args: &[&str]) -> Run {
    run(BIN, args, None)
}

fn text(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_owned()
}

/// Writes a vector's input as files and returns the `match`/`parse` arguments naming them.
fn input_args(scratch: &Scratch, v: &Value) -> Vec<String> {
    if let Some(secrets) = v["secrets"].as_array() {
        return secrets
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                let secret_type = text(s, "type");
                let data_key = s["data_key"]
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| {
                        if secret_type == "kubernetes.io/dockercfg" {
                            ".dockercfg".into()
                        } else {
                            ".dockerconfigjson".into()
                        }
                    });
                let payload = base64::encode(s["data"].to_string().as_bytes());
                let manifest = json!({
                    "apiVersion": "v1",
                    "kind": "Secret",
                    "metadata": {"name": format!("secret-{i}")},
                    "type": secret_type,
                    "data": {data_key: payload},
                });
                let path =
                    scratch.file(&format!("secret-{i}.json"), manifest.to_string().as_bytes());
                ["--secret".to_owned(), path]
            })
            .collect();
    }
    let bytes = match (&v["config_raw"], &v["input"], &v["config"]) {
        (Value::String(raw), _, _) | (_, Value::String(raw), _) => raw.clone(),
        (_, _, config) => config.to_string(),
    };
    let path = scratch.file("config.json", bytes.as_bytes());
    vec!["--format".into(), text(v, "format"), path]
}

/// `Ok(())` when the CLI's answer agrees with the vector, else what differed.
fn check(v: &Value) -> Result<(), String> {
    let scratch = Scratch::new("vector");
    match text(v, "kind").as_str() {
        "lookup" => check_lookup(&scratch, v),
        "parse_error" | "parse_ok" => {
            let mut args = vec!["parse".to_owned(), "-o".into(), "json".into()];
            let mut input = input_args(&scratch, v);
            // `parse` takes the file as a positional argument.
            let file = input.pop().unwrap_or_default();
            args.extend(input);
            args.push(file);
            let r = cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
            let want_error = v["expect_error"].as_bool().unwrap_or(false);
            match (want_error, r.code) {
                (true, 2) if r.stdout.is_empty() && r.stderr.starts_with("error: ") => Ok(()),
                (false, 0) => Ok(()),
                _ => Err(format!(
                    "exit {} stdout {:?} stderr {:?}",
                    r.code, r.stdout, r.stderr
                )),
            }
        }
        "normalize_image" => {
            let r = cli(&["match", &text(v, "image"), "-o", "json"]);
            if v["expect_error"].as_bool() == Some(true) {
                return if r.code == 2 && r.stdout.is_empty() {
                    Ok(())
                } else {
                    Err(format!("expected exit 2, got {}: {}", r.code, r.stdout))
                };
            }
            let got = r.json()[0]["lookup"].clone();
            if got == v["expect_lookup"] {
                Ok(())
            } else {
                Err(format!("lookup {got}"))
            }
        }
        "urls_match" => {
            let r = cli(&[
                "key",
                &text(v, "glob"),
                "--against",
                &text(v, "target"),
                "-o",
                "json",
            ]);
            let got = r.json()["keys"][0]["matches"].clone();
            if got == v["expect"] {
                Ok(())
            } else {
                Err(format!("matches {got}"))
            }
        }
        "is_default_registry" => {
            let r = cli(&["key", "--against", &text(v, "input"), "-o", "json"]);
            let got = r.json()["default_registry"].clone();
            if got == v["expect"] {
                Ok(())
            } else {
                Err(format!("default_registry {got}"))
            }
        }
        "kubectl_dockerconfigjson" => check_kubectl_payload(v),
        other => Err(format!("kind {other} is not supported")),
    }
}

/// `create secret docker-registry` with the vector's flags: the exact payload bytes (E1–E3).
fn check_kubectl_payload(v: &Value) -> Result<(), String> {
    let a = &v["args"];
    let mut args = vec![
        "create".to_owned(),
        "secret".into(),
        "docker-registry".into(),
        "s".into(),
        "-o".into(),
        "json".into(),
    ];
    if let Some(server) = a["server"].as_str() {
        args.push(format!("--docker-server={server}"));
    }
    for (flag, field) in [
        ("--docker-username", "username"),
        ("--docker-password", "password"),
        ("--docker-email", "email"),
    ] {
        if let Some(value) = a[field].as_str() {
            args.push(format!("{flag}={value}"));
        }
    }
    let r = cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
    if r.code != 0 {
        return Err(format!("exit {}: {}", r.code, r.stderr));
    }
    let encoded = r.json()["data"][".dockerconfigjson"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // Decode with the CLI itself: a Secret manifest through `extract`.
    let scratch = Scratch::new("kubectl");
    let file = scratch.file("secret.json", r.stdout.as_bytes());
    let decoded = cli(&["extract", &file]).stdout;
    if decoded == v["expect_dockerconfigjson"].as_str().unwrap_or_default() {
        Ok(())
    } else {
        Err(format!("payload {decoded:?} (data {encoded})"))
    }
}

fn check_lookup(scratch: &Scratch, v: &Value) -> Result<(), String> {
    let mut args = vec![
        "match".to_owned(),
        "-o".into(),
        "json".into(),
        "--show-secrets".into(),
    ];
    let inputs = input_args(scratch, v);
    if v["secrets"].is_array() {
        args.extend(inputs);
    } else {
        let (file, flags) = inputs.split_last().expect("a file");
        args.extend(flags.iter().cloned());
        args.extend(["--secret".into(), file.clone()]);
    }
    match v["image"].as_str() {
        Some(image) => args.push(image.to_owned()),
        None => args.extend(["--raw".into(), text(v, "lookup")]),
    }
    let r = cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
    if r.code != 0 {
        return Err(format!("exit {}: {}", r.code, r.stderr));
    }
    let result = &r.json()[0];
    if result["lookup"] != v["lookup"] {
        return Err(format!("lookup {} != {}", result["lookup"], v["lookup"]));
    }
    let simplify = |list: &Value| -> Vec<String> {
        list.as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                let key = if c.get("normalized").is_some() {
                    "normalized"
                } else {
                    "key"
                };
                format!(
                    "{}|{}|{}|{}",
                    text(c, key),
                    text(c, "username"),
                    text(c, "password"),
                    text(c, "email")
                )
            })
            .collect()
    };
    let mut got = simplify(&result["credentials"]);
    let mut want = simplify(&v["expect"]);
    if v["expect_order"] == "unspecified" {
        got.sort();
        want.sort();
    }
    if got == want {
        Ok(())
    } else {
        Err(format!("credentials {got:?} != {want:?}"))
    }
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "the tally and known failures are the test's report"
)]
fn kubelet_vectors_through_the_cli() {
    let all = vectors("kubelet.json");
    assert!(
        all.len() >= 130,
        "the vector file lost cases: {}",
        all.len()
    );
    let mut outcomes = BTreeMap::new();
    for v in &all {
        assert!(v["source"].is_string(), "vector without source: {v}");
        outcomes.insert(text(v, "name"), check(v));
    }
    let known = |name: &str| {
        KNOWN_FAILURES
            .iter()
            .find(|(prefix, _)| name.starts_with(prefix))
    };
    let mut problems = Vec::new();
    let (mut passed, mut known_failed) = (0, 0);
    for (name, outcome) in &outcomes {
        match (outcome, known(name)) {
            (Ok(()), None) => passed += 1,
            (Err(_), Some(_)) => known_failed += 1,
            (Err(why), None) => problems.push(format!("FAIL {name}: {why}")),
            (Ok(()), Some(_)) => {
                problems.push(format!("{name} passes now: remove it from KNOWN_FAILURES"))
            }
        }
    }
    for (prefix, reason) in KNOWN_FAILURES {
        eprintln!("known failure {prefix}*: {reason}");
    }
    eprintln!("kubelet vectors: {passed} passed, {known_failed} known failures");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
