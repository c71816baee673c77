//! Atomic file writes: a temporary file in the same folder, flushed and
//! synced, then renamed over the target, so an interrupted write leaves the
//! old file whole. Never touches `.git`.
//!
//! A replacement that must not lose someone else's update
//! ([`Existing::IfUnchanged`]) locks the file it replaces, re-reads it and
//! compares it with what the edit started from just before the rename, so
//! two cto-plan processes writing one file are serialised and the later one
//! is refused rather than silently undoing the earlier. The lock is an
//! advisory one (`flock` on Unix, `LockFileEx` on Windows, through `fs4`):
//! it orders cto-plan processes, not an editor that writes the file without
//! locking (the comparison still catches that one unless it lands in the
//! instant between comparison and rename).
//!
//! A write killed before its rename leaves its temporary file behind
//! (`.NAME.PID-N.tmp`). The next write in that folder removes such files,
//! matched by that exact name pattern and by age alone: no write keeps a
//! temporary for longer than [`STALE_TEMPORARY`], and a process id says
//! nothing reliable (ids are reused, and a folder may be shared between
//! machines). Nothing else in the folder is touched.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

use fs4::fs_std::FileExt as _;

use crate::error::{Error, Result};

/// How a write treats a file that is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing<'a> {
    Replace,
    /// Replace the file only while it still holds these bytes, the ones the
    /// edit was made from; otherwise fail naming the file, writing nothing.
    /// Checked under a lock on the file, just before the rename.
    IfUnchanged(&'a [u8]),
    /// Fail with [`Error::AlreadyExists`]; decided at the final rename, so a
    /// file created meanwhile is not overwritten either.
    Keep,
}

/// How old a temporary file of this module must be before another write
/// removes it: a write holds one for milliseconds (write, sync, rename), so
/// one this old was left by a process that was killed or crashed.
pub const STALE_TEMPORARY: Duration = Duration::from_secs(10 * 60);

/// How long a write waits for another process's lock on the same file.
/// Writes hold it for milliseconds; one held this long belongs to a process
/// that is stuck, and waiting on would hang this one.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Writes `contents` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, contents: &[u8], existing: Existing<'_>) -> Result<()> {
    if path.components().any(|c| c.as_os_str() == ".git") {
        return Err(Error::WriteInsideGit {
            path: path.to_owned(),
        });
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    remove_stale_temporaries(dir, SystemTime::now());
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| Error::io(&temp, e))?;
        file.write_all(contents).map_err(|e| Error::io(&temp, e))?;
        file.sync_all().map_err(|e| Error::io(&temp, e))?;
        drop(file);
        match existing {
            Existing::Replace => {
                // The replacement keeps the file's permissions (an executable
                // or group-writable file stays so).
                if let Ok(meta) = fs::metadata(path) {
                    let _ = fs::set_permissions(&temp, meta.permissions());
                }
                fs::rename(&temp, path).map_err(|e| Error::io(path, e))
            }
            Existing::IfUnchanged(expected) => {
                let locked = lock_current(path)?;
                let current = fs::read(path).map_err(|e| Error::io(path, e))?;
                if current != expected {
                    return Err(changed_meanwhile(path));
                }
                if let Ok(meta) = locked.metadata() {
                    let _ = fs::set_permissions(&temp, meta.permissions());
                }
                // The lock is released when `locked` closes, after the rename:
                // a writer waiting for it then finds the new file.
                fs::rename(&temp, path).map_err(|e| Error::io(path, e))
            }
            // A hard link fails when the target exists: create-if-absent, atomically.
            Existing::Keep => match fs::hard_link(&temp, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(Error::AlreadyExists {
                        path: path.to_owned(),
                    })
                }
                Err(e) => Err(Error::io(path, e)),
            },
        }
    })();
    let _ = fs::remove_file(&temp);
    if result.is_ok() {
        // Make the rename itself durable; not every platform can sync a folder.
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    result
}

