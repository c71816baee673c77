//! Capacity: can each team deliver what it has committed to? Supply and
//! demand in engineer-weeks per team and quarter, from the people (by their
//! `joined` and `left` dates, `allocation` and their team's `focus`), the
//! open roles (from their expected start, ramping up) and the estimated
//! initiatives (spread from `start` to their target `quarter`). The
//! formulas are documented, with a worked example, in `docs/capacity.md`.
//! Beside the figures, the traceability of the work to the objectives: key
//! results nothing serves, active work that serves no objective.
//!
//! Pure: reads one plan and its settings, never git, files or a clock (the
//! caller passes the quarters), and renders nothing. A load is `None` when a
//! team has no supply: a ratio over zero is no number to show.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;

use crate::model::{CapacitySettings, Entry, Kind, Plan, Quarter, Record, Value};

/// Supply, demand and load per team for each quarter asked for.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Capacity {
    pub settings: CapacitySettings,
    pub quarters: Vec<QuarterCapacity>,
    /// Planned, active or paused initiatives that cannot be charged: no
    /// estimate, or no target quarter. Listed, never guessed.
    pub unestimated: Vec<Unestimated>,
    /// Work and goals of the quarters that do not meet: see [`traceability`].
    pub traceability: Traceability,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuarterCapacity {
    pub quarter: String,
    pub start: Date,
    pub end: Date,
    /// The quarter's length in weeks (days ÷ 7).
    pub weeks: f64,
    /// Every team, parents before their sub-teams (depth-first by id); a
    /// team's figures include its sub-teams'.
    pub teams: Vec<TeamCapacity>,
    /// People, roles and work that belong to no team.
    pub unassigned: Figures,
    /// The organisation: every team and the unassigned.
    pub total: Figures,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamCapacity {
    pub team: String,
    pub name: String,
    pub parent: Option<String>,
    /// How deep it sits under top-level teams (0 for a top-level team).
    pub depth: usize,
    /// The focus used for its own people.
    pub focus: f64,
    /// Its own people, roles and work only.
    pub own: Figures,
    /// With its sub-teams rolled up.
    pub figures: Figures,
    /// The joiners, leavers and hires of the quarter, in the team itself.
    pub changes: Vec<StaffChange>,
}

/// One team's (or the organisation's) numbers for a quarter.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Figures {
    /// People in full-time equivalents over the quarter (a person there for
    /// half of it at allocation 1 is 0.5), open roles included.
    pub people: f64,
    /// Engineer-weeks available for roadmap work.
    pub supply: f64,
    /// Engineer-weeks the estimated initiatives need in the quarter.
    pub demand: f64,
    /// Demand ÷ supply; `None` when there is no supply.
    pub load: Option<f64>,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.people += other.people;
        self.supply += other.supply;
        self.demand += other.demand;
        self.settle();
    }

    fn settle(&mut self) {
        self.load = (self.supply > 0.0).then(|| self.demand / self.supply);
    }
}

/// Something in the quarter that changes a team's supply.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StaffChange {
    /// `joins`, `leaves` or `hire` (an open role's expected start).
    pub change: &'static str,
    pub record: String,
    pub title: String,
    pub date: Date,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unestimated {
    pub record: String,
    pub title: String,
    pub team: Option<String>,
    pub quarter: Option<String>,
    /// What is missing: `estimate` or `quarter`.
    pub missing: &'static str,
}

/// The statuses whose work still needs doing.
const OPEN_WORK: &[&str] = &["planned", "active", "paused"];

