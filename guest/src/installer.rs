//! The pull-secret checks of the OpenShift installer and of the assisted installer
//! (`specs/openshift.md` §f), with their messages verbatim, so a user sees here exactly what
//! the installer would say, without running an install.

use crate::base64::{self, Padding};
use crate::diagnostic::{Code, Diagnostic};
use crate::dockercfg::Place;
use crate::json::{self, Kind, Member, Value};
use crate::reference;

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

/// Go's `%q` for the registry keys the messages quote (`strconv.Quote`, printable runes kept).
fn go_quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `auths` map as Go unmarshals `{Auths map[string]map[string]interface{} json:"auths"}`:
/// the field name matches in any case, `null` resets it, a repeated key keeps the last value.
/// `Err` carries the JSON type that did not fit and where.
fn auths(root: &Value) -> Result<Vec<&Member>, (&'static str, &'static str, &Value)> {
    const STRUCT: &str = "of type map[string]map[string]interface {}";
    const ENTRY: &str = "of type map[string]interface {}";
    match root.kind {
        Kind::Null | Kind::Object(_) => {}
        _ => return Err(("", "", root)),
    }
    let mut entries: Vec<&Member> = Vec::new();
    for member in root.members_named("auths") {
        match &member.value.kind {
            Kind::Null => entries.clear(),
            Kind::Object(members) => {
                for m in members {
                    if !matches!(m.value.kind, Kind::Object(_) | Kind::Null) {
                        return Err(("imagePullSecret.auths", ENTRY, &m.value));
                    }
                    entries.retain(|e| e.name != m.name);
                    entries.push(m);
                }
            }
            _ => return Err(("imagePullSecret.auths", STRUCT, &member.value)),
        }
    }
    Ok(entries)
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
                Diagnostic::error(Code::InstallerInvalidJson, e.message).at(place.locate(e.offset)),
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
                Diagnostic::error(Code::InstallerInvalidJson, message)
                    .at(place.locate(value.offset)),
            ];
        }
    };
    if entries.is_empty() {
        return vec![
            Diagnostic::error(Code::InstallerAuthsRequired, "auths required")
                .at(place.locate(root.offset)),
        ];
    }
    entries
        .into_iter()
        .filter(|m| !has_member(&m.value, "auth") && !has_member(&m.value, "credsStore"))
        .map(|m| {
            Diagnostic::error(
                Code::InstallerAuthOrCredsStore,
                format!("{} requires either auth or credsStore", go_quote(&m.name)),
            )
            .key(&m.name)
            .at(place.locate(m.offset))
        })
        .collect()
}

/// Go's `%v` of a JSON value unmarshalled into `interface{}`, for the one message that shows a
/// value: it is never a string there, so never a secret.
fn go_value(value: &Value) -> String {
    match &value.kind {
        Kind::Null => "<nil>".to_owned(),
        Kind::Bool(b) => b.to_string(),
        Kind::Number(n) => go_float(n),
        Kind::String(_) => String::new(),
        Kind::Array(items) => {
            let items: Vec<String> = items.iter().map(go_value).collect();
            format!("[{}]", items.join(" "))
        }
        Kind::Object(members) => {
            let mut pairs: Vec<String> = members
                .iter()
                .map(|m| format!("{}:{}", m.name, go_value(&m.value)))
                .collect();
            pairs.sort();
            format!("map[{}]", pairs.join(" "))
        }
    }
}

/// Go's `%v` of a float64 (JSON numbers in an `interface{}`): the shortest representation,
/// in exponent form (`1e+21`, `1e-05`) outside [1e-4, 1e21).
fn go_float(written: &str) -> String {
    let Ok(x) = written.parse::<f64>() else {
        return written.to_owned();
    };
    let magnitude = x.abs();
    if x == 0.0 || (1e-4..1e21).contains(&magnitude) {
        return format!("{x}");
    }
    let text = format!("{x:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
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
            Diagnostic::error(
                Code::AssistedInvalidJson,
                "pull secret must be a well-formed JSON",
            )
            .at(place.locate(start)),
        ];
    };
    if entries.is_empty() {
        return vec![
            Diagnostic::error(
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
        let key = go_quote(&m.name);
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
                    go_value(auth)
                ),
            )),
        };
        if let Some((code, message)) = failure {
            findings.push(Diagnostic::error(code, message).key(&m.name).at(at));
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
        Diagnostic::error(
            Code::AssistedRegistryRequired,
            format!("pull secret must contain auth for {}", go_quote(&name)),
        )
    }));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(bytes: &[u8]) -> Place<'_> {
        Place { bytes, prefix: "" }
    }

    #[test]
    fn floats_print_as_go_prints_them() {
        for (written, go) in [
            ("5", "5"),
            ("1.0", "1"),
            ("-0.5", "-0.5"),
            ("1e21", "1e+21"),
            ("0.00001", "1e-05"),
            ("123456789", "123456789"),
        ] {
            assert_eq!(go_float(written), go);
        }
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
