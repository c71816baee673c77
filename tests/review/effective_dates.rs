//! The review's two clocks (issue 10): a fact happens on its record's own
//! date and is cited by the commit that recorded it. Each test scripts a
//! small history with one fact and asserts every number it changes.
//!
//! Every history starts from the minimal plan, committed on 2026-01-01
//! (2026-Q1): its first commit is the baseline.

use serde_json::{Value, json};

use super::review_json;
use crate::common::records::{initiative, person, risk};
use crate::common::repo::short;
use crate::common::{ALICE, BOB, CAROL, DAVE, GitPlan, ok_in};

/// The ids of a list of items.
fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect()
}

fn review(git: &GitPlan, quarter: &str) -> Value {
    review_json(git.path(), &["--quarter", quarter])
}

#[test]
fn a_joiner_recorded_a_quarter_early_joins_in_the_quarter_of_their_date() {
    let git = GitPlan::new("");
    git.write(
        "team/people/frank.toml",
        &person("Frank Olsen", "Engineer", "core", "joined = 2026-08-10\n"),
    );
    let hired = git.commit_as(ALICE, "2026-05-20T10:00:00+00:00", "Frank signs");

    let q2 = review(&git, "2026-Q2");
    assert_eq!(q2["team"]["joiners"], json!([]));
    assert_eq!(q2["headline"]["headcount_start"], 2);
    assert_eq!(q2["headline"]["headcount_end"], 2);
    // Known ahead, in the outlook, citing the commit that recorded it.
    let people = &q2["outlook"]["people"];
    assert_eq!(ids(people), ["frank"]);
    assert_eq!(people[0]["detail"], "starting 2026-08-10");
    assert_eq!(people[0]["source"]["commit"], short(hired));

    let q3 = review(&git, "2026-Q3");
    assert_eq!(ids(&q3["team"]["joiners"]), ["frank"]);
    assert_eq!(q3["team"]["joiners"][0]["detail"], "joined team/core");
    // Cited by the Q2 commit that recorded it: recorded early, not late.
    assert_eq!(q3["team"]["joiners"][0]["source"]["commit"], short(hired));
    assert_eq!(q3["team"]["joiners"][0]["source"]["date"], "2026-05-20");
    assert_eq!(q3["team"]["joiners"][0].get("recorded_late"), None);
    // One quarter's end is the next one's start; the lists agree with it.
    assert_eq!(q3["headline"]["headcount_start"], 2);
    assert_eq!(q3["headline"]["headcount_end"], 3);
    assert_eq!(q3["headline"]["net_headcount"], 1);
    assert_eq!(q3["team"]["headcount_total"]["end"], 3);
    assert_eq!(q3["outlook"]["people"], json!([]));
}

#[test]
fn a_leaver_with_a_notice_period_leaves_in_the_quarter_of_their_date() {
    let git = GitPlan::new("");
    git.edit("team/people/bob.toml", &[("left", Some("2026-10-15"))]);
    let notice = git.commit_as(BOB, "2026-09-01T10:00:00+00:00", "Bob gives notice");

    let q3 = review(&git, "2026-Q3");
    assert_eq!(q3["team"]["leavers"], json!([]));
    assert_eq!(q3["headline"]["headcount_end"], 2);
    assert_eq!(ids(&q3["outlook"]["people"]), ["bob"]);
    assert_eq!(q3["outlook"]["people"][0]["detail"], "leaving 2026-10-15");
    assert_eq!(
        q3["outlook"]["people"][0]["source"]["commit"],
        short(notice)
    );

    let q4 = review(&git, "2026-Q4");
    assert_eq!(ids(&q4["team"]["leavers"]), ["bob"]);
    assert_eq!(q4["team"]["leavers"][0]["source"]["commit"], short(notice));
    assert_eq!(q4["headline"]["headcount_start"], 2);
    assert_eq!(q4["headline"]["headcount_end"], 1);
}

