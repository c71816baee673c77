//! `cto-plan review`: the quarterly review, computed from a scripted history
//! whose facts are known, and every number it prints asserted.
//!
//! The fixture ([`fixture`]) reviews 2026-Q2 (April 1 to June 30). Its facts:
//!
//! * Roadmap: 8 initiatives committed to 2026-Q2 as it began (search-v2,
//!   billing, onboarding, mobile, analytics, legacy-api, sso, audit-log);
//!   5 shipped in the quarter: search-v2 through a merge commit
//!   ("Merge pull request #12 …"), billing through a squash commit
//!   ("… (#13)"), onboarding (edited again in July: it still counts),
//!   single-sign-on (sso, renamed in April, file moved, content kept) and
//!   hotfix-tooling (targeted at 2026-Q1, so not a committed one); 4 of the
//!   8 committed shipped. analytics slipped twice (Q2 → Q3 → Q4), mobile
//!   once; legacy-api was cancelled; ai-assist was added for 2026-Q3;
//!   audit-log is carried over (it shipped on July 1, +02:00, which is
//!   June 30 in UTC but Q3 where it was committed).
//! * Time zones on the boundaries: audit-log was committed to Q2 on
//!   2026-03-31 23:30 -08:00 (April 1 in UTC: still Q1, so it is committed,
//!   not added); Kafka was accepted on 2026-04-01 00:30 +09:00 (March 31 in
//!   UTC: Q2); the Q2 actuals were recorded on 2026-06-30 23:30 -07:00
//!   (July 1 in UTC: Q2).
//! * Decisions: use-kafka accepted (12 days from proposal), api-versioning
//!   added already accepted (30 days), nosql rejected (10 days), graphql
//!   rejected (40 days): median 21 days; use-rabbitmq superseded by
//!   use-kafka (in a later commit than the one that says so); monorepo still
//!   proposed (29 days by June 30); reviews due in Q3: use-kafka and the
//!   thin-pipeline risk.
//! * Team: headcount 6 → 7 (core 3 → 2, data 1 → 2 with a target of 4,
//!   growth 2 → 3); frank and ivan joined, erin left, gina moved core → data;
//!   judy left in February (counted nowhere). Roles: data-eng and sre opened,
//!   backend-eng (45 days) and data-eng (38 days) filled: median 41.5 days.
//! * Budget 2026-Q2: 145,000 planned; actuals recorded on June 30 and the
//!   cloud bill settled in August: 152,900 spent (+7,900); cloud (+7,000)
//!   and search-infra (+2,500) are over the 10% threshold, tools (+8%) is not.
//! * Risks: vendor-lock deleted in April and re-created in May (opened
//!   again, 4 × 4), thin-pipeline opened, outage closed, data-loss escalated
//!   from 10 to 20; the top risk is data-loss.
//! * Objectives: reliability (2026-Q2) with three key results: latency
//!   400 → 300 ms of 200 (50%), accounts 150 of 200 (75%), incidents without
//!   a reading; the 2026-Q3 objective is not in the review.
//! * Activity: 29 commits changed the plan in Q2 (a README-only commit and the
//!   side-branch commit do not count): Alice Martin 9, Bob Stone 8,
//!   Carol Sato 6, Dave Ruiz 6; pull requests 10, 12, 13, 14 and 15 (a
//!   GitLab "See merge request acme/plan!15").

use std::collections::BTreeMap;
use std::path::Path;

use git2::Oid;
use serde_json::{Value, json};

use crate::history::{ALICE, BOB, CAROL, DAVE, Script, json_in, ok_in, run_in, short};

/// Today in every run: 2026-Q2 is the last complete quarter.
pub const TODAY: &str = "2026-08-20";

/// The scripted history and its commits by name (`C5`, `M`, `B1`…).
pub struct Fixture {
    pub script: Script,
    pub commits: BTreeMap<&'static str, Oid>,
}

impl Fixture {
    pub fn path(&self) -> &Path {
        self.script.path()
    }

    /// A commit of the script by its name.
    pub fn id(&self, name: &str) -> Oid {
        *self
            .commits
            .get(name)
            .unwrap_or_else(|| panic!("no commit {name} in the fixture"))
    }

    /// The short id of a commit of the script.
    pub fn short(&self, name: &str) -> String {
        short(self.id(name))
    }

    /// The citation the review gives a commit of the script.
    pub fn cite(&self, name: &str) -> Value {
        let commit = self.script.repo.find_commit(self.id(name)).unwrap();
        let when = commit.committer().when();
        let local = jiff::Timestamp::from_second(when.seconds())
            .unwrap()
            .to_zoned_datetime(jiff::tz::TimeZone::fixed(
                jiff::tz::Offset::from_seconds(when.offset_minutes() * 60).unwrap(),
            ))
            .date();
        // The pull requests the fixture's messages name.
        let pr = match name {
            "C5" => Some(10),
            "M" => Some(12),
            "C14" => Some(13),
            "C24" => Some(14),
            "C28" => Some(15),
            _ => None,
        };
        let short = self.short(name);
        json!({
            "commit": short,
            "pull_request": pr,
            "author": commit.author().name().unwrap(),
            "date": local.to_string(),
            "cite": match pr {
                Some(n) => format!("{short} (#{n})"),
                None => short.clone(),
            },
        })
    }
}

fn initiative(title: &str, status: &str, owner: &str, team: &str, quarter: &str) -> String {
    format!(
        "title = \"{title}\"\nstatus = \"{status}\"\nowner = \"{owner}\"\nteam = \"{team}\"\nquarter = \"{quarter}\"\n"
    )
}

fn person(name: &str, role: &str, team: &str, extra: &str) -> String {
    format!("name = \"{name}\"\nrole = \"{role}\"\nteam = \"{team}\"\n{extra}")
}

pub const CONFIG: &str = "[plan]\nname = \"Acme\"\ncurrency = \"USD\"\n";

const RABBITMQ: &str = r#"title = "Use RabbitMQ for events"
status = "accepted"
proposed = 2026-01-02
decided = 2026-01-09
deciders = ["alice"]
context = "We need a queue."
decision = "RabbitMQ."
"#;

const KAFKA_PROPOSED: &str = r#"title = "Use Kafka for events"
status = "proposed"
proposed = 2026-03-20
context = "RabbitMQ does not keep up."
"#;

const KAFKA_ACCEPTED: &str = r#"title = "Use Kafka for events"
status = "accepted"
proposed = 2026-03-20
decided = 2026-04-01
deciders = ["alice", "bob"]
context = "RabbitMQ does not keep up."
decision = "Kafka."
supersedes = ["use-rabbitmq"]
review_by = 2026-08-01
"#;

const OBJECTIVE: &str = r#"title = "Make search fast and reliable"
quarter = "2026-Q2"
owner = "bob"
team = "core"
status = "committed"

[key_result.latency]
metric = "p95 search latency"
unit = "ms"
baseline = 400
target = 200
current = 380

[key_result.accounts]
metric = "Accounts on the new search"
unit = "accounts"
target = 200
current = 20

[key_result.incidents]
metric = "Sev-1 incidents"
target = 2
"#;

fn budget(actuals: Option<[u32; 4]>) -> String {
    let lines = [
        ("cloud", "infrastructure", 30000, ""),
        ("salaries", "headcount", 100000, ""),
        ("tools", "tooling", 5000, ""),
        (
            "search-infra",
            "infrastructure",
            10000,
            "initiative = \"search-v2\"\n",
        ),
    ];
    let mut out = String::new();
    for (i, (key, category, planned, extra)) in lines.iter().enumerate() {
        out.push_str(&format!(
            "[line.{key}]\ncategory = \"{category}\"\nplanned = {planned}\n{extra}"
        ));
        if let Some(actuals) = actuals {
            out.push_str(&format!("actual = {}\n", actuals[i]));
        }
        out.push('\n');
    }
    out
}

fn risk(
    title: &str,
    category: &str,
    likelihood: u8,
    impact: u8,
    owner: &str,
    tail: &str,
) -> String {
    format!(
        "title = \"{title}\"\ncategory = \"{category}\"\nlikelihood = {likelihood}\nimpact = {impact}\nowner = \"{owner}\"\n{tail}"
    )
}

