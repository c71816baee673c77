//! The plan's history: what changed on the main line, commit by commit.
//!
//! Walks the first-parent history of a ref (what landed on the main line).
//! A commit whose plan folder has the same tree id as its parent's is skipped
//! without reading anything else; otherwise only the files that differ are
//! loaded and compared with the semantic diff. With the history index
//! (`store::history_index`), the walk follows first parents through it and
//! reads no commit or tree that left the plan alone. Revision words are resolved
//! below, in `store::revision`. Reads git objects only; prints nothing
//! (progress goes through a callback).

pub mod audit;
pub mod capacity_delta;
pub mod changed;
pub mod commit;
pub mod recorded;

use std::collections::HashSet;

use git2::{Oid, Repository};
use jiff::civil::Date;

pub use commit::CommitInfo;
// Walking the main line and dating commits are store's, for resolving dates.
pub use crate::store::revision::{commit_date, first_parent_walk};

use crate::diff::superseders::{name_superseders_from, needs_superseders};
use crate::diff::{BrokenFile, RecordChange};
use crate::error::Result;
use crate::store::changed::{between_trees, decisions_in_tree};
use crate::store::{CONFIG_FILE, Layout, history_index};
use changed::diff_files;

/// What one commit changed in the plan.
#[derive(Debug, Clone)]
pub struct Step {
    pub commit: CommitInfo,
    pub changes: Vec<RecordChange>,
    /// Files the commit left unparseable.
    pub broken: Vec<BrokenFile>,
    /// Whether the plan began here (its first commit, or the first after it
    /// moved in from elsewhere): its records are where the history starts,
    /// not additions.
    pub baseline: bool,
}

/// The plan's history, oldest step first.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub steps: Vec<Step>,
    /// First-parent commits looked at, plan-touching or not.
    pub commits_walked: usize,
    /// The oldest commit of a shallow clone: its plan is where history
    /// starts, not something that was added.
    pub shallow_boundary: Option<CommitInfo>,
}

impl History {
    /// The warning users should see once, when the history is cut short.
    pub fn shallow_warning(&self) -> Option<String> {
        self.shallow_boundary.as_ref().map(|boundary| {
            format!(
                "this clone is shallow: history starts at {} ({}), and earlier changes are unknown; \
                 run `git fetch --unshallow`, or check out with `fetch-depth: 0` in CI",
                boundary.short, boundary.date()
            )
        })
    }
}

/// Options for [`walk`].
#[derive(Default)]
pub struct WalkOptions<'a> {
    /// Stop at commits older than this local date (their changes are not needed).
    pub since: Option<Date>,
    /// Called as commits are walked: (commits walked, plan-changing commits found).
    pub progress: Option<&'a mut dyn FnMut(usize, usize)>,
    /// Filled with every main-line commit the walk read and its local date,
    /// newest first, the one that stopped it included: what a caller needs to
    /// place dates on the main line without walking it again.
    pub main_line: Option<&'a mut Vec<(Oid, Date)>>,
}

/// The plan folder's tree id in `commit`, read from the root tree without
/// opening the folder (cheap enough for every commit of a long history);
/// `None` when there is no such folder.
pub fn plan_tree_id(commit: &git2::Commit<'_>, prefix: &str) -> Option<Oid> {
    if prefix.is_empty() {
        return Some(commit.tree_id());
    }
    let entry = commit
        .tree()
        .ok()?
        .get_path(std::path::Path::new(prefix))
        .ok()?;
    (entry.kind() == Some(git2::ObjectType::Tree)).then(|| entry.id())
}

/// A plan folder tree, if it is a plan: a folder without `cto-plan.toml`
/// (before `init`, or after the plan moved away) is not.
pub fn as_plan(repo: &Repository, tree: Option<Oid>) -> Option<Oid> {
    let id = tree?;
    repo.find_tree(id)
        .ok()?
        .get_name(CONFIG_FILE)
        .is_some()
        .then_some(id)
}

/// The plan folder's tree in `commit`, if the plan exists there.
pub fn plan_tree(repo: &Repository, commit: &git2::Commit<'_>, prefix: &str) -> Option<Oid> {
    as_plan(repo, plan_tree_id(commit, prefix))
}

