//! `cto-plan check`: one failing fixture per rule, the passing fixture, and
//! the shape of each output format, split by concern. The imports below are
//! shared by the modules (each takes them with `use super::*`).

use std::path::Path;

use cto_plan::diagnostic::Severity;
use cto_plan::validate::rules;

use crate::common::{
    self, GitPlan, MINIMAL_COUNT, check_json, codes, plan, run, with_code, write, write_bytes,
};

mod boundaries;
mod clean;
mod closed_periods;
mod formats;
mod paths;
mod rule_docs;
mod rule_fixtures;
mod sarif;
mod suggestions;
