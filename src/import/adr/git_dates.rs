//! Dates for ADRs that write none, from the git history of their files:
//! proposed is the day of the first commit that added the file, decided the
//! day of the commit whose version of it first had the status it has now
//! (after having another, or none).
//!
//! Reads git objects only: the first-parent log of HEAD, the folder's tree
//! in each commit and the blobs of the files that changed. It never checks
//! out, reads the index or writes anything. A folder outside any repository
//! (or in a repository without commits) has no history: no dates, no error.

use std::collections::HashMap;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};
use jiff::civil::Date;

use crate::store::revision::{commit_date, first_parent_walk};

/// What git says of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dates {
    /// The day of the first commit that has the file.
    pub added: Date,
    /// The day of the commit that gave the file its current status, if any
    /// commit has it.
    pub status_set: Option<Date>,
}

/// The dates of `files` (name in `dir`, current decision status), by name.
/// `status_of` reads the decision status of one version of a file. `Err`
/// only when the repository cannot be read.
pub(super) fn from_history(
    dir: &Path,
    files: &[(&str, Option<&str>)],
    status_of: &dyn Fn(&str) -> Option<&'static str>,
) -> Result<HashMap<String, Dates>, String> {
    let Ok(repo) = Repository::discover(dir) else {
        return Ok(HashMap::new());
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(HashMap::new());
    };
    let (Ok(dir), Ok(top)) = (std::fs::canonicalize(dir), std::fs::canonicalize(workdir)) else {
        return Ok(HashMap::new());
    };
    let Ok(inside) = dir.strip_prefix(&top) else {
        return Ok(HashMap::new());
    };
    let Some(head) = repo.head().ok().and_then(|h| h.target()) else {
        return Ok(HashMap::new());
    };
    let fail = |e: &dyn std::fmt::Display| format!("its git history cannot be read ({e})");
    let mut commits: Vec<Oid> = first_parent_walk(&repo, head)
        .map_err(|e| fail(&e))?
        .collect::<crate::error::Result<_>>()
        .map_err(|e| fail(&e))?;
    commits.reverse();

    struct Seen {
        blob: Option<Oid>,
        status: Option<&'static str>,
        dates: Option<Dates>,
    }
    let mut seen: Vec<Seen> = files
        .iter()
        .map(|_| Seen {
            blob: None,
            status: None,
            dates: None,
        })
        .collect();
    let mut last_tree: Option<Oid> = None;
    for id in commits {
        let commit = repo.find_commit(id).map_err(|e| fail(&e))?;
        let tree = commit.tree().map_err(|e| fail(&e))?;
        let folder = if inside.as_os_str().is_empty() {
            Some(tree.id())
        } else {
            tree.get_path(inside)
                .ok()
                .filter(|e| e.kind() == Some(ObjectType::Tree))
                .map(|e| e.id())
        };
        // Most commits touch other folders: skip them unread.
        if folder == last_tree {
            continue;
        }
        last_tree = folder;
        let Some(folder) = folder else { continue };
        let folder = repo.find_tree(folder).map_err(|e| fail(&e))?;
        let date = commit_date(&commit);
        for (i, (name, current)) in files.iter().enumerate() {
            let blob = folder
                .get_name(name)
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| e.id());
            if blob == seen[i].blob {
                continue;
            }
            seen[i].blob = blob;
            let Some(blob) = blob else { continue };
            let status = repo
                .find_blob(blob)
                .ok()
                .and_then(|b| std::str::from_utf8(b.content()).ok().and_then(status_of));
            let file = &mut seen[i];
            let dates = file.dates.get_or_insert(Dates {
                added: date,
                status_set: None,
            });
            if status != file.status {
                if status.is_some() && status == *current {
                    dates.status_set = Some(date);
                }
                file.status = status;
            }
        }
    }
    Ok(files
        .iter()
        .zip(seen)
        .filter_map(|((name, _), seen)| seen.dates.map(|d| ((*name).to_owned(), d)))
        .collect())
}
