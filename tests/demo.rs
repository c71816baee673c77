//! `cto-plan demo` and the library behind it: a repository built the same
//! way everywhere, whose history holds what docs/demo.md promises, and whose
//! every commit checks without errors.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cto_plan::demo::{self, Demo};
use cto_plan::diagnostic::Severity;
use cto_plan::model::{Kind, Plan, Quarter, Value};
use cto_plan::store::{self, Layout, git::Revision};
use git2::{Commit, Oid, Repository};
use jiff::civil::{Date, date};
use tempfile::TempDir;

use crate::common::{isolate_git_config, run, snapshot_tree};

/// A demo built in a fresh temporary folder.
fn built() -> (TempDir, Demo) {
    isolate_git_config();
    let dir = TempDir::new().unwrap();
    let demo = demo::build(&dir.path().join("demo")).unwrap();
    (dir, demo)
}

/// Main's commits, oldest first.
fn first_parent(repo: &Repository, head: Oid) -> Vec<Oid> {
    let mut walk = repo.revwalk().unwrap();
    walk.push(head).unwrap();
    walk.simplify_first_parent().unwrap();
    let mut ids: Vec<Oid> = walk.map(Result::unwrap).collect();
    ids.reverse();
    ids
}

/// Every commit reachable from the head.
fn all_commits(repo: &Repository, head: Oid) -> Vec<Oid> {
    let mut walk = repo.revwalk().unwrap();
    walk.push(head).unwrap();
    walk.map(Result::unwrap).collect()
}

fn subject(commit: &Commit<'_>) -> String {
    String::from_utf8_lossy(commit.message_bytes())
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

/// The day of a commit in its own time zone, and in UTC.
fn days(commit: &Commit<'_>) -> (Date, Date) {
    let time = commit.time();
    let utc = jiff::Timestamp::from_second(time.seconds()).unwrap();
    let offset = jiff::tz::Offset::from_seconds(time.offset_minutes() * 60).unwrap();
    (
        offset.to_datetime(utc).date(),
        jiff::tz::Offset::UTC.to_datetime(utc).date(),
    )
}

/// The plan at every commit of main, oldest first, with the commit's day.
fn plans_on_main(demo: &Demo) -> Vec<(Oid, Date, store::Loaded)> {
    let repo = Repository::open(&demo.path).unwrap();
    let layout = Layout::at(&demo.path).unwrap();
    first_parent(&repo, demo.head)
        .into_iter()
        .map(|id| {
            let day = days(&repo.find_commit(id).unwrap()).0;
            (id, day, load(&demo.path, &layout, id))
        })
        .collect()
}

fn load(dir: &Path, layout: &Layout, id: Oid) -> store::Loaded {
    let repo = Repository::open(dir).unwrap();
    let revision = Revision::at_commit(repo, layout, &id.to_string(), id).unwrap();
    store::load(&revision).unwrap()
}

fn text<'p>(plan: &'p Plan, kind: Kind, id: &str, field: &str) -> Option<&'p str> {
    plan.get(kind, id)?.fields.text(field)
}

fn day_of(plan: &Plan, kind: Kind, id: &str, field: &str) -> Option<Date> {
    plan.get(kind, id)?.fields.date(field)
}

#[test]
fn the_same_commits_on_every_build() {
    let (_first, one) = built();
    let (_second, two) = built();
    assert_eq!(one.head, two.head);
    assert_eq!(one.commits, two.commits);
    assert_eq!(
        (one.start, one.end, one.first_quarter, one.latest_quarter),
        (two.start, two.end, two.first_quarter, two.latest_quarter)
    );
}

