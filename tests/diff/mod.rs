//! `cto-plan diff`: the semantic diff between revisions, or a revision and
//! the working tree, in text, Markdown and JSON.
//!
//! Repositories are built with the one fixture builder
//! ([`crate::common::GitPlan`]), whose commits are a day apart with a fixed
//! signature, so commit ids (and the short ids in the output) are the same
//! on every run and the snapshots are stable. The modules split the tests by
//! concern; the helpers below run `diff` on a fixture.

use std::path::Path;

use crate::common::{self, GitPlan};

mod broken_files;
mod endpoints;
mod exit_codes;
mod fixture;
mod markdown_safety;
mod meanings_json;
mod meanings_markdown;
mod meanings_text;
mod properties;
mod readable;
mod renames;

/// Runs `diff` in a fixture repository (whose plan is at its top).
pub trait Diff {
    /// `cto-plan --color never -C DIR diff ARGS…`: stdout, stderr, exit code.
    fn diff(&self, args: &[&str]) -> (String, String, i32);
    /// [`Diff::diff`] that must succeed (exit 0 or, with `--exit-code`, 1)
    /// without a word on stderr; its stdout.
    fn out(&self, args: &[&str]) -> String;
    /// [`Diff::out`] with `--format json`, parsed.
    fn json(&self, args: &[&str]) -> serde_json::Value;
}

impl Diff for GitPlan {
    fn diff(&self, args: &[&str]) -> (String, String, i32) {
        diff_at(self.path(), args)
    }

    fn out(&self, args: &[&str]) -> String {
        let (stdout, stderr, code) = self.diff(args);
        assert!(
            code == 0 || (code == 1 && args.contains(&"--exit-code")),
            "diff {args:?} exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        assert_eq!(stderr, "", "diff {args:?}");
        stdout
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let stdout = self.out(&all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("diff --format json printed no JSON ({e}):\n{stdout}"))
    }
}

/// `cto-plan --color never -C DIR diff ARGS…` in any folder: stdout,
/// stderr, exit code.
pub fn diff_at(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = common::command(dir)
        .args(["--color", "never", "diff"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// The lines of `text` that contain `needle`, joined.
pub fn lines_with(text: &str, needle: &str) -> String {
    text.lines()
        .filter(|l| l.contains(needle))
        .collect::<Vec<_>>()
        .join("\n")
}
