//! `cto-plan supersede`: replace one decision by another, in both records.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::Kind;
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Record that a newer decision replaces an older one.
///
/// Sets the old decision's status to "superseded" (with a decided day when it
/// has none) and adds it to the new decision's `supersedes`, so the two
/// records agree. Both files are checked together before either is written.
/// A decision that is superseded already, or rejected, is refused unless
/// --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The decision being replaced.
    old: String,

    /// The decision that replaces it.
    #[arg(long, value_name = "NEW")]
    by: String,

    /// The day, when the old decision has no decided day (default: today).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Option<Date>,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let old = find(session.baseline(), &args.old, Kind::Decision)?;
    let new = find(session.baseline(), &args.by, Kind::Decision)?;
    let (old_changes, new_changes) =
        lifecycle::supersede(old, new, args.on.unwrap_or(ctx.today), args.write.force)?;
    let (old, new) = (Target::from(old), Target::from(new));
    for change in &old_changes {
        session.apply(&old, change, ctx.today)?;
    }
    for change in &new_changes {
        session.apply(&new, change, ctx.today)?;
    }
    let message = format!("plan: supersede {} by {}", old.reference(), new.reference());
    land(ctx, &layout, &session, &args.write, &message)
}
