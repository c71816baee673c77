//! git's own lock on the index, `index.lock` in the git folder, taken as git
//! takes it (created exclusively) and held by `--commit` from before the
//! index is read until HEAD has moved, so that two commits, by cto-plan or
//! git, are taken one after the other and neither writes back an index the
//! other has since changed.
//!
//! libgit2 writes an index only through a `PATH.lock` of its own, which for
//! the real index is the very lock held here; so the new index is written
//! to a file of its own beside it and renamed over the index while the lock
//! is still held. This module never removes a lock it did not create, and
//! never writes the index except by such a rename.

use std::fs::{self, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long taking the lock waits for another process to let go of it. A
/// commit holds it for milliseconds; one held this long belongs to a git
/// command that is still at work (an editor open for its message) or to
/// one that crashed, and waiting on would hang this one.
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// How often a waiting process looks again.
const RETRY_EVERY: Duration = Duration::from_millis(10);

/// The index, locked; the lock goes when this is dropped.
pub struct IndexLock {
    index: PathBuf,
    lock: PathBuf,
    staging: PathBuf,
    /// The index as it was when the lock was taken (`None`: there was none),
    /// to put back should HEAD fail to move. No one else can have written
    /// the index since, so putting this back undoes nothing of theirs.
    original: Option<Vec<u8>>,
}

impl IndexLock {
    /// Takes the lock of the index in `git_dir`, waiting up to
    /// [`LOCK_WAIT`] for another process to release it.
    pub fn acquire(git_dir: &Path) -> Result<IndexLock> {
        let lock = git_dir.join("index.lock");
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(_) => break,
                Err(e) if e.kind() == ErrorKind::AlreadyExists && Instant::now() < deadline => {
                    std::thread::sleep(RETRY_EVERY);
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(locked(&lock)),
                Err(e) => return Err(Error::io(&lock, e)),
            }
        }
        let mut held = IndexLock {
            index: git_dir.join("index"),
            staging: git_dir.join(format!("index.cto-plan-{}", std::process::id())),
            lock,
            original: None,
        };
        held.original = match fs::read(&held.index) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&held.index, e)),
        };
        Ok(held)
    }

    /// A copy of the index as it was when the lock was taken, in a file of
    /// its own (its path returned) for libgit2 to open, change and write;
    /// [`IndexLock::install`] then makes it the index.
    pub fn staging_copy(&self) -> Result<&Path> {
        let _ = fs::remove_file(&self.staging);
        if let Some(bytes) = &self.original {
            fs::write(&self.staging, bytes).map_err(|e| Error::io(&self.staging, e))?;
        }
        Ok(&self.staging)
    }

    /// Renames the staging copy over the index; the lock stays held.
    pub fn install(&self) -> Result<()> {
        fs::rename(&self.staging, &self.index).map_err(|e| {
            let _ = fs::remove_file(&self.staging);
            Error::io(&self.index, e)
        })
    }

    /// Puts the index back as it was when the lock was taken.
    pub fn restore(&self) -> Result<()> {
        match &self.original {
            Some(bytes) => {
                fs::write(&self.staging, bytes).map_err(|e| Error::io(&self.staging, e))?;
                self.install()
            }
            None => fs::remove_file(&self.index).map_err(|e| Error::io(&self.index, e)),
        }
    }
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.staging);
        let _ = fs::remove_file(&self.lock);
    }
}

/// The refusal while another process holds the index.
fn locked(lock: &Path) -> Error {
    Error::Edit {
        location: lock.display().to_string(),
        message: "exists: the index is locked by another git process, so nothing was written or committed".into(),
        hint: Some(
            "wait for that git command to finish; if none is running, a crashed one left the lock: remove the file, then run this again (or drop --commit)"
                .into(),
        ),
    }
}
