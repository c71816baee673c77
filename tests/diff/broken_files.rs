//! Files that do not parse: reported with their location on either side,
//! in the working tree too, without hiding the rest of the diff.

use super::Diff;
use crate::common::GitPlan;

#[test]
fn broken_files_are_reported_with_their_location_on_either_side() {
    let repo = GitPlan::with(&[
        ("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n"),
        ("roadmap/b.toml", "title = \"B\"\nstatus = \"planned\"\n"),
        // Broken in the older commit, fixed in the newer.
        ("roadmap/c.toml", "title = \"C\"\nstatus = = \"planned\"\n"),
    ]);
    repo.write("roadmap/a.toml", "title = \"A\"\n\nstatus = \"active\n");
    repo.write("roadmap/b.toml", "title = \"B\"\nstatus = \"active\"\n");
    repo.write("roadmap/c.toml", "title = \"C\"\nstatus = \"planned\"\n");
    repo.commit("Break a, fix c");
    let out = repo.out(&["HEAD~1", "HEAD"]);
    insta::assert_snapshot!(out, @r#"
    plan diff HEAD~1 (4a9d6d2) → HEAD (47295de)
    1 changed · 2 broken files

    Roadmap
      ~ initiative/b  B
          status: planned → active

    Files that do not parse
      ! roadmap/c.toml:2:10 (from): extra `=`, expected nothing
      ! roadmap/a.toml:3:17 (to): invalid basic string, expected `"`
    "#);
    // Neither side's record of a broken file is added or removed.
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    let ids: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b"]);
    let broken: Vec<(String, String, u64, u64)> = doc["broken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["side"].as_str().unwrap().to_owned(),
                b["path"].as_str().unwrap().to_owned(),
                b["line"].as_u64().unwrap(),
                b["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        broken,
        [
            ("from".to_owned(), "roadmap/c.toml".to_owned(), 2, 10),
            ("to".to_owned(), "roadmap/a.toml".to_owned(), 3, 17),
        ]
    );
    assert_eq!(doc["summary"]["counts"]["broken_files"], 2);
    let md = repo.out(&["HEAD~1", "HEAD", "--format", "markdown"]);
    assert!(md.contains("**Files that do not parse**"), "{md}");
    assert!(
        md.contains("\n- roadmap/c.toml:2:10 (from): extra \\`=\\`, expected nothing\n"),
        "{md}"
    );
    assert!(md.contains("\n- roadmap/a.toml:3:17 (to): "), "{md}");
}

#[test]
fn broken_file_in_the_working_tree_still_diffs() {
    let repo = GitPlan::with(&[
        ("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n"),
        ("roadmap/b.toml", "title = \"B\"\nstatus = \"planned\"\n"),
    ]);
    repo.write("roadmap/a.toml", "title = \"A\"\nstatus = [\n");
    repo.write("roadmap/b.toml", "title = \"B\"\nstatus = \"active\"\n");
    let (stdout, stderr, code) = repo.diff(&["--exit-code"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("  ~ initiative/b  B\n      status: planned → active\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("initiative/a"), "{stdout}");
    assert!(
        stdout.contains("\nFiles that do not parse\n  ! roadmap/a.toml:"),
        "{stdout}"
    );
    assert!(stdout.contains(" (to): "), "{stdout}");
}

#[test]

fn bad_key_in_a_keyed_table_is_not_a_broken_file() {
    let repo = GitPlan::with(&[("roadmap/a.toml", "title = \"A\"\nstatus = \"planned\"\n")]);
    repo.write(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"active\"\n\n[milestone.Beta]\ntitle = \"Beta\"\n",
    );
    let doc = repo.json(&[]);
    assert_eq!(doc["broken"], serde_json::json!([]), "{doc:#}");
    assert_eq!(doc["changes"][0]["fields"][0]["path"], "status", "{doc:#}");
}
