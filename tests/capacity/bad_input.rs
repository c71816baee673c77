//! Bad input to capacity: located errors with hints, and no NaN or inf in
//! any format when a team has work and no supply.

use super::{TODAY, fixture};
use crate::common::{check_json, ok_in, write};

/// The findings of `check` on `path`, as (code, line, message, help).
fn on(dir: &std::path::Path, path: &str) -> Vec<(String, u64, String, String)> {
    let (findings, _) = check_json(dir, &[]);
    findings
        .iter()
        .filter(|f| f["file"] == path)
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
                f["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn an_absurd_or_negative_estimate_is_located_on_its_line() {
    let dir = fixture();
    write(
        dir.path(),
        "roadmap/alpha.toml",
        "title = \"Alpha\"\nstatus = \"planned\"\nteam = \"core\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 5000, weeks = -2 }\n",
    );
    let found = on(dir.path(), "roadmap/alpha.toml");
    assert!(
        found
            .iter()
            .any(|(c, l, m, _)| c == "invalid-value" && *l == 5 && m.contains("at most 1000")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(c, l, m, _)| c == "invalid-value" && *l == 5 && m.contains("at least 0")),
        "{found:#?}"
    );
    write(
        dir.path(),
        "roadmap/alpha.toml",
        "title = \"Alpha\"\nstatus = \"planned\"\nteam = \"core\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 2, weeks = 1e9 }\n",
    );
    let found = on(dir.path(), "roadmap/alpha.toml");
    assert!(
        found
            .iter()
            .any(|(_, l, m, _)| *l == 5 && m.contains("at most 520")),
        "{found:#?}"
    );
}

#[test]
fn one_person_allocated_above_1_across_records_is_an_error_naming_the_other() {
    let dir = fixture();
    // Bob is at 0.5 in core; a second record of him at 0.75 in data.
    write(
        dir.path(),
        "team/people/bob-data.toml",
        "name = \"BOB \"\nrole = \"Engineer\"\nteam = \"data\"\nallocation = 0.75\n",
    );
    let found = on(dir.path(), "team/people/bob-data.toml");
    let hit = found
        .iter()
        .find(|(c, ..)| c == "over-allocated")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(hit.1, 4, "on the allocation line: {hit:?}");
    assert!(hit.2.contains("1.25"), "{hit:?}");
    assert!(hit.3.contains("person/bob"), "{hit:?}");
    let found = on(dir.path(), "team/people/bob.toml");
    assert!(
        found
            .iter()
            .any(|(c, l, _, h)| c == "over-allocated" && *l == 4 && h.contains("person/bob-data")),
        "{found:#?}"
    );
    // Periods that do not overlap are a move between teams, not a share.
    write(
        dir.path(),
        "team/people/bob.toml",
        "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"core\"\nallocation = 0.5\nleft = 2026-12-31\n",
    );
    write(
        dir.path(),
        "team/people/bob-data.toml",
        "name = \"BOB \"\nrole = \"Engineer\"\nteam = \"data\"\nallocation = 0.75\njoined = 2027-01-01\n",
    );
    let (findings, _) = check_json(dir.path(), &[]);
    assert!(
        findings.iter().all(|f| f["code"] != "over-allocated"),
        "{findings:#?}"
    );
}

#[test]
fn out_of_range_allocation_focus_and_start_have_lines_and_hints() {
    let dir = fixture();
    write(
        dir.path(),
        "team/people/bob.toml",
        "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"core\"\nallocation = -0.5\n",
    );
    write(
        dir.path(),
        "team/teams/core.toml",
        "name = \"Core\"\nparent = \"eng\"\nfocus = 1.2\n",
    );
    write(
        dir.path(),
        "team/hiring/analyst.toml",
        "title = \"Analyst\"\nteam = \"data\"\nstatus = \"open\"\nopened = 2027-01-10\n\
         expected_start = 2026-12-01\n",
    );
    let bob = on(dir.path(), "team/people/bob.toml");
    assert!(
        bob.iter()
            .any(|(_, l, m, h)| *l == 4 && m.contains("at least 0") && h.contains("from 0 to 1")),
        "{bob:#?}"
    );
    let core = on(dir.path(), "team/teams/core.toml");
    assert!(
        core.iter()
            .any(|(_, l, m, h)| *l == 3 && m.contains("at most 1") && h.contains("roadmap work")),
        "{core:#?}"
    );
    let role = on(dir.path(), "team/hiring/analyst.toml");
    assert!(
        role.iter()
            .any(|(c, l, _, h)| c == "date-order" && *l == 5 && !h.is_empty()),
        "{role:#?}"
    );
}

#[test]
fn no_supply_is_said_in_words_and_never_as_nan_or_inf() {
    let dir = fixture();
    for format in ["text", "markdown", "json"] {
        let out = ok_in(
            dir.path(),
            TODAY,
            &["capacity", "--quarter", "2027-Q2", "--format", format],
        );
        for bad in ["NaN", "nan", "inf", "∞"] {
            assert!(!out.contains(bad), "{format} shows {bad}:\n{out}");
        }
        if format == "json" {
            let report: serde_json::Value = serde_json::from_str(&out).unwrap();
            let empty = super::team(&report, "2027-Q2", "empty");
            assert!(empty["figures"]["load"].is_null(), "{empty}");
        } else {
            assert!(out.contains("no supply"), "{out}");
        }
    }
}

/// A report from a plan with errors says so, names where, and exits 1: it
/// cannot count a file that does not parse or a value out of range.
#[test]
fn capacity_and_skills_of_a_plan_with_errors_say_so() {
    let dir = fixture();
    write(
        dir.path(),
        "team/people/bob.toml",
        "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"core\"\nallocation = 1.5\n",
    );
    write(dir.path(), "team/people/broken.toml", "name = \"Br\n");
    for command in ["capacity", "skills"] {
        let (stdout, stderr, code) = crate::common::run_in(dir.path(), TODAY, &[command]);
        assert_eq!(code, 1, "{command}: {stdout}{stderr}");
        assert!(!stdout.is_empty(), "{command} printed no report");
        assert!(
            stderr.contains("team/people/bob.toml:4: `allocation` must be at most 1"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("team/people/broken.toml:1:"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("cto-plan check"), "{command}: {stderr}");
    }
    // Fixed, the same reports are clean.
    std::fs::remove_file(dir.path().join("team/people/broken.toml")).unwrap();
    write(
        dir.path(),
        "team/people/bob.toml",
        "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"core\"\nallocation = 0.5\n",
    );
    let (_, stderr, code) = crate::common::run_in(dir.path(), TODAY, &["capacity"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
}
