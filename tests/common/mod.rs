//! Helpers shared by the integration tests: plans in temporary folders, the
//! binary run hermetically, and git repositories built with git2 (never the
//! `git` command).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use git2::{Oid, Repository, Signature, Time};
use tempfile::TempDir;

/// "Today" for every run, unless a test picks another date on purpose.
pub const TODAY: &str = "2026-11-27";

/// `cto-plan.toml` of the minimal plan.
pub const CONFIG: &str = "[plan]\nname = \"Acme\"\ncurrency = \"USD\"\n";

/// The records of the minimal valid plan: every path and its text. Together
/// they check clean on [`TODAY`] (and for years after it).
pub const MINIMAL_RECORDS: &[(&str, &str)] = &[
    (
        "team/people/alice.toml",
        r#"name = "Alice Martin"
role = "CTO"
team = "core"
joined = 2024-02-01
"#,
    ),
    (
        "team/people/bob.toml",
        r#"name = "Bob Stone"
role = "Staff Engineer"
team = "core"
manager = "alice"
"#,
    ),
    (
        "team/teams/core.toml",
        r#"name = "Core"
lead = "alice"
mission = "Keep the lights on."
"#,
    ),
    (
        "roadmap/search-v2.toml",
        r#"title = "Search v2"
status = "active"
owner = "alice"
team = "core"
quarter = "2099-Q4"
priority = "p1"
decisions = ["use-postgres"]
tags = ["search", "infra"]
"#,
    ),
    (
        "roadmap/billing.toml",
        r#"title = "Usage-based billing"
status = "planned"
owner = "bob"
team = "core"
quarter = "2099-Q2"
depends_on = ["search-v2"]
tags = ["billing"]
"#,
    ),
    (
        "decisions/use-postgres.toml",
        r#"title = "Use Postgres for search"
status = "accepted"
proposed = 2026-01-05
decided = 2026-01-10
deciders = ["alice"]
context = "We need a database."
decision = "Postgres."
"#,
    ),
];

/// How many records the minimal plan holds.
pub const MINIMAL_COUNT: usize = MINIMAL_RECORDS.len();

/// Writes `text` to `dir/path`, creating folders on the way.
pub fn write(dir: &Path, path: &str, text: &str) {
    write_bytes(dir, path, text.as_bytes());
}

/// Writes raw bytes to `dir/path`, creating folders on the way.
pub fn write_bytes(dir: &Path, path: &str, bytes: &[u8]) {
    let full = dir.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&full, bytes).unwrap();
}

/// Writes the minimal valid plan into `dir`.
pub fn minimal_plan(dir: &Path) {
    write(dir, "cto-plan.toml", CONFIG);
    for (path, text) in MINIMAL_RECORDS {
        write(dir, path, text);
    }
}

/// A temporary folder holding the minimal valid plan.
pub fn plan() -> TempDir {
    let dir = TempDir::new().unwrap();
    minimal_plan(dir.path());
    dir
}

/// A temporary folder holding only `cto-plan.toml`.
pub fn empty_plan() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "cto-plan.toml", CONFIG);
    dir
}

/// The binary with a clean environment and a fixed today, run in `dir`.
pub fn command_at(dir: &Path, today: &str) -> Command {
    let mut cmd = Command::cargo_bin("cto-plan").unwrap();
    cmd.env_clear()
        .env("CTO_PLAN_TODAY", today)
        .arg("-C")
        .arg(dir);
    cmd
}

/// [`command_at`] with [`TODAY`].
pub fn command(dir: &Path) -> Command {
    command_at(dir, TODAY)
}

/// Runs `cto-plan -C dir ARGS…`; returns stdout, stderr and the exit code.
pub fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    run_at(dir, TODAY, args)
}

/// [`run`] with another today.
pub fn run_at(dir: &Path, today: &str, args: &[&str]) -> (String, String, i32) {
    let output = command_at(dir, today).args(args).output().unwrap();
    let code = output.status.code().unwrap_or(-1);
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        code,
    )
}

