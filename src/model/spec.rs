//! The kind spec: everything about one kind of record, declared as data in
//! the kind's own module (`model/<kind>.rs`) and read by every consumer.
//!
//! Validators, diff meanings, the edit commands, `list`/`show`, the JSON
//! Schema and the generated format docs all ask a kind's [`KindSpec`]
//! instead of keeping tables of their own, so adding a kind is one file plus
//! one line in [`super::Kind`]. This module only describes; it reads nothing
//! and judges nothing, and it must not grow behaviour that belongs to the
//! layers above (checking, diffing, rendering).

use super::schema::{FieldSpec, FieldType, find};
use crate::diagnostic::Rule;

/// Everything about one kind of record.
#[derive(Debug)]
pub struct KindSpec {
    /// The singular name used in ids (`initiative/x`), messages and the CLI.
    pub name: &'static str,
    /// The plural, as `list` and the docs write it.
    pub plural: &'static str,
    /// "a" or "an", for sentences such as "the id of an initiative".
    pub article: &'static str,
    /// The folder, relative to the plan root, that holds this kind's files.
    pub folder: &'static str,
    /// One paragraph for `docs/format.md`.
    pub doc: &'static str,
    /// What a valid id (the file name without `.toml`) looks like.
    pub id: IdRule,
    /// The field that names a record in lists: `title` or `name`.
    pub title_field: &'static str,
    /// The fields a record may hold.
    pub fields: &'static [FieldSpec],
    /// The statuses of the `status` field in lifecycle order, each with its
    /// stage. Empty for kinds without a status.
    pub statuses: &'static [StatusSpec],
    /// Fields required by the value of another field (usually the status).
    pub requires: &'static [Requirement],
    /// Date or quarter fields that must come in this order: (earlier, later).
    pub date_order: &'static [(&'static str, &'static str)],
    /// Fields naming people who must still be here while the record is live.
    pub people: &'static [PeopleField],
    /// A date field after which the record itself is gone (a person's `left`):
    /// such a record is finished, like one in a done or dropped stage.
    pub gone_after: Option<&'static str>,
    /// Reference fields that must not lead back to the record (cycle checks).
    pub graphs: &'static [Graph],
    /// Fields whose change hands the record from one person or team to another.
    pub hand_offs: &'static [&'static str],
    /// Fields whose value is a position the record moves between (a
    /// technology's ring); diffs and history speak of entering, leaving and
    /// moving, in the spec's own words.
    pub positions: &'static [Position],
    /// The columns `list` shows after the record and its title, when they
    /// differ from [`STANDARD_COLUMNS`].
    pub columns: Option<&'static [Column]>,
    /// The heading of this kind's section in a diff.
    pub heading: &'static str,
    /// Settings of this kind in `cto-plan.toml`: the table's name and fields.
    pub settings: Option<(&'static str, &'static [FieldSpec])>,
    /// One line on what the settings table is for.
    pub settings_doc: &'static str,
    /// Rules that only this kind's records can break, declared with it.
    pub rules: &'static [&'static Rule],
}

/// What an id must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRule {
    /// Lower-case letters, digits and hyphens; new ids are made from the title.
    Slug,
    /// A slug; new ids start with a day (`2026-03-01-adopt-kafka`), so two
    /// branches that each add one never pick the same id. The day is the
    /// date field `from` when the new record is given one, else today.
    DatedSlug { from: &'static str },
    /// A quarter label such as `2027-Q1`: one record per quarter.
    Quarter,
}

/// How far along its lifecycle a status is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    NotStarted,
    InProgress,
    Done,
    Dropped,
}

impl Stage {
    /// Whether a record in this stage is over, so its people no longer matter.
    pub fn is_finished(self) -> bool {
        matches!(self, Stage::Done | Stage::Dropped)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Stage::NotStarted => "not started",
            Stage::InProgress => "in progress",
            Stage::Done => "done",
            Stage::Dropped => "dropped",
        }
    }
}

/// One status word.
#[derive(Debug, Clone, Copy)]
pub struct StatusSpec {
    pub name: &'static str,
    pub stage: Stage,
    /// The step along the lifecycle; statuses sharing a step are alternatives
    /// (`active` and `paused`). A change to a lower step is a regression.
    pub step: u8,
}

pub const fn status(name: &'static str, stage: Stage, step: u8) -> StatusSpec {
    StatusSpec { name, stage, step }
}

/// A field that must be present depending on another field's value.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    /// The field that must be present.
    pub field: &'static str,
    /// The field whose value decides (usually `status`).
    pub when: &'static str,
    /// The values of `when` that require `field` (or, with `unless`, exempt it).
    pub values: &'static [&'static str],
    pub unless: bool,
    /// The rule a missing field breaks; `None` is the error `missing-field`.
    pub rule: Option<&'static Rule>,
    /// The `cto-plan.toml` setting of the kind that replaces `values`, when
    /// the plan may choose them (an empty list turns the requirement off).
    pub setting: Option<&'static str>,
}

