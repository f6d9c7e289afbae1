//! Policy files (`docs/policies.md`): what a pull secret must hold for a given use, read from
//! JSON or YAML and checked up front, every problem reported at once, so a policy is never
//! half applied.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::go::glob;
use crate::go::json::{Kind, Value};
use crate::input::{document, key};

use super::installer::Assisted;

pub const API_VERSION: &str = "pullsecret/v1";
pub const KIND: &str = "PullSecretPolicy";

/// The policies shipped in `policies/`, by name.
const BUILTIN: &[(&str, &str)] = &[
    (
        "openshift-installer",
        include_str!("../../../policies/openshift-installer.yaml"),
    ),
    (
        "assisted-installer",
        include_str!("../../../policies/assisted-installer.yaml"),
    ),
    (
        "openshift-global-pull-secret",
        include_str!("../../../policies/openshift-global-pull-secret.yaml"),
    ),
    ("strict", include_str!("../../../policies/strict.yaml")),
];

/// Which installer's own checks a policy runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installer {
    OpenShift,
    Assisted(Assisted),
}

/// A registry that must have usable credentials, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    pub registry: String,
    pub reason: String,
}

/// A checked policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    pub name: String,
    pub description: String,
    pub installer: Option<Installer>,
    /// Severity per pitfall code; `None` turns the code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
    pub required: Vec<Required>,
    pub mirrors: Vec<String>,
    pub allowed: Vec<String>,
    pub forbidden: Vec<String>,
    pub forbid_plaintext: bool,
    pub forbid_http: bool,
}

/// Names of the shipped policies.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// A shipped policy by name.
pub fn builtin(name: &str) -> Option<Policy> {
    let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
    // Shipped policies are checked by a unit test; a broken one is a build defect.
    parse(name, text.as_bytes()).ok()
}

