//! Applies one change to a record's TOML document, keeping everything else
//! byte for byte: comments, blank lines, key order, quoting.
//!
//! Changes are made with toml_edit. A replaced value takes over the old one's
//! decor (the space before it and a trailing `# comment`), an item added to a
//! list copies the list's layout, and comment lines above a removed key stay
//! in the file. The schema decides how a missing sub-table is written
//! (`estimate = { … }` inline, `[milestone.beta]` as a header) and how a value
//! is typed; whether the result is valid is left to the checker.

use jiff::civil::Date;
use toml_edit::{Array, DocumentMut, InlineTable, Item, RawString, Table, Value};

use super::assign::{Assignment, Op};
use super::value;
use crate::model::schema::{self, FieldSpec, FieldType};
use crate::model::{Kind, Plan};

/// What a change did to one field, for the command's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The dotted path.
    pub field: String,
    /// The value before, as compact TOML; `None` when the field was absent.
    pub before: Option<String>,
    /// The value after; `None` when the field was removed.
    pub after: Option<String>,
}

/// What the schema says about one step of a path.
#[derive(Debug, Clone, Copy)]
enum Node {
    /// A field of the schema.
    Field(FieldType),
    /// A named entry of a keyed table (`beta` in `milestone.beta`).
    Entry(&'static [FieldSpec]),
    /// A key the schema does not describe: inside `[custom]`, or unknown.
    Free,
}

/// How a missing table on the way to the field is written.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// `estimate = { weeks = 6 }`.
    Inline,
    /// `[milestone.beta]`; an implicit table has no header of its own.
    Header { implicit: bool },
}

/// Applies `assignment` to `doc`, a record of `kind`. Returns the change, or
/// `None` when the document already says so (nothing to write). Errors are
/// one sentence about the field, for the caller to locate.
pub fn apply(
    doc: &mut DocumentMut,
    kind: Kind,
    assignment: &Assignment,
    today: Date,
) -> Result<Option<Change>, String> {
    let path = &assignment.path;
    let nodes = nodes(kind, path)?;
    let leaf = nodes[nodes.len() - 1];
    let field = assignment.field();
    let key = path[path.len() - 1].as_str();
    if let Op::Unset = assignment.op {
        return unset(doc, path, &nodes, &field).map(Some);
    }
    let leaf_type = match leaf {
        Node::Field(ty) => Some(ty),
        Node::Entry(_) => {
            return Err(format!(
                "`{field}` is a sub-table: set its fields one at a time, such as `{field}.{}=…`",
                leaf_example(leaf)
            ));
        }
        Node::Free => None,
    };
    let Some(parent) = navigate(doc, path, &nodes, true)? else {
        return Err(format!("`{field}` cannot be reached"));
    };
    match &assignment.op {
        Op::Set(text) => {
            let new = value::from_text(leaf_type, text, today)
                .map_err(|why| format!("`{field}` {why}"))?;
            set(parent, key, new, &field)
        }
        Op::Add(text) => {
            let is_ref = matches!(leaf_type, Some(FieldType::RefList(_)));
            add(
                parent,
                key,
                value::item_from_text(leaf_type, text),
                is_ref,
                &field,
            )
        }
        Op::Remove(text) => {
            let is_ref = matches!(leaf_type, Some(FieldType::RefList(_)));
            remove(
                parent,
                key,
                &value::item_from_text(leaf_type, text),
                is_ref,
                &field,
            )
            .map(Some)
        }
        Op::Unset => unreachable!("handled above"),
    }
}

/// A field name to show in an example, for a keyed entry.
fn leaf_example(node: Node) -> &'static str {
    match node {
        Node::Entry(specs) => specs.first().map_or("title", |s| s.name),
        _ => "title",
    }
}

