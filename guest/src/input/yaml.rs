//! YAML manifests read into the JSON model as kubectl reads them: go-yaml v2 (YAML 1.1 typing
//! of plain scalars: `yes` is true, `0x1f` is 31), then sigs.k8s.io/yaml's conversion to JSON
//! (non-string keys become strings). Merge keys (`<<: *base`) merge, later keys winning as in
//! go-yaml v2; aliases copy their anchor; `!!binary` is decoded; `!!str` keeps a string.
//! Positions are not kept: findings inside YAML say which Secret and data key.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::go::base64::{self, Padding};
use crate::go::float;
use crate::go::json::{self, Kind, Member, Value};
use crate::go::yaml::resolve::{Resolved, resolve};

/// Deeper documents are refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

pub fn load(bytes: &[u8]) -> Result<Vec<Value>, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(
            Code::InvalidYaml,
            format!("not UTF-8 at byte {}", e.valid_up_to()),
        )
        .at(line_column(bytes, e.valid_up_to()))
    })?;
    // go-yaml's reader refuses these; yaml-rust2 would take a NUL for the end of the input
    // and silently drop the rest.
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| !yaml_printable(c)) {
        return Err(Diagnostic::new(
            Code::InvalidYaml,
            format!(
                "neither JSON nor valid YAML: control characters are not allowed (U+{:04X})",
                u32::from(c)
            ),
        )
        .at(line_column(bytes, at))
        .into());
    }
    let mut builder = Builder::default();
    // Events one at a time, not `Parser::load`: that recurses once per level of nesting and
    // exhausts the stack on deep block YAML long before the builder's depth limit can answer.
    let mut parser = Parser::new_from_str(text);
    while builder.error.is_none() {
        let (event, mark) = parser.next_token().map_err(|e| {
            let mark = e.marker();
            // The scanner's one limit of its own: flow collections nested past 255 levels.
            let d = if e.info() == "recursion limit exceeded" {
                Diagnostic::new(
                    Code::InputLimit,
                    "recursion limit exceeded: pullsecret reads YAML flow collections nested up to 255 levels",
                )
            } else {
                Diagnostic::new(
                    Code::InvalidYaml,
                    format!("neither JSON nor valid YAML: {}", e.info()),
                )
            };
            d.at(format!("{}:{}", mark.line(), mark.col() + 1))
        })?;
        if event == Event::StreamEnd {
            break;
        }
        builder.on_event(event, mark);
    }
    match builder.error {
        Some((stop, mark)) => {
            let (code, message) = match stop {
                Stop::Invalid(message) => (Code::InvalidYaml, message),
                Stop::Limit(message) => (Code::InputLimit, message),
            };
            Err(Diagnostic::new(code, message)
                .at(format!("{}:{}", mark.line(), mark.col() + 1))
                .into())
        }
        None => Ok(builder.docs),
    }
}

/// The characters go-yaml v2's reader accepts (YAML 1.1's printable set).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

/// `LINE:COLUMN` of byte `at`, as JSON locations are written.
fn line_column(bytes: &[u8], at: usize) -> String {
    let (line, column) = json::line_column(bytes, at);
    format!("{line}:{column}")
}

/// Why the builder stopped: the document is not valid YAML, or it went past one of the limits
/// that keep the guest's memory and stack bounded (`input-limit`: refused, not found invalid).
enum Stop {
    Invalid(String),
    Limit(String),
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop::Invalid(message)
    }
}

impl From<&str> for Stop {
    fn from(message: &str) -> Self {
        Stop::Invalid(message.to_owned())
    }
}

/// A node being built: a sequence, or a mapping's entries in document order with whether each
/// key is the merge key.
enum Frame {
    Sequence(Vec<Value>, usize),
    Mapping(Vec<(Value, bool, Value)>, usize, Option<(Value, bool)>),
}

#[derive(Default)]
struct Builder {
    docs: Vec<Value>,
    stack: Vec<Frame>,
    /// Anchored values with their node counts, latest last.
    anchors: Vec<(usize, Value, u64)>,
    /// Nodes decoded so far, and how many of them came from expanding aliases.
    decoded: u64,
    aliased: u64,
    /// How many documents there were when the current one started.
    in_document: usize,
    error: Option<(Stop, Marker)>,
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        if let Err(stop) = self.event(event) {
            self.error = Some((stop, mark));
        }
    }
}

