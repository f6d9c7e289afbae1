//! RoleBindings: `oc policy add-role-to-user/-group` by oc's naming and no-op rules (rule
//! O4), and `kubectl create rolebinding` (E7).

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::go::json::{Kind, Member, Value, object, string};
use crate::input::document::{self, Input};

use super::{Shape, str_at};
use crate::go::csv;
use crate::go::format::quote;
use crate::input::kube;

use super::names;

/// An object's `metadata.name`, empty when it has none.
pub fn name_of(object: &Value) -> String {
    str_at(object, &["metadata", "name"])
        .unwrap_or_default()
        .to_owned()
}

/// The kinds of subject `oc policy` binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    User(String),
    Group(String),
    ServiceAccount { namespace: String, name: String },
}

impl Subject {
    /// `system:serviceaccount:NS:NAME` names a ServiceAccount; other user names are Users.
    pub fn from_user(name: &str) -> Subject {
        match name
            .strip_prefix("system:serviceaccount:")
            .and_then(|rest| rest.split_once(':'))
        {
            Some((ns, sa)) if !ns.is_empty() && !sa.is_empty() && !sa.contains(':') => {
                Subject::ServiceAccount {
                    namespace: ns.to_owned(),
                    name: sa.to_owned(),
                }
            }
            _ => Subject::User(name.to_owned()),
        }
    }

    /// Member order of kubectl/oc: kind, apiGroup, name, namespace (rule E7).
    fn to_value(&self) -> Value {
        match self {
            Subject::User(name) => object(vec![
                ("kind", string("User")),
                ("apiGroup", string("rbac.authorization.k8s.io")),
                ("name", string(name)),
            ]),
            Subject::Group(name) => object(vec![
                ("kind", string("Group")),
                ("apiGroup", string("rbac.authorization.k8s.io")),
                ("name", string(name)),
            ]),
            Subject::ServiceAccount { namespace, name } => object(vec![
                ("kind", string("ServiceAccount")),
                ("name", string(name)),
                ("namespace", string(namespace)),
            ]),
        }
    }

    /// oc's comparison: kind, name and namespace (none for users and groups).
    fn matches(&self, value: &Value) -> bool {
        let field = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or_default();
        let (kind, name, namespace) = match self {
            Subject::User(n) => ("User", n.as_str(), ""),
            Subject::Group(n) => ("Group", n.as_str(), ""),
            Subject::ServiceAccount { namespace, name } => {
                ("ServiceAccount", name.as_str(), namespace.as_str())
            }
        };
        field("kind") == kind && field("name") == name && field("namespace") == namespace
    }
}

/// One `oc policy add-role-to-user/-group`.
#[derive(Debug, Clone)]
pub struct AddRole<'a> {
    pub role: &'a str,
    pub namespace: &'a str,
    /// In oc's order: positional users (SA user names converted), groups, then `-z` accounts.
    pub subjects: Vec<Subject>,
    pub rolebinding_name: Option<&'a str>,
    /// The namespace's RoleBindings (`oc get rolebindings -o yaml`), if known.
    pub existing: Option<Input<'a>>,
    /// oc 4.20 and older print `creationTimestamp: null`.
    pub shape: Shape,
}

/// What `add-role` does to the namespace's bindings.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// A new RoleBinding.
    Create(Value),
    /// An existing RoleBinding with subjects appended.
    Update(Value),
    /// A binding already grants the role to every subject: nothing to do. oc prints that
    /// binding as it is.
    Unchanged(Value),
}

fn role_ref_name(binding: &Value) -> Option<&str> {
    str_at(binding, &["roleRef", "name"])
}

/// oc binds ClusterRoles (it has no `--role-namespace` here), and a binding grants the role
/// only when both the name and the kind of its `roleRef` match.
const ROLE_KIND: &str = "ClusterRole";

fn role_ref_kind(binding: &Value) -> Option<&str> {
    str_at(binding, &["roleRef", "kind"])
}

fn subjects_of(binding: &Value) -> &[Value] {
    match binding.get("subjects").map(|v| &v.kind) {
        Some(Kind::Array(items)) => items,
        _ => &[],
    }
}

/// oc's positional arguments: the role, then the users (or, `to_groups`, the groups), with
/// oc's messages when there are too few.
pub fn positional<'a>(
    args: &'a [String],
    to_groups: bool,
    service_accounts: &[String],
) -> Result<(&'a str, &'a [String]), Error> {
    let missing = |message: &str| Error::from(Diagnostic::new(Code::MissingSubjects, message));
    match args.split_first() {
        Some((role, names)) if to_groups && !names.is_empty() => Ok((role, names)),
        _ if to_groups => Err(missing(
            "you must specify at least two arguments: <role> <group> [group]...",
        )),
        None => Err(missing("you must specify a role")),
        Some((role, names)) if !names.is_empty() || !service_accounts.is_empty() => {
            Ok((role, names))
        }
        Some(_) => Err(missing(
            "you must specify at least one user or service account",
        )),
    }
}

