//! `--help` on an 80-column terminal: wrapped, global options under their
//! own heading, `--at` only on the commands that take it, `--format` told
//! the same way everywhere; and the hint for a plan outside git.

use crate::common::{TODAY, command_at, plan, run};

/// Every command's path (`["person", "leave"]`), from the help's lists.
fn commands(dir: &std::path::Path) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let (help, stderr, code) = run(dir, &args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let listed = help
            .split("\nCommands:\n")
            .nth(1)
            .map(|rest| rest.split("\n\n").next().unwrap_or(""))
            .unwrap_or("");
        for line in listed.lines() {
            let Some(name) = line
                .strip_prefix("  ")
                .and_then(|l| l.split_whitespace().next())
            else {
                continue;
            };
            if line.starts_with("   ") || name == "help" {
                continue;
            }
            let mut sub = path.clone();
            sub.push(name.to_owned());
            todo.push(sub);
        }
        if !path.is_empty() {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// `cto-plan ARGS… --help` (long) on a terminal COLUMNS wide.
fn help_at(dir: &std::path::Path, columns: &str, args: &[String]) -> String {
    let output = command_at(dir, TODAY)
        .env("COLUMNS", columns)
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn help_wraps_at_80_columns() {
    let dir = plan();
    let all = commands(dir.path());
    assert!(all.len() > 20, "{all:?}");
    for path in std::iter::once(Vec::new()).chain(all) {
        let help = help_at(dir.path(), "80", &path);
        for line in help.lines() {
            assert!(
                line.chars().count() <= 80,
                "`{} --help` has a line of {} characters:\n{line}",
                path.join(" "),
                line.chars().count()
            );
        }
    }
}

#[test]
fn global_options_have_their_heading_and_at_goes_only_where_it_is_read() {
    let dir = plan();
    let reads_the_past = [
        "check",
        "list",
        "show",
        "diff",
        "log",
        "blame",
        "review",
        "radar",
        "capacity",
        "skills",
        "export",
        "export csv",
        "export ics",
        "export json",
    ];
    for path in commands(dir.path()) {
        let help = help_at(dir.path(), "100", &path);
        let name = path.join(" ");
        let global = help
            .split("\nGlobal options:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("`{name} --help` has no global options:\n{help}"));
        assert!(global.starts_with("  -C <DIR>"), "{name}:\n{help}");
        assert!(global.contains("\n      --color <WHEN>"), "{name}:\n{help}");
        let options = help.split("\nGlobal options:\n").next().unwrap();
        assert!(!options.contains("--color"), "{name}:\n{help}");
        let takes_at = reads_the_past.contains(&name.as_str());
        assert_eq!(help.contains("--at <WHEN>"), takes_at, "{name}:\n{help}");
        if let Some(format) = help.split("\n      --format <FORMAT>\n").nth(1) {
            assert!(
                format.starts_with("          Output format\n"),
                "`{name} --help` describes --format otherwise:\n{help}"
            );
        }
    }
}

#[test]
fn at_is_refused_by_the_commands_that_do_not_read_the_past() {
    let dir = plan();
    let (_, stderr, code) = run(dir.path(), &["init", "x", "--at", "2026-Q1"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unexpected argument '--at'"), "{stderr}");
    let (_, stderr, code) = run(dir.path(), &["--at", "2026-Q1", "set", "x", "a=b"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "--at reads the plan as it was: it goes with check, list, show, diff, log, blame, review, radar, capacity, skills and export"
        ),
        "{stderr}"
    );
}

#[test]
fn outside_git_the_hint_names_no_option_that_was_not_given() {
    let dir = plan();
    let (_, stderr, code) = run(dir.path(), &["log"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("hint: this reads the plan's git history"),
        "{stderr}"
    );
    assert!(!stderr.contains("drop `--rev`"), "{stderr}");
    assert!(
        stderr.contains(
            "without `--rev` or `--at`, check, list and show read the working tree alone"
        ),
        "{stderr}"
    );
}

#[test]
fn at_reads_the_same_before_and_after_the_command() {
    let fx = crate::common::quarter::fixture();
    let before = crate::common::ok_in(
        fx.path(),
        TODAY,
        &["--at", "2026-Q2", "list", "initiative", "--format", "json"],
    );
    let after = crate::common::ok_in(
        fx.path(),
        TODAY,
        &["list", "--at", "2026-Q2", "initiative", "--format", "json"],
    );
    assert_eq!(before, after);
    let now = crate::common::ok_in(
        fx.path(),
        TODAY,
        &["list", "initiative", "--format", "json"],
    );
    assert_ne!(before, now, "the fixture changed since 2026-Q2");
}
