//! One test per reported bug, named after it, with what went wrong in a comment.

use pullsecret_tests::{Run, Scratch, login_argv, run};
use serde_json::Value;

use crate::BIN;

fn cli(args: &[&str]) -> Run {
    run(BIN, args, None)
}

/// Go's `encoding/json` reads every member whose name folds to `auths`, so this file holds
/// both entries for every consumer. `parse` and `match` read both, but `merge` dropped
/// quay.io without a note, `diff` did not report it, and `explain`'s CRI-O verdicts left it out.
const BOTH_AUTHS: &[u8] = br#"{"auths":{"quay.io":{"auth":"dTpw"}},"Auths":{"https://index.docker.io/v1/":{"auth":"eDp5"}}}"#;

/// Docker Hub's key, as every consumer finds it (the docker CLI only this way).
const HUB: &str = "https://index.docker.io/v1/";

#[test]
fn every_auths_member_is_read_by_every_command() {
    let scratch = Scratch::new("both-auths");
    let both = scratch.file("both.json", BOTH_AUTHS);
    let keys = |r: &Run, pointer: &str| -> Vec<String> {
        r.json()
            .pointer(pointer)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{pointer} in {}", r.stdout))
            .iter()
            .map(|e| e["key"].as_str().unwrap_or_default().to_owned())
            .collect()
    };

    let r = cli(&["parse", &both, "-o", "json"]);
    assert_eq!(keys(&r, "/0/entries"), ["quay.io", HUB], "parse");

    for semantics in ["kubelet", "containers", "docker"] {
        let r = cli(&[
            "match",
            "quay.io/a/b",
            "busybox",
            "--secret",
            &both,
            "--semantics",
            semantics,
            "-o",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for (i, user) in ["u", "x"].iter().enumerate() {
            let found = &r.json()[i]["credentials"][0]["username"];
            assert_eq!(found, user, "match --semantics {semantics}: {}", r.stdout);
        }
    }

    // A pitfall in each map's entry is found.
    let pitfalls = scratch.file(
        "pitfalls.json",
        br#"{"auths":{"quay.io":{"username":"u","password":"p"}},"Auths":{"docker.io":{"username":"u","password":"p"}}}"#,
    );
    let r = cli(&["validate", &pitfalls, "-o", "json"]);
    let findings = r.json();
    let plain: Vec<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "plain-credentials-only")
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(plain, ["quay.io", "docker.io"], "validate");

    let other = scratch.file("other.json", br#"{"auths":{"r.io":{"auth":"cjpz"}}}"#);
    let merged = scratch.path().join("merged.json");
    let r = cli(&["merge", &both, &other, "-o", &merged.to_string_lossy()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&merged).unwrap(),
        r#"{"auths":{"https://index.docker.io/v1/":{"auth":"eDp5"},"quay.io":{"auth":"dTpw"},"r.io":{"auth":"cjpz"}}}"#,
        "merge"
    );
    assert!(!r.stderr.contains("member-dropped"), "merge: {}", r.stderr);

    let r = cli(&["diff", &both, &other, "-o", "json"]);
    let changes: Vec<(String, String)> = r.json()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().into(),
                c["change"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("quay.io".into(), "removed".into()),
            (HUB.into(), "removed".into()),
            ("r.io".into(), "added".into())
        ],
        "diff"
    );

    let node = scratch.file("node.json", br#"{"auths":{}}"#);
    let r = cli(&[
        "explain",
        "quay.io/a/b",
        "--secret",
        &both,
        "--node-config",
        &node,
        "--semantics",
        "containers",
        "-o",
        "json",
    ]);
    assert_eq!(
        keys(&r, "/0/consumers/0/verdicts"),
        ["quay.io", HUB],
        "explain: CRI-O's verdicts"
    );

    let r = cli(&[
        "login",
        "--registry",
        "quay.io",
        "--auth-basic",
        "n:q",
        "--to",
        &both,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&both).unwrap(),
        r#"{"auths":{"quay.io":{"auth":"bjpx"}},"Auths":{"https://index.docker.io/v1/":{"auth":"eDp5"}}}"#,
        "login replaces the entry where it is written"
    );
}

/// go-yaml quotes a key that YAML 1.1 reads as a bool, number or null; we printed
/// `Yes: YQ==`, which kubectl's own reader takes as the boolean true.
#[test]
fn generic_secret_quotes_keys_yaml_reads_as_other_types() {
    let scratch = Scratch::new("yaml-keys");
    let file = scratch.file("f", b"a");
    let args: Vec<String> = ["Yes", "ON", "N", "0x12", ".inf", "1_000"]
        .iter()
        .map(|key| format!("--from-file={key}={file}"))
        .collect();
    let mut argv = vec!["create", "secret", "generic", "s"];
    argv.extend(args.iter().map(String::as_str));
    let r = cli(&argv);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for quoted in [
        "\"Yes\": YQ==",
        "\"ON\": YQ==",
        "\"N\": YQ==",
        "\"0x12\": YQ==",
        "\".inf\": YQ==",
        "\"1_000\": YQ==",
    ] {
        assert!(r.stdout.contains(quoted), "{quoted} in {}", r.stdout);
    }
}

/// kubectl sets `type` only when `--type` is given (and hashes the empty type); we printed
/// `type: Opaque`.
#[test]
fn generic_secret_without_type_prints_no_type() {
    let scratch = Scratch::new("no-type");
    let file = scratch.file("f.txt", b"hello");
    let r = cli(&[
        "create",
        "secret",
        "generic",
        "x",
        &format!("--from-file={file}"),
        "--append-hash",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("type:"), "{}", r.stdout);
    // `kubectl create secret generic x --from-file=f.txt --append-hash --dry-run=client`
    assert!(r.stdout.contains("name: x-mcc4k28gdt"), "{}", r.stdout);
}

/// A key with `ESC [2J`, CR or LF was printed raw by every text output, so a hostile pull
/// secret could clear the screen or forge lines of `validate`'s report.
#[test]
fn text_output_escapes_control_characters_from_inputs() {
    let scratch = Scratch::new("escapes");
    let hostile = scratch.file(
        "hostile.json",
        "{\"auths\":{\"quay.io\\u001b[2J\\r\\nerror[forged] x\":{\"auth\":\"dTpw\"},\"quay.io\":{\"username\":\"u\\u001b]0;t\\u0007\",\"password\":\"p\"}}}".as_bytes(),
    );
    let other = scratch.file("other.json", br#"{"auths":{}}"#);
    let runs = [
        cli(&["parse", &hostile]),
        cli(&["match", "quay.io/a/b", "--secret", &hostile]),
        cli(&["explain", "quay.io/a/b", "--secret", &hostile]),
        cli(&["validate", &hostile]),
        cli(&["diff", &hostile, &other]),
    ];
    for r in &runs {
        for (name, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            assert!(
                !text.contains(['\u{1b}', '\r', '\u{7}']),
                "{name} has a raw control character: {text:?}"
            );
            assert!(
                !text.lines().any(|l| l.starts_with("error[forged]")),
                "{name} has a forged line: {text}"
            );
        }
        assert!(
            r.stdout.contains("\\u{1b}") || r.stderr.contains("\\u{1b}"),
            "the escape is shown: {}{}",
            r.stdout,
            r.stderr
        );
    }
}

/// `diff` said "no entry changed" between two legacy `.dockercfg` files whose entry changed,
/// never listed the entries of a `.dockercfg` Secret, and `merge` dropped every entry of a
/// legacy file as "top-level member not kept". Both formats work on both sides now, and the
/// output says which format each side had.
#[test]
fn legacy_dockercfg_inputs_diff_and_merge_entry_by_entry() {
    let scratch = Scratch::new("legacy");
    let legacy = scratch.file(
        "legacy.json",
        br#"{"a.io":{"auth":"dTpw"},"b.io":{"auth":"dTpw"}}"#,
    );
    let legacy2 = scratch.file(
        "legacy2.json",
        br#"{"a.io":{"auth":"dTpx"},"b.io":{"auth":"dTpw"}}"#,
    );
    let new = scratch.file(
        "new.json",
        br#"{"auths":{"a.io":{"auth":"dTpx"},"d.io":{"auth":"dTpw"}}}"#,
    );

    let r = cli(&["diff", &legacy, &legacy2, "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.json(),
        serde_json::json!({
            "formats": {"old": "dockercfg", "new": "dockercfg"},
            "changes": [{"key": "a.io", "change": "changed", "fields": ["password"]}],
            "warnings": [],
        })
    );
    assert!(r.stderr.contains("(.dockercfg)"), "{}", r.stderr);

    let sa = pullsecret_tests::example("sa-dockercfg.yaml");
    let r = cli(&["diff", &new, &sa]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("+ image-registry.openshift-image-registry.svc:5000  added")
            && r.stdout.contains("- d.io  removed"),
        "{}",
        r.stdout
    );

    let merged = scratch.path().join("merged.json");
    let merged_arg = merged.display().to_string();
    let r = cli(&["merge", &legacy, &new, "-o", &merged_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&merged).unwrap(),
        r#"{"auths":{"a.io":{"auth":"dTpx"},"b.io":{"auth":"dTpw"},"d.io":{"auth":"dTpw"}}}"#
    );
    assert!(r.stderr.contains("note[legacy-converted]"), "{}", r.stderr);
    assert!(!r.stderr.contains("not kept"), "{}", r.stderr);
}

/// `login --to` rewrote a file the kubelet rejects (an entry that is a string) without a word,
/// turned a legacy `.dockercfg` into a mix of both formats, and accepted `--registry` values
/// `validate` warns about (or, empty, that oc refuses) in silence; a credential helper for the
/// registry shadowed the entry written. Each is refused or warned about now, and a refused
/// file is left as it was.
#[test]
fn login_refuses_or_warns_as_validate_would() {
    let scratch = Scratch::new("login-checks");
    let refused = [
        (
            r#"{"auths":{"a.io":"str"}}"#,
            "b.io",
            "error: STRING.json:1:11: a.io: the entry must be a JSON object, not string",
        ),
        (
            r#"{"a.io":{"auth":"dTpw"}}"#,
            "b.io",
            "error: LEGACY.json is a legacy .dockercfg",
        ),
        (
            r#"{"auths":{}}"#,
            "",
            "error: The public hostname of the integrated registry could not be determined. Please specify one with --registry.",
        ),
    ];
    for (i, (before, registry, message)) in refused.iter().enumerate() {
        let name = ["STRING.json", "LEGACY.json", "EMPTY.json"][i];
        let file = scratch.file(name, before.as_bytes());
        let r = cli(&login_argv(registry, &file));
        let message = message.replace(name, &file);
        assert!(
            r.code == 2 && r.stderr.starts_with(&message),
            "{}: {}",
            r.code,
            r.stderr
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), *before);
    }
    let warned = [
        (" ", "warning[key-never-matches]"),
        ("/", "warning[key-never-matches]"),
        ("QUAY.IO", "warning[key-uppercase]"),
    ];
    for (registry, warning) in warned {
        let file = scratch.file("w.json", br#"{"auths":{}}"#);
        let r = cli(&login_argv(registry, &file));
        assert!(
            r.code == 0 && r.stderr.starts_with(warning),
            "{registry:?}: {}",
            r.stderr
        );
    }
    let file = scratch.file("h.json", br#"{"auths":{},"credHelpers":{"b.io":"nope"}}"#);
    let r = cli(&login_argv("b.io", &file));
    assert!(
        r.code == 0
            && r.stderr.contains("warning[credential-helper]")
            && r.stderr.contains("docker-credential-nope"),
        "{}",
        r.stderr
    );
    let mut argv = login_argv("b.io", &file).to_vec();
    argv.extend(["--compat", "oc"]);
    let r = cli(&argv);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("pullsecret runs no credential helper"),
        "{}",
        r.stderr
    );
}

/// `login --to -` made a file named `-`; like every other command's `-`, it is standard
/// output now (a new file: there is nothing to edit).
#[test]
fn login_to_dash_writes_standard_output() {
    let r = cli(&login_argv("b.io", "-"));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "{\"auths\":{\"b.io\":{\"auth\":\"dTpw\"}}}\n"),
        "{}",
        r.stderr
    );
    assert!(!std::path::Path::new("-").exists());
}

/// YAML manifests were read with YAML 1.2 rules and without merge keys: `<<: *base` was
/// ignored (so the Secret's type came out `Opaque`), `!!binary` was kept as base64 text, and
/// `data: abc` or `type: 5` were taken for "no data" or `Opaque`. kubectl reads them with
/// go-yaml v2 and the Secret type, so do we.
#[test]
fn yaml_manifests_are_read_as_kubectl_reads_them() {
    let scratch = Scratch::new("yaml-inputs");
    let payload = "eyJhdXRocyI6eyJxdWF5LmlvIjp7ImF1dGgiOiJkVHB3In19fQ==";
    let merged = format!(
        "base: &base\n  type: kubernetes.io/dockerconfigjson\nkind: Secret\nmetadata: {{name: a}}\n<<: *base\ndata:\n  .dockerconfigjson: {payload}\n"
    );
    let file = scratch.file("merged.yaml", merged.as_bytes());
    let r = cli(&["parse", &file, "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["entries"][0]["key"], "quay.io");

    // `!!binary` is decoded by go-yaml: what is left under `data` is not base64 any more.
    let binary = format!(
        "kind: Secret\nmetadata: {{name: b}}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: !!binary {payload}\n"
    );
    for (name, text, message) in [
        (
            "binary.yaml",
            binary.as_str(),
            "error[secret-data-not-base64]",
        ),
        (
            "string-data.yaml",
            "kind: Secret\nmetadata: {name: c}\ntype: kubernetes.io/dockerconfigjson\ndata: abc\n",
            "json: cannot unmarshal string into Go struct field Secret.data of type map[string][]byte",
        ),
        (
            "number-type.yaml",
            "kind: Secret\nmetadata: {name: d}\ntype: 5\ndata: {.dockerconfigjson: e30=}\n",
            "json: cannot unmarshal number into Go struct field Secret.type of type string",
        ),
    ] {
        let file = scratch.file(name, text.as_bytes());
        let r = cli(&["validate", &file]);
        assert_ne!(r.code, 0, "{name}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains(message) || r.stderr.contains(message),
            "{name}: {}{}",
            r.stdout,
            r.stderr
        );
    }
}

/// `create secret docker-registry --from-file` with bytes that are not JSON printed the Secret
/// without a word, while `set data` refused the same bytes: both give the API server's
/// finding now (a warning where kubectl prints the Secret anyway).
#[test]
fn invalid_payload_gives_the_same_finding_in_create_and_set_data() {
    let scratch = Scratch::new("invalid-payload");
    let bad = scratch.file("bad.json", b"not json\n");
    let finding = "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character 'o' in literal null (expecting 'u')";
    let r = cli(&[
        "create",
        "secret",
        "docker-registry",
        "x",
        "--from-file",
        &bad,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with(&format!("warning[invalid-secret-data]: {finding}")),
        "{}",
        r.stderr
    );
    let r = cli(&[
        "set",
        "data",
        "secret/x",
        &format!("--from-file=.dockerconfigjson={bad}"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(&format!("error: {finding}")),
        "{}",
        r.stderr
    );
}

/// Smaller things a newcomer hit: arguments that name nothing were accepted (`--mirrors ',,,'`,
/// `--image 'NOT VALID'`, `grant cross-project --from ''`), `grant registry` named a flag it
/// does not have, a byte order mark was reported as "the manifest is a string", and an error
/// about a 100 KB image reference quoted all of it.
#[test]
fn arguments_that_name_nothing_are_usage_errors() {
    let scratch = Scratch::new("arguments");
    let file = scratch.file("f.json", br#"{"auths":{}}"#);
    let r = cli(&["validate", "--mirrors", ",,,", &file]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error[invalid-argument]: --mirrors: \"\" is not a registry name"),
        "{}",
        r.stderr
    );
    let long = format!("{}X", "a".repeat(100_000));
    let r = cli(&["validate", "--image", "NOT VALID", "--image", &long, &file]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("image \"NOT VALID\" is not a valid reference"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("... (100001 bytes)") && r.stderr.len() < 2_000,
        "{}",
        r.stderr.len()
    );

    let r = cli(&["grant", "cross-project", "--from", "", "--to", "b"]);
    assert!(
        r.code == 2
            && r.stderr
                .starts_with("error: --from: \"\" is not a valid name"),
        "{}",
        r.stderr
    );
    let r = cli(&[
        "grant",
        "registry",
        "-n",
        "p",
        "--docker-server",
        "r.io",
        "--docker-username",
        "u",
        "--docker-password",
        "",
    ]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("--from-file"), "{}", r.stderr);

    let bom = scratch.file("bom.json", b"\xEF\xBB\xBF{\"auths\":{}}");
    let r = cli(&["parse", &bom]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("byte order mark"), "{}", r.stderr);
}

/// The component's memory and time limits stopped a command with a message that named no
/// input. They name it now (here 15 million numbers, which fill the guest's memory), and a
/// YAML alias bomb no longer gets that far: it is refused as go-yaml v2 refuses it.
#[test]
fn limit_errors_name_the_input() {
    let scratch = Scratch::new("limits");
    let numbers = format!("[{}1]", "1,".repeat(15_000_000));
    let numbers = scratch.file("numbers.json", numbers.as_bytes());
    let r = cli(&["parse", &numbers]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with(&format!("error: {numbers}: the input is too large")),
        "{}",
        r.stderr
    );

    let mut lines = vec!["a0: &a0 [xxxxxxxxxxxxxxxxxxxx, xxxxxxxxxxxxxxxxxxxxxxxx]".to_owned()];
    lines.extend((1..30).map(|i| format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}]", p = i - 1)));
    let bomb = scratch.file("bomb.yaml", lines.join("\n").as_bytes());
    let r = cli(&["parse", &bomb]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(&format!("error: {bomb}:"))
            && r.stderr.contains("document contains excessive aliasing"),
        "{}",
        r.stderr
    );
}
