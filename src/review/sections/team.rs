//! Team and hiring: joiners, leavers and moves during the quarter, headcount
//! per team at its start and end against targets, roles opened and filled,
//! and each team's supply in the quarter against the work committed to it.
//!
//! Joiners and leavers are the people whose `joined` / `left` falls in the
//! quarter (as the latest version of their record says), so they agree with
//! the headcount, which counts the same dates; a person with no such date
//! joins or leaves when the commit adds or deletes them, except in the
//! plan's baseline. Roles are opened and filled on their own dates likewise.
//!
//! Pure: reads only the quarter context. The organisation's total headcount
//! is the headline's.

use std::collections::{BTreeMap, BTreeSet};

use super::outlook::{over, team_load, tenths, unless_estimated};
use super::{days_between, item_of_change, item_of_fact, median, retraction};
use crate::capacity::capacity;
use crate::diff::{Action, Meaning};
use crate::model::{Kind, Plan, Record};
use crate::review::context::{Item, Team, TeamHeadcount, TeamLoad};
use crate::review::quarter::QuarterContext;

fn team_of(record: &Record) -> String {
    record.fields.text("team").map_or_else(
        || "no team".into(),
        |t| format!("team/{}", Plan::bare_id(t)),
    )
}

pub fn build(q: &QuarterContext<'_>) -> Team {
    let mut t = Team::default();
    let team = |t: &Option<String>| {
        t.as_ref()
            .map(|t| format!("team/{}", Plan::bare_id(t)))
            .unwrap_or_else(|| "no team".into())
    };
    let mut joiners: Vec<(jiff::civil::Date, Item)> = q
        .happened(Kind::Person, "joined")
        .iter()
        .map(|f| {
            (
                f.date,
                item_of_fact(q, f, format!("joined {}", team_of(f.record))),
            )
        })
        .collect();
    let mut leavers: Vec<(jiff::civil::Date, Item)> = q
        .happened(Kind::Person, "left")
        .iter()
        .map(|f| {
            (
                f.date,
                item_of_fact(q, f, format!("left {}", team_of(f.record))),
            )
        })
        .collect();
    let mut opened: Vec<(jiff::civil::Date, Item)> = q
        .happened(Kind::Role, "opened")
        .iter()
        .map(|f| {
            (
                f.date,
                item_of_fact(q, f, format!("opened in {}", team_of(f.record))),
            )
        })
        .collect();
    let mut filled: Vec<(jiff::civil::Date, Item)> = q
        .happened(Kind::Role, "filled")
        .iter()
        .filter(|f| f.record.status() == Some("filled"))
        .map(|f| {
            let who = f.record.fields.text("hire").map_or_else(
                || "filled".into(),
                |p| format!("filled by person/{}", Plan::bare_id(p)),
            );
            (f.date, item_of_fact(q, f, who))
        })
        .collect();
    for change in &q.changes {
        // Facts without a date of their own happen when committed; the
        // baseline's records were there before the history began.
        let undated = |field: &str| q.undated(change, field);
        let on = change.step.commit.date();
        for meaning in &change.record.meanings {
            match meaning {
                Meaning::Joined { team: to } if undated("joined") => {
                    joiners.push((on, item_of_change(change, format!("joined {}", team(to)))));
                }
                Meaning::Left { team: from }
                    if change.record.action == Action::Removed && undated("left") =>
                {
                    leavers.push((on, item_of_change(change, format!("left {}", team(from)))));
                }
                Meaning::Moved { from, to } => t.moves.push(item_of_change(
                    change,
                    format!("{} → {}", team(from), team(to)),
                )),
                Meaning::RoleOpened { team: at } if undated("opened") => opened.push((
                    on,
                    item_of_change(change, format!("opened in {}", team(at))),
                )),
                Meaning::RoleFilled { by } if undated("filled") => {
                    let who = by.as_ref().map_or_else(
                        || "filled".into(),
                        |p| format!("filled by person/{}", Plan::bare_id(p)),
                    );
                    filled.push((on, item_of_change(change, who)));
                }
                _ => {}
            }
        }
    }
    let in_order = |mut v: Vec<(jiff::civil::Date, Item)>| -> Vec<Item> {
        v.sort_by_key(|(date, _)| *date);
        v.into_iter().map(|(_, item)| item).collect()
    };
    t.joiners = in_order(joiners);
    t.leavers = in_order(leavers);
    t.roles_opened = in_order(opened);
    t.roles_filled = in_order(filled);
    let still_in_team = |_: &Record| true;
    for (field, verb) in [("joined", "joined"), ("left", "left")] {
        for found in q.retracted(Kind::Person, field, still_in_team) {
            let fact = format!("{verb} {}", found.1);
            t.retracted.push(retraction(q, &found, fact));
        }
    }
    // Fill dates settle after the quarter: the latest version knows them best.
    t.median_days_to_fill = median(
        t.roles_filled
            .iter()
            .filter_map(|i| q.version(Kind::Role, &i.id).map(|v| v.record))
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
    t.headcount_total = TeamHeadcount {
        team: String::new(),
        name: "Total".into(),
        start: q.people_at_start().count(),
        end: q.people_at_end().count(),
        target: None,
        depth: 0,
    };
    for team in tree_order(q, teams) {
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
            depth: depth_of(q, team),
        });
    }
    t.capacity = capacity_lines(q);
    unless_estimated(&mut t.capacity);
    t
}

