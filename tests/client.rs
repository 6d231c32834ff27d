//! The generated clients against an in-process HTTP server on loopback (wiremock): method, path,
//! headers, auth and body of every operation; documented and hostile responses; retries,
//! timeouts, validation before sending; and the sans-IO layer without any network.

use std::time::Duration;

use serde_json::{json, Value};
use vendor_apis::capillary::client as cap;
use vendor_apis::energycap::client as ec;
use vendor_apis::support::{CodeKind, Error, Operation, RetryPolicy, Secret};
use vendor_apis::{capillary, energycap};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn docs_response() -> Value {
    json!({
        "autoGroup": false, "lastUpdated": "2026-03-30", "limitMembersByTopmost": false, "memberCount": 1,
        "memberCountWithTopmost": 1,
        "placeGroupCategory": {"placeGroupCategoryCode": "string", "placeGroupCategoryId": 1, "placeGroupCategoryInfo": "string"},
        "placeGroupCode": "string", "placeGroupId": 1, "placeGroupInfo": "string", "userDefinedAutoGroup": false,
        "userDefinedAutoGroupFilters": [{
            "availableOperator": ["string"], "caption": "string", "dataFieldId": 1,
            "dataType": {"dataTypeCode": "string", "dataTypeId": 1, "dataTypeInfo": "string"},
            "fieldId": 1, "hidden": false, "operator": "string", "queryParameterName": "string",
            "recommended": false, "required": false, "value": "string"
        }]
    })
}

fn place_group_request() -> energycap::PlaceGroupRequest {
    energycap::PlaceGroupRequest {
        automatic_group_filters: None,
        limit_members_by_topmost: true,
        manual_group_members: Some(vec![7, 8]),
        place_group_category_id: 3,
        place_group_info: "Buildings".into(),
    }
}

async fn energycap(server: &MockServer) -> ec::Client<vendor_apis::support::ReqwestTransport> {
    let mut client = ec::Client::new(server.uri()).with_auth(ec::Auth::ApiKey(Secret::new("key-123")));
    client.config_mut().retry = RetryPolicy { max_retries: 2, min_delay: Duration::from_millis(1), max_delay: Duration::from_millis(5), ..RetryPolicy::default() };
    client
}

#[tokio::test]
async fn every_energycap_operation_sends_what_the_spec_says() {
    let server = MockServer::start().await;
    for (verb, route) in [("GET", "/api/v3/placeGroup/42"), ("POST", "/api/v3/placeGroup/42/updateUserAutoGroup")] {
        Mock::given(method(verb))
            .and(path(route))
            .and(header("ECI-ApiKey", "key-123"))
            .and(header("Content-Type", "application/json"))
            .and(header("Accept", "application/json"))
            .and(header("User-Agent", concat!("vendor-apis/", env!("CARGO_PKG_VERSION"))))
            .respond_with(ResponseTemplate::new(200).set_body_json(docs_response()).insert_header("x-request-id", "req-7"))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("PUT"))
        .and(path("/api/v3/placeGroup/42"))
        .and(header("ECI-ApiKey", "key-123"))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({
            "limitMembersByTopmost": true, "manualGroupMembers": [7, 8], "placeGroupCategoryId": 3, "placeGroupInfo": "Buildings"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(docs_response()))
        .expect(1)
        .mount(&server)
        .await;
    let client = energycap(&server).await;
    let got = client.get_place_group_v3(42).send().await.unwrap();
    // The value, with the status and headers it came with.
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["x-request-id"], "req-7");
    assert_eq!(got.last_updated.as_ref().unwrap().as_str(), "2026-03-30");
    let edited = client.edit_place_group_v3(42, &place_group_request()).send().await.unwrap();
    assert_eq!(edited.member_count, Some(1));
    let refreshed = client.recalculate_user_place_auto_group_memebership_v3(42).send().await.unwrap();
    assert_eq!(refreshed.into_inner().user_defined_auto_group_filters.unwrap()[0].data_type.as_ref().unwrap().data_type_id, 1);
}

#[tokio::test]
async fn capillary_update_user_group_with_basic_auth_and_warnings() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/userGroup2"))
        .and(header("Authorization", "Basic dXNlcjpwYXNz"))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({"id": 3962909, "externalId": "uat_ug_10_txn", "groupName": "uatUserGroup10Transactions", "maxGroupSize": 2})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 3962909, "externalId": "uat_ug_10_txn", "groupName": "uatUserGroup10Transactions", "maxGroupSize": 2,
            "extendedFields": {"ug_status": "Active", "usergroup2_automation_extended_field": 25},
            "warnings": [{"code": 91016, "message": "incorrect extended field", "status": false}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = cap::Client::new(server.uri()).with_auth(cap::Auth::BasicAuth { username: "user".into(), password: Secret::new("pass") });
    let request = capillary::UserGroupUpdateRequest {
        id: 3962909,
        external_id: Some("uat_ug_10_txn".into()),
        extended_fields: None,
        group_name: "uatUserGroup10Transactions".into(),
        max_group_size: Some(2),
    };
    let response = client.update_user_group(&request).send().await.unwrap().into_inner();
    let warning = response.find_in_warnings(capillary::codes::INCORRECT_EXTENDED_FIELDS_91016).expect("warning 91016");
    assert_eq!(warning.message.as_deref(), Some("incorrect extended field"));
    let documented = warning.documented_code().unwrap();
    assert_eq!((documented.kind, documented.message), (CodeKind::Warning, "This is a warning indicating the extended fields are incorrect."));
    assert!(response.find_in_warnings(capillary::codes::INCORRECT_EXTENDED_FIELDS_91017).is_none());
    assert!(response.find_in_warnings(91016).is_some(), "a bare number finds it too");
    assert_eq!(response.extended_fields.unwrap()["usergroup2_automation_extended_field"], json!(25));
}

#[tokio::test]
async fn capillary_error_codes_are_parsed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "errors": [{"code": 1632, "message": "Group ID, externalD, or primary userID is not valid", "status": false}]
        })))
        .mount(&server)
        .await;
    let client = cap::Client::new(server.uri());
    let request = capillary::UserGroupUpdateRequest { id: 1, external_id: None, extended_fields: None, group_name: "g".into(), max_group_size: None };
    let error = client.update_user_group(&request).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
    // The message quotes the body: the vendor's text is what an operator needs in a log.
    assert_eq!(
        error.to_string(),
        r#"the server answered 400 Bad Request (a documented error): {"errors":[{"code":1632,"message":"Group ID, externalD, or primary userID is not valid","status":false}]}"#
    );
    let Some(cap::UpdateUserGroupError::Default(body)) = error.api() else { panic!("expected the documented error, got {error:?}") };
    let body = body.parsed.as_ref().unwrap();
    let message = body.find_in_errors(capillary::codes::INVALID_GROUP_OR_USER_ID).expect("error 1632");
    assert_eq!(message.documented_code().map(|code| code.kind), Some(CodeKind::Error));
    assert!(body.find_in_warnings(capillary::codes::INCORRECT_EXTENDED_FIELDS_91016).is_none());
}

/// Every documented code is listed, described, and found by its number; unknown numbers are not.
#[test]
fn documented_codes_are_constants() {
    let numbers: Vec<i64> = capillary::codes::ALL.iter().map(|code| code.code).collect();
    assert_eq!(numbers, [1632, 91016, 91017]);
    assert_eq!(capillary::codes::describe(1632), Some(capillary::codes::INVALID_GROUP_OR_USER_ID));
    assert_eq!(capillary::codes::describe(1633), None);
    let message = capillary::ApiMessage::default().with_code(42);
    assert!(message.has_code(42) && !message.has_code(capillary::codes::INVALID_GROUP_OR_USER_ID));
    assert_eq!(message.documented_code(), None);
    assert_eq!(capillary::codes::INVALID_GROUP_OR_USER_ID.to_string(), "1632 Group ID, externalD, or primary userID is not valid");
}

