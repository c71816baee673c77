//! `cto-plan ship`: mark an initiative shipped.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::Kind;
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Mark an initiative shipped: `status = "shipped"` and the day it shipped.
///
/// A shipped initiative ships again only with --on, which changes the day;
/// a cancelled one only with --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The initiative: `initiative/id` or its bare id.
    reference: String,

    /// The day it shipped (default: today).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Option<Date>,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let record = find(session.baseline(), &args.reference, Kind::Initiative)?;
    // Shipping twice would quietly move the day it shipped to today.
    if record.status() == Some("shipped") && args.on.is_none() {
        let on = record
            .fields
            .date("shipped")
            .map_or_else(String::new, |d| format!(" on {d}"));
        return Err(Failure::Usage(format!(
            "{} shipped already{on}: pass --on DATE to change the day it shipped",
            record.reference()
        )));
    }
    let changes = lifecycle::ship(record, args.on.unwrap_or(ctx.today), args.write.force)?;
    let target = Target::from(record);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: ship {}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}
