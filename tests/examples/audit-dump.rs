//! Writes a synthetic cluster dump for `pullsecret audit` (tests and BENCHMARKS.md):
//! `cargo run --release -p pullsecret-tests --example audit-dump -- PODS FILE`. The planted
//! faults go to standard error as `pod container code` lines with `--planted`.

#![expect(clippy::print_stderr, reason = "a command-line tool reports on stderr")]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(pods), Some(file)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: audit-dump PODS FILE [--planted]");
        return ExitCode::from(2);
    };
    let dump = pullsecret_tests::dump::generate(pods);
    if let Err(e) = std::fs::write(file, &dump.json) {
        eprintln!("{file}: {e}");
        return ExitCode::from(2);
    }
    if args.iter().any(|a| a == "--planted") {
        for [pod, container, code] in &dump.planted {
            eprintln!("{pod} {container} {code}");
        }
    }
    ExitCode::SUCCESS
}
