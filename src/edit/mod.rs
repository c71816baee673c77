//! Changing the plan safely: the library behind `new`, `set`, `unset` and
//! the lifecycle commands.
//!
//! An edit happens in a [`Session`]: changes are made to toml_edit documents
//! in memory (so what is not changed stays byte for byte), then the plan as it
//! would be is loaded and checked with the same code as `check`, and only
//! then are the touched files written, each atomically, through
//! [`store::write::write_batch`]. A change that would add errors is refused
//! unless the caller forces it. Nothing here stages or commits; [`commit`]
//! does, only when asked. No terminal code lives here: the CLI renders.

pub mod assign;
pub mod commit;
pub mod document;
pub mod identity;
mod index_lock;
pub mod lifecycle;
pub mod new;
pub mod paths;
pub mod slug;
pub mod value;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use toml_edit::DocumentMut;

use crate::diagnostic::{self, Finding, Severity};
use crate::error::{Error, Result};
use crate::model::{Kind, Plan, Record};
use crate::store::load::load_files;
use crate::store::write::{BatchFile, Existing, write_batch};
use crate::store::{Content, Layout, Loaded, RawFile, Source, worktree::Worktree};
use crate::validate;

pub use assign::{Assignment, Op};
pub use document::Change;

/// The record an edit is about, owned so the session can change meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    pub id: String,
    /// Plan-relative, `/`-separated.
    pub path: String,
}

impl Target {
    pub fn reference(&self) -> String {
        format!("{}/{}", self.kind, self.id)
    }
}

impl From<&Record> for Target {
    fn from(record: &Record) -> Target {
        Target {
            kind: record.kind,
            id: record.id.clone(),
            path: record.path.clone(),
        }
    }
}

/// A file the session will write.
#[derive(Debug, Clone)]
struct Pending {
    /// The record's new text, without a byte-order mark, lines ending in `\n`.
    text: String,
    /// The file's bytes as read, `None` for a new file.
    original: Option<Vec<u8>>,
    bom: bool,
    /// Every line ended in `\r\n`: toml_edit reads them as `\n`, so they are
    /// put back on the way out.
    crlf: bool,
    /// What changed in it, in order.
    changes: Vec<Change>,
}

/// The plan as an edit would leave it, and what checking it found.
#[derive(Debug)]
pub struct EditCheck {
    pub loaded: Loaded,
    /// Findings of the result that the plan did not have before: the ones
    /// this edit is answerable for. Sorted by file and position.
    pub introduced: Vec<Finding>,
    /// Errors the plan already had, that the edit leaves as they were.
    pub existing_errors: usize,
    /// Of those, the errors in the files the edit writes: a write never
    /// leaves a file failing `check`, even with errors it did not cause.
    pub left_in_written: Vec<Finding>,
}

impl EditCheck {
    /// Whether the edit adds errors, so that it must not land unforced.
    pub fn blocks(&self) -> bool {
        !self.left_in_written.is_empty()
            || self
                .introduced
                .iter()
                .any(|f| f.severity() == Severity::Error)
    }
}

/// How [`Session::write_with`] puts one file on the disk:
/// [`crate::store::write::write_atomic`], or a stand-in in tests.
pub type Writer<'a> = dyn FnMut(&Path, &[u8], Existing<'_>) -> Result<()> + 'a;

/// A file the session wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// Plan-relative path of the record.
    pub path: String,
    /// The file replaced on disk (a link's target when the record is a link).
    pub real: PathBuf,
    pub created: bool,
    pub changes: Vec<Change>,
}

/// Edits in progress against the working tree of one plan.
pub struct Session {
    layout: Layout,
    files: Vec<RawFile>,
    baseline: Loaded,
    pending: BTreeMap<String, Pending>,
    /// Plan-relative folders [`paths::real_path`] found inside the plan for
    /// a new file in this session.
    checked_folders: HashSet<String>,
}