#[tokio::test]
async fn documented_error_statuses_keep_their_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(404).set_body_string("{\"message\": \"no such group\"}"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("denied"))
        .mount(&server)
        .await;
    let client = energycap(&server).await;
    match client.recalculate_user_place_auto_group_memebership_v3(1).send().await {
        Err(Error::Api { error: ec::RecalculateUserPlaceAutoGroupMemebershipV3Error::NotFound(body), .. }) => {
            assert_eq!(body.parsed, Some(json!({"message": "no such group"})));
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    match client.get_place_group_v3(1).send().await {
        Err(Error::Api { error: ec::GetPlaceGroupV3Error::Unauthorized(body), .. }) => {
            assert_eq!(body.raw.text(), "denied");
            assert_eq!(body.parsed, None);
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}

#[tokio::test]
async fn hostile_responses_are_errors_not_panics() {
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    let huge = format!("{{\"placeGroupInfo\": \"{}\"}}", "x".repeat(8 << 20));
    let cases: Vec<(u16, String, &str)> = vec![
        (200, "{\"memberCount\": \"many\"}".into(), "invalid body"),
        (200, "{\"memberCount\": 1, \"placeGr".into(), "invalid body"),
        (200, String::new(), "invalid body"),
        (200, "[1, 2, 3]".into(), "invalid body"),
        (200, "{\"memberCount\": 99999999999}".into(), "invalid body"),
        (200, "{\"memberCount\": 1} {\"memberCount\": 2}".into(), "invalid body"),
        (200, "{\"memberCount\": 1},".into(), "invalid body"),
        (200, "{\"memberCount\": 1}\r\n".into(), "ok"),
        (500, html.into(), "unexpected status"),
        (302, String::new(), "unexpected status"),
        (200, huge, "ok"),
    ];
    for (status, body, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(status).set_body_string(body.clone())).mount(&server).await;
        let client = energycap(&server).await;
        let outcome = match client.get_place_group_v3(1).send().await {
            Ok(_) => "ok",
            Err(Error::InvalidBody { body: raw, error, .. }) => {
                assert_eq!(raw.0, body.as_bytes(), "the raw body is kept");
                assert!(!error.message.is_empty());
                "invalid body"
            }
            Err(error @ Error::UnexpectedStatus { .. }) => {
                assert_eq!(error.status(), Some(http::StatusCode::from_u16(status).unwrap()));
                let Error::UnexpectedStatus { body: raw, .. } = &error else { unreachable!() };
                assert_eq!(raw.text(), body);
                let text = error.to_string();
                assert!(!text.contains('\n') && text.chars().count() < 200, "one bounded line: {text}");
                "unexpected status"
            }
            Err(other) => panic!("{status} {:?}: unexpected {other:?}", &body[..body.len().min(40)]),
        };
        assert_eq!(outcome, expected, "status {status}, body {:?}", &body[..body.len().min(40)]);
    }
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200).set_body_json(docs_response())).expect(0).mount(&server).await;
    let client = energycap(&server).await;
    let mut request = place_group_request();
    request.automatic_group_filters = Some(Some(vec![]));
    request.place_group_info = "é".repeat(256);
    match client.edit_place_group_v3(1, &request).send().await {
        Err(error @ Error::Validation(_)) => {
            let Error::Validation(errors) = &error else { unreachable!() };
            assert_eq!(errors.violations.len(), 3, "{errors}");
            assert!(error.is_request());
            assert!(error.to_string().ends_with("(and 2 more)"), "{error}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200).set_body_json(docs_response())).expect(1).mount(&server).await;
    let mut client = energycap(&server).await;
    client.config_mut().validate = false;
    let mut request = place_group_request();
    request.automatic_group_filters = Some(Some(vec![]));
    client.edit_place_group_v3(1, &request).send().await.unwrap();
}

#[tokio::test]
async fn idempotent_methods_retry_on_retryable_statuses() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).expect(2).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(docs_response())).expect(1).mount(&server).await;
    let client = energycap(&server).await;
    client.get_place_group_v3(1).send().await.unwrap();
}

#[tokio::test]
async fn post_is_not_retried_and_retries_can_be_off() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).expect(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(429)).expect(1).mount(&server).await;
    let mut client = energycap(&server).await;
    let error = client.recalculate_user_place_auto_group_memebership_v3(1).send().await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { status, .. } if status == 503), "{error:?}");
    client.config_mut().retry = RetryPolicy::NONE;
    let error = client.get_place_group_v3(1).send().await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { status, .. } if status == 429), "{error:?}");
}

#[tokio::test]
async fn timeouts_and_transport_errors_are_distinct() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(docs_response()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let mut client = energycap(&server).await;
    client.config_mut().timeout = Duration::from_millis(100);
    client.config_mut().retry = RetryPolicy::NONE;
    let error = client.get_place_group_v3(1).send().await.unwrap_err();
    assert!(error.is_timeout() && error.status().is_none(), "{error:?}");
    // Nothing listens on this port once the listener is dropped.
    let port = tests::free_port();
    let mut client = ec::Client::new(format!("http://127.0.0.1:{port}"));
    client.config_mut().retry = RetryPolicy::NONE;
    let error = client.get_place_group_v3(1).send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    // The cause under reqwest reaches a reporter through `source()`.
    let chain = error_chain(&error);
    assert!(chain.len() >= 3, "{chain:?}");
    assert!(chain.iter().any(|cause| cause.to_lowercase().contains("connect")), "{chain:?}");
}

/// An error's message and each cause's under it, as a reporter shows them.
fn error_chain(error: &dyn std::error::Error) -> Vec<String> {
    std::iter::successors(Some(error), |error| error.source()).map(ToString::to_string).collect()
}

#[test]
fn header_names_are_checked_not_panicked_on() {
    let mut headers = http::HeaderMap::new();
    vendor_apis::support::insert_header(&mut headers, "X-Request-Id", "1", false).unwrap();
    assert_eq!(headers["x-request-id"], "1");
    let error = vendor_apis::support::insert_header(&mut headers, "bad name", "1", false).unwrap_err();
    assert_eq!(error.to_string(), "header `bad name`: not a valid header name or value");
}

#[test]
fn secrets_never_show_in_debug() {
    let client = ec::Client::new("https://app.energycap.com").with_auth(ec::Auth::ApiKey(Secret::new("super-secret-key")));
    assert!(!format!("{client:?}").contains("super-secret-key"));
    let basic = cap::Auth::BasicAuth { username: "u".into(), password: Secret::new("hunter2") };
    assert!(!format!("{basic:?}").contains("hunter2"));
    let auth = ec::Auth::ApiKey(Secret::new("super-secret-key"));
    let request = vendor_apis::support::build_request(&ec::GetPlaceGroupV3 { place_group_id: 1 }, "https://x", &[], Some(&auth)).unwrap();
    assert!(request.headers()["eci-apikey"].is_sensitive());
    assert!(!format!("{request:?}").contains("super-secret-key"));
}

#[test]
fn sans_io_request_and_response() {
    let body = place_group_request();
    let operation = ec::EditPlaceGroupV3 { place_group_id: 42, body: &body };
    let request = vendor_apis::support::build_request(&operation, "https://app.energycap.com/", ec::REQUIRED_HEADERS, None).unwrap();
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(request.uri(), "https://app.energycap.com/api/v3/placeGroup/42");
    assert_eq!(request.headers()["content-type"], "application/json");
    let sent: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent["placeGroupInfo"], "Buildings");
    let response = http::Response::builder().status(200).body(serde_json::to_vec(&docs_response()).unwrap()).unwrap();
    let parsed = vendor_apis::support::parse_response::<ec::EditPlaceGroupV3>(&response).unwrap();
    assert_eq!(parsed.place_group_id, Some(1));
    assert_eq!(ec::EditPlaceGroupV3::OPERATION_ID, "EditPlaceGroupV3");
    assert_eq!(ec::SERVERS.len(), 5);
    assert_eq!(cap::SERVERS[0].template, "https://{host}");
}

#[tokio::test]
async fn retry_after_is_waited_for_unless_it_is_too_long() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(docs_response())).expect(1).mount(&server).await;
    let client = energycap(&server).await;
    let started = std::time::Instant::now();
    client.get_place_group_v3(1).send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "the backoff of 1-5 ms gave way to Retry-After: 1");

    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600")).expect(1).mount(&server).await;
    let client = energycap(&server).await;
    let error = client.get_place_group_v3(1).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS), "an hour is past max_retry_after: no retry");
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(80))).mount(&server).await;
    let mut client = energycap(&server).await;
    client.config_mut().retry = RetryPolicy { max_retries: 50, ..client.config_mut().retry };
    client.config_mut().deadline = Some(Duration::from_millis(300));
    let started = std::time::Instant::now();
    assert!(client.get_place_group_v3(1).send().await.unwrap_err().is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn response_bodies_past_the_limit_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(docs_response())).mount(&server).await;
    let transport = vendor_apis::support::ReqwestTransport::default().with_max_response_bytes(64);
    let mut client = ec::Client::with_transport(server.uri(), transport);
    client.config_mut().retry = RetryPolicy { max_retries: 3, min_delay: Duration::from_millis(1), ..RetryPolicy::default() };
    match client.get_place_group_v3(1).send().await {
        Err(Error::Transport(error)) => {
            assert_eq!(error.to_string(), "the response body is larger than 64 bytes");
            assert!(!error.is_retryable());
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "another attempt would read the same body: not retried");
}

