//! The moves of a record's life as sets of field changes: deciding,
//! superseding, shipping, cancelling and slipping an initiative, a person
//! joining, moving and leaving, opening, filling and cancelling a role,
//! closing and rescoring a risk, updating a key result.
//!
//! Each function checks that the records are of the right kind and that the
//! move makes sense from where the record stands, and returns the
//! assignments to apply; the session applies and validates them like any
//! `set`, so a lifecycle command can never write what `check` would refuse.
//! A move that would change nothing is refused with what the record says
//! already; one that would undo a finished record (cancelling a shipped
//! initiative) or silently replace what a record says happened (a
//! decision's verdict, a role's hire, a person's last day) is refused unless
//! forced, naming the value it would replace. The statuses a move sets, and
//! the day fields they need, are read from the kind's spec.

use jiff::civil::Date;

use super::assign::Assignment;
use crate::error::{Error, Result};
use crate::model::{Kind, Plan, Quarter, Record, Stage};

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
/// decision was first taken when there is one. A verdict replaces no other
/// unless forced: accepting or rejecting a decision that was decided
/// already, or deprecating one that is rejected, deprecated or superseded,
/// would rewrite its history.
pub fn decide(record: &Record, verdict: Verdict, on: Date, force: bool) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Decision, "decide")?;
    let stage = record.stage();
    let replaces_verdict = match verdict {
        Verdict::Accept | Verdict::Reject => stage.is_some_and(|s| s != Stage::NotStarted),
        Verdict::Deprecate => stage.is_some_and(Stage::is_finished),
    };
    if replaces_verdict && !force {
        let status = record.status().unwrap_or_default();
        let command = match verdict {
            Verdict::Accept => "decide accept",
            Verdict::Reject => "decide reject",
            Verdict::Deprecate => "decide deprecate",
        };
        return Err(refuse(
            record,
            format!(
                "{} is {status}{}: `{command}` would replace that",
                record.reference(),
                on_day(record, "decided", " since")
            ),
            format!("pass --force to make it {} anyway", verdict.status()),
        ));
    }
    let mut changes = vec![Assignment::set("status", verdict.status())];
    if verdict != Verdict::Deprecate || record.fields.get("decided").is_none() {
        changes.push(Assignment::set("decided", on.to_string()));
    }
    Ok(changes)
}

/// ` on DAY` (after `word`) when the record has the day field, else nothing.
fn on_day(record: &Record, field: &str, word: &str) -> String {
    record
        .fields
        .date(field)
        .map_or_else(String::new, |d| format!("{word} {d}"))
}

/// `supersede`: the old decision's status (with a decided day, which that
/// status needs) and the new one's `supersedes` list.
/// A decision superseded already, or rejected (never in force, so nothing
/// replaces it), is refused unless forced, naming what it says.
pub fn supersede(
    old: &Record,
    new: &Record,
    on: Date,
    force: bool,
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
    // Recording again what both records say already changes nothing.
    let already_by_new = new
        .fields
        .texts("supersedes")
        .iter()
        .any(|(id, _)| *id == old.id);
    match old.status() {
        Some("superseded") if already_by_new => {}
        Some(status @ ("superseded" | "rejected")) if !force => {
            return Err(refuse(
                old,
                format!(
                    "{} is {status}{}: `supersede` would replace that",
                    old.reference(),
                    on_day(old, "decided", " since")
                ),
                "pass --force to supersede it anyway".into(),
            ));
        }
        _ => {}
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

/// `ship`: status and the day shipped. A cancelled initiative ships only
/// when forced; re-shipping a shipped one is the CLI's to refuse (it may
/// move the day, when one is given).
pub fn ship(record: &Record, on: Date, force: bool) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Initiative, "ship")?;
    if record.stage() != Some(Stage::Done) {
        unless_finished(record, "ship", force)?;
    }
    Ok(vec![
        Assignment::set("status", "shipped"),
        Assignment::set("shipped", on.to_string()),
    ])
}

/// `person leave`: the last day. Someone who has a last day already keeps
/// it unless forced: leaving twice would move it.
pub fn leave(record: &Record, on: Date, force: bool) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Person, "person leave")?;
    if let Some(left) = record.fields.date("left") {
        if left == on {
            return Err(refuse(
                record,
                format!("{} left on {left} already", record.reference()),
                "nothing to do".into(),
            ));
        }
        if !force {
            return Err(refuse(
                record,
                format!(
                    "{} left on {left}: `person leave --on {on}` would replace that day",
                    record.reference()
                ),
                format!("pass --force to change the day to {on}"),
            ));
        }
    }
    Ok(vec![Assignment::set("left", on.to_string())])
}

