//! The review's sections, one file each. Every section is a pure function of
//! the quarter, `build(&QuarterContext) -> Section`; the headline, which sums
//! up the others, also reads their results. A new section is a file here and
//! a line in `review::build`.
//!
//! Sections must not read git or files, render, or recompute what
//! [`QuarterContext`](super::quarter::QuarterContext) already holds; what
//! more than one of them needs lives either there or in the helpers below.

pub mod activity;
pub mod budget;
pub mod decisions;
pub mod headline;
pub mod objectives;
pub mod outlook;
pub mod radar;
pub mod risks;
pub mod roadmap;
pub mod team;
pub mod warnings;

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::context::{Citation, Item, Retraction};
use super::quarter::{Change, Fact, QuarterContext};
use crate::model::Record;

/// A record as it stands in one of the plans, with no commit to cite.
fn item_of_record(record: &Record, detail: impl Into<String>) -> Item {
    Item {
        record: record.reference(),
        id: record.id.clone(),
        title: record.title().to_owned(),
        source: None,
        detail: detail.into(),
        recorded_late: false,
    }
}

/// A fact dated by its record, under the record's latest id, citing the
/// change that recorded it (with the title it had then) and marked when
/// that came after the quarter.
fn item_of_fact(q: &QuarterContext<'_>, fact: &Fact<'_>, detail: impl Into<String>) -> Item {
    let mut item = item_of_record(fact.record, detail);
    if let Some(change) = &fact.recorded {
        item.title.clone_from(&change.record.title);
        item.source = Some(Citation::of(&change.step.commit));
        item.recorded_late = q.late(change.step);
    }
    item
}

/// A retracted fact: what was recorded, by which change, and which undid it.
fn retraction(
    q: &QuarterContext<'_>,
    (recorded, _, undone): &(Change<'_>, Date, Change<'_>),
    fact: String,
) -> Retraction {
    Retraction {
        record: recorded.record.reference(),
        id: recorded.record.id.clone(),
        title: recorded.record.title.clone(),
        fact,
        source: Citation::of(&recorded.step.commit),
        retracted: Citation::of(&undone.step.commit),
        correction: q.late(undone.step),
    }
}

/// A record as a change left it, citing the change's commit.
fn item_of_change(change: &Change<'_>, detail: impl Into<String>) -> Item {
    Item {
        record: change.record.reference(),
        id: change.record.id.clone(),
        title: change.record.title.clone(),
        source: Some(Citation::of(&change.step.commit)),
        detail: detail.into(),
        recorded_late: false,
    }
}

/// Keeps the last event per record: a record shipped twice in a quarter is listed once.
fn dedupe_last(items: Vec<Item>) -> Vec<Item> {
    let mut seen = BTreeSet::new();
    let mut kept: Vec<Item> = items
        .into_iter()
        .rev()
        .filter(|i| seen.insert(i.record.clone()))
        .collect();
    kept.reverse();
    kept
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

fn days_between(from: Date, to: Date) -> f64 {
    to.since(from)
        .map_or(0.0, |span| f64::from(span.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 10.0]), Some(3.0));
    }

    #[test]
    fn dedupe_keeps_the_last_event_per_record_in_order() {
        let event = |record: &str, detail: &str| Item {
            record: record.into(),
            id: record.into(),
            title: record.into(),
            source: None,
            detail: detail.into(),
            recorded_late: false,
        };
        let kept = dedupe_last(vec![
            event("a", "first"),
            event("b", "only"),
            event("a", "second"),
        ]);
        let kept: Vec<_> = kept.iter().map(|i| (&*i.record, &*i.detail)).collect();
        assert_eq!(kept, [("b", "only"), ("a", "second")]);
    }
}
