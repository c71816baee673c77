//! `cto-plan check`: one failing fixture per rule, the passing fixture, and
//! the shape of each output format.

use std::path::Path;

use cto_plan::diagnostic::Severity;
use cto_plan::validate::rules;

use crate::common::{
    self, GitPlan, MINIMAL_COUNT, check_json, codes, plan, run, with_code, write, write_bytes,
};

// --- the passing fixture -----------------------------------------------------

#[test]
fn minimal_plan_is_clean() {
    let dir = plan();
    let (stdout, stderr, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, format!("no problems in {MINIMAL_COUNT} records\n"));
    assert_eq!(stderr, "");
    let (stdout, _, code) = run(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn minimal_plan_is_clean_in_every_format() {
    let dir = plan();
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(findings.is_empty(), "{findings:#?}");
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!((stdout.as_str(), code), ("", 0));
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(code, 0);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn minimal_plan_stays_clean_for_years() {
    let dir = plan();
    for today in ["2026-01-11", "2027-01-01", "2028-06-15", "2030-12-31"] {
        let (stdout, _, code) = common::run_at(dir.path(), today, &["check", "--deny-warnings"]);
        assert_eq!(code, 0, "on {today}: {stdout}");
    }
}

#[test]
fn a_bad_today_is_a_usage_error() {
    let dir = plan();
    let (_, stderr, code) = common::run_at(dir.path(), "27/11/2026", &["check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("CTO_PLAN_TODAY"), "{stderr}");
}

#[test]
fn no_plan_found_exits_2_with_a_hint() {
    let dir = tempfile::TempDir::new().unwrap();
    let (_, stderr, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no plan found"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn check_from_a_sub_folder_finds_the_plan_root() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/bad.toml",
        "title = \"x\"\nstatus = \"activ\"\n",
    );
    let (stdout, _, code) = run(&dir.path().join("roadmap"), &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["file"], "roadmap/bad.toml");
}

// --- one failing fixture per rule --------------------------------------------

/// A way to break the minimal plan so that one rule fires.
struct Fixture {
    code: &'static str,
    /// The file the finding must be reported on, when it is certain.
    file: Option<&'static str>,
    /// Extra arguments to `check`.
    args: &'static [&'static str],
    setup: fn(&Path),
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        code: "syntax",
        file: Some("roadmap/broken.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/broken.toml",
                "title = \"Broken\"\nstatus = \n",
            )
        },
    },
    Fixture {
        code: "encoding",
        file: Some("roadmap/latin1.toml"),
        args: &[],
        setup: |dir| {
            write_bytes(
                dir,
                "roadmap/latin1.toml",
                b"title = \"Caf\xe9\"\nstatus = \"proposed\"\n",
            )
        },
    },
    Fixture {
        code: "file-too-large",
        file: Some("roadmap/huge.toml"),
        args: &[],
        setup: |dir| {
            let mut text = String::from("title = \"Huge\"\nstatus = \"proposed\"\n");
            while text.len() <= 1024 * 1024 {
                text.push_str("# padding padding padding padding padding padding padding\n");
            }
            write(dir, "roadmap/huge.toml", &text);
        },
    },
    Fixture {
        code: "empty-file",
        file: Some("roadmap/empty.toml"),
        args: &[],
        setup: |dir| write(dir, "roadmap/empty.toml", ""),
    },
    Fixture {
        code: "unknown-file",
        file: Some("notes/ideas.toml"),
        args: &[],
        setup: |dir| write(dir, "notes/ideas.toml", "idea = \"more tests\"\n"),
    },
    Fixture {
        code: "bad-id",
        file: Some("roadmap/Search V3.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/Search V3.toml",
                "title = \"Search v3\"\nstatus = \"proposed\"\n",
            )
        },
    },
    Fixture {
        code: "duplicate-id",
        file: None,
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/2027/search-v2.toml",
                "title = \"Search v2, again\"\nstatus = \"proposed\"\n",
            )
        },
    },
    Fixture {
        // Committed in git, so that it works on every platform; files.rs
        // covers links on disk.
        code: "symlink",
        file: Some("roadmap/outside.toml"),
        args: &["--rev", "HEAD"],
        setup: |dir| {
            let repo = common::git_init(dir);
            let mut index = repo.index().unwrap();
            index
                .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
                .unwrap();
            let entry = common::index_entry(
                0o120000,
                0,
                git2::Oid::ZERO_SHA1,
                "roadmap/outside.toml".to_owned(),
            );
            index
                .add_frombuffer(&entry, b"../../secrets/outside.toml")
                .unwrap();
            index.write().unwrap();
            common::commit_index(&repo, &mut index, "Plan with a link out");
        },
    },
    Fixture {
        code: "unknown-key",
        file: Some("roadmap/typo.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/typo.toml",
                "title = \"Typo\"\nstatus = \"proposed\"\nownr = \"alice\"\n",
            )
        },
    },
    Fixture {
        code: "wrong-type",
        file: Some("roadmap/typed.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/typed.toml",
                "title = 3\nstatus = \"proposed\"\n",
            )
        },
    },
    Fixture {
        code: "invalid-value",
        file: Some("roadmap/misspelt.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/misspelt.toml",
                "title = \"Misspelt\"\nstatus = \"activ\"\n",
            )
        },
    },
    Fixture {
        code: "missing-field",
        file: Some("roadmap/untitled.toml"),
        args: &[],
        setup: |dir| write(dir, "roadmap/untitled.toml", "status = \"proposed\"\n"),
    },
    Fixture {
        code: "dangling-reference",
        file: Some("roadmap/ghost-owned.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/ghost-owned.toml",
                "title = \"Ghost\"\nstatus = \"proposed\"\nowner = \"carol\"\n",
            )
        },
    },
    Fixture {
        code: "dependency-cycle",
        file: None,
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/chicken.toml",
                "title = \"Chicken\"\nstatus = \"proposed\"\ndepends_on = [\"egg\"]\n",
            );
            write(
                dir,
                "roadmap/egg.toml",
                "title = \"Egg\"\nstatus = \"proposed\"\ndepends_on = [\"chicken\"]\n",
            );
        },
    },
    Fixture {
        code: "supersede-consistency",
        file: Some("decisions/use-mysql.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "decisions/use-mysql.toml",
                r#"title = "Use MySQL instead"
status = "accepted"
proposed = 2026-03-01
decided = 2026-03-05
context = "Postgres was hard to run."
decision = "MySQL."
supersedes = ["use-postgres"]
"#,
            )
        },
    },
    Fixture {
        code: "date-order",
        file: Some("team/people/carol.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "team/people/carol.toml",
                "name = \"Carol\"\nrole = \"Engineer\"\njoined = 2025-06-01\nleft = 2025-01-31\n",
            )
        },
    },
    Fixture {
        code: "byte-order-mark",
        file: Some("roadmap/bom.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/bom.toml",
                "\u{feff}title = \"With a BOM\"\nstatus = \"proposed\"\n",
            )
        },
    },
    Fixture {
        code: "owner-left",
        file: Some("roadmap/legacy.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "team/people/carol.toml",
                "name = \"Carol\"\nrole = \"Engineer\"\njoined = 2024-01-08\nleft = 2026-06-30\n",
            );
            write(
                dir,
                "roadmap/legacy.toml",
                "title = \"Legacy\"\nstatus = \"active\"\nowner = \"carol\"\nquarter = \"2099-Q1\"\n",
            );
        },
    },
    Fixture {
        code: "overdue-initiative",
        file: Some("roadmap/late.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/late.toml",
                "title = \"Late\"\nstatus = \"active\"\nowner = \"alice\"\nquarter = \"2026-Q2\"\n",
            )
        },
    },
    Fixture {
        code: "review-overdue",
        file: Some("decisions/use-redis.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "decisions/use-redis.toml",
                r#"title = "Cache with Redis?"
status = "proposed"
proposed = 2026-01-05
context = "Search is slow."
review_by = 2026-06-01
"#,
            )
        },
    },
    Fixture {
        code: "no-owner",
        file: Some("roadmap/orphan.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/orphan.toml",
                "title = \"Orphan\"\nstatus = \"active\"\nquarter = \"2099-Q1\"\n",
            )
        },
    },
    Fixture {
        code: "over-budget",
        file: Some("budget/2026-Q4.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "budget/2026-Q4.toml",
                r#"[line.cloud]
category = "infrastructure"
planned = 100000
actual = 150000
team = "core"
"#,
            )
        },
    },
];

