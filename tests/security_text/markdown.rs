//! Markdown that GitHub would still make live, judged on what cmark-gfm
//! (GitHub's parser) makes of the output: no link, no mention, no issue or
//! pull-request reference from plan text, in `diff --format markdown`,
//! `review` and `log --format markdown`.

use super::terminal::toml_escaped;
use crate::common::markdown::{
    assert_diff_inert, assert_parsed_inert, assert_review_inert, github_html, live_reference,
    live_text_nodes,
};
use crate::common::{GitPlan, TODAY, Who, run_at};

/// Each a way plan text has become live on GitHub.
const LIVE: &[&str] = &[
    "www.evil.example",
    "WWW.Evil.Example/path",
    "evil.example",
    "https://evil.example/x",
    "<https://evil.example>",
    "mallory@evil.example",
    "&#64;user",
    "&#x40;org/team",
    "@user",
    "@org/team",
    "(@paren)",
    "\\#1",
    "#2",
    "&#35;3",
    "GH-4",
    "gh-5",
    "org/repo#6",
    "x`@y`z",
    "a|@b|c",
    "deadbeef1234",
    "\u{202e}txt.exe",
    "zero\u{200b}width",
];

fn live_line() -> String {
    LIVE.join(" ")
}

const MALLORY: Who = Who {
    name: "@mallory #7",
    email: "mallory@evil.example",
};

/// A repository whose second commit adds every [`LIVE`] form to titles,
/// prose, tags, names, budget notes, a decision and the commit message.
fn live_repo() -> GitPlan {
    let live = toml_escaped(&live_line());
    let repo = GitPlan::with(&[
        (
            "roadmap/plain.toml",
            "title = \"Plain\"\nstatus = \"proposed\"\nteam = \"core\"\n",
        ),
        ("team/teams/core.toml", "name = \"Core\"\n"),
    ]);
    repo.write_all(&[
        (
            "roadmap/plain.toml",
            &format!(
                "title = \"Plain {live}\"\nstatus = \"proposed\"\nteam = \"core\"\nsummary = \"{live}\"\ntags = [\"{live}\"]\n"
            ),
        ),
        ("team/teams/core.toml", &format!("name = \"Core {live}\"\n")),
        (
            "team/people/mallory.toml",
            &format!("name = \"{live}\"\nrole = \"{live}\"\nteam = \"core\"\njoined = 2026-11-02\n"),
        ),
        (
            "budget/2026-Q4.toml",
            &format!(
                "[line.cloud]\ncategory = \"{live}\"\nplanned = 5\nnote = \"{live}\"\n"
            ),
        ),
        (
            "decisions/live.toml",
            &format!("title = \"{live}\"\nstatus = \"accepted\"\nproposed = 2026-11-01\ndecided = 2026-11-20\ncontext = \"{live}\"\ndecision = \"{live}\"\n"),
        ),
    ]);
    repo.commit_as(
        MALLORY,
        "2026-11-20T10:00:00+00:00",
        &format!("Add {}", live_line()),
    );
    repo
}

fn stdout(repo: &GitPlan, args: &[&str]) -> String {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    let (out, err, code) = run_at(repo.path(), TODAY, &all);
    assert!(code <= 1, "{all:?} exited {code}:\n{err}");
    out
}

#[test]
fn the_pull_request_comment_makes_nothing_live() {
    assert_the_checks_see_what_github_sees();
    let repo = live_repo();
    let md = stdout(&repo, &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert_diff_inert(&md);
    assert_parsed_inert(&md);
    // Still readable: the words are there, as code.
    for shown in [
        "`www.evil.example`",
        "`@org/team`",
        "`org/repo#6`",
        "`&#64;user`",
    ] {
        assert!(md.contains(shown), "{shown} missing:\n{md}");
    }
    // A branch name is the pull request author's too.
    let head = repo.commit("More");
    repo.branch("@team/x#9", head);
    let md = stdout(
        &repo,
        &["diff", "HEAD~2...@team/x#9", "--format", "markdown"],
    );
    assert_diff_inert(&md);
}

#[test]
fn the_review_and_the_log_make_nothing_live() {
    let repo = live_repo();
    let md = stdout(&repo, &["review", "--quarter", "2026-Q4"]);
    assert_review_inert(&md);
    assert!(md.contains("`@org/team`"), "{md}");
    let log = stdout(&repo, &["log", "--format", "markdown"]);
    assert_parsed_inert(&log);
    assert!(log.contains("`@mallory`"), "{log}");
}

/// The parsed-output checks themselves see what GitHub makes live, so
/// their passing means something.
fn assert_the_checks_see_what_github_sees() {
    let Some(html) = github_html("a &#64;user b \\#1 c GH-2 `@fine`") else {
        return;
    };
    let found: Vec<String> = live_text_nodes(&html)
        .iter()
        .filter_map(|node| live_reference(node))
        .collect();
    assert_eq!(found.len(), 1, "{found:?} in {html}");
    assert!(found[0].contains("@user"), "{found:?}");
    let nodes = live_text_nodes(&html);
    assert!(nodes.iter().any(|n| n.contains("#1")), "{nodes:?}");
    assert!(nodes.iter().any(|n| n.contains("GH-2")), "{nodes:?}");
    assert!(!nodes.iter().any(|n| n.contains("@fine")), "{nodes:?}");
    for live in ["www.evil.example", "mallory&#64;evil.example", "#1", "GH-3"] {
        let result = std::panic::catch_unwind(|| assert_parsed_inert(live));
        assert!(result.is_err(), "{live} passed as inert");
    }
}