#[test]
fn a_ship_recorded_a_week_after_its_quarter_counts_in_it_and_is_marked_late() {
    let git = GitPlan::new("");
    git.write(
        "roadmap/billing.toml",
        &initiative("Billing", "active", "alice", "core", "2026-Q2"),
    );
    git.commit_as(ALICE, "2026-02-01T10:00:00+00:00", "Plan billing for Q2");
    let shipped =
        initiative("Billing", "shipped", "alice", "core", "2026-Q2") + "shipped = 2026-06-28\n";
    git.write("roadmap/billing.toml", &shipped);
    let late = git.commit_as(
        BOB,
        "2026-07-07T10:00:00+00:00",
        "Billing shipped last week",
    );

    let q2 = review(&git, "2026-Q2");
    let h = &q2["headline"];
    assert_eq!(h["committed"], 1);
    assert_eq!(h["committed_shipped"], 1);
    assert_eq!(h["shipped"], 1);
    assert_eq!(h["predictability"], 1.0);
    let item = &q2["roadmap"]["shipped"][0];
    assert_eq!(item["id"], "billing");
    assert_eq!(item["detail"], "shipped 2026-06-28");
    assert_eq!(item["recorded_late"], true);
    assert_eq!(item["source"]["commit"], short(late));
    assert_eq!(item["source"]["date"], "2026-07-07");
    assert_eq!(q2["roadmap"]["carried_over"], json!([]));

    // Reviewed as published on the first day of Q3, before the late record.
    let at = review_json(git.path(), &["--at", "2026-07-01", "--quarter", "2026-Q2"]);
    assert_eq!(at["headline"]["shipped"], 0);
    assert_eq!(at["headline"]["committed_shipped"], 0);
    assert_eq!(ids(&at["roadmap"]["carried_over"]), ["billing"]);

    // Work delivered before Q3 is no commitment of Q3, however late recorded.
    let q3 = review(&git, "2026-Q3");
    assert_eq!(q3["headline"]["shipped"], 0);
    assert_eq!(q3["headline"]["committed"], 0);
}

/// A ship on a branch, merged in `merged`, and the `git revert -m 1` of that
/// merge in `reverted`.
fn ship_and_revert(git: &GitPlan, merged: &str, reverted: &str) -> (String, String) {
    git.write(
        "roadmap/billing.toml",
        &initiative("Billing", "active", "alice", "core", "2026-Q2"),
    );
    let base = git.commit_as(ALICE, "2026-02-01T10:00:00+00:00", "Plan billing for Q2");
    let shipped =
        initiative("Billing", "shipped", "alice", "core", "2026-Q2") + "shipped = 2026-05-10\n";
    let branch = git.branch_commit(
        "billing",
        base,
        &[("roadmap/billing.toml", &shipped)],
        CAROL,
        "2026-05-10T09:00:00+00:00",
        "Ship billing",
    );
    git.write("roadmap/billing.toml", &shipped);
    let merge = git.merge(
        branch,
        BOB,
        merged,
        "Merge pull request #7 from acme/billing",
    );
    git.write(
        "roadmap/billing.toml",
        &initiative("Billing", "planned", "alice", "core", "2026-Q2"),
    );
    let revert = git.commit_as(
        BOB,
        reverted,
        "Revert \"Merge pull request #7 from acme/billing\"",
    );
    (short(merge), short(revert))
}

#[test]
fn a_ship_reverted_in_the_same_quarter_does_not_count_and_is_listed_as_reverted() {
    let git = GitPlan::new("");
    let (merge, revert) = ship_and_revert(
        &git,
        "2026-05-10T12:00:00+00:00",
        "2026-05-20T12:00:00+00:00",
    );
    let q2 = review(&git, "2026-Q2");
    assert_eq!(q2["headline"]["shipped"], 0);
    assert_eq!(q2["headline"]["committed_shipped"], 0);
    assert_eq!(q2["headline"]["retracted"], 1);
    assert_eq!(ids(&q2["roadmap"]["carried_over"]), ["billing"]);
    let reverted = &q2["roadmap"]["reverted"][0];
    assert_eq!(reverted["fact"], "shipped 2026-05-10");
    assert_eq!(reverted["source"]["commit"], merge);
    assert_eq!(reverted["retracted"]["commit"], revert);
    assert_eq!(reverted["correction"], false);
    assert!(q2_markdown_of(&git).contains("### Reverted"));
}

fn q2_markdown_of(git: &GitPlan) -> String {
    ok_in(
        git.path(),
        super::TODAY,
        &["review", "--quarter", "2026-Q2"],
    )
}

