//! Loads the two sides of a change and diffs them: the files `store` read
//! as differing are parsed, and the semantic diff compares the records.
//!
//! Files that do not parse on one side are reported as broken, never fatal.
//! Reading git objects is `store::changed`'s job; comparing records is
//! `diff`'s; this module only joins them.

use std::collections::HashSet;

use git2::Repository;

use crate::diagnostic::{Finding, Severity, position};
use crate::diff::superseders::{name_superseders_from, needs_superseders};
use crate::diff::{BrokenFile, PlanDiff, diff_plans};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::changed::{against_worktree, between_commits};
use crate::store::git::Revision;
use crate::store::load::load_files;
use crate::store::revision::Endpoint;
use crate::store::worktree::Worktree;
use crate::store::{CONFIG_FILE, Layout, Loaded, RawFile, Source};

/// The semantic diff between two endpoints of the plan at `layout`.
pub fn diff_endpoints(
    layout: &Layout,
    repo: &Repository,
    from: &Endpoint,
    to: &Endpoint,
) -> Result<PlanDiff> {
    let (from_files, to_files) = match (from, to) {
        (Endpoint::Commit { id: a, .. }, Endpoint::Commit { id: b, .. }) => {
            between_commits(repo, layout, *a, *b, &from.label(), &to.label())?
        }
        (Endpoint::Commit { id, .. }, Endpoint::Worktree) => {
            let worktree = Worktree::with_repository(layout, Some(repo.into()))?;
            match Revision::at_commit(repo, layout, &from.label(), *id) {
                Ok(revision) => against_worktree(&revision, &worktree)?,
                // A revision from before the plan existed: every file is new.
                Err(Error::NoPlanAtRevision { .. }) => (Vec::new(), worktree.files()?),
                Err(error) => return Err(error),
            }
        }
        (Endpoint::Worktree, _) => {
            return Err(Error::WorktreeAsOlderSide);
        }
    };
    let mut diff = diff_files(from_files, to_files, from.label(), to.label());
    diff.templates = crate::store::changed::templates_between(repo, layout, from, to)?
        .into_iter()
        .map(|(path, change)| crate::diff::TemplateChange { path, change })
        .collect();
    name_superseders(&mut diff, repo, layout, to)?;
    Ok(diff)
}

/// A decision can become superseded by one committed earlier, which is not
/// among the changed files: look for it among all decisions of the newer side.
fn name_superseders(
    diff: &mut PlanDiff,
    repo: &Repository,
    layout: &Layout,
    to: &Endpoint,
) -> Result<()> {
    if !needs_superseders(&diff.changes) {
        return Ok(());
    }
    let in_decisions = |path: &str| Kind::for_path(path) == Some(Kind::Decision);
    let files = match to {
        Endpoint::Commit { label, id } => {
            Revision::at_commit(repo, layout, label, *id)?.files_where(|p, _| in_decisions(p))?
        }
        Endpoint::Worktree => Worktree::with_repository(layout, Some(repo.into()))?
            .files()?
            .into_iter()
            .filter(|f| in_decisions(&f.path))
            .collect(),
    };
    name_superseders_from(&mut diff.changes, &load_files(files).plan);
    Ok(())
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
        templates: Vec::new(),
        capacity: None,
    }
}
