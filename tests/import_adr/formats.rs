//! A folder mixing adr-tools, MADR 2, 3 and 4 ADRs (fixtures/mixed), and a
//! log4brains one: every field each format carries lands in its decision,
//! and the folder's oddities are reported without stopping the import.

use std::path::Path;

use crate::common::{check_json, plan, run_in, write};

/// Copies `fixtures/NAME/*` to `dir/doc/adr/`.
pub(super) fn copy_fixture(name: &str, dir: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import_adr/fixtures")
        .join(name);
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        write(
            dir,
            &format!("doc/adr/{}", path.file_name().unwrap().to_str().unwrap()),
            &text,
        );
    }
}

fn read(dir: &Path, id: &str) -> toml::Table {
    let text = std::fs::read_to_string(dir.join(format!("decisions/{id}.toml")))
        .unwrap_or_else(|e| panic!("decisions/{id}.toml: {e}"));
    toml::from_str(&text).unwrap()
}

fn texts(value: &toml::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// The minimal plan, Bob with an e-mail to be matched by.
fn people_plan() -> tempfile::TempDir {
    let dir = plan();
    let bob = std::fs::read_to_string(dir.path().join("team/people/bob.toml")).unwrap();
    write(
        dir.path(),
        "team/people/bob.toml",
        &format!("{bob}\n[custom]\nemail = \"Bob@Acme.test\"\n"),
    );
    dir
}

#[test]
fn a_mixed_folder_imports_every_format() {
    let dir = people_plan();
    copy_fixture("mixed", dir.path());
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--write"],
    );
    assert_eq!(code, 1, "problems make it exit 1\n{out}{err}");
    assert!(
        out.contains("9 to create, 0 to update, 0 unchanged, 0 skipped"),
        "{out}"
    );
    let (findings, _) = check_json(dir.path(), &[]);
    assert!(
        findings.iter().all(|f| f["severity"] != "error"),
        "{findings:#?}"
    );

    // adr-tools: the supersede chain, read from both ends.
    let old = read(dir.path(), "2026-01-12-use-postgres");
    assert_eq!(old["status"].as_str(), Some("superseded"));
    assert_eq!(old["decided"].to_string(), "2026-01-12");
    let new = read(dir.path(), "2026-02-02-use-cockroachdb");
    assert_eq!(texts(&new["supersedes"]), ["2026-01-12-use-postgres"]);
    assert_eq!(new["status"].as_str(), Some("accepted"));
    let context = new["context"].as_str().unwrap();
    assert!(
        context.starts_with("One primary is not enough across regions."),
        "{context}"
    );
    assert!(
        context.contains(
            "Amends [1. Record architecture decisions](0001-record-architecture-decisions.md)"
        ),
        "amends kept as a line: {context}"
    );
    assert!(
        context.ends_with("Imported from doc/adr/0003-use-cockroachdb.md."),
        "{context}"
    );

    // MADR 2: bullets under the title, options, both kinds of consequences.
    let kafka = read(dir.path(), "2026-02-10-use-kafka-for-events");
    assert_eq!(kafka["status"].as_str(), Some("accepted"));
    assert_eq!(
        texts(&kafka["deciders"]),
        ["alice", "bob"],
        "by name and by e-mail"
    );
    let options = kafka["option"].as_table().unwrap();
    assert_eq!(
        options.keys().collect::<Vec<_>>(),
        ["kafka", "rabbitmq", "nats"]
    );
    assert_eq!(options["kafka"]["chosen"].as_bool(), Some(true));
    assert!(options["rabbitmq"].get("chosen").is_none());
    assert_eq!(texts(&options["kafka"]["pros"]), ["it scales"]);
    assert_eq!(texts(&options["kafka"]["cons"]), ["it is heavy to run"]);
    assert_eq!(options["nats"]["summary"].as_str(), Some("NATS"));
    let consequences = kafka["consequences"].as_str().unwrap();
    assert!(
        consequences.contains("Positive:\n\n* Replays are possible."),
        "{consequences}"
    );
    assert!(
        consequences.contains("Negative:\n\n* A cluster to run."),
        "{consequences}"
    );
    assert!(
        kafka["decision"]
            .as_str()
            .unwrap()
            .starts_with("Chosen option: \"Kafka\"")
    );
    assert!(
        kafka["context"]
            .as_str()
            .unwrap()
            .contains("Decision drivers:\n\n* throughput")
    );

    // MADR 3: front matter, consulted, informed, neutral arguments.
    let react = read(dir.path(), "2026-03-01-use-react-for-the-web-front-end");
    assert_eq!(
        texts(&react["deciders"]),
        ["alice"],
        "Zoe is reported, not invented"
    );
    assert_eq!(texts(&react["consulted"]), ["bob"]);
    assert!(
        react["context"]
            .as_str()
            .unwrap()
            .contains("Informed: the whole team.")
    );
    assert_eq!(
        react["consequences"].as_str(),
        Some("* Good, because hiring is easy\n* Bad, because the bundle is large")
    );
    let summary = react["option"]["react"]["summary"].as_str().unwrap();
    assert_eq!(summary, "React\n\nNeutral: it is only a view library");

    // MADR 4: decision-makers, and a supersede written in the status.
    let rest = read(dir.path(), "2026-03-10-rest-for-the-public-api");
    assert_eq!(rest["status"].as_str(), Some("superseded"));
    assert_eq!(texts(&rest["deciders"]), ["bob"]);
    let graphql = read(dir.path(), "2026-04-01-graphql-for-the-public-api");
    assert_eq!(
        texts(&graphql["supersedes"]),
        ["2026-03-10-rest-for-the-public-api"]
    );
    assert_eq!(texts(&graphql["consulted"]), ["alice"]);
    assert_eq!(graphql["option"]["graphql"]["chosen"].as_bool(), Some(true));

    // The oddities, each with its file (and line when there is one).
    for expected in [
        "doc/adr/0005-frontend-framework.md:4: decider 'Zoe Unknown' is no person of the plan",
        "doc/adr/0009-use-helm.md: number 8 is missing after doc/adr/0007-use-graphql.md",
        "doc/adr/0009-use-terraform.md: has number 9, as doc/adr/0009-use-helm.md has",
        "doc/adr/0009-use-terraform.md:9: links to 0042-infrastructure-as-code.md, which is no ADR of this folder",
        "doc/adr/notes.md: has no status, context, decision or options, so it is not an ADR",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert!(!err.contains("README.md"), "{err}");
    assert_eq!(err.matches("warning:").count(), 5, "{err}");
}

#[test]
fn log4brains_bullets_and_front_matter() {
    let dir = plan();
    copy_fixture("log4brains", dir.path());
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &[
            "import",
            "adr",
            "doc/adr",
            "--format",
            "log4brains",
            "--write",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !err.contains("missing"),
        "date-named files have no numbers: {err}"
    );
    let tool = read(dir.path(), "2020-09-15-use-log4brains-to-manage-the-adrs");
    assert_eq!(texts(&tool["tags"]), ["dev-tools", "doc"]);
    assert_eq!(
        tool["option"]["madr-with-log4brains"]["chosen"].as_bool(),
        Some(true)
    );
    let draft = read(dir.path(), "2020-10-01-use-markdown-any-decision-records");
    assert_eq!(draft["status"].as_str(), Some("proposed"));
    assert!(draft.get("decided").is_none(), "a draft is not decided");
    assert_eq!(texts(&draft["deciders"]), ["alice"]);
    assert_eq!(texts(&draft["tags"]), ["doc"]);
}

#[test]
fn a_forced_format_reads_every_file_as_it() {
    let dir = plan();
    copy_fixture("log4brains", dir.path());
    // Read as Nygard, MADR files have no status, context or decision.
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--adr-format", "nygard"],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err.matches("so it is not an ADR").count(), 2, "{err}");
    let (_, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--format", "yaml"],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn broken_front_matter_is_reported_with_its_line() {
    let dir = plan();
    write(
        dir.path(),
        "doc/adr/0001-x.md",
        "---\nstatus: accepted\ndate: [2026-01-01\n---\n# X\n\n## Context and Problem Statement\n\nY\n",
    );
    write(
        dir.path(),
        "doc/adr/0002-y.md",
        "---\nstatus: accepted\n# Y\n",
    );
    write(
        dir.path(),
        "doc/adr/0003-z.md",
        "---\nstatus: maybe\ndate: 2026-01-01\n---\n# Z\n\n## Context and Problem Statement\n\nY\n",
    );
    let (out, err, code) = run_in(dir.path(), "2026-11-27", &["import", "adr", "doc/adr"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("doc/adr/0001-x.md:4: its front matter is not valid YAML"),
        "{err}"
    );
    assert!(
        err.contains("doc/adr/0002-y.md:1: its front matter has no closing `---`"),
        "{err}"
    );
    assert!(
        err.contains("doc/adr/0003-z.md:2: status 'maybe' has no decision status"),
        "{err}"
    );
    assert!(out.contains("0 to create"), "{out}");
}

#[test]
fn a_folder_outside_the_plan_is_found_again_however_it_is_spelt() {
    let outside = tempfile::tempdir().unwrap();
    let dir = people_plan();
    copy_fixture("log4brains", outside.path());
    let adr = outside.path().join("doc/adr");
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", adr.to_str().unwrap(), "--write"],
    );
    assert!(code <= 1, "{out}{err}");
    assert!(out.contains("created"), "{out}{err}");
    // The same folder through a link and a `..` of it: the records made
    // are found, none is skipped as another's.
    let linked = outside.path().join("linked");
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("doc"), &linked).unwrap();
    #[cfg(not(unix))]
    std::fs::create_dir_all(&linked).unwrap();
    let spelt = linked.join("adr/../adr");
    let (out, err, _) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", spelt.to_str().unwrap()],
    );
    if cfg!(unix) {
        assert!(out.contains("0 to create, 0 to update"), "{out}{err}");
        assert!(out.contains(" unchanged, 0 skipped"), "{out}{err}");
    }
}

