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
            "quarter/2026-Q4/review@cto-plan",
            "initiative/a/milestone/beta@cto-plan",
            "decision/use-x/review_by@cto-plan",
            "quarter/2027-Q1/review@cto-plan",
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
        .find(|(u, _, _)| u == "decision/use-x/review_by@cto-plan")
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
    assert!(old.contains("decision/use-x/review_by@cto-plan"), "{old}");
    assert!(!new.contains("decision/use-x"), "{new}");
    assert!(!old.contains("DTSTAMP:20261127T000000Z"), "{old}");
}
