//! Rule `dangling-reference`: every reference names a record that exists.
//!
//! The form of a reference (a valid id, the right kind prefix) is checked
//! while parsing; this rule only asks whether the record is there, and
//! suggests the one meant by id, name or prefix ([`Plan::suggest`]).

use crate::diagnostic::Finding;
use crate::model::Plan;

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
