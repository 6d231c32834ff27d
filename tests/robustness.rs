//! Property tests: generated and mutated documents never make the generator panic, and
//! adversarial documents ([`tests::adversarial`]: names and numbers chosen to break identifier
//! making and number loading) give files that parse and define no name twice. (The fuzz targets
//! in fuzz/, run with `cargo xtask fuzz`, do the same with coverage guidance.)

use std::path::{Path, PathBuf};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use serde_json::{Map, Value};
use tests::adversarial::{
    self, Bound, Branch, Discriminator, Document, Name, Object, Operation, Parameter, Property, Rendered, Scalar, ScalarKind, Schema, Security,
    Syntax, Version,
};

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
    let text = std::fs::read_to_string(tests::root().join("tests").join(name)).unwrap();
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

/// A name of [`adversarial::NAMES`], or of a family: one of the document's two stems plus a suffix.
fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        (any::<bool>(), select(adversarial::SUFFIXES)).prop_map(|(second, suffix)| Name::Family { second, suffix }),
        select(adversarial::NAMES).prop_map(Name::Listed),
    ]
}

/// A component schema's name: mostly of the document's families, so that `Thing`, `Thing2` and
/// `ThingVariant1` meet.
fn schema_name() -> impl Strategy<Value = Name> {
    prop_oneof![
        1 => any::<bool>().prop_map(|second| Name::Family { second, suffix: "" }),
        2 => (any::<bool>(), select(adversarial::SUFFIXES)).prop_map(|(second, suffix)| Name::Family { second, suffix }),
        1 => select(adversarial::NAMES).prop_map(Name::Listed),
    ]
}

fn number() -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => select(adversarial::NUMBERS), 1 => select(adversarial::YAML_NUMBERS)]
}

/// An index of a component schema, taken modulo their number.
fn schema_index() -> impl Strategy<Value = usize> {
    0..8usize
}

fn scalar() -> impl Strategy<Value = Scalar> {
    let format = proptest::option::weighted(0.3, select(adversarial::FORMATS));
    (select(ScalarKind::ALL.to_vec()), format, vec((select(Bound::ALL.to_vec()), number()), 0..3), any::<bool>())
        .prop_map(|(kind, format, bounds, nullable)| Scalar { kind, format, bounds, nullable })
}

fn property() -> impl Strategy<Value = Property> {
    let leaf = prop_oneof![
        3 => schema_index().prop_map(Property::Ref),
        3 => scalar().prop_map(Property::Scalar),
        1 => vec(name(), 1..4).prop_map(Property::Enum),
        1 => name().prop_map(Property::Tag),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|items| Property::Array(Box::new(items))),
            inner.clone().prop_map(|values| Property::Map(Box::new(values))),
            vec((name(), inner), 1..3).prop_map(Property::Object),
        ]
    })
}

fn object() -> impl Strategy<Value = Object> {
    let description = proptest::option::weighted(0.2, select(adversarial::DOCS));
    (vec((name(), property(), any::<bool>()), 0..5), proptest::option::weighted(0.2, property()), description)
        .prop_map(|(properties, additional, description)| Object { properties, additional, description })
}

fn branch() -> impl Strategy<Value = Branch> {
    prop_oneof![
        4 => schema_index().prop_map(Branch::Ref),
        1 => scalar().prop_map(Branch::Scalar),
        1 => object().prop_map(Branch::Object),
    ]
}

