//! Activity: the main-line commits that changed the plan during the quarter,
//! who made them, and the pull requests they came from.
//!
//! Pure: reads only the quarter context.

use std::collections::{BTreeMap, BTreeSet};

use crate::review::context::{Activity, Contributor};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Activity {
    let mut by_author: BTreeMap<&str, usize> = BTreeMap::new();
    for step in &q.steps {
        *by_author.entry(step.commit.author.as_str()).or_default() += 1;
    }
    let mut contributors: Vec<Contributor> = by_author
        .into_iter()
        .map(|(name, commits)| Contributor {
            name: name.to_owned(),
            commits,
        })
        .collect();
    // Most commits first; ties alphabetical, so the order is stable.
    contributors.sort_by(|x, y| y.commits.cmp(&x.commits).then_with(|| x.name.cmp(&y.name)));
    let prs: BTreeSet<u64> = q
        .steps
        .iter()
        .filter_map(|s| s.commit.pull_request)
        .collect();
    Activity {
        commits: q.steps.len(),
        contributors,
        pull_requests: prs.into_iter().collect(),
    }
}
