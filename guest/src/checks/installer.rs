//! The pull-secret checks of the OpenShift installer (rule I1) and of the assisted installer
//! (I2, I3), with their messages verbatim, so a user sees here exactly what the installer
//! would say, without running an install.

use crate::diagnostic::{Code, Diagnostic};
use crate::go::base64::{self, Padding};
use crate::go::format;
use crate::go::json::{self, Kind, Member, Value};
use crate::input::place::Place;
use crate::input::reference;
use crate::input::registry_map::{Format, Holder, Misfit, RegistryMap};

/// The assisted installer's inputs besides the pull secret (`ValidatePullSecret`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assisted {
    /// RH-SSO authentication mode (the hosted service): `cloud.openshift.com` is required.
    pub rhsso: bool,
    /// Registries pulled from without credentials (`PUBLIC_CONTAINER_REGISTRIES`).
    pub public_registries: Vec<String>,
    /// The images the service pulls: the release image and its own.
    pub images: Vec<String>,
}

/// The `auths` map as Go unmarshals `{Auths map[string]map[string]interface{} json:"auths"}`
/// (the one registry-map walk, read as the installers' structs read it): the entries Go ends
/// up with, or the JSON type that did not fit, where it sits and the Go type it missed.
fn auths(root: &Value) -> Result<Vec<&Member>, (&'static str, &'static str, &Value)> {
    const STRUCT: &str = "of type map[string]map[string]interface {}";
    const ENTRY: &str = "of type map[string]interface {}";
    let map = RegistryMap::walk(root, Format::DockerConfigJson);
    if let Some(w) = map
        .written
        .iter()
        .find(|w| !matches!(w.value().kind, Kind::Object(_) | Kind::Null))
    {
        return Err(("imagePullSecret.auths", ENTRY, w.value()));
    }
    match map.misfit {
        Some(Misfit {
            value,
            holder: Holder::Root,
        }) => Err(("", "", value)),
        Some(Misfit { value, .. }) => Err(("imagePullSecret.auths", STRUCT, value)),
        None => Ok(map.live().map(|w| w.member).collect()),
    }
}

fn has_member(entry: &Value, name: &str) -> bool {
    matches!(&entry.kind, Kind::Object(members) if members.iter().any(|m| m.name == name))
}

/// `pkg/validate/validate.go` `ImagePullSecret`: the JSON must unmarshal, `auths` must not be
/// empty, and every entry needs an `auth` or `credsStore` member (presence only). The installer
/// reports these as `pullSecret: Invalid value: ...`; its order for several entries is random,
/// ours is file order.
pub fn openshift(place: Place<'_>) -> Vec<Diagnostic> {
    let root = match json::parse(place.bytes) {
        Ok(root) => root,
        Err(e) => {
            return vec![
                Diagnostic::new(Code::InstallerInvalidJson, e.message).at(place.locate(e.offset)),
            ];
        }
    };
    let entries = match auths(&root) {
        Ok(entries) => entries,
        Err((field, of_type, value)) => {
            let t = value.kind.type_name();
            let message = if field.is_empty() {
                format!("json: cannot unmarshal {t} into Go value of type validate.imagePullSecret")
            } else {
                format!("json: cannot unmarshal {t} into Go struct field {field} {of_type}")
            };
            return vec![
                Diagnostic::new(Code::InstallerInvalidJson, message).at(place.locate(value.offset)),
            ];
        }
    };
    if entries.is_empty() {
        return vec![
            Diagnostic::new(Code::InstallerAuthsRequired, "auths required")
                .at(place.locate(root.offset)),
        ];
    }
    entries
        .into_iter()
        .filter(|m| !has_member(&m.value, "auth") && !has_member(&m.value, "credsStore"))
        .map(|m| {
            Diagnostic::new(
                Code::InstallerAuthOrCredsStore,
                format!(
                    "{} requires either auth or credsStore",
                    format::quote(&m.name)
                ),
            )
            .key(&m.name)
            .at(place.locate(m.offset))
        })
        .collect()
}

/// The registry of an image reference, and the names its path walks up through
/// (`quay.io/a/b` → `quay.io/a` → `quay.io`).
fn walk_up(image: &str) -> (String, Vec<String>) {
    let name = image.split('@').next().unwrap_or(image);
    let name = match name.rfind(':') {
        Some(i) if !name[i..].contains('/') => &name[..i],
        _ => name,
    };
    let registry = name.split('/').next().unwrap_or(name).to_owned();
    (registry, reference::parents(name))
}

