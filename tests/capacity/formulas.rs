//! The formulas of docs/capacity.md on the fixture's 2027-Q2 (91 days, 13
//! weeks): every figure is worked out by hand in the comments.

use super::{capacity_json, fixture, round, team};
use crate::common::{json_in, write};

#[test]
fn a_full_timer_and_a_part_timer_count_for_the_quarter_less_leave_times_focus() {
    let dir = fixture();
    let report = capacity_json(dir.path(), &["--quarter", "2027-Q2"]);
    let core = team(&report, "2027-Q2", "core");
    // Alice: 1 × (13 − 1) × 1 × 0.8 = 9.6; Bob: 1 × 12 × 0.5 × 0.8 = 4.8.
    assert_eq!(round(&core["own"]["supply"]), 14.4);
    assert_eq!(round(&core["own"]["people"]), 1.5);
    assert_eq!(core["focus"], 0.8);
}

#[test]
fn a_joiner_mid_quarter_a_leaver_with_notice_and_a_ramping_hire_count_for_their_part() {
    let dir = fixture();
    let report = capacity_json(dir.path(), &["--quarter", "2027-Q2"]);
    let data = &team(&report, "2027-Q2", "data")["own"];
    // Carol, from May 27: 35 of 91 days; 35/91 × 12 × 0.5 = 2.307692.
    // Dave, until April 14: 14 of 91 days; 14/91 × 12 × 0.5 = 0.923077.
    // The analyst from April 15: 77 days, the first 28 at half output:
    // (14 + 49) / 7 = 9 weeks, less 77/91 of a week's leave = 8.153846,
    // × 0.5 = 4.076923. The cancelled role counts for nothing.
    assert_eq!(round(&data["supply"]), 7.3077);
    // 35/91 + 14/91 + 77/91 = 126/91.
    assert_eq!(round(&data["people"]), 1.3846);
    let changes: Vec<(&str, &str)> = team(&report, "2027-Q2", "data")["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["change"].as_str().unwrap(), c["record"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changes,
        [
            ("leaves", "person/dave"),
            ("hire", "role/analyst"),
            ("joins", "person/carol")
        ]
    );
}

#[test]
fn demand_spreads_over_the_quarters_from_start_to_target_and_stops_when_shipped() {
    let dir = fixture();
    let report = capacity_json(dir.path(), &["--from", "2027-Q1", "--to", "2027-Q4"]);
    // Beta: 3 × 10 = 30 engineer-weeks over Q1, Q2 and Q3; Done is shipped.
    let demand: Vec<f64> = ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
        .iter()
        .map(|q| round(&team(&report, q, "data")["own"]["demand"]))
        .collect();
    assert_eq!(demand, [10.0, 10.0, 10.0, 0.0]);
    // Alpha: 2 × 6 = 12, all in its target quarter.
    assert_eq!(
        round(&team(&report, "2027-Q2", "core")["own"]["demand"]),
        12.0
    );
    assert_eq!(
        round(&team(&report, "2027-Q3", "core")["own"]["demand"]),
        0.0
    );
}

#[test]
fn sub_teams_roll_up_into_their_parent_and_the_organisation() {
    let dir = fixture();
    let report = capacity_json(dir.path(), &["--quarter", "2027-Q2"]);
    let eng = team(&report, "2027-Q2", "eng");
    assert_eq!(eng["depth"], 0);
    assert_eq!(round(&eng["own"]["supply"]), 0.0);
    // Core 14.4 + Data 7.307692.
    assert_eq!(round(&eng["figures"]["supply"]), 21.7077);
    assert_eq!(round(&eng["figures"]["demand"]), 22.0);
    // 22 / 21.707692.
    assert_eq!(round(&eng["figures"]["load"]), 1.0135);
    assert_eq!(team(&report, "2027-Q2", "data")["depth"], 1);
    assert_eq!(team(&report, "2027-Q2", "data")["parent"], "eng");
    // The organisation adds the team with no people: demand 26.
    let total = &report["quarters"][0]["total"];
    assert_eq!(round(&total["demand"]), 26.0);
    assert_eq!(round(&total["supply"]), 21.7077);
}

#[test]
fn loads_are_demand_over_supply_and_absent_without_supply() {
    let dir = fixture();
    let report = capacity_json(dir.path(), &["--quarter", "2027-Q2"]);
    // Core: 12 / 14.4; data: 10 / 7.307692.
    assert_eq!(
        round(&team(&report, "2027-Q2", "core")["figures"]["load"]),
        0.8333
    );
    assert_eq!(
        round(&team(&report, "2027-Q2", "data")["figures"]["load"]),
        1.3684
    );
    let empty = &team(&report, "2027-Q2", "empty")["figures"];
    assert_eq!(empty["load"], serde_json::Value::Null);
    assert_eq!(round(&empty["demand"]), 4.0);
}

#[test]
fn unestimated_work_is_listed_not_guessed() {
    let dir = fixture();
    let report = capacity_json(dir.path(), &["--quarter", "2027-Q2"]);
    let listed: Vec<(&str, &str)> = report["unestimated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["record"].as_str().unwrap(),
                u["missing"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed, [("initiative/vague", "estimate")]);
}

#[test]
fn the_default_quarters_are_the_current_one_and_the_next() {
    let dir = fixture();
    let report = capacity_json(dir.path(), &[]);
    let quarters: Vec<&str> = report["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["quarter"].as_str().unwrap())
        .collect();
    assert_eq!(quarters, ["2027-Q1", "2027-Q2"]);
}

/// A plan read as it was is read against its own quarters: `--at DATE`
/// takes that day's, `--rev` the commit's day; today's are for today's plan.
#[test]
fn the_default_quarters_of_a_plan_read_as_it_was_are_its_own() {
    let git = crate::common::GitPlan::with(&[
        ("cto-plan.toml", super::SETTINGS),
        ("team/teams/core.toml", "name = \"Core\"\n"),
    ]);
    let first = git.commit_as(
        crate::common::ALICE,
        "2025-08-01T10:00:00+00:00",
        "Start the plan",
    );
    let quarters = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["capacity", "--format", "json"];
        all.extend_from_slice(args);
        json_in(git.path(), super::TODAY, &all)["quarters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["quarter"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(quarters(&[]), ["2027-Q1", "2027-Q2"]);
    assert_eq!(quarters(&["--at", "2025-08-02"]), ["2025-Q3", "2025-Q4"]);
    assert_eq!(
        quarters(&["--rev", &first.to_string()]),
        ["2025-Q3", "2025-Q4"]
    );
    let skills = json_in(
        git.path(),
        super::TODAY,
        &["skills", "--at", "2025-08-02", "--format", "json"],
    );
    assert_eq!(skills["quarter"], "2025-Q4");
}

/// Work charged to a team the plan does not have (`check` reports the
/// reference) still counts for the organisation, as work with no team.
#[test]
fn work_of_an_unknown_team_counts_for_the_organisation() {
    let dir = fixture();
    write(
        dir.path(),
        "roadmap/ghost.toml",
        "title = \"Ghost\"\nstatus = \"planned\"\nteam = \"ghost\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 10, weeks = 10 }\n",
    );
    let (stdout, _, _) = crate::common::run_in(
        dir.path(),
        super::TODAY,
        &["capacity", "--quarter", "2027-Q2", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // 26 without it, as in sub_teams_roll_up_into_their_parent_and_the_organisation.
    assert_eq!(round(&report["quarters"][0]["total"]["demand"]), 126.0);
    assert_eq!(round(&report["quarters"][0]["unassigned"]["demand"]), 100.0);
}
