//! Reading the CSV exports of HR and roadmap tools: the bytes of one file
//! into a header row and located rows of trimmed cells, and which column
//! holds which field.
//!
//! Real exports differ in small ways, and each is handled here once: a UTF-8
//! byte-order mark (Excel's "CSV UTF-8") is dropped; the separator (`,`, `;`
//! as spreadsheets in many European locales write, or a tab) is the one the
//! header line uses most; cells may hold quoted line breaks; a column may
//! repeat (Jira writes one `Labels` column per label). Text that is not UTF-8
//! is refused with the file and line of the first bad byte rather than
//! guessed at: a wrong guess would store wrong names without a word. A cell
//! that `cto-plan export csv` marked as text with a leading `'` (so that a
//! spreadsheet does not run it as a formula) is read back without the mark.
//!
//! This module knows no field's meaning and makes no proposal: the importers
//! say which headers name which field, and map the cells. Only the
//! `custom.KEY` columns `export csv` writes are read here, being the same for
//! every kind.

use crate::edit::Assignment;
use crate::error::{Error, Result};

/// A CSV file read: the header row and the rows under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row: the line it starts on (1-based, as an editor counts) and
/// its cells, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell in `column`, `""` when the row is shorter.
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// Reads `bytes`, the content of `file` (named as the user gave it).
pub fn read(file: &str, bytes: &[u8]) -> Result<Table> {
    let refuse = |location: String, message: &str, hint: &str| Error::Edit {
        location,
        message: message.to_owned(),
        hint: Some(hint.to_owned()),
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(refuse(
            file.to_owned(),
            "is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8 CSV",
            "export it again as \"CSV UTF-8\", or convert it with `iconv -f UTF-16 -t UTF-8`",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(refuse(
            format!("{file}:{}", line_of(bytes, at)),
            "holds NUL bytes: it is a binary file, not a CSV export",
            "give the CSV file the tool exported (a .xlsx workbook must be saved as CSV first)",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return Err(refuse(
                format!("{file}:{}", line_of(bytes, error.valid_up_to())),
                "is not UTF-8 text (perhaps Windows-1252 or Latin-1), so names in it cannot be read faithfully",
                "export it again as \"CSV UTF-8\", or convert it with `iconv -f WINDOWS-1252 -t UTF-8`",
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(refuse(
            file.to_owned(),
            "is empty: there is no header row to read",
            "export again with the column headers on the first line",
        ));
    }
    let delimiter = separator(text);
    // The csv crate ends a quoted cell that never closes at the end of the
    // file, taking every row after it into that cell: refused instead.
    if let Some(opened) = unclosed_quote(text, delimiter) {
        return Err(refuse(
            format!("{file}:{}", line_of(bytes, opened)),
            "has a quoted cell that is never closed: every row after it would be read into that cell",
            "close the quote on that line (a quote inside a quoted cell is written twice: \"\")",
        ));
    }
    let mut lines = LineCounter::default();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                return Err(refuse(
                    format!("{file}:{line}"),
                    &format!("cannot be read as CSV: {error}"),
                    "check the quotes on that line: a quoted cell must end with a quote",
                ));
            }
        }
        // From the byte the row starts at, not the crate's line count,
        // which is one short after each `\r\n` (what Excel writes).
        let line = record
            .position()
            .map_or(0, |p| lines.line_at(text.as_bytes(), p.byte() as usize));
        let cells: Vec<String> = record
            .iter()
            .map(|cell| restore_formula(cell.trim()).to_owned())
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match headers {
            None => headers = Some(cells),
            Some(_) => rows.push(Row { line, cells }),
        }
    }
    Ok(Table {
        headers: headers.unwrap_or_default(),
        rows,
    })
}

/// The lines of rows read in order, counted once: the line of a row's
/// first byte, past the line break the previous row left.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], mut offset: usize) -> usize {
        while matches!(bytes.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        let offset = offset.min(bytes.len());
        if offset < self.offset {
            return line_of(bytes, offset);
        }
        self.line += bytes[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line + 1
    }
}

/// The byte where a quoted cell opens that no quote closes, read as the csv
/// crate reads quotes: only as a cell's first character, `""` inside one
/// standing for a quote.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at_cell_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if at_cell_start && byte == b'"' {
            let opened = i;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Some(opened),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            at_cell_start = false;
        } else {
            at_cell_start = byte == delimiter || byte == b'\n' || byte == b'\r';
        }
        i += 1;
    }
    None
}

/// The 1-based line of byte `offset`.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The separator the header line uses most, outside quotes: `,` unless
/// `;` or a tab is more frequent.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in header.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(slot) = counts.iter_mut().find(|(sep, _)| *sep == byte) {
            slot.1 += 1;
        }
    }
    // `max_by_key` keeps the last of equals: ties go to the comma, listed first.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(sep, _)| *sep)
}

