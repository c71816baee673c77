//! The fixture history of the diff tests: a plan with every kind of record
//! ([`BEFORE`]), then one commit in which each record changes in a way that
//! means something ([`AFTER`], [`DELETED`]).

use crate::common::GitPlan;

/// The plan before: every kind of record, each about to change in a way
/// that means something.
pub const BEFORE: &[(&str, &str)] = &[
    (
        "team/teams/core.toml",
        r#"name = "Core"
lead = "alice"
mission = "Keep the lights on."
"#,
    ),
    (
        "team/teams/growth.toml",
        r#"name = "Growth"
lead = "carol"
"#,
    ),
    (
        "team/teams/data.toml",
        r#"name = "Data"
headcount_target = 4
"#,
    ),
    (
        "team/people/alice.toml",
        r#"name = "Alice Martin"
role = "CTO"
team = "core"
joined = 2024-02-01
"#,
    ),
    (
        "team/people/bob.toml",
        r#"name = "Bob Stone"
role = "Staff Engineer"
team = "core"
manager = "alice"
"#,
    ),
    (
        "team/people/carol.toml",
        r#"name = "Carol Diaz"
role = "Engineering Manager"
team = "growth"
manager = "alice"
"#,
    ),
    (
        "team/people/dan.toml",
        r#"name = "Dan Wu"
role = "Engineer"
team = "growth"
manager = "carol"
"#,
    ),
    (
        "roadmap/search-v2.toml",
        r#"title = "Search v2"
status = "active"
owner = "alice"
team = "core"
quarter = "2026-Q3"
tags = ["search", "infra"]

[milestone.beta]
title = "Beta"
due = 2026-09-01
"#,
    ),
    (
        "roadmap/billing.toml",
        r#"title = "Usage-based billing"
status = "planned"
summary = "Charge by usage."
owner = "bob"
team = "growth"
quarter = "2027-Q2"
"#,
    ),
    (
        "roadmap/mobile.toml",
        r#"title = "Mobile app"
status = "shipped"
owner = "carol"
team = "growth"
quarter = "2026-Q2"
shipped = 2026-06-15
"#,
    ),
    (
        "roadmap/sso.toml",
        r#"title = "Single sign-on"
status = "active"
owner = "alice"
team = "core"
quarter = "2026-Q4"
"#,
    ),
    (
        "roadmap/legacy-api.toml",
        r#"title = "Legacy API sunset"
status = "cancelled"
owner = "alice"
"#,
    ),
    (
        "objectives/fast-search.toml",
        r#"title = "Make search fast"
quarter = "2026-Q4"
owner = "alice"
status = "draft"

[key_result.p95]
metric = "p95 search latency"
unit = "ms"
baseline = 400
target = 200
current = 350

[key_result.uptime]
metric = "Search uptime"
unit = "%"
target = 99.9
current = 99.5
"#,
    ),
    (
        "decisions/use-postgres.toml",
        r#"title = "Use Postgres for search"
status = "accepted"
proposed = 2026-01-05
decided = 2026-01-10
deciders = ["alice"]
context = "We need a database."
decision = "Postgres."
"#,
    ),
    (
        "decisions/use-kafka.toml",
        r#"title = "Use Kafka for events"
status = "accepted"
proposed = 2026-02-01
decided = 2026-02-10
context = "Services need events."
decision = "Kafka."
"#,
    ),
    (
        "decisions/use-grpc.toml",
        r#"title = "Use gRPC between services"
status = "proposed"
proposed = 2026-10-01
context = "JSON over HTTP is slow."
"#,
    ),
    (
        "decisions/use-graphql.toml",
        r#"title = "Use GraphQL for the public API"
status = "proposed"
proposed = 2026-10-02
context = "Clients ask for flexible queries."
"#,
    ),
    (
        "risks/vendor-lock-in.toml",
        r#"title = "Cloud vendor lock-in"
category = "vendor"
likelihood = 2
impact = 3
owner = "alice"
status = "open"
opened = 2026-03-01
"#,
    ),
    (
        "risks/bus-factor.toml",
        r#"title = "Only Bob knows billing"
category = "people"
likelihood = 4
impact = 4
owner = "alice"
status = "open"
opened = 2026-02-01
mitigation = "Pair on billing."
"#,
    ),
    (
        "team/hiring/sre.toml",
        r#"title = "Site Reliability Engineer"
team = "core"
status = "interviewing"
opened = 2026-08-01
quarter = "2026-Q4"
"#,
    ),
    (
        "budget/2026-Q3.toml",
        r#"[line.cloud]
category = "infrastructure"
planned = 100000
actual = 20000

[line.laptops]
category = "headcount"
planned = 10000
actual = 9000
"#,
    ),
    (
        "budget/2026-Q4.toml",
        r#"[line.cloud]
category = "infrastructure"
planned = 120000

[line.vendors]
category = "vendors"
planned = 8000
actual = 0
"#,
    ),
];

