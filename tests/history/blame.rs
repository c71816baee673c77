//! `blame`: the commit that set each field of a record, through merges,
//! renames, re-creations and later edits, and at a revision.

use serde_json::Value;

use super::*;
use crate::common::quarter::{Fixture, fixture};
use crate::common::run_in;

#[test]
fn blame_names_the_commit_that_set_each_field_a_merge_included() {
    let fx = fixture();
    // The merge's change was written by Bob on the branch; Alice merged it.
    let out = ok(&fx, &["blame", "initiative/search-v2"]);
    let (first, merge) = (fx.short("C1"), fx.short("M"));
    let expected = format!(
        "initiative/search-v2 — Search v2

{first}       Alice Martin                       2026-01-05  title    Search v2
{merge} (#12) Bob Stone (merged by Alice Martin) 2026-04-14  status   shipped
{first}       Alice Martin                       2026-01-05  owner    bob
{first}       Alice Martin                       2026-01-05  team     core
{first}       Alice Martin                       2026-01-05  quarter  2026-Q2
{first}       Alice Martin                       2026-01-05  start    2026-Q1
{merge} (#12) Bob Stone (merged by Alice Martin) 2026-04-14  shipped  2026-04-14
"
    );
    assert_eq!(out, expected);
}

/// (field, short commit) of every line of `blame --format json`.
pub fn blame_rows(blame: &Value) -> Vec<(String, Option<String>)> {
    blame["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["commit"]["short"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn blamed(fx: &Fixture, expected: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    expected
        .iter()
        .map(|(f, c)| ((*f).to_owned(), Some(fx.short(c))))
        .collect()
}

#[test]
fn blame_follows_renames_recreations_and_later_edits() {
    let fx = fixture();
    // Renamed: the fields it kept come from the commit that set them under
    // the old id.
    let blame = json_of(&fx, &["blame", "single-sign-on", "--format", "json"]);
    assert_eq!(blame["record"], "initiative/single-sign-on");
    assert_eq!(
        blame_rows(&blame),
        blamed(
            &fx,
            &[
                ("title", "C1"),
                ("status", "C29"),
                ("owner", "C1"),
                ("team", "C1"),
                ("quarter", "C1"),
                ("shipped", "C29"),
            ]
        )
    );
    // Deleted and re-created: its fields are the new record's.
    let blame = json_of(&fx, &["blame", "risk/vendor-lock", "--format", "json"]);
    let fields = [
        "title",
        "category",
        "likelihood",
        "impact",
        "owner",
        "status",
        "opened",
    ];
    let expected: Vec<(&str, &str)> = fields.iter().map(|f| (*f, "C19")).collect();
    assert_eq!(blame_rows(&blame), blamed(&fx, &expected));
    assert_eq!(blame["fields"][2]["value"], 4);
    assert_eq!(
        blame["fields"][0]["commit"]["time"],
        "2026-05-18T09:00:00+09:00"
    );
    // Edited after it shipped.
    let blame = json_of(&fx, &["blame", "onboarding", "--format", "json"]);
    assert_eq!(
        blame_rows(&blame),
        blamed(
            &fx,
            &[
                ("title", "C34"),
                ("status", "C15"),
                ("owner", "C1"),
                ("team", "C1"),
                ("quarter", "C1"),
                ("shipped", "C15"),
                ("summary", "C34"),
            ]
        )
    );
    // Sub-table fields: each key result's own commit.
    let blame = json_of(&fx, &["blame", "objective/reliability", "--format", "json"]);
    let rows = blame_rows(&blame);
    for (field, commit) in [
        ("key_result.latency.current", "C27"),
        ("key_result.latency.target", "C1"),
        ("key_result.accounts.current", "C27"),
        ("key_result.incidents.target", "C1"),
    ] {
        assert!(
            rows.contains(&(field.to_owned(), Some(fx.short(commit)))),
            "{field}: {rows:?}"
        );
    }
}

#[test]
fn blame_at_a_revision() {
    let fx = fixture();
    let rev = fx.short("C9");
    let blame = json_of(
        &fx,
        &["blame", "search-v2", "--rev", &rev, "--format", "json"],
    );
    assert_eq!(blame["fields"][1]["path"], "status");
    assert_eq!(blame["fields"][1]["value"], "active");
    assert_eq!(blame["fields"][1]["commit"]["short"], fx.short("C1"));
    let (_, stderr, code) = run_in(fx.path(), TODAY, &["blame", "sso"]);
    assert_eq!(code, 2, "a renamed record is found by its new id only");
    assert!(stderr.contains("no record 'sso'"), "{stderr}");
}
