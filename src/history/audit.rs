//! Audit: the field-level history of one record (following renames), of a
//! kind or of the whole plan, and blame (which commit set each field's
//! current value).
//!
//! One record's history is found the way `git log -- FILE` finds a file's:
//! commits whose plan folder is unchanged are skipped by tree id, then only
//! the record's own blob is compared, and only a commit that changed it is
//! parsed. Where the repository has a commit-graph with changed-path Bloom
//! filters, the main line is walked from the graph and a commit whose filter
//! says the file did not change is skipped without reading it; the filters
//! only ever skip commits the tree comparison would skip too, so the history
//! is the same with or without them. Nothing here renders.

use git2::{Oid, Repository};
use jiff::civil::Date;

use super::changed::diff_files;
use super::{CommitInfo, History, PlanCommit, PlanWalk, Step, as_plan, plan_tree_id};
use crate::diff::superseders::{name_superseders_from, needs_superseders};
use crate::diff::{Action, RecordChange};
use crate::error::{Error, Result};
use crate::model::{Kind, Record, Table, Value};
use crate::store::changed::decisions_in_tree;
use crate::store::commit_graph::{CommitGraph, PathKeys};
use crate::store::git::Revision;
use crate::store::git::blob_content;
use crate::store::{CONFIG_FILE, Content, Layout, RawFile};

/// Finds a record's file in a revision by its name alone, parsing nothing:
/// `(kind, id, path)`, or `None` when no file has that id.
pub fn locate(revision: &Revision, reference: &str) -> Result<Option<(Kind, String, String)>> {
    let (kind, id) = match reference.split_once('/') {
        Some((kind, id)) => (Some(kind.parse::<Kind>().map_err(Error::UnknownKind)?), id),
        None => (None, reference),
    };
    let found = revision.record_files(kind, id)?;
    let kinds: std::collections::BTreeSet<Kind> = found.iter().map(|(k, _)| *k).collect();
    if kinds.len() > 1 {
        let kinds: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        return Err(Error::AmbiguousRecord {
            reference: reference.to_owned(),
            kinds: kinds.join(" and a "),
        });
    }
    Ok(found
        .into_iter()
        .next()
        .map(|(kind, path)| (kind, id.to_owned(), path)))
}

/// The record id closest to a mistyped `reference`, among the files of a
/// revision, for a "did you mean" hint.
pub fn suggest(revision: &Revision, reference: &str) -> Option<String> {
    let listing = revision.listing().ok()?;
    let stems: Vec<String> = listing
        .iter()
        .filter(|(path, _)| Kind::for_path(path).is_some())
        .filter_map(|(path, _)| Some(path.rsplit('/').next()?.strip_suffix(".toml")?.to_owned()))
        .collect();
    let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
    crate::text::did_you_mean(crate::model::Plan::bare_id(reference), &stems).map(str::to_owned)
}

/// The plan's settings at a revision, reading only `cto-plan.toml`.
pub fn config_at(revision: &Revision) -> Result<crate::model::PlanConfig> {
    let file = revision.files_at([CONFIG_FILE])?.into_iter().next();
    Ok(match file.map(|f| f.content) {
        Some(Content::Bytes(bytes)) => crate::store::load::config_from_bytes(bytes),
        _ => crate::model::PlanConfig::default(),
    })
}

/// One record at a revision, parsing only its own file.
pub fn record_at(revision: &Revision, kind: Kind, id: &str, path: &str) -> Result<Option<Record>> {
    let loaded = crate::store::load::load_files(revision.files_at([path])?);
    Ok(loaded.plan.get(kind, id).cloned())
}

/// One change to a record, with the commit that made it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'h> {
    pub commit: &'h CommitInfo,
    pub change: &'h RecordChange,
}

/// Keeps commits made between `since` and `until` (inclusive, local dates).
pub fn within(commit: &CommitInfo, since: Option<Date>, until: Option<Date>) -> bool {
    since.is_none_or(|s| commit.date() >= s) && until.is_none_or(|u| commit.date() <= u)
}

