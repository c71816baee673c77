//! The integration tests of the `cto-plan` binary, in one test binary.
//!
//! Every test builds its plan in a temporary folder, runs the binary with a
//! cleared environment and a fixed `CTO_PLAN_TODAY`, and builds git
//! repositories with git2 through the one fixture builder,
//! [`common::GitPlan`]. One binary links the crate once, instead of once per
//! file; a command with several concerns is a directory module (`diff/`,
//! `review/`, `history/`, `check/`, `edit/`) with a file per concern.
//! Fixtures shared by several commands (the scripted quarter, record
//! builders, Markdown-inertness checks) live in `common/`.

mod common;

mod capacity;
mod check;
mod ci;
mod clients;
mod codequality;
mod demo;
mod diff;
mod export;
mod files;
mod git;
mod history;
mod import_adr;
mod import_csv;
mod init;
mod list_show;
mod radar;
mod readme;
mod review;
mod security_repo;
mod security_text;

mod cli_docs;
mod edit;
mod layers;
mod security_write;
mod site;
