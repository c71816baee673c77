//! `import roadmap` from Jira and Linear CSV exports: statuses mapped (and
//! `--status` for the words no table knows), the quarter from the date and
//! the plan's fiscal year, owners and teams matched and never invented,
//! repeated `Labels` columns, idempotent re-runs.

use crate::common::{self, run_in, snapshot_tree};

const TODAY: &str = "2026-11-27";

fn plan() -> tempfile::TempDir {
    let dir = common::empty_plan();
    common::write(dir.path(), "team/teams/core.toml", "name = \"Core\"\n");
    common::write(
        dir.path(),
        "team/people/alice.toml",
        "name = \"Alice Martin\"\nrole = \"CTO\"\nteam = \"core\"\n",
    );
    dir
}

/// Jira's export: repeated Labels, its own date format, a status no table
/// knows, an owner and a team the plan does not have.
const JIRA: &str = "Issue key,Summary,Status,Due date,Assignee,Team,Labels,Labels,Resolved\n\
PLAT-1,Search v2,In Progress,15/Aug/26,Alice Martin,Core,search,backend,\n\
PLAT-2,\"Billing \"\"v3\"\" <b>\",Done,30/Jun/26,alice,core,billing,,2026-06-20\n\
PLAT-3,Odd one,Frozen,,,,,,\n\
PLAT-4,Ghost owner,To Do,2026-12-01,Nobody,Nowhere,,,\n";

