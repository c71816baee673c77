//! The review's context: every number and list the review shows, as data.
//!
//! `--format json` prints exactly this, and templates receive exactly this,
//! so its fields are documented in docs/review.md and only ever added to.

use jiff::civil::Date;

use crate::history::CommitInfo;

/// Where a claim comes from: the commit (and pull request) that caused it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    pub commit: String,
    pub pull_request: Option<u64>,
    /// Who wrote the change (for a merge, the merged branch's author).
    pub author: String,
    /// Who merged it, when someone else did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_by: Option<String>,
    /// The day it was recorded on the main line, in the committer's zone.
    pub date: Date,
    /// `3f2a1bc (#42)`.
    pub cite: String,
}

impl Citation {
    pub fn of(commit: &CommitInfo) -> Citation {
        Citation {
            commit: commit.short.clone(),
            pull_request: commit.pull_request,
            author: commit.author.clone(),
            merged_by: commit.merged_by.clone(),
            date: commit.date(),
            cite: commit.cite(),
        }
    }
}

/// A record named in the review.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    /// `kind/id`.
    pub record: String,
    pub id: String,
    pub title: String,
    /// The commit behind the claim, when one is known.
    pub source: Option<Citation>,
    /// A short phrase: "slipped 2 quarters (2026-Q3 → 2027-Q1)", "shipped 2026-08-14".
    pub detail: String,
    /// Present and true when the fact happened in the quarter but `source`
    /// recorded it after the quarter ended.
    #[serde(default, skip_serializing_if = "is_false")]
    pub recorded_late: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &f64) -> bool {
    *n == 0.0
}

/// A fact that was recorded for the quarter and later undone: a ship
/// reverted, a joining date moved out of the quarter, a record deleted
/// before its date. It counts nowhere; the review lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Retraction {
    pub record: String,
    pub id: String,
    pub title: String,
    /// What had been recorded: "shipped 2026-05-10", "joined 2026-08-10".
    pub fact: String,
    /// The commit that recorded it.
    pub source: Citation,
    /// The commit that undid it.
    pub retracted: Citation,
    /// Whether it was undone after the quarter ended: a correction to it.
    pub correction: bool,
}

/// Where the plan's history begins, when it begins in or after the quarter's
/// first day: the records of that commit are the baseline, not additions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Baseline {
    pub source: Citation,
    /// How many records the baseline holds.
    pub records: usize,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Review {
    pub plan: String,
    pub quarter: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub next_quarter: String,
    pub currency: String,
    /// The commits the two snapshots were read from.
    pub start_commit: Option<String>,
    pub end_commit: Option<String>,
    /// Where the plan's history begins, when that is in the history read.
    pub baseline: Option<Baseline>,
    pub headline: Headline,
    pub roadmap: Roadmap,
    pub decisions: Decisions,
    pub team: Team,
    pub budget: Budget,
    pub risks: Risks,
    pub objectives: Vec<Objective>,
    /// The technology radar's moves during the quarter, oldest first.
    pub radar: Vec<crate::radar::Move>,
    pub outlook: Outlook,
    pub activity: Activity,
    /// Caveats about the data (a shallow clone, a plan younger than the quarter).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Headline {
    /// Initiatives targeted at the quarter when it began (planned, active or paused).
    pub committed: usize,
    /// Of those, how many shipped during the quarter.
    pub committed_shipped: usize,
    /// committed_shipped ÷ committed, when anything was committed.
    pub predictability: Option<f64>,
    /// Everything that shipped during the quarter, committed or not.
    pub shipped: usize,
    /// Initiatives whose target moved later during the quarter.
    pub slipped: usize,
    /// Of those, the ones that moved out of this quarter…
    pub slipped_committed: usize,
    /// …and the ones whose later target moved further.
    pub slipped_later: usize,
    /// Facts recorded for the quarter and undone (reverted ships, retracted
    /// joiners and leavers); they count nowhere else.
    pub retracted: usize,
    /// Decisions accepted or rejected during the quarter.
    pub decisions_taken: usize,
    pub headcount_start: usize,
    pub headcount_end: usize,
    pub net_headcount: i64,
    pub budget_planned: f64,
    pub budget_actual: f64,
    /// actual − planned.
    pub budget_variance: f64,
    /// Budget lines with no actual yet, and what they planned.
    pub budget_not_reported: NotReported,
    pub top_risk: Option<RiskItem>,
}

