//! Warnings about the plan's health: people who have left but still own
//! things, work past its quarter, reviews that are due, active work nobody
//! owns, and budget lines over their threshold in a quarter still open. They
//! depend on today's date, which the caller passes in.
//!
//! Each warning is one a reader can act on today: none is about a period
//! that has closed (those belong in the review), so a healthy plan passes
//! `check --deny-warnings`.

use jiff::civil::Date;

use crate::diagnostic::Finding;
use crate::model::{Kind, Plan, Quarter, Record, Value};
use crate::text::number;

use super::rules;

pub fn check(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    owners_who_left(plan, today, findings);
    overdue_initiatives(plan, today, findings);
    reviews_due(plan, today, findings);
    active_without_owner(plan, findings);
    over_budget(plan, today, findings);
}

/// Whether a record is over, so its people no longer matter: its status is
/// in a done or dropped stage, or it is itself gone (a person who left).
fn finished(record: &Record, today: Date) -> bool {
    record.is_finished() || record.gone_after().is_some_and(|gone| gone < today)
}

/// The person a reference names, when they have left by `today`.
fn departed<'p>(plan: &'p Plan, reference: &str, today: Date) -> Option<(&'p Record, Date)> {
    let person = plan.resolve(reference, Some(Kind::Person)).ok()?;
    let left = person.fields.date("left")?;
    // `left` is the last day: from the day after, they are gone.
    (left < today).then_some((person, left))
}

fn owners_who_left(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    for &kind in Kind::ALL {
        for people in kind.spec().people {
            for record in plan.of_kind(kind) {
                if record.needs_people(people) && !finished(record, today) {
                    departed_in(plan, record, people.field, today, findings);
                }
            }
        }
    }
}

fn departed_in(
    plan: &Plan,
    record: &Record,
    field: &str,
    today: Date,
    findings: &mut Vec<Finding>,
) {
    let sites: Vec<_> = match record.fields.value(field) {
        Some(Value::Text(text)) => vec![(
            text.as_str(),
            record.fields.get(field).map(|e| e.span.clone()),
        )],
        Some(Value::List(_)) => record
            .fields
            .texts(field)
            .into_iter()
            .map(|(t, s)| (t, Some(s)))
            .collect(),
        _ => return,
    };
    for (reference, span) in sites {
        let Some((person, left)) = departed(plan, reference, today) else {
            continue;
        };
        findings.push(
            Finding::new(
                &rules::OWNER_LEFT,
                &record.path,
                span,
                format!("{field} {} left on {left}", person.reference()),
            )
            .label("no longer here")
            .help(format!(
                "hand {} over to someone who is still here",
                record.reference()
            )),
        );
    }
}

fn overdue_initiatives(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    let fiscal = plan.config.fiscal_year_start_month;
    for record in plan.of_kind(Kind::Initiative) {
        // Done or dropped, as the kind's spec stages its statuses.
        if record.is_finished() {
            continue;
        }
        let (Some(quarter), Some(entry)) = (
            record.fields.quarter("quarter"),
            record.fields.get("quarter"),
        ) else {
            continue;
        };
        if quarter.end_date(fiscal) < today {
            findings.push(
                Finding::new(
                    &rules::OVERDUE,
                    &record.path,
                    Some(entry.span.clone()),
                    format!(
                        "{} targeted {quarter}, which ended on {}, and is still {}",
                        record.reference(),
                        quarter.end_date(fiscal),
                        record.status().unwrap_or("open")
                    ),
                )
                .label("past")
                .help(
                    "move `quarter` to when it will really ship, or mark it shipped or cancelled",
                ),
            );
        }
    }
}

fn reviews_due(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    // Every kind whose schema has a `review_by` date: decisions and risks today.
    let reviewed = Kind::ALL
        .iter()
        .copied()
        .filter(|kind| crate::model::schema::find(kind.fields(), "review_by").is_some());
    for kind in reviewed {
        for record in plan.of_kind(kind) {
            if finished(record, today) {
                continue;
            }
            let (Some(date), Some(entry)) = (
                record.fields.date("review_by"),
                record.fields.get("review_by"),
            ) else {
                continue;
            };
            if date < today {
                findings.push(
                    Finding::new(
                        &rules::REVIEW_DUE,
                        &record.path,
                        Some(entry.span.clone()),
                        format!("{} was due for review on {date}", record.reference()),
                    )
                    .label("overdue")
                    .help("review it, then set `review_by` to the next review date"),
                );
            }
        }
    }
}

fn active_without_owner(plan: &Plan, findings: &mut Vec<Finding>) {
    for record in plan.of_kind(Kind::Initiative) {
        if record.status() == Some("active") && record.fields.get("owner").is_none() {
            let span = record.fields.get("status").map(|e| e.span.clone());
            findings.push(
                Finding::new(
                    &rules::NO_OWNER,
                    &record.path,
                    span,
                    format!("{} is active but has no owner", record.reference()),
                )
                .help("add `owner = \"PERSON-ID\"`: active work needs someone accountable"),
            );
        }
    }
}

/// Lines over the threshold in budgets whose quarter has not ended: what
/// was spent in a closed quarter cannot change, and raising its `planned`
/// would rewrite history, so closed quarters' overruns are the review's
/// (its budget section lists them), not warnings that never go away.
fn over_budget(plan: &Plan, today: Date, findings: &mut Vec<Finding>) {
    let percent = plan.config.budget_overrun_percent;
    let fiscal = plan.config.fiscal_year_start_month;
    for record in plan.of_kind(Kind::Budget) {
        if record
            .id
            .parse::<Quarter>()
            .is_ok_and(|quarter| quarter.end_date(fiscal) < today)
        {
            continue;
        }
        let Some(lines) = record.fields.table("line") else {
            continue;
        };
        for line in &lines.entries {
            let Value::Table(fields) = &line.value else {
                continue;
            };
            let (Some(planned), Some(actual), Some(entry)) = (
                fields.number("planned"),
                fields.number("actual"),
                fields.get("actual"),
            ) else {
                continue;
            };
            if actual > planned * (1.0 + percent / 100.0) {
                let over = if planned > 0.0 {
                    format!("{:.0}%", (actual / planned - 1.0) * 100.0)
                } else {
                    "all of it".into()
                };
                findings.push(
                    Finding::new(
                        &rules::OVER_BUDGET,
                        &record.path,
                        Some(entry.span.clone()),
                        format!(
                            "budget line `{}` spent {} of {} {} planned ({over} over)",
                            line.key,
                            number(actual),
                            number(planned),
                            plan.config.currency
                        ),
                    )
                    .label(format!("more than {percent}% over"))
                    .help("raise `planned` with a note on why, or raise `budget_overrun_percent` in cto-plan.toml"),
                );
            }
        }
    }
}
