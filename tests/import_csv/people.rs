//! `import people` from CSV exports: a BOM, `;` separators, quoted line
//! breaks, accents, markup, a manager listed further down, teams matched by
//! name, existing people updated only in joined/left/team/role, idempotent
//! re-runs, and bad files refused with their name.

use crate::common::{self, run_in, snapshot_tree};

fn read_file(dir: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

const TODAY: &str = "2026-11-27";

fn hr_plan() -> tempfile::TempDir {
    let dir = common::empty_plan();
    common::write(dir.path(), "team/teams/core.toml", "name = \"Core\"\n");
    common::write(
        dir.path(),
        "team/people/alice.toml",
        "name = \"Alice Martin\"\nrole = \"CTO\"\nlocation = \"Paris\" # by hand\n",
    );
    dir
}

const EXPORT: &str = "\u{feff}Full Name;Work Email;Job Title;Department;Manager;Hire Date;Employment Type\n\
\"Zoë <script>\n\"\"Müller\"\"\";zoe@x.io;Engineer;core;bob@x.io;25/03/2024;Full-time\n\
Bob Stone;BOB@x.io;Lead;Core;Alice Martin;01/02/2023;Contractor\n\
Alice Martin;alice@x.io;VP;Core;;01/01/2020;\n";

#[test]
fn people_import_maps_a_semicolon_export_and_reruns_unchanged() {
    let dir = hr_plan();
    common::write(dir.path(), "hr.csv", EXPORT);
    let before = snapshot_tree(dir.path());
    let (stdout, stderr, code) = run_in(dir.path(), TODAY, &["import", "people", "hr.csv"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("would create team/people/zoe-script-muller.toml from hr.csv:2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("would update team/people/alice.toml (role, joined, team) from hr.csv:5")
            || stdout
                .contains("would update team/people/alice.toml (role, team, joined) from hr.csv:5"),
        "{stdout}"
    );
    assert_eq!(
        snapshot_tree(dir.path()),
        before,
        "a dry run writes nothing"
    );

    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "hr.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let zoe = read_file(dir.path(), "team/people/zoe-script-muller.toml");
    let parsed: toml::Table = toml::from_str(&zoe).unwrap();
    assert_eq!(parsed["name"].as_str(), Some("Zoë <script>\n\"Müller\""));
    // The manager is a later row, matched by e-mail; the day-first date is read so.
    assert_eq!(parsed["manager"].as_str(), Some("bob-stone"));
    assert_eq!(parsed["joined"].to_string(), "2024-03-25");
    assert_eq!(parsed["team"].as_str(), Some("core"));
    assert_eq!(
        parsed["custom"]["imported_from"].as_str(),
        Some("people:zoe@x.io")
    );
    let alice = read_file(dir.path(), "team/people/alice.toml");
    assert!(
        alice.contains("role = \"VP\"") && alice.contains("\"Paris\" # by hand"),
        "{alice}"
    );
    assert!(!alice.contains("imported_from"), "{alice}");

    let written = snapshot_tree(dir.path());
    let (stdout, _, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "hr.csv", "--write"],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains("0 to create, 0 to update, 3 unchanged"),
        "{stdout}"
    );
    assert_eq!(
        snapshot_tree(dir.path()),
        written,
        "a re-run changes no byte"
    );

    // The source changes: only the imported field changes, a hand edit stays.
    common::write(
        dir.path(),
        "team/people/bob-stone.toml",
        &format!(
            "{}level = \"L7\"\n",
            read_file(dir.path(), "team/people/bob-stone.toml")
        ),
    );
    common::write(
        dir.path(),
        "hr.csv",
        &EXPORT.replace("Bob Stone;BOB@x.io;Lead", "Bob Stone;BOB@x.io;Director"),
    );
    let (stdout, _, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "hr.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}");
    let bob = read_file(dir.path(), "team/people/bob-stone.toml");
    assert!(
        bob.contains("role = \"Director\"") && bob.contains("level = \"L7\""),
        "{bob}"
    );
}

#[test]
fn people_import_reports_unknown_teams_or_creates_them() {
    let dir = hr_plan();
    common::write(
        dir.path(),
        "hr.csv",
        "name,email,title,team\nAna,ana@x.io,Dev,Platform\nBo,bo@x.io,Dev,platform\n",
    );
    let (stdout, stderr, code) = run_in(dir.path(), TODAY, &["import", "people", "hr.csv"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("hr.csv:2: team \"Platform\" is not a team of the plan"),
        "{stderr}"
    );
    assert!(stderr.contains("(and on 1 more row)"), "{stderr}");
    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "hr.csv", "--create-teams", "--write"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(read_file(dir.path(), "team/teams/platform.toml").contains("name = \"Platform\""));
    assert!(read_file(dir.path(), "team/people/bo.toml").contains("team = \"platform\""));
}

#[test]
fn people_import_refuses_bad_files_and_bad_maps() {
    let dir = hr_plan();
    common::write_bytes(dir.path(), "latin1.csv", b"name,email\nJos\xe9,j@x.io\n");
    common::write_bytes(dir.path(), "empty.csv", b"");
    common::write_bytes(dir.path(), "binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00");
    for (file, said) in [
        ("latin1.csv", "latin1.csv:2: is not UTF-8"),
        ("empty.csv", "empty.csv: is empty"),
        ("binary.csv", "binary.csv:3: holds NUL bytes"),
    ] {
        let (_, stderr, code) = run_in(dir.path(), TODAY, &["import", "people", file]);
        assert_eq!(code, 2, "{file}: {stderr}");
        assert!(stderr.contains(said), "{file}: {stderr}");
    }
    common::write(dir.path(), "hr.csv", "Who,Mail\nAna,ana@x.io\n");
    let (_, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "hr.csv", "--map", "Who=nom"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("'nom' is not a field") && stderr.contains("first_name"),
        "{stderr}"
    );
    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "hr.csv", "--map", "Who=name,Mail=email"],
    );
    // No role column: the dry run says what `check` would.
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("missing required field `role`"), "{stderr}");
    assert!(
        stdout.contains("would create team/people/ana.toml from hr.csv:2"),
        "{stdout}"
    );
}

