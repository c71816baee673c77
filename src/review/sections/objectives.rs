//! Objectives: each key result of the quarter's objectives, with its progress
//! from baseline to target and the commit that last moved it.
//!
//! Pure: reads only the quarter context.

use crate::model::{Kind, Value};
use crate::review::context::{Citation, KeyResult, Objective};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Vec<Objective> {
    let mut objectives = Vec::new();
    for record in q
        .plan_at_end
        .of_kind(Kind::Objective)
        .filter(|o| o.fields.quarter("quarter") == Some(q.quarter))
    {
        let mut key_results = Vec::new();
        for entry in record
            .fields
            .table("key_result")
            .map(|t| t.entries.as_slice())
            .unwrap_or_default()
        {
            let Value::Table(kr) = &entry.value else {
                continue;
            };
            let Some(target) = kr.number("target") else {
                continue;
            };
            let exact = |key: &str| match kr.value(key) {
                Some(Value::Integer(i)) => Some(serde_json::Number::from(*i)),
                Some(Value::Float(f)) => serde_json::Number::from_f64(*f),
                _ => None,
            };
            let Some(target_as_written) = exact("target") else {
                continue;
            };
            let (baseline, current) = (kr.number("baseline"), kr.number("current"));
            let progress = match (baseline, current) {
                (Some(b), Some(c)) if target != b => Some((c - b) / (target - b)),
                (None, Some(c)) if target != 0.0 => Some(c / target),
                _ => None,
            };
            let path = format!("key_result.{}.current", entry.key);
            let source = q
                .changes_of(Kind::Objective)
                .rev()
                .find(|c| c.record.id == record.id && c.field(&path).is_some())
                .map(|c| Citation::of(&c.step.commit));
            key_results.push(KeyResult {
                key: entry.key.clone(),
                metric: kr.text("metric").unwrap_or(&entry.key).to_owned(),
                unit: kr.text("unit").map(str::to_owned),
                baseline: exact("baseline"),
                target: target_as_written,
                current: exact("current"),
                progress,
                source,
            });
        }
        objectives.push(Objective {
            record: record.reference(),
            id: record.id.clone(),
            title: record.title().to_owned(),
            status: record.status().map(str::to_owned),
            key_results,
        });
    }
    objectives
}
