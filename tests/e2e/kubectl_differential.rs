//! Differential tests against the real kubectl (`--dry-run=client`, no cluster, no network):
//! generated inputs for `create secret docker-registry`, `create secret generic` and
//! `create rolebinding`, compared byte for byte, stdout and exit status. Names, keys, types
//! and values are drawn from strings YAML 1.1 reads as other types (go-yaml quotes them),
//! strings with indicators, spaces and line breaks, long ones that go-yaml folds, and ordinary
//! ones. Where kubectl is not installed the tests say so and compare nothing, except under
//! `CI`, where that is a failure; `.ci/run` installs kubectl.

use pullsecret_tests::{Scratch, kubectl, kubectl_present, run};

use crate::BIN;
use crate::generated::{CONTENTS, KEYS, NAMES, Rng};

const CASES: usize = 100;

/// Runs `args` through pullsecret and kubectl and asserts the same stdout and exit status.
fn compare(args: &[String]) {
    let mut kubectl_args = args.to_vec();
    kubectl_args.push("--dry-run=client".into());
    assert_eq!(
        ours(args),
        theirs(&kubectl_args),
        "kubectl {}",
        kubectl_args
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
}

fn theirs(args: &[String]) -> (i32, String) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = kubectl(&args, None);
    (r.code, r.stdout)
}

/// Ours in the shape of the kubectl on our machines (1.32).
fn ours(args: &[String]) -> (i32, String) {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    args.extend(["--compat", "kubectl-1.33"]);
    let r = run(BIN, &args, None);
    (if r.code == 0 { 0 } else { 1 }, r.stdout)
}

#[test]
fn create_secret_docker_registry_and_rolebinding_match_kubectl_on_random_inputs() {
    if !kubectl_present("nothing compared") {
        return;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let servers = [
        "registry.example.com",
        "quay.io",
        "REGISTRY.Example.com",
        "https://r.example.com:8443/v2/",
        "localhost:5000",
        "http://r.io",
        "a&b.io",
    ];
    let mut compared = 0;
    for i in 0..CASES {
        let mut args = vec![
            "create".to_owned(),
            "secret".into(),
            "docker-registry".into(),
            if rng.chance(3) {
                rng.pick(NAMES).to_owned()
            } else {
                format!("s{i}")
            },
        ];
        if !rng.next().is_multiple_of(4) {
            args.push(format!("--docker-server={}", rng.pick(&servers)));
        }
        args.push(format!("--docker-username={}", rng.text()));
        args.push(format!("--docker-password={}", rng.text()));
        if rng.next().is_multiple_of(2) {
            args.push(format!(
                "--docker-email={}",
                if rng.next().is_multiple_of(3) {
                    String::new()
                } else {
                    rng.text()
                }
            ));
        }
        if rng.chance(3) {
            args.push(format!("--namespace={}", rng.pick(NAMES)));
        }
        if rng.next().is_multiple_of(4) {
            args.push("--append-hash".into());
        }
        args.push("-o".into());
        args.push(
            if rng.next().is_multiple_of(2) {
                "json"
            } else {
                "yaml"
            }
            .into(),
        );
        compare(&args);
        compared += 1;
    }
    let names = [
        "alice",
        "system:serviceaccount:p:x",
        "bob@example.com",
        "Zed",
        "ü",
    ];
    for i in 0..CASES {
        let mut args = vec![
            "create".to_owned(),
            "rolebinding".into(),
            format!("rb{i}"),
            "--clusterrole=system:image-puller".into(),
        ];
        for _ in 0..rng.next() % 3 {
            args.push(format!("--user={}", rng.pick(&names)));
        }
        for _ in 0..rng.next() % 3 {
            args.push(format!(
                "--group=system:serviceaccounts:{}",
                rng.pick(&["a", "project-a", "b"])
            ));
        }
        for _ in 0..rng.next() % 3 {
            args.push(format!(
                "--serviceaccount={}:{}",
                rng.pick(&["project-a", "b"]),
                rng.pick(&["default", "builder"])
            ));
        }
        args.push("-n".into());
        args.push("project-b".into());
        args.push("-o".into());
        args.push(
            if rng.next().is_multiple_of(2) {
                "json"
            } else {
                "yaml"
            }
            .into(),
        );
        compare(&args);
        compared += 1;
    }
    assert_eq!(compared, 2 * CASES);
}

#[test]
fn create_secret_generic_matches_kubectl_on_yaml_ambiguous_inputs() {
    if !kubectl_present("nothing compared") {
        return;
    }
    let scratch = Scratch::new("kubectl-generic");
    let files: Vec<String> = CONTENTS
        .iter()
        .enumerate()
        .map(|(i, bytes)| scratch.file(&format!("f{i}"), bytes))
        .collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for i in 0..CASES {
        let mut args = vec![
            "create".to_owned(),
            "secret".into(),
            "generic".into(),
            if rng.chance(2) {
                rng.pick(NAMES).to_owned()
            } else {
                format!("g{i}")
            },
        ];
        let mut keys: Vec<&str> = Vec::new();
        for _ in 0..1 + rng.next() % 4 {
            let key = rng.pick(KEYS);
            if !keys.contains(&key) {
                keys.push(key);
                let file = &files[(rng.next() % files.len() as u64) as usize];
                args.push(format!("--from-file={key}={file}"));
            }
        }
        if rng.chance(2) {
            args.push(format!("--type={}", rng.pick(NAMES)));
        }
        if rng.chance(3) {
            args.push(format!("--namespace={}", rng.pick(NAMES)));
        }
        if rng.chance(4) {
            args.push("--append-hash".into());
        }
        args.push("-o".into());
        args.push(if rng.chance(2) { "json" } else { "yaml" }.into());
        compare(&args);
    }
}

#[test]
fn create_serviceaccount_matches_kubectl_for_every_name() {
    if !kubectl_present("nothing compared") {
        return;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for name in NAMES {
        let mut args = vec!["create".to_owned(), "serviceaccount".into(), (*name).into()];
        if rng.chance(2) {
            args.push(format!("--namespace={}", rng.pick(NAMES)));
        }
        args.push("-o".into());
        args.push(if rng.chance(2) { "json" } else { "yaml" }.into());
        compare(&args);
    }
}
