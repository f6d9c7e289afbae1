//! The one place output is shaped: JSON documents (stable schemas, see README) and text
//! tables. Secrets are masked here unless the user asked for them.

use serde_json::{Map, Value, json};

use crate::component::{
    Answerer, Change, ChangeKind, Credential, CredentialForm, Diagnostic, Entry, ExplanationSet,
    Format, LookupResult, ParsedKey, SecretOrigin, Semantics, Severity,
};

pub const MASK: &str = "********";

/// One config as `parse` shows it.
pub struct ConfigView {
    pub source: String,
    pub format: Format,
    pub secret: Option<SecretOrigin>,
    pub entries: Vec<Entry>,
}

pub fn semantics_name(semantics: Semantics) -> &'static str {
    match semantics {
        Semantics::Kubelet => "kubelet",
        Semantics::Containers => "containers",
        Semantics::Docker => "docker",
    }
}

pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Dockerconfigjson => "dockerconfigjson",
        Format::Dockercfg => "dockercfg",
    }
}

fn form_name(form: CredentialForm) -> &'static str {
    match form {
        CredentialForm::Auth => "auth",
        CredentialForm::Plain => "plain",
        CredentialForm::TokenOnly => "token-only",
        CredentialForm::Empty => "empty",
    }
}

/// `{"key", "normalized"?, "username", "password"?, "email"?}`: the password only when
/// shown, the email only when non-empty. Callers append their own members after these.
fn credential_object(
    key: &str,
    normalized: Option<&str>,
    username: &str,
    password: &str,
    email: &str,
    show_secrets: bool,
) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("key".into(), key.into());
    if let Some(normalized) = normalized {
        object.insert("normalized".into(), normalized.into());
    }
    object.insert("username".into(), username.into());
    if show_secrets {
        object.insert("password".into(), password.into());
    }
    if !email.is_empty() {
        object.insert("email".into(), email.into());
    }
    object
}

pub fn configs_json(configs: &[ConfigView], show_secrets: bool) -> Value {
    let configs = configs
        .iter()
        .map(|config| {
            let mut object = Map::new();
            object.insert("source".into(), config.source.clone().into());
            object.insert("format".into(), format_name(config.format).into());
            if let Some(secret) = &config.secret {
                object.insert(
                    "secret".into(),
                    json!({
                        "name": secret.name,
                        "namespace": secret.namespace,
                        "type": secret.secret_type,
                        "data_key": secret.data_key,
                    }),
                );
            }
            let entries = config
                .entries
                .iter()
                .map(|e| {
                    let mut object = credential_object(
                        &e.key,
                        None,
                        &e.username,
                        &e.password,
                        &e.email,
                        show_secrets,
                    );
                    object.insert("credential".into(), form_name(e.form).into());
                    object.insert("location".into(), e.location.clone().into());
                    Value::Object(object)
                })
                .collect();
            object.insert("entries".into(), Value::Array(entries));
            Value::Object(object)
        })
        .collect();
    Value::Array(configs)
}

/// A credential a consumer sends, as the `match -o json` contract shows it.
fn credential_json(c: &Credential, show_secrets: bool) -> Value {
    let mut object = credential_object(
        &c.key,
        Some(&c.normalized),
        &c.username,
        &c.password,
        &c.email,
        show_secrets,
    );
    if show_secrets && !c.identity_token.is_empty() {
        object.insert("identitytoken".into(), c.identity_token.clone().into());
    }
    object.insert("source".into(), c.source.clone().into());
    Value::Object(object)
}

fn credentials_json(credentials: &[Credential], show_secrets: bool) -> Value {
    credentials
        .iter()
        .map(|c| credential_json(c, show_secrets))
        .collect()
}

/// One image's answer for `match`.
pub struct MatchView {
    pub image: String,
    pub result: LookupResult,
    /// With a node config under kubelet semantics: `Some(None)` when the kubelet sends
    /// credentials (CRI-O uses them), `Some(Some(..))` for CRI-O's own pick when it sends none.
    pub crio: Option<Option<LookupResult>>,
}