fn fixture(code: &str) -> &'static Fixture {
    FIXTURES
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no fixture for rule `{code}`"))
}

/// Breaks the minimal plan with the rule's fixture and checks that the rule
/// fires with the right severity, location and exit status.
fn assert_rule_fires(code: &str) {
    let rule = rules::by_code(code).unwrap_or_else(|| panic!("`{code}` is not a rule"));
    let fixture = fixture(code);
    let dir = plan();
    (fixture.setup)(dir.path());
    let (findings, exit) = check_json(dir.path(), fixture.args);
    let hits = with_code(&findings, code);
    assert!(
        !hits.is_empty(),
        "`{code}` did not fire; findings: {findings:#?}"
    );
    for hit in &hits {
        assert!(hit["line"].as_u64().unwrap() >= 1, "{hit}");
        assert!(hit["column"].as_u64().unwrap() >= 1, "{hit}");
        assert!(!hit["message"].as_str().unwrap().is_empty(), "{hit}");
        if let Some(file) = fixture.file {
            assert_eq!(hit["file"], file, "{hit}");
        }
    }
    match rule.severity {
        Severity::Error => {
            assert!(hits.iter().all(|h| h["severity"] == "error"), "{hits:#?}");
            assert_eq!(exit, 1, "errors exit 1");
        }
        Severity::Warning => {
            assert!(hits.iter().all(|h| h["severity"] == "warning"), "{hits:#?}");
            assert_eq!(
                codes(&findings),
                vec![code.to_owned(); findings.len()],
                "the fixture should raise only this warning"
            );
            assert_eq!(exit, 0, "warnings alone exit 0");
            let mut args = vec!["check", "--deny-warnings"];
            args.extend_from_slice(fixture.args);
            let (stdout, _, exit) = run(dir.path(), &args);
            assert_eq!(exit, 1, "--deny-warnings makes warnings fail:\n{stdout}");
            assert!(stdout.contains(&format!("warning[{code}]")), "{stdout}");
        }
    }
    // The text format names the rule too.
    let mut args = vec!["check"];
    args.extend_from_slice(fixture.args);
    let (stdout, stderr, text_exit) = run(dir.path(), &args);
    assert_eq!(text_exit, exit, "{stderr}");
    let level = match rule.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    assert!(stdout.contains(&format!("{level}[{code}]: ")), "{stdout}");
}