/// The ids of a shallow clone's boundary commits (whose parents are missing).
pub fn shallow_boundaries(repo: &Repository) -> HashSet<Oid> {
    if !repo.is_shallow() {
        return HashSet::new();
    }
    std::fs::read_to_string(repo.path().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .collect()
}

/// All first-parent commits from `head`, newest first.
pub fn first_parent_commits(repo: &Repository, head: Oid) -> Result<Vec<Oid>> {
    first_parent_walk(repo, head)?.collect()
}

/// A main-line commit whose plan folder differs from its first parent's.
pub struct PlanCommit<'r> {
    pub commit: git2::Commit<'r>,
    /// The plan folder's tree id in the commit and in its parent (`None`
    /// where there is no such folder).
    pub tree: Option<Oid>,
    pub parent_tree: Option<Oid>,
}

/// The first-parent history of a commit, newest first, yielding only the
/// commits that changed the plan folder: unchanged ones are recognised by
/// tree id and cost one root-tree lookup each.
pub struct PlanWalk<'r> {
    repo: &'r Repository,
    odb: git2::Odb<'r>,
    walk: Box<dyn Iterator<Item = Result<Oid>> + 'r>,
    prefix: String,
    since: Option<Date>,
    boundaries: HashSet<Oid>,
    /// The previous commit's parent and its plan tree: the next commit of the
    /// walk, already read.
    next: Option<(git2::Commit<'r>, Option<Oid>)>,
    /// Commits looked at so far.
    pub walked: usize,
    /// Every commit read and its date, newest first, when asked for.
    pub main_line: Option<Vec<(Oid, Date)>>,
    /// Set when the walk reached a shallow clone's boundary.
    pub shallow_boundary: Option<CommitInfo>,
    /// With a history index: the next commit to look at (the walk follows
    /// first parents itself instead of asking git for the commit list).
    indexed: Option<Option<Oid>>,
}

impl<'r> PlanWalk<'r> {
    /// Walks from `head`; with `since`, stops at the first commit older than
    /// that day (as `git log --since` does, it trusts commit dates to mostly
    /// increase along the main line).
    pub fn new(
        repo: &'r Repository,
        layout: &Layout,
        head: Oid,
        since: Option<Date>,
    ) -> Result<PlanWalk<'r>> {
        let indexed = history_index::is_on(repo, &layout.prefix).then_some(Some(head));
        let walk: Box<dyn Iterator<Item = Result<Oid>> + 'r> = match indexed {
            Some(_) => Box::new(std::iter::empty()),
            None => Box::new(first_parent_walk(repo, head)?),
        };
        Ok(PlanWalk {
            repo,
            odb: repo.odb()?,
            walk,
            prefix: layout.prefix.clone(),
            since,
            boundaries: shallow_boundaries(repo),
            next: None,
            walked: 0,
            main_line: None,
            shallow_boundary: None,
            indexed,
        })
    }

    /// What the walk needs of `id`, from the index or else from git (and
    /// then added to the index); `None` when its first parent is missing
    /// (a shallow clone's boundary, or a damaged repository).
    fn facts(&self, id: Oid) -> Result<Option<history_index::CommitFacts>> {
        if let Some(known) = history_index::commit(self.repo, &self.prefix, id) {
            return Ok(Some(known));
        }
        let commit = self.repo.find_commit(id)?;
        // A missing parent ends the known history. One that is there is
        // read when the walk reaches it (a parent that does not parse, such
        // as one with a malformed date, is an error then); asking the object
        // database whether it exists reads no object.
        let parent = match commit.parent_id(0) {
            Ok(parent) if self.odb.exists(parent) => Some(parent),
            _ => None,
        };
        let facts = history_index::CommitFacts {
            parent,
            date: commit_date(&commit),
            plan_tree: plan_tree_id(&commit, &self.prefix),
        };
        history_index::record_commit(self.repo, &self.prefix, id, facts);
        Ok(Some(facts))
    }

    /// [`Self::step`] with the index: only plan-changing commits are read.
    fn indexed_step(&mut self, id: Option<Oid>) -> Result<Option<Option<PlanCommit<'r>>>> {
        let Some(id) = id else {
            return Ok(None);
        };
        self.walked += 1;
        let Some(facts) = self.facts(id)? else {
            let commit = self.repo.find_commit(id)?;
            if let Some(line) = self.main_line.as_mut() {
                line.push((id, commit_date(&commit)));
            }
            if self.since.is_none_or(|since| commit_date(&commit) >= since) {
                self.shallow_boundary = Some(CommitInfo::from_commit(&commit));
            }
            self.indexed = Some(None);
            return Ok(None);
        };
        if let Some(line) = self.main_line.as_mut() {
            line.push((id, facts.date));
        }
        if self.since.is_some_and(|since| facts.date < since) {
            return Ok(None);
        }
        let parent_tree = match facts.parent {
            Some(parent) => match self.facts(parent)? {
                Some(parent_facts) => parent_facts.plan_tree,
                // Its own parent is missing: read its tree from the commit.
                None => plan_tree_id(&self.repo.find_commit(parent)?, &self.prefix),
            },
            None => None,
        };
        self.indexed = Some(facts.parent);
        Ok(Some(
            (facts.plan_tree != parent_tree)
                .then(|| -> Result<PlanCommit<'r>> {
                    Ok(PlanCommit {
                        commit: self.repo.find_commit(id)?,
                        tree: facts.plan_tree,
                        parent_tree,
                    })
                })
                .transpose()?,
        ))
    }

    fn step(&mut self) -> Result<Option<Option<PlanCommit<'r>>>> {
        if let Some(next) = self.indexed {
            return self.indexed_step(next);
        }
        let Some(id) = self.walk.next().transpose()? else {
            return Ok(None);
        };
        self.walked += 1;
        let (commit, tree) = match self.next.take() {
            Some((commit, tree)) if commit.id() == id => (commit, tree),
            _ => {
                let commit = self.repo.find_commit(id)?;
                let tree = plan_tree_id(&commit, &self.prefix);
                (commit, tree)
            }
        };
        let date = commit_date(&commit);
        if let Some(line) = self.main_line.as_mut() {
            line.push((id, date));
        }
        if self.since.is_some_and(|since| date < since) {
            return Ok(None);
        }
        // A shallow clone's boundary: its parents are not here (libgit2 shows
        // it with none at all), so its plan is where the known history
        // starts, not an addition.
        if self.boundaries.contains(&id) {
            self.shallow_boundary = Some(CommitInfo::from_commit(&commit));
            return Ok(None);
        }
        let parent = match commit.parent_count() {
            0 => None,
            _ => match commit.parent(0) {
                Ok(parent) => Some(parent),
                Err(_) => {
                    self.shallow_boundary = Some(CommitInfo::from_commit(&commit));
                    return Ok(None);
                }
            },
        };
        let parent_tree = parent.as_ref().and_then(|p| plan_tree_id(p, &self.prefix));
        self.next = parent.map(|p| (p, parent_tree));
        Ok(Some((tree != parent_tree).then_some(PlanCommit {
            commit,
            tree,
            parent_tree,
        })))
    }
}

