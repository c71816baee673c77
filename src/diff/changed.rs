//! Loads only what differs between two versions of the plan, then diffs it.
//!
//! Between two revisions, git's tree diff names the changed files (equal
//! sub-trees are skipped without being read); against the working tree, each
//! file's blob id is computed and compared with the revision's. Only the files
//! that differ are parsed. Reads git objects directly: no checkout, no index.

use std::collections::{HashMap, HashSet};

use git2::{ObjectType, Oid, Repository};

use super::{BrokenFile, Meaning, PlanDiff, RecordChange, diff_plans};
use crate::diagnostic::{Finding, Severity, position};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::git::{Revision, blob_content, follow_link, resolve_commit};
use crate::store::worktree::Worktree;
use crate::store::{
    CONFIG_FILE, Content, Layout, Loaded, RawFile, Source, is_plan_file, load::load_files,
};

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A commit, by id, with what the user called it.
    Commit {
        label: String,
        id: Oid,
    },
    Worktree,
}

impl Endpoint {
    pub fn label(&self) -> String {
        match self {
            Endpoint::Commit { label, id } => {
                let short = &id.to_string()[..7];
                if label.starts_with(short) {
                    short.to_owned()
                } else {
                    format!("{label} ({short})")
                }
            }
            Endpoint::Worktree => "working tree".into(),
        }
    }
}

/// Reads `FROM [TO]` as git users expect: none = HEAD vs the working tree;
/// one revision = it vs the working tree; two = both; `A..B`; and `A...B`,
/// from the merge base of A and B to B (the pull-request view). A side may
/// also be a date or a quarter, read as `--at` reads it.
pub fn resolve_endpoints(
    layout: &Layout,
    repo: &Repository,
    from: Option<&str>,
    to: Option<&str>,
    fiscal_start_month: u8,
) -> Result<(Endpoint, Endpoint)> {
    // A revision first; failing that, a date or a quarter on the main line.
    let commit_id = |rev: &str| -> Result<Oid> {
        match resolve_commit(repo, rev) {
            Ok(id) => Ok(id),
            Err(_)
                if rev.parse::<crate::model::Quarter>().is_ok()
                    || rev.parse::<jiff::civil::Date>().is_ok() =>
            {
                crate::history::resolve_at(repo, rev, fiscal_start_month)
            }
            Err(error) => Err(error),
        }
    };
    let commit = |rev: &str| -> Result<Endpoint> {
        Ok(Endpoint::Commit {
            label: rev.to_owned(),
            id: commit_id(rev)?,
        })
    };
    let worktree = || {
        if layout.bare {
            Err(Error::BareRepository {
                path: layout.root.clone(),
            })
        } else {
            Ok(Endpoint::Worktree)
        }
    };
    match (from, to) {
        (None, _) => Ok((commit("HEAD")?, worktree()?)),
        (Some(range), None) if range.contains("...") => {
            let (a, b) = range.split_once("...").expect("checked above");
            let (a, b) = (
                if a.is_empty() { "HEAD" } else { a },
                if b.is_empty() { "HEAD" } else { b },
            );
            let (a_id, b_id) = (commit_id(a)?, commit_id(b)?);
            let base = repo
                .merge_base(a_id, b_id)
                .map_err(|e| Error::UnknownRevision {
                    rev: range.to_owned(),
                    message: format!("{a} and {b} have no common ancestor ({})", e.message()),
                })?;
            Ok((
                Endpoint::Commit {
                    label: format!("merge-base({a}, {b})"),
                    id: base,
                },
                Endpoint::Commit {
                    label: b.to_owned(),
                    id: b_id,
                },
            ))
        }
        (Some(range), None) if range.contains("..") => {
            let (a, b) = range.split_once("..").expect("checked above");
            let (a, b) = (
                if a.is_empty() { "HEAD" } else { a },
                if b.is_empty() { "HEAD" } else { b },
            );
            Ok((commit(a)?, commit(b)?))
        }
        (Some(rev), None) => Ok((commit(rev)?, worktree()?)),
        (Some(a), Some(b)) => Ok((commit(a)?, commit(b)?)),
    }
}

/// The semantic diff between two endpoints of the plan at `layout`.
pub fn diff_endpoints(
    layout: &Layout,
    repo: Repository,
    from: &Endpoint,
    to: &Endpoint,
) -> Result<PlanDiff> {
    let (from_files, to_files) = match (from, to) {
        (Endpoint::Commit { id: a, .. }, Endpoint::Commit { id: b, .. }) => {
            between_commits(&repo, layout, *a, *b, &from.label(), &to.label())?
        }
        (Endpoint::Commit { id, .. }, Endpoint::Worktree) => {
            let revision = Revision::at_commit(repo, layout, &from.label(), *id)?;
            against_worktree(&revision, &Worktree::new(layout)?)?
        }
        (Endpoint::Worktree, _) => {
            return Err(Error::Usage(
                "the working tree can only be the newer side of a diff".into(),
            ));
        }
    };
    let mut diff = diff_files(from_files, to_files, from.label(), to.label());
    name_superseders(&mut diff, layout, to)?;
    Ok(diff)
}

/// A decision can become superseded by one committed earlier, which is not
/// among the changed files: look for it among all decisions of the newer side.
fn name_superseders(diff: &mut PlanDiff, layout: &Layout, to: &Endpoint) -> Result<()> {
    if !needs_superseders(&diff.changes) {
        return Ok(());
    }
    let in_decisions = |path: &str| Kind::for_path(path) == Some(Kind::Decision);
    let files = match to {
        Endpoint::Commit { label, id } => {
            Revision::at_commit(layout.repository()?, layout, label, *id)?
                .files_where(|p, _| in_decisions(p))?
        }
        Endpoint::Worktree => Worktree::new(layout)?
            .files()?
            .into_iter()
            .filter(|f| in_decisions(&f.path))
            .collect(),
    };
    name_superseders_from(&mut diff.changes, &load_files(files).plan);
    Ok(())
}

