//! Every example in the vendor specs (the docs' own examples, verbatim) deserializes into the
//! generated type of its schema and serializes back to equal JSON.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use vendor_apis::{capillary, energycap};

/// An example found in a spec: where, which schema, and the value.
struct Example {
    at: String,
    schema: String,
    value: Value,
}

fn spec(name: &str) -> Value {
    let path = tests::root().join("spec").join(name);
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Examples of every JSON media type of every request body and response.
fn examples(spec: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut contents = vec![(format!("{method} {path} request"), &operation["requestBody"]["content"])];
            if let Some(responses) = operation["responses"].as_object() {
                for (status, response) in responses {
                    contents.push((format!("{method} {path} {status}"), &response["content"]));
                }
            }
            for (at, content) in contents {
                let Some(media) = content.get("application/json") else { continue };
                let schema = media["schema"]["$ref"].as_str().unwrap_or_default().rsplit('/').next().unwrap().to_owned();
                let values = media["examples"].as_object().into_iter().flatten().map(|(name, e)| (name.clone(), e["value"].clone()));
                let single = media.get("example").map(|e| ("example".to_owned(), e.clone()));
                for (name, value) in values.chain(single) {
                    found.push(Example { at: format!("{at} ({name})"), schema: schema.clone(), value });
                }
            }
        }
    }
    found
}

fn round_trip<T: DeserializeOwned + Serialize>(example: &Example) -> Value {
    let typed: T = serde_json::from_value(example.value.clone())
        .unwrap_or_else(|e| panic!("{}: the example does not read as {}: {e}", example.at, example.schema));
    serde_json::to_value(&typed).unwrap()
}

#[test]
fn energycap_examples_round_trip() {
    let examples = examples(&spec("energycap.yaml"));
    assert!(examples.len() >= 3, "expected the request and both response examples");
    for example in &examples {
        let written = match example.schema.as_str() {
            "PlaceGroupRequest" => round_trip::<energycap::PlaceGroupRequest>(example),
            "GroupPlaceGroupResponse" => round_trip::<energycap::GroupPlaceGroupResponse>(example),
            other => panic!("{}: no round trip for schema {other}; add it here", example.at),
        };
        assert_eq!(written, example.value, "{}", example.at);
    }
}

#[test]
fn capillary_examples_round_trip() {
    let examples = examples(&spec("capillary.yaml"));
    assert!(examples.len() >= 4, "expected both request and both response examples");
    for example in &examples {
        let (written, expected) = match example.schema.as_str() {
            "UserGroupUpdateRequest" => {
                // The docs send `id` as a string; the generated type reads it (x-accepts-string)
                // and writes the integer the field is documented as. Nothing else changes.
                let mut expected = example.value.clone();
                let id = expected["id"].as_str().expect("the docs' examples send id as a string");
                expected["id"] = Value::from(id.parse::<i64>().unwrap());
                (round_trip::<capillary::UserGroupUpdateRequest>(example), expected)
            }
            "UserGroupResponse" => (round_trip::<capillary::UserGroupResponse>(example), example.value.clone()),
            other => panic!("{}: no round trip for schema {other}; add it here", example.at),
        };
        assert_eq!(written, expected, "{}", example.at);
    }
}

/// Date-times compare by what they mean, whatever their text: an instant in two offsets is one
/// value (as chrono's date-times are), while each keeps its text for writing back.
#[test]
fn date_times_compare_by_instant_and_keep_their_text() {
    use vendor_apis::support::DateTime;
    let utc: DateTime = "2026-03-30T00:00:00Z".parse().unwrap();
    let plus_two: DateTime = "2026-03-30T02:00:00+02:00".parse().unwrap();
    assert_eq!(utc, plus_two);
    assert_ne!(utc.as_str(), plus_two.as_str());
    let state = std::collections::hash_map::RandomState::new();
    assert_eq!(std::hash::BuildHasher::hash_one(&state, &utc), std::hash::BuildHasher::hash_one(&state, &plus_two));
    let made = DateTime::from(chrono::DateTime::parse_from_rfc3339("2026-03-30T00:00:00Z").unwrap().to_utc());
    assert_eq!(made.as_str(), "2026-03-30T00:00:00Z");
    assert_eq!(made, utc);
    let later: DateTime = "2026-03-30T00:00:01Z".parse().unwrap();
    assert_ne!(later, utc);
}

