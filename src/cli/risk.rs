//! `cto-plan risk`: changes to an entry of the risk register.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::Kind;
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Record changes to a risk: `risk close`, `risk rescore`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RiskCommand,
}

#[derive(Debug, clap::Subcommand)]
enum RiskCommand {
    Close(CloseArgs),
    Rescore(RescoreArgs),
}

/// Close a risk: `status = "closed"` and the day it closed.
///
/// A closed risk is closed again only with --on, which changes the day.
#[derive(Debug, clap::Args)]
struct CloseArgs {
    /// The risk: `risk/id` or its bare id.
    reference: String,

    /// The day it closed (default: today).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Option<Date>,

    #[command(flatten)]
    write: WriteArgs,
}

/// Score a risk again: its likelihood, its impact, or both (1 to 5).
///
/// Refused when the scores are what the risk says already, and for a
/// closed risk unless --force.
#[derive(Debug, clap::Args)]
#[command(
    group = clap::ArgGroup::new("score").required(true).multiple(true),
    // The score group makes clap spell both flags in the usage line, past 80 columns.
    override_usage = "cto-plan risk rescore <REFERENCE> [--likelihood N] [--impact N] [OPTIONS]"
)]
struct RescoreArgs {
    /// The risk: `risk/id` or its bare id.
    reference: String,

    /// 1 (rare) to 5 (almost certain).
    #[arg(long, value_name = "N", group = "score", value_parser = clap::value_parser!(u8).range(1..=5))]
    likelihood: Option<u8>,

    /// 1 (minor) to 5 (severe).
    #[arg(long, value_name = "N", group = "score", value_parser = clap::value_parser!(u8).range(1..=5))]
    impact: Option<u8>,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    match args.command {
        RiskCommand::Close(args) => close(ctx, args),
        RiskCommand::Rescore(args) => rescore(ctx, args),
    }
}

fn close(ctx: &Context, args: CloseArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let risk = find(session.baseline(), &args.reference, Kind::Risk)?;
    let changes = lifecycle::close(risk, args.on.unwrap_or(ctx.today), args.on.is_some())?;
    let target = Target::from(risk);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: close {}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}

fn rescore(ctx: &Context, args: RescoreArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let risk = find(session.baseline(), &args.reference, Kind::Risk)?;
    let changes = lifecycle::rescore(risk, args.likelihood, args.impact, args.write.force)?;
    let target = Target::from(risk);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: rescore {}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}
