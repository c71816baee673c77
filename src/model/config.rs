//! `cto-plan.toml`: the plan's own settings, and the marker of its root.
//!
//! Parsed with the same schema machinery as records, so a mistake in it is a
//! located finding like any other.

use super::schema::{FieldSpec, FieldType::*, field, required};

const PLAN: &[FieldSpec] = &[
    required("name", Text, "The organisation or plan name."),
    field(
        "currency",
        Currency,
        "ISO 4217 code for budgets; default \"USD\".",
    ),
    field(
        "fiscal_year_start_month",
        Integer { min: 1, max: 12 },
        "1 (January, the default) to 12.",
    ),
];

const CHECK: &[FieldSpec] = &[field(
    "budget_overrun_percent",
    Number { min: Some(0.0) },
    "Warn when a budget line's actual exceeds planned by more than this percentage; default 10.",
)];

pub const FIELDS: &[FieldSpec] = &[
    required("plan", Table(PLAN), "The plan's identity."),
    field("check", Table(CHECK), "Settings for `cto-plan check`."),
];

/// The settings every command reads, with defaults filled in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlanConfig {
    pub name: String,
    pub currency: String,
    pub fiscal_year_start_month: u8,
    pub budget_overrun_percent: f64,
}

impl Default for PlanConfig {
    fn default() -> Self {
        PlanConfig {
            name: String::new(),
            currency: "USD".into(),
            fiscal_year_start_month: 1,
            budget_overrun_percent: 10.0,
        }
    }
}
