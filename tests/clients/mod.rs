//! The command line against the real clients that read what it writes:
//! bash, zsh and fish completion ([`completions`]), an 80-column terminal
//! ([`help`]), `man` ([`man`]), taplo ([`taplo`]) and git's identity
//! variables ([`identity`]).
//!
//! A test whose client is not installed says so on stderr and passes;
//! `.ci/run` installs them where it can.

mod completions;
mod help;
mod identity;
mod man;
mod taplo;

use std::path::Path;
use std::process::{Command, Output};

/// Whether `program` runs here; when it does not, says which test skips.
pub fn installed(program: &str, test: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipping {test}: `{program}` is not installed (.ci/run installs it)");
    }
    found
}

/// Runs a client in `dir`; fails the test when it cannot start.
pub fn client(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} did not start: {e}"))
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
