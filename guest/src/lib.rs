//! All pull-secret logic, pure and deterministic: no printing, environment, files, clock or
//! randomness. Built natively for unit tests and for `wasm32-unknown-unknown` as a component
//! that imports nothing (`component` holds the WIT glue).

pub mod authfile;
pub mod base64;
pub mod code;
pub mod diagnostic;
pub mod dockercfg;
pub mod document;
pub mod edit;
pub mod explain;
pub mod glob;
pub mod gourl;
pub mod grant;
pub mod installer;
pub mod json;
pub mod keyring;
pub mod lint;
pub mod manifest;
pub mod merge;
pub mod node;
pub mod policy;
pub mod recipe;
pub mod reference;
pub mod validate;

#[cfg_attr(
    target_arch = "wasm32",
    expect(unsafe_code, reason = "wit-bindgen's export glue is unsafe by nature")
)]
mod component;

pub use code::Code;
pub use diagnostic::{Diagnostic, Error, Severity};
pub use document::{DockerConfig, Document};
pub use keyring::Keyring;
