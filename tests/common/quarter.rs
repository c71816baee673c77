//! The scripted quarter: a plan's history through 2026-Q2 whose facts are
//! known, built once here for the `review` tests (which assert every number
//! of its review) and the `history` tests (`log`, `blame` and `--at` read the
//! same commits).
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

use super::CONFIG;
use super::records::{initiative, person, risk};
use super::repo::{ALICE, BOB, CAROL, DAVE, GitPlan, short};

/// Today in every run: 2026-Q2 is the last complete quarter.
pub const TODAY: &str = "2026-08-20";

/// The scripted history and its commits by name (`C5`, `M`, `B1`…).
pub struct Fixture {
    pub git: GitPlan,
    pub commits: BTreeMap<&'static str, Oid>,
}

impl Fixture {
    pub fn path(&self) -> &Path {
        self.git.path()
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
        let commit = self.git.repo.find_commit(self.id(name)).unwrap();
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
        let mut cite = json!({
            "commit": short,
            "pull_request": pr,
            "author": commit.author().name().unwrap(),
            "date": local.to_string(),
            "cite": match pr {
                Some(n) => format!("{short} (#{n})"),
                None => short.clone(),
            },
        });
        // The fixture's merge brings one branch commit: its author wrote
        // the change, the merge's author merged it.
        if commit.parent_count() > 1 {
            let branch = commit.parent(1).unwrap();
            cite["author"] = json!(branch.author().name().unwrap());
            cite["merged_by"] = json!(commit.author().name().unwrap());
        }
        cite
    }
}

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

