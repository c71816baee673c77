//! `--rev`: reading the plan from git history, straight from the object
//! database, in ordinary, monorepo and bare repositories.

use crate::common::{
    self, GitPlan, MINIMAL_COUNT, check_json, codes, commit_tree, minimal_plan, run, tree_from_dir,
    write,
};

const BROKEN: &str = "title = \"Broken\"\nstatus = \"activ\"\n";

#[test]
fn rev_head_reads_the_committed_plan_not_the_working_tree() {
    let git = GitPlan::new("");
    let plan = git.plan();
    // The working tree breaks, HEAD stays clean.
    write(&plan, "roadmap/broken.toml", BROKEN);
    write(&plan, "team/teams/core.toml", "name = 5\n");
    let (findings, code) = check_json(&plan, &[]);
    assert_eq!(code, 1);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    let (stdout, stderr, code) = run(&plan, &["check", "--rev", "HEAD"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, format!("no problems in {MINIMAL_COUNT} records\n"));
}

#[test]
fn rev_head_sees_committed_breakage_fixed_in_the_working_tree() {
    let git = GitPlan::new("");
    let plan = git.plan();
    write(&plan, "roadmap/broken.toml", BROKEN);
    git.commit("Break it");
    std::fs::remove_file(plan.join("roadmap/broken.toml")).unwrap();
    let (_, _, code) = run(&plan, &["check"]);
    assert_eq!(code, 0);
    let (findings, code) = check_json(&plan, &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["file"], "roadmap/broken.toml");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(2), Some(10))
    );
    // And the commit before it was clean.
    let (_, _, code) = run(&plan, &["check", "--rev", "HEAD~1"]);
    assert_eq!(code, 0);
}

#[test]
fn rev_accepts_commit_ids_branches_and_tags() {
    let git = GitPlan::new("");
    let plan = git.plan();
    let clean = git.commit("Nothing new");
    let clean_id = clean.to_string();
    let commit = git.repo.find_commit(clean).unwrap();
    git.repo.branch("clean", &commit, false).unwrap();
    git.repo
        .tag_lightweight("v1", commit.as_object(), false)
        .unwrap();
    write(&plan, "roadmap/broken.toml", BROKEN);
    git.commit("Break it");
    for rev in [clean_id.as_str(), &clean_id[..10], "clean", "v1", "HEAD^"] {
        let (stdout, stderr, code) = run(&plan, &["check", "--rev", rev]);
        assert_eq!(code, 0, "--rev {rev}: {stdout}{stderr}");
    }
    let (_, _, code) = run(&plan, &["check", "--rev", "HEAD"]);
    assert_eq!(code, 1);
}

