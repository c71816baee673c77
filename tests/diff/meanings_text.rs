//! The text format: every meaning of the fixture history named in words,
//! `--stat`, `--kind`, and a supersession whose successor came first.

use std::collections::BTreeSet;

use super::Diff;
use super::fixture::fixture;
use crate::common::GitPlan;

#[test]
fn text_names_every_meaning() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD"]);
    insta::assert_snapshot!(out, @r#"
    plan diff HEAD~1 (96ecfc5) → HEAD (147fed5)
    4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 1 risk escalated, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled, 1 joined, 2 left · budget +95,000 USD

    Roadmap
      ~ initiative/billing  Usage-based billing
          status: planned → active
          summary:
            - Charge by [-usage.-]
            + Charge by {+usage, monthly, with a free tier.+}
          quarter: 2027-Q2 → 2026-Q4  (pulled in 2 quarters)
      - initiative/legacy-api  Legacy API sunset
          - title = Legacy API sunset
          - status = cancelled
          - owner = alice
      ~ initiative/mobile  Mobile app
          status: shipped → active  (⚠ regression: a move backwards)
          - shipped = 2026-06-15
      ~ initiative/search-v2  Search v2
          owner: alice → bob
          team: core → growth
          quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)
          tags: search, infra → relevance, search  (+relevance −infra)
          + milestone.beta.done = true
          + milestone.ga.title = "General availability"
          + milestone.ga.due = 2026-12-01
      ~ initiative/sso  Single sign-on
          status: active → shipped
          + shipped = 2026-11-20

    Objectives
      ~ objective/fast-search  Make search fast
          status: draft → committed
          key_result.p95.current: 350 → 250  (target 200 ms)
          key_result.uptime.current: 99.5 → 99.95  (target 99.9%)

    Decisions
      + decision/use-cockroach  Use CockroachDB for search
          + title = Use CockroachDB for search
          + status = accepted
          + proposed = 2026-11-01
          + decided = 2026-11-10
          + deciders = alice, bob
          + context = Postgres does not span three regions.
          + decision = CockroachDB.
          + supersedes = use-postgres
      ~ decision/use-graphql  Use GraphQL for the public API
          status: proposed → rejected
          + decided = 2026-11-16
          + decision = REST stays.
      ~ decision/use-grpc  Use gRPC between services
          status: proposed → accepted
          + decided = 2026-11-15
          + decision = gRPC.
      ~ decision/use-kafka  Use Kafka for events
          status: accepted → proposed  (⚠ regression: a move backwards)
          - decided = 2026-02-10
          - decision = Kafka.
      ~ decision/use-postgres  Use Postgres for search
          superseded by decision/use-cockroach
          status: accepted → superseded

    Risks
      ~ risk/bus-factor  Only Bob knows billing
          risk score 16 → 8 (down)
          likelihood: 4 → 2
          status: open → mitigating
          mitigation:
            - Pair on [-billing.-]
            + Pair on {+billing every week and write runbooks.+}
      ~ risk/vendor-lock-in  Cloud vendor lock-in
          risk score 6 → 12 (up)
          likelihood: 2 → 4
          owner: alice → bob

    Teams
      → team/analytics  Data (from data)
      ~ team/core  Core
          lead: alice → bob
          mission:
            - Keep the lights [-on.-]
            + Keep the lights {+on and the pager quiet.+}

    People
      ~ person/bob  Bob Stone
          moved team core → growth
          team: core → growth
          manager: alice → carol
      ~ person/carol  Carol Diaz
          left team/growth
          + left = 2026-11-30
      - person/dan  Dan Wu
          left team/growth
          - name = Dan Wu
          - role = Engineer
          - team = growth
          - manager = carol
      + person/erin  Erin Cole
          joined team/core
          + name = Erin Cole
          + role = Site Reliability Engineer
          + team = core
          + manager = bob
          + joined = 2026-11-02

    Hiring
      + role/backend  Senior Backend Engineer
          role opened in team/core
          + title = Senior Backend Engineer
          + team = core
          + status = open
          + opened = 2026-11-20
          + quarter = 2027-Q1
      ~ role/sre  Site Reliability Engineer
          role filled by person/erin
          status: interviewing → filled
          + filled = 2026-10-20
          + hire = erin

    Budget
      ~ budget/2026-Q3  2026-Q3
          line.cloud.planned: 100,000 → 140,000 USD  (+40,000 USD)
          line.cloud.actual: 20,000 → 35,000 USD  (+15,000 USD)
          + line.training.category = "training"
          + line.training.planned = 5,000 USD
      ~ budget/2026-Q4  2026-Q4
          line.cloud.planned: 120,000 → 110,000 USD  (-10,000 USD)
          line.vendors.actual: 0 → 2,500 USD  (+2,500 USD)
      + budget/2027-Q1  2027-Q1
          line hiring: planned +60,000 USD
          + line.hiring.category = "headcount"
          + line.hiring.planned = 60,000 USD
    "#);
}

