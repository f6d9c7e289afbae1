//! The reader: strict RFC 8259 grammar as Go checks it, invalid UTF-8 and lone surrogates
//! replaced by U+FFFD, nothing but white space after the top-level value, and Go's wording in
//! syntax errors.

use std::fmt;

use super::{Kind, Member, Value};

/// A syntax error at a byte offset, or the reader's own limit reached there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    /// The nesting went past our 512 levels: the input was refused, not found invalid (Go's
    /// decoder reads 10,000).
    pub limit: bool,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Nesting deeper than this is refused rather than risking the guest's stack.
const MAX_DEPTH: usize = 512;

/// Which members of a document's objects a reader builds. The rest is read and checked just
/// as carefully, but not kept: a large document then costs memory and time only for what its
/// reader needs (a cluster dump's pods keep their names and images, not their status).
#[derive(Debug)]
pub enum Keep {
    /// The whole value.
    All,
    /// Nothing of it.
    Nothing,
    /// Of an object, the members named, each with what to keep of it; an array's items are
    /// kept the same way; other values whole.
    Members(&'static [(&'static str, &'static Keep)]),
}

/// Parses one JSON document.
pub fn parse(input: &[u8]) -> Result<Value, SyntaxError> {
    parse_pruned(input, &Keep::All)
}

/// Parses one JSON document, building only what `keep` asks for.
pub fn parse_pruned(input: &[u8], keep: &Keep) -> Result<Value, SyntaxError> {
    let mut reader = Reader { input, pos: 0 };
    reader.skip_ws();
    let value = reader.value(0, keep)?;
    reader.skip_ws();
    if reader.pos < input.len() {
        return Err(reader.unexpected("after top-level value"));
    }
    Ok(value)
}

/// Where the lines and the multi-byte characters of an input are, found in one pass, so that
/// locating many offsets (one per entry of a 20,000-entry file on one line) stays linear.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// Offsets just after each `\n`.
    line_starts: Vec<usize>,
    /// Offsets of UTF-8 continuation bytes, which do not start a character.
    continuations: Vec<usize>,
}

impl LineIndex {
    pub fn new(input: &[u8]) -> Self {
        let mut index = LineIndex::default();
        for (i, b) in input.iter().enumerate() {
            match b {
                b'\n' => index.line_starts.push(i + 1),
                0x80..=0xBF => index.continuations.push(i),
                _ => {}
            }
        }
        index
    }