/// The subjects of `oc policy add-role-to-user/-group`: users (`system:serviceaccount:NS:SA`
/// names become ServiceAccounts), groups, and `-z` ServiceAccounts of `namespace`, which oc
/// wants in short form.
pub fn subjects(
    users: &[String],
    groups: &[String],
    service_accounts: &[String],
    namespace: &str,
) -> Result<Vec<Subject>, Error> {
    let mut subjects: Vec<Subject> = users.iter().map(|u| Subject::from_user(u)).collect();
    subjects.extend(groups.iter().map(|g| Subject::Group(g.clone())));
    // `-z` is a pflag string slice: each value is a CSV record.
    let mut split = Vec::new();
    for value in service_accounts {
        let fields = csv::record(value).map_err(|e| {
            Diagnostic::new(
                Code::ServiceaccountFormat,
                format!(
                    "invalid argument {} for \"-z, --serviceaccount\" flag: {e}",
                    quote(value)
                ),
            )
        })?;
        split.extend(fields);
    }
    for sa in &split {
        if sa.starts_with("system:serviceaccount") {
            return Err(Diagnostic::new(
                Code::ServiceaccountNotShort,
                "--serviceaccount (-z) should only be used with short-form serviceaccount names (e.g. `default`)",
            )
            .into());
        }
        let errors = names::dns1123_subdomain_errors(sa);
        if !errors.is_empty() {
            return Err(Diagnostic::new(
                Code::ServiceaccountFormat,
                format!(
                    "{} is not a valid serviceaccount name:\n  {}",
                    quote(sa),
                    errors.join("\n  ")
                ),
            )
            .into());
        }
        subjects.push(Subject::ServiceAccount {
            namespace: namespace.to_owned(),
            name: sa.clone(),
        });
    }
    Ok(subjects)
}

/// oc's `modify_roles.go`: with `--rolebinding-name`, add the subjects to that binding (which
/// must be for the same role); without it, do nothing when one binding for the role already
/// has every subject, else create a binding named ROLE, or ROLE-0, ROLE-1, ... when taken.
pub fn add_role(request: &AddRole<'_>) -> Result<Binding, Error> {
    let existing = match request.existing {
        Some(existing) => document::load_objects(existing)?,
        None => Vec::new(),
    };
    // oc's `addSubjects`: a subject given twice (same kind, name and namespace) counts once.
    let mut subjects: Vec<&Subject> = Vec::new();
    for subject in &request.subjects {
        if !subjects.contains(&subject) {
            subjects.push(subject);
        }
    }
    // oc reads the bindings from the API server, typed: print them as it holds them.
    let existing: Vec<Value> = existing
        .iter()
        .filter(|o| o.get("kind").and_then(Value::as_str) == Some("RoleBinding"))
        .map(|o| {
            kube::round_trip(o, &kube::ROLE_BINDING).map_err(|d| {
                let source = request.existing.map(|e| e.source).unwrap_or_default();
                let message = format!("unable to decode {source:?}: {}", d.message);
                Diagnostic { message, ..d }
            })
        })
        .collect::<Result<_, _>>()?;
    let bindings: Vec<&Value> = existing.iter().collect();
    let name_of = |b: &Value| str_at(b, &["metadata", "name"]).map(str::to_owned);
    if let Some(name) = request.rolebinding_name
        && let Some(binding) = bindings
            .iter()
            .find(|b| name_of(b).as_deref() == Some(name))
    {
        let bound = role_ref_name(binding).unwrap_or_default();
        if bound != request.role {
            return Err(Diagnostic::new(
                Code::RolebindingForOtherRole,
                format!(
                    "rolebinding {name} found for role {bound}, not {}",
                    request.role
                ),
            )
            .into());
        }
        let kind = role_ref_kind(binding).unwrap_or_default();
        if kind != ROLE_KIND {
            return Err(Diagnostic::new(
                Code::RolebindingForOtherRole,
                format!("rolebinding {name} found for {kind:?}, not {ROLE_KIND:?}"),
            )
            .into());
        }
        let mut updated = (*binding).clone();
        let missing: Vec<Value> = subjects
            .iter()
            .filter(|s| !subjects_of(binding).iter().any(|v| s.matches(v)))
            .map(|s| s.to_value())
            .collect();
        if missing.is_empty() {
            return Ok(Binding::Unchanged(updated));
        }
        let Kind::Object(members) = &mut updated.kind else {
            unreachable!("a RoleBinding is an object")
        };
        match members.iter_mut().find(|m| m.name == "subjects") {
            Some(Member {
                value:
                    Value {
                        kind: Kind::Array(items),
                        ..
                    },
                ..
            }) => items.extend(missing),
            _ => members.push(Member {
                name: "subjects".into(),
                offset: 0,
                value: Value::new(Kind::Array(missing)),
            }),
        }
        return Ok(Binding::Update(updated));
    }
    if request.rolebinding_name.is_none()
        && let Some(binding) = bindings.iter().find(|b| {
            role_ref_name(b) == Some(request.role)
                && role_ref_kind(b) == Some(ROLE_KIND)
                && subjects
                    .iter()
                    .all(|s| subjects_of(b).iter().any(|v| s.matches(v)))
        })
    {
        return Ok(Binding::Unchanged((*binding).clone()));
    }
    let taken: Vec<String> = bindings.iter().filter_map(|b| name_of(b)).collect();
    let name = match request.rolebinding_name {
        Some(name) => name.to_owned(),
        None => free_name(request.role, &taken),
    };
    let subjects: Vec<Subject> = subjects.into_iter().cloned().collect();
    Ok(Binding::Create(rolebinding(
        &name,
        request.namespace,
        &subjects,
        ROLE_KIND,
        request.role,
        request.shape,
    )))
}

