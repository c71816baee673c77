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

/// The lines of the job `name` in a workflow's `jobs:`, its header included.
fn job<'w>(workflow: &'w str, name: &str) -> Vec<&'w str> {
    let header = format!("  {name}:");
    let mut lines = workflow.lines().skip_while(|l| *l != header);
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no job named {name}"));
    std::iter::once(first)
        .chain(lines.take_while(|l| l.is_empty() || l.starts_with("   ")))
        .collect()
}

/// A GitLab `script:` item written as a `- |` block whose first line is
/// `first`, with the block's indentation removed (so the Python inside
/// keeps its own).
fn gitlab_block(job: &str, first: &str) -> String {
    let mut lines = job.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "- |" && lines.peek().is_some_and(|l| l.trim() == first) {
            let indent = {
                let next = lines.peek().unwrap();
                next.len() - next.trim_start().len()
            };
            return lines
                .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent)
                .map(|l| l.get(indent..).unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    panic!("no script block starting with {first}");
}

/// The value of `NAME: value` in a template (the first one), unquoted.
fn setting<'t>(template: &'t str, name: &str) -> &'t str {
    template
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name}"))
        .trim()
        .trim_matches('"')
}

#[test]
fn github_workflow_grants_each_job_only_what_it_needs() {
    let workflow = repo_file("ci/github/cto-plan.yml");
    assert!(
        workflow.lines().any(|l| l == "permissions: {}"),
        "no job may inherit a permission"
    );
    let plan = job(&workflow, "plan").join("\n");
    assert!(plan.contains("      contents: read"), "{plan}");
    assert!(
        !plan.contains(": write"),
        "the job that runs cto-plan writes nothing: {plan}"
    );
    assert!(
        plan.contains("fetch-depth: 0"),
        "diff BASE...HEAD needs the merge base"
    );
    assert!(plan.contains("persist-credentials: false"), "{plan}");
    assert!(plan.contains("outputs:\n      diff: ${{ steps.diff.outcome }}"));
    assert!(step_script(&workflow, "Check the plan").contains("check --format github"));

    // The job that may write runs nothing from the pull request, and only
    // when the diff worked.
    let comment = job(&workflow, "comment").join("\n");
    assert!(comment.contains("      pull-requests: write"), "{comment}");
    assert!(comment.contains("needs: plan"));
    assert!(
        comment.contains("needs.plan.outputs.diff == 'success'"),
        "{comment}"
    );
    for forbidden in ["actions/checkout", "cargo ", "cto-plan -C", "actions/cache"] {
        assert!(
            !comment.contains(forbidden),
            "{forbidden} in the writing job"
        );
    }
    assert_eq!(
        workflow.matches("persist-credentials: false").count(),
        workflow.matches("actions/checkout@").count()
    );

    // One run per pull request: a newer push cancels the older one.
    let concurrency: Vec<&str> = workflow
        .lines()
        .skip_while(|l| *l != "concurrency:")
        .take(3)
        .collect();
    assert!(
        concurrency[1]
            .contains("group: ${{ github.workflow }}-${{ github.event.pull_request.number"),
        "{concurrency:?}"
    );
    assert_eq!(concurrency[2].trim(), "cancel-in-progress: true");
}

/// Every `uses:` of a text: the action and what follows its `@`.
fn uses(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: "))
        .map(|u| {
            let (action, pin) = u.split_once('@').unwrap_or((u, ""));
            (action.to_owned(), pin.to_owned())
        })
        .collect()
}

#[test]
fn actions_are_pinned_to_commits_and_the_docs_use_the_same_pins() {
    let workflow = repo_file("ci/github/cto-plan.yml");
    let docs = repo_file("docs/ci.md");
    let pinned = |pin: &str| {
        let (sha, comment) = pin.split_once(" # v").unwrap_or((pin, ""));
        sha.len() == 40
            && sha
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && comment.split('.').count() == 3
            && comment.split('.').all(|n| n.parse::<u32>().is_ok())
    };
    let in_workflow = uses(&workflow);
    assert!(in_workflow.len() >= 4, "{in_workflow:?}");
    for (action, pin) in in_workflow.iter().chain(&uses(&docs)) {
        assert!(
            pinned(pin),
            "{action}@{pin}: pin a full commit id, with its version in a comment"
        );
    }
    // The same action is pinned to the same commit everywhere.
    let mut pins = std::collections::HashMap::new();
    for (action, pin) in in_workflow.iter().chain(&uses(&docs)) {
        let first = pins.entry(action.clone()).or_insert_with(|| pin.clone());
        assert_eq!(first, pin, "{action} is pinned twice, differently");
    }
}

