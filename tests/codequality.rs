//! `check --format codequality`: a GitLab Code Quality report, the JSON
//! array GitLab reads from `artifacts:reports:codequality`. Every issue has
//! the fields GitLab requires, paths from the repository's top, and SARIF's
//! fingerprint, so an issue keeps its identity across pipelines.

use crate::common::{GitPlan, run, write};

#[test]
fn codequality_report_has_gitlabs_fields_and_sarifs_fingerprints() {
    let git = GitPlan::new("plan");
    let plan = git.plan();
    write(
        &plan,
        "roadmap/billing.toml",
        "title = \"Billing\"\nstatus = \"shiped\"\n",
    );
    write(
        &plan,
        "roadmap/search-v3.toml",
        "title = \"Search v3\"\nstatus = \"planned\"\nowner = \"nobody\"\n",
    );
    let (stdout, stderr, code) = run(&plan, &["check", "--format", "codequality"]);
    assert_eq!(code, 1, "errors fail the check: {stderr}");
    let issues: Vec<serde_json::Value> =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let (json, _, _) = run(&plan, &["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(issues.len(), findings.len());
    assert!(issues.len() >= 2, "{stdout}");
    let (sarif, _, _) = run(&plan, &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    for ((issue, finding), result) in issues.iter().zip(&findings).zip(results) {
        let mut keys: Vec<&str> = issue
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "check_name",
                "description",
                "fingerprint",
                "location",
                "severity"
            ],
            "{issue}"
        );
        assert_eq!(issue["check_name"], finding["code"]);
        assert!(
            issue["description"]
                .as_str()
                .unwrap()
                .starts_with(finding["message"].as_str().unwrap())
        );
        let severity = match finding["severity"].as_str().unwrap() {
            "error" => "major",
            _ => "minor",
        };
        assert_eq!(issue["severity"], severity);
        assert_eq!(issue["location"]["path"], finding["file"]);
        assert!(
            issue["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("plan/")
        );
        assert_eq!(issue["location"]["lines"]["begin"], finding["line"]);
        assert_eq!(
            issue["fingerprint"],
            result["partialFingerprints"]["ctoPlanFinding/v1"]
        );
    }
    let billing = issues
        .iter()
        .find(|i| i["location"]["path"] == "plan/roadmap/billing.toml")
        .unwrap();
    assert_eq!(billing["location"]["lines"]["begin"], 2);
    assert_eq!(billing["severity"], "major");

    // A clean plan is an empty report, which GitLab reads as "no issues".
    let clean = GitPlan::new("");
    let (stdout, _, code) = run(clean.root(), &["check", "--format", "codequality"]);
    assert_eq!((code, stdout.as_str()), (0, "[]\n"));
}
