//! The review's built-in Markdown: the whole document of the scripted
//! quarter, a citation for every item, and plan text (and commit authors)
//! that cannot inject HTML, mentions, links, code or Mermaid syntax.

use serde_json::json;

use super::{q2_markdown, review_json};
use crate::common::markdown::assert_review_inert;
use crate::common::quarter::{TODAY, fixture};
use crate::common::{ALICE, GitPlan, Who, ok_in};

#[test]
fn review_markdown_of_the_quarter() {
    let fx = fixture();
    let md = q2_markdown(&fx);
    // The renamed sso counts as the committed initiative that shipped (4 of
    // 8), and use-rabbitmq names the decision that superseded it.
    insta::assert_snapshot!(md, @r#"
    # Acme: quarterly review 2026-Q2

    2026-04-01 to 2026-06-30. Plan as the quarter began: `13444dc`; as it ended: `cb862fc`.

    The plan's history begins at `9189b8c` (2026-01-05) with 27 records: the baseline, not additions.

    ## Headline

    | | |
    |---|---|
    | Delivery predictability | **50%**: 4 of 8 committed initiatives shipped |
    | Shipped | 5 |
    | Slipped | 2: 2 committed for this quarter, 0 later targets |
    | Decisions taken | 4 |
    | Headcount | 6 → 7 (+1) |
    | Budget | 152,900 spent of 145,000 USD planned (+7,900 on the lines reported) |
    | Top risk | Data loss in the migration (score 20, Bob Stone) |

    ## Roadmap

    ### Shipped
    - **Search v2** (initiative/search-v2): shipped 2026-04-14 · `6d38f33` (#12)
    - **Usage-based billing** (initiative/billing): shipped 2026-05-04 · `d6f16ac` (#13)
    - **Onboarding flow** (initiative/onboarding): shipped 2026-05-05 · `1c5c836`
    - **Single sign-on** (initiative/single-sign-on): shipped 2026-06-15 · `47f076a`
    - **Hotfix tooling** (initiative/hotfix-tooling): shipped 2026-06-25 · `bb5bfd5`

    ### Slipped
    - **Analytics pipeline** (initiative/analytics): 2026-Q2 → 2026-Q3, 1 quarter later · `a4b633a`
    - **Mobile app** (initiative/mobile): 2026-Q2 → 2026-Q3, 1 quarter later · `231460e`
    - **Analytics pipeline** (initiative/analytics): 2026-Q3 → 2026-Q4, 1 quarter later · `2be8b93`

    ### Added during the quarter
    - **AI assist** (initiative/ai-assist): added for 2026-Q3 · `c7ca136` (#14)

    ### Cancelled
    - **Retire the legacy API** (initiative/legacy-api) · `6aa79e9`

    ### Carried over
    - **Analytics pipeline** (initiative/analytics): now 2026-Q4
    - **Audit logging** (initiative/audit-log): now 2026-Q2
    - **Mobile app** (initiative/mobile): now 2026-Q3

    ### Still active
    - **Analytics pipeline** (initiative/analytics)

    ```mermaid
    gantt
        title Roadmap 2026-Q2
        dateFormat YYYY-MM-DD
        axisFormat %b %d
        AI assist :active, 2026-04-01, 2026-06-30
        Analytics pipeline :crit, 2026-04-01, 2026-06-30
        Audit logging :crit, 2026-04-01, 2026-06-30
        Usage-based billing :done, 2026-04-01, 2026-05-04
        Hotfix tooling :done, 2026-04-01, 2026-06-25
        Retire the legacy API :crit, 2026-04-01, 2026-05-25
        Mobile app :crit, 2026-04-01, 2026-06-30
        Onboarding flow :done, 2026-04-01, 2026-05-05
        Search v2 :done, 2026-04-01, 2026-04-14
        Single sign-on :done, 2026-04-01, 2026-06-15
    ```

    ## Decisions

    - Accepted: **Use Kafka for events** (decision/use-kafka) · `952e01f` (#10)
    - Accepted: **Version the public API** (decision/api-versioning) · `2ff8d24` (#15)
    - Rejected: **Move profiles to a document store** (decision/nosql) · `d128b88`
    - Rejected: **Adopt GraphQL** (decision/graphql) · `831037b`
    - Superseded: **Use RabbitMQ for events** (decision/use-rabbitmq): superseded by decision/use-kafka · `426950a`

    Median time from proposal to decision: 21 days.

    Still proposed:
    - **Move to a monorepo** (decision/monorepo): open 29 days

    Reviews due in 2026-Q3:
    - **Use Kafka for events** (decision/use-kafka): review by 2026-08-01
    - **Hiring pipeline too thin** (risk/thin-pipeline): review by 2026-07-15

    ## Team

    - Joined: **Frank Olsen** (person/frank), joined team/growth · `8dc69f2`
    - Joined: **Ivan Petrov** (person/ivan), joined team/data · `5f0d88f`
    - Left: **Erin Cole** (person/erin), left team/data · `d9d7559`
    - Moved: **Gina Park** (person/gina), team/core → team/data · `d9d7559`

    | Team | Start | End | Target |
    |---|---:|---:|---:|
    | Core | 3 | 2 | – |
    | Data | 1 | 2 | 4 |
    | Growth | 2 | 3 | – |
    | **Total** | **6** | **7** | |

    Hiring: 2 roles opened, 2 filled (median 41.5 days to fill).
    - Opened: **Data Engineer** (role/data-eng), opened in team/data · `0741b5d`
    - Opened: **Site Reliability Engineer** (role/sre), opened in team/core · `624774b`
    - Filled: **Backend Engineer** (role/backend-eng), filled by person/frank · `8dc69f2`
    - Filled: **Data Engineer** (role/data-eng), filled by person/ivan · `5f0d88f`

    ## Budget

    152,900 spent of 145,000 USD planned: +7,900 USD on the lines reported (last changed in `cc7be42`).

    | Category | Planned | Actual | Variance |
    |---|---:|---:|---:|
    | headcount | 100,000 | 98,000 | -2,000 |
    | infrastructure | 40,000 | 49,500 | +9,500 |
    | tooling | 5,000 | 5,400 | +400 |

    | Initiative | Planned | Actual | Variance |
    |---|---:|---:|---:|
    | search-v2 | 10,000 | 12,500 | +2,500 |

    Over plan by more than 10%:
    - **cloud** (infrastructure): 37,000 of 30,000 (+7,000)
    - **search-infra** (infrastructure): 12,500 of 10,000 (+2,500)

    ```mermaid
    pie title Planned budget 2026-Q2 by category
        "headcount" : 100000
        "infrastructure" : 40000
        "tooling" : 5000
    ```

    ## Risks

    - Opened: **Cloud vendor lock-in** (risk/vendor-lock) · `b2a2cdd`
    - Opened: **Hiring pipeline too thin** (risk/thin-pipeline) · `c7ca136` (#14)
    - Closed: **Single-region outage** (risk/outage) · `27db577`
    - Escalated: **Data loss in the migration** (risk/data-loss), score 10 → 20 · `5313b7e`

    Net change over the quarter: Data loss in the migration 10 → 20 (+10).

    | Top open risks | Score | Likelihood × impact | Status | Owner |
    |---|---:|---|---|---|
    | Data loss in the migration | 20 | 4 × 5 | open | Bob Stone |
    | Cloud vendor lock-in | 16 | 4 × 4 | open | Alice Martin |
    | Hiring pipeline too thin | 6 | 3 × 2 | open | Carol Sato |

    ## Objectives

    **Make search fast and reliable** (objective/reliability): committed
    - p95 search latency: 400 ms → 300 ms, target 200 ms (**50%** of the way) · `144fb53`
    - Accounts on the new search: 150 accounts, target 200 accounts (**75%** of the way) · `144fb53`
    - Sev-1 incidents: no reading yet, target 2

    ## Outlook for 2026-Q3

    - **AI assist** (initiative/ai-assist): planned
    - **Mobile app** (initiative/mobile): planned

    At risk:
    - **AI assist** (initiative/ai-assist): depends on initiative/analytics \(active\)
    - **Mobile app** (initiative/mobile): owner person/erin has left

    ## Activity

    29 commits changed the plan, from 5 pull requests.
    Contributors: Bob Stone (9), Alice Martin (8), Carol Sato (6), Dave Ruiz (6).
    Merged by: Alice Martin (1 merge).
    "#);
}

#[test]
fn review_markdown_cites_every_item() {
    let fx = fixture();
    let md = q2_markdown(&fx);
    let sections = [
        ("### Shipped", 5),
        ("### Slipped", 3),
        ("### Added during the quarter", 1),
        ("### Cancelled", 1),
    ];
    for (heading, count) in sections {
        let body = md.split(heading).nth(1).unwrap();
        let bullets: Vec<&str> = body
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("- "))
            .collect();
        assert_eq!(bullets.len(), count, "{heading}:\n{md}");
        for bullet in bullets {
            let cited = bullet.rsplit_once(" · `").map(|(_, c)| c);
            assert!(
                cited
                    .is_some_and(|c| c.len() >= 8 && c[..7].chars().all(|c| c.is_ascii_hexdigit())),
                "no citation: {bullet}"
            );
        }
    }
    for prefix in [
        "- Accepted: ",
        "- Rejected: ",
        "- Superseded: ",
        "- Joined: ",
        "- Left: ",
        "- Moved: ",
        "- Opened: ",
        "- Filled: ",
        "- Closed: ",
        "- Escalated: ",
    ] {
        let lines: Vec<&str> = md.lines().filter(|l| l.starts_with(prefix)).collect();
        assert!(!lines.is_empty(), "no {prefix}lines:\n{md}");
        for line in lines {
            assert!(line.contains(" · `"), "no citation: {line}");
        }
    }
    for (name, pr) in [("M", 12), ("C14", 13), ("C5", 10), ("C24", 14), ("C28", 15)] {
        assert!(
            md.contains(&format!("`{}` (#{pr})", fx.short(name))),
            "{name} (#{pr}):\n{md}"
        );
    }
    assert!(
        md.contains("29 commits changed the plan, from 5 pull requests.\n"),
        "{md}"
    );
}

/// Plan text nobody should trust: Markdown, HTML, mentions, links, a line
/// break with a heading, a fence and Mermaid syntax.
const HOSTILE: &str = r#"Pipes | `code` <script>alert(1)</script> [x](javascript:alert(1)) @everyone **bold _u_ ~~s~~ #1 ![i](http://x/y.png)\n# Heading\n```\n%%{init}%% :crit, 2026-01-01, 2026-12-31; \"q\""#;

#[test]
fn review_markdown_escapes_hostile_plan_text() {
    let s = GitPlan::empty("");
    let mallory = Who {
        name: "Mallory @admins | **x** [y](http://evil)",
        email: "mallory@evil.test",
    };
    s.write(
        "cto-plan.toml",
        "[plan]\nname = \"Acme <b>|@all</b> `x`\"\ncurrency = \"USD\"\n",
    );
    s.write(
        "team/teams/core.toml",
        "name = \"Core | <i>x</i> @team\"\nheadcount_target = 3\n",
    );
    s.write(
        "team/people/alice.toml",
        "name = \"Alice @here | *x*\"\nrole = \"CTO\"\nteam = \"core\"\n",
    );
    s.write(
        "roadmap/pipes.toml",
        &format!(
            "title = \"{HOSTILE}\"\nstatus = \"active\"\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q2\"\n"
        ),
    );
    s.write(
        "roadmap/next.toml",
        &format!(
            "title = \"Next {HOSTILE}\"\nstatus = \"planned\"\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q2\"\n"
        ),
    );
    s.write(
        "risks/evil.toml",
        "title = \"Risk | <img src=x onerror=alert(1)> @owner\"\nlikelihood = 5\nimpact = 5\nowner = \"alice\"\nstatus = \"open\"\nopened = 2026-03-01\n",
    );
    s.write(
        "decisions/evil.toml",
        "title = \"Decide [here](http://evil) `x` @all\"\nstatus = \"proposed\"\nproposed = 2026-03-01\ncontext = \"x\"\n",
    );
    s.write(
        "team/hiring/evil.toml",
        "title = \"Role **x** _y_ ~z~ | <b>\"\nteam = \"core\"\nstatus = \"open\"\nopened = 2026-03-01\n",
    );
    s.write(
        "objectives/evil.toml",
        "title = \"Objective ![i](http://x/y.png)\"\nquarter = \"2026-Q2\"\nstatus = \"committed\"\n\n[key_result.k]\nmetric = \"p95 | `ms` <u>\"\nunit = \"<u>|@\"\nbaseline = 10\ntarget = 0\ncurrent = 10\n",
    );
    s.write(
        "budget/2026-Q2.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 1000\ninitiative = \"pipes\"\nnote = \"<b>@x</b>\"\n",
    );
    s.commit_as(ALICE, "2026-03-02T10:00:00+00:00", "Add the plan");

    s.write(
        "roadmap/pipes.toml",
        &format!(
            "title = \"{HOSTILE}\"\nstatus = \"shipped\"\nshipped = 2026-04-10\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q2\"\n"
        ),
    );
    s.write(
        "roadmap/next.toml",
        &format!(
            "title = \"Next {HOSTILE}\"\nstatus = \"planned\"\nowner = \"alice\"\nteam = \"core\"\nquarter = \"2026-Q3\"\n"
        ),
    );
    s.write(
        "decisions/evil.toml",
        "title = \"Decide [here](http://evil) `x` @all\"\nstatus = \"accepted\"\nproposed = 2026-03-01\ndecided = 2026-04-10\ncontext = \"x\"\ndecision = \"y\"\nreview_by = 2026-08-01\n",
    );
    s.write(
        "team/people/eve.toml",
        "name = \"Eve [x](http://evil) <script>\"\nrole = \"Engineer\"\nteam = \"core\"\njoined = 2026-04-10\n",
    );
    s.write(
        "team/hiring/evil.toml",
        "title = \"Role **x** _y_ ~z~ | <b>\"\nteam = \"core\"\nstatus = \"filled\"\nopened = 2026-03-01\nfilled = 2026-04-10\nhire = \"eve\"\n",
    );
    s.write(
        "objectives/evil.toml",
        "title = \"Objective ![i](http://x/y.png)\"\nquarter = \"2026-Q2\"\nstatus = \"committed\"\n\n[key_result.k]\nmetric = \"p95 | `ms` <u>\"\nunit = \"<u>|@\"\nbaseline = 10\ntarget = 0\ncurrent = 5\n",
    );
    s.write(
        "budget/2026-Q2.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 1000\nactual = 2000\ninitiative = \"pipes\"\nnote = \"<b>@x</b>\"\n",
    );
    s.commit_as(
        mallory,
        "2026-04-10T10:00:00+00:00",
        "Ship <pipes> @all | (#7)",
    );

    let r = review_json(s.path(), &["--quarter", "2026-Q2"]);
    // The JSON keeps the text as written.
    let title = r["roadmap"]["shipped"][0]["title"].as_str().unwrap();
    assert!(title.starts_with("Pipes | `code` <script>"), "{title}");
    assert!(title.contains("\n# Heading\n"), "{title}");
    assert_eq!(r["activity"]["pull_requests"], json!([7]));

    let md = ok_in(s.path(), TODAY, &["review", "--quarter", "2026-Q2"]);
    assert_review_inert(&md);
    // Escaped, not dropped.
    for escaped in [
        "# Acme &lt;b&gt;\\|`@all</b>` \\`x\\`: quarterly review 2026-Q2",
        "**Pipes \\| \\`code\\` &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript\\:alert\\(1\\)\\) `@everyone` \\*\\*bold \\_u\\_ \\~\\~s\\~\\~ `#1` `![i](http://x/y.png)` \\# Heading \\`\\`\\` ",
        "Risk \\| &lt;img src=x onerror=alert\\(1\\)&gt; `@owner`",
        "Decide `[here](http://evil)` \\`x\\` `@all`",
        "Eve `[x](http://evil)` &lt;script&gt;",
        "Role \\*\\*x\\*\\* \\_y\\_ \\~z\\~ \\| &lt;b&gt;",
        "Core \\| &lt;i&gt;x&lt;/i&gt; `@team`",
        "p95 \\| \\`ms\\` &lt;u&gt;: 10 &lt;u&gt;\\|`@` → 5 &lt;u&gt;\\|`@`",
        "Mallory `@admins` \\| \\*\\*x\\*\\* `[y](http://evil)` (1)",
    ] {
        assert!(md.contains(escaped), "not found escaped: {escaped}\n{md}");
    }
    // The gantt chart keeps only harmless characters of the title.
    assert!(
        md.contains("    Pipes code script alert(1) /script x (javascript alert(1)) everyone bold _u_ s 1 i (http //x/y.png) Heading init crit, 2026-01-01, 2026-12-31 q :done, 2026-04-01, 2026-04-10\n"),
        "{md}"
    );

    // A user's Markdown template escapes too; a text template does not; an
    // HTML one escapes for HTML.
    let templates = tempfile::TempDir::new().unwrap();
    let source = "{{ plan }}|{{ roadmap.shipped[0].title }}|{{ team.joiners[0].source | cite }}\n";
    for (name, expected) in [
        (
            "mine.md.j2",
            "Acme &lt;b&gt;\\|`@all</b>` \\`x\\`|Pipes \\| \\`code\\` &lt;script&gt;alert\\(1\\)"
                .to_owned(),
        ),
        (
            "mine.txt.j2",
            "Acme <b>|@all</b> `x`|Pipes | `code` <script>alert(1)".to_owned(),
        ),
        (
            "mine.html.j2",
            "Acme &lt;b&gt;|@all&lt;&#x2f;b&gt; `x`|Pipes | `code` &lt;script&gt;alert(1)"
                .to_owned(),
        ),
    ] {
        let path = templates.path().join(name);
        std::fs::write(&path, source).unwrap();
        let out = ok_in(
            s.path(),
            TODAY,
            &[
                "review",
                "--quarter",
                "2026-Q2",
                "--template",
                path.to_str().unwrap(),
            ],
        );
        assert!(out.starts_with(&expected), "{name}:\n{out}");
    }
}
