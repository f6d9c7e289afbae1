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
    read_document(input, keep, None)
}

/// [`parse_pruned`], with each item of a top-level object's `items` array handed to `on_item`
/// as soon as it is read, and not kept (the array is left empty): a `List` of 50,000 objects
/// is then never held whole, only what its reader makes of each. Items are handed over before
/// the document is known to be valid JSON, or a `List`; with the array's ordinal, since of
/// duplicate `items` members the last one is the list (rule P8).
pub fn parse_items(
    input: &[u8],
    keep: &Keep,
    on_item: &mut dyn FnMut(usize, Value),
) -> Result<Value, SyntaxError> {
    read_document(input, keep, Some(on_item))
}

fn read_document(
    input: &[u8],
    keep: &Keep,
    on_item: Option<&mut dyn FnMut(usize, Value)>,
) -> Result<Value, SyntaxError> {
    let mut reader = Reader {
        input,
        pos: 0,
        on_item,
        arrays: 0,
    };
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

/// How long the run of plain string bytes at the start of `bytes` is: up to the first `"`, `\`
/// or control character, or the end. Eight bytes at a time, since wasm has no `memchr` and most
/// of a cluster dump is strings: a word holds one of those bytes exactly when one of the three
/// byte-wise tests (`== '"'`, `== '\\'`, `< 0x20`) sets a high bit, and the scan then finds which.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether any byte of `x` is below `n` (n <= 0x80): exact, whatever the other bytes.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS != 0;
    let special = |b: u8| matches!(b, b'"' | b'\\' | 0x00..=0x1f);
    let mut start = 0;
    for word in bytes.chunks_exact(8) {
        let x = u64::from_ne_bytes(word.try_into().unwrap_or_default());
        if below(x ^ (ONES * u64::from(b'"')), 1)
            || below(x ^ (ONES * u64::from(b'\\')), 1)
            || below(x, 0x20)
        {
            break;
        }
        start += 8;
    }
    start
        + bytes[start..]
            .iter()
            .position(|&b| special(b))
            .unwrap_or(bytes.len() - start)
}

struct Reader<'a, 'f> {
    input: &'a [u8],
    pos: usize,
    /// Where the items of a top-level `items` array go, if not into the value.
    on_item: Option<&'f mut dyn FnMut(usize, Value)>,
    /// How many top-level `items` arrays were handed over.
    arrays: usize,
}

