//! `export json`: the whole plan as one JSON document (docs/json.md,
//! "`cto-plan export json`"), for scripts that want every record at once.
//!
//! Records are converted as `list --format json` converts them
//! ([`records::table_json`]), so the two never disagree about a value. Plan
//! text is kept exactly: JSON strings cannot act. It must not read files or
//! the clock; the revision it describes is given.

use serde_json::{Value as Json, json};

use crate::history::commit::CommitInfo;
use crate::model::{Kind, Plan};
use crate::render::records;

/// The value of the document's `format` key.
pub const FORMAT: &str = "cto-plan/plan";

/// The document's `version`: raised only when a key changes meaning or goes.
pub const VERSION: u32 = 1;

/// The document: `revision` is the commit the plan was read from, `None`
/// for the working tree.
pub fn json(plan: &Plan, revision: Option<&CommitInfo>) -> String {
    let mut out =
        serde_json::to_string_pretty(&document(plan, revision)).expect("JSON values serialise");
    out.push('\n');
    out
}

/// [`json`] as a value.
pub fn document(plan: &Plan, revision: Option<&CommitInfo>) -> Json {
    let mut by_kind = serde_json::Map::new();
    for &kind in Kind::ALL {
        let items: Vec<Json> = plan
            .of_kind(kind)
            .map(|record| {
                json!({
                    "id": record.id,
                    "path": record.path,
                    "title": record.title(),
                    "fields": records::table_json(&record.fields),
                })
            })
            .collect();
        by_kind.insert(kind.name().to_owned(), Json::Array(items));
    }
    let config = &plan.config;
    json!({
        "format": FORMAT,
        "version": VERSION,
        "revision": revision,
        "config": {
            "name": config.name,
            "currency": config.currency,
            "fiscal_year_start_month": config.fiscal_year_start_month,
        },
        "records": by_kind,
    })
}
