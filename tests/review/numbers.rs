//! The review's numbers, from `review --format json` on the scripted
//! quarter: roadmap, decisions, team, budget, risks, objectives and
//! activity, each with the commit that backs it; and the cases where a
//! record was renamed, superseded or cancelled in the quarter.

use serde_json::{Value, json};

use super::{bar, item, line_row, plain, q2, q2_markdown, row, slip};
use crate::common::ok_in;
use crate::common::quarter::{TODAY, fixture};

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

    let risk = |id: &str, title: &str, l: i64, i: i64, owner: &str, name: &str| {
        json!({
            "record": format!("risk/{id}"),
            "id": id,
            "title": title,
            "score": l * i,
            "likelihood": l,
            "impact": i,
            "status": "open",
            "owner": owner,
            "owner_name": name,
        })
    };
    let data_loss = risk(
        "data-loss",
        "Data loss in the migration",
        4,
        5,
        "bob",
        "Bob Stone",
    );

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
            { "team": "core", "name": "Core", "start": 3, "end": 2, "target": null, "depth": 0 },
            { "team": "data", "name": "Data", "start": 1, "end": 2, "target": 4, "depth": 0 },
            { "team": "growth", "name": "Growth", "start": 2, "end": 3, "target": null, "depth": 0 },
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
            "not_reported": { "lines": 0, "planned": 0.0 },
            "by_category": [
                row("headcount", 100000.0, 98000.0),
                row("infrastructure", 40000.0, 49500.0),
                row("tooling", 5000.0, 5400.0),
            ],
            "by_initiative": [row("search-v2", 10000.0, 12500.0)],
            // Each line names its category.
            "over_threshold": [
                line_row("cloud", "infrastructure", 30000.0, 37000.0),
                line_row("search-infra", "infrastructure", 10000.0, 12500.0),
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
                risk("vendor-lock", "Cloud vendor lock-in", 4, 4, "alice", "Alice Martin"),
                risk("thin-pipeline", "Hiring pipeline too thin", 3, 2, "carol", "Carol Sato"),
            ],
            "escalations": [
                item(&fx, "risk/data-loss", "Data loss in the migration", "C20", "score 10 → 20"),
            ],
            "eased": [],
            "net_changes": [{
                "record": "risk/data-loss",
                "id": "data-loss",
                "title": "Data loss in the migration",
                "from": 10,
                "to": 20,
                "net": 10,
            }],
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
                    "baseline": 400,
                    "target": 200,
                    "current": 300,
                    "progress": 0.5,
                    "source": fx.cite("C27"),
                },
                {
                    "key": "accounts",
                    "metric": "Accounts on the new search",
                    "unit": "accounts",
                    "baseline": null,
                    "target": 200,
                    "current": 150,
                    "progress": 0.75,
                    "source": fx.cite("C27"),
                },
                {
                    "key": "incidents",
                    "metric": "Sev-1 incidents",
                    "unit": null,
                    "baseline": null,
                    "target": 2,
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
            "people": [],
            // Nothing is estimated: no loads to show.
            "capacity": [],
            "key_person": [],
        })
    );

    // --- activity: C5 to C32 and the merge; not the README commit, not C4
    // (Q1 where it was made) nor C33 (Q3). The merge counts for the author
    // of its branch commit (Bob), not for Alice who merged it ---
    assert_eq!(
        r["activity"],
        json!({
            "commits": 29,
            "contributors": [
                { "name": "Bob Stone", "commits": 9 },
                { "name": "Alice Martin", "commits": 8 },
                { "name": "Carol Sato", "commits": 6 },
                { "name": "Dave Ruiz", "commits": 6 },
            ],
            "merged_by": [{ "name": "Alice Martin", "commits": 1 }],
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
            "baseline",
            "headline",
            "roadmap",
            "decisions",
            "team",
            "budget",
            "risks",
            "objectives",
            "radar",
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