#[test]
fn stat_lists_one_line_per_record() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD", "--stat"]);
    insta::assert_snapshot!(out, @r#"
    plan diff HEAD~1 (96ecfc5) → HEAD (147fed5)
    4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 1 risk escalated, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled, 1 joined, 2 left · budget +95,000 USD

    Roadmap
      ~ initiative/billing  Usage-based billing
      - initiative/legacy-api  Legacy API sunset
      ~ initiative/mobile  Mobile app
      ~ initiative/search-v2  Search v2
      ~ initiative/sso  Single sign-on

    Objectives
      ~ objective/fast-search  Make search fast

    Decisions
      + decision/use-cockroach  Use CockroachDB for search
      ~ decision/use-graphql  Use GraphQL for the public API
      ~ decision/use-grpc  Use gRPC between services
      ~ decision/use-kafka  Use Kafka for events
      ~ decision/use-postgres  Use Postgres for search

    Risks
      ~ risk/bus-factor  Only Bob knows billing
      ~ risk/vendor-lock-in  Cloud vendor lock-in

    Teams
      → team/analytics  Data (from data)
      ~ team/core  Core

    People
      ~ person/bob  Bob Stone
      ~ person/carol  Carol Diaz
      - person/dan  Dan Wu
      + person/erin  Erin Cole

    Hiring
      + role/backend  Senior Backend Engineer
      ~ role/sre  Site Reliability Engineer

    Budget
      ~ budget/2026-Q3  2026-Q3
      ~ budget/2026-Q4  2026-Q4
      + budget/2027-Q1  2027-Q1
    "#);
}

#[test]
fn kind_keeps_one_kind_and_counts_only_it() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD", "--kind", "risks"]);
    insta::assert_snapshot!(out, @r#"
    plan diff HEAD~1 (96ecfc5) → HEAD (147fed5)
    2 changed · 1 risk escalated

    Risks
      ~ risk/bus-factor  Only Bob knows billing
          risk score 16 → 8 (down)
          likelihood: 4 → 2
          status: open → mitigating
          mitigation:
            - Pair on [-billing.-]
            + Pair on {+billing every week and write runbooks.+}
      ~ risk/vendor-lock-in  Cloud vendor lock-in
          risk score 6 → 12 (up)
          likelihood: 2 → 4
          owner: alice → bob
    "#);
    let doc = repo.json(&["HEAD~1", "HEAD", "--kind", "budget"]);
    let kinds: BTreeSet<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["budget"]));
    assert_eq!(doc["summary"]["counts"]["headcount"], serde_json::json!({}));
    let (_, stderr, code) = repo.diff(&["HEAD~1", "HEAD", "--kind", "widget"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]

fn superseded_by_an_earlier_decision_names_it() {
    // The successor is committed first; the older decision is only marked
    // superseded later, so the successor's file is unchanged in that diff.
    let postgres = |status: &str| {
        format!(
            "title = \"Use Postgres\"\nstatus = \"{status}\"\nproposed = 2026-01-05\ndecided = 2026-01-10\ncontext = \"A database.\"\ndecision = \"Postgres.\"\n"
        )
    };
    let repo = GitPlan::with(&[("decisions/use-postgres.toml", postgres("accepted").as_str())]);
    repo.write(
        "decisions/use-cockroach.toml",
        "title = \"Use CockroachDB\"\nstatus = \"accepted\"\nproposed = 2026-11-01\ndecided = 2026-11-10\ncontext = \"Three regions.\"\ndecision = \"CockroachDB.\"\nsupersedes = [\"use-postgres\"]\n",
    );
    repo.commit("CockroachDB");
    repo.write("decisions/use-postgres.toml", &postgres("superseded"));
    let worktree = repo.out(&[]);
    repo.commit("Postgres is superseded");
    let committed = repo.out(&["HEAD~1", "HEAD"]);
    for out in [worktree, committed] {
        assert!(
            out.contains("      superseded by decision/use-cockroach\n"),
            "{out}"
        );
    }
}
