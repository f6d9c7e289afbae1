//! YAML as `sigs.k8s.io/yaml` prints a JSON document (kubectl's and oc's `-o yaml`).

use super::json::{Kind, Member, Value, quote};

/// Non-ASCII that go-yaml writes unquoted: printable, not a space or line break.
fn printable_non_ascii(c: char) -> bool {
    !c.is_ascii()
        && !c.is_whitespace()
        && !c.is_control()
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// A YAML scalar: plain when YAML would read it back as the same string, else double-quoted.
fn yaml_scalar(s: &str) -> String {
    let reserved = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "no", "on", "off", "y", "n",
    ];
    // `:` is plain unless it could start a mapping value (`: ` or a trailing colon).
    let plain = !reserved.contains(&s)
        && s.parse::<f64>().is_err()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-+=@:".contains(c) || printable_non_ascii(c))
        && !s.starts_with(['-', '@', '=', ':'])
        && !s.ends_with(':');
    if plain { s.to_owned() } else { quote(s, true) }
}

/// YAML with keys sorted, as `kubectl -o yaml` prints objects.
pub fn to_yaml(value: &Value) -> String {
    fn write(value: &Value, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        match &value.kind {
            Kind::Object(members) => {
                let mut members: Vec<&Member> = members.iter().collect();
                members.sort_by(|a, b| a.name.cmp(&b.name));
                for m in members {
                    out.push_str(&format!("{pad}{}:", yaml_scalar(&m.name)));
                    match &m.value.kind {
                        Kind::Object(inner) if !inner.is_empty() => {
                            out.push('\n');
                            write(&m.value, indent + 1, out);
                        }
                        Kind::Array(items) if !items.is_empty() => {
                            out.push('\n');
                            write(&m.value, indent, out);
                        }
                        _ => {
                            out.push(' ');
                            write(&m.value, 0, out);
                            out.push('\n');
                        }
                    }
                }
            }
            Kind::Array(items) if !items.is_empty() => {
                for item in items {
                    out.push_str(&format!("{pad}- "));
                    let mut inner = String::new();
                    write(item, indent + 1, &mut inner);
                    out.push_str(inner.trim_start());
                    if !inner.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
            Kind::Array(_) => out.push_str("[]"),
            Kind::Null => out.push_str("null"),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Number(n) => out.push_str(n),
            Kind::String(s) => out.push_str(&yaml_scalar(s)),
        }
    }
    let mut out = String::new();
    write(value, 0, &mut out);
    if value.kind == Kind::Object(Vec::new()) {
        out.push_str("{}\n");
    }
    out
}
