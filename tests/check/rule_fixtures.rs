//! One failing fixture per rule (every rule has one, and every code in the
//! rules' source too), then more about some rules: duplicates, cycles,
//! required fields, the budget threshold, a bad config.

use super::*;

/// A way to break the minimal plan so that one rule fires.
pub(super) struct Fixture {
    pub(super) code: &'static str,
    /// The file the finding must be reported on, when it is certain.
    pub(super) file: Option<&'static str>,
    /// Extra arguments to `check`.
    pub(super) args: &'static [&'static str],
    pub(super) setup: fn(&Path),
}

pub(super) const FIXTURES: &[Fixture] = &[
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
        code: "special-file",
        file: Some("roadmap/pipe.toml"),
        args: &[],
        setup: |dir| {
            std::fs::create_dir_all(dir.join("roadmap")).unwrap();
            let made = std::process::Command::new("mkfifo")
                .arg(dir.join("roadmap/pipe.toml"))
                .status()
                .unwrap();
            assert!(made.success());
        },
    },
    Fixture {
        // A folder whose path is longer than PATH_MAX cannot be listed, even
        // by root (tests/security_repo covers permissions too).
        code: "unreadable-folder",
        file: None,
        args: &[],
        setup: |dir| {
            std::fs::create_dir_all(dir.join("roadmap")).unwrap();
            let step = "d".repeat(250);
            let made = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "cd roadmap && for i in $(seq 20); do mkdir {step} && cd -P {step} || exit 1; done"
                ))
                .current_dir(dir)
                .status()
                .unwrap();
            assert!(made.success());
        },
    },
    Fixture {
        code: "template",
        file: Some(".cto-plan/templates/new/initiative.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                ".cto-plan/templates/new/initiative.toml",
                "title = {{ title | toml }}\n{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n",
            );
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
    Fixture {
        code: "over-capacity",
        file: Some("team/teams/core.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/big.toml",
                "title = \"Big\"\nstatus = \"planned\"\nteam = \"core\"\nquarter = \"2027-Q1\"\n\
                 estimate = { engineers = 10, weeks = 10 }\n",
            )
        },
    },
    Fixture {
        code: "unstaffed-team",
        file: Some("team/teams/empty.toml"),
        args: &[],
        setup: |dir| {
            write(dir, "team/teams/empty.toml", "name = \"Empty\"\n");
            write(
                dir,
                "roadmap/orphan-work.toml",
                "title = \"Orphan work\"\nstatus = \"planned\"\nteam = \"empty\"\n\
                 quarter = \"2027-Q1\"\nestimate = { engineers = 1, weeks = 4 }\n",
            )
        },
    },
    Fixture {
        code: "dependency-order",
        file: Some("roadmap/early.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/early.toml",
                "title = \"Early\"\nstatus = \"planned\"\nquarter = \"2027-Q1\"\n\
                 depends_on = [\"search-v2\"]\n",
            )
        },
    },
    Fixture {
        code: "key-person",
        file: Some("roadmap/stream.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "roadmap/stream.toml",
                "title = \"Streaming\"\nstatus = \"planned\"\nquarter = \"2027-Q1\"\n\
                 skills = [\"Kafka\"]\n",
            )
        },
    },
    Fixture {
        code: "owner-overloaded",
        file: Some("team/people/alice.toml"),
        args: &[],
        setup: |dir| {
            for name in ["one", "two", "three"] {
                write(
                    dir,
                    &format!("roadmap/{name}.toml"),
                    &format!(
                        "title = \"{name}\"\nstatus = \"active\"\nowner = \"alice\"\n\
                         quarter = \"2099-Q4\"\n"
                    ),
                );
            }
        },
    },
    Fixture {
        code: "over-allocated",
        file: None,
        args: &[],
        setup: |dir| {
            // Alice Martin (allocation 1) also in a second record, at half time.
            write(
                dir,
                "team/people/alice-data.toml",
                "name = \" alice martin \"\nrole = \"CTO\"\nteam = \"core\"\nallocation = 0.5\n",
            )
        },
    },
    Fixture {
        code: "untraced-initiative",
        file: Some("roadmap/side-project.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "cto-plan.toml",
                &format!("{}\n[capacity]\ntraceability = true\n", common::CONFIG),
            );
            write(
                dir,
                "roadmap/side-project.toml",
                "title = \"Side project\"\nstatus = \"active\"\nowner = \"bob\"\nquarter = \"2027-Q1\"\n",
            )
        },
    },
    Fixture {
        code: "unserved-key-result",
        file: Some("objectives/latency.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "cto-plan.toml",
                &format!("{}\n[capacity]\ntraceability = true\n", common::CONFIG),
            );
            write(
                dir,
                "objectives/latency.toml",
                "title = \"Fast search\"\nquarter = \"2027-Q1\"\nstatus = \"committed\"\n\n\
                 [key_result.p95]\nmetric = \"p95 latency\"\ntarget = 200\n",
            )
        },
    },
    Fixture {
        code: "radar-decision",
        file: Some("radar/kafka.toml"),
        args: &[],
        setup: |dir| {
            write(
                dir,
                "radar/kafka.toml",
                "name = \"Kafka\"\nquadrant = \"platforms\"\nring = \"adopt\"\n",
            )
        },
    },
];

pub(super) fn fixture(code: &str) -> &'static Fixture {
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
/// left out of `ALL` by mistake is noticed too. Rules a kind declares in its
/// spec are counted from the kinds.
#[test]
fn every_code_in_the_rules_source_has_a_fixture() {
    let source = include_str!("../../src/validate/rules.rs");
    let body = source
        .split_once("rules! {")
        .and_then(|(_, rest)| rest.split_once("\n}\n"))
        .map(|(body, _)| body)
        .expect("rules.rs has a `rules! { … }` block");
    let mut found = 0;
    for line in body.lines() {
        // `    IDENT: "code", Severity, "summary" {`; the text lines below start
        // with lower-case field names.
        let Some((ident, rest)) = line.trim_start().split_once(": \"") else {
            continue;
        };
        if !ident.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        let code = rest.split('"').next().unwrap();
        found += 1;
        assert!(
            FIXTURES.iter().any(|f| f.code == code),
            "rule `{code}` has no failing fixture"
        );
    }
    let declared_by_kinds: usize = cto_plan::model::Kind::ALL
        .iter()
        .map(|kind| kind.spec().rules.len())
        .sum();
    assert_eq!(found + declared_by_kinds, rules::ALL.len());
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
    rule_over_capacity: "over-capacity",
    rule_unstaffed_team: "unstaffed-team",
    rule_dependency_order: "dependency-order",
    rule_key_person: "key-person",
    rule_owner_overloaded: "owner-overloaded",
    rule_over_allocated: "over-allocated",
    rule_untraced_initiative: "untraced-initiative",
    rule_unserved_key_result: "unserved-key-result",
    rule_over_budget: "over-budget",
    rule_radar_decision: "radar-decision",
}

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
