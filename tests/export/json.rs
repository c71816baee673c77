//! `export json`: the documented document, `--at` reads the past.

use std::collections::BTreeSet;

use crate::common::{GitPlan, TODAY, json_in, plan};

/// The keys the docs/json.md section's first table lists.
fn documented_keys() -> BTreeSet<String> {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"),
    )
    .unwrap();
    let section = docs
        .split("## `cto-plan export json`")
        .nth(1)
        .expect("docs/json.md documents export json");
    section
        .lines()
        .skip_while(|l| !l.starts_with("| key"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('`').nth(1).unwrap().to_owned())
        .collect()
}

#[test]
fn json_keys_are_the_documented_ones() {
    let dir = plan();
    let doc = json_in(dir.path(), TODAY, &["export", "json"]);
    let keys: BTreeSet<String> = doc.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, documented_keys());
    assert_eq!(doc["format"], "cto-plan/plan");
    assert_eq!(doc["revision"], serde_json::Value::Null);
    let listed = json_in(dir.path(), TODAY, &["list", "--format", "json"]);
    for record in listed.as_array().unwrap() {
        let kind = record["kind"].as_str().unwrap();
        let exported = doc["records"][kind]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == record["id"])
            .unwrap();
        assert_eq!(exported["fields"], record["fields"]);
        assert_eq!(exported["path"], record["path"]);
    }
}

#[test]
fn json_at_gives_the_old_plan() {
    let git = GitPlan::with(super::HOSTILE);
    let first = git.repo.head().unwrap().target().unwrap().to_string();
    git.edit("roadmap/a.toml", &[("status", Some("\"paused\""))]);
    git.commit("Pause");
    let old = json_in(git.path(), TODAY, &["export", "json", "--at", &first]);
    assert_eq!(
        old["records"]["initiative"][0]["fields"]["status"],
        "active"
    );
    assert_eq!(old["revision"]["id"], first.as_str());
    let new = json_in(git.path(), TODAY, &["export", "json"]);
    assert_eq!(
        new["records"]["initiative"][0]["fields"]["status"],
        "paused"
    );
}
