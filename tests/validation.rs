//! Generated validators: for each rule a passing and a failing case at the boundary, on the
//! vendor models and on the `validation` fixture for the rules the vendor specs do not use.

use fixture_models::validation::{Line, Order, OrderStatus};
use fixture_models::Validate as _;
use serde_json::json;
use vendor_apis::support::Rule;
use vendor_apis::{capillary, energycap, Validate};

fn place_group(filters: Option<Vec<energycap::FilterEdit>>, members: Option<Vec<i32>>, info: &str) -> energycap::PlaceGroupRequest {
    energycap::PlaceGroupRequest {
        automatic_group_filters: filters.map(Some),
        limit_members_by_topmost: false,
        manual_group_members: members,
        place_group_category_id: 1,
        place_group_info: info.to_owned(),
    }
}

fn filter() -> energycap::FilterEdit {
    energycap::FilterEdit { field_id: 1, operator: "equals".to_owned(), value: Some("x".to_owned()) }
}

/// (path, rule keyword) of every violation, for compact assertions; works for the violations of
/// either crate.
macro_rules! broken {
    ($result:expr) => {
        $result
            .err()
            .map(|e| e.violations.into_iter().map(|v| (v.path, serde_json::to_value(v.rule).unwrap())).collect::<Vec<_>>())
            .unwrap_or_default()
    };
}

fn rule(rule: Rule) -> serde_json::Value {
    serde_json::to_value(rule).unwrap()
}

#[test]
fn place_group_info_length_counts_code_points() {
    assert_eq!(broken!(place_group(None, Some(vec![]), &"é".repeat(255)).validate()), []);
    assert_eq!(broken!(place_group(None, Some(vec![]), "").validate()), [], "0 characters are allowed");
    let errors = place_group(None, Some(vec![]), &"é".repeat(256)).validate().unwrap_err();
    assert_eq!(errors.violations.len(), 1);
    let violation = &errors.violations[0];
    assert_eq!((violation.path.as_str(), violation.rule), ("placeGroupInfo", Rule::MaxLength));
    assert_eq!((violation.limit.clone(), violation.actual.clone()), (json!(255), json!(256)));
    assert_eq!(errors.to_string(), "placeGroupInfo: must have at most 255 characters, has 256");
}

#[test]
fn exactly_one_of_filters_or_members() {
    let both = place_group(Some(vec![filter()]), Some(vec![1]), "g").validate();
    assert_eq!(broken!(both), [(String::new(), rule(Rule::ExactlyOneOf))]);
    let neither = place_group(None, None, "g").validate();
    assert_eq!(broken!(neither), [(String::new(), rule(Rule::ExactlyOneOf))]);
    assert_eq!(broken!(place_group(Some(vec![filter()]), None, "g").validate()), []);
    assert_eq!(broken!(place_group(None, Some(vec![1, 2]), "g").validate()), []);
    // An explicit null is not "set": null filters next to members is fine, null next to null is not.
    let mut request = place_group(None, Some(vec![1]), "g");
    request.automatic_group_filters = Some(None);
    assert_eq!(broken!(request.validate()), []);
    request.manual_group_members = None;
    assert_eq!(broken!(request.validate()), [(String::new(), rule(Rule::ExactlyOneOf))]);
}

#[test]
fn null_counts_as_absent_and_empty_arrays_differ() {
    // A null filter list next to an (allowed) empty member list is valid.
    let request: energycap::PlaceGroupRequest = serde_json::from_value(json!({
        "automaticGroupFilters": null, "manualGroupMembers": [], "limitMembersByTopmost": true,
        "placeGroupCategoryId": 3, "placeGroupInfo": "x"
    }))
    .unwrap();
    assert_eq!(broken!(request.validate()), []);
    // An empty filter list "cannot be empty".
    let errors = place_group(Some(vec![]), None, "g").validate().unwrap_err();
    assert_eq!(errors.to_string(), "automaticGroupFilters: must have at least 1 items, has 0");
}