#[test]
fn every_rule_has_a_fixture() {
    let missing: Vec<&str> = rules::ALL
        .iter()
        .map(|r| r.code)
        .filter(|code| !FIXTURES.iter().any(|f| f.code == *code))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
    for f in FIXTURES {
        assert!(rules::by_code(f.code).is_some(), "`{}` is no rule", f.code);
    }
}

/// Also reads the catalogue's source, so that a rule added to `rules!` but
/// left out of `ALL` by mistake is noticed too.
#[test]
fn every_code_in_the_rules_source_has_a_fixture() {
    let source = include_str!("../src/validate/rules.rs");
    let body = source
        .split_once("rules! {")
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(body, _)| body)
        .expect("rules.rs has a `rules! { … }` block");
    let mut found = 0;
    for line in body.lines() {
        let Some((_, rest)) = line.split_once(": \"") else {
            continue;
        };
        let code = rest.split('"').next().unwrap();
        found += 1;
        assert!(
            FIXTURES.iter().any(|f| f.code == code),
            "rule `{code}` has no failing fixture"
        );
    }
    assert_eq!(found, rules::ALL.len());
}

macro_rules! rule_tests {
    ($($name:ident: $code:literal,)*) => {
        $(
            #[test]
            fn $name() {
                assert_rule_fires($code);
            }
        )*
    };
}

rule_tests! {
    rule_syntax: "syntax",
    rule_encoding: "encoding",
    rule_file_too_large: "file-too-large",
    rule_empty_file: "empty-file",
    rule_unknown_file: "unknown-file",
    rule_bad_id: "bad-id",
    rule_duplicate_id: "duplicate-id",
    rule_symlink: "symlink",
    rule_unknown_key: "unknown-key",
    rule_wrong_type: "wrong-type",
    rule_invalid_value: "invalid-value",
    rule_missing_field: "missing-field",
    rule_dangling_reference: "dangling-reference",
    rule_dependency_cycle: "dependency-cycle",
    rule_supersede_consistency: "supersede-consistency",
    rule_date_order: "date-order",
    rule_byte_order_mark: "byte-order-mark",
    rule_owner_left: "owner-left",
    rule_overdue_initiative: "overdue-initiative",
    rule_review_overdue: "review-overdue",
    rule_no_owner: "no-owner",
    rule_over_budget: "over-budget",
}

