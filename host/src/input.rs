//! Reading what the user gives: files, standard input (once), passwords, `--from-file`
//! sources. Bytes only: what they mean is the component's business.

use std::io::{self, BufRead, Read};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::FileSourceArg;
use crate::component::FileSource;

/// Reads files and standard input, refusing to read standard input twice (the second read
/// would silently see nothing).
#[derive(Debug, Default)]
pub struct Reader {
    stdin_read: bool,
}

impl Reader {
    /// The bytes of `path`; `-` is standard input.
    pub fn read(&mut self, path: &Path) -> Result<Vec<u8>> {
        if path != Path::new("-") {
            return std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()));
        }
        if std::mem::replace(&mut self.stdin_read, true) {
            bail!("-: standard input can be read only once; give the other inputs as files");
        }
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        Ok(bytes)
    }

    /// One line of standard input without its line break: a password given with
    /// `--password-stdin`, which never lands in shell history.
    pub fn password(&mut self) -> Result<String> {
        if std::mem::replace(&mut self.stdin_read, true) {
            bail!("the password is read from standard input, which is already an input");
        }
        let mut line = String::new();
        io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        Ok(line.trim_end_matches(['\n', '\r']).to_owned())
    }

    /// Every `--from-file` source, in order.
    pub fn file_sources(&mut self, sources: &[FileSourceArg]) -> Result<Vec<FileSource>> {
        sources.iter().map(|s| self.file_source(s)).collect()
    }

    /// A `--from-file` source with the file's bytes and base name, kubectl's wording on
    /// failure.
    pub fn file_source(&mut self, source: &FileSourceArg) -> Result<FileSource> {
        let path = &source.path;
        let bytes = std::fs::read(path).map_err(|e| {
            let why = if e.kind() == io::ErrorKind::NotFound {
                "no such file or directory".to_owned()
            } else {
                e.to_string()
            };
            anyhow::anyhow!("error reading {}: {why}", path.display())
        })?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(FileSource {
            key: source.key.clone(),
            file_name,
            bytes,
        })
    }
}