/// `role fill`: status, the day, and who took it. A filled role keeps its
/// hire, and a cancelled one stays cancelled, unless forced.
pub fn fill(record: &Record, hire: &Record, on: Date, force: bool) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Role, "role fill")?;
    expect_kind(hire, Kind::Person, "role fill --by")?;
    if record.stage() == Some(Stage::Done) {
        let hired = record.fields.text("hire");
        if hired == Some(hire.id.as_str()) && record.fields.date("filled") == Some(on) {
            return Err(refuse(
                record,
                format!(
                    "{} is filled by {} on {on} already",
                    record.reference(),
                    hire.reference()
                ),
                "nothing to do".into(),
            ));
        }
        if !force {
            let by = hired.map_or_else(String::new, |id| format!(" by person/{id}"));
            return Err(refuse(
                record,
                format!(
                    "{} is {}{by}{}: `role fill` would replace that",
                    record.reference(),
                    record.status().unwrap_or_default(),
                    on_day(record, "filled", " on")
                ),
                "pass --force to replace the hire, or open a new role: `cto-plan role open NEW-ID --title TITLE --team TEAM`".into(),
            ));
        }
    } else {
        unless_finished(record, "role fill", force)?;
    }
    Ok(vec![
        Assignment::set("status", "filled"),
        Assignment::set("filled", on.to_string()),
        Assignment::set("hire", hire.id.clone()),
    ])
}

/// A refusal about `record`: what it says already, and what to do instead.
fn refuse(record: &Record, message: String, hint: String) -> Error {
    Error::Edit {
        location: record.path.clone(),
        message,
        hint: Some(hint),
    }
}

/// Refuses to change a finished record (shipped, cancelled, closed) unless
/// forced: the move would contradict what the plan says happened.
fn unless_finished(record: &Record, command: &str, force: bool) -> Result<()> {
    match record.status() {
        Some(status) if record.is_finished() && !force => Err(refuse(
            record,
            format!(
                "{} is {status}: `{command}` would contradict that",
                record.reference()
            ),
            format!("pass --force to {command} it anyway"),
        )),
        _ => Ok(()),
    }
}

/// The status of `kind` in `stage`, as its spec declares it.
fn status_in(kind: Kind, stage: Stage) -> &'static str {
    kind.spec()
        .status_in(stage)
        .expect("the verbs only move kinds whose lifecycle has the stage")
}

/// Moves a record to its kind's dropped status (`cancelled`): refused when
/// it is there already, and, unless forced, when it is otherwise finished.
fn drop_record(record: &Record, kind: Kind, command: &str, force: bool) -> Result<Vec<Assignment>> {
    expect_kind(record, kind, command)?;
    let dropped = status_in(kind, Stage::Dropped);
    if record.status() == Some(dropped) {
        return Err(refuse(
            record,
            format!("{} is {dropped} already", record.reference()),
            format!(
                "nothing to do; `cto-plan set {} status=…` brings it back",
                record.id
            ),
        ));
    }
    unless_finished(record, command, force)?;
    Ok(vec![Assignment::set("status", dropped)])
}

/// `cancel`: an initiative's status to its dropped one (`cancelled`).
pub fn cancel(record: &Record, force: bool) -> Result<Vec<Assignment>> {
    drop_record(record, Kind::Initiative, "cancel", force)
}

/// `slip --to`: an unfinished initiative's quarter, later only; pulling one
/// in is a plain `set`, so that a slip always means later.
pub fn slip(record: &Record, to: Quarter, force: bool) -> Result<Vec<Assignment>> {
    expect_kind(record, Kind::Initiative, "slip")?;
    unless_finished(record, "slip", force)?;
    let pull_in = format!(
        "use `cto-plan set {} quarter={to}` to pull it in",
        record.id
    );
    let Some(due) = record.fields.quarter("quarter") else {
        return Err(refuse(
            record,
            format!("{} has no quarter to slip from", record.reference()),
            format!("give it one: `cto-plan set {} quarter={to}`", record.id),
        ));
    };
    if to == due {
        return Err(refuse(
            record,
            format!("{} is due in {due} already", record.reference()),
            "name a later quarter with --to".into(),
        ));
    }
    if to < due {
        return Err(refuse(
            record,
            format!(
                "{} is due in {due}: {to} is earlier, and a slip is later",
                record.reference()
            ),
            pull_in,
        ));
    }
    Ok(vec![Assignment::set("quarter", to.to_string())])
}

