//! `pullsecret explain IMAGE... --secret FILE...`: every consumer side by side, with its
//! verdict on every entry.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use super::r#match::{inputs, load};
use super::{Context, print};
use crate::cli::{ExplainArgs, OutputArg};
use crate::component::{Answerer, Explained, Semantics};
use crate::output::{self, Labels, semantics_name, shown};

pub fn run(ctx: &mut Context, args: &ExplainArgs) -> Result<ExitCode> {
    let lookup = &args.lookup;
    let loaded = load(ctx, lookup)?;
    let explained = ctx
        .guest
        .explain(
            &loaded.secrets,
            &loaded.node,
            &lookup.images,
            lookup.raw,
            args.semantics.map(Into::into),
        )
        .with_context(|| inputs(lookup))?;
    let explained = explained.map_err(|e| ctx.fail(e))?;
    let show = lookup.input.show_secrets;
    let text = match lookup.input.output {
        OutputArg::Json => output::json_text(&json(&explained, show)),
        OutputArg::Text => text(&explained, show, ctx.labels()?),
    };
    print(text)?;
    Ok(ExitCode::SUCCESS)
}

/// The `explain -o json` contract (README): per image, per consumer, the answer and a
/// verdict for every entry.
fn json(explained: &[Explained], show_secrets: bool) -> Value {
    explained
        .iter()
        .map(|e| {
            let consumers: Vec<Value> = e
                .consumers
                .iter()
                .map(|a| {
                    let verdicts: Vec<Value> = a
                        .verdicts
                        .iter()
                        .map(|v| {
                            let mut object = json!({
                                "key": v.key,
                                "source": v.source,
                                "used": v.rank.is_some(),
                            });
                            if let Some(rank) = v.rank {
                                object["rank"] = rank.into();
                            }
                            object["reason"] = v.reason.clone().into();
                            object
                        })
                        .collect();
                    let mut object = json!({
                        "semantics": semantics_name(a.semantics),
                        "lookup": a.lookup,
                        "answer": output::credentials_json(&a.credentials, show_secrets),
                    });
                    if let Some(helper) = &a.credential_helper {
                        object["credential_helper"] = helper.clone().into();
                    }
                    if let Some(failure) = &a.failure {
                        object["error"] = output::diagnostic_json(failure);
                    }
                    object["verdicts"] = Value::Array(verdicts);
                    object["notes"] = output::diagnostics_json(&a.notes);
                    object
                })
                .collect();
            let mut object = json!({ "image": e.image });
            if let Some(answerer) = e.answered_by {
                object["answered_by"] = output::answerer_name(answerer).into();
            }
            object["consumers"] = Value::Array(consumers);
            object
        })
        .collect()
}

fn consumer_label(semantics: Semantics) -> &'static str {
    match semantics {
        Semantics::Kubelet => "kubelet",
        Semantics::Containers => "CRI-O/podman",
        Semantics::Docker => "docker CLI",
    }
}

fn text(explained: &[Explained], show_secrets: bool, labels: &Labels) -> String {
    let mut out = String::new();
    for e in explained {
        out.push_str(&format!(
            "{}  (looks up {})\n",
            shown(&e.image),
            shown(&e.lookup)
        ));
        match e.answered_by {
            Some(Answerer::Kubelet) => out.push_str(
                "  on the node: the kubelet sends credentials and CRI-O pulls with them\n",
            ),
            Some(Answerer::Crio) => out.push_str(
                "  on the node: the kubelet sends nothing, so CRI-O picks from its auth file (the node config)\n",
            ),
            Some(Answerer::Nobody) => {
                out.push_str("  on the node: nobody has a credential; the pull is anonymous\n")
            }
            None => {}
        }
        for a in &e.consumers {
            let answer = if let Some(failure) = &a.failure {
                format!("fails: {}", labels.line(failure))
            } else if let Some(helper) = &a.credential_helper {
                format!("asks credential helper {helper:?} first (not run here)")
            } else if a.credentials.is_empty() {
                "anonymous pull".to_owned()
            } else {
                a.credentials
                    .iter()
                    .map(|c| {
                        let secret = if show_secrets {
                            format!(":{}", c.password)
                        } else {
                            String::new()
                        };
                        shown(&format!("{} ({}{secret})", c.key, c.username)).into_owned()
                    })
                    .collect::<Vec<_>>()
                    .join(", then ")
            };
            out.push_str(&format!(
                "  {:<13}→ {answer}\n",
                consumer_label(a.semantics)
            ));
            let rows: Vec<Vec<String>> = a
                .verdicts
                .iter()
                .map(|v| {
                    let rank = v.rank.map_or("   -".to_owned(), |r| format!("{r:>3}."));
                    vec![
                        format!("  {rank} {}", v.key),
                        v.source.clone(),
                        v.reason.clone(),
                    ]
                })
                .collect();
            out.push_str(&output::table(&rows));
            for note in &a.notes {
                out.push_str(&format!(
                    "    {}: {}\n",
                    output::level(note),
                    labels.line(note)
                ));
            }
        }
    }
    out
}
