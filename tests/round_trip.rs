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
