//! `cto-plan log`: the field-level history of a record, a kind or the plan.

use cto_plan::Error;
use cto_plan::history::{self, WalkOptions, audit};
use cto_plan::model::{Kind, Plan};
use cto_plan::render::history as render;
use cto_plan::store::git::Revision;
use jiff::civil::Date;

use super::error::Failure;
use super::{Context, HistoryProgress, Outcome, print, print_exact, stdout_colored};

/// Show the history of a record, of a kind, or of the whole plan, newest first.
///
/// Like `git log -p`, in planning terms: each commit on the main line with its
/// author, date and pull request, and what it changed ("status proposed →
/// accepted", "superseded by decision/use-kafka"). A record is followed across
/// renames.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record (`kind/id`, or an id that is unique); without it, every record.
    reference: Option<String>,

    /// Only records of this kind.
    #[arg(long, value_parser = super::KindParser)]
    kind: Option<Kind>,

    /// Only commits made on or after this day (YYYY-MM-DD).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    since: Option<Date>,

    /// Only commits made on or before this day (YYYY-MM-DD).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    until: Option<Date>,

    /// Start from this revision instead of HEAD.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    rev: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let repo = ctx.repository()?;
    let start = ctx.start_revision(&args.rev)?;
    let head = start.id;
    let revision = Revision::of(repo, &layout, &start)?;
    let currency = audit::config_at(&revision)?.currency;
    let progress = HistoryProgress::new();
    let mut report = |walked: usize, found: usize| progress.update(walked, found);

    // The record asked for: by its file when it still exists (found by name,
    // nothing parsed), else (deleted since) by kind and id through the whole history.
    let target: Option<(Kind, String, Option<String>)> = match &args.reference {
        None => None,
        Some(reference) => match audit::locate(&revision, reference)? {
            Some((kind, id, path)) => Some((kind, id, Some(path))),
            None => {
                let Some((kind, id)) = reference.split_once('/') else {
                    return Err(Error::NoSuchRecord {
                        reference: reference.clone(),
                        suggestion: audit::suggest(&revision, reference),
                    }
                    .into());
                };
                Some((
                    kind.parse::<Kind>().map_err(Error::UnknownKind)?,
                    Plan::bare_id(id).to_owned(),
                    None,
                ))
            }
        },
    };
    let history = match &target {
        Some((kind, id, Some(path))) => {
            audit::record_history(repo, &layout, head, *kind, id, path)?
        }
        _ => history::walk(
            repo,
            &layout,
            head,
            WalkOptions {
                since: args.since,
                progress: Some(&mut report),
                main_line: None,
            },
        )?,
    };
    progress.finish();
    if let Some(warning) = history.shallow_warning() {
        super::warn(&warning);
    }
    let entries = match &target {
        Some((kind, id, _)) => audit::changes_of_record(&history, *kind, id),
        None => audit::changes_of_kind(&history, args.kind),
    };
    let entries: Vec<audit::Entry<'_>> = entries
        .into_iter()
        .filter(|e| audit::within(e.commit, args.since, args.until))
        .filter(|e| args.kind.is_none_or(|k| e.change.kind == k))
        .collect();
    let text = match args.format {
        Format::Text => render::log_text(&entries, &currency, stdout_colored()),
        Format::Markdown => render::log_markdown(&entries, &currency),
        Format::Json => render::log_json(&entries, &currency),
    };
    if matches!(args.format, Format::Json) {
        print_exact(&text)?;
    } else {
        print(&text)?;
    }
    Ok(Outcome::Clean)
}
