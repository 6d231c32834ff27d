//! Conformance against an independent implementation of the specs: Prism (npm
//! `@stoplight/prism-cli`, installed by `cargo xtask test`) serves each spec as a mock and rejects
//! requests that violate it. The generated clients call every operation with valid data, must get
//! a 2xx, and must parse the response.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use vendor_apis::capillary::client as cap;
use vendor_apis::energycap::client as ec;
use vendor_apis::support::{Error, RetryPolicy, Secret};
use vendor_apis::{capillary, energycap};

use tests::root;

/// A Prism mock server of `spec` on loopback, killed when dropped.
struct Prism;

impl Prism {
    fn start(spec: &str) -> tests::ServerProcess {
        let prism = std::env::var_os("PRISM").map(PathBuf::from).unwrap_or_else(|| root().join("tools/node_modules/.bin/prism"));
        assert!(prism.exists(), "{} is missing: run the tests with `cargo xtask test`, which installs it", prism.display());
        let mut command = Command::new(&prism);
        command.args(["mock", "--host", "127.0.0.1"]).arg(root().join("spec").join(spec));
        tests::ServerProcess::start(&format!("prism on {spec}"), command, Duration::from_secs(60))
    }
}

/// A refused connection right after Prism's readiness check was seen once on a loaded machine
/// (CI-like clean run): idempotent calls retry a transport error twice. Statuses Prism answers
/// (422 included) are never retried, so conformance is what is tested.
const SETTLING: RetryPolicy =
    RetryPolicy { max_retries: 2, min_delay: Duration::from_millis(200), max_delay: Duration::from_secs(1), max_retry_after: Duration::ZERO };

#[tokio::test]
async fn energycap_operations_conform() {
    let prism = Prism::start("energycap.yaml");
    let mut client = ec::Client::new(&prism.url).with_auth(ec::Auth::ApiKey(Secret::new("test-key")));
    client.config_mut().retry = SETTLING;
    let got = client.get_place_group_v3(1).send().await.unwrap();
    assert!(got.place_group_id.is_some());
    let request = energycap::PlaceGroupRequest {
        automatic_group_filters: Some(Some(vec![energycap::FilterEdit { field_id: 1, operator: "equals".into(), value: Some("x".into()) }])),
        limit_members_by_topmost: false,
        manual_group_members: None,
        place_group_category_id: 1,
        place_group_info: "Buildings".into(),
    };
    let edited = client.edit_place_group_v3(1, &request).send().await.unwrap();
    assert_eq!(edited.last_updated.as_ref().unwrap().as_str(), "2026-03-30", "Prism serves the docs' example");
    let refreshed = client.recalculate_user_place_auto_group_memebership_v3(1).send().await.unwrap();
    assert_eq!(refreshed.last_updated.as_ref().unwrap().as_str(), "2026-06-29");

    // Prism rejects what the spec forbids: both exclusive fields set, sent with validation off.
    client.config_mut().validate = false;
    let both = energycap::PlaceGroupRequest { manual_group_members: Some(vec![1]), ..request };
    match client.edit_place_group_v3(1, &both).send().await {
        Err(Error::UnexpectedStatus { status, .. }) => assert_eq!(status, 422),
        other => panic!("Prism accepted a request that violates the spec: {other:?}"),
    }
}

#[tokio::test]
async fn capillary_operation_conforms() {
    let prism = Prism::start("capillary.yaml");
    let mut client = cap::Client::new(&prism.url).with_auth(cap::Auth::BasicAuth { username: "user".into(), password: Secret::new("pass") });
    client.config_mut().retry = SETTLING;
    let request = capillary::UserGroupUpdateRequest {
        id: 3962909,
        external_id: Some("uat_ug_10_txn".into()),
        extended_fields: Some([("usergroup2_automation_extended_field".to_owned(), "25".to_owned())].into()),
        group_name: "uatUserGroup10Transactions".into(),
        max_group_size: Some(2),
    };
    let response = client.update_user_group(&request).send().await.unwrap();
    assert_eq!(response.id, Some(3962909));
    assert!(response.warnings.is_some());
}

/// The generated example programs call every operation; against Prism each call succeeds.
#[test]
fn generated_examples_run_against_prism() {
    for (module, env) in [("energycap", vec![("ENERGYCAP_API_KEY", "test-key")]), ("capillary", vec![("CAPILLARY_BASIC_AUTH_USERNAME", "u"), ("CAPILLARY_BASIC_AUTH_PASSWORD", "p")])] {
        let prism = Prism::start(&format!("{module}.yaml"));
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .current_dir(root())
            .args(["run", "--quiet", "--package", "vendor-apis", "--example", module])
            .env(format!("{}_BASE_URL", module.to_uppercase()), &prism.url)
            .env(format!("{}_ALLOW_WRITES", module.to_uppercase()), "1")
            .envs(env)
            .output()
            .expect("run the example");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success() && stderr.is_empty(), "{module} example failed:\n{stdout}\n{stderr}");
        assert!(!stdout.is_empty());
    }
}

/// Without a base URL the examples call nothing (no production host by default); without
/// `_ALLOW_WRITES` they skip what changes data; credentials of several schemes are all held,
/// each call sending those its operation needs.
#[test]
fn generated_examples_are_safe_by_default() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |envs: &[(&str, &str)]| {
        let output = Command::new(&cargo)
            .current_dir(root())
            .args(["run", "--quiet", "--package", "vendor-apis", "--example", "energycap"])
            .env_remove("ENERGYCAP_BASE_URL")
            .env_remove("ENERGYCAP_ALLOW_WRITES")
            .envs(envs.iter().copied())
            .output()
            .expect("run the example");
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, _, stderr) = run(&[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("set ENERGYCAP_BASE_URL"), "{stderr}");
    let prism = Prism::start("energycap.yaml");
    for credentials in [&[("ENERGYCAP_API_KEY", "k")][..], &[("ENERGYCAP_API_KEY", "k"), ("ENERGYCAP_BEARER_TOKEN", "t")]] {
        let (code, _, stderr) = run(&[&[("ENERGYCAP_BASE_URL", prism.url.as_str())][..], credentials].concat());
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stderr.contains("EditPlaceGroupV3: skipped, it changes data (set ENERGYCAP_ALLOW_WRITES=1 to run it)"), "{stderr}");
        assert!(!stderr.contains("failed"), "{stderr}");
    }
}
