//! `cargo bench -p pullsecret --bench lookup`: the component's size, its start-up cost, and
//! kubelet lookups natively against the same lookups through the component as the CLI runs it
//! (an epoch deadline) and with wasmtime's fuel metering, which counts the work. Absolute
//! times vary between machines;
//! compare the ratios printed by one run. Times are on the CPU, so Linux only.

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
use std::time::Duration;

use anyhow::Context;
use pullsecret_guest::consumers::answer::Semantics;
use pullsecret_guest::consumers::lookup::{self, Request};
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};

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

/// `count` references to the large config's registries (each kind of key), and to some it
/// has no key for.
fn large_images(count: usize) -> Vec<String> {
    (0..count)
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

/// The mean time on the CPU of a call to `f`: one call when that takes a second or more,
/// else as many as fit in about a second after that first one. Time on the CPU, not time
/// passed: the machines this runs on are shared, and waiting for a core is not work.
fn measure(mut f: impl FnMut()) -> Duration {
    let start = on_cpu();
    f();
    let first = on_cpu() - start;
    if first >= Duration::from_secs(1) {
        return first;
    }
    let start = on_cpu();
    let mut runs = 0u32;
    while on_cpu() - start < Duration::from_secs(1) {
        f();
        runs += 1;
    }
    (on_cpu() - start) / runs
}

/// How long this thread has run on a CPU (Linux's `/proc/thread-self/schedstat`, in ns).
fn on_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("Linux's /proc/thread-self/schedstat");
    let ns = stat.split(' ').next().and_then(|n| n.parse().ok());
    Duration::from_nanos(ns.expect("schedstat starts with the time on the CPU in ns"))
}

/// The component compiled here from the embedded bytes with the CLI's engine configuration
/// (the code `build.rs` precompiles, with its epoch checks), fuel metering added or not, and
/// no limit: the metered one counts the work of a run.
struct Compiled {
    engine: Engine,
    component: Component,
    metered: bool,
}

impl Compiled {
    fn new(metered: bool) -> anyhow::Result<Self> {
        let mut config = engine::config();
        config.consume_fuel(metered);
        let engine = Engine::new(&config)?;
        let component = Component::new(&engine, component::COMPONENT_WASM)?;
        Ok(Compiled {
            engine,
            component,
            metered,
        })
    }

    /// Parses `config` and matches `images` with kubelet semantics in a fresh instance, as one
    /// `pullsecret match` does.
    fn run(&self, config: &[u8], images: &[String]) -> anyhow::Result<Run> {
        let mut store = Store::new(&self.engine, PeakMemory(0));
        store.limiter(|peak| peak);
        store.set_epoch_deadline(u64::MAX);
        if self.metered {
            store.set_fuel(u64::MAX)?;
        }
        let linker = Linker::new(&self.engine);
        let guest = component::Pullsecret::instantiate(&mut store, &self.component, &linker)?;
        let document = guest
            .pullsecret_core_config()
            .call_parse(&mut store, "large", config, None)?
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let request = component::exports::pullsecret::core::keyring::Request {
            secrets: document.configs,
            node: Vec::new(),
            images: images.to_vec(),
            raw: false,
        };
        let matches = guest
            .pullsecret_core_keyring()
            .call_match_images(&mut store, component::Semantics::Kubelet, &request)?
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        Ok(Run {
            answers: matches.results.len(),
            fuel: if self.metered {
                u64::MAX - store.get_fuel()?
            } else {
                0
            },
            memory: store.data().0,
        })
    }
}

/// What one run took besides time.
struct Run {
    answers: usize,
    /// Fuel used (0 when not metered).
    fuel: u64,
    /// The size the guest's linear memory grew to, in bytes.
    memory: usize,
}

/// Records the largest size the guest's memory grows to, and lets it grow.
struct PeakMemory(usize);

impl wasmtime::ResourceLimiter for PeakMemory {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.0 = self.0.max(desired);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

/// References against the 1,000-key keyring, natively and in the component as the CLI runs
/// it and with fuel metering. Each run parses and matches from scratch (a fresh instance for
/// the component), as one CLI invocation does.
fn large(count: usize, metered: &Compiled, unmetered: &Compiled) -> anyhow::Result<()> {
    let config = large_config();
    let images = large_images(count);
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
    let run = metered.run(&config, &images)?;
    anyhow::ensure!(run.answers == count, "one answer per image");
    let fuel_on = measure(|| {
        black_box(metered.run(&config, &images).expect("match"));
    });
    let as_cli = measure(|| {
        black_box(unmetered.run(&config, &images).expect("match"));
    });
    let what = format!("{count} images x 1,000 keys (kubelet)");
    let each = |d: Duration| d / u32::try_from(count).unwrap_or(u32::MAX);
    println!(
        "{what}, native:                 {:?} per image",
        each(native)
    );
    println!(
        "{what}, component (the CLI's): {:?} per image",
        each(as_cli)
    );
    println!(
        "{what}, component, fuel on:    {:?} per image",
        each(fuel_on)
    );
    println!(
        "{what}: component throughput / native: {:.2} as the CLI runs it, {:.2} fuel on",
        native.as_secs_f64() / as_cli.as_secs_f64(),
        native.as_secs_f64() / fuel_on.as_secs_f64(),
    );
    println!(
        "{what}: fuel used {}, guest memory {} MiB (the CLI's limit: {} MiB)",
        run.fuel,
        run.memory >> 20,
        engine::MEMORY_LIMIT_BYTES >> 20
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let images = images();
    println!("component size: {} bytes", component::COMPONENT_WASM.len());

    let startup = measure(|| {
        black_box(component::Guest::new().expect("instantiate"));
    });
    println!("engine + deserialize + instantiate: {startup:?}");

    // The same question both ways: every image of the list, kubelet semantics, one request,
    // through the CLI's own facade and precompiled component.
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
    let per = |d: Duration| d / u32::try_from(images.len()).unwrap_or(u32::MAX);
    println!(
        "1000 images x example (kubelet), native:    {:?} per image",
        per(native)
    );
    println!(
        "1000 images x example (kubelet), component: {:?} per image",
        per(wasm)
    );
    println!(
        "1000 images x example (kubelet): component throughput / native: {:.2}",
        native.as_secs_f64() / wasm.as_secs_f64()
    );

    let metered = Compiled::new(true).context("compiling the component, fuel on")?;
    let unmetered = Compiled::new(false).context("compiling the component as the CLI runs it")?;
    for count in [1_000, 100_000] {
        large(count, &metered, &unmetered)?;
    }
    Ok(())
}
