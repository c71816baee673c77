//! `--commit`: one commit of exactly the files an edit touched.
//!
//! The commit's tree is HEAD's tree with those files replaced, so anything
//! else that is staged stays staged and out of the commit. A file that had
//! uncommitted changes of its own (staged, unstaged or untracked) is refused
//! before anything is written, since committing it would commit those too.
//! Without `--commit` nothing in this module runs: edits never stage.

use std::path::{Path, PathBuf};

use git2::{FileMode, Oid, Repository, Status, build::TreeUpdateBuilder};

use crate::error::{Error, Result};
use crate::store::Layout;

/// The repository and the files (repository-relative, `/`-separated) to commit.
pub struct Commit {
    repo: Repository,
    workdir: PathBuf,
    paths: Vec<String>,
}

impl Commit {
    /// Checks, before anything is written, that `files` (real paths on disk)
    /// can be committed alone.
    pub fn prepare(layout: &Layout, files: &[PathBuf]) -> Result<Commit> {
        let no_git = || Error::CommitNeedsGit {
            root: layout.root.clone(),
        };
        let repo = layout.repository().map_err(|_| no_git())?;
        let workdir = repo
            .workdir()
            .and_then(|w| std::fs::canonicalize(w).ok())
            .ok_or_else(no_git)?;
        if repo.state() != git2::RepositoryState::Clean {
            return Err(Error::RepositoryBusy {
                state: format!("{:?}", repo.state()),
            });
        }
        let mut paths = Vec::new();
        for file in files {
            let relative = repo_relative(&workdir, file)?;
            match repo.status_file(Path::new(&relative)) {
                Ok(status) if status.is_empty() => {}
                Ok(status) if status.contains(Status::IGNORED) => {
                    return Err(Error::Edit {
                        location: relative,
                        message: "is ignored by git, so --commit will not commit it".into(),
                        hint: Some("drop --commit, or stop ignoring the file".into()),
                    });
                }
                Ok(_) => {
                    return Err(Error::Edit {
                        location: relative,
                        message: "has uncommitted changes, which --commit would sweep into its commit".into(),
                        hint: Some("commit or stash them first (`git status` shows them), or drop --commit".into()),
                    });
                }
                // A file that is not there yet has nothing to lose.
                Err(e) if e.code() == git2::ErrorCode::NotFound => {}
                Err(e) => return Err(e.into()),
            }
            paths.push(relative);
        }
        Ok(Commit {
            repo,
            workdir,
            paths,
        })
    }

    /// Commits the files as they are now on disk, on HEAD, and updates their
    /// index entries to match.
    pub fn run(&self, message: &str) -> Result<Oid> {
        let repo = &self.repo;
        // As git does: GIT_AUTHOR_* and GIT_COMMITTER_* first, then user.name
        // and user.email.
        let author = repo.author_from_env().map_err(|_| Error::NoGitIdentity)?;
        let committer = repo
            .committer_from_env()
            .map_err(|_| Error::NoGitIdentity)?;
        let parent = match repo.head() {
            Ok(head) => Some(head.peel_to_commit()?),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => None,
            Err(e) => return Err(e.into()),
        };
        let base = match &parent {
            Some(commit) => commit.tree()?,
            None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
        };
        let mut update = TreeUpdateBuilder::new();
        for relative in &self.paths {
            let full = self.workdir.join(relative);
            let bytes = std::fs::read(&full).map_err(|e| Error::io(&full, e))?;
            let blob = repo.blob(&bytes)?;
            let mode = match base.get_path(Path::new(relative)) {
                Ok(entry) if entry.filemode() == i32::from(FileMode::BlobExecutable) => {
                    FileMode::BlobExecutable
                }
                _ => FileMode::Blob,
            };
            update.upsert(relative.as_str(), blob, mode);
        }
        let tree = repo.find_tree(update.create_updated(repo, &base)?)?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let id = repo.commit(Some("HEAD"), &author, &committer, message, &tree, &parents)?;
        let mut index = repo.index()?;
        for relative in &self.paths {
            index.add_path(Path::new(relative))?;
        }
        index.write()?;
        Ok(id)
    }
}

fn repo_relative(workdir: &Path, file: &Path) -> Result<String> {
    let relative = file.strip_prefix(workdir).map_err(|_| Error::Edit {
        location: file.display().to_string(),
        message: "is outside the repository's working tree".into(),
        hint: Some("drop --commit".into()),
    })?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}
