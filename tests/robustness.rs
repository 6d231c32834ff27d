//! Property tests: generated and mutated documents never make the generator panic. (The fuzz
//! target in fuzz/, run with `cargo xtask fuzz`, does the same with coverage guidance.)

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Map, Value};


/// Runs the whole pipeline; a panic fails the property with its message.
fn generate(document: &Value) -> Result<(), String> {
    let files = tests::InMemory { path: Path::new("spec.json"), text: document.to_string() };
    std::panic::catch_unwind(|| {
        let _ = codegen::generate_module(Path::new("spec.json"), &files);
    })
    .map_err(|panic| {
        let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()));
        format!("panicked: {}\ndocument: {document}", message.unwrap_or_default())
    })
}

const KEYS: &[&str] = &[
    "type", "properties", "items", "$ref", "allOf", "oneOf", "anyOf", "not", "enum", "required", "nullable",
    "additionalProperties", "format", "minimum", "maximum", "minLength", "maxLength", "pattern", "discriminator",
    "description", "default", "const", "prefixItems", "examples", "exclusiveMinimum", "name", "in", "schema",
    "content", "responses", "parameters", "requestBody", "operationId", "get", "post", "self", "Option", "",
];

const STRINGS: &[&str] = &[
    "object", "string", "integer", "number", "array", "boolean", "null", "int32", "int64", "date-time",
    "#/components/schemas/A", "#/components/schemas/B", "#/components/schemas", "#", "other.yaml#/X",
    "path", "query", "header", "application/json", "text/plain", "200", "default", "type", "^[a-z]+$", "(",
];

/// JSON values built from OpenAPI's vocabulary, nested a few levels.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        proptest::sample::select(STRINGS).prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// A document with generated schemas named A and B, and a generated path.
fn document() -> impl Strategy<Value = Value> {
    (value(), value(), value(), proptest::sample::select(&["3.0.3", "3.1.0"][..])).prop_map(|(a, b, path, version)| {
        serde_json::json!({
            "openapi": version,
            "info": {"title": "t", "version": "1"},
            "paths": {"/items/{id}": path},
            "components": {"schemas": {"A": a, "B": b}},
        })
    })
}

/// Every object and array in `value`, by JSON pointer.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.clone());
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            out.push(at.clone());
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_never_panic(document in document()) {
        generate(&document).map_err(TestCaseError::fail)?;
    }

    /// Real specs with one place replaced by a generated value or removed.
    #[test]
    fn mutated_specs_never_panic(pick in any::<proptest::sample::Index>(), which in 0usize..4, replacement in value(), remove in any::<bool>()) {
        let name = ["../spec/energycap.yaml", "../spec/capillary.yaml", "fixtures/models/composition.yaml", "fixtures/models/v31_refs.yaml"][which];
        let mut document = fixture(name);
        let mut places = Vec::new();
        pointers(&document, String::new(), &mut places);
        let place = places[pick.index(places.len())].clone();
        if let Some(target) = document.pointer_mut(&place) {
            match (target, remove) {
                (Value::Object(map), true) if !map.is_empty() => {
                    let first = map.keys().next().cloned().unwrap_or_default();
                    map.remove(&first);
                }
                (target, _) => *target = replacement,
            }
        }
        generate(&document).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn the_property_can_fail() {
    // A document that generates fine is not a panic; the helper reports panics, nothing else.
    assert!(generate(&fixture("../spec/energycap.yaml")).is_ok());
    assert!(generate(&Value::Object(Map::new())).is_ok(), "an empty document is a diagnostic, not a panic");
}
