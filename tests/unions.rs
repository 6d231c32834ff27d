//! Unions read what a server sends as what it means and write it back unchanged: tagged unions
//! select by their tag, untagged ones a variant that keeps the whole value (else the one struct
//! variant that explains every property it knows, a property the server added left out), and
//! anything else reads into the catch-all `Other`, kept as sent (or the `{}` branch, which
//! reads every value).
//!
//! The round-trip property runs over every union of the fixture specs: for each variant, JSON
//! values synthesized from the variant's schema in the IR (`codegen::samples`: required fields
//! only, and every field) must read into that variant (tagged unions) and write back JSON-equal;
//! the same value with an undocumented tag must read into `Other` and write back unchanged.
//! `cargo xtask test` runs the same property over the unions of the fixed corpus sample.

use std::collections::BTreeMap;

use codegen::ir::{Api, TypeKind};
use fixture_models::Validate as _;
use serde_json::{json, Value};

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
        union_nested::Amount, union_nested::Event, union_nested::EventOrCode, union_nested::Measure, union_nested::Signal,
        union_any_of_overlap::CatOrDog, union_any_of_overlap::ClosedOrOpen, union_any_of_overlap::CatOrAnything, union_any_of_overlap::ScaleOrAnything,
        union_any_of_overlap::TextOrNote, union_any_of_overlap::TextOrCount, union_any_of_overlap::TextOrMaybeCat,
        union_variant_names::Thing, union_variant_names::Pet, union_variant_names::Metadata, union_variant_names::DelayDays, union_variant_names::Reach,
        union_inheritance::Pet, union_inheritance::Vehicle, union_inheritance::Shape, union_inheritance::Rodent,
        union_base_properties::Shipment, union_base_properties::Payment, union_base_properties::Animal,
        union_base_properties::Label, union_base_properties::Account, union_base_properties::Document,
        union_base_properties::Item, union_base_properties::Delivery, union_base_properties::Courier,
        union_base_properties::Ticket, union_base_properties::Crate,
        v31_scalars::ReadingIdOrCode,
        error_codes::JobMixedItem,
        request_examples::Parcel, request_examples::Contact,
        lenient_integers::MeterOrNote, lenient_integers::LevelOrFlag,
        v31_integers::CountOrLabel, v31_integers::Versioned,
        parameter_styles::ListColorsShade, parameter_styles::ListColorsXShade, parameter_styles::GetShadeShade,
        parameter_styles::ListChargesSince,
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

