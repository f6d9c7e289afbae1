//! YAML as kubectl and oc print it (`-o yaml`): `sigs.k8s.io/yaml.JSONToYAML`, which reads
//! the JSON back with go-yaml v2 and prints it with go-yaml v2.4.0. Key order (`sort`), which
//! strings YAML 1.1 would read as something else and must be quoted (`resolve`, which the
//! YAML reader also uses to type plain scalars as go-yaml does), and the
//! emitter's styles, indentation and folding (`emit`) are go-yaml's, quirks included.

mod emit;
pub mod resolve;
mod sort;

pub use emit::to_yaml;

#[cfg(test)]
mod kubectl_cases;
