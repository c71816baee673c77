//! The outlook: the next quarter's initiatives, and those at risk from an
//! unshipped dependency, no owner, or an owner who has left.
//!
//! Pure: reads only the quarter context.

use super::item_of_record;
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
    o
}
