//! OpenAPI 3.1 input: rewrites a 3.1 document (JSON Schema 2020-12 schemas) into the 3.0 shape the
//! rest of the pipeline reads, so lowering, emitters, validators and the client have no 3.1 cases.
//! Every 3.1 spelling maps onto one 3.0 meaning:
//!
//! | 3.1 | becomes |
//! |---|---|
//! | `type: [T, "null"]`, `type: "null"`, `enum: [.., null]`, `anyOf`/`oneOf` with `{type: "null"}` | `nullable: true` |
//! | `type: [A, B]` | `anyOf: [{type: A}, {type: B}]` |
//! | `const: x` | `enum: [x]` |
//! | `examples: [a, ..]` (schema) | `example: a` |
//! | `exclusiveMinimum: n` / `exclusiveMaximum: n` | `minimum: n, exclusiveMinimum: true` / … |
//! | `$ref` with siblings (`description`, …) | `allOf: [{$ref}]` with the siblings |
//! | `contentEncoding: base64` / `contentMediaType` | `format: byte` / `format: binary` |
//! | `unevaluatedProperties: false` | `additionalProperties: false` |
//! | `dependentRequired` | `x-dependent-required` (a rule the validators enforce) |
//! | `prefixItems`, `if`/`then`/`else` | dropped, with an `x-generator-note` saying so (documented fallback) |
//! | `webhooks` | their inline payload schemas become `components/schemas` (models) |
//!
//! `$defs` need nothing: `$ref`s are resolved by JSON pointer. Schemas are found by position
//! (components, parameters, media types, sub-schema keywords), never by guessing, so a property
//! named `const` or `type` is left alone.

use serde_json::{Map, Value};

use crate::diagnostic::push_pointer;

/// The JSON Schema dialect OpenAPI 3.1 uses by default, the only one read.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Whether a document's `openapi` version is 3.1.x.
pub fn is_v31(value: &Value) -> bool {
    value.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1."))
}

/// A problem that stops normalization: (JSON pointer without `#`, message, help).
pub type Problem = (String, String, String);

/// Rewrites a 3.1 root document in place into 3.0 form (`openapi: 3.0.3`).
pub fn normalize_document(document: &mut Value) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    check_dialect(document, &mut problems);
    let Some(root) = document.as_object_mut() else { return Ok(()) };
    root.insert("openapi".to_owned(), Value::from("3.0.3"));
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    let mut hoisted = Map::new();
    if let Some(webhooks) = root.remove("webhooks") {
        hoist_webhook_schemas(webhooks, &mut hoisted);
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        paths.values_mut().for_each(normalize_path_item);
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        normalize_components(components);
        if !hoisted.is_empty() {
            let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(schemas) = schemas {
                for (name, schema) in hoisted {
                    let name = unique_key(schemas, &name);
                    schemas.insert(name, schema);
                }
            }
        }
    } else if !hoisted.is_empty() {
        let mut components = Map::new();
        components.insert("schemas".to_owned(), Value::Object(hoisted));
        root.insert("components".to_owned(), Value::Object(components));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Rewrites a file a 3.1 document references: a whole document, one schema, or a map of schemas.
pub fn normalize_fragment(value: &mut Value) {
    let Some(object) = value.as_object_mut() else { return };
    if object.contains_key("paths") || object.contains_key("components") || object.contains_key("openapi") {
        if let Some(Value::Object(paths)) = object.get_mut("paths") {
            paths.values_mut().for_each(normalize_path_item);
        }
        if let Some(Value::Object(components)) = object.get_mut("components") {
            normalize_components(components);
        }
    } else if looks_like_schema(object) {
        normalize_schema(value);
    } else {
        object.values_mut().for_each(normalize_schema);
    }
}

fn looks_like_schema(object: &Map<String, Value>) -> bool {
    const KEYWORDS: &[&str] = &["type", "properties", "items", "$ref", "allOf", "anyOf", "oneOf", "enum", "const", "format"];
    KEYWORDS.iter().any(|k| object.contains_key(*k))
}

fn check_dialect(document: &Value, problems: &mut Vec<Problem>) {
    if let Some(dialect) = document.get("jsonSchemaDialect") {
        if dialect.as_str() != Some(DEFAULT_DIALECT) {
            problems.push((
                "/jsonSchemaDialect".to_owned(),
                format!("JSON Schema dialect {dialect} is not supported"),
                format!("remove `jsonSchemaDialect` or set it to `{DEFAULT_DIALECT}`"),
            ));
        }
    }
    if let Some(Value::Object(schemas)) = document.pointer("/components/schemas") {
        for (name, schema) in schemas {
            match schema.get("$schema").and_then(Value::as_str) {
                None | Some(DRAFT_2020_12 | DEFAULT_DIALECT) => {}
                Some(other) => problems.push((
                    push_pointer(&push_pointer("/components/schemas", name), "$schema"),
                    format!("schema dialect `{other}` is not supported"),
                    format!("remove `$schema` or use `{DRAFT_2020_12}`"),
                )),
            }
        }
    }
}

fn normalize_components(components: &mut Map<String, Value>) {
    if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
        schemas.values_mut().for_each(normalize_schema);
    }
    for kind in ["parameters", "headers"] {
        if let Some(Value::Object(items)) = components.get_mut(kind) {
            items.values_mut().for_each(normalize_parameter);
        }
    }
    for kind in ["requestBodies", "responses"] {
        if let Some(Value::Object(items)) = components.get_mut(kind) {
            items.values_mut().for_each(normalize_with_content);
        }
    }
    for kind in ["pathItems", "callbacks"] {
        if let Some(Value::Object(items)) = components.get_mut(kind) {
            for item in items.values_mut() {
                if kind == "callbacks" {
                    if let Value::Object(expressions) = item {
                        expressions.values_mut().for_each(normalize_path_item);
                    }
                } else {
                    normalize_path_item(item);
                }
            }
        }
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn normalize_path_item(item: &mut Value) {
    let Some(item) = item.as_object_mut() else { return };
    if let Some(Value::Array(parameters)) = item.get_mut("parameters") {
        parameters.iter_mut().for_each(normalize_parameter);
    }
    for method in METHODS {
        let Some(Value::Object(operation)) = item.get_mut(*method) else { continue };
        if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
            parameters.iter_mut().for_each(normalize_parameter);
        }
        if let Some(body) = operation.get_mut("requestBody") {
            normalize_with_content(body);
        }
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            responses.values_mut().for_each(normalize_with_content);
        }
        if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
            for callback in callbacks.values_mut() {
                if let Value::Object(expressions) = callback {
                    expressions.values_mut().for_each(normalize_path_item);
                }
            }
        }
    }
}