#[test]
fn a_ship_reverted_after_the_quarter_is_a_correction_to_it() {
    let git = GitPlan::new("");
    let (_, revert) = ship_and_revert(
        &git,
        "2026-05-10T12:00:00+00:00",
        "2026-07-03T12:00:00+00:00",
    );
    let q2 = review(&git, "2026-Q2");
    assert_eq!(q2["headline"]["shipped"], 0);
    assert_eq!(q2["roadmap"]["reverted"][0]["retracted"]["commit"], revert);
    assert_eq!(q2["roadmap"]["reverted"][0]["correction"], true);
    // As published on July 1, before the revert, it had shipped.
    let at = review_json(git.path(), &["--at", "2026-07-01", "--quarter", "2026-Q2"]);
    assert_eq!(at["headline"]["shipped"], 1);
    assert_eq!(at["roadmap"]["reverted"], json!([]));
}

#[test]
fn a_plan_adopted_with_old_people_and_decisions_counts_none_of_them_in_its_first_quarter() {
    let git = GitPlan::empty("");
    git.write("cto-plan.toml", crate::common::CONFIG);
    git.write_all(crate::common::MINIMAL_RECORDS);
    git.write(
        "team/people/carol.toml",
        &person("Carol Sato", "Engineer", "core", "joined = 2021-03-01\n"),
    );
    git.write(
        "decisions/old.toml",
        "title = \"Use Postgres\"\nstatus = \"accepted\"\nproposed = 2024-05-01\n\
         decided = 2024-05-20\ndeciders = [\"alice\"]\ncontext = \"c\"\ndecision = \"d\"\n",
    );
    let first = git.commit_as(ALICE, "2026-05-04T09:00:00+00:00", "Adopt cto-plan");
    let q2 = review(&git, "2026-Q2");
    assert_eq!(q2["team"]["joiners"], json!([]));
    assert_eq!(q2["decisions"]["accepted"], json!([]));
    assert_eq!(q2["headline"]["decisions_taken"], 0);
    assert_eq!(q2["roadmap"]["added"], json!([]));
    assert_eq!(q2["headline"]["headcount_start"], 3);
    assert_eq!(q2["headline"]["headcount_end"], 3);
    assert_eq!(q2["baseline"]["source"]["commit"], short(first));
    assert_eq!(q2["baseline"]["records"], crate::common::MINIMAL_COUNT + 2);
}

#[test]
fn a_long_lived_branch_counts_for_its_author_and_the_merge_for_who_merged_it() {
    let git = GitPlan::new("");
    let mut tip = git.repo.head().unwrap().peel_to_commit().unwrap().id();
    for (i, day) in ["04-02", "04-09", "04-16"].iter().enumerate() {
        let text = initiative(&format!("Idea {i}"), "planned", "bob", "core", "2026-Q3");
        tip = git.branch_commit(
            "ideas",
            tip,
            &[(&format!("roadmap/idea-{i}.toml"), &text)],
            CAROL,
            &format!("2026-{day}T10:00:00+00:00"),
            "An idea",
        );
        git.write(&format!("roadmap/idea-{i}.toml"), &text);
    }
    let merge = git.merge(
        tip,
        DAVE,
        "2026-04-20T10:00:00+00:00",
        "Merge pull request #3 from acme/ideas",
    );
    let q2 = review(&git, "2026-Q2");
    let a = &q2["activity"];
    assert_eq!(a["commits"], 1, "the merge, on the main line");
    assert_eq!(
        a["contributors"],
        json!([{ "name": "Carol Sato", "commits": 3 }])
    );
    assert_eq!(
        a["merged_by"],
        json!([{ "name": "Dave Ruiz", "commits": 1 }])
    );
    let added = &q2["roadmap"]["added"][0]["source"];
    assert_eq!(added["author"], "Carol Sato");
    assert_eq!(added["merged_by"], "Dave Ruiz");
    // log names the author and who merged it in which pull request.
    let log = ok_in(git.path(), super::TODAY, &["log", "initiative/idea-0"]);
    assert!(log.contains(&format!("commit {merge} (#3)")), "{log}");
    assert!(
        log.contains("Author: Carol Sato <carol@acme.test>\nMerged: Dave Ruiz (#3)\n"),
        "{log}"
    );
    let blame = ok_in(git.path(), super::TODAY, &["blame", "initiative/idea-0"]);
    assert!(
        blame.contains("Carol Sato (merged by Dave Ruiz)"),
        "{blame}"
    );
}

