//! Writing pull-secret files so that nothing is lost: an exclusive lock for the whole
//! read-modify-write, a temp file in the same directory, fsync, rename, mode 0600.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Holds an exclusive advisory lock on the directory of a file while alive. The directory is
/// locked, not the file, because the file is replaced by rename: a lock on the old inode
/// would not stop a second writer that opened the new one.
#[derive(Debug)]
pub struct DirLock {
    _dir: File,
}

/// The directory holding `path`, created with mode 0700 if missing (as oc does).
fn parent_of(path: &Path) -> Result<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&parent)
        .with_context(|| format!("{}: cannot create directory", parent.display()))?;
    Ok(parent)
}

pub fn lock_dir_of(path: &Path) -> Result<DirLock> {
    let parent = parent_of(path)?;
    let dir = File::open(&parent).with_context(|| format!("{}: cannot open", parent.display()))?;
    dir.lock()
        .with_context(|| format!("{}: cannot lock", parent.display()))?;
    Ok(DirLock { _dir: dir })
}

/// The file's bytes, or `None` when it does not exist.
pub fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

/// Replaces `path` with `bytes` atomically; on any error the original is untouched and the
/// temp file removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pull-secret".into());
    let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        File::open(&parent)?.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(e).with_context(|| format!("{}: cannot write", path.display()));
    }
    Ok(())
}