#[tokio::test]
async fn errors_keep_the_response_headers() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "120").insert_header("x-request-id", "req-9");
    Mock::given(method("GET")).and(path("/api/v3/placeGroup/1")).respond_with(limited).mount(&server).await;
    let html = ResponseTemplate::new(200).set_body_raw("<html>down for maintenance</html>", "text/html");
    Mock::given(method("GET")).and(path("/api/v3/placeGroup/2")).respond_with(html).mount(&server).await;
    let unauthorized = ResponseTemplate::new(401).insert_header("x-request-id", "req-401").insert_header("set-cookie", "session=s3cr3t").set_body_json(json!({"message": "no key"}));
    Mock::given(method("GET")).and(path("/api/v3/placeGroup/3")).respond_with(unauthorized).mount(&server).await;
    let client = energycap(&server).await;
    // Retry-After past `max_retry_after` ends the retries: the caller can wait it out.
    let error = client.get_place_group_v3(1).send().await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    let headers = error.headers().expect("a response came");
    assert_eq!((headers["retry-after"].as_bytes(), headers["x-request-id"].as_bytes()), (&b"120"[..], &b"req-9"[..]));
    let error = client.get_place_group_v3(2).send().await.unwrap_err();
    assert!(matches!(error, Error::InvalidBody { .. }), "{error:?}");
    assert_eq!(error.to_string(), "the 200 OK response (text/html) does not match its schema");
    let error = client.get_place_group_v3(3).send().await.unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error:?}");
    assert_eq!(error.headers().map(|headers| &headers["x-request-id"]), Some(&"req-401".parse().unwrap()));
    // A cookie the server sets is kept, but a logged error does not print it.
    assert_eq!(error.headers().map(|headers| &headers["set-cookie"]), Some(&"session=s3cr3t".parse().unwrap()));
    assert!(!format!("{error:?}").contains("s3cr3t"), "{error:?}");
    let mut headers = http::HeaderMap::new();
    headers.insert("set-cookie", "session=s3cr3t".parse().unwrap());
    headers.insert("x-request-id", "req-8".parse().unwrap());
    let value = vendor_apis::support::ResponseValue::new(http::StatusCode::OK, headers, ());
    assert!(!format!("{value:?}").contains("s3cr3t") && format!("{value:?}").contains("req-8"), "{value:?}");
    // The sans-IO layer keeps them too.
    let response = http::Response::builder().status(404).header("x-request-id", "req-5").body(Vec::new()).unwrap();
    let error = vendor_apis::support::parse_response::<ec::GetPlaceGroupV3>(&response).unwrap_err();
    assert_eq!(error.headers().map(|headers| &headers["x-request-id"]), Some(&"req-5".parse().unwrap()));
    assert!(Error::<ec::GetPlaceGroupV3Error>::Timeout.headers().is_none());
}

/// The shape of a Capillary warning is not documented: one that is not a message object reads
/// as the value it is, and the update it reports on still succeeds.
#[tokio::test]
async fn capillary_warnings_of_another_shape_still_read() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1, "warnings": ["91016: incorrect extended field"]})))
        .mount(&server)
        .await;
    let client = cap::Client::new(server.uri());
    let request = capillary::UserGroupUpdateRequest::new(1, "g");
    let response = client.update_user_group(&request).send().await.unwrap();
    let warnings = response.warnings.as_deref().unwrap();
    assert_eq!(warnings, [capillary::MessageItem::Value(json!("91016: incorrect extended field"))]);
    assert!(response.find_in_warnings(capillary::codes::INCORRECT_EXTENDED_FIELDS_91016).is_none(), "a string is not a message object");
    // The `{}` branch reads any value: the union has no catch-all beside it, and the value
    // breaks no rule.
    assert_eq!(vendor_apis::support::Validate::validate(&warnings[0]), Ok(()));
}

/// The error body is assumed too: an error item of another shape leaves the others readable.
#[tokio::test]
async fn capillary_errors_of_another_shape_still_read() {
    let server = MockServer::start().await;
    let body = json!({"errors": [{"code": "1632", "message": "code as text"}, {"code": 1632, "message": "invalid id", "status": false}]});
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(400).set_body_json(body)).mount(&server).await;
    let client = cap::Client::new(server.uri());
    let error = client.update_user_group(&capillary::UserGroupUpdateRequest::new(1, "g")).send().await.unwrap_err();
    let Some(cap::UpdateUserGroupError::Default(body)) = error.api() else { panic!("{error:?}") };
    let parsed = body.parsed.as_ref().expect("the body reads though one item is of another shape");
    assert!(matches!(parsed.errors.as_deref(), Some([capillary::MessageItem::Value(_), capillary::MessageItem::ApiMessage(_)])), "{parsed:?}");
    let message = parsed.find_in_errors(capillary::codes::INVALID_GROUP_OR_USER_ID).expect("error 1632");
    assert_eq!(message.message.as_deref(), Some("invalid id"));
}

/// A message object with a field the assumed shape does not list is still a message (the spec
/// tolerates extra fields): found by its code, the extra field kept, written back unchanged.
#[test]
fn capillary_warnings_with_extra_fields_are_messages() {
    let sent = json!({"id": 1, "warnings": [{"code": 91016, "message": "incorrect", "status": false, "entity": "extendedFields"}]});
    let response: capillary::UserGroupResponse = serde_json::from_value(sent.clone()).unwrap();
    let warning = response.find_in_warnings(capillary::codes::INCORRECT_EXTENDED_FIELDS_91016).expect("warning 91016");
    assert_eq!(warning.additional_properties["entity"], json!("extendedFields"));
    assert_eq!(serde_json::to_value(&response).unwrap(), sent);
}

/// Documented response headers read typed: a number, a string, an enum, a list (`a, b`);
/// absent ones are `None`.
#[test]
fn documented_response_headers_read_typed() {
    use fixture_models::operations::client::UpdateItemHeaders;
    use fixture_models::operations::UpdateItemResponseXCacheHeader;
    let mut headers = http::HeaderMap::new();
    headers.insert("x-rate-limit-remaining", " 41".parse().unwrap());
    headers.insert("x-cache", "hit".parse().unwrap());
    headers.insert("x-regions", "eu-1, us-2".parse().unwrap());
    headers.insert("x-shards", "3,4".parse().unwrap());
    let read = UpdateItemHeaders::read(&headers);
    assert_eq!(
        read,
        UpdateItemHeaders {
            x_rate_limit_remaining: Some(41),
            x_request_id: None,
            x_cache: Some(UpdateItemResponseXCacheHeader::Hit),
            x_regions: Some(vec!["eu-1".into(), "us-2".into()]),
            x_shards: Some(vec![3, 4]),
        }
    );
    headers.insert("x-rate-limit-remaining", "many".parse().unwrap());
    headers.insert("x-shards", "3,four".parse().unwrap());
    let read = UpdateItemHeaders::read(&headers);
    assert_eq!((read.x_rate_limit_remaining, read.x_shards), (None, None), "a value that does not read is None");
    headers.insert("x-shards", "".parse().unwrap());
    assert_eq!(UpdateItemHeaders::read(&headers).x_shards, Some(vec![]), "an empty list");
}

/// The mock answers with typed success headers, written as the client reads them back.
#[tokio::test]
async fn the_mock_answers_with_typed_headers() {
    use fixture_models::operations::client::{Client, UpdateItemHeaders};
    use fixture_models::operations::mock::MockServer;
    use fixture_models::operations::{UpdateItemRequest, UpdateItemResponse, UpdateItemResponseXCacheHeader};

    let mock = MockServer::start().await;
    let headers = UpdateItemHeaders {
        x_rate_limit_remaining: Some(7),
        x_request_id: Some("req-1".into()),
        x_cache: Some(UpdateItemResponseXCacheHeader::Miss),
        x_regions: Some(vec!["eu-1".into(), "us-2".into()]),
        x_shards: Some(vec![3]),
    };
    mock.update_item().respond_with_headers(&UpdateItemResponse::default(), &headers).await;
    let client = Client::new(mock.uri());
    let response = client.update_item("a", &UpdateItemRequest::default()).send().await.unwrap();
    assert_eq!(UpdateItemHeaders::read(response.headers()), headers);
}

/// A concrete path belongs to its own operation, not to the templated one that would match it
/// too (`DELETE /items/archived` is not `DELETE /items/{itemId}` with the id `archived`).
#[tokio::test]
async fn the_mock_routes_concrete_paths_first() {
    use fixture_models::operations::client::Client;
    use fixture_models::operations::mock::{self, MockServer};

    let mock = MockServer::start().await;
    // Set up first, the templated stub would answer first if it took the concrete path.
    mock.delete_items_item_id().expect(1).respond(&()).await;
    mock.purge_archived_items().expect(1).respond(&()).await;
    let client = Client::new(mock.uri());
    client.purge_archived_items().send().await.unwrap();
    client.delete_items_item_id("a1").send().await.unwrap();
    assert_eq!(mock.received::<mock::DeleteItemsItemId>().await, [mock::DeleteItemsItemId { item_id: "a1".into() }]);
    assert_eq!(mock.received::<mock::PurgeArchivedItems>().await.len(), 1);
    mock.verify().await;
}