#[test]
fn all_violations_are_collected() {
    let errors = place_group(Some(vec![]), Some(vec![]), &"x".repeat(300)).validate().unwrap_err();
    let rules: Vec<Rule> = errors.violations.iter().map(|v| v.rule).collect();
    assert_eq!(rules, [Rule::MinItems, Rule::MaxLength, Rule::ExactlyOneOf]);
    assert_eq!(errors.to_string().lines().count(), 3);
    let json = serde_json::to_value(&errors).unwrap();
    assert_eq!(json["violations"][0], json!({"path": "automaticGroupFilters", "rule": "minItems", "limit": 1, "actual": 0}));
}

#[test]
fn capillary_group_name_max_50() {
    let request = |name: &str| capillary::UserGroupUpdateRequest {
        id: 1,
        external_id: None,
        extended_fields: None,
        group_name: name.to_owned(),
        max_group_size: None,
    };
    assert_eq!(broken!(request(&"a".repeat(50)).validate()), []);
    assert_eq!(broken!(request(&"日".repeat(50)).validate()), [], "50 multibyte characters fit");
    assert_eq!(broken!(request(&"a".repeat(51)).validate()), [("groupName".to_owned(), rule(Rule::MaxLength))]);
    assert_eq!(broken!(request(&"日".repeat(51)).validate()), [("groupName".to_owned(), rule(Rule::MaxLength))]);
}

fn order() -> Order {
    serde_json::from_value(json!({"sku": "ABC-1234", "quantity": 1, "lines": [{"operator": "equals"}]})).unwrap()
}

/// An `f32` is checked at its own precision: `0.1f32` is at a `minimum` of 0.1 (though widened
/// it is 0.10000000149…), `0.3f32` a multiple of 0.1 and one of the `enum`'s values.
#[test]
fn single_precision_numbers_meet_their_bounds() {
    let mut order = order();
    for ratio in [0.1f32, 0.3, 0.7] {
        order.ratio = Some(ratio);
        assert_eq!(order.validate(), Ok(()), "{ratio}");
    }
    order.ratio = Some(0.5);
    assert_eq!(broken!(order.validate()), [("ratio".to_owned(), rule(Rule::Enum))]);
    order.ratio = Some(f32::from_bits(0.3f32.to_bits() + 1));
    assert!(broken!(order.validate()).contains(&("ratio".to_owned(), rule(Rule::MultipleOf))), "one ulp off is no multiple");
    order.ratio = Some(0.5);
    order.scale = Some(f32::MAX);
    assert_eq!(broken!(order.validate()), [("ratio".to_owned(), rule(Rule::Enum))], "a bound beyond f32's range");
    order.ratio = Some(0.75);
    let broken = broken!(order.validate());
    assert!(broken.contains(&("ratio".to_owned(), rule(Rule::Maximum))) && broken.contains(&("ratio".to_owned(), rule(Rule::MultipleOf))), "{broken:?}");
}

#[test]
fn fixture_order_is_valid_at_the_limits() {
    let mut order = order();
    order.quantity = 100;
    order.discount = Some(0.5);
    order.pack_size = Some(12);
    order.weight = Some(0.3);
    order.priority = Some(3);
    order.tags = Some(vec!["ab".into(), "cd".into(), "ef".into()]);
    order.attributes = Some([("k".to_owned(), "12345".to_owned())].into());
    order.status = Some(OrderStatus::Closed);
    order.gift_note = Some("hi".into());
    order.reference = Some("lower-case is not checked: the pattern cannot be compiled".into());
    assert_eq!(broken!(order.validate()), []);
}

#[test]
fn min_properties() {
    let mut order = order();
    order.attributes = Some(Default::default());
    assert_eq!(broken!(order.validate()), [("attributes".to_owned(), rule(Rule::MinProperties))]);
}

