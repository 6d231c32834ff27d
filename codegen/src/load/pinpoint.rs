//! Where exactly a document fails to deserialize. `openapiv3` flattens extensions into nearly every
//! object and reads references and schemas through untagged enums, so serde's path ends at the
//! outermost such object (`#/paths` for a bad parameter anywhere). On failure, each part is
//! deserialized alone, following the parts that fail down to the innermost one; inside a schema,
//! its keywords are then checked against the JSON types they take.

use openapiv3::{self as oa, ReferenceOr};
use serde_json::Value;

use crate::diagnostic::push_pointer;

/// The kinds of object a failure is followed through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Schema,
    Components,
    SecurityScheme,
}

impl Part {
    /// What the part is called in a message, and the name of its object in the specification.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Part::Document => ("OpenAPI 3.0 document", "OpenAPI Object"),
            Part::Paths => ("`paths` object", "Paths Object"),
            Part::PathItem => ("path item", "Path Item Object"),
            Part::Operation => ("operation", "Operation Object"),
            Part::Parameter => ("parameter", "Parameter Object"),
            Part::Header => ("header", "Header Object"),
            Part::RequestBody => ("request body", "Request Body Object"),
            Part::Response => ("response", "Response Object"),
            Part::MediaType => ("media type", "Media Type Object"),
            Part::Schema => ("schema", "Schema Object"),
            Part::Components => ("`components` object", "Components Object"),
            Part::SecurityScheme => ("security scheme", "Security Scheme Object"),
        }
    }
}

/// The innermost place a value does not deserialize, and why.
#[derive(Debug, PartialEq)]
pub struct Failure {
    /// JSON pointer without `#`.
    pub pointer: String,
    pub message: String,
    pub help: String,
}

/// The innermost failure in `value`, a `part` found at `at`; `None` when it deserializes.
pub fn failure(part: Part, value: &Value, at: &str) -> Option<Failure> {
    let (path, message) = deserialize(part, value).err()?;
    for (suffix, child) in children(part, value) {
        let Some(child_value) = value.pointer(&suffix) else { continue };
        if let Some(found) = failure(child, child_value, &format!("{at}{suffix}")) {
            return Some(found);
        }
    }
    if let Some(found) = keyword_failure(part, value, at) {
        return Some(found);
    }
    let (noun, object) = part.names();
    Some(Failure {
        pointer: format!("{at}{path}"),
        message: format!("not a valid {noun}: {message}"),
        help: format!("compare it with the {object} of the OpenAPI 3.0.3 specification"),
    })
}

/// Deserializes `value` as `part`: the pointer (relative to `value`) and text of a failure.
fn deserialize(part: Part, value: &Value) -> Result<(), (String, String)> {
    match part {
        Part::Document => read::<oa::OpenAPI>(value),
        Part::Paths => read::<oa::Paths>(value),
        Part::PathItem => read::<ReferenceOr<oa::PathItem>>(value),
        Part::Operation => read::<oa::Operation>(value),
        Part::Parameter => read::<ReferenceOr<oa::Parameter>>(value),
        Part::Header => read::<ReferenceOr<oa::Header>>(value),
        Part::RequestBody => read::<ReferenceOr<oa::RequestBody>>(value),
        Part::Response => read::<ReferenceOr<oa::Response>>(value),
        Part::MediaType => read::<oa::MediaType>(value),
        Part::Schema => read::<ReferenceOr<oa::Schema>>(value),
        Part::Components => read::<oa::Components>(value),
        Part::SecurityScheme => read::<ReferenceOr<oa::SecurityScheme>>(value),
    }
}

