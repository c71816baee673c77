//! Loads only what differs between two versions of the plan, then diffs it.
//!
//! Between two revisions, git's tree diff names the changed files (equal
//! sub-trees are skipped without being read); against the working tree, each
//! file's blob id is computed and compared with the revision's. Only the files
//! that differ are parsed. Reads git objects directly: no checkout, no index.

use std::collections::{HashMap, HashSet};

use git2::{ObjectType, Oid, Repository};

use super::{BrokenFile, PlanDiff, diff_plans};
use crate::diagnostic::{Finding, position};
use crate::error::{Error, Result};
use crate::store::git::{Revision, resolve_commit};
use crate::store::worktree::Worktree;
use crate::store::{CONFIG_FILE, Content, Layout, Loaded, RawFile, Source, load::load_files};
use crate::validate::rules;

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
/// from the merge base of A and B to B (the pull-request view).
pub fn resolve_endpoints(
    layout: &Layout,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Endpoint, Endpoint)> {
    let repo = layout.repository()?;
    let commit = |rev: &str| -> Result<Endpoint> {
        Ok(Endpoint::Commit {
            label: rev.to_owned(),
            id: resolve_commit(&repo, rev)?,
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
            let (a_id, b_id) = (resolve_commit(&repo, a)?, resolve_commit(&repo, b)?);
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
pub fn diff_endpoints(layout: &Layout, from: &Endpoint, to: &Endpoint) -> Result<PlanDiff> {
    let (from_files, to_files) = match (from, to) {
        (Endpoint::Commit { id: a, .. }, Endpoint::Commit { id: b, .. }) => {
            let repo = layout.repository()?;
            between_commits(&repo, layout, *a, *b, &from.label(), &to.label())?
        }
        (Endpoint::Commit { id, .. }, Endpoint::Worktree) => {
            let revision = Revision::at_commit(layout.repository()?, layout, &from.label(), *id)?;
            against_worktree(&revision, &Worktree::new(layout)?)?
        }
        (Endpoint::Worktree, _) => {
            return Err(Error::Usage(
                "the working tree can only be the newer side of a diff".into(),
            ));
        }
    };
    Ok(diff_files(from_files, to_files, from.label(), to.label()))
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
    let from_rev = Revision::at_commit(Repository::open(repo.path())?, layout, from_label, from)?;
    let to_rev = Revision::at_commit(Repository::open(repo.path())?, layout, to_label, to)?;
    let (old_tree, new_tree) = (
        repo.find_tree(from_rev.tree())?,
        repo.find_tree(to_rev.tree())?,
    );
    let deltas = repo.diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)?;
    let mut old_paths: HashSet<String> = HashSet::from([CONFIG_FILE.to_owned()]);
    let mut new_paths = old_paths.clone();
    for delta in deltas.deltas() {
        if let Some(path) = delta.old_file().path().and_then(|p| p.to_str()) {
            old_paths.insert(path.to_owned());
        }
        if let Some(path) = delta.new_file().path().and_then(|p| p.to_str()) {
            new_paths.insert(path.to_owned());
        }
    }
    Ok((
        from_rev.files_where(|p, _| old_paths.contains(p))?,
        to_rev.files_where(|p, _| new_paths.contains(p))?,
    ))
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
    let old_files = revision.files_where(|p, _| !unchanged.contains(p))?;
    Ok((old_files, new_files))
}

/// Rules whose finding means a file's record could not be loaded at all.
fn unloadable(finding: &Finding) -> bool {
    [
        &rules::SYNTAX,
        &rules::ENCODING,
        &rules::FILE_TOO_LARGE,
        &rules::EMPTY_FILE,
        &rules::SYMLINK,
        &rules::BAD_ID,
    ]
    .iter()
    .any(|r| std::ptr::eq(*r, finding.rule))
}

fn broken_files(loaded: &Loaded, side: &'static str) -> Vec<BrokenFile> {
    let mut seen = HashSet::new();
    loaded
        .findings
        .iter()
        .filter(|f| unloadable(f) && seen.insert(f.path.clone()))
        .map(|f| {
            let at = match (loaded.sources.text(&f.path), &f.span) {
                (Some(text), Some(span)) => position(text, span.start),
                _ => crate::diagnostic::Position { line: 1, column: 1 },
            };
            BrokenFile {
                side,
                path: f.path.clone(),
                line: at.line,
                column: at.column,
                message: f.message.clone(),
            }
        })
        .collect()
}

/// Diffs two sets of files (usually only those that differ).
pub fn diff_files(
    from_files: Vec<RawFile>,
    to_files: Vec<RawFile>,
    from: String,
    to: String,
) -> PlanDiff {
    let (old, new) = (load_files(from_files), load_files(to_files));
    let mut broken = broken_files(&old, "from");
    broken.extend(broken_files(&new, "to"));
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
