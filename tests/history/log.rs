//! `log`: of a record, a kind and the plan, newest first and in planning
//! terms; following renames and re-creations; `--since`/`--until` in each
//! commit's own offset; JSON and Markdown citations; unknown, ambiguous and
//! mistyped ids.

use serde_json::{Value, json};

use super::*;
use crate::common::quarter::fixture;
use crate::common::{ALICE, CONFIG, GitPlan, json_in, run_in, short};

#[test]
fn log_of_a_record_is_newest_first_in_planning_terms() {
    let fx = fixture();
    let out = ok(&fx, &["log", "initiative/search-v2"]);
    // The merge commit on the main line carries the change and its pull
    // request; the side-branch commit it merged is not part of the main line.
    let expected = format!(
        "commit {merge} (#12)
Author: Bob Stone <bob@acme.test>
Merged: Alice Martin (#12)
Date:   2026-04-14 18:00 +00:00

    Merge pull request #12 from acme/search-v2

  ~ initiative/search-v2  Search v2
      status: active → shipped
      + shipped = 2026-04-14

commit {first}
Author: Alice Martin <alice@acme.test>
Date:   2026-01-05 09:00 +00:00

    Add the plan

  + initiative/search-v2  Search v2
      + title = Search v2
      + status = active
      + owner = bob
      + team = core
      + quarter = 2026-Q2
      + start = 2026-Q1

",
        merge = fx.id("M"),
        first = fx.id("C1"),
    );
    assert_eq!(out, expected);
    assert!(!out.contains(&fx.short("B1")), "{out}");
}

#[test]
fn log_says_what_changes_mean() {
    let fx = fixture();
    let cases: &[(&str, &[&str])] = &[
        (
            "initiative/analytics",
            &[
                "quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)",
                "quarter: 2026-Q2 → 2026-Q3  (slipped 1 quarter)",
            ],
        ),
        ("decision/use-kafka", &["status: proposed → accepted"]),
        (
            "risk/data-loss",
            &["risk score 10 → 20 (up)", "likelihood: 2 → 4"],
        ),
        (
            "person/gina",
            &["moved team core → data", "team: core → data"],
        ),
        ("person/erin", &["left team/data"]),
        ("person/frank", &["joined team/growth"]),
        (
            "role/backend-eng",
            &["role filled by person/frank", "status: open → filled"],
        ),
        ("role/data-eng", &["role opened in team/data"]),
        (
            "budget/2026-Q2",
            &[
                "line.cloud.actual: 36,000 → 37,000 USD  (+1,000 USD)",
                "line cloud: planned +30,000 USD",
            ],
        ),
        (
            "objective/reliability",
            &["key_result.latency.current: 380 → 300  (target 200 ms)"],
        ),
    ];
    for (reference, lines) in cases {
        let out = ok(&fx, &["log", reference]);
        let mut rest = out.as_str();
        // The lines appear in this order (newest first).
        for line in *lines {
            let needle = format!("      {line}\n");
            let at = rest
                .find(&needle)
                .unwrap_or_else(|| panic!("log {reference}: no line `{line}` in order:\n{out}"));
            rest = &rest[at + needle.len()..];
        }
    }
}

#[test]
fn log_separates_numbers_from_word_units() {
    let fx = fixture();
    let out = ok(&fx, &["log", "objective/reliability"]);
    assert!(
        out.contains("      key_result.accounts.current: 20 → 150  (target 200 accounts)\n"),
        "{out}"
    );
}

#[test]
fn log_names_the_decision_that_supersedes() {
    let fx = fixture();
    let out = ok(&fx, &["log", "decision/use-rabbitmq"]);
    assert!(
        out.contains("      superseded by decision/use-kafka\n"),
        "{out}"
    );
}

#[test]
fn log_follows_a_rename_back_to_the_old_id() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "single-sign-on", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C29", "initiative/single-sign-on", "changed"),
                ("C6", "initiative/single-sign-on", "renamed"),
                ("C1", "initiative/sso", "added"),
            ]
        )
    );
    assert_eq!(log[1]["change"]["renamed_from"], "sso");
    assert_eq!(log[1]["change"]["fields"], json!([]));
    let text = ok(&fx, &["log", "initiative/single-sign-on"]);
    assert!(
        text.contains("  → initiative/single-sign-on  Single sign-on (from sso)\n"),
        "{text}"
    );
    assert!(
        text.contains("  + initiative/sso  Single sign-on\n"),
        "{text}"
    );
    // The whole plan's log, filtered to the kind, agrees with the record's.
    let all = json_of(&fx, &["log", "--kind", "initiative", "--format", "json"]);
    let renamed: Vec<_> = log_rows(&all)
        .into_iter()
        .filter(|(_, r, a)| a == "renamed" || r == "initiative/sso")
        .collect();
    assert_eq!(
        renamed,
        rows(
            &fx,
            &[
                ("C6", "initiative/single-sign-on", "renamed"),
                ("C1", "initiative/sso", "added"),
            ]
        )
    );
}

