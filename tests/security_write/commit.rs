//! `--commit` checks the index lock and the identity before any file is
//! written, reads the identity as git does, and leaves HEAD, the index and
//! the work tree in agreement, on success and on failure.

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
fn a_lock_taken_after_the_checks_leaves_head_and_the_index_as_they_were() {
    use cto_plan::edit::commit::Commit;
    use cto_plan::store::Layout;

    let git = with_identity();
    let home = empty_home();
    let before = head(&git);
    let layout = Layout::at(&git.plan()).unwrap();
    let file = std::fs::canonicalize(git.root().join(FILE)).unwrap();
    let commit = Commit::prepare(&layout, std::slice::from_ref(&file)).unwrap();
    // The edit is written; then another git process takes the index.
    let edited = read(git.root(), FILE).replace("priority = \"p1\"", "priority = \"p2\"");
    std::fs::write(&file, &edited).unwrap();
    let lock = git.root().join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();

    let error = commit
        .run("plan: set initiative/search-v2 priority")
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&format!("{FILE}: written, but not committed"))
            && message.contains("HEAD and the index are as they were"),
        "{message}"
    );
    assert_eq!(head(&git), before, "HEAD does not move without the index");
    std::fs::remove_file(&lock).unwrap();
    // The edit is a plain unstaged change: nothing staged reverts it.
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        format!(" M {FILE}\n")
    );
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
