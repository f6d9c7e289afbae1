//! Secrets never leak: every command runs on inputs that carry a sentinel password, a
//! sentinel `auth` and a sentinel identity token, and no sentinel appears in its standard
//! output or error, in any encoding, unless the user asked for it:
//!
//! - `--show-secrets` (`parse`, `match`, `explain`) shows them on standard output only;
//! - the commands whose job is to write the secret out print it in the artifact they write
//!   to standard output, by design: `extract`, `node-config`, `merge -o -`, `login --to -`,
//!   `set data`, `create secret`, `grant registry` and `grant delegated`. There the secret
//!   must be present on standard output (the artifact carries it) and absent from standard
//!   error;
//! - every other run, errors included, shows no form of any sentinel anywhere.

use pullsecret_guest::go::base64;
use pullsecret_tests::{Scratch, run_in};

use crate::BIN;

/// The sentinels, and every form in which an output could carry one: as is, base64-encoded
/// (the part of the encoding that depends only on the sentinel, at each of the three byte
/// alignments), and base64-encoded twice (a Secret's `data` holds the base64 of a config
/// whose `auth` is base64).
#[derive(Debug)]
pub struct Secrets {
    forms: Vec<String>,
}

impl Secrets {
    pub fn new(sentinels: &[&str]) -> Self {
        let mut forms = Vec::new();
        for sentinel in sentinels {
            let once = encoded(sentinel);
            let twice = once.iter().flat_map(|f| encoded(f));
            forms.push((*sentinel).to_owned());
            forms.extend(once.iter().cloned().chain(twice));
        }
        Secrets { forms }
    }

    /// The first form of a sentinel found in `text`.
    pub fn found_in(&self, text: &str) -> Option<&str> {
        self.forms
            .iter()
            .map(String::as_str)
            .find(|f| text.contains(f))
    }
}

/// The base64 characters that encode `text` alone, wherever it sits in a longer input: for
/// each alignment, the characters whose six bits all come from `text`.
fn encoded(text: &str) -> Vec<String> {
    (0..3)
        .map(|skip| {
            let mut bytes = vec![b'x'; skip];
            bytes.extend_from_slice(text.as_bytes());
            let full = base64::encode(&bytes);
            let (start, end) = ((8 * skip).div_ceil(6), 8 * bytes.len() / 6);
            full[start..end].to_owned()
        })
        .collect()
}

/// The first control character in `text` other than a line break or a tab: input echoed
/// raw (an escape sequence in a registry key) could drive the user's terminal.
pub fn control_characters(text: &str) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
}

const PASSWORD: &str = "S3NTINEL-pw";
const AUTH_PASSWORD: &str = "S3NTINEL-au";
const TOKEN: &str = "S3NTINEL-tok";

/// A pull secret with each kind of secret, and an entry whose `auth` and `password` disagree
/// (its finding must not quote either).
fn pull_secret(password: &str) -> String {
    let auth = base64::encode(format!("robot:{AUTH_PASSWORD}").as_bytes());
    let token_auth = base64::encode(b"tokenuser:other");
    format!(
        r#"{{"auths":{{"quay.io":{{"auth":"{auth}","email":"you@example.com"}},"registry.example.com":{{"username":"plain","password":"{password}"}},"tok.example.com":{{"auth":"{token_auth}","identitytoken":"{TOKEN}"}},"mismatch.example.com":{{"auth":"{auth}","username":"robot","password":"{password}"}}}}}}"#
    )
}

/// How a run may show the secrets.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shows {
    /// Nowhere.
    Nothing,
    /// On standard output, asked for with `--show-secrets`.
    Asked,
    /// On standard output, in the config or manifest the command writes.
    Artifact,
}

