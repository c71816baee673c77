//! Errors that stop a command: the environment, not the plan's content.
//!
//! Problems inside plan files are findings (`diagnostic`), never errors. Each
//! error names the path or revision involved and can say what to do next.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no plan found: neither {start} nor any folder above it holds cto-plan.toml")]
    PlanNotFound { start: PathBuf },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path} is not inside a git repository")]
    NotInGit { path: PathBuf },

    #[error("the repository has no commits yet, so there is no '{rev}' to read")]
    NoCommits { rev: String },

    #[error("unknown revision '{rev}': {message}")]
    UnknownRevision { rev: String, message: String },

    #[error("revision '{rev}' has no plan at '{prefix}' (no cto-plan.toml there)")]
    NoPlanAtRevision { rev: String, prefix: String },

    #[error("{path} is a bare repository: it has no working tree to read")]
    BareRepository { path: PathBuf },

    #[error("git: {0}")]
    Git(#[from] git2::Error),

    #[error("{path} exists already")]
    AlreadyExists { path: PathBuf },

    #[error("no record '{reference}' in the plan")]
    NoSuchRecord {
        reference: String,
        suggestion: Option<String>,
    },

    #[error("'{reference}' is ambiguous: it names a {kinds}")]
    AmbiguousRecord { reference: String, kinds: String },

    #[error("{0}")]
    Usage(String),

    /// An edit that cannot be made: `location` is a file, `file:line`, or
    /// what was typed.
    #[error("{location}: {message}")]
    Edit {
        location: String,
        message: String,
        hint: Option<String>,
    },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// What the user can do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::PlanNotFound { .. } => {
                Some("run `cto-plan init` to start a plan here, or pass `-C DIR` to point at one".into())
            }
            Error::NotInGit { .. } => Some(
                "this reads the plan's git history: keep the plan in a git repository (`git init`, then commit it), \
                 or drop `--rev`/`--at`"
                    .into(),
            ),
            Error::NoCommits { .. } => Some("commit the plan first: `git add -A && git commit -m \"Start the plan\"`".into()),
            Error::UnknownRevision { .. } => {
                Some("name a branch, tag or commit that exists (`git log --oneline` lists them); in a shallow clone, fetch more history".into())
            }
            Error::NoPlanAtRevision { .. } => Some("the plan did not exist yet at that revision, or lived in another folder".into()),
            Error::BareRepository { .. } => Some("pass `--rev REV` to read a revision from it".into()),
            Error::NoSuchRecord { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            Error::NoSuchRecord { .. } => Some("`cto-plan list` shows every record".into()),
            Error::AmbiguousRecord { reference, .. } => Some(format!("write it as `KIND/{reference}`")),
            Error::AlreadyExists { .. } => Some("nothing was overwritten: pick another name or an empty folder".into()),
            Error::Edit { hint, .. } => hint.clone(),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