/// `person join` for someone already on record: their first day, and their
/// team when given. Refused for someone who has left, and, unless forced,
/// when they joined on another day.
pub fn join(
    person: &Record,
    on: Date,
    team: Option<&Record>,
    force: bool,
) -> Result<Vec<Assignment>> {
    expect_kind(person, Kind::Person, "person join")?;
    if let Some(team) = team {
        expect_kind(team, Kind::Team, "person join --team")?;
    }
    if let Some(left) = person.fields.date("left") {
        return Err(refuse(
            person,
            format!("{} left on {left}", person.reference()),
            format!(
                "if they are back, `cto-plan unset {} left` first",
                person.id
            ),
        ));
    }
    let mut changes = Vec::new();
    match person.fields.date("joined") {
        Some(joined) if joined == on => {}
        Some(joined) if !force => {
            return Err(refuse(
                person,
                format!("{} joined on {joined}", person.reference()),
                format!("pass --force to change the day to {on}"),
            ));
        }
        _ => changes.push(Assignment::set("joined", on.to_string())),
    }
    if let Some(team) = team
        && person.fields.text("team") != Some(team.id.as_str())
    {
        changes.push(Assignment::set("team", team.id.clone()));
    }
    if changes.is_empty() {
        return Err(refuse(
            person,
            format!("{} joined on {on} already", person.reference()),
            "nothing to do".into(),
        ));
    }
    Ok(changes)
}

/// The fields of a newcomer's record: role, first day and team.
pub fn newcomer(role: &str, on: Date, team: Option<&Record>) -> Result<Vec<Assignment>> {
    if let Some(team) = team {
        expect_kind(team, Kind::Team, "person join --team")?;
    }
    let mut changes = vec![
        Assignment::set("role", role),
        Assignment::set("joined", on.to_string()),
    ];
    if let Some(team) = team {
        changes.push(Assignment::set("team", team.id.clone()));
    }
    Ok(changes)
}

/// `person move --to`: a person's team. Refused for someone gone by
/// `today`, and when they are in that team already.
pub fn move_to(person: &Record, team: &Record, today: Date) -> Result<Vec<Assignment>> {
    expect_kind(person, Kind::Person, "person move")?;
    expect_kind(team, Kind::Team, "person move --to")?;
    if person.is_gone(today) {
        let left = person
            .gone_after()
            .map_or_else(String::new, |d| format!(" on {d}"));
        return Err(refuse(
            person,
            format!(
                "{} left{left}: only people who are here move",
                person.reference()
            ),
            format!(
                "if they are back, `cto-plan unset {} left` first",
                person.id
            ),
        ));
    }
    if person.fields.text("team") == Some(team.id.as_str()) {
        return Err(refuse(
            person,
            format!("{} is in {} already", person.reference(), team.reference()),
            "name another team with --to".into(),
        ));
    }
    Ok(vec![Assignment::set("team", team.id.clone())])
}

/// `role open` on an existing role: reopens a cancelled one, from `on`.
/// A role that is open or being filled is open already; a filled one stays
/// filled (open a new role instead).
pub fn reopen(role: &Record, on: Date) -> Result<Vec<Assignment>> {
    expect_kind(role, Kind::Role, "role open")?;
    let open = status_in(Kind::Role, Stage::NotStarted);
    let status = role.status().unwrap_or(open);
    match role.stage() {
        Some(Stage::Dropped) => Ok(vec![
            Assignment::set("status", open),
            Assignment::set("opened", on.to_string()),
        ]),
        Some(Stage::Done) => Err(refuse(
            role,
            format!(
                "{} is {status}: a filled role stays filled",
                role.reference()
            ),
            "open a new role: `cto-plan role open NEW-ID --title TITLE --team TEAM`".into(),
        )),
        _ => Err(refuse(
            role,
            format!("{} is open already (status \"{status}\")", role.reference()),
            format!(
                "nothing to do; `cto-plan role cancel {}` closes it",
                role.id
            ),
        )),
    }
}

