//! The nested cargo build shared by the build scripts that turn workspace crates into wasm
//! (host/build.rs: the guest component; tests/build.rs: the Kubewarden policy), included by
//! `#[path]` since build scripts cannot share a crate of their own.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The size profile of every wasm build (workspace Cargo.toml).
pub const PROFILE: &str = "guest-wasm";

/// `RUSTUP_AUTO_INSTALL=0` on our machines: say what to run instead of a linker error.
pub fn ensure_target_installed(target: &str, purpose: &str) -> Result<(), String> {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("running {rustc} --print sysroot: {e}"))?;
    let sysroot = String::from_utf8_lossy(&output.stdout);
    if !Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(target)
        .exists()
    {
        return Err(format!(
            "the Rust target {target} is not installed (needed to build {purpose}).\n\
             Run: rustup target add {target}"
        ));
    }
    Ok(())
}

/// `cargo build` of a package's library for `target` in its own target dir (not the outer
/// build's, whose lock the outer cargo holds), with the size profile and none of the outer
/// build's flags or wrappers (clippy's among them). Returns the built `.wasm`.
pub fn build_wasm(
    root: &Path,
    package: &str,
    features: &[&str],
    target: &str,
    target_dir: &Path,
) -> Result<PathBuf, String> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["build", "--package", package, "--lib"])
        .args(["--target", target, "--profile", PROFILE, "--target-dir"])
        .arg(target_dir);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    let status = command
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_PRIMARY_PACKAGE")
        .status()
        .map_err(|e| format!("running the nested cargo build of {package}: {e}"))?;
    if !status.success() {
        return Err(format!("building {package} for {target} failed ({status})"));
    }
    let file = format!("{}.wasm", package.replace('-', "_"));
    Ok(target_dir.join(target).join(PROFILE).join(file))
}