/// Walks the schema along `path`.
fn nodes(kind: Kind, path: &[String]) -> Result<Vec<Node>, String> {
    let mut specs: Option<&'static [FieldSpec]> = Some(kind.fields());
    let mut keyed: Option<&'static [FieldSpec]> = None;
    let mut nodes = Vec::with_capacity(path.len());
    for (i, segment) in path.iter().enumerate() {
        let node = match (keyed.take(), specs) {
            (Some(sub), _) => Node::Entry(sub),
            (None, Some(specs)) => {
                schema::find(specs, segment).map_or(Node::Free, |spec| Node::Field(spec.ty))
            }
            (None, None) => Node::Free,
        };
        specs = None;
        let is_last = i + 1 == path.len();
        match node {
            Node::Field(FieldType::Table(sub)) | Node::Entry(sub) => specs = Some(sub),
            Node::Field(FieldType::Keyed(sub)) => keyed = Some(sub),
            Node::Field(FieldType::Custom) | Node::Free => {}
            Node::Field(ty) if !is_last => {
                return Err(format!(
                    "`{}` holds {}, not a table: write `{}=VALUE`",
                    path[..=i].join("."),
                    ty.describe(),
                    path[..=i].join(".")
                ));
            }
            Node::Field(_) => {}
        }
        nodes.push(node);
    }
    Ok(nodes)
}

/// How to write the table at `node` when it is missing.
fn shape(node: Node, parent_inline: bool, holds_the_field: bool) -> Shape {
    if parent_inline {
        return Shape::Inline;
    }
    match node {
        Node::Field(FieldType::Table(_)) => Shape::Inline,
        Node::Field(FieldType::Keyed(_)) => Shape::Header { implicit: true },
        Node::Entry(_) => Shape::Header { implicit: false },
        _ => Shape::Header {
            implicit: !holds_the_field,
        },
    }
}

/// The table that holds the field: a `[header]` table or an inline one.
enum Parent<'d> {
    Std(&'d mut Table),
    Inline(&'d mut InlineTable),
}

impl<'d> Parent<'d> {
    fn is_inline(&self) -> bool {
        matches!(self, Parent::Inline(_))
    }

    /// The sub-table `key`, made with `create` when missing (or `None`).
    fn child(
        self,
        key: &str,
        create: Option<Shape>,
        dotted: &str,
    ) -> Result<Option<Parent<'d>>, String> {
        let not_a_table = || format!("`{dotted}` is a value, not a table");
        match self {
            Parent::Std(table) => {
                if !table.contains_key(key) {
                    match create {
                        None => return Ok(None),
                        Some(Shape::Inline) => {
                            table.insert(key, Item::Value(Value::InlineTable(InlineTable::new())));
                        }
                        Some(Shape::Header { implicit }) => {
                            let mut new = Table::new();
                            new.set_implicit(implicit);
                            table.insert(key, Item::Table(new));
                        }
                    }
                }
                match table.get_mut(key) {
                    Some(Item::Table(inner)) => Ok(Some(Parent::Std(inner))),
                    Some(Item::Value(Value::InlineTable(inner))) => Ok(Some(Parent::Inline(inner))),
                    _ => Err(not_a_table()),
                }
            }
            Parent::Inline(table) => {
                if !table.contains_key(key) {
                    if create.is_none() {
                        return Ok(None);
                    }
                    insert_inline(table, key, Value::InlineTable(InlineTable::new()));
                }
                match table.get_mut(key) {
                    Some(Value::InlineTable(inner)) => Ok(Some(Parent::Inline(inner))),
                    _ => Err(not_a_table()),
                }
            }
        }
    }
}

/// The table holding the last key of `path`, creating missing tables when
/// `create` is set.
fn navigate<'d>(
    doc: &'d mut DocumentMut,
    path: &[String],
    nodes: &[Node],
    create: bool,
) -> Result<Option<Parent<'d>>, String> {
    let mut parent = Parent::Std(doc.as_table_mut());
    for i in 0..path.len() - 1 {
        let shape = create.then(|| shape(nodes[i], parent.is_inline(), i + 2 == path.len()));
        match parent.child(&path[i], shape, &path[..=i].join("."))? {
            Some(child) => parent = child,
            None => return Ok(None),
        }
    }
    Ok(Some(parent))
}

