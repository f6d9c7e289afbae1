//! `validate`: every input read as each consumer reads it, the pitfalls found, the
//! installers' checks and the policies applied, in one list of findings.

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::input::config::DockerConfig;
use crate::input::place::Place;
use crate::input::{document, key, reference};

use super::installer;
use super::pitfalls::{self, EntryText};
use super::policy::{Installer, Policy};

pub use crate::input::document::Input;

/// Facts about the target cluster that policies need.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Mirror registries that must have credentials (`--mirrors`).
    pub mirrors: Vec<String>,
    /// Images the cluster pulls (`--image`), from which the assisted installer derives the
    /// registries it requires.
    pub images: Vec<String>,
}

/// What is wrong with the context's arguments, each as an error that stops `validate` before
/// it starts: an empty or malformed `--mirrors` name, an `--image` that is not a reference.
pub fn check_context(context: &Context) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for mirror in &context.mirrors {
        if !key::is_registry_name(mirror) {
            problems.push(
                Diagnostic::new(
                    Code::InvalidArgument,
                    format!(
                        "--mirrors: {} is not a registry name (host[:port][/path], no scheme or glob)",
                        reference::bounded(mirror)
                    ),
                )
                .without_rule(),
            );
        }
    }
    for image in &context.images {
        if let Err(d) = reference::normalize(image) {
            problems.push(d.at("--image"));
        }
    }
    problems
}

/// Every finding about the inputs under the policies, inputs in order, each in file order,
/// then the findings about the inputs taken together (required registries, mirrors).
pub fn validate(inputs: &[Input<'_>], policies: &[&Policy], context: &Context) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut configs = Vec::new();
    for input in inputs {
        match document::parse(input.source, input.bytes, None) {
            Ok(doc) => {
                findings.extend(doc.notes.into_iter().map(|d| d.at_source(input.source)));
                for config in doc.configs {
                    findings.extend(pitfalls::find(&config));
                    findings.extend(installers(
                        &config.place(),
                        &config.source,
                        policies,
                        context,
                    ));
                    configs.push(config);
                }
            }
            Err(Error::InvalidInput(d)) => {
                let place = Place::file(input.bytes);
                let installer = installers(&place, input.source, policies, context);
                // The installer's wording replaces ours for the same syntax error.
                if installer.is_empty() || d.code != Code::InvalidJson {
                    findings.push(d.at_source(input.source));
                }
                findings.extend(installer);
            }
        }
    }
    for policy in policies {
        findings.extend(apply(policy, &configs));
    }
    let wanted = policies
        .iter()
        .flat_map(|p| p.mirrors.iter().map(|m| (m, format!("policy {}", p.name))))
        .chain(context.mirrors.iter().map(|m| (m, "--mirrors".to_owned())));
    findings.extend(mirrors(wanted, &configs));
    regrade(findings, policies)
}

fn installers(
    place: &Place<'_>,
    source: &str,
    policies: &[&Policy],
    context: &Context,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for policy in policies {
        let found = match &policy.installer {
            None => continue,
            Some(Installer::OpenShift) => installer::openshift(*place),
            Some(Installer::Assisted(params)) => {
                let mut params = params.clone();
                params.images.extend(context.images.iter().cloned());
                installer::assisted(*place, &params)
            }
        };
        out.extend(found.into_iter().map(|d| d.at_source(source)));
    }
    out
}

/// Names a registry is reached under, walking up its path (`quay.io/a/b` → `quay.io/a` →
/// `quay.io`); Docker Hub under both of its hosts.
fn walk_up(registry: &str) -> Vec<String> {
    let mut names = reference::parents(registry);
    for name in names.clone() {
        for (a, b) in [
            ("docker.io", "index.docker.io"),
            ("index.docker.io", "docker.io"),
        ] {
            if let Some(rest) = name.strip_prefix(a)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                names.push(format!("{b}{rest}"));
            }
        }
    }
    names
}

/// Whether any entry serves `registry` (its kubelet index key is the registry or a parent
/// of it), and whether one of those has usable credentials.
fn presence(configs: &[DockerConfig], registry: &str) -> (bool, bool) {
    let names = walk_up(registry);
    let mut present = false;
    let mut usable = false;
    for config in configs {
        for w in pitfalls::entry_texts(config) {
            if let Ok(index) = key::parse_key(w.key).normalized
                && names.contains(&index)
            {
                present = true;
                usable |= w.usable();
            }
        }
    }
    (present, usable)
}

