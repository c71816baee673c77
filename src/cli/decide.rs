//! `cto-plan decide`: accept, reject or deprecate a decision.

use cto_plan::edit::lifecycle::{self, Verdict};
use cto_plan::edit::{Assignment, Session, Target};
use cto_plan::model::Kind;
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Accept, reject or deprecate a decision: sets its status and the day decided.
///
/// Deprecating keeps the day it was first decided. An accepted or rejected
/// decision needs its `decision` text: give it with --decision when the
/// record has none yet. A verdict is not replaced unless --force: accepting
/// or rejecting a decision decided already, or deprecating one that is
/// rejected, deprecated or superseded, is refused, naming what it says.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The decision: `decision/id` or its bare id.
    reference: String,

    /// What happens to it.
    #[arg(value_enum)]
    verdict: VerdictArg,

    /// The day it was decided (default: today).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Option<Date>,

    /// What was decided, written to the `decision` field.
    #[arg(long, value_name = "TEXT")]
    decision: Option<String>,

    #[command(flatten)]
    write: WriteArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum VerdictArg {
    /// Status "accepted".
    Accept,
    /// Status "rejected".
    Reject,
    /// Status "deprecated": no longer followed, not replaced.
    Deprecate,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let record = find(session.baseline(), &args.reference, Kind::Decision)?;
    let verdict = match args.verdict {
        VerdictArg::Accept => Verdict::Accept,
        VerdictArg::Reject => Verdict::Reject,
        VerdictArg::Deprecate => Verdict::Deprecate,
    };
    let mut changes = lifecycle::decide(
        record,
        verdict,
        args.on.unwrap_or(ctx.today),
        args.write.force,
    )?;
    if let Some(text) = &args.decision {
        changes.push(Assignment::set("decision", text.clone()));
    }
    let target = Target::from(record);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let word = match verdict {
        Verdict::Accept => "accept",
        Verdict::Reject => "reject",
        Verdict::Deprecate => "deprecate",
    };
    let message = format!("plan: {word} {}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}
