//! The manifest printers kubectl has no command for (`set data`, `secrets link`, `policy
//! add-role-to-*`, `grant`): each YAML manifest, fed to the real kubectl (`kubectl patch
//! --local -f - -p '{}' -o json`, offline), must read back as the very object our `-o json`
//! prints. Names, keys, labels and values come from the strings YAML 1.1 reads as something
//! else. Under `CI` a missing kubectl is a failure.

use pullsecret_tests::{Scratch, kubectl, run};
use serde_json::{Value, json};

use crate::BIN;
use crate::generated::{CONTENTS, KEYS, NAMES, Rng};

const CASES: usize = 40;

/// ServiceAccount and project names oc accepts (DNS-1123 subdomains) that YAML 1.1 reads as
/// other types.
const SERVICE_ACCOUNTS: &[&str] = &[
    "0x1f",
    "1e3",
    "012",
    "true",
    "null",
    "yes",
    "on",
    "y",
    "n",
    "0",
    "1.5",
    "2024-05-01",
    "builder",
];

/// The objects kubectl reads from a YAML stream.
fn kubectl_reads(yaml: &str) -> Vec<Value> {
    let args = ["patch", "--local", "-f", "-", "-p", "{}", "-o", "json"];
    let r = kubectl(&args, Some(yaml.as_bytes()));
    assert_eq!(r.code, 0, "kubectl cannot read:\n{yaml}\n{}", r.stderr);
    serde_json::Deserializer::from_str(&r.stdout)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Runs our command as YAML and as JSON, and asserts kubectl reads the YAML as the JSON.
fn assert_reads_back(args: &[String], stdin: Option<&[u8]>) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let yaml = run(BIN, &args, stdin);
    assert_eq!(yaml.code, 0, "{args:?}: {}", yaml.stderr);
    // After the two command words: positionals may follow a `--`.
    let mut json_args = args.clone();
    json_args.insert(2, "--output=json");
    let json = run(BIN, &json_args, stdin);
    assert_eq!(json.code, 0, "{json_args:?}: {}", json.stderr);
    let printed = json.json();
    let objects = match printed.get("kind") {
        Some(Value::String(kind)) if kind == "List" => printed["items"].as_array().unwrap().clone(),
        _ => vec![printed],
    };
    assert_eq!(
        kubectl_reads(&yaml.stdout),
        objects,
        "{args:?}\n{}",
        yaml.stdout
    );
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

#[test]
fn set_data_reads_back_with_ambiguous_labels_annotations_and_keys() {
    pullsecret_tests::require_kubectl();
    let scratch = Scratch::new("readback-set-data");
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for i in 0..CASES {
        let pick = |rng: &mut Rng| rng.pick(NAMES).to_owned();
        let mut labels = serde_json::Map::new();
        let mut annotations = serde_json::Map::new();
        for _ in 0..rng.next() % 4 {
            labels.insert(rng.pick(KEYS).to_owned(), pick(&mut rng).into());
            annotations.insert(pick(&mut rng), pick(&mut rng).into());
        }
        let mut data = serde_json::Map::new();
        data.insert(rng.pick(KEYS).to_owned(), "aGVsbG8=".into());
        let current = json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": format!("s{i}"),
                "namespace": pick(&mut rng),
                "creationTimestamp": "2024-05-01T10:00:00Z",
                "labels": labels,
                "annotations": annotations,
            },
            "data": data,
            "type": "Opaque",
        });
        let secret = scratch.file(&format!("s{i}.json"), current.to_string().as_bytes());
        let bytes = CONTENTS[(rng.next() % CONTENTS.len() as u64) as usize];
        let file = scratch.file(&format!("f{i}"), bytes);
        let args = vec![
            "set".to_owned(),
            "data".into(),
            format!("secret/s{i}"),
            format!("--from-file={}={file}", rng.pick(KEYS)),
            "--secret-file".into(),
            secret,
        ];
        assert_reads_back(&args, None);
    }
}

#[test]
fn secrets_link_reads_back_with_ambiguous_names() {
    pullsecret_tests::require_kubectl();
    let scratch = Scratch::new("readback-link");
    let mut rng = Rng(0x0fed_cba9_8765_4321);
    for i in 0..CASES {
        let sa = rng.pick(NAMES);
        let current = json!({
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": sa, "namespace": rng.pick(NAMES)},
            "imagePullSecrets": [{"name": rng.pick(KEYS)}],
        });
        let file = scratch.file(&format!("sa{i}.json"), current.to_string().as_bytes());
        let mut args = strings(&["secrets", "link"]);
        args.push(format!(
            "--for={}",
            rng.pick(&["pull", "mount", "pull,mount"])
        ));
        args.push(format!("--sa-file={file}"));
        args.extend(strings(&["--", sa, rng.pick(KEYS), rng.pick(KEYS)]));
        assert_reads_back(&args, None);
    }
}

#[test]
fn policy_and_grants_read_back_with_ambiguous_subjects() {
    pullsecret_tests::require_kubectl();
    let scratch = Scratch::new("readback-grants");
    let sa = scratch.file(
        "sa.json",
        br#"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"Yes"}}"#,
    );
    let mut rng = Rng(0x5555_aaaa_3333_cccc);
    for _ in 0..CASES {
        let ns = rng.pick(NAMES);
        let verb = rng.pick(&["add-role-to-user", "add-role-to-group"]);
        let mut args = strings(&["policy", verb]);
        args.push(format!("--namespace={ns}"));
        if verb == "add-role-to-user" && rng.chance(2) {
            args.push(format!("--serviceaccount={}", rng.pick(SERVICE_ACCOUNTS)));
        }
        if rng.chance(3) {
            args.push("--compat=kubectl-1.33".into());
        }
        args.extend(strings(&[
            "--",
            rng.pick(KEYS),
            rng.pick(NAMES),
            rng.pick(NAMES),
        ]));
        assert_reads_back(&args, None);

        let mut args = strings(&["grant", "cross-project"]);
        args.push(format!("--from={}", rng.pick(SERVICE_ACCOUNTS)));
        args.push(format!("--to={}", rng.pick(SERVICE_ACCOUNTS)));
        if rng.chance(2) {
            args.push("--all-service-accounts".into());
        }
        assert_reads_back(&args, None);

        let mut args = strings(&["grant", "delegated", "--namespace=Yes", "--password-stdin"]);
        args.push(format!("--auth-server={}", rng.pick(NAMES)));
        args.push(format!("--registry-server={}", rng.pick(KEYS)));
        args.push(format!("--docker-username={}", rng.pick(NAMES)));
        if rng.chance(2) {
            args.push(format!("--sa-file={sa}"));
        }
        assert_reads_back(&args, Some(b"pass:word\n"));
    }
}
