//! The forward-looking warnings about what the plan asks of its people:
//! `over-capacity`, `unstaffed-team`, `dependency-order`, `key-person` and
//! `owner-overloaded`, for quarters that have not ended.
//!
//! The figures come from [`crate::capacity`] and [`crate::skills`]; this
//! module only compares them with the thresholds of `[capacity]` and says
//! where in the plan to act. It computes no figure of its own.

use jiff::civil::Date;

use crate::capacity::{capacity, demand_quarters};
use crate::diagnostic::Finding;
use crate::model::{Kind, Plan, Quarter, Record};
use crate::skills::skills;
use crate::text::number;

use super::rules;

/// At most this many quarters ahead are checked.
const QUARTERS_AHEAD: usize = 8;

pub fn check(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    let quarters = open_quarters(plan, today);
    load(plan, &quarters, findings);
    key_people(plan, &quarters, findings);
    dependency_order(plan, today, findings);
    owners_overloaded(plan, findings);
}

/// Today's quarter through the last target quarter of open work, at most
/// [`QUARTERS_AHEAD`] of them.
fn open_quarters(plan: &Plan, today: Date) -> Vec<Quarter> {
    let first = Quarter::containing(today, plan.config.fiscal_year_start_month);
    let Some(last) = plan
        .of_kind(Kind::Initiative)
        .filter_map(demand_quarters)
        .map(|(_, target)| target)
        .max()
    else {
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

fn weeks(n: f64) -> String {
    number((n * 10.0).round() / 10.0)
}

fn load(plan: &Plan, quarters: &[Quarter], findings: &mut Vec<Finding>) {
    let limit = plan.config.capacity.over_capacity_percent;
    for quarter in capacity(plan, quarters).quarters {
        for team in quarter.teams.iter().filter(|t| t.own.demand > 0.0) {
            let Some(record) = plan.get(Kind::Team, &team.team) else {
                continue;
            };
            let f = &team.figures;
            match f.load {
                None => findings.push(
                    Finding::new(
                        &rules::UNSTAFFED_TEAM,
                        &record.path,
                        name_span(record),
                        format!(
                            "{} has {} engineer-weeks of work in {} and nobody to do it",
                            record.reference(),
                            weeks(f.demand),
                            quarter.quarter
                        ),
                    )
                    .label("no people in the quarter")
                    .help("give the work to a team with people, or plan a hire with `expected_start`"),
                ),
                Some(load) if load * 100.0 > limit => findings.push(
                    Finding::new(
                        &rules::OVER_CAPACITY,
                        &record.path,
                        name_span(record),
                        format!(
                            "{} is at {:.0}% of its capacity in {}: {} engineer-weeks of work for {}",
                            record.reference(),
                            load * 100.0,
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
                    .find(|(s, _)| s.trim().eq_ignore_ascii_case(risk.skill.trim()))
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
