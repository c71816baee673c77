//! `cto-plan log`, `blame` and the global `--at`, on scripted histories.
//!
//! Histories are built with git2 only (the one exception is the shallow
//! clone, made with `git clone --depth` in an isolated environment): every
//! commit has an explicit author and committer with a time in its own offset,
//! so commit ids, and the short ids in the output, are the same on every run.
//! Most tests read the quarter fixture of `review.rs`
//! ([`crate::review::fixture`]), whose facts are listed there.

use std::path::Path;

use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature, Time};
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::common;
use crate::review::{Fixture, fixture};

// --- the scripted-history builder -------------------------------------------

/// Someone who commits.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub name: &'static str,
    pub email: &'static str,
}

pub const ALICE: Who = Who {
    name: "Alice Martin",
    email: "alice@acme.test",
};
pub const BOB: Who = Who {
    name: "Bob Stone",
    email: "bob@acme.test",
};
pub const CAROL: Who = Who {
    name: "Carol Sato",
    email: "carol@acme.test",
};
pub const DAVE: Who = Who {
    name: "Dave Ruiz",
    email: "dave@acme.test",
};

/// `who` at `when`, an RFC 3339 time with its offset
/// (`2026-03-31T23:30:00-08:00`): git keeps both the instant and the offset.
pub fn signature(who: Who, when: &str) -> Signature<'static> {
    common::isolate_git_config();
    let instant: jiff::Timestamp = when
        .parse()
        .unwrap_or_else(|e| panic!("{when} is not a time with an offset: {e}"));
    let offset = &when[when.len() - 6..];
    let sign = match &offset[..1] {
        "+" => 1,
        "-" => -1,
        _ => panic!("{when} must end with an offset such as +09:00"),
    };
    let minutes =
        sign * (offset[1..3].parse::<i32>().unwrap() * 60 + offset[4..6].parse::<i32>().unwrap());
    Signature::new(
        who.name,
        who.email,
        &Time::new(instant.as_second(), minutes),
    )
    .unwrap()
}

/// The first seven hex digits of a commit id, as every report cites it.
pub fn short(id: Oid) -> String {
    id.to_string()[..7].to_owned()
}

/// A git repository in a temporary folder (branch `main`) whose working tree
/// holds a plan at its top; commits are made with explicit signatures.
pub struct Script {
    pub dir: TempDir,
    pub repo: Repository,
}

impl Script {
    pub fn new() -> Script {
        common::isolate_git_config();
        let dir = TempDir::new().unwrap();
        let mut options = RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &options).unwrap();
        Script { dir, repo }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        common::write(self.path(), path, text);
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.path().join(path)).unwrap();
    }

    /// Moves a file, keeping its content (a rename, for git and for the plan).
    pub fn rename(&self, from: &str, to: &str) {
        let to = self.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.path().join(from), to).unwrap();
    }

    /// Stages the whole working tree (deletions too) and writes it as a tree.
    fn stage(&self) -> Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        index.write_tree().unwrap()
    }

    fn commit_with(&self, who: Who, when: &str, message: &str, extra_parent: Option<Oid>) -> Oid {
        let tree = self.repo.find_tree(self.stage()).unwrap();
        let sig = signature(who, when);
        let mut parents = Vec::new();
        if let Ok(head) = self.repo.head() {
            parents.push(head.peel_to_commit().unwrap());
        }
        if let Some(extra) = extra_parent {
            parents.push(self.repo.find_commit(extra).unwrap());
        }
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    /// Commits the working tree on `main`, by `who` at `when`.
    pub fn commit(&self, who: Who, when: &str, message: &str) -> Oid {
        self.commit_with(who, when, message, None)
    }

    /// A merge commit on `main`: the working tree, with HEAD as first parent
    /// and `branch` as second.
    pub fn merge(&self, branch: Oid, who: Who, when: &str, message: &str) -> Oid {
        self.commit_with(who, when, message, Some(branch))
    }

    /// A commit on a side branch `name`, made from `base` with `files`
    /// written over its tree; neither HEAD nor the working tree moves.
    pub fn branch_commit(
        &self,
        name: &str,
        base: Oid,
        files: &[(&str, &str)],
        who: Who,
        when: &str,
        message: &str,
    ) -> Oid {
        let base = self.repo.find_commit(base).unwrap();
        let mut index = git2::Index::new().unwrap();
        index.read_tree(&base.tree().unwrap()).unwrap();
        for (path, text) in files {
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: text.len() as u32,
                id: self.repo.blob(text.as_bytes()).unwrap(),
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        let tree = self
            .repo
            .find_tree(index.write_tree_to(&self.repo).unwrap())
            .unwrap();
        let sig = signature(who, when);
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &[&base])
            .unwrap();
        self.repo
            .branch(name, &self.repo.find_commit(id).unwrap(), true)
            .unwrap();
        id
    }
}