/// The quarter fixture: the history described at the top of this file.
pub fn fixture() -> Fixture {
    let s = Script::new();
    let mut c = BTreeMap::new();

    // --- 2026-Q1 -----------------------------------------------------------
    s.write("cto-plan.toml", CONFIG);
    s.write("README.md", "# Acme's plan\n");
    s.write(
        "team/teams/core.toml",
        "name = \"Core\"\nlead = \"alice\"\nmission = \"Keep the lights on.\"\n",
    );
    s.write(
        "team/teams/growth.toml",
        "name = \"Growth\"\nlead = \"carol\"\n",
    );
    s.write(
        "team/teams/data.toml",
        "name = \"Data\"\nheadcount_target = 4\n",
    );
    s.write(
        "team/people/alice.toml",
        &person("Alice Martin", "CTO", "core", "joined = 2024-02-01\n"),
    );
    s.write(
        "team/people/bob.toml",
        &person(
            "Bob Stone",
            "Staff Engineer",
            "core",
            "manager = \"alice\"\n",
        ),
    );
    s.write(
        "team/people/gina.toml",
        &person("Gina Park", "Engineer", "core", "manager = \"bob\"\n"),
    );
    s.write(
        "team/people/carol.toml",
        &person(
            "Carol Sato",
            "Engineering Manager",
            "growth",
            "manager = \"alice\"\n",
        ),
    );
    s.write(
        "team/people/dave.toml",
        &person("Dave Ruiz", "Engineer", "growth", "manager = \"carol\"\n"),
    );
    s.write(
        "team/people/erin.toml",
        &person(
            "Erin Cole",
            "Data Engineer",
            "data",
            "manager = \"alice\"\n",
        ),
    );
    s.write(
        "team/people/judy.toml",
        &person("Judy Lam", "Engineer", "growth", "manager = \"carol\"\n"),
    );
    s.write(
        "roadmap/search-v2.toml",
        &(initiative("Search v2", "active", "bob", "core", "2026-Q2") + "start = \"2026-Q1\"\n"),
    );
    s.write(
        "roadmap/billing.toml",
        &initiative(
            "Usage-based billing",
            "planned",
            "carol",
            "growth",
            "2026-Q2",
        ),
    );
    s.write(
        "roadmap/onboarding.toml",
        &initiative("Onboarding flow", "active", "dave", "growth", "2026-Q2"),
    );
    s.write(
        "roadmap/mobile.toml",
        &initiative("Mobile app", "planned", "erin", "growth", "2026-Q2"),
    );
    s.write(
        "roadmap/analytics.toml",
        &initiative("Analytics pipeline", "active", "bob", "data", "2026-Q2"),
    );
    s.write(
        "roadmap/legacy-api.toml",
        &initiative("Retire the legacy API", "planned", "bob", "core", "2026-Q2"),
    );
    s.write(
        "roadmap/sso.toml",
        &initiative("Single sign-on", "planned", "alice", "core", "2026-Q2"),
    );
    s.write(
        "roadmap/hotfix-tooling.toml",
        &initiative("Hotfix tooling", "active", "bob", "core", "2026-Q1"),
    );
    s.write("decisions/use-rabbitmq.toml", RABBITMQ);
    s.write("decisions/use-kafka.toml", KAFKA_PROPOSED);
    s.write(
        "risks/vendor-lock.toml",
        &risk(
            "Cloud vendor lock-in",
            "vendor",
            2,
            3,
            "alice",
            "status = \"open\"\nopened = 2026-01-05\n",
        ),
    );
    s.write(
        "risks/data-loss.toml",
        &risk(
            "Data loss in the migration",
            "technical",
            2,
            5,
            "bob",
            "status = \"open\"\nopened = 2026-01-05\n",
        ),
    );
    s.write(
        "risks/outage.toml",
        &risk(
            "Single-region outage",
            "continuity",
            3,
            3,
            "bob",
            "status = \"mitigating\"\nopened = 2026-01-05\n",
        ),
    );
    s.write(
        "team/hiring/backend-eng.toml",
        "title = \"Backend Engineer\"\nteam = \"growth\"\nstatus = \"open\"\nopened = 2026-03-01\n",
    );
    s.write("objectives/reliability.toml", OBJECTIVE);
    s.write(
        "objectives/q3-growth.toml",
        "title = \"Grow self-serve revenue\"\nquarter = \"2026-Q3\"\nstatus = \"draft\"\n",
    );
    s.write("budget/2026-Q2.toml", &budget(None));
    c.insert(
        "C1",
        s.commit(ALICE, "2026-01-05T09:00:00+00:00", "Add the plan"),
    );

    s.write(
        "team/people/judy.toml",
        &person(
            "Judy Lam",
            "Engineer",
            "growth",
            "manager = \"carol\"\nleft = 2026-02-28\n",
        ),
    );
    c.insert(
        "C2",
        s.commit(
            ALICE,
            "2026-02-27T17:00:00+01:00",
            "Judy leaves at the end of February",
        ),
    );

    // Late on March 31 in California: April 1 in UTC, but Q1 where it was made.
    s.write(
        "roadmap/audit-log.toml",
        &initiative("Audit logging", "planned", "dave", "growth", "2026-Q2"),
    );
    c.insert(
        "C4",
        s.commit(
            DAVE,
            "2026-03-31T23:30:00-08:00",
            "Commit audit logging to Q2",
        ),
    );

    // --- 2026-Q2 -----------------------------------------------------------
    // Early on April 1 in Tokyo: March 31 in UTC, but Q2 where it was made.
    s.write("decisions/use-kafka.toml", KAFKA_ACCEPTED);
    c.insert(
        "C5",
        s.commit(
            CAROL,
            "2026-04-01T00:30:00+09:00",
            "Accept Kafka for events (#10)",
        ),
    );

    s.rename("roadmap/sso.toml", "roadmap/single-sign-on.toml");
    c.insert(
        "C6",
        s.commit(
            BOB,
            "2026-04-02T10:00:00-04:00",
            "Rename sso to single-sign-on",
        ),
    );

    s.write(
        "decisions/use-rabbitmq.toml",
        &RABBITMQ.replace("\"accepted\"", "\"superseded\""),
    );
    c.insert(
        "C7",
        s.commit(ALICE, "2026-04-03T10:00:00+02:00", "RabbitMQ is superseded"),
    );

    s.remove("risks/vendor-lock.toml");
    c.insert(
        "C8",
        s.commit(
            ALICE,
            "2026-04-06T10:00:00+00:00",
            "Drop the vendor lock-in risk",
        ),
    );

    s.write(
        "decisions/graphql.toml",
        "title = \"Adopt GraphQL\"\nstatus = \"proposed\"\nproposed = 2026-04-01\ncontext = \"Clients want flexible queries.\"\n",
    );
    s.write(
        "decisions/nosql.toml",
        "title = \"Move profiles to a document store\"\nstatus = \"proposed\"\nproposed = 2026-04-08\ncontext = \"Profiles change shape often.\"\n",
    );
    c.insert(
        "C9",
        s.commit(
            BOB,
            "2026-04-08T10:00:00-04:00",
            "Propose GraphQL and a document store",
        ),
    );

    // Search v2 ships on a side branch, made from C6, merged on April 14.
    let search_shipped = initiative("Search v2", "shipped", "bob", "core", "2026-Q2")
        + "start = \"2026-Q1\"\nshipped = 2026-04-14\n";
    c.insert(
        "B1",
        s.branch_commit(
            "search-v2",
            c["C6"],
            &[("roadmap/search-v2.toml", &search_shipped)],
            BOB,
            "2026-04-10T12:00:00-04:00",
            "Ship search v2",
        ),
    );
    s.write("roadmap/search-v2.toml", &search_shipped);
    c.insert(
        "M",
        s.merge(
            c["B1"],
            ALICE,
            "2026-04-14T18:00:00+00:00",
            "Merge pull request #12 from acme/search-v2\n\nShip search v2\n",
        ),
    );

    s.write(
        "team/hiring/backend-eng.toml",
        "title = \"Backend Engineer\"\nteam = \"growth\"\nstatus = \"filled\"\nopened = 2026-03-01\nfilled = 2026-04-15\nhire = \"frank\"\n",
    );
    s.write(
        "team/people/frank.toml",
        &person(
            "Frank Olsen",
            "Backend Engineer",
            "growth",
            "manager = \"carol\"\njoined = 2026-04-20\n",
        ),
    );
    c.insert(
        "C10",
        s.commit(
            DAVE,
            "2026-04-15T11:00:00-07:00",
            "Fill the backend role with Frank",
        ),
    );

    s.write(
        "decisions/nosql.toml",
        "title = \"Move profiles to a document store\"\nstatus = \"rejected\"\nproposed = 2026-04-08\ndecided = 2026-04-18\ncontext = \"Profiles change shape often.\"\ndecision = \"Keep Postgres.\"\n",
    );
    c.insert(
        "C11",
        s.commit(
            CAROL,
            "2026-04-20T09:00:00+09:00",
            "Reject the document store",
        ),
    );

    s.write(
        "team/hiring/data-eng.toml",
        "title = \"Data Engineer\"\nteam = \"data\"\nstatus = \"open\"\nopened = 2026-04-22\n",
    );
    c.insert(
        "C12",
        s.commit(
            CAROL,
            "2026-04-22T09:00:00+09:00",
            "Open a data engineer role",
        ),
    );

    s.write(
        "roadmap/analytics.toml",
        &initiative("Analytics pipeline", "active", "bob", "data", "2026-Q3"),
    );
    c.insert(
        "C13",
        s.commit(DAVE, "2026-04-28T10:00:00-07:00", "Analytics slips to Q3"),
    );

    s.write(
        "roadmap/billing.toml",
        &(initiative(
            "Usage-based billing",
            "shipped",
            "carol",
            "growth",
            "2026-Q2",
        ) + "shipped = 2026-05-04\n"),
    );
    c.insert(
        "C14",
        s.commit(
            BOB,
            "2026-05-04T10:00:00-04:00",
            "Ship usage-based billing (#13)",
        ),
    );

    s.write(
        "roadmap/onboarding.toml",
        &(initiative("Onboarding flow", "shipped", "dave", "growth", "2026-Q2")
            + "shipped = 2026-05-05\n"),
    );
    c.insert(
        "C15",
        s.commit(DAVE, "2026-05-05T10:00:00-07:00", "Onboarding shipped"),
    );

    s.write("README.md", "# Acme's plan\n\nSee docs/.\n");
    c.insert(
        "R",
        s.commit(ALICE, "2026-05-06T10:00:00+00:00", "Update the README"),
    );

    s.write(
        "decisions/graphql.toml",
        "title = \"Adopt GraphQL\"\nstatus = \"rejected\"\nproposed = 2026-04-01\ndecided = 2026-05-11\ncontext = \"Clients want flexible queries.\"\ndecision = \"Stay with REST.\"\n",
    );
    c.insert(
        "C16",
        s.commit(ALICE, "2026-05-11T10:00:00+00:00", "Reject GraphQL"),
    );

    s.write(
        "roadmap/mobile.toml",
        &initiative("Mobile app", "planned", "erin", "growth", "2026-Q3"),
    );
    c.insert(
        "C17",
        s.commit(BOB, "2026-05-12T10:00:00-04:00", "Mobile slips to Q3"),
    );

    s.write(
        "team/people/erin.toml",
        &person(
            "Erin Cole",
            "Data Engineer",
            "data",
            "manager = \"alice\"\nleft = 2026-05-15\n",
        ),
    );
    s.write(
        "team/people/gina.toml",
        &person("Gina Park", "Engineer", "data", "manager = \"bob\"\n"),
    );
    c.insert(
        "C18",
        s.commit(
            ALICE,
            "2026-05-15T10:00:00+00:00",
            "Erin leaves; Gina moves to Data",
        ),
    );

    s.write(
        "risks/vendor-lock.toml",
        &risk(
            "Cloud vendor lock-in",
            "vendor",
            4,
            4,
            "alice",
            "status = \"open\"\nopened = 2026-05-18\n",
        ),
    );
    c.insert(
        "C19",
        s.commit(
            CAROL,
            "2026-05-18T09:00:00+09:00",
            "Re-open the vendor lock-in risk",
        ),
    );

    s.write(
        "risks/data-loss.toml",
        &risk(
            "Data loss in the migration",
            "technical",
            4,
            5,
            "bob",
            "status = \"open\"\nopened = 2026-01-05\n",
        ),
    );
    c.insert(
        "C20",
        s.commit(
            DAVE,
            "2026-05-20T10:00:00-07:00",
            "Escalate the data-loss risk",
        ),
    );

    s.write(
        "roadmap/legacy-api.toml",
        &initiative(
            "Retire the legacy API",
            "cancelled",
            "bob",
            "core",
            "2026-Q2",
        ),
    );
    c.insert(
        "C21",
        s.commit(
            ALICE,
            "2026-05-25T10:00:00+00:00",
            "Cancel the legacy API retirement",
        ),
    );

    s.write(
        "roadmap/analytics.toml",
        &initiative("Analytics pipeline", "active", "bob", "data", "2026-Q4"),
    );
    c.insert(
        "C22",
        s.commit(BOB, "2026-05-28T10:00:00-04:00", "Analytics slips again"),
    );

    s.write(
        "team/hiring/data-eng.toml",
        "title = \"Data Engineer\"\nteam = \"data\"\nstatus = \"filled\"\nopened = 2026-04-22\nfilled = 2026-05-30\nhire = \"ivan\"\n",
    );
    s.write(
        "team/people/ivan.toml",
        &person(
            "Ivan Petrov",
            "Data Engineer",
            "data",
            "manager = \"gina\"\njoined = 2026-06-01\n",
        ),
    );
    c.insert(
        "C23",
        s.commit(
            CAROL,
            "2026-05-30T09:00:00+09:00",
            "Fill the data engineer role with Ivan",
        ),
    );

    s.write(
        "roadmap/ai-assist.toml",
        &(initiative("AI assist", "planned", "gina", "data", "2026-Q3")
            + "depends_on = [\"analytics\"]\n"),
    );
    s.write(
        "risks/thin-pipeline.toml",
        &risk(
            "Hiring pipeline too thin",
            "people",
            3,
            2,
            "carol",
            "status = \"open\"\nopened = 2026-06-01\nreview_by = 2026-07-15\n",
        ),
    );
    c.insert(
        "C24",
        s.commit(
            ALICE,
            "2026-06-01T10:00:00+00:00",
            "Plan AI assist for Q3 (#14)",
        ),
    );

    s.write(
        "risks/outage.toml",
        &risk(
            "Single-region outage",
            "continuity",
            3,
            3,
            "bob",
            "status = \"closed\"\nopened = 2026-01-05\nclosed = 2026-06-03\n",
        ),
    );
    c.insert(
        "C25",
        s.commit(BOB, "2026-06-03T10:00:00-04:00", "Close the outage risk"),
    );

    s.write(
        "decisions/monorepo.toml",
        "title = \"Move to a monorepo\"\nstatus = \"proposed\"\nproposed = 2026-06-01\ncontext = \"Changes span many repositories.\"\n",
    );
    c.insert(
        "C26",
        s.commit(CAROL, "2026-06-05T09:00:00+09:00", "Propose a monorepo"),
    );

    s.write(
        "objectives/reliability.toml",
        &OBJECTIVE
            .replace("current = 380", "current = 300")
            .replace("current = 20\n", "current = 150\n"),
    );
    c.insert(
        "C27",
        s.commit(BOB, "2026-06-10T10:00:00-04:00", "Search latency at 300 ms"),
    );

    s.write(
        "decisions/api-versioning.toml",
        "title = \"Version the public API\"\nstatus = \"accepted\"\nproposed = 2026-05-13\ndecided = 2026-06-12\ncontext = \"Clients break on changes.\"\ndecision = \"Version in the path.\"\n",
    );
    c.insert(
        "C28",
        s.commit(
            DAVE,
            "2026-06-12T10:00:00-07:00",
            "Accept API versioning\n\nSee merge request acme/plan!15\n",
        ),
    );

    s.write(
        "roadmap/single-sign-on.toml",
        &(initiative("Single sign-on", "shipped", "alice", "core", "2026-Q2")
            + "shipped = 2026-06-15\n"),
    );
    c.insert(
        "C29",
        s.commit(ALICE, "2026-06-15T10:00:00+00:00", "Ship single sign-on"),
    );

    s.write(
        "team/hiring/sre.toml",
        "title = \"Site Reliability Engineer\"\nteam = \"core\"\nstatus = \"open\"\nopened = 2026-06-20\n",
    );
    c.insert(
        "C30",
        s.commit(ALICE, "2026-06-20T10:00:00+00:00", "Open an SRE role"),
    );

    s.write(
        "roadmap/hotfix-tooling.toml",
        &(initiative("Hotfix tooling", "shipped", "bob", "core", "2026-Q1")
            + "shipped = 2026-06-25\n"),
    );
    c.insert(
        "C31",
        s.commit(BOB, "2026-06-25T10:00:00-04:00", "Ship hotfix tooling"),
    );

    // Late on June 30 in California: July 1 in UTC, but Q2 where it was made.
    s.write(
        "budget/2026-Q2.toml",
        &budget(Some([36000, 98000, 5400, 12500])),
    );
    c.insert(
        "C32",
        s.commit(DAVE, "2026-06-30T23:30:00-07:00", "Record the Q2 actuals"),
    );

    // --- 2026-Q3 -----------------------------------------------------------
    // Early on July 1 in Berlin: June 30 in UTC, but Q3 where it was made.
    s.write(
        "roadmap/audit-log.toml",
        &(initiative("Audit logging", "shipped", "dave", "growth", "2026-Q2")
            + "shipped = 2026-07-01\n"),
    );
    c.insert(
        "C33",
        s.commit(ALICE, "2026-07-01T01:00:00+02:00", "Ship audit logging"),
    );

    // Shipped in Q2, edited in Q3: still shipped in Q2.
    s.write(
        "roadmap/onboarding.toml",
        &(initiative("Onboarding flow v1", "shipped", "dave", "growth", "2026-Q2")
            + "shipped = 2026-05-05\nsummary = \"The first version.\"\n"),
    );
    c.insert(
        "C34",
        s.commit(
            DAVE,
            "2026-07-10T10:00:00-07:00",
            "Name the first onboarding version",
        ),
    );

    // Budgets settle after their quarter: the review reads the latest actuals.
    s.write(
        "budget/2026-Q2.toml",
        &budget(Some([37000, 98000, 5400, 12500])),
    );
    c.insert(
        "C35",
        s.commit(
            ALICE,
            "2026-08-03T10:00:00+00:00",
            "Settle the Q2 cloud bill",
        ),
    );

    Fixture {
        script: s,
        commits: c,
    }
}

