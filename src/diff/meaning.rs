//! What a change means in planning terms: slips, status transitions and
//! regressions, hand-offs, risk scores, budget deltas, superseded decisions,
//! people joining, leaving and moving, roles opened and filled, key-result
//! progress; and the summary counts built from them.

use std::collections::{BTreeMap, BTreeSet};

use super::{Action, FieldChange, PlanDiff, RecordChange, set_of};
use crate::model::spec::Position;
use crate::model::{Kind, Plan, Quarter, Record, Value};
use crate::text::{signed_amount, with_unit};

/// One planning fact a change carries.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Meaning {
    Slipped {
        from: Quarter,
        to: Quarter,
    },
    PulledIn {
        from: Quarter,
        to: Quarter,
    },
    Status {
        from: Option<String>,
        to: Option<String>,
        regression: bool,
    },
    HandOff {
        role: String,
        from: Option<String>,
        to: Option<String>,
    },
    Listed {
        added: Vec<String>,
        removed: Vec<String>,
    },
    RiskScore {
        from: i64,
        to: i64,
    },
    Money {
        line: String,
        category: Option<String>,
        planned: f64,
        actual: f64,
    },
    /// A change to an amount of money (a budget line's planned or actual).
    Amount {
        delta: f64,
    },
    SupersededBy {
        by: Vec<String>,
    },
    Joined {
        team: Option<String>,
    },
    Left {
        team: Option<String>,
    },
    Moved {
        from: Option<String>,
        to: Option<String>,
    },
    RoleOpened {
        team: Option<String>,
    },
    RoleFilled {
        by: Option<String>,
    },
    Progress {
        key: String,
        from: Option<f64>,
        to: Option<f64>,
        target: Option<f64>,
        unit: Option<String>,
    },
    /// A record added in a position its kind tracks: a technology new on the
    /// radar in a ring. The words come from the kind's spec.
    Entered {
        field: String,
        to: String,
        #[serde(skip)]
        words: &'static Position,
    },
    /// A record with a position removed: a technology off the radar.
    Exited {
        field: String,
        from: String,
        #[serde(skip)]
        words: &'static Position,
    },
    /// A tracked position changed: a technology moved from one ring to another.
    Repositioned {
        field: String,
        from: String,
        to: String,
        #[serde(skip)]
        words: &'static Position,
    },
}

impl Meaning {
    /// What a field line should add to its own `old → new`, if anything.
    pub fn note(&self, currency: &str) -> Option<String> {
        match self {
            Meaning::Slipped { from, to } => {
                let n = from.quarters_until(*to);
                Some(format!(
                    "slipped {n} quarter{}",
                    if n == 1 { "" } else { "s" }
                ))
            }
            Meaning::PulledIn { from, to } => {
                let n = to.quarters_until(*from);
                Some(format!(
                    "pulled in {n} quarter{}",
                    if n == 1 { "" } else { "s" }
                ))
            }
            Meaning::Status {
                regression: true, ..
            } => Some("⚠ regression: a move backwards".into()),
            Meaning::Status { .. } | Meaning::HandOff { .. } => None,
            Meaning::Progress {
                target: Some(target),
                unit,
                ..
            } => Some(format!("target {}", with_unit(*target, unit.as_deref()))),
            other => Some(other.describe(currency)),
        }
    }

