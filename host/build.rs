//! Builds the guest for `wasm32-unknown-unknown` with a nested cargo, turns it into a
//! component and precompiles it, so that a plain `cargo build` yields a CLI with the
//! component inside (the pattern of wasmtime's `crates/test-programs/artifacts/build.rs`).

#[path = "src/engine.rs"]
#[expect(
    dead_code,
    reason = "the build script needs only the engine configuration"
)]
mod engine;

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

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
    ensure_target_installed()?;

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

/// `RUSTUP_AUTO_INSTALL=0` on our machines: say what to run instead of a linker error.
fn ensure_target_installed() -> Result<()> {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .with_context(|| format!("running {rustc} --print sysroot"))?;
    let sysroot = String::from_utf8(output.stdout)?;
    let lib = Path::new(sysroot.trim()).join("lib/rustlib").join(TARGET);
    if !lib.exists() {
        bail!(
            "the Rust target {TARGET} is not installed (needed to build the guest component).\n\
             Run: rustup target add {TARGET}"
        );
    }
    Ok(())
}

/// Runs `cargo build` for the guest in its own target dir, with the size profile and none of
/// the outer build's flags or wrappers.
fn build_guest(root: &Path, target_dir: &Path) -> Result<Vec<u8>> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "build",
            "--package",
            "pullsecret-guest",
            "--lib",
            "--target",
            TARGET,
        ])
        .args(["--profile", "guest-wasm", "--target-dir"])
        .arg(target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_PRIMARY_PACKAGE")
        .status()
        .context("running the nested cargo build of the guest")?;
    if !status.success() {
        bail!("building the guest for {TARGET} failed ({status})");
    }
    let path = target_dir
        .join(TARGET)
        .join("guest-wasm/pullsecret_guest.wasm");
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}
