//! Exit codes: `--exit-code` says whether anything differs; usage and
//! environment errors exit 2; an unchanged broken config is no difference.

use super::fixture::fixture;
use super::{Diff, diff_at};
use crate::common::{self, CONFIG, GitPlan};

#[test]
fn exit_code_says_whether_anything_differs() {
    let repo = fixture();
    for format in ["text", "markdown", "json"] {
        let (_, stderr, code) = repo.diff(&["HEAD~1", "HEAD", "--exit-code", "--format", format]);
        assert_eq!((code, stderr.as_str()), (1, ""), "--format {format}");
        // Without the flag, differences are no failure.
        let (_, _, code) = repo.diff(&["HEAD~1", "HEAD", "--format", format]);
        assert_eq!(code, 0, "--format {format}");
    }
    // Nothing differs: exit 0 and say so.
    let out = repo.out(&["HEAD", "HEAD", "--exit-code"]);
    insta::assert_snapshot!(out, @r#"
    plan diff HEAD (147fed5) → HEAD (147fed5)
    no changes
    "#);
    let (stdout, _, code) = repo.diff(&["--exit-code"]);
    assert_eq!(code, 0, "{stdout}");
    let md = repo.out(&["HEAD", "--format", "markdown", "--exit-code"]);
    assert!(!md.contains("<details>"), "{md}");
    let doc = repo.json(&["HEAD", "--exit-code"]);
    assert_eq!(doc["changes"], serde_json::json!([]));
    assert_eq!(doc["broken"], serde_json::json!([]));
    // Only changes of the kind asked for count.
    let (_, _, code) = repo.diff(&["HEAD~1", "HEAD", "--exit-code", "--kind", "objective"]);
    assert_eq!(code, 1);
    repo.write(
        "risks/bus-factor.toml",
        "title = \"Only Bob knows billing\"\nlikelihood = 1\nimpact = 4\nstatus = \"closed\"\nopened = 2026-02-01\nclosed = 2026-11-26\n",
    );
    let (_, _, code) = repo.diff(&["--exit-code"]);
    assert_eq!(code, 1);
    let (_, _, code) = repo.diff(&["--exit-code", "--kind", "initiative"]);
    assert_eq!(code, 0);
}

#[test]
fn usage_and_environment_errors_exit_2() {
    let repo = fixture();
    for args in [
        &["--format", "xml"][..],
        &["HEAD", "HEAD", "HEAD"],
        &["--kind", "widgets"],
    ] {
        let (stdout, stderr, code) = repo.diff(args);
        assert_eq!(code, 2, "diff {args:?}: {stdout}{stderr}");
        assert_eq!(stdout, "", "diff {args:?}");
    }
    // A plan outside git has no revisions to compare.
    let plain = common::plan();
    let (stdout, stderr, code) = diff_at(plain.path(), &[]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("is not inside a git repository"),
        "{stderr}"
    );
    // A repository without commits has no HEAD.
    let fresh = GitPlan::empty("");
    fresh.write("cto-plan.toml", CONFIG);
    let (stdout, stderr, code) = fresh.diff(&[]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("the repository has no commits yet"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: commit the plan first"), "{stderr}");
}

#[test]

fn unchanged_broken_config_is_no_difference() {
    let repo = GitPlan::empty("");
    repo.write("cto-plan.toml", "[plan\nname = \"Acme\"\n");
    repo.write("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n");
    repo.commit("Broken config");
    for args in [&["HEAD", "HEAD"][..], &[]] {
        let mut all = args.to_vec();
        all.push("--exit-code");
        let (stdout, stderr, code) = repo.diff(&all);
        assert_eq!(code, 0, "diff {all:?}\n{stdout}{stderr}");
        assert!(stdout.contains("\nno changes\n"), "{stdout}");
    }
}
