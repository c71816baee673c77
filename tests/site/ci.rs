//! The Pages templates: the GitHub workflow passes actionlint and zizmor
//! and its scripts shellcheck (each skipped with a note when not installed,
//! as tests/ci.rs does); both templates build the site with the command
//! this build has, and publish only from the default branch.

use std::path::Path;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
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
    let workflow = crate::common::linters::install_workflow(dir.path(), "ci/github/pages.yml");
    // The workflow's one-line `run:` steps, for shellcheck.
    let script: String = repo_file("ci/github/pages.yml")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!script.contains("${{"), "an expression inside a script");
    let script_path = dir.path().join("steps.sh");
    std::fs::write(&script_path, format!("#!/bin/bash\n{script}")).unwrap();
    crate::common::linters::lint(dir.path(), &workflow, &[script_path]);
}