#[test]
fn squash_merges_count_for_the_authors_git_kept() {
    let git = GitPlan::new("");
    for (who, id, day) in [
        (BOB, "a", "04-02"),
        (CAROL, "b", "04-03"),
        (CAROL, "c", "04-04"),
    ] {
        git.write(
            &format!("roadmap/{id}.toml"),
            &initiative(id, "planned", "bob", "core", "2026-Q3"),
        );
        git.commit_as(
            who,
            &format!("2026-{day}T10:00:00+00:00"),
            &format!("Add {id} (#1{id})"),
        );
    }
    let q2 = review(&git, "2026-Q2");
    assert_eq!(
        q2["activity"]["contributors"],
        json!([{ "name": "Carol Sato", "commits": 2 }, { "name": "Bob Stone", "commits": 1 }])
    );
    assert_eq!(q2["activity"]["merged_by"], json!([]));
}

#[test]
fn a_budget_line_without_an_actual_is_not_reported_and_left_out_of_the_variance() {
    let git = GitPlan::new("");
    git.write(
        "budget/2026-Q2.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 30000\nactual = 33000\n\n\
         [line.tools]\ncategory = \"tooling\"\nplanned = 5000\n\n\
         [line.travel]\ncategory = \"other\"\nplanned = 10000\n",
    );
    git.commit_as(ALICE, "2026-06-30T10:00:00+00:00", "Q2 actuals");
    let q2 = review(&git, "2026-Q2");
    let b = &q2["budget"];
    assert_eq!(b["planned"], 45000.0);
    assert_eq!(b["actual"], 33000.0);
    assert_eq!(
        b["variance"], 3000.0,
        "33,000 against the 30,000 reported, not -12,000"
    );
    assert_eq!(b["not_reported"], json!({ "lines": 2, "planned": 15000.0 }));
    assert_eq!(q2["headline"]["budget_variance"], 3000.0);
    assert_eq!(q2["headline"]["budget_not_reported"]["lines"], 2);
    let md = q2_markdown_of(&git);
    assert!(
        md.contains("2 lines, 15,000 planned, not yet reported"),
        "{md}"
    );
}

#[test]
fn a_risk_escalated_and_eased_shows_both_moves_and_the_net_change() {
    let git = GitPlan::new("");
    git.write(
        "risks/outage.toml",
        &risk("Outage", "technical", 2, 4, "alice", "status = \"open\"\n"),
    );
    git.commit_as(ALICE, "2026-03-01T10:00:00+00:00", "Add a risk");
    let text = |l: u8| risk("Outage", "technical", l, 4, "alice", "status = \"open\"\n");
    git.write("risks/outage.toml", &text(4));
    let up = git.commit_as(ALICE, "2026-04-10T10:00:00+00:00", "Escalate");
    git.write("risks/outage.toml", &text(2));
    let down = git.commit_as(ALICE, "2026-05-10T10:00:00+00:00", "Ease");
    let r = &review(&git, "2026-Q2")["risks"];
    assert_eq!(r["escalations"][0]["detail"], "score 8 → 16");
    assert_eq!(r["escalations"][0]["source"]["commit"], short(up));
    assert_eq!(r["eased"][0]["detail"], "score 16 → 8");
    assert_eq!(r["eased"][0]["source"]["commit"], short(down));
    assert_eq!(r["net_changes"][0]["net"], 0);
    assert_eq!(r["net_changes"][0]["from"], 8);
    assert_eq!(r["top_open"][0]["owner_name"], "Alice Martin");
}