// --- more about some rules ------------------------------------------------------

#[test]
fn duplicate_id_names_both_files() {
    let dir = plan();
    (fixture("duplicate-id").setup)(dir.path());
    let (findings, _) = check_json(dir.path(), &[]);
    let hits = with_code(&findings, "duplicate-id");
    assert_eq!(hits.len(), 1, "{findings:#?}");
    let file = hits[0]["file"].as_str().unwrap();
    let help = hits[0]["help"].as_str().unwrap();
    let (a, b) = ("roadmap/search-v2.toml", "roadmap/2027/search-v2.toml");
    assert!(
        (file == a && help.contains(b)) || (file == b && help.contains(a)),
        "{:#}",
        hits[0]
    );
}

#[test]
fn dependency_cycle_names_the_circle() {
    let dir = plan();
    (fixture("dependency-cycle").setup)(dir.path());
    let (findings, _) = check_json(dir.path(), &[]);
    let hits = with_code(&findings, "dependency-cycle");
    assert_eq!(hits.len(), 1, "one finding per cycle: {findings:#?}");
    let message = hits[0]["message"].as_str().unwrap();
    assert!(message.contains("initiative/chicken"), "{message}");
    assert!(message.contains("initiative/egg"), "{message}");
}

#[test]
fn cycles_through_teams_people_and_decisions() {
    let dir = plan();
    write(
        dir.path(),
        "team/teams/a.toml",
        "name = \"A\"\nparent = \"b\"\n",
    );
    write(
        dir.path(),
        "team/teams/b.toml",
        "name = \"B\"\nparent = \"a\"\n",
    );
    write(
        dir.path(),
        "team/people/alice.toml",
        "name = \"Alice\"\nrole = \"CTO\"\nmanager = \"bob\"\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let messages: Vec<&str> = with_code(&findings, "dependency-cycle")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{findings:#?}");
    assert!(
        messages.iter().any(|m| m.contains("team/a")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("person/alice")),
        "{messages:?}"
    );
}

#[test]
fn status_requires_fields() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/done.toml",
        "title = \"Done\"\nstatus = \"shipped\"\nquarter = \"2026-Q1\"\n",
    );
    write(
        dir.path(),
        "roadmap/someday.toml",
        "title = \"Someday\"\nstatus = \"planned\"\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let missing = with_code(&findings, "missing-field");
    assert_eq!(missing.len(), 2, "{findings:#?}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("`shipped`")
    );
    assert!(
        missing[1]["message"]
            .as_str()
            .unwrap()
            .contains("`quarter`")
    );
    // Pointed at the status, on line 2.
    assert!(missing.iter().all(|f| f["line"] == 2), "{missing:#?}");
}

#[test]
fn budget_threshold_comes_from_the_config() {
    let dir = plan();
    (fixture("over-budget").setup)(dir.path());
    write(
        dir.path(),
        "cto-plan.toml",
        "[plan]\nname = \"Acme\"\n\n[check]\nbudget_overrun_percent = 60\n",
    );
    let (findings, code) = check_json(dir.path(), &["--deny-warnings"]);
    assert_eq!((findings.len(), code), (0, 0), "{findings:#?}");
}

#[test]
fn a_bad_config_is_a_finding() {
    let dir = plan();
    write(
        dir.path(),
        "cto-plan.toml",
        "[plan]\nname = \"Acme\"\ncurrency = \"dollars\"\nfiscal_year_start_month = 13\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value", "invalid-value"]);
    assert!(findings.iter().all(|f| f["file"] == "cto-plan.toml"));
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[1]["line"].as_u64()),
        (Some(3), Some(4))
    );
}

// --- output formats ----------------------------------------------------------------

/// A plan with one file-level error, one located error and one warning.
fn small_broken_plan() -> tempfile::TempDir {
    let dir = common::empty_plan();
    write(
        dir.path(),
        "roadmap/late.toml",
        "title = \"Late\"\nstatus = \"activ\"\nquarter = \"2026-Q2\"\n",
    );
    write(dir.path(), "roadmap/empty.toml", "");
    dir
}