#[test]
fn no_command_shows_a_secret_unless_asked_or_writing_it() {
    let scratch = Scratch::new("leaks");
    let ps = scratch.file("ps.json", pull_secret(PASSWORD).as_bytes());
    let old = scratch.file("old.json", pull_secret("S3NTINEL-pw-old").as_bytes());
    let other = scratch.file("other.json", br#"{"auths":{"r.io":{"auth":"dTpw"}}}"#);
    let data = base64::encode(pull_secret(PASSWORD).as_bytes());
    let secret = scratch.file(
        "secret.yaml",
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull-secret\n  namespace: ns\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {data}\n"
        )
        .as_bytes(),
    );
    let bad = scratch.file(
        "bad.json",
        format!(r#"{{"auths":{{"quay.io":{{"auth":"{AUTH_PASSWORD}!"}},"r.io":{{"username":"u","password":"{PASSWORD}","auth":5}}}}}}"#).as_bytes(),
    );
    // A cluster dump for `audit`: the Secret, one the kubelet cannot decode, and a pod that
    // lists both and pulls from every registry of the pull secret.
    let bad_data = base64::encode(
        format!(
            r#"{{"auths":{{"gcr.io":{{"auth":"{AUTH_PASSWORD}!","password":"{PASSWORD}"}}}}}}"#
        )
        .as_bytes(),
    );
    let pod = |name: &str, secrets: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: ns\nspec:\n  imagePullSecrets: [{secrets}]\n  containers:\n  - {{name: a, image: quay.io/org/app}}\n  - {{name: b, image: registry.example.com/app}}\n  - {{name: c, image: tok.example.com/app}}\n"
        )
    };
    let cluster = scratch.file(
        "cluster.yaml",
        format!(
            "{}---\n{}",
            std::fs::read_to_string(&secret).expect("secret.yaml"),
            pod("good", "{name: pull-secret}")
        )
        .as_bytes(),
    );
    let broken_cluster = scratch.file(
        "broken-cluster.yaml",
        format!(
            "{}---\napiVersion: v1\nkind: Secret\nmetadata: {{name: broken, namespace: ns}}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {bad_data}\n---\n{}",
            std::fs::read_to_string(&cluster).expect("cluster.yaml"),
            pod("broken", "{name: pull-secret}, {name: broken}, {name: missing}")
        )
        .as_bytes(),
    );
    let sa = scratch.file(
        "sa.yaml",
        b"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: ns\n",
    );
    let target = scratch.path().join("target.json");
    let target = target.to_string_lossy();
    let merged = scratch.path().join("merged.json");
    let merged = merged.to_string_lossy();
    let from_file = format!("--from-file=.dockerconfigjson={ps}");
    let literal = format!("--from-literal=password={PASSWORD}");
    let auth_basic = format!("u:{PASSWORD}");
    let stdin_password = format!("{PASSWORD}\n");

    // (arguments, standard input, exit code, what it may show)
    let table: Vec<(Vec<&str>, Option<&str>, i32, Shows)> = vec![
        (vec!["parse", &ps], None, 0, Shows::Nothing),
        (vec!["parse", &ps, "-o", "json"], None, 0, Shows::Nothing),
        (vec!["parse", &secret], None, 0, Shows::Nothing),
        (vec!["parse", &ps, "--show-secrets"], None, 0, Shows::Asked),
        (
            vec!["parse", &ps, "-o", "json", "--show-secrets"],
            None,
            0,
            Shows::Asked,
        ),
        (vec!["parse", &bad], None, 2, Shows::Nothing),
        (
            vec![
                "match",
                "quay.io/a",
                "registry.example.com/b",
                "--secret",
                &ps,
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec!["match", "quay.io/a", "--secret", &secret, "-o", "json"],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "match",
                "tok.example.com/a",
                "--secret",
                &ps,
                "--semantics",
                "docker",
                "-o",
                "json",
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "match",
                "tok.example.com/a",
                "--secret",
                &ps,
                "--semantics",
                "containers",
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "match",
                "quay.io/a",
                "registry.example.com/b",
                "--secret",
                &ps,
                "--show-secrets",
            ],
            None,
            0,
            Shows::Asked,
        ),
        (
            vec![
                "match",
                "tok.example.com/a",
                "--secret",
                &ps,
                "--semantics",
                "docker",
                "-o",
                "json",
                "--show-secrets",
            ],
            None,
            0,
            Shows::Asked,
        ),
        (
            vec!["match", "quay.io/a", "--secret", &bad],
            None,
            2,
            Shows::Nothing,
        ),
        (
            vec!["explain", "quay.io/a", "tok.example.com/a", "--secret", &ps],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "explain",
                "mismatch.example.com/a",
                "--secret",
                &ps,
                "-o",
                "json",
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec!["explain", "quay.io/a", "--secret", &bad],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec!["explain", "quay.io/a", "--secret", &ps, "--show-secrets"],
            None,
            0,
            Shows::Asked,
        ),
        (vec!["validate", &ps], None, 0, Shows::Nothing),
        (vec!["audit", &cluster], None, 0, Shows::Nothing),
        (vec!["audit", &cluster, "-a"], None, 0, Shows::Nothing),
        (
            vec!["audit", &broken_cluster, "-o", "json"],
            None,
            1,
            Shows::Nothing,
        ),
        (
            vec!["audit", &broken_cluster, "--fix", "-a"],
            None,
            1,
            Shows::Nothing,
        ),
        (
            vec!["validate", &ps, &secret, "-o", "json", "--policy", "strict"],
            None,
            1,
            Shows::Nothing,
        ),
        (vec!["validate", &bad], None, 1, Shows::Nothing),
        (
            vec!["validate", &bad, "-o", "json"],
            None,
            1,
            Shows::Nothing,
        ),
        (
            vec![
                "key",
                "quay.io",
                "https://quay.io/v2/",
                "--against",
                "quay.io/a",
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (vec!["diff", &old, &ps], None, 0, Shows::Nothing),
        (
            vec!["diff", &old, &ps, "-o", "json"],
            None,
            0,
            Shows::Nothing,
        ),
        (vec!["diff", &old, &bad], None, 2, Shows::Nothing),
        (
            vec!["merge", &ps, &other, "-o", &merged],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec!["merge", &ps, &old, "-o", "-"],
            None,
            0,
            Shows::Artifact,
        ),
        (vec!["extract", &secret], None, 0, Shows::Artifact),
        (vec!["node-config", &ps], None, 0, Shows::Artifact),
        // The Machine Config Operator copies the bytes (compacted) without decoding entries.
        (vec!["node-config", &bad], None, 0, Shows::Artifact),
        (
            vec![
                "login",
                "--registry",
                "new.example.com",
                "--auth-basic",
                &auth_basic,
                "--to",
                &target,
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "login",
                "--registry",
                "new.example.com",
                "--username",
                "u",
                "--password-stdin",
                "--to",
                &target,
            ],
            Some(&stdin_password),
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "login",
                "--registry",
                "new.example.com",
                "--auth-basic",
                PASSWORD,
                "--to",
                &target,
            ],
            None,
            2,
            Shows::Nothing,
        ),
        (
            vec![
                "login",
                "--registry",
                "new.example.com",
                "--auth-basic",
                &auth_basic,
                "--to",
                &bad,
            ],
            None,
            2,
            Shows::Nothing,
        ),
        (
            vec![
                "login",
                "--registry",
                "quay.io",
                "--auth-basic",
                &auth_basic,
                "--to",
                "-",
            ],
            None,
            0,
            Shows::Artifact,
        ),
        (
            vec![
                "set",
                "data",
                "secret/pull-secret",
                "-n",
                "ns",
                &from_file,
                "--secret-file",
                &secret,
            ],
            None,
            0,
            Shows::Artifact,
        ),
        (
            vec![
                "create",
                "secret",
                "docker-registry",
                "regcred",
                "--docker-server",
                "quay.io",
                "--docker-username",
                "u",
                "--docker-password",
                PASSWORD,
            ],
            None,
            0,
            Shows::Artifact,
        ),
        (
            vec![
                "create",
                "secret",
                "docker-registry",
                "regcred",
                "--docker-server",
                "quay.io",
                "--docker-username",
                "u",
                "--docker-password",
                PASSWORD,
                "-o",
                "json",
            ],
            None,
            0,
            Shows::Artifact,
        ),
        (
            vec!["create", "secret", "generic", "s", &literal],
            None,
            0,
            Shows::Artifact,
        ),
        (
            vec![
                "create",
                "secret",
                "generic",
                "s",
                &from_file,
                "--type=kubernetes.io/dockerconfigjson",
            ],
            None,
            0,
            Shows::Artifact,
        ),
        (
            vec![
                "secrets",
                "link",
                "default",
                "pull-secret",
                "--for=pull",
                "--sa-file",
                &sa,
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "policy",
                "add-role-to-user",
                "system:image-puller",
                "u",
                "-n",
                "ns",
            ],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec!["grant", "cross-project", "--from", "a", "--to", "b"],
            None,
            0,
            Shows::Nothing,
        ),
        (
            vec![
                "grant",
                "registry",
                "--docker-server",
                "r.example.com",
                "-n",
                "ns",
                "--docker-username",
                "u",
                "--docker-password",
                PASSWORD,
            ],
            None,
            0,
            Shows::Artifact,
        ),
        (
            vec![
                "grant",
                "registry",
                "--docker-server",
                "r.example.com",
                "-n",
                "ns",
                "--docker-username",
                "u",
                "--password-stdin",
                "--sa-file",
                &sa,
            ],
            Some(&stdin_password),
            0,
            Shows::Artifact,
        ),
        (
            vec![
                "grant",
                "delegated",
                "--auth-server",
                "sso.example.com",
                "--registry-server",
                "r.example.com",
                "-n",
                "ns",
                "--docker-username",
                "u",
                "--docker-password",
                PASSWORD,
            ],
            None,
            0,
            Shows::Artifact,
        ),
    ];

    let all = Secrets::new(&[PASSWORD, AUTH_PASSWORD, TOKEN]);
    let mut failures = Vec::new();
    for (args, stdin, code, shows) in &table {
        let run = run_in(scratch.path(), BIN, args, stdin.map(str::as_bytes));
        let mut problems = Vec::new();
        if run.code != *code {
            problems.push(format!("exit {} instead of {code}", run.code));
        }
        // `merge -o FILE` says nothing: its output is the file.
        let written = args
            .windows(2)
            .find(|w| w[0] == "-o" && w[1].ends_with(".json"));
        let produced = match written {
            Some(w) => std::fs::read_to_string(w[1]).unwrap_or_default(),
            None => run.stdout.clone() + &run.stderr,
        };
        if produced.trim().is_empty() {
            problems.push("no output".to_owned());
        }
        if let Some(form) = all.found_in(&run.stderr) {
            problems.push(format!("stderr shows a secret ({form})"));
        }
        match (shows, all.found_in(&run.stdout)) {
            (Shows::Nothing, Some(form)) => {
                problems.push(format!("stdout shows a secret ({form})"))
            }
            (Shows::Asked | Shows::Artifact, None) => {
                problems.push(format!("stdout should carry the secret ({shows:?})"));
            }
            _ => {}
        }
        if !problems.is_empty() {
            failures.push(format!(
                "pullsecret {}: {}\n    stdout: {}\n    stderr: {}",
                args.join(" "),
                problems.join("; "),
                run.stdout.trim_end(),
                run.stderr.trim_end()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

/// The sentinel forms find what they should: a test that cannot see a leak proves nothing.
#[test]
fn the_sentinel_forms_find_every_encoding() {
    let secrets = Secrets::new(&[PASSWORD]);
    for prefix in ["", "u:", "user:", "a longer prefix "] {
        let once = base64::encode(format!("{prefix}{PASSWORD}!").as_bytes());
        assert!(secrets.found_in(&once).is_some(), "{once}");
        let twice = base64::encode(format!(r#"{{"auth":"{once}"}}"#).as_bytes());
        assert!(secrets.found_in(&twice).is_some(), "{twice}");
    }
    assert!(
        secrets
            .found_in(&base64::encode(b"user:other-password"))
            .is_none()
    );
}
