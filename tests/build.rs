//! Builds the Kubewarden policy (`kubewarden/`) for `wasm32-wasip1` with a nested cargo, as
//! host/build.rs builds the guest component, so that `cargo test` runs the e2e tests on the
//! very module Kubewarden's policy-server would load. Its path reaches the tests as
//! `PULLSECRET_KUBEWARDEN_WASM`.

use std::env;
use std::path::PathBuf;

#[path = "../host/nested_build.rs"]
mod nested_build;

const TARGET: &str = "wasm32-wasip1";
const PACKAGE: &str = "pullsecret-kubewarden";

fn main() {
    if let Err(message) = build() {
        panic!("{message}");
    }
}

fn build() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR")?);
    let root = manifest_dir
        .parent()
        .ok_or("tests/ has a parent")?
        .to_path_buf();
    for watched in [
        "kubewarden/src",
        "kubewarden/Cargo.toml",
        "guest/src",
        "guest/Cargo.toml",
        "policies",
        "wit",
        "Cargo.toml",
        "Cargo.lock",
        "host/nested_build.rs",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_DIR");
    nested_build::ensure_target_installed(TARGET, "the Kubewarden policy for the e2e tests")?;

    // One nested target dir for every outer build (test, clippy, release), so the policy is
    // compiled once and then only rebuilt when its sources change; it is not the outer
    // build's own directory, whose lock the outer cargo holds.
    let target_root = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let target_dir = target_root.join("kubewarden-policy");
    let built = nested_build::build_wasm(&root, PACKAGE, &[], TARGET, &target_dir)?;
    let out = PathBuf::from(env_var("OUT_DIR")?).join("pullsecret_kubewarden.wasm");
    std::fs::copy(&built, &out)
        .map_err(|e| format!("copying {} to {}: {e}", built.display(), out.display()))?;
    println!(
        "cargo:rustc-env=PULLSECRET_KUBEWARDEN_WASM={}",
        out.display()
    );
    Ok(())
}

fn env_var(name: &str) -> Result<String, String> {
    env::var(name).map_err(|e| format!("{name}: {e}"))
}