/// The mark `export csv` puts before a formula-like cell, taken off again:
/// one concept, kept with the exporter that adds it.
pub use crate::export::csv::restore_formula;

/// A header or a word as compared: lower-case letters and digits only, so
/// `Start Date`, `start_date` and `StartDate` are one, as are `E-mail` and
/// `email`, `Won't Do` and `wont do`.
pub fn normalise(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// One field an importer reads, and the headers that name it.
#[derive(Debug, Clone, Copy)]
pub struct FieldColumns {
    /// The field's name, as `--map` takes it.
    pub field: &'static str,
    /// Headers that name it, best first, as [`normalise`] leaves them.
    pub headers: &'static [&'static str],
    /// Whether every column with such a header adds to the field (Jira's
    /// repeated `Labels`), instead of the best one alone.
    pub many: bool,
}

/// Which columns hold which field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    found: Vec<(&'static str, Vec<usize>)>,
}

impl Columns {
    /// The column of a single-valued field.
    pub fn of(&self, field: &str) -> Option<usize> {
        self.all(field).first().copied()
    }

    /// Every column of a field.
    pub fn all(&self, field: &str) -> &[usize] {
        self.found
            .iter()
            .find(|(name, _)| *name == field)
            .map_or(&[], |(_, columns)| columns.as_slice())
    }

    /// The fields that have a column.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.found.iter().map(|(name, _)| *name)
    }

    /// The columns no field took whose header is `custom.KEY` (as
    /// `export csv` names a record's `[custom]` keys), with their `KEY`: an
    /// import sets them back, so an export edited in a spreadsheet keeps
    /// its custom fields.
    pub fn custom(&self, headers: &[String]) -> Vec<(usize, String)> {
        headers
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.found.iter().any(|(_, columns)| columns.contains(i)))
            .filter_map(|(i, header)| {
                let key = header.trim().strip_prefix("custom.")?;
                let bare = |part: &str| {
                    !part.is_empty()
                        && part
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                };
                key.split('.').all(bare).then(|| (i, key.to_owned()))
            })
            .collect()
    }
}

/// The assignments of a row's `custom.KEY` cells ([`Columns::custom`]);
/// empty cells set nothing. A cell is read as `set` reads a custom value: a
/// TOML literal (`true`, `3`, `2026-01-31`) when it is one, else text.
pub fn custom_fields(custom: &[(usize, String)], row: &Row) -> Vec<Assignment> {
    custom
        .iter()
        .filter(|(c, _)| !row.cell(*c).is_empty())
        .map(|(c, key)| Assignment::set(&format!("custom.{key}"), row.cell(*c)))
        .collect()
}

/// Parses `--map` values: `COLUMN=field` pairs, several to a value when
/// separated by commas. A field the importer does not read is refused,
/// naming the ones it does.
pub fn parse_map(
    values: &[String],
    fields: &[FieldColumns],
    what: &str,
) -> Result<Vec<(String, &'static str)>> {
    let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
    let mut pairs = Vec::new();
    for pair in values.iter().flat_map(|value| value.split(',')) {
        let Some((column, field)) = pair.split_once('=') else {
            return Err(Error::Edit {
                location: "--map".into(),
                message: format!("'{pair}' is not COLUMN=field"),
                hint: Some("write it as --map \"Work Email=email\"".into()),
            });
        };
        let field = field.trim();
        let Some(known) = fields.iter().find(|f| f.field == field) else {
            return Err(Error::Edit {
                location: "--map".into(),
                message: format!("'{field}' is not a field the {what} import fills"),
                hint: Some(format!("the fields are: {}", names.join(", "))),
            });
        };
        pairs.push((column.trim().to_owned(), known.field));
    }
    Ok(pairs)
}

