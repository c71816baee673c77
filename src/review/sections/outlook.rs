//! The outlook: the next quarter's initiatives, those at risk from an
//! unshipped dependency, no owner, or an owner who has left, and the people
//! recorded ahead of their date ("starting 2026-08-10", "leaving
//! 2026-10-15"), who have not joined or left yet.
//!
//! Pure: reads only the quarter context.

use super::{item_of_change, item_of_record};
use crate::model::Kind;
use crate::review::context::Outlook;
use crate::review::quarter::QuarterContext;

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
    o
}
