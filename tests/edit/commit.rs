//! `--commit`: nothing is staged or committed without it; with it, one
//! commit of exactly the touched files, refused when they hold other
//! uncommitted changes.

use super::*;

fn git_plan() -> GitPlan {
    let git = GitPlan::new("plans/eng");
    let mut config = git.repo.config().unwrap();
    config.set_str("user.name", "Alice").unwrap();
    config.set_str("user.email", "alice@example.com").unwrap();
    git
}

fn head(git: &GitPlan) -> git2::Oid {
    git.repo.head().unwrap().peel_to_commit().unwrap().id()
}

#[test]
fn without_commit_nothing_is_staged_or_committed() {
    let git = git_plan();
    let before = head(&git);
    ok(&git.plan(), &["ship", "search-v2"]);
    assert_eq!(head(&git), before);
    let status = git
        .repo
        .status_file(Path::new("plans/eng/roadmap/search-v2.toml"))
        .unwrap();
    assert_eq!(status, git2::Status::WT_MODIFIED);
}

#[test]
fn commit_makes_one_commit_of_exactly_the_touched_files() {
    let git = git_plan();
    let plan = git.plan();
    let before = head(&git);
    write(&plan, "notes.md", "staged\n");
    let mut index = git.repo.index().unwrap();
    index.add_path(Path::new("plans/eng/notes.md")).unwrap();
    index.write().unwrap();

    let stdout = ok(&plan, &["ship", "search-v2", "--commit"]);
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("committed ") && last.ends_with(" plan: ship initiative/search-v2"),
        "{stdout}"
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        commit.message().ok(),
        Some("plan: ship initiative/search-v2")
    );
    assert_eq!(commit.parent_id(0).unwrap(), before);
    let parent = git.repo.find_commit(before).unwrap();
    let diff = git
        .repo
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&commit.tree().unwrap()),
            None,
        )
        .unwrap();
    let touched: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(touched, ["plans/eng/roadmap/search-v2.toml"]);
    // The shipped file is clean; the other one is still staged, uncommitted.
    let status = |p: &str| git.repo.status_file(Path::new(p)).unwrap();
    assert_eq!(
        status("plans/eng/roadmap/search-v2.toml"),
        git2::Status::CURRENT
    );
    assert_eq!(status("plans/eng/notes.md"), git2::Status::INDEX_NEW);
}

#[test]
fn commit_of_a_new_record_and_of_two_files() {
    let git = git_plan();
    let plan = git.plan();
    ok(
        &plan,
        &[
            "new",
            "decision",
            "--title",
            "Use Kafka",
            "context=Events.",
            "--commit",
        ],
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        commit.message().ok(),
        Some("plan: new decision/2026-11-27-use-kafka")
    );
    ok(
        &plan,
        &[
            "decide",
            "2026-11-27-use-kafka",
            "accept",
            "--decision",
            "Kafka.",
            "--commit",
        ],
    );
    ok(
        &plan,
        &[
            "supersede",
            "use-postgres",
            "--by",
            "2026-11-27-use-kafka",
            "--commit",
        ],
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        commit.message().ok(),
        Some("plan: supersede decision/use-postgres by decision/2026-11-27-use-kafka")
    );
    let parent = commit.parent(0).unwrap();
    let diff = git
        .repo
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&commit.tree().unwrap()),
            None,
        )
        .unwrap();
    assert_eq!(diff.deltas().count(), 2);
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    assert!(git.repo.statuses(Some(&mut options)).unwrap().is_empty());
}

#[test]
fn commit_refuses_files_with_other_uncommitted_changes() {
    let git = git_plan();
    let plan = git.plan();
    let before = head(&git);
    // An unstaged change of the file the command would touch.
    let path = plan.join("roadmap/search-v2.toml");
    let edited = format!("{}# mine\n", std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &edited).unwrap();
    let (_, stderr, code) = run(&plan, &["ship", "search-v2", "--commit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("plans/eng/roadmap/search-v2.toml: has uncommitted changes"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        edited,
        "nothing was written"
    );
    assert_eq!(head(&git), before);
    // Staged counts too.
    let mut index = git.repo.index().unwrap();
    index
        .add_path(Path::new("plans/eng/roadmap/search-v2.toml"))
        .unwrap();
    index.write().unwrap();
    let (_, stderr, code) = run(&plan, &["ship", "search-v2", "--commit"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(head(&git), before);
}

#[test]
fn commit_refuses_an_untracked_file() {
    let git = git_plan();
    let plan = git.plan();
    let before = head(&git);
    write(
        &plan,
        "roadmap/draft.toml",
        "title = \"Draft\"\nstatus = \"proposed\"\n",
    );
    let (_, stderr, code) = run(&plan, &["set", "draft", "priority=p2", "--commit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("plans/eng/roadmap/draft.toml: has uncommitted changes"),
        "{stderr}"
    );
    assert_eq!(
        read(&plan, "roadmap/draft.toml"),
        "title = \"Draft\"\nstatus = \"proposed\"\n"
    );
    assert_eq!(head(&git), before);
}

#[test]
fn commit_outside_git_is_refused() {
    let dir = plan();
    let before = snapshot_tree(dir.path());
    let (_, stderr, code) = run(dir.path(), &["ship", "search-v2", "--commit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("committing needs a git repository") && stderr.contains("drop --commit"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

// --- completions and man pages -------------------------------------------------------

#[test]
fn completions_for_every_shell() {
    let dir = plan();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let stdout = ok(dir.path(), &["completions", shell]);
        assert!(
            stdout.contains("cto-plan") && stdout.contains("supersede"),
            "{shell}"
        );
    }
    assert_eq!(run(dir.path(), &["completions", "tcsh"]).2, 2);
}

#[test]
fn man_pages_for_every_subcommand() {
    let dir = plan();
    let out = tempfile::TempDir::new().unwrap();
    let stdout = ok(dir.path(), &["man", "--out", out.path().to_str().unwrap()]);
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(stdout.lines().count(), names.len());
    for expected in [
        "cto-plan.1",
        "cto-plan-set.1",
        "cto-plan-new.1",
        "cto-plan-person-leave.1",
        "cto-plan-role-fill.1",
        "cto-plan-man.1",
    ] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    let page = ok(dir.path(), &["man"]);
    assert!(page.contains(".TH cto-plan 1"), "{page}");
}

#[test]
fn editing_a_record_whose_file_does_not_parse_names_the_problem() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/broken.toml",
        "title = \"B\"\nstatus = = \"x\"\n",
    );
    let (_, stderr, code) = run(dir.path(), &["set", "broken", "priority=p1"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("roadmap/broken.toml:2:10: broken cannot be read"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: fix the file first"), "{stderr}");
}