#[test]
fn fixture_order_every_rule_fails_just_past_the_limit() {
    let mut order = order();
    order.sku = "abc-1234".into();
    order.quantity = 0;
    order.discount = Some(1.0);
    order.pack_size = Some(13);
    order.weight = Some(0.25);
    order.priority = Some(4);
    order.tags = Some(vec!["ab".into(), "ab".into(), "c".into(), "de".into()]);
    order.attributes = Some([("a", "123456"), ("b", "x"), ("c", "y")].map(|(k, v)| (k.to_owned(), v.to_owned())).into());
    order.status = Some(OrderStatus::from("pending"));
    order.gift_note = Some("hi".into());
    order.invoice_note = Some("there".into());
    order.lines = vec![
        Line { operator: "equals".into(), codes: None },
        Line { operator: "x".into(), codes: Some(vec!["ABC-1234".into(), "nope".into()]) },
        Line { operator: "greater-than".into(), codes: None },
    ];
    let found = broken!(order.validate());
    let expected = [
        ("sku", Rule::Pattern),
        ("quantity", Rule::Minimum),
        ("discount", Rule::ExclusiveMaximum),
        ("packSize", Rule::MultipleOf),
        ("weight", Rule::MultipleOf),
        ("priority", Rule::Enum),
        ("tags", Rule::MaxItems),
        ("tags", Rule::UniqueItems),
        ("tags[2]", Rule::MinLength),
        ("lines[1].codes[1]", Rule::Pattern),
        ("lines[2].operator", Rule::MaxLength),
        ("attributes", Rule::MaxProperties),
        ("attributes[\"a\"]", Rule::MaxLength),
        ("status", Rule::Enum),
        ("", Rule::AtMostOneOf),
    ];
    let expected: Vec<(String, serde_json::Value)> = expected.iter().map(|(p, r)| ((*p).to_owned(), rule(*r))).collect();
    assert_eq!(found, expected);
}

#[test]
fn exclusive_and_inclusive_bounds() {
    let mut order = order();
    order.discount = Some(0.0);
    assert_eq!(broken!(order.validate()), [("discount".to_owned(), rule(Rule::ExclusiveMinimum))]);
    order.discount = Some(f64::MIN_POSITIVE);
    order.quantity = 101;
    assert_eq!(broken!(order.validate()), [("quantity".to_owned(), rule(Rule::Maximum))]);
}

#[test]
fn deserialization_errors_name_the_field() {
    let overflow = r#"{"automaticGroupFilters": [{"fieldId": 1, "operator": "a"}, {"fieldId": 3000000000, "operator": "b"}],
        "limitMembersByTopmost": false, "placeGroupCategoryId": 1, "placeGroupInfo": "x"}"#;
    let error = vendor_apis::support::from_json::<energycap::PlaceGroupRequest>(overflow).unwrap_err();
    assert_eq!(error.path, "automaticGroupFilters[1].fieldId");
    assert!(error.to_string().starts_with("automaticGroupFilters[1].fieldId: invalid value: integer `3000000000`"), "{error}");
    let missing = r#"{"limitMembersByTopmost": false, "placeGroupCategoryId": 1}"#;
    let error = vendor_apis::support::from_json::<energycap::PlaceGroupRequest>(missing).unwrap_err();
    assert!(error.to_string().contains("missing field `placeGroupInfo`"), "{error}");
    let valid = r#"{"limitMembersByTopmost": false, "placeGroupCategoryId": 1, "placeGroupInfo": "x"}"#;
    assert!(vendor_apis::support::from_json::<energycap::PlaceGroupRequest>(&format!("{valid}\n")).is_ok());
    let error = vendor_apis::support::from_json::<energycap::PlaceGroupRequest>(&format!("{valid} {valid}")).unwrap_err();
    assert!(error.to_string().contains("trailing characters"), "{error}");
}

