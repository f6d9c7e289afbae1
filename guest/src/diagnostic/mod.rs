//! Findings and errors, and the two tables they draw on: every code (`code`) and every rule of
//! another system that a finding cites (`rule`). Every message is written so that it can be
//! printed as is: it names fields and places, never a password, `auth` value or token, and it
//! leaves out the registry key when the finding carries it in `key`.

mod code;
mod rule;

use std::borrow::Cow;
use std::fmt;

pub use code::Code;
pub use rule::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A finding about an input, with a stable kebab-case code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The registry key the finding is about, as written.
    pub key: Option<String>,
    /// Where in the input (`line:column`, possibly prefixed with the Secret and data key).
    pub location: Option<String>,
    /// The rule of the consumer that makes this so (`docs/rules.md`).
    pub rule: Option<Rule>,
    /// What to do about it: the code's fix, or a finding's own exact command.
    pub fix: Option<Cow<'static, str>>,
    /// The input it is about (the host's label, usually a file path), when the host could
    /// not otherwise tell: lookups span several inputs.
    pub source: Option<String>,
}

impl Diagnostic {
    /// A finding with the code's default severity, rule and fix (`code`'s table).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            key: None,
            location: None,
            rule: code.rule(),
            fix: code.fix().map(Cow::Borrowed),
            source: None,
        }
    }

    /// For the few codes whose severity depends on the command (documented per code).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// A fix more precise than the code's: the exact command for this finding.
    pub fn fix(mut self, fix: String) -> Self {
        self.fix = Some(Cow::Owned(fix));
        self
    }

    pub fn at_source(mut self, source: &str) -> Self {
        self.source = Some(source.to_owned());
        self
    }

    /// Cites a more precise rule than the code's default.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rule = Some(rule);
        self
    }

    /// For a code cited where its default rule does not apply (e.g. invalid JSON in a
    /// manifest rather than in a pull secret).
    pub fn without_rule(mut self) -> Self {
        self.rule = None;
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `LOCATION: KEY: message (rule X)`, for test failures and native callers; hosts render
    /// from the fields.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(rule) = self.rule {
            write!(f, " ({rule})")?;
        }
        Ok(())
    }
}

/// Why a guest operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    InvalidInput(Diagnostic),
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::InvalidInput(d)
    }
}
