//! `cto-plan radar`: the technology radar by quadrant and ring, and what is
//! new, moved or off the radar since a revision, date or quarter.

use cto_plan::history::{self, WalkOptions};
use cto_plan::radar::{self, Earlier};
use cto_plan::render::radar as render;
use cto_plan::store::{self, git::Revision};

use super::error::Failure;
use super::{Context, Outcome, Report, ReportFormat, print, print_exact};

/// Show the technology radar: every technology by quadrant and ring.
///
/// With `--since`, also what is new on the radar, what moved between rings
/// and what left it since then, each move citing the commit (and pull
/// request) that made it and the decisions the technology links.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Compare with the plan as of a revision, a date (YYYY-MM-DD: the last commit on the main line
    /// that day or before) or a quarter (2026-Q3: the plan as the quarter began).
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,

    #[command(flatten)]
    report: Report,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let (layout, loaded) = ctx.load(args.report.rev.as_deref())?;
    let plan = &loaded.plan;
    let view = match &args.since {
        None => radar::build(plan, None),
        Some(since) => {
            let repo = ctx.repository()?;
            let revisions = ctx.revisions()?;
            let then = revisions.at(since)?;
            let head = ctx.start_revision(args.report.rev.as_deref().unwrap_or("HEAD"))?;
            // `--since` must name a point on the way to the plan shown, or the
            // comparison would run backwards.
            let on_the_way = then.id == head.id
                || repo
                    .graph_descendant_of(head.id, then.id)
                    .map_err(cto_plan::Error::from)?;
            if !on_the_way {
                return Err(Failure::Usage(format!(
                    "--since {since}: {} is not an ancestor of the plan shown ({}); name an earlier point",
                    &then.id.to_string()[..7],
                    &head.id.to_string()[..7]
                )));
            }
            let then_plan = store::load(&Revision::of(repo, &layout, &then)?)?.plan;
            // The main-line commits after `then`, up to the head.
            let mut after = std::collections::HashSet::new();
            for id in history::first_parent_walk(repo, head.id)? {
                let id = id?;
                if id == then.id {
                    break;
                }
                after.insert(id);
            }
            let since_day =
                history::commit_date(&repo.find_commit(then.id).map_err(cto_plan::Error::from)?);
            let walked = history::walk(
                repo,
                &layout,
                head.id,
                WalkOptions {
                    since: Some(since_day),
                    progress: None,
                    main_line: None,
                },
            )?;
            let steps: Vec<_> = walked
                .steps
                .into_iter()
                .filter(|step| after.contains(&step.commit.id))
                .collect();
            let short = then.id.to_string()[..7].to_owned();
            radar::build(
                plan,
                Some(Earlier {
                    label: since,
                    commit: Some(&short),
                    plan: &then_plan,
                    steps: &steps,
                }),
            )
        }
    };
    let text = match args.report.format {
        ReportFormat::Text => render::text(&view),
        ReportFormat::Markdown => render::markdown(&view),
        ReportFormat::Json => render::json(&view),
    };
    if matches!(args.report.format, ReportFormat::Json) {
        print_exact(&text)?;
    } else {
        print(&text)?;
    }
    Ok(Outcome::Clean)
}
