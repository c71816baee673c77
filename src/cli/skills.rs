//! `cto-plan skills`: who has each skill in a quarter, its bus factor, who
//! is leaving, and the key-person risks of the quarter's work.

use cto_plan::model::Quarter;
use cto_plan::render::skills as render;
use cto_plan::skills;

use super::error::Failure;
use super::{Context, Outcome, Report, ReportFormat, print, print_exact};

/// Where are we one resignation away from trouble? Every skill, who has it
/// among the people there in the quarter, and who of them is leaving.
///
/// Skills come from people's `skills` and from the `skills` open
/// initiatives need. A skill the quarter's work needs that one person or
/// nobody has is a key-person risk; `--suggest-risks` prints a `cto-plan
/// new risk` command for each, and writes nothing. The default quarter is
/// the next one. See docs/capacity.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The quarter, such as 2027-Q1 (default: the next one).
    #[arg(long, value_name = "QUARTER")]
    quarter: Option<Quarter>,

    /// Print a `cto-plan new risk` command for each key-person risk instead
    /// of the report; nothing is written.
    #[arg(long)]
    suggest_risks: bool,

    #[command(flatten)]
    report: Report,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let (_, loaded, day) = ctx.load_dated(args.report.rev.as_deref())?;
    let invalid = super::warn_of_load_errors(&loaded, "skills report");
    let plan = &loaded.plan;
    let quarter = args
        .quarter
        .unwrap_or_else(|| Quarter::containing(day, plan.config.fiscal_year_start_month).next());
    let report = skills::skills(plan, quarter);
    let text = if args.suggest_risks {
        render::suggested_risks(&report)
    } else {
        match args.report.format {
            ReportFormat::Text => render::text(&report),
            ReportFormat::Markdown => render::markdown(&report),
            ReportFormat::Json => render::json(&report),
        }
    };
    // JSON keeps plan text exact; the other formats are for people.
    if !args.suggest_risks && matches!(args.report.format, ReportFormat::Json) {
        print_exact(&text)?;
    } else {
        print(&text)?;
    }
    // Figures from a plan with errors are not to be relied on.
    Ok(if invalid {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
