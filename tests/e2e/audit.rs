//! `pullsecret audit` through the real component: every finding on its fixture and nowhere
//! else (`tests/data/audit/expected.json`), the `-o json` contract, `--fix`, standard input,
//! and a dump that cannot be read.

use std::path::Path;

use pullsecret_tests::{Run, run, run_in};
use serde_json::{Value, json};

use crate::BIN;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/audit");

fn audit(args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_in(
        Path::new(FIXTURES),
        BIN,
        &[&["audit"], args].concat(),
        stdin,
    )
}

/// `[pod, container or "pod", code]` of every finding, sorted.
fn findings(report: &Value) -> Vec<Value> {
    let mut found = Vec::new();
    for pod in report["pods"].as_array().expect("pods") {
        let name = format!(
            "{}/{}",
            pod["namespace"].as_str().unwrap(),
            pod["name"].as_str().unwrap()
        );
        let code = |d: &Value| d["code"].clone();
        found.extend(
            pod["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| json!([name, "pod", code(d)])),
        );
        for c in pod["containers"].as_array().unwrap() {
            let each = c["findings"].as_array().unwrap().iter();
            found.extend(each.map(|d| json!([name, c["name"], code(d)])));
        }
    }
    found.sort_by_key(Value::to_string);
    found
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(format!("{FIXTURES}/expected.json")).expect("expected.json");
    let cases: Value = serde_json::from_str(&text).expect("expected.json is JSON");
    cases["cases"].as_array().expect("cases").clone()
}

fn argv(case: &Value) -> Vec<String> {
    let mut argv: Vec<String> = case["dumps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    if let Some(node) = case["node_config"].as_str() {
        argv.extend(["--node-config".to_owned(), node.to_owned()]);
    }
    argv
}

#[test]
fn each_finding_on_its_fixture_and_nothing_else() {
    let cases = cases();
    assert!(cases.len() >= 13, "{}", cases.len());
    for case in &cases {
        let name = &case["name"];
        let argv = argv(case);
        let mut args: Vec<&str> = argv.iter().map(String::as_str).collect();
        args.extend(["-o", "json"]);
        let run = audit(&args, None);
        assert_eq!(
            i64::from(run.code),
            case["exit"].as_i64().unwrap(),
            "{name}: {}",
            run.stderr
        );
        let report = run.json();
        let mut expected = case["findings"].as_array().unwrap().clone();
        expected.sort_by_key(Value::to_string);
        assert_eq!(findings(&report), expected, "{name}");
        assert_eq!(
            report["summary"]["answered_by"], case["answered_by"],
            "{name}"
        );
    }
}

/// Every code of the catalogue's audit section is planted in some fixture, and the clean
/// cluster has none.
#[test]
fn every_audit_code_is_covered_by_a_fixture() {
    let cases = cases();
    let planted: Vec<String> = cases
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap().clone())
        .map(|f| f[2].as_str().unwrap().to_owned())
        .collect();
    for code in [
        "pull-secret-not-found",
        "service-account-not-provisioned",
        "secret-linked-for-mount-only",
        "pull-secret-undecodable",
        "no-credential-for-registry",
        "image-pull-not-granted",
        "key-never-matches",
    ] {
        assert!(
            planted.iter().any(|p| p == code),
            "{code} is planted nowhere"
        );
    }
    let clean = cases
        .iter()
        .find(|c| c["name"] == "clean")
        .expect("a clean case");
    assert_eq!(clean["findings"], json!([]));
}

