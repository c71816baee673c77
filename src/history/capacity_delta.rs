//! What a change does to capacity (issue 11): the team loads it moves and
//! the key-person risks it adds, in the quarters not yet over, so that a
//! pull request shows its consequences and a branch is a what-if scenario.
//!
//! Capacity is a property of the whole plan (a team's load counts every one
//! of its people and its work), so both sides are needed whole, but only the
//! records capacity reads: people, teams, roles, initiatives and the
//! settings. The newer side is read once; the older side is made from it by
//! putting back the older versions of the files the change touched, so an
//! unchanged file is read and parsed once. Reads git objects only, never a
//! checkout; computes with `capacity` and `skills`, renders nothing.

use std::collections::{BTreeMap, HashSet};

use git2::Repository;
use jiff::civil::Date;

use crate::capacity::{Capacity, Figures, capacity, demand_quarters};
use crate::diff::{CapacityDelta, Load, LoadMove, NewKeyPerson, PlanDiff};
use crate::error::{Error, Result};
use crate::model::{Kind, Plan, Quarter};
use crate::skills::skills;
use crate::store::git::Revision;
use crate::store::load::load_files;
use crate::store::revision::Endpoint;
use crate::store::worktree::Worktree;
use crate::store::{CONFIG_FILE, Content, Layout, RawFile, Source};

/// The kinds whose records capacity and skills read.
const CAPACITY_KINDS: [Kind; 4] = [Kind::Person, Kind::Team, Kind::Role, Kind::Initiative];

/// How far ahead a change is followed: this quarter and the next seven.
const HORIZON: i32 = 7;

fn read_by_capacity(path: &str) -> bool {
    path == CONFIG_FILE || Kind::for_path(path).is_some_and(|k| CAPACITY_KINDS.contains(&k))
}

/// The capacity consequences of `diff` (already computed between `from` and
/// `to`); `None` when the change touches nothing capacity reads.
pub fn capacity_delta(
    layout: &Layout,
    repo: &Repository,
    from: &Endpoint,
    to: &Endpoint,
    diff: &PlanDiff,
    today: Date,
) -> Result<Option<CapacityDelta>> {
    let touched: HashSet<&str> = diff
        .changes
        .iter()
        .filter(|c| CAPACITY_KINDS.contains(&c.kind))
        .flat_map(|c| std::iter::once(c.path.as_str()).chain(c.old_path.as_deref()))
        // A file broken on one side is no change, but its records differ.
        .chain(diff.broken.iter().map(|b| b.path.as_str()))
        .filter(|path| read_by_capacity(path))
        .collect();
    let newer = side_files(layout, repo, to, &|path| read_by_capacity(path))?;
    let older_touched = side_files(layout, repo, from, &|path| {
        path == CONFIG_FILE || touched.contains(path)
    })?;
    // The settings by their bytes: a working tree's files have no blob id.
    let config_of = |files: &[RawFile]| {
        files
            .iter()
            .find(|f| f.path == CONFIG_FILE)
            .map(|f| match &f.content {
                Content::Bytes(bytes) => Some(bytes.clone()),
                _ => None,
            })
    };
    let same_config = config_of(&newer) == config_of(&older_touched);
    if touched.is_empty() && same_config {
        return Ok(None);
    }
    let older: Vec<RawFile> = newer
        .iter()
        .filter(|f| f.path != CONFIG_FILE && !touched.contains(f.path.as_str()))
        .cloned()
        .chain(older_touched)
        .collect();
    let (before, after) = (load_files(older).plan, load_files(newer).plan);
    let quarters = quarters(&before, &after, diff, today);
    Ok(Some(compare(&before, &after, &quarters)))
}