impl Session {
    /// Reads the plan's working tree.
    pub fn open(layout: &Layout) -> Result<Session> {
        let files = Worktree::new(layout)?.files()?;
        Ok(Session::from_files(layout.clone(), files))
    }

    /// A session over files already read (tests; other sources).
    pub fn from_files(layout: Layout, files: Vec<RawFile>) -> Session {
        let baseline = load_files(files.clone());
        Session {
            layout,
            files,
            baseline,
            pending: BTreeMap::new(),
            checked_folders: HashSet::new(),
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The plan as it was read, before any change.
    pub fn plan(&self) -> &Plan {
        &self.baseline.plan
    }

    pub fn baseline(&self) -> &Loaded {
        &self.baseline
    }

    /// Applies one change to a record. On error the record is left as it was.
    pub fn apply(&mut self, target: &Target, assignment: &Assignment, today: Date) -> Result<()> {
        self.apply_all(target, std::slice::from_ref(assignment), today)
    }

    /// Applies changes to a record in order, reading its text once (an
    /// import sets a dozen fields of each of a thousand records). On error
    /// the record is left as it was before the first.
    pub fn apply_all(
        &mut self,
        target: &Target,
        assignments: &[Assignment],
        today: Date,
    ) -> Result<()> {
        let text = self.pending_for(target)?.text.clone();
        let edited = self.edited(target, &text, assignments, today)?;
        let pending = self
            .pending
            .get_mut(&target.path)
            .expect("made by pending_for");
        if let Some((text, changes)) = edited {
            pending.text = text;
            pending.changes.extend(changes);
        }
        Ok(())
    }

    /// `text` with the assignments applied in order, and what they changed;
    /// `None` when nothing changed. Touches nothing of the session.
    fn edited(
        &self,
        target: &Target,
        text: &str,
        assignments: &[Assignment],
        today: Date,
    ) -> Result<Option<(String, Vec<Change>)>> {
        let mut doc: DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| Error::Edit {
                location: target.path.clone(),
                message: format!("is not valid TOML, so it cannot be edited: {}", e.message()),
                hint: Some("fix the file by hand first; `cto-plan check` shows where".into()),
            })?;
        let mut changes = Vec::new();
        for assignment in assignments {
            let change =
                document::apply(&mut doc, target.kind, assignment, today).map_err(|message| {
                    Error::Edit {
                        location: self.locate(target, &assignment.path),
                        message,
                        hint: field_hint(target.kind, &assignment.path),
                    }
                })?;
            changes.extend(change);
        }
        Ok((!changes.is_empty()).then(|| (doc.to_string(), changes)))
    }

    /// Creates new records from their fields alone, as
    /// [`Session::create`] with empty text then [`Session::apply_all`]
    /// would, one after the other. The texts are built on all cores first:
    /// an import creates a thousand records, and building them was a third
    /// of its dry run. On an error, the records before the failing one are
    /// created and the rest are not.
    pub fn create_all(
        &mut self,
        records: &[(Kind, &str, &[Assignment])],
        today: Date,
    ) -> Result<Vec<Target>> {
        let built = crate::store::parallel::map(records, |(kind, id, assignments)| {
            let target = Target {
                kind: *kind,
                id: (*id).to_owned(),
                path: paths::record_path(*kind, id),
            };
            self.edited(&target, "", assignments, today)
        });
        let mut targets = Vec::with_capacity(records.len());
        for ((kind, id, _), built) in records.iter().zip(built) {
            let target = self.create(*kind, id, String::new())?;
            if let Some((text, changes)) = built? {
                let pending = self.pending.get_mut(&target.path).expect("just created");
                pending.text = text;
                pending.changes.extend(changes);
            }
            targets.push(target);
        }
        Ok(targets)
    }

    /// Adds a new record with `text`, or replaces the text of one this
    /// session created (as after editing a draft).
    pub fn create(&mut self, kind: Kind, id: &str, text: String) -> Result<Target> {
        paths::check_id(kind, id)?;
        let path = paths::record_path(kind, id);
        let target = Target {
            kind,
            id: id.to_owned(),
            path: path.clone(),
        };
        if let Some(existing) = self.pending.get_mut(&path)
            && existing.original.is_none()
        {
            existing.text = text;
            return Ok(target);
        }
        let taken = self
            .plan()
            .get(kind, id)
            .map(|r| r.path.clone())
            .or_else(|| {
                self.files
                    .iter()
                    .any(|f| f.path == path)
                    .then(|| path.clone())
            });
        if let Some(taken) = taken {
            return Err(Error::Edit {
                location: self.layout.display_path(&taken),
                message: format!("{kind}/{id} exists already"),
                hint: Some(format!(
                    "pick another id, or change it with `cto-plan set {kind}/{id} FIELD=VALUE`"
                )),
            });
        }
        // A new file in a folder already found inside the plan needs no new
        // look (an import creates a thousand in one folder; resolving its
        // links each time was a fifth of a dry run). One that exists on disk
        // is looked at in full; every file is checked again before a write.
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let known = self.checked_folders.contains(folder)
            && std::fs::symlink_metadata(self.layout.root.join(&path)).is_err();
        if !known {
            paths::real_path(&self.layout.root, &path)?;
            self.checked_folders.insert(folder.to_owned());
        }
        self.pending.insert(
            path,
            Pending {
                text,
                original: None,
                bom: false,
                crlf: false,
                changes: Vec::new(),
            },
        );
        Ok(target)
    }

    /// The text a record will have, when this session changes it.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.pending.get(path).map(|p| p.text.as_str())
    }

