//! `node-config`: the node's `/var/lib/kubelet/config.json`, as OpenShift renders it from the
//! global pull secret.

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::go::json;
use crate::input::config::DockerConfig;

/// What the Machine Config Operator writes to `/var/lib/kubelet/config.json` from the global
/// pull secret (rule O6): `json.Compact` of the payload plus a newline, key order and every
/// entry field kept.
pub fn node_config(config: &DockerConfig) -> Result<Vec<u8>, Error> {
    if let Some(secret) = &config.secret
        && secret.secret_type != "kubernetes.io/dockerconfigjson"
    {
        let message = format!(
            "expected secret type kubernetes.io/dockerconfigjson found {}",
            secret.secret_type
        );
        return Err(Diagnostic::new(Code::WrongSecretType, message)
            .at_source(&config.source)
            .into());
    }
    let mut out = json::compact(config.payload(), false);
    out.push('\n');
    Ok(out.into_bytes())
}
