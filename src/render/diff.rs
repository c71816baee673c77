//! The semantic diff as terminal text, Markdown for pull-request comments,
//! and JSON (schema in docs/json.md).
//!
//! Plan text (titles, ids, field names and values, revision labels, parse
//! messages) is neutralised where it enters the terminal text, escaped where
//! it enters Markdown, and kept exact in JSON. Markdown stays under a
//! comment's size limit however large the plan.

use anstyle::{AnsiColor, Style};
use serde_json::json;
use similar::{ChangeTag, TextDiff};

use super::markdown::escape;
use super::records::{value_json, value_text};
use crate::diff::meaning::is_money;
use crate::diff::{Action, CapacityDelta, FieldChange, Load, Meaning, PlanDiff, RecordChange};
use crate::model::{Kind, Value};
use crate::text::{integer, neutralise, number};

/// GitHub refuses comments longer than this many characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// The first line of the Markdown output, invisible once rendered.
pub const COMMENT_MARKER: &str = "<!-- cto-plan-diff -->";

/// Room kept for the closing lines when output is cut.
const FOOTER_ROOM: usize = 600;

/// The most rows a summary table (budget categories, headcount) shows; the
/// rest are counted in an "… and N more" row.
const TABLE_ROWS: usize = 50;

/// The most characters of plan text in one table cell.
const CELL_CHARS: usize = 100;

/// Plan text for a table cell: escaped, and cut to [`CELL_CHARS`]
/// characters first (cutting escaped Markdown could split an escape).
fn cell(text: &str) -> String {
    if text.chars().count() <= CELL_CHARS {
        return escape(text);
    }
    let cut: String = text.chars().take(CELL_CHARS - 1).collect();
    format!("{}…", escape(&cut))
}

/// Appends table `rows` to `out` while they fit: at most [`TABLE_ROWS`],
/// and none that would take `out` past `room` bytes (bytes are never fewer
/// than characters, so GitHub's character limit holds). What is left out is
/// said in a last row, `| … and N more |` with the table's `columns`.
fn capped_rows(out: &mut String, rows: Vec<String>, columns: usize, room: usize) {
    let total = rows.len();
    let mut shown = 0;
    for row in rows {
        if shown == TABLE_ROWS || out.len() + row.len() > room {
            break;
        }
        out.push_str(&row);
        shown += 1;
    }
    if shown < total {
        out.push_str(&format!(
            "| … and {} more |{}\n",
            total - shown,
            " |".repeat(columns - 1)
        ));
    }
}

fn sigil(action: Action) -> &'static str {
    match action {
        Action::Added => "+",
        Action::Changed => "~",
        Action::Renamed => "→",
        Action::Removed => "-",
    }
}

fn heading(kind: Kind) -> &'static str {
    kind.spec().heading
}

