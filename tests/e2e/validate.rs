//! `validate` through the CLI and the component: the installers' messages verbatim from the
//! goldens (`tests/vectors/openshift-golden/validation/cases.json`), exit codes, snapshots of
//! the text and JSON output, the shipped policies on the docs' example and on the goldens' bad
//! inputs, warnings in `match`/`explain`, and no secret in any output.

use std::path::Path;

use pullsecret_tests::{Run, Scratch, example, run, run_in, vector_bytes};
use serde_json::Value;

use crate::BIN;

fn cases(validator: &str) -> Vec<Value> {
    let all: Value =
        serde_json::from_slice(&vector_bytes("openshift-golden/validation/cases.json")).unwrap();
    all[validator]["cases"].as_array().unwrap().clone()
}

/// `validate -o json` of one input under the given policies.
fn validate(scratch: &Scratch, input: &str, args: &[&str]) -> (Run, Vec<Value>) {
    let file = scratch.file("pull-secret.json", input.as_bytes());
    let mut argv = vec!["validate", file.as_str(), "-o", "json"];
    argv.extend_from_slice(args);
    let r = run(BIN, &argv, None);
    let findings = r.json()["findings"].as_array().unwrap().clone();
    (r, findings)
}

fn with_prefix<'a>(findings: &'a [Value], prefix: &str) -> Vec<&'a str> {
    findings
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with(prefix))
        .map(|f| f["message"].as_str().unwrap())
        .collect()
}

#[test]
fn installer_messages_match_the_goldens() {
    let scratch = Scratch::new("validate-installer");
    for case in cases("installer") {
        let input = case["input"].as_str().unwrap();
        let (r, findings) = validate(&scratch, input, &["--policy", "openshift-installer"]);
        let got = with_prefix(&findings, "installer-");
        match case["error"].as_str() {
            Some(error) => {
                assert_eq!(got, [error], "{input}");
                assert_eq!(r.code, 1, "{input}");
            }
            None => assert!(got.is_empty(), "{input}: {got:?}"),
        }
    }
}

#[test]
fn assisted_installer_messages_match_the_goldens() {
    let scratch = Scratch::new("validate-assisted");
    // The parsing cases, without the hosted service's cloud.openshift.com requirement.
    let none = scratch.file(
        "assisted-none.yaml",
        b"apiVersion: pullsecret/v1\nkind: PullSecretPolicy\nname: assisted-none\ninstaller: assisted\nassisted: {authType: none}\n",
    );
    let mut contexts = 0;
    for case in cases("assisted_service") {
        let error = case["error"].as_str();
        let (input, args, want) = match (case["input"].as_str(), case["context"].as_str()) {
            (Some(input), _) => (
                input.to_owned(),
                vec![none.clone()],
                error.map(str::to_owned),
            ),
            (None, Some(context)) if context.starts_with("RHSSO") => (
                r#"{"auths":{"quay.io":{"auth":"dTpw"}}}"#.to_owned(),
                vec!["assisted-installer".to_owned()],
                error.map(str::to_owned),
            ),
            (None, Some(context)) if context.starts_with("release image") => {
                let image = format!("registry.redhat.io/ocp/release@sha256:{}", "0".repeat(64));
                // The golden elides the digest and comments on the quoting.
                let golden = error.unwrap().split(" (").next().unwrap();
                let want = golden.replace("registry.redhat.io/ocp/release@sha256:...", &image);
                (
                    r#"{"auths":{"cloud.openshift.com":{"auth":"dTpw"}}}"#.to_owned(),
                    vec!["assisted-installer".to_owned(), "--image".to_owned(), image],
                    Some(want),
                )
            }
            _ => panic!("unknown case {case}"),
        };
        contexts += usize::from(case["context"].is_string());
        let mut argv = vec!["--policy"];
        argv.extend(args.iter().map(String::as_str));
        let (r, findings) = validate(&scratch, &input, &argv);
        let got = with_prefix(&findings, "assisted-");
        match want {
            Some(want) => {
                assert_eq!(got, [want.as_str()], "{case}");
                assert_eq!(r.code, 1);
            }
            None => assert!(got.is_empty(), "{case}: {got:?}"),
        }
    }
    assert_eq!(contexts, 2, "both context cases ran");
}