/// `review ARGS…` in `dir` with today = [`TODAY`], parsed from `--format json`.
fn review_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["review", "--format", "json"];
    all.extend_from_slice(args);
    json_in(dir, TODAY, &all)
}

/// The review of 2026-Q2 of the fixture, as JSON.
fn q2(fx: &Fixture) -> Value {
    review_json(fx.path(), &["--quarter", "2026-Q2"])
}

/// An item of the review: a record with the commit behind the claim.
fn item(fx: &Fixture, record: &str, title: &str, commit: &str, detail: &str) -> Value {
    json!({
        "record": record,
        "id": record.split_once('/').unwrap().1,
        "title": title,
        "source": fx.cite(commit),
        "detail": detail,
    })
}

/// An item of the review read from a plan, without a commit.
fn plain(record: &str, title: &str, detail: &str) -> Value {
    json!({
        "record": record,
        "id": record.split_once('/').unwrap().1,
        "title": title,
        "source": null,
        "detail": detail,
    })
}

fn slip(fx: &Fixture, id: &str, title: &str, from: &str, to: &str, commit: &str) -> Value {
    json!({
        "record": format!("initiative/{id}"),
        "id": id,
        "title": title,
        "from": from,
        "to": to,
        "quarters": 1,
        "source": fx.cite(commit),
    })
}