/// Finds each field's columns in `headers`: `--map` first, then the known
/// headers, fields in order, each taking the best column no earlier field
/// took (so with both `Title` and `Summary`, a roadmap's title is `Title`
/// and `Summary` is left for the description). A `--map` column the file
/// does not have is refused, naming the file's columns.
pub fn recognise(
    file: &str,
    headers: &[String],
    fields: &[FieldColumns],
    map: &[(String, &'static str)],
) -> Result<Columns> {
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut taken = vec![false; headers.len()];
    let mut found: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (column, field) in map {
        let wanted = normalise(column);
        let matching: Vec<usize> = (0..headers.len())
            .filter(|&i| normalised[i] == wanted)
            .collect();
        if matching.is_empty() {
            return Err(Error::Edit {
                location: file.to_owned(),
                message: format!("has no column '{column}' (given in --map)"),
                hint: Some(format!("its columns are: {}", headers.join(", "))),
            });
        }
        for &i in &matching {
            taken[i] = true;
        }
        match found.iter_mut().find(|(name, _)| name == field) {
            Some((_, columns)) => columns.extend(matching),
            None => found.push((field, matching)),
        }
    }
    for spec in fields {
        if found.iter().any(|(name, _)| *name == spec.field) {
            continue;
        }
        let mut columns = Vec::new();
        for header in spec.headers {
            for i in 0..headers.len() {
                if !taken[i] && normalised[i] == *header {
                    columns.push(i);
                }
            }
            if !columns.is_empty() && !spec.many {
                columns.truncate(1);
                break;
            }
        }
        for &i in &columns {
            taken[i] = true;
        }
        if !columns.is_empty() {
            columns.sort_unstable();
            found.push((spec.field, columns));
        }
    }
    Ok(Columns { found })
}

/// The items of a list cell: split at `;` (how `export csv` joins them) or
/// `,` (Linear's labels), trimmed, empty ones dropped.
pub fn list_items(cell: &str) -> Vec<String> {
    cell.split([';', ','])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Untrusted text for a message: quoted, with line breaks and control
/// characters written as escapes, so it reads as one value and cannot act
/// on a terminal.
pub fn shown(text: &str) -> String {
    crate::text::neutralise(&format!("{text:?}")).into_owned()
}

/// Which comes first in dates like `03/04/2026`: the file decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `04/03/2026` is 4 March (most of the world).
    DayFirst,
    /// `03/04/2026` is 4 March (US exports, the default of most HR tools).
    MonthFirst,
}

impl DayOrder {
    /// The order the slashed dates among `cells` show: day first when one
    /// starts with a number above 12, else month first.
    pub fn of<'c>(cells: impl IntoIterator<Item = &'c str>) -> DayOrder {
        for cell in cells {
            let parts = numbers(cell);
            if cell.contains('/') && parts.len() >= 3 && parts[0].len() <= 2 {
                match (parts[0].parse::<u32>(), parts[1].parse::<u32>()) {
                    (Ok(first), _) if first > 12 => return DayOrder::DayFirst,
                    (_, Ok(second)) if second > 12 => return DayOrder::MonthFirst,
                    _ => {}
                }
            }
        }
        DayOrder::MonthFirst
    }
}

fn numbers(cell: &str) -> Vec<&str> {
    cell.split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect()
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A day as exports write it: `2026-03-04` (a time after it is ignored, as
/// Linear writes `2026-03-04T10:00:00.000Z`), `04.03.2026` (day first),
/// `03/04/2026` (in `order`), `04/Mar/26 10:15 AM` (Jira), `Mar 4, 2026`,
/// `4 March 2026`. Two-digit years are 20xx. `None` when it is none of these.
pub fn parse_date(cell: &str, order: DayOrder) -> Option<jiff::civil::Date> {
    let parts = numbers(cell);
    if parts.len() < 3 {
        return None;
    }
    let month_name = |part: &str| -> Option<i8> {
        let lower = part.to_lowercase();
        let position = MONTHS.iter().position(|m| {
            lower.len() >= 3 && lower.is_char_boundary(3) && m.starts_with(&lower[..3])
        })?;
        Some(position as i8 + 1)
    };
    let number = |part: &str| part.parse::<i32>().ok();
    let year = |part: &str| -> Option<i16> {
        let value = number(part)?;
        match part.len() {
            4 => i16::try_from(value).ok(),
            2 => i16::try_from(2000 + value).ok(),
            _ => None,
        }
    };
    let (y, m, d) = if let Some(month) = month_name(parts[0]) {
        (year(parts[2])?, month, number(parts[1])?)
    } else if let Some(month) = month_name(parts[1]) {
        (year(parts[2])?, month, number(parts[0])?)
    } else if parts[0].len() == 4 {
        // ISO: the third part may run into a time (`04T10`).
        let day: String = parts[2].chars().take_while(char::is_ascii_digit).collect();
        (
            year(parts[0])?,
            i8::try_from(number(parts[1])?).ok()?,
            number(&day)?,
        )
    } else {
        let (first, second) = (number(parts[0])?, number(parts[1])?);
        let day_first = cell.contains('.') && !cell.contains('/') || order == DayOrder::DayFirst;
        let (day, month) = if day_first {
            (first, second)
        } else {
            (second, first)
        };
        (year(parts[2])?, i8::try_from(month).ok()?, day)
    };
    jiff::civil::Date::new(y, m, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_quirks() {
        let table = read(
            "x.csv",
            "\u{feff}Name;E-mail\n\"Zoë\nB\";z@x\n\n;\nA;a@x\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(table.headers, ["Name", "E-mail"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells, ["Zoë\nB", "z@x"]);
        assert_eq!(table.rows[1].line, 6);
        assert_eq!(separator("a\tb\tc,d"), b'\t');
        assert_eq!(separator("\"a;b\",c"), b',');
        assert_eq!(separator("single"), b',');
    }

    #[test]
    fn rows_of_crlf_files_are_on_the_lines_an_editor_shows() {
        let crlf = "Name,E-mail\r\nA,a@x\r\n\"B\r\nb\",b@x\r\n\r\nC,c@x\r\n";
        let lf = crlf.replace("\r\n", "\n");
        for text in [crlf, lf.as_str()] {
            let table = read("x.csv", text.as_bytes()).unwrap();
            let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 3, 6], "{text:?}");
        }
    }

    #[test]
    fn a_quote_that_never_closes_is_refused_at_its_line() {
        let error = read("x.csv", b"Name,Role\nA,\"Eng\nB,Eng\nC,Eng\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("x.csv:2: has a quoted cell"), "{error}");
        // Doubled quotes inside a cell, and quotes inside an unquoted cell,
        // close nothing and open nothing.
        let table = read("x.csv", b"Name,Role\n\"A \"\"Al\"\"\",Eng\nB\"x,Eng\n").unwrap();
        assert_eq!(table.rows[0].cells, ["A \"Al\"", "Eng"]);
        assert_eq!(table.rows[1].cells, ["B\"x", "Eng"]);
    }

    #[test]
    fn bad_bytes_are_refused_with_their_line() {
        let error = read("x.csv", b"a,b\nJos\xe9,1\n").unwrap_err().to_string();
        assert!(error.starts_with("x.csv:2: is not UTF-8"), "{error}");
        assert!(read("x.csv", b"").is_err());
        assert!(read("x.csv", b"\x00\x01").is_err());
        assert!(read("x.csv", b"\xFF\xFEa\x00").is_err());
    }

    #[test]
    fn dates_as_exports_write_them() {
        let day = |text: &str, order| parse_date(text, order).map(|d| d.to_string());
        let m = DayOrder::MonthFirst;
        let d = DayOrder::DayFirst;
        assert_eq!(day("2026-03-04", m).as_deref(), Some("2026-03-04"));
        assert_eq!(
            day("2026-03-04T10:00:00.000Z", m).as_deref(),
            Some("2026-03-04")
        );
        assert_eq!(day("04.03.2026", m).as_deref(), Some("2026-03-04"));
        assert_eq!(day("03/04/2026", m).as_deref(), Some("2026-03-04"));
        assert_eq!(day("04/03/2026", d).as_deref(), Some("2026-03-04"));
        assert_eq!(day("04/Mar/26 10:15 AM", m).as_deref(), Some("2026-03-04"));
        assert_eq!(day("Mar 4, 2026", m).as_deref(), Some("2026-03-04"));
        assert_eq!(day("4 March 2026", m).as_deref(), Some("2026-03-04"));
        for bad in [
            "",
            "soon",
            "2026-02-30",
            "13/13/2026",
            "1/2",
            "Märzchen 1 2026",
        ] {
            assert_eq!(day(bad, m), None, "{bad}");
        }
        assert_eq!(DayOrder::of(["01/02/2026", "25/02/2026"]), d);
        assert_eq!(DayOrder::of(["02/25/2026"]), m);
    }

    #[test]
    fn formula_marks_come_off_once() {
        assert_eq!(restore_formula("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(restore_formula("''=x"), "'=x");
        assert_eq!(restore_formula("'quoted'"), "'quoted'");
    }

    #[test]
    fn earlier_fields_take_the_best_column_first() {
        const FIELDS: &[FieldColumns] = &[
            FieldColumns {
                field: "title",
                headers: &["title", "summary"],
                many: false,
            },
            FieldColumns {
                field: "summary",
                headers: &["description", "summary"],
                many: false,
            },
            FieldColumns {
                field: "tags",
                headers: &["labels"],
                many: true,
            },
        ];
        let headers: Vec<String> = ["Summary", "Labels", "Labels", "Title"]
            .map(String::from)
            .to_vec();
        let columns = recognise("x.csv", &headers, FIELDS, &[]).unwrap();
        assert_eq!(columns.of("title"), Some(3));
        assert_eq!(columns.of("summary"), Some(0));
        assert_eq!(columns.all("tags"), [1, 2]);
        let map = parse_map(&["Summary=title".into()], FIELDS, "test").unwrap();
        let columns = recognise("x.csv", &headers, FIELDS, &map).unwrap();
        assert_eq!(columns.of("title"), Some(0));
        assert_eq!(columns.of("summary"), None);
        assert!(parse_map(&["Summary=nope".into()], FIELDS, "test").is_err());
        assert!(recognise("x.csv", &headers, FIELDS, &[("Gone".into(), "title")]).is_err());
    }
}
