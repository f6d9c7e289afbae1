//! `pullsecret key KEY... [--against LOOKUP]`: how the kubelet reads registry keys.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::{Context, print};
use crate::cli::{KeyArgs, OutputArg};
use crate::component::KeyReport;
use crate::output;

pub fn run(ctx: &mut Context, args: &KeyArgs) -> Result<ExitCode> {
    let report = ctx.guest.keys(&args.keys, args.against.as_deref())?;
    print(match args.output {
        OutputArg::Json => output::json_text(&json(&report)),
        OutputArg::Text => text(&report),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The `key -o json` contract (README).
fn json(report: &KeyReport) -> Value {
    let keys: Vec<Value> = report
        .keys
        .iter()
        .map(|k| {
            let mut object = json!({
                "key": k.key,
                "normalized": k.normalized,
                "host": k.host,
                "port": k.port,
                "path": k.path,
            });
            if let Some(matches) = k.matches {
                object["matches"] = matches.into();
            }
            object
        })
        .collect();
    match (&report.target, report.default_registry) {
        (Some(target), Some(default_registry)) => json!({
            "target": target,
            "default_registry": default_registry,
            "keys": keys,
        }),
        _ => json!({ "keys": keys }),
    }
}

fn text(report: &KeyReport) -> String {
    let mut rows = vec![vec![
        "KEY".into(),
        "INDEX KEY".into(),
        "HOST".into(),
        "PORT".into(),
        "PATH".into(),
    ]];
    if report.target.is_some() {
        rows[0].push("MATCHES".into());
    }
    for k in &report.keys {
        let mut row = vec![
            k.key.clone(),
            k.normalized
                .clone()
                .unwrap_or_else(|| "(skipped: does not parse)".into()),
            k.host.clone(),
            k.port.clone(),
            k.path.clone(),
        ];
        if let Some(m) = k.matches {
            row.push(if m { "yes" } else { "no" }.into());
        }
        rows.push(row);
    }
    let mut out = String::new();
    if let (Some(target), Some(default_registry)) = (&report.target, report.default_registry) {
        let hub = if default_registry {
            "Docker Hub fallback applies"
        } else {
            "no Docker Hub fallback"
        };
        out.push_str(&format!("against {}  ({hub})\n", output::shown(target)));
    }
    out.push_str(&output::table(&rows));
    out
}
