//! The `budget` kind: one quarter's budget, in `budget/`, named by quarter
//! (`budget/2026-Q3.toml`).

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{IdRule, KindSpec};

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
    required(
        "planned",
        Number {
            min: Some(0.0),
            max: None,
        },
        "The amount planned.",
    ),
    field(
        "actual",
        Number {
            min: Some(0.0),
            max: None,
        },
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

pub const SPEC: KindSpec = KindSpec {
    name: "budget",
    plural: "budgets",
    article: "a",
    folder: "budget",
    doc: "One quarter's budget, in lines, named by the quarter's label (`budget/2026-Q4.toml`); it has no required field.",
    id: IdRule::Quarter,
    title_field: "title",
    fields: FIELDS,
    statuses: &[],
    requires: &[],
    date_order: &[],
    people: &[],
    gone_after: None,
    graphs: &[],
    hand_offs: &[],
    positions: &[],
    columns: None,
    heading: "Budget",
    settings: None,
    settings_doc: "",
    rules: &[],
};
