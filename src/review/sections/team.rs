//! Team and hiring: joiners, leavers and moves during the quarter, headcount
//! per team at its start and end against targets, and roles opened and filled.
//!
//! Pure: reads only the quarter context. The organisation's total headcount
//! is the headline's.

use std::collections::{BTreeMap, BTreeSet};

use super::{days_between, item_of_change, median};
use crate::diff::Meaning;
use crate::model::{Kind, Plan, Record};
use crate::review::context::{Team, TeamHeadcount};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Team {
    let mut t = Team::default();
    let team = |t: &Option<String>| {
        t.as_ref()
            .map(|t| format!("team/{t}"))
            .unwrap_or_else(|| "no team".into())
    };
    for change in &q.changes {
        for meaning in &change.record.meanings {
            match meaning {
                Meaning::Joined { team: to } => t
                    .joiners
                    .push(item_of_change(change, format!("joined {}", team(to)))),
                Meaning::Left { team: from } => t
                    .leavers
                    .push(item_of_change(change, format!("left {}", team(from)))),
                Meaning::Moved { from, to } => t.moves.push(item_of_change(
                    change,
                    format!("{} → {}", team(from), team(to)),
                )),
                Meaning::RoleOpened { team: at } => t
                    .roles_opened
                    .push(item_of_change(change, format!("opened in {}", team(at)))),
                Meaning::RoleFilled { by } => {
                    let who = by
                        .as_ref()
                        .map_or_else(|| "filled".into(), |p| format!("filled by person/{p}"));
                    t.roles_filled.push(item_of_change(change, who));
                }
                _ => {}
            }
        }
    }
    // Fill dates settle after the quarter: the plan now knows them best.
    t.median_days_to_fill = median(
        t.roles_filled
            .iter()
            .filter_map(|i| {
                q.plan_now
                    .get(Kind::Role, &i.id)
                    .or_else(|| q.plan_at_end.get(Kind::Role, &i.id))
            })
            .filter_map(|r| {
                Some(days_between(
                    r.fields.date("opened")?,
                    r.fields.date("filled")?,
                ))
            })
            .collect(),
    );
    let before = by_team(q.plan_at_start, q.people_at_start());
    let after = by_team(q.plan_at_end, q.people_at_end());
    let teams: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for team in teams {
        let record = q
            .plan_at_end
            .get(Kind::Team, team)
            .or_else(|| q.plan_at_start.get(Kind::Team, team));
        t.headcount.push(TeamHeadcount {
            team: team.clone(),
            name: record.map_or_else(
                || {
                    if team.is_empty() {
                        "(no team)".into()
                    } else {
                        team.clone()
                    }
                },
                |r| r.title().to_owned(),
            ),
            start: before.get(team).copied().unwrap_or(0),
            end: after.get(team).copied().unwrap_or(0),
            target: record
                .and_then(|r| r.fields.number("headcount_target"))
                .map(|n| n as i64),
        });
    }
    t
}

/// People by team (`""` for none): each person counts under their own team
/// and under every team above it, as a department's target covers its teams.
fn by_team<'a>(plan: &Plan, people: impl Iterator<Item = &'a Record>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for person in people {
        let mut team = person
            .fields
            .text("team")
            .map_or("", Plan::bare_id)
            .to_owned();
        let mut seen = BTreeSet::new();
        loop {
            *counts.entry(team.clone()).or_insert(0) += 1;
            let parent = plan
                .get(Kind::Team, &team)
                .and_then(|t| t.fields.text("parent"))
                .map(Plan::bare_id);
            match parent {
                // A cycle of parents is `check`'s to report; stop here.
                Some(parent) if seen.insert(team.clone()) => team = parent.to_owned(),
                _ => break,
            }
        }
    }
    counts
}