/// The client keeps time through its transport (`Transport::sleep`), so a transport on another
/// runtime can bring its own timer: this one's waits are instant, so an hour of backoff takes none.
#[tokio::test]
async fn retries_wait_through_the_transports_sleep() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use vendor_apis::support::{Transport, TransportError};

    struct Unavailable(Arc<AtomicUsize>);

    impl Transport for Unavailable {
        async fn send(&self, _request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(http::Response::builder().status(503).body(Vec::new()).unwrap())
        }

        fn sleep(_duration: Duration) -> impl std::future::Future<Output = ()> + Send {
            std::future::ready(())
        }
    }

    let calls = Arc::new(AtomicUsize::new(0));
    let mut client = ec::Client::with_transport("http://localhost:9", Unavailable(calls.clone()));
    let hour = Duration::from_secs(3600);
    client.config_mut().retry = RetryPolicy { max_retries: 3, min_delay: hour, max_delay: hour, ..RetryPolicy::default() };
    let started = std::time::Instant::now();
    let error = client.get_place_group_v3(1).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(calls.load(Ordering::SeqCst), 4, "the first attempt and three retries");
    assert!(started.elapsed() < Duration::from_secs(5));

    // Clones share the transport, which need not be `Clone` itself.
    let clone = client.clone();
    let _ = clone.get_place_group_v3(1).send().await;
    assert_eq!(calls.load(Ordering::SeqCst), 8);
}

/// The code helpers over every way a spec can hold a message: a required 64-bit code, an optional
/// unsigned one, lists that are required, nullable with nullable items, or mixed with other values.
#[test]
fn documented_codes_are_found_in_every_list_shape() {
    use fixture_models::error_codes::{codes, Job, JobMixedItem, Notice, WideNotice};
    let job: Job = serde_json::from_value(json!({
        "notices": [{"code": 3}, {"code": 7, "text": "quota"}],
        "maybe": [null, {"code": -1}],
        "mixed": ["free text", {"id": 18446744073709551615u64}, {"id": 12}],
    }))
    .unwrap();
    assert_eq!(job.find_in_notices(codes::CODE_7).and_then(|n| n.text.as_deref()), Some("quota"));
    assert_eq!(job.find_in_maybe(codes::CLOCK_SKEW).map(|n| n.code), Some(-1));
    assert_eq!(job.find_in_mixed(codes::ALL2), Some(&WideNotice::default().with_id(12)));
    assert!(job.find_in_mixed(-1).is_none(), "u64::MAX is no i64 and matches nothing");
    assert!(matches!(job.mixed.as_deref().unwrap()[0], JobMixedItem::String(_)));
    assert_eq!(Notice::new(7).documented_code(), Some(codes::CODE_7));
    assert_eq!(Job::new(Vec::new()).find_in_maybe(7), None);
    assert_eq!(codes::ALL.len(), 3, "`all` in the spec does not take the list's name");
}

/// README.md's Rust snippets compile against the crates they show (`tests/build.rs` gathers them
/// into `readme_snippets`); this module is the context they assume.
mod readme {
    use fixture_models::evolution_v2::ListOrdersStatus;
    use vendor_apis::energycap;

    type OrdersClient = fixture_models::evolution_v2::client::Client<fixture_models::support::ReqwestTransport>;

    include!(concat!(env!("OUT_DIR"), "/readme.rs"));

    /// Compiled, not run: the snippets call the vendors' servers.
    #[test]
    fn readme_snippets_compile() {
        let orders_client = OrdersClient::new("http://localhost:9");
        drop(readme_snippets("{}", &orders_client, None));
    }
}

/// The query helpers every operation's `query` calls: absent values add nothing, lists repeat
/// the name when exploded and join with commas otherwise, values that are not plain text go as
/// JSON; values are encoded, a comma inside a joined value as `%2C` beside literal separators.
#[test]
fn query_parameters_are_written_by_style() {
    use vendor_apis::support::{push_query, push_query_json, push_query_list, Query};
    let mut query = Query::new();
    push_query(&mut query, "limit", Some(&20));
    push_query::<str>(&mut query, "absent", None);
    push_query_list(&mut query, "id", Some(&[1, 2][..]), true);
    push_query_list(&mut query, "tag", Some(&["a,b", "c d"][..]), false);
    push_query_list::<i32>(&mut query, "none", None, true);
    push_query_json(&mut query, "filter", Some(&json!({"name": "x"})));
    push_query_json(&mut query, "nullable", Some(&None::<i32>));
    push_query(&mut query, "q[0]", Some("1+1=2&"));
    let expected = [
        ("limit", "20"),
        ("id", "1"),
        ("id", "2"),
        ("tag", "a%2Cb,c+d"),
        ("filter", "%7B%22name%22%3A%22x%22%7D"),
        ("nullable", "null"),
        ("q[0]", "1%2B1%3D2%26"),
    ];
    assert_eq!(query.pairs().collect::<Vec<_>>(), expected);
    assert_eq!(
        query.to_string(),
        "limit=20&id=1&id=2&tag=a%2Cb,c+d&filter=%7B%22name%22%3A%22x%22%7D&nullable=null&q%5B0%5D=1%2B1%3D2%26"
    );
}

/// The header helpers every operation's `headers` calls: absent values set nothing, text as it
/// is, other values as JSON, and a value no header can carry is an error naming the header.
#[test]
fn header_parameters_are_written_as_text_or_json() {
    use vendor_apis::support::{header_param, header_param_json, RequestError};
    let mut headers = http::HeaderMap::new();
    header_param(&mut headers, "x-page", Some(&3)).unwrap();
    header_param::<str>(&mut headers, "x-absent", None).unwrap();
    header_param_json(&mut headers, "x-filter", Some(&json!({"a": 1}))).unwrap();
    assert_eq!(headers["x-page"], "3");
    assert_eq!(headers["x-filter"], r#"{"a":1}"#);
    assert!(!headers.contains_key("x-absent"));
    let error = header_param(&mut headers, "x-bad", Some("line\nbreak")).unwrap_err();
    assert!(matches!(error, RequestError::InvalidHeader("x-bad")), "{error:?}");
}

/// Path parameters named after keywords (`type`, `self`, `match`) land in their segments.
#[test]
fn keyword_path_parameters_fill_their_segments() {
    use fixture_models::keywords::client::GetKind;
    let operation = GetKind { r#type: "a b".to_owned(), self_: "me".to_owned(), r#match: 3 };
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], None).unwrap();
    assert_eq!(request.uri().path(), "/kinds/a%20b/me/3");
}

/// Lists in the path and in a header take OpenAPI's default `simple` style (`a,b`, each path
/// value encoded on its own, so a comma inside a value stays apart from the separators); in the
/// query, `form`: exploded by default, joined with `explode: false`.
#[test]
fn list_parameters_follow_their_styles() {
    use fixture_models::parameter_styles::client::GetItems;
    let operation = GetItems {
        ids: vec!["a b".to_owned(), "c,d".to_owned()],
        x_tags: Some(vec!["x".to_owned(), "y".to_owned()]),
        tag: Some(vec!["p".to_owned(), "q".to_owned()]),
        fields: Some(vec![1, 2]),
        names: Some(vec!["a,b".to_owned(), "c d".to_owned(), "".to_owned()]),
    };
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], None).unwrap();
    assert_eq!(request.uri().path(), "/items/a%20b,c%2Cd");
    assert_eq!(request.uri().query(), Some("tag=p&tag=q&fields=1,2&names=a%2Cb,c+d,"));
    assert_eq!(request.headers()["x-tags"], "x,y");
}

