//! The input format the fuzz targets share: a plain-text archive of plan
//! files, so that seeds are written from real plans and libFuzzer's byte
//! mutations land in TOML text rather than in a binary encoding.
//!
//! ```text
//! %today 2026-12-02          directives: lines starting with `%`, before the first file
//! === cto-plan.toml          a file: `=== PATH`, then its bytes up to the next `=== ` line
//! [plan]
//! name = "x"
//! === roadmap/search.toml !big
//! ```
//!
//! A header may end with a flag that stands for what a real source can hold
//! besides bytes: `!big` (a file over the size limit), `!link TARGET` (a
//! symbolic link that leads nowhere), `!unreadable`, and, in a diff's
//! second half, `!delete`. Paths are kept only when a real source could
//! list them (the rules of `store::is_plan_file`), so that a crash found here
//! is one a plan in a pull request can cause. This crate only decodes; the
//! targets decide what to run and what must hold.

use std::collections::BTreeMap;

use cto_plan::store::{CONFIG_FILE, Content, MAX_FILE_SIZE, RawFile};

/// One file of an archive, as its header and body say.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    pub body: Vec<u8>,
    pub flag: Flag,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    Bytes,
    TooLarge,
    BadLink(String),
    Unreadable,
    Delete,
}

/// An archive: its directives (without the `%`) and its files in order.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    pub directives: Vec<String>,
    pub entries: Vec<Entry>,
}

const HEADER: &[u8] = b"=== ";

/// Splits `data` into directives and files. Never fails: what cannot be
/// read as a header or a path is skipped, as a source would never list it.
pub fn decode(data: &[u8]) -> Archive {
    let mut archive = Archive::default();
    let mut lines = Lines { data, at: 0 };
    // Directives, up to the first header.
    let mut body_start = None;
    while let Some((start, line)) = lines.next_line() {
        if line.starts_with(HEADER) {
            body_start = Some((start, line));
            break;
        }
        if let Some(directive) = line.strip_prefix(b"%") {
            archive
                .directives
                .push(String::from_utf8_lossy(directive).trim_end().to_owned());
        }
    }
    let Some((_, mut header)) = body_start else {
        return archive;
    };
    loop {
        let body_from = lines.at;
        let mut next_header = None;
        let mut body_to = data.len();
        while let Some((start, line)) = lines.next_line() {
            if line.starts_with(HEADER) {
                body_to = start;
                next_header = Some(line);
                break;
            }
        }
        if let Some(entry) = entry(header, &data[body_from..body_to]) {
            archive.entries.push(entry);
        }
        match next_header {
            Some(line) => header = line,
            None => return archive,
        }
    }
}

/// A line iterator that also gives each line's start and keeps the rest
/// (the bytes after the line's `\n`) reachable through `at`.
struct Lines<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Lines<'a> {
    fn next_line(&mut self) -> Option<(usize, &'a [u8])> {
        if self.at >= self.data.len() {
            return None;
        }
        let start = self.at;
        let rest = &self.data[start..];
        let (line, consumed) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.at += consumed;
        Some((start, line.strip_suffix(b"\r").unwrap_or(line)))
    }
}

fn entry(header: &[u8], body: &[u8]) -> Option<Entry> {
    let header = std::str::from_utf8(&header[HEADER.len()..]).ok()?;
    let (path, flag) = match header.split_once(" !") {
        Some((path, flag)) => {
            let (name, argument) = flag.split_once(' ').unwrap_or((flag, ""));
            let flag = match name {
                "big" => Flag::TooLarge,
                "link" => Flag::BadLink(argument.to_owned()),
                "unreadable" => Flag::Unreadable,
                "delete" => Flag::Delete,
                _ => return None,
            };
            (path, flag)
        }
        None => (header, Flag::Bytes),
    };
    let path = path.trim_end();
    is_listable(path).then(|| Entry {
        path: path.to_owned(),
        body: body.to_vec(),
        flag,
    })
}

/// Whether a working tree or a git tree could list `path` as a plan file.
pub fn is_listable(path: &str) -> bool {
    path.ends_with(".toml")
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.'))
}

/// The files an archive describes, one per path (the last entry wins), in
/// path order as sources list them; `!delete` entries are left out.
pub fn files(entries: &[Entry]) -> Vec<RawFile> {
    let mut by_path: BTreeMap<&str, &Entry> = BTreeMap::new();
    for entry in entries {
        by_path.insert(&entry.path, entry);
    }
    by_path
        .into_values()
        .filter_map(raw_file)
        .collect::<Vec<_>>()
}

/// `base` with `overlay` applied: files replaced or added, `!delete`d
/// ones removed. A diff's second side is its first one changed this way.
pub fn overlay(base: &[Entry], overlay: &[Entry]) -> Vec<Entry> {
    let mut by_path: BTreeMap<String, Entry> =
        base.iter().map(|e| (e.path.clone(), e.clone())).collect();
    for entry in overlay {
        if entry.flag == Flag::Delete {
            by_path.remove(&entry.path);
        } else {
            by_path.insert(entry.path.clone(), entry.clone());
        }
    }
    by_path.into_values().collect()
}

fn raw_file(entry: &Entry) -> Option<RawFile> {
    let content = match &entry.flag {
        Flag::Bytes => Content::Bytes(entry.body.clone()),
        Flag::TooLarge => Content::TooLarge(MAX_FILE_SIZE + entry.body.len() as u64 + 1),
        Flag::BadLink(target) => Content::BadSymlink {
            target: target.clone(),
            why: "leads nowhere",
        },
        Flag::Unreadable => Content::Unreadable(String::from_utf8_lossy(&entry.body).into_owned()),
        Flag::Delete => return None,
    };
    Some(RawFile {
        path: entry.path.clone(),
        content,
        blob: None,
    })
}

/// The value of directive `name` (`%today 2026-12-02` → `2026-12-02`).
pub fn directive<'a>(archive: &'a Archive, name: &str) -> Option<&'a str> {
    archive.directives.iter().find_map(|d| {
        d.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(' ').or(rest.is_empty().then_some("")))
    })
}

/// The day the run pretends it is: `%today`, or a fixed day, so a crash
/// reproduces whenever it is replayed.
pub fn today(archive: &Archive) -> jiff::civil::Date {
    directive(archive, "today")
        .and_then(|d| d.trim().parse().ok())
        .unwrap_or(jiff::civil::date(2026, 12, 2))
}

/// Whether `path` is the plan's settings file.
pub fn is_config(path: &str) -> bool {
    path == CONFIG_FILE
}
