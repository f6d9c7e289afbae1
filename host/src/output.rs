//! Shaping output, the pieces every command shares: JSON text, aligned tables, and one way to
//! print a finding. Everything printed is computed from WIT values; secrets are masked unless
//! the user asked for them.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use crate::component::{Answerer, Credential, Diagnostic, Format, RuleInfo, Semantics, Severity};

pub const MASK: &str = "********";

/// Text from an input, safe to print on a terminal: control characters (ESC, CR, LF, ...),
/// line separators and bidirectional overrides are escaped (`\u{1b}`, `\n`), so that a hostile
/// pull secret can neither clear the screen nor forge lines of a report. JSON output needs
/// none of this: JSON escapes them itself.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let hostile = |c: char| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hostile(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How text output names a finding's rule: `kubelet rule P3`, from the component's catalogue.
#[derive(Debug, Default)]
pub struct Labels {
    rules: Vec<RuleInfo>,
}

impl Labels {
    pub fn new(rules: Vec<RuleInfo>) -> Self {
        Labels { rules }
    }

    fn rule(&self, id: &str) -> String {
        match self.rules.iter().find(|r| r.id == id) {
            Some(rule) => format!("{} rule {id}", rule.consumer),
            None => format!("rule {id}"),
        }
    }

    /// `PLACE: KEY: message (CONSUMER rule X)`: where, which entry, what, and why.
    pub fn line(&self, d: &Diagnostic) -> String {
        let mut line = place(d);
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&self.message(d));
        line
    }

    /// `KEY: message (CONSUMER rule X)`: the finding without its place.
    pub fn message(&self, d: &Diagnostic) -> String {
        let mut text = match &d.key {
            Some(key) => format!("{}: {}", shown(key), shown(&d.message)),
            None => shown(&d.message).into_owned(),
        };
        if let Some(rule) = &d.rule {
            text.push_str(&format!(" ({})", self.rule(rule)));
        }
        text
    }
}

/// `FILE:LINE:COLUMN`, or `FILE: secret "x" .dockerconfigjson 1:2` inside a Secret, or a JSON
/// path in a policy; empty when the finding has neither.
pub fn place(d: &Diagnostic) -> String {
    let mut place = shown(d.source.as_deref().unwrap_or_default()).into_owned();
    match d.location.as_deref() {
        Some(loc) if loc.starts_with(|c: char| c.is_ascii_digit()) && !place.is_empty() => {
            place.push(':');
            place.push_str(&shown(loc));
        }
        Some(loc) => {
            if !place.is_empty() {
                place.push_str(": ");
            }
            place.push_str(&shown(loc));
        }
        None => {}
    }
    place
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

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

pub fn semantics_name(semantics: Semantics) -> &'static str {
    match semantics {
        Semantics::Kubelet => "kubelet",
        Semantics::Containers => "containers",
        Semantics::Docker => "docker",
    }
}

pub fn answerer_name(answerer: Answerer) -> &'static str {
    match answerer {
        Answerer::Kubelet => "kubelet",
        Answerer::Crio => "crio",
        Answerer::Nobody => "nobody",
    }
}

pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Dockerconfigjson => "dockerconfigjson",
        Format::Dockercfg => "dockercfg",
    }
}

/// A finding as every `-o json` output shows it: `code`, `severity` and `message`, then
/// those of `key`, `location`, `source`, `fix`, `rule` and `rule_doc` it has. Serialized in
/// place, so that a large report's findings are written without being copied first.
pub struct FindingJson<'a>(pub &'a Diagnostic);

impl Serialize for FindingJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let FindingJson(d) = self;
        let mut object = serializer.serialize_map(None)?;
        object.serialize_entry("code", &d.code)?;
        object.serialize_entry("severity", severity_name(d.severity))?;
        object.serialize_entry("message", &d.message)?;
        for (name, value) in [
            ("key", &d.key),
            ("location", &d.location),
            ("source", &d.source),
            ("fix", &d.fix),
            ("rule", &d.rule),
            ("rule_doc", &d.rule_doc),
        ] {
            if let Some(value) = value {
                object.serialize_entry(name, value)?;
            }
        }
        object.end()
    }
}

/// A list of findings, serialized in place.
pub struct FindingsJson<'a>(pub &'a [Diagnostic]);

impl Serialize for FindingsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(FindingJson))
    }
}

pub fn diagnostic_json(d: &Diagnostic) -> Value {
    json!(FindingJson(d))
}

pub fn diagnostics_json(diagnostics: &[Diagnostic]) -> Value {
    json!(FindingsJson(diagnostics))
}

/// `{"key", "normalized"?, "username", "password"?, "email"?}`: the password only when
/// shown, the email only when non-empty. Callers append their own members after these.
pub fn credential_object(
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

/// A credential a consumer sends, as the `match -o json` contract shows it.
pub fn credentials_json(credentials: &[Credential], show_secrets: bool) -> Value {
    credentials
        .iter()
        .map(|c| {
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
        })
        .collect()
}

/// Pretty JSON and a newline.
pub fn json_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Left-aligned columns three spaces apart, each line indented by two; cells are `shown`.
/// Written straight into the output: a table of 100,000 rows makes no string per cell.
pub fn table<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        if widths.len() < row.len() {
            widths.resize(row.len(), 0);
        }
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(shown(cell.as_ref()).chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let start = out.len();
        out.push_str("  ");
        for (i, cell) in row.iter().enumerate() {
            let cell = shown(cell.as_ref());
            out.push_str(&cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count() + 3;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        let line = out[start..].trim_end().len();
        out.truncate(start + line);
        out.push('\n');
    }
    out
}
