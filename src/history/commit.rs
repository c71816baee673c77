//! What the history says about a commit: who, when (with the author's time
//! zone, so a change lands in the quarter its author saw), what, and which
//! pull request brought it.

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
    pub author: String,
    pub email: String,
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
        CommitInfo {
            id,
            short: id.to_string()[..7].to_owned(),
            author: author.name().unwrap_or("unknown").to_owned(),
            email: author.email().unwrap_or("").to_owned(),
            time,
            summary: message.lines().next().unwrap_or("").trim().to_owned(),
            pull_request: pull_request_number(message),
        }
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
