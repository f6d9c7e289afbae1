//! One named test per diagnostic code: a `yes` input that must emit it and a `no` input (the
//! same situation, fixed) that must not. `every_code_is_documented_and_tested` ties the three
//! lists together: the codes the guest can emit (`Code::ALL`), the catalogue
//! (`docs/diagnostics.md`) and the codes tested here.

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

mod existing;
mod validation;

/// The diagnostics of a fallible call: its error, or nothing.
pub fn error_of<T>(result: Result<T, Error>) -> Vec<Diagnostic> {
    match result {
        Ok(_) => Vec::new(),
        Err(Error::InvalidInput(d)) => vec![d],
    }
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
