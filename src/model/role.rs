//! The `role` kind: one open position, in `team/hiring/`.

use super::Kind;
use super::initiative::PRIORITIES;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{Column, IdRule, KindSpec, Stage::*, StatusSpec, required_when, status};

pub const STATUSES: &[&str] = &["open", "interviewing", "offer", "filled", "cancelled"];

pub const FIELDS: &[FieldSpec] = &[
    required(
        "title",
        Text,
        "The position, such as \"Senior Backend Engineer\".",
    ),
    required("team", Ref(Kind::Team), "The team hiring."),
    field("level", Text, "Career level."),
    required("status", Enum(STATUSES), "Where the search stands."),
    required("opened", Date, "The day the role opened."),
    field("filled", Date, "The day an offer was accepted."),
    field("hire", Ref(Kind::Person), "Who took the role."),
    field("quarter", Quarter, "The quarter the hire is planned for."),
    field(
        "expected_start",
        Date,
        "The day the hire is expected to start; default the first day of `quarter`.",
    ),
    field("priority", Enum(PRIORITIES), "p0 (highest) to p3."),
    CUSTOM,
];

const LIFECYCLE: &[StatusSpec] = &[
    status("open", NotStarted, 0),
    status("interviewing", InProgress, 1),
    status("offer", InProgress, 2),
    status("filled", Done, 3),
    status("cancelled", Dropped, 3),
];

pub const SPEC: KindSpec = KindSpec {
    name: "role",
    plural: "roles",
    article: "a",
    folder: "team/hiring",
    doc: "One open position.",
    id: IdRule::Slug,
    title_field: "title",
    fields: FIELDS,
    statuses: LIFECYCLE,
    requires: &[required_when("filled", &["filled"])],
    date_order: &[("opened", "filled"), ("opened", "expected_start")],
    people: &[],
    gone_after: None,
    graphs: &[],
    hand_offs: &["team", "hire"],
    positions: &[],
    // A role is the hiring team's, not a person's.
    columns: Some(&[
        Column {
            header: "STATUS",
            fields: &["status"],
        },
        Column {
            header: "TEAM",
            fields: &["team"],
        },
        Column {
            header: "QUARTER",
            fields: &["quarter"],
        },
        Column {
            header: "PRIORITY",
            fields: &["priority"],
        },
    ]),
    heading: "Hiring",
    settings: None,
    settings_doc: "",
    rules: &[],
};