/// Collects every problem of a policy document, each at a JSON path.
struct Reader<'a> {
    source: &'a str,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn invalid(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(
            Diagnostic::new(Code::PolicyInvalid, message)
                .at(path.to_owned())
                .at_source(self.source),
        );
    }

    fn contradiction(&mut self, path: &str, message: String) {
        self.problems.push(
            Diagnostic::new(Code::PolicyContradiction, message)
                .at(path.to_owned())
                .at_source(self.source),
        );
    }

    fn string(&mut self, path: &str, value: &Value) -> Option<String> {
        match &value.kind {
            Kind::String(s) if !s.is_empty() => Some(s.clone()),
            Kind::String(_) => {
                self.invalid(path, "must not be empty");
                None
            }
            other => {
                self.invalid(path, format!("must be a string, not {}", other.type_name()));
                None
            }
        }
    }

    fn bool(&mut self, path: &str, value: &Value) -> bool {
        match value.kind {
            Kind::Bool(b) => b,
            ref other => {
                self.invalid(
                    path,
                    format!("must be true or false, not {}", other.type_name()),
                );
                false
            }
        }
    }

    fn strings(&mut self, path: &str, value: &Value) -> Vec<String> {
        let Kind::Array(items) = &value.kind else {
            self.invalid(path, "must be a list of strings");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.string(&format!("{path}[{i}]"), item))
            .collect()
    }

    /// A registry name: a host, an optional port and path, no scheme, no glob.
    fn registry(&mut self, path: &str, name: &str) -> bool {
        let ok = key::is_registry_name(name);
        if !ok {
            self.invalid(
                path,
                format!("{name:?} is not a registry name (host[:port][/path], no scheme or glob)"),
            );
        }
        ok
    }

    /// A pattern with the kubelet's glob rules (K4): each host label a `filepath.Match` glob.
    fn pattern(&mut self, path: &str, pattern: &str) -> bool {
        let parsed = key::parse_key(pattern);
        let labels_ok = parsed
            .host
            .split('.')
            .all(|label| glob::matches(label, "").is_some());
        let ok = parsed.normalized.is_ok()
            && !parsed.host.is_empty()
            && !pattern.contains(['?', '#'])
            && labels_ok;
        if !ok {
            self.invalid(
                path,
                format!("{pattern:?} is not a registry pattern (host labels may be globs such as *.example.com; no `?`)"),
            );
        }
        ok
    }

    fn required(&mut self, path: &str, value: &Value) -> Vec<Required> {
        let Kind::Array(items) = &value.kind else {
            self.invalid(path, "must be a list");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path}[{i}]");
            let (registry, reason) = match &item.kind {
                Kind::String(_) => (self.string(&path, item), String::new()),
                Kind::Object(members) => {
                    let mut registry = None;
                    let mut reason = String::new();
                    for m in members {
                        let field = format!("{path}.{}", m.name);
                        match m.name.as_str() {
                            "registry" => registry = self.string(&field, &m.value),
                            "reason" => reason = self.string(&field, &m.value).unwrap_or_default(),
                            other => self.invalid(&field, format!("unknown field {other:?}")),
                        }
                    }
                    if registry.is_none() && !members.iter().any(|m| m.name == "registry") {
                        self.invalid(&path, "needs a \"registry\"");
                    }
                    (registry, reason)
                }
                other => {
                    self.invalid(
                        &path,
                        format!(
                            "must be a registry name or {{registry, reason}}, not {}",
                            other.type_name()
                        ),
                    );
                    (None, String::new())
                }
            };
            if let Some(registry) = registry
                && self.registry(&path, &registry)
            {
                out.push(Required { registry, reason });
            }
        }
        out
    }

    fn severities(&mut self, path: &str, value: &Value) -> BTreeMap<Code, Option<Severity>> {
        let mut out: BTreeMap<Code, Option<Severity>> = BTreeMap::new();
        let Kind::Object(members) = &value.kind else {
            self.invalid(path, "must be a map of code to error, warning, info or off");
            return out;
        };
        for m in members {
            let field = format!("{path}.{}", m.name);
            let Some(code) = Code::ALL
                .iter()
                .find(|c| c.adjustable() && c.as_str() == m.name)
            else {
                let known = Code::ALL.iter().any(|c| c.as_str() == m.name);
                let why = if known {
                    "cannot be re-graded: it means a consumer rejects the input, or belongs to a policy check"
                } else {
                    "is not a diagnostic code (docs/diagnostics.md lists them)"
                };
                self.invalid(&field, format!("{:?} {why}", m.name));
                continue;
            };
            // YAML 1.1 (go-yaml, and so our reader) reads a plain `off` as false.
            let severity = match (&m.value.kind, m.value.as_str()) {
                (_, Some("error")) => Some(Severity::Error),
                (_, Some("warning")) => Some(Severity::Warning),
                (_, Some("info")) => Some(Severity::Info),
                (Kind::Bool(false), _) | (_, Some("off")) => None,
                _ => {
                    self.invalid(&field, "must be error, warning, info or off");
                    continue;
                }
            };
            if let Some(previous) = out.insert(*code, severity)
                && previous != severity
            {
                self.contradiction(&field, format!("{:?} is given two severities", m.name));
            }
        }
        out
    }

    fn assisted(&mut self, path: &str, value: &Value) -> Assisted {
        let mut assisted = Assisted {
            rhsso: false,
            public_registries: vec!["quay.io".to_owned(), "registry.ci.openshift.org".to_owned()],
            images: Vec::new(),
        };
        let Kind::Object(members) = &value.kind else {
            self.invalid(path, "must be a map");
            return assisted;
        };
        for m in members {
            let field = format!("{path}.{}", m.name);
            match m.name.as_str() {
                "authType" => match m.value.as_str() {
                    Some("rhsso") => assisted.rhsso = true,
                    Some("none") => assisted.rhsso = false,
                    _ => self.invalid(&field, "must be rhsso or none"),
                },
                "publicRegistries" => assisted.public_registries = self.strings(&field, &m.value),
                "images" => assisted.images = self.strings(&field, &m.value),
                other => self.invalid(&field, format!("unknown field {other:?}")),
            }
        }
        assisted
    }

    fn policy(&mut self, root: &Value) -> Policy {
        let mut policy = Policy::default();
        let Kind::Object(members) = &root.kind else {
            self.invalid("$", format!("must be a map, not {}", root.kind.type_name()));
            return policy;
        };
        let mut installer = None;
        let mut assisted = None;
        for m in members {
            let path = format!("$.{}", m.name);
            let v = &m.value;
            match m.name.as_str() {
                "apiVersion" => {
                    if v.as_str() != Some(API_VERSION) {
                        self.invalid(&path, format!("must be {API_VERSION}"));
                    }
                }
                "kind" => {
                    if v.as_str() != Some(KIND) {
                        self.invalid(&path, format!("must be {KIND}"));
                    }
                }
                "name" => policy.name = self.string(&path, v).unwrap_or_default(),
                "description" => policy.description = self.string(&path, v).unwrap_or_default(),
                "installer" => match v.as_str() {
                    Some("openshift") => installer = Some(false),
                    Some("assisted") => installer = Some(true),
                    _ => self.invalid(&path, "must be openshift or assisted"),
                },
                "assisted" => assisted = Some((path.clone(), self.assisted(&path, v))),
                "severity" => policy.severity = self.severities(&path, v),
                "required" => policy.required = self.required(&path, v),
                "mirrors" => {
                    let mirrors = self.strings(&path, v);
                    for (i, mirror) in mirrors.iter().enumerate() {
                        self.registry(&format!("{path}[{i}]"), mirror);
                    }
                    policy.mirrors = mirrors;
                }
                "allowed" | "forbidden" => {
                    let patterns = self.strings(&path, v);
                    for (i, pattern) in patterns.iter().enumerate() {
                        self.pattern(&format!("{path}[{i}]"), pattern);
                    }
                    if m.name == "allowed" {
                        policy.allowed = patterns;
                    } else {
                        policy.forbidden = patterns;
                    }
                }
                "forbidPlaintext" => policy.forbid_plaintext = self.bool(&path, v),
                "forbidHttp" => policy.forbid_http = self.bool(&path, v),
                other => self.invalid(&path, format!("unknown field {other:?}")),
            }
        }
        for (field, value) in [("apiVersion", API_VERSION), ("kind", KIND), ("name", "")] {
            if root.get(field).is_none() {
                let example = if value.is_empty() {
                    String::new()
                } else {
                    format!(": {value}")
                };
                self.invalid("$", format!("needs {field:?}{example}"));
            }
        }
        policy.installer = match (installer, assisted) {
            (Some(true), assisted) => Some(Installer::Assisted(
                assisted.map(|(_, a)| a).unwrap_or_else(|| {
                    self.assisted("$.assisted", &crate::go::json::object(Vec::new()))
                }),
            )),
            (Some(false), Some((path, _))) | (None, Some((path, _))) => {
                self.contradiction(
                    &path,
                    "\"assisted\" settings need installer: assisted".to_owned(),
                );
                installer.map(|_| Installer::OpenShift)
            }
            (Some(false), None) => Some(Installer::OpenShift),
            (None, None) => None,
        };
        self.contradictions(&policy);
        policy
    }

    /// Settings that cannot all hold: a registry both required and forbidden, or required but
    /// outside the allowed patterns, or a pattern both allowed and forbidden.
    fn contradictions(&mut self, policy: &Policy) {
        let must_have = policy
            .required
            .iter()
            .map(|r| ("$.required", &r.registry))
            .chain(policy.mirrors.iter().map(|m| ("$.mirrors", m)));
        for (path, registry) in must_have {
            if let Some(p) = policy
                .forbidden
                .iter()
                .find(|p| key::urls_match(p, registry))
            {
                self.contradiction(
                    path,
                    format!("{registry} is required but forbidden by {p:?}"),
                );
            }
            if !policy.allowed.is_empty()
                && !policy.allowed.iter().any(|p| key::urls_match(p, registry))
            {
                self.contradiction(
                    path,
                    format!("{registry} is required but no allowed pattern matches it"),
                );
            }
        }
        for p in &policy.allowed {
            if policy.forbidden.contains(p) {
                self.contradiction("$.allowed", format!("{p:?} is both allowed and forbidden"));
            }
        }
    }
}

