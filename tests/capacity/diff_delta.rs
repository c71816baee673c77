//! `cto-plan diff` shows what a change does to capacity: the team loads it
//! moves by more than `[capacity] diff_load_points` and the key-person
//! risks it adds, in every format, on a scripted pull request.
//!
//! The figures, with the settings of [`super::SETTINGS`] (focus 0.5, one
//! week of leave): in 2027-Q2 (13 weeks) each of the data team's two people
//! gives (13 − 1) × 0.5 = 6 engineer-weeks, so the team supplies 12. The
//! existing work needs 1 × 6 = 6 (50%); the pull request adds 2 × 6 = 12
//! more (18 of 12: 150%).

use crate::common::markdown::assert_diff_inert;
use crate::common::{GitPlan, json_in, ok_in};

use super::{SETTINGS, TODAY};

fn plan() -> GitPlan {
    let git = GitPlan::with(&[
        ("team/teams/data.toml", "name = \"Data\"\n"),
        (
            "team/people/alice.toml",
            "name = \"Alice\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"Kafka\", \"SQL\"]\n",
        ),
        (
            "team/people/bob.toml",
            "name = \"Bob\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"SQL\"]\n",
        ),
        (
            "roadmap/lake.toml",
            "title = \"Lake\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
             estimate = { engineers = 1, weeks = 6 }\nskills = [\"SQL\"]\n",
        ),
        (
            "decisions/use-sql.toml",
            "title = \"Use SQL\"\nstatus = \"proposed\"\nproposed = 2027-01-05\ncontext = \"Why.\"\n",
        ),
    ]);
    git.write("cto-plan.toml", SETTINGS);
    git.commit("Capacity settings");
    git
}

/// The pull request: new work for the data team that only Alice can do.
fn add_streaming(git: &GitPlan) {
    git.write(
        "roadmap/streaming.toml",
        "title = \"Streaming\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 2, weeks = 6 }\nskills = [\"Kafka\"]\n",
    );
    git.commit("Plan streaming for 2027-Q2");
}

#[test]
fn a_change_that_overloads_a_team_shows_its_load_before_and_after() {
    let git = plan();
    add_streaming(&git);
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    let capacity = &diff["capacity"];
    assert_eq!(capacity["threshold_points"], 5.0);
    let loads = capacity["loads"].as_array().unwrap();
    // The team only: it is the whole organisation, which is not said twice;
    // 2027-Q1 does not move.
    assert_eq!(loads.len(), 1, "{loads:#?}");
    let data = &loads[0];
    assert_eq!(data["quarter"], "2027-Q2");
    assert_eq!(data["team"], "team/data");
    assert_eq!(data["name"], "Data");
    assert_eq!(data["before"]["supply"], 12.0);
    assert_eq!(data["before"]["demand"], 6.0);
    assert_eq!(data["before"]["load"], 0.5);
    assert_eq!(data["after"]["demand"], 18.0);
    assert_eq!(data["after"]["load"], 1.5);
    // Kafka is needed now, and only Alice has it.
    assert_eq!(
        capacity["key_person"],
        serde_json::json!([{
            "quarter": "2027-Q2",
            "skill": "Kafka",
            "person": "person/alice",
            "person_name": "Alice",
            "needed_by": ["initiative/streaming"],
        }])
    );

    let text = ok_in(git.path(), TODAY, &["diff", "HEAD~1", "HEAD"]);
    assert!(
        text.contains(
            "team/data 2027-Q2: 50% → 150% of capacity (demand 6 → 18, supply 12 engineer-weeks), over capacity"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "new key-person risk 2027-Q2: only Alice has Kafka, needed by initiative/streaming"
        ),
        "{text}"
    );

    let md = ok_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "markdown"],
    );
    assert!(
        md.contains("| team/data | 2027-Q2 | 50% → 150% **over** | 6 → 18 | 12 → 12 |"),
        "{md}"
    );
    assert!(md.contains("**New key-person risks**"), "{md}");
    assert_diff_inert(&md);

    let without = json_in(
        git.path(),
        TODAY,
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "--format",
            "json",
            "--no-capacity",
        ],
    );
    assert!(without.get("capacity").is_none(), "{without:#}");
    assert_eq!(without["changes"], diff["changes"]);
}