/// `cto-plan --color never -C DIR ARGS…` with today = `today`.
pub fn run_in(dir: &Path, today: &str, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    common::run_at(dir, today, &all)
}

/// [`run_in`] that must exit 0 without a word on stderr; its stdout.
pub fn ok_in(dir: &Path, today: &str, args: &[&str]) -> String {
    let (stdout, stderr, code) = run_in(dir, today, args);
    assert_eq!(
        code, 0,
        "{args:?} exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(stderr, "", "{args:?} wrote to stderr");
    stdout
}

/// [`ok_in`], parsed as JSON.
pub fn json_in(dir: &Path, today: &str, args: &[&str]) -> Value {
    let stdout = ok_in(dir, today, args);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}):\n{stdout}"))
}

/// A shallow clone of `source` with `depth` commits, made with
/// `git clone --depth` in an isolated environment.
pub fn shallow_clone(source: &Path, depth: usize) -> TempDir {
    let home = TempDir::new().unwrap();
    let dest = TempDir::new().unwrap();
    let output = std::process::Command::new("git")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .arg("clone")
        .arg("--quiet")
        .arg("--branch")
        .arg("main")
        .arg(format!("--depth={depth}"))
        .arg(format!("file://{}", source.display()))
        .arg(dest.path())
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git clone failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        Repository::open(dest.path()).unwrap().is_shallow(),
        "the clone is not shallow"
    );
    dest
}

// --- helpers for the fixture ------------------------------------------------

/// Today in every run of these tests (2026-Q2 is the last complete quarter).
const TODAY: &str = crate::review::TODAY;

fn ok(fx: &Fixture, args: &[&str]) -> String {
    ok_in(fx.path(), TODAY, args)
}

fn json_of(fx: &Fixture, args: &[&str]) -> Value {
    json_in(fx.path(), TODAY, args)
}

