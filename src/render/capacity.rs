//! Capacity as text (with bars), Markdown or JSON, for `cto-plan capacity`.
//!
//! Markdown escapes every value from the plan (team names and titles come
//! from pull requests); text shows their control characters visibly. A team without supply has no load: it is said in
//! words ("no supply"), never shown as a ratio. Nothing here computes a
//! figure (that is `capacity`'s job) or reads git or the terminal.

use super::markdown::escape;
use crate::capacity::weeks;
use crate::capacity::{
    Capacity, Figures, QuarterCapacity, StaffChange, TeamCapacity, Traceability, UnservedKeyResult,
};
use crate::text::{neutralise, number};

/// Cells of a full (100%) bar.
const BAR: usize = 20;

/// "88%", "no supply" or "idle" (no demand and no supply).
pub fn load_words(figures: &Figures) -> String {
    load_of(figures.load, figures.demand)
}

/// [`load_words`] from a load and its demand, for figures kept elsewhere
/// (a diff's before and after).
pub fn load_of(load: Option<f64>, demand: f64) -> String {
    match load {
        // The text bar says "over" above 100%.
        Some(load) => crate::capacity::percent(load, 100.0),
        None if demand > 0.0 => "no supply".into(),
        None => "idle".into(),
    }
}

/// A bar of the load: one cell per 5%, full at 100%; more is marked in
/// characters too, so that no meaning rests on colour.
fn bar(figures: &Figures) -> String {
    let Some(load) = figures.load else {
        return String::new();
    };
    let filled = ((load * BAR as f64).round() as usize).min(BAR);
    let mut bar = "█".repeat(filled) + &"░".repeat(BAR - filled);
    if load > 1.0 {
        bar.push_str(" over");
    }
    bar
}

/// "1 week", "2.5 weeks".
fn weeks_of(n: f64) -> String {
    let unit = if n == 1.0 { "week" } else { "weeks" };
    format!("{} {unit}", number(n))
}

fn change(c: &StaffChange) -> String {
    format!(
        "{} {} ({}, {})",
        c.change,
        neutralise(&c.title),
        neutralise(&c.record),
        c.date
    )
}

fn settings_line(capacity: &Capacity) -> String {
    let s = &capacity.settings;
    format!(
        "engineer-weeks; default focus {}, {} of leave per person and quarter, hires ramp up over {} at {:.0}%",
        number(s.focus),
        weeks_of(s.leave_weeks),
        weeks_of(s.ramp_up_weeks),
        s.ramp_up_output * 100.0
    )
}

fn rows(quarter: &QuarterCapacity) -> impl Iterator<Item = (String, &Figures)> {
    quarter.teams.iter().map(|t: &TeamCapacity| {
        (
            format!("{}{}", "  ".repeat(t.depth), neutralise(&t.team)),
            &t.figures,
        )
    })
}

pub fn text(capacity: &Capacity) -> String {
    let mut out = format!("Capacity in {}\n", settings_line(capacity));
    for quarter in &capacity.quarters {
        out.push_str(&format!(
            "\n{} ({} to {}, {} weeks)\n",
            quarter.quarter,
            quarter.start,
            quarter.end,
            weeks(quarter.weeks)
        ));
        let mut table: Vec<(String, &Figures)> = rows(quarter).collect();
        if quarter.unassigned != Figures::default() {
            table.push(("(no team)".into(), &quarter.unassigned));
        }
        table.push(("organisation".into(), &quarter.total));
        let width = table
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        out.push_str(&format!(
            "  {:<width$}  {:>6}  {:>7}  {:>7}  {:>9}\n",
            "TEAM", "PEOPLE", "SUPPLY", "DEMAND", "LOAD"
        ));
        for (name, f) in &table {
            out.push_str(
                format!(
                    "  {name:<width$}  {:>6}  {:>7}  {:>7}  {:>9}  {}\n",
                    weeks(f.people),
                    weeks(f.supply),
                    weeks(f.demand),
                    load_words(f),
                    bar(f)
                )
                .trim_end(),
            );
            out.push('\n');
        }
        for team in quarter.teams.iter().filter(|t| !t.changes.is_empty()) {
            let changes: Vec<String> = team.changes.iter().map(change).collect();
            out.push_str(&format!(
                "  {}: {}\n",
                neutralise(&team.team),
                changes.join("; ")
            ));
        }
    }
    if !capacity.unestimated.is_empty() {
        out.push_str("\nNot counted (planned or active work without an estimate or a quarter):\n");
        for u in &capacity.unestimated {
            out.push_str(&format!(
                "  {} ({}): no {}{}\n",
                neutralise(&u.record),
                neutralise(&u.title),
                u.missing,
                u.team
                    .as_ref()
                    .map(|t| format!(", team {}", neutralise(t)))
                    .unwrap_or_default()
            ));
        }
    }
    let t = &capacity.traceability;
    if !t.unserved_key_results.is_empty() {
        out.push_str("\nKey results no initiative serves:\n");
        for u in &t.unserved_key_results {
            out.push_str(&format!(
                "  {}: {} ({})\n",
                neutralise(&u.objective),
                key_result_words(u, |t| neutralise(t).into_owned()),
                u.quarter
            ));
        }
    }
    if !t.untraced_initiatives.is_empty() {
        out.push_str("\nActive work that serves no objective:\n");
        for i in &t.untraced_initiatives {
            out.push_str(&format!(
                "  {} ({}){}\n",
                neutralise(&i.record),
                neutralise(&i.title),
                i.team
                    .as_ref()
                    .map(|team| format!(", team {}", neutralise(team)))
                    .unwrap_or_default()
            ));
        }
    }
    out
}

