//! The CLI end to end: output contracts, masking, errors and exit codes.

use pullsecret_tests::{Run, Scratch, example, run};
use serde_json::json;

use crate::BIN;

/// Every secret value in the shipped examples and the test inputs: none may be printed
/// unless `--show-secrets` is given.
const SECRETS: &[&str] = &[
    "c1oudT0ken",
    "quayPassw0rd",
    "r0botT0ken",
    "rhPassw0rd",
    "hubPassw0rd",
    "eyJhbGciOiJSUzI1NiJ9.sa-token",
    "bXl1c2VyOnF1YXlQYXNzdzByZA==", // the `auth` of quay.io in pull-secret.json
    "s3cr3t-b@d",
];

fn cli(args: &[&str]) -> Run {
    run(BIN, args, None)
}

fn assert_no_secret(r: &Run) {
    for secret in SECRETS {
        assert!(
            !r.stdout.contains(secret),
            "stdout leaks {secret}: {}",
            r.stdout
        );
        assert!(
            !r.stderr.contains(secret),
            "stderr leaks {secret}: {}",
            r.stderr
        );
    }
}

#[test]
fn parse_masks_every_secret_by_default() {
    let r = cli(&[
        "parse",
        &example("pull-secret.json"),
        &example("sa-dockercfg.yaml"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("quay.io/repository-main"));
    assert!(r.stdout.contains("auth ********"));
    assert_no_secret(&r);
    let r = cli(&["parse", "-o", "json", &example("pull-secret.json")]);
    assert_no_secret(&r);
    assert!(r.json()[0]["entries"][0].get("password").is_none());
}

#[test]
fn show_secrets_reveals_them() {
    let r = cli(&["parse", "--show-secrets", &example("pull-secret.json")]);
    assert!(r.stdout.contains("quayPassw0rd"), "{}", r.stdout);
}

#[test]
fn match_json_contract() {
    let pull_secret = example("pull-secret.json");
    let sa = example("sa-dockercfg.yaml");
    let r = cli(&[
        "match",
        "quay.io/repository-main/app:1",
        "image-registry.openshift-image-registry.svc:5000/project-a/app",
        "--secret",
        &pull_secret,
        "--secret",
        &sa,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_no_secret(&r);
    let want = json!([
        {
            "image": "quay.io/repository-main/app:1",
            "lookup": "quay.io/repository-main/app",
            "semantics": "kubelet",
            "credentials": [
                {"key": "quay.io/repository-main", "normalized": "quay.io/repository-main",
                 "username": "robot+ci", "email": "you@example.com", "source": pull_secret},
                {"key": "quay.io", "normalized": "quay.io",
                 "username": "myuser", "email": "you@example.com", "source": pull_secret},
            ]
        },
        {
            "image": "image-registry.openshift-image-registry.svc:5000/project-a/app",
            "lookup": "image-registry.openshift-image-registry.svc:5000/project-a/app",
            "semantics": "kubelet",
            "credentials": [
                {"key": "image-registry.openshift-image-registry.svc:5000",
                 "normalized": "image-registry.openshift-image-registry.svc:5000",
                 "username": "serviceaccount", "email": "serviceaccount@example.org", "source": sa},
            ]
        }
    ]);
    assert_eq!(r.json(), want);
    // Member order is part of the contract.
    let first = &r.stdout[r.stdout.find("\"key\"").unwrap()..];
    let order: Vec<usize> = [
        "\"key\"",
        "\"normalized\"",
        "\"username\"",
        "\"email\"",
        "\"source\"",
    ]
    .iter()
    .map(|m| first.find(m).unwrap())
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "member order: {first}"
    );
}

#[test]
fn match_json_with_secrets_and_no_empty_email() {
    let r = cli(&[
        "match",
        "busybox",
        "-f",
        &example("config.json"),
        "-o",
        "json",
        "--show-secrets",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = &r.json()[0]["credentials"][0];
    assert_eq!(c["key"], "https://index.docker.io/v1/");
    assert_eq!(c["normalized"], "index.docker.io");
    assert_eq!(c["password"], "hubPassw0rd");
    assert!(c.get("email").is_none());
}

#[test]
fn match_text_names_order_and_source() {
    let r = cli(&[
        "match",
        "quay.io/repository-main/app:1",
        "--secret",
        &example("pull-secret.json"),
    ]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with(
        "quay.io/repository-main/app:1  (looks up quay.io/repository-main/app, kubelet)"
    ));
    assert!(lines[1].contains("1.") && lines[1].contains("robot+ci"));
    assert!(lines[2].contains("2.") && lines[2].contains("myuser"));
}

#[test]
fn anonymous_pull_is_said() {
    let r = cli(&[
        "match",
        "ghcr.io/org/app",
        "--secret",
        &example("pull-secret.json"),
    ]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("pulls anonymously"));
}

#[test]
fn bad_auth_error_says_where_and_hides_the_value() {
    let scratch = Scratch::new("bad-auth");
    let bad = scratch.file(
        "bad.json",
        b"{\"auths\": {\n  \"quay.io\": {\"auth\": \"s3cr3t-b@d\"}}}\n",
    );
    let r = cli(&["parse", &bad]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains(&format!(
            "{bad}:2:23: quay.io: field \"auth\" is not valid base64 (kubelet rule P3)"
        )),
        "{}",
        r.stderr
    );
    assert_no_secret(&r);
}

#[test]
fn one_bad_secret_fails_the_whole_lookup() {
    let scratch = Scratch::new("m2");
    let bad = scratch.file(
        "bad.json",
        br#"{"auths":{"other.io":{"auth":"s3cr3t-b@d"}}}"#,
    );
    let r = cli(&[
        "match",
        "quay.io/org/app",
        "-o",
        "json",
        "--secret",
        &example("pull-secret.json"),
        "--secret",
        &bad,
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains(&bad), "{}", r.stderr);
    assert!(r.stderr.contains("rule M2"), "{}", r.stderr);
    assert_no_secret(&r);
}

#[test]
fn invalid_images_exit_2_with_nothing_on_stdout() {
    for image in ["quay.io/Org/app", &"a".repeat(64), "quay.io/app:"] {
        let r = cli(&[
            "match",
            image,
            "-o",
            "json",
            "--secret",
            &example("pull-secret.json"),
        ]);
        assert_eq!(r.code, 2, "{image}");
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains("rule N1"), "{}", r.stderr);
    }
}

#[test]
fn unreadable_file_and_usage_errors_exit_2() {
    let r = cli(&["parse", "/nonexistent/pull-secret.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("/nonexistent/pull-secret.json: cannot read"),
        "{}",
        r.stderr
    );
    assert_eq!(cli(&["match"]).code, 2);
    assert_eq!(cli(&["parse", "x", "--format", "yaml"]).code, 2);
}

#[test]
fn reads_standard_input() {
    let bytes = std::fs::read(example("config.json")).unwrap();
    let r = run(
        BIN,
        &["match", "quay.io/x", "-f", "-", "-o", "json"],
        Some(&bytes),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["credentials"][0]["source"], "-");
}

#[test]
fn non_pull_secrets_are_skipped_with_a_note() {
    let scratch = Scratch::new("opaque");
    let yaml = scratch.file(
        "secrets.yaml",
        b"apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\ndata: {}\n",
    );
    let r = cli(&["parse", &yaml]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("note[secret-not-a-pull-secret]:")
            && r.stderr.contains("kubernetes.io/tls"),
        "{}",
        r.stderr
    );
}

#[test]
fn help_explains_every_flag() {
    let r = cli(&["match", "--help"]);
    for flag in [
        "--secret",
        "--format",
        "--output",
        "--show-secrets",
        "--raw",
        "--semantics",
    ] {
        assert!(r.stdout.contains(flag), "{flag} missing from help");
    }
}

#[test]
fn node_config_says_who_answers() {
    let scratch = Scratch::new("node");
    // The kubelet skips this node file (bad base64 in another entry); CRI-O reads only the
    // entry it selects, a URL-style key that normalizes to quay.io.
    let node = scratch.file(
        "config.json",
        br#"{"auths":{"https://quay.io/v2/":{"auth":"Yjoy"},"other.io":{"auth":"!"}}}"#,
    );
    let sa = example("sa-dockercfg.yaml");
    let r = cli(&[
        "match",
        "quay.io/org/app",
        "ghcr.io/x/y",
        "-f",
        &sa,
        "--node-config",
        &node,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("the kubelet skips this node config"),
        "{}",
        r.stderr
    );
    let out = r.json();
    assert_eq!(out[0]["answered_by"], "crio");
    assert_eq!(out[0]["credentials"], json!([]));
    assert_eq!(
        out[0]["crio"]["credentials"][0]["key"],
        "https://quay.io/v2/"
    );
    assert_eq!(out[0]["crio"]["credentials"][0]["username"], "b");
    assert_eq!(out[1]["answered_by"], "nobody");

    // Node credentials come after the pull secrets' and the kubelet answers.
    let r = cli(&[
        "match",
        "quay.io/repository-main/app",
        "-f",
        &sa,
        "--node-config",
        &example("pull-secret.json"),
        "-o",
        "json",
    ]);
    let out = r.json();
    assert_eq!(out[0]["answered_by"], "kubelet");
    assert_eq!(out[0]["credentials"][0]["username"], "robot+ci");
    assert!(out[0].get("crio").is_none());
}

#[test]
fn secret_lists_and_yaml_streams_are_read_in_order() {
    let scratch = Scratch::new("streams");
    // `oc get secret -o json` of several secrets: a v1 List.
    let list = json!({
        "apiVersion": "v1",
        "kind": "List",
        "items": [
            {"kind": "Secret", "metadata": {"name": "tls"}, "type": "kubernetes.io/tls", "data": {}},
            {"kind": "Secret", "metadata": {"name": "a"}, "type": "kubernetes.io/dockerconfigjson",
             "stringData": {".dockerconfigjson": "{\"auths\":{\"quay.io\":{\"username\":\"first\",\"password\":\"x\"}}}"}},
            {"kind": "Secret", "metadata": {"name": "b"}, "type": "kubernetes.io/dockercfg",
             "stringData": {".dockercfg": "{\"quay.io\":{\"username\":\"second\",\"password\":\"y\"}}"}}
        ]
    });
    let list = scratch.file("list.json", list.to_string().as_bytes());
    let stream = scratch.file(
        "stream.yaml",
        b"kind: ConfigMap\nmetadata: {name: x}\n---\nkind: Secret\nmetadata: {name: c}\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: '{\"auths\":{\"quay.io\":{\"username\":\"third\",\"password\":\"z\"}}}'\n",
    );
    let r = cli(&[
        "match",
        "quay.io/a/b",
        "-f",
        &list,
        "-f",
        &stream,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let users: Vec<String> = r.json()[0]["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["username"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(users, ["first", "second", "third"]);
    assert!(
        r.stderr.contains("kubernetes.io/tls") && r.stderr.contains("ConfigMap"),
        "{}",
        r.stderr
    );
}

#[test]
fn no_command_prints_a_secret_without_show_secrets() {
    let scratch = Scratch::new("no-leak");
    let ps = example("pull-secret.json");
    let sa = example("sa-dockercfg.yaml");
    let bad = scratch.file(
        "bad.json",
        br#"{"auths":{"quay.io":{"auth":"s3cr3t-b@d"}}}"#,
    );
    let copy = scratch.file("copy.json", &std::fs::read(&ps).unwrap());
    let new = scratch.file(
        "new.json",
        br#"{"auths":{"quay.io":{"auth":"bXl1c2VyOnF1YXlQYXNzdzByZA=="}}}"#,
    );
    let runs: Vec<Vec<&str>> = vec![
        vec!["parse", &ps, &sa],
        vec!["parse", "-o", "json", &ps, &sa],
        vec!["parse", &bad],
        vec![
            "match",
            "quay.io/a/b",
            "busybox",
            "-f",
            &ps,
            "-f",
            &sa,
            "-o",
            "json",
        ],
        vec![
            "match",
            "quay.io/a/b",
            "-f",
            &ps,
            "--semantics",
            "containers",
            "-o",
            "json",
        ],
        vec!["match", "quay.io/a/b", "-f", &ps, "--semantics", "docker"],
        vec![
            "match",
            "quay.io/a/b",
            "-f",
            &bad,
            "--semantics",
            "containers",
        ],
        vec!["match", "quay.io/a/b", "-f", &ps, "-f", &bad],
        vec!["explain", "quay.io/a/b", "-f", &ps, "-f", &sa],
        vec!["explain", "quay.io/a/b", "-f", &ps, "-o", "json"],
        vec!["diff", &ps, &new],
        vec!["diff", &ps, &new, "-o", "json"],
        vec!["merge", &ps, &new, "-o", &copy],
        vec![
            "login",
            "--registry",
            "quay.io",
            "--auth-basic",
            "u:s3cr3t-b@d",
            "--to",
            &copy,
        ],
        vec![
            "login",
            "--registry",
            "https://quay.io",
            "--auth-basic",
            "u:s3cr3t-b@d",
            "--to",
            &copy,
        ],
    ];
    for args in runs {
        let r = cli(&args);
        assert_no_secret(&r);
    }
}

#[test]
fn completions_and_the_man_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let r = cli(&["completion", shell]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for word in ["validate", "node-config", "show-secrets"] {
            assert!(r.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    let r = cli(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &r.stdout[..80]
    );
    assert!(r.stdout.contains(".TH pullsecret 1"), "{}", r.stdout);
    assert!(r.stdout.contains("validate"), "{}", r.stdout);
}

/// Linked as `kubectl-pullsecret` or `oc-pullsecret`, the binary is a plugin: `kubectl
/// pullsecret match ...` works, and its help names the plugin.
#[test]
fn runs_as_a_kubectl_and_oc_plugin() {
    let scratch = Scratch::new("plugin");
    for name in ["kubectl-pullsecret", "oc-pullsecret"] {
        std::os::unix::fs::symlink(BIN, scratch.path().join(name)).expect("symlink");
    }
    let oc = scratch.path().join("oc-pullsecret");
    let r = run(&oc.to_string_lossy(), &["--help"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Usage: oc pullsecret <COMMAND>"),
        "{}",
        r.stdout
    );
    pullsecret_tests::require_kubectl();
    let path = format!(
        "{}:{}",
        scratch.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let kubectl = |args: &[&str]| {
        let out = std::process::Command::new("kubectl")
            .args(args)
            .env("PATH", &path)
            .env("KUBECONFIG", "/nonexistent/kubeconfig")
            .output()
            .expect("kubectl runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let image = "quay.io/repository-main/app:1";
    let secret = example("pull-secret.json");
    let (code, stdout) = kubectl(&["pullsecret", "match", image, "--secret", &secret]);
    assert_eq!(code, 0);
    assert_eq!(stdout, cli(&["match", image, "--secret", &secret]).stdout);
    let (_, listed) = kubectl(&["plugin", "list"]);
    assert!(listed.contains("kubectl-pullsecret"), "{listed}");
    let (_, help) = kubectl(&["pullsecret", "--help"]);
    assert!(
        help.contains("Usage: kubectl pullsecret <COMMAND>"),
        "{help}"
    );
}
