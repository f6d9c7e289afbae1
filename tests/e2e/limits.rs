//! The documented limits (README, "Limits"): hostile sizes end in a clear error that names
//! the input, with exit 2 (or, for `validate`, the finding the consumers' own parsers would
//! give), never a trap, a crash, a hang or a stack overflow; and a large but real pull secret
//! (100,000 entries) works. The large inputs are generated here, never committed.

use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pullsecret_tests::{Run, Scratch, run_in};
use serde_json::Value;

use crate::BIN;

/// Every command that reads a pull secret, with `FILE` for the input under test; `good.json`
/// is a valid config beside it.
const READERS: &[&[&str]] = &[
    &["parse", "FILE"],
    &["validate", "FILE"],
    &["match", "quay.io/org/app", "--secret", "FILE"],
    &["explain", "quay.io/org/app", "--secret", "FILE"],
    &["extract", "FILE"],
    &["node-config", "FILE"],
    &["merge", "good.json", "FILE", "-o", "-"],
    &["diff", "good.json", "FILE"],
    &[
        "login",
        "--registry",
        "r.example.com",
        "--auth-basic",
        "u:p",
        "--to",
        "FILE",
    ],
];

/// Slower than this, even in a debug build on a busy machine, is a hang.
const PATIENCE: Duration = Duration::from_secs(30);

fn scratch(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    scratch.file("good.json", br#"{"auths":{"r.io":{"auth":"dTpw"}}}"#);
    scratch
}

/// Runs every reader on `file` (a name in `scratch`, or an absolute path) and hands each run
/// to `check` with the command's name.
fn each_reader(scratch: &Scratch, file: &str, mut check: impl FnMut(&str, &Run)) {
    for argv in READERS {
        let argv: Vec<&str> = argv
            .iter()
            .map(|a| if *a == "FILE" { file } else { a })
            .collect();
        let started = Instant::now();
        let run = run_in(scratch.path(), BIN, &argv, None);
        let took = started.elapsed();
        assert!(took < PATIENCE, "{}: {took:?}", argv.join(" "));
        // A signal (a stack overflow, an abort) has no exit code: -1 here.
        assert!(
            matches!(run.code, 0..=2),
            "{}: exit {}\n{}",
            argv.join(" "),
            run.code,
            run.stderr
        );
        check(argv[0], &run);
    }
}

/// Input refused while being read: exit 2 from every command, `validate` included, with an
/// error naming the file and the limit, and nothing on standard output.
fn refused_by_every_command(scratch: &Scratch, file: &str) {
    let said = format!("error: {file}: cannot read: larger than the 64 MiB an input may hold");
    each_reader(scratch, file, |command, run| {
        assert_eq!(run.code, 2, "{command} {file}: {}", run.stderr);
        assert!(run.stderr.starts_with(&said), "{command}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{command}: {}", run.stdout);
    });
}

#[test]
fn a_100_mb_value_is_refused_while_it_is_read() {
    let scratch = scratch("limit-100mb");
    let mut big = br#"{"auths":{"quay.io":{"auth":""#.to_vec();
    big.resize(big.len() + 100_000_000, b'A');
    big.extend_from_slice(br#""}}}"#);
    scratch.file("big.json", &big);
    drop(big);
    refused_by_every_command(&scratch, "big.json");
}

#[test]
fn an_endless_stream_is_refused_while_it_is_read() {
    let scratch = scratch("limit-urandom");
    refused_by_every_command(&scratch, "/dev/urandom");
    // Standard input is bounded the same way.
    let output = Command::new(BIN)
        .args(["validate", "-"])
        .stdin(Stdio::from(
            File::open("/dev/urandom").expect("/dev/urandom"),
        ))
        .output()
        .expect("running pullsecret");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: -: cannot read standard input")
            && stderr.contains("larger than the 64 MiB an input may hold"),
        "{stderr}"
    );
}

/// Nested too deep for the readers: the location of the limit in the named file, exit 2 from
/// every command. `validate` reports it as the consumers' own parsers do (Go's JSON decoder
/// and go-yaml stop at 10,000 levels, so the kubelet and kubectl refuse the file too): the
/// finding `code`, exit 1. `explain` has nothing to explain, and fails too.
fn too_deep(name: &str, bytes: &[u8], code: &str, message: &str) {
    let scratch = scratch("limit-deep");
    scratch.file(name, bytes);
    each_reader(&scratch, name, |command, run| {
        let place = format!("{name}:1:");
        if command == "validate" {
            assert_eq!(run.code, 1, "validate {name}: {}{}", run.stdout, run.stderr);
            assert!(
                run.stdout.starts_with(&place) && run.stdout.contains(&format!("error[{code}]")),
                "validate {name}: {}",
                run.stdout
            );
            assert!(run.stdout.contains(message), "{}", run.stdout);
        } else {
            assert_eq!(run.code, 2, "{command} {name}: {}", run.stderr);
            assert!(
                run.stderr.starts_with(&format!("error: {place}")) && run.stderr.contains(message),
                "{command} {name}: {}",
                run.stderr
            );
        }
    });
}

/// The output that reports a refused input, after checking the exit code: `validate`
/// reports it as a finding (exit 1, see [`too_deep`]), the other commands stop (exit 2).
fn refused<'a>(command: &str, run: &'a Run) -> &'a str {
    let out = if command == "validate" {
        &run.stdout
    } else {
        &run.stderr
    };
    assert_eq!(
        run.code,
        if command == "validate" { 1 } else { 2 },
        "{command}: {out}"
    );
    out
}

