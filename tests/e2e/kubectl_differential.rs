//! Differential tests against the real kubectl (`--dry-run=client`, no cluster, no network):
//! generated inputs for `create secret docker-registry`, `create secret generic` and
//! `create rolebinding`, compared byte for byte, stdout and exit status. Names, keys, types
//! and values are drawn from strings YAML 1.1 reads as other types (go-yaml quotes them),
//! strings with indicators, spaces and line breaks, long ones that go-yaml folds, and ordinary
//! ones. Where kubectl is not installed the tests say so and compare nothing, except under
//! `CI`, where that is a failure; `.ci/run` installs kubectl.

use std::process::Command;

use pullsecret_tests::{Scratch, kubectl_present, run};

use crate::BIN;
const CASES: usize = 100;

/// A fixed-seed xorshift generator: the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }

    /// 1 to 3 pieces of nasty and ordinary text.
    fn text(&mut self) -> String {
        let pieces = [
            "a",
            "Zed",
            "ü",
            "пароль",
            "🔑",
            "&",
            "<",
            ">",
            "\"",
            "'",
            "\\",
            "`",
            ":",
            "::",
            " ",
            "x:y",
            "$HOME",
            "\u{2028}",
            "0",
            "robot+ci",
            "é",
        ];
        let n = 1 + self.next() % 3;
        (0..n).map(|_| self.pick(&pieces)).collect()
    }
}

fn kubectl(args: &[String]) -> (i32, String) {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .output()
        .expect("kubectl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Runs `args` through pullsecret and kubectl and asserts the same stdout and exit status.
fn compare(args: &[String]) {
    let mut kubectl_args = args.to_vec();
    kubectl_args.push("--dry-run=client".into());
    assert_eq!(
        ours(args),
        kubectl(&kubectl_args),
        "kubectl {}",
        kubectl_args
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
}

fn ours(args: &[String]) -> (i32, String) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
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

/// Strings YAML 1.1 reads as booleans, numbers, null or timestamps, which go-yaml quotes,
/// and ordinary ones beside them; all are valid Secret data keys.
const KEYS: &[&str] = &[
    "Yes",
    "yes",
    "YES",
    "y",
    "Y",
    "N",
    "no",
    "ON",
    "on",
    "Off",
    "true",
    "False",
    "null",
    "NULL",
    "0x12",
    "0X1F",
    "0o17",
    "0b101",
    "012",
    "09",
    "1_000",
    "1e3",
    "1E-7",
    "-1",
    "0",
    ".5",
    "5.",
    ".inf",
    "-.Inf",
    ".NaN",
    "1.5",
    "2024-05-01",
    "123456789012345678901234",
    ".dockerconfigjson",
    ".dockercfg",
    "config.json",
    "a",
    "Zed",
    "_b",
    "a9",
    "a10",
    "k-e_y.1",
];

/// Names, namespaces and types: the same, and strings with YAML indicators, spaces, line
/// breaks and lengths past go-yaml's 80-column fold.
const NAMES: &[&str] = &[
    "Yes",
    "0x1f",
    "1e3",
    "null",
    "~",
    "2001-12-14t21:59:43.10-05:00",
    "1:20",
    "- a",
    "a: b",
    "#x",
    "x #y",
    "?x",
    "[a]",
    "{a}",
    "&a",
    "*a",
    "!x",
    "|",
    ">",
    "'q'",
    "\"q\"",
    "%",
    "@x",
    "`x`",
    "---",
    "...",
    " lead",
    "trail ",
    "a  b",
    "a\nb",
    "a\n",
    "\na",
    "tab\there",
    "é",
    "🔑",
    "x\u{2028}y",
    "opaque",
    "kubernetes.io/dockerconfigjson",
    "aaaaaaaaaa bbbbbbbbbbbbbbbbbbb cccccccccccccccccccccccccc dddddddddddddddddddddddd eeeeeeeeeeeeeeeee fffffffffffffff",
    "a-very-long-name-without-any-space-at-all-that-go-yaml-cannot-fold-anywhere-in-its-line-x",
];

/// File contents: text, and bytes whose base64 YAML would read as a number.
const CONTENTS: &[&[u8]] = &[
    b"hello",
    b"{\"auths\":{}}",
    b"\xd7\x6d\xf8", // base64 `1234`, an int
    b"\xd5\xed\xb4", // base64 `1e20`, a float
    b"\xd3\x4d\x34", // base64 `0000`, an octal int
    b"",
    b"\x00\x01\x02",
];

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
