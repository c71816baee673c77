//! What a change does to capacity (issue 11): the team loads it moves and
//! the key-person risks it adds, this quarter and the four after it, so that
//! a pull request shows its consequences and a branch is a what-if scenario.
//!
//! Capacity is a property of the whole plan (a team's load counts every one
//! of its people and its work), so both sides are needed whole, but only the
//! records capacity reads: people, teams, roles, initiatives and the
//! settings. The newer side is read and parsed once; the older side is made
//! from its records by putting back the older versions of the files the
//! change touched, so an unchanged file is read and parsed once for both. A commit's figures are cached
//! (`store::cache`) by the ids of what they are computed from, so the base
//! of a pull request is computed once for every diff against it. Reads git
//! objects only, never a checkout; computes with `capacity` and `skills`,
//! renders nothing.

use std::collections::{BTreeMap, HashSet};

use git2::Repository;
use jiff::civil::Date;

use crate::capacity::{Capacity, Figures, capacity};
use crate::diff::{CapacityDelta, Load, LoadMove, NewKeyPerson, PlanDiff};
use crate::error::{Error, Result};
use crate::model::{Kind, Plan, Quarter};
use crate::skills::skills;
use crate::store::cache::Cache;
use crate::store::git::Revision;
use crate::store::load::load_files;
use crate::store::revision::Endpoint;
use crate::store::worktree::Worktree;
use crate::store::{CONFIG_FILE, Content, Layout, RawFile, Source};

/// The kinds whose records capacity and skills read.
const CAPACITY_KINDS: [Kind; 4] = [Kind::Person, Kind::Team, Kind::Role, Kind::Initiative];

/// How far ahead a change is followed: this quarter and the four after it,
/// a year of plans.
const HORIZON: usize = 4;

fn read_by_capacity(path: &str) -> bool {
    path == CONFIG_FILE || Kind::for_path(path).is_some_and(|k| CAPACITY_KINDS.contains(&k))
}

/// The capacity consequences of `diff` (already computed between `from` and
/// `to`); `None` when the change touches nothing capacity reads. A side that
/// is a commit is looked up in `cache` first, by the ids of the folders and
/// settings capacity reads.
pub fn capacity_delta(
    layout: &Layout,
    repo: &Repository,
    from: &Endpoint,
    to: &Endpoint,
    diff: &PlanDiff,
    today: Date,
    cache: &Cache,
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
    let (older_config, newer_config) = (
        config_file(layout, repo, from)?,
        config_file(layout, repo, to)?,
    );
    let bytes = |file: &Option<RawFile>| match file.as_ref().map(|f| &f.content) {
        Some(Content::Bytes(bytes)) => Some(bytes.clone()),
        _ => None,
    };
    if touched.is_empty() && bytes(&older_config) == bytes(&newer_config) {
        return Ok(None);
    }
    // The same quarters whatever changed, so that a commit's figures are
    // computed once for every diff that has it on one side.
    let fiscal = load_files(newer_config.into_iter().collect())
        .plan
        .config
        .fiscal_year_start_month;
    let quarters = horizon(today, fiscal);
    let span = quarters
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let key = |endpoint: &Endpoint| {
        side_key(layout, repo, endpoint).map(|ids| format!("capacity 1 {ids} {span}"))
    };
    let (older_key, newer_key) = (key(from), key(to));
    let cached = |key: &Option<String>| {
        key.as_ref()
            .and_then(|k| cache.get(SPACE, k))
            .and_then(|bytes| serde_json::from_slice::<Summary>(&bytes).ok())
    };
    let (mut before, mut after) = (cached(&older_key), cached(&newer_key));
    if after.is_none() || before.is_none() {
        let newer = load_files(side_files(layout, repo, to, &|path| {
            read_by_capacity(path)
        })?)
        .plan;
        if before.is_none() {
            // The older side is the newer one with the touched files put
            // back as they were: each unchanged file is read and parsed
            // once, for both sides.
            let put_back = load_files(side_files(layout, repo, from, &|path| {
                path == CONFIG_FILE || touched.contains(path)
            })?)
            .plan;
            let kept = newer
                .records
                .iter()
                .filter(|r| !touched.contains(r.path.as_str()))
                .cloned();
            let older = Plan::new(put_back.config, kept.chain(put_back.records).collect());
            let key = storable(layout, repo, from, older_key.as_deref());
            before = Some(summarised(&older, &quarters, key, cache));
        }
        if after.is_none() {
            let key = storable(layout, repo, to, newer_key.as_deref());
            after = Some(summarised(&newer, &quarters, key, cache));
        }
    }
    let points = diff_load_points(&after);
    Ok(Some(compare(
        &before.unwrap_or_default(),
        &after.unwrap_or_default(),
        points,
    )))
}