/// `export csv person` reads back through `import people`: into an empty
/// plan with the same teams, the people come back with their names, roles,
/// teams, managers, dates and `custom.*` fields, and a second import
/// changes nothing.
#[test]
fn people_exported_as_csv_import_back() {
    let source = hr_plan();
    common::write(
        source.path(),
        "team/people/bob.toml",
        "name = \"=Bob Stone\"\nrole = \"Lead\"\nteam = \"core\"\nmanager = \"alice\"\njoined = 2023-02-01\nleft = 2027-01-31\n\n[custom]\nbadge = \"B-7\"\n",
    );
    let (csv, stderr, code) = run_in(source.path(), TODAY, &["export", "csv", "person"]);
    assert_eq!(code, 0, "{stderr}");
    // The formula-like name is made inert in the spreadsheet…
    assert!(csv.contains("'=Bob Stone"), "{csv}");

    let target = common::empty_plan();
    common::write(target.path(), "team/teams/core.toml", "name = \"Core\"\n");
    common::write(target.path(), "people.csv", &csv);
    let (stdout, stderr, code) = run_in(
        target.path(),
        TODAY,
        &["import", "people", "people.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    // …and comes back as written.
    let bob = std::fs::read_dir(target.path().join("team/people"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|text| text.contains("name = \"=Bob Stone\""))
        .unwrap_or_else(|| panic!("no Bob among the imported people:\n{stdout}"));
    for line in [
        "role = \"Lead\"",
        "team = \"core\"",
        "joined = 2023-02-01",
        "left = 2027-01-31",
        "badge = \"B-7\"",
    ] {
        assert!(bob.contains(line), "{line} missing:\n{bob}");
    }
    assert!(bob.contains("manager = \"alice"), "{bob}");
    let (check, _, code) = run_in(target.path(), TODAY, &["check"]);
    assert_eq!(code, 0, "{check}");
    let again = snapshot_tree(target.path());
    let (stdout, _, code) = run_in(
        target.path(),
        TODAY,
        &["import", "people", "people.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(snapshot_tree(target.path()), again, "{stdout}");
}

#[test]
fn a_namesake_with_another_email_is_never_taken_for_the_person_imported() {
    let dir = hr_plan();
    common::write(
        dir.path(),
        "first.csv",
        "Name,Email,Title,Team\nJane Doe,jane@x.io,Engineer,Core\n",
    );
    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "first.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let jane = read_file(dir.path(), "team/people/jane-doe.toml");
    // Another Jane Doe, in another team: a new record, and the first one's
    // file stays as it was.
    common::write(
        dir.path(),
        "second.csv",
        "Name,Email,Title,Team\r\nJane Doe,jane2@x.io,Analyst,Core\r\n",
    );
    let (stdout, stderr, _) = run_in(dir.path(), TODAY, &["import", "people", "second.csv"]);
    assert!(
        stdout.contains("would create team/people/jane-doe-2.toml from second.csv:2"),
        "{stdout}{stderr}"
    );
    assert!(!stdout.contains("jane-doe.toml"), "{stdout}");
    let _ = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "second.csv", "--write", "--force"],
    );
    assert_eq!(read_file(dir.path(), "team/people/jane-doe.toml"), jane);
}

#[test]
fn a_quote_that_never_closes_stops_the_import_at_its_line() {
    let dir = hr_plan();
    common::write(
        dir.path(),
        "hr.csv",
        "Name,Title\nAnn,\"Engineer\nBen,Engineer\n",
    );
    let before = snapshot_tree(dir.path());
    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "people", "hr.csv", "--write"],
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("hr.csv:2: has a quoted cell that is never closed"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(dir.path()), before, "nothing is written");
}
