//! The `risk` kind: one entry of the risk register, in `risks/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{
    IdRule, KindSpec, Live, PeopleField, Stage::*, StatusSpec, required_when, status,
};

pub const CATEGORIES: &[&str] = &[
    "security",
    "compliance",
    "delivery",
    "people",
    "vendor",
    "continuity",
    "financial",
    "technical",
];
pub const STATUSES: &[&str] = &["open", "mitigating", "accepted", "closed"];

pub const FIELDS: &[FieldSpec] = &[
    required("title", Text, "The risk, in a line."),
    field("category", Enum(CATEGORIES), "What sort of risk it is."),
    required(
        "likelihood",
        Integer { min: 1, max: 5 },
        "1 (rare) to 5 (almost certain).",
    ),
    required(
        "impact",
        Integer { min: 1, max: 5 },
        "1 (minor) to 5 (severe).",
    ),
    field("owner", Ref(Kind::Person), "Who watches it."),
    required("status", Enum(STATUSES), "Where it stands."),
    field("mitigation", Prose, "What is being done about it."),
    required("opened", Date, "The day it was raised."),
    field("closed", Date, "The day it was closed."),
    field("review_by", Date, "When to look at it again."),
    field(
        "initiatives",
        RefList(Kind::Initiative),
        "Initiatives it threatens.",
    ),
    CUSTOM,
];

const LIFECYCLE: &[StatusSpec] = &[
    status("open", NotStarted, 0),
    status("mitigating", InProgress, 1),
    status("accepted", InProgress, 1),
    status("closed", Done, 2),
];

pub const SPEC: KindSpec = KindSpec {
    name: "risk",
    plural: "risks",
    article: "a",
    folder: "risks",
    doc: "One entry of the risk register; its score is likelihood × impact.",
    id: IdRule::Slug,
    title_field: "title",
    fields: FIELDS,
    statuses: LIFECYCLE,
    requires: &[required_when("closed", &["closed"])],
    date_order: &[("opened", "closed")],
    people: &[PeopleField {
        field: "owner",
        while_: Live::Unfinished,
    }],
    gone_after: None,
    graphs: &[],
    hand_offs: &["owner"],
    positions: &[],
    columns: None,
    heading: "Risks",
    settings: None,
    settings_doc: "",
    rules: &[],
};
