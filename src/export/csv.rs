//! `export csv`: one kind's records as a spreadsheet, one row per record and
//! one column per field.
//!
//! The columns come from the kind's field list ([`Kind::fields`]), never a
//! list of its own: `id`, then the fields in schema order, fixed sub-tables
//! and keyed tables flattened with dotted names (`estimate.weeks`,
//! `milestone.beta.due`), then every other key the records hold (`custom.*`,
//! and keys the schema does not know, so nothing written is lost). The
//! headers are the field names, so an importer can read them back.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
//! formula (and some start one after a tab or a line break): such text
//! cells get a leading `'`, the mark spreadsheets read as "this is text".
//! Numbers, dates and quarters of typed fields are written as they are: no
//! formula can be one. It must not write anything but the CSV text.

use crate::model::schema::{FieldSpec, FieldType, find};
use crate::model::{Kind, Plan, Record, Table, Value, value_text};

/// What separates the items of a list in one cell.
pub const LIST_SEPARATOR: &str = "; ";

/// The characters that make a spreadsheet read a cell as a formula when
/// they start it (OWASP's list: `=`, `+`, `-`, `@`, tab, carriage return;
/// and the line feed, which some start a formula after too).
pub const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r', '\n'];

/// The mark put before a text cell that would be read as a formula.
pub const TEXT_MARK: char = '\'';

/// One cell: its text, and whether it is text (and so may need the mark).
struct Cell {
    text: String,
    is_text: bool,
}

/// The records of `kind` as CSV (RFC 4180: CRLF line ends, fields quoted
/// where they hold a quote, a comma or a line break), a header row first.
pub fn csv(plan: &Plan, kind: Kind) -> String {
    let records: Vec<&Record> = plan.of_kind(kind).collect();
    let rows: Vec<Vec<(String, Cell)>> = records
        .iter()
        .map(|record| {
            let mut cells = Vec::new();
            flatten(&record.fields, Level::Fields(kind.fields()), "", &mut cells);
            cells
        })
        .collect();
    let columns = columns(kind, &records, &rows);
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a failure would be a bug in the csv crate.
    writer
        .write_record(&columns)
        .expect("CSV is written to memory");
    for (record, cells) in records.iter().zip(&rows) {
        let row = columns.iter().map(|column| {
            if column == "id" {
                return neutralise_formula(&record.id);
            }
            cells
                .iter()
                .find(|(path, _)| path == column)
                .map(|(_, cell)| {
                    if cell.is_text {
                        neutralise_formula(&cell.text)
                    } else {
                        cell.text.clone()
                    }
                })
                .unwrap_or_default()
        });
        writer.write_record(row).expect("CSV is written to memory");
    }
    let bytes = writer.into_inner().expect("CSV is written to memory");
    String::from_utf8(bytes).expect("the cells are UTF-8 strings")
}

/// A text cell made inert for a spreadsheet: with [`TEXT_MARK`] before it
/// when, past any marks it already starts with, it starts with one of
/// [`FORMULA_STARTS`]. Counting the marks it has makes the rule reversible:
/// [`restore_formula`] takes exactly one off such a cell.
pub fn neutralise_formula(text: &str) -> String {
    if text
        .trim_start_matches(TEXT_MARK)
        .starts_with(FORMULA_STARTS)
    {
        format!("{TEXT_MARK}{text}")
    } else {
        text.to_owned()
    }
}

/// The text a cell held before [`neutralise_formula`], for an importer.
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix(TEXT_MARK) {
        Some(rest)
            if rest
                .trim_start_matches(TEXT_MARK)
                .starts_with(FORMULA_STARTS) =>
        {
            rest
        }
        _ => cell,
    }
}

/// What the keys of a table are, for flattening.
#[derive(Clone, Copy)]
enum Level {
    /// Fields of a schema (a record, or a fixed sub-table).
    Fields(&'static [FieldSpec]),
    /// Keys naming sub-tables of these fields (`[milestone.beta]`).
    Keyed(&'static [FieldSpec]),
    /// Free-form keys (`[custom]`, or a key the schema does not know).
    Free,
}

/// Every leaf of `table` as (dotted path, cell), in file order.
fn flatten(table: &Table, level: Level, prefix: &str, out: &mut Vec<(String, Cell)>) {
    for entry in &table.entries {
        let path = format!("{prefix}{}", entry.key);
        let inner = match level {
            Level::Fields(fields) => match find(fields, &entry.key).map(|f| f.ty) {
                Some(FieldType::Table(sub)) => Level::Fields(sub),
                Some(FieldType::Keyed(sub)) => Level::Keyed(sub),
                _ => Level::Free,
            },
            Level::Keyed(sub) => Level::Fields(sub),
            Level::Free => Level::Free,
        };
        match &entry.value {
            Value::Table(sub) => flatten(sub, inner, &format!("{path}."), out),
            value => out.push((path, cell(value))),
        }
    }
}

fn cell(value: &Value) -> Cell {
    match value {
        Value::Integer(_)
        | Value::Float(_)
        | Value::Bool(_)
        | Value::Date(_)
        | Value::Quarter(_) => Cell {
            text: value_text(value),
            is_text: false,
        },
        Value::List(items) => Cell {
            text: items
                .iter()
                .map(|item| value_text(&item.value))
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
            is_text: true,
        },
        // Text, a `[custom]` date-time, and a value its field does not allow
        // (written as it stands in the file): none is a typed number.
        Value::Invalid(raw) => Cell {
            text: value_text(raw),
            is_text: true,
        },
        other => Cell {
            text: value_text(other),
            is_text: true,
        },
    }
}

/// The header: `id`, the schema's columns, then any other path a record
/// holds, in the order first met.
fn columns(kind: Kind, records: &[&Record], rows: &[Vec<(String, Cell)>]) -> Vec<String> {
    let mut columns = vec!["id".to_owned()];
    schema_columns(kind.fields(), "", records, &mut columns);
    for cells in rows {
        for (path, _) in cells {
            if !columns.contains(path) {
                columns.push(path.clone());
            }
        }
    }
    columns
}

/// The columns of `fields` under `prefix`: a keyed table has one group per
/// key any record uses, in the order first met; `[custom]` has none of its
/// own (its keys are found in the records).
fn schema_columns(
    fields: &'static [FieldSpec],
    prefix: &str,
    records: &[&Record],
    out: &mut Vec<String>,
) {
    for field in fields {
        let name = format!("{prefix}{}", field.name);
        match field.ty {
            FieldType::Custom => {}
            FieldType::Table(sub) => schema_columns(sub, &format!("{name}."), records, out),
            FieldType::Keyed(sub) => {
                let mut keys: Vec<&str> = Vec::new();
                for record in records {
                    if let Some(Value::Table(keyed)) = lookup(&record.fields, &name) {
                        for entry in &keyed.entries {
                            if !keys.contains(&entry.key.as_str()) {
                                keys.push(&entry.key);
                            }
                        }
                    }
                }
                for key in keys {
                    schema_columns(sub, &format!("{name}.{key}."), records, out);
                }
            }
            _ => out.push(name),
        }
    }
}

/// The value at a dotted path of schema fields (`milestone`, `estimate`).
fn lookup<'t>(table: &'t Table, path: &str) -> Option<&'t Value> {
    let mut parts = path.split('.');
    let mut value = table.value(parts.next()?)?;
    for part in parts {
        match value {
            Value::Table(inner) => value = inner.value(part)?,
            _ => return None,
        }
    }
    Some(value)
}
