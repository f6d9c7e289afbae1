//! `kubectl create secret docker-registry` and `generic`, byte for byte (rules E1–E6), with
//! warnings where the kubelet will read the Secret otherwise than its author meant.

use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::go::json::{self, Kind, Style, Value, object, string};
use crate::go::sort;
use crate::go::{base64, case};
use crate::input::key::parse_key;

use super::Shape;
use super::sources::{self, Command, Sources};

/// kubectl's default `--docker-server` (`create_secret_docker.go`).
pub const DEFAULT_DOCKER_SERVER: &str = "https://index.docker.io/v1/";

/// `kubectl create secret docker-registry` (rules E1–E6).
#[derive(Debug, Clone)]
pub struct DockerRegistrySecret<'a> {
    pub name: &'a str,
    pub namespace: Option<&'a str>,
    /// `None` when the flag is absent (kubectl's default applies); `Some("")` is an error.
    pub server: Option<&'a str>,
    pub username: &'a str,
    pub password: &'a str,
    pub email: &'a str,
    /// `--from-file` sources; they replace the generated payload.
    pub sources: Sources<'a>,
    pub append_hash: bool,
    pub shape: Shape,
}

/// The Secret skeleton kubectl prints (E5): kind, apiVersion, metadata (name, namespace,
/// creationTimestamp: null), data unless it is empty (keys sorted: a Go map), and `type` unless it is empty
/// (`omitempty`: without `--type`, `generic` leaves it to the API server's `Opaque`).
fn secret_manifest(
    name: &str,
    namespace: Option<&str>,
    data: &[(String, Vec<u8>)],
    secret_type: &str,
    append_hash: bool,
    shape: Shape,
) -> Value {
    let mut data: Vec<(String, String)> = data
        .iter()
        .map(|(k, v)| (k.clone(), base64::encode(v)))
        .collect();
    sort::stable(&mut data, |a, b| a < b);
    data.dedup_by(|a, b| a.0 == b.0);
    let name = if append_hash {
        format!("{name}-{}", secret_hash(name, &data, secret_type))
    } else {
        name.to_owned()
    };
    let mut metadata = vec![("name", string(&name))];
    if let Some(ns) = namespace {
        metadata.push(("namespace", string(ns)));
    }
    shape.stamp(&mut metadata);
    let mut members = vec![
        ("kind", string("Secret")),
        ("apiVersion", string("v1")),
        ("metadata", object(metadata)),
    ];
    // `omitempty`: a Secret without sources has no `data`.
    if !data.is_empty() {
        let data = data.iter().map(|(k, v)| (k.as_str(), string(v))).collect();
        members.push(("data", object(data)));
    }
    if !secret_type.is_empty() {
        members.push(("type", string(secret_type)));
    }
    object(members)
}

/// kubectl `hash.SecretHash` (E6): sha256 of `json.Marshal` of the map
/// `{"data", "kind", "name", "type"}` (the type as set, empty without `--type`), first 10
/// hex digits with 0/1/3/a/e made letters.
fn secret_hash(name: &str, data: &[(String, String)], secret_type: &str) -> String {
    let data = data.iter().map(|(k, v)| (k.as_str(), string(v))).collect();
    let hashed = object(vec![
        ("data", object(data)),
        ("kind", string("Secret")),
        ("name", string(name)),
        ("type", string(secret_type)),
    ]);
    let digest = Sha256::digest(json::write(&hashed, Style::COMPACT).as_bytes());
    digest
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(10)
        .map(|n| match n {
            0 => 'g',
            1 => 'h',
            3 => 'k',
            0xa => 'm',
            0xe => 't',
            n => char::from_digit(u32::from(n), 16).unwrap_or('?'),
        })
        .collect()
}

