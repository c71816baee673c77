//! Special files in the plan: a link to a FIFO must not block `check`, and a
//! folder that cannot be listed is a finding, not an abort.

use std::path::Path;

use super::run_bounded;
use crate::common::{minimal_plan, plan, write};

fn mkfifo(dir: &Path, name: &str) {
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join(name))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

fn findings(stdout: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn a_link_to_a_fifo_is_reported_without_being_opened() {
    let dir = plan();
    std::fs::create_dir_all(dir.path().join("roadmap")).unwrap();
    std::fs::create_dir_all(dir.path().join("risks")).unwrap();
    mkfifo(dir.path(), "roadmap/.feed");
    std::os::unix::fs::symlink(".feed", dir.path().join("roadmap/feed.toml")).unwrap();
    mkfifo(dir.path(), "risks/pipe.toml");
    let run = run_bounded(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.finished("check"), 1, "{}", run.stderr);
    let found = findings(&run.stdout);
    for path in ["roadmap/feed.toml", "risks/pipe.toml"] {
        assert!(
            found.iter().any(|f| f["code"] == "special-file"
                && f["file"] == path
                && f["message"].as_str().unwrap().contains("named pipe")),
            "{path}: {found:?}"
        );
    }
    // The templates folder is read without opening special files either.
    mkfifo(dir.path(), ".cto-plan-fifo");
    std::fs::create_dir_all(dir.path().join(".cto-plan/templates/new")).unwrap();
    std::os::unix::fs::symlink(
        "../../../.cto-plan-fifo",
        dir.path().join(".cto-plan/templates/new/risk.toml"),
    )
    .unwrap();
    let run = run_bounded(dir.path(), &["check", "--format", "json"]);
    assert_eq!(
        run.finished("check with a template FIFO"),
        1,
        "{}",
        run.stderr
    );
}

/// Asserts `check` in `dir` reports `folder` as unreadable and still finds
/// the broken record `risks/broken.toml`.
fn assert_reported(dir: &Path, folder: &str) {
    let run = run_bounded(dir, &["check", "--format", "json"]);
    assert_eq!(run.finished("check"), 1, "{}", run.stderr);
    let found = findings(&run.stdout);
    assert!(
        found
            .iter()
            .any(|f| f["code"] == "unreadable-folder" && f["file"] == folder),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f["file"] == "risks/broken.toml"),
        "{found:?}"
    );
}

#[test]
fn a_folder_too_deep_to_list_is_a_finding_and_the_rest_is_checked() {
    // A path longer than the system allows (PATH_MAX) cannot be listed, even
    // by root; `mkdir` builds it one relative step at a time.
    let dir = tempfile::TempDir::new().unwrap();
    minimal_plan(dir.path());
    write(dir.path(), "risks/broken.toml", "title = \n");
    let step = "d".repeat(250);
    std::fs::create_dir_all(dir.path().join("roadmap")).unwrap();
    let script = format!(
        "cd roadmap && for i in $(seq 20); do mkdir {step} && cd -P {step} || exit 1; done"
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let mut folder = "roadmap".to_owned();
    let mut unlistable = None;
    for _ in 0..20 {
        folder = format!("{folder}/{step}");
        if unlistable.is_none() && std::fs::read_dir(dir.path().join(&folder)).is_err() {
            unlistable = Some(folder.clone());
        }
    }
    let unlistable = unlistable.expect("some folder is too deep to list");
    assert_reported(dir.path(), &unlistable);
}

#[test]
fn a_folder_without_permission_is_a_finding() {
    let dir = tempfile::TempDir::new().unwrap();
    minimal_plan(dir.path());
    write(dir.path(), "risks/broken.toml", "title = \n");
    let locked = dir.path().join("roadmap/private");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("secret.toml"), "title = \"x\"\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        // As root (as containers often run), mode 000 does not stop reading;
        // the test above covers an unlistable folder for every user.
        eprintln!("note: skipped: this user can list a folder of mode 000");
        return;
    }
    assert_reported(dir.path(), "roadmap/private");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}
