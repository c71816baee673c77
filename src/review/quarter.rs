//! The quarter under review, worked out once for every section: its dates,
//! the plans as it began, ended and stand now, the main-line steps that
//! landed in it and their record changes, the renames among them, the
//! initiatives it was committed to, and the two clocks of every fact.
//!
//! A fact with a date field of its own (`shipped`, `joined`, `left`,
//! `decided`, …) happened on that date, read from the latest version of its
//! record as of the reviewed revision ([`QuarterContext::happened`]); the
//! change that recorded it is only its citation. A fact without one happened
//! when it was committed. A fact recorded and later undone is a
//! [`Retraction`](super::context::Retraction), never a count.
//!
//! Pure and read-only: no git, no files, no rendering. Sections read this
//! and never recompute what it holds; anything two sections need about the
//! quarter belongs here.

use std::collections::HashMap;

use jiff::civil::Date;

use super::Inputs;
use crate::diff::{Action, FieldChange, RecordChange};
use crate::history::{History, Step};
use crate::model::{Kind, Plan, PlanConfig, Quarter, Record, Value};

/// Everything the sections of one review are built from.
pub struct QuarterContext<'a> {
    pub quarter: Quarter,
    pub next: Quarter,
    pub config: &'a PlanConfig,
    pub first_day: Date,
    pub last_day: Date,
    pub next_first_day: Date,
    pub next_last_day: Date,
    /// The day the review is made.
    pub today: Date,
    /// The plan as the quarter began (empty when it did not exist yet).
    pub plan_at_start: &'a Plan,
    /// The plan as the quarter ended.
    pub plan_at_end: &'a Plan,
    /// The plan at the reviewed revision (`HEAD` or `--rev`).
    pub plan_now: &'a Plan,
    /// Short ids of the commits the two snapshots come from.
    pub start_commit: Option<&'a str>,
    pub end_commit: Option<&'a str>,
    /// Every step from the quarter's first day on, later ones included: the
    /// budget cites its last change even when it came after the quarter.
    pub history: &'a History,
    /// The main-line steps that landed during the quarter, oldest first.
    pub steps: Vec<&'a Step>,
    /// Their record changes, in order.
    pub changes: Vec<Change<'a>>,
    /// Records renamed during the quarter, old id to newest.
    pub renames: Renames,
    /// Initiatives targeted at the quarter and planned, active or paused as
    /// it began, except those whose `shipped` date (as known now) lies
    /// before the quarter: work delivered early is no commitment of it.
    pub committed: Vec<&'a Record>,
    /// Every change of the history (from the quarter's first day up to the
    /// reviewed revision), in order: late records and retractions are here.
    pub all_changes: Vec<Change<'a>>,
    /// Renames over the whole history, old id to newest.
    pub renames_now: Renames,
    /// The latest version of every record as of the reviewed revision,
    /// deleted ones included (as they last stood).
    pub versions: Vec<Version<'a>>,
    index: HashMap<(Kind, String), usize>,
}

/// The latest version of a record as of the reviewed revision.
#[derive(Clone, Copy)]
pub struct Version<'a> {
    pub record: &'a Record,
    /// The step that deleted it, when it is gone by then.
    pub deleted: Option<&'a Step>,
}

/// A fact dated by its record's own field, in the quarter.
#[derive(Clone, Copy)]
pub struct Fact<'a> {
    pub record: &'a Record,
    pub date: Date,
    /// The change that recorded the date's current value, when the history
    /// read holds it.
    pub recorded: Option<Change<'a>>,
}