fn schema() -> impl Strategy<Value = Schema> {
    let discriminator = (name(), vec((name(), schema_index()), 0..3), any::<bool>()).prop_map(|(property, mapping, tag_branches)| Discriminator {
        property,
        mapping,
        tag_branches,
    });
    prop_oneof![
        3 => object().prop_map(Schema::Object),
        2 => (vec(name(), 1..5), any::<bool>()).prop_map(|(values, nullable)| Schema::StringEnum { values, nullable }),
        1 => (any::<bool>(), vec(number(), 1..4)).prop_map(|(integer, values)| Schema::NumberEnum { integer, values }),
        5 => (any::<bool>(), vec(branch(), 1..5), proptest::option::of(discriminator))
            .prop_map(|(one_of, branches, discriminator)| Schema::Union { one_of, branches, discriminator }),
        1 => vec(branch(), 1..4).prop_map(Schema::AllOf),
        1 => (property(), proptest::option::of(number()), proptest::option::of(number())).prop_map(|(items, min, max)| Schema::Array { items, min, max }),
        1 => property().prop_map(Schema::Map),
        1 => scalar().prop_map(Schema::Scalar),
        1 => (schema_index(), select(adversarial::DOCS)).prop_map(|(target, description)| Schema::Alias(target, description)),
    ]
}

fn security() -> impl Strategy<Value = Security> {
    prop_oneof![
        (select(&["header", "query", "cookie"][..]), name()).prop_map(|(location, name)| Security::ApiKey { location, name }),
        Just(Security::Bearer),
        Just(Security::Basic),
    ]
}

fn operation() -> impl Strategy<Value = Operation> {
    let parameter = (name(), select(&["path", "query", "header", "cookie"][..]), property(), any::<bool>())
        .prop_map(|(name, location, schema, required)| Parameter { name, location, schema, required });
    let content = || (select(adversarial::MEDIA_TYPES), property());
    let responses = vec((select(adversarial::STATUSES), proptest::option::weighted(0.7, content())), 0..3);
    let named = (
        select(adversarial::SEGMENTS),
        select(adversarial::METHODS),
        proptest::option::weighted(0.8, name()),
        proptest::option::weighted(0.2, select(adversarial::DOCS)),
    );
    (named, vec(name(), 0..2), vec(parameter, 0..4), proptest::option::of(content()), responses).prop_map(
        |((segment, method, id, summary), tags, parameters, body, responses)| Operation {
            segment,
            method,
            id,
            summary,
            tags,
            parameters,
            body,
            responses,
        },
    )
}

/// A whole adversarial document, 3.0 or 3.1, as JSON or YAML.
fn adversarial_document() -> impl Strategy<Value = Document> {
    let form = (select(vec![Version::V30, Version::V31]), select(vec![Syntax::Json, Syntax::Yaml]), select(adversarial::FILE_STEMS));
    let stems = (select(adversarial::STEMS), proptest::option::weighted(0.5, select(adversarial::STEMS)));
    (form, stems, vec((schema_name(), schema()), 1..7), vec((name(), security()), 0..2), vec(operation(), 0..4)).prop_map(
        |((version, syntax, file_stem), (first, second), schemas, security, operations)| Document {
            version,
            syntax,
            file_stem,
            stems: [first, second.unwrap_or(first)],
            schemas,
            security,
            operations,
        },
    )
}

/// Runs `check` on `document`, written first to `target/tmp/robustness-{label}.txt`: a stack
/// overflow aborts the test binary before proptest can print the document it was working on.
fn check_adversarial(document: &Document, label: &str, check: fn(&Rendered) -> Result<(), String>) -> Result<(), TestCaseError> {
    let rendered = document.render();
    let last = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("robustness-{label}.txt"));
    let _ = std::fs::write(last, format!("{}\n{}", rendered.path.display(), rendered.text));
    check(&rendered).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// The module of an adversarial document: no panic, files that parse, no name defined twice.
    #[test]
    fn adversarial_documents_give_modules_that_parse(document in adversarial_document()) {
        check_adversarial(&document, "module", adversarial::check_module)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same for whole crates (`generate_crate`: `lib.rs`, `support`, examples), fewer cases.
    #[test]
    fn adversarial_documents_give_crates_that_parse(document in adversarial_document()) {
        check_adversarial(&document, "crate", adversarial::check_crate)?;
    }
}

