//! How a library error ends the process: its exit code and the hint shown
//! under it, decided here by the error's kind, as jj's `command_error` does.
//!
//! The library says what failed; only this module knows about exit codes and
//! which flag or command to suggest. It must not change what an error says,
//! beyond writing its control and bidi characters visibly.

use std::io::Write;

use cto_plan::Error;
use cto_plan::text::neutralise;

/// Why a command failed: a library error, or a command line the CLI itself
/// refuses (options that do not go together, a value out of place). Usage
/// is a notion of the command line, so the library has no such error.
#[derive(Debug)]
pub enum Failure {
    Plan(Error),
    Usage(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Plan(error)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Plan(error) => error.fmt(f),
            Failure::Usage(message) => f.write_str(message),
        }
    }
}

/// Why a command could not run.
enum Kind {
    /// The command line asked for something that cannot be done.
    Usage,
    /// The plan, the repository or the file system did not allow it.
    Environment,
}

fn kind(error: &Error) -> Kind {
    // Spelled out, so a new error has to be placed.
    match error {
        Error::DateOutOfRange { .. }
        | Error::NotADateOrQuarter { .. }
        | Error::WorktreeAsOlderSide
        | Error::UnknownKind(_)
        | Error::NoNewId { .. }
        | Error::QuarterNamesIt { .. }
        | Error::NoIdFromTitle { .. }
        | Error::NotAChange { .. }
        | Error::NoField { .. }
        | Error::BadFieldPath { .. }
        | Error::UnknownRevision { .. }
        | Error::NoSuchRecord { .. }
        | Error::AmbiguousRecord { .. }
        | Error::Edit { .. } => Kind::Usage,
        Error::PlanNotFound { .. }
        | Error::Io { .. }
        | Error::NotInGit { .. }
        | Error::NoCommits { .. }
        | Error::NoPlanAtRevision { .. }
        | Error::BareRepository { .. }
        | Error::Git(_)
        | Error::AlreadyExists { .. }
        | Error::Template { .. }
        | Error::BuiltInTemplate { .. }
        | Error::MissingTemplate { .. }
        | Error::WriteInsideGit { .. }
        | Error::CommitNeedsGit { .. }
        | Error::RepositoryBusy { .. }
        | Error::NoGitIdentity => Kind::Environment,
    }
}

/// The exit code for an error: 2 for usage and environment errors alike
/// (1 is for findings, which are not errors).
pub fn exit_code(error: &Error) -> u8 {
    match kind(error) {
        Kind::Usage | Kind::Environment => 2,
    }
}

/// What the user can do about it, when there is something to say.
pub fn hint(error: &Error) -> Option<String> {
    match error {
        Error::NoNewId { .. } => Some("pass an id, or --title to make one from".into()),
        Error::QuarterNamesIt { kind } => Some(format!("name it: `cto-plan new {kind} 2027-Q1`")),
        Error::NoIdFromTitle { kind, .. } => {
            Some(format!("pass one, such as `cto-plan new {kind} my-{kind}`"))
        }
        Error::CommitNeedsGit { .. } => Some("drop --commit, or keep the plan in a git repository".into()),
        Error::RepositoryBusy { .. } => Some("finish it first, or drop --commit".into()),
        Error::NoGitIdentity => Some(
            "set user.name and user.email (`git config user.name \"…\"`), or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL"
                .into(),
        ),
        Error::PlanNotFound { .. } => {
            Some("run `cto-plan init` to start a plan here, or pass `-C DIR` to point at one".into())
        }
        Error::NotInGit { .. } => Some(
            "this reads the plan's git history: keep the plan in a git repository (`git init`, then commit it); \
             without `--rev` or `--at`, check, list and show read the working tree alone"
                .into(),
        ),
        Error::NoCommits { .. } => {
            Some("commit the plan first: `git add -A && git commit -m \"Start the plan\"`".into())
        }
        Error::UnknownRevision { .. } => Some(
            "name a branch, tag or commit that exists (`git log --oneline` lists them); in a shallow clone, fetch more history"
                .into(),
        ),
        Error::NoPlanAtRevision { .. } => {
            Some("the plan did not exist yet at that revision, or lived in another folder".into())
        }
        Error::BareRepository { .. } => Some("pass `--rev REV` to read a revision from it".into()),
        Error::NoSuchRecord {
            suggestion: Some(s),
            ..
        } => Some(format!("did you mean `{s}`?")),
        Error::NoSuchRecord { .. } => Some("`cto-plan list` shows every record".into()),
        Error::AmbiguousRecord { reference, .. } => Some(format!("write it as `KIND/{reference}`")),
        Error::AlreadyExists { .. } => {
            Some("nothing was overwritten: pick another name or an empty folder".into())
        }
        Error::Edit { hint, .. } => hint.clone(),
        _ => None,
    }
}

/// Reports an error on stderr, with its hint, and returns the exit code.
pub fn report(failure: &Failure) -> u8 {
    let red = anstyle::AnsiColor::Red.on_default().bold();
    let cyan = anstyle::AnsiColor::Cyan.on_default().bold();
    let mut stderr = anstream::stderr();
    // Messages name files, records and revisions from the plan: neutralised.
    let message = failure.to_string();
    let _ = writeln!(stderr, "{red}error{red:#}: {}", neutralise(&message));
    match failure {
        Failure::Plan(error) => {
            if let Some(hint) = hint(error) {
                let _ = writeln!(stderr, "{cyan}hint{cyan:#}: {}", neutralise(&hint));
            }
            exit_code(error)
        }
        Failure::Usage(_) => 2,
    }
}
