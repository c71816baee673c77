//! The technology radar end to end: the kind in check, list, show, new, set,
//! schema and completions; its moves in diff, log and blame; `cto-plan radar`
//! with and without `--since`; and the review's radar section.
//!
//! One scripted history serves the history tests: Kafka enters the radar in
//! assess in Q1, moves to trial and then (through a pull request with its
//! decision) to adopt in Q2, while statsd goes off the radar in Q2.

use crate::common::repo::{ALICE, BOB, GitPlan, short};
use crate::common::{json_in, ok_in, plan, run, run_in, write};

const TODAY: &str = "2026-11-27";

const DECISION: &str = r#"title = "Ingest events through Kafka"
status = "accepted"
proposed = 2026-04-01
decided = 2026-04-20
context = "Batch loads are too slow."
decision = "Kafka."
"#;

/// A quadrant of `cto-plan radar --format json`, by name.
fn quadrant<'j>(json: &'j serde_json::Value, name: &str) -> &'j serde_json::Value {
    json["quadrants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == name)
        .unwrap_or_else(|| panic!("no quadrant {name}"))
}

fn technology(name: &str, quadrant: &str, ring: &str) -> String {
    format!("name = \"{name}\"\nquadrant = \"{quadrant}\"\nring = \"{ring}\"\n")
}

/// The scripted radar history, with the commit ids of its steps.
struct Radar {
    git: GitPlan,
    entered: git2::Oid,
    trial: git2::Oid,
    adopted: git2::Oid,
}

fn history() -> Radar {
    let git = GitPlan::with(&[
        (
            "radar/statsd.toml",
            "name = \"statsd\"\nquadrant = \"tools\"\nring = \"hold\"\ndecisions = [\"kafka\"]\n",
        ),
        ("decisions/kafka.toml", DECISION),
    ]);
    git.write(
        "radar/kafka.toml",
        &technology("Kafka", "platforms", "assess"),
    );
    let entered = git.commit_as(ALICE, "2026-02-10T10:00:00+01:00", "Kafka on the radar");
    git.edit("radar/kafka.toml", &[("ring", Some("\"trial\""))]);
    let trial = git.commit_as(
        BOB,
        "2026-04-02T09:00:00-05:00",
        "Trial Kafka for ingestion",
    );
    git.edit(
        "radar/kafka.toml",
        &[
            ("ring", Some("\"adopt\"")),
            ("decisions", Some("[\"kafka\"]")),
            ("since", Some("2026-05-04")),
        ],
    );
    git.remove("radar/statsd.toml");
    let adopted = git.commit_as(
        ALICE,
        "2026-05-04T15:00:00+01:00",
        "Adopt Kafka, retire statsd (#12)",
    );
    Radar {
        git,
        entered,
        trial,
        adopted,
    }
}

