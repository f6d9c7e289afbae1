//! Tests about the project as a whole. One named test per diagnostic code: a `yes` input that
//! must emit it and a `no` input (the same situation, fixed) that must not;
//! `every_code_is_documented_and_tested` ties the code table, `docs/diagnostics.md` and these
//! tests together. `rules` does the same for the rule table and `docs/rules.md`, and `layout`
//! checks the guest's import order and that the product stands on its own.

use std::collections::BTreeSet;

use pullsecret_guest::{Code, Diagnostic, Error};

/// Named tests over (code, yes, no); also collects the codes into `TESTED`.
macro_rules! cases {
    ($($name:ident: $code:ident { yes: $yes:expr, no: $no:expr $(,)? })*) => {
        $(
            #[test]
            fn $name() {
                let yes: Vec<pullsecret_guest::Diagnostic> = $yes;
                assert!(
                    yes.iter().any(|d| d.code == pullsecret_guest::Code::$code),
                    "{} not emitted: {yes:#?}",
                    pullsecret_guest::Code::$code
                );
                let no: Vec<pullsecret_guest::Diagnostic> = $no;
                assert!(
                    !no.iter().any(|d| d.code == pullsecret_guest::Code::$code),
                    "{} emitted: {no:#?}",
                    pullsecret_guest::Code::$code
                );
            }
        )*
        pub const TESTED: &[pullsecret_guest::Code] = &[$(pullsecret_guest::Code::$code,)*];
    };
}

mod audit;
mod existing;
mod layout;
mod rules;
mod validation;

/// The diagnostics of a fallible call: its error, or nothing.
pub fn error_of<T>(result: Result<T, Error>) -> Vec<Diagnostic> {
    match result {
        Ok(_) => Vec::new(),
        Err(Error::InvalidInput(d)) => vec![d],
    }
}

/// The catalogue's entries: each code with the text of its section.
pub fn sections<'a>(doc: &'a str, heading: &str) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find(heading) {
        let after = &rest[start + heading.len()..];
        let (name, body) = after.split_once('\n').unwrap_or((after, ""));
        let end = body
            .find("\n### ")
            .or_else(|| body.find("\n## "))
            .unwrap_or(body.len());
        out.push((name.trim_end_matches('`'), &body[..end]));
        rest = &body[end..];
    }
    out
}

#[test]
fn every_documented_severity_is_the_tables() {
    let catalogue = include_str!("../../../docs/diagnostics.md");
    let mut wrong = Vec::new();
    for (name, body) in sections(catalogue, "### `") {
        let Some(code) = Code::ALL.iter().find(|c| c.as_str() == name) else {
            continue;
        };
        let documented = body
            .trim_start()
            .strip_prefix("**")
            .and_then(|s| s.split("**").next());
        let table = match code.severity() {
            pullsecret_guest::Severity::Error => "error",
            pullsecret_guest::Severity::Warning => "warning",
            pullsecret_guest::Severity::Info => "info",
        };
        if documented != Some(table) {
            wrong.push(format!("{name}: documented {documented:?}, table {table}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_code_is_documented_and_tested() {
    let catalogue = include_str!("../../../docs/diagnostics.md");
    let documented: BTreeSet<&str> = catalogue
        .lines()
        .filter_map(|line| line.strip_prefix("### `")?.split('`').next())
        .collect();
    let emitted: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let tested: BTreeSet<&str> = existing::TESTED
        .iter()
        .chain(validation::TESTED)
        .chain(audit::TESTED)
        .map(|c| c.as_str())
        .collect();
    let undocumented: Vec<_> = emitted.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&emitted).collect();
    let untested: Vec<_> = emitted.difference(&tested).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty() && untested.is_empty(),
        "not in docs/diagnostics.md: {undocumented:?}; documented but never emitted: {unknown:?}; \
         without a named test: {untested:?}"
    );
}
