//! Reads a folder of architecture decision records (adr-tools / Nygard,
//! MADR 2, 3 and 4, log4brains) into a [`Batch`] of decision proposals.
//!
//! Each `.md` file is outlined once with pulldown-cmark (its headings and
//! their byte ranges, so a `#` inside a code block is no heading), then read
//! by the parser of its format: [`nygard`] or [`madr`] (which also reads
//! log4brains). What the folder as a whole says is worked out here: the
//! supersede links in both directions ([`links`]), numbering gaps and
//! duplicates, deciders matched to the plan's people, and the dates an ADR
//! does not write, from the git history of its file ([`git_dates`]).
//!
//! Nothing here is fatal: a file that cannot be read, is not an ADR, or says
//! something that maps to no decision field becomes a [`Problem`] naming the
//! file and line. This module writes nothing and never touches a git index
//! or working tree; ADR text is kept as data (the report neutralises it).

mod git_dates;
mod links;
mod madr;
mod nygard;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;

use super::people::{Directory, imported_sources};
use super::{Batch, Origin, Problem, Proposal, list_text};
use crate::edit::Assignment;
use crate::edit::new::id_for;
use crate::edit::slug::slug;
use crate::model::{Kind, Plan};
use crate::text::neutralise;
use links::{Rel, Relation};

/// Largest ADR read: larger files are reported, not parsed.
const MAX_ADR_BYTES: u64 = 1024 * 1024;

/// Which ADR dialect the files are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Each file by its own marks: YAML front matter or `* Status:` lines
    /// make it MADR, a `## Status` section Nygard.
    #[default]
    Auto,
    /// adr-tools / Michael Nygard's template.
    Nygard,
    /// MADR 2 (bullet metadata), 3 and 4 (YAML front matter).
    Madr,
    /// log4brains: MADR with its front matter or bullets, date-named files.
    Log4brains,
}

/// What `import adr` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub format: Format,
}

/// One ADR as its file says it, before the folder is looked at as a whole.
#[derive(Debug, Default)]
struct Adr {
    title: String,
    /// The status as written (a word or a few), and its line.
    status: Option<(String, usize)>,
    /// The date as written, and its line.
    date: Option<(String, usize)>,
    deciders: Vec<(String, usize)>,
    consulted: Vec<(String, usize)>,
    informed: Vec<String>,
    tags: Vec<String>,
    context: String,
    decision: String,
    consequences: String,
    options: Vec<Choice>,
    /// The option `Chosen option: "…"` names, and its line.
    chosen: Option<(String, usize)>,
    relations: Vec<Relation>,
    /// What could not be read, with its line; the file is still imported.
    notes: Vec<(Option<usize>, String)>,
}

/// One considered option.
#[derive(Debug, Default, Clone)]
struct Choice {
    title: String,
    pros: Vec<String>,
    cons: Vec<String>,
    neutral: Vec<String>,
}

/// A heading of an ADR: its level (1-6), its text, and the byte
/// ranges of the heading and of the body up to the next heading of the same
/// or a higher level.
#[derive(Debug)]
struct Section {
    level: usize,
    title: String,
    start: usize,
    body: std::ops::Range<usize>,
}

/// The headings of a Markdown text, in order. `first_line` is the line of
/// the text's first byte in its file (after a front matter block).
struct Outline<'t> {
    text: &'t str,
    first_line: usize,
    sections: Vec<Section>,
}

