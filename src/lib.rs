//! cto-plan: a Git-native, plain-text planning toolkit for engineering leaders.
//!
//! A plan is a folder of small TOML files, one record each (initiatives,
//! people, teams, open roles, decisions, risks, budgets, objectives and the
//! technologies of the radar), kept in git. Each kind is declared once, in
//! its `model/<kind>.rs` ([`model::KindSpec`]), and everything else reads
//! that declaration. This library loads a plan from the working tree or any revision
//! ([`store`]), checks it ([`validate`]) and renders the results ([`render`]).
//! It holds no command-line, terminal or progress code: that is the binary's.
//!
//! Layers, bottom to top: `diagnostic`, `text`, `error` → `model` → `parse`
//! → `store` (files, revisions and revision words) → `validate` → `diff`
//! (data only) → `history` → `radar` → `review` → `render` (and
//! `export`, beside it); `edit`,
//! `scaffold`, `demo`, `schema_json` and `schema_doc` sit above what they
//! need, and `import` above `edit`, whose sessions it fills. A module never imports from a
//! layer above it (`tests/layers.rs` checks).

pub mod capacity;
pub mod demo;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod error;
pub mod export;
pub mod history;
pub mod import;
pub mod model;
pub mod parse;
pub mod radar;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod schema_doc;
pub mod schema_json;
pub mod site;
pub mod skills;
pub mod store;
pub mod template;
pub mod text;
pub mod validate;

pub use error::{Error, Result};
