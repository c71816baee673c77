//! The pull-request comment stays under GitHub's 65,536-character limit
//! whatever the plan: every table and section is capped with "… and N
//! more", within one budget for the whole comment.

use crate::common::markdown::assert_diff_inert;
use crate::common::{CONFIG, GitPlan, TODAY, run_at};

const GITHUB_LIMIT: usize = 65_536;

fn markdown(repo: &GitPlan, args: &[&str]) -> String {
    let mut all = vec!["--color", "never", "diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "markdown"]);
    let (out, err, code) = run_at(repo.path(), TODAY, &all);
    assert_eq!(code, 0, "{err}");
    out
}

/// The "… and N more" of a capped table: the N of its last row.
fn more_in_table(md: &str, header: &str) -> usize {
    let table: Vec<&str> = md
        .split(header)
        .nth(1)
        .unwrap_or_else(|| panic!("no {header} table"))
        .lines()
        .take_while(|l| l.starts_with('|'))
        .collect();
    let last = table.last().unwrap();
    let n = last
        .strip_prefix("| … and ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{header} table not capped: {last}"));
    n.parse().unwrap()
}

#[test]
fn two_thousand_new_teams_with_their_people_fit_in_a_comment() {
    let repo = GitPlan::empty("");
    repo.write("cto-plan.toml", CONFIG);
    repo.commit("Start the plan");
    for i in 0..2000 {
        repo.write(
            &format!("team/teams/team-{i:04}.toml"),
            &format!(
                "name = \"Team number {i} with a fairly long name to read\"\nlead = \"lead-{i:04}\"\nheadcount_target = 5\n"
            ),
        );
        repo.write(
            &format!("team/people/lead-{i:04}.toml"),
            &format!(
                "name = \"Lead {i}\"\nrole = \"Engineering Manager\"\nteam = \"team-{i:04}\"\njoined = 2026-11-02\n"
            ),
        );
    }
    repo.commit("Two thousand teams");
    let md = markdown(&repo, &["HEAD~1", "HEAD"]);
    let chars = md.chars().count();
    assert!(chars < GITHUB_LIMIT, "{chars} characters");
    assert_diff_inert(&md);
    let teams_left_out = more_in_table(&md, "| Team | Headcount |\n|---|---:|\n");
    let team_rows = md.lines().filter(|l| l.starts_with("| team-")).count();
    assert_eq!(team_rows + teams_left_out, 2000, "every team counted");
    assert!(
        md.contains("- … and "),
        "the details say what they leave out"
    );
    assert!(
        md.contains("left out to stay under the 65536-character comment limit"),
        "{}",
        &md[md.len() - 300..]
    );
}

#[test]
fn many_budget_lines_and_people_with_long_texts_fit_in_a_comment() {
    let repo = GitPlan::empty("");
    repo.write("cto-plan.toml", CONFIG);
    repo.commit("Start the plan");
    let long = "x".repeat(5000);
    let categories = cto_plan::model::budget::CATEGORIES;
    for year in 2020..2030 {
        for quarter in 1..=4 {
            let mut budget = String::new();
            for i in 0..75 {
                budget.push_str(&format!(
                    "[line.l{i}]\ncategory = \"{}\"\nplanned = {i}\nactual = 1\nnote = \"{long}\"\n\n",
                    categories[i % categories.len()]
                ));
            }
            repo.write(&format!("budget/{year}-Q{quarter}.toml"), &budget);
        }
    }
    for i in 0..500 {
        repo.write(
            &format!("team/people/p{i:04}.toml"),
            &format!(
                "name = \"Person {i} {long}\"\nrole = \"Engineer\"\nteam = \"team-{i:04}\"\njoined = 2026-11-02\n"
            ),
        );
        repo.write(
            &format!("team/teams/team-{i:04}.toml"),
            &format!("name = \"Team {i} {long}\"\n"),
        );
    }
    repo.commit("Three thousand budget lines, five hundred people");
    let md = markdown(&repo, &["HEAD~1", "HEAD"]);
    let chars = md.chars().count();
    assert!(chars < GITHUB_LIMIT, "{chars} characters");
    assert_diff_inert(&md);
    let categories_shown = md
        .split("| Budget category | Planned | Actual |\n|---|---:|---:|\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with('|'))
        .count();
    assert_eq!(categories_shown, 7, "{md}");
    let teams_left_out = more_in_table(&md, "| Team | Headcount |\n|---|---:|\n");
    let team_rows = md.lines().filter(|l| l.starts_with("| team-")).count();
    assert_eq!(team_rows + teams_left_out, 500);
    assert!(md.contains("left out to stay under the 65536-character comment limit"));
}