impl<'t> Outline<'t> {
    fn new(text: &'t str, first_line: usize) -> Outline<'t> {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut sections: Vec<Section> = Vec::new();
        let mut open: Option<(usize, String, usize)> = None;
        for (event, range) in Parser::new(text).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    open = Some((level as usize, String::new(), range.start));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, title, start)) = open.take() {
                        sections.push(Section {
                            level,
                            title: title.trim().to_owned(),
                            start,
                            body: range.end..text.len(),
                        });
                    }
                }
                // Markup in a title is kept as the data it is.
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                    if let Some((_, title, _)) = open.as_mut() {
                        title.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        // A body ends where the next heading of its level or above starts.
        for i in 0..sections.len() {
            let level = sections[i].level;
            if let Some(next) = sections[i + 1..].iter().find(|s| s.level <= level) {
                sections[i].body.end = next.start.max(sections[i].body.start);
            }
        }
        Outline {
            text,
            first_line,
            sections,
        }
    }

    fn title(&self) -> Option<&Section> {
        self.sections.iter().find(|s| s.level == 1)
    }

    /// The text between the title and the next heading: where Nygard's
    /// `Date:` and MADR 2's `* Status:` lines are.
    fn intro(&self) -> (&'t str, usize) {
        let Some(title) = self.title() else {
            let end = self.sections.first().map_or(self.text.len(), |s| s.start);
            return (&self.text[..end], self.first_line);
        };
        let end = self
            .sections
            .iter()
            .find(|s| s.start > title.start)
            .map_or(self.text.len(), |s| s.start);
        let start = title.body.start.min(end);
        (&self.text[start..end], self.line_at(start))
    }

    /// The first section of `level` whose heading is one of `names` (lower
    /// case).
    fn find(&self, level: usize, names: &[&str]) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.level == level && names.contains(&s.title.to_lowercase().as_str()))
    }

    /// The sections one level below `parent`, inside it.
    fn children<'a>(&'a self, parent: &'a Section) -> impl Iterator<Item = &'a Section> + 'a {
        self.sections.iter().filter(move |s| {
            s.level == parent.level + 1 && s.start >= parent.body.start && s.start < parent.body.end
        })
    }

    /// A section's body as written, up to the next heading of its level.
    fn body_text(&self, section: &Section) -> &'t str {
        &self.text[section.body.clone()]
    }

    /// A section's body, trimmed.
    fn body(&self, section: &Section) -> &'t str {
        self.text[section.body.clone()].trim()
    }

    /// A section's body up to its first sub-heading, trimmed.
    fn own_body(&self, section: &Section) -> &'t str {
        let end = self
            .children(section)
            .next()
            .map_or(section.body.end, |s| s.start);
        self.text[section.body.start..end].trim()
    }

    fn line_at(&self, offset: usize) -> usize {
        self.first_line
            + self.text[..offset.min(self.text.len())]
                .matches('\n')
                .count()
    }
}

/// The lines of `text` with their line numbers, from `first_line`.
fn numbered(text: &str, first_line: usize) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(move |(i, l)| (first_line + i, l))
}

/// A top-level list item's text (`* x`, `- x`, `+ x`, `1. x`), if `line`
/// starts one.
fn bullet(line: &str) -> Option<&str> {
    if line.starts_with("  ") || line.starts_with('\t') {
        return None;
    }
    let line = line.trim_start();
    for marker in ["* ", "- ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim());
        }
    }
    None
}

/// Inline Markdown as the words it shows: `[Kafka](x)` → `Kafka`.
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// One folder's decisions. `shown_dir` names the folder in reports, as the
/// user gave it; `source_dir` is its path relative to the plan's repository
/// root, for the idempotency key. `plan` is the plan the batch is for: its
/// people are whom deciders are matched against, and the ids of decisions
/// earlier runs imported are whom supersede links point at.
pub fn read_dir(
    dir: &Path,
    shown_dir: &str,
    source_dir: &str,
    options: &Options,
    plan: &Plan,
    today: Date,
) -> Batch {
    let mut batch = Batch::default();
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            // The entry's own type needs no stat; a link is followed.
            .filter(|e| match e.file_type() {
                Ok(t) if t.is_symlink() => e.path().is_file(),
                Ok(t) => t.is_file(),
                Err(_) => false,
            })
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .filter(|n| !is_companion(n))
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
    let shown_of = |name: &str| format!("{}/{name}", shown_dir.trim_end_matches('/'));
    // Reading and parsing each file is independent of the others: spread
    // over the cores (a thousand ADRs were a third of a dry run on one).
    let parsed = crate::store::parallel::map(&names, |name| {
        let shown = shown_of(name);
        let adr = read_file(&dir.join(name), &shown, options.format);
        (shown, adr)
    });
    let mut read: Vec<Read> = Vec::with_capacity(names.len());
    // Files that could not be imported still hold their number: it is not
    // missing from the folder's numbering.
    let mut unread: Vec<(Option<u64>, String)> = Vec::new();
    for (name, (shown, parsed)) in names.iter().zip(parsed) {
        match parsed {
            Ok(adr) => {
                for (line, message) in &adr.notes {
                    batch.problems.push(Problem {
                        origin: origin(&shown, *line),
                        message: message.clone(),
                    });
                }
                let source = if source_dir.is_empty() {
                    name.clone()
                } else {
                    format!("{}/{name}", source_dir.trim_end_matches('/'))
                };
                read.push(Read {
                    name: name.clone(),
                    shown,
                    source,
                    number: links::number(name, &adr.title),
                    adr,
                });
            }
            Err(problem) => {
                batch.problems.push(problem);
                unread.push((links::number(name, ""), shown));
            }
        }
    }
    batch.problems.extend(links::numbering(
        read.iter()
            .map(|r| (r.number, r.shown.as_str()))
            .chain(unread.iter().map(|(n, shown)| (*n, shown.as_str()))),
    ));
    let history = history_dates(dir, &read, options.format, &mut batch.problems);
    Folder::new(&read, plan).propose(&read, &history, today, &mut batch);
    batch
}

