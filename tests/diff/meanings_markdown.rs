//! The Markdown format: every meaning of the fixture history, as a pull
//! request comment, and record lines that do not nest lists.

use super::Diff;
use super::fixture::fixture;
use crate::common::markdown::assert_diff_inert;

#[test]
fn markdown_names_every_meaning() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD", "--format", "markdown"]);
    assert_diff_inert(&out);
    insta::assert_snapshot!(out, @r#"
    <!-- cto-plan-diff -->
    ### Plan changes: HEAD\~1 `(96ecfc5)` → HEAD `(147fed5)`

    **4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 1 risk escalated, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled, 1 joined, 2 left · budget +95,000 USD**

    | Area | Added | Changed | Removed |
    |---|---:|---:|---:|
    | Roadmap | 0 | 4 | 1 |
    | Objectives | 0 | 1 | 0 |
    | Decisions | 1 | 4 | 0 |
    | Risks | 0 | 2 | 0 |
    | Teams | 0 | 2 | 0 |
    | People | 1 | 2 | 1 |
    | Hiring | 1 | 1 | 0 |
    | Budget | 1 | 2 | 0 |

    | Budget category | Planned | Actual |
    |---|---:|---:|
    | headcount | +60,000 USD | +0 USD |
    | infrastructure | +30,000 USD | +15,000 USD |
    | training | +5,000 USD | +0 USD |
    | vendors | +0 USD | +2,500 USD |

    | Team | Headcount |
    |---|---:|
    | growth | -1 |

    <details><summary>Roadmap (5)</summary>

    - \~ **initiative/billing** Usage-based billing
      - **status**: planned → active
      - **summary**:
        - was: Charge by ~~usage.~~
        - now: Charge by **usage, monthly, with a free tier.**
      - **quarter**: 2027-Q2 → 2026-Q4 — *pulled in 2 quarters*
    - \- **initiative/legacy-api** Legacy API sunset
      - **title** removed (was Legacy API sunset)
      - **status** removed (was cancelled)
      - **owner** removed (was alice)
    - \~ **initiative/mobile** Mobile app
      - **status**: shipped → active — *⚠ regression\: a move backwards*
      - **shipped** removed (was 2026-06-15)
    - \~ **initiative/search-v2** Search v2
      - **owner**: alice → bob
      - **team**: core → growth
      - **quarter**: 2026-Q3 → 2026-Q4 — *slipped 1 quarter*
      - **tags**: search, infra → relevance, search — *+relevance −infra*
      - **milestone.beta.done** = true
      - **milestone.ga.title** = "General availability"
      - **milestone.ga.due** = 2026-12-01
    - \~ **initiative/sso** Single sign-on
      - **status**: active → shipped
      - **shipped** = 2026-11-20

    </details>

    <details><summary>Objectives (1)</summary>

    - \~ **objective/fast-search** Make search fast
      - **status**: draft → committed
      - **key\_result.p95.current**: 350 → 250 — *target 200 ms*
      - **key\_result.uptime.current**: 99.5 → 99.95 — *target 99.9%*

    </details>

    <details><summary>Decisions (5)</summary>

    - \+ **decision/use-cockroach** Use CockroachDB for search
      - **title** = Use CockroachDB for search
      - **status** = accepted
      - **proposed** = 2026-11-01
      - **decided** = 2026-11-10
      - **deciders** = alice, bob
      - **context** = Postgres does not span three regions.
      - **decision** = CockroachDB.
      - **supersedes** = use-postgres
    - \~ **decision/use-graphql** Use GraphQL for the public API
      - **status**: proposed → rejected
      - **decided** = 2026-11-16
      - **decision** = REST stays.
    - \~ **decision/use-grpc** Use gRPC between services
      - **status**: proposed → accepted
      - **decided** = 2026-11-15
      - **decision** = gRPC.
    - \~ **decision/use-kafka** Use Kafka for events
      - **status**: accepted → proposed — *⚠ regression\: a move backwards*
      - **decided** removed (was 2026-02-10)
      - **decision** removed (was Kafka.)
    - \~ **decision/use-postgres** Use Postgres for search
      - *superseded by decision/use-cockroach*
      - **status**: accepted → superseded

    </details>

    <details><summary>Risks (2)</summary>

    - \~ **risk/bus-factor** Only Bob knows billing
      - *risk score 16 → 8 \(down\)*
      - **likelihood**: 4 → 2
      - **status**: open → mitigating
      - **mitigation**:
        - was: Pair on ~~billing.~~
        - now: Pair on **billing every week and write runbooks.**
    - \~ **risk/vendor-lock-in** Cloud vendor lock-in
      - *risk score 6 → 12 \(up\)*
      - **likelihood**: 2 → 4
      - **owner**: alice → bob

    </details>

    <details><summary>Teams (2)</summary>

    - → **team/analytics** Data (from data)
    - \~ **team/core** Core
      - **lead**: alice → bob
      - **mission**:
        - was: Keep the lights ~~on.~~
        - now: Keep the lights **on and the pager quiet.**

    </details>

    <details><summary>People (4)</summary>

    - \~ **person/bob** Bob Stone
      - *moved team core → growth*
      - **team**: core → growth
      - **manager**: alice → carol
    - \~ **person/carol** Carol Diaz
      - *left team/growth*
      - **left** = 2026-11-30
    - \- **person/dan** Dan Wu
      - *left team/growth*
      - **name** removed (was Dan Wu)
      - **role** removed (was Engineer)
      - **team** removed (was growth)
      - **manager** removed (was carol)
    - \+ **person/erin** Erin Cole
      - *joined team/core*
      - **name** = Erin Cole
      - **role** = Site Reliability Engineer
      - **team** = core
      - **manager** = bob
      - **joined** = 2026-11-02

    </details>

    <details><summary>Hiring (2)</summary>

    - \+ **role/backend** Senior Backend Engineer
      - *role opened in team/core*
      - **title** = Senior Backend Engineer
      - **team** = core
      - **status** = open
      - **opened** = 2026-11-20
      - **quarter** = 2027-Q1
    - \~ **role/sre** Site Reliability Engineer
      - *role filled by person/erin*
      - **status**: interviewing → filled
      - **filled** = 2026-10-20
      - **hire** = erin

    </details>

    <details><summary>Budget (3)</summary>

    - \~ **budget/2026-Q3** 2026-Q3
      - **line.cloud.planned**: 100,000 → 140,000 USD — *+40,000 USD*
      - **line.cloud.actual**: 20,000 → 35,000 USD — *+15,000 USD*
      - **line.training.category** = "training"
      - **line.training.planned** = 5,000 USD
    - \~ **budget/2026-Q4** 2026-Q4
      - **line.cloud.planned**: 120,000 → 110,000 USD — *-10,000 USD*
      - **line.vendors.actual**: 0 → 2,500 USD — *+2,500 USD*
    - \+ **budget/2027-Q1** 2027-Q1
      - *line hiring\: planned +60,000 USD*
      - **line.hiring.category** = "headcount"
      - **line.hiring.planned** = 60,000 USD

    </details>
    "#);
}

#[test]

fn markdown_record_lines_do_not_nest_lists() {
    let repo = fixture();
    let md = repo.out(&["HEAD~1", "HEAD", "--format", "markdown"]);
    for line in md.lines() {
        let item = line.trim_start().strip_prefix("- ").unwrap_or("");
        assert!(
            !["- ", "+ ", "* "].iter().any(|m| item.starts_with(m)),
            "a list marker right after a list marker: {line}"
        );
    }
}