#[test]
fn a_hire_on_a_branch_is_a_what_if_that_brings_the_load_down() {
    let git = plan();
    add_streaming(&git);
    // A third engineer from the quarter's first day, ramping up for four
    // weeks at half output: (4 × 0.5 + 9 − 1) × 0.5 = 5 engineer-weeks.
    git.write(
        "team/hiring/streaming-engineer.toml",
        "title = \"Streaming Engineer\"\nteam = \"data\"\nstatus = \"open\"\nopened = 2027-02-01\n\
         expected_start = 2027-04-01\n",
    );
    git.commit("Hire for streaming");
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    let data = &diff["capacity"]["loads"][0];
    assert_eq!(data["team"], "team/data");
    assert_eq!(data["before"]["supply"], 12.0);
    assert_eq!(data["after"]["supply"], 17.0);
    assert_eq!(data["after"]["demand"], 18.0);
}

#[test]
fn a_change_capacity_does_not_read_has_no_capacity_section() {
    let git = plan();
    git.edit(
        "decisions/use-sql.toml",
        &[("context", Some("\"Because.\""))],
    );
    git.commit("Reword a decision");
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert!(diff.get("capacity").is_none(), "{diff:#}");
    let text = ok_in(git.path(), TODAY, &["diff", "HEAD~1", "HEAD"]);
    assert!(!text.contains("Capacity"), "{text}");
}

#[test]
fn small_moves_stay_below_the_threshold_and_the_threshold_is_a_setting() {
    let git = plan();
    // Half a week more: 6 → 6.5 of 12 moves the load by 4 points.
    git.edit(
        "roadmap/lake.toml",
        &[("estimate", Some("{ engineers = 1, weeks = 6.5 }"))],
    );
    git.commit("Lake needs a little more");
    let diff = json_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert!(diff.get("capacity").is_none(), "{diff:#}");
    git.write(
        "cto-plan.toml",
        &format!("{SETTINGS}diff_load_points = 1\n"),
    );
    let diff = json_in(git.path(), TODAY, &["diff", "HEAD~1", "--format", "json"]);
    let loads = diff["capacity"]["loads"].as_array().unwrap();
    assert_eq!(loads[0]["team"], "team/data", "{loads:#?}");
}

#[test]
fn the_working_tree_against_a_commit_shows_the_delta_too() {
    let git = plan();
    git.write(
        "roadmap/streaming.toml",
        "title = \"Streaming\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 2, weeks = 6 }\n",
    );
    let text = ok_in(git.path(), TODAY, &["diff", "HEAD"]);
    assert!(text.contains("team/data 2027-Q2: 50% → 150%"), "{text}");
}

