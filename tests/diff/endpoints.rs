//! Endpoints: `A B`, `A..B`, `A...B` (from the merge base), one revision
//! against the working tree, a plan in a sub-folder, unknown revisions; and
//! the index is never touched.

use git2::Oid;

use super::fixture::fixture;
use super::{Diff, diff_at, lines_with};
use crate::common::{CONFIG, GitPlan, short};

/// search-v2's quarter is 2026-Q3, Q4, 2027-Q1 in three commits, and
/// 2027-Q2 in the working tree.
fn quarters() -> (GitPlan, [Oid; 3]) {
    let search = |quarter: &str| {
        format!("title = \"Search v2\"\nstatus = \"active\"\nquarter = \"{quarter}\"\n")
    };
    let repo = GitPlan::with(&[("roadmap/search-v2.toml", search("2026-Q3").as_str())]);
    let first = repo.repo.head().unwrap().target().unwrap();
    repo.write("roadmap/search-v2.toml", &search("2026-Q4"));
    let second = repo.commit("Slip");
    repo.write("roadmap/search-v2.toml", &search("2027-Q1"));
    let third = repo.commit("Slip again");
    repo.write("roadmap/search-v2.toml", &search("2027-Q2"));
    (repo, [first, second, third])
}

#[test]
fn endpoints_read_as_git_users_expect() {
    let (repo, [first, second, third]) = quarters();
    let (first, second) = (first.to_string(), second.to_string());
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["HEAD~1"],
        vec!["HEAD~2", "HEAD~1"],
        vec!["HEAD~2..HEAD~1"],
        vec!["HEAD~1.."],
        vec!["..HEAD~1"],
        vec!["HEAD", "HEAD~2"],
        vec![first.as_str(), &second[..10]],
        vec!["main~2...main"],
    ];
    let mut shown = String::new();
    for args in &cases {
        let out = repo.out(args);
        let command: Vec<&str> = std::iter::once("diff")
            .chain(args.iter().copied())
            .collect();
        shown.push_str(&format!(
            "{}\n{}\n{}\n\n",
            command.join(" "),
            out.lines().next().unwrap(),
            lines_with(&out, "quarter:")
        ));
    }
    assert!(shown.contains(&short(third)));
    insta::assert_snapshot!(shown, @r#"
    diff
    plan diff HEAD (eca65d3) → working tree
          quarter: 2027-Q1 → 2027-Q2  (slipped 1 quarter)

    diff HEAD~1
    plan diff HEAD~1 (4a7e4f9) → working tree
          quarter: 2026-Q4 → 2027-Q2  (slipped 2 quarters)

    diff HEAD~2 HEAD~1
    plan diff HEAD~2 (25ebe87) → HEAD~1 (4a7e4f9)
          quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)

    diff HEAD~2..HEAD~1
    plan diff HEAD~2 (25ebe87) → HEAD~1 (4a7e4f9)
          quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)

    diff HEAD~1..
    plan diff HEAD~1 (4a7e4f9) → HEAD (eca65d3)
          quarter: 2026-Q4 → 2027-Q1  (slipped 1 quarter)

    diff ..HEAD~1
    plan diff HEAD (eca65d3) → HEAD~1 (4a7e4f9)
          quarter: 2027-Q1 → 2026-Q4  (pulled in 1 quarter)

    diff HEAD HEAD~2
    plan diff HEAD (eca65d3) → HEAD~2 (25ebe87)
          quarter: 2027-Q1 → 2026-Q3  (pulled in 2 quarters)

    diff 25ebe875ebd3e6f5efc49d9f82526820934e55fa 4a7e4f9378
    plan diff 25ebe87 → 4a7e4f9
          quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)

    diff main~2...main
    plan diff merge-base(main~2, main) (25ebe87) → main (eca65d3)
          quarter: 2026-Q3 → 2027-Q1  (slipped 2 quarters)
    "#);
}

