//! `log REF` and `blame REF` walk the main line from git's commit-graph and
//! skip the commits its changed-path Bloom filters rule out: the output is
//! the same, byte for byte, without a graph, with filters of hash version 1
//! or 2, and with a graph that is corrupt, truncated or not a graph at all.
//!
//! The history has renames, a record deleted and re-created, merges on the
//! main line, a commit with too many changes for a filter, commits that
//! touch other records only, and a plan folder with a non-ASCII name
//! (version 1 filters cannot be asked about it).

use std::path::Path;

use tempfile::TempDir;

use crate::common::records::{edit, initiative};
use crate::common::repo::{ALICE, BOB, GitPlan, isolated_git};
use crate::common::{TODAY, ok_in};

const GRAPH: &str = ".git/objects/info/commit-graph";

/// `git commit-graph write --reachable --changed-paths` with filters of
/// `version`, in an isolated environment; `false` (after saying why) when
/// this git cannot write them.
fn write_graph(repo: &Path, version: u32) -> bool {
    let _ = std::fs::remove_file(repo.join(GRAPH));
    let home = TempDir::new().unwrap();
    let output = isolated_git(home.path())
        .arg("-C")
        .arg(repo)
        .arg("-c")
        .arg(format!("commitGraph.changedPathsVersion={version}"))
        .args(["commit-graph", "write", "--reachable", "--changed-paths"])
        .output();
    match output {
        Ok(out) if out.status.success() && repo.join(GRAPH).exists() => true,
        Ok(out) => {
            eprintln!(
                "skipped: git cannot write changed-path filters (git 2.27 or later): {}",
                String::from_utf8_lossy(&out.stderr)
            );
            false
        }
        Err(error) => {
            eprintln!("skipped: git does not run: {error}");
            false
        }
    }
}

/// The hash version of the graph's filters (the first word of `BDAT`).
fn filter_version(repo: &Path) -> Option<u32> {
    let data = std::fs::read(repo.join(GRAPH)).ok()?;
    let chunks = usize::from(data[6]);
    (0..chunks).find_map(|i| {
        let entry = &data[8 + i * 12..8 + (i + 1) * 12];
        (&entry[..4] == b"BDAT").then(|| {
            let at = u64::from_be_bytes(entry[4..].try_into().unwrap()) as usize;
            u32::from_be_bytes(data[at..at + 4].try_into().unwrap())
        })
    })
}

/// A history of the plan at `prefix`: search-v2 edited between commits that
/// touch only billing, renamed to search-next, edited on two side branches
/// merged into the main line (one merge edits it too), in a commit that
/// also adds 600 notes; billing deleted, then re-created.
fn history(prefix: &str) -> GitPlan {
    let git = GitPlan::new(prefix);
    let mut note = 0;
    let mut other_work = |git: &GitPlan, count: usize| {
        for _ in 0..count {
            note += 1;
            git.edit(
                "roadmap/billing.toml",
                &[("title", Some(format!("\"Billing {note}\"").as_str()))],
            );
            git.commit("Billing");
        }
    };
    other_work(&git, 5);
    git.edit("roadmap/search-v2.toml", &[("status", Some("\"planned\""))]);
    git.commit("Search is on hold");
    other_work(&git, 5);
    git.rename("roadmap/search-v2.toml", "roadmap/search-next.toml");
    git.commit("Rename search-v2");
    other_work(&git, 3);
    // A side branch that edits the record, merged as it is.
    let base = git.repo.head().unwrap().peel_to_commit().unwrap().id();
    let text = std::fs::read_to_string(git.plan().join("roadmap/search-next.toml")).unwrap();
    let edited = edit(
        &text,
        &[("status", Some("\"active\"")), ("priority", Some("\"p0\""))],
    );
    let branch = git.branch_commit(
        "unblock",
        base,
        &[("roadmap/search-next.toml", &edited)],
        BOB,
        "2026-03-02T10:00:00+01:00",
        "Unblock search",
    );
    git.write("roadmap/search-next.toml", &edited);
    git.merge(
        branch,
        ALICE,
        "2026-03-03T10:00:00+01:00",
        "Merge pull request #4 from unblock",
    );
    other_work(&git, 3);
    // A side branch that does not touch it, merged with an edit of its own.
    let base = git.repo.head().unwrap().peel_to_commit().unwrap().id();
    let branch = git.branch_commit(
        "people",
        base,
        &[(
            "team/people/carol.toml",
            "name = \"Carol\"\nrole = \"Engineer\"\nteam = \"core\"\n",
        )],
        BOB,
        "2026-03-04T10:00:00+01:00",
        "Carol joins",
    );
    git.write(
        "team/people/carol.toml",
        "name = \"Carol\"\nrole = \"Engineer\"\nteam = \"core\"\n",
    );
    git.edit("roadmap/search-next.toml", &[("owner", Some("\"bob\""))]);
    git.merge(
        branch,
        ALICE,
        "2026-03-05T10:00:00+01:00",
        "Merge pull request #5 from people",
    );
    // More changes than a filter lists: git writes "may have changed anything".
    for i in 0..600 {
        git.write(&format!("notes/{i}.md"), "note\n");
    }
    git.edit("roadmap/search-next.toml", &[("priority", Some("\"p1\""))]);
    git.commit("Notes, and search back to p1");
    git.remove("roadmap/billing.toml");
    git.commit("Drop billing");
    other_work_on_search(&git);
    git.write(
        "roadmap/billing.toml",
        &initiative("Billing again", "planned", "bob", "core", "2099-Q4"),
    );
    git.commit("Billing is back");
    git.edit(
        "roadmap/search-next.toml",
        &[
            ("status", Some("\"shipped\"")),
            ("shipped", Some("2026-03-20")),
        ],
    );
    git.commit("Search shipped");
    git
}

