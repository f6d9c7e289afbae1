//! Every vector of `tests/vectors/containers.json` (copied from `../shared/vectors/`) through
//! the built CLI: `expect` is what containers/image answers (`--semantics containers`), and
//! `oracle.docker28` what the docker 28 CLI answered (`--semantics docker`). We reproduce
//! docker 28; docker 20 differs only where noted in the spec.

use pullsecret_tests::{Scratch, run, vectors};
use serde_json::Value;

use crate::BIN;

/// (vector name, semantics, reason).
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[];

fn select(v: &Value, semantics: &str) -> (i32, Value) {
    let scratch = Scratch::new("containers");
    let file = scratch.file("auth.json", v["config"].to_string().as_bytes());
    let image = v["image"].as_str().unwrap_or_default();
    let r = run(
        BIN,
        &[
            "match",
            image,
            "--semantics",
            semantics,
            "--format",
            "dockerconfigjson",
            "-f",
            &file,
            "-o",
            "json",
            "--show-secrets",
        ],
        None,
    );
    if r.code != 0 {
        return (r.code, Value::Null);
    }
    let result = r.json()[0].clone();
    assert_eq!(result["semantics"], semantics);
    let credentials = result["credentials"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        credentials.len() <= 1,
        "{semantics} picks one entry at most: {result}"
    );
    (0, result)
}

fn check_containers(v: &Value) -> Result<(), String> {
    let (code, result) = select(v, "containers");
    let credential = &result["credentials"][0];
    let expect = &v["expect"];
    if expect.is_null() {
        return match (code, credential) {
            (0, Value::Null) if result["credential_helper"].is_null() => Ok(()),
            _ => Err(format!("expected no credential, got exit {code} {result}")),
        };
    }
    if expect["error"] == true {
        // A helper we do not run (the oracle's helper binary was missing) is reported as
        // such; any other error must fail the command.
        let helper_error = v["oracle"]["go"]
            .as_str()
            .unwrap_or_default()
            .contains("docker-credential-");
        return match (helper_error, code) {
            (true, 0) if result["credential_helper"].is_string() && credential.is_null() => Ok(()),
            (false, 2) => Ok(()),
            _ => Err(format!("expected an error, got exit {code} {result}")),
        };
    }
    if code != 0 {
        return Err(format!("exit {code}"));
    }
    if let Some(any) = expect["username_any_of"].as_array() {
        return if any.contains(&credential["username"]) {
            Ok(())
        } else {
            Err(format!("{credential}"))
        };
    }
    for field in ["key", "username", "password", "identitytoken"] {
        if !expect[field].is_null() && expect[field] != credential[field] {
            return Err(format!(
                "{field}: {} != {}",
                credential[field], expect[field]
            ));
        }
    }
    Ok(())
}

fn check_docker(v: &Value) -> Result<(), String> {
    let oracle = v["oracle"]["docker28"].as_str().unwrap_or_default();
    let (code, result) = select(v, "docker");
    if code != 0 {
        return Err(format!("exit {code}"));
    }
    let credential = &result["credentials"][0];
    let ok = match oracle {
        "none" => credential.is_null(),
        "<identitytoken>" => {
            credential["username"] == "" && credential["identitytoken"].is_string()
        }
        user => credential["username"] == user,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("docker28 answered {oracle:?}, we {result}"))
    }
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "the tally and known failures are the test's report"
)]
fn containers_and_docker_vectors_through_the_cli() {
    let all = vectors("containers.json");
    assert!(all.len() >= 53, "the vector file lost cases: {}", all.len());
    let mut problems = Vec::new();
    let (mut passed, mut known) = (0, 0);
    for v in &all {
        assert!(v["source"].is_string(), "vector without source: {v}");
        let name = v["name"].as_str().unwrap_or_default();
        for (semantics, outcome) in [
            ("containers", check_containers(v)),
            ("docker", check_docker(v)),
        ] {
            let listed = KNOWN_FAILURES
                .iter()
                .find(|(n, s, _)| *n == name && *s == semantics);
            match (outcome, listed) {
                (Ok(()), None) => passed += 1,
                (Err(_), Some(_)) => known += 1,
                (Err(why), None) => problems.push(format!("FAIL {name} [{semantics}]: {why}")),
                (Ok(()), Some(_)) => problems.push(format!(
                    "{name} [{semantics}] passes now: remove it from KNOWN_FAILURES"
                )),
            }
        }
    }
    for (name, semantics, reason) in KNOWN_FAILURES {
        eprintln!("known failure {name} [{semantics}]: {reason}");
    }
    eprintln!("containers vectors: {passed} passed, {known} known failures");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