/// The refusal of a replacement whose file changed since it was read.
fn changed_meanwhile(path: &Path) -> Error {
    Error::Edit {
        location: path.display().to_string(),
        message: "changed on disk while this command ran (another cto-plan, or an editor, wrote it), so this change was not written".into(),
        hint: Some("run the command again: it applies to the file as it is now".into()),
    }
}

/// Opens and exclusively locks the file now at `path`. A writer that held
/// the lock may have renamed a new file over the one this one opened, so the
/// lock is taken again until it is on the file the path names.
fn lock_current(path: &Path) -> Result<File> {
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(changed_meanwhile(path));
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        while !file.try_lock_exclusive().map_err(|e| Error::io(path, e))? {
            if Instant::now() >= deadline {
                return Err(Error::Edit {
                    location: path.display().to_string(),
                    message: format!(
                        "is locked by another process that has been writing it for over {} seconds, so this change was not written",
                        LOCK_WAIT.as_secs()
                    ),
                    hint: Some("wait for the other cto-plan command to finish (or stop it), then run this one again".into()),
                });
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        if is_same_file(&file, path) {
            return Ok(file);
        }
    }
}

/// Whether the open `file` is the one `path` names now.
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Without file ids in std, the content comparison under the lock is what
/// catches a file replaced meanwhile.
#[cfg(not(unix))]
fn is_same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// Whether `name` is one of this module's temporaries: `.NAME.PID-N.tmp`,
/// with a non-empty NAME and decimal PID and N.
pub fn is_temporary_name(name: &str) -> bool {
    let Some(inner) = name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    let Some((target, counters)) = inner.rsplit_once('.') else {
        return false;
    };
    let Some((pid, n)) = counters.split_once('-') else {
        return false;
    };
    let decimal = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    !target.is_empty() && decimal(pid) && decimal(n)
}

/// Removes the temporaries of this module in `dir` last modified more than
/// [`STALE_TEMPORARY`] before `now`. Only regular files are removed; failing
/// to read the folder or to remove one is no reason to fail the write.
fn remove_stale_temporaries(dir: &Path, now: SystemTime) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temporary_name) {
            continue;
        }
        // `DirEntry::metadata` does not follow a symbolic link.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let stale = meta.is_file()
            && meta
                .modified()
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age > STALE_TEMPORARY);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_or_keeps() {
        let dir = std::env::temp_dir().join(format!("cto-plan-write-{}", std::process::id()));
        let path = dir.join("sub/a.toml");
        write_atomic(&path, b"one", Existing::Keep).unwrap();
        assert!(matches!(
            write_atomic(&path, b"two", Existing::Keep),
            Err(Error::AlreadyExists { .. })
        ));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"three", Existing::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
        assert!(write_atomic(&dir.join(".git/config"), b"x", Existing::Replace).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporary_names() {
        for name in [
            ".a.toml.12-0.tmp",
            ".search-v2.toml.4242-17.tmp",
            ".x.1-2.tmp",
        ] {
            assert!(is_temporary_name(name), "{name}");
        }
        for name in [
            "a.toml.12-0.tmp",
            ".a.toml.12-0.tmp~",
            "..12-0.tmp",
            ".a.toml.12.tmp",
            ".a.toml.12-x.tmp",
            ".a.toml.-0.tmp",
            ".a.toml.tmp",
            ".a.toml",
        ] {
            assert!(!is_temporary_name(name), "{name}");
        }
    }

    #[test]
    fn if_unchanged_refuses_a_file_changed_since_it_was_read() {
        let dir = std::env::temp_dir().join(format!("cto-plan-write-if-{}", std::process::id()));
        let path = dir.join("a.toml");
        write_atomic(&path, b"one", Existing::Keep).unwrap();
        let error = write_atomic(&path, b"two", Existing::IfUnchanged(b"zero")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("changed on disk while this command ran"),
            "{error}"
        );
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"two", Existing::IfUnchanged(b"one")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        fs::remove_file(&path).unwrap();
        assert!(write_atomic(&path, b"three", Existing::IfUnchanged(b"two")).is_err());
        assert!(
            !path.exists(),
            "a file removed meanwhile is not brought back"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