/// Budget lines with no `actual` yet: excluded from actual and variance.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NotReported {
    pub lines: usize,
    pub planned: f64,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Roadmap {
    pub shipped: Vec<Item>,
    pub slipped: Vec<Slip>,
    pub added: Vec<Item>,
    pub cancelled: Vec<Item>,
    /// Committed at the start, neither shipped nor cancelled by the end.
    pub carried_over: Vec<Item>,
    pub active: Vec<Item>,
    /// Ships recorded for the quarter and undone since (a revert, the status
    /// set back, the `shipped` date moved out).
    pub reverted: Vec<Retraction>,
    /// For the timeline chart: every initiative the quarter touched.
    pub timeline: Vec<TimelineBar>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Slip {
    pub record: String,
    pub id: String,
    pub title: String,
    pub from: String,
    pub to: String,
    pub quarters: i32,
    pub source: Citation,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimelineBar {
    pub id: String,
    pub title: String,
    /// done (shipped), active, or crit (slipped or carried over).
    pub state: String,
    pub start: Date,
    pub end: Date,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decisions {
    pub accepted: Vec<Item>,
    pub rejected: Vec<Item>,
    pub superseded: Vec<Item>,
    /// Still proposed at the end; `detail` says for how long.
    pub still_proposed: Vec<Item>,
    /// Median days from proposed to decided, over the decisions taken.
    pub median_days_to_decide: Option<f64>,
    /// Decisions and risks whose `review_by` falls in the next quarter.
    pub reviews_due_next_quarter: Vec<Item>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Team {
    pub joiners: Vec<Item>,
    pub leavers: Vec<Item>,
    pub moves: Vec<Item>,
    /// Joinings and leavings recorded for the quarter and undone since.
    pub retracted: Vec<Retraction>,
    /// Per team, sub-teams right under their parent.
    pub headcount: Vec<TeamHeadcount>,
    /// The whole organisation, for the table's last row.
    pub headcount_total: TeamHeadcount,
    pub roles_opened: Vec<Item>,
    pub roles_filled: Vec<Item>,
    /// Median days from opened to filled, over the roles filled.
    pub median_days_to_fill: Option<f64>,
    /// Per team: the quarter's supply (the people there, as it ended)
    /// against its demand (the work committed, as it began); empty when no
    /// work is estimated.
    pub capacity: Vec<TeamLoad>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TeamHeadcount {
    pub team: String,
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub target: Option<i64>,
    /// How many parents the team has (0 for a top-level team).
    pub depth: usize,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Budget {
    /// Whether the quarter has a budget file.
    pub exists: bool,
    /// Whether any line records what was actually spent.
    pub has_actuals: bool,
    pub planned: f64,
    pub actual: f64,
    /// actual − planned, over the lines that report an actual only.
    pub variance: f64,
    /// Lines with no actual yet.
    pub not_reported: NotReported,
    pub by_category: Vec<BudgetRow>,
    pub by_initiative: Vec<BudgetRow>,
    /// Lines whose actual exceeds planned by more than the plan's threshold.
    pub over_threshold: Vec<BudgetRow>,
    pub threshold_percent: f64,
    /// The last commit that changed the quarter's budget.
    pub source: Option<Citation>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BudgetRow {
    pub name: String,
    pub planned: f64,
    pub actual: f64,
    /// actual − planned, over the lines that report an actual.
    pub variance: f64,
    /// For a budget line: its category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Planned on lines with no actual yet (left out of `variance`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_reported: f64,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Risks {
    pub opened: Vec<Item>,
    pub closed: Vec<Item>,
    pub top_open: Vec<RiskItem>,
    /// Score raised, one item per move.
    pub escalations: Vec<Item>,
    /// Score lowered, one item per move.
    pub eased: Vec<Item>,
    /// Each risk whose score moved, from its first to its last score of the quarter.
    pub net_changes: Vec<RiskNet>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RiskNet {
    pub record: String,
    pub id: String,
    pub title: String,
    pub from: i64,
    pub to: i64,
    /// to − from.
    pub net: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RiskItem {
    pub record: String,
    pub id: String,
    pub title: String,
    pub score: i64,
    pub likelihood: i64,
    pub impact: i64,
    pub status: String,
    pub owner: Option<String>,
    /// The owner's name, when the owner is a person of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Objective {
    pub record: String,
    pub id: String,
    pub title: String,
    pub status: Option<String>,
    pub key_results: Vec<KeyResult>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeyResult {
    pub key: String,
    pub metric: String,
    pub unit: Option<String>,
    /// Readings as written: an integer stays an integer, however large
    /// (an `f64` would round it beyond 2^53).
    pub baseline: Option<serde_json::Number>,
    pub target: serde_json::Number,
    pub current: Option<serde_json::Number>,
    /// From baseline (0) to target (1); may exceed 1 or fall below 0.
    pub progress: Option<f64>,
    /// The last commit that moved `current` during the quarter.
    pub source: Option<Citation>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outlook {
    pub committed: Vec<Item>,
    /// Next quarter's initiatives at risk, with the reasons in `detail`.
    pub at_risk: Vec<Item>,
    /// People recorded ahead of their date: "starting 2026-08-10",
    /// "leaving 2026-10-15".
    pub people: Vec<Item>,
    /// Each team's load in the next quarter, as the plan stood at the
    /// quarter's end (docs/capacity.md); empty when no work is estimated.
    pub capacity: Vec<TeamLoad>,
    /// Skills the next quarter's work needs that one person or nobody has.
    pub key_person: Vec<KeyPersonRisk>,
}

/// A team's supply and demand in one quarter, in engineer-weeks.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TeamLoad {
    pub team: String,
    pub name: String,
    /// How many parents the team has (0 for a top-level team).
    pub depth: usize,
    pub supply: f64,
    pub demand: f64,
    /// Demand ÷ supply; `None` without supply.
    pub load: Option<f64>,
    /// Above `[capacity] over_capacity_percent`, or demand without supply.
    pub over: bool,
}

/// A skill some work needs that one person or nobody has.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeyPersonRisk {
    pub skill: String,
    /// `person/ID` of the one person who has it; `None` when nobody does.
    pub person: Option<String>,
    pub person_name: Option<String>,
    pub needed_by: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Activity {
    /// Commits on the main line that changed the plan during the quarter.
    pub commits: usize,
    /// The authors of the commits that changed the plan, the commits of
    /// merged branches included.
    pub contributors: Vec<Contributor>,
    /// Who merged others' changes onto the main line, by merges.
    pub merged_by: Vec<Contributor>,
    pub pull_requests: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Contributor {
    pub name: String,
    pub commits: usize,
}
