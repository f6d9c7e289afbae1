//! `docs/embedding.md` shows one example per host; each is a file that a test runs (this one
//! for Rust, the Node and Python suites for theirs), and the document quotes each verbatim, so
//! that the documentation cannot drift from code that works.

use std::path::{Path, PathBuf};

use pullsecret_tests::{Scratch, run};

use crate::BIN;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_document_quotes_every_example_verbatim() {
    let doc = std::fs::read_to_string(root().join("docs/embedding.md")).unwrap();
    for (example, fence) in [
        ("host/examples/embed.rs", "```rust\n"),
        ("hosts/node/example.mjs", "```js\n"),
        ("hosts/python/example.py", "```python\n"),
    ] {
        let code = std::fs::read_to_string(root().join(example)).unwrap();
        let quoted = format!("{fence}{code}```");
        assert!(
            doc.contains(&quoted),
            "docs/embedding.md does not quote {example} as it is"
        );
    }
}

/// Cargo builds examples before it runs tests, next to the test binary's `deps/` folder.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    profile_dir.join("examples").join(name)
}

#[test]
fn the_rust_example_runs_the_written_component() {
    let scratch = Scratch::new("embedding");
    let wasm = scratch.path().join("pullsecret.wasm");
    let wasm = wasm.to_string_lossy();
    let r = run(BIN, &["component", "-o", &wasm], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let secret = root().join("examples/pull-secret.json");
    let r = run(
        example("embed").to_str().unwrap(),
        &[&wasm, secret.to_str().unwrap()],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "the kubelet looks up quay.io/repository-main/app and tries, in order:\n  \
         quay.io/repository-main: user robot+ci\n  quay.io: user myuser\n"
    );
    // A missing file is an error, not a panic.
    let r = run(
        example("embed").to_str().unwrap(),
        &[&wasm, "/nonexistent"],
        None,
    );
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("reading /nonexistent"), "{}", r.stderr);
}
