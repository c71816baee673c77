//! The plan's data model: kinds of record, typed values, and the plan itself.
//!
//! Records are kept generic (a kind, an id and a table of typed values with
//! their source spans) and described by the per-kind schemas, so that checks,
//! diffs and edits all walk the same structure. This module does no I/O and
//! makes no judgements: loading lives in `store`, rules in `validate`.

pub mod budget;
pub mod config;
pub mod decision;
pub mod initiative;
pub mod objective;
pub mod person;
pub mod quarter;
pub mod risk;
pub mod role;
pub mod schema;
pub mod spec;
pub mod team;
pub mod technology;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

pub use config::{CapacitySettings, PlanConfig};
pub use quarter::Quarter;
pub use schema::{FieldSpec, FieldType};
pub use spec::{IdRule, KindSpec, Stage};

pub use crate::diagnostic::Span;

/// Declares the kinds: the enum, [`Kind::ALL`] and [`Kind::spec`] from one
/// list, so a new kind is its module plus one line here.
macro_rules! kinds {
    ($($variant:ident => $module:ident),* $(,)?) => {
        /// The kinds of record, in the order they are listed and reported.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Kind {
            $($variant),*
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// Everything about the kind, as declared in its module.
            pub fn spec(self) -> &'static KindSpec {
                match self {
                    $(Kind::$variant => &$module::SPEC),*
                }
            }
        }
    };
}

kinds! {
    Initiative => initiative,
    Objective => objective,
    Decision => decision,
    Risk => risk,
    Team => team,
    Person => person,
    Role => role,
    Budget => budget,
    Technology => technology,
}

impl Kind {
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The folder, relative to the plan root, that holds this kind's files.
    pub fn folder(self) -> &'static str {
        self.spec().folder
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        self.spec().fields
    }

    /// The kind whose folder holds `path` (plan-relative, `/`-separated), if any.
    /// Sub-folders inside a kind's folder are allowed, for grouping.
    pub fn for_path(path: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|kind| {
            path.strip_prefix(kind.folder())
                .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// The kind's name with its article, for sentences: "an initiative", "a person".
    pub fn with_article(self) -> String {
        format!("{} {}", self.spec().article, self.name())
    }

    /// The field that names a record in lists: `title`, or `name` for people and teams.
    pub fn title_field(self) -> &'static str {
        self.spec().title_field
    }

    /// Whether `id` is a valid id for a record of this kind.
    pub fn accepts_id(self, id: &str) -> bool {
        match self.spec().id {
            IdRule::Quarter => id.parse::<Quarter>().is_ok(),
            IdRule::Slug | IdRule::DatedSlug { .. } => is_valid_id(id),
        }
    }

    /// What a valid id of this kind looks like, for hints.
    pub fn id_hint(self) -> String {
        match self.spec().id {
            IdRule::Quarter => format!(
                "{} is named by its quarter, such as 2027-Q1",
                self.with_article()
            ),
            IdRule::Slug | IdRule::DatedSlug { .. } => {
                "lower-case letters, digits and hyphens, at most 64".to_owned()
            }
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        let singular = s.strip_suffix('s').unwrap_or(s);
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s || k.name() == singular || k.spec().plural == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown kind '{s}': expected one of {}", names.join(", "))
            })
    }
}

/// Whether `id` is a valid record id: `^[a-z0-9][a-z0-9-]{0,63}$`.
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// A typed value, checked against its field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Date(Date),
    Quarter(Quarter),
    /// A date-time other than a plain date; only found in `[custom]`.
    Datetime(String),
    List(Vec<Item>),
    Table(Table),
    /// A value its field's type does not allow, kept as written so that diffs
    /// and `show` can say what is there; `check` reports it. The typed
    /// accessors see no value.
    Invalid(Box<Value>),
}

/// A value on one line, as a person reads it.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Text(s) | Value::Datetime(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => crate::text::non_finite(*f).map_or_else(|| f.to_string(), str::to_owned),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Quarter(q) => q.to_string(),
        Value::List(items) => items
            .iter()
            .map(|i| value_text(&i.value))
            .collect::<Vec<_>>()
            .join(", "),
        // Braces, as TOML writes an inline table, so nested tables stay readable.
        Value::Table(t) => format!(
            "{{ {} }}",
            t.entries
                .iter()
                .map(|e| format!("{} = {}", e.key, value_text(&e.value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Invalid(raw) => format!("{} (invalid)", value_text(raw)),
    }
}

/// One element of a list, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub value: Value,
    pub span: Span,
}

/// One key of a table with its value and where both stand in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Value,
    pub span: Span,
}

