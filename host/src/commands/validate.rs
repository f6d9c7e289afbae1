//! `pullsecret validate FILE... [--policy NAME|FILE]...`: every finding, with its code, place
//! and fix. Inputs that cannot be read (the component's `input-limit` included) and policies
//! that do not check out stop with exit 2 before anything is reported; findings decide
//! between 0 and 1.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};

use super::{Context, print};
use crate::cli::{OutputArg, ValidateArgs};
use crate::component::{Diagnostic, Input, PolicyContext, Severity};
use crate::output::{self, Labels};

/// The code of an input the component refuses to read (`docs/diagnostics.md#input-limit`).
const INPUT_LIMIT: &str = "input-limit";

pub fn run(ctx: &mut Context, args: &ValidateArgs) -> Result<ExitCode> {
    let mut policies = Vec::new();
    let mut problems = Vec::new();
    for wanted in &args.policies {
        let path = Path::new(wanted);
        let parsed = if path.is_file() || path == Path::new("-") {
            let bytes = ctx.input.read(path)?;
            ctx.guest.parse_policy(wanted, &bytes)?
        } else if let Some(policy) = ctx.guest.builtin_policy(wanted)? {
            Ok(policy)
        } else {
            let shipped = ctx.guest.builtin_policy_names()?.join(", ");
            bail!("--policy {wanted}: no such file, and not a shipped policy ({shipped})");
        };
        match parsed {
            Ok(policy) => policies.push(policy),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        ctx.report_all(&problems)?;
        bail!(
            "{} problem(s) in the policies; nothing was validated",
            problems.len()
        );
    }
    let context = PolicyContext {
        mirrors: args.mirrors.clone(),
        images: args.images.clone(),
    };
    let problems = ctx.guest.check_context(&context)?;
    if !problems.is_empty() {
        ctx.report_all(&problems)?;
        bail!(
            "{} problem(s) in the arguments; nothing was validated",
            problems.len()
        );
    }
    let mut inputs = Vec::new();
    for path in &args.files {
        inputs.push(Input {
            source: path.display().to_string(),
            bytes: ctx.input.read(path)?,
        });
    }
    let sources: Vec<&str> = inputs.iter().map(|i| i.source.as_str()).collect();
    let findings = ctx
        .guest
        .validate(&inputs, &policies, &context)
        .with_context(|| sources.join(", "))?;
    // The component refused to read an input (too deeply nested, too aliased): an error, as
    // in every other command, not a finding.
    if let Some(refused) = findings.iter().find(|d| d.code == INPUT_LIMIT) {
        bail!(ctx.labels()?.line(refused));
    }
    let text = match args.output {
        OutputArg::Json => output::json_text(&json(&findings, &args.policies)),
        OutputArg::Text => text(&findings, &args.policies, inputs.len(), ctx.labels()?),
    };
    print(text)?;
    Ok(if findings.iter().any(|d| d.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn count(findings: &[Diagnostic], severity: Severity) -> usize {
    findings.iter().filter(|d| d.severity == severity).count()
}

/// The `validate -o json` contract (README).
fn json(findings: &[Diagnostic], policies: &[String]) -> Value {
    json!({
        "valid": count(findings, Severity::Error) == 0,
        "policies": policies,
        "summary": {
            "errors": count(findings, Severity::Error),
            "warnings": count(findings, Severity::Warning),
            "info": count(findings, Severity::Info),
        },
        "findings": output::diagnostics_json(findings),
    })
}

/// One finding per line, `severity[code]` after the place, the fix indented below.
fn text(findings: &[Diagnostic], policies: &[String], inputs: usize, labels: &Labels) -> String {
    let mut out = String::new();
    for d in findings {
        let mut place = output::place(d);
        if !place.is_empty() {
            place.push_str(": ");
        }
        out.push_str(&format!(
            "{place}{} {}\n",
            output::level(d),
            labels.message(d)
        ));
        if let Some(fix) = &d.fix {
            out.push_str(&format!("    fix: {fix}\n"));
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut summary = format!(
        "{}: {}, {}, {}",
        plural(inputs, "input"),
        plural(count(findings, Severity::Error), "error"),
        plural(count(findings, Severity::Warning), "warning"),
        plural(count(findings, Severity::Info), "note"),
    );
    if !policies.is_empty() {
        summary.push_str(&format!(
            " (policies: {})",
            output::shown(&policies.join(", "))
        ));
    }
    out.push_str(&summary);
    out.push('\n');
    out
}
