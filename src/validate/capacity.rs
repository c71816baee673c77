//! The forward-looking warnings about what the plan asks of its people:
//! `over-capacity`, `unstaffed-team`, `dependency-order`, `key-person` and
//! `owner-overloaded`, and with `[capacity] traceability` the opt-in
//! `untraced-initiative` and `unserved-key-result`, for quarters that have
//! not ended; and the error `over-allocated`, one person's records
//! allocated more than their whole time.
//!
//! The figures come from [`crate::capacity`] and [`crate::skills`]; this
//! module only compares them with the thresholds of `[capacity]` and says
//! where in the plan to act. It computes no figure of its own.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::capacity::weeks;
use crate::capacity::{capacity, demand_quarters, traceability};
use crate::diagnostic::{Finding, Span};
use crate::model::{Kind, Plan, Quarter, Record, Value};
use crate::skills::skills;
use crate::text::number;

use super::rules;

/// At most this many quarters ahead are checked.
const QUARTERS_AHEAD: usize = 8;

/// Every rule here but `key-person`: the ones that read the capacity
/// figures and the plan's links.
pub fn check_load(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    let quarters = open_quarters(plan, today);
    load(plan, &quarters, findings);
    dependency_order(plan, today, findings);
    owners_overloaded(plan, findings);
    over_allocated(plan, findings);
    if plan.config.capacity.traceability {
        traced(plan, today, findings);
    }
}

/// `key-person`, from the skills of every open quarter: as costly as all
/// the other rules here, so [`super::validate`] runs it on its own thread.
pub fn check_key_people(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    key_people(plan, &open_quarters(plan, today), findings);
}

/// Today's quarter through the last target quarter of open work, at most
/// [`QUARTERS_AHEAD`] of them.
fn open_quarters(plan: &Plan, today: Date) -> Vec<Quarter> {
    let last = plan
        .of_kind(Kind::Initiative)
        .filter_map(demand_quarters)
        .map(|(_, target)| target)
        .max();
    quarters_until(plan, today, last)
}

/// Today's quarter through `last`, at most [`QUARTERS_AHEAD`] of them.
fn quarters_until(plan: &Plan, today: Date, last: Option<Quarter>) -> Vec<Quarter> {
    let first = Quarter::containing(today, plan.config.fiscal_year_start_month);
    let Some(last) = last else {
        return Vec::new();
    };
    let mut quarters = Vec::new();
    let mut quarter = first;
    while quarter <= last && quarters.len() < QUARTERS_AHEAD {
        quarters.push(quarter);
        quarter = quarter.next();
    }
    quarters
}

/// Where a finding about a record points: its name or title.
fn name_span(record: &Record) -> Option<crate::diagnostic::Span> {
    record
        .fields
        .get(record.kind.title_field())
        .map(|e| e.span.clone())
}

fn load(plan: &Plan, quarters: &[Quarter], findings: &mut Vec<Finding>) {
    let limit = plan.config.capacity.over_capacity_percent;
    for quarter in capacity(plan, quarters).quarters {
        for team in quarter.teams.iter().filter(|t| t.own.demand > 0.0) {
            let Some(record) = plan.get(Kind::Team, &team.team) else {
                continue;
            };
            let f = &team.figures;
            // People whose focus or allocation is 0 give no supply either.
            let (why, label) = if f.people > 0.0 {
                (
                    "no time for it: its people's focus or allocation leaves none",
                    "no supply in the quarter",
                )
            } else {
                ("nobody to do it", "no people in the quarter")
            };
            match f.load {
                None => findings.push(
                    Finding::new(
                        &rules::UNSTAFFED_TEAM,
                        &record.path,
                        name_span(record),
                        format!(
                            "{} has {} engineer-weeks of work in {} and {}",
                            record.reference(),
                            weeks(f.demand),
                            quarter.quarter,
                            why
                        ),
                    )
                    .label(label)
                    .help("give the work to a team with people, or plan a hire with `expected_start`"),
                ),
                Some(load) if load * 100.0 > limit => findings.push(
                    Finding::new(
                        &rules::OVER_CAPACITY,
                        &record.path,
                        name_span(record),
                        format!(
                            "{} is at {} of its capacity in {}: {} engineer-weeks of work for {}",
                            record.reference(),
                            crate::capacity::percent(load, limit),
                            quarter.quarter,
                            weeks(f.demand),
                            weeks(f.supply)
                        ),
                    )
                    .label(format!("over {}%", number(limit)))
                    .help("move work to a later quarter or another team, or plan a hire; `cto-plan capacity` shows the figures"),
                ),
                Some(_) => {}
            }
        }
    }
}

