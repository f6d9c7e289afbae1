//! JSON to YAML exactly as `kubectl -o yaml` prints it.
//!
//! kubectl marshals the object to JSON and hands it to `sigs.k8s.io/yaml.JSONToYAML`, which
//! reads that JSON back with go-yaml v2 into plain Go values (numbers typed by YAML's rules,
//! objects as maps) and marshals them again with go-yaml v2.4.0. This module replays both
//! halves: the read-back (how strings, numbers and objects come out of go-yaml's parser),
//! then go-yaml's encoder events and its emitter state machine, whose column, indentation
//! and whitespace bookkeeping decide every byte.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::resolve::{self, Resolved};
use super::sort;
use crate::go::json::{Kind, Value};

/// The YAML that `JSONToYAML` returns for the JSON text of `value` (as Go's `json.Marshal`
/// writes it), final newline included.
pub fn to_yaml(value: &Value) -> String {
    let events = events(value);
    let mut emitter = Emitter::new(&events);
    emitter.run();
    emitter.out
}

// ---------------------------------------------------------------------------------------
// Reading the JSON back

/// NEL (U+0085): go-yaml's scanner takes it for a line break.
const NEL: char = '\u{85}';

/// The string go-yaml reads from `json.Marshal`'s double-quoted form of `s`.
///
/// Everything is escaped there except spaces and NEL (U+0085), which go-yaml's scanner takes
/// for a line break and folds: a NEL with the spaces around it becomes one space, and each
/// further NEL of the same run a newline.
pub(crate) fn read_back(s: &str) -> Cow<'_, str> {
    if !s.contains(NEL) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    loop {
        while let Some(&c) = chars.peek().filter(|&&c| c != ' ' && c != NEL) {
            out.push(c);
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut spaces = 0;
        let mut line_break = false;
        let mut more_breaks = 0;
        while let Some(&c) = chars.peek().filter(|&&c| c == ' ' || c == NEL) {
            match (c, line_break) {
                (' ', false) => spaces += 1,
                (' ', true) => {}
                (_, false) => {
                    spaces = 0;
                    line_break = true;
                }
                (_, true) => more_breaks += 1,
            }
            chars.next();
        }
        if !line_break {
            out.extend(std::iter::repeat_n(' ', spaces));
        } else if more_breaks == 0 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', more_breaks));
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// Encoder: Go values to emitter events

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

#[derive(Debug, Clone, PartialEq)]
enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    /// Value and the style the encoder asks for.
    Scalar(String, Style),
}

/// A collection being walked (iteratively, so depth costs no call stack).
enum Frame<'a> {
    Sequence(std::slice::Iter<'a, Value>),
    Mapping(std::vec::IntoIter<(String, &'a Value)>),
}

fn events(root: &Value) -> Vec<Event> {
    let mut out = vec![Event::StreamStart, Event::DocumentStart];
    let mut stack = Vec::new();
    node(root, &mut out, &mut stack);
    while let Some(frame) = stack.last_mut() {
        let next = match frame {
            Frame::Sequence(items) => items.next().map(|v| (None, v)),
            Frame::Mapping(members) => members.next().map(|(k, v)| (Some(k), v)),
        };
        match next {
            Some((key, value)) => {
                if let Some(key) = key {
                    out.push(string_scalar(key));
                }
                node(value, &mut out, &mut stack);
            }
            None => {
                let end = match stack.pop() {
                    Some(Frame::Sequence(_)) => Event::SequenceEnd,
                    _ => Event::MappingEnd,
                };
                out.push(end);
            }
        }
    }
    out.push(Event::DocumentEnd);
    out.push(Event::StreamEnd);
    out
}

/// Events for a scalar, or the start of a collection pushed on `stack`.
fn node<'a>(value: &'a Value, out: &mut Vec<Event>, stack: &mut Vec<Frame<'a>>) {
    let plain = |s: &str| Event::Scalar(s.to_string(), Style::Plain);
    match &value.kind {
        Kind::Null => out.push(plain("null")),
        Kind::Bool(b) => out.push(plain(if *b { "true" } else { "false" })),
        Kind::Number(text) => out.push(match resolve::resolve(text) {
            Resolved::Null => plain("null"),
            Resolved::Bool(b) => plain(if b { "true" } else { "false" }),
            Resolved::Int(i) => plain(&i.to_string()),
            Resolved::Uint(u) => plain(&u.to_string()),
            Resolved::Float(f) => plain(&float_text(f)),
            // Read into interface{} as the text itself.
            Resolved::Timestamp | Resolved::Str => string_scalar(text.clone()),
        }),
        Kind::String(s) => out.push(string_scalar(read_back(s).into_owned())),
        Kind::Array(items) => {
            out.push(Event::SequenceStart);
            stack.push(Frame::Sequence(items.iter()));
        }
        Kind::Object(members) => {
            // A Go map: the last of equal names wins, then go-yaml sorts the keys.
            let mut index: BTreeMap<String, usize> = BTreeMap::new();
            let mut entries: Vec<(String, &Value)> = Vec::new();
            for member in members {
                let name = read_back(&member.name).into_owned();
                match index.get(&name) {
                    Some(&at) => entries[at].1 = &member.value,
                    None => {
                        index.insert(name.clone(), entries.len());
                        entries.push((name, &member.value));
                    }
                }
            }
            out.push(Event::MappingStart);
            stack.push(Frame::Mapping(sort::sort_keys(entries).into_iter()));
        }
    }
}

/// go-yaml's `floatv`: Go's shortest `%g`, with YAML's spellings of the non-finite values.
fn float_text(f: f64) -> String {
    match resolve::format_float(f).as_str() {
        "+Inf" => ".inf".to_string(),
        "-Inf" => "-.inf".to_string(),
        "NaN" => ".nan".to_string(),
        other => other.to_string(),
    }
}

/// go-yaml's `stringv`: plain unless the text would read back as something else (or as a
/// YAML 1.1 sexagesimal float), literal when it holds a newline.
fn string_scalar(s: String) -> Event {
    let style = if s.contains('\n') {
        Style::Literal
    } else if resolve::resolve(&s) == Resolved::Str && !resolve::is_base60_float(&s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    Event::Scalar(s, style)
}

// ---------------------------------------------------------------------------------------
// Emitter

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: i64 = 80;
/// Longest scalar, in bytes, that may be a simple (`key: value`) key.
const SIMPLE_KEY_MAX: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    FirstDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    FlowSequenceFirstItem,
    FlowSequenceItem,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingSimpleValue,
    FlowMappingValue,
    BlockSequenceFirstItem,
    BlockSequenceItem,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingSimpleValue,
    BlockMappingValue,
    End,
}

/// What a scalar's text allows, from go-yaml's `analyze_scalar`.
#[derive(Debug, Clone, Copy, Default)]
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

struct Emitter<'e> {
    events: &'e [Event],
    head: usize,
    out: String,
    state: State,
    states: Vec<State>,
    indent: i64,
    indents: Vec<i64>,
    flow_level: usize,
    root_context: bool,
    mapping_context: bool,
    simple_key_context: bool,
    column: i64,
    /// The last thing written was whitespace (or nothing).
    whitespace: bool,
    /// Only indentation written on this line so far.
    indention: bool,
    open_ended: bool,
    analysis: Analysis,
}

impl<'e> Emitter<'e> {
    fn new(events: &'e [Event]) -> Self {
        Emitter {
            events,
            head: 0,
            out: String::new(),
            state: State::StreamStart,
            states: Vec::new(),
            indent: -1,
            indents: Vec::new(),
            flow_level: 0,
            root_context: false,
            mapping_context: false,
            simple_key_context: false,
            column: 0,
            whitespace: true,
            indention: true,
            open_ended: false,
            analysis: Analysis::default(),
        }
    }

    fn run(&mut self) {
        let events = self.events;
        for (head, event) in events.iter().enumerate() {
            self.head = head;
            if *event == Event::StreamEnd {
                // The encoder clears this before ending the stream, so no `...` is written.
                self.open_ended = false;
            }
            if let Event::Scalar(value, _) = event {
                self.analysis = analyze_scalar(value);
            }
            self.dispatch(event);
        }
    }

    fn dispatch(&mut self, event: &Event) {
        match self.state {
            State::StreamStart => self.stream_start(event),
            State::FirstDocumentStart => self.document_start(event, true),
            State::DocumentStart => self.document_start(event, false),
            State::DocumentContent => {
                self.states.push(State::DocumentEnd);
                self.node(event, true, false, false);
            }
            State::DocumentEnd => self.document_end(event),
            State::FlowSequenceFirstItem => self.flow_sequence_item(event, true),
            State::FlowSequenceItem => self.flow_sequence_item(event, false),
            State::FlowMappingFirstKey => self.flow_mapping_key(event, true),
            State::FlowMappingKey => self.flow_mapping_key(event, false),
            State::FlowMappingSimpleValue => self.flow_mapping_value(event, true),
            State::FlowMappingValue => self.flow_mapping_value(event, false),
            State::BlockSequenceFirstItem => self.block_sequence_item(event, true),
            State::BlockSequenceItem => self.block_sequence_item(event, false),
            State::BlockMappingFirstKey => self.block_mapping_key(event, true),
            State::BlockMappingKey => self.block_mapping_key(event, false),
            State::BlockMappingSimpleValue => self.block_mapping_value(event, true),
            State::BlockMappingValue => self.block_mapping_value(event, false),
            State::End => {}
        }
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn stream_start(&mut self, event: &Event) {
        if *event == Event::StreamStart {
            self.indent = -1;
            self.column = 0;
            self.whitespace = true;
            self.indention = true;
            self.state = State::FirstDocumentStart;
        }
    }

    fn document_start(&mut self, event: &Event, first: bool) {
        match event {
            Event::DocumentStart => {
                // The encoder's documents are implicit; only a later one needs `---`.
                if !first {
                    self.write_indent();
                    self.write_indicator("---", true, false, false);
                }
                self.state = State::DocumentContent;
            }
            Event::StreamEnd => {
                if self.open_ended {
                    self.write_indicator("...", true, false, false);
                    self.write_indent();
                }
                self.state = State::End;
            }
            _ => {}
        }
    }

    fn document_end(&mut self, event: &Event) {
        if *event == Event::DocumentEnd {
            self.write_indent();
            self.state = State::DocumentStart;
        }
    }

    fn flow_sequence_item(&mut self, event: &Event, first: bool) {
        if first {
            self.write_indicator("[", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if *event == Event::SequenceEnd {
            self.flow_level = self.flow_level.saturating_sub(1);
            self.pop_indent();
            self.write_indicator("]", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(",", false, false, false);
        }
        if self.column > BEST_WIDTH {
            self.write_indent();
        }
        self.states.push(State::FlowSequenceItem);
        self.node(event, false, false, false);
    }

    fn flow_mapping_key(&mut self, event: &Event, first: bool) {
        if first {
            self.write_indicator("{", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if *event == Event::MappingEnd {
            self.flow_level = self.flow_level.saturating_sub(1);
            self.pop_indent();
            self.write_indicator("}", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(",", false, false, false);
        }
        if self.column > BEST_WIDTH {
            self.write_indent();
        }
        if self.check_simple_key() {
            self.states.push(State::FlowMappingSimpleValue);
            self.node(event, false, true, true);
        } else {
            self.write_indicator("?", true, false, false);
            self.states.push(State::FlowMappingValue);
            self.node(event, false, true, false);
        }
    }

    fn flow_mapping_value(&mut self, event: &Event, simple: bool) {
        if simple {
            self.write_indicator(":", false, false, false);
        } else {
            if self.column > BEST_WIDTH {
                self.write_indent();
            }
            self.write_indicator(":", true, false, false);
        }
        self.states.push(State::FlowMappingKey);
        self.node(event, false, true, false);
    }

    fn block_sequence_item(&mut self, event: &Event, first: bool) {
        if first {
            // A sequence that is a mapping's value starts at the key's own indentation.
            let indentless = self.mapping_context && !self.indention;
            self.increase_indent(false, indentless);
        }
        if *event == Event::SequenceEnd {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        self.write_indicator("-", true, false, true);
        self.states.push(State::BlockSequenceItem);
        self.node(event, false, false, false);
    }

    fn block_mapping_key(&mut self, event: &Event, first: bool) {
        if first {
            self.increase_indent(false, false);
        }
        if *event == Event::MappingEnd {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        if self.check_simple_key() {
            self.states.push(State::BlockMappingSimpleValue);
            self.node(event, false, true, true);
        } else {
            self.write_indicator("?", true, false, true);
            self.states.push(State::BlockMappingValue);
            self.node(event, false, true, false);
        }
    }

    fn block_mapping_value(&mut self, event: &Event, simple: bool) {
        if simple {
            self.write_indicator(":", false, false, false);
        } else {
            self.write_indent();
            self.write_indicator(":", true, false, true);
        }
        self.states.push(State::BlockMappingKey);
        self.node(event, false, true, false);
    }

    fn node(&mut self, event: &Event, root: bool, mapping: bool, key: bool) {
        self.root_context = root;
        self.mapping_context = mapping;
        self.simple_key_context = key;
        match event {
            Event::Scalar(value, style) => self.scalar(value, *style),
            Event::SequenceStart => {
                self.state = if self.flow_level > 0 || self.next_is(&Event::SequenceEnd) {
                    State::FlowSequenceFirstItem
                } else {
                    State::BlockSequenceFirstItem
                };
            }
            Event::MappingStart => {
                self.state = if self.flow_level > 0 || self.next_is(&Event::MappingEnd) {
                    State::FlowMappingFirstKey
                } else {
                    State::BlockMappingFirstKey
                };
            }
            _ => {}
        }
    }

    /// Whether the event after the current one is `end` (an empty collection).
    fn next_is(&self, end: &Event) -> bool {
        self.events.get(self.head + 1) == Some(end)
    }

    /// Whether the current node fits `key: value`: a one-line scalar of at most 128 bytes,
    /// or an empty collection.
    fn check_simple_key(&self) -> bool {
        match self.events.get(self.head) {
            Some(Event::Scalar(value, _)) => {
                !self.analysis.multiline && value.len() <= SIMPLE_KEY_MAX
            }
            Some(Event::SequenceStart) => self.next_is(&Event::SequenceEnd),
            Some(Event::MappingStart) => self.next_is(&Event::MappingEnd),
            _ => false,
        }
    }

    fn scalar(&mut self, value: &str, requested: Style) {
        let style = self.select_style(value, requested);
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
        self.pop_state();
    }

    fn select_style(&self, value: &str, requested: Style) -> Style {
        let a = self.analysis;
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            let flow = self.flow_level > 0;
            if flow && !a.flow_plain_allowed || !flow && !a.block_plain_allowed {
                style = Style::SingleQuoted;
            }
            if value.is_empty() && (flow || self.simple_key_context) {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal
            && (!a.block_allowed || self.flow_level > 0 || self.simple_key_context)
        {
            style = Style::DoubleQuoted;
        }
        style
    }

    // -- writing ------------------------------------------------------------------------

    fn put(&mut self, c: u8) {
        self.out.push(char::from(c));
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Copies the character at byte `*i` of `s`; every character is one column.
    fn write(&mut self, s: &str, i: &mut usize) {
        match s.get(*i..).and_then(|rest| rest.chars().next()) {
            Some(c) => {
                self.out.push(c);
                self.column += 1;
                *i += c.len_utf8();
            }
            None => *i = s.len(),
        }
    }

    fn write_all(&mut self, s: &str) {
        let mut i = 0;
        while i < s.len() {
            self.write(s, &mut i);
        }
    }

    /// Copies a line break: `\n` as the emitter's own break, others verbatim.
    fn write_break(&mut self, s: &str, i: &mut usize) {
        if s.as_bytes().get(*i) == Some(&b'\n') {
            self.put_break();
            *i += 1;
        } else {
            self.write(s, i);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || self.column == indent && !self.whitespace {
            self.put_break();
        }
        while self.column < indent {
            self.put(b' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_space: bool,
        is_space: bool,
        is_indent: bool,
    ) {
        if need_space && !self.whitespace {
            self.put(b' ');
        }
        self.write_all(indicator);
        self.whitespace = is_space;
        self.indention = self.indention && is_indent;
        self.open_ended = false;
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        let b = value.as_bytes();
        if !self.whitespace {
            self.put(b' ');
        }
        let (mut spaces, mut breaks) = (false, false);
        let mut i = 0;
        while i < b.len() {
            if is_space(b, i) {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !is_space(b, i + 1) {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(b, i) {
                if !breaks && b[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
        if self.root_context {
            self.open_ended = true;
        }
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        let b = value.as_bytes();
        self.write_indicator("'", true, false, false);
        let (mut spaces, mut breaks) = (false, false);
        let mut i = 0;
        while i < b.len() {
            if is_space(b, i) {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < b.len() - 1
                    && !is_space(b, i + 1)
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(b, i) {
                if !breaks && b[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if b[i] == b'\'' {
                    self.put(b'\'');
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        let b = value.as_bytes();
        let mut spaces = false;
        self.write_indicator("\"", true, false, false);
        let mut i = 0;
        while i < b.len() {
            // A leading BOM makes go-yaml escape every character of the value (its BOM test
            // looks at the first bytes of the value, not at the current position).
            if !is_printable(b, i)
                || starts_with_bom(b)
                || is_break(b, i)
                || b[i] == b'"'
                || b[i] == b'\\'
            {
                let Some(c) = value.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                i += c.len_utf8();
                self.put(b'\\');
                match c {
                    '\0' => self.put(b'0'),
                    '\u{7}' => self.put(b'a'),
                    '\u{8}' => self.put(b'b'),
                    '\t' => self.put(b't'),
                    '\n' => self.put(b'n'),
                    '\u{b}' => self.put(b'v'),
                    '\u{c}' => self.put(b'f'),
                    '\r' => self.put(b'r'),
                    '\u{1b}' => self.put(b'e'),
                    '"' => self.put(b'"'),
                    '\\' => self.put(b'\\'),
                    '\u{85}' => self.put(b'N'),
                    '\u{a0}' => self.put(b'_'),
                    '\u{2028}' => self.put(b'L'),
                    '\u{2029}' => self.put(b'P'),
                    _ => {
                        let code = c as u32;
                        let (letter, digits) = match code {
                            0..=0xFF => (b'x', 2),
                            0x100..=0xFFFF => (b'u', 4),
                            _ => (b'U', 8),
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            let digit = ((code >> (4 * k)) & 0xF) as u8;
                            self.put(if digit < 10 {
                                b'0' + digit
                            } else {
                                b'A' + digit - 10
                            });
                        }
                    }
                }
                spaces = false;
            } else if is_space(b, i) {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < b.len() - 1 {
                    self.write_indent();
                    if is_space(b, i + 1) {
                        self.put(b'\\');
                    }
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_hints(&mut self, b: &[u8]) {
        if is_space(b, 0) || is_break(b, 0) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        self.open_ended = false;
        // Chomping: `-` without a final break, `+` when the value ends in two breaks (or is
        // just one), default (clip) for exactly one.
        let char_start = |mut i: usize| {
            while i > 0 && b[i] & 0xC0 == 0x80 {
                i -= 1;
            }
            i
        };
        let chomp = if b.is_empty() {
            Some("-")
        } else {
            let last = char_start(b.len() - 1);
            if !is_break(b, last) {
                Some("-")
            } else if last == 0 || is_break(b, char_start(last - 1)) {
                self.open_ended = true;
                Some("+")
            } else {
                None
            }
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
    }

    fn write_literal(&mut self, value: &str) {
        let b = value.as_bytes();
        self.write_indicator("|", true, false, false);
        self.write_block_hints(b);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < b.len() {
            if is_break(b, i) {
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Byte classes, as go-yaml tests them on UTF-8 (past the end reads as NUL)

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn is_space(b: &[u8], i: usize) -> bool {
    at(b, i) == b' '
}

fn is_blank(b: &[u8], i: usize) -> bool {
    matches!(at(b, i), b' ' | b'\t')
}

/// CR, LF, NEL, LS or PS.
fn is_break(b: &[u8], i: usize) -> bool {
    match at(b, i) {
        b'\r' | b'\n' => true,
        0xC2 => at(b, i + 1) == 0x85,
        0xE2 => at(b, i + 1) == 0x80 && matches!(at(b, i + 2), 0xA8 | 0xA9),
        _ => false,
    }
}

fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_break(b, i) || at(b, i) == 0
}

fn starts_with_bom(b: &[u8]) -> bool {
    b.starts_with(&[0xEF, 0xBB, 0xBF])
}

/// go-yaml's printable set: LF, ASCII graphics and space, and U+00A0 to U+FFFD except
/// surrogates, U+FEFF and U+FFFE/F. Nothing beyond the BMP (so emoji get escaped).
fn is_printable(b: &[u8], i: usize) -> bool {
    let (c0, c1, c2) = (at(b, i), at(b, i + 1), at(b, i + 2));
    match c0 {
        0x0A | 0x20..=0x7E => true,
        0xC2 => c1 >= 0xA0,
        0xC3..=0xEC => true,
        0xED => c1 < 0xA0,
        0xEE => true,
        0xEF => !(c1 == 0xBB && c2 == 0xBF || c1 == 0xBF && matches!(c2, 0xBE | 0xBF)),
        _ => false,
    }
}

/// Bytes in the UTF-8 sequence led by `b` (0 for a continuation byte).
fn width(b: u8) -> usize {
    match b {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 0,
    }
}

fn analyze_scalar(value: &str) -> Analysis {
    let b = value.as_bytes();
    if b.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = b.starts_with(b"---") || b.starts_with(b"...");
    let mut flow_indicators = block_indicators;
    let (mut line_breaks, mut special_characters) = (false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;

    let mut i = 0;
    while i < b.len() {
        let w = width(b[i]).max(1);
        let followed_by_whitespace = i + w >= b.len() || is_blank(b, i + w);
        if i == 0 {
            match b[i] {
                b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                | b'\'' | b'"' | b'%' | b'@' | b'`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                b'?' | b':' => {
                    flow_indicators = true;
                    block_indicators |= followed_by_whitespace;
                }
                b'-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match b[i] {
                b',' | b'?' | b'[' | b']' | b'{' | b'}' => flow_indicators = true,
                b':' => {
                    flow_indicators = true;
                    block_indicators |= followed_by_whitespace;
                }
                b'#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(b, i) {
            special_characters = true;
        }
        if is_space(b, i) {
            leading_space |= i == 0;
            trailing_space |= i + w == b.len();
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(b, i) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + w == b.len();
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(b, i);
        i += w;
    }

    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::json::Member;

    fn v(kind: Kind) -> Value {
        Value {
            offset: 0,
            end: 0,
            kind,
        }
    }
    fn s(text: &str) -> Value {
        v(Kind::String(text.to_string()))
    }
    fn n(text: &str) -> Value {
        v(Kind::Number(text.to_string()))
    }
    fn obj(members: Vec<(&str, Value)>) -> Value {
        v(Kind::Object(
            members
                .into_iter()
                .map(|(name, value)| Member {
                    name: name.to_string(),
                    offset: 0,
                    value,
                })
                .collect(),
        ))
    }

    #[test]
    fn scalars_at_root() {
        assert_eq!(to_yaml(&v(Kind::Null)), "null\n");
        assert_eq!(to_yaml(&s("")), "\"\"\n");
        assert_eq!(to_yaml(&s("a\nb")), "|-\n  a\n  b\n");
        assert_eq!(to_yaml(&s("a\n")), "|\n  a\n");
        assert_eq!(to_yaml(&n("1.0")), "1\n");
        assert_eq!(to_yaml(&n("1e400")), "1e400\n");
        assert_eq!(to_yaml(&v(Kind::Array(vec![]))), "[]\n");
        assert_eq!(to_yaml(&obj(vec![])), "{}\n");
    }

    #[test]
    fn mapping_layout() {
        let doc = obj(vec![
            (
                "b",
                v(Kind::Array(vec![
                    s("x"),
                    v(Kind::Array(vec![s("z")])),
                    obj(vec![("k", s("v"))]),
                ])),
            ),
            ("a", s("first")),
            ("a", s("last")),
            ("c", obj(vec![])),
            ("n", s("N")),
        ]);
        assert_eq!(
            to_yaml(&doc),
            "a: last\nb:\n- x\n- - z\n- k: v\nc: {}\n\"n\": \"N\"\n"
        );
    }

    #[test]
    fn nel_folds_when_read_back() {
        assert_eq!(read_back("a \u{85} b"), "a b");
        assert_eq!(read_back("a\u{85}\u{85}\u{85}b"), "a\n\nb");
        assert_eq!(read_back("a\u{85}"), "a ");
        assert_eq!(read_back("a  "), "a  ");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut doc = v(Kind::Null);
        for _ in 0..100_000 {
            doc = v(Kind::Array(vec![doc]));
        }
        let out = to_yaml(&doc);
        assert!(out.starts_with("- - - "));
        // Dropping a deep tree recurses; take it apart by hand.
        let mut next = Some(doc);
        while let Some(Value {
            kind: Kind::Array(mut items),
            ..
        }) = next
        {
            next = items.pop();
        }
    }
}
