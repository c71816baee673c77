//! `cto-plan diff`: the semantic diff between revisions, or a revision and
//! the working tree, in text, Markdown and JSON.
//!
//! Repositories are built with git2 and a signature whose time moves one day
//! per commit, so commit ids (and the short ids in the output) are the same on
//! every run and the snapshots are stable.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::Path;

use cto_plan::diff::diff_plans;
use cto_plan::model::Kind;
use cto_plan::store::load::load_files;
use cto_plan::store::{Content, RawFile};
use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature, Time};
use proptest::prelude::*;
use tempfile::TempDir;

use crate::common::{self, CONFIG};

// --- helpers ---------------------------------------------------------------

/// A git repository in a temporary folder, holding a plan at its top, on
/// branch `main`.
struct Repo {
    dir: TempDir,
    repo: Repository,
    /// Commits made so far: each one is a day later than the one before.
    commits: Cell<i64>,
}

impl Repo {
    fn new() -> Repo {
        common::isolate_git_config();
        let dir = TempDir::new().unwrap();
        let mut options = RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &options).unwrap();
        Repo {
            dir,
            repo,
            commits: Cell::new(0),
        }
    }

    /// A repository whose working tree holds `files` and `cto-plan.toml`, committed.
    fn with(files: &[(&str, &str)]) -> Repo {
        let repo = Repo::new();
        repo.write("cto-plan.toml", CONFIG);
        repo.write_all(files);
        repo.commit("Add the plan");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) {
        common::write(self.path(), path, text);
    }

    fn write_all(&self, files: &[(&str, &str)]) {
        for (path, text) in files {
            self.write(path, text);
        }
    }

    fn remove(&self, path: &str) {
        std::fs::remove_file(self.path().join(path)).unwrap();
    }

    /// The fixed author, one day later at every commit.
    fn signature(&self) -> Signature<'static> {
        let n = self.commits.get();
        self.commits.set(n + 1);
        Signature::new(
            "Alice",
            "alice@example.com",
            &Time::new(1_767_225_600 + n * 86_400, 0),
        )
        .unwrap()
    }

    /// Stages the whole working tree (deletions included) and commits on HEAD.
    fn commit(&self, message: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = self.signature();
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    fn branch(&self, name: &str, at: Oid) {
        let commit = self.repo.find_commit(at).unwrap();
        self.repo.branch(name, &commit, false).unwrap();
    }

    /// Moves HEAD to `branch` and makes the working tree match it.
    fn switch(&self, branch: &str) {
        self.repo.set_head(&format!("refs/heads/{branch}")).unwrap();
        self.repo
            .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
            .unwrap();
    }

    /// `cto-plan --color never -C DIR diff ARGS…`: stdout, stderr, exit code.
    fn diff(&self, args: &[&str]) -> (String, String, i32) {
        diff_at(self.path(), args)
    }

    /// [`Repo::diff`] that must succeed (exit 0 or, with `--exit-code`, 1).
    fn out(&self, args: &[&str]) -> String {
        let (stdout, stderr, code) = self.diff(args);
        assert!(
            code == 0 || (code == 1 && args.contains(&"--exit-code")),
            "diff {args:?} exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        assert_eq!(stderr, "", "diff {args:?}");
        stdout
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let stdout = self.out(&all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("diff --format json printed no JSON ({e}):\n{stdout}"))
    }
}

fn short(id: Oid) -> String {
    id.to_string()[..7].to_owned()
}

fn diff_at(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = common::command(dir)
        .args(["--color", "never", "diff"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// The lines of `text` that contain `needle`, joined.
fn lines_with(text: &str, needle: &str) -> String {
    text.lines()
        .filter(|l| l.contains(needle))
        .collect::<Vec<_>>()
        .join("\n")
}

// --- the fixture history ---------------------------------------------------

/// The plan before: every kind of record, each about to change in a way
/// that means something.
const BEFORE: &[(&str, &str)] = &[
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
const AFTER: &[(&str, &str)] = &[
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
const DELETED: &[&str] = &[
    "team/teams/data.toml",
    "team/people/dan.toml",
    "roadmap/legacy-api.toml",
];

/// Two commits: [`BEFORE`], then [`AFTER`] with [`DELETED`] gone.
fn fixture() -> Repo {
    let repo = Repo::with(BEFORE);
    repo.write_all(AFTER);
    for path in DELETED {
        repo.remove(path);
    }
    repo.commit("Plan for Q4");
    repo
}

// --- snapshots of every format ----------------------------------------------

#[test]
fn text_names_every_meaning() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD"]);
    insta::assert_snapshot!(out, @"
    plan diff HEAD~1 (96ecfc5) → HEAD (147fed5)
    4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled · budget +95,000 USD

    Roadmap
      ~ initiative/billing  Usage-based billing
          status: planned → active
          summary:
            Charge by [-usage.-]{+usage, monthly, with a free tier.+}
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
          + milestone.ga = { title = General availability, due = 2026-12-01 }
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
            Pair on [-billing.-]{+billing every week and write runbooks.+}
      ~ risk/vendor-lock-in  Cloud vendor lock-in
          risk score 6 → 12 (up)
          likelihood: 2 → 4
          owner: alice → bob

    Teams
      → team/analytics  Data (from data)
      ~ team/core  Core
          lead: alice → bob
          mission:
            Keep the lights [-on.-]{+on and the pager quiet.+}

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
          line.cloud.planned: 100000 → 140000  (+40,000 USD)
          line.cloud.actual: 20000 → 35000  (+15,000 USD)
          + line.training = { category = training, planned = 5000 }
      ~ budget/2026-Q4  2026-Q4
          line.cloud.planned: 120000 → 110000  (-10,000 USD)
          line.vendors.actual: 0 → 2500  (+2,500 USD)
      + budget/2027-Q1  2027-Q1
          line hiring: planned +60,000 USD
          + line = { hiring = { category = headcount, planned = 60000 } }
    ");
}

#[test]
fn markdown_names_every_meaning() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD", "--format", "markdown"]);
    assert_inert(&out);
    insta::assert_snapshot!(out, @r"
    <!-- cto-plan-diff -->
    ### Plan changes: HEAD\~1 \(96ecfc5\) → HEAD \(147fed5\)

    **4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled · budget +95,000 USD**

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
      - **summary**: Charge by ~~usage.~~ **usage, monthly, with a free tier.** 
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
      - **milestone.ga** = \{ title = General availability, due = 2026-12-01 \}
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
      - **mitigation**: Pair on ~~billing.~~ **billing every week and write runbooks.** 
    - \~ **risk/vendor-lock-in** Cloud vendor lock-in
      - *risk score 6 → 12 \(up\)*
      - **likelihood**: 2 → 4
      - **owner**: alice → bob

    </details>

    <details><summary>Teams (2)</summary>

    - → **team/analytics** Data (from data)
    - \~ **team/core** Core
      - **lead**: alice → bob
      - **mission**: Keep the lights ~~on.~~ **on and the pager quiet.** 

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
      - **line.cloud.planned**: 100000 → 140000 — *+40,000 USD*
      - **line.cloud.actual**: 20000 → 35000 — *+15,000 USD*
      - **line.training** = \{ category = training, planned = 5000 \}
    - \~ **budget/2026-Q4** 2026-Q4
      - **line.cloud.planned**: 120000 → 110000 — *-10,000 USD*
      - **line.vendors.actual**: 0 → 2500 — *+2,500 USD*
    - \+ **budget/2027-Q1** 2027-Q1
      - *line hiring\: planned +60,000 USD*
      - **line** = \{ hiring = \{ category = headcount, planned = 60000 \} \}

    </details>
    ");
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

#[test]
fn json_names_every_meaning() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD", "--format", "json"]);
    insta::assert_snapshot!(out, @r#"
    {
      "from": "HEAD~1 (96ecfc5)",
      "to": "HEAD (147fed5)",
      "currency": "USD",
      "summary": {
        "text": "4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled · budget +95,000 USD",
        "counts": {
          "added": 4,
          "changed": 17,
          "renamed": 1,
          "removed": 2,
          "slipped": 1,
          "pulled_in": 1,
          "shipped": 1,
          "regressions": 2,
          "decisions_accepted": 2,
          "decisions_rejected": 1,
          "decisions_superseded": 1,
          "roles_opened": 1,
          "roles_filled": 1,
          "broken_files": 0,
          "budget_planned": 95000.0,
          "budget_actual": 17500.0,
          "budget_by_quarter": {
            "2026-Q3": [
              45000.0,
              15000.0
            ],
            "2026-Q4": [
              -10000.0,
              2500.0
            ],
            "2027-Q1": [
              60000.0,
              0.0
            ]
          },
          "budget_by_category": {
            "headcount": [
              60000.0,
              0.0
            ],
            "infrastructure": [
              30000.0,
              15000.0
            ],
            "training": [
              5000.0,
              0.0
            ],
            "vendors": [
              0.0,
              2500.0
            ]
          },
          "headcount": {
            "growth": -1
          }
        }
      },
      "changes": [
        {
          "kind": "initiative",
          "id": "billing",
          "action": "changed",
          "title": "Usage-based billing",
          "fields": [
            {
              "path": "status",
              "old": "planned",
              "new": "active",
              "meaning": "planned → active",
              "fact": {
                "type": "status",
                "from": "planned",
                "to": "active",
                "regression": false
              }
            },
            {
              "path": "summary",
              "old": "Charge by usage.",
              "new": "Charge by usage, monthly, with a free tier."
            },
            {
              "path": "quarter",
              "old": "2027-Q2",
              "new": "2026-Q4",
              "meaning": "pulled in 2 quarters (2027-Q2 → 2026-Q4)",
              "fact": {
                "type": "pulled_in",
                "from": "2027-Q2",
                "to": "2026-Q4"
              }
            }
          ],
          "meanings": []
        },
        {
          "kind": "initiative",
          "id": "legacy-api",
          "action": "removed",
          "title": "Legacy API sunset",
          "fields": [
            {
              "path": "title",
              "old": "Legacy API sunset",
              "new": null
            },
            {
              "path": "status",
              "old": "cancelled",
              "new": null
            },
            {
              "path": "owner",
              "old": "alice",
              "new": null
            }
          ],
          "meanings": []
        },
        {
          "kind": "initiative",
          "id": "mobile",
          "action": "changed",
          "title": "Mobile app",
          "fields": [
            {
              "path": "status",
              "old": "shipped",
              "new": "active",
              "meaning": "shipped → active ⚠ regression",
              "fact": {
                "type": "status",
                "from": "shipped",
                "to": "active",
                "regression": true
              }
            },
            {
              "path": "shipped",
              "old": "2026-06-15",
              "new": null
            }
          ],
          "meanings": []
        },
        {
          "kind": "initiative",
          "id": "search-v2",
          "action": "changed",
          "title": "Search v2",
          "fields": [
            {
              "path": "owner",
              "old": "alice",
              "new": "bob",
              "meaning": "owner alice → bob",
              "fact": {
                "type": "hand_off",
                "role": "owner",
                "from": "alice",
                "to": "bob"
              }
            },
            {
              "path": "team",
              "old": "core",
              "new": "growth",
              "meaning": "team core → growth",
              "fact": {
                "type": "hand_off",
                "role": "team",
                "from": "core",
                "to": "growth"
              }
            },
            {
              "path": "quarter",
              "old": "2026-Q3",
              "new": "2026-Q4",
              "meaning": "slipped 1 quarter (2026-Q3 → 2026-Q4)",
              "fact": {
                "type": "slipped",
                "from": "2026-Q3",
                "to": "2026-Q4"
              }
            },
            {
              "path": "tags",
              "old": [
                "search",
                "infra"
              ],
              "new": [
                "relevance",
                "search"
              ],
              "meaning": "+relevance −infra",
              "fact": {
                "type": "listed",
                "added": [
                  "relevance"
                ],
                "removed": [
                  "infra"
                ]
              }
            },
            {
              "path": "milestone.beta.done",
              "old": null,
              "new": true
            },
            {
              "path": "milestone.ga",
              "old": null,
              "new": {
                "title": "General availability",
                "due": "2026-12-01"
              }
            }
          ],
          "meanings": []
        },
        {
          "kind": "initiative",
          "id": "sso",
          "action": "changed",
          "title": "Single sign-on",
          "fields": [
            {
              "path": "status",
              "old": "active",
              "new": "shipped",
              "meaning": "active → shipped",
              "fact": {
                "type": "status",
                "from": "active",
                "to": "shipped",
                "regression": false
              }
            },
            {
              "path": "shipped",
              "old": null,
              "new": "2026-11-20"
            }
          ],
          "meanings": []
        },
        {
          "kind": "objective",
          "id": "fast-search",
          "action": "changed",
          "title": "Make search fast",
          "fields": [
            {
              "path": "status",
              "old": "draft",
              "new": "committed",
              "meaning": "draft → committed",
              "fact": {
                "type": "status",
                "from": "draft",
                "to": "committed",
                "regression": false
              }
            },
            {
              "path": "key_result.p95.current",
              "old": 350,
              "new": 250,
              "meaning": "key result p95: 350 ms → 250 ms (target 200 ms)",
              "fact": {
                "type": "progress",
                "key": "p95",
                "from": 350.0,
                "to": 250.0,
                "target": 200.0,
                "unit": "ms"
              }
            },
            {
              "path": "key_result.uptime.current",
              "old": 99.5,
              "new": 99.95,
              "meaning": "key result uptime: 99.5% → 99.95% (target 99.9%)",
              "fact": {
                "type": "progress",
                "key": "uptime",
                "from": 99.5,
                "to": 99.95,
                "target": 99.9,
                "unit": "%"
              }
            }
          ],
          "meanings": []
        },
        {
          "kind": "decision",
          "id": "use-cockroach",
          "action": "added",
          "title": "Use CockroachDB for search",
          "fields": [
            {
              "path": "title",
              "old": null,
              "new": "Use CockroachDB for search"
            },
            {
              "path": "status",
              "old": null,
              "new": "accepted"
            },
            {
              "path": "proposed",
              "old": null,
              "new": "2026-11-01"
            },
            {
              "path": "decided",
              "old": null,
              "new": "2026-11-10"
            },
            {
              "path": "deciders",
              "old": null,
              "new": [
                "alice",
                "bob"
              ]
            },
            {
              "path": "context",
              "old": null,
              "new": "Postgres does not span three regions."
            },
            {
              "path": "decision",
              "old": null,
              "new": "CockroachDB."
            },
            {
              "path": "supersedes",
              "old": null,
              "new": [
                "use-postgres"
              ]
            }
          ],
          "meanings": []
        },
        {
          "kind": "decision",
          "id": "use-graphql",
          "action": "changed",
          "title": "Use GraphQL for the public API",
          "fields": [
            {
              "path": "status",
              "old": "proposed",
              "new": "rejected",
              "meaning": "proposed → rejected",
              "fact": {
                "type": "status",
                "from": "proposed",
                "to": "rejected",
                "regression": false
              }
            },
            {
              "path": "decided",
              "old": null,
              "new": "2026-11-16"
            },
            {
              "path": "decision",
              "old": null,
              "new": "REST stays."
            }
          ],
          "meanings": []
        },
        {
          "kind": "decision",
          "id": "use-grpc",
          "action": "changed",
          "title": "Use gRPC between services",
          "fields": [
            {
              "path": "status",
              "old": "proposed",
              "new": "accepted",
              "meaning": "proposed → accepted",
              "fact": {
                "type": "status",
                "from": "proposed",
                "to": "accepted",
                "regression": false
              }
            },
            {
              "path": "decided",
              "old": null,
              "new": "2026-11-15"
            },
            {
              "path": "decision",
              "old": null,
              "new": "gRPC."
            }
          ],
          "meanings": []
        },
        {
          "kind": "decision",
          "id": "use-kafka",
          "action": "changed",
          "title": "Use Kafka for events",
          "fields": [
            {
              "path": "status",
              "old": "accepted",
              "new": "proposed",
              "meaning": "accepted → proposed ⚠ regression",
              "fact": {
                "type": "status",
                "from": "accepted",
                "to": "proposed",
                "regression": true
              }
            },
            {
              "path": "decided",
              "old": "2026-02-10",
              "new": null
            },
            {
              "path": "decision",
              "old": "Kafka.",
              "new": null
            }
          ],
          "meanings": []
        },
        {
          "kind": "decision",
          "id": "use-postgres",
          "action": "changed",
          "title": "Use Postgres for search",
          "fields": [
            {
              "path": "status",
              "old": "accepted",
              "new": "superseded",
              "meaning": "accepted → superseded",
              "fact": {
                "type": "status",
                "from": "accepted",
                "to": "superseded",
                "regression": false
              }
            }
          ],
          "meanings": [
            {
              "text": "superseded by decision/use-cockroach",
              "fact": {
                "type": "superseded_by",
                "by": [
                  "decision/use-cockroach"
                ]
              }
            }
          ]
        },
        {
          "kind": "risk",
          "id": "bus-factor",
          "action": "changed",
          "title": "Only Bob knows billing",
          "fields": [
            {
              "path": "likelihood",
              "old": 4,
              "new": 2
            },
            {
              "path": "status",
              "old": "open",
              "new": "mitigating",
              "meaning": "open → mitigating",
              "fact": {
                "type": "status",
                "from": "open",
                "to": "mitigating",
                "regression": false
              }
            },
            {
              "path": "mitigation",
              "old": "Pair on billing.",
              "new": "Pair on billing every week and write runbooks."
            }
          ],
          "meanings": [
            {
              "text": "risk score 16 → 8 (down)",
              "fact": {
                "type": "risk_score",
                "from": 16,
                "to": 8
              }
            }
          ]
        },
        {
          "kind": "risk",
          "id": "vendor-lock-in",
          "action": "changed",
          "title": "Cloud vendor lock-in",
          "fields": [
            {
              "path": "likelihood",
              "old": 2,
              "new": 4
            },
            {
              "path": "owner",
              "old": "alice",
              "new": "bob",
              "meaning": "owner alice → bob",
              "fact": {
                "type": "hand_off",
                "role": "owner",
                "from": "alice",
                "to": "bob"
              }
            }
          ],
          "meanings": [
            {
              "text": "risk score 6 → 12 (up)",
              "fact": {
                "type": "risk_score",
                "from": 6,
                "to": 12
              }
            }
          ]
        },
        {
          "kind": "team",
          "id": "analytics",
          "action": "renamed",
          "title": "Data",
          "fields": [],
          "meanings": [],
          "renamed_from": "data"
        },
        {
          "kind": "team",
          "id": "core",
          "action": "changed",
          "title": "Core",
          "fields": [
            {
              "path": "lead",
              "old": "alice",
              "new": "bob",
              "meaning": "lead alice → bob",
              "fact": {
                "type": "hand_off",
                "role": "lead",
                "from": "alice",
                "to": "bob"
              }
            },
            {
              "path": "mission",
              "old": "Keep the lights on.",
              "new": "Keep the lights on and the pager quiet."
            }
          ],
          "meanings": []
        },
        {
          "kind": "person",
          "id": "bob",
          "action": "changed",
          "title": "Bob Stone",
          "fields": [
            {
              "path": "team",
              "old": "core",
              "new": "growth"
            },
            {
              "path": "manager",
              "old": "alice",
              "new": "carol",
              "meaning": "manager alice → carol",
              "fact": {
                "type": "hand_off",
                "role": "manager",
                "from": "alice",
                "to": "carol"
              }
            }
          ],
          "meanings": [
            {
              "text": "moved team core → growth",
              "fact": {
                "type": "moved",
                "from": "core",
                "to": "growth"
              }
            }
          ]
        },
        {
          "kind": "person",
          "id": "carol",
          "action": "changed",
          "title": "Carol Diaz",
          "fields": [
            {
              "path": "left",
              "old": null,
              "new": "2026-11-30"
            }
          ],
          "meanings": [
            {
              "text": "left team/growth",
              "fact": {
                "type": "left",
                "team": "growth"
              }
            }
          ]
        },
        {
          "kind": "person",
          "id": "dan",
          "action": "removed",
          "title": "Dan Wu",
          "fields": [
            {
              "path": "name",
              "old": "Dan Wu",
              "new": null
            },
            {
              "path": "role",
              "old": "Engineer",
              "new": null
            },
            {
              "path": "team",
              "old": "growth",
              "new": null
            },
            {
              "path": "manager",
              "old": "carol",
              "new": null
            }
          ],
          "meanings": [
            {
              "text": "left team/growth",
              "fact": {
                "type": "left",
                "team": "growth"
              }
            }
          ]
        },
        {
          "kind": "person",
          "id": "erin",
          "action": "added",
          "title": "Erin Cole",
          "fields": [
            {
              "path": "name",
              "old": null,
              "new": "Erin Cole"
            },
            {
              "path": "role",
              "old": null,
              "new": "Site Reliability Engineer"
            },
            {
              "path": "team",
              "old": null,
              "new": "core"
            },
            {
              "path": "manager",
              "old": null,
              "new": "bob"
            },
            {
              "path": "joined",
              "old": null,
              "new": "2026-11-02"
            }
          ],
          "meanings": [
            {
              "text": "joined team/core",
              "fact": {
                "type": "joined",
                "team": "core"
              }
            }
          ]
        },
        {
          "kind": "role",
          "id": "backend",
          "action": "added",
          "title": "Senior Backend Engineer",
          "fields": [
            {
              "path": "title",
              "old": null,
              "new": "Senior Backend Engineer"
            },
            {
              "path": "team",
              "old": null,
              "new": "core"
            },
            {
              "path": "status",
              "old": null,
              "new": "open"
            },
            {
              "path": "opened",
              "old": null,
              "new": "2026-11-20"
            },
            {
              "path": "quarter",
              "old": null,
              "new": "2027-Q1"
            }
          ],
          "meanings": [
            {
              "text": "role opened in team/core",
              "fact": {
                "type": "role_opened",
                "team": "core"
              }
            }
          ]
        },
        {
          "kind": "role",
          "id": "sre",
          "action": "changed",
          "title": "Site Reliability Engineer",
          "fields": [
            {
              "path": "status",
              "old": "interviewing",
              "new": "filled",
              "meaning": "interviewing → filled",
              "fact": {
                "type": "status",
                "from": "interviewing",
                "to": "filled",
                "regression": false
              }
            },
            {
              "path": "filled",
              "old": null,
              "new": "2026-10-20"
            },
            {
              "path": "hire",
              "old": null,
              "new": "erin",
              "meaning": "hire nobody → erin",
              "fact": {
                "type": "hand_off",
                "role": "hire",
                "from": null,
                "to": "erin"
              }
            }
          ],
          "meanings": [
            {
              "text": "role filled by person/erin",
              "fact": {
                "type": "role_filled",
                "by": "erin"
              }
            }
          ]
        },
        {
          "kind": "budget",
          "id": "2026-Q3",
          "action": "changed",
          "title": "2026-Q3",
          "fields": [
            {
              "path": "line.cloud.planned",
              "old": 100000,
              "new": 140000,
              "meaning": "+40,000 USD",
              "fact": {
                "type": "amount",
                "delta": 40000.0
              }
            },
            {
              "path": "line.cloud.actual",
              "old": 20000,
              "new": 35000,
              "meaning": "+15,000 USD",
              "fact": {
                "type": "amount",
                "delta": 15000.0
              }
            },
            {
              "path": "line.training",
              "old": null,
              "new": {
                "category": "training",
                "planned": 5000
              },
              "meaning": "+5,000 USD",
              "fact": {
                "type": "amount",
                "delta": 5000.0
              }
            }
          ],
          "meanings": [
            {
              "text": "line cloud: planned +40,000 USD, actual +15,000 USD",
              "fact": {
                "type": "money",
                "line": "cloud",
                "category": "infrastructure",
                "planned": 40000.0,
                "actual": 15000.0
              }
            },
            {
              "text": "line training: planned +5,000 USD",
              "fact": {
                "type": "money",
                "line": "training",
                "category": "training",
                "planned": 5000.0,
                "actual": 0.0
              }
            }
          ]
        },
        {
          "kind": "budget",
          "id": "2026-Q4",
          "action": "changed",
          "title": "2026-Q4",
          "fields": [
            {
              "path": "line.cloud.planned",
              "old": 120000,
              "new": 110000,
              "meaning": "-10,000 USD",
              "fact": {
                "type": "amount",
                "delta": -10000.0
              }
            },
            {
              "path": "line.vendors.actual",
              "old": 0,
              "new": 2500,
              "meaning": "+2,500 USD",
              "fact": {
                "type": "amount",
                "delta": 2500.0
              }
            }
          ],
          "meanings": [
            {
              "text": "line cloud: planned -10,000 USD",
              "fact": {
                "type": "money",
                "line": "cloud",
                "category": "infrastructure",
                "planned": -10000.0,
                "actual": 0.0
              }
            },
            {
              "text": "line vendors: actual +2,500 USD",
              "fact": {
                "type": "money",
                "line": "vendors",
                "category": "vendors",
                "planned": 0.0,
                "actual": 2500.0
              }
            }
          ]
        },
        {
          "kind": "budget",
          "id": "2027-Q1",
          "action": "added",
          "title": "2027-Q1",
          "fields": [
            {
              "path": "line",
              "old": null,
              "new": {
                "hiring": {
                  "category": "headcount",
                  "planned": 60000
                }
              }
            }
          ],
          "meanings": [
            {
              "text": "line hiring: planned +60,000 USD",
              "fact": {
                "type": "money",
                "line": "hiring",
                "category": "headcount",
                "planned": 60000.0,
                "actual": 0.0
              }
            }
          ]
        }
      ],
      "broken": []
    }
    "#);
}

#[test]
fn json_counts_every_meaning() {
    let repo = fixture();
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    let counts = &doc["summary"]["counts"];
    let count = |name: &str| counts[name].as_u64().unwrap_or_else(|| panic!("{name}"));
    // Records.
    // erin, role backend, use-cockroach, budget 2027-Q1; data → analytics is a rename.
    assert_eq!(count("added"), 4, "{counts:#}");
    assert_eq!(count("changed"), 17);
    assert_eq!(count("renamed"), 1);
    assert_eq!(count("removed"), 2);
    // Roadmap.
    assert_eq!(count("slipped"), 1);
    assert_eq!(count("pulled_in"), 1);
    assert_eq!(count("shipped"), 1);
    // mobile shipped → active, use-kafka accepted → proposed.
    assert_eq!(count("regressions"), 2);
    // Decisions and hiring.
    // use-cockroach was added already accepted; another decision became accepted.
    assert_eq!(count("decisions_accepted"), 2);
    assert_eq!(count("decisions_rejected"), 1);
    assert_eq!(count("decisions_superseded"), 1);
    assert_eq!(count("roles_opened"), 1);
    assert_eq!(count("roles_filled"), 1);
    assert_eq!(count("broken_files"), 0);
    // Budget: per line, with totals per quarter and per category.
    assert_eq!(counts["budget_planned"], 95_000.0);
    assert_eq!(counts["budget_actual"], 17_500.0);
    assert_eq!(
        counts["budget_by_quarter"],
        serde_json::json!({
            "2026-Q3": [45_000.0, 15_000.0],
            "2026-Q4": [-10_000.0, 2_500.0],
            "2027-Q1": [60_000.0, 0.0],
        })
    );
    assert_eq!(
        counts["budget_by_category"],
        serde_json::json!({
            "headcount": [60_000.0, 0.0],
            "infrastructure": [30_000.0, 15_000.0],
            "training": [5_000.0, 0.0],
            "vendors": [0.0, 2_500.0],
        })
    );
    // Bob moves core → growth, Erin joins core, Carol leaves growth (a
    // `left` date), Dan leaves growth (file removed): core nets 0 and is
    // left out.
    assert_eq!(counts["headcount"], serde_json::json!({ "growth": -1 }));

    // The superseded decision names its successor.
    let postgres = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "use-postgres")
        .unwrap();
    assert_eq!(
        postgres["meanings"][0]["fact"],
        serde_json::json!({ "type": "superseded_by", "by": ["decision/use-cockroach"] })
    );
}

#[test]
fn stat_lists_one_line_per_record() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD", "--stat"]);
    insta::assert_snapshot!(out, @"
    plan diff HEAD~1 (96ecfc5) → HEAD (147fed5)
    4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled · budget +95,000 USD

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
    ");
}

#[test]
fn kind_keeps_one_kind_and_counts_only_it() {
    let repo = fixture();
    let out = repo.out(&["HEAD~1", "HEAD", "--kind", "risks"]);
    insta::assert_snapshot!(out, @"
    plan diff HEAD~1 (96ecfc5) → HEAD (147fed5)
    2 changed

    Risks
      ~ risk/bus-factor  Only Bob knows billing
          risk score 16 → 8 (down)
          likelihood: 4 → 2
          status: open → mitigating
          mitigation:
            Pair on [-billing.-]{+billing every week and write runbooks.+}
      ~ risk/vendor-lock-in  Cloud vendor lock-in
          risk score 6 → 12 (up)
          likelihood: 2 → 4
          owner: alice → bob
    ");
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

// --- renames and moves -----------------------------------------------------

#[test]
fn renamed_record_is_one_rename_not_a_removal_and_an_addition() {
    let repo = fixture();
    let doc = repo.json(&["HEAD~1", "HEAD", "--kind", "team"]);
    let changes = doc["changes"].as_array().unwrap();
    let analytics = changes.iter().find(|c| c["id"] == "analytics").unwrap();
    assert_eq!(analytics["action"], "renamed");
    assert_eq!(analytics["renamed_from"], "data");
    assert_eq!(analytics["fields"], serde_json::json!([]));
    assert!(!changes.iter().any(|c| c["id"] == "data"), "{changes:#?}");
}

#[test]
fn record_moved_to_a_sub_folder_is_a_rename_from_its_old_path() {
    let repo = Repo::with(&[(
        "roadmap/sso.toml",
        "title = \"Single sign-on\"\nstatus = \"proposed\"\n",
    )]);
    std::fs::create_dir_all(repo.path().join("roadmap/2026")).unwrap();
    std::fs::rename(
        repo.path().join("roadmap/sso.toml"),
        repo.path().join("roadmap/2026/sso.toml"),
    )
    .unwrap();
    // In the working tree first, then committed.
    for args in [&[][..], &["HEAD~1", "HEAD"][..]] {
        let out = repo.out(args);
        assert_eq!(
            out.lines().skip(1).collect::<Vec<_>>(),
            [
                "1 renamed",
                "",
                "Roadmap",
                "  → initiative/sso  Single sign-on (from roadmap/sso.toml)"
            ],
            "diff {args:?}:\n{out}"
        );
        if args.is_empty() {
            repo.commit("Group by year");
        }
    }
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(doc["changes"][0]["action"], "renamed");
    assert_eq!(doc["changes"][0]["renamed_from"], "roadmap/sso.toml");
}

#[test]
fn renamed_in_the_working_tree_is_a_rename() {
    let repo = Repo::with(&[("team/teams/data.toml", "name = \"Data\"\n")]);
    repo.remove("team/teams/data.toml");
    repo.write("team/teams/analytics.toml", "name = \"Data\"\n");
    let out = repo.out(&[]);
    assert!(
        out.contains("  → team/analytics  Data (from data)\n"),
        "{out}"
    );
    assert!(out.contains("\n1 renamed\n"), "{out}");
}

/// Regression: a value its field does not allow was dropped while parsing,
/// so a typo read as a deletion in the pull-request comment.
#[test]
fn a_mistyped_value_is_a_change_not_a_removal() {
    let repo = Repo::with(&[(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"active\"\npriority = \"p2\"\n",
    )]);
    repo.write(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"activ\"\npriority = 7\n",
    );
    let out = repo.out(&[]);
    assert!(
        out.contains("      status: active → activ (invalid)\n"),
        "{out}"
    );
    assert!(out.contains("      priority: p2 → 7 (invalid)\n"), "{out}");
    assert!(!out.contains("- status"), "{out}");
    let json = repo.json(&[]);
    let status = &json["changes"][0]["fields"][0];
    assert_eq!(
        (status["old"].as_str(), status["new"].as_str()),
        (Some("active"), Some("activ"))
    );
}

#[test]
fn a_record_moved_and_edited_in_one_change_is_a_rename_with_its_edits() {
    let old = "title = \"Search\"\nstatus = \"planned\"\nquarter = \"2026-Q3\"\nowner = \"alice\"\npriority = \"p1\"\n";
    let repo = Repo::with(&[
        ("roadmap/search.toml", old),
        (
            "roadmap/billing.toml",
            "title = \"Billing\"\nstatus = \"proposed\"\n",
        ),
    ]);
    repo.remove("roadmap/search.toml");
    repo.write("roadmap/search-v2.toml", &old.replace("2026-Q3", "2026-Q4"));
    // Same fields but another title: a different record, not a rename.
    repo.remove("roadmap/billing.toml");
    repo.write(
        "roadmap/invoicing.toml",
        "title = \"Invoicing\"\nstatus = \"proposed\"\n",
    );
    let out = repo.out(&[]);
    assert!(
        out.contains("\n1 added, 1 renamed, 1 removed · 1 slipped\n"),
        "{out}"
    );
    assert!(out.contains("  → initiative/search-v2  Search (from search)\n      quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)\n"), "{out}");
    // `log` follows the record back through the rename.
    repo.commit("Rename search and slip it");
    let (log, stderr, code) = common::run(repo.path(), &["log", "initiative/search-v2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        log.contains("  → initiative/search-v2  Search (from search)\n"),
        "{log}"
    );
    assert!(
        log.contains("  + initiative/search  Search\n"),
        "the record's creation, under its old id: {log}"
    );
}

// --- files that do not parse -----------------------------------------------

#[test]
fn broken_files_are_reported_with_their_location_on_either_side() {
    let repo = Repo::with(&[
        ("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n"),
        ("roadmap/b.toml", "title = \"B\"\nstatus = \"planned\"\n"),
        // Broken in the older commit, fixed in the newer.
        ("roadmap/c.toml", "title = \"C\"\nstatus = = \"planned\"\n"),
    ]);
    repo.write("roadmap/a.toml", "title = \"A\"\n\nstatus = \"active\n");
    repo.write("roadmap/b.toml", "title = \"B\"\nstatus = \"active\"\n");
    repo.write("roadmap/c.toml", "title = \"C\"\nstatus = \"planned\"\n");
    repo.commit("Break a, fix c");
    let out = repo.out(&["HEAD~1", "HEAD"]);
    insta::assert_snapshot!(out, @r#"
    plan diff HEAD~1 (4a9d6d2) → HEAD (47295de)
    1 changed · 2 broken files

    Roadmap
      ~ initiative/b  B
          status: planned → active

    Files that do not parse
      ! roadmap/c.toml:2:10 (from): extra `=`, expected nothing
      ! roadmap/a.toml:3:17 (to): invalid basic string, expected `"`
    "#);
    // Neither side's record of a broken file is added or removed.
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    let ids: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b"]);
    let broken: Vec<(String, String, u64, u64)> = doc["broken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["side"].as_str().unwrap().to_owned(),
                b["path"].as_str().unwrap().to_owned(),
                b["line"].as_u64().unwrap(),
                b["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        broken,
        [
            ("from".to_owned(), "roadmap/c.toml".to_owned(), 2, 10),
            ("to".to_owned(), "roadmap/a.toml".to_owned(), 3, 17),
        ]
    );
    assert_eq!(doc["summary"]["counts"]["broken_files"], 2);
    let md = repo.out(&["HEAD~1", "HEAD", "--format", "markdown"]);
    assert!(md.contains("**Files that do not parse**"), "{md}");
    assert!(
        md.contains("\n- roadmap/c.toml:2:10 (from): extra \\`=\\`, expected nothing\n"),
        "{md}"
    );
    assert!(md.contains("\n- roadmap/a.toml:3:17 (to): "), "{md}");
}

#[test]
fn broken_file_in_the_working_tree_still_diffs() {
    let repo = Repo::with(&[
        ("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n"),
        ("roadmap/b.toml", "title = \"B\"\nstatus = \"planned\"\n"),
    ]);
    repo.write("roadmap/a.toml", "title = \"A\"\nstatus = [\n");
    repo.write("roadmap/b.toml", "title = \"B\"\nstatus = \"active\"\n");
    let (stdout, stderr, code) = repo.diff(&["--exit-code"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("  ~ initiative/b  B\n      status: planned → active\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("initiative/a"), "{stdout}");
    assert!(
        stdout.contains("\nFiles that do not parse\n  ! roadmap/a.toml:"),
        "{stdout}"
    );
    assert!(stdout.contains(" (to): "), "{stdout}");
}

#[test]

fn bad_key_in_a_keyed_table_is_not_a_broken_file() {
    let repo = Repo::with(&[("roadmap/a.toml", "title = \"A\"\nstatus = \"planned\"\n")]);
    repo.write(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"active\"\n\n[milestone.Beta]\ntitle = \"Beta\"\n",
    );
    let doc = repo.json(&[]);
    assert_eq!(doc["broken"], serde_json::json!([]), "{doc:#}");
    assert_eq!(doc["changes"][0]["fields"][0]["path"], "status", "{doc:#}");
}

// --- exit codes ------------------------------------------------------------

#[test]
fn exit_code_says_whether_anything_differs() {
    let repo = fixture();
    for format in ["text", "markdown", "json"] {
        let (_, stderr, code) = repo.diff(&["HEAD~1", "HEAD", "--exit-code", "--format", format]);
        assert_eq!((code, stderr.as_str()), (1, ""), "--format {format}");
        // Without the flag, differences are no failure.
        let (_, _, code) = repo.diff(&["HEAD~1", "HEAD", "--format", format]);
        assert_eq!(code, 0, "--format {format}");
    }
    // Nothing differs: exit 0 and say so.
    let out = repo.out(&["HEAD", "HEAD", "--exit-code"]);
    insta::assert_snapshot!(out, @r#"
    plan diff HEAD (147fed5) → HEAD (147fed5)
    no changes
    "#);
    let (stdout, _, code) = repo.diff(&["--exit-code"]);
    assert_eq!(code, 0, "{stdout}");
    let md = repo.out(&["HEAD", "--format", "markdown", "--exit-code"]);
    assert!(!md.contains("<details>"), "{md}");
    let doc = repo.json(&["HEAD", "--exit-code"]);
    assert_eq!(doc["changes"], serde_json::json!([]));
    assert_eq!(doc["broken"], serde_json::json!([]));
    // Only changes of the kind asked for count.
    let (_, _, code) = repo.diff(&["HEAD~1", "HEAD", "--exit-code", "--kind", "objective"]);
    assert_eq!(code, 1);
    repo.write(
        "risks/bus-factor.toml",
        "title = \"Only Bob knows billing\"\nlikelihood = 1\nimpact = 4\nstatus = \"closed\"\nopened = 2026-02-01\nclosed = 2026-11-26\n",
    );
    let (_, _, code) = repo.diff(&["--exit-code"]);
    assert_eq!(code, 1);
    let (_, _, code) = repo.diff(&["--exit-code", "--kind", "initiative"]);
    assert_eq!(code, 0);
}

#[test]
fn usage_and_environment_errors_exit_2() {
    let repo = fixture();
    for args in [
        &["--format", "xml"][..],
        &["HEAD", "HEAD", "HEAD"],
        &["--kind", "widgets"],
    ] {
        let (stdout, stderr, code) = repo.diff(args);
        assert_eq!(code, 2, "diff {args:?}: {stdout}{stderr}");
        assert_eq!(stdout, "", "diff {args:?}");
    }
    // A plan outside git has no revisions to compare.
    let plain = common::plan();
    let (stdout, stderr, code) = diff_at(plain.path(), &[]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("is not inside a git repository"),
        "{stderr}"
    );
    // A repository without commits has no HEAD.
    let fresh = Repo::new();
    fresh.write("cto-plan.toml", CONFIG);
    let (stdout, stderr, code) = fresh.diff(&[]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("the repository has no commits yet"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: commit the plan first"), "{stderr}");
}

#[test]

fn unchanged_broken_config_is_no_difference() {
    let repo = Repo::new();
    repo.write("cto-plan.toml", "[plan\nname = \"Acme\"\n");
    repo.write("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n");
    repo.commit("Broken config");
    for args in [&["HEAD", "HEAD"][..], &[]] {
        let mut all = args.to_vec();
        all.push("--exit-code");
        let (stdout, stderr, code) = repo.diff(&all);
        assert_eq!(code, 0, "diff {all:?}\n{stdout}{stderr}");
        assert!(stdout.contains("\nno changes\n"), "{stdout}");
    }
}

// --- endpoints -------------------------------------------------------------

/// search-v2's quarter is 2026-Q3, Q4, 2027-Q1 in three commits, and
/// 2027-Q2 in the working tree.
fn quarters() -> (Repo, [Oid; 3]) {
    let search = |quarter: &str| {
        format!("title = \"Search v2\"\nstatus = \"active\"\nquarter = \"{quarter}\"\n")
    };
    let repo = Repo::with(&[("roadmap/search-v2.toml", search("2026-Q3").as_str())]);
    let first = repo.repo.head().unwrap().target().unwrap();
    repo.write("roadmap/search-v2.toml", &search("2026-Q4"));
    let second = repo.commit("Slip");
    repo.write("roadmap/search-v2.toml", &search("2027-Q1"));
    let third = repo.commit("Slip again");
    repo.write("roadmap/search-v2.toml", &search("2027-Q2"));
    (repo, [first, second, third])
}

#[test]
fn endpoints_read_as_git_users_expect() {
    let (repo, [first, second, third]) = quarters();
    let (first, second) = (first.to_string(), second.to_string());
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["HEAD~1"],
        vec!["HEAD~2", "HEAD~1"],
        vec!["HEAD~2..HEAD~1"],
        vec!["HEAD~1.."],
        vec!["..HEAD~1"],
        vec!["HEAD", "HEAD~2"],
        vec![first.as_str(), &second[..10]],
        vec!["main~2...main"],
    ];
    let mut shown = String::new();
    for args in &cases {
        let out = repo.out(args);
        let command: Vec<&str> = std::iter::once("diff")
            .chain(args.iter().copied())
            .collect();
        shown.push_str(&format!(
            "{}\n{}\n{}\n\n",
            command.join(" "),
            out.lines().next().unwrap(),
            lines_with(&out, "quarter:")
        ));
    }
    assert!(shown.contains(&short(third)));
    insta::assert_snapshot!(shown, @r#"
    diff
    plan diff HEAD (eca65d3) → working tree
          quarter: 2027-Q1 → 2027-Q2  (slipped 1 quarter)

    diff HEAD~1
    plan diff HEAD~1 (4a7e4f9) → working tree
          quarter: 2026-Q4 → 2027-Q2  (slipped 2 quarters)

    diff HEAD~2 HEAD~1
    plan diff HEAD~2 (25ebe87) → HEAD~1 (4a7e4f9)
          quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)

    diff HEAD~2..HEAD~1
    plan diff HEAD~2 (25ebe87) → HEAD~1 (4a7e4f9)
          quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)

    diff HEAD~1..
    plan diff HEAD~1 (4a7e4f9) → HEAD (eca65d3)
          quarter: 2026-Q4 → 2027-Q1  (slipped 1 quarter)

    diff ..HEAD~1
    plan diff HEAD (eca65d3) → HEAD~1 (4a7e4f9)
          quarter: 2027-Q1 → 2026-Q4  (pulled in 1 quarter)

    diff HEAD HEAD~2
    plan diff HEAD (eca65d3) → HEAD~2 (25ebe87)
          quarter: 2027-Q1 → 2026-Q3  (pulled in 2 quarters)

    diff 25ebe875ebd3e6f5efc49d9f82526820934e55fa 4a7e4f9378
    plan diff 25ebe87 → 4a7e4f9
          quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)

    diff main~2...main
    plan diff merge-base(main~2, main) (25ebe87) → main (eca65d3)
          quarter: 2026-Q3 → 2027-Q1  (slipped 2 quarters)
    "#);
}

#[test]
fn three_dots_compare_from_the_merge_base() {
    let repo = Repo::with(&[
        (
            "roadmap/search-v2.toml",
            "title = \"Search v2\"\nstatus = \"active\"\nowner = \"alice\"\n",
        ),
        (
            "roadmap/billing.toml",
            "title = \"Billing\"\nstatus = \"planned\"\nquarter = \"2027-Q1\"\n",
        ),
    ]);
    let base = repo.repo.head().unwrap().target().unwrap();
    repo.branch("feature", base);
    // main moves on: billing slips.
    repo.write(
        "roadmap/billing.toml",
        "title = \"Billing\"\nstatus = \"planned\"\nquarter = \"2027-Q2\"\n",
    );
    repo.commit("Billing slips");
    // The branch hands search over to bob.
    repo.switch("feature");
    repo.write(
        "roadmap/search-v2.toml",
        "title = \"Search v2\"\nstatus = \"active\"\nowner = \"bob\"\n",
    );
    repo.commit("Bob takes search");
    repo.switch("main");

    let mut shown = String::new();
    for args in [
        "main...feature",
        "...feature",
        "feature...main",
        "main..feature",
    ] {
        let out = repo.out(&[args]);
        shown.push_str(&format!("diff {args}\n{out}\n"));
    }
    insta::assert_snapshot!(shown, @r#"
    diff main...feature
    plan diff merge-base(main, feature) (8995783) → feature (a9541b8)
    1 changed

    Roadmap
      ~ initiative/search-v2  Search v2
          owner: alice → bob

    diff ...feature
    plan diff merge-base(HEAD, feature) (8995783) → feature (a9541b8)
    1 changed

    Roadmap
      ~ initiative/search-v2  Search v2
          owner: alice → bob

    diff feature...main
    plan diff merge-base(feature, main) (8995783) → main (7277f5c)
    1 changed · 1 slipped

    Roadmap
      ~ initiative/billing  Billing
          quarter: 2027-Q1 → 2027-Q2  (slipped 1 quarter)

    diff main..feature
    plan diff main (7277f5c) → feature (a9541b8)
    2 changed · 1 pulled in

    Roadmap
      ~ initiative/billing  Billing
          quarter: 2027-Q2 → 2027-Q1  (pulled in 1 quarter)
      ~ initiative/search-v2  Search v2
          owner: alice → bob
    "#);

    // The pull-request view holds the branch's change only.
    let doc = repo.json(&["main...feature"]);
    assert_eq!(
        doc["from"],
        format!("merge-base(main, feature) ({})", short(base))
    );
    let ids: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["search-v2"]);

    // Histories with no common ancestor: exit 2.
    let sig = repo.signature();
    let tree = repo.repo.head().unwrap().peel_to_tree().unwrap();
    repo.repo
        .commit(
            Some("refs/heads/orphan"),
            &sig,
            &sig,
            "Unrelated",
            &tree,
            &[],
        )
        .unwrap();
    let (stdout, stderr, code) = repo.diff(&["main...orphan"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("no common ancestor"), "{stderr}");
}

#[test]
fn plan_in_a_sub_folder_diffs_its_own_files() {
    let repo = Repo::new();
    repo.write("README.md", "# Monorepo\n");
    let before_plan = repo.commit("Before the plan");
    let a = |status: &str| format!("title = \"A\"\nstatus = \"{status}\"\n");
    repo.write("plans/eng/cto-plan.toml", CONFIG);
    repo.write("plans/eng/roadmap/a.toml", &a("planned"));
    // TOML outside the plan folder is not the plan's.
    repo.write("services/api/roadmap/x.toml", "title = 1\n");
    repo.commit("Add the plan");
    repo.write("plans/eng/roadmap/a.toml", &a("active"));
    repo.write("services/api/roadmap/x.toml", "title = 2\n");
    repo.write("README.md", "# Monorepo, with a plan\n");
    repo.commit("A starts");
    let plan = repo.path().join("plans/eng");
    let expected = "\nRoadmap\n  ~ initiative/a  A\n      status: planned → active\n";
    let (stdout, stderr, code) = diff_at(&plan, &["HEAD~1", "HEAD", "--exit-code"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.ends_with(expected), "{stdout}");
    assert!(stdout.contains("\n1 changed\n"), "{stdout}");
    // From a folder inside the plan, against the working tree.
    repo.write("plans/eng/roadmap/a.toml", &a("shipped"));
    let (stdout, _, code) = diff_at(&plan.join("roadmap"), &["HEAD"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("      status: active → shipped\n"),
        "{stdout}"
    );
    // A revision from before the plan existed has no plan to compare.
    let (stdout, stderr, code) = diff_at(&plan, &[&before_plan.to_string(), "HEAD"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("has no plan at 'plans/eng'"), "{stderr}");
}

#[test]
fn unknown_revisions_exit_2() {
    let (repo, _) = quarters();
    for args in [
        &["nosuch"][..],
        &["HEAD", "nosuch"],
        &["nosuch", "HEAD"],
        &["nosuch..HEAD"],
        &["HEAD..nosuch"],
        &["nosuch...HEAD"],
        &["HEAD...nosuch"],
        &["HEAD~9"],
    ] {
        let (stdout, stderr, code) = repo.diff(args);
        assert_eq!(code, 2, "diff {args:?}: {stdout}{stderr}");
        assert_eq!(stdout, "", "diff {args:?}");
        assert!(
            stderr.contains("unknown revision '"),
            "diff {args:?}: {stderr}"
        );
    }
}

#[test]
fn diff_never_touches_the_index() {
    let repo = fixture();
    let head = repo.repo.head().unwrap().target().unwrap();
    repo.branch("feature", head);
    // A modified, a deleted and an untracked file, so the index is stale.
    repo.write(
        "roadmap/sso.toml",
        "title = \"Single sign-on\"\nstatus = \"paused\"\n",
    );
    repo.remove("roadmap/billing.toml");
    repo.write(
        "roadmap/new.toml",
        "title = \"New\"\nstatus = \"proposed\"\n",
    );
    let index = repo.path().join(".git/index");
    let before = std::fs::read(&index).unwrap();
    let modified = std::fs::metadata(&index).unwrap().modified().unwrap();
    for args in [
        &[][..],
        &["HEAD~1"],
        &["HEAD~1", "HEAD"],
        &["HEAD~1..HEAD"],
        &["main...feature"],
        &["--format", "markdown"],
        &["--format", "json", "--exit-code"],
        &["--stat"],
    ] {
        let (stdout, stderr, code) = repo.diff(args);
        assert!(code == 0 || code == 1, "diff {args:?}: {stdout}{stderr}");
        assert_eq!(std::fs::read(&index).unwrap(), before, "diff {args:?}");
        assert_eq!(
            std::fs::metadata(&index).unwrap().modified().unwrap(),
            modified,
            "diff {args:?}"
        );
    }
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
    let repo = Repo::with(&[("decisions/use-postgres.toml", postgres("accepted").as_str())]);
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

// --- Markdown: hostile text and size ---------------------------------------

/// Counts the occurrences of `c` in `line` not escaped by a backslash.
fn unescaped(line: &str, c: char) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for ch in line.chars() {
        if ch == c && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if ch == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

/// Markdown that holds no HTML but the renderer's own, no mention, link,
/// image or code span, and no pipe that could split or start a table.
fn assert_inert(md: &str) {
    let mut rest = md.to_owned();
    for own in [
        "<!-- cto-plan-diff -->",
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
    ] {
        rest = rest.replace(own, "");
    }
    assert!(!rest.contains(['<', '>']), "raw HTML:\n{md}");
    assert!(!md.contains('@'), "a mention:\n{md}");
    assert!(!md.contains("]("), "a link:\n{md}");
    assert!(!md.contains("javascript:"), "a script URL:\n{md}");
    let mut columns = None;
    for line in md.lines() {
        let pipes = unescaped(line, '|');
        if line.starts_with('|') {
            let expected = *columns.get_or_insert(pipes);
            assert_eq!(pipes, expected, "table row with a stray pipe: {line}");
        } else {
            columns = None;
            assert_eq!(pipes, 0, "stray pipe outside a table: {line}");
            assert_eq!(unescaped(line, '`'), 0, "a code span or fence: {line}");
            // The sigil of a changed record is a lone `~`.
            let body = line.strip_prefix("- ~ ").unwrap_or(line);
            for c in ['*', '_', '~', '[', ']'] {
                assert_eq!(
                    unescaped(body, c) % 2,
                    0,
                    "unbalanced {c} (plan text not escaped?): {line}"
                );
            }
        }
    }
}

#[test]
fn markdown_keeps_hostile_text_inert() {
    let repo = Repo::with(&[
        (
            "roadmap/pipes.toml",
            "title = \"Plain\"\nstatus = \"proposed\"\nsummary = \"Nothing to see.\"\ntags = [\"ok\"]\n",
        ),
        ("team/teams/core.toml", "name = \"Core\"\n"),
    ]);
    repo.write_all(&[
        (
            "roadmap/pipes.toml",
            r#"title = "a | b | c"
status = "proposed"
summary = "Nothing <img src=x onerror=alert(1)> to see, @everyone."
tags = ["ok", "x|y", "<b>"]
"#,
        ),
        (
            "roadmap/script.toml",
            "title = \"<script>alert(1)</script>\"\nstatus = \"proposed\"\n",
        ),
        (
            "roadmap/everyone.toml",
            "title = \"@everyone please look\"\nstatus = \"proposed\"\nowner = \"@here\"\n",
        ),
        (
            "roadmap/link.toml",
            r#"title = "[x](javascript:alert(1))"
status = "proposed"
summary = "![img](https://evil.example/x.png) <https://evil.example>"
"#,
        ),
        (
            "roadmap/fence.toml",
            "title = \"```\\n</details><details open>\\n# Heading\"\nstatus = \"proposed\"\n",
        ),
        ("team/teams/core.toml", "name = \"Core | Platform\"\n"),
        (
            "team/people/mallory.toml",
            "name = \"Mallory <mallory@evil.example>\"\nrole = \"`rm -rf`\"\nteam = \"core\"\n",
        ),
        (
            "budget/2026-Q3.toml",
            "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 5\nnote = \"**bold** _it_ ~~gone~~ | [a]\"\n",
        ),
    ]);
    let md = repo.out(&["--format", "markdown"]);
    assert_inert(&md);
    for escaped in [
        "a \\| b \\| c",
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt;",
        "&#64;everyone please look",
        "\\[x\\]\\(javascript\\:alert\\(1\\)\\)",
        "\\`\\`\\` &lt;/details&gt;&lt;details open&gt; \\# Heading",
        "Core \\| Platform",
    ] {
        assert!(md.contains(escaped), "{escaped} missing:\n{md}");
    }
    insta::assert_snapshot!(md, @r"
    <!-- cto-plan-diff -->
    ### Plan changes: HEAD \(79fe8a9\) → working tree

    **6 added, 2 changed · budget +5 USD**

    | Area | Added | Changed | Removed |
    |---|---:|---:|---:|
    | Roadmap | 4 | 1 | 0 |
    | Teams | 0 | 1 | 0 |
    | People | 1 | 0 | 0 |
    | Budget | 1 | 0 | 0 |

    | Budget category | Planned | Actual |
    |---|---:|---:|
    | infrastructure | +5 USD | +0 USD |

    | Team | Headcount |
    |---|---:|
    | core | +1 |

    <details><summary>Roadmap (5)</summary>

    - \+ **initiative/everyone** &#64;everyone please look
      - **title** = &#64;everyone please look
      - **status** = proposed
      - **owner** = &#64;here \(invalid\)
    - \+ **initiative/fence** \`\`\` &lt;/details&gt;&lt;details open&gt; \# Heading
      - **title** = \`\`\` &lt;/details&gt;&lt;details open&gt; \# Heading
      - **status** = proposed
    - \+ **initiative/link** \[x\]\(javascript\:alert\(1\)\)
      - **title** = \[x\]\(javascript\:alert\(1\)\)
      - **status** = proposed
      - **summary** = \!\[img\]\(https\://evil.example/x.png\) &lt;https\://evil.example&gt;
    - \~ **initiative/pipes** a \| b \| c
      - **title**: Plain → a \| b \| c
      - **summary**: Nothing **&lt;img src=x onerror=alert\(1\)&gt;** to ~~see.~~ **see, &#64;everyone.** 
      - **tags**: ok → ok, x\|y, &lt;b&gt; — *+&lt;b&gt; +x\|y*
    - \+ **initiative/script** &lt;script&gt;alert\(1\)&lt;/script&gt;
      - **title** = &lt;script&gt;alert\(1\)&lt;/script&gt;
      - **status** = proposed

    </details>

    <details><summary>Teams (1)</summary>

    - \~ **team/core** Core \| Platform
      - **name**: Core → Core \| Platform

    </details>

    <details><summary>People (1)</summary>

    - \+ **person/mallory** Mallory &lt;mallory&#64;evil.example&gt;
      - *joined team/core*
      - **name** = Mallory &lt;mallory&#64;evil.example&gt;
      - **role** = \`rm -rf\`
      - **team** = core

    </details>

    <details><summary>Budget (1)</summary>

    - \+ **budget/2026-Q3** 2026-Q3
      - *line cloud\: planned +5 USD*
      - **line** = \{ cloud = \{ category = infrastructure, planned = 5, note = \*\*bold\*\* \_it\_ \~\~gone\~\~ \| \[a\] \} \}

    </details>
    ");

    // A branch name is the pull request author's too.
    let head = repo.commit("Hostile");
    repo.branch("x|<b>@everyone", head);
    let md = repo.out(&["HEAD~1...x|<b>@everyone", "--format", "markdown"]);
    assert_inert(&md);
    assert!(
        md.contains("→ x\\|&lt;b&gt;&#64;everyone \\("),
        "{}",
        md.lines().nth(1).unwrap()
    );
}

/// The start of a long output, for messages.
fn head(text: &str) -> String {
    text.chars().take(400).collect()
}

/// Parses the final "N more entries left out" line.
fn left_out(md: &str) -> usize {
    let last = md.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with('*')
            && last.ends_with(
                " left out to stay under the 65536-character comment limit; run `cto-plan diff` for all of them.*"
            ),
        "last line: {last}"
    );
    last[1..].split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn huge_markdown_stays_under_the_comment_limit() {
    let repo = Repo::new();
    repo.write("cto-plan.toml", CONFIG);
    let initiative = |i: usize, quarter: &str| {
        format!(
            "title = \"Initiative number {i}\"\nstatus = \"planned\"\nowner = \"alice\"\nquarter = \"{quarter}\"\n"
        )
    };
    let risk = |i: usize, likelihood: u8| {
        format!(
            "title = \"Risk number {i}\"\nlikelihood = {likelihood}\nimpact = 3\nstatus = \"open\"\nopened = 2026-01-01\n"
        )
    };
    for i in 0..1500 {
        repo.write(&format!("roadmap/i{i:04}.toml"), &initiative(i, "2026-Q3"));
        repo.write(&format!("risks/r{i:04}.toml"), &risk(i, 2));
    }
    repo.commit("Many records");
    for i in 0..1500 {
        repo.write(&format!("roadmap/i{i:04}.toml"), &initiative(i, "2026-Q4"));
        repo.write(&format!("risks/r{i:04}.toml"), &risk(i, 4));
    }
    let md = repo.out(&["--format", "markdown"]);
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(
        md.contains("\n**3000 changed · 1500 slipped**\n"),
        "{}",
        head(&md)
    );
    assert!(md.contains("| Roadmap | 0 | 1500 | 0 |\n| Risks | 0 | 1500 | 0 |\n"));
    let shown = md.lines().filter(|l| l.starts_with("- \\~ **")).count();
    assert!(shown > 100, "{shown} records shown");
    assert_eq!(shown + left_out(&md), 3000);
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count(),
        "every details block is closed"
    );
    // The text and JSON formats are not cut.
    let doc = repo.json(&[]);
    assert_eq!(doc["changes"].as_array().unwrap().len(), 3000);
}

#[test]

fn huge_markdown_of_broken_files_stays_under_the_comment_limit() {
    let repo = Repo::with(&[("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n")]);
    for i in 0..3000 {
        repo.write(
            &format!("roadmap/broken-{i:04}.toml"),
            "title = \"Broken\"\nstatus = \n",
        );
    }
    let md = repo.out(&["--format", "markdown"]);
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains("left out"), "{}", head(&md));
}

// --- properties, through the library -----------------------------------------

/// One editable field: its key and the TOML literals it may hold, each with
/// a class; literals of one class mean the same (`"bob"` and `"person/bob"`,
/// `3` and `3.0`, a list and its reordering), so moving between them is no
/// change.
struct Slot {
    key: &'static str,
    values: &'static [(&'static str, u8)],
    /// May be absent.
    optional: bool,
}

/// A table header (`[line.cloud]`) with fixed lines and editable fields.
struct Section {
    header: &'static str,
    fixed: &'static [&'static str],
    slots: &'static [Slot],
}

/// One record file of the model plan.
struct Model {
    path: &'static str,
    kind: Kind,
    id: &'static str,
    fixed: &'static [&'static str],
    slots: &'static [Slot],
    sections: &'static [Section],
}

const fn opt(key: &'static str, values: &'static [(&'static str, u8)]) -> Slot {
    Slot {
        key,
        values,
        optional: true,
    }
}

const fn req(key: &'static str, values: &'static [(&'static str, u8)]) -> Slot {
    Slot {
        key,
        values,
        optional: false,
    }
}

const ALICE_BOB: &[(&str, u8)] = &[(r#""alice""#, 0), (r#""person/alice""#, 0), (r#""bob""#, 1)];
const CORE_GROWTH: &[(&str, u8)] = &[(r#""core""#, 0), (r#""team/core""#, 0), (r#""growth""#, 1)];
const QUARTERS: &[(&str, u8)] = &[
    (r#""2026-Q3""#, 0),
    (r#""2026-Q4""#, 1),
    (r#""2027-Q1""#, 2),
];
const DATES: &[(&str, u8)] = &[("2026-11-20", 0), (r#""2026-11-20""#, 0), ("2026-11-21", 1)];
const PROSE: &[(&str, u8)] = &[
    (r#""Find things.""#, 0),
    (r#""Find things fast.""#, 1),
    ("\"\"\"\nFind things\nfast.\"\"\"", 2),
];

static MODELS: &[Model] = &[
    Model {
        path: "roadmap/search.toml",
        kind: Kind::Initiative,
        id: "search",
        fixed: &[r#"title = "Search""#],
        slots: &[
            req(
                "status",
                &[(r#""active""#, 0), (r#""planned""#, 1), (r#""shipped""#, 2)],
            ),
            opt("summary", PROSE),
            opt("owner", ALICE_BOB),
            opt("team", CORE_GROWTH),
            opt("quarter", QUARTERS),
            opt("priority", &[(r#""p0""#, 0), (r#""p1""#, 1)]),
            opt(
                "tags",
                &[
                    (r#"["a", "b"]"#, 0),
                    (r#"["b", "a"]"#, 0),
                    (r#"["a"]"#, 1),
                    (r#"["c", "b"]"#, 2),
                    ("[]", 3),
                ],
            ),
            opt(
                "depends_on",
                &[
                    (r#"["billing"]"#, 0),
                    (r#"["initiative/billing"]"#, 0),
                    (r#"["billing", "sso"]"#, 1),
                ],
            ),
            opt("shipped", DATES),
        ],
        sections: &[
            Section {
                header: "estimate",
                fixed: &[],
                slots: &[
                    opt("engineers", &[("3", 0), ("3.0", 0), ("4", 1), ("2.5", 2)]),
                    opt("weeks", &[("6", 0), ("8", 1)]),
                ],
            },
            Section {
                header: "milestone.beta",
                fixed: &[r#"title = "Beta""#],
                slots: &[opt("done", &[("true", 0), ("false", 1)]), opt("due", DATES)],
            },
            Section {
                header: "custom",
                fixed: &[],
                slots: &[opt(
                    "jira",
                    &[(r#""SRCH-1""#, 0), (r#""SRCH-2""#, 1), ("2", 2)],
                )],
            },
        ],
    },
    Model {
        path: "decisions/db.toml",
        kind: Kind::Decision,
        id: "db",
        fixed: &[
            r#"title = "Pick a database""#,
            "proposed = 2026-01-05",
            r#"context = "We need one.""#,
        ],
        slots: &[
            req(
                "status",
                &[
                    (r#""proposed""#, 0),
                    (r#""accepted""#, 1),
                    (r#""superseded""#, 2),
                ],
            ),
            opt(
                "deciders",
                &[
                    (r#"["alice"]"#, 0),
                    (r#"["person/alice"]"#, 0),
                    (r#"["bob", "alice"]"#, 1),
                ],
            ),
            opt("decision", PROSE),
            opt(
                "supersedes",
                &[(r#"["old-db"]"#, 0), (r#"["decision/old-db"]"#, 0)],
            ),
            opt("review_by", DATES),
        ],
        sections: &[Section {
            header: "option.pg",
            fixed: &[r#"summary = "Postgres""#],
            slots: &[
                opt("chosen", &[("true", 0), ("false", 1)]),
                opt("pros", &[(r#"["fast"]"#, 0), (r#"["known", "fast"]"#, 1)]),
            ],
        }],
    },
    Model {
        path: "risks/outage.toml",
        kind: Kind::Risk,
        id: "outage",
        fixed: &[r#"title = "Outage""#, "opened = 2026-02-01"],
        slots: &[
            req("likelihood", &[("1", 0), ("3", 1), ("5", 2)]),
            req("impact", &[("2", 0), ("4", 1)]),
            req(
                "status",
                &[(r#""open""#, 0), (r#""mitigating""#, 1), (r#""closed""#, 2)],
            ),
            opt("owner", ALICE_BOB),
            opt("mitigation", PROSE),
            opt("category", &[(r#""people""#, 0), (r#""vendor""#, 1)]),
        ],
        sections: &[],
    },
    Model {
        path: "team/people/bob.toml",
        kind: Kind::Person,
        id: "bob",
        fixed: &[r#"name = "Bob""#, r#"role = "Engineer""#],
        slots: &[
            opt("team", CORE_GROWTH),
            opt("manager", &[(r#""alice""#, 0), (r#""carol""#, 1)]),
            opt("left", DATES),
            opt("level", &[(r#""L4""#, 0), (r#""L5""#, 1)]),
            opt(
                "skills",
                &[
                    (r#"["rust", "go"]"#, 0),
                    (r#"["go", "rust"]"#, 0),
                    (r#"["go"]"#, 1),
                ],
            ),
        ],
        sections: &[],
    },
    Model {
        path: "team/teams/core.toml",
        kind: Kind::Team,
        id: "core",
        fixed: &[r#"name = "Core""#],
        slots: &[
            opt("lead", ALICE_BOB),
            opt("mission", PROSE),
            opt(
                "parent",
                &[(r#""eng""#, 0), (r#""team/eng""#, 0), (r#""product""#, 1)],
            ),
            opt("headcount_target", &[("4", 0), ("6", 1)]),
        ],
        sections: &[],
    },
    Model {
        path: "team/hiring/sre.toml",
        kind: Kind::Role,
        id: "sre",
        fixed: &[
            r#"title = "SRE""#,
            r#"team = "core""#,
            "opened = 2026-08-01",
        ],
        slots: &[
            req(
                "status",
                &[
                    (r#""open""#, 0),
                    (r#""interviewing""#, 1),
                    (r#""filled""#, 2),
                ],
            ),
            opt(
                "hire",
                &[(r#""erin""#, 0), (r#""person/erin""#, 0), (r#""frank""#, 1)],
            ),
            opt("filled", DATES),
            opt("quarter", QUARTERS),
        ],
        sections: &[],
    },
    Model {
        path: "budget/2026-Q3.toml",
        kind: Kind::Budget,
        id: "2026-Q3",
        fixed: &[],
        slots: &[opt("currency", &[(r#""USD""#, 0), (r#""EUR""#, 1)])],
        sections: &[
            Section {
                header: "line.cloud",
                fixed: &[r#"category = "infrastructure""#],
                slots: &[
                    req(
                        "planned",
                        &[("100000", 0), ("100000.0", 0), ("140000", 1), ("99.5", 2)],
                    ),
                    opt("actual", &[("0", 0), ("2500.5", 1)]),
                    opt("team", CORE_GROWTH),
                    opt("note", &[(r#""AWS""#, 0), (r#""GCP""#, 1)]),
                ],
            },
            Section {
                header: "line.laptops",
                fixed: &[r#"category = "headcount""#, "planned = 10000"],
                slots: &[opt("actual", &[("9000", 0), ("9500", 1)])],
            },
        ],
    },
    Model {
        path: "objectives/fast.toml",
        kind: Kind::Objective,
        id: "fast",
        fixed: &[r#"title = "Fast""#],
        slots: &[
            req("quarter", QUARTERS),
            opt("status", &[(r#""draft""#, 0), (r#""committed""#, 1)]),
            opt("owner", ALICE_BOB),
        ],
        sections: &[Section {
            header: "key_result.p95",
            fixed: &[r#"metric = "p95""#, "target = 200"],
            slots: &[
                opt(
                    "current",
                    &[("350", 0), ("350.0", 0), ("250", 1), ("199.5", 2)],
                ),
                opt("unit", &[(r#""ms""#, 0), (r#""s""#, 1)]),
                opt("baseline", &[("400", 0), ("-1", 1)]),
            ],
        }],
    },
];

/// Every slot of the model plan, in order: (model, section, slot).
fn all_slots() -> Vec<(&'static Model, Option<&'static Section>, &'static Slot)> {
    let mut out = Vec::new();
    for model in MODELS {
        out.extend(model.slots.iter().map(|s| (model, None, s)));
        for section in model.sections {
            out.extend(section.slots.iter().map(|s| (model, Some(section), s)));
        }
    }
    out
}

/// One state of the model plan: for each slot, which value it holds (its
/// number of values meaning absent).
fn states() -> impl Strategy<Value = Vec<usize>> {
    all_slots()
        .into_iter()
        .map(|(_, _, slot)| 0..slot.values.len() + usize::from(slot.optional))
        .collect::<Vec<_>>()
}

/// The class of the value a slot holds in a state; `None` when absent.
fn class(slot: &Slot, choice: usize) -> Option<u8> {
    slot.values.get(choice).map(|(_, c)| *c)
}

/// A small deterministic shuffle, so a state can be written in another order.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// The files of the model plan in `state`; with a seed, keys, tables and
/// blank lines are reordered and comments added, which changes nothing.
fn render(state: &[usize], seed: Option<u64>) -> Vec<RawFile> {
    let slots = all_slots();
    let mut seed_state = seed.unwrap_or(0) | 1;
    let lines_of = |fixed: &[&str], section: Option<&Section>, model: &Model| {
        let mut lines: Vec<String> = fixed.iter().map(|l| (*l).to_owned()).collect();
        for (i, (m, s, slot)) in slots.iter().enumerate() {
            let same_section = match (s, section) {
                (None, None) => true,
                (Some(a), Some(b)) => std::ptr::eq(*a, b),
                _ => false,
            };
            if std::ptr::eq(*m, model)
                && same_section
                && let Some((literal, _)) = slot.values.get(state[i])
            {
                lines.push(format!("{} = {literal}", slot.key));
            }
        }
        lines
    };
    let mut files = vec![RawFile {
        path: "cto-plan.toml".into(),
        content: Content::Bytes(CONFIG.as_bytes().to_vec()),
        blob: None,
    }];
    for model in MODELS {
        let mut top = lines_of(model.fixed, None, model);
        let mut sections: Vec<(String, Vec<String>)> = model
            .sections
            .iter()
            .map(|s| (s.header.to_owned(), lines_of(s.fixed, Some(s), model)))
            .collect();
        if seed.is_some() {
            shuffle(&mut top, &mut seed_state);
            top.insert(0, "# Reordered, with comments.".into());
            for (_, lines) in &mut sections {
                shuffle(lines, &mut seed_state);
                lines.push(String::new());
            }
            shuffle(&mut sections, &mut seed_state);
        }
        let mut text = top.join("\n");
        text.push('\n');
        for (header, lines) in sections {
            text.push_str(&format!("\n[{header}]\n{}\n", lines.join("\n")));
        }
        files.push(RawFile {
            path: model.path.into(),
            content: Content::Bytes(text.into_bytes()),
            blob: None,
        });
    }
    files
}

/// Loads the files, insisting the model wrote nothing a parser complains about.
fn load(files: Vec<RawFile>) -> cto_plan::model::Plan {
    let shown: Vec<String> = files
        .iter()
        .map(|f| match &f.content {
            Content::Bytes(b) => format!("# {}\n{}", f.path, String::from_utf8_lossy(b)),
            _ => String::new(),
        })
        .collect();
    let loaded = load_files(files);
    assert!(
        loaded.findings.is_empty(),
        "{:#?}\n{}",
        loaded.findings,
        shown.join("\n")
    );
    assert_eq!(loaded.plan.records.len(), MODELS.len());
    loaded.plan
}

fn changed_fields(old: &[usize], new: &[usize]) -> BTreeSet<(Kind, String, String)> {
    let (a, b) = (load(render(old, None)), load(render(new, None)));
    let changes = diff_plans(&a, &b);
    for change in &changes {
        assert_eq!(
            change.action,
            cto_plan::diff::Action::Changed,
            "{change:#?}"
        );
    }
    changes
        .iter()
        .flat_map(|c| {
            c.fields
                .iter()
                .map(|f| (c.kind, c.id.clone(), f.path.clone()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A plan compared with itself, however it is written, has no changes.
    #[test]
    fn diff_of_a_plan_with_itself_is_empty(state in states(), seed in any::<u64>()) {
        let plan = load(render(&state, None));
        prop_assert!(diff_plans(&plan, &plan).is_empty());
        let reordered = load(render(&state, Some(seed)));
        let changes = diff_plans(&plan, &reordered);
        prop_assert!(changes.is_empty(), "{:#?}", changes);
    }

    /// The fields reported changed are exactly the fields edited (moving
    /// between spellings of one value is no edit), both ways round.
    #[test]
    fn changed_fields_are_the_edited_fields(old in states(), new in states()) {
        let edited: BTreeSet<(Kind, String, String)> = all_slots()
            .iter()
            .enumerate()
            .filter(|(i, (_, _, slot))| class(slot, old[*i]) != class(slot, new[*i]))
            .map(|(_, (model, section, slot))| {
                let path = match section {
                    Some(s) => format!("{}.{}", s.header, slot.key),
                    None => slot.key.to_owned(),
                };
                (model.kind, model.id.to_owned(), path)
            })
            .collect();
        prop_assert_eq!(&changed_fields(&old, &new), &edited);
        prop_assert_eq!(&changed_fields(&new, &old), &edited);
    }
}