fn set(parent: Parent<'_>, key: &str, new: Value, field: &str) -> Result<Option<Change>, String> {
    let old = match parent {
        Parent::Std(table) => match table.get_mut(key) {
            Some(Item::Value(old)) => Some(old),
            Some(Item::None) | None => {
                let after = compact(&new);
                table.insert(key, Item::Value(new));
                return Ok(Some(Change {
                    field: field.to_owned(),
                    before: None,
                    after: Some(after),
                }));
            }
            Some(_) => {
                return Err(format!(
                    "`{field}` is a table: set its fields one at a time, such as `{field}.KEY=VALUE`"
                ));
            }
        },
        Parent::Inline(table) => match table.get_mut(key) {
            Some(old) => Some(old),
            None => {
                let after = compact(&new);
                insert_inline(table, key, new);
                return Ok(Some(Change {
                    field: field.to_owned(),
                    before: None,
                    after: Some(after),
                }));
            }
        },
    };
    let Some(old) = old else {
        return Ok(None);
    };
    if same(old, &new) {
        return Ok(None);
    }
    let before = compact(old);
    let after = compact(&new);
    replace(old, new);
    Ok(Some(Change {
        field: field.to_owned(),
        before: Some(before),
        after: Some(after),
    }))
}

/// Replaces a value in place, keeping the space before it and any trailing
/// comment, which toml_edit keeps on the value rather than the line.
fn replace(old: &mut Value, new: Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

/// Adds a key to an inline table so that `{ a = 1 }` becomes `{ a = 1, b = 2 }`:
/// the space before `}` sits on the last value, so it moves to the new one.
fn insert_inline(table: &mut InlineTable, key: &str, mut new: Value) {
    let closing = table
        .iter_mut()
        .last()
        .and_then(|(_, last)| {
            let suffix = raw(last.decor().suffix());
            let spacing = !suffix.is_empty() && suffix.trim().is_empty() && !suffix.contains('\n');
            spacing.then(|| {
                last.decor_mut().set_suffix("");
                suffix
            })
        })
        .unwrap_or_else(|| " ".to_owned());
    new.decor_mut().set_prefix(" ");
    new.decor_mut().set_suffix(closing);
    table.insert(key, new);
}

fn add(
    parent: Parent<'_>,
    key: &str,
    item: Value,
    is_ref: bool,
    field: &str,
) -> Result<Option<Change>, String> {
    let slot = match parent {
        Parent::Std(table) => match table.get_mut(key) {
            Some(Item::Value(value)) => Some(value),
            Some(Item::None) | None => {
                let mut array = Array::new();
                array.push(item);
                let new = Value::Array(array);
                let after = compact(&new);
                table.insert(key, Item::Value(new));
                return Ok(Some(Change {
                    field: field.to_owned(),
                    before: None,
                    after: Some(after),
                }));
            }
            Some(_) => None,
        },
        Parent::Inline(table) => match table.get_mut(key) {
            Some(value) => Some(value),
            None => {
                let mut array = Array::new();
                array.push(item);
                let new = Value::Array(array);
                let after = compact(&new);
                insert_inline(table, key, new);
                return Ok(Some(Change {
                    field: field.to_owned(),
                    before: None,
                    after: Some(after),
                }));
            }
        },
    };
    let Some(Value::Array(array)) = slot else {
        return Err(format!(
            "`{field}` is not a list: `+=` adds to lists such as tags; write `{field}=VALUE`"
        ));
    };
    if array
        .iter()
        .any(|existing| same_item(existing, &item, is_ref))
    {
        return Ok(None);
    }
    let before = compact_array(array);
    push(array, item);
    Ok(Some(Change {
        field: field.to_owned(),
        before: Some(before),
        after: Some(compact_array(array)),
    }))
}

/// Appends to an array in the array's own layout: `["a", "b", "c"]` on one
/// line, or one item per line with the same indentation.
fn push(array: &mut Array, mut item: Value) {
    let (prefix, closing) = match array.iter_mut().last() {
        None => (String::new(), String::new()),
        Some(last) => {
            let prefix = raw(last.decor().prefix());
            // Only the layout is copied: a comment above the last item is its own.
            let prefix = match prefix.rfind('\n') {
                Some(i) => prefix[i..].to_owned(),
                None => " ".to_owned(),
            };
            let suffix = raw(last.decor().suffix());
            let closing = if suffix.trim().is_empty() && !suffix.is_empty() {
                last.decor_mut().set_suffix("");
                suffix
            } else {
                String::new()
            };
            (prefix, closing)
        }
    };
    item.decor_mut().set_prefix(prefix);
    item.decor_mut().set_suffix(closing);
    array.push_formatted(item);
}

fn remove(
    parent: Parent<'_>,
    key: &str,
    item: &Value,
    is_ref: bool,
    field: &str,
) -> Result<Change, String> {
    let slot = match parent {
        Parent::Std(table) => table.get_mut(key).and_then(Item::as_value_mut),
        Parent::Inline(table) => table.get_mut(key),
    };
    let Some(slot) = slot else {
        return Err(format!("`{field}` is not set"));
    };
    let Value::Array(array) = slot else {
        return Err(format!(
            "`{field}` is not a list: `-=` takes items out of lists such as tags; use `unset` to remove a field"
        ));
    };
    let Some(index) = array
        .iter()
        .position(|existing| same_item(existing, item, is_ref))
    else {
        let held: Vec<String> = array.iter().map(compact).collect();
        return Err(format!(
            "`{field}` does not hold {}; it holds [{}]",
            compact(item),
            held.join(", ")
        ));
    };
    let before = compact_array(array);
    let removed_prefix = array
        .get(index)
        .map(|v| raw(v.decor().prefix()))
        .unwrap_or_default();
    let removed_suffix = array
        .get(index)
        .map(|v| raw(v.decor().suffix()))
        .unwrap_or_default();
    array.remove(index);
    // `["a", "b"]` minus "a" is `["b"]`, not `[ "b"]`; on separate lines each
    // item keeps its own line.
    if index == 0
        && !removed_prefix.contains('\n')
        && let Some(next) = array.get_mut(0)
    {
        next.decor_mut().set_prefix(removed_prefix);
    }
    if index == array.len()
        && removed_suffix.trim().is_empty()
        && !removed_suffix.is_empty()
        && let Some(last) = array.iter_mut().last()
    {
        last.decor_mut().set_suffix(removed_suffix);
    }
    Ok(Change {
        field: field.to_owned(),
        before: Some(before),
        after: Some(compact_array(array)),
    })
}

fn unset(
    doc: &mut DocumentMut,
    path: &[String],
    nodes: &[Node],
    field: &str,
) -> Result<Change, String> {
    let key = path[path.len() - 1].as_str();
    let not_set = || format!("`{field}` is not set");
    let Some(parent) = navigate(doc, path, nodes, false)? else {
        return Err(not_set());
    };
    // Comment lines above a removed key are the user's words: they stay, on
    // the next key of the table, or above the next header.
    let (before, orphan) = match parent {
        Parent::Std(table) => {
            let Some(item) = table.get(key) else {
                return Err(not_set());
            };
            let before = describe(item);
            let comment = if item.is_value() {
                table
                    .key(key)
                    .map(|k| raw(k.leaf_decor().prefix()))
                    .filter(|prefix| prefix.contains('#'))
            } else {
                None
            };
            let position = table.iter().position(|(k, _)| k == key).unwrap_or(0);
            let next_key = table
                .iter()
                .skip(position + 1)
                .find(|(_, item)| item.is_value())
                .map(|(k, _)| k.to_owned());
            let table_position = table.position();
            table.remove(key);
            let orphan = match (comment, next_key) {
                (Some(comment), Some(next)) => {
                    if let Some(mut next) = table.key_mut(&next) {
                        let prefix = raw(next.leaf_decor().prefix());
                        next.leaf_decor_mut()
                            .set_prefix(format!("{comment}{prefix}"));
                    }
                    None
                }
                (Some(comment), None) => Some((comment, table_position)),
                (None, _) => None,
            };
            (before, orphan)
        }
        Parent::Inline(table) => {
            let Some(value) = table.get(key) else {
                return Err(not_set());
            };
            let before = compact(value);
            let was_last = table.iter().last().is_some_and(|(k, _)| k == key);
            let suffix = raw(value.decor().suffix());
            table.remove(key);
            if was_last && let Some((_, last)) = table.iter_mut().last() {
                last.decor_mut().set_suffix(suffix);
            }
            (before, None)
        }
    };
    if let Some((comment, after)) = orphan {
        keep_comment(doc, &comment, after);
    }
    Ok(Change {
        field: field.to_owned(),
        before: Some(before),
        after: None,
    })
}

/// Puts a comment that lost its key above the next table header after the
/// table at `after`, or at the end of the file.
fn keep_comment(doc: &mut DocumentMut, comment: &str, after: Option<isize>) {
    fn headers(table: &Table, out: &mut Vec<isize>) {
        for (_, item) in table.iter() {
            if let Item::Table(inner) = item {
                if let (false, false, Some(position)) =
                    (inner.is_implicit(), inner.is_dotted(), inner.position())
                {
                    out.push(position);
                }
                headers(inner, out);
            }
        }
    }
    fn find(table: &mut Table, position: isize) -> Option<&mut Table> {
        for (_, item) in table.iter_mut() {
            if let Item::Table(inner) = item {
                if inner.position() == Some(position) && !inner.is_implicit() {
                    return Some(inner);
                }
                if let Some(found) = find(inner, position) {
                    return Some(found);
                }
            }
        }
        None
    }
    let mut positions = Vec::new();
    headers(doc.as_table(), &mut positions);
    let after = after.unwrap_or(isize::MIN);
    let next = positions.into_iter().filter(|p| *p > after).min();
    match next.and_then(|p| find(doc.as_table_mut(), p)) {
        Some(table) => {
            let prefix = raw(table.decor().prefix());
            table.decor_mut().set_prefix(format!("{comment}{prefix}"));
        }
        None => {
            let trailing = doc.trailing().as_str().unwrap_or("").to_owned();
            doc.set_trailing(format!("{comment}{trailing}"));
        }
    }
}

fn raw(text: Option<&RawString>) -> String {
    text.and_then(RawString::as_str).unwrap_or("").to_owned()
}

/// Whether two values are the same, whatever their quoting or layout.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|other| same(v, other)))
        }
        _ => false,
    }
}