/// The generated `Deserialize` of structs reads objects as serde's derive did: keys in any order,
/// escaped or not, from text or from a `Value`; unknown keys skipped, or kept where the schema
/// allows more properties; a repeated key, a missing required field and a non-object are errors.
#[test]
fn structs_read_objects_as_the_derive_did() {
    use energycap::PlaceGroupRequest;
    use fixture_models::maps::Labels;
    let text = r#"{"unknown": {"deep": [1, {"x": null}]}, "place\u0047roupInfo": "x", "placeGroupCategoryId": 1,
        "limitMembersByTopmost": false, "manualGroupMembers": null}"#;
    let read: PlaceGroupRequest = serde_json::from_str(text).unwrap();
    assert_eq!(read.place_group_info, "x");
    assert_eq!(read.manual_group_members, None);
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::from_value::<PlaceGroupRequest>(value).unwrap(), read);

    let repeated = r#"{"placeGroupInfo": "x", "placeGroupCategoryId": 1, "limitMembersByTopmost": false, "placeGroupInfo": "y"}"#;
    let error = vendor_apis::support::from_json::<PlaceGroupRequest>(repeated).unwrap_err();
    assert!(error.to_string().contains("duplicate field `placeGroupInfo`"), "{error}");
    let error = serde_json::from_str::<PlaceGroupRequest>("[false, 1, \"x\"]").unwrap_err();
    assert!(error.to_string().contains("expected struct PlaceGroupRequest"), "{error}");

    let labels: Labels = serde_json::from_value(json!({"kind": "k", "team": "core", "tier": "1"})).unwrap();
    assert_eq!(labels.kind.as_deref(), Some("k"));
    assert_eq!(labels.additional_properties.len(), 2);
    assert_eq!(serde_json::to_value(&labels).unwrap(), json!({"kind": "k", "team": "core", "tier": "1"}));
    let error = serde_json::from_value::<Labels>(json!({"team": 1})).unwrap_err();
    assert!(error.to_string().contains("expected a string"), "{error}");
}

/// 3.1 `dependentRequired`: a street needs a city and a postcode.
#[test]
fn dependent_required() {
    use fixture_models::v31_objects::Address;
    let address = |street: Option<&str>, city: Option<&str>, postcode: Option<&str>| Address {
        street: street.map(str::to_owned),
        city: city.map(str::to_owned),
        postcode: postcode.map(str::to_owned),
    };
    assert_eq!(broken!(address(None, None, None).validate()), []);
    assert_eq!(broken!(address(Some("Main St"), Some("Springfield"), Some("12345")).validate()), []);
    let errors = address(Some("Main St"), Some("Springfield"), None).validate().unwrap_err();
    assert_eq!(errors.to_string(), r#"street: when set, ["city","postcode"] must be set too; missing ["postcode"]"#);
}

/// 3.1 numeric `exclusiveMinimum` / `exclusiveMaximum` are enforced like their 3.0 forms.
#[test]
fn exclusive_bounds_from_3_1() {
    use fixture_models::v31_scalars::{Reading, ReadingKind};
    let reading = |value: f64| Reading {
        kind: ReadingKind::Meter,
        version: None,
        value,
        label: None,
        id_or_code: None,
        status: None,
        photo: None,
    };
    assert_eq!(broken!(reading(50.0).validate()), []);
    assert_eq!(broken!(reading(0.0).validate()), [("value".to_owned(), rule(Rule::ExclusiveMinimum))]);
    assert_eq!(broken!(reading(100.0).validate()), [("value".to_owned(), rule(Rule::ExclusiveMaximum))]);
}

#[test]
fn bounds_and_enums_past_i64_are_enforced() {
    use fixture_models::big_integers::Limits;
    let limits = |unsigned, huge, wide_enum, stepped| Limits {
        anything: Some(i64::MIN),
        unsigned: Some(unsigned),
        small: None,
        huge: Some(huge),
        wide_enum: Some(wide_enum),
        stepped: Some(stepped),
    };
    // u64::MAX is a multiple of 5; as i64 it was clamped to i64::MAX, which is not.
    assert!(limits(u64::MAX, 1.2e29, u64::MAX, u64::MAX).validate().is_ok());
    let broken = broken!(limits(0, 1.3e29, 2, u64::MAX - 1).validate());
    let paths: Vec<&str> = broken.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["huge", "wide_enum", "stepped"], "{broken:?}");
    let read: Limits = serde_json::from_value(json!({"unsigned": 18446744073709551615u64, "wide_enum": 18446744073709551615u64})).unwrap();
    assert_eq!(read.unsigned, Some(u64::MAX));
}

