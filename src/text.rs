//! Small text helpers shared by every layer: numbers as people read them,
//! "did you mean" suggestions, and the one neutraliser that makes untrusted
//! plan text safe to show on a terminal. They sit at the bottom of the
//! crate: this module imports nothing from it, so any module may use it.
//!
//! Plan text comes from pull requests. Every human-readable output passes
//! it through [`neutralise`] (and whole outputs through [`terminal_guard`]),
//! so a title or a commit message cannot set a window title, write the
//! clipboard, clear the screen, plant a link or reorder what a reviewer
//! reads. JSON and SARIF keep exact values and must not use these.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as itself: C0 controls other than
/// newline and tab (ESC among them, which starts every escape sequence),
/// DEL, C1 controls (U+009B is a one-character CSI on many terminals), the
/// bidi embeddings, overrides, isolates and marks that reorder what is
/// shown, and the invisible characters that can hide text inside a word.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi: embeddings and overrides, isolates, and the marks.
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{61c}'
        // Zero-width and invisible characters, and the soft hyphen.
        | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}'
        | '\u{ad}'
        // Line and paragraph separators, which some terminals break lines at.
        | '\u{2028}' | '\u{2029}')
}

/// Whether the character at byte `at` of `text` is shown as an escape: an
/// [unsafe character](is_unsafe_char), except the carriage return of a
/// CRLF line end, which only ends the line.
fn escaped_at(text: &str, at: usize, c: char) -> bool {
    is_unsafe_char(c) && !(c == '\r' && text[at + 1..].starts_with('\n'))
}

