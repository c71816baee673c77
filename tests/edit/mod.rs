//! Writing the plan: `new`, `set`, `unset`, the lifecycle commands and
//! `--commit`, and the rules every write follows: format-preserving, checked
//! before it lands, atomic, inside the plan, never committing unless asked.
//!
//! The modules split those by concern; the imports and helpers below are
//! shared by them (each takes them with `use super::*`).

use std::path::{Path, PathBuf};

use cto_plan::edit::{Assignment, Session, Target};
use cto_plan::model::{Kind, Span, Table, Value};
use cto_plan::store::load::load_files;
use cto_plan::store::{Content, Layout, RawFile};
use jiff::civil::date;
use proptest::prelude::*;

use crate::common::{self, GitPlan, TODAY, command, plan, run, snapshot_tree, write};

mod atomic;
mod batch_write;
mod checked;
mod commit;
mod lifecycle;
mod new;
mod set;
mod set_then_show;
mod verbs;

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// Runs a command that must succeed; returns stdout.
fn ok(dir: &Path, args: &[&str]) -> String {
    let (stdout, stderr, code) = run(dir, args);
    assert_eq!(code, 0, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    stdout
}

/// The `show --format json` fields of a record.
fn fields(dir: &Path, reference: &str) -> serde_json::Value {
    let stdout = ok(dir, &["show", reference, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["fields"].clone()
}

/// An initiative with a comment on nearly every line, in every layout.
const COMMENTED: &str = r#"# Search, rebuilt from scratch.
title = 'Search v2' # working title
status = "active"   # aligned comment
summary = """
Replace the old index.\
"""
owner = "alice"
team = "core"

# When.
quarter = "2099-Q4" # the target
estimate = { engineers = 3, weeks = 6 } # rough
tags = [ "search", "infra" ] # labels
links = [
    # The design.
    "https://a.example",
]

# Milestones follow.
[milestone.beta]
title = "Beta"  # first
done = false # not yet
"#;

fn commented_plan() -> tempfile::TempDir {
    let dir = plan();
    write(dir.path(), "roadmap/search-v2.toml", COMMENTED);
    dir
}

/// Runs a command that must be refused with exit 1 and leave every file as
/// it was; returns stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = snapshot_tree(dir);
    let (stdout, stderr, code) = run(dir, args);
    assert_eq!(code, 1, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(snapshot_tree(dir), before, "{args:?} wrote something");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    stderr
}
