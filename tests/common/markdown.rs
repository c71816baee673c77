//! Assertions that Markdown the binary prints is inert: plan text in it
//! cannot add HTML, mentions, links, images, code, headings or table cells
//! when the Markdown is pasted into a pull request or a wiki.
//!
//! `diff --format markdown` and `review` share the checks of prose lines and
//! tables; each has its own wrapper for what only it prints (the diff's
//! `<details>` and `~` sigils, the review's commit citations, notes and
//! Mermaid charts).

/// Counts the occurrences of `c` in `line` not escaped by a backslash.
pub fn unescaped(line: &str, c: char) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for ch in line.chars() {
        if ch == c && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if ch == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

/// No mention, link or script URL anywhere in `md`.
fn assert_no_mention_or_link(md: &str) {
    assert!(!md.contains('@'), "a mention:\n{md}");
    assert!(!md.contains("]("), "a link:\n{md}");
    assert!(!md.contains("javascript:"), "a script URL:\n{md}");
}

/// The pipes of `text` (the checked part of `line`): every row of a table
/// has as many as the table's first row, and a line outside a table has
/// none. `columns` carries the count from one line to the next.
fn assert_pipes(line: &str, text: &str, columns: &mut Option<usize>) {
    let pipes = unescaped(text, '|');
    if line.starts_with('|') {
        let expected = *columns.get_or_insert(pipes);
        assert_eq!(pipes, expected, "table row with a stray pipe: {line}");
    } else {
        *columns = None;
        assert_eq!(pipes, 0, "stray pipe outside a table: {line}");
    }
}

/// Emphasis and brackets in `text` (the checked part of `line`) come in
/// pairs: an odd one means plan text went through unescaped.
fn assert_balanced(line: &str, text: &str) {
    for c in ['*', '_', '~', '[', ']'] {
        assert_eq!(
            unescaped(text, c) % 2,
            0,
            "unbalanced {c} (plan text not escaped?): {line}"
        );
    }
}

/// Markdown of `diff` that holds no HTML but the renderer's own, no
/// mention, link, image or code span, and no pipe that could split or start
/// a table.
pub fn assert_diff_inert(md: &str) {
    let mut rest = md.to_owned();
    for own in [
        "<!-- cto-plan-diff -->",
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
    ] {
        rest = rest.replace(own, "");
    }
    assert!(!rest.contains(['<', '>']), "raw HTML:\n{md}");
    assert_no_mention_or_link(md);
    let mut columns = None;
    for line in md.lines() {
        assert_pipes(line, line, &mut columns);
        if !line.starts_with('|') {
            assert_eq!(unescaped(line, '`'), 0, "a code span or fence: {line}");
            // The sigil of a changed record is a lone `~`.
            let body = line.strip_prefix("- ~ ").unwrap_or(line);
            assert_balanced(line, body);
        }
    }
}

/// `line` without the review's own code spans: commit citations.
pub fn without_citations(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`'
            && i + 8 < chars.len()
            && chars[i + 8] == '`'
            && chars[i + 1..i + 8].iter().all(|c| c.is_ascii_hexdigit())
        {
            i += 9;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Characters the review lets through into a Mermaid label.
pub fn mermaid_label(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || " .,-_()/+&'".contains(c))
}

/// Markdown of `review` in which plan text cannot add HTML, mentions,
/// links, images, code, headings or table cells, nor break out of a Mermaid
/// chart.
pub fn assert_review_inert(md: &str) {
    assert_no_mention_or_link(md);
    let mut fence = false;
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with("```") {
            assert!(
                line == "```" || line == "```mermaid",
                "a fence from plan text: {line}"
            );
            fence = !fence;
            continue;
        }
        if fence {
            assert_chart_line(line);
            continue;
        }
        let text = without_citations(line);
        let text = text.strip_prefix("> **Note:**").unwrap_or(&text);
        assert!(!text.contains(['<', '>']), "raw HTML: {line}");
        assert_eq!(unescaped(text, '`'), 0, "a code span: {line}");
        if line.starts_with('#') {
            assert!(
                line.starts_with("# ") || line.starts_with("## ") || line.starts_with("### "),
                "{line}"
            );
        }
        assert_pipes(line, text, &mut columns);
        if !line.starts_with('|') {
            assert_balanced(line, text);
        }
    }
    assert!(!fence, "an unclosed fence");
}

/// A line inside one of the review's Mermaid fences: only the chart's own
/// syntax, with labels the review has cleaned.
fn assert_chart_line(line: &str) {
    let body = line.trim_start();
    if let Some((label, rest)) = body.rsplit_once(" :") {
        // A gantt bar, `label :state, start, end`, or a pie slice,
        // `"label" : amount`.
        if let Some(label) = label.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            assert!(mermaid_label(label), "pie label: {line}");
            assert!(rest.trim().parse::<f64>().is_ok(), "pie amount: {line}");
        } else {
            assert!(mermaid_label(label), "bar label: {line}");
            let parts: Vec<&str> = rest.split(", ").collect();
            assert_eq!(parts.len(), 3, "bar: {line}");
            assert!(["done", "active", "crit"].contains(&parts[0]), "{line}");
        }
    } else {
        assert!(
            ["gantt", "dateFormat YYYY-MM-DD", "axisFormat %b %d"].contains(&body)
                || body.starts_with("title Roadmap ")
                || body.starts_with("pie title Planned budget "),
            "unexpected chart line: {line}"
        );
    }
}
