//! The temporary files of a killed write (`.NAME.PID-N.tmp`) are removed by
//! the next write in their folder once they are stale, matched by that
//! exact name and by age; nothing else is touched.

use std::time::{Duration, SystemTime};

use super::*;

/// Creates `dir/name` holding `text`, last modified `age` ago.
fn leave(dir: &Path, name: &str, text: &str, age: Duration) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

const HOUR: Duration = Duration::from_secs(3600);

#[test]
fn the_next_write_removes_stale_temporaries_of_its_folder_only() {
    let (_dir, plan) = plain_plan();
    let home = empty_home();
    let roadmap = plan.join("roadmap");
    // What kill -9 leaves mid-write, an hour ago: this file's and another's.
    leave(&roadmap, ".search-v2.toml.4242-0.tmp", "title = \"Se", HOUR);
    leave(&roadmap, ".billing.toml.77-3.tmp", "", HOUR);
    // A write that may still be running, and look-alikes of other tools.
    leave(&roadmap, ".billing.toml.78-0.tmp", "", Duration::ZERO);
    leave(&roadmap, ".notes.tmp", "mine", HOUR);
    leave(&roadmap, ".search-v2.toml.4242-0.tmp.orig", "mine", HOUR);
    leave(&roadmap, "search-v2.toml.4242-0.tmp", "mine", HOUR);
    std::fs::create_dir(roadmap.join(".dir.toml.1-1.tmp")).unwrap();
    // Another folder's are left to a write there.
    let decisions = plan.join("decisions");
    leave(&decisions, ".use-postgres.toml.9-0.tmp", "", HOUR);

    ok(
        &plan,
        home.path(),
        &[],
        &["set", "search-v2", "priority=p2"],
    );
    assert_eq!(
        names_in(&roadmap),
        [
            ".billing.toml.78-0.tmp",
            ".dir.toml.1-1.tmp",
            ".notes.tmp",
            ".search-v2.toml.4242-0.tmp.orig",
            "billing.toml",
            "search-v2.toml",
            "search-v2.toml.4242-0.tmp",
        ]
    );
    assert_eq!(
        names_in(&decisions),
        [".use-postgres.toml.9-0.tmp", "use-postgres.toml"]
    );
    ok(
        &plan,
        home.path(),
        &[],
        &["decide", "use-postgres", "deprecate"],
    );
    assert_eq!(names_in(&decisions), ["use-postgres.toml"]);
}

#[test]
fn stale_temporaries_go_from_git_status() {
    let git = git_plan();
    let home = empty_home();
    let roadmap = git.plan().join("roadmap");
    leave(&roadmap, ".search-v2.toml.4242-0.tmp", "title = \"Se", HOUR);
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        "?? plans/eng/roadmap/.search-v2.toml.4242-0.tmp\n"
    );
    ok(
        &git.plan(),
        home.path(),
        &[],
        &["set", "billing", "priority=p2"],
    );
    assert_eq!(
        git_cli(git.root(), home.path(), &["status", "--porcelain"]),
        " M plans/eng/roadmap/billing.toml\n"
    );
}