#[test]
fn three_dots_compare_from_the_merge_base() {
    let repo = GitPlan::with(&[
        (
            "roadmap/search-v2.toml",
            "title = \"Search v2\"\nstatus = \"active\"\nowner = \"alice\"\n",
        ),
        (
            "roadmap/billing.toml",
            "title = \"Billing\"\nstatus = \"planned\"\nquarter = \"2027-Q1\"\n",
        ),
    ]);
    let base = repo.repo.head().unwrap().target().unwrap();
    repo.branch("feature", base);
    // main moves on: billing slips.
    repo.write(
        "roadmap/billing.toml",
        "title = \"Billing\"\nstatus = \"planned\"\nquarter = \"2027-Q2\"\n",
    );
    repo.commit("Billing slips");
    // The branch hands search over to bob.
    repo.switch("feature");
    repo.write(
        "roadmap/search-v2.toml",
        "title = \"Search v2\"\nstatus = \"active\"\nowner = \"bob\"\n",
    );
    repo.commit("Bob takes search");
    repo.switch("main");

    let mut shown = String::new();
    for args in [
        "main...feature",
        "...feature",
        "feature...main",
        "main..feature",
    ] {
        let out = repo.out(&[args]);
        shown.push_str(&format!("diff {args}\n{out}\n"));
    }
    insta::assert_snapshot!(shown, @r#"
    diff main...feature
    plan diff merge-base(main, feature) (8995783) → feature (a9541b8)
    1 changed

    Roadmap
      ~ initiative/search-v2  Search v2
          owner: alice → bob

    diff ...feature
    plan diff merge-base(HEAD, feature) (8995783) → feature (a9541b8)
    1 changed

    Roadmap
      ~ initiative/search-v2  Search v2
          owner: alice → bob

    diff feature...main
    plan diff merge-base(feature, main) (8995783) → main (7277f5c)
    1 changed · 1 slipped

    Roadmap
      ~ initiative/billing  Billing
          quarter: 2027-Q1 → 2027-Q2  (slipped 1 quarter)

    diff main..feature
    plan diff main (7277f5c) → feature (a9541b8)
    2 changed · 1 pulled in

    Roadmap
      ~ initiative/billing  Billing
          quarter: 2027-Q2 → 2027-Q1  (pulled in 1 quarter)
      ~ initiative/search-v2  Search v2
          owner: alice → bob
    "#);

    // The pull-request view holds the branch's change only.
    let doc = repo.json(&["main...feature"]);
    assert_eq!(
        doc["from"],
        format!("merge-base(main, feature) ({})", short(base))
    );
    let ids: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["search-v2"]);

    // Histories with no common ancestor: exit 2.
    let sig = repo.signature();
    let tree = repo.repo.head().unwrap().peel_to_tree().unwrap();
    repo.repo
        .commit(
            Some("refs/heads/orphan"),
            &sig,
            &sig,
            "Unrelated",
            &tree,
            &[],
        )
        .unwrap();
    let (stdout, stderr, code) = repo.diff(&["main...orphan"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("no common ancestor"), "{stderr}");
}

#[test]
fn plan_in_a_sub_folder_diffs_its_own_files() {
    let repo = GitPlan::empty("");
    repo.write("README.md", "# Monorepo\n");
    let before_plan = repo.commit("Before the plan");
    let a = |status: &str| format!("title = \"A\"\nstatus = \"{status}\"\n");
    repo.write("plans/eng/cto-plan.toml", CONFIG);
    repo.write("plans/eng/roadmap/a.toml", &a("planned"));
    // TOML outside the plan folder is not the plan's.
    repo.write("services/api/roadmap/x.toml", "title = 1\n");
    repo.commit("Add the plan");
    repo.write("plans/eng/roadmap/a.toml", &a("active"));
    repo.write("services/api/roadmap/x.toml", "title = 2\n");
    repo.write("README.md", "# Monorepo, with a plan\n");
    repo.commit("A starts");
    let plan = repo.path().join("plans/eng");
    let expected = "\nRoadmap\n  ~ initiative/a  A\n      status: planned → active\n";
    let (stdout, stderr, code) = diff_at(&plan, &["HEAD~1", "HEAD", "--exit-code"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.ends_with(expected), "{stdout}");
    assert!(stdout.contains("\n1 changed\n"), "{stdout}");
    // From a folder inside the plan, against the working tree.
    repo.write("plans/eng/roadmap/a.toml", &a("shipped"));
    let (stdout, _, code) = diff_at(&plan.join("roadmap"), &["HEAD"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("      status: active → shipped\n"),
        "{stdout}"
    );
    // A revision from before the plan existed is an empty plan: all is added.
    let (stdout, stderr, code) = diff_at(&plan, &[&before_plan.to_string(), "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("+ initiative/a  A"), "{stdout}");
}

#[test]
fn unknown_revisions_exit_2() {
    let (repo, _) = quarters();
    for args in [
        &["nosuch"][..],
        &["HEAD", "nosuch"],
        &["nosuch", "HEAD"],
        &["nosuch..HEAD"],
        &["HEAD..nosuch"],
        &["nosuch...HEAD"],
        &["HEAD...nosuch"],
        &["HEAD~9"],
    ] {
        let (stdout, stderr, code) = repo.diff(args);
        assert_eq!(code, 2, "diff {args:?}: {stdout}{stderr}");
        assert_eq!(stdout, "", "diff {args:?}");
        assert!(
            stderr.contains("unknown revision '"),
            "diff {args:?}: {stderr}"
        );
    }
}

#[test]
fn diff_never_touches_the_index() {
    let repo = fixture();
    let head = repo.repo.head().unwrap().target().unwrap();
    repo.branch("feature", head);
    // A modified, a deleted and an untracked file, so the index is stale.
    repo.write(
        "roadmap/sso.toml",
        "title = \"Single sign-on\"\nstatus = \"paused\"\n",
    );
    repo.remove("roadmap/billing.toml");
    repo.write(
        "roadmap/new.toml",
        "title = \"New\"\nstatus = \"proposed\"\n",
    );
    let index = repo.path().join(".git/index");
    let before = std::fs::read(&index).unwrap();
    let modified = std::fs::metadata(&index).unwrap().modified().unwrap();
    for args in [
        &[][..],
        &["HEAD~1"],
        &["HEAD~1", "HEAD"],
        &["HEAD~1..HEAD"],
        &["main...feature"],
        &["--format", "markdown"],
        &["--format", "json", "--exit-code"],
        &["--stat"],
    ] {
        let (stdout, stderr, code) = repo.diff(args);
        assert!(code == 0 || code == 1, "diff {args:?}: {stdout}{stderr}");
        assert_eq!(std::fs::read(&index).unwrap(), before, "diff {args:?}");
        assert_eq!(
            std::fs::metadata(&index).unwrap().modified().unwrap(),
            modified,
            "diff {args:?}"
        );
    }
}
