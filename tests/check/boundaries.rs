//! Boundaries and known bugs: the last day of a person who left, review and
//! quarter boundaries, out-of-range integers, SARIF URIs, empty tags.

use super::rule_fixtures::fixture;
use super::*;

#[test]
fn owner_left_fires_once_the_last_day_is_past() {
    let dir = plan();
    (fixture("owner-left").setup)(dir.path()); // carol's last day: 2026-06-30
    let (_, _, code) = common::run_at(dir.path(), "2026-06-29", &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "before the last day nobody has left");
    let (stdout, _, code) = common::run_at(dir.path(), "2026-07-01", &["check", "--deny-warnings"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("warning[owner-left]: owner person/carol left on 2026-06-30"),
        "{stdout}"
    );
}

/// `left` is documented as "Last day; once past, they count as gone", so on
/// the last day itself the owner is still here.
#[test]
fn owner_left_does_not_fire_on_the_last_day() {
    let dir = plan();
    (fixture("owner-left").setup)(dir.path()); // carol's last day: 2026-06-30
    let (stdout, _, code) = common::run_at(dir.path(), "2026-06-30", &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "still here on the last day:\n{stdout}");
}

#[test]
fn review_and_quarter_boundaries() {
    let dir = plan();
    (fixture("review-overdue").setup)(dir.path()); // review_by = 2026-06-01
    (fixture("overdue-initiative").setup)(dir.path()); // quarter = 2026-Q2
    let (findings, _) = {
        let (stdout, _, code) =
            common::run_at(dir.path(), "2026-06-01", &["check", "--format", "json"]);
        (
            serde_json::from_str::<Vec<serde_json::Value>>(&stdout).unwrap(),
            code,
        )
    };
    assert!(
        findings.is_empty(),
        "due today is not overdue: {findings:#?}"
    );
    let (stdout, _, _) = common::run_at(dir.path(), "2026-06-30", &["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        codes(&findings),
        ["review-overdue"],
        "the quarter's last day is not past"
    );
    let (stdout, _, _) = common::run_at(dir.path(), "2026-07-01", &["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(codes(&findings), ["review-overdue", "overdue-initiative"]);
}

#[test]

fn out_of_range_integers_are_reported_as_written() {
    let dir = plan();
    write(
        dir.path(),
        "risks/r.toml",
        "title = \"R\"\nlikelihood = 0x10\nimpact = 0b111\nstatus = \"open\"\nopened = 2026-01-01\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let messages: Vec<&str> = findings
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`likelihood` must be from 1 to 5, found 0x10",
            "`impact` must be from 1 to 5, found 0b111"
        ]
    );
}

/// SARIF's `artifactLocation.uri` must be a URI reference (SARIF 2.1.0
/// §3.4.3 and RFC 3986): a space in a file name must be percent-encoded.
#[test]

fn sarif_uris_are_percent_encoded() {
    let dir = plan();
    (fixture("bad-id").setup)(dir.path()); // roadmap/Search V3.toml
    let (stdout, _, _) = run(dir.path(), &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "roadmap/Search%20V3.toml");
}

#[test]
fn empty_tags_are_invalid() {
    let dir = plan();
    write(
        dir.path(),
        "roadmap/tagged.toml",
        "title = \"T\"\nstatus = \"proposed\"\ntags = [\"ok\", \"\"]\n",
    );
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&findings), ["invalid-value"]);
    assert_eq!(findings[0]["column"], 15);
}
