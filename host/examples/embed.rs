//! Which credentials the kubelet sends for an image, asked of the pullsecret component from a
//! Rust program through wasmtime. Usernames only: never print passwords.
//!
//! cargo run -p pullsecret --example embed -- pullsecret.wasm examples/pull-secret.json

#![expect(clippy::print_stdout, reason = "an example program reports on stdout")]

use anyhow::{Context, Result, bail};
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

wasmtime::component::bindgen!({ world: "pullsecret", path: "../wit" });

use exports::pullsecret::core::keyring::Request;
use exports::pullsecret::core::types::{Error, Semantics};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, wasm, secret] = args.as_slice() else {
        bail!("usage: embed PULLSECRET.wasm PULL-SECRET-FILE");
    };
    let engine = Engine::new(Config::new().wasm_component_model(true))?;
    let component = Component::from_file(&engine, wasm)?;
    let mut store = Store::new(&engine, ());
    // The component imports nothing: an empty linker is enough.
    let guest = Pullsecret::instantiate(&mut store, &component, &Linker::new(&engine))?;

    let bytes = std::fs::read(secret).with_context(|| format!("reading {secret}"))?;
    // Guest errors (the WIT `error` variant) are values: the outer `?` is for traps.
    let document = guest
        .pullsecret_core_config()
        .call_parse(&mut store, secret, &bytes, None)?
        .map_err(invalid)?;
    let request = Request {
        secrets: document.configs.clone(),
        node: Vec::new(),
        images: vec!["quay.io/repository-main/app:1".into()],
        raw: false,
    };
    let matches = guest
        .pullsecret_core_keyring()
        .call_match_images(&mut store, Semantics::Kubelet, &request)?
        .map_err(invalid)?;
    for matched in &matches.results {
        println!(
            "the kubelet looks up {} and tries, in order:",
            matched.answer.lookup
        );
        for credential in &matched.answer.credentials {
            println!("  {}: user {}", credential.key, credential.username);
        }
    }
    // Resources live in the store until dropped; drop them when done with them.
    for config in document.configs {
        config.resource_drop(&mut store)?;
    }
    Ok(())
}

/// The guest's one error shape: a diagnostic with a code, a place and a message that never
/// holds a secret.
fn invalid(error: Error) -> anyhow::Error {
    let Error::InvalidInput(d) = error;
    let place = d.location.or(d.source).unwrap_or_default();
    anyhow::anyhow!("{place}: {} [{}]", d.message, d.code)
}
