//! Builds the guest for `wasm32-unknown-unknown` with a nested cargo, turns it into a
//! component and precompiles it, so that a plain `cargo build` yields a CLI with the
//! component inside (the pattern of wasmtime's `crates/test-programs/artifacts/build.rs`).

#[path = "src/engine.rs"]
#[expect(
    dead_code,
    reason = "the build script needs only the engine configuration"
)]
mod engine;
mod nested_build;

use std::env;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

const TARGET: &str = "wasm32-unknown-unknown";

fn main() -> Result<()> {
    let host_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let root = host_dir.parent().context("host/ has a parent")?;
    for watched in [
        "guest/src",
        "policies",
        "guest/Cargo.toml",
        "wit",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    println!("cargo:rerun-if-changed=src/engine.rs");
    println!("cargo:rerun-if-changed=nested_build.rs");
    nested_build::ensure_target_installed(TARGET, "the guest component")
        .map_err(anyhow::Error::msg)?;

    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let module = build_guest(root, &out_dir.join("guest-target"))?;
    let component = wit_component::ComponentEncoder::default()
        .module(&module)
        .context("reading the guest module's component-type section")?
        .validate(true)
        .encode()
        .context("encoding the guest as a component")?;
    std::fs::write(out_dir.join("pullsecret.wasm"), &component)?;

    let engine = wasmtime::Engine::new(&engine::config())?;
    let precompiled = engine
        .precompile_component(&component)
        .map_err(anyhow::Error::from)
        .context("precompiling the component")?;
    std::fs::write(out_dir.join("pullsecret.cwasm"), precompiled)?;
    Ok(())
}

/// Runs `cargo build` for the guest, with the component export on, in its own target dir.
fn build_guest(root: &Path, target_dir: &Path) -> Result<Vec<u8>> {
    let path =
        nested_build::build_wasm(root, "pullsecret-guest", &["component"], TARGET, target_dir)
            .map_err(anyhow::Error::msg)?;
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}