/// (short commit, `kind/id`, action) of every entry of `log --format json`.
fn log_rows(log: &Value) -> Vec<(String, String, String)> {
    log.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["commit"]["short"].as_str().unwrap().to_owned(),
                format!(
                    "{}/{}",
                    e["change"]["kind"].as_str().unwrap(),
                    e["change"]["id"].as_str().unwrap()
                ),
                e["change"]["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The expected rows of [`log_rows`]: (commit name, `kind/id`, action).
fn rows(fx: &Fixture, expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(c, r, a)| (fx.short(c), (*r).to_owned(), (*a).to_owned()))
        .collect()
}

/// The value of field `path` in `show --format json` output.
fn shown_field(fx: &Fixture, at: &str, reference: &str, path: &str) -> Value {
    let shown = json_of(fx, &["--at", at, "show", reference, "--format", "json"]);
    shown["fields"][path].clone()
}

// --- log --------------------------------------------------------------------

#[test]
fn log_of_a_record_is_newest_first_in_planning_terms() {
    let fx = fixture();
    let out = ok(&fx, &["log", "initiative/search-v2"]);
    // The merge commit on the main line carries the change and its pull
    // request; the side-branch commit it merged is not part of the main line.
    let expected = format!(
        "commit {merge} (#12)
Author: Alice Martin <alice@acme.test>
Date:   2026-04-14 18:00 +00:00

    Merge pull request #12 from acme/search-v2

  ~ initiative/search-v2  Search v2
      status: active → shipped
      + shipped = 2026-04-14

commit {first}
Author: Alice Martin <alice@acme.test>
Date:   2026-01-05 09:00 +00:00

    Add the plan

  + initiative/search-v2  Search v2
      + title = Search v2
      + status = active
      + owner = bob
      + team = core
      + quarter = 2026-Q2
      + start = 2026-Q1

",
        merge = fx.id("M"),
        first = fx.id("C1"),
    );
    assert_eq!(out, expected);
    assert!(!out.contains(&fx.short("B1")), "{out}");
}

#[test]
fn log_says_what_changes_mean() {
    let fx = fixture();
    let cases: &[(&str, &[&str])] = &[
        (
            "initiative/analytics",
            &[
                "quarter: 2026-Q3 → 2026-Q4  (slipped 1 quarter)",
                "quarter: 2026-Q2 → 2026-Q3  (slipped 1 quarter)",
            ],
        ),
        ("decision/use-kafka", &["status: proposed → accepted"]),
        (
            "risk/data-loss",
            &["risk score 10 → 20 (up)", "likelihood: 2 → 4"],
        ),
        (
            "person/gina",
            &["moved team core → data", "team: core → data"],
        ),
        ("person/erin", &["left team/data"]),
        ("person/frank", &["joined team/growth"]),
        (
            "role/backend-eng",
            &["role filled by person/frank", "status: open → filled"],
        ),
        ("role/data-eng", &["role opened in team/data"]),
        (
            "budget/2026-Q2",
            &[
                "line.cloud.actual: 36000 → 37000  (+1,000 USD)",
                "line cloud: planned +30,000 USD",
            ],
        ),
        (
            "objective/reliability",
            &["key_result.latency.current: 380 → 300  (target 200 ms)"],
        ),
    ];
    for (reference, lines) in cases {
        let out = ok(&fx, &["log", reference]);
        let mut rest = out.as_str();
        // The lines appear in this order (newest first).
        for line in *lines {
            let needle = format!("      {line}\n");
            let at = rest
                .find(&needle)
                .unwrap_or_else(|| panic!("log {reference}: no line `{line}` in order:\n{out}"));
            rest = &rest[at + needle.len()..];
        }
    }
}

#[test]
fn log_separates_numbers_from_word_units() {
    let fx = fixture();
    let out = ok(&fx, &["log", "objective/reliability"]);
    assert!(
        out.contains("      key_result.accounts.current: 20 → 150  (target 200 accounts)\n"),
        "{out}"
    );
}

#[test]
fn log_names_the_decision_that_supersedes() {
    let fx = fixture();
    let out = ok(&fx, &["log", "decision/use-rabbitmq"]);
    assert!(
        out.contains("      superseded by decision/use-kafka\n"),
        "{out}"
    );
}

#[test]
fn log_follows_a_rename_back_to_the_old_id() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "single-sign-on", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C29", "initiative/single-sign-on", "changed"),
                ("C6", "initiative/single-sign-on", "renamed"),
                ("C1", "initiative/sso", "added"),
            ]
        )
    );
    assert_eq!(log[1]["change"]["renamed_from"], "sso");
    assert_eq!(log[1]["change"]["fields"], json!([]));
    let text = ok(&fx, &["log", "initiative/single-sign-on"]);
    assert!(
        text.contains("  → initiative/single-sign-on  Single sign-on (from sso)\n"),
        "{text}"
    );
    assert!(
        text.contains("  + initiative/sso  Single sign-on\n"),
        "{text}"
    );
    // The whole plan's log, filtered to the kind, agrees with the record's.
    let all = json_of(&fx, &["log", "--kind", "initiative", "--format", "json"]);
    let renamed: Vec<_> = log_rows(&all)
        .into_iter()
        .filter(|(_, r, a)| a == "renamed" || r == "initiative/sso")
        .collect();
    assert_eq!(
        renamed,
        rows(
            &fx,
            &[
                ("C6", "initiative/single-sign-on", "renamed"),
                ("C1", "initiative/sso", "added"),
            ]
        )
    );
}

#[test]
fn log_of_a_deleted_and_recreated_record_shows_both_lives() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "risk/vendor-lock", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C19", "risk/vendor-lock", "added"),
                ("C8", "risk/vendor-lock", "removed"),
                ("C1", "risk/vendor-lock", "added"),
            ]
        )
    );
    let likelihood = |entry: &Value, side: &str| {
        entry["change"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == "likelihood")
            .unwrap()[side]
            .clone()
    };
    assert_eq!(likelihood(&log[0], "new"), 4);
    assert_eq!(likelihood(&log[1], "old"), 2);
    assert_eq!(likelihood(&log[2], "new"), 2);

    // While it is deleted, the record is still found by kind and id.
    for rev in ["C8", "C9"] {
        let rev = fx.short(rev);
        let log = json_of(
            &fx,
            &["log", "risk/vendor-lock", "--rev", &rev, "--format", "json"],
        );
        assert_eq!(
            log_rows(&log),
            rows(
                &fx,
                &[
                    ("C8", "risk/vendor-lock", "removed"),
                    ("C1", "risk/vendor-lock", "added"),
                ]
            ),
            "--rev {rev}"
        );
    }
}

