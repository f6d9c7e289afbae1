//! `cargo bench -p pullsecret --bench entries`: how `parse` and `validate` grow with the
//! number of entries (1,000, 10,000, 100,000), natively and through the component, and a
//! 10 MB `List` of Secrets crossing into the guest. The time per entry should stay flat from
//! one size to the next: that is what linear means.

#![expect(clippy::print_stdout, reason = "a bench binary reports on stdout")]

#[path = "../src/component.rs"]
#[expect(
    dead_code,
    unused_imports,
    reason = "the bench uses part of the CLI's facade"
)]
mod component;
#[path = "../src/engine.rs"]
#[expect(dead_code, reason = "the audit's limits are not used here")]
mod engine;

use std::hint::black_box;
use std::time::{Duration, Instant};

use pullsecret_guest::checks::validate;
use pullsecret_guest::go::base64;
use pullsecret_guest::input::document::{self, Input};

/// A `.dockerconfigjson` of `n` entries, `"rI.example.com": {"auth": base64("u:p")}`, as the
/// issue generates it.
fn config(n: usize) -> Vec<u8> {
    let entries: Vec<String> = (0..n)
        .map(|i| format!(r#""r{i}.example.com": {{"auth": "dTpw"}}"#))
        .collect();
    format!(r#"{{"auths": {{{}}}}}"#, entries.join(", ")).into_bytes()
}

/// A JSON `List` of pull Secrets of about `size` bytes, each holding a 20-entry config in
/// base64 `data`, as `kubectl get secrets -o json` prints them.
fn secret_list(size: usize) -> (Vec<u8>, usize) {
    let mut items = Vec::new();
    let mut total = 0;
    let mut entries = 0;
    while total < size {
        let i = items.len();
        let payload = config_of(
            (0..20).map(|j| format!("r{i}-{j}.example.com")),
            &format!("secret-{i}"),
        );
        let item = format!(
            r#"{{"apiVersion": "v1", "kind": "Secret", "metadata": {{"name": "pull-{i}", "namespace": "ns-{}"}}, "type": "kubernetes.io/dockerconfigjson", "data": {{".dockerconfigjson": "{}"}}}}"#,
            i % 50,
            base64::encode(&payload)
        );
        total += item.len() + 2;
        entries += 20;
        items.push(item);
    }
    let list = format!(
        r#"{{"apiVersion": "v1", "kind": "List", "items": [{}]}}"#,
        items.join(", ")
    );
    (list.into_bytes(), entries)
}

fn config_of(keys: impl Iterator<Item = String>, user: &str) -> Vec<u8> {
    let auth = base64::encode(format!("{user}:password").as_bytes());
    let entries: Vec<String> = keys
        .map(|k| format!(r#""{k}": {{"auth": "{auth}"}}"#))
        .collect();
    format!(r#"{{"auths": {{{}}}}}"#, entries.join(", ")).into_bytes()
}

/// Runs `f` for about two seconds (three runs at least) and returns the fastest run: the
/// machine is shared, and the fastest run is the one least disturbed.
fn measure(mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut best = Duration::MAX;
    let mut runs = 0;
    while runs < 3 || start.elapsed() < Duration::from_secs(2) {
        let run = Instant::now();
        f();
        best = best.min(run.elapsed());
        runs += 1;
    }
    best
}

fn row(what: &str, entries: usize, native: Duration, wasm: Duration) {
    let each = |d: Duration| d.as_secs_f64() * 1e9 / entries as f64;
    println!(
        "{what:<34} {entries:>7} entries  native {:>9.2} ms ({:>6.0} ns/entry)  component {:>9.2} ms ({:>6.0} ns/entry)",
        native.as_secs_f64() * 1e3,
        each(native),
        wasm.as_secs_f64() * 1e3,
        each(wasm),
    );
}

/// `parse` as the CLI runs it: the document read, then every config's entries lifted.
fn parse_native(source: &str, bytes: &[u8]) -> usize {
    let document = document::parse(source, bytes, None).expect("parse");
    document
        .configs
        .iter()
        .map(|c| c.entries.as_ref().expect("entries").len())
        .sum()
}

fn parse_component(guest: &mut component::Guest, source: &str, bytes: &[u8]) -> usize {
    let document = guest
        .parse(source, bytes, None)
        .expect("call")
        .expect("parse");
    document
        .configs
        .iter()
        .map(|&c| guest.entries(c).expect("call").expect("entries").len())
        .sum()
}

fn validate_native(source: &str, bytes: &[u8]) -> usize {
    let inputs = [Input { source, bytes }];
    validate::validate(&inputs, &[], &validate::Context::default()).len()
}

fn validate_component(guest: &mut component::Guest, source: &str, bytes: &[u8]) -> usize {
    let inputs = [component::Input {
        source: source.to_owned(),
        bytes: bytes.to_vec(),
    }];
    let context = component::PolicyContext {
        mirrors: Vec::new(),
        images: Vec::new(),
    };
    guest.validate(&inputs, &[], &context).expect("call").len()
}

fn main() -> anyhow::Result<()> {
    // Each component run uses a fresh instance, as one CLI invocation does (fuel and memory
    // are per instance); this is what that costs, inside every component figure below.
    let startup = measure(|| {
        black_box(component::Guest::new().expect("instantiate"));
    });
    println!("engine + deserialize + instantiate: {startup:?}");

    for n in [1_000, 10_000, 100_000] {
        let bytes = config(n);
        assert_eq!(parse_native("bench.json", &bytes), n);
        let native = measure(|| {
            black_box(parse_native("bench.json", &bytes));
        });
        let wasm = measure(|| {
            let mut guest = component::Guest::new().expect("instantiate");
            black_box(parse_component(&mut guest, "bench.json", &bytes));
        });
        row("parse (document + entries)", n, native, wasm);
        assert_eq!(validate_native("bench.json", &bytes), 0);
        let native = measure(|| {
            black_box(validate_native("bench.json", &bytes));
        });
        let wasm = measure(|| {
            let mut guest = component::Guest::new().expect("instantiate");
            black_box(validate_component(&mut guest, "bench.json", &bytes));
        });
        row("validate (no findings)", n, native, wasm);
    }

    let (list, entries) = secret_list(10 << 20);
    println!("List of Secrets: {} bytes, {entries} entries", list.len());
    assert_eq!(parse_native("list.json", &list), entries);
    let native = measure(|| {
        black_box(parse_native("list.json", &list));
    });
    let wasm = measure(|| {
        let mut guest = component::Guest::new().expect("instantiate");
        black_box(parse_component(&mut guest, "list.json", &list));
    });
    row("parse a 10 MB List of Secrets", entries, native, wasm);
    let native = measure(|| {
        black_box(validate_native("list.json", &list));
    });
    let wasm = measure(|| {
        let mut guest = component::Guest::new().expect("instantiate");
        black_box(validate_component(&mut guest, "list.json", &list));
    });
    row("validate a 10 MB List of Secrets", entries, native, wasm);
    Ok(())
}
