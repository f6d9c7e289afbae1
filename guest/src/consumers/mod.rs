//! The consumers of pull secrets, each answering "which credential for this image" its own
//! way, all with one answer type: the kubelet's keyring, containers/image (CRI-O, podman,
//! skopeo), the docker CLI, a node (kubelet then CRI-O), and `explain`, which asks them all.

pub mod answer;
pub mod containers;
pub mod docker;
pub mod explain;
mod host_index;
pub mod kubelet;
pub mod lookup;
pub mod node;
