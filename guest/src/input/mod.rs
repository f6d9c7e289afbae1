//! Inputs as users have them, read once: image references, registry keys (as each consumer
//! reads them), docker configs and the Kubernetes documents that carry them. Every feature
//! reaches a config's entries through `registry_map`, so none of them sees other entries.

pub mod authfile;
pub mod config;
pub mod document;
pub mod entries;
pub mod key;
pub mod kube;
pub mod place;
pub mod reference;
pub mod registry_map;
mod yaml;

pub use yaml::load as load_yaml;
