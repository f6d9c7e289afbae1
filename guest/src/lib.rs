//! All pull-secret logic, pure and deterministic: no printing, environment, files, clock or
//! randomness. Built natively for unit tests, for `wasm32-unknown-unknown` with the feature
//! `component` as a component that imports nothing (`component` is its one door to the WIT),
//! and as a plain library into the Kubewarden policy (`kubewarden/`).
//!
//! Modules only import downwards, in this order: `go` (Go-compatible primitives) and
//! `diagnostic`, then `input`, `checks`, `consumers`, and `edit` and `manifests` beside them,
//! then `audit`, which asks all of them about a whole cluster.

pub mod audit;
pub mod checks;
pub mod consumers;
pub mod diagnostic;
pub mod edit;
pub mod go;
pub mod input;
pub mod manifests;

#[cfg_attr(
    all(target_arch = "wasm32", feature = "component"),
    expect(unsafe_code, reason = "wit-bindgen's export glue is unsafe by nature")
)]
mod component;

pub use diagnostic::{Code, Diagnostic, Error, Rule, Severity};
pub use input::config::DockerConfig;
pub use input::document::Document;
