//! Finding the plan: its root folder and the git repository around it.
//!
//! The root is the nearest folder at or above the start that holds
//! `cto-plan.toml`. It may be a repository's root, a sub-folder of one (a
//! monorepo), or outside git altogether. A bare repository is accepted as a
//! plan whose files are read from revisions only.

use std::path::{Path, PathBuf};

use super::CONFIG_FILE;
use crate::error::{Error, Result};

/// Where the plan lives.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The plan root on disk (for a bare repository, the repository folder).
    pub root: PathBuf,
    /// The repository's git folder, when the plan is in git.
    pub git_dir: Option<PathBuf>,
    /// The plan root relative to the repository's top, `/`-separated, "" at the top.
    pub prefix: String,
    /// The plan is a bare repository: there is no working tree.
    pub bare: bool,
}

impl Layout {
    /// Searches upward from `start` for the plan root.
    pub fn discover(start: &Path) -> Result<Layout> {
        let start = std::fs::canonicalize(start).map_err(|e| Error::io(start, e))?;
        for dir in start.ancestors() {
            if dir.join(CONFIG_FILE).is_file() {
                return Layout::at(dir);
            }
        }
        if let Ok(repo) = git2::Repository::open_bare(&start) {
            return Ok(Layout {
                root: start,
                git_dir: Some(repo.path().to_path_buf()),
                prefix: String::new(),
                bare: true,
            });
        }
        Err(Error::PlanNotFound { start })
    }

    /// The layout of a plan whose root is `root`.
    pub fn at(root: &Path) -> Result<Layout> {
        let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        let (git_dir, prefix) = match git2::Repository::discover(&root) {
            Ok(repo) => match repo.workdir().and_then(|w| std::fs::canonicalize(w).ok()) {
                Some(workdir) => {
                    let relative = root.strip_prefix(&workdir).unwrap_or(Path::new(""));
                    let prefix: Vec<String> = relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    (Some(repo.path().to_path_buf()), prefix.join("/"))
                }
                None => (None, String::new()),
            },
            Err(_) => (None, String::new()),
        };
        Ok(Layout {
            root,
            git_dir,
            prefix,
            bare: false,
        })
    }

    /// Opens the repository, or says the plan is not in git.
    pub fn repository(&self) -> Result<git2::Repository> {
        let git_dir = self.git_dir.as_ref().ok_or_else(|| Error::NotInGit {
            path: self.root.clone(),
        })?;
        Ok(git2::Repository::open(git_dir)?)
    }

    /// A plan-relative path as users see it: relative to the repository's top
    /// when the plan is in git, so CI annotations land on the right file.
    pub fn display_path(&self, plan_path: &str) -> String {
        if self.prefix.is_empty() {
            plan_path.to_owned()
        } else {
            format!("{}/{plan_path}", self.prefix)
        }
    }
}
