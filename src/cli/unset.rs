//! `cto-plan unset`: remove fields of a record.

use cto_plan::edit::{Assignment, Session, Target};

use super::error::Failure;
use super::set::{WriteArgs, land};
use super::{Context, Outcome};

/// Remove fields or sub-tables of a record, keeping everything else as it is.
///
/// Takes field paths: `summary`, `estimate.weeks`, `milestone.beta` (the
/// whole milestone). Comment lines above a removed key stay in the file.
/// Checked like `set`: removing a field the record needs is refused.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: `kind/id` or a bare id when it is unique.
    reference: String,

    /// The fields to remove.
    #[arg(required = true, value_name = "FIELD")]
    fields: Vec<String>,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let target = Target::from(super::show::find(session.baseline(), &args.reference)?);
    for field in &args.fields {
        session.apply(&target, &Assignment::unset(field)?, ctx.today)?;
    }
    let message = format!(
        "plan: unset {} {}",
        target.reference(),
        args.fields.join(", ")
    );
    land(ctx, &layout, &session, &args.write, &message)
}