#[test]
fn text_format_is_rustc_style() {
    let dir = small_broken_plan();
    let (stdout, stderr, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "");
    insta::assert_snapshot!(stdout, @r#"
    error[empty-file]: empty file
    --> roadmap/empty.toml:1:1
     = help: add the required fields (title, status), or delete the file

    error[invalid-value]: `status` cannot be "activ"
     --> roadmap/late.toml:2:10
      |
    2 | status = "activ"
      |          ^^^^^^^ expected "proposed", "planned", "active", "paused", "shipped" or "cancelled"
      |
      = help: did you mean "active"?

    warning[overdue-initiative]: initiative/late targeted 2026-Q2, which ended on 2026-06-30, and is still open
     --> roadmap/late.toml:3:11
      |
    3 | quarter = "2026-Q2"
      |           ^^^^^^^^^ past
      |
      = help: move `quarter` to when it will really ship, or mark it shipped or cancelled

    2 errors, 1 warning in 2 records
    "#);
}

#[test]
fn text_format_has_no_colour_when_piped() {
    let dir = small_broken_plan();
    let (stdout, _, _) = run(dir.path(), &["check"]);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    let (stdout, _, _) = run(dir.path(), &["--color", "always", "check"]);
    assert!(stdout.contains('\u{1b}'), "--color always colours");
}

#[test]
fn summary_line_counts_and_plurals() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/bad.toml",
        "title = \"Bad\"\nstatus = \"activ\"\n",
    );
    let (stdout, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1);
    let last = stdout.lines().last().unwrap();
    assert_eq!(last, format!("1 error in {} records", MINIMAL_COUNT + 1));

    let dir = common::empty_plan();
    write(
        dir.path(),
        "roadmap/orphan.toml",
        "title = \"Orphan\"\nstatus = \"active\"\nquarter = \"2099-Q1\"\n",
    );
    let (stdout, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().last().unwrap(), "1 warning in 1 record");
}

#[test]
fn text_format_locates_every_finding() {
    let dir = plan();
    for f in FIXTURES.iter().filter(|f| f.args.is_empty()) {
        (f.setup)(dir.path());
    }
    let (findings, _) = check_json(dir.path(), &[]);
    let (stdout, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 1);
    for f in &findings {
        let arrow = format!(
            "--> {}:{}:{}",
            f["file"].as_str().unwrap(),
            f["line"],
            f["column"]
        );
        assert!(stdout.contains(&arrow), "missing `{arrow}` in:\n{stdout}");
        let head = format!(
            "{}[{}]: {}",
            f["severity"].as_str().unwrap(),
            f["code"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        );
        assert!(stdout.contains(&head), "missing `{head}` in:\n{stdout}");
        if let Some(help) = f["help"].as_str() {
            assert!(stdout.contains(&format!("= help: {help}")), "{help}");
        }
    }
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    let warnings = findings.len() - errors;
    let summary = stdout.lines().last().unwrap();
    assert!(
        summary.starts_with(&format!("{errors} errors, {warnings} warnings in ")),
        "{summary}"
    );
}

#[test]
fn json_format_fields() {
    let dir = small_broken_plan();
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    for f in &findings {
        let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "file",
                "help",
                "line",
                "message",
                "severity"
            ]
        );
    }
    insta::assert_snapshot!(stdout, @r#"
    [
      {
        "code": "empty-file",
        "severity": "error",
        "message": "empty file",
        "file": "roadmap/empty.toml",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 1,
        "help": "add the required fields (title, status), or delete the file"
      },
      {
        "code": "invalid-value",
        "severity": "error",
        "message": "`status` cannot be \"activ\"",
        "file": "roadmap/late.toml",
        "line": 2,
        "column": 10,
        "end_line": 2,
        "end_column": 17,
        "help": "did you mean \"active\"?"
      },
      {
        "code": "overdue-initiative",
        "severity": "warning",
        "message": "initiative/late targeted 2026-Q2, which ended on 2026-06-30, and is still open",
        "file": "roadmap/late.toml",
        "line": 3,
        "column": 11,
        "end_line": 3,
        "end_column": 20,
        "help": "move `quarter` to when it will really ship, or mark it shipped or cancelled"
      }
    ]
    "#);
}

#[test]
fn json_help_is_null_when_there_is_none() {
    let dir = plan();
    write(dir.path(), "roadmap/broken.toml", "title = \n");
    let (findings, _) = check_json(dir.path(), &[]);
    let syntax = with_code(&findings, "syntax");
    assert!(!syntax.is_empty());
    assert!(syntax[0]["help"].is_null(), "{:#}", syntax[0]);
    assert_eq!(syntax[0]["line"], 1);
}

