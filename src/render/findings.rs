//! The five ways `check` can report findings.
//!
//! The text form neutralises plan text, the quoted source lines included
//! (crate::text::neutralise), so a file cannot drive the terminal of whoever
//! runs `check`; JSON, SARIF, Code Quality and workflow commands keep it
//! exact.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::json;

use super::{FindingsReport, count};
use crate::diagnostic::{Severity, Tally};
use crate::text::{neutralise, neutralised_offset};
use crate::validate::rules;

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
        let path = neutralise(&report.display_path(finding)).into_owned();
        let message = neutralise(&finding.message);
        let title = level.primary_title(message.as_ref()).id(finding.rule.code);
        let source = report.sources.text(&finding.path);
        let label = finding.label.as_deref().map(neutralise);
        let help = finding.help.as_deref().map(neutralise);
        let shown_source;
        let mut group = match (source, &finding.span) {
            (Some(text), Some(span)) => {
                let span = clamp(text, span.clone());
                // The quoted line is shown neutralised: the span moves with
                // the characters written out as escapes before it.
                let span = neutralised_offset(text, span.start)..neutralised_offset(text, span.end);
                shown_source = neutralise(text);
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = &label {
                    annotation = annotation.label(label.as_ref());
                }
                Group::with_title(title).element(
                    Snippet::source(shown_source.as_ref())
                        .path(path)
                        .annotation(annotation),
                )
            }
            _ => Group::with_title(title).element(Origin::path(path).line(1).char_column(1)),
        };
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_ref()));
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
            // Annotations are read by people, on the pull request and in the
            // job's log (which obeys escape sequences): neutralised like text.
            escape_property(&neutralise(&report.display_path(finding))),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(finding.rule.code),
            escape_data(&neutralise(&message)),
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
                "name": rule.name(),
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.full_description() },
                "help": { "text": rule.help_text(), "markdown": rule.help_markdown() },
                "helpUri": rule.help_uri(),
                "defaultConfiguration": { "level": sarif_level(rule.severity) },
            })
        })
        .collect();
    let fingerprints = fingerprints(report);
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(finding, fingerprint)| {
            let (start, end) = report.locate(finding);
            let path = report.display_path(finding);
            let mut text = finding.message.clone();
            if let Some(help) = &finding.help {
                text.push_str(&format!(" (help: {help})"));
            }
            json!({
                "ruleId": finding.rule.code,
                "ruleIndex": rules::ALL.iter().position(|r| r.code == finding.rule.code),
                "level": sarif_level(finding.severity()),
                "message": { "text": text },
                "partialFingerprints": { FINGERPRINT: format!("{fingerprint:016x}") },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&path) },
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

/// A GitLab Code Quality report: a JSON array of issues, which GitLab shows
/// in the merge request's widget and diff when the job keeps it as
/// `artifacts:reports:codequality`. The fingerprint is SARIF's, so an issue
/// keeps its identity when lines above it move.
pub fn codequality(report: &FindingsReport<'_>) -> String {
    let issues: Vec<serde_json::Value> = report
        .findings
        .iter()
        .zip(fingerprints(report))
        .map(|(finding, fingerprint)| {
            let (start, _) = report.locate(finding);
            let mut description = finding.message.clone();
            if let Some(help) = &finding.help {
                description.push_str(&format!(" (help: {help})"));
            }
            json!({
                "description": description,
                "check_name": finding.rule.code,
                "fingerprint": format!("{fingerprint:016x}"),
                "severity": codequality_severity(finding.severity()),
                "location": {
                    "path": report.display_path(finding),
                    "lines": { "begin": start.line },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).expect("JSON values always serialise");
    out.push('\n');
    out
}

/// One fingerprint per finding, in order: the rule, the path and the place
/// (never a line number), and how many earlier findings share all three.
fn fingerprints(report: &FindingsReport<'_>) -> Vec<u64> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    report
        .findings
        .iter()
        .map(|finding| {
            let path = report.display_path(finding);
            let place = place(report.sources.text(&finding.path), finding.span.as_ref());
            let identity = format!("{}\0{path}\0{place}", finding.rule.code);
            let occurrence = seen.entry(identity.clone()).or_default();
            *occurrence += 1;
            fnv1a(format!("{identity}\0{occurrence}").as_bytes())
        })
        .collect()
}

/// Code Quality's scale is info, minor, major, critical, blocker: an error
/// fails the check, so it is major; a warning does not, so it is minor.
fn codequality_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// The key of `partialFingerprints`, versioned in case the recipe changes.
const FINGERPRINT: &str = "ctoPlanFinding/v1";

/// Where in a file a finding is, in words that survive unrelated edits: the
/// table header and the key of the line the span starts on (or the nearest
/// key above it, for a value spread over lines), never a line number. With
/// the rule, the path and the count of earlier findings at the same place,
/// it identifies an alert across uploads, so GitHub code scanning does not
/// open it again when lines above it move.
fn place(text: Option<&str>, span: Option<&std::ops::Range<usize>>) -> String {
    let (Some(text), Some(span)) = (text, span) else {
        return String::new();
    };
    let mut end = span.start.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let mut key = None;
    let mut table = "";
    for line in text[..line_end].lines().rev() {
        let line = line.trim();
        if line.starts_with('[') {
            table = line;
            break;
        }
        if key.is_none()
            && let Some((left, _)) = line.split_once('=')
            && !left.trim().is_empty()
            && !left.contains(['"', '[', '#'])
        {
            key = Some(left.trim());
        }
    }
    format!("{table}{}", key.unwrap_or(""))
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike the
/// standard library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
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
    fn fingerprint_places_ignore_line_numbers() {
        let text = "title = \"x\"\n\n[line.ads]\nplanned = 1\nactual = 2\n";
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            place(Some(text), Some(&(at("2")..at("2") + 1))),
            "[line.ads]actual"
        );
        assert_eq!(place(Some(text), Some(&(at("x")..at("x") + 1))), "title");
        let moved = format!("# a comment\n\n{text}");
        let at = moved.find("2").unwrap();
        assert_eq!(place(Some(&moved), Some(&(at..at + 1))), "[line.ads]actual");
        assert_eq!(place(None, None), "");
        // A value spread over lines belongs to the key above it.
        let list = "depends_on = [\n  \"a\",\n  \"b\",\n]\n";
        let at = list.find("\"b\"").unwrap();
        assert_eq!(place(Some(list), Some(&(at..at + 3))), "depends_on");
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