#[test]
fn log_of_a_kind_lists_only_that_kind_newest_first() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "--kind", "decision", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C28", "decision/api-versioning", "added"),
                ("C26", "decision/monorepo", "added"),
                ("C16", "decision/graphql", "changed"),
                ("C11", "decision/nosql", "changed"),
                ("C9", "decision/graphql", "added"),
                ("C9", "decision/nosql", "added"),
                ("C7", "decision/use-rabbitmq", "changed"),
                ("C5", "decision/use-kafka", "changed"),
                ("C1", "decision/use-kafka", "added"),
                ("C1", "decision/use-rabbitmq", "added"),
            ]
        )
    );
    // `--kind` takes plurals too.
    let plural = json_of(&fx, &["log", "--kind", "decisions", "--format", "json"]);
    assert_eq!(plural, log);
}

#[test]
fn log_of_the_plan_skips_commits_that_change_no_record() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "--format", "json"]);
    let commits: Vec<String> = {
        let mut seen: Vec<String> = Vec::new();
        for (short, _, _) in log_rows(&log) {
            if seen.last() != Some(&short) {
                seen.push(short);
            }
        }
        seen
    };
    // Every main-line commit but the README-only one, newest first; never
    // the side-branch commit.
    let expected: Vec<String> = [
        "C35", "C34", "C33", "C32", "C31", "C30", "C29", "C28", "C27", "C26", "C25", "C24", "C23",
        "C22", "C21", "C20", "C19", "C18", "C17", "C16", "C15", "C14", "C13", "C12", "C11", "C10",
        "M", "C9", "C8", "C7", "C6", "C5", "C4", "C2", "C1",
    ]
    .iter()
    .map(|c| fx.short(c))
    .collect();
    assert_eq!(commits, expected);
    let first = &log[0]["commit"];
    assert_eq!(first["summary"], "Settle the Q2 cloud bill");
}

#[test]
fn log_since_and_until_use_each_commits_own_offset() {
    let fx = fixture();
    let window = |since: &str, until: &str| {
        let log = json_of(
            &fx,
            &[
                "log", "--since", since, "--until", until, "--format", "json",
            ],
        );
        log_rows(&log)
    };
    // 2026-03-31 23:30 -08:00 (April 1 in UTC) is March 31.
    assert_eq!(
        window("2026-03-31", "2026-03-31"),
        rows(&fx, &[("C4", "initiative/audit-log", "added")])
    );
    // 2026-04-01 00:30 +09:00 (March 31 in UTC) is April 1.
    assert_eq!(
        window("2026-04-01", "2026-04-01"),
        rows(&fx, &[("C5", "decision/use-kafka", "changed")])
    );
    // 2026-06-30 23:30 -07:00 is June 30; 2026-07-01 01:00 +02:00 is July 1.
    assert_eq!(
        window("2026-06-30", "2026-06-30"),
        rows(&fx, &[("C32", "budget/2026-Q2", "changed")])
    );
    assert_eq!(
        window("2026-07-01", "2026-07-01"),
        rows(&fx, &[("C33", "initiative/audit-log", "changed")])
    );
    // A record's log honours the window too.
    let log = json_of(
        &fx,
        &[
            "log",
            "initiative/analytics",
            "--since",
            "2026-05-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        log_rows(&log),
        rows(&fx, &[("C22", "initiative/analytics", "changed")])
    );
    let log = json_of(
        &fx,
        &[
            "log",
            "initiative/analytics",
            "--until",
            "2026-04-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C13", "initiative/analytics", "changed"),
                ("C1", "initiative/analytics", "added"),
            ]
        )
    );
    // `--kind` with a window.
    let log = json_of(
        &fx,
        &[
            "log",
            "--kind",
            "initiative",
            "--since",
            "2026-04-01",
            "--until",
            "2026-04-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C13", "initiative/analytics", "changed"),
                ("M", "initiative/search-v2", "changed"),
                ("C6", "initiative/single-sign-on", "renamed"),
            ]
        )
    );
    // An empty window says so.
    let out = ok(&fx, &["log", "--since", "2026-09-01"]);
    assert_eq!(out, "no changes found\n");
}