fn read<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).map(drop).map_err(|error| {
        let mut at = String::new();
        for segment in error.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => at = push_pointer(&at, &index.to_string()),
                Segment::Map { key } => at = push_pointer(&at, key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        (at, error.inner().to_string())
    })
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The parts directly inside a `part`: pointers relative to `value`, in document order.
fn children(part: Part, value: &Value) -> Vec<(String, Part)> {
    let Some(map) = value.as_object().filter(|map| !map.contains_key("$ref")) else { return Vec::new() };
    let one = |key: &str, part: Part| -> Vec<(String, Part)> {
        map.get(key).filter(|v| v.is_object()).map(|_| (push_pointer("", key), part)).into_iter().collect()
    };
    let each = |key: &str, part: Part| -> Vec<(String, Part)> { entries(map, key).into_iter().map(|p| (p, part)).collect() };
    match part {
        Part::Document => [one("paths", Part::Paths), one("components", Part::Components)].concat(),
        Part::Paths => map.keys().filter(|k| k.starts_with('/')).map(|k| (push_pointer("", k), Part::PathItem)).collect(),
        Part::PathItem => [each("parameters", Part::Parameter), METHODS.iter().flat_map(|m| one(m, Part::Operation)).collect()].concat(),
        Part::Operation => {
            let mut responses = each("responses", Part::Response);
            responses.retain(|(pointer, _)| !pointer.starts_with("/responses/x-"));
            [each("parameters", Part::Parameter), one("requestBody", Part::RequestBody), responses].concat()
        }
        Part::Parameter | Part::Header => [one("schema", Part::Schema), each("content", Part::MediaType)].concat(),
        Part::RequestBody => each("content", Part::MediaType),
        Part::Response => [each("headers", Part::Header), each("content", Part::MediaType)].concat(),
        Part::MediaType => one("schema", Part::Schema),
        Part::Schema => {
            let nested = ["items", "not", "additionalProperties"].map(|key| one(key, Part::Schema));
            let lists = ["allOf", "oneOf", "anyOf"].map(|key| each(key, Part::Schema));
            [each("properties", Part::Schema), nested.concat(), lists.concat()].concat()
        }
        Part::Components => [
            each("schemas", Part::Schema),
            each("parameters", Part::Parameter),
            each("headers", Part::Header),
            each("requestBodies", Part::RequestBody),
            each("responses", Part::Response),
            each("securitySchemes", Part::SecurityScheme),
        ]
        .concat(),
        Part::SecurityScheme => Vec::new(),
    }
}

/// Pointers (relative to `map`) to the entries at `key`: a list for `parameters` and the schema
/// combinators, a mapping for the rest. A value of the other kind is the failure itself.
fn entries(map: &serde_json::Map<String, Value>, key: &str) -> Vec<String> {
    let base = push_pointer("", key);
    let is_list = matches!(key, "parameters" | "allOf" | "oneOf" | "anyOf");
    match map.get(key) {
        Some(Value::Object(entries)) if !is_list => entries.keys().map(|k| push_pointer(&base, k)).collect(),
        Some(Value::Array(items)) if is_list => (0..items.len()).map(|i| push_pointer(&base, &i.to_string())).collect(),
        _ => Vec::new(),
    }
}

/// A keyword, a check of the JSON type its value takes, and that type in words.
type Keyword = (&'static str, fn(&Value) -> bool, &'static str);

/// The keywords of a part whose values have a fixed JSON type (those a mistake is likely in).
fn keywords(part: Part) -> &'static [Keyword] {
    match part {
        Part::Schema => SCHEMA_KEYWORDS,
        Part::Parameter | Part::Header => PARAMETER_KEYWORDS,
        Part::RequestBody => &[("required", Value::is_boolean, "`true` or `false`"), ("description", Value::is_string, "a string")],
        Part::Response => &[("description", Value::is_string, "a string")],
        _ => &[],
    }
}

const PARAMETER_KEYWORDS: &[Keyword] = &[
    ("name", Value::is_string, "a string"),
    ("in", Value::is_string, "one of `path`, `query`, `header` and `cookie`"),
    ("description", Value::is_string, "a string"),
    ("required", Value::is_boolean, "`true` or `false`"),
    ("deprecated", Value::is_boolean, "`true` or `false`"),
    ("allowEmptyValue", Value::is_boolean, "`true` or `false`"),
    ("style", Value::is_string, "a string"),
    ("explode", Value::is_boolean, "`true` or `false`"),
    ("allowReserved", Value::is_boolean, "`true` or `false`"),
];

