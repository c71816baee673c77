//! Turns a source's files into a plan and the findings about its files.
//!
//! The same code runs for the working tree and for any revision, so a file
//! that checks clean on disk checks clean once committed. Bad bytes, bad names
//! and bad TOML become findings; loading only fails when the source itself
//! cannot be read.

use std::collections::HashMap;
use std::sync::Arc;

use super::{CONFIG_FILE, Content, MAX_FILE_SIZE, RawFile, Source};
use crate::diagnostic::rules;
use crate::diagnostic::{Finding, SourceMap};
use crate::error::Result;
use crate::model::{IdRule, Kind, Plan, PlanConfig, Record, Table, config};
use crate::parse::{parse_record, parse_table};

/// A plan together with what was found while reading its files.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub plan: Plan,
    pub findings: Vec<Finding>,
    /// The text of every file, for rendering findings.
    pub sources: SourceMap,
    /// How many record files were read, valid or not (the config excluded).
    pub record_files: usize,
    /// The plan's templates (`.cto-plan/templates/…`) that could be read, by
    /// path; their text is in `sources`.
    pub templates: Vec<String>,
}

/// Reads and parses every file of `source`, and reads its templates
/// (checking them is `validate`'s).
pub fn load(source: &dyn Source) -> Result<Loaded> {
    let files = source.files()?;
    let mut loaded = load_files(files);
    add_templates(&mut loaded, source.templates()?);
    Ok(loaded)
}

/// Adds the plan's templates to `loaded`: their text to the sources (for
/// findings), their paths to [`Loaded::templates`]; files that are not text
/// are findings already.
pub fn add_templates(loaded: &mut Loaded, templates: Vec<RawFile>) {
    for file in templates {
        let mut findings = Vec::new();
        let text = decode(&file, &mut findings);
        // A template is not a record: its unreadable bytes are a template
        // finding, whatever rule reading it raised.
        loaded.findings.extend(findings.into_iter().map(|f| {
            if f.rule.code == rules::BYTE_ORDER_MARK.code {
                f
            } else {
                Finding::new(&rules::TEMPLATE, &file.path, None, f.message.clone())
                    .help("a template is UTF-8 text of at most 1 MiB: fix or remove the file")
            }
        }));
        if let Some(text) = text {
            loaded.sources.insert(file.path.clone(), text);
            loaded.templates.push(file.path);
        }
    }
}

fn unreadable_folder(path: &str, why: &str) -> Finding {
    Finding::new(
        &rules::UNREADABLE_FOLDER,
        path,
        None,
        format!("cannot list this folder: {why}; its files were not checked"),
    )
    .help("give the user running cto-plan read and execute permission on it (`chmod u+rx`), or move it out of the plan")
}

/// Parses already-read files; the part of loading that needs no source.
pub fn load_files(files: Vec<RawFile>) -> Loaded {
    // A folder that could not be listed is a finding about the folder, not
    // a record file in the wrong place.
    let (folders, files): (Vec<RawFile>, Vec<RawFile>) = files
        .into_iter()
        .partition(|f| matches!(f.content, Content::UnreadableFolder(_)));
    let (config_files, record_files): (Vec<RawFile>, Vec<RawFile>) =
        files.into_iter().partition(|f| f.path == CONFIG_FILE);
    let record_count = record_files.len();

    let mut findings: Vec<Finding> = folders
        .iter()
        .filter_map(|folder| match &folder.content {
            Content::UnreadableFolder(why) => Some(unreadable_folder(&folder.path, why)),
            _ => None,
        })
        .collect();
    let mut sources = SourceMap::default();
    let config = match config_files.into_iter().next() {
        Some(file) => load_config(file, &mut findings, &mut sources),
        None => PlanConfig::default(),
    };

    // Parsing dominates loading a large plan; spread it over the cores.
    let parsed = super::parallel::map(&record_files, |file| load_record_file(file, &config));

    let mut records = Vec::with_capacity(parsed.len());
    let mut texts = Vec::with_capacity(parsed.len());
    let mut seen: HashMap<(Kind, String), String> = HashMap::with_capacity(parsed.len());
    for outcome in parsed {
        findings.extend(outcome.findings);
        if let Some(text) = outcome.text {
            texts.push((outcome.path, text));
        }
        let Some(record) = outcome.record else {
            continue;
        };
        match seen.entry((record.kind, record.id.clone())) {
            std::collections::hash_map::Entry::Occupied(first) => findings.push(
                Finding::new(
                    &rules::DUPLICATE_ID,
                    &record.path,
                    None,
                    format!("{} is defined twice", record.reference()),
                )
                .help(format!(
                    "{} defines it too: ids are unique per kind, so rename one of the files",
                    first.get()
                )),
            ),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(record.path.clone());
                records.push(record);
            }
        }
    }
    // In one go: the files come sorted, and building the map from them
    // whole is linear where inserting them one by one compared paths.
    sources.extend(texts);
    Loaded {
        plan: Plan::new(config, records),
        findings,
        sources,
        record_files: record_count,
        templates: Vec::new(),
    }
}