/// Each team's supply as the quarter ended (who was there, on their dates)
/// against its demand as it began (the work committed for it: work shipped
/// during the quarter no longer counts at its end).
fn capacity_lines(q: &QuarterContext<'_>) -> Vec<TeamLoad> {
    let supplied = capacity(q.plan_at_end, &[q.quarter]);
    let committed = capacity(q.plan_at_start, &[q.quarter]);
    let demand: BTreeMap<&str, f64> = committed.quarters[0]
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.figures.demand))
        .collect();
    supplied.quarters[0]
        .teams
        .iter()
        .map(|t| {
            let threshold = q.config.capacity.over_capacity_percent;
            let mut line = team_load(t, &t.figures, threshold);
            // The load from the figures themselves, not from their rounding.
            let wanted = demand.get(t.team.as_str()).copied().unwrap_or(0.0);
            line.demand = tenths(wanted);
            line.load = (t.figures.supply > 0.0)
                .then(|| (wanted / t.figures.supply * 10_000.0).round() / 10_000.0);
            line.over = over(line.load, line.demand, threshold);
            line
        })
        .collect()
}

fn parent_of<'p>(q: &QuarterContext<'p>, team: &str) -> Option<&'p str> {
    q.plan_at_end
        .get(Kind::Team, team)
        .or_else(|| q.plan_at_start.get(Kind::Team, team))
        .and_then(|t| t.fields.text("parent"))
        .map(Plan::bare_id)
}

/// How many parents a team has (a cycle, `check`'s to report, stops it).
fn depth_of(q: &QuarterContext<'_>, team: &str) -> usize {
    let mut seen = BTreeSet::new();
    let mut at = team;
    while let Some(parent) = parent_of(q, at) {
        if !seen.insert(at.to_owned()) {
            break;
        }
        at = parent;
    }
    seen.len()
}

/// Teams with each sub-team right under its parent, siblings alphabetical;
/// people with no team last.
fn tree_order<'t>(q: &QuarterContext<'_>, teams: BTreeSet<&'t String>) -> Vec<&'t String> {
    // The path from the top-level team down, as a sort key.
    let path = |team: &str| -> Vec<String> {
        let mut path = vec![team.to_owned()];
        let mut at = team;
        while let Some(parent) = parent_of(q, at) {
            if path.iter().any(|p| p == parent) {
                break;
            }
            path.push(parent.to_owned());
            at = parent;
        }
        path.reverse();
        path
    };
    let mut ordered: Vec<&String> = teams.into_iter().collect();
    ordered.sort_by_key(|team| (team.is_empty(), path(team)));
    ordered
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