    /// The phrase users read: "slipped 1 quarter (2026-Q3 → 2026-Q4)".
    pub fn describe(&self, currency: &str) -> String {
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "nobody".into());
        match self {
            Meaning::Slipped { from, to } => {
                let n = from.quarters_until(*to);
                format!(
                    "slipped {n} quarter{} ({from} → {to})",
                    if n == 1 { "" } else { "s" }
                )
            }
            Meaning::PulledIn { from, to } => {
                let n = to.quarters_until(*from);
                format!(
                    "pulled in {n} quarter{} ({from} → {to})",
                    if n == 1 { "" } else { "s" }
                )
            }
            Meaning::Status {
                from,
                to,
                regression,
            } => {
                let from = from.as_deref().unwrap_or("unset");
                let to = to.as_deref().unwrap_or("unset");
                let mark = if *regression { " ⚠ regression" } else { "" };
                format!("{from} → {to}{mark}")
            }
            Meaning::HandOff { role, from, to } => {
                format!("{role} {} → {}", or_none(from), or_none(to))
            }
            Meaning::Listed { added, removed } => {
                let mut parts: Vec<String> = added.iter().map(|a| format!("+{a}")).collect();
                parts.extend(removed.iter().map(|r| format!("−{r}")));
                parts.join(" ")
            }
            Meaning::RiskScore { from, to } => {
                let direction = if to > from { "up" } else { "down" };
                format!("risk score {from} → {to} ({direction})")
            }
            Meaning::Money {
                line,
                planned,
                actual,
                ..
            } => {
                let mut parts = Vec::new();
                if *planned != 0.0 {
                    parts.push(format!("planned {}", signed_amount(*planned, currency)));
                }
                if *actual != 0.0 {
                    parts.push(format!("actual {}", signed_amount(*actual, currency)));
                }
                format!("line {line}: {}", parts.join(", "))
            }
            Meaning::Amount { delta } => signed_amount(*delta, currency),
            Meaning::SupersededBy { by } if by.is_empty() => "superseded".into(),
            Meaning::SupersededBy { by } => format!("superseded by {}", by.join(", ")),
            Meaning::Joined { team } => format!(
                "joined{}",
                team.as_ref()
                    .map(|t| format!(" team/{t}"))
                    .unwrap_or_default()
            ),
            Meaning::Left { team } => format!(
                "left{}",
                team.as_ref()
                    .map(|t| format!(" team/{t}"))
                    .unwrap_or_default()
            ),
            Meaning::Moved { from, to } => {
                format!("moved team {} → {}", or_none(from), or_none(to))
            }
            Meaning::RoleOpened { team } => format!(
                "role opened{}",
                team.as_ref()
                    .map(|t| format!(" in team/{t}"))
                    .unwrap_or_default()
            ),
            Meaning::RoleFilled { by } => format!(
                "role filled{}",
                by.as_ref()
                    .map(|p| format!(" by person/{p}"))
                    .unwrap_or_default()
            ),
            Meaning::Progress {
                key,
                from,
                to,
                target,
                unit,
            } => {
                let unit = unit.as_deref();
                let show =
                    |v: &Option<f64>| v.map_or_else(|| "unset".to_owned(), |n| with_unit(n, unit));
                let target = target
                    .map(|t| format!(" (target {})", with_unit(t, unit)))
                    .unwrap_or_default();
                format!("key result {key}: {} → {}{target}", show(from), show(to))
            }
            Meaning::Entered { to, words, .. } => format!("{} {to}", words.entered),
            Meaning::Exited { from, words, .. } => format!("{} (was {from})", words.exited),
            Meaning::Repositioned {
                from, to, words, ..
            } => format!("{} {from} → {to}", words.moved),
        }
    }
}

/// How far along its lifecycle a status is, to spot moves backwards: the
/// step its kind's spec gives it.
fn step(kind: Kind, status: &str) -> Option<u8> {
    kind.spec().status(status).map(|s| s.step)
}

fn text(value: &Option<Value>) -> Option<String> {
    match value {
        Some(Value::Text(s)) => Some(Plan::bare_id(s).to_owned()),
        // A mistyped word still reads as what was written: "active → activ (invalid)".
        Some(Value::Invalid(raw)) => match raw.as_ref() {
            Value::Text(s) => Some(format!("{s} (invalid)")),
            _ => None,
        },
        _ => None,
    }
}

fn quarter(value: &Option<Value>) -> Option<Quarter> {
    match value {
        Some(Value::Quarter(q)) => Some(*q),
        _ => None,
    }
}