/// `internal/cluster/validations/pull_secret_validation.go`: `ParsePullSecret` (input trimmed,
/// well-formed JSON, non-empty `auths`), `parseAuthConfig` (a string `auth` in StdEncoding that
/// decodes to `user:password`; missing or empty is fine) and `ValidatePullSecret` (registries
/// the cluster pulls from need an entry).
pub fn assisted(place: Place<'_>, params: &Assisted) -> Vec<Diagnostic> {
    let start = place.bytes.len() - place.bytes.trim_ascii_start().len();
    let trimmed = place.bytes.trim_ascii();
    let parsed = json::parse(trimmed).ok();
    let Some(entries) = parsed.as_ref().and_then(|root| auths(root).ok()) else {
        return vec![
            Diagnostic::new(
                Code::AssistedInvalidJson,
                "pull secret must be a well-formed JSON",
            )
            .at(place.locate(start)),
        ];
    };
    if entries.is_empty() {
        return vec![
            Diagnostic::new(
                Code::AssistedAuthsRequired,
                "pull secret must contain 'auths' JSON-object field",
            )
            .at(place.locate(start)),
        ];
    }
    let mut findings = Vec::new();
    for m in &entries {
        let Some(auth) = m.value.get("auth") else {
            continue;
        };
        let key = format::quote(&m.name);
        let at = place.locate(start + auth.offset);
        let failure = match &auth.kind {
            Kind::String(s) if s.is_empty() => None,
            Kind::String(s) => match base64::decode(s.as_bytes(), Padding::Required) {
                Err(_) => Some((
                    Code::AssistedAuthNotBase64,
                    format!("invalid pull secret: 'auth' field of {key} is not base64-encoded"),
                )),
                Ok(bytes) if !bytes.contains(&b':') => Some((
                    Code::AssistedAuthFormat,
                    format!(
                        "invalid pull secret: 'auth' for {} is not in 'user:password' format",
                        m.name
                    ),
                )),
                Ok(_) => None,
            },
            _ => Some((
                Code::AssistedAuthNotString,
                format!(
                    "invalid pull secret: 'auth' field of {key} is {} but should be a string",
                    format::value(auth)
                ),
            )),
        };
        if let Some((code, message)) = failure {
            findings.push(Diagnostic::new(code, message).key(&m.name).at(at));
        }
    }
    let has = |key: &str| entries.iter().any(|m| m.name == key);
    let mut required = Vec::new();
    if params.rhsso && !has("cloud.openshift.com") {
        required.push("cloud.openshift.com".to_owned());
    }
    for image in &params.images {
        let (registry, names) = walk_up(image);
        let public = params.public_registries.contains(&registry);
        let satisfied = registry == "registry.stage.redhat.io"
            || names.iter().any(|n| has(n))
            || (registry == "docker.io" && has("https://index.docker.io/v1/"));
        if !public && !satisfied {
            required.push(image.clone());
        }
    }
    findings.extend(required.into_iter().map(|name| {
        Diagnostic::new(
            Code::AssistedRegistryRequired,
            format!("pull secret must contain auth for {}", format::quote(&name)),
        )
    }));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(bytes: &[u8]) -> Place<'_> {
        Place::file(bytes)
    }

    #[test]
    fn image_names_walk_up_to_the_registry() {
        let (registry, names) = walk_up("quay.io/a/b:1@sha256:00");
        assert_eq!(registry, "quay.io");
        assert_eq!(names, ["quay.io/a/b", "quay.io/a", "quay.io"]);
        assert_eq!(
            walk_up("localhost:5000/x").1,
            ["localhost:5000/x", "localhost:5000"]
        );
    }

    #[test]
    fn installer_checks_presence_only() {
        let ok = br#"{"auths":{"a":{"auth":""},"b":{"credsStore":"x"},"c":{"auth":null}}}"#;
        assert!(openshift(place(ok)).is_empty());
        let bad = br#"{"auths":{"a":{"Auth":"dTpw"}}}"#;
        assert_eq!(
            openshift(place(bad))[0].code,
            Code::InstallerAuthOrCredsStore
        );
    }

    #[test]
    fn assisted_reports_every_entry_and_required_image() {
        let params = Assisted {
            rhsso: true,
            public_registries: vec!["quay.io".into()],
            images: vec![
                "quay.io/x/y:1".into(),
                "registry.redhat.io/ubi9/ubi:9".into(),
            ],
        };
        let input = br#"{"auths":{"a":{"auth":5},"b":{"auth":"dQ"},"c":{"auth":"dTpw"}}}"#;
        let found: Vec<String> = assisted(place(input), &params)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            found,
            [
                "invalid pull secret: 'auth' field of \"a\" is 5 but should be a string",
                "invalid pull secret: 'auth' field of \"b\" is not base64-encoded",
                "pull secret must contain auth for \"cloud.openshift.com\"",
                "pull secret must contain auth for \"registry.redhat.io/ubi9/ubi:9\"",
            ]
        );
    }
}