#[test]
fn date_only_values_are_kept() {
    let response: energycap::GroupPlaceGroupResponse =
        serde_json::from_str(r#"{"lastUpdated": "2026-06-29"}"#).unwrap();
    let last_updated = response.last_updated.as_ref().unwrap();
    assert_eq!(last_updated.as_str(), "2026-06-29");
    assert!(matches!(last_updated.value(), vendor_apis::support::DateTimeValue::Date(_)));
    for text in ["2026-06-29T10:11:12Z", "2026-06-29T10:11:12.5+02:00", "2026-06-29T10:11:12"] {
        let json = serde_json::json!({ "lastUpdated": text });
        let response: energycap::GroupPlaceGroupResponse = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), json);
    }
    let error = serde_json::from_str::<energycap::GroupPlaceGroupResponse>(r#"{"lastUpdated": "yesterday"}"#).unwrap_err();
    assert!(error.to_string().contains("`yesterday` is not an RFC 3339 date-time"), "{error}");
}

/// An optional nullable field keeps absent, `null` and a value apart, both ways.
#[test]
fn null_absent_and_value_stay_distinct() {
    let json = serde_json::json!({"automaticGroupFilters": null, "manualGroupMembers": [], "limitMembersByTopmost": true,
        "placeGroupCategoryId": 3, "placeGroupInfo": "x"});
    let request: energycap::PlaceGroupRequest = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(request.automatic_group_filters, Some(None), "null");
    assert_eq!(request.manual_group_members, Some(vec![]), "an empty list, not absent");
    assert_eq!(serde_json::to_value(&request).unwrap(), json, "null is written back as null");
    let absent = energycap::PlaceGroupRequest { automatic_group_filters: None, ..request };
    let written = serde_json::to_value(&absent).unwrap();
    assert!(written.get("automaticGroupFilters").is_none(), "absent stays absent: {written}");
}

#[test]
fn lenient_integer_rejects_garbage() {
    let base = serde_json::json!({"groupName": "g"});
    for (id, ok) in [(Value::from("12"), true), (Value::from(12), true), (Value::from("twelve"), false), (Value::from(1u64 << 40), false)] {
        let mut json = base.clone();
        json["id"] = id.clone();
        let result = serde_json::from_value::<capillary::UserGroupUpdateRequest>(json);
        assert_eq!(result.is_ok(), ok, "id {id}: {result:?}");
    }
}

/// `x-accepts-string` holds wherever the integer is: an alias, array items, map values, nullable
/// items, nested arrays, the unsigned formats; each reads a number or a decimal string, writes a
/// number, and still refuses text that is no integer of its type. An array without the extension
/// stays strict.
#[test]
fn lenient_integers_read_strings_at_every_depth() {
    use fixture_models::lenient_integers::{Counters, Tally};
    let sent = serde_json::json!({
        "id": "9007199254740993",
        "ids": ["1", 2, " 3 "],
        "byName": {"a": "4", "b": 5},
        "gaps": ["6", null, 7],
        "grid": [["8"], [9, "10"]],
        "total": "18446744073709551615",
        "previous": null,
        "strict": [11]
    });
    let read: Counters = serde_json::from_value(sent).unwrap();
    assert_eq!(read.id, 9_007_199_254_740_993);
    assert_eq!(read.ids, [1, 2, 3]);
    assert_eq!(read.by_name, Some([("a".to_owned(), 4), ("b".to_owned(), 5)].into()));
    assert_eq!(read.gaps, Some(vec![Some(6), None, Some(7)]));
    assert_eq!(read.grid, Some(vec![vec![8], vec![9, 10]]));
    assert_eq!(read.total, Some(u64::MAX));
    assert_eq!(read.previous, Some(None), "null is kept apart from absent");
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(
        written,
        serde_json::json!({
            "id": 9_007_199_254_740_993_i64,
            "ids": [1, 2, 3],
            "byName": {"a": 4, "b": 5},
            "gaps": [6, null, 7],
            "grid": [[8], [9, 10]],
            "total": u64::MAX,
            "previous": null,
            "strict": [11]
        })
    );
    let base = serde_json::json!({"id": 1, "ids": []});
    for (key, value) in [
        ("ids", serde_json::json!(["x"])),
        ("ids", serde_json::json!([1_u64 << 40])),
        ("byName", serde_json::json!({"a": "4.5"})),
        ("grid", serde_json::json!([["-1"]])),
        ("total", serde_json::json!("-1")),
        ("strict", serde_json::json!(["11"])),
        ("ids", serde_json::json!([1.0])),
    ] {
        let mut json = base.clone();
        json[key] = value.clone();
        let result = serde_json::from_value::<Counters>(json);
        assert!(result.is_err(), "{key}: {value} read as {result:?}");
    }
    let tally: Tally = serde_json::from_value(serde_json::json!({"name": "t", "a": "1", "b": 2})).unwrap();
    assert_eq!(tally.additional_properties, [("a".to_owned(), 1), ("b".to_owned(), 2)].into());
    assert_eq!(serde_json::to_value(&tally).unwrap(), serde_json::json!({"name": "t", "a": 1, "b": 2}));
    assert!(serde_json::from_value::<Tally>(serde_json::json!({"name": "t", "a": "one"})).is_err());
}

