//! `tests/vectors/kubectl-golden/`: each case's command line (`.cmd`, bash `%q` quoting) made
//! into the `manifests` call the CLI makes of it, with the `--from-file` inputs inlined, and
//! stdout (`.out`: kubectl 1.32, shape `kubectl-1-33`; `.oc.out`: the current oc, shape
//! `current`) as the expected `manifest`. A failing command (`.rc` != 0) expects
//! `invalid-input` with kubectl's message (`.err` without `error: `).

use std::path::{Path, PathBuf};

use pullsecret_guest::go::base64;
use serde_json::{Value, json};

use super::{Case, bytes_json, read_json, read_text, vectors_dir};

const SUITE: &str = "kubectl";

fn golden_dir() -> PathBuf {
    vectors_dir().join("kubectl-golden")
}

/// The kubectl goldens' case names (`NAME.cmd`, `NAME.out`, ...), sorted.
pub fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("kubectl-golden")
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".cmd")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

pub fn cases() -> Vec<Case> {
    let dir = golden_dir();
    let names = case_names();
    payloads_agree_with_goldens(&dir);
    let mut cases = Vec::new();
    for name in &names {
        for (suffix, shape, made) in [
            ("", "kubectl-1-33", "kubectl 1.32"),
            (".oc", "current", "oc"),
        ] {
            cases.push(case(&dir, name, suffix, shape, made));
        }
    }
    cases
}

/// The `kubectl_dockerconfigjson` vectors of `kubelet.json` are the payloads of the goldens of
/// the same name: the cases here compare the manifests holding them, so they must agree.
fn payloads_agree_with_goldens(dir: &Path) {
    let all = read_json(&vectors_dir().join("kubelet.json"));
    for v in all.as_array().into_iter().flatten() {
        if v["kind"] != "kubectl_dockerconfigjson" {
            continue;
        }
        let source = v["source"].as_str().unwrap_or_default();
        let golden = source
            .strip_prefix("kubectl-golden/")
            .and_then(|s| s.strip_suffix(".cmd"))
            .unwrap_or_else(|| panic!("kubelet.json {source}: not a kubectl golden"));
        let payload = v["expect_dockerconfigjson"].as_str().unwrap_or_default();
        let recorded = read_text(&dir.join(format!("{golden}.data.dockerconfigjson")));
        assert_eq!(payload, recorded, "kubelet.json {source}: payload differs");
        let encoded = base64::encode(payload.as_bytes());
        for out in [".out", ".oc.out"] {
            assert!(
                read_text(&dir.join(format!("{golden}{out}"))).contains(&encoded),
                "{golden}{out} does not hold the payload of kubelet.json {source}"
            );
        }
    }
}

/// The words of a command line quoted by bash's `printf %q`: backslash escapes, single and
/// double quotes, `$'...'` with C escapes.
pub fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.trim_end_matches('\n').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                words.extend(word.take());
            }
            '\\' => word.get_or_insert_default().extend(chars.next()),
            '\'' => {
                let w = word.get_or_insert_default();
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_default();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                let w = word.get_or_insert_default();
                while let Some(c) = chars.next() {
                    match c {
                        '\'' => break,
                        '\\' => match chars.next() {
                            Some('n') => w.push('\n'),
                            Some('t') => w.push('\t'),
                            Some('r') => w.push('\r'),
                            Some('e') => w.push('\u{1b}'),
                            Some(other) => w.push(other),
                            None => {}
                        },
                        c => w.push(c),
                    }
                }
            }
            c => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

/// A command line's positional arguments and flags.
#[derive(Debug, Default)]
pub struct Flags {
    pub positional: Vec<String>,
    values: Vec<(String, String)>,
    switches: Vec<String>,
}

impl Flags {
    /// Splits `argv`: `--name=value`, `--name value` and `-x value` for the `valued` flags
    /// (long names; `short` maps one-letter aliases to them), `--name` for the others.
    pub fn parse(argv: &[String], valued: &[&str], short: &[(&str, &str)]) -> Self {
        let mut flags = Flags::default();
        let mut args = argv.iter();
        while let Some(arg) = args.next() {
            let name = if let Some(long) = arg.strip_prefix("--") {
                long.to_owned()
            } else if let Some((_, long)) = short.iter().find(|(s, _)| arg == s) {
                (*long).to_owned()
            } else {
                flags.positional.push(arg.clone());
                continue;
            };
            if let Some((name, value)) = name.split_once('=') {
                flags.values.push((name.to_owned(), value.to_owned()));
            } else if valued.contains(&name.as_str()) {
                let value = args
                    .next()
                    .unwrap_or_else(|| panic!("{name} without value"));
                flags.values.push((name, value.clone()));
            } else {
                flags.switches.push(name);
            }
        }
        flags
    }

    /// Every value of a flag, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.values
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The last value of a flag.
    pub fn last(&self, name: &str) -> Option<String> {
        self.all(name).pop()
    }

