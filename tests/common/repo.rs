//! The one git-fixture builder of the tests, [`GitPlan`], and the low-level
//! git2 helpers it stands on.
//!
//! Everything is hermetic: the user's and the system's git configuration are
//! kept out ([`isolate_git_config`]), every repository starts on branch
//! `main`, and every commit has a fixed author and committer and a fixed
//! time, so commit ids (and the short ids the reports print) are the same on
//! every run. Repositories are built with git2, never the `git` command; the
//! one exception is [`shallow_clone`], because git2 cannot make one.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature, Time};
use tempfile::TempDir;

use super::{minimal_plan, write};

/// Keeps the user's and the system's git configuration out of the git2
/// calls the tests make (a global `core.autocrlf` or `init.defaultBranch`
/// would otherwise leak in). Every repository of the tests is made through
/// [`git_init`], [`git_init_bare`], [`git_discover`] or [`GitPlan`], which
/// call it first.
pub fn isolate_git_config() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let nowhere = std::env::temp_dir().join("cto-plan-tests-no-git-config");
        for level in [
            git2::ConfigLevel::System,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::Global,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: runs once, before any other git2 call of the tests
            // (every one goes through this function first, and `call_once`
            // makes the others wait).
            unsafe { git2::opts::set_search_path(level, &nowhere) }.unwrap();
        }
    });
}

/// A new repository on branch `main`, without the user's configuration.
pub fn git_init(dir: &Path) -> Repository {
    isolate_git_config();
    let mut options = RepositoryInitOptions::new();
    options.initial_head("main");
    Repository::init_opts(dir, &options).unwrap()
}

/// A new bare repository on branch `main`, without the user's
/// configuration.
pub fn git_init_bare(dir: &Path) -> Repository {
    isolate_git_config();
    let mut options = RepositoryInitOptions::new();
    options.initial_head("main").bare(true);
    Repository::init_opts(dir, &options).unwrap()
}

/// Whether `dir` lies inside a git repository.
pub fn git_discover(dir: &Path) -> bool {
    isolate_git_config();
    Repository::discover(dir).is_ok()
}

/// 2026-01-01T00:00:00Z, the time of the first commit of every fixture.
const EPOCH: i64 = 1_767_225_600;

/// The fixed author and committer of a test commit made without a
/// [`GitPlan`]: Alice at [`EPOCH`].
pub fn signature() -> Signature<'static> {
    isolate_git_config();
    Signature::new("Alice", "alice@example.com", &Time::new(EPOCH, 0)).unwrap()
}

/// Someone who commits, for histories whose authors matter.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub name: &'static str,
    pub email: &'static str,
}

pub const ALICE: Who = Who {
    name: "Alice Martin",
    email: "alice@acme.test",
};
pub const BOB: Who = Who {
    name: "Bob Stone",
    email: "bob@acme.test",
};
pub const CAROL: Who = Who {
    name: "Carol Sato",
    email: "carol@acme.test",
};
pub const DAVE: Who = Who {
    name: "Dave Ruiz",
    email: "dave@acme.test",
};

/// `who` at `when`, an RFC 3339 time with its offset
/// (`2026-03-31T23:30:00-08:00`): git keeps both the instant and the offset,
/// and the histories test both.
pub fn signature_as(who: Who, when: &str) -> Signature<'static> {
    isolate_git_config();
    let instant: jiff::Timestamp = when
        .parse()
        .unwrap_or_else(|e| panic!("{when} is not a time with an offset: {e}"));
    let offset = &when[when.len() - 6..];
    let sign = match &offset[..1] {
        "+" => 1,
        "-" => -1,
        _ => panic!("{when} must end with an offset such as +09:00"),
    };
    let minutes =
        sign * (offset[1..3].parse::<i32>().unwrap() * 60 + offset[4..6].parse::<i32>().unwrap());
    Signature::new(
        who.name,
        who.email,
        &Time::new(instant.as_second(), minutes),
    )
    .unwrap()
}

/// The first seven hex digits of a commit id, as every report cites it.
pub fn short(id: Oid) -> String {
    id.to_string()[..7].to_owned()
}

/// A git repository in a temporary folder, on branch `main`, holding a plan
/// at `prefix` ("" for the repository's top, "plans/eng" for a monorepo's
/// sub-folder).
///
/// Commits made with [`GitPlan::commit`] are by Alice, the first at
/// [`EPOCH`] and each one a day later than the one before (so a history
/// reads in order by date as well as by parent); [`GitPlan::commit_as`]
/// names its author and time instead.
pub struct GitPlan {
    pub dir: TempDir,
    pub repo: Repository,
    pub prefix: String,
    /// Commits made so far by [`GitPlan::commit`].
    commits: Cell<i64>,
}

impl GitPlan {
    /// A new repository with the minimal plan at `prefix`, committed.
    pub fn new(prefix: &str) -> GitPlan {
        let git = GitPlan::empty(prefix);
        minimal_plan(&git.plan());
        git.commit("Add the plan");
        git
    }

