//! The Kubewarden policy (`kubewarden/`) on Kubewarden's runtime: the built `.wasm` loaded
//! with `wapc` and `wasmtime-provider`, WASI enabled, as policy-server loads it, fed the
//! admission requests of `tests/data/kubewarden/` (`<kind>_<scenario>.json`, each the
//! `ValidationRequest` policy-server sends: settings and request). Every pull Secret among
//! them is also given to `pullsecret validate` with the same policies: both must agree.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pullsecret_guest::go::base64::{self, Padding};
use pullsecret_tests::kubewarden::{POLICY_WASM, Policy};
use pullsecret_tests::{Scratch, run};
use serde_json::Value;

use crate::BIN;

/// What the policy must answer for one fixture.
struct Case {
    fixture: &'static str,
    accepted: bool,
    /// The codes of the errors in the message, in order.
    errors: &'static [&'static str],
    /// The codes of the warnings, in order.
    warnings: &'static [&'static str],
    /// A pull Secret being created or updated: `pullsecret validate` must agree.
    pull_secret: bool,
}

const CASES: &[Case] = &[
    Case {
        fixture: "secret_good.json",
        accepted: true,
        errors: &[],
        warnings: &[],
        pull_secret: true,
    },
    Case {
        fixture: "secret_warnings.json",
        accepted: true,
        errors: &[],
        warnings: &[
            "key-path-prefix",
            "auth-base64-unpadded",
            "key-scope-differs",
            "plain-credentials-only",
        ],
        pull_secret: true,
    },
    Case {
        fixture: "secret_undecodable.json",
        accepted: false,
        errors: &["auth-not-base64"],
        warnings: &["key-path-prefix"],
        pull_secret: true,
    },
    Case {
        fixture: "secret_payload-not-json.json",
        accepted: false,
        errors: &["invalid-json"],
        warnings: &[],
        pull_secret: true,
    },
    Case {
        fixture: "secret_forbidden-registry.json",
        accepted: false,
        errors: &["registry-forbidden", "registry-not-allowed"],
        warnings: &[
            "key-path-prefix",
            "docker-hub-key-variant",
            "policy-entry-unused",
        ],
        pull_secret: true,
    },
    Case {
        fixture: "secret_missing-required-registry.json",
        accepted: false,
        errors: &["required-registry-missing"],
        warnings: &[],
        pull_secret: true,
    },
    Case {
        fixture: "secret_global-pull-secret-good.json",
        accepted: true,
        errors: &[],
        warnings: &[],
        pull_secret: true,
    },
    Case {
        fixture: "secret_not-selected.json",
        accepted: true,
        errors: &[],
        warnings: &[],
        pull_secret: true,
    },
    Case {
        fixture: "secret_dockercfg-warnings.json",
        accepted: true,
        errors: &[],
        warnings: &["key-path-prefix", "plain-credentials-only"],
        pull_secret: true,
    },
    Case {
        fixture: "secret_unannotated-dockercfg.json",
        accepted: false,
        errors: &["required-registry-missing"],
        warnings: &[],
        pull_secret: true,
    },
    Case {
        fixture: "secret_service-account-dockercfg-ignored.json",
        accepted: true,
        errors: &[],
        warnings: &[],
        pull_secret: false,
    },
    Case {
        fixture: "secret_opaque-ignored.json",
        accepted: true,
        errors: &[],
        warnings: &[],
        pull_secret: false,
    },
    Case {
        fixture: "secret_delete-ignored.json",
        accepted: true,
        errors: &[],
        warnings: &[],
        pull_secret: false,
    },
    Case {
        fixture: "configmap_ignored.json",
        accepted: true,
        errors: &[],
        warnings: &[],
        pull_secret: false,
    },
];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/kubewarden")
}