#[test]
fn github_format_is_workflow_commands() {
    let dir = small_broken_plan();
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(
        lines[0],
        "::error file=roadmap/empty.toml,line=1,col=1,endLine=1,endColumn=1,title=empty-file::empty file%0Ahelp: add the required fields (title, status), or delete the file"
    );
    assert!(lines[1].starts_with(
        "::error file=roadmap/late.toml,line=2,col=10,endLine=2,endColumn=16,title=invalid-value::"
    ));
    assert!(lines[2].starts_with(
        "::warning file=roadmap/late.toml,line=3,col=11,endLine=3,endColumn=19,title=overdue-initiative::"
    ));
}

#[test]
fn github_format_escapes_properties_and_data() {
    let dir = plan();
    // `%` in the message (the overrun), `,` and `:` in the file name.
    (fixture("over-budget").setup)(dir.path());
    write(
        dir.path(),
        "roadmap/a,b:c.toml",
        "title = \"Odd name\"\nstatus = \"proposed\"\n",
    );
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!(code, 1);
    let budget = stdout
        .lines()
        .find(|l| l.contains("title=over-budget"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        budget.starts_with("::warning file=budget/2026-Q4.toml,line=4,col=10,"),
        "{budget}"
    );
    assert!(budget.contains("(50%25 over)"), "{budget}");
    assert!(!budget.contains("50% "), "{budget}");
    let bad_id = stdout
        .lines()
        .find(|l| l.contains("title=bad-id"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        bad_id.starts_with("::error file=roadmap/a%2Cb%3Ac.toml,line=1,col=1,"),
        "{bad_id}"
    );
    // The message part keeps `:` and `,` but escapes line breaks.
    let (_, message) = bad_id.split_once("title=bad-id::").unwrap();
    assert!(
        message.contains("`a,b:c` is not a valid initiative id%0Ahelp: "),
        "{message}"
    );
    for line in stdout.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
    }
}

#[test]
fn github_format_adds_a_notice_past_the_annotation_limit() {
    let dir = plan();
    for i in 0..12 {
        write(
            dir.path(),
            &format!("roadmap/bad-{i:02}.toml"),
            "title = 1\nstatus = \"proposed\"\n",
        );
    }
    let output = common::command(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("::error ")).count(),
        12
    );
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("::notice title=cto-plan::12 errors in "),
        "{last}"
    );
    // Outside GitHub Actions there is no notice.
    let (stdout, _, _) = run(dir.path(), &["check", "--format", "github"]);
    assert!(!stdout.contains("::notice"), "{stdout}");
}