/// A parameter or header: a `schema`, or `content`.
fn normalize_parameter(parameter: &mut Value) {
    if let Some(schema) = parameter.get_mut("schema") {
        normalize_schema(schema);
    }
    normalize_content(parameter);
}

/// A request body or response: `content` (and a response's `headers`).
fn normalize_with_content(object: &mut Value) {
    normalize_content(object);
    if let Some(Value::Object(headers)) = object.get_mut("headers") {
        headers.values_mut().for_each(normalize_parameter);
    }
}

fn normalize_content(object: &mut Value) {
    if let Some(Value::Object(content)) = object.get_mut("content") {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                normalize_schema(schema);
            }
        }
    }
}

/// Rewrites one schema and every schema inside it.
pub fn normalize_schema(schema: &mut Value) {
    // Boolean schemas: `true` accepts anything, `false` nothing.
    if let Value::Bool(accepts) = *schema {
        *schema = if accepts { Value::Object(Map::new()) } else { serde_json::json!({"not": {}}) };
        return;
    }
    let Value::Object(object) = schema else { return };
    for key in ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] {
        if let Some(Value::Object(children)) = object.get_mut(key) {
            children.values_mut().for_each(normalize_schema);
        }
    }
    for key in ["items", "additionalProperties", "not", "contains", "propertyNames", "unevaluatedItems"] {
        match object.get_mut(key) {
            // 3.0 has `additionalProperties: true/false` too.
            Some(Value::Bool(_)) if key == "additionalProperties" => {}
            Some(child) => normalize_schema(child),
            None => {}
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(children)) = object.get_mut(key) {
            children.iter_mut().for_each(normalize_schema);
        }
    }
    rewrite(object);
}

