//! `pullsecret diff OLD NEW`: what changed, entry by entry, never the secrets.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::{Context, print};
use crate::cli::{DiffArgs, OutputArg};
use crate::component::{Change, ChangeKind, Diagnostic, Format};
use crate::output::{self, shown};

pub fn run(ctx: &mut Context, args: &DiffArgs) -> Result<ExitCode> {
    let old = ctx.load_one(&args.old)?;
    let new = ctx.load_one(&args.new)?;
    let formats = [ctx.guest.format(old)?, ctx.guest.format(new)?];
    let (changes, warnings) = ctx.guest.diff(old, new)?.map_err(|e| ctx.fail(e))?;
    ctx.report_all(&warnings)?;
    if formats.contains(&Format::Dockercfg) {
        let [old_format, new_format] = formats.map(output::format_name);
        let _ = writeln!(
            io::stderr(),
            "info: comparing {} (.{old_format}) with {} (.{new_format}), entry by entry",
            shown(&args.old.display().to_string()),
            shown(&args.new.display().to_string()),
        );
    }
    print(match args.output {
        OutputArg::Json => output::json_text(&json(&changes, &warnings, formats)),
        OutputArg::Text => text(&changes),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn parts(c: &Change) -> (&'static str, Vec<String>) {
    match &c.kind {
        ChangeKind::Added => ("added", Vec::new()),
        ChangeKind::Removed => ("removed", Vec::new()),
        ChangeKind::Changed(fields) => ("changed", fields.clone()),
    }
}

/// The `diff -o json` contract (README).
fn json(changes: &[Change], warnings: &[Diagnostic], formats: [Format; 2]) -> Value {
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| {
            let (change, fields) = parts(c);
            let mut object = json!({ "key": c.key, "change": change });
            if !fields.is_empty() {
                object["fields"] = fields.into();
            }
            object
        })
        .collect();
    let [old, new] = formats.map(output::format_name);
    json!({
        "formats": { "old": old, "new": new },
        "changes": changes,
        "warnings": output::diagnostics_json(warnings),
    })
}

fn text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no entry changed\n".to_owned();
    }
    changes
        .iter()
        .map(|c| {
            let key = shown(&c.key);
            match parts(c) {
                ("added", _) => format!("+ {key}  added\n"),
                ("removed", _) => format!("- {key}  removed\n"),
                (_, fields) => format!("~ {key}  {} changed\n", fields.join(", ")),
            }
        })
        .collect()
}