fn entry_finding(
    code: Code,
    config: &DockerConfig,
    w: &EntryText<'_>,
    message: String,
) -> Diagnostic {
    Diagnostic::new(code, message)
        .key(w.key)
        .at(config.locate(w.offset))
        .at_source(&config.source)
}

/// One policy's own checks: registries required, allowed or forbidden, the form of keys and
/// entries, mirrors; patterns that never match are reported too.
fn apply(policy: &Policy, configs: &[DockerConfig]) -> Vec<Diagnostic> {
    let name = &policy.name;
    let mut out = Vec::new();
    let mut allowed_used = vec![false; policy.allowed.len()];
    for config in configs {
        for w in pitfalls::entry_texts(config) {
            let target = key::parse_key(w.key).normalized.unwrap_or_default();
            if policy.forbid_http && w.key.starts_with("http://") {
                let m = format!("policy {name} forbids http:// keys");
                out.push(entry_finding(Code::HttpKey, config, &w, m));
            }
            if policy.forbid_plaintext && (!w.username.is_empty() || !w.password.is_empty()) {
                let m = format!(
                    "policy {name} forbids plain-text `username`/`password` members in an entry"
                );
                out.push(entry_finding(Code::PlaintextCredentials, config, &w, m));
            }
            if let Some(p) = policy
                .forbidden
                .iter()
                .find(|p| key::urls_match(p, &target))
            {
                let m = format!("policy {name} forbids registries matching {p:?}");
                out.push(entry_finding(Code::RegistryForbidden, config, &w, m));
            }
            let allowing: Vec<usize> = (0..policy.allowed.len())
                .filter(|&i| key::urls_match(&policy.allowed[i], &target))
                .collect();
            for &i in &allowing {
                allowed_used[i] = true;
            }
            if !policy.allowed.is_empty() && allowing.is_empty() {
                let m = format!(
                    "policy {name} allows only registries matching {}",
                    policy.allowed.join(", ")
                );
                out.push(entry_finding(Code::RegistryNotAllowed, config, &w, m));
            }
        }
    }
    for (pattern, used) in policy.allowed.iter().zip(allowed_used) {
        if !used {
            out.push(Diagnostic::new(
                Code::PolicyEntryUnused,
                format!("policy {name}: allowed pattern {pattern:?} matches no key of the inputs"),
            ));
        }
    }
    for required in &policy.required {
        let registry = &required.registry;
        let why = if required.reason.is_empty() {
            String::new()
        } else {
            format!(": {}", required.reason)
        };
        match presence(configs, registry) {
            (_, true) => {}
            (false, false) => out.push(
                Diagnostic::new(
                    Code::RequiredRegistryMissing,
                    format!("policy {name} requires credentials for this registry{why}"),
                )
                .key(registry),
            ),
            (true, false) => out.push(
                Diagnostic::new(
                    Code::RequiredRegistryUnusable,
                    format!(
                        "policy {name} requires credentials for this registry, but its entry has none the kubelet can decode{why}"
                    ),
                )
                .key(registry),
            ),
        }
    }
    out
}

/// Mirror registries without usable credentials, each once, with who asked for it.
fn mirrors<'a>(
    wanted: impl Iterator<Item = (&'a String, String)>,
    configs: &[DockerConfig],
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for (mirror, origin) in wanted {
        if presence(configs, mirror).1 || out.iter().any(|d| d.key.as_ref() == Some(mirror)) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::MirrorMissing,
                format!(
                    "{origin} needs credentials for this mirror: pulls redirected to it by an ImageDigestMirrorSet or ImageContentSourcePolicy fail without them"
                ),
            )
            .key(mirror),
        );
    }
    out
}

/// Policies re-grade pitfall codes; when several grade one code, the most severe wins, and a
/// code is dropped only when every policy that grades it turns it off.
fn regrade(findings: Vec<Diagnostic>, policies: &[&Policy]) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(|mut d| {
            let grades = policies.iter().filter_map(|p| p.severity.get(&d.code));
            // `None` (off) ranks lowest, then info, warning, error.
            match grades.max() {
                None => Some(d),
                Some(None) => None,
                Some(Some(severity)) => {
                    d.severity = *severity;
                    Some(d)
                }
            }
        })
        .collect()
}
