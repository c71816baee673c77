//! Checks that span records: references, cycles, lifecycle rules, dates, and
//! the health warnings a leader wants to see before a review.
//!
//! Each rule is a function that appends findings; [`check`] runs them all and
//! sorts the result. Findings are data: nothing here prints, exits or reads
//! the clock (the caller passes today's date).

pub mod cycles;
pub mod health;
pub mod lifecycle;
pub mod references;
/// The rule catalogue (compiled in `diagnostic`, below parsing).
pub use crate::diagnostic::rules;

use jiff::civil::Date;

use crate::diagnostic::{self, Finding};
use crate::model::Plan;
use crate::store::Loaded;

/// Every finding for a loaded plan: what loading found, then every rule,
/// sorted by file and position.
pub fn check(loaded: &Loaded, today: Date) -> Vec<Finding> {
    let mut findings = loaded.findings.clone();
    findings.extend(validate(&loaded.plan, today));
    diagnostic::sort(&mut findings);
    findings
}

/// The rules that look across records.
pub fn validate(plan: &Plan, today: Date) -> Vec<Finding> {
    let mut findings = Vec::new();
    references::dangling(plan, &mut findings);
    cycles::check(plan, &mut findings);
    lifecycle::required_by_status(plan, &mut findings);
    lifecycle::supersede_consistency(plan, &mut findings);
    lifecycle::date_order(plan, &mut findings);
    health::check(plan, today, &mut findings);
    findings
}
