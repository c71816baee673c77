//! Two edits of one file at once either both land or one is refused,
//! naming the file: an update is never lost.

use cto_plan::edit::{Assignment, Session, Target};
use cto_plan::model::Kind;
use cto_plan::store::Layout;
use jiff::civil::date;

use super::*;

#[test]
fn a_file_changed_since_the_session_read_it_is_not_overwritten() {
    let (_dir, plan) = plain_plan();
    let layout = Layout::at(&plan).unwrap();
    let mut session = Session::open(&layout).unwrap();
    let target = Target::from(session.plan().get(Kind::Initiative, "search-v2").unwrap());
    session
        .apply(
            &target,
            &Assignment::set("priority", "p2"),
            date(2026, 11, 27),
        )
        .unwrap();
    assert!(!session.review(date(2026, 11, 27)).blocks());
    // Another process writes the file meanwhile.
    let theirs = read(&plan, "roadmap/search-v2.toml").replace("Search v2", "Search v3");
    std::fs::write(plan.join("roadmap/search-v2.toml"), &theirs).unwrap();

    let error = session.write().unwrap_err().to_string();
    assert!(
        error.starts_with("roadmap/search-v2.toml: changed on disk while this command ran"),
        "{error}"
    );
    assert_eq!(
        read(&plan, "roadmap/search-v2.toml"),
        theirs,
        "their update stays"
    );
    assert_eq!(
        names_in(&plan.join("roadmap")),
        ["billing.toml", "search-v2.toml"],
        "no temporary file is left"
    );
}

/// How many `set` runs race on one file, and how many times.
const WRITERS: usize = 12;
const ROUNDS: usize = 4;

#[test]
fn concurrent_sets_of_one_file_never_lose_an_update() {
    let home = empty_home();
    let binary = assert_cmd::cargo::cargo_bin("cto-plan");
    for round in 0..ROUNDS {
        let (_dir, plan) = plain_plan();
        let children: Vec<_> = (0..WRITERS)
            .map(|n| {
                Command::new(&binary)
                    .env_clear()
                    .env("CTO_PLAN_TODAY", TODAY)
                    .env("HOME", home.path())
                    .args(["--color", "never", "-C"])
                    .arg(&plan)
                    .args(["set", "search-v2", &format!("custom.field{n}=value{n}")])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut landed = Vec::new();
        for (n, child) in children.into_iter().enumerate() {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => landed.push(n),
                Some(2) => assert!(
                    stderr.contains(
                        "error: roadmap/search-v2.toml: changed on disk while this command ran"
                    ) && stderr.contains("hint: run the command again"),
                    "round {round}, writer {n}: {stderr}"
                ),
                code => panic!("round {round}, writer {n} exited {code:?}: {stderr}"),
            }
        }
        assert!(!landed.is_empty(), "round {round}: some write lands");
        let text = read(&plan, "roadmap/search-v2.toml");
        let record: toml::Table = text.parse().unwrap();
        for n in &landed {
            assert_eq!(
                record["custom"]
                    .get(format!("field{n}"))
                    .and_then(|v| v.as_str()),
                Some(format!("value{n}").as_str()),
                "round {round}: writer {n} exited 0, so its update is in the file:\n{text}"
            );
        }
        assert_eq!(
            names_in(&plan.join("roadmap")),
            ["billing.toml", "search-v2.toml"],
            "round {round}: no temporary file is left"
        );
    }
}

#[test]
fn an_edit_of_two_files_writes_neither_when_one_changed_meanwhile() {
    let (_dir, plan) = plain_plan();
    common::write(
        &plan,
        "decisions/use-kafka.toml",
        "title = \"Use Kafka\"\nstatus = \"accepted\"\nproposed = 2026-11-01\ndecided = 2026-11-02\ncontext = \"Events.\"\ndecision = \"Kafka.\"\n",
    );
    let layout = Layout::at(&plan).unwrap();
    let mut session = Session::open(&layout).unwrap();
    let old = Target::from(session.plan().get(Kind::Decision, "use-postgres").unwrap());
    let new = Target::from(session.plan().get(Kind::Decision, "use-kafka").unwrap());
    let today = date(2026, 11, 27);
    session
        .apply(&old, &Assignment::set("status", "superseded"), today)
        .unwrap();
    session
        .apply(&new, &Assignment::add("supersedes", "use-postgres"), today)
        .unwrap();
    assert!(!session.review(today).blocks());
    // The second file (in write order) changes meanwhile.
    let theirs = read(&plan, "decisions/use-postgres.toml").replace("Postgres.", "Postgres 17.");
    std::fs::write(plan.join("decisions/use-postgres.toml"), &theirs).unwrap();
    let before = common::snapshot_tree(&plan);

    let error = session.write().unwrap_err().to_string();
    assert!(
        error.starts_with("decisions/use-postgres.toml: changed on disk while this command ran")
            && error.contains("so nothing was written"),
        "{error}"
    );
    assert_eq!(
        common::snapshot_tree(&plan),
        before,
        "neither file is written"
    );
}
