//! Findings and errors. Every message here is written so that it can be printed as is: it
//! names keys, fields and places, never a password, `auth` value or token.

use std::fmt;

pub use crate::code::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Info,
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
    /// The spec rule behind it (`../shared/specs/`).
    pub rule: Option<&'static str>,
    /// What to do about it (the code's fix; a finding may be more precise).
    pub fix: Option<&'static str>,
    /// The input it is about (the host's label, usually a file path), when the host could
    /// not otherwise tell: lookups span several inputs.
    pub source: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            key: None,
            location: None,
            rule: None,
            fix: code.fix(),
            source: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn at_source(mut self, source: &str) -> Self {
        self.source = Some(source.to_owned());
        self
    }

    pub fn rule(mut self, rule: &'static str) -> Self {
        self.rule = Some(rule);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(rule) = self.rule {
            write!(f, " (rule {rule})")?;
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