/// Groups changes by kind, in the plan's kind order.
fn by_kind(changes: &[RecordChange]) -> Vec<(Kind, Vec<&RecordChange>)> {
    Kind::ALL
        .iter()
        .map(|&kind| {
            (
                kind,
                changes
                    .iter()
                    .filter(|c| c.kind == kind)
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

/// Styles for terminal output; plain when colour is off.
struct Palette {
    added: Style,
    removed: Style,
    changed: Style,
    dim: Style,
    bold: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if !color {
            let plain = Style::new();
            return Palette {
                added: plain,
                removed: plain,
                changed: plain,
                dim: plain,
                bold: plain,
            };
        }
        Palette {
            added: AnsiColor::Green.on_default(),
            removed: AnsiColor::Red.on_default(),
            changed: AnsiColor::Yellow.on_default(),
            dim: Style::new().dimmed(),
            bold: Style::new().bold(),
        }
    }

    fn action(&self, action: Action) -> Style {
        match action {
            Action::Added => self.added,
            Action::Removed => self.removed,
            Action::Changed | Action::Renamed => self.changed,
        }
    }
}

/// A word-level diff as runs: consecutive words with the same fate are
/// joined, so a rewritten sentence reads as one deletion and one insertion.
fn word_runs(old: &str, new: &str) -> Vec<(ChangeTag, String)> {
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let tag = change.tag();
        // Whitespace between two changed words belongs to the change around it.
        let text = change.value();
        match runs.last_mut() {
            Some((last, run)) if *last == tag => run.push_str(text),
            _ => runs.push((tag, text.to_owned())),
        }
    }
    runs
}

/// A budget line's money change is already on its field lines, unless the
/// whole budget was added or removed.
fn shown_beside_fields(meaning: &Meaning, change: &RecordChange) -> bool {
    !matches!(meaning, Meaning::Money { .. }) || change.action != Action::Changed
}

fn field_line_text(
    kind: Kind,
    field: &FieldChange,
    currency: &str,
    palette: &Palette,
    color: bool,
) -> String {
    let meaning = field
        .meaning
        .as_ref()
        .and_then(|m| m.note(currency))
        .map(|note| format!("  {}({}){:#}", palette.dim, neutralise(&note), palette.dim))
        .unwrap_or_default();
    let field_path = neutralise(&field.path);
    match (&field.old, &field.new) {
        (Some(Value::Text(a)), Some(Value::Text(b))) if field.prose => {
            let mut out = format!("{field_path}:");
            let (a, b) = (neutralise(a.trim()), neutralise(b.trim()));
            for line in prose_lines(&a, &b, palette, color) {
                out.push_str("\n        ");
                out.push_str(&line);
            }
            out
        }
        (None, Some(new)) => leaves(&field.path, new)
            .into_iter()
            .map(|(path, value)| {
                format!(
                    "{}+ {} = {}{:#}",
                    palette.added,
                    neutralise(&path),
                    neutralise(&shown(kind, &path, value, currency)),
                    palette.added
                )
            })
            .collect::<Vec<_>>()
            .join("\n      "),
        (Some(old), None) => leaves(&field.path, old)
            .into_iter()
            .map(|(path, value)| {
                format!(
                    "{}- {} = {}{:#}",
                    palette.removed,
                    neutralise(&path),
                    neutralise(&shown(kind, &path, value, currency)),
                    palette.removed
                )
            })
            .collect::<Vec<_>>()
            .join("\n      "),
        (old, new) => {
            let (old, new) = shown_pair(kind, &field.path, old, new, currency);
            format!(
                "{field_path}: {} → {}{meaning}",
                neutralise(&old),
                neutralise(&new)
            )
        }
    }
}

/// The leaves of a value: a table (a keyed sub-table, an added budget line)
/// is one entry per key, `line.ads.planned`, so that it reads as lines
/// instead of one long inline table. Empty tables stay whole.
fn leaves<'v>(path: &str, value: &'v Value) -> Vec<(String, &'v Value)> {
    match value {
        Value::Table(table) if !table.entries.is_empty() => table
            .entries
            .iter()
            .flat_map(|e| leaves(&format!("{path}.{}", e.key), &e.value))
            .collect(),
        other => vec![(path.to_owned(), other)],
    }
}

/// A value as a diff shows it: numbers with thousands separators (integers
/// exactly, whatever their size), amounts of money with the currency too;
/// text in quotes when it sits in a sub-table, where a bare word would read
/// as a key.
fn shown(kind: Kind, path: &str, value: &Value, currency: &str) -> String {
    let amount = match value {
        Value::Integer(i) => Some(integer(*i)),
        Value::Float(f) => Some(number(*f)),
        _ => None,
    };
    match (amount, value) {
        (Some(n), _) if is_money(kind, path) => format!("{n} {currency}"),
        (Some(n), _) => n,
        (None, Value::Text(text)) if path.contains('.') => format!("{text:?}"),
        (None, other) => value_text(other),
    }
}

/// Both sides of a change; the currency is said once, after the new amount.
fn shown_pair(
    kind: Kind,
    path: &str,
    old: &Option<Value>,
    new: &Option<Value>,
    currency: &str,
) -> (String, String) {
    let side = |value: &Option<Value>, currency: &str| {
        value.as_ref().map_or_else(
            || "(unset)".to_owned(),
            |v| shown(kind, path, v, currency).trim_end().to_owned(),
        )
    };
    let money = is_money(kind, path) && new.is_some() && old.is_some();
    let old = if money {
        side(old, "")
    } else {
        side(old, currency)
    };
    (old, side(new, currency))
}

/// A prose change as the lines that changed: `- ` the old line with the
/// removed words marked, `+ ` the new one with the added words marked;
/// unchanged lines are left out. Marks are `[-…-]` and `{+…+}` without
/// colour, struck-through and underlined with it.
fn prose_lines(old: &str, new: &str, palette: &Palette, color: bool) -> Vec<String> {
    let mark = |text: &str, tag: ChangeTag| match (tag, color) {
        (ChangeTag::Delete, true) => format!(
            "{}{text}{:#}{}",
            palette.removed.strikethrough(),
            palette.removed,
            palette.removed
        ),
        (ChangeTag::Insert, true) => format!(
            "{}{text}{:#}{}",
            palette.added.underline(),
            palette.added,
            palette.added
        ),
        (ChangeTag::Delete, false) => format!("[-{text}-]"),
        (ChangeTag::Insert, false) => format!("{{+{text}+}}"),
        (ChangeTag::Equal, _) => text.to_owned(),
    };
    let removed = |line: &str| format!("{}- {line}{:#}", palette.removed, palette.removed);
    let added = |line: &str| format!("{}+ {line}{:#}", palette.added, palette.added);
    changed_lines(old, new)
        .into_iter()
        .flat_map(|pair| match pair {
            (Some(a), None) => vec![removed(a)],
            (None, Some(b)) => vec![added(b)],
            (Some(a), Some(b)) => {
                let runs = word_runs(a, b);
                let side = |keep: ChangeTag| {
                    one_side(&runs, keep)
                        .iter()
                        .map(|(tag, text)| mark(text, *tag))
                        .collect::<String>()
                };
                vec![
                    removed(&side(ChangeTag::Delete)),
                    added(&side(ChangeTag::Insert)),
                ]
            }
            (None, None) => vec![],
        })
        .collect()
}

/// The runs one side of a line shows: the equal ones and those of `keep`
/// (deletions for the old line, insertions for the new). Spaces between two
/// changed words join them, so a rewritten phrase is marked once, not word
/// by word.
fn one_side(runs: &[(ChangeTag, String)], keep: ChangeTag) -> Vec<(ChangeTag, String)> {
    let kept: Vec<&(ChangeTag, String)> = runs
        .iter()
        .filter(|(tag, _)| *tag == ChangeTag::Equal || *tag == keep)
        .collect();
    let mut out: Vec<(ChangeTag, String)> = Vec::new();
    for (i, (tag, text)) in kept.iter().map(|r| (r.0, &r.1)).enumerate() {
        let between_changes = tag == ChangeTag::Equal
            && text.trim().is_empty()
            && out.last().is_some_and(|(t, _)| *t == keep)
            && kept.get(i + 1).is_some_and(|(t, _)| *t == keep);
        let tag = if between_changes { keep } else { tag };
        match out.last_mut() {
            Some((last, run)) if *last == tag => run.push_str(text),
            _ => out.push((tag, text.clone())),
        }
    }
    out
}

/// The lines of a prose change: (old, new) for a changed line, (old, None)
/// for a removed one, (None, new) for an added one; equal lines are left out.
fn changed_lines<'t>(old: &'t str, new: &'t str) -> Vec<(Option<&'t str>, Option<&'t str>)> {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_lines, &new_lines) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        let (olds, news) = (&old_lines[olds], &new_lines[news]);
        for i in 0..olds.len().max(news.len()) {
            out.push((olds.get(i).copied(), news.get(i).copied()));
        }
    }
    out
}