/// Untrusted text with every [unsafe character](is_unsafe_char) written
/// visibly as a Rust escape (`\u{1b}`), so the rest of an escape sequence
/// is shown as plain text and does nothing. Newlines, CRLF line ends and
/// tabs stay.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.char_indices() {
        if escaped_at(text, at, c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Where byte `offset` of `text` lands in `neutralise(text)`: later by the
/// extra bytes of every escape written before it, so a span found in the
/// original still marks the same characters in what is shown.
pub fn neutralised_offset(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    let extra: usize = before
        .char_indices()
        .filter(|&(at, c)| escaped_at(text, at, c))
        .map(|(_, c)| c)
        .map(|c| c.escape_unicode().count() - c.len_utf8())
        .sum();
    offset + extra
}

/// A whole human-readable output made safe for a terminal, the last step
/// before it is written: like [`neutralise`], except that with
/// `keep_colours` the colour and emphasis sequences the tool itself writes
/// (SGR: `ESC [ n;… m` with foreground, background, bold, dim, italic,
/// underline and strike-through codes) stay, so `--color always` works.
/// Plan text is neutralised where it enters an output; this guard also
/// covers a path that forgot, and never lets a sequence that moves the
/// cursor, clears, sets titles, writes the clipboard or hides text through.
pub fn terminal_guard(text: &str, keep_colours: bool) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && keep_colours
            && let Some(len) = colour_sequence_len(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if escaped_at(rest, 0, c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of the colour sequence `text` starts with, if it is one the
/// tool writes: `ESC [`, codes from [`COLOUR_CODES`] separated by `;`, `m`.
fn colour_sequence_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let end = body.find('m')?;
    let params = &body[..end];
    let allowed = params.is_empty()
        || params.split(';').all(|code| {
            code.parse::<u8>()
                .is_ok_and(|code| COLOUR_CODES.contains(&code))
        });
    allowed.then_some(2 + end + 1)
}

/// SGR codes that colour or emphasise: reset, bold, dim, italic,
/// underline, strike-through, their resets, and the 16 colours. Not
/// conceal (8), blink, or the 256/true-colour forms (38, 48), which can
/// paint text in the background's colour.
const COLOUR_CODES: &[u8] = &[
    0, 1, 2, 3, 4, 9, 21, 22, 23, 24, 29, 30, 31, 32, 33, 34, 35, 36, 37, 39, 40, 41, 42, 43, 44,
    45, 46, 47, 49, 90, 91, 92, 93, 94, 95, 96, 97, 100, 101, 102, 103, 104, 105, 106, 107,
];

/// A number with its unit: `99.9%`, `200 ms`, `140 accounts`.
pub fn with_unit(n: f64, unit: Option<&str>) -> String {
    match unit {
        None | Some("") => number(n),
        Some("%") => format!("{}%", number(n)),
        Some(unit) => format!("{} {unit}", number(n)),
    }
}

/// `+40,000 USD`, `-1,250.50 EUR`.
pub fn signed_amount(amount: f64, currency: &str) -> String {
    let sign = if amount >= 0.0 { "+" } else { "-" };
    format!("{sign}{} {currency}", number(amount.abs()))
}

/// An integer with thousands separators, exactly: no trip through `f64`,
/// which rounds beyond 2^53 (`-9223372036854775808` stays itself).
pub fn integer(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(&n.unsigned_abs().to_string()))
}

/// Digits with a comma every three from the right.
fn grouped(digits: &str) -> String {
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// A number with thousands separators and at most two decimals.
pub fn number(n: f64) -> String {
    if let Some(word) = non_finite(n) {
        return word.to_owned();
    }
    let rounded = (n * 100.0).round() / 100.0;
    // Whole digits as Rust prints the float, so magnitudes beyond u64 are
    // not clamped to 18,446,744,073,709,551,615.
    let whole = format!("{:.0}", rounded.trunc().abs());
    let grouped = grouped(&whole);
    let fraction = (rounded.abs().fract() * 100.0).round() as u64;
    let sign = if rounded < 0.0 { "-" } else { "" };
    if fraction == 0 {
        format!("{sign}{grouped}")
    } else if fraction.is_multiple_of(10) {
        format!("{sign}{grouped}.{}", fraction / 10)
    } else {
        format!("{sign}{grouped}.{fraction:02}")
    }
}

/// TOML's words for the floats that are no number (`nan`, `inf`, `-inf`),
/// which a `[custom]` table may hold: shown as the file writes them, never
/// as a digit string or zero.
pub fn non_finite(n: f64) -> Option<&'static str> {
    match n {
        n if n.is_nan() => Some("nan"),
        f64::INFINITY => Some("inf"),
        f64::NEG_INFINITY => Some("-inf"),
        _ => None,
    }
}

/// The closest known word, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(&word.to_lowercase(), k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Which of `candidates` (each an id and a name) a mistyped word most
/// likely meant, by its position: the id or the name regardless of case,
/// then a prefix of exactly one of them (two letters at least), then a close
/// spelling of an id, then of a name. `None` when nothing is close or a
/// prefix fits several.
pub fn suggest(word: &str, candidates: &[(&str, &str)]) -> Option<usize> {
    let word = word.trim().to_lowercase();
    if word.is_empty() {
        return None;
    }
    let lower: Vec<(String, String)> = candidates
        .iter()
        .map(|(id, name)| (id.to_lowercase(), name.to_lowercase()))
        .collect();
    let unique = |found: Vec<usize>| match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    if let Some(i) = lower.iter().position(|(id, _)| *id == word) {
        return Some(i);
    }
    let by_name: Vec<usize> = (0..lower.len()).filter(|&i| lower[i].1 == word).collect();
    if let Some(i) = unique(by_name) {
        return Some(i);
    }
    if word.chars().count() >= 2 {
        let by_prefix: Vec<usize> = (0..lower.len())
            .filter(|&i| lower[i].0.starts_with(&word) || lower[i].1.starts_with(&word))
            .collect();
        if !by_prefix.is_empty() {
            return unique(by_prefix);
        }
    }
    let ids: Vec<&str> = lower.iter().map(|(id, _)| id.as_str()).collect();
    if let Some(close) = did_you_mean(&word, &ids) {
        return ids.iter().position(|id| *id == close);
    }
    let names: Vec<&str> = lower.iter().map(|(_, name)| name.as_str()).collect();
    did_you_mean(&word, &names).and_then(|close| names.iter().position(|n| *n == close))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(40000.0), "40,000");
        assert_eq!(number(1250.5), "1,250.5");
        assert_eq!(number(99.95), "99.95");
        assert_eq!(number(999.0), "999");
        assert_eq!(signed_amount(-1234567.0, "USD"), "-1,234,567 USD");
        assert_eq!(integer(i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(integer(i64::MAX), "9,223,372,036,854,775,807");
        assert_eq!(integer(0), "0");
        assert_eq!(integer(-999), "-999");
    }

    #[test]
    fn hostile_text_is_shown_not_obeyed() {
        assert_eq!(
            neutralise("a\u{1b}]0;owned\u{7}b"),
            "a\\u{1b}]0;owned\\u{7}b"
        );
        assert_eq!(
            neutralise("x\u{9b}2J\u{202e}y\u{200b}"),
            "x\\u{9b}2J\\u{202e}y\\u{200b}"
        );
        assert_eq!(neutralise("tab\tand\nnewline"), "tab\tand\nnewline");
        assert_eq!(neutralise("crlf\r\nlone\rcr"), "crlf\r\nlone\\u{d}cr");
        assert_eq!(neutralise("Ünïcode ✓"), "Ünïcode ✓");
        let text = "a\u{1b}[2Jb = 1";
        let at = text.find('b').unwrap();
        assert_eq!(&neutralise(text)[neutralised_offset(text, at)..], "b = 1");
    }

    #[test]
    fn the_guard_keeps_only_colours() {
        let coloured = "\u{1b}[1m\u{1b}[32m+ new\u{1b}[0m";
        assert_eq!(terminal_guard(coloured, true), coloured);
        assert_eq!(
            terminal_guard(coloured, false),
            "\\u{1b}[1m\\u{1b}[32m+ new\\u{1b}[0m"
        );
        for hostile in [
            "\u{1b}[2J",
            "\u{1b}[8m",
            "\u{1b}[38;5;0m",
            "\u{1b}]52;c;eA==\u{7}",
            "\u{9b}2J",
        ] {
            let guarded = terminal_guard(hostile, true);
            assert!(
                !guarded.contains(['\u{1b}', '\u{9b}', '\u{7}']),
                "{guarded:?}"
            );
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("ownr", &["owner", "team"]), Some("owner"));
        assert_eq!(did_you_mean("zzzzzz", &["owner", "team"]), None);
    }

    #[test]
    fn suggestions_by_id_name_and_prefix() {
        let people = [
            ("tom-ng", "Tom Ng"),
            ("raj-patel", "Raj Patel"),
            ("tomas", "Tomás Díaz"),
        ];
        let teams = [("platform", "Platform"), ("data", "Data")];
        assert_eq!(suggest("Platform", &teams), Some(0));
        assert_eq!(suggest("DATA", &teams), Some(1));
        assert_eq!(suggest("raj", &people), Some(1));
        assert_eq!(suggest("Raj Patel", &people), Some(1));
        assert_eq!(suggest("raj-patle", &people), Some(1));
        // `tom` starts both `tom-ng` and `tomas`: no guess.
        assert_eq!(suggest("tom", &people), None);
        assert_eq!(suggest("tom-", &people), Some(0));
        assert_eq!(suggest("zzzz", &people), None);
        assert_eq!(suggest("", &people), None);
    }
}
