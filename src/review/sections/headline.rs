//! The headline: the quarter in a few numbers, summed up from the other
//! sections' results and the quarter context.
//!
//! Pure, and the one section that reads the others: it must only count and
//! copy what they found, never find anything itself.

use std::collections::BTreeSet;

use crate::model::Kind;
use crate::review::context::{Headline, Review};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>, sections: &Review) -> Headline {
    let roadmap = &sections.roadmap;
    let shipped: BTreeSet<&str> = roadmap.shipped.iter().map(|i| i.id.as_str()).collect();
    // A committed initiative renamed during the quarter ships under its new id.
    let committed_shipped = q
        .committed
        .iter()
        .filter(|c| {
            shipped.contains(q.renames.current(Kind::Initiative, &c.id))
                || shipped.contains(q.renames_now.current(Kind::Initiative, &c.id))
        })
        .count();
    let this_quarter = q.quarter.to_string();
    let slipped_ids = |committed: bool| {
        roadmap
            .slipped
            .iter()
            .filter(|s| (s.from == this_quarter) == committed)
            .map(|s| &s.id)
            .collect::<BTreeSet<_>>()
    };
    let slipped_committed = slipped_ids(true);
    // An initiative that slipped out of the quarter and then further counts
    // once, as a slip of this quarter's commitment.
    let slipped_later = slipped_ids(false).difference(&slipped_committed).count();
    let committed = q.committed.len();
    let (headcount_start, headcount_end) = (q.people_at_start().count(), q.people_at_end().count());
    Headline {
        committed,
        committed_shipped,
        predictability: (committed > 0).then(|| committed_shipped as f64 / committed as f64),
        shipped: roadmap.shipped.len(),
        // An initiative that slipped twice counts once.
        slipped: roadmap
            .slipped
            .iter()
            .map(|s| &s.id)
            .collect::<BTreeSet<_>>()
            .len(),
        slipped_committed: slipped_committed.len(),
        slipped_later,
        retracted: roadmap.reverted.len() + sections.team.retracted.len(),
        decisions_taken: sections.decisions.accepted.len() + sections.decisions.rejected.len(),
        headcount_start,
        headcount_end,
        net_headcount: headcount_end as i64 - headcount_start as i64,
        budget_planned: sections.budget.planned,
        budget_actual: sections.budget.actual,
        budget_variance: sections.budget.variance,
        budget_not_reported: sections.budget.not_reported.clone(),
        top_risk: sections.risks.top_open.first().cloned(),
    }
}
