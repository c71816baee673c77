//! `cto-plan demo`: build the example organisation's plan repository, with
//! five quarters of git history, to try the other commands on.

use std::path::{Path, PathBuf};

use cto_plan::demo::{self, Demo};
use cto_plan::review::{self, gather};
use cto_plan::store::Layout;

use super::error::Failure;
use super::{Context, Outcome, print};

/// The folder the demo goes into when none is named.
const DEFAULT_DIR: &str = "cto-plan-demo";

/// Build a demo plan repository with five quarters of history.
///
/// Creates a git repository holding the plan of Northwind Analytics, an
/// example 40-person engineering organisation, and its history from June 2025
/// to October 2026: six authors in Austin, Lisbon, Bangalore and Tokyo, pull
/// requests merged and squashed, initiatives shipped, slipped and cancelled,
/// decisions, hires, departures, budgets and objectives. The dates are fixed,
/// so every machine builds the same commits. Run it again to reuse a demo
/// built earlier; see docs/demo.md for what happens in each quarter. Prints the
/// latest complete quarter's review (--format), and what was built on stderr.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to build it: a new or empty folder (default: cto-plan-demo in the
    /// current folder, or under -C).
    dir: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = super::review::Format::Markdown)]
    format: super::review::Format,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let dir = match args.dir {
        Some(dir) if dir.is_relative() => ctx.start.join(dir),
        Some(dir) => dir,
        None => ctx.start.join(DEFAULT_DIR),
    };
    // A folder that holds anything else is refused by `build`, with a hint.
    let (demo, reused) = match demo::open(&dir)? {
        Some(demo) => (demo, true),
        None => (demo::build(&dir)?, false),
    };
    // What was built goes to stderr, so stdout is the review alone
    // (`cto-plan demo > review.md`).
    super::note(&report(&demo, reused));
    print(&latest_review(&demo, args.format)?)?;
    Ok(Outcome::Clean)
}

/// The demo's latest complete quarter, reviewed as of the demo's last day, so
/// the output is the same whenever it is run.
fn latest_review(demo: &Demo, format: super::review::Format) -> Result<String, cto_plan::Error> {
    let layout = Layout::discover(&demo.path)?;
    let repo = layout.repository()?;
    let head = cto_plan::store::revision::resolve_commit(&repo, "HEAD")?;
    let gathered = gather::gather(
        &repo,
        &layout,
        head,
        Some(demo.latest_quarter),
        demo.end,
        None,
    )?;
    super::review::render_review(&review::build(&gathered.inputs()), format, None)
}

fn report(demo: &Demo, reused: bool) -> String {
    let shown = shown_path(&demo.path);
    let verb = if reused {
        "Reused the demo built earlier in"
    } else {
        "Built the demo plan of Northwind Analytics in"
    };
    format!(
        "{verb} {shown}\n  \
         {} commits from {} to {}\n  \
         complete quarters: {} to {}\n\
         next: cto-plan -C {shown} review --quarter {}\n",
        demo.commits,
        demo.start,
        demo.end,
        demo.first_quarter,
        demo.latest_quarter,
        demo.latest_quarter,
    )
}

/// The path as the suggested command needs it: without the trailing
/// separator git leaves on a working tree, quoted when a shell would split it.
fn shown_path(path: &Path) -> String {
    let text = path.display().to_string();
    let text = match text.strip_suffix(std::path::MAIN_SEPARATOR) {
        Some(trimmed) if !trimmed.is_empty() => trimmed.to_owned(),
        _ => text,
    };
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || "/\\._-:~+".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_ready_to_paste() {
        assert_eq!(shown_path(Path::new("/tmp/demo/")), "/tmp/demo");
        assert_eq!(shown_path(Path::new("/")), "/");
        assert_eq!(shown_path(Path::new("/tmp/my demo")), "'/tmp/my demo'");
        assert_eq!(shown_path(Path::new("/tmp/it's")), "'/tmp/it'\\''s'");
    }
}
