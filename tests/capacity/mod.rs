//! `cto-plan capacity`: supply, demand and load per team and quarter, on
//! hand-computed fixtures (formulas), in every format (output), and its
//! bad input (arguments and fields), and its delta in `diff`.

mod bad_input;
mod diff_delta;
mod formulas;
mod output;
mod properties;
mod review;
mod skills;
mod traceability;

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::common::{json_in, write};

/// The day the fixtures are read on: 2027-Q2 is next quarter.
pub const TODAY: &str = "2027-03-10";

/// Round settings so the hand computations stay readable: a quarter of 13
/// weeks (2027-Q2 has 91 days) less 1 week of leave leaves 12.
pub const SETTINGS: &str = "[plan]\nname = \"Acme\"\ncurrency = \"USD\"\n\n\
    [capacity]\nfocus = 0.5\nleave_weeks = 1\nramp_up_weeks = 4\nramp_up_output = 0.5\n";

/// The fixture plan; every figure of 2027-Q2 is worked out in formulas.rs.
pub fn fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    let files: &[(&str, &str)] = &[
        ("cto-plan.toml", SETTINGS),
        ("team/teams/eng.toml", "name = \"Engineering\"\n"),
        (
            "team/teams/core.toml",
            "name = \"Core\"\nparent = \"eng\"\nfocus = 0.8\n",
        ),
        (
            "team/teams/data.toml",
            "name = \"Data\"\nparent = \"eng\"\n",
        ),
        ("team/teams/empty.toml", "name = \"Empty\"\n"),
        (
            "team/people/alice.toml",
            "name = \"Alice\"\nrole = \"Lead\"\nteam = \"core\"\njoined = 2020-01-01\n",
        ),
        (
            "team/people/bob.toml",
            "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"core\"\nallocation = 0.5\n",
        ),
        (
            "team/people/carol.toml",
            "name = \"Carol\"\nrole = \"Engineer\"\nteam = \"data\"\njoined = 2027-05-27\n",
        ),
        (
            "team/people/dave.toml",
            "name = \"Dave\"\nrole = \"Engineer\"\nteam = \"data\"\nleft = 2027-04-14\n",
        ),
        (
            "team/hiring/analyst.toml",
            "title = \"Analyst\"\nteam = \"data\"\nstatus = \"open\"\nopened = 2027-01-10\n\
             expected_start = 2027-04-15\n",
        ),
        (
            "team/hiring/gone.toml",
            "title = \"Cancelled role\"\nteam = \"data\"\nstatus = \"cancelled\"\nopened = 2027-01-10\n\
             quarter = \"2027-Q2\"\n",
        ),
        (
            "roadmap/alpha.toml",
            "title = \"Alpha\"\nstatus = \"planned\"\nteam = \"core\"\nquarter = \"2027-Q2\"\n\
             estimate = { engineers = 2, weeks = 6 }\n",
        ),
        (
            "roadmap/beta.toml",
            "title = \"Beta\"\nstatus = \"active\"\nteam = \"data\"\nstart = \"2027-Q1\"\n\
             quarter = \"2027-Q3\"\nestimate = { engineers = 3, weeks = 10 }\n",
        ),
        (
            "roadmap/done.toml",
            "title = \"Done\"\nstatus = \"shipped\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
             shipped = 2027-03-01\nestimate = { engineers = 9, weeks = 9 }\n",
        ),
        (
            "roadmap/vague.toml",
            "title = \"Vague\"\nstatus = \"planned\"\nteam = \"core\"\nquarter = \"2027-Q2\"\n",
        ),
        (
            "roadmap/orphan.toml",
            "title = \"Orphan\"\nstatus = \"planned\"\nteam = \"empty\"\nquarter = \"2027-Q2\"\n\
             estimate = { engineers = 1, weeks = 4 }\n",
        ),
    ];
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

/// `capacity --format json ARGS…` on `dir`.
pub fn capacity_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["capacity", "--format", "json"];
    all.extend_from_slice(args);
    json_in(dir, TODAY, &all)
}

/// One team's row of one quarter.
pub fn team<'v>(report: &'v Value, quarter: &str, team: &str) -> &'v Value {
    report["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["quarter"] == quarter)
        .unwrap_or_else(|| panic!("no {quarter} in {report}"))["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["team"] == team)
        .unwrap_or_else(|| panic!("no team {team} in {quarter}"))
}

/// A number rounded to 4 decimals, for comparing with hand computations.
pub fn round(value: &Value) -> f64 {
    (value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
        * 1e4)
        .round()
        / 1e4
}
