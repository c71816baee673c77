//! The budget: the quarter's budget file, planned against actual in total,
//! by category and by initiative, and the lines over the plan's threshold.
//!
//! A line with no `actual` yet is "not reported": it is left out of actual
//! and variance, which compare like with like, and counted apart.
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
    // (planned, actual, planned on lines not reported yet)
    let mut by_category: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
    let mut by_initiative: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
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
        let reported = fields.number("actual");
        let actual = reported.unwrap_or(0.0);
        let unreported = if reported.is_none() { planned } else { 0.0 };
        b.planned += planned;
        b.actual += actual;
        if reported.is_none() {
            b.not_reported.lines += 1;
            b.not_reported.planned += planned;
        }
        let category_name = fields.text("category").unwrap_or("other");
        let category = by_category.entry(category_name.to_owned()).or_default();
        category.0 += planned;
        category.1 += actual;
        category.2 += unreported;
        if let Some(initiative) = fields.text("initiative") {
            let row = by_initiative
                .entry(Plan::bare_id(initiative).to_owned())
                .or_default();
            row.0 += planned;
            row.1 += actual;
            row.2 += unreported;
        }
        b.has_actuals |= reported.is_some();
        if reported.is_some() && actual > planned * (1.0 + b.threshold_percent / 100.0) {
            b.over_threshold.push(BudgetRow {
                name: line.key.clone(),
                planned,
                actual,
                variance: actual - planned,
                category: Some(category_name.to_owned()),
                not_reported: 0.0,
            });
        }
    }
    b.variance = b.actual - (b.planned - b.not_reported.planned);
    b.by_category = rows(by_category);
    b.by_initiative = rows(by_initiative);
    b
}

fn rows(totals: BTreeMap<String, (f64, f64, f64)>) -> Vec<BudgetRow> {
    totals
        .into_iter()
        .map(|(name, (planned, actual, not_reported))| BudgetRow {
            name,
            planned,
            actual,
            variance: actual - (planned - not_reported),
            category: None,
            not_reported,
        })
        .collect()
}
