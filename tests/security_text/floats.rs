//! The floats that are no number (`nan`, `inf`, `-inf`), which TOML allows
//! in a `[custom]` table: the same on both sides of a diff, shown as the file
//! writes them, and kept as those words in JSON (which has no NaN). Found by
//! the `load_check_diff` fuzz target (fuzz/regressions/).

use crate::common::{GitPlan, json_in, ok_in};

const TODAY: &str = "2026-12-20";

fn repo() -> GitPlan {
    let git = GitPlan::new("");
    git.write(
        "roadmap/odd.toml",
        "title = \"Odd\"\nstatus = \"planned\"\n\n[custom]\nx = nan\nup = inf\ndown = -inf\n",
    );
    git.commit("Odd numbers");
    git
}

#[test]
fn an_unchanged_nan_is_no_change() {
    let git = repo();
    git.write(
        "roadmap/odd.toml",
        "title = \"Odd, renamed\"\nstatus = \"planned\"\n\n[custom]\nx = nan\nup = inf\ndown = -inf\n",
    );
    let diff = json_in(git.path(), TODAY, &["diff", "--format", "json"]);
    let fields: Vec<&str> = diff["changes"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title"], "{diff:#}");
}

#[test]
fn changed_non_finite_numbers_read_as_the_file_writes_them() {
    let git = repo();
    git.write(
        "roadmap/odd.toml",
        "title = \"Odd\"\nstatus = \"planned\"\n\n[custom]\nx = 1.5\nup = -inf\ndown = inf\n",
    );
    let text = ok_in(git.path(), TODAY, &["diff"]);
    assert!(text.contains("nan → 1.5"), "{text}");
    assert!(text.contains("inf → -inf"), "{text}");
    assert!(text.contains("-inf → inf"), "{text}");
    let json = json_in(git.path(), TODAY, &["diff", "--format", "json"]);
    let field = |name: &str| {
        json["changes"][0]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == name)
            .unwrap_or_else(|| panic!("no {name} in {json:#}"))
            .clone()
    };
    assert_eq!(field("custom.x")["old"], "nan");
    assert_eq!(field("custom.up")["new"], "-inf");
    let show = ok_in(git.path(), TODAY, &["show", "odd", "--rev", "HEAD"]);
    assert!(show.contains("nan"), "{show}");
}
