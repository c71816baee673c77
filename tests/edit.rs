//! Writing the plan: `new`, `set`, `unset`, the lifecycle commands and
//! `--commit`, and the rules every write follows: format-preserving, checked
//! before it lands, atomic, inside the plan, never committing unless asked.

use std::path::{Path, PathBuf};

use cto_plan::edit::{Assignment, Session, Target};
use cto_plan::model::{Kind, Span, Table, Value};
use cto_plan::store::load::load_files;
use cto_plan::store::{Content, Layout, RawFile};
use jiff::civil::date;
use proptest::prelude::*;

use crate::common::{self, GitPlan, TODAY, command, plan, run, snapshot_tree, write};

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// Runs a command that must succeed; returns stdout.
fn ok(dir: &Path, args: &[&str]) -> String {
    let (stdout, stderr, code) = run(dir, args);
    assert_eq!(code, 0, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    stdout
}

/// The `show --format json` fields of a record.
fn fields(dir: &Path, reference: &str) -> serde_json::Value {
    let stdout = ok(dir, &["show", reference, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["fields"].clone()
}

/// An initiative with a comment on nearly every line, in every layout.
const COMMENTED: &str = r#"# Search, rebuilt from scratch.
title = 'Search v2' # working title
status = "active"   # aligned comment
summary = """
Replace the old index.\
"""
owner = "alice"
team = "core"

# When.
quarter = "2099-Q4" # the target
estimate = { engineers = 3, weeks = 6 } # rough
tags = [ "search", "infra" ] # labels
links = [
    # The design.
    "https://a.example",
]

# Milestones follow.
[milestone.beta]
title = "Beta"  # first
done = false # not yet
"#;

fn commented_plan() -> tempfile::TempDir {
    let dir = plan();
    write(dir.path(), "roadmap/search-v2.toml", COMMENTED);
    dir
}

// --- set -------------------------------------------------------------------

#[test]
fn set_keeps_every_comment_and_the_layout() {
    let dir = commented_plan();
    let stdout = ok(
        dir.path(),
        &[
            "set",
            "search-v2",
            "title=Search v3",
            "quarter=2099-Q3",
            "estimate.weeks=8",
            "milestone.beta.done=true",
            "tags+=speed",
            "links+=https://b.example",
        ],
    );
    insta::assert_snapshot!(stdout, @r#"
    updated roadmap/search-v2.toml
      title                'Search v2' → "Search v3"
      quarter              "2099-Q4" → "2099-Q3"
      estimate.weeks       6 → 8
      milestone.beta.done  false → true
      tags                 ["search", "infra"] → ["search", "infra", "speed"]
      links                ["https://a.example"] → ["https://a.example", "https://b.example"]
    "#);
    insta::assert_snapshot!(read(dir.path(), "roadmap/search-v2.toml"), @r#"
    # Search, rebuilt from scratch.
    title = "Search v3" # working title
    status = "active"   # aligned comment
    summary = """
    Replace the old index.\
    """
    owner = "alice"
    team = "core"

    # When.
    quarter = "2099-Q3" # the target
    estimate = { engineers = 3, weeks = 8 } # rough
    tags = [ "search", "infra", "speed" ] # labels
    links = [
        # The design.
        "https://a.example",
        "https://b.example",
    ]

    # Milestones follow.
    [milestone.beta]
    title = "Beta"  # first
    done = true # not yet
    "#);
}

#[test]
fn set_adds_fields_and_sub_tables_where_they_belong() {
    let dir = commented_plan();
    ok(
        dir.path(),
        &[
            "set",
            "search-v2",
            "priority=p1",
            "milestone.ga.title=General availability",
            "milestone.ga.due=2099-12-01",
            "tags-=infra",
            "custom.cost_center=42",
        ],
    );
    insta::assert_snapshot!(read(dir.path(), "roadmap/search-v2.toml"), @r#"
    # Search, rebuilt from scratch.
    title = 'Search v2' # working title
    status = "active"   # aligned comment
    summary = """
    Replace the old index.\
    """
    owner = "alice"
    team = "core"

    # When.
    quarter = "2099-Q4" # the target
    estimate = { engineers = 3, weeks = 6 } # rough
    tags = [ "search" ] # labels
    links = [
        # The design.
        "https://a.example",
    ]
    priority = "p1"

    # Milestones follow.
    [milestone.beta]
    title = "Beta"  # first
    done = false # not yet

    [milestone.ga]
    title = "General availability"
    due = 2099-12-01

    [custom]
    cost_center = 42
    "#);
    let (_, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0);
}

#[test]
fn set_the_same_value_writes_nothing() {
    let dir = commented_plan();
    let before = snapshot_tree(dir.path());
    let stdout = ok(
        dir.path(),
        &["set", "search-v2", "status=active", "tags+=search"],
    );
    assert_eq!(stdout, "nothing to change: the plan says so already\n");
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn set_lists_whole_and_by_item() {
    let dir = plan();
    ok(
        dir.path(),
        &[
            "set",
            "billing",
            "tags=money, growth",
            "depends_on+=initiative/search-v2",
        ],
    );
    let f = fields(dir.path(), "billing");
    assert_eq!(f["tags"], serde_json::json!(["money", "growth"]));
    // A reference already there, written either way, is not added twice.
    assert_eq!(f["depends_on"], serde_json::json!(["search-v2"]));
    ok(
        dir.path(),
        &["set", "billing", "depends_on-=initiative/search-v2"],
    );
    assert_eq!(
        fields(dir.path(), "billing")["depends_on"],
        serde_json::json!([])
    );
}

#[test]
fn unset_removes_the_line_and_keeps_the_comments_above() {
    let dir = commented_plan();
    // An active initiative needs its quarter: unsetting it alone is refused.
    refused(dir.path(), &["unset", "search-v2", "quarter"]);
    ok(dir.path(), &["set", "search-v2", "status=proposed"]);
    let stdout = ok(
        dir.path(),
        &[
            "unset",
            "search-v2",
            "quarter",
            "links",
            "milestone.beta.done",
        ],
    );
    assert!(
        stdout.contains("  quarter              removed (was \"2099-Q4\")"),
        "{stdout}"
    );
    insta::assert_snapshot!(read(dir.path(), "roadmap/search-v2.toml"), @r#"
    # Search, rebuilt from scratch.
    title = 'Search v2' # working title
    status = "proposed"   # aligned comment
    summary = """
    Replace the old index.\
    """
    owner = "alice"
    team = "core"

    # When.
    estimate = { engineers = 3, weeks = 6 } # rough
    tags = [ "search", "infra" ] # labels

    # Milestones follow.
    [milestone.beta]
    title = "Beta"  # first
    "#);
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_kept() {
    let dir = plan();
    let text = "\u{feff}name = \"Core\" # the team\r\nlead = \"alice\"\r\nmission = \"\"\"\r\nKeep the lights on.\r\n\"\"\"\r\n";
    write(dir.path(), "team/teams/core.toml", text);
    ok(
        dir.path(),
        &["set", "core", "name=Platform", "headcount_target=4"],
    );
    assert_eq!(
        read(dir.path(), "team/teams/core.toml"),
        text.replace("\"Core\"", "\"Platform\"") + "headcount_target = 4\r\n"
    );
}

// --- checked before it lands -------------------------------------------------

/// Runs a command that must be refused with exit 1 and leave every file as
/// it was; returns stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = snapshot_tree(dir);
    let (stdout, stderr, code) = run(dir, args);
    assert_eq!(code, 1, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(snapshot_tree(dir), before, "{args:?} wrote something");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    stderr
}

#[test]
fn a_set_that_fails_check_is_refused_with_diagnostics() {
    let dir = commented_plan();
    let stderr = refused(dir.path(), &["set", "search-v2", "status=activ"]);
    insta::assert_snapshot!(stderr, @r#"
    error[invalid-value]: `status` cannot be "activ"
     --> roadmap/search-v2.toml:3:10
      |
    3 | status = "activ"   # aligned comment
      |          ^^^^^^^ expected "proposed", "planned", "active", "paused", "shipped" or "cancelled"
      |
      = help: did you mean "active"?

    1 error in 6 records
    error: refused: the change would add 1 error to the plan, so nothing was written
    hint: fix the values and run the command again, or pass --force to write anyway
    "#);
}

#[test]
fn every_kind_of_bad_value_is_refused() {
    let dir = commented_plan();
    let cases: &[(&[&str], &str)] = &[
        (&["owner=nobody"], "dangling-reference"),
        (&["quarter=2099-Q5"], "invalid-value"),
        (&["shipped=2099-02-30"], "invalid-value"),
        (&["shipped=soon"], "wrong-type"),
        (&["estimate.weeks=-1"], "invalid-value"),
        (&["estimate.weeks=many"], "wrong-type"),
        (&["milestone.beta.done=yes"], "wrong-type"),
        (&["ownr=alice"], "unknown-key"),
        (&["milestone.rc.due=2099-01-01"], "missing-field"),
        (&["status=shipped"], "missing-field"),
        (&["depends_on+=billing"], "dependency-cycle"),
    ];
    for (changes, code) in cases {
        let mut args = vec!["set", "search-v2"];
        args.extend_from_slice(changes);
        let stderr = refused(dir.path(), &args);
        assert!(
            stderr.contains(&format!("error[{code}]")),
            "{changes:?}: {stderr}"
        );
    }
    let stderr = refused(dir.path(), &["unset", "search-v2", "title"]);
    assert!(stderr.contains("error[missing-field]"), "{stderr}");
}

#[test]
fn force_writes_what_check_would_refuse() {
    let dir = commented_plan();
    let (_, stderr, code) = run(dir.path(), &["set", "search-v2", "status=activ", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("error[invalid-value]"), "{stderr}");
    assert!(read(dir.path(), "roadmap/search-v2.toml").contains("status = \"activ\"   # aligned"));
}

#[test]
fn a_write_never_leaves_its_file_failing_check() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/broken.toml",
        "title = \"Broken\"\nstatus = \"nope\"\n",
    );
    let before = read(dir.path(), "roadmap/broken.toml");
    // Changing another field would leave the bad status in the written file.
    let (_, stderr, code) = run(dir.path(), &["set", "broken", "priority=p1"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[invalid-value]"), "{stderr}");
    assert!(
        stderr.contains("the file it writes would still have 1 error"),
        "{stderr}"
    );
    assert_eq!(
        read(dir.path(), "roadmap/broken.toml"),
        before,
        "nothing was written"
    );
    // Fixing it in the same command lands.
    ok(
        dir.path(),
        &["set", "broken", "priority=p1", "status=proposed"],
    );
    assert_eq!(run(dir.path(), &["check"]).2, 0);
}

#[test]
fn errors_the_plan_already_had_do_not_block_other_edits() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/broken.toml",
        "title = \"Broken\"\nstatus = \"nope\"\n",
    );
    let (stdout, stderr, code) = run(dir.path(), &["set", "billing", "priority=p0"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("priority  \"p0\""), "{stdout}");
    assert!(stderr.contains("already had 1 error"), "{stderr}");
    // Fixing the broken record with `set` works too.
    ok(dir.path(), &["set", "broken", "status=proposed"]);
    assert_eq!(run(dir.path(), &["check"]).2, 0);
}

#[test]
fn changes_that_cannot_be_made_name_the_file_and_line() {
    let dir = commented_plan();
    let cases: &[(&[&str], &str)] = &[
        (
            &["set", "search-v2", "tags-=nope"],
            "roadmap/search-v2.toml:13: `tags` does not hold \"nope\"",
        ),
        (
            &["set", "search-v2", "title.x=1"],
            "roadmap/search-v2.toml:2: `title` holds a string, not a table",
        ),
        (
            &["set", "search-v2", "status+=x"],
            "roadmap/search-v2.toml:3: `status` is not a list",
        ),
        (
            &["set", "search-v2", "milestone=x"],
            "`milestone` is a table of named sub-tables",
        ),
        (&["set", "search-v2", "title"], "'title' is not a change"),
        (&["set", "search-v2", "a..b=1"], "is not a field path"),
        (
            &["unset", "search-v2", "priority"],
            "roadmap/search-v2.toml: `priority` is not set",
        ),
        (&["set", "nosuch", "title=x"], "no record 'nosuch'"),
    ];
    for (args, message) in cases {
        let before = snapshot_tree(dir.path());
        let (_, stderr, code) = run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(snapshot_tree(dir.path()), before);
    }
}

// --- the property: set then show -----------------------------------------------

/// The value at a dotted path of a parsed record, with its span.
fn value_at<'t>(table: &'t Table, path: &[&str]) -> Option<(&'t Value, Span)> {
    let (first, rest) = path.split_first()?;
    let entry = table.get(first)?;
    if rest.is_empty() {
        return Some((&entry.value, entry.span.clone()));
    }
    match &entry.value {
        Value::Table(inner) => value_at(inner, rest),
        _ => None,
    }
}

fn in_memory_session(text: &str) -> Session {
    let layout = Layout {
        root: PathBuf::from("/nonexistent"),
        git_dir: None,
        prefix: String::new(),
        bare: false,
    };
    let file = |path: &str, text: &str| RawFile {
        path: path.into(),
        content: Content::Bytes(text.as_bytes().to_vec()),
        blob: None,
    };
    Session::from_files(
        layout,
        vec![
            file("cto-plan.toml", common::CONFIG),
            file("roadmap/search-v2.toml", text),
        ],
    )
}

fn parse(text: &str) -> Table {
    let loaded = load_files(vec![RawFile {
        path: "roadmap/search-v2.toml".into(),
        content: Content::Bytes(text.as_bytes().to_vec()),
        blob: None,
    }]);
    assert!(loaded.findings.is_empty(), "{:?}\n{text}", loaded.findings);
    loaded.plan.records[0].fields.clone()
}

/// A field of the commented initiative, the text typed for it, and the value
/// `show` must then give.
fn assignments() -> impl Strategy<Value = (&'static str, String, Value)> {
    let text = prop::collection::vec(any::<char>().prop_filter("no NUL", |c| *c != '\0'), 0..40)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    prop_oneof![
        text.clone()
            .prop_map(|s| ("title", s.clone(), Value::Text(s))),
        text.prop_map(|s| ("summary", s.clone(), Value::Text(s))),
        (2000i16..2200, 1u8..=4).prop_map(|(y, q)| {
            let quarter = cto_plan::model::Quarter::new(y, q).unwrap();
            ("quarter", quarter.to_string(), Value::Quarter(quarter))
        }),
        (0u32..100_000).prop_map(|n| (
            "estimate.weeks",
            n.to_string(),
            Value::Integer(i64::from(n))
        )),
        (0.0f64..1e6).prop_map(|f| ("estimate.engineers", format!("{f:?}"), Value::Float(f))),
        any::<bool>().prop_map(|b| ("milestone.beta.done", b.to_string(), Value::Bool(b))),
        (1970i16..2200, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| {
            let day = date(y, m, d);
            ("milestone.beta.due", day.to_string(), Value::Date(day))
        }),
        prop::sample::select(vec!["p0", "p1", "p2", "p3"]).prop_map(|p| (
            "priority",
            p.to_owned(),
            Value::Text(p.to_owned())
        )),
    ]
}

/// The commented initiative with every field the property sets present.
const FULL: &str = r#"# Search.
title = "Search v2" # working title
summary = "Short." # one line
status = "active"   # aligned comment
quarter = "2099-Q4"
priority = 'p2' # literal string
estimate = { engineers = 3, weeks = 6 } # rough

[milestone.beta] # the first
title = "Beta"
due = 2099-01-01 # soon
done = false # not yet
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `set` gives the value back, and every byte outside it is unchanged.
    #[test]
    fn set_changes_the_value_and_nothing_else((field, typed, expected) in assignments()) {
        let mut session = in_memory_session(FULL);
        let target = Target { kind: Kind::Initiative, id: "search-v2".into(), path: "roadmap/search-v2.toml".into() };
        let assignment = Assignment::parse(&format!("{field}={typed}")).unwrap();
        session.apply(&target, &assignment, date(2026, 11, 27)).unwrap();
        let after = session.text(&target.path).unwrap().to_owned();
        let path: Vec<&str> = field.split('.').collect();
        let before_table = parse(FULL);
        let after_table = parse(&after);
        let (_, old) = value_at(&before_table, &path).unwrap();
        let (value, new) = value_at(&after_table, &path).unwrap();
        prop_assert_eq!(value, &expected);
        prop_assert_eq!(&FULL[..old.start], &after[..new.start]);
        prop_assert_eq!(&FULL[old.end..], &after[new.end..]);
    }
}

#[test]
fn set_then_show_through_the_binary() {
    let dir = commented_plan();
    for title in [
        "Quotes \" and 'single'",
        "Back\\slash",
        "Ünïcödé ✓",
        "#not a comment",
        "a,b",
        "[x]",
        "2026-01-01",
        "  spaced  ",
    ] {
        let before = read(dir.path(), "roadmap/search-v2.toml");
        ok(dir.path(), &["set", "search-v2", &format!("title={title}")]);
        assert_eq!(fields(dir.path(), "search-v2")["title"], title);
        let after = read(dir.path(), "roadmap/search-v2.toml");
        // Only the title line changed, and its comment stayed.
        let changed: Vec<(&str, &str)> = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].1.ends_with(" # working title"), "{changed:?}");
        assert_eq!(before.lines().count(), after.lines().count());
    }
}

// --- atomic --------------------------------------------------------------------

#[test]
fn a_failed_write_leaves_the_files_whole() {
    let dir = plan();
    write(
        dir.path(),
        "decisions/use-mysql.toml",
        "title = \"Use MySQL\"\nstatus = \"accepted\"\nproposed = 2025-01-01\ndecided = 2025-01-02\ncontext = \"x\"\ndecision = \"MySQL.\"\n",
    );
    let layout = Layout::at(dir.path()).unwrap();
    let before = snapshot_tree(dir.path());
    let mut session = Session::open(&layout).unwrap();
    let old = Target::from(session.plan().get(Kind::Decision, "use-mysql").unwrap());
    let new = Target::from(session.plan().get(Kind::Decision, "use-postgres").unwrap());
    session
        .apply(
            &old,
            &Assignment::set("status", "superseded"),
            date(2026, 11, 27),
        )
        .unwrap();
    session
        .apply(
            &new,
            &Assignment::add("supersedes", "use-mysql"),
            date(2026, 11, 27),
        )
        .unwrap();
    assert!(!session.review(date(2026, 11, 27)).blocks());

    // The first write fails: nothing changes.
    let error = session
        .write_with(&mut |_, _, _| Err(cto_plan::Error::Usage("disk full".into())))
        .unwrap_err();
    assert_eq!(error.to_string(), "disk full");
    assert_eq!(snapshot_tree(dir.path()), before);

    // The second fails: the first is written whole, the second untouched,
    // and the error says which is which.
    let mut calls = 0;
    let error = session
        .write_with(&mut |path, bytes, existing| {
            calls += 1;
            if calls == 2 {
                return Err(cto_plan::Error::Usage("disk full".into()));
            }
            cto_plan::store::write::write_atomic(path, bytes, existing)
        })
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("decisions/use-postgres.toml: was not written (disk full), after decisions/use-mysql.toml had been"), "{message}");
    assert!(read(dir.path(), "decisions/use-mysql.toml").contains("status = \"superseded\""));
    assert_eq!(
        read(dir.path(), "decisions/use-postgres.toml"),
        common::MINIMAL_RECORDS[5].1
    );
}

#[test]
fn a_killed_write_leaves_the_old_file_or_the_new_one() {
    // A large record makes the write take long enough to be interrupted.
    let summary = "All work and no play makes Jack a dull boy. ".repeat(20_000);
    let original = format!("title = \"Big\"\nstatus = \"proposed\"\nsummary = \"{summary}\"\n");
    let dir = plan();
    write(dir.path(), "roadmap/big.toml", &original);
    let done = plan();
    write(done.path(), "roadmap/big.toml", &original);
    ok(done.path(), &["set", "big", "title=Bigger"]);
    let finished = read(done.path(), "roadmap/big.toml");
    for delay_ms in [0u64, 1, 2, 3, 5, 8, 12, 20, 30, 50] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cto-plan"))
            .env_clear()
            .env("CTO_PLAN_TODAY", TODAY)
            .arg("-C")
            .arg(dir.path())
            .args(["set", "big", "title=Bigger", "--force"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = read(dir.path(), "roadmap/big.toml");
        assert!(
            now == original || now == finished,
            "after {delay_ms} ms: a torn file of {} bytes",
            now.len()
        );
        write(dir.path(), "roadmap/big.toml", &original);
    }
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_written_leaves_the_file_whole() {
    use std::os::unix::fs::PermissionsExt;
    let dir = plan();
    let roadmap = dir.path().join("roadmap");
    std::fs::set_permissions(&roadmap, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes anyway; then this case cannot be made.
    if std::fs::write(roadmap.join("probe"), "").is_ok() {
        std::fs::remove_file(roadmap.join("probe")).unwrap();
        std::fs::set_permissions(&roadmap, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let before = snapshot_tree(dir.path());
    let (_, stderr, code) = run(dir.path(), &["set", "billing", "priority=p0"]);
    std::fs::set_permissions(&roadmap, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(snapshot_tree(dir.path()), before);
}

// --- new -----------------------------------------------------------------------

#[test]
fn new_decision_gets_a_dated_id_and_checks_clean() {
    let dir = plan();
    let stdout = ok(
        dir.path(),
        &[
            "new",
            "decision",
            "--title",
            "Adopt Kafka",
            "deciders+=alice",
        ],
    );
    assert_eq!(stdout, "created decisions/2026-11-27-adopt-kafka.toml\n");
    insta::assert_snapshot!(read(dir.path(), "decisions/2026-11-27-adopt-kafka.toml"), @r#"
    # A decision record. Every field: `cto-plan schema decision`.
    # Decide it with `cto-plan decide 2026-11-27-adopt-kafka accept` (or reject, deprecate).
    # Also: deciders, consulted, consequences, [option.KEY] tables, supersedes,
    # review_by, tags, initiatives.
    title = "Adopt Kafka"
    status = "proposed"
    proposed = 2026-11-27
    # The forces at play: why a decision is needed now.
    context = ""
    deciders = ["alice"]
    "#);
    assert_eq!(run(dir.path(), &["check"]).2, 0);
}

#[test]
fn new_record_of_every_kind() {
    let dir = plan();
    let cases: &[&[&str]] = &[
        &[
            "new",
            "initiative",
            "--title",
            "Search v3: the sequel",
            "owner=alice",
        ],
        &["new", "objective", "--title", "Fast search"],
        &["new", "risk", "--title", "Key person: Bob"],
        &["new", "team", "--title", "Platform"],
        &[
            "new",
            "person",
            "--title",
            "Zoë Müller",
            "role=Engineer",
            "team=core",
        ],
        &["new", "role", "sre", "--title", "SRE", "team=core"],
        &["new", "budget", "2027-Q1"],
    ];
    for args in cases {
        ok(dir.path(), args);
    }
    for path in [
        "roadmap/search-v3-the-sequel.toml",
        "objectives/fast-search.toml",
        "risks/key-person-bob.toml",
        "team/teams/platform.toml",
        "team/people/zoe-muller.toml",
        "team/hiring/sre.toml",
        "budget/2027-Q1.toml",
    ] {
        assert!(dir.path().join(path).is_file(), "{path}");
    }
    let (stdout, stderr, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A title is written as TOML, whatever it holds.
    assert_eq!(fields(dir.path(), "zoe-muller")["name"], "Zoë Müller");
}

#[test]
fn new_without_what_the_kind_needs_is_refused() {
    let dir = plan();
    let stderr = refused(dir.path(), &["new", "role", "--title", "SRE"]);
    assert!(stderr.contains("missing required field `team`"), "{stderr}");
    assert!(
        stderr.contains("give the missing fields as FIELD=VALUE"),
        "{stderr}"
    );
    let (_, stderr, code) = run(dir.path(), &["new", "initiative"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("pass an id, or --title"), "{stderr}");
}

#[test]
fn new_refuses_ids_that_are_paths() {
    let dir = plan();
    for id in ["../escape", "a/b", "/etc/passwd", "a\\b", "..", "Bad Id"] {
        let before = snapshot_tree(dir.path());
        let (_, stderr, code) = run(dir.path(), &["new", "initiative", id, "--title", "X"]);
        assert_eq!(code, 2, "{id}: {stderr}");
        assert!(
            stderr.contains(&format!("initiative id '{id}'")),
            "{id}: {stderr}"
        );
        assert_eq!(snapshot_tree(dir.path()), before, "{id}");
    }
    assert!(!dir.path().parent().unwrap().join("escape.toml").exists());
}

#[test]
fn new_never_overwrites_a_record() {
    let dir = plan();
    let before = snapshot_tree(dir.path());
    let (_, stderr, code) = run(
        dir.path(),
        &["new", "initiative", "billing", "--title", "Again"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("roadmap/billing.toml: initiative/billing exists already"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn a_plan_can_override_a_template() {
    let dir = plan();
    write(
        dir.path(),
        ".cto-plan/templates/new/initiative.toml",
        "# Our own.\ntitle = {{ title | toml }}\nstatus = \"planned\"\nquarter = \"{{ quarter(1) }}\"\nteam = \"core\"\n",
    );
    ok(dir.path(), &["new", "initiative", "--title", "Ours"]);
    assert_eq!(
        read(dir.path(), "roadmap/ours.toml"),
        "# Our own.\ntitle = \"Ours\"\nstatus = \"planned\"\nquarter = \"2027-Q1\"\nteam = \"core\"\n"
    );
    write(
        dir.path(),
        ".cto-plan/templates/new/team.toml",
        "name = {{ nope(\n",
    );
    let (_, stderr, code) = run(dir.path(), &["new", "team", "--title", "T"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(".cto-plan/templates/new/team.toml: the template does not render"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn writes_never_follow_a_link_out_of_the_plan() {
    let outside = tempfile::TempDir::new().unwrap();
    let dir = plan();
    // A kind's folder that is a link to elsewhere.
    std::os::unix::fs::symlink(outside.path(), dir.path().join("risks")).unwrap();
    let (_, stderr, code) = run(dir.path(), &["new", "risk", "--title", "Leak", "--force"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("risks/leak.toml: its folder leads out of the plan"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A template that is a link out of the plan is not read.
    write(outside.path(), "secret.toml", "title = \"secret\"\n");
    std::fs::create_dir_all(dir.path().join(".cto-plan/templates/new")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.toml"),
        dir.path().join(".cto-plan/templates/new/team.toml"),
    )
    .unwrap();
    let (_, stderr, code) = run(dir.path(), &["new", "team", "--title", "T"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("leads out of the plan"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_record_that_links_out_of_the_plan_is_not_edited() {
    let outside = tempfile::TempDir::new().unwrap();
    let secret = "title = \"Outside\"\nstatus = \"proposed\"\n";
    write(outside.path(), "out.toml", secret);
    let dir = plan();
    std::os::unix::fs::symlink(
        outside.path().join("out.toml"),
        dir.path().join("roadmap/out.toml"),
    )
    .unwrap();
    let (_, stderr, code) = run(dir.path(), &["set", "out", "title=Changed", "--force"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("out cannot be read: symbolic link to"),
        "{stderr}"
    );
    assert!(stderr.contains("it leads out of the plan"), "{stderr}");
    assert_eq!(read(outside.path(), "out.toml"), secret);
}

#[cfg(unix)]
#[test]
fn a_record_that_is_a_link_inside_the_plan_is_written_through() {
    let dir = plan();
    std::fs::create_dir_all(dir.path().join("roadmap/archive")).unwrap();
    std::fs::rename(
        dir.path().join("roadmap/billing.toml"),
        dir.path().join("roadmap/archive/billing.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "archive/billing.txt",
        dir.path().join("roadmap/billing.toml"),
    )
    .unwrap();
    ok(dir.path(), &["set", "billing", "priority=p0"]);
    let link = dir.path().join("roadmap/billing.toml");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(read(dir.path(), "roadmap/archive/billing.txt").contains("priority = \"p0\""));
}

#[cfg(unix)]
fn editor_script(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("editor.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn new_edit_opens_the_editor_and_checks_on_close() {
    let tools = tempfile::TempDir::new().unwrap();
    let dir = plan();
    let editor = editor_script(
        tools.path(),
        "printf 'title = \"Edited\"\\nstatus = \"proposed\"\\nsummary = \"Written in the editor.\"\\n' > \"$1\"",
    );
    let output = command(dir.path())
        .env("EDITOR", &editor)
        .env("PATH", "/usr/bin:/bin")
        .args(["new", "initiative", "edited", "--edit"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        read(dir.path(), "roadmap/edited.toml"),
        "title = \"Edited\"\nstatus = \"proposed\"\nsummary = \"Written in the editor.\"\n"
    );
}

#[cfg(unix)]
#[test]
fn new_edit_offers_to_reopen_on_errors() {
    let tools = tempfile::TempDir::new().unwrap();
    let dir = plan();
    let marker = tools.path().join("opened-once");
    // The first time the record is wrong; the second time it is right.
    let editor = editor_script(
        tools.path(),
        &format!(
            "if [ -f '{m}' ]; then printf 'title = \"Fixed\"\\nstatus = \"proposed\"\\n' > \"$1\"; \
             else : > '{m}'; printf 'title = \"Broken\"\\nstatus = \"bogus\"\\n' > \"$1\"; fi",
            m = marker.display()
        ),
    );
    let output = command(dir.path())
        .env("EDITOR", &editor)
        .env("PATH", "/usr/bin:/bin")
        .args(["new", "initiative", "retried", "--edit"])
        .write_stdin("y\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("error[invalid-value]: `status` cannot be \"bogus\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("Re-open the editor to fix this? [Y/n]"),
        "{stderr}"
    );
    assert_eq!(
        read(dir.path(), "roadmap/retried.toml"),
        "title = \"Fixed\"\nstatus = \"proposed\"\n"
    );

    // Declining leaves the plan as it was, and says where the draft is.
    std::fs::remove_file(&marker).unwrap();
    let before = snapshot_tree(dir.path());
    let output = command(dir.path())
        .env("EDITOR", &editor)
        .env("PATH", "/usr/bin:/bin")
        .args(["new", "initiative", "declined", "--edit"])
        .write_stdin("n\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("nothing was written; your draft is kept at"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(dir.path()), before);
    let draft = stderr.rsplit("kept at ").next().unwrap().trim();
    assert!(std::fs::read_to_string(draft).unwrap().contains("bogus"));
    std::fs::remove_file(draft).unwrap();
}

#[test]
fn new_edit_without_an_editor_says_so() {
    let dir = plan();
    let (_, stderr, code) = run(dir.path(), &["new", "initiative", "x", "--edit"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("set $VISUAL or $EDITOR"), "{stderr}");
}

// --- lifecycle -----------------------------------------------------------------

const PROPOSED: &str = "title = \"Use Kafka\"\nstatus = \"proposed\" # for now\nproposed = 2026-11-01\ndeciders = [\"bob\"]\ncontext = \"Events.\"\n";

#[test]
fn decide_sets_status_and_day() {
    let dir = plan();
    write(dir.path(), "decisions/use-kafka.toml", PROPOSED);
    refused(dir.path(), &["decide", "use-kafka", "accept"]);
    ok(
        dir.path(),
        &[
            "decide",
            "use-kafka",
            "accept",
            "--decision",
            "Kafka it is.",
            "--on",
            "2026-11-20",
        ],
    );
    insta::assert_snapshot!(read(dir.path(), "decisions/use-kafka.toml"), @r#"
    title = "Use Kafka"
    status = "accepted" # for now
    proposed = 2026-11-01
    deciders = ["bob"]
    context = "Events."
    decided = 2026-11-20
    decision = "Kafka it is."
    "#);
    // Deprecating keeps the day it was decided.
    ok(dir.path(), &["decide", "use-kafka", "deprecate"]);
    let f = fields(dir.path(), "use-kafka");
    assert_eq!(
        (f["status"].as_str(), f["decided"].as_str()),
        (Some("deprecated"), Some("2026-11-20"))
    );
}

#[test]
fn supersede_updates_both_records() {
    let dir = plan();
    write(
        dir.path(),
        "decisions/use-kafka.toml",
        &PROPOSED
            .replace("proposed\" # for now", "accepted\"")
            .replace(
                "context",
                "decided = 2026-11-02\ndecision = \"Kafka.\"\ncontext",
            ),
    );
    let stdout = ok(
        dir.path(),
        &["supersede", "use-postgres", "--by", "use-kafka"],
    );
    insta::assert_snapshot!(stdout, @r#"
    updated decisions/use-kafka.toml
      supersedes  ["use-postgres"]
    updated decisions/use-postgres.toml
      status  "accepted" → "superseded"
    "#);
    assert_eq!(run(dir.path(), &["check"]).2, 0);
    let (_, stderr, code) = run(dir.path(), &["supersede", "use-kafka", "--by", "use-kafka"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot supersede itself"), "{stderr}");
}

#[test]
fn ship_marks_an_initiative_shipped() {
    let dir = plan();
    ok(dir.path(), &["ship", "search-v2", "--on", "2026-11-26"]);
    let f = fields(dir.path(), "search-v2");
    assert_eq!(
        (f["status"].as_str(), f["shipped"].as_str()),
        (Some("shipped"), Some("2026-11-26"))
    );
    // Only initiatives ship.
    let (_, stderr, code) = run(dir.path(), &["ship", "use-postgres"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`ship` works on initiatives, and decision/use-postgres is a decision"),
        "{stderr}"
    );
    let (_, _, code) = run(dir.path(), &["ship", "search-v2", "--on", "soon"]);
    assert_eq!(code, 2);
}

#[test]
fn person_leave_lists_what_they_still_own() {
    let dir = plan();
    let stdout = ok(
        dir.path(),
        &["person", "leave", "alice", "--on", "2026-12-31"],
    );
    insta::assert_snapshot!(stdout, @r"
    updated team/people/alice.toml
      left  2026-12-31
    person/alice still owns 3 records that will need someone else:
      initiative/search-v2  (owner)  Search v2
      team/core  (lead)  Core
      person/bob  (manager)  Bob Stone
    ");
    assert_eq!(fields(dir.path(), "alice")["left"], "2026-12-31");
    let (_, _, code) = run(dir.path(), &["person", "leave", "alice"]);
    assert_eq!(code, 2, "--on is required");
}

#[test]
fn role_fill_records_the_hire() {
    let dir = plan();
    write(
        dir.path(),
        "team/hiring/sre.toml",
        "title = \"SRE\"\nteam = \"core\"\nstatus = \"offer\"\nopened = 2026-09-01\n",
    );
    ok(dir.path(), &["role", "fill", "sre", "--by", "bob"]);
    insta::assert_snapshot!(read(dir.path(), "team/hiring/sre.toml"), @r#"
    title = "SRE"
    team = "core"
    status = "filled"
    opened = 2026-09-01
    filled = 2026-11-27
    hire = "bob"
    "#);
    let (_, stderr, code) = run(dir.path(), &["role", "fill", "sre", "--by", "nobody"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no record 'nobody'"), "{stderr}");
}

// --- commit --------------------------------------------------------------------

fn git_plan() -> GitPlan {
    let git = GitPlan::new("plans/eng");
    let mut config = git.repo.config().unwrap();
    config.set_str("user.name", "Alice").unwrap();
    config.set_str("user.email", "alice@example.com").unwrap();
    git
}

fn head(git: &GitPlan) -> git2::Oid {
    git.repo.head().unwrap().peel_to_commit().unwrap().id()
}

#[test]
fn without_commit_nothing_is_staged_or_committed() {
    let git = git_plan();
    let before = head(&git);
    ok(&git.plan(), &["ship", "search-v2"]);
    assert_eq!(head(&git), before);
    let status = git
        .repo
        .status_file(Path::new("plans/eng/roadmap/search-v2.toml"))
        .unwrap();
    assert_eq!(status, git2::Status::WT_MODIFIED);
}

#[test]
fn commit_makes_one_commit_of_exactly_the_touched_files() {
    let git = git_plan();
    let plan = git.plan();
    let before = head(&git);
    write(&plan, "notes.md", "staged\n");
    let mut index = git.repo.index().unwrap();
    index.add_path(Path::new("plans/eng/notes.md")).unwrap();
    index.write().unwrap();

    let stdout = ok(&plan, &["ship", "search-v2", "--commit"]);
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("committed ") && last.ends_with(" plan: ship initiative/search-v2"),
        "{stdout}"
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        commit.message().ok(),
        Some("plan: ship initiative/search-v2")
    );
    assert_eq!(commit.parent_id(0).unwrap(), before);
    let parent = git.repo.find_commit(before).unwrap();
    let diff = git
        .repo
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&commit.tree().unwrap()),
            None,
        )
        .unwrap();
    let touched: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(touched, ["plans/eng/roadmap/search-v2.toml"]);
    // The shipped file is clean; the other one is still staged, uncommitted.
    let status = |p: &str| git.repo.status_file(Path::new(p)).unwrap();
    assert_eq!(
        status("plans/eng/roadmap/search-v2.toml"),
        git2::Status::CURRENT
    );
    assert_eq!(status("plans/eng/notes.md"), git2::Status::INDEX_NEW);
}

#[test]
fn commit_of_a_new_record_and_of_two_files() {
    let git = git_plan();
    let plan = git.plan();
    ok(
        &plan,
        &[
            "new",
            "decision",
            "--title",
            "Use Kafka",
            "context=Events.",
            "--commit",
        ],
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        commit.message().ok(),
        Some("plan: new decision/2026-11-27-use-kafka")
    );
    ok(
        &plan,
        &[
            "decide",
            "2026-11-27-use-kafka",
            "accept",
            "--decision",
            "Kafka.",
            "--commit",
        ],
    );
    ok(
        &plan,
        &[
            "supersede",
            "use-postgres",
            "--by",
            "2026-11-27-use-kafka",
            "--commit",
        ],
    );
    let commit = git.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        commit.message().ok(),
        Some("plan: supersede decision/use-postgres by decision/2026-11-27-use-kafka")
    );
    let parent = commit.parent(0).unwrap();
    let diff = git
        .repo
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&commit.tree().unwrap()),
            None,
        )
        .unwrap();
    assert_eq!(diff.deltas().count(), 2);
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    assert!(git.repo.statuses(Some(&mut options)).unwrap().is_empty());
}

#[test]
fn commit_refuses_files_with_other_uncommitted_changes() {
    let git = git_plan();
    let plan = git.plan();
    let before = head(&git);
    // An unstaged change of the file the command would touch.
    let path = plan.join("roadmap/search-v2.toml");
    let edited = format!("{}# mine\n", std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &edited).unwrap();
    let (_, stderr, code) = run(&plan, &["ship", "search-v2", "--commit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("plans/eng/roadmap/search-v2.toml: has uncommitted changes"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        edited,
        "nothing was written"
    );
    assert_eq!(head(&git), before);
    // Staged counts too.
    let mut index = git.repo.index().unwrap();
    index
        .add_path(Path::new("plans/eng/roadmap/search-v2.toml"))
        .unwrap();
    index.write().unwrap();
    let (_, stderr, code) = run(&plan, &["ship", "search-v2", "--commit"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(head(&git), before);
}

#[test]
fn commit_refuses_an_untracked_file() {
    let git = git_plan();
    let plan = git.plan();
    let before = head(&git);
    write(
        &plan,
        "roadmap/draft.toml",
        "title = \"Draft\"\nstatus = \"proposed\"\n",
    );
    let (_, stderr, code) = run(&plan, &["set", "draft", "priority=p2", "--commit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("plans/eng/roadmap/draft.toml: has uncommitted changes"),
        "{stderr}"
    );
    assert_eq!(
        read(&plan, "roadmap/draft.toml"),
        "title = \"Draft\"\nstatus = \"proposed\"\n"
    );
    assert_eq!(head(&git), before);
}

#[test]
fn commit_outside_git_is_refused() {
    let dir = plan();
    let before = snapshot_tree(dir.path());
    let (_, stderr, code) = run(dir.path(), &["ship", "search-v2", "--commit"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--commit needs a git repository"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

// --- completions and man pages -------------------------------------------------------

#[test]
fn completions_for_every_shell() {
    let dir = plan();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let stdout = ok(dir.path(), &["completions", shell]);
        assert!(
            stdout.contains("cto-plan") && stdout.contains("supersede"),
            "{shell}"
        );
    }
    assert_eq!(run(dir.path(), &["completions", "tcsh"]).2, 2);
}

#[test]
fn man_pages_for_every_subcommand() {
    let dir = plan();
    let out = tempfile::TempDir::new().unwrap();
    let stdout = ok(dir.path(), &["man", "--out", out.path().to_str().unwrap()]);
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(stdout.lines().count(), names.len());
    for expected in [
        "cto-plan.1",
        "cto-plan-set.1",
        "cto-plan-new.1",
        "cto-plan-person-leave.1",
        "cto-plan-role-fill.1",
        "cto-plan-man.1",
    ] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    let page = ok(dir.path(), &["man"]);
    assert!(page.contains(".TH cto-plan 1"), "{page}");
}

#[test]
fn editing_a_record_whose_file_does_not_parse_names_the_problem() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/broken.toml",
        "title = \"B\"\nstatus = = \"x\"\n",
    );
    let (_, stderr, code) = run(dir.path(), &["set", "broken", "priority=p1"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("roadmap/broken.toml:2:10: broken cannot be read"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: fix the file first"), "{stderr}");
}
