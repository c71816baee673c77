//! Bringing records in from the tools a team used before: what every
//! importer shares.
//!
//! An importer reads its source (a folder of ADRs, an HR or roadmap CSV
//! export) into a [`Batch`]: the records it proposes, and the inputs it
//! could not map, each with its file and line. [`stage`] turns a batch into
//! edits of an [`edit::Session`], so an import is checked, reported and
//! written exactly like `new` and `set`: as a dry run unless the caller
//! writes the session, atomically, and refused when it would add errors.
//!
//! Re-running an import is safe. Every record an import creates remembers its
//! source in `custom.imported_from`; a later run finds it by that key and
//! updates what it imported, leaves a record it did not create alone (unless
//! the proposal names the fields it may update on a record matched another
//! way, as a person matched by e-mail), and never deletes anything.
//!
//! This module parses no source format and writes no file: the importers in
//! its submodules parse, the session writes, the CLI decides whether to.

pub mod csv_table;
pub mod people;
pub mod roadmap;

use std::collections::HashMap;

use jiff::civil::Date;

use crate::edit::{self, Assignment, Change, Session, Target};
use crate::error::Result;
use crate::model::{Kind, Plan, Value};

pub mod adr;

/// The `[custom]` key that ties an imported record to its source.
pub const IMPORTED_FROM: &str = "imported_from";

/// What one input would become: a record of `kind`, its fields in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub kind: Kind,
    /// The id for a new record; an existing record found by its source keeps
    /// its own.
    pub id: String,
    /// Where it came from, stable across runs: `adr:docs/adr/0012-x.md`,
    /// `people:jane@example.com`. Stored in `custom.imported_from`.
    pub source: String,
    /// The file and line to name in reports.
    pub origin: Origin,
    /// The fields to set, as `set` would (`title=…`, `tags=["a", "b"]`).
    pub fields: Vec<Assignment>,
    /// An existing record this input stands for although no import created
    /// it (a person matched by e-mail or name), and the top-level fields the
    /// import may change on it. Without it, such a record is left alone.
    pub matched: Option<Matched>,
}

/// An existing record a proposal was matched to, and what it may update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub id: String,
    pub fields: &'static [&'static str],
}

/// A place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// As the user gave it (relative to where they ran the command).
    pub file: String,
    /// 1-based; `None` when the whole file is meant.
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

/// An input the importer could not map, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: Origin,
    pub message: String,
}

/// What an importer read from its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub proposals: Vec<Proposal>,
    pub problems: Vec<Problem>,
}

/// What staging did with one proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new record.
    Create,
    /// A record this or an earlier import created (or was matched to),
    /// changed.
    Update(Vec<Change>),
    /// A record that already says what the source says.
    Unchanged,
    /// A record with the proposal's id that no import created: left as it is.
    Skip { reason: String },
}

/// One proposal's outcome, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staged {
    pub target: Target,
    pub origin: Origin,
    pub action: Action,
}

