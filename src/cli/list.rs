//! `cto-plan list`: records in a table, filtered.
//!
//! Records that are gone (people who have left) are left out unless `--all`,
//! and marked "(left DATE)" when shown. A filter naming a person, team or tag
//! the plan does not have is a typo, not an empty result: it is refused with
//! a suggestion, as an unknown `--status` is.

use cto_plan::model::{Kind, Plan, Record};
use cto_plan::render::records;

use super::error::Failure;
use super::{Context, Outcome, print, print_exact};

/// List records, optionally of one kind and filtered by field values.
///
/// People who have left (their `left` day is past) are not listed unless
/// --all; then they are marked "(left DATE)".
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

    /// Also list people who have left, marked "(left DATE)".
    #[arg(long)]
    all: bool,

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
    if known.is_empty() {
        let kind = kind.map_or("these records".to_owned(), |k| k.spec().plural.to_owned());
        return Err(Failure::Usage(format!(
            "--status {status}: {kind} have no status"
        )));
    }
    let hint = cto_plan::text::did_you_mean(status, &known).map_or_else(
        || format!("statuses are {}", known.join(", ")),
        |close| format!("did you mean \"{close}\"?"),
    );
    Err(Failure::Usage(format!(
        "--status {status}: no record can have this status ({hint})"
    )))
}

/// A person or team filter must name one the plan has: refused with the
/// closest by id, name or prefix otherwise.
fn check_record(plan: &Plan, option: &str, wanted: &str, kind: Kind) -> Result<(), Failure> {
    if plan.resolve(wanted, Some(kind)).is_ok() {
        return Ok(());
    }
    let hint = plan.suggest(wanted, Some(kind)).map_or_else(
        || format!("`cto-plan list {kind}` shows them"),
        |meant| {
            if meant.title().eq_ignore_ascii_case(&meant.id) {
                format!("did you mean `{}`?", meant.id)
            } else {
                format!("did you mean `{}` ({})?", meant.id, meant.title())
            }
        },
    );
    Err(Failure::Usage(format!(
        "{option} {wanted}: the plan has no {kind} with this id ({hint})"
    )))
}

/// A tag no record carries is a typo.
fn check_tag(plan: &Plan, tag: &str) -> Result<(), Failure> {
    let mut known: Vec<&str> = Vec::new();
    for record in &plan.records {
        for (t, _) in record.fields.texts("tags") {
            if !known.contains(&t) {
                known.push(t);
            }
        }
    }
    if known.contains(&tag) {
        return Ok(());
    }
    let pairs: Vec<(&str, &str)> = known.iter().map(|t| (*t, *t)).collect();
    let hint = match cto_plan::text::suggest(tag, &pairs) {
        Some(i) => format!("did you mean `{}`?", known[i]),
        None if known.is_empty() => "no record has tags".to_owned(),
        None => {
            known.sort_unstable();
            format!("tags are {}", known.join(", "))
        }
    };
    Err(Failure::Usage(format!(
        "--tag {tag}: no record carries this tag ({hint})"
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
    if let Some(owner) = &args.owner {
        check_record(plan, "--owner", owner, Kind::Person)?;
    }
    if let Some(team) = &args.team {
        check_record(plan, "--team", team, Kind::Team)?;
    }
    if let Some(tag) = &args.tag {
        check_tag(plan, tag)?;
    }
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
    let (selected, gone): (Vec<&Record>, Vec<&Record>) = plan
        .records
        .iter()
        .filter(matches)
        .partition(|r| args.all || !r.is_gone(ctx.today));
    let text = match args.format {
        Format::Text if selected.is_empty() => "no records match\n".to_owned(),
        Format::Text => records::list_text(&selected, ctx.today),
        Format::Json => records::list_json(&selected),
    };
    if matches!(args.format, Format::Json) {
        print_exact(&text)?;
    } else {
        print(&text)?;
    }
    if let (Format::Text, [first, ..]) = (args.format, gone.as_slice()) {
        let spec = first.kind.spec();
        let what = if gone.len() == 1 {
            format!("1 {} who left is", spec.name)
        } else {
            format!("{} {} who left are", gone.len(), spec.plural)
        };
        super::note(&format!("note: {what} not listed: --all lists them\n"));
    }
    Ok(Outcome::Clean)
}
