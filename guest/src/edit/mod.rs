//! Editing pull secrets without losing anything: one entry added or replaced (`login`),
//! whole files merged (`merge`) and compared (`diff`), and the node file OpenShift derives
//! from the global pull secret (`node_config`).

mod entries;

pub mod diff;
pub mod login;
pub mod merge;
pub mod node_config;