/// The Secret kubectl would create, and warnings where the kubelet will read it otherwise
/// than meant.
pub fn docker_registry_secret(
    request: &DockerRegistrySecret<'_>,
) -> Result<(Value, Vec<Diagnostic>), Error> {
    let mut warnings = Vec::new();
    let data = sources::data(&request.sources, Command::DockerRegistry)?;
    let data = if data.is_empty() {
        let server = request.server.unwrap_or(DEFAULT_DOCKER_SERVER);
        if request.username.is_empty() || request.password.is_empty() || server.is_empty() {
            return Err(Diagnostic::new(
                Code::MissingCredentials,
                "either --from-file or the combination of --docker-username, --docker-password and --docker-server is required",
            )
            .into());
        }
        // E1, E2: `json.Marshal` of the entry, each field `omitempty`.
        let auth = base64::encode(format!("{}:{}", request.username, request.password).as_bytes());
        let fields = [
            ("username", request.username),
            ("password", request.password),
            ("email", request.email),
            ("auth", auth.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (name, string(value)))
        .collect();
        let payload = object(vec![("auths", object(vec![(server, object(fields))]))]);
        let payload = json::write(&payload, Style::COMPACT);
        if request.username.contains(':') {
            warnings.push(Diagnostic::new(
                Code::ColonInUsername,
                "the user name contains ':': the kubelet splits auth at the first colon, so it will send a different user and password",
            ));
        }
        let parsed = parse_key(server);
        let versioned = server.contains("/v1/") || server.contains("/v2/");
        if server != DEFAULT_DOCKER_SERVER && (case::changes_when_lowercased(server) || versioned) {
            warnings.push(Diagnostic::new(
                Code::ServerKeyNotNormalized,
                format!(
                    "the server key {server:?} is used verbatim; the kubelet matches hosts case-sensitively and reads it as {:?}",
                    parsed.normalized.unwrap_or_default()
                ),
            ));
        }
        vec![(".dockerconfigjson".to_owned(), payload.into_bytes())]
    } else {
        data
    };
    for (key, bytes) in &data {
        if key == ".dockerconfigjson" {
            warn_if_legacy(bytes, &mut warnings);
        }
    }
    warn_if_rejected("kubernetes.io/dockerconfigjson", &data, &mut warnings);
    Ok((
        secret_manifest(
            request.name,
            request.namespace,
            &data,
            "kubernetes.io/dockerconfigjson",
            request.append_hash,
            request.shape,
        ),
        warnings,
    ))
}

/// What `ValidateSecret` checks for the pull-secret types, with the API server's wording.
pub fn api_server_check(secret_type: &str, key: &str, value: &[u8]) -> Result<(), Diagnostic> {
    let wanted = match secret_type {
        "kubernetes.io/dockerconfigjson" => ".dockerconfigjson",
        "kubernetes.io/dockercfg" => ".dockercfg",
        _ => return Ok(()),
    };
    let invalid = |why: String| {
        Diagnostic::new(
            Code::InvalidSecretData,
            format!("data[{wanted}]: Invalid value: \"<secret contents redacted>\": {why}"),
        )
    };
    if key != wanted {
        return Err(Diagnostic::new(
            Code::InvalidSecretData,
            format!(
                "data[{wanted}]: Required value: a {secret_type} secret needs the key {wanted}, not {key}"
            ),
        ));
    }
    match json::parse(value) {
        Ok(v) if matches!(v.kind, Kind::Object(_)) => Ok(()),
        Ok(v) => Err(invalid(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            v.kind.type_name()
        ))),
        Err(e) => Err(invalid(e.message)),
    }
}

/// What the API server will say about the data of a pull-secret type, as warnings: kubectl
/// prints the Secret all the same (`--dry-run=client` validates nothing), and `set data`
/// refuses the same bytes.
fn warn_if_rejected(secret_type: &str, data: &[(String, Vec<u8>)], warnings: &mut Vec<Diagnostic>) {
    let wanted = match secret_type {
        "kubernetes.io/dockerconfigjson" => ".dockerconfigjson",
        "kubernetes.io/dockercfg" => ".dockercfg",
        _ => return,
    };
    let found = data.iter().find(|(k, _)| k == wanted);
    let (key, value) = found
        .or_else(|| data.first())
        .map_or((wanted, &[][..]), |(k, v)| (k.as_str(), v.as_slice()));
    if let Err(d) = api_server_check(secret_type, key, value) {
        warnings.push(d.severity(crate::diagnostic::Severity::Warning));
    }
}

