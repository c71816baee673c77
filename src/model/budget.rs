//! The `budget` kind: one quarter's budget, in `budget/`, named by quarter
//! (`budget/2026-Q3.toml`).

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};

pub const CATEGORIES: &[&str] = &[
    "headcount",
    "infrastructure",
    "tooling",
    "vendors",
    "training",
    "travel",
    "other",
];

const LINE: &[FieldSpec] = &[
    required("category", Enum(CATEGORIES), "What the money is for."),
    required("planned", Number { min: Some(0.0) }, "The amount planned."),
    field(
        "actual",
        Number { min: Some(0.0) },
        "The amount spent so far.",
    ),
    field(
        "initiative",
        Ref(Kind::Initiative),
        "The initiative it funds.",
    ),
    field("team", Ref(Kind::Team), "The team it belongs to."),
    field("note", Text, "Anything worth knowing."),
];

pub const FIELDS: &[FieldSpec] = &[
    field("currency", Currency, "Defaults to the plan's currency."),
    field(
        "line",
        Keyed(LINE),
        "Budget lines, one `[line.KEY]` table each.",
    ),
    CUSTOM,
];