/// Every change of the history, newest first, optionally of one kind.
pub fn changes_of_kind(history: &History, kind: Option<Kind>) -> Vec<Entry<'_>> {
    history
        .steps
        .iter()
        .rev()
        .flat_map(|step| {
            step.changes.iter().map(move |change| Entry {
                commit: &step.commit,
                change,
            })
        })
        .filter(|entry| kind.is_none_or(|k| entry.change.kind == k))
        .collect()
}

/// One record's changes, newest first, following renames back in time: a
/// record renamed from `old-id` continues with `old-id`'s changes.
pub fn changes_of_record<'h>(history: &'h History, kind: Kind, id: &str) -> Vec<Entry<'h>> {
    let mut current = id.to_owned();
    let mut entries = Vec::new();
    for step in history.steps.iter().rev() {
        for change in &step.changes {
            if change.kind != kind || change.id != current {
                continue;
            }
            entries.push(Entry {
                commit: &step.commit,
                change,
            });
            if change.action == Action::Renamed
                && let Some(from) = change.renamed_from.as_ref().filter(|f| !f.contains('/'))
            {
                current = from.clone();
            }
        }
    }
    entries
}

/// The history of one record only, walked cheaply by its file: `path` is
/// the record's file (plan-relative) at `head`.
pub fn record_history(
    repo: &Repository,
    layout: &Layout,
    head: Oid,
    kind: Kind,
    id: &str,
    path: &str,
) -> Result<History> {
    let mut history = History::default();
    let (mut path, mut id) = (path.to_owned(), id.to_owned());
    let mut steps = Vec::new();
    let blob_at = |tree: Option<Oid>, path: &str| -> Option<Oid> {
        crate::store::tree_diff::entry_at(repo, tree?, path)
    };
    // A commit's parent tree is the next changed commit's tree: remember the
    // blob found there, so each folder tree is searched once.
    let mut known: Option<(Option<Oid>, Option<Oid>)> = None;
    let mut commits = FileWalk::new(repo, layout, head, &path)?;
    while let Some(changed) = commits.next() {
        let PlanCommit {
            commit,
            tree,
            parent_tree,
        } = changed?;
        let new_blob = match known.take() {
            Some((known_tree, blob)) if known_tree == tree => blob,
            _ => blob_at(tree, &path),
        };
        let old_blob = blob_at(parent_tree, &path);
        known = Some((parent_tree, old_blob));
        if new_blob == old_blob {
            continue;
        }
        let raw_parent_tree = parent_tree;
        let (tree, parent_tree) = (as_plan(repo, tree), as_plan(repo, parent_tree));
        let read = |blob: Option<Oid>, path: &str| {
            blob.map(|b| RawFile {
                path: path.to_owned(),
                content: blob_content(repo, b),
                blob: Some(b),
            })
            .into_iter()
            .collect::<Vec<_>>()
        };
        // A file that appears is added, unless a file with the very same
        // content disappeared in the same commit: then it was renamed (git's
        // exact rename detection; the tree diff reads no file content).
        // A file that appears is added, unless a record of the same kind
        // disappeared in the same commit with the same content, or with the
        // same title and most fields (renamed, perhaps edited too): the diff
        // pairs them. Only the commit's deleted files of that kind are read.
        let old_files = match (new_blob, old_blob, parent_tree) {
            (Some(_), None, Some(_)) => {
                let (old, new) = (
                    parent_tree.map(|t| repo.find_tree(t)).transpose()?,
                    tree.map(|t| repo.find_tree(t)).transpose()?,
                );
                let deltas = repo.diff_tree_to_tree(old.as_ref(), new.as_ref(), None)?;
                let deleted: Vec<(String, Oid)> = deltas
                    .deltas()
                    .filter(|d| d.status() == git2::Delta::Deleted)
                    .filter_map(|d| {
                        Some((
                            String::from_utf8_lossy(d.old_file().path_bytes()?).into_owned(),
                            d.old_file().id(),
                        ))
                    })
                    .filter(|(p, _)| Kind::for_path(p) == Some(kind))
                    .collect();
                deleted
                    .into_iter()
                    .flat_map(|(p, id)| read(Some(id), &p))
                    .collect()
            }
            _ => read(old_blob, &path),
        };
        let change = diff_files(
            old_files,
            read(new_blob, &path),
            String::new(),
            String::new(),
        )
        .changes
        .into_iter()
        .find(|c| c.kind == kind && c.id == id);
        let Some(mut change) = change else { continue };
        if let Some(tree) = tree
            && needs_superseders(std::slice::from_ref(&change))
        {
            let decisions = crate::store::load::load_files(decisions_in_tree(repo, tree)?).plan;
            name_superseders_from(std::slice::from_mut(&mut change), &decisions);
        }
        if change.action == Action::Renamed
            && let Some(old_path) = &change.old_path
        {
            path = old_path.clone();
            if let Some(from) = change.renamed_from.as_ref().filter(|f| !f.contains('/')) {
                id = from.clone();
            }
            // Older commits are searched at the old path.
            known = Some((raw_parent_tree, blob_at(raw_parent_tree, &path)));
            commits.follow(&path);
        }
        steps.push(Step {
            commit: CommitInfo::in_repo(repo, &commit, &layout.prefix),
            changes: vec![change],
            broken: Vec::new(),
            baseline: false,
        });
    }
    steps.reverse();
    history.steps = steps;
    let (walked, shallow_boundary) = commits.finish();
    history.commits_walked = walked;
    history.shallow_boundary = shallow_boundary;
    Ok(history)
}