#[test]
fn history_has_authors_zones_pull_requests_and_a_quarter_boundary() {
    let (_dir, demo) = built();
    let repo = Repository::open(&demo.path).unwrap();
    let main = first_parent(&repo, demo.head);
    let all = all_commits(&repo, demo.head);
    assert_eq!(all.len(), demo.commits);

    let on_main: BTreeSet<Oid> = main.iter().copied().collect();
    let mut merges = Vec::new();
    let mut squashes = Vec::new();
    let mut authors = BTreeSet::new();
    let mut offsets = BTreeSet::new();
    for id in &all {
        let commit = repo.find_commit(*id).unwrap();
        authors.insert(commit.author().name().unwrap().to_owned());
        offsets.insert(commit.time().offset_minutes());
        let (local, _) = days(&commit);
        assert!(
            (date(2025, 6, 16)..date(2026, 11, 1)).contains(&local),
            "{id} is dated {local}"
        );
        let subject = subject(&commit);
        if commit.parent_count() == 2 {
            // GitHub's merge commit: main first, the branch second.
            assert!(
                subject.starts_with("Merge pull request #") && subject.contains(" from northwind/"),
                "{subject}"
            );
            assert!(on_main.contains(id), "merge {id} is not on main");
            assert!(on_main.contains(&commit.parent_id(0).unwrap()));
            assert!(!on_main.contains(&commit.parent_id(1).unwrap()));
            merges.push(subject);
        } else if subject.ends_with(')') && subject.contains(" (#") {
            assert!(on_main.contains(id));
            assert_eq!(commit.parent_count(), 1);
            squashes.push(subject);
        }
    }
    // The counts docs/demo.md gives.
    assert_eq!((all.len(), main.len()), (174, 133));
    assert_eq!(
        (merges.len(), squashes.len()),
        (16, 6),
        "{merges:#?}\n{squashes:#?}"
    );
    assert!(
        merges
            .iter()
            .any(|m| m.starts_with("Merge pull request #4 from northwind/plan-2025-q3"))
    );
    assert!(
        squashes
            .iter()
            .any(|s| s == "Decide the public API v2 style: REST with OpenAPI for customers (#6)")
    );
    // Some merges bring in a branch while main moved on meanwhile.
    let diverged = all
        .iter()
        .map(|id| repo.find_commit(*id).unwrap())
        .filter(|c| c.parent_count() == 2)
        .filter(|c| {
            let base = repo
                .merge_base(c.parent_id(0).unwrap(), c.parent_id(1).unwrap())
                .unwrap();
            base != c.parent_id(0).unwrap()
        })
        .count();
    assert!(
        diverged >= 3,
        "{diverged} merges with main ahead of the branch"
    );

    assert_eq!(
        authors,
        BTreeSet::from(
            [
                "Anjali Mehta",
                "Elena Petrova",
                "Hannah Becker",
                "Maya Okafor",
                "Nadia Haddad",
                "Tomasz Nowak"
            ]
            .map(String::from)
        )
    );
    for offset in [-360, -300, 0, 60, 330, 540] {
        assert!(
            offsets.contains(&offset),
            "no commit at offset {offset}: {offsets:?}"
        );
    }

    // Quarter boundaries: the local day and the UTC day fall in different quarters.
    let boundary: BTreeMap<String, (Date, Date, i32)> = main
        .iter()
        .map(|id| repo.find_commit(*id).unwrap())
        .filter_map(|c| {
            let (local, utc) = days(&c);
            (Quarter::containing(local, 1) != Quarter::containing(utc, 1))
                .then(|| (subject(&c), (local, utc, c.time().offset_minutes())))
        })
        .collect();
    assert_eq!(
        boundary.get("Close the Q1 objectives"),
        Some(&(date(2026, 3, 31), date(2026, 4, 1), -300))
    );
    assert_eq!(
        boundary.get("Close the Q3 objectives"),
        Some(&(date(2025, 10, 1), date(2025, 9, 30), 60))
    );

    assert_eq!(demo.start, date(2025, 6, 16));
    assert_eq!(demo.end, date(2026, 10, 28));
    assert_eq!(demo.first_quarter.to_string(), "2025-Q3");
    assert_eq!(demo.latest_quarter.to_string(), "2026-Q3");
}

