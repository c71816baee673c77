//! The `team` kind: one team, in `team/teams/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{Column, Graph, IdRule, KindSpec, Live, PeopleField};

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
    field(
        "focus",
        Number {
            min: Some(0.0),
            max: Some(1.0),
        },
        "The share of the team's time left for roadmap work after on-call, support and maintenance; default `[capacity] focus`.",
    ),
    CUSTOM,
];

pub const SPEC: KindSpec = KindSpec {
    name: "team",
    plural: "teams",
    article: "a",
    folder: "team/teams",
    doc: "One team; teams nest through `parent`.",
    id: IdRule::Slug,
    title_field: "name",
    fields: FIELDS,
    statuses: &[],
    requires: &[],
    date_order: &[],
    people: &[PeopleField {
        field: "lead",
        while_: Live::Unfinished,
    }],
    gone_after: None,
    graphs: &[Graph {
        field: "parent",
        cycle: "teams are their own parents",
    }],
    hand_offs: &["lead", "parent"],
    positions: &[],
    columns: Some(&[
        Column {
            header: "LEAD",
            fields: &["lead"],
        },
        Column {
            header: "PARENT",
            fields: &["parent"],
        },
        Column {
            header: "HEADCOUNT TARGET",
            fields: &["headcount_target"],
        },
    ]),
    heading: "Teams",
    settings: None,
    settings_doc: "",
    rules: &[],
};