/// A table of entries in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub entries: Vec<Entry>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn value(&self, key: &str) -> Option<&Value> {
        self.get(key).map(|e| &e.value)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        match self.value(key)? {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn date(&self, key: &str) -> Option<Date> {
        match self.value(key)? {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn quarter(&self, key: &str) -> Option<Quarter> {
        match self.value(key)? {
            Value::Quarter(q) => Some(*q),
            _ => None,
        }
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        match self.value(key)? {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.value(key)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn table(&self, key: &str) -> Option<&Table> {
        match self.value(key)? {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The strings of a list field with their spans (references, tags).
    pub fn texts(&self, key: &str) -> Vec<(&str, Span)> {
        match self.value(key) {
            Some(Value::List(items)) => items
                .iter()
                .filter_map(|item| match &item.value {
                    Value::Text(s) => Some((s.as_str(), item.span.clone())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// One record: a file of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub kind: Kind,
    pub id: String,
    /// The file's path relative to the plan root, `/`-separated.
    pub path: String,
    pub fields: Table,
}

impl Record {
    /// `kind/id`, the unambiguous way to name a record.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.kind, self.id)
    }

    /// The record's title or name, or its id when it has neither.
    pub fn title(&self) -> &str {
        self.fields
            .text(self.kind.title_field())
            .unwrap_or(&self.id)
    }

    pub fn status(&self) -> Option<&str> {
        self.fields.text("status")
    }

    /// The stage of the record's status, as its kind's spec declares it.
    pub fn stage(&self) -> Option<Stage> {
        self.status().and_then(|s| self.kind.spec().stage(s))
    }

    /// Whether the record's status is in a done or dropped stage.
    pub fn is_finished(&self) -> bool {
        self.stage().is_some_and(Stage::is_finished)
    }

    /// The date after which the record itself is gone (a person's `left`).
    pub fn gone_after(&self) -> Option<Date> {
        self.kind
            .spec()
            .gone_after
            .and_then(|field| self.fields.date(field))
    }

    /// Whether the record is gone by `today`: the day after its
    /// [`gone_after`](Record::gone_after) date (a person who has left).
    pub fn is_gone(&self, today: Date) -> bool {
        self.gone_after().is_some_and(|last| last < today)
    }

    /// Who a person record is about: its `name`, trimmed and in lower
    /// case. A person who moved team has one record per team, with one
    /// name; every view that counts people (`over-allocated`, skills and
    /// their bus factor) counts them by this key, never by record.
    pub fn person_key(&self) -> String {
        self.title().trim().to_lowercase()
    }

    /// Whether the people named in `people` still matter for this record:
    /// it is unfinished, or in one of the statuses the field names.
    pub fn needs_people(&self, people: &spec::PeopleField) -> bool {
        match people.while_ {
            spec::Live::Unfinished => !self.is_finished(),
            spec::Live::Status(statuses) => self.status().is_some_and(|s| statuses.contains(&s)),
        }
    }
}

/// A whole plan as loaded from one source.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub config: PlanConfig,
    /// Records sorted by kind, then id.
    pub records: Vec<Record>,
    /// Position in `records` by kind, then id.
    index: HashMap<Kind, HashMap<String, usize>>,
}

/// Why a reference does not name exactly one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No record has that id.
    Missing,
    /// `kind/id` names a kind other than the one the field takes.
    WrongKind(Kind),
    /// A bare id shared by records of several kinds.
    Ambiguous(Vec<Kind>),
    /// The kind prefix is not a kind.
    UnknownKind(String),
}

impl Plan {
    pub fn new(config: PlanConfig, mut records: Vec<Record>) -> Plan {
        records.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        let mut index: HashMap<Kind, HashMap<String, usize>> = HashMap::new();
        for (i, record) in records.iter().enumerate() {
            index
                .entry(record.kind)
                .or_default()
                .insert(record.id.clone(), i);
        }
        Plan {
            config,
            records,
            index,
        }
    }

    pub fn get(&self, kind: Kind, id: &str) -> Option<&Record> {
        self.index.get(&kind)?.get(id).map(|&i| &self.records[i])
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| r.kind == kind)
    }

    /// Resolves `kind/id` or a bare id. With `expected`, a bare id is looked
    /// up in that kind only, and a prefixed one must be of that kind.
    pub fn resolve(&self, reference: &str, expected: Option<Kind>) -> Result<&Record, Unresolved> {
        if let Some((kind, id)) = reference.split_once('/') {
            let kind: Kind = kind
                .parse()
                .map_err(|_| Unresolved::UnknownKind(kind.to_owned()))?;
            if let Some(expected) = expected.filter(|e| *e != kind) {
                return Err(Unresolved::WrongKind(expected));
            }
            return self.get(kind, id).ok_or(Unresolved::Missing);
        }
        if let Some(kind) = expected {
            return self.get(kind, reference).ok_or(Unresolved::Missing);
        }
        let matches: Vec<&Record> = Kind::ALL
            .iter()
            .filter_map(|&k| self.get(k, reference))
            .collect();
        match matches.as_slice() {
            [] => Err(Unresolved::Missing),
            [one] => Ok(one),
            many => Err(Unresolved::Ambiguous(many.iter().map(|r| r.kind).collect())),
        }
    }

    /// The record a mistyped reference most likely meant, of `kind` or of
    /// any kind: by id or name regardless of case (`Platform` → `platform`),
    /// by a unique prefix of either (`tom` → `tom-ng`), then by a close
    /// spelling ([`crate::text::suggest`]).
    pub fn suggest(&self, word: &str, kind: Option<Kind>) -> Option<&Record> {
        let candidates: Vec<&Record> = self
            .records
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .collect();
        let names: Vec<(&str, &str)> = candidates
            .iter()
            .map(|r| (r.id.as_str(), r.title()))
            .collect();
        crate::text::suggest(Plan::bare_id(word), &names).map(|i| candidates[i])
    }

    /// The id a reference names, without the `kind/` prefix.
    pub fn bare_id(reference: &str) -> &str {
        reference.split_once('/').map_or(reference, |(_, id)| id)
    }

    /// Every (record, field path) whose value refers to `target`: what points
    /// at it, for `show` and for impact lists.
    pub fn referrers(&self, target: &Record) -> Vec<(&Record, String)> {
        let mut found = Vec::new();
        for record in &self.records {
            for site in record.references() {
                let hit = self
                    .resolve(site.text, Some(site.kind))
                    .is_ok_and(|r| std::ptr::eq(r, target));
                if hit
                    && !found.iter().any(|(r, p): &(&Record, String)| {
                        std::ptr::eq(*r, record) && *p == site.field
                    })
                {
                    found.push((record, site.field.into_owned()));
                }
            }
        }
        found
    }
}

/// One reference written in a record.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceSite<'a> {
    /// The dotted field path, such as `owner` or `line.cloud.team`.
    pub field: Cow<'a, str>,
    /// The kind the field refers to.
    pub kind: Kind,
    pub text: &'a str,
    pub span: Span,
}

impl Record {
    /// Every reference the record makes, in file order.
    pub fn references(&self) -> Vec<ReferenceSite<'_>> {
        let mut sites = Vec::new();
        collect_references(self.kind.fields(), &self.fields, "", &mut sites);
        sites
    }
}

fn collect_references<'a>(
    specs: &[FieldSpec],
    table: &'a Table,
    prefix: &str,
    sites: &mut Vec<ReferenceSite<'a>>,
) {
    for entry in &table.entries {
        let Some(spec) = schema::find(specs, &entry.key) else {
            continue;
        };
        // Most references sit at the top level: borrow the key rather than allocate.
        let field = || -> Cow<'a, str> {
            if prefix.is_empty() {
                Cow::Borrowed(entry.key.as_str())
            } else {
                Cow::Owned(format!("{prefix}{}", entry.key))
            }
        };
        match (spec.ty, &entry.value) {
            (FieldType::Ref(kind), Value::Text(text)) => sites.push(ReferenceSite {
                field: field(),
                kind,
                text,
                span: entry.span.clone(),
            }),
            (FieldType::RefList(kind), Value::List(items)) => {
                let field = field();
                for item in items {
                    if let Value::Text(text) = &item.value {
                        sites.push(ReferenceSite {
                            field: field.clone(),
                            kind,
                            text,
                            span: item.span.clone(),
                        });
                    }
                }
            }
            (FieldType::Table(sub), Value::Table(inner)) => {
                collect_references(sub, inner, &format!("{}.", field()), sites);
            }
            (FieldType::Keyed(sub), Value::Table(keyed)) => {
                let field = field();
                for item in &keyed.entries {
                    if let Value::Table(inner) = &item.value {
                        collect_references(sub, inner, &format!("{field}.{}.", item.key), sites);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for good in ["a", "search-v2", "0-day", &"x".repeat(64)] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "-a", "A", "a_b", "a b", "a.b", &"x".repeat(65), "ü"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn kinds_by_path_and_name() {
        assert_eq!(
            Kind::for_path("roadmap/search.toml"),
            Some(Kind::Initiative)
        );
        assert_eq!(Kind::for_path("team/people/alice.toml"), Some(Kind::Person));
        assert_eq!(Kind::for_path("team/alice.toml"), None);
        assert_eq!(Kind::for_path("roadmaps/x.toml"), None);
        assert_eq!("people".parse::<Kind>(), Ok(Kind::Person));
        assert_eq!("initiatives".parse::<Kind>(), Ok(Kind::Initiative));
        assert!("widget".parse::<Kind>().is_err());
    }
}