/// The main line from a commit for one file, newest first: the commits
/// whose plan folder differs from their first parent's, as [`PlanWalk`]
/// yields them, less those the commit-graph's filters show did not change
/// the file.
enum FileWalk<'r> {
    /// No filters to ask: the plan walk, as for the whole plan.
    Plan(Box<PlanWalk<'r>>),
    Filtered(Box<FilteredWalk<'r>>),
}

impl<'r> FileWalk<'r> {
    /// Walks from `head` after the plan-relative `path`.
    fn new(repo: &'r Repository, layout: &Layout, head: Oid, path: &str) -> Result<FileWalk<'r>> {
        // A shallow clone's grafted parents are not what a graph written
        // before (or without) them says; git does not use the graph there
        // either.
        let graph = match repo.is_shallow() {
            true => None,
            false => CommitGraph::open(repo),
        };
        let keys = graph
            .as_ref()
            .and_then(|g| g.path_keys(&repository_path(&layout.prefix, path)));
        let (Some(graph), Some(keys)) = (graph, keys) else {
            return Ok(FileWalk::Plan(Box::new(PlanWalk::new(
                repo, layout, head, None,
            )?)));
        };
        let position = graph.position(head);
        Ok(FileWalk::Filtered(Box::new(FilteredWalk {
            repo,
            graph,
            prefix: layout.prefix.clone(),
            keys: Some(keys),
            next: Some(Cursor { id: head, position }),
            walked: 0,
            shallow_boundary: None,
        })))
    }

    /// From here on, the file is at `path` (plan-relative): it was renamed.
    fn follow(&mut self, path: &str) {
        if let FileWalk::Filtered(walk) = self {
            // No keys (a name hash version 1 cannot take): every commit
            // is looked at.
            walk.keys = walk.graph.path_keys(&repository_path(&walk.prefix, path));
        }
    }

    /// Commits looked at, and the shallow clone's boundary if the walk
    /// reached one.
    fn finish(self) -> (usize, Option<CommitInfo>) {
        match self {
            FileWalk::Plan(walk) => (walk.walked, walk.shallow_boundary),
            FileWalk::Filtered(walk) => (walk.walked, walk.shallow_boundary),
        }
    }
}

impl<'r> Iterator for FileWalk<'r> {
    type Item = Result<PlanCommit<'r>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            FileWalk::Plan(walk) => walk.next(),
            FileWalk::Filtered(walk) => loop {
                match walk.step() {
                    Ok(Some(Some(changed))) => return Some(Ok(changed)),
                    Ok(Some(None)) => continue,
                    Ok(None) => return None,
                    Err(error) => return Some(Err(error)),
                }
            },
        }
    }
}

/// A file's path from the repository's top, as git's filters hold it.
fn repository_path(prefix: &str, path: &str) -> String {
    match prefix {
        "" => path.to_owned(),
        _ => format!("{prefix}/{path}"),
    }
}

