//! `cto-plan review`: the quarterly review of the scripted quarter
//! ([`crate::common::quarter`], whose facts are listed there), with every
//! number it prints asserted.
//!
//! `numbers` checks the JSON (every number and its citation), `markdown` the
//! built-in Markdown and its safety, `options` the choice of quarter, the
//! formats, templates and output file. The helpers below build the expected
//! JSON values those modules compare.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::quarter::{Fixture, TODAY};
use crate::common::{json_in, ok_in};

mod effective_dates;
mod html;
mod markdown;
mod numbers;
mod options;

/// `review ARGS…` in `dir` with today = [`TODAY`], parsed from `--format json`.
pub fn review_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["review", "--format", "json"];
    all.extend_from_slice(args);
    json_in(dir, TODAY, &all)
}

/// The review of 2026-Q2 of the fixture, as JSON.
pub fn q2(fx: &Fixture) -> Value {
    review_json(fx.path(), &["--quarter", "2026-Q2"])
}

/// An item of the review: a record with the commit behind the claim.
pub fn item(fx: &Fixture, record: &str, title: &str, commit: &str, detail: &str) -> Value {
    json!({
        "record": record,
        "id": record.split_once('/').unwrap().1,
        "title": title,
        "source": fx.cite(commit),
        "detail": detail,
    })
}

/// An item of the review read from a plan, without a commit.
pub fn plain(record: &str, title: &str, detail: &str) -> Value {
    json!({
        "record": record,
        "id": record.split_once('/').unwrap().1,
        "title": title,
        "source": null,
        "detail": detail,
    })
}

/// A slip of the review: initiative `id` moved one quarter, `from` → `to`,
/// in `commit`.
pub fn slip(fx: &Fixture, id: &str, title: &str, from: &str, to: &str, commit: &str) -> Value {
    json!({
        "record": format!("initiative/{id}"),
        "id": id,
        "title": title,
        "from": from,
        "to": to,
        "quarters": 1,
        "source": fx.cite(commit),
    })
}

/// A row of a budget table: planned, actual and their variance.
pub fn row(name: &str, planned: f64, actual: f64) -> Value {
    json!({ "name": name, "planned": planned, "actual": actual, "variance": actual - planned })
}

/// A budget line over the threshold: a row naming its category.
pub fn line_row(name: &str, category: &str, planned: f64, actual: f64) -> Value {
    let mut row = row(name, planned, actual);
    row["category"] = json!(category);
    row
}

/// A bar of the roadmap chart, from the start of 2026-Q2 to `end`.
pub fn bar(id: &str, title: &str, state: &str, end: &str) -> Value {
    json!({ "id": id, "title": title, "state": state, "start": "2026-04-01", "end": end })
}

/// The review of the fixture as Markdown.
pub fn q2_markdown(fx: &Fixture) -> String {
    ok_in(fx.path(), TODAY, &["review", "--quarter", "2026-Q2"])
}
