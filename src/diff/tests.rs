//! Unit tests of the record and field diff.

use super::*;
use crate::store::load::load_files;
use crate::store::{Content, RawFile};

fn plan(files: &[(&str, &str)]) -> Plan {
    let raw = files
        .iter()
        .map(|(path, text)| RawFile {
            path: (*path).into(),
            content: Content::Bytes(text.as_bytes().to_vec()),
            blob: None,
        })
        .collect();
    load_files(raw).plan
}

fn paths(change: &RecordChange) -> Vec<&str> {
    change.fields.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn identical_plans_have_no_changes() {
    let a = plan(&[(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"planned\"\nquarter = \"2026-Q3\"\ntags = [\"x\", \"y\"]\n",
    )]);
    let b = plan(&[(
        "roadmap/a.toml",
        "# reordered\ntags = [\"y\", \"x\"]\nquarter = \"2026-Q3\"\nstatus = \"planned\"\ntitle = \"A\"\n",
    )]);
    assert!(diff_plans(&a, &b).is_empty());
}

#[test]
fn slips_status_and_hand_offs_have_meaning() {
    let a = plan(&[(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"shipped\"\nshipped = 2026-05-01\nquarter = \"2026-Q3\"\nowner = \"alice\"\n",
    )]);
    let b = plan(&[(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"active\"\nquarter = \"2027-Q1\"\nowner = \"person/bob\"\n",
    )]);
    let changes = diff_plans(&a, &b);
    assert_eq!(changes.len(), 1);
    let change = &changes[0];
    assert_eq!(paths(change), ["status", "quarter", "owner", "shipped"]);
    let meanings: Vec<String> = change
        .fields
        .iter()
        .filter_map(|f| f.meaning.as_ref())
        .map(|m| m.describe("USD"))
        .collect();
    assert_eq!(
        meanings,
        [
            "shipped → active ⚠ regression",
            "slipped 2 quarters (2026-Q3 → 2027-Q1)",
            "owner alice → bob"
        ]
    );
}

#[test]
fn keyed_tables_match_by_key() {
    let a = plan(&[(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"proposed\"\n[milestone.beta]\ntitle = \"Beta\"\n[milestone.ga]\ntitle = \"GA\"\n",
    )]);
    let b = plan(&[(
        "roadmap/a.toml",
        "title = \"A\"\nstatus = \"proposed\"\n[milestone.ga]\ntitle = \"GA\"\ndone = true\n[milestone.rc]\ntitle = \"RC\"\n",
    )]);
    let changes = diff_plans(&a, &b);
    assert_eq!(
        paths(&changes[0]),
        ["milestone.ga.done", "milestone.rc", "milestone.beta"]
    );
}

#[test]
fn renamed_records_are_not_added_and_removed() {
    let text = "name = \"Core\"\nheadcount_target = 4\n";
    let a = plan(&[("team/teams/core.toml", text)]);
    let b = plan(&[("team/teams/platform-core.toml", text)]);
    let changes = diff_plans(&a, &b);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].action, Action::Renamed);
    assert_eq!(changes[0].renamed_from.as_deref(), Some("core"));
}

#[test]
fn budget_lines_sum_up() {
    let a = plan(&[(
        "budget/2026-Q3.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 100000\nactual = 20000\n",
    )]);
    let b = plan(&[(
        "budget/2026-Q3.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 140000\nactual = 20000\n[line.training]\ncategory = \"training\"\nplanned = 5000\n",
    )]);
    let diff = PlanDiff {
        currency: "USD".into(),
        changes: diff_plans(&a, &b),
        ..PlanDiff::default()
    };
    let summary = diff.summary();
    assert_eq!(summary.budget_planned, 45000.0);
    assert_eq!(summary.budget_by_category["infrastructure"], (40000.0, 0.0));
    assert_eq!(summary.line("USD"), "1 changed · budget +45,000 USD");
}
