//! Turns one file's text into a typed [`Table`], checked against a schema.
//!
//! Every problem becomes a located finding and parsing goes on, so one run
//! reports all of a file's mistakes. A field whose value is wrong is left out
//! of the result; nothing here panics on any input. This module checks one
//! file alone: references between records are `validate`'s job.

use std::borrow::Cow;

use jiff::civil::Date;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostic::Finding;
use crate::diagnostic::rules;
use crate::model::schema::{self, FieldSpec, FieldType};
use crate::model::{Entry, Item, Kind, PlanConfig, Quarter, Span, Table, Value, is_valid_id};
use crate::text::did_you_mean;

/// Parses `text` as a table described by `specs`. Returns `None` when the
/// text is not TOML at all (the syntax findings say why).
pub fn parse_table(
    specs: &[FieldSpec],
    text: &str,
    path: &str,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    parse_record(specs, text, path, findings, None)
}

/// The words `Choice` fields allow come from the plan's settings: the kind
/// being parsed and the plan's config.
pub type Vocabulary<'a> = Option<(Kind, &'a PlanConfig)>;

/// [`parse_table`] for a record of a kind, whose `Choice` fields take their
/// words from `vocabulary` (their defaults when `None`).
pub fn parse_record(
    specs: &[FieldSpec],
    text: &str,
    path: &str,
    findings: &mut Vec<Finding>,
    vocabulary: Vocabulary<'_>,
) -> Option<Table> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut seen = Vec::new();
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            if seen.contains(&span) {
                continue;
            }
            seen.push(span.clone());
            let message = error.message().trim().trim_end_matches('.').to_owned();
            let (headline, label) = split_syntax_message(&message);
            let mut finding = Finding::new(&rules::SYNTAX, path, Some(span), headline);
            if let Some(label) = label {
                finding = finding.label(label);
            }
            findings.push(finding);
        }
        return None;
    }
    let checker = Checker {
        path,
        findings,
        vocabulary,
    };
    let mut checker = checker;
    Some(checker.table(specs, root.get_ref(), &(0..0), ""))
}

/// toml's messages are often "headline\nexpected …"; the second part reads
/// best as the label under the caret.
fn split_syntax_message(message: &str) -> (String, Option<String>) {
    match message.split_once('\n') {
        Some((head, rest)) if !rest.trim().is_empty() => (
            head.trim().to_owned(),
            Some(rest.trim().replace('\n', "; ")),
        ),
        _ => (message.to_owned(), None),
    }
}

/// A field's dotted path (`estimate.weeks`), formatted only when a message needs it.
struct Dotted<'a> {
    parent: &'a str,
    name: &'a str,
}

impl std::fmt::Display for Dotted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.parent.is_empty() {
            f.write_str(self.name)
        } else {
            write!(f, "{}.{}", self.parent, self.name)
        }
    }
}

struct Checker<'a> {
    path: &'a str,
    findings: &'a mut Vec<Finding>,
    vocabulary: Vocabulary<'a>,
}