#[test]
fn every_union_of_the_fixtures_round_trips() {
    let table = union_types();
    let mut seen = Vec::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (module, api) in fixture_apis() {
        for def in &api.types {
            let TypeKind::Union(union) = &def.kind else { continue };
            let key = (module.as_str(), def.name.as_str());
            let Some((_, round_trip)) = table.iter().find(|(k, _)| **k == key) else {
                failures.push(format!("{module}::{} is not in the table of union_types()", def.name));
                continue;
            };
            seen.push(format!("{module}::{}", def.name));
            for sample in codegen::samples::union_samples(&api, union) {
                checked += 1;
                let value = &sample.value;
                match round_trip(value) {
                    Ok((written, _)) if written != *value => failures.push(format!("{module}::{}: {value} wrote back {written}", def.name)),
                    Ok((_, read)) if sample.selects && !read.starts_with(&format!("{}(", sample.variant)) => {
                        failures.push(format!("{module}::{}: {value} read as {read}, not {}", def.name, sample.variant))
                    }
                    Ok(_) => {}
                    Err(error) => failures.push(format!("{module}::{}: {value} {error}", def.name)),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(seen.len(), table.len(), "unions in the table but not in the fixtures: {seen:?}");
    assert!(checked > 4 * table.len(), "only {checked} values checked");
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

/// A server that adds a property breaks every exact reading: the one open struct variant that
/// reads each property it knows as sent (one at least, not `null`) takes the value (the new
/// property left out, as any struct leaves it); a value two variants explain, or none, or only a
/// closed one, stays whole.
#[test]
fn an_added_property_still_selects_the_variant_that_explains_the_rest() {
    use fixture_models::union_any_of_overlap::{Cat, CatOrDog, ClosedOrOpen};
    let evolved: CatOrDog = serde_json::from_value(json!({"meow": 1, "whiskers": 3})).unwrap();
    assert_eq!(evolved, CatOrDog::Cat(Cat { meow: Some(1) }));
    assert!(evolved.validate().is_ok());
    let both: CatOrDog = serde_json::from_value(json!({"meow": 1, "bark": 2})).unwrap();
    assert_eq!(both, CatOrDog::Other(json!({"meow": 1, "bark": 2})), "two variants explain it: no guess");
    let unexplained: CatOrDog = serde_json::from_value(json!({"whiskers": 3})).unwrap();
    assert_eq!(unexplained, CatOrDog::Other(json!({"whiskers": 3})));
    let changed: CatOrDog = serde_json::from_value(json!({"meow": "loud", "whiskers": 3})).unwrap();
    assert!(matches!(changed, CatOrDog::Other(_)), "a known property that does not read is no Cat: {changed:?}");
    let closed: ClosedOrOpen = serde_json::from_value(json!({"a": "x", "b": 1})).unwrap();
    assert_eq!(closed, ClosedOrOpen::Other(json!({"a": "x", "b": 1})), "additionalProperties: false allows no other property");

    // A required nullable field, absent or null, explains nothing.
    use fixture_models::union_any_of_overlap::{Counted, Measured, TextOrCount, TextOrNote};
    let unrelated: TextOrNote = serde_json::from_value(json!({"totally": "unrelated"})).unwrap();
    assert_eq!(unrelated, TextOrNote::Other(json!({"totally": "unrelated"})));
    let null: TextOrNote = serde_json::from_value(json!({"text": null, "x": 1})).unwrap();
    assert!(matches!(null, TextOrNote::Other(_)), "{null:?}");
    let noted: TextOrNote = serde_json::from_value(json!({"text": "t", "x": 1})).unwrap();
    assert!(matches!(noted, TextOrNote::Note(_)), "{noted:?}");
    // Integers keep to the integer variant, as in an exact reading.
    let counted: TextOrCount = serde_json::from_value(json!({"n": 1, "x": 0})).unwrap();
    assert_eq!(counted, TextOrCount::Counted(Counted { n: Some(1) }));
    let measured: TextOrCount = serde_json::from_value(json!({"n": 1.5, "x": 0})).unwrap();
    assert_eq!(measured, TextOrCount::Measured(Measured { n: Some(1.5) }));
    // A nullable object variant too.
    use fixture_models::union_any_of_overlap::{TextOrMaybeCat, TextOrMaybeCatMaybeCat};
    let maybe: TextOrMaybeCat = serde_json::from_value(json!({"meow": 1, "x": 2})).unwrap();
    assert_eq!(maybe, TextOrMaybeCat::MaybeCat(Some(TextOrMaybeCatMaybeCat { meow: Some(1) })));
    let null: TextOrMaybeCat = serde_json::from_value(json!(null)).unwrap();
    assert_eq!(null, TextOrMaybeCat::MaybeCat(None));
}

/// A nested union takes part in the second reading: a tagged variant with an added property
/// reads inside the outer union as it reads alone; an unknown tag stays whole.
#[test]
fn an_added_property_inside_a_nested_union_still_reads() {
    use fixture_models::union_nested::{Event, EventOrCode};
    let sent = json!({"event": "refund", "reason": "r", "new": 1});
    let alone: Event = serde_json::from_value(sent.clone()).unwrap();
    assert!(matches!(alone, Event::Refund(_)), "{alone:?}");
    let nested: EventOrCode = serde_json::from_value(sent).unwrap();
    assert_eq!(nested, EventOrCode::Event(alone));
    let unknown: EventOrCode = serde_json::from_value(json!({"event": "chargeback", "new": 1})).unwrap();
    assert!(matches!(unknown, EventOrCode::Other(_)), "{unknown:?}");
}

/// A union with a `{}` branch needs no catch-all: that branch reads every value.
#[test]
fn an_any_value_branch_takes_what_the_others_do_not() {
    use fixture_models::union_any_of_overlap::{Cat, CatOrAnything};
    let cat: CatOrAnything = serde_json::from_value(json!({"meow": 2})).unwrap();
    assert_eq!(cat, CatOrAnything::Cat(Cat { meow: Some(2) }));
    let anything: CatOrAnything = serde_json::from_value(json!([1, "two"])).unwrap();
    assert_eq!(anything, CatOrAnything::Value(json!([1, "two"])));
    assert!(anything.validate().is_ok());
    // The object reads an integer as its number, as it would alone; the `{}` branch only takes
    // what no variant before it reads.
    use fixture_models::union_any_of_overlap::{Scale, ScaleOrAnything};
    let scale: ScaleOrAnything = serde_json::from_value(json!({"weight": 2})).unwrap();
    assert_eq!(scale, ScaleOrAnything::Scale(Scale { weight: Some(2.0) }));
    assert_eq!(serde_json::to_value(&scale).unwrap(), json!({"weight": 2.0}));
}

#[test]
fn untagged_primitives_select_exactly() {
    use fixture_models::union_nested::{Amount, EventOrCode};
    assert!(matches!(serde_json::from_value::<Amount>(json!(5)).unwrap(), Amount::I64(5)));
    assert!(matches!(serde_json::from_value::<Amount>(json!("5")).unwrap(), Amount::String(_)));
    assert!(matches!(serde_json::from_value::<Amount>(json!(5.5)).unwrap(), Amount::Other(_)));
    // An integer reads into the integer variant, though the number variant before it reads it too.
    use fixture_models::union_nested::Measure;
    assert!(matches!(serde_json::from_value::<Measure>(json!(1)).unwrap(), Measure::I64(1)));
    assert!(matches!(serde_json::from_value::<Measure>(json!(1.5)).unwrap(), Measure::F64(_)));
    // `1.0` is no `i64` to serde: kept as sent rather than written back as `1`.
    assert_eq!(serde_json::from_value::<Amount>(json!(1.0)).unwrap(), Amount::Other(json!(1.0)));
    // A one-value enum inside an untagged variant does not take another value.
    use fixture_models::union_nested::Signal;
    let pong: Signal = serde_json::from_value(json!({"kind": "pong"})).unwrap();
    assert!(matches!(pong, Signal::Pong(_)), "{pong:?}");
    let other: Signal = serde_json::from_value(json!({"kind": "pang"})).unwrap();
    assert_eq!(other, Signal::Other(json!({"kind": "pang"})));
    let refund: EventOrCode = serde_json::from_value(json!({"event": "refund"})).unwrap();
    assert!(matches!(refund, EventOrCode::Event(_)), "{refund:?}");
}

/// A branch with one allowed value is named after it: Stripe's `""` that clears a field reads
/// into `Empty`, `"minimum"` into `Minimum` (they were `Variant2` and `Variant1`); an inline
/// object branch after a property only it has.
#[test]
fn one_value_branches_are_named_after_their_value() {
    use fixture_models::union_variant_names::{DelayDays, DelayDaysMinimum, Metadata, MetadataEmpty};
    assert_eq!(serde_json::from_value::<Metadata>(json!("")).unwrap(), Metadata::Empty(MetadataEmpty::Empty));
    assert!(matches!(serde_json::from_value::<Metadata>(json!({"order": "7"})).unwrap(), Metadata::Map(_)));
    assert_eq!(serde_json::from_value::<DelayDays>(json!("minimum")).unwrap(), DelayDays::Minimum(DelayDaysMinimum::Minimum));
    assert_eq!(serde_json::from_value::<DelayDays>(json!(3)).unwrap(), DelayDays::I64(3));

    // Inline branches with a property of their own are named after it.
    use fixture_models::union_variant_names::{Reach, ReachPhone};
    let phone: Reach = serde_json::from_value(json!({"phone": "555", "name": "Ann"})).unwrap();
    assert_eq!(phone, Reach::Phone(ReachPhone { phone: "555".into(), name: Some("Ann".into()) }));
    assert!(matches!(serde_json::from_value::<Reach>(json!({"pager": "7"})).unwrap(), Reach::Pager(_)));
}

/// A struct variant whose `x-accepts-string` integer arrived as a string keeps the value it
/// read (it writes the number back, which the untagged reader counts as the same value), so it
/// is chosen, not the catch-all; a lenient integer variant is named as its Rust type and reads
/// the string too.
#[test]
fn a_lenient_integer_sent_as_a_string_selects_its_variant() {
    use fixture_models::lenient_integers::{LevelOrFlag, Meter, MeterOrNote};
    let read: MeterOrNote = serde_json::from_value(json!({"serial": " 5"})).unwrap();
    assert_eq!(read, MeterOrNote::Meter(Meter { serial: 5 }));
    assert_eq!(serde_json::to_value(&read).unwrap(), json!({"serial": 5}));
    let other: MeterOrNote = serde_json::from_value(json!({"serial": "5x"})).unwrap();
    assert!(matches!(other, MeterOrNote::Other(_)), "{other:?}");
    assert_eq!(serde_json::to_value(LevelOrFlag::U32(7)).unwrap(), json!(7));
    assert_eq!(serde_json::from_value::<LevelOrFlag>(json!("7")).unwrap(), LevelOrFlag::U32(7));
    assert_eq!(serde_json::from_value::<LevelOrFlag>(json!(true)).unwrap(), LevelOrFlag::Bool(true));
    assert!(matches!(serde_json::from_value::<LevelOrFlag>(json!("-7")).unwrap(), LevelOrFlag::Other(_)));
}

/// Properties written beside `oneOf`/`anyOf` hold for every branch: whichever variant a value
/// reads into keeps them, and writes them back (they were dropped with the base).
#[test]
fn properties_beside_the_branches_are_read_by_every_variant() {
    use fixture_models::union_base_properties::{Animal, Horse, Label, Payment, Shipment, ShipmentParcel, Stamp};
    let sent = json!({"id": 7, "note": "fragile", "weight": 3});
    let read: Shipment = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(read, Shipment::Parcel(ShipmentParcel { id: 7, note: Some("fragile".into()), weight: 3 }));
    assert_eq!(serde_json::to_value(&read).unwrap(), sent);
    let letter: Shipment = serde_json::from_value(json!({"id": 8, "pages": 2})).unwrap();
    assert!(matches!(letter, Shipment::Letter(ref inner) if inner.id == 8 && inner.pages == 2), "{letter:?}");
    // The base's `required` holds in every variant.
    assert!(matches!(serde_json::from_value::<Shipment>(json!({"weight": 3})).unwrap(), Shipment::Other(_)));

    let card = json!({"method": "card", "amount": 5, "number": "4111"});
    let read: Payment = serde_json::from_value(card.clone()).unwrap();
    let Payment::Card(inner) = &read else { panic!("{read:?}") };
    assert_eq!((inner.amount, inner.number.as_str()), (5, "4111"));
    assert_eq!(serde_json::to_value(&read).unwrap(), card);
    // The base's constraints are checked in every variant.
    let free: Payment = serde_json::from_value(json!({"method": "transfer", "amount": 0, "iban": "DE00"})).unwrap();
    assert_eq!(free.validate().unwrap_err().to_string(), "amount: must be at least 1, is 0");

    // A branch that extends the base already reads it as itself.
    let horse: Animal = serde_json::from_value(json!({"kind": "horse", "name": "Ed", "hooves": 4})).unwrap();
    assert!(matches!(horse, Animal::Horse(Horse { ref name, hooves: Some(4), .. }) if name == "Ed"), "{horse:?}");

    // A value that is no object is what the other branch says.
    assert_eq!(serde_json::from_value::<Label>(json!("hi")).unwrap(), Label::String("hi".into()));
    let label = json!({"lang": "en", "pages": 1});
    assert_eq!(serde_json::to_value(serde_json::from_value::<Label>(label.clone()).unwrap()).unwrap(), label);

    // One branch: one struct of both.
    let stamp: Stamp = serde_json::from_value(json!({"issued": "1840", "pages": 1})).unwrap();
    assert_eq!(stamp, Stamp { issued: Some("1840".into()), pages: 1 });
}

/// An `allOf` of objects and one union reads each value into the branch it fits, the objects'
/// properties kept (it was any JSON value); a union part of its own discriminator stays tagged.
#[test]
fn an_all_of_holding_a_union_reads_every_part() {
    use fixture_models::union_base_properties::{Delivery, DeliveryVan, Item, ItemLocationId};
    let sent = json!({"weight": 3, "id": "i1", "location_id": 12});
    let read: Item = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(read, Item::LocationId(ItemLocationId { weight: 3, id: "i1".into(), location_id: 12 }));
    assert_eq!(serde_json::to_value(&read).unwrap(), sent);
    // The `required` beside the `allOf` holds in every variant.
    assert!(matches!(serde_json::from_value::<Item>(json!({"weight": 3, "location": "hall"})).unwrap(), Item::Other(_)));

    // The union part's own `required`, and the base's beside a `$ref` branch that has every
    // base property, hold in every variant.
    use fixture_models::union_base_properties::{Crate, CrateParcel, Ticket};
    assert_eq!(serde_json::from_value::<Crate>(json!({"label": "L", "weight": 2})).unwrap(), Crate::Parcel(CrateParcel { label: "L".into(), weight: 2 }));
    assert!(matches!(serde_json::from_value::<Crate>(json!({"weight": 2})).unwrap(), Crate::Other(_)));
    assert!(matches!(serde_json::from_value::<Ticket>(json!({"text": "t"})).unwrap(), Ticket::Other(_)));
    assert!(matches!(serde_json::from_value::<Ticket>(json!({"id": "a", "text": "t"})).unwrap(), Ticket::Draft(_)));

    let van = json!({"courier": "Van", "tracking": "T1", "plate": "AB-12"});
    let read: Delivery = serde_json::from_value(van.clone()).unwrap();
    assert_eq!(read, Delivery::Van(DeliveryVan { tracking: "T1".into(), plate: Some("AB-12".into()) }));
    assert_eq!(serde_json::to_value(&read).unwrap(), van);
}

/// A discriminator base written as an `allOf` of its own parts reads a child's value into the
/// child, every field kept (it read as the base's struct, the child's fields dropped).
#[test]
fn a_base_built_with_all_of_reads_into_its_children() {
    use fixture_models::union_inheritance::{Circle, Shape};
    let sent = json!({"shapeType": "Circle", "id": "c1", "radius": 2.5});
    let read: Shape = serde_json::from_value(sent.clone()).unwrap();
    assert!(matches!(read, Shape::Circle(Circle { radius: Some(2.5), ref id, .. }) if id.as_deref() == Some("c1")), "{read:?}");
    assert_eq!(serde_json::to_value(&read).unwrap(), sent);
    let other: Shape = serde_json::from_value(json!({"shapeType": "Hexagon", "id": "h"})).unwrap();
    assert!(matches!(other, Shape::Other(_)), "{other:?}");
}

/// Children that repeat their base's discriminator stay the structs they are (not unions of
/// their siblings); variants that do not declare the tag only their base declares read as the
/// schemas they name.
#[test]
fn children_repeating_the_discriminator_stay_children() {
    use fixture_models::union_base_properties::{Account, Personal};
    use fixture_models::union_inheritance::{Rat, Rodent};
    let sent = json!({"kind": "rat", "tail": 9});
    let read: Rodent = serde_json::from_value(sent.clone()).unwrap();
    assert!(matches!(read, Rodent::Rat(Rat { tail: Some(9), .. })), "{read:?}");
    assert_eq!(serde_json::to_value(&read).unwrap(), sent);
    let personal = json!({"kind": "personal", "name": "Ada"});
    let read: Account = serde_json::from_value(personal.clone()).unwrap();
    assert_eq!(read, Account::Personal(Personal { name: Some("Ada".to_owned()) }));
    assert_eq!(serde_json::to_value(&read).unwrap(), personal);
}
