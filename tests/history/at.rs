//! The global `--at`: a quarter reads the plan as it began, a date the last
//! commit of that day in its own offset, a revision that commit; `check`
//! at a quarter; and the errors that exit 2.

use serde_json::{Value, json};

use super::*;
use crate::common::quarter::fixture;
use crate::common::run_in;

#[test]
fn at_a_quarter_reads_the_plan_as_the_quarter_began() {
    let fx = fixture();
    let list = json_of(
        &fx,
        &["--at", "2026-Q2", "list", "initiative", "--format", "json"],
    );
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // audit-log was committed late on March 31 at -08:00 (April 1 in UTC);
    // sso had not been renamed yet; ai-assist did not exist.
    assert_eq!(
        ids,
        [
            "analytics",
            "audit-log",
            "billing",
            "hotfix-tooling",
            "legacy-api",
            "mobile",
            "onboarding",
            "search-v2",
            "sso"
        ]
    );
    assert_eq!(shown_field(&fx, "2026-Q2", "search-v2", "status"), "active");
    // Kafka was accepted on April 1 at +09:00 (March 31 in UTC): after Q2 began.
    assert_eq!(
        shown_field(&fx, "2026-Q2", "use-kafka", "status"),
        "proposed"
    );

    // The plan as Q3 began: the actuals recorded on June 30 at -07:00 are in,
    // audit logging shipped on July 1 at +02:00 is not.
    assert_eq!(
        shown_field(&fx, "2026-Q3", "audit-log", "status"),
        "planned"
    );
    let budget = shown_field(&fx, "2026-Q3", "budget/2026-Q2", "line");
    assert_eq!(budget["cloud"]["actual"], 36000);
}

#[test]
fn at_a_date_takes_the_last_commit_of_that_day_in_its_own_offset() {
    let fx = fixture();
    let cases = [
        // (at, record, field, value)
        (
            "2026-03-30",
            "decision/use-kafka",
            "status",
            json!("proposed"),
        ),
        (
            "2026-03-31",
            "decision/use-kafka",
            "status",
            json!("proposed"),
        ),
        (
            "2026-04-01",
            "decision/use-kafka",
            "status",
            json!("accepted"),
        ),
        (
            "2026-06-30",
            "initiative/audit-log",
            "status",
            json!("planned"),
        ),
        (
            "2026-07-01",
            "initiative/audit-log",
            "status",
            json!("shipped"),
        ),
        // The side branch shipped search v2 on April 10; the main line
        // shipped it with the merge on April 14.
        (
            "2026-04-13",
            "initiative/search-v2",
            "status",
            json!("active"),
        ),
        (
            "2026-04-14",
            "initiative/search-v2",
            "status",
            json!("shipped"),
        ),
        ("2026-06-29", "budget/2026-Q2", "line", Value::Null),
    ];
    for (at, reference, field, value) in cases {
        let got = shown_field(&fx, at, reference, field);
        if value.is_null() {
            assert_eq!(got["cloud"]["actual"], Value::Null, "--at {at} {reference}");
        } else {
            assert_eq!(got, value, "--at {at} {reference} {field}");
        }
    }
    // audit-log exists from March 31 (at -08:00) on, not before.
    ok(&fx, &["--at", "2026-03-31", "show", "audit-log"]);
    let (_, stderr, code) = run_in(
        fx.path(),
        TODAY,
        &["--at", "2026-03-30", "show", "audit-log"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no record 'audit-log'"), "{stderr}");
}

#[test]
fn at_a_revision_reads_that_commit() {
    let fx = fixture();
    let c13 = fx.short("C13");
    assert_eq!(shown_field(&fx, &c13, "analytics", "quarter"), "2026-Q3");
    assert_eq!(
        shown_field(&fx, &fx.id("C22").to_string(), "analytics", "quarter"),
        "2026-Q4"
    );
    assert_eq!(
        shown_field(&fx, "main~2", "onboarding", "title"),
        "Onboarding flow"
    );
    assert_eq!(
        shown_field(&fx, "HEAD", "onboarding", "title"),
        "Onboarding flow v1"
    );
    // The side branch is a revision like any other.
    assert_eq!(
        shown_field(&fx, "search-v2", "search-v2", "status"),
        "shipped"
    );
    assert_eq!(
        shown_field(&fx, "search-v2", "single-sign-on", "status"),
        "planned"
    );
}

#[test]
fn check_at_a_quarter_checks_the_old_plan() {
    let fx = fixture();
    let files = |args: &[&str]| -> Vec<String> {
        let (stdout, stderr, code) = run_in(fx.path(), TODAY, args);
        assert!(code == 0 || code == 1, "{args:?}: {code}\n{stderr}");
        let findings: Value = serde_json::from_str(&stdout).unwrap();
        findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let then = files(&["--at", "2026-Q2", "check", "--format", "json"]);
    let now = files(&["check", "--format", "json"]);
    assert!(then.contains(&"roadmap/sso.toml".to_owned()), "{then:?}");
    assert!(!now.iter().any(|f| f.contains("sso")), "{now:?}");
    // Overdue as of today: billing was still planned when Q2 began.
    assert!(
        then.contains(&"roadmap/billing.toml".to_owned()),
        "{then:?}"
    );
    assert!(!now.contains(&"roadmap/billing.toml".to_owned()), "{now:?}");
}

#[test]
fn at_errors_exit_2() {
    let fx = fixture();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--at", "2025-12-31", "list"],
            "no commit on the main line on or before 2025-12-31",
        ),
        // Q1 began on January 1: nothing was committed before.
        (
            &["--at", "2026-Q1", "list"],
            "no commit on the main line on or before 2025-12-31",
        ),
        (
            &["--at", "no-such-rev", "list"],
            "unknown revision 'no-such-rev'",
        ),
        (
            &["--at", "2026-Q2", "list", "--rev", "HEAD"],
            "give either --rev or --at, not both",
        ),
    ];
    for (args, message) in cases {
        let (stdout, stderr, code) = run_in(fx.path(), TODAY, args);
        assert_eq!(code, 2, "{args:?}\n{stdout}{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
