//! Markdown safety and size: hostile plan text stays inert, and huge diffs
//! (of records or of broken files) stay under a pull request comment's
//! character limit.

use super::Diff;
use crate::common::markdown::assert_diff_inert;
use crate::common::{CONFIG, GitPlan};

#[test]
fn markdown_keeps_hostile_text_inert() {
    let repo = GitPlan::with(&[
        (
            "roadmap/pipes.toml",
            "title = \"Plain\"\nstatus = \"proposed\"\nsummary = \"Nothing to see.\"\ntags = [\"ok\"]\n",
        ),
        ("team/teams/core.toml", "name = \"Core\"\n"),
    ]);
    repo.write_all(&[
        (
            "roadmap/pipes.toml",
            r#"title = "a | b | c"
status = "proposed"
summary = "Nothing <img src=x onerror=alert(1)> to see, @everyone."
tags = ["ok", "x|y", "<b>"]
"#,
        ),
        (
            "roadmap/script.toml",
            "title = \"<script>alert(1)</script>\"\nstatus = \"proposed\"\n",
        ),
        (
            "roadmap/everyone.toml",
            "title = \"@everyone please look\"\nstatus = \"proposed\"\nowner = \"@here\"\n",
        ),
        (
            "roadmap/link.toml",
            r#"title = "[x](javascript:alert(1))"
status = "proposed"
summary = "![img](https://evil.example/x.png) <https://evil.example>"
"#,
        ),
        (
            "roadmap/fence.toml",
            "title = \"```\\n</details><details open>\\n# Heading\"\nstatus = \"proposed\"\n",
        ),
        ("team/teams/core.toml", "name = \"Core | Platform\"\n"),
        (
            "team/people/mallory.toml",
            "name = \"Mallory <mallory@evil.example>\"\nrole = \"`rm -rf`\"\nteam = \"core\"\n",
        ),
        (
            "budget/2026-Q3.toml",
            "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 5\nnote = \"**bold** _it_ ~~gone~~ | [a]\"\n",
        ),
    ]);
    let md = repo.out(&["--format", "markdown"]);
    assert_diff_inert(&md);
    for escaped in [
        "a \\| b \\| c",
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt;",
        "`@everyone` please look",
        "\\[x\\]\\(javascript\\:alert\\(1\\)\\)",
        "\\`\\`\\` &lt;/details&gt;&lt;details open&gt; \\# Heading",
        "Core \\| Platform",
    ] {
        assert!(md.contains(escaped), "{escaped} missing:\n{md}");
    }
    insta::assert_snapshot!(md, @r#"
    <!-- cto-plan-diff -->
    ### Plan changes: HEAD `(79fe8a9)` → working tree

    **6 added, 2 changed · 1 joined · budget +5 USD**

    | Area | Added | Changed | Removed |
    |---|---:|---:|---:|
    | Roadmap | 4 | 1 | 0 |
    | Teams | 0 | 1 | 0 |
    | People | 1 | 0 | 0 |
    | Budget | 1 | 0 | 0 |

    | Budget category | Planned | Actual |
    |---|---:|---:|
    | infrastructure | +5 USD | +0 USD |

    | Team | Headcount |
    |---|---:|
    | core | +1 |

    <details><summary>Roadmap (5)</summary>

    - \+ **initiative/everyone** `@everyone` please look
      - **title** = `@everyone` please look
      - **status** = proposed
      - **owner** = `@here` \(invalid\)
    - \+ **initiative/fence** \`\`\` &lt;/details&gt;&lt;details open&gt; \# Heading
      - **title** = \`\`\` &lt;/details&gt;&lt;details open&gt; \# Heading
      - **status** = proposed
    - \+ **initiative/link** \[x\]\(javascript\:alert\(1\)\)
      - **title** = \[x\]\(javascript\:alert\(1\)\)
      - **status** = proposed
      - **summary** = `![img](https://evil.example/x.png)` `<https://evil.example>`
    - \~ **initiative/pipes** a \| b \| c
      - **title**: Plain → a \| b \| c
      - **summary**:
        - was: Nothing to ~~see.~~
        - now: Nothing **&lt;img src=x onerror=alert\(1\)&gt;** to **see, `@everyone.`**
      - **tags**: ok → ok, x\|y, &lt;b&gt; — *+&lt;b&gt; +x\|y*
    - \+ **initiative/script** &lt;script&gt;alert\(1\)&lt;/script&gt;
      - **title** = &lt;script&gt;alert\(1\)&lt;/script&gt;
      - **status** = proposed

    </details>

    <details><summary>Teams (1)</summary>

    - \~ **team/core** Core \| Platform
      - **name**: Core → Core \| Platform

    </details>

    <details><summary>People (1)</summary>

    - \+ **person/mallory** Mallory `<mallory@evil.example>`
      - *joined team/core*
      - **name** = Mallory `<mallory@evil.example>`
      - **role** = \`rm -rf\`
      - **team** = core

    </details>

    <details><summary>Budget (1)</summary>

    - \+ **budget/2026-Q3** 2026-Q3
      - *line cloud\: planned +5 USD*
      - **line.cloud.category** = "infrastructure"
      - **line.cloud.planned** = 5 USD
      - **line.cloud.note** = "\*\*bold\*\* \_it\_ \~\~gone\~\~ \| \[a\]"

    </details>
    "#);

    // A branch name is the pull request author's too.
    let head = repo.commit("Hostile");
    repo.branch("x|<b>@everyone", head);
    let md = repo.out(&["HEAD~1...x|<b>@everyone", "--format", "markdown"]);
    assert_diff_inert(&md);
    assert!(
        md.contains("→ x\\|`<b>@everyone` `("),
        "{}",
        md.lines().nth(1).unwrap()
    );
}

/// The start of a long output, for messages.
fn head(text: &str) -> String {
    text.chars().take(400).collect()
}

/// Parses the final "N more entries left out" line.
fn left_out(md: &str) -> usize {
    let last = md.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with('*')
            && last.ends_with(
                " left out to stay under the 65536-character comment limit; run `cto-plan diff` for all of them.*"
            ),
        "last line: {last}"
    );
    last[1..].split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn huge_markdown_stays_under_the_comment_limit() {
    let repo = GitPlan::empty("");
    repo.write("cto-plan.toml", CONFIG);
    let initiative = |i: usize, quarter: &str| {
        format!(
            "title = \"Initiative number {i}\"\nstatus = \"planned\"\nowner = \"alice\"\nquarter = \"{quarter}\"\n"
        )
    };
    let risk = |i: usize, likelihood: u8| {
        format!(
            "title = \"Risk number {i}\"\nlikelihood = {likelihood}\nimpact = 3\nstatus = \"open\"\nopened = 2026-01-01\n"
        )
    };
    for i in 0..1500 {
        repo.write(&format!("roadmap/i{i:04}.toml"), &initiative(i, "2026-Q3"));
        repo.write(&format!("risks/r{i:04}.toml"), &risk(i, 2));
    }
    repo.commit("Many records");
    for i in 0..1500 {
        repo.write(&format!("roadmap/i{i:04}.toml"), &initiative(i, "2026-Q4"));
        repo.write(&format!("risks/r{i:04}.toml"), &risk(i, 4));
    }
    let md = repo.out(&["--format", "markdown"]);
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(
        md.contains("\n**3000 changed · 1500 slipped, 1500 risks escalated**\n"),
        "{}",
        head(&md)
    );
    assert!(md.contains("| Roadmap | 0 | 1500 | 0 |\n| Risks | 0 | 1500 | 0 |\n"));
    let shown = md.lines().filter(|l| l.starts_with("- \\~ **")).count();
    assert!(shown > 100, "{shown} records shown");
    assert_eq!(shown + left_out(&md), 3000);
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count(),
        "every details block is closed"
    );
    // The text and JSON formats are not cut.
    let doc = repo.json(&[]);
    assert_eq!(doc["changes"].as_array().unwrap().len(), 3000);
}

#[test]

fn huge_markdown_of_broken_files_stays_under_the_comment_limit() {
    let repo = GitPlan::with(&[("roadmap/a.toml", "title = \"A\"\nstatus = \"active\"\n")]);
    for i in 0..3000 {
        repo.write(
            &format!("roadmap/broken-{i:04}.toml"),
            "title = \"Broken\"\nstatus = \n",
        );
    }
    let md = repo.out(&["--format", "markdown"]);
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains("left out"), "{}", head(&md));
}