/// The files of one side that `keep` accepts; none for a revision from
/// before the plan existed.
fn side_files(
    layout: &Layout,
    repo: &Repository,
    endpoint: &Endpoint,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<RawFile>> {
    match endpoint {
        Endpoint::Commit { label, id } => match Revision::at_commit(repo, layout, label, *id) {
            Ok(revision) => revision.files_where(|path, _| keep(path)),
            Err(Error::NoPlanAtRevision { .. }) => Ok(Vec::new()),
            Err(error) => Err(error),
        },
        Endpoint::Worktree => Ok(Worktree::with_repository(layout, Some(repo.into()))?
            .files()?
            .into_iter()
            .filter(|f| keep(&f.path))
            .collect()),
    }
}

/// This quarter through the last one a changed initiative or role reaches on
/// either side (at least the next, at most [`HORIZON`] ahead).
fn quarters(before: &Plan, after: &Plan, diff: &PlanDiff, today: Date) -> Vec<Quarter> {
    let fiscal = after.config.fiscal_year_start_month;
    let now = Quarter::containing(today, fiscal);
    let mut last = now.next();
    for change in &diff.changes {
        for plan in [before, after] {
            let Some(record) = plan.get(change.kind, &change.id) else {
                continue;
            };
            let reach = match change.kind {
                Kind::Initiative => demand_quarters(record).map(|(_, to)| to),
                Kind::Role => record.fields.quarter("quarter"),
                _ => None,
            };
            if let Some(reach) = reach
                && reach > last
            {
                last = reach;
            }
        }
    }
    let mut quarters = vec![now];
    while quarters.len() <= HORIZON as usize && *quarters.last().expect("one") < last {
        let next = quarters.last().expect("one").next();
        quarters.push(next);
    }
    quarters
}

fn load(figures: &Figures) -> Load {
    Load {
        supply: figures.supply,
        demand: figures.demand,
        load: figures.load,
    }
}

/// Whether a load moved by more than `points` percentage points, or came or
/// went with work to do.
fn moved(before: &Load, after: &Load, points: f64) -> bool {
    match (before.load, after.load) {
        (Some(a), Some(b)) => ((b - a) * 100.0).abs() > points,
        (None, None) => before.demand != after.demand,
        _ => before.demand > 0.0 || after.demand > 0.0,
    }
}

/// The teams of one quarter, by `team/ID`, in the capacity's order, with the
/// organisation last (unless one top-level team is all of it).
fn team_loads(capacity: &Capacity, index: usize) -> Vec<(String, String, Load)> {
    let quarter = &capacity.quarters[index];
    let mut loads: Vec<(String, String, Load)> = quarter
        .teams
        .iter()
        .map(|t| (format!("team/{}", t.team), t.name.clone(), load(&t.figures)))
        .collect();
    // When one top-level team holds everything, the organisation is that
    // team again: said once.
    let top: Vec<&Load> = quarter
        .teams
        .iter()
        .zip(&loads)
        .filter(|(t, _)| t.depth == 0)
        .map(|(_, (_, _, l))| l)
        .collect();
    let total = load(&quarter.total);
    if !(top.len() == 1 && *top[0] == total) {
        loads.push((
            "organisation".to_owned(),
            "the organisation".to_owned(),
            total,
        ));
    }
    loads
}

fn compare(before: &Plan, after: &Plan, quarters: &[Quarter]) -> CapacityDelta {
    let points = after.config.capacity.diff_load_points;
    let (old, new) = (capacity(before, quarters), capacity(after, quarters));
    let mut loads = Vec::new();
    for (index, quarter) in quarters.iter().enumerate() {
        let old_loads: BTreeMap<String, Load> = team_loads(&old, index)
            .into_iter()
            .map(|(team, _, load)| (team, load))
            .collect();
        let mut seen = HashSet::new();
        for (team, name, after_load) in team_loads(&new, index) {
            let before_load = old_loads.get(&team).copied().unwrap_or_default();
            seen.insert(team.clone());
            if moved(&before_load, &after_load, points) {
                loads.push(LoadMove {
                    quarter: quarter.to_string(),
                    team,
                    name,
                    before: before_load,
                    after: after_load,
                });
            }
        }
        // A team the change removes: its load goes with it.
        for (team, name, before_load) in team_loads(&old, index) {
            if !seen.contains(&team) && moved(&before_load, &Load::default(), points) {
                loads.push(LoadMove {
                    quarter: quarter.to_string(),
                    team,
                    name,
                    before: before_load,
                    after: Load::default(),
                });
            }
        }
    }
    let mut key_person = Vec::new();
    for &quarter in quarters {
        let was: BTreeMap<String, bool> = skills(before, quarter)
            .key_person
            .into_iter()
            .map(|k| (k.skill.to_lowercase(), k.person.is_some()))
            .collect();
        for risk in skills(after, quarter).key_person {
            // New, or one person had it and now nobody does.
            let worse = match was.get(&risk.skill.to_lowercase()) {
                None => true,
                Some(&had_one) => had_one && risk.person.is_none(),
            };
            if worse {
                key_person.push(NewKeyPerson {
                    quarter: quarter.to_string(),
                    skill: risk.skill,
                    person: risk.person.as_ref().map(|p| p.record.clone()),
                    person_name: risk.person.map(|p| p.name),
                    needed_by: risk.needed_by,
                });
            }
        }
    }
    CapacityDelta {
        threshold_points: points,
        loads,
        key_person,
    }
}
