//! Checks that span records: references, cycles, lifecycle rules, dates, and
//! the health warnings a leader wants to see before a review.
//!
//! Each rule is a function that appends findings; [`check`] runs them all and
//! sorts the result. Findings are data: nothing here prints, exits or reads
//! the clock (the caller passes today's date).

pub mod capacity;
pub mod cycles;
pub mod health;
pub mod lifecycle;
pub mod references;
pub mod settings;
pub mod templates;
/// The rule catalogue (compiled in `diagnostic`, below parsing).
/// Every rule: the catalogue every plan has (`diagnostic::rules`, which sits
/// below the model so that parsing can report rules), then the rules each
/// kind's spec declares.
pub mod rules {
    use std::sync::LazyLock;

    pub use crate::diagnostic::rules::*;
    use crate::model::Kind;

    /// The catalogue, then the kinds' own rules in kind order.
    pub static ALL: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
        CATALOGUE
            .iter()
            .copied()
            .chain(
                Kind::ALL
                    .iter()
                    .flat_map(|kind| kind.spec().rules.iter().copied()),
            )
            .collect()
    });

    /// The rule with `code`, if any.
    pub fn by_code(code: &str) -> Option<&'static Rule> {
        ALL.iter().copied().find(|r| r.code == code)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn codes_are_unique_across_the_catalogue_and_the_kinds() {
            let mut codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), ALL.len());
        }
    }
}

use jiff::civil::Date;

use crate::diagnostic::{self, Finding};
use crate::model::Plan;
use crate::store::Loaded;

/// Every finding for a loaded plan: what loading found, then every rule,
/// sorted by file and position.
pub fn check(loaded: &Loaded, today: Date) -> Vec<Finding> {
    let mut findings = loaded.findings.clone();
    references::suggest_for_invalid_ids(&loaded.plan, &mut findings);
    findings.extend(validate(&loaded.plan, today));
    templates::check(loaded, today, &mut findings);
    diagnostic::sort(&mut findings);
    findings
}

/// The rules that look across records.
pub fn validate(plan: &Plan, today: Date) -> Vec<Finding> {
    let rules_on_records = || {
        let mut findings = Vec::new();
        references::dangling(plan, &mut findings);
        cycles::check(plan, &mut findings);
        settings::check(plan, &mut findings);
        lifecycle::required_by_status(plan, &mut findings);
        lifecycle::supersede_consistency(plan, &mut findings);
        lifecycle::date_order(plan, &mut findings);
        health::check(plan, today, &mut findings);
        findings
    };
    let with = |rules: fn(&Plan, Date, &mut Vec<Finding>)| {
        move || {
            let mut findings = Vec::new();
            rules(plan, today, &mut findings);
            findings
        }
    };
    let (load_rules, key_people) = (with(capacity::check_load), with(capacity::check_key_people));
    // The capacity rules compute the plan's figures and its skills for
    // every open quarter: on a large plan each as long as all the other
    // rules together, so the three run side by side. A small plan is
    // checked on one thread.
    if plan.records.len() < 1000 {
        let mut findings = rules_on_records();
        findings.extend(load_rules());
        findings.extend(key_people());
        return findings;
    }
    std::thread::scope(|scope| {
        let load = scope.spawn(load_rules);
        let key_people = scope.spawn(key_people);
        let mut findings = rules_on_records();
        for rules in [load, key_people] {
            findings.extend(
                rules
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        findings
    })
}
