//! The Kubewarden policy on Kubewarden's own runtime: the `.wasm` that tests/build.rs builds,
//! loaded with `wapc` and `wasmtime-provider` with WASI, as policy-server loads policies.

use std::sync::OnceLock;

use serde_json::Value;
use wapc::{WapcHost, WasiParams};
use wasmtime_provider::WasmtimeEngineProviderBuilder;

/// The policy module, built for `wasm32-wasip1` by tests/build.rs.
pub const POLICY_WASM: &str = env!("PULLSECRET_KUBEWARDEN_WASM");

/// One instance of the policy, kept warm across calls as policy-server keeps it.
pub struct Policy {
    host: WapcHost,
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Policy")
            .field("id", &self.host.id())
            .finish()
    }
}

impl Policy {
    /// A new instance of the built policy (its `wapc_init` run), on an engine and module
    /// compiled once per test binary, as policy-server compiles a policy once for its workers.
    pub fn load() -> Policy {
        static COMPILED: OnceLock<(wasmtime::Engine, wasmtime::Module)> = OnceLock::new();
        let (engine, module) = COMPILED.get_or_init(|| {
            let bytes = std::fs::read(POLICY_WASM)
                .unwrap_or_else(|e| panic!("reading the built policy {POLICY_WASM}: {e}"));
            let engine = wasmtime::Engine::default();
            let module =
                wasmtime::Module::new(&engine, &bytes).expect("wasmtime compiles the policy");
            (engine, module)
        });
        let provider = WasmtimeEngineProviderBuilder::new()
            .engine(engine.clone())
            .module(module.clone())
            .wasi_params(WasiParams::default())
            .build()
            .expect("wasmtime-provider instantiates the policy");
        let host =
            WapcHost::new(Box::new(provider), None).expect("the waPC host starts the policy");
        Policy { host }
    }

    /// A waPC call; `Err` is the guest's error (`__guest_error`) or a trap.
    pub fn call(&self, operation: &str, payload: &[u8]) -> Result<Value, String> {
        let bytes = self
            .host
            .call(operation, payload)
            .map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("{operation} answered with something other than JSON: {e}"))
    }

    /// `validate` with a `ValidationRequest` (`{"settings", "request"}`): the
    /// `ValidationResponse`.
    pub fn validate(&self, request: &Value) -> Value {
        self.call("validate", request.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("validate failed: {e}"))
    }

    /// `validate_settings` with the settings alone: `{"valid", "message"}`.
    pub fn validate_settings(&self, settings: &Value) -> Value {
        self.call("validate_settings", settings.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("validate_settings failed: {e}"))
    }
}
