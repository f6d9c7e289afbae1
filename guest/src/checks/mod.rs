//! Checking pull secrets before a consumer does: each consumer's pitfalls, the installers'
//! own checks, policy files, and `validate`, which runs them all over a set of inputs.

pub mod installer;
pub mod pitfalls;
pub mod policy;
pub mod validate;
