//! Reads what a review needs from git: the plan as the quarter began, as it
//! ended and as it is now, and the history of the quarter. Reads git objects
//! only, and each distinct commit's plan once.

use git2::{Oid, Repository};
use jiff::civil::Date;

use super::{Beginning, Inputs};
use crate::diff::Action;
use crate::error::Result;
use crate::history::recorded::Wanted;
use crate::history::{self, CommitInfo, History, WalkOptions};
use crate::model::{Kind, Plan, PlanConfig, Quarter, Record, Value};
use crate::store::{self, Layout, git::Revision};

/// Everything [`super::build`] reads, owned.
pub struct Gathered {
    pub quarter: Quarter,
    pub today: Date,
    pub config: PlanConfig,
    pub start: Plan,
    pub end: Plan,
    pub latest: Plan,
    pub history: History,
    pub start_commit: Option<Oid>,
    pub end_commit: Option<Oid>,
    /// Where the plan's history begins, when that is before the quarter
    /// (a beginning inside it is a step of `history`).
    pub begins: Option<Beginning>,
    /// The last version of every record the history deleted that none of
    /// the three plans holds: added and deleted again after the quarter
    /// began.
    pub removed: Plan,
}

impl Gathered {
    pub fn inputs(&self) -> Inputs<'_> {
        let short = |id: &Option<Oid>| id.map(|id| id.to_string()[..7].to_owned());
        Inputs {
            quarter: self.quarter,
            config: &self.config,
            start: &self.start,
            end: &self.end,
            latest: &self.latest,
            history: &self.history,
            start_commit: short(&self.start_commit),
            end_commit: short(&self.end_commit),
            begins: self.begins.as_ref(),
            removed: &self.removed,
            today: self.today,
        }
    }
}

/// The plan at `head`, from `base` (the plan at `base_commit`) and the files
/// that differ between the two commits' plan folders.
fn plan_since(
    repo: &Repository,
    layout: &Layout,
    base: &Plan,
    base_commit: Oid,
    head: Oid,
) -> Result<Plan> {
    let tree = |id: Oid| -> Result<Option<Oid>> {
        Ok(history::plan_tree(
            repo,
            &repo.find_commit(id)?,
            &layout.prefix,
        ))
    };
    let (old_files, new_files) =
        store::changed::between_trees(repo, tree(base_commit)?, tree(head)?)?;
    let changed: std::collections::HashSet<String> = old_files
        .iter()
        .chain(&new_files)
        .map(|f| f.path.clone())
        .collect();
    let loaded = store::load::load_files(new_files).plan;
    let mut records: Vec<_> = base
        .records
        .iter()
        .filter(|r| !changed.contains(&r.path))
        .cloned()
        .collect();
    records.extend(loaded.records);
    Ok(Plan::new(loaded.config, records))
}

/// The record fields dated in the quarter (or, for people, after it: the
/// outlook names them) whose value no step of `history` set.
/// The date fields that date a fact of the review, by kind.
const DATED: &[(Kind, &str)] = &[
    (Kind::Initiative, "shipped"),
    (Kind::Person, "joined"),
    (Kind::Person, "left"),
    (Kind::Decision, "decided"),
    (Kind::Role, "opened"),
    (Kind::Role, "filled"),
    (Kind::Risk, "opened"),
    (Kind::Risk, "closed"),
];

fn recorded_earlier(plan: &Plan, history: &History, start: Date, end: Date) -> Vec<Wanted> {
    let mut wanted = Vec::new();
    for &(kind, field) in DATED {
        for record in plan.of_kind(kind) {
            let Some(date) = record.fields.date(field) else {
                continue;
            };
            let ahead = kind == Kind::Person && date > end;
            if date < start || (date > end && !ahead) {
                continue;
            }
            let known = history.steps.iter().any(|s| {
                s.changes.iter().any(|c| {
                    c.kind == kind
                        && c.id == record.id
                        && c.fields.iter().any(|f| f.path == field && f.new.is_some())
                })
            });
            if !known {
                wanted.push(Wanted {
                    kind,
                    id: record.id.clone(),
                    path: record.path.clone(),
                    field: field.to_owned(),
                });
            }
        }
    }
    wanted
}

