//! `login --to` and `extract` end to end: oc's registry-login goldens byte for byte with
//! `--compat oc`, preserve mode, atomic writes, concurrent writers, and no secret in output.

use std::os::unix::fs::PermissionsExt;

use pullsecret_tests::{Scratch, login_argv, run, run_in, vector_bytes};
use serde_json::Value;

use crate::BIN;

/// (case id, reason).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn golden(name: &str) -> Vec<u8> {
    vector_bytes(&format!("openshift-golden/registry-login/{name}"))
}

fn check_case(case: &Value) -> Result<(), String> {
    let scratch = Scratch::new("login");
    let args: Vec<String> = case["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    let to = args
        .iter()
        .find_map(|a| a.strip_prefix("--to="))
        .unwrap_or("f.json")
        .to_owned();
    if let Some(input) = case["input_file"].as_str() {
        std::fs::write(scratch.path().join(&to), golden(input)).unwrap();
    }
    if let Some(contents) = case["input_file_contents"].as_str() {
        std::fs::write(scratch.path().join(&to), contents).unwrap();
    }
    let before = std::fs::read(scratch.path().join(&to)).ok();
    let mut argv = vec!["login", "--compat", "oc"];
    argv.extend(args.iter().map(String::as_str));
    let r = run_in(scratch.path(), BIN, &argv, None);
    if let Some(stderr) = case["stderr"].as_str() {
        let after = std::fs::read(scratch.path().join(&to)).ok();
        return match (r.code, r.stderr == stderr, before == after) {
            (2, true, true) => Ok(()),
            _ => Err(format!(
                "exit {} stderr {:?} (want {stderr:?}); file kept: {}",
                r.code,
                r.stderr,
                before == after
            )),
        };
    }
    if let Some(prefix) = case["stderr_prefix"].as_str() {
        return if r.code != 0 && r.stderr.starts_with(prefix) {
            Ok(())
        } else {
            Err(format!("exit {} {:?}", r.code, r.stderr))
        };
    }
    if r.code != 0 || r.stdout != case["stdout"].as_str().unwrap_or_default() {
        return Err(format!(
            "exit {} stdout {:?} stderr {:?}",
            r.code, r.stdout, r.stderr
        ));
    }
    let written = std::fs::read(scratch.path().join(&to)).map_err(|e| e.to_string())?;
    let expected = golden(case["expected_file"].as_str().unwrap());
    if written != expected {
        return Err(format!(
            "file differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&expected)
        ));
    }
    let mode = std::fs::metadata(scratch.path().join(&to))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    if mode != 0o600 {
        return Err(format!("mode {mode:o}"));
    }
    Ok(())
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "the tally and known failures are the test's report"
)]
fn oc_registry_login_goldens_byte_for_byte() {
    let cases: Value = serde_json::from_slice(&golden("cases.json")).unwrap();
    let (mut passed, mut known) = (0, 0);
    let mut problems = Vec::new();
    for case in cases["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let listed = KNOWN_FAILURES.iter().find(|(k, _)| *k == id);
        match (check_case(case), listed) {
            (Ok(()), None) => passed += 1,
            (Err(_), Some(_)) => known += 1,
            (Err(why), None) => problems.push(format!("FAIL {id}: {why}")),
            (Ok(()), Some(_)) => {
                problems.push(format!("{id} passes now: remove it from KNOWN_FAILURES"))
            }
        }
    }
    for (id, reason) in KNOWN_FAILURES {
        eprintln!("known failure {id}: {reason}");
    }
    eprintln!("registry-login goldens: {passed} passed, {known} known failures");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn preserve_mode_keeps_emails_unknown_members_and_order() {
    let scratch = Scratch::new("preserve");
    let input = golden("05-unknown-fields.in.json");
    let file = scratch.file("cfg.json", &input);
    let r = run(BIN, &login_argv("registry.example.com", &file), None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
    let original = String::from_utf8(input).unwrap();
    // Exactly one entry inserted after the last one; every other byte unchanged.
    let inserted = ",\n    \"registry.example.com\": {\"auth\":\"dTpw\"}";
    let at = original.find("\n  },\n  \"HttpHeaders\"").unwrap();
    assert_eq!(
        written,
        format!("{}{inserted}{}", &original[..at], &original[at..])
    );
}

#[test]
fn login_replaces_an_entry_wholesale_in_preserve_mode() {
    let scratch = Scratch::new("replace");
    let file = scratch.file("ps.json", &golden("pull-secret.in.json"));
    let r = run(
        BIN,
        &[
            "login",
            "--registry",
            "quay.io",
            "--username",
            "newuser",
            "--password-stdin",
            "--to",
            &file,
        ],
        Some(b"n3wP4ss\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("Saved credentials for quay.io into {file}\n")
    );
    assert!(!r.stdout.contains("n3wP4ss") && !r.stderr.contains("n3wP4ss"));
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        written["auths"]["quay.io"],
        serde_json::json!({"auth": "bmV3dXNlcjpuM3dQNHNz"})
    );
    assert_eq!(
        written["auths"]["registry.redhat.io"]["email"],
        "you@example.com"
    );
}

#[test]
fn a_failed_login_leaves_the_file_as_it_was() {
    let scratch = Scratch::new("failed");
    for (content, registry) in [
        (&b"{\"auths\": [1]}"[..], "r.io"),
        (b"{not json", "r.io"),
        (b"{\"auths\":{}}", "https://r.io"),
    ] {
        let file = scratch.file("ps.json", content);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        let r = run(BIN, &login_argv(registry, &file), None);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(std::fs::read(&file).unwrap(), content);
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let leftovers = std::fs::read_dir(scratch.path()).unwrap().count();
        assert_eq!(leftovers, 1, "a temp file was left behind");
    }
}

#[test]
fn extract_prints_the_decoded_payload_exactly() {
    let scratch = Scratch::new("extract");
    let payload = golden("pull-secret.in.json");
    let manifest = serde_json::json!({
        "apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "pull-secret", "namespace": "openshift-config"},
        "type": "kubernetes.io/dockerconfigjson",
        "stringData": {".dockerconfigjson": String::from_utf8(payload.clone()).unwrap()},
    });
    let file = scratch.file("secret.json", manifest.to_string().as_bytes());
    let r = run(BIN, &["extract", &file], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.as_bytes(), payload.as_slice());
}

fn global(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/openshift-golden/global-pull-secret")
        .join(name);
    path.to_string_lossy().into_owned()
}

#[test]
fn merge_prefer_base_reproduces_hypershift_bytes() {
    let scratch = Scratch::new("merge");
    let out = scratch.path().join("global.json");
    let out = out.to_string_lossy();
    let r = run(
        BIN,
        &[
            "merge",
            &global("hypershift.original.json"),
            &global("hypershift.additional.json"),
            "--prefer",
            "base",
            "-o",
            &out,
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(out.as_ref()).unwrap(),
        vector_bytes("openshift-golden/global-pull-secret/hypershift.global-pull-secret.json")
    );
    assert_eq!(
        std::fs::metadata(out.as_ref())
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    assert!(
        r.stderr
            .contains("conflict: quay.io: base wins (credentials differ)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\"extra\" is not kept"), "{}", r.stderr);
    // Conflict reports name keys, never credentials.
    assert!(!r.stderr.contains("b3JpZzpvcmln") && !r.stderr.contains("bWluZTptaW5l"));
}

#[test]
fn merge_prefer_overlay_replaces_whole_entries() {
    let scratch = Scratch::new("merge-overlay");
    let base = scratch.file(
        "base.json",
        br#"{"auths":{"q.io":{"auth":"YTpi","identitytoken":"stale","email":"e@x"}}}"#,
    );
    let overlay = scratch.file("overlay.json", br#"{"auths":{"q.io":{"auth":"Yzpk"}}}"#);
    let r = run(BIN, &["merge", &base, &overlay, "-o", "-"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, r#"{"auths":{"q.io":{"auth":"Yzpk"}}}"#);
    assert!(!r.stderr.contains("stale"));
}

#[test]
fn diff_says_what_changed_and_warns_about_telemetry() {
    let scratch = Scratch::new("diff");
    let old = scratch.file("old.json", &golden("pull-secret.in.json"));
    let new = scratch.file(
        "new.json",
        br#"{"auths":{"quay.io":{"auth":"cXVheS11c2VyOm5ld3Rva2Vu","email":"you@example.com"},"registry.connect.redhat.com":{"auth":"cmgtdXNlcjpyaHRva2Vu","email":"other@example.com"},"registry.redhat.io":{"auth":"cmgtdXNlcjpyaHRva2Vu","email":"you@example.com"},"r.example.com":{"auth":"dTpw"}}}"#,
    );
    let r = run(BIN, &["diff", &old, &new, "-o", "json"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.json();
    assert_eq!(
        out["changes"],
        serde_json::json!([
            {"key": "cloud.openshift.com", "change": "removed"},
            {"key": "quay.io", "change": "changed", "fields": ["password"]},
            {"key": "registry.connect.redhat.com", "change": "changed", "fields": ["email"]},
            {"key": "r.example.com", "change": "added"}
        ])
    );
    assert_eq!(out["warnings"][0]["code"], "telemetry-entry-changed");
    assert!(r.stderr.contains("Telemetry"));
    for secret in ["cXVheS11c2VyOm5ld3Rva2Vu", "newtoken", "quaytoken"] {
        assert!(!r.stdout.contains(secret) && !r.stderr.contains(secret));
    }
}

#[test]
fn set_data_goldens() {
    let cases: Value =
        serde_json::from_slice(&vector_bytes("openshift-golden/set-data/cases.json")).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    let first = &cases[0];
    let scratch = Scratch::new("set-data");
    let current = scratch.file("current.json", first["input_secret"].to_string().as_bytes());
    let file = first["file_pull-secret.json"].as_str().unwrap();
    scratch.file("pull-secret.json", file.as_bytes());
    let set = |from: &str, current: &str| {
        run_in(
            scratch.path(),
            BIN,
            &[
                "set",
                "data",
                "secret/pull-secret",
                "-n",
                "openshift-config",
                "--from-file",
                from,
                "--secret-file",
                current,
                "-o",
                "json",
            ],
            None,
        )
    };
    // 01: the Secret with the file's bytes, verbatim.
    let r = set(".dockerconfigjson=pull-secret.json", &current);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json(), first["expected_secret"]);
    // 02: same bytes again: unchanged.
    let updated = scratch.file("updated.json", r.stdout.as_bytes());
    let r = set(".dockerconfigjson=pull-secret.json", &updated);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, cases[1]["stderr"].as_str().unwrap());
    // 03: a missing file, with oc's message.
    let r = set(".dockerconfigjson=missing.json", &current);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, cases[2]["stderr"].as_str().unwrap())
    );
    // 04: not JSON for a dockerconfigjson Secret: the API server's reason, unless --force.
    scratch.file("notjson.txt", b"hello");
    let r = set(".dockerconfigjson=notjson.txt", &current);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(cases[3]["stderr_contains"].as_str().unwrap()),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("hello"));
}

#[test]
fn set_data_without_the_current_secret_prints_a_minimal_one_in_yaml() {
    let scratch = Scratch::new("set-data-min");
    let file = scratch.file("ps.json", br#"{"auths":{}}"#);
    let r = run(
        BIN,
        &[
            "set",
            "data",
            "secret/pull-secret",
            "-n",
            "openshift-config",
            &format!("--from-file=.dockerconfigjson={file}"),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "apiVersion: v1\ndata:\n  .dockerconfigjson: eyJhdXRocyI6e319\nkind: Secret\nmetadata:\n  name: pull-secret\n  namespace: openshift-config\ntype: kubernetes.io/dockerconfigjson\n"
    );
}

#[test]
fn node_config_is_what_the_mco_writes() {
    let r = run(
        BIN,
        &["node-config", &global("mco.pull-secret.in.json")],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.as_bytes(),
        vector_bytes("openshift-golden/global-pull-secret/mco.var-lib-kubelet-config.json")
            .as_slice()
    );
}
