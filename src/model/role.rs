//! The `role` kind: one open position, in `team/hiring/`.

use super::Kind;
use super::initiative::PRIORITIES;
use super::schema::{CUSTOM, FieldSpec, FieldType::*, field, required};

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
    field(
        "filled",
        Date,
        "The day an offer was accepted; required when filled.",
    ),
    field("hire", Ref(Kind::Person), "Who took the role."),
    field("quarter", Quarter, "The quarter the hire is planned for."),
    field("priority", Enum(PRIORITIES), "p0 (highest) to p3."),
    CUSTOM,
];
