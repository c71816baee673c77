//! The quarter under review, worked out once for every section: its dates,
//! the plans as it began, ended and stand now, the main-line steps that
//! landed in it and their record changes, the renames among them, and the
//! initiatives it was committed to.
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
    /// The plan now: only its budgets and roles are loaded, because actuals
    /// and fill dates settle after a quarter closes.
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
    /// Initiatives targeted at the quarter and planned, active or paused as it began.
    pub committed: Vec<&'a Record>,
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
        let committed = inputs
            .start
            .of_kind(Kind::Initiative)
            .filter(|r| {
                r.fields.quarter("quarter") == Some(quarter)
                    && matches!(r.status(), Some("planned" | "active" | "paused"))
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
        }
    }

    /// The quarter's changes to records of one kind, in order.
    pub fn changes_of(&self, kind: Kind) -> impl DoubleEndedIterator<Item = &Change<'a>> {
        self.changes.iter().filter(move |c| c.record.kind == kind)
    }

    /// The first day of any quarter, in the plan's fiscal year.
    pub fn first_day_of(&self, quarter: Quarter) -> Date {
        quarter.start_date(self.config.fiscal_year_start_month)
    }

    /// The people in the plan as the quarter began, on its first day.
    pub fn people_at_start(&self) -> impl Iterator<Item = &'a Record> {
        present(self.plan_at_start, self.first_day)
    }

    /// The people in the plan as the quarter ended, on its last day.
    pub fn people_at_end(&self) -> impl Iterator<Item = &'a Record> {
        present(self.plan_at_end, self.last_day)
    }
}

/// People present on `day`: joined by then (or undated) and not yet gone.
fn present(plan: &Plan, day: Date) -> impl Iterator<Item = &Record> {
    plan.of_kind(Kind::Person).filter(move |p| {
        p.fields.date("joined").is_none_or(|j| j <= day)
            && p.fields.date("left").is_none_or(|l| l >= day)
    })
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
