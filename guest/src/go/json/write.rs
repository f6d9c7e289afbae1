//! The one JSON writer. Go's `json.Marshal`, `json.MarshalIndent` and `json.Compact` differ
//! only in indentation and in whether `<`, `>` and `&` are escaped, so those are the options;
//! every JSON byte the guest produces comes from here.

use super::{Kind, Value};

/// How to write: Go's `MarshalIndent` indent unit (`""` for compact `Marshal` output), and
/// whether HTML characters are escaped (`Marshal` does; `Compact` does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub indent: &'static str,
    pub escape_html: bool,
}

impl Style {
    /// `json.Marshal`: kubectl's payloads and hashes, HyperShift's merged secret.
    pub const COMPACT: Style = Style {
        indent: "",
        escape_html: true,
    };
    /// `kubectl -o json`.
    pub const KUBECTL: Style = Style {
        indent: "    ",
        escape_html: true,
    };
    /// `json.MarshalIndent(v, "", "\t")`: what oc writes to an auth file.
    pub const TABS: Style = Style {
        indent: "\t",
        escape_html: true,
    };
}

/// `value` as Go marshals it: members in the order given (Go sorts map keys itself; callers
/// build values in the order the output needs), no trailing newline.
pub fn write(value: &Value, style: Style) -> String {
    let mut out = String::new();
    write_value(value, style, 0, &mut out);
    out
}

fn newline(style: Style, depth: usize, out: &mut String) {
    if !style.indent.is_empty() {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(style.indent);
        }
    }
}

fn write_value(value: &Value, style: Style, depth: usize, out: &mut String) {
    match &value.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => out.push_str(n),
        Kind::String(s) => push_quoted(s, style.escape_html, out),
        Kind::Array(items) if items.is_empty() => out.push_str("[]"),
        Kind::Object(members) if members.is_empty() => out.push_str("{}"),
        Kind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(style, depth + 1, out);
                write_value(item, style, depth + 1, out);
            }
            newline(style, depth, out);
            out.push(']');
        }
        Kind::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(style, depth + 1, out);
                push_quoted(&m.name, style.escape_html, out);
                out.push(':');
                if !style.indent.is_empty() {
                    out.push(' ');
                }
                write_value(&m.value, style, depth + 1, out);
            }
            newline(style, depth, out);
            out.push('}');
        }
    }
}

/// A compact object whose member values are JSON texts already written, as Go marshals a
/// map of `json.RawMessage` (members in the order given).
pub fn raw_object(members: &[(&str, &str)], escape_html: bool) -> String {
    let mut out = String::from("{");
    for (i, (name, raw)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_quoted(name, escape_html, &mut out);
        out.push(':');
        out.push_str(raw);
    }
    out.push('}');
    out
}

/// A JSON string literal as Go writes it: control characters as `\n`, `\r`, `\t` or
/// `\u00XX`, U+2028 and U+2029 always escaped, `<`, `>` and `&` when `escape_html`.
pub fn quote(s: &str, escape_html: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(s, escape_html, &mut out);
    out
}

fn push_quoted(s: &str, escape_html: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if escape_html => push_escape(c, out),
            '\u{2028}' | '\u{2029}' => push_escape(c, out),
            c if (c as u32) < 0x20 => push_escape(c, out),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_escape(c: char, out: &mut String) {
    out.push_str(&format!("\\u{:04x}", c as u32));
}

/// Go's `json.Compact` of JSON text as written (white space outside strings removed, string
/// contents and numbers kept byte for byte), or with `escape_html` the compaction
/// `json.Marshal` applies to a `json.RawMessage`. The text must already be valid JSON.
pub fn compact(text: &[u8], escape_html: bool) -> String {
    let text = String::from_utf8_lossy(text);
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            match c {
                '<' | '>' | '&' if escape_html => push_escape(c, &mut out),
                '\u{2028}' | '\u{2029}' if escape_html => push_escape(c, &mut out),
                _ => out.push(c),
            }
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::json::{object, parse, string};

    #[test]
    fn quotes_like_go() {
        assert_eq!(
            quote("a&<>\"\\\n\u{1}\u{2028}é", true),
            r#""a\u0026\u003c\u003e\"\\\n\u0001\u2028é""#
        );
        assert_eq!(quote("a&<>", false), r#""a&<>""#);
    }

    #[test]
    fn indents_like_marshal_indent() {
        let v = object(vec![
            ("a", object(vec![("b", string("c")), ("d", object(vec![]))])),
            ("e", parse(b"[1,[]]").unwrap()),
        ]);
        assert_eq!(
            write(&v, Style::COMPACT),
            r#"{"a":{"b":"c","d":{}},"e":[1,[]]}"#
        );
        assert_eq!(
            write(&v, Style::TABS),
            "{\n\t\"a\": {\n\t\t\"b\": \"c\",\n\t\t\"d\": {}\n\t},\n\t\"e\": [\n\t\t1,\n\t\t[]\n\t]\n}"
        );
    }

    #[test]
    fn compaction_keeps_text_and_escapes_html_on_request() {
        let text = b"{ \"a\" : \"<x> & \\u00e9 y\\\" z\" , \"n\": 1.50 }";
        assert_eq!(
            compact(text, true),
            r#"{"a":"\u003cx\u003e \u0026 \u00e9 y\" z","n":1.50}"#
        );
        assert_eq!(
            compact(text, false),
            r#"{"a":"<x> & \u00e9 y\" z","n":1.50}"#
        );
    }
}
