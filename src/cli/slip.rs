//! `cto-plan slip`: move an initiative to a later quarter.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::{Kind, Quarter};

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Move an initiative's target quarter later.
///
/// Only later: an earlier or the same quarter is refused (pull an
/// initiative in with `cto-plan set ID quarter=…`). A shipped or cancelled
/// initiative slips only with --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The initiative: `initiative/id` or its bare id.
    reference: String,

    /// The new quarter, later than its current one (2027-Q2).
    #[arg(long, value_name = "QUARTER", value_parser = parse_quarter)]
    to: Quarter,

    #[command(flatten)]
    write: WriteArgs,
}

fn parse_quarter(text: &str) -> Result<Quarter, String> {
    text.parse::<Quarter>().map_err(|e| e.to_string())
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let record = find(session.baseline(), &args.reference, Kind::Initiative)?;
    let changes = lifecycle::slip(record, args.to, args.write.force)?;
    let target = Target::from(record);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: slip {} to {}", target.reference(), args.to);
    land(ctx, &layout, &session, &args.write, &message)
}
