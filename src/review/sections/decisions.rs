//! Decisions: accepted, rejected and superseded during the quarter, how long
//! deciding took, what is still proposed, and the decisions and risks due
//! for review next quarter.
//!
//! A decision is taken when its `decided` date says (as its latest version
//! has it), so one dated years before the plan's first commit is no
//! decision of that quarter; only one with no `decided` date is taken when
//! the commit changing its status landed (outside the plan's baseline).
//!
//! Pure: reads only the quarter context.

use super::{days_between, dedupe_last, item_of_change, item_of_fact, item_of_record, median};
use crate::diff::Meaning;
use crate::model::Kind;
use crate::review::context::Decisions;
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Decisions {
    let mut d = Decisions::default();
    let (mut accepted, mut rejected, mut superseded) = (Vec::new(), Vec::new(), Vec::new());
    for fact in q.happened(Kind::Decision, "decided") {
        // Accepted then, even if superseded or deprecated since.
        match fact.record.status() {
            Some("accepted" | "superseded" | "deprecated") => {
                accepted.push(item_of_fact(q, &fact, "accepted"));
            }
            Some("rejected") => rejected.push(item_of_fact(q, &fact, "rejected")),
            _ => {}
        }
    }
    for change in q.changes_of(Kind::Decision) {
        let undated = q.undated(change, "decided");
        if undated && change.became("accepted") {
            accepted.push(item_of_change(change, "accepted"));
        }
        if undated && change.became("rejected") {
            rejected.push(item_of_change(change, "rejected"));
        }
        for meaning in &change.record.meanings {
            if let Meaning::SupersededBy { by } = meaning {
                let detail = if by.is_empty() {
                    "superseded".to_owned()
                } else {
                    format!("superseded by {}", by.join(", "))
                };
                superseded.push(item_of_change(change, detail));
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
        .filter_map(|i| q.version(Kind::Decision, &i.id).map(|v| v.record))
        .filter_map(|r| {
            Some(days_between(
                r.fields.date("proposed")?,
                r.fields.date("decided")?,
            ))
        })
        .collect();
    d.median_days_to_decide = median(taken);
    d.still_proposed = q
        .plan_at_end
        .of_kind(Kind::Decision)
        .filter(|r| r.status() == Some("proposed"))
        .map(|r| {
            let open = r
                .fields
                .date("proposed")
                .map(|p| format!("open {} days", days_between(p, q.last_day) as i64))
                .unwrap_or_default();
            item_of_record(r, open)
        })
        .collect();
    d.reviews_due_next_quarter = q
        .plan_at_end
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
            (due >= q.next_first_day && due <= q.next_last_day)
                .then(|| item_of_record(r, format!("review by {due}")))
        })
        .collect();
    d
}
