//! Semantic diff between two versions of a plan.
//!
//! Records are matched by kind and id, keyed sub-tables (milestones, key
//! results, budget lines, options) by their key; lists of ids and tags are
//! compared as sets. A record whose id changed but whose content did not is a
//! rename. On top of the raw field changes, [`meaning`] names what a change
//! means for the plan ("slipped 1 quarter"). This module compares data only
//! and depends on the model alone: reading the two sides is `store`'s job
//! (`store::changed`), loading and comparing them `history::changed`'s,
//! rendering `render`'s.

pub mod meaning;
pub mod superseders;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::schema::{self, FieldSpec, FieldType};
use crate::model::{Kind, Plan, Record, Table, Value};

pub use meaning::{Meaning, Summary};

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Added,
    Changed,
    Renamed,
    Removed,
}

/// One record's change.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordChange {
    pub kind: Kind,
    pub id: String,
    pub action: Action,
    /// For renames: the old id (or, for a file moved within its folder, the old path).
    pub renamed_from: Option<String>,
    /// The title on the newer side (the older one for removals).
    pub title: String,
    /// The file, plan-relative: the newer side's (the older one for removals).
    pub path: String,
    /// For renames and moves: the file on the older side.
    pub old_path: Option<String>,
    pub fields: Vec<FieldChange>,
    /// What the change means beyond single fields (a risk's score, a
    /// decision superseded by another, a person moving team).
    pub meanings: Vec<Meaning>,
}

impl RecordChange {
    pub fn reference(&self) -> String {
        format!("{}/{}", self.kind, self.id)
    }
}

/// One field's change; `None` on a side where the field is absent.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Dotted path: `status`, `milestone.beta.done`, `line.cloud.planned`.
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// Whether the field holds long prose, which reads best as a word diff.
    pub prose: bool,
    pub meaning: Option<Meaning>,
}

/// A file that did not parse on one side: reported, never fatal.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BrokenFile {
    /// "from" or "to".
    pub side: &'static str,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The whole difference between two versions.
#[derive(Debug, Clone, Default)]
pub struct PlanDiff {
    pub from: String,
    pub to: String,
    pub currency: String,
    /// Sorted by kind, then id.
    pub changes: Vec<RecordChange>,
    pub broken: Vec<BrokenFile>,
    /// Files under `.cto-plan/templates/` that differ, by path.
    pub templates: Vec<TemplateChange>,
    /// What the change does to the teams' capacity, when it touches people,
    /// teams, roles, initiatives or the settings; `None` when not computed.
    pub capacity: Option<CapacityDelta>,
}

/// The consequences of a change for capacity in the quarters not yet over:
/// the team loads it moves and the key-person risks it adds. Computed by
/// `history::capacity_delta` from both sides' whole plans; this module only
/// carries it, so that every diff format can show it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CapacityDelta {
    /// Loads moving by at most this many percentage points are left out.
    pub threshold_points: f64,
    /// By quarter, then team (parents before their sub-teams).
    pub loads: Vec<LoadMove>,
    pub key_person: Vec<NewKeyPerson>,
}

impl CapacityDelta {
    pub fn is_empty(&self) -> bool {
        self.loads.is_empty() && self.key_person.is_empty()
    }
}

/// One team's load in one quarter, before and after the change.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoadMove {
    pub quarter: String,
    /// `team/ID`, or `organisation` for the whole plan.
    pub team: String,
    pub name: String,
    pub before: Load,
    pub after: Load,
    /// After the change, the load is above `[capacity]
    /// over_capacity_percent`, or there is work and no supply.
    pub over: bool,
}

/// Supply and demand in engineer-weeks; `load` is `None` without supply.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Load {
    pub supply: f64,
    pub demand: f64,
    pub load: Option<f64>,
}

/// A skill the quarter's work needs that, after the change, one person or
/// nobody has, where before the change it was not so (or one person had it
/// and now nobody does).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NewKeyPerson {
    pub quarter: String,
    pub skill: String,
    /// The one person who has it after the change (`person/ID`), if any.
    pub person: Option<String>,
    pub person_name: Option<String>,
    pub needed_by: Vec<String>,
}

/// A template file that differs between the two sides: templates are run by
/// `new` and `review`, so a reviewer must see them change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TemplateChange {
    pub path: String,
    /// "added", "removed" or "modified".
    pub change: &'static str,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.broken.is_empty() && self.templates.is_empty()
    }

    pub fn summary(&self) -> Summary {
        Summary::of(self)
    }
}

