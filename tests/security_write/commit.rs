//! `--commit` takes the index lock and checks the identity before any file
//! is written, reads the identity as git does, and leaves HEAD, the index
//! and the work tree in agreement, on success and on failure.

use super::*;

const FILE: &str = "plans/eng/roadmap/search-v2.toml";

fn with_identity() -> GitPlan {
    let git = git_plan();
    set_config(
        &git,
        &[("user.name", "Alice"), ("user.email", "alice@example.com")],
    );
    git
}

#[test]
fn a_locked_index_refuses_before_writing_and_head_stays() {
    let git = with_identity();
    let home = empty_home();
    let before = head(&git);
    let text = read(git.root(), FILE);
    let lock = git.root().join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();

    let stderr = refused(
        &git.plan(),
        home.path(),
        &["set", "search-v2", "priority=p2", "--commit"],
    );
    assert!(
        stderr.contains("index.lock: exists: the index is locked by another git process, so nothing was written or committed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: wait for that git command to finish"),
        "{stderr}"
    );
    assert_eq!(read(git.root(), FILE), text, "the file is not written");
    assert_eq!(head(&git), before, "HEAD does not move");
    std::fs::remove_file(&lock).unwrap();
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        ""
    );
}

#[test]
fn no_identity_refuses_before_writing() {
    let git = git_plan();
    let home = empty_home();
    let before = head(&git);
    let text = read(git.root(), FILE);
    let stderr = refused(
        &git.plan(),
        home.path(),
        &["set", "search-v2", "priority=p2", "--commit"],
    );
    assert!(
        stderr.contains("cannot commit: git does not know who you are"),
        "{stderr}"
    );
    assert_eq!(read(git.root(), FILE), text, "the file is not written");
    assert_eq!(head(&git), before);
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        ""
    );
}

#[test]
fn an_unreadable_commit_date_refuses_before_writing() {
    let git = with_identity();
    let home = empty_home();
    let text = read(git.root(), FILE);
    let ran = cto_plan(
        &git.plan(),
        home.path(),
        &[("GIT_COMMITTER_DATE", "yesterday-ish")],
        &["set", "search-v2", "priority=p2", "--commit"],
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("GIT_COMMITTER_DATE=yesterday-ish: is not a date git reads"),
        "{}",
        ran.stderr
    );
    assert_eq!(read(git.root(), FILE), text);
}

#[test]
fn the_identity_can_come_from_the_environment_alone() {
    let git = git_plan();
    let home = empty_home();
    let before = head(&git);
    let env = [
        ("GIT_AUTHOR_NAME", "CI Author"),
        ("GIT_AUTHOR_EMAIL", "author@ci.example"),
        // 2026-11-27T09:00:00Z in two of the forms git reads: as
        // `git log` prints it, and as git stores it.
        ("GIT_AUTHOR_DATE", "Fri Nov 27 10:00:00 2026 +0100"),
        ("GIT_COMMITTER_NAME", "CI Bot"),
        ("GIT_COMMITTER_EMAIL", "bot@ci.example"),
        ("GIT_COMMITTER_DATE", "@1795770000 -0500"),
    ];
    ok(
        &git.plan(),
        home.path(),
        &env,
        &["set", "search-v2", "priority=p2", "--commit"],
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(commit.parent_id(0).unwrap(), before);
    let author = commit.author();
    assert_eq!(
        (author.name().ok(), author.email().ok()),
        (Some("CI Author"), Some("author@ci.example"))
    );
    assert_eq!(
        (author.when().seconds(), author.when().offset_minutes()),
        (1_795_770_000, 60)
    );
    let committer = commit.committer();
    assert_eq!(
        (committer.name().ok(), committer.email().ok()),
        (Some("CI Bot"), Some("bot@ci.example"))
    );
    assert_eq!(
        (
            committer.when().seconds(),
            committer.when().offset_minutes()
        ),
        (1_795_770_000, -300)
    );
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        ""
    );
}

#[test]
fn author_and_committer_settings_win_over_user_ones_as_in_git() {
    let git = git_plan();
    let home = empty_home();
    set_config(
        &git,
        &[
            ("user.name", "User Name"),
            ("user.email", "user@example.com"),
            ("author.name", "Author Name"),
            ("committer.email", "committer@example.com"),
        ],
    );
    ok(
        &git.plan(),
        home.path(),
        &[],
        &["set", "search-v2", "priority=p2", "--commit"],
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        (commit.author().name().ok(), commit.author().email().ok()),
        (Some("Author Name"), Some("user@example.com"))
    );
    assert_eq!(
        (
            commit.committer().name().ok(),
            commit.committer().email().ok()
        ),
        (Some("User Name"), Some("committer@example.com"))
    );
    // git itself reads them so.
    let shown = git_cli(
        git.root(),
        home.path(),
        &["log", "-1", "--format=%an <%ae> / %cn <%ce>"],
    );
    assert_eq!(
        shown.trim(),
        "Author Name <user@example.com> / User Name <committer@example.com>"
    );
}