impl<'a> QuarterContext<'a> {
    pub fn new(inputs: &'a Inputs<'a>) -> QuarterContext<'a> {
        let quarter = inputs.quarter;
        let next = quarter.next();
        let fiscal = inputs.config.fiscal_year_start_month;
        let (first_day, last_day) = (quarter.start_date(fiscal), quarter.end_date(fiscal));
        // A commit's local date decides its quarter, as people dated it.
        let steps: Vec<&Step> = inputs
            .history
            .steps
            .iter()
            .filter(|s| s.commit.date() >= first_day && s.commit.date() <= last_day)
            .collect();
        let changes: Vec<Change> = steps
            .iter()
            .flat_map(|step| step.changes.iter().map(|record| Change { step, record }))
            .collect();
        let renames = Renames::of(&changes);
        let all_changes: Vec<Change> = inputs
            .history
            .steps
            .iter()
            .flat_map(|step| step.changes.iter().map(|record| Change { step, record }))
            .collect();
        let renames_now = Renames::of(&all_changes);
        let (versions, index) = versions(inputs, &all_changes, &renames_now);
        let shipped_before = |r: &Record| {
            let id = renames_now.current(Kind::Initiative, &r.id);
            index
                .get(&(Kind::Initiative, id.to_owned()))
                .map(|&i| versions[i].record)
                .filter(|v| v.status() == Some("shipped"))
                .and_then(|v| v.fields.date("shipped"))
                .is_some_and(|d| d < first_day)
        };
        let committed = inputs
            .start
            .of_kind(Kind::Initiative)
            .filter(|r| {
                r.fields.quarter("quarter") == Some(quarter)
                    && matches!(r.status(), Some("planned" | "active" | "paused"))
                    && !shipped_before(r)
            })
            .collect();
        QuarterContext {
            quarter,
            next,
            config: inputs.config,
            first_day,
            last_day,
            next_first_day: next.start_date(fiscal),
            next_last_day: next.end_date(fiscal),
            today: inputs.today,
            plan_at_start: inputs.start,
            plan_at_end: inputs.end,
            plan_now: inputs.latest,
            start_commit: inputs.start_commit.as_deref(),
            end_commit: inputs.end_commit.as_deref(),
            history: inputs.history,
            steps,
            changes,
            renames,
            committed,
            all_changes,
            renames_now,
            versions,
            index,
        }
    }

    /// Whether `day` falls in the quarter.
    pub fn in_quarter(&self, day: Date) -> bool {
        day >= self.first_day && day <= self.last_day
    }

    /// Whether a step was recorded after the quarter ended.
    pub fn late(&self, step: &Step) -> bool {
        step.commit.date() > self.last_day
    }

    /// The latest version of a record, by any id it had in the history.
    pub fn version(&self, kind: Kind, id: &str) -> Option<Version<'a>> {
        let id = self.renames_now.current(kind, id);
        self.index
            .get(&(kind, id.to_owned()))
            .map(|&i| self.versions[i])
    }

    /// The records of `kind` whose `field` date falls in the quarter, by
    /// their latest version, oldest date first. A record deleted before
    /// that date retracted it; one deleted after (archived) did not.
    pub fn happened(&self, kind: Kind, field: &str) -> Vec<Fact<'a>> {
        let mut facts: Vec<Fact> = self
            .versions
            .iter()
            .filter(|v| v.record.kind == kind)
            .filter_map(|v| {
                let date = v
                    .record
                    .fields
                    .date(field)
                    .filter(|d| self.in_quarter(*d))?;
                if v.deleted.is_some_and(|s| s.commit.date() < date) {
                    return None;
                }
                Some(Fact {
                    record: v.record,
                    date,
                    recorded: self.recorded(kind, &v.record.id, field),
                })
            })
            .collect();
        facts.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.record.id.cmp(&b.record.id))
        });
        facts
    }

    /// The last change that set `field` of a record (known by its newest id).
    pub fn recorded(&self, kind: Kind, id: &str, field: &str) -> Option<Change<'a>> {
        self.all_changes
            .iter()
            .rev()
            .find(|c| {
                c.record.kind == kind
                    && self.renames_now.current(kind, &c.record.id) == id
                    && c.field(field).is_some_and(|f| f.new.is_some())
            })
            .copied()
    }

    /// Whether a record has a date of its own for `field` in its latest
    /// version: then its changes do not date that fact.
    pub fn dated(&self, kind: Kind, id: &str, field: &str) -> bool {
        self.version(kind, id)
            .is_some_and(|v| v.record.fields.date(field).is_some())
    }

    /// Whether a change dates a fact by its commit: outside the baseline, on
    /// a record whose latest version has no `field` date and which the
    /// change does not give one either.
    pub fn undated(&self, change: &Change<'_>, field: &str) -> bool {
        let id = self
            .renames_now
            .current(change.record.kind, &change.record.id);
        !change.step.baseline
            && !self.dated(change.record.kind, id, field)
            && change.field(field).is_none_or(|f| f.new.is_none())
    }

    /// Facts recorded in the history with a `field` date in the quarter
    /// that no longer hold at the reviewed revision: the date moved out of
    /// the quarter or was removed, `holds` fails on the latest version (a
    /// ship whose status went back), or the record was deleted before the
    /// date. Each with the change that recorded it and the one that undid
    /// it; one per record, the last.
    pub fn retracted(
        &self,
        kind: Kind,
        field: &str,
        holds: impl Fn(&Record) -> bool,
    ) -> Vec<(Change<'a>, Date, Change<'a>)> {
        let mut found: Vec<(Change, Date, Change)> = Vec::new();
        for (i, change) in self.all_changes.iter().enumerate() {
            let Some(Some(Value::Date(date))) = change.field(field).map(|f| &f.new) else {
                continue;
            };
            if change.record.kind != kind || !self.in_quarter(*date) {
                continue;
            }
            let id = self.renames_now.current(kind, &change.record.id);
            let still = self.version(kind, id).is_some_and(|v| {
                v.record
                    .fields
                    .date(field)
                    .is_some_and(|d| self.in_quarter(d))
                    && holds(v.record)
                    && v.deleted.is_none_or(|s| s.commit.date() >= *date)
            });
            if still {
                continue;
            }
            // The first later change that touched the fact undid it.
            let undone = self.all_changes[i + 1..].iter().find(|c| {
                c.record.kind == kind
                    && self.renames_now.current(kind, &c.record.id) == id
                    && (c.record.action == Action::Removed
                        || c.field(field).is_some()
                        || c.field("status").is_some())
            });
            if let Some(undone) = undone {
                found.retain(|(c, _, _)| self.renames_now.current(kind, &c.record.id) != id);
                found.push((*change, *date, *undone));
            }
        }
        found
    }

    /// The quarter's changes to records of one kind, in order.
    pub fn changes_of(&self, kind: Kind) -> impl DoubleEndedIterator<Item = &Change<'a>> {
        self.changes.iter().filter(move |c| c.record.kind == kind)
    }

    /// The first day of any quarter, in the plan's fiscal year.
    pub fn first_day_of(&self, quarter: Quarter) -> Date {
        quarter.start_date(self.config.fiscal_year_start_month)
    }

    /// The people there as the quarter began: joined before its first day
    /// (or undated) and not gone before it, by their latest versions, as
    /// the plan then had them (for their team).
    pub fn people_at_start(&self) -> impl Iterator<Item = &'a Record> + '_ {
        let first = self.first_day;
        self.people_where(self.plan_at_start, move |(from, until)| {
            from.is_none_or(|f| f < first) && until.is_none_or(|u| u >= first)
        })
    }

    /// The people there as the quarter ended: joined by its last day and
    /// not gone by then. One quarter's end is the next one's start.
    pub fn people_at_end(&self) -> impl Iterator<Item = &'a Record> + '_ {
        let last = self.last_day;
        self.people_where(self.plan_at_end, move |(from, until)| {
            from.is_none_or(|f| f <= last) && until.is_none_or(|u| u > last)
        })
    }

    fn people_where(
        &self,
        plan: &'a Plan,
        keep: impl Fn((Option<Date>, Option<Date>)) -> bool + 'a,
    ) -> impl Iterator<Item = &'a Record> + '_ {
        self.versions
            .iter()
            .filter(|v| v.record.kind == Kind::Person)
            .filter(move |v| keep(self.span(v)))
            .map(move |v| plan.get(Kind::Person, &v.record.id).unwrap_or(v.record))
    }

    /// When a person was there: from `joined` (or, undated, the commit
    /// that added them after the baseline) until `left` (or, undated, the
    /// commit that deleted them).
    fn span(&self, v: &Version<'a>) -> (Option<Date>, Option<Date>) {
        let id = &v.record.id;
        let from = v.record.fields.date("joined").or_else(|| {
            self.all_changes
                .iter()
                .find(|c| {
                    c.record.kind == Kind::Person
                        && c.record.action == Action::Added
                        && !c.step.baseline
                        && self.renames_now.current(Kind::Person, &c.record.id) == id
                })
                .map(|c| c.step.commit.date())
        });
        let until = v
            .record
            .fields
            .date("left")
            .or_else(|| v.deleted.map(|s| s.commit.date()));
        (from, until)
    }
}

