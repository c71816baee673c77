//! The four ways `check` can report findings.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::json;

use super::{FindingsReport, count};
use crate::diagnostic::rules;
use crate::diagnostic::{Severity, Tally};

/// rustc-style text: `error[code]: message`, `--> file:line:col`, the source
/// line with a caret, `= help: …`; then a summary line.
pub fn text(report: &FindingsReport<'_>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for finding in report.findings {
        let level = match finding.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = report.display_path(finding);
        let title = level
            .primary_title(finding.message.as_str())
            .id(finding.rule.code);
        let source = report.sources.text(&finding.path);
        let mut group = match (source, &finding.span) {
            (Some(text), Some(span)) => {
                let span = clamp(text, span.clone());
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = &finding.label {
                    annotation = annotation.label(label.as_str());
                }
                Group::with_title(title)
                    .element(Snippet::source(text).path(path).annotation(annotation))
            }
            _ => Group::with_title(title).element(Origin::path(path).line(1).char_column(1)),
        };
        if let Some(help) = &finding.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// Keeps a span on character boundaries inside the text, since annotate-snippets
/// expects both.
fn clamp(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    start..fix(span.end).max(start)
}

/// `2 errors, 1 warning in 57 records`, or `no problems in 57 records`.
pub fn summary(report: &FindingsReport<'_>) -> String {
    let tally = Tally::of(report.findings);
    let records = count(report.records, "record");
    match (tally.errors, tally.warnings) {
        (0, 0) => format!("no problems in {records}"),
        (e, 0) => format!("{} in {records}", count(e, "error")),
        (0, w) => format!("{} in {records}", count(w, "warning")),
        (e, w) => format!(
            "{}, {} in {records}",
            count(e, "error"),
            count(w, "warning")
        ),
    }
}

/// A JSON array, one object per finding.
pub fn json(report: &FindingsReport<'_>) -> String {
    let items: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|finding| {
            let (start, end) = report.locate(finding);
            json!({
                "code": finding.rule.code,
                "severity": finding.severity(),
                "message": finding.message,
                "file": report.display_path(finding),
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "help": finding.help,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).expect("JSON values always serialise");
    out.push('\n');
    out
}

/// GitHub Actions workflow commands, which become annotations on the lines.
pub fn github(report: &FindingsReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let (start, mut end) = report.locate(finding);
        // GitHub's end column is inclusive; spans end after their last character.
        if end.line == start.line && end.column > start.column {
            end.column -= 1;
        }
        let command = match finding.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&report.display_path(finding)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(finding.rule.code),
            escape_data(&message),
        ));
    }
    out
}

/// Workflow-command escaping of a message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping of a property value, which also escapes `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0, as GitHub code scanning accepts it.
pub fn sarif(report: &FindingsReport<'_>) -> String {
    let rules: Vec<serde_json::Value> = rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.code,
                "shortDescription": { "text": rule.summary },
                "defaultConfiguration": { "level": sarif_level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|finding| {
            let (start, end) = report.locate(finding);
            let mut text = finding.message.clone();
            if let Some(help) = &finding.help {
                text.push_str(&format!(" (help: {help})"));
            }
            json!({
                "ruleId": finding.rule.code,
                "ruleIndex": rules::ALL.iter().position(|r| r.code == finding.rule.code),
                "level": sarif_level(finding.severity()),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&report.display_path(finding)) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column.max(1),
                            "endLine": end.line,
                            "endColumn": end.column.max(1),
                        }
                    }
                }]
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cto-plan",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).expect("JSON values always serialise");
    out.push('\n');
    out
}

/// A relative path as a URI reference: every byte outside the unreserved
/// set and `/` is percent-encoded (SARIF's `uri` must be a valid URI).
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_uris_are_encoded() {
        assert_eq!(
            uri_path("plan/roadmap/Search V3.toml"),
            "plan/roadmap/Search%20V3.toml"
        );
        assert_eq!(uri_path("é.toml"), "%C3%A9.toml");
    }

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
