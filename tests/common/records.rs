//! Small record builders, so that a fixture's next state names the one field
//! that changes instead of spelling out the whole TOML record again.
//!
//! [`edit`] works on the text, line by line, on the record's top-level
//! fields (those before its first `[table]`): a field that is there is
//! replaced where it stands and a new one goes after the last top-level
//! field. The text of the fields left alone stays byte for byte, so line
//! numbers in findings and the order of fields in reports do not move.

/// `text` with each `(key, Some(value))` set and each `(key, None)` removed;
/// values are TOML source (`"\"shipped\""`, `2026-05-04`, `["a", "b"]`).
pub fn edit(text: &str, edits: &[(&str, Option<&str>)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (key, value) in edits {
        // The top-level fields end at the first table header.
        let top = lines
            .iter()
            .position(|l| l.starts_with('['))
            .unwrap_or(lines.len());
        let prefix = format!("{key} = ");
        let at = lines[..top].iter().position(|l| l.starts_with(&prefix));
        match (at, value) {
            (Some(i), Some(value)) => lines[i] = format!("{prefix}{value}"),
            (Some(i), None) => {
                lines.remove(i);
            }
            (None, Some(value)) => {
                // After the last field, before the blank line that opens
                // the tables.
                let mut end = top;
                while end > 0 && lines[end - 1].is_empty() {
                    end -= 1;
                }
                lines.insert(end, format!("{prefix}{value}"));
            }
            (None, None) => panic!("no field {key} to remove in:\n{text}"),
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// [`edit`] with one field set.
pub fn set(text: &str, key: &str, value: &str) -> String {
    edit(text, &[(key, Some(value))])
}

/// A TOML string value: `s` in double quotes (the tests' texts need no
/// escapes).
pub fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// An initiative with its five usual fields.
pub fn initiative(title: &str, status: &str, owner: &str, team: &str, quarter: &str) -> String {
    format!(
        "title = \"{title}\"\nstatus = \"{status}\"\nowner = \"{owner}\"\nteam = \"{team}\"\nquarter = \"{quarter}\"\n"
    )
}

/// A person; `extra` holds further lines (`manager = "alice"\n`).
pub fn person(name: &str, role: &str, team: &str, extra: &str) -> String {
    format!("name = \"{name}\"\nrole = \"{role}\"\nteam = \"{team}\"\n{extra}")
}

/// A risk; `tail` holds further lines (`status = "open"\n`).
pub fn risk(
    title: &str,
    category: &str,
    likelihood: u8,
    impact: u8,
    owner: &str,
    tail: &str,
) -> String {
    format!(
        "title = \"{title}\"\ncategory = \"{category}\"\nlikelihood = {likelihood}\nimpact = {impact}\nowner = \"{owner}\"\n{tail}"
    )
}

#[test]
fn edit_replaces_in_place_appends_at_the_top_and_removes() {
    let text = "title = \"T\"\nstatus = \"active\"\n\n[milestone.beta]\ntitle = \"Beta\"\n";
    assert_eq!(
        edit(
            text,
            &[
                ("status", Some("\"shipped\"")),
                ("shipped", Some("2026-05-04")),
                ("title", None),
            ]
        ),
        "status = \"shipped\"\nshipped = 2026-05-04\n\n[milestone.beta]\ntitle = \"Beta\"\n"
    );
}