/// Applies a batch's proposals to `session`: creates, updates or skips each.
/// Nothing is written; the caller reviews and writes the session.
pub fn stage(session: &mut Session, proposals: Vec<Proposal>, today: Date) -> Result<Vec<Staged>> {
    let imported = imported_records(session.plan());
    let mut staged = Vec::with_capacity(proposals.len());
    // Ids this run creates: a second input mapping to one must not replace
    // the first (`Session::create` would, for a draft).
    let mut created: HashMap<(Kind, String), Origin> = HashMap::new();
    let mut creations: Vec<(Kind, String, Vec<Assignment>)> = Vec::new();
    for proposal in proposals {
        let marker = Assignment::set(&format!("custom.{IMPORTED_FROM}"), &proposal.source);
        if let Some(id) = imported.get(&(proposal.kind, proposal.source.clone())) {
            let target = Target::from(session.plan().get(proposal.kind, id).expect("indexed"));
            let changes = apply_all(session, &target, &proposal.fields, None, today)?;
            staged.push(Staged {
                target,
                origin: proposal.origin.clone(),
                action: updated(changes),
            });
            continue;
        }
        if let Some(matched) = &proposal.matched
            && let Some(record) = session.plan().get(proposal.kind, &matched.id)
        {
            let target = Target::from(record);
            let changes = apply_all(
                session,
                &target,
                &proposal.fields,
                Some(matched.fields),
                today,
            )?;
            staged.push(Staged {
                target,
                origin: proposal.origin.clone(),
                action: updated(changes),
            });
            continue;
        }
        if let Some(record) = session.plan().get(proposal.kind, &proposal.id) {
            staged.push(Staged {
                target: Target::from(record),
                origin: proposal.origin.clone(),
                action: Action::Skip {
                    reason: format!(
                        "{} exists and was not imported from here, so it is left as it is",
                        record.reference()
                    ),
                },
            });
            continue;
        }
        if let Some(first) = created.get(&(proposal.kind, proposal.id.clone())) {
            staged.push(Staged {
                target: Target {
                    kind: proposal.kind,
                    id: proposal.id.clone(),
                    path: edit::paths::record_path(proposal.kind, &proposal.id),
                },
                origin: proposal.origin.clone(),
                action: Action::Skip {
                    reason: format!(
                        "{}/{} is made from {first} already: give one of them another title",
                        proposal.kind, proposal.id
                    ),
                },
            });
            continue;
        }
        created.insert(
            (proposal.kind, proposal.id.clone()),
            proposal.origin.clone(),
        );
        let Proposal {
            kind,
            id,
            origin,
            mut fields,
            ..
        } = proposal;
        fields.push(marker);
        staged.push(Staged {
            target: Target {
                kind,
                id: id.clone(),
                path: edit::paths::record_path(kind, &id),
            },
            origin,
            action: Action::Create,
        });
        creations.push((kind, id, fields));
    }
    // The new records are built together, on all cores; nothing above
    // reads what they will hold.
    let creations: Vec<(Kind, &str, &[Assignment])> = creations
        .iter()
        .map(|(kind, id, fields)| (*kind, id.as_str(), fields.as_slice()))
        .collect();
    session.create_all(&creations, today)?;
    Ok(staged)
}

fn updated(changes: Vec<Change>) -> Action {
    if changes.is_empty() {
        Action::Unchanged
    } else {
        Action::Update(changes)
    }
}

/// Applies the assignments (only those to `allowed` top-level fields, when
/// given) and returns what changed.
fn apply_all(
    session: &mut Session,
    target: &Target,
    fields: &[Assignment],
    allowed: Option<&[&str]>,
    today: Date,
) -> Result<Vec<Change>> {
    // Looked up by path, not through `Session::changes`: that lists every
    // file, once per proposal of a thousand.
    let before = session.changes_of(&target.path).len();
    let wanted: Vec<Assignment> = fields
        .iter()
        .filter(|a| allowed.is_none_or(|allowed| allowed.contains(&a.path[0].as_str())))
        .cloned()
        .collect();
    session.apply_all(target, &wanted, today)?;
    Ok(session.changes_of(&target.path)[before..].to_vec())
}

/// The records earlier imports created, by kind and source.
fn imported_records(plan: &Plan) -> HashMap<(Kind, String), String> {
    plan.records
        .iter()
        .filter_map(|record| {
            let Some(Value::Table(custom)) = record.fields.value("custom") else {
                return None;
            };
            match custom.value(IMPORTED_FROM) {
                Some(Value::Text(source)) => {
                    Some(((record.kind, source.clone()), record.id.clone()))
                }
                _ => None,
            }
        })
        .collect()
}

/// `id`, or when `taken` holds it the first `id-2`, `id-3`, … it does not:
/// how every importer keeps two inputs of one name apart.
pub fn free_id(id: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&id) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !taken(candidate))
        .expect("some number is free")
}

/// The shape of a TOML string array, for list fields in [`Proposal::fields`].
pub fn list_text<S: AsRef<str>>(items: &[S]) -> String {
    let mut array = toml_edit::Array::new();
    for item in items {
        array.push(item.as_ref());
    }
    toml_edit::Value::Array(array).to_string()
}
