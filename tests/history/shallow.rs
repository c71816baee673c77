//! Shallow clones: deep enough for the window they read like the full
//! history; otherwise `log` and `blame` start at the boundary and warn.

use serde_json::Value;
use tempfile::TempDir;

use super::blame::blame_rows;
use super::*;
use crate::common::quarter::{Fixture, fixture};
use crate::common::{ok_in, run_in, shallow_clone};

/// The fixture cloned five commits deep: C35, C34, C33, C32 and C31, the
/// boundary (whose parent is missing).
fn shallow() -> (Fixture, TempDir) {
    let fx = fixture();
    let clone = shallow_clone(fx.path(), 5);
    (fx, clone)
}

#[test]
fn shallow_clone_deep_enough_for_the_window_reads_like_the_full_history() {
    let (fx, clone) = shallow();
    for args in [
        &["log", "--since", "2026-06-26", "--format", "json"][..],
        &["review", "--quarter", "2026-Q3", "--format", "json"][..],
    ] {
        let mut full: Value = serde_json::from_str(&ok(&fx, args)).unwrap();
        let mut shallow: Value = serde_json::from_str(&ok_in(clone.path(), TODAY, args)).unwrap();
        // Only the full history knows where the plan began: the clone's
        // first commit is not the plan's.
        if args[0] == "review" {
            assert_eq!(full["baseline"]["source"]["commit"], fx.short("C1"));
            assert_eq!(shallow["baseline"], Value::Null);
            full["baseline"] = Value::Null;
            shallow["baseline"] = Value::Null;
        }
        assert_eq!(shallow, full, "{args:?}");
    }
}

/// The warning a shallow clone must print, once.
fn assert_shallow_warning(fx: &Fixture, stderr: &str) {
    let boundary = fx.short("C31");
    assert_eq!(stderr.matches("warning: ").count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: this clone is shallow: history starts at {boundary} (2026-06-25)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("git fetch --unshallow"), "{stderr}");
}

#[test]
fn shallow_clone_log_starts_at_the_boundary_and_warns() {
    let (fx, clone) = shallow();
    let (stdout, stderr, code) = run_in(clone.path(), TODAY, &["log", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let log: Value = serde_json::from_str(&stdout).unwrap();
    // The boundary's own changes are unknown: its parent is not there.
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C35", "budget/2026-Q2", "changed"),
                ("C34", "initiative/onboarding", "changed"),
                ("C33", "initiative/audit-log", "changed"),
                ("C32", "budget/2026-Q2", "changed"),
            ]
        )
    );
    assert_shallow_warning(&fx, &stderr);
}

#[test]
fn shallow_clone_log_of_a_record_starts_at_the_boundary_and_warns() {
    let (fx, clone) = shallow();
    let (stdout, stderr, code) = run_in(
        clone.path(),
        TODAY,
        &["log", "initiative/onboarding", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        log_rows(&log),
        rows(&fx, &[("C34", "initiative/onboarding", "changed")])
    );
    assert_shallow_warning(&fx, &stderr);
}

#[test]
fn shallow_clone_blame_marks_older_values_as_before_and_warns() {
    let (fx, clone) = shallow();
    let (stdout, stderr, code) = run_in(
        clone.path(),
        TODAY,
        &["blame", "initiative/onboarding", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let blame: Value = serde_json::from_str(&stdout).unwrap();
    let c34 = Some(fx.short("C34"));
    assert_eq!(
        blame_rows(&blame),
        vec![
            ("title".to_owned(), c34.clone()),
            ("status".to_owned(), None),
            ("owner".to_owned(), None),
            ("team".to_owned(), None),
            ("quarter".to_owned(), None),
            ("shipped".to_owned(), None),
            ("summary".to_owned(), c34),
        ]
    );
    assert_shallow_warning(&fx, &stderr);
    let (stdout, _, _) = run_in(clone.path(), TODAY, &["blame", "initiative/onboarding"]);
    assert!(stdout.contains("(before)"), "{stdout}");
}
