//! The integration tests of the `cto-plan` binary, in one test binary.
//!
//! Every test builds its plan in a temporary folder, runs the binary with a
//! cleared environment and a fixed `CTO_PLAN_TODAY`, and builds git
//! repositories with git2.

mod common;

mod check;
mod ci;
mod demo;
mod diff;
mod files;
mod git;
mod history;
mod init;
mod list_show;
mod review;

mod cli_docs;
mod edit;
mod layers;
