//! The man pages: a synopsis that names every option's value, and the
//! sections a manual has (EXIT STATUS, ENVIRONMENT, EXAMPLES, SEE ALSO),
//! rendered by `man` itself when it is installed.

use super::{installed, text};
use crate::common::{TODAY, ok_in, plan};

#[test]
fn pages_name_option_values_and_have_the_manual_sections() {
    let dir = plan();
    let page = ok_in(dir.path(), TODAY, &["man"]);
    assert!(
        page.contains("[\\fB\\-C\\fR \\fIDIR\\fR] [\\fB\\-\\-at\\fR \\fIWHEN\\fR]"),
        "{page}"
    );
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH EXAMPLES",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(page.contains(section), "no {section}:\n{page}");
    }
    for variable in [
        "NO_COLOR",
        "CLICOLOR\\fR",
        "CLICOLOR_FORCE",
        "CTO_PLAN_TODAY",
        "GIT_AUTHOR_NAME",
        "GIT_COMMITTER_EMAIL",
    ] {
        assert!(page.contains(variable), "no {variable}:\n{page}");
    }
    assert!(page.contains("\\fBcto\\-plan\\-check\\fR(1)"), "{page}");

    let out = tempfile::TempDir::new().unwrap();
    ok_in(
        dir.path(),
        TODAY,
        &["man", "--out", out.path().to_str().unwrap()],
    );
    let check = std::fs::read_to_string(out.path().join("cto-plan-check.1")).unwrap();
    assert!(
        check.contains("[\\fB\\-\\-format\\fR \\fIFORMAT\\fR]"),
        "{check}"
    );
    assert!(check.contains(".SH \"EXIT STATUS\""), "{check}");
    assert!(check.contains("\\fBcto\\-plan\\fR(1)"), "{check}");
    let person_leave = std::fs::read_to_string(out.path().join("cto-plan-person-leave.1")).unwrap();
    assert!(
        person_leave.contains("\\fB\\-\\-on\\fR \\fIDATE\\fR"),
        "{person_leave}"
    );
}

#[test]
fn man_renders_the_pages_without_warnings() {
    if !installed("man", "man_renders_the_pages_without_warnings") {
        return;
    }
    let dir = plan();
    let out = tempfile::TempDir::new().unwrap();
    ok_in(
        dir.path(),
        TODAY,
        &["man", "--out", out.path().to_str().unwrap()],
    );
    for (page, synopsis) in [
        ("cto-plan.1", "cto-plan [-C DIR] [--at WHEN] [--color WHEN]"),
        (
            "cto-plan-check.1",
            "cto-plan check [--rev REV] [--format FORMAT]",
        ),
    ] {
        let path = out.path().join(page);
        let output = std::process::Command::new("man")
            .args(["--warnings", "-l", path.to_str().unwrap()])
            .env("MANWIDTH", "120")
            .env("MAN_KEEP_FORMATTING", "")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .unwrap();
        let shown = text(&output.stdout);
        assert!(output.status.success(), "{page}: {}", text(&output.stderr));
        assert_eq!(text(&output.stderr), "", "{page}: warnings from man");
        let plain: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [synopsis, "EXIT STATUS", "ENVIRONMENT", "SEE ALSO"] {
            assert!(
                plain.contains(expected),
                "{page}: no {expected:?} in\n{shown}"
            );
        }
    }
}
