//! The pull-request workflow: the ready GitHub Actions and GitLab CI jobs and
//! the pre-commit hook say what docs/ci.md says, and the shell steps of the
//! GitHub workflow run, as written, on a pull request's history.

use std::path::{Path, PathBuf};

use crate::common::{GitPlan, TODAY, signature, write};

fn repo_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The `run: |` script of the workflow step named `name`.
fn step_script(workflow: &str, name: &str) -> String {
    let mut lines = workflow
        .lines()
        .skip_while(|l| l.trim() != format!("- name: {name}"));
    assert!(lines.next().is_some(), "no step named {name}");
    let mut lines = lines.skip_while(|l| !l.trim_start().starts_with("run:"));
    let run = lines
        .next()
        .unwrap_or_else(|| panic!("step {name} has no run"));
    let indent = run.len() - run.trim_start().len();
    if let Some(one_line) = run
        .trim_start()
        .strip_prefix("run:")
        .map(str::trim)
        .filter(|r| *r != "|")
    {
        return one_line.to_owned();
    }
    lines
        .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent)
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The folder holding the binary under test, for the scripts' PATH.
fn binary_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cto-plan")
        .parent()
        .unwrap()
        .to_owned()
}

fn run_script(dir: &Path, script: &str, env: &[(&str, &str)]) -> (String, String, i32) {
    let path = format!("{}:/usr/local/bin:/usr/bin:/bin", binary_dir().display());
    let output = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("CTO_PLAN_TODAY", TODAY)
        .env("GITHUB_ACTIONS", "true")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn github_workflow_fetches_history_and_keeps_one_comment() {
    let workflow = repo_file("ci/github/cto-plan.yml");
    assert!(
        workflow.contains("fetch-depth: 0"),
        "diff BASE...HEAD needs the merge base"
    );
    assert!(workflow.contains("pull-requests: write"));
    assert!(step_script(&workflow, "Check the plan").contains("check --format github"));
    let diff = step_script(&workflow, "Diff the plan");
    assert!(
        diff.contains("diff \"$BASE...$HEAD\" --format markdown"),
        "{diff}"
    );
    assert!(diff.contains("$GITHUB_STEP_SUMMARY"));
    let comment = step_script(&workflow, "Comment on the pull request");
    // The comment is found again by the marker the Markdown starts with, and edited.
    assert!(
        comment.contains(cto_plan::render::diff::COMMENT_MARKER),
        "{comment}"
    );
    assert!(comment.contains("--method PATCH"));
}

#[test]
fn github_workflow_steps_run_on_a_pull_request() {
    let git = GitPlan::new("plan");
    let base = git.repo.head().unwrap().peel_to_commit().unwrap();
    // The pull request slips an initiative and adds a risk.
    git.edit(
        "roadmap/search-v2.toml",
        &[("quarter", Some("\"2100-Q1\""))],
    );
    write(
        &git.plan(),
        "risks/vendor.toml",
        "title = \"Vendor | <b>lock-in</b>\"\nlikelihood = 2\nimpact = 3\nstatus = \"open\"\nopened = 2026-11-01\n",
    );
    let head = git.commit("Slip search, add a risk");
    // Meanwhile main moved on with a change the pull request must not show.
    let sig = signature();
    let main_tree = base.tree().unwrap();
    let main = git
        .repo
        .commit(
            None,
            &sig,
            &sig,
            "Unrelated change on main",
            &main_tree,
            &[&base],
        )
        .unwrap();

    let workflow = repo_file("ci/github/cto-plan.yml");
    let summary = git.root().join("summary.md");
    let env = [
        ("PLAN_DIR", "plan"),
        ("BASE", &main.to_string() as &str),
        ("HEAD", &head.to_string() as &str),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
    ];
    let (stdout, stderr, code) =
        run_script(git.root(), &step_script(&workflow, "Check the plan"), &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (_, stderr, code) = run_script(git.root(), &step_script(&workflow, "Diff the plan"), &env);
    assert_eq!(code, 0, "{stderr}");
    let markdown = std::fs::read_to_string(git.root().join("plan-diff.md")).unwrap();
    assert!(markdown.starts_with(&format!("{}\n", cto_plan::render::diff::COMMENT_MARKER)));
    assert!(
        markdown.contains("**1 added, 1 changed · 1 slipped**"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Vendor \\| &lt;b&gt;lock-in&lt;/b&gt;"),
        "plan text is escaped: {markdown}"
    );
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        markdown,
        "the job summary gets the same Markdown"
    );

    // A broken plan fails the check step with annotations on the line.
    write(
        &git.plan(),
        "roadmap/billing.toml",
        "title = \"Billing\"\nstatus = \"shiped\"\n",
    );
    let (stdout, _, code) = run_script(git.root(), &step_script(&workflow, "Check the plan"), &env);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("::error file=plan/roadmap/billing.toml,line=2,col=10,"),
        "{stdout}"
    );
}

#[test]
fn gitlab_job_fetches_history_and_keeps_one_note() {
    let job = repo_file("ci/gitlab/cto-plan.gitlab-ci.yml");
    assert!(job.contains("GIT_DEPTH: 0"));
    assert!(job.contains("check --format json"));
    assert!(
        job.contains(
            "diff \"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME...HEAD\" --format markdown"
        )
    );
    assert!(job.contains(cto_plan::render::diff::COMMENT_MARKER));
    assert!(
        job.contains("--request PUT"),
        "the note is updated, not repeated"
    );
}

#[test]
fn pre_commit_hook_runs_check_on_the_plan() {
    let hooks = repo_file(".pre-commit-hooks.yaml");
    assert!(hooks.contains("- id: cto-plan-check"));
    assert!(hooks.contains("pass_filenames: false"));
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .unwrap();
    let git = GitPlan::new("");
    let (stdout, stderr, code) = run_script(git.root(), entry, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("no problems"), "{stdout}");
}
