//! Atomic file writes: a temporary file in the same folder, flushed and
//! synced, then renamed over the target, so an interrupted write leaves the
//! old file whole. Never touches `.git`.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// How a write treats a file that is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Fail with [`Error::AlreadyExists`]; decided at the final rename, so a
    /// file created meanwhile is not overwritten either.
    Keep,
}

/// Writes `contents` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, contents: &[u8], existing: Existing) -> Result<()> {
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
}
