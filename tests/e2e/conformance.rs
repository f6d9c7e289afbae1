//! The conformance suite (`tests/conformance/`): the committed suites are what the generator
//! makes of the vectors, and every case passes through wasmtime's dynamic component API.

use std::sync::OnceLock;

use pullsecret_tests::conformance::pattern::judge;
use pullsecret_tests::conformance::runner::Runner;
use pullsecret_tests::conformance::{self, Case};
use pullsecret_tests::{Scratch, run};
use serde_json::json;

use crate::BIN;

/// `PULLSECRET_REGENERATE=1`: rewrite the suite files instead of comparing them.
fn regenerating() -> bool {
    std::env::var_os("PULLSECRET_REGENERATE").is_some_and(|v| v == "1")
}

/// The committed suite files are what the vectors give; `PULLSECRET_REGENERATE=1` rewrites them.
#[test]
fn conformance_suites_are_current() {
    let regenerate = regenerating();
    let mut stale = Vec::new();
    for (suite, cases) in conformance::generate() {
        let text = conformance::render(suite, &cases);
        let path = conformance::suite_path(suite);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed == text {
            continue;
        }
        if regenerate {
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        } else {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "suite files differ from what the vectors give (PULLSECRET_REGENERATE=1 cargo test -p pullsecret --test e2e conformance rewrites them): {}",
        stale.join(", ")
    );
}

/// The component as `pullsecret component -o` writes it, compiled once for every test here.
fn runner() -> &'static Runner {
    static RUNNER: OnceLock<Runner> = OnceLock::new();
    RUNNER.get_or_init(|| Runner::new(&component_bytes()).expect("the component compiles"))
}

fn component_bytes() -> Vec<u8> {
    let scratch = Scratch::new("conformance");
    let path = scratch.path().join("pullsecret.wasm");
    let path = path.to_string_lossy();
    let r = run(BIN, &["component", "-o", &path], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::read(path.as_ref()).expect("component written")
}

/// Every case of every committed suite through wasmtime; known failures must fail.
#[test]
#[expect(
    clippy::print_stderr,
    reason = "the per-suite tally is the test's report"
)]
fn conformance_suites_pass_through_wasmtime() {
    let runner = runner();
    let mut problems = Vec::new();
    // While the files are being rewritten, run what is written to them.
    let generated = regenerating().then(conformance::generate);
    for suite in conformance::SUITES {
        let cases = match &generated {
            Some(all) => all
                .iter()
                .find(|(s, _)| s == suite)
                .expect("suite")
                .1
                .clone(),
            None => conformance::load_suite(&conformance::suite_path(suite))
                .unwrap_or_else(|e| panic!("{e}")),
        };
        assert!(!cases.is_empty(), "suite {suite} has no cases");
        let report = judge(&cases, |case| runner.call(case));
        eprintln!("{}", report.summary(suite));
        problems.extend(report.problems);
    }
    assert!(
        problems.is_empty(),
        "{} failing cases\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The runner fails a wrong expectation and a known failure that passes, through the real
/// component: it is not vacuous.
#[test]
fn conformance_runner_fails_wrong_expectations() {
    let runner = runner();
    let right = Case::new(
        "normalize",
        "keyring.normalize-image",
        vec![json!("busybox")],
        json!({"ok": "docker.io/library/busybox"}),
    );
    let mut wrong = right.clone();
    wrong.name = "wrong".into();
    wrong.expect = json!({"ok": "docker.io/busybox"});
    let mut stale = right.clone();
    stale.name = "stale".into();
    stale.known_failure = Some("it passes".into());
    let mut bad_arg = right.clone();
    bad_arg.name = "bad-arg".into();
    bad_arg.args = vec![json!(5)];
    // A returned docker-config is compared through its methods.
    let wrong_format = Case::new(
        "format",
        "config.parse",
        vec![
            json!("a.json"),
            json!({"utf8": r#"{"auths":{"quay.io":{"auth":"dTpw"}}}"#}),
            json!(null),
        ],
        json!({"ok": {"configs": [{"format": "dockercfg", "entries": {"ok": [{"key": "quay.io"}]}}]}}),
    );
    let report = judge(&[right, wrong, stale, bad_arg, wrong_format], |case| {
        runner.call(case)
    });
    assert_eq!(report.passed, 1, "{:?}", report.problems);
    assert_eq!(report.problems.len(), 4, "{:?}", report.problems);
    assert!(
        report.problems[0].contains(
            "FAIL wrong (keyring.normalize-image): at $.ok: expected \"docker.io/busybox\", got \"docker.io/library/busybox\""
        ),
        "{}",
        report.problems[0]
    );
    assert!(report.problems[1].starts_with("PASSES stale"));
    assert!(report.problems[2].contains("argument image"));
    assert!(
        report.problems[3].contains(
            "at $.ok.configs[0].format: expected \"dockercfg\", got \"dockerconfigjson\""
        ),
        "{}",
        report.problems[3]
    );
}