/// A documented `default` error answers with the status a test picks: the client reads it as
/// that documented error, under that status.
#[tokio::test]
async fn mock_failures_take_the_status_a_test_picks() {
    use vendor_apis::capillary::mock::MockServer;
    use vendor_apis::support::ErrorBody;

    let server = MockServer::start().await;
    let body = ErrorBody::read(br#"{"errors":[{"code":1632,"message":"not valid"}]}"#);
    server.update_user_group().fail_with_status(422, &cap::UpdateUserGroupError::Default(body.clone())).await;
    let client = cap::Client::new(server.uri()).with_auth(cap::Auth::BasicAuth { username: "user".into(), password: Secret::new("pass") });
    let error = client.update_user_group(&capillary::UserGroupUpdateRequest::new(1, "g")).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(error.api(), Some(&cap::UpdateUserGroupError::Default(body)));
}

/// Retries and timeouts are testable with typed stubs: a stub that answers once (a 503), then
/// the success; a reply that comes after the client's timeout.
#[tokio::test]
async fn mock_stubs_answer_a_limited_number_of_times_and_late() {
    use vendor_apis::energycap::mock::{GetPlaceGroupV3, MockServer};
    use vendor_apis::energycap::GroupPlaceGroupResponse;
    use vendor_apis::support::mock::Reply;

    let server = MockServer::start().await;
    server.get_place_group_v3().up_to_n_times(0).reply(Reply::new(500)).await;
    server.get_place_group_v3().up_to_n_times(1).reply(Reply::new(503)).await;
    let group = GroupPlaceGroupResponse::default().with_place_group_id(7);
    server.get_place_group_v3().respond(&group).await;
    let mut client = ec::Client::new(server.uri()).with_auth(ec::Auth::ApiKey("key".into()));
    client.config_mut().retry.min_delay = Duration::from_millis(1);
    assert_eq!(client.get_place_group_v3(7).send().await.unwrap().into_inner(), group);
    assert_eq!(server.received::<GetPlaceGroupV3>().await.len(), 2, "the 503, then the retry");
    let sent = server.received_with_headers::<GetPlaceGroupV3>().await;
    assert_eq!(sent[1].request.place_group_id, 7);
    assert_eq!(sent[1].headers["eci-apikey"], "key", "the credential the code under test sent");

    let slow = MockServer::start().await;
    slow.get_place_group_v3().reply(Reply::json(200, "application/json", &group).delay(Duration::from_secs(5))).await;
    let client = ec::Client::new(slow.uri())
        .with_auth(ec::Auth::ApiKey("key".into()))
        .with_timeout(Duration::from_millis(100))
        .with_retry(RetryPolicy::NONE);
    assert!(client.get_place_group_v3(7).send().await.unwrap_err().is_timeout());
    let client = ec::Client::new(slow.uri()).with_auth(ec::Auth::ApiKey("key".into())).with_deadline(Duration::from_millis(100));
    assert!(client.get_place_group_v3(7).send().await.unwrap_err().is_timeout(), "the deadline");
}

/// A request no stub answers is told apart from the API's own answers: 501 with
/// `x-mock-unanswered` (EnergyCAP documents 404, which a forgotten stub must not pass for; an
/// operation with a `default` response reads the 501 as it, the header still says), and listed
/// by `unanswered()`.
#[tokio::test]
async fn unanswered_requests_are_not_documented_answers() {
    use vendor_apis::energycap::mock::MockServer;

    let server = MockServer::start().await;
    let client = ec::Client::new(server.uri()).with_auth(ec::Auth::ApiKey("key".into())).with_retry(RetryPolicy::NONE);
    let error = client.get_place_group_v3(7).send().await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(http::StatusCode::NOT_IMPLEMENTED));
    assert!(error.headers().is_some_and(|headers| headers.contains_key("x-mock-unanswered")));
    assert_eq!(error.raw_body().unwrap().text(), "no stub answers GET /api/v3/placeGroup/7");
    let unanswered = server.unanswered();
    assert_eq!((unanswered.len(), unanswered[0].target.as_str()), (1, "/api/v3/placeGroup/7"));
    assert!(server.rejected().is_empty(), "the request itself was fine");
    // What `verify()` and dropping the server print: refusals first, with why.
    let anonymous = ec::Client::new(server.uri()).with_retry(RetryPolicy::NONE);
    let _ = anonymous.get_place_group_v3(8).send().await;
    assert_eq!(
        server.report(),
        "mock: refused GET /api/v3/placeGroup/8 (GetPlaceGroupV3) with 401: `GetPlaceGroupV3` needs a credential: header `eci-apikey`, or `Authorization: Bearer`\n\
         mock: no stub answered GET /api/v3/placeGroup/7"
    );
}

/// A narrower stub set up after a default one takes precedence by its priority; a stub can
/// select requests by their headers (which key was sent).
#[tokio::test]
async fn stubs_take_precedence_by_priority_and_select_by_headers() {
    use vendor_apis::energycap::client::GetPlaceGroupV3Error;
    use vendor_apis::energycap::mock::MockServer;
    use vendor_apis::energycap::GroupPlaceGroupResponse;
    use vendor_apis::support::ErrorBody;

    let server = MockServer::start().await;
    let group = GroupPlaceGroupResponse::default().with_place_group_id(7);
    server.get_place_group_v3().respond(&group).await;
    let revoked = GetPlaceGroupV3Error::Unauthorized(ErrorBody::new(json!({"message": "revoked"})));
    server
        .get_place_group_v3()
        .when_headers(|headers| headers.get("eci-apikey").is_some_and(|key| key == "revoked"))
        .priority(4)
        .fail(&revoked)
        .await;
    let client = |key: &str| ec::Client::new(server.uri()).with_auth(ec::Auth::ApiKey(key.into()));
    assert_eq!(client("good").get_place_group_v3(7).send().await.unwrap().into_inner(), group);
    let error = client("revoked").get_place_group_v3(7).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::UNAUTHORIZED), "{error:?}");
    let stub = server.get_place_group_v3().when_headers(|headers| headers.get("eci-apikey").is_some_and(|key| key == "revoked"));
    assert_eq!(stub.received().await.len(), 1);
}

/// A stub that may answer nothing still checks its expected count.
#[tokio::test]
#[should_panic(expected = "the stub of `GetPlaceGroupV3` expects 1 requests but may answer none")]
async fn a_stub_limited_to_no_answers_cannot_expect_any() {
    use vendor_apis::energycap::mock::MockServer;

    let server = MockServer::start().await;
    server.get_place_group_v3().expect(0).up_to_n_times(0).respond(&Default::default()).await;
    server.verify().await;
    server.get_place_group_v3().expect(1).up_to_n_times(0).respond(&Default::default()).await;
}

/// A stub's priority stays between the mock's refusals and its answer to unanswered requests.
#[tokio::test]
async fn the_lowest_priority_still_answers() {
    use vendor_apis::energycap::mock::MockServer;

    let server = MockServer::start().await;
    server.get_place_group_v3().priority(u8::MAX).respond(&Default::default()).await;
    let client = ec::Client::new(server.uri()).with_auth(ec::Auth::ApiKey("key".into()));
    client.get_place_group_v3(1).send().await.unwrap();
    assert_eq!(server.unanswered(), []);
}

/// A stub's recordings are the requests its `when` predicates select.
#[tokio::test]
async fn stub_recordings_follow_their_predicates() {
    use fixture_models::parameter_styles::client::{Client, GetItems};
    use fixture_models::parameter_styles::mock::MockServer;

    let server = MockServer::start().await;
    let client = Client::new(server.uri());
    let items = |id: &str| GetItems { ids: vec![id.to_owned()], x_tags: None, tag: None, fields: None, names: None };
    let _ = client.send(&items("a")).await;
    let _ = client.send(&items("b")).await;
    assert_eq!(server.get_items().when(|request| request.ids == ["b"]).received().await, [items("b")]);
    assert_eq!(server.get_items().received().await, [items("a"), items("b")]);
}

/// The mock splits a joined list at the literal commas before decoding: a value holding a
/// comma reads back whole.
#[tokio::test]
async fn joined_query_lists_keep_commas_inside_values() {
    use fixture_models::parameter_styles::client::{Client, GetItems};
    use fixture_models::parameter_styles::mock::{self, MockServer};

    let operation = GetItems {
        ids: vec!["i".to_owned()],
        x_tags: None,
        tag: Some(vec!["p,q".to_owned()]),
        fields: None,
        names: Some(vec!["a,b".to_owned(), "c d+e".to_owned(), "%2C".to_owned()]),
    };
    let server = MockServer::start().await;
    let client = Client::new(server.uri());
    let _ = client.send(&operation).await;
    assert_eq!(server.rejected(), []);
    assert_eq!(server.received::<mock::GetItems>().await, [operation]);

    // `fields=` and `names=` are the empty lists.
    let empty = GetItems { ids: vec!["i".to_owned()], x_tags: None, tag: None, fields: Some(vec![]), names: Some(vec![]) };
    let _ = client.send(&empty).await;
    assert_eq!(server.rejected(), []);
    assert_eq!(server.received::<mock::GetItems>().await[1], empty);
}

