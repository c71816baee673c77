//! Every write is checked before it lands: a change that fails `check` is
//! refused with its diagnostics (unless `--force`), a write never leaves its
//! file failing, and errors the plan already had do not block other edits.

use super::*;

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