/// Compares two plans. Either may hold only the records that changed: the
/// comparison never needs the unchanged ones.
pub fn diff_plans(old: &Plan, new: &Plan) -> Vec<RecordChange> {
    let mut changes = Vec::new();
    let mut removed: Vec<&Record> = Vec::new();
    let mut added: Vec<&Record> = Vec::new();
    for record in &old.records {
        match new.get(record.kind, &record.id) {
            Some(newer) => {
                if let Some(change) = diff_record(record, newer) {
                    changes.push(change);
                }
            }
            None => removed.push(record),
        }
    }
    for record in &new.records {
        if old.get(record.kind, &record.id).is_none() {
            added.push(record);
        }
    }
    // A removed and an added record of one kind is a rename when the content
    // is the same, or (a file moved and edited in one change) when the title
    // is the same and at least half of the fields are: git's rename
    // detection, in planning terms. Exact matches are paired first.
    let mut renamed_to: BTreeSet<usize> = BTreeSet::new();
    let mut unpaired = Vec::new();
    for old_record in removed {
        let exact = added.iter().enumerate().find(|(i, candidate)| {
            !renamed_to.contains(i)
                && candidate.kind == old_record.kind
                && same_table(&candidate.fields, &old_record.fields)
        });
        match exact {
            Some((i, new_record)) => {
                renamed_to.insert(i);
                changes.push(renamed(old_record, new_record, Vec::new()));
            }
            None => unpaired.push(old_record),
        }
    }
    for old_record in unpaired {
        let similar = added
            .iter()
            .enumerate()
            .filter(|(i, candidate)| {
                !renamed_to.contains(i)
                    && candidate.kind == old_record.kind
                    && candidate.title() == old_record.title()
            })
            .map(|(i, candidate)| {
                (
                    i,
                    *candidate,
                    similarity(&old_record.fields, &candidate.fields),
                )
            })
            .filter(|(_, _, score)| *score >= 0.5)
            .max_by(|a, b| a.2.total_cmp(&b.2));
        match similar {
            Some((i, new_record, _)) => {
                renamed_to.insert(i);
                let mut fields = Vec::new();
                diff_tables(
                    new_record.kind.fields(),
                    &old_record.fields,
                    &new_record.fields,
                    "",
                    &mut fields,
                );
                changes.push(renamed(old_record, new_record, fields));
            }
            None => changes.push(whole_record(old_record, Action::Removed)),
        }
    }
    for (i, record) in added.into_iter().enumerate() {
        if !renamed_to.contains(&i) {
            changes.push(whole_record(record, Action::Added));
        }
    }
    changes.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    meaning::annotate(&mut changes, old, new);
    changes
}

fn renamed(old: &Record, new: &Record, fields: Vec<FieldChange>) -> RecordChange {
    RecordChange {
        kind: new.kind,
        id: new.id.clone(),
        action: Action::Renamed,
        renamed_from: Some(old.id.clone()),
        title: new.title().to_owned(),
        path: new.path.clone(),
        old_path: Some(old.path.clone()),
        fields,
        meanings: Vec::new(),
    }
}

/// The share of top-level fields two tables hold with the same value.
fn similarity(a: &Table, b: &Table) -> f64 {
    let keys: BTreeSet<&str> = a
        .entries
        .iter()
        .chain(&b.entries)
        .map(|e| e.key.as_str())
        .collect();
    if keys.is_empty() {
        return 1.0;
    }
    let same = keys
        .iter()
        .filter(|k| matches!((a.value(k), b.value(k)), (Some(x), Some(y)) if same_value(x, y)))
        .count();
    same as f64 / keys.len() as f64
}

fn whole_record(record: &Record, action: Action) -> RecordChange {
    let empty = Table::default();
    let (old, new) = if action == Action::Added {
        (&empty, &record.fields)
    } else {
        (&record.fields, &empty)
    };
    let mut fields = Vec::new();
    diff_tables(record.kind.fields(), old, new, "", &mut fields);
    RecordChange {
        kind: record.kind,
        id: record.id.clone(),
        action,
        renamed_from: None,
        title: record.title().to_owned(),
        path: record.path.clone(),
        old_path: None,
        fields,
        meanings: Vec::new(),
    }
}

