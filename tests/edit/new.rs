//! `new`: records of every kind with their ids, what a kind needs, ids that
//! are paths, never overwriting, templates a plan overrides, links out of
//! the plan, and `--edit` with the editor.

use super::*;

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

/// Issue 12, item 12: a decision recorded after the fact is named by the day
/// it was proposed, not the day it was typed in.
#[test]
fn new_decision_is_dated_from_proposed_when_given() {
    let dir = plan();
    let stdout = ok(
        dir.path(),
        &["new", "decision", "--title", "X", "proposed=2026-03-01"],
    );
    assert_eq!(stdout, "created decisions/2026-03-01-x.toml\n");
    let text = read(dir.path(), "decisions/2026-03-01-x.toml");
    assert!(text.contains("proposed = 2026-03-01"), "{text}");
    assert!(
        text.contains("`cto-plan decide 2026-03-01-x accept`"),
        "{text}"
    );
    // An explicit id wins over the date.
    let stdout = ok(
        dir.path(),
        &[
            "new",
            "decision",
            "y",
            "--title",
            "Y",
            "proposed=2026-03-01",
        ],
    );
    assert_eq!(stdout, "created decisions/y.toml\n");
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
