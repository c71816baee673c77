//! git's commit-graph file as cto-plan reads it for the main line: the same
//! first parents as the commits themselves, for the format git writes today
//! (with generation data, which libgit2 does not read) and the older one,
//! and the same review with or without the file.

use std::path::Path;

use cto_plan::store::commit_graph::{CommitGraph, first_parent};
use git2::Repository;
use tempfile::TempDir;

use crate::common::quarter::fixture;
use crate::common::repo::isolated_git;
use crate::common::{TODAY, ok_in};

/// `git commit-graph write --reachable` with `config`, in an isolated
/// environment.
fn write_graph(repo: &Path, config: &[&str]) {
    let home = TempDir::new().unwrap();
    let mut git = isolated_git(home.path());
    git.arg("-C").arg(repo);
    for setting in config {
        git.arg("-c").arg(setting);
    }
    let output = git
        .args(["commit-graph", "write", "--reachable"])
        .output()
        .expect("git runs");
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn the_graph_gives_every_commits_first_parent_as_the_commit_does() {
    let fx = fixture();
    for config in [&[][..], &["commitGraph.generationVersion=1"]] {
        write_graph(fx.path(), config);
        let repo = Repository::open(fx.path()).unwrap();
        let graph = CommitGraph::open(&repo).expect("the graph git wrote is read");
        let mut walk = repo.revwalk().unwrap();
        walk.push_head().unwrap();
        let mut checked = 0;
        for id in walk {
            let id = id.unwrap();
            let expected = repo.find_commit(id).unwrap().parent_ids().next();
            assert_eq!(graph.first_parent(id), Some(expected), "{id} ({config:?})");
            assert_eq!(first_parent(&repo, Some(&graph), id).unwrap(), expected);
            checked += 1;
        }
        assert!(checked > 30, "{checked} commits");
        // A commit the graph does not hold is asked of the commit itself.
        assert_eq!(graph.first_parent(git2::Oid::ZERO_SHA1), None);
    }
}

#[test]
fn the_review_is_the_same_with_and_without_a_commit_graph() {
    let fx = fixture();
    let args = ["review", "--quarter", "2026-Q3", "--format", "json"];
    let without = ok_in(fx.path(), TODAY, &args);
    write_graph(fx.path(), &[]);
    let with = ok_in(fx.path(), TODAY, &args);
    assert_eq!(with, without);
    assert!(without.contains("\"baseline\": {"), "{without}");
}
