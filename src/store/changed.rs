//! Which plan files differ between two versions, read straight from git.
//!
//! Between two revisions, a tree diff by entry ids names the changed files
//! (`tree_diff`: equal sub-trees are skipped without being read), or the
//! history index when it has the pair; against the working tree, each
//! file's blob id is computed and compared with the revision's. Only the
//! files that differ are read, as bytes: parsing and comparing them is for
//! the layers above. No checkout, never git's index. The templates folder, which the
//! plan's files skip, is compared on its own ([`templates_between`]).

use std::collections::{HashMap, HashSet};

use git2::{ObjectType, Oid, Repository};

use super::git::{Revision, blob_content, follow_link};
use super::revision::Endpoint;
use super::worktree::Worktree;
use super::{CONFIG_FILE, Content, Layout, RawFile, Source, is_plan_file};
use crate::error::{Error, Result};
use crate::model::Kind;

/// Every decision file of a plan folder tree.
pub fn decisions_in_tree(repo: &Repository, tree: Oid) -> Result<Vec<RawFile>> {
    let tree = repo.find_tree(tree)?;
    let Ok(folder) = tree.get_path(std::path::Path::new(Kind::Decision.folder())) else {
        return Ok(Vec::new());
    };
    let folder = repo.find_tree(folder.id())?;
    let mut wanted: Vec<(String, Oid)> = Vec::new();
    folder.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(ObjectType::Blob) {
            wanted.push((
                format!(
                    "{}/{dir}{}",
                    Kind::Decision.folder(),
                    String::from_utf8_lossy(entry.name_bytes())
                ),
                entry.id(),
            ));
        }
        git2::TreeWalkResult::Ok
    })?;
    Ok(read_entries(
        repo,
        &tree,
        wanted.iter().map(|(p, id)| (p.as_str(), Some(*id))),
    ))
}

/// The files that differ between two commits, read from each side.
///
/// A side without a plan is an empty plan, so the pull request that adds the
/// plan shows every record as added (and one that removes it, as removed);
/// only when neither side has a plan is there nothing to compare.
pub fn between_commits(
    repo: &Repository,
    layout: &Layout,
    from: Oid,
    to: Oid,
    from_label: &str,
    to_label: &str,
) -> Result<(Vec<RawFile>, Vec<RawFile>)> {
    let old_tree = plan_tree_if_any(Revision::plan_tree(repo, layout, from_label, from))?;
    let new_tree = Revision::plan_tree(repo, layout, to_label, to);
    let new_tree = match (old_tree, new_tree) {
        (None, Err(error)) => return Err(error),
        (_, new_tree) => plan_tree_if_any(new_tree)?,
    };
    between_trees(repo, old_tree, new_tree)
}

