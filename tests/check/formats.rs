//! The output formats: text (rustc style, no colour when piped, the summary
//! line, locations), JSON, GitHub workflow commands (escaping and the
//! annotation limit) and SARIF.

use super::rule_fixtures::{FIXTURES, fixture};
use super::*;

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