fn key_people(plan: &Plan, quarters: &[Quarter], findings: &mut Vec<Finding>) {
    for &quarter in quarters {
        for risk in skills(plan, quarter).key_person {
            for reference in &risk.needed_by {
                let Ok(initiative) = plan.resolve(reference, Some(Kind::Initiative)) else {
                    continue;
                };
                let span = initiative
                    .fields
                    .texts("skills")
                    .into_iter()
                    .find(|(s, _)| s.trim().to_lowercase() == risk.skill.trim().to_lowercase())
                    .map(|(_, span)| span);
                let who = match &risk.person {
                    Some(p) => format!("only {} has", p.name),
                    None => "nobody has".into(),
                };
                findings.push(
                    Finding::new(
                        &rules::KEY_PERSON,
                        &initiative.path,
                        span,
                        format!(
                            "{} needs {} in {quarter}, which {who}",
                            initiative.reference(),
                            risk.skill
                        ),
                    )
                    .label(if risk.person.is_some() { "one person" } else { "nobody" })
                    .help("pair someone up, hire, or record the risk: `cto-plan skills --suggest-risks`"),
                );
            }
        }
    }
}

fn dependency_order(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    let fiscal = plan.config.fiscal_year_start_month;
    for initiative in plan.of_kind(Kind::Initiative) {
        let Some((_, target)) = demand_quarters(initiative) else {
            continue;
        };
        if target.end_date(fiscal) < today {
            continue;
        }
        for (reference, span) in initiative.fields.texts("depends_on") {
            let Ok(dependency) = plan.resolve(reference, Some(Kind::Initiative)) else {
                continue;
            };
            let problem = match (dependency.status(), dependency.fields.quarter("quarter")) {
                (Some("cancelled"), _) => "which is cancelled".to_owned(),
                (Some("shipped"), _) => continue,
                (_, Some(later)) if later > target => {
                    format!("which is targeted at {later}, after this one's {target}")
                }
                _ => continue,
            };
            findings.push(
                Finding::new(
                    &rules::DEPENDENCY_ORDER,
                    &initiative.path,
                    Some(span),
                    format!(
                        "{} depends on {}, {problem}",
                        initiative.reference(),
                        dependency.reference()
                    ),
                )
                .label("cannot ship before this")
                .help("move one of the two target quarters, or drop the dependency"),
            );
        }
    }
}

fn owners_overloaded(plan: &Plan, findings: &mut Vec<Finding>) {
    let limit = plan.config.capacity.owner_active_limit;
    let mut owned_by: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for initiative in plan.of_kind(Kind::Initiative) {
        if initiative.status() == Some("active")
            && let Some(owner) = initiative.fields.text("owner")
        {
            owned_by
                .entry(Plan::bare_id(owner))
                .or_default()
                .push(initiative.id.as_str());
        }
    }
    for (owner, owned) in owned_by {
        let Some(person) = plan.get(Kind::Person, owner) else {
            continue;
        };
        if owned.len() as f64 > limit {
            findings.push(
                Finding::new(
                    &rules::OWNER_OVERLOADED,
                    &person.path,
                    name_span(person),
                    format!(
                        "{} owns {} active initiatives ({}), more than {}",
                        person.reference(),
                        owned.len(),
                        owned.join(", "),
                        number(limit)
                    ),
                )
                .label("too much to own")
                .help("hand some to other owners, or pause some; `owner_active_limit` in cto-plan.toml sets the limit"),
            );
        }
    }
}