struct FileOutcome {
    path: String,
    text: Option<Arc<str>>,
    record: Option<Record>,
    findings: Vec<Finding>,
}

/// Decodes a file's bytes, reporting what is wrong with them.
fn decode(file: &RawFile, findings: &mut Vec<Finding>) -> Option<Arc<str>> {
    let path = &file.path;
    let bytes = match &file.content {
        Content::Bytes(bytes) => bytes,
        Content::TooLarge(size) => {
            findings.push(
                Finding::new(&rules::FILE_TOO_LARGE, path, None, format!("file is {size} bytes, over the limit of {MAX_FILE_SIZE}"))
                    .help("a record is a few hundred bytes: split the file, or move bulk data out of the plan"),
            );
            return None;
        }
        Content::BadSymlink { target, why } => {
            findings.push(
                Finding::new(
                    &rules::SYMLINK,
                    path,
                    None,
                    format!("symbolic link to `{target}`: {why}"),
                )
                .help("plan files must live inside the plan: copy the file in, or remove the link"),
            );
            return None;
        }
        Content::Unreadable(why) => {
            findings.push(Finding::new(
                &rules::ENCODING,
                path,
                None,
                format!("cannot read the file: {why}"),
            ));
            return None;
        }
        Content::Special(what) => {
            findings.push(
                Finding::new(
                    &rules::SPECIAL_FILE,
                    path,
                    None,
                    format!("this is {what}, not a file: it was not opened"),
                )
                .help("remove it, or replace it with the record's TOML file"),
            );
            return None;
        }
        Content::UnreadableFolder(why) => {
            findings.push(unreadable_folder(path, why));
            return None;
        }
    };
    if bytes.contains(&0) {
        findings.push(
            Finding::new(
                &rules::ENCODING,
                path,
                None,
                "binary file: it holds NUL bytes",
            )
            .help("plan files are UTF-8 text; remove the file or replace it with TOML"),
        );
        return None;
    }
    let (bytes, had_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes.as_slice(), false),
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            findings.push(
                Finding::new(
                    &rules::ENCODING,
                    path,
                    None,
                    format!("not UTF-8: invalid byte at offset {offset} (line {line})"),
                )
                .help("save the file as UTF-8 (most editors have an encoding menu)"),
            );
            return None;
        }
    };
    if had_bom {
        findings.push(
            Finding::new(
                &rules::BYTE_ORDER_MARK,
                path,
                Some(0..0),
                "file starts with a UTF-8 byte-order mark",
            )
            .help("save the file as UTF-8 without BOM; some TOML tools reject it"),
        );
    }
    Some(Arc::from(text))
}

fn load_record_file(file: &RawFile, config: &PlanConfig) -> FileOutcome {
    let path = file.path.clone();
    let mut findings = Vec::new();
    let Some(kind) = Kind::for_path(&path) else {
        let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
        findings.push(
            Finding::new(
                &rules::UNKNOWN_FILE,
                &path,
                None,
                "this file is in no folder that holds records",
            )
            .help(format!(
                "move it into one of {}/, or out of the plan",
                folders.join("/, ")
            )),
        );
        return FileOutcome {
            path,
            text: None,
            record: None,
            findings,
        };
    };
    let text = decode(file, &mut findings);
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".toml")
        .to_owned();
    let id_ok = kind.accepts_id(&stem);
    if !id_ok {
        let help = if kind.spec().id == IdRule::Quarter {
            format!(
                "name {} files by quarter, such as {}/2026-Q3.toml",
                kind.name(),
                kind.folder()
            )
        } else {
            format!(
                "rename it to `{}.toml`: lower-case letters, digits and hyphens, at most 64",
                suggest_id(&stem)
            )
        };
        findings.push(
            Finding::new(
                &rules::BAD_ID,
                &path,
                None,
                format!("`{stem}` is not a valid {kind} id"),
            )
            .help(help),
        );
    }
    let record = text.as_deref().and_then(|text| {
        if text.trim().is_empty() {
            let required: Vec<&str> = kind
                .fields()
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect();
            let help = if required.is_empty() {
                "add the record's fields, or delete the file".to_owned()
            } else {
                format!(
                    "add the required fields ({}), or delete the file",
                    required.join(", ")
                )
            };
            findings.push(Finding::new(&rules::EMPTY_FILE, &path, None, "empty file").help(help));
            return None;
        }
        let fields = parse_record(
            kind.fields(),
            text,
            &path,
            &mut findings,
            Some((kind, config)),
        )?;
        id_ok.then(|| Record {
            kind,
            id: stem,
            path: path.clone(),
            fields,
        })
    });
    FileOutcome {
        path,
        text,
        record,
        findings,
    }
}