fn row(name: &str, planned: f64, actual: f64) -> Value {
    json!({ "name": name, "planned": planned, "actual": actual, "variance": actual - planned })
}

fn bar(id: &str, title: &str, state: &str, end: &str) -> Value {
    json!({ "id": id, "title": title, "state": state, "start": "2026-04-01", "end": end })
}

#[test]
fn review_json_reports_every_number_of_the_quarter() {
    let fx = fixture();
    let r = q2(&fx);

    assert_eq!(r["plan"], "Acme");
    assert_eq!(r["quarter"], "2026-Q2");
    assert_eq!(r["start"], "2026-04-01");
    assert_eq!(r["end"], "2026-06-30");
    assert_eq!(r["next_quarter"], "2026-Q3");
    assert_eq!(r["currency"], "USD");
    // The plan as Q2 began is C4 (March 31 at -08:00, April 1 in UTC); as
    // it ended, C32 (June 30 at -07:00, July 1 in UTC).
    assert_eq!(r["start_commit"], fx.short("C4"));
    assert_eq!(r["end_commit"], fx.short("C32"));
    assert_eq!(r["warnings"], json!([]));

    let risk = |id: &str, title: &str, l: i64, i: i64, owner: &str| {
        json!({
            "record": format!("risk/{id}"),
            "id": id,
            "title": title,
            "score": l * i,
            "likelihood": l,
            "impact": i,
            "status": "open",
            "owner": owner,
        })
    };
    let data_loss = risk("data-loss", "Data loss in the migration", 4, 5, "bob");

    // committed_shipped and predictability: see
    // `review_counts_a_renamed_initiative_as_the_one_committed`.
    let h = &r["headline"];
    assert_eq!(h["committed"], 8);
    assert_eq!(h["shipped"], 5);
    assert_eq!(h["slipped"], 2, "analytics (twice) and mobile");
    assert_eq!(h["decisions_taken"], 4);
    assert_eq!(h["headcount_start"], 6);
    assert_eq!(h["headcount_end"], 7);
    assert_eq!(h["net_headcount"], 1);
    assert_eq!(h["budget_planned"], 145000.0);
    assert_eq!(h["budget_actual"], 152900.0);
    assert_eq!(h["budget_variance"], 7900.0);
    assert_eq!(h["top_risk"], data_loss);

    // --- roadmap ---
    let m = &r["roadmap"];
    assert_eq!(
        m["shipped"],
        json!([
            item(
                &fx,
                "initiative/search-v2",
                "Search v2",
                "M",
                "shipped 2026-04-14"
            ),
            item(
                &fx,
                "initiative/billing",
                "Usage-based billing",
                "C14",
                "shipped 2026-05-04"
            ),
            // Edited in July: still shipped in Q2, under its title then.
            item(
                &fx,
                "initiative/onboarding",
                "Onboarding flow",
                "C15",
                "shipped 2026-05-05"
            ),
            item(
                &fx,
                "initiative/single-sign-on",
                "Single sign-on",
                "C29",
                "shipped 2026-06-15"
            ),
            item(
                &fx,
                "initiative/hotfix-tooling",
                "Hotfix tooling",
                "C31",
                "shipped 2026-06-25"
            ),
        ])
    );
    // The merge and the squash commits cite their pull requests.
    assert_eq!(
        m["shipped"][0]["source"]["cite"],
        format!("{} (#12)", fx.short("M"))
    );
    assert_eq!(
        m["shipped"][1]["source"]["cite"],
        format!("{} (#13)", fx.short("C14"))
    );
    assert_eq!(
        m["slipped"],
        json!([
            slip(
                &fx,
                "analytics",
                "Analytics pipeline",
                "2026-Q2",
                "2026-Q3",
                "C13"
            ),
            slip(&fx, "mobile", "Mobile app", "2026-Q2", "2026-Q3", "C17"),
            slip(
                &fx,
                "analytics",
                "Analytics pipeline",
                "2026-Q3",
                "2026-Q4",
                "C22"
            ),
        ])
    );
    assert_eq!(
        m["added"],
        json!([item(
            &fx,
            "initiative/ai-assist",
            "AI assist",
            "C24",
            "added for 2026-Q3"
        )])
    );
    assert_eq!(
        m["cancelled"],
        json!([item(
            &fx,
            "initiative/legacy-api",
            "Retire the legacy API",
            "C21",
            "cancelled"
        )])
    );
    // carried_over: see `review_counts_a_renamed_initiative_as_the_one_committed`.
    for carried in [
        plain("initiative/analytics", "Analytics pipeline", "now 2026-Q4"),
        plain("initiative/audit-log", "Audit logging", "now 2026-Q2"),
        plain("initiative/mobile", "Mobile app", "now 2026-Q3"),
    ] {
        assert!(
            m["carried_over"].as_array().unwrap().contains(&carried),
            "{carried} not carried over: {}",
            m["carried_over"]
        );
    }
    assert_eq!(
        m["active"],
        json!([plain(
            "initiative/analytics",
            "Analytics pipeline",
            "active"
        )])
    );
    // The bar of sso: see `review_counts_a_renamed_initiative_as_the_one_committed`.
    let bars: Vec<&Value> = m["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["id"] != "sso")
        .collect();
    assert_eq!(
        json!(bars),
        json!([
            // Added during the quarter (for Q3).
            bar("ai-assist", "AI assist", "active", "2026-06-30"),
            bar("analytics", "Analytics pipeline", "crit", "2026-06-30"),
            bar("audit-log", "Audit logging", "crit", "2026-06-30"),
            bar("billing", "Usage-based billing", "done", "2026-05-04"),
            bar("hotfix-tooling", "Hotfix tooling", "done", "2026-06-25"),
            // Cancelled on May 25.
            bar("legacy-api", "Retire the legacy API", "crit", "2026-05-25"),
            bar("mobile", "Mobile app", "crit", "2026-06-30"),
            bar("onboarding", "Onboarding flow", "done", "2026-05-05"),
            bar("search-v2", "Search v2", "done", "2026-04-14"),
            bar("single-sign-on", "Single sign-on", "done", "2026-06-15"),
        ])
    );

    // --- decisions ---
    let d = &r["decisions"];
    assert_eq!(
        d["accepted"],
        json!([
            // April 1 at +09:00 (March 31 in UTC): in Q2.
            item(
                &fx,
                "decision/use-kafka",
                "Use Kafka for events",
                "C5",
                "accepted"
            ),
            // Added already accepted, through a GitLab merge request.
            item(
                &fx,
                "decision/api-versioning",
                "Version the public API",
                "C28",
                "accepted"
            ),
        ])
    );
    assert_eq!(d["accepted"][0]["source"]["date"], "2026-04-01");
    assert_eq!(d["accepted"][1]["source"]["pull_request"], 15);
    assert_eq!(
        d["rejected"],
        json!([
            item(
                &fx,
                "decision/nosql",
                "Move profiles to a document store",
                "C11",
                "rejected"
            ),
            item(&fx, "decision/graphql", "Adopt GraphQL", "C16", "rejected"),
        ])
    );
    // The detail: see `review_names_the_decision_that_supersedes`.
    assert_eq!(d["superseded"].as_array().unwrap().len(), 1);
    assert_eq!(d["superseded"][0]["record"], "decision/use-rabbitmq");
    assert_eq!(d["superseded"][0]["source"], fx.cite("C7"));
    // 12, 30, 10 and 40 days.
    assert_eq!(d["median_days_to_decide"], 21.0);
    assert_eq!(
        d["still_proposed"],
        json!([plain(
            "decision/monorepo",
            "Move to a monorepo",
            "open 29 days"
        )])
    );
    assert_eq!(
        d["reviews_due_next_quarter"],
        json!([
            plain(
                "decision/use-kafka",
                "Use Kafka for events",
                "review by 2026-08-01"
            ),
            plain(
                "risk/thin-pipeline",
                "Hiring pipeline too thin",
                "review by 2026-07-15"
            ),
        ])
    );

    // --- team ---
    let t = &r["team"];
    assert_eq!(
        t["joiners"],
        json!([
            item(
                &fx,
                "person/frank",
                "Frank Olsen",
                "C10",
                "joined team/growth"
            ),
            item(&fx, "person/ivan", "Ivan Petrov", "C23", "joined team/data"),
        ])
    );
    assert_eq!(
        t["leavers"],
        json!([item(
            &fx,
            "person/erin",
            "Erin Cole",
            "C18",
            "left team/data"
        )])
    );
    assert_eq!(
        t["moves"],
        json!([item(
            &fx,
            "person/gina",
            "Gina Park",
            "C18",
            "team/core → team/data"
        )])
    );
    assert_eq!(
        t["headcount"],
        json!([
            { "team": "core", "name": "Core", "start": 3, "end": 2, "target": null },
            { "team": "data", "name": "Data", "start": 1, "end": 2, "target": 4 },
            { "team": "growth", "name": "Growth", "start": 2, "end": 3, "target": null },
        ])
    );
    assert_eq!(
        t["roles_opened"],
        json!([
            item(
                &fx,
                "role/data-eng",
                "Data Engineer",
                "C12",
                "opened in team/data"
            ),
            item(
                &fx,
                "role/sre",
                "Site Reliability Engineer",
                "C30",
                "opened in team/core"
            ),
        ])
    );
    assert_eq!(
        t["roles_filled"],
        json!([
            item(
                &fx,
                "role/backend-eng",
                "Backend Engineer",
                "C10",
                "filled by person/frank"
            ),
            item(
                &fx,
                "role/data-eng",
                "Data Engineer",
                "C23",
                "filled by person/ivan"
            ),
        ])
    );
    // 45 and 38 days.
    assert_eq!(t["median_days_to_fill"], 41.5);

    // --- budget: the latest actuals (settled in August) ---
    assert_eq!(
        r["budget"],
        json!({
            "exists": true,
            "has_actuals": true,
            "planned": 145000.0,
            "actual": 152900.0,
            "variance": 7900.0,
            "by_category": [
                row("headcount", 100000.0, 98000.0),
                row("infrastructure", 40000.0, 49500.0),
                row("tooling", 5000.0, 5400.0),
            ],
            "by_initiative": [row("search-v2", 10000.0, 12500.0)],
            "over_threshold": [
                row("cloud", 30000.0, 37000.0),
                row("search-infra", 10000.0, 12500.0),
            ],
            "threshold_percent": 10.0,
            "source": fx.cite("C35"),
        })
    );

    // --- risks ---
    assert_eq!(
        r["risks"],
        json!({
            "opened": [
                // Deleted in April, re-created in May: opened again.
                item(&fx, "risk/vendor-lock", "Cloud vendor lock-in", "C19", "opened"),
                item(&fx, "risk/thin-pipeline", "Hiring pipeline too thin", "C24", "opened"),
            ],
            "closed": [item(&fx, "risk/outage", "Single-region outage", "C25", "closed")],
            "top_open": [
                data_loss,
                risk("vendor-lock", "Cloud vendor lock-in", 4, 4, "alice"),
                risk("thin-pipeline", "Hiring pipeline too thin", 3, 2, "carol"),
            ],
            "escalations": [
                item(&fx, "risk/data-loss", "Data loss in the migration", "C20", "score 10 → 20"),
            ],
        })
    );

    // --- objectives: only Q2's ---
    assert_eq!(
        r["objectives"],
        json!([{
            "record": "objective/reliability",
            "id": "reliability",
            "title": "Make search fast and reliable",
            "status": "committed",
            "key_results": [
                {
                    "key": "latency",
                    "metric": "p95 search latency",
                    "unit": "ms",
                    "baseline": 400.0,
                    "target": 200.0,
                    "current": 300.0,
                    "progress": 0.5,
                    "source": fx.cite("C27"),
                },
                {
                    "key": "accounts",
                    "metric": "Accounts on the new search",
                    "unit": "accounts",
                    "baseline": null,
                    "target": 200.0,
                    "current": 150.0,
                    "progress": 0.75,
                    "source": fx.cite("C27"),
                },
                {
                    "key": "incidents",
                    "metric": "Sev-1 incidents",
                    "unit": null,
                    "baseline": null,
                    "target": 2.0,
                    "current": null,
                    "progress": null,
                    "source": null,
                },
            ],
        }])
    );

    // --- outlook ---
    assert_eq!(
        r["outlook"],
        json!({
            "committed": [
                plain("initiative/ai-assist", "AI assist", "planned"),
                plain("initiative/mobile", "Mobile app", "planned"),
            ],
            "at_risk": [
                plain("initiative/ai-assist", "AI assist", "depends on initiative/analytics (active)"),
                plain("initiative/mobile", "Mobile app", "owner person/erin has left"),
            ],
        })
    );

    // --- activity: C5 to C32 and the merge; not the README commit, not the
    // side branch, not C4 (Q1 where it was made) nor C33 (Q3) ---
    assert_eq!(
        r["activity"],
        json!({
            "commits": 29,
            "contributors": [
                { "name": "Alice Martin", "commits": 9 },
                { "name": "Bob Stone", "commits": 8 },
                { "name": "Carol Sato", "commits": 6 },
                { "name": "Dave Ruiz", "commits": 6 },
            ],
            "pull_requests": [10, 12, 13, 14, 15],
        })
    );

    // Nothing else: the context has exactly these keys.
    let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "plan",
            "quarter",
            "start",
            "end",
            "next_quarter",
            "currency",
            "start_commit",
            "end_commit",
            "headline",
            "roadmap",
            "decisions",
            "team",
            "budget",
            "risks",
            "objectives",
            "outlook",
            "activity",
            "warnings"
        ]
    );
}

