//! `cto-plan role`: changes to an open position: opening, filling,
//! cancelling.

use cto_plan::edit::new::{self as templates, Draft};
use cto_plan::edit::{Assignment, Session, Target, lifecycle};
use cto_plan::model::{Kind, Plan};
use jiff::civil::Date;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Record changes to an open role: `role open`, `role fill`, `role cancel`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RoleCommand,
}

#[derive(Debug, clap::Subcommand)]
enum RoleCommand {
    Open(OpenArgs),
    Fill(FillArgs),
    Cancel(CancelArgs),
}

/// Open a role: a new one (give --title and --team), or a cancelled one again.
///
/// A new role gets `status = "open"` and `opened`; the id is made from the
/// title when none is given. Reopening a cancelled role sets its status back
/// to open and `opened` to the day. A role that is open or being filled is
/// open already, and a filled one stays filled.
#[derive(Debug, clap::Args)]
struct OpenArgs {
    /// The role: `role/id` or its bare id; for a new role, the new id.
    reference: Option<String>,

    /// A new role's title, such as "Senior SRE".
    #[arg(long, value_name = "TITLE")]
    title: Option<String>,

    /// A new role's hiring team.
    #[arg(long, value_name = "TEAM")]
    team: Option<String>,

    /// The day it opens (default: today).
    #[arg(value_parser = super::parse_date, long, value_name = "DATE")]
    on: Option<Date>,

    #[command(flatten)]
    write: WriteArgs,
}

/// Cancel a role: `status = "cancelled"`.
///
/// Refused when it is cancelled already, and for a filled role unless --force.
#[derive(Debug, clap::Args)]
struct CancelArgs {
    /// The role: `role/id` or its bare id.
    reference: String,

    #[command(flatten)]
    write: WriteArgs,
}

/// Mark a role filled by a person: status, the day, and `hire`.
///
/// The person must have a record already (`cto-plan new person`). A filled
/// role keeps its hire and a cancelled one stays cancelled unless --force.
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
        RoleCommand::Open(args) => open(ctx, args),
        RoleCommand::Fill(args) => fill(ctx, args),
        RoleCommand::Cancel(args) => cancel(ctx, args),
    }
}

fn open(ctx: &Context, args: OpenArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let on = args.on.unwrap_or(ctx.today);
    let known = args
        .reference
        .as_deref()
        .and_then(|r| session.plan().get(Kind::Role, Plan::bare_id(r)));
    let (changes, target, verb) = match (known, &args.title, &args.team) {
        (Some(role), None, None) => (lifecycle::reopen(role, on)?, Target::from(role), "reopen"),
        (Some(role), _, _) => {
            return Err(Failure::Usage(format!(
                "{} exists already: --title and --team are for a new role (change it with `cto-plan set {} FIELD=VALUE`)",
                role.reference(),
                role.id
            )));
        }
        (None, Some(title), Some(team)) => {
            let team = find(session.baseline(), team, Kind::Team)?;
            lifecycle::expect_kind(team, Kind::Team, "role open --team")?;
            let team = team.id.clone();
            let id = match &args.reference {
                Some(reference) => Plan::bare_id(reference).to_owned(),
                None => templates::id_for(Kind::Role, Some(title), &[], ctx.today)?,
            };
            let text = templates::render(
                &layout.root,
                &Draft {
                    kind: Kind::Role,
                    id: &id,
                    title: Some(title),
                    today: on,
                    config: &session.plan().config,
                },
            )?;
            let target = session.create(Kind::Role, &id, text)?;
            (vec![Assignment::set("team", team)], target, "open")
        }
        (None, _, _) => {
            let which = args.reference.as_deref().unwrap_or_default();
            let meant = session
                .plan()
                .suggest(which, Some(Kind::Role))
                .map_or_else(String::new, |r| {
                    format!(" (or did you mean `{}`, {}?)", r.id, r.title())
                });
            return Err(Failure::Usage(format!(
                "role open: {} is not on record: give --title and --team to open a new role{meant}",
                if which.is_empty() { "the role" } else { which }
            )));
        }
    };
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: {verb} {}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}

fn cancel(ctx: &Context, args: CancelArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let role = find(session.baseline(), &args.reference, Kind::Role)?;
    let changes = lifecycle::cancel_role(role, args.write.force)?;
    let target = Target::from(role);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: cancel {}", target.reference());
    land(ctx, &layout, &session, &args.write, &message)
}

fn fill(ctx: &Context, args: FillArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let role = find(session.baseline(), &args.reference, Kind::Role)?;
    let person = find(session.baseline(), &args.by, Kind::Person)?;
    let changes = lifecycle::fill(role, person, args.on.unwrap_or(ctx.today), args.write.force)?;
    let message = format!("plan: fill {} by {}", role.reference(), person.reference());
    let target = Target::from(role);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    land(ctx, &layout, &session, &args.write, &message)
}