/// Commits that touch the record followed after billing's deletion, and
/// one that touches neither.
fn other_work_on_search(git: &GitPlan) {
    git.edit(
        "roadmap/search-next.toml",
        &[("quarter", Some("\"2099-Q3\""))],
    );
    git.commit("Search moves up");
    git.write(
        "team/people/dan.toml",
        "name = \"Dan\"\nrole = \"Engineer\"\nteam = \"core\"\n",
    );
    git.commit("Dan joins");
}

/// What the history commands print about the fixture's two records.
fn outputs(plan: &Path) -> Vec<String> {
    [
        &["log", "initiative/search-next", "--format", "json"][..],
        &["log", "initiative/search-next"],
        &["log", "initiative/billing", "--format", "json"],
        &["blame", "initiative/search-next"],
        &["blame", "initiative/search-next", "--format", "json"],
        &["blame", "initiative/billing", "--format", "json"],
        &["log", "person/carol", "--format", "json"],
    ]
    .iter()
    .map(|args| ok_in(plan, TODAY, args))
    .collect()
}

#[test]
fn log_and_blame_are_the_same_with_and_without_changed_path_filters() {
    for prefix in ["", "\u{e9}quipe/plan"] {
        let git = history(prefix);
        let without = outputs(&git.plan());
        // The history is what the fixture made: followed through the
        // rename and the merges, billing re-created.
        let log = &without[1];
        for message in [
            "Search is on hold",
            "Rename search-v2",
            "Merge pull request #4",
            "Merge pull request #5",
            "Notes, and search back to p1",
            "Search moves up",
            "Search shipped",
        ] {
            assert!(log.contains(message), "{message} missing in:\n{log}");
        }
        assert!(!log.contains("Billing 3"), "{log}");
        assert!(without[2].contains("Billing is back"), "{}", without[2]);
        assert!(without[2].contains("Drop billing"), "{}", without[2]);
        for version in [1, 2] {
            if !write_graph(git.root(), version) {
                return;
            }
            match filter_version(git.root()) {
                Some(written) if written == version => {}
                other => {
                    eprintln!("skipped: git wrote filters of version {other:?}, not {version}");
                    continue;
                }
            }
            assert_eq!(
                outputs(&git.plan()),
                without,
                "{prefix:?}, version {version}"
            );
        }
    }
}

#[test]
fn a_corrupt_truncated_or_foreign_graph_changes_nothing() {
    let git = history("");
    let without = outputs(&git.plan());
    if !write_graph(git.root(), 2) {
        return;
    }
    let good = std::fs::read(git.root().join(GRAPH)).unwrap();
    let mut damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        (
            "foreign",
            b"CGPH\x01\x01\x05\x00not a commit-graph at all".to_vec(),
        ),
    ];
    // Every filter emptied of its bits, the rest of the file intact: read
    // as truth, it would say no commit changed anything.
    let mut zeroed = good.clone();
    let chunks = usize::from(good[6]);
    let offset = |i: usize| {
        u64::from_be_bytes(good[8 + i * 12 + 4..8 + (i + 1) * 12].try_into().unwrap()) as usize
    };
    let bdat = (0..chunks)
        .find(|i| &good[8 + i * 12..8 + i * 12 + 4] == b"BDAT")
        .expect("git wrote filters");
    for byte in &mut zeroed[offset(bdat) + 12..offset(bdat + 1)] {
        *byte = 0;
    }
    damaged.push(("filters zeroed", zeroed));
    for (what, bytes) in damaged {
        std::fs::write(git.root().join(GRAPH), bytes).unwrap();
        assert_eq!(outputs(&git.plan()), without, "{what}");
    }
}
