//! Defects of real documents that have one sound reading, repaired before `openapiv3` sees them (it
//! would refuse the whole document), each with a located warning; strict mode turns the warnings
//! into errors. Lowering repairs what needs the schema's meaning (enum values of the wrong type,
//! an undeclared path parameter, an undefined required property).
//!
//! | defect | repair |
//! |---|---|
//! | `type: "null"`, `type: [T, "null"]` in 3.0 (a 3.1 spelling) | read as 3.1 reads it: `nullable: true` |
//! | `nullable`, `readOnly` or `writeOnly: true` beside a `$ref` in 3.0 (which ignores a `$ref`'s siblings) | read as 3.1 reads it: the reference, with its siblings |
//! | `pattern` that is not a string (`pattern: 0`) | ignored |
//! | a callback given as a string (a `$ref` without `$ref:`) | skipped (callbacks make no code) |
//!
//! Callbacks make no code, and `openapiv3` cannot read a callback given as a reference object
//! (which OpenAPI allows): every operation's `callbacks` are dropped before it reads them, the
//! malformed ones with a warning.
//!
//! Values under data keywords (`example`, `default`, `enum`, …) and extensions are data, not spec,
//! and are left alone.

use serde_json::{Map, Value};

use super::v31;
use crate::diagnostic::Trail;

use super::Repair;

/// Keywords whose values are data: nothing under them is repaired.
const DATA_KEYWORDS: &[&str] = &["default", "enum", "example", "examples", "value", "const"];

/// Repairs `document` in place; `v30`: it is an OpenAPI 3.0 document (a 3.1 one had its types
/// rewritten already).
pub fn repair(document: &mut Value, v30: bool) -> Vec<Repair> {
    let mut repairs = Vec::new();
    walk(document, &Trail::Start(""), v30, &mut repairs);
    repairs
}

fn walk(value: &mut Value, at: &Trail, v30: bool, repairs: &mut Vec<Repair>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") || !super::has_parts(child) {
                    continue;
                }
                walk(child, &at.key(key), v30, repairs);
            }
            repair_object(object, at, v30, repairs);
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate().filter(|(_, item)| super::has_parts(item)) {
                walk(item, &at.index(index), v30, repairs);
            }
        }
        _ => {}
    }
}

/// The repairs of one object (its children are repaired already).
fn repair_object(object: &mut Map<String, Value>, at: &Trail, v30: bool, repairs: &mut Vec<Repair>) {
    if v30 {
        let null_type = match object.get("type") {
            Some(Value::String(name)) => name == "null",
            Some(Value::Array(names)) => names.iter().all(Value::is_string),
            _ => false,
        };
        if null_type {
            let written = object.get("type").map(Value::to_string).unwrap_or_default();
            repairs.push(Repair {
                pointer: at.key("type").pointer(),
                message: format!("`type: {written}` is an OpenAPI 3.1 spelling; 3.0 writes one type name and `nullable: true`"),
                repair: Some("read as 3.1 reads it"),
                help: "write `type: T` with `nullable: true`".to_owned(),
            });
            v31::nullable_type(object);
        }
        // A flag beside a `$ref` changes what the values are, or where they travel.
        let flags: Vec<&str> = ["nullable", "readOnly", "writeOnly"].into_iter().filter(|flag| object.get(*flag) == Some(&Value::Bool(true))).collect();
        if !flags.is_empty() && object.contains_key("$ref") {
            for flag in flags {
                repairs.push(Repair {
                    pointer: at.key(flag).pointer(),
                    message: format!("`{flag}` beside `$ref`: OpenAPI 3.0 ignores a `$ref`'s siblings"),
                    repair: Some("read as 3.1 reads it: the reference, with its siblings"),
                    help: format!("write `allOf: [{{$ref: …}}]` with `{flag}: true`"),
                });
            }
            v31::ref_with_siblings(object);
        }
        for keyword in ["anyOf", "oneOf"] {
            let has_null = object.get(keyword).and_then(Value::as_array).is_some_and(|branches| branches.iter().any(v31::is_null_schema));
            if has_null {
                repairs.push(Repair {
                    pointer: at.key(keyword).pointer(),
                    message: format!("an `{keyword}` branch that only allows `null` is an OpenAPI 3.1 spelling"),
                    repair: Some("read as `nullable: true`"),
                    help: "in 3.0 write `nullable: true` on the schema".to_owned(),
                });
                v31::nullable_branches(object, keyword);
            }
        }
    }
    if let Some(pattern) = object.get("pattern").filter(|p| !p.is_string() && !p.is_object()) {
        repairs.push(Repair {
            pointer: at.key("pattern").pointer(),
            message: format!("`pattern` must be a string (a regular expression), not `{pattern}`"),
            repair: Some("ignored"),
            help: "quote the pattern, e.g. `pattern: '^[0-9]+$'`".to_owned(),
        });
        object.remove("pattern");
    }
    // Only an operation or the components (both have `responses`) have callbacks; elsewhere
    // `callbacks` may name a property.
    if !object.contains_key("responses") {
        return;
    }
    let Some(callbacks) = object.remove("callbacks") else { return };
    let callbacks_at = at.key("callbacks");
    for (name, callback) in callbacks.as_object().into_iter().flatten() {
        let callback_at = callbacks_at.key(name);
        match callback {
            Value::Object(expressions) if !expressions.contains_key("$ref") => {
                for (expression, _) in expressions.iter().filter(|(_, item)| item.is_string()) {
                    let message = format!("the callback `{name}` maps `{expression}` to a string, not a path item");
                    repairs.push(skipped(callback_at.key(expression).pointer(), message));
                }
            }
            Value::Object(_) => {}
            _ => repairs.push(skipped(callback_at.pointer(), format!("the callback `{name}` is a string, not a callback object"))),
        }
    }
}

