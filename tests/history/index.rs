//! The history index (`store::history_index`): every command that reads
//! history prints the same bytes without it, while it is built and when it
//! is read back; a corrupt, truncated or foreign index is rebuilt, never
//! read as truth; two processes building it at once leave a whole one.

use std::path::Path;

use proptest::prelude::*;

use crate::common::GitPlan;
use crate::common::quarter::{self, TODAY};

/// The history commands compared, on the scripted quarter.
const COMMANDS: &[&[&str]] = &[
    &["log"],
    &["log", "--format", "json"],
    &["log", "initiative/billing"],
    &["blame", "initiative/billing"],
    &["review", "--format", "json"],
    &["review", "--quarter", "2026-Q1"],
    &["radar", "--since", "2026-Q1"],
    &["diff", "HEAD~3", "HEAD"],
    &["--at", "2026-05-01", "list", "initiatives"],
];

/// `args` in `dir` with the cache in `cache` (or with `--no-index`):
/// stdout, stderr and exit code.
fn run(dir: &Path, cache: Option<&Path>, args: &[&str]) -> (String, String, Option<i32>) {
    let mut cmd = crate::common::command_at(dir, TODAY);
    cmd.args(["--color", "never"]);
    match cache {
        Some(cache) => cmd.env("CTO_PLAN_CACHE_DIR", cache),
        None => cmd.arg("--no-index"),
    };
    let output = cmd.args(args).output().unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

/// The index files kept in `cache`.
fn index_files(cache: &Path) -> Vec<std::path::PathBuf> {
    space_files(cache, "history")
}

/// The files of one space of `cache`; none when it was never written.
fn space_files(cache: &Path, space: &str) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(cache.join(space)) {
        Ok(read) => read.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn every_history_command_prints_the_same_with_and_without_the_index() {
    let fx = quarter::fixture();
    let cache = tempfile::tempdir().unwrap();
    for args in COMMANDS {
        let without = run(fx.path(), None, args);
        let building = run(fx.path(), Some(cache.path()), args);
        let reading = run(fx.path(), Some(cache.path()), args);
        // A review is kept whole beside the index: without it, the review
        // is made again from the index alone.
        let _ = std::fs::remove_dir_all(cache.path().join("review"));
        let reading_index_only = run(fx.path(), Some(cache.path()), args);
        assert_eq!(building, without, "{args:?} while building the index");
        assert_eq!(reading, without, "{args:?} reading the index");
        assert_eq!(
            reading_index_only, without,
            "{args:?} reading the index, no review kept"
        );
    }
    assert_eq!(index_files(cache.path()).len(), 1, "one index per plan");
    // Outside the repository: nothing under .git was written for it.
    assert!(!fx.path().join(".git").join("cto-plan").exists());
}

#[test]
fn the_no_index_switches_neither_read_nor_write_one() {
    let fx = quarter::fixture();
    let cache = tempfile::tempdir().unwrap();
    run(fx.path(), None, &["log"]);
    let output = crate::common::command_at(fx.path(), TODAY)
        .env("CTO_PLAN_CACHE_DIR", cache.path())
        .env("CTO_PLAN_NO_INDEX", "1")
        .arg("log")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(index_files(cache.path()).is_empty());
    let output = crate::common::command_at(fx.path(), TODAY)
        .env("CTO_PLAN_CACHE_DIR", cache.path())
        .args(["--no-index", "log"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(index_files(cache.path()).is_empty());
}

#[test]
fn a_damaged_index_is_rebuilt_not_believed() {
    let fx = quarter::fixture();
    let cache = tempfile::tempdir().unwrap();
    let args: &[&str] = &["log", "--format", "json"];
    let expected = run(fx.path(), None, args);
    run(fx.path(), Some(cache.path()), args);
    let [file] = index_files(cache.path()).try_into().unwrap();
    let whole = std::fs::read(&file).unwrap();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("one byte flipped", {
            let mut bytes = whole.clone();
            let at = bytes.len() - 30;
            bytes[at] ^= 0x55;
            bytes
        }),
        (
            "foreign",
            b"cto-plan cache 2 key=0 length=12 crc32=00000000\nnot an index".to_vec(),
        ),
        (
            "of the first format",
            b"cto-plan cache 1 key=0 0\nnot an index".to_vec(),
        ),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(run(fx.path(), Some(cache.path()), args), expected, "{what}");
        // Rebuilt whole: the same facts in the same order, byte for byte.
        assert!(
            std::fs::read(&file).unwrap() == whole,
            "{what}: not rebuilt"
        );
    }
}

#[test]
fn an_index_with_a_valid_checksum_but_wrong_facts_is_for_another_key() {
    // The index of one repository, copied under another's name, passes the
    // cache's checksum but names another key: it is not read.
    let (a, b) = (quarter::fixture(), GitPlan::new(""));
    let (cache_a, cache_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(a.path(), Some(cache_a.path()), &["log"]);
    run(b.path(), Some(cache_b.path()), &["log"]);
    let [from] = index_files(cache_a.path()).try_into().unwrap();
    let [to] = index_files(cache_b.path()).try_into().unwrap();
    std::fs::copy(from, &to).unwrap();
    let expected = run(b.path(), None, &["log", "--format", "json"]);
    assert_eq!(
        run(b.path(), Some(cache_b.path()), &["log", "--format", "json"]),
        expected
    );
}

#[test]
fn two_processes_building_the_index_at_once_leave_a_whole_one() {
    let fx = quarter::fixture();
    let cache = tempfile::tempdir().unwrap();
    let args = ["review", "--format", "json"];
    let expected = run(fx.path(), None, &args);
    let children: Vec<_> = (0..4)
        .map(|_| {
            // Spawned, not waited for one by one: they run at once.
            std::process::Command::new(assert_cmd::cargo::cargo_bin("cto-plan"))
                .env_clear()
                .env("CTO_PLAN_TODAY", TODAY)
                .env("CTO_PLAN_CACHE_DIR", cache.path())
                .arg("-C")
                .arg(fx.path())
                .args(["--color", "never"])
                .args(args)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected.0);
    }
    let [file] = index_files(cache.path()).try_into().unwrap();
    let before = std::fs::read(&file).unwrap();
    assert_eq!(run(fx.path(), Some(cache.path()), &args), expected);
    // Read as whole: nothing was missing, so nothing was written again.
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// The reviews kept in `cache`.
fn kept_reviews(cache: &Path) -> Vec<std::path::PathBuf> {
    space_files(cache, "review")
}

#[test]
fn a_kept_review_answers_only_for_its_commit_quarter_and_day() {
    let git = history(&[
        Edit::Write(1, "active", "2026-Q1"),
        Edit::Write(2, "planned", "2026-Q1"),
    ]);
    let plan = git.plan();
    let cache = tempfile::tempdir().unwrap();
    let args: &[&str] = &["review", "--quarter", "2026-Q1", "--format", "json"];
    let first = run(&plan, Some(cache.path()), args);
    assert_eq!(first, run(&plan, None, args));
    assert_eq!(kept_reviews(cache.path()).len(), 1);
    // A new commit is a new review: the work that shipped counts.
    git.write("roadmap/work-1.toml", &initiative(1, "shipped", "2026-Q1"));
    commit_everything(&git, "2026-03-20T12:00:00+00:00", "Ship work 1");
    let after = run(&plan, Some(cache.path()), args);
    assert_ne!(after, first, "a review kept for the old commit was read");
    assert_eq!(after, run(&plan, None, args));
    // Another quarter, and another day, each have their own.
    let other_quarter: &[&str] = &["review", "--quarter", "2025-Q4", "--format", "json"];
    assert_eq!(
        run(&plan, Some(cache.path()), other_quarter),
        run(&plan, None, other_quarter)
    );
    let on = |today: &str, cache: Option<&Path>| {
        let mut cmd = crate::common::command_at(&plan, today);
        match cache {
            Some(cache) => cmd.env("CTO_PLAN_CACHE_DIR", cache),
            None => cmd.arg("--no-index"),
        };
        cmd.args(["review", "--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    for today in ["2026-04-02", "2026-07-02"] {
        assert_eq!(on(today, Some(cache.path())), on(today, None), "{today}");
    }
    assert_eq!(kept_reviews(cache.path()).len(), 5);
}

#[test]
fn a_damaged_kept_review_is_made_again_not_believed() {
    let fx = quarter::fixture();
    let cache = tempfile::tempdir().unwrap();
    let args: &[&str] = &["review", "--format", "json"];
    let expected = run(fx.path(), None, args);
    run(fx.path(), Some(cache.path()), args);
    let [file] = kept_reviews(cache.path()).try_into().unwrap();
    let whole = std::fs::read(&file).unwrap();
    for (what, bytes) in [
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("one byte flipped", {
            let mut bytes = whole.clone();
            let at = bytes.len() / 2;
            bytes[at] ^= 0x20;
            bytes
        }),
    ] {
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(run(fx.path(), Some(cache.path()), args), expected, "{what}");
        assert!(
            std::fs::read(&file).unwrap() == whole,
            "{what}: not kept again"
        );
    }
}

/// One commit of a generated history: what it does to the plan.
#[derive(Debug, Clone)]
enum Edit {
    /// Writes initiative N with a status and quarter.
    Write(u8, &'static str, &'static str),
    Remove(u8),
    /// Renames initiative N to M.
    Rename(u8, u8),
    /// A commit that leaves the plan alone (a file outside it).
    Outside,
}

fn edit() -> impl Strategy<Value = Edit> {
    let status = prop::sample::select(vec!["planned", "active", "shipped", "cancelled"]);
    let quarter = prop::sample::select(vec!["2026-Q1", "2026-Q2", "2026-Q3"]);
    prop_oneof![
        4 => (0..6u8, status, quarter).prop_map(|(n, s, q)| Edit::Write(n, s, q)),
        1 => (0..6u8).prop_map(Edit::Remove),
        1 => (0..6u8, 0..6u8).prop_map(|(a, b)| Edit::Rename(a, b)),
        2 => Just(Edit::Outside),
    ]
}

fn initiative(n: u8, status: &str, quarter: &str) -> String {
    let shipped = if status == "shipped" {
        "shipped = 2026-04-10\n"
    } else {
        ""
    };
    format!("title = \"Work {n}\"\nstatus = \"{status}\"\nquarter = \"{quarter}\"\n{shipped}")
}

/// A repository whose plan (in `plan/`) goes through `edits`, a commit each,
/// two days apart from 2026-01-02.
fn history(edits: &[Edit]) -> GitPlan {
    let git = GitPlan::new("plan");
    for (i, edit) in edits.iter().enumerate() {
        let path = |n: u8| format!("roadmap/work-{n}.toml");
        let exists = |n: u8| git.plan().join(path(n)).exists();
        match edit {
            Edit::Write(n, status, quarter) => {
                git.write(&path(*n), &initiative(*n, status, quarter))
            }
            Edit::Remove(n) if exists(*n) => git.remove(&path(*n)),
            Edit::Rename(a, b) if a != b && exists(*a) && !exists(*b) => {
                git.rename(&path(*a), &path(*b));
            }
            _ => std::fs::write(git.root().join("README"), format!("change {i}\n")).unwrap(),
        }
        let when = jiff::civil::date(2026, 1, 2)
            .checked_add(jiff::Span::new().days(2 * i as i64))
            .unwrap();
        let time = format!("{when}T12:00:00+00:00");
        commit_everything(&git, &time, &format!("Change {i}"));
    }
    git
}

/// Commits the whole work tree (the plan and the file outside it).
fn commit_everything(git: &GitPlan, when: &str, message: &str) {
    let repo = git2::Repository::open(git.root()).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = crate::common::repo::signature_as(crate::common::repo::ALICE, when);
    let parent = repo.head().unwrap().peel_to_commit().unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[&parent])
        .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn generated_histories_read_the_same_with_and_without_the_index(
        edits in prop::collection::vec(edit(), 1..14)
    ) {
        let git = history(&edits);
        let plan = git.plan();
        let cache = tempfile::tempdir().unwrap();
        for args in [
            &["log", "--format", "json"][..],
            &["log", "initiative/work-1", "--format", "json"],
            &["review", "--quarter", "2026-Q1", "--format", "json"],
        ] {
            let without = run(&plan, None, args);
            prop_assert_eq!(&run(&plan, Some(cache.path()), args), &without, "{:?} building", args);
            prop_assert_eq!(&run(&plan, Some(cache.path()), args), &without, "{:?} reading", args);
        }
    }
}
