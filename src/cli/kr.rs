//! `cto-plan kr`: changes to an objective's key results.

use cto_plan::edit::{Session, Target, lifecycle};
use cto_plan::model::Kind;

use super::error::Failure;
use super::set::{WriteArgs, find, land};
use super::{Context, Outcome};

/// Record changes to key results: `kr update`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: KrCommand,
}

#[derive(Debug, clap::Subcommand)]
enum KrCommand {
    Update(UpdateArgs),
}

/// Record a key result's latest value: sets `key_result.KEY.current`.
///
/// Refused for a key the objective does not have, when the value is there
/// already, and for an achieved, missed or dropped objective unless --force.
#[derive(Debug, clap::Args)]
struct UpdateArgs {
    /// The objective: `objective/id` or its bare id.
    objective: String,

    /// The key result, as in `[key_result.KEY]`.
    key: String,

    /// The latest value, a number.
    #[arg(allow_negative_numbers = true)]
    value: String,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    match args.command {
        KrCommand::Update(args) => update(ctx, args),
    }
}

fn update(ctx: &Context, args: UpdateArgs) -> Result<Outcome, Failure> {
    let value: f64 = args
        .value
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "'{}' is not a number: write the value as 180 or 99.5",
                args.value
            ))
        })?;
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let objective = find(session.baseline(), &args.objective, Kind::Objective)?;
    let changes =
        lifecycle::update_key_result(objective, &args.key, value, &args.value, args.write.force)?;
    let target = Target::from(objective);
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!(
        "plan: update {} key result {} to {}",
        target.reference(),
        args.key,
        args.value
    );
    land(ctx, &layout, &session, &args.write, &message)
}