fn fixture(name: &str) -> Value {
    let path = data_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `[CODE]` of a line `LEVEL[CODE] ...`.
fn code_of(line: &str) -> &str {
    let open = line
        .find('[')
        .unwrap_or_else(|| panic!("no [code] in {line:?}"));
    let close = line
        .find(']')
        .unwrap_or_else(|| panic!("no [code] in {line:?}"));
    &line[open + 1..close]
}

/// The error lines of a rejection (after its summary line) and the warnings.
fn lines(response: &Value) -> (Vec<String>, Vec<String>) {
    let errors = match response["message"].as_str() {
        Some(message) => message.lines().skip(1).map(str::to_owned).collect(),
        None => Vec::new(),
    };
    let warnings = match &response["warnings"] {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .map(|w| w.as_str().unwrap().to_owned())
            .collect(),
        other => panic!("warnings is not a list: {other}"),
    };
    (errors, warnings)
}

fn decode(text: &str, padding: Padding) -> Option<String> {
    let bytes = base64::decode(text.as_bytes(), padding).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Every credential in the Secrets of a request, decoded: none may appear in a response.
fn secrets_of(request: &Value) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (name, v) in members {
                    match (name.as_str(), v) {
                        ("auth" | "password" | "identitytoken", Value::String(s)) => {
                            out.push(s.clone());
                            let decoded = decode(s, Padding::Required)
                                .or_else(|| decode(s, Padding::Forbidden));
                            if let Some((_, password)) =
                                decoded.as_deref().and_then(|d| d.split_once(':'))
                            {
                                out.push(password.to_owned());
                            }
                        }
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for object in [&request["object"], &request["oldObject"]] {
        let Some(data) = object["data"].as_object() else {
            continue;
        };
        for encoded in data.values() {
            let text = decode(encoded.as_str().unwrap(), Padding::Required).unwrap();
            match serde_json::from_str::<Value>(&text) {
                Ok(payload) => walk(&payload, &mut out),
                Err(_) => out.push(text),
            }
        }
    }
    out.retain(|s| s.len() >= 6);
    out
}

#[test]
fn fixtures_are_accepted_and_rejected_as_expected() {
    let policy = Policy::load();
    for case in CASES {
        let fixture = fixture(case.fixture);
        let response = policy.validate(&fixture);
        let name = case.fixture;
        assert_eq!(response["accepted"], case.accepted, "{name}: {response:#}");
        // Rejections carry no HTTP code: the API server answers 403 with the message.
        assert_eq!(response["code"], Value::Null, "{name}");
        assert_eq!(response["mutated_object"], Value::Null, "{name}");
        let (errors, warnings) = lines(&response);
        let error_codes: Vec<&str> = errors.iter().map(|l| code_of(l)).collect();
        let warning_codes: Vec<&str> = warnings.iter().map(|l| code_of(l)).collect();
        assert_eq!(error_codes, case.errors, "{name}: {response:#}");
        assert_eq!(warning_codes, case.warnings, "{name}: {response:#}");
        if !case.accepted {
            let message = response["message"].as_str().unwrap();
            let count = case.errors.len();
            let plural = if count == 1 { "" } else { "s" };
            assert!(
                message.starts_with(&format!(
                    "pullsecret: {count} error{plural} in this pull secret:"
                )),
                "{name}: {message}"
            );
        }
        for line in errors.iter().chain(&warnings) {
            assert!(!line.contains('\n'), "{name}: {line:?}");
            for secret in secrets_of(&fixture["request"]) {
                assert!(!line.contains(&secret), "{name}: a credential in {line:?}");
            }
        }
    }
}

#[test]
fn every_fixture_has_a_case() {
    let mut files: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json") && !f.starts_with("settings_"))
        .collect();
    files.sort();
    let mut cases: Vec<&str> = CASES.iter().map(|c| c.fixture).collect();
    cases.sort_unstable();
    assert_eq!(files, cases);
}

/// The policies `pullsecret validate` gets for a fixture: the settings' policies when the
/// selectors pick the Secret, as `--policy NAME` or `--policy FILE` for an inline one.
fn cli_policies(scratch: &Scratch, fixture: &Value) -> Vec<String> {
    let settings = &fixture["settings"];
    let request = &fixture["request"];
    let picks = |field: &str, value: &Value| match settings[field].as_array() {
        None => true,
        Some(list) => list.is_empty() || list.contains(value),
    };
    if !picks("namespaces", &request["namespace"]) || !picks("names", &request["name"]) {
        return Vec::new();
    }
    let mut args = Vec::new();
    for (i, policy) in settings["policies"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        args.push("--policy".to_owned());
        match policy {
            Value::String(name) => args.push(name.clone()),
            inline => {
                args.push(scratch.file(&format!("policy-{i}.json"), inline.to_string().as_bytes()))
            }
        }
    }
    args
}

#[test]
fn policy_agrees_with_pullsecret_validate() {
    let policy = Policy::load();
    let scratch = Scratch::new("kubewarden-cli");
    let (mut accepted, mut rejected) = (0, 0);
    for case in CASES.iter().filter(|c| c.pull_secret) {
        let name = case.fixture;
        let fixture = fixture(name);
        let secret = scratch.file(name, fixture["request"]["object"].to_string().as_bytes());
        let policies = cli_policies(&scratch, &fixture);
        let mut argv = vec!["validate", secret.as_str(), "-o", "json"];
        argv.extend(policies.iter().map(String::as_str));
        let cli = run(BIN, &argv, None);
        assert!(cli.code == 0 || cli.code == 1, "{name}: {}", cli.stderr);
        let report = cli.json();

        let response = policy.validate(&fixture);
        assert_eq!(
            response["accepted"].as_bool().unwrap(),
            cli.code == 0,
            "{name}: the policy and `pullsecret validate {}` disagree:\n{response:#}\n{report:#}",
            policies.join(" ")
        );
        assert_eq!(report["valid"], response["accepted"], "{name}");
        let (errors, warnings) = lines(&response);
        let findings = report["findings"].as_array().unwrap();
        let (cli_errors, cli_others): (Vec<&Value>, Vec<&Value>) =
            findings.iter().partition(|f| f["severity"] == "error");
        for (lines, found) in [(&errors, &cli_errors), (&warnings, &cli_others)] {
            assert_eq!(lines.len(), found.len(), "{name}: {lines:#?}\n{found:#?}");
            for (line, finding) in lines.iter().zip(found.iter()) {
                assert_eq!(code_of(line), finding["code"], "{name}");
                for field in ["message", "location", "key", "fix"] {
                    if let Some(text) = finding[field].as_str() {
                        assert!(
                            line.contains(text),
                            "{name}: {field} {text:?} missing from {line:?}"
                        );
                    }
                }
            }
        }
        if cli.code == 0 {
            accepted += 1;
        } else {
            rejected += 1;
        }
    }
    // Both outcomes were compared, more than once each.
    assert!(
        accepted >= 3 && rejected >= 3,
        "{accepted} accepted, {rejected} rejected"
    );
}

#[test]
fn settings_are_checked_every_problem_at_once() {
    let policy = Policy::load();
    let good = policy.validate_settings(&fixture("settings_good.json"));
    assert_eq!(good["valid"], true, "{good:#}");
    assert_eq!(policy.validate_settings(&Value::Null)["valid"], true);
    assert_eq!(
        policy.validate_settings(&serde_json::json!({}))["valid"],
        true
    );

    let bad = policy.validate_settings(&fixture("settings_bad.json"));
    assert_eq!(bad["valid"], false, "{bad:#}");
    let message = bad["message"].as_str().unwrap();
    let problems: Vec<&str> = message.lines().collect();
    let expected = [
        "policies[1]: \"no-such-policy\" is not a shipped policy (openshift-installer, assisted-installer, openshift-global-pull-secret, strict)",
        "policies[2]: error[policy-invalid] $.required[0]: \"https://quay.io/myorg\" is not a registry name",
        "policies[2]: error[policy-invalid] $.severity.auth-not-base64: \"auth-not-base64\" cannot be re-graded",
        "policies[2]: error[policy-contradiction] $.allowed: \"quay.io/myorg\" is both allowed and forbidden",
        "policies[3]: must be a policy name or a policy object, not a number",
        "namespaces: must be a list of strings, not a string",
        "names[1]: must not be empty",
        "settings: unknown field \"mode\"",
    ];
    assert_eq!(problems.len(), expected.len(), "{message}");
    for (problem, want) in problems.iter().zip(expected) {
        assert!(
            problem.starts_with(want),
            "{want:?} expected, got {problem:?}"
        );
    }

    // The same settings in a request: refused, with the same problems, nothing validated.
    let mut request = fixture("secret_good.json");
    request["settings"] = fixture("settings_bad.json");
    let response = policy.validate(&request);
    assert_eq!(response["accepted"], false);
    let refused = response["message"].as_str().unwrap();
    assert_eq!(refused, format!("pullsecret: invalid settings:\n{message}"));
}

#[test]
fn warm_validate_size_and_time() {
    let bytes = std::fs::metadata(POLICY_WASM).unwrap().len();
    let policy = Policy::load();
    let request = fixture("secret_forbidden-registry.json");
    let first = policy.validate(&request);
    const CALLS: u32 = 200;
    let start = Instant::now();
    for _ in 0..CALLS {
        assert_eq!(policy.validate(&request), first);
    }
    let each = start.elapsed() / CALLS;
    #[expect(clippy::print_stderr, reason = "the numbers the README reports")]
    {
        eprintln!(
            "kubewarden policy: {bytes} bytes ({} KiB); one warm validate: {each:?}",
            bytes / 1024
        );
    }
    assert!(bytes < 4 << 20, "the policy is {bytes} bytes");
    assert!(
        each < Duration::from_millis(100),
        "one validate took {each:?}"
    );
}
