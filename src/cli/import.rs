//! `cto-plan import`: records from the tools a team used before (ADR
//! folders, HR and roadmap CSV exports). A dry run unless `--write` is
//! given; then written as `new` and `set` write: checked, atomically, and
//! refused when the plan would gain errors.

use cto_plan::diagnostic::Severity;
use cto_plan::edit::Session;
use cto_plan::import::{Action, Batch, Staged, stage};
use cto_plan::store::Layout;

use super::error::Failure;
use super::set::{WriteArgs, eprint, eprint_findings, land};
use super::{Context, Outcome, print};

/// Import records from other tools: ADRs, HR and roadmap exports.
///
/// Every import prints what it would create or change and what `check` would
/// say of the plan afterwards, and writes nothing unless given --write. A
/// re-run updates the records it imported (each remembers its source in
/// `custom.imported_from`) and leaves every other record alone.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    Adr(AdrArgs),
    People(PeopleArgs),
    Roadmap(RoadmapArgs),
}

/// Import decisions from a folder of ADRs (adr-tools/Nygard, MADR, log4brains).
///
/// Reads adr-tools / Nygard ADRs, MADR 2, 3 and 4, and log4brains. Titles
/// become dated ids, statuses are mapped (docs/import.md), dates the files
/// lack come from their git history, deciders and consulted are matched to
/// the plan's people by name or e-mail, options keep their pros and cons,
/// and supersede links are followed both ways. Unmatched names, unknown
/// statuses, numbering gaps, broken links and files that are no ADR are
/// reported.
#[derive(Debug, clap::Args)]
struct AdrArgs {
    /// The folder of ADR Markdown files.
    dir: std::path::PathBuf,

    /// The ADR format; auto tells each file's by its marks.
    // `--format` names an output format on every other command, so the flag
    // is `--adr-format`; `--format` is accepted as its alias.
    #[arg(
        long = "adr-format",
        visible_alias = "format",
        value_name = "ADR_FORMAT",
        value_enum,
        default_value_t = AdrFormat::Auto
    )]
    format: AdrFormat,

    #[command(flatten)]
    how: ImportWrite,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum AdrFormat {
    Auto,
    Nygard,
    Madr,
    Log4brains,
}

fn adr(ctx: &Context, args: AdrArgs) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let shown = args.dir.display().to_string();
    // A relative folder is read from where `-C` points, as git does.
    let dir = ctx.start.join(&args.dir);
    // The key stays the same wherever the command runs: the folder relative
    // to the plan's repository top when it is inside it.
    let top = layout
        .git_dir
        .as_ref()
        .and_then(|_| git2::Repository::discover(&layout.root).ok())
        .and_then(|repo| repo.workdir().map(std::path::Path::to_path_buf))
        .unwrap_or_else(|| layout.root.clone());
    let absolute = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    // Outside it, the folder's canonical path: however it is spelt (`../adr`,
    // an absolute path, from another folder), a re-run finds its records.
    let source_dir = absolute
        .strip_prefix(&top)
        .unwrap_or(&absolute)
        .to_string_lossy()
        .replace('\\', "/");
    use cto_plan::import::adr::{Format, Options, read_dir};
    let options = Options {
        format: match args.format {
            AdrFormat::Auto => Format::Auto,
            AdrFormat::Nygard => Format::Nygard,
            AdrFormat::Madr => Format::Madr,
            AdrFormat::Log4brains => Format::Log4brains,
        },
    };
    let session = Session::open(&layout)?;
    let batch = read_dir(
        &dir,
        &shown,
        &source_dir,
        &options,
        session.plan(),
        ctx.today,
    );
    finish(
        ctx,
        &layout,
        session,
        batch,
        args.how,
        &format!("ADRs from {shown}"),
    )
}

/// Import people from an HR export (Workday, BambooHR, Personio, HiBob, or
/// `cto-plan export csv person`).
///
/// One row per person: name (or first and last name), e-mail, title, team or
/// department, manager, start and end date, location, employment type.
/// Common header names are recognised; --map names the others. People the
/// plan has already (matched by e-mail, id or name) change only in joined,
/// left, team and role. Teams and managers are matched by name or id; teams
/// the plan lacks are reported, or created with --create-teams.
#[derive(Debug, clap::Args)]
struct PeopleArgs {
    #[command(flatten)]
    csv: CsvArgs,

    #[command(flatten)]
    how: ImportWrite,
}

/// What the CSV importers share: the file, the column map, and teams.
#[derive(Debug, clap::Args)]
struct CsvArgs {
    /// The CSV file (`,`, `;` or tab separated, UTF-8).
    file: std::path::PathBuf,

    /// Which column holds which field: COLUMN=field, comma-separated or repeated.
    #[arg(long, value_name = "COLUMN=field")]
    map: Vec<String>,

    /// Create the teams the plan does not have yet, instead of reporting them.
    #[arg(long)]
    create_teams: bool,
}

fn import_people(ctx: &Context, args: PeopleArgs) -> Result<Outcome, Failure> {
    use cto_plan::import::{csv_table, people};
    let layout = ctx.layout()?;
    let (shown, bytes) = read_input(ctx, &args.csv.file)?;
    let options = people::Options {
        map: csv_table::parse_map(&args.csv.map, people::FIELDS, "people")?,
        create_teams: args.csv.create_teams,
    };
    let session = Session::open(&layout)?;
    let batch = people::import(&shown, &bytes, session.plan(), &options)?;
    finish(
        ctx,
        &layout,
        session,
        batch,
        args.how,
        &format!("people from {shown}"),
    )
}