/// `field` is required while the status is one of `statuses`.
pub const fn required_when(field: &'static str, statuses: &'static [&'static str]) -> Requirement {
    Requirement {
        field,
        when: "status",
        values: statuses,
        unless: false,
        rule: None,
        setting: None,
    }
}

/// `field` is required unless the status is one of `statuses`.
pub const fn required_unless(
    field: &'static str,
    statuses: &'static [&'static str],
) -> Requirement {
    Requirement {
        field,
        when: "status",
        values: statuses,
        unless: true,
        rule: None,
        setting: None,
    }
}

/// A field naming people, and while it matters that they are still here.
#[derive(Debug, Clone, Copy)]
pub struct PeopleField {
    pub field: &'static str,
    pub while_: Live,
}

/// While a record's people must still be here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// Until the record is finished (done, dropped or gone).
    Unfinished,
    /// Only while the status is one of these (deciders matter before the
    /// decision is taken; afterwards they are history).
    Status(&'static [&'static str]),
}

/// A reference field that must not form a cycle.
#[derive(Debug, Clone, Copy)]
pub struct Graph {
    pub field: &'static str,
    /// What a cycle means, for the message: "teams are their own parents".
    pub cycle: &'static str,
}

/// A field whose value is a position, and the words for its moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub field: &'static str,
    /// A record added with this field set: "new on the radar in" + value.
    pub entered: &'static str,
    /// A record removed: "off the radar" (+ " (was " value ")").
    pub exited: &'static str,
    /// The value changed: "moved" + " from → to".
    pub moved: &'static str,
}

/// A column of `list`.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    /// The fields shown in it, the first one present wins (`owner`, else `lead`).
    pub fields: &'static [&'static str],
}

/// The columns most kinds show: status, owner (or lead) and quarter.
pub const STANDARD_COLUMNS: &[Column] = &[
    Column {
        header: "STATUS",
        fields: &["status"],
    },
    Column {
        header: "OWNER",
        fields: &["owner", "lead"],
    },
    Column {
        header: "QUARTER",
        fields: &["quarter"],
    },
];

impl KindSpec {
    /// The status word's spec, if the kind has that status.
    pub fn status(&self, name: &str) -> Option<&StatusSpec> {
        self.statuses.iter().find(|s| s.name == name)
    }

    /// The stage of a status word, if the kind has it.
    pub fn stage(&self, name: &str) -> Option<Stage> {
        self.status(name).map(|s| s.stage)
    }

    /// The status words, in lifecycle order.
    pub fn status_words(&self) -> Vec<&'static str> {
        self.statuses.iter().map(|s| s.name).collect()
    }

    /// The first status in `stage`, in lifecycle order: the one a verb that
    /// moves a record there sets (`shipped`, `cancelled`, `open`).
    pub fn status_in(&self, stage: Stage) -> Option<&'static str> {
        self.statuses
            .iter()
            .find(|s| s.stage == stage)
            .map(|s| s.name)
    }

    /// The date field a status requires (`shipped` for "shipped", `closed`
    /// for a closed risk): the day a verb moving a record there writes.
    pub fn date_for(&self, status: &str) -> Option<&'static str> {
        self.requires
            .iter()
            .find(|r| {
                r.when == "status"
                    && !r.unless
                    && r.values.contains(&status)
                    && find(self.fields, r.field).is_some_and(|f| matches!(f.ty, FieldType::Date))
            })
            .map(|r| r.field)
    }

    /// The columns `list` shows for this kind.
    pub fn list_columns(&self) -> &'static [Column] {
        self.columns.unwrap_or(STANDARD_COLUMNS)
    }

    /// The position spec of a field, if it is one.
    pub fn position(&self, field: &str) -> Option<&Position> {
        self.positions.iter().find(|p| p.field == field)
    }
}

#[cfg(test)]
mod tests {
    //! The specs are data, so nothing but these tests notices a status
    //! without a stage or a rule that names a field the kind does not have.

    use super::super::{FieldSpec, Kind};
    use super::*;

