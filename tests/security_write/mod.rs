//! Writing files and commits safely (issue 9, items 5 to 8): `--commit`
//! checks everything that can refuse it before a file is written and keeps
//! HEAD, the index and the work tree in agreement ([`commit`]), two at once
//! included ([`commit_race`]); concurrent edits of one file never lose an
//! update ([`races`]); a killed write's temporary files do not stay
//! ([`leftovers`]); lifecycle commands do not silently replace what a record
//! says happened ([`overwrites`]).
//!
//! The binary runs here with a cleared environment, `HOME` and
//! `XDG_CONFIG_HOME` pointing at an empty folder, so neither the user's git
//! identity nor their configuration can leak into a commit; the `git`
//! command is run the same way, with the system configuration kept out.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::common::{self, GitPlan, TODAY};

mod commit;
mod commit_race;
mod leftovers;
mod overwrites;
mod races;

/// What a run of the binary gave.
struct Ran {
    stdout: String,
    stderr: String,
    code: i32,
}

/// A folder with no git configuration in it, to be `HOME`.
fn empty_home() -> TempDir {
    TempDir::new().unwrap()
}

/// The binary, run in `dir` with a cleared environment, an empty `home`
/// and `env` besides.
fn cto_plan(dir: &Path, home: &Path, env: &[(&str, &str)], args: &[&str]) -> Ran {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("cto-plan"));
    cmd.env_clear()
        .env("CTO_PLAN_TODAY", TODAY)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .args(["--color", "never", "-C"])
        .arg(dir)
        .args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd.output().unwrap();
    Ran {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// [`cto_plan`] that must exit 0; its stdout.
fn ok(dir: &Path, home: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let ran = cto_plan(dir, home, env, args);
    assert_eq!(
        ran.code, 0,
        "{args:?} exited {}\nstdout:\n{}\nstderr:\n{}",
        ran.code, ran.stdout, ran.stderr
    );
    ran.stdout
}

/// [`cto_plan`] that must be refused as a usage error (exit 2); its stderr.
fn refused(dir: &Path, home: &Path, args: &[&str]) -> String {
    let ran = cto_plan(dir, home, &[], args);
    assert_eq!(
        ran.code, 2,
        "{args:?} exited {}\nstdout:\n{}\nstderr:\n{}",
        ran.code, ran.stdout, ran.stderr
    );
    ran.stderr
}

/// `git ARGS…` in `repo`, hermetic; its stdout.
fn git_cli(repo: &Path, home: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .env_clear()
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The minimal plan in a repository under `plans/eng`, committed, with no
/// identity configured.
fn git_plan() -> GitPlan {
    GitPlan::new("plans/eng")
}

fn head(git: &GitPlan) -> git2::Oid {
    git.repo.head().unwrap().peel_to_commit().unwrap().id()
}

fn set_config(git: &GitPlan, pairs: &[(&str, &str)]) {
    let mut config = git.repo.config().unwrap();
    for (key, value) in pairs {
        config.set_str(key, value).unwrap();
    }
}

/// A plan in a temporary folder, without git.
fn plain_plan() -> (TempDir, PathBuf) {
    let dir = common::plan();
    let path = dir.path().to_owned();
    (dir, path)
}