fn plan_at(repo: &Repository, layout: &Layout, commit: Oid) -> Result<Plan> {
    let revision = Revision::at_commit(repo, layout, &commit.to_string(), commit)?;
    Ok(store::load(&revision)?.plan)
}

/// Gathers the review of `quarter` (default: the last complete one on
/// `today`) from the first-parent history of `head`.
pub fn gather(
    repo: &Repository,
    layout: &Layout,
    head: Oid,
    quarter: Option<Quarter>,
    today: Date,
    progress: Option<&mut dyn FnMut(usize, usize)>,
) -> Result<Gathered> {
    let head_revision = Revision::at_commit(repo, layout, &head.to_string(), head)?;
    let config = history::audit::config_at(&head_revision)?;
    let fiscal = config.fiscal_year_start_month;
    let quarter = quarter.unwrap_or_else(|| super::default_quarter(today, fiscal));
    let (start, end) = (quarter.start_date(fiscal), quarter.end_date(fiscal));

    // The last main-line commits before the quarter and within it.
    let (mut start_commit, mut end_commit, mut oldest) = (None, None, None);
    let mut main_line = history::first_parent_walk(repo, head)?;
    for id in main_line.by_ref() {
        let id = id?;
        let date = history::commit_date(&repo.find_commit(id)?);
        if end_commit.is_none() && date <= end {
            end_commit = Some(id);
        }
        if date < start {
            start_commit = Some(id);
            break;
        }
        oldest = Some(id);
    }
    // A shallow clone cut inside the quarter: the oldest commit it has is the
    // best known start (the review warns that history is missing).
    if start_commit.is_none()
        && history::shallow_boundaries(repo)
            .iter()
            .any(|b| Some(*b) == oldest)
    {
        start_commit = oldest;
    }
    let load = |commit: Option<Oid>| -> Result<Plan> {
        match commit {
            Some(id) => match plan_at(repo, layout, id) {
                Ok(plan) => Ok(plan),
                // The plan did not exist yet at that commit.
                Err(crate::Error::NoPlanAtRevision { .. }) => Ok(Plan::default()),
                Err(e) => Err(e),
            },
            None => Ok(Plan::default()),
        }
    };
    let end_plan = load(end_commit)?;
    // The plan at the reviewed revision dates every fact (the latest version
    // of each record): the plan as the quarter ended, with only the files
    // changed since read again.
    let latest = match end_commit {
        Some(id) if id == head => end_plan.clone(),
        Some(id) if !end_plan.records.is_empty() => plan_since(repo, layout, &end_plan, id, head)?,
        _ => plan_at(repo, layout, head)?,
    };
    let start_plan = if start_commit == end_commit {
        end_plan.clone()
    } else {
        load(start_commit)?
    };
    let history = history::walk(
        repo,
        layout,
        head,
        WalkOptions {
            since: Some(start),
            progress,
        },
    )?;
    // Facts of the quarter recorded before it began are cited by the commits
    // that recorded them: one more walk, back from the quarter's start, and
    // only when such facts exist.
    let mut history = history;
    if let Some(from) = start_commit {
        let wanted = recorded_earlier(&latest, &history, start, end);
        let mut earlier = history::recorded::recorded_before(repo, layout, from, wanted)?;
        earlier.append(&mut history.steps);
        history.steps = earlier;
    }
    let start_commit = start_commit.filter(|_| {
        !start_plan.records.is_empty() || start_plan.config.name != PlanConfig::default().name
    });
    drop(main_line);
    let begins = match start_commit {
        Some(from) => beginning(repo, layout, &main_line_from(repo, from)?)?,
        None => None,
    };
    let plans = [&latest, &end_plan, &start_plan];
    let removed = removed_records(repo, layout, &history, plans, (start, end))?;
    Ok(Gathered {
        quarter,
        today,
        config,
        start: start_plan,
        end: end_plan,
        latest,
        history,
        start_commit,
        end_commit,
        begins,
        removed,
    })
}

