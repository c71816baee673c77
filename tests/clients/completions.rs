//! The completion scripts, run by the shells they are for: bash's
//! completion function on a command line, fish's `complete -C`, zsh's parser.

use std::path::{Path, PathBuf};

use super::{client, installed, text};
use crate::common::{TODAY, ok_in, plan};

/// The script for `shell`, written to a file in `dir`.
fn script(dir: &Path, shell: &str) -> PathBuf {
    let script = ok_in(dir, TODAY, &["completions", shell]);
    let path = dir.join(format!("completion.{shell}"));
    std::fs::write(&path, script).unwrap();
    path
}

/// What bash's completion function offers for `words`, the last being the
/// word under the cursor (`""` after a space).
fn bash_offers(script: &Path, words: &[&str]) -> Vec<String> {
    let source = std::fs::read_to_string(script).unwrap();
    let function = source
        .lines()
        .find_map(|l| l.trim().strip_prefix("complete -F "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the script registers a function");
    let program = format!(
        "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); \
         COMP_LINE=\"$*\"; COMP_POINT=${{#COMP_LINE}}; \
         {function} cto-plan \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let mut args = vec!["--norc", "--noprofile", "-c", &program, "bash"];
    args.push(script.to_str().unwrap());
    args.extend_from_slice(words);
    let output = client(script.parent().unwrap(), "bash", &args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Regression (issue 12): clap_complete spelled the function names two ways
/// for a hyphenated program, so nothing completed after a subcommand.
#[test]
fn bash_completes_the_options_and_values_of_subcommands() {
    if !installed(
        "bash",
        "bash_completes_the_options_and_values_of_subcommands",
    ) {
        return;
    }
    let dir = plan();
    let script = script(dir.path(), "bash");
    let cases: &[(&[&str], &[&str])] = &[
        (&["cto-plan", "ch"], &["check"]),
        (
            &["cto-plan", "check", "--format", ""],
            &["text", "json", "github", "sarif"],
        ),
        (
            &["cto-plan", "check", "--"],
            &["--rev", "--format", "--deny-warnings", "--at"],
        ),
        (
            &["cto-plan", "person", "leave", "--"],
            &["--on", "--commit"],
        ),
        (&["cto-plan", "review", "--"], &["--quarter"]),
        (&["cto-plan", "list", "--format", ""], &["text", "json"]),
    ];
    for (words, expected) in cases {
        let offered = bash_offers(&script, words);
        for word in *expected {
            assert!(
                offered.iter().any(|o| o == word),
                "{words:?} offers {offered:?}, not {word}"
            );
        }
    }
    // `--at` only where it is accepted.
    let offered = bash_offers(&script, &["cto-plan", "init", "--"]);
    assert!(offered.iter().any(|o| o == "--example"), "{offered:?}");
    assert!(!offered.iter().any(|o| o == "--at"), "{offered:?}");
}

#[test]
fn fish_completes_subcommands_and_values() {
    let dir = plan();
    let script = script(dir.path(), "fish");
    let source = std::fs::read_to_string(&script).unwrap();
    assert!(source.contains("-a \"check\""), "{source}");
    assert!(source.contains("sarif"), "{source}");
    if !installed("fish", "fish_completes_subcommands_and_values") {
        return;
    }
    let offers = |line: &str| {
        let program = format!("source {}; complete -C '{line}'", script.to_str().unwrap());
        let output = client(dir.path(), "fish", &["--no-config", "-c", &program]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let top = offers("cto-plan ");
    assert!(top.lines().any(|l| l.starts_with("check\t")), "{top}");
    let values = offers("cto-plan check --format ");
    assert!(values.lines().any(|l| l.starts_with("json")), "{values}");
    let options = offers("cto-plan person leave --");
    assert!(options.lines().any(|l| l.starts_with("--on")), "{options}");
}

#[test]
fn zsh_reads_the_script_that_names_subcommands_and_values() {
    let dir = plan();
    let script = script(dir.path(), "zsh");
    let source = std::fs::read_to_string(&script).unwrap();
    assert!(source.starts_with("#compdef cto-plan"), "{source}");
    for word in ["'check:", "'review:", "json", "sarif", "--deny-warnings"] {
        assert!(source.contains(word), "no {word} in\n{source}");
    }
    if !installed(
        "zsh",
        "zsh_reads_the_script_that_names_subcommands_and_values",
    ) {
        return;
    }
    // zsh parses it, then loads it as compinit would, and defines its function.
    let path = script.to_str().unwrap();
    let output = client(dir.path(), "zsh", &["-n", path]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let program =
        format!("autoload -U compinit && compinit -u -D; source {path}; whence -w _cto-plan");
    let output = client(dir.path(), "zsh", &["-f", "-c", &program]);
    assert!(
        text(&output.stdout).contains("_cto-plan: function"),
        "{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}
