//! Issue 12, item 8: keyed sub-tables and prose read well. An added budget
//! line or milestone lists one line per key (amounts with separators and the
//! currency, text quoted), changed amounts are formatted, prose shows the
//! changed lines with the changed words marked, and the summary names
//! cancellations, joiners, leavers and escalations.

use super::Diff;
use crate::common::GitPlan;
use crate::common::records::person;

fn initiative(summary: &str) -> String {
    format!(
        "title = \"Search\"\nstatus = \"active\"\nquarter = \"2027-Q1\"\nowner = \"alice\"\n\
         summary = \"\"\"\n{summary}\"\"\"\n"
    )
}

#[test]
fn added_sub_tables_list_one_line_per_key() {
    let repo = GitPlan::with(&[
        ("roadmap/search.toml", &initiative("Fast search.\n")),
        (
            "budget/2027-Q1.toml",
            "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 177000\nactual = 12500.5\n",
        ),
    ]);
    let mut text = initiative("Fast search.\n");
    text.push_str("\n[milestone.beta]\ntitle = \"Public beta\"\ndue = 2027-02-01\n");
    repo.write("roadmap/search.toml", &text);
    repo.write(
        "budget/2027-Q1.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 264000\nactual = 12500.5\n\n\
         [line.ads]\ncategory = \"vendors\"\nplanned = 40000\nnote = \"Search ads, Q1 only\"\n",
    );
    repo.commit("More");
    let out = repo.out(&["HEAD~1", "HEAD"]);
    insta::assert_snapshot!(out.lines().skip(2).collect::<Vec<_>>().join("\n"), @r#"

    Roadmap
      ~ initiative/search  Search
          + milestone.beta.title = "Public beta"
          + milestone.beta.due = 2027-02-01

    Budget
      ~ budget/2027-Q1  2027-Q1
          line.cloud.planned: 177,000 → 264,000 USD  (+87,000 USD)
          + line.ads.category = "vendors"
          + line.ads.planned = 40,000 USD
          + line.ads.note = "Search ads, Q1 only"
    "#);
    let markdown = repo.out(&["--format", "markdown", "HEAD~1", "HEAD"]);
    for line in [
        "  - **line.ads.planned** = 40,000 USD\n",
        "  - **line.ads.note** = \"Search ads, Q1 only\"\n",
        "  - **line.cloud.planned**: 177,000 → 264,000 USD — *+87,000 USD*\n",
        "  - **milestone.beta.title** = \"Public beta\"\n",
    ] {
        assert!(markdown.contains(line), "{line}\n{markdown}");
    }
}

#[test]
fn prose_shows_changed_lines_with_marked_words() {
    let old = "We index nightly.\nSearch is slow for big tenants.\nOwned by core.\n";
    let new = "We index nightly.\nSearch is fast for all tenants.\nOwned by core.\nNext: facets.\n";
    let repo = GitPlan::with(&[("roadmap/search.toml", &initiative(old))]);
    repo.write("roadmap/search.toml", &initiative(new));
    repo.commit("Faster");
    let out = repo.out(&["HEAD~1", "HEAD"]);
    insta::assert_snapshot!(out.lines().skip(2).collect::<Vec<_>>().join("\n"), @r#"

    Roadmap
      ~ initiative/search  Search
          summary:
            - Search is [-slow-] for [-big-] tenants.
            + Search is {+fast+} for {+all+} tenants.
            + Next: facets.
    "#);
    let markdown = repo.out(&["--format", "markdown", "HEAD~1", "HEAD"]);
    assert!(
        markdown.contains(
            "  - **summary**:\n    - was: Search is ~~slow~~ for ~~big~~ tenants.\n    \
             - now: Search is **fast** for **all** tenants.\n    \
             - now: **Next\\: facets.**\n"
        ),
        "{markdown}"
    );
    // `log` shows the same lines.
    let log = crate::common::run(repo.path(), &["--color", "never", "log"]).0;
    assert!(
        log.contains("- Search is [-slow-] for [-big-] tenants."),
        "{log}"
    );
}

#[test]
fn the_summary_names_cancellations_joiners_leavers_and_escalations() {
    let risk = |likelihood: u8| {
        format!(
            "title = \"Outage\"\nlikelihood = {likelihood}\nimpact = 4\nstatus = \"open\"\n\
             opened = 2026-06-01\nowner = \"alice\"\n"
        )
    };
    let repo = GitPlan::with(&[
        (
            "roadmap/search.toml",
            &initiative("Fast search.\n").replace("active", "planned"),
        ),
        (
            "team/teams/core.toml",
            "name = \"Core\"\nlead = \"alice\"\n",
        ),
        (
            "team/people/alice.toml",
            &person("Alice", "CTO", "core", "joined = 2024-01-01\n"),
        ),
        (
            "team/people/bob.toml",
            &person("Bob", "Engineer", "core", "joined = 2024-01-01\n"),
        ),
        ("risks/outage.toml", &risk(2)),
    ]);
    repo.write(
        "roadmap/search.toml",
        &initiative("Fast search.\n").replace("active", "cancelled"),
    );
    repo.write(
        "team/people/bob.toml",
        &person(
            "Bob",
            "Engineer",
            "core",
            "joined = 2024-01-01\nleft = 2026-11-01\n",
        ),
    );
    repo.write(
        "team/people/carol.toml",
        &person("Carol", "Engineer", "core", "joined = 2026-11-02\n"),
    );
    repo.write("risks/outage.toml", &risk(4));
    repo.commit("Changes");
    let out = repo.out(&["HEAD~1", "HEAD"]);
    let summary = out.lines().nth(1).unwrap();
    for words in ["1 cancelled", "1 risk escalated", "1 joined", "1 left"] {
        assert!(summary.contains(words), "{words}: {summary}");
    }
    let counts = &repo.json(&["HEAD~1", "HEAD"])["summary"]["counts"];
    assert_eq!(
        (
            &counts["cancelled"],
            &counts["escalated"],
            &counts["joined"],
            &counts["left"]
        ),
        (&1.into(), &1.into(), &1.into(), &1.into())
    );
}
