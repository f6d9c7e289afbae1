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
    Ok(())
}
