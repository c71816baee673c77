//! The commits that recorded given facts before a walked history begins: a
//! joiner of this quarter whose `joined` date was committed a quarter ahead
//! is cited by that older commit.
//!
//! One first-parent walk back from a commit, skipping unchanged commits by
//! the plan folder's tree id and comparing only the wanted records' own
//! blobs; a record's file is parsed only where its blob changed, and the walk
//! stops as soon as every fact is found. A record whose file appears is
//! followed through a rename (to its old id or path) when the value came
//! with it, and the rename is kept in the steps so that the old id is known
//! as the new one. Nothing here renders or decides what counts.

use std::collections::HashMap;

use git2::{Oid, Repository};

use super::changed::diff_files;
use super::{CommitInfo, PlanCommit, PlanWalk, Step, as_plan};
use crate::diff::{Action, RecordChange};
use crate::error::Result;
use crate::model::Kind;
use crate::store::changed::between_trees;
use crate::store::git::blob_content;
use crate::store::{Layout, RawFile};

/// A fact to cite: a record (by its file, plan-relative) and the field whose
/// current value some older commit set.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub kind: Kind,
    pub id: String,
    pub path: String,
    pub field: String,
}

/// Walks back from `from` (included) and returns, oldest first, one step
/// per commit that last set a wanted field, holding only the wanted
/// records' changes.
pub fn recorded_before(
    repo: &Repository,
    layout: &Layout,
    from: Oid,
    mut wanted: Vec<Wanted>,
) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    if wanted.is_empty() {
        return Ok(steps);
    }
    let blob_at = |tree: Option<Oid>, path: &str| -> Option<Oid> {
        crate::store::tree_diff::entry_at(repo, tree?, path)
    };
    // A commit's tree is the parent tree of the plan commit walked before
    // it: the blobs found there are remembered, so each folder tree is
    // searched once per wanted record, not twice.
    let mut known_tree: Option<Oid> = None;
    let mut known_blobs: HashMap<String, Option<Oid>> = HashMap::new();
    let read = |blob: Option<Oid>, path: &str| -> Vec<RawFile> {
        blob.map(|b| RawFile {
            path: path.to_owned(),
            content: blob_content(repo, b),
            blob: Some(b),
        })
        .into_iter()
        .collect()
    };
    let mut commits = PlanWalk::new(repo, layout, from, None)?;
    while !wanted.is_empty() {
        let Some(changed) = commits.next() else { break };
        let PlanCommit {
            commit,
            tree,
            parent_tree,
        } = changed?;
        let mut changes: Vec<RecordChange> = Vec::new();
        // The commit's whole diff, read only when a wanted record's file
        // appears in it: was it renamed from another id or path?
        let mut whole: Option<Vec<RecordChange>> = None;
        let mut failed = None;
        let mut parent_blobs = HashMap::new();
        let known = std::mem::take(&mut known_blobs);
        let known_here = known_tree == tree;
        wanted.retain_mut(|w| {
            let new = match known.get(&w.path) {
                Some(blob) if known_here => *blob,
                _ => blob_at(tree, &w.path),
            };
            let old = blob_at(parent_tree, &w.path);
            parent_blobs.insert(w.path.clone(), old);
            if new == old {
                return true;
            }
            let found = diff_files(
                read(old, &w.path),
                read(new, &w.path),
                String::new(),
                String::new(),
            )
            .changes
            .into_iter()
            .find(|c| c.kind == w.kind && c.id == w.id);
            let Some(mut change) = found else {
                return true;
            };
            if old.is_none() && change.action == Action::Added {
                if whole.is_none() {
                    match between_trees(repo, parent_tree, tree) {
                        Ok((from, to)) => {
                            whole =
                                Some(diff_files(from, to, String::new(), String::new()).changes);
                        }
                        Err(e) => {
                            failed = Some(e);
                            return false;
                        }
                    }
                }
                let renamed = whole
                    .iter()
                    .flatten()
                    .find(|c| c.kind == w.kind && c.id == w.id && c.action == Action::Renamed);
                if let Some(renamed) = renamed {
                    change = renamed.clone();
                    if !sets(&change, &w.field) {
                        // The value came with the record from its old id or
                        // path: go on looking there, and keep the rename so
                        // that the old id is known as this one.
                        if let Some(from) = change.old_path.clone() {
                            w.path = from;
                        }
                        if let Some(id) = change.renamed_from.clone().filter(|f| !f.contains('/')) {
                            w.id = id;
                        }
                        push_once(&mut changes, change);
                        return true;
                    }
                }
            }
            if sets(&change, &w.field) {
                push_once(&mut changes, change);
                false
            } else {
                true
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        (known_tree, known_blobs) = (parent_tree, parent_blobs);
        if !changes.is_empty() {
            steps.push(Step {
                commit: CommitInfo::in_repo(repo, &commit, &layout.prefix),
                changes,
                broken: Vec::new(),
                baseline: as_plan(repo, parent_tree).is_none(),
            });
        }
    }
    steps.reverse();
    Ok(steps)
}

/// What [`recorded_before`] finds, looked up in steps already walked
/// instead (`earlier`: the history up to and including the commit the walk
/// would start from, oldest first), for a caller that holds the whole
/// history: the same facts, by the same rules, without reading git.
pub fn recorded_in(earlier: &[Step], mut wanted: Vec<Wanted>) -> Vec<Step> {
    let mut steps = Vec::new();
    for step in earlier.iter().rev() {
        if wanted.is_empty() {
            break;
        }
        let mut changes: Vec<RecordChange> = Vec::new();
        wanted.retain_mut(|w| {
            let found = step
                .changes
                .iter()
                .find(|c| c.kind == w.kind && c.id == w.id && c.path == w.path);
            let Some(change) = found else {
                return true;
            };
            if sets(change, &w.field) {
                push_once(&mut changes, change.clone());
                return false;
            }
            if change.action == Action::Renamed {
                // As in the walk: the value came with the record from its
                // old id or path, so look for it there.
                if let Some(from) = change.old_path.clone() {
                    w.path = from;
                }
                if let Some(id) = change.renamed_from.clone().filter(|f| !f.contains('/')) {
                    w.id = id;
                }
                push_once(&mut changes, change.clone());
            }
            true
        });
        if !changes.is_empty() {
            steps.push(Step {
                commit: step.commit.clone(),
                changes,
                broken: Vec::new(),
                baseline: step.baseline,
            });
        }
    }
    steps.reverse();
    steps
}

/// Whether a change gives `field` a value.
fn sets(change: &RecordChange, field: &str) -> bool {
    change
        .fields
        .iter()
        .any(|f| f.path == field && f.new.is_some())
}

/// Adds a change unless the step already holds one for that record.
fn push_once(changes: &mut Vec<RecordChange>, change: RecordChange) {
    let same = |c: &RecordChange| c.id == change.id && c.kind == change.kind;
    if !changes.iter().any(same) {
        changes.push(change);
    }
}
