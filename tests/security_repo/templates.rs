//! Templates a pull request can add (`.cto-plan/templates/`) and review
//! templates (`--template`): they run within limits of work, nesting and
//! output, fail with a located error (exit 2) instead of hanging, are
//! reported by `check`, and show up in `diff`.

use super::run_bounded;
use crate::common::{GitPlan, write};

/// Nested loops of 10^10 steps.
const LOOPS: &str = "title = \"x\"\n{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n";

/// A string that triples 64 times: 8 × 3^64 bytes.
const GROWTH: &str = "title = \"x\"\n{% set ns = namespace(s='xxxxxxxx') %}\n{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s ~ ns.s %}{% endfor %}{{ ns.s }}\n";

/// A macro that calls itself without end.
const RECURSION: &str = "title = \"x\"\n{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}\n";

#[test]
fn runaway_record_templates_fail_new_with_a_located_error() {
    for (name, source, line) in [
        ("loops", LOOPS, 2),
        ("growth", GROWTH, 3),
        ("recursion", RECURSION, 2),
    ] {
        let git = GitPlan::new("");
        write(
            git.root(),
            ".cto-plan/templates/new/initiative.toml",
            source,
        );
        let run = run_bounded(
            git.root(),
            &["new", "initiative", "search", "--title", "Search"],
        );
        assert_eq!(run.finished(name), 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!(
                    ".cto-plan/templates/new/initiative.toml: the template does not render (line {line})"
                )),
            "{name} names the template and line: {}",
            run.stderr
        );
        assert!(
            !git.root().join("roadmap/search.toml").exists(),
            "{name}: nothing was written"
        );
    }
}

#[test]
fn runaway_review_templates_fail_review_with_a_located_error() {
    let git = GitPlan::new("");
    for (name, source) in [
        ("loops.md.j2", LOOPS),
        ("growth.md.j2", GROWTH),
        ("recursion.md.j2", RECURSION),
    ] {
        write(git.root(), name, source);
        let run = run_bounded(git.root(), &["review", "--template", name]);
        assert_eq!(run.finished(name), 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(name) && run.stderr.contains("template error"),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn check_reports_runaway_and_broken_templates() {
    let git = GitPlan::new("");
    write(git.root(), ".cto-plan/templates/new/initiative.toml", LOOPS);
    write(git.root(), ".cto-plan/templates/new/risk.toml", GROWTH);
    write(git.root(), ".cto-plan/templates/deep.md.j2", RECURSION);
    write(
        git.root(),
        ".cto-plan/templates/broken.md.j2",
        "# Review\n{{ oops( }}\n",
    );
    // A good template is not reported.
    write(
        git.root(),
        ".cto-plan/templates/new/decision.toml",
        "title = {{ title | toml }}\nstatus = \"proposed\"\nproposed = {{ today }}\n",
    );
    let run = run_bounded(git.root(), &["check", "--format", "json"]);
    assert_eq!(run.finished("check"), 1, "{}", run.stderr);
    let found: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let reported: Vec<(&str, u64)> = found
        .iter()
        .filter(|f| f["code"] == "template")
        .map(|f| (f["file"].as_str().unwrap(), f["line"].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(
        reported,
        [
            (".cto-plan/templates/broken.md.j2", 2),
            (".cto-plan/templates/deep.md.j2", 2),
            (".cto-plan/templates/new/initiative.toml", 2),
            (".cto-plan/templates/new/risk.toml", 3),
        ],
        "{found:?}"
    );
    // Committed, `--at` checks them from the revision.
    git.commit("Add templates");
    let run = run_bounded(git.root(), &["--at", "HEAD", "check", "--format", "json"]);
    assert_eq!(run.finished("--at HEAD check"), 1, "{}", run.stderr);
    let found: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(found.iter().filter(|f| f["code"] == "template").count(), 4);
}

#[test]
fn diff_shows_template_changes() {
    let git = GitPlan::new("");
    write(
        git.root(),
        ".cto-plan/templates/new/initiative.toml",
        "title = \"x\"\n",
    );
    write(git.root(), ".cto-plan/templates/old.md.j2", "old\n");
    let base = git.commit("Add templates");
    write(git.root(), ".cto-plan/templates/new/initiative.toml", LOOPS);
    std::fs::remove_file(git.root().join(".cto-plan/templates/old.md.j2")).unwrap();
    write(git.root(), ".cto-plan/templates/review.md.j2", "new\n");
    // Against the working tree, then between commits.
    let worktree = run_bounded(git.root(), &["diff", "--format", "json"]);
    assert_eq!(worktree.finished("diff"), 0, "{}", worktree.stderr);
    git.commit("Change templates");
    let committed = run_bounded(
        git.root(),
        &["diff", &base.to_string(), "HEAD", "--format", "json"],
    );
    assert_eq!(committed.finished("diff A B"), 0, "{}", committed.stderr);
    for run in [&worktree, &committed] {
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            json["templates"],
            serde_json::json!([
                {"path": ".cto-plan/templates/new/initiative.toml", "change": "modified"},
                {"path": ".cto-plan/templates/old.md.j2", "change": "removed"},
                {"path": ".cto-plan/templates/review.md.j2", "change": "added"},
            ]),
            "{}",
            run.stdout
        );
    }
    let text = run_bounded(git.root(), &["diff", &base.to_string(), "HEAD"]);
    assert!(
        text.stdout
            .contains(".cto-plan/templates/new/initiative.toml (modified)"),
        "{}",
        text.stdout
    );
    let markdown = run_bounded(
        git.root(),
        &["diff", &base.to_string(), "HEAD", "--format", "markdown"],
    );
    assert!(
        markdown.stdout.contains("Templates changed"),
        "{}",
        markdown.stdout
    );
}
