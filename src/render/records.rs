//! Records as text tables and JSON, for `list` and `show`.
//!
//! A record that is gone (a person who has left) is marked as such wherever
//! it is named, "(left 2026-03-31)", so that no list passes it off as current.
//! The text forms neutralise plan text (crate::text::neutralise); JSON keeps
//! it exact.

use jiff::civil::Date;
use serde_json::json;

use crate::model::spec::{Column, STANDARD_COLUMNS};
pub use crate::model::value_text;
use crate::model::{Plan, Record, Table, Value};
use crate::text::neutralise;

/// A typed value as JSON: dates and quarters as strings, tables as objects.
pub fn value_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Text(s) | Value::Datetime(s) => json!(s),
        Value::Integer(i) => json!(i),
        // JSON has no NaN or infinity: they are the TOML words, as strings.
        Value::Float(f) => crate::text::non_finite(*f).map_or_else(|| json!(f), |word| json!(word)),
        Value::Bool(b) => json!(b),
        Value::Date(d) => json!(d.to_string()),
        Value::Quarter(q) => json!(q.to_string()),
        Value::List(items) => items.iter().map(|i| value_json(&i.value)).collect(),
        Value::Table(table) => table_json(table),
        // As written: JSON readers see what the file says; `check` says it is wrong.
        Value::Invalid(raw) => value_json(raw),
    }
}

pub fn table_json(table: &Table) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = table
        .entries
        .iter()
        .map(|e| (e.key.clone(), value_json(&e.value)))
        .collect();
    serde_json::Value::Object(map)
}

/// The columns `list` shows: those of the one kind listed, or the standard
/// ones when several kinds are listed together.
fn columns(records: &[&Record]) -> &'static [Column] {
    match records.first() {
        Some(first) if records.iter().all(|r| r.kind == first.kind) => {
            first.kind.spec().list_columns()
        }
        _ => STANDARD_COLUMNS,
    }
}

/// A record's title, marked "(left 2026-03-31)" when it is gone by `today`,
/// in the words of its kind's `gone_after` field.
pub fn marked_title(record: &Record, today: Date) -> String {
    match (record.kind.spec().gone_after, record.gone_after()) {
        (Some(field), Some(last)) if record.is_gone(today) => {
            format!("{} ({field} {last})", record.title())
        }
        _ => record.title().to_owned(),
    }
}

/// A record's row: its reference, its title, then one cell per column.
pub fn summary_row(record: &Record, columns: &[Column], today: Date) -> Vec<String> {
    let mut row = vec![record.reference(), marked_title(record, today)];
    for column in columns {
        let cell = column
            .fields
            .iter()
            .find_map(|name| record.fields.value(name))
            .map(value_text)
            .unwrap_or_default();
        row.push(cell);
    }
    row
}

/// Records as an aligned table.
pub fn list_text(records: &[&Record], today: Date) -> String {
    let columns = columns(records);
    let header: Vec<String> = ["RECORD", "TITLE"]
        .into_iter()
        .chain(columns.iter().map(|c| c.header))
        .map(String::from)
        .collect();
    let rows: Vec<Vec<String>> = std::iter::once(header)
        .chain(records.iter().map(|r| {
            summary_row(r, columns, today)
                .into_iter()
                .map(|cell| neutralise(&cell).into_owned())
                .collect()
        }))
        .collect();
    let mut widths = vec![0usize; rows[0].len()];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(48));
        }
    }
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| {
                let cut: String = if cell.chars().count() > w {
                    cell.chars().take(w - 1).chain(['…']).collect()
                } else {
                    cell.clone()
                };
                format!("{cut:<w$}")
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

pub fn list_json(records: &[&Record]) -> String {
    let items: Vec<serde_json::Value> = records
        .iter()
        .map(|r| json!({ "kind": r.kind, "id": r.id, "path": r.path, "title": r.title(), "fields": table_json(&r.fields) }))
        .collect();
    let mut out = serde_json::to_string_pretty(&items).expect("JSON values always serialise");
    out.push('\n');
    out
}

/// One record with every field, then what refers to it.
pub fn show_text(plan: &Plan, record: &Record, display_path: &str, today: Date) -> String {
    let mut lines: Vec<(String, String)> = Vec::new();
    flatten(&record.fields, "", &mut lines);
    let lines: Vec<(String, String)> = lines
        .into_iter()
        .map(|(k, v)| (neutralise(&k).into_owned(), neutralise(&v).into_owned()))
        .collect();
    let width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} — {}\n{}\n\n",
        neutralise(&record.reference()),
        neutralise(&marked_title(record, today)),
        neutralise(display_path)
    );
    for (key, value) in &lines {
        out.push_str(&format!("  {key:<width$}  {value}\n"));
    }
    let referrers = plan.referrers(record);
    if !referrers.is_empty() {
        out.push_str("\nreferred to by:\n");
        for (other, field) in referrers {
            out.push_str(&format!(
                "  {}  ({})  {}\n",
                neutralise(&other.reference()),
                neutralise(&field),
                neutralise(&marked_title(other, today))
            ));
        }
    }
    out
}

fn flatten(table: &Table, prefix: &str, out: &mut Vec<(String, String)>) {
    for entry in &table.entries {
        let key = format!("{prefix}{}", entry.key);
        match &entry.value {
            Value::Table(inner) => flatten(inner, &format!("{key}."), out),
            Value::Text(s) if s.contains('\n') => {
                let indented = s.trim_end().replace('\n', "\n    ");
                out.push((key, format!("\n    {indented}")));
            }
            other => out.push((key, value_text(other))),
        }
    }
}

pub fn show_json(plan: &Plan, record: &Record, display_path: &str) -> String {
    let referrers: Vec<serde_json::Value> = plan
        .referrers(record)
        .into_iter()
        .map(|(other, field)| json!({ "record": other.reference(), "field": field }))
        .collect();
    let value = json!({
        "kind": record.kind,
        "id": record.id,
        "path": display_path,
        "title": record.title(),
        "fields": table_json(&record.fields),
        "referenced_by": referrers,
    });
    let mut out = serde_json::to_string_pretty(&value).expect("JSON values always serialise");
    out.push('\n');
    out
}
