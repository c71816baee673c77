//! A sha256 repository: libgit2 (as built into cto-plan) cannot read it;
//! say that, not "not inside a git repository".

use super::{git, run_bounded};
use crate::common::minimal_plan;

#[test]
fn sha256_repositories_are_named_as_unsupported() {
    let dir = tempfile::TempDir::new().unwrap();
    git(dir.path(), &["init", "--quiet", "--object-format=sha256"]);
    minimal_plan(dir.path());
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "--quiet", "-m", "Add the plan"]);
    for args in [
        &["log"][..],
        &["review"],
        &["--at", "HEAD", "check"],
        &["diff"],
    ] {
        let run = run_bounded(dir.path(), args);
        assert_eq!(run.finished(&format!("{args:?}")), 2, "{args:?}");
        assert!(
            run.stderr.contains("sha256 repositories are not supported")
                && !run.stderr.contains("not inside a git repository"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // The working tree alone still checks.
    let run = run_bounded(dir.path(), &["check"]);
    assert_eq!(run.finished("check"), 0, "{}", run.stderr);
}