const LEVELS: usize = 100_000;

#[test]
fn json_nested_100000_levels_is_an_error_with_a_place() {
    let arrays = "[".repeat(LEVELS) + &"]".repeat(LEVELS);
    too_deep(
        "arrays.json",
        arrays.as_bytes(),
        "invalid-json",
        "exceeded max depth",
    );
    let objects = r#"{"auths":"#.repeat(LEVELS) + "{}" + &"}".repeat(LEVELS);
    too_deep(
        "objects.json",
        objects.as_bytes(),
        "invalid-json",
        "exceeded max depth",
    );
}

#[test]
fn yaml_nested_100000_levels_is_an_error_with_a_place() {
    let flow = "kind: Secret\ndata: ".to_owned() + &"[".repeat(LEVELS) + &"]".repeat(LEVELS);
    // The flow sequence starts on line 2.
    let scratch = scratch("limit-flow");
    scratch.file("flow.yaml", flow.as_bytes());
    each_reader(&scratch, "flow.yaml", |command, run| {
        let out = refused(command, run);
        assert!(
            out.contains("flow.yaml:2:") && out.contains("invalid-yaml") == (command == "validate"),
            "{command}: {out}"
        );
    });
    let block = "- ".repeat(LEVELS) + "x\n";
    too_deep(
        "block.yaml",
        block.as_bytes(),
        "invalid-yaml",
        "nesting is too deep",
    );
    let mapping = "a: ".to_owned() + &"{a: ".repeat(LEVELS) + &"}".repeat(LEVELS);
    too_deep(
        "mapping.yaml",
        mapping.as_bytes(),
        "invalid-yaml",
        "recursion limit exceeded",
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    // Each level holds ten of the one before: 10^12 strings if expanded.
    let mut bomb = String::from("kind: Secret\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        bomb.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    let scratch = scratch("limit-aliases");
    scratch.file("bomb.yaml", bomb.as_bytes());
    each_reader(&scratch, "bomb.yaml", |command, run| {
        let out = refused(command, run);
        assert!(
            out.contains("bomb.yaml:") && out.contains("document contains excessive aliasing"),
            "{command}: {out}"
        );
    });
}

#[test]
fn an_image_reference_of_100_kb_is_an_error_that_does_not_repeat_it() {
    let scratch = scratch("limit-image");
    let image = format!("quay.io/{}:1", "a".repeat(100_000));
    for command in ["match", "explain"] {
        let run = run_in(
            scratch.path(),
            BIN,
            &[command, &image, "--secret", "good.json"],
            None,
        );
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{command}: {}", run.stdout);
        assert!(
            run.stderr.contains("is not a valid reference") && run.stderr.len() < 1000,
            "{command}: {} bytes: {}",
            run.stderr.len(),
            &run.stderr[..run.stderr.len().min(300)]
        );
    }
    let run = run_in(
        scratch.path(),
        BIN,
        &["validate", "good.json", "--image", &image],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--image") && run.stderr.len() < 1000,
        "{}",
        &run.stderr[..run.stderr.len().min(300)]
    );
}

/// `n` entries, each from `entry(i)` (a key and an entry object).
fn entries(n: usize, entry: impl Fn(usize) -> String) -> Vec<u8> {
    let entries: Vec<String> = (0..n).map(entry).collect();
    format!(r#"{{"auths":{{{}}}}}"#, entries.join(",")).into_bytes()
}

const ENTRIES: usize = 100_000;

/// Each reader on `file` succeeds (warnings at most), in reasonable time.
fn works(scratch: &Scratch, file: &str) {
    each_reader(scratch, file, |command, run| {
        let expected = match command {
            "extract" => 2, // a config is not a Secret manifest: nothing to extract
            _ => 0,
        };
        assert_eq!(
            run.code,
            expected,
            "{command} {file}: {}",
            &run.stderr[..run.stderr.len().min(500)]
        );
    });
}

#[test]
fn a_pull_secret_of_100000_entries_works() {
    let scratch = scratch("limit-entries");
    let auth = "dTpw"; // u:p
    scratch.file(
        "many.json",
        &entries(ENTRIES, |i| {
            format!(r#""r{i}.example.com":{{"auth":"{auth}"}}"#)
        }),
    );
    let parsed = run_in(
        scratch.path(),
        BIN,
        &["parse", "many.json", "-o", "json"],
        None,
    )
    .json();
    assert_eq!(parsed[0]["entries"].as_array().map(Vec::len), Some(ENTRIES));
    let last = format!("r{}.example.com/app", ENTRIES - 1);
    let found = run_in(
        scratch.path(),
        BIN,
        &["match", &last, "--secret", "many.json", "-o", "json"],
        None,
    )
    .json();
    assert_eq!(found[0]["credentials"][0]["username"], "u", "{found}");
    let report: Value = run_in(
        scratch.path(),
        BIN,
        &["validate", "many.json", "-o", "json"],
        None,
    )
    .json();
    assert_eq!(report["valid"], true);
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
    // Every key on both sides: merged and compared by lookup, not by search.
    let merged = run_in(
        scratch.path(),
        BIN,
        &["merge", "many.json", "many.json", "-o", "merged.json"],
        None,
    );
    assert_eq!(
        merged.code,
        0,
        "{}",
        &merged.stderr[..merged.stderr.len().min(300)]
    );
    let diff = run_in(
        scratch.path(),
        BIN,
        &["diff", "many.json", "many.json", "-o", "json"],
        None,
    );
    assert_eq!(diff.json()["changes"].as_array().map(Vec::len), Some(0));
    // Every reader, `login` last: it adds its entry and keeps the 100,000 others.
    works(&scratch, "many.json");
    let parsed = run_in(
        scratch.path(),
        BIN,
        &["parse", "many.json", "-o", "json"],
        None,
    )
    .json();
    assert_eq!(
        parsed[0]["entries"].as_array().map(Vec::len),
        Some(ENTRIES + 1)
    );
}

/// Findings on every entry, and entries that each could hide another (checked against every
/// other key once): linear, not quadratic, so they end well within the component's budget.
#[test]
fn a_pull_secret_of_100000_entries_with_findings_works() {
    let scratch = scratch("limit-findings");
    scratch.file(
        "empty.json",
        &entries(ENTRIES, |i| format!(r#""r{i}.example.com/path":{{}}"#)),
    );
    works(&scratch, "empty.json");
    scratch.file(
        "plain.json",
        &entries(ENTRIES, |i| {
            format!(r#""r{i}.example.com":{{"username":"u","password":"p"}}"#)
        }),
    );
    works(&scratch, "plain.json");
    let report = run_in(
        scratch.path(),
        BIN,
        &["validate", "plain.json", "-o", "json"],
        None,
    )
    .json();
    let plain = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "plain-credentials-only")
        .count();
    assert_eq!(plain, ENTRIES);
}
