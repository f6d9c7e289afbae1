//! Writing pull-secret files so that nothing is lost: an exclusive lock for the whole
//! read-modify-write, a temp file (mode 0600) in the same directory, fsync, rename. A symbolic
//! link is written through to its target; a file the user may not write is refused. After
//! SIGINT, SIGTERM or SIGHUP only the old or the new file remains; after SIGKILL at most one
//! temp file does, and the next write removes it under the lock. A device or FIFO is written
//! to in place.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::{Context, Result, bail};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Holds an exclusive advisory lock on the directory of a file while alive. The directory is
/// locked, not the file, because the file is replaced by rename: a lock on the old inode
/// would not stop a second writer that opened the new one.
#[derive(Debug)]
pub struct DirLock {
    _dir: File,
}

/// The file a path names once symbolic links are followed (the path itself when it is not a
/// link). A dangling link names the file it would create.
pub fn target_of(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&target)
                    .with_context(|| format!("{}: cannot read the link", target.display()))?;
                target = match target.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(target),
        }
    }
    bail!("{}: too many levels of symbolic links", path.display())
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

/// Locks the directory of the file `path` names, and removes the temp files that writers
/// killed there left behind: no writer is running while we hold the lock.
pub fn lock_dir_of(path: &Path) -> Result<DirLock> {
    let target = target_of(path)?;
    let parent = parent_of(&target)?;
    let dir = File::open(&parent).with_context(|| format!("{}: cannot open", parent.display()))?;
    dir.lock()
        .with_context(|| format!("{}: cannot lock", parent.display()))?;
    let prefix = format!(".{}.tmp-", file_name(&target));
    if let Ok(entries) = fs::read_dir(&parent) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    Ok(DirLock { _dir: dir })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pull-secret".into())
}

/// The file's bytes (through a symbolic link), or `None` when it does not exist; bounded as
/// every input is.
pub fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::File::open(path).and_then(crate::input::read_bounded) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

/// The temp file being written, if any: the signal thread removes it before exiting, and
/// waits while a rename is under way.
fn pending() -> &'static Mutex<Option<PathBuf>> {
    static PENDING: OnceLock<Mutex<Option<PathBuf>>> = OnceLock::new();
    PENDING.get_or_init(|| {
        if let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let pending = pending().lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(temp) = pending.as_ref() {
                        let _ = fs::remove_file(temp);
                    }
                    std::process::exit(128 + signal);
                }
            });
        }
        Mutex::new(None)
    })
}

/// Refuses a file the user may not write (a read-only file, another user's file): replacing
/// it by rename would succeed where the user has no right to change it.
fn check_writable(target: &Path) -> Result<()> {
    match OpenOptions::new().write(true).open(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            let mode = fs::metadata(target)
                .map(|m| format!(" (mode {:04o})", m.permissions().mode() & 0o7777))
                .unwrap_or_default();
            bail!(
                "{}: permission denied{mode}: you may not write this file, so it was left as it is",
                target.display()
            )
        }
        Err(e) => Err(e).with_context(|| format!("{}: cannot open for writing", target.display())),
    }
}

/// Replaces the file `path` names (through symbolic links) with `bytes` atomically, mode
/// 0600; on any error the original is untouched and the temp file removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = target_of(path)?;
    // A device, FIFO or socket (`-o /dev/null`, `-o >(cmd)`) is written to, never replaced:
    // a rename would put a regular file where the device was.
    if let Ok(meta) = fs::metadata(&target)
        && !meta.is_file()
    {
        if meta.is_dir() {
            bail!("{}: is a directory", target.display());
        }
        return OpenOptions::new()
            .write(true)
            .open(&target)
            .and_then(|mut f| f.write_all(bytes))
            .with_context(|| format!("{}: cannot write", target.display()));
    }
    check_writable(&target)?;
    let parent = parent_of(&target)?;
    let temp = parent.join(format!(
        ".{}.tmp-{}",
        file_name(&target),
        std::process::id()
    ));
    let mut pending = pending().lock().unwrap_or_else(|e| e.into_inner());
    *pending = Some(temp.clone());
    let result = (|| -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, &target)?;
        File::open(&parent)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    *pending = None;
    drop(pending);
    result.with_context(|| format!("{}: cannot write", target.display()))
}