/// Objects in the query travel as their style says: `form` as the fields' own pairs (or joined
/// `name=a,1,b,2` with `explode: false`), `deepObject` as `name[field]=value`, a `content`
/// parameter as JSON; the mock reads each back into the same value.
#[tokio::test]
async fn query_objects_follow_their_styles() {
    use fixture_models::parameter_styles::client::{Client, Search};
    use fixture_models::parameter_styles::mock::{self, MockServer};
    use fixture_models::parameter_styles::{SearchFilter, SearchFilterColor, SearchMeta, SearchPage, SearchPoint};

    let operation = Search {
        filter: Some(SearchFilter { name: Some("bolt".into()), min: Some(3), color: Some(SearchFilterColor::Red) }),
        page: SearchPage { number: 2, size: None },
        point: Some(SearchPoint { x: Some(1.5), y: Some(-2.0), label: Some("a,b".into()) }),
        meta: Some(SearchMeta { a: Some("b".into()) }),
    };
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], None).unwrap();
    let query = request.uri().query().unwrap();
    assert_eq!(
        query,
        "filter%5Bname%5D=bolt&filter%5Bmin%5D=3&filter%5Bcolor%5D=red&number=2&point=x,1.5,y,-2,label,a%2Cb&meta=%7B%22a%22%3A%22b%22%7D"
    );

    let server = MockServer::start().await;
    let client = Client::new(server.uri());
    let _ = client.send(&operation).await;
    assert_eq!(server.rejected(), []);
    assert_eq!(server.received::<mock::Search>().await, [operation]);

    // Text that looks like a number stays text where the field is a string; an object whose
    // fields are all absent is still there.
    let numeric = Search {
        filter: Some(SearchFilter { name: Some("42".into()), min: Some(3), color: None }),
        page: SearchPage { number: 1, size: None },
        point: Some(SearchPoint { x: None, y: None, label: None }),
        meta: None,
    };
    let _ = client.send(&numeric).await;
    assert_eq!(server.rejected(), []);
    assert_eq!(server.received::<mock::Search>().await[1], numeric);

    // A deepObject field that breaks its rule is refused as the vendor would.
    let bad = Search { filter: Some(SearchFilter { name: None, min: Some(-1), color: None }), page: SearchPage { number: 1, size: Some(5) }, point: None, meta: None };
    let mut unchecked = Client::new(server.uri());
    unchecked.config_mut().validate = false;
    let _ = unchecked.send(&bad).await;
    assert_eq!(server.rejected().len(), 1);
}

/// Where the platform has no certificate store (a container without `ca-certificates`),
/// reqwest's `Client::default()` panics; the default transport does not: plain `http` calls
/// work, and an `https` call fails with an error that says why and what to do. Runs in a child
/// process of this test binary, whose `SSL_CERT_FILE` names an empty file (read where the
/// platform's store is files: not on macOS, Windows or Android).
#[cfg(all(unix, not(target_vendor = "apple"), not(target_os = "android")))]
#[test]
fn no_certificate_store_is_no_panic() {
    const CHILD: &str = "NO_CERTIFICATE_STORE_CHILD";
    if std::env::var_os(CHILD).is_none() {
        let dir = std::env::temp_dir().join(format!("no-certificate-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "").unwrap();
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "no_certificate_store_is_no_panic", "--nocapture"])
            .env(CHILD, "1")
            .env("SSL_CERT_FILE", &empty)
            .env("SSL_CERT_DIR", &dir)
            .output()
            .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let log = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "the child failed:\n{log}");
        assert!(log.contains("1 passed"), "the child ran no test:\n{log}");
        return;
    }
    use vendor_apis::support::{ReqwestTransport, Transport};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let transport = ReqwestTransport::default();
        let https = http::Request::get("https://127.0.0.1:9/").body(Vec::new()).unwrap();
        let error = transport.send(https).await.unwrap_err();
        assert!(error.to_string().starts_with("no certificate store for TLS"), "{error}");
        let root = std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default();
        assert!(!root.is_empty(), "the cause is kept: {error:?}");
        let server = MockServer::start().await;
        Mock::given(method("GET")).and(path("/")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
        Mock::given(method("GET"))
            .and(path("/secure"))
            .respond_with(ResponseTemplate::new(302).insert_header("Location", "https://127.0.0.1:9/"))
            .mount(&server)
            .await;
        let plain = http::Request::get(server.uri()).body(Vec::new()).unwrap();
        assert_eq!(transport.send(plain).await.unwrap().status(), 204);
        // A redirect to https fails with the same reason somewhere down its chain.
        let redirected = http::Request::get(format!("{}/secure", server.uri())).body(Vec::new()).unwrap();
        let chain = error_chain(&transport.send(redirected).await.unwrap_err());
        assert!(chain.iter().any(|text| text.starts_with("no certificate store for TLS")), "{chain:?}");
    });
}

