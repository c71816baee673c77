//! ADRs without dates, dated by the git history of their own files (a
//! repository built with fixed times), and re-runs after the ADRs change.

use crate::common::{ALICE, BOB, GitPlan, run_in};

const PROPOSED: &str = "# 1. Use Rust\n\n## Status\n\nProposed\n\n## Context\n\nWe need speed.\n\n## Decision\n\nWe will use Rust.\n";

fn record(git: &GitPlan, id: &str) -> toml::Table {
    let text = std::fs::read_to_string(git.plan().join(format!("decisions/{id}.toml")))
        .unwrap_or_else(|e| panic!("decisions/{id}.toml: {e}"));
    toml::from_str(&text).unwrap()
}

#[test]
fn dates_come_from_the_files_history() {
    let git = GitPlan::new("");
    git.write("doc/adr/0001-use-rust.md", PROPOSED);
    git.commit_as(ALICE, "2026-02-01T10:00:00+00:00", "Propose Rust");
    git.write("notes.txt", "unrelated\n");
    git.commit_as(BOB, "2026-02-15T10:00:00+00:00", "Unrelated");
    git.write(
        "doc/adr/0001-use-rust.md",
        &PROPOSED.replace("Proposed", "Accepted"),
    );
    git.write(
        "doc/adr/0002-use-cargo.md",
        "# 2. Use Cargo\n\n## Status\n\nAccepted\n\n## Context\n\nBuilds.\n\n## Decision\n\nCargo.\n",
    );
    // Late in the evening west of UTC: the day is the committer's own.
    git.commit_as(BOB, "2026-03-03T23:30:00-08:00", "Accept Rust, use Cargo");
    git.write(
        "doc/adr/0001-use-rust.md",
        &PROPOSED
            .replace("Proposed", "Accepted")
            .replace("speed", "speed and safety"),
    );
    git.commit_as(ALICE, "2026-03-20T10:00:00+00:00", "Typo");
    // Not committed, and no date in the text.
    git.write(
        "doc/adr/0003-use-wasm.md",
        "# 3. Use Wasm\n\n## Status\n\nAccepted\n\n## Context\n\nPlugins.\n\n## Decision\n\nWasm.\n",
    );

    let plan = git.plan();
    let (out, err, code) = import_with_write(&plan);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("doc/adr/0003-use-wasm.md: has no date and no commit in git"),
        "{err}"
    );
    let rust = record(&git, "2026-02-01-use-rust");
    assert_eq!(
        rust["proposed"].to_string(),
        "2026-02-01",
        "the commit that added it"
    );
    assert_eq!(
        rust["decided"].to_string(),
        "2026-03-03",
        "the commit that accepted it"
    );
    assert!(
        rust["context"]
            .as_str()
            .unwrap()
            .contains("speed and safety")
    );
    let cargo = record(&git, "2026-03-03-use-cargo");
    assert_eq!(cargo["proposed"].to_string(), "2026-03-03");
    assert_eq!(cargo["decided"].to_string(), "2026-03-03");

    // The import did not touch git: no commit, nothing staged.
    let head = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.summary(), Ok(Some("Typo")));

    // Committed, the import is clean; a re-run changes nothing.
    std::fs::remove_file(plan.join("doc/adr/0003-use-wasm.md")).unwrap();
    git.commit_as(ALICE, "2026-03-21T10:00:00+00:00", "Import the ADRs");
    let (out, err, code) = import_with_write(&plan);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("0 to create, 0 to update, 2 unchanged"),
        "{out}"
    );

    // Deprecating one ADR updates that record only, dated by its commit.
    git.write(
        "doc/adr/0002-use-cargo.md",
        "# 2. Use Cargo\n\n## Status\n\nDeprecated\n\n## Context\n\nBuilds.\n\n## Decision\n\nCargo.\n",
    );
    git.commit_as(BOB, "2026-04-02T09:00:00+00:00", "Deprecate Cargo");
    let (out, err, code) = import_with_write(&plan);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("update decisions/2026-03-03-use-cargo.toml (status, decided)"),
        "{out}"
    );
    assert!(
        out.contains("0 to create, 1 to update, 1 unchanged"),
        "{out}"
    );
    let cargo = record(&git, "2026-03-03-use-cargo");
    assert_eq!(cargo["status"].as_str(), Some("deprecated"));
    assert_eq!(cargo["decided"].to_string(), "2026-04-02");
}

#[test]
fn a_supersede_added_later_updates_both_records() {
    let git = GitPlan::new("");
    let one = "# 1. Use REST\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nAPIs.\n\n## Decision\n\nREST.\n";
    git.write("doc/adr/0001-use-rest.md", one);
    let plan = git.plan();
    let (out, err, code) = import_with_write(&plan);
    assert_eq!(code, 0, "{out}{err}");
    git.write(
        "doc/adr/0002-use-grpc.md",
        "# 2. Use gRPC\n\nDate: 2026-02-02\n\n## Status\n\nAccepted\n\nSupersedes [1. Use REST](0001-use-rest.md)\n\n## Context\n\nSpeed.\n\n## Decision\n\ngRPC.\n",
    );
    let (out, err, code) = import_with_write(&plan);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("update decisions/2026-01-02-use-rest.toml (status)"),
        "{out}"
    );
    assert!(
        out.contains("1 to create, 1 to update, 0 unchanged"),
        "{out}"
    );
    let rest = record(&git, "2026-01-02-use-rest");
    assert_eq!(rest["status"].as_str(), Some("superseded"));
    let grpc = record(&git, "2026-02-02-use-grpc");
    assert_eq!(
        grpc["supersedes"].as_array().unwrap()[0].as_str(),
        Some("2026-01-02-use-rest")
    );
}

/// `import adr doc/adr --write` in the plan at `plan`: (stdout, stderr,
/// exit code).
fn import_with_write(plan: &std::path::Path) -> (String, String, i32) {
    run_in(plan, "2026-11-27", &["import", "adr", "doc/adr", "--write"])
}