/// In an OpenAPI 3.1 document an integer reads a number whose fraction is zero (`3.0`, an
/// integer in JSON Schema 2020-12) wherever it is, and writes it as an integer; a fraction, a
/// value out of the type's range, or a string (without `x-accepts-string`) is still refused.
/// A 3.0 document's integers keep refusing `3.0`.
#[test]
fn integers_of_a_3_1_document_read_whole_numbers() {
    use fixture_models::v31_integers::{CountOrLabel, Tally};
    let sent = serde_json::json!({
        "total": 3.0,
        "counts": [1.0, 2, -3.0],
        "byName": {"a": 4.0},
        "previous": 5.0,
        "serial": "6",
        "ratio": 1.0
    });
    let read: Tally = serde_json::from_value(sent).unwrap();
    assert_eq!((read.total, &read.counts, read.previous, read.serial), (3, &vec![1, 2, -3], Some(Some(5)), Some(6)));
    assert_eq!(read.by_name, Some([("a".to_owned(), 4)].into()));
    let written = serde_json::to_value(&read).unwrap();
    let expected = serde_json::json!({"total": 3, "counts": [1, 2, -3], "byName": {"a": 4}, "previous": 5, "serial": 6, "ratio": 1.0});
    assert_eq!(written, expected);
    let serial: Tally = serde_json::from_value(serde_json::json!({"total": 1, "counts": [], "serial": 7.0})).unwrap();
    assert_eq!(serial.serial, Some(7), "x-accepts-string reads a whole number too");
    let base = serde_json::json!({"total": 1, "counts": []});
    for (key, value) in [
        ("counts", serde_json::json!([1.5])),
        ("counts", serde_json::json!([3e9])),
        ("counts", serde_json::json!(["1"])),
        ("total", serde_json::json!(1e19)),
        ("byName", serde_json::json!({"a": -1.0})),
        ("serial", serde_json::json!(-2.0)),
    ] {
        let mut json = base.clone();
        json[key] = value.clone();
        let result = serde_json::from_value::<Tally>(json);
        assert!(result.is_err(), "{key}: {value} read as {result:?}");
    }
    assert_eq!(serde_json::from_value::<CountOrLabel>(serde_json::json!(3.0)).unwrap(), CountOrLabel::I32(3));
    assert_eq!(serde_json::from_value::<CountOrLabel>(serde_json::json!("3")).unwrap(), CountOrLabel::String("3".to_owned()));
    use fixture_models::v31_integers::Versioned;
    let versioned: Versioned = serde_json::from_value(serde_json::json!({"version": 2.0, "title": "t"})).unwrap();
    assert!(matches!(&versioned, Versioned::V2(v2) if v2.title == "t"), "{versioned:?}");
    assert_eq!(serde_json::to_value(&versioned).unwrap(), serde_json::json!({"version": 2, "title": "t"}));
    let other: Versioned = serde_json::from_value(serde_json::json!({"version": 2.5, "title": "t"})).unwrap();
    assert!(matches!(other, Versioned::Other(_)), "{other:?}");
    use fixture_models::support::Operation;
    use fixture_models::v31_integers::client::ListCounts;
    assert_eq!(ListCounts::parse(http::StatusCode::OK, b"[1.0, 2]").unwrap(), [1, 2]);
    use fixture_models::lenient_integers::Counters;
    let result = serde_json::from_value::<Counters>(serde_json::json!({"id": 1, "ids": [], "strict": [1.0]}));
    assert!(result.is_err(), "3.0: {result:?}");
}

