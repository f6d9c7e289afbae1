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
        self.read_within(path, MAX_INPUT_BYTES, &mut |_| {})
    }

    /// A cluster dump (`audit`): bounded by [`MAX_DUMP_BYTES`], `progress` told the bytes
    /// read so far as they arrive.
    pub fn read_dump(&mut self, path: &Path, progress: &mut dyn FnMut(u64)) -> Result<Vec<u8>> {
        self.read_within(path, MAX_DUMP_BYTES, progress)
    }

    fn read_within(
        &mut self,
        path: &Path,
        limit: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Vec<u8>> {
        if path != Path::new("-") {
            let label = path.display();
            let file =
                std::fs::File::open(path).with_context(|| format!("{label}: cannot read"))?;
            return read_limited(file, limit, progress)
                .with_context(|| format!("{label}: cannot read"));
        }
        if std::mem::replace(&mut self.stdin_read, true) {
            bail!("-: standard input can be read only once; give the other inputs as files");
        }
        read_limited(io::stdin().lock(), limit, progress).context("-: cannot read standard input")
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

/// The most one input may hold. Pull secrets are kilobytes and the API server refuses a
/// Secret over 1 MiB, so anything near this is a mistake (a wrong file, `/dev/urandom`); the
/// reading stops here instead of filling memory, which also keeps the component's copy of the
/// input within its own memory limit.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// The most one cluster dump may hold: `oc get pods,... -A -o json` of 50,000 pods is a few
/// hundred megabytes. The dump crosses into the component whole (`engine::AUDIT_LIMITS`).
pub const MAX_DUMP_BYTES: u64 = 1 << 30;

/// Reads to the end, or fails as soon as more than [`MAX_INPUT_BYTES`] arrive, streams and
/// devices included (their size is not known up front).
pub fn read_bounded(source: impl Read) -> io::Result<Vec<u8>> {
    read_limited(source, MAX_INPUT_BYTES, &mut |_| {})
}

/// Reads to the end in chunks, telling `progress` the total after each, or fails as soon as
/// more than `limit` bytes arrive.
fn read_limited(
    source: impl Read,
    limit: u64,
    progress: &mut dyn FnMut(u64),
) -> io::Result<Vec<u8>> {
    const CHUNK: u64 = 8 << 20;
    let mut source = source.take(limit + 1);
    let mut bytes = Vec::new();
    loop {
        let read = (&mut source).take(CHUNK).read_to_end(&mut bytes)?;
        if read == 0 {
            break;
        }
        progress(bytes.len() as u64);
    }
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "larger than the {} MiB an input may hold",
            limit >> 20
        )));
    }
    Ok(bytes)
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
                        content: read_file(&e.path()),
                    })
                    .collect();
                files.sort_by(|a, b| a.name.cmp(&b.name));
                Found::Directory(files)
            }
        },
        Ok(_) => match read_file(Path::new(path)) {
            Ok(bytes) => Found::File(bytes),
            Err(reason) => Found::Unreadable(reason),
        },
    };
    FoundPath {
        path: path.to_owned(),
        found,
    }
}

/// A `--from-file` source's bytes, bounded like every input, or the reason as Go words it.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::File::open(path)
        .and_then(read_bounded)
        .map_err(|e| go_reason(&e))
}
