//! `cto-plan person`: changes in a person's life at the organisation:
//! joining, moving between teams, leaving.

use cto_plan::edit::new::{self as templates, Draft};
use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::{Kind, Plan};
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome, print};

/// Record changes to a person: `person join`, `person move`, `person leave`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: PersonCommand,
}

#[derive(Debug, clap::Subcommand)]
enum PersonCommand {
    Join(JoinArgs),
    Move(MoveArgs),
    Leave(LeaveArgs),
}

/// Record that a person joins: their first day, and their team.
///
/// For someone not on record yet, adds them (give --name and --role; the id
/// is made from the name when none is given). For someone on record, sets
/// `joined` (and `team`); refused when they joined on another day unless
/// --force, and for someone who has left.
#[derive(Debug, clap::Args)]
struct JoinArgs {
    /// The person: `person/id` or their bare id; for a newcomer, the new id.
    reference: Option<String>,

    /// Their first day (default: today).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Option<Date>,

    /// The team they join.
    #[arg(long, value_name = "TEAM")]
    team: Option<String>,

    /// A newcomer's full name.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,

    /// A newcomer's job title, such as "Staff Engineer".
    #[arg(long, value_name = "TITLE")]
    role: Option<String>,

    #[command(flatten)]
    write: WriteArgs,
}

/// Move a person to another team: sets `team`.
///
/// Refused when they are in that team already, and for someone who has left.
#[derive(Debug, clap::Args)]
struct MoveArgs {
    /// The person: `person/id` or their bare id.
    reference: String,

    /// The team they move to.
    #[arg(long, value_name = "TEAM")]
    to: String,

    #[command(flatten)]
    write: WriteArgs,
}

/// Record that a person leaves, and list what they still own.
///
/// Sets `left` to their last day. Then lists the records they still own,
/// lead or manage, and the open decisions they are to decide, which need
/// someone else. Someone who has a last day already keeps it unless --force.
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
        PersonCommand::Join(args) => join(ctx, args),
        PersonCommand::Move(args) => move_to(ctx, args),
        PersonCommand::Leave(args) => leave(ctx, args),
    }
}

fn join(ctx: &Context, args: JoinArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let on = args.on.unwrap_or(ctx.today);
    let team = match &args.team {
        Some(team) => Some(find(session.baseline(), team, Kind::Team)?),
        None => None,
    };
    let known = args
        .reference
        .as_deref()
        .and_then(|r| session.plan().get(Kind::Person, Plan::bare_id(r)));
    let (changes, target) = match (known, &args.name, &args.role) {
        (Some(person), _, _) => (
            lifecycle::join(person, on, team, args.write.force)?,
            Target::from(person),
        ),
        (None, Some(name), Some(role)) => {
            let id = match &args.reference {
                Some(reference) => Plan::bare_id(reference).to_owned(),
                None => templates::id_for(Kind::Person, Some(name), &[], ctx.today)?,
            };
            let text = templates::render(
                &layout.root,
                &Draft {
                    kind: Kind::Person,
                    id: &id,
                    title: Some(name),
                    today: on,
                    config: &session.plan().config,
                },
            )?;
            let changes = lifecycle::newcomer(role, on, team)?;
            (changes, session.create(Kind::Person, &id, text)?)
        }
        (None, _, _) => {
            let who = args.reference.as_deref().unwrap_or_default();
            let meant = session
                .plan()
                .suggest(who, Some(Kind::Person))
                .map_or_else(String::new, |p| {
                    format!(" (or did you mean `{}`, {}?)", p.id, p.title())
                });
            return Err(Failure::Usage(format!(
                "person join: {} is not on record: give --name and --role to add them{meant}",
                if who.is_empty() { "the newcomer" } else { who }
            )));
        }
    };
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: {} joins on {on}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}

fn move_to(ctx: &Context, args: MoveArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let person = find(session.baseline(), &args.reference, Kind::Person)?;
    let team = find(session.baseline(), &args.to, Kind::Team)?;
    let changes = lifecycle::move_to(person, team, ctx.today)?;
    let message = format!("plan: move {} to {}", person.reference(), team.reference());
    let target = Target::from(person);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    land(ctx, &layout, &session, &args.write, &message)
}

fn leave(ctx: &Context, args: LeaveArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let person = find(session.baseline(), &args.reference, Kind::Person)?;
    let changes = lifecycle::leave(person, args.on, args.write.force)?;
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