#[test]
fn exactly_one_of_setters_leave_the_other_out() {
    let request = energycap::PlaceGroupRequest::new(false, 1, "Buildings").with_manual_group_members(vec![7]).with_automatic_group_filters(vec![filter()]);
    assert_eq!(request.manual_group_members, None, "setting the filters left the members out");
    assert!(request.validate().is_ok());
    let request = request.with_manual_group_members(vec![8]);
    assert_eq!((request.automatic_group_filters, request.manual_group_members), (None, Some(vec![8])));
    let neither = energycap::PlaceGroupRequest::new(false, 1, "Buildings");
    assert_eq!(broken!(neither.validate()), [(String::new(), rule(Rule::ExactlyOneOf))]);
}

/// `int8`, `int16`, `uint8` and `uint16` are `i64`s the validators hold to their format's range,
/// or to a tighter bound of the spec's.
#[test]
fn small_integer_formats_hold_their_range() {
    let mut order = order();
    order.level = Some(-128);
    order.port = Some(65535);
    assert_eq!(order.validate(), Ok(()));
    order.level = Some(200);
    order.port = Some(0);
    assert_eq!(broken!(order.validate()), [("level".to_owned(), rule(Rule::Maximum)), ("port".to_owned(), rule(Rule::Minimum))]);
    order.level = None;
    order.port = Some(70000);
    assert_eq!(broken!(order.validate()), [("port".to_owned(), rule(Rule::Maximum))]);
}

/// `required` holds where a property travels: a `readOnly` one in responses only (a request
/// leaves the server's `id` out), a `writeOnly` one in requests only (a response reads without
/// the `password`, a request without it is refused).
#[test]
fn read_only_and_write_only_properties_are_required_one_way() {
    use fixture_models::validation::Account;
    let response: Account = serde_json::from_value(json!({"id": "a1", "name": "ann", "manager": {"operator": "eq"}})).unwrap();
    assert_eq!((response.id.as_deref(), response.password.as_deref()), (Some("a1"), None));
    assert_eq!(response.manager.map(|manager| manager.operator), Some("eq".to_owned()));
    // `new` asks only for what a request carries: not `id`, nor `manager` (read only beside its `$ref`).
    let request = Account::new("ann");
    let error = request.validate().unwrap_err();
    assert_eq!(broken!(request.validate()), [("password".to_owned(), rule(Rule::Required))]);
    assert_eq!(error.to_string(), "password: must be set in a request");
    assert_eq!(request.with_password("secret").validate(), Ok(()));
}

/// `allOf: [$ref Base]` with a `required` of its own is a struct that requires it: a use that
/// reads as Base would let the field be missing.
#[test]
fn a_reference_that_requires_more_is_a_struct_of_its_own() {
    use fixture_models::composition::Dated;
    let read: Dated = serde_json::from_value(json!({"id": "a", "created": "2026-11-30T12:00:00Z"})).unwrap();
    assert_eq!(read.created.as_str(), "2026-11-30T12:00:00Z");
    let missing = serde_json::from_value::<Dated>(json!({"id": "a"})).unwrap_err();
    assert!(missing.to_string().contains("missing field `created`"), "{missing}");
    let extended = json!({"id": "a", "name": "n"});
    let missing = serde_json::from_value::<fixture_models::composition::DatedExtended>(extended).unwrap_err();
    assert!(missing.to_string().contains("missing field `created`"), "{missing}");
}

#[test]
fn messages_show_a_bounded_excerpt_of_the_value() {
    let mut order = order();
    let sku = format!("line one\nline two {}", "x".repeat(500));
    order.sku = sku.clone();
    let errors = order.validate().unwrap_err();
    assert_eq!(errors.violations[0].actual, json!(sku), "the violation holds the whole value");
    let message = errors.to_string();
    assert!(message.starts_with(r#"sku: must match the pattern "^[A-Z]{3}-[0-9]{4}$", is "line one\nline two xxx"#), "{message}");
    assert!(message.ends_with('…') && !message.contains('\n') && message.chars().count() < 160, "{message}");
}
