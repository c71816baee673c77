//! Escaping for Markdown that GitHub and GitLab render, so text from a plan
//! (which anyone opening a pull request controls) can neither break the
//! comment's layout nor abuse it: no tables split, no HTML, no mentions, no
//! links or images, no code fences.

/// Escapes one piece of plan text for use inside a Markdown line or table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' | '\n' | '\t' => out.push(' '),
            // Entities: these stay inert in every Markdown flavour and in HTML.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("&#64;"),
            // Backslash escapes for the rest of Markdown's punctuation.
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '|' | '!' | '~' | '#' | '{' | '}'
            | '$' | ':' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn hostile_text_is_inert() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
        );
        assert_eq!(escape("@everyone"), "&#64;everyone");
        assert_eq!(
            escape("[x](javascript:alert(1))"),
            "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
        );
        assert_eq!(escape("```rust"), "\\`\\`\\`rust");
        assert_eq!(
            escape("![img](http://x/y.png)"),
            "\\!\\[img\\]\\(http\\://x/y.png\\)"
        );
        assert_eq!(escape("line\nbreak"), "line break");
    }
}
