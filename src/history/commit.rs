//! What the history says about a commit: who wrote it and who merged it,
//! when (with the committer's time zone, so a change lands in the quarter
//! its author saw), what, and which pull request brought it.
//!
//! A merge's author is not the author of the change: [`CommitInfo::in_repo`]
//! reads the merged branch's commits that touched the plan for that. Nothing
//! here walks the main line or renders.

use git2::Oid;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

/// One commit, as reports cite it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommitInfo {
    #[serde(serialize_with = "oid_string")]
    pub id: Oid,
    /// The first seven hex digits, as reports cite it.
    pub short: String,
    /// Who wrote the change: for a merge, the author of the merged branch's
    /// first commit that changed the plan; otherwise the commit's author
    /// (for a squash or rebase merge, the author git kept, not the committer).
    pub author: String,
    pub email: String,
    /// Who merged it, where that is someone else than `author`: the merge
    /// commit's author, or the committer of a squash or rebase merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_by: Option<String>,
    /// For a merge: the author of each commit on the merged branch that
    /// changed the plan, oldest first (one entry per commit).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branch_authors: Vec<String>,
    /// When it landed: the committer's time, which for a merge is the merge.
    #[serde(serialize_with = "time_string")]
    pub time: ZonedDateTime,
    pub summary: String,
    /// The pull (merge) request number, when the message names one.
    pub pull_request: Option<u64>,
}

fn oid_string<S: serde::Serializer>(id: &Oid, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

fn time_string<S: serde::Serializer>(
    time: &ZonedDateTime,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&time.strftime("%Y-%m-%dT%H:%M:%S%:z"))
}

impl CommitInfo {
    pub fn from_commit(commit: &git2::Commit<'_>) -> CommitInfo {
        let author = commit.author();
        let when = commit.committer().when();
        let offset = Offset::from_seconds(when.offset_minutes() * 60).unwrap_or(Offset::UTC);
        let time = Timestamp::from_second(when.seconds())
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(TimeZone::fixed(offset));
        let message = commit.message().unwrap_or("");
        let id = commit.id();
        let name = author.name().unwrap_or("unknown").to_owned();
        let committer = commit.committer().name().unwrap_or("unknown").to_owned();
        CommitInfo {
            id,
            short: id.to_string()[..7].to_owned(),
            merged_by: (committer != name).then_some(committer),
            author: name,
            email: author.email().unwrap_or("").to_owned(),
            branch_authors: Vec::new(),
            time,
            summary: message.lines().next().unwrap_or("").trim().to_owned(),
            pull_request: pull_request_number(message),
        }
    }

    /// The commit as [`CommitInfo::from_commit`] reads it, and for a merge
    /// the authors of the merged branch's commits that changed the plan
    /// folder `prefix` (those only git's merge base separates from the main
    /// line): the merge's own author becomes `merged_by` unless they wrote
    /// the branch's first plan change themselves. A branch that cannot be
    /// read leaves the merge's author as it is.
    pub fn in_repo(repo: &git2::Repository, commit: &git2::Commit<'_>, prefix: &str) -> CommitInfo {
        let mut info = CommitInfo::from_commit(commit);
        if commit.parent_count() < 2 {
            return info;
        }
        let branch = branch_plan_commits(repo, commit, prefix).unwrap_or_default();
        let Some((name, email)) = branch.first().cloned() else {
            return info;
        };
        let merger = std::mem::replace(&mut info.author, name);
        info.email = email;
        info.merged_by = (merger != info.author).then_some(merger);
        info.branch_authors = branch.into_iter().map(|(name, _)| name).collect();
        info
    }

    /// The calendar day in the committer's own time zone.
    pub fn date(&self) -> Date {
        self.time.date()
    }

    /// `3f2a1bc (#42)` or `3f2a1bc`: how a report cites the commit.
    pub fn cite(&self) -> String {
        match self.pull_request {
            Some(n) => format!("{} (#{n})", self.short),
            None => self.short.clone(),
        }
    }
}

/// The (name, email) of the authors of the commits a merge brings in that
/// changed the plan folder, oldest first.
fn branch_plan_commits(
    repo: &git2::Repository,
    merge: &git2::Commit<'_>,
    prefix: &str,
) -> Result<Vec<(String, String)>, git2::Error> {
    let mut walk = repo.revwalk()?;
    walk.push(merge.parent_id(1)?)?;
    walk.hide(merge.parent_id(0)?)?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
    let mut authors = Vec::new();
    for id in walk {
        let commit = repo.find_commit(id?)?;
        let tree = super::plan_tree_id(&commit, prefix);
        // A commit's change is against its first parent, as on the main line.
        let parent_tree = commit
            .parent(0)
            .ok()
            .and_then(|p| super::plan_tree_id(&p, prefix));
        if tree != parent_tree {
            let author = commit.author();
            authors.push((
                author.name().unwrap_or("unknown").to_owned(),
                author.email().unwrap_or("").to_owned(),
            ));
        }
    }
    Ok(authors)
}

/// The pull request a commit message names: GitHub's merge commits
/// (`Merge pull request #123 from …`), squash merges (`… (#123)`), and
/// GitLab's `See merge request group/project!123`.
pub fn pull_request_number(message: &str) -> Option<u64> {
    let digits = |s: &str| -> Option<u64> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        s[..end].parse().ok()
    };
    let subject = message.lines().next().unwrap_or("").trim();
    if let Some(rest) = subject.strip_prefix("Merge pull request #") {
        return digits(rest);
    }
    if let Some(open) = subject.rfind("(#")
        && subject.ends_with(')')
    {
        return digits(&subject[open + 2..]);
    }
    message.lines().find_map(|line| {
        line.trim()
            .strip_prefix("See merge request ")
            .and_then(|r| r.rsplit_once('!'))
            .and_then(|(_, n)| digits(n))
    })
}

#[cfg(test)]
mod tests {
    use super::pull_request_number;

    #[test]
    fn pull_requests_from_messages() {
        assert_eq!(
            pull_request_number("Merge pull request #123 from org/branch\n\nShip it"),
            Some(123)
        );
        assert_eq!(pull_request_number("Slip search to Q4 (#45)"), Some(45));
        assert_eq!(
            pull_request_number("Merge branch 'x'\n\nSee merge request team/plan!7"),
            Some(7)
        );
        assert_eq!(pull_request_number("Fix typo in #12 notes"), None);
        assert_eq!(pull_request_number("Squash (#abc)"), None);
        assert_eq!(pull_request_number(""), None);
    }
}
