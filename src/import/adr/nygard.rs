//! Reads one adr-tools / Nygard ADR: `# 12. Title`, a `Date: YYYY-MM-DD`
//! line under it, and the level-2 sections `Status`, `Context`, `Decision`
//! and `Consequences`. The status section may hold link lines (`Superseded
//! by [13. X](0013-x.md)`, `Amends […](…)`) beside or instead of the status
//! word. Sections are kept as written, by their byte ranges. Reading only.

use super::{Adr, Outline, links, numbered, without_number};

pub(super) fn parse(text: &str) -> Result<Adr, (Option<usize>, String)> {
    let outline = Outline::new(text, 1);
    let mut adr = Adr::default();
    if let Some(title) = outline.title() {
        adr.title = without_number(&title.title).to_owned();
    }
    let (intro, first) = outline.intro();
    for (line, words) in numbered(intro, first) {
        if let Some(date) = words.trim().strip_prefix("Date:") {
            adr.date = Some((date.trim().to_owned(), line));
            break;
        }
    }
    if let Some(status) = outline.find(2, &["status"]) {
        let body = &outline.text[status.body.clone()];
        let start = outline.line_at(status.body.start);
        // Paragraphs: the status word is the first one that is no link line.
        let mut paragraph: Option<(usize, String)> = None;
        let mut paragraphs = Vec::new();
        for (line, words) in numbered(body, start) {
            if words.trim().is_empty() {
                paragraphs.extend(paragraph.take());
            } else if let Some((_, text)) = paragraph.as_mut() {
                text.push(' ');
                text.push_str(words.trim());
            } else {
                paragraph = Some((line, words.trim().to_owned()));
            }
        }
        paragraphs.extend(paragraph);
        let mut replaced = None;
        for (line, words) in paragraphs {
            match links::relation(&words, line) {
                Some(relation) => {
                    if relation.rel == links::Rel::SupersededBy {
                        replaced.get_or_insert(line);
                    }
                    adr.relations.push(relation);
                }
                None if adr.status.is_none() => adr.status = Some((words, line)),
                None => {}
            }
        }
        // `Superseded by […]` alone says the status too.
        if adr.status.is_none()
            && let Some(line) = replaced
        {
            adr.status = Some(("superseded".into(), line));
        }
    }
    let section = |name: &str| {
        outline
            .find(2, &[name])
            .map(|s| outline.body(s).to_owned())
            .unwrap_or_default()
    };
    adr.context = section("context");
    adr.decision = section("decision");
    adr.consequences = section("consequences");
    Ok(adr)
}
