//! The `objective` kind: one objective with its key results, in `objectives/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{IdRule, KindSpec, Live, PeopleField, Stage::*, StatusSpec, status};

pub const STATUSES: &[&str] = &["draft", "committed", "achieved", "missed", "dropped"];
pub const DIRECTIONS: &[&str] = &["increase", "decrease"];

const KEY_RESULT: &[FieldSpec] = &[
    required("metric", Text, "What is measured."),
    field("unit", Text, "The unit, such as \"ms\" or \"%\"."),
    field(
        "baseline",
        Number {
            min: None,
            max: None,
        },
        "The value at the start.",
    ),
    required(
        "target",
        Number {
            min: None,
            max: None,
        },
        "The value to reach.",
    ),
    field(
        "current",
        Number {
            min: None,
            max: None,
        },
        "The latest value.",
    ),
    field(
        "direction",
        Enum(DIRECTIONS),
        "Whether higher or lower is better; when absent, the way from baseline to target.",
    ),
];

pub const FIELDS: &[FieldSpec] = &[
    required("title", Text, "The objective, in a line."),
    required("quarter", Quarter, "The quarter it is for."),
    field("owner", Ref(Kind::Person), "Who is accountable."),
    field("team", Ref(Kind::Team), "The team pursuing it."),
    field("status", Enum(STATUSES), "Where it stands."),
    field(
        "key_result",
        Keyed(KEY_RESULT),
        "Key results, one `[key_result.KEY]` table each.",
    ),
    CUSTOM,
];

const LIFECYCLE: &[StatusSpec] = &[
    status("draft", NotStarted, 0),
    status("committed", InProgress, 1),
    status("achieved", Done, 2),
    status("missed", Done, 2),
    status("dropped", Dropped, 2),
];

pub const SPEC: KindSpec = KindSpec {
    name: "objective",
    plural: "objectives",
    article: "an",
    folder: "objectives",
    doc: "One objective with its key results.",
    id: IdRule::Slug,
    title_field: "title",
    fields: FIELDS,
    statuses: LIFECYCLE,
    requires: &[],
    date_order: &[],
    people: &[PeopleField {
        field: "owner",
        while_: Live::Unfinished,
    }],
    gone_after: None,
    graphs: &[],
    hand_offs: &["owner", "team"],
    positions: &[],
    columns: None,
    heading: "Objectives",
    settings: None,
    settings_doc: "",
    rules: &[],
};