/// The mock reads a request body that is itself `x-accepts-string` integers as the API would:
/// strings and numbers alike; a string that is no integer is refused with its path.
#[tokio::test]
async fn the_mock_reads_a_lenient_request_body() {
    use fixture_models::lenient_integers::mock::{MockServer, ReplaceSerials};

    let mock = MockServer::start().await;
    mock.replace_serials().respond(&()).await;
    use fixture_models::support::{ReqwestTransport, Transport};
    let transport = ReqwestTransport::default();
    let put = |body: &'static str| {
        let request = http::Request::put(format!("{}/serials", mock.uri())).header("Content-Type", "application/json").body(body.as_bytes().to_vec());
        transport.send(request.unwrap())
    };
    assert_eq!(put(r#"["1", 2, " 3"]"#).await.unwrap().status(), 204);
    assert_eq!(mock.replace_serials().received().await, [ReplaceSerials { body: vec![1, 2, 3] }]);
    assert_eq!(put(r#"[1, "two"]"#).await.unwrap().status(), 400);
    let rejected = mock.rejected();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(format!("{rejected:?}").contains("[1]"), "{rejected:?}");
}

/// Server-sent events read as the SSE standard reads them, however the bytes are cut: a byte
/// order mark split over two chunks is dropped, invalid UTF-8 (here in a comment) is replaced
/// and the events after it still arrive, `\r` alone ends a line. The same bytes read whole
/// (`send`) give the same events.
#[tokio::test]
async fn event_streams_read_any_bytes_in_any_chunks() {
    use fixture_models::lenient_integers::client::Client;
    use fixture_models::support::{BodyStream, OpenStream, Transport, TransportError};
    use std::pin::Pin;
    use std::task::{Context, Poll};

    const CHUNKS: [&[u8]; 5] = [b"\xEF\xBB", b"\xBFdata: 1\n\n: \xFF\xFE", b" ignored\n\n", b"data: \"2\"\r\r", b"id: 3\ndata: 3\n\n"];

    struct Chunks(Vec<Vec<u8>>);

    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, TransportError>;

        fn poll_next(mut self: Pin<&mut Self>, _context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready((!self.0.is_empty()).then(|| Ok(self.0.remove(0))))
        }
    }

    struct ChunkedEvents;

    impl Transport for ChunkedEvents {
        async fn send(&self, _request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
            Ok(http::Response::new(CHUNKS.concat()))
        }
    }

    impl OpenStream for ChunkedEvents {
        async fn open(&self, _request: http::Request<Vec<u8>>) -> Result<http::Response<BodyStream>, TransportError> {
            let body: BodyStream = Box::pin(Chunks(CHUNKS.iter().map(|chunk| chunk.to_vec()).collect()));
            Ok(http::Response::new(body))
        }
    }

    let client = Client::with_transport("http://localhost:9", ChunkedEvents);
    let read = |events: Vec<fixture_models::support::Event<i64>>| events.into_iter().map(|event| (event.data, event.id)).collect::<Vec<_>>();
    let expected = [(1, String::new()), (2, String::new()), (3, "3".to_owned())];
    assert_eq!(read(client.follow_serials().send().await.unwrap().into_inner()), expected);
    let mut stream = client.follow_serials().stream().await.unwrap().into_inner();
    let mut streamed = Vec::new();
    while let Some(event) = stream.next().await {
        streamed.push(event.unwrap());
    }
    assert_eq!(read(streamed), expected);
}

/// Successes with different bodies read as an enum of them, each status as its own variant;
/// a body beside a bodiless success as an `Option`. The mock answers each with its status and
/// body, and the client reads back what it was given.
#[tokio::test]
async fn every_documented_success_reads_as_itself() {
    use fixture_models::responses::client::{Client, PutItemSuccess};
    use fixture_models::responses::mock::MockServer;
    use fixture_models::responses::{Item, Receipt};

    let successes = [
        (PutItemSuccess::Ok(Item { id: "a".into() }), 200),
        (PutItemSuccess::Created(Receipt { created: "b".into(), revision: Some(2) }), 201),
        (PutItemSuccess::NoContent, 204),
        (PutItemSuccess::Status2xx("queued".into()), 202),
    ];
    for (success, status) in successes {
        let mock = MockServer::start().await;
        mock.put_item().respond(&success).await;
        let response = Client::new(mock.uri()).put_item("a").send().await.unwrap();
        assert_eq!(response.status(), status);
        assert_eq!(response.into_inner(), success);
    }
    for deleted in [Some(Item { id: "c".into() }), None] {
        let mock = MockServer::start().await;
        mock.delete_item().respond(&deleted).await;
        assert_eq!(Client::new(mock.uri()).delete_item("c").send().await.unwrap().into_inner(), deleted);
    }

    // A 201 body is read as what 201 documents, not as the 200's item.
    use fixture_models::responses::client::PutItem;
    use fixture_models::support::Operation;
    let created = PutItem::parse(http::StatusCode::CREATED, br#"{"created": "d"}"#).unwrap();
    assert_eq!(created, PutItemSuccess::Created(Receipt { created: "d".into(), revision: None }));
}

/// A path parameter that would name another path (`DELETE /items/..` reaching `DELETE /`
/// once the URL resolves it, or an empty one leaving its segment out) is refused before
/// anything is sent; dots inside a value are kept.
#[tokio::test]
async fn path_parameters_that_leave_their_segment_are_refused() {
    use fixture_models::responses::client::Client;
    use fixture_models::support::{Error, Rule};

    let client = Client::new("http://localhost:9");
    for id in ["..", ".", ""] {
        match client.delete_item(id).send().await {
            Err(Error::Validation(errors)) => {
                let violations = &errors.violations;
                assert_eq!(violations.len(), 1, "{violations:?}");
                assert_eq!((violations[0].path.as_str(), violations[0].rule), ("id", Rule::PathSegment));
                assert!(errors.to_string().contains("must not be empty, `.` or `..` in a path"), "{errors}");
            }
            other => panic!("{id:?}: {other:?}"),
        }
    }
    let shade = fixture_models::parameter_styles::client::Client::new("http://localhost:9");
    let refused = shade.get_shade(fixture_models::parameter_styles::GetShadeShade::String("..".to_owned())).send().await;
    assert!(matches!(refused, Err(Error::Validation(_))), "a union's text is checked too: {refused:?}");
    let mock = fixture_models::responses::mock::MockServer::start().await;
    mock.delete_item().respond(&None).await;
    assert_eq!(Client::new(mock.uri()).delete_item("..a.b..").send().await.unwrap().into_inner(), None);
}

/// Cookie parameters travel in the one `Cookie` header beside an API key sent as a cookie
/// (the header sensitive, as the key is), each value encoded where a cookie cannot hold it;
/// the mock reads them back into the same values.
#[tokio::test]
async fn cookie_parameters_share_the_cookie_header() {
    use fixture_models::parameter_styles::client::{Auth, Client, GetSession};
    use fixture_models::parameter_styles::mock::{self, MockServer};
    use fixture_models::parameter_styles::GetSessionView;
    use fixture_models::support::Secret;

    let operation = GetSession {
        session: "a b;c".to_owned(),
        prefs: Some(vec!["x".to_owned(), "y,z".to_owned()]),
        view: Some(GetSessionView { dense: Some(true) }),
    };
    let auth = Auth::SessionKey(Secret::new("k1".to_owned()));
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], Some(&auth)).unwrap();
    let cookie = &request.headers()["cookie"];
    assert_eq!(cookie, "session=a%20b%3Bc; prefs=x,y%2Cz; view={%22dense%22:true}; key=k1");
    assert!(cookie.is_sensitive());

    let server = MockServer::start().await;
    server.get_session().respond(&()).await;
    let client = Client::new(server.uri()).with_auth(auth);
    client.send(&operation).await.unwrap();
    assert_eq!(server.rejected(), []);
    assert_eq!(server.received::<mock::GetSession>().await, [operation]);
}

/// `pipeDelimited` and `spaceDelimited` lists join their values with `|` and a space (sent
/// encoded), or repeat the name when exploded; a union of scalars travels as its value's text
/// (`dark`, not `"dark"`). The mock reads each back.
#[tokio::test]
async fn delimited_lists_and_scalar_unions_travel_as_their_styles_say() {
    use fixture_models::parameter_styles::client::{Client, ListColors};
    use fixture_models::parameter_styles::mock::{self, MockServer};
    use fixture_models::parameter_styles::{ListColorsShade, ListColorsXShade};

    let operation = ListColors {
        pipe: Some(vec!["red".to_owned(), "dark blue".to_owned()]),
        space: Some(vec![1, 2, 3]),
        each: Some(vec!["a".to_owned(), "b".to_owned()]),
        shade: Some(ListColorsShade::String("dark".to_owned())),
        x_shade: Some(ListColorsXShade::I32(5)),
        q: Some("dark".to_owned()),
    };
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], None).unwrap();
    assert_eq!(request.uri().query(), Some("pipe=red%7Cdark+blue&space=1%202%203&each=a&each=b&shade=dark&q=%22dark%22"));
    assert_eq!(request.headers()["x-shade"], "5");

    let server = MockServer::start().await;
    server.list_colors().respond(&()).await;
    let client = Client::new(server.uri());
    client.send(&operation).await.unwrap();
    let other = ListColors {
        pipe: Some(vec![]),
        space: None,
        each: None,
        shade: Some(ListColorsShade::I32(7)),
        x_shade: Some(ListColorsXShade::String("light".to_owned())),
        q: None,
    };
    client.send(&other).await.unwrap();
    assert_eq!(server.rejected(), []);
    assert_eq!(server.received::<mock::ListColors>().await, [operation, other]);
}

/// A form body travels as OpenAPI's default encoding writes it: a list of plain values as the
/// name repeated (one value too), numbers and booleans as in JSON, an object as JSON; a property
/// whose `encoding` says `deepObject` in brackets, nested objects and lists too. The mock reads
/// it back into the same request.
#[tokio::test]
async fn form_bodies_repeat_the_names_of_lists() {
    use fixture_models::parameter_styles::client::{Client, LogIn};
    use fixture_models::parameter_styles::mock::{self, MockServer};
    use fixture_models::parameter_styles::{LogInRequest, LogInRequestAddress, LogInRequestDevice, LogInRequestDevicesItem, LogInRequestItemsItem};

    let body = LogInRequest {
        user: "ann".to_owned(),
        scope: Some(vec!["read".to_owned(), "write all".to_owned()]),
        tries: Some(vec![3]),
        remember: Some(true),
        labels: Some(vec![json!("new")]),
        devices: Some(vec![LogInRequestDevicesItem { name: Some("tv".to_owned()) }]),
        device: Some(LogInRequestDevice { name: Some("pad".to_owned()) }),
        address: Some(LogInRequestAddress { city: Some("Oslo".to_owned()), lines: Some(vec!["1 Main".to_owned(), "12".to_owned()]) }),
        items: Some(vec![LogInRequestItemsItem { price: 5, note: None }, LogInRequestItemsItem { price: 7, note: Some("7".to_owned()) }]),
        metadata: Some([("order".to_owned(), "6735".to_owned())].into()),
    };
    let operation = LogIn { body: &body };
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], None).unwrap();
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        "user=ann&scope=read&scope=write+all&tries=3&remember=true&labels=new&devices=%5B%7B%22name%22%3A%22tv%22%7D%5D&device=%7B%22name%22%3A%22pad%22%7D\
         &address%5Bcity%5D=Oslo&address%5Blines%5D%5B0%5D=1+Main&address%5Blines%5D%5B1%5D=12\
         &items%5B0%5D%5Bprice%5D=5&items%5B1%5D%5Bprice%5D=7&items%5B1%5D%5Bnote%5D=7&metadata%5Border%5D=6735"
    );

    let server = MockServer::start().await;
    server.log_in().respond(&()).await;
    let client = Client::new(server.uri());
    client.send(&operation).await.unwrap();
    // Text that reads as JSON stays the string it was (in a list too); a map keyed `0` stays a map.
    let bare = LogInRequest {
        scope: Some(vec!["7".to_owned(), "8".to_owned()]),
        metadata: Some([("0".to_owned(), "null".to_owned())].into()),
        ..LogInRequest::new("true")
    };
    client.send(&LogIn { body: &bare }).await.unwrap();
    assert_eq!(server.rejected(), []);
    let received: Vec<LogInRequest> = server.received::<mock::LogIn>().await.into_iter().map(|request| request.body).collect();
    assert_eq!(received, [body, bare]);
}