/// Whether a list already holds `item`; references match by id, with or
/// without their `kind/` prefix.
fn same_item(existing: &Value, item: &Value, is_ref: bool) -> bool {
    match (is_ref, existing.as_str(), item.as_str()) {
        (true, Some(a), Some(b)) => Plan::bare_id(a) == Plan::bare_id(b),
        _ => same(existing, item),
    }
}

/// A value as short TOML on one line, for reports (and for the fuzz
/// target that compares them with the file).
pub fn compact(value: &Value) -> String {
    // A scalar is shown as its own text, without the spaces around it; only
    // arrays and tables are copied to be laid out afresh (an import
    // describes a thousand new titles and dates).
    let text = match value {
        Value::String(f) => f.display_repr(),
        Value::Integer(f) => f.display_repr(),
        Value::Float(f) => f.display_repr(),
        Value::Boolean(f) => f.display_repr(),
        Value::Datetime(f) => f.display_repr(),
        Value::Array(_) | Value::InlineTable(_) => {
            let mut value = value.clone();
            value.decor_mut().clear();
            if let Value::Array(array) = &mut value {
                array.fmt();
            }
            value.to_string().into()
        }
    };
    one_line(&text, 60)
}

/// `text` on one line, its runs of white space made one space, cut to
/// `limit` characters with an ellipsis when longer.
fn one_line(text: &str, limit: usize) -> String {
    let mut line = String::with_capacity(text.len().min(4 * limit));
    let mut chars = 0;
    'words: for word in text.split_whitespace() {
        if chars > 0 {
            line.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars > limit {
                break 'words;
            }
            line.push(c);
            chars += 1;
        }
    }
    if chars > limit {
        let cut = line
            .char_indices()
            .nth(limit - 1)
            .map_or(line.len(), |(at, _)| at);
        line.truncate(cut);
        line.push('…');
    }
    line
}

