//! The plan's own templates (`.cto-plan/templates/`): each parses, and none
//! runs past the limits every template runs under (`crate::template`).
//!
//! A record template (`new/KIND.toml`) is rendered as `cto-plan new` would,
//! with a sample record; any other template (a review template) is parsed,
//! then run once without data, and reported only when a limit stops it even
//! so (without data, its filters and fields may fail in ways that mean
//! nothing). Nothing here reads files: loading put the templates' text in
//! the sources.

use jiff::civil::Date;

use crate::diagnostic::rules;
use crate::diagnostic::{Finding, Span};
use crate::model::{IdRule, Kind, Plan, Quarter};
use crate::store::{Loaded, TEMPLATES_DIR};
use crate::template::{self, Failure};

/// Findings for every template `loaded` holds.
pub fn check(loaded: &Loaded, today: Date, findings: &mut Vec<Finding>) {
    for path in &loaded.templates {
        let Some(text) = loaded.sources.text(path) else {
            continue;
        };
        let failure = match record_kind(path) {
            Some(kind) => render_record_template(&loaded.plan, kind, path, text, today).err(),
            None => other_template(path, text),
        };
        if let Some(failure) = failure {
            findings.push(finding(path, text, &failure));
        }
    }
}

/// The kind a record template is for: `new/KIND.toml`.
fn record_kind(path: &str) -> Option<Kind> {
    let name = path
        .strip_prefix(TEMPLATES_DIR)?
        .strip_prefix("/new/")?
        .strip_suffix(".toml")?;
    name.parse().ok()
}

fn render_record_template(
    plan: &Plan,
    kind: Kind,
    path: &str,
    text: &str,
    today: Date,
) -> Result<String, Failure> {
    let fiscal_start = plan.config.fiscal_year_start_month;
    let id = match kind.spec().id {
        IdRule::Quarter => Quarter::containing(today, fiscal_start).to_string(),
        IdRule::DatedSlug { .. } => format!("{today}-example"),
        IdRule::Slug => "example".to_owned(),
    };
    let env = template::record_environment(today, fiscal_start);
    let context = template::record_context(kind, &id, Some("Example"), today, &plan.config);
    template::render(&env, path, text, context, &template::RECORD)
}

/// A review (or other) template: parse errors, and limits reached without
/// data.
fn other_template(path: &str, text: &str) -> Option<Failure> {
    let mut env = minijinja::Environment::new();
    template::limit(&mut env, &template::REVIEW);
    if let Err(failure) = template::parse(&env, path, text) {
        return Some(failure);
    }
    template::render(&env, path, text, (), &template::REVIEW)
        .err()
        .filter(|failure| failure.limit)
}

fn finding(path: &str, text: &str, failure: &Failure) -> Finding {
    let help = if failure.limit {
        "templates run within limits of work, nesting and output size: drop the runaway loop or recursion"
    } else {
        "fix the template at this line; `docs/editing.md` lists what record templates can use"
    };
    Finding::new(
        &rules::TEMPLATE,
        path,
        failure.line.and_then(|line| line_span(text, line)),
        format!("the template does not render: {}", failure.message),
    )
    .help(help)
}

/// The bytes of line `line` (1-based) of `text`, without its newline.
fn line_span(text: &str, line: usize) -> Option<Span> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    if start > text.len() || (start == text.len() && line > 1) {
        return None;
    }
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_templates_are_named_by_kind() {
        assert_eq!(
            record_kind(".cto-plan/templates/new/initiative.toml"),
            Some(Kind::Initiative)
        );
        assert_eq!(record_kind(".cto-plan/templates/review.md.j2"), None);
        assert_eq!(record_kind(".cto-plan/templates/new/nothing.toml"), None);
    }

    #[test]
    fn lines_become_spans() {
        assert_eq!(line_span("ab\ncd\n", 2), Some(3..5));
        assert_eq!(line_span("ab", 1), Some(0..2));
        assert_eq!(line_span("ab\n", 3), None);
    }
}
