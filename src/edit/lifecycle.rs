//! The moves of a record's life as sets of field changes: deciding,
//! superseding, shipping, leaving, filling a role.
//!
//! Each function checks that the records are of the right kind and returns
//! the assignments to apply; the session applies and validates them like any
//! `set`, so a lifecycle command can never write what `check` would refuse.

use jiff::civil::Date;

use super::assign::Assignment;
use crate::error::{Error, Result};
use crate::model::{Kind, Plan, Record};

/// The verdict of `decide`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    Reject,
    Deprecate,
}

impl Verdict {
    /// The status the verdict sets.
    pub fn status(self) -> &'static str {
        match self {
            Verdict::Accept => "accepted",
            Verdict::Reject => "rejected",
            Verdict::Deprecate => "deprecated",
        }
    }
}

/// Refuses a record of another kind than the command works on.
pub fn expect_kind(record: &Record, kind: Kind, command: &str) -> Result<()> {
    if record.kind == kind {
        return Ok(());
    }
    Err(Error::Edit {
        location: record.path.clone(),
        message: format!(
            "`{command}` works on {kind}s, and {} is a {}",
            record.reference(),
            record.kind
        ),
        hint: Some(format!(
            "name {}: `cto-plan list {kind}` shows them",
            kind.with_article()
        )),
    })
}

/// `decide`: the status, and the day decided. Deprecating keeps the day the
/// decision was first taken when there is one.
pub fn decide(record: &Record, verdict: Verdict, on: Date) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Decision, "decide")?;
    let mut changes = vec![Assignment::set("status", verdict.status())];
    if verdict != Verdict::Deprecate || record.fields.get("decided").is_none() {
        changes.push(Assignment::set("decided", on.to_string()));
    }
    Ok(changes)
}

/// `supersede`: the old decision's status (with a decided day, which that
/// status needs) and the new one's `supersedes` list.
pub fn supersede(
    old: &Record,
    new: &Record,
    on: Date,
) -> Result<(Vec<Assignment>, Vec<Assignment>)> {
    expect_kind(old, Kind::Decision, "supersede")?;
    expect_kind(new, Kind::Decision, "supersede")?;
    if old.id == new.id {
        return Err(Error::Edit {
            location: old.path.clone(),
            message: "a decision cannot supersede itself".into(),
            hint: Some("name the newer decision with --by".into()),
        });
    }
    let mut old_changes = vec![Assignment::set("status", "superseded")];
    if old.fields.get("decided").is_none() {
        old_changes.push(Assignment::set("decided", on.to_string()));
    }
    Ok((
        old_changes,
        vec![Assignment::add("supersedes", old.id.clone())],
    ))
}

/// `ship`: status and the day shipped.
pub fn ship(record: &Record, on: Date) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Initiative, "ship")?;
    Ok(vec![
        Assignment::set("status", "shipped"),
        Assignment::set("shipped", on.to_string()),
    ])
}

/// `person leave`: the last day.
pub fn leave(record: &Record, on: Date) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Person, "person leave")?;
    Ok(vec![Assignment::set("left", on.to_string())])
}

/// `role fill`: status, the day, and who took it.
pub fn fill(record: &Record, hire: &Record, on: Date) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Role, "role fill")?;
    expect_kind(hire, Kind::Person, "role fill --by")?;
    Ok(vec![
        Assignment::set("status", "filled"),
        Assignment::set("filled", on.to_string()),
        Assignment::set("hire", hire.id.clone()),
    ])
}

/// What `person` still owns, leads or manages, and the open decisions they
/// are to decide, leaving out finished records: what needs someone else
/// when they leave.
pub fn still_owned<'p>(plan: &'p Plan, person: &Record) -> Vec<(&'p Record, String)> {
    plan.referrers(person)
        .into_iter()
        .filter(|(record, field)| {
            // The fields through which a person owns something are the ones
            // the kind's spec says need people who are still here.
            let owning = record
                .kind
                .spec()
                .people
                .iter()
                .any(|people| people.field == field && record.needs_people(people));
            owning && record.gone_after().is_none()
        })
        .collect()
}