/// A response body that is itself an array of `x-accepts-string` integers reads strings too, a
/// success or a documented error, and so does an event's data; a string that is no integer fails
/// with the path of the item.
#[test]
fn a_lenient_response_body_reads_strings() {
    use fixture_models::lenient_integers::client::ListSerials;
    use fixture_models::support::{Error, Operation};
    let ok = http::StatusCode::OK;
    assert_eq!(ListSerials::parse(ok, br#"["1", 2, " 3"]"#).unwrap(), [1, 2, 3]);
    match ListSerials::parse(ok, br#"[1, "two"]"#) {
        Err(Error::InvalidBody { error, .. }) => assert_eq!(error.path, "[1]", "{error:?}"),
        other => panic!("read {other:?}"),
    }
    // A documented error body of the same shape too.
    use fixture_models::lenient_integers::client::{ReplaceSerials, ReplaceSerialsError};
    match ReplaceSerials::parse(http::StatusCode::CONFLICT, br#"["4", 5]"#) {
        Err(Error::Api { error: ReplaceSerialsError::Conflict(body), .. }) => assert_eq!(body.parsed, Some(vec![4, 5])),
        other => panic!("read {other:?}"),
    }
    // Each event's data of a `text/event-stream` too.
    use fixture_models::lenient_integers::client::FollowSerials;
    let events = FollowSerials::parse(ok, b"data: \"7\"\n\ndata: 8\n\n").unwrap();
    assert_eq!(events.iter().map(|event| event.data).collect::<Vec<_>>(), [7, 8]);
    assert!(matches!(FollowSerials::parse(ok, b"data: \"seven\"\n\n"), Err(Error::InvalidBody { .. })));
}

/// A struct writes and reads the tokens serde's derive did: `serialize_struct` with the number of
/// fields it sends, an absent optional field left out, a `null` kept apart from absent. (Reading
/// takes the JSON view of a field that may be absent or `null`: one `Option` level, not two.)
#[test]
fn structs_write_the_tokens_of_serdes_derive() {
    use fixture_models::nullable_30::Patch;
    use serde_test::{assert_ser_tokens, assert_tokens, Token};
    let error = serde_json::from_str::<Patch>("1").unwrap_err();
    assert!(error.to_string().contains("expected struct Patch"), "{error}");
    let absent = Patch { name: None, cleared: None };
    assert_tokens(&absent, &[Token::Struct { name: "Patch", len: 1 }, Token::Str("cleared"), Token::None, Token::StructEnd]);
    let null = Patch { name: Some(None), cleared: Some(3) };
    assert_ser_tokens(
        &null,
        &[
            Token::Struct { name: "Patch", len: 2 },
            Token::Str("name"),
            Token::Some,
            Token::None,
            Token::Str("cleared"),
            Token::Some,
            Token::I64(3),
            Token::StructEnd,
        ],
    );
    let valued = Patch { name: Some(Some("n".to_owned())), cleared: None };
    assert_ser_tokens(
        &valued,
        &[
            Token::Struct { name: "Patch", len: 2 },
            Token::Str("name"),
            Token::Some,
            Token::Some,
            Token::Str("n"),
            Token::Str("cleared"),
            Token::None,
            Token::StructEnd,
        ],
    );
}

/// With `additionalProperties`, a struct is a map of its fields and then the other properties,
/// as serde's `flatten` wrote it, with the number of entries.
#[test]
fn additional_properties_follow_the_fields() {
    use fixture_models::maps::Labels;
    use serde_test::{assert_tokens, Token};
    let labels = Labels { kind: Some("k".to_owned()), additional_properties: [("a".to_owned(), "1".to_owned())].into() };
    assert_tokens(
        &labels,
        &[
            Token::Map { len: Some(2) },
            Token::Str("kind"),
            Token::Some,
            Token::Str("k"),
            Token::Str("a"),
            Token::Str("1"),
            Token::MapEnd,
        ],
    );    let only = fixture_models::maps::OnlyExtra { additional_properties: [("b".to_owned(), "2".to_owned())].into() };
    assert_tokens(&only, &[Token::Map { len: Some(1) }, Token::Str("b"), Token::Str("2"), Token::MapEnd]);
}

/// The first error a field's writing meets is the struct's error, and nothing is written after it.
#[test]
fn a_failed_field_ends_the_struct() {
    /// Takes `limit` bytes, then fails every write and counts it.
    struct Failing {
        limit: usize,
        written: usize,
        refused: usize,
    }
    impl std::io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.written + buf.len() > self.limit {
                self.refused += 1;
                return Err(std::io::Error::other("full"));
            }
            self.written += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let request = energycap::PlaceGroupRequest::new(true, 7, "info");
    let whole = serde_json::to_vec(&request).unwrap();
    for limit in 0..whole.len() {
        let mut out = Failing { limit, written: 0, refused: 0 };
        let error = serde_json::to_writer(&mut out, &request).expect_err("the writer is full");
        assert!(error.is_io(), "{error}");
        assert_eq!(out.refused, 1, "at {limit} bytes: a write after the first error");
    }
}

/// A documented code is read as itself even where the document lists its range first: `404`
/// is `NotFound`, another 4xx the range's variant with its own body.
#[test]
fn a_status_code_wins_over_its_range() {
    use fixture_models::responses::client::{GetItem, GetItemError};
    use fixture_models::support::{Error, Operation};
    match GetItem::parse(http::StatusCode::NOT_FOUND, b"") {
        Err(Error::Api { error: GetItemError::NotFound(_), .. }) => {}
        other => panic!("read {other:?}"),
    }
    match GetItem::parse(http::StatusCode::CONFLICT, br#"{"title": "taken"}"#) {
        Err(Error::Api { error: GetItemError::Status4xx(body), .. }) => assert_eq!(body.parsed.unwrap().title.as_deref(), Some("taken")),
        other => panic!("read {other:?}"),
    }
    assert_eq!(GetItem::parse(http::StatusCode::OK, br#"{"id": "a"}"#).unwrap().id, "a");
}

/// A component that says `nullable: true` (as GitHub's `nullable-simple-user`, a required
/// `assignee` of every issue) takes `null` wherever it is used: a required property, an optional
/// one (`null` kept apart from absent), list items, an alias, a whole response body; every
/// value writes back as it came.
#[test]
fn nullable_components_read_null_where_they_are_used() {
    use fixture_models::nullable_components::client::CurrentTicket;
    use fixture_models::nullable_components::{Level, NullableTicket, Owner};
    use fixture_models::support::Operation;

    let text = serde_json::json!({"owner": null, "level": null, "code": null, "reviewer": null, "watchers": [null, {"name": "a"}]});
    let ticket: NullableTicket = serde_json::from_value(text.clone()).unwrap();
    assert_eq!((ticket.owner.as_ref(), ticket.level.as_ref(), ticket.code.as_ref()), (None, None, None));
    assert_eq!(ticket.reviewer, Some(None));
    assert_eq!(ticket.watchers, Some(vec![None, Some(Owner { name: "a".into() })]));
    assert_eq!(serde_json::to_value(&ticket).unwrap(), text);

    let full = serde_json::json!({"owner": {"name": "b"}, "level": "high", "code": "x"});
    let ticket: NullableTicket = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(serde_json::to_value(&ticket).unwrap(), full);
    assert_eq!((ticket.level, ticket.reviewer), (Some(Level::High), None));

    assert_eq!(CurrentTicket::parse(http::StatusCode::OK, b"null").unwrap(), None);
}
