//! Where config bytes sit, so that findings point into them: `line:column`, after the Secret
//! and data key when the bytes came out of a Secret.

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::go::json::{self, LineIndex, SyntaxError};

#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub bytes: &'a [u8],
    /// Empty for a raw file; otherwise names the Secret and data key the bytes came from.
    pub prefix: &'a str,
    /// The bytes' line index, when many offsets will be located in them.
    pub lines: Option<&'a LineIndex>,
}

impl<'a> Place<'a> {
    /// The bytes of a file of their own.
    pub fn file(bytes: &'a [u8]) -> Self {
        Place {
            bytes,
            prefix: "",
            lines: None,
        }
    }

    pub fn locate(&self, offset: usize) -> String {
        let (line, column) = match self.lines {
            Some(index) => index.line_column(offset),
            None => json::line_column(self.bytes, offset),
        };
        if self.prefix.is_empty() {
            format!("{line}:{column}")
        } else {
            format!("{} {line}:{column}", self.prefix)
        }
    }

    /// The `invalid-json` finding for a syntax error in these bytes, or `input-limit` when
    /// the reader refused them (no rule: callers reading a pull secret cite P1, with
    /// `invalid_pull_secret`).
    pub fn invalid_json(&self, error: &SyntaxError) -> Diagnostic {
        let d = if error.limit {
            Diagnostic::new(Code::InputLimit, error.message.clone())
        } else {
            Diagnostic::new(
                Code::InvalidJson,
                format!("not valid JSON: {}", error.message),
            )
        };
        d.at(self.locate(error.offset))
    }

    /// `invalid_json` for a pull secret: a syntax error cites the kubelet's P1, our own limit
    /// no rule of the kubelet's.
    pub fn invalid_pull_secret(&self, error: &SyntaxError) -> Diagnostic {
        let d = self.invalid_json(error);
        if error.limit { d } else { d.rule(Rule::P1) }
    }
}
