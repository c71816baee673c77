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
/// that differ between the two commits' plan folders; `head` may be older
/// than `base`.
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
/// `today`) from the first-parent history of `head`, walked back to the
/// quarter's start.
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
    let mut main_line = Vec::new();
    let history = history::walk(
        repo,
        layout,
        head,
        WalkOptions {
            since: Some(quarter.start_date(fiscal)),
            // A shorter borrow, so that `main_line` can be read after the walk.
            progress: progress.map(|p| &mut *p as &mut dyn FnMut(usize, usize)),
            main_line: Some(&mut main_line),
        },
    )?;
    let bounds = Bounds::on(&main_line, repo, quarter, fiscal);
    let load = |commit: Option<Oid>| plan_or_none(repo, layout, commit);
    let end_plan = load(bounds.end_commit)?;
    // The plan at the reviewed revision dates every fact (the latest version
    // of each record): the plan as the quarter ended, with only the files
    // changed since read again.
    let latest = match bounds.end_commit {
        Some(id) if id == head => end_plan.clone(),
        Some(id) if !end_plan.records.is_empty() => plan_since(repo, layout, &end_plan, id, head)?,
        _ => plan_at(repo, layout, head)?,
    };
    // The plan as the quarter began, likewise from the end's by the files
    // the quarter changed (a fraction of the plan, where reading it whole
    // was a third of a review).
    let start_plan = match (bounds.end_commit, bounds.start_commit) {
        (end, start) if end == start => end_plan.clone(),
        (Some(end), Some(start)) if !end_plan.records.is_empty() => {
            plan_since(repo, layout, &end_plan, end, start)?
        }
        (_, start) => load(start)?,
    };
    let plans = Plans {
        start: start_plan,
        end: end_plan,
        latest,
    };
    complete(
        repo, layout, today, config, bounds, plans, history, None, None,
    )
}

/// Gathers the review of every quarter of `quarters` (oldest first, as the
/// site shows them) from one walk of the history: `whole` is the
/// first-parent history of `head` and `main_line` the commits that walk
/// read (`WalkOptions::main_line`), `latest` the plan at `head`. Each
/// quarter's plans are read from the previous one's by the files that
/// changed between them, and each is handed to `each` in turn, so that
/// only one is held at a time. What `each` gets is what [`gather`] gives
/// for that quarter.
#[allow(clippy::too_many_arguments)]
pub fn gather_quarters(
    repo: &Repository,
    layout: &Layout,
    head: Oid,
    quarters: &[Quarter],
    today: Date,
    whole: &History,
    main_line: &[(Oid, Date)],
    latest: &Plan,
    mut each: impl FnMut(Gathered) -> Result<()>,
) -> Result<()> {
    let head_revision = Revision::at_commit(repo, layout, &head.to_string(), head)?;
    let config = history::audit::config_at(&head_revision)?;
    let fiscal = config.fiscal_year_start_month;
    // Where each main-line commit is, newest first, to cut the history at a
    // quarter's start as a walk from `head` would have stopped there.
    let position: std::collections::HashMap<Oid, usize> = main_line
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let shallow = repo.is_shallow();
    // The plan last read and its commit: the next quarter's start is
    // usually this quarter's end.
    let mut last: Option<(Option<Oid>, Plan)> = None;
    for &quarter in quarters {
        let start = quarter.start_date(fiscal);
        // The walk from `head` with `since` stops at the first commit older
        // than the quarter: it holds the steps of the commits before it.
        let cut = main_line.iter().position(|(_, date)| *date < start);
        let walked = cut.map_or(main_line.len(), |c| c + 1);
        // Steps are oldest first, so those newer than the cut are a suffix.
        let newer = |step: &history::Step| {
            position
                .get(&step.commit.id)
                .is_some_and(|&p| cut.is_none_or(|c| p < c))
        };
        let kept = whole
            .steps
            .iter()
            .position(newer)
            .unwrap_or(whole.steps.len());
        let history = History {
            steps: whole.steps[kept..].to_vec(),
            commits_walked: walked,
            shallow_boundary: whole.shallow_boundary.clone().filter(|_| cut.is_none()),
        };
        let bounds = Bounds::on(main_line, repo, quarter, fiscal);
        let start_plan = match last.take() {
            Some((commit, plan)) if commit == bounds.start_commit => plan,
            _ => plan_or_none(repo, layout, bounds.start_commit)?,
        };
        let end_plan = if bounds.end_commit == bounds.start_commit {
            start_plan.clone()
        } else {
            match (bounds.start_commit, bounds.end_commit) {
                (Some(from), Some(to)) if !start_plan.records.is_empty() => {
                    plan_since(repo, layout, &start_plan, from, to)?
                }
                (_, to) => plan_or_none(repo, layout, to)?,
            }
        };
        last = Some((bounds.end_commit, end_plan.clone()));
        let plans = Plans {
            start: start_plan,
            end: end_plan,
            latest: latest.clone(),
        };
        let line = (!shallow).then_some(main_line);
        // The steps up to the quarter's start: where facts recorded ahead
        // of it are found, without walking back again.
        let before = &whole.steps[..kept];
        each(complete(
            repo,
            layout,
            today,
            config.clone(),
            bounds,
            plans,
            history,
            line,
            Some(before),
        )?)?;
    }
    Ok(())
}

