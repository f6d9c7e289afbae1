//! Differential tests against the real kubectl (`--dry-run=client`, no cluster, no network):
//! generated inputs for `create secret docker-registry`, `create secret generic` and
//! `create rolebinding`, compared byte for byte, stdout and exit status. Names, keys, types
//! and values are drawn from strings YAML 1.1 reads as other types (go-yaml quotes them),
//! strings with indicators, spaces and line breaks, long ones that go-yaml folds, and ordinary
//! ones. Where kubectl is not installed the tests say so and compare nothing, except under
//! `CI`, where that is a failure; `.ci/run` installs kubectl.

use pullsecret_tests::{Scratch, kubectl, run};

use crate::BIN;
use crate::generated::{CONTENTS, KEYS, NAMES, Rng};

const CASES: usize = 100;

/// What a run printed: the exit status (any failure is 1), stdout, and for a failure the
/// message of a one-line `error: ...` (kubectl's own errors; cobra's usage errors, `Error:
/// ...`, are worded otherwise than clap's, and ours escapes control characters).
type Outcome = (i32, String, Option<String>);

fn outcome(r: pullsecret_tests::Run) -> Outcome {
    if r.code == 0 {
        return (0, r.stdout, None);
    }
    let message = r
        .stderr
        .strip_prefix("error: ")
        .and_then(|m| m.strip_suffix('\n'))
        .filter(|m| !m.chars().any(char::is_control))
        // kubectl quotes a literal source it cannot read; we do not (it may be a secret).
        .map(|m| match m.find("invalid literal source") {
            Some(0) => "invalid literal source".to_owned(),
            _ => m.to_owned(),
        });
    (1, r.stdout, message)
}

/// Runs `args` through pullsecret and kubectl and asserts the same stdout, exit status and
/// error message.
fn compare(args: &[String]) {
    let mut kubectl_args = args.to_vec();
    kubectl_args.push("--dry-run=client".into());
    let theirs = outcome(kubectl(&strs(&kubectl_args), None));
    let mut ours_args = strs(args);
    ours_args.extend(["--compat", "kubectl-1.33"]);
    let mut ours = outcome(run(BIN, &ours_args, None));
    if theirs.2.is_none() {
        ours.2 = None;
    }
    assert_eq!(
        ours,
        theirs,
        "kubectl {}",
        kubectl_args
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn create_secret_docker_registry_and_rolebinding_match_kubectl_on_random_inputs() {
    pullsecret_tests::require_kubectl();
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
    pullsecret_tests::require_kubectl();
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
    pullsecret_tests::require_kubectl();
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

/// Keys kubectl refuses, beside the valid ones of `KEYS`.
const BAD_KEYS: &[&str] = &["+1", "~", "a b", "é", "a/b", "..", "1:20", ".", "..a", ""];

#[test]
fn create_secret_generic_sources_match_kubectl() {
    pullsecret_tests::require_kubectl();
    let scratch = Scratch::new("kubectl-sources");
    let dir = scratch.path().join("dir");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    for (name, bytes) in [
        ("a.txt", &b"a"[..]),
        (".hidden", b"h"),
        ("Yes", b"1"),
        ("0x1f", b""),
    ] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::os::unix::fs::symlink(dir.join("a.txt"), dir.join("link")).unwrap();
    let bad_dir = scratch.path().join("bad dir");
    std::fs::create_dir_all(&bad_dir).unwrap();
    std::fs::write(bad_dir.join("a b"), b"x").unwrap();
    let file = scratch.file("f.txt", b"hello");
    let comma = scratch.file("c,d", b"comma");
    let env = scratch.file(
        "e.env",
        "\u{feff}A=1\r\n  # comment\n\nB= spaced =x \nHOME\nUNSET_PULLSECRET_TEST\n".as_bytes(),
    );
    let bad_env = scratch.file("bad.env", b"1A=x\n");
    let (dir, bad_dir) = (dir.display().to_string(), bad_dir.display().to_string());
    let file_sources = [
        file.clone(),
        format!("k={file}"),
        format!("Yes={file}"),
        dir.clone(),
        format!("{dir}/"),
        format!("k={dir}"),
        bad_dir,
        format!("{file},{dir}"),
        format!("\"{comma}\""),
        comma,
        format!("={file}"),
        "k=".to_owned(),
        format!("a=b={file}"),
        format!("{file}.missing"),
        format!("\"{file}"),
        format!("{file}\"x"),
        String::new(),
    ];
    let mut rng = Rng(0x7a3c_19e5_5d2b_8f41);
    for i in 0..CASES {
        let mut args = strings(&["create", "secret", "generic", &format!("g{i}")]);
        if rng.chance(5) {
            args.push(format!(
                "--from-env-file={}",
                if rng.chance(3) { &bad_env } else { &env }
            ));
        }
        for _ in 0..rng.next() % 3 {
            let source = &file_sources[(rng.next() % file_sources.len() as u64) as usize];
            args.push(format!("--from-file={source}"));
        }
        for _ in 0..rng.next() % 3 {
            let key = if rng.chance(3) {
                rng.pick(BAD_KEYS)
            } else {
                rng.pick(KEYS)
            };
            args.push(match rng.next() % 4 {
                0 => key.to_owned(),
                1 => format!("{key}=a=b"),
                _ => format!("{key}={}", rng.pick(NAMES)),
            });
            let last = args.pop().unwrap();
            args.push(format!("--from-literal={last}"));
        }
        if rng.chance(3) {
            args.push("--append-hash".into());
        }
        args.extend(strings(&[
            "-o",
            if rng.chance(2) { "json" } else { "yaml" },
        ]));
        compare(&args);
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}
