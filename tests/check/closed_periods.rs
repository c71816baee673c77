//! Issue 12, item 7: warnings about periods that have closed are not
//! `check`'s. A budget line over its plan warns while its quarter is open,
//! and not once the quarter has ended (the review reports it), so a healthy
//! plan passes `--deny-warnings` for good.

use super::*;

fn over_budget_in(dir: &Path, quarter: &str) {
    write(
        dir,
        &format!("budget/{quarter}.toml"),
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 100000\nactual = 150000\n",
    );
}

fn warned(dir: &Path, today: &str) -> Vec<String> {
    let (stdout, stderr, code) = common::run_at(
        dir,
        today,
        &["check", "--format", "json", "--deny-warnings"],
    );
    let findings: Vec<serde_json::Value> =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    assert_eq!(code, i32::from(!findings.is_empty()), "{stdout}");
    codes(&findings)
}

#[test]
fn over_budget_warns_only_while_the_quarter_is_open() {
    let dir = plan();
    over_budget_in(dir.path(), "2026-Q2");
    // During the quarter, and on its last day: something can still be done.
    assert_eq!(warned(dir.path(), "2026-05-15"), ["over-budget"]);
    assert_eq!(warned(dir.path(), "2026-06-30"), ["over-budget"]);
    // Budgets planned ahead are checked too.
    assert_eq!(warned(dir.path(), "2026-01-02"), ["over-budget"]);
    // Once it has closed, the overrun is history: no warning, exit 0.
    assert!(warned(dir.path(), "2026-07-01").is_empty());
    assert!(warned(dir.path(), "2030-01-01").is_empty());
}

#[test]
fn closed_quarters_follow_the_fiscal_year() {
    let dir = plan();
    let config = std::fs::read_to_string(dir.path().join("cto-plan.toml")).unwrap();
    let config = config.replacen("[plan]\n", "[plan]\nfiscal_year_start_month = 4\n", 1);
    write(dir.path(), "cto-plan.toml", &config);
    over_budget_in(dir.path(), "2026-Q1");
    // Fiscal 2026-Q1 is April to June 2025; calendar 2026-Q1 would be open.
    assert_eq!(warned(dir.path(), "2025-06-30"), ["over-budget"]);
    assert!(warned(dir.path(), "2025-07-01").is_empty());
    assert!(warned(dir.path(), "2026-01-15").is_empty());
}

/// The demo's latest plan: the closed quarters' overruns no longer warn
/// (they were seven over-budget warnings advising to rewrite history), and
/// the reviews that were due are done, as a healthy organisation would. What
/// is left is next quarter's plan, which the last pull request made too big
/// for the data team: work that can still change.
#[test]
fn the_demo_warns_only_about_what_can_be_done_today() {
    let dir = tempfile::TempDir::new().unwrap();
    let (_, stderr, code) = run(dir.path(), &["demo"]);
    assert_eq!(code, 0, "{stderr}");
    let demo = dir.path().join("cto-plan-demo");
    // Before that pull request, nothing warns.
    let (stdout, stderr, code) = common::run_at(
        &demo,
        "2026-10-22",
        &["check", "--rev", "HEAD~1", "--format", "json"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
    let (stdout, stderr, code) =
        common::run_at(&demo, "2026-10-28", &["check", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        codes(&findings),
        ["key-person", "key-person", "over-capacity"],
        "{findings:#?}"
    );
    // A day before the reviews, the missed ones are the only warnings.
    let (stdout, _, _) = common::run_at(
        &demo,
        "2026-10-20",
        &["check", "--rev", "HEAD~2", "--format", "json"],
    );
    let before: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let mut found = codes(&before);
    found.dedup();
    assert_eq!(found, ["review-overdue"], "{before:#?}");
    let (stdout, _, code) = common::run_at(
        &demo,
        "2026-10-22",
        &["check", "--rev", "HEAD~1", "--deny-warnings"],
    );
    assert_eq!(code, 0, "{stdout}");
}
