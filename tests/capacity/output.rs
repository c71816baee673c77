//! What `capacity` prints in each format, what it refuses, and the located
//! errors `check` gives for the fields it reads.

use super::{TODAY, fixture};
use crate::common::{check_json, ok_in, run_in, write};

#[test]
fn text_shows_each_team_under_its_parent_with_bars_and_words_for_no_supply() {
    let dir = fixture();
    let text = ok_in(dir.path(), TODAY, &["capacity", "--quarter", "2027-Q2"]);
    insta::assert_snapshot!(text, @r"
    Capacity in engineer-weeks; default focus 0.5, 1 week of leave per person and quarter, hires ramp up over 4 weeks at 50%

    2027-Q2 (2027-04-01 to 2027-06-30, 13 weeks)
      TEAM          PEOPLE   SUPPLY   DEMAND       LOAD
      empty              0        0        4  no supply
      eng              2.9     21.7       22       101%  ████████████████████ over
        core           1.5     14.4       12        83%  █████████████████░░░
        data           1.4      7.3       10       137%  ████████████████████ over
      organisation     2.9     21.7       26       120%  ████████████████████ over
      data: leaves Dave (person/dave, 2027-04-14); hire Analyst (role/analyst, 2027-04-15); joins Carol (person/carol, 2027-05-27)

    Not counted (planned or active work without an estimate or a quarter):
      initiative/vague (Vague): no estimate, team core

    Active work that serves no objective:
      initiative/beta (Beta), team data
    ");
}

#[test]
fn markdown_is_a_table_per_quarter_with_plan_text_escaped() {
    let dir = fixture();
    write(
        dir.path(),
        "team/teams/empty.toml",
        "name = \"Empty | <b>x</b> @here\"\n",
    );
    let md = ok_in(
        dir.path(),
        TODAY,
        &["capacity", "--quarter", "2027-Q2", "--format", "markdown"],
    );
    assert!(
        md.contains("| Empty \\| &lt;b&gt;x&lt;/b&gt; `@here` | 0 | 0 | 4 | no supply |"),
        "{md}"
    );
    assert!(
        md.contains("| — Data | 1.4 | 7.3 | 10 | **137%** (over) |"),
        "{md}"
    );
    assert!(
        md.contains("| **Organisation** | 2.9 | 21.7 | 26 | **120%** (over) |"),
        "{md}"
    );
}

#[test]
fn one_team_narrows_the_report_to_it_and_its_sub_teams() {
    let dir = fixture();
    let report = super::capacity_json(dir.path(), &["--quarter", "2027-Q2", "--team", "eng"]);
    let teams: Vec<(&str, u64)> = report["quarters"][0]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["team"].as_str().unwrap(), t["depth"].as_u64().unwrap()))
        .collect();
    assert_eq!(teams, [("eng", 0), ("core", 1), ("data", 1)]);
    assert_eq!(
        super::round(&report["quarters"][0]["total"]["demand"]),
        22.0
    );
}

#[test]
fn bad_arguments_exit_2_and_say_what_to_do() {
    let dir = fixture();
    let (_, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["capacity", "--from", "2027-Q3", "--to", "2027-Q1"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--to 2027-Q1 comes before --from 2027-Q3"),
        "{stderr}"
    );
    let (_, stderr, code) = run_in(dir.path(), TODAY, &["capacity", "--team", "dta"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("did you mean data?"), "{stderr}");
    let (_, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["capacity", "--from", "2027-Q1", "--to", "2099-Q1"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("give a shorter range"), "{stderr}");
}

#[test]
fn check_locates_allocations_focus_and_expected_starts_out_of_range() {
    let dir = fixture();
    write(
        dir.path(),
        "team/people/bob.toml",
        "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"core\"\nallocation = 1.5\n",
    );
    write(
        dir.path(),
        "team/teams/data.toml",
        "name = \"Data\"\nparent = \"eng\"\nfocus = -0.2\n",
    );
    write(
        dir.path(),
        "team/hiring/analyst.toml",
        "title = \"Analyst\"\nteam = \"data\"\nstatus = \"open\"\nopened = 2027-01-10\n\
         expected_start = 2026-12-01\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = |path: &str, text: &str| {
        findings
            .iter()
            .any(|f| f["file"] == path && f["message"].as_str().is_some_and(|m| m.contains(text)))
    };
    assert!(
        found(
            "team/people/bob.toml",
            "`allocation` must be at most 1, found 1.5"
        ),
        "{findings:#?}"
    );
    assert!(
        found(
            "team/teams/data.toml",
            "`focus` must be at least 0, found -0.2"
        ),
        "{findings:#?}"
    );
    assert!(
        found("team/hiring/analyst.toml", "expected_start"),
        "{findings:#?}"
    );
    // Every one of them points at its line.
    assert!(
        findings.iter().all(|f| f["line"].as_u64().is_some()),
        "{findings:#?}"
    );
}

#[test]
fn json_keeps_plan_text_exact_and_text_shows_controls_visibly() {
    let dir = fixture();
    write(
        dir.path(),
        "team/teams/empty.toml",
        "name = \"Empty \\u202e\\u001b]0;x\\u0007\"\n",
    );
    let report = super::capacity_json(dir.path(), &["--quarter", "2027-Q2"]);
    let empty = report["quarters"][0]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["team"] == "empty")
        .unwrap();
    assert_eq!(empty["name"], "Empty \u{202e}\u{1b}]0;x\u{7}");
    let (stdout, _, _) = run_in(
        dir.path(),
        TODAY,
        &["capacity", "--quarter", "2027-Q2", "--format", "markdown"],
    );
    assert!(
        !stdout.contains('\u{202e}') && !stdout.contains('\u{1b}'),
        "{stdout:?}"
    );
}