/// One record's change for a terminal: a line for the record, then its
/// meanings and field changes (unless `stat`).
pub fn change_text(change: &RecordChange, currency: &str, color: bool, stat: bool) -> String {
    let palette = Palette::new(color);
    let style = palette.action(change.action);
    let renamed = change
        .renamed_from
        .as_ref()
        .map(|from| format!(" (from {})", neutralise(from)))
        .unwrap_or_default();
    let mut out = format!(
        "  {style}{} {}{:#}  {}{renamed}\n",
        sigil(change.action),
        neutralise(&change.reference()),
        style,
        neutralise(&change.title)
    );
    if stat {
        return out;
    }
    for meaning in change
        .meanings
        .iter()
        .filter(|m| shown_beside_fields(m, change))
    {
        out.push_str(&format!(
            "      {}{}{:#}\n",
            palette.changed,
            neutralise(&meaning.describe(currency)),
            palette.changed
        ));
    }
    // Added and removed records list their fields; changes list what changed.
    for field in &change.fields {
        out.push_str(&format!(
            "      {}\n",
            field_line_text(change.kind, field, currency, &palette, color)
        ));
    }
    out
}

/// Terminal text: the summary first, then each kind's changes.
pub fn text(diff: &PlanDiff, color: bool, stat: bool) -> String {
    let palette = Palette::new(color);
    let summary = diff.summary();
    let mut out = format!(
        "{}plan diff {} → {}{:#}\n",
        palette.bold,
        neutralise(&diff.from),
        neutralise(&diff.to),
        palette.bold
    );
    out.push_str(&neutralise(&summary.line(&diff.currency)));
    out.push('\n');
    for (kind, changes) in by_kind(&diff.changes) {
        out.push_str(&format!(
            "\n{}{}{:#}\n",
            palette.bold,
            heading(kind),
            palette.bold
        ));
        for change in changes {
            out.push_str(&change_text(change, &diff.currency, color, stat));
        }
    }
    if let Some(delta) = diff.capacity.as_ref().filter(|d| !d.is_empty()) {
        out.push_str(&format!(
            "\n{}Capacity (quarters not yet over){:#}\n",
            palette.bold, palette.bold
        ));
        out.push_str(&neutralise(&capacity_text(delta)));
    }
    if !diff.templates.is_empty() {
        out.push_str(&format!(
            "\n{}Templates (run by `new` and `review`){:#}\n",
            palette.bold, palette.bold
        ));
        for template in &diff.templates {
            out.push_str(&format!(
                "  {} ({})\n",
                neutralise(&template.path),
                template.change
            ));
        }
    }
    if !diff.broken.is_empty() {
        out.push_str(&format!(
            "\n{}Files that do not parse{:#}\n",
            palette.bold, palette.bold
        ));
        for broken in &diff.broken {
            out.push_str(&format!(
                "  {}! {}:{}:{}{:#} ({}): {}\n",
                palette.removed,
                neutralise(&broken.path),
                broken.line,
                broken.column,
                palette.removed,
                broken.side,
                neutralise(&broken.message)
            ));
        }
    }
    out
}

