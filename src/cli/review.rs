//! `cto-plan review`: the quarterly review, from the plan's git history.

use std::path::PathBuf;

use cto_plan::Error;
use cto_plan::model::Quarter;
use cto_plan::render::review as render;
use cto_plan::review;
use cto_plan::scaffold::template;
use cto_plan::store::write;

use super::error::Failure;
use super::{Context, HistoryProgress, Outcome, print, print_exact};

/// Write the quarterly review: what shipped and slipped, decisions, team and
/// hiring, budget plan vs actual, risks, objectives, outlook and activity.
///
/// Compares the plan as the quarter began with the plan as it ended, and uses
/// every commit in between; every item cites the commit (and pull request)
/// that caused it. The default quarter is the last complete one.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The quarter to review, such as 2026-Q3.
    #[arg(long)]
    quarter: Option<Quarter>,

    /// Render with this minijinja template instead of the built-in one
    /// (`--format json` shows the context it receives).
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,

    /// Write the review to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Review the history of this revision instead of HEAD.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    rev: String,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For GitHub, GitLab or any Markdown viewer (with Mermaid charts).
    Markdown,
    /// Exactly the context templates receive (docs/review.md).
    Json,
    /// Plain text for a terminal.
    Text,
    /// One self-contained page (styles and SVG charts inline, no script),
    /// for a browser, a projector or "print to PDF".
    Html,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    if args.template.is_some() && matches!(args.format, Format::Json) {
        return Err(Failure::Usage(
            "--format json prints the template's context: it takes no --template".into(),
        ));
    }
    // Paths on the command line are relative to -C, like -o; read the template
    // before the history, so a mistyped path fails at once.
    let template = match &args.template {
        Some(path) => {
            let path = if path.is_relative() {
                ctx.start.join(path)
            } else {
                path.clone()
            };
            let source = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            Some((path.display().to_string(), source))
        }
        None => None,
    };
    let layout = ctx.layout()?;
    let repo = ctx.repository()?;
    let head = ctx.start_revision(&args.rev)?.id;
    let progress = HistoryProgress::new();
    let mut report = |walked: usize, found: usize| progress.update(walked, found);
    let review = review::cached::review(
        repo,
        &layout,
        head,
        args.quarter,
        ctx.today,
        Some(&mut report),
    )?;
    progress.finish();
    let text = render_review(
        &review,
        args.format,
        template
            .as_ref()
            .map(|(name, source)| (name.as_str(), source.as_str())),
    )?;
    match &args.output {
        Some(path) => {
            let path = if path.is_relative() {
                ctx.start.join(path)
            } else {
                path.clone()
            };
            write::write_atomic(&path, text.as_bytes(), write::Existing::Replace)?;
        }
        // Machine formats keep every character: HTML is escaped already.
        None if matches!(args.format, Format::Json | Format::Html) => print_exact(&text)?,
        None => print(&text)?,
    }
    Ok(Outcome::Clean)
}

/// Renders a review in a format, with the user's template (its name as the
/// user gave it, and its text) when given.
pub fn render_review(
    review: &review::Review,
    format: Format,
    user_template: Option<(&str, &str)>,
) -> Result<String, Error> {
    if let Format::Json = format {
        return Ok(render::json(review));
    }
    match user_template {
        Some((name, source)) => render::render(review, name, source),
        None => {
            let name = match format {
                Format::Text => "review.txt.j2",
                Format::Html => "review.html.j2",
                _ => "review.md.j2",
            };
            render::render(review, name, template(name).unwrap_or_default())
        }
    }
}