/// Whether the field at `path` is an amount of money (a budget line's
/// `planned` or `actual`), shown with separators and the currency.
pub fn is_money(kind: Kind, path: &str) -> bool {
    kind == Kind::Budget
        && path.starts_with("line.")
        && path.matches('.').count() == 2
        && (path.ends_with(".planned") || path.ends_with(".actual"))
}

fn num(value: &Option<Value>) -> Option<f64> {
    match value {
        Some(Value::Integer(i)) => Some(*i as f64),
        Some(Value::Float(f)) => Some(*f),
        _ => None,
    }
}

/// Fills in field and record meanings.
pub fn annotate(changes: &mut [RecordChange], old: &Plan, new: &Plan) {
    for change in changes.iter_mut() {
        let kind = change.kind;
        for field in &mut change.fields {
            field.meaning = field_meaning(kind, change.action, field);
        }
        let old_record = old.get(
            kind,
            change
                .renamed_from
                .as_deref()
                .filter(|_| change.action == Action::Renamed)
                .unwrap_or(&change.id),
        );
        let new_record = new.get(kind, &change.id);
        change.meanings = record_meanings(change, old_record, new_record, new);
    }
}

fn field_meaning(kind: Kind, action: Action, field: &FieldChange) -> Option<Meaning> {
    let path = field.path.as_str();
    // Renames may carry edits too (a file moved and changed in one commit).
    if !matches!(action, Action::Changed | Action::Renamed) {
        return None;
    }
    if path == "quarter" {
        let (from, to) = (quarter(&field.old)?, quarter(&field.new)?);
        return Some(if to > from {
            Meaning::Slipped { from, to }
        } else {
            Meaning::PulledIn { from, to }
        });
    }
    if let Some(words) = kind.spec().position(path)
        && let (Some(from), Some(to)) = (text(&field.old), text(&field.new))
    {
        return Some(Meaning::Repositioned {
            field: path.to_owned(),
            from,
            to,
            words,
        });
    }
    if path == "status" {
        let (from, to) = (text(&field.old), text(&field.new));
        let regression = match (&from, &to) {
            (Some(a), Some(b)) => {
                matches!((step(kind, a), step(kind, b)), (Some(x), Some(y)) if y < x)
            }
            _ => false,
        };
        return Some(Meaning::Status {
            from,
            to,
            regression,
        });
    }
    if kind.spec().hand_offs.contains(&path) {
        return Some(Meaning::HandOff {
            role: path.to_owned(),
            from: text(&field.old),
            to: text(&field.new),
        });
    }
    if kind == Kind::Budget && path.starts_with("line.") && path.matches('.').count() == 1 {
        // A whole line added or removed: its planned amount is the change.
        let planned = |v: &Option<Value>| match v {
            Some(Value::Table(t)) => t.number("planned").unwrap_or(0.0),
            _ => 0.0,
        };
        return Some(Meaning::Amount {
            delta: planned(&field.new) - planned(&field.old),
        });
    }
    if is_money(kind, path) {
        let delta = num(&field.new).unwrap_or(0.0) - num(&field.old).unwrap_or(0.0);
        return Some(Meaning::Amount { delta });
    }
    if let Some(key) = path
        .strip_prefix("key_result.")
        .and_then(|rest| rest.strip_suffix(".current"))
    {
        return Some(Meaning::Progress {
            key: key.to_owned(),
            from: num(&field.old),
            to: num(&field.new),
            target: None,
            unit: None,
        });
    }
    if matches!(field.old, Some(Value::List(_))) || matches!(field.new, Some(Value::List(_))) {
        let empty = Value::List(Vec::new());
        let before = set_of(field.old.as_ref().unwrap_or(&empty));
        let after = set_of(field.new.as_ref().unwrap_or(&empty));
        if !before.is_empty() || !after.is_empty() {
            return Some(Meaning::Listed {
                added: after.difference(&before).cloned().collect(),
                removed: before.difference(&after).cloned().collect(),
            });
        }
    }
    None
}

