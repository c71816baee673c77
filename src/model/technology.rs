//! The `technology` kind: one entry of the technology radar, in `radar/`.
//!
//! The radar follows Thoughtworks' format: each technology sits in a quadrant
//! and a ring (adopt, trial, assess, hold). The plan may rename the quadrants
//! in `cto-plan.toml` (`[radar] quadrants = [...]`). Git keeps the history of
//! moves between rings, which diffs, `log` and the review report in the
//! words below. Everything about the kind is declared here.

use super::Kind;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};
use super::spec::{Column, Graph, IdRule, KindSpec, Live, PeopleField, Position, Requirement};
use crate::diagnostic::{Rule, Severity};

/// The quadrants of Thoughtworks' radar, unless the plan names its own.
pub const QUADRANTS: &[&str] = &[
    "techniques",
    "tools",
    "platforms",
    "languages-and-frameworks",
];

/// The rings, from the centre out: use it, try it, look at it, stop using it.
pub const RINGS: &[&str] = &["adopt", "trial", "assess", "hold"];

/// The rings whose entries need a decision that justifies them, by default.
const DECISION_RINGS: &[&str] = &["adopt", "hold"];

pub static RING_WITHOUT_DECISION: Rule = Rule {
    code: "radar-decision",
    severity: Severity::Warning,
    summary: "A technology in adopt or hold (or the rings the plan names) links no decision.",
    what: "A technology whose `ring` is `adopt` or `hold` has a\n\
        `decisions` list naming the decisions that put it there. The plan may choose\n\
        the rings in `cto-plan.toml`, or turn the rule off with an empty list:\n\
        \n\
        ```toml\n\
        [radar]\n\
        decision_rings = [\"adopt\", \"hold\"]\n\
        ```",
    why: "Adopting a technology, or putting it on hold, commits the whole\n\
        organisation; a year later, someone will ask why. The radar's history is in\n\
        git, and the decision record says what was weighed.",
    fix: "Add `decisions = [\"DECISION-ID\"]`, writing the decision first\n\
        (`cto-plan new decision --title \"Adopt Kafka\"`) if there is none.",
};

pub const FIELDS: &[FieldSpec] = &[
    required("name", Text, "The technology's name, such as \"Kafka\"."),
    required(
        "quadrant",
        Choice {
            setting: "quadrants",
            default: QUADRANTS,
        },
        "The quadrant it sits in.",
    ),
    required("ring", Enum(RINGS), "Adopt, trial, assess or hold."),
    field("summary", Prose, "What it is and why it sits in its ring."),
    field("owner", Ref(Kind::Person), "Who speaks for it."),
    field("teams", RefList(Kind::Team), "The teams that use it."),
    field(
        "decisions",
        RefList(Kind::Decision),
        "The decisions that justify its current ring.",
    ),
    field("since", Date, "The day it entered its current ring."),
    field(
        "replaces",
        RefList(Kind::Technology),
        "Technologies it replaces.",
    ),
    field("tags", TextList, "Free labels."),
    field("links", TextList, "URLs: documentation, evaluations."),
    CUSTOM,
];

const SETTINGS: &[FieldSpec] = &[
    field(
        "quadrants",
        TextList,
        "The radar's quadrants, if not techniques, tools, platforms and languages-and-frameworks.",
    ),
    field(
        "decision_rings",
        TextList,
        "Rings whose technologies need a linked decision; default adopt and hold, [] for none.",
    ),
];

pub const SPEC: KindSpec = KindSpec {
    name: "technology",
    plural: "technologies",
    article: "a",
    folder: "radar",
    doc: "One entry of the technology radar: a technology in a quadrant and a ring.",
    id: IdRule::Slug,
    title_field: "name",
    fields: FIELDS,
    statuses: &[],
    requires: &[Requirement {
        field: "decisions",
        when: "ring",
        values: DECISION_RINGS,
        unless: false,
        rule: Some(&RING_WITHOUT_DECISION),
        setting: Some("decision_rings"),
    }],
    date_order: &[],
    people: &[PeopleField {
        field: "owner",
        while_: Live::Unfinished,
    }],
    gone_after: None,
    graphs: &[Graph {
        field: "replaces",
        cycle: "technologies replace each other in a circle",
    }],
    hand_offs: &["owner"],
    positions: &[Position {
        field: "ring",
        entered: "new on the radar in",
        exited: "off the radar",
        moved: "moved",
    }],
    columns: Some(&[
        Column {
            header: "QUADRANT",
            fields: &["quadrant"],
        },
        Column {
            header: "RING",
            fields: &["ring"],
        },
        Column {
            header: "OWNER",
            fields: &["owner"],
        },
    ]),
    heading: "Technology radar",
    settings: Some(("radar", SETTINGS)),
    settings_doc: "Settings of the technology radar.",
    rules: &[&RING_WITHOUT_DECISION],
};
