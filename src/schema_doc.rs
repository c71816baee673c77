//! The generated blocks of the docs: the per-kind field tables of
//! `docs/format.md`, from the kind specs, and each rule's severity, What it
//! checks, Why and Fix in `docs/rules.md`, from the rule (the text SARIF
//! shows too), so that the documentation cannot drift from either.
//!
//! The docs mark each generated block with `<!-- generated: fields KIND -->`
//! or `<!-- generated: rule CODE -->`, and `<!-- end generated -->`;
//! [`update`] rewrites what lies between, and tests fail when a file on disk
//! differs. Prose around the blocks (examples, notes on rules) stays
//! hand-written. This module only formats text; it reads and writes no file.

use crate::model::schema::{FieldSpec, FieldType};
use crate::model::spec::Requirement;
use crate::model::{Kind, KindSpec};
use crate::text::number;
use crate::validate::rules;

const BEGIN: &str = "<!-- generated: ";
const END: &str = "<!-- end generated -->";

/// The block for one kind: what it is, where it lives, and its field tables.
pub fn kind_block(kind: Kind) -> String {
    let spec = kind.spec();
    let mut out = format!("{} Its files live in `{}/`.\n\n", spec.doc, spec.folder);
    out.push_str(&table(spec, spec.fields, true));
    for field in spec.fields {
        match field.ty {
            FieldType::Table(sub) => {
                out.push_str(&format!("\n`{}`:\n\n", field.name));
                out.push_str(&table(spec, sub, false));
            }
            FieldType::Keyed(sub) => {
                out.push_str(&format!("\n`[{}.KEY]`:\n\n", field.name));
                out.push_str(&table(spec, sub, false));
            }
            _ => {}
        }
    }
    if let Some((name, settings)) = spec.settings {
        out.push_str(&format!(
            "\nSettings, in the `[{name}]` table of `cto-plan.toml`:\n\n"
        ));
        out.push_str(&table(spec, settings, false));
    }
    out
}

