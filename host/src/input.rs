//! Reading what the user gives: files, standard input (once), passwords, `--from-file`
//! sources. Bytes only: what they mean is the component's business.

use std::io::{self, BufRead, Read};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::component::{DirectoryFile, Found, FoundPath};

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
}

/// The OS's reason as Go prints it: `no such file or directory`, not `No such file or
/// directory (os error 2)`.
fn go_reason(e: &io::Error) -> String {
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or_default();
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What is at a path a `--from-file` or `--from-env-file` names, looked at as kubectl does:
/// `stat` (following links), and for a directory its regular files in name order (a link in
/// it is not one).
pub fn examine(path: &str) -> FoundPath {
    let found = match std::fs::metadata(path) {
        Err(e) => Found::Missing(go_reason(&e)),
        Ok(meta) if meta.is_dir() => match std::fs::read_dir(path) {
            Err(e) => Found::Unlistable(go_reason(&e)),
            Ok(entries) => {
                let mut files: Vec<DirectoryFile> = entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .map(|e| DirectoryFile {
                        name: e.file_name().to_string_lossy().into_owned(),
                        content: std::fs::read(e.path()).map_err(|e| go_reason(&e)),
                    })
                    .collect();
                files.sort_by(|a, b| a.name.cmp(&b.name));
                Found::Directory(files)
            }
        },
        Ok(_) => match std::fs::read(path) {
            Ok(bytes) => Found::File(bytes),
            Err(e) => Found::Unreadable(go_reason(&e)),
        },
    };
    FoundPath {
        path: path.to_owned(),
        found,
    }
}
