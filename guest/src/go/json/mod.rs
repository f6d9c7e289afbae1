//! JSON as Go's `encoding/json` reads and writes it, which is what every consumer we
//! reproduce uses. The model keeps what their decoders see and serde would not: every member
//! in order, duplicates included (rule P8), and the byte offset of each value, so that
//! findings can say `line:column`.

mod read;
mod write;

pub use read::{Keep, LineIndex, SyntaxError, line_column, parse, parse_items, parse_pruned};
pub use write::{Style, compact, quote, raw_object, write};

/// A JSON value with the byte range it spans in the input (empty for built values).
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub offset: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// Kept as written; no consumer needs the numeric value.
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in document order, duplicates kept.
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    /// Offset of the member name's opening quote.
    pub offset: usize,
    pub value: Value,
}

impl Kind {
    /// The JSON type name Go uses in its type errors.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "bool",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }
}

impl Value {
    pub fn new(kind: Kind) -> Self {
        Value {
            offset: 0,
            end: 0,
            kind,
        }
    }

    /// Members that Go decodes into the struct field `field`, in document order: names are
    /// matched as `encoding/json` matches them (rule P7, `folds_to`), and the last one wins (P8).
    pub fn members_named<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Member> + 'a {
        let members: &[Member] = match &self.kind {
            Kind::Object(members) => members,
            _ => &[],
        };
        members.iter().filter(move |m| folds_to(&m.name, field))
    }

    /// The member with exactly this name (last one wins), for documents such as Kubernetes
    /// manifests whose consumers match names exactly.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.name == name)
                .map(|m| &m.value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
}

/// An object built in code (for manifests we print), members in the order given.
pub fn object(members: Vec<(&str, Value)>) -> Value {
    Value::new(Kind::Object(
        members
            .into_iter()
            .map(|(name, value)| Member {
                name: name.to_owned(),
                offset: 0,
                value,
            })
            .collect(),
    ))
}

/// A string value built in code.
pub fn string(s: &str) -> Value {
    Value::new(Kind::String(s.to_owned()))
}

/// Whether Go's `encoding/json` decodes the member `name` into the struct field `field` (an
/// ASCII name): equal under Unicode simple case folding, so besides ASCII case, the Kelvin
/// sign folds to `k` and the long s to `s` (`"aUTHſ"` is read as `auths`).
pub fn folds_to(name: &str, field: &str) -> bool {
    let mut name = name.chars();
    for wanted in field.chars() {
        let Some(c) = name.next() else {
            return false;
        };
        let same = c.eq_ignore_ascii_case(&wanted)
            || (c == '\u{212a}' && wanted.eq_ignore_ascii_case(&'k'))
            || (c == '\u{17f}' && wanted.eq_ignore_ascii_case(&'s'));
        if !same {
            return false;
        }
    }
    name.next().is_none()
}
