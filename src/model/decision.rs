//! The `decision` kind: one architecture or organisation decision record, in
//! `decisions/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{
    Graph, IdRule, KindSpec, Live, PeopleField, Stage::*, StatusSpec, required_unless,
    required_when, status,
};

pub const STATUSES: &[&str] = &[
    "proposed",
    "accepted",
    "rejected",
    "deprecated",
    "superseded",
];

const OPTION: &[FieldSpec] = &[
    field("summary", Prose, "What the option is."),
    field("pros", TextList, "Arguments for it."),
    field("cons", TextList, "Arguments against it."),
    field("chosen", Bool, "Whether this is the option taken."),
];

pub const FIELDS: &[FieldSpec] = &[
    required("title", Text, "The question or the choice, in a line."),
    required("status", Enum(STATUSES), "Where it stands."),
    required("proposed", Date, "The day it was proposed."),
    field("decided", Date, "The day it was decided."),
    field("deciders", RefList(Kind::Person), "Who decided."),
    field("consulted", RefList(Kind::Person), "Who was asked."),
    required("context", Prose, "The forces at play."),
    field("decision", Prose, "What was decided."),
    field("consequences", Prose, "What follows from it."),
    field(
        "option",
        Keyed(OPTION),
        "Options weighed, one `[option.KEY]` table each.",
    ),
    field(
        "supersedes",
        RefList(Kind::Decision),
        "Earlier decisions this one replaces.",
    ),
    field("review_by", Date, "When to look at it again."),
    field("tags", TextList, "Free labels."),
    field(
        "initiatives",
        RefList(Kind::Initiative),
        "Initiatives it affects.",
    ),
    CUSTOM,
];

const LIFECYCLE: &[StatusSpec] = &[
    status("proposed", NotStarted, 0),
    // An accepted decision is in force: it is reviewed, and can be deprecated.
    status("accepted", InProgress, 1),
    status("rejected", Dropped, 1),
    status("deprecated", Done, 2),
    status("superseded", Done, 2),
];

pub const SPEC: KindSpec = KindSpec {
    name: "decision",
    plural: "decisions",
    article: "a",
    folder: "decisions",
    doc: "One architecture or organisation decision record (an ADR): the question, the options weighed and what was decided.",
    id: IdRule::DatedSlug { from: "proposed" },
    title_field: "title",
    fields: FIELDS,
    statuses: LIFECYCLE,
    requires: &[
        required_when(
            "decided",
            &["accepted", "rejected", "deprecated", "superseded"],
        ),
        required_unless("decision", &["proposed"]),
    ],
    date_order: &[("proposed", "decided")],
    people: &[PeopleField {
        field: "deciders",
        while_: Live::Status(&["proposed"]),
    }],
    gone_after: None,
    graphs: &[Graph {
        field: "supersedes",
        cycle: "decisions supersede each other in a circle",
    }],
    hand_offs: &[],
    positions: &[],
    columns: None,
    heading: "Decisions",
    settings: None,
    settings_doc: "",
    rules: &[],
};