/// Capacity of every team for each of `quarters`, in order.
pub fn capacity(plan: &Plan, quarters: &[Quarter]) -> Capacity {
    let settings = plan.config.capacity;
    let fiscal = plan.config.fiscal_year_start_month;
    let order = team_order(plan);
    let traced = traceability(plan, quarters);
    // A team the plan does not have (a dangling reference, which `check`
    // reports) counts as no team: its figures stay in the organisation's.
    fn team_of<'p>(plan: &Plan, record: &'p Record) -> Option<&'p str> {
        record
            .fields
            .text("team")
            .filter(|team| plan.get(Kind::Team, team).is_some())
    }
    let quarters = quarters
        .iter()
        .map(|&quarter| {
            let (start, end) = (quarter.start_date(fiscal), quarter.end_date(fiscal));
            let window = Window::new(start, end);
            let mut own: BTreeMap<Option<&str>, Figures> = BTreeMap::new();
            let mut changes: BTreeMap<&str, Vec<StaffChange>> = BTreeMap::new();
            for person in plan.of_kind(Kind::Person) {
                let team = team_of(plan, person);
                let figures = own.entry(team).or_default();
                let share = window.share(person.fields.date("joined"), person.fields.date("left"));
                let allocation = person.fields.number("allocation").unwrap_or(1.0);
                figures.people += share * allocation;
                figures.supply += share
                    * (window.weeks - settings.leave_weeks).max(0.0)
                    * allocation
                    * focus_of(plan, team, &settings);
                if let Some(team) = team {
                    for (change, field) in [("joins", "joined"), ("leaves", "left")] {
                        if let Some(date) = person.fields.date(field).filter(|d| window.holds(*d)) {
                            changes.entry(team).or_default().push(StaffChange {
                                change,
                                record: person.reference(),
                                title: person.title().to_owned(),
                                date,
                            });
                        }
                    }
                }
            }
            for role in plan.of_kind(Kind::Role).filter(|r| counts_as_hire(plan, r)) {
                let Some(from) = role
                    .fields
                    .date("expected_start")
                    .or_else(|| role.fields.quarter("quarter").map(|q| q.start_date(fiscal)))
                else {
                    continue;
                };
                let team = team_of(plan, role);
                let figures = own.entry(team).or_default();
                let share = window.share(Some(from), None);
                figures.people += share;
                figures.supply +=
                    window.ramped_weeks(from, &settings, share) * focus_of(plan, team, &settings);
                if let Some(team) = team.filter(|_| window.holds(from)) {
                    changes.entry(team).or_default().push(StaffChange {
                        change: "hire",
                        record: role.reference(),
                        title: role.title().to_owned(),
                        date: from,
                    });
                }
            }
            for initiative in open_work(plan) {
                if let Some(weeks) = demand_in(initiative, quarter) {
                    own.entry(team_of(plan, initiative)).or_default().demand += weeks;
                }
            }
            for figures in own.values_mut() {
                figures.settle();
            }
            for list in changes.values_mut() {
                list.sort_by(|a, b| (a.date, &a.record).cmp(&(b.date, &b.record)));
            }
            let teams = roll_up(plan, &order, &own, &mut changes, &settings);
            let unassigned = own.get(&None).cloned().unwrap_or_default();
            let mut total = unassigned.clone();
            for team in teams.iter().filter(|t| t.depth == 0) {
                total.add(&team.figures);
            }
            total.settle();
            QuarterCapacity {
                quarter: quarter.to_string(),
                start,
                end,
                weeks: window.weeks,
                teams,
                unassigned,
                total,
            }
        })
        .collect();
    Capacity {
        settings,
        quarters,
        unestimated: unestimated(plan),
        traceability: traced,
    }
}

/// Engineer-weeks as every report shows them: to one decimal ("14.5").
pub fn weeks(n: f64) -> String {
    crate::text::number(tenths(n))
}

/// Engineer-weeks to one decimal, for figures handed to templates: rounded
/// once, here, so no report shows a figure rounded twice.
pub fn tenths(n: f64) -> f64 {
    (n * 10.0).round() / 10.0
}

/// A load as a whole percentage ("88%"), but with one decimal where a whole
/// number would land on `line_percent` without being it: a load of 100.4%
/// is over a line at 100% and must not read "100% … over".
pub fn percent(load: f64, line_percent: f64) -> String {
    let percent = load * 100.0;
    if percent.round() == line_percent.round() && (percent - line_percent).abs() > 1e-9 {
        format!("{percent:.1}%")
    } else {
        format!("{percent:.0}%")
    }
}

