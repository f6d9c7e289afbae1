//! ServiceAccounts: `kubectl create serviceaccount`, and `oc secrets link` by oc's rules
//! (rule O3): new names appended in sorted order, names already linked skipped.

use crate::diagnostic::{Code, Diagnostic, Error, Severity};
use crate::go::json::{Kind, Member, Value, object, string};
use crate::go::sort;
use crate::input::document::{self, Input};

use super::{Shape, str_at};

fn names(list: Option<&Value>) -> Vec<String> {
    match list.map(|v| &v.kind) {
        Some(Kind::Array(items)) => items
            .iter()
            .filter_map(|i| i.get("name")?.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// `oc secrets link`'s `--for`: which lists get the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkFor {
    pub pull: bool,
    pub mount: bool,
}

/// Parses `--for` values (case-insensitive `pull`/`mount`, comma-separated; default mount).
pub fn parse_link_for(values: &[String]) -> Result<LinkFor, Error> {
    let mut link = LinkFor::default();
    for value in values.iter().flat_map(|v| v.split(',')) {
        match value.to_ascii_lowercase().as_str() {
            "pull" => link.pull = true,
            "mount" => link.mount = true,
            _ => {
                return Err(
                    Diagnostic::new(Code::UnknownLinkFor, format!("unknown for: {value}")).into(),
                );
            }
        }
    }
    if !link.pull && !link.mount {
        link.mount = true;
    }
    Ok(link)
}

/// A secret argument: `NAME`, `secret/NAME` or `secrets/NAME`.
pub fn secret_name(arg: &str) -> Result<&str, Error> {
    match arg.split_once('/') {
        None => Ok(arg),
        Some(("secret" | "secrets", name)) => Ok(name),
        Some(_) => Err(Diagnostic::new(
            Code::NotASecret,
            format!("expected resource of type secret, got {arg:?}"),
        )
        .severity(Severity::Error)
        .without_rule()
        .into()),
    }
}

/// What `oc secrets link` does to a ServiceAccount.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    /// The ServiceAccount after the link.
    pub account: Value,
    /// The same change as a JSON patch (RFC 6902) for `oc patch --type=json`: it appends to
    /// the lists, so no name already there is lost. (A strategic-merge patch would replace
    /// `imagePullSecrets` whole: in core/v1 only `secrets` merges by name.)
    pub patch: Value,
    /// False when every secret was already linked.
    pub changed: bool,
}

/// `oc secrets link` (rule O3): new names appended in sorted order, names already in a list
/// skipped. Without the current ServiceAccount, a minimal one is printed and the patch
/// appends every name given.
pub fn link(
    current: Option<Input<'_>>,
    sa: &str,
    namespace: Option<&str>,
    secrets: &[String],
    link_for: LinkFor,
) -> Result<Linked, Error> {
    let known = current.is_some();
    let account = match current {
        Some(current) => document::load_objects(current)?
            .into_iter()
            .find(|o| {
                o.get("kind").and_then(Value::as_str) == Some("ServiceAccount")
                    && str_at(o, &["metadata", "name"]) == Some(sa)
            })
            .ok_or_else(|| {
                Diagnostic::new(
                    Code::ServiceaccountNotFound,
                    format!("serviceaccounts {sa:?} not found in the given file"),
                )
            })?,
        None => {
            let mut metadata = vec![("name", string(sa))];
            if let Some(ns) = namespace {
                metadata.push(("namespace", string(ns)));
            }
            object(vec![
                ("apiVersion", string("v1")),
                ("kind", string("ServiceAccount")),
                ("metadata", object(metadata)),
            ])
        }
    };
    Ok(link_into(account, known, secrets, link_for))
}

/// O3 on a ServiceAccount at hand; `known` says whether it is the current one (its lists
/// are then patched as they are) or a minimal stand-in.
pub fn link_into(mut account: Value, known: bool, secrets: &[String], link_for: LinkFor) -> Linked {
    let mut sorted: Vec<&String> = secrets.iter().collect();
    sort::stable(&mut sorted, |a, b| a < b);
    sorted.dedup();
    let mut changed = false;
    let mut patch = Vec::new();
    for (wanted, field) in [
        (link_for.pull, "imagePullSecrets"),
        (link_for.mount, "secrets"),
    ] {
        if !wanted {
            continue;
        }
        let existing = names(account.get(field));
        let added: Vec<Value> = sorted
            .iter()
            .filter(|s| !existing.contains(s))
            .map(|s| object(vec![("name", string(s))]))
            .collect();
        if added.is_empty() {
            continue;
        }
        changed = true;
        // Without the current ServiceAccount the list is assumed to exist: if it does not,
        // `oc patch` fails and changes nothing, which is better than dropping names.
        if known && account.get(field).is_none() {
            patch.push(object(vec![
                ("op", string("add")),
                ("path", string(&format!("/{field}"))),
                ("value", Value::new(Kind::Array(added.clone()))),
            ]));
        } else {
            for name in &added {
                patch.push(object(vec![
                    ("op", string("add")),
                    ("path", string(&format!("/{field}/-"))),
                    ("value", name.clone()),
                ]));
            }
        }
        let Kind::Object(members) = &mut account.kind else {
            unreachable!("a ServiceAccount is an object")
        };
        match members.iter_mut().find(|m| m.name == field) {
            Some(Member {
                value:
                    Value {
                        kind: Kind::Array(items),
                        ..
                    },
                ..
            }) => items.extend(added),
            _ => {
                members.retain(|m| m.name != field);
                members.push(Member {
                    name: field.to_owned(),
                    offset: 0,
                    value: Value::new(Kind::Array(added)),
                });
            }
        }
    }
    Linked {
        account,
        patch: Value::new(Kind::Array(patch)),
        changed,
    }
}

/// `kubectl create serviceaccount`.
pub fn serviceaccount(name: &str, namespace: &str, shape: Shape) -> Value {
    let mut metadata = vec![("name", string(name))];
    if !namespace.is_empty() {
        metadata.push(("namespace", string(namespace)));
    }
    shape.stamp(&mut metadata);
    object(vec![
        ("kind", string("ServiceAccount")),
        ("apiVersion", string("v1")),
        ("metadata", object(metadata)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_for_values() {
        assert_eq!(
            parse_link_for(&[]).unwrap(),
            LinkFor {
                pull: false,
                mount: true
            }
        );
        assert_eq!(
            parse_link_for(&["PULL,mount".into()]).unwrap(),
            LinkFor {
                pull: true,
                mount: true
            }
        );
        let Error::InvalidInput(d) = parse_link_for(&["push".into()]).unwrap_err();
        assert_eq!(d.message, "unknown for: push");
    }
}
