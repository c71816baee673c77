//! Every record's changes from one walk of the history, grouped by record
//! in one pass (a record renamed from `old-id` keeps `old-id`'s changes, as
//! `log` follows renames). This could move to `history::audit`; it is here
//! because the site is its only user.

use std::collections::HashMap;

use crate::diff::Action;
use crate::history::History;
use crate::history::audit::Entry;
use crate::model::Kind;

/// Each record's changes, newest first, keyed by its latest `(kind, id)`:
/// the same lists `audit::changes_of_record` gives one record at a time.
pub fn changes_by_record(history: &History) -> HashMap<(Kind, String), Vec<Entry<'_>>> {
    // Older names, as the walk back in time meets renames, to the record's
    // latest name.
    let mut latest_name: HashMap<(Kind, String), (Kind, String)> = HashMap::new();
    let mut grouped: HashMap<(Kind, String), Vec<Entry<'_>>> = HashMap::new();
    for step in history.steps.iter().rev() {
        for change in &step.changes {
            let name = (change.kind, change.id.clone());
            let key = latest_name.get(&name).cloned().unwrap_or(name);
            grouped.entry(key.clone()).or_default().push(Entry {
                commit: &step.commit,
                change,
            });
            if change.action == Action::Renamed
                && let Some(from) = change.renamed_from.as_ref().filter(|f| !f.contains('/'))
            {
                latest_name.insert((change.kind, from.clone()), key);
            }
        }
    }
    grouped
}
