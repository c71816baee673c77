//! The outlook: the next quarter's initiatives, those at risk from an
//! unshipped dependency, no owner, or an owner who has left, and the people
//! recorded ahead of their date ("starting 2026-08-10", "leaving
//! 2026-10-15"), who have not joined or left yet; each team's load in the
//! next quarter and the key-person risks of its work.
//!
//! Pure: reads only the quarter context.

use super::{item_of_change, item_of_record};
use crate::capacity::{Figures, TeamCapacity, capacity};
use crate::model::Kind;
use crate::review::context::{KeyPersonRisk, Outlook, TeamLoad};
use crate::review::quarter::QuarterContext;
use crate::skills::skills;

pub fn build(q: &QuarterContext<'_>) -> Outlook {
    let mut o = Outlook::default();
    let plan = q.plan_at_end;
    for record in plan.of_kind(Kind::Initiative) {
        if record.fields.quarter("quarter") != Some(q.next)
            || !matches!(record.status(), Some("planned" | "active" | "paused"))
        {
            continue;
        }
        o.committed
            .push(item_of_record(record, record.status().unwrap_or("")));
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
            Some(owner) if owner.fields.date("left").is_some_and(|l| l < q.last_day) => {
                reasons.push(format!("owner {} has left", owner.reference()));
            }
            Some(_) => {}
        }
        if !reasons.is_empty() {
            o.at_risk.push(item_of_record(record, reasons.join("; ")));
        }
    }
    // Those recorded by the quarter's end, with the dates the reviewed
    // revision gives them.
    let mut ahead = Vec::new();
    for v in q.versions.iter().filter(|v| v.record.kind == Kind::Person) {
        if v.deleted.is_some() {
            continue;
        }
        for (field, verb) in [("joined", "starting"), ("left", "leaving")] {
            let Some(date) = v.record.fields.date(field).filter(|d| *d > q.last_day) else {
                continue;
            };
            let detail = format!("{verb} {date}");
            let item = match q.recorded(Kind::Person, &v.record.id, field) {
                // Known ahead only if recorded by the quarter's end.
                Some(change) if q.late(change.step) => continue,
                Some(change) => item_of_change(&change, detail),
                None => item_of_record(v.record, detail),
            };
            ahead.push((date, item));
        }
    }
    ahead.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    o.people = ahead.into_iter().map(|(_, item)| item).collect();
    let next = capacity(plan, &[q.next]);
    o.capacity = next.quarters[0]
        .teams
        .iter()
        .map(|t| team_load(t, &t.figures, q.config.capacity.over_capacity_percent))
        .collect();
    unless_estimated(&mut o.capacity);
    o.key_person = skills(plan, q.next)
        .key_person
        .into_iter()
        .map(|k| KeyPersonRisk {
            skill: k.skill,
            person: k.person.as_ref().map(|p| p.record.clone()),
            person_name: k.person.map(|p| p.name),
            needed_by: k.needed_by,
        })
        .collect();
    o
}

/// The context's line for one team's figures.
pub fn team_load(team: &TeamCapacity, figures: &Figures, over_percent: f64) -> TeamLoad {
    TeamLoad {
        over: over(figures.load, figures.demand, over_percent),
        team: format!("team/{}", team.team),
        name: team.name.clone(),
        depth: team.depth,
        supply: tenths(figures.supply),
        demand: tenths(figures.demand),
        load: figures.load.map(|l| (l * 10_000.0).round() / 10_000.0),
    }
}

/// Whether a load is over the threshold: demand with no supply always is.
pub fn over(load: Option<f64>, demand: f64, over_percent: f64) -> bool {
    match load {
        Some(load) => load * 100.0 > over_percent,
        None => demand > 0.0,
    }
}

/// Engineer-weeks to one decimal, as `capacity` shows them.
pub use crate::capacity::tenths;

/// Empties `lines` when no team has any demand: a plan that estimates no
/// work would show a table of zeros.
pub fn unless_estimated(lines: &mut Vec<TeamLoad>) {
    if lines.iter().all(|l| l.demand == 0.0) {
        lines.clear();
    }
}