#[test]
fn log_of_a_deleted_and_recreated_record_shows_both_lives() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "risk/vendor-lock", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C19", "risk/vendor-lock", "added"),
                ("C8", "risk/vendor-lock", "removed"),
                ("C1", "risk/vendor-lock", "added"),
            ]
        )
    );
    let likelihood = |entry: &Value, side: &str| {
        entry["change"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == "likelihood")
            .unwrap()[side]
            .clone()
    };
    assert_eq!(likelihood(&log[0], "new"), 4);
    assert_eq!(likelihood(&log[1], "old"), 2);
    assert_eq!(likelihood(&log[2], "new"), 2);

    // While it is deleted, the record is still found by kind and id.
    for rev in ["C8", "C9"] {
        let rev = fx.short(rev);
        let log = json_of(
            &fx,
            &["log", "risk/vendor-lock", "--rev", &rev, "--format", "json"],
        );
        assert_eq!(
            log_rows(&log),
            rows(
                &fx,
                &[
                    ("C8", "risk/vendor-lock", "removed"),
                    ("C1", "risk/vendor-lock", "added"),
                ]
            ),
            "--rev {rev}"
        );
    }
}

#[test]
fn log_of_a_kind_lists_only_that_kind_newest_first() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "--kind", "decision", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C28", "decision/api-versioning", "added"),
                ("C26", "decision/monorepo", "added"),
                ("C16", "decision/graphql", "changed"),
                ("C11", "decision/nosql", "changed"),
                ("C9", "decision/graphql", "added"),
                ("C9", "decision/nosql", "added"),
                ("C7", "decision/use-rabbitmq", "changed"),
                ("C5", "decision/use-kafka", "changed"),
                ("C1", "decision/use-kafka", "added"),
                ("C1", "decision/use-rabbitmq", "added"),
            ]
        )
    );
    // `--kind` takes plurals too.
    let plural = json_of(&fx, &["log", "--kind", "decisions", "--format", "json"]);
    assert_eq!(plural, log);
}

#[test]
fn log_of_the_plan_skips_commits_that_change_no_record() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "--format", "json"]);
    let commits: Vec<String> = {
        let mut seen: Vec<String> = Vec::new();
        for (short, _, _) in log_rows(&log) {
            if seen.last() != Some(&short) {
                seen.push(short);
            }
        }
        seen
    };
    // Every main-line commit but the README-only one, newest first; never
    // the side-branch commit.
    let expected: Vec<String> = [
        "C35", "C34", "C33", "C32", "C31", "C30", "C29", "C28", "C27", "C26", "C25", "C24", "C23",
        "C22", "C21", "C20", "C19", "C18", "C17", "C16", "C15", "C14", "C13", "C12", "C11", "C10",
        "M", "C9", "C8", "C7", "C6", "C5", "C4", "C2", "C1",
    ]
    .iter()
    .map(|c| fx.short(c))
    .collect();
    assert_eq!(commits, expected);
    let first = &log[0]["commit"];
    assert_eq!(first["summary"], "Settle the Q2 cloud bill");
}

#[test]
fn log_since_and_until_use_each_commits_own_offset() {
    let fx = fixture();
    let window = |since: &str, until: &str| {
        let log = json_of(
            &fx,
            &[
                "log", "--since", since, "--until", until, "--format", "json",
            ],
        );
        log_rows(&log)
    };
    // 2026-03-31 23:30 -08:00 (April 1 in UTC) is March 31.
    assert_eq!(
        window("2026-03-31", "2026-03-31"),
        rows(&fx, &[("C4", "initiative/audit-log", "added")])
    );
    // 2026-04-01 00:30 +09:00 (March 31 in UTC) is April 1.
    assert_eq!(
        window("2026-04-01", "2026-04-01"),
        rows(&fx, &[("C5", "decision/use-kafka", "changed")])
    );
    // 2026-06-30 23:30 -07:00 is June 30; 2026-07-01 01:00 +02:00 is July 1.
    assert_eq!(
        window("2026-06-30", "2026-06-30"),
        rows(&fx, &[("C32", "budget/2026-Q2", "changed")])
    );
    assert_eq!(
        window("2026-07-01", "2026-07-01"),
        rows(&fx, &[("C33", "initiative/audit-log", "changed")])
    );
    // A record's log honours the window too.
    let log = json_of(
        &fx,
        &[
            "log",
            "initiative/analytics",
            "--since",
            "2026-05-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        log_rows(&log),
        rows(&fx, &[("C22", "initiative/analytics", "changed")])
    );
    let log = json_of(
        &fx,
        &[
            "log",
            "initiative/analytics",
            "--until",
            "2026-04-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C13", "initiative/analytics", "changed"),
                ("C1", "initiative/analytics", "added"),
            ]
        )
    );
    // `--kind` with a window.
    let log = json_of(
        &fx,
        &[
            "log",
            "--kind",
            "initiative",
            "--since",
            "2026-04-01",
            "--until",
            "2026-04-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C13", "initiative/analytics", "changed"),
                ("M", "initiative/search-v2", "changed"),
                ("C6", "initiative/single-sign-on", "renamed"),
            ]
        )
    );
    // An empty window says so.
    let out = ok(&fx, &["log", "--since", "2026-09-01"]);
    assert_eq!(out, "no changes found\n");
}

