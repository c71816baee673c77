//! The fixture history of the diff tests: a plan with every kind of record
//! ([`BEFORE`]), then one commit in which each record changes in a way that
//! means something ([`after`], [`DELETED`]).

use crate::common::GitPlan;
use crate::common::records::{edit, person};

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

/// `path`'s text in [`BEFORE`].
fn before(path: &str) -> &'static str {
    BEFORE
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap_or_else(|| panic!("no {path} before"))
        .1
}

/// [`BEFORE`]'s `path` with `edits` (see [`edit`]).
fn edited(path: &'static str, edits: &[(&str, Option<&str>)]) -> (&'static str, String) {
    (path, edit(before(path), edits))
}

/// The files written (added or changed) by the second commit: a changed
/// record names only the fields that change; a new one is spelled out.
pub fn after() -> Vec<(&'static str, String)> {
    vec![
        // Hand-off of the lead; the mission reads as a word diff.
        edited(
            "team/teams/core.toml",
            &[
                ("lead", Some(r#""bob""#)),
                (
                    "mission",
                    Some(r#""Keep the lights on and the pager quiet.""#),
                ),
            ],
        ),
        // Renamed from data.toml, content kept.
        (
            "team/teams/analytics.toml",
            before("team/teams/data.toml").to_owned(),
        ),
        // Moves team; hand-off of the manager.
        edited(
            "team/people/bob.toml",
            &[
                ("team", Some(r#""growth""#)),
                ("manager", Some(r#""carol""#)),
            ],
        ),
        // Leaves.
        edited("team/people/carol.toml", &[("left", Some("2026-11-30"))]),
        // Joins.
        (
            "team/people/erin.toml",
            person(
                "Erin Cole",
                "Site Reliability Engineer",
                "core",
                "manager = \"bob\"\njoined = 2026-11-02\n",
            ),
        ),
        // Slips one quarter, changes owner and team, tags, milestones.
        edited(
            "roadmap/search-v2.toml",
            &[
                ("owner", Some(r#""bob""#)),
                ("team", Some(r#""growth""#)),
                ("quarter", Some(r#""2026-Q4""#)),
                ("tags", Some(r#"["relevance", "search"]"#)),
                ("milestone.beta.done", Some("true")),
                ("milestone.ga.title", Some(r#""General availability""#)),
                ("milestone.ga.due", Some("2026-12-01")),
            ],
        ),
        // Pulled in two quarters, planned → active, prose summary.
        edited(
            "roadmap/billing.toml",
            &[
                ("status", Some(r#""active""#)),
                (
                    "summary",
                    Some(r#""Charge by usage, monthly, with a free tier.""#),
                ),
                ("quarter", Some(r#""2026-Q4""#)),
            ],
        ),
        // Shipped → active: a regression.
        edited(
            "roadmap/mobile.toml",
            &[("status", Some(r#""active""#)), ("shipped", None)],
        ),
        // Ships.
        edited(
            "roadmap/sso.toml",
            &[
                ("status", Some(r#""shipped""#)),
                ("shipped", Some("2026-11-20")),
            ],
        ),
        // Key-result progress; draft → committed.
        edited(
            "objectives/fast-search.toml",
            &[
                ("status", Some(r#""committed""#)),
                ("key_result.p95.current", Some("250")),
                ("key_result.uptime.current", Some("99.95")),
            ],
        ),
        // Superseded by use-cockroach.
        edited(
            "decisions/use-postgres.toml",
            &[("status", Some(r#""superseded""#))],
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
"#
            .to_owned(),
        ),
        // Accepted → proposed: a regression.
        edited(
            "decisions/use-kafka.toml",
            &[
                ("status", Some(r#""proposed""#)),
                ("decided", None),
                ("decision", None),
            ],
        ),
        // Decided: spelled out, since `decided` goes before `context`.
        (
            "decisions/use-grpc.toml",
            r#"title = "Use gRPC between services"
status = "accepted"
proposed = 2026-10-01
decided = 2026-11-15
context = "JSON over HTTP is slow."
decision = "gRPC."
"#
            .to_owned(),
        ),
        (
            "decisions/use-graphql.toml",
            r#"title = "Use GraphQL for the public API"
status = "rejected"
proposed = 2026-10-02
decided = 2026-11-16
context = "Clients ask for flexible queries."
decision = "REST stays."
"#
            .to_owned(),
        ),
        // Score 2 × 3 = 6 → 4 × 3 = 12; new owner.
        edited(
            "risks/vendor-lock-in.toml",
            &[("likelihood", Some("4")), ("owner", Some(r#""bob""#))],
        ),
        // Score 16 → 8.
        edited(
            "risks/bus-factor.toml",
            &[
                ("likelihood", Some("2")),
                ("status", Some(r#""mitigating""#)),
                (
                    "mitigation",
                    Some(r#""Pair on billing every week and write runbooks.""#),
                ),
            ],
        ),
        // Opened.
        (
            "team/hiring/backend.toml",
            r#"title = "Senior Backend Engineer"
team = "core"
status = "open"
opened = 2026-11-20
quarter = "2027-Q1"
"#
            .to_owned(),
        ),
        // Filled by Erin (spelled out: `quarter` stays last).
        (
            "team/hiring/sre.toml",
            r#"title = "Site Reliability Engineer"
team = "core"
status = "filled"
opened = 2026-08-01
filled = 2026-10-20
hire = "erin"
quarter = "2026-Q4"
"#
            .to_owned(),
        ),
        // Cloud +40,000 planned, +15,000 actual; a training line added.
        edited(
            "budget/2026-Q3.toml",
            &[
                ("line.cloud.planned", Some("140000")),
                ("line.cloud.actual", Some("35000")),
                ("line.training.category", Some(r#""training""#)),
                ("line.training.planned", Some("5000")),
            ],
        ),
        // Cloud -10,000 planned; vendors +2,500 actual.
        edited(
            "budget/2026-Q4.toml",
            &[
                ("line.cloud.planned", Some("110000")),
                ("line.vendors.actual", Some("2500")),
            ],
        ),
        // A whole new quarter: +60,000 headcount.
        (
            "budget/2027-Q1.toml",
            "[line.hiring]\ncategory = \"headcount\"\nplanned = 60000\n".to_owned(),
        ),
    ]
}

/// The files the second commit deletes (data.toml is renamed, not removed).
pub const DELETED: &[&str] = &[
    "team/teams/data.toml",
    "team/people/dan.toml",
    "roadmap/legacy-api.toml",
];

/// Two commits: [`BEFORE`], then [`after`] with [`DELETED`] gone.
pub fn fixture() -> GitPlan {
    let repo = GitPlan::with(BEFORE);
    for (path, text) in after() {
        repo.write(path, &text);
    }
    for path in DELETED {
        repo.remove(path);
    }
    repo.commit("Plan for Q4");
    repo
}