impl Builder {
    fn event(&mut self, event: Event) -> Result<(), Stop> {
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart => self.in_document = self.docs.len(),
            Event::DocumentEnd => {
                if self.docs.len() == self.in_document {
                    self.docs.push(Value::new(Kind::Null)); // an empty document
                }
            }
            Event::Alias(id) => {
                let (value, nodes) = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _, _)| *a == id)
                    .map(|(_, v, n)| (v, *n))
                    .ok_or("unknown anchor")?;
                self.aliased += nodes;
                self.decoded += nodes;
                if self.aliased > 100
                    && self.decoded > 1000
                    && self.aliased as f64 / self.decoded as f64 > allowed_alias_ratio(self.decoded)
                {
                    // go-yaml v2's own rule and words: kubectl refuses the file too.
                    return Err(Stop::Limit("document contains excessive aliasing".into()));
                }
                let value = value.clone();
                self.node(value, false, 0)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let merge = style == TScalarStyle::Plain && text == "<<" && tag.is_none()
                    || tag.as_ref().is_some_and(|t| core_tag(t) == Some("merge"));
                let value = scalar(text, style, tag.as_ref())?;
                self.node(value, merge, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.push(Frame::Sequence(Vec::new(), anchor))?;
            }
            Event::MappingStart(anchor, _) => {
                self.push(Frame::Mapping(Vec::new(), anchor, None))?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence(items, anchor)) => {
                        (Value::new(Kind::Array(items)), anchor)
                    }
                    Some(Frame::Mapping(entries, anchor, _)) => (mapping(entries)?, anchor),
                    None => return Err("unbalanced YAML events".into()),
                };
                self.node(value, false, anchor)?;
            }
        }
        Ok(())
    }

    fn push(&mut self, frame: Frame) -> Result<(), Stop> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Stop::Limit(format!(
                "nesting is too deep: pullsecret reads YAML nested up to {MAX_DEPTH} levels"
            )));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// A finished node: the document, an item, a key or a value.
    fn node(&mut self, value: Value, merge: bool, anchor: usize) -> Result<(), String> {
        self.decoded += 1;
        if anchor > 0 {
            self.anchors.push((anchor, value.clone(), nodes(&value)));
        }
        match self.stack.last_mut() {
            None => self.docs.push(value),
            Some(Frame::Sequence(items, _)) => items.push(value),
            Some(Frame::Mapping(entries, _, pending)) => match pending.take() {
                None => *pending = Some((value, merge)),
                Some((key, is_merge)) => entries.push((key, is_merge, value)),
            },
        }
        Ok(())
    }
}

/// How much of a document may come from expanding aliases, as go-yaml v2 allows (since 2.2.8):
/// nearly all of a small one, a tenth of a very large one, so that a few lines of nested
/// aliases (a "billion laughs") are refused before they fill memory.
fn allowed_alias_ratio(decoded: u64) -> f64 {
    const LOW: u64 = 400_000;
    const HIGH: u64 = 4_000_000;
    match decoded {
        ..=LOW => 0.99,
        HIGH.. => 0.10,
        _ => 0.99 - 0.89 * ((decoded - LOW) as f64 / (HIGH - LOW) as f64),
    }
}

/// The nodes go-yaml decodes for a value: itself, and each key and value inside it.
fn nodes(value: &Value) -> u64 {
    match &value.kind {
        Kind::Array(items) => 1 + items.iter().map(nodes).sum::<u64>(),
        Kind::Object(members) => 1 + members.iter().map(|m| 1 + nodes(&m.value)).sum::<u64>(),
        _ => 1,
    }
}

/// `!!suffix` of the core schema, if the tag is one.
fn core_tag(tag: &Tag) -> Option<&str> {
    (tag.handle == "tag:yaml.org,2002:").then_some(tag.suffix.as_str())
}

