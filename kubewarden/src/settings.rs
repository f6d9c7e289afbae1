//! The policy's settings, `{"policies": [NAME | POLICY, ...], "namespaces": [...], "names":
//! [...]}`: shipped policy names and inline policies go to the guest, which checks them as
//! `pullsecret validate --policy` does; every problem is reported at once.

use pullsecret_guest::checks::policy::{self, Policy};
use pullsecret_guest::{Diagnostic, Severity};
use serde_json::Value;

/// Checked settings.
#[derive(Debug, Default)]
pub struct Settings {
    /// The policies applied to the selected Secrets, in the order given.
    pub policies: Vec<Policy>,
    /// When not empty, the policies apply only to Secrets in these namespaces.
    pub namespaces: Vec<String>,
    /// When not empty, the policies apply only to Secrets of these names.
    pub names: Vec<String>,
}

const FIELDS: [&str; 3] = ["policies", "namespaces", "names"];

impl Settings {
    /// Reads the settings Kubewarden passes (JSON; `null` when the policy has none).
    pub fn read(settings: &Value) -> Result<Settings, Vec<String>> {
        let mut out = Settings::default();
        let mut problems = Vec::new();
        let members = match settings {
            Value::Null => return Ok(out),
            Value::Object(members) => members,
            other => {
                return Err(vec![format!(
                    "settings: must be a map with {}, not {}",
                    FIELDS.join(", "),
                    type_name(other)
                )]);
            }
        };
        for (field, value) in members {
            match field.as_str() {
                "policies" => out.policies = policies(value, &mut problems),
                "namespaces" => out.namespaces = strings(field, value, &mut problems),
                "names" => out.names = strings(field, value, &mut problems),
                other => problems.push(format!(
                    "settings: unknown field {other:?} (known: {})",
                    FIELDS.join(", ")
                )),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// Whether the policies apply to the Secret `namespace/name`.
    pub fn selects(&self, namespace: &str, name: &str) -> bool {
        let within =
            |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        within(&self.namespaces, namespace) && within(&self.names, name)
    }
}

/// Each item a shipped policy's name or a policy object in the `docs/policies.md` format.
fn policies(value: &Value, problems: &mut Vec<String>) -> Vec<Policy> {
    let Value::Array(items) = value else {
        problems.push(format!(
            "policies: must be a list of policy names or policy objects, not {}",
            type_name(value)
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("policies[{i}]");
        match item {
            Value::String(name) => match policy::builtin(name) {
                Some(policy) => out.push(policy),
                None => problems.push(format!(
                    "{at}: {name:?} is not a shipped policy ({}); give other policies inline, as objects",
                    policy::builtin_names().join(", ")
                )),
            },
            Value::Object(_) => match policy::parse(&at, item.to_string().as_bytes()) {
                Ok(policy) => out.push(policy),
                Err(found) => problems.extend(found.iter().map(render)),
            },
            other => problems.push(format!(
                "{at}: must be a policy name or a policy object, not {}",
                type_name(other)
            )),
        }
    }
    out
}

fn strings(field: &str, value: &Value, problems: &mut Vec<String>) -> Vec<String> {
    let Value::Array(items) = value else {
        problems.push(format!(
            "{field}: must be a list of strings, not {}",
            type_name(value)
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) if !s.is_empty() => out.push(s.clone()),
            Value::String(_) => problems.push(format!("{field}[{i}]: must not be empty")),
            other => problems.push(format!(
                "{field}[{i}]: must be a string, not {}",
                type_name(other)
            )),
        }
    }
    out
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// One finding on one line: `SOURCE: error[CODE] LOCATION: KEY: message (rule X); fix: ...`,
/// the guest's own rendering of the finding after its severity and code.
pub fn render(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let mut line = String::new();
    if let Some(source) = &d.source {
        line.push_str(source);
        line.push_str(": ");
    }
    line.push_str(&format!("{level}[{}] {d}", d.code));
    if let Some(fix) = &d.fix {
        line.push_str("; fix: ");
        line.push_str(fix);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_and_inline_policies() {
        let settings = Settings::read(&json!({
            "policies": [
                "openshift-global-pull-secret",
                {"apiVersion": "pullsecret/v1", "kind": "PullSecretPolicy", "name": "team", "forbidden": ["docker.io"]}
            ],
            "namespaces": ["openshift-config"],
            "names": ["pull-secret"]
        }))
        .unwrap();
        let names: Vec<&str> = settings.policies.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["openshift-global-pull-secret", "team"]);
        assert!(settings.selects("openshift-config", "pull-secret"));
        assert!(!settings.selects("openshift-config", "other"));
        assert!(!settings.selects("default", "pull-secret"));
        assert!(Settings::read(&Value::Null).unwrap().selects("a", "b"));
    }

    #[test]
    fn every_problem_at_once() {
        let problems = Settings::read(&json!({
            "policies": ["nope", {"apiVersion": "pullsecret/v1", "kind": "PullSecretPolicy", "name": "p", "required": ["https://x"]}, 3],
            "namespaces": "openshift-config",
            "names": [""],
            "colour": "blue"
        }))
        .unwrap_err();
        assert_eq!(problems.len(), 6, "{problems:#?}");
        assert!(problems[0].starts_with("policies[0]: \"nope\" is not a shipped policy"));
        assert!(
            problems[1].starts_with("policies[1]: error[policy-invalid] $.required[0]: "),
            "{}",
            problems[1]
        );
        assert!(problems[2].starts_with("policies[2]: must be a policy name"));
        assert!(problems[3].starts_with("namespaces: must be a list"));
        assert_eq!(problems[4], "names[0]: must not be empty");
        assert!(problems[5].starts_with("settings: unknown field \"colour\""));
    }
}
