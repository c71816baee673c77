//! `cto-plan diff`: what changed in the plan, in planning terms.

use cto_plan::history::capacity_delta::capacity_delta;
use cto_plan::history::changed::diff_endpoints;
use cto_plan::model::Kind;
use cto_plan::render::diff as render;

use super::error::Failure;
use super::{Context, Outcome, print, print_exact, stdout_colored};

/// Show what changed in the plan between two revisions, or a revision and the working tree.
///
/// With no revision, compares HEAD with the working tree; with one, that
/// revision with the working tree; with two, the two. `A..B` compares A with
/// B; `A...B` compares B with its merge base with A, as a pull request shows.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older side (default HEAD, or --at): a revision, a date, a quarter, or a range `A..B` / `A...B`.
    from: Option<String>,

    /// The newer side (default: the working tree).
    to: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Only changes to records of this kind.
    #[arg(long, value_parser = super::KindParser)]
    kind: Option<Kind>,

    /// Only the summary and one line per record.
    #[arg(long)]
    stat: bool,

    /// Exit 1 when there are differences, as `git diff --exit-code` does.
    #[arg(long)]
    exit_code: bool,

    /// Leave out what the change does to capacity (the team loads it moves
    /// and the key-person risks it adds), which reads every person, team,
    /// role and initiative of both sides.
    #[arg(long)]
    no_capacity: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// For a terminal.
    Text,
    /// For a pull-request comment or job summary, kept under GitHub's comment limit.
    Markdown,
    /// Structured, as documented in docs/json.md.
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let repo = ctx.repository()?;
    // `--at WHEN` is the older side when no FROM is given.
    if args.from.is_some() && ctx.at.is_some() {
        return Err(Failure::Usage("give either FROM or --at, not both".into()));
    }
    let (from, to) =
        ctx.revisions()?
            .endpoints(args.from.as_deref(), args.to.as_deref(), ctx.at.as_ref())?;
    let mut diff = diff_endpoints(&layout, repo, &from, &to)?;
    if !args.no_capacity {
        let cache = super::cache();
        diff.capacity = capacity_delta(&layout, repo, &from, &to, &diff, ctx.today, &cache)?;
    }
    if let Some(kind) = args.kind {
        diff.changes.retain(|c| c.kind == kind);
    }
    let text = match args.format {
        Format::Text => render::text(&diff, stdout_colored(), args.stat),
        Format::Markdown => render::markdown(&diff, render::GITHUB_COMMENT_LIMIT),
        Format::Json => render::json(&diff),
    };
    if matches!(args.format, Format::Json) {
        print_exact(&text)?;
    } else {
        print(&text)?;
    }
    Ok(if args.exit_code && !diff.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