/// A malformed callback, skipped.
fn skipped(pointer: String, message: String) -> Repair {
    Repair {
        pointer,
        message,
        repair: Some("skipped (callbacks make no code)"),
        help: "write a reference as `{$ref: '#/components/callbacks/…'}`".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn repairs_what_has_one_reading_and_says_where() {
        let mut document = json!({
            "paths": {"/a": {"get": {
                "callbacks": {"hook": "#/components/callbacks/hook", "other": {"{$url}": "#/x", "{$ok}": {}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "anyOf": [{"type": "string", "pattern": 0}, {"type": "null"}],
                    "example": {"type": "null", "pattern": 1}
                }}}}}
            }}}
        });
        let repairs = super::repair(&mut document, true);
        let pointers: Vec<&str> = repairs.iter().map(|repair| repair.pointer.as_str()).collect();
        let schema = "/paths/~1a/get/responses/200/content/application~1json/schema";
        assert_eq!(
            pointers,
            [
                format!("{schema}/anyOf/0/pattern").as_str(),
                &format!("{schema}/anyOf/1/type"),
                &format!("{schema}/anyOf"),
                "/paths/~1a/get/callbacks/hook",
                "/paths/~1a/get/callbacks/other/{$url}",
            ]
        );
        assert_eq!(
            document.pointer(schema).unwrap(),
            &json!({"allOf": [{"type": "string"}], "nullable": true, "example": {"type": "null", "pattern": 1}})
        );
        assert_eq!(document.pointer("/paths/~1a/get/callbacks"), None, "callbacks make no code: all are dropped");
    }

    #[test]
    fn flags_beside_a_reference_apply_to_it() {
        let mut document = json!({"properties": {
            "owner": {"$ref": "#/components/schemas/User", "readOnly": true, "description": "who"},
            "secret": {"$ref": "#/components/schemas/Key", "writeOnly": true, "nullable": true},
            "plain": {"$ref": "#/components/schemas/Key", "readOnly": false}
        }});
        let repairs = super::repair(&mut document, true);
        let pointers: Vec<&str> = repairs.iter().map(|repair| repair.pointer.as_str()).collect();
        assert_eq!(pointers, ["/properties/owner/readOnly", "/properties/secret/nullable", "/properties/secret/writeOnly"]);
        assert_eq!(
            document["properties"]["owner"],
            json!({"allOf": [{"$ref": "#/components/schemas/User"}], "readOnly": true, "description": "who"})
        );
        assert_eq!(document["properties"]["plain"]["$ref"], "#/components/schemas/Key");
        let mut v31 = json!({"properties": {"owner": {"$ref": "#/components/schemas/User", "readOnly": true}}});
        assert!(super::repair(&mut v31, false).is_empty(), "3.1 applies siblings itself");
    }

    #[test]
    fn a_property_named_callbacks_is_a_property() {
        let mut document = json!({"properties": {"callbacks": {"type": "string", "description": "urls"}}});
        assert!(super::repair(&mut document, true).is_empty());
        assert_eq!(document["properties"]["callbacks"]["type"], "string");
    }

    #[test]
    fn a_3_1_document_keeps_its_types() {
        let mut document = json!({"components": {"schemas": {"A": {"type": ["string", "null"]}}}});
        assert!(super::repair(&mut document, false).is_empty());
    }
}
