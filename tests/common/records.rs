//! Small record builders, so that a fixture's next state names the fields
//! that change instead of spelling out the whole TOML record again.
//!
//! [`edit`] works on the text, line by line: a field that is there is
//! replaced where it stands, a new one goes after the last field of its
//! table, and a new table goes at the end. The text of the fields left alone
//! stays byte for byte, so line numbers in findings and the order of fields
//! in reports do not move when a fixture is written this way.

/// `text` with each `(key, Some(value))` set and each `(key, None)` removed.
/// Values are TOML source (`"\"shipped\""`, `2026-05-04`, `["a", "b"]`); a
/// dotted key names a field of a table (`milestone.beta.done` is `done` in
/// `[milestone.beta]`), a plain key a top-level field (before any table).
pub fn edit(text: &str, edits: &[(&str, Option<&str>)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (key, value) in edits {
        let (table, field) = match key.rsplit_once('.') {
            Some((table, field)) => (Some(table), field),
            None => (None, *key),
        };
        // The lines of the table: from after its header to the next header.
        let start = match table {
            None => 0,
            Some(table) => {
                let header = format!("[{table}]");
                match lines.iter().position(|l| *l == header) {
                    Some(i) => i + 1,
                    None => {
                        // A new table, after a blank line like the others.
                        lines.push(String::new());
                        lines.push(header);
                        lines.len()
                    }
                }
            }
        };
        let end = lines[start..]
            .iter()
            .position(|l| l.starts_with('['))
            .map_or(lines.len(), |i| start + i);
        let prefix = format!("{field} = ");
        let at = lines[start..end]
            .iter()
            .position(|l| l.starts_with(&prefix))
            .map(|i| start + i);
        match (at, value) {
            (Some(i), Some(value)) => lines[i] = format!("{prefix}{value}"),
            (Some(i), None) => {
                lines.remove(i);
            }
            (None, Some(value)) => {
                // After the table's last field, before the blank line that
                // opens the next table.
                let mut last = end;
                while last > start && lines[last - 1].is_empty() {
                    last -= 1;
                }
                lines.insert(last, format!("{prefix}{value}"));
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
fn edit_replaces_in_place_appends_at_the_end_of_the_table_and_removes() {
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
    assert_eq!(
        edit(
            text,
            &[
                ("milestone.beta.done", Some("true")),
                ("milestone.ga.title", Some("\"GA\"")),
                ("milestone.beta.title", Some("\"Beta 1\"")),
            ]
        ),
        "title = \"T\"\nstatus = \"active\"\n\n[milestone.beta]\ntitle = \"Beta 1\"\ndone = true\n\n[milestone.ga]\ntitle = \"GA\"\n"
    );
}
