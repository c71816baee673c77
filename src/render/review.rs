//! Renders the review context through a minijinja template: the embedded
//! `templates/review.md.j2` (or `review.txt.j2`), or the user's own.
//!
//! In Markdown templates every value that comes from the plan is escaped
//! before it is written (auto-escaping in a "markdown" mode), so a title can
//! neither break a table nor inject HTML, mentions or links; filters that
//! build markup (`cite`, `mermaid`) return values marked safe. HTML templates
//! get minijinja's HTML escaping.

use minijinja::value::ValueKind;
use minijinja::{AutoEscape, Environment, State, Value};

use super::markdown::escape;
use crate::error::{Error, Result};
use crate::review::Review;
use crate::text::{integer, number};

/// The name of the Markdown escaping mode.
const MARKDOWN: &str = "markdown";

fn is_markdown(state: &State) -> bool {
    matches!(state.auto_escape(), AutoEscape::Custom(name) if name == MARKDOWN)
}

/// How a template's output is escaped, by the template's file name.
fn escaping(name: &str) -> AutoEscape {
    let name = name
        .strip_suffix(".j2")
        .or_else(|| name.strip_suffix(".jinja"))
        .unwrap_or(name);
    if name.ends_with(".md") || name.ends_with(".markdown") {
        AutoEscape::Custom(MARKDOWN.into())
    } else if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xml") {
        AutoEscape::Html
    } else {
        AutoEscape::None
    }
}

/// Numbers as people read them: integers plain (exactly, not through f64),
/// fractions with at most two decimals.
fn plain_number(value: &Value) -> Option<String> {
    match value.kind() {
        ValueKind::Number => {
            if let Some(i) = exact_integer(value) {
                return Some(i.to_string());
            }
            let n = f64::try_from(value.clone()).ok()?;
            if value.is_integer() || n.fract() == 0.0 {
                Some(format!("{}", n as i64))
            } else {
                let text = format!("{n:.2}");
                Some(text.trim_end_matches('0').trim_end_matches('.').to_owned())
            }
        }
        _ => None,
    }
}

fn formatter(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> std::result::Result<(), minijinja::Error> {
    if let Some(text) = plain_number(value) {
        return out
            .write_str(&text)
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()));
    }
    if is_markdown(state) && !value.is_safe() && !value.is_undefined() && !value.is_none() {
        let text = value.to_string();
        return out
            .write_str(&escape(&text))
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()));
    }
    // Text goes to a terminal: plan text in it is shown, never obeyed.
    if matches!(state.auto_escape(), AutoEscape::None) && !value.is_undefined() && !value.is_none()
    {
        let text = value.to_string();
        return out
            .write_str(&crate::text::neutralise(&text))
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()));
    }
    // In HTML, plan text is neutralised before it is escaped: a bidi
    // override shows as `\u{202e}` instead of reordering the page.
    if matches!(state.auto_escape(), AutoEscape::Html)
        && !value.is_safe()
        && !value.is_undefined()
        && !value.is_none()
        && value.kind() == ValueKind::String
    {
        let text = value.to_string();
        let shown = Value::from(crate::text::neutralise(&text).into_owned());
        return minijinja::escape_formatter(out, state, &shown);
    }
    minijinja::escape_formatter(out, state, value)
}

/// An integer value as itself, when it is one.
fn exact_integer(value: &Value) -> Option<i64> {
    value
        .is_integer()
        .then(|| i64::try_from(value.clone()).ok())
        .flatten()
}

/// `40000` → "40,000", integers exactly.
fn money(value: &Value) -> String {
    exact_integer(value).map_or_else(|| number(number_arg(value)), integer)
}

/// `40000` → "+40,000"; `-5` → "-5", integers exactly.
fn signed(value: &Value) -> String {
    match exact_integer(value) {
        Some(i) if i >= 0 => format!("+{}", integer(i)),
        Some(i) => integer(i),
        None => {
            let n = number_arg(value);
            if n >= 0.0 {
                format!("+{}", number(n))
            } else {
                format!("-{}", number(-n))
            }
        }
    }
}

fn number_arg(value: &Value) -> f64 {
    f64::try_from(value.clone()).unwrap_or(0.0)
}