/// `diff HEAD~1 HEAD --format json` with the cache in `cache`.
fn cached_diff(git: &GitPlan, cache: &std::path::Path) -> (String, std::process::ExitStatus) {
    let output = crate::common::command_at(git.path(), TODAY)
        .env("CTO_PLAN_CACHE_DIR", cache)
        .args(["diff", "HEAD~1", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    (String::from_utf8(output.stdout).unwrap(), output.status)
}

fn entries(cache: &std::path::Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(cache.join("capacity")) {
        Ok(read) => read.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn a_commits_figures_are_cached_outside_the_repository_and_never_trusted_blindly() {
    let git = plan();
    add_streaming(&git);
    let uncached = ok_in(
        git.path(),
        TODAY,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    let cache = tempfile::TempDir::new().unwrap();
    let (first, status) = cached_diff(&git, cache.path());
    assert!(status.success());
    assert_eq!(first, uncached);
    // One entry per side, and nothing written inside the repository.
    let written = entries(cache.path());
    assert_eq!(written.len(), 2, "{written:?}");
    let git_dir: Vec<_> = walk(&git.path().join(".git"))
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("cto-plan"))
        .collect();
    assert!(git_dir.is_empty(), "{git_dir:?}");
    // A second run reads them and says the same.
    let (second, _) = cached_diff(&git, cache.path());
    assert_eq!(second, uncached);
    // A corrupt entry, a truncated one: misses, recomputed and rewritten.
    // The first: its figures changed behind its checksum (still valid JSON).
    let text = std::fs::read_to_string(&written[0]).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let forged = body.replace("12.0", "99.0");
    assert_ne!(forged, body, "{body}");
    std::fs::write(&written[0], format!("{header}\n{forged}")).unwrap();
    let body = std::fs::read(&written[1]).unwrap();
    std::fs::write(&written[1], &body[..body.len() / 2]).unwrap();
    let (third, _) = cached_diff(&git, cache.path());
    assert_eq!(third, uncached);
    for entry in &written {
        let text = std::fs::read_to_string(entry).unwrap();
        assert!(text.starts_with("cto-plan cache 2 key="), "{text}");
        assert!(text.len() > body.len() / 2, "{entry:?} was not rewritten");
    }
    // Well-formed entries swapped (each the other side's figures): their
    // headers name other keys, so neither is read, and the delta is not
    // turned around.
    let (zero, one) = (
        std::fs::read(&written[0]).unwrap(),
        std::fs::read(&written[1]).unwrap(),
    );
    std::fs::write(&written[0], &one).unwrap();
    std::fs::write(&written[1], &zero).unwrap();
    let (fourth, _) = cached_diff(&git, cache.path());
    assert_eq!(fourth, uncached);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(read) = std::fs::read_dir(dir) {
        for entry in read {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(walk(&path));
            }
            out.push(path);
        }
    }
    out
}

#[test]
fn the_cache_is_off_with_cto_plan_no_cache() {
    let git = plan();
    add_streaming(&git);
    let cache = tempfile::TempDir::new().unwrap();
    let output = crate::common::command_at(git.path(), TODAY)
        .env("CTO_PLAN_CACHE_DIR", cache.path())
        .env("CTO_PLAN_NO_CACHE", "1")
        .args(["diff", "HEAD~1", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(entries(cache.path()).is_empty());
}

/// A link in a kind's folder reads a file the folder's id does not cover:
/// a commit that changes only the file linked to has the folder ids of its
/// parent, so figures kept under those ids would answer for it wrongly.
#[cfg(unix)]
#[test]
fn a_side_whose_folders_hold_links_is_computed_not_kept() {
    let git = plan();
    let draft = |engineers: u32| {
        format!(
            "title = \"Streaming\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
             estimate = {{ engineers = {engineers}, weeks = 6 }}\n"
        )
    };
    git.write("drafts/streaming.toml", &draft(2));
    std::os::unix::fs::symlink(
        "../drafts/streaming.toml",
        git.path().join("roadmap/streaming.toml"),
    )
    .unwrap();
    git.commit("Streaming, drafted elsewhere");
    git.write(
        "roadmap/lake.toml",
        "title = \"Lake\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
         estimate = { engineers = 1, weeks = 3 }\n",
    );
    git.commit("Lake is smaller");
    git.write("drafts/streaming.toml", &draft(4));
    git.commit("Streaming needs twice the people");
    let diff = |range: [&str; 2], cache: Option<&std::path::Path>| {
        let mut command = crate::common::command_at(git.path(), TODAY);
        if let Some(cache) = cache {
            command.env("CTO_PLAN_CACHE_DIR", cache);
        }
        let output = command
            .args(["diff", range[0], range[1], "--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let cache = tempfile::TempDir::new().unwrap();
    // The middle commit's figures, had they been kept, would be found for
    // the last one.
    diff(["HEAD~3", "HEAD~1"], Some(cache.path()));
    let uncached = diff(["HEAD~3", "HEAD"], None);
    assert!(uncached.contains("team/data"), "{uncached}");
    assert_eq!(diff(["HEAD~3", "HEAD"], Some(cache.path())), uncached);
    assert_ne!(diff(["HEAD~3", "HEAD~1"], None), uncached);
}