#[test]
fn review_counts_a_renamed_initiative_as_the_one_committed() {
    let fx = fixture();
    let r = q2(&fx);
    assert_eq!(r["headline"]["committed"], 8);
    assert_eq!(r["headline"]["committed_shipped"], 4);
    assert_eq!(r["headline"]["predictability"], 0.5);
    assert_eq!(
        r["roadmap"]["carried_over"],
        json!([
            plain("initiative/analytics", "Analytics pipeline", "now 2026-Q4"),
            plain("initiative/audit-log", "Audit logging", "now 2026-Q2"),
            plain("initiative/mobile", "Mobile app", "now 2026-Q3"),
        ])
    );
    let sso_bars = r["roadmap"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["title"] == "Single sign-on")
        .count();
    assert_eq!(
        sso_bars, 1,
        "one bar per initiative: {}",
        r["roadmap"]["timeline"]
    );
    let md = ok_in(fx.path(), TODAY, &["review", "--quarter", "2026-Q2"]);
    assert!(
        md.contains("**50%**: 4 of 8 committed initiatives shipped"),
        "{md}"
    );
    assert!(!md.contains("removed from the plan"), "{md}");
}

#[test]
fn review_names_the_decision_that_supersedes() {
    let fx = fixture();
    let r = q2(&fx);
    assert_eq!(
        r["decisions"]["superseded"],
        json!([item(
            &fx,
            "decision/use-rabbitmq",
            "Use RabbitMQ for events",
            "C7",
            "superseded by decision/use-kafka"
        )])
    );
}

#[test]
fn review_draws_a_cancelled_initiative_until_it_was_cancelled() {
    let fx = fixture();
    let r = q2(&fx);
    let legacy: Vec<&Value> = r["roadmap"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["id"] == "legacy-api")
        .collect();
    assert_eq!(
        legacy,
        [&bar(
            "legacy-api",
            "Retire the legacy API",
            "crit",
            "2026-05-25"
        )]
    );
    let md = q2_markdown(&fx);
    assert!(
        md.contains("    Retire the legacy API :crit, 2026-04-01, 2026-05-25\n"),
        "{md}"
    );
}

// --- Markdown ----------------------------------------------------------------

/// The review of the fixture as Markdown.
fn q2_markdown(fx: &Fixture) -> String {
    ok_in(fx.path(), TODAY, &["review", "--quarter", "2026-Q2"])
}

