//! Reads the changes typed on the command line: `FIELD=VALUE`,
//! `FIELD+=ITEM`, `FIELD-=ITEM`, and bare `FIELD` paths for `unset`.
//!
//! Only the shape is checked here (a path of plain keys, an operator). What a
//! value means is decided by the field's type when it is applied, and whether
//! it is right is the checker's call, so this module never judges a value.

use crate::error::{Error, Result};

/// What to do at a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `FIELD=VALUE`: replace the value, or add the field.
    Set(String),
    /// `FIELD+=ITEM`: add an item to a list (nothing happens when it is there).
    Add(String),
    /// `FIELD-=ITEM`: take an item out of a list.
    Remove(String),
    /// `unset FIELD`: remove the field or sub-table.
    Unset,
}

/// One change to one field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The dotted path, split: `milestone.beta.done` → `["milestone", "beta", "done"]`.
    pub path: Vec<String>,
    pub op: Op,
}

impl Assignment {
    /// Parses `FIELD=VALUE`, `FIELD+=ITEM` or `FIELD-=ITEM`.
    pub fn parse(text: &str) -> Result<Assignment> {
        let Some(eq) = text.find('=') else {
            return Err(Error::NotAChange {
                text: text.to_owned(),
            });
        };
        let (left, value) = (&text[..eq], text[eq + 1..].to_owned());
        let (field, op) = if let Some(field) = left.strip_suffix('+') {
            (field, Op::Add(value))
        } else if let Some(field) = left.strip_suffix('-') {
            (field, Op::Remove(value))
        } else {
            (left, Op::Set(value))
        };
        Ok(Assignment {
            path: parse_path(field, text)?,
            op,
        })
    }

    /// A path to remove, for `unset`.
    pub fn unset(field: &str) -> Result<Assignment> {
        Ok(Assignment {
            path: parse_path(field, field)?,
            op: Op::Unset,
        })
    }

    /// A `FIELD=VALUE` built by code (lifecycle commands), path already split.
    pub fn set(path: &str, value: impl Into<String>) -> Assignment {
        Assignment {
            path: path.split('.').map(str::to_owned).collect(),
            op: Op::Set(value.into()),
        }
    }

    /// A `FIELD+=ITEM` built by code.
    pub fn add(path: &str, item: impl Into<String>) -> Assignment {
        Assignment {
            path: path.split('.').map(str::to_owned).collect(),
            op: Op::Add(item.into()),
        }
    }

    /// The dotted path as typed.
    pub fn field(&self) -> String {
        self.path.join(".")
    }
}

/// Splits a dotted path into plain keys. Quoted keys are not accepted: no
/// field or id of the format needs them, and a stray quote is a typo.
fn parse_path(field: &str, whole: &str) -> Result<Vec<String>> {
    let field = field.trim();
    if field.is_empty() {
        return Err(Error::NoField {
            text: whole.to_owned(),
        });
    }
    let parts: Vec<String> = field.split('.').map(str::to_owned).collect();
    for part in &parts {
        let plain = !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !plain {
            return Err(Error::BadFieldPath {
                field: field.to_owned(),
            });
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_paths() {
        let a = Assignment::parse("milestone.beta.done=true").unwrap();
        assert_eq!(a.path, ["milestone", "beta", "done"]);
        assert_eq!(a.op, Op::Set("true".into()));
        assert_eq!(
            Assignment::parse("tags+=x").unwrap().op,
            Op::Add("x".into())
        );
        assert_eq!(
            Assignment::parse("tags-=x").unwrap().op,
            Op::Remove("x".into())
        );
        // Only the first '=' splits: values may hold more.
        assert_eq!(
            Assignment::parse("title=a=b").unwrap().op,
            Op::Set("a=b".into())
        );
        assert_eq!(
            Assignment::parse("summary=").unwrap().op,
            Op::Set("".into())
        );
    }

    #[test]
    fn bad_shapes_are_refused() {
        for bad in [
            "title", "=x", "a..b=1", "a/b=1", "../x=1", "\"a\"=1", " .a=1",
        ] {
            assert!(Assignment::parse(bad).is_err(), "{bad}");
        }
        assert!(Assignment::unset("a..b").is_err());
    }
}