/// The change between two versions of one record, if any.
pub fn diff_record(old: &Record, new: &Record) -> Option<RecordChange> {
    let mut fields = Vec::new();
    diff_tables(new.kind.fields(), &old.fields, &new.fields, "", &mut fields);
    let moved = old.path != new.path;
    if fields.is_empty() && !moved {
        return None;
    }
    let action = if fields.is_empty() {
        Action::Renamed
    } else {
        Action::Changed
    };
    Some(RecordChange {
        kind: new.kind,
        id: new.id.clone(),
        action,
        renamed_from: moved.then(|| old.path.clone()),
        title: new.title().to_owned(),
        path: new.path.clone(),
        old_path: moved.then(|| old.path.clone()),
        fields,
        meanings: Vec::new(),
    })
}

/// Field changes between two tables described by `specs`, in the newer
/// table's key order, removed keys last.
pub fn diff_tables(
    specs: &[FieldSpec],
    old: &Table,
    new: &Table,
    prefix: &str,
    out: &mut Vec<FieldChange>,
) {
    let mut keys: Vec<&str> = new.entries.iter().map(|e| e.key.as_str()).collect();
    keys.extend(
        old.entries
            .iter()
            .map(|e| e.key.as_str())
            .filter(|k| new.get(k).is_none()),
    );
    for key in keys {
        let path = format!("{prefix}{key}");
        let spec = schema::find(specs, key);
        let ty = spec.map_or(FieldType::Custom, |s| s.ty);
        let (old_value, new_value) = (old.value(key), new.value(key));
        match (ty, old_value, new_value) {
            (FieldType::Keyed(sub), Some(Value::Table(a)), Some(Value::Table(b))) => {
                let mut items: Vec<&str> = b.entries.iter().map(|e| e.key.as_str()).collect();
                items.extend(
                    a.entries
                        .iter()
                        .map(|e| e.key.as_str())
                        .filter(|k| b.get(k).is_none()),
                );
                for item in items {
                    let item_path = format!("{path}.{item}");
                    match (a.table(item), b.table(item)) {
                        (Some(x), Some(y)) => diff_tables(sub, x, y, &format!("{item_path}."), out),
                        (x, y) => {
                            out.push(FieldChange {
                                path: item_path,
                                old: x.map(|t| Value::Table(t.clone())),
                                new: y.map(|t| Value::Table(t.clone())),
                                prose: false,
                                meaning: None,
                            });
                        }
                    }
                }
            }
            (FieldType::Table(sub), Some(Value::Table(a)), Some(Value::Table(b))) => {
                diff_tables(sub, a, b, &format!("{path}."), out);
            }
            (FieldType::Custom, Some(Value::Table(a)), Some(Value::Table(b))) => {
                diff_tables(&[], a, b, &format!("{path}."), out);
            }
            (_, a, b) => {
                let equal = match (a, b) {
                    (Some(x), Some(y)) => same_field(&ty, x, y),
                    (None, None) => true,
                    _ => false,
                };
                if !equal {
                    out.push(FieldChange {
                        path,
                        old: a.cloned(),
                        new: b.cloned(),
                        prose: matches!(ty, FieldType::Prose),
                        meaning: None,
                    });
                }
            }
        }
    }
}

/// Equality by the field's type: references by the id they name, lists of
/// ids and tags as sets, numbers by value.
fn same_field(ty: &FieldType, a: &Value, b: &Value) -> bool {
    match ty {
        FieldType::Ref(_) => match (a, b) {
            (Value::Text(x), Value::Text(y)) => Plan::bare_id(x) == Plan::bare_id(y),
            _ => same_value(a, b),
        },
        FieldType::RefList(_) | FieldType::TextList => set_of(a) == set_of(b),
        _ => same_value(a, b),
    }
}

/// The elements of a list field as a set of strings (references by bare id).
pub fn set_of(value: &Value) -> BTreeSet<String> {
    match value {
        Value::List(items) => items
            .iter()
            .filter_map(|i| match &i.value {
                Value::Text(s) => Some(Plan::bare_id(s).to_owned()),
                _ => None,
            })
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// Equality that ignores where values stand in the file.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(&p.value, &q.value))
        }
        (Value::Table(x), Value::Table(y)) => same_table(x, y),
        (Value::Integer(x), Value::Float(y)) | (Value::Float(y), Value::Integer(x)) => {
            (*x as f64) == *y
        }
        // `nan = nan` in a file is the same value on both sides.
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}

fn same_table(a: &Table, b: &Table) -> bool {
    let as_map = |t: &Table| {
        t.entries
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    let (x, y) = (as_map(a), as_map(b));
    x.len() == y.len()
        && x.iter()
            .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
}

#[cfg(test)]
mod tests;
