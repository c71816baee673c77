//! `cto-plan export csv|ics|json`: the plan for spreadsheets, calendars and
//! scripts (docs/export.md).
//!
//! The formats are the library's (`cto_plan::export`); this file picks the
//! plan (`--at`, `--rev`), the day and the time stamp, and where the text
//! goes: stdout exactly as made, or a file written atomically with `-o`.

use std::path::PathBuf;

use cto_plan::export;
use cto_plan::history::commit::CommitInfo;
use cto_plan::model::Kind;
use cto_plan::store::write::{Existing, write_atomic};

use super::error::Failure;
use super::{Context, Outcome, print, print_exact};

/// Export the plan: one kind as a spreadsheet (CSV), what falls due as a
/// calendar (iCalendar), or the whole plan as one JSON document.
///
/// Output goes to stdout, or with -o to a file (written whole or not at
/// all). See docs/export.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Format {
    /// One row per record of a kind, one column per field (named as in the
    /// files; lists joined with "; ").
    ///
    /// Text that a spreadsheet would run as a formula (starting with =, +,
    /// -, @, a tab or a line break) gets a leading ' so that it stays text.
    Csv {
        /// The kind to export.
        #[arg(value_parser = super::KindParser)]
        kind: Kind,

        #[command(flatten)]
        output: Output,
    },
    /// A calendar of what falls due: decisions' and risks' review_by,
    /// milestones, open roles' start days and the quarterly reviews.
    ///
    /// Each event's UID names what it is (decision/ID/review_by@PLAN.cto-plan),
    /// so importing the file again updates the events instead of adding
    /// them twice.
    Ics {
        #[command(flatten)]
        output: Output,
    },
    /// The whole plan as one JSON document (docs/json.md).
    Json {
        #[command(flatten)]
        output: Output,
    },
}

/// Where the export is read from and written to.
#[derive(Debug, clap::Args)]
struct Output {
    /// Write to FILE instead of stdout (a relative path is taken from -C).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,

    /// Read the plan as of a git revision.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let output = match &args.format {
        Format::Csv { output, .. } | Format::Ics { output } | Format::Json { output } => output,
    };
    let (_, loaded) = ctx.load(output.rev.as_deref())?;
    let plan = &loaded.plan;
    let revision = commit(ctx, output.rev.as_deref())?;
    let text = match &args.format {
        Format::Csv { kind, .. } => export::csv::csv(plan, *kind),
        Format::Ics { .. } => {
            // Reproducible: the calendar is stamped with the commit it was
            // read from, or with the start of today for the working tree.
            let (today, stamp) = match &revision {
                Some(commit) => (commit.time.date(), commit.time.timestamp()),
                None => (ctx.today, midnight_utc(ctx.today)),
            };
            export::ics::ics(plan, today, stamp)
        }
        Format::Json { .. } => export::json::json(plan, revision.as_ref()),
    };
    unreadable_files(&loaded);
    match &output.output {
        None => print_exact(&text)?,
        Some(path) => {
            let path = if path.is_relative() {
                ctx.start.join(path)
            } else {
                path.clone()
            };
            write_atomic(&path, text.as_bytes(), Existing::Replace)?;
            print(&format!("wrote {}\n", path.display()))?;
        }
    }
    Ok(Outcome::Clean)
}

/// The commit the plan is read from (`--rev` or `--at`), `None` for the
/// working tree.
fn commit(ctx: &Context, rev: Option<&str>) -> Result<Option<CommitInfo>, Failure> {
    let resolved = match (rev, ctx.at_by_id()) {
        (Some(rev), _) => ctx.revisions()?.rev(rev)?,
        (None, Some(at)) => at,
        (None, None) => return Ok(None),
    };
    let repo = ctx.repository()?;
    let commit = repo
        .find_commit(resolved.id)
        .map_err(cto_plan::Error::from)?;
    Ok(Some(CommitInfo::from_commit(&commit)))
}

fn midnight_utc(day: jiff::civil::Date) -> jiff::Timestamp {
    day.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// Files that do not load are not in the export: say so, rather than hand
/// over a plan with records silently missing.
fn unreadable_files(loaded: &cto_plan::store::Loaded) {
    let mut broken: Vec<&str> = loaded
        .findings
        .iter()
        .filter(|f| f.severity() == cto_plan::diagnostic::Severity::Error)
        .map(|f| f.path.as_str())
        .filter(|path| !loaded.plan.records.iter().any(|r| r.path == *path))
        .collect();
    broken.sort_unstable();
    broken.dedup();
    if let [first, ..] = broken.as_slice() {
        super::warn(&format!(
            "{} file(s) could not be read and are not in the export, such as {first}: \
             `cto-plan check` says what to fix",
            broken.len()
        ));
    }
}