const SCHEMA_KEYWORDS: &[Keyword] = &[
    ("type", Value::is_string, "one type name such as `string`"),
    ("format", Value::is_string, "a string"),
    ("pattern", Value::is_string, "a string"),
    ("title", Value::is_string, "a string"),
    ("description", Value::is_string, "a string"),
    ("required", is_string_list, "a list of property names"),
    ("enum", Value::is_array, "a list"),
    ("properties", Value::is_object, "a mapping of property names to schemas"),
    ("items", Value::is_object, "a schema"),
    ("not", Value::is_object, "a schema"),
    ("allOf", is_object_list, "a list of schemas"),
    ("oneOf", is_object_list, "a list of schemas"),
    ("anyOf", is_object_list, "a list of schemas"),
    ("additionalProperties", is_bool_or_object, "`true`, `false` or a schema"),
    ("discriminator", Value::is_object, "an object with `propertyName`"),
    ("nullable", Value::is_boolean, "`true` or `false`"),
    ("readOnly", Value::is_boolean, "`true` or `false`"),
    ("writeOnly", Value::is_boolean, "`true` or `false`"),
    ("deprecated", Value::is_boolean, "`true` or `false`"),
    ("uniqueItems", Value::is_boolean, "`true` or `false`"),
    ("exclusiveMinimum", Value::is_boolean, "`true` or `false` (in OpenAPI 3.0)"),
    ("exclusiveMaximum", Value::is_boolean, "`true` or `false` (in OpenAPI 3.0)"),
    ("minLength", Value::is_u64, "a non-negative integer"),
    ("maxLength", Value::is_u64, "a non-negative integer"),
    ("minItems", Value::is_u64, "a non-negative integer"),
    ("maxItems", Value::is_u64, "a non-negative integer"),
    ("minProperties", Value::is_u64, "a non-negative integer"),
    ("maxProperties", Value::is_u64, "a non-negative integer"),
    ("minimum", Value::is_number, "a number"),
    ("maximum", Value::is_number, "a number"),
    ("multipleOf", Value::is_number, "a number"),
];

fn is_string_list(value: &Value) -> bool {
    value.as_array().is_some_and(|items| items.iter().all(Value::is_string))
}

fn is_object_list(value: &Value) -> bool {
    value.as_array().is_some_and(|items| items.iter().all(Value::is_object))
}

fn is_bool_or_object(value: &Value) -> bool {
    value.is_boolean() || value.is_object()
}

/// The first keyword of the `part` at `value` whose value has the wrong JSON type.
fn keyword_failure(part: Part, value: &Value, at: &str) -> Option<Failure> {
    let map = value.as_object()?;
    let (keyword, found, expected) = keywords(part)
        .iter()
        .find_map(|(keyword, is_valid, expected)| map.get(*keyword).filter(|v| !is_valid(v)).map(|v| (*keyword, v, *expected)))?;
    let help = match (part, keyword, found) {
        (Part::Schema, "type", Value::Array(_)) => {
            "OpenAPI 3.0 takes one `type`; for `null` add `nullable: true` (lists of types are OpenAPI 3.1)".to_owned()
        }
        _ => format!("compare it with the {} of the OpenAPI 3.0.3 specification", part.names().1),
    };
    Some(Failure { pointer: push_pointer(at, keyword), message: format!("`{keyword}` must be {expected}, not `{found}`"), help })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_failures_into_parameters_and_schemas() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "required": "yes", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}
            }}}
        });
        let found = failure(Part::Document, &doc, "").unwrap();
        assert_eq!(found.pointer, "/paths/~1a/get/parameters/0/required");
        assert_eq!(found.message, "`required` must be `true` or `false`, not `\"yes\"`");
    }

    #[test]
    fn names_the_keyword_of_a_schema() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string", "maxLength": "ten"}}});
        let found = failure(Part::Schema, &schema, "/components/schemas/A").unwrap();
        assert_eq!(found.pointer, "/components/schemas/A/properties/a/maxLength");
        assert_eq!(found.message, "`maxLength` must be a non-negative integer, not `\"ten\"`");
    }

    #[test]
    fn valid_parts_have_no_failure() {
        assert_eq!(failure(Part::Schema, &json!({"$ref": "#/x"}), ""), None);
        assert_eq!(failure(Part::Schema, &json!({"type": "string", "x-a": 1}), ""), None);
    }
}