fn field_line_markdown(kind: Kind, field: &FieldChange, currency: &str) -> String {
    let path = escape(&field.path);
    let meaning = field
        .meaning
        .as_ref()
        .and_then(|m| m.note(currency))
        .map(|note| format!(" — *{}*", escape(&note)))
        .unwrap_or_default();
    match (&field.old, &field.new) {
        (Some(Value::Text(a)), Some(Value::Text(b))) if field.prose => {
            let mark = |runs: &[(ChangeTag, String)], keep: ChangeTag, wrap: &str| {
                let mut words = String::new();
                for (tag, run) in &one_side(runs, keep) {
                    let text = escape(run);
                    if *tag == ChangeTag::Equal || text.trim().is_empty() {
                        if *tag == ChangeTag::Equal || *tag == keep {
                            words.push_str(&text);
                        }
                    } else if *tag == keep {
                        let lead = &text[..text.len() - text.trim_start().len()];
                        let trail = &text[text.trim_end().len()..];
                        words.push_str(&format!("{lead}{wrap}{}{wrap}{trail}", text.trim()));
                    }
                }
                words
            };
            let mut out = format!("**{path}**:");
            for pair in changed_lines(a.trim(), b.trim()) {
                let runs = word_runs(pair.0.unwrap_or(""), pair.1.unwrap_or(""));
                if pair.0.is_some() {
                    out.push_str(&format!(
                        "\n    - was: {}",
                        mark(&runs, ChangeTag::Delete, "~~")
                    ));
                }
                if pair.1.is_some() {
                    out.push_str(&format!(
                        "\n    - now: {}",
                        mark(&runs, ChangeTag::Insert, "**")
                    ));
                }
            }
            out
        }
        (None, Some(new)) => leaves(&field.path, new)
            .into_iter()
            .map(|(path, value)| {
                format!(
                    "**{}** = {}",
                    escape(&path),
                    escape(&shown(kind, &path, value, currency))
                )
            })
            .collect::<Vec<_>>()
            .join("\n  - "),
        (Some(old), None) => leaves(&field.path, old)
            .into_iter()
            .map(|(path, value)| {
                format!(
                    "**{}** removed (was {})",
                    escape(&path),
                    escape(&shown(kind, &path, value, currency))
                )
            })
            .collect::<Vec<_>>()
            .join("\n  - "),
        (old, new) => {
            let (old, new) = shown_pair(kind, &field.path, old, new, currency);
            format!("**{path}**: {} → {}{meaning}", escape(&old), escape(&new))
        }
    }
}

