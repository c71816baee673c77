//! The commits that recorded given facts before a walked history begins: a
//! joiner of this quarter whose `joined` date was committed a quarter ahead
//! is cited by that older commit.
//!
//! One first-parent walk back from a commit, skipping unchanged commits by
//! the plan folder's tree id and comparing only the wanted records' own
//! blobs; a record's file is parsed only where its blob changed, and the walk
//! stops as soon as every fact is found. Renames are not followed here (a
//! record renamed before the quarter is cited by its first commit under its
//! present name). Nothing here renders or decides what counts.

use git2::{Oid, Repository};

use super::changed::diff_files;
use super::{CommitInfo, PlanCommit, PlanWalk, Step, as_plan};
use crate::error::Result;
use crate::model::Kind;
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
        let tree = repo.find_tree(tree?).ok()?;
        tree.get_path(std::path::Path::new(path))
            .ok()
            .map(|e| e.id())
    };
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
        let mut changes = Vec::new();
        wanted.retain(|w| {
            let (new, old) = (blob_at(tree, &w.path), blob_at(parent_tree, &w.path));
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
            match found {
                Some(change)
                    if change
                        .fields
                        .iter()
                        .any(|f| f.path == w.field && f.new.is_some()) =>
                {
                    if !changes.iter().any(|c: &crate::diff::RecordChange| {
                        c.id == change.id && c.kind == change.kind
                    }) {
                        changes.push(change);
                    }
                    false
                }
                _ => true,
            }
        });
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
