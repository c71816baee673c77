//! The catalogue of rules: stable codes, severities and one-line summaries.
//!
//! Codes are part of the public interface (CI configurations, SARIF rule ids,
//! `docs/rules.md`), so they never change meaning once released. This module
//! only names rules; the checks live beside it, in `parse` and in `store`.
//!
//! Compiled as `diagnostic::rules`, the bottom layer, because parsing and
//! loading report rules too; the source stays beside the checks that use it,
//! and `validate::rules` re-exports it. It must import nothing but
//! `diagnostic`.

pub use crate::diagnostic::{Rule, Severity};

macro_rules! rules {
    ($($ident:ident: $code:literal, $severity:ident, $summary:literal;)*) => {
        $(pub static $ident: Rule = Rule { code: $code, severity: Severity::$severity, summary: $summary };)*
        /// The rules every plan has, in documentation order.
        pub static CATALOGUE: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    SYNTAX: "syntax", Error, "The file is not valid TOML.";
    ENCODING: "encoding", Error, "The file is not UTF-8 text.";
    FILE_TOO_LARGE: "file-too-large", Error, "The file is larger than 1 MiB.";
    EMPTY_FILE: "empty-file", Error, "The file holds nothing.";
    UNKNOWN_FILE: "unknown-file", Error, "A TOML file outside the folders that hold records.";
    BAD_ID: "bad-id", Error, "The file name is not a valid record id.";
    DUPLICATE_ID: "duplicate-id", Error, "Two files define the same record.";
    SYMLINK: "symlink", Error, "A symbolic link that leaves the plan or leads nowhere.";
    UNKNOWN_KEY: "unknown-key", Error, "A key the record's kind does not have.";
    WRONG_TYPE: "wrong-type", Error, "A value of the wrong type.";
    INVALID_VALUE: "invalid-value", Error, "A value outside its set or range.";
    MISSING_FIELD: "missing-field", Error, "A required field is absent.";
    DANGLING_REFERENCE: "dangling-reference", Error, "A reference to a record that does not exist.";
    DEPENDENCY_CYCLE: "dependency-cycle", Error, "Records that depend on each other in a circle.";
    SUPERSEDE: "supersede-consistency", Error, "Superseded decisions and the decisions that supersede them disagree.";
    DATE_ORDER: "date-order", Error, "Dates or quarters in the wrong order.";
    BYTE_ORDER_MARK: "byte-order-mark", Warning, "The file starts with a byte-order mark.";
    OWNER_LEFT: "owner-left", Warning, "An owner, lead, decider or manager has left.";
    OVERDUE: "overdue-initiative", Warning, "An initiative is past its target quarter and neither shipped nor cancelled.";
    REVIEW_DUE: "review-overdue", Warning, "A decision's or risk's review date has passed.";
    NO_OWNER: "no-owner", Warning, "An active initiative has no owner.";
    OVER_BUDGET: "over-budget", Warning, "A budget line's actual exceeds planned by more than the threshold.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut codes: Vec<&str> = CATALOGUE.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
        assert!(
            codes
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        );
    }
}
