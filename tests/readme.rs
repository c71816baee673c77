//! The README's tour runs as written: every `$ cto-plan …` line of its
//! ```text and ```sh blocks runs, in order, against a freshly built demo,
//! exits as the README implies (1 when it shows an `error[…]` finding, 0
//! otherwise), and prints what the README shows beneath it: all of it, or
//! the shown pieces in order where a line `…` leaves some out.

use std::path::Path;

use tempfile::TempDir;

use crate::common::{TODAY, command_at, run};

/// One `$ ` line and the output shown beneath it.
#[derive(Debug)]
struct Shown {
    command: String,
    output: Vec<String>,
}

/// The README's commands, from its ```text and ```sh blocks, in order.
fn shown(readme: &str) -> Vec<Shown> {
    let mut found: Vec<Shown> = Vec::new();
    let mut in_block = false;
    let mut current: Option<Shown> = None;
    for line in readme.lines() {
        if !in_block {
            in_block = line == "```text" || line == "```sh";
            continue;
        }
        if line == "```" {
            in_block = false;
            found.extend(current.take());
        } else if let Some(command) = line.strip_prefix("$ ") {
            found.extend(current.take());
            current = Some(Shown {
                command: command.to_owned(),
                output: Vec::new(),
            });
        } else if let Some(shown) = &mut current {
            shown.output.push(line.to_owned());
        }
    }
    found
}

/// A command line split as a shell would: words, with "double quotes".
fn words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    assert!(!quoted, "unbalanced quotes in {line}");
    if started {
        words.push(word);
    }
    words
}

/// Whether `printed` is what the README shows: every piece between `…`
/// lines, in order, each whole lines; without `…`, all of it.
fn matches(printed: &str, output: &[String]) -> bool {
    let printed: Vec<&str> = printed.lines().collect();
    if !output.iter().any(|l| l == "…") {
        return printed == output;
    }
    let mut at = 0;
    for (i, piece) in output.split(|l| l == "…").enumerate() {
        if piece.is_empty() {
            continue;
        }
        let found = (at..=printed.len().saturating_sub(piece.len()))
            .find(|&start| printed[start..start + piece.len()] == *piece);
        match found {
            // The first piece starts the output.
            Some(start) if i > 0 || start == 0 => at = start + piece.len(),
            _ => return false,
        }
    }
    true
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn every_command_of_the_readme_runs_against_the_demo_as_shown() {
    let readme = readme();
    let commands = shown(&readme);
    assert!(commands.len() >= 10, "{commands:?}");
    let dir = TempDir::new().unwrap();
    let (_, stderr, code) = run(dir.path(), &["demo"]);
    assert_eq!(code, 0, "{stderr}");
    let demo = dir.path().join("cto-plan-demo");
    for shown in &commands {
        let words = words(&shown.command);
        assert_eq!(words[0], "cto-plan", "the README runs {}", shown.command);
        let output = command_at(&demo, TODAY).args(&words[1..]).output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        let expected = if shown.output.iter().any(|l| l.starts_with("error[")) {
            1
        } else {
            0
        };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "`{}` exits otherwise than README.md implies:\n{stdout}{stderr}",
            shown.command
        );
        if shown.output.is_empty() {
            continue;
        }
        let printed = format!("{stdout}{stderr}");
        assert!(
            matches(&printed, &shown.output),
            "`{}` prints otherwise than README.md shows; it prints:\n{printed}",
            shown.command
        );
    }
}

/// A command named in the tour's prose, outside the blocks the test runs,
/// must be one with a placeholder (`cto-plan show REF`), or run here.
#[test]
fn the_tour_names_no_command_it_does_not_run() {
    let readme = readme();
    let run_in_blocks: Vec<String> = shown(&readme).into_iter().map(|s| s.command).collect();
    let tour = &readme[readme.find("## A tour").unwrap()..readme.find("## Documentation").unwrap()];
    let mut outside = Vec::new();
    for span in tour.split('`').skip(1).step_by(2) {
        if !span.starts_with("cto-plan ") || run_in_blocks.iter().any(|c| c == span) {
            continue;
        }
        let placeholder = span
            .split_whitespace()
            .any(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase()));
        if !placeholder {
            outside.push(span.to_owned());
        }
    }
    // Those left run where the README says: `init` in an empty folder,
    // the others in the plan it starts.
    let dir = TempDir::new().unwrap();
    for span in &outside {
        let words = words(span);
        let (stdout, stderr, code) = run(
            dir.path(),
            &words[1..].iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert_eq!(code, 0, "`{span}` (README.md):\n{stdout}{stderr}");
    }
    assert!(outside.len() <= 3, "{outside:?}");
}

#[test]
fn matching_follows_the_elisions() {
    let shown = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
    assert!(matches("a\nb\nc\n", &shown("a\nb\nc")));
    assert!(!matches("a\nb\nc\n", &shown("a\nb")));
    assert!(matches("a\nb\nc\n", &shown("a\n…")));
    assert!(!matches("a\nb\nc\n", &shown("b\n…")));
    assert!(matches("a\nb\nc\nd\n", &shown("a\n…\nc\nd")));
    assert!(!matches("a\nb\nc\nd\n", &shown("a\n…\nd\nc")));
    assert_eq!(
        words(r#"cto-plan new decision x --title "Adopt Kafka""#),
        ["cto-plan", "new", "decision", "x", "--title", "Adopt Kafka"]
    );
}
