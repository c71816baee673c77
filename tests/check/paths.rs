//! Paths in a monorepo: findings name files relative to the repository's
//! top, without a prefix when the plan is at the top.

use super::*;

/// The plan is `plans/eng` inside a repository: every format names files from
/// the repository's top, so CI annotations land on them.
#[test]
fn paths_are_relative_to_the_repository_top() {
    let git = GitPlan::new("plans/eng");
    write(
        &git.plan(),
        "roadmap/bad.toml",
        "title = \"Bad\"\nstatus = \"activ\"\n",
    );
    let plan = git.plan();
    let expected = "plans/eng/roadmap/bad.toml";

    let (findings, code) = check_json(&plan, &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["file"], expected);

    let (stdout, _, _) = run(&plan, &["check"]);
    assert!(stdout.contains(&format!("--> {expected}:2:10")), "{stdout}");

    let (stdout, _, _) = run(&plan, &["check", "--format", "github"]);
    assert!(
        stdout.starts_with(&format!("::error file={expected},line=2,col=10,")),
        "{stdout}"
    );

    let (stdout, _, _) = run(&plan, &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        expected
    );

    // From a folder inside the plan, the same.
    let (findings, _) = check_json(&plan.join("roadmap"), &[]);
    assert_eq!(findings[0]["file"], expected);
}

#[test]
fn paths_at_the_repository_top_have_no_prefix() {
    let git = GitPlan::new("");
    write(
        &git.plan(),
        "roadmap/bad.toml",
        "title = 1\nstatus = \"proposed\"\n",
    );
    let (findings, code) = check_json(&git.plan(), &[]);
    assert_eq!(code, 1);
    assert_eq!(findings[0]["file"], "roadmap/bad.toml");
}