fn record_meanings(
    change: &mut RecordChange,
    old: Option<&Record>,
    new: Option<&Record>,
    new_plan: &Plan,
) -> Vec<Meaning> {
    let mut meanings = positions(change, old, new);
    let get_text = |r: Option<&Record>, f: &str| {
        r.and_then(|r| r.fields.text(f))
            .map(|s| Plan::bare_id(s).to_owned())
    };
    match change.kind {
        Kind::Risk => {
            let score = |r: Option<&Record>| {
                r.and_then(|r| {
                    Some(r.fields.number("likelihood")? as i64 * r.fields.number("impact")? as i64)
                })
            };
            if let (Some(from), Some(to)) = (score(old), score(new))
                && from != to
            {
                meanings.push(Meaning::RiskScore { from, to });
            }
        }
        Kind::Decision => {
            let was = old.and_then(Record::status);
            if new.and_then(Record::status) == Some("superseded") && was != Some("superseded") {
                let by: Vec<String> = new_plan
                    .of_kind(Kind::Decision)
                    .filter(|d| {
                        d.fields
                            .texts("supersedes")
                            .iter()
                            .any(|(t, _)| Plan::bare_id(t) == change.id)
                    })
                    .map(Record::reference)
                    .collect();
                meanings.push(Meaning::SupersededBy { by });
            }
        }
        Kind::Person => {
            let (team_before, team_after) = (get_text(old, "team"), get_text(new, "team"));
            let left = |r: Option<&Record>| r.is_some_and(|r| r.fields.date("left").is_some());
            match change.action {
                Action::Added if !left(new) => meanings.push(Meaning::Joined { team: team_after }),
                Action::Removed if !left(old) => meanings.push(Meaning::Left { team: team_before }),
                Action::Changed if !left(old) && left(new) => {
                    meanings.push(Meaning::Left { team: team_before })
                }
                Action::Changed if left(old) && !left(new) => {
                    meanings.push(Meaning::Joined { team: team_after })
                }
                Action::Changed if team_before != team_after => {
                    meanings.push(Meaning::Moved {
                        from: team_before,
                        to: team_after,
                    });
                }
                _ => {}
            }
        }
        Kind::Role => {
            if change.action == Action::Added
                && !matches!(new.and_then(Record::status), Some("filled" | "cancelled"))
            {
                meanings.push(Meaning::RoleOpened {
                    team: get_text(new, "team"),
                });
            }
            if new.and_then(Record::status) == Some("filled")
                && old.and_then(Record::status) != Some("filled")
            {
                meanings.push(Meaning::RoleFilled {
                    by: get_text(new, "hire"),
                });
            }
        }
        Kind::Budget => {
            let lines = |r: Option<&Record>| -> BTreeMap<String, (f64, f64, Option<String>)> {
                r.and_then(|r| r.fields.table("line"))
                    .map(|t| {
                        t.entries
                            .iter()
                            .filter_map(|e| match &e.value {
                                Value::Table(l) => Some((
                                    e.key.clone(),
                                    (
                                        l.number("planned").unwrap_or(0.0),
                                        l.number("actual").unwrap_or(0.0),
                                        l.text("category").map(str::to_owned),
                                    ),
                                )),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (before, after) = (lines(old), lines(new));
            let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            for key in keys {
                let (p0, a0, c0) = before.get(key).cloned().unwrap_or((0.0, 0.0, None));
                let (p1, a1, c1) = after.get(key).cloned().unwrap_or((0.0, 0.0, None));
                if p1 - p0 != 0.0 || a1 - a0 != 0.0 {
                    meanings.push(Meaning::Money {
                        line: key.clone(),
                        category: c1.or(c0),
                        planned: p1 - p0,
                        actual: a1 - a0,
                    });
                }
            }
        }
        Kind::Objective => {
            // Give progress lines their target and unit, which live beside `current`.
            for field in &mut change.fields {
                if let Some(Meaning::Progress {
                    key, target, unit, ..
                }) = &mut field.meaning
                {
                    let kr = new
                        .and_then(|r| r.fields.table("key_result"))
                        .and_then(|t| t.table(key));
                    *target = kr.and_then(|k| k.number("target"));
                    *unit = kr.and_then(|k| k.text("unit")).map(str::to_owned);
                }
            }
        }
        _ => {}
    }
    meanings
}

/// A record that enters or leaves the positions its kind tracks.
fn positions(change: &RecordChange, old: Option<&Record>, new: Option<&Record>) -> Vec<Meaning> {
    let mut meanings = Vec::new();
    for words in change.kind.spec().positions {
        let value = |r: Option<&Record>| {
            r.and_then(|r| r.fields.text(words.field))
                .map(str::to_owned)
        };
        let field = words.field.to_owned();
        match (change.action, value(old), value(new)) {
            (Action::Added, _, Some(to)) => meanings.push(Meaning::Entered { field, to, words }),
            (Action::Removed, Some(from), _) => {
                meanings.push(Meaning::Exited { field, from, words })
            }
            _ => {}
        }
    }
    meanings
}

/// Counts for the summary line and table.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    pub added: usize,
    pub changed: usize,
    pub renamed: usize,
    pub removed: usize,
    pub slipped: usize,
    pub pulled_in: usize,
    pub shipped: usize,
    /// Records whose status became `cancelled` (initiatives, roles).
    pub cancelled: usize,
    pub regressions: usize,
    /// Risks whose score (likelihood × impact) went up.
    pub escalated: usize,
    pub decisions_accepted: usize,
    pub decisions_rejected: usize,
    pub decisions_superseded: usize,
    pub roles_opened: usize,
    pub roles_filled: usize,
    pub joined: usize,
    pub left: usize,
    pub broken_files: usize,
    /// Net change in planned and actual budget.
    pub budget_planned: f64,
    pub budget_actual: f64,
    /// (planned, actual) deltas per budget quarter.
    pub budget_by_quarter: BTreeMap<String, (f64, f64)>,
    /// (planned, actual) deltas per budget category.
    pub budget_by_category: BTreeMap<String, (f64, f64)>,
    /// Net people per team (joiners minus leavers, moves counted on both sides).
    pub headcount: BTreeMap<String, i64>,
}

impl Summary {
    pub fn of(diff: &PlanDiff) -> Summary {
        let mut s = Summary {
            broken_files: diff.broken.len(),
            ..Summary::default()
        };
        for change in &diff.changes {
            match change.action {
                Action::Added => s.added += 1,
                Action::Changed => s.changed += 1,
                Action::Renamed => s.renamed += 1,
                Action::Removed => s.removed += 1,
            }
            for meaning in change
                .fields
                .iter()
                .filter_map(|f| f.meaning.as_ref())
                .chain(&change.meanings)
            {
                match meaning {
                    // Roles and objectives have quarters too; slips count the roadmap.
                    Meaning::Slipped { .. } if change.kind == Kind::Initiative => s.slipped += 1,
                    Meaning::PulledIn { .. } if change.kind == Kind::Initiative => s.pulled_in += 1,
                    Meaning::Status { to, regression, .. } => {
                        s.regressions += usize::from(*regression);
                        match (change.kind, to.as_deref()) {
                            (Kind::Initiative, Some("shipped")) => s.shipped += 1,
                            (Kind::Decision, Some("accepted")) => s.decisions_accepted += 1,
                            (Kind::Decision, Some("rejected")) => s.decisions_rejected += 1,
                            (_, Some("cancelled")) => s.cancelled += 1,
                            _ => {}
                        }
                    }
                    Meaning::RiskScore { from, to } if to > from => s.escalated += 1,
                    Meaning::SupersededBy { .. } => s.decisions_superseded += 1,
                    Meaning::RoleOpened { .. } => s.roles_opened += 1,
                    Meaning::RoleFilled { .. } => s.roles_filled += 1,
                    Meaning::Money {
                        category,
                        planned,
                        actual,
                        ..
                    } => {
                        s.budget_planned += planned;
                        s.budget_actual += actual;
                        let q = s.budget_by_quarter.entry(change.id.clone()).or_default();
                        q.0 += planned;
                        q.1 += actual;
                        let c = s
                            .budget_by_category
                            .entry(category.clone().unwrap_or_else(|| "other".into()))
                            .or_default();
                        c.0 += planned;
                        c.1 += actual;
                    }
                    Meaning::Joined { team } => {
                        s.joined += 1;
                        *s.headcount
                            .entry(team.clone().unwrap_or_else(|| "(no team)".into()))
                            .or_default() += 1
                    }
                    Meaning::Left { team } => {
                        s.left += 1;
                        *s.headcount
                            .entry(team.clone().unwrap_or_else(|| "(no team)".into()))
                            .or_default() -= 1
                    }
                    Meaning::Moved { from, to } => {
                        *s.headcount
                            .entry(from.clone().unwrap_or_else(|| "(no team)".into()))
                            .or_default() -= 1;
                        *s.headcount
                            .entry(to.clone().unwrap_or_else(|| "(no team)".into()))
                            .or_default() += 1;
                    }
                    _ => {}
                }
            }
            // A record added already shipped, accepted or rejected counts too.
            if change.action == Action::Added {
                let status = change
                    .fields
                    .iter()
                    .find(|f| f.path == "status")
                    .and_then(|f| text(&f.new));
                match (change.kind, status.as_deref()) {
                    (Kind::Initiative, Some("shipped")) => s.shipped += 1,
                    (Kind::Decision, Some("accepted")) => s.decisions_accepted += 1,
                    (Kind::Decision, Some("rejected")) => s.decisions_rejected += 1,
                    _ => {}
                }
            }
        }
        s.headcount.retain(|_, n| *n != 0);
        s
    }

    /// `3 added, 5 changed, 1 removed · 2 slipped, 1 shipped · budget +40,000 USD`.
    pub fn line(&self, currency: &str) -> String {
        let mut records = Vec::new();
        for (n, word) in [
            (self.added, "added"),
            (self.changed, "changed"),
            (self.renamed, "renamed"),
            (self.removed, "removed"),
        ] {
            if n > 0 {
                records.push(format!("{n} {word}"));
            }
        }
        if records.is_empty() {
            records.push("no changes".into());
        }
        let mut facts = Vec::new();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        for (n, one, many) in [
            (self.slipped, "slipped", "slipped"),
            (self.pulled_in, "pulled in", "pulled in"),
            (self.shipped, "shipped", "shipped"),
            (self.cancelled, "cancelled", "cancelled"),
            (self.regressions, "regression", "regressions"),
            (self.escalated, "risk escalated", "risks escalated"),
            (
                self.decisions_accepted,
                "decision accepted",
                "decisions accepted",
            ),
            (
                self.decisions_rejected,
                "decision rejected",
                "decisions rejected",
            ),
            (
                self.decisions_superseded,
                "decision superseded",
                "decisions superseded",
            ),
            (self.roles_opened, "role opened", "roles opened"),
            (self.roles_filled, "role filled", "roles filled"),
            (self.joined, "joined", "joined"),
            (self.left, "left", "left"),
        ] {
            if n > 0 {
                facts.push(plural(n, one, many));
            }
        }
        let mut parts = vec![records.join(", ")];
        if !facts.is_empty() {
            parts.push(facts.join(", "));
        }
        if self.budget_planned != 0.0 {
            parts.push(format!(
                "budget {}",
                signed_amount(self.budget_planned, currency)
            ));
        }
        if self.broken_files > 0 {
            parts.push(plural(self.broken_files, "broken file", "broken files"));
        }
        parts.join(" · ")
    }
}
