//! Reads the plan from the files on disk.
//!
//! Walks the plan root, skipping hidden entries and folders git ignores (the
//! templates folder is read on its own), never follows a link out of the
//! root and never opens what is not a regular file (a FIFO would block).
//! Reads only; writes live elsewhere.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Content, MAX_FILE_SIZE, RawFile, RepoHandle, Source, TEMPLATES_DIR, is_plan_file};
use crate::error::{Error, Result};

pub struct Worktree<'r> {
    root: PathBuf,
    /// For telling which folders git ignores; none outside git.
    repo: Option<RepoHandle<'r>>,
}

impl Worktree<'static> {
    /// The plan's files on disk, with a repository handle of its own.
    pub fn new(layout: &super::Layout) -> Result<Worktree<'static>> {
        Worktree::with_repository(layout, layout.repository().ok().map(RepoHandle::Owned))
    }
}

impl<'r> Worktree<'r> {
    /// The plan's files on disk, asking `repo` (the run's handle) what git
    /// ignores.
    pub fn with_repository(
        layout: &super::Layout,
        repo: Option<RepoHandle<'r>>,
    ) -> Result<Worktree<'r>> {
        if layout.bare {
            return Err(Error::BareRepository {
                path: layout.root.clone(),
            });
        }
        Ok(Worktree {
            root: layout.root.clone(),
            repo,
        })
    }

    /// Lists the plan's files below `dir` (plan path `relative`) into
    /// `out`; a regular file is read later, from `unread` (its place in
    /// `out` and its path), so that reading can be spread over the cores.
    fn walk(
        &self,
        dir: &Path,
        relative: &str,
        out: &mut Vec<RawFile>,
        unread: &mut Vec<(usize, PathBuf)>,
    ) -> Result<()> {
        let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_cached_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let plan_path = if relative.is_empty() {
                name.clone()
            } else {
                format!("{relative}/{name}")
            };
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_symlink() {
                if let Some(file) = self.symlink(&path, &plan_path) {
                    out.push(file);
                }
            } else if file_type.is_dir() {
                if self.ignored(&path) {
                    continue;
                }
                // A sub-folder that cannot be listed is reported, and the
                // rest of the plan is still read.
                if let Err(error) = fs::read_dir(&path) {
                    out.push(RawFile {
                        path: plan_path,
                        content: Content::UnreadableFolder(error.to_string()),
                        blob: None,
                    });
                    continue;
                }
                self.walk(&path, &plan_path, out, unread)?;
            } else if is_plan_file(&plan_path) {
                let content = if file_type.is_file() {
                    unread.push((out.len(), path));
                    Content::Bytes(Vec::new())
                } else {
                    Content::Special(special_kind(&file_type))
                };
                out.push(RawFile {
                    content,
                    path: plan_path,
                    blob: None,
                });
            }
        }
        Ok(())
    }

    /// A link is read only when it resolves inside the plan root; a linked
    /// folder is not walked (its files are reached by their real path).
    fn symlink(&self, path: &Path, plan_path: &str) -> Option<RawFile> {
        let target = fs::read_link(path)
            .map(|t| t.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bad = |why| {
            Some(RawFile {
                path: plan_path.to_owned(),
                content: Content::BadSymlink {
                    target: target.clone(),
                    why,
                },
                blob: None,
            })
        };
        let resolved = fs::canonicalize(path);
        // Only plan files and folders matter; other links (a README) are passed over.
        let is_dir = resolved.as_ref().is_ok_and(|r| r.is_dir());
        if !is_dir && !is_plan_file(plan_path) {
            return None;
        }
        let Ok(resolved) = resolved else {
            return bad("it leads nowhere");
        };
        if !resolved.starts_with(&self.root) {
            return bad("it leads out of the plan");
        }
        if resolved.is_dir() || !is_plan_file(plan_path) {
            return None;
        }
        Some(RawFile {
            path: plan_path.to_owned(),
            content: read(&resolved),
            blob: None,
        })
    }

    fn ignored(&self, dir: &Path) -> bool {
        let Some(repo) = &self.repo else { return false };
        let Some(workdir) = repo.workdir().and_then(|w| fs::canonicalize(w).ok()) else {
            return false;
        };
        dir.strip_prefix(&workdir)
            .is_ok_and(|rel| repo.is_path_ignored(rel).unwrap_or(false))
    }
}

/// What a file that is neither a regular file nor a folder is, for messages.
#[cfg(unix)]
fn special_kind(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe (FIFO)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "not a regular file"
}

/// A regular file's bytes; anything else (what a link leads to may be a
/// FIFO) is reported without being opened.
fn read(path: &Path) -> Content {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Content::Special(special_kind(&meta.file_type())),
        Ok(meta) if meta.len() > MAX_FILE_SIZE => Content::TooLarge(meta.len()),
        Ok(_) => fs::read(path).map_or_else(|e| Content::Unreadable(e.to_string()), Content::Bytes),
        Err(e) => Content::Unreadable(e.to_string()),
    }
}

impl Worktree<'_> {
    /// Every file below `dir` (plan path `relative`) of the templates folder:
    /// links are read only inside the plan, special files never opened.
    fn walk_templates(&self, dir: &Path, relative: &str, out: &mut Vec<RawFile>) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return,
            Err(error) => {
                out.push(RawFile {
                    path: relative.to_owned(),
                    content: Content::UnreadableFolder(error.to_string()),
                    blob: None,
                });
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_cached_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (path, plan_path) = (entry.path(), format!("{relative}/{name}"));
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                self.walk_templates(&path, &plan_path, out);
                continue;
            }
            let content = if file_type.is_symlink() {
                let target = fs::read_link(&path)
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match fs::canonicalize(&path) {
                    Ok(real) if !real.starts_with(&self.root) => Content::BadSymlink {
                        target,
                        why: "it leads out of the plan",
                    },
                    Ok(real) if real.is_dir() => continue,
                    Ok(real) => read(&real),
                    Err(_) => Content::BadSymlink {
                        target,
                        why: "it leads nowhere",
                    },
                }
            } else if file_type.is_file() {
                read(&path)
            } else {
                Content::Special(special_kind(&file_type))
            };
            out.push(RawFile {
                path: plan_path,
                content,
                blob: None,
            });
        }
    }
}

impl Source for Worktree<'_> {
    fn files(&self) -> Result<Vec<RawFile>> {
        let (mut out, mut unread) = (Vec::new(), Vec::new());
        self.walk(&self.root, "", &mut out, &mut unread)?;
        // Reading ten thousand files one after the other was a fifth of a
        // `check`: they are read on the cores that parse them next.
        let contents = super::parallel::map(&unread, |(_, path)| read(path));
        for ((at, _), content) in unread.iter().zip(contents) {
            out[*at].content = content;
        }
        Ok(out)
    }

    fn templates(&self) -> Result<Vec<RawFile>> {
        let mut out = Vec::new();
        self.walk_templates(&self.root.join(TEMPLATES_DIR), TEMPLATES_DIR, &mut out);
        Ok(out)
    }

    fn describe(&self) -> String {
        "working tree".into()
    }
}