/// The `match -o json` contract: one element per image, in argument order.
pub fn matches_json(results: &[MatchView], show_secrets: bool) -> Value {
    let results = results
        .iter()
        .map(
            |MatchView {
                 image,
                 result,
                 crio,
             }| {
                let mut object = json!({
                    "image": image,
                    "lookup": result.lookup,
                    "semantics": semantics_name(result.semantics),
                    "credentials": credentials_json(&result.credentials, show_secrets),
                });
                if let Some(helper) = &result.credential_helper {
                    object["credential_helper"] = helper.clone().into();
                }
                match crio {
                    None => {}
                    Some(None) => object["answered_by"] = "kubelet".into(),
                    Some(Some(crio)) => {
                        let answered =
                            if crio.credentials.is_empty() && crio.credential_helper.is_none() {
                                "nobody"
                            } else {
                                "crio"
                            };
                        object["answered_by"] = answered.into();
                        let mut pick = json!({
                            "semantics": semantics_name(crio.semantics),
                            "credentials": credentials_json(&crio.credentials, show_secrets),
                        });
                        if let Some(helper) = &crio.credential_helper {
                            pick["credential_helper"] = helper.clone().into();
                        }
                        object["crio"] = pick;
                    }
                }
                object
            },
        )
        .collect();
    Value::Array(results)
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn diagnostic_json(d: &Diagnostic) -> Value {
    let mut object = json!({
        "code": d.code,
        "severity": severity_name(d.severity),
        "message": d.message,
    });
    for (name, value) in [
        ("key", &d.key),
        ("location", &d.location),
        ("source", &d.source),
        ("fix", &d.fix),
    ] {
        if let Some(value) = value {
            object[name] = value.clone().into();
        }
    }
    if let Some(rule) = &d.rule {
        object["rule"] = rule.clone().into();
    }
    object
}

/// The `explain -o json` schema (README): per image, per consumer, the answer and a verdict
/// for every entry.
pub fn explanations_json(results: &[(String, ExplanationSet)], show_secrets: bool) -> Value {
    let results = results
        .iter()
        .map(|(image, set)| {
            let consumers: Vec<Value> = set
                .consumers
                .iter()
                .map(|e| {
                    let verdicts: Vec<Value> = e
                        .verdicts
                        .iter()
                        .map(|v| {
                            let mut object = json!({
                                "key": v.key,
                                "source": v.source,
                                "used": v.rank.is_some(),
                            });
                            if let Some(rank) = v.rank {
                                object["rank"] = rank.into();
                            }
                            object["reason"] = v.reason.clone().into();
                            object
                        })
                        .collect();
                    let mut object = json!({
                        "semantics": semantics_name(e.semantics),
                        "lookup": e.lookup,
                        "answer": credentials_json(&e.answer, show_secrets),
                    });
                    if let Some(helper) = &e.credential_helper {
                        object["credential_helper"] = helper.clone().into();
                    }
                    if let Some(error) = &e.error {
                        object["error"] = diagnostic_json(error);
                    }
                    object["verdicts"] = Value::Array(verdicts);
                    object["notes"] = e.notes.iter().map(diagnostic_json).collect();
                    object
                })
                .collect();
            let mut object = json!({ "image": image });
            if let Some(answerer) = set.answered_by {
                object["answered_by"] = answerer_name(answerer).into();
            }
            object["consumers"] = Value::Array(consumers);
            object
        })
        .collect();
    Value::Array(results)
}

fn change_parts(c: &Change) -> (&'static str, Vec<String>) {
    match &c.kind {
        ChangeKind::Added => ("added", Vec::new()),
        ChangeKind::Removed => ("removed", Vec::new()),
        ChangeKind::Changed(fields) => ("changed", fields.clone()),
    }
}

/// `diff -o json`: `{"changes": [{"key", "change", "fields"?}], "warnings": [...]}`.
pub fn changes_json(changes: &[Change], warnings: &[Diagnostic]) -> Value {
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| {
            let (change, fields) = change_parts(c);
            let mut object = json!({ "key": c.key, "change": change });
            if !fields.is_empty() {
                object["fields"] = fields.into();
            }
            object
        })
        .collect();
    json!({ "changes": changes, "warnings": warnings.iter().map(diagnostic_json).collect::<Vec<_>>() })
}

