//! The lifecycle commands: decide, supersede, ship, a person leaving and a
//! role filled.

use super::*;

const PROPOSED: &str = "title = \"Use Kafka\"\nstatus = \"proposed\" # for now\nproposed = 2026-11-01\ndeciders = [\"bob\"]\ncontext = \"Events.\"\n";

#[test]
fn decide_sets_status_and_day() {
    let dir = plan();
    write(dir.path(), "decisions/use-kafka.toml", PROPOSED);
    refused(dir.path(), &["decide", "use-kafka", "accept"]);
    ok(
        dir.path(),
        &[
            "decide",
            "use-kafka",
            "accept",
            "--decision",
            "Kafka it is.",
            "--on",
            "2026-11-20",
        ],
    );
    insta::assert_snapshot!(read(dir.path(), "decisions/use-kafka.toml"), @r#"
    title = "Use Kafka"
    status = "accepted" # for now
    proposed = 2026-11-01
    deciders = ["bob"]
    context = "Events."
    decided = 2026-11-20
    decision = "Kafka it is."
    "#);
    // Deprecating keeps the day it was decided.
    ok(dir.path(), &["decide", "use-kafka", "deprecate"]);
    let f = fields(dir.path(), "use-kafka");
    assert_eq!(
        (f["status"].as_str(), f["decided"].as_str()),
        (Some("deprecated"), Some("2026-11-20"))
    );
}

#[test]
fn supersede_updates_both_records() {
    let dir = plan();
    write(
        dir.path(),
        "decisions/use-kafka.toml",
        &PROPOSED
            .replace("proposed\" # for now", "accepted\"")
            .replace(
                "context",
                "decided = 2026-11-02\ndecision = \"Kafka.\"\ncontext",
            ),
    );
    let stdout = ok(
        dir.path(),
        &["supersede", "use-postgres", "--by", "use-kafka"],
    );
    insta::assert_snapshot!(stdout, @r#"
    updated decisions/use-kafka.toml
      supersedes  ["use-postgres"]
    updated decisions/use-postgres.toml
      status  "accepted" → "superseded"
    "#);
    assert_eq!(run(dir.path(), &["check"]).2, 0);
    let (_, stderr, code) = run(dir.path(), &["supersede", "use-kafka", "--by", "use-kafka"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot supersede itself"), "{stderr}");
}

#[test]
fn ship_marks_an_initiative_shipped() {
    let dir = plan();
    ok(dir.path(), &["ship", "search-v2", "--on", "2026-11-26"]);
    let f = fields(dir.path(), "search-v2");
    assert_eq!(
        (f["status"].as_str(), f["shipped"].as_str()),
        (Some("shipped"), Some("2026-11-26"))
    );
    // Only initiatives ship.
    let (_, stderr, code) = run(dir.path(), &["ship", "use-postgres"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`ship` works on initiatives, and decision/use-postgres is a decision"),
        "{stderr}"
    );
    let (_, _, code) = run(dir.path(), &["ship", "search-v2", "--on", "soon"]);
    assert_eq!(code, 2);
}

#[test]
fn person_leave_lists_what_they_still_own() {
    let dir = plan();
    let stdout = ok(
        dir.path(),
        &["person", "leave", "alice", "--on", "2026-12-31"],
    );
    insta::assert_snapshot!(stdout, @r"
    updated team/people/alice.toml
      left  2026-12-31
    person/alice still owns 3 records that will need someone else:
      initiative/search-v2  (owner)  Search v2
      team/core  (lead)  Core
      person/bob  (manager)  Bob Stone
    ");
    assert_eq!(fields(dir.path(), "alice")["left"], "2026-12-31");
    let (_, _, code) = run(dir.path(), &["person", "leave", "alice"]);
    assert_eq!(code, 2, "--on is required");
}

#[test]
fn role_fill_records_the_hire() {
    let dir = plan();
    write(
        dir.path(),
        "team/hiring/sre.toml",
        "title = \"SRE\"\nteam = \"core\"\nstatus = \"offer\"\nopened = 2026-09-01\n",
    );
    ok(dir.path(), &["role", "fill", "sre", "--by", "bob"]);
    insta::assert_snapshot!(read(dir.path(), "team/hiring/sre.toml"), @r#"
    title = "SRE"
    team = "core"
    status = "filled"
    opened = 2026-09-01
    filled = 2026-11-27
    hire = "bob"
    "#);
    let (_, stderr, code) = run(dir.path(), &["role", "fill", "sre", "--by", "nobody"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no record 'nobody'"), "{stderr}");
}