/// One side's summary, computed and kept in the cache under `key`.
fn summarised(plan: &Plan, quarters: &[Quarter], key: Option<&str>, cache: &Cache) -> Summary {
    let summary = summarise(plan, quarters);
    if let (Some(key), Ok(bytes)) = (key, serde_json::to_vec(&summary)) {
        cache.put(SPACE, key, &bytes);
    }
    summary
}

/// The cache's space for capacity summaries.
const SPACE: &str = "capacity";

/// What capacity reads at a commit, by object ids: the settings' blob and
/// the trees of the kinds' folders. `None` for the working tree and for a
/// revision without the plan. Only the plan's own tree is read: a lookup
/// costs no folder, which for a large plan is most of a repeat `diff`.
fn side_key(layout: &Layout, repo: &Repository, endpoint: &Endpoint) -> Option<String> {
    let Endpoint::Commit { label, id } = endpoint else {
        return None;
    };
    let tree = repo
        .find_tree(Revision::plan_tree(repo, layout, label, *id).ok()?)
        .ok()?;
    let mut ids = vec![tree.get_name(CONFIG_FILE)?.id().to_string()];
    for kind in CAPACITY_KINDS {
        match tree.get_path(std::path::Path::new(kind.folder())) {
            Ok(entry) => ids.push(entry.id().to_string()),
            Err(_) => ids.push("-".to_owned()),
        }
    }
    Some(ids.join(" "))
}

/// `key`, if a summary of `endpoint` may be kept under it: not when one of
/// the kinds' folders holds a symbolic link, whose target may change while
/// the folder's id does not. A folder's id names its entries, links among
/// them, so a summary found under a key was kept for folders without links
/// and the check is needed only here, where the folders were just read.
fn storable<'k>(
    layout: &Layout,
    repo: &Repository,
    endpoint: &Endpoint,
    key: Option<&'k str>,
) -> Option<&'k str> {
    let Endpoint::Commit { label, id } = endpoint else {
        return None;
    };
    let tree = repo
        .find_tree(Revision::plan_tree(repo, layout, label, *id).ok()?)
        .ok()?;
    for kind in CAPACITY_KINDS {
        if let Ok(entry) = tree.get_path(std::path::Path::new(kind.folder())) {
            let folder = repo.find_tree(entry.id()).ok()?;
            // Sub-folders too: their ids are part of the folder's. A walk
            // that stops at a link, or cannot read a sub-folder, keeps
            // nothing.
            let mut linked = false;
            let walked = folder.walk(git2::TreeWalkMode::PreOrder, |_, e| {
                linked = e.filemode() == 0o120000;
                if linked {
                    git2::TreeWalkResult::Abort
                } else {
                    git2::TreeWalkResult::Ok
                }
            });
            if linked || walked.is_err() {
                return None;
            }
        }
    }
    key
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

/// This quarter and the [`HORIZON`] after it.
fn horizon(today: Date, fiscal_start_month: u8) -> Vec<Quarter> {
    let mut quarters = vec![Quarter::containing(today, fiscal_start_month)];
    while quarters.len() <= HORIZON {
        let next = quarters.last().expect("one").next();
        quarters.push(next);
    }
    quarters
}

