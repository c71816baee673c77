//! `--commit`: one commit of exactly the files an edit touched.
//!
//! The commit's tree is HEAD's tree with those files replaced, so anything
//! else that is staged stays staged and out of the commit. Everything that
//! can refuse the commit is checked before anything is written: a file with
//! uncommitted changes of its own (staged, unstaged or untracked, which
//! committing would sweep in), a repository in the middle of a merge or a
//! rebase, an index another process holds (`index.lock`) and the identity,
//! found as git finds it ([`super::identity`]).
//!
//! git's lock on the index ([`super::index_lock`]) is taken before those
//! checks and held until HEAD has moved: two commits at once, by cto-plan
//! or by git, are so taken one after the other, the later one on top of the
//! earlier, and none writes back an index another has changed meanwhile.
//! HEAD, the index and the work tree agree on every path: the index is
//! written first, and HEAD moves only once it has been; should HEAD fail to
//! move, the index is put back as it was when the lock was taken. A failure
//! after the files were written so leaves them as a plain unstaged change,
//! never a staged change that would revert them. Without `--commit` nothing
//! in this module runs: edits never stage.

use std::path::{Path, PathBuf};

use git2::{FileMode, Index, Oid, Repository, Signature, Status, build::TreeUpdateBuilder};

use super::index_lock::IndexLock;
use crate::error::{Error, Result};
use crate::store::Layout;

/// The repository, the files (repository-relative, `/`-separated) to commit
/// and who commits them, with the index locked until the commit is made
/// or dropped.
pub struct Commit {
    lock: IndexLock,
    repo: Repository,
    workdir: PathBuf,
    paths: Vec<String>,
    author: Signature<'static>,
    committer: Signature<'static>,
}

impl Commit {
    /// Checks, before anything is written, that `files` (real paths on disk)
    /// can be committed alone, now, and locks the index until the commit.
    pub fn prepare(layout: &Layout, files: &[PathBuf]) -> Result<Commit> {
        let no_git = || Error::CommitNeedsGit {
            root: layout.root.clone(),
        };
        let repo = match layout.repository() {
            Ok(repo) => repo,
            // A repository cto-plan cannot open (sha256 ids) says so itself.
            Err(Error::NotInGit { .. }) => return Err(no_git()),
            Err(e) => return Err(e),
        };
        let workdir = repo
            .workdir()
            .and_then(|w| std::fs::canonicalize(w).ok())
            .ok_or_else(no_git)?;
        if repo.state() != git2::RepositoryState::Clean {
            return Err(Error::RepositoryBusy {
                state: format!("{:?}", repo.state()),
            });
        }
        let (author, committer) = super::identity::author_and_committer(&repo)?;
        // Taken before the files are looked at: what they are checked
        // against is what they are committed on.
        let lock = IndexLock::acquire(repo.path())?;
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
            lock,
            repo,
            workdir,
            paths,
            author,
            committer,
        })
    }

    /// Commits the files as they are now on disk, on HEAD, and updates their
    /// index entries to match: the index first, then HEAD.
    pub fn run(&self, message: &str) -> Result<Oid> {
        let repo = &self.repo;
        let parent = match repo.head() {
            Ok(head) => Some(head.peel_to_commit()?),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => None,
            Err(e) => return Err(e.into()),
        };
        let base = match &parent {
            Some(commit) => commit.tree()?,
            None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
        };
        // The repository's own index hashes each file as `git add` would
        // (filters and its settings included), and the tree takes those
        // very blobs: the committed file and its index entry cannot differ.
        // It is never written (libgit2 would take the very lock held here):
        // its entries go into a copy that is then renamed over the index.
        let mut hashing = repo.index()?;
        hashing.read(false)?;
        let mut staged = Index::open(self.lock.staging_copy()?)?;
        let mut update = TreeUpdateBuilder::new();
        for relative in &self.paths {
            hashing.add_path(Path::new(relative))?;
            let entry = hashing
                .get_path(Path::new(relative), 0)
                .ok_or_else(|| Error::Edit {
                    location: self.workdir.join(relative).display().to_string(),
                    message: "could not be staged, so nothing was committed".into(),
                    hint: Some("`git add` it and commit it yourself".into()),
                })?;
            let executable = u32::try_from(i32::from(FileMode::BlobExecutable)).ok();
            let mode = if Some(entry.mode) == executable {
                FileMode::BlobExecutable
            } else {
                FileMode::Blob
            };
            update.upsert(relative.as_str(), entry.id, mode);
            staged.add(&entry)?;
        }
        let tree = repo.find_tree(update.create_updated(repo, &base)?)?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        // The commit object alone: HEAD moves once the index is written.
        let id = repo.commit(
            None,
            &self.author,
            &self.committer,
            message,
            &tree,
            &parents,
        )?;
        if let Err(error) = staged.write() {
            return Err(self.not_committed(&error.to_string(), true));
        }
        if let Err(error) = self.lock.install() {
            return Err(self.not_committed(&error.to_string(), true));
        }
        if let Err(error) = move_head(repo, parent.as_ref().map(|c| c.id()), id, message) {
            let restored = self.lock.restore().is_ok();
            return Err(self.not_committed(&error.to_string(), restored));
        }
        Ok(id)
    }

    /// The error of a commit that failed after the files were written:
    /// they stay written, and HEAD (and, when `index_as_it_was`, the index)
    /// are as they were.
    fn not_committed(&self, why: &str, index_as_it_was: bool) -> Error {
        let paths = self.paths.join(" ");
        let (left, how) = if index_as_it_was {
            (
                "HEAD and the index are as they were",
                format!("git add {paths} && git commit"),
            )
        } else {
            (
                "HEAD is as it was, but the index stages the edit",
                format!("git commit {paths}"),
            )
        };
        Error::Edit {
            location: self.paths.join(", "),
            message: format!("written, but not committed ({why}): {left}"),
            hint: Some(format!("commit it yourself once git is free: `{how}`")),
        }
    }
}

/// Moves HEAD (the branch it names, or HEAD itself when detached) from
/// `parent` to `id`, as `git commit` does, with its reflog message; refused
/// when HEAD is no longer at `parent`.
fn move_head(repo: &Repository, parent: Option<Oid>, id: Oid, message: &str) -> Result<()> {
    let summary = message.lines().next().unwrap_or_default();
    let head = repo.find_reference("HEAD")?;
    let name = head.symbolic_target()?.unwrap_or("HEAD").to_owned();
    match parent {
        Some(parent) => {
            repo.reference_matching(&name, id, true, parent, &format!("commit: {summary}"))?;
        }
        None => {
            repo.reference(&name, id, false, &format!("commit (initial): {summary}"))?;
        }
    }
    Ok(())
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