/// Replaces every generated block of `doc` with the current one. Errors name
/// a marker that is unclosed or a kind that does not exist.
pub fn update(doc: &str) -> Result<String, String> {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    while let Some(start) = rest.find(BEGIN) {
        let after_marker = &rest[start + BEGIN.len()..];
        let (name, after_name) = after_marker
            .split_once(" -->")
            .ok_or_else(|| "a generated-block marker is not closed with `-->`".to_owned())?;
        let name = name.trim();
        let block = match name.split_once(' ') {
            Some(("fields", kind)) => kind_block(kind.parse()?),
            Some(("rule", code)) => rules::by_code(code)
                .ok_or_else(|| format!("there is no rule `{code}`"))?
                .doc_block(),
            _ => return Err(format!("unknown generated block `{name}`")),
        };
        let end = after_name
            .find(END)
            .ok_or_else(|| format!("the generated block `{name}` has no `{END}`"))?;
        out.push_str(&rest[..start]);
        out.push_str(&format!("{BEGIN}{name} -->\n"));
        out.push_str(&block);
        out.push_str(END);
        rest = &after_name[end + END.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

fn table(spec: &KindSpec, fields: &[FieldSpec], top: bool) -> String {
    let mut out = String::from("| Field | Type | Required | Meaning |\n|---|---|---|---|\n");
    for field in fields {
        let required = if top {
            required(spec, field)
        } else if field.required {
            "yes".to_owned()
        } else {
            "no".to_owned()
        };
        out.push_str(&format!(
            "| `{}` | {} | {required} | {} |\n",
            field.name,
            type_name(spec, field.ty),
            meaning(spec, field, top)
        ));
    }
    out
}

fn type_name(spec: &KindSpec, ty: FieldType) -> String {
    let words = |words: &[&str]| {
        words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match ty {
        FieldType::Text => "text".into(),
        FieldType::Prose => "prose".into(),
        FieldType::Date => "date".into(),
        FieldType::Quarter => "quarter".into(),
        FieldType::Integer { min, max } => format!("integer {min}–{max}"),
        FieldType::Number {
            min: Some(min),
            max: Some(max),
        } => format!("number {}–{}", number(min), number(max)),
        FieldType::Number {
            min: Some(min),
            max: None,
        } => format!("number ≥ {}", number(min)),
        FieldType::Number {
            min: None,
            max: Some(max),
        } => format!("number ≤ {}", number(max)),
        FieldType::Number {
            min: None,
            max: None,
        } => "number".into(),
        FieldType::Bool => "bool".into(),
        FieldType::Enum(list) => format!("one of {}", words(list)),
        FieldType::Choice { setting, default } => {
            let table = spec.settings.map_or("", |(name, _)| name);
            format!(
                "one of {} (the plan may name its own in `{table}.{setting}`)",
                words(default)
            )
        }
        FieldType::Currency => "currency".into(),
        FieldType::Ref(kind) => format!("→ {kind}"),
        FieldType::RefList(kind) => format!("list of → {kind}"),
        FieldType::TextList => "list of text".into(),
        FieldType::Table(_) | FieldType::Custom => "table".into(),
        FieldType::Keyed(_) => "keyed tables".into(),
    }
}

/// "yes", "no", or the values of another field that require it.
fn required(spec: &KindSpec, field: &FieldSpec) -> String {
    if field.required {
        return "yes".into();
    }
    let conditions: Vec<String> = spec
        .requires
        .iter()
        .filter(|r| r.field == field.name)
        .map(|r| condition(spec, r))
        .collect();
    if conditions.is_empty() {
        "no".into()
    } else {
        conditions.join("; ")
    }
}

fn condition(spec: &KindSpec, requirement: &Requirement) -> String {
    let values: Vec<String> = requirement
        .values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect();
    let values = match values.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => values.join(""),
    };
    let word = if requirement.unless { "unless" } else { "when" };
    let mut text = format!("{word} `{}` is {values}", requirement.when);
    let mut notes = Vec::new();
    if let Some(rule) = requirement.rule {
        notes.push(format!(
            "else a [`{}`](rules.md#{}) {}",
            rule.code,
            rule.code,
            rule.severity.name()
        ));
    }
    if let (Some(setting), Some((table, _))) = (requirement.setting, spec.settings) {
        notes.push(format!(
            "the plan may choose the values in `{table}.{setting}`"
        ));
    }
    if !notes.is_empty() {
        text.push_str(&format!(" ({})", notes.join("; ")));
    }
    text
}

/// The field's own line, plus what the spec adds: order and cycles.
fn meaning(spec: &KindSpec, field: &FieldSpec, top: bool) -> String {
    let mut text = field.doc.trim_end_matches('.').to_owned();
    if top {
        for &(earlier, later) in spec.date_order {
            if later == field.name {
                text.push_str(&format!("; not before `{earlier}`"));
            }
        }
        if spec.graphs.iter().any(|g| g.field == field.name) {
            text.push_str("; must not form a cycle");
        }
        if matches!(field.ty, FieldType::Table(_) | FieldType::Keyed(_)) {
            text.push_str(", see below");
        }
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/format.md's field tables are the specs'; this keeps them so.
    /// Run with `CTO_PLAN_BLESS=1` to rewrite the file, then review the diff.
    #[test]
    fn docs_format_md_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md");
        let current = std::fs::read_to_string(&path).expect("docs/format.md is readable");
        let generated = update(&current).expect("the markers are well formed");
        if std::env::var_os("CTO_PLAN_BLESS").is_some() {
            std::fs::write(&path, &generated).expect("docs/format.md is writable");
            return;
        }
        for &kind in Kind::ALL {
            assert!(
                current.contains(&format!("{BEGIN}fields {} -->", kind.name())),
                "docs/format.md has no generated block for {kind}"
            );
        }
        if current != generated {
            let diff = similar::TextDiff::from_lines(&current, &generated)
                .unified_diff()
                .header("docs/format.md", "generated")
                .to_string();
            panic!(
                "docs/format.md is out of date with the kind specs; rerun with CTO_PLAN_BLESS=1 \
                 to regenerate it, then review:\n{diff}"
            );
        }
    }

    #[test]
    fn unclosed_markers_are_errors() {
        assert!(update("<!-- generated: fields initiative -->\nno end").is_err());
        assert!(update("<!-- generated: fields widget -->\n<!-- end generated -->").is_err());
        assert!(update("<!-- generated: rule no-such-rule -->\n<!-- end generated -->").is_err());
        assert!(update("<!-- generated: widgets -->\n<!-- end generated -->").is_err());
        assert_eq!(update("plain text").unwrap(), "plain text");
    }
}
