//! Revision words → commit ids, in one place.
//!
//! Every word a user can type for a point in the plan's history is read here:
//! a git revision (`HEAD~2`, a branch, a tag, a commit id), a date (the last
//! main-line commit made on or before that day) or a quarter (the plan as the
//! quarter began, by the plan's fiscal year), and the diff forms `FROM [TO]`,
//! `A..B` and `A...B`. The plan's settings are read once, when a
//! [`Revisions`] is made; callers get commit ids and never re-parse a word.
//! Nothing here loads records or knows about the command line.

use git2::{Oid, Repository, Sort};
use jiff::civil::Date;

use super::{CONFIG_FILE, Layout};
use crate::error::{Error, Result};
use crate::model::Quarter;

/// A revision word resolved to a commit, with the word kept for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// What the user typed (or `HEAD` by default).
    pub word: String,
    pub id: Oid,
}

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

impl From<Resolved> for Endpoint {
    fn from(resolved: Resolved) -> Endpoint {
        Endpoint::Commit {
            label: resolved.word,
            id: resolved.id,
        }
    }
}

/// Resolves revision words in one repository, for one plan.
pub struct Revisions<'r> {
    repo: &'r Repository,
    layout: &'r Layout,
    /// The plan's fiscal year start (1 = January), for quarters.
    fiscal_start_month: u8,
}

impl<'r> Revisions<'r> {
    /// Reads the plan's fiscal year start once: from the working tree's
    /// settings, or HEAD's in a bare repository (or when the file is gone).
    pub fn new(repo: &'r Repository, layout: &'r Layout) -> Revisions<'r> {
        Revisions::with_fiscal_start_month(repo, layout, fiscal_start_month(layout, repo))
    }

    /// With the fiscal year start already read (see [`fiscal_start_month`]).
    pub fn with_fiscal_start_month(
        repo: &'r Repository,
        layout: &'r Layout,
        fiscal_start_month: u8,
    ) -> Revisions<'r> {
        Revisions {
            repo,
            layout,
            fiscal_start_month,
        }
    }

    pub fn repository(&self) -> &'r Repository {
        self.repo
    }

    /// A git revision only (`--rev`): branch, tag, commit id, `HEAD~3`.
    pub fn rev(&self, word: &str) -> Result<Resolved> {
        Ok(Resolved {
            word: word.to_owned(),
            id: resolve_commit(self.repo, word)?,
        })
    }

    /// `--at`: a quarter or a date first, else a git revision.
    pub fn at(&self, word: &str) -> Result<Resolved> {
        Ok(Resolved {
            word: word.to_owned(),
            id: self.at_id(word)?,
        })
    }

    /// One side of a diff (and `--at` for `diff`): a git revision first;
    /// failing that, a date or a quarter as [`Revisions::at`] reads it (a tag
    /// may be called `2026-Q3`).
    pub fn diff_side(&self, word: &str) -> Result<Resolved> {
        Ok(Resolved {
            word: word.to_owned(),
            id: self.side(word)?,
        })
    }

    fn side(&self, word: &str) -> Result<Oid> {
        match resolve_commit(self.repo, word) {
            Ok(id) => Ok(id),
            Err(_) if word.parse::<Quarter>().is_ok() || word.parse::<Date>().is_ok() => {
                self.at_id(word)
            }
            Err(error) => Err(error),
        }
    }

    /// Reads `FROM [TO]` as git users expect: none = `default_from` (HEAD)
    /// vs the working tree; one revision = it vs the working tree; two = both;
    /// `A..B`; and `A...B`, from the merge base of A and B to B (the
    /// pull-request view). `from_resolved` is an older side resolved already
    /// (`--at`), used when no FROM is given.
    pub fn endpoints(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        from_resolved: Option<&Resolved>,
    ) -> Result<(Endpoint, Endpoint)> {
        let commit = |rev: &str| -> Result<Endpoint> {
            Ok(Endpoint::Commit {
                label: rev.to_owned(),
                id: self.side(rev)?,
            })
        };
        let worktree = || {
            if self.layout.bare {
                Err(Error::BareRepository {
                    path: self.layout.root.clone(),
                })
            } else {
                Ok(Endpoint::Worktree)
            }
        };
        match (from, to) {
            (None, to) => {
                let from = match from_resolved {
                    Some(resolved) => Endpoint::from(resolved.clone()),
                    None => commit("HEAD")?,
                };
                match (from_resolved, to) {
                    (Some(_), Some(to)) => Ok((from, commit(to)?)),
                    _ => Ok((from, worktree()?)),
                }
            }
            (Some(range), None) if range.contains("...") => {
                let (a, b) = range.split_once("...").expect("checked above");
                let (a, b) = (either(a), either(b));
                let (a_id, b_id) = (self.side(a)?, self.side(b)?);
                let base =
                    self.repo
                        .merge_base(a_id, b_id)
                        .map_err(|e| Error::UnknownRevision {
                            rev: range.to_owned(),
                            message: format!(
                                "{a} and {b} have no common ancestor ({})",
                                e.message()
                            ),
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
                Ok((commit(either(a))?, commit(either(b))?))
            }
            (Some(rev), None) => Ok((commit(rev)?, worktree()?)),
            (Some(a), Some(b)) => Ok((commit(a)?, commit(b)?)),
        }
    }

    /// A date: the last first-parent commit made on or before that day, in
    /// the commit's own time zone. A quarter: the plan as the quarter began,
    /// the last commit before its first day. Anything else: a git revision.
    fn at_id(&self, at: &str) -> Result<Oid> {
        let repo = self.repo;
        let cutoff = if let Ok(quarter) = at.parse::<Quarter>() {
            Some(
                quarter
                    .start_date(self.fiscal_start_month)
                    .yesterday()
                    .map_err(|e| Error::DateOutOfRange {
                        word: at.to_owned(),
                        message: e.to_string(),
                    })?,
            )
        } else {
            at.parse::<Date>().ok()
        };
        let Some(last_day) = cutoff else {
            // Shaped like a quarter or a date but not one: say so, rather than
            // "unknown revision".
            let bytes = at.as_bytes();
            let dated =
                bytes.len() >= 7 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-';
            if dated && resolve_commit(repo, at).is_err() {
                return Err(Error::NotADateOrQuarter {
                    word: at.to_owned(),
                });
            }
            return resolve_commit(repo, at);
        };
        let head = resolve_commit(repo, "HEAD")?;
        for id in first_parent_walk(repo, head)? {
            let id = id?;
            if commit_date(&repo.find_commit(id)?) <= last_day {
                return Ok(id);
            }
        }
        Err(Error::UnknownRevision {
            rev: at.to_owned(),
            message: format!("no commit on the main line on or before {last_day}"),
        })
    }
}

/// A range's side, `HEAD` when left empty (`A..`, `...B`).
fn either(side: &str) -> &str {
    if side.is_empty() { "HEAD" } else { side }
}

/// Resolves a git revision to a commit id, with a message users can act on.
pub fn resolve_commit(repo: &Repository, rev: &str) -> Result<Oid> {
    if repo
        .head()
        .is_err_and(|e| e.code() == git2::ErrorCode::UnbornBranch)
        && rev.starts_with("HEAD")
    {
        return Err(Error::NoCommits {
            rev: rev.to_owned(),
        });
    }
    let unknown = |e: git2::Error| Error::UnknownRevision {
        rev: rev.to_owned(),
        message: e.message().to_owned(),
    };
    let commit = repo
        .revparse_single(rev)
        .map_err(unknown)?
        .peel_to_commit()
        .map_err(unknown)?;
    Ok(commit.id())
}

/// The first-parent commits from `head` back to the root, newest first,
/// walked lazily: callers that stop early never read the rest.
pub fn first_parent_walk(
    repo: &Repository,
    head: Oid,
) -> Result<impl Iterator<Item = Result<Oid>> + '_> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::NONE)?;
    walk.simplify_first_parent()?;
    walk.push(head)?;
    Ok(walk.map(|id| id.map_err(Error::from)))
}

