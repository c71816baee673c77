//! `cto-plan capacity`: supply, demand and load per team and quarter.

use cto_plan::capacity;
use cto_plan::model::Quarter;
use cto_plan::render::capacity as render;

use super::error::Failure;
use super::{Context, Outcome, Report, ReportFormat, print, print_exact};

/// Can each team deliver what it has committed to? Supply against demand in
/// engineer-weeks, per team and quarter.
///
/// Supply comes from the people there in the quarter (their `joined` and
/// `left` dates, `allocation` and their team's `focus`, less leave) and the
/// open roles from their expected start (ramping up); demand from the
/// estimates of planned, active and paused initiatives, spread from their
/// `start` to their target quarter. Sub-teams roll up into their parents.
/// Work without an estimate is listed, not guessed. The default quarters
/// are the current one and the next. See docs/capacity.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One quarter, such as 2027-Q1.
    #[arg(long, value_name = "QUARTER", conflicts_with_all = ["from", "to"])]
    quarter: Option<Quarter>,

    /// The first quarter of a range.
    #[arg(long, value_name = "QUARTER")]
    from: Option<Quarter>,

    /// The last quarter of a range (default: the quarter after --from).
    #[arg(long, value_name = "QUARTER")]
    to: Option<Quarter>,

    /// Only this team and its sub-teams.
    #[arg(long, value_name = "TEAM")]
    team: Option<String>,

    #[command(flatten)]
    report: Report,
}

/// At most this many quarters in one report: a typo in a year should not
/// print a century.
const MOST_QUARTERS: usize = 16;

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let (_, loaded, day) = ctx.load_dated(args.report.rev.as_deref())?;
    let invalid = super::warn_of_load_errors(&loaded, "capacity report");
    let plan = &loaded.plan;
    let today = Quarter::containing(day, plan.config.fiscal_year_start_month);
    let (first, last) = match (args.quarter, args.from, args.to) {
        (Some(q), _, _) => (q, q),
        (None, Some(from), to) => (from, to.unwrap_or(from.next())),
        (None, None, Some(to)) => (today.min(to), to),
        (None, None, None) => (today, today.next()),
    };
    if last < first {
        return Err(Failure::Usage(format!(
            "--to {last} comes before --from {first}: give the earlier quarter first"
        )));
    }
    let mut quarters = vec![first];
    while *quarters.last().expect("one quarter") < last {
        if quarters.len() == MOST_QUARTERS {
            return Err(Failure::Usage(format!(
                "{first} to {last} is more than {MOST_QUARTERS} quarters: give a shorter range"
            )));
        }
        quarters.push(quarters.last().expect("one quarter").next());
    }
    let mut report = capacity::capacity(plan, &quarters);
    if let Some(team) = &args.team {
        let known: Vec<&str> = report.quarters[0]
            .teams
            .iter()
            .map(|t| t.team.as_str())
            .collect();
        if !known.contains(&team.as_str()) {
            let hint = cto_plan::text::did_you_mean(team, &known)
                .map(|m| format!(" (did you mean {m}?)"))
                .unwrap_or_default();
            return Err(Failure::Usage(format!(
                "--team {team}: no such team in the plan{hint}; `cto-plan list team` lists them"
            )));
        }
        for quarter in &mut report.quarters {
            capacity::only_team(quarter, team);
        }
        report.unestimated.retain(|u| {
            u.team
                .as_deref()
                .is_some_and(|t| report.quarters[0].teams.iter().any(|k| k.team == t))
        });
    }
    let text = match args.report.format {
        ReportFormat::Text => render::text(&report),
        ReportFormat::Markdown => render::markdown(&report),
        ReportFormat::Json => render::json(&report),
    };
    // JSON keeps plan text exact; the other formats are for people.
    if matches!(args.report.format, ReportFormat::Json) {
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
