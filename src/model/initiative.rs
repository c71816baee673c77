//! The `initiative` kind: one roadmap item, in `roadmap/`.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{
    Graph, IdRule, KindSpec, Live, PeopleField, Stage::*, StatusSpec, required_unless,
    required_when, status,
};

pub const STATUSES: &[&str] = &[
    "proposed",
    "planned",
    "active",
    "paused",
    "shipped",
    "cancelled",
];
pub const PRIORITIES: &[&str] = &["p0", "p1", "p2", "p3"];

const ESTIMATE: &[FieldSpec] = &[
    field(
        "engineers",
        Number {
            min: Some(0.0),
            max: Some(1000.0),
        },
        "How many engineers work on it; at most 1000, since more is a typo or a programme of several initiatives.",
    ),
    field(
        "weeks",
        Number {
            min: Some(0.0),
            max: Some(520.0),
        },
        "How many weeks it takes them; at most 520 (ten years), since longer is a typo or a programme of several initiatives.",
    ),
];

const MILESTONE: &[FieldSpec] = &[
    required("title", Text, "What the milestone delivers."),
    field("due", Date, "When it is due."),
    field("done", Bool, "Whether it is reached."),
];

pub const FIELDS: &[FieldSpec] = &[
    required("title", Text, "A short name for the initiative."),
    required("status", Enum(STATUSES), "Where it stands."),
    field("summary", Prose, "What it is and why it matters."),
    field("owner", Ref(Kind::Person), "The person accountable for it."),
    field("team", Ref(Kind::Team), "The team doing the work."),
    field("quarter", Quarter, "The target quarter."),
    field("start", Quarter, "The quarter work starts."),
    field("priority", Enum(PRIORITIES), "p0 (highest) to p3."),
    field(
        "depends_on",
        RefList(Kind::Initiative),
        "Initiatives that must ship first.",
    ),
    field(
        "objectives",
        RefList(Kind::Objective),
        "Objectives it serves.",
    ),
    field(
        "decisions",
        RefList(Kind::Decision),
        "Decisions that shape it.",
    ),
    field("estimate", Table(ESTIMATE), "Size: engineers and weeks."),
    field(
        "skills",
        TextList,
        "Skills the work needs, in the words people's `skills` use.",
    ),
    field("shipped", Date, "The day it shipped."),
    field("tags", TextList, "Free labels."),
    field("links", TextList, "URLs: design docs, tickets, dashboards."),
    field(
        "milestone",
        Keyed(MILESTONE),
        "Milestones, one `[milestone.KEY]` table each.",
    ),
    CUSTOM,
];

const LIFECYCLE: &[StatusSpec] = &[
    status("proposed", NotStarted, 0),
    status("planned", NotStarted, 1),
    status("active", InProgress, 2),
    status("paused", InProgress, 2),
    status("shipped", Done, 3),
    status("cancelled", Dropped, 3),
];

pub const SPEC: KindSpec = KindSpec {
    name: "initiative",
    plural: "initiatives",
    article: "an",
    folder: "roadmap",
    doc: "One roadmap item.",
    id: IdRule::Slug,
    title_field: "title",
    fields: FIELDS,
    statuses: LIFECYCLE,
    requires: &[
        required_unless("quarter", &["proposed", "cancelled"]),
        required_when("shipped", &["shipped"]),
    ],
    date_order: &[("start", "quarter")],
    people: &[PeopleField {
        field: "owner",
        while_: Live::Unfinished,
    }],
    gone_after: None,
    graphs: &[Graph {
        field: "depends_on",
        cycle: "initiatives depend on each other in a circle",
    }],
    hand_offs: &["owner", "team"],
    positions: &[],
    columns: None,
    heading: "Roadmap",
    settings: None,
    settings_doc: "",
    rules: &[],
};
