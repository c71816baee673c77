//! `cto-plan blame`: which commit set each field's current value.

use cto_plan::Error;
use cto_plan::history::audit;
use cto_plan::render::history as render;
use cto_plan::store::git::Revision;

use super::error::Failure;
use super::{Context, Outcome, print, print_exact};

/// Show, for every field of a record, the commit, author and date that last set its current value.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: `kind/id`, or an id that is unique.
    reference: String,

    /// Blame the record as of this revision instead of HEAD.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    rev: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let repo = ctx.repository()?;
    let start = ctx.start_revision(&args.rev)?;
    let head = start.id;
    let revision = Revision::of(repo, &layout, &start)?;
    let not_found = || Error::NoSuchRecord {
        reference: args.reference.clone(),
        suggestion: audit::suggest(&revision, &args.reference),
    };
    let (kind, id, path) = audit::locate(&revision, &args.reference)?.ok_or_else(not_found)?;
    let record = audit::record_at(&revision, kind, &id, &path)?.ok_or_else(not_found)?;
    let history = audit::record_history(repo, &layout, head, kind, &id, &path)?;
    if let Some(warning) = history.shallow_warning() {
        super::warn(&warning);
    }
    let entries = audit::changes_of_record(&history, record.kind, &record.id);
    let lines = audit::blame(&record, &entries);
    let text = match args.format {
        Format::Text => render::blame_text(&record.reference(), record.title(), &lines),
        Format::Json => render::blame_json(&record.reference(), &lines),
    };
    if matches!(args.format, Format::Json) {
        print_exact(&text)?;
    } else {
        print(&text)?;
    }
    Ok(Outcome::Clean)
}
