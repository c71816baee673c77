//! The `person` kind: one member of the organisation, in `team/people/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{Column, Graph, IdRule, KindSpec, Live, PeopleField};

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
    field(
        "allocation",
        Number {
            min: Some(0.0),
            max: Some(1.0),
        },
        "The share of their time that goes to their team's work; default 1 (part-timers and people shared with another team have less).",
    ),
    field("employment", Enum(EMPLOYMENT), "Employee or contractor."),
    CUSTOM,
];

pub const SPEC: KindSpec = KindSpec {
    name: "person",
    plural: "people",
    article: "a",
    folder: "team/people",
    doc: "One member of the organisation.",
    id: IdRule::Slug,
    title_field: "name",
    fields: FIELDS,
    statuses: &[],
    requires: &[],
    date_order: &[("joined", "left")],
    people: &[PeopleField {
        field: "manager",
        while_: Live::Unfinished,
    }],
    gone_after: Some("left"),
    graphs: &[Graph {
        field: "manager",
        cycle: "people manage each other in a circle",
    }],
    hand_offs: // A person's `team` changing is a move between teams, not a hand-off.
    &["manager"],
    positions: &[],
    // A person has no status, owner or quarter: where they are, as what, since when.
    columns: Some(&[
        Column {
            header: "TEAM",
            fields: &["team"],
        },
        Column {
            header: "ROLE",
            fields: &["role"],
        },
        Column {
            header: "JOINED",
            fields: &["joined"],
        },
        Column {
            header: "LEFT",
            fields: &["left"],
        },
    ]),
    heading: "People",
    settings: None,
    settings_doc: "",
    rules: &[],
};
