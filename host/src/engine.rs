//! The one wasmtime configuration, shared by `build.rs` (which precompiles the component)
//! and the runtime (which deserializes it): precompiled code is only accepted by an engine
//! configured identically.

use std::time::Duration;

/// Time for one CLI invocation's guest work: far above any real pull secret (matching
/// 100,000 images against a 1,000-key file takes about a second), low enough that hostile
/// input ends in a clear error instead of a hang. A deadline rather than fuel: wasmtime's
/// epoch check costs the guest a load and a compare where fuel metering counts every block
/// (13% of an audit, 30% of a lookup: BENCHMARKS.md).
pub const TIME: Duration = Duration::from_secs(30);

/// Linear memory the guest may grow to.
pub const MEMORY_LIMIT_BYTES: usize = 512 << 20;

/// What one guest may use: time and linear memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub time: Duration,
    pub memory_bytes: usize,
}

/// Every command but `audit`.
pub const LIMITS: Limits = Limits {
    time: TIME,
    memory_bytes: MEMORY_LIMIT_BYTES,
};

/// `audit` reads a whole cluster: a dump of 50,000 pods is a few hundred megabytes, which
/// cross into the guest once. Sized from the audit benchmark (BENCHMARKS.md) with room to
/// spare; wasm32 memory cannot exceed 4 GiB.
pub const AUDIT_LIMITS: Limits = Limits {
    time: Duration::from_secs(300),
    memory_bytes: 3 << 30,
};

pub fn config() -> wasmtime::Config {
    let mut config = wasmtime::Config::new();
    config.wasm_component_model(true);
    config.epoch_interruption(true);
    config
}