/// `None` for a revision that has no plan; other errors stay errors.
fn plan_tree_if_any(tree: Result<Oid>) -> Result<Option<Oid>> {
    match tree {
        Ok(tree) => Ok(Some(tree)),
        Err(Error::NoPlanAtRevision { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The files that differ between two plan folders given by tree id; `None`
/// is a side where the plan does not exist (everything added or removed).
pub fn between_trees(
    repo: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
) -> Result<(Vec<RawFile>, Vec<RawFile>)> {
    let old_tree = old.map(|id| repo.find_tree(id)).transpose()?;
    let new_tree = new.map(|id| repo.find_tree(id)).transpose()?;
    let deltas = match super::history_index::deltas(repo, old, new) {
        Some(known) => known,
        None => {
            let found =
                super::tree_diff::changed_files(repo, old_tree.as_ref(), new_tree.as_ref())?;
            super::history_index::record_deltas(repo, old, new, &found);
            found
        }
    };
    // The settings are read on both sides, changed or not.
    let config = |tree: &Option<git2::Tree<'_>>| {
        tree.as_ref()
            .map(|t| read_entries(repo, t, [(CONFIG_FILE, None)]))
            .unwrap_or_default()
    };
    let (mut old_files, mut new_files) = (config(&old_tree), config(&new_tree));
    // Links are resolved by path, so their blob id is not what is read.
    let side = |path: &str, side: Option<super::tree_diff::Side>| {
        side.filter(|_| path != CONFIG_FILE)
            .map(|s| (path.to_owned(), (!s.is_link()).then_some(s.id)))
    };
    let (mut old_wanted, mut new_wanted) = (Vec::new(), Vec::new());
    for delta in &deltas {
        old_wanted.extend(side(&delta.path, delta.old));
        new_wanted.extend(side(&delta.path, delta.new));
    }
    if let Some(tree) = &old_tree {
        old_files.extend(read_entries(
            repo,
            tree,
            old_wanted.iter().map(|(p, id)| (p.as_str(), *id)),
        ));
    }
    if let Some(tree) = &new_tree {
        new_files.extend(read_entries(
            repo,
            tree,
            new_wanted.iter().map(|(p, id)| (p.as_str(), *id)),
        ));
    }
    Ok((old_files, new_files))
}

/// Reads plan files whose blob ids are known straight from the object
/// database, and the others (links, the settings) through the tree.
fn read_entries<'p>(
    repo: &Repository,
    tree: &git2::Tree<'_>,
    wanted: impl IntoIterator<Item = (&'p str, Option<Oid>)>,
) -> Vec<RawFile> {
    let mut files = Vec::new();
    for (path, id) in wanted {
        if !is_plan_file(path) {
            continue;
        }
        let id = match id {
            Some(id) => Some(id),
            None => tree
                .get_path(std::path::Path::new(path))
                .ok()
                .and_then(|entry| {
                    if entry.filemode() == i32::from(git2::FileMode::Link) {
                        None
                    } else {
                        Some(entry.id())
                    }
                }),
        };
        let content = match id {
            Some(id) => blob_content(repo, id),
            None => match tree.get_path(std::path::Path::new(path)) {
                Ok(entry) => match follow_link(repo, tree, path, entry.id()) {
                    Ok(Some(target)) => blob_content(repo, target),
                    Ok(None) => continue,
                    Err((target, why)) => Content::BadSymlink { target, why },
                },
                Err(_) => continue,
            },
        };
        files.push(RawFile {
            path: path.to_owned(),
            content,
            blob: id,
        });
    }
    files
}

/// The files that differ between a revision and the working tree.
pub fn against_worktree(
    revision: &Revision,
    worktree: &Worktree,
) -> Result<(Vec<RawFile>, Vec<RawFile>)> {
    let listed: HashMap<String, Oid> = revision.listing()?.into_iter().collect();
    let mut unchanged: HashSet<String> = HashSet::new();
    let mut new_files = Vec::new();
    for file in worktree.files()? {
        let same = match (&file.content, listed.get(&file.path)) {
            (Content::Bytes(bytes), Some(id)) => {
                Oid::hash_object(ObjectType::Blob, bytes).is_ok_and(|h| h == *id)
            }
            _ => false,
        };
        if same && file.path != CONFIG_FILE {
            unchanged.insert(file.path);
        } else {
            new_files.push(file);
        }
    }
    let differing = listed
        .keys()
        .map(String::as_str)
        .filter(|p| !unchanged.contains(*p));
    let old_files = revision.files_at(differing)?;
    Ok((old_files, new_files))
}

/// The files under `.cto-plan/templates/` that differ between two endpoints,
/// by path, with "added", "removed" or "modified". A side without a plan has
/// no templates.
pub fn templates_between(
    repo: &Repository,
    layout: &Layout,
    from: &Endpoint,
    to: &Endpoint,
) -> Result<Vec<(String, &'static str)>> {
    let side = |endpoint: &Endpoint| -> Result<HashMap<String, Option<Oid>>> {
        let files = match endpoint {
            Endpoint::Commit { id, .. } => {
                match Revision::at_commit(repo, layout, &endpoint.label(), *id) {
                    Ok(revision) => revision.templates()?,
                    Err(_) => Vec::new(),
                }
            }
            Endpoint::Worktree => {
                Worktree::with_repository(layout, Some(repo.into()))?.templates()?
            }
        };
        Ok(files
            .into_iter()
            .map(|file| {
                // What identifies the content: the blob id, computed for a
                // file on disk; unreadable content never compares equal.
                let id = match (&file.content, file.blob) {
                    (Content::Bytes(_), Some(blob)) => Some(blob),
                    (Content::Bytes(bytes), None) => Oid::hash_object(ObjectType::Blob, bytes).ok(),
                    _ => None,
                };
                (file.path, id)
            })
            .collect())
    };
    let (old, new) = (side(from)?, side(to)?);
    let mut changes: Vec<(String, &'static str)> = Vec::new();
    for (path, id) in &new {
        match old.get(path) {
            None => changes.push((path.clone(), "added")),
            Some(old_id) if old_id.is_none() || old_id != id => {
                changes.push((path.clone(), "modified"));
            }
            Some(_) => {}
        }
    }
    changes.extend(
        old.keys()
            .filter(|path| !new.contains_key(*path))
            .map(|path| (path.clone(), "removed")),
    );
    changes.sort();
    Ok(changes)
}
