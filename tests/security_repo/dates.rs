//! One commit with a date that is not a date (`abc +0000`): `git log` reads
//! the history, and so must cto-plan, warning about that commit.

use git2::{ObjectType, Oid};

use super::run_bounded;
use crate::common::{GitPlan, write};

/// Writes a raw commit of `tree` on top of `parent` (as `git hash-object -t
/// commit --literally -w` does) with the given author and committer lines,
/// and moves `main` to it.
fn raw_commit(git: &GitPlan, tree: Oid, parent: Oid, who: (&str, &str), message: &str) -> Oid {
    let (author, committer) = who;
    let text = format!(
        "tree {tree}\nparent {parent}\nauthor {author}\ncommitter {committer}\n\n{message}\n"
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

const GOOD: &str = "Alice Chen <alice@example.com> 1767607200 +0000";
const BAD: &str = "Mallory <mallory@example.com> abc +0000";

#[test]
fn malformed_commit_dates_are_warned_about_and_history_goes_on() {
    let git = GitPlan::new("");
    let first = git.repo.head().unwrap().peel_to_commit().unwrap();
    let tree = first.tree_id();
    let bad_committer = raw_commit(&git, tree, first.id(), (GOOD, BAD), "Bad committer date");
    let bad_author = raw_commit(&git, tree, bad_committer, (BAD, GOOD), "Bad author date");
    // git2 cannot read the bad commits either, so the last commit is raw
    // too: the first tree with `roadmap/search.toml` added.
    let text = "title = \"Search\"\nstatus = \"proposed\"\n";
    write(git.root(), "roadmap/search.toml", text);
    let blob = git.repo.blob(text.as_bytes()).unwrap();
    let root = git.repo.find_tree(tree).unwrap();
    let roadmap = root
        .get_name("roadmap")
        .map(|entry| git.repo.find_tree(entry.id()).unwrap());
    let mut folder = git.repo.treebuilder(roadmap.as_ref()).unwrap();
    folder.insert("search.toml", blob, 0o100644).unwrap();
    let folder = folder.write().unwrap();
    let mut top = git.repo.treebuilder(Some(&root)).unwrap();
    top.insert("roadmap", folder, 0o040000).unwrap();
    let search = top.write().unwrap();
    raw_commit(&git, search, bad_author, (GOOD, GOOD), "Add search");
    // The review is of the quarter the commits were made in: a later
    // quarter's walk stops before it reaches them, and warns of nothing.
    for args in [
        &["log"][..],
        &["review", "--quarter", "2026-Q1"],
        &["--at", "HEAD~1", "check"],
    ] {
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