fn text(dir: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

#[test]
fn a_jira_export_becomes_initiatives_and_reruns_unchanged() {
    let dir = plan();
    common::write(dir.path(), "jira.csv", JIRA);
    let before = snapshot_tree(dir.path());
    let (stdout, stderr, code) = run_in(dir.path(), TODAY, &["import", "roadmap", "jira.csv"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(snapshot_tree(dir.path()), before, "a dry run wrote");
    assert!(
        stdout.contains("would create roadmap/search-v2.toml from jira.csv:2"),
        "{stdout}"
    );
    assert!(
        stderr.contains("jira.csv:4: status \"Frozen\" is not one the import knows"),
        "{stderr}"
    );
    assert!(stderr.contains("--status \"Frozen=planned\""), "{stderr}");
    assert!(
        stderr.contains("jira.csv:5: owner \"Nobody\" matches no person"),
        "{stderr}"
    );
    assert!(stderr.contains("Nowhere"), "{stderr}");

    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &[
            "import",
            "roadmap",
            "jira.csv",
            "--status",
            "Frozen=cancelled",
            "--write",
        ],
    );
    // The unmatched owner and team are still reported: exit 1, but written.
    assert_eq!(code, 1, "{stdout}{stderr}");
    let search = text(dir.path(), "roadmap/search-v2.toml");
    for line in [
        "title = \"Search v2\"",
        "status = \"active\"",
        "owner = \"alice\"",
        "team = \"core\"",
        "quarter = \"2026-Q3\"",
        "tags = [\"search\", \"backend\"]",
        "imported_from = \"roadmap:PLAT-1\"",
    ] {
        assert!(search.contains(line), "{line}:\n{search}");
    }
    let billing = text(dir.path(), "roadmap/billing-v3-b.toml");
    assert!(
        billing.contains("title = 'Billing \"v3\" <b>'"),
        "{billing}"
    );
    assert!(billing.contains("status = \"shipped\""), "{billing}");
    assert!(billing.contains("shipped = 2026-06-20"), "{billing}");
    assert!(billing.contains("quarter = \"2026-Q2\""), "{billing}");
    assert!(text(dir.path(), "roadmap/odd-one.toml").contains("status = \"cancelled\""));
    let ghost = text(dir.path(), "roadmap/ghost-owner.toml");
    assert!(
        !ghost.contains("owner =") && !ghost.contains("team ="),
        "{ghost}"
    );
    let (check, _, code) = run_in(dir.path(), TODAY, &["check"]);
    assert_eq!(code, 0, "{check}");

    // Again: nothing changes.
    let written = snapshot_tree(dir.path());
    let (stdout, _, _) = run_in(
        dir.path(),
        TODAY,
        &[
            "import",
            "roadmap",
            "jira.csv",
            "--status",
            "Frozen=cancelled",
            "--write",
        ],
    );
    assert!(
        stdout.contains("0 to create, 0 to update, 4 unchanged"),
        "{stdout}"
    );
    assert_eq!(snapshot_tree(dir.path()), written);

    // The epic slips in Jira: only the quarter moves, a hand-written field stays.
    common::write(
        dir.path(),
        "roadmap/search-v2.toml",
        &format!("{search}priority = \"p1\"\n"),
    );
    common::write(
        dir.path(),
        "jira.csv",
        &JIRA.replace("15/Aug/26", "02/Nov/26"),
    );
    let (stdout, _, _) = run_in(
        dir.path(),
        TODAY,
        &[
            "import",
            "roadmap",
            "jira.csv",
            "--status",
            "Frozen=cancelled",
            "--write",
        ],
    );
    assert!(
        stdout.contains("roadmap/search-v2.toml (quarter)"),
        "{stdout}"
    );
    let search = text(dir.path(), "roadmap/search-v2.toml");
    assert!(
        search.contains("quarter = \"2026-Q4\"") && search.contains("priority = \"p1\""),
        "{search}"
    );
}

/// Linear's export, `;`-separated with a BOM, in a plan whose fiscal year
/// starts in April: a target in August 2026 is fiscal 2027-Q2.
#[test]
fn a_linear_export_follows_the_fiscal_year() {
    let dir = plan();
    let config = text(dir.path(), "cto-plan.toml").replacen(
        "[plan]\n",
        "[plan]\nfiscal_year_start_month = 4\n",
        1,
    );
    common::write(dir.path(), "cto-plan.toml", &config);
    common::write(
        dir.path(),
        "linear.csv",
        "\u{feff}ID;Name;Status;Target date;Lead;Teams\nENG-7;Mobile app;Started;2026-08-14;Alice Martin;Core\n",
    );
    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "roadmap", "linear.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let mobile = text(dir.path(), "roadmap/mobile-app.toml");
    assert!(
        mobile.contains("quarter = \"2027-Q2\"") && mobile.contains("status = \"active\""),
        "{mobile}"
    );
}

#[test]
fn an_initiative_the_plan_has_is_left_alone_and_bad_options_are_usage_errors() {
    let dir = plan();
    common::write(
        dir.path(),
        "roadmap/search-v2.toml",
        "title = \"Search v2\"\nstatus = \"planned\"\nquarter = \"2027-Q1\"\n",
    );
    common::write(
        dir.path(),
        "jira.csv",
        "Summary,Status,Due date\nSearch v2,Done,2026-06-01\n",
    );
    let before = text(dir.path(), "roadmap/search-v2.toml");
    let (stdout, _, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "roadmap", "jira.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "skip jira.csv:2: initiative/search-v2 exists and was not imported from here"
        ),
        "{stdout}"
    );
    assert_eq!(text(dir.path(), "roadmap/search-v2.toml"), before);
    let (_, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "roadmap", "jira.csv", "--status", "Done=finished"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("'finished' is not an initiative status"),
        "{stderr}"
    );
}

/// `export csv initiative` reads back through `import roadmap`: ids,
/// titles, summaries, quarters, priority, the shipping day and the
/// `custom.*` columns come back, and a second import changes nothing.
#[test]
fn initiatives_exported_as_csv_import_back() {
    let source = plan();
    common::write(
        source.path(),
        "roadmap/search-v2.toml",
        "title = \"Search v2\"\nstatus = \"shipped\"\nsummary = \"Faster search.\"\nowner = \"alice\"\nteam = \"core\"\nstart = \"2026-Q2\"\nquarter = \"2026-Q3\"\npriority = \"p1\"\nshipped = 2026-09-17\ntags = [\"search\", \"backend\"]\n\n[custom]\nretro = \"https://wiki.example/retro\"\n",
    );
    let (csv, stderr, code) = run_in(source.path(), TODAY, &["export", "csv", "initiative"]);
    assert_eq!(code, 0, "{stderr}");

    let target = plan();
    common::write(target.path(), "roadmap.csv", &csv);
    let (stdout, stderr, code) = run_in(
        target.path(),
        TODAY,
        &["import", "roadmap", "roadmap.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let search = text(target.path(), "roadmap/search-v2.toml");
    for line in [
        "title = \"Search v2\"",
        "summary = \"Faster search.\"",
        "owner = \"alice\"",
        "team = \"core\"",
        "start = \"2026-Q2\"",
        "quarter = \"2026-Q3\"",
        "priority = \"p1\"",
        "shipped = 2026-09-17",
        "tags = [\"search\", \"backend\"]",
        "retro = \"https://wiki.example/retro\"",
    ] {
        assert!(search.contains(line), "{line} missing:\n{search}");
    }
    let again = snapshot_tree(target.path());
    let (stdout, _, code) = run_in(
        target.path(),
        TODAY,
        &["import", "roadmap", "roadmap.csv", "--write"],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("1 unchanged"), "{stdout}");
    assert_eq!(snapshot_tree(target.path()), again, "{stdout}");
}

/// Jira's custom fields for the start and the team, its priorities, and two
/// epics of one title, which both become initiatives.
#[test]
fn jira_custom_fields_priorities_and_repeated_titles() {
    let dir = plan();
    common::write(
        dir.path(),
        "jira.csv",
        "Issue key,Summary,Status,Priority,Custom field (Start date),Due date,Custom field (Team)\n\
PLAT-1,Search,To Do,Highest,2026-10-05,2027-02-10,Core\n\
PLAT-2,Search,To Do,Medium,,2027-05-10,Core\n\
PLAT-3,Billing,To Do,Someday,,2027-03-01,\n",
    );
    let (stdout, stderr, code) = run_in(
        dir.path(),
        TODAY,
        &["import", "roadmap", "jira.csv", "--write"],
    );
    // The unknown priority is reported; its row is imported without one.
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("jira.csv:4: priority \"Someday\" is not one the import knows"),
        "{stderr}"
    );
    let first = text(dir.path(), "roadmap/search.toml");
    for line in [
        "team = \"core\"",
        "start = \"2026-Q4\"",
        "quarter = \"2027-Q1\"",
        "priority = \"p0\"",
    ] {
        assert!(first.contains(line), "{line} missing:\n{first}");
    }
    let second = text(dir.path(), "roadmap/search-2.toml");
    assert!(second.contains("priority = \"p2\""), "{second}");
    assert!(second.contains("roadmap:PLAT-2"), "{second}");
    let billing = text(dir.path(), "roadmap/billing.toml");
    assert!(!billing.contains("priority"), "{billing}");
}