/// Import initiatives from a Jira or Linear CSV export of epics or projects.
///
/// One row per epic or project: summary or title, status, target or due
/// date, start date, resolution date, assignee or lead, team, labels. The
/// status is mapped by a built-in table of Jira's and Linear's words
/// (docs/import.md), which --status extends; the target quarter comes from
/// the date and the plan's fiscal year. Owners and teams are matched by
/// name, e-mail or id; what matches nothing is reported.
#[derive(Debug, clap::Args)]
struct RoadmapArgs {
    #[command(flatten)]
    csv: CsvArgs,

    /// What a status word of the export means: WORD=status (repeatable),
    /// such as "Ready for Dev=planned".
    #[arg(long, value_name = "WORD=status")]
    status: Vec<String>,

    #[command(flatten)]
    how: ImportWrite,
}

fn import_roadmap(ctx: &Context, args: RoadmapArgs) -> Result<Outcome, Failure> {
    use cto_plan::import::{csv_table, roadmap};
    let layout = ctx.layout()?;
    let (shown, bytes) = read_input(ctx, &args.csv.file)?;
    let options = roadmap::Options {
        map: csv_table::parse_map(&args.csv.map, roadmap::FIELDS, "roadmap")?,
        statuses: roadmap::parse_statuses(&args.status)?,
        create_teams: args.csv.create_teams,
    };
    let session = Session::open(&layout)?;
    let batch = roadmap::import(&shown, &bytes, session.plan(), &options)?;
    finish(
        ctx,
        &layout,
        session,
        batch,
        args.how,
        &format!("initiatives from {shown}"),
    )
}

/// The file to import, named as the user gave it, and its bytes. Like
/// git's, `-C DIR` makes a relative FILE relative to DIR.
fn read_input(ctx: &Context, file: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
    let bytes = std::fs::read(ctx.start.join(file)).map_err(|source| cto_plan::Error::Io {
        path: file.to_owned(),
        source,
    })?;
    Ok((file.display().to_string(), bytes))
}

/// How an import lands, shared by every source.
#[derive(Debug, clap::Args)]
pub struct ImportWrite {
    /// Write the records (default: only show what would happen).
    #[arg(long)]
    write: bool,

    #[command(flatten)]
    land: WriteArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    match args.source {
        Source::People(args) => import_people(ctx, args),
        Source::Roadmap(args) => import_roadmap(ctx, args),
        Source::Adr(args) => adr(ctx, args),
    }
}

/// Stages `batch` in `session` (the plan the importer read it against),
/// reports it, and writes it when asked.
fn finish(
    ctx: &Context,
    layout: &Layout,
    mut session: Session,
    batch: Batch,
    mut how: ImportWrite,
    what: &str,
) -> Result<Outcome, Failure> {
    let Batch {
        proposals,
        problems,
    } = batch;
    let staged = stage(&mut session, proposals, ctx.today)?;
    for problem in &problems {
        eprint(&format!(
            "warning: {}: {}\n",
            problem.origin, problem.message
        ));
    }
    print(&plan_text(layout, &staged, how.write))?;
    let mapped_everything = problems.is_empty();
    if how.write {
        how.land.refusal_hint =
            "fix the source or the plan and import again, or pass --force to write anyway";
        let outcome = land(
            ctx,
            layout,
            &session,
            &how.land,
            &format!("plan: import {what}"),
        )?;
        forget_at_exit(session);
        return Ok(match outcome {
            Outcome::Clean if mapped_everything => Outcome::Clean,
            _ => Outcome::Findings,
        });
    }
    let review = session.review(ctx.today);
    eprint_findings(layout, &review, &review.introduced);
    let errors = review
        .introduced
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    let verdict = if errors > 0 {
        format!("the plan would gain {errors} error(s): --write would refuse (or pass --force)")
    } else {
        "the plan would check as it does now".to_owned()
    };
    print(&format!(
        "dry run: {verdict}; nothing was written (run again with --write)\n"
    ))?;
    forget_at_exit((session, review));
    Ok(if errors == 0 && mapped_everything {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// The process ends after the import: freeing two plans of thousands of
/// records one by one was 5% of a dry run, and the system takes the memory
/// back at once (as `check` does).
fn forget_at_exit<T>(value: T) {
    std::mem::forget(value);
}

/// One line per proposal: what would happen to which file, and from where.
fn plan_text(layout: &Layout, staged: &[Staged], write: bool) -> String {
    let (create, update) = if write {
        ("create", "update")
    } else {
        ("would create", "would update")
    };
    let mut out = String::new();
    for item in staged {
        let path = layout.display_path(&item.target.path);
        let line = match &item.action {
            Action::Create => format!("{create} {path} from {}", item.origin),
            Action::Update(changes) => {
                let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                format!(
                    "{update} {path} ({}) from {}",
                    fields.join(", "),
                    item.origin
                )
            }
            Action::Unchanged => format!("unchanged {path} from {}", item.origin),
            Action::Skip { reason } => format!("skip {}: {reason}", item.origin),
        };
        out.push_str(&line);
        out.push('\n');
    }
    let count = |f: fn(&Action) -> bool| staged.iter().filter(|s| f(&s.action)).count();
    out.push_str(&format!(
        "{} to create, {} to update, {} unchanged, {} skipped\n",
        count(|a| matches!(a, Action::Create)),
        count(|a| matches!(a, Action::Update(_))),
        count(|a| matches!(a, Action::Unchanged)),
        count(|a| matches!(a, Action::Skip { .. })),
    ));
    out
}
