//! Reads a folder of Nygard-style (adr-tools) architecture decision records
//! into a [`Batch`] of decision proposals.
//!
//! Each `.md` file's Markdown is parsed with pulldown-cmark: the first
//! level-1 heading is the title (an `N. ` number in front is dropped), a
//! `Date: YYYY-MM-DD` paragraph is the day it was proposed, and the level-2
//! sections `Status`, `Context`, `Decision` and `Consequences` are kept as
//! written, by their byte ranges in the source. Files that cannot be read as
//! UTF-8 text or that have no title are reported as problems, never fatal.
//! This module writes nothing and reads no git history.

use std::path::Path;

use jiff::civil::Date;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{Batch, Origin, Problem, Proposal};
use crate::edit::Assignment;
use crate::edit::new::id_for;
use crate::model::Kind;

/// Largest ADR read: larger files are reported, not parsed.
const MAX_ADR_BYTES: u64 = 1024 * 1024;

/// One ADR folder's decisions. `shown_dir` names the folder in reports, as
/// the user gave it; `source_dir` is its path relative to the plan's
/// repository root, for the idempotency key.
pub fn read_dir(dir: &Path, shown_dir: &str, source_dir: &str, today: Date) -> Batch {
    let mut batch = Batch::default();
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect(),
        Err(e) => {
            batch.problems.push(Problem {
                origin: origin(shown_dir, None),
                message: format!("cannot be read ({e}): give the folder of the ADRs"),
            });
            return batch;
        }
    };
    names.sort();
    for name in names {
        let shown = format!("{}/{name}", shown_dir.trim_end_matches('/'));
        let source = if source_dir.is_empty() {
            name.clone()
        } else {
            format!("{}/{name}", source_dir.trim_end_matches('/'))
        };
        if is_companion(&name) {
            continue;
        }
        match read_file(&dir.join(&name), &shown, &source, today) {
            Ok(proposal) => batch.proposals.push(proposal),
            Err(problem) => batch.problems.push(problem),
        }
    }
    batch
}

/// Files that sit beside ADRs without being one.
fn is_companion(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "readme.md" || lower == "index.md" || lower.contains("template")
}

fn origin(file: &str, line: Option<usize>) -> Origin {
    Origin {
        file: file.to_owned(),
        line,
    }
}

fn read_file(path: &Path, shown: &str, source: &str, today: Date) -> Result<Proposal, Problem> {
    let problem = |message: String| Problem {
        origin: origin(shown, None),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| problem(format!("cannot be read: {e}")))?
        .len();
    if size > MAX_ADR_BYTES {
        return Err(problem(format!(
            "is {size} bytes, more than an ADR has ({MAX_ADR_BYTES}): it is not imported"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| problem(format!("cannot be read: {e}")))?;
    if bytes.contains(&0) {
        return Err(problem(
            "is a binary file, not an ADR: it is not imported".into(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        problem(format!(
            "is not UTF-8 text (byte {}): save it as UTF-8 and import again",
            e.utf8_error().valid_up_to()
        ))
    })?;
    parse(&text, shown, source, today)
}

/// The parts of one ADR, as its Markdown has them.
#[derive(Default)]
struct Parts {
    title: Option<String>,
    date: Option<String>,
    status: Option<(String, usize)>,
    context: String,
    decision: String,
    consequences: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn parse(text: &str, shown: &str, source: &str, today: Date) -> Result<Proposal, Problem> {
    let mut parts = Parts::default();
    // (heading text, start of its body, start of the heading) per level-2 section.
    let mut sections: Vec<(String, usize, usize)> = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut paragraph: Option<String> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, String::new()));
                // A heading ends the section before it.
                if let Some(last) = sections.last_mut()
                    && last.2 == usize::MAX
                {
                    last.2 = range.start;
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, words)) = heading.take() {
                    let words = words.trim().to_owned();
                    if level == HeadingLevel::H1 && parts.title.is_none() {
                        parts.title = Some(without_number(&words).to_owned());
                    }
                    if level == HeadingLevel::H2 {
                        sections.push((words, range.end, usize::MAX));
                    }
                }
            }
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(words) = paragraph.take()
                    && sections.is_empty()
                    && let Some(date) = words.trim().strip_prefix("Date:")
                {
                    parts.date = Some(date.trim().to_owned());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push_str(&t);
                } else if let Some(words) = paragraph.as_mut() {
                    words.push_str(&t);
                }
            }
            _ => {}
        }
    }
    for (name, start, end) in &sections {
        let end = if *end == usize::MAX { text.len() } else { *end };
        let body = text[*start..end.max(*start)].trim().to_owned();
        match name.to_ascii_lowercase().as_str() {
            "status" => {
                let first = body.lines().next().unwrap_or("").trim().to_owned();
                parts.status = Some((first, line_of(text, *start) + 1));
            }
            "context" => parts.context = body,
            "decision" => parts.decision = body,
            "consequences" => parts.consequences = body,
            _ => {}
        }
    }
    let Some(title) = parts.title.filter(|t| !t.is_empty()) else {
        return Err(Problem {
            origin: origin(shown, None),
            message: "has no `# Title` heading, so it is not an ADR: it is not imported".into(),
        });
    };
    let mut fields = vec![Assignment::set("title", &title)];
    if let Some((word, line)) = &parts.status {
        match map_status(word) {
            Some(status) => fields.push(Assignment::set("status", status)),
            None => {
                return Err(Problem {
                    origin: origin(shown, Some(*line)),
                    message: format!(
                        "status '{word}' has no decision status: write proposed, accepted, rejected, deprecated or superseded"
                    ),
                });
            }
        }
    }
    if let Some(date) = &parts.date {
        fields.push(Assignment::set("proposed", date));
        if parts.status.as_ref().and_then(|(w, _)| map_status(w)) != Some("proposed") {
            fields.push(Assignment::set("decided", date));
        }
    }
    let link = format!("Imported from {source}.");
    let context = if parts.context.is_empty() {
        link
    } else {
        format!("{}\n\n{link}", parts.context)
    };
    fields.push(Assignment::set("context", context));
    if !parts.decision.is_empty() {
        fields.push(Assignment::set("decision", &parts.decision));
    }
    if !parts.consequences.is_empty() {
        fields.push(Assignment::set("consequences", &parts.consequences));
    }
    fields.push(Assignment::set("custom.source", source));
    let id = id_for(Kind::Decision, Some(&title), &fields, today).map_err(|e| Problem {
        origin: origin(shown, Some(1)),
        message: format!("{e}"),
    })?;
    Ok(Proposal {
        kind: Kind::Decision,
        id,
        source: format!("adr:{source}"),
        origin: origin(shown, None),
        fields,
        matched: None,
    })
}

/// `12. Use Kafka` → `Use Kafka`.
fn without_number(title: &str) -> &str {
    match title.split_once(". ") {
        Some((number, rest)) if number.bytes().all(|b| b.is_ascii_digit()) => rest.trim(),
        _ => title,
    }
}

/// An ADR status word → the decision status (docs/import.md has the table).
fn map_status(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    Some(match first {
        "proposed" | "draft" => "proposed",
        "accepted" | "approved" => "accepted",
        "rejected" => "rejected",
        "deprecated" => "deprecated",
        "superseded" => "superseded",
        _ => return None,
    })
}
