//! Rule `invalid-value` for the kinds' settings in `cto-plan.toml`: words a
//! setting chooses must be words its field allows (`[radar] decision_rings`
//! names rings), and a list of choices (`[radar] quadrants`) must name at
//! least one, each once. What the settings mean comes from the kind specs;
//! this module only checks them.

use crate::diagnostic::Finding;
use crate::model::schema::{FieldType, find};
use crate::model::{Kind, Plan, Value};
use crate::store::CONFIG_FILE;
use crate::text::did_you_mean;

use super::rules;

pub fn check(plan: &Plan, findings: &mut Vec<Finding>) {
    for &kind in Kind::ALL {
        let spec = kind.spec();
        let (Some((table, _)), Some(settings)) =
            (spec.settings, plan.config.kind_settings.get(&kind))
        else {
            continue;
        };
        for requirement in spec.requires {
            let Some(setting) = requirement.setting else {
                continue;
            };
            let allowed: &[&str] = match find(spec.fields, requirement.when).map(|f| f.ty) {
                Some(FieldType::Enum(words)) => words,
                _ => continue,
            };
            let Some(Value::List(items)) = settings.value(setting) else {
                continue;
            };
            for item in items {
                let Value::Text(word) = &item.value else {
                    continue;
                };
                if allowed.contains(&word.as_str()) {
                    continue;
                }
                let help = match did_you_mean(word, allowed) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => format!("name some of {}", allowed.join(", ")),
                };
                findings.push(
                    Finding::new(
                        &rules::INVALID_VALUE,
                        CONFIG_FILE,
                        Some(item.span.clone()),
                        format!(
                            "`{table}.{setting}`: \"{word}\" is not a {} of {}",
                            requirement.when,
                            kind.with_article()
                        ),
                    )
                    .help(help),
                );
            }
        }
        for field in spec.fields {
            let FieldType::Choice { setting, .. } = field.ty else {
                continue;
            };
            let Some(entry) = settings.get(setting) else {
                continue;
            };
            let Value::List(items) = &entry.value else {
                continue;
            };
            if items.is_empty() {
                findings.push(
                    Finding::new(
                        &rules::INVALID_VALUE,
                        CONFIG_FILE,
                        Some(entry.span.clone()),
                        format!("`{table}.{setting}` names no {}", field.name),
                    )
                    .help(format!(
                        "name the {}s, or remove the setting to use the defaults",
                        field.name
                    )),
                );
            }
            let mut seen = Vec::new();
            for item in items {
                let Value::Text(word) = &item.value else {
                    continue;
                };
                if seen.contains(&word) {
                    findings.push(
                        Finding::new(
                            &rules::INVALID_VALUE,
                            CONFIG_FILE,
                            Some(item.span.clone()),
                            format!("`{table}.{setting}` names \"{word}\" twice"),
                        )
                        .help("remove one of them"),
                    );
                }
                seen.push(word);
            }
        }
    }
}