    pub fn has(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
}

/// The `sources` record for `--from-file` values `[KEY=]PATH`, each path's bytes read from
/// `dir`, as a host finds them.
pub fn sources(dir: &Path, from_file: &[String]) -> Value {
    let found: Vec<Value> = from_file
        .iter()
        .map(|value| {
            let path = value.split_once('=').map_or(value.as_str(), |(_, p)| p);
            let bytes = std::fs::read(dir.join(path))
                .unwrap_or_else(|e| panic!("{}: {e}", dir.join(path).display()));
            json!({"path": path, "found": {"tag": "file", "val": bytes_json(&bytes)}})
        })
        .collect();
    json!({
        "from-file": from_file,
        "from-literal": [],
        "from-env-file": [],
        "found": found,
        "environment": [],
    })
}

/// `{"err": invalid-input}` with the message a failing command printed after `error: `.
pub fn error_with_message(stderr: &str) -> Value {
    let message = stderr.trim_end_matches('\n');
    let message = message.strip_prefix("error: ").unwrap_or(message);
    json!({"err": {"tag": "invalid-input", "val": {"message": message}}})
}

fn case(dir: &Path, name: &str, suffix: &str, shape: &str, made: &str) -> Case {
    let read = |ext: &str| read_text(&dir.join(format!("{name}{suffix}.{ext}")));
    let words = shell_words(&read_text(&dir.join(format!("{name}.cmd"))));
    let flags = Flags::parse(
        &words,
        &[
            "docker-server",
            "docker-username",
            "docker-password",
            "docker-email",
            "namespace",
            "from-file",
            "type",
            "output",
            "clusterrole",
            "role",
            "user",
            "group",
            "serviceaccount",
        ],
        &[("-n", "namespace"), ("-o", "output")],
    );
    let output = flags.last("output").expect("goldens give -o");
    let positional: Vec<&str> = flags.positional.iter().map(String::as_str).collect();
    let failed = read("rc").trim() != "0";
    let expect = |ok: &dyn Fn() -> Value| {
        if failed {
            error_with_message(&read("err"))
        } else {
            ok()
        }
    };
    let (call, args, expect) = match positional.as_slice() {
        [
            "kubectl",
            "create",
            "secret",
            kind @ ("docker-registry" | "generic"),
            secret,
        ] => {
            let mut request = serde_json::Map::new();
            request.insert("name".into(), json!(secret));
            request.insert("namespace".into(), json!(flags.last("namespace")));
            if *kind == "docker-registry" {
                request.insert("server".into(), json!(flags.last("docker-server")));
                for (field, flag) in [
                    ("username", "docker-username"),
                    ("password", "docker-password"),
                    ("email", "docker-email"),
                ] {
                    request.insert(field.into(), json!(flags.last(flag).unwrap_or_default()));
                }
            } else {
                request.insert("secret-type".into(), json!(flags.last("type")));
            }
            request.insert("sources".into(), sources(dir, &flags.all("from-file")));
            request.insert("append-hash".into(), json!(flags.has("append-hash")));
            request.insert("shape".into(), json!(shape));
            request.insert("output".into(), json!(output));
            (
                format!("manifests.create-{kind}-secret"),
                vec![Value::Object(request)],
                expect(&|| json!({"ok": {"manifest": read("out")}})),
            )
        }
        ["kubectl", "create", "rolebinding", binding] => {
            let (role_kind, role) = match (flags.last("clusterrole"), flags.last("role")) {
                (Some(role), _) => ("cluster-role", role),
                (None, role) => ("role", role.unwrap_or_default()),
            };
            (
                "manifests.create-rolebinding".to_owned(),
                vec![json!({
                    "name": binding,
                    "namespace": flags.last("namespace").unwrap_or_default(),
                    "role-kind": role_kind,
                    "role": role,
                    "users": flags.all("user"),
                    "groups": flags.all("group"),
                    "service-accounts": flags.all("serviceaccount"),
                    "shape": shape,
                    "output": output,
                })],
                expect(&|| json!({"ok": read("out")})),
            )
        }
        ["kubectl", "create", "serviceaccount", account] => {
            assert!(
                !failed,
                "{name}: a failing create serviceaccount is not mapped"
            );
            (
                "manifests.create-serviceaccount".to_owned(),
                vec![
                    json!(account),
                    json!(flags.last("namespace").unwrap_or_default()),
                    json!(shape),
                    json!(output),
                ],
                json!(read("out")),
            )
        }
        other => panic!("{name}: command {other:?} is not mapped"),
    };
    let compared = if failed { "message" } else { "stdout" };
    Case::new(
        format!("{SUITE}/{name} [{made}, {compared}]"),
        &call,
        args,
        expect,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_undo_printf_q() {
        assert_eq!(
            shell_words(r#"a --p=\<p\>\"q\\x\'\& $'x\ny' 'a b' "c\"d""#),
            ["a", "--p=<p>\"q\\x'&", "x\ny", "a b", "c\"d"]
        );
    }

    #[test]
    fn flags_take_values_three_ways() {
        let argv: Vec<String> = ["x", "-n", "ns", "--a=1", "--a", "2", "--on", "y"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let flags = Flags::parse(&argv, &["a", "namespace"], &[("-n", "namespace")]);
        assert_eq!(flags.positional, ["x", "y"]);
        assert_eq!(flags.all("a"), ["1", "2"]);
        assert_eq!(flags.last("namespace").as_deref(), Some("ns"));
        assert!(flags.has("on"));
    }
}
