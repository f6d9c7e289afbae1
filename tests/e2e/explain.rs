//! `explain` through the built CLI: a verdict with a reason for every key of every vector's
//! config, for every consumer, agreeing with what `match` answers.

use std::collections::BTreeSet;

use pullsecret_tests::{Scratch, example, run, vectors};
use serde_json::Value;

use crate::BIN;

/// Keys of a config as the consumers see them (last duplicate wins, any `auths` case).
fn keys(format: &str, config: &Value) -> BTreeSet<String> {
    let map = if format == "dockercfg" {
        Some(config)
    } else {
        config
            .as_object()
            .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("auths")))
            .map(|(_, v)| v)
    };
    map.and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn explain_and_match(file: &str, format: &str, image: &str, raw: bool) -> (Value, Vec<Value>) {
    let mut args = vec![
        "explain", image, "--format", format, "-f", file, "-o", "json",
    ];
    if raw {
        args.push("--raw");
    }
    let r = run(BIN, &args, None);
    assert_eq!(r.code, 0, "{image}: {}", r.stderr);
    let explained = r.json()[0].clone();
    let mut matched = Vec::new();
    for semantics in ["kubelet", "containers", "docker"] {
        let mut args = vec![
            "match",
            image,
            "--semantics",
            semantics,
            "--format",
            format,
            "-f",
            file,
            "-o",
            "json",
        ];
        if raw {
            args.push("--raw");
        }
        let r = run(BIN, &args, None);
        matched.push(if r.code == 0 {
            r.json()[0].clone()
        } else {
            Value::Null
        });
    }
    (explained, matched)
}

fn check(name: &str, format: &str, config: &Value, image: &str, raw: bool) {
    let scratch = Scratch::new("explain");
    let file = scratch.file("config.json", config.to_string().as_bytes());
    let (explained, matched) = explain_and_match(&file, format, image, raw);
    let want = keys(format, config);
    let consumers = explained["consumers"].as_array().expect("consumers");
    assert_eq!(consumers.len(), 3, "{name}");
    for (consumer, matched) in consumers.iter().zip(&matched) {
        let semantics = consumer["semantics"].as_str().unwrap_or_default();
        if !consumer["error"].is_null() {
            // A consumer that fails the lookup (M2, a bad selected entry) fails `match` too.
            assert!(
                matched.is_null(),
                "{name} [{semantics}]: explain failed but match answered"
            );
            continue;
        }
        let verdicts = consumer["verdicts"].as_array().expect("verdicts");
        let got: BTreeSet<String> = verdicts
            .iter()
            .filter_map(|v| v["key"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(got, want, "{name} [{semantics}]: a key without a verdict");
        for v in verdicts {
            let reason = v["reason"].as_str().unwrap_or_default();
            assert!(
                reason.len() > 8,
                "{name} [{semantics}]: empty reason for {}",
                v["key"]
            );
            assert_eq!(
                v["used"],
                v.get("rank").is_some(),
                "{name}: used and rank disagree"
            );
        }
        let answer: Vec<&Value> = consumer["answer"]
            .as_array()
            .expect("answer")
            .iter()
            .map(|c| &c["key"])
            .collect();
        let from_match: Vec<&Value> = matched["credentials"]
            .as_array()
            .map(|c| c.iter().map(|c| &c["key"]).collect())
            .unwrap_or_default();
        assert_eq!(
            answer, from_match,
            "{name} [{semantics}]: explain and match disagree"
        );
    }
}

#[test]
fn explain_gives_a_reason_for_every_key_of_every_vector() {
    let mut checked = 0;
    for v in vectors("kubelet.json") {
        if v["kind"] != "lookup" || !v["config"].is_object() {
            continue;
        }
        let name = v["name"].as_str().unwrap_or_default();
        let format = v["format"].as_str().unwrap_or_default();
        match v["image"].as_str() {
            Some(image) => check(name, format, &v["config"], image, false),
            None => check(
                name,
                format,
                &v["config"],
                v["lookup"].as_str().unwrap_or_default(),
                true,
            ),
        }
        checked += 1;
    }
    for v in vectors("containers.json") {
        let name = v["name"].as_str().unwrap_or_default();
        check(
            name,
            "dockerconfigjson",
            &v["config"],
            v["image"].as_str().unwrap_or_default(),
            false,
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} vectors checked");
}

#[test]
fn explain_text_shows_every_consumer_and_masks_secrets() {
    let r = run(
        BIN,
        &[
            "explain",
            "quay.io/other/app",
            "--secret",
            &example("pull-secret.json"),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "kubelet      → quay.io (myuser)",
        "CRI-O/podman → quay.io (myuser)",
        "docker CLI   → quay.io (myuser)",
    ] {
        assert!(r.stdout.contains(line), "{line} missing:\n{}", r.stdout);
    }
    assert!(
        r.stdout
            .contains("no: path /repository-main is not a prefix of /other/app (rule K4)")
    );
    assert!(!r.stdout.contains("quayPassw0rd"));
}

#[test]
fn explain_with_a_node_config_says_who_answers() {
    let scratch = Scratch::new("explain-node");
    let node = scratch.file(
        "config.json",
        br#"{"auths":{"https://quay.io/v2/":{"auth":"Yjoy"},"other.io":{"auth":"!"}}}"#,
    );
    let sa = example("sa-dockercfg.yaml");
    let r = run(
        BIN,
        &[
            "explain",
            "quay.io/org/app",
            "-f",
            &sa,
            "--node-config",
            &node,
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.json()[0];
    assert_eq!(out["answered_by"], "crio");
    let kubelet = &out["consumers"][0];
    assert_eq!(kubelet["notes"][0]["code"], "node-config-skipped");
    let skipped: Vec<&Value> = kubelet["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["source"] == node.as_str())
        .collect();
    assert_eq!(skipped.len(), 2, "every node key gets a verdict: {kubelet}");
    let crio = &out["consumers"][1];
    assert_eq!(crio["answer"][0]["key"], "https://quay.io/v2/");
    let not_read = crio["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["source"] == sa.as_str())
        .count();
    assert_eq!(not_read, 2, "pull secrets are listed as not read by CRI-O");
}