    fn field(kind: Kind, name: &str) -> &'static FieldSpec {
        find(kind.fields(), name).unwrap_or_else(|| {
            panic!("{kind}'s spec names `{name}`, which is not one of its fields")
        })
    }

    fn words(ty: FieldType) -> Option<&'static [&'static str]> {
        match ty {
            FieldType::Enum(words) => Some(words),
            FieldType::Choice { default, .. } => Some(default),
            _ => None,
        }
    }

    #[test]
    fn every_status_has_a_stage_and_no_stage_lacks_a_status() {
        for &kind in Kind::ALL {
            let spec = kind.spec();
            match find(kind.fields(), "status").map(|f| f.ty) {
                Some(FieldType::Enum(allowed)) => {
                    assert_eq!(
                        spec.status_words(),
                        allowed.to_vec(),
                        "{kind}: the statuses with a stage must be the `status` field's words, in order"
                    );
                    let mut steps: Vec<u8> = spec.statuses.iter().map(|s| s.step).collect();
                    assert!(
                        steps.is_sorted(),
                        "{kind}: statuses are listed in lifecycle order"
                    );
                    steps.dedup();
                    assert!(
                        steps.len() > 1,
                        "{kind}: a lifecycle has more than one step"
                    );
                }
                Some(other) => panic!("{kind}: `status` must be a set of words, not {other:?}"),
                None => assert!(
                    spec.statuses.is_empty(),
                    "{kind} has stages but no `status` field"
                ),
            }
        }
    }

    #[test]
    fn every_field_a_spec_names_exists_with_the_right_type() {
        for &kind in Kind::ALL {
            let spec = kind.spec();
            for requirement in spec.requires {
                field(kind, requirement.field);
                let allowed = words(field(kind, requirement.when).ty).unwrap_or_else(|| {
                    panic!("{kind}: `{}` is not a set of words", requirement.when)
                });
                for value in requirement.values {
                    assert!(
                        allowed.contains(value),
                        "{kind}: `{}` has no value \"{value}\"",
                        requirement.when
                    );
                }
                if let Some(setting) = requirement.setting {
                    let (_, settings) = spec.settings.expect("a setting needs a settings table");
                    find(settings, setting)
                        .unwrap_or_else(|| panic!("{kind}: no setting `{setting}`"));
                }
            }
            for &(earlier, later) in spec.date_order {
                let (a, b) = (field(kind, earlier).ty, field(kind, later).ty);
                let ordered = |t: FieldType| matches!(t, FieldType::Date | FieldType::Quarter);
                assert!(
                    ordered(a) && ordered(b),
                    "{kind}: `{earlier}` and `{later}` must be dates or quarters"
                );
            }
            for people in spec.people {
                if let Live::Status(statuses) = people.while_ {
                    for status in statuses {
                        assert!(
                            spec.status(status).is_some(),
                            "{kind}: `{}` names no status \"{status}\"",
                            people.field
                        );
                    }
                }
                let ty = field(kind, people.field).ty;
                assert!(
                    matches!(
                        ty,
                        FieldType::Ref(Kind::Person) | FieldType::RefList(Kind::Person)
                    ),
                    "{kind}: `{}` does not name people",
                    people.field
                );
            }
            for graph in spec.graphs {
                let ty = field(kind, graph.field).ty;
                assert!(
                    matches!(ty, FieldType::Ref(k) | FieldType::RefList(k) if k == kind),
                    "{kind}: `{}` does not lead to another {kind}",
                    graph.field
                );
            }
            for hand_off in spec.hand_offs {
                let ty = field(kind, hand_off).ty;
                assert!(
                    matches!(ty, FieldType::Ref(_)),
                    "{kind}: `{hand_off}` is no reference"
                );
            }
            for position in spec.positions {
                assert!(
                    words(field(kind, position.field).ty).is_some(),
                    "{kind}: `{}` is no set of words",
                    position.field
                );
            }
            if let Some(gone) = spec.gone_after {
                assert!(
                    matches!(field(kind, gone).ty, FieldType::Date),
                    "{kind}: `{gone}` is no date"
                );
            }
            if let Some(columns) = spec.columns {
                for column in columns {
                    for name in column.fields {
                        field(kind, name);
                    }
                }
            }
            // A kind named by its quarter has no title: lists show its id.
            if spec.id != IdRule::Quarter {
                field(kind, spec.title_field);
            }
            for rule in spec.rules {
                let used = spec
                    .requires
                    .iter()
                    .any(|r| r.rule.is_some_and(|own| std::ptr::eq(own, *rule)));
                assert!(
                    used,
                    "{kind} declares rule `{}` but no requirement uses it",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn verbs_find_their_status_and_day_in_the_spec() {
        let initiative = Kind::Initiative.spec();
        assert_eq!(initiative.status_in(Stage::Done), Some("shipped"));
        assert_eq!(initiative.status_in(Stage::Dropped), Some("cancelled"));
        assert_eq!(initiative.date_for("shipped"), Some("shipped"));
        assert_eq!(initiative.date_for("cancelled"), None);
        assert_eq!(Kind::Risk.spec().date_for("closed"), Some("closed"));
        assert_eq!(Kind::Role.spec().status_in(Stage::NotStarted), Some("open"));
    }

    #[test]
    fn names_folders_and_plurals_are_unique() {
        let (mut words, mut folders) = (
            std::collections::HashSet::new(),
            std::collections::HashSet::new(),
        );
        for &kind in Kind::ALL {
            let spec = kind.spec();
            assert!(words.insert(spec.name), "{}", spec.name);
            assert!(words.insert(spec.plural), "{}", spec.plural);
            assert!(folders.insert(spec.folder), "{}", spec.folder);
            assert_eq!(spec.name.parse::<Kind>(), Ok(kind));
            assert_eq!(spec.plural.parse::<Kind>(), Ok(kind));
        }
    }
}
