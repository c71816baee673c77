//! `--commit` names whom git would: `GIT_AUTHOR_*` and `GIT_COMMITTER_*`
//! first (as the man page's ENVIRONMENT says), then `user.name` and
//! `user.email`.

use crate::common::{GitPlan, TODAY, command_at};

#[test]
fn commit_takes_the_identity_from_gits_variables() {
    let git = GitPlan::new("");
    let output = command_at(git.root(), TODAY)
        .env("GIT_AUTHOR_NAME", "Ada Author")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Cy Committer")
        .env("GIT_COMMITTER_EMAIL", "cy@example.com")
        .args(["ship", "search-v2", "--commit"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let head = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.author().name().ok(), Some("Ada Author"));
    assert_eq!(head.author().email().ok(), Some("ada@example.com"));
    assert_eq!(head.committer().name().ok(), Some("Cy Committer"));
    assert_eq!(head.committer().email().ok(), Some("cy@example.com"));

    // Without them, and without user.name, there is no one to name.
    let output = command_at(git.root(), TODAY)
        .args(["ship", "billing", "--commit"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
