//! End-to-end tests: the built CLI and its component, the conformance vectors, the goldens
//! of kubectl and oc, and differential runs against the real kubectl. One test binary with a
//! module per behaviour, so cargo links it once.

mod audit;
mod bad_inputs;
mod cli;
mod component;
mod conformance;
mod containers_vectors;
mod edit;
mod embedding;
mod explain;
mod files;
mod generated;
mod grants;
mod kubectl_differential;
mod kubectl_goldens;
mod kubectl_readback;
mod kubelet_vectors;
mod kubewarden;
mod leaks;
mod limits;
mod oc_goldens;
mod regression;
mod validate;

/// The CLI under test, built by cargo for this test binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_pullsecret");