    /// Whether there is anything to write.
    pub fn is_unchanged(&self) -> bool {
        self.pending.values().all(|p| !p.is_changed())
    }

    /// The changes made so far, by plan-relative path.
    pub fn changes(&self) -> Vec<(&str, &[Change])> {
        self.pending
            .iter()
            .map(|(path, p)| (path.as_str(), p.changes.as_slice()))
            .collect()
    }

    /// The changes made so far to one record's file (by plan-relative path).
    pub fn changes_of(&self, path: &str) -> &[Change] {
        self.pending.get(path).map_or(&[], |p| p.changes.as_slice())
    }

    /// The plan's files as they would be.
    fn prospective_files(&self) -> Vec<RawFile> {
        let mut files: Vec<RawFile> = self
            .files
            .iter()
            .map(|file| match self.pending.get(&file.path) {
                Some(p) => RawFile {
                    path: file.path.clone(),
                    content: Content::Bytes(p.bytes()),
                    blob: None,
                },
                None => file.clone(),
            })
            .collect();
        for (path, p) in &self.pending {
            if p.original.is_none() {
                files.push(RawFile {
                    path: path.clone(),
                    content: Content::Bytes(p.bytes()),
                    blob: None,
                });
            }
        }
        files
    }

    /// Loads and checks the plan as the edit would leave it.
    pub fn review(&self, today: Date) -> EditCheck {
        let loaded = load_files(self.prospective_files());
        let after = validate::check(&loaded, today);
        let before = validate::check(&self.baseline, today);
        // A finding is the edit's when the plan did not have it before.
        // Positions shift as text changes, so findings are matched by rule,
        // file and message, as many times as they occur.
        let mut old: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for f in &before {
            *old.entry((f.rule.code, f.path.as_str(), f.message.as_str()))
                .or_default() += 1;
        }
        let mut introduced = Vec::new();
        for f in &after {
            match old.get_mut(&(f.rule.code, f.path.as_str(), f.message.as_str())) {
                Some(n) if *n > 0 => *n -= 1,
                _ => introduced.push(f.clone()),
            }
        }
        diagnostic::sort(&mut introduced);
        let existing_errors = before
            .iter()
            .filter(|f| f.severity() == Severity::Error)
            .count();
        let left_in_written = after
            .into_iter()
            .filter(|f| {
                f.severity() == Severity::Error
                    && self.pending.contains_key(&f.path)
                    && !introduced.contains(f)
            })
            .collect();
        EditCheck {
            loaded,
            introduced,
            existing_errors,
            left_in_written,
        }
    }

