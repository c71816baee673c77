//! The `person` kind: one member of the organisation, in `team/people/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};

pub const EMPLOYMENT: &[&str] = &["employee", "contractor"];

pub const FIELDS: &[FieldSpec] = &[
    required("name", Text, "Full name."),
    required("role", Text, "Job title, such as \"Staff Engineer\"."),
    field("team", Ref(Kind::Team), "The team they belong to."),
    field("manager", Ref(Kind::Person), "Their manager."),
    field("level", Text, "Career level, such as \"L5\"."),
    field("joined", Date, "First day."),
    field(
        "left",
        Date,
        "Last day; from the day after, they count as gone.",
    ),
    field("location", Text, "Where they work from."),
    field("skills", TextList, "What they are good at."),
    field("employment", Enum(EMPLOYMENT), "Employee or contractor."),
    CUSTOM,
];
