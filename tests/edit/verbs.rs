//! The lifecycle verbs of issue 12: cancel and slip an initiative, a person
//! joining and moving, a role opened and cancelled, a risk closed and
//! rescored, a key result updated. Each one lands, each refuses a no-op or
//! a contradicting change (exit 2, nothing written), and with `--commit`
//! each makes one commit of exactly its file.

use super::*;

const RISK: &str = "title = \"Vendor lock-in\"\nlikelihood = 3 # guess\nimpact = 4\nowner = \"alice\"\nstatus = \"open\"\nopened = 2026-10-01\n";

const OBJECTIVE: &str = "title = \"Fast search\"\nquarter = \"2099-Q4\"\nstatus = \"committed\"\n\n[key_result.p95]\nmetric = \"p95 latency\"\nunit = \"ms\"\nbaseline = 400\ntarget = 200\ncurrent = 350 # last week\n";

const ROLE: &str =
    "title = \"SRE\"\nteam = \"core\"\nstatus = \"cancelled\"\nopened = 2026-09-01\n";

const TEAM: &str = "name = \"Platform\"\nlead = \"alice\"\n";

/// The minimal plan and a risk, an objective, a cancelled role and a team.
fn extras() -> [(&'static str, &'static str); 4] {
    [
        ("risks/lock-in.toml", RISK),
        ("objectives/fast-search.toml", OBJECTIVE),
        ("team/hiring/sre.toml", ROLE),
        ("team/teams/platform.toml", TEAM),
    ]
}

fn verbs_plan() -> tempfile::TempDir {
    let dir = plan();
    for (path, text) in extras() {
        write(dir.path(), path, text);
    }
    dir
}

