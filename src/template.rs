//! Runs minijinja templates within limits: a budget of work and memory
//! (minijinja's fuel), a recursion limit and a cap on the output, so a
//! template from a pull request (`.cto-plan/templates/`, `review
//! --template`) fails with an error that names its line instead of running
//! without end or filling memory.
//!
//! Also the record templates' environment and context (`cto-plan new`), so
//! `check` renders them exactly as `new` does. Nothing here reads files or
//! prints; callers turn a [`Failure`] into their own error or finding.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use minijinja::{Environment, ErrorKind, Value};

use crate::model::{FieldType, Kind, PlanConfig, Quarter};

/// What one render may use.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// minijinja's fuel: about one unit per instruction and per 64 bytes of
    /// data a template makes, so it bounds both time and memory.
    pub fuel: u64,
    /// The longest output, in bytes.
    pub output: usize,
}

/// A record template makes one small TOML file: at most 1 MiB (larger files
/// are not read as records), in about 64 MiB of work.
pub const RECORD: Limits = Limits {
    fuel: 1_000_000,
    output: 1024 * 1024,
};

/// A review covers the whole plan and its quarter's history: the built-in
/// template on a plan of thousands of records uses a small share of this.
pub const REVIEW: Limits = Limits {
    fuel: 5_000_000,
    output: 32 * 1024 * 1024,
};

/// How deep loops, conditions, macros and includes may nest.
pub const RECURSION_LIMIT: usize = 200;

/// Why a template did not render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The template's line, when minijinja knows it.
    pub line: Option<usize>,
    pub message: String,
    /// A limit stopped it (rather than a mistake in the template).
    pub limit: bool,
}

impl Failure {
    fn from_error(error: &minijinja::Error, limits: &Limits) -> Failure {
        let detail = error.detail().unwrap_or("");
        let (message, limit) = match error.kind() {
            ErrorKind::OutOfFuel => (
                format!(
                    "the template does not finish within its budget of work and memory \
                     (minijinja fuel {}): a loop that runs too long, or a value that grows too \
                     large",
                    limits.fuel
                ),
                true,
            ),
            ErrorKind::InvalidOperation if detail.contains("recursion limit") => (
                format!(
                    "the template nests or recurses deeper than {RECURSION_LIMIT} levels \
                     (a macro that calls itself, or an include loop)"
                ),
                true,
            ),
            _ => {
                let mut message = if detail.is_empty() {
                    error.kind().to_string()
                } else {
                    format!("{}: {detail}", error.kind())
                };
                if let Some(source) = std::error::Error::source(error) {
                    message.push_str(&format!(" ({source})"));
                }
                (message, false)
            }
        };
        Failure {
            line: error.line(),
            message,
            limit,
        }
    }
}

/// Puts `env` under the limits: fuel and the recursion limit (the output
/// cap is [`render`]'s).
pub fn limit(env: &mut Environment<'_>, limits: &Limits) {
    env.set_fuel(Some(limits.fuel));
    env.set_recursion_limit(RECURSION_LIMIT);
}

/// Parses `source` as the template `name` would be, without running it.
pub fn parse(env: &Environment<'_>, name: &str, source: &str) -> Result<(), Failure> {
    env.template_from_named_str(name, source)
        .map(|_| ())
        .map_err(|e| Failure::from_error(&e, &RECORD))
}

/// Renders `source` (named `name` in errors) with `context` under `limits`;
/// `env` must have been put under them with [`limit`].
pub fn render(
    env: &Environment<'_>,
    name: &str,
    source: &str,
    context: impl Into<Value>,
    limits: &Limits,
) -> Result<String, Failure> {
    let template = env
        .template_from_named_str(name, source)
        .map_err(|e| Failure::from_error(&e, limits))?;
    let output = template
        .render(context)
        .map_err(|e| Failure::from_error(&e, limits))?;
    check_size(&output, limits)?;
    Ok(output)
}

/// Renders a template already in `env` (as the review's is) under `limits`.
pub fn render_loaded(
    template: &minijinja::Template<'_, '_>,
    context: impl Into<Value>,
    limits: &Limits,
) -> Result<String, Failure> {
    let output = template
        .render(context)
        .map_err(|e| Failure::from_error(&e, limits))?;
    check_size(&output, limits)?;
    Ok(output)
}

fn check_size(output: &str, limits: &Limits) -> Result<(), Failure> {
    if output.len() > limits.output {
        return Err(Failure {
            line: None,
            message: format!(
                "the template's output is {} bytes, over the limit of {}",
                output.len(),
                limits.output
            ),
            limit: true,
        });
    }
    Ok(())
}

/// The record templates' environment (`templates/new/KIND.toml` and the
/// plan's `.cto-plan/templates/new/KIND.toml`), under [`RECORD`]'s limits:
/// the `toml` filter quotes a string as TOML; `date(days)` and
/// `quarter(offset)` are relative to today.
pub fn record_environment(today: Date, fiscal_start: u8) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            // Block tags on their own lines leave no blank lines behind.
            .trim_blocks(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    limit(&mut env, &RECORD);
    env.add_filter("toml", |text: String| {
        toml_edit::Value::from(text).to_string()
    });
    env.add_function("date", move |days: i64| {
        today.checked_add(days.days()).unwrap_or(today).to_string()
    });
    env.add_function("quarter", move |offset: i64| {
        let mut quarter = Quarter::containing(today, fiscal_start);
        for _ in 0..offset.unsigned_abs().min(400) {
            quarter = if offset < 0 {
                quarter.previous()
            } else {
                quarter.next()
            };
        }
        quarter.to_string()
    });
    env
}

/// What a record template sees: `kind`, `id`, `title`, `today`,
/// `currency`, `plan` and `choices` (the words each choice field allows in
/// this plan, which may rename them).
pub fn record_context(
    kind: Kind,
    id: &str,
    title: Option<&str>,
    today: Date,
    config: &PlanConfig,
) -> Value {
    let choices: BTreeMap<&str, Vec<String>> = kind
        .fields()
        .iter()
        .filter_map(|field| match field.ty {
            FieldType::Choice { setting, default } => {
                Some((field.name, config.choices(kind, setting, default)))
            }
            _ => None,
        })
        .collect();
    minijinja::context! {
        choices => choices,
        kind => kind.name(),
        id => id,
        title => title,
        today => today.to_string(),
        currency => config.currency.as_str(),
        plan => config.name.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str) -> Result<String, Failure> {
        let env = record_environment(jiff::civil::date(2026, 11, 27), 1);
        render(&env, "t", source, (), &RECORD)
    }

    #[test]
    fn runaway_templates_stop_at_a_limit() {
        let loops = run(
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        )
        .unwrap_err();
        assert!(loops.limit && loops.message.contains("fuel"), "{loops:?}");
        let growth = run(
            "{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        )
        .unwrap_err();
        assert!(growth.limit, "{growth:?}");
        let deep = run("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}").unwrap_err();
        assert!(deep.limit, "{deep:?}");
        let mistake = run("{{ nope( }}").unwrap_err();
        assert!(!mistake.limit && mistake.line == Some(1), "{mistake:?}");
        assert_eq!(run("a {{ 1 + 1 }}").unwrap(), "a 2");
    }
}
