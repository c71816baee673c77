//! Errors that stop a command: the environment, not the plan's content.
//!
//! Problems inside plan files are findings (`diagnostic`), never errors. Each
//! error names what failed: the path, revision word, template or edit
//! involved. Exit codes and hints are the command line's (`cli::error`):
//! nothing here knows how a process ends. This is a bottom layer: it imports
//! nothing from the crate (a kind is named by its text).

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

    /// A quarter or date whose day cannot be computed.
    #[error("{message}")]
    DateOutOfRange { word: String, message: String },

    /// A revision word shaped like a date or a quarter that is neither.
    #[error("'{word}' is neither a date (YYYY-MM-DD) nor a quarter (YYYY-Qn, n from 1 to 4)")]
    NotADateOrQuarter { word: String },

    /// The working tree given as the older side of a diff.
    #[error("the working tree can only be the newer side of a diff")]
    WorktreeAsOlderSide,

    /// A kind name that is not one (the message lists the kinds).
    #[error("{0}")]
    UnknownKind(String),

    /// A template (the user's or a built-in one) that failed to render;
    /// `template` is its name, with `:line` when known.
    #[error("{template}: template error: {message}")]
    Template { template: String, message: String },

    /// A built-in template that failed to render: the build is broken.
    #[error("template {name}: {message}")]
    BuiltInTemplate { name: String, message: String },

    /// A built-in template missing from this build.
    #[error("no built-in template {name}: this build of cto-plan is incomplete")]
    MissingTemplate { name: String },

    /// A write the store refuses to make.
    #[error("refusing to write inside .git: {path}")]
    WriteInsideGit { path: PathBuf },

    /// A new record with neither an id nor a title to make one from.
    #[error("a new {kind} needs an id, or a title to make one from")]
    NoNewId { kind: String },

    /// A new record of a kind named by its quarter (a budget), without one.
    #[error("a new {kind} is named by its quarter, and none was given")]
    QuarterNamesIt { kind: String },

    /// A title that yields no usable id.
    #[error("cannot make an id from the title \"{title}\"")]
    NoIdFromTitle { kind: String, title: String },

    /// A change that is not `FIELD=VALUE`, `FIELD+=ITEM` or `FIELD-=ITEM`.
    #[error("'{text}' is not a change: write FIELD=VALUE, FIELD+=ITEM or FIELD-=ITEM")]
    NotAChange { text: String },

    /// A change that names no field.
    #[error("'{text}' names no field: write FIELD=VALUE, such as status=active")]
    NoField { text: String },

    /// A field path with characters no field has.
    #[error(
        "'{field}' is not a field path: use keys of letters, digits, '-' and '_', joined by dots (milestone.beta.done)"
    )]
    BadFieldPath { field: String },

    /// Committing an edit outside git.
    #[error("committing needs a git repository, and {root} is not in one")]
    CommitNeedsGit { root: PathBuf },

    /// Committing while git is in the middle of something (`state`: a merge,
    /// a rebase …).
    #[error("cannot commit: the repository is in the middle of a {state}")]
    RepositoryBusy { state: String },

    /// Committing without a git identity.
    #[error("cannot commit: git does not know who you are")]
    NoGitIdentity,

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
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