#[test]
fn rev_never_touches_the_index_or_the_working_tree() {
    let git = GitPlan::new("");
    let plan = git.plan();
    write(&plan, "roadmap/broken.toml", BROKEN); // untracked
    write(
        &plan,
        "roadmap/search-v2.toml",
        "title = \"changed\"\nstatus = \"proposed\"\n",
    ); // modified
    let index_path = git.repo.path().join("index");
    let index_before = std::fs::read(&index_path).unwrap();
    let tree_before = common::snapshot_tree(&plan);
    let head_before = git.repo.head().unwrap().target();
    for args in [
        &["check", "--rev", "HEAD"][..],
        &["check", "--rev", "HEAD", "--format", "json"],
        &["list", "--rev", "HEAD"],
        &["show", "--rev", "HEAD", "person/alice"],
        &["check"],
    ] {
        let (_, stderr, code) = run(&plan, args);
        assert!(code == 0 || code == 1, "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read(&index_path).unwrap(),
        index_before,
        ".git/index changed"
    );
    assert_eq!(
        common::snapshot_tree(&plan),
        tree_before,
        "the working tree changed"
    );
    assert_eq!(git.repo.head().unwrap().target(), head_before);
    let statuses = git.repo.statuses(None).unwrap();
    assert_eq!(statuses.len(), 2, "still one new and one modified file");
}

#[test]
fn unknown_revision_exits_2_naming_it() {
    let git = GitPlan::new("");
    let (stdout, stderr, code) = run(&git.plan(), &["check", "--rev", "nope"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("unknown revision 'nope'"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    for args in [
        &["list", "--rev", "nope"][..],
        &["show", "--rev", "nope", "alice"],
    ] {
        let (_, stderr, code) = run(&git.plan(), args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains("'nope'"), "{stderr}");
    }
}

#[test]
fn rev_in_a_repository_without_commits_exits_2() {
    let git = GitPlan::empty("");
    minimal_plan(&git.plan());
    let (_, stderr, code) = run(&git.plan(), &["check", "--rev", "HEAD"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("'HEAD'"), "{stderr}");
}

#[test]
fn rev_before_the_plan_existed_exits_2() {
    let git = GitPlan::empty("plans/eng");
    write(git.root(), "README.md", "# Monorepo\n");
    let mut index = git.repo.index().unwrap();
    index.add_path(std::path::Path::new("README.md")).unwrap();
    index.write().unwrap();
    common::commit_index(&git.repo, &mut index, "Start");
    minimal_plan(&git.plan());
    git.commit("Add the plan");
    let (_, _, code) = run(&git.plan(), &["check", "--rev", "HEAD"]);
    assert_eq!(code, 0);
    let (_, stderr, code) = run(&git.plan(), &["check", "--rev", "HEAD~1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no plan at 'plans/eng'"), "{stderr}");
}

#[test]
fn rev_outside_git_exits_2() {
    let dir = common::plan();
    assert!(
        !common::git_discover(dir.path()),
        "the temporary folder must not be inside a repository for this test"
    );
    let (_, stderr, code) = run(dir.path(), &["check", "--rev", "HEAD"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not inside a git repository"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    // Without --rev the same plan checks fine.
    let (_, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0);
}

#[test]
fn monorepo_rev_paths_are_relative_to_the_repository_top() {
    let git = GitPlan::new("plans/eng");
    write(&git.plan(), "roadmap/broken.toml", BROKEN);
    git.commit("Break it");
    // Files outside the plan folder are no business of the plan.
    write(git.root(), "services/api/config.toml", "port = 8080\n");
    let mut index = git.repo.index().unwrap();
    index
        .add_path(std::path::Path::new("services/api/config.toml"))
        .unwrap();
    index.write().unwrap();
    common::commit_index(&git.repo, &mut index, "Unrelated");
    std::fs::remove_file(git.plan().join("roadmap/broken.toml")).unwrap();
    let (findings, code) = check_json(&git.plan(), &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["file"], "plans/eng/roadmap/broken.toml");
    let (stdout, _, _) = run(
        &git.plan(),
        &["check", "--rev", "HEAD", "--format", "github"],
    );
    assert!(
        stdout.starts_with("::error file=plans/eng/roadmap/broken.toml,line=2,col=10,"),
        "{stdout}"
    );
    let (stdout, _, _) = run(&git.plan(), &["show", "--rev", "HEAD", "initiative/broken"]);
    assert!(stdout.contains("plans/eng/roadmap/broken.toml"), "{stdout}");
}

#[test]
fn rev_skips_hidden_files_like_the_working_tree() {
    let git = GitPlan::new("");
    write(&git.plan(), ".cto-plan/templates/x.toml", "junk = \n");
    write(&git.plan(), "roadmap/.draft.toml", "junk = \n");
    git.commit("Hidden files");
    let (findings, code) = check_json(&git.plan(), &["--rev", "HEAD"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
    let (findings, code) = check_json(&git.plan(), &[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
}

/// A bare repository holding a plan at its top.
fn bare_repo_with_plan() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::TempDir::new().unwrap();
    let bare = dir.path().join("bare.git");
    let repo = common::git_init_bare(&bare);
    let source = dir.path().join("source");
    minimal_plan(&source);
    let tree = tree_from_dir(&repo, &source);
    commit_tree(&repo, tree, "Add the plan");
    std::fs::remove_dir_all(&source).unwrap();
    (dir, bare)
}

#[test]
fn bare_repository_with_rev() {
    let (_dir, bare) = bare_repo_with_plan();
    let (stdout, stderr, code) = run(&bare, &["check", "--rev", "HEAD"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, format!("no problems in {MINIMAL_COUNT} records\n"));
    let (stdout, _, code) = run(&bare, &["list", "--rev", "HEAD", "person"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("person/alice"), "{stdout}");
}

#[test]
fn bare_repository_without_rev_exits_2_with_a_hint() {
    let (_dir, bare) = bare_repo_with_plan();
    let (stdout, stderr, code) = run(&bare, &["check"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("bare repository"), "{stderr}");
    assert!(stderr.contains("hint: pass `--rev REV`"), "{stderr}");
}

#[test]
fn bare_repository_finds_problems_in_history() {
    let dir = tempfile::TempDir::new().unwrap();
    let bare = dir.path().join("bare.git");
    let repo = common::git_init_bare(&bare);
    let source = dir.path().join("source");
    minimal_plan(&source);
    commit_tree(&repo, tree_from_dir(&repo, &source), "Clean");
    write(&source, "roadmap/broken.toml", BROKEN);
    commit_tree(&repo, tree_from_dir(&repo, &source), "Broken");
    let (findings, code) = check_json(&bare, &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["file"], "roadmap/broken.toml");
    let (_, _, code) = run(&bare, &["check", "--rev", "HEAD~1"]);
    assert_eq!(code, 0);
}

#[test]
fn committed_symlink_out_of_the_plan_is_a_finding() {
    let git = GitPlan::new("plans/eng");
    git.commit_symlink("roadmap/escape.toml", "../../../outside.toml");
    git.commit_symlink("roadmap/absolute.toml", "/etc/passwd");
    git.commit_symlink("roadmap/nowhere.toml", "missing.toml");
    let (findings, code) = check_json(&git.plan(), &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&findings),
        ["symlink", "symlink", "symlink"],
        "{findings:#?}"
    );
    let files: Vec<&str> = findings
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "plans/eng/roadmap/absolute.toml",
            "plans/eng/roadmap/escape.toml",
            "plans/eng/roadmap/nowhere.toml"
        ]
    );
    assert!(
        findings[1]["message"]
            .as_str()
            .unwrap()
            .contains("out of the plan")
    );
    assert!(findings[2]["message"].as_str().unwrap().contains("nowhere"));
}

#[test]
fn committed_symlink_inside_the_plan_is_read() {
    let git = GitPlan::new("");
    git.commit_symlink("roadmap/search-alias.toml", "search-v2.toml");
    let (findings, code) = check_json(&git.plan(), &["--rev", "HEAD"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
    let (stdout, _, code) = run(
        &git.plan(),
        &["show", "--rev", "HEAD", "initiative/search-alias"],
    );
    assert_eq!(code, 0);
    assert!(stdout.contains("Search v2"), "{stdout}");
}

#[test]
fn large_blob_in_history_is_too_large() {
    let git = GitPlan::new("");
    let mut text = String::from("title = \"Big\"\nstatus = \"proposed\"\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding\n");
    }
    write(&git.plan(), "roadmap/big.toml", &text);
    git.commit("Big");
    let (findings, code) = check_json(&git.plan(), &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["file-too-large"]);
}

#[test]
fn working_tree_skips_git_ignored_folders() {
    let git = GitPlan::new("");
    write(git.root(), ".gitignore", "/roadmap/generated/\n");
    write(&git.plan(), "roadmap/generated/junk.toml", "junk = \n");
    let (findings, code) = check_json(&git.plan(), &[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
}

/// A link to a link inside the plan reads fine on disk (the working tree
/// follows the chain); once committed it must read the same.
#[test]
fn committed_chain_of_links_inside_the_plan_is_read() {
    let git = GitPlan::new("");
    git.commit_symlink("roadmap/alias.toml", "search-v2.toml");
    git.commit_symlink("roadmap/alias-of-alias.toml", "alias.toml");
    let (findings, code) = check_json(&git.plan(), &["--rev", "HEAD"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
}

/// The same chain on disk, which the working tree reads clean.
#[cfg(unix)]
#[test]
fn chain_of_links_inside_the_plan_reads_clean_on_disk() {
    let git = GitPlan::new("");
    let roadmap = git.plan().join("roadmap");
    std::os::unix::fs::symlink("search-v2.toml", roadmap.join("alias.toml")).unwrap();
    std::os::unix::fs::symlink("alias.toml", roadmap.join("alias-of-alias.toml")).unwrap();
    let (findings, code) = check_json(&git.plan(), &[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
}