/// The sign of a record line in Markdown, escaped: a bare `+` or `-` after
/// the list bullet would start a nested list.
fn sigil_markdown(action: Action) -> &'static str {
    match action {
        Action::Added => "\\+",
        Action::Changed => "\\~",
        Action::Renamed => "→",
        Action::Removed => "\\-",
    }
}

/// One record's change as a Markdown list item with its details.
pub fn record_markdown(change: &RecordChange, currency: &str) -> String {
    let renamed = change
        .renamed_from
        .as_ref()
        .map(|from| format!(" (from {})", escape(from)))
        .unwrap_or_default();
    let mut out = format!(
        "- {} **{}** {}{renamed}\n",
        sigil_markdown(change.action),
        escape(&change.reference()),
        escape(&change.title)
    );
    for meaning in change
        .meanings
        .iter()
        .filter(|m| shown_beside_fields(m, change))
    {
        out.push_str(&format!("  - *{}*\n", escape(&meaning.describe(currency))));
    }
    for field in &change.fields {
        out.push_str(&format!(
            "  - {}\n",
            field_line_markdown(change.kind, field, currency)
        ));
    }
    out
}

/// "92%", or in words when there is no supply.
fn load_figure(load: &Load) -> String {
    super::capacity::load_of(load.load, load.demand)
}

/// One load's move, as "team/data 2027-Q1: 92% → 118% of capacity (demand
/// 110 → 130, supply 120 engineer-weeks)", plain (the caller escapes).
fn load_move_words(before: &Load, after: &Load) -> String {
    let pair = |a: f64, b: f64| {
        let (a, b) = (crate::capacity::weeks(a), crate::capacity::weeks(b));
        if a == b { b } else { format!("{a} → {b}") }
    };
    // "of capacity" only after a percentage: "no supply" is its own words.
    format!(
        "{} → {}{} (demand {}, supply {} engineer-weeks)",
        load_figure(before),
        load_figure(after),
        if after.load.is_some() {
            " of capacity"
        } else {
            ""
        },
        pair(before.demand, after.demand),
        pair(before.supply, after.supply)
    )
}

fn key_person_words(risk: &crate::diff::NewKeyPerson) -> String {
    let who = match &risk.person_name {
        Some(name) => format!("only {name} has {}", risk.skill),
        None => format!("nobody has {}", risk.skill),
    };
    format!("{who}, needed by {}", risk.needed_by.join(", "))
}

