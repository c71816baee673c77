//! `cto-plan person`: changes in a person's life at the organisation.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::Kind;
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome, print};

/// Record changes to a person: `person leave`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: PersonCommand,
}

#[derive(Debug, clap::Subcommand)]
enum PersonCommand {
    Leave(LeaveArgs),
}

/// Record that a person leaves, and list what they still own.
///
/// Sets `left` to their last day. Then lists the records they still own,
/// lead or manage, and the open decisions they are to decide, which need
/// someone else.
#[derive(Debug, clap::Args)]
struct LeaveArgs {
    /// The person: `person/id` or their bare id.
    reference: String,

    /// Their last day.
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Date,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    match args.command {
        PersonCommand::Leave(args) => leave(ctx, args),
    }
}

fn leave(ctx: &Context, args: LeaveArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let person = find(session.baseline(), &args.reference, Kind::Person)?;
    let changes = lifecycle::leave(person, args.on)?;
    let target = Target::from(person);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: {} leaves on {}", target.reference(), args.on);
    let outcome = land(ctx, &layout, &session, &args.write, &message)?;
    if let Outcome::Clean = outcome {
        let Some(person) = session.plan().get(target.kind, &target.id) else {
            return Ok(outcome);
        };
        let owned = lifecycle::still_owned(session.plan(), person);
        let text = if owned.is_empty() {
            format!("{} owns nothing that is still open\n", target.reference())
        } else {
            let mut text = format!(
                "{} still owns {} that will need someone else:\n",
                target.reference(),
                cto_plan::render::count(owned.len(), "record")
            );
            for (record, field) in owned {
                text.push_str(&format!(
                    "  {}  ({field})  {}\n",
                    record.reference(),
                    record.title()
                ));
            }
            text
        };
        print(&text)?;
    }
    Ok(outcome)
}