#[test]
fn log_json_cites_commits_with_their_own_offset_and_pull_request() {
    let fx = fixture();
    let log = json_of(&fx, &["log", "decision/use-kafka", "--format", "json"]);
    assert_eq!(
        log[0]["commit"],
        json!({
            "id": fx.id("C5").to_string(),
            "short": fx.short("C5"),
            "author": "Carol Sato",
            "email": "carol@acme.test",
            "time": "2026-04-01T00:30:00+09:00",
            "summary": "Accept Kafka for events (#10)",
            "pull_request": 10,
        })
    );
    let status = log[0]["change"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "status")
        .unwrap()
        .clone();
    assert_eq!(status["old"], "proposed");
    assert_eq!(status["new"], "accepted");
    assert_eq!(status["meaning"], "proposed → accepted");

    // A merge commit, a squash commit and a GitLab merge request.
    for (reference, commit, pr, summary) in [
        (
            "search-v2",
            "M",
            12,
            "Merge pull request #12 from acme/search-v2",
        ),
        ("billing", "C14", 13, "Ship usage-based billing (#13)"),
        ("api-versioning", "C28", 15, "Accept API versioning"),
    ] {
        let log = json_of(&fx, &["log", reference, "--format", "json"]);
        assert_eq!(log[0]["commit"]["short"], fx.short(commit), "{reference}");
        assert_eq!(log[0]["commit"]["pull_request"], pr, "{reference}");
        assert_eq!(log[0]["commit"]["summary"], summary, "{reference}");
    }
    let log = json_of(&fx, &["log", "analytics", "--format", "json"]);
    assert_eq!(log[0]["commit"]["pull_request"], Value::Null);
    assert_eq!(log[0]["commit"]["time"], "2026-05-28T10:00:00-04:00");
}

#[test]
fn log_markdown_names_commit_author_date_and_pull_request() {
    let fx = fixture();
    let out = ok(
        &fx,
        &["log", "initiative/search-v2", "--format", "markdown"],
    );
    let expected = format!(
        "#### {merge} · Alice Martin · 2026-04-14 · #12

Merge pull request \\#12 from acme/search-v2

- \\~ **initiative/search-v2** Search v2
  - **status**: active → shipped
  - **shipped** = 2026-04-14

#### {first} · Alice Martin · 2026-01-05

Add the plan

- \\+ **initiative/search-v2** Search v2
  - **title** = Search v2
  - **status** = active
  - **owner** = bob
  - **team** = core
  - **quarter** = 2026-Q2
  - **start** = 2026-Q1

",
        merge = fx.short("M"),
        first = fx.short("C1"),
    );
    assert_eq!(out, expected);
    // The date is the committer's own.
    let out = ok(&fx, &["log", "audit-log", "--format", "markdown"]);
    assert!(
        out.contains(&format!(
            "#### {} · Dave Ruiz · 2026-03-31\n",
            fx.short("C4")
        )),
        "{out}"
    );
}

