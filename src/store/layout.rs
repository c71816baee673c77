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

    /// Opens the repository, or says why it cannot: the plan is not in git,
    /// or the repository is one cto-plan cannot read. Loose objects are
    /// verified first (see [`super::objects`]): a corrupt one is an error
    /// here, not a hang later.
    pub fn repository(&self) -> Result<git2::Repository> {
        self.open_repository(false).map(|(repo, _)| repo)
    }

    /// [`Layout::repository`]; with `repair`, commits whose malformed dates
    /// libgit2 cannot parse are served to it with a zero date (see
    /// [`super::objects::repair_malformed_commits`]), with a warning for
    /// each. Repairing reads every reachable commit, so callers ask for it
    /// only once a read has failed on such a commit
    /// ([`is_malformed_commit`]).
    pub fn open_repository(&self, repair: bool) -> Result<(git2::Repository, Vec<String>)> {
        let Some(git_dir) = self.git_dir.as_ref() else {
            return Err(
                unreadable_repository(&self.root).unwrap_or_else(|| Error::NotInGit {
                    path: self.root.clone(),
                }),
            );
        };
        let repo = git2::Repository::open(git_dir)?;
        super::objects::verify_loose_objects(&repo)?;
        let warnings = if repair {
            super::objects::repair_malformed_commits(&repo)?
        } else {
            Vec::new()
        };
        Ok((repo, warnings))
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

/// Whether an error came from libgit2 refusing a commit whose author or
/// committer line it cannot parse (`abc +0000` for a date): opening the
/// repository with repairs reads such history. libgit2 gives the error no
/// class of its own, so its message is what tells.
pub fn is_malformed_commit(error: &Error) -> bool {
    error.to_string().contains("failed to parse signature")
}

/// Why the repository around `root` exists but cannot be opened, when it is
/// so: `discover` fails the same way for "no repository" and "a repository
/// libgit2 cannot read", and only the first is "not inside a git repository".
fn unreadable_repository(root: &Path) -> Option<Error> {
    let error = git2::Repository::discover(root).err()?;
    if error.code() == git2::ErrorCode::NotFound {
        return None;
    }
    let message = if error.message().contains("object format") {
        format!(
            "{} is in a repository that uses sha256 object ids ({}); sha256 repositories are \
             not supported by cto-plan's git library (libgit2) yet: use a sha1 repository \
             (`git init --object-format=sha1`), or run commands that read the working tree \
             alone (check, list and show without `--rev` or `--at`)",
            root.display(),
            error.message()
        )
    } else {
        format!(
            "{} is in a git repository cto-plan cannot open: {}",
            root.display(),
            error.message()
        )
    };
    Some(Error::Git(git2::Error::from_str(&message)))
}
