//! Assertions that Markdown the binary prints is inert: plan text in it
//! cannot add HTML, mentions, links, images, code, headings or table cells
//! when the Markdown is pasted into a pull request or a wiki.
//!
//! Two levels: the Markdown source (escapes, pipes, fences), and what
//! cmark-gfm, GitHub's own parser, makes of it ([`assert_parsed_inert`]):
//! no `<a>` or `<img>`, and no text outside code that GitHub's mention and
//! reference filters would read (`@user`, `#1`, `GH-1`). Plan words GitHub
//! could make live are written as code spans, one word each; the source
//! checks look past those.
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

/// `line` without its one-word code spans (`` `@user` ``, a commit
/// citation): an unescaped backtick, a word with no space or backtick in
/// it, a backtick.
pub fn without_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut backslashes = 0;
    while i < chars.len() {
        if chars[i] == '`' && backslashes % 2 == 0 {
            let word = chars[i + 1..]
                .iter()
                .take_while(|c| **c != '`' && !c.is_whitespace())
                .count();
            if word > 0 && chars.get(i + 1 + word) == Some(&'`') {
                i += word + 2;
                backslashes = 0;
                continue;
            }
        }
        backslashes = if chars[i] == '\\' { backslashes + 1 } else { 0 };
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// No mention, link or script URL anywhere in the source of `md` outside
/// its one-word code spans.
fn assert_no_mention_or_link(md: &str) {
    for line in md.lines() {
        let line = without_code_spans(line);
        assert!(!line.contains('@'), "a mention: {line}\n{md}");
        assert!(!line.contains("]("), "a link: {line}\n{md}");
        assert!(!line.contains("javascript:"), "a script URL: {line}\n{md}");
    }
}

/// `md` without the pull-request numbers of the review's own citations,
/// `` `3f2a1bc` (#42) ``, which are meant to link to the pull request (plan
/// text holding `#` is a code span, so it never reads like this).
fn without_pull_request_citations(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(at) = rest.find("` (#") {
        let cited = rest[..at]
            .rsplit_once('`')
            .is_some_and(|(_, id)| id.len() == 7 && id.chars().all(|c| c.is_ascii_hexdigit()));
        let tail = &rest[at + 4..];
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        if cited && digits > 0 && tail[digits..].starts_with(')') {
            out.push_str(&rest[..at + 1]);
            rest = &tail[digits + 1..];
        } else {
            out.push_str(&rest[..at + 4]);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// The HTML cmark-gfm (GitHub's Markdown parser, the Debian package
/// `cmark-gfm`) makes of `md` with GitHub's extensions; `None`, with a note
/// on stderr, when it is not installed.
pub fn github_html(md: &str) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let child = Command::new("cmark-gfm")
        .args(["--extension", "autolink", "--extension", "table"])
        .args(["--extension", "strikethrough", "--extension", "tagfilter"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!(
            "note: cmark-gfm is not installed (apt install cmark-gfm): the parsed-Markdown checks are skipped"
        );
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(md.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "cmark-gfm failed on:\n{md}");
    Some(String::from_utf8(output.stdout).unwrap())
}

/// The text nodes of `html` that GitHub's mention, reference and autolink
/// filters read: those outside `<code>`, `<pre>` and `<a>`, entities decoded.
pub fn live_text_nodes(html: &str) -> Vec<String> {
    let mut nodes = Vec::new();
    let mut rest = html;
    let mut inside: Vec<String> = Vec::new();
    while !rest.is_empty() {
        let (text, tail) = rest.split_at(rest.find('<').unwrap_or(rest.len()));
        if inside.is_empty() && !text.is_empty() {
            nodes.push(decode_entities(text));
        }
        let Some(end) = tail.find('>') else { break };
        let tag = &tail[1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if ["code", "pre", "a"].contains(&name.as_str()) {
            if tag.starts_with('/') {
                inside.pop();
            } else {
                inside.push(name);
            }
        }
        rest = &tail[end + 1..];
    }
    nodes
}

/// Text as HTML means it: `&amp;`, `&lt;`, `&gt;`, `&quot;` and numeric
/// entities, decoded once.
fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|&end| end < 12);
        let decoded = end.and_then(|end| {
            let entity = &tail[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What GitHub would make live in one text node: a mention (`@user`,
/// `@org/team`), an issue or pull-request reference (`#1`, `org/repo#1`,
/// `GH-1`).
pub fn live_reference(node: &str) -> Option<String> {
    let chars: Vec<char> = node.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let found = match c {
            '@' => next.is_ascii_alphanumeric(),
            '#' => next.is_ascii_digit(),
            'g' | 'G' => {
                chars
                    .get(i + 1)
                    .is_some_and(|h| h.eq_ignore_ascii_case(&'h'))
                    && chars.get(i + 2) == Some(&'-')
                    && chars.get(i + 3).is_some_and(char::is_ascii_digit)
                    && (i == 0 || !chars[i - 1].is_alphanumeric())
            }
            _ => false,
        };
        if found {
            return Some(
                chars[i.saturating_sub(10)..(i + 12).min(chars.len())]
                    .iter()
                    .collect(),
            );
        }
    }
    None
}

/// On what cmark-gfm makes of `md` (skipped, with a note, without it): no
/// link or image, no mention or reference in a text node GitHub reads, and
/// no bidi or zero-width character left to reorder or hide text.
pub fn assert_parsed_inert(md: &str) {
    let Some(html) = github_html(md) else { return };
    assert!(
        !html.contains("<a ") && !html.contains("<a>"),
        "a live link:\n{html}"
    );
    assert!(!html.contains("<img"), "an image:\n{html}");
    for node in live_text_nodes(&html) {
        if let Some(found) = live_reference(&node) {
            panic!("GitHub would make `{found}` live:\n{html}");
        }
        assert!(
            !node.contains([
                '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
                '\u{2068}', '\u{2069}', '\u{200b}', '\u{200d}', '\u{feff}'
            ]),
            "a bidi or zero-width character: {node:?}"
        );
    }
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
    // Inside a code span `<` and `>` are text.
    let mut rest: String = md.lines().map(|l| without_code_spans(l) + "\n").collect();
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
    assert_parsed_inert(md);
    let mut columns = None;
    for line in md.lines() {
        assert_pipes(line, line, &mut columns);
        if !line.starts_with('|') {
            // The closing note of a cut comment names the command to run.
            let text = without_code_spans(&line.replace("`cto-plan diff`", ""));
            assert_eq!(unescaped(&text, '`'), 0, "a code span or fence: {line}");
            // The sigil of a changed record is a lone `~`.
            let body = text.strip_prefix("- ~ ").unwrap_or(&text);
            assert_balanced(line, body);
        }
    }
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
    assert_parsed_inert(&without_pull_request_citations(md));
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
        let text = without_code_spans(line);
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
