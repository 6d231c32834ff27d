//! Unions read what a server sends as what it means and write it back unchanged: tagged unions
//! select by their tag, untagged ones only a variant that keeps the whole value, and anything
//! else reads into the catch-all `Other`, kept as sent.
//!
//! The round-trip property runs over every union of the fixture specs: for each variant, JSON
//! values synthesized from the variant's schema in the IR (required fields only, and every
//! field) must read into that variant (tagged unions) and write back JSON-equal; the same value
//! with an undocumented tag must read into `Other` and write back unchanged.

use std::collections::BTreeMap;

use codegen::ir::{Api, Primitive, Shape, TagValue, TypeKind, TypeRef, UnionDef};
use fixture_models::Validate as _;
use serde_json::{json, Map, Value};

/// Reads `value` as `T`, writes it back; with the `Debug` of what was read.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(value: &Value) -> Result<(Value, String), String> {
    let read: T = serde_json::from_value(value.clone()).map_err(|e| format!("does not read: {e}"))?;
    let written = serde_json::to_value(&read).map_err(|e| format!("does not write: {e}"))?;
    Ok((written, format!("{read:?}")))
}

type RoundTrip = fn(&Value) -> Result<(Value, String), String>;

/// Every union type of the fixture crate, by (module, type name).
fn union_types() -> BTreeMap<(&'static str, &'static str), RoundTrip> {
    use fixture_models::*;
    let mut table: BTreeMap<(&'static str, &'static str), RoundTrip> = BTreeMap::new();
    macro_rules! unions {
        ($($module:ident :: $ty:ident),* $(,)?) => {
            $(table.insert((stringify!($module), stringify!($ty)), round_trip::<$module::$ty>);)*
        };
    }
    unions! {
        composition::Pet, composition::IdOrName,
        union_discriminator_mapping::Pet,
        union_one_value_tags::DiskState, union_one_value_tags::ImageSource, union_one_value_tags::Versioned,
        v31_union_const::Shape,
        union_nested::Amount, union_nested::Event, union_nested::EventOrCode,
        union_any_of_overlap::CatOrDog, union_any_of_overlap::ClosedOrOpen,
        union_variant_names::Thing, union_variant_names::Pet,
        union_inheritance::Pet,
        v31_scalars::ReadingIdOrCode,
    }
    table
}

/// The lowered API of each fixture spec, by module name.
fn fixture_apis() -> Vec<(String, Api)> {
    let dir = tests::root().join("tests/fixtures/models");
    let mut specs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    specs.sort();
    specs
        .iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(tests::root()).unwrap();
            let module = codegen::lower_file(relative, &tests::Workspace).ok()?;
            Some((module.module.to_string(), module.api))
        })
        .collect()
}

