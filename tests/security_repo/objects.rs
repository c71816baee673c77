//! A loose object whose zlib stream is cut short: libgit2 would inflate it
//! forever; every history command must stop at once, naming the object.

use super::run_bounded;
use crate::common::GitPlan;

/// A plan with two commits, whose newest commit object is truncated on disk.
fn truncated_head() -> (GitPlan, String) {
    let git = GitPlan::new("");
    git.write(
        "roadmap/search.toml",
        "title = \"Search\"\nstatus = \"proposed\"\n",
    );
    let head = git.commit("Add search").to_string();
    let path = git
        .root()
        .join(".git/objects")
        .join(&head[..2])
        .join(&head[2..]);
    let bytes = std::fs::read(&path).unwrap();
    // git writes loose objects read-only.
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&path, permissions).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 6]).unwrap();
    (git, head)
}

#[test]
fn a_truncated_loose_object_stops_history_commands_naming_it() {
    let (repo, head) = truncated_head();
    for args in [
        &["log"][..],
        &["review"],
        &["--at", "HEAD", "check"],
        &["diff", "HEAD~1", "HEAD"],
    ] {
        let run = run_bounded(repo.root(), args);
        let code = run.finished(&format!("cto-plan {args:?}"));
        assert_eq!(code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&head) && run.stderr.contains("truncated"),
            "{args:?} names the object: {}",
            run.stderr
        );
    }
}

#[test]
fn git_agrees_the_object_is_corrupt_and_the_working_tree_still_checks() {
    let (repo, head) = truncated_head();
    // The fixture is what the issue describes: git itself refuses the object.
    let fsck = std::process::Command::new("git")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .current_dir(repo.root())
        .args(["cat-file", "-p", &head])
        .output()
        .unwrap();
    assert!(!fsck.status.success());
    // Reading the working tree needs no object.
    let run = run_bounded(repo.root(), &["check"]);
    assert_eq!(run.finished("check"), 0, "{}", run.stderr);
}