/// The error `over-allocated`: the records of one person (one `name`),
/// while their periods overlap, allocated more than 1 in all. Each record
/// is reported at the day its overlap is largest, naming the others there.
fn over_allocated(plan: &Plan, findings: &mut Vec<Finding>) {
    let mut by_name: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for person in plan.of_kind(Kind::Person) {
        if person.fields.text("name").is_some() {
            by_name.entry(person.person_key()).or_default().push(person);
        }
    }
    let allocation = |p: &Record| p.fields.number("allocation").unwrap_or(1.0);
    // An absent `joined` is open: before any date; an absent `left`, after.
    let here_on = |p: &Record, day: Option<Date>| {
        let joined = p.fields.date("joined");
        let left = p.fields.date("left");
        let started = match (joined, day) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(j), Some(d)) => j <= d,
        };
        started && left.is_none_or(|l| day.is_some_and(|d| d <= l))
    };
    for records in by_name.values().filter(|r| r.len() > 1) {
        for &record in records {
            // The sum of the records present on a day is largest on the day
            // one of them joins: those are the only days to look at.
            let worst = records
                .iter()
                .map(|r| r.fields.date("joined"))
                .filter(|&day| here_on(record, day))
                .map(|day| {
                    let present: Vec<&Record> = records
                        .iter()
                        .copied()
                        .filter(|r| here_on(r, day))
                        .collect();
                    let total: f64 = present.iter().map(|r| allocation(r)).sum();
                    (total, day, present)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((total, day, present)) = worst else {
                continue;
            };
            // Allocations are written with a few decimals: 0.3 + 0.7 is 1.
            if total <= 1.0 + 1e-9 {
                continue;
            }
            let others: Vec<String> = present
                .iter()
                .filter(|r| !std::ptr::eq(**r, record))
                .map(|r| format!("{} ({})", r.reference(), number(allocation(r))))
                .collect();
            let written = record.fields.get("allocation");
            let span = written
                .map(|e| e.span.clone())
                .or_else(|| name_span(record));
            let since = day.map(|d| format!(" from {d}")).unwrap_or_default();
            findings.push(
                Finding::new(
                    &rules::OVER_ALLOCATED,
                    &record.path,
                    span,
                    format!(
                        "{} and the other records of {} are allocated {} in all{since}: {} here, and {}",
                        record.reference(),
                        record.title(),
                        number(round2(total)),
                        number(allocation(record)),
                        others.join(", ")
                    ),
                )
                .label(if written.is_some() {
                    "with the other records, more than 1".to_owned()
                } else {
                    "no `allocation`: counts as 1".to_owned()
                })
                .help(format!(
                    "one person's records add up to at most 1: lower `allocation` here or in {}, or set `left` on the record they moved from",
                    present
                        .iter()
                        .filter(|r| !std::ptr::eq(**r, record))
                        .map(|r| r.reference())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
}

fn round2(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

/// The opt-in warnings `untraced-initiative` and `unserved-key-result`, for
/// today's quarter through the last one with open work or an objective.
fn traced(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    let last_work = plan
        .of_kind(Kind::Initiative)
        .filter_map(demand_quarters)
        .map(|(_, target)| target);
    let last_objective = plan
        .of_kind(Kind::Objective)
        .filter(|o| !o.is_finished())
        .filter_map(|o| o.fields.quarter("quarter"));
    let quarters = quarters_until(plan, today, last_work.chain(last_objective).max());
    let found = traceability(plan, &quarters);
    for untraced in &found.untraced_initiatives {
        let Ok(initiative) = plan.resolve(&untraced.record, Some(Kind::Initiative)) else {
            continue;
        };
        let (span, label) = match initiative.fields.get("objectives") {
            Some(entry) => (entry.span.clone(), "names no objective of the plan"),
            None => match initiative.fields.get("status") {
                Some(entry) => (entry.span.clone(), "active, with no `objectives`"),
                None => continue,
            },
        };
        findings.push(
            Finding::new(
                &rules::UNTRACED_INITIATIVE,
                &initiative.path,
                Some(span),
                format!(
                    "{} is active{} and serves no objective",
                    initiative.reference(),
                    untraced
                        .quarter
                        .as_ref()
                        .map(|q| format!(" (target {q})"))
                        .unwrap_or_default()
                ),
            )
            .label(label)
            .help("name the objectives it serves: `objectives = [\"OBJECTIVE-ID\"]`; `cto-plan capacity` lists all such work"),
        );
    }
    for unserved in &found.unserved_key_results {
        let Ok(objective) = plan.resolve(&unserved.objective, Some(Kind::Objective)) else {
            continue;
        };
        let span = match &unserved.key {
            Some(key) => key_result_span(objective, key),
            None => name_span(objective),
        };
        let message = match &unserved.key {
            Some(key) => format!(
                "no initiative serves key result `{key}` of {} ({})",
                objective.reference(),
                unserved.quarter
            ),
            None => format!(
                "{} ({}) has no key result, and no initiative serves it",
                objective.reference(),
                unserved.quarter
            ),
        };
        findings.push(
            Finding::new(&rules::UNSERVED_KEY_RESULT, &objective.path, span, message)
                .label(format!("no initiative names {}", objective.id))
                .help(format!(
                    "add \"{}\" to the `objectives` of the initiative that moves it, or plan one",
                    objective.id
                )),
        );
    }
}

/// Where `[key_result.KEY]` (or `key_result.KEY.…`) stands in an objective.
fn key_result_span(objective: &Record, key: &str) -> Option<Span> {
    let entry = objective.fields.get("key_result")?;
    match &entry.value {
        Value::Table(keyed) => keyed.get(key).map(|e| e.key_span.clone()),
        _ => None,
    }
    .or_else(|| Some(entry.span.clone()))
}
