//! `cto-plan.toml`: the plan's own settings, and the marker of its root.
//!
//! Parsed with the same schema machinery as records, so a mistake in it is a
//! located finding like any other.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::schema::{FieldSpec, FieldType::*, field, required};
use super::{Kind, Table, Value};

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
    Number {
        min: Some(0.0),
        max: None,
    },
    "Warn when a budget line's actual exceeds planned by more than this percentage; default 10.",
)];

const CAPACITY: &[FieldSpec] = &[
    field(
        "focus",
        Number {
            min: Some(0.0),
            max: Some(1.0),
        },
        "The share of a team's time left for roadmap work after on-call, support and maintenance, for teams without their own `focus`; default 0.7.",
    ),
    field(
        "leave_weeks",
        Number {
            min: Some(0.0),
            max: Some(13.0),
        },
        "Weeks of holiday and sickness allowed per person and quarter; default 2.",
    ),
    field(
        "ramp_up_weeks",
        Number {
            min: Some(0.0),
            max: Some(52.0),
        },
        "Weeks a new hire works at reduced output; default 8.",
    ),
    field(
        "ramp_up_output",
        Number {
            min: Some(0.0),
            max: Some(1.0),
        },
        "A new hire's output during ramp-up, as a share of a full engineer's; default 0.5.",
    ),
    field(
        "over_capacity_percent",
        Number {
            min: Some(0.0),
            max: None,
        },
        "Warn (`over-capacity`) when a team's load in a quarter not yet over is above this percentage; default 100.",
    ),
    field(
        "owner_active_limit",
        Integer { min: 1, max: 1000 },
        "Warn (`owner-overloaded`) when a person owns more active initiatives than this; default 3.",
    ),
    field(
        "diff_load_points",
        Number {
            min: Some(0.0),
            max: None,
        },
        "`cto-plan diff` shows a team's load in a quarter when the change moves it by more than this many percentage points; default 5.",
    ),
    field(
        "traceability",
        Bool,
        "Warn (`untraced-initiative`, `unserved-key-result`) about active initiatives that serve no objective and key results that no initiative serves, in quarters not yet over; default false.",
    ),
];

/// The tables every plan's `cto-plan.toml` may hold besides the kinds' own.
const BASE: &[FieldSpec] = &[
    required("plan", Table(PLAN), "The plan's identity."),
    field("check", Table(CHECK), "Settings for `cto-plan check`."),
    field(
        "capacity",
        Table(CAPACITY),
        "How `cto-plan capacity` turns people into engineer-weeks (docs/capacity.md).",
    ),
];

/// The keys of `cto-plan.toml`: the base tables, then one table for each
/// kind that declares settings in its spec (`[radar]` for technologies).
pub fn fields() -> &'static [FieldSpec] {
    static FIELDS: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields = BASE.to_vec();
        for &kind in Kind::ALL {
            if let Some((name, settings)) = kind.spec().settings {
                fields.push(field(name, Table(settings), kind.spec().settings_doc));
            }
        }
        fields
    })
}

/// The settings every command reads, with defaults filled in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlanConfig {
    pub name: String,
    pub currency: String,
    pub fiscal_year_start_month: u8,
    pub budget_overrun_percent: f64,
    pub capacity: CapacitySettings,
    /// Each kind's settings table as written (`[radar]`), by kind; the kind's
    /// spec says what they mean and what the defaults are.
    #[serde(skip)]
    pub kind_settings: BTreeMap<Kind, Table>,
}

impl PlanConfig {
    /// A list setting of a kind (`radar.quadrants`), when the plan sets it.
    pub fn setting_words(&self, kind: Kind, key: &str) -> Option<Vec<String>> {
        match self.kind_settings.get(&kind)?.value(key)? {
            Value::List(items) => Some(
                items
                    .iter()
                    .filter_map(|item| match &item.value {
                        Value::Text(text) => Some(text.clone()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// The words a field of kind `Choice` allows: the plan's own list, else
    /// the default the spec gives.
    pub fn choices(&self, kind: Kind, setting: &str, default: &[&str]) -> Vec<String> {
        self.setting_words(kind, setting)
            .filter(|words| !words.is_empty())
            .unwrap_or_else(|| default.iter().map(|w| (*w).to_owned()).collect())
    }
}

/// The `[capacity]` settings, with their defaults.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CapacitySettings {
    pub focus: f64,
    pub leave_weeks: f64,
    pub ramp_up_weeks: f64,
    pub ramp_up_output: f64,
    pub over_capacity_percent: f64,
    pub owner_active_limit: f64,
    pub diff_load_points: f64,
    /// Whether `check` warns about work and key results that do not meet
    /// (`capacity` lists them either way): opt-in, because a plan that does
    /// not use objectives would otherwise warn on every active initiative.
    pub traceability: bool,
}

impl Default for CapacitySettings {
    fn default() -> Self {
        CapacitySettings {
            focus: 0.7,
            leave_weeks: 2.0,
            ramp_up_weeks: 8.0,
            ramp_up_output: 0.5,
            over_capacity_percent: 100.0,
            owner_active_limit: 3.0,
            diff_load_points: 5.0,
            traceability: false,
        }
    }
}

impl Default for PlanConfig {
    fn default() -> Self {
        PlanConfig {
            name: String::new(),
            currency: "USD".into(),
            fiscal_year_start_month: 1,
            budget_overrun_percent: 10.0,
            capacity: CapacitySettings::default(),
            kind_settings: BTreeMap::new(),
        }
    }
}
