//! `cto-plan skills`: holders, bus factor and leavers per skill in a
//! quarter, the key-person risks of its work, and the risk commands
//! `--suggest-risks` prints (hostile names quoted for the shell).

use tempfile::TempDir;

use super::TODAY;
use crate::common::{json_in, ok_in, run_at, write};

fn plan() -> TempDir {
    let dir = TempDir::new().unwrap();
    let files: &[(&str, &str)] = &[
        ("cto-plan.toml", "[plan]\nname = \"Acme\"\n"),
        ("team/teams/data.toml", "name = \"Data\"\n"),
        (
            "team/people/elena.toml",
            "name = \"Elena\"\nrole = \"Engineer\"\nteam = \"data\"\n\
             skills = [\"ClickHouse\", \"Kafka\"]\nleft = 2027-05-31\n",
        ),
        (
            "team/people/hugo.toml",
            "name = \"Hugo\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"clickhouse \"]\n",
        ),
        // Gone before the quarter: holds nothing in it.
        (
            "team/people/old.toml",
            "name = \"Old\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"Rust\"]\n\
             left = 2026-12-31\n",
        ),
        (
            "roadmap/stream.toml",
            "title = \"Streaming\"\nstatus = \"planned\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
             skills = [\"Kafka\", \"Rust\", \"ClickHouse\"]\n",
        ),
        // Shipped work needs nobody any more.
        (
            "roadmap/done.toml",
            "title = \"Done\"\nstatus = \"shipped\"\nteam = \"data\"\nquarter = \"2027-Q2\"\n\
             shipped = 2027-03-01\nskills = [\"Fortran\"]\n",
        ),
    ];
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

#[test]
fn skills_count_the_people_there_and_name_who_is_leaving() {
    let dir = plan();
    let report = json_in(
        dir.path(),
        TODAY,
        &["skills", "--quarter", "2027-Q2", "--format", "json"],
    );
    let skill = |name: &str| {
        report["skills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["skill"] == name)
            .unwrap_or_else(|| panic!("no {name} in {report:#}"))
            .clone()
    };
    // `clickhouse ` and `ClickHouse` are one skill.
    assert_eq!(skill("ClickHouse")["bus_factor"], 2);
    assert_eq!(skill("ClickHouse")["leaving"][0]["record"], "person/elena");
    assert_eq!(skill("Kafka")["bus_factor"], 1);
    assert_eq!(skill("Rust")["bus_factor"], 0);
    assert_eq!(skill("Rust")["needed_by"][0], "initiative/stream");
    assert!(
        report["skills"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["skill"] != "Fortran"),
        "{report:#}"
    );
    let risks: Vec<(&str, Option<&str>)> = report["key_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["skill"].as_str().unwrap(), k["person"]["record"].as_str()))
        .collect();
    assert_eq!(risks, [("Kafka", Some("person/elena")), ("Rust", None)]);
}

#[test]
fn text_lists_each_skill_and_the_key_person_risks() {
    let dir = plan();
    let text = ok_in(dir.path(), TODAY, &["skills", "--quarter", "2027-Q2"]);
    insta::assert_snapshot!(text, @r"
    Skills in 2027-Q2 (2027-04-01 to 2027-06-30)

      SKILL       BUS FACTOR  WHO
      ClickHouse           2  Elena, Hugo; leaving: Elena (2027-05-31); needed by initiative/stream
      Kafka                1  Elena; leaving: Elena (2027-05-31); needed by initiative/stream
      Rust                 0  nobody; needed by initiative/stream

    Key-person risks (needed this quarter, held by one person or nobody):
      Kafka: only Elena (person/elena); needed by initiative/stream
      Rust: nobody; needed by initiative/stream
    ");
}

#[test]
fn suggested_risks_are_commands_that_create_valid_records() {
    let dir = plan();
    write(
        dir.path(),
        "team/people/elena.toml",
        "name = \"Elena'; rm -rf ~; echo '\"\nrole = \"Engineer\"\nteam = \"data\"\n\
         skills = [\"Kafka\"]\n",
    );
    let commands = ok_in(
        dir.path(),
        TODAY,
        &["skills", "--quarter", "2027-Q2", "--suggest-risks"],
    );
    let lines: Vec<&str> = commands.lines().collect();
    // Hugo alone has ClickHouse now, Elena alone Kafka, nobody Rust.
    assert_eq!(lines.len(), 3, "{commands}");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "cto-plan new risk --title 'Only Elena'\\''; rm -rf ~; echo '\\'' knows Kafka'"
        )),
        "{commands}"
    );
    // Run each through a shell, as a user pasting it would: the binary
    // under test stands in for `cto-plan`, and the records it writes check.
    let bin = env!("CARGO_BIN_EXE_cto-plan");
    for line in lines {
        let script = line.replacen("cto-plan", &format!("'{bin}'"), 1);
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(dir.path())
            .env("CTO_PLAN_TODAY", TODAY)
            .output()
            .unwrap();
        assert!(output.status.success(), "{script}: {output:?}");
    }
    let (stdout, _, code) = run_at(dir.path(), TODAY, &["check"]);
    assert!(code <= 1, "{stdout}");
    let risks = ok_in(dir.path(), TODAY, &["list", "risk"]);
    assert!(
        risks.contains("Only Elena'; rm -rf ~; echo ' knows Kafka"),
        "{risks}"
    );
    assert!(risks.contains("Nobody has Rust"), "{risks}");
}

/// A person who moved team has two records of one name: one holder of each
/// skill, and not leaving, since the second record goes on.
#[test]
fn a_person_with_two_records_is_one_holder() {
    let dir = plan();
    write(
        dir.path(),
        "team/people/hugo.toml",
        "name = \"Hugo\"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"Rust\"]\n\
         left = 2027-04-30\n",
    );
    write(
        dir.path(),
        "team/people/hugo-core.toml",
        "name = \" hugo \"\nrole = \"Engineer\"\nteam = \"data\"\nskills = [\"rust\"]\n\
         joined = 2027-05-01\n",
    );
    let report = json_in(
        dir.path(),
        TODAY,
        &["skills", "--quarter", "2027-Q2", "--format", "json"],
    );
    let rust = report["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == "Rust")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(rust["bus_factor"], 1, "{rust}");
    assert_eq!(rust["people"][0]["record"], "person/hugo-core", "{rust}");
    assert_eq!(rust["leaving"].as_array().unwrap().len(), 0, "{rust}");
    let risks = report["key_person"].as_array().unwrap();
    assert!(risks.iter().any(|r| r["skill"] == "Rust"), "{report}");
}
