//! The quarterly review, computed from the plan's history.
//!
//! The plan as the quarter began and as it ended, plus every change that
//! landed on the main line in between, give what shipped, slipped, was
//! decided, who joined and left, how the budget went, which risks moved and
//! what is next. Counts come from the history, so an initiative that shipped
//! in the quarter and was edited later still counts as shipped then. Every
//! claim carries the commit that caused it.
//!
//! [`build`] works out the quarter once ([`quarter::QuarterContext`]) and
//! hands it to each section in [`sections`]. It is pure: reading git is
//! [`gather`]'s job and rendering is `render::review`'s; nothing here may
//! import from `render` or `cli`.

pub mod cached;
pub mod context;
pub mod gather;
pub mod quarter;
pub mod sections;

use jiff::civil::Date;

use crate::history::History;
use crate::model::{Plan, PlanConfig, Quarter};
pub use context::Review;
use quarter::QuarterContext;

/// What a review is computed from.
pub struct Inputs<'a> {
    pub quarter: Quarter,
    pub config: &'a PlanConfig,
    /// The plan as the quarter began (empty when it did not exist yet).
    pub start: &'a Plan,
    /// The plan as the quarter ended.
    pub end: &'a Plan,
    /// The plan at the reviewed revision: the latest version of every
    /// record, which dates the facts (actuals and fill dates settle after a
    /// quarter closes; late ships and notice periods are recorded early or late).
    pub latest: &'a Plan,
    /// At least every change from the quarter's first day on.
    pub history: &'a History,
    pub start_commit: Option<String>,
    pub end_commit: Option<String>,
    /// Where the plan's history begins, when that is before the history
    /// read (a later beginning is a baseline step of `history`).
    pub begins: Option<&'a Beginning>,
    /// The last versions of records added and deleted again within the
    /// history read, which none of the three plans holds.
    pub removed: &'a Plan,
    /// The day the review is made: a quarter not over yet is said to be so.
    pub today: Date,
}

/// The plan's first commit (or the first of a plan moved in from
/// elsewhere) and how many records it held.
#[derive(Debug, Clone)]
pub struct Beginning {
    pub commit: crate::history::CommitInfo,
    pub records: usize,
}

/// The last complete quarter on `today`.
pub fn default_quarter(today: Date, fiscal_start_month: u8) -> Quarter {
    Quarter::containing(today, fiscal_start_month).previous()
}

/// Computes the review: every section from one quarter context, then the
/// headline from the sections.
pub fn build(inputs: &Inputs<'_>) -> Review {
    let q = QuarterContext::new(inputs);
    let mut review = Review {
        plan: q.config.name.clone(),
        quarter: q.quarter.to_string(),
        start: Some(q.first_day),
        end: Some(q.last_day),
        next_quarter: q.next.to_string(),
        currency: q.config.currency.clone(),
        start_commit: q.start_commit.map(str::to_owned),
        end_commit: q.end_commit.map(str::to_owned),
        baseline: q
            .history
            .steps
            .iter()
            .find(|s| s.baseline)
            .map(|s| context::Baseline {
                source: context::Citation::of(&s.commit),
                records: s.changes.len(),
            })
            .or_else(|| {
                inputs.begins.map(|b| context::Baseline {
                    source: context::Citation::of(&b.commit),
                    records: b.records,
                })
            }),
        headline: context::Headline::default(),
        roadmap: sections::roadmap::build(&q),
        decisions: sections::decisions::build(&q),
        team: sections::team::build(&q),
        budget: sections::budget::build(&q),
        risks: sections::risks::build(&q),
        objectives: sections::objectives::build(&q),
        radar: sections::radar::build(&q),
        outlook: sections::outlook::build(&q),
        activity: sections::activity::build(&q),
        warnings: sections::warnings::build(&q),
    };
    review.headline = sections::headline::build(&q, &review);
    review
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_before_the_plan_existed_is_reviewed_as_empty_with_warnings() {
        let (config, plan, history) = (PlanConfig::default(), Plan::default(), History::default());
        let review = build(&Inputs {
            quarter: "2027-Q1".parse().unwrap(),
            config: &config,
            start: &plan,
            end: &plan,
            latest: &plan,
            history: &history,
            start_commit: None,
            end_commit: None,
            begins: None,
            removed: &plan,
            today: jiff::civil::date(2026, 12, 1),
        });
        assert_eq!(review.next_quarter, "2027-Q2");
        assert_eq!(review.headline.predictability, None);
        assert_eq!(review.activity.commits, 0);
        assert_eq!(
            review.warnings,
            [
                "the plan did not exist yet during 2027-Q1: there is nothing to review",
                "2027-Q1 has not begun (it starts on 2027-01-01): this is the plan for it so far",
            ]
        );
    }
}
