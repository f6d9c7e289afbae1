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

    let document = pullsecret_guest::document::parse("example", EXAMPLE, None)?;
    let mut keyring = pullsecret_guest::Keyring::default();
    for config in &document.configs {
        keyring.add(config)?;
    }
    let native = measure(|| {
        for image in &images {
            let lookup = pullsecret_guest::reference::normalize(image).expect("valid image");
            black_box(keyring.lookup(&lookup));
        }
    });

    let mut guest = component::Guest::new()?;
    let parsed = guest
        .parse("example", EXAMPLE, None)?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let handle = guest
        .keyring(&parsed.configs)?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let wasm = measure(|| {
        for image in &images {
            black_box(
                guest
                    .lookup_image(handle, image)
                    .expect("call")
                    .expect("valid image"),
            );
        }
    });

    let per = |d: Duration| d / u32::try_from(images.len()).unwrap_or(1);
    println!(
        "lookup (normalize + match), native:    {:?} per image",
        per(native)
    );
    println!(
        "lookup (normalize + match), component: {:?} per image",
        per(wasm)
    );
    println!(
        "component / native: {:.1}x",
        wasm.as_secs_f64() / native.as_secs_f64()
    );
    Ok(())
}