/// The keyword rewrites of one schema object (its children are already rewritten).
fn rewrite(object: &mut Map<String, Value>) {
    nullable_type(object);
    nullable_enum(object);
    nullable_branches(object, "anyOf");
    nullable_branches(object, "oneOf");
    if let Some(value) = object.remove("const") {
        if !object.contains_key("type") {
            if let Some(typ) = json_type(&value) {
                object.insert("type".to_owned(), Value::from(typ));
            }
        }
        object.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(mut examples)) = object.remove("examples") {
        if !examples.is_empty() {
            object.entry("example").or_insert_with(|| examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(limit)) = object.get(exclusive).cloned() {
            object.insert(bound.to_owned(), Value::Number(limit));
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    match object.remove("contentEncoding").as_ref().and_then(Value::as_str) {
        Some("base64" | "base64url") => {
            object.entry("format").or_insert_with(|| Value::from("byte"));
        }
        _ if object.remove("contentMediaType").is_some() => {
            object.entry("format").or_insert_with(|| Value::from("binary"));
        }
        _ => {}
    }
    if object.get("unevaluatedProperties") == Some(&Value::Bool(false)) {
        object.entry("additionalProperties").or_insert(Value::Bool(false));
    }
    object.remove("unevaluatedProperties");
    if let Some(dependent) = object.remove("dependentRequired") {
        object.insert("x-dependent-required".to_owned(), dependent);
    }
    let mut notes = Vec::new();
    if object.remove("prefixItems").is_some() {
        notes.push("`prefixItems` (a tuple) has no Rust type here; its items are read as any JSON value");
        object.insert("items".to_owned(), Value::Object(Map::new()));
    }
    let conditional = ["if", "then", "else"].map(|k| object.remove(k).is_some());
    if conditional.iter().any(|&present| present) {
        notes.push("`if`/`then`/`else` is not enforced: JSON Schema conditionals have no Rust type");
    }
    if !notes.is_empty() {
        object.insert("x-generator-note".to_owned(), Value::from(notes.join(" ")));
    }
    object.remove("$schema");
    object.remove("$id");
    object.remove("$anchor");
    object.remove("$comment");
    ref_with_siblings(object);
}

/// The JSON Schema type of a `const` value, so `const: meter` reads as a string enum.
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → `anyOf`.
pub(super) fn nullable_type(object: &mut Map<String, Value>) {
    let types: Vec<String> = match object.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(single)) if single == "null" => vec![single.clone()],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let others: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    object.remove("type");
    match others.as_slice() {
        [] => {}
        [single] => {
            object.insert("type".to_owned(), Value::from(single.clone()));
        }
        several => {
            let branches = several.iter().map(|t| Value::Object(Map::from_iter([("type".to_owned(), Value::from(t.clone()))]))).collect();
            object.insert("anyOf".to_owned(), Value::Array(branches));
        }
    }
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// `enum: [.., null]` → the values without `null`, and `nullable: true`.
fn nullable_enum(object: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = object.get_mut("enum") else { return };
    let before = values.len();
    values.retain(|v| !v.is_null());
    if values.len() != before {
        if values.is_empty() {
            object.remove("enum");
        }
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// `anyOf: [X, {type: null}]` → `allOf: [X]` (or the remaining branches) and `nullable: true`.
pub(super) fn nullable_branches(object: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(branches)) = object.get_mut(keyword) else { return };
    let before = branches.len();
    // Branches are rewritten already: `{type: "null"}` is now `{nullable: true}`.
    branches.retain(|b| !is_null_schema(b));
    if branches.len() == before {
        return;
    }
    if branches.len() == 1 {
        let only = branches.pop().unwrap_or_default();
        object.remove(keyword);
        // Beside an `allOf` of its own, the branch joins its parts.
        match object.get_mut("allOf") {
            Some(Value::Array(parts)) => parts.push(only),
            _ => {
                object.insert("allOf".to_owned(), Value::Array(vec![only]));
            }
        }
    } else if branches.is_empty() {
        object.remove(keyword);
    }
    object.insert("nullable".to_owned(), Value::Bool(true));
}

pub(super) fn is_null_schema(schema: &Value) -> bool {
    // Annotations beside it (`{type: 'null', description: …}`) say nothing of the values.
    let annotation = |key: &str| matches!(key, "description" | "title" | "$comment" | "deprecated" | "example" | "examples") || key.starts_with("x-");
    match schema.as_object() {
        Some(object) => object.get("nullable") == Some(&Value::Bool(true)) && object.keys().all(|key| key == "nullable" || annotation(key)),
        None => false,
    }
}

/// `{$ref, description, nullable, …}` → `{allOf: [{$ref}], description, nullable, …}`: 3.0
/// ignores a `$ref`'s siblings, 3.1 applies them.
pub(super) fn ref_with_siblings(object: &mut Map<String, Value>) {
    if object.len() < 2 || !object.contains_key("$ref") {
        return;
    }
    let Some(reference) = object.remove("$ref") else { return };
    let target = Value::Object(Map::from_iter([("$ref".to_owned(), reference)]));
    match object.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.insert(0, target),
        _ => {
            object.insert("allOf".to_owned(), Value::Array(vec![target]));
        }
    }
}

/// Inline payload schemas of webhook operations become named schemas (`{Webhook}{Method}Body`).
fn hoist_webhook_schemas(webhooks: Value, hoisted: &mut Map<String, Value>) {
    let Value::Object(webhooks) = webhooks else { return };
    for (name, mut item) in webhooks {
        normalize_path_item(&mut item);
        for method in METHODS {
            let Some(schema) = item.pointer(&format!("/{method}/requestBody/content")).and_then(Value::as_object).and_then(|c| {
                c.values().find_map(|media| media.get("schema").cloned())
            }) else {
                continue;
            };
            if schema.get("$ref").is_some() && schema.as_object().is_some_and(|o| o.len() == 1) {
                continue;
            }
            hoisted.insert(format!("{name}-{method}-body"), schema);
        }
    }
}

fn unique_key(map: &Map<String, Value>, name: &str) -> String {
    if !map.contains_key(name) {
        return name.to_owned();
    }
    (2..).map(|n| format!("{name}{n}")).find(|candidate| !map.contains_key(candidate)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(mut value: Value) -> Value {
        normalize_schema(&mut value);
        value
    }

    #[test]
    fn every_nullability_spelling_becomes_nullable() {
        let expected = json!({"type": "string", "nullable": true});
        assert_eq!(schema(json!({"type": ["string", "null"]})), expected);
        assert_eq!(schema(json!({"type": "string", "enum": ["a", null]})), json!({"type": "string", "enum": ["a"], "nullable": true}));
        assert_eq!(
            schema(json!({"anyOf": [{"type": "string"}, {"type": "null"}]})),
            json!({"allOf": [{"type": "string"}], "nullable": true})
        );
        assert_eq!(
            schema(json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
        assert_eq!(schema(json!({"type": "null"})), json!({"nullable": true}));
        assert_eq!(
            schema(json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null", "description": "none yet"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true}),
            "an annotated null branch"
        );
        assert_eq!(
            schema(json!({"allOf": [{"$ref": "#/components/schemas/B"}], "anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/B"}, {"$ref": "#/components/schemas/A"}], "nullable": true}),
            "beside an allOf, the branch joins it"
        );
    }

    #[test]
    fn keywords_map_to_their_3_0_forms() {
        assert_eq!(schema(json!({"const": 3})), json!({"type": "integer", "enum": [3]}));
        assert_eq!(schema(json!({"const": "meter"})), json!({"type": "string", "enum": ["meter"]}));
        assert_eq!(schema(json!({"type": "integer", "exclusiveMinimum": 0})), json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(schema(json!({"examples": ["a", "b"]})), json!({"example": "a"}));
        assert_eq!(schema(json!({"type": "string", "contentEncoding": "base64"})), json!({"type": "string", "format": "byte"}));
        assert_eq!(
            schema(json!({"$ref": "#/x", "description": "d"})),
            json!({"allOf": [{"$ref": "#/x"}], "description": "d"})
        );
        assert_eq!(schema(json!({"type": ["string", "integer"]})), json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
        let tuple = schema(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
        assert!(tuple["x-generator-note"].as_str().unwrap().contains("prefixItems"));
    }

    #[test]
    fn boolean_schemas() {
        let value = schema(json!({"type": "object", "properties": {"any": true, "never": false}, "additionalProperties": false}));
        assert_eq!(value["properties"]["any"], json!({}));
        assert_eq!(value["properties"]["never"], json!({"not": {}}));
        assert_eq!(value["additionalProperties"], json!(false));
    }

    #[test]
    fn properties_named_like_keywords_are_left_alone() {
        let value = schema(json!({"type": "object", "properties": {"const": {"type": ["string", "null"]}, "type": {"type": "string"}}}));
        assert_eq!(value["properties"]["const"], json!({"type": "string", "nullable": true}));
        assert_eq!(value["properties"]["type"], json!({"type": "string"}));
    }

    #[test]
    fn dialects_other_than_the_default_are_refused() {
        let mut document = json!({"openapi": "3.1.0", "info": {}, "jsonSchemaDialect": "https://example.com/dialect"});
        let problems = normalize_document(&mut document).unwrap_err();
        assert_eq!(problems[0].0, "/jsonSchemaDialect");
    }
}