/// The latest version of every record: the plan at the reviewed revision,
/// then the records deleted since the quarter began, as the plan at its end
/// or start last held them, or as they stood before their deletion when
/// they were added later (with the step that deleted them).
#[allow(clippy::type_complexity)]
fn versions<'a>(
    inputs: &'a Inputs<'a>,
    changes: &[Change<'a>],
    renames: &Renames,
) -> (Vec<Version<'a>>, HashMap<(Kind, String), usize>) {
    let mut versions = Vec::new();
    let mut index = HashMap::new();
    for record in &inputs.latest.records {
        index.insert((record.kind, record.id.clone()), versions.len());
        versions.push(Version {
            record,
            deleted: None,
        });
    }
    let deleted = inputs.end.records.iter().chain(&inputs.start.records);
    for record in deleted.chain(&inputs.removed.records) {
        let id = renames.current(record.kind, &record.id);
        if index.contains_key(&(record.kind, id.to_owned())) {
            continue;
        }
        let deleted = changes.iter().rev().find(|c| {
            c.record.kind == record.kind
                && c.record.action == Action::Removed
                && renames.current(record.kind, &c.record.id) == id
        });
        if let Some(deleted) = deleted {
            index.insert((record.kind, id.to_owned()), versions.len());
            versions.push(Version {
                record,
                deleted: Some(deleted.step),
            });
        }
    }
    (versions, index)
}