/// `examples/pitfalls.json` under `strict`: text and JSON byte for byte. Set
/// `PULLSECRET_BLESS=1` to rewrite the snapshots after an intended change, then review the diff.
#[test]
fn snapshots_of_text_and_json_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (args, snapshot) in [
        (&[][..], "validate-strict.txt"),
        (&["-o", "json"][..], "validate-strict.json"),
    ] {
        let mut argv = vec!["validate", "examples/pitfalls.json", "--policy", "strict"];
        argv.extend_from_slice(args);
        let r = run_in(&root, BIN, &argv, None);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let path = root.join("tests/snapshots").join(snapshot);
        if std::env::var_os("PULLSECRET_BLESS").is_some() {
            std::fs::write(&path, &r.stdout).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            r.stdout, want,
            "{snapshot} differs (PULLSECRET_BLESS=1 rewrites it)"
        );
    }
}

#[test]
fn exit_codes() {
    let scratch = Scratch::new("validate-exit");
    let clean = example("pull-secret.json");
    assert_eq!(run(BIN, &["validate", &clean], None).code, 0);
    let warnings = scratch.file(
        "w.json",
        br#"{"auths":{"quay.io":{"auth":"dTpw"},"*.example.com":{"auth":"dTpw"}}}"#,
    );
    let r = run(BIN, &["validate", &warnings], None);
    assert_eq!(r.code, 0, "warnings only: {}", r.stdout);
    assert!(r.stdout.contains("warning[key-glob]"), "{}", r.stdout);
    let errors = scratch.file("e.json", br#"{"auths":{"quay.io":{"auth":"d Tpw"}}}"#);
    assert_eq!(run(BIN, &["validate", &errors], None).code, 1);
    let r = run(
        BIN,
        &["validate", &scratch.file("x", b""), "missing.json"],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("missing.json: cannot read"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_bad_policy_is_refused_with_every_problem() {
    let scratch = Scratch::new("validate-policy");
    let policy = scratch.file(
        "p.yaml",
        b"apiVersion: pullsecret/v1\nkind: PullSecretPolicy\nname: p\nrequired: [quay.io, 'https://x']\nforbidden: [quay.io]\nforbidHttp: maybe\n",
    );
    let r = run(
        BIN,
        &[
            "validate",
            &example("pull-secret.json"),
            "--policy",
            &policy,
        ],
        None,
    );
    assert_eq!(r.code, 2);
    for expected in [
        "error[policy-invalid]: ",
        "$.required[1]: \"https://x\" is not a registry name",
        "$.forbidHttp: must be true or false",
        "error[policy-contradiction]: ",
        "quay.io is required but forbidden by \"quay.io\"",
        "3 problem(s) in the policies; nothing was validated",
    ] {
        assert!(r.stderr.contains(expected), "{expected:?} in {}", r.stderr);
    }
    assert!(r.stdout.is_empty());
    let r = run(
        BIN,
        &[
            "validate",
            &example("pull-secret.json"),
            "--policy",
            "no-such",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a shipped policy (openshift-installer, assisted-installer, openshift-global-pull-secret, strict)"), "{}", r.stderr);
}

/// Every shipped policy on the docs' global pull secret (the `openshift-config/pull-secret`
/// Secret) and on the goldens' bad inputs.
#[test]
fn shipped_policies_on_the_docs_example_and_bad_inputs() {
    let docs = example("openshift-config-pull-secret.yaml");
    let scratch = Scratch::new("validate-shipped");
    for (policy, code, codes) in [
        // quay.io/repository-main is a namespaced key: a note, a warning under strict.
        ("openshift-installer", 0, &["key-path-prefix"][..]),
        ("assisted-installer", 0, &["key-path-prefix"][..]),
        ("strict", 0, &["key-path-prefix"][..]),
        (
            "openshift-global-pull-secret",
            1,
            &["key-path-prefix", "required-registry-missing"][..],
        ),
    ] {
        let r = run(
            BIN,
            &["validate", &docs, "--policy", policy, "-o", "json"],
            None,
        );
        assert_eq!(r.code, code, "{policy}: {}", r.stdout);
        let got: Vec<String> = r.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got, codes, "{policy}");
    }
    let bad: Vec<String> = cases("installer")
        .into_iter()
        .chain(cases("assisted_service"))
        .filter(|c| c["error"].is_string())
        .filter_map(|c| c["input"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        bad.len(),
        9,
        "4 installer and 5 assisted-installer rejections"
    );
    for input in &bad {
        for policy in [
            "openshift-installer",
            "assisted-installer",
            "strict",
            "openshift-global-pull-secret",
        ] {
            let (r, findings) = validate(&scratch, input, &["--policy", policy]);
            assert_eq!(r.code, 1, "{policy} on {input}: {findings:?}");
        }
    }
}

#[test]
fn match_and_explain_warn_about_the_entry_they_use() {
    let pitfalls = example("pitfalls.json");
    let r = run(
        BIN,
        &["match", "quay.io/team/app", "--secret", &pitfalls],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning[key-scope-differs]: ")
            && r.stderr.contains("https://quay.io/team"),
        "{}",
        r.stderr
    );
    // Only the entries in the answer: nothing about registry.redhat.io here.
    assert!(!r.stderr.contains("registry.redhat.io"), "{}", r.stderr);
    let r = run(
        BIN,
        &[
            "match",
            "quay.io/x/app",
            "quay.io/y/app",
            "--secret",
            &pitfalls,
        ],
        None,
    );
    assert_eq!(
        r.stderr.matches("warning[auth-base64-unpadded]").count(),
        1,
        "once for two images: {}",
        r.stderr
    );
    let r = run(
        BIN,
        &[
            "explain",
            "registry.redhat.io/ubi9/ubi",
            "--secret",
            &pitfalls,
            "-o",
            "json",
        ],
        None,
    );
    let explained = r.json();
    let notes: Vec<&str> = explained[0]["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["notes"].as_array().unwrap())
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(notes.contains(&"plain-credentials-only"), "{notes:?}");
}

#[test]
fn no_secret_in_any_output() {
    let pitfalls = std::fs::read_to_string(example("pitfalls.json")).unwrap();
    // Plain fields and tokens as written, and every `auth` value with what it decodes to.
    let mut secrets = vec!["rhPassw0rd", "eyJhbGciOiJub25lIn0"];
    secrets.extend([
        "quayPassw0rd",
        "r0botT0ken",
        "t3amT0ken",
        "p4rtner",
        "m1rrorPass",
        "c1oudT0ken",
    ]);
    secrets.extend([
        "bXl1c2VyOnF1YXlQYXNzdzByZA",
        "cm9ib3QrY2k6cjBib3RUMGtlbg",
        "dGVhbStib3Q6dDNhbVQwa2Vu",
    ]);
    for secret in [
        "rhPassw0rd",
        "eyJhbGciOiJub25lIn0",
        "bXl1c2VyOnF1YXlQYXNzdzByZA",
    ] {
        assert!(pitfalls.contains(secret), "the example holds {secret}");
    }
    for args in [
        vec![
            "validate",
            "--policy",
            "strict",
            "--policy",
            "openshift-installer",
            "--policy",
            "assisted-installer",
        ],
        vec!["validate", "--policy", "strict", "-o", "json"],
    ] {
        let mut argv = args.clone();
        let path = example("pitfalls.json");
        argv.push(&path);
        let r = run(BIN, &argv, None);
        for secret in &secrets {
            assert!(
                !r.stdout.contains(secret) && !r.stderr.contains(secret),
                "{secret} leaked by {args:?}"
            );
        }
    }
}
