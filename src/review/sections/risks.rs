//! Risks: opened, closed and escalated during the quarter, and the five top
//! open risks by score at its end.
//!
//! Pure: reads only the quarter context.

use super::{dedupe_last, item_of_change};
use crate::diff::{Action, Meaning};
use crate::model::{Kind, Plan, Record};
use crate::review::context::{RiskItem, Risks};
use crate::review::quarter::QuarterContext;

/// How many open risks the review names.
const TOP: usize = 5;

pub fn build(q: &QuarterContext<'_>) -> Risks {
    let mut r = Risks::default();
    let (mut opened, mut closed) = (Vec::new(), Vec::new());
    for change in q.changes_of(Kind::Risk) {
        if change.record.action == Action::Added {
            opened.push(item_of_change(change, "opened"));
        }
        if change.became("closed") {
            closed.push(item_of_change(change, "closed"));
        }
        for meaning in &change.record.meanings {
            if let Meaning::RiskScore { from, to } = meaning
                && to > from
            {
                r.escalations
                    .push(item_of_change(change, format!("score {from} → {to}")));
            }
        }
    }
    r.opened = dedupe_last(opened);
    r.closed = dedupe_last(closed);
    let mut open: Vec<RiskItem> = q
        .plan_at_end
        .of_kind(Kind::Risk)
        .filter(|r| r.status() != Some("closed"))
        .filter_map(risk_item)
        .collect();
    open.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    open.truncate(TOP);
    r.top_open = open;
    r
}

/// A risk with its score; `None` when likelihood or impact is missing.
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
