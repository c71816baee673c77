//! `cto-plan diff` shows what a change does to capacity: the team loads it
//! moves by more than `[capacity] diff_load_points` and the key-person
//! risks it adds, in every format, on a scripted pull request.
//!
//! The figures, with the settings of [`super::SETTINGS`] (focus 0.5, one
//! week of leave): in 2027-Q2 (13 weeks) each of the data team's two people
//! gives (13 − 1) × 0.5 = 6 engineer-weeks, so the team supplies 12. The
//! existing work needs 1 × 6 = 6 (50%); the pull request adds 2 × 6 = 12
//! more (18 of 12: 150%).

use crate::common::markdown::assert_diff_inert;
use crate::common::{GitPlan, json_in, ok_in};

use super::{SETTINGS, TODAY};

fn plan() -> GitPlan {
    let git = GitPlan::with(&[
        ("team/teams/data.toml", "name = \"Data\"\n"),
        (
            "team/people/alice.toml",
            "name = \"Alice\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"Kafka\", \"SQL\"]\n",
        ),
        (
            "team/people/bob.toml",
            "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"SQL\"]\n",
        ),
        (
            "roadmap/lake.toml",
            "title = \"Lake\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
             estimate = { engineers = 1, weeks = 6 }\nskills = [\"SQL\"]\n",
        ),
        (
            "decisions/use-sql.toml",
            "title = \"Use SQL\"\nstatus = \"proposed\"\nproposed = 2027-01-05\ncontext = \"Why.\"\n",
        ),
    ]);
    git.write("cto-plan.toml", SETTINGS);
    git.commit("Capacity settings");
    git
}

/// The pull request: new work for the data team that only Alice can do.
fn add_streaming(git: &GitPlan) {
    git.write(
        "roadmap/streaming.toml",
        "title = \"Streaming\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 2, weeks = 6 }\nskills = [\"Kafka\"]\n",
    );
    git.commit("Plan streaming for 2027-Q2");
}

#[test]
fn a_change_that_overloads_a_team_shows_its_load_before_and_after() {
    let git = plan();
    add_streaming(&git);
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    let capacity = &diff["capacity"];
    assert_eq!(capacity["threshold_points"], 5.0);
    let loads = capacity["loads"].as_array().unwrap();
    // The team only: it is the whole organisation, which is not said twice;
    // 2027-Q1 does not move.
    assert_eq!(loads.len(), 1, "{loads:#?}");
    let data = &loads[0];
    assert_eq!(data["quarter"], "2027-Q2");
    assert_eq!(data["team"], "team/data");
    assert_eq!(data["name"], "Data");
    assert_eq!(data["before"]["supply"], 12.0);
    assert_eq!(data["before"]["demand"], 6.0);
    assert_eq!(data["before"]["load"], 0.5);
    assert_eq!(data["after"]["demand"], 18.0);
    assert_eq!(data["after"]["load"], 1.5);
    // Kafka is needed now, and only Alice has it.
    assert_eq!(
        capacity["key_person"],
        serde_json::json!([{
            "quarter": "2027-Q2",
            "skill": "Kafka",
            "person": "person/alice",
            "person_name": "Alice",
            "needed_by": ["initiative/streaming"],
        }])
    );

    let text = ok_in(git.path(), TODAY, &["diff", "HEAD~1", "HEAD"]);
    assert!(
        text.contains(
            "team/data 2027-Q2: 50% → 150% of capacity (demand 6 → 18, supply 12 engineer-weeks)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "new key-person risk 2027-Q2: only Alice has Kafka, needed by initiative/streaming"
        ),
        "{text}"
    );

    let md = ok_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "markdown"],
    );
    assert!(
        md.contains("| team/data | 2027-Q2 | 50% → 150% | 6 → 18 | 12 → 12 |"),
        "{md}"
    );
    assert!(md.contains("**New key-person risks**"), "{md}");
    assert_diff_inert(&md);
}

#[test]
fn a_hire_on_a_branch_is_a_what_if_that_brings_the_load_down() {
    let git = plan();
    add_streaming(&git);
    // A third engineer from the quarter's first day, ramping up for four
    // weeks at half output: (4 × 0.5 + 9 − 1) × 0.5 = 5 engineer-weeks.
    git.write(
        "team/hiring/streaming-engineer.toml",
        "title = \"Streaming Engineer\"\nteam = \"data\"\nstatus = \"open\"\nopened = 2027-02-01\n\
         expected_start = 2027-04-01\n",
    );
    git.commit("Hire for streaming");
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    let data = &diff["capacity"]["loads"][0];
    assert_eq!(data["team"], "team/data");
    assert_eq!(data["before"]["supply"], 12.0);
    assert_eq!(data["after"]["supply"], 17.0);
    assert_eq!(data["after"]["demand"], 18.0);
}

#[test]
fn a_change_capacity_does_not_read_has_no_capacity_section() {
    let git = plan();
    git.edit(
        "decisions/use-sql.toml",
        &[("context", Some("\"Because.\""))],
    );
    git.commit("Reword a decision");
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert!(diff.get("capacity").is_none(), "{diff:#}");
    let text = ok_in(git.path(), TODAY, &["diff", "HEAD~1", "HEAD"]);
    assert!(!text.contains("Capacity"), "{text}");
}

#[test]
fn small_moves_stay_below_the_threshold_and_the_threshold_is_a_setting() {
    let git = plan();
    // Half a week more: 6 → 6.5 of 12 moves the load by 4 points.
    git.edit(
        "roadmap/lake.toml",
        &[("estimate", Some("{ engineers = 1, weeks = 6.5 }"))],
    );
    git.commit("Lake needs a little more");
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert!(diff.get("capacity").is_none(), "{diff:#}");
    git.write(
        "cto-plan.toml",
        &format!("{SETTINGS}diff_load_points = 1\n"),
    );
    let diff = json_in(git.path(), TODAY, &["diff", "HEAD~1", "--format", "json"]);
    let loads = diff["capacity"]["loads"].as_array().unwrap();
    assert_eq!(loads[0]["team"], "team/data", "{loads:#?}");
}

#[test]
fn the_working_tree_against_a_commit_shows_the_delta_too() {
    let git = plan();
    git.write(
        "roadmap/streaming.toml",
        "title = \"Streaming\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 2, weeks = 6 }\n",
    );
    let text = ok_in(git.path(), TODAY, &["diff", "HEAD"]);
    assert!(text.contains("team/data 2027-Q2: 50% → 150%"), "{text}");
}