/// The spec of issue 19 that made the generator panic (`Thing2` inside `Thing` became the variant `2`).
const UNION_OF_A_LONGER_NAME: &str = "\
openapi: 3.0.3
info: {title: probe, version: \"1\"}
paths: {}
components:
  schemas:
    Thing:
      oneOf: [{$ref: '#/components/schemas/Thing2'}, {type: string}]
    Thing2: {type: object, properties: {a: {type: string}}}
";

#[test]
fn the_strategy_reaches_the_shape_of_issue_19() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = adversarial_document();
    let documents: Vec<Document> = (0..200).map(|_| strategy.new_tree(&mut runner).expect("a document").current()).collect();
    let reached = documents.iter().filter(|d| adversarial::has_union_of_longer_name(d)).count();
    assert!(reached >= 5, "only {reached} of 200 documents have a union referring to a schema named like it plus a suffix");
    let big_yaml = documents.iter().filter(|d| d.syntax == Syntax::Yaml && d.render().text.contains("-9223372036854776000")).count();
    assert!(big_yaml >= 2, "only {big_yaml} of 200 documents are YAML with -9223372036854776000");
}

#[test]
fn the_union_of_a_longer_name_generates() {
    let rendered = Rendered { path: PathBuf::from("probe.yaml"), text: UNION_OF_A_LONGER_NAME.to_owned() };
    adversarial::check_module(&rendered).unwrap();
    adversarial::check_crate(&rendered).unwrap();
}

/// Valid YAML and JSON with numbers no `i64`, `u64` or `f64` holds: issue 19 found the YAML refused
/// as "invalid YAML … fix the YAML syntax".
#[test]
fn numbers_past_the_limits_are_not_syntax_errors() {
    let yaml =
        "openapi: 3.0.3\ninfo: {title: probe, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Big: {type: number, minimum: N, maximum: N}\n";
    for number in ["-9223372036854776000", "-9223372036854775809", "18446744073709551616", "123456789012345678901234567890", "1e400"] {
        let text = yaml.replace(": N", &format!(": {number}"));
        adversarial::check_module(&Rendered { path: PathBuf::from("probe.yaml"), text }).unwrap();
    }
    let json = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "probe", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Big": {"type": "number", "minimum": "N"}}},
    });
    for number in ["18446744073709551616", "1e400", "-1.7976931348623159e308"] {
        let text = json.to_string().replace("\"N\"", number);
        adversarial::check_module(&Rendered { path: PathBuf::from("probe.json"), text }).unwrap();
    }
}

#[test]
fn the_file_check_sees_what_rustc_would_refuse() {
    let file = |path: &str, contents: &str| codegen::GeneratedFile { path: PathBuf::from(path), contents: contents.to_owned() };
    let refused = [
        vec![file("src/a.rs", "pub struct A { x: u8 } pub enum A { B }")],
        vec![file("src/a.rs", "pub struct A { r#type: u8, type_: u8, r#type: u16 }")],
        vec![file("src/a.rs", "pub enum E { A, B, A(u8) }")],
        vec![file("src/a.rs", "pub struct S; impl S { fn f(&self, a: u8, a: u8) {} }")],
        vec![file("src/a.rs", "pub struct S; impl S { fn f(&self) {} } impl S { fn f(&self) {} }")],
        vec![file("src/a.rs", "pub struct S; impl Clone for S {} impl Clone for S {}")],
        vec![file("src/a.rs", "pub struct 2;")],
        vec![file("src/lib.rs", "pub mod r#type;"), file("src/r#type.rs", "")],
        vec![file("src/lib.rs", "pub mod a;"), file("src/a.rs", "pub mod client;")],
        vec![file("src/lib.rs", ""), file("src/lib.rs", "")],
        vec![file("src/a.rs", "pub type A = Vec<B>; pub type B = ::std::collections::BTreeMap<String, A>;")],
    ];
    for files in refused {
        assert!(adversarial::check_files(&files, true).is_err(), "{files:?}");
    }
    let accepted = vec![
        file("src/lib.rs", "pub mod r#type; pub struct A; pub fn a() {}"),
        file("src/type.rs", "pub mod client; pub type DateTime = support::DateTime; pub type B = Vec<A>; pub struct A(Vec<A>);"),
        file("src/type/client.rs", ""),
    ];
    adversarial::check_files(&accepted, true).unwrap();
}
