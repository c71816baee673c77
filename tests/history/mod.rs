//! `cto-plan log`, `blame` and the global `--at`, on scripted histories.
//!
//! Histories are built with the one git2 fixture builder
//! ([`crate::common::GitPlan`]): every commit has an explicit author and
//! committer with a time in its own offset, so commit ids, and the short ids
//! in the output, are the same on every run. Most tests read the scripted
//! quarter ([`crate::common::quarter`]), whose facts are listed there; the
//! helpers below read it with its today.

use serde_json::Value;

use crate::common::quarter::Fixture;
use crate::common::{json_in, ok_in};

mod at;
mod blame;
mod bloom;
mod commit_graph;
mod index;
mod log;
mod shallow;

/// Today in every run of these tests (2026-Q2 is the last complete quarter).
pub use crate::common::quarter::TODAY;

/// `ARGS…` on the quarter with its today; must succeed quietly.
pub fn ok(fx: &Fixture, args: &[&str]) -> String {
    ok_in(fx.path(), TODAY, args)
}

/// [`ok`], parsed as JSON.
pub fn json_of(fx: &Fixture, args: &[&str]) -> Value {
    json_in(fx.path(), TODAY, args)
}

/// (short commit, `kind/id`, action) of every entry of `log --format json`.
pub fn log_rows(log: &Value) -> Vec<(String, String, String)> {
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
pub fn rows(fx: &Fixture, expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(c, r, a)| (fx.short(c), (*r).to_owned(), (*a).to_owned()))
        .collect()
}

/// The value of field `path` in `show --format json` output.
pub fn shown_field(fx: &Fixture, at: &str, reference: &str, path: &str) -> Value {
    let shown = json_of(fx, &["--at", at, "show", reference, "--format", "json"]);
    shown["fields"][path].clone()
}
