//! The quarterly review carries capacity: the outlook shows each team's
//! load in the next quarter and the key-person risks of its work; the team
//! section shows the quarter's supply against the work committed to it.
//!
//! With [`super::SETTINGS`] (focus 0.5, one week of leave), in 2027-Q1
//! (90 days, 12.86 weeks) each of the two data engineers gives
//! (12.86 − 1) × 0.5 = 5.93 engineer-weeks: 11.86 for the team, against the
//! 1 × 3 committed for the quarter (25.3%). In 2027-Q2 (13 weeks) they give
//! 12, against 6 + 12 = 18 of planned work (150%).

use crate::common::markdown::assert_review_inert;
use crate::common::{ALICE, GitPlan, json_in, ok_in};

use super::{SETTINGS, TODAY};

fn history() -> GitPlan {
    let git = GitPlan::empty("");
    git.write_all(&[
        ("cto-plan.toml", SETTINGS),
        ("team/teams/data.toml", "name = \"Data\"\n"),
        (
            "team/people/alice.toml",
            "name = \"Alice\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"Kafka\", \"SQL\"]\n",
        ),
        (
            "team/people/bob.toml",
            "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"SQL\"]\n",
        ),
        (
            "roadmap/ingest.toml",
            "title = \"Ingest\"\nstatus = \"active\"\nteam = \"data\"\nquarter = \"2027-Q1\"\n\
             estimate = { engineers = 1, weeks = 3 }\n",
        ),
        (
            "roadmap/lake.toml",
            "title = \"Lake\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
             estimate = { engineers = 1, weeks = 6 }\nskills = [\"SQL\"]\n",
        ),
    ]);
    git.commit_as(ALICE, "2026-12-15T10:00:00+00:00", "The plan");
    git.write(
        "roadmap/streaming.toml",
        "title = \"Streaming\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 2, weeks = 6 }\nskills = [\"Kafka\"]\n",
    );
    git.commit_as(
        ALICE,
        "2027-02-01T10:00:00+00:00",
        "Plan streaming for 2027-Q2",
    );
    git
}

#[test]
fn the_outlook_shows_next_quarters_loads_and_key_people() {
    let git = history();
    let review = json_in(
        git.path(),
        TODAY,
        &["review", "--quarter", "2027-Q1", "--format", "json"],
    );
    assert_eq!(
        review["outlook"]["capacity"],
        serde_json::json!([{
            "team": "team/data", "name": "Data", "depth": 0,
            "supply": 12.0, "demand": 18.0, "load": 1.5, "over": true,
        }])
    );
    assert_eq!(
        review["outlook"]["key_person"],
        serde_json::json!([{
            "skill": "Kafka", "person": "person/alice", "person_name": "Alice",
            "needed_by": ["initiative/streaming"],
        }])
    );
    assert_eq!(
        review["team"]["capacity"],
        serde_json::json!([{
            "team": "team/data", "name": "Data", "depth": 0,
            "supply": 11.9, "demand": 3.0, "load": 0.253, "over": false,
        }])
    );

    let md = ok_in(
        git.path(),
        TODAY,
        &["review", "--quarter", "2027-Q1", "--format", "markdown"],
    );
    assert!(
        md.contains("- **Data** (team/data): 150% (18 of 12), **over capacity**"),
        "{md}"
    );
    assert!(
        md.contains(
            "- **Kafka**: only Alice (person/alice) has it; needed by initiative/streaming"
        ),
        "{md}"
    );
    assert!(md.contains("| Data | 11.9 | 3 | 25% |"), "{md}");
    assert_review_inert(&md);

    let text = ok_in(
        git.path(),
        TODAY,
        &["review", "--quarter", "2027-Q1", "--format", "text"],
    );
    assert!(
        text.contains("load       team/data 150% (18 of 12 engineer-weeks)  OVER CAPACITY"),
        "{text}"
    );
    assert!(
        text.contains(
            "key person Kafka: only Alice (person/alice), needed by initiative/streaming"
        ),
        "{text}"
    );
}
