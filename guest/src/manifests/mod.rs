//! Kubernetes manifests as kubectl and oc print them: Secrets, RoleBindings, ServiceAccounts,
//! `oc set data`, and the docs' recipes, which combine them. Every manifest is printed by the
//! one JSON writer or the one YAML emitter (`go`).

pub mod names;
pub mod rbac;
pub mod recipe;
pub mod secret;
pub mod service_account;
pub mod set_data;
pub mod sources;

use crate::go::json::{self, Kind, Style, Value, object, string};
use crate::go::yaml;

/// Which kubectl's shape of new objects: kubectl 1.34 (and oc 4.21) stopped printing the
/// zero `metadata.creationTimestamp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    #[default]
    Current,
    /// kubectl 1.33 and earlier, oc 4.20 and earlier: `creationTimestamp: null`.
    Kubectl133,
}

impl Shape {
    /// `metadata.creationTimestamp: null` after the name and namespace, where this kubectl
    /// prints it.
    pub fn stamp(self, metadata: &mut Vec<(&str, Value)>) {
        if self == Shape::Kubectl133 {
            metadata.push(("creationTimestamp", Value::new(Kind::Null)));
        }
    }
}

/// How a manifest is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `-o yaml`: `sigs.k8s.io/yaml`.
    Yaml,
    /// `-o json`: 4-space indent and a final newline.
    Json,
}

pub fn render(value: &Value, output: Output) -> String {
    match output {
        Output::Json => {
            let mut text = json::write(value, Style::KUBECTL);
            text.push('\n');
            text
        }
        Output::Yaml => yaml::to_yaml(value),
    }
}

/// Several manifests: a multi-document YAML stream, or a `v1 List` in JSON.
pub fn render_all(docs: &[Value], output: Output) -> String {
    match output {
        Output::Yaml => docs
            .iter()
            .map(yaml::to_yaml)
            .collect::<Vec<_>>()
            .join("---\n"),
        Output::Json => {
            let list = object(vec![
                ("kind", string("List")),
                ("apiVersion", string("v1")),
                ("metadata", object(Vec::new())),
                ("items", Value::new(Kind::Array(docs.to_vec()))),
            ]);
            render(&list, Output::Json)
        }
    }
}

/// The string at a path of member names, if there is one.
pub(crate) fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |v, name| v.get(name))
        .and_then(Value::as_str)
}
