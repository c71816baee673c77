//! The roadmap: initiatives shipped, slipped, added and cancelled during the
//! quarter, those carried over and still active, and the timeline chart.
//!
//! Shipped means a `shipped` date in the quarter on an initiative that is
//! still shipped at the reviewed revision, however late that was recorded;
//! only an initiative with no `shipped` date ships when the commit says so.
//! A ship undone since is listed as reverted and counts nowhere.
//!
//! Pure: reads only the quarter context. Counting against the commitment is
//! the headline's job.

use std::collections::BTreeSet;

use super::{dedupe_last, item_of_change, item_of_fact, item_of_record, retraction};
use crate::diff::{Action, Meaning};
use crate::model::{Kind, Record};
use crate::review::context::{Citation, Roadmap, Slip, TimelineBar};
use crate::review::quarter::QuarterContext;

fn is_shipped(record: &Record) -> bool {
    record.status() == Some("shipped")
}

pub fn build(q: &QuarterContext<'_>) -> Roadmap {
    let mut r = Roadmap::default();
    let mut shipped: Vec<(jiff::civil::Date, crate::review::context::Item)> = q
        .happened(Kind::Initiative, "shipped")
        .iter()
        .filter(|f| is_shipped(f.record))
        .map(|f| (f.date, item_of_fact(q, f, format!("shipped {}", f.date))))
        .collect();
    let mut undated = Vec::new();
    let mut cancelled = Vec::new();
    for change in q.changes_of(Kind::Initiative) {
        let id = q.renames_now.current(Kind::Initiative, &change.record.id);
        if change.became("shipped")
            && q.undated(change, "shipped")
            && q.version(Kind::Initiative, id)
                .is_some_and(|v| is_shipped(v.record))
        {
            undated.push(item_of_change(change, "shipped"));
        }
        if change.became("cancelled") {
            cancelled.push(item_of_change(change, "cancelled"));
        }
        if change.record.action == Action::Added && !change.step.baseline {
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
    shipped.extend(
        dedupe_last(undated)
            .into_iter()
            .map(|i| (i.source.as_ref().map_or(q.last_day, |s| s.date), i)),
    );
    // In the order they happened.
    shipped.sort_by_key(|(date, _)| *date);
    r.shipped = shipped.into_iter().map(|(_, item)| item).collect();
    r.reverted = q
        .retracted(Kind::Initiative, "shipped", is_shipped)
        .iter()
        .map(|found| retraction(q, found, format!("shipped {}", found.1)))
        .collect();
    r.cancelled = dedupe_last(cancelled);
    let shipped_ids: BTreeSet<&str> = r.shipped.iter().map(|i| i.id.as_str()).collect();
    let cancelled_ids: BTreeSet<&str> = r.cancelled.iter().map(|i| i.id.as_str()).collect();
    for record in &q.committed {
        let id = q.renames.current(Kind::Initiative, &record.id);
        let latest = q.renames_now.current(Kind::Initiative, &record.id);
        if shipped_ids.contains(id) || shipped_ids.contains(latest) || cancelled_ids.contains(id) {
            continue;
        }
        let now = q.plan_at_end.get(Kind::Initiative, id);
        if now.is_some_and(|n| n.status() == Some("cancelled")) {
            continue;
        }
        // Shipped by the quarter's end as known now (a ship reverted since
        // is carried over; one with no date counts as the plan then said).
        let shipped_by_end = q.version(Kind::Initiative, latest).is_some_and(|v| {
            is_shipped(v.record)
                && v.record
                    .fields
                    .date("shipped")
                    .map_or_else(|| now.is_some_and(is_shipped), |d| d <= q.last_day)
        });
        if shipped_by_end {
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