/// The main line walked from the commit-graph: first parents by position,
/// no commit read until a filter says "maybe".
struct FilteredWalk<'r> {
    repo: &'r Repository,
    graph: CommitGraph,
    prefix: String,
    /// The file's keys; `None` asks about every commit.
    keys: Option<PathKeys>,
    /// The next commit to look at.
    next: Option<Cursor>,
    walked: usize,
    shallow_boundary: Option<CommitInfo>,
}

/// A main-line commit, with its place in the graph when the graph holds it.
#[derive(Clone, Copy)]
struct Cursor {
    id: Oid,
    position: Option<usize>,
}

impl<'r> FilteredWalk<'r> {
    /// Where the graph holds `id`.
    fn cursor(&self, id: Oid) -> Cursor {
        Cursor {
            id,
            position: self.graph.position(id),
        }
    }

    /// One commit: `Ok(None)` at the end, `Ok(Some(None))` for a commit
    /// that did not change the plan folder or cannot have changed the file.
    fn step(&mut self) -> Result<Option<Option<PlanCommit<'r>>>> {
        let Some(Cursor { id, position }) = self.next.take() else {
            return Ok(None);
        };
        self.walked += 1;
        // The first parent from the graph, and whether the filter (written
        // against that same parent) may be asked.
        let from_graph = position.and_then(|at| {
            Some((
                at,
                match self.graph.parent_at(at)? {
                    None => None,
                    Some(parent) => Some(Cursor {
                        id: self.graph.id_at(parent)?,
                        position: Some(parent),
                    }),
                },
            ))
        });
        let mut commit = None;
        match from_graph {
            Some((at, parent)) => {
                self.next = parent;
                if let Some(keys) = &self.keys
                    && !self.graph.may_have_changed(at, keys)
                {
                    return Ok(Some(None));
                }
            }
            // Not in the graph (newer than it): the commit object says.
            None => {
                let read = self.repo.find_commit(id)?;
                self.next = read.parent_ids().next().map(|p| self.cursor(p));
                commit = Some(read);
            }
        }
        let commit = match commit {
            Some(commit) => commit,
            None => self.repo.find_commit(id)?,
        };
        let tree = plan_tree_id(&commit, &self.prefix);
        let parent_tree = match self.next {
            None => None,
            Some(parent) => match self.repo.find_commit(parent.id) {
                Ok(parent) => plan_tree_id(&parent, &self.prefix),
                // A missing parent ends the known history, as in the plan walk.
                Err(_) => {
                    self.shallow_boundary = Some(CommitInfo::from_commit(&commit));
                    self.next = None;
                    return Ok(None);
                }
            },
        };
        Ok(Some((tree != parent_tree).then_some(PlanCommit {
            commit,
            tree,
            parent_tree,
        })))
    }
}

/// Who set a field's current value.
#[derive(Debug, Clone)]
pub struct BlameLine<'h> {
    /// Dotted field path.
    pub path: String,
    pub value: Value,
    /// `None` when the value predates the known history (a shallow clone).
    pub commit: Option<&'h CommitInfo>,
}

/// For every field of `record` (as it is now), the commit that last set it,
/// from the record's changes newest first.
pub fn blame<'h>(record: &Record, entries: &[Entry<'h>]) -> Vec<BlameLine<'h>> {
    let mut leaves = Vec::new();
    flatten(&record.fields, "", &mut leaves);
    leaves
        .into_iter()
        .map(|(path, value)| {
            let commit = entries.iter().find_map(|entry| {
                let touches = entry.change.fields.iter().any(|field| {
                    field.new.is_some()
                        && (field.path == path || path.starts_with(&format!("{}.", field.path)))
                });
                touches.then_some(entry.commit)
            });
            BlameLine {
                path,
                value,
                commit,
            }
        })
        .collect()
}

/// Leaf fields with dotted paths: sub-tables are opened, lists are leaves.
fn flatten(table: &Table, prefix: &str, out: &mut Vec<(String, Value)>) {
    for entry in &table.entries {
        let path = format!("{prefix}{}", entry.key);
        match &entry.value {
            Value::Table(inner) => flatten(inner, &format!("{path}."), out),
            other => out.push((path, other.clone())),
        }
    }
}
