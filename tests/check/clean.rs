//! The passing fixture: the minimal plan checks clean, in every format and
//! for years after today; a bad today, a missing plan, and a check run
//! from a sub-folder.

use super::*;

#[test]
fn minimal_plan_is_clean() {
    let dir = plan();
    let (stdout, stderr, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, format!("no problems in {MINIMAL_COUNT} records\n"));
    assert_eq!(stderr, "");
    let (stdout, _, code) = run(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn minimal_plan_is_clean_in_every_format() {
    let dir = plan();
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(findings.is_empty(), "{findings:#?}");
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!((stdout.as_str(), code), ("", 0));
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(code, 0);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn minimal_plan_stays_clean_for_years() {
    let dir = plan();
    for today in ["2026-01-11", "2027-01-01", "2028-06-15", "2030-12-31"] {
        let (stdout, _, code) = common::run_at(dir.path(), today, &["check", "--deny-warnings"]);
        assert_eq!(code, 0, "on {today}: {stdout}");
    }
}

#[test]
fn a_bad_today_is_a_usage_error() {
    let dir = plan();
    let (_, stderr, code) = common::run_at(dir.path(), "27/11/2026", &["check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("CTO_PLAN_TODAY"), "{stderr}");
}

#[test]
fn no_plan_found_exits_2_with_a_hint() {
    let dir = tempfile::TempDir::new().unwrap();
    let (_, stderr, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no plan found"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn check_from_a_sub_folder_finds_the_plan_root() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/bad.toml",
        "title = \"x\"\nstatus = \"activ\"\n",
    );
    let (stdout, _, code) = run(&dir.path().join("roadmap"), &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["file"], "roadmap/bad.toml");
}
