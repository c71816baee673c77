//! Renames and moves: a record renamed, moved to a sub-folder, renamed in
//! the working tree, or moved and edited in one change is one rename (with
//! its edits), not a removal and an addition.

use super::Diff;
use super::fixture::fixture;
use crate::common::{self, GitPlan};

#[test]
fn renamed_record_is_one_rename_not_a_removal_and_an_addition() {
    let repo = fixture();
    let doc = repo.json(&["HEAD~1", "HEAD", "--kind", "team"]);
    let changes = doc["changes"].as_array().unwrap();
    let analytics = changes.iter().find(|c| c["id"] == "analytics").unwrap();
    assert_eq!(analytics["action"], "renamed");
    assert_eq!(analytics["renamed_from"], "data");
    assert_eq!(analytics["fields"], serde_json::json!([]));
    assert!(!changes.iter().any(|c| c["id"] == "data"), "{changes:#?}");
}

#[test]
fn record_moved_to_a_sub_folder_is_a_rename_from_its_old_path() {
    let repo = GitPlan::with(&[(
        "roadmap/sso.toml",
        "title = \"Single sign-on\"\nstatus = \"proposed\"\n",
    )]);
    std::fs::create_dir_all(repo.path().join("roadmap/2026")).unwrap();
    std::fs::rename(
        repo.path().join("roadmap/sso.toml"),
        repo.path().join("roadmap/2026/sso.toml"),
    )
    .unwrap();
    // In the working tree first, then committed.
    for args in [&[][..], &["HEAD~1", "HEAD"][..]] {
        let out = repo.out(args);
        assert_eq!(
            out.lines().skip(1).collect::<Vec<_>>(),
            [
                "1 renamed",
                "",
                "Roadmap",
                "  → initiative/sso  Single sign-on (from roadmap/sso.toml)"
            ],
            "diff {args:?}:\n{out}"
        );
        if args.is_empty() {
            repo.commit("Group by year");
        }
    }
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(doc["changes"][0]["action"], "renamed");
    assert_eq!(doc["changes"][0]["renamed_from"], "roadmap/sso.toml");
}

#[test]
fn renamed_in_the_working_tree_is_a_rename() {
    let repo = GitPlan::with(&[("team/teams/data.toml", "name = \"Data\"\n")]);
    repo.remove("team/teams/data.toml");
    repo.write("team/teams/analytics.toml", "name = \"Data\"\n");
    let out = repo.out(&[]);
    assert!(
        out.contains("  → team/analytics  Data (from data)\n"),
        "{out}"
    );
    assert!(out.contains("\n1 renamed\n"), "{out}");
}

/// Regression: a value its field does not allow was dropped while parsing,
/// so a typo read as a deletion in the pull-request comment.
#[test]
fn a_mistyped_value_is_a_change_not_a_removal() {
    let repo = GitPlan::with(&[(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"active\"\npriority = \"p2\"\n",
    )]);
    repo.write(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"activ\"\npriority = 7\n",
    );
    let out = repo.out(&[]);
    assert!(
        out.contains("      status: active → activ (invalid)\n"),
        "{out}"
    );
    assert!(out.contains("      priority: p2 → 7 (invalid)\n"), "{out}");
    assert!(!out.contains("- status"), "{out}");
    let json = repo.json(&[]);
    let status = &json["changes"][0]["fields"][0];
    assert_eq!(
        (status["old"].as_str(), status["new"].as_str()),
        (Some("active"), Some("activ"))
    );
}

#[test]
fn a_record_moved_and_edited_in_one_change_is_a_rename_with_its_edits() {
    let old = "title = \"Search\"\nstatus = \"planned\"\nquarter = \"2026-Q3\"\nowner = \"alice\"\npriority = \"p1\"\n";
    let repo = GitPlan::with(&[
        ("roadmap/search.toml", old),
        (
            "roadmap/billing.toml",
            "title = \"Billing\"\nstatus = \"proposed\"\n",
        ),
    ]);
    repo.remove("roadmap/search.toml");
    repo.write("roadmap/search-v2.toml", &old.replace("2026-Q3", "2026-Q4"));
    // Same fields but another title: a different record, not a rename.
    repo.remove("roadmap/billing.toml");
    repo.write(
        "roadmap/invoicing.toml",
        "title = \"Invoicing\"\nstatus = \"proposed\"\n",
    );
    let out = repo.out(&[]);
    assert!(
        out.contains("\n1 added, 1 renamed, 1 removed · 1 slipped\n"),
        "{out}"
    );
    assert!(out.contains("  → initiative/search-v2  Search (from search)\n      quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)\n"), "{out}");
    // `log` follows the record back through the rename.
    repo.commit("Rename search and slip it");
    let (log, stderr, code) = common::run(repo.path(), &["log", "initiative/search-v2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        log.contains("  → initiative/search-v2  Search (from search)\n"),
        "{log}"
    );
    assert!(
        log.contains("  + initiative/search  Search\n"),
        "the record's creation, under its old id: {log}"
    );
}
