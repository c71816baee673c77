//! The budget: the quarter's budget file, planned against actual in total,
//! by category and by initiative, and the lines over the plan's threshold.
//!
//! Pure: reads only the quarter context.

use std::collections::BTreeMap;

use crate::model::{Kind, Plan, Value};
use crate::review::context::{Budget, BudgetRow, Citation};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Budget {
    let mut b = Budget {
        threshold_percent: q.config.budget_overrun_percent,
        ..Budget::default()
    };
    // A budget is named after its quarter.
    let id = q.quarter.to_string();
    // Actuals are often recorded after the quarter: cite the last change to
    // the budget in the whole history, not only the quarter's.
    b.source = q
        .history
        .steps
        .iter()
        .rev()
        .find(|s| {
            s.changes
                .iter()
                .any(|c| c.kind == Kind::Budget && c.id == id)
        })
        .map(|s| Citation::of(&s.commit));
    let Some(record) = q
        .plan_now
        .get(Kind::Budget, &id)
        .or_else(|| q.plan_at_end.get(Kind::Budget, &id))
    else {
        return b;
    };
    b.exists = true;
    let mut by_category: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut by_initiative: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for line in record
        .fields
        .table("line")
        .map(|t| t.entries.as_slice())
        .unwrap_or_default()
    {
        let Value::Table(fields) = &line.value else {
            continue;
        };
        let planned = fields.number("planned").unwrap_or(0.0);
        let actual = fields.number("actual").unwrap_or(0.0);
        b.planned += planned;
        b.actual += actual;
        let category = by_category
            .entry(fields.text("category").unwrap_or("other").to_owned())
            .or_default();
        category.0 += planned;
        category.1 += actual;
        if let Some(initiative) = fields.text("initiative") {
            let row = by_initiative
                .entry(Plan::bare_id(initiative).to_owned())
                .or_default();
            row.0 += planned;
            row.1 += actual;
        }
        b.has_actuals |= fields.number("actual").is_some();
        if fields.number("actual").is_some()
            && actual > planned * (1.0 + b.threshold_percent / 100.0)
        {
            b.over_threshold.push(BudgetRow {
                name: line.key.clone(),
                planned,
                actual,
                variance: actual - planned,
            });
        }
    }
    b.variance = b.actual - b.planned;
    b.by_category = rows(by_category);
    b.by_initiative = rows(by_initiative);
    b
}

fn rows(totals: BTreeMap<String, (f64, f64)>) -> Vec<BudgetRow> {
    totals
        .into_iter()
        .map(|(name, (planned, actual))| BudgetRow {
            name,
            planned,
            actual,
            variance: actual - planned,
        })
        .collect()
}