#[test]
fn log_of_an_unknown_record_exits_2() {
    let fx = fixture();
    let (stdout, stderr, code) = run_in(fx.path(), TODAY, &["log", "nothing-here"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("no record 'nothing-here'"), "{stderr}");
    let (_, stderr, code) = run_in(fx.path(), TODAY, &["log", "widget/x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown kind 'widget'"), "{stderr}");
}

#[test]
fn log_and_blame_of_an_ambiguous_id_ask_for_the_kind() {
    let s = Script::new();
    s.write("cto-plan.toml", crate::review::CONFIG);
    s.write("team/teams/core.toml", "name = \"Core\"\n");
    s.write(
        "roadmap/core.toml",
        "title = \"Core rewrite\"\nstatus = \"proposed\"\n",
    );
    let c1 = s.commit(ALICE, "2026-01-05T09:00:00+00:00", "Add the plan");
    for command in ["log", "blame"] {
        let (stdout, stderr, code) = run_in(s.path(), TODAY, &[command, "core"]);
        assert_eq!(code, 2, "{command}: {stdout}{stderr}");
        assert!(
            stderr.contains("'core' is ambiguous: it names a initiative and a team"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("write it as `KIND/core`"),
            "{command}: {stderr}"
        );
    }
    let log = json_in(s.path(), TODAY, &["log", "team/core", "--format", "json"]);
    assert_eq!(
        log_rows(&log),
        [(short(c1), "team/core".to_owned(), "added".to_owned())]
    );
}

#[test]
fn log_and_blame_suggest_a_near_miss() {
    let fx = fixture();
    for command in ["log", "blame"] {
        let (_, stderr, code) = run_in(fx.path(), TODAY, &[command, "serch-v2"]);
        assert_eq!(code, 2, "{command}");
        assert!(
            stderr.contains("did you mean `search-v2`?"),
            "{command}: {stderr}"
        );
    }
}

// --- blame ------------------------------------------------------------------

#[test]
fn blame_names_the_commit_that_set_each_field_a_merge_included() {
    let fx = fixture();
    let out = ok(&fx, &["blame", "initiative/search-v2"]);
    let (first, merge) = (fx.short("C1"), fx.short("M"));
    let expected = format!(
        "initiative/search-v2 — Search v2

{first}       Alice Martin 2026-01-05  title    Search v2
{merge} (#12) Alice Martin 2026-04-14  status   shipped
{first}       Alice Martin 2026-01-05  owner    bob
{first}       Alice Martin 2026-01-05  team     core
{first}       Alice Martin 2026-01-05  quarter  2026-Q2
{first}       Alice Martin 2026-01-05  start    2026-Q1
{merge} (#12) Alice Martin 2026-04-14  shipped  2026-04-14
"
    );
    assert_eq!(out, expected);
}

/// (field, short commit) of every line of `blame --format json`.
fn blame_rows(blame: &Value) -> Vec<(String, Option<String>)> {
    blame["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["commit"]["short"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn blamed(fx: &Fixture, expected: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    expected
        .iter()
        .map(|(f, c)| ((*f).to_owned(), Some(fx.short(c))))
        .collect()
}

#[test]
fn blame_follows_renames_recreations_and_later_edits() {
    let fx = fixture();
    // Renamed: the fields it kept come from the commit that set them under
    // the old id.
    let blame = json_of(&fx, &["blame", "single-sign-on", "--format", "json"]);
    assert_eq!(blame["record"], "initiative/single-sign-on");
    assert_eq!(
        blame_rows(&blame),
        blamed(
            &fx,
            &[
                ("title", "C1"),
                ("status", "C29"),
                ("owner", "C1"),
                ("team", "C1"),
                ("quarter", "C1"),
                ("shipped", "C29"),
            ]
        )
    );
    // Deleted and re-created: its fields are the new record's.
    let blame = json_of(&fx, &["blame", "risk/vendor-lock", "--format", "json"]);
    let fields = [
        "title",
        "category",
        "likelihood",
        "impact",
        "owner",
        "status",
        "opened",
    ];
    let expected: Vec<(&str, &str)> = fields.iter().map(|f| (*f, "C19")).collect();
    assert_eq!(blame_rows(&blame), blamed(&fx, &expected));
    assert_eq!(blame["fields"][2]["value"], 4);
    assert_eq!(
        blame["fields"][0]["commit"]["time"],
        "2026-05-18T09:00:00+09:00"
    );
    // Edited after it shipped.
    let blame = json_of(&fx, &["blame", "onboarding", "--format", "json"]);
    assert_eq!(
        blame_rows(&blame),
        blamed(
            &fx,
            &[
                ("title", "C34"),
                ("status", "C15"),
                ("owner", "C1"),
                ("team", "C1"),
                ("quarter", "C1"),
                ("shipped", "C15"),
                ("summary", "C34"),
            ]
        )
    );
    // Sub-table fields: each key result's own commit.
    let blame = json_of(&fx, &["blame", "objective/reliability", "--format", "json"]);
    let rows = blame_rows(&blame);
    for (field, commit) in [
        ("key_result.latency.current", "C27"),
        ("key_result.latency.target", "C1"),
        ("key_result.accounts.current", "C27"),
        ("key_result.incidents.target", "C1"),
    ] {
        assert!(
            rows.contains(&(field.to_owned(), Some(fx.short(commit)))),
            "{field}: {rows:?}"
        );
    }
}

#[test]
fn blame_at_a_revision() {
    let fx = fixture();
    let rev = fx.short("C9");
    let blame = json_of(
        &fx,
        &["blame", "search-v2", "--rev", &rev, "--format", "json"],
    );
    assert_eq!(blame["fields"][1]["path"], "status");
    assert_eq!(blame["fields"][1]["value"], "active");
    assert_eq!(blame["fields"][1]["commit"]["short"], fx.short("C1"));
    let (_, stderr, code) = run_in(fx.path(), TODAY, &["blame", "sso"]);
    assert_eq!(code, 2, "a renamed record is found by its new id only");
    assert!(stderr.contains("no record 'sso'"), "{stderr}");
}

// --- --at -------------------------------------------------------------------

#[test]
fn at_a_quarter_reads_the_plan_as_the_quarter_began() {
    let fx = fixture();
    let list = json_of(
        &fx,
        &["--at", "2026-Q2", "list", "initiative", "--format", "json"],
    );
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // audit-log was committed late on March 31 at -08:00 (April 1 in UTC);
    // sso had not been renamed yet; ai-assist did not exist.
    assert_eq!(
        ids,
        [
            "analytics",
            "audit-log",
            "billing",
            "hotfix-tooling",
            "legacy-api",
            "mobile",
            "onboarding",
            "search-v2",
            "sso"
        ]
    );
    assert_eq!(shown_field(&fx, "2026-Q2", "search-v2", "status"), "active");
    // Kafka was accepted on April 1 at +09:00 (March 31 in UTC): after Q2 began.
    assert_eq!(
        shown_field(&fx, "2026-Q2", "use-kafka", "status"),
        "proposed"
    );

    // The plan as Q3 began: the actuals recorded on June 30 at -07:00 are in,
    // audit logging shipped on July 1 at +02:00 is not.
    assert_eq!(
        shown_field(&fx, "2026-Q3", "audit-log", "status"),
        "planned"
    );
    let budget = shown_field(&fx, "2026-Q3", "budget/2026-Q2", "line");
    assert_eq!(budget["cloud"]["actual"], 36000);
}

#[test]
fn at_a_date_takes_the_last_commit_of_that_day_in_its_own_offset() {
    let fx = fixture();
    let cases = [
        // (at, record, field, value)
        (
            "2026-03-30",
            "decision/use-kafka",
            "status",
            json!("proposed"),
        ),
        (
            "2026-03-31",
            "decision/use-kafka",
            "status",
            json!("proposed"),
        ),
        (
            "2026-04-01",
            "decision/use-kafka",
            "status",
            json!("accepted"),
        ),
        (
            "2026-06-30",
            "initiative/audit-log",
            "status",
            json!("planned"),
        ),
        (
            "2026-07-01",
            "initiative/audit-log",
            "status",
            json!("shipped"),
        ),
        // The side branch shipped search v2 on April 10; the main line
        // shipped it with the merge on April 14.
        (
            "2026-04-13",
            "initiative/search-v2",
            "status",
            json!("active"),
        ),
        (
            "2026-04-14",
            "initiative/search-v2",
            "status",
            json!("shipped"),
        ),
        ("2026-06-29", "budget/2026-Q2", "line", Value::Null),
    ];
    for (at, reference, field, value) in cases {
        let got = shown_field(&fx, at, reference, field);
        if value.is_null() {
            assert_eq!(got["cloud"]["actual"], Value::Null, "--at {at} {reference}");
        } else {
            assert_eq!(got, value, "--at {at} {reference} {field}");
        }
    }
    // audit-log exists from March 31 (at -08:00) on, not before.
    ok(&fx, &["--at", "2026-03-31", "show", "audit-log"]);
    let (_, stderr, code) = run_in(
        fx.path(),
        TODAY,
        &["--at", "2026-03-30", "show", "audit-log"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no record 'audit-log'"), "{stderr}");
}

#[test]
fn at_a_revision_reads_that_commit() {
    let fx = fixture();
    let c13 = fx.short("C13");
    assert_eq!(shown_field(&fx, &c13, "analytics", "quarter"), "2026-Q3");
    assert_eq!(
        shown_field(&fx, &fx.id("C22").to_string(), "analytics", "quarter"),
        "2026-Q4"
    );
    assert_eq!(
        shown_field(&fx, "main~2", "onboarding", "title"),
        "Onboarding flow"
    );
    assert_eq!(
        shown_field(&fx, "HEAD", "onboarding", "title"),
        "Onboarding flow v1"
    );
    // The side branch is a revision like any other.
    assert_eq!(
        shown_field(&fx, "search-v2", "search-v2", "status"),
        "shipped"
    );
    assert_eq!(
        shown_field(&fx, "search-v2", "single-sign-on", "status"),
        "planned"
    );
}

#[test]
fn check_at_a_quarter_checks_the_old_plan() {
    let fx = fixture();
    let files = |args: &[&str]| -> Vec<String> {
        let (stdout, stderr, code) = run_in(fx.path(), TODAY, args);
        assert!(code == 0 || code == 1, "{args:?}: {code}\n{stderr}");
        let findings: Value = serde_json::from_str(&stdout).unwrap();
        findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let then = files(&["--at", "2026-Q2", "check", "--format", "json"]);
    let now = files(&["check", "--format", "json"]);
    assert!(then.contains(&"roadmap/sso.toml".to_owned()), "{then:?}");
    assert!(!now.iter().any(|f| f.contains("sso")), "{now:?}");
    // Overdue as of today: billing was still planned when Q2 began.
    assert!(
        then.contains(&"roadmap/billing.toml".to_owned()),
        "{then:?}"
    );
    assert!(!now.contains(&"roadmap/billing.toml".to_owned()), "{now:?}");
}

#[test]
fn at_errors_exit_2() {
    let fx = fixture();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--at", "2025-12-31", "list"],
            "no commit on the main line on or before 2025-12-31",
        ),
        // Q1 began on January 1: nothing was committed before.
        (
            &["--at", "2026-Q1", "list"],
            "no commit on the main line on or before 2025-12-31",
        ),
        (
            &["--at", "no-such-rev", "list"],
            "unknown revision 'no-such-rev'",
        ),
        (
            &["--at", "2026-Q2", "list", "--rev", "HEAD"],
            "give either --rev or --at, not both",
        ),
    ];
    for (args, message) in cases {
        let (stdout, stderr, code) = run_in(fx.path(), TODAY, args);
        assert_eq!(code, 2, "{args:?}\n{stdout}{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

// --- shallow clones ---------------------------------------------------------

/// The fixture cloned five commits deep: C35, C34, C33, C32 and C31, the
/// boundary (whose parent is missing).
fn shallow() -> (Fixture, TempDir) {
    let fx = fixture();
    let clone = shallow_clone(fx.path(), 5);
    (fx, clone)
}

#[test]
fn shallow_clone_deep_enough_for_the_window_reads_like_the_full_history() {
    let (fx, clone) = shallow();
    for args in [
        &["log", "--since", "2026-06-26", "--format", "json"][..],
        &["review", "--quarter", "2026-Q3", "--format", "json"][..],
    ] {
        let full = ok(&fx, args);
        let shallow = ok_in(clone.path(), TODAY, args);
        assert_eq!(shallow, full, "{args:?}");
    }
}

/// The warning a shallow clone must print, once.
fn assert_shallow_warning(fx: &Fixture, stderr: &str) {
    let boundary = fx.short("C31");
    assert_eq!(stderr.matches("warning: ").count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: this clone is shallow: history starts at {boundary} (2026-06-25)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("git fetch --unshallow"), "{stderr}");
}

#[test]
fn shallow_clone_log_starts_at_the_boundary_and_warns() {
    let (fx, clone) = shallow();
    let (stdout, stderr, code) = run_in(clone.path(), TODAY, &["log", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let log: Value = serde_json::from_str(&stdout).unwrap();
    // The boundary's own changes are unknown: its parent is not there.
    assert_eq!(
        log_rows(&log),
        rows(
            &fx,
            &[
                ("C35", "budget/2026-Q2", "changed"),
                ("C34", "initiative/onboarding", "changed"),
                ("C33", "initiative/audit-log", "changed"),
                ("C32", "budget/2026-Q2", "changed"),
            ]
        )
    );
    assert_shallow_warning(&fx, &stderr);
}

#[test]
fn shallow_clone_log_of_a_record_starts_at_the_boundary_and_warns() {
    let (fx, clone) = shallow();
    let (stdout, stderr, code) = run_in(
        clone.path(),
        TODAY,
        &["log", "initiative/onboarding", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        log_rows(&log),
        rows(&fx, &[("C34", "initiative/onboarding", "changed")])
    );
    assert_shallow_warning(&fx, &stderr);
}

#[test]
fn shallow_clone_blame_marks_older_values_as_before_and_warns() {
    let (fx, clone) = shallow();
    let (stdout, stderr, code) = run_in(
        clone.path(),
        TODAY,
        &["blame", "initiative/onboarding", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let blame: Value = serde_json::from_str(&stdout).unwrap();
    let c34 = Some(fx.short("C34"));
    assert_eq!(
        blame_rows(&blame),
        vec![
            ("title".to_owned(), c34.clone()),
            ("status".to_owned(), None),
            ("owner".to_owned(), None),
            ("team".to_owned(), None),
            ("quarter".to_owned(), None),
            ("shipped".to_owned(), None),
            ("summary".to_owned(), c34),
        ]
    );
    assert_shallow_warning(&fx, &stderr);
    let (stdout, _, _) = run_in(clone.path(), TODAY, &["blame", "initiative/onboarding"]);
    assert!(stdout.contains("(before)"), "{stdout}");
}
