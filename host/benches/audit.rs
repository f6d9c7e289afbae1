//! `cargo bench -p pullsecret --bench audit`: `audit` of generated dumps of 1,000, 10,000 and
//! 50,000 pods (`pullsecret_tests::dump`: 1 ServiceAccount per 5 pods, 3 Secrets per 10, 1
//! RoleBinding per 10, faults planted in one pod in ten), natively and through the component
//! with its dump crossing the WIT. The time per pod should stay flat from one size to the
//! next. `AUDIT_BENCH_PODS=10000` runs one size.

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

use pullsecret_guest::audit::{self, Request};
use pullsecret_guest::input::document::Input;

fn native(dump: &[u8]) -> Duration {
    let dumps = [Input {
        source: "dump.json",
        bytes: dump,
    }];
    let started = Instant::now();
    let report = audit::audit(&Request {
        dumps: &dumps,
        node_config: None,
        fix: false,
    })
    .expect("the dump reads");
    black_box(report);
    started.elapsed()
}

fn through_component(dump: &[u8]) -> Duration {
    let mut guest = component::Guest::with_limits(engine::AUDIT_LIMITS).expect("the component");
    let request = component::AuditRequest {
        dumps: vec![component::Input {
            source: "dump.json".into(),
            bytes: dump.to_vec(),
        }],
        node_config: None,
        fix: false,
    };
    let started = Instant::now();
    let report = guest
        .audit(&request)
        .expect("no trap")
        .expect("the dump reads");
    black_box(report);
    started.elapsed()
}

fn main() {
    let sizes: Vec<usize> = match std::env::var("AUDIT_BENCH_PODS") {
        Ok(n) => vec![n.parse().expect("a number of pods")],
        Err(_) => vec![1_000, 10_000, 50_000],
    };
    println!("| pods | dump | native | component | component per pod | native / component |");
    println!("|---|---|---|---|---|---|");
    for pods in sizes {
        let dump = pullsecret_tests::dump::generate(pods);
        let native = native(&dump.json);
        let component = through_component(&dump.json);
        println!(
            "| {pods} | {:.1} MB | {:.3} s | {:.3} s | {:.1} µs | {:.2} |",
            dump.json.len() as f64 / 1e6,
            native.as_secs_f64(),
            component.as_secs_f64(),
            component.as_secs_f64() * 1e6 / pods as f64,
            native.as_secs_f64() / component.as_secs_f64(),
        );
    }
}
