//! The roadmap: initiatives shipped, slipped, added and cancelled during the
//! quarter, those carried over and still active, and the timeline chart.
//!
//! Pure: reads only the quarter context. Counting against the commitment is
//! the headline's job.

use std::collections::BTreeSet;

use super::{dedupe_last, item_of_change, item_of_record};
use crate::diff::{Action, Meaning};
use crate::model::{Kind, Value};
use crate::review::context::{Citation, Roadmap, Slip, TimelineBar};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Roadmap {
    let mut r = Roadmap::default();
    let mut shipped = Vec::new();
    let mut cancelled = Vec::new();
    for change in q.changes_of(Kind::Initiative) {
        if change.became("shipped") {
            let on = change.field("shipped").and_then(|f| match &f.new {
                Some(Value::Date(d)) => Some(format!("shipped {d}")),
                _ => None,
            });
            shipped.push(item_of_change(
                change,
                on.unwrap_or_else(|| "shipped".into()),
            ));
        }
        if change.became("cancelled") {
            cancelled.push(item_of_change(change, "cancelled"));
        }
        if change.record.action == Action::Added {
            let target = change
                .field("quarter")
                .and_then(|f| f.new.as_ref())
                .map(crate::model::value_text);
            r.added.push(item_of_change(
                change,
                target.map_or_else(|| "added".into(), |t| format!("added for {t}")),
            ));
        }
        for f in &change.record.fields {
            if let Some(Meaning::Slipped { from, to }) = &f.meaning {
                r.slipped.push(Slip {
                    record: change.record.reference(),
                    id: change.record.id.clone(),
                    title: change.record.title.clone(),
                    from: from.to_string(),
                    to: to.to_string(),
                    quarters: from.quarters_until(*to),
                    source: Citation::of(&change.step.commit),
                });
            }
        }
    }
    r.shipped = dedupe_last(shipped);
    r.cancelled = dedupe_last(cancelled);
    let shipped_ids: BTreeSet<&str> = r.shipped.iter().map(|i| i.id.as_str()).collect();
    let cancelled_ids: BTreeSet<&str> = r.cancelled.iter().map(|i| i.id.as_str()).collect();
    for record in &q.committed {
        let id = q.renames.current(Kind::Initiative, &record.id);
        if shipped_ids.contains(id) || cancelled_ids.contains(id) {
            continue;
        }
        let now = q.plan_at_end.get(Kind::Initiative, id);
        if now.is_some_and(|n| matches!(n.status(), Some("shipped" | "cancelled"))) {
            continue;
        }
        let target = now
            .and_then(|n| n.fields.quarter("quarter"))
            .map_or_else(|| "removed from the plan".into(), |t| format!("now {t}"));
        r.carried_over.push(item_of_record(record, target));
    }
    r.active = q
        .plan_at_end
        .of_kind(Kind::Initiative)
        .filter(|i| i.status() == Some("active"))
        .map(|i| item_of_record(i, "active"))
        .collect();
    r.timeline = timeline(q, &r, &shipped_ids, &cancelled_ids);
    r
}

/// One bar per initiative the quarter touched: targeted at it, shipped,
/// added or cancelled in it, slipped out of it, or active at its end.
fn timeline(
    q: &QuarterContext<'_>,
    r: &Roadmap,
    shipped_ids: &BTreeSet<&str>,
    cancelled_ids: &BTreeSet<&str>,
) -> Vec<TimelineBar> {
    let (start, end) = (q.first_day, q.last_day);
    let mut ids: BTreeSet<String> = q
        .committed
        .iter()
        .map(|c| q.renames.current(Kind::Initiative, &c.id).to_owned())
        .collect();
    ids.extend(shipped_ids.iter().map(|s| s.to_string()));
    ids.extend(r.active.iter().map(|a| a.id.clone()));
    ids.extend(r.added.iter().chain(&r.cancelled).map(|a| a.id.clone()));
    ids.extend(
        r.slipped
            .iter()
            .filter(|s| s.from == q.quarter.to_string())
            .map(|s| s.id.clone()),
    );
    let mut bars = Vec::new();
    for id in ids {
        let Some(record) = q
            .plan_at_end
            .get(Kind::Initiative, &id)
            .or_else(|| q.plan_at_start.get(Kind::Initiative, &id))
        else {
            continue;
        };
        // Bars stay inside the quarter, whatever the record's own dates say
        // (a `start` after the quarter, a `shipped` date before it).
        let bar_start = record
            .fields
            .quarter("start")
            .map_or(start, |s| q.first_day_of(s))
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
        bars.push(TimelineBar {
            id: id.clone(),
            title: record.title().to_owned(),
            state: state.into(),
            start: bar_start,
            end: bar_end,
        });
    }
    bars
}
