//! Activity: the main-line commits that changed the plan during the quarter,
//! who wrote them (each commit of a merged branch by its own author, a
//! squash merge by the author git kept), who merged them, and the pull
//! requests they came from.
//!
//! Pure: reads only the quarter context.

use std::collections::{BTreeMap, BTreeSet};

use crate::review::context::{Activity, Contributor};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Activity {
    let mut by_author: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_merger: BTreeMap<&str, usize> = BTreeMap::new();
    for step in &q.steps {
        let commit = &step.commit;
        if commit.branch_authors.is_empty() {
            *by_author.entry(commit.author.as_str()).or_default() += 1;
        }
        for author in &commit.branch_authors {
            *by_author.entry(author.as_str()).or_default() += 1;
        }
        if let Some(merger) = &commit.merged_by {
            *by_merger.entry(merger.as_str()).or_default() += 1;
        }
    }
    let contributors = ranked(by_author);
    let merged_by = ranked(by_merger);
    let prs: BTreeSet<u64> = q
        .steps
        .iter()
        .filter_map(|s| s.commit.pull_request)
        .collect();
    Activity {
        commits: q.steps.len(),
        contributors,
        merged_by,
        pull_requests: prs.into_iter().collect(),
    }
}

/// Most commits first; ties alphabetical, so the order is stable.
fn ranked(counts: BTreeMap<&str, usize>) -> Vec<Contributor> {
    let mut ranked: Vec<Contributor> = counts
        .into_iter()
        .map(|(name, commits)| Contributor {
            name: name.to_owned(),
            commits,
        })
        .collect();
    ranked.sort_by(|x, y| y.commits.cmp(&x.commits).then_with(|| x.name.cmp(&y.name)));
    ranked
}