    /// The files on disk the session will replace or create, in order:
    /// checked to be inside the plan root before anything is written.
    pub fn destinations(&self) -> Result<Vec<PathBuf>> {
        paths::real_paths(
            &self.layout.root,
            self.to_write().map(|(path, _)| path.as_str()),
        )
    }

    fn to_write(&self) -> impl Iterator<Item = (&String, &Pending)> {
        self.pending.iter().filter(|(_, p)| p.is_changed())
    }

    /// Writes every changed file atomically, as one batch
    /// ([`write_batch`]): all are made durable at once, then renamed into
    /// place, so a thousand files do not cost a thousand disk flushes.
    /// Call [`Session::review`] first. A failure before the first rename
    /// writes nothing; one after it leaves the files before it written, and
    /// the error names them.
    pub fn write(&self) -> Result<Vec<Written>> {
        let destinations = self.destinations()?;
        self.unchanged_since_read(&destinations)?;
        let bytes: Vec<Vec<u8>> = self.to_write().map(|(_, p)| p.bytes()).collect();
        let batch: Vec<BatchFile<'_>> = self
            .to_write()
            .zip(&destinations)
            .zip(&bytes)
            .map(|(((_, pending), real), contents)| BatchFile {
                path: real,
                contents,
                existing: pending.existing(),
            })
            .collect();
        let written = self.written(destinations.clone());
        match write_batch(&batch) {
            Ok(()) => Ok(written),
            Err(failure) => Err(self.partly_written(
                failure.error,
                &destinations[failure.failed],
                &written[..failure.landed],
                &written[failure.failed].path,
            )),
        }
    }

    /// [`Session::write`] through another writer, one file at a time, so
    /// tests can make it fail. A failure leaves the file it was writing
    /// whole; files written before it stay written, and the error names them.
    pub fn write_with(&self, write: &mut Writer<'_>) -> Result<Vec<Written>> {
        let destinations = self.destinations()?;
        self.unchanged_since_read(&destinations)?;
        let all = self.written(destinations.clone());
        for (i, ((_, pending), real)) in self.to_write().zip(&destinations).enumerate() {
            if let Err(error) = write(real, &pending.bytes(), pending.existing()) {
                return Err(self.partly_written(error, real, &all[..i], &all[i].path));
            }
        }
        Ok(all)
    }

    /// Every file is looked at before the first is written, so an edit of
    /// several files that someone else changed meanwhile writes none of
    /// them; the writer checks each again, under its lock.
    fn unchanged_since_read(&self, destinations: &[PathBuf]) -> Result<()> {
        for ((path, pending), real) in self.to_write().zip(destinations) {
            if let Some(original) = &pending.original
                && std::fs::read(real).ok().as_ref() != Some(original)
            {
                return Err(Error::Edit {
                    location: self.layout.display_path(path),
                    message: "changed on disk while this command ran (another cto-plan, or an editor, wrote it), so nothing was written".into(),
                    hint: Some("run the command again: it applies to the files as they are now".into()),
                });
            }
        }
        Ok(())
    }

    /// What writing each changed file to its destination makes.
    fn written(&self, destinations: Vec<PathBuf>) -> Vec<Written> {
        self.to_write()
            .zip(destinations)
            .map(|((path, pending), real)| Written {
                path: path.clone(),
                real,
                created: pending.original.is_none(),
                changes: pending.changes.clone(),
            })
            .collect()
    }

