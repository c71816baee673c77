//! `cto-plan list` and `cto-plan show`.

use crate::common::records::person;
use crate::common::{plan, run, write};

/// The first column (`kind/id`) of a text listing, header left out.
fn listed(stdout: &str) -> Vec<String> {
    let mut lines = stdout.lines();
    let header = lines.next().unwrap_or_default();
    assert!(header.starts_with("RECORD"), "{stdout}");
    lines
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect()
}

fn list(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list"];
    all.extend_from_slice(args);
    let (stdout, stderr, code) = run(dir, &all);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    listed(&stdout)
}

#[test]
fn list_everything_in_kind_order() {
    let dir = plan();
    let (stdout, _, code) = run(dir.path(), &["list"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout, @r"
    RECORD                 TITLE                    STATUS    OWNER  QUARTER
    initiative/billing     Usage-based billing      planned   bob    2099-Q4
    initiative/search-v2   Search v2                active    alice  2099-Q4
    decision/use-postgres  Use Postgres for search  accepted
    team/core              Core                               alice
    person/alice           Alice Martin
    person/bob             Bob Stone
    ");
}

#[test]
fn list_by_kind() {
    let dir = plan();
    assert_eq!(
        list(dir.path(), &["person"]),
        ["person/alice", "person/bob"]
    );
    // Plurals and "people" name kinds too.
    assert_eq!(
        list(dir.path(), &["people"]),
        ["person/alice", "person/bob"]
    );
    assert_eq!(
        list(dir.path(), &["initiatives"]),
        ["initiative/billing", "initiative/search-v2"]
    );
    assert_eq!(list(dir.path(), &["decision"]), ["decision/use-postgres"]);
    let (stdout, _, code) = run(dir.path(), &["list", "risk"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "no records match\n");
}

#[test]
fn list_rejects_an_unknown_kind() {
    let dir = plan();
    let (_, stderr, code) = run(dir.path(), &["list", "widget"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown kind 'widget'"), "{stderr}");
}

#[test]
fn list_by_status() {
    let dir = plan();
    assert_eq!(
        list(dir.path(), &["--status", "active"]),
        ["initiative/search-v2"]
    );
    assert_eq!(
        list(dir.path(), &["--status", "accepted"]),
        ["decision/use-postgres"]
    );
    assert_eq!(
        list(dir.path(), &["initiative", "--status", "planned"]),
        ["initiative/billing"]
    );
    let (stdout, _, _) = run(dir.path(), &["list", "--status", "shipped"]);
    assert_eq!(stdout, "no records match\n");
}

#[test]
fn list_by_owner_includes_leads() {
    let dir = plan();
    assert_eq!(
        list(dir.path(), &["--owner", "alice"]),
        ["initiative/search-v2", "team/core"]
    );
    assert_eq!(
        list(dir.path(), &["--owner", "person/bob"]),
        ["initiative/billing"]
    );
    assert_eq!(
        list(dir.path(), &["initiative", "--owner", "alice"]),
        ["initiative/search-v2"]
    );
}

#[test]
fn list_by_tag_team_and_quarter() {
    let dir = plan();
    assert_eq!(
        list(dir.path(), &["--tag", "search"]),
        ["initiative/search-v2"]
    );
    assert_eq!(
        list(dir.path(), &["--tag", "billing"]),
        ["initiative/billing"]
    );
    // A tag that no other filter lets through matches nothing.
    let (stdout, _, _) = run(dir.path(), &["list", "person", "--tag", "search"]);
    assert_eq!(stdout, "no records match\n");
    assert_eq!(
        list(dir.path(), &["--team", "core"]),
        [
            "initiative/billing",
            "initiative/search-v2",
            "person/alice",
            "person/bob"
        ]
    );
    assert_eq!(
        list(dir.path(), &["--quarter", "2099-Q4"]),
        ["initiative/billing", "initiative/search-v2"]
    );
    // Filters combine.
    assert_eq!(
        list(
            dir.path(),
            &["--team", "core", "--tag", "infra", "--status", "active"]
        ),
        ["initiative/search-v2"]
    );
    let (stdout, _, _) = run(dir.path(), &["list", "--tag", "search", "--owner", "bob"]);
    assert_eq!(stdout, "no records match\n");
}

#[test]
fn list_json_parses() {
    let dir = plan();
    let (stdout, _, code) = run(dir.path(), &["list", "--format", "json"]);
    assert_eq!(code, 0);
    let records: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(records.len(), crate::common::MINIMAL_COUNT);
    let search = records.iter().find(|r| r["id"] == "search-v2").unwrap();
    assert_eq!(search["kind"], "initiative");
    assert_eq!(search["path"], "roadmap/search-v2.toml");
    assert_eq!(search["title"], "Search v2");
    assert_eq!(search["fields"]["quarter"], "2099-Q4");
    assert_eq!(
        search["fields"]["tags"],
        serde_json::json!(["search", "infra"])
    );
    let decision = records.iter().find(|r| r["kind"] == "decision").unwrap();
    assert_eq!(decision["fields"]["decided"], "2026-01-10");

    let (stdout, _, _) = run(dir.path(), &["list", "person", "--format", "json"]);
    let people: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = people.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["alice", "bob"]);

    // No match is an empty array, still JSON.
    let (stdout, _, code) = run(dir.path(), &["list", "risk", "--format", "json"]);
    assert_eq!(code, 0);
    let none: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert!(none.is_empty());
}

#[test]
fn list_leaves_out_broken_records_but_still_works() {
    let dir = plan();
    write(dir.path(), "roadmap/broken.toml", "title = \n");
    write(
        dir.path(),
        "roadmap/typo.toml",
        "title = \"Typo\"\nstatus = \"activ\"\n",
    );
    let (stdout, _, code) = run(dir.path(), &["list", "initiative"]);
    assert_eq!(code, 0);
    let ids = listed(&stdout);
    assert!(!ids.contains(&"initiative/broken".to_owned()), "{ids:?}");
    // A record with a bad value still loads, without that value.
    assert!(ids.contains(&"initiative/typo".to_owned()), "{ids:?}");
}

#[test]
fn show_a_record_and_what_refers_to_it() {
    let dir = plan();
    let (stdout, stderr, code) = run(dir.path(), &["show", "person/alice"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout, @r"
    person/alice — Alice Martin
    team/people/alice.toml

      name    Alice Martin
      role    CTO
      team    core
      joined  2024-02-01

    referred to by:
      initiative/search-v2  (owner)  Search v2
      decision/use-postgres  (deciders)  Use Postgres for search
      team/core  (lead)  Core
      person/bob  (manager)  Bob Stone
    ");
}

#[test]
fn show_by_bare_id() {
    let dir = plan();
    let (stdout, _, code) = run(dir.path(), &["show", "search-v2"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("initiative/search-v2 — Search v2\nroadmap/search-v2.toml\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("referred to by:\n  initiative/billing  (depends_on)  Usage-based billing"),
        "{stdout}"
    );
    // A record nobody refers to has no such section.
    let (stdout, _, _) = run(dir.path(), &["show", "billing"]);
    assert!(!stdout.contains("referred to by"), "{stdout}");
}

#[test]
fn show_json() {
    let dir = plan();
    let (stdout, _, code) = run(
        dir.path(),
        &["show", "decision/use-postgres", "--format", "json"],
    );
    assert_eq!(code, 0);
    let record: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(record["kind"], "decision");
    assert_eq!(record["id"], "use-postgres");
    assert_eq!(record["path"], "decisions/use-postgres.toml");
    assert_eq!(record["fields"]["deciders"], serde_json::json!(["alice"]));
    assert_eq!(
        record["referenced_by"],
        serde_json::json!([{ "record": "initiative/search-v2", "field": "decisions" }])
    );
}

#[test]
fn show_a_missing_record_suggests_a_close_one() {
    let dir = plan();
    let (stdout, stderr, code) = run(dir.path(), &["show", "person/alise"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("no record 'person/alise'"), "{stderr}");
    assert!(stderr.contains("did you mean `person/alice`?"), "{stderr}");

    let (_, stderr, code) = run(dir.path(), &["show", "serch-v2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `search-v2`?"), "{stderr}");

    // Nothing close: point at `list`.
    let (_, stderr, code) = run(dir.path(), &["show", "zzzzzzzz"]);
    assert_eq!(code, 2);
    assert!(!stderr.contains("did you mean"), "{stderr}");
    assert!(stderr.contains("cto-plan list"), "{stderr}");
}

#[test]
fn show_an_ambiguous_bare_id_asks_for_the_kind() {
    let dir = plan();
    write(
        dir.path(),
        "team/teams/alice.toml",
        "name = \"Team Alice\"\n",
    );
    let (_, stderr, code) = run(dir.path(), &["show", "alice"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ambiguous"), "{stderr}");
    assert!(stderr.contains("KIND/alice"), "{stderr}");
    let (stdout, _, code) = run(dir.path(), &["show", "team/alice"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("team/alice — Team Alice"), "{stdout}");
}

#[test]
fn show_toml_prints_the_file_verbatim() {
    let dir = plan();
    let text = "# A comment that only the file keeps.\r\ntitle   =   \"Spaced out\"   # trailing\r\nstatus = 'proposed'\r\n\r\n[custom]\r\nx = 0x10\r\n";
    write(dir.path(), "roadmap/odd.toml", text);
    let (stdout, _, code) = run(dir.path(), &["show", "initiative/odd", "--format", "toml"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, text);
    for (path, text) in crate::common::MINIMAL_RECORDS {
        let id = path.rsplit('/').next().unwrap().trim_end_matches(".toml");
        let kind = match path.split('/').next().unwrap() {
            "roadmap" => "initiative",
            "decisions" => "decision",
            _ if path.starts_with("team/people") => "person",
            _ => "team",
        };
        let (stdout, _, code) = run(
            dir.path(),
            &["show", &format!("{kind}/{id}"), "--format", "toml"],
        );
        assert_eq!(code, 0);
        assert_eq!(stdout, *text, "{path}");
    }
}

#[test]
fn show_toml_from_a_revision() {
    let git = crate::common::GitPlan::new("");
    let original = crate::common::MINIMAL_RECORDS
        .iter()
        .find(|(p, _)| *p == "team/teams/core.toml")
        .unwrap()
        .1;
    write(
        &git.plan(),
        "team/teams/core.toml",
        "name = \"Core, renamed\"\n",
    );
    let (stdout, _, code) = run(
        &git.plan(),
        &["show", "team/core", "--format", "toml", "--rev", "HEAD"],
    );
    assert_eq!(code, 0);
    assert_eq!(stdout, original);
    let (stdout, _, _) = run(&git.plan(), &["show", "team/core", "--format", "toml"]);
    assert_eq!(stdout, "name = \"Core, renamed\"\n");
}

#[test]
fn show_multi_line_prose_and_sub_tables() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/search-v2.toml",
        r#"title = "Search v2"
status = "active"
owner = "alice"
quarter = "2099-Q4"
summary = """
First line.
Second line.
"""
estimate = { engineers = 3, weeks = 6.5 }

[milestone.beta]
title = "Beta"
due = 2099-08-01
done = false
"#,
    );
    let (stdout, _, code) = run(dir.path(), &["show", "search-v2"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("\n    First line.\n    Second line.\n"),
        "{stdout}"
    );
    assert!(stdout.contains("estimate.engineers"), "{stdout}");
    assert!(stdout.contains("estimate.weeks"), "{stdout}");
    assert!(stdout.contains("milestone.beta.due"), "{stdout}");
    let (stdout, _, _) = run(dir.path(), &["show", "search-v2", "--format", "json"]);
    let record: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(record["fields"]["estimate"]["weeks"], 6.5);
    assert_eq!(record["fields"]["milestone"]["beta"]["due"], "2099-08-01");
}

/// `--format toml` is documented as "the file exactly as written".
#[test]

fn show_toml_keeps_a_byte_order_mark() {
    let dir = plan();
    let text = "\u{feff}title = \"With BOM\"\nstatus = \"proposed\"\n";
    write(dir.path(), "roadmap/bom.toml", text);
    let (stdout, _, code) = run(dir.path(), &["show", "initiative/bom", "--format", "toml"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.as_bytes(), text.as_bytes());
}

#[test]
fn list_refuses_filters_no_record_can_match() {
    let dir = plan();
    let (stdout, stderr, code) = run(dir.path(), &["list", "--status", "activ"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("did you mean \"active\"?"), "{stderr}");
    let (_, stderr, code) = run(dir.path(), &["list", "--quarter", "2026-Q9"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("'2026-Q9' is not a quarter"), "{stderr}");
    // A status of another kind is refused for this kind only.
    assert_eq!(
        run(dir.path(), &["list", "person", "--status", "shipped"]).2,
        2
    );
    assert_eq!(run(dir.path(), &["list", "--status", "shipped"]).2, 0);
}

/// The minimal plan with a platform team, a Tom Ng and a Cara Diaz who left
/// before today (2026-11-27), both of the platform team.
fn plan_with_a_leaver() -> tempfile::TempDir {
    let dir = plan();
    write(
        dir.path(),
        "team/teams/platform.toml",
        "name = \"Platform\"\nlead = \"tom-ng\"\nparent = \"core\"\nheadcount_target = 6\n",
    );
    write(
        dir.path(),
        "team/people/tom-ng.toml",
        &person("Tom Ng", "SRE", "platform", "joined = 2025-01-06\n"),
    );
    write(
        dir.path(),
        "team/people/cara-diaz.toml",
        &person(
            "Cara Diaz",
            "Engineer",
            "platform",
            "joined = 2024-03-01\nleft = 2026-03-31\n",
        ),
    );
    dir
}

#[test]
fn list_people_and_teams_shows_columns_that_fit_the_kind() {
    let dir = plan_with_a_leaver();
    let (stdout, stderr, code) = run(dir.path(), &["list", "person"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout, @r"
    RECORD         TITLE         TEAM      ROLE            JOINED      LEFT
    person/alice   Alice Martin  core      CTO             2024-02-01
    person/bob     Bob Stone     core      Staff Engineer
    person/tom-ng  Tom Ng        platform  SRE             2025-01-06
    ");
    assert_eq!(
        stderr,
        "note: 1 person who left is not listed: --all lists them\n"
    );
    let (stdout, _, _) = run(dir.path(), &["list", "team"]);
    insta::assert_snapshot!(stdout, @r"
    RECORD         TITLE     LEAD    PARENT  HEADCOUNT TARGET
    team/core      Core      alice
    team/platform  Platform  tom-ng  core    6
    ");
}

#[test]
fn people_who_left_are_hidden_unless_all_and_marked_wherever_named() {
    let dir = plan_with_a_leaver();
    assert_eq!(list(dir.path(), &["--team", "platform"]), ["person/tom-ng"]);
    let (stdout, _, code) = run(dir.path(), &["list", "--team", "platform", "--all"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("person/cara-diaz  Cara Diaz (left 2026-03-31)"),
        "{stdout}"
    );
    // JSON leaves them out too, unless --all.
    let (stdout, _, _) = run(dir.path(), &["list", "person", "--format", "json"]);
    assert!(!stdout.contains("cara-diaz"), "{stdout}");
    let (stdout, _, _) = run(dir.path(), &["list", "person", "--all", "--format", "json"]);
    assert!(stdout.contains("cara-diaz"), "{stdout}");
    // `show` of their team names them, marked; so does their own record.
    let (stdout, _, _) = run(dir.path(), &["show", "platform"]);
    assert!(
        stdout.contains("person/cara-diaz  (team)  Cara Diaz (left 2026-03-31)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("person/tom-ng  (team)  Tom Ng\n"),
        "{stdout}"
    );
    let (stdout, _, _) = run(dir.path(), &["show", "cara-diaz"]);
    assert!(
        stdout.starts_with("person/cara-diaz — Cara Diaz (left 2026-03-31)\n"),
        "{stdout}"
    );
    // On their last day they are still here.
    let (stdout, _, _) = crate::common::run_at(dir.path(), "2026-03-31", &["list", "person"]);
    assert!(stdout.contains("person/cara-diaz  Cara Diaz  "), "{stdout}");
}

#[test]
fn list_filters_naming_unknown_people_teams_or_tags_suggest_one() {
    let dir = plan_with_a_leaver();
    let refused = |args: &[&str]| {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        let (stdout, stderr, code) = run(dir.path(), &all);
        assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}: {stderr}");
        stderr
    };
    let stderr = refused(&["--owner", "raj"]);
    assert!(
        stderr.contains("--owner raj: the plan has no person with this id"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`cto-plan list person` shows them"),
        "{stderr}"
    );
    // By a unique prefix of the id, by name regardless of case, by spelling.
    assert!(
        refused(&["--owner", "tom"]).contains("did you mean `tom-ng` (Tom Ng)?"),
        "prefix"
    );
    assert!(
        refused(&["--owner", "bob stone"]).contains("did you mean `bob` (Bob Stone)?"),
        "name"
    );
    assert!(
        refused(&["--team", "Platform"]).contains("did you mean `platform`?"),
        "case"
    );
    assert!(
        refused(&["--tag", "serch"]).contains("did you mean `search`?"),
        "tag"
    );
    assert!(
        refused(&["--tag", "zzzz"]).contains("tags are billing, infra, search"),
        "tags"
    );
    // A person who left is still a person: filtering by them is no typo.
    let (stdout, stderr, code) = run(dir.path(), &["list", "--owner", "cara-diaz"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "no records match\n"),
        "{stderr}"
    );
}

#[test]
fn show_suggests_by_name_and_by_prefix() {
    let dir = plan_with_a_leaver();
    let (_, stderr, code) = run(dir.path(), &["show", "person/tom"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `person/tom-ng`?"), "{stderr}");
    let (_, stderr, _) = run(dir.path(), &["show", "Platform"]);
    assert!(stderr.contains("did you mean `platform`?"), "{stderr}");
    // The lifecycle verbs suggest records of their own kind.
    let (_, stderr, code) = run(dir.path(), &["person", "move", "Tom Ng", "--to", "core"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `tom-ng`?"), "{stderr}");
}