/// "`p95` (p95 latency)", or "no key result" for an objective without one;
/// the plan's words go through `clean` (neutralised or escaped).
fn key_result_words(u: &UnservedKeyResult, clean: fn(&str) -> String) -> String {
    match (&u.key, &u.metric) {
        (Some(key), Some(metric)) => format!("{} ({})", clean(key), clean(metric)),
        (Some(key), None) => clean(key),
        (None, _) => "no key result".into(),
    }
}

fn traceability_markdown(t: &Traceability) -> String {
    let mut out = String::new();
    if !t.unserved_key_results.is_empty() {
        out.push_str("\n## Key results no initiative serves\n\n");
        for u in &t.unserved_key_results {
            out.push_str(&format!(
                "- {} ({}, {}): {}\n",
                escape(&u.title),
                escape(&u.objective),
                u.quarter,
                key_result_words(u, escape)
            ));
        }
    }
    if !t.untraced_initiatives.is_empty() {
        out.push_str("\n## Active work that serves no objective\n\n");
        for i in &t.untraced_initiatives {
            out.push_str(&format!("- {} ({})\n", escape(&i.title), escape(&i.record)));
        }
    }
    out
}

pub fn markdown(capacity: &Capacity) -> String {
    let mut out = format!("# Capacity\n\nIn {}.\n", settings_line(capacity));
    for quarter in &capacity.quarters {
        out.push_str(&format!(
            "\n## {} ({} to {})\n\n| Team | People | Supply | Demand | Load |\n|---|---:|---:|---:|---:|\n",
            quarter.quarter, quarter.start, quarter.end
        ));
        let cell = |f: &Figures| {
            let load = load_words(f);
            let load = if f.load.is_some_and(|l| l > 1.0) {
                format!("**{load}** (over)")
            } else {
                load
            };
            format!(
                "{} | {} | {} | {load} |",
                weeks(f.people),
                weeks(f.supply),
                weeks(f.demand)
            )
        };
        for team in &quarter.teams {
            out.push_str(&format!(
                "| {}{} | {}\n",
                "— ".repeat(team.depth),
                escape(&team.name),
                cell(&team.figures)
            ));
        }
        if quarter.unassigned != Figures::default() {
            out.push_str(&format!("| (no team) | {}\n", cell(&quarter.unassigned)));
        }
        out.push_str(&format!("| **Organisation** | {}\n", cell(&quarter.total)));
        let changes: Vec<String> = quarter
            .teams
            .iter()
            .flat_map(|t| t.changes.iter().map(move |c| (t, c)))
            .map(|(t, c)| {
                format!(
                    "- {}: {} {} ({}, {})",
                    escape(&t.name),
                    c.change,
                    escape(&c.title),
                    escape(&c.record),
                    c.date
                )
            })
            .collect();
        if !changes.is_empty() {
            out.push_str(&format!("\n{}\n", changes.join("\n")));
        }
    }
    if !capacity.unestimated.is_empty() {
        out.push_str(
            "\n## Not counted\n\nPlanned or active work without an estimate or a quarter:\n\n",
        );
        for u in &capacity.unestimated {
            out.push_str(&format!(
                "- {} ({}): no {}\n",
                escape(&u.title),
                escape(&u.record),
                u.missing
            ));
        }
    }
    out.push_str(&traceability_markdown(&capacity.traceability));
    out
}

pub fn json(capacity: &Capacity) -> String {
    let mut text = serde_json::to_string_pretty(capacity).expect("capacity serialises");
    text.push('\n');
    text
}