#[test]
fn check_knows_quadrants_rings_and_the_decision_warning() {
    let dir = plan();
    write(
        dir.path(),
        "radar/kafka.toml",
        &technology("Kafka", "platforms", "adopt"),
    );
    write(
        dir.path(),
        "radar/go.toml",
        &technology("Go", "languages", "asses"),
    );
    let (stdout, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(
            "warning[radar-decision]: technology/kafka has ring \"adopt\" but no `decisions`"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("error[invalid-value]: `quadrant` cannot be \"languages\""),
        "{stdout}"
    );
    assert!(stdout.contains("did you mean \"assess\"?"), "{stdout}");
}

#[test]
fn the_plan_may_rename_quadrants_and_choose_the_rings_that_need_a_decision() {
    let dir = plan();
    write(
        dir.path(),
        "cto-plan.toml",
        "[plan]\nname = \"Acme\"\n\n[radar]\nquadrants = [\"practices\", \"languages\"]\ndecision_rings = []\n",
    );
    write(
        dir.path(),
        "radar/go.toml",
        &technology("Go", "languages", "adopt"),
    );
    let (stdout, stderr, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stdout.contains("radar-decision"), "{stdout}");
    write(
        dir.path(),
        "radar/go.toml",
        &technology("Go", "platforms", "adopt"),
    );
    let (stdout, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("expected \"practices\" or \"languages\""),
        "{stdout}"
    );
}

#[test]
fn replaces_must_not_form_a_cycle() {
    let dir = plan();
    write(
        dir.path(),
        "radar/a.toml",
        &(technology("A", "tools", "trial") + "replaces = [\"b\"]\n"),
    );
    write(
        dir.path(),
        "radar/b.toml",
        &(technology("B", "tools", "trial") + "replaces = [\"a\"]\n"),
    );
    let (stdout, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("technologies replace each other in a circle"),
        "{stdout}"
    );
}

#[test]
fn list_show_new_set_and_schema_work_for_technologies() {
    let dir = plan();
    let (stdout, stderr, code) = run(
        dir.path(),
        &["new", "technology", "--title", "Temporal workflows"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("radar/temporal-workflows.toml"), "{stdout}");
    let (_, stderr, code) = run(
        dir.path(),
        &[
            "set",
            "temporal-workflows",
            "ring=trial",
            "quadrant=platforms",
            "owner=alice",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let (stdout, _, _) = run(dir.path(), &["list", "technologies"]);
    assert_eq!(
        stdout,
        "RECORD                         TITLE               QUADRANT   RING   OWNER\n\
         technology/temporal-workflows  Temporal workflows  platforms  trial  alice\n"
    );
    let (stdout, _, _) = run(dir.path(), &["show", "temporal-workflows"]);
    assert!(stdout.contains("ring      trial"), "{stdout}");
    let (_, stderr, code) = run(dir.path(), &["set", "temporal-workflows", "ring=adopted"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("adopt"), "{stderr}");
    let (stdout, _, code) = run(dir.path(), &["schema", "technology"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        schema["properties"]["ring"]["enum"],
        serde_json::json!(["adopt", "trial", "assess", "hold"])
    );
    assert_eq!(
        schema["required"],
        serde_json::json!(["name", "quadrant", "ring"])
    );
}

#[test]
fn completions_offer_the_radar_command_and_the_kind() {
    let dir = plan();
    let (stdout, _, code) = run(dir.path(), &["completions", "fish"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("-a \"radar\""),
        "no radar command in fish completions"
    );
    assert!(
        stdout.contains("technology"),
        "no technology kind in fish completions"
    );
}

#[test]
fn diff_speaks_radar() {
    let radar = history();
    let dir = radar.git.path();
    let text = ok_in(
        dir,
        TODAY,
        &[
            "diff",
            &radar.entered.to_string(),
            &radar.adopted.to_string(),
        ],
    );
    assert!(text.contains("ring: assess → adopt"), "{text}");
    assert!(text.contains("off the radar (was hold)"), "{text}");
    let first = ok_in(
        dir,
        TODAY,
        &[
            "diff",
            &format!("{}~1", radar.entered),
            &radar.entered.to_string(),
        ],
    );
    assert!(first.contains("new on the radar in assess"), "{first}");
    let json = json_in(
        dir,
        TODAY,
        &[
            "diff",
            &radar.trial.to_string(),
            &radar.adopted.to_string(),
            "--format",
            "json",
        ],
    );
    let kafka = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "kafka")
        .unwrap();
    let ring = kafka["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "ring")
        .unwrap();
    assert_eq!(
        ring["fact"],
        serde_json::json!({"type": "repositioned", "field": "ring", "from": "trial", "to": "adopt"})
    );
    assert_eq!(ring["meaning"], "moved trial → adopt");
}

#[test]
fn log_and_blame_cite_each_move() {
    let radar = history();
    let dir = radar.git.path();
    let log = ok_in(dir, TODAY, &["log", "technology/kafka"]);
    for (id, move_) in [
        (radar.adopted, "trial → adopt"),
        (radar.trial, "assess → trial"),
    ] {
        assert!(log.contains(&short(id)), "{log}");
        assert!(log.contains(move_), "{log}");
    }
    let blame = ok_in(dir, TODAY, &["blame", "technology/kafka"]);
    let ring = blame.lines().find(|l| l.contains("ring")).unwrap();
    assert!(ring.contains(&short(radar.adopted)), "{blame}");
}

#[test]
fn radar_since_lists_what_is_new_what_moved_and_what_left_with_commits() {
    let radar = history();
    let dir = radar.git.path();
    let json = json_in(
        dir,
        TODAY,
        &[
            "radar",
            "--since",
            &radar.entered.to_string(),
            "--format",
            "json",
        ],
    );
    let since = &json["since"];
    assert_eq!(
        (since["new"].as_u64(), since["moved"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(since["off"][0]["technology"], "statsd");
    assert_eq!(since["off"][0]["commit"]["commit"], short(radar.adopted));
    assert_eq!(since["off"][0]["commit"]["pull_request"], 12);
    let platforms = quadrant(&json, "platforms");
    let adopt = &platforms["rings"][0];
    assert_eq!(adopt["name"], "adopt");
    let kafka = &adopt["technologies"][0];
    assert_eq!(kafka["change"]["type"], "moved");
    assert_eq!(
        (
            kafka["change"]["from"].as_str(),
            kafka["change"]["to"].as_str()
        ),
        (Some("assess"), Some("adopt"))
    );
    assert_eq!(
        kafka["change"]["decisions"],
        serde_json::json!(["decision/kafka"])
    );
    assert_eq!(kafka["change"]["commit"]["commit"], short(radar.adopted));

    // Since the first day of Q1 (before Kafka entered): it is new, not moved,
    // and cites the commit that put it on the radar.
    let text = ok_in(dir, TODAY, &["radar", "--since", "2026-01-15"]);
    assert!(text.contains("1 new, 0 moved, 1 off the radar"), "{text}");
    assert!(
        text.contains(&format!(
            "[new on the radar in adopt · {} · decision/kafka]",
            short(radar.entered)
        )),
        "{text}"
    );
}

#[test]
fn radar_markdown_keeps_hostile_names_inert() {
    let dir = plan();
    write(
        dir.path(),
        "radar/evil.toml",
        &technology(
            "<img src=x onerror=alert(1)> @everyone [x](javascript:alert(1)) | #1",
            "tools",
            "assess",
        ),
    );
    let (stdout, _, code) = run(dir.path(), &["radar", "--format", "markdown"]);
    assert_eq!(code, 0);
    crate::common::markdown::assert_diff_inert(&stdout);
    assert!(!stdout.contains("<img"), "{stdout}");
    // The mention is a code span, which GitHub does not read.
    assert!(stdout.contains("`@everyone`"), "{stdout}");
}

#[test]
fn the_review_lists_the_quarters_radar_moves() {
    let radar = history();
    let dir = radar.git.path();
    let json = json_in(
        dir,
        TODAY,
        &["review", "--quarter", "2026-Q2", "--format", "json"],
    );
    let moves = json["radar"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = moves
        .iter()
        .map(|m| {
            (
                m["technology"].as_str().unwrap(),
                m["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [("kafka", "moved"), ("kafka", "moved"), ("statsd", "off")]
    );
    // The move to trial did not touch `decisions`: it cites none, rather
    // than the reasons of the later move to adopt.
    assert_eq!(moves[0]["decisions"], serde_json::json!([]));
    assert_eq!(moves[1]["decisions"], serde_json::json!(["decision/kafka"]));
    assert_eq!(moves[1]["commit"]["commit"], short(radar.adopted));
    let md = ok_in(dir, TODAY, &["review", "--quarter", "2026-Q2"]);
    assert!(md.contains("## Technology radar"), "{md}");
    assert!(
        md.contains(&format!(
            "- **Kafka** (technology/kafka): moved trial → adopt, decision/kafka · `{}` (#12)",
            short(radar.adopted)
        )),
        "{md}"
    );
    let (q1, _, _) = run_in(
        dir,
        TODAY,
        &["review", "--quarter", "2026-Q1", "--format", "text"],
    );
    assert!(q1.contains("RADAR"), "{q1}");
    assert!(
        q1.contains(&format!(
            "new  technology/kafka  assess  {}",
            short(radar.entered)
        )),
        "{q1}"
    );
}

#[test]
fn an_empty_decisions_list_links_no_decision() {
    let dir = plan();
    write(
        dir.path(),
        "radar/kafka.toml",
        &(technology("Kafka", "platforms", "adopt") + "decisions = []\n"),
    );
    let (stdout, _, _) = run(dir.path(), &["check"]);
    assert!(stdout.contains("warning[radar-decision]"), "{stdout}");
}

#[test]
fn radar_settings_are_checked() {
    let dir = plan();
    write(
        dir.path(),
        "cto-plan.toml",
        "[plan]\nname = \"Acme\"\n\n[radar]\nquadrants = [\"build\", \"run\", \"build\"]\ndecision_rings = [\"adpot\"]\n",
    );
    let (stdout, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("`radar.quadrants` names \"build\" twice"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`radar.decision_rings`: \"adpot\" is not a ring of a technology"),
        "{stdout}"
    );
    write(
        dir.path(),
        "cto-plan.toml",
        "[plan]\nname = \"Acme\"\n\n[radar]\nquadrants = []\n",
    );
    let (stdout, _, _) = run(dir.path(), &["check"]);
    assert!(
        stdout.contains("`radar.quadrants` names no quadrant"),
        "{stdout}"
    );
}

#[test]
fn new_technology_takes_the_plans_own_first_quadrant() {
    let dir = plan();
    write(
        dir.path(),
        "cto-plan.toml",
        "[plan]\nname = \"Acme\"\n\n[radar]\nquadrants = [\"build\", \"run\"]\n",
    );
    let (_, stderr, code) = run(dir.path(), &["new", "technology", "--title", "Zig"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("radar/zig.toml")).unwrap();
    assert!(text.contains("quadrant = \"build\""), "{text}");
}

#[test]
fn a_renamed_technology_is_the_same_technology_since() {
    let radar = history();
    let dir = radar.git.path();
    radar
        .git
        .rename("radar/kafka.toml", "radar/apache-kafka.toml");
    radar
        .git
        .edit("radar/apache-kafka.toml", &[("ring", Some("\"hold\""))]);
    radar.git.commit_as(
        BOB,
        "2026-06-01T10:00:00+01:00",
        "Kafka on hold, under its full name",
    );
    let text = ok_in(
        dir,
        TODAY,
        &["radar", "--since", &radar.adopted.to_string()],
    );
    assert!(text.contains("0 new, 1 moved, 0 off the radar"), "{text}");
    assert!(
        text.contains("technology/apache-kafka  [moved adopt → hold"),
        "{text}"
    );
}

#[test]
fn radar_since_a_later_point_is_refused() {
    let radar = history();
    let dir = radar.git.path();
    let (_, stderr, code) = run_in(
        dir,
        TODAY,
        &[
            "radar",
            "--rev",
            &radar.entered.to_string(),
            "--since",
            &radar.adopted.to_string(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is not an ancestor of the plan shown"),
        "{stderr}"
    );
}

#[test]
fn a_new_entry_cites_the_commit_that_put_it_on_the_radar() {
    let radar = history();
    let dir = radar.git.path();
    let json = json_in(
        dir,
        TODAY,
        &["radar", "--since", "2026-01-15", "--format", "json"],
    );
    let platforms = quadrant(&json, "platforms");
    let kafka = &platforms["rings"][0]["technologies"][0];
    assert_eq!(kafka["change"]["type"], "new");
    assert_eq!(kafka["change"]["commit"]["commit"], short(radar.entered));
}

#[test]
fn list_status_on_a_kind_without_statuses_says_so() {
    let dir = plan();
    let (_, stderr, code) = run(dir.path(), &["list", "technology", "--status", "adopt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("technologies have no status"), "{stderr}");
}
