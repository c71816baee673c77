//! Atomic file writes: a temporary file in the same folder, flushed and
//! synced, then renamed over the target, so an interrupted write leaves the
//! old file whole. Never touches `.git`.
//!
//! Several files are written as one batch ([`write_batch`]): all checked,
//! all temporaries written, one durability barrier for all of them, then
//! the renames, then one sync per folder. A thousand files so cost one
//! journal commit instead of a thousand, and a batch that fails before its
//! first rename lands nothing.
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
use std::path::{Path, PathBuf};
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
    write_batch(&[BatchFile {
        path,
        contents,
        existing,
    }])
    .map_err(|failure| failure.error)
}

/// One file of a [`write_batch`].
#[derive(Debug, Clone, Copy)]
pub struct BatchFile<'a> {
    pub path: &'a Path,
    pub contents: &'a [u8],
    pub existing: Existing<'a>,
}

/// Why a [`write_batch`] stopped, and how far it had got.
#[derive(Debug)]
pub struct BatchFailure {
    /// The files before this index landed (in the order given); none after
    /// it did. Zero when the batch failed before its first rename.
    pub landed: usize,
    /// The index of the file the error is about.
    pub failed: usize,
    pub error: Error,
}

/// Writes several files, each atomically, with one durability barrier for
/// all of them instead of one per file (a thousand `fsync` calls cost a
/// thousand journal commits; an import writes a thousand files).
///
/// In order: every target is checked (not in `.git`; a [`Existing::Keep`]
/// one absent, a [`Existing::IfUnchanged`] one holding what it should);
/// every temporary file is written next to its target; all of them are made
/// durable at once ([`sync_temporaries`]); they are renamed over their
/// targets in the order given, a replacement still locked, re-read and
/// compared just before its rename; last, each folder that changed is synced
/// once. A failure before the first rename lands nothing; one during the
/// renames leaves the files before it landed, whole and durable, and says
/// how many. Either way no temporary file of the batch is left behind.
pub fn write_batch(files: &[BatchFile<'_>]) -> std::result::Result<(), BatchFailure> {
    let early = |failed: usize, error: Error| BatchFailure {
        landed: 0,
        failed,
        error,
    };
    for (i, file) in files.iter().enumerate() {
        if file.path.components().any(|c| c.as_os_str() == ".git") {
            return Err(early(
                i,
                Error::WriteInsideGit {
                    path: file.path.to_owned(),
                },
            ));
        }
        precheck(file).map_err(|error| early(i, error))?;
    }
    // The folders, each once, in order of first use; and the ones made now,
    // to be removed again should nothing land.
    let mut dirs: Vec<&Path> = Vec::new();
    let mut made: Vec<PathBuf> = Vec::new();
    let dir_of: Vec<usize> = files
        .iter()
        .map(|file| {
            let dir = parent(file.path);
            match dirs.iter().position(|d| *d == dir) {
                Some(at) => at,
                None => {
                    dirs.push(dir);
                    dirs.len() - 1
                }
            }
        })
        .collect();
    for (at, dir) in dirs.iter().enumerate() {
        let first = dir_of.iter().position(|d| *d == at).unwrap_or(0);
        if let Err(error) = make_dir(dir, &mut made) {
            remove_made(&made);
            return Err(early(first, error));
        }
        remove_stale_temporaries(dir, SystemTime::now());
    }
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let abandon = |temps: &[PathBuf], made: &[PathBuf]| {
        for temp in temps {
            let _ = fs::remove_file(temp);
        }
        remove_made(made);
    };
    for (i, file) in files.iter().enumerate() {
        let temp = temporary_for(file.path);
        let written = write_new(&temp, file.contents);
        // A temporary that was created but not filled is removed too.
        temps.push(temp);
        if let Err(error) = written {
            abandon(&temps, &made);
            return Err(early(i, error));
        }
    }
    if let Err((i, error)) = sync_temporaries(&temps, &dirs) {
        abandon(&temps, &made);
        return Err(early(i, error));
    }
    let mut landed = 0;
    let mut failure = None;
    for (i, (file, temp)) in files.iter().zip(&temps).enumerate() {
        match land(file, temp) {
            Ok(()) => landed += 1,
            Err(error) => {
                failure = Some((i, error));
                break;
            }
        }
    }
    // What is left: the failed file's temporary and the ones after it.
    for temp in &temps[landed..] {
        let _ = fs::remove_file(temp);
    }
    // Make the renames themselves durable, and the folders made for them;
    // not every platform can sync a folder.
    let mut synced = vec![false; dirs.len()];
    for &at in dir_of.iter().take(landed) {
        if !std::mem::replace(&mut synced[at], true) {
            sync_dir(dirs[at]);
        }
    }
    if landed > 0 {
        for dir in &made {
            sync_dir(parent(dir));
        }
    }
    match failure {
        None => Ok(()),
        Some((failed, error)) => {
            if landed == 0 {
                remove_made(&made);
            }
            Err(BatchFailure {
                landed,
                failed,
                error,
            })
        }
    }
}

/// The folder a file is written in.
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Refuses, before anything is written, a file that cannot land as asked:
/// the same tests are made again at its rename, this one only spares the
/// other files of a batch from landing first.
fn precheck(file: &BatchFile<'_>) -> Result<()> {
    match file.existing {
        Existing::Replace => Ok(()),
        Existing::Keep => match fs::symlink_metadata(file.path) {
            Ok(_) => Err(Error::AlreadyExists {
                path: file.path.to_owned(),
            }),
            Err(_) => Ok(()),
        },
        Existing::IfUnchanged(expected) => match fs::read(file.path) {
            Ok(current) if current == expected => Ok(()),
            _ => Err(changed_meanwhile(file.path)),
        },
    }
}

/// Creates `dir` and its missing parents, noting the ones it made (outermost
/// first).
fn make_dir(dir: &Path, made: &mut Vec<PathBuf>) -> Result<()> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(path) = at.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        missing.push(path.to_owned());
        at = path.parent();
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    made.extend(missing.into_iter().rev());
    Ok(())
}

