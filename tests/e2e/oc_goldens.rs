//! Every case of `tests/vectors/oc-golden/`: what the real oc (built from openshift/oc, with
//! kubectl 1.35 inside) printed and wrote, recorded against a fake API server that served the
//! case's objects, and the same situation given to our CLI (`args`, with the objects as
//! `--existing` / `--secret-file` files). Stdout and the files written must be byte for byte
//! oc's, the exit status must agree (0 or not), and stderr must be oc's, leaving out our
//! findings (`warning[CODE]`, `note[CODE]` lines: oc has none), unless a known difference below
//! says why not.

use std::path::{Path, PathBuf};

use pullsecret_tests::conformance::oc::STDERR_DIFFERS;
use pullsecret_tests::{Scratch, run_in};

use crate::BIN;

/// Copies `from` into `to`, directories included.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, as (relative path, bytes).
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                all.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    all.sort();
    all
}

const META: &[&str] = &["oc", "args", "stdout", "stderr", "rc", "before", "after"];

/// Our stderr without our findings, which oc does not have.
fn without_findings(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !l.starts_with("warning[") && !l.starts_with("note["))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn check(case: &Path, compare_stderr: bool) -> Result<(), String> {
    let read = |name: &str| std::fs::read_to_string(case.join(name)).unwrap_or_default();
    let scratch = Scratch::new("oc-golden");
    for entry in std::fs::read_dir(case).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !META.contains(&name.as_str()) {
            std::fs::copy(entry.path(), scratch.path().join(&name)).unwrap();
        }
    }
    let before = case.join("before");
    if before.is_dir() {
        copy_tree(&before, scratch.path());
    }
    let args: Vec<String> = read("args").lines().map(str::to_owned).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run_in(scratch.path(), BIN, &args, None);
    let mut problems = Vec::new();
    let oc_failed = read("rc").trim() != "0";
    if (r.code != 0) != oc_failed {
        problems.push(format!(
            "exit {} where oc exited {}",
            r.code,
            read("rc").trim()
        ));
    }
    if r.stdout != read("stdout") {
        problems.push(format!("stdout:\n{}--- oc:\n{}", r.stdout, read("stdout")));
    }
    if compare_stderr && without_findings(&r.stderr) != read("stderr") {
        problems.push(format!("stderr:\n{}--- oc:\n{}", r.stderr, read("stderr")));
    }
    let after = case.join("after");
    let expected = if after.is_dir() {
        Some(files(&after))
    } else if before.is_dir() {
        Some(files(&before))
    } else {
        None
    };
    if let Some(expected) = expected {
        for (path, bytes) in expected {
            let ours = std::fs::read(scratch.path().join(&path)).unwrap_or_default();
            if ours != bytes {
                problems.push(format!(
                    "{}:\n{}\n--- oc wrote:\n{}",
                    path.display(),
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&bytes)
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "the tally and the known differences are the test's report"
)]
fn oc_goldens_byte_for_byte() {
    let cases = pullsecret_tests::conformance::oc::case_dirs();
    assert!(cases.len() >= 70, "oc golden cases lost: {}", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let differs = STDERR_DIFFERS.iter().any(|d| d.case == name);
        if let Err(why) = check(case, !differs) {
            let oc = std::fs::read_to_string(case.join("oc")).unwrap_or_default();
            problems.push(format!("FAIL {name}: {oc}\n{why}"));
        } else if differs && check(case, true).is_ok() {
            problems.push(format!(
                "{name}: stderr is oc's now: remove it from STDERR_DIFFERS"
            ));
        }
    }
    for d in STDERR_DIFFERS {
        eprintln!("stderr differs from oc's in {}: {}", d.case, d.reason);
    }
    eprintln!(
        "oc goldens: {} cases, {} failing",
        cases.len(),
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}
