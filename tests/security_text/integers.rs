//! Integers are shown exactly, whatever their size: never through `f64`,
//! which rounds beyond 2^53 (`9223372036854775807` read as
//! `9223372036854775808`, `9007199254740993` as `9007199254740992`).

use crate::common::{GitPlan, run_at};

const MIN: &str = "-9223372036854775808";
const MAX: &str = "9223372036854775807";
/// 2^53 + 1: the first integer an `f64` cannot hold.
const ODD: &str = "9007199254740993";

/// `MIN` and `MAX` with thousands separators, as the diff writes numbers.
const MIN_GROUPED: &str = "-9,223,372,036,854,775,808";
const MAX_GROUPED: &str = "9,223,372,036,854,775,807";

const TODAY: &str = "2026-12-20";

fn extremes() -> GitPlan {
    let repo = GitPlan::with(&[(
        "budget/2026-Q4.toml",
        "[line.cloud]\ncategory = \"infrastructure\"\nplanned = 1\n",
    )]);
    repo.write(
        "objectives/extremes.toml",
        &format!(
            "title = \"Extremes\"\nquarter = \"2026-Q4\"\nstatus = \"committed\"\n\n[key_result.k]\nmetric = \"m\"\nbaseline = {MIN}\ntarget = {MAX}\ncurrent = {ODD}\n"
        ),
    );
    repo.write(
        "budget/2026-Q4.toml",
        &format!("[line.cloud]\ncategory = \"infrastructure\"\nplanned = {MIN}\nactual = {MAX}\n"),
    );
    repo
}

fn out(repo: &GitPlan, args: &[&str]) -> String {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    let (stdout, stderr, code) = run_at(repo.path(), TODAY, &all);
    assert!(code <= 1, "{all:?} exited {code}: {stderr}");
    stdout
}

#[test]
fn integer_extremes_are_exact_in_show_diff_check_and_json() {
    let repo = extremes();
    let show = out(&repo, &["show", "extremes"]);
    for n in [MIN, MAX, ODD] {
        assert!(show.contains(n), "{n} in:\n{show}");
    }
    let diff = out(&repo, &["diff"]);
    for n in [MIN_GROUPED, MAX_GROUPED, "9,007,199,254,740,993"] {
        assert!(diff.contains(n), "{n} in:\n{diff}");
    }
    assert!(
        diff.contains(&format!("actual = {MAX_GROUPED} USD")),
        "{diff}"
    );
    let md = out(&repo, &["diff", "--format", "markdown"]);
    for n in [MIN_GROUPED, MAX_GROUPED, "9,007,199,254,740,993"] {
        assert!(md.contains(n), "{n} in:\n{md}");
    }
    // A value out of range is named as written.
    let check = out(&repo, &["check"]);
    assert!(
        check.contains(&format!("must be at least 0, found {MIN}")),
        "{check}"
    );
    assert_json_exact(&repo);
}

/// The JSON formats keep the integers as numbers, exactly.
fn assert_json_exact(repo: &GitPlan) {
    for args in [
        &["show", "extremes", "--format", "json"][..],
        &["diff", "--format", "json"],
    ] {
        let json = out(repo, args);
        for n in [MIN, MAX, ODD] {
            assert!(json.contains(n), "{args:?}: {n} in:\n{json}");
        }
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        let text = parsed.to_string();
        assert!(text.contains(MAX) && text.contains(MIN), "{text}");
    }
}

#[test]
fn review_templates_write_integers_exactly() {
    let repo = extremes();
    repo.commit("Extremes");
    let templates = tempfile::TempDir::new().unwrap();
    for name in ["mine.md.j2", "mine.txt.j2"] {
        let path = templates.path().join(name);
        std::fs::write(
            &path,
            format!("{{{{ {ODD} }}}} {{{{ {ODD} | money }}}} {{{{ {ODD} | signed }}}} {{{{ -{ODD} | signed }}}}\n"),
        )
        .unwrap();
        let review = out(
            &repo,
            &[
                "review",
                "--quarter",
                "2026-Q4",
                "--template",
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(
            review,
            "9007199254740993 9,007,199,254,740,993 +9,007,199,254,740,993 -9,007,199,254,740,993\n",
            "{name}"
        );
    }
}

#[test]
fn key_result_readings_are_exact_in_the_review() {
    let repo = extremes();
    repo.commit("Extremes");
    let json = out(
        &repo,
        &["review", "--quarter", "2026-Q4", "--format", "json"],
    );
    let review: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kr = &review["objectives"][0]["key_results"][0];
    assert_eq!(kr["baseline"].to_string(), MIN);
    assert_eq!(kr["target"].to_string(), MAX);
    assert_eq!(kr["current"].to_string(), ODD);
    let markdown = out(&repo, &["review", "--quarter", "2026-Q4"]);
    assert!(
        markdown.contains("9,007,199,254,740,993, target 9,223,372,036,854,775,807"),
        "{markdown}"
    );
}