fn compact_array(array: &Array) -> String {
    compact(&Value::Array(array.clone()))
}

fn describe(item: &Item) -> String {
    match item {
        Item::Value(value) => compact(value),
        _ => "a table".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn edit(kind: Kind, text: &str, changes: &[&str]) -> String {
        let mut doc: DocumentMut = text.parse().unwrap();
        for change in changes {
            let assignment = match change.strip_prefix('!') {
                Some(field) => Assignment::unset(field).unwrap(),
                None => Assignment::parse(change).unwrap(),
            };
            apply(&mut doc, kind, &assignment, date(2026, 11, 27)).unwrap();
        }
        doc.to_string()
    }

    const INITIATIVE: &str = r#"# Search, rebuilt.
title = 'Search v2' # working title
status = "active"
estimate = { engineers = 3, weeks = 6 }
tags = ["search", "infra"]
links = [
    # the design
    "https://a.example",
]
# Dates
quarter = "2026-Q4"

# Milestones follow.
[milestone.beta]
title = "Beta"
done = false # not yet
"#;

    #[test]
    fn a_replaced_value_keeps_its_comment() {
        let out = edit(Kind::Initiative, INITIATIVE, &["title=Search v3"]);
        assert_eq!(
            out,
            INITIATIVE.replace("'Search v2' # working", "\"Search v3\" # working")
        );
    }

    #[test]
    fn values_are_typed_by_the_schema() {
        let out = edit(
            Kind::Initiative,
            INITIATIVE,
            &[
                "milestone.beta.done=true",
                "milestone.beta.due=2026-12-01",
                "shipped=today",
            ],
        );
        assert!(
            out.contains("done = true # not yet\ndue = 2026-12-01\n"),
            "{out}"
        );
        assert!(
            out.contains("quarter = \"2026-Q4\"\nshipped = 2026-11-27\n"),
            "{out}"
        );
    }

    #[test]
    fn lists_grow_and_shrink_in_their_layout() {
        let out = edit(
            Kind::Initiative,
            INITIATIVE,
            &["tags+=speed", "tags-=search", "links+=https://b.example"],
        );
        assert!(out.contains("tags = [\"infra\", \"speed\"]\n"), "{out}");
        assert!(
            out.contains(
                "    # the design\n    \"https://a.example\",\n    \"https://b.example\",\n]"
            ),
            "{out}"
        );
        // Adding what is there changes nothing.
        assert_eq!(
            edit(Kind::Initiative, INITIATIVE, &["tags+=infra"]),
            INITIATIVE
        );
    }

    #[test]
    fn sub_tables_are_made_in_the_right_shape() {
        let out = edit(
            Kind::Initiative,
            INITIATIVE,
            &[
                "estimate.confidence=0.5",
                "milestone.ga.title=GA",
                "owner=alice",
            ],
        );
        assert!(
            out.contains("estimate = { engineers = 3, weeks = 6, confidence = 0.5 }"),
            "{out}"
        );
        assert!(out.contains("\n[milestone.ga]\ntitle = \"GA\"\n"), "{out}");
        assert!(
            out.contains("quarter = \"2026-Q4\"\nowner = \"alice\"\n"),
            "{out}"
        );
        let fresh = edit(
            Kind::Initiative,
            "title = \"x\"\n",
            &["estimate.weeks=2", "custom.code=7"],
        );
        assert_eq!(
            fresh,
            "title = \"x\"\nestimate = { weeks = 2 }\n\n[custom]\ncode = 7\n"
        );
    }

    #[test]
    fn unset_keeps_the_comments_above() {
        let out = edit(Kind::Initiative, INITIATIVE, &["!quarter"]);
        assert!(
            out.contains("]\n# Dates\n\n# Milestones follow.\n[milestone.beta]"),
            "{out}"
        );
        let out = edit(
            Kind::Initiative,
            INITIATIVE,
            &["!milestone.beta.done", "!estimate.weeks"],
        );
        assert!(out.ends_with("title = \"Beta\"\n"), "{out}");
        assert!(out.contains("estimate = { engineers = 3 }\n"), "{out}");
        let out = edit(Kind::Initiative, INITIATIVE, &["!milestone"]);
        assert!(!out.contains("Beta"), "{out}");
    }

    #[test]
    fn shapes_that_cannot_be_written_are_refused() {
        let mut doc: DocumentMut = INITIATIVE.parse().unwrap();
        let today = date(2026, 11, 27);
        let mut fails = |change: &str| {
            let a = match change.strip_prefix('!') {
                Some(f) => Assignment::unset(f).unwrap(),
                None => Assignment::parse(change).unwrap(),
            };
            apply(&mut doc, Kind::Initiative, &a, today).unwrap_err()
        };
        assert!(fails("title.x=1").contains("not a table"));
        assert!(fails("milestone=1").contains("named sub-tables"));
        assert!(fails("milestone.beta=1").contains("sub-table"));
        assert!(fails("status+=x").contains("not a list"));
        assert!(fails("tags-=nope").contains("does not hold \"nope\""));
        assert!(fails("!summary").contains("not set"));
        assert_eq!(
            doc.to_string(),
            INITIATIVE,
            "a failed change leaves no trace"
        );
    }

    /// What `compact` showed before it stopped copying scalars: every
    /// value is shown the same way still.
    fn compact_by_copy(value: &Value) -> String {
        let mut value = value.clone();
        value.decor_mut().clear();
        if let Value::Array(array) = &mut value {
            array.fmt();
        }
        let text = value.to_string();
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() > 60 {
            let cut: String = one_line.chars().take(59).collect();
            format!("{cut}…")
        } else {
            one_line
        }
    }

    proptest::proptest! {
        #[test]
        fn compact_shows_values_as_a_copy_laid_out_afresh_would(
            text in "[a-zé \\t\\n\"'\\\\]{0,90}",
            number in proptest::num::i64::ANY,
        ) {
            let parsed: DocumentMut =
                format!("a = {:?}\nb = [ 1,  {number} ] # x\nc = {{ k = {:?} }}\nd = {number}\n", text, text)
                    .parse()
                    .unwrap();
            let values = [
                Value::from(text.as_str()),
                parsed["a"].as_value().unwrap().clone(),
                parsed["b"].as_value().unwrap().clone(),
                parsed["c"].as_value().unwrap().clone(),
                parsed["d"].as_value().unwrap().clone(),
                Value::from(number),
                Value::from(true),
                Value::from(2.5),
            ];
            for value in &values {
                proptest::prop_assert_eq!(compact(value), compact_by_copy(value));
            }
        }
    }
}