impl Checker<'_> {
    fn report(&mut self, rule: &'static rules::Rule, span: &Span, message: String) -> &mut Finding {
        self.findings
            .push(Finding::new(rule, self.path, Some(span.clone()), message));
        self.findings.last_mut().expect("just pushed")
    }

    /// One of a set of words, or a finding that suggests the closest.
    fn word(
        &mut self,
        words: &[&str],
        s: &str,
        span: &Span,
        dotted: &dyn std::fmt::Display,
    ) -> Option<Value> {
        if words.contains(&s) {
            return Some(Value::Text(s.to_owned()));
        }
        let message = format!("`{dotted}` cannot be \"{s}\"");
        let help = match did_you_mean(s, words) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None => format!("use {}", schema::quoted_list(words)),
        };
        let finding = self.report(&rules::INVALID_VALUE, span, message);
        finding.label = Some(format!("expected {}", schema::quoted_list(words)));
        finding.help = Some(help);
        None
    }

    /// Checks the entries of a table; `where_` names it in messages ("" at the top).
    fn table(
        &mut self,
        specs: &[FieldSpec],
        table: &DeTable<'_>,
        header: &Span,
        where_: &str,
    ) -> Table {
        let mut out = Table::default();
        for (key, value) in table.iter() {
            let key_span = key.span();
            let name: &str = key.get_ref();
            let Some(spec) = schema::find(specs, name) else {
                self.unknown_key(specs, name, &key_span, where_);
                continue;
            };
            let dotted = Dotted {
                parent: where_,
                name,
            };
            // A wrong value is reported and kept as written, marked invalid.
            let converted = self
                .value(spec, value, &dotted)
                .unwrap_or_else(|| Value::Invalid(Box::new(free_form(value))));
            out.entries.push(Entry {
                key: name.to_owned(),
                key_span,
                value: converted,
                span: value.span(),
            });
        }
        for spec in specs
            .iter()
            .filter(|s| s.required && out.get(s.name).is_none())
        {
            // A key that was present but wrong is already reported; say nothing twice.
            if table.iter().any(|(k, _)| *k.get_ref() == spec.name) {
                continue;
            }
            let (message, help) = if where_.is_empty() {
                (
                    format!("missing required field `{}`", spec.name),
                    format!("add `{} = …`: {}", spec.name, spec.doc),
                )
            } else {
                (
                    format!("`{where_}` is missing required field `{}`", spec.name),
                    format!("add `{} = …` to `[{where_}]`: {}", spec.name, spec.doc),
                )
            };
            self.report(&rules::MISSING_FIELD, header, message).help = Some(help);
        }
        out
    }

    fn unknown_key(&mut self, specs: &[FieldSpec], name: &str, span: &Span, where_: &str) {
        let place = if where_.is_empty() {
            String::new()
        } else {
            format!(" in `{where_}`")
        };
        let known: Vec<&str> = specs.iter().map(|s| s.name).collect();
        let help = match did_you_mean(name, &known) {
            Some(close) => format!("did you mean `{close}`?"),
            None if where_.is_empty() => {
                "keep your own data under `[custom]`, or see docs/format.md for the fields".into()
            }
            None => format!("expected one of: {}", known.join(", ")),
        };
        self.report(
            &rules::UNKNOWN_KEY,
            span,
            format!("unknown key `{name}`{place}"),
        )
        .help = Some(help);
    }

    fn wrong_type(
        &mut self,
        spec_ty: &FieldType,
        value: &Spanned<DeValue<'_>>,
        dotted: &dyn std::fmt::Display,
    ) -> Option<Value> {
        let found = describe_found(value.get_ref());
        let message = format!("`{dotted}` should be {}, found {found}", spec_ty.describe());
        let finding = self.report(&rules::WRONG_TYPE, &value.span(), message);
        finding.label = Some(format!("expected {}", spec_ty.describe()));
        if let (FieldType::RefList(_) | FieldType::TextList, DeValue::String(s)) =
            (spec_ty, value.get_ref())
        {
            finding.help = Some(format!("write a list: [\"{s}\"]"));
        }
        None
    }

    fn value(
        &mut self,
        spec: &FieldSpec,
        value: &Spanned<DeValue<'_>>,
        dotted: &dyn std::fmt::Display,
    ) -> Option<Value> {
        let span = value.span();
        match (spec.ty, value.get_ref()) {
            (FieldType::Text | FieldType::Prose, DeValue::String(s)) => {
                Some(Value::Text(s.to_string()))
            }
            (FieldType::Date, v) => match date_of(v) {
                Some(Ok(date)) => Some(Value::Date(date)),
                Some(Err(why)) => {
                    self.report(
                        &rules::INVALID_VALUE,
                        &span,
                        format!("`{dotted}` is not a valid date: {why}"),
                    )
                    .help = Some("write a date as YYYY-MM-DD, for example 2026-03-01".into());
                    None
                }
                None => self.wrong_type(&spec.ty, value, dotted),
            },
            (FieldType::Quarter, DeValue::String(s)) => match s.parse::<Quarter>() {
                Ok(q) => Some(Value::Quarter(q)),
                Err(e) => {
                    self.report(&rules::INVALID_VALUE, &span, format!("`{dotted}`: {e}"));
                    None
                }
            },
            (FieldType::Integer { min, max }, DeValue::Integer(i)) => {
                match i64::from_str_radix(i.as_str(), i.radix())
                    .ok()
                    .filter(|n| (min..=max).contains(n))
                {
                    Some(n) => Some(Value::Integer(n)),
                    None => {
                        let message = format!(
                            "`{dotted}` must be from {min} to {max}, found {}",
                            integer_as_written(i)
                        );
                        self.report(&rules::INVALID_VALUE, &span, message).help =
                            Some(range_help(spec, Some(min as f64), Some(max as f64)));
                        None
                    }
                }
            }
            (FieldType::Number { min, max }, DeValue::Integer(_) | DeValue::Float(_)) => {
                let (number, as_value) = match value.get_ref() {
                    DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                        Ok(n) => (n as f64, Value::Integer(n)),
                        Err(_) => (f64::INFINITY, Value::Integer(0)),
                    },
                    DeValue::Float(f) => {
                        let n = f.as_str().parse::<f64>().unwrap_or(f64::NAN);
                        (n, Value::Float(n))
                    }
                    _ => unreachable!("matched above"),
                };
                if !number.is_finite() {
                    self.report(
                        &rules::INVALID_VALUE,
                        &span,
                        format!("`{dotted}` must be a finite number"),
                    )
                    .help = Some(range_help(spec, min, max));
                    return None;
                }
                if let Some(min) = min.filter(|m| number < *m) {
                    // An integer as written: through f64 it would be rounded.
                    let found = match &as_value {
                        Value::Integer(n) => n.to_string(),
                        _ => number.to_string(),
                    };
                    self.report(
                        &rules::INVALID_VALUE,
                        &span,
                        format!("`{dotted}` must be at least {min}, found {found}"),
                    )
                    .help = Some(range_help(spec, Some(min), max));
                    return None;
                }
                if let Some(max) = max.filter(|m| number > *m) {
                    self.report(
                        &rules::INVALID_VALUE,
                        &span,
                        format!("`{dotted}` must be at most {max}, found {number}"),
                    )
                    .help = Some(range_help(spec, min, Some(max)));
                    return None;
                }
                Some(as_value)
            }
            (FieldType::Bool, DeValue::Boolean(b)) => Some(Value::Bool(*b)),
            (FieldType::Choice { setting, default }, DeValue::String(s)) => {
                let words: Vec<String> = match self.vocabulary {
                    Some((kind, config)) => config.choices(kind, setting, default),
                    None => default.iter().map(|w| (*w).to_owned()).collect(),
                };
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                self.word(&words, s, &span, dotted)
            }
            (FieldType::Enum(words), DeValue::String(s)) => self.word(words, s, &span, dotted),
            (FieldType::Currency, DeValue::String(s)) => {
                if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Some(Value::Text(s.to_string()));
                }
                self.report(
                    &rules::INVALID_VALUE,
                    &span,
                    format!("`{dotted}`: \"{s}\" is not an ISO 4217 currency code"),
                )
                .help = Some("use three capital letters, such as \"USD\" or \"EUR\"".into());
                None
            }
            (FieldType::Ref(kind), DeValue::String(s)) => self
                .reference(s, &span, kind, dotted)
                .then(|| Value::Text(s.to_string())),
            (FieldType::RefList(kind), DeValue::Array(items)) => {
                let items = self.strings(items, dotted, |checker, text, span| {
                    checker.reference(text, span, kind, dotted)
                })?;
                Some(Value::List(items))
            }
            (FieldType::TextList, DeValue::Array(items)) => {
                let list = self.strings(items, dotted, |checker, text, span| {
                    // An empty tag or link says nothing; it is almost always a slip.
                    let empty = text.trim().is_empty();
                    if empty {
                        checker
                            .report(
                                &rules::INVALID_VALUE,
                                span,
                                format!("`{dotted}` holds an empty string"),
                            )
                            .help = Some("remove the empty item".into());
                    }
                    !empty
                })?;
                Some(Value::List(list))
            }
            (FieldType::Table(sub), DeValue::Table(table)) => Some(Value::Table(self.table(
                sub,
                table,
                &span,
                &dotted.to_string(),
            ))),
            (FieldType::Keyed(sub), DeValue::Table(table)) => {
                let mut out = Table::default();
                for (key, item) in table.iter() {
                    let item_name = format!("{dotted}.{}", key.get_ref());
                    if !is_valid_id(key.get_ref()) {
                        self.report(&rules::BAD_ID, &key.span(), format!("`{item_name}`: `{}` is not a valid key", key.get_ref()))
                            .help = Some("keys use lower-case letters, digits and hyphens, such as `p95-latency`".into());
                        continue;
                    }
                    let DeValue::Table(inner) = item.get_ref() else {
                        self.wrong_type(&FieldType::Table(sub), item, &item_name);
                        continue;
                    };
                    let inner = self.table(sub, inner, &key.span(), &item_name);
                    out.entries.push(Entry {
                        key: key.get_ref().to_string(),
                        key_span: key.span(),
                        value: Value::Table(inner),
                        span: item.span(),
                    });
                }
                Some(Value::Table(out))
            }
            (FieldType::Custom, DeValue::Table(_)) => Some(free_form(value)),
            (ty, _) => self.wrong_type(&ty, value, dotted),
        }
    }

    /// Checks that every element of an array is a string accepted by `accept`.
    fn strings(
        &mut self,
        items: &DeArray<'_>,
        dotted: &dyn std::fmt::Display,
        mut accept: impl FnMut(&mut Self, &str, &Span) -> bool,
    ) -> Option<Vec<Item>> {
        let mut out = Vec::new();
        let mut all_good = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    if accept(self, s, &item.span()) {
                        out.push(Item {
                            value: Value::Text(s.to_string()),
                            span: item.span(),
                        });
                    } else {
                        all_good = false;
                    }
                }
                other => {
                    all_good = false;
                    let message =
                        format!("`{dotted}` holds strings, found {}", describe_found(other));
                    self.report(&rules::WRONG_TYPE, &item.span(), message);
                }
            }
        }
        all_good.then_some(out)
    }

    /// Checks the form of a reference; whether it exists is checked later.
    fn reference(
        &mut self,
        text: &str,
        span: &Span,
        kind: crate::model::Kind,
        dotted: &dyn std::fmt::Display,
    ) -> bool {
        let (prefix, id) = match text.split_once('/') {
            Some((prefix, id)) => (Some(prefix), id),
            None => (None, text),
        };
        if let Some(prefix) = prefix.filter(|p| *p != kind.name()) {
            let message = format!(
                "`{dotted}` refers to {}, but \"{text}\" names a {prefix}",
                kind.with_article()
            );
            self.report(&rules::INVALID_VALUE, span, message).help =
                Some(format!("write \"{kind}/{id}\" or just \"{id}\""));
            return false;
        }
        let valid = kind.accepts_id(id);
        if !valid {
            self.report(
                &rules::INVALID_VALUE,
                span,
                format!("`{dotted}`: \"{text}\" is not a valid {kind} id"),
            )
            .help = Some(
                "ids are file names without `.toml`: lower-case letters, digits and hyphens".into(),
            );
        }
        valid
    }
}