pub fn changes_text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no entry changed\n".to_owned();
    }
    let mut out = String::new();
    for c in changes {
        let line = match change_parts(c) {
            ("added", _) => format!("+ {}  added\n", c.key),
            ("removed", _) => format!("- {}  removed\n", c.key),
            (_, fields) => format!("~ {}  {} changed\n", c.key, fields.join(", ")),
        };
        out.push_str(&line);
    }
    out
}

pub fn keys_json(keys: &[(ParsedKey, Option<bool>)], target: Option<(&str, bool)>) -> Value {
    let keys: Vec<Value> = keys
        .iter()
        .map(|(k, matches)| {
            let mut object = json!({
                "key": k.key,
                "normalized": k.normalized,
                "host": k.host,
                "port": k.port,
                "path": k.path,
            });
            if let Some(matches) = matches {
                object["matches"] = (*matches).into();
            }
            object
        })
        .collect();
    match target {
        Some((target, default_registry)) => json!({
            "target": target,
            "default_registry": default_registry,
            "keys": keys,
        }),
        None => json!({ "keys": keys }),
    }
}

/// Left-aligned columns three spaces apart, each line indented by two.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 3));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn configs_text(configs: &[ConfigView], show_secrets: bool) -> String {
    let mut out = String::new();
    for config in configs {
        let origin = match &config.secret {
            Some(s) if s.namespace.is_empty() => format!("secret {:?} {}", s.name, s.data_key),
            Some(s) => format!("secret \"{}/{}\" {}", s.namespace, s.name, s.data_key),
            None => format!(".{}", format_name(config.format)),
        };
        let count = config.entries.len();
        let plural = if count == 1 { "entry" } else { "entries" };
        out.push_str(&format!("{}: {origin}, {count} {plural}\n", config.source));
        if count == 0 {
            continue;
        }
        let mut rows = vec![vec![
            "KEY".into(),
            "USER".into(),
            "EMAIL".into(),
            "CREDENTIAL".into(),
        ]];
        for e in &config.entries {
            let secret = if show_secrets {
                e.password.as_str()
            } else {
                MASK
            };
            let credential = match e.form {
                CredentialForm::Auth | CredentialForm::Plain => {
                    format!("{} {secret}", form_name(e.form))
                }
                CredentialForm::TokenOnly => "token only (sent as an empty credential)".into(),
                CredentialForm::Empty => "empty (sent as an empty credential)".into(),
            };
            rows.push(vec![
                e.key.clone(),
                e.username.clone(),
                e.email.clone(),
                credential,
            ]);
        }
        out.push_str(&table(&rows));
    }
    out
}

pub fn matches_text(results: &[MatchView], show_secrets: bool) -> String {
    let mut out = String::new();
    for MatchView {
        image,
        result,
        crio,
    } in results
    {
        let consumer = semantics_name(result.semantics);
        out.push_str(&format!(
            "{image}  (looks up {}, {consumer})\n",
            result.lookup
        ));
        if let Some(helper) = &result.credential_helper {
            out.push_str(&format!(
                "  credential helper {helper:?} is consulted first (pullsecret runs no helpers)\n"
            ));
        }
        if result.credentials.is_empty() {
            match crio {
                Some(Some(crio)) => {
                    out.push_str("  The kubelet sends nothing; CRI-O searches its auth file (the node config):\n");
                    match crio.credentials.first() {
                        Some(c) => out.push_str(&table(&[vec![
                            "  ".into(),
                            c.key.clone(),
                            c.username.clone(),
                            c.source.clone(),
                        ]])),
                        None => out.push_str("    nothing there either: the pull is anonymous\n"),
                    }
                }
                _ => out.push_str(&format!(
                    "  no credentials match: {consumer} pulls anonymously\n"
                )),
            }
            continue;
        }
        let rows: Vec<Vec<String>> = result
            .credentials
            .iter()
            .enumerate()
            .map(|(i, c): (usize, &Credential)| {
                let mut row = vec![
                    format!("{}.", i + 1),
                    c.normalized.clone(),
                    c.username.clone(),
                ];
                if show_secrets {
                    row.push(c.password.clone());
                }
                if c.normalized != c.key {
                    row.push(format!("{}  (key {:?})", c.source, c.key));
                } else {
                    row.push(c.source.clone());
                }
                row
            })
            .collect();
        out.push_str(&table(&rows));
        if result.docker_hub_fallback {
            out.push_str(
                "  No key matched; these are the index.docker.io credentials the kubelet falls back to for Docker Hub images.\n",
            );
        }
        if result.credentials.len() > 1 {
            out.push_str(
                "  The kubelet tries them in this order; the first that the registry accepts wins.\n",
            );
        }
        if let Some(None) = crio {
            out.push_str(
                "  CRI-O pulls with the kubelet's credentials and does not search its auth file.\n",
            );
        }
    }
    out
}