/// The settings file of one side, read alone: a commit's from its tree, the
/// working tree's from the disk.
fn config_file(layout: &Layout, repo: &Repository, endpoint: &Endpoint) -> Result<Option<RawFile>> {
    match endpoint {
        Endpoint::Commit { label, id } => {
            let tree = match Revision::plan_tree(repo, layout, label, *id) {
                Ok(tree) => repo.find_tree(tree)?,
                Err(Error::NoPlanAtRevision { .. }) => return Ok(None),
                Err(error) => return Err(error),
            };
            let Some(entry) = tree.get_name(CONFIG_FILE) else {
                return Ok(None);
            };
            let blob = repo.find_blob(entry.id())?;
            Ok(Some(RawFile {
                path: CONFIG_FILE.to_owned(),
                content: Content::Bytes(blob.content().to_vec()),
                blob: Some(entry.id()),
            }))
        }
        Endpoint::Worktree => {
            let path = layout.root.join(CONFIG_FILE);
            Ok(std::fs::read(&path).ok().map(|bytes| RawFile {
                path: CONFIG_FILE.to_owned(),
                content: Content::Bytes(bytes),
                blob: None,
            }))
        }
    }
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

/// One side's figures for the quarters followed: all a comparison needs,
/// small enough to cache.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Summary {
    /// `[capacity] diff_load_points` of this side.
    points: f64,
    /// `[capacity] over_capacity_percent` of this side.
    #[serde(default = "default_over")]
    over_percent: f64,
    quarters: Vec<QuarterSummary>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct QuarterSummary {
    quarter: String,
    /// `(team/ID or organisation, name, load)`, in the capacity's order.
    loads: Vec<(String, String, Load)>,
    key_person: Vec<KeyPersonSummary>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct KeyPersonSummary {
    skill: String,
    /// `person/ID` and name of the one person who has it.
    person: Option<(String, String)>,
    needed_by: Vec<String>,
}

fn default_over() -> f64 {
    100.0
}

fn diff_load_points(after: &Option<Summary>) -> f64 {
    after.as_ref().map_or(5.0, |s| s.points)
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

/// The figures of `plan` for `quarters`.
fn summarise(plan: &Plan, quarters: &[Quarter]) -> Summary {
    let capacity = capacity(plan, quarters);
    Summary {
        points: plan.config.capacity.diff_load_points,
        over_percent: plan.config.capacity.over_capacity_percent,
        quarters: quarters
            .iter()
            .enumerate()
            .map(|(index, &quarter)| QuarterSummary {
                quarter: quarter.to_string(),
                loads: team_loads(&capacity, index),
                key_person: skills(plan, quarter)
                    .key_person
                    .into_iter()
                    .map(|k| KeyPersonSummary {
                        skill: k.skill,
                        person: k.person.map(|p| (p.record, p.name)),
                        needed_by: k.needed_by,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn compare(before: &Summary, after: &Summary, points: f64) -> CapacityDelta {
    let mut loads = Vec::new();
    let mut key_person = Vec::new();
    for (index, now) in after.quarters.iter().enumerate() {
        let was = before.quarters.get(index);
        let old_loads: BTreeMap<&str, Load> = was
            .map(|w| w.loads.iter().map(|(t, _, l)| (t.as_str(), *l)).collect())
            .unwrap_or_default();
        let mut seen = HashSet::new();
        for (team, name, after_load) in &now.loads {
            let before_load = old_loads.get(team.as_str()).copied().unwrap_or_default();
            seen.insert(team.as_str());
            if moved(&before_load, after_load, points) {
                loads.push(LoadMove {
                    quarter: now.quarter.clone(),
                    team: team.clone(),
                    name: name.clone(),
                    before: before_load,
                    after: *after_load,
                    over: match after_load.load {
                        Some(load) => load * 100.0 > after.over_percent,
                        None => after_load.demand > 0.0,
                    },
                });
            }
        }
        // A team the change removes: its load goes with it.
        for (team, name, before_load) in was.map_or(&[][..], |w| &w.loads[..]) {
            if !seen.contains(team.as_str()) && moved(before_load, &Load::default(), points) {
                loads.push(LoadMove {
                    quarter: now.quarter.clone(),
                    team: team.clone(),
                    name: name.clone(),
                    before: *before_load,
                    after: Load::default(),
                    over: false,
                });
            }
        }
        let had: BTreeMap<String, bool> = was
            .map(|w| {
                w.key_person
                    .iter()
                    .map(|k| (k.skill.to_lowercase(), k.person.is_some()))
                    .collect()
            })
            .unwrap_or_default();
        for risk in &now.key_person {
            // New, or one person had it and now nobody does.
            let worse = match had.get(&risk.skill.to_lowercase()) {
                None => true,
                Some(&had_one) => had_one && risk.person.is_none(),
            };
            if worse {
                key_person.push(NewKeyPerson {
                    quarter: now.quarter.clone(),
                    skill: risk.skill.clone(),
                    person: risk.person.as_ref().map(|p| p.0.clone()),
                    person_name: risk.person.as_ref().map(|p| p.1.clone()),
                    needed_by: risk.needed_by.clone(),
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
