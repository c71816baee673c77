//! Two `--commit` runs at once on different files of one repository are
//! taken one after the other under git's index lock: each either commits
//! (the later on top of the earlier) or is refused before writing, and the
//! index matches HEAD afterwards, never holding a staged change that
//! reverts the other run's commit (issue 9, items 5 and 6).

use std::process::Stdio;

use super::*;

/// How many times the two runs race.
const ROUNDS: usize = 20;

/// The two runs: each sets the priority of a record of its own.
const EDITS: [(&str, &str); 2] = [
    ("search-v2", "plans/eng/roadmap/search-v2.toml"),
    ("billing", "plans/eng/roadmap/billing.toml"),
];

#[test]
fn concurrent_commits_of_different_files_leave_the_index_as_head() {
    let home = empty_home();
    let binary = assert_cmd::cargo::cargo_bin("cto-plan");
    for round in 0..ROUNDS {
        let git = git_plan();
        set_config(
            &git,
            &[("user.name", "Alice"), ("user.email", "alice@example.com")],
        );
        let before: Vec<String> = EDITS
            .iter()
            .map(|(_, file)| read(git.root(), file))
            .collect();
        let children: Vec<_> = EDITS
            .iter()
            .map(|(id, _)| {
                Command::new(&binary)
                    .env_clear()
                    .env("CTO_PLAN_TODAY", TODAY)
                    .env("HOME", home.path())
                    .env("XDG_CONFIG_HOME", home.path())
                    .args(["--color", "never", "-C"])
                    .arg(git.plan())
                    .args(["set", id, "priority=p3", "--commit"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut committed = Vec::new();
        for (n, child) in children.into_iter().enumerate() {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let file = EDITS[n].1;
            match output.status.code() {
                Some(0) => committed.push(file),
                // Refused cleanly: before writing anything.
                Some(2) => {
                    assert!(
                        stderr.contains("index.lock: exists: the index is locked"),
                        "round {round}, {file}: {stderr}"
                    );
                    assert_eq!(
                        read(git.root(), file),
                        before[n],
                        "round {round}: a refused run writes nothing"
                    );
                }
                code => panic!("round {round}, {file} exited {code:?}: {stderr}"),
            }
        }
        let repo = git2::Repository::open(git.root()).unwrap();
        let head_commit = repo.head().unwrap().peel_to_commit().unwrap();
        let head_tree = head_commit.tree().unwrap();
        for file in &committed {
            let blob = head_tree
                .get_path(Path::new(file))
                .unwrap()
                .to_object(&repo)
                .unwrap()
                .peel_to_blob()
                .unwrap();
            let text = String::from_utf8_lossy(blob.content());
            assert!(
                text.contains("priority = \"p3\""),
                "round {round}: {file} exited 0, so its edit is in HEAD:\n{text}"
            );
        }
        let mut index = repo.index().unwrap();
        index.read(true).unwrap();
        assert_eq!(
            index.write_tree().unwrap(),
            head_tree.id(),
            "round {round}: the index is HEAD's tree ({committed:?} committed)"
        );
        assert_eq!(
            git_cli(git.root(), home.path(), &["status", "--porcelain"]),
            "",
            "round {round}: nothing is staged or changed ({committed:?} committed)"
        );
    }
}