/// The main line from `from` back to its root, newest first: from git's
/// commit-graph where it holds the commits (no commit object is read), else
/// from the commits themselves.
fn main_line_from(repo: &Repository, from: Oid) -> Result<Vec<Oid>> {
    let graph = store::commit_graph::CommitGraph::open(repo);
    let mut line = vec![from];
    let mut seen = std::collections::HashSet::from([from]);
    while let Some(parent) =
        store::commit_graph::first_parent(repo, graph.as_ref(), *line.last().expect("one"))?
    {
        // A shallow clone's boundary names a parent it does not have.
        if !seen.insert(parent) || (graph.is_none() && repo.find_commit(parent).is_err()) {
            break;
        }
        line.push(parent);
    }
    Ok(line)
}

/// Where the plan's history begins, given the main line from a commit that
/// has the plan back to the root (newest first): the oldest commit of the
/// plan's latest unbroken run, found by bisection (a plan folder that comes
/// and goes more than once is dated by one of its beginnings). `None` when
/// that commit is a shallow clone's boundary: its parents are not here.
fn beginning(repo: &Repository, layout: &Layout, main_line: &[Oid]) -> Result<Option<Beginning>> {
    let has_plan = |id: Oid| -> Result<bool> {
        Ok(history::plan_tree(repo, &repo.find_commit(id)?, &layout.prefix).is_some())
    };
    // Invariant: main_line[found] has the plan; main_line[gone] does not
    // (past the end counts as not).
    let (mut found, mut gone) = (0, main_line.len());
    if main_line.is_empty() || !has_plan(main_line[0])? {
        return Ok(None);
    }
    while gone - found > 1 {
        let middle = found + (gone - found) / 2;
        if has_plan(main_line[middle])? {
            found = middle;
        } else {
            gone = middle;
        }
    }
    let first = main_line[found];
    if gone == main_line.len() && history::shallow_boundaries(repo).contains(&first) {
        return Ok(None);
    }
    let commit = repo.find_commit(first)?;
    let revision = Revision::at_commit(repo, layout, &first.to_string(), first)?;
    let records = revision
        .listing()?
        .iter()
        .filter(|(path, _)| Kind::for_path(path).is_some())
        .count();
    Ok(Some(Beginning {
        commit: CommitInfo::in_repo(repo, &commit, &layout.prefix),
        records,
    }))
}

/// The last versions of the records `history` deleted that none of `plans`
/// holds and that had a fact dated in the quarter (`start` to `end`, by the
/// deleted values the change holds), each read from the deleting commit's
/// first parent. Others cannot count in the quarter: they were not there
/// as it began or ended, and nothing of theirs happened in it.
fn removed_records(
    repo: &Repository,
    layout: &Layout,
    history: &History,
    plans: [&Plan; 3],
    (start, end): (Date, Date),
) -> Result<Plan> {
    let dated_in_quarter = |change: &crate::diff::RecordChange| {
        change.fields.iter().any(|f| {
            DATED.contains(&(change.kind, f.path.as_str()))
                && matches!(&f.old, Some(Value::Date(d)) if *d >= start && *d <= end)
        })
    };
    let mut records: Vec<Record> = Vec::new();
    for step in &history.steps {
        let removed = step.changes.iter().filter(|c| c.action == Action::Removed);
        for change in removed.filter(|c| dated_in_quarter(c)) {
            let known = |r: &Record| r.kind == change.kind && r.id == change.id;
            if plans
                .iter()
                .any(|p| p.get(change.kind, &change.id).is_some())
                || records.iter().any(known)
            {
                continue;
            }
            let Ok(parent) = repo.find_commit(step.commit.id)?.parent_id(0) else {
                continue;
            };
            let revision = Revision::at_commit(repo, layout, &parent.to_string(), parent)?;
            let files = revision.files_at([change.path.as_str()])?;
            records.extend(
                store::load::load_files(files)
                    .plan
                    .records
                    .into_iter()
                    .filter(known),
            );
        }
    }
    Ok(Plan::new(PlanConfig::default(), records))
}