/// A scalar as go-yaml v2 decodes it into `interface{}`: plain scalars typed by YAML 1.1,
/// quoted ones strings, `!!binary` decoded, `!!str` a string.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let tag = tag.and_then(core_tag);
    let kind = match tag {
        Some("str") => Kind::String(text),
        Some("binary") => {
            let bytes = base64::decode(text.as_bytes(), Padding::Required)
                .map_err(|_| "!!binary value contains invalid base64 data".to_owned())?;
            Kind::String(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ if style != TScalarStyle::Plain && tag.is_none() => Kind::String(text),
        _ => {
            let resolved = resolve(&text);
            let wanted = |ok: bool| {
                if ok {
                    Ok(())
                } else {
                    // The scalar is not quoted: it may be a secret.
                    Err(format!(
                        "a scalar tagged !!{} is not one",
                        tag.unwrap_or("str")
                    ))
                }
            };
            match tag {
                Some("int") => wanted(matches!(resolved, Resolved::Int(_) | Resolved::Uint(_)))?,
                Some("float") => wanted(matches!(
                    resolved,
                    Resolved::Int(_) | Resolved::Uint(_) | Resolved::Float(_)
                ))?,
                Some("bool") => wanted(matches!(resolved, Resolved::Bool(_)))?,
                Some("null") => wanted(resolved == Resolved::Null)?,
                _ => {}
            }
            match resolved {
                Resolved::Null => Kind::Null,
                Resolved::Bool(b) => Kind::Bool(b),
                Resolved::Int(i) => Kind::Number(i.to_string()),
                Resolved::Uint(u) => Kind::Number(u.to_string()),
                Resolved::Float(f) if f.is_finite() => Kind::Number(json_float(f)),
                Resolved::Float(_) => {
                    return Err(format!(
                        "{text:?} is not a number JSON can hold (sigs.k8s.io/yaml refuses it)"
                    ));
                }
                Resolved::Timestamp | Resolved::Str => Kind::String(text),
            }
        }
    };
    Ok(Value::new(kind))
}

/// A float as Go's `encoding/json` writes it: plain decimals between 1e-6 and 1e21,
/// exponent form (`1e+21`, `1e-7`) outside.
fn json_float(f: f64) -> String {
    let magnitude = f.abs();
    if magnitude == 0.0 || (1e-6..1e21).contains(&magnitude) {
        return float::display(f);
    }
    let text = float::lower_exp(f);
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        Some((mantissa, exponent)) => format!("{mantissa}e-{}", exponent.trim_start_matches('-')),
        None => text,
    }
}

/// sigs.k8s.io/yaml's string for a non-string key.
fn key_name(key: &Value) -> Result<String, String> {
    Ok(match &key.kind {
        Kind::String(s) | Kind::Number(s) => s.clone(),
        Kind::Bool(b) => b.to_string(),
        Kind::Null => "null".to_owned(),
        Kind::Array(_) | Kind::Object(_) => {
            return Err("a mapping key must be a scalar (JSON keys are strings)".into());
        }
    })
}