#[test]
fn a_record_deleted_after_the_quarter_still_counts_in_it() {
    let git = GitPlan::new("");
    git.write(
        "team/people/erin.toml",
        &person(
            "Erin Cole",
            "Engineer",
            "core",
            "joined = 2026-01-01\nleft = 2026-05-15\n",
        ),
    );
    git.commit_as(ALICE, "2026-01-02T10:00:00+00:00", "Erin");
    git.remove("team/people/erin.toml");
    git.commit_as(ALICE, "2026-08-01T10:00:00+00:00", "Archive Erin");
    let q2 = review(&git, "2026-Q2");
    assert_eq!(ids(&q2["team"]["leavers"]), ["erin"]);
    assert_eq!(q2["headline"]["headcount_start"], 3);
    assert_eq!(q2["headline"]["headcount_end"], 2);
    assert_eq!(q2["team"]["retracted"], json!([]));
}

#[test]
fn a_joiner_deleted_before_their_date_is_retracted() {
    let git = GitPlan::new("");
    git.write(
        "team/people/frank.toml",
        &person("Frank Olsen", "Engineer", "core", "joined = 2026-05-20\n"),
    );
    let hired = git.commit_as(ALICE, "2026-04-10T10:00:00+00:00", "Frank signs");
    git.remove("team/people/frank.toml");
    let gone = git.commit_as(ALICE, "2026-05-01T10:00:00+00:00", "Frank withdrew");
    let q2 = review(&git, "2026-Q2");
    assert_eq!(q2["team"]["joiners"], json!([]));
    assert_eq!(q2["headline"]["headcount_end"], 2);
    let retracted = &q2["team"]["retracted"][0];
    assert_eq!(retracted["fact"], "joined 2026-05-20");
    assert_eq!(retracted["source"]["commit"], short(hired));
    assert_eq!(retracted["retracted"]["commit"], short(gone));
}

#[test]
fn the_headline_says_which_slips_concern_this_quarter() {
    let git = GitPlan::new("");
    git.write(
        "roadmap/now.toml",
        &initiative("Now", "planned", "bob", "core", "2026-Q2"),
    );
    git.write(
        "roadmap/later.toml",
        &initiative("Later", "planned", "bob", "core", "2026-Q3"),
    );
    git.commit_as(ALICE, "2026-03-01T10:00:00+00:00", "Plan work");
    git.edit("roadmap/now.toml", &[("quarter", Some("\"2026-Q3\""))]);
    git.edit("roadmap/later.toml", &[("quarter", Some("\"2026-Q4\""))]);
    git.commit_as(ALICE, "2026-05-01T10:00:00+00:00", "Slip both");
    let q2 = review(&git, "2026-Q2");
    assert_eq!(q2["headline"]["slipped"], 2);
    assert_eq!(q2["headline"]["slipped_committed"], 1);
    assert_eq!(q2["headline"]["slipped_later"], 1);
    let md = q2_markdown_of(&git);
    assert!(
        md.contains("| Slipped | 2: 1 committed for this quarter, 1 later target |"),
        "{md}"
    );
}

#[test]
fn the_headcount_table_shows_sub_teams_under_their_parent_and_the_total_last() {
    let git = GitPlan::new("");
    git.write(
        "team/teams/eng.toml",
        "name = \"Engineering\"\nlead = \"alice\"\nmission = \"Build it.\"\n",
    );
    git.edit("team/teams/core.toml", &[("parent", Some("\"eng\""))]);
    git.write(
        "team/people/zoe.toml",
        &person("Zoe Park", "Engineer", "eng", "joined = 2026-05-01\n"),
    );
    git.commit_as(ALICE, "2026-03-01T10:00:00+00:00", "Engineering above core");
    let q2 = review(&git, "2026-Q2");
    let rows: Vec<(&str, u64, u64, u64)> = q2["team"]["headcount"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["team"].as_str().unwrap(),
                t["depth"].as_u64().unwrap(),
                t["start"].as_u64().unwrap(),
                t["end"].as_u64().unwrap(),
            )
        })
        .collect();
    // Engineering counts core's people too.
    assert_eq!(rows, [("eng", 0, 2, 3), ("core", 1, 2, 2)]);
    assert_eq!(
        q2["team"]["headcount_total"],
        json!({ "team": "", "name": "Total", "start": 2, "end": 3, "target": null, "depth": 0 })
    );
    let md = q2_markdown_of(&git);
    assert!(
        md.contains(
            "| Engineering | 2 | 3 | – |\n| ↳ Core | 2 | 2 | – |\n| **Total** | **2** | **3** | |\n"
        ),
        "{md}"
    );
    // "1 of 1 committed initiative", not "initiatives".
    assert!(!md.contains("1 of 1 committed initiatives"), "{md}");
}

