//! JSON Schema (draft-07) for each kind, generated from the field schema, so
//! editors with taplo / Even Better TOML validate and complete as you type.
//!
//! The schema tables in `model` are the single source; this module only
//! translates them and writes nothing.

use serde_json::{Map, Value, json};

use crate::model::schema::{FieldSpec, FieldType};
use crate::model::{Kind, config};

const ID_PATTERN: &str = "[a-z0-9][a-z0-9-]{0,63}";

/// The schema of one kind of record.
pub fn for_kind(kind: Kind) -> Value {
    let mut schema = object(kind.fields());
    let map = schema.as_object_mut().expect("object() builds an object");
    map.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    map.insert("title".into(), json!(format!("cto-plan {kind}")));
    map.insert(
        "description".into(),
        json!(format!(
            "One {kind} record, a file in {}/. See docs/format.md.",
            kind.folder()
        )),
    );
    schema
}

/// The schema of `cto-plan.toml`.
pub fn for_config() -> Value {
    let mut schema = object(config::fields());
    let map = schema.as_object_mut().expect("object() builds an object");
    map.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    map.insert("title".into(), json!("cto-plan settings"));
    schema
}

fn object(fields: &[FieldSpec]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.to_owned(), property(f)))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

fn property(field: &FieldSpec) -> Value {
    let mut value = of_type(&field.ty);
    if let Some(map) = value.as_object_mut() {
        map.insert("description".into(), json!(field.doc));
    }
    value
}

fn reference(kind: Kind) -> Value {
    json!({ "type": "string", "pattern": format!("^({kind}/)?{ID_PATTERN}$") })
}

fn of_type(ty: &FieldType) -> Value {
    match ty {
        FieldType::Text | FieldType::Prose => json!({ "type": "string" }),
        FieldType::Date => json!({ "type": "string", "format": "date" }),
        FieldType::Quarter => json!({ "type": "string", "pattern": "^[0-9]{4}-Q[1-4]$" }),
        FieldType::Integer { min, max } => {
            json!({ "type": "integer", "minimum": min, "maximum": max })
        }
        FieldType::Number { min, max } => {
            let mut schema = json!({ "type": "number" });
            if let Some(min) = min {
                schema["minimum"] = json!(min);
            }
            if let Some(max) = max {
                schema["maximum"] = json!(max);
            }
            schema
        }
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::Enum(words) => json!({ "type": "string", "enum": words }),
        // The plan may choose its own words, so the schema can only suggest.
        FieldType::Choice { default, .. } => {
            json!({ "type": "string", "examples": default })
        }
        FieldType::Currency => json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
        FieldType::Ref(kind) => reference(*kind),
        FieldType::RefList(kind) => json!({ "type": "array", "items": reference(*kind) }),
        FieldType::TextList => json!({ "type": "array", "items": { "type": "string" } }),
        FieldType::Table(fields) => object(fields),
        FieldType::Keyed(fields) => json!({
            "type": "object",
            "propertyNames": { "pattern": format!("^{ID_PATTERN}$") },
            "additionalProperties": object(fields),
        }),
        FieldType::Custom => json!({ "type": "object" }),
    }
}

/// The file name a kind's schema is written to.
pub fn file_name(kind: Kind) -> String {
    format!("{kind}.schema.json")
}

/// Pretty JSON with a final newline.
pub fn to_pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_and_enums_are_listed() {
        let schema = for_kind(Kind::Initiative);
        assert_eq!(schema["required"], json!(["title", "status"]));
        assert_eq!(schema["properties"]["status"]["enum"][4], json!("shipped"));
        assert_eq!(
            schema["properties"]["milestone"]["additionalProperties"]["required"],
            json!(["title"])
        );
        assert_eq!(schema["additionalProperties"], json!(false));
    }
}
