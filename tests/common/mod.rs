//! Helpers shared by the integration tests: plans in temporary folders and
//! the binary run hermetically (this module), git repositories built with
//! git2 ([`repo`]), small record builders ([`records`]), the scripted quarter
//! history that `review` and `history` both read ([`quarter`]), and the
//! Markdown-inertness assertions of `diff` and `review` ([`markdown`]).

// Every test module uses a different part of these helpers.
#![allow(dead_code)]

pub mod html;
pub mod linters;
pub mod markdown;
pub mod quarter;
pub mod records;
pub mod repo;

// The git helpers are used everywhere: `common::GitPlan` reads better than
// `common::repo::GitPlan`.
pub use repo::*;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// "Today" for every run, unless a test picks another date on purpose.
pub const TODAY: &str = "2026-11-27";

/// `cto-plan.toml` of the minimal plan.
pub const CONFIG: &str = "[plan]\nname = \"Acme\"\ncurrency = \"USD\"\n";

/// The records of the minimal valid plan: every path and its text. Together
/// they check clean on [`TODAY`] (and for years after it).
pub const MINIMAL_RECORDS: &[(&str, &str)] = &[
    (
        "team/people/alice.toml",
        r#"name = "Alice Martin"
role = "CTO"
team = "core"
joined = 2024-02-01
"#,
    ),
    (
        "team/people/bob.toml",
        r#"name = "Bob Stone"
role = "Staff Engineer"
team = "core"
manager = "alice"
"#,
    ),
    (
        "team/teams/core.toml",
        r#"name = "Core"
lead = "alice"
mission = "Keep the lights on."
"#,
    ),
    (
        "roadmap/search-v2.toml",
        r#"title = "Search v2"
status = "active"
owner = "alice"
team = "core"
quarter = "2099-Q4"
priority = "p1"
decisions = ["use-postgres"]
tags = ["search", "infra"]
"#,
    ),
    (
        "roadmap/billing.toml",
        r#"title = "Usage-based billing"
status = "planned"
owner = "bob"
team = "core"
quarter = "2099-Q4"
depends_on = ["search-v2"]
tags = ["billing"]
"#,
    ),
    (
        "decisions/use-postgres.toml",
        r#"title = "Use Postgres for search"
status = "accepted"
proposed = 2026-01-05
decided = 2026-01-10
deciders = ["alice"]
context = "We need a database."
decision = "Postgres."
"#,
    ),
];

/// How many records the minimal plan holds.
pub const MINIMAL_COUNT: usize = MINIMAL_RECORDS.len();

/// Writes `text` to `dir/path`, creating folders on the way.
pub fn write(dir: &Path, path: &str, text: &str) {
    write_bytes(dir, path, text.as_bytes());
}

/// Writes raw bytes to `dir/path`, creating folders on the way.
pub fn write_bytes(dir: &Path, path: &str, bytes: &[u8]) {
    let full = dir.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&full, bytes).unwrap();
}

/// Writes the minimal valid plan into `dir`.
pub fn minimal_plan(dir: &Path) {
    write(dir, "cto-plan.toml", CONFIG);
    for (path, text) in MINIMAL_RECORDS {
        write(dir, path, text);
    }
}

/// A temporary folder holding the minimal valid plan.
pub fn plan() -> TempDir {
    let dir = TempDir::new().unwrap();
    minimal_plan(dir.path());
    dir
}

/// A temporary folder holding only `cto-plan.toml`.
pub fn empty_plan() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "cto-plan.toml", CONFIG);
    dir
}

/// The binary with a clean environment and a fixed today, run in `dir`.
pub fn command_at(dir: &Path, today: &str) -> Command {
    let mut cmd = Command::cargo_bin("cto-plan").unwrap();
    cmd.env_clear()
        .env("CTO_PLAN_TODAY", today)
        .arg("-C")
        .arg(dir);
    cmd
}

/// [`command_at`] with [`TODAY`].
pub fn command(dir: &Path) -> Command {
    command_at(dir, TODAY)
}

/// Runs `cto-plan -C dir ARGS…`; returns stdout, stderr and the exit code.
pub fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    run_at(dir, TODAY, args)
}

/// [`run`] with another today.
pub fn run_at(dir: &Path, today: &str, args: &[&str]) -> (String, String, i32) {
    let output = command_at(dir, today).args(args).output().unwrap();
    let code = output.status.code().unwrap_or(-1);
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        code,
    )
}

/// `cto-plan --color never -C DIR ARGS…` with today = `today`: the form the
/// history and review tests compare character for character.
pub fn run_in(dir: &Path, today: &str, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    run_at(dir, today, &all)
}

/// [`run_in`] that must exit 0 without a word on stderr; its stdout.
pub fn ok_in(dir: &Path, today: &str, args: &[&str]) -> String {
    let (stdout, stderr, code) = run_in(dir, today, args);
    assert_eq!(
        code, 0,
        "{args:?} exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(stderr, "", "{args:?} wrote to stderr");
    stdout
}

/// [`ok_in`], parsed as JSON.
pub fn json_in(dir: &Path, today: &str, args: &[&str]) -> serde_json::Value {
    let stdout = ok_in(dir, today, args);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}):\n{stdout}"))
}

/// `check --format json ARGS…`, parsed; the exit code beside it.
pub fn check_json(dir: &Path, args: &[&str]) -> (Vec<serde_json::Value>, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (stdout, stderr, code) = run(dir, &all);
    assert!(
        code == 0 || code == 1,
        "check exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{stdout}"));
    (findings, code)
}

/// The codes of the findings, in output order.
pub fn codes(findings: &[serde_json::Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

/// The findings with `code`.
pub fn with_code<'a>(findings: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    findings.iter().filter(|f| f["code"] == code).collect()
}

/// Every file below `dir` with its bytes, sorted by path (`.git` left out).
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            let file_type = entry.file_type().unwrap();
            if file_type.is_dir() {
                walk(&path, base, out);
            } else if file_type.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(base).unwrap().to_owned(), bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
