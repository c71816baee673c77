//! New records: ids made from titles, and the text of a new file rendered
//! from its kind's template.
//!
//! Templates live in `templates/new/KIND.toml`, embedded in the binary; a
//! plan may override one with `.cto-plan/templates/new/KIND.toml`. They are
//! minijinja templates with `kind`, `id`, `title`, `today`, `currency`,
//! `plan` and `choices` (the words of fields the plan may rename) in scope, the `toml` filter (quotes a string as TOML) and the
//! `date(days)` and `quarter(offset)` functions relative to today (the
//! environment and context are `crate::template`'s, which runs every
//! template within limits of work, nesting and output). Nothing here writes
//! a file: the session validates the result first.

use std::path::Path;

use jiff::civil::Date;

use super::assign::{Assignment, Op};
use super::paths;
pub use super::slug::slug;
use super::slug::{MAX_ID, slug_within};
use crate::error::{Error, Result};
use crate::model::{IdRule, Kind, PlanConfig};
use crate::scaffold;
use crate::template;

/// The id of a new record when none is given. Decision ids start with a
/// day, so two branches that each record a decision never pick the same id:
/// the day of the kind's dating field (a decision's `proposed`) when
/// `changes` set it to a date, else today.
pub fn id_for(
    kind: Kind,
    title: Option<&str>,
    changes: &[Assignment],
    today: Date,
) -> Result<String> {
    if kind.spec().id == IdRule::Quarter {
        return Err(Error::QuarterNamesIt {
            kind: kind.to_string(),
        });
    }
    let title = title.ok_or_else(|| Error::NoNewId {
        kind: kind.to_string(),
    })?;
    let unusable = || Error::NoIdFromTitle {
        kind: kind.to_string(),
        title: title.to_owned(),
    };
    if let IdRule::DatedSlug { from } = kind.spec().id {
        let prefix = dated_by(from, changes).unwrap_or(today).to_string();
        let rest = slug_within(title, MAX_ID - prefix.len() - 1).ok_or_else(unusable)?;
        return Ok(format!("{prefix}-{rest}"));
    }
    slug(title).ok_or_else(unusable)
}

/// The date `changes` give the field `from`, if they set it to one.
fn dated_by(from: &str, changes: &[Assignment]) -> Option<Date> {
    changes
        .iter()
        .rev()
        .find_map(|change| match (&change.path[..], &change.op) {
            ([field], Op::Set(value)) if field == from => value.trim().parse().ok(),
            _ => None,
        })
}

/// What a template can use.
pub struct Draft<'a> {
    pub kind: Kind,
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub today: Date,
    pub config: &'a PlanConfig,
}

/// The text of a new record from its template: the plan's override when it
/// has one, else the built-in one.
pub fn render(root: &Path, draft: &Draft<'_>) -> Result<String> {
    let name = format!("new/{}.toml", draft.kind);
    let override_path = format!(".cto-plan/templates/{name}");
    let real = paths::real_path(root, &override_path)?;
    let (source, shown) = if real.is_file() {
        let text = std::fs::read_to_string(&real).map_err(|e| Error::io(&real, e))?;
        (text, override_path)
    } else {
        let text = scaffold::template(&name)
            .ok_or_else(|| Error::MissingTemplate { name: name.clone() })?;
        (text.to_owned(), format!("templates/{name}"))
    };
    let env = template::record_environment(draft.today, draft.config.fiscal_year_start_month);
    let context =
        template::record_context(draft.kind, draft.id, draft.title, draft.today, draft.config);
    template::render(&env, &shown, &source, context, &template::RECORD).map_err(|failure| {
        Error::Edit {
            location: shown.clone(),
            message: match failure.line {
                Some(line) => format!(
                    "the template does not render (line {line}): {}",
                    failure.message
                ),
                None => format!("the template does not render: {}", failure.message),
            },
            hint: Some(if failure.limit {
                "templates run within limits of work, nesting and output size: simplify the template (`cto-plan check` reports it too)".into()
            } else {
                "fix the template; `docs/editing.md` lists what it can use".into()
            }),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ids_from_titles() {
        assert_eq!(slug("Search v2!").as_deref(), Some("search-v2"));
        assert_eq!(slug("  Café  Crème ").as_deref(), Some("cafe-creme"));
        assert_eq!(slug("日本"), None);
        let long = "word ".repeat(30);
        let id = slug(&long).unwrap();
        assert!(id.len() <= 64 && id.ends_with("word"), "{id}");
        let today = date(2026, 11, 27);
        assert_eq!(
            id_for(Kind::Decision, Some("Adopt Kafka"), &[], today).unwrap(),
            "2026-11-27-adopt-kafka"
        );
        let long = id_for(Kind::Decision, Some(&"x".repeat(100)), &[], today).unwrap();
        assert_eq!(long.len(), 64);
        assert!(id_for(Kind::Initiative, None, &[], today).is_err());
        assert!(id_for(Kind::Budget, Some("x"), &[], today).is_err());
    }

    #[test]
    fn decision_ids_are_dated_from_proposed_when_given() {
        let today = date(2026, 11, 27);
        let changes = |texts: &[&str]| -> Vec<Assignment> {
            texts
                .iter()
                .map(|t| Assignment::parse(t).unwrap())
                .collect()
        };
        let id = |texts: &[&str]| id_for(Kind::Decision, Some("X"), &changes(texts), today);
        assert_eq!(id(&["proposed=2026-03-01"]).unwrap(), "2026-03-01-x");
        assert_eq!(
            id(&["proposed=2026-03-01", "proposed=2026-04-02"]).unwrap(),
            "2026-04-02-x"
        );
        // Not a date, or another field: today, and the edit reports the value.
        assert_eq!(id(&["proposed=soon"]).unwrap(), "2026-11-27-x");
        assert_eq!(id(&["decided=2026-03-01"]).unwrap(), "2026-11-27-x");
    }

    #[test]
    fn every_kind_has_a_template() {
        for &kind in Kind::ALL {
            assert!(
                scaffold::template(&format!("new/{kind}.toml")).is_some(),
                "{kind}"
            );
        }
    }
}
