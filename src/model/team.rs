//! The `team` kind: one team, in `team/teams/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};

pub const FIELDS: &[FieldSpec] = &[
    required("name", Text, "The team's name."),
    field("lead", Ref(Kind::Person), "Who leads it."),
    field("mission", Prose, "What it exists to do."),
    field(
        "parent",
        Ref(Kind::Team),
        "The group or department it belongs to.",
    ),
    field(
        "headcount_target",
        Integer {
            min: 0,
            max: 100_000,
        },
        "How many people it should have.",
    ),
    CUSTOM,
];