#[test]
fn a_file_that_cannot_be_imported_keeps_its_number() {
    let dir = plan();
    let nygard = |n: u32| {
        format!(
            "# {n}. Decision {n}\n\nDate: 2026-01-0{n}\n\n## Status\n\nAccepted\n\n## Context\n\nC.\n"
        )
    };
    write(dir.path(), "doc/adr/0001-one.md", &nygard(1));
    write(
        dir.path(),
        "doc/adr/0002-two.md",
        "---\nstatus: [unclosed\n---\n# Two\n",
    );
    write(dir.path(), "doc/adr/0003-three.md", &nygard(3));
    write(dir.path(), "doc/adr/0005-five.md", &nygard(5));
    let (out, err, code) = run_in(dir.path(), "2026-11-27", &["import", "adr", "doc/adr"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("0002-two.md"), "{err}");
    assert!(!err.contains("number 2 is missing"), "{err}");
    assert!(err.contains("number 4 is missing"), "{err}");
}

#[test]
fn adrs_of_one_title_each_get_a_record() {
    let dir = plan();
    let adr = |n: u32| {
        format!(
            "# {n}. Use Postgres\n\nDate: 2026-01-05\n\n## Status\n\nAccepted\n\n## Context\n\nC{n}.\n\n## Decision\n\nD{n}.\n"
        )
    };
    write(dir.path(), "doc/adr/0001-use-postgres.md", &adr(1));
    write(dir.path(), "doc/adr/0002-use-postgres.md", &adr(2));
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--write"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 to create"), "{out}{err}");
    assert_eq!(
        read(dir.path(), "2026-01-05-use-postgres")["decision"].as_str(),
        Some("D1.")
    );
    assert_eq!(
        read(dir.path(), "2026-01-05-use-postgres-2")["decision"].as_str(),
        Some("D2.")
    );

    // A third of that title, added later, takes neither id of the first two.
    write(dir.path(), "doc/adr/0003-use-postgres.md", &adr(3));
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--write"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1 to create, 0 to update, 2 unchanged, 0 skipped"),
        "{out}{err}"
    );
    assert_eq!(
        read(dir.path(), "2026-01-05-use-postgres-3")["decision"].as_str(),
        Some("D3.")
    );
    assert_eq!(
        read(dir.path(), "2026-01-05-use-postgres")["decision"].as_str(),
        Some("D1.")
    );
}