fn consumer_label(semantics: Semantics) -> &'static str {
    match semantics {
        Semantics::Kubelet => "kubelet",
        Semantics::Containers => "CRI-O/podman",
        Semantics::Docker => "docker CLI",
    }
}

fn answerer_name(answerer: Answerer) -> &'static str {
    match answerer {
        Answerer::Kubelet => "kubelet",
        Answerer::Crio => "crio",
        Answerer::Nobody => "nobody",
    }
}

pub fn explanations_text(results: &[(String, ExplanationSet)], show_secrets: bool) -> String {
    let mut out = String::new();
    for (image, set) in results {
        let lookup = set.consumers.first().map_or("", |e| e.lookup.as_str());
        out.push_str(&format!("{image}  (looks up {lookup})\n"));
        match set.answered_by {
            Some(Answerer::Kubelet) => out.push_str("  on the node: the kubelet sends credentials and CRI-O pulls with them\n"),
            Some(Answerer::Crio) => out.push_str("  on the node: the kubelet sends nothing, so CRI-O picks from its auth file (the node config)\n"),
            Some(Answerer::Nobody) => out.push_str("  on the node: nobody has a credential; the pull is anonymous\n"),
            None => {}
        }
        for e in &set.consumers {
            let answer = if let Some(error) = &e.error {
                format!("fails: {}", diagnostic_line(error))
            } else if let Some(helper) = &e.credential_helper {
                format!("asks credential helper {helper:?} first (not run here)")
            } else if e.answer.is_empty() {
                "anonymous pull".to_owned()
            } else {
                e.answer
                    .iter()
                    .map(|c| {
                        let secret = if show_secrets {
                            format!(":{}", c.password)
                        } else {
                            String::new()
                        };
                        format!("{} ({}{secret})", c.key, c.username)
                    })
                    .collect::<Vec<_>>()
                    .join(", then ")
            };
            out.push_str(&format!(
                "  {:<13}→ {answer}\n",
                consumer_label(e.semantics)
            ));
            let rows: Vec<Vec<String>> = e
                .verdicts
                .iter()
                .map(|v| {
                    let rank = v.rank.map_or("   -".to_owned(), |r| format!("{r:>3}."));
                    vec![
                        format!("  {rank} {}", v.key),
                        v.source.clone(),
                        v.reason.clone(),
                    ]
                })
                .collect();
            out.push_str(&table(&rows));
            for note in &e.notes {
                out.push_str(&format!("    {}: {}\n", level(note), finding_line(note)));
            }
        }
    }
    out
}

pub fn keys_text(keys: &[(ParsedKey, Option<bool>)], target: Option<(&str, bool)>) -> String {
    let mut rows = vec![vec![
        "KEY".into(),
        "INDEX KEY".into(),
        "HOST".into(),
        "PORT".into(),
        "PATH".into(),
    ]];
    if target.is_some() {
        rows[0].push("MATCHES".into());
    }
    for (k, matches) in keys {
        let mut row = vec![
            k.key.clone(),
            k.normalized
                .clone()
                .unwrap_or_else(|| "(skipped: does not parse)".into()),
            k.host.clone(),
            k.port.clone(),
            k.path.clone(),
        ];
        if let Some(m) = matches {
            row.push(if *m { "yes" } else { "no" }.into());
        }
        rows.push(row);
    }
    let mut out = String::new();
    if let Some((target, default_registry)) = target {
        let hub = if default_registry {
            "Docker Hub fallback applies"
        } else {
            "no Docker Hub fallback"
        };
        out.push_str(&format!("against {target}  ({hub})\n"));
    }
    out.push_str(&table(&rows));
    out
}

