//! Findings: what `check` reports, as data.
//!
//! A finding names a rule, a file and a byte span in that file's text; line
//! and column are derived only when a finding is rendered, from the text kept
//! in a [`SourceMap`]. Nothing here prints or decides an exit status, and this
//! module imports nothing from the crate: it is the bottom layer.

// The catalogue's source sits beside the checks in `validate/`, but it is
// compiled here: `parse` and `store` report rules too, and sit below
// `validate`.
#[path = "validate/rules.rs"]
pub mod rules;

use std::collections::BTreeMap;
use std::sync::Arc;

/// Byte offsets into a file's text.
pub type Span = std::ops::Range<usize>;

/// Where the documentation is published, for links from outside the
/// repository (SARIF's `helpUri`, links in an alert's help): the `docs/`
/// folder of the repository's default branch. A rule's section is
/// `{DOCS_URL}rules.md#CODE`.
pub const DOCS_URL: &str = "https://github.com/cto-plan/cto-plan/blob/main/docs/";

/// A rule: a stable code, a severity, a one-line summary and the paragraphs
/// that document it. The catalogue of rules lives in [`rules`]; a kind may
/// declare rules of its own.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// One line, for SARIF and `docs/rules.md`.
    pub summary: &'static str,
    /// Markdown, wrapped as in `docs/rules.md`, whose links are relative to
    /// it: what the rule checks, why, and how to fix a finding.
    pub what: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
}

impl Rule {
    /// The code in PascalCase (`dangling-reference` → `DanglingReference`),
    /// SARIF's human-readable `name`, which must differ from the id.
    pub fn name(&self) -> String {
        self.code
            .split('-')
            .flat_map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase())
                    .into_iter()
                    .chain(chars)
            })
            .collect()
    }

    /// The rule's section of `docs/rules.md`, published.
    pub fn help_uri(&self) -> String {
        format!("{DOCS_URL}rules.md#{}", self.code)
    }

    /// The generated block of the rule's section in `docs/rules.md`: the
    /// severity and summary, then What it checks, Why and Fix.
    pub fn doc_block(&self) -> String {
        format!(
            "Severity: **{}**. {}\n\n{}",
            self.severity.name(),
            self.summary,
            self.paragraphs()
        )
    }

    /// What it checks, Why and Fix as Markdown with absolute links, for a
    /// viewer outside the repository (SARIF `help.markdown`).
    pub fn help_markdown(&self) -> String {
        format!(
            "{}\n[Documentation and an example]({})\n",
            absolute_links(&self.paragraphs()),
            self.help_uri()
        )
    }

    /// The same as plain text (SARIF `help.text`).
    pub fn help_text(&self) -> String {
        format!(
            "{}\nDocumentation and an example: {}\n",
            plain(&self.paragraphs()),
            self.help_uri()
        )
    }

    /// The first paragraph of What it checks, on one line, as plain text
    /// (SARIF `fullDescription`).
    pub fn full_description(&self) -> String {
        let first = self.what.split("\n\n").next().unwrap_or(self.what);
        plain(&first.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    fn paragraphs(&self) -> String {
        format!(
            "**What it checks.** {}\n\n**Why.** {}\n\n**Fix.** {}\n",
            self.what, self.why, self.fix
        )
    }
}

/// Markdown links relative to `docs/rules.md` (`(#code)`, `(format.md#x)`)
/// made absolute against [`DOCS_URL`]; absolute ones are left alone.
fn absolute_links(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("](") {
        let (before, target) = rest.split_at(at + 2);
        out.push_str(before);
        if target.starts_with('#') {
            out.push_str(DOCS_URL);
            out.push_str("rules.md");
        } else if !target.contains("://") || target.find("://") > target.find(')') {
            out.push_str(DOCS_URL);
        }
        rest = target;
    }
    out.push_str(rest);
    out
}

/// Markdown as plain text: no emphasis or code marks, links as their text.
fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown.replace("**", "").replace('`', "");
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = rest[end + 1..].to_owned();
    }
    out.push_str(&rest);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub message: String,
    /// The file, relative to the plan root, `/`-separated.
    pub path: String,
    /// Where in the file; `None` points at the file as a whole.
    pub span: Option<Span>,
    /// A short note under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Finding {
    pub fn new(
        rule: &'static Rule,
        path: impl Into<String>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            message: message.into(),
            path: path.into(),
            span,
            label: None,
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

/// A 1-based position in a file; `column` counts characters, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The text of every file findings may point into, by plan-relative path.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: BTreeMap<String, Arc<str>>,
}

impl SourceMap {
    pub fn insert(&mut self, path: impl Into<String>, text: Arc<str>) {
        self.files.insert(path.into(), text);
    }

    /// Adds many files at once: the map is built whole from them, which is
    /// linear when they come sorted, where inserting them one by one
    /// compares paths at every step. A path already held keeps its text.
    pub fn extend(&mut self, files: Vec<(String, Arc<str>)>) {
        let mut built: BTreeMap<String, Arc<str>> = files.into_iter().collect();
        built.append(&mut self.files);
        self.files = built;
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|t| &**t)
    }

    /// Start and end positions of a span; a file-level finding is at 1:1.
    pub fn locate(&self, path: &str, span: Option<&Span>) -> (Position, Position) {
        let start = Position { line: 1, column: 1 };
        let (Some(text), Some(span)) = (self.text(path), span) else {
            return (start, start);
        };
        (
            position(text, span.start),
            position(text, span.end.max(span.start)),
        )
    }
}

/// The line and column of a byte offset; offsets past the end or inside a
/// character are clamped, since spans come from outside this module.
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].trim_end_matches('\r').chars().count() + 1;
    Position { line, column }
}

/// Sorts findings by file, then position, then rule, so output is stable.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.path.clone(),
                f.span.as_ref().map_or(0, |s| s.start),
                f.rule.code,
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
    });
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Tally {
        let errors = findings
            .iter()
            .filter(|f| f.severity() == Severity::Error)
            .count();
        Tally {
            errors,
            warnings: findings.len() - errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_links_and_plain_text() {
        let rule = &rules::DANGLING_REFERENCE;
        assert_eq!(rule.name(), "DanglingReference");
        assert_eq!(
            rule.help_uri(),
            format!("{DOCS_URL}rules.md#dangling-reference")
        );
        assert_eq!(
            absolute_links("see [`a`](#a), [f](format.md#x), [w](https://x.org/y)"),
            format!(
                "see [`a`]({DOCS_URL}rules.md#a), [f]({DOCS_URL}format.md#x), [w](https://x.org/y)"
            )
        );
        assert_eq!(
            plain("**Why.** see [`a`](#a) and `b` [x]"),
            "Why. see a and b [x]"
        );
        let empty = rules::EMPTY_FILE.full_description();
        assert!(!empty.contains('\n') && !empty.contains('`'), "{empty}");
        assert!(empty.contains("gets missing-field errors"), "{empty}");
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let text = "a = 1\r\nbé = \"x\"\n";
        assert_eq!(position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position(text, 7), Position { line: 2, column: 1 });
        let after_e = text.find('é').unwrap() + 'é'.len_utf8();
        assert_eq!(position(text, after_e), Position { line: 2, column: 3 });
        assert_eq!(position(text, 999).line, 3);
        // Inside the two-byte 'é' clamps back to its start.
        assert_eq!(position(text, 9), Position { line: 2, column: 2 });
    }
}
