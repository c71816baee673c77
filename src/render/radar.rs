//! The technology radar as text, Markdown or JSON, for `cto-plan radar`.
//!
//! Markdown escapes every value from the plan (names and ids come from pull
//! requests); text is plain. Nothing here reads git or the terminal.

use super::markdown::escape;
use crate::radar::{Blip, Move, MoveKind, Radar};

/// "moved assess → adopt", "new on the radar in trial", "off the radar (was hold)".
pub fn describe(change: &Move) -> String {
    let phrase = change.kind.phrase();
    match change.kind {
        MoveKind::New => format!("{phrase} {}", change.to.as_deref().unwrap_or("?")),
        MoveKind::Moved => format!(
            "{phrase} {} → {}",
            change.from.as_deref().unwrap_or("?"),
            change.to.as_deref().unwrap_or("?")
        ),
        MoveKind::Off => format!("{phrase} (was {})", change.from.as_deref().unwrap_or("?")),
    }
}

/// What a move cites: its commit and pull request, then its decisions.
fn citation(change: &Move) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(commit) = &change.commit {
        parts.push(commit.text());
    }
    if !change.decisions.is_empty() {
        parts.push(change.decisions.join(", "));
    }
    parts
}

fn count(radar: &Radar) -> usize {
    radar
        .quadrants
        .iter()
        .flat_map(|q| &q.rings)
        .map(|r| r.technologies.len())
        .sum::<usize>()
        + radar.unplaced.len()
}

fn since_line(radar: &Radar) -> Option<String> {
    let since = radar.since.as_ref()?;
    let commit = since
        .commit
        .as_ref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    Some(format!(
        "since {}{commit}: {} new, {} moved, {} off the radar",
        since.label,
        since.new,
        since.moved,
        since.off.len()
    ))
}

pub fn text(radar: &Radar) -> String {
    let n = count(radar);
    let mut out = format!(
        "technology radar: {n} {}\n",
        if n == 1 { "technology" } else { "technologies" }
    );
    if let Some(line) = since_line(radar) {
        out.push_str(&line);
        out.push('\n');
    }
    let width = radar
        .quadrants
        .iter()
        .flat_map(|q| &q.rings)
        .flat_map(|r| &r.technologies)
        .chain(&radar.unplaced)
        .map(|b| b.name.chars().count())
        .max()
        .unwrap_or(0);
    let line = |blip: &Blip| {
        let mut line = format!("    {:<width$}  technology/{}", blip.name, blip.id);
        if let Some(change) = &blip.change {
            line.push_str(&format!("  [{}", describe(change)));
            for part in citation(change) {
                line.push_str(&format!(" · {part}"));
            }
            line.push(']');
        }
        line.push('\n');
        line
    };
    for quadrant in &radar.quadrants {
        out.push_str(&format!("\n{}\n", quadrant.name.to_uppercase()));
        if quadrant.rings.iter().all(|r| r.technologies.is_empty()) {
            out.push_str("  nothing in this quadrant\n");
        }
        for ring in &quadrant.rings {
            if ring.technologies.is_empty() {
                continue;
            }
            out.push_str(&format!("  {}\n", ring.name));
            for blip in &ring.technologies {
                out.push_str(&line(blip));
            }
        }
    }
    if !radar.unplaced.is_empty() {
        out.push_str("\nNOT PLACED (a quadrant or ring the plan does not have)\n");
        for blip in &radar.unplaced {
            out.push_str(&line(blip));
        }
    }
    if let Some(since) = &radar.since
        && !since.off.is_empty()
    {
        out.push_str(&format!("\nOFF THE RADAR SINCE {}\n", since.label));
        for change in &since.off {
            let mut line = format!(
                "    {:<width$}  technology/{}  [{}",
                change.name,
                change.technology,
                describe(change)
            );
            for part in citation(change) {
                line.push_str(&format!(" · {part}"));
            }
            out.push_str(&line);
            out.push_str("]\n");
        }
    }
    out
}

pub fn markdown(radar: &Radar) -> String {
    let mut out = String::from("## Technology radar\n\n");
    if let Some(line) = since_line(radar) {
        out.push_str(&format!("{}\n\n", escape(&line)));
    }
    let cite = |change: &Move| -> String {
        let mut parts = vec![escape(&describe(change))];
        if let Some(commit) = &change.commit {
            let pr = commit
                .pull_request
                .map(|n| format!(" (#{n})"))
                .unwrap_or_default();
            let hex: String = commit
                .commit
                .chars()
                .filter(char::is_ascii_hexdigit)
                .collect();
            parts.push(format!("`{hex}`{pr}"));
        }
        if !change.decisions.is_empty() {
            parts.push(escape(&change.decisions.join(", ")));
        }
        parts.join(" · ")
    };
    for quadrant in &radar.quadrants {
        out.push_str(&format!("### {}\n\n", escape(&quadrant.name)));
        let rows: Vec<&Blip> = quadrant
            .rings
            .iter()
            .flat_map(|r| &r.technologies)
            .collect();
        if rows.is_empty() {
            out.push_str("Nothing in this quadrant.\n\n");
            continue;
        }
        out.push_str("| Ring | Technology | Since | Change |\n|---|---|---|---|\n");
        for blip in rows {
            out.push_str(&format!(
                "| {} | **{}** (technology/{}) | {} | {} |\n",
                escape(&blip.ring),
                escape(&blip.name),
                escape(&blip.id),
                blip.since.as_deref().map_or_else(|| "–".to_owned(), escape),
                blip.change.as_ref().map_or_else(|| "–".to_owned(), cite)
            ));
        }
        out.push('\n');
    }
    if !radar.unplaced.is_empty() {
        out.push_str("### Not placed\n\n");
        for blip in &radar.unplaced {
            out.push_str(&format!(
                "- **{}** (technology/{}): quadrant {}, ring {}\n",
                escape(&blip.name),
                escape(&blip.id),
                escape(&blip.quadrant),
                escape(&blip.ring)
            ));
        }
        out.push('\n');
    }
    if let Some(since) = &radar.since
        && !since.off.is_empty()
    {
        out.push_str(&format!(
            "### Off the radar since {}\n\n",
            escape(&since.label)
        ));
        for change in &since.off {
            out.push_str(&format!(
                "- **{}** (technology/{}): {}\n",
                escape(&change.name),
                escape(&change.technology),
                cite(change)
            ));
        }
        out.push('\n');
    }
    out
}

pub fn json(radar: &Radar) -> String {
    let mut out = serde_json::to_string_pretty(radar).expect("the radar always serialises");
    out.push('\n');
    out
}
