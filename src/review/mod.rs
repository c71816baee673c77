//! The quarterly review, computed from the plan's history.
//!
//! The plan as the quarter began and as it ended, plus every change that
//! landed on the main line in between, give what shipped, slipped, was
//! decided, who joined and left, how the budget went, which risks moved and
//! what is next. Counts come from the history, so an initiative that shipped
//! in the quarter and was edited later still counts as shipped then. Every
//! claim carries the commit that caused it. [`build`] is pure: reading git is
//! [`gather`]'s job and rendering is `render::review`'s.

pub mod context;
pub mod gather;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::diff::{Action, FieldChange, Meaning, RecordChange};
use crate::history::{History, Step};
use crate::model::{Kind, Plan, PlanConfig, Quarter, Record, Value};
pub use context::Review;
use context::*;

/// What a review is computed from.
pub struct Inputs<'a> {
    pub quarter: Quarter,
    pub config: &'a PlanConfig,
    /// The plan as the quarter began (empty when it did not exist yet).
    pub start: &'a Plan,
    /// The plan as the quarter ended.
    pub end: &'a Plan,
    /// The plan now, of which only budgets and roles are read: actuals and
    /// fill dates settle after a quarter closes.
    pub latest: &'a Plan,
    /// At least every change from the quarter's first day on.
    pub history: &'a History,
    pub start_commit: Option<String>,
    pub end_commit: Option<String>,
    /// The day the review is made: a quarter not over yet is said to be so.
    pub today: Date,
}

/// The last complete quarter on `today`.
pub fn default_quarter(today: Date, fiscal_start_month: u8) -> Quarter {
    Quarter::containing(today, fiscal_start_month).previous()
}

fn status_of(change: &RecordChange) -> Option<(&Option<Value>, &Option<Value>)> {
    change
        .fields
        .iter()
        .find(|f| f.path == "status")
        .map(|f| (&f.old, &f.new))
}

fn became(change: &RecordChange, status: &str) -> bool {
    matches!(status_of(change), Some((_, Some(Value::Text(new)))) if new == status)
}

fn field<'c>(change: &'c RecordChange, path: &str) -> Option<&'c FieldChange> {
    change.fields.iter().find(|f| f.path == path)
}

fn item(record: &Record, source: Option<Citation>, detail: impl Into<String>) -> Item {
    Item {
        record: record.reference(),
        id: record.id.clone(),
        title: record.title().to_owned(),
        source,
        detail: detail.into(),
    }
}

