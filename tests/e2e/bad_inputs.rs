//! The bad-input corpus, `tests/data/bad/`: malformed and hostile inputs, each run through
//! every command that reads a pull secret, as `expected.json` there lists them: the exit code
//! of each command, `validate`'s diagnostic code and location, and the place each error names
//! (`FILE:LINE:COLUMN`, the Secret and its data key, the document). No output may echo the
//! sentinel secret the inputs carry, or a control character that could drive a terminal.

use std::path::{Path, PathBuf};

use pullsecret_tests::{Run, Scratch, run_in};
use serde_json::{Map, Value};

use crate::BIN;
use crate::leaks::{Secrets, control_characters};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/bad")
}

fn manifest() -> Value {
    let path = corpus().join("expected.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text<'a>(value: &'a Value, what: &str) -> &'a str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected.json: {what} must be a string"))
}

/// Puts the input into the scratch dir under its own name (so messages name it as the
/// manifest does), fresh for every command: `login` may write to it.
fn stage(scratch: &Scratch, input: &Value, name: &str) {
    let target = scratch.path().join(name);
    let _ = std::fs::remove_dir_all(&target);
    let _ = std::fs::remove_file(&target);
    match input.get("create").and_then(Value::as_str) {
        Some("directory") => std::fs::create_dir(&target).expect("creating the directory input"),
        Some(other) => panic!("expected.json: {name}: unknown \"create\": {other}"),
        None => {
            std::fs::copy(corpus().join(name), &target)
                .unwrap_or_else(|e| panic!("copying {name}: {e}"));
        }
    }
}

/// What is wrong with one command's run on one input; empty when it behaved.
fn judge(
    input: &Value,
    name: &str,
    command: &str,
    artifact: bool,
    run: &Run,
    secrets: &Secrets,
) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = input["exit"][command]
        .as_i64()
        .unwrap_or_else(|| panic!("expected.json: {name}: exit.{command}"));
    if i64::from(run.code) != expected {
        problems.push(format!("exit {} instead of {expected}", run.code));
    }
    for (stream, out) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(c) = control_characters(out) {
            problems.push(format!("{stream} holds the control character {c:?}"));
        }
    }
    // The commands that write the secret out (their output is the config) may show it
    // there, encoded as in the input; no message ever does.
    if let Some(form) = secrets.found_in(&run.stderr) {
        problems.push(format!("stderr shows the secret ({form})"));
    }
    if !(artifact && run.code == 0)
        && let Some(form) = secrets.found_in(&run.stdout)
    {
        problems.push(format!("stdout shows the secret ({form})"));
    }
    if command == "validate" {
        problems.extend(judge_validate(input, name, run));
    } else if run.code != 0 {
        let place = input
            .get("at_by_command")
            .and_then(|o| o.get(command))
            .unwrap_or(&input["at"]);
        let place = text(place, &format!("{name}: at"));
        let said = format!("error: {place}");
        if !run.stderr.lines().any(|l| l.starts_with(&said)) {
            problems.push(format!("no error line starting {said:?}"));
        }
        if !run.stdout.is_empty() {
            problems.push("an error, and output on stdout".to_owned());
        }
    }
    problems
}

/// `validate -o json`: the finding's code, its file and location.
fn judge_validate(input: &Value, name: &str, run: &Run) -> Vec<String> {
    let Some(code) = input["code"].as_str() else {
        // Input `validate` refuses to read: an error on stderr, not a finding.
        return if run.stdout.is_empty() && run.stderr.starts_with(&format!("error: {name}")) {
            Vec::new()
        } else {
            vec!["an input validate cannot read must be an error naming it".to_owned()]
        };
    };
    let Ok(report) = serde_json::from_str::<Value>(&run.stdout) else {
        return vec![format!("stdout is not JSON: {}", run.stdout)];
    };
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let Some(finding) = findings.iter().find(|f| f["code"] == code) else {
        return vec![format!("no {code} finding in {}", run.stdout)];
    };
    let mut problems = Vec::new();
    if finding["source"] != name {
        problems.push(format!(
            "{code}: source {} is not {name}",
            finding["source"]
        ));
    }
    let (location, expected) = (&finding["location"], &input["validate_at"]);
    if location != expected {
        problems.push(format!("{code}: location {location} is not {expected}"));
    }
    let valid = report["valid"].as_bool();
    if valid != Some(finding["severity"] != "error") {
        problems.push(format!("\"valid\" is {valid:?} with {finding}"));
    }
    problems
}

#[test]
fn every_bad_input_fails_as_listed_with_its_place_and_no_secret() {
    let manifest = manifest();
    let commands: &Map<String, Value> = manifest["commands"].as_object().expect("commands");
    let artifacts: Vec<&str> = manifest["artifacts"]
        .as_array()
        .expect("artifacts")
        .iter()
        .map(|a| text(a, "artifacts"))
        .collect();
    let inputs = manifest["inputs"].as_array().expect("inputs");
    assert!(inputs.len() >= 60, "only {} inputs", inputs.len());
    let secrets = Secrets::new(&[text(&manifest["sentinel"], "sentinel")]);

    // Every file is listed once, and every listed file exists (or is made by the test).
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus())
        .expect("tests/data/bad")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.json")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = inputs
        .iter()
        .filter(|i| i.get("create").is_none())
        .map(|i| text(&i["file"], "file").to_owned())
        .collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "tests/data/bad/ and expected.json disagree"
    );

    let scratch = Scratch::new("bad-inputs");
    scratch.file("good.json", br#"{"auths":{"r.io":{"auth":"dTpw"}}}"#);
    let mut failures = Vec::new();
    let mut checked = 0;
    for input in inputs {
        let name = text(&input["file"], "file");
        assert!(
            !text(&input["what"], "what").is_empty(),
            "{name}: say what it is"
        );
        let exits = input["exit"].as_object().expect("exit");
        assert_eq!(
            exits.len(),
            commands.len(),
            "{name}: an exit code for every command"
        );
        for (command, argv) in commands {
            stage(&scratch, input, name);
            let argv: Vec<&str> = argv
                .as_array()
                .expect("argv")
                .iter()
                .map(|a| text(a, "argv"))
                .map(|a| if a == "FILE" { name } else { a })
                .collect();
            let run = run_in(scratch.path(), BIN, &argv, None);
            checked += 1;
            let artifact = artifacts.contains(&command.as_str());
            for problem in judge(input, name, command, artifact, &run, &secrets) {
                failures.push(format!(
                    "{name}: {}: {problem}\n    stdout: {}\n    stderr: {}",
                    argv.join(" "),
                    run.stdout.trim_end(),
                    run.stderr.trim_end()
                ));
            }
        }
    }
    assert!(checked >= 60 * 9, "{checked} runs");
    assert!(
        failures.is_empty(),
        "{} of {checked} runs misbehaved:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