/// A mapping's entries with merge keys expanded in place, as go-yaml v2 does (a merged
/// mapping's keys, then later keys, overwrite earlier ones; in a sequence of mappings the
/// earlier ones win). A Go map keeps one value per key: the last one set.
fn mapping(entries: Vec<(Value, bool, Value)>) -> Result<Value, String> {
    // A repeated key moves to its last place: the earlier one is blanked, not searched for
    // and removed, so that a mapping of many keys is not read in quadratic time.
    let mut members: Vec<Option<Member>> = Vec::new();
    let mut places: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut set = |name: String, value: Value| {
        if let Some(earlier) = places.insert(name.clone(), members.len()) {
            members[earlier] = None;
        }
        members.push(Some(Member {
            name,
            offset: 0,
            value,
        }));
    };
    let merge_error = "map merge requires map or sequence of maps as the value";
    for (key, is_merge, value) in entries {
        if !is_merge {
            set(key_name(&key)?, value);
            continue;
        }
        let merged: Vec<Value> = match value.kind {
            Kind::Object(_) => vec![value],
            Kind::Array(items) => {
                if items.iter().any(|i| !matches!(i.kind, Kind::Object(_))) {
                    return Err(merge_error.into());
                }
                items.into_iter().rev().collect()
            }
            _ => return Err(merge_error.into()),
        };
        for map in merged {
            if let Kind::Object(from) = map.kind {
                for m in from {
                    set(m.name, m.value);
                }
            }
        }
    }
    Ok(Value::new(Kind::Object(
        members.into_iter().flatten().collect(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::json::{Style, write};

    fn json(yaml: &str) -> String {
        let docs = load(yaml.as_bytes()).unwrap();
        docs.iter()
            .map(|d| write(d, Style::COMPACT))
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn scalars_are_typed_as_go_yaml_v2_types_them() {
        assert_eq!(
            json(
                "a: yes\nb: 'yes'\nc: 0x1f\nd: 1_000\ne: ~\nf: 2024-05-01\ng: !!str 12\nh: 1e3\ni: \"on\"\n"
            ),
            r#"{"a":true,"b":"yes","c":31,"d":1000,"e":null,"f":"2024-05-01","g":"12","h":1000,"i":"on"}"#
        );
        assert_eq!(json("yes: 1\n1: 2\n~: 3\n"), r#"{"true":1,"1":2,"null":3}"#);
    }

    #[test]
    fn merge_keys_aliases_and_binary() {
        let yaml = "base: &base {type: t, a: 1}\nkind: Secret\n<<: *base\na: 2\nlist: [*base]\nbin: !!binary aGVsbG8=\n";
        assert_eq!(
            json(yaml),
            r#"{"base":{"type":"t","a":1},"kind":"Secret","type":"t","a":2,"list":[{"type":"t","a":1}],"bin":"hello"}"#
        );
        // A merge after a key overwrites it (go-yaml v2); in a list the earlier map wins.
        assert_eq!(json("x: 1\n<<: {x: 2}\n"), r#"{"x":2}"#);
        assert_eq!(json("<<: [{x: 1}, {x: 2}]\n"), r#"{"x":1}"#);
        assert!(load(b"<<: 5\n").is_err());
    }

    /// go-yaml v2 decodes a repeated key into a map: the last value wins, no error.
    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        assert_eq!(json("data: 1\ndata: 2\n"), r#"{"data":2}"#);
    }

    #[test]
    fn an_alias_bomb_is_refused_and_ordinary_aliases_are_not() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10u8 {
            let (name, prev) = ((b'a' + level) as char, (b'a' + level - 1) as char);
            let refs = vec![format!("*{prev}"); 9].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let error = load(bomb.as_bytes()).unwrap_err().to_string();
        assert!(error.contains("excessive aliasing"), "{error}");
        // Many references to a small anchor are ordinary YAML.
        let mut fine = String::from("base: &b {k: v}\n");
        for i in 0..2000 {
            fine.push_str(&format!("k{i}: *b\n"));
        }
        assert_eq!(load(fine.as_bytes()).unwrap().len(), 1);
    }

    #[test]
    fn deep_block_nesting_is_an_error_with_a_place_not_a_stack_overflow() {
        let deep = "- ".repeat(100_000) + "x";
        let error = load(deep.as_bytes()).unwrap_err().to_string();
        assert!(error.contains("nesting is too deep"), "{error}");
    }

    #[test]
    fn control_characters_and_bad_utf8_are_errors_with_a_place_not_an_early_end() {
        let error = load(b"kind: Secret\nmetadata:\n  name: a\0b\ntype: x\n").unwrap_err();
        assert!(error.to_string().starts_with("3:10: "), "{error}");
        assert!(error.to_string().contains("control characters"), "{error}");
        let error = load(b"a: 1\nb: \xff\n").unwrap_err().to_string();
        assert!(error.starts_with("2:4: not UTF-8"), "{error}");
    }

    #[test]
    fn documents_of_a_stream() {
        assert_eq!(json("a: 1\n---\n---\nb: 2\n"), r#"{"a":1}|null|{"b":2}"#);
        assert_eq!(json(""), "");
    }
}