    /// A new repository with nothing committed; the plan folder exists.
    pub fn empty(prefix: &str) -> GitPlan {
        let dir = TempDir::new().unwrap();
        let repo = git_init(dir.path());
        let git = GitPlan {
            dir,
            repo,
            prefix: prefix.to_owned(),
            commits: Cell::new(0),
        };
        std::fs::create_dir_all(git.plan()).unwrap();
        git
    }

    /// A repository whose top holds `cto-plan.toml` and `files`, committed.
    pub fn with(files: &[(&str, &str)]) -> GitPlan {
        let git = GitPlan::empty("");
        git.write("cto-plan.toml", super::CONFIG);
        git.write_all(files);
        git.commit("Add the plan");
        git
    }

    /// The repository's top folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The plan's folder.
    pub fn plan(&self) -> PathBuf {
        if self.prefix.is_empty() {
            self.dir.path().to_owned()
        } else {
            self.dir.path().join(&self.prefix)
        }
    }

    /// The repository's top, for fixtures whose plan is there (the
    /// histories and the diffs): there the top and the plan are one folder.
    pub fn path(&self) -> &Path {
        assert!(self.prefix.is_empty(), "the plan is at {}", self.prefix);
        self.dir.path()
    }

    /// `path` relative to the repository's top, as findings show it.
    pub fn shown(&self, plan_path: &str) -> String {
        if self.prefix.is_empty() {
            plan_path.to_owned()
        } else {
            format!("{}/{plan_path}", self.prefix)
        }
    }

    /// Writes `text` to `plan_path` in the plan folder, creating folders.
    pub fn write(&self, plan_path: &str, text: &str) {
        write(&self.plan(), plan_path, text);
    }

    /// [`GitPlan::write`] for every `(path, text)`.
    pub fn write_all(&self, files: &[(&str, &str)]) {
        for (path, text) in files {
            self.write(path, text);
        }
    }

    /// Rewrites `plan_path` with [`records::edit`](super::records::edit):
    /// the next state of a record names only the fields that change.
    pub fn edit(&self, plan_path: &str, edits: &[(&str, Option<&str>)]) {
        let path = self.plan().join(plan_path);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, super::records::edit(&text, edits)).unwrap();
    }

    /// Deletes `plan_path` from the plan folder.
    pub fn remove(&self, plan_path: &str) {
        std::fs::remove_file(self.plan().join(plan_path)).unwrap();
    }

    /// Moves a file, keeping its content (a rename, for git and for the plan).
    pub fn rename(&self, from: &str, to: &str) {
        let to = self.plan().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.plan().join(from), to).unwrap();
    }

    /// Stages every file of the plan folder (deletions too) and writes the
    /// index as a tree.
    fn stage(&self) -> Oid {
        let mut index = self.repo.index().unwrap();
        let spec = if self.prefix.is_empty() {
            "*".to_owned()
        } else {
            format!("{}/*", self.prefix)
        };
        index
            .add_all([spec.as_str()], IndexAddOption::DEFAULT, None)
            .unwrap();
        // Deleted files leave the index too.
        index.update_all([spec.as_str()], None).unwrap();
        index.write().unwrap();
        index.write_tree().unwrap()
    }

    /// The next signature of [`GitPlan::commit`], also for commits a test
    /// makes itself with git2: Alice, a day later than the one before.
    pub fn signature(&self) -> Signature<'static> {
        let n = self.commits.get();
        self.commits.set(n + 1);
        Signature::new(
            "Alice",
            "alice@example.com",
            &Time::new(EPOCH + n * 86_400, 0),
        )
        .unwrap()
    }

    /// Commits the staged plan folder on HEAD by `sig`, with HEAD's commit
    /// (when there is one) and `extra_parent` as parents.
    fn commit_by(&self, sig: &Signature<'_>, message: &str, extra_parent: Option<Oid>) -> Oid {
        let tree = self.repo.find_tree(self.stage()).unwrap();
        let mut parents = Vec::new();
        if let Ok(head) = self.repo.head() {
            parents.push(head.peel_to_commit().unwrap());
        }
        if let Some(extra) = extra_parent {
            parents.push(self.repo.find_commit(extra).unwrap());
        }
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), sig, sig, message, &tree, &parents)
            .unwrap()
    }

    /// Stages every file of the plan folder and commits on HEAD, by Alice a
    /// day after the previous such commit.
    pub fn commit(&self, message: &str) -> Oid {
        let sig = self.signature();
        self.commit_by(&sig, message, None)
    }

    /// Commits the plan folder on HEAD by `who` at `when` (RFC 3339 with
    /// its offset).
    pub fn commit_as(&self, who: Who, when: &str, message: &str) -> Oid {
        self.commit_by(&signature_as(who, when), message, None)
    }

    /// A merge commit on HEAD: the plan folder, with HEAD as first parent
    /// and `branch` as second, by `who` at `when`.
    pub fn merge(&self, branch: Oid, who: Who, when: &str, message: &str) -> Oid {
        self.commit_by(&signature_as(who, when), message, Some(branch))
    }

    /// A commit on a side branch `name`, made from `base` with `files`
    /// written over its tree; neither HEAD nor the working tree moves.
    pub fn branch_commit(
        &self,
        name: &str,
        base: Oid,
        files: &[(&str, &str)],
        who: Who,
        when: &str,
        message: &str,
    ) -> Oid {
        let base = self.repo.find_commit(base).unwrap();
        let mut index = git2::Index::new().unwrap();
        index.read_tree(&base.tree().unwrap()).unwrap();
        for (path, text) in files {
            let entry = index_entry(
                0o100644,
                text.len(),
                self.repo.blob(text.as_bytes()).unwrap(),
                self.shown(path),
            );
            index.add(&entry).unwrap();
        }
        let tree = self
            .repo
            .find_tree(index.write_tree_to(&self.repo).unwrap())
            .unwrap();
        let sig = signature_as(who, when);
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &[&base])
            .unwrap();
        self.repo
            .branch(name, &self.repo.find_commit(id).unwrap(), true)
            .unwrap();
        id
    }

    /// Commits a symbolic link at `plan_path` pointing to `target`, without
    /// creating it on disk (so it works on every platform).
    pub fn commit_symlink(&self, plan_path: &str, target: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        let entry = index_entry(
            0o120000,
            target.len(),
            Oid::ZERO_SHA1,
            self.shown(plan_path),
        );
        index.add_frombuffer(&entry, target.as_bytes()).unwrap();
        index.write().unwrap();
        commit_index(&self.repo, &mut index, "Add a link")
    }

    /// A branch `name` at commit `at`.
    pub fn branch(&self, name: &str, at: Oid) {
        let commit = self.repo.find_commit(at).unwrap();
        self.repo.branch(name, &commit, false).unwrap();
    }

    /// Moves HEAD to `branch` and makes the working tree match it.
    pub fn switch(&self, branch: &str) {
        self.repo.set_head(&format!("refs/heads/{branch}")).unwrap();
        self.repo
            .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
            .unwrap();
    }
}

