//! `cto-plan import adr`: ADR folders become decisions, dry run by default,
//! idempotent when run again, bad and hostile files reported inertly. The
//! formats are in `formats`, the dates from git and re-runs in `history`.

mod formats;
mod history;

use crate::common::{plan, run_in, write, write_bytes};

const NYGARD: &str = "# 1. Record architecture decisions\n\nDate: 2026-01-10\n\n## Status\n\nAccepted\n\n## Context\n\nWe record <script>x</script> \"quotes\" and \u{1b}[31m.\n\n## Decision\n\nWe will use ADRs.\n\n## Consequences\n\nSee Nygard.\n";

const RECORD: &str = "decisions/2026-01-10-record-architecture-decisions.toml";

#[test]
fn nygard_adrs_import_once_and_rerun_unchanged() {
    let dir = plan();
    write(dir.path(), "doc/adr/0001-record.md", NYGARD);
    let (out, _, code) = run_in(dir.path(), "2026-11-27", &["import", "adr", "doc/adr"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("would create {RECORD}")), "{out}");
    assert!(
        !dir.path().join(RECORD).exists(),
        "a dry run writes nothing"
    );

    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--write"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let first = std::fs::read(dir.path().join(RECORD)).unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(text.contains("status = \"accepted\""), "{text}");
    assert!(text.contains("decided = 2026-01-10"), "{text}");
    assert!(text.contains("<script>x</script> \"quotes\""), "{text}");
    assert!(!text.contains('\u{1b}'), "ESC stored escaped: {text}");
    assert!(
        text.contains("imported_from = \"adr:doc/adr/0001-record.md\""),
        "{text}"
    );

    let (out, _, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--write"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 unchanged"), "{out}");
    assert_eq!(std::fs::read(dir.path().join(RECORD)).unwrap(), first);

    // A field added by hand stays; an edited source updates its field.
    let by_hand = text.replace("consequences =", "review_by = 2027-01-01\nconsequences =");
    write(dir.path(), RECORD, &by_hand);
    write(
        dir.path(),
        "doc/adr/0001-record.md",
        &NYGARD.replace("We will use ADRs.", "We will use MADR."),
    );
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--write"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let after = std::fs::read_to_string(dir.path().join(RECORD)).unwrap();
    assert!(after.contains("We will use MADR."), "{after}");
    assert!(after.contains("review_by = 2027-01-01"), "{after}");
}

#[test]
fn bad_files_are_reported_with_their_name() {
    let dir = plan();
    write(dir.path(), "doc/adr/0001-record.md", NYGARD);
    write_bytes(dir.path(), "doc/adr/0002-latin1.md", b"# 2. Caf\xe9\n");
    write_bytes(dir.path(), "doc/adr/0003-binary.md", b"\0\x01\x02");
    write(dir.path(), "doc/adr/0004-empty.md", "");
    write(
        dir.path(),
        "doc/adr/0005-odd.md",
        "# 5. Odd\n\n## Status\n\nPondering\n",
    );
    let (out, err, code) = run_in(dir.path(), "2026-11-27", &["import", "adr", "doc/adr"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("doc/adr/0002-latin1.md: is not UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("doc/adr/0003-binary.md: is a binary file"),
        "{err}"
    );
    assert!(
        err.contains("doc/adr/0004-empty.md: has no `# Title`"),
        "{err}"
    );
    assert!(
        err.contains("doc/adr/0005-odd.md:5: status 'Pondering'"),
        "{err}"
    );
    assert!(out.contains("would create"), "{out}");
}

#[test]
fn a_hostile_adr_is_imported_as_inert_data() {
    let dir = plan();
    let title = "<script>alert(1)</script> \u{202e}evil\u{202c} \u{1b}]0;pwned\u{7}";
    write(
        dir.path(),
        "doc/adr/0001-hostile.md",
        &format!(
            "---\nstatus: \"\u{1b}[2Jaccepted\"\ndate: 2026-01-10\ndeciders: [\"\u{1b}[31mMallory\u{202e}\"]\n---\n# {title}\n\n## Context and Problem Statement\n\n<img src=x onerror=alert(1)>\n"
        ),
    );
    write(
        dir.path(),
        "doc/adr/0002-hostile.md",
        "---\nstatus: accepted\ndate: 2026-01-11\ndeciders: [\"\u{1b}[31mMallory\u{202e}\"]\n---\n# <b>Bold</b> \u{2066}move\n\n## Context and Problem Statement\n\nX\n\n## Decision Outcome\n\nWe <i>do</i> it.\n",
    );
    let (out, err, code) = run_in(
        dir.path(),
        "2026-11-27",
        &["import", "adr", "doc/adr", "--write"],
    );
    assert_eq!(code, 1, "{out}{err}");
    for shown in [&out, &err] {
        assert!(
            !shown.contains(cto_plan::text::is_unsafe_char),
            "no raw control or bidi character reaches the terminal:\n{shown:?}"
        );
    }
    assert!(err.contains("status '\\u{1b}[2Jaccepted'"), "{err}");
    assert!(
        err.contains("decider '\\u{1b}[31mMallory\\u{202e}'"),
        "{err}"
    );
    let record = "decisions/2026-01-11-b-bold-b-move.toml";
    assert!(out.contains(&format!("create {record}")), "{out}");
    let text =
        std::fs::read_to_string(dir.path().join(record)).unwrap_or_else(|_| panic!("{out}{err}"));
    let table: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(
        table["title"].as_str(),
        Some("<b>Bold</b> \u{2066}move"),
        "kept as data"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
}
