//! Writes are atomic: a failed or killed write leaves the old file or the
//! new one, never a part of either.

use super::*;

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
        .write_with(&mut |_, _, _| {
            Err(cto_plan::Error::io(
                "disk",
                std::io::Error::other("disk full"),
            ))
        })
        .unwrap_err();
    assert_eq!(error.to_string(), "disk: disk full");
    assert_eq!(snapshot_tree(dir.path()), before);

    // The second fails: the first is written whole, the second untouched,
    // and the error says which is which.
    let mut calls = 0;
    let error = session
        .write_with(&mut |path, bytes, existing| {
            calls += 1;
            if calls == 2 {
                return Err(cto_plan::Error::io(
                    "disk",
                    std::io::Error::other("disk full"),
                ));
            }
            cto_plan::store::write::write_atomic(path, bytes, existing)
        })
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("decisions/use-postgres.toml: was not written (disk: disk full), after decisions/use-mysql.toml had been"), "{message}");
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