/// Whether a decision became superseded without its successor among the
/// changes (it was committed earlier).
pub fn needs_superseders(changes: &[RecordChange]) -> bool {
    changes.iter().any(|c| {
        c.meanings
            .iter()
            .any(|m| matches!(m, Meaning::SupersededBy { by } if by.is_empty()))
    })
}

/// Names, from every decision of the newer side, those that supersede each
/// decision that became superseded.
pub fn name_superseders_from(changes: &mut [RecordChange], decisions: &crate::model::Plan) {
    for change in changes {
        for meaning in &mut change.meanings {
            if let Meaning::SupersededBy { by } = meaning
                && by.is_empty()
            {
                *by = decisions
                    .of_kind(Kind::Decision)
                    .filter(|d| {
                        d.fields
                            .texts("supersedes")
                            .iter()
                            .any(|(t, _)| crate::model::Plan::bare_id(t) == change.id)
                    })
                    .map(|d| d.reference())
                    .collect();
            }
        }
    }
}

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
pub fn between_commits(
    repo: &Repository,
    layout: &Layout,
    from: Oid,
    to: Oid,
    from_label: &str,
    to_label: &str,
) -> Result<(Vec<RawFile>, Vec<RawFile>)> {
    let old_tree = Revision::plan_tree(repo, layout, from_label, from)?;
    let new_tree = Revision::plan_tree(repo, layout, to_label, to)?;
    between_trees(repo, Some(old_tree), Some(new_tree))
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
    let deltas = repo.diff_tree_to_tree(old_tree.as_ref(), new_tree.as_ref(), None)?;
    // The settings are read on both sides, changed or not.
    let config = |tree: &Option<git2::Tree<'_>>| {
        tree.as_ref()
            .map(|t| read_entries(repo, t, [(CONFIG_FILE, None)]))
            .unwrap_or_default()
    };
    let (mut old_files, mut new_files) = (config(&old_tree), config(&new_tree));
    let side = |file: git2::DiffFile<'_>| -> Option<(String, Option<Oid>)> {
        let path = String::from_utf8_lossy(file.path_bytes()?).into_owned();
        // A zero id: the file is absent on this side. Links are resolved by path.
        let known = (file.mode() != git2::FileMode::Link).then(|| file.id());
        (!file.id().is_zero()).then_some((path, known))
    };
    let (mut old_wanted, mut new_wanted) = (Vec::new(), Vec::new());
    for delta in deltas.deltas() {
        old_wanted.extend(side(delta.old_file()).filter(|(p, _)| p != CONFIG_FILE));
        new_wanted.extend(side(delta.new_file()).filter(|(p, _)| p != CONFIG_FILE));
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

/// The files of one side that yielded no record: they do not parse (or
/// cannot be read), and are reported with their first error. Files outside
/// the record folders and the settings are `check`'s business, not a diff's.
fn broken_files(paths: &[String], loaded: &Loaded, side: &'static str) -> Vec<BrokenFile> {
    let loaded_paths: HashSet<&str> = loaded
        .plan
        .records
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    let mut broken = Vec::new();
    for path in paths {
        if loaded_paths.contains(path.as_str())
            || path == CONFIG_FILE
            || Kind::for_path(path).is_none()
        {
            continue;
        }
        let first_error = loaded
            .findings
            .iter()
            .find(|f| f.path == *path && f.severity() == Severity::Error);
        let (line, column) = match (first_error, loaded.sources.text(path)) {
            (
                Some(Finding {
                    span: Some(span), ..
                }),
                Some(text),
            ) => {
                let at = position(text, span.start);
                (at.line, at.column)
            }
            _ => (1, 1),
        };
        let message = first_error.map_or_else(
            || "the record could not be loaded".to_owned(),
            |f| f.message.clone(),
        );
        broken.push(BrokenFile {
            side,
            path: path.clone(),
            line,
            column,
            message,
        });
    }
    broken
}

/// Diffs two sets of files (usually only those that differ).
pub fn diff_files(
    from_files: Vec<RawFile>,
    to_files: Vec<RawFile>,
    from: String,
    to: String,
) -> PlanDiff {
    let paths = |files: &[RawFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    let (from_paths, to_paths) = (paths(&from_files), paths(&to_files));
    let (old, new) = (load_files(from_files), load_files(to_files));
    let mut broken = broken_files(&from_paths, &old, "from");
    broken.extend(broken_files(&to_paths, &new, "to"));
    // A record whose file is broken on one side is neither added nor removed:
    // it is reported as broken, and left out of the comparison.
    let broken_paths: HashSet<&str> = broken.iter().map(|b| b.path.as_str()).collect();
    let keep = |loaded: &Loaded| {
        let records = loaded
            .plan
            .records
            .iter()
            .filter(|r| !broken_paths.contains(r.path.as_str()))
            .cloned()
            .collect();
        crate::model::Plan::new(loaded.plan.config.clone(), records)
    };
    let (old_plan, new_plan) = (keep(&old), keep(&new));
    let changes = diff_plans(&old_plan, &new_plan);
    PlanDiff {
        from,
        to,
        currency: new.plan.config.currency.clone(),
        changes,
        broken,
    }
}