/// The main-line commits that bound a quarter.
struct Bounds {
    quarter: Quarter,
    /// The last commit before the quarter began, and the last one within it.
    start_commit: Option<Oid>,
    end_commit: Option<Oid>,
}

impl Bounds {
    /// The bounds of `quarter` on a main line read newest first, down to
    /// (at least) its first commit older than the quarter.
    fn on(main_line: &[(Oid, Date)], repo: &Repository, quarter: Quarter, fiscal: u8) -> Bounds {
        let (start, end) = (quarter.start_date(fiscal), quarter.end_date(fiscal));
        let (mut start_commit, mut end_commit, mut oldest) = (None, None, None);
        for &(id, date) in main_line {
            if end_commit.is_none() && date <= end {
                end_commit = Some(id);
            }
            if date < start {
                start_commit = Some(id);
                break;
            }
            oldest = Some(id);
        }
        // A shallow clone cut inside the quarter: the oldest commit it has is
        // the best known start (the review warns that history is missing).
        if start_commit.is_none()
            && history::shallow_boundaries(repo)
                .iter()
                .any(|b| Some(*b) == oldest)
        {
            start_commit = oldest;
        }
        Bounds {
            quarter,
            start_commit,
            end_commit,
        }
    }
}

/// The plans a review compares: as the quarter began, as it ended, and now.
struct Plans {
    start: Plan,
    end: Plan,
    latest: Plan,
}

/// The plan at `commit`, or an empty one where there is none (no commit, or
/// the plan did not exist yet).
fn plan_or_none(repo: &Repository, layout: &Layout, commit: Option<Oid>) -> Result<Plan> {
    match commit {
        Some(id) => match plan_at(repo, layout, id) {
            Ok(plan) => Ok(plan),
            Err(crate::Error::NoPlanAtRevision { .. }) => Ok(Plan::default()),
            Err(e) => Err(e),
        },
        None => Ok(Plan::default()),
    }
}

/// The rest of a quarter's gathering, once its bounds, plans and history
/// are read: the facts recorded before the quarter, where the plan began
/// and the records deleted meanwhile. `main_line` is the whole main line
/// from `head` and `walked_before` the history up to the quarter's start
/// when the caller has them (the site), so that where the plan began and
/// the facts recorded ahead are found there instead of by another walk.
#[allow(clippy::too_many_arguments)]
fn complete(
    repo: &Repository,
    layout: &Layout,
    today: Date,
    config: PlanConfig,
    bounds: Bounds,
    plans: Plans,
    mut history: History,
    main_line: Option<&[(Oid, Date)]>,
    walked_before: Option<&[history::Step]>,
) -> Result<Gathered> {
    let Bounds {
        quarter,
        start_commit,
        end_commit,
    } = bounds;
    let fiscal = config.fiscal_year_start_month;
    let (start, end) = (quarter.start_date(fiscal), quarter.end_date(fiscal));
    let Plans {
        start: start_plan,
        end: end_plan,
        latest,
    } = plans;
    // Facts of the quarter recorded before it began are cited by the commits
    // that recorded them: one more walk, back from the quarter's start, and
    // only when such facts exist.
    if let Some(from) = start_commit {
        let wanted = recorded_earlier(&latest, &history, start, end);
        let mut earlier = match walked_before {
            Some(steps) => history::recorded::recorded_in(steps, wanted),
            None => history::recorded::recorded_before(repo, layout, from, wanted)?,
        };
        earlier.append(&mut history.steps);
        history.steps = earlier;
    }
    let start_commit = start_commit.filter(|_| {
        !start_plan.records.is_empty() || start_plan.config.name != PlanConfig::default().name
    });
    let begins = match start_commit {
        Some(from) => {
            let known = main_line.and_then(|line| {
                let at = line.iter().position(|(id, _)| *id == from)?;
                Some(line[at..].iter().map(|(id, _)| *id).collect::<Vec<_>>())
            });
            let line = match known {
                Some(line) => line,
                None => main_line_from(repo, from)?,
            };
            beginning(repo, layout, &line)?
        }
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
