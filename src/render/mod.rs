//! Turns results into text: findings as rustc-style text, JSON, GitHub
//! workflow commands or SARIF, and records for `list` and `show`.
//!
//! Renderers return strings. Whether to colour is the caller's decision,
//! passed in; nothing here looks at the terminal or the environment.

pub mod capacity;
pub mod charts;
pub mod diff;
pub mod findings;
pub mod history;
pub mod markdown;
pub mod radar;
pub mod records;
pub mod review;
pub mod skills;

use crate::diagnostic::{Finding, Position, SourceMap};

/// What a findings renderer needs.
pub struct FindingsReport<'a> {
    pub findings: &'a [Finding],
    pub sources: &'a SourceMap,
    /// Prepended to plan-relative paths, so paths are relative to the
    /// repository's top ("" when the plan is the top or not in git).
    pub path_prefix: &'a str,
    /// How many records were checked, for the summary line.
    pub records: usize,
}

impl FindingsReport<'_> {
    pub fn display_path(&self, finding: &Finding) -> String {
        if self.path_prefix.is_empty() {
            finding.path.clone()
        } else {
            format!("{}/{}", self.path_prefix, finding.path)
        }
    }

    pub fn locate(&self, finding: &Finding) -> (Position, Position) {
        self.sources.locate(&finding.path, finding.span.as_ref())
    }
}

/// "1 error", "2 warnings": English plurals for summaries.
pub fn count(n: usize, singular: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {singular}s")
    }
}
