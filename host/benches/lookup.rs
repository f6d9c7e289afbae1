//! `cargo bench -p pullsecret --bench lookup`: the component's size, its start-up cost, and
//! kubelet lookups natively against the same lookups through the component. Absolute times
//! vary between machines; compare the ratios printed by one run.

#![expect(clippy::print_stdout, reason = "a bench binary reports on stdout")]

#[path = "../src/component.rs"]
#[expect(
    dead_code,
    unused_imports,
    reason = "the bench uses part of the CLI's facade"
)]
mod component;
#[path = "../src/engine.rs"]
mod engine;

use std::hint::black_box;

use pullsecret_guest::consumers::answer::Semantics;
use pullsecret_guest::consumers::lookup::{self, Request};
use std::time::{Duration, Instant};

const EXAMPLE: &[u8] = include_bytes!("../../examples/pull-secret.json");

fn images() -> Vec<String> {
    let hosts = [
        "quay.io",
        "registry.redhat.io",
        "docker.io",
        "ghcr.io",
        "quay.io/repository-main",
    ];
    (0..1000)
        .map(|i| {
            format!(
                "{}/team-{}/app-{i}:v{}",
                hosts[i % hosts.len()],
                i % 17,
                i % 5
            )
        })
        .collect()
}

/// A `.dockerconfigjson` of 1,000 keys: hosts, globs, ports and paths, as a large cluster's
/// merged pull secret has them.
fn large_config() -> Vec<u8> {
    let auth = "dXNlcjpwYXNz"; // user:pass
    let entries: Vec<String> = (0..1000)
        .map(|i| {
            let key = match i % 4 {
                0 => format!("registry-{i}.example.com"),
                1 => format!("*.apps-{i}.example.com"),
                2 => format!("registry-{i}.example.com:5000"),
                _ => format!("registry-{i}.example.com/team-{}/app", i % 13),
            };
            format!("\"{key}\":{{\"auth\":\"{auth}\"}}")
        })
        .collect();
    format!("{{\"auths\":{{{}}}}}", entries.join(",")).into_bytes()
}

/// 1,000 references to the large config's registries, and to some it has no key for. The
/// kubelet tries every key for every reference (about 0.2 µs natively, 0.4 µs in the
/// component, per key): 10,000 references against 1,000 keys still go past the CLI's fuel
/// budget for one invocation, so the 100,000 waits for a cheaper try.
fn large_images() -> Vec<String> {
    (0..1_000)
        .map(|i| {
            let r = i % 1100;
            match r % 4 {
                _ if r >= 1000 => format!("elsewhere-{r}.example.org/ns/app:{i}"),
                0 => format!("registry-{r}.example.com/ns-{}/app:v{i}", i % 7),
                1 => format!("web.apps-{r}.example.com/ns/app@sha256:{:064x}", i),
                2 => format!("registry-{r}.example.com:5000/ns/app:{i}"),
                _ => format!("registry-{r}.example.com/team-{}/app:v{i}", r % 13),
            }
        })
        .collect()
}

/// Runs `f` repeatedly for about a second and returns the mean time per call.
fn measure(mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < Duration::from_secs(1) {
        f();
        runs += 1;
    }
    start.elapsed() / runs
}

fn main() -> anyhow::Result<()> {
    let images = images();
    println!("component size: {} bytes", component::COMPONENT_WASM.len());

    let startup = measure(|| {
        black_box(component::Guest::new().expect("instantiate"));
    });
    println!("engine + deserialize + instantiate: {startup:?}");

    // The same question both ways: every image of the list, kubelet semantics, one request.
    let document = pullsecret_guest::input::document::parse("example", EXAMPLE, None)?;
    let configs: Vec<&pullsecret_guest::DockerConfig> = document.configs.iter().collect();
    let request = Request {
        secrets: &configs,
        node: &[],
        images: &images,
        raw: false,
    };
    let native = measure(|| {
        black_box(lookup::matches(Semantics::Kubelet, &request).expect("valid request"));
    });

    let mut guest = component::Guest::new()?;
    let parsed = guest
        .parse("example", EXAMPLE, None)?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let wasm = measure(|| {
        black_box(
            guest
                .match_images(
                    component::Semantics::Kubelet,
                    &parsed.configs,
                    &[],
                    &images,
                    false,
                )
                .expect("call")
                .expect("valid request"),
        );
    });

    let per = |d: Duration| d / u32::try_from(images.len()).unwrap_or(1);
    let report = |what: &str, native: Duration, wasm: Duration, count: usize| {
        let each = |d: Duration| d / u32::try_from(count).unwrap_or(1);
        println!("{what}, native:    {:?} per image", each(native));
        println!("{what}, component: {:?} per image", each(wasm));
        println!(
            "{what}: component throughput / native: {:.2}",
            native.as_secs_f64() / wasm.as_secs_f64()
        );
    };
    println!(
        "match (normalize + lookup), native:    {:?} per image",
        per(native)
    );
    println!(
        "match (normalize + lookup), component: {:?} per image",
        per(wasm)
    );
    println!(
        "component / native: {:.1}x",
        wasm.as_secs_f64() / native.as_secs_f64()
    );

    // A large workload: references against a 1,000-key keyring. Each run parses and
    // matches in a fresh instance, as one CLI invocation does (the fuel budget is per
    // instance); instantiation is ~1 ms of a run that takes seconds.
    let config = large_config();
    let images = large_images();
    let native = measure(|| {
        let document =
            pullsecret_guest::input::document::parse("large", &config, None).expect("parse");
        let configs: Vec<&pullsecret_guest::DockerConfig> = document.configs.iter().collect();
        let request = Request {
            secrets: &configs,
            node: &[],
            images: &images,
            raw: false,
        };
        black_box(lookup::matches(Semantics::Kubelet, &request).expect("valid request"));
    });
    let wasm = measure(|| {
        let mut guest = component::Guest::new().expect("instantiate");
        let parsed = guest
            .parse("large", &config, None)
            .expect("call")
            .expect("parse");
        black_box(
            guest
                .match_images(
                    component::Semantics::Kubelet,
                    &parsed.configs,
                    &[],
                    &images,
                    false,
                )
                .expect("call")
                .expect("valid request"),
        );
    });
    report(
        "1,000 images x 1,000 keys (kubelet)",
        native,
        wasm,
        images.len(),
    );
    Ok(())
}
