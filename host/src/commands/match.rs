//! `pullsecret match IMAGE... --secret FILE...`: the credentials a consumer sends for each
//! image, in order; with `--node-config`, who answers on the node.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use super::{Context, print};
use crate::cli::{LookupArgs, MatchArgs, OutputArg};
use crate::component::{Answer, Answerer, ConfigHandle, Matches, Semantics};
use crate::output::{self, semantics_name, shown};

/// The pull secrets and node files of a lookup, parsed.
pub struct Loaded {
    pub secrets: Vec<ConfigHandle>,
    pub node: Vec<ConfigHandle>,
}

/// Reads `--secret` and `--node-config` files (`explain` shares this).
pub fn load(ctx: &mut Context, args: &LookupArgs) -> Result<Loaded> {
    let forced = args.input.format.map(Into::into);
    let secrets = ctx.load(&args.secrets, forced)?;
    let node_files: Vec<_> = args.node_config.iter().cloned().collect();
    let node = ctx.load(&node_files, forced)?;
    Ok(Loaded { secrets, node })
}

/// The files a lookup reads, for an error that no one of them explains alone (the component
/// running out of its budget).
pub fn inputs(args: &LookupArgs) -> String {
    let files = args.secrets.iter().chain(&args.node_config);
    files
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(ctx: &mut Context, args: &MatchArgs) -> Result<ExitCode> {
    let lookup = &args.lookup;
    let loaded = load(ctx, lookup)?;
    let matches = ctx
        .guest
        .match_images(
            args.semantics.into(),
            &loaded.secrets,
            &loaded.node,
            &lookup.images,
            lookup.raw,
        )
        .with_context(|| inputs(lookup))?;
    let matches = matches.map_err(|e| ctx.fail(e))?;
    ctx.report_all(&matches.notes)?;
    let show = lookup.input.show_secrets;
    print(match lookup.input.output {
        OutputArg::Json => output::json_text(&json(&matches, show)),
        OutputArg::Text => text(&matches, show),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The `match -o json` contract (README): one element per image, in argument order.
fn json(matches: &Matches, show_secrets: bool) -> Value {
    matches
        .results
        .iter()
        .map(|m| {
            let mut object = json!({
                "image": m.image,
                "lookup": m.answer.lookup,
                "semantics": semantics_name(m.answer.semantics),
                "credentials": output::credentials_json(&m.answer.credentials, show_secrets),
            });
            if let Some(helper) = &m.answer.credential_helper {
                object["credential_helper"] = helper.clone().into();
            }
            if let Some(answerer) = m.answered_by {
                object["answered_by"] = output::answerer_name(answerer).into();
            }
            if let Some(crio) = &m.crio {
                let mut pick = json!({
                    "semantics": semantics_name(crio.semantics),
                    "credentials": output::credentials_json(&crio.credentials, show_secrets),
                });
                if let Some(helper) = &crio.credential_helper {
                    pick["credential_helper"] = helper.clone().into();
                }
                object["crio"] = pick;
            }
            object
        })
        .collect()
}

fn text(matches: &Matches, show_secrets: bool) -> String {
    let mut out = String::new();
    for m in &matches.results {
        let answer: &Answer = &m.answer;
        let consumer = semantics_name(answer.semantics);
        let who = match answer.semantics {
            Semantics::Kubelet => "the kubelet",
            Semantics::Containers => "containers/image (CRI-O, podman)",
            Semantics::Docker => "the docker CLI",
        };
        out.push_str(&format!(
            "{}  (looks up {}, {consumer})\n",
            shown(&m.image),
            shown(&answer.lookup)
        ));
        if let Some(helper) = &answer.credential_helper {
            out.push_str(&format!(
                "  credential helper {helper:?} is consulted first (pullsecret runs no helpers)\n"
            ));
        }
        if answer.credentials.is_empty() {
            match &m.crio {
                Some(crio) => {
                    out.push_str(
                        "  The kubelet sends nothing; CRI-O searches its auth file (the node config):\n",
                    );
                    match crio.credentials.first() {
                        Some(c) => out.push_str(&output::table(&[vec![
                            "  ".into(),
                            c.key.clone(),
                            c.username.clone(),
                            c.source.clone(),
                        ]])),
                        None => out.push_str("    nothing there either: the pull is anonymous\n"),
                    }
                }
                None => out.push_str(&format!(
                    "  no credentials match: {who} pulls anonymously\n"
                )),
            }
            continue;
        }
        let rows: Vec<Vec<String>> = answer
            .credentials
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![
                    format!("{}.", i + 1),
                    c.normalized.clone(),
                    c.username.clone(),
                ];
                if show_secrets {
                    row.push(c.password.clone());
                }
                if c.normalized != c.key {
                    row.push(format!("{}  (key {:?})", c.source, c.key));
                } else {
                    row.push(c.source.clone());
                }
                row
            })
            .collect();
        out.push_str(&output::table(&rows));
        if answer.docker_hub_fallback {
            out.push_str(
                "  No key matched; these are the index.docker.io credentials the kubelet falls back to for Docker Hub images.\n",
            );
        }
        if answer.credentials.len() > 1 {
            out.push_str(
                "  The kubelet tries them in this order; the first that the registry accepts wins.\n",
            );
        }
        if m.answered_by == Some(Answerer::Kubelet) {
            out.push_str(
                "  CRI-O pulls with the kubelet's credentials and does not search its auth file.\n",
            );
        }
    }
    out
}