    /// What `line_column` answers, for valid UTF-8.
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = if line == 0 {
            0
        } else {
            self.line_starts[line - 1]
        };
        let within = |p: &usize| *p < start;
        let multi = self.continuations.partition_point(|p| *p < offset)
            - self.continuations.partition_point(within);
        let column = offset - start - multi + 1;
        (
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(input: &[u8], offset: usize) -> (u32, u32) {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// The bytes of a string as Go decodes them: each byte of an invalid UTF-8 sequence becomes
/// U+FFFD (`utf8.DecodeRune` answers width 1), where `from_utf8_lossy` would write one U+FFFD
/// for a whole truncated sequence such as `E2 82`.
fn go_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|_| '\u{fffd}'));
    }
    out
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.into(),
            limit: false,
        }
    }

    /// Go's wording: `invalid character 'x' looking for beginning of value`. The character is
    /// structural JSON, never a secret: string contents are not reported.
    fn unexpected(&self, context: &str) -> SyntaxError {
        match self.peek() {
            None => self.error(self.pos, "unexpected end of JSON input"),
            Some(b) if b == b' ' || b.is_ascii_graphic() => self.error(
                self.pos,
                format!("invalid character '{}' {context}", b as char),
            ),
            Some(b) => self.error(self.pos, format!("invalid character 0x{b:02x} {context}")),
        }
    }

    fn value(&mut self, depth: usize, keep: &Keep) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError {
                limit: true,
                ..self.error(
                    self.pos,
                    format!("exceeded max depth: pullsecret reads JSON nested up to {MAX_DEPTH} levels (Go's decoder, which the kubelet uses, up to 10,000)"),
                )
            });
        }
        let offset = self.pos;
        let build = !matches!(keep, Keep::Nothing);
        let kind = match self.peek() {
            Some(b'{') => self.object(depth, keep)?,
            Some(b'[') => self.array(depth, keep)?,
            Some(b'"') => Kind::String(self.string_if(build)?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number_if(build)?),
            _ => return Err(self.unexpected("looking for beginning of value")),
        };
        Ok(Value {
            offset,
            end: self.pos,
            kind,
        })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, SyntaxError> {
        for expected in word.bytes() {
            if self.peek() != Some(expected) {
                let expecting = expected as char;
                return Err(
                    self.unexpected(&format!("in literal {word} (expecting '{expecting}')"))
                );
            }
            self.pos += 1;
        }
        Ok(kind)
    }

    fn object(&mut self, depth: usize, keep: &Keep) -> Result<Kind, SyntaxError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("looking for beginning of object key string"));
            }
            let offset = self.pos;
            let (name, child) = self.member_name(keep)?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("after object key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1, child)?;
            if !matches!(child, Keep::Nothing) {
                members.push(Member {
                    name,
                    offset,
                    value,
                });
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.unexpected("after object key:value pair")),
            }
        }
    }

    /// A member's name and what to keep of its value. A name without escapes is compared in
    /// place, and only allocated when its member is kept.
    fn member_name<'k>(&mut self, keep: &'k Keep) -> Result<(String, &'k Keep), SyntaxError> {
        let wanted = match keep {
            Keep::All => return Ok((self.string_if(true)?, keep)),
            Keep::Nothing => return Ok((self.string_if(false)?, keep)),
            Keep::Members(wanted) => wanted,
        };
        let start = self.pos + 1;
        let plain = self.input[start..]
            .iter()
            .position(|&b| matches!(b, b'"' | b'\\' | 0x00..=0x1f))
            .filter(|&end| self.input[start + end] == b'"');
        let child = |name: &[u8]| {
            wanted
                .iter()
                .find(|(n, _)| n.as_bytes() == name)
                .map_or(&Keep::Nothing, |(_, k)| *k)
        };
        match plain {
            Some(end) => {
                let raw = &self.input[start..start + end];
                self.pos = start + end + 1;
                let child = child(raw);
                let name = match child {
                    Keep::Nothing => String::new(),
                    _ => go_string(raw),
                };
                Ok((name, child))
            }
            None => {
                let name = self.string_if(true)?;
                let child = child(name.as_bytes());
                Ok((name, child))
            }
        }
    }

    fn array(&mut self, depth: usize, keep: &Keep) -> Result<Kind, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            self.skip_ws();
            let item = self.value(depth + 1, keep)?;
            if !matches!(keep, Keep::Nothing) {
                items.push(item);
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.unexpected("after array element")),
            }
        }
    }

    /// A number as written; with `build` false only checked (empty).
    fn number_if(&mut self, build: bool) -> Result<String, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("in numeric literal")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("after decimal point in numeric literal"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("in exponent of numeric literal"));
            }
            self.digits();
        }
        if !build {
            return Ok(String::new());
        }
        Ok(String::from_utf8_lossy(&self.input[start..self.pos]).into_owned())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// The runs of bytes between escapes are taken whole, and a string without escapes (most
    /// of them) is decoded straight from the input. With `build` false the string is only
    /// checked, and nothing is allocated for it (empty).
    fn string_if(&mut self, build: bool) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut unescaped = Vec::new();
        loop {
            let start = self.pos;
            let run = self.input[start..]
                .iter()
                .position(|&b| matches!(b, b'"' | b'\\' | 0x00..=0x1f))
                .unwrap_or(self.input.len() - start);
            self.pos += run;
            let text = &self.input[start..self.pos];
            match self.peek() {
                None => return Err(self.error(self.pos, "unexpected end of JSON input")),
                Some(b'"') if !build => {
                    self.pos += 1;
                    return Ok(String::new());
                }
                // An escape always writes something: empty means there was none.
                Some(b'"') if unescaped.is_empty() => {
                    self.pos += 1;
                    return Ok(go_string(text));
                }
                Some(b'"') => {
                    self.pos += 1;
                    unescaped.extend_from_slice(text);
                    return Ok(go_string(&unescaped));
                }
                Some(b'\\') => {
                    unescaped.extend_from_slice(text);
                    self.pos += 1;
                    self.escape(&mut unescaped)?;
                    if !build {
                        unescaped.clear();
                    }
                }
                Some(_) => return Err(self.unexpected("in string literal")),
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), SyntaxError> {
        let simple = match self.peek() {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                self.pos += 1;
                let first = self.hex4()?;
                let c = if (0xd800..0xdc00).contains(&first)
                    && self.input[self.pos..].starts_with(b"\\u")
                {
                    let save = self.pos;
                    self.pos += 2;
                    let second = self.hex4()?;
                    if (0xdc00..0xe000).contains(&second) {
                        char::from_u32(0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00))
                    } else {
                        // Go replaces the lone surrogate and decodes the next escape on its own.
                        self.pos = save;
                        None
                    }
                } else {
                    char::from_u32(first)
                };
                let mut buf = [0; 4];
                out.extend_from_slice(c.unwrap_or('\u{fffd}').encode_utf8(&mut buf).as_bytes());
                return Ok(());
            }
            _ => return Err(self.unexpected("in string escape code")),
        };
        self.pos += 1;
        out.push(simple);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.unexpected("in \\u hexadecimal character escape"))?;
            n = n * 16 + digit;
            self.pos += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_folds_member_names_like_struct_fields() {
        let v =
            parse("{\"AUTHS\":1,\"auth\u{17f}\":2,\"\u{212a}\":3,\"authz\":4}".as_bytes()).unwrap();
        assert_eq!(v.members_named("auths").count(), 2);
        assert_eq!(v.members_named("k").count(), 1);
    }

    #[test]
    fn keeps_duplicate_members_in_order() {
        let v = parse(br#"{"a":1,"A":2,"a":3}"#).unwrap();
        let names: Vec<_> = v.members_named("a").map(|m| m.value.kind.clone()).collect();
        assert_eq!(
            names,
            vec![
                Kind::Number("1".into()),
                Kind::Number("2".into()),
                Kind::Number("3".into())
            ]
        );
        assert_eq!(v.get("A").unwrap().kind, Kind::Number("2".into()));
    }

    static NAME: Keep = Keep::Members(&[("name", &Keep::All)]);
    static PRUNED: Keep = Keep::Members(&[("items", &PRUNED), ("metadata", &NAME)]);

    #[test]
    fn a_pruned_read_keeps_only_what_it_is_asked_for() {
        let text = br#"{"items": [{"metadata": {"name": "a", "uid": "1"}, "status": {"x": [1, 2.5e3, "\u00e9"]}}, {"metadata": {"na\u006de": "b"}}], "kind": "List"}"#;
        let pruned = parse_pruned(text, &PRUNED).unwrap();
        let Kind::Array(items) = &pruned.get("items").unwrap().kind else {
            panic!("items")
        };
        let names: Vec<_> = items
            .iter()
            .map(|i| {
                i.get("metadata")
                    .unwrap()
                    .get("name")
                    .unwrap()
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(names, ["a", "b"]);
        assert!(items[0].get("status").is_none() && pruned.get("kind").is_none());
        assert!(items[0].get("metadata").unwrap().get("uid").is_none());
        // What is dropped is still checked: the same errors, at the same places.
        for bad in [
            &br#"{"items": [{"status": {"x": [1, 2.]}}]}"#[..],
            br#"{"items": [{"status": "\q"}]}"#,
            br#"{"items": [{"status": tru}]}"#,
            br#"{"items": [{"status": {"a" 1}}]}"#,
        ] {
            assert_eq!(
                parse_pruned(bad, &PRUNED).unwrap_err(),
                parse(bad).unwrap_err()
            );
        }
    }

    #[test]
    fn rejects_trailing_garbage_and_bad_literals() {
        for bad in [
            &b"{} x"[..],
            b"not json",
            b"{\"a\":}",
            b"[1,]",
            b"01",
            b"\"\x01\"",
            b"",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        let v = parse(br#""\u00e9\ud83d\ude00\ud800x\n""#).unwrap();
        assert_eq!(v.as_str(), Some("é😀\u{fffd}x\n"));
    }

    #[test]
    fn replaces_invalid_utf8_byte_by_byte_as_go_does() {
        // Found by the property tests: a truncated sequence is one U+FFFD per byte in Go.
        let v = parse(b"[\"a\xe1\x80b\", \"\xf0\x9f\x98\", \"\xed\xa0\x80\xff\", \"\xc3\xa9\"]")
            .unwrap();
        let Kind::Array(items) = v.kind else {
            panic!("not an array")
        };
        let strings: Vec<_> = items.iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(
            strings,
            [
                "a\u{fffd}\u{fffd}b",
                "\u{fffd}\u{fffd}\u{fffd}",
                "\u{fffd}\u{fffd}\u{fffd}\u{fffd}",
                "é"
            ]
        );
    }

    #[test]
    fn reports_line_and_column() {
        let input = b"{\n  \"a\": tru }";
        let err = parse(input).unwrap_err();
        assert_eq!(line_column(input, err.offset), (2, 11));
        assert_eq!(
            err.message,
            "invalid character ' ' in literal true (expecting 'e')"
        );
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn the_index_agrees_with_the_scan() {
        let input = "{\n  \"é🔑\": {\"a\": 1},\n\"b\":\"ü\"}".as_bytes();
        let index = LineIndex::new(input);
        for offset in
            (0..=input.len()).filter(|&o| o == input.len() || !(0x80..0xC0).contains(&input[o]))
        {
            assert_eq!(
                index.line_column(offset),
                line_column(input, offset),
                "{offset}"
            );
        }
    }
}