#[test]
fn sarif_format() {
    let dir = plan();
    for f in FIXTURES.iter().filter(|f| f.args.is_empty()) {
        (f.setup)(dir.path());
    }
    let (stdout, _, code) = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(code, 1, "sarif exits like the other formats");
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "cto-plan");
    let listed: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let all: Vec<&str> = rules::ALL.iter().map(|r| r.code).collect();
    assert_eq!(listed, all);
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(level == "error" || level == "warning", "{rule}");
    }
    let results = run["results"].as_array().unwrap();
    let (findings, _) = check_json(dir.path(), &[]);
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(&findings) {
        let code = result["ruleId"].as_str().unwrap();
        assert_eq!(code, finding["code"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(listed[index], code);
        assert_eq!(result["level"], finding["severity"]);
        let location = &result["locations"][0]["physicalLocation"];
        // SARIF URIs are percent-encoded; the fixture's only special character is a space.
        let encoded = finding["file"].as_str().unwrap().replace(' ', "%20");
        assert_eq!(location["artifactLocation"]["uri"], encoded);
        let region = &location["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1, "{result}");
        assert!(region["startColumn"].as_u64().unwrap() >= 1, "{result}");
        assert!(region["endColumn"].as_u64().unwrap() >= 1, "{result}");
        assert!(
            region["endLine"].as_u64().unwrap() >= region["startLine"].as_u64().unwrap(),
            "{result}"
        );
        assert_eq!(region["startLine"], finding["line"]);
    }
}

// --- paths in a monorepo -------------------------------------------------------------

/// The plan is `plans/eng` inside a repository: every format names files from
/// the repository's top, so CI annotations land on them.
#[test]
fn paths_are_relative_to_the_repository_top() {
    let git = GitPlan::new("plans/eng");
    write(
        &git.plan(),
        "roadmap/bad.toml",
        "title = \"Bad\"\nstatus = \"activ\"\n",
    );
    let plan = git.plan();
    let expected = "plans/eng/roadmap/bad.toml";

    let (findings, code) = check_json(&plan, &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["file"], expected);

    let (stdout, _, _) = run(&plan, &["check"]);
    assert!(stdout.contains(&format!("--> {expected}:2:10")), "{stdout}");

    let (stdout, _, _) = run(&plan, &["check", "--format", "github"]);
    assert!(
        stdout.starts_with(&format!("::error file={expected},line=2,col=10,")),
        "{stdout}"
    );

    let (stdout, _, _) = run(&plan, &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        expected
    );

    // From a folder inside the plan, the same.
    let (findings, _) = check_json(&plan.join("roadmap"), &[]);
    assert_eq!(findings[0]["file"], expected);
}

#[test]
fn paths_at_the_repository_top_have_no_prefix() {
    let git = GitPlan::new("");
    write(
        &git.plan(),
        "roadmap/bad.toml",
        "title = 1\nstatus = \"proposed\"\n",
    );
    let (findings, code) = check_json(&git.plan(), &[]);
    assert_eq!(code, 1);
    assert_eq!(findings[0]["file"], "roadmap/bad.toml");
}

// --- boundaries and known bugs ------------------------------------------------------

#[test]
fn owner_left_fires_once_the_last_day_is_past() {
    let dir = plan();
    (fixture("owner-left").setup)(dir.path()); // carol's last day: 2026-06-30
    let (_, _, code) = common::run_at(dir.path(), "2026-06-29", &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "before the last day nobody has left");
    let (stdout, _, code) = common::run_at(dir.path(), "2026-07-01", &["check", "--deny-warnings"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("warning[owner-left]: owner person/carol left on 2026-06-30"),
        "{stdout}"
    );
}

/// `left` is documented as "Last day; once past, they count as gone", so on
/// the last day itself the owner is still here.
#[test]
fn owner_left_does_not_fire_on_the_last_day() {
    let dir = plan();
    (fixture("owner-left").setup)(dir.path()); // carol's last day: 2026-06-30
    let (stdout, _, code) = common::run_at(dir.path(), "2026-06-30", &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "still here on the last day:\n{stdout}");
}

#[test]
fn review_and_quarter_boundaries() {
    let dir = plan();
    (fixture("review-overdue").setup)(dir.path()); // review_by = 2026-06-01
    (fixture("overdue-initiative").setup)(dir.path()); // quarter = 2026-Q2
    let (findings, _) = {
        let (stdout, _, code) =
            common::run_at(dir.path(), "2026-06-01", &["check", "--format", "json"]);
        (
            serde_json::from_str::<Vec<serde_json::Value>>(&stdout).unwrap(),
            code,
        )
    };
    assert!(
        findings.is_empty(),
        "due today is not overdue: {findings:#?}"
    );
    let (stdout, _, _) = common::run_at(dir.path(), "2026-06-30", &["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        codes(&findings),
        ["review-overdue"],
        "the quarter's last day is not past"
    );
    let (stdout, _, _) = common::run_at(dir.path(), "2026-07-01", &["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(codes(&findings), ["review-overdue", "overdue-initiative"]);
}

#[test]

fn out_of_range_integers_are_reported_as_written() {
    let dir = plan();
    write(
        dir.path(),
        "risks/r.toml",
        "title = \"R\"\nlikelihood = 0x10\nimpact = 0b111\nstatus = \"open\"\nopened = 2026-01-01\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let messages: Vec<&str> = findings
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`likelihood` must be from 1 to 5, found 0x10",
            "`impact` must be from 1 to 5, found 0b111"
        ]
    );
}

/// SARIF's `artifactLocation.uri` must be a URI reference (SARIF 2.1.0
/// §3.4.3 and RFC 3986): a space in a file name must be percent-encoded.
#[test]

fn sarif_uris_are_percent_encoded() {
    let dir = plan();
    (fixture("bad-id").setup)(dir.path()); // roadmap/Search V3.toml
    let (stdout, _, _) = run(dir.path(), &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "roadmap/Search%20V3.toml");
}

#[test]
fn empty_tags_are_invalid() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/tagged.toml",
        "title = \"T\"\nstatus = \"proposed\"\ntags = [\"ok\", \"\"]\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["column"], 15);
}