/// The quarter fixture: the history described at the top of this module.
pub fn fixture() -> Fixture {
    let s = GitPlan::empty("");
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
        s.commit_as(ALICE, "2026-01-05T09:00:00+00:00", "Add the plan"),
    );

    s.edit("team/people/judy.toml", &[("left", Some("2026-02-28"))]);
    c.insert(
        "C2",
        s.commit_as(
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
        s.commit_as(
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
        s.commit_as(
            CAROL,
            "2026-04-01T00:30:00+09:00",
            "Accept Kafka for events (#10)",
        ),
    );

    s.rename("roadmap/sso.toml", "roadmap/single-sign-on.toml");
    c.insert(
        "C6",
        s.commit_as(
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
        s.commit_as(ALICE, "2026-04-03T10:00:00+02:00", "RabbitMQ is superseded"),
    );

    s.remove("risks/vendor-lock.toml");
    c.insert(
        "C8",
        s.commit_as(
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
        s.commit_as(
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

    s.edit(
        "team/hiring/backend-eng.toml",
        &[
            ("status", Some("\"filled\"")),
            ("filled", Some("2026-04-15")),
            ("hire", Some("\"frank\"")),
        ],
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
        s.commit_as(
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
        s.commit_as(
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
        s.commit_as(
            CAROL,
            "2026-04-22T09:00:00+09:00",
            "Open a data engineer role",
        ),
    );

    s.edit(
        "roadmap/analytics.toml",
        &[("quarter", Some("\"2026-Q3\""))],
    );
    c.insert(
        "C13",
        s.commit_as(DAVE, "2026-04-28T10:00:00-07:00", "Analytics slips to Q3"),
    );

    s.edit(
        "roadmap/billing.toml",
        &[
            ("status", Some("\"shipped\"")),
            ("shipped", Some("2026-05-04")),
        ],
    );
    c.insert(
        "C14",
        s.commit_as(
            BOB,
            "2026-05-04T10:00:00-04:00",
            "Ship usage-based billing (#13)",
        ),
    );

    s.edit(
        "roadmap/onboarding.toml",
        &[
            ("status", Some("\"shipped\"")),
            ("shipped", Some("2026-05-05")),
        ],
    );
    c.insert(
        "C15",
        s.commit_as(DAVE, "2026-05-05T10:00:00-07:00", "Onboarding shipped"),
    );

    s.write("README.md", "# Acme's plan\n\nSee docs/.\n");
    c.insert(
        "R",
        s.commit_as(ALICE, "2026-05-06T10:00:00+00:00", "Update the README"),
    );

    s.write(
        "decisions/graphql.toml",
        "title = \"Adopt GraphQL\"\nstatus = \"rejected\"\nproposed = 2026-04-01\ndecided = 2026-05-11\ncontext = \"Clients want flexible queries.\"\ndecision = \"Stay with REST.\"\n",
    );
    c.insert(
        "C16",
        s.commit_as(ALICE, "2026-05-11T10:00:00+00:00", "Reject GraphQL"),
    );

    s.edit("roadmap/mobile.toml", &[("quarter", Some("\"2026-Q3\""))]);
    c.insert(
        "C17",
        s.commit_as(BOB, "2026-05-12T10:00:00-04:00", "Mobile slips to Q3"),
    );

    s.edit("team/people/erin.toml", &[("left", Some("2026-05-15"))]);
    s.edit("team/people/gina.toml", &[("team", Some("\"data\""))]);
    c.insert(
        "C18",
        s.commit_as(
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
        s.commit_as(
            CAROL,
            "2026-05-18T09:00:00+09:00",
            "Re-open the vendor lock-in risk",
        ),
    );

    s.edit("risks/data-loss.toml", &[("likelihood", Some("4"))]);
    c.insert(
        "C20",
        s.commit_as(
            DAVE,
            "2026-05-20T10:00:00-07:00",
            "Escalate the data-loss risk",
        ),
    );

    s.edit(
        "roadmap/legacy-api.toml",
        &[("status", Some("\"cancelled\""))],
    );
    c.insert(
        "C21",
        s.commit_as(
            ALICE,
            "2026-05-25T10:00:00+00:00",
            "Cancel the legacy API retirement",
        ),
    );

    s.edit(
        "roadmap/analytics.toml",
        &[("quarter", Some("\"2026-Q4\""))],
    );
    c.insert(
        "C22",
        s.commit_as(BOB, "2026-05-28T10:00:00-04:00", "Analytics slips again"),
    );

    s.edit(
        "team/hiring/data-eng.toml",
        &[
            ("status", Some("\"filled\"")),
            ("filled", Some("2026-05-30")),
            ("hire", Some("\"ivan\"")),
        ],
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
        s.commit_as(
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
        s.commit_as(
            ALICE,
            "2026-06-01T10:00:00+00:00",
            "Plan AI assist for Q3 (#14)",
        ),
    );

    s.edit(
        "risks/outage.toml",
        &[
            ("status", Some("\"closed\"")),
            ("closed", Some("2026-06-03")),
        ],
    );
    c.insert(
        "C25",
        s.commit_as(BOB, "2026-06-03T10:00:00-04:00", "Close the outage risk"),
    );

    s.write(
        "decisions/monorepo.toml",
        "title = \"Move to a monorepo\"\nstatus = \"proposed\"\nproposed = 2026-06-01\ncontext = \"Changes span many repositories.\"\n",
    );
    c.insert(
        "C26",
        s.commit_as(CAROL, "2026-06-05T09:00:00+09:00", "Propose a monorepo"),
    );

    s.edit(
        "objectives/reliability.toml",
        &[
            ("key_result.latency.current", Some("300")),
            ("key_result.accounts.current", Some("150")),
        ],
    );
    c.insert(
        "C27",
        s.commit_as(BOB, "2026-06-10T10:00:00-04:00", "Search latency at 300 ms"),
    );

    s.write(
        "decisions/api-versioning.toml",
        "title = \"Version the public API\"\nstatus = \"accepted\"\nproposed = 2026-05-13\ndecided = 2026-06-12\ncontext = \"Clients break on changes.\"\ndecision = \"Version in the path.\"\n",
    );
    c.insert(
        "C28",
        s.commit_as(
            DAVE,
            "2026-06-12T10:00:00-07:00",
            "Accept API versioning\n\nSee merge request acme/plan!15\n",
        ),
    );

    s.edit(
        "roadmap/single-sign-on.toml",
        &[
            ("status", Some("\"shipped\"")),
            ("shipped", Some("2026-06-15")),
        ],
    );
    c.insert(
        "C29",
        s.commit_as(ALICE, "2026-06-15T10:00:00+00:00", "Ship single sign-on"),
    );

    s.write(
        "team/hiring/sre.toml",
        "title = \"Site Reliability Engineer\"\nteam = \"core\"\nstatus = \"open\"\nopened = 2026-06-20\n",
    );
    c.insert(
        "C30",
        s.commit_as(ALICE, "2026-06-20T10:00:00+00:00", "Open an SRE role"),
    );

    s.edit(
        "roadmap/hotfix-tooling.toml",
        &[
            ("status", Some("\"shipped\"")),
            ("shipped", Some("2026-06-25")),
        ],
    );
    c.insert(
        "C31",
        s.commit_as(BOB, "2026-06-25T10:00:00-04:00", "Ship hotfix tooling"),
    );

    // Late on June 30 in California: July 1 in UTC, but Q2 where it was made.
    s.write(
        "budget/2026-Q2.toml",
        &budget(Some([36000, 98000, 5400, 12500])),
    );
    c.insert(
        "C32",
        s.commit_as(DAVE, "2026-06-30T23:30:00-07:00", "Record the Q2 actuals"),
    );

    // --- 2026-Q3 -----------------------------------------------------------
    // Early on July 1 in Berlin: June 30 in UTC, but Q3 where it was made.
    s.edit(
        "roadmap/audit-log.toml",
        &[
            ("status", Some("\"shipped\"")),
            ("shipped", Some("2026-07-01")),
        ],
    );
    c.insert(
        "C33",
        s.commit_as(ALICE, "2026-07-01T01:00:00+02:00", "Ship audit logging"),
    );

    // Shipped in Q2, edited in Q3: still shipped in Q2.
    s.edit(
        "roadmap/onboarding.toml",
        &[
            ("title", Some("\"Onboarding flow v1\"")),
            ("summary", Some("\"The first version.\"")),
        ],
    );
    c.insert(
        "C34",
        s.commit_as(
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
        s.commit_as(
            ALICE,
            "2026-08-03T10:00:00+00:00",
            "Settle the Q2 cloud bill",
        ),
    );

    Fixture { git: s, commits: c }
}