/// The settings of a plan from its `cto-plan.toml` bytes, with defaults for
/// anything missing or wrong (`check` reports those).
pub fn config_from_bytes(bytes: Vec<u8>) -> PlanConfig {
    let file = RawFile {
        path: CONFIG_FILE.into(),
        content: Content::Bytes(bytes),
        blob: None,
    };
    load_config(file, &mut Vec::new(), &mut SourceMap::default())
}

fn load_config(file: RawFile, findings: &mut Vec<Finding>, sources: &mut SourceMap) -> PlanConfig {
    let mut config = PlanConfig::default();
    let Some(text) = decode(&file, findings) else {
        return config;
    };
    sources.insert(file.path.clone(), text.clone());
    let Some(table) = parse_table(config::fields(), &text, &file.path, findings) else {
        return config;
    };
    let section = |name| table.table(name).cloned().unwrap_or_else(Table::default);
    let plan = section("plan");
    if let Some(name) = plan.text("name") {
        config.name = name.to_owned();
    }
    if let Some(currency) = plan.text("currency") {
        config.currency = currency.to_owned();
    }
    if let Some(month) = plan.number("fiscal_year_start_month") {
        config.fiscal_year_start_month = month as u8;
    }
    if let Some(percent) = section("check").number("budget_overrun_percent") {
        config.budget_overrun_percent = percent;
    }
    let capacity = section("capacity");
    let settings = &mut config.capacity;
    for (key, slot) in [
        ("focus", &mut settings.focus),
        ("leave_weeks", &mut settings.leave_weeks),
        ("ramp_up_weeks", &mut settings.ramp_up_weeks),
        ("ramp_up_output", &mut settings.ramp_up_output),
        ("over_capacity_percent", &mut settings.over_capacity_percent),
        ("owner_active_limit", &mut settings.owner_active_limit),
        ("diff_load_points", &mut settings.diff_load_points),
    ] {
        if let Some(value) = capacity.number(key) {
            *slot = value;
        }
    }
    if let Some(on) = capacity.bool("traceability") {
        settings.traceability = on;
    }
    for &kind in Kind::ALL {
        if let Some((name, _)) = kind.spec().settings
            && let Some(settings) = table.table(name)
        {
            config.kind_settings.insert(kind, settings.clone());
        }
    }
    config
}

/// A valid id close to a bad file stem, for the hint.
fn suggest_id(stem: &str) -> String {
    let mut id = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    let id: String = id.chars().take(64).collect();
    if id.is_empty() {
        "my-record".into()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(path: &str, bytes: &[u8]) -> RawFile {
        RawFile {
            path: path.into(),
            content: Content::Bytes(bytes.to_vec()),
            blob: None,
        }
    }

    fn codes(loaded: &Loaded) -> Vec<&str> {
        loaded.findings.iter().map(|f| f.rule.code).collect()
    }

    #[test]
    fn bad_files_are_findings() {
        let loaded = load_files(vec![
            raw("cto-plan.toml", b"[plan]\nname = \"x\"\n"),
            raw("roadmap/bin.toml", b"ti\0tle"),
            raw("roadmap/latin1.toml", b"title = \"caf\xe9\"\n"),
            raw("roadmap/empty.toml", b"  \n"),
            raw(
                "roadmap/Bad Name.toml",
                b"title = \"x\"\nstatus = \"proposed\"\n",
            ),
            raw("stuff/x.toml", b"a = 1"),
            RawFile {
                path: "roadmap/big.toml".into(),
                content: Content::TooLarge(2 << 20),
                blob: None,
            },
        ]);
        let mut got = codes(&loaded);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "bad-id",
                "empty-file",
                "encoding",
                "encoding",
                "file-too-large",
                "unknown-file"
            ]
        );
        assert!(loaded.plan.records.is_empty());
        assert_eq!(loaded.plan.config.name, "x");
    }

    #[test]
    fn bom_and_crlf_still_load() {
        let loaded = load_files(vec![raw(
            "team/teams/core.toml",
            b"\xEF\xBB\xBFname = \"Core\"\r\nheadcount_target = 4\r\n",
        )]);
        assert_eq!(codes(&loaded), ["byte-order-mark"]);
        assert_eq!(loaded.plan.records.len(), 1);
        assert_eq!(loaded.plan.records[0].title(), "Core");
    }

    #[test]
    fn ids_are_suggested() {
        assert_eq!(suggest_id("Search V2"), "search-v2");
        assert_eq!(suggest_id("__"), "my-record");
    }
}
