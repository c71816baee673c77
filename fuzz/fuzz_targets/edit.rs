//! Edits of untrusted record files, as `set`, `unset` and the lifecycle
//! commands make them: each directive is one command, run as the CLI runs
//! it (a session over the plan's files, the changes applied, the result
//! reviewed, refused when it adds errors unless forced, then written).
//!
//! The input is an archive (see the crate's docs) whose directives are the
//! commands, in order, on the target record (the first record file, or the
//! one `%target PATH` names): `%set FIELD=VALUE` (also `+=`, `-=`),
//! `%unset FIELD`, `%decide accept|reject|deprecate`, `%supersede ID`,
//! `%ship`, `%cancel`, `%slip QUARTER`, `%leave`, `%join [TEAM]`,
//! `%move TEAM`, `%fill PERSON`, `%reopen`, `%cancel-role`, `%close [day]`,
//! `%rescore L I`, `%kr KEY VALUE`; `%on DATE` sets the day the next
//! commands use, `%force` forces them. In arguments `\n`, `\r` and `\\`
//! stand for a newline, a carriage return and a backslash. Writes go to
//! memory, never to disk.
//!
//! Nothing may panic, and every file written must parse as TOML, hold
//! each change the session reported (the value, compacted as the report
//! compacts it, or the field's absence after `unset`), and, when the write
//! was not forced, still load as its record.

#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cto_plan::edit::lifecycle::{self, Verdict};
use cto_plan::edit::{Assignment, Change, Session, Target};
use cto_plan::model::{Kind, Record};
use cto_plan::store::{CONFIG_FILE, Content, Layout, RawFile};
use cto_plan_fuzz::{decode, files, today};
use jiff::civil::Date;
use libfuzzer_sys::fuzz_target;

/// An empty folder standing for the plan root: the session checks that the
/// files it would write stay inside it, which needs a real, canonical path.
/// Nothing is ever written there, so every fuzzing process shares one.
static ROOT: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join("cto-plan-fuzz-edit-root");
    std::fs::create_dir_all(&dir).expect("a temporary folder for the plan root");
    std::fs::canonicalize(&dir).expect("the temporary folder exists")
});

fuzz_target!(|data: &[u8]| {
    let archive = decode(data);
    let today = today(&archive);
    let layout = Layout {
        root: ROOT.clone(),
        git_dir: None,
        prefix: String::new(),
        bare: false,
    };
    // The plan's files as the commands leave them, by path.
    let mut plan: BTreeMap<String, RawFile> = files(&archive.entries)
        .into_iter()
        .map(|f| (f.path.clone(), f))
        .collect();
    let Some(mut target_path) = plan.keys().find(|p| *p != CONFIG_FILE).cloned() else {
        return;
    };
    let mut on = today;
    let mut force = false;
    // Bounded, so that one input stays fast however many lines it has.
    for directive in archive.directives.iter().take(8) {
        let (verb, argument) = directive.split_once(' ').unwrap_or((directive, ""));
        let argument = &unescape(argument);
        match verb {
            "target" => {
                if plan.contains_key(argument) {
                    target_path = argument.to_owned();
                }
                continue;
            }
            "on" => {
                if let Ok(day) = argument.parse() {
                    on = day;
                }
                continue;
            }
            "force" => {
                force = true;
                continue;
            }
            _ => {}
        }
        let files: Vec<RawFile> = plan.values().cloned().collect();
        let mut session = Session::from_files(layout.clone(), files);
        let Some(edits) = command(&session, &target_path, verb, argument, on, today, force) else {
            continue;
        };
        let applied = edits
            .iter()
            .all(|(target, assignment)| session.apply(target, assignment, today).is_ok());
        if !applied || session.is_unchanged() {
            continue;
        }
        let review = session.review(today);
        let blocked = review.blocks();
        if blocked && !force {
            continue;
        }
        let mut written: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let result = session.write_with(&mut |real: &Path, bytes: &[u8], _| {
            let path = real
                .strip_prefix(&*ROOT)
                .expect("writes stay inside the plan root")
                .to_string_lossy()
                .replace('\\', "/");
            written.insert(path, bytes.to_vec());
            Ok(())
        });
        let Ok(reports) = result else {
            continue;
        };
        for report in &reports {
            let bytes = written
                .get(&report.path)
                .unwrap_or_else(|| panic!("{} reported written but was not", report.path));
            holds_changes(&report.path, bytes, &report.changes);
            if !blocked {
                assert!(
                    review
                        .loaded
                        .plan
                        .records
                        .iter()
                        .any(|r| r.path == report.path),
                    "{} was written unforced but no longer loads as a record:\n{}",
                    report.path,
                    String::from_utf8_lossy(bytes)
                );
            }
        }
        for (path, bytes) in written {
            plan.insert(
                path.clone(),
                RawFile {
                    path,
                    content: Content::Bytes(bytes),
                    blob: None,
                },
            );
        }
    }
});

