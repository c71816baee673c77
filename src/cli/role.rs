//! `cto-plan role`: changes to an open position.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::Kind;
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Record changes to an open role: `role fill`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RoleCommand,
}

#[derive(Debug, clap::Subcommand)]
enum RoleCommand {
    Fill(FillArgs),
}

/// Mark a role filled by a person: status, the day, and `hire`.
///
/// The person must have a record already (`cto-plan new person`).
#[derive(Debug, clap::Args)]
struct FillArgs {
    /// The role: `role/id` or its bare id.
    reference: String,

    /// The person who took the role.
    #[arg(long, value_name = "PERSON")]
    by: String,

    /// The day the offer was accepted (default: today).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Option<Date>,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    match args.command {
        RoleCommand::Fill(args) => fill(ctx, args),
    }
}

fn fill(ctx: &Context, args: FillArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let role = find(session.baseline(), &args.reference, Kind::Role)?;
    let person = find(session.baseline(), &args.by, Kind::Person)?;
    let changes = lifecycle::fill(role, person, args.on.unwrap_or(ctx.today))?;
    let message = format!("plan: fill {} by {}", role.reference(), person.reference());
    let target = Target::from(role);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    land(ctx, &layout, &session, &args.write, &message)
}
