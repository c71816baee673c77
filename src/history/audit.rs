//! Audit: the field-level history of one record (following renames), of a
//! kind or of the whole plan, and blame (which commit set each field's
//! current value).
//!
//! One record's history is found the way `git log -- FILE` finds a file's:
//! commits whose plan folder is unchanged are skipped by tree id, then only
//! the record's own blob is compared, and only a commit that changed it is
//! parsed. Nothing here renders.

use git2::{Oid, Repository};
use jiff::civil::Date;

use super::{CommitInfo, History, Step, first_parent_commits, plan_tree};
use crate::diff::changed::{between_trees, diff_files};
use crate::diff::{Action, RecordChange};
use crate::error::Result;
use crate::model::{Kind, Record, Table, Value};
use crate::store::git::blob_content;
use crate::store::{Content, Layout, RawFile};

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
    let commits = first_parent_commits(repo, head)?;
    let mut known_tree: Option<Option<Oid>> = None;
    for commit_id in &commits {
        history.commits_walked += 1;
        let commit = repo.find_commit(*commit_id)?;
        let tree = known_tree
            .take()
            .unwrap_or_else(|| plan_tree(repo, &commit, &layout.prefix));
        let parent = match commit.parent_count() {
            0 => None,
            _ => match commit.parent(0) {
                Ok(parent) => Some(parent),
                Err(_) => {
                    history.shallow_boundary = Some(CommitInfo::from_commit(&commit));
                    break;
                }
            },
        };
        let parent_tree = parent
            .as_ref()
            .and_then(|p| plan_tree(repo, p, &layout.prefix));
        known_tree = Some(parent_tree);
        if tree == parent_tree {
            continue;
        }
        let blob = |tree: Option<Oid>| -> Option<Oid> {
            let tree = repo.find_tree(tree?).ok()?;
            tree.get_path(std::path::Path::new(&path))
                .ok()
                .map(|e| e.id())
        };
        let (new_blob, old_blob) = (blob(tree), blob(parent_tree));
        if new_blob == old_blob {
            continue;
        }
        let change = if new_blob.is_some() && old_blob.is_none() {
            // Added, or renamed from another file: only a full diff can tell.
            let (old_files, new_files) = between_trees(repo, parent_tree, tree)?;
            diff_files(old_files, new_files, String::new(), String::new())
                .changes
                .into_iter()
                .find(|c| c.kind == kind && c.id == id)
        } else {
            let read = |blob: Option<Oid>| {
                blob.map(|b| RawFile {
                    path: path.clone(),
                    content: blob_content(repo, b),
                    blob: Some(b),
                })
                .into_iter()
                .collect::<Vec<_>>()
            };
            diff_files(read(old_blob), read(new_blob), String::new(), String::new())
                .changes
                .into_iter()
                .next()
        };
        let Some(change) = change else { continue };
        if change.action == Action::Renamed
            && let Some(old_path) = &change.old_path
        {
            path = old_path.clone();
            if let Some(from) = change.renamed_from.as_ref().filter(|f| !f.contains('/')) {
                id = from.clone();
            }
        }
        steps.push(Step {
            commit: CommitInfo::from_commit(&commit),
            changes: vec![change],
            broken: Vec::new(),
        });
    }
    steps.reverse();
    history.steps = steps;
    Ok(history)
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

/// Whether a file's content is readable text, for callers that load one blob.
pub fn is_text(content: &Content) -> bool {
    matches!(content, Content::Bytes(_))
}
