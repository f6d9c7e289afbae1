//! Every case of `tests/vectors/kubectl-golden/` run through our CLI with the same arguments:
//! stdout byte for byte, and for failures the same message. Each case holds what kubectl 1.32
//! printed (our `--compat kubectl-1.33` shape) and what the current oc printed (our default);
//! `regen.sh` there makes both from the real binaries.

use std::path::Path;

use pullsecret_tests::run_in;

use crate::BIN;

/// (case prefix, reason).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn golden_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/kubectl-golden")
}

/// The arguments of a `.cmd` file, unquoted by bash itself (they were written with `%q`).
fn argv(cmd: &str) -> Vec<String> {
    let rest = cmd
        .trim()
        .strip_prefix("kubectl ")
        .expect("a kubectl command");
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            &format!("for a in {rest}; do printf '%s\\0' \"$a\"; done"),
        ])
        .output()
        .expect("bash");
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\0')
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Which binary made a golden: the suffix of its files and the flags that ask for its shape.
#[derive(Clone, Copy)]
enum Made {
    Kubectl132,
    CurrentOc,
}

impl Made {
    fn suffix(self) -> &'static str {
        match self {
            Made::Kubectl132 => "",
            Made::CurrentOc => ".oc",
        }
    }

    fn flags(self) -> &'static [&'static str] {
        match self {
            Made::Kubectl132 => &["--compat", "kubectl-1.33"],
            Made::CurrentOc => &[],
        }
    }
}

fn check(case: &str, made: Made) -> Result<(), String> {
    let dir = golden_dir();
    let read = |ext: &str| {
        let suffix = if ext == "cmd" { "" } else { made.suffix() };
        std::fs::read_to_string(dir.join(format!("{case}{suffix}.{ext}"))).ok()
    };
    let mut args = argv(&read("cmd").unwrap());
    args.extend(made.flags().iter().map(|f| (*f).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run_in(&dir, BIN, &args, None);
    let rc: i32 = read("rc").unwrap().trim().parse().unwrap();
    if rc == 0 {
        if r.code != 0 {
            return Err(format!("exit {}: {}", r.code, r.stderr));
        }
        let want = read("out").unwrap();
        return if r.stdout == want {
            Ok(())
        } else {
            Err(format!("stdout differs:\n{}\n--- want\n{want}", r.stdout))
        };
    }
    let want = read("err").unwrap_or_default();
    if r.code == 2 && r.stdout.is_empty() && r.stderr == want {
        Ok(())
    } else {
        Err(format!(
            "exit {} stderr {:?}, want {want:?}",
            r.code, r.stderr
        ))
    }
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "the tally and known failures are the test's report"
)]
fn kubectl_goldens_byte_for_byte() {
    let cases = pullsecret_tests::conformance::kubectl::case_names();
    assert!(cases.len() >= 22, "golden cases lost: {}", cases.len());
    let (mut passed, mut known) = (0, 0);
    let mut problems = Vec::new();
    for (case, made) in cases
        .iter()
        .flat_map(|c| [(c, Made::Kubectl132), (c, Made::CurrentOc)])
    {
        let listed = KNOWN_FAILURES.iter().find(|(p, _)| case.starts_with(p));
        match (check(case, made), listed) {
            (Ok(()), None) => passed += 1,
            (Err(_), Some(_)) => known += 1,
            (Err(why), None) => problems.push(format!("FAIL {case}{}: {why}", made.suffix())),
            (Ok(()), Some(_)) => {
                problems.push(format!("{case} passes now: remove it from KNOWN_FAILURES"))
            }
        }
    }
    for (case, reason) in KNOWN_FAILURES {
        eprintln!("known failure {case}: {reason}");
    }
    eprintln!("kubectl goldens: {passed} passed, {known} known failures");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