#[test]
fn cto_plan_is_built_at_a_pinned_revision_and_cached() {
    let workflow = repo_file("ci/github/cto-plan.yml");
    let gitlab = repo_file("ci/gitlab/cto-plan.gitlab-ci.yml");
    let docs = repo_file("docs/ci.md");
    for template in [&workflow, &gitlab] {
        let rev = setting(template, "CTO_PLAN_REV");
        assert!(!rev.is_empty() && rev != "main" && rev != "master", "{rev}");
        assert_eq!(
            setting(template, "CTO_PLAN_GIT"),
            setting(&workflow, "CTO_PLAN_GIT")
        );
        assert!(
            template.contains(r#"--git "$CTO_PLAN_GIT" --rev "$CTO_PLAN_REV" cto-plan"#),
            "install the pinned revision"
        );
        assert_eq!(
            template.matches("cargo install").count(),
            template.matches("--rev \"$CTO_PLAN_REV\"").count(),
            "every install is pinned"
        );
    }
    // The build is cached under a key that changes with the revision, and
    // skipped when the cache has it.
    let cache = job(&workflow, "plan")
        .into_iter()
        .skip_while(|l| !l.contains("actions/cache@"))
        .take(5)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(cache.contains("path: ~/.cargo/bin/cto-plan"), "{cache}");
    assert!(
        cache.contains("key: cto-plan-") && cache.contains("env.CTO_PLAN_REV"),
        "{cache}"
    );
    assert!(workflow.contains("if: steps.cache.outputs.cache-hit != 'true'"));
    assert!(gitlab.contains("key: cto-plan-$CTO_PLAN_REV"));
    assert!(gitlab.contains("if [ ! -x .cache/cto-plan/bin/cto-plan ]; then"));
    for word in ["CTO_PLAN_REV", "CTO_PLAN_GIT", "~/.cargo/bin/cto-plan"] {
        assert!(docs.contains(word), "docs/ci.md explains {word}");
    }
    assert!(
        !docs.contains("YOUR-ORG"),
        "the docs name where cto-plan lives"
    );
}

/// A fake `gh` for the comment step: a GET answers with the comments in
/// `$COMMENTS` through gh's own `--jq` (jq), every call is logged.
const FAKE_GH: &str = r#"#!/bin/bash
printf '%s\n' "$*" >> "$CALLS"
jq=""
method=GET
while [ $# -gt 0 ]; do
  case "$1" in
    --jq) jq="$2"; shift ;;
    --method) method="$2"; shift ;;
  esac
  shift
done
if [ "$method" = GET ]; then jq -r "$jq" < "$COMMENTS"; fi
"#;

