//! Rule `dangling-reference`: every reference names a record that exists.
//!
//! The form of a reference (a valid id, the right kind prefix) is checked
//! while parsing; this rule only asks whether the record is there, and
//! suggests the one meant by id, name or prefix ([`Plan::suggest`]).

use crate::diagnostic::{Finding, Span};
use crate::model::schema::find;
use crate::model::{FieldSpec, FieldType, Kind, Plan, Table, Value};

use super::rules;

pub fn dangling(plan: &Plan, findings: &mut Vec<Finding>) {
    for record in &plan.records {
        for site in record.references() {
            if plan.resolve(site.text, Some(site.kind)).is_ok() {
                continue;
            }
            let id = Plan::bare_id(site.text);
            let help = match plan.suggest(id, Some(site.kind)) {
                Some(meant) => format!("did you mean \"{}\"?", meant.id),
                None => format!("create {}/{id}.toml, or fix the id", site.kind.folder()),
            };
            let message = format!(
                "`{}` refers to {}/{id}, which does not exist",
                site.field, site.kind
            );
            findings.push(
                Finding::new(
                    &rules::DANGLING_REFERENCE,
                    &record.path,
                    Some(site.span.clone()),
                    message,
                )
                .label(format!("no {} with this id", site.kind))
                .help(help),
            );
        }
    }
}

/// A reference that is not even an id (`team = "Platform"`, `owner = "Tom
/// Ng"`) is reported while parsing, where the other records are unknown:
/// here its help becomes the record meant, when there is one.
pub fn suggest_for_invalid_ids(plan: &Plan, findings: &mut [Finding]) {
    for record in &plan.records {
        let mut sites = Vec::new();
        invalid_references(record.kind.fields(), &record.fields, &mut sites);
        for (span, kind, text) in sites {
            let Some(meant) = plan.suggest(text, Some(kind)) else {
                continue;
            };
            let finding = findings.iter_mut().find(|f| {
                std::ptr::eq(f.rule, &rules::INVALID_VALUE)
                    && f.path == record.path
                    && f.span.as_ref() == Some(span)
            });
            if let Some(finding) = finding {
                finding.help = Some(format!("did you mean \"{}\"?", meant.id));
            }
        }
    }
}

/// The references of a table kept as written because they are not ids.
fn invalid_references<'a>(
    specs: &[FieldSpec],
    table: &'a Table,
    out: &mut Vec<(&'a Span, Kind, &'a str)>,
) {
    for entry in &table.entries {
        let Some(spec) = find(specs, &entry.key) else {
            continue;
        };
        match (spec.ty, &entry.value) {
            (FieldType::Ref(kind), Value::Invalid(raw)) => {
                if let Value::Text(text) = raw.as_ref() {
                    out.push((&entry.span, kind, text));
                }
            }
            (FieldType::RefList(kind), Value::List(items)) => {
                for item in items {
                    if let Value::Invalid(raw) = &item.value
                        && let Value::Text(text) = raw.as_ref()
                    {
                        out.push((&item.span, kind, text));
                    }
                }
            }
            // One bad item keeps the whole list as written; the finding
            // points at that item.
            (FieldType::RefList(kind), Value::Invalid(raw)) => {
                if let Value::List(items) = raw.as_ref() {
                    for item in items {
                        if let Value::Text(text) = &item.value {
                            out.push((&item.span, kind, text));
                        }
                    }
                }
            }
            (FieldType::Table(sub), Value::Table(inner)) => invalid_references(sub, inner, out),
            (FieldType::Keyed(sub), Value::Table(keyed)) => {
                for item in &keyed.entries {
                    if let Value::Table(inner) = &item.value {
                        invalid_references(sub, inner, out);
                    }
                }
            }
            _ => {}
        }
    }
}
