//! The links between ADRs and their numbers: a line such as `Superseded by
//! [13. Use X](0013-use-x.md)` or `Amends ADR-0002` read as a relation to
//! another file, and the numbering of a folder checked for gaps and
//! duplicates. Reading only: which file a link reaches is decided by the
//! caller, which knows the folder.

use std::collections::BTreeMap;

use super::{Origin, Problem, plain};
use crate::text::neutralise;

/// What a link says of the ADR it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    /// This ADR replaces the target.
    Supersedes,
    /// The target replaces this ADR.
    SupersededBy,
    /// Amends, amended by, clarifies, relates to…: no decision field says
    /// it, so the line is kept in the context.
    Other,
}

/// Which ADR a link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// A file of the folder, by name (`0013-use-x.md`).
    File(String),
    /// An ADR by number (`ADR-0013`).
    Number(u64),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::File(name) => f.write_str(name),
            Target::Number(n) => write!(f, "ADR {n}"),
        }
    }
}

/// One relation line of an ADR.
#[derive(Debug, Clone)]
pub(super) struct Relation {
    pub rel: Rel,
    /// `None` when the line names no ADR (`Superseded` alone).
    pub target: Option<Target>,
    pub line: usize,
    /// The line as written, without its list marker.
    pub text: String,
}

/// The relation `text` (one line or paragraph) states, if it is one: it
/// starts with a relation word and names an ADR.
pub(super) fn relation(text: &str, line: usize) -> Option<Relation> {
    let text = text.trim();
    let text = super::bullet(text).unwrap_or(text);
    let lower = text.to_lowercase();
    let target = target(text);
    let rel = if lower.starts_with("superseded by") || lower.starts_with("replaced by") {
        Rel::SupersededBy
    } else if lower.starts_with("supersedes") || lower.starts_with("replaces") {
        Rel::Supersedes
    } else if target.is_some() && starts_with_relation_words(&lower) {
        Rel::Other
    } else {
        return None;
    };
    if rel == Rel::Other && target.is_none() {
        return None;
    }
    Some(Relation {
        rel,
        target,
        line,
        text: text.to_owned(),
    })
}

/// Whether a line opens with a few words and then its link, as `Amends
/// [2. X](…)` or `Refined by ADR-0004` do (and not a sentence that happens
/// to hold a link).
fn starts_with_relation_words(lower: &str) -> bool {
    let before = lower
        .find(['[', '('])
        .or_else(|| lower.find("adr"))
        .map_or(lower, |at| &lower[..at]);
    let words = before.split_whitespace().count();
    (1..=3).contains(&words)
        && before
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == ':')
}

/// The ADR a line links to: a Markdown link's file, else `ADR-0013`,
/// `ADR 13` or `#13`, else a bare `0013-x.md`.
fn target(text: &str) -> Option<Target> {
    if let Some(at) = text.find("](") {
        let rest = &text[at + 2..];
        let href = rest.split(')').next().unwrap_or("").trim();
        let href = href.split(['#', '?']).next().unwrap_or("");
        if href.contains("://") || href.starts_with("mailto:") {
            return None;
        }
        let name = href.rsplit('/').next().unwrap_or("").trim();
        if !name.is_empty() {
            return Some(Target::File(name.to_owned()));
        }
    }
    // Without an escape or an entity, the words of the text are some of its
    // characters: with no digit there is no number to find, and with no
    // dot no `.md` file, so the Markdown need not be read ("Accepted").
    if !text.contains(['&', '\\', '.']) && !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let words = plain(text);
    let upper = words.to_uppercase();
    for marker in ["ADR-", "ADR ", "ADR#", "#"] {
        if let Some(at) = upper.find(marker) {
            let digits: String = upper[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse() {
                return Some(Target::Number(n));
            }
        }
    }
    words
        .split_whitespace()
        .find(|w| w.ends_with(".md"))
        .map(|w| Target::File(w.rsplit('/').next().unwrap_or(w).to_owned()))
}

/// The ADR number of a file: its name's leading digits (`0012-x.md`), else
/// the title's (`12. X`). Eight digits are a log4brains date, no number.
pub(super) fn number(name: &str, title: &str) -> Option<u64> {
    let lead = |text: &str| -> Option<u64> {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return None;
        }
        text[..digits].parse().ok()
    };
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return lead(name);
    }
    let title = title.strip_prefix("ADR").unwrap_or(title);
    lead(title.trim_start_matches(['-', ' ']))
}

/// Gaps and duplicates in a folder's numbering. `files` are (number, name
/// as shown) in name order.
pub(super) fn numbering<'a>(files: impl Iterator<Item = (Option<u64>, &'a str)>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<u64, &str> = BTreeMap::new();
    for (number, shown) in files {
        let Some(number) = number else { continue };
        match seen.get(&number) {
            Some(first) => problems.push(Problem {
                origin: Origin {
                    file: shown.to_owned(),
                    line: None,
                },
                message: format!(
                    "has number {number}, as {} has: renumber one of them",
                    neutralise(first)
                ),
            }),
            None => {
                seen.insert(number, shown);
            }
        }
    }
    let mut previous: Option<(u64, &str)> = None;
    for (&number, &shown) in &seen {
        if let Some((before, before_shown)) = previous
            && number > before + 1
        {
            let missing = if number == before + 2 {
                format!("number {} is missing", before + 1)
            } else {
                format!("numbers {} to {} are missing", before + 1, number - 1)
            };
            problems.push(Problem {
                origin: Origin {
                    file: shown.to_owned(),
                    line: None,
                },
                message: format!(
                    "{missing} after {}: a numbered ADR was deleted or not added",
                    neutralise(before_shown)
                ),
            });
        }
        previous = Some((number, shown));
    }
    problems
}