/// A file that was read as an ADR.
struct Read {
    name: String,
    shown: String,
    source: String,
    number: Option<u64>,
    adr: Adr,
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

fn read_file(path: &Path, shown: &str, format: Format) -> Result<Adr, Problem> {
    let problem = |message: String| Problem {
        origin: origin(shown, None),
        message,
    };
    let cannot_read = |e: std::io::Error| problem(format!("cannot be read: {e}"));
    // Opened once and read through `take`, which asks the file's size no
    // second time: a folder of a thousand ADRs.
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    if size > MAX_ADR_BYTES {
        return Err(problem(format!(
            "is {size} bytes, more than an ADR has ({MAX_ADR_BYTES}): it is not imported"
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_ADR_BYTES), &mut bytes)
        .map_err(cannot_read)?;
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
    parse(&text, format).map_err(|(line, message)| Problem {
        origin: origin(shown, line),
        message,
    })
}

/// One ADR's text, read by its format's parser. `Err` (line, message) when
/// it is no ADR or cannot be read at all.
fn parse(text: &str, format: Format) -> Result<Adr, (Option<usize>, String)> {
    let format = match format {
        Format::Auto => detect(text),
        chosen => chosen,
    };
    let adr = match format {
        Format::Nygard => nygard::parse(text)?,
        Format::Auto | Format::Madr | Format::Log4brains => madr::parse(text)?,
    };
    if adr.title.is_empty() {
        return Err((
            None,
            "has no `# Title` heading, so it is not an ADR: it is not imported".into(),
        ));
    }
    let known = adr.status.is_some()
        || !adr.context.is_empty()
        || !adr.decision.is_empty()
        || !adr.options.is_empty();
    if !known {
        return Err((
            None,
            "has no status, context, decision or options, so it is not an ADR: it is not imported"
                .into(),
        ));
    }
    Ok(adr)
}

/// The format a file is written in, by its marks: front matter or
/// `* Status:` lines under the title make it MADR, anything else Nygard.
fn detect(text: &str) -> Format {
    if text.starts_with("---") {
        return Format::Madr;
    }
    let outline = Outline::new(text, 1);
    if outline
        .sections
        .iter()
        .any(|s| s.level == 2 && madr::SECTIONS.contains(&s.title.to_lowercase().as_str()))
    {
        return Format::Madr;
    }
    let (intro, _) = outline.intro();
    if intro
        .lines()
        .filter_map(bullet)
        .any(|item| item.to_lowercase().starts_with("status:"))
    {
        return Format::Madr;
    }
    Format::Nygard
}

/// `12. Use Kafka` or `ADR-0012: Use Kafka` → `Use Kafka`.
fn without_number(title: &str) -> &str {
    let rest = title
        .strip_prefix("ADR")
        .map(|r| r.trim_start_matches(['-', ' ']))
        .unwrap_or(title);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return title;
    }
    // `12. X` and `12: X` are numbered; `2026 plans` is a title.
    match rest[digits..].strip_prefix(['.', ':']).map(str::trim) {
        Some(after) if !after.is_empty() => after,
        _ => title,
    }
}

/// An ADR status word → the decision status (docs/import.md has the table).
fn map_status(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    Some(match first {
        "proposed" | "draft" | "open" | "pending" => "proposed",
        "accepted" | "approved" | "adopted" | "decided" => "accepted",
        "rejected" | "declined" => "rejected",
        "deprecated" | "obsolete" => "deprecated",
        "superseded" | "replaced" => "superseded",
        _ => return None,
    })
}

/// `YYYY-MM-DD` as a date.
fn day(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

/// The dates of ADRs that write none, from git, by file name.
fn history_dates(
    dir: &Path,
    read: &[Read],
    format: Format,
    problems: &mut Vec<Problem>,
) -> HashMap<String, git_dates::Dates> {
    let wanted: Vec<(&str, Option<&'static str>)> = read
        .iter()
        .filter(|r| r.adr.date.as_ref().and_then(|(d, _)| day(d)).is_none())
        .map(|r| {
            (
                r.name.as_str(),
                r.adr.status.as_ref().and_then(|(w, _)| map_status(w)),
            )
        })
        .collect();
    if wanted.is_empty() {
        return HashMap::new();
    }
    let status_of = |text: &str| {
        parse(text, format)
            .ok()
            .and_then(|adr| adr.status.and_then(|(w, _)| map_status(&w)))
    };
    match git_dates::from_history(dir, &wanted, &status_of) {
        Ok(dates) => dates,
        Err(message) => {
            problems.push(Problem {
                origin: origin(&dir.display().to_string(), None),
                message,
            });
            HashMap::new()
        }
    }
}

/// What the folder as a whole knows: the ADRs by file name and number, the
/// supersede links between them, and whom names match.
struct Folder<'a> {
    by_name: HashMap<&'a str, usize>,
    by_number: HashMap<u64, usize>,
    people: Directory,
    imported: HashMap<String, String>,
}

impl<'a> Folder<'a> {
    fn new(read: &'a [Read], plan: &Plan) -> Folder<'a> {
        let mut by_number = HashMap::new();
        for (i, r) in read.iter().enumerate() {
            if let Some(n) = r.number {
                by_number.entry(n).or_insert(i);
            }
        }
        Folder {
            by_name: read
                .iter()
                .enumerate()
                .map(|(i, r)| (r.name.as_str(), i))
                .collect(),
            by_number,
            people: Directory::of_plan(plan),
            imported: imported_sources(plan, Kind::Decision),
        }
    }

    /// The ADR a link points at, if it is one of this folder.
    fn target(&self, target: &links::Target) -> Option<usize> {
        match target {
            links::Target::File(name) => self
                .by_name
                .get(name.as_str())
                .or_else(|| self.by_name.get(format!("{name}.md").as_str()))
                .copied(),
            links::Target::Number(n) => self.by_number.get(n).copied(),
        }
    }

    fn propose(
        &self,
        read: &[Read],
        history: &HashMap<String, git_dates::Dates>,
        today: Date,
        batch: &mut Batch,
    ) {
        // (newer, older) for every supersede link, whichever side wrote it.
        let mut supersedes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut superseded = vec![false; read.len()];
        let mut extra_context: Vec<Vec<String>> = vec![Vec::new(); read.len()];
        for (i, r) in read.iter().enumerate() {
            for relation in &r.adr.relations {
                if relation.rel == Rel::Other {
                    extra_context[i].push(relation.text.clone());
                }
                let Some(target) = &relation.target else {
                    continue;
                };
                let Some(j) = self.target(target) else {
                    batch.problems.push(Problem {
                        origin: origin(&r.shown, Some(relation.line)),
                        message: format!(
                            "links to {}, which is no ADR of this folder: fix the link",
                            neutralise(&target.to_string())
                        ),
                    });
                    continue;
                };
                let (newer, older) = match relation.rel {
                    Rel::Supersedes => (i, j),
                    Rel::SupersededBy => (j, i),
                    Rel::Other => continue,
                };
                if newer == older {
                    continue;
                }
                superseded[older] = true;
                let list = supersedes.entry(newer).or_default();
                if !list.contains(&older) {
                    list.push(older);
                }
            }
        }
        // Ids first: a supersede link names the other record's id.
        let mut drafts: Vec<Option<(String, Vec<Assignment>)>> = Vec::with_capacity(read.len());
        for (i, r) in read.iter().enumerate() {
            let draft = self.fields(
                r,
                history.get(&r.name),
                superseded[i],
                &extra_context[i],
                batch,
            );
            drafts.push(draft.and_then(|fields| {
                let source = format!("adr:{}", r.source);
                let id = match self.imported.get(&source) {
                    Some(id) => Ok(id.clone()),
                    None => id_for(Kind::Decision, Some(&r.adr.title), &fields, today),
                };
                match id {
                    Ok(id) => Some((id, fields)),
                    Err(e) => {
                        batch.problems.push(Problem {
                            origin: origin(&r.shown, None),
                            message: format!("{e}"),
                        });
                        None
                    }
                }
            }));
        }
        // Two ADRs of one title (and date) would get one id: the later file
        // gets the first free `-2`, `-3`, …, so neither is lost. Ids of
        // records imported before are kept and never handed out again.
        let mut taken: HashSet<String> = self.imported.values().cloned().collect();
        for (r, draft) in read.iter().zip(drafts.iter_mut()) {
            let Some((id, _)) = draft else { continue };
            if self.imported.contains_key(&format!("adr:{}", r.source)) {
                continue;
            }
            *id = super::free_id(std::mem::take(id), |c| taken.contains(c));
            taken.insert(id.clone());
        }
        let ids: Vec<Option<String>> = drafts
            .iter()
            .map(|draft| draft.as_ref().map(|(id, _)| id.clone()))
            .collect();
        for (i, (r, draft)) in read.iter().zip(drafts).enumerate() {
            let Some((id, mut fields)) = draft else {
                continue;
            };
            if let Some(older) = supersedes.get(&i) {
                let ids: Vec<&str> = older.iter().filter_map(|&j| ids[j].as_deref()).collect();
                if !ids.is_empty() {
                    fields.push(Assignment::set("supersedes", list_text(&ids)));
                }
            }
            fields.push(Assignment::set("custom.source", &r.source));
            batch.proposals.push(Proposal {
                kind: Kind::Decision,
                id,
                source: format!("adr:{}", r.source),
                origin: origin(&r.shown, None),
                fields,
                matched: None,
            });
        }
    }

    /// One ADR's fields but its supersede links; `None` (with the
    /// problem reported) when it cannot be imported.
    fn fields(
        &self,
        r: &Read,
        history: Option<&git_dates::Dates>,
        superseded: bool,
        extra_context: &[String],
        batch: &mut Batch,
    ) -> Option<Vec<Assignment>> {
        let adr = &r.adr;
        let report = |batch: &mut Batch, line: Option<usize>, message: String| {
            batch.problems.push(Problem {
                origin: origin(&r.shown, line),
                message,
            });
        };
        let mut fields = vec![Assignment::set("title", &adr.title)];
        let status = match &adr.status {
            Some((word, line)) => match map_status(word) {
                Some(status) => status,
                None => {
                    report(
                        batch,
                        Some(*line),
                        format!(
                            "status '{}' has no decision status: write proposed, accepted, rejected, deprecated or superseded",
                            neutralise(word)
                        ),
                    );
                    return None;
                }
            },
            None => {
                report(
                    batch,
                    None,
                    "has no status: it is imported as proposed; write one to import it as decided"
                        .into(),
                );
                "proposed"
            }
        };
        // Another ADR of the folder replacing this one settles it.
        let status = if superseded { "superseded" } else { status };
        fields.push(Assignment::set("status", status));
        let written = adr.date.as_ref().and_then(|(text, line)| match day(text) {
            Some(date) => Some(date),
            None => {
                report(
                    batch,
                    Some(*line),
                    format!(
                        "date '{}' is not YYYY-MM-DD: the date is taken from git, if the file is there",
                        neutralise(text)
                    ),
                );
                None
            }
        });
        let (proposed, decided) = match (written, history) {
            (Some(date), _) => (Some(date), Some(date)),
            (None, Some(dates)) => (Some(dates.added), dates.status_set),
            (None, None) => (None, None),
        };
        let Some(proposed) = proposed else {
            report(
                batch,
                None,
                "has no date and no commit in git to date it by: add `Date: YYYY-MM-DD` (Nygard) or `date:` (MADR); it is not imported".into(),
            );
            return None;
        };
        fields.push(Assignment::set("proposed", proposed.to_string()));
        if status != "proposed" {
            match decided {
                Some(decided) => fields.push(Assignment::set("decided", decided.to_string())),
                None => report(
                    batch,
                    None,
                    format!(
                        "its status {status} is not committed, so git does not date the decision: commit it or add a date"
                    ),
                ),
            }
        }
        let deciders = self.people_of(&adr.deciders, "decider", r, batch);
        // The context keeps the links the schema has no field for, and the
        // way back to the source.
        let mut context = adr.context.clone();
        for line in extra_context {
            push_paragraph(&mut context, line);
        }
        if !adr.informed.is_empty() {
            push_paragraph(
                &mut context,
                &format!("Informed: {}.", adr.informed.join(", ")),
            );
        }
        push_paragraph(&mut context, &format!("Imported from {}.", r.source));
        if !deciders.is_empty() {
            fields.push(Assignment::set("deciders", list_text(&deciders)));
        }
        let consulted = self.people_of(&adr.consulted, "consulted person", r, batch);
        if !consulted.is_empty() {
            fields.push(Assignment::set("consulted", list_text(&consulted)));
        }
        fields.push(Assignment::set("context", context));
        if !adr.decision.is_empty() {
            fields.push(Assignment::set("decision", &adr.decision));
        }
        if !adr.consequences.is_empty() {
            fields.push(Assignment::set("consequences", &adr.consequences));
        }
        options(adr, &r.shown, batch, &mut fields);
        if !adr.tags.is_empty() {
            fields.push(Assignment::set("tags", list_text(&adr.tags)));
        }
        Some(fields)
    }

    /// The ids of the people `names` name; the others are reported.
    fn people_of(
        &self,
        names: &[(String, usize)],
        role: &str,
        r: &Read,
        batch: &mut Batch,
    ) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for (name, line) in names {
            match self.find_person(name) {
                Some(id) => {
                    if !ids.iter().any(|known| known == id) {
                        ids.push(id.to_owned());
                    }
                }
                None => batch.problems.push(Problem {
                    origin: origin(&r.shown, Some(*line)),
                    message: format!(
                        "{role} '{}' is no person of the plan (by name or e-mail): add them, or fix the name",
                        neutralise(name)
                    ),
                }),
            }
        }
        ids
    }

    /// `Jane Doe`, `jane@example.com`, `Jane Doe <jane@example.com>`, `@jane`.
    fn find_person(&self, text: &str) -> Option<&str> {
        let text = text.trim();
        if let Some((name, rest)) = text.split_once('<')
            && let Some(email) = rest.strip_suffix('>')
        {
            return self
                .people
                .find(email.trim())
                .or_else(|| self.people.find(name.trim()));
        }
        self.people
            .find(text)
            .or_else(|| self.people.find(text.trim_start_matches('@')))
    }
}

fn push_paragraph(text: &mut String, paragraph: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(paragraph);
}

/// The considered options as `[option.KEY]` tables, the chosen one marked.
fn options(adr: &Adr, shown: &str, batch: &mut Batch, fields: &mut Vec<Assignment>) {
    let mut keys: Vec<String> = Vec::new();
    let chosen_key = adr.chosen.as_ref().map(|(title, _)| option_key(title, 0));
    for (n, choice) in adr.options.iter().enumerate() {
        let mut key = option_key(&choice.title, n + 1);
        if keys.contains(&key) {
            key = format!("{key}-{}", n + 1);
        }
        let at = |field: &str| format!("option.{key}.{field}");
        let mut summary = choice.title.clone();
        if !choice.neutral.is_empty() {
            summary.push_str(&format!("\n\nNeutral: {}", choice.neutral.join("; ")));
        }
        fields.push(Assignment::set(&at("summary"), summary));
        if !choice.pros.is_empty() {
            fields.push(Assignment::set(&at("pros"), list_text(&choice.pros)));
        }
        if !choice.cons.is_empty() {
            fields.push(Assignment::set(&at("cons"), list_text(&choice.cons)));
        }
        if chosen_key.as_deref() == Some(option_key(&choice.title, 0).as_str()) {
            fields.push(Assignment::set(&at("chosen"), "true"));
        }
        keys.push(key);
    }
    if let Some((title, line)) = &adr.chosen
        && !adr
            .options
            .iter()
            .any(|c| option_key(&c.title, 0) == option_key(title, 0))
    {
        batch.problems.push(Problem {
            origin: origin(shown, Some(*line)),
            message: format!(
                "the chosen option '{}' is none of the considered options: name it as the list does",
                neutralise(title)
            ),
        });
    }
}

/// An option's key: the slug of its title, or `option-N` when it has no
/// letters or digits.
fn option_key(title: &str, n: usize) -> String {
    slug(title).unwrap_or_else(|| format!("option-{n}"))
}

#[cfg(test)]
mod tests;