#[test]
fn log_json_cites_commits_with_their_own_offset_and_pull_request() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "decision/use-kafka", "--format", "json"]);
    assert_eq!(
        log[0]["commit"],
        json!({
            "id": fx.id("C5").to_string(),
            "short": fx.short("C5"),
            "author": "Carol Sato",
            "email": "carol@acme.test",
            "time": "2026-04-01T00:30:00+09:00",
            "summary": "Accept Kafka for events (#10)",
            "pull_request": 10,
        })
    );
    let status = log[0]["change"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "status")
        .unwrap()
        .clone();
    assert_eq!(status["old"], "proposed");
    assert_eq!(status["new"], "accepted");
    assert_eq!(status["meaning"], "proposed → accepted");

    // A merge commit, a squash commit and a GitLab merge request.
    for (reference, commit, pr, summary) in [
        (
            "search-v2",
            "M",
            12,
            "Merge pull request #12 from acme/search-v2",
        ),
        ("billing", "C14", 13, "Ship usage-based billing (#13)"),
        ("api-versioning", "C28", 15, "Accept API versioning"),
    ] {
        let log = json_of(&fx, &["log", reference, "--format", "json"]);
        assert_eq!(log[0]["commit"]["short"], fx.short(commit), "{reference}");
        assert_eq!(log[0]["commit"]["pull_request"], pr, "{reference}");
        assert_eq!(log[0]["commit"]["summary"], summary, "{reference}");
    }
    let log = json_of(&fx, &["log", "analytics", "--format", "json"]);
    assert_eq!(log[0]["commit"]["pull_request"], Value::Null);
    assert_eq!(log[0]["commit"]["time"], "2026-05-28T10:00:00-04:00");
}

#[test]
fn log_markdown_names_commit_author_date_and_pull_request() {
    let fx = fixture();
    let out = ok(
        &fx,
        &["log", "initiative/search-v2", "--format", "markdown"],
    );
    let expected = format!(
        "#### {merge} · Bob Stone · merged by Alice Martin · 2026-04-14 · #12

Merge pull request `#12` from acme/search-v2

- \\~ **initiative/search-v2** Search v2
  - **status**: active → shipped
  - **shipped** = 2026-04-14

#### {first} · Alice Martin · 2026-01-05

Add the plan

- \\+ **initiative/search-v2** Search v2
  - **title** = Search v2
  - **status** = active
  - **owner** = bob
  - **team** = core
  - **quarter** = 2026-Q2
  - **start** = 2026-Q1

",
        merge = fx.short("M"),
        first = fx.short("C1"),
    );
    assert_eq!(out, expected);
    // The date is the committer's own.
    let out = ok(&fx, &["log", "audit-log", "--format", "markdown"]);
    assert!(
        out.contains(&format!(
            "#### {} · Dave Ruiz · 2026-03-31\n",
            fx.short("C4")
        )),
        "{out}"
    );
}

#[test]
fn log_of_an_unknown_record_exits_2() {
    let fx = fixture();
    let (stdout, stderr, code) = run_in(fx.path(), TODAY, &["log", "nothing-here"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("no record 'nothing-here'"), "{stderr}");
    let (_, stderr, code) = run_in(fx.path(), TODAY, &["log", "widget/x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown kind 'widget'"), "{stderr}");
}

#[test]
fn log_and_blame_of_an_ambiguous_id_ask_for_the_kind() {
    let s = GitPlan::empty("");
    s.write("cto-plan.toml", CONFIG);
    s.write("team/teams/core.toml", "name = \"Core\"\n");
    s.write(
        "roadmap/core.toml",
        "title = \"Core rewrite\"\nstatus = \"proposed\"\n",
    );
    let c1 = s.commit_as(ALICE, "2026-01-05T09:00:00+00:00", "Add the plan");
    for command in ["log", "blame"] {
        let (stdout, stderr, code) = run_in(s.path(), TODAY, &[command, "core"]);
        assert_eq!(code, 2, "{command}: {stdout}{stderr}");
        assert!(
            stderr.contains("'core' is ambiguous: it names a initiative and a team"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("write it as `KIND/core`"),
            "{command}: {stderr}"
        );
    }
    let log = json_in(s.path(), TODAY, &["log", "team/core", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        [(short(c1), "team/core".to_owned(), "added".to_owned())]
    );
}

#[test]
fn log_and_blame_suggest_a_near_miss() {
    let fx = fixture();
    for command in ["log", "blame"] {
        let (_, stderr, code) = run_in(fx.path(), TODAY, &[command, "serch-v2"]);
        assert_eq!(code, 2, "{command}");
        assert!(
            stderr.contains("did you mean `search-v2`?"),
            "{command}: {stderr}"
        );
    }
}
