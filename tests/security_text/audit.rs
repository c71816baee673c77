//! What an attack on the first fixes still got through: annotations for
//! GitHub's log and pull request, long template paths in the comment, and
//! commit ids beside punctuation.

use crate::common::markdown::{github_html, live_text_nodes};
use crate::common::{GitPlan, TODAY, run_at};

fn out(repo: &GitPlan, args: &[&str]) -> String {
    let (stdout, stderr, code) = run_at(repo.path(), TODAY, args);
    assert!(code <= 1, "{args:?} exited {code}: {stderr}");
    stdout
}

#[test]
fn github_annotations_show_controls_visibly() {
    let repo = GitPlan::new("");
    repo.write(
        "roadmap/bad.toml",
        "title = \"Bad\"\nstatus = \"x\\u009b2J\\u202eRLO\\u001b]0;T\\u0007\"\n",
    );
    for colour in ["never", "always"] {
        let annotations = out(&repo, &["--color", colour, "check", "--format", "github"]);
        assert!(
            annotations.contains("::error file=roadmap/bad.toml"),
            "{annotations}"
        );
        for raw in ['\u{9b}', '\u{202e}', '\u{1b}', '\u{7}'] {
            assert!(!annotations.contains(raw), "{raw:?} in {annotations:?}");
        }
        assert!(
            annotations.contains("\\u{9b}2J\\u{202e}RLO\\u{1b}]0;T\\u{7}"),
            "{annotations}"
        );
    }
}

#[test]
fn long_template_paths_keep_the_comment_under_githubs_limit() {
    let repo = GitPlan::new("");
    let folder = vec!["d".repeat(250); 14].join("/");
    for i in 0..60 {
        repo.write(&format!(".cto-plan/templates/{folder}/t{i:02}.toml"), "x");
    }
    let md = out(&repo, &["diff", "--format", "markdown"]);
    assert!(
        md.chars().count() <= 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains("- … and 10 more"), "{md}");
}

#[test]
fn commit_ids_beside_punctuation_are_no_links() {
    let repo = GitPlan::new("");
    repo.write(
        "roadmap/search-v2.toml",
        "title = \"Reverts 707e11e9d. See (707e11e9d), [deadbee] and 1234567!\"\nstatus = \"active\"\n\
         owner = \"alice\"\nteam = \"core\"\nquarter = \"2099-Q4\"\n",
    );
    let md = out(&repo, &["diff", "--format", "markdown"]);
    let Some(html) = github_html(&md) else {
        return;
    };
    for node in live_text_nodes(&html) {
        for id in ["707e11e9d", "deadbee", "1234567"] {
            assert!(!node.contains(id), "{id} is live text: {node:?}\n{html}");
        }
    }
}
