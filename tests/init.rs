//! `cto-plan init`: a new plan, with or without the example organisation,
//! has no errors (and warns only about the capacity story it tells), and init
//! never overwrites anything.

use tempfile::TempDir;

use crate::common::{self, run_at, snapshot_tree, write};

const DATES: &[&str] = &["2026-11-27", "2027-01-01", "2027-03-31", "2028-06-15"];

/// `init --example plan` in a fresh folder on `today`; returns the folder.
fn init_example(today: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let (stdout, stderr, code) = run_at(dir.path(), today, &["init", "--example", "plan"]);
    assert_eq!(code, 0, "init on {today}: {stdout}{stderr}");
    assert!(stdout.starts_with("Created plan 'plan' in "), "{stdout}");
    dir
}

/// The quarter `offset` quarters after the one holding `today` (a calendar
/// fiscal year, as the example's).
fn quarter_after(today: &str, offset: i32) -> String {
    let year: i32 = today[..4].parse().unwrap();
    let month: i32 = today[5..7].parse().unwrap();
    let index = year * 4 + (month - 1) / 3 + offset;
    format!("{}-Q{}", index / 4, index % 4 + 1)
}

/// The example plan has no errors whatever the day, and warns only about
/// the capacity story it is written to tell (issue 11): the data team is
/// over capacity next quarter, and query engine v2 needs a skill one person
/// has. The hire it plans brings the team under capacity the quarter after.
fn example_tells_its_capacity_story_on(today: &str) {
    let dir = init_example(today);
    let plan = dir.path().join("plan");
    let (stdout, stderr, code) = run_at(&plan, today, &["check", "--format", "json"]);
    assert!(code <= 1, "check on {today}: {stdout}{stderr}");
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let next = quarter_after(today, 1);
    let mut codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    codes.dedup();
    assert_eq!(
        codes,
        ["key-person", "over-capacity"],
        "on {today}: {findings:#?}"
    );
    assert!(findings.iter().all(|f| f["severity"] == "warning"));
    let over: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "over-capacity")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert!(
        over[0].starts_with("team/data is at ") && over[0].contains(&next),
        "{over:?}"
    );
    assert!(
        findings
            .iter()
            .filter(|f| f["code"] == "key-person")
            .all(|f| f["message"]
                .as_str()
                .unwrap()
                .contains("needs query planning"))
    );
    let after = quarter_after(today, 2);
    let capacity = crate::common::json_in(
        &plan,
        today,
        &[
            "capacity", "--from", &next, "--to", &after, "--team", "data", "--format", "json",
        ],
    );
    let load = |q: usize| {
        capacity["quarters"][q]["teams"][0]["figures"]["load"]
            .as_f64()
            .unwrap()
    };
    assert!(load(0) > 1.0 && load(1) <= 1.0, "on {today}: {capacity:#}");

    let (stdout, stderr, code) = run_at(&plan, today, &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("warnings in "), "{stdout}");
    let records: usize = stdout
        .rsplit("warnings in ")
        .next()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        records >= 40,
        "the example is an organisation of 40: {stdout}"
    );
    // Every kind of record is there.
    let (stdout, _, code) = run_at(&plan, today, &["list", "--format", "json"]);
    assert_eq!(code, 0);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    for kind in [
        "initiative",
        "objective",
        "decision",
        "risk",
        "team",
        "person",
        "role",
        "budget",
        "technology",
    ] {
        assert!(
            listed.iter().any(|r| r["kind"] == kind),
            "the example made on {today} has no {kind}"
        );
    }
}

#[test]
fn example_tells_its_capacity_story_on_2026_11_27() {
    example_tells_its_capacity_story_on(DATES[0]);
}

#[test]
fn example_tells_its_capacity_story_on_2027_01_01() {
    example_tells_its_capacity_story_on(DATES[1]);
}

#[test]
fn example_tells_its_capacity_story_on_2027_03_31() {
    example_tells_its_capacity_story_on(DATES[2]);
}

#[test]
fn example_tells_its_capacity_story_on_2028_06_15() {
    example_tells_its_capacity_story_on(DATES[3]);
}

#[test]
fn example_budgets_are_named_by_quarters_around_today() {
    let dir = init_example("2026-11-27");
    let budget = dir.path().join("plan/budget");
    let mut names: Vec<String> = std::fs::read_dir(&budget)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in &names {
        assert!(
            name.starts_with("2026-Q") || name.starts_with("2027-Q") || name.starts_with("2025-Q"),
            "{names:?}"
        );
    }
    assert!(names.contains(&"2026-Q4.toml".to_owned()), "{names:?}");
}

#[test]
fn example_has_no_template_syntax_left() {
    let dir = init_example("2026-11-27");
    for (path, bytes) in snapshot_tree(&dir.path().join("plan")) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains("{{") && !text.contains("{%"),
            "{} still holds template syntax",
            path.display()
        );
    }
}

#[test]
fn plain_init_checks_clean() {
    let dir = TempDir::new().unwrap();
    let (stdout, stderr, code) = common::run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (stdout, stderr, code) = common::run(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "no problems in 0 records\n");
    // The layout is there, with markers that git keeps.
    for folder in [
        "roadmap",
        "team/people",
        "team/teams",
        "team/hiring",
        "decisions",
        "risks",
        "budget",
        "objectives",
    ] {
        assert!(
            dir.path().join(folder).join(".gitkeep").is_file(),
            "no {folder}/.gitkeep"
        );
    }
    assert!(dir.path().join(".taplo.toml").is_file());
    assert!(
        dir.path()
            .join(".cto-plan/schema/cto-plan.schema.json")
            .is_file()
    );
}

