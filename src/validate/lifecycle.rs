//! Lifecycle rules: fields a status requires, superseded decisions that agree
//! with the decisions superseding them, and dates in order.

use crate::diagnostic::Finding;
use crate::model::{Kind, Plan, Record, Value};

use super::rules;

/// (kind, field, statuses that require it, or that exempt it when `unless`).
struct StatusRule {
    kind: Kind,
    field: &'static str,
    statuses: &'static [&'static str],
    unless: bool,
}

const STATUS_RULES: &[StatusRule] = &[
    StatusRule {
        kind: Kind::Initiative,
        field: "quarter",
        statuses: &["proposed", "cancelled"],
        unless: true,
    },
    StatusRule {
        kind: Kind::Initiative,
        field: "shipped",
        statuses: &["shipped"],
        unless: false,
    },
    StatusRule {
        kind: Kind::Decision,
        field: "decided",
        statuses: &["accepted", "rejected", "deprecated", "superseded"],
        unless: false,
    },
    StatusRule {
        kind: Kind::Decision,
        field: "decision",
        statuses: &["proposed"],
        unless: true,
    },
    StatusRule {
        kind: Kind::Role,
        field: "filled",
        statuses: &["filled"],
        unless: false,
    },
    StatusRule {
        kind: Kind::Risk,
        field: "closed",
        statuses: &["closed"],
        unless: false,
    },
];

/// Rule `missing-field` for fields that a status requires.
pub fn required_by_status(plan: &Plan, findings: &mut Vec<Finding>) {
    for rule in STATUS_RULES {
        for record in plan.of_kind(rule.kind) {
            let (Some(status), Some(status_entry)) = (record.status(), record.fields.get("status"))
            else {
                continue;
            };
            let listed = rule.statuses.contains(&status);
            if listed == rule.unless || record.fields.get(rule.field).is_some() {
                continue;
            }
            let doc = rule
                .kind
                .fields()
                .iter()
                .find(|f| f.name == rule.field)
                .map_or("", |f| f.doc);
            findings.push(
                Finding::new(
                    &rules::MISSING_FIELD,
                    &record.path,
                    Some(status_entry.span.clone()),
                    format!(
                        "{} is {status} but has no `{}`",
                        record.reference(),
                        rule.field
                    ),
                )
                .label(format!("this status needs `{}`", rule.field))
                .help(format!(
                    "add `{} = …`: {}",
                    rule.field,
                    lowercase_first(doc)
                )),
            );
        }
    }
}

/// Rule `supersede-consistency`.
pub fn supersede_consistency(plan: &Plan, findings: &mut Vec<Finding>) {
    let decisions: Vec<&Record> = plan.of_kind(Kind::Decision).collect();
    for newer in &decisions {
        for (text, span) in newer.fields.texts("supersedes") {
            let Ok(older) = plan.resolve(text, Some(Kind::Decision)) else {
                continue;
            };
            let status = older.status().unwrap_or("unset");
            if status != "superseded" && older.id != newer.id {
                findings.push(
                    Finding::new(
                        &rules::SUPERSEDE,
                        &newer.path,
                        Some(span),
                        format!(
                            "{} supersedes {}, whose status is \"{status}\"",
                            newer.reference(),
                            older.reference()
                        ),
                    )
                    .help(format!("set `status = \"superseded\"` in {}", older.path)),
                );
            }
        }
    }
    for older in &decisions {
        if older.status() != Some("superseded") {
            continue;
        }
        let superseded_by = decisions.iter().any(|newer| {
            newer.fields.texts("supersedes").iter().any(|(text, _)| {
                plan.resolve(text, Some(Kind::Decision))
                    .is_ok_and(|r| r.id == older.id)
            })
        });
        if !superseded_by {
            let span = older.fields.get("status").map(|e| e.span.clone());
            findings.push(
                Finding::new(&rules::SUPERSEDE, &older.path, span, format!("{} is superseded, but no decision supersedes it", older.reference()))
                    .label("superseded by what?")
                    .help(format!("add \"{}\" to `supersedes` in the decision that replaces it, or change the status", older.id)),
            );
        }
    }
}

/// (kind, earlier field, later field)
const DATE_PAIRS: &[(Kind, &str, &str)] = &[
    (Kind::Initiative, "start", "quarter"),
    (Kind::Person, "joined", "left"),
    (Kind::Role, "opened", "filled"),
    (Kind::Risk, "opened", "closed"),
    (Kind::Decision, "proposed", "decided"),
];

/// Rule `date-order`.
pub fn date_order(plan: &Plan, findings: &mut Vec<Finding>) {
    for &(kind, earlier, later) in DATE_PAIRS {
        for record in plan.of_kind(kind) {
            let (Some(first), Some(second)) =
                (record.fields.get(earlier), record.fields.get(later))
            else {
                continue;
            };
            let out_of_order = match (&first.value, &second.value) {
                (Value::Date(a), Value::Date(b)) => a > b,
                (Value::Quarter(a), Value::Quarter(b)) => a > b,
                _ => false,
            };
            if out_of_order {
                let show = |v: &Value| match v {
                    Value::Date(d) => d.to_string(),
                    Value::Quarter(q) => q.to_string(),
                    _ => String::new(),
                };
                findings.push(
                    Finding::new(
                        &rules::DATE_ORDER,
                        &record.path,
                        Some(second.span.clone()),
                        format!(
                            "`{later}` ({}) comes before `{earlier}` ({})",
                            show(&second.value),
                            show(&first.value)
                        ),
                    )
                    .label(format!("before `{earlier}`"))
                    .help(format!(
                        "`{earlier}` must not be later than `{later}`: fix whichever is wrong"
                    )),
                );
            }
        }
    }
}

/// "The day…" → "the day…", to continue a sentence.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