/// The files written (added or changed) by the second commit.
pub const AFTER: &[(&str, &str)] = &[
    (
        // Hand-off of the lead; the mission reads as a word diff.
        "team/teams/core.toml",
        r#"name = "Core"
lead = "bob"
mission = "Keep the lights on and the pager quiet."
"#,
    ),
    (
        // Renamed from data.toml, content kept.
        "team/teams/analytics.toml",
        r#"name = "Data"
headcount_target = 4
"#,
    ),
    (
        // Moves team; hand-off of the manager.
        "team/people/bob.toml",
        r#"name = "Bob Stone"
role = "Staff Engineer"
team = "growth"
manager = "carol"
"#,
    ),
    (
        // Leaves.
        "team/people/carol.toml",
        r#"name = "Carol Diaz"
role = "Engineering Manager"
team = "growth"
manager = "alice"
left = 2026-11-30
"#,
    ),
    (
        // Joins.
        "team/people/erin.toml",
        r#"name = "Erin Cole"
role = "Site Reliability Engineer"
team = "core"
manager = "bob"
joined = 2026-11-02
"#,
    ),
    (
        // Slips one quarter, changes owner and team, tags, milestones.
        "roadmap/search-v2.toml",
        r#"title = "Search v2"
status = "active"
owner = "bob"
team = "growth"
quarter = "2026-Q4"
tags = ["relevance", "search"]

[milestone.beta]
title = "Beta"
due = 2026-09-01
done = true

[milestone.ga]
title = "General availability"
due = 2026-12-01
"#,
    ),
    (
        // Pulled in two quarters, planned → active, prose summary.
        "roadmap/billing.toml",
        r#"title = "Usage-based billing"
status = "active"
summary = "Charge by usage, monthly, with a free tier."
owner = "bob"
team = "growth"
quarter = "2026-Q4"
"#,
    ),
    (
        // Shipped → active: a regression.
        "roadmap/mobile.toml",
        r#"title = "Mobile app"
status = "active"
owner = "carol"
team = "growth"
quarter = "2026-Q2"
"#,
    ),
    (
        // Ships.
        "roadmap/sso.toml",
        r#"title = "Single sign-on"
status = "shipped"
owner = "alice"
team = "core"
quarter = "2026-Q4"
shipped = 2026-11-20
"#,
    ),
    (
        // Key-result progress; draft → committed.
        "objectives/fast-search.toml",
        r#"title = "Make search fast"
quarter = "2026-Q4"
owner = "alice"
status = "committed"

[key_result.p95]
metric = "p95 search latency"
unit = "ms"
baseline = 400
target = 200
current = 250

[key_result.uptime]
metric = "Search uptime"
unit = "%"
target = 99.9
current = 99.95
"#,
    ),
    (
        // Superseded by use-cockroach.
        "decisions/use-postgres.toml",
        r#"title = "Use Postgres for search"
status = "superseded"
proposed = 2026-01-05
decided = 2026-01-10
deciders = ["alice"]
context = "We need a database."
decision = "Postgres."
"#,
    ),
    (
        "decisions/use-cockroach.toml",
        r#"title = "Use CockroachDB for search"
status = "accepted"
proposed = 2026-11-01
decided = 2026-11-10
deciders = ["alice", "bob"]
context = "Postgres does not span three regions."
decision = "CockroachDB."
supersedes = ["use-postgres"]
"#,
    ),
    (
        // Accepted → proposed: a regression.
        "decisions/use-kafka.toml",
        r#"title = "Use Kafka for events"
status = "proposed"
proposed = 2026-02-01
context = "Services need events."
"#,
    ),
    (
        "decisions/use-grpc.toml",
        r#"title = "Use gRPC between services"
status = "accepted"
proposed = 2026-10-01
decided = 2026-11-15
context = "JSON over HTTP is slow."
decision = "gRPC."
"#,
    ),
    (
        "decisions/use-graphql.toml",
        r#"title = "Use GraphQL for the public API"
status = "rejected"
proposed = 2026-10-02
decided = 2026-11-16
context = "Clients ask for flexible queries."
decision = "REST stays."
"#,
    ),
    (
        // Score 2 × 3 = 6 → 4 × 3 = 12; new owner.
        "risks/vendor-lock-in.toml",
        r#"title = "Cloud vendor lock-in"
category = "vendor"
likelihood = 4
impact = 3
owner = "bob"
status = "open"
opened = 2026-03-01
"#,
    ),
    (
        // Score 16 → 8.
        "risks/bus-factor.toml",
        r#"title = "Only Bob knows billing"
category = "people"
likelihood = 2
impact = 4
owner = "alice"
status = "mitigating"
opened = 2026-02-01
mitigation = "Pair on billing every week and write runbooks."
"#,
    ),
    (
        // Opened.
        "team/hiring/backend.toml",
        r#"title = "Senior Backend Engineer"
team = "core"
status = "open"
opened = 2026-11-20
quarter = "2027-Q1"
"#,
    ),
    (
        // Filled by Erin.
        "team/hiring/sre.toml",
        r#"title = "Site Reliability Engineer"
team = "core"
status = "filled"
opened = 2026-08-01
filled = 2026-10-20
hire = "erin"
quarter = "2026-Q4"
"#,
    ),
    (
        // Cloud +40,000 planned, +15,000 actual; a training line added.
        "budget/2026-Q3.toml",
        r#"[line.cloud]
category = "infrastructure"
planned = 140000
actual = 35000

[line.laptops]
category = "headcount"
planned = 10000
actual = 9000

[line.training]
category = "training"
planned = 5000
"#,
    ),
    (
        // Cloud -10,000 planned; vendors +2,500 actual.
        "budget/2026-Q4.toml",
        r#"[line.cloud]
category = "infrastructure"
planned = 110000

[line.vendors]
category = "vendors"
planned = 8000
actual = 2500
"#,
    ),
    (
        // A whole new quarter: +60,000 headcount.
        "budget/2027-Q1.toml",
        r#"[line.hiring]
category = "headcount"
planned = 60000
"#,
    ),
];

/// The files the second commit deletes (data.toml is renamed, not removed).
pub const DELETED: &[&str] = &[
    "team/teams/data.toml",
    "team/people/dan.toml",
    "roadmap/legacy-api.toml",
];

/// Two commits: [`BEFORE`], then [`AFTER`] with [`DELETED`] gone.
pub fn fixture() -> GitPlan {
    let repo = GitPlan::with(BEFORE);
    repo.write_all(AFTER);
    for path in DELETED {
        repo.remove(path);
    }
    repo.commit("Plan for Q4");
    repo
}