#[test]
fn review_markdown_of_the_quarter() {
    let fx = fixture();
    let md = q2_markdown(&fx);
    // The renamed sso counts as the committed initiative that shipped (4 of
    // 8), and use-rabbitmq names the decision that superseded it.
    insta::assert_snapshot!(md, @r#"
    # Acme: quarterly review 2026-Q2

    2026-04-01 to 2026-06-30. Plan as the quarter began: `13444dc`; as it ended: `cb862fc`.

    ## Headline

    | | |
    |---|---|
    | Delivery predictability | **50%**: 4 of 8 committed initiatives shipped |
    | Shipped | 5 |
    | Slipped | 2 |
    | Decisions taken | 4 |
    | Headcount | 6 → 7 (+1) |
    | Budget | 152,900 spent of 145,000 USD planned (+7,900) |
    | Top risk | Data loss in the migration (score 20) |

    ## Roadmap

    ### Shipped
    - **Search v2** (initiative/search-v2): shipped 2026-04-14 · `6d38f33` (#12)
    - **Usage-based billing** (initiative/billing): shipped 2026-05-04 · `d6f16ac` (#13)
    - **Onboarding flow** (initiative/onboarding): shipped 2026-05-05 · `1c5c836`
    - **Single sign-on** (initiative/single-sign-on): shipped 2026-06-15 · `47f076a`
    - **Hotfix tooling** (initiative/hotfix-tooling): shipped 2026-06-25 · `bb5bfd5`

    ### Slipped
    - **Analytics pipeline** (initiative/analytics): 2026-Q2 → 2026-Q3, 1 quarter later · `a4b633a`
    - **Mobile app** (initiative/mobile): 2026-Q2 → 2026-Q3, 1 quarter later · `231460e`
    - **Analytics pipeline** (initiative/analytics): 2026-Q3 → 2026-Q4, 1 quarter later · `2be8b93`

    ### Added during the quarter
    - **AI assist** (initiative/ai-assist): added for 2026-Q3 · `c7ca136` (#14)

    ### Cancelled
    - **Retire the legacy API** (initiative/legacy-api) · `6aa79e9`

    ### Carried over
    - **Analytics pipeline** (initiative/analytics): now 2026-Q4
    - **Audit logging** (initiative/audit-log): now 2026-Q2
    - **Mobile app** (initiative/mobile): now 2026-Q3

    ### Still active
    - **Analytics pipeline** (initiative/analytics)

    ```mermaid
    gantt
        title Roadmap 2026-Q2
        dateFormat YYYY-MM-DD
        axisFormat %b %d
        AI assist :active, 2026-04-01, 2026-06-30
        Analytics pipeline :crit, 2026-04-01, 2026-06-30
        Audit logging :crit, 2026-04-01, 2026-06-30
        Usage-based billing :done, 2026-04-01, 2026-05-04
        Hotfix tooling :done, 2026-04-01, 2026-06-25
        Retire the legacy API :crit, 2026-04-01, 2026-05-25
        Mobile app :crit, 2026-04-01, 2026-06-30
        Onboarding flow :done, 2026-04-01, 2026-05-05
        Search v2 :done, 2026-04-01, 2026-04-14
        Single sign-on :done, 2026-04-01, 2026-06-15
    ```

    ## Decisions

    - Accepted: **Use Kafka for events** (decision/use-kafka) · `952e01f` (#10)
    - Accepted: **Version the public API** (decision/api-versioning) · `2ff8d24` (#15)
    - Rejected: **Move profiles to a document store** (decision/nosql) · `d128b88`
    - Rejected: **Adopt GraphQL** (decision/graphql) · `831037b`
    - Superseded: **Use RabbitMQ for events** (decision/use-rabbitmq): superseded by decision/use-kafka · `426950a`

    Median time from proposal to decision: 21 days.

    Still proposed:
    - **Move to a monorepo** (decision/monorepo): open 29 days

    Reviews due in 2026-Q3:
    - **Use Kafka for events** (decision/use-kafka): review by 2026-08-01
    - **Hiring pipeline too thin** (risk/thin-pipeline): review by 2026-07-15

    ## Team

    - Joined: **Frank Olsen** (person/frank), joined team/growth · `8dc69f2`
    - Joined: **Ivan Petrov** (person/ivan), joined team/data · `5f0d88f`
    - Left: **Erin Cole** (person/erin), left team/data · `d9d7559`
    - Moved: **Gina Park** (person/gina), team/core → team/data · `d9d7559`

    | Team | Start | End | Target |
    |---|---:|---:|---:|
    | Core | 3 | 2 | – |
    | Data | 1 | 2 | 4 |
    | Growth | 2 | 3 | – |

    Hiring: 2 roles opened, 2 filled (median 41.5 days to fill).
    - Opened: **Data Engineer** (role/data-eng), opened in team/data · `0741b5d`
    - Opened: **Site Reliability Engineer** (role/sre), opened in team/core · `624774b`
    - Filled: **Backend Engineer** (role/backend-eng), filled by person/frank · `8dc69f2`
    - Filled: **Data Engineer** (role/data-eng), filled by person/ivan · `5f0d88f`

    ## Budget

    152,900 spent of 145,000 USD planned: +7,900 USD (last changed in `cc7be42`).

    | Category | Planned | Actual | Variance |
    |---|---:|---:|---:|
    | headcount | 100,000 | 98,000 | -2,000 |
    | infrastructure | 40,000 | 49,500 | +9,500 |
    | tooling | 5,000 | 5,400 | +400 |

    | Initiative | Planned | Actual | Variance |
    |---|---:|---:|---:|
    | search-v2 | 10,000 | 12,500 | +2,500 |

    Over plan by more than 10%:
    - **cloud**: 37,000 of 30,000 (+7,000)
    - **search-infra**: 12,500 of 10,000 (+2,500)

    ```mermaid
    pie title Planned budget 2026-Q2 by category
        "headcount" : 100000
        "infrastructure" : 40000
        "tooling" : 5000
    ```

    ## Risks

    - Opened: **Cloud vendor lock-in** (risk/vendor-lock) · `b2a2cdd`
    - Opened: **Hiring pipeline too thin** (risk/thin-pipeline) · `c7ca136` (#14)
    - Closed: **Single-region outage** (risk/outage) · `27db577`
    - Escalated: **Data loss in the migration** (risk/data-loss), score 10 → 20 · `5313b7e`

    | Top open risks | Score | Likelihood × impact | Status | Owner |
    |---|---:|---|---|---|
    | Data loss in the migration | 20 | 4 × 5 | open | bob |
    | Cloud vendor lock-in | 16 | 4 × 4 | open | alice |
    | Hiring pipeline too thin | 6 | 3 × 2 | open | carol |

    ## Objectives

    **Make search fast and reliable** (objective/reliability): committed
    - p95 search latency: 400 ms → 300 ms, target 200 ms (**50%** of the way) · `144fb53`
    - Accounts on the new search: 150 accounts, target 200 accounts (**75%** of the way) · `144fb53`
    - Sev-1 incidents: no reading yet, target 2

    ## Outlook for 2026-Q3

    - **AI assist** (initiative/ai-assist): planned
    - **Mobile app** (initiative/mobile): planned

    At risk:
    - **AI assist** (initiative/ai-assist): depends on initiative/analytics \(active\)
    - **Mobile app** (initiative/mobile): owner person/erin has left

    ## Activity

    29 commits changed the plan, from 5 pull requests.
    Contributors: Alice Martin (9), Bob Stone (8), Carol Sato (6), Dave Ruiz (6).
    "#);
}

#[test]
fn review_markdown_cites_every_item() {
    let fx = fixture();
    let md = q2_markdown(&fx);
    let sections = [
        ("### Shipped", 5),
        ("### Slipped", 3),
        ("### Added during the quarter", 1),
        ("### Cancelled", 1),
    ];
    for (heading, count) in sections {
        let body = md.split(heading).nth(1).unwrap();
        let bullets: Vec<&str> = body
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("- "))
            .collect();
        assert_eq!(bullets.len(), count, "{heading}:\n{md}");
        for bullet in bullets {
            let cited = bullet.rsplit_once(" · `").map(|(_, c)| c);
            assert!(
                cited
                    .is_some_and(|c| c.len() >= 8 && c[..7].chars().all(|c| c.is_ascii_hexdigit())),
                "no citation: {bullet}"
            );
        }
    }
    for prefix in [
        "- Accepted: ",
        "- Rejected: ",
        "- Superseded: ",
        "- Joined: ",
        "- Left: ",
        "- Moved: ",
        "- Opened: ",
        "- Filled: ",
        "- Closed: ",
        "- Escalated: ",
    ] {
        let lines: Vec<&str> = md.lines().filter(|l| l.starts_with(prefix)).collect();
        assert!(!lines.is_empty(), "no {prefix}lines:\n{md}");
        for line in lines {
            assert!(line.contains(" · `"), "no citation: {line}");
        }
    }
    for (name, pr) in [("M", 12), ("C14", 13), ("C5", 10), ("C24", 14), ("C28", 15)] {
        assert!(
            md.contains(&format!("`{}` (#{pr})", fx.short(name))),
            "{name} (#{pr}):\n{md}"
        );
    }
    assert!(
        md.contains("29 commits changed the plan, from 5 pull requests.\n"),
        "{md}"
    );
}

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

/// `line` without the review's own code spans: commit citations.
fn without_citations(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`'
            && i + 8 < chars.len()
            && chars[i + 8] == '`'
            && chars[i + 1..i + 8].iter().all(|c| c.is_ascii_hexdigit())
        {
            i += 9;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Characters the review lets through into a Mermaid label.
fn mermaid_label(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || " .,-_()/+&'".contains(c))
}

/// Markdown in which plan text cannot add HTML, mentions, links, images,
/// code, headings or table cells, nor break out of a Mermaid chart.
fn assert_inert(md: &str) {
    assert!(!md.contains('@'), "a mention:\n{md}");
    assert!(!md.contains("]("), "a link:\n{md}");
    assert!(!md.contains("javascript:"), "a script URL:\n{md}");
    let mut fence = false;
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with("```") {
            assert!(
                line == "```" || line == "```mermaid",
                "a fence from plan text: {line}"
            );
            fence = !fence;
            continue;
        }
        if fence {
            let body = line.trim_start();
            if let Some((label, rest)) = body.rsplit_once(" :") {
                // A gantt bar, `label :state, start, end`, or a pie slice,
                // `"label" : amount`.
                if let Some(label) = label.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
                    assert!(mermaid_label(label), "pie label: {line}");
                    assert!(rest.trim().parse::<f64>().is_ok(), "pie amount: {line}");
                } else {
                    assert!(mermaid_label(label), "bar label: {line}");
                    let parts: Vec<&str> = rest.split(", ").collect();
                    assert_eq!(parts.len(), 3, "bar: {line}");
                    assert!(["done", "active", "crit"].contains(&parts[0]), "{line}");
                }
            } else {
                assert!(
                    ["gantt", "dateFormat YYYY-MM-DD", "axisFormat %b %d"].contains(&body)
                        || body.starts_with("title Roadmap ")
                        || body.starts_with("pie title Planned budget "),
                    "unexpected chart line: {line}"
                );
            }
            continue;
        }
        let text = without_citations(line);
        let text = text.strip_prefix("> **Note:**").unwrap_or(&text);
        assert!(!text.contains(['<', '>']), "raw HTML: {line}");
        assert_eq!(unescaped(text, '`'), 0, "a code span: {line}");
        if line.starts_with('#') {
            assert!(
                line.starts_with("# ") || line.starts_with("## ") || line.starts_with("### "),
                "{line}"
            );
        }
        let pipes = unescaped(text, '|');
        if line.starts_with('|') {
            let expected = *columns.get_or_insert(pipes);
            assert_eq!(pipes, expected, "table row with a stray pipe: {line}");
        } else {
            columns = None;
            assert_eq!(pipes, 0, "stray pipe outside a table: {line}");
            for c in ['*', '_', '~', '[', ']'] {
                assert_eq!(
                    unescaped(text, c) % 2,
                    0,
                    "unbalanced {c} (plan text not escaped?): {line}"
                );
            }
        }
    }
    assert!(!fence, "an unclosed fence");
}

/// Plan text nobody should trust: Markdown, HTML, mentions, links, a line
/// break with a heading, a fence and Mermaid syntax.
const HOSTILE: &str = r#"Pipes | `code` <script>alert(1)</script> [x](javascript:alert(1)) @everyone **bold _u_ ~~s~~ #1 ![i](http://x/y.png)\n# Heading\n```\n%%{init}%% :crit, 2026-01-01, 2026-12-31; \"q\""#;

#[test]
fn review_markdown_escapes_hostile_plan_text() {
    let s = Script::new();
    let mallory = crate::history::Who {
        name: "Mallory @admins | **x** [y](http://evil)",
        email: "mallory@evil.test",
    };
    s.write(
        "cto-plan.toml",
        "[plan]\nname = \"Acme <b>|@all</b> `x`\"\ncurrency = \"USD\"\n",
    );
    s.write(
        "team/teams/core.toml",
        "name = \"Core | <i>x</i> @team\"\nheadcount_target = 3\n",
    );
    s.write(
        "team/people/alice.toml",
        "name = \"Alice @here | *x*\"\nrole = \"CTO\"\nteam = \"core\"\n",
    );
    s.write(
        "roadmap/pipes.toml",
        &format!(
            "title = \"{HOSTILE}\"\nstatus = \"active\"\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q2\"\n"
        ),
    );
    s.write(
        "roadmap/next.toml",
        &format!(
            "title = \"Next {HOSTILE}\"\nstatus = \"planned\"\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q2\"\n"
        ),
    );
    s.write(
        "risks/evil.toml",
        "title = \"Risk | <img src=x onerror=alert(1)> @owner\"\nlikelihood = 5\nimpact = 5\nowner = \"alice\"\nstatus = \"open\"\nopened = 2026-03-01\n",
    );
    s.write(
        "decisions/evil.toml",
        "title = \"Decide [here](http://evil) `x` @all\"\nstatus = \"proposed\"\nproposed = 2026-03-01\ncontext = \"x\"\n",
    );
    s.write(
        "team/hiring/evil.toml",
        "title = \"Role **x** _y_ ~z~ | <b>\"\nteam = \"core\"\nstatus = \"open\"\nopened = 2026-03-01\n",
    );
    s.write(
        "objectives/evil.toml",
        "title = \"Objective ![i](http://x/y.png)\"\nquarter = \"2026-Q2\"\nstatus = \"committed\"\n\n[key_result.k]\nmetric = \"p95 | `ms` <u>\"\nunit = \"<u>|@\"\nbaseline = 10\ntarget = 0\ncurrent = 10\n",
    );
    s.write(
        "budget/2026-Q2.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 1000\ninitiative = \"pipes\"\nnote = \"<b>@x</b>\"\n",
    );
    s.commit(ALICE, "2026-03-02T10:00:00+00:00", "Add the plan");

    s.write(
        "roadmap/pipes.toml",
        &format!(
            "title = \"{HOSTILE}\"\nstatus = \"shipped\"\nshipped = 2026-04-10\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q2\"\n"
        ),
    );
    s.write(
        "roadmap/next.toml",
        &format!(
            "title = \"Next {HOSTILE}\"\nstatus = \"planned\"\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q3\"\n"
        ),
    );
    s.write(
        "decisions/evil.toml",
        "title = \"Decide [here](http://evil) `x` @all\"\nstatus = \"accepted\"\nproposed = 2026-03-01\ndecided = 2026-04-10\ncontext = \"x\"\ndecision = \"y\"\nreview_by = 2026-08-01\n",
    );
    s.write(
        "team/people/eve.toml",
        "name = \"Eve [x](http://evil) <script>\"\nrole = \"Engineer\"\nteam = \"core\"\njoined = 2026-04-10\n",
    );
    s.write(
        "team/hiring/evil.toml",
        "title = \"Role **x** _y_ ~z~ | <b>\"\nteam = \"core\"\nstatus = \"filled\"\nopened = 2026-03-01\nfilled = 2026-04-10\nhire = \"eve\"\n",
    );
    s.write(
        "objectives/evil.toml",
        "title = \"Objective ![i](http://x/y.png)\"\nquarter = \"2026-Q2\"\nstatus = \"committed\"\n\n[key_result.k]\nmetric = \"p95 | `ms` <u>\"\nunit = \"<u>|@\"\nbaseline = 10\ntarget = 0\ncurrent = 5\n",
    );
    s.write(
        "budget/2026-Q2.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 1000\nactual = 2000\ninitiative = \"pipes\"\nnote = \"<b>@x</b>\"\n",
    );
    s.commit(
        mallory,
        "2026-04-10T10:00:00+00:00",
        "Ship <pipes> @all | (#7)",
    );

    let r = review_json(s.path(), &["--quarter", "2026-Q2"]);
    // The JSON keeps the text as written.
    let title = r["roadmap"]["shipped"][0]["title"].as_str().unwrap();
    assert!(title.starts_with("Pipes | `code` <script>"), "{title}");
    assert!(title.contains("\n# Heading\n"), "{title}");
    assert_eq!(r["activity"]["pull_requests"], json!([7]));

    let md = ok_in(s.path(), TODAY, &["review", "--quarter", "2026-Q2"]);
    assert_inert(&md);
    // Escaped, not dropped.
    for escaped in [
        "# Acme &lt;b&gt;\\|&#64;all&lt;/b&gt; \\`x\\`: quarterly review 2026-Q2",
        "**Pipes \\| \\`code\\` &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript\\:alert\\(1\\)\\) &#64;everyone \\*\\*bold \\_u\\_ \\~\\~s\\~\\~ \\#1 \\!\\[i\\]\\(http\\://x/y.png\\) \\# Heading \\`\\`\\` ",
        "Risk \\| &lt;img src=x onerror=alert\\(1\\)&gt; &#64;owner",
        "Decide \\[here\\]\\(http\\://evil\\) \\`x\\` &#64;all",
        "Eve \\[x\\]\\(http\\://evil\\) &lt;script&gt;",
        "Role \\*\\*x\\*\\* \\_y\\_ \\~z\\~ \\| &lt;b&gt;",
        "Core \\| &lt;i&gt;x&lt;/i&gt; &#64;team",
        "p95 \\| \\`ms\\` &lt;u&gt;: 10 &lt;u&gt;\\|&#64; → 5 &lt;u&gt;\\|&#64;",
        "Mallory &#64;admins \\| \\*\\*x\\*\\* \\[y\\]\\(http\\://evil\\) (1)",
    ] {
        assert!(md.contains(escaped), "not found escaped: {escaped}\n{md}");
    }
    // The gantt chart keeps only harmless characters of the title.
    assert!(
        md.contains("    Pipes code script alert(1) /script x (javascript alert(1)) everyone bold _u_ s 1 i (http //x/y.png) Heading init crit, 2026-01-01, 2026-12-31 q :done, 2026-04-01, 2026-04-10\n"),
        "{md}"
    );

    // A user's Markdown template escapes too; a text template does not; an
    // HTML one escapes for HTML.
    let templates = tempfile::TempDir::new().unwrap();
    let source = "{{ plan }}|{{ roadmap.shipped[0].title }}|{{ team.joiners[0].source | cite }}\n";
    for (name, expected) in [
        (
            "mine.md.j2",
            "Acme &lt;b&gt;\\|&#64;all&lt;/b&gt; \\`x\\`|Pipes \\| \\`code\\` &lt;script&gt;alert\\(1\\)"
                .to_owned(),
        ),
        (
            "mine.txt.j2",
            "Acme <b>|@all</b> `x`|Pipes | `code` <script>alert(1)".to_owned(),
        ),
        (
            "mine.html.j2",
            "Acme &lt;b&gt;|@all&lt;&#x2f;b&gt; `x`|Pipes | `code` &lt;script&gt;alert(1)"
                .to_owned(),
        ),
    ] {
        let path = templates.path().join(name);
        std::fs::write(&path, source).unwrap();
        let out = ok_in(
            s.path(),
            TODAY,
            &[
                "review",
                "--quarter",
                "2026-Q2",
                "--template",
                path.to_str().unwrap(),
            ],
        );
        assert!(out.starts_with(&expected), "{name}:\n{out}");
    }
}

// --- quarter, formats, templates, output --------------------------------------

#[test]
fn review_defaults_to_the_last_complete_quarter() {
    let fx = fixture();
    let q2 = q2(&fx);
    for today in ["2026-07-01", "2026-08-20", "2026-09-30"] {
        let r = json_in(fx.path(), today, &["review", "--format", "json"]);
        assert_eq!(r, q2, "today {today}");
    }
    for (today, quarter) in [
        ("2026-06-30", "2026-Q1"),
        ("2026-10-01", "2026-Q3"),
        ("2027-01-01", "2026-Q4"),
    ] {
        let r = json_in(fx.path(), today, &["review", "--format", "json"]);
        assert_eq!(r["quarter"], quarter, "today {today}");
    }
}

#[test]
fn review_of_a_quarter_before_the_plan_existed_says_so() {
    let fx = fixture();
    let r = review_json(fx.path(), &["--quarter", "2026-Q1"]);
    assert_eq!(r["start_commit"], Value::Null);
    assert_eq!(r["end_commit"], fx.short("C4"));
    assert_eq!(
        r["warnings"],
        json!(["the plan did not exist yet when 2026-Q1 began: everything in it counts as added"])
    );
    assert_eq!(r["headline"]["committed"], 0);
    assert_eq!(r["headline"]["predictability"], Value::Null);
    assert_eq!(r["headline"]["headcount_start"], 0);
    // Judy left on February 28.
    assert_eq!(r["headline"]["headcount_end"], 6);
    assert_eq!(r["roadmap"]["added"].as_array().unwrap().len(), 9);
    assert_eq!(r["activity"]["commits"], 3, "C1, C2 and C4");
    let md = ok_in(fx.path(), TODAY, &["review", "--quarter", "2026-Q1"]);
    assert!(
        md.contains("Plan as the quarter began: none; as it ended: `"),
        "{md}"
    );
    assert!(
        md.contains("> **Note:** the plan did not exist yet when 2026-Q1 began\\: everything in it counts as added\n"),
        "{md}"
    );
    assert!(md.contains("nothing was committed for 2026-Q1"), "{md}");
}

#[test]
fn review_at_a_revision_reads_its_history_only() {
    let fx = fixture();
    let rev = fx.short("C20");
    let r = review_json(fx.path(), &["--quarter", "2026-Q2", "--rev", &rev]);
    assert_eq!(r["end_commit"], rev);
    assert_eq!(r["headline"]["shipped"], 3);
    assert_eq!(r["activity"]["commits"], 17);
    // No actuals yet, and no change to the budget since Q2 began.
    assert_eq!(r["budget"]["exists"], true);
    assert_eq!(r["budget"]["has_actuals"], false);
    assert_eq!(r["budget"]["planned"], 145000.0);
    assert_eq!(r["budget"]["source"], Value::Null);
    let md = ok_in(
        fx.path(),
        TODAY,
        &["review", "--quarter", "2026-Q2", "--rev", &rev],
    );
    assert!(
        md.contains("| Budget | 145,000 USD planned; no actuals recorded |\n"),
        "{md}"
    );
    assert!(
        md.contains("145,000 USD planned; no actuals recorded yet.\n"),
        "{md}"
    );
}

#[test]
fn review_text_format_prints_the_numbers() {
    let fx = fixture();
    let text = ok_in(
        fx.path(),
        TODAY,
        &["review", "--quarter", "2026-Q2", "--format", "text"],
    );
    for line in [
        "Acme: quarterly review 2026-Q2 (2026-04-01 to 2026-06-30)\n",
        "  Shipped                  5\n",
        "  Slipped                  2\n",
        "  Decisions taken          4\n",
        "  Headcount                6 -> 7 (+1)\n",
        "  Budget                   152,900 of 145,000 USD (+7,900)\n",
        "  Top risk                 Data loss in the migration (score 20)\n",
        &format!(
            "  shipped    initiative/search-v2  shipped 2026-04-14  [{} (#12)]\n",
            fx.short("M")
        ),
        "  Data: 1 -> 2 (target 4)\n",
        "  29 commits, 5 pull requests, 4 contributors\n",
    ] {
        assert!(text.contains(line), "no {line:?} in:\n{text}");
    }
    assert!(!text.contains('`'), "{text}");
}

/// A text template that prints every value of the context it receives as
/// JSON (numbers as the review's formatter shows them: at most two decimals).
fn dump_template(keys: &[&String]) -> String {
    let mut out = String::from(
        r#"{%- macro dump(v) -%}
{%- if v is none -%}null
{%- elif v is boolean -%}{{ "true" if v else "false" }}
{%- elif v is string -%}"{{ v }}"
{%- elif v is mapping -%}{{ "{" }}{% for k in v %}"{{ k }}": {{ dump(v[k]) }}{% if not loop.last %}, {% endif %}{% endfor %}{{ "}" }}
{%- elif v is sequence -%}[{% for x in v %}{{ dump(x) }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- elif v is number -%}{{ v }}
{%- else -%}UNDEFINED
{%- endif -%}
{%- endmacro -%}
{"#,
    );
    let fields: Vec<String> = keys
        .iter()
        .map(|k| format!("\"{k}\": {{{{ dump({k}) }}}}"))
        .collect();
    out.push_str(&fields.join(", "));
    out.push_str("}\n");
    out
}

/// `value` with every number rounded to two decimals.
fn rounded(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!((n.as_f64().unwrap() * 100.0).round() / 100.0),
        Value::Array(items) => Value::Array(items.iter().map(rounded).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), rounded(v))).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn review_json_is_exactly_the_template_context() {
    let fx = fixture();
    let json = q2(&fx);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    let dir = tempfile::TempDir::new().unwrap();
    let template = dir.path().join("dump.txt.j2");
    std::fs::write(&template, dump_template(&keys)).unwrap();
    let out = ok_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--template",
            template.to_str().unwrap(),
        ],
    );
    let context: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("the dump is no JSON ({e}):\n{out}"));
    assert_eq!(rounded(&context), rounded(&json));
}

#[test]
fn review_template_replaces_the_built_in_one() {
    let fx = fixture();
    let dir = tempfile::TempDir::new().unwrap();
    let template = dir.path().join("mine.md.j2");
    std::fs::write(
        &template,
        "{{ quarter }}: {{ headline.shipped }} shipped, {{ headline.decisions_taken }} decided\n{% for i in roadmap.shipped %}{{ i.title }} {{ i.source | cite }}\n{% endfor %}{{ outlook.at_risk[0].detail }}\n",
    )
    .unwrap();
    let out = ok_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--template",
            template.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out,
        format!(
            "2026-Q2: 5 shipped, 4 decided
Search v2 `{}` (#12)
Usage-based billing `{}` (#13)
Onboarding flow `{}`
Single sign-on `{}`
Hotfix tooling `{}`
depends on initiative/analytics \\(active\\)
",
            fx.short("M"),
            fx.short("C14"),
            fx.short("C15"),
            fx.short("C29"),
            fx.short("C31")
        )
    );
    // `--format json` is the context itself: a template with it is refused.
    let (stdout, stderr, code) = run_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--format",
            "json",
            "--template",
            template.to_str().unwrap(),
        ],
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("it takes no --template"), "{stderr}");
}

#[test]
fn broken_template_exits_2_naming_its_file_and_line() {
    let fx = fixture();
    let dir = tempfile::TempDir::new().unwrap();
    let cases = [
        (
            "syntax.md.j2",
            "# Review\n{{ plan }}\n{% for %}\n",
            "syntax.md.j2:3: template error",
        ),
        (
            "filter.md.j2",
            "ok\n{{ plan | no_such_filter }}\n",
            "filter.md.j2:2: template error",
        ),
        (
            "undefined.txt.j2",
            "a\nb\n{{ headline.no_such.field }}\n",
            "undefined.txt.j2:3: template error",
        ),
    ];
    for (name, source, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, source).unwrap();
        let (stdout, stderr, code) = run_in(
            fx.path(),
            TODAY,
            &[
                "review",
                "--quarter",
                "2026-Q2",
                "--template",
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 2, "{name}: {stdout}{stderr}");
        assert_eq!(stdout, "", "{name}");
        assert!(
            stderr.contains(&format!("error: {}/{message}", dir.path().display())),
            "{name}: {stderr}"
        );
    }
    // A template that is not there.
    let missing = dir.path().join("missing.md.j2");
    let (_, stderr, code) = run_in(
        fx.path(),
        TODAY,
        &["review", "--template", missing.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.md.j2"), "{stderr}");
}

#[test]
fn review_template_path_is_relative_to_the_directory_given_with_c() {
    let fx = fixture();
    std::fs::write(fx.path().join("mine.md.j2"), "{{ quarter }}\n").unwrap();
    let elsewhere = tempfile::TempDir::new().unwrap();
    let output = crate::common::command_at(fx.path(), TODAY)
        .current_dir(elsewhere.path())
        .args(["review", "--quarter", "2026-Q2", "--template", "mine.md.j2"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "2026-Q2\n");
}

#[test]
fn review_output_file_is_written_instead_of_stdout() {
    let fx = fixture();
    let md = q2_markdown(&fx);
    // Relative to -C DIR.
    let out = ok_in(
        fx.path(),
        TODAY,
        &["review", "--quarter", "2026-Q2", "-o", "review.md"],
    );
    assert_eq!(out, "");
    assert_eq!(
        std::fs::read_to_string(fx.path().join("review.md")).unwrap(),
        md
    );
    // An existing file is replaced; any format.
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("review.json");
    std::fs::write(&path, "old").unwrap();
    let out = ok_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--format",
            "json",
            "--output",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(out, "");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written, q2(&fx));
}

#[test]
fn review_in_a_shallow_clone_warns_and_adds_nothing_at_the_boundary() {
    let fx = fixture();
    // C35 to C31: the quarter began long before the boundary (C31).
    let clone = crate::history::shallow_clone(fx.path(), 5);
    let r = review_json(clone.path(), &["--quarter", "2026-Q2"]);
    let warnings = r["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains(&format!(
                "this clone is shallow: history starts at {}",
                fx.short("C31")
            )) && w.as_str().unwrap().contains("git fetch --unshallow")),
        "{warnings:?}"
    );
    assert!(
        !warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("did not exist yet")),
        "{warnings:?}"
    );
    assert_eq!(r["roadmap"]["added"], json!([]));
    assert_eq!(r["team"]["joiners"], json!([]));
    assert_eq!(r["risks"]["opened"], json!([]));
}
