//! `cto-plan list`: records in a table, filtered.

use cto_plan::model::{Kind, Plan, Record};
use cto_plan::render::records;

use super::error::Failure;
use super::{Context, Outcome, print};

/// List records, optionally of one kind and filtered by field values.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this kind.
    #[arg(value_parser = super::KindParser)]
    kind: Option<Kind>,

    /// Only records with this status.
    #[arg(long)]
    status: Option<String>,

    /// Only records owned (or led) by this person.
    #[arg(long, value_name = "PERSON")]
    owner: Option<String>,

    /// Only records of this team.
    #[arg(long)]
    team: Option<String>,

    /// Only records targeting this quarter.
    #[arg(long)]
    quarter: Option<String>,

    /// Only records carrying this tag.
    #[arg(long)]
    tag: Option<String>,

    /// Read the plan as of a git revision.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A status no record of the kind (or of any kind) can have is a typo, not
/// an empty result.
fn check_status(status: &str, kind: Option<Kind>) -> Result<(), Failure> {
    let mut known: Vec<&str> = Vec::new();
    for kind in Kind::ALL
        .iter()
        .filter(|k| kind.is_none_or(|wanted| wanted == **k))
    {
        for word in kind.spec().status_words() {
            if !known.contains(&word) {
                known.push(word);
            }
        }
    }
    if known.contains(&status) {
        return Ok(());
    }
    let hint = cto_plan::text::did_you_mean(status, &known).map_or_else(
        || format!("statuses are {}", known.join(", ")),
        |close| format!("did you mean \"{close}\"?"),
    );
    Err(Failure::Usage(format!(
        "--status {status}: no record can have this status ({hint})"
    )))
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    if let Some(status) = &args.status {
        check_status(status, args.kind)?;
    }
    if let Some(quarter) = &args.quarter {
        quarter
            .parse::<cto_plan::model::Quarter>()
            .map_err(|e| Failure::Usage(format!("--quarter: {e}")))?;
    }
    let (_, loaded) = ctx.load(args.rev.as_deref())?;
    let plan = &loaded.plan;
    let matches = |record: &&Record| {
        let field_is = |field: &str, wanted: &Option<String>| match wanted {
            None => true,
            Some(wanted) => record
                .fields
                .value(field)
                .is_some_and(|v| Plan::bare_id(&records::value_text(v)) == Plan::bare_id(wanted)),
        };
        args.kind.is_none_or(|k| record.kind == k)
            && field_is("status", &args.status)
            && (field_is("owner", &args.owner)
                || (args.owner.is_some() && field_is("lead", &args.owner)))
            && field_is("team", &args.team)
            && field_is("quarter", &args.quarter)
            && args
                .tag
                .as_ref()
                .is_none_or(|tag| record.fields.texts("tags").iter().any(|(t, _)| t == tag))
    };
    let selected: Vec<&Record> = plan.records.iter().filter(matches).collect();
    let text = match args.format {
        Format::Text if selected.is_empty() => "no records match\n".to_owned(),
        Format::Text => records::list_text(&selected),
        Format::Json => records::list_json(&selected),
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