impl Reader<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.skip_indentation();
                }
                _ => return,
            }
        }
    }

    /// Spaces eight at a time: a pretty-printed dump is a third indentation.
    fn skip_indentation(&mut self) {
        const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
        while let Some(word) = self.input.get(self.pos..self.pos + 8) {
            if u64::from_ne_bytes(word.try_into().unwrap_or_default()) != SPACES {
                return;
            }
            self.pos += 8;
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

    fn depth_check(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError {
                limit: true,
                ..self.error(
                    self.pos,
                    format!("exceeded max depth: pullsecret reads JSON nested up to {MAX_DEPTH} levels (Go's decoder, which the kubelet uses, up to 10,000)"),
                )
            });
        }
        Ok(())
    }

    fn value(&mut self, depth: usize, keep: &Keep) -> Result<Value, SyntaxError> {
        let offset = self.pos;
        if matches!(keep, Keep::Nothing) {
            self.skip(depth)?;
            return Ok(Value {
                offset,
                end: self.pos,
                kind: Kind::Null,
            });
        }
        self.depth_check(depth)?;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth, keep)?,
            Some(b'[') => self.array(depth, keep)?,
            Some(b'"') => Kind::String(self.string_if(true)?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number_if(true)?),
            _ => return Err(self.unexpected("looking for beginning of value")),
        };
        Ok(Value {
            offset,
            end: self.pos,
            kind,
        })
    }

    /// A value read and checked exactly as [`Reader::value`] reads it, with the same errors,
    /// but nothing built: what a pruned read does with what it drops, which in a cluster
    /// dump is most of it.
    fn skip(&mut self, depth: usize) -> Result<(), SyntaxError> {
        self.depth_check(depth)?;
        match self.peek() {
            Some(b'{') => self.members(|r| {
                r.string_if(false)?;
                r.colon()?;
                r.skip(depth + 1)
            }),
            Some(b'[') => self.items(|r| r.skip(depth + 1)),
            Some(b'"') => self.string_if(false).map(drop),
            Some(b't') => self.literal("true", ()),
            Some(b'f') => self.literal("false", ()),
            Some(b'n') => self.literal("null", ()),
            Some(b'-' | b'0'..=b'9') => self.number_if(false).map(drop),
            _ => Err(self.unexpected("looking for beginning of value")),
        }
    }

    fn literal<T>(&mut self, word: &str, kind: T) -> Result<T, SyntaxError> {
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

    /// An object's grammar, `member` reading each member from its name's opening quote.
    fn members(
        &mut self,
        mut member: impl FnMut(&mut Self) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("looking for beginning of object key string"));
            }
            member(self)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("after object key:value pair")),
            }
        }
    }

    /// The `:` between a member's name and its value, and the white space around it.
    fn colon(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.unexpected("after object key"));
        }
        self.pos += 1;
        self.skip_ws();
        Ok(())
    }

    /// An array's grammar, `item` reading each item.
    fn items(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            item(self)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("after array element")),
            }
        }
    }

    fn object(&mut self, depth: usize, keep: &Keep) -> Result<Kind, SyntaxError> {
        let mut members = Vec::new();
        self.members(|r| {
            let offset = r.pos;
            let (name, child) = r.member_name(keep)?;
            r.colon()?;
            if matches!(child, Keep::Nothing) {
                return r.skip(depth + 1);
            }
            let streamed = depth == 0 && name == "items" && r.peek() == Some(b'[');
            let value = match r.on_item.take() {
                Some(on_item) if streamed => {
                    let value = r.hand_over(on_item, child);
                    r.on_item = Some(on_item);
                    value?
                }
                on_item => {
                    r.on_item = on_item;
                    r.value(depth + 1, child)?
                }
            };
            members.push(Member {
                name,
                offset,
                value,
            });
            Ok(())
        })?;
        Ok(Kind::Object(members))
    }

    /// The top-level `items` array, each item handed to `on_item` as it is read (depth 2).
    fn hand_over(
        &mut self,
        on_item: &mut dyn FnMut(usize, Value),
        keep: &Keep,
    ) -> Result<Value, SyntaxError> {
        let offset = self.pos;
        let array = self.arrays;
        self.arrays += 1;
        self.items(|r| {
            on_item(array, r.value(2, keep)?);
            Ok(())
        })?;
        Ok(Value {
            offset,
            end: self.pos,
            kind: Kind::Array(Vec::new()),
        })
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
        let end = plain_run(&self.input[start..]);
        let plain = (self.input.get(start + end) == Some(&b'"')).then_some(end);
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
        let mut items = Vec::new();
        if matches!(keep, Keep::Nothing) {
            self.items(|r| r.skip(depth + 1))?;
        } else {
            self.items(|r| {
                items.push(r.value(depth + 1, keep)?);
                Ok(())
            })?;
        }
        Ok(Kind::Array(items))
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
            self.pos += plain_run(&self.input[start..]);
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

    /// Pieces of JSON, whole and broken, that a dropped value may be made of.
    const PIECES: [&str; 24] = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\"a\"",
        "\"\\u00e9\"",
        "\"\\ud800x\"",
        "\"\\q\"",
        "\"",
        "\\",
        "1",
        "-0.5e+3",
        "2.",
        "01",
        "tru",
        "true",
        "null",
        "\u{1}",
        "é",
        "\n",
        "\"\t\"",
    ];

    proptest::proptest! {
        /// The word-wise scan stops where a byte-wise one does.
        #[test]
        fn plain_runs_end_at_the_first_special_byte(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(vec![b'"', b'\\', 0x1f, 0x20, 0x7f, 0x80, 0xff, b'a']),
                ],
                0..40,
            ),
        ) {
            let expected = bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(plain_run(&bytes), expected);
        }

        /// A dropped value is read by its own code path, which builds nothing: it must accept
        /// what the full reader accepts and fail where and as it fails.
        #[test]
        fn a_dropped_value_is_checked_as_a_kept_one(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..24),
            deep in 0usize..3,
        ) {
            let value: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let text = format!("{{\"items\": [{}{{\"drop\": {value}}}{}]}}", "[".repeat(deep), "]".repeat(deep));
            let full = parse(text.as_bytes()).map(drop);
            let pruned = parse_pruned(text.as_bytes(), &PRUNED).map(drop);
            proptest::prop_assert_eq!(pruned, full, "{}", text);
        }
    }

    /// A list's items are handed over as they are read, with which `items` array they are in,
    /// pruned as asked; nested `items` stay where they are.
    #[test]
    fn a_lists_items_are_handed_over_as_they_are_read() {
        let text = br#"{"items": [{"metadata": {"name": "a", "uid": "1"}}], "kind": "List", "items": [{"items": [1]}, {"metadata": {"name": "b"}}]}"#;
        let mut handed = Vec::new();
        let root = parse_items(text, &PRUNED, &mut |array, item| {
            let name = item
                .get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(Value::as_str);
            handed.push((array, name.map(str::to_owned), item.get("items").is_some()));
        })
        .unwrap();
        assert_eq!(
            handed,
            [
                (0, Some("a".to_owned()), false),
                (1, None, true),
                (1, Some("b".to_owned()), false),
            ]
        );
        let kept: Vec<_> = root.members_named("items").map(|m| &m.value.kind).collect();
        assert_eq!(kept, [&Kind::Array(Vec::new()), &Kind::Array(Vec::new())]);
        // Handing over changes nothing of what is checked.
        let bad = br#"{"items": [{"status": tru}]}"#;
        assert_eq!(
            parse_items(bad, &PRUNED, &mut |_, _| {}).unwrap_err(),
            parse(bad).unwrap_err()
        );
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
