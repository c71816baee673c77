//! Risks: opened and closed during the quarter (on their `opened` and
//! `closed` dates when they have them, else when committed, the plan's
//! baseline excepted), every score raised and lowered with the net change,
//! and the five top open risks by score at its end.
//!
//! Pure: reads only the quarter context.

use std::collections::BTreeMap;

use super::{dedupe_last, item_of_change, item_of_fact};
use crate::diff::{Action, Meaning};
use crate::model::{Kind, Plan, Record};
use crate::review::context::{RiskItem, RiskNet, Risks};
use crate::review::quarter::QuarterContext;

/// How many open risks the review names.
const TOP: usize = 5;

pub fn build(q: &QuarterContext<'_>) -> Risks {
    let mut r = Risks::default();
    let mut opened: Vec<_> = q
        .happened(Kind::Risk, "opened")
        .iter()
        .map(|f| item_of_fact(q, f, "opened"))
        .collect();
    let mut closed: Vec<_> = q
        .happened(Kind::Risk, "closed")
        .iter()
        .filter(|f| f.record.status() == Some("closed"))
        .map(|f| item_of_fact(q, f, "closed"))
        .collect();
    // Per risk: its first and last score in the quarter, in order of first move.
    let mut net: BTreeMap<String, (usize, RiskNet)> = BTreeMap::new();
    for change in q.changes_of(Kind::Risk) {
        let id = q.renames_now.current(Kind::Risk, &change.record.id);
        let undated = |field: &str| q.undated(change, field);
        if change.record.action == Action::Added && undated("opened") {
            opened.push(item_of_change(change, "opened"));
        }
        if change.became("closed") && undated("closed") {
            closed.push(item_of_change(change, "closed"));
        }
        for meaning in &change.record.meanings {
            let Meaning::RiskScore { from, to } = meaning else {
                continue;
            };
            let item = item_of_change(change, format!("score {from} → {to}"));
            if to > from {
                r.escalations.push(item);
            } else if to < from {
                r.eased.push(item);
            }
            let order = net.len();
            let entry = net.entry(id.to_owned()).or_insert_with(|| {
                (
                    order,
                    RiskNet {
                        record: change.record.reference(),
                        id: id.to_owned(),
                        title: change.record.title.clone(),
                        from: *from,
                        to: *to,
                        net: 0,
                    },
                )
            });
            entry.1.to = *to;
            entry.1.title.clone_from(&change.record.title);
            entry.1.net = entry.1.to - entry.1.from;
        }
    }
    let mut net: Vec<(usize, RiskNet)> = net.into_values().collect();
    net.sort_by_key(|(order, _)| *order);
    r.net_changes = net.into_iter().map(|(_, n)| n).collect();
    r.opened = dedupe_last(opened);
    r.closed = dedupe_last(closed);
    let mut open: Vec<RiskItem> = q
        .plan_at_end
        .of_kind(Kind::Risk)
        .filter(|r| r.status() != Some("closed"))
        .filter_map(|r| risk_item(q.plan_at_end, r))
        .collect();
    open.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    open.truncate(TOP);
    r.top_open = open;
    r
}

/// A risk with its score; `None` when likelihood or impact is missing.
fn risk_item(plan: &Plan, record: &Record) -> Option<RiskItem> {
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
        owner_name: record
            .fields
            .text("owner")
            .and_then(|o| plan.get(Kind::Person, Plan::bare_id(o)))
            .map(|p| p.title().to_owned()),
    })
}