/// A date from a TOML date or a `YYYY-MM-DD` string: `None` when the value is
/// neither, `Some(Err)` when it looks like a date but is not a real one.
fn date_of(value: &DeValue<'_>) -> Option<Result<Date, String>> {
    match value {
        DeValue::Datetime(dt) => {
            if dt.time.is_some() || dt.offset.is_some() {
                return Some(Err(format!("{dt} has a time of day; write only the date")));
            }
            let d = dt.date?;
            Some(date_from_parts(
                i64::from(d.year),
                i64::from(d.month),
                i64::from(d.day),
            ))
        }
        DeValue::String(s) => {
            let parts: Vec<&str> = s.split('-').collect();
            let looks_like_date = parts.len() == 3
                && [4, 2, 2]
                    .iter()
                    .zip(&parts)
                    .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()));
            if !looks_like_date {
                return None;
            }
            let number = |p: &str| p.parse::<i64>().unwrap_or(0);
            Some(date_from_parts(
                number(parts[0]),
                number(parts[1]),
                number(parts[2]),
            ))
        }
        _ => None,
    }
}

fn date_from_parts(year: i64, month: i64, day: i64) -> Result<Date, String> {
    let fit = |n: i64| i8::try_from(n).unwrap_or(0);
    Date::new(i16::try_from(year).unwrap_or(0), fit(month), fit(day))
        .map_err(|_| format!("{year:04}-{month:02}-{day:02} does not exist"))
}

