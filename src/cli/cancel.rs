//! `cto-plan cancel`: mark an initiative cancelled.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::Kind;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Mark an initiative cancelled: `status = "cancelled"`.
///
/// Refused when it is cancelled already, and for a shipped initiative
/// unless --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The initiative: `initiative/id` or its bare id.
    reference: String,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let record = find(session.baseline(), &args.reference, Kind::Initiative)?;
    let changes = lifecycle::cancel(record, args.write.force)?;
    let target = Target::from(record);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: cancel {}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}
