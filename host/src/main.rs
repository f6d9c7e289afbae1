//! `pullsecret`: arguments, files and streams. Every pull-secret decision is made by the
//! embedded component; this binary only moves bytes and shapes output.

mod cli;
mod component;
mod engine;
mod files;
mod render;

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::Parser;

use cli::{
    Cli, Command, CompatArg, CreateCommand, CreateSecretCommand, ExplainArgs, FormatArg,
    GrantCommand, InputArgs, ManifestFormat, MatchArgs, OutputArg, PolicyCommand, PreferArg,
    SecretsCommand, SemanticsArg, SetCommand,
};
use component::{
    AddRoleRequest, BindingAction, ConfigHandle, CrossProjectRequest, Diagnostic,
    DockerRegistrySecret, Format, GenericSecret, Guest, LinkRequest, LoginRequest, LoginStyle,
    ManifestOutput, Prefer, Recipe, RegistriesRequest, RegistrySecret, RolebindingRequest,
    Semantics, SetDataRequest, Severity,
};
use render::{ConfigView, MatchView};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // Messages come from the guest's diagnostics or I/O; none carries a secret.
            let _ = writeln!(io::stderr(), "error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let mut guest = Guest::new()?;
    let output = match cli.command {
        Command::Parse(args) => {
            let configs = load_all(&mut guest, &args.files, &args.input)?;
            let mut views = Vec::new();
            for (source, config) in configs {
                let entries = guest
                    .entries(config)?
                    .map_err(|e| guest_error(&source, &e))?;
                views.push(ConfigView {
                    format: guest.format(config)?,
                    secret: guest.secret(config)?,
                    source,
                    entries,
                });
            }
            match args.input.output {
                OutputArg::Json => {
                    json_text(&render::configs_json(&views, args.input.show_secrets))
                }
                OutputArg::Text => render::configs_text(&views, args.input.show_secrets),
            }
        }
        Command::Match(MatchArgs {
            lookup: args,
            semantics,
        }) => {
            const M2: &str =
                "the kubelet fails the whole lookup when one pull secret cannot be read (rule M2)";
            let configs = load_all(&mut guest, &args.secrets, &args.input).context(M2)?;
            let handles: Vec<ConfigHandle> = configs.into_iter().map(|(_, c)| c).collect();
            let node_files: Vec<_> = args.node_config.iter().cloned().collect();
            let node = load_handles(&mut guest, &node_files, &args.input)?;
            let semantics = semantics_of(semantics);
            let keyring = match semantics {
                Semantics::Kubelet if node_files.is_empty() => Some(
                    guest
                        .keyring(&handles)?
                        .map_err(|e| guest_error("", &e))
                        .context(M2)?,
                ),
                _ => None,
            };
            // containers/image and docker read every file as an auth file, the node's last.
            let auth_files: Vec<ConfigHandle> = handles.iter().chain(&node).copied().collect();
            let mut results = Vec::new();
            let mut notes: Vec<Diagnostic> = Vec::new();
            for image in &args.images {
                let (result, crio) = match keyring {
                    Some(keyring) if args.raw => (guest.lookup_raw(keyring, image)?, None),
                    Some(keyring) => (
                        guest
                            .lookup_image(keyring, image)?
                            .map_err(|e| guest_error("", &e))?,
                        None,
                    ),
                    None if semantics == Semantics::Kubelet => {
                        let answer = guest
                            .answer(&handles, &node, image, args.raw)?
                            .map_err(|e| guest_error("", &e))
                            .context(M2)?;
                        notes.extend(answer.notes);
                        (answer.kubelet, Some(answer.crio))
                    }
                    None => (
                        guest
                            .select(semantics, &auth_files, image, args.raw)?
                            .map_err(|e| guest_error("", &e))?,
                        None,
                    ),
                };
                notes.extend(result.notes.iter().cloned());
                results.push(MatchView {
                    image: image.clone(),
                    result,
                    crio,
                });
            }
            // Several images answered from one entry share its warnings: print them once.
            let mut printed = std::collections::BTreeSet::new();
            for note in &notes {
                if printed.insert(render::diagnostic_line(note)) {
                    report(note);
                }
            }
            match args.input.output {
                OutputArg::Json => {
                    json_text(&render::matches_json(&results, args.input.show_secrets))
                }
                OutputArg::Text => render::matches_text(&results, args.input.show_secrets),
            }
        }
        Command::Explain(ExplainArgs {
            lookup: args,
            semantics,
        }) => {
            let handles = load_handles(&mut guest, &args.secrets, &args.input)?;
            let node_files: Vec<_> = args.node_config.iter().cloned().collect();
            let node = load_handles(&mut guest, &node_files, &args.input)?;
            let wanted = semantics.map(semantics_of);
            let mut results = Vec::new();
            for image in &args.images {
                let mut set = guest
                    .explain(&handles, &node, image, args.raw)?
                    .map_err(|e| guest_error("", &e))?;
                set.consumers
                    .retain(|e| wanted.is_none_or(|w| w == e.semantics));
                results.push((image.clone(), set));
            }
            match args.input.output {
                OutputArg::Json => json_text(&render::explanations_json(
                    &results,
                    args.input.show_secrets,
                )),
                OutputArg::Text => render::explanations_text(&results, args.input.show_secrets),
            }
        }
        Command::Extract(args) => {
            let source = args.manifest.display().to_string();
            let bytes = read_input(&args.manifest)?;
            let document = guest
                .parse(&source, &bytes, None)?
                .map_err(|e| guest_error(&source, &e))?;
            let mut secrets = Vec::new();
            for config in &document.configs {
                if let Some(secret) = guest.secret(*config)? {
                    secrets.push((secret, *config));
                }
            }
            let [(_, config)] = secrets.as_slice() else {
                let names: Vec<String> = secrets.iter().map(|(s, _)| s.name.clone()).collect();
                anyhow::bail!(
                    "{source}: expected exactly one pull secret, found {} ({})",
                    names.len(),
                    names.join(", ")
                );
            };
            let payload = guest.payload(*config)?;
            io::stdout().lock().write_all(&payload)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Login(args) => {
            let (username, password) = match &args.auth_basic {
                Some(pair) => {
                    let (u, p) = pair
                        .split_once(':')
                        .context("--auth-basic must be in the form user:password")?;
                    (u.to_owned(), p.to_owned())
                }
                None => {
                    let mut line = String::new();
                    io::stdin()
                        .read_line(&mut line)
                        .context("reading the password from standard input")?;
                    let password = line.trim_end_matches(['\n', '\r']).to_owned();
                    (
                        args.username
                            .clone()
                            .context("give --auth-basic, or --username with --password-stdin")?,
                        password,
                    )
                }
            };
            let target = args.to.display().to_string();
            let _lock = files::lock_dir_of(&args.to)?;
            let existing = files::read_if_exists(&args.to)?;
            let request = LoginRequest {
                registry: args.registry.clone(),
                username,
                password,
                email: args.email.clone(),
                style: match args.compat {
                    Some(CompatArg::Oc) => LoginStyle::Oc,
                    None => LoginStyle::Preserve,
                },
            };
            let bytes = guest
                .login(&target, existing.as_deref(), &request)?
                .map_err(|e| guest_error("", &e))?;
            files::write_atomically(&args.to, &bytes)?;
            format!("Saved credentials for {} into {target}\n", args.registry)
        }
        Command::NodeConfig(args) => {
            let configs = load_handles(
                &mut guest,
                std::slice::from_ref(&args.file),
                &input_defaults(),
            )?;
            let [config] = configs.as_slice() else {
                anyhow::bail!(
                    "{}: expected one pull secret, found {}",
                    args.file.display(),
                    configs.len()
                );
            };
            let bytes = guest
                .node_config(*config)?
                .map_err(|e| guest_error("", &e))?;
            io::stdout().lock().write_all(&bytes)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Merge(args) => {
            let mut inputs = vec![args.base.clone()];
            inputs.extend(args.overlays.iter().cloned());
            let mut handles = Vec::new();
            for path in &inputs {
                let configs =
                    load_handles(&mut guest, std::slice::from_ref(path), &input_defaults())?;
                let [config] = configs.as_slice() else {
                    anyhow::bail!(
                        "{}: expected one pull secret, found {}",
                        path.display(),
                        configs.len()
                    );
                };
                handles.push(*config);
            }
            let prefer = match args.prefer {
                PreferArg::Base => Prefer::Base,
                PreferArg::Overlay => Prefer::Overlay,
            };
            let merged = guest
                .merge(handles[0], &handles[1..], prefer)?
                .map_err(|e| guest_error("", &e))?;
            merged.notes.iter().for_each(report);
            for c in &merged.conflicts {
                let winner = match c.winner {
                    Prefer::Base => "base",
                    Prefer::Overlay => "overlay",
                };
                let what = if c.credentials_differ {
                    "credentials differ"
                } else {
                    "same credentials"
                };
                let _ = writeln!(io::stderr(), "conflict: {}: {winner} wins ({what})", c.key);
            }
            if args.output == Path::new("-") {
                io::stdout().lock().write_all(&merged.bytes)?;
            } else {
                let _lock = files::lock_dir_of(&args.output)?;
                files::write_atomically(&args.output, &merged.bytes)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        Command::Diff(args) => {
            let mut handles = Vec::new();
            for path in [&args.old, &args.new] {
                let configs =
                    load_handles(&mut guest, std::slice::from_ref(path), &input_defaults())?;
                let [config] = configs.as_slice() else {
                    anyhow::bail!(
                        "{}: expected one pull secret, found {}",
                        path.display(),
                        configs.len()
                    );
                };
                handles.push(*config);
            }
            let (changes, warnings) = guest
                .diff(handles[0], handles[1])?
                .map_err(|e| guest_error("", &e))?;
            warnings.iter().for_each(report);
            match args.output {
                OutputArg::Json => json_text(&render::changes_json(&changes, &warnings)),
                OutputArg::Text => render::changes_text(&changes),
            }
        }
        Command::Create(CreateCommand::Secret(command)) => {
            let created = match command {
                CreateSecretCommand::DockerRegistry(args) => {
                    let files = read_file_sources(&args.from_file, Some(".dockerconfigjson"))?;
                    let request = DockerRegistrySecret {
                        name: args.common.name.clone(),
                        namespace: args.common.namespace.clone(),
                        server: args.docker_server.clone(),
                        username: args.docker_username.clone(),
                        password: args.docker_password.clone(),
                        email: args.docker_email.clone(),
                        files,
                        append_hash: args.common.append_hash,
                        output: manifest_output(args.common.output),
                    };
                    guest
                        .create_docker_registry_secret(&request)?
                        .map_err(|e| guest_error("", &e))?
                }
                CreateSecretCommand::Generic(args) => {
                    let request = GenericSecret {
                        name: args.common.name.clone(),
                        namespace: args.common.namespace.clone(),
                        secret_type: args.secret_type.clone(),
                        files: read_file_sources(&args.from_file, None)?,
                        append_hash: args.common.append_hash,
                        output: manifest_output(args.common.output),
                    };
                    guest.create_generic_secret(&request)?
                }
            };
            created.warnings.iter().for_each(report);
            created.manifest
        }
        Command::Create(CreateCommand::Rolebinding(args)) => {
            let (role_kind, role) = match (&args.clusterrole, &args.role) {
                (Some(role), _) => ("ClusterRole", role.clone()),
                (None, Some(role)) => ("Role", role.clone()),
                (None, None) => {
                    anyhow::bail!("exactly one of clusterrole or role must be specified")
                }
            };
            let request = RolebindingRequest {
                name: args.name.clone(),
                namespace: args.namespace.clone(),
                role_kind: role_kind.to_owned(),
                role,
                users: args.user.clone(),
                groups: args.group.clone(),
                service_accounts: args.serviceaccount.clone(),
                output: manifest_output(args.output),
            };
            guest
                .create_rolebinding(&request)?
                .map_err(|e| guest_error("", &e))?
        }
        Command::Create(CreateCommand::Serviceaccount(args)) => guest.create_serviceaccount(
            &args.name,
            &args.namespace,
            manifest_output(args.output),
        )?,
        Command::Grant(command) => {
            let (recipe, output) = match command {
                GrantCommand::CrossProject(args) => (
                    Recipe::CrossProject(CrossProjectRequest {
                        from: args.from.clone(),
                        to: args.to.clone(),
                        service_account: if args.all_service_accounts {
                            None
                        } else {
                            Some(
                                args.service_account
                                    .clone()
                                    .unwrap_or_else(|| "default".into()),
                            )
                        },
                    }),
                    args.output,
                ),
                GrantCommand::Registry(args) => {
                    let secrets = vec![RegistrySecret {
                        name: args.secret_name.clone(),
                        server: args.docker_server.clone(),
                    }];
                    (
                        registries_recipe(&args.credentials, secrets)?,
                        args.credentials.output,
                    )
                }
                GrantCommand::Delegated(args) => {
                    let secrets = vec![
                        RegistrySecret {
                            name: args.auth_secret_name.clone(),
                            server: args.auth_server.clone(),
                        },
                        RegistrySecret {
                            name: args.registry_secret_name.clone(),
                            server: args.registry_server.clone(),
                        },
                    ];
                    (
                        registries_recipe(&args.credentials, secrets)?,
                        args.credentials.output,
                    )
                }
            };
            let result = guest
                .grant(&recipe, manifest_output(output))?
                .map_err(|e| guest_error("", &e))?;
            result.notes.iter().for_each(report);
            result.manifests
        }
        Command::Secrets(SecretsCommand::Link(args)) => {
            let current = args.sa_file.as_deref().map(read_input).transpose()?;
            let request = LinkRequest {
                service_account: args.service_account.clone(),
                namespace: args.namespace.clone(),
                secrets: args.secrets.clone(),
                for_values: args.for_values.clone(),
                current,
                patch: args.patch,
                output: manifest_output(args.output),
            };
            let result = guest
                .secrets_link(&request)?
                .map_err(|e| guest_error("", &e))?;
            if !result.changed {
                let _ = writeln!(io::stderr(), "info: every secret is already linked");
            }
            result.manifest
        }
        Command::Policy(command) => {
            let (args, groups) = match command {
                PolicyCommand::AddRoleToUser(args) => (args, false),
                PolicyCommand::AddRoleToGroup(args) => (args, true),
            };
            let (role, names) = match args.args.split_first() {
                Some((role, names)) if !groups || !names.is_empty() => {
                    (role.clone(), names.to_vec())
                }
                _ if groups => anyhow::bail!(
                    "you must specify at least two arguments: <role> <group> [group]..."
                ),
                _ => anyhow::bail!("you must specify at least one user or service account"),
            };
            if !groups && names.is_empty() && args.service_accounts.is_empty() {
                anyhow::bail!("you must specify at least one user or service account");
            }
            let existing = args.existing.as_deref().map(read_input).transpose()?;
            let (users, group_names) = if groups {
                (Vec::new(), names)
            } else {
                (names, Vec::new())
            };
            let request = AddRoleRequest {
                role,
                namespace: args.namespace.clone(),
                users,
                groups: group_names,
                service_accounts: args.service_accounts.clone(),
                rolebinding_name: args.rolebinding_name.clone(),
                existing,
                compat_oc_4_20: match args.compat.as_deref() {
                    None => false,
                    Some("oc-4.20") => true,
                    Some(other) => anyhow::bail!("--compat {other:?}: only oc-4.20 is known"),
                },
                output: manifest_output(args.output),
            };
            let result = guest.add_role(&request)?.map_err(|e| guest_error("", &e))?;
            if result.action == BindingAction::Unchanged {
                let _ = writeln!(
                    io::stderr(),
                    "info: rolebinding {} already grants the role to every subject",
                    result.name
                );
            }
            result.manifest
        }
        Command::Set(SetCommand::Data(args)) => {
            let name = args
                .target
                .strip_prefix("secret/")
                .or_else(|| args.target.strip_prefix("secrets/"))
                .context("the target must be secret/NAME")?;
            let (key, file) = args
                .from_file
                .split_once('=')
                .filter(|(k, f)| !k.is_empty() && !f.is_empty())
                .context("--from-file must be KEY=FILE")?;
            let value = std::fs::read(file).map_err(|e| {
                let why = if e.kind() == io::ErrorKind::NotFound {
                    "no such file or directory".to_owned()
                } else {
                    e.to_string()
                };
                anyhow!("error reading {file}: {why}")
            })?;
            let current = args.secret_file.as_deref().map(read_input).transpose()?;
            let request = SetDataRequest {
                name: name.to_owned(),
                namespace: args.namespace.clone(),
                key: key.to_owned(),
                value,
                current,
                force: args.force,
                output: match args.output {
                    ManifestFormat::Yaml => ManifestOutput::Yaml,
                    ManifestFormat::Json => ManifestOutput::Json,
                },
            };
            let result = guest.set_data(&request)?.map_err(|e| guest_error("", &e))?;
            if !result.changed {
                let _ = writeln!(io::stderr(), "info: {name} was not changed");
            }
            result.manifest
        }
        Command::Validate(args) => return validate(&mut guest, &args),
        Command::Key(args) => {
            let mut keys = Vec::new();
            for key in &args.keys {
                let parsed = guest.parse_key(key)?;
                let matches = match &args.against {
                    Some(target) => Some(
                        guest.urls_match(parsed.normalized.as_deref().unwrap_or(key), target)?
                            && parsed.normalized.is_some(),
                    ),
                    None => None,
                };
                keys.push((parsed, matches));
            }
            let target = match &args.against {
                Some(t) => Some((t.as_str(), guest.is_default_registry(t)?)),
                None => None,
            };
            match args.output {
                OutputArg::Json => json_text(&render::keys_json(&keys, target)),
                OutputArg::Text => render::keys_text(&keys, target),
            }
        }
        Command::Component(args) => {
            write_output(&args.output, component::COMPONENT_WASM)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    io::stdout().lock().write_all(output.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `validate`: inputs that cannot be read and policies that do not check out stop with exit 2
/// before anything is validated; findings decide between 0 and 1.
fn validate(guest: &mut Guest, args: &cli::ValidateArgs) -> Result<ExitCode> {
    let mut policies = Vec::new();
    let mut names = Vec::new();
    let mut problems = Vec::new();
    for wanted in &args.policies {
        let path = Path::new(wanted);
        let parsed = if path.is_file() || path == Path::new("-") {
            guest.parse_policy(wanted, &read_input(path)?)?
        } else if let Some(policy) = guest.builtin_policy(wanted)? {
            Ok(policy)
        } else {
            let shipped = guest.builtin_policy_names()?.join(", ");
            anyhow::bail!("--policy {wanted}: no such file, and not a shipped policy ({shipped})");
        };
        match parsed {
            Ok(policy) => {
                policies.push(policy);
                names.push(wanted.clone());
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        problems.iter().for_each(report);
        anyhow::bail!(
            "{} problem(s) in the policies; nothing was validated",
            problems.len()
        );
    }
    let mut inputs = Vec::new();
    for path in &args.files {
        inputs.push(component::Input {
            source: path.display().to_string(),
            bytes: read_input(path)?,
        });
    }
    let context = component::PolicyContext {
        mirrors: args.mirrors.clone(),
        images: args.images.clone(),
    };
    let findings = guest.validate(&inputs, &policies, &context)?;
    let text = match args.output {
        OutputArg::Json => json_text(&render::validation_json(&findings, &names)),
        OutputArg::Text => render::validation_text(&findings, &names, inputs.len()),
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    let failed = findings.iter().any(|d| d.severity == Severity::Error);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Parses every file in order; notes go to stderr, the first error stops everything.
fn load_all(
    guest: &mut Guest,
    files: &[std::path::PathBuf],
    input: &InputArgs,
) -> Result<Vec<(String, ConfigHandle)>> {
    let forced = input.format.map(|f| match f {
        FormatArg::Dockerconfigjson => Format::Dockerconfigjson,
        FormatArg::Dockercfg => Format::Dockercfg,
    });
    let mut configs = Vec::new();
    for path in files {
        let source = path.display().to_string();
        let bytes = read_input(path)?;
        let document = guest
            .parse(&source, &bytes, forced)?
            .map_err(|e| guest_error(&source, &e))?;
        for note in &document.notes {
            report(&Diagnostic {
                source: Some(source.clone()),
                ..note.clone()
            });
        }
        configs.extend(document.configs.into_iter().map(|c| (source.clone(), c)));
    }
    Ok(configs)
}

fn semantics_of(arg: SemanticsArg) -> Semantics {
    match arg {
        SemanticsArg::Kubelet => Semantics::Kubelet,
        SemanticsArg::Containers => Semantics::Containers,
        SemanticsArg::Docker => Semantics::Docker,
    }
}

/// Prints a guest note or warning on stderr.
fn report(note: &Diagnostic) {
    let _ = writeln!(
        io::stderr(),
        "{}: {}",
        render::level(note),
        render::finding_line(note)
    );
}

/// A guest error as a CLI error; `source` names the input when the guest did not.
fn manifest_output(format: ManifestFormat) -> ManifestOutput {
    match format {
        ManifestFormat::Yaml => ManifestOutput::Yaml,
        ManifestFormat::Json => ManifestOutput::Json,
    }
}

/// kubectl's `--from-file=[KEY=]FILE`: the key defaults to `default_key`, else the base name.
fn read_file_sources(
    sources: &[String],
    default_key: Option<&str>,
) -> Result<Vec<(String, Vec<u8>)>> {
    sources
        .iter()
        .map(|source| {
            let (key, path) = match source.split_once('=') {
                Some((key, path)) if !key.is_empty() && !path.is_empty() => (key.to_owned(), path),
                Some(_) => anyhow::bail!("--from-file {source:?}: key and file must not be empty"),
                None => {
                    let base = Path::new(source)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned());
                    (
                        default_key.map(str::to_owned).or(base).unwrap_or_default(),
                        source.as_str(),
                    )
                }
            };
            let bytes = std::fs::read(path).with_context(|| format!("error reading {path}"))?;
            Ok((key, bytes))
        })
        .collect()
}

/// The registry recipes' request: the password from the flag or standard input.
fn registries_recipe(
    args: &cli::RecipeCredentials,
    secrets: Vec<RegistrySecret>,
) -> Result<Recipe> {
    let password = match &args.docker_password {
        Some(p) => p.clone(),
        None => {
            let mut line = String::new();
            io::stdin()
                .read_line(&mut line)
                .context("reading the password from standard input")?;
            line.trim_end_matches(['\n', '\r']).to_owned()
        }
    };
    let current = args.sa_file.as_deref().map(read_input).transpose()?;
    Ok(Recipe::Registries(RegistriesRequest {
        namespace: args.namespace.clone(),
        secrets,
        username: args.docker_username.clone(),
        password,
        email: args.docker_email.clone(),
        service_account: args.service_account.clone(),
        current_service_account: current,
    }))
}

/// Input options for commands that take none: formats detected, nothing forced.
fn input_defaults() -> InputArgs {
    InputArgs {
        format: None,
        output: OutputArg::Text,
        show_secrets: false,
    }
}

/// Like `load_all`, keeping only the guest handles.
fn load_handles(
    guest: &mut Guest,
    files: &[std::path::PathBuf],
    input: &InputArgs,
) -> Result<Vec<ConfigHandle>> {
    Ok(load_all(guest, files, input)?
        .into_iter()
        .map(|(_, c)| c)
        .collect())
}

fn guest_error(source: &str, error: &component::GuestError) -> anyhow::Error {
    let component::GuestError::InvalidInput(d) = error;
    let mut d = d.clone();
    if d.source.is_none() && !source.is_empty() {
        d.source = Some(source.to_owned());
    }
    anyhow!(render::diagnostic_line(&d))
}

fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))
}

fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if path == Path::new("-") {
        io::stdout().lock().write_all(bytes)?;
        return Ok(());
    }
    std::fs::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}