/// Converts any TOML value, as `[custom]` holds free-form data.
fn free_form(value: &Spanned<DeValue<'_>>) -> Value {
    match value.get_ref() {
        DeValue::String(s) => Value::Text(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map(Value::Integer)
            .unwrap_or_else(|_| Value::Text(i.as_str().to_owned())),
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(dt) => match date_of(value.get_ref()) {
            Some(Ok(d)) => Value::Date(d),
            _ => Value::Datetime(dt.to_string()),
        },
        DeValue::Array(items) => Value::List(
            items
                .iter()
                .map(|i| Item {
                    value: free_form(i),
                    span: i.span(),
                })
                .collect(),
        ),
        DeValue::Table(table) => Value::Table(Table {
            entries: table
                .iter()
                .map(|(k, v)| Entry {
                    key: k.get_ref().to_string(),
                    key_span: k.span(),
                    value: free_form(v),
                    span: v.span(),
                })
                .collect(),
        }),
    }
}

fn describe_found(value: &DeValue<'_>) -> Cow<'static, str> {
    match value {
        DeValue::String(s) => format!("the string \"{}\"", truncate(s, 40)).into(),
        DeValue::Integer(i) => format!("the number {}", integer_as_written(i)).into(),
        DeValue::Float(f) => format!("the number {}", f.as_str()).into(),
        DeValue::Boolean(b) => format!("{b}").into(),
        DeValue::Datetime(dt) => format!("the date {dt}").into(),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

/// An integer as the user wrote it: toml hands over the digits and the
/// radix separately.
fn integer_as_written(i: &toml::de::DeInteger<'_>) -> String {
    let prefix = match i.radix() {
        16 => "0x",
        8 => "0o",
        2 => "0b",
        _ => "",
    };
    format!("{prefix}{}", i.as_str())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// The help of a number out of its range: the range, and what the field
/// means (its one line of documentation), so the fix is at hand.
fn range_help(spec: &schema::FieldSpec, min: Option<f64>, max: Option<f64>) -> String {
    let range = match (min, max) {
        (Some(min), Some(max)) => format!("give a number from {min} to {max}"),
        (Some(min), None) => format!("give a number of at least {min}"),
        (None, Some(max)) => format!("give a number of at most {max}"),
        (None, None) => "give a number".to_owned(),
    };
    match spec.doc.trim() {
        "" => range,
        doc => format!("{range}. {doc}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn check(kind: Kind, text: &str) -> (Option<Table>, Vec<Finding>) {
        let mut findings = Vec::new();
        let table = parse_table(kind.fields(), text, "x.toml", &mut findings);
        (table, findings)
    }

    fn codes(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.rule.code).collect()
    }

    #[test]
    fn reports_every_problem_of_a_file() {
        let text = "title = 3\nstatus = \"activ\"\nquarter = \"2026-Q9\"\nownr = \"alice\"\n";
        let (_, findings) = check(Kind::Initiative, text);
        assert_eq!(
            codes(&findings),
            [
                "wrong-type",
                "invalid-value",
                "invalid-value",
                "unknown-key"
            ]
        );
        assert_eq!(
            findings[1].help.as_deref(),
            Some("did you mean \"active\"?")
        );
        assert_eq!(findings[3].help.as_deref(), Some("did you mean `owner`?"));
    }

    #[test]
    fn missing_fields_and_sub_tables() {
        let text = "title = \"x\"\n[milestone.beta]\ndue = \"2026-02-30\"\n";
        let (_, findings) = check(Kind::Initiative, text);
        assert_eq!(
            codes(&findings),
            ["invalid-value", "missing-field", "missing-field"]
        );
    }

    #[test]
    fn dates_as_literals_or_strings() {
        let (table, findings) = check(
            Kind::Person,
            "name = \"A\"\nrole = \"B\"\njoined = 2025-01-02\nleft = \"2026-03-04\"\n",
        );
        assert!(findings.is_empty(), "{findings:?}");
        let table = table.unwrap();
        assert_eq!(table.date("joined").unwrap().to_string(), "2025-01-02");
        assert_eq!(table.date("left").unwrap().to_string(), "2026-03-04");
    }

    #[test]
    fn syntax_errors_are_located() {
        let (table, findings) = check(Kind::Team, "name = \"a\"\nlead = \n");
        assert!(table.is_none());
        assert_eq!(codes(&findings), ["syntax"]);
        assert!(findings[0].span.is_some());
    }

    #[test]
    fn references_of_another_kind_are_refused() {
        let (_, findings) = check(Kind::Team, "name = \"a\"\nlead = \"team/x\"\n");
        assert_eq!(codes(&findings), ["invalid-value"]);
    }

    #[test]
    fn typo_distance() {}
}