#[test]
fn the_index_holds_the_committed_blob_even_through_line_end_filters() {
    // Files checked out with CRLF and stored with LF: the commit must store
    // what `git add` would, or the index and HEAD disagree.
    let git = GitPlan::empty("plans/eng");
    let plan = git.plan();
    common::minimal_plan(&plan);
    std::fs::write(plan.join(".gitattributes"), "*.toml text eol=crlf\n").unwrap();
    for (path, text) in common::MINIMAL_RECORDS {
        std::fs::write(plan.join(path), text.replace('\n', "\r\n")).unwrap();
    }
    git.commit("Add the plan");
    set_config(
        &git,
        &[("user.name", "Alice"), ("user.email", "alice@example.com")],
    );
    let home = empty_home();
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        ""
    );

    ok(
        &plan,
        home.path(),
        &[],
        &["set", "search-v2", "priority=p2", "--commit"],
    );
    assert!(read(git.root(), FILE).contains("priority = \"p2\"\r\n"));
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        "",
        "HEAD, the index and the work tree agree"
    );
    let stored = git_cli(git.root(), home.path(), &["show", &format!("HEAD:{FILE}")]);
    assert!(
        stored.contains("priority = \"p2\"\n") && !stored.contains('\r'),
        "{stored:?}"
    );
}

#[test]
fn the_index_stays_locked_until_the_commit_and_a_head_that_cannot_move_puts_it_back() {
    use cto_plan::edit::commit::Commit;
    use cto_plan::store::Layout;

    let git = with_identity();
    let home = empty_home();
    let before = head(&git);
    // Something else staged: the index put back must still hold it.
    let other = "plans/eng/roadmap/billing.toml";
    let staged = read(git.root(), other).replace("2099-Q4", "2099-Q3");
    std::fs::write(git.root().join(other), staged).unwrap();
    git_cli(git.root(), home.path(), &["add", other]);
    let layout = Layout::at(&git.plan()).unwrap();
    let file = std::fs::canonicalize(git.root().join(FILE)).unwrap();
    let commit = Commit::prepare(&layout, std::slice::from_ref(&file)).unwrap();
    // From the checks on, git's own lock keeps other commits out.
    let lock = git.root().join(".git/index.lock");
    assert!(lock.exists(), "the index is locked from the checks on");
    // The edit is written; then HEAD's branch is locked, so it cannot move.
    let edited = read(git.root(), FILE).replace("priority = \"p1\"", "priority = \"p2\"");
    std::fs::write(&file, &edited).unwrap();
    let branch_lock = git.root().join(".git/refs/heads/main.lock");
    std::fs::write(&branch_lock, "").unwrap();

    let error = commit
        .run("plan: set initiative/search-v2 priority")
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&format!("{FILE}: written, but not committed"))
            && message.contains("HEAD and the index are as they were"),
        "{message}"
    );
    drop(commit);
    assert!(!lock.exists(), "the lock goes with the commit");
    std::fs::remove_file(&branch_lock).unwrap();
    assert_eq!(head(&git), before, "HEAD does not move");
    // The edit is a plain unstaged change, and what was staged stays staged.
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        format!("M  {other}\n M {FILE}\n")
    );
    assert_eq!(
        names_in(&git.root().join(".git"))
            .into_iter()
            .filter(|name| name.starts_with("index"))
            .collect::<Vec<_>>(),
        ["index"],
        "no staging copy of the index is left"
    );
}

#[test]
fn a_sha256_repository_is_named_as_unsupported_and_nothing_is_written() {
    let dir = tempfile::TempDir::new().unwrap();
    let home = empty_home();
    let init = Command::new("git")
        .env_clear()
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(["init", "-q", "--object-format=sha256"])
        .arg(dir.path())
        .output()
        .expect("git runs");
    if !init.status.success() {
        eprintln!(
            "skipped: this git cannot make a sha256 repository: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        return;
    }
    common::minimal_plan(dir.path());
    let file = "roadmap/search-v2.toml";
    let text = read(dir.path(), file);

    let stderr = refused(
        dir.path(),
        home.path(),
        &["set", "search-v2", "priority=p2", "--commit"],
    );
    assert!(
        stderr.contains("uses sha256 object ids")
            && stderr.contains("sha256 repositories are not supported"),
        "{stderr}"
    );
    assert!(!stderr.contains("not in one"), "{stderr}");
    assert_eq!(read(dir.path(), file), text, "the file is not written");
}

#[test]
fn a_first_commit_and_a_detached_head_move_as_git_commit_moves_them() {
    // An unborn branch: the plan is new, nothing is committed yet.
    let git = GitPlan::empty("");
    let home = empty_home();
    common::write(git.root(), "cto-plan.toml", common::CONFIG);
    set_config(
        &git,
        &[("user.name", "Alice"), ("user.email", "alice@example.com")],
    );
    ok(
        git.root(),
        home.path(),
        &[],
        &["new", "team", "core", "name=Core", "--commit"],
    );
    let first = git.repo.head().unwrap();
    assert_eq!(first.name().ok(), Some("refs/heads/main"));
    assert_eq!(first.peel_to_commit().unwrap().parent_count(), 0);
    let reflog = git_cli(git.root(), home.path(), &["reflog", "-1", "--format=%gs"]);
    assert_eq!(reflog.trim(), "commit (initial): plan: new team/core");

    // A detached HEAD moves itself, and the branch stays.
    let at = first.target().unwrap();
    git.repo.set_head_detached(at).unwrap();
    ok(
        git.root(),
        home.path(),
        &[],
        &["set", "core", "mission=Keep it up.", "--commit"],
    );
    let head = git.repo.head().unwrap();
    assert!(git.repo.head_detached().unwrap());
    assert_eq!(head.peel_to_commit().unwrap().parent_id(0).unwrap(), at);
    assert_eq!(
        git.repo.find_reference("refs/heads/main").unwrap().target(),
        Some(at)
    );
    // Only the file the test wrote itself is left out.
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        "?? cto-plan.toml\n"
    );
}
