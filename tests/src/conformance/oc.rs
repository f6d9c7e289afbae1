//! `tests/vectors/oc-golden/`: what the real oc printed and wrote, and the situation as our
//! CLI takes it (`args`, one argument per line, with the objects as files beside it), made
//! into the `manifests`/`edit` call the CLI makes. Compared: the manifest oc printed (stdout),
//! the file `registry login` wrote (`after/`), or for a failure the message after `error: `.
//! Not compared: oc's other stderr lines (API-server warnings, `info:` lines) and the CLI's
//! own text (`Saved credentials ...`).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::kubectl::{Flags, error_with_message, sources};
use super::kubelet::invalid_input;
use super::{Case, bytes_json, read_text, vectors_dir};

const SUITE: &str = "oc";

/// An oc golden whose stderr pullsecret does not reproduce on purpose; everything else in it
/// is still compared. `cli_only` when the difference is the CLI's alone (the WIT call returns
/// oc's message), so the conformance case still compares the message.
#[derive(Debug)]
pub struct StderrDiffers {
    pub case: &'static str,
    pub reason: &'static str,
    pub cli_only: bool,
}

/// The oc goldens whose stderr differs, for the CLI's golden test and this suite alike.
pub const STDERR_DIFFERS: &[StderrDiffers] = &[
    StderrDiffers {
        case: "1d_d1_role_missing_dry_yaml",
        reason: "oc asks the API server whether the ClusterRole exists and warns when it does not; offline there is no server to ask",
        cli_only: true,
    },
    StderrDiffers {
        case: "1e_z_invalid",
        reason: "oc's message has two lines; text output escapes the line break (\\n), as it escapes every control character in messages",
        cli_only: true,
    },
    StderrDiffers {
        case: "4a_credhelper_no_skip_check",
        reason: "oc runs the credential helper the file names for the registry (here missing, so it fails); pullsecret runs no helper and refuses with its own message, leaving the file unchanged as oc did",
        cli_only: false,
    },
    StderrDiffers {
        case: "4a_credhelper_skip_check",
        reason: "as 4a_credhelper_no_skip_check: pullsecret runs no credential helper",
        cli_only: false,
    },
    StderrDiffers {
        case: "4i_credhelpers_empty_string",
        reason: "as 4a_credhelper_no_skip_check: pullsecret runs no credential helper, not even the empty name",
        cli_only: false,
    },
];

/// (case, reason): goldens with no WIT call of their own.
const NOT_MAPPED: &[(&str, &str)] = &[(
    "4g_auth_basic_no_colon",
    "`--auth-basic up` is refused while the CLI reads its flags (no colon to split user and password): no WIT call is made",
)];

fn golden_dir() -> PathBuf {
    vectors_dir().join("oc-golden")
}

/// A case per golden, but those in `NOT_MAPPED`.
/// The oc goldens' case folders, sorted. Cases start with a digit; `recorder/` holds the
/// tools that made them.
pub fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("oc-golden")
        .map(|e| e.expect("oc-golden entry").path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    dirs.sort();
    dirs
}

pub fn cases() -> Vec<Case> {
    let dirs = case_dirs();
    dirs.iter()
        .filter(|d| !NOT_MAPPED.iter().any(|(n, _)| d.ends_with(n)))
        .map(|d| case(d))
        .collect()
}

/// `{"source", "bytes"}` of a file beside the case, as a host reads it.
fn input(dir: &Path, file: &str) -> Value {
    let bytes = std::fs::read(dir.join(file))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()));
    json!({"source": file, "bytes": bytes_json(&bytes)})
}

fn case(dir: &Path) -> Case {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("case name")
        .to_owned();
    let read = |file: &str| read_text(&dir.join(file));
    let argv: Vec<String> = read("args").lines().map(str::to_owned).collect();
    let flags = Flags::parse(
        &argv,
        &[
            "namespace",
            "rolebinding-name",
            "existing",
            "output",
            "serviceaccount",
            "compat",
            "secret-file",
            "from-file",
            "registry",
            "auth-basic",
            "to",
            "email",
        ],
        &[
            ("-n", "namespace"),
            ("-o", "output"),
            ("-z", "serviceaccount"),
        ],
    );
    let failed = read("rc").trim() != "0";
    let differs = STDERR_DIFFERS
        .iter()
        .find(|d| d.case == name && !d.cli_only)
        .map(|d| (d.case, d.reason));
    let error = || match differs {
        Some(_) => invalid_input(),
        None => error_with_message(&read("stderr")),
    };
    let output = flags.last("output").unwrap_or_else(|| "yaml".into());
    let positional: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    let (call, args, expect, compared) = match positional.as_slice() {
        [
            "policy",
            command @ ("add-role-to-user" | "add-role-to-group"),
            rest @ ..,
        ] => (
            "manifests.add-role",
            vec![json!({
                "kind": if *command == "add-role-to-user" { "user" } else { "group" },
                "args": rest,
                "namespace": flags.last("namespace").expect("-n"),
                "service-accounts": flags.all("serviceaccount"),
                "rolebinding-name": flags.last("rolebinding-name"),
                "existing": flags.last("existing").map(|f| input(dir, &f)),
                "shape": "current",
                "output": output,
            })],
            json!({"ok": {"manifest": read("stdout")}}),
            "stdout",
        ),
        ["set", "data", target] => (
            "manifests.set-data",
            vec![json!({
                "target": target,
                "namespace": flags.last("namespace"),
                "sources": sources(dir, &flags.all("from-file")),
                "current": flags.last("secret-file").map(|f| input(dir, &f)),
                "force": flags.has("force"),
                "output": output,
            })],
            json!({"ok": {
                "manifest": read("stdout"),
                "changed": !read("stderr").contains("was not changed"),
            }}),
            "stdout",
        ),
        ["login"] => {
            let to = flags.last("to").expect("--to");
            let before = dir.join("before").join(&to);
            let existing = before
                .exists()
                .then(|| bytes_json(&std::fs::read(&before).expect("before file")));
            let pair = flags.last("auth-basic").expect("--auth-basic");
            let (username, password) = pair.split_once(':').expect("user:password");
            let written = std::fs::read(dir.join("after").join(&to)).expect("after file");
            (
                "edit.login",
                vec![
                    json!(to),
                    json!(existing),
                    json!({
                        "registry": flags.last("registry").expect("--registry"),
                        "username": username,
                        "password": password,
                        "email": flags.last("email"),
                        "style": if flags.last("compat").as_deref() == Some("oc") { "oc" } else { "preserve" },
                    }),
                ],
                json!({"ok": {"bytes": bytes_json(&written)}}),
                "file written",
            )
        }
        other => panic!("oc-golden {name}: command {other:?} is not mapped"),
    };
    let (expect, compared) = match (failed, differs) {
        (false, _) => (expect, compared.to_owned()),
        (true, None) => (error(), "message".to_owned()),
        (true, Some((_, why))) => (error(), format!("error; message not compared: {why}")),
    };
    Case::new(format!("{SUITE}/{name} [{compared}]"), call, args, expect)
}