/// The assignments one command makes, each with the record it changes, or
/// `None` when the command refuses (as the CLI would, with an error).
fn command(
    session: &Session,
    target_path: &str,
    verb: &str,
    argument: &str,
    on: Date,
    today: Date,
    force: bool,
) -> Option<Vec<(Target, Assignment)>> {
    let plan = session.plan();
    let record = plan.records.iter().find(|r| r.path == target_path);
    let by_id = |id: &str| -> Option<&Record> { plan.records.iter().find(|r| r.id == id) };
    let on_target = |assignments: Vec<Assignment>| {
        let target = Target::from(record?);
        Some(
            assignments
                .into_iter()
                .map(|a| (target.clone(), a))
                .collect(),
        )
    };
    match verb {
        "set" | "unset" => {
            let assignment = if verb == "set" {
                Assignment::parse(argument).ok()?
            } else {
                Assignment::unset(argument).ok()?
            };
            // A record that does not load is still a file the API can be
            // asked to edit: the target then comes from its path.
            let target = match record {
                Some(record) => Target::from(record),
                None => Target {
                    kind: Kind::for_path(target_path)?,
                    id: target_path
                        .rsplit('/')
                        .next()?
                        .strip_suffix(".toml")?
                        .to_owned(),
                    path: target_path.to_owned(),
                },
            };
            Some(vec![(target, assignment)])
        }
        "decide" => {
            let verdict = match argument {
                "accept" => Verdict::Accept,
                "reject" => Verdict::Reject,
                _ => Verdict::Deprecate,
            };
            on_target(lifecycle::decide(record?, verdict, on, force).ok()?)
        }
        "supersede" => {
            let (old, new) = (record?, by_id(argument)?);
            let (old_changes, new_changes) = lifecycle::supersede(old, new, on, force).ok()?;
            let (old, new) = (Target::from(old), Target::from(new));
            Some(
                old_changes
                    .into_iter()
                    .map(|a| (old.clone(), a))
                    .chain(new_changes.into_iter().map(|a| (new.clone(), a)))
                    .collect(),
            )
        }
        "ship" => on_target(lifecycle::ship(record?, on, force).ok()?),
        "cancel" => on_target(lifecycle::cancel(record?, force).ok()?),
        "slip" => on_target(lifecycle::slip(record?, argument.parse().ok()?, force).ok()?),
        "leave" => on_target(lifecycle::leave(record?, on, force).ok()?),
        "join" => {
            let team = if argument.is_empty() {
                None
            } else {
                Some(by_id(argument)?)
            };
            on_target(lifecycle::join(record?, on, team, force).ok()?)
        }
        "move" => on_target(lifecycle::move_to(record?, by_id(argument)?, today).ok()?),
        "fill" => on_target(lifecycle::fill(record?, by_id(argument)?, on, force).ok()?),
        "reopen" => on_target(lifecycle::reopen(record?, on).ok()?),
        "cancel-role" => on_target(lifecycle::cancel_role(record?, force).ok()?),
        "close" => on_target(lifecycle::close(record?, on, argument == "day").ok()?),
        "rescore" => {
            let mut scores = argument.split(' ').map(|s| s.parse::<u8>().ok());
            let (likelihood, impact) = (scores.next().flatten(), scores.next().flatten());
            on_target(lifecycle::rescore(record?, likelihood, impact, force).ok()?)
        }
        "kr" => {
            let (key, written) = argument.split_once(' ')?;
            let value: f64 = written.parse().ok()?;
            on_target(lifecycle::update_key_result(record?, key, value, written, force).ok()?)
        }
        _ => None,
    }
}

/// A directive is one line: `\n`, `\r` and `\\` stand for what a typed
/// value can hold but a line cannot.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The written file parses as TOML and says what each reported change
/// says. A change is checked only when no later change in the same file
/// touched the same field or one inside or around it.
fn holds_changes(path: &str, bytes: &[u8], changes: &[Change]) {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .unwrap_or_else(|e| panic!("{path} was written as bytes that are not UTF-8: {e}"));
    if let Err(error) = text.parse::<toml::Table>() {
        panic!("{path} was written as invalid TOML ({error}):\n{text}");
    }
    let doc: toml_edit::DocumentMut = text
        .parse()
        .unwrap_or_else(|e| panic!("{path}: toml parses it, toml_edit does not ({e}):\n{text}"));
    for (i, change) in changes.iter().enumerate() {
        let overlaps = |other: &Change| {
            let (a, b) = (change.field.as_str(), other.field.as_str());
            a == b || a.starts_with(&format!("{b}.")) || b.starts_with(&format!("{a}."))
        };
        if changes[i + 1..].iter().any(overlaps) {
            continue;
        }
        let found = lookup(doc.as_item(), &change.field);
        match (&change.after, found) {
            (None, None) => {}
            (None, Some(_)) => {
                panic!(
                    "{path}: `{}` was reported removed but is still there:\n{text}",
                    change.field
                )
            }
            (Some(after), Some(toml_edit::Item::Value(value))) => {
                let held = cto_plan::edit::document::compact(value);
                assert_eq!(
                    &held, after,
                    "{path}: `{}` was reported as {after} but holds {held}:\n{text}",
                    change.field
                );
            }
            (Some(after), other) => panic!(
                "{path}: `{}` was reported as {after} but the file holds {:?}:\n{text}",
                change.field,
                other.map(toml_edit::Item::type_name)
            ),
        }
    }
}

/// The item at a dotted path, through tables and inline tables alike.
fn lookup<'d>(root: &'d toml_edit::Item, dotted: &str) -> Option<&'d toml_edit::Item> {
    let mut item = root;
    for key in dotted.split('.') {
        item = item.as_table_like()?.get(key)?;
    }
    Some(item)
}