#[test]
fn init_uses_the_folder_name_name_and_currency() {
    let dir = TempDir::new().unwrap();
    let (_, _, code) = common::run(dir.path(), &["init", "acme-eng"]);
    assert_eq!(code, 0);
    let config = std::fs::read_to_string(dir.path().join("acme-eng/cto-plan.toml")).unwrap();
    assert!(config.contains("name = \"acme-eng\""), "{config}");
    assert!(config.contains("currency = \"USD\""), "{config}");

    let (_, _, code) = common::run(
        dir.path(),
        &["init", "other", "--name", "Other Co", "--currency", "eur"],
    );
    assert_eq!(code, 0);
    let config = std::fs::read_to_string(dir.path().join("other/cto-plan.toml")).unwrap();
    assert!(config.contains("name = \"Other Co\""), "{config}");
    assert!(config.contains("currency = \"EUR\""), "{config}");
    let (_, _, code) = common::run(&dir.path().join("other"), &["check"]);
    assert_eq!(code, 0);
}

#[test]
fn init_refuses_a_bad_currency() {
    let dir = TempDir::new().unwrap();
    let (_, stderr, code) = common::run(dir.path(), &["init", "x", "--currency", "dollars"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ISO 4217"), "{stderr}");
    assert!(!dir.path().join("x/cto-plan.toml").exists());
}

#[test]
fn second_init_exits_2_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let (_, _, code) = common::run(dir.path(), &["init", "plan"]);
    assert_eq!(code, 0);
    let plan = dir.path().join("plan");
    // Edit files the first init wrote, so that a rewrite would show.
    write(&plan, "cto-plan.toml", "[plan]\nname = \"Edited\"\n");
    write(&plan, ".taplo.toml", "# mine\n");
    write(
        &plan,
        "roadmap/mine.toml",
        "title = \"Mine\"\nstatus = \"proposed\"\n",
    );
    let before = snapshot_tree(&plan);
    for args in [
        &["init", "plan"][..],
        &["init", "plan", "--example"],
        &["init", "plan", "--name", "Other"],
    ] {
        let (stdout, stderr, code) = common::run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains("exists already"), "{stderr}");
        assert!(stderr.contains("nothing was overwritten"), "{stderr}");
        assert_eq!(snapshot_tree(&plan), before, "{args:?} changed files");
    }
}

#[test]
fn second_example_init_exits_2_and_changes_nothing() {
    let dir = init_example("2026-11-27");
    let plan = dir.path().join("plan");
    let before = snapshot_tree(&plan);
    let (_, stderr, code) = run_at(dir.path(), "2027-06-01", &["init", "--example", "plan"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(snapshot_tree(&plan), before);
}

#[test]
fn init_keeps_existing_files_in_a_folder_without_a_config() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), ".taplo.toml", "# my own settings\n");
    write(dir.path(), "roadmap/.gitkeep", "keep me\n");
    let (stdout, stderr, code) = common::run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("kept existing"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".taplo.toml")).unwrap(),
        "# my own settings\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("roadmap/.gitkeep")).unwrap(),
        "keep me\n"
    );
    assert!(dir.path().join("cto-plan.toml").is_file());
}

#[test]
fn init_leaves_no_temporary_files() {
    let dir = init_example("2026-11-27");
    for (path, _) in snapshot_tree(dir.path()) {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(!name.ends_with(".tmp"), "{}", path.display());
    }
}

#[test]
fn schemas_written_by_init_match_the_schema_command() {
    let dir = TempDir::new().unwrap();
    let (_, _, code) = common::run(dir.path(), &["init"]);
    assert_eq!(code, 0);
    let before = snapshot_tree(dir.path());
    let (stdout, stderr, code) = common::run(dir.path(), &["schema", "--out", ".cto-plan/schema"]);
    assert_eq!(code, 0, "{stderr}");
    // One schema per kind, and one for cto-plan.toml.
    assert_eq!(
        stdout.lines().count(),
        cto_plan::model::Kind::ALL.len() + 1,
        "{stdout}"
    );
    assert_eq!(
        snapshot_tree(dir.path()),
        before,
        "regenerating changes nothing"
    );
    let (stdout, _, code) = common::run(dir.path(), &["schema", "person"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(schema["required"], serde_json::json!(["name", "role"]));
    assert_eq!(schema["additionalProperties"], false);
}

#[test]
fn init_writes_any_name_as_valid_toml() {
    let dir = tempfile::TempDir::new().unwrap();
    let name = "Acme \"Labs\" \\ R&D";
    let (_, stderr, code) = common::run(dir.path(), &["init", "plan", "--name", name]);
    assert_eq!(code, 0, "{stderr}");
    let (stdout, stderr, code) = common::run(&dir.path().join("plan"), &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(dir.path().join("plan/cto-plan.toml")).unwrap())
            .unwrap();
    assert_eq!(config["plan"]["name"].as_str(), Some(name));
}