/// One record's change, with the step (commit) it landed in.
#[derive(Clone, Copy)]
pub struct Change<'a> {
    pub step: &'a Step,
    pub record: &'a RecordChange,
}

impl<'a> Change<'a> {
    pub fn field(&self, path: &str) -> Option<&'a FieldChange> {
        self.record.fields.iter().find(|f| f.path == path)
    }

    /// Whether the change set the record's status to `status`.
    pub fn became(&self, status: &str) -> bool {
        matches!(
            self.field("status").map(|f| &f.new),
            Some(Some(Value::Text(new))) if new == status
        )
    }
}

/// Records renamed during the quarter: a record committed under its old id
/// is followed to its new one.
#[derive(Default)]
pub struct Renames(HashMap<(Kind, String), String>);

impl Renames {
    fn of(changes: &[Change<'_>]) -> Renames {
        let mut renames = Renames::default();
        for change in changes.iter().map(|c| c.record) {
            // A `renamed_from` holding a path is a file moved under the same id.
            let Some(old) = change
                .renamed_from
                .as_ref()
                .filter(|f| change.action == Action::Renamed && !f.contains('/'))
            else {
                continue;
            };
            for new in renames.0.values_mut() {
                if *new == *old {
                    new.clone_from(&change.id);
                }
            }
            renames
                .0
                .insert((change.kind, old.clone()), change.id.clone());
        }
        renames
    }

    /// The id a record has at the quarter's end, given one it had before.
    pub fn current<'s>(&'s self, kind: Kind, id: &'s str) -> &'s str {
        self.0
            .get(&(kind, id.to_owned()))
            .map_or(id, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::tz::{Offset, TimeZone};

    use super::*;
    use crate::history::CommitInfo;

    /// A step committed at `time` in the zone `hours` from UTC, renaming
    /// initiative `from` to `to`; a `from` holding a `/` is a file moved
    /// under the same id.
    fn step(time: &str, hours: i32, from: &str, to: &str) -> Step {
        let zone = TimeZone::fixed(Offset::from_seconds(hours * 3600).unwrap());
        let stamp: Timestamp = time.parse().unwrap();
        Step {
            commit: CommitInfo {
                id: git2::Oid::ZERO_SHA1,
                short: "0000000".into(),
                author: "alice".into(),
                email: String::new(),
                time: stamp.to_zoned_datetime(zone),
                summary: format!("rename {from} to {to}"),
                pull_request: None,
                merged_by: None,
                branch_authors: Vec::new(),
            },
            changes: vec![RecordChange {
                kind: Kind::Initiative,
                id: to.into(),
                action: Action::Renamed,
                renamed_from: Some(from.into()),
                title: to.into(),
                path: format!("roadmap/{to}.toml"),
                old_path: None,
                fields: Vec::new(),
                meanings: Vec::new(),
            }],
            broken: Vec::new(),
            baseline: false,
        }
    }

    fn context_of(history: &History, test: impl FnOnce(&QuarterContext<'_>)) {
        let (config, plan) = (PlanConfig::default(), Plan::default());
        let inputs = Inputs {
            quarter: "2026-Q2".parse().unwrap(),
            config: &config,
            start: &plan,
            end: &plan,
            latest: &plan,
            history,
            start_commit: None,
            end_commit: None,
            begins: None,
            removed: &plan,
            today: jiff::civil::date(2026, 12, 1),
        };
        test(&QuarterContext::new(&inputs));
    }

    #[test]
    fn the_quarter_holds_the_steps_dated_in_it_by_their_own_time_zone() {
        let history = History {
            steps: vec![
                // March 31 in California, although April 1 in UTC.
                step("2026-03-31T23:30:00-08:00", -8, "before", "q1"),
                step("2026-04-02T10:00:00Z", 0, "a", "b"),
                step("2026-06-30T23:00:00-08:00", -8, "b", "c"),
                step("2026-07-01T09:00:00+09:00", 9, "after", "q3"),
            ],
            ..History::default()
        };
        context_of(&history, |q| {
            assert_eq!(q.steps.len(), 2);
            let ids: Vec<&str> = q.changes.iter().map(|c| c.record.id.as_str()).collect();
            assert_eq!(ids, ["b", "c"]);
            assert_eq!(q.first_day, jiff::civil::date(2026, 4, 1));
            assert_eq!(q.next_last_day, jiff::civil::date(2026, 9, 30));
        });
    }

    #[test]
    fn renames_follow_a_record_to_its_last_id_and_ignore_file_moves() {
        let history = History {
            steps: vec![
                step("2026-04-02T10:00:00Z", 0, "a", "b"),
                step("2026-05-02T10:00:00Z", 0, "b", "c"),
                step("2026-05-03T10:00:00Z", 0, "roadmap/old/d.toml", "d"),
            ],
            ..History::default()
        };
        context_of(&history, |q| {
            assert_eq!(q.renames.current(Kind::Initiative, "a"), "c");
            assert_eq!(q.renames.current(Kind::Initiative, "b"), "c");
            assert_eq!(q.renames.current(Kind::Decision, "a"), "a");
            assert_eq!(q.renames.current(Kind::Initiative, "d"), "d");
            assert_eq!(q.changes_of(Kind::Initiative).count(), 3);
            assert_eq!(q.changes_of(Kind::Risk).count(), 0);
        });
    }
}