/// The template environment with the review's filters.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    // Templates may come from a pull request: they run within limits.
    crate::template::limit(&mut env, &crate::template::REVIEW);
    env.set_auto_escape_callback(escaping);
    env.set_formatter(formatter);
    // 40000 → "40,000"
    env.add_filter("money", |value: Value| money(&value));
    // 40000 → "+40,000"; -5 → "-5"
    env.add_filter("signed", |value: Value| signed(&value));
    // A value with its unit: 99.9 "%" → "99.9%", 1500 "accounts" → "1,500 accounts".
    env.add_filter(
        "measure",
        |state: &State, value: Value, unit: Option<Value>| {
            // Integers grouped and exact (1,500,000 users), others as written.
            let number = exact_integer(&value)
                .map(integer)
                .or_else(|| plain_number(&value))
                .unwrap_or_else(|| value.to_string());
            let unit = unit
                .filter(|u| !u.is_none() && !u.is_undefined())
                .map(|u| u.to_string())
                .unwrap_or_default();
            let text = if unit.is_empty() || unit == "%" {
                format!("{number}{unit}")
            } else {
                format!("{number} {unit}")
            };
            if is_markdown(state) {
                Value::from_safe_string(escape(&text))
            } else {
                Value::from(text)
            }
        },
    );
    // 0.756 → "76%"
    env.add_filter("pct", |value: Value| {
        format!("{:.0}%", number_arg(&value) * 100.0)
    });
    // A citation → `3f2a1bc` (#42), as Markdown code.
    env.add_filter("cite", |state: &State, value: Value| {
        let get = |key: &str| {
            value
                .get_attr(key)
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_none())
        };
        let commit = get("commit").map(|c| c.to_string()).unwrap_or_default();
        let commit: String = commit.chars().filter(char::is_ascii_hexdigit).collect();
        let pr = get("pull_request")
            .map(|p| format!(" (#{p})"))
            .unwrap_or_default();
        if is_markdown(state) {
            Value::from_safe_string(format!("`{commit}`{pr}"))
        } else {
            Value::from(format!("{commit}{pr}"))
        }
    });
    // Text for a Mermaid label: no characters Mermaid gives meaning to.
    env.add_filter("mermaid", |value: Value| {
        let text: String = value
            .to_string()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || " .,-_()/+&'".contains(c) {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        Value::from_safe_string(text.split_whitespace().collect::<Vec<_>>().join(" "))
    });
    env
}

/// Renders `review` with the template `source`, named `name` (its file name
/// decides the escaping).
pub fn render(review: &Review, name: &str, source: &str) -> Result<String> {
    let mut env = environment();
    env.add_template_owned(name.to_owned(), source.to_owned())
        .map_err(|e| template_error(name, &e))?;
    let template = env
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    // HTML templates get the charts too, drawn here as SVG (already
    // escaped, so marked safe).
    let context = if matches!(escaping(name), AutoEscape::Html) {
        let charts = super::charts::Charts::of(review);
        let safe = |chart: Option<String>| chart.map_or(Value::from(()), Value::from_safe_string);
        let charts = Value::from(std::collections::BTreeMap::from([
            ("timeline", safe(charts.timeline)),
            ("headcount", safe(charts.headcount)),
            ("budget", safe(charts.budget)),
            ("risks", safe(charts.risks)),
            ("key_results", safe(charts.key_results)),
            ("load", safe(charts.load)),
            ("outlook_load", safe(charts.outlook_load)),
            ("radar", safe(charts.radar)),
        ]));
        minijinja::context! { charts => charts, ..Value::from(minijinja::value::Serde(review)) }
    } else {
        Value::from(minijinja::value::Serde(review))
    };
    crate::template::render_loaded(&template, context, &crate::template::REVIEW).map_err(
        |failure| {
            let line = failure.line.map(|l| format!(":{l}")).unwrap_or_default();
            Error::Template {
                template: format!("{name}{line}"),
                message: failure.message,
            }
        },
    )
}

fn template_error(name: &str, error: &minijinja::Error) -> Error {
    let line = error.line().map(|l| format!(":{l}")).unwrap_or_default();
    let mut message = error
        .detail()
        .map_or_else(|| error.kind().to_string(), str::to_owned);
    if let Some(source) = std::error::Error::source(error) {
        message.push_str(&format!(" ({source})"));
    }
    Error::Template {
        template: format!("{name}{line}"),
        message,
    }
}

/// The review as JSON: exactly the context templates receive.
pub fn json(review: &Review) -> String {
    let mut out =
        serde_json::to_string_pretty(review).expect("the review context always serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_templates_escape_plan_text() {
        let review = Review {
            plan: "<b>@evil</b> | x".into(),
            ..Review::default()
        };
        let out = render(
            &review,
            "r.md.j2",
            "{{ plan }}|{{ 1234.5 | money }}|{{ 0.756 | pct }}",
        )
        .unwrap();
        assert_eq!(out, "`<b>@evil</b>` \\| x|1,234.5|76%");
        let out = render(&review, "r.txt.j2", "{{ plan }}").unwrap();
        assert_eq!(out, "<b>@evil</b> | x");
    }

    #[test]
    fn template_errors_name_the_file_and_line() {
        let error = render(&Review::default(), "mine.md.j2", "line one\n{% for %}").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("mine.md.j2:2: template error"),
            "{error}"
        );
    }
}
