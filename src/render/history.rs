//! The audit commands' output: `log` like `git log -p` in planning terms,
//! and `blame`, as text, Markdown or JSON.
//!
//! Commit authors and messages are as untrusted as plan text: neutralised
//! in text, escaped in Markdown, exact in JSON.

use serde_json::json;

use super::diff::{change_json, change_text, record_markdown};
use super::markdown::escape;
use super::records::{value_json, value_text};
use crate::history::CommitInfo;
use crate::history::audit::{BlameLine, Entry};
use crate::text::neutralise;

/// Groups consecutive entries of one commit, keeping the order (newest first).
fn by_commit<'e, 'h>(entries: &'e [Entry<'h>]) -> Vec<(&'h CommitInfo, Vec<&'e Entry<'h>>)> {
    let mut groups: Vec<(&CommitInfo, Vec<&Entry>)> = Vec::new();
    for entry in entries {
        match groups.last_mut() {
            Some((commit, list)) if commit.id == entry.commit.id => list.push(entry),
            _ => groups.push((entry.commit, vec![entry])),
        }
    }
    groups
}

fn when(commit: &CommitInfo) -> String {
    commit.time.strftime("%Y-%m-%d %H:%M %:z").to_string()
}

pub fn log_text(entries: &[Entry<'_>], currency: &str, color: bool) -> String {
    let yellow = if color {
        anstyle::AnsiColor::Yellow.on_default()
    } else {
        anstyle::Style::new()
    };
    let mut out = String::new();
    for (commit, group) in by_commit(entries) {
        let pr = commit
            .pull_request
            .map(|n| format!(" (#{n})"))
            .unwrap_or_default();
        out.push_str(&format!("{yellow}commit {}{pr}{yellow:#}\n", commit.id));
        out.push_str(&format!(
            "Author: {} <{}>\n",
            neutralise(&commit.author),
            neutralise(&commit.email)
        ));
        if let Some(merger) = &commit.merged_by {
            out.push_str(&format!("Merged: {}{pr}\n", neutralise(merger)));
        }
        out.push_str(&format!(
            "Date:   {}\n\n    {}\n\n",
            when(commit),
            neutralise(&commit.summary)
        ));
        for entry in group {
            out.push_str(&change_text(entry.change, currency, color, false));
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("no changes found\n");
    }
    out
}

pub fn log_markdown(entries: &[Entry<'_>], currency: &str) -> String {
    let mut out = String::new();
    for (commit, group) in by_commit(entries) {
        let pr = commit
            .pull_request
            .map(|n| format!(" · #{n}"))
            .unwrap_or_default();
        let merged = commit
            .merged_by
            .as_ref()
            .map(|m| format!(" · merged by {}", escape(m)))
            .unwrap_or_default();
        out.push_str(&format!(
            "#### {} · {}{merged} · {}{pr}\n\n{}\n\n",
            commit.short,
            escape(&commit.author),
            commit.date(),
            escape(&commit.summary)
        ));
        for entry in group {
            out.push_str(&record_markdown(entry.change, currency));
        }
        out.push('\n');
    }
    out
}

pub fn log_json(entries: &[Entry<'_>], currency: &str) -> String {
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| json!({ "commit": e.commit, "change": change_json(e.change, currency) }))
        .collect();
    let mut out = serde_json::to_string_pretty(&items).expect("JSON values always serialise");
    out.push('\n');
    out
}

pub fn blame_text(reference: &str, title: &str, lines: &[BlameLine<'_>]) -> String {
    let width = lines
        .iter()
        .map(|l| neutralise(&l.path).chars().count())
        .max()
        .unwrap_or(0);
    let who = lines
        .iter()
        .filter_map(|l| l.commit)
        .map(|c| neutralise(&blame_who(c)).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!("{} — {}\n\n", neutralise(reference), neutralise(title));
    for line in lines {
        let origin = match line.commit {
            Some(c) => format!(
                "{:<13} {:<who$} {}",
                c.cite(),
                neutralise(&blame_who(c)),
                c.date()
            ),
            None => format!("{:<13} {:<who$} {:<10}", "(before)", "", ""),
        };
        out.push_str(&format!(
            "{origin}  {:<width$}  {}\n",
            neutralise(&line.path),
            neutralise(&shorten(&value_text(&line.value), 60))
        ));
    }
    out
}

/// The author of a change and, where someone else merged it, who did:
/// `Carol Sato (merged by Bob Stone)`.
fn blame_who(commit: &CommitInfo) -> String {
    match &commit.merged_by {
        Some(merger) => format!("{} (merged by {merger})", commit.author),
        None => commit.author.clone(),
    }
}

/// One line of a long value: its first line, cut at `max` characters.
fn shorten(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    if first.chars().count() <= max && !text.contains('\n') {
        return first.to_owned();
    }
    let cut: String = first.chars().take(max - 1).collect();
    format!("{cut}…")
}

pub fn blame_json(reference: &str, lines: &[BlameLine<'_>]) -> String {
    let items: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| json!({ "path": l.path, "value": value_json(&l.value), "commit": l.commit }))
        .collect();
    let mut out = serde_json::to_string_pretty(&json!({ "record": reference, "fields": items }))
        .expect("JSON values always serialise");
    out.push('\n');
    out
}