/// The capacity section of the terminal text, before neutralising.
fn capacity_text(delta: &CapacityDelta) -> String {
    let mut out = String::new();
    for moved in &delta.loads {
        out.push_str(&format!(
            "  {} {}: {}{}\n",
            moved.team,
            moved.quarter,
            load_move_words(&moved.before, &moved.after),
            if moved.over && moved.after.load.is_some() {
                ", over capacity"
            } else {
                ""
            }
        ));
    }
    for risk in &delta.key_person {
        out.push_str(&format!(
            "  new key-person risk {}: {}\n",
            risk.quarter,
            key_person_words(risk)
        ));
    }
    out
}

/// The capacity section of the pull-request comment, within `room` bytes.
fn capacity_markdown(out: &mut String, delta: &CapacityDelta, room: usize) {
    out.push_str(&format!(
        "**Capacity**: the team loads this change moves by more than {} points, this quarter and the next four\n",
        number(delta.threshold_points)
    ));
    if !delta.loads.is_empty() {
        out.push_str("\n| Team | Quarter | Load | Demand | Supply |\n|---|---|---:|---:|---:|\n");
        let rows = delta
            .loads
            .iter()
            .map(|m| {
                format!(
                    "| {} | {} | {} → {}{} | {} → {} | {} → {} |\n",
                    cell(&m.team),
                    cell(&m.quarter),
                    escape(&load_figure(&m.before)),
                    escape(&load_figure(&m.after)),
                    if m.over && m.after.load.is_some() {
                        " **over**"
                    } else {
                        ""
                    },
                    crate::capacity::weeks(m.before.demand),
                    crate::capacity::weeks(m.after.demand),
                    crate::capacity::weeks(m.before.supply),
                    crate::capacity::weeks(m.after.supply)
                )
            })
            .collect();
        capped_rows(out, rows, 5, room);
    }
    if !delta.key_person.is_empty() {
        out.push_str("\n**New key-person risks**\n\n");
        const SHOWN: usize = 20;
        for risk in delta.key_person.iter().take(SHOWN) {
            // Each piece is cut on its own, so that a long skill or name
            // never cuts off the references the reader needs.
            let who = match &risk.person_name {
                Some(name) => format!("only {} has {}", cell(name), cell(&risk.skill)),
                None => format!("nobody has {}", cell(&risk.skill)),
            };
            const REFERENCES: usize = 10;
            let mut needed_by: Vec<String> = risk
                .needed_by
                .iter()
                .take(REFERENCES)
                .map(|r| cell(r))
                .collect();
            if risk.needed_by.len() > REFERENCES {
                needed_by.push(format!("and {} more", risk.needed_by.len() - REFERENCES));
            }
            out.push_str(&format!(
                "- {}: {who}, needed by {}\n",
                cell(&risk.quarter),
                needed_by.join(", ")
            ));
        }
        if delta.key_person.len() > SHOWN {
            out.push_str(&format!(
                "- … and {} more\n",
                delta.key_person.len() - SHOWN
            ));
        }
    }
    out.push('\n');
}