    /// The error of a write of `path` (on disk `real`) that failed after
    /// the files `done` were written.
    fn partly_written(&self, error: Error, real: &Path, done: &[Written], path: &str) -> Error {
        // The writer names the file by its full path; the plan's messages
        // name it as `check` does.
        let error = match error {
            Error::Edit {
                location,
                message,
                hint,
            } if location == real.display().to_string() => Error::Edit {
                location: self.layout.display_path(path),
                message,
                hint,
            },
            other => other,
        };
        if done.is_empty() {
            return error;
        }
        let done: Vec<&str> = done.iter().map(|w| w.path.as_str()).collect();
        Error::Edit {
            location: path.to_owned(),
            message: format!(
                "was not written ({error}), after {} had been",
                done.join(", ")
            ),
            hint: Some("every file is whole, old or new: `cto-plan check`, then redo the command or restore the written files with git".into()),
        }
    }

    /// The pending entry for a record, read from the files on first use.
    fn pending_for(&mut self, target: &Target) -> Result<&mut Pending> {
        if !self.pending.contains_key(&target.path) {
            let file = self
                .files
                .iter()
                .find(|f| f.path == target.path)
                .ok_or_else(|| Error::NoSuchRecord {
                    reference: target.reference(),
                    suggestion: None,
                })?;
            let Content::Bytes(bytes) = &file.content else {
                return Err(Error::Edit {
                    location: target.path.clone(),
                    message: "cannot be read as a record, so it cannot be edited".into(),
                    hint: Some("`cto-plan check` says why".into()),
                });
            };
            let original = bytes.clone();
            let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) => (rest, true),
                None => (bytes.as_slice(), false),
            };
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| Error::Edit {
                location: target.path.clone(),
                message: "is not UTF-8 text, so it cannot be edited".into(),
                hint: Some("save it as UTF-8 first".into()),
            })?;
            let lines = text.matches('\n').count();
            let crlf = lines > 0 && text.matches("\r\n").count() == lines;
            let text = if crlf {
                text.replace("\r\n", "\n")
            } else {
                text
            };
            self.pending.insert(
                target.path.clone(),
                Pending {
                    original: Some(original),
                    text,
                    bom,
                    crlf,
                    changes: Vec::new(),
                },
            );
        }
        Ok(self.pending.get_mut(&target.path).expect("inserted above"))
    }

    /// `path:line` of a field's key when the record has it at the top, else the path.
    fn locate(&self, target: &Target, field: &[String]) -> String {
        let shown = self.layout.display_path(&target.path);
        let Some(record) = self.plan().get(target.kind, &target.id) else {
            return shown;
        };
        let Some(entry) = field.first().and_then(|key| record.fields.get(key)) else {
            return shown;
        };
        match self.baseline.sources.text(&target.path) {
            Some(text) => format!(
                "{shown}:{}",
                diagnostic::position(text, entry.key_span.start).line
            ),
            None => shown,
        }
    }
}

impl Pending {
    fn bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.text.len() + 3);
        if self.bom {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        if self.crlf {
            bytes.extend_from_slice(self.text.replace('\n', "\r\n").as_bytes());
        } else {
            bytes.extend_from_slice(self.text.as_bytes());
        }
        bytes
    }

    /// How the writer treats the file on disk: a file is replaced only
    /// while it holds what this session read, so another process's update
    /// is never silently undone; a new one never replaces anything.
    fn existing(&self) -> Existing<'_> {
        match &self.original {
            Some(original) => Existing::IfUnchanged(original),
            None => Existing::Keep,
        }
    }

    fn is_changed(&self) -> bool {
        self.original.as_deref() != Some(self.bytes().as_slice())
    }
}

/// What to try when a change to a field cannot be made.
fn field_hint(kind: Kind, path: &[String]) -> Option<String> {
    let first = path.first()?;
    if crate::model::schema::find(kind.fields(), first).is_none() {
        let known: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
        return Some(match crate::text::did_you_mean(first, &known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "{} has the fields {}",
                kind.with_article(),
                known.join(", ")
            ),
        });
    }
    None
}
