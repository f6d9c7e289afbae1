//! The one wasmtime configuration, shared by `build.rs` (which precompiles the component)
//! and the runtime (which deserializes it): precompiled code is only accepted by an engine
//! configured identically.

/// Fuel for one CLI invocation: far above any real pull secret (parsing and matching a
/// 10,000-entry config uses well under a tenth of it), low enough that hostile input ends
/// in a clear error instead of a hang.
pub const FUEL: u64 = 20_000_000_000;

/// Linear memory the guest may grow to.
pub const MEMORY_LIMIT_BYTES: usize = 512 << 20;

/// What one guest may use: fuel and linear memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub fuel: u64,
    pub memory_bytes: usize,
}

/// Every command but `audit`.
pub const LIMITS: Limits = Limits {
    fuel: FUEL,
    memory_bytes: MEMORY_LIMIT_BYTES,
};

/// `audit` reads a whole cluster: a dump of 50,000 pods is a few hundred megabytes, which
/// cross into the guest once. Sized from the audit benchmark (BENCHMARKS.md) with room to
/// spare; wasm32 memory cannot exceed 4 GiB.
pub const AUDIT_LIMITS: Limits = Limits {
    fuel: 50 * FUEL,
    memory_bytes: 3 << 30,
};

pub fn config() -> wasmtime::Config {
    let mut config = wasmtime::Config::new();
    config.wasm_component_model(true);
    config.consume_fuel(true);
    config
}
