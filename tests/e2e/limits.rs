//! The documented limits (README, "Limits"): hostile sizes end in a clear error that names
//! the input, with exit 2 from every command, `validate` included (input refused is an error,
//! not a finding), never a trap, a crash, a hang or a stack overflow; and a large but real
//! pull secret (100,000 entries) works. The large inputs are generated here, never committed.

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

/// Refused by one of our own limits: exit 2 from every command, `validate` included, with an
/// error that starts with the place of the limit in the named file and says what it is, and
/// nothing on standard output (`validate -o json` included).
fn refused_at(scratch: &Scratch, name: &str, place: &str, message: &str) {
    each_reader(scratch, name, |command, run| {
        assert_eq!(
            run.code, 2,
            "{command} {name}: {}{}",
            run.stdout, run.stderr
        );
        assert!(
            run.stderr.starts_with(&format!("error: {place}")) && run.stderr.contains(message),
            "{command} {name}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{command} {name}: {}", run.stdout);
    });
    let json = run_in(scratch.path(), BIN, &["validate", name, "-o", "json"], None);
    assert_eq!(json.code, 2, "validate -o json {name}: {}", json.stderr);
    assert!(
        json.stdout.is_empty(),
        "validate -o json {name}: {}",
        json.stdout
    );
}

/// Nested too deep for the readers (our limits: Go's JSON decoder reads 10,000 levels).
/// `explain` has nothing to explain, and fails too.
fn too_deep(name: &str, bytes: &[u8], message: &str) {
    let scratch = scratch("limit-deep");
    scratch.file(name, bytes);
    refused_at(&scratch, name, &format!("{name}:1:"), message);
}

const LEVELS: usize = 100_000;

#[test]
fn json_nested_100000_levels_is_an_error_with_a_place() {
    let arrays = "[".repeat(LEVELS) + &"]".repeat(LEVELS);
    too_deep(
        "arrays.json",
        arrays.as_bytes(),
        "exceeded max depth: pullsecret reads JSON nested up to 512 levels",
    );
    let objects = r#"{"auths":"#.repeat(LEVELS) + "{}" + &"}".repeat(LEVELS);
    too_deep(
        "objects.json",
        objects.as_bytes(),
        "exceeded max depth: pullsecret reads JSON nested up to 512 levels",
    );
}

#[test]
fn yaml_nested_100000_levels_is_an_error_with_a_place() {
    let flow = "kind: Secret\ndata: ".to_owned() + &"[".repeat(LEVELS) + &"]".repeat(LEVELS);
    // The flow sequence starts on line 2.
    let scratch = scratch("limit-flow");
    scratch.file("flow.yaml", flow.as_bytes());
    refused_at(
        &scratch,
        "flow.yaml",
        "flow.yaml:2:",
        "recursion limit exceeded: pullsecret reads YAML flow collections nested up to 255 levels",
    );
    let block = "- ".repeat(LEVELS) + "x\n";
    too_deep(
        "block.yaml",
        block.as_bytes(),
        "nesting is too deep: pullsecret reads YAML nested up to 256 levels",
    );
    let mapping = "a: ".to_owned() + &"{a: ".repeat(LEVELS) + &"}".repeat(LEVELS);
    too_deep(
        "mapping.yaml",
        mapping.as_bytes(),
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
    refused_at(
        &scratch,
        "bomb.yaml",
        "bomb.yaml:",
        "document contains excessive aliasing",
    );
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
