//! Terminal escape injection: OSC 0 (window title), OSC 52 (clipboard),
//! OSC 8 (links), CSI (clear screen), the one-character CSI U+009B and bidi
//! overrides in plan text reach no terminal as themselves, with
//! `--color always` or piped, on stdout or stderr; JSON keeps them exactly.

use crate::common::{GitPlan, TODAY, Who, run_at};

/// What a pull request writes, each a different way to act on a terminal.
const HOSTILE: &[(&str, &str)] = &[
    ("OSC 0", "\u{1b}]0;owned\u{7}"),
    ("OSC 52", "\u{1b}]52;c;ZWNobyBvd25lZA==\u{7}"),
    (
        "OSC 8",
        "\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    ),
    ("CSI clear", "\u{1b}[2J\u{1b}[H"),
    ("CSI conceal", "\u{1b}[8m"),
    ("C1 CSI", "\u{9b}2J"),
    ("bidi override", "\u{202e}txt.exe"),
];

/// All of [`HOSTILE`] in one line of text.
fn hostile_line() -> String {
    HOSTILE
        .iter()
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a TOML basic string's body: every control or non-ASCII
/// character as a `\uXXXX` escape.
pub fn toml_escaped(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            c if c.is_ascii_graphic() || c == ' ' => c.to_string(),
            c => format!("\\u{:04X}", c as u32),
        })
        .collect()
}

const MALLORY: Who = Who {
    name: "Mallory \u{1b}]0;owned\u{7}\u{9b}2J\u{202e}",
    email: "m\u{1b}[2J@evil.example",
};

/// A repository whose second commit, by Mallory, adds hostile text in a
/// title, a summary, a tag, a team name, a decision, a field key, a file name and the
/// commit message, leaving a hostile edit uncommitted too.
fn hostile_repo() -> GitPlan {
    let evil = toml_escaped(&hostile_line());
    let repo = GitPlan::with(&[
        (
            "roadmap/plain.toml",
            "title = \"Plain\"\nstatus = \"proposed\"\nteam = \"core\"\n",
        ),
        ("team/teams/core.toml", "name = \"Core\"\n"),
    ]);
    repo.write_all(&[
        (
            "roadmap/plain.toml",
            &format!("title = \"Plain {evil}\"\nstatus = \"proposed\"\nteam = \"core\"\nsummary = \"{evil}\"\ntags = [\"{evil}\"]\n\"{evil}\" = 1\n"),
        ),
        ("team/teams/core.toml", &format!("name = \"Core {evil}\"\n")),
        (
            "decisions/evil-call.toml",
            &format!("title = \"{evil}\"\nstatus = \"accepted\"\nproposed = 2026-11-01\ndecided = 2026-11-20\ncontext = \"{evil}\"\ndecision = \"{evil}\"\n"),
        ),
        (
            "roadmap/evil\u{1b}]0;owned\u{7}\u{9b}2J\u{202e}.toml",
            &format!("title = \"{evil}\"\nstatus = \"proposed\"\n"),
        ),
    ]);
    repo.commit_as(
        MALLORY,
        "2026-11-20T10:00:00+00:00",
        &format!("Looks harmless {}", hostile_line()),
    );
    repo.write(
        "roadmap/plain.toml",
        &format!("title = \"Plain again {evil}\"\nstatus = \"active\"\nteam = \"core\"\n"),
    );
    repo
}

/// No raw ESC except the tool's own colours, no BEL, C1 control or bidi
/// character in `out`.
fn assert_terminal_safe(what: &str, out: &str) {
    // The tool's colours: SGR with the codes it writes.
    let rest = without_own_colours(out);
    for c in rest.chars() {
        let bad = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}');
        assert!(!bad, "{what}: raw {:?} in output:\n{out:?}", c);
    }
}

