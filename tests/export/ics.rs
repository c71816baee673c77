//! `export ics`: parsed back by the icalendar crate, stable UIDs, hostile
//! titles inert.

use icalendar::{Calendar, Component};

use crate::common::{GitPlan, TODAY, ok_in};

fn events(text: &str) -> Vec<(String, String, String)> {
    let calendar: Calendar = text.parse().unwrap();
    calendar
        .events()
        .map(|e| {
            (
                e.get_uid().unwrap().to_owned(),
                e.properties()["DTSTART"].value().to_owned(),
                e.get_summary().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn ics_lists_what_falls_due_with_stable_uids() {
    let git = GitPlan::with(super::HOSTILE);
    let text = ok_in(git.path(), TODAY, &["export", "ics"]);
    assert_eq!(
        text.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count(),
        4,
        "{text}"
    );
    assert!(text.contains("DTSTAMP:20261127T000000Z"), "{text}");
    let found = events(&text);
    let uids: Vec<&str> = found.iter().map(|(u, _, _)| u.as_str()).collect();
    assert_eq!(
        uids,
        [
            "quarter/2026-Q4/review@acme.cto-plan",
            "initiative/a/milestone/beta@acme.cto-plan",
            "decision/use-x/review_by@acme.cto-plan",
            "quarter/2027-Q1/review@acme.cto-plan",
        ]
    );
    assert_eq!(found[2].1, "20270201");
    // The hostile title stayed one summary line: no event, no UID of its own.
    assert_eq!(
        found[2].2,
        "Review decision: Use X END:VEVENT BEGIN:VEVENT UID:evil"
    );
    assert!(!text.contains("\r\nUID:evil"), "{text}");
    assert!(
        !text.replace("\r\n", "").contains('\r'),
        "a lone CR:\n{text}"
    );
    // A new date keeps the event's UID.
    git.edit("decisions/use-x.toml", &[("review_by", Some("2027-03-01"))]);
    let again = events(&ok_in(git.path(), TODAY, &["export", "ics"]));
    let moved = again
        .iter()
        .find(|(u, _, _)| u == "decision/use-x/review_by@acme.cto-plan")
        .unwrap();
    assert_eq!(moved.1, "20270301");
}

#[test]
fn ics_at_a_revision_is_stamped_with_its_commit() {
    let git = GitPlan::with(super::HOSTILE);
    let id = git.repo.head().unwrap().target().unwrap().to_string();
    git.remove("decisions/use-x.toml");
    git.commit("Drop the decision");
    let old = ok_in(git.path(), TODAY, &["export", "ics", "--at", &id]);
    let new = ok_in(git.path(), TODAY, &["export", "ics"]);
    assert!(
        old.contains("decision/use-x/review_by@acme.cto-plan"),
        "{old}"
    );
    assert!(!new.contains("decision/use-x"), "{new}");
    assert!(!old.contains("DTSTAMP:20261127T000000Z"), "{old}");
}

#[test]
fn two_plans_never_share_a_uid() {
    let first = GitPlan::with(super::HOSTILE);
    let second = GitPlan::with(super::HOSTILE);
    let config = std::fs::read_to_string(second.path().join("cto-plan.toml")).unwrap();
    crate::common::write(
        second.path(),
        "cto-plan.toml",
        &config.replace("name = \"Acme\"", "name = \"Acme Labs (EU)\""),
    );
    let uids = |dir: &std::path::Path| -> Vec<String> {
        events(&ok_in(dir, TODAY, &["export", "ics"]))
            .into_iter()
            .map(|(uid, _, _)| uid)
            .collect()
    };
    let (first, second) = (uids(first.path()), uids(second.path()));
    assert!(
        second.contains(&"quarter/2026-Q4/review@acme-labs-eu.cto-plan".to_owned()),
        "{second:?}"
    );
    assert!(
        first.iter().all(|uid| !second.contains(uid)),
        "{first:?} {second:?}"
    );
}
