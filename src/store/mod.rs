//! Where plan files come from: the working tree or a git revision.
//!
//! A [`Source`] lists the plan's files as bytes; [`load`] turns them into a
//! [`Loaded`] plan through the same parsing code whichever the source. Sources
//! never check out, never touch the index and never follow a link out of the
//! plan root.

pub mod cache;
pub mod changed;
pub mod commit_graph;
pub mod git;
pub mod history_index;
pub mod layout;
pub mod load;
pub mod objects;
pub mod parallel;
pub mod revision;
pub mod tree_diff;

#[cfg(test)]
pub(crate) mod test_support;
pub mod worktree;
pub mod write;

pub use layout::Layout;
pub use load::{Loaded, load};

use crate::error::Result;

/// Files larger than this are reported, not parsed.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The file that marks a plan's root and holds its settings.
pub const CONFIG_FILE: &str = "cto-plan.toml";

/// One file of the plan as a source holds it.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Relative to the plan root, `/`-separated.
    pub path: String,
    pub content: Content,
    /// The git blob id, when the file comes from a revision.
    pub blob: Option<git2::Oid>,
}

#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Not read: larger than [`MAX_FILE_SIZE`].
    TooLarge(u64),
    /// A symbolic link that leaves the plan root or leads nowhere.
    BadSymlink {
        target: String,
        why: &'static str,
    },
    /// The file could not be read.
    Unreadable(String),
    /// Not a regular file (a FIFO, a socket, a device), or a link to one:
    /// never opened, since opening a FIFO blocks until someone writes to it.
    Special(&'static str),
    /// A folder (this path) whose entries could not be listed.
    UnreadableFolder(String),
}

/// The repository a source reads: the run's handle, borrowed, or (for callers
/// that have none to lend) one of its own.
pub enum RepoHandle<'r> {
    Borrowed(&'r git2::Repository),
    Owned(git2::Repository),
}

impl<'r> From<&'r git2::Repository> for RepoHandle<'r> {
    fn from(repo: &'r git2::Repository) -> Self {
        RepoHandle::Borrowed(repo)
    }
}

impl From<git2::Repository> for RepoHandle<'_> {
    fn from(repo: git2::Repository) -> Self {
        RepoHandle::Owned(repo)
    }
}

impl std::ops::Deref for RepoHandle<'_> {
    type Target = git2::Repository;

    fn deref(&self) -> &git2::Repository {
        match self {
            RepoHandle::Borrowed(repo) => repo,
            RepoHandle::Owned(repo) => repo,
        }
    }
}

/// A place plan files are read from.
pub trait Source {
    /// Every `.toml` file below the plan root, the config file included.
    fn files(&self) -> Result<Vec<RawFile>>;
    /// Names the source in messages: "working tree", "HEAD~2 (3f2a1bc)".
    fn describe(&self) -> String;
    /// Every file under [`TEMPLATES_DIR`], paths relative to the plan root.
    fn templates(&self) -> Result<Vec<RawFile>> {
        Ok(Vec::new())
    }
}

/// Where a plan keeps its own templates (`new/KIND.toml` for records; review
/// templates by any name), relative to the plan root.
pub const TEMPLATES_DIR: &str = ".cto-plan/templates";

/// Whether a plan path lies under [`TEMPLATES_DIR`].
pub fn is_template_path(path: &str) -> bool {
    path.strip_prefix(TEMPLATES_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a path (plan-relative, `/`-separated) is one the plan reads.
pub(crate) fn is_plan_file(path: &str) -> bool {
    path.ends_with(".toml") && !path.split('/').any(|part| part.starts_with('.'))
}

/// Resolves a symlink's target against the link's folder, purely lexically,
/// and returns it relative to the plan root, or `None` when it leaves it.
pub(crate) fn resolve_link(link_path: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = link_path.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_inside_or_not_at_all() {
        assert_eq!(
            resolve_link("roadmap/a.toml", "b.toml").as_deref(),
            Some("roadmap/b.toml")
        );
        assert_eq!(
            resolve_link("roadmap/a.toml", "../risks/b.toml").as_deref(),
            Some("risks/b.toml")
        );
        assert_eq!(resolve_link("roadmap/a.toml", "../../etc/passwd"), None);
        assert_eq!(resolve_link("roadmap/a.toml", "/etc/passwd"), None);
    }

    #[test]
    fn hidden_and_foreign_files_are_not_read() {
        assert!(is_plan_file("roadmap/a.toml"));
        assert!(!is_plan_file(".taplo.toml"));
        assert!(!is_plan_file(".cto-plan/templates/x.toml"));
        assert!(!is_plan_file("roadmap/README.md"));
    }
}
