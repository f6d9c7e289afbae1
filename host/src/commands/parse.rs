//! `pullsecret parse FILE...`: every entry of each pull secret, secrets masked.

use std::borrow::Cow;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::{Context, print};
use crate::cli::{OutputArg, ParseArgs};
use crate::component::{CredentialForm, Entry, Format, SecretOrigin};
use crate::output::{self, MASK, shown};

/// One config as `parse` shows it.
struct ConfigView {
    source: String,
    format: Format,
    secret: Option<SecretOrigin>,
    entries: Vec<Entry>,
}

pub fn run(ctx: &mut Context, args: &ParseArgs) -> Result<ExitCode> {
    let configs = ctx.load(&args.files, args.input.format.map(Into::into))?;
    let mut views = Vec::new();
    for config in configs {
        let entries = ctx.guest.entries(config)?.map_err(|e| ctx.fail(e))?;
        views.push(ConfigView {
            source: ctx.guest.source(config)?,
            format: ctx.guest.format(config)?,
            secret: ctx.guest.secret(config)?,
            entries,
        });
    }
    let show = args.input.show_secrets;
    print(match args.input.output {
        OutputArg::Json => output::json_text(&json(&views, show)),
        OutputArg::Text => text(&views, show),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn form_name(form: CredentialForm) -> &'static str {
    match form {
        CredentialForm::Auth => "auth",
        CredentialForm::Plain => "plain",
        CredentialForm::TokenOnly => "token-only",
        CredentialForm::Empty => "empty",
    }
}

/// The `parse -o json` contract (README).
fn json(configs: &[ConfigView], show_secrets: bool) -> Value {
    configs
        .iter()
        .map(|config| {
            let mut object = serde_json::Map::new();
            object.insert("source".into(), config.source.clone().into());
            object.insert("format".into(), output::format_name(config.format).into());
            if let Some(secret) = &config.secret {
                object.insert(
                    "secret".into(),
                    json!({
                        "name": secret.name,
                        "namespace": secret.namespace,
                        "type": secret.secret_type,
                        "data_key": secret.data_key,
                    }),
                );
            }
            let entries = config
                .entries
                .iter()
                .map(|e| {
                    let mut object = output::credential_object(
                        &e.key,
                        None,
                        &e.username,
                        &e.password,
                        &e.email,
                        show_secrets,
                    );
                    object.insert("credential".into(), form_name(e.form).into());
                    object.insert("location".into(), e.location.clone().into());
                    Value::Object(object)
                })
                .collect();
            object.insert("entries".into(), Value::Array(entries));
            Value::Object(object)
        })
        .collect()
}

fn text(configs: &[ConfigView], show_secrets: bool) -> String {
    let mut out = String::new();
    for config in configs {
        let origin = match &config.secret {
            Some(s) if s.namespace.is_empty() => format!("secret {:?} {}", s.name, s.data_key),
            Some(s) => format!("secret \"{}/{}\" {}", s.namespace, s.name, s.data_key),
            None => format!(".{}", output::format_name(config.format)),
        };
        let count = config.entries.len();
        let plural = if count == 1 { "entry" } else { "entries" };
        out.push_str(&format!(
            "{}: {}, {count} {plural}\n",
            shown(&config.source),
            shown(&origin)
        ));
        if count == 0 {
            continue;
        }
        // Borrowed where they can be: a config may have 100,000 entries.
        let mut rows: Vec<Vec<Cow<'_, str>>> = vec![vec![
            "KEY".into(),
            "USER".into(),
            "EMAIL".into(),
            "CREDENTIAL".into(),
        ]];
        for e in &config.entries {
            let secret = if show_secrets {
                e.password.as_str()
            } else {
                MASK
            };
            let credential = match e.form {
                CredentialForm::Auth | CredentialForm::Plain => {
                    format!("{} {secret}", form_name(e.form)).into()
                }
                CredentialForm::TokenOnly => "token only (sent as an empty credential)".into(),
                CredentialForm::Empty => "empty (sent as an empty credential)".into(),
            };
            rows.push(vec![
                e.key.as_str().into(),
                e.username.as_str().into(),
                e.email.as_str().into(),
                credential,
            ]);
        }
        out.push_str(&output::table(&rows));
    }
    out
}