#[test]
fn every_commit_checks_without_errors() {
    let (_dir, demo) = built();
    let repo = Repository::open(&demo.path).unwrap();
    let layout = Layout::at(&demo.path).unwrap();
    // Main's commits are what the review reads; the branches' are checked too.
    let mut failures = Vec::new();
    for id in all_commits(&repo, demo.head) {
        let commit = repo.find_commit(id).unwrap();
        let today = days(&commit).0;
        let loaded = load(&demo.path, &layout, id);
        for finding in cto_plan::validate::check(&loaded, today) {
            if finding.severity() == Severity::Error {
                failures.push(format!(
                    "{} {:?}: {} {}: {}",
                    &id.to_string()[..8],
                    subject(&commit),
                    finding.rule.code,
                    finding.path,
                    finding.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_documented_facts_are_in_the_history() {
    let (_dir, demo) = built();
    let plans = plans_on_main(&demo);
    let head = &plans.last().unwrap().2.plan;

    // Every target quarter an initiative had, in order, on main.
    let quarters = |id: &str| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for (_, _, loaded) in &plans {
            let Some(q) = loaded
                .plan
                .get(Kind::Initiative, id)
                .and_then(|r| r.fields.quarter("quarter"))
            else {
                continue;
            };
            if seen.last() != Some(&q.to_string()) {
                seen.push(q.to_string());
            }
        }
        seen
    };
    for (id, path) in [
        ("clickhouse-migration", "2025-Q2 2025-Q3 2025-Q4"),
        ("streaming-ingestion", "2025-Q2 2025-Q3"),
        ("sso-scim", "2025-Q2 2025-Q3"),
        ("dashboard-builder-v2", "2025-Q3 2025-Q4 2026-Q1"),
        ("eu-data-residency", "2025-Q4 2026-Q1 2026-Q2"),
        ("disaster-recovery", "2025-Q4 2025-Q3"),
        ("ask-northwind", "2026-Q2 2026-Q1 2026-Q2"),
        ("soc2-renewal", "2026-Q3 2026-Q2"),
        ("usage-digest-emails", "2026-Q2 2026-Q3"),
        ("dashboard-templates", "2026-Q3 2026-Q4"),
        ("apac-readiness", "2026-Q4 2027-Q1"),
    ] {
        assert_eq!(quarters(id).join(" "), path, "initiative/{id}");
    }

    for (id, shipped) in [
        ("observability-stack", date(2025, 6, 26)),
        ("sso-scim", date(2025, 7, 24)),
        ("streaming-ingestion", date(2025, 8, 7)),
        ("salesforce-connector", date(2025, 9, 3)),
        ("query-guardrails", date(2025, 9, 24)),
        ("disaster-recovery", date(2025, 9, 26)),
        ("clickhouse-migration", date(2025, 11, 5)),
        ("public-api-v2", date(2025, 12, 11)),
        ("postgres-decommission", date(2025, 12, 17)),
        ("dashboard-builder-v2", date(2026, 2, 19)),
        ("llm-cost-metering", date(2026, 3, 26)),
        ("eu-data-residency", date(2026, 6, 11)),
        ("soc2-renewal", date(2026, 6, 19)),
        ("ask-northwind", date(2026, 6, 24)),
        ("anomaly-alerts", date(2026, 9, 17)),
    ] {
        assert_eq!(
            text(head, Kind::Initiative, id, "status"),
            Some("shipped"),
            "{id}"
        );
        assert_eq!(
            day_of(head, Kind::Initiative, id, "shipped"),
            Some(shipped),
            "{id}"
        );
        // The commit that ships it falls in the quarter it shipped in.
        let (_, day, _) = plans
            .iter()
            .find(|(_, _, l)| {
                l.plan.get(Kind::Initiative, id).and_then(|r| r.status()) == Some("shipped")
            })
            .unwrap();
        assert_eq!(
            Quarter::containing(*day, 1),
            Quarter::containing(shipped, 1),
            "{id}"
        );
    }
    for id in [
        "mobile-dashboards",
        "embedded-analytics",
        "snowflake-write-back",
        "usage-digest-emails",
    ] {
        assert_eq!(
            text(head, Kind::Initiative, id, "status"),
            Some("cancelled"),
            "{id}"
        );
    }

    for (id, left) in [
        ("pavel-ivanov", date(2025, 9, 5)),
        ("ravi-menon", date(2025, 10, 3)),
        ("jonas-lindqvist", date(2026, 2, 27)),
        ("zoe-anderson", date(2026, 5, 29)),
        ("marcus-johnson", date(2026, 8, 28)),
    ] {
        assert_eq!(day_of(head, Kind::Person, id, "left"), Some(left), "{id}");
    }
    for (role, hire, filled, joined) in [
        (
            "staff-data-engineer",
            "rafael-costa",
            date(2025, 6, 18),
            date(2025, 7, 14),
        ),
        (
            "senior-sre",
            "kofi-boateng",
            date(2025, 7, 9),
            date(2025, 8, 4),
        ),
        (
            "appsec-engineer",
            "lena-vogel",
            date(2025, 8, 20),
            date(2025, 9, 15),
        ),
        (
            "frontend-engineer-builder",
            "diego-alvarez",
            date(2025, 10, 22),
            date(2025, 11, 17),
        ),
        (
            "clickhouse-sre",
            "ines-carvalho",
            date(2026, 1, 9),
            date(2026, 2, 2),
        ),
        (
            "ai-engineer",
            "marco-bianchi",
            date(2026, 4, 16),
            date(2026, 5, 11),
        ),
        (
            "ml-engineer",
            "hye-jin-park",
            date(2026, 7, 23),
            date(2026, 8, 24),
        ),
    ] {
        assert_eq!(
            text(head, Kind::Role, role, "status"),
            Some("filled"),
            "{role}"
        );
        assert_eq!(text(head, Kind::Role, role, "hire"), Some(hire), "{role}");
        assert_eq!(
            day_of(head, Kind::Role, role, "filled"),
            Some(filled),
            "{role}"
        );
        assert_eq!(
            day_of(head, Kind::Person, hire, "joined"),
            Some(joined),
            "{hire}"
        );
    }
    for role in ["integrations-engineer", "sre-tokyo"] {
        assert_eq!(
            text(head, Kind::Role, role, "status"),
            Some("cancelled"),
            "{role}"
        );
    }
    for (person, team) in [
        ("omar-farouk", "integrations"),
        ("grace-liu", "data"),
        ("priya-natarajan", "applied-ai"),
        ("arjun-patel", "applied-ai"),
        ("kenji-watanabe", "applied-ai"),
    ] {
        assert_eq!(
            text(head, Kind::Person, person, "team"),
            Some(team),
            "{person}"
        );
    }

    for (id, status) in [
        ("public-api-style", "accepted"),
        ("eu-region-cell", "superseded"),
        ("regional-cells", "accepted"),
        ("self-managed-kafka", "rejected"),
        ("decommission-postgres-events", "accepted"),
        ("self-hosted-ci-runners", "rejected"),
        ("llm-provider", "accepted"),
        ("revisit-anomaly-detection", "accepted"),
        ("sunset-api-v1", "accepted"),
        ("self-hosted-llm", "rejected"),
    ] {
        assert_eq!(
            text(head, Kind::Decision, id, "status"),
            Some(status),
            "{id}"
        );
    }
    let supersedes: Vec<&str> = head
        .get(Kind::Decision, "regional-cells")
        .unwrap()
        .fields
        .texts("supersedes")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(supersedes, ["eu-region-cell"]);

    for (id, status) in [
        ("single-region-outage", "mitigating"),
        ("on-call-load", "closed"),
        ("clickhouse-cutover-slip", "closed"),
        ("salesforce-api-limits", "closed"),
        ("billing-key-person", "closed"),
        ("postgres-storage-ceiling", "closed"),
        ("aws-spend-growth", "closed"),
        ("eu-residency-deals", "mitigating"),
        ("llm-data-exposure", "mitigating"),
        ("clickhouse-key-person", "mitigating"),
    ] {
        assert_eq!(text(head, Kind::Risk, id, "status"), Some(status), "{id}");
    }

    for (quarter, objectives) in [
        (
            "2025-Q2",
            "enterprise-readiness=missed platform-reliability=achieved query-performance=missed",
        ),
        (
            "2025-Q3",
            "api-ecosystem=missed dashboards-under-two-seconds=achieved enterprise-identity=missed",
        ),
        (
            "2025-Q4",
            "calmer-on-call=missed everything-on-clickhouse=achieved public-api-launch=achieved",
        ),
        (
            "2026-Q1",
            "ask-northwind-beta=missed builder-adoption=achieved eu-customers-in-eu=missed",
        ),
        (
            "2026-Q2",
            "ask-northwind-ga=missed cheaper-platform=achieved eu-residency-live=achieved",
        ),
        (
            "2026-Q3",
            "anomaly-alerts-beta=achieved apac-groundwork=missed keep-the-team=missed",
        ),
        ("2026-Q4", "query-engine-resilience=committed"),
    ] {
        let found: Vec<String> = head
            .of_kind(Kind::Objective)
            .filter(|r| {
                r.fields
                    .quarter("quarter")
                    .map(|q| q.to_string())
                    .as_deref()
                    == Some(quarter)
            })
            .map(|r| format!("{}={}", r.id, r.status().unwrap_or("")))
            .collect();
        assert_eq!(found.join(" "), objectives, "{quarter}");
    }

    // The radar: every ring a technology had on main, with the quarter of the
    // commit that moved it there ("-" when it is off the radar).
    let rings = |id: &str| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for (_, day, loaded) in &plans {
            let ring = loaded
                .plan
                .get(Kind::Technology, id)
                .and_then(|r| r.fields.text("ring"))
                .unwrap_or("-");
            if seen.last().map(|s| s.split('@').next().unwrap()) != Some(ring) {
                seen.push(format!("{ring}@{}", Quarter::containing(*day, 1)));
            }
        }
        seen
    };
    for (id, path) in [
        ("openapi", "assess@2025-Q2 trial@2025-Q3"),
        ("airflow", "hold@2025-Q2 -@2025-Q3"),
        ("dbt", "assess@2025-Q2 trial@2025-Q4 adopt@2026-Q2"),
        ("azure-openai", "-@2025-Q2 adopt@2026-Q1"),
        ("snowflake", "assess@2025-Q2 hold@2026-Q1"),
        ("rust", "assess@2025-Q2 trial@2026-Q2"),
        ("contract-testing", "assess@2025-Q2 trial@2026-Q3"),
        ("vllm", "-@2025-Q2 assess@2026-Q3 hold@2026-Q3"),
        ("clickhouse", "adopt@2025-Q2"),
    ] {
        assert_eq!(rings(id).join(" "), path, "technology/{id}");
    }
    for (id, decision, since) in [
        ("dbt", "dbt-for-transformations", date(2026, 5, 27)),
        ("azure-openai", "llm-provider", date(2026, 2, 2)),
        ("snowflake", "adopt-clickhouse", date(2026, 3, 6)),
        ("vllm", "self-hosted-llm", date(2026, 9, 8)),
    ] {
        let decisions: Vec<&str> = head
            .get(Kind::Technology, id)
            .unwrap()
            .fields
            .texts("decisions")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(decisions, [decision], "technology/{id}");
        assert_eq!(
            day_of(head, Kind::Technology, id, "since"),
            Some(since),
            "{id}"
        );
    }
    assert_eq!(
        text(head, Kind::Decision, "dbt-for-transformations", "status"),
        Some("accepted")
    );

    // Budgets: (planned, actual) per quarter, and the lines over plan by more than 10%.
    for (quarter, planned, actual, over) in [
        (
            "2025-Q3",
            3_357_000.0,
            3_359_000.0,
            "aws dr-backups recruiting",
        ),
        ("2025-Q4", 3_234_000.0, 3_237_000.0, "clickhouse-support"),
        ("2026-Q1", 3_287_000.0, 3_265_500.0, "llm-api"),
        ("2026-Q2", 3_644_000.0, 3_646_000.0, "eu-cell"),
        ("2026-Q3", 3_697_000.0, 3_686_500.0, "recruiting"),
        ("2026-Q4", 3_799_000.0, 0.0, ""),
    ] {
        let budget = head.get(Kind::Budget, quarter).unwrap();
        let (mut p, mut a, mut lines) = (0.0, 0.0, Vec::new());
        for entry in &budget.fields.table("line").unwrap().entries {
            let Value::Table(line) = &entry.value else {
                continue;
            };
            let (lp, la) = (line.number("planned").unwrap(), line.number("actual"));
            p += lp;
            a += la.unwrap_or(0.0);
            if la.is_some_and(|la| la > lp * 1.1) {
                lines.push(entry.key.as_str());
            }
        }
        assert_eq!((p, a), (planned, actual), "budget/{quarter}");
        assert_eq!(lines.join(" "), over, "budget/{quarter}");
    }

    // A record renamed with its content kept, and one deleted and re-created.
    let repo = Repository::open(&demo.path).unwrap();
    let tree = |id: Oid| repo.find_commit(id).unwrap().tree().unwrap();
    let blob = |id: Oid, path: &str| tree(id).get_path(Path::new(path)).ok().map(|e| e.id());
    let renamed = plans.windows(2).any(|pair| {
        let (before, after) = (pair[0].0, pair[1].0);
        blob(before, "roadmap/ai-query-assistant.toml").is_some()
            && blob(after, "roadmap/ai-query-assistant.toml").is_none()
            && blob(before, "roadmap/ai-query-assistant.toml")
                == blob(after, "roadmap/ask-northwind.toml")
    });
    assert!(
        renamed,
        "no commit renames ai-query-assistant to ask-northwind"
    );
    let ml: Vec<bool> = plans
        .iter()
        .map(|(id, _, _)| blob(*id, "team/hiring/ml-engineer.toml").is_some())
        .collect();
    let changes = ml.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!((ml[0], changes, *ml.last().unwrap()), (true, 2, true));
}

#[test]
fn cli_builds_then_reuses_the_demo() {
    let dir = TempDir::new().unwrap();
    let (stdout, stderr, code) = run(dir.path(), &["demo"]);
    assert_eq!(code, 0, "{stderr}");
    let path = dir.path().join("cto-plan-demo");
    // What was built goes to stderr; stdout is the latest review alone.
    assert!(
        stderr.starts_with("Built the demo plan of Northwind Analytics in "),
        "{stderr}"
    );
    assert!(
        stderr.contains("complete quarters: 2025-Q3 to 2026-Q3\n"),
        "{stderr}"
    );
    let next = format!(
        "next: cto-plan -C {} review --quarter 2026-Q3\n",
        path.canonicalize().unwrap().display()
    );
    assert!(stderr.ends_with(&next), "{stderr}");
    assert!(
        stdout.starts_with("# Northwind Analytics: quarterly review 2026-Q3\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n## Outlook for 2026-Q4\n"), "{stdout}");

    isolate_git_config();
    let repo = Repository::open(&path).unwrap();
    let head = repo.head().unwrap().target().unwrap();
    assert_eq!(repo.head().unwrap().shorthand().ok(), Some("main"));
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    assert!(repo.statuses(Some(&mut options)).unwrap().is_empty());
    let before = snapshot_tree(&path);

    let (review_again, again, code) = run(dir.path(), &["demo", "cto-plan-demo"]);
    assert_eq!(code, 0, "{again}");
    assert!(
        again.starts_with("Reused the demo built earlier in "),
        "{again}"
    );
    assert!(again.ends_with(&next), "{again}");
    assert_eq!(review_again, stdout, "the same review, byte for byte");
    assert_eq!(
        Repository::open(&path).unwrap().head().unwrap().target(),
        Some(head)
    );
    assert_eq!(snapshot_tree(&path), before);

    // The plan it leaves checks without errors on its last day.
    let (out, err, code) = crate::common::run_at(&path, "2026-10-20", &["check"]);
    assert!(code == 0 || code == 1, "{out}{err}");
    assert!(
        !out.contains("error[") && !err.contains("error["),
        "{out}{err}"
    );
}

#[test]
fn cli_refuses_a_folder_holding_other_files() {
    let dir = TempDir::new().unwrap();
    crate::common::write(dir.path(), "mine/notes.txt", "keep me\n");
    let before = snapshot_tree(dir.path());
    let (stdout, stderr, code) = run(dir.path(), &["demo", "mine"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("mine: is not empty, and is not a demo built earlier"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: name an empty or new folder"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn cli_refuses_a_demo_with_commits_of_its_own() {
    let (dir, demo) = built();
    let repo = Repository::open(&demo.path).unwrap();
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    let parent = repo.head().unwrap().peel_to_commit().unwrap();
    let signature = crate::common::signature();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        "Mine now",
        &tree,
        &[&parent],
    )
    .unwrap();
    assert_eq!(demo::open(&demo.path).unwrap(), None);
    let (_, stderr, code) = run(dir.path(), &["demo", "demo"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is not a demo built earlier"), "{stderr}");
}

#[test]
fn open_finds_nothing_where_there_is_no_demo() {
    let dir = TempDir::new().unwrap();
    assert_eq!(demo::open(&dir.path().join("missing")).unwrap(), None);
    assert_eq!(demo::open(dir.path()).unwrap(), None);
    let git = crate::common::GitPlan::new("");
    assert_eq!(demo::open(git.root()).unwrap(), None);
}

/// Regression: the review panicked on every quarter but the latest (a
/// timeline bar whose `start` lay after the quarter).
#[test]
fn every_quarter_of_the_demo_reviews_in_every_format() {
    let dir = TempDir::new().unwrap();
    let (_, stderr, code) = run(dir.path(), &["demo", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let path = dir.path().join("cto-plan-demo");
    for quarter in [
        "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1",
    ] {
        for format in ["markdown", "json", "text"] {
            let (out, err, code) = crate::common::run_at(
                &path,
                "2026-10-20",
                &["review", "--quarter", quarter, "--format", format],
            );
            assert_eq!(
                code, 0,
                "review --quarter {quarter} --format {format}: {err}"
            );
            assert!(!out.is_empty());
        }
    }
}

/// The README shows the start of the demo's review: it must be what `demo`
/// prints, commit ids included, so that it cannot drift.
#[test]
fn the_readme_shows_what_the_demo_prints() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("```markdown\n")
        .expect("README shows the review in a markdown block")
        + "```markdown\n".len();
    let excerpt = &readme[start..start + readme[start..].find("```\n").unwrap()];
    let dir = TempDir::new().unwrap();
    let (review, stderr, code) = run(dir.path(), &["demo"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        review.starts_with(excerpt),
        "README.md's excerpt differs from what `cto-plan demo` prints; update it:\n{}",
        review
            .lines()
            .take(excerpt.lines().count())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
