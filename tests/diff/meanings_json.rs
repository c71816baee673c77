//! The JSON format: every meaning of the fixture history as a fact, and the
//! counts of each meaning.

use super::Diff;
use super::fixture::fixture;

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
        "text": "4 added, 17 changed, 1 renamed, 2 removed · 1 slipped, 1 pulled in, 1 shipped, 2 regressions, 1 risk escalated, 2 decisions accepted, 1 decision rejected, 1 decision superseded, 1 role opened, 1 role filled, 1 joined, 2 left · budget +95,000 USD",
        "counts": {
          "added": 4,
          "changed": 17,
          "renamed": 1,
          "removed": 2,
          "slipped": 1,
          "pulled_in": 1,
          "shipped": 1,
          "cancelled": 0,
          "regressions": 2,
          "escalated": 1,
          "decisions_accepted": 2,
          "decisions_rejected": 1,
          "decisions_superseded": 1,
          "roles_opened": 1,
          "roles_filled": 1,
          "joined": 1,
          "left": 2,
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