/// An index entry for a file of `mode` with `size` bytes at `path` (from
/// the repository's top); times and owners zero, so trees are the same on
/// every run.
pub fn index_entry(mode: u32, size: usize, id: Oid, path: String) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: size as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.into_bytes(),
    }
}

/// Commits the tree of `index` on HEAD, with HEAD's commit as parent when
/// there is one.
pub fn commit_index(repo: &Repository, index: &mut git2::Index, message: &str) -> Oid {
    let tree_id = index.write_tree().unwrap();
    commit_tree(repo, tree_id, message)
}

/// Commits `tree_id` on HEAD, by [`signature`].
pub fn commit_tree(repo: &Repository, tree_id: Oid, message: &str) -> Oid {
    let tree = repo.find_tree(tree_id).unwrap();
    let sig = signature();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
}

/// Writes the files below `dir` into `repo`'s object database as a tree,
/// without an index or working tree (for bare repositories). Symbolic links
/// become link entries.
pub fn tree_from_dir(repo: &Repository, dir: &Path) -> Oid {
    let mut builder = repo.treebuilder(None).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_str().unwrap();
        let file_type = entry.file_type().unwrap();
        if file_type.is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap();
            let blob = repo.blob(target.to_string_lossy().as_bytes()).unwrap();
            builder.insert(name, blob, 0o120000).unwrap();
        } else if file_type.is_dir() {
            let tree = tree_from_dir(repo, &entry.path());
            builder.insert(name, tree, 0o040000).unwrap();
        } else {
            let blob = repo.blob(&std::fs::read(entry.path()).unwrap()).unwrap();
            builder.insert(name, blob, 0o100644).unwrap();
        }
    }
    builder.write().unwrap()
}

/// The `git` command with nothing of the user's: a clean environment, an
/// empty `home` and no global or system settings, so a test sees only the
/// repository it built.
pub fn isolated_git(home: &Path) -> std::process::Command {
    let mut git = std::process::Command::new("git");
    git.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    git
}

/// A shallow clone of `source` with `depth` commits of `main`, made with
/// `git clone --depth` in an isolated environment (git2 cannot make one).
pub fn shallow_clone(source: &Path, depth: usize) -> TempDir {
    let home = TempDir::new().unwrap();
    let dest = TempDir::new().unwrap();
    let output = isolated_git(home.path())
        .arg("clone")
        .arg("--quiet")
        .arg("--branch")
        .arg("main")
        .arg(format!("--depth={depth}"))
        .arg(format!("file://{}", source.display()))
        .arg(dest.path())
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git clone failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        Repository::open(dest.path()).unwrap().is_shallow(),
        "the clone is not shallow"
    );
    dest
}