/// An operation with a server of its own (an upload host) goes there while the client talks to
/// one of the API's servers; a client pointed elsewhere (a mock, a proxy) sends it there too.
#[tokio::test]
async fn an_operation_with_its_own_server_goes_there() {
    use fixture_models::operations::client::{Client, SERVERS};
    use fixture_models::support::{Transport, TransportError, Upload};
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<String>>>);

    impl Transport for Recorder {
        async fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
            self.0.lock().unwrap().push(request.uri().to_string());
            Ok(http::Response::builder().status(201).body(Vec::new()).unwrap())
        }
    }

    let recorder = Recorder::default();
    for base in [SERVERS[0].url, "https://api.example.com/v1/", "http://127.0.0.1:9/mock"] {
        let client = Client::with_transport(base, recorder.clone());
        client.upload_file("a b", Upload::bytes(b"data")).send().await.unwrap();
        let _ = client.delete_items_item_id("c").send().await; // answered 201, not its 204
    }
    assert_eq!(
        *recorder.0.lock().unwrap(),
        [
            "https://uploads.example.com/v1/items/a%20b/files",
            "https://api.example.com/v1/items/c",
            "https://uploads.example.com/v1/items/a%20b/files",
            "https://api.example.com/v1/items/c",
            "http://127.0.0.1:9/mock/items/a%20b/files",
            "http://127.0.0.1:9/mock/items/c",
        ]
    );
}

/// A client holds one credential per scheme; each request carries those of the first
/// requirement (the operation's own, else the API's) it satisfies: an application id and key
/// together, a token alone where the operation asks only for it, nothing where `security: []`
/// says so. Where nothing is satisfied, those held that a requirement names go (the server says
/// what is missing); an empty requirement `{}` makes credentials optional.
#[tokio::test]
async fn each_request_carries_the_credentials_its_requirements_name() {
    use fixture_models::security::client::{Auth, Client, GetGreeting, GetStatus, ListReports, RunAdmin, SECURITY};
    use fixture_models::support::{Authenticate, Credentials, Operation, Query, Secret};

    /// (X-App-Id, app_key, Authorization) as a request of `O` carries them.
    fn sent<O: Operation>(held: &[Auth]) -> (Option<String>, Option<String>, Option<String>) {
        let mut credentials = Credentials::new(SECURITY);
        held.iter().cloned().for_each(|auth| credentials.hold(auth));
        let (mut headers, mut query) = (http::HeaderMap::new(), Query::default());
        credentials.authenticate(O::SECURITY, &mut headers, &mut query).unwrap();
        let header = |name: &str| headers.get(name).map(|value| value.to_str().unwrap().to_owned());
        let key = query.to_string().strip_prefix("app_key=").map(str::to_owned);
        (header("x-app-id"), key, header("authorization"))
    }
    let (id, key, token) = (Auth::AppId(Secret::new("id")), Auth::AppKey(Secret::new("key")), Auth::Token(Secret::new("t")));
    let all = [id.clone(), key.clone(), token.clone()];
    let both = (Some("id".to_owned()), Some("key".to_owned()), None);
    let bearer = (None, None, Some("Bearer t".to_owned()));
    assert_eq!(sent::<ListReports>(&all), both, "the first requirement held, and only it");
    assert_eq!(sent::<ListReports>(std::slice::from_ref(&token)), bearer);
    assert_eq!(sent::<RunAdmin>(&all), bearer, "the operation's own requirement");
    assert_eq!(sent::<GetStatus>(&all), (None, None, None), "`security: []` sends nothing");
    assert_eq!(sent::<GetGreeting>(&all), bearer, "optional credentials go when held");
    assert_eq!(sent::<GetGreeting>(std::slice::from_ref(&id)), (None, None, None));
    assert_eq!(sent::<ListReports>(std::slice::from_ref(&id)), (Some("id".to_owned()), None, None), "nothing satisfied: what is named");
    assert_eq!(sent::<RunAdmin>(std::slice::from_ref(&id)), (None, None, None), "a credential no requirement names stays home");
    // A credential of a scheme held again replaces the first.
    let replaced = [Auth::AppId(Secret::new("old")), id.clone(), key.clone()];
    assert_eq!(sent::<ListReports>(&replaced), both);

    // Against the mock, which checks each operation's requirements.
    let server = fixture_models::security::mock::MockServer::start().await;
    server.list_reports().respond(&vec!["r".to_owned()]).await;
    server.run_admin().respond(&()).await;
    let client = Client::new(server.uri()).with_auth(token).with_auth(id).with_auth(key);
    assert_eq!(client.list_reports().send().await.unwrap().into_inner(), ["r"]);
    client.run_admin().send().await.unwrap();
    assert_eq!(server.rejected(), []);
    let received = server.wiremock().received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), Some("app_key=key"));
    assert_eq!((received[0].headers.contains_key("x-app-id"), received[0].headers.contains_key("authorization")), (true, false));
    assert_eq!((received[1].url.query(), received[1].headers["authorization"].to_str().unwrap()), (None, "Bearer t"));
}

/// A query parameter that is a map travels as its entries, as its style says (`key=value`,
/// `name=key,value`, `name[key]=value`), values as text (a free-form object's non-strings as
/// JSON); the mock reads each back, an exploded map from the keys no other parameter sends.
#[tokio::test]
async fn query_maps_travel_as_their_entries() {
    use fixture_models::parameter_styles::client::{Client, FindLabeled};
    use fixture_models::parameter_styles::mock::{self, MockServer};
    use std::collections::BTreeMap;

    let strings = |entries: &[(&str, &str)]| entries.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>();
    let operation = FindLabeled {
        q: Some("x".to_owned()),
        labels: Some(strings(&[("env", "prod"), ("team", "a b")])),
        limits: Some(BTreeMap::from([("cpu".to_owned(), 2), ("mem".to_owned(), 512)])),
        pairs: Some(strings(&[("k", "v,w")])),
        extra: BTreeMap::from([("n".to_owned(), serde_json::json!(1)), ("s".to_owned(), serde_json::json!("t"))]),
    };
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], None).unwrap();
    assert_eq!(
        request.uri().query(),
        Some("q=x&env=prod&team=a+b&limits%5Bcpu%5D=2&limits%5Bmem%5D=512&pairs=k,v%2Cw&extra%5Bn%5D=1&extra%5Bs%5D=t")
    );

    let server = MockServer::start().await;
    server.find_labeled().respond(&()).await;
    let client = Client::new(server.uri());
    client.send(&operation).await.unwrap();
    let bare = FindLabeled { q: None, labels: None, limits: None, pairs: Some(BTreeMap::new()), extra: BTreeMap::new() };
    client.send(&bare).await.unwrap();
    assert_eq!(server.rejected(), []);
    assert_eq!(server.received::<mock::FindLabeled>().await, [operation, bare]);
}

/// What a `deepObject` query parameter holds deeper than plain fields travels in brackets (the
/// convention of Rails, PHP, qs and Stripe): nested objects, lists by index, a list parameter's
/// items as `name[0]=`, a union's plain variant as `name=value`, a map of lists; the mock reads
/// each back, strings that look like numbers staying strings.
#[tokio::test]
async fn nested_deep_objects_travel_in_brackets() {
    use fixture_models::parameter_styles::client::{Client, ListCharges};
    use fixture_models::parameter_styles::mock::{self, MockServer};
    use fixture_models::parameter_styles::{ListChargesRange, ListChargesRangeCreated, ListChargesSince, ListChargesSinceVariant1};

    let operation = ListCharges {
        range: Some(ListChargesRange { ids: Some(vec![4, 5]), created: Some(ListChargesRangeCreated { gt: Some(1), lt: None }) }),
        expand: Some(vec!["customer".to_owned(), "7".to_owned()]),
        since: Some(ListChargesSince::Variant1(ListChargesSinceVariant1 { gt: None, lte: Some(9) })),
        tags: Some([("a".to_owned(), vec!["x".to_owned(), "1".to_owned()]), ("0".to_owned(), vec!["true".to_owned()])].into()),
    };
    let request = fixture_models::support::build_request(&operation, "http://api.test", &[], None).unwrap();
    assert_eq!(
        request.uri().query().map(|query| query.replace("%5B", "[").replace("%5D", "]")).as_deref(),
        Some("range[ids][0]=4&range[ids][1]=5&range[created][gt]=1&expand[0]=customer&expand[1]=7&since[lte]=9&tags[0][0]=true&tags[a][0]=x&tags[a][1]=1")
    );
    let plain = ListCharges { range: None, expand: Some(Vec::new()), since: Some(ListChargesSince::I64(5)), tags: None };
    let request = fixture_models::support::build_request(&plain, "http://api.test", &[], None).unwrap();
    assert_eq!(request.uri().query(), Some("since=5"));

    let server = MockServer::start().await;
    server.list_charges().respond(&()).await;
    let client = Client::new(server.uri());
    client.send(&operation).await.unwrap();
    client.send(&plain).await.unwrap();
    assert_eq!(server.rejected(), []);
    // An empty list sends nothing: it reads back as absent.
    let plain = ListCharges { expand: None, ..plain };
    assert_eq!(server.received::<mock::ListCharges>().await, [operation, plain]);
}
