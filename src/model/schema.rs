//! The field schema: what each kind of record may hold, as data.
//!
//! One table per kind (in the kind's own module) drives parsing, validation,
//! the JSON Schema that editors use, value parsing for edits and field-level
//! diffs, so the format is described in exactly one place. This module holds
//! only descriptions; it reads nothing and judges nothing.

use super::Kind;

/// One key of a record or of a sub-table.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    /// Required in every record of the kind. Requirements that depend on the
    /// status (a shipped date once shipped) are lifecycle rules, not this flag.
    pub required: bool,
    /// One line for documentation, the JSON Schema and `--help`.
    pub doc: &'static str,
}

/// The type of a value.
#[derive(Debug, Clone, Copy)]
pub enum FieldType {
    /// A short line of text: a title, a name.
    Text,
    /// Long prose; diffs show it word by word.
    Prose,
    /// A calendar date, written as a TOML date (`2026-03-01`) or a string.
    Date,
    /// A quarter label such as `2026-Q3`.
    Quarter,
    /// A whole number within bounds.
    Integer {
        min: i64,
        max: i64,
    },
    /// A number (integer or float) within `min` and `max`, when given.
    Number {
        min: Option<f64>,
        max: Option<f64>,
    },
    Bool,
    /// One of a fixed set of words.
    Enum(&'static [&'static str]),
    /// One of a set of words the plan may choose in its kind's settings table
    /// of `cto-plan.toml` (`setting`), else `default`: a radar's quadrants.
    Choice {
        setting: &'static str,
        default: &'static [&'static str],
    },
    /// An ISO 4217 currency code such as `USD`.
    Currency,
    /// A reference to one record of the kind.
    Ref(Kind),
    /// A list of references to records of the kind; compared as a set.
    RefList(Kind),
    /// A list of short strings (tags, skills, links); compared as a set.
    TextList,
    /// A fixed sub-table such as `estimate = { engineers = 3, weeks = 6 }`.
    Table(&'static [FieldSpec]),
    /// Keyed sub-tables such as `[milestone.beta]`: the key is the identity.
    Keyed(&'static [FieldSpec]),
    /// The free-form `[custom]` table: anything goes.
    Custom,
}

impl FieldType {
    /// A short human name of the type, for messages ("expected a date").
    pub fn describe(&self) -> String {
        match self {
            FieldType::Text | FieldType::Prose => "a string".into(),
            FieldType::Date => "a date such as 2026-03-01".into(),
            FieldType::Quarter => "a quarter such as \"2026-Q3\"".into(),
            FieldType::Integer { min, max } => format!("a whole number from {min} to {max}"),
            FieldType::Number {
                min: Some(min),
                max: Some(max),
            } => format!("a number from {min} to {max}"),
            FieldType::Number {
                min: Some(min),
                max: None,
            } => format!("a number no smaller than {min}"),
            FieldType::Number {
                min: None,
                max: Some(max),
            } => format!("a number no larger than {max}"),
            FieldType::Number {
                min: None,
                max: None,
            } => "a number".into(),
            FieldType::Bool => "true or false".into(),
            FieldType::Enum(words) => format!("one of {}", quoted_list(words)),
            FieldType::Choice { default, .. } => {
                format!("one of {} (or the plan's own)", quoted_list(default))
            }
            FieldType::Currency => "a three-letter currency code such as \"USD\"".into(),
            FieldType::Ref(kind) => format!("the id of {}", kind.with_article()),
            FieldType::RefList(kind) => format!("a list of {kind} ids"),
            FieldType::TextList => "a list of strings".into(),
            FieldType::Table(_) => "a table".into(),
            FieldType::Keyed(_) => "a table of named sub-tables".into(),
            FieldType::Custom => "a table".into(),
        }
    }
}

/// `"a", "b" or "c"`, for messages.
pub fn quoted_list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// Shorthand constructors keep the per-kind tables readable.
pub const fn field(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
        doc,
    }
}

pub const fn required(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: true,
        doc,
    }
}

/// The `[custom]` table every record may carry.
pub const CUSTOM: FieldSpec = field(
    "custom",
    FieldType::Custom,
    "Free-form data of your own; never checked.",
);

/// Looks a field up by name.
pub fn find<'a>(fields: &'a [FieldSpec], name: &str) -> Option<&'a FieldSpec> {
    fields.iter().find(|f| f.name == name)
}