/// Markdown for a pull-request comment or job summary, kept under `limit`
/// characters (GitHub's comment limit by default).
pub fn markdown(diff: &PlanDiff, limit: usize) -> String {
    let summary = diff.summary();
    // The marker lets CI find and update its own comment instead of adding another.
    let mut out = format!(
        "{COMMENT_MARKER}\n### Plan changes: {} → {}\n\n**{}**\n\n",
        cell(&diff.from),
        cell(&diff.to),
        escape(&summary.line(&diff.currency))
    );
    if !diff.templates.is_empty() {
        // Capped: a pull request may add any number of files.
        const SHOWN: usize = 50;
        out.push_str("**Templates changed** (run by `cto-plan new` and `review`):\n\n");
        // Paths are cut like table cells: a path may be thousands of
        // characters long, and fifty of them would pass the comment limit.
        for template in diff.templates.iter().take(SHOWN) {
            out.push_str(&format!(
                "- {} ({})\n",
                cell(&template.path),
                template.change
            ));
        }
        if diff.templates.len() > SHOWN {
            out.push_str(&format!("- … and {} more\n", diff.templates.len() - SHOWN));
        }
        out.push('\n');
    }
    if diff.changes.is_empty() && diff.broken.is_empty() {
        if let Some(delta) = diff.capacity.as_ref().filter(|d| !d.is_empty()) {
            let room = out.len() + limit.saturating_sub(FOOTER_ROOM) / 8;
            capacity_markdown(&mut out, delta, room);
        }
        return out;
    }
    out.push_str("| Area | Added | Changed | Removed |\n|---|---:|---:|---:|\n");
    for (kind, changes) in by_kind(&diff.changes) {
        let count = |a: &[Action]| changes.iter().filter(|c| a.contains(&c.action)).count();
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            heading(kind),
            count(&[Action::Added]),
            count(&[Action::Changed, Action::Renamed]),
            count(&[Action::Removed])
        ));
    }
    let budget = limit.saturating_sub(FOOTER_ROOM);
    // Each summary table may take an eighth of the comment; the rest is for
    // broken files and the records' details.
    let table_room = budget / 8;
    if !summary.budget_by_category.is_empty() {
        out.push_str("\n| Budget category | Planned | Actual |\n|---|---:|---:|\n");
        let rows = summary
            .budget_by_category
            .iter()
            .map(|(category, (planned, actual))| {
                format!(
                    "| {} | {} | {} |\n",
                    cell(category),
                    escape(&crate::text::signed_amount(*planned, &diff.currency)),
                    escape(&crate::text::signed_amount(*actual, &diff.currency))
                )
            })
            .collect();
        let room = out.len() + table_room;
        capped_rows(&mut out, rows, 3, room);
    }
    if !summary.headcount.is_empty() {
        out.push_str("\n| Team | Headcount |\n|---|---:|\n");
        let rows = summary
            .headcount
            .iter()
            .map(|(team, delta)| format!("| {} | {delta:+} |\n", cell(team)))
            .collect();
        let room = out.len() + table_room;
        capped_rows(&mut out, rows, 2, room);
    }
    // The consequences after what changed, before the details.
    if let Some(delta) = diff.capacity.as_ref().filter(|d| !d.is_empty()) {
        out.push('\n');
        let room = out.len() + table_room;
        capacity_markdown(&mut out, delta, room);
    }
    let mut broken_left_out = 0;
    if !diff.broken.is_empty() {
        out.push_str("\n**Files that do not parse**\n\n");
        // Broken files may take half of what is left; the changes need room too.
        let broken_budget = out.len() + budget.saturating_sub(out.len()) / 2;
        for broken in &diff.broken {
            let line = format!(
                "- {}:{}:{} ({}): {}\n",
                escape(&broken.path),
                broken.line,
                broken.column,
                broken.side,
                escape(&broken.message)
            );
            if out.len() + line.len() > broken_budget {
                broken_left_out += 1;
                continue;
            }
            out.push_str(&line);
        }
        if broken_left_out > 0 {
            out.push_str(&format!("- … and {broken_left_out} more\n"));
        }
    }
    let mut left_out = 0;
    for (kind, changes) in by_kind(&diff.changes) {
        if out.len() >= budget {
            left_out += changes.len();
            continue;
        }
        out.push_str(&format!(
            "\n<details><summary>{} ({})</summary>\n\n",
            heading(kind),
            changes.len()
        ));
        let mut left_out_here = 0;
        for change in changes {
            let block = record_markdown(change, &diff.currency);
            if out.len() + block.len() > budget {
                left_out_here += 1;
                continue;
            }
            out.push_str(&block);
        }
        if left_out_here > 0 {
            out.push_str(&format!("- … and {left_out_here} more\n"));
        }
        left_out += left_out_here;
        out.push_str("\n</details>\n");
    }
    if left_out + broken_left_out > 0 {
        let left_out = left_out + broken_left_out;
        out.push_str(&format!(
            "\n*{left_out} more entr{} left out to stay under the {limit}-character comment limit; run `cto-plan diff` for all of them.*\n",
            if left_out == 1 { "y" } else { "ies" }
        ));
    }
    out
}