/// oc's name for a new binding of `role`: ROLE if free, else ROLE-0, ROLE-1, ... (rule O4).
pub fn free_name(role: &str, taken: &[String]) -> String {
    std::iter::once(role.to_owned())
        .chain((0..).map(|i| format!("{role}-{i}")))
        .find(|n| !taken.contains(n))
        .unwrap_or_default()
}

/// A RoleBinding in kubectl's member order: kind, apiVersion, metadata, subjects, roleRef.
pub fn rolebinding(
    name: &str,
    namespace: &str,
    subjects: &[Subject],
    role_kind: &str,
    role: &str,
    shape: Shape,
) -> Value {
    let mut metadata = vec![("name", string(name))];
    if !namespace.is_empty() {
        metadata.push(("namespace", string(namespace)));
    }
    shape.stamp(&mut metadata);
    let mut members = vec![
        ("kind", string("RoleBinding")),
        ("apiVersion", string("rbac.authorization.k8s.io/v1")),
        ("metadata", object(metadata)),
    ];
    // `subjects` is omitempty in the API type.
    if !subjects.is_empty() {
        let subjects = subjects.iter().map(Subject::to_value).collect();
        members.push(("subjects", Value::new(Kind::Array(subjects))));
    }
    let role_ref = object(vec![
        ("apiGroup", string("rbac.authorization.k8s.io")),
        ("kind", string(role_kind)),
        ("name", string(role)),
    ]);
    members.push(("roleRef", role_ref));
    object(members)
}

/// The role a binding grants: `ClusterRole` or `Role`, and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRef<'a> {
    pub kind: &'a str,
    pub name: &'a str,
}

/// `kubectl create rolebinding`: subjects Users, then Groups, then ServiceAccounts (`NS:NAME`,
/// exactly one colon), whatever the flag order (rule E7).
pub fn create_rolebinding(
    name: &str,
    namespace: &str,
    role: RoleRef<'_>,
    users: &[String],
    groups: &[String],
    service_accounts: &[String],
    shape: Shape,
) -> Result<Value, Error> {
    let mut subjects: Vec<Subject> = users.iter().map(|u| Subject::User(u.clone())).collect();
    subjects.extend(groups.iter().map(|g| Subject::Group(g.clone())));
    for sa in service_accounts {
        match sa.split(':').collect::<Vec<_>>().as_slice() {
            [ns, n] if !ns.is_empty() && !n.is_empty() => subjects.push(Subject::ServiceAccount {
                namespace: (*ns).to_owned(),
                name: (*n).to_owned(),
            }),
            _ => {
                let message = "serviceaccount must be <namespace>:<name>";
                return Err(Diagnostic::new(Code::ServiceaccountFormat, message).into());
            }
        }
    }
    Ok(rolebinding(
        name, namespace, &subjects, role.kind, role.name, shape,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_account_user_names_become_service_account_subjects() {
        assert_eq!(
            Subject::from_user("system:serviceaccount:project-a:default"),
            Subject::ServiceAccount {
                namespace: "project-a".into(),
                name: "default".into()
            }
        );
        assert_eq!(Subject::from_user("alice"), Subject::User("alice".into()));
    }
}