/// Runs a command that must be refused as a usage error (exit 2) and leave
/// every file as it was; returns stderr.
fn usage(dir: &Path, args: &[&str]) -> String {
    let before = snapshot_tree(dir);
    let (stdout, stderr, code) = run(dir, args);
    assert_eq!(code, 2, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(snapshot_tree(dir), before, "{args:?} wrote something");
    stderr
}

#[test]
fn cancel_marks_an_initiative_cancelled_but_never_undoes_a_ship_unforced() {
    let dir = verbs_plan();
    let stdout = ok(dir.path(), &["cancel", "billing"]);
    insta::assert_snapshot!(stdout, @r#"
    updated roadmap/billing.toml
      status  "planned" → "cancelled"
    "#);
    let stderr = usage(dir.path(), &["cancel", "billing"]);
    assert!(
        stderr.contains("initiative/billing is cancelled already"),
        "{stderr}"
    );
    ok(dir.path(), &["ship", "search-v2", "--on", "2026-11-20"]);
    let stderr = usage(dir.path(), &["cancel", "search-v2"]);
    assert!(
        stderr.contains("initiative/search-v2 is shipped: `cancel` would contradict that"),
        "{stderr}"
    );
    assert!(stderr.contains("pass --force"), "{stderr}");
    ok(dir.path(), &["cancel", "search-v2", "--force"]);
    assert_eq!(fields(dir.path(), "search-v2")["status"], "cancelled");
    let stderr = usage(dir.path(), &["cancel", "use-postgres"]);
    assert!(stderr.contains("`cancel` works on initiatives"), "{stderr}");
}

#[test]
fn slip_moves_an_initiative_later_only() {
    let dir = verbs_plan();
    let stdout = ok(dir.path(), &["slip", "billing", "--to", "2100-Q1"]);
    insta::assert_snapshot!(stdout, @r#"
    updated roadmap/billing.toml
      quarter  "2099-Q4" → "2100-Q1"
    "#);
    let stderr = usage(dir.path(), &["slip", "billing", "--to", "2099-Q1"]);
    assert!(
        stderr.contains("initiative/billing is due in 2100-Q1: 2099-Q1 is earlier"),
        "{stderr}"
    );
    assert!(
        stderr.contains("use `cto-plan set billing quarter=2099-Q1` to pull it in"),
        "{stderr}"
    );
    let stderr = usage(dir.path(), &["slip", "billing", "--to", "2100-Q1"]);
    assert!(stderr.contains("is due in 2100-Q1 already"), "{stderr}");
    usage(dir.path(), &["slip", "billing", "--to", "2099-Q5"]);
    ok(dir.path(), &["cancel", "billing"]);
    let stderr = usage(dir.path(), &["slip", "billing", "--to", "2100-Q2"]);
    assert!(stderr.contains("is cancelled"), "{stderr}");
}

#[test]
fn person_join_adds_a_newcomer_or_records_the_first_day() {
    let dir = verbs_plan();
    let stdout = ok(
        dir.path(),
        &[
            "person",
            "join",
            "--name",
            "Zoë Müller",
            "--role",
            "SRE",
            "--team",
            "platform",
            "--on",
            "2026-12-01",
        ],
    );
    assert_eq!(stdout, "created team/people/zoe-muller.toml\n");
    let f = fields(dir.path(), "zoe-muller");
    assert_eq!(
        (&f["name"], &f["role"], &f["team"], &f["joined"]),
        (
            &"Zoë Müller".into(),
            &"SRE".into(),
            &"platform".into(),
            &"2026-12-01".into()
        )
    );
    // Someone on record: their first day, and a team by name.
    ok(dir.path(), &["person", "join", "bob", "--on", "2025-03-03"]);
    assert_eq!(fields(dir.path(), "bob")["joined"], "2025-03-03");
    let stderr = usage(dir.path(), &["person", "join", "bob", "--on", "2025-04-01"]);
    assert!(
        stderr.contains("person/bob joined on 2025-03-03"),
        "{stderr}"
    );
    let stderr = usage(dir.path(), &["person", "join", "bob", "--on", "2025-03-03"]);
    assert!(stderr.contains("joined on 2025-03-03 already"), "{stderr}");
    ok(
        dir.path(),
        &["person", "join", "bob", "--on", "2025-04-01", "--force"],
    );
    assert_eq!(fields(dir.path(), "bob")["joined"], "2025-04-01");
    // A newcomer needs a name and a role; a typo is suggested.
    let stderr = usage(dir.path(), &["person", "join", "bobb"]);
    assert!(
        stderr.contains("give --name and --role") && stderr.contains("did you mean `bob`"),
        "{stderr}"
    );
    let stderr = usage(
        dir.path(),
        &["person", "join", "bob", "--team", "Platfrom", "--force"],
    );
    assert!(stderr.contains("did you mean `platform`?"), "{stderr}");
}

#[test]
fn person_move_changes_the_team_of_someone_still_here() {
    let dir = verbs_plan();
    let stdout = ok(dir.path(), &["person", "move", "bob", "--to", "platform"]);
    insta::assert_snapshot!(stdout, @r#"
    updated team/people/bob.toml
      team  "core" → "platform"
    "#);
    let stderr = usage(dir.path(), &["person", "move", "bob", "--to", "platform"]);
    assert!(
        stderr.contains("person/bob is in team/platform already"),
        "{stderr}"
    );
    ok(
        dir.path(),
        &["person", "leave", "bob", "--on", "2026-11-01"],
    );
    let stderr = usage(dir.path(), &["person", "move", "bob", "--to", "core"]);
    assert!(
        stderr.contains("person/bob left on 2026-11-01: only people who are here move"),
        "{stderr}"
    );
}

#[test]
fn role_open_adds_a_role_or_reopens_a_cancelled_one_and_role_cancel_closes_it() {
    let dir = verbs_plan();
    let stdout = ok(dir.path(), &["role", "open", "sre", "--on", "2026-11-20"]);
    insta::assert_snapshot!(stdout, @r#"
    updated team/hiring/sre.toml
      status  "cancelled" → "open"
      opened  2026-09-01 → 2026-11-20
    "#);
    let stderr = usage(dir.path(), &["role", "open", "sre"]);
    assert!(
        stderr.contains("role/sre is open already (status \"open\")"),
        "{stderr}"
    );
    ok(
        dir.path(),
        &["role", "open", "--title", "Staff SRE", "--team", "platform"],
    );
    insta::assert_snapshot!(read(dir.path(), "team/hiring/staff-sre.toml"), @r#"
    # An open position. Every field: `cto-plan schema role`.
    # Needs the hiring team: `team=TEAM`. Also: level, quarter, priority.
    # Fill it with `cto-plan role fill staff-sre --by PERSON`.
    title = "Staff SRE"
    status = "open"
    opened = 2026-11-27
    team = "platform"
    "#);
    let stderr = usage(dir.path(), &["role", "open", "new-role"]);
    assert!(stderr.contains("give --title and --team"), "{stderr}");

    let stdout = ok(dir.path(), &["role", "cancel", "staff-sre"]);
    assert!(
        stdout.contains("status  \"open\" → \"cancelled\""),
        "{stdout}"
    );
    let stderr = usage(dir.path(), &["role", "cancel", "staff-sre"]);
    assert!(stderr.contains("is cancelled already"), "{stderr}");
    ok(dir.path(), &["role", "fill", "sre", "--by", "bob"]);
    let stderr = usage(dir.path(), &["role", "cancel", "sre"]);
    assert!(
        stderr.contains("role/sre is filled: `role cancel` would contradict that"),
        "{stderr}"
    );
    let stderr = usage(dir.path(), &["role", "open", "sre"]);
    assert!(stderr.contains("a filled role stays filled"), "{stderr}");
}

#[test]
fn risk_close_and_rescore() {
    let dir = verbs_plan();
    let stdout = ok(
        dir.path(),
        &["risk", "rescore", "lock-in", "--likelihood", "2"],
    );
    insta::assert_snapshot!(stdout, @r"
    updated risks/lock-in.toml
      likelihood  3 → 2
    ");
    // The comment on the line stays.
    assert!(read(dir.path(), "risks/lock-in.toml").contains("likelihood = 2 # guess\n"));
    let stderr = usage(
        dir.path(),
        &[
            "risk",
            "rescore",
            "lock-in",
            "--likelihood",
            "2",
            "--impact",
            "4",
        ],
    );
    assert!(
        stderr.contains("risk/lock-in is scored so already (likelihood 2 × impact 4)"),
        "{stderr}"
    );
    usage(dir.path(), &["risk", "rescore", "lock-in"]);
    usage(dir.path(), &["risk", "rescore", "lock-in", "--impact", "6"]);

    let stdout = ok(
        dir.path(),
        &["risk", "close", "lock-in", "--on", "2026-11-25"],
    );
    insta::assert_snapshot!(stdout, @r#"
    updated risks/lock-in.toml
      status  "open" → "closed"
      closed  2026-11-25
    "#);
    let stderr = usage(dir.path(), &["risk", "close", "lock-in"]);
    assert!(
        stderr.contains("risk/lock-in closed already on 2026-11-25"),
        "{stderr}"
    );
    let stderr = usage(dir.path(), &["risk", "rescore", "lock-in", "--impact", "5"]);
    assert!(stderr.contains("risk/lock-in is closed"), "{stderr}");
}

#[test]
fn kr_update_sets_the_current_value_of_a_key_result() {
    let dir = verbs_plan();
    let stdout = ok(dir.path(), &["kr", "update", "fast-search", "p95", "280"]);
    insta::assert_snapshot!(stdout, @r"
    updated objectives/fast-search.toml
      key_result.p95.current  350 → 280
    ");
    assert!(
        read(dir.path(), "objectives/fast-search.toml").contains("current = 280 # last week\n")
    );
    let stderr = usage(dir.path(), &["kr", "update", "fast-search", "p95", "280"]);
    assert!(stderr.contains("is 280 already"), "{stderr}");
    let stderr = usage(dir.path(), &["kr", "update", "fast-search", "P9", "1"]);
    assert!(
        stderr.contains("objective/fast-search has no key result `P9`")
            && stderr.contains("did you mean `p95`?"),
        "{stderr}"
    );
    // By its metric, too.
    let stderr = usage(dir.path(), &["kr", "update", "fast-search", "latency", "1"]);
    assert!(stderr.contains("its key results are p95"), "{stderr}");
    let stderr = usage(
        dir.path(),
        &["kr", "update", "fast-search", "p95 Latency", "1"],
    );
    assert!(stderr.contains("did you mean `p95`?"), "{stderr}");
    let stderr = usage(dir.path(), &["kr", "update", "fast-search", "p95", "fast"]);
    assert!(stderr.contains("'fast' is not a number"), "{stderr}");
    ok(dir.path(), &["set", "fast-search", "status=achieved"]);
    let stderr = usage(dir.path(), &["kr", "update", "fast-search", "p95", "190"]);
    assert!(stderr.contains("is achieved"), "{stderr}");
    ok(
        dir.path(),
        &["kr", "update", "fast-search", "p95", "190", "--force"],
    );
}

#[test]
fn every_verb_commits_exactly_its_file() {
    let git = GitPlan::new("plans/eng");
    let mut config = git.repo.config().unwrap();
    config.set_str("user.name", "Alice").unwrap();
    config.set_str("user.email", "alice@example.com").unwrap();
    git.write_all(&extras());
    git.commit("Add the extras");
    let plan = git.plan();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["cancel", "billing"],
            "roadmap/billing.toml",
            "plan: cancel initiative/billing",
        ),
        (
            &["slip", "search-v2", "--to", "2100-Q1"],
            "roadmap/search-v2.toml",
            "plan: slip initiative/search-v2 to 2100-Q1",
        ),
        (
            &["person", "join", "bob", "--on", "2025-01-02"],
            "team/people/bob.toml",
            "plan: person/bob joins on 2025-01-02",
        ),
        (
            &["person", "move", "bob", "--to", "platform"],
            "team/people/bob.toml",
            "plan: move person/bob to team/platform",
        ),
        (
            &["role", "open", "sre"],
            "team/hiring/sre.toml",
            "plan: reopen role/sre",
        ),
        (
            &["role", "cancel", "sre"],
            "team/hiring/sre.toml",
            "plan: cancel role/sre",
        ),
        (
            &["risk", "rescore", "lock-in", "--impact", "5"],
            "risks/lock-in.toml",
            "plan: rescore risk/lock-in",
        ),
        (
            &["risk", "close", "lock-in"],
            "risks/lock-in.toml",
            "plan: close risk/lock-in",
        ),
        (
            &["kr", "update", "fast-search", "p95", "300"],
            "objectives/fast-search.toml",
            "plan: update objective/fast-search key result p95 to 300",
        ),
    ];
    for (args, file, message) in cases {
        let before = git.repo.head().unwrap().peel_to_commit().unwrap();
        let mut all = args.to_vec();
        all.push("--commit");
        let stdout = ok(&plan, &all);
        assert!(stdout.trim_end().ends_with(message), "{args:?}: {stdout}");
        let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
        assert_eq!(commit.message().ok(), Some(*message));
        assert_eq!(commit.parent_id(0).unwrap(), before.id());
        let diff = git
            .repo
            .diff_tree_to_tree(
                Some(&before.tree().unwrap()),
                Some(&commit.tree().unwrap()),
                None,
            )
            .unwrap();
        let touched: Vec<String> = diff
            .deltas()
            .map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(touched, [format!("plans/eng/{file}")], "{args:?}");
    }
    // The newcomer's file is new, and alone in its commit.
    let stdout = ok(
        &plan,
        &[
            "person",
            "join",
            "--name",
            "Zoë Müller",
            "--role",
            "SRE",
            "--commit",
        ],
    );
    assert!(
        stdout.ends_with("plan: person/zoe-muller joins on 2026-11-27\n"),
        "{stdout}"
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    let parent = commit.parent(0).unwrap();
    let diff = git
        .repo
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&commit.tree().unwrap()),
            None,
        )
        .unwrap();
    assert_eq!(diff.deltas().len(), 1);
}