/// The local date of a commit (its committer's own time zone).
pub fn commit_date(commit: &git2::Commit<'_>) -> Date {
    let when = commit.committer().when();
    let local = when.seconds() + i64::from(when.offset_minutes()) * 60;
    jiff::Timestamp::from_second(local)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}

/// The plan's fiscal year start, from the working tree's settings (or HEAD's
/// in a bare repository), for reading quarters.
pub fn fiscal_start_month(layout: &Layout, repo: &Repository) -> u8 {
    let bytes = std::fs::read(layout.root.join(CONFIG_FILE))
        .ok()
        .or_else(|| {
            let tree = repo.head().ok()?.peel_to_tree().ok()?;
            let path = if layout.prefix.is_empty() {
                CONFIG_FILE.to_owned()
            } else {
                format!("{}/{}", layout.prefix, CONFIG_FILE)
            };
            let entry = tree.get_path(std::path::Path::new(&path)).ok()?;
            Some(repo.find_blob(entry.id()).ok()?.content().to_vec())
        });
    bytes.map_or(1, |b| {
        super::load::config_from_bytes(b).fiscal_year_start_month
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_range_side_is_head() {
        assert_eq!(either(""), "HEAD");
        assert_eq!(either("main"), "main");
    }

    #[test]
    fn endpoints_are_labelled_by_word_and_short_id() {
        let id = Oid::from_str("3f2a1bc0000000000000000000000000000000aa").unwrap();
        let typed = Endpoint::Commit {
            label: "2026-Q3".into(),
            id,
        };
        assert_eq!(typed.label(), "2026-Q3 (3f2a1bc)");
        // A word that is the id already is not repeated.
        let by_id = Endpoint::from(Resolved {
            word: id.to_string(),
            id,
        });
        assert_eq!(by_id.label(), "3f2a1bc");
        assert_eq!(Endpoint::Worktree.label(), "working tree");
    }
}
