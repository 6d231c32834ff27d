//! A spec that adds optional properties and parameters breaks no caller: one consumer source,
//! written against version 1 of a spec (`tests/fixtures/models/evolution_v1.yaml`), compiles and
//! behaves the same against version 2 (`evolution_v2.yaml`), which adds an optional property to
//! its model and optional query and header parameters to its operation.

/// The consumer, compiled once per version of the generated API.
macro_rules! consumer {
    ($version:ident) => {
        mod $version {
            use fixture_models::support::{build_request, Operation as _, Validate as _};
            use fixture_models::$version::{client, Order};
            use serde_json::json;

            #[test]
            fn builds_models_and_calls_as_in_version_1() {
                // Models: required fields in `new`, optional ones by name.
                let order = Order::new(7).with_note("fragile");
                assert!(order.validate().is_ok());
                assert_eq!(serde_json::to_value(&order).unwrap(), json!({"id": 7, "note": "fragile"}));

                // Calls: required parameters as arguments, optional ones by name.
                let client = client::Client::new("http://localhost:9");
                let call = client.list_orders().limit(5);
                let request = build_request(call.operation(), "http://localhost:9", client::REQUIRED_HEADERS, None).unwrap();
                assert_eq!(request.uri(), "http://localhost:9/orders?limit=5");
                let created = client.create_order(&order);
                assert_eq!(client::CreateOrder::OPERATION_ID, "createOrder");
                assert_eq!(created.operation().body, &order);
            }
        }
    };
}

consumer!(evolution_v1);
consumer!(evolution_v2);