/// A JSON value of `shape`: with `all_fields`, every property, else the required ones.
fn synthesize(api: &Api, shape: &Shape, all_fields: bool, depth: usize) -> Value {
    if let Some(allowed) = shape.constraints.allowed.first() {
        return allowed.clone();
    }
    match &shape.ty {
        TypeRef::Named { id, .. } => synthesize_named(api, &api.type_def(*id).kind, all_fields, depth),
        TypeRef::Primitive(primitive) => {
            let minimum = shape.constraints.minimum.map(|bound| bound.value + if bound.exclusive { 1.0 } else { 0.0 });
            match primitive {
                Primitive::Bool => json!(true),
                Primitive::F32 | Primitive::F64 => json!(minimum.unwrap_or(0.0) + 1.5),
                Primitive::String => json!("x".repeat(shape.constraints.min_length.unwrap_or(1).max(1) as usize)),
                Primitive::DateTime => json!("2026-01-02T03:04:05Z"),
                Primitive::Date => json!("2026-01-02"),
                _ => json!(minimum.map_or(1, |m| m as i64 + 1)),
            }
        }
        TypeRef::Array(items) if depth < 4 => json!([synthesize(api, items, all_fields, depth + 1)]),
        TypeRef::Map(values) if depth < 4 => json!({"key": synthesize(api, values, all_fields, depth + 1)}),
        TypeRef::Array(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Any => json!({"any": [1, "two"]}),
    }
}

fn synthesize_named(api: &Api, kind: &TypeKind, all_fields: bool, depth: usize) -> Value {
    match kind {
        TypeKind::Struct(def) => {
            let mut object = Map::new();
            for field in &def.fields {
                if field.required || (all_fields && depth < 4) {
                    object.insert(field.wire_name.clone(), synthesize(api, &field.shape, all_fields, depth + 1));
                }
            }
            Value::Object(object)
        }
        TypeKind::StringEnum(def) => json!(def.variants.first().map_or("x", |v| v.value.as_str())),
        TypeKind::Union(def) => match def.variants.first() {
            Some(variant) => variant_value(api, def, 0, all_fields, depth + 1).unwrap_or_else(|| synthesize(api, &variant.shape, all_fields, depth + 1)),
            None => json!({}),
        },
        TypeKind::Alias(shape) => synthesize(api, shape, all_fields, depth),
    }
}

fn tag_json(tag: &TagValue) -> Value {
    match tag {
        TagValue::String(text) => json!(text),
        TagValue::Integer(number) => json!(number),
        TagValue::Boolean(value) => json!(value),
    }
}

/// A value of variant `index` of a tagged union, its tag set; `None` for untagged unions.
fn variant_value(api: &Api, union: &UnionDef, index: usize, all_fields: bool, depth: usize) -> Option<Value> {
    let (tag, variant) = (union.tag.as_ref()?, &union.variants[index]);
    let mut value = synthesize(api, &variant.shape, all_fields, depth);
    value.as_object_mut()?.insert(tag.property.clone(), tag_json(variant.tag.as_ref()?));
    Some(value)
}

#[test]
fn every_union_of_the_fixtures_round_trips() {
    let table = union_types();
    let mut seen = Vec::new();
    let mut failures = Vec::new();
    for (module, api) in fixture_apis() {
        for def in &api.types {
            let TypeKind::Union(union) = &def.kind else { continue };
            let key = (module.as_str(), def.name.as_str());
            let Some((_, round_trip)) = table.iter().find(|(k, _)| **k == key) else {
                failures.push(format!("{module}::{} is not in the table of union_types()", def.name));
                continue;
            };
            seen.push(key.0.to_owned() + "::" + key.1);
            for (index, variant) in union.variants.iter().enumerate() {
                for all_fields in [false, true] {
                    let value = match variant_value(&api, union, index, all_fields, 0) {
                        Some(value) => value,
                        None => synthesize(&api, &variant.shape, all_fields, 0),
                    };
                    match round_trip(&value) {
                        Ok((written, _)) if written != value => {
                            failures.push(format!("{module}::{}: {value} wrote back {written}", def.name))
                        }
                        Ok((_, read)) if union.tag.is_some() && !read.starts_with(&format!("{}(", variant.name)) => {
                            failures.push(format!("{module}::{}: {value} read as {read}, not {}", def.name, variant.name))
                        }
                        Ok(_) => {}
                        Err(error) => failures.push(format!("{module}::{}: {value} {error}", def.name)),
                    }
                    // The same value with a tag this crate does not know: kept as sent.
                    if let Some(tag) = &union.tag {
                        let mut unknown = value.clone();
                        unknown[&tag.property] = json!("undocumented-tag");
                        match round_trip(&unknown) {
                            Ok((written, read)) if written == unknown && read.starts_with(&format!("{}(", union.other)) => {}
                            other => failures.push(format!("{module}::{}: {unknown} with an unknown tag gave {other:?}", def.name)),
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(seen.len() >= table.len(), "unions in the table but not in the fixtures: {seen:?}");
}

#[test]
fn tagged_values_read_into_the_variant_their_tag_names() {
    use fixture_models::union_one_value_tags::{DiskState, ImageSource};
    let destroyed: DiskState = serde_json::from_value(json!({"state": "destroyed"})).unwrap();
    assert!(matches!(destroyed, DiskState::Destroyed(_)), "{destroyed:?}");
    let attached = json!({"state": "attached", "instance": "4b1d5fd0-0000-0000-0000-000000000001"});
    let read: DiskState = serde_json::from_value(attached.clone()).unwrap();
    let DiskState::Attached(inner) = &read else { panic!("{read:?}") };
    assert_eq!(inner.instance, "4b1d5fd0-0000-0000-0000-000000000001");
    assert_eq!(serde_json::to_value(&read).unwrap(), attached, "nothing is lost");
    let image: ImageSource = serde_json::from_value(json!({"type": "global_image", "image_id": "i"})).unwrap();
    assert!(matches!(image, ImageSource::GlobalImage(_)), "{image:?}");
    // A known tag with a body that does not fit is an error, not another variant.
    assert!(serde_json::from_value::<ImageSource>(json!({"type": "url"})).is_err());
}

#[test]
fn a_mapping_may_name_one_schema_twice() {
    use fixture_models::union_discriminator_mapping::Pet;
    let kitten = json!({"kind": "kitten", "lives": 9});
    let read: Pet = serde_json::from_value(kitten.clone()).unwrap();
    assert!(matches!(read, Pet::Kitten(_)), "{read:?}");
    assert_eq!(serde_json::to_value(&read).unwrap(), kitten);
    let dog: Pet = serde_json::from_value(json!({"kind": "dog", "bark": true})).unwrap();
    assert!(matches!(dog, Pet::Dog(_)), "{dog:?}");
}

#[test]
fn unknown_tags_are_kept_and_reported_by_validation() {
    use fixture_models::union_one_value_tags::DiskState;
    let exploded = json!({"state": "exploded", "debris": [1, 2]});
    let read: DiskState = serde_json::from_value(exploded.clone()).unwrap();
    assert_eq!(read, DiskState::Other(exploded.clone()));
    assert_eq!(serde_json::to_value(&read).unwrap(), exploded);
    let errors = read.validate().unwrap_err();
    assert_eq!(errors.to_string(), r#"state: must be one of ["creating","attached","destroyed"], is "exploded""#);
}

#[test]
fn overlapping_any_of_keeps_the_whole_value() {
    use fixture_models::union_any_of_overlap::{CatOrDog, ClosedOrOpen};
    let bark: CatOrDog = serde_json::from_value(json!({"bark": 3})).unwrap();
    assert!(matches!(bark, CatOrDog::Dog(_)), "{bark:?}");
    assert_eq!(serde_json::to_value(&bark).unwrap(), json!({"bark": 3}));
    let both = json!({"meow": 1, "bark": 2});
    let read: CatOrDog = serde_json::from_value(both.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), both, "{read:?}");
    let open: ClosedOrOpen = serde_json::from_value(json!({"a": "x", "b": "y"})).unwrap();
    assert!(matches!(open, ClosedOrOpen::Open(_)), "{open:?}");
    let null_is_absent: CatOrDog = serde_json::from_value(json!({"meow": null})).unwrap();
    assert!(matches!(null_is_absent, CatOrDog::Cat(_)), "{null_is_absent:?}");
    assert!(CatOrDog::Other(json!(7)).validate().is_err(), "a value no variant reads breaks the anyOf");
}

#[test]
fn untagged_primitives_select_exactly() {
    use fixture_models::union_nested::{Amount, EventOrCode};
    assert!(matches!(serde_json::from_value::<Amount>(json!(5)).unwrap(), Amount::I64(5)));
    assert!(matches!(serde_json::from_value::<Amount>(json!("5")).unwrap(), Amount::String(_)));
    assert!(matches!(serde_json::from_value::<Amount>(json!(5.5)).unwrap(), Amount::Other(_)));
    let refund: EventOrCode = serde_json::from_value(json!({"event": "refund"})).unwrap();
    assert!(matches!(refund, EventOrCode::Event(_)), "{refund:?}");
}