/// `role cancel`: the role's dropped status (`cancelled`); a filled role
/// only with force.
pub fn cancel_role(role: &Record, force: bool) -> Result<Vec<Assignment>> {
    drop_record(role, Kind::Role, "role cancel", force)
}

/// `risk close`: the risk's done status (`closed`) and the day, in the field
/// the spec requires for it. Closing a closed risk again only with a day
/// (`day_given`), which then changes the day it closed.
pub fn close(risk: &Record, on: Date, day_given: bool) -> Result<Vec<Assignment>> {
    expect_kind(risk, Kind::Risk, "risk close")?;
    let spec = Kind::Risk.spec();
    let closed = status_in(Kind::Risk, Stage::Done);
    let day = spec.date_for(closed);
    if risk.status() == Some(closed) && !day_given {
        let since = day
            .and_then(|field| risk.fields.date(field))
            .map_or_else(String::new, |d| format!(" on {d}"));
        return Err(refuse(
            risk,
            format!("{} closed already{since}", risk.reference()),
            "pass --on DATE to change the day it closed".into(),
        ));
    }
    let mut changes = vec![Assignment::set("status", closed)];
    if let Some(field) = day {
        changes.push(Assignment::set(field, on.to_string()));
    }
    Ok(changes)
}

/// `risk rescore`: likelihood and impact, those given. Refused when they are
/// what the risk says already, and, unless forced, for a closed risk.
pub fn rescore(
    risk: &Record,
    likelihood: Option<u8>,
    impact: Option<u8>,
    force: bool,
) -> Result<Vec<Assignment>> {
    expect_kind(risk, Kind::Risk, "risk rescore")?;
    unless_finished(risk, "risk rescore", force)?;
    let mut changes = Vec::new();
    for (field, value) in [("likelihood", likelihood), ("impact", impact)] {
        if let Some(value) = value
            && risk.fields.number(field) != Some(f64::from(value))
        {
            changes.push(Assignment::set(field, value.to_string()));
        }
    }
    if changes.is_empty() {
        let score = |field| {
            risk.fields
                .number(field)
                .map_or("?".into(), |n| n.to_string())
        };
        return Err(refuse(
            risk,
            format!(
                "{} is scored so already (likelihood {} × impact {})",
                risk.reference(),
                score("likelihood"),
                score("impact")
            ),
            "nothing to do".into(),
        ));
    }
    Ok(changes)
}

/// `kr update`: the `current` value of one key result. Refused for a key
/// the objective does not have (with the closest one), when the value is
/// there already, and, unless forced, for a finished objective.
pub fn update_key_result(
    objective: &Record,
    key: &str,
    value: f64,
    written: &str,
    force: bool,
) -> Result<Vec<Assignment>> {
    expect_kind(objective, Kind::Objective, "kr update")?;
    let results = objective.fields.table("key_result");
    // Each key with its metric, so a key result is found by either.
    let keys: Vec<(&str, &str)> = results
        .map(|t| {
            t.entries
                .iter()
                .map(|e| {
                    let metric = match &e.value {
                        crate::model::Value::Table(kr) => kr.text("metric").unwrap_or(""),
                        _ => "",
                    };
                    (e.key.as_str(), metric)
                })
                .collect()
        })
        .unwrap_or_default();
    let Some(result) = results.and_then(|t| t.table(key)) else {
        let hint = match crate::text::suggest(key, &keys) {
            Some(i) => format!("did you mean `{}`?", keys[i].0),
            None if keys.is_empty() => format!(
                "it has none: add one with `cto-plan set {} key_result.{key}.metric=… key_result.{key}.target=…`",
                objective.id
            ),
            None => format!(
                "its key results are {}",
                keys.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(refuse(
            objective,
            format!("{} has no key result `{key}`", objective.reference()),
            hint,
        ));
    };
    unless_finished(objective, "kr update", force)?;
    if result.number("current") == Some(value) {
        return Err(refuse(
            objective,
            format!(
                "key_result.{key}.current of {} is {written} already",
                objective.reference()
            ),
            "nothing to do".into(),
        ));
    }
    Ok(vec![Assignment::set(
        &format!("key_result.{key}.current"),
        written,
    )])
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