/// Removes the SGR sequences the tool's palette writes (reset, bold, dim,
/// underline, strike-through, the basic colours), nothing else.
fn without_own_colours(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let own = tail.strip_prefix("\u{1b}[").and_then(|body| {
            let end = body.find('m')?;
            body[..end]
                .split(';')
                .all(|code| {
                    matches!(
                        code,
                        "0" | "1" | "2" | "4" | "9" | "22" | "24" | "29" | "39"
                    ) || code
                        .parse::<u8>()
                        .is_ok_and(|c| (30..=37).contains(&c) || (90..=97).contains(&c))
                })
                .then_some(2 + end + 1)
        });
        match own {
            Some(len) => rest = &tail[len..],
            None => {
                out.push('\u{1b}');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Runs `args` with `--color always` and piped (`never`), and checks both
/// streams; returns the plain stdout.
fn both_ways(repo: &GitPlan, args: &[&str]) -> String {
    let mut plain = String::new();
    for color in ["always", "never"] {
        let mut all = vec!["--color", color];
        all.extend_from_slice(args);
        let (stdout, stderr, code) = run_at(repo.path(), TODAY, &all);
        assert!(code <= 1, "{all:?} exited {code}:\n{stdout}\n{stderr}");
        assert_terminal_safe(&format!("{all:?} stdout"), &stdout);
        assert_terminal_safe(&format!("{all:?} stderr"), &stderr);
        if color == "never" {
            plain = stdout;
        }
    }
    plain
}

#[test]
fn text_outputs_show_hostile_text_without_obeying_it() {
    let repo = hostile_repo();
    for args in [
        &["list"][..],
        &["list", "team"],
        &["show", "plain"],
        &["show", "team/core"],
        &["diff"],
        &["diff", "HEAD~1", "HEAD"],
        &["diff", "--stat"],
        &["log"],
        &["log", "--format", "markdown"],
        &["blame", "plain"],
        &["check"],
        &["review", "--quarter", "2026-Q4", "--format", "text"],
        &["review", "--quarter", "2026-Q4"],
    ] {
        let out = both_ways(&repo, args);
        // Shown, visibly: the reader sees that something odd is there.
        assert!(
            out.contains("\\u{1b}") || out.contains("\\\\u\\{1b\\}"),
            "{args:?} hides the hostile text instead of showing it:\n{out}"
        );
    }
}

#[test]
fn hostile_text_is_shown_visibly_in_text_and_exactly_in_json() {
    let repo = hostile_repo();
    let out = both_ways(&repo, &["show", "plain"]);
    assert!(out.contains("Plain again \\u{1b}]0;owned\\u{7} "), "{out}");
    assert!(out.contains("\\u{9b}2J \\u{202e}txt.exe"), "{out}");
    let log = both_ways(&repo, &["log"]);
    assert!(
        log.contains(
            "Author: Mallory \\u{1b}]0;owned\\u{7}\\u{9b}2J\\u{202e} <m\\u{1b}[2J@evil.example>"
        ),
        "{log}"
    );
    assert_json_exact(&repo);
}

#[test]
fn colour_sequences_in_plan_text_are_shown_while_the_tools_own_work() {
    let repo = hostile_repo();
    repo.write(
        "roadmap/red.toml",
        "title = \"\\u001B[31mred\\u001B[0m\"\nstatus = \"proposed\"\n",
    );
    for args in [&["list"][..], &["show", "red"], &["diff"]] {
        let mut all = vec!["--color", "always"];
        all.extend_from_slice(args);
        let (stdout, _, _) = run_at(repo.path(), TODAY, &all);
        assert!(
            stdout.contains("\\u{1b}[31mred\\u{1b}[0m"),
            "{args:?}:\n{stdout}"
        );
        assert!(!stdout.contains("\u{1b}[31mred"), "{args:?}:\n{stdout}");
    }
    // The diff's own colours are still there.
    let (stdout, _, _) = run_at(repo.path(), TODAY, &["--color", "always", "diff"]);
    assert!(stdout.contains("\u{1b}[32m"), "{stdout:?}");
}

#[test]
fn error_messages_and_suggestions_are_neutralised() {
    let repo = hostile_repo();
    for color in ["always", "never"] {
        // A reference the user mistyped, and the plan's file name suggested.
        let (_, stderr, code) = run_at(
            repo.path(),
            TODAY,
            &["--color", color, "show", "evil\u{1b}]0;x\u{7}"],
        );
        assert_eq!(code, 2, "{stderr}");
        assert_terminal_safe("show error", &stderr);
        assert!(stderr.contains("\\u{1b}]0;x\\u{7}"), "{stderr}");
        let (_, stderr, code) = run_at(
            repo.path(),
            TODAY,
            &["--color", color, "diff", "no-such\u{9b}2J"],
        );
        assert_eq!(code, 2, "{stderr}");
        assert_terminal_safe("diff error", &stderr);
        assert!(stderr.contains("\\u{9b}2J"), "{stderr}");
    }
}

/// The JSON formats keep every hostile character as written.
fn assert_json_exact(repo: &GitPlan) {
    let line = hostile_line();
    let json = |args: &[&str]| -> serde_json::Value {
        let (stdout, stderr, code) = run_at(repo.path(), TODAY, args);
        assert!(code <= 1, "{args:?}: {stderr}");
        serde_json::from_str(&stdout).unwrap()
    };
    let show = json(&["show", "plain", "--format", "json"]);
    assert_eq!(show["fields"]["summary"], serde_json::json!(null));
    assert_eq!(show["title"], format!("Plain again {line}"));
    let head = json(&["show", "plain", "--rev", "HEAD", "--format", "json"]);
    assert_eq!(head["fields"]["summary"], line);
    let list = json(&["list", "--format", "json"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["title"] == format!("Core {line}")),
        "{list}"
    );
    let log = json(&["log", "--format", "json"]);
    let by_mallory = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["commit"]["author"] == MALLORY.name)
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(by_mallory["commit"]["email"], MALLORY.email);
    let diff = json(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert!(
        diff["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["title"] == format!("Plain {line}")),
        "{diff}"
    );
    let (check, _) = crate::common::check_json(repo.path(), &[]);
    assert!(
        check
            .iter()
            .any(|f| f["file"].as_str().is_some_and(|p| p.contains('\u{9b}'))),
        "{check:?}"
    );
}
