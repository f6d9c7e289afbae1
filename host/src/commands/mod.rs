//! One file per command, each with a `run`: it reads what the command needs, asks the
//! component, and prints what the component answered. No command decides anything about
//! pull secrets.

mod audit;
mod completion;
mod component;
mod create;
mod diff;
mod explain;
mod extract;
mod grant;
mod key;
mod login;
mod r#match;
mod merge;
mod node_config;
mod parse;
mod policy;
mod secrets;
mod set;
mod validate;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};

use crate::cli::{Command, CreateCommand, SecretsCommand, SetCommand};
use crate::component::{ConfigHandle, Diagnostic, Format, Guest, GuestError, Input, Sources};
use crate::input;
use crate::input::Reader;
use crate::output::{self, Labels};

/// What every command works with: the component, the inputs, and the rule labels for text.
pub struct Context {
    pub guest: Guest,
    pub input: Reader,
    labels: Option<Labels>,
}

impl Context {
    pub fn new() -> Result<Self> {
        Ok(Self::with_guest(Guest::new()?))
    }

    /// With a guest of other limits than every command's (`audit`).
    pub fn with_guest(guest: Guest) -> Self {
        Context {
            guest,
            input: Reader::default(),
            labels: None,
        }
    }

    /// The component's rule catalogue, fetched the first time a finding is printed.
    pub fn labels(&mut self) -> Result<&Labels> {
        if self.labels.is_none() {
            self.labels = Some(Labels::new(self.guest.rules()?));
        }
        Ok(self.labels.get_or_insert_with(Labels::default))
    }

    /// Prints a note or warning on standard error.
    pub fn report(&mut self, d: &Diagnostic) -> Result<()> {
        let line = self.labels()?.line(d);
        let _ = writeln!(io::stderr(), "{}: {line}", output::level(d));
        Ok(())
    }

    pub fn report_all(&mut self, diagnostics: &[Diagnostic]) -> Result<()> {
        diagnostics.iter().try_for_each(|d| self.report(d))
    }

    /// A component error as a CLI error, printed as its one line.
    pub fn fail(&mut self, error: GuestError) -> anyhow::Error {
        let GuestError::InvalidInput(d) = error;
        match self.labels() {
            Ok(labels) => anyhow!(labels.line(&d)),
            Err(e) => e,
        }
    }

    /// Parses every file in order (notes go to standard error), each config labelled with
    /// its file.
    pub fn load(&mut self, files: &[PathBuf], forced: Option<Format>) -> Result<Vec<ConfigHandle>> {
        let mut configs = Vec::new();
        for path in files {
            let source = path.display().to_string();
            let bytes = self.input.read(path)?;
            let document = self
                .guest
                .parse(&source, &bytes, forced)
                .context(source.clone())?;
            let document = document.map_err(|e| self.fail(e))?;
            self.report_all(&document.notes)?;
            configs.extend(document.configs);
        }
        Ok(configs)
    }

    /// Parses a file that must hold exactly one pull secret.
    pub fn load_one(&mut self, path: &Path) -> Result<ConfigHandle> {
        let source = path.display().to_string();
        let bytes = self.input.read(path)?;
        let config = self
            .guest
            .parse_one(&source, &bytes, None)
            .context(source)?;
        config.map_err(|e| self.fail(e))
    }

    /// The flags as given, and what is at the paths they name; the environment only for env
    /// files, whose lines without `=` kubectl fills from it.
    pub fn sources(
        &mut self,
        from_file: &[String],
        from_literal: &[String],
        from_env_file: &[String],
    ) -> Result<Sources> {
        let paths = self.guest.source_paths(from_file, from_env_file)?;
        let environment = if from_env_file.is_empty() {
            Vec::new()
        } else {
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect()
        };
        Ok(Sources {
            from_file: from_file.to_vec(),
            from_literal: from_literal.to_vec(),
            from_env_file: from_env_file.to_vec(),
            found: paths.iter().map(|p| input::examine(p)).collect(),
            environment,
        })
    }

    /// Reads an optional manifest file, labelled with its path for the component's errors.
    pub fn read_optional(&mut self, path: Option<&Path>) -> Result<Option<Input>> {
        let read = |p: &Path| -> Result<Input> {
            Ok(Input {
                source: p.display().to_string(),
                bytes: self.input.read(p)?,
            })
        };
        path.map(read).transpose()
    }
}

/// Writes to standard output.
pub fn print(bytes: impl AsRef<[u8]>) -> Result<()> {
    io::stdout().lock().write_all(bytes.as_ref())?;
    Ok(())
}

/// Runs one command; the exit code says whether findings were errors.
pub fn run(command: Command) -> Result<ExitCode> {
    let ctx = &mut || Context::new();
    match command {
        Command::Completion(args) => completion::run(&args),
        Command::Man => completion::man(),
        Command::Component(args) => component::run(&args),
        Command::Parse(args) => parse::run(&mut ctx()?, &args),
        Command::Match(args) => r#match::run(&mut ctx()?, &args),
        Command::Explain(args) => explain::run(&mut ctx()?, &args),
        Command::Extract(args) => extract::run(&mut ctx()?, &args),
        Command::Login(args) => login::run(&mut ctx()?, &args),
        Command::NodeConfig(args) => node_config::run(&mut ctx()?, &args),
        Command::Merge(args) => merge::run(&mut ctx()?, &args),
        Command::Diff(args) => diff::run(&mut ctx()?, &args),
        Command::Create(CreateCommand::Secret(command)) => create::secret(&mut ctx()?, &command),
        Command::Create(CreateCommand::Rolebinding(args)) => {
            create::rolebinding(&mut ctx()?, &args)
        }
        Command::Create(CreateCommand::Serviceaccount(args)) => {
            create::serviceaccount(&mut ctx()?, &args)
        }
        Command::Secrets(SecretsCommand::Link(args)) => secrets::link(&mut ctx()?, &args),
        Command::Policy(command) => policy::run(&mut ctx()?, &command),
        Command::Grant(command) => grant::run(&mut ctx()?, &command),
        Command::Set(SetCommand::Data(args)) => set::data(&mut ctx()?, &args),
        Command::Validate(args) => validate::run(&mut ctx()?, &args),
        Command::Key(args) => key::run(&mut ctx()?, &args),
        Command::Audit(args) => audit::run(&args),
    }
}