/// One record's change as JSON (docs/json.md, `changes[]`).
pub fn change_json(change: &RecordChange, currency: &str) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = change
        .fields
        .iter()
        .map(|f| {
            let mut field = json!({
                "path": f.path,
                "old": f.old.as_ref().map(value_json),
                "new": f.new.as_ref().map(value_json),
            });
            if let Some(meaning) = &f.meaning {
                field["meaning"] = json!(meaning.describe(currency));
                field["fact"] = json!(meaning);
            }
            field
        })
        .collect();
    let meanings: Vec<serde_json::Value> = change
        .meanings
        .iter()
        .map(|m| json!({ "text": m.describe(currency), "fact": m }))
        .collect();
    let mut item = json!({
        "kind": change.kind,
        "id": change.id,
        "action": change.action,
        "title": change.title,
        "fields": fields,
        "meanings": meanings,
    });
    if let Some(from) = &change.renamed_from {
        item["renamed_from"] = json!(from);
    }
    item
}

/// The JSON document described in docs/json.md.
pub fn json(diff: &PlanDiff) -> String {
    let summary = diff.summary();
    let changes: Vec<serde_json::Value> = diff
        .changes
        .iter()
        .map(|change| change_json(change, &diff.currency))
        .collect();
    let mut document = json!({
        "from": diff.from,
        "to": diff.to,
        "currency": diff.currency,
        "summary": { "text": summary.line(&diff.currency), "counts": summary },
        "changes": changes,
        "broken": diff.broken,
    });
    // Only when some changed: most diffs touch no template.
    if !diff.templates.is_empty() {
        document["templates"] = json!(diff.templates);
    }
    // Only when the change moves a load or adds a key-person risk.
    if let Some(delta) = diff.capacity.as_ref().filter(|d| !d.is_empty()) {
        document["capacity"] = json!(delta);
    }
    let mut out = serde_json::to_string_pretty(&document).expect("JSON values always serialise");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_marks_a_rewritten_phrase_once() {
        let palette = Palette::new(false);
        let lines = prose_lines(
            "Intro.\nWe run it on our own GPUs today.\nEnd.",
            "Intro.\nWe rent it from a cloud today.\nEnd.\nMore.",
            &palette,
            false,
        );
        assert_eq!(
            lines,
            [
                "- We [-run-] it [-on our own GPUs-] today.",
                "+ We {+rent+} it {+from a cloud+} today.",
                "+ More.",
            ]
        );
    }

    #[test]
    fn sub_tables_are_listed_by_key_and_money_is_formatted() {
        let mut table = crate::model::Table::default();
        for (key, value) in [
            ("category", Value::Text("vendors".into())),
            ("planned", Value::Integer(40000)),
        ] {
            table.entries.push(crate::model::Entry {
                key: key.into(),
                key_span: 0..0,
                value,
                span: 0..0,
            });
        }
        let value = Value::Table(table);
        let shown: Vec<String> = leaves("line.ads", &value)
            .into_iter()
            .map(|(path, v)| format!("{path} = {}", shown(Kind::Budget, &path, v, "EUR")))
            .collect();
        assert_eq!(
            shown,
            [
                "line.ads.category = \"vendors\"",
                "line.ads.planned = 40,000 EUR"
            ]
        );
        assert_eq!(
            shown_pair(
                Kind::Budget,
                "line.ads.actual",
                &Some(Value::Integer(177000)),
                &Some(Value::Float(264000.5)),
                "EUR"
            ),
            ("177,000".to_owned(), "264,000.5 EUR".to_owned())
        );
    }
}