fn item_of_change(change: &RecordChange, step: &Step, detail: impl Into<String>) -> Item {
    Item {
        record: change.reference(),
        id: change.id.clone(),
        title: change.title.clone(),
        source: Some(Citation::of(&step.commit)),
        detail: detail.into(),
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

fn days_between(from: Date, to: Date) -> f64 {
    to.since(from)
        .map_or(0.0, |span| f64::from(span.get_days()))
}

/// Keeps the last event per record id: a record shipped twice in a quarter is listed once.
fn dedupe_last(items: Vec<Item>) -> Vec<Item> {
    let mut seen = BTreeSet::new();
    let mut kept: Vec<Item> = items
        .into_iter()
        .rev()
        .filter(|i| seen.insert(i.record.clone()))
        .collect();
    kept.reverse();
    kept
}

/// Computes the review.
pub fn build(inputs: &Inputs<'_>) -> Review {
    let q = inputs.quarter;
    let fiscal = inputs.config.fiscal_year_start_month;
    let (start, end) = (q.start_date(fiscal), q.end_date(fiscal));
    let next = q.next();
    let steps: Vec<&Step> = inputs
        .history
        .steps
        .iter()
        .filter(|s| s.commit.date() >= start && s.commit.date() <= end)
        .collect();
    let changes = || {
        steps
            .iter()
            .flat_map(|step| step.changes.iter().map(move |change| (*step, change)))
    };

    let mut review = Review {
        plan: inputs.config.name.clone(),
        quarter: q.to_string(),
        start: Some(start),
        end: Some(end),
        next_quarter: next.to_string(),
        currency: inputs.config.currency.clone(),
        start_commit: inputs.start_commit.clone(),
        end_commit: inputs.end_commit.clone(),
        ..Review::default()
    };
    if let Some(warning) = inputs.history.shallow_warning() {
        review.warnings.push(warning);
    }
    if inputs.end_commit.is_none() {
        review.warnings.push(format!(
            "the plan did not exist yet during {q}: there is nothing to review"
        ));
    } else if inputs.start_commit.is_none() && inputs.history.shallow_boundary.is_none() {
        review.warnings.push(format!(
            "the plan did not exist yet when {q} began: everything in it counts as added"
        ));
    }
    if inputs.today < start {
        review.warnings.push(format!(
            "{q} has not begun (it starts on {start}): this is the plan for it so far"
        ));
    } else if inputs.today <= end {
        review.warnings.push(format!(
            "{q} is not over (it ends on {end}): figures are as of {}",
            inputs.today
        ));
    }

    roadmap(
        &mut review,
        inputs,
        &changes().collect::<Vec<_>>(),
        q,
        start,
        end,
    );
    decisions(
        &mut review,
        inputs,
        &changes().collect::<Vec<_>>(),
        next,
        end,
    );
    team(
        &mut review,
        inputs,
        &changes().collect::<Vec<_>>(),
        start,
        end,
    );
    budget(&mut review, inputs, q);
    risks(&mut review, inputs, &changes().collect::<Vec<_>>());
    objectives(&mut review, inputs, &changes().collect::<Vec<_>>(), q);
    outlook(&mut review, inputs, next, end);
    activity(&mut review, &steps);

    let h = &mut review.headline;
    h.shipped = review.roadmap.shipped.len();
    h.slipped = review
        .roadmap
        .slipped
        .iter()
        .map(|s| &s.id)
        .collect::<BTreeSet<_>>()
        .len();
    h.decisions_taken = review.decisions.accepted.len() + review.decisions.rejected.len();
    h.budget_planned = review.budget.planned;
    h.budget_actual = review.budget.actual;
    h.budget_variance = review.budget.variance;
    h.top_risk = review.risks.top_open.first().cloned();
    review
}

type Changes<'a> = [(&'a Step, &'a RecordChange)];

/// Records renamed during the quarter: a record committed under its old id
/// is followed to its new one.
#[derive(Default)]
struct Renames(std::collections::HashMap<(Kind, String), String>);

impl Renames {
    fn of(changes: &Changes<'_>) -> Renames {
        let mut renames = Renames::default();
        for (_, change) in changes {
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

    fn current<'a>(&'a self, kind: Kind, id: &'a str) -> &'a str {
        self.0
            .get(&(kind, id.to_owned()))
            .map_or(id, String::as_str)
    }
}

fn roadmap(
    review: &mut Review,
    inputs: &Inputs<'_>,
    changes: &Changes<'_>,
    q: Quarter,
    start: Date,
    end: Date,
) {
    let renamed = Renames::of(changes);
    let committed: Vec<&Record> = inputs
        .start
        .of_kind(Kind::Initiative)
        .filter(|r| {
            r.fields.quarter("quarter") == Some(q)
                && matches!(r.status(), Some("planned" | "active" | "paused"))
        })
        .collect();
    let r = &mut review.roadmap;
    let mut shipped = Vec::new();
    let mut cancelled = Vec::new();
    for (step, change) in changes.iter().filter(|(_, c)| c.kind == Kind::Initiative) {
        if became(change, "shipped") {
            let on = field(change, "shipped").and_then(|f| match &f.new {
                Some(Value::Date(d)) => Some(format!("shipped {d}")),
                _ => None,
            });
            shipped.push(item_of_change(
                change,
                step,
                on.unwrap_or_else(|| "shipped".into()),
            ));
        }
        if became(change, "cancelled") {
            cancelled.push(item_of_change(change, step, "cancelled"));
        }
        if change.action == Action::Added {
            let target = field(change, "quarter")
                .and_then(|f| f.new.as_ref())
                .map(crate::model::value_text);
            r.added.push(item_of_change(
                change,
                step,
                target.map_or_else(|| "added".into(), |t| format!("added for {t}")),
            ));
        }
        for f in &change.fields {
            if let Some(Meaning::Slipped { from, to }) = &f.meaning {
                r.slipped.push(Slip {
                    record: change.reference(),
                    id: change.id.clone(),
                    title: change.title.clone(),
                    from: from.to_string(),
                    to: to.to_string(),
                    quarters: from.quarters_until(*to),
                    source: Citation::of(&step.commit),
                });
            }
        }
    }
    r.shipped = dedupe_last(shipped);
    r.cancelled = dedupe_last(cancelled);
    let shipped_ids: BTreeSet<&str> = r.shipped.iter().map(|i| i.id.as_str()).collect();
    let cancelled_ids: BTreeSet<&str> = r.cancelled.iter().map(|i| i.id.as_str()).collect();
    review.headline.committed = committed.len();
    review.headline.committed_shipped = committed
        .iter()
        .filter(|c| shipped_ids.contains(renamed.current(Kind::Initiative, &c.id)))
        .count();
    review.headline.predictability = (!committed.is_empty())
        .then(|| review.headline.committed_shipped as f64 / committed.len() as f64);
    for record in &committed {
        let id = renamed.current(Kind::Initiative, &record.id);
        if shipped_ids.contains(id) || cancelled_ids.contains(id) {
            continue;
        }
        let now = inputs.end.get(Kind::Initiative, id);
        if now.is_some_and(|n| matches!(n.status(), Some("shipped" | "cancelled"))) {
            continue;
        }
        let target = now
            .and_then(|n| n.fields.quarter("quarter"))
            .map_or_else(|| "removed from the plan".into(), |t| format!("now {t}"));
        r.carried_over.push(item(record, None, target));
    }
    r.active = inputs
        .end
        .of_kind(Kind::Initiative)
        .filter(|i| i.status() == Some("active"))
        .map(|i| item(i, None, "active"))
        .collect();

    // The timeline: everything targeted at the quarter, shipped in it, or active.
    let fiscal = inputs.config.fiscal_year_start_month;
    let mut ids: BTreeSet<String> = committed
        .iter()
        .map(|c| renamed.current(Kind::Initiative, &c.id).to_owned())
        .collect();
    ids.extend(shipped_ids.iter().map(|s| s.to_string()));
    ids.extend(r.active.iter().map(|a| a.id.clone()));
    ids.extend(r.added.iter().chain(&r.cancelled).map(|a| a.id.clone()));
    ids.extend(
        r.slipped
            .iter()
            .filter(|s| s.from == q.to_string())
            .map(|s| s.id.clone()),
    );
    for id in ids {
        let Some(record) = inputs
            .end
            .get(Kind::Initiative, &id)
            .or_else(|| inputs.start.get(Kind::Initiative, &id))
        else {
            continue;
        };
        // Bars stay inside the quarter, whatever the record's own dates say
        // (a `start` after the quarter, a `shipped` date before it).
        let bar_start = record
            .fields
            .quarter("start")
            .map_or(start, |s| s.start_date(fiscal))
            .clamp(start, end);
        let (state, bar_end) = if cancelled_ids.contains(id.as_str()) {
            let on = r
                .cancelled
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| c.source.as_ref())
                .map_or(end, |s| s.date);
            ("crit", on.clamp(bar_start, end))
        } else if shipped_ids.contains(id.as_str()) {
            (
                "done",
                record
                    .fields
                    .date("shipped")
                    .unwrap_or(end)
                    .clamp(bar_start, end),
            )
        } else if r.carried_over.iter().any(|c| c.id == id) || r.slipped.iter().any(|s| s.id == id)
        {
            ("crit", end)
        } else {
            // Active work spans the quarter, whatever its target says.
            ("active", end)
        };
        r.timeline.push(TimelineBar {
            id: id.clone(),
            title: record.title().to_owned(),
            state: state.into(),
            start: bar_start,
            end: bar_end,
        });
    }
}

fn decisions(
    review: &mut Review,
    inputs: &Inputs<'_>,
    changes: &Changes<'_>,
    next: Quarter,
    end: Date,
) {
    let d = &mut review.decisions;
    let (mut accepted, mut rejected, mut superseded) = (Vec::new(), Vec::new(), Vec::new());
    for (step, change) in changes.iter().filter(|(_, c)| c.kind == Kind::Decision) {
        if became(change, "accepted") {
            accepted.push(item_of_change(change, step, "accepted"));
        }
        if became(change, "rejected") {
            rejected.push(item_of_change(change, step, "rejected"));
        }
        for meaning in &change.meanings {
            if let Meaning::SupersededBy { by } = meaning {
                let detail = if by.is_empty() {
                    "superseded".to_owned()
                } else {
                    format!("superseded by {}", by.join(", "))
                };
                superseded.push(item_of_change(change, step, detail));
            }
        }
    }
    d.accepted = dedupe_last(accepted);
    d.rejected = dedupe_last(rejected);
    d.superseded = dedupe_last(superseded);
    let taken: Vec<f64> = d
        .accepted
        .iter()
        .chain(&d.rejected)
        .filter_map(|i| inputs.end.get(Kind::Decision, &i.id))
        .filter_map(|r| {
            Some(days_between(
                r.fields.date("proposed")?,
                r.fields.date("decided")?,
            ))
        })
        .collect();
    d.median_days_to_decide = median(taken);
    d.still_proposed = inputs
        .end
        .of_kind(Kind::Decision)
        .filter(|r| r.status() == Some("proposed"))
        .map(|r| {
            let open = r
                .fields
                .date("proposed")
                .map(|p| format!("open {} days", days_between(p, end) as i64))
                .unwrap_or_default();
            item(r, None, open)
        })
        .collect();
    let fiscal = inputs.config.fiscal_year_start_month;
    let (next_start, next_end) = (next.start_date(fiscal), next.end_date(fiscal));
    d.reviews_due_next_quarter = inputs
        .end
        .records
        .iter()
        .filter(|r| matches!(r.kind, Kind::Decision | Kind::Risk))
        .filter(|r| {
            !matches!(
                r.status(),
                Some("closed" | "rejected" | "superseded" | "deprecated")
            )
        })
        .filter_map(|r| {
            let due = r.fields.date("review_by")?;
            (due >= next_start && due <= next_end)
                .then(|| item(r, None, format!("review by {due}")))
        })
        .collect();
}

/// People present on `day`: joined by then (or undated) and not yet gone.
fn present(person: &Record, day: Date) -> bool {
    person.fields.date("joined").is_none_or(|j| j <= day)
        && person.fields.date("left").is_none_or(|l| l >= day)
}

fn team(review: &mut Review, inputs: &Inputs<'_>, changes: &Changes<'_>, start: Date, end: Date) {
    let t = &mut review.team;
    for (step, change) in changes.iter() {
        for meaning in &change.meanings {
            let team = |t: &Option<String>| {
                t.as_ref()
                    .map(|t| format!("team/{t}"))
                    .unwrap_or_else(|| "no team".into())
            };
            match meaning {
                Meaning::Joined { team: to } => {
                    t.joiners
                        .push(item_of_change(change, step, format!("joined {}", team(to))))
                }
                Meaning::Left { team: from } => {
                    t.leavers
                        .push(item_of_change(change, step, format!("left {}", team(from))))
                }
                Meaning::Moved { from, to } => t.moves.push(item_of_change(
                    change,
                    step,
                    format!("{} → {}", team(from), team(to)),
                )),
                Meaning::RoleOpened { team: at } => t.roles_opened.push(item_of_change(
                    change,
                    step,
                    format!("opened in {}", team(at)),
                )),
                Meaning::RoleFilled { by } => {
                    let who = by
                        .as_ref()
                        .map_or_else(|| "filled".into(), |p| format!("filled by person/{p}"));
                    t.roles_filled.push(item_of_change(change, step, who));
                }
                _ => {}
            }
        }
    }
    t.median_days_to_fill = median(
        t.roles_filled
            .iter()
            .filter_map(|i| {
                inputs
                    .latest
                    .get(Kind::Role, &i.id)
                    .or_else(|| inputs.end.get(Kind::Role, &i.id))
            })
            .filter_map(|r| {
                Some(days_between(
                    r.fields.date("opened")?,
                    r.fields.date("filled")?,
                ))
            })
            .collect(),
    );
    // People present on the day, by team: each person under their own team
    // and under every team above it (a department's target covers its teams).
    let count = |plan: &Plan, day: Date| -> (BTreeMap<String, usize>, usize) {
        let mut by_team = BTreeMap::new();
        let mut total = 0;
        for person in plan.of_kind(Kind::Person).filter(|p| present(p, day)) {
            total += 1;
            let mut team = person
                .fields
                .text("team")
                .map_or("", Plan::bare_id)
                .to_owned();
            let mut seen = BTreeSet::new();
            loop {
                *by_team.entry(team.clone()).or_insert(0) += 1;
                let parent = plan
                    .get(Kind::Team, &team)
                    .and_then(|t| t.fields.text("parent"))
                    .map(Plan::bare_id);
                match parent {
                    // A cycle of parents is `check`'s to report; stop here.
                    Some(parent) if seen.insert(team.clone()) => team = parent.to_owned(),
                    _ => break,
                }
            }
        }
        (by_team, total)
    };
    let ((before, total_before), (after, total_after)) =
        (count(inputs.start, start), count(inputs.end, end));
    let teams: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for team in teams {
        let record = inputs
            .end
            .get(Kind::Team, team)
            .or_else(|| inputs.start.get(Kind::Team, team));
        t.headcount.push(TeamHeadcount {
            team: team.clone(),
            name: record.map_or_else(
                || {
                    if team.is_empty() {
                        "(no team)".into()
                    } else {
                        team.clone()
                    }
                },
                |r| r.title().to_owned(),
            ),
            start: before.get(team).copied().unwrap_or(0),
            end: after.get(team).copied().unwrap_or(0),
            target: record
                .and_then(|r| r.fields.number("headcount_target"))
                .map(|n| n as i64),
        });
    }
    let h = &mut review.headline;
    h.headcount_start = total_before;
    h.headcount_end = total_after;
    h.net_headcount = h.headcount_end as i64 - h.headcount_start as i64;
}

fn budget(review: &mut Review, inputs: &Inputs<'_>, q: Quarter) {
    let b = &mut review.budget;
    b.threshold_percent = inputs.config.budget_overrun_percent;
    let id = q.to_string();
    b.source = inputs
        .history
        .steps
        .iter()
        .rev()
        .find(|s| {
            s.changes
                .iter()
                .any(|c| c.kind == Kind::Budget && c.id == id)
        })
        .map(|s| Citation::of(&s.commit));
    let Some(record) = inputs
        .latest
        .get(Kind::Budget, &id)
        .or_else(|| inputs.end.get(Kind::Budget, &id))
    else {
        return;
    };
    b.exists = true;
    let mut by_category: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut by_initiative: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for line in record
        .fields
        .table("line")
        .map(|t| t.entries.as_slice())
        .unwrap_or_default()
    {
        let Value::Table(fields) = &line.value else {
            continue;
        };
        let planned = fields.number("planned").unwrap_or(0.0);
        let actual = fields.number("actual").unwrap_or(0.0);
        b.planned += planned;
        b.actual += actual;
        let category = by_category
            .entry(fields.text("category").unwrap_or("other").to_owned())
            .or_default();
        category.0 += planned;
        category.1 += actual;
        if let Some(initiative) = fields.text("initiative") {
            let row = by_initiative
                .entry(Plan::bare_id(initiative).to_owned())
                .or_default();
            row.0 += planned;
            row.1 += actual;
        }
        b.has_actuals |= fields.number("actual").is_some();
        if fields.number("actual").is_some()
            && actual > planned * (1.0 + b.threshold_percent / 100.0)
        {
            b.over_threshold.push(BudgetRow {
                name: line.key.clone(),
                planned,
                actual,
                variance: actual - planned,
            });
        }
    }
    b.variance = b.actual - b.planned;
    let rows = |map: BTreeMap<String, (f64, f64)>| {
        map.into_iter()
            .map(|(name, (planned, actual))| BudgetRow {
                name,
                planned,
                actual,
                variance: actual - planned,
            })
            .collect()
    };
    b.by_category = rows(by_category);
    b.by_initiative = rows(by_initiative);
}

fn risk_item(record: &Record) -> Option<RiskItem> {
    let likelihood = record.fields.number("likelihood")? as i64;
    let impact = record.fields.number("impact")? as i64;
    Some(RiskItem {
        record: record.reference(),
        id: record.id.clone(),
        title: record.title().to_owned(),
        score: likelihood * impact,
        likelihood,
        impact,
        status: record.status().unwrap_or("").to_owned(),
        owner: record
            .fields
            .text("owner")
            .map(|o| Plan::bare_id(o).to_owned()),
    })
}

fn risks(review: &mut Review, inputs: &Inputs<'_>, changes: &Changes<'_>) {
    let r = &mut review.risks;
    let (mut opened, mut closed) = (Vec::new(), Vec::new());
    for (step, change) in changes.iter().filter(|(_, c)| c.kind == Kind::Risk) {
        if change.action == Action::Added {
            opened.push(item_of_change(change, step, "opened"));
        }
        if became(change, "closed") {
            closed.push(item_of_change(change, step, "closed"));
        }
        for meaning in &change.meanings {
            if let Meaning::RiskScore { from, to } = meaning
                && to > from
            {
                r.escalations
                    .push(item_of_change(change, step, format!("score {from} → {to}")));
            }
        }
    }
    r.opened = dedupe_last(opened);
    r.closed = dedupe_last(closed);
    let mut open: Vec<RiskItem> = inputs
        .end
        .of_kind(Kind::Risk)
        .filter(|r| r.status() != Some("closed"))
        .filter_map(risk_item)
        .collect();
    open.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    open.truncate(5);
    r.top_open = open;
}

fn objectives(review: &mut Review, inputs: &Inputs<'_>, changes: &Changes<'_>, q: Quarter) {
    for record in inputs
        .end
        .of_kind(Kind::Objective)
        .filter(|o| o.fields.quarter("quarter") == Some(q))
    {
        let mut key_results = Vec::new();
        for entry in record
            .fields
            .table("key_result")
            .map(|t| t.entries.as_slice())
            .unwrap_or_default()
        {
            let Value::Table(kr) = &entry.value else {
                continue;
            };
            let Some(target) = kr.number("target") else {
                continue;
            };
            let (baseline, current) = (kr.number("baseline"), kr.number("current"));
            let progress = match (baseline, current) {
                (Some(b), Some(c)) if target != b => Some((c - b) / (target - b)),
                (None, Some(c)) if target != 0.0 => Some(c / target),
                _ => None,
            };
            let path = format!("key_result.{}.current", entry.key);
            let source = changes
                .iter()
                .rev()
                .find(|(_, c)| {
                    c.kind == Kind::Objective
                        && c.id == record.id
                        && c.fields.iter().any(|f| f.path == path)
                })
                .map(|(s, _)| Citation::of(&s.commit));
            key_results.push(KeyResult {
                key: entry.key.clone(),
                metric: kr.text("metric").unwrap_or(&entry.key).to_owned(),
                unit: kr.text("unit").map(str::to_owned),
                baseline,
                target,
                current,
                progress,
                source,
            });
        }
        review.objectives.push(Objective {
            record: record.reference(),
            id: record.id.clone(),
            title: record.title().to_owned(),
            status: record.status().map(str::to_owned),
            key_results,
        });
    }
}

fn outlook(review: &mut Review, inputs: &Inputs<'_>, next: Quarter, end: Date) {
    let o = &mut review.outlook;
    let plan = inputs.end;
    for record in plan.of_kind(Kind::Initiative) {
        if record.fields.quarter("quarter") != Some(next)
            || !matches!(record.status(), Some("planned" | "active" | "paused"))
        {
            continue;
        }
        o.committed
            .push(item(record, None, record.status().unwrap_or("")));
        let mut reasons = Vec::new();
        for (dependency, _) in record.fields.texts("depends_on") {
            if let Ok(dep) = plan.resolve(dependency, Some(Kind::Initiative))
                && dep.status() != Some("shipped")
            {
                reasons.push(format!(
                    "depends on {} ({})",
                    dep.reference(),
                    dep.status().unwrap_or("unknown")
                ));
            }
        }
        match record
            .fields
            .text("owner")
            .and_then(|o| plan.resolve(o, Some(Kind::Person)).ok())
        {
            None => reasons.push("no owner".into()),
            Some(owner) if owner.fields.date("left").is_some_and(|l| l < end) => {
                reasons.push(format!("owner {} has left", owner.reference()));
            }
            Some(_) => {}
        }
        if !reasons.is_empty() {
            o.at_risk.push(item(record, None, reasons.join("; ")));
        }
    }
}

fn activity(review: &mut Review, steps: &[&Step]) {
    let a = &mut review.activity;
    a.commits = steps.len();
    let mut by_author: BTreeMap<&str, usize> = BTreeMap::new();
    for step in steps {
        *by_author.entry(step.commit.author.as_str()).or_default() += 1;
    }
    let mut contributors: Vec<Contributor> = by_author
        .into_iter()
        .map(|(name, commits)| Contributor {
            name: name.to_owned(),
            commits,
        })
        .collect();
    contributors.sort_by(|x, y| y.commits.cmp(&x.commits).then_with(|| x.name.cmp(&y.name)));
    a.contributors = contributors;
    let prs: BTreeSet<u64> = steps.iter().filter_map(|s| s.commit.pull_request).collect();
    a.pull_requests = prs.into_iter().collect();
}
