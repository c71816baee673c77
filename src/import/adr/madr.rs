//! Reads one MADR (versions 2, 3 and 4) or log4brains ADR.
//!
//! Metadata comes from YAML front matter (MADR 3 and 4, log4brains:
//! `status`, `date`, `deciders` or MADR 4's `decision-makers`, `consulted`,
//! `informed`, `tags`), or from MADR 2's `* Status:` lines under the title.
//! Sections: "Context and Problem Statement", "Decision Drivers",
//! "Considered Options", "Decision Outcome" (with `Chosen option: "X"` and
//! its consequences), "Pros and Cons of the Options" and "Links". Front
//! matter that is no valid YAML makes the file unreadable, with its line.
//! Reading only.

use yaml_rust2::{Yaml, YamlLoader};

use crate::text::neutralise;

use super::{Adr, Choice, Outline, bullet, links, numbered, plain, push_paragraph, without_number};

/// The level-2 headings that only MADR writes, for telling formats apart.
pub(super) const SECTIONS: &[&str] = &[
    "context and problem statement",
    "considered options",
    "decision outcome",
    "pros and cons of the options",
    "decision drivers",
];

pub(super) fn parse(text: &str) -> Result<Adr, (Option<usize>, String)> {
    let mut adr = Adr::default();
    let (front, body_at, body_line) = front_matter(text)?;
    let outline = Outline::new(&text[body_at..], body_line);
    if let Some(title) = outline.title() {
        adr.title = without_number(&title.title).to_owned();
    }
    if let Some((yaml, source)) = &front {
        from_front_matter(&mut adr, yaml, source);
    }
    // MADR 2 and log4brains write the metadata as a list under the title.
    let (intro, first) = outline.intro();
    for (line, words) in numbered(intro, first) {
        let Some(item) = bullet(words) else { continue };
        let Some((key, value)) = item.split_once(':') else {
            continue;
        };
        // log4brains' template ends these lines with `<!-- optional -->`.
        let value = without_comments(value);
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_lowercase().as_str() {
            "status" if adr.status.is_none() => adr.status = Some((value.to_owned(), line)),
            "date" if adr.date.is_none() => adr.date = Some((value.to_owned(), line)),
            "deciders" | "decision-makers" | "decision makers" if adr.deciders.is_empty() => {
                adr.deciders = names(value, line);
            }
            "consulted" if adr.consulted.is_empty() => adr.consulted = names(value, line),
            "informed" if adr.informed.is_empty() => {
                adr.informed = names(value, line).into_iter().map(|(n, _)| n).collect();
            }
            // log4brains' template: "space and/or comma separated".
            "tags" if adr.tags.is_empty() => {
                adr.tags = tags(value)
                    .iter()
                    .flat_map(|tag| {
                        tag.split_whitespace()
                            .map(|word| word.trim_matches(['[', ']', '"', '\'']).to_owned())
                            .collect::<Vec<_>>()
                    })
                    .filter(|tag| !tag.is_empty())
                    .collect();
            }
            _ => {}
        }
    }
    // `superseded by [ADR-0005](0005-x.md)` is a status and a link.
    if let Some((status, line)) = &adr.status
        && let Some(relation) = links::relation(status, *line)
    {
        adr.relations.push(relation);
    }
    sections(&mut adr, &outline);
    Ok(adr)
}

/// `text` without its HTML comments (`<!-- … -->`); one left open ends it.
fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<!--") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 4..].find("-->") {
            Some(end) => &rest[start + 4 + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out.into()
}

/// The front matter's YAML (and its text) when the file starts with one,
/// and where the Markdown after it starts (byte, line).
#[allow(clippy::type_complexity)]
fn front_matter(
    text: &str,
) -> Result<(Option<(Yaml, &str)>, usize, usize), (Option<usize>, String)> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok((None, 0, 1));
    };
    let opened = text.len() - rest.len();
    let mut at = opened;
    for (line, row) in (2..).zip(rest.split_inclusive('\n')) {
        let bare = row.trim_end();
        if bare == "---" || bare == "..." {
            let yaml_text = &text[opened..at];
            let docs = YamlLoader::load_from_str(yaml_text).map_err(|e| {
                (
                    Some(1 + e.marker().line()),
                    format!(
                        "its front matter is not valid YAML ({}): fix it and import again",
                        neutralise(e.info())
                    ),
                )
            })?;
            let yaml = docs.into_iter().next().unwrap_or(Yaml::Null);
            if !matches!(yaml, Yaml::Hash(_) | Yaml::Null) {
                return Err((
                    Some(2),
                    "its front matter is no list of `key: value` lines: fix it and import again"
                        .into(),
                ));
            }
            return Ok((Some((yaml, yaml_text)), at + row.len(), line + 1));
        }
        at += row.len();
    }
    Err((
        Some(1),
        "its front matter has no closing `---` line: close it and import again".into(),
    ))
}

