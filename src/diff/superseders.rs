//! Names the decisions that supersede one another, when the successor was
//! committed before the change that marked its predecessor superseded.
//!
//! Pure: the caller hands in the newer side's decisions; reading them from
//! git or disk is not this module's business.

use super::{Meaning, RecordChange};
use crate::model::{Kind, Plan};

/// Whether a decision became superseded without its successor among the
/// changes (it was committed earlier).
pub fn needs_superseders(changes: &[RecordChange]) -> bool {
    changes.iter().any(|c| {
        c.meanings
            .iter()
            .any(|m| matches!(m, Meaning::SupersededBy { by } if by.is_empty()))
    })
}

/// Names, from every decision of the newer side, those that supersede each
/// decision that became superseded.
pub fn name_superseders_from(changes: &mut [RecordChange], decisions: &Plan) {
    for change in changes {
        for meaning in &mut change.meanings {
            if let Meaning::SupersededBy { by } = meaning
                && by.is_empty()
            {
                *by = decisions
                    .of_kind(Kind::Decision)
                    .filter(|d| {
                        d.fields
                            .texts("supersedes")
                            .iter()
                            .any(|(t, _)| Plan::bare_id(t) == change.id)
                    })
                    .map(|d| d.reference())
                    .collect();
            }
        }
    }
}