fn fake_tool(dir: &Path, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let path = bin.join(name);
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// `script` run by bash with the fake tools of `dir/bin` first on PATH.
fn run_with_fakes(dir: &Path, script: &str, env: &[(&str, &str)]) -> (String, String, i32) {
    let path = format!("{}:/usr/local/bin:/usr/bin:/bin", dir.join("bin").display());
    let output = std::process::Command::new("bash")
        .args(["-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
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
fn github_comment_edits_only_the_bots_own_comment() {
    crate::common::linters::which("jq").expect("jq runs the fake gh's --jq");
    let marker = cto_plan::render::diff::COMMENT_MARKER;
    let workflow = repo_file("ci/github/cto-plan.yml");
    let script = step_script(&workflow, "Comment on the pull request");
    let dir = tempfile::TempDir::new().unwrap();
    fake_tool(dir.path(), "gh", FAKE_GH);
    write(
        dir.path(),
        "plan-diff.md",
        &format!("{marker}\n**1 added**\n"),
    );
    let comment = |id: u64, login: &str, kind: &str, body: &str| serde_json::json!({ "id": id, "user": { "login": login, "type": kind }, "body": body });
    let calls = dir.path().join("calls");
    let env = [
        ("CALLS", calls.to_str().unwrap()),
        ("COMMENTS", "comments.json"),
        ("GH_TOKEN", "t"),
        ("GH_REPO", "acme/plan"),
        ("PR", "7"),
    ];
    let squatted = vec![
        // Someone else's comment that starts with the marker.
        comment(11, "mallory", "User", &format!("{marker}\ngotcha")),
        // The bot's comment of another workflow.
        comment(12, "github-actions[bot]", "Bot", "Build passed"),
        comment(
            13,
            "github-actions[bot]",
            "Bot",
            &format!("{marker}\nold diff"),
        ),
    ];
    write(
        dir.path(),
        "comments.json",
        &serde_json::to_string(&squatted).unwrap(),
    );
    let (stdout, stderr, code) = run_with_fakes(dir.path(), &script, &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let log = std::fs::read_to_string(&calls).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("repos/acme/plan/issues/7/comments --paginate"),
        "{log}"
    );
    assert_eq!(
        lines[1],
        "api --method PATCH repos/acme/plan/issues/comments/13 -F body=@plan-diff.md"
    );

    // With only the squatter's comment, the bot posts its own.
    write(
        dir.path(),
        "comments.json",
        &serde_json::to_string(&squatted[..2]).unwrap(),
    );
    std::fs::remove_file(&calls).unwrap();
    let (stdout, stderr, code) = run_with_fakes(dir.path(), &script, &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let log = std::fs::read_to_string(&calls).unwrap();
    assert_eq!(
        log.lines().nth(1),
        Some("api --method POST repos/acme/plan/issues/7/comments -F body=@plan-diff.md"),
        "{log}"
    );
}

/// A fake `curl` for the GitLab note: `/user` is the bot (id 42), notes
/// pages come from `notes-PAGE.json` (an empty page past the last), and
/// every call is logged.
const FAKE_CURL: &str = r#"#!/bin/bash
printf '%s\n' "$*" >> "$CALLS"
url="${*: -1}"
case "$*" in
  *--request*) ;;
  */user) printf '{"id": 42, "username": "project_1_bot"}' ;;
  *page=*) page="${url##*page=}"; cat "notes-$page.json" 2> /dev/null || printf '[]' ;;
esac
"#;

#[test]
fn gitlab_note_pages_through_notes_and_edits_only_the_bots_own() {
    let marker = cto_plan::render::diff::COMMENT_MARKER;
    let job = repo_file("ci/gitlab/cto-plan.gitlab-ci.yml");
    let script = gitlab_block(&job, "# Post the diff as the bot's one note.");
    let dir = tempfile::TempDir::new().unwrap();
    fake_tool(dir.path(), "curl", FAKE_CURL);
    write(
        dir.path(),
        "plan-diff.md",
        &format!("{marker}\n**1 added**\n"),
    );
    let note = |id: u64, author: u64, body: &str| serde_json::json!({ "id": id, "author": { "id": author }, "body": body });
    // A full first page of others' notes, one of them squatting the marker;
    // the bot's note is on the second page.
    let first: Vec<_> = (0..100)
        .map(|i| {
            note(
                1000 + i,
                7,
                &format!("{}comment {i}", if i == 3 { marker } else { "" }),
            )
        })
        .collect();
    write(
        dir.path(),
        "notes-1.json",
        &serde_json::to_string(&first).unwrap(),
    );
    let second = vec![
        note(2001, 8, "lgtm"),
        note(2002, 42, &format!("{marker}\nold")),
    ];
    write(
        dir.path(),
        "notes-2.json",
        &serde_json::to_string(&second).unwrap(),
    );
    let calls = dir.path().join("calls");
    let api = "https://gitlab.example/api/v4";
    let notes = format!("{api}/projects/5/merge_requests/9/notes");
    let mut env = vec![
        ("CALLS", calls.to_str().unwrap()),
        ("CI_API_V4_URL", api),
        ("CI_PROJECT_ID", "5"),
        ("CI_MERGE_REQUEST_IID", "9"),
    ];

    // Without a token nothing is called.
    let (stdout, stderr, code) = run_with_fakes(dir.path(), &script, &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!calls.exists());

    env.push(("PLAN_BOT_TOKEN", "glpat-x"));
    let (stdout, stderr, code) = run_with_fakes(dir.path(), &script, &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let log = std::fs::read_to_string(&calls).unwrap();
    let urls: Vec<&str> = log.lines().map(|l| l.rsplit(' ').next().unwrap()).collect();
    assert_eq!(
        urls,
        [
            format!("{api}/user"),
            format!("{notes}?per_page=100&page=1"),
            format!("{notes}?per_page=100&page=2"),
            format!("{notes}/2002"),
        ],
        "{log}"
    );
    assert!(
        log.lines().last().unwrap().contains("--request PUT"),
        "{log}"
    );

    // Only others' notes, on one page: the bot posts its own.
    std::fs::remove_file(dir.path().join("notes-2.json")).unwrap();
    std::fs::remove_file(&calls).unwrap();
    let (stdout, stderr, code) = run_with_fakes(dir.path(), &script, &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let log = std::fs::read_to_string(&calls).unwrap();
    let last = log.lines().last().unwrap();
    assert!(
        last.contains("--request POST") && last.ends_with(&notes),
        "{log}"
    );
}

#[test]
fn gitlab_job_diffs_against_the_merge_request_base_and_reports_code_quality() {
    let job = repo_file("ci/gitlab/cto-plan.gitlab-ci.yml");
    assert!(job.contains("GIT_DEPTH: 0"));
    assert!(!job.contains("origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"));
    assert!(job.contains("check --format codequality > gl-code-quality-report.json"));
    assert!(job.contains("reports:\n      codequality: gl-code-quality-report.json"));
    let script = gitlab_block(
        &job,
        "# Diff against the merge request's own base commit, which GitLab",
    );
    assert!(
        script.contains(r#"base="$CI_MERGE_REQUEST_DIFF_BASE_SHA""#),
        "{script}"
    );

    // A merge request whose target branch moved on after it branched off.
    let git = GitPlan::new("plan");
    let base = git.repo.head().unwrap().peel_to_commit().unwrap();
    git.edit(
        "roadmap/search-v2.toml",
        &[("quarter", Some("\"2100-Q1\""))],
    );
    let head = git.commit("Slip search");
    let sig = signature();
    let target = git
        .repo
        .commit(
            None,
            &sig,
            &sig,
            "Main moves on",
            &base.tree().unwrap(),
            &[&base],
        )
        .unwrap();
    assert_ne!(target, base.id());
    let env = [
        ("PLAN_DIR", "plan"),
        (
            "CI_MERGE_REQUEST_DIFF_BASE_SHA",
            &base.id().to_string() as &str,
        ),
        ("CI_COMMIT_SHA", &head.to_string() as &str),
    ];
    let (stdout, stderr, code) = run_script(git.root(), &script, &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.starts_with(cto_plan::render::diff::COMMENT_MARKER),
        "{stdout}"
    );
    assert!(stdout.contains("**1 changed · 1 slipped**"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(git.root().join("plan-diff.md")).unwrap(),
        stdout
    );

    // A failing diff fails the block, so the next one posts nothing.
    let env = [
        ("PLAN_DIR", "plan"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", "0000000"),
        ("CI_COMMIT_SHA", "HEAD"),
    ];
    let (_, _, code) = run_script(git.root(), &format!("set -e\n{script}"), &env);
    assert_ne!(code, 0);
}

/// The trigger filters for a plan at `plan_dir`: its settings, its hidden
/// folder and every record folder's top, or the whole folder when the plan
/// has one of its own. `gitlab` writes GitLab's `**/*` for "everything under".
fn plan_paths(plan_dir: &str, gitlab: bool) -> Vec<String> {
    let under = if gitlab { "/**/*" } else { "/**" };
    if plan_dir != "." {
        return vec![format!("{}{under}", plan_dir.trim_end_matches('/'))];
    }
    let mut folders: Vec<&str> = cto_plan::model::Kind::ALL
        .iter()
        .map(|kind| kind.folder().split('/').next().unwrap())
        .collect();
    folders.sort_unstable();
    folders.dedup();
    let mut paths = vec![
        cto_plan::store::CONFIG_FILE.to_owned(),
        format!(".cto-plan{under}"),
    ];
    paths.extend(folders.iter().map(|f| format!("{f}{under}")));
    paths
}

const PATHS_START: &str = "# plan paths: ";
const PATHS_END: &str = "# end of plan paths";

/// The template with every "plan paths" list written out from its
/// PLAN_DIR; `Err` names the first list that disagrees.
fn regenerate_plan_paths(template: &str, gitlab: bool) -> (String, Vec<String>) {
    let expected = plan_paths(setting(template, "PLAN_DIR"), gitlab);
    let mut out = Vec::new();
    let mut stale = Vec::new();
    let mut lines = template.lines();
    let mut blocks = 0;
    while let Some(line) = lines.next() {
        out.push(line.to_owned());
        if !line.trim().starts_with(PATHS_START) {
            continue;
        }
        blocks += 1;
        let indent = &line[..line.len() - line.trim_start().len()];
        let written: Vec<String> = lines
            .by_ref()
            .take_while(|l| l.trim() != PATHS_END)
            .map(|l| {
                l.trim()
                    .trim_start_matches("- ")
                    .trim_matches('"')
                    .to_owned()
            })
            .collect();
        if written != expected {
            stale.push(format!(
                "line {}: {written:?} should be {expected:?}",
                out.len()
            ));
        }
        out.extend(expected.iter().map(|p| format!("{indent}- \"{p}\"")));
        out.push(format!("{indent}{PATHS_END}"));
    }
    assert!(blocks > 0, "no plan paths list");
    (out.join("\n") + "\n", stale)
}

/// Whether a trigger pattern of [`plan_paths`] matches a repository path.
fn filter_matches(pattern: &str, path: &str) -> bool {
    match pattern
        .strip_suffix("/**/*")
        .or_else(|| pattern.strip_suffix("/**"))
    {
        Some(folder) => path
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/')),
        None => pattern == path,
    }
}

#[test]
fn trigger_paths_follow_plan_dir_and_the_plan_init_writes() {
    for (file, gitlab) in [
        ("ci/github/cto-plan.yml", false),
        ("ci/gitlab/cto-plan.gitlab-ci.yml", true),
    ] {
        let template = repo_file(file);
        // The templates' default is where `init` puts the plan: the top.
        assert_eq!(setting(&template, "PLAN_DIR"), ".", "{file}");
        let (regenerated, stale) = regenerate_plan_paths(&template, gitlab);
        if std::env::var_os("CTO_PLAN_BLESS").is_some() {
            std::fs::write(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(file),
                &regenerated,
            )
            .unwrap();
        } else {
            assert!(
                stale.is_empty(),
                "{file}: the plan paths disagree with PLAN_DIR (CTO_PLAN_BLESS=1 rewrites them): {stale:?}"
            );
        }
        // The check is real: moving the plan without the paths is caught.
        let moved = template.replacen("PLAN_DIR: \".\"", "PLAN_DIR: plans/eng", 1);
        let (fixed, stale) = regenerate_plan_paths(&moved, gitlab);
        assert!(!stale.is_empty());
        let under = if gitlab {
            "plans/eng/**/*"
        } else {
            "plans/eng/**"
        };
        assert!(fixed.contains(&format!("- \"{under}\"\n")), "{fixed}");
    }

    // Every file `init` writes, and a record in every folder, sets off the job.
    let git = GitPlan::empty("");
    let (_, stderr, code) = crate::common::run(git.root(), &["init"]);
    assert_eq!(code, 0, "{stderr}");
    let mut files = Vec::new();
    let mut folders = vec![git.root().to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(git.root())
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            if relative == ".git" || relative.starts_with(".git/") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(relative);
            }
        }
    }
    assert!(files.iter().any(|f| f == "cto-plan.toml"), "{files:?}");
    files.extend(
        cto_plan::model::Kind::ALL
            .iter()
            .map(|k| format!("{}/x.toml", k.folder())),
    );
    files.push(".cto-plan/templates/x.toml".into());
    let scaffolding = [".taplo.toml", "taplo.toml", ".gitignore", "README.md"];
    for gitlab in [false, true] {
        let paths = plan_paths(".", gitlab);
        for file in files.iter().filter(|f| !scaffolding.contains(&f.as_str())) {
            assert!(
                paths.iter().any(|p| filter_matches(p, file)),
                "{file} changes the plan but triggers nothing: {paths:?}"
            );
        }
    }
}

#[test]
fn the_first_pull_request_adding_the_plan_shows_everything_added() {
    let git = GitPlan::empty("");
    write(git.root(), "README.md", "# Acme\n");
    let before = git.commit("Start");
    crate::common::minimal_plan(git.root());
    let head = git.commit("Add the plan");
    let workflow = repo_file("ci/github/cto-plan.yml");
    let summary = git.root().join("summary.md");
    let env = [
        ("PLAN_DIR", setting(&workflow, "PLAN_DIR")),
        ("BASE", &before.to_string() as &str),
        ("HEAD", &head.to_string() as &str),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
    ];
    let (_, stderr, code) = run_script(git.root(), &step_script(&workflow, "Diff the plan"), &env);
    assert_eq!(code, 0, "{stderr}");
    let markdown = std::fs::read_to_string(git.root().join("plan-diff.md")).unwrap();
    let added = format!("**{} added ·", crate::common::MINIMAL_COUNT);
    assert!(markdown.contains(&added), "{markdown}");

    // Against the working tree too, and the other way round all is removed.
    let (stdout, stderr, code) =
        crate::common::run_in(git.root(), TODAY, &["diff", &before.to_string(), "--stat"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("{} added", crate::common::MINIMAL_COUNT)),
        "{stdout}"
    );
    let (stdout, stderr, code) = crate::common::run_in(
        git.root(),
        TODAY,
        &["diff", &head.to_string(), &before.to_string(), "--stat"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("{} removed", crate::common::MINIMAL_COUNT)),
        "{stdout}"
    );
}

/// The shell of every `run:` step of the workflow and of the GitLab job's
/// `before_script` and `script`, as files for shellcheck. `${{ }}` never
/// appears in them: untrusted values come in through `env:`.
fn shell_scripts(dir: &Path) -> Vec<PathBuf> {
    let workflow = repo_file("ci/github/cto-plan.yml");
    let gitlab = repo_file("ci/gitlab/cto-plan.gitlab-ci.yml");
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut scripts = Vec::new();
    let lines: Vec<&str> = workflow.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line.trim().strip_prefix("- name: ") else {
            continue;
        };
        let step_is_run = lines[i + 1..]
            .iter()
            .take_while(|l| l.trim().is_empty() || indent(l) > indent(line))
            .any(|l| l.trim_start().starts_with("run:"));
        if step_is_run {
            scripts.push((name.to_owned(), step_script(&workflow, name)));
        }
    }
    assert!(scripts.len() >= 4, "{scripts:?}");
    let mut shell = Vec::new();
    let mut lines = gitlab.lines().peekable();
    while let Some(line) = lines.next() {
        if line != "  before_script:" && line != "  script:" {
            continue;
        }
        while let Some(item) = lines.next_if(|l| l.starts_with("    ")) {
            match item.trim_start().strip_prefix("- ") {
                Some("|") => {
                    while let Some(block) = lines.next_if(|l| l.trim().is_empty() || indent(l) >= 6)
                    {
                        shell.push(block.get(6..).unwrap_or("").to_owned());
                    }
                }
                Some(command) => shell.push(command.to_owned()),
                None => panic!("not a script item: {item}"),
            }
        }
    }
    assert!(shell.len() > 20, "{shell:?}");
    scripts.push(("the GitLab job".into(), shell.join("\n")));
    scripts
        .into_iter()
        .enumerate()
        .map(|(i, (name, script))| {
            assert!(
                !script.contains("${{"),
                "{name}: an expression inside a script"
            );
            let path = dir.join(format!("script-{i}.sh"));
            std::fs::write(&path, format!("#!/bin/bash\n# {name}\n{script}\n")).unwrap();
            path
        })
        .collect()
}

#[test]
fn the_templates_pass_actionlint_shellcheck_and_zizmor() {
    let dir = tempfile::TempDir::new().unwrap();
    let workflow = crate::common::linters::install_workflow(dir.path(), "ci/github/cto-plan.yml");
    let scripts = shell_scripts(dir.path());
    let ran = crate::common::linters::lint(dir.path(), &workflow, &scripts);
    eprintln!("note: {ran} of 3 CI linters ran");
}