/// A legacy `.dockercfg` payload given as `.dockerconfigjson` parses to nothing (rule S2).
fn warn_if_legacy(bytes: &[u8], warnings: &mut Vec<Diagnostic>) {
    if let Ok(root) = json::parse(bytes)
        && let Kind::Object(members) = &root.kind
        && !members.is_empty()
        && root.members_named("auths").next().is_none()
    {
        warnings.push(Diagnostic::new(
            Code::LegacyFormatAsDockerconfigjson,
            "the .dockerconfigjson value has no \"auths\" member (legacy .dockercfg format?): the kubelet reads it as zero credentials",
        ));
    }
}

/// `kubectl create secret generic NAME [--from-file=[KEY=]PATH]... [--from-literal=K=V]...
/// [--from-env-file=PATH] [--type=T]`: `type` is what `--type` says, and absent without it.
pub fn generic_secret(
    name: &str,
    namespace: Option<&str>,
    secret_type: Option<&str>,
    sources: &Sources<'_>,
    append_hash: bool,
    shape: Shape,
) -> Result<(Value, Vec<Diagnostic>), Error> {
    let secret_type = secret_type.unwrap_or_default();
    let data = sources::data(sources, Command::Generic)?;
    let mut warnings = Vec::new();
    if secret_type == "kubernetes.io/dockerconfigjson" {
        for (_, bytes) in data.iter().filter(|(k, _)| k == ".dockerconfigjson") {
            warn_if_legacy(bytes, &mut warnings);
        }
    }
    warn_if_rejected(secret_type, &data, &mut warnings);
    Ok((
        secret_manifest(name, namespace, &data, secret_type, append_hash, shape),
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifests::sources::Found;

    fn with_file<T>(
        from_file: &str,
        path: &str,
        bytes: &[u8],
        then: impl FnOnce(Sources<'_>) -> T,
    ) -> T {
        let from_file = [from_file.to_owned()];
        let found = [(path.to_owned(), Found::File(bytes.to_vec()))];
        then(Sources {
            from_file: &from_file,
            found: &found,
            ..Sources::default()
        })
    }

    fn name(secret: &Value) -> Option<&str> {
        secret
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
    }

    #[test]
    fn generic_without_type_prints_none_and_hashes_the_empty_type() {
        let (secret, _) = with_file("f.txt", "f.txt", b"hello", |sources| {
            generic_secret("x", None, None, &sources, true, Shape::Current)
        })
        .unwrap();
        assert!(secret.get("type").is_none());
        // `kubectl create secret generic x --from-file=f.txt --append-hash`, f.txt = "hello".
        assert_eq!(name(&secret), Some("x-mcc4k28gdt"));
    }

    #[test]
    fn keys_default_as_kubectl_defaults_them() {
        let (secret, _) = with_file("dir/config.json", "dir/config.json", b"{}", |sources| {
            let request = DockerRegistrySecret {
                name: "r",
                namespace: None,
                server: None,
                username: "",
                password: "",
                email: "",
                sources,
                append_hash: false,
                shape: Shape::Current,
            };
            docker_registry_secret(&request)
        })
        .unwrap();
        assert!(
            secret
                .get("data")
                .unwrap()
                .get(".dockerconfigjson")
                .is_some()
        );
        let (secret, _) = with_file("dir/config.json", "dir/config.json", b"{}", |sources| {
            generic_secret("g", None, None, &sources, false, Shape::Current)
        })
        .unwrap();
        assert!(secret.get("data").unwrap().get("config.json").is_some());
    }
}