/// Removes the folders a failed batch made, innermost first, if empty.
fn remove_made(made: &[PathBuf]) {
    for dir in made.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

/// A fresh temporary name next to `path`: `.NAME.PID-N.tmp`.
fn temporary_for(path: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent(path).join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Creates `temp`, which must not exist, holding `contents`; not yet synced.
fn write_new(temp: &Path, contents: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)
        .map_err(|e| Error::io(temp, e))?;
    file.write_all(contents).map_err(|e| Error::io(temp, e))
}

/// Makes every temporary durable before any is renamed. Linux syncs each
/// file system the folders are on once (`syncfs`), which commits the
/// journal once for all of them; elsewhere each file is synced, after all
/// were written, so that the file system can batch their commits. On error,
/// the index of a temporary the error may be about.
#[cfg(target_os = "linux")]
fn sync_temporaries(temps: &[PathBuf], dirs: &[&Path]) -> std::result::Result<(), (usize, Error)> {
    use std::os::unix::fs::MetadataExt as _;
    if temps.len() == 1 {
        // One file: syncing it alone is cheaper than a whole file system.
        return sync_file(&temps[0]).map_err(|e| (0, e));
    }
    let mut devices = Vec::new();
    for dir in dirs {
        let handle = File::open(dir).map_err(|e| (0, Error::io(*dir, e)))?;
        let device = handle
            .metadata()
            .map_err(|e| (0, Error::io(*dir, e)))?
            .dev();
        if devices.contains(&device) {
            continue;
        }
        devices.push(device);
        rustix::fs::syncfs(&handle).map_err(|e| (0, Error::io(*dir, e.into())))?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_temporaries(temps: &[PathBuf], _dirs: &[&Path]) -> std::result::Result<(), (usize, Error)> {
    for (i, temp) in temps.iter().enumerate() {
        sync_file(temp).map_err(|e| (i, e))?;
    }
    Ok(())
}

/// Flushes one written file to the disk. Opened for writing: some platforms
/// only flush a file through such a handle.
fn sync_file(temp: &Path) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .open(temp)
        .and_then(|file| file.sync_all())
        .map_err(|e| Error::io(temp, e))
}

/// Best-effort sync of a folder, so the renames in it last.
fn sync_dir(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Moves one synced temporary onto its target as `file.existing` says.
fn land(file: &BatchFile<'_>, temp: &Path) -> Result<()> {
    let path = file.path;
    match file.existing {
        Existing::Replace => {
            // The replacement keeps the file's permissions (an executable
            // or group-writable file stays so).
            if let Ok(meta) = fs::metadata(path) {
                let _ = fs::set_permissions(temp, meta.permissions());
            }
            fs::rename(temp, path).map_err(|e| Error::io(path, e))
        }
        Existing::IfUnchanged(expected) => {
            let locked = lock_current(path)?;
            let current = fs::read(path).map_err(|e| Error::io(path, e))?;
            if current != expected {
                return Err(changed_meanwhile(path));
            }
            if let Ok(meta) = locked.metadata() {
                let _ = fs::set_permissions(temp, meta.permissions());
            }
            // The lock is released when `locked` closes, after the rename:
            // a writer waiting for it then finds the new file.
            fs::rename(temp, path).map_err(|e| Error::io(path, e))
        }
        Existing::Keep => match create_only(temp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::AlreadyExists {
                path: path.to_owned(),
            }),
            Err(e) => Err(Error::io(path, e)),
        },
    }
}

/// Moves `temp` to `path` only if nothing is there, atomically. Linux
/// renames without replacing (`RENAME_NOREPLACE`); where the file system
/// cannot, and elsewhere, a hard link does it (it fails when the target
/// exists), and then the temporary is removed.
fn create_only(temp: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, temp, CWD, path, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    fs::hard_link(temp, path)?;
    let _ = fs::remove_file(temp);
    Ok(())
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