/// Reads and checks a policy document (JSON or YAML, one object).
pub fn parse(source: &str, bytes: &[u8]) -> Result<Policy, Vec<Diagnostic>> {
    let mut reader = Reader {
        source,
        problems: Vec::new(),
    };
    let objects = document::load_objects(document::Input { source, bytes }).map_err(
        |crate::diagnostic::Error::InvalidInput(d)| {
            vec![Diagnostic {
                code: Code::PolicyInvalid,
                ..d.at_source(source)
            }]
        },
    )?;
    let [root] = objects.as_slice() else {
        reader.invalid("$", format!("must hold one policy, not {}", objects.len()));
        return Err(reader.problems);
    };
    let policy = reader.policy(root);
    if reader.problems.is_empty() {
        Ok(policy)
    } else {
        Err(reader.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_policies_parse() {
        for (name, text) in BUILTIN {
            let policy = parse(name, text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
            assert_eq!(policy.name, *name);
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = br#"
apiVersion: pullsecret/v2
kind: PullSecretPolicy
name: p
required: [quay.io, "https://x", {reason: r}]
forbidden: ["*.io"]
severity: {auth-not-base64: off, no-such-code: error, key-glob: loud}
colour: blue
"#;
        let problems = parse("p.yaml", text).unwrap_err();
        let at: Vec<(&str, &str)> = problems
            .iter()
            .map(|d| (d.code.as_str(), d.location.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            at,
            [
                ("policy-invalid", "$.apiVersion"),
                ("policy-invalid", "$.required[1]"),
                ("policy-invalid", "$.required[2]"),
                ("policy-invalid", "$.severity.auth-not-base64"),
                ("policy-invalid", "$.severity.no-such-code"),
                ("policy-invalid", "$.severity.key-glob"),
                ("policy-invalid", "$.colour"),
                ("policy-contradiction", "$.required"),
            ]
        );
    }
}