#[test]
fn a_review_of_a_later_quarter_says_where_the_plans_history_begins() {
    let git = GitPlan::empty("");
    git.write("cto-plan.toml", crate::common::CONFIG);
    git.write_all(crate::common::MINIMAL_RECORDS);
    let first = git.commit_as(ALICE, "2026-02-03T09:00:00+00:00", "Adopt cto-plan");
    git.write(
        "roadmap/later.toml",
        &initiative("Later", "planned", "alice", "core", "2026-Q4"),
    );
    git.commit_as(BOB, "2026-04-10T09:00:00+00:00", "Plan later work");
    git.write(
        "roadmap/more.toml",
        &initiative("More", "planned", "alice", "core", "2026-Q4"),
    );
    git.commit_as(BOB, "2026-08-10T09:00:00+00:00", "Plan more work");

    let q3 = review(&git, "2026-Q3");
    assert_eq!(q3["baseline"]["source"]["commit"], short(first));
    assert_eq!(q3["baseline"]["source"]["date"], "2026-02-03");
    assert_eq!(q3["baseline"]["records"], crate::common::MINIMAL_COUNT);
    // Only the review of a quarter the plan did not exist at the start of
    // warns about it; this one just says where history begins.
    assert!(
        !q3["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("did not exist yet")),
        "{}",
        q3["warnings"]
    );
    let markdown = ok_in(
        git.path(),
        crate::common::TODAY,
        &["review", "--quarter", "2026-Q3"],
    );
    assert!(
        markdown.contains(&format!(
            "The plan's history begins at `{}` (2026-02-03) with {} records: the baseline",
            short(first),
            crate::common::MINIMAL_COUNT
        )),
        "{markdown}"
    );
}

#[test]
fn a_person_added_and_archived_within_one_quarter_after_their_dates_still_counts() {
    let git = GitPlan::new("");
    git.write(
        "team/people/erin.toml",
        &person(
            "Erin Cole",
            "Contractor",
            "core",
            "joined = 2026-04-06\nleft = 2026-05-15\n",
        ),
    );
    let hired = git.commit_as(ALICE, "2026-04-08T10:00:00+00:00", "Erin, for six weeks");
    git.remove("team/people/erin.toml");
    git.commit_as(ALICE, "2026-05-20T10:00:00+00:00", "Archive Erin");

    let q2 = review(&git, "2026-Q2");
    assert_eq!(ids(&q2["team"]["joiners"]), ["erin"]);
    assert_eq!(q2["team"]["joiners"][0]["source"]["commit"], short(hired));
    assert_eq!(ids(&q2["team"]["leavers"]), ["erin"]);
    assert_eq!(q2["headline"]["headcount_start"], 2);
    assert_eq!(q2["headline"]["headcount_end"], 2);
    assert_eq!(q2["team"]["retracted"], json!([]));
}

#[test]
fn a_joiner_recorded_early_and_renamed_before_the_quarter_is_cited_by_the_first_record() {
    let git = GitPlan::new("");
    git.write(
        "team/people/frank.toml",
        &person("Frank Olsen", "Engineer", "core", "joined = 2026-08-10\n"),
    );
    let hired = git.commit_as(ALICE, "2026-05-20T10:00:00+00:00", "Frank signs");
    git.rename("team/people/frank.toml", "team/people/frank-olsen.toml");
    let renamed = git.commit_as(BOB, "2026-06-10T10:00:00+00:00", "Full names for ids");
    assert_ne!(hired, renamed);

    let q3 = review(&git, "2026-Q3");
    assert_eq!(ids(&q3["team"]["joiners"]), ["frank-olsen"]);
    let source = &q3["team"]["joiners"][0]["source"];
    assert_eq!(source["commit"], short(hired));
    assert_eq!(source["date"], "2026-05-20");
    assert_eq!(source["author"], "Alice Martin");
}

#[test]
fn a_joiner_whose_date_moved_out_of_the_quarter_is_retracted_there_and_joins_later() {
    let git = GitPlan::new("");
    git.write(
        "team/people/frank.toml",
        &person("Frank Olsen", "Engineer", "core", "joined = 2026-05-20\n"),
    );
    let hired = git.commit_as(ALICE, "2026-04-10T10:00:00+00:00", "Frank signs");
    git.edit("team/people/frank.toml", &[("joined", Some("2026-07-15"))]);
    let moved = git.commit_as(ALICE, "2026-05-01T10:00:00+00:00", "Frank starts later");

    let q2 = review(&git, "2026-Q2");
    assert_eq!(q2["team"]["joiners"], json!([]));
    assert_eq!(q2["headline"]["headcount_end"], 2);
    let retracted = &q2["team"]["retracted"][0];
    assert_eq!(retracted["fact"], "joined 2026-05-20");
    assert_eq!(retracted["source"]["commit"], short(hired));
    assert_eq!(retracted["retracted"]["commit"], short(moved));
    assert_eq!(q2["outlook"]["people"][0]["detail"], "starting 2026-07-15");

    let q3 = review(&git, "2026-Q3");
    assert_eq!(ids(&q3["team"]["joiners"]), ["frank"]);
    assert_eq!(q3["team"]["joiners"][0]["source"]["commit"], short(moved));
    assert_eq!(q3["headline"]["headcount_end"], 3);
}

#[test]
fn decisions_roles_and_risks_count_in_the_quarter_of_their_own_dates_when_recorded_late() {
    let git = GitPlan::new("");
    git.write(
        "decisions/queue.toml",
        "title = \"Use a queue\"\nstatus = \"proposed\"\nproposed = 2026-05-01\n\
         deciders = [\"alice\"]\ncontext = \"c\"\n",
    );
    git.write(
        "team/hiring/sre.toml",
        "title = \"SRE\"\nteam = \"core\"\nstatus = \"open\"\nopened = 2026-03-20\n",
    );
    git.write(
        "risks/outage.toml",
        "title = \"Outage\"\nlikelihood = 3\nimpact = 4\nowner = \"alice\"\nstatus = \"open\"\n\
         opened = 2026-05-05\n",
    );
    git.commit_as(ALICE, "2026-05-06T10:00:00+00:00", "Q2 open items");
    // Everything settled in June, written down in July.
    git.write(
        "decisions/queue.toml",
        "title = \"Use a queue\"\nstatus = \"accepted\"\nproposed = 2026-05-01\n\
         decided = 2026-06-20\ndeciders = [\"alice\"]\ncontext = \"c\"\ndecision = \"d\"\n",
    );
    git.write(
        "team/hiring/sre.toml",
        "title = \"SRE\"\nteam = \"core\"\nstatus = \"filled\"\nopened = 2026-03-20\n\
         filled = 2026-06-25\nhire = \"bob\"\n",
    );
    git.write(
        "risks/outage.toml",
        "title = \"Outage\"\nlikelihood = 3\nimpact = 4\nowner = \"alice\"\nstatus = \"closed\"\n\
         opened = 2026-05-05\nclosed = 2026-06-29\n",
    );
    let late = git.commit_as(BOB, "2026-07-03T10:00:00+00:00", "Catch up on June");

    let q2 = review(&git, "2026-Q2");
    assert_eq!(ids(&q2["decisions"]["accepted"]), ["queue"]);
    assert_eq!(q2["decisions"]["median_days_to_decide"], 50.0);
    assert_eq!(q2["headline"]["decisions_taken"], 1);
    assert_eq!(
        q2["decisions"]["accepted"][0]["source"]["commit"],
        short(late)
    );
    assert_eq!(q2["decisions"]["accepted"][0]["recorded_late"], true);
    assert_eq!(ids(&q2["team"]["roles_filled"]), ["sre"]);
    assert_eq!(q2["team"]["median_days_to_fill"], 97.0);
    assert_eq!(ids(&q2["risks"]["opened"]), ["outage"]);
    assert_eq!(ids(&q2["risks"]["closed"]), ["outage"]);
    assert_eq!(q2["risks"]["closed"][0]["recorded_late"], true);

    let q3 = review(&git, "2026-Q3");
    assert_eq!(q3["decisions"]["accepted"], json!([]));
    assert_eq!(q3["team"]["roles_filled"], json!([]));
    assert_eq!(q3["risks"]["closed"], json!([]));
}
