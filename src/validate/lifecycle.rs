//! Lifecycle rules: fields a status requires, superseded decisions that agree
//! with the decisions superseding them, and dates in order. The fields
//! involved come from each kind's spec; this module keeps no table of its own.

use crate::diagnostic::Finding;
use crate::model::{Kind, Plan, Record, Value};

use super::rules;

/// Rule `missing-field` (or the kind's own rule) for fields that another
/// field's value requires, as each kind's spec declares them.
pub fn required_by_status(plan: &Plan, findings: &mut Vec<Finding>) {
    for &kind in Kind::ALL {
        for requirement in kind.spec().requires {
            let configured = requirement
                .setting
                .and_then(|setting| plan.config.setting_words(kind, setting));
            let values: Vec<&str> = match &configured {
                Some(words) => words.iter().map(String::as_str).collect(),
                None => requirement.values.to_vec(),
            };
            let rule = requirement.rule.unwrap_or(&rules::MISSING_FIELD);
            for record in plan.of_kind(kind) {
                let (Some(value), Some(entry)) = (
                    record.fields.text(requirement.when),
                    record.fields.get(requirement.when),
                ) else {
                    continue;
                };
                let listed = values.contains(&value);
                // An empty list says nothing: `decisions = []` links no decision.
                let present = match record.fields.value(requirement.field) {
                    Some(Value::List(items)) => !items.is_empty(),
                    Some(_) => true,
                    None => false,
                };
                if listed == requirement.unless || present {
                    continue;
                }
                let doc = kind
                    .fields()
                    .iter()
                    .find(|f| f.name == requirement.field)
                    .map_or("", |f| f.doc);
                let (message, label) = if requirement.when == "status" {
                    (
                        format!(
                            "{} is {value} but has no `{}`",
                            record.reference(),
                            requirement.field
                        ),
                        format!("this status needs `{}`", requirement.field),
                    )
                } else {
                    (
                        format!(
                            "{} has {} \"{value}\" but no `{}`",
                            record.reference(),
                            requirement.when,
                            requirement.field
                        ),
                        format!("this {} needs `{}`", requirement.when, requirement.field),
                    )
                };
                let mut help = format!("add `{} = …`: {}", requirement.field, lowercase_first(doc));
                if let (Some(setting), Some((table, _))) =
                    (requirement.setting, kind.spec().settings)
                {
                    help = format!(
                        "{}; or name the {} that need it in `{setting}` under `[{table}]` in cto-plan.toml",
                        help.trim_end_matches('.'),
                        plural_of(requirement.when)
                    );
                }
                findings.push(
                    Finding::new(rule, &record.path, Some(entry.span.clone()), message)
                        .label(label)
                        .help(help),
                );
            }
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

/// Rule `date-order`.
pub fn date_order(plan: &Plan, findings: &mut Vec<Finding>) {
    for &kind in Kind::ALL {
        for &(earlier, later) in kind.spec().date_order {
            date_order_of(plan, kind, earlier, later, findings);
        }
    }
}

fn date_order_of(plan: &Plan, kind: Kind, earlier: &str, later: &str, findings: &mut Vec<Finding>) {
    for record in plan.of_kind(kind) {
        let (Some(first), Some(second)) = (record.fields.get(earlier), record.fields.get(later))
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

/// "ring" → "rings", "status" → "statuses", for hints.
fn plural_of(word: &str) -> String {
    if word.ends_with('s') {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// "The day…" → "the day…", to continue a sentence.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
