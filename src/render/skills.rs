//! Skills and key-person risks as text, Markdown or JSON, for `cto-plan
//! skills`, and the `cto-plan new risk` commands `--suggest-risks` prints.
//!
//! Skill and person names come from pull requests: Markdown escapes them,
//! text shows their control characters visibly, and the suggested commands
//! quote them for a POSIX shell so that pasting one runs nothing else.
//! Nothing here computes a figure or reads git or the terminal.

use super::markdown::escape;
use crate::skills::{Holder, KeyPerson, Skills};
use crate::text::neutralise;

fn names(people: &[Holder]) -> String {
    if people.is_empty() {
        return "nobody".into();
    }
    people
        .iter()
        .map(|h| neutralise(&h.name).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

fn leaving(people: &[Holder]) -> String {
    people
        .iter()
        .map(|h| {
            let day = h.left.map(|d| format!(" ({d})")).unwrap_or_default();
            format!("{}{day}", neutralise(&h.name))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_person_line(k: &KeyPerson) -> String {
    let who = match &k.person {
        Some(p) => format!("only {} ({})", neutralise(&p.name), p.record),
        None => "nobody".into(),
    };
    format!(
        "{}: {who}; needed by {}",
        neutralise(&k.skill),
        k.needed_by.join(", ")
    )
}

pub fn text(report: &Skills) -> String {
    let mut out = format!(
        "Skills in {} ({} to {})\n\n",
        report.quarter, report.start, report.end
    );
    if report.skills.is_empty() {
        out.push_str("No person or open initiative of the quarter names a skill.\n");
        return out;
    }
    let width = report
        .skills
        .iter()
        .map(|s| neutralise(&s.skill).chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    out.push_str(&format!(
        "  {:<width$}  {:>10}  WHO\n",
        "SKILL", "BUS FACTOR"
    ));
    for skill in &report.skills {
        let mut line = format!(
            "  {:<width$}  {:>10}  {}",
            neutralise(&skill.skill),
            skill.bus_factor,
            names(&skill.people)
        );
        if !skill.leaving.is_empty() {
            line.push_str(&format!("; leaving: {}", leaving(&skill.leaving)));
        }
        if !skill.needed_by.is_empty() {
            line.push_str(&format!("; needed by {}", skill.needed_by.join(", ")));
        }
        out.push_str(&line);
        out.push('\n');
    }
    if !report.key_person.is_empty() {
        out.push_str("\nKey-person risks (needed this quarter, held by one person or nobody):\n");
        for k in &report.key_person {
            out.push_str(&format!("  {}\n", key_person_line(k)));
        }
    }
    out
}

pub fn markdown(report: &Skills) -> String {
    let mut out = format!(
        "# Skills in {}\n\n{} to {}.\n\n| Skill | Bus factor | Who | Leaving | Needed by |\n|---|---:|---|---|---|\n",
        report.quarter, report.start, report.end
    );
    let people = |list: &[Holder]| {
        list.iter()
            .map(|h| escape(&h.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for skill in &report.skills {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            escape(&skill.skill),
            skill.bus_factor,
            people(&skill.people),
            people(&skill.leaving),
            skill
                .needed_by
                .iter()
                .map(|r| escape(r))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !report.key_person.is_empty() {
        out.push_str("\n## Key-person risks\n\n");
        for k in &report.key_person {
            let who = match &k.person {
                Some(p) => format!("only {}", escape(&p.name)),
                None => "nobody".into(),
            };
            out.push_str(&format!(
                "- **{}**: {who}; needed by {}\n",
                escape(&k.skill),
                k.needed_by
                    .iter()
                    .map(|r| escape(r))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out
}

pub fn json(report: &Skills) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("skills serialise");
    text.push('\n');
    text
}

/// Text for a POSIX shell's single quotes: nothing inside them is special
/// but the quote itself, which is closed, escaped and reopened.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// One `cto-plan new risk` command per key-person risk, ready to paste:
/// the person as owner when there is one, and a mitigation to start from.
pub fn suggested_risks(report: &Skills) -> String {
    let mut out = String::new();
    for k in &report.key_person {
        let mut command = format!(
            "cto-plan new risk --title {} category=people likelihood=3 impact=4",
            shell_quoted(&k.risk_title)
        );
        let mitigation = match &k.person {
            Some(p) => format!(
                "Pair someone with {} on {} before {}",
                p.name, k.skill, report.end
            ),
            None => format!("Hire or train for {} before {}", k.skill, report.end),
        };
        command.push_str(&format!(" mitigation={}", shell_quoted(&mitigation)));
        if let Some(p) = &k.person {
            let id = p.record.trim_start_matches("person/");
            command.push_str(&format!(" owner={}", shell_quoted(id)));
        }
        out.push_str(&neutralise(&command));
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("# no key-person risk in this quarter\n");
    }
    out
}
