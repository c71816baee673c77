//! `cto-plan set`: change fields of a record, and what every writing command
//! shares: `--force`, `--commit`, and landing a checked edit.

use std::io::Write as _;

use cto_plan::Error;
use cto_plan::edit::commit::Commit;
use cto_plan::edit::{Assignment, Session, Target, Written};
use cto_plan::model::{Kind, Record};
use cto_plan::render::{FindingsReport, count, findings};
use cto_plan::store::Layout;
use cto_plan::store::Loaded;

use super::error::Failure;
use super::{Context, Outcome, print};

/// Set fields of a record, keeping every comment and all formatting.
///
/// Values are read by the field's type: dates (2026-03-01, or `today`),
/// quarters (2026-Q3), numbers, true/false, enum words, references (checked
/// to exist). Lists take `tags=a,b`, `tags+=x` and `tags-=y`; sub-tables take
/// dotted paths (`milestone.beta.done=true`, `estimate.weeks=6`).
///
/// The plan is checked as it would be before anything is written: a change
/// that adds errors is refused (exit 1) and nothing is written, unless
/// --force. Only the record's file is touched, atomically; nothing is staged
/// or committed unless --commit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: `kind/id` (initiative/search-v2) or a bare id when it is unique.
    reference: String,

    /// FIELD=VALUE, FIELD+=ITEM or FIELD-=ITEM, applied in order.
    #[arg(required = true, value_name = "FIELD=VALUE")]
    changes: Vec<String>,

    #[command(flatten)]
    write: WriteArgs,
}

/// The options of every command that writes.
#[derive(Debug, Clone, clap::Args)]
pub struct WriteArgs {
    /// Write even when the result fails `check`; for a lifecycle command,
    /// also change a record that is finished (cancel a shipped initiative) or
    /// replace what it says happened (a verdict, a hire, a last day).
    #[arg(long)]
    pub force: bool,

    /// Commit exactly the touched files, with a generated message. Refused,
    /// before anything is written, when those files have other uncommitted
    /// changes, the index is locked or git does not know who commits.
    #[arg(long)]
    pub commit: bool,

    /// What to suggest when the write is refused.
    #[arg(skip = "fix the values and run the command again, or pass --force to write anyway")]
    pub refusal_hint: &'static str,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let target = Target::from(super::show::find(session.baseline(), &args.reference)?);
    let mut fields = Vec::new();
    for text in &args.changes {
        let assignment = Assignment::parse(text)?;
        fields.push(assignment.field());
        session.apply(&target, &assignment, ctx.today)?;
    }
    fields.dedup();
    let message = format!("plan: set {} {}", target.reference(), fields.join(", "));
    land(ctx, &layout, &session, &args.write, &message)
}

/// Resolves a reference for a command that works on one kind: a bare id is
/// looked up in that kind first, so `ship search` is not ambiguous with a
/// decision called `search`, and a miss suggests a record of that kind.
pub(super) fn find<'p>(
    loaded: &'p Loaded,
    reference: &str,
    kind: Kind,
) -> Result<&'p Record, Error> {
    if !reference.contains('/')
        && let Some(record) = loaded.plan.get(kind, reference)
    {
        return Ok(record);
    }
    super::show::find_suggesting(loaded, reference, Some(kind))
}

/// Checks the session's result, then writes and commits it, reporting each
/// step. Refused (exit 1, nothing written) when it adds errors and not forced.
pub(super) fn land(
    ctx: &Context,
    layout: &Layout,
    session: &Session,
    write: &WriteArgs,
    message: &str,
) -> Result<Outcome, Failure> {
    if session.is_unchanged() {
        print("nothing to change: the plan says so already\n")?;
        return Ok(Outcome::Clean);
    }
    let review = session.review(ctx.today);
    eprint_findings(layout, &review, &review.introduced);
    // Errors the file already had: the write would leave them in place.
    eprint_findings(layout, &review, &review.left_in_written);
    if review.blocks() && !write.force {
        let added = review
            .introduced
            .iter()
            .filter(|f| f.severity() == cto_plan::diagnostic::Severity::Error)
            .count();
        let reason = if added > 0 {
            format!("the change would add {} to the plan", count(added, "error"))
        } else {
            format!(
                "the file it writes would still have {} (fix them in the same command)",
                count(review.left_in_written.len(), "error")
            )
        };
        let red = anstyle::AnsiColor::Red.on_default().bold();
        let cyan = anstyle::AnsiColor::Cyan.on_default().bold();
        eprint(&format!(
            "{red}error{red:#}: refused: {reason}, so nothing was written\n\
             {cyan}hint{cyan:#}: {}\n",
            write.refusal_hint
        ));
        return Ok(Outcome::Findings);
    }
    if review.existing_errors > 0 {
        eprint(&format!(
            "note: the plan already had {}, which this change leaves as they were\n",
            count(review.existing_errors, "error")
        ));
    }
    let commit = if write.commit {
        Some(Commit::prepare(layout, &session.destinations()?)?)
    } else {
        None
    };
    let written = session.write()?;
    // Commit before reporting: a closed pipe ends the process quietly, and
    // must not leave the files written but uncommitted.
    let committed = commit.map(|commit| commit.run(message)).transpose()?;
    let mut text = report(layout, &written);
    if let Some(id) = committed {
        text.push_str(&format!("committed {} {message}\n", &id.to_string()[..7]));
    }
    print(&text)?;
    Ok(Outcome::Clean)
}

/// `found` (findings of the plan as `review` leaves it) on stderr, as
/// `check` shows them; nothing when there are none.
pub(super) fn eprint_findings(
    layout: &Layout,
    review: &cto_plan::edit::EditCheck,
    found: &[cto_plan::diagnostic::Finding],
) {
    if found.is_empty() {
        return;
    }
    let report = FindingsReport {
        findings: found,
        sources: &review.loaded.sources,
        path_prefix: &layout.prefix,
        records: review.loaded.record_files,
    };
    eprint(&findings::text(&report, stderr_colored()));
}

/// What was written: each file and its changed fields.
fn report(layout: &Layout, written: &[Written]) -> String {
    let mut out = String::new();
    for file in written {
        let verb = if file.created { "created" } else { "updated" };
        out.push_str(&format!("{verb} {}\n", layout.display_path(&file.path)));
        if file.created {
            continue;
        }
        let width = file
            .changes
            .iter()
            .map(|c| c.field.chars().count())
            .max()
            .unwrap_or(0);
        for change in &file.changes {
            let line = match (&change.before, &change.after) {
                (Some(before), Some(after)) => format!("{before} → {after}"),
                (None, Some(after)) => after.clone(),
                (Some(before), None) => format!("removed (was {before})"),
                (None, None) => String::new(),
            };
            out.push_str(&format!("  {:<width$}  {line}\n", change.field));
        }
    }
    out
}

/// Writes diagnostics to stderr, guarded like [`super::print`]; a closed
/// stderr is not worth failing over.
pub(super) fn eprint(text: &str) {
    let mut stderr = anstream::stderr();
    let text = cto_plan::text::terminal_guard(text, true);
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Whether stderr should get colour, by the global choice and the terminal.
pub(super) fn stderr_colored() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}