/// `check --format json ARGS…`, parsed; the exit code beside it.
pub fn check_json(dir: &Path, args: &[&str]) -> (Vec<serde_json::Value>, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (stdout, stderr, code) = run(dir, &all);
    assert!(
        code == 0 || code == 1,
        "check exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{stdout}"));
    (findings, code)
}

/// The codes of the findings, in output order.
pub fn codes(findings: &[serde_json::Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

/// The findings with `code`.
pub fn with_code<'a>(findings: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    findings.iter().filter(|f| f["code"] == code).collect()
}

/// Every file below `dir` with its bytes, sorted by path (`.git` left out).
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            let file_type = entry.file_type().unwrap();
            if file_type.is_dir() {
                walk(&path, base, out);
            } else if file_type.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(base).unwrap().to_owned(), bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

// --- git -------------------------------------------------------------------

/// Keeps the user's and the system's git configuration out of the git2
/// calls the tests make (a global `core.autocrlf` or `init.defaultBranch`
/// would otherwise leak in). Every test goes through [`git_init`],
/// [`git_init_bare`] or [`git_discover`], which call it first.
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

/// `Repository::init`, without the user's configuration.
pub fn git_init(dir: &Path) -> Repository {
    isolate_git_config();
    Repository::init(dir).unwrap()
}

/// `Repository::init_bare`, without the user's configuration.
pub fn git_init_bare(dir: &Path) -> Repository {
    isolate_git_config();
    Repository::init_bare(dir).unwrap()
}

/// Whether `dir` lies inside a git repository.
pub fn git_discover(dir: &Path) -> bool {
    isolate_git_config();
    Repository::discover(dir).is_ok()
}

/// The fixed author and committer of every test commit.
pub fn signature() -> Signature<'static> {
    isolate_git_config();
    Signature::new("Alice", "alice@example.com", &Time::new(1_767_225_600, 0)).unwrap()
}

/// A git repository in a temporary folder, holding a plan at `prefix`
/// ("" for the repository's top, "plans/eng" for a monorepo's sub-folder).
pub struct GitPlan {
    pub dir: TempDir,
    pub repo: Repository,
    pub prefix: String,
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
        };
        std::fs::create_dir_all(git.plan()).unwrap();
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

    /// `path` relative to the repository's top, as findings show it.
    pub fn shown(&self, plan_path: &str) -> String {
        if self.prefix.is_empty() {
            plan_path.to_owned()
        } else {
            format!("{}/{plan_path}", self.prefix)
        }
    }

    /// Stages every file of the plan folder and commits on HEAD.
    pub fn commit(&self, message: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        let spec = if self.prefix.is_empty() {
            "*".to_owned()
        } else {
            format!("{}/*", self.prefix)
        };
        index
            .add_all([spec.as_str()], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        // Deleted files leave the index too.
        index.update_all([spec.as_str()], None).unwrap();
        index.write().unwrap();
        commit_index(&self.repo, &mut index, message)
    }

    /// Commits a symbolic link at `plan_path` pointing to `target`, without
    /// creating it on disk (so it works on every platform).
    pub fn commit_symlink(&self, plan_path: &str, target: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        let entry = git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o120000,
            uid: 0,
            gid: 0,
            file_size: target.len() as u32,
            id: Oid::ZERO_SHA1,
            flags: 0,
            flags_extended: 0,
            path: self.shown(plan_path).into_bytes(),
        };
        index.add_frombuffer(&entry, target.as_bytes()).unwrap();
        index.write().unwrap();
        commit_index(&self.repo, &mut index, "Add a link")
    }
}

/// Commits the tree of `index` on HEAD, with HEAD's commit as parent when
/// there is one.
pub fn commit_index(repo: &Repository, index: &mut git2::Index, message: &str) -> Oid {
    let tree_id = index.write_tree().unwrap();
    commit_tree(repo, tree_id, message)
}

/// Commits `tree_id` on HEAD.
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
