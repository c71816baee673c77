//! `cto-plan new`: create a record from its kind's template, optionally in
//! an editor, checked before it is written.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use cto_plan::Error;
use cto_plan::edit::new::{self as templates, Draft};
use cto_plan::edit::{Assignment, Session};
use cto_plan::model::Kind;
use cto_plan::render::{FindingsReport, findings};

use super::error::Failure;
use super::set::{WriteArgs, eprint, land, stderr_colored};
use super::{Context, Outcome};

/// Create a record from its template.
///
/// With no ID, one is made from the title; a decision's id starts with the
/// day (2026-11-27-adopt-kafka), so that two branches never pick the same
/// id: the day of `proposed=DATE` when given, else today. Templates are built in; a plan can override one in
/// `.cto-plan/templates/new/KIND.toml`.
///
/// With --edit the new record opens in $VISUAL or $EDITOR, and is checked when
/// the editor closes, with an offer to re-open it on errors. Otherwise it is
/// checked at once: a record missing a required field is refused (exit 1).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The kind of record to create.
    #[arg(value_parser = super::KindParser)]
    kind: Kind,

    /// The new record's id, its file name (default: made from the title).
    id: Option<String>,

    /// The title (for a person or a team, the name).
    #[arg(long, short = 't')]
    title: Option<String>,

    /// More fields, as for `set`: FIELD=VALUE, FIELD+=ITEM.
    #[arg(value_name = "FIELD=VALUE")]
    changes: Vec<String>,

    /// Open the new record in $VISUAL or $EDITOR before it is written.
    #[arg(long)]
    edit: bool,

    #[command(flatten)]
    write: WriteArgs,
}

pub fn run(ctx: &Context, mut args: Args) -> Result<Outcome, Failure> {
    // `new initiative title=X` has no id: a change in the id's place is a change.
    if args.id.as_deref().is_some_and(|id| id.contains('=')) {
        let id = args.id.take().unwrap_or_default();
        args.changes.insert(0, id);
    }
    let layout = ctx.layout()?;
    let mut session = Session::open(&layout)?;
    let changes = args
        .changes
        .iter()
        .map(|change| Assignment::parse(change))
        .collect::<Result<Vec<_>, _>>()?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => templates::id_for(args.kind, args.title.as_deref(), &changes, ctx.today)?,
    };
    cto_plan::edit::paths::check_id(args.kind, &id)?;
    let text = templates::render(
        &layout.root,
        &Draft {
            kind: args.kind,
            id: &id,
            title: args.title.as_deref(),
            today: ctx.today,
            config: &session.plan().config,
        },
    )?;
    let target = session.create(args.kind, &id, text)?;
    for change in &changes {
        session.apply(&target, change, ctx.today)?;
    }
    let message = format!("plan: new {}", target.reference());
    args.write.refusal_hint =
        "give the missing fields as FIELD=VALUE (or use --edit), or pass --force to write anyway";
    if args.edit
        && let Some(outcome) = edit(ctx, &mut session, &target, args.write.force)?
    {
        return Ok(outcome);
    }
    land(ctx, &layout, &session, &args.write, &message)
}

/// Lets the user write the record in their editor until it checks clean or
/// they give up. `Some(outcome)` ends the command without writing.
fn edit(
    ctx: &Context,
    session: &mut Session,
    target: &cto_plan::edit::Target,
    force: bool,
) -> Result<Option<Outcome>, Failure> {
    let editor = editor()?;
    let mut text = session.text(&target.path).unwrap_or_default().to_owned();
    let draft = new_draft(&target.id, &text)?;
    loop {
        open_editor(&editor, &draft)?;
        text = std::fs::read_to_string(&draft).map_err(|e| Error::io(&draft, e))?;
        if text.trim().is_empty() {
            let _ = std::fs::remove_file(&draft);
            eprint("the record was left empty: nothing was written\n");
            return Ok(Some(Outcome::Findings));
        }
        session.create(target.kind, &target.id, text.clone())?;
        let review = session.review(ctx.today);
        if !review.blocks() || force {
            let _ = std::fs::remove_file(&draft);
            return Ok(None);
        }
        let report = FindingsReport {
            findings: &review.introduced,
            sources: &review.loaded.sources,
            path_prefix: &session.layout().prefix,
            records: review.loaded.record_files,
        };
        eprint(&findings::text(&report, stderr_colored()));
        eprint("Re-open the editor to fix this? [Y/n] ");
        if !yes()? {
            eprint(&format!(
                "nothing was written; your draft is kept at {}\n",
                draft.display()
            ));
            return Ok(Some(Outcome::Findings));
        }
    }
}

/// A new file in the temporary folder holding `text`. Created, never
/// opened if it exists, so a link planted there cannot redirect the write.
fn new_draft(id: &str, text: &str) -> Result<PathBuf, Failure> {
    use std::io::Write as _;
    let dir = std::env::temp_dir();
    for attempt in 0..100 {
        let path = dir.join(format!(
            "cto-plan-{}-{attempt}-{id}.toml",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(text.as_bytes())
                    .map_err(|e| Error::io(&path, e))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&path, e).into()),
        }
    }
    Err(Failure::Usage(format!(
        "cannot make a draft file in {}: clear out old cto-plan-* files",
        dir.display()
    )))
}

/// Reads an answer from stdin: yes unless it starts with n; no at end of input.
fn yes() -> Result<bool, Error> {
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(read > 0 && !line.trim().to_lowercase().starts_with('n'))
}

/// $VISUAL, else $EDITOR.
fn editor() -> Result<String, Failure> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .ok_or_else(|| {
            Failure::Usage(
                "--edit needs an editor: set $VISUAL or $EDITOR (for example `export EDITOR=vim`)"
                    .into(),
            )
        })
}

/// Runs the editor on `path` and waits for it.
fn open_editor(editor: &str, path: &Path) -> Result<(), Failure> {
    let status = editor_command(editor, path).status().map_err(|e| {
        Failure::Usage(format!(
            "cannot run the editor `{editor}`: {e}; nothing was written, the draft is at {}",
            path.display()
        ))
    })?;
    if !status.success() {
        return Err(Failure::Usage(format!(
            "the editor `{editor}` failed ({status}); nothing was written, the draft is at {}",
            path.display()
        )));
    }
    Ok(())
}

/// The editor command, which may carry arguments (`code --wait`): run through
/// the shell where there is one, as git does.
fn editor_command(editor: &str, path: &Path) -> Command {
    if cfg!(unix) {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("editor")
            .arg(path);
        command
    } else {
        let mut parts = editor.split_whitespace();
        let mut command = Command::new(PathBuf::from(parts.next().unwrap_or(editor)));
        command.args(parts).arg(path);
        command
    }
}
