//! Escaping for Markdown that GitHub and GitLab render, so text from a plan
//! (which anyone opening a pull request controls) can neither break the
//! comment's layout nor abuse it: no tables split, no HTML, no links or
//! images, no code fences, and nothing GitHub turns into a live link, a
//! mention or an issue reference.
//!
//! What counts is what the parser makes of the Markdown, not how its source
//! looks: cmark-gfm decodes `&#64;user` to the text `@user` and `\#1` to
//! `#1`, and GitHub's mention and reference filters read that text. Its
//! autolinker turns `www.` names and `user@host` into links. So a word that
//! holds an `@` or a `#`, a web address, a `GH-` reference or what could be
//! a commit id is written as a code span, whose text none of them read;
//! every other character is escaped. Controls and bidi characters are shown
//! as escapes (crate::text::neutralise) like on a terminal.

use crate::text::neutralise;

/// Escapes one piece of plan text for use inside a Markdown line or table cell.
pub fn escape(text: &str) -> String {
    let text = neutralise(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    for c in text.chars() {
        match c {
            // A code span can hold neither a backtick nor (in a table) a
            // pipe, and ends at a line break: these split words.
            '`' | '|' => {
                push_word(&mut out, &mut word);
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => {
                push_word(&mut out, &mut word);
                out.push(' ');
            }
            c if c.is_whitespace() => {
                push_word(&mut out, &mut word);
                out.push(c);
            }
            c => word.push(c),
        }
    }
    push_word(&mut out, &mut word);
    out
}

/// Writes `word` (no whitespace, backtick or pipe in it) and empties it: as a
/// code span when GitHub could make something live of it, escaped otherwise.
fn push_word(out: &mut String, word: &mut String) {
    if word.is_empty() {
        return;
    }
    if could_be_live(word) {
        out.push('`');
        out.push_str(word);
        out.push('`');
    } else {
        for c in word.chars() {
            match c {
                // Entities: these stay inert in every Markdown flavour and in HTML.
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                // Backslash escapes for the rest of Markdown's punctuation.
                '\\' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '~' | '#' | '{' | '}' | '$'
                | ':' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    word.clear();
}

/// Whether GitHub could turn `word` into a link, a mention or a reference:
/// `@user`, `@org/team` and `user@host` (an `@` anywhere), `#1` and
/// `org/repo#1` (a `#` with something after it), `GH-1`, a `www.` name or
/// a URL, or a run of 7 to 40 hex characters between non-alphanumeric ones
/// (`(3f2a1bc)`, `deadbee.`: a commit id, which GitHub links when it
/// exists, and a pull request can push a commit to make it exist).
fn could_be_live(word: &str) -> bool {
    let lower = word.to_lowercase();
    let gh_reference = lower
        .match_indices("gh-")
        .any(|(at, _)| lower[at + 3..].starts_with(|c: char| c.is_ascii_digit()));
    let commit_id = word
        .split(|c: char| !c.is_alphanumeric())
        .any(|run| (7..=40).contains(&run.len()) && run.chars().all(|c| c.is_ascii_hexdigit()));
    let numbered = word.trim_end_matches('#').contains('#');
    word.contains('@')
        || numbered
        || lower.contains("www.")
        || lower.contains("://")
        || gh_reference
        || commit_id
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn hostile_text_is_inert() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
        );
        assert_eq!(escape("@everyone"), "`@everyone`");
        assert_eq!(
            escape("[x](javascript:alert(1))"),
            "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
        );
        assert_eq!(escape("```rust"), "\\`\\`\\`rust");
        assert_eq!(escape("![img](http://x/y.png)"), "`![img](http://x/y.png)`");
        assert_eq!(escape("line\nbreak"), "line break");
    }

    #[test]
    fn commit_ids_next_to_punctuation_are_code_spans() {
        assert_eq!(escape("(707e11e9d)"), "`(707e11e9d)`");
        assert_eq!(escape("[707e11e9d]"), "`[707e11e9d]`");
        assert_eq!(escape("707e11e9d."), "`707e11e9d.`");
        assert_eq!(escape("deadbee"), "`deadbee`");
        // Part of a longer word, or too short, it is no commit id.
        assert_eq!(escape("deadbeefy"), "deadbeefy");
        assert_eq!(escape("cafe12"), "cafe12");
    }

    #[test]
    fn words_github_would_make_live_are_code() {
        assert_eq!(
            escape("see www.evil.example now"),
            "see `www.evil.example` now"
        );
        assert_eq!(escape("fixes #12 and GH-3"), "fixes `#12` and `GH-3`");
        assert_eq!(escape("# Heading in C#"), "\\# Heading in C\\#");
        assert_eq!(escape("org/repo#1|@x`y"), "`org/repo#1`\\|`@x`\\`y");
        assert_eq!(escape("&#64;user"), "`&#64;user`");
        assert_eq!(escape("ask a@b.example"), "ask `a@b.example`");
        assert_eq!(escape("at deadbeef1"), "at `deadbeef1`");
        // GitHub links a commit id of digits only too, if one exists.
        assert_eq!(escape("9223372036854775807"), "`9223372036854775807`");
        assert_eq!(escape("12,345,678"), "12,345,678");
        assert_eq!(escape("x\u{202e}y"), "x\\\\u\\{202e\\}y");
    }
}