/// The metadata of MADR 3/4 and log4brains front matter.
fn from_front_matter(adr: &mut Adr, yaml: &Yaml, source: &str) {
    let Yaml::Hash(hash) = yaml else { return };
    for (key, value) in hash {
        let Some(key) = key.as_str() else { continue };
        let line = key_line(source, key);
        let texts = texts(value);
        if texts.is_empty() {
            continue;
        }
        match key.to_lowercase().as_str() {
            "status" => adr.status = Some((texts.join(" "), line)),
            "date" => adr.date = Some((texts.join(" "), line)),
            "deciders" | "decision-makers" => adr.deciders = listed(&texts, line),
            "consulted" => adr.consulted = listed(&texts, line),
            "informed" => adr.informed = listed(&texts, line).into_iter().map(|(n, _)| n).collect(),
            "tags" => adr.tags = texts.iter().flat_map(|t| tags(t)).collect(),
            _ => {}
        }
    }
}

/// The file line of `key:` in front matter (which starts on line 2).
fn key_line(source: &str, key: &str) -> usize {
    numbered(source, 2)
        .find(|(_, l)| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
        .map_or(2, |(n, _)| n)
}

/// A scalar as its text; a list as its items' texts.
fn texts(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => vec![s.trim().to_owned()],
        Yaml::Integer(n) => vec![n.to_string()],
        Yaml::Boolean(b) => vec![b.to_string()],
        Yaml::Array(items) => items.iter().flat_map(texts).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect()
}

/// People named in front matter: list items, or one comma-separated text.
fn listed(texts: &[String], line: usize) -> Vec<(String, usize)> {
    texts.iter().flat_map(|t| names(t, line)).collect()
}

/// `Jane, Bob Stone <bob@x>` → the names, with their line.
fn names(text: &str, line: usize) -> Vec<(String, usize)> {
    text.split([',', ';'])
        .map(person)
        .filter(|n| !n.is_empty() && !n.starts_with('{') && !n.starts_with('['))
        .map(|n| (n, line))
        .collect()
}

/// One person as written: `Bob Stone <bob@x>` keeps its e-mail in angle
/// brackets (Markdown would read it as a link and lose them), the rest is
/// read as the words it shows.
fn person(text: &str) -> String {
    if let Some((name, rest)) = text.trim().split_once('<')
        && let Some(email) = rest.strip_suffix('>')
        && email.contains('@')
        && !email.contains(['<', '>'])
    {
        let name = plain(name);
        return if name.is_empty() {
            email.trim().to_owned()
        } else {
            format!("{name} <{}>", email.trim())
        };
    }
    plain(text)
}

/// `dev-tools, doc` or `[a, b]` → the tags.
fn tags(text: &str) -> Vec<String> {
    text.trim_matches(['[', ']'])
        .split(',')
        .map(|t| t.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The items of a Markdown list, with their lines; an indented line
/// continues the item above it.
fn items(text: &str, first_line: usize) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (line, words) in numbered(text, first_line) {
        if let Some(item) = bullet(words) {
            out.push((line, item.to_owned()));
            open = true;
        } else if words.trim().is_empty() {
            open = false;
        } else if open && (words.starts_with(' ') || words.starts_with('\t')) {
            if let Some((_, item)) = out.last_mut() {
                item.push(' ');
                item.push_str(words.trim());
            }
        } else {
            open = false;
        }
    }
    out
}

fn sections(adr: &mut Adr, outline: &Outline<'_>) {
    let body = |names: &[&str]| outline.find(2, names).map(|s| outline.body(s).to_owned());
    adr.context = body(&["context and problem statement", "context"]).unwrap_or_default();
    if let Some(drivers) = body(&["decision drivers"]).filter(|d| !d.is_empty()) {
        push_paragraph(&mut adr.context, &format!("Decision drivers:\n\n{drivers}"));
    }
    if let Some(options) = outline.find(2, &["considered options"]) {
        let start = outline.line_at(options.body.start);
        for (_, item) in items(outline.body_text(options), start) {
            let title = plain(&item);
            if !title.is_empty() {
                adr.options.push(Choice {
                    title,
                    ..Choice::default()
                });
            }
        }
    }
    if let Some(outcome) = outline.find(2, &["decision outcome"]) {
        adr.decision = outline.own_body(outcome).to_owned();
        adr.chosen = chosen(outline, outcome);
        for part in outline.children(outcome) {
            let text = outline.body(part);
            if text.is_empty() {
                continue;
            }
            match part.title.to_lowercase().as_str() {
                "consequences" => push_paragraph(&mut adr.consequences, text),
                "positive consequences" => {
                    push_paragraph(&mut adr.consequences, &format!("Positive:\n\n{text}"));
                }
                "negative consequences" => {
                    push_paragraph(&mut adr.consequences, &format!("Negative:\n\n{text}"));
                }
                other => {
                    push_paragraph(&mut adr.decision, &format!("{}:\n\n{text}", capital(other)))
                }
            }
        }
    }
    if adr.consequences.is_empty()
        && let Some(consequences) = body(&["consequences"])
    {
        adr.consequences = consequences;
    }
    if let Some(pros_cons) = outline.find(2, &["pros and cons of the options"]) {
        for option in outline.children(pros_cons) {
            let title = plain(&option.title);
            let key = super::option_key(&title, 0);
            let at = match adr
                .options
                .iter()
                .position(|c| super::option_key(&c.title, 0) == key)
            {
                Some(at) => at,
                None => {
                    adr.options.push(Choice {
                        title,
                        ..Choice::default()
                    });
                    adr.options.len() - 1
                }
            };
            let start = outline.line_at(option.body.start);
            for (_, item) in items(outline.body_text(option), start) {
                let lower = item.to_lowercase();
                let choice = &mut adr.options[at];
                let (list, skip) = if lower.starts_with("good") {
                    (&mut choice.pros, "good")
                } else if lower.starts_with("bad") {
                    (&mut choice.cons, "bad")
                } else if lower.starts_with("neutral") {
                    (&mut choice.neutral, "neutral")
                } else {
                    continue;
                };
                let rest = item[skip.len()..].trim_start_matches([',', ':', ' ']);
                let rest = rest
                    .strip_prefix("because")
                    .or_else(|| rest.strip_prefix("Because"))
                    .unwrap_or(rest)
                    .trim();
                if !rest.is_empty() {
                    list.push(rest.to_owned());
                }
            }
        }
    }
    for links_section in ["links", "more information"] {
        let Some(section) = outline.find(2, &[links_section]) else {
            continue;
        };
        let body = outline.body_text(section);
        let start = outline.line_at(section.body.start);
        let mut kept: Vec<&str> = Vec::new();
        for (line, item) in items(body, start) {
            if let Some(relation) = links::relation(&item, line) {
                adr.relations.push(relation);
            }
        }
        // A link may stand on a line of its own, outside any list; the
        // other lines of "More Information" are kept in the context.
        for (line, words) in numbered(body, start) {
            match bullet(words) {
                // Read with its continuation lines above.
                Some(item) if links::relation(item, line).is_some() => continue,
                Some(_) => {}
                None if !words.starts_with([' ', '\t']) => {
                    if let Some(relation) = links::relation(words, line) {
                        adr.relations.push(relation);
                        continue;
                    }
                }
                None => {}
            }
            kept.push(words);
        }
        let kept = kept.join("\n");
        if links_section == "more information" && !kept.trim().is_empty() {
            push_paragraph(
                &mut adr.context,
                &format!("More information:\n\n{}", kept.trim()),
            );
        }
    }
}

/// `Chosen option: "Kafka", because …` → `Kafka`, with its line.
fn chosen(outline: &Outline<'_>, outcome: &super::Section) -> Option<(String, usize)> {
    let text = outline.body_text(outcome);
    let lower = text.to_lowercase();
    let at = lower.find("chosen option")?;
    let rest = text[at + "chosen option".len()..].trim_start_matches([':', ' ', '*']);
    let name = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.split('"').next()
    } else if let Some(quoted) = rest.strip_prefix('\u{201c}') {
        quoted.split('\u{201d}').next()
    } else if let Some(bracketed) = rest.strip_prefix('[') {
        bracketed.split(']').next()
    } else {
        rest.split([',', '\n']).next()
    }?;
    let name = plain(name);
    let line = outline.line_at(outcome.body.start + at);
    (!name.is_empty()).then_some((name, line))
}

/// `confirmation` → `Confirmation`.
fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
