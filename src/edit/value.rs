//! Turns text typed on the command line into a TOML value, guided by the
//! field's type: `2026-03-01` becomes a date for a date field and stays a
//! string for a title.
//!
//! This module does not judge values. Text that does not fit its type (a date
//! field given "next week") is kept as a string, and the schema checker in
//! `parse` reports it with the file, line and a hint, exactly as it would in a
//! hand-edited file. Only shapes that cannot be written at all are errors.

use jiff::civil::Date;
use toml_edit::{Array, Value};

use crate::model::FieldType;

/// The value for `FIELD=TEXT`, where `ty` is the field's type (`None` for a
/// key the schema does not know, or one inside `[custom]`).
pub fn from_text(ty: Option<FieldType>, text: &str, today: Date) -> Result<Value, String> {
    let Some(ty) = ty else {
        return Ok(literal_or_string(text));
    };
    Ok(match ty {
        FieldType::Text
        | FieldType::Prose
        | FieldType::Quarter
        | FieldType::Enum(_)
        | FieldType::Choice { .. }
        | FieldType::Currency
        | FieldType::Ref(_) => Value::from(text),
        FieldType::Date => date(text, today).unwrap_or_else(|| Value::from(text)),
        FieldType::Integer { .. } | FieldType::Number { .. } => number(text),
        FieldType::Bool => match text {
            "true" => Value::from(true),
            "false" => Value::from(false),
            _ => Value::from(text),
        },
        FieldType::RefList(_) | FieldType::TextList => list(text)?,
        FieldType::Table(_) => match text.trim().parse::<Value>() {
            Ok(value @ Value::InlineTable(_)) => value,
            _ => {
                return Err(
                    "is a table: set its fields one at a time, such as `estimate.weeks=6`"
                        .to_owned(),
                );
            }
        },
        FieldType::Keyed(_) => {
            return Err(
                "is a table of named sub-tables: set one field at a time, such as `milestone.beta.title=Beta`"
                    .to_owned(),
            );
        }
        FieldType::Custom => {
            return Err(
                "is a table: set the keys inside it, such as `custom.cost_center=42`".to_owned(),
            );
        }
    })
}

/// The value of one list item for `FIELD+=ITEM` and `FIELD-=ITEM`.
pub fn item_from_text(ty: Option<FieldType>, text: &str) -> Value {
    match ty {
        Some(FieldType::RefList(_) | FieldType::TextList) => Value::from(text),
        _ => literal_or_string(text),
    }
}

/// `today`, or a `YYYY-MM-DD` that exists, as a TOML date.
fn date(text: &str, today: Date) -> Option<Value> {
    let date = if text == "today" {
        today
    } else {
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shaped {
            return None;
        }
        text.parse::<Date>().ok()?
    };
    let toml_date = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).ok()?,
            month: u8::try_from(date.month()).ok()?,
            day: u8::try_from(date.day()).ok()?,
        }),
        time: None,
        offset: None,
    };
    Some(Value::from(toml_date))
}

fn number(text: &str) -> Value {
    if let Ok(i) = text.trim().parse::<i64>() {
        return Value::from(i);
    }
    match text.trim().parse::<f64>() {
        Ok(f) if f.is_finite() => Value::from(f),
        _ => Value::from(text),
    }
}

/// A list from `a,b,c`, from a TOML array `["a", "b"]`, or empty from "".
fn list(text: &str) -> Result<Value, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('[') {
        return match trimmed.parse::<Value>() {
            Ok(value @ Value::Array(_)) => Ok(value),
            _ => Err(format!(
                "'{text}' is not a TOML array: write [\"a\", \"b\"] or just a,b"
            )),
        };
    }
    let mut array = Array::new();
    for item in trimmed.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        array.push(item);
    }
    Ok(Value::Array(array))
}

/// A TOML literal (`42`, `true`, `2026-03-01`, `[1, 2]`) when the text is
/// one, else the text as a string: for keys the schema leaves free.
fn literal_or_string(text: &str) -> Value {
    // A TOML value starts with a quote, a sign, a digit, a bracket or a
    // brace, or is a word of `true`, `false`, `inf` and `nan`: other text
    // is a string without asking the parser, whose refusal costs more than
    // the rest of the edit (an import sets thousands of such keys).
    let could_be_literal = text.trim_start().bytes().next().is_some_and(|b| {
        matches!(
            b,
            b'"' | b'\'' | b'+' | b'-' | b'[' | b'{' | b't' | b'f' | b'i' | b'n'
        ) || b.is_ascii_digit()
    });
    if !could_be_literal {
        return Value::from(text);
    }
    match text.trim().parse::<Value>() {
        Ok(mut value) if !text.trim().is_empty() => {
            value.decor_mut().clear();
            value
        }
        _ => Value::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use jiff::civil::date as civil;

    fn show(ty: FieldType, text: &str) -> String {
        from_text(Some(ty), text, civil(2026, 11, 27))
            .unwrap()
            .to_string()
    }

    #[test]
    fn values_follow_the_field_type() {
        assert_eq!(show(FieldType::Date, "2026-03-01"), "2026-03-01");
        assert_eq!(show(FieldType::Date, "today"), "2026-11-27");
        // Not a date: left as a string for the checker to report.
        assert_eq!(show(FieldType::Date, "2026-02-30"), "\"2026-02-30\"");
        assert_eq!(show(FieldType::Text, "2026"), "\"2026\"");
        assert_eq!(
            show(
                FieldType::Number {
                    min: None,
                    max: None
                },
                "2.5"
            ),
            "2.5"
        );
        assert_eq!(show(FieldType::Integer { min: 1, max: 5 }, "4"), "4");
        assert_eq!(show(FieldType::Integer { min: 1, max: 5 }, "x"), "\"x\"");
        assert_eq!(show(FieldType::Bool, "true"), "true");
        assert_eq!(
            show(FieldType::TextList, "a, b,,c"),
            "[\"a\", \"b\", \"c\"]"
        );
        assert_eq!(show(FieldType::RefList(Kind::Person), ""), "[]");
        assert_eq!(show(FieldType::TextList, "[\"x,y\"]"), "[\"x,y\"]");
        assert!(from_text(Some(FieldType::TextList), "[oops", civil(2026, 1, 1)).is_err());
    }

    #[test]
    fn free_keys_take_literals() {
        let today = civil(2026, 1, 1);
        assert_eq!(from_text(None, "42", today).unwrap().to_string(), "42");
        assert_eq!(
            from_text(None, "bob", today).unwrap().to_string(),
            "\"bob\""
        );
        assert_eq!(from_text(None, "", today).unwrap().to_string(), "\"\"");
    }

    proptest::proptest! {
        /// The shortcut past the parser changes no value: any text is the
        /// literal the parser reads in it, or else a string.
        #[test]
        fn free_keys_take_what_the_parser_reads(text in "[ \\t]?[a-z0-9\"'+\\-\\[\\]{}=.:, ]{0,12}") {
            let by_parser = match text.trim().parse::<Value>() {
                Ok(mut value) if !text.trim().is_empty() => {
                    value.decor_mut().clear();
                    value
                }
                _ => Value::from(text.as_str()),
            };
            proptest::prop_assert_eq!(
                literal_or_string(&text).to_string(),
                by_parser.to_string()
            );
        }
    }
}