impl<'r> Iterator for PlanWalk<'r> {
    type Item = Result<PlanCommit<'r>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.step() {
                Ok(Some(Some(changed))) => return Some(Ok(changed)),
                Ok(Some(None)) => continue,
                Ok(None) => return None,
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// Walks the first-parent history of `head` and diffs every commit that
/// changed the plan.
pub fn walk(
    repo: &Repository,
    layout: &Layout,
    head: Oid,
    mut options: WalkOptions<'_>,
) -> Result<History> {
    let mut commits = PlanWalk::new(repo, layout, head, options.since)?;
    if options.main_line.is_some() {
        commits.main_line = Some(Vec::new());
    }
    let mut steps = Vec::new();
    while let Some(changed) = commits.next() {
        let PlanCommit {
            commit,
            tree,
            parent_tree,
        } = changed?;
        if let Some(progress) = options.progress.as_mut() {
            progress(commits.walked, steps.len());
        }
        let (old_files, new_files) =
            between_trees(repo, as_plan(repo, parent_tree), as_plan(repo, tree))?;
        let mut diff = diff_files(old_files, new_files, String::new(), String::new());
        if diff.changes.is_empty() && diff.broken.is_empty() {
            continue;
        }
        if let Some(tree) = as_plan(repo, tree)
            && needs_superseders(&diff.changes)
        {
            let decisions = crate::store::load::load_files(decisions_in_tree(repo, tree)?).plan;
            name_superseders_from(&mut diff.changes, &decisions);
        }
        steps.push(Step {
            commit: CommitInfo::in_repo(repo, &commit, &layout.prefix),
            changes: diff.changes,
            broken: diff.broken,
            baseline: as_plan(repo, parent_tree).is_none() && as_plan(repo, tree).is_some(),
        });
    }
    steps.reverse();
    if let (Some(out), Some(line)) = (options.main_line, commits.main_line.take()) {
        *out = line;
    }
    Ok(History {
        steps,
        commits_walked: commits.walked,
        shallow_boundary: commits.shallow_boundary,
    })
}
