//! One commit with a date that is not a date (`abc +0000`): `git log` reads
//! the history, and so must cto-plan, warning about that commit.

use git2::{ObjectType, Oid};

use super::run_bounded;
use crate::common::GitPlan;

/// Writes a raw commit on top of `main` (as `git hash-object -t commit
/// --literally -w` does) with the given author and committer lines.
fn raw_commit(git: &GitPlan, author: &str, committer: &str, message: &str) -> Oid {
    let head = git.repo.head().unwrap().peel_to_commit().unwrap();
    let text = format!(
        "tree {}\nparent {}\nauthor {author}\ncommitter {committer}\n\n{message}\n",
        head.tree_id(),
        head.id()
    );
    let id = git
        .repo
        .odb()
        .unwrap()
        .write(ObjectType::Commit, text.as_bytes())
        .unwrap();
    git.repo
        .reference("refs/heads/main", id, true, "raw commit")
        .unwrap();
    id
}

#[test]
fn malformed_commit_dates_are_warned_about_and_history_goes_on() {
    let git = GitPlan::new("");
    let bad_committer = raw_commit(
        &git,
        "Alice Chen <alice@example.com> 1767607200 +0000",
        "Mallory <mallory@example.com> abc +0000",
        "Bad committer date",
    );
    let bad_author = raw_commit(
        &git,
        "Mallory <mallory@example.com> abc +0000",
        "Alice Chen <alice@example.com> 1767607200 +0000",
        "Bad author date",
    );
    git.write(
        "roadmap/search.toml",
        "title = \"Search\"\nstatus = \"proposed\"\n",
    );
    git.commit("Add search");
    for args in [&["log"][..], &["review"], &["--at", "HEAD~1", "check"]] {
        let run = run_bounded(git.root(), args);
        assert_eq!(
            run.finished(&format!("{args:?}")),
            0,
            "{args:?}: {}",
            run.stderr
        );
        for (id, field) in [(bad_committer, "committer"), (bad_author, "author")] {
            assert!(
                run.stderr.contains(&format!("warning: commit {id}"))
                    && run.stderr.contains(&format!("malformed {field} line")),
                "{args:?} warns about {id}: {}",
                run.stderr
            );
        }
    }
    let log = run_bounded(git.root(), &["log"]);
    assert!(log.stdout.contains("Add search"), "{}", log.stdout);
    // Nothing on disk changed: the commits are as they were written.
    let odb = git.repo.odb().unwrap();
    let raw = odb.read(bad_committer).unwrap();
    assert!(String::from_utf8_lossy(raw.data()).contains("abc +0000"));
}
