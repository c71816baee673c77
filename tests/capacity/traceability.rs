//! Traceability: `capacity` lists the key results no initiative serves and
//! the active work that serves no objective; `check` warns only when
//! `[capacity] traceability` is on.

use super::{SETTINGS, TODAY, capacity_json, fixture};
use crate::common::{check_json, ok_in, write};

fn with_objectives(dir: &std::path::Path) {
    write(
        dir,
        "objectives/speed.toml",
        "title = \"Speed\"\nquarter = \"2027-Q2\"\nstatus = \"committed\"\n\n\
         [key_result.p95]\nmetric = \"p95 latency\"\ntarget = 200\n",
    );
    write(
        dir,
        "objectives/growth.toml",
        "title = \"Growth\"\nquarter = \"2027-Q2\"\n\n[key_result.signups]\nmetric = \"Signups\"\ntarget = 10\n",
    );
    // Alpha serves growth; nothing serves speed; Beta (active) serves nothing.
    write(
        dir,
        "roadmap/alpha.toml",
        "title = \"Alpha\"\nstatus = \"planned\"\nteam = \"core\"\nquarter = \"2027-Q2\"\n\
         objectives = [\"growth\"]\nestimate = { engineers = 2, weeks = 6 }\n",
    );
}

#[test]
fn capacity_lists_unserved_key_results_and_untraced_work_in_every_format() {
    let dir = fixture();
    with_objectives(dir.path());
    let report = capacity_json(dir.path(), &["--quarter", "2027-Q2"]);
    let t = &report["traceability"];
    assert_eq!(
        t["unserved_key_results"].as_array().unwrap().len(),
        1,
        "{t}"
    );
    assert_eq!(t["unserved_key_results"][0]["objective"], "objective/speed");
    assert_eq!(t["unserved_key_results"][0]["key"], "p95");
    let untraced: Vec<&str> = t["untraced_initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["record"].as_str().unwrap())
        .collect();
    assert_eq!(untraced, ["initiative/beta"]);
    let text = ok_in(dir.path(), TODAY, &["capacity", "--quarter", "2027-Q2"]);
    assert!(
        text.contains(
            "Key results no initiative serves:\n  objective/speed: p95 (p95 latency) (2027-Q2)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Active work that serves no objective:\n  initiative/beta (Beta), team data"),
        "{text}"
    );
    let md = ok_in(
        dir.path(),
        TODAY,
        &["capacity", "--quarter", "2027-Q2", "--format", "markdown"],
    );
    assert!(
        md.contains("- Speed (objective/speed, 2027-Q2): p95 (p95 latency)"),
        "{md}"
    );
    assert!(md.contains("- Beta (initiative/beta)"), "{md}");
    // Another quarter's objective is not listed.
    let report = capacity_json(dir.path(), &["--quarter", "2027-Q4"]);
    assert!(
        report["traceability"]["unserved_key_results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn check_warns_about_traceability_only_when_the_setting_is_on() {
    let dir = fixture();
    with_objectives(dir.path());
    let (findings, _) = check_json(dir.path(), &[]);
    assert!(
        findings
            .iter()
            .all(|f| f["code"] != "untraced-initiative" && f["code"] != "unserved-key-result"),
        "{findings:#?}"
    );
    write(
        dir.path(),
        "cto-plan.toml",
        &format!("{SETTINGS}traceability = true\n"),
    );
    let (findings, _) = check_json(dir.path(), &[]);
    let located: Vec<(&str, &str, u64)> = findings
        .iter()
        .filter(|f| f["code"] == "untraced-initiative" || f["code"] == "unserved-key-result")
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            ("unserved-key-result", "objectives/speed.toml", 5),
            ("untraced-initiative", "roadmap/beta.toml", 2)
        ],
        "{findings:#?}"
    );
}