/// Where the plan's work and its objectives do not meet, in some quarters.
///
/// Initiatives name objectives (`objectives`), never single key results, so
/// an initiative serves every key result of the objectives it names.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Traceability {
    /// Key results of the quarters' unfinished objectives that no initiative
    /// serves (no initiative but cancelled ones names their objective); an
    /// objective without key results is listed once, with no `key`.
    pub unserved_key_results: Vec<UnservedKeyResult>,
    /// Active initiatives whose work spans one of the quarters and whose
    /// `objectives` name no objective of the plan.
    pub untraced_initiatives: Vec<UntracedInitiative>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnservedKeyResult {
    /// The objective, as `objective/ID`.
    pub objective: String,
    pub title: String,
    pub quarter: String,
    /// The key result's key (`[key_result.KEY]`); `None` for an objective
    /// that has none.
    pub key: Option<String>,
    /// What the key result measures, when it says.
    pub metric: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UntracedInitiative {
    pub record: String,
    pub title: String,
    pub team: Option<String>,
    pub quarter: Option<String>,
}

/// The key results no initiative serves and the active initiatives that
/// serve no objective, among the objectives and the work of `quarters`.
pub fn traceability(plan: &Plan, quarters: &[Quarter]) -> Traceability {
    // The objectives some work that is not cancelled serves, found once
    // (asking every initiative for every objective grew with their
    // product: a quarter of `check` on 10,000 records).
    let served: std::collections::HashSet<&str> = plan
        .of_kind(Kind::Initiative)
        .filter(|initiative| initiative.status() != Some("cancelled"))
        .flat_map(|initiative| {
            initiative
                .fields
                .texts("objectives")
                .into_iter()
                .filter_map(|(reference, _)| {
                    plan.resolve(reference, Some(Kind::Objective))
                        .ok()
                        .map(|objective| objective.id.as_str())
                })
        })
        .collect();
    let mut unserved_key_results = Vec::new();
    for objective in plan.of_kind(Kind::Objective) {
        let Some(quarter) = objective.fields.quarter("quarter") else {
            continue;
        };
        if objective.is_finished()
            || !quarters.contains(&quarter)
            || served.contains(objective.id.as_str())
        {
            continue;
        }
        let unserved = |key: Option<&str>, metric: Option<&str>| UnservedKeyResult {
            objective: objective.reference(),
            title: objective.title().to_owned(),
            quarter: quarter.to_string(),
            key: key.map(str::to_owned),
            metric: metric.map(str::to_owned),
        };
        let results: Vec<&Entry> = objective
            .fields
            .table("key_result")
            .map(|keyed| keyed.entries.iter().collect())
            .unwrap_or_default();
        if results.is_empty() {
            unserved_key_results.push(unserved(None, None));
        }
        for result in results {
            let metric = match &result.value {
                Value::Table(table) => table.text("metric"),
                _ => None,
            };
            unserved_key_results.push(unserved(Some(&result.key), metric));
        }
    }
    let untraced_initiatives = plan
        .of_kind(Kind::Initiative)
        .filter(|initiative| initiative.status() == Some("active"))
        .filter(|initiative| {
            demand_quarters(initiative).is_some_and(|(start, target)| {
                quarters.iter().any(|q| (start..=target).contains(q))
            })
        })
        .filter(|initiative| {
            !initiative
                .fields
                .texts("objectives")
                .iter()
                .any(|(reference, _)| plan.resolve(reference, Some(Kind::Objective)).is_ok())
        })
        .map(|initiative| UntracedInitiative {
            record: initiative.reference(),
            title: initiative.title().to_owned(),
            team: initiative.fields.text("team").map(str::to_owned),
            quarter: initiative.fields.quarter("quarter").map(|q| q.to_string()),
        })
        .collect();
    Traceability {
        unserved_key_results,
        untraced_initiatives,
    }
}

/// Narrows a quarter to one team and its sub-teams (depths counted from
/// it); the team's own figures become the total.
pub fn only_team(quarter: &mut QuarterCapacity, team: &str) {
    let Some(at) = quarter.teams.iter().position(|t| t.team == team) else {
        return;
    };
    let depth = quarter.teams[at].depth;
    // Depth-first order: the sub-teams follow it, deeper than it.
    let end = quarter.teams[at + 1..]
        .iter()
        .position(|t| t.depth <= depth)
        .map_or(quarter.teams.len(), |i| at + 1 + i);
    let mut teams: Vec<TeamCapacity> = quarter.teams.drain(at..end).collect();
    for t in &mut teams {
        t.depth -= depth;
    }
    teams[0].parent = None;
    quarter.total = teams[0].figures.clone();
    quarter.unassigned = Figures::default();
    quarter.teams = teams;
}

/// The quarters an open initiative's work spans, from its `start` (or its
/// target alone) to its target `quarter`; `None` for work that is not open
/// (shipped, cancelled, proposed) or has no target quarter.
pub fn demand_quarters(initiative: &Record) -> Option<(Quarter, Quarter)> {
    if !initiative.status().is_some_and(|s| OPEN_WORK.contains(&s)) {
        return None;
    }
    let target = initiative.fields.quarter("quarter")?;
    let start = initiative
        .fields
        .quarter("start")
        .filter(|s| *s <= target)
        .unwrap_or(target);
    Some((start, target))
}

/// The engineer-weeks an initiative needs in `quarter`: its estimate spread
/// evenly over its [`demand_quarters`].
pub fn demand_in(initiative: &Record, quarter: Quarter) -> Option<f64> {
    let (start, target) = demand_quarters(initiative)?;
    let total = estimate(initiative)?;
    if quarter < start || quarter > target {
        return None;
    }
    let mut span = 1.0;
    let mut q = start;
    while q < target {
        q = q.next();
        span += 1.0;
    }
    Some(total / span)
}

/// Engineers × weeks, when both are given.
fn estimate(initiative: &Record) -> Option<f64> {
    let estimate = initiative.fields.table("estimate")?;
    Some(estimate.number("engineers")? * estimate.number("weeks")?)
}

fn open_work(plan: &Plan) -> impl Iterator<Item = &Record> {
    plan.of_kind(Kind::Initiative)
        .filter(|i| i.status().is_some_and(|s| OPEN_WORK.contains(&s)))
}

fn unestimated(plan: &Plan) -> Vec<Unestimated> {
    open_work(plan)
        .filter_map(|i| {
            let missing = if i.fields.quarter("quarter").is_none() {
                "quarter"
            } else if estimate(i).is_none() {
                "estimate"
            } else {
                return None;
            };
            Some(Unestimated {
                record: i.reference(),
                title: i.title().to_owned(),
                team: i.fields.text("team").map(str::to_owned),
                quarter: i.fields.quarter("quarter").map(|q| q.to_string()),
                missing,
            })
        })
        .collect()
}

/// Whether a role is supply still to come: not cancelled, and not filled by
/// someone the plan already counts as a person.
fn counts_as_hire(plan: &Plan, role: &Record) -> bool {
    match role.status() {
        Some("cancelled") | None => false,
        Some("filled") => role
            .fields
            .text("hire")
            .is_none_or(|hire| plan.get(Kind::Person, hire).is_none()),
        Some(_) => true,
    }
}

fn focus_of(plan: &Plan, team: Option<&str>, settings: &CapacitySettings) -> f64 {
    team.and_then(|t| plan.get(Kind::Team, t))
        .and_then(|t| t.fields.number("focus"))
        .unwrap_or(settings.focus)
}

/// Teams depth-first from the top-level ones, each with its depth; a team
/// whose parents loop (which `check` reports) is treated as top-level.
fn team_order(plan: &Plan) -> Vec<(&Record, usize)> {
    let has_parent = |team: &Record| {
        team.fields
            .text("parent")
            .is_some_and(|p| plan.get(Kind::Team, p).is_some())
    };
    let mut tops: Vec<&Record> = plan
        .of_kind(Kind::Team)
        .filter(|t| !has_parent(t) || in_loop(plan, t))
        .collect();
    tops.sort_by(|a, b| a.id.cmp(&b.id));
    // Each team's sub-teams, found in one pass: a search of every team for
    // each team's children took a fifth of a `check` of 100,000 records.
    let mut children: HashMap<&str, Vec<&Record>> = HashMap::new();
    for team in plan.of_kind(Kind::Team) {
        if let Some(parent) = team.fields.text("parent") {
            children.entry(parent).or_default().push(team);
        }
    }
    for subteams in children.values_mut() {
        subteams.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    fn visit<'p>(
        children: &HashMap<&'p str, Vec<&'p Record>>,
        team: &'p Record,
        depth: usize,
        order: &mut Vec<(&'p Record, usize)>,
        seen: &mut HashSet<&'p str>,
    ) {
        if !seen.insert(team.id.as_str()) {
            return;
        }
        order.push((team, depth));
        for child in children.get(team.id.as_str()).into_iter().flatten() {
            visit(children, child, depth + 1, order, seen);
        }
    }
    for top in tops {
        visit(&children, top, 0, &mut order, &mut seen);
    }
    order
}

fn in_loop(plan: &Plan, team: &Record) -> bool {
    let mut seen = HashSet::new();
    let mut at = team;
    while let Some(parent) = at
        .fields
        .text("parent")
        .and_then(|p| plan.get(Kind::Team, p))
    {
        if parent.id == team.id {
            return true;
        }
        if !seen.insert(parent.id.as_str()) {
            return false;
        }
        at = parent;
    }
    false
}

fn roll_up(
    plan: &Plan,
    order: &[(&Record, usize)],
    own: &BTreeMap<Option<&str>, Figures>,
    changes: &mut BTreeMap<&str, Vec<StaffChange>>,
    settings: &CapacitySettings,
) -> Vec<TeamCapacity> {
    let mut teams: Vec<TeamCapacity> = order
        .iter()
        .map(|(team, depth)| {
            let mine = own
                .get(&Some(team.id.as_str()))
                .cloned()
                .unwrap_or_default();
            TeamCapacity {
                team: team.id.clone(),
                name: team.title().to_owned(),
                parent: team
                    .fields
                    .text("parent")
                    .filter(|_| *depth > 0)
                    .map(str::to_owned),
                depth: *depth,
                focus: focus_of(plan, Some(&team.id), settings),
                figures: mine.clone(),
                own: mine,
                changes: changes.remove(team.id.as_str()).unwrap_or_default(),
            }
        })
        .collect();
    // Depth-first order puts every sub-team after its parent: adding from
    // the end up rolls each team into its parent once, whole.
    for i in (0..teams.len()).rev() {
        let Some(parent) = teams[i].parent.clone() else {
            continue;
        };
        let figures = teams[i].figures.clone();
        if let Some(p) = teams[..i].iter_mut().rev().find(|t| t.team == parent) {
            p.figures.add(&figures);
        }
    }
    teams
}

/// A quarter's days, for shares of it.
struct Window {
    start: Date,
    end: Date,
    days: f64,
    weeks: f64,
}

impl Window {
    fn new(start: Date, end: Date) -> Window {
        let days = (days_between(start, end) + 1) as f64;
        Window {
            start,
            end,
            days,
            weeks: days / 7.0,
        }
    }

    fn holds(&self, day: Date) -> bool {
        day >= self.start && day <= self.end
    }

    /// The share of the quarter between `from` and `until` (both included;
    /// open ends are the quarter's own).
    fn share(&self, from: Option<Date>, until: Option<Date>) -> f64 {
        let first = from.map_or(self.start, |f| f.max(self.start));
        let last = until.map_or(self.end, |u| u.min(self.end));
        if last < first {
            return 0.0;
        }
        (days_between(first, last) + 1) as f64 / self.days
    }

    /// The engineer-weeks of a hire starting on `from`: the ramp-up at
    /// reduced output, then full weeks, less the leave allowance for the
    /// `share` of the quarter they are here.
    fn ramped_weeks(&self, from: Date, settings: &CapacitySettings, share: f64) -> f64 {
        if share == 0.0 {
            return 0.0;
        }
        let first = from.max(self.start);
        let ramp_days = settings.ramp_up_weeks * 7.0;
        // Days of the ramp-up already behind them when the quarter begins.
        let ramped_before = days_between(from, first) as f64;
        let present = days_between(first, self.end) as f64 + 1.0;
        let ramping = (ramp_days - ramped_before).clamp(0.0, present);
        let weeks = (ramping * settings.ramp_up_output + (present - ramping)) / 7.0;
        (weeks - settings.leave_weeks * share).max(0.0)
    }
}

fn days_between(from: Date, to: Date) -> i64 {
    i64::from(from.until(to).map_or(0, |span| span.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quarter(text: &str) -> Quarter {
        text.parse().unwrap()
    }

    #[test]
    fn a_window_counts_the_days_present_including_both_ends() {
        let q = quarter("2027-Q1");
        let w = Window::new(q.start_date(1), q.end_date(1));
        assert_eq!(w.days, 90.0);
        let mid = jiff::civil::date(2027, 2, 15);
        // From Feb 15 to Mar 31: 14 + 31 days.
        assert_eq!(w.share(Some(mid), None), 45.0 / 90.0);
        assert_eq!(w.share(None, Some(jiff::civil::date(2026, 12, 31))), 0.0);
    }

    #[test]
    fn a_percentage_never_rounds_onto_the_line() {
        assert_eq!(super::percent(0.88, 100.0), "88%");
        assert_eq!(super::percent(1.004, 100.0), "100.4%");
        assert_eq!(super::percent(0.996, 100.0), "99.6%");
        assert_eq!(super::percent(1.0, 100.0), "100%");
        assert_eq!(super::percent(0.903, 90.0), "90.3%");
        assert_eq!(super::percent(1.3149, 100.0), "131%");
    }
}