/// `FILE:LINE:COL: message (kubelet rule X)` for a guest diagnostic.
pub fn diagnostic_line(d: &Diagnostic) -> String {
    let mut line = d.source.clone().unwrap_or_default();
    match d.location.as_deref() {
        Some(loc) if loc.starts_with(|c: char| c.is_ascii_digit()) && !line.is_empty() => {
            line.push(':');
            line.push_str(loc);
        }
        Some(loc) => {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(loc);
        }
        None => {}
    }
    if !line.is_empty() {
        line.push_str(": ");
    }
    line.push_str(&d.message);
    if let Some(rule) = &d.rule {
        line.push_str(&format!(" ({})", rule_label(rule)));
    }
    line
}

/// Which spec a rule ID belongs to: kubelet rules are a letter and a number (P3, K4),
/// containers/image sections a number (1.4), docker CLI rules DCLI, OpenShift sections a letter.
fn rule_label(rule: &str) -> String {
    let mut chars = rule.chars();
    match (chars.next(), chars.next()) {
        (Some(c), _) if c.is_ascii_digit() => format!("containers/image spec §{rule}"),
        (Some(c), None) if c.is_ascii_lowercase() => format!("OpenShift spec §{rule}"),
        _ if rule == "DCLI" => "docker CLI spec".to_owned(),
        _ => format!("kubelet rule {rule}"),
    }
}

/// How text output labels a finding: `error[CODE]`, `warning[CODE]` or `note[CODE]`.
pub fn level(d: &Diagnostic) -> String {
    let word = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    format!("{word}[{}]", d.code)
}

/// A finding on one line, its key named.
pub fn finding_line(d: &Diagnostic) -> String {
    diagnostic_line(&Diagnostic {
        message: message_with_key(d),
        ..d.clone()
    })
}

/// The message, led by the registry key it is about when it does not name it already.
pub fn message_with_key(d: &Diagnostic) -> String {
    match &d.key {
        Some(key) if !names(&d.message, key) => format!("{key}: {}", d.message),
        _ => d.message.clone(),
    }
}

/// Whether `message` names `key` as a whole (`docker.io` is not named by `index.docker.io`).
fn names(message: &str, key: &str) -> bool {
    let part_of_name = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/');
    message.match_indices(key).any(|(i, _)| {
        let before = message[..i].chars().next_back();
        let after = message[i + key.len()..].chars().next();
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

fn count(findings: &[Diagnostic], severity: Severity) -> usize {
    findings.iter().filter(|d| d.severity == severity).count()
}

/// The `validate -o json` schema (README).
pub fn validation_json(findings: &[Diagnostic], policies: &[String]) -> Value {
    json!({
        "valid": count(findings, Severity::Error) == 0,
        "policies": policies,
        "summary": {
            "errors": count(findings, Severity::Error),
            "warnings": count(findings, Severity::Warning),
            "info": count(findings, Severity::Info),
        },
        "findings": findings.iter().map(diagnostic_json).collect::<Vec<_>>(),
    })
}

/// One finding per line, `severity[code]` after the place, the fix indented below.
pub fn validation_text(findings: &[Diagnostic], policies: &[String], inputs: usize) -> String {
    let mut out = String::new();
    for d in findings {
        let place = diagnostic_line(&Diagnostic {
            message: String::new(),
            rule: None,
            ..d.clone()
        });
        let mut message = message_with_key(d);
        if let Some(rule) = &d.rule {
            message.push_str(&format!(" ({})", rule_label(rule)));
        }
        out.push_str(&format!("{place}{} {message}\n", level(d)));
        if let Some(fix) = &d.fix {
            out.push_str(&format!("    fix: {fix}\n"));
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut summary = format!(
        "{}: {}, {}, {}",
        plural(inputs, "input"),
        plural(count(findings, Severity::Error), "error"),
        plural(count(findings, Severity::Warning), "warning"),
        plural(count(findings, Severity::Info), "note"),
    );
    if !policies.is_empty() {
        summary.push_str(&format!(" (policies: {})", policies.join(", ")));
    }
    out.push_str(&summary);
    out.push('\n');
    out
}