#[test]
fn json_contract() {
    let run = audit(
        &["base.json", "image-pull-not-granted.json", "-o", "json"],
        None,
    );
    let report = run.json();
    let pod = report["pods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "web")
        .expect("project-a/web");
    assert_eq!(pod["namespace"], "project-a");
    assert_eq!(pod["service_account"], "default");
    let names: Vec<&str> = pod["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["setup", "app", "proxy"], "init containers first");
    let setup = &pod["containers"][0];
    assert_eq!(setup["kind"], "init");
    assert_eq!(setup["answered_by"], "kubelet");
    assert_eq!(
        setup["credential"],
        json!({"secret": "openshift-config/pull-secret", "data_key": ".dockerconfigjson",
               "registry_key": "registry.redhat.io", "username": "rh"})
    );
    let tools = report["pods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "tools")
        .unwrap();
    assert_eq!(tools["containers"][0]["answered_by"], "nobody");
    assert_eq!(tools["containers"][0]["credential"], Value::Null);
    assert_eq!(tools["containers"][2]["kind"], "ephemeral");
    let cross = report["pods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "cross")
        .unwrap();
    let finding = &cross["containers"][0]["findings"][0];
    for field in [
        "code", "severity", "message", "fix", "rule", "rule_doc", "source",
    ] {
        assert!(finding[field].is_string(), "{field}: {finding}");
    }
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["rule"], "O10");
    assert_eq!(finding["source"], "image-pull-not-granted.json");
    assert_eq!(
        finding["fix"],
        "`oc policy add-role-to-user system:image-puller system:serviceaccount:project-a:builder -n project-b`"
    );
    assert_eq!(
        report["summary"],
        json!({"pods": 5, "containers": 9, "answered_by": {"kubelet": 8, "crio": 0, "nobody": 1},
               "findings": {"image-pull-not-granted": 1}})
    );
}

/// The README's piped form: the dump on standard input, nothing written to disk.
#[test]
fn reads_the_dump_from_standard_input() {
    let bytes = std::fs::read(format!("{FIXTURES}/base.json")).unwrap();
    let piped = audit(
        &["-", "pull-secret-undecodable.json", "-o", "json"],
        Some(&bytes),
    );
    let named = audit(
        &["base.json", "pull-secret-undecodable.json", "-o", "json"],
        None,
    );
    assert_eq!(piped.code, 1, "{}", piped.stderr);
    assert_eq!(findings(&piped.json()), findings(&named.json()));
}

/// `--fix`: the manifests on standard output, one YAML stream that kubectl reads, the
/// report on standard error.
#[test]
fn fix_writes_the_manifests_that_resolve_the_findings() {
    let run = audit(
        &[
            "base.json",
            "pull-secret-not-found.json",
            "secret-linked-for-mount-only.json",
            "image-pull-not-granted.json",
            "granted-view-only.json",
            "--fix",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[image-pull-not-granted]"),
        "{}",
        run.stderr
    );
    let expected = "\
# Manifests that resolve the findings of `pullsecret audit`, for `oc apply -f -`.
# Secret skeletons hold the placeholders REGISTRY, USERNAME and PASSWORD: replace them first.
# Pods get a ServiceAccount's pull secrets only when they are created: recreate them after.
apiVersion: v1
kind: Secret
metadata:
  name: gone
  namespace: project-a
stringData:
  .dockerconfigjson: '{\"auths\":{\"REGISTRY\":{\"username\":\"USERNAME\",\"password\":\"PASSWORD\"}}}'
type: kubernetes.io/dockerconfigjson
---
apiVersion: v1
imagePullSecrets:
- name: deployer-dockercfg-e7h8j
- name: team-cred
kind: ServiceAccount
metadata:
  name: deployer
  namespace: project-e
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: system:image-puller-0
  namespace: project-b
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:image-puller
subjects:
- kind: ServiceAccount
  name: builder
  namespace: project-a
- kind: ServiceAccount
  name: default
  namespace: project-i
";
    assert_eq!(run.stdout, expected);
    // kubectl reads the stream as three objects (client side, no cluster).
    pullsecret_tests::require_kubectl();
    let read = pullsecret_tests::kubectl(
        &["patch", "--local", "-f", "-", "-p", "{}", "-o", "name"],
        Some(run.stdout.as_bytes()),
    );
    assert_eq!(read.code, 0, "{}", read.stderr);
    assert_eq!(
        read.stdout,
        "secret/gone\nserviceaccount/deployer\nrolebinding.rbac.authorization.k8s.io/system:image-puller-0\n"
    );
}

#[test]
fn a_dump_that_is_not_json_or_yaml_fails_naming_it() {
    let run = run(
        BIN,
        &["audit", "-"],
        Some(b"{\"kind\": \"List\", \"items\": [}"),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: -:1:"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

/// Usernames are shown, passwords and tokens never, in any output.
#[test]
fn no_secret_in_any_output() {
    for output in [&["-o", "json"][..], &["--all"], &["--fix"]] {
        let run = audit(
            &[&["base.json", "secret-linked-for-mount-only.json"], output].concat(),
            None,
        );
        for secret in [
            "robot-pass",
            "tok-a-default",
            "quaytoken",
            "rhtoken",
            "cloudtoken",
        ] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} in {output:?}"
            );
        }
    }
}

/// The generator's planted faults are all found, and nothing else is reported.
#[test]
fn finds_exactly_the_planted_faults_of_a_generated_dump() {
    let dump = pullsecret_tests::dump::generate(200);
    let scratch = pullsecret_tests::Scratch::new("audit-generated");
    scratch.file("dump.json", &dump.json);
    let run = run_in(
        scratch.path(),
        BIN,
        &["audit", "dump.json", "-o", "json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let expected: Vec<Value> = dump.planted.iter().map(|p| json!(p)).collect();
    let mut expected = expected;
    expected.sort_by_key(Value::to_string);
    assert_eq!(findings(&report), expected);
    assert_eq!(report["summary"]["pods"], 200);
}
